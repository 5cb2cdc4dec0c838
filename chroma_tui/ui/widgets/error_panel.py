"""The one widget that shows any ChromaTuiError: title, body, the fix, AWS's raw text."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Static

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.i18n import t


class ErrorPanel(Vertical):
    """Title (bold), what happened, how to fix it (monospace, selectable), raw text dimmed."""

    DEFAULT_CSS = """
    ErrorPanel {
        height: auto;
        border: round $error;
        padding: 0 1;
    }
    ErrorPanel > .error-title { text-style: bold; color: $text-error; }
    ErrorPanel > .error-fix-label { margin-top: 1; text-style: bold; }
    ErrorPanel > .error-fix {
        background: $surface-darken-1;
        padding: 0 1;
        width: 1fr;
    }
    ErrorPanel > .error-raw { margin-top: 1; color: $text-muted; text-style: dim; }
    """

    def __init__(self, error: ChromaTuiError, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.error = error

    def compose(self) -> ComposeResult:
        yield Static(self.error.title(), classes="error-title", markup=False)
        body = self.error.body()
        if body:
            yield Static(body, classes="error-body", markup=False)
        fix = self.error.fix()
        if fix:
            yield Static(t("wizard.error.fix"), classes="error-fix-label", markup=False)
            yield Static(fix, classes="error-fix", markup=False)
        if self.error.raw:
            yield Static(
                t("wizard.error.raw", raw=self.error.raw), classes="error-raw", markup=False
            )
