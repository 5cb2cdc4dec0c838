"""The Textual app: starts on saved deployments or the wizard, switches language live, quits."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen
from textual.theme import ThemeProvider
from textual.widgets import Static
from textual.worker import get_current_worker

from chroma_tui import i18n
from chroma_tui.core import cost
from chroma_tui.core.models import REDACTED
from chroma_tui.core.validation import default_chroma_version, default_stack_name
from chroma_tui.i18n import t
from chroma_tui.ui import cjk_wrap
from chroma_tui.ui.messages import BACK, BackendDone, KeyChoice, LanguageChanged, WizardOptions
from chroma_tui.ui.threads import DaemonThreadExecutor
from chroma_tui.ui.widgets import I18nFooter
from chroma_tui.ui.widgets.footer import translate_description
from chroma_tui.ui.widgets.palette import I18nCommandPalette, textual_commands

if TYPE_CHECKING:
    from chroma_tui.core.backend import Backend
    from chroma_tui.core.models import (
        Deployment,
        Identity,
        InstanceTypeOption,
        LaunchPlan,
        PriceEstimate,
    )


STEPS = ("credentials", "region", "instance_type", "key_pair", "options", "review")
"""The wizard's steps in order; ``start_wizard(step)`` opens at one of them."""


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class HomeScreen(Screen[None]):
    """The bottom of the stack: shown only for the moment saved deployments are read."""

    def compose(self) -> ComposeResult:
        yield Static(t("wizard.home.loading"), id="home-text", markup=False)
        yield I18nFooter()


