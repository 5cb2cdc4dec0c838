"""The streaming half shared by Launch and Cleanup: a worker iterates ``EventStream.updates()``.

The screen owns all state (events, stack snapshot, stream state, error) so a recompose after a
language switch loses nothing; the EventStream object is kept too, so ``r`` after expired
credentials calls ``updates()`` again and resumes with nothing missed or repeated.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import DataTable, ProgressBar, Static
from textual.worker import get_current_worker

from chroma_tui.core.errors import ChromaTuiError, CredentialsError
from chroma_tui.core.glossary import gloss
from chroma_tui.core.models import Deployment, StackEvent, StackSnapshot, StreamUpdate
from chroma_tui.core.progress import overall_elapsed_s, progress, resource_timings
from chroma_tui.core.timefmt import duration
from chroma_tui.i18n import t
from chroma_tui.ui.screens.base.run import RunScreen, RunUnexpectedError
from chroma_tui.ui.widgets.error_panel import ErrorPanel
from chroma_tui.ui.widgets.event_table import EventTable, status_mark

if TYPE_CHECKING:
    from chroma_tui.core.events import EventStream


StreamState = Literal[
    "idle",  # not started yet
    "launching",  # Launch: the record is being saved and CreateStack sent
    "starting",  # the stream is being opened (Cleanup: DeleteStack being sent)
    "watching",
    "throttled",  # AWS said slow down: waiting backoff_s
    "reconnecting",  # the network dropped: trying again
    "paused",  # credentials expired: r resumes
    "error",
    "finishing",  # Launch: CREATE_COMPLETE, the address being recorded
    "locking",  # Launch: the ports being limited to the user's IP
    "done",
]
"""Where a stream screen's worker is; ``watch_stream_state`` keeps the status line in step."""


class StreamOpened(Message, bubble=False):
    """The worker opened its EventStream (kept so ``r`` resumes it with nothing missed)."""

    def __init__(self, stream: EventStream) -> None:
        super().__init__()
        self.stream = stream


class StreamUpdated(Message, bubble=False):
    def __init__(self, update: StreamUpdate) -> None:
        super().__init__()
        self.update = update


class StreamStopped(Message, bubble=False):
    """The stream stopped on an error; CredentialsError means "paused, resume with r"."""

    def __init__(self, error: ChromaTuiError) -> None:
        super().__init__()
        self.error = error


