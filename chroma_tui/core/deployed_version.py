"""The Chroma version a deployment runs, beside what its server reports.

The deployed version is the stack's ``ChromaVersion`` parameter (kept in the record). The 1.x
server's ``get_version()`` always answers "1.0.0" whatever its release, so that number is shown
as the API version and never compared; the client is compared with the deployed version.
"""

from __future__ import annotations

from chroma_tui.core.models import Deployment
from chroma_tui.core.validation import default_chroma_version
from chroma_tui.i18n import t


def version_lines(
    deployment: Deployment, reported: str, client: str | None = None
) -> tuple[str, str | None]:
    """(the line to show, a mismatch warning or None)."""
    deployed = deployment.parameters.get("ChromaVersion", "")
    if not deployed:
        return t("conn.version.unknown", reported=reported), None
    line = t("conn.version.line", deployed=deployed, reported=reported)
    client = client or default_chroma_version()
    if "latest" in (deployed, client) or client == deployed:
        return line, None
    return line, t("conn.version.mismatch", client=client, deployed=deployed)
