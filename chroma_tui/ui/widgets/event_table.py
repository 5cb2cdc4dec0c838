"""The CloudFormation event table: rows are appended as events arrive, never rebuilt.

Status cells carry a colour AND a symbol (✓ done, ✗ failed, … in progress, ↺ rolling back) so
the meaning survives a monochrome terminal.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widgets import DataTable

from chroma_tui.core import stack_status
from chroma_tui.core.models import StackEvent
from chroma_tui.core.timefmt import local_time
from chroma_tui.i18n import has, t

MARKS: dict[stack_status.Tone, tuple[str, str]] = {
    "failed": ("✗", "bold red"),
    "rollback": ("↺", "bold magenta"),
    "progress": ("…", "yellow"),
    "done": ("✓", "green"),
    "other": ("·", ""),
}


def status_mark(status: str) -> tuple[str, str]:
    """(symbol, Rich style) for a CloudFormation status (its tone: core/stack_status.py)."""
    return MARKS[stack_status.tone(status)]


def status_text(status: str) -> Text:
    symbol, style = status_mark(status)
    return Text(f"{symbol} {status}", style=style)


def short_type(resource_type: str) -> str:
    """``AWS::EC2::Instance`` → ``Instance``: at 80 columns the reason needs the room, and the
    template's three types are unambiguous by their last part."""
    return resource_type.rsplit("::", 1)[-1]


def type_label(resource_type: str) -> str:
    """The short type in the current language (堆栈, 安全组...); an unknown type stays as AWS
    names it."""
    short = short_type(resource_type)
    key = f"run.events.kind.{short}"
    return t(key) if has(key) else short


def reason_text(reason: str, failed: bool) -> Text:
    """AWS's raw reason as AWS wrote it (one line: the stream screens show the highlighted
    row's reason in full, with its gloss, beneath the table)."""
    return Text(reason, style="red" if failed else "dim")


ROWS_PER_TURN = 40


class EventTable(DataTable[Text | str]):
    """A DataTable of stack events, oldest first; follows the newest row unless scrolled up."""

    def __init__(self, events: Iterable[StackEvent] = (), *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._initial = list(events)
        self._seen: set[str] = set()
        self._waiting: list[StackEvent] = []  # seen, not yet a row (see add_events)
        self._draining = False

    def on_mount(self) -> None:
        self.add_column(t("run.events.time"), key="time")
        self.add_column(t("run.events.resource"), key="resource")
        self.add_column(t("run.events.type"), key="type")
        self.add_column(t("run.events.status"), key="status")
        self.add_column(t("run.events.reason"), key="reason")
        initial, self._initial = self._initial, []
        self.add_events(initial)

    def add_events(self, events: Iterable[StackEvent]) -> int:
        """Append the events not shown yet; returns how many there were.

        At most ``ROWS_PER_TURN`` rows are added at once; the rest follow one turn of the loop
        (one frame) after another, in order. A burst of hundreds of events (a big stack, a
        resumed stream) is then many short steps instead of one stall.
        """
        if not self.columns:  # not mounted yet (e.g. mid-recompose): on_mount adds them
            self._initial.extend(events)
            return 0
        fresh = [event for event in events if event.event_id not in self._seen]
        self._seen.update(event.event_id for event in fresh)
        if not fresh:
            return 0
        self._waiting.extend(fresh)
        if not self._draining:
            self._drain()
        return len(fresh)

    def _drain(self) -> None:
        batch = self._waiting[:ROWS_PER_TURN]
        del self._waiting[:ROWS_PER_TURN]
        self._draining = bool(self._waiting)
        if batch:
            self.append_rows(batch)
        if self._waiting:
            self.call_after_refresh(self._drain)

    def append_rows(self, events: list[StackEvent]) -> None:
        """Add one row per event now (the benchmark times this)."""
        following = self.row_count == 0 or self.cursor_row >= self.row_count - 1
        for event in events:
            self.add_row(
                # Text, not str: a str cell is parsed as markup ("[" in an id) on each add
                Text(local_time(event.timestamp)),
                Text(event.logical_id),
                Text(type_label(event.resource_type)),
                status_text(event.status),
                reason_text(event.reason, event.is_failure),
                key=event.event_id,
            )
        if following:
            self.move_cursor(row=self.row_count - 1, animate=False)
