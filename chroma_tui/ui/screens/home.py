"""The bottom of the stack: shown only for the moment saved deployments are read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from chroma_tui.i18n import t
from chroma_tui.ui.screens.base.first_frame import FirstFrameAlone
from chroma_tui.ui.widgets import I18nFooter


class HomeScreen(FirstFrameAlone, Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static(t("wizard.home.loading"), id="home-text", markup=False)
        yield I18nFooter()
