"""Textual's command palette with its own words (prompt, "no matches") in the app's language.

Textual builds those two strings inside ``CommandPalette``: the prompt is a constructor argument,
the "no matches" line is made in a timer callback. This subclass passes a translated prompt and
adds its own translated "no matches" line, so nothing on the palette stays English.
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.widgets.option_list import Option

from chroma_tui.i18n import t


class I18nCommandPalette(CommandPalette):
    def __init__(
        self,
        providers: ProviderSource | None = None,
        *,
        placeholder: str | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(providers, placeholder=placeholder or t("palette.placeholder"), id=id)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """As Textual's, with the line translated: shown only when something was typed."""
        self._stop_no_matches_countdown()

        def show() -> None:
            if not search_value:
                self._list_visible = False
                return
            self.query_one(CommandList).add_option(
                Option(
                    Align.center(Text(t("palette.no_matches"), style="not bold")),
                    disabled=True,
                    id=self._NO_MATCHES,
                )
            )
            self._list_visible = True

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)
