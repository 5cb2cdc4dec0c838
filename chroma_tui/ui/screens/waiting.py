"""Waiting for Chroma: the stack is complete, but Docker still pulls and starts the image.

Probes the heartbeat in a worker (bounded per try, by the core) and shows every attempt, and the
boot phases read from the instance's console (boot X-ray); on the first answer it moves on to
Connected. When the boot log explains why Chroma will not answer, it stops and offers the fix.
"""

from __future__ import annotations

from datetime import datetime
from functools import partial
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static

from chroma_tui.core.boot_log import BootReport
from chroma_tui.core.durations import Estimate, estimate, remember
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.ip_change import IpMovedError
from chroma_tui.core.journey import Journey, lock_command
from chroma_tui.core.journey_events import JourneyEvent, ProbeTried, WaitNote
from chroma_tui.core.models import (
    ChromaConnection,
    Deployment,
    PriceEstimate,
    ProbeAttempt,
    StackEvent,
)
from chroma_tui.core.resource_view import ResourceRow, boot_rows, resource_rows
from chroma_tui.core.timefmt import duration
from chroma_tui.i18n import t
from chroma_tui.ui.outcomes import ChooseAgain, ChromaAnswered, CleanupRequested, ShowDeployments
from chroma_tui.ui.screens.base.live_resources import LiveResourcesScreen
from chroma_tui.ui.widgets.confirm import leave_running_modal
from chroma_tui.ui.widgets.error_panel import ErrorPanel
from chroma_tui.ui.widgets.footer import I18nFooter
from chroma_tui.ui.widgets.resource_view import ResourceView
from chroma_tui.ui.widgets.run_end import announce_end

BOOT_PHASES = ("docker", "compose", "pulled", "started", "finished")  # boot_log.PHASES


class AttemptMade(Message, bubble=False):
    def __init__(self, attempt: ProbeAttempt) -> None:
        super().__init__()
        self.attempt = attempt


class BootSeen(Message, bubble=False):
    def __init__(self, report: BootReport) -> None:
        super().__init__()
        self.report = report