class StreamingScreen(RunScreen):
    """Subclasses implement ``open_stream`` (runs in the worker thread) and ``stream_finished``."""

    KIND: ClassVar[str] = "create"  # or "delete": which statuses count as done

    stream_state: reactive[StreamState] = reactive("idle", init=False, bindings=True)

    def __init__(self, deployment: Deployment | None = None) -> None:
        super().__init__()
        self.deployment = deployment
        self.set_reactive(StreamingScreen.stream_state, "idle")
        self.events: list[StackEvent] = []
        self.stack: StackSnapshot | None = None
        self.backoff_s: float | None = None
        self.problem = ""
        self.error: ChromaTuiError | None = None
        self.finished_at: datetime | None = None
        self._stream: EventStream | None = None
        self._closing = False

    # -- to implement ---------------------------------------------------------------------
    def open_stream(self, should_stop: Callable[[], bool]) -> EventStream:
        raise NotImplementedError

    def stream_finished(self, stack: StackSnapshot) -> None:
        """Called on the UI thread once the stack reached a terminal status."""

    def idle_text(self) -> str:
        return ""

    def refresh_title(self) -> None:
        """Hook: the title may depend on the deployment, known only after the first update."""

    # -- layout ---------------------------------------------------------------------------
    def compose_stream(self) -> ComposeResult:
        yield Static(self.stack_line(), id="stack-line", markup=False)
        with Horizontal(id="progress-row"):
            yield ProgressBar(total=3, show_eta=False, show_percentage=False, id="progress")
            yield Static(self.progress_label(), id="progress-label", markup=False)
        yield Static(self.resources_line(), id="resources-line", markup=False)
        yield Static(self.status_text(), id="stream-status", markup=False)
        with Vertical(id="stream-error"):
            if self.error is not None:
                yield ErrorPanel(self.error)
        yield EventTable(self.events, id="events")
        raw, explained = self.reason_lines(self.events[-1] if self.events else None)
        yield Static(raw, id="event-reason", classes="verbatim", markup=False)
        yield Static(explained, id="event-gloss", markup=False)
        self.call_after_refresh(self.refresh_progress)

    def reason_lines(self, event: StackEvent | None) -> tuple[str, str]:
        """The highlighted row's reason in full (the table cuts it at 80 columns) and its gloss."""
        if event is None or not event.reason:
            return "", ""
        explained = gloss(event.reason)
        return (
            t("run.events.reason_of", resource=event.logical_id, raw=event.reason),
            t("gloss.line", gloss=explained) if explained else "",
        )

    def on_data_table_row_highlighted(self, message: DataTable.RowHighlighted) -> None:
        key = message.row_key.value
        event = next((e for e in reversed(self.events) if e.event_id == key), None)
        raw, explained = self.reason_lines(event)
        self.set_text("#event-reason", raw)
        self.set_text("#event-gloss", explained)

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_clock)
        self.refresh_progress()

    def on_unmount(self) -> None:
        self._closing = True

    def watch_stream_state(self) -> None:
        self.refresh_status()

    # -- the worker -----------------------------------------------------------------------
    def start_stream(self) -> None:
        self._set_error(None)
        self.stream_state = "starting"
        self.refresh_status()
        self._run_stream()

    @work(thread=True, exclusive=True, exit_on_error=False, group="stream")
    def _run_stream(self) -> None:
        """Thread side: only messages leave it; the screen's state changes on the loop."""
        worker = get_current_worker()
        try:
            stream = self._stream
            if stream is None:
                stream = self.open_stream(lambda: self._closing or worker.is_cancelled)
                self.post_message(StreamOpened(stream))
            for update in stream.updates():
                if worker.is_cancelled:
                    return
                self.post_message(StreamUpdated(update))
                if update.finished:
                    return
        except ChromaTuiError as error:
            if not worker.is_cancelled:
                self.post_message(StreamStopped(error))
        except Exception as error:  # shown, never a crash
            if not worker.is_cancelled:
                self.post_message(
                    StreamStopped(RunUnexpectedError("run.error.unexpected", raw=f"{error!r}"))
                )

    def on_stream_opened(self, message: StreamOpened) -> None:
        self._stream = message.stream

    def on_stream_updated(self, message: StreamUpdated) -> None:
        update = message.update
        self.refresh_title()
        new = list(update.events)
        if new:
            self.events.extend(new)
            table = self.maybe("#events", EventTable)
            if table is not None:
                table.add_events(new)
        if update.stack is not None:
            self.stack = update.stack
        if update.backoff_s:
            self.backoff_s = update.backoff_s  # before the state: its watcher shows it
            self.stream_state = "throttled"
        elif update.reconnecting:
            self.problem = update.problem
            self.stream_state = "reconnecting"
        else:
            self.stream_state = "watching"
        self.problem = update.problem
        if update.finished and update.stack is not None:
            self.stream_state = "done"
            self.finished_at = self.events[-1].timestamp if self.events else self.now()
            self.refresh_progress()
            self.stream_finished(update.stack)
            return
        self.refresh_progress()

    def on_stream_stopped(self, message: StreamStopped) -> None:
        self.stream_state = "paused" if isinstance(message.error, CredentialsError) else "error"
        self._set_error(message.error)
        self.refresh_progress()
        self.refresh_bindings()

    def action_resume(self) -> None:
        if self.stream_state in ("paused", "error"):
            self.start_stream()
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume":
            return self.stream_state in ("paused", "error")
        return True

    def _set_error(self, error: ChromaTuiError | None) -> None:
        self.error = error
        box = self.maybe("#stream-error", Vertical)
        if box is None:
            return
        box.remove_children()
        if error is not None:
            box.mount(ErrorPanel(error))

    # -- text -----------------------------------------------------------------------------
    def current_status(self) -> str:
        if self.stack is not None:
            return self.stack.status
        if self.events:
            stack_events = [e for e in self.events if e.is_stack_event]
            if stack_events:
                return stack_events[-1].status
        return self.deployment.status if self.deployment else ""

    def stack_line(self) -> str:
        status = self.current_status()
        if not status:
            return ""
        symbol, _style = status_mark(status)
        elapsed = overall_elapsed_s(self.events, self.now(), self.finished_at)
        return t("run.stream.stack_line", symbol=symbol, status=status, elapsed=duration(elapsed))

    def progress_label(self) -> str:
        done, total = progress(self.events, self.current_status(), self.KIND)
        return t("run.stream.progress", done=done, total=total)

    def resources_line(self) -> str:
        now = self.now()
        parts = []
        for timing in resource_timings(self.events):
            symbol, _style = status_mark(timing.status)
            parts.append(f"{symbol} {timing.logical_id} {duration(timing.elapsed_s(now))}")
        return "   ".join(parts)

    def status_text(self) -> str:
        state = self.stream_state
        if state == "idle":
            return self.idle_text()
        if state == "throttled":
            return t("run.stream.throttled", s=f"{self.backoff_s:.0f}")
        if state == "reconnecting":
            return t("run.stream.reconnecting", problem=self.problem or "")
        if state == "paused":
            return t("run.stream.paused")
        if state == "error":
            return t("run.stream.error")
        return t(f"run.stream.{state}")

    def refresh_status(self) -> None:
        self.set_text("#stream-status", self.status_text())

    def refresh_clock(self) -> None:
        self.set_text("#stack-line", self.stack_line())
        self.set_text("#resources-line", self.resources_line())

    def refresh_progress(self) -> None:
        done, total = progress(self.events, self.current_status(), self.KIND)
        bar = self.maybe("#progress", ProgressBar)
        if bar is not None:
            bar.update(total=total, progress=done)
        self.set_text("#progress-label", self.progress_label())
        self.refresh_clock()
        self.refresh_status()
