"""The one place that decides which screen comes next (the wizard and the run flow).

Screens never open each other: a wizard step dismisses with its typed answer, a run screen posts
an outcome (ui/outcomes.py) and the app hands it here. So the whole flow reads in one file:

    start ── saved deployments? ── DeploymentsScreen ── n ──┐
        └─ none ──────────────────────────────────────── wizard: Credentials → Region →
    Instance type → Key pair → Options → Review ── plan ── LaunchScreen
    LaunchScreen ── LaunchSucceeded ── WaitingScreen ── ChromaAnswered ── ConnectedScreen
               ├─ LaunchFailed ── FailureScreen ── Relaunched ── LaunchScreen
               │                              └─ ChooseAgain ── Deployments + wizard at a step
               ├─ LaunchNotStarted ── wizard at Options (answers kept)
               └─ LaunchCancelled ── CleanupScreen (already confirmed)
    any run screen ── CleanupRequested ── CleanupScreen;  ShowDeployments ── DeploymentsScreen
"""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from chroma_tui.core.validation import default_stack_name
from chroma_tui.core.wizard import STEPS, KeyChoice, WizardState
from chroma_tui.i18n import t
from chroma_tui.ui.messages import BACK
from chroma_tui.ui.outcomes import (
    USER_ASKED,
    ChooseAgain,
    ChromaAnswered,
    CleanupRequested,
    ConnectRequested,
    LaunchCancelled,
    LaunchFailed,
    LaunchNotStarted,
    LaunchSucceeded,
    NewDeploymentRequested,
    Outcome,
    Relaunched,
    ShowDeployments,
    SnapshotsRequested,
    WatchRequested,
)
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.credentials import CredentialsScreen
from chroma_tui.ui.screens.deployments import DeploymentsScreen
from chroma_tui.ui.screens.failure import FailureScreen
from chroma_tui.ui.screens.home import HomeScreen
from chroma_tui.ui.screens.instance_type import InstanceTypeScreen
from chroma_tui.ui.screens.key_pair import KeyPairScreen
from chroma_tui.ui.screens.launch import LaunchScreen
from chroma_tui.ui.screens.options import OptionsScreen
from chroma_tui.ui.screens.region import RegionScreen
from chroma_tui.ui.screens.review import ReviewScreen
from chroma_tui.ui.screens.snapshots import SnapshotsScreen
from chroma_tui.ui.screens.waiting import WaitingScreen

if TYPE_CHECKING:
    from textual.app import App

    from chroma_tui.core.backend_api import BackendAPI
    from chroma_tui.core.models import Deployment, LaunchPlan


