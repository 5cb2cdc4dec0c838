"""Waiting for Chroma: the stack is complete, but Docker still pulls and starts the image.

Probes the heartbeat in a worker (bounded per try, by the core) and shows every attempt; on the
first answer it moves on to Connected.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.journey import Journey, lock_command
from chroma_tui.core.journey_events import JourneyEvent, ProbeTried, WaitNote
from chroma_tui.core.models import ChromaConnection, Deployment, ProbeAttempt
from chroma_tui.i18n import t
from chroma_tui.ui.widgets.error_panel import ErrorPanel
from chroma_tui.ui.widgets.footer import I18nFooter
from chroma_tui.ui.widgets.run_screen import RunScreen
from chroma_tui.ui.widgets.run_support import duration, show_deployments


class AttemptMade(Message, bubble=False):
    def __init__(self, attempt: ProbeAttempt) -> None:
        super().__init__()
        self.attempt = attempt


class WaitNoted(Message, bubble=False):
    def __init__(self, detail: object) -> None:
        super().__init__()
        self.detail = detail


class WaitingScreen(RunScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "common.retry"),
        Binding("d", "delete", "run.key.delete_stack"),
        Binding("escape", "deployments", "run.key.deployments"),
    ]

    def __init__(self, deployment: Deployment, lock_error: ChromaTuiError | None = None) -> None:
        super().__init__()
        self.deployment = deployment
        self.lock_error = lock_error
        self.last: ProbeAttempt | None = None
        self.error: ChromaTuiError | None = None
        self.started: datetime | None = None  # set on mount from the app clock
        self.note: object | None = None  # the latest report of the wait step (WaitNote)

    @property
    def host(self) -> str:
        return self.deployment.server_host or ""

    @property
    def port(self) -> int:
        return self.deployment.server_port or 8000

    def compose(self) -> ComposeResult:
        yield Static(
            t("run.wait.title", name=self.deployment.stack_name),
            classes="run-title",
            markup=False,
        )
        with Vertical(id="wait-body"):
            yield Static(
                t("run.wait.address", host=self.host, port=self.port),
                id="wait-address",
                markup=False,
            )
            yield Static(self.progress_text(), id="wait-progress", markup=False)
            yield Static(self.last_error_text(), id="wait-last-error", markup=False)
            yield Static(t("run.wait.why"), id="wait-why", classes="run-note", markup=False)
            if self.lock_error is not None:
                text = t(
                    "journey.lock.tui_pending",
                    problem=self.lock_error.title(),
                    command=lock_command(self.deployment),
                )
                yield Static(text, id="wait-lock", classes="run-warning", markup=False)
            if self.error is not None:
                yield ErrorPanel(self.error)
        yield I18nFooter()

    def on_mount(self) -> None:
        self.started = self.now()
        self.set_interval(1.0, self.refresh_texts)
        self.start_probe()

    # -- probing --------------------------------------------------------------------------
    def start_probe(self) -> None:
        self.error = None
        self.started = self.now()
        self.last = None
        self.call_backend("probe", self._probe)

    def _probe(self) -> tuple[Deployment, ChromaConnection]:
        """Thread side: the journey's wait step (heartbeat recorded); progress as messages."""
        from textual.worker import get_current_worker

        worker = get_current_worker()
        journey = Journey(
            self.backend, on_event=self._journey_event, should_stop=lambda: worker.is_cancelled
        )
        return journey.wait(self.deployment)

    def _journey_event(self, event: JourneyEvent) -> None:
        """Thread side: what the wait step reports, posted to the screen."""
        if isinstance(event, ProbeTried):
            self.post_message(AttemptMade(event.attempt))
        elif isinstance(event, WaitNote):
            self.post_message(WaitNoted(event.detail))

    def on_wait_noted(self, message: WaitNoted) -> None:
        """What a plugged-in wait step reports (e.g. boot phases); kept for the screen."""
        self.note = message.detail

    def on_attempt_made(self, message: AttemptMade) -> None:
        self.last = message.attempt
        self.refresh_texts()

    def done_probe(self, result: tuple[Deployment, ChromaConnection]) -> None:
        from chroma_tui.ui.screens.connected import ConnectedScreen

        self.deployment, connection = result
        self.app.switch_screen(
            ConnectedScreen(self.deployment, connection, lock_error=self.lock_error)
        )

    def failed_probe(self, error: ChromaTuiError) -> None:
        self.error = error
        self.refresh_bindings()
        self.refresh(recompose=True)

    # -- text -----------------------------------------------------------------------------
    def elapsed_s(self) -> float:
        if self.started is None:
            return 0.0
        return max(0.0, (self.now() - self.started).total_seconds())

    def progress_text(self) -> str:
        attempts = self.last.attempt if self.last else 0
        return t("run.wait.progress", attempts=attempts, elapsed=duration(self.elapsed_s()))

    def last_error_text(self) -> str:
        if self.last is None or not self.last.error:
            return t("run.wait.no_answer_yet")
        return t("run.wait.last_error", error=self.last.error)

    def refresh_texts(self) -> None:
        if self.error is None:
            self.set_text("#wait-progress", self.progress_text())
        self.set_text("#wait-last-error", self.last_error_text())

    # -- actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.error is not None
        return True

    def action_retry(self) -> None:
        if self.error is not None:
            self.start_probe()
            self.refresh_bindings()
            self.refresh(recompose=True)

    def action_delete(self) -> None:
        from chroma_tui.ui.screens.cleanup import CleanupScreen

        self.workers.cancel_node(self)
        self.app.push_screen(CleanupScreen(self.deployment))

    def action_deployments(self) -> None:
        self.workers.cancel_node(self)
        show_deployments(self.app)
