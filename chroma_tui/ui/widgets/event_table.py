"""The CloudFormation event table: rows are appended as events arrive, never rebuilt.

Status cells carry a colour AND a symbol (✓ done, ✗ failed, … in progress, ↺ rolling back) so
the meaning survives a monochrome terminal.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.cache import LRUCache
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


#: How long one step of a burst may hold the event loop: a share of a frame, so spinners,
#: timers and keys keep moving while hundreds of rows go in (rows cost more on a slow machine,
#: so the step is measured in time, not in rows).
STEP_BUDGET_S = 0.006
#: Rows added between two looks at the clock (one row is well under a millisecond).
ROWS_PER_CHUNK = 4


SegmentLines = list[list[Segment]]

#: Cells kept drawn: a tall terminal's screenful of rows, in every state (cursor, hover,
#: zebra), with room to spare.
KEPT_CELLS = 4096


class EventTable(DataTable[Text | str]):
    """A DataTable of stack events, oldest first; follows the newest row unless scrolled up.

    Its cells are drawn once and kept. DataTable throws away every drawn cell whenever a row is
    added (its caches are keyed on a change counter), so with the log shown each new event
    drew the whole screenful again: 165 cells, about 55 ms a frame at 120x40, a stall for each
    step of a burst. An event's cells never change after it is added, and a drawn cell depends
    only on its content and what ``_kept_cell_key`` holds, so a kept cell stays right.
    """

    def __init__(self, events: Iterable[StackEvent] = (), *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._initial = list(events)
        self._seen: set[str] = set()
        self._waiting: list[StackEvent] = []  # seen, not yet a row (see add_events)
        self._draining = False
        self._kept_cells: LRUCache[tuple[object, ...], SegmentLines] = LRUCache(KEPT_CELLS)

    def _kept_cell_key(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool,
        hover: bool,
    ) -> tuple[object, ...]:
        return (
            self._row_locations.get_key(row_index),
            self._column_locations.get_key(column_index),
            row_index,  # carried in the cell's meta (mouse clicks)
            base_style,
            width,
            cursor,
            hover,
            self._show_hover_cursor,
            self._pseudo_class_state,
            self.app.theme,
        )

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> SegmentLines:
        """DataTable's own drawing, kept across added rows (see the class's docstring); the
        header and row labels are left to DataTable."""
        if row_index < 0 or column_index < 0:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        key = self._kept_cell_key(row_index, column_index, base_style, width, cursor, hover)
        lines = self._kept_cells.get(key)
        if lines is None:
            lines = super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
            self._kept_cells[key] = lines
        return lines

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

        Rows are added for at most ``STEP_BUDGET_S`` at once; the rest follow one turn of the
        loop (one frame) after another, in order. A burst of hundreds of events (a big stack, a
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
        deadline = time.perf_counter() + STEP_BUDGET_S
        while self._waiting:
            batch = self._waiting[:ROWS_PER_CHUNK]
            del self._waiting[:ROWS_PER_CHUNK]
            self.append_rows(batch)
            if time.perf_counter() >= deadline:
                break
        self._draining = bool(self._waiting)
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
