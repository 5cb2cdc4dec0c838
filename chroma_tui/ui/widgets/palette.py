"""Textual's command palette with its own words (prompt, "no matches") in the app's language.

Textual builds those two strings inside ``CommandPalette``: the prompt is a constructor argument,
the "no matches" line is made in a timer callback. This subclass passes a translated prompt and
adds its own translated "no matches" line, so nothing on the palette stays English.

``textual_commands`` yields Textual's own system commands (``App.get_system_commands`` in
Textual 8: Theme, Quit, Keys, Minimize / Maximize, Screenshot) with translated titles and help;
``TEXTUAL_TITLES`` maps Textual's English titles to their keys, and a test fails when Textual
adds one that is not mapped.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

from rich.align import Align
from rich.text import Text
from textual.app import App, SystemCommand
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.screen import Screen
from textual.widgets.option_list import Option

from chroma_tui.i18n import t

# Textual's system command titles -> our catalogue key (title ``<key>``, help ``<key>.help``).
TEXTUAL_TITLES = {
    "Theme": "wizard.palette.theme",
    "Quit": "scripts.palette.quit",
    "Keys": "scripts.palette.keys",
    "Minimize": "scripts.palette.minimize",
    "Maximize": "scripts.palette.maximize",
    "Screenshot": "scripts.palette.screenshot",
}


def textual_commands(
    app: App[Any], screen: Screen[Any], *, skip: frozenset[str] = frozenset()
) -> Iterator[SystemCommand]:
    """Textual's system commands (all but Theme, which the app yields itself), translated;
    titles in ``skip`` (e.g. "Quit" when a screen binding already offers it) are left out."""

    def command(title: str, run: Callable[[], Any], help_key: str | None = None) -> SystemCommand:
        key = TEXTUAL_TITLES[title]
        return SystemCommand(t(key), t(help_key or f"{key}.help"), run)

    if "Quit" not in skip:
        yield command("Quit", app.action_quit)
    if screen.query("HelpPanel"):
        yield command("Keys", app.action_hide_help_panel, "scripts.palette.keys.hide")
    else:
        yield command("Keys", app.action_show_help_panel)
    if screen.maximized is not None:
        yield command("Minimize", screen.action_minimize)
    elif screen.focused is not None and screen.focused.allow_maximize:
        yield command("Maximize", screen.action_maximize)
    yield command("Screenshot", lambda: app.set_timer(0.1, lambda: save_screenshot(app)))


def save_screenshot(app: App[Any], folder: str | None = None) -> str | None:
    """An SVG of the screen in ``folder`` (the current one by default, as the command says),
    and a note in the app's language. Textual's own delivery saves to ~/Downloads, which may
    not exist (it then said "Failed to save screenshot", in English, without a reason)."""
    where = folder or os.getcwd()
    title = t("scripts.palette.screenshot")
    try:
        path = app.save_screenshot(path=where)
    except OSError as exc:
        problem = exc.strerror or str(exc)
        app.notify(
            t("round6.screenshot.failed", folder=where, problem=problem),
            title=title,
            severity="error",
            markup=False,
        )
        return None
    app.notify(t("round6.screenshot.saved", path=path), title=title, markup=False)
    return path


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