class WaitingScreen(LiveResourcesScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        # Short labels (the error panel says the rest): a failed wait shows four keys of its
        # own beside q and f2, in 80 columns.
        Binding("r", "retry", "common.retry"),
        Binding("l", "move_lock", "scripts.key.move_lock"),
        Binding("o", "relaunch", "boot.key.relaunch"),
        Binding("d", "delete", "run.key.delete_stack"),
        Binding("escape", "deployments", "run.key.deployments"),
    ]

    def __init__(
        self,
        deployment: Deployment,
        lock_error: ChromaTuiError | None = None,
        events: tuple[StackEvent, ...] = (),
    ) -> None:
        super().__init__()
        self.events = events  # the launch's events: the resource rows the boot phases continue
        self.phase_seen: dict[str, datetime] = {}  # boot phase -> when this screen first saw it
        self.deployment = deployment
        self.lock_error = lock_error
        self.last: ProbeAttempt | None = None
        self.error: ChromaTuiError | None = None
        self.started: datetime | None = None  # set on mount from the app clock
        self.boot: BootReport | None = None  # the latest boot X-ray
        self.stopped: datetime | None = None  # when the wait ended without an answer
        self.moving_lock = False  # the rule is being moved to this machine's new address

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
        with VerticalScroll(id="wait-body"):
            yield Static(
                t("run.wait.address", host=self.host, port=self.port),
                id="wait-address",
                markup=False,
            )
            yield Static(self.progress_text(), id="wait-progress", markup=False)
            yield Static(self.last_error_text(), id="wait-last-error", markup=False)
            rows = self.rows()
            yield ResourceView(rows, self.now(), self.time_left(rows), id="resources")
            yield Static(self.boot_text(), id="wait-boot", markup=False)
            warning = self.boot_warning()
            box = Static(warning, id="wait-boot-warning", classes="run-warning", markup=False)
            box.display = bool(warning)
            yield box
            if self.error is None:
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
                lines = self.boot_lines()
                if lines:
                    yield Static(lines, id="wait-boot-lines", classes="snippet", markup=False)
        yield I18nFooter()

    def on_mount(self) -> None:
        self.started = self.now()
        self.set_interval(1.0, self.refresh_texts)
        self.start_probe()
        self.start_live_view()

    # -- the resource view: the launch's rows, then the boot phases ------------------------
    def stack_done_at(self) -> datetime | None:
        stack = [e for e in self.events if e.is_stack_event]
        return stack[-1].timestamp if stack else self.started

    def rows(self) -> list[ResourceRow]:
        waiting = self.error is None
        since = self.stack_done_at()
        end = self.stopped or self.now()
        boot = boot_rows(self.boot, since, end, waiting=waiting, seen=self.phase_seen)
        return [*resource_rows(self.events, self.deployment.stack_name), *boot]

    def time_left(self, rows: list[ResourceRow]) -> Estimate | None:
        return estimate(rows, self.now(), self.typical) if self.error is None else None

    # -- probing --------------------------------------------------------------------------
    def start_probe(self) -> None:
        self.error = None
        self.started = self.now()
        self.stopped = None
        self.last = None
        self.call_backend(self._probe, on_done=self.done_probe, on_error=self.failed_probe)

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
        elif isinstance(event, WaitNote) and isinstance(event.detail, BootReport):
            self.post_message(BootSeen(event.detail))

    def on_boot_seen(self, message: BootSeen) -> None:
        """Update in place: a recompose here cost ~50-100 ms of the loop per report."""
        self.boot = message.report
        for phase in message.report.phases:
            self.phase_seen.setdefault(phase.name, self.now())
        self.set_text("#wait-boot", self.boot_text())
        warning = self.boot_warning()
        box = self.maybe("#wait-boot-warning", Static)
        if box is not None:
            box.update(warning)
            box.display = bool(warning)
        self.refresh_view()

    def on_attempt_made(self, message: AttemptMade) -> None:
        self.last = message.attempt
        self.refresh_texts()

    def done_probe(self, result: tuple[Deployment, ChromaConnection]) -> None:
        self.deployment, connection = result
        announce_end(self.app, "connected", self.deployment.stack_name)
        if self.events and self.boot is not None:  # a whole boot watched: it teaches durations
            rows = [r for r in self.rows() if r.is_boot]
            self.app.run_worker(partial(remember, rows), thread=True, exit_on_error=False)
        self.go(ChromaAnswered(self.deployment, connection, lock_error=self.lock_error))

    def failed_probe(self, error: ChromaTuiError) -> None:
        self.error = error
        self.stopped = self.now()
        report = getattr(error, "report", None)  # a boot_log.BootError carries the boot log
        if report is not None:
            self.boot = report
        announce_end(self.app, "failed", self.deployment.stack_name)
        self.refresh_bindings()
        self.refresh(recompose=True)

    # -- text -----------------------------------------------------------------------------
    def elapsed_s(self) -> float:
        if self.started is None:
            return 0.0
        end = self.stopped or self.now()  # the time spent stops with the wait
        return max(0.0, (end - self.started).total_seconds())

    def progress_text(self) -> str:
        attempts = self.last.attempt if self.last else 0
        return t("run.wait.progress", attempts=attempts, elapsed=duration(self.elapsed_s()))

    def last_error_text(self) -> str:
        if self.last is None or not self.last.error:
            return t("run.wait.no_answer_yet")
        return t("run.wait.last_error", error=self.last.error)

    def boot_text(self) -> str:
        """The five boot phases: done ones with their time since boot, the rest still to come."""
        if self.boot is None:
            return t("boot.reading")
        lines = []  # the phases themselves are rows of the resource view
        if self.boot.pulling:  # a slow pull: docker names the image's layers as they come
            lines.append(
                t("scripts.boot.pulling", layers=self.boot.layers, done=self.boot.layers_done)
            )
        if self.boot.problem and not self.boot.phases:
            lines.append(t("boot.no_log", problem=self.boot.problem))
        health = self.boot.health
        if health is not None and not health.failed:
            lines.append(t("boot.health", instance=health.instance, system=health.system))
        if self.boot.port == "refused" and self.error is None:
            lines.append(t("boot.refused", port=self.port))
        return "\n".join(lines)

    def boot_warning(self) -> str:
        """Failed status checks, and silence after the container started (firewall, IP lock)."""
        if self.boot is None:
            return ""
        warnings = []
        health = self.boot.health
        if health is not None and health.failed:
            warnings.append(t("boot.health_failed", instance=health.instance, system=health.system))
        if self.boot.port == "silent" and self.error is None:
            warnings.append(t("boot.silent", port=self.port))
        return "\n".join(warnings)

    def boot_lines(self) -> str:
        if self.boot is None or not self.boot.last_lines:
            return ""
        return "\n".join([t("boot.last_lines"), *self.boot.last_lines])

    def refresh_texts(self) -> None:
        if self.error is None:
            self.set_text("#wait-progress", self.progress_text())
        self.set_text("#wait-last-error", self.last_error_text())

    # -- actions --------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry":
            return self.error is not None
        if action == "relaunch":
            return getattr(self.error, "report", None) is not None  # the boot log said why
        if action == "move_lock":  # the ports are locked to an address this machine left
            return isinstance(self.error, IpMovedError) and not self.moving_lock
        return True

    def action_retry(self) -> None:
        if self.error is not None:
            self.start_probe()
            self.refresh_bindings()
            self.refresh(recompose=True)

    def action_move_lock(self) -> None:
        """Move the rule to this machine's current address (``chroma-tui lock``), then wait
        for the heartbeat again."""
        if self.check_action("move_lock", ()) is not True:
            return
        self.moving_lock = True
        self.refresh_bindings()
        self.call_backend(
            self._move_lock, on_done=self.done_move_lock, on_error=self.failed_move_lock
        )

    def _move_lock(self) -> Deployment:
        deployment, _ip = Journey(self.backend).lock(self.deployment)
        return deployment

    def done_move_lock(self, deployment: Deployment) -> None:
        self.moving_lock = False
        self.deployment = deployment
        self.start_probe()
        self.refresh_bindings()
        self.refresh(recompose=True)

    def failed_move_lock(self, error: ChromaTuiError) -> None:
        self.moving_lock = False
        self.error = error
        self.refresh_bindings()
        self.refresh(recompose=True)

    def action_relaunch(self) -> None:
        """The wizard again at Options (version, OpenTelemetry), answers kept; this stack stays
        listed under Deployments until it is deleted."""
        if self.check_action("relaunch", ()) is not True:
            return
        self.workers.cancel_node(self)
        self.go(ChooseAgain("options", self.deployment))

    def action_delete(self) -> None:
        self.workers.cancel_node(self)
        self.go(CleanupRequested(self.deployment))

    def action_deployments(self) -> None:
        self.workers.cancel_node(self)
        self.go(ShowDeployments())

    # -- quitting -------------------------------------------------------------------------
    def quit_guard(self) -> bool:
        """``q`` while waiting for Chroma leaves a stack that bills: ask, with its price, as
        Launch and Connected do. The price is looked up first (off the loop)."""
        self.call_backend(
            self.backend.price,
            self.deployment,
            on_done=self._ask_quit,
            on_error=lambda _error: self._ask_quit(None),
        )
        return True

    def _ask_quit(self, price: PriceEstimate | None) -> None:
        self.app.push_screen(
            leave_running_modal(self.deployment.stack_name, price), self._quit_answered
        )

    def _quit_answered(self, quit_anyway: bool | None) -> None:
        if quit_anyway:
            self.workers.cancel_node(self)
            self.app.exit(0)
