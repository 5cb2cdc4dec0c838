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
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from chroma_tui.core.durations import remember
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.journey import Journey
from chroma_tui.core.journey_events import JourneyEvent, LockStarted
from chroma_tui.core.models import Deployment, LaunchPlan, StackEvent, StackSnapshot
from chroma_tui.core.resource_view import resource_rows
from chroma_tui.i18n import t
from chroma_tui.ui.outcomes import LaunchCancelled, LaunchFailed, LaunchNotStarted, LaunchSucceeded
from chroma_tui.ui.screens.base.first_frame import FirstFrameAlone
from chroma_tui.ui.screens.base.streaming import StreamingScreen
from chroma_tui.ui.widgets.dismiss_once import DismissOnce
from chroma_tui.ui.widgets.footer import I18nFooter
from chroma_tui.ui.widgets.run_end import announce_end

if TYPE_CHECKING:
    from chroma_tui.core.backend_api import StackStream

FAILED_CREATE = ("ROLLBACK", "FAILED")


class LaunchRecorded(Message, bubble=False):
    """The record is saved and CreateStack sent (posted from the stream's worker thread)."""

    def __init__(self, deployment: Deployment) -> None:
        super().__init__()
        self.deployment = deployment


class LockingPorts(Message, bubble=False):
    """CREATE_COMPLETE: the ports are being limited to the user's IP (from a worker thread)."""


class QuitLaunchModal(FirstFrameAlone, DismissOnce, ModalScreen[str | None]):
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
        self.set_reactive(
            StreamingScreen.stream_state, "launching" if deployment is None else "starting"
        )

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
    def open_stream(self, should_stop: Callable[[], bool]) -> StackStream:
        """Runs in the worker thread: the journey's first steps (launch if from the wizard)."""
        journey = Journey(self.backend, should_stop=should_stop)
        deployment = self.deployment
        if deployment is None:
            assert self.plan is not None
            deployment = journey.launch(self.plan)
            self.post_message(LaunchRecorded(deployment))  # the screen learns it on the loop
        return journey.open_stream(deployment)

    def on_launch_recorded(self, message: LaunchRecorded) -> None:
        self.deployment = message.deployment
        self.refresh_title()

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
            self.call_backend(
                self._finish_success,
                self.deployment,
                stack,
                tuple(self.events),
                on_done=self.done_finish,
                on_error=self.failed_finish,
            )
        elif any(word in stack.status for word in FAILED_CREATE):
            self.call_backend(
                self._record,
                stack,
                on_done=self.done_record_failure,
                on_error=self.failed_record_failure,
            )
        else:  # e.g. someone deleted it meanwhile: say so, stay here
            self.call_backend(
                self._record,
                stack,
                on_done=self.done_record_other,
                on_error=self.failed_record_other,
            )

    # -- thread side ----------------------------------------------------------------------
    def _record(self, stack: StackSnapshot) -> Deployment:
        assert self.deployment is not None
        d = self.deployment
        return self.backend.record(d, stack)

    def _wants_lock(self) -> bool:
        if self.plan is not None:
            return self.plan.lock_to_my_ip
        # Resumed after a restart: the choice made on Review was saved with the record.
        return self.deployment is not None and self.deployment.lock_to_my_ip

    def _finish_success(
        self, deployment: Deployment, stack: StackSnapshot, events: tuple[StackEvent, ...]
    ) -> tuple[Deployment, ChromaTuiError | None]:
        """Thread side: the journey's CREATE_COMPLETE step, record the address, lock if asked.

        A lock that failed is not fatal: Waiting and Connected say the ports are still open,
        and how to finish; it is returned beside the deployment.
        """
        journey = Journey(self.backend, on_event=self._journey_event)
        done, outcome = journey.complete(deployment, stack, events, lock=self._wants_lock())
        remember(resource_rows(events, stack.name))  # refines the next estimates
        return done, outcome.error

    def _journey_event(self, event: JourneyEvent) -> None:
        """Thread side: the lock starting is shown ("Limiting ports to your IP…")."""
        if isinstance(event, LockStarted):
            self.post_message(LockingPorts())

    def on_locking_ports(self, _message: LockingPorts) -> None:
        self.stream_state = "locking"

    # -- results --------------------------------------------------------------------------
    def done_finish(self, finished: tuple[Deployment, ChromaTuiError | None]) -> None:
        self.deployment, self.lock_error = finished
        self.go(
            LaunchSucceeded(self.deployment, lock_error=self.lock_error, events=tuple(self.events))
        )

    def failed_finish(self, error: ChromaTuiError) -> None:
        self.stream_state = "error"
        self._set_error(error)
        self.refresh_status()

    def done_record_failure(self, deployment: Deployment) -> None:
        self.deployment = deployment
        announce_end(self.app, "failed", deployment.stack_name)
        self.go(LaunchFailed(deployment, tuple(self.events), plan=self.plan))

    def failed_record_failure(self, error: ChromaTuiError) -> None:
        # Saving the status failed (disk?): still show why the stack failed.
        assert self.deployment is not None
        status = self.stack.status if self.stack else self.deployment.status
        failed = self.deployment.evolve(status=status)
        announce_end(self.app, "failed", failed.stack_name)
        self.go(LaunchFailed(failed, tuple(self.events), plan=self.plan))

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
            self.call_backend(
                self._finish_success,
                self.deployment,
                self.stack,
                tuple(self.events),
                on_done=self.done_finish,
                on_error=self.failed_finish,
            )
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
            self.go(LaunchNotStarted())

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
            self.workers.cancel_node(self)
            self.go(LaunchCancelled(self.deployment))
