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
from textual.geometry import Region
from textual.widget import Widget

from chroma_tui.core.stack_status import STACK_STATUSES

VERBATIM_CLASSES = ("snippet", "code", "fail-raw", "verbatim")

#: Names and terms that stay Latin in Chinese text (products, protocols, units, key names).
ALLOWED_WORDS = frozenset(
    """
    AWS Chroma VPC EC2 EBS SSH IP IPv4 CPU vCPU GiB MiB GB MB KB ARN CLI ID OpenTelemetry OTel
    Python TypeScript TS Docker Amazon Linux CloudFormation IAM SSO STS HTTP HTTPS JSON URL
    AMI API TCP UTC English PyPI npm pip chromadb chroma-tui Arm Graviton rsa ed25519 SVG
    export aws ssh compose
    esc tab shift ctrl pgup pgdn home end enter space del backspace
    ChromaInstance ChromaInstanceSecurityGroup KeyName InstanceType ChromaVersion
    ChromaOtelCollectionEndpoint ChromaOtelServiceName ChromaOtelCollectionHeaders ServerIp
    Region2AMI UserData GetTemplateSummary TemplateURL TemplateBody GetConsoleOutput
    """.split()  # noqa: SIM905
)

_TOKEN = re.compile(r"(?:\.|-{1,2})?[A-Za-z0-9][A-Za-z0-9._:/@*+?=#&%~'’_-]*")
#: Quoted text is allowed as it is: `code` (which may wrap across lines), 'a name or value',
#: “AWS's own words”, "the same".
_QUOTED = re.compile(r"`[^`]*`|'[^'\n]*'|“[^”]*”|\"[^\"\n]*\"")
_WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")


def _is_verbatim(widget: Widget) -> bool:
    node: object = widget
    while isinstance(node, Widget):
        if any(node.has_class(name) for name in VERBATIM_CLASSES):
            return True
        node = node.parent
    return False


#: Product names of more than one word, allowed as a whole.
ALLOWED_PHRASES = ("IAM Identity Center",)


def visible_text(app: App[object]) -> str:
    """The top screen's cells as lines of text, verbatim widgets blanked (also those of the
    screens beneath, which show through a modal such as the command palette)."""
    compositor = app.screen._compositor
    grid: list[list[str]] = []
    for strip in compositor.render_strips():
        row: list[str] = []
        for segment in strip:
            for char in segment.text:
                row.append(char)
                row.extend([""] * (cell_len(char) - 1))
        grid.append(row)
    beneath = [screen._compositor.visible_widgets for screen in app.screen_stack[:-1]]
    for widgets in [*beneath, compositor.visible_widgets]:
        _blank(grid, [geometry for widget, geometry in widgets.items() if _is_verbatim(widget)])
    return "\n".join("".join(row).rstrip() for row in grid)


def _blank(grid: list[list[str]], geometries: Iterable[tuple[Region, Region]]) -> None:
    for region, clip in geometries:
        area = region.intersection(clip)
        for y in range(area.y, min(area.bottom, len(grid))):
            for x in range(area.x, min(area.right, len(grid[y]))):
                grid[y][x] = " "


def _cut_from(token: str, words: Iterable[str]) -> bool:
    """``token`` is an allowed word cut short by a column or a dialog drawn over it."""
    return len(token) >= 2 and any(
        len(word) > len(token) and (word.startswith(token) or word.endswith(token))
        for word in words
    )


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Latin words (two letters or more, no digits or code punctuation) outside the allowlist.

    Tokens with digits, dots, slashes, colons or underscores are codes (t3.small, us-east-1,
    CREATE_COMPLETE, URLs, ARNs, .pem) and pass; so do single letters (key names such as ``n``)
    and quoted text (see ``_QUOTED``). A word cut short by a narrow column passes when it
    begins an allowed word (``Initi`` of ``Initiated``) or a stack status (``CR`` of
    ``CREATE_IN_PROGRESS``), or one cut by a dialog's edge when it ends one (``WS`` of ``AWS``).
    """
    extra = set(allowed)
    found = []
    for phrase in ALLOWED_PHRASES:
        text = text.replace(phrase, " ")
    for match in _TOKEN.finditer(_QUOTED.sub(" ", text)):
        token = match.group().rstrip(".:'’-")
        if not _WORD.fullmatch(token) or len(token) < 2:
            continue
        if token in ALLOWED_WORDS or token in extra:
            continue
        if _cut_from(token, extra | ALLOWED_WORDS | set(STACK_STATUSES)):
            continue
        found.append(token)
    return found
