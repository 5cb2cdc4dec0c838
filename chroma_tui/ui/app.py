"""The Textual app: starts on saved deployments or the wizard, switches language live, quits."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider

import chroma_tui.ui.cjk_wrap as cjk_wrap
from chroma_tui import i18n
from chroma_tui.core import cost, gc_policy
from chroma_tui.core.threads import DaemonThreadExecutor
from chroma_tui.core.wizard import WizardState
from chroma_tui.i18n import t
from chroma_tui.ui.messages import LanguageChanged
from chroma_tui.ui.navigator import Navigator
from chroma_tui.ui.outcomes import Outcome
from chroma_tui.ui.widgets.footer import translate_description
from chroma_tui.ui.widgets.palette import I18nCommandPalette, textual_commands

if TYPE_CHECKING:
    from chroma_tui.core.backend_api import BackendAPI
    from chroma_tui.core.models import Deployment, PriceEstimate


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class ChromaTuiApp(App[int]):
    CSS_PATH = "app.tcss"
    TITLE = "chroma-tui"
    COMMAND_PALETTE_BINDING = "ctrl+p"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "common.quit"),
        Binding("ctrl+q", "quit", "common.quit", priority=True, show=False),
        Binding("f2", "toggle_language", "common.language", priority=True),
        Binding("ctrl+p", "command_palette", "wizard.footer.palette", priority=True, show=False),
    ]

    def __init__(
        self,
        backend: BackendAPI,
        lang: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        i18n.set_language(lang or i18n.detect_language())
        i18n.catalogues()  # read now, before the loop runs: not in the first screen's frame
        cjk_wrap.install()  # Chinese lines may break between characters, not only at spaces
        super().__init__()
        self.backend = backend
        self.clock: Callable[[], datetime] = clock or _utc_now
        self.wizard = WizardState()
        self.navigator = Navigator(self, backend, self.wizard)
        self._release_full_passes: Callable[[], None] = lambda: None  # set on mount

    # -- start and navigation -----------------------------------------------------------
    def on_mount(self) -> None:
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")
        self.navigator.start()
        # Imported modules, the stylesheet and the first screen live until the end: keep them
        # out of the collector's full passes, which would otherwise stall the loop (gc_policy).
        self.call_after_refresh(gc_policy.settle)
        # The full passes left run in turns of their own, never inside a frame: after each
        # screen opens (ui/screens/base/first_frame.py) and on this timer (gc_policy).
        self._release_full_passes = gc_policy.hold_full_passes()
        self.set_interval(gc_policy.FULL_PASS_EVERY_S, gc_policy.full_pass)

    def on_unmount(self) -> None:
        self._release_full_passes()

    @on(Outcome)
    def _follow(self, outcome: Outcome) -> None:
        """A screen ended: the navigator decides what comes next."""
        outcome.stop()
        self.navigator.handle(outcome)

    # -- language -------------------------------------------------------------------------
    async def action_toggle_language(self) -> None:
        """Switch English <-> Chinese and rebuild every screen's text in place."""
        new = "en" if i18n.get_language() == "zh-CN" else "zh-CN"
        i18n.set_language(new)
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")
        for screen in list(self.screen_stack):
            keeping_focus = getattr(screen, "recompose_keeping_focus", None)
            if keeping_focus is not None:
                await keeping_focus()
            else:
                await screen.recompose()
            screen.refresh_bindings()
        self.post_message(LanguageChanged(new))

    # -- quitting -------------------------------------------------------------------------
    async def action_quit(self) -> None:
        guard = getattr(self.screen, "quit_guard", None)
        if callable(guard) and guard():
            return
        self.exit(0)

    # -- command palette ------------------------------------------------------------------
    def action_command_palette(self) -> None:
        """Textual's palette, with its prompt and "no matches" line translated."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(I18nCommandPalette(id="--command-palette"))

    def search_themes(self) -> None:
        """The theme picker (a palette of theme names), with a translated prompt."""
        self.push_screen(
            I18nCommandPalette(
                providers=[ThemeProvider], placeholder=t("palette.themes.placeholder")
            )
        )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Every action of the current screen and the app, translated, plus the theme picker."""
        seen: set[str] = set()
        for _key, active in screen.active_bindings.items():
            binding = active.binding
            if not active.enabled or binding.action in seen or binding.system:
                continue
            if binding.action in {"command_palette", "app.command_palette"}:
                continue
            seen.add(binding.action)
            label = translate_description(binding.description)
            key = self.get_key_display(binding)
            yield SystemCommand(
                label,
                t("wizard.palette.help", key=key),
                self._action_runner(binding.action, active.node),
            )
        yield SystemCommand(
            t("wizard.palette.theme"), t("wizard.palette.theme.help"), self.action_change_theme
        )
        skip = frozenset({"Quit"}) if seen & {"quit", "app.quit"} else frozenset()
        yield from textual_commands(self, screen, skip=skip)  # Keys, Screenshot, ...

    def _action_runner(self, action: str, node: Any) -> Callable[[], Any]:
        async def run() -> None:
            await self.run_action(action, node)

        return run


def run_app(backend: BackendAPI, lang: str | None = None, **run_options: Any) -> int:
    """Run the TUI until it exits; the return value is the process exit code.

    The loop's executor leaves blocking calls behind when the user quits (core/threads.py), so
    quitting never waits for AWS. ``run_options`` go to ``App.run`` (tests: headless).
    """
    app = ChromaTuiApp(backend, lang=lang)
    loop = asyncio.new_event_loop()
    loop.set_default_executor(DaemonThreadExecutor())
    try:
        result = app.run(loop=loop, **run_options)
    finally:
        loop.close()
    note = leaving_note_within(backend, LEAVING_NOTE_WAIT_S)
    if note:
        print(note)
    return int(result or app.return_code or 0)


LEAVING_NOTE_WAIT_S = 10.0  # the note reads the records and prices; quitting never hangs on it


def leaving_note_within(backend: BackendAPI, seconds: float) -> str:
    """:func:`leaving_note`, or "" when the backend has not answered in ``seconds`` (a hung
    backend process must not keep the terminal from its user)."""
    notes: list[str] = []
    worker = threading.Thread(
        target=lambda: notes.append(leaving_note(backend)), name="leaving-note", daemon=True
    )
    worker.start()
    worker.join(seconds)
    return notes[0] if notes else ""


def leaving_note(backend: BackendAPI, now: datetime | None = None) -> str:
    """After the app closes: how many deployments still bill (running and stopped apart), per
    hour and per day; "" if none."""
    try:
        saved = [d for d in backend.deployments() if cost.is_billable(d)]
        priced = [(d, _price_or_none(backend, d)) for d in saved]
    except Exception:  # the store could not be read: nothing reliable to say
        return ""
    fleet = cost.fleet_cost(priced, now or _utc_now())
    return cost.fleet_text(fleet) if fleet.total else ""


def _price_or_none(backend: BackendAPI, deployment: Deployment) -> PriceEstimate | None:
    try:
        return backend.price(deployment)
    except Exception:  # a price lookup never stops the app from closing
        return None