class Navigator:
    """Owned by the app: opens the first screen, runs the wizard, follows every outcome."""

    def __init__(self, app: App[Any], backend: BackendAPI, wizard: WizardState) -> None:
        self.app = app
        self.backend = backend
        self.wizard = wizard

    # -- start ----------------------------------------------------------------------------
    def start(self) -> None:
        """Home while saved deployments are read, then the Deployments list or the wizard."""
        self.app.push_screen(HomeScreen())
        self.app.run_worker(self._first_screen(), group="startup", exit_on_error=False)

    async def _first_screen(self) -> None:
        backend = self.backend

        def saved() -> tuple[list[Deployment], list[str]]:
            # Both in the worker: the backend may be a process away (never on the loop).
            return backend.deployments(), backend.store_warnings()

        try:
            deployments, warnings = await asyncio.to_thread(saved)
        except Exception:  # an unreadable store must not stop the wizard
            deployments, warnings = [], []
        if deployments or warnings:  # set-aside records are said there
            self.app.push_screen(DeploymentsScreen())
        else:
            self.start_wizard()

    # -- the run flow ---------------------------------------------------------------------
    def handle(self, outcome: Outcome) -> None:
        """What comes after ``outcome``; dropped when its screen was left meanwhile."""
        app = self.app
        origin = outcome.origin
        if origin is not None and origin not in app.screen_stack:
            return
        if isinstance(outcome, USER_ASKED) and origin is not None and origin is not app.screen:
            return
        match outcome:
            case LaunchSucceeded(deployment=d, lock_error=lock_error, events=events):
                app.switch_screen(WaitingScreen(d, lock_error=lock_error, events=tuple(events)))
            case LaunchFailed(deployment=d, events=events, plan=plan):
                app.switch_screen(FailureScreen(d, list(events), plan=plan))
            case LaunchNotStarted():
                app.pop_screen()
                # The answers are kept: reopen at Options, where the stack name (the usual
                # culprit: taken, or refused by AWS) is, rather than at Credentials.
                self.start_wizard("options")
            case LaunchCancelled(deployment=d):
                app.switch_screen(CleanupScreen(d, confirmed=True))
            case Relaunched(deployment=d, plan=plan):
                app.switch_screen(LaunchScreen(plan=plan, deployment=d))
            case ChromaAnswered(deployment=d, connection=connection, lock_error=lock_error):
                app.switch_screen(ConnectedScreen(d, connection, lock_error=lock_error))
            case ShowDeployments():
                self.show_deployments()
            case WatchRequested(deployment=d):
                if d.status.startswith("DELETE_"):  # a delete under way: watch it, send nothing
                    app.push_screen(CleanupScreen(d, resume=True))
                else:
                    app.push_screen(LaunchScreen(deployment=d))
            case ConnectRequested(deployment=d):
                app.push_screen(WaitingScreen(d))
            case CleanupRequested(deployment=d, confirmed=confirmed):
                app.push_screen(CleanupScreen(d, confirmed=confirmed))
            case SnapshotsRequested():
                app.push_screen(SnapshotsScreen())
            case NewDeploymentRequested():
                self.start_wizard()
            case ChooseAgain(step=step, failed=failed):
                self.show_deployments()
                self.start_wizard(step, failed=failed)
            case _:
                raise TypeError(f"no screen follows {type(outcome).__name__}")

    def show_deployments(self) -> None:
        """Back to the Deployments list: pop down to it if it is on the stack, else replace."""
        app = self.app
        if any(isinstance(screen, DeploymentsScreen) for screen in app.screen_stack):
            while not isinstance(app.screen, DeploymentsScreen) and len(app.screen_stack) > 1:
                app.pop_screen()
        else:
            app.switch_screen(DeploymentsScreen())

    def launch(self, plan: LaunchPlan) -> None:
        """Review's plan: stream it on the Launch screen."""
        # Keep the answers for a later run of the wizard (e.g. from a failure), but never offer
        # the same stack name twice: it belongs to the stack just launched.
        if self.wizard.options is not None:
            self.wizard.options = dataclasses.replace(
                self.wizard.options, stack_name=default_stack_name()
            )
        self.app.push_screen(LaunchScreen(plan=plan))

    # -- the wizard -----------------------------------------------------------------------
    def start_wizard(self, step: str | None = None, *, failed: Deployment | None = None) -> None:
        """Run the six steps on top of the current screen; Review's plan goes to LaunchScreen.

        ``step`` (one of STEPS) opens the wizard there with the saved answers kept; ``failed``
        is the deployment whose choice is being made again: its answers fill what the wizard
        does not know yet (e.g. after a restart) and its stack name is never offered again.
        """
        if step is not None and step not in STEPS:
            raise ValueError(f"unknown wizard step {step!r}")
        self.app.run_worker(
            self._run_wizard(step, failed), exclusive=True, group="wizard", exit_on_error=False
        )

    def _wizard_screens(self) -> list[Callable[[], Screen[Any]]]:
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
            self.app.log.error(f"wizard failed: {error!r}")
            self.app.notify(repr(error), title=t("wizard.error.unexpected.title"), severity="error")
            raise

    async def _resume_at(self, target: int, failed: Deployment | None) -> tuple[int, int | None]:
        """Where to open: (first step shown, step to jump to once the credentials are known).

        The target, unless an earlier answer is missing; the credentials step only when they
        cannot be checked silently.
        """
        state = self.wizard
        if failed is not None:
            await self._adopt(failed, target)
            self.app.notify(t("wizard.resume.notice", name=failed.stack_name), timeout=8)
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
        base_depth = len(self.app.screen_stack)
        index = start
        while index < len(steps):
            answer = await self.app.push_screen_wait(steps[index]())
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
