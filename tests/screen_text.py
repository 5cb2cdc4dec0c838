"""What a person reads on the screen, as text, and the English words in it that should not be there.

The text comes from the screen's compositor (the same cells a terminal and a screenshot get), so
text built anywhere (our widgets, Textual's own, toasts, the command palette) is checked. Widgets
that show text verbatim (code, commands, AWS's raw reason quoted as such) carry one of the
VERBATIM_CLASSES and are blanked before the check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.cells import cell_len
from textual.app import App
from textual.widget import Widget

VERBATIM_CLASSES = ("snippet", "code", "fail-raw", "verbatim")

#: Names and terms that stay Latin in Chinese text (products, protocols, units, key names).
ALLOWED_WORDS = frozenset(
    """
    AWS Chroma VPC EC2 SSH IP IPv4 CPU vCPU GiB MiB GB MB KB ARN CLI ID OpenTelemetry OTel
    Python TypeScript TS Docker Amazon Linux CloudFormation IAM SSO STS HTTP HTTPS JSON URL
    AMI API TCP UTC English PyPI npm pip chromadb chroma-tui Arm Graviton rsa ed25519
    export aws ssh
    esc tab shift ctrl pgup pgdn home end enter space del backspace
    ChromaInstance ChromaInstanceSecurityGroup KeyName InstanceType ChromaVersion
    ChromaOtelCollectionEndpoint ChromaOtelServiceName ChromaOtelCollectionHeaders ServerIp
    Region2AMI
    """.split()  # noqa: SIM905
)

_TOKEN = re.compile(r"\.?[A-Za-z0-9][A-Za-z0-9._:/@*+?=#&%~'’_-]*")
#: Quoted text is allowed as it is: `code`, 'a name or value', “AWS's own words”, "the same".
_QUOTED = re.compile(r"`[^`\n]*`|'[^'\n]*'|“[^”]*”|\"[^\"\n]*\"")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def _is_verbatim(widget: Widget) -> bool:
    node: object = widget
    while isinstance(node, Widget):
        if any(node.has_class(name) for name in VERBATIM_CLASSES):
            return True
        node = node.parent
    return False


def visible_text(app: App[object]) -> str:
    """The top screen's cells as lines of text, verbatim widgets blanked."""
    compositor = app.screen._compositor
    grid: list[list[str]] = []
    for strip in compositor.render_strips():
        row: list[str] = []
        for segment in strip:
            for char in segment.text:
                row.append(char)
                row.extend([""] * (cell_len(char) - 1))
        grid.append(row)
    for widget, (region, clip) in compositor.visible_widgets.items():
        if not _is_verbatim(widget):
            continue
        area = region.intersection(clip)
        for y in range(area.y, min(area.bottom, len(grid))):
            for x in range(area.x, min(area.right, len(grid[y]))):
                grid[y][x] = " "
    return "\n".join("".join(row).rstrip() for row in grid)


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Latin words (two letters or more, no digits or code punctuation) outside the allowlist.

    Tokens with digits, dots, slashes, colons or underscores are codes (t3.small, us-east-1,
    CREATE_COMPLETE, URLs, ARNs, .pem) and pass; so do single letters (key names such as ``n``)
    and quoted text (see ``_QUOTED``). A word cut short by a narrow column passes when it
    begins an allowed word of at least its length (``Initi`` of ``Initiated``).
    """
    extra = set(allowed)
    found = []
    for match in _TOKEN.finditer(_QUOTED.sub(" ", text)):
        token = match.group().rstrip(".:'’-")
        if not _WORD.fullmatch(token) or len(token) < 2:
            continue
        if token in ALLOWED_WORDS or token in extra:
            continue
        if len(token) >= 3 and any(word.startswith(token) for word in extra):
            continue
        found.append(token)
    return found
