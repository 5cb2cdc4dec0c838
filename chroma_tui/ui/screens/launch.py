"""Launch: create the stack (record saved first), then stream its events to a terminal status.

Reached from the wizard's Review (``LaunchScreen(plan=plan)``) or from Deployments to resume
watching (``LaunchScreen(deployment=d)``). CREATE_COMPLETE → record the address, optionally lock
the ports to the user's IP → Waiting. ROLLBACK_* / *_FAILED → Failure.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from chroma_tui.core.durations import remember
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.journey import Journey
from chroma_tui.core.models import Deployment, LaunchPlan, StackSnapshot
from chroma_tui.core.resource_view import resource_rows
from chroma_tui.i18n import t
from chroma_tui.ui.widgets.dismiss_once import DismissOnce
from chroma_tui.ui.widgets.footer import I18nFooter
from chroma_tui.ui.widgets.run_end import announce_end
from chroma_tui.ui.widgets.stack_stream import StreamingScreen

if TYPE_CHECKING:
    from chroma_tui.core.events import EventStream

FAILED_CREATE = ("ROLLBACK", "FAILED")


class QuitLaunchModal(DismissOnce, ModalScreen[str | None]):
    """Quitting while the stack is still being created: leave it running, delete it, or stay."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "choose('leave')", "run.quit.leave"),
        Binding("d", "choose('delete')", "run.quit.delete"),
        Binding("escape", "choose(None)", "common.cancel"),
    ]

    def __init__(self, can_delete: bool = True) -> None:
        super().__init__()
        self.can_delete = can_delete

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-launch"):
            yield Static(t("run.quit.title"), classes="modal-title", markup=False)
            yield Static(t("run.quit.body"), classes="modal-body", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(
                    t("run.quit.leave") + " (l)", id="leave", variant="primary", compact=True
                )
                yield Button(
                    t("run.quit.delete") + " (d)",
                    id="delete",
                    variant="error",
                    compact=True,
                    disabled=not self.can_delete,
                )
                yield Button(t("common.cancel") + " (esc)", id="cancel", compact=True)
        yield I18nFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(None if event.button.id == "cancel" else event.button.id)

    def action_choose(self, choice: str | None) -> None:
        if choice == "delete" and not self.can_delete:
            return
        self.dismiss(choice)


class LaunchScreen(StreamingScreen):
    KIND = "create"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resume", "run.key.resume"),
        Binding("escape", "back", "run.key.back_to_wizard"),
    ]

    def __init__(
        self, plan: LaunchPlan | None = None, deployment: Deployment | None = None
    ) -> None:
        super().__init__(deployment)
        if plan is None and deployment is None:
            raise ValueError("LaunchScreen needs a plan or a deployment")
        self.plan = plan
        self.lock_error: ChromaTuiError | None = None
        self.stream_state = "launching" if deployment is None else "starting"

    # -- layout ---------------------------------------------------------------------------
    def title_text(self) -> str:
        if self.deployment is not None:
            name, region = self.deployment.stack_name, self.deployment.region
        else:
            assert self.plan is not None
            name, region = self.plan.stack_name, self.plan.region
        return t("run.launch.title", name=name, region=region)

    def compose(self) -> ComposeResult:
        yield Static(self.title_text(), id="run-title", classes="run-title", markup=False)
        yield from self.compose_stream()
        yield I18nFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.start_stream()

    # -- streaming ------------------------------------------------------------------------
    def open_stream(self, should_stop: Callable[[], bool]) -> EventStream:
        """Runs in the worker thread: the journey's first steps (launch if from the wizard)."""
        journey = Journey(self.backend, should_stop=should_stop)
        if self.deployment is None:
            assert self.plan is not None
            self.deployment = journey.launch(self.plan)
        return journey.open_stream(self.deployment)  # type: ignore[return-value]

    def status_text(self) -> str:
        if self.stream_state == "launching" or (
            self.stream_state == "starting" and self.deployment is None
        ):
            return t("run.launch.creating")
        if self.stream_state == "finishing":
            return t("run.launch.finishing")
        if self.stream_state == "locking":
            return t("run.launch.locking")
        return super().status_text()

    def refresh_title(self) -> None:
        self.set_text("#run-title", self.title_text())

    def stream_finished(self, stack: StackSnapshot) -> None:
        if stack.succeeded:
            self.stream_state = "finishing"
            self.refresh_status()
            self.call_backend("finish", self._finish_success, stack)
        elif any(word in stack.status for word in FAILED_CREATE):
            self.call_backend("record_failure", self._record, stack)
        else:  # e.g. someone deleted it meanwhile: say so, stay here
            self.call_backend("record_other", self._record, stack)

    # -- thread side ----------------------------------------------------------------------
    def _record(self, stack: StackSnapshot) -> Deployment:
        assert self.deployment is not None
        d = self.deployment
        return self.backend.deployer(d.profile, d.region).record(d, stack)

    def _wants_lock(self) -> bool:
        if self.plan is not None:
            return self.plan.lock_to_my_ip
        # Resumed after a restart: the choice made on Review was saved with the record.
        return self.deployment is not None and self.deployment.lock_to_my_ip

    def _finish_success(self, stack: StackSnapshot) -> Deployment:
        """The journey's CREATE_COMPLETE step: record the address, lock if asked."""
        assert self.deployment is not None
        journey = Journey(self.backend)
        deployment, outcome = journey.complete(
            self.deployment, stack, tuple(self.events), lock=self._wants_lock()
        )
        remember(resource_rows(self.events, stack.name))  # refines the next estimates
        # Not fatal: Waiting and Connected say the ports are still open, and how to finish.
        self.lock_error = outcome.error
        return deployment

    # -- results --------------------------------------------------------------------------
    def done_finish(self, deployment: Deployment) -> None:
        from chroma_tui.ui.screens.waiting import WaitingScreen

        self.deployment = deployment
        self.app.switch_screen(
            WaitingScreen(deployment, lock_error=self.lock_error, events=tuple(self.events))
        )

    def failed_finish(self, error: ChromaTuiError) -> None:
        self.stream_state = "error"
        self._set_error(error)
        self.refresh_status()

    def done_record_failure(self, deployment: Deployment) -> None:
        from chroma_tui.ui.screens.failure import FailureScreen

        self.deployment = deployment
        announce_end(self.app, "failed", deployment.stack_name)
        self.app.switch_screen(FailureScreen(deployment, list(self.events), plan=self.plan))

    def failed_record_failure(self, error: ChromaTuiError) -> None:
        # Saving the status failed (disk?): still show why the stack failed.
        from chroma_tui.ui.screens.failure import FailureScreen

        assert self.deployment is not None
        status = self.stack.status if self.stack else self.deployment.status
        failed = self.deployment.evolve(status=status)
        announce_end(self.app, "failed", failed.stack_name)
        self.app.switch_screen(FailureScreen(failed, list(self.events), plan=self.plan))

    def done_record_other(self, deployment: Deployment) -> None:
        self.deployment = deployment
        self.refresh_status()

    def failed_record_other(self, error: ChromaTuiError) -> None:
        self.refresh_status()

    def action_resume(self) -> None:
        if self.stream_state == "error" and self.stack is not None and self.stack.succeeded:
            self.stream_state = "finishing"
            self._set_error(None)
            self.refresh_status()
            self.call_backend("finish", self._finish_success, self.stack)
            return
        super().action_resume()

    # -- leaving --------------------------------------------------------------------------
    def _in_flight(self) -> bool:
        return self.stream_state not in ("done", "finishing", "locking") and not (
            self.stack is not None and self.stack.terminal
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return self.deployment is None and self.stream_state == "error"
        return super().check_action(action, parameters)

    def action_back(self) -> None:
        """Only before any stack exists (launch itself failed): choose again in the wizard."""
        if self.deployment is None and self.stream_state == "error":
            self.workers.cancel_node(self)
            self.app.pop_screen()
            # The answers are kept: reopen at Options, where the stack name (the usual culprit:
            # taken, or refused by AWS) is, rather than at Credentials.
            self.app.start_wizard("options")  # type: ignore[attr-defined]

    def quit_guard(self) -> bool:
        """The app asks before quitting: mid-launch we offer to leave it running or delete it."""
        if not self._in_flight() or (self.deployment is None and self.stream_state == "error"):
            return False
        self.app.push_screen(
            QuitLaunchModal(can_delete=self.deployment is not None), self._quit_chosen
        )
        return True

    def _quit_chosen(self, choice: str | None) -> None:
        if choice == "leave":
            self.workers.cancel_node(self)
            self.app.exit()
        elif choice == "delete" and self.deployment is not None:
            from chroma_tui.ui.screens.cleanup import CleanupScreen

            self.workers.cancel_node(self)
            self.app.switch_screen(CleanupScreen(self.deployment, confirmed=True))
