"""The streaming half shared by Launch and Cleanup: a worker iterates ``StackStream.updates()``.

The screen owns all state (events, stack snapshot, stream state, error) so a recompose after a
language switch loses nothing; the stream object is kept too, so ``r`` after expired
credentials calls ``updates()`` again and resumes with nothing missed or repeated.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING, ClassVar, Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import ProgressBar, Static
from textual.worker import get_current_worker

from chroma_tui.core.durations import Estimate, estimate
from chroma_tui.core.errors import ChromaTuiError, CredentialsError
from chroma_tui.core.glossary import gloss
from chroma_tui.core.models import Deployment, StackEvent, StackSnapshot, StreamUpdate
from chroma_tui.core.progress import overall_elapsed_s, progress
from chroma_tui.core.resource_view import ResourceRow, resource_rows
from chroma_tui.core.timefmt import duration
from chroma_tui.i18n import t
from chroma_tui.ui.screens.base.live_resources import LiveResourcesScreen
from chroma_tui.ui.screens.base.run import RunUnexpectedError
from chroma_tui.ui.widgets.error_panel import ErrorPanel
from chroma_tui.ui.widgets.event_table import EventTable, status_mark
from chroma_tui.ui.widgets.resource_view import ResourceView

if TYPE_CHECKING:
    from chroma_tui.core.backend_api import StackStream


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
    """The worker opened its stream (kept so ``r`` resumes it with nothing missed)."""

    def __init__(self, stream: StackStream) -> None:
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


class StreamingScreen(LiveResourcesScreen):
    """Subclasses implement ``open_stream`` (runs in the worker thread) and ``stream_finished``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "toggle_log", "resview.key.log"),
    ]

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
        self._stream: StackStream | None = None
        self._closing = False
        self.show_log = False  # ``e``: the raw event log (every event once) instead of the view
        self._rows: tuple[tuple[int, str], list[ResourceRow]] | None = None
        self._progress: tuple[tuple[int, str], tuple[int, int]] | None = None

    # -- to implement ---------------------------------------------------------------------
    def open_stream(self, should_stop: Callable[[], bool]) -> StackStream:
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
        rows = self.rows()
        view = ResourceView(rows, self.now(), self.time_left(rows), id="resources")
        view.display = not self.show_log
        yield view
        yield Static(self.status_text(), id="stream-status", markup=False)
        with Vertical(id="stream-error"):
            if self.error is not None:
                yield ErrorPanel(self.error)
        table = EventTable(self.events, id="events")
        table.display = self.show_log
        yield table
        raw, explained = self.reason_lines(self.events[-1] if self.events else None)
        reason = Static(raw, id="event-reason", classes="verbatim", markup=False)
        reason.display = self.show_log  # the view shows every reason already
        yield reason
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

    def on_event_table_highlighted(self, message: EventTable.Highlighted) -> None:
        raw, explained = self.reason_lines(message.event)
        self.set_text("#event-reason", raw)
        self.set_text("#event-gloss", explained)

    def on_mount(self) -> None:
        self.set_interval(1.0, self.refresh_clock)
        self.refresh_progress()
        self.start_live_view()

    # -- the resource view ----------------------------------------------------------------
    def rows(self) -> list[ResourceRow]:
        """Built again only when events arrived (the spinner asks 4 times a second)."""
        name = self.deployment.stack_name if self.deployment else ""
        key = (len(self.events), name)
        if self._rows is None or self._rows[0] != key:
            self._rows = (key, resource_rows(self.events, name))
        return list(self._rows[1])

    def time_left(self, rows: list[ResourceRow]) -> Estimate | None:
        if self.KIND != "create" or self.stream_state in ("error", "paused", "done"):
            return None
        return estimate(rows, self.now(), self.typical, with_boot=True)

    def action_toggle_log(self) -> None:
        """``e``: the raw event log (every event, once, with its time) or the resource view."""
        self.show_log = not self.show_log
        for selector in ("#events", "#event-reason"):
            widget = self.maybe(selector)
            if widget is not None:
                widget.display = self.show_log
        view = self.maybe("#resources")
        if view is not None:
            view.display = not self.show_log

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

    def stack_progress(self) -> tuple[int, int]:
        """(done, total), worked out again only when events or the status changed (a burst
        of hundreds of events asks for it twice in one turn of the loop)."""
        key = (len(self.events), self.current_status())
        if self._progress is None or self._progress[0] != key:
            self._progress = (key, progress(self.events, key[1], self.KIND))
        return self._progress[1]

    def progress_label(self) -> str:
        done, total = self.stack_progress()
        return t("run.stream.progress", done=done, total=total)

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
        self.refresh_view()

    def refresh_progress(self) -> None:
        done, total = self.stack_progress()
        bar = self.maybe("#progress", ProgressBar)
        if bar is not None:
            bar.update(total=total, progress=done)
        self.set_text("#progress-label", self.progress_label())
        self.refresh_clock()
        self.refresh_status()