class WizardState:
    """Answers so far; going back shows them again, changing the region drops what depends on it."""

    def __init__(self) -> None:
        self.identity: Identity | None = None
        self.region: str | None = None
        self.instance_type: InstanceTypeOption | None = None
        self.key: KeyChoice | None = None
        self.options: WizardOptions | None = None

    def set_region(self, region: str) -> None:
        if region != self.region:
            self.instance_type = None
            self.key = None
        self.region = region

    def first_unanswered(self) -> int:
        """The index in STEPS of the first step after credentials without an answer."""
        answers = (self.region, self.instance_type, self.key, self.options)
        for index, answer in enumerate(answers, start=1):
            if answer is None:
                return index
        return len(STEPS) - 1

    def fresh_options(self, failed_name: str, parameters: dict[str, str]) -> WizardOptions:
        """The failed stack's options under a new stack name: a relaunch never reuses it."""
        kept = self.options
        name = kept.stack_name if kept is not None else default_stack_name()
        while name == failed_name:
            name = default_stack_name()
        base = kept or WizardOptions(name, default_chroma_version())

        def pick(parameter: str, fallback: str) -> str:
            value = parameters.get(parameter) or ""
            # Saved records mask secret values (OTel headers may hold an API key): never
            # launch with the mask; the user types them again on the Options step.
            return fallback if not value or REDACTED in value else value

        return WizardOptions(
            stack_name=name,
            chroma_version=pick("ChromaVersion", base.chroma_version),
            otel_endpoint=pick("ChromaOtelCollectionEndpoint", base.otel_endpoint),
            otel_service_name=pick("ChromaOtelServiceName", base.otel_service_name),
            otel_headers=pick("ChromaOtelCollectionHeaders", base.otel_headers),
        )


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
        backend: Backend | Any,
        lang: str | None = None,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        i18n.set_language(lang or i18n.detect_language())
        cjk_wrap.install()  # Chinese lines may break between characters, not only at spaces
        super().__init__()
        self.backend = backend
        self.clock: Callable[[], datetime] = clock or _utc_now
        self.wizard = WizardState()

    # -- start ----------------------------------------------------------------------------
    def on_mount(self) -> None:
        self.title = t("app.title")
        self.sub_title = t("app.subtitle")
        self.push_screen(HomeScreen())
        self._load_deployments()

    @work(thread=True, exclusive=True, exit_on_error=False, group="startup")
    def _load_deployments(self) -> None:
        worker = get_current_worker()
        try:
            deployments = self.backend.deployments()
        except Exception:  # an unreadable store must not stop the wizard
            deployments = []
        if not worker.is_cancelled:
            self.post_message(BackendDone("deployments", deployments))

    def on_backend_done(self, message: BackendDone) -> None:
        if message.name != "deployments":
            return
        deployments: list[Deployment] = message.value
        store = getattr(self.backend, "store", None)
        if deployments or getattr(store, "warnings", None):  # set-aside records are said there
            from chroma_tui.ui.screens.deployments import DeploymentsScreen

            self.push_screen(DeploymentsScreen())
        else:
            self.start_wizard()

    # -- the wizard -----------------------------------------------------------------------
    def start_wizard(self, step: str | None = None, *, failed: Deployment | None = None) -> None:
        """Run the six steps on top of the current screen; Review's plan goes to LaunchScreen.

        ``step`` (one of STEPS) opens the wizard there with the saved answers kept; ``failed``
        is the deployment whose choice is being made again: its answers fill what the wizard
        does not know yet (e.g. after a restart) and its stack name is never offered again.
        """
        if step is not None and step not in STEPS:
            raise ValueError(f"unknown wizard step {step!r}")
        self.run_worker(
            self._run_wizard(step, failed), exclusive=True, group="wizard", exit_on_error=False
        )

    def _wizard_screens(self) -> list[Callable[[], Screen[Any]]]:
        from chroma_tui.ui.screens.credentials import CredentialsScreen
        from chroma_tui.ui.screens.instance_type import InstanceTypeScreen
        from chroma_tui.ui.screens.key_pair import KeyPairScreen
        from chroma_tui.ui.screens.options import OptionsScreen
        from chroma_tui.ui.screens.region import RegionScreen
        from chroma_tui.ui.screens.review import ReviewScreen

        state = self.wizard

        def review() -> Screen[Any]:
            assert state.identity and state.region and state.instance_type
            assert state.key and state.options
            return ReviewScreen(
                state.identity, state.region, state.instance_type, state.key, state.options
            )

        return [
            lambda: CredentialsScreen(),
            lambda: RegionScreen(initial=state.region),
            lambda: InstanceTypeScreen(state.region or "us-east-1", initial=state.instance_type),
            lambda: KeyPairScreen(state.region or "us-east-1", initial=state.key),
            lambda: OptionsScreen(initial=state.options),
            review,
        ]

    async def _run_wizard(self, step: str | None, failed: Deployment | None) -> None:
        try:
            start, jump = 0, None
            if step is not None:
                start, jump = await self._resume_at(STEPS.index(step), failed)
            await self._wizard_steps(start, jump)
        except Exception as error:  # a bug must not leave the user on a dead screen
            self.log.error(f"wizard failed: {error!r}")
            self.notify(repr(error), title=t("wizard.error.unexpected.title"), severity="error")
            raise

    async def _resume_at(self, target: int, failed: Deployment | None) -> tuple[int, int | None]:
        """Where to open: (first step shown, step to jump to once the credentials are known).

        The target, unless an earlier answer is missing; the credentials step only when they
        cannot be checked silently.
        """
        state = self.wizard
        if failed is not None:
            await self._adopt(failed, target)
            self.notify(t("wizard.resume.notice", name=failed.stack_name), timeout=8)
        if state.identity is None:
            try:
                state.identity = await asyncio.to_thread(self.backend.who_am_i)
            except Exception:  # shown (with its fix) by the credentials step itself
                state.identity = None
        later = min(target, state.first_unanswered())
        if state.identity is None:
            return 0, later if later > 1 else None
        return later, None

    async def _adopt(self, failed: Deployment, target: int) -> None:
        """Fill the answers from the failed deployment; the step being redone stays open."""
        state = self.wizard
        backend = self.backend
        if failed.profile and failed.profile != getattr(backend, "profile", None):
            backend.set_profile(failed.profile)  # the failed stack's account, not another one
            state.identity = None
        state.set_region(failed.region)
        type_name = failed.parameters.get("InstanceType", "")
        if type_name and (state.instance_type is None or state.instance_type.name != type_name):
            try:
                state.instance_type = await asyncio.to_thread(
                    backend.check_instance_type, failed.region, type_name
                )
            except Exception:  # refused here now (that may be why it failed): choose again
                state.instance_type = None
        # A key pair AWS could not find is chosen again from what exists: never "created".
        redo_key = target == STEPS.index("key_pair")
        state.key = KeyChoice(
            name=failed.key_name,
            key_file=None if redo_key else failed.key_file,
            created=False if redo_key else failed.created_key_pair,
        )
        state.options = state.fresh_options(failed.stack_name, failed.parameters)

    async def _wizard_steps(self, start: int = 0, jump: int | None = None) -> None:
        state = self.wizard
        steps = self._wizard_screens()
        base_depth = len(self.screen_stack)
        index = start
        while index < len(steps):
            answer = await self.push_screen_wait(steps[index]())
            if answer is BACK:
                if index == 0:
                    if base_depth > 2:  # something (Deployments) is beneath: go back to it
                        return
                    continue
                index -= 1
                continue
            if index == 0:
                state.identity = answer
            elif index == 1:
                state.set_region(answer)
            elif index == 2:
                state.instance_type = answer
            elif index == 3:
                state.key = answer
            elif index == 4:
                state.options = answer
            else:
                self.launch(answer)
                return
            index += 1
            if jump is not None and index == 1:
                index, jump = jump, None  # credentials now known: back to the step being redone

    def launch(self, plan: LaunchPlan) -> None:
        from chroma_tui.ui.screens.launch import LaunchScreen

        # Keep the answers for a later run of the wizard (e.g. from a failure), but never offer
        # the same stack name twice: it belongs to the stack just launched.
        if self.wizard.options is not None:
            self.wizard.options = dataclasses.replace(
                self.wizard.options, stack_name=default_stack_name()
            )
        self.push_screen(LaunchScreen(plan=plan))

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


def run_app(backend: Backend | Any, lang: str | None = None, **run_options: Any) -> int:
    """Run the TUI until it exits; the return value is the process exit code.

    The loop's executor leaves blocking calls behind when the user quits (ui/threads.py), so
    quitting never waits for AWS. ``run_options`` go to ``App.run`` (tests: headless).
    """
    app = ChromaTuiApp(backend, lang=lang)
    loop = asyncio.new_event_loop()
    loop.set_default_executor(DaemonThreadExecutor())
    try:
        result = app.run(loop=loop, **run_options)
    finally:
        loop.close()
    note = leaving_note(backend)
    if note:
        print(note)
    return int(result or app.return_code or 0)


def leaving_note(backend: Backend | Any, now: datetime | None = None) -> str:
    """After the app closes: how many deployments still bill, per hour and per day; "" if none."""
    try:
        saved = [d for d in backend.deployments() if cost.is_billable(d)]
        priced = [(d, _price_or_none(backend, d)) for d in saved]
    except Exception:  # the store could not be read: nothing reliable to say
        return ""
    fleet = cost.fleet_cost(priced, now or _utc_now())
    return cost.fleet_text(fleet) if fleet.running else ""


def _price_or_none(backend: Backend | Any, deployment: Deployment) -> PriceEstimate | None:
    try:
        price: PriceEstimate | None = backend.price(deployment)
    except Exception:  # a price lookup never stops the app from closing
        return None
    return price
