"""The one-line header on every wizard screen: "chroma-tui · Step 2 of 6 · Region"."""

from __future__ import annotations

from textual.widgets import Static

from chroma_tui.i18n import t


class StepHeader(Static):
    DEFAULT_CSS = """
    StepHeader {
        height: 1;
        width: 1fr;
        background: $primary-background;
        color: $text;
        text-style: bold;
        padding: 0 1;
    }
    """

    def __init__(self, step: int, total: int, title_key: str, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False)
        self.step = step
        self.total = total
        self.title_key = title_key

    def render(self) -> str:
        return t("wizard.step", n=self.step, total=self.total, title=t(self.title_key))
