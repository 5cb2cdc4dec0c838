"""The raw CloudFormation event log (``e`` on the stream screens): every event once, oldest first,
one line each, appended as events arrive and never rebuilt.

Status cells carry a colour AND a symbol (✓ done, ✗ failed, … in progress, ↺ rolling back) so
the meaning survives a monochrome terminal.

Drawn on Textual's line API, as the resource view is: an event is laid out into one Strip once
per column layout and look (plain, zebra, cursor), so adding rows costs nothing until they are
drawn, and a frame draws only the lines it shows. A DataTable drew every visible cell again after
each added row (its caches are keyed on a change counter): 165 cells, 45-100 ms a frame at
120x40 while a burst went in. Columns are as wide as their widest cell; the reason takes what is
left and ends in "…" (the screen shows the highlighted row's reason whole beneath the log).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar, Literal

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

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


def one_line(text: str) -> str:
    """A cell's text on one line: a line break or tab inside (a custom resource's message, a
    traceback) would reach the terminal as it is, and break the log's lines."""
    return " ".join(text.split()) if any(c in text for c in "\n\r\t\v\f") else text


def reason_text(reason: str, failed: bool) -> Text:
    """AWS's raw reason as AWS wrote it, on one line (the stream screens show the highlighted
    row's reason in full, with its gloss, beneath the log)."""
    return Text(one_line(reason), style="red" if failed else "dim")


def event_cells(event: StackEvent) -> tuple[Text, ...]:
    """One event's cells: time, resource, type, status, reason."""
    return (
        Text(local_time(event.timestamp)),
        Text(one_line(event.logical_id)),
        Text(type_label(event.resource_type)),
        status_text(event.status),
        reason_text(event.reason, event.is_failure),
    )


#: Cells between two columns, and before the first.
GAP = 2
EDGE = 1
#: A resource column cut (with "…") to make room is never narrower than this.
RESOURCE_MIN = 12
RESOURCE = 1
REASON = 4

Look = Literal["odd", "even", "cursor", "header"]

#: Laid-out lines kept: a tall terminal's screenful in each look, several layouts over.
KEPT_LINES = 2048


def column_widths(natural: Sequence[int], width: int) -> tuple[int, ...]:
    """Each column as wide as its widest cell; the reason gets what is left (maybe nothing),
    and when even that does not fit, the resource column gives way down to ``RESOURCE_MIN``."""
    widths = list(natural)
    fixed = EDGE + sum(widths[:REASON]) + GAP * REASON
    widths[REASON] = max(0, min(natural[REASON], width - fixed - EDGE))
    over = fixed + EDGE - width
    if over > 0:
        widths[RESOURCE] = max(min(natural[RESOURCE], RESOURCE_MIN), widths[RESOURCE] - over)
    return tuple(widths)


class EventTable(ScrollView, can_focus=True):
    """The event log; follows the newest row unless the cursor was moved up."""

    DEFAULT_CSS = """
    EventTable {
        width: 1fr;
        background: $surface;
        color: $foreground;
        &:focus { background-tint: $foreground 5%; }
        & > .event-table--header { text-style: bold; background: $panel; color: $foreground; }
        & > .event-table--even { background: $surface-lighten-1 50%; }
        &:dark > .event-table--even { background: $surface-darken-1 40%; }
        & > .event-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        &:focus > .event-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
    }
    """

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "event-table--header",
        "event-table--even",
        "event-table--cursor",
    }

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor_up", show=False),
        Binding("down", "cursor_down", show=False),
        Binding("pageup", "page_up", show=False),
        Binding("pagedown", "page_down", show=False),
        Binding("home", "first", show=False),
        Binding("end", "last", show=False),
    ]

    class Highlighted(Message):
        """The cursor is on ``event`` (moved there, or following the newest row)."""

        def __init__(self, table: EventTable, event: StackEvent) -> None:
            super().__init__()
            self.table = table
            self.event = event

    def __init__(self, events: Iterable[StackEvent] = (), *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.headers = tuple(
            Text(t(f"run.events.{name}"))
            for name in ("time", "resource", "type", "status", "reason")
        )
        self._events: list[StackEvent] = []
        self._cells: list[tuple[Text, ...]] = []
        self._seen: set[str] = set()
        self._natural = [header.cell_len for header in self.headers]
        self._cursor = -1
        self._lines: LRUCache[tuple[object, ...], Strip] = LRUCache(KEPT_LINES)
        self.add_events(events)

    # -- rows -----------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._events)

    @property
    def rows(self) -> tuple[str, ...]:
        """The rows' keys (event ids), oldest first."""
        return tuple(event.event_id for event in self._events)

    @property
    def cursor_row(self) -> int:
        return self._cursor

    def get_row_at(self, row: int) -> tuple[Text, ...]:
        return self._cells[row]

    def add_events(self, events: Iterable[StackEvent]) -> int:
        """Append the events not shown yet; returns how many there were."""
        fresh = []
        for event in events:
            if event.event_id not in self._seen:
                self._seen.add(event.event_id)
                fresh.append(event)
        if fresh:
            self.append_rows(fresh)
        return len(fresh)

    def append_rows(self, events: list[StackEvent]) -> None:
        """Add one row per event now (nothing is drawn until a frame shows it; the benchmark
        times this)."""
        following = self._cursor >= len(self._events) - 1
        for event in events:
            cells = event_cells(event)
            self._events.append(event)
            self._cells.append(cells)
            for column, cell in enumerate(cells):
                if cell.cell_len > self._natural[column]:
                    self._natural[column] = cell.cell_len
        self.virtual_size = Size(0, len(self._events) + 1)
        if following:
            self.move_cursor(row=len(self._events) - 1)
        else:
            self.refresh()

    # -- the cursor -----------------------------------------------------------------------
    def move_cursor(self, row: int, animate: bool = False) -> None:
        """Put the cursor on ``row`` (clamped), scroll it into view and say so."""
        if not self._events:
            return
        row = max(0, min(row, len(self._events) - 1))
        moved = row != self._cursor
        self._cursor = row
        if self.is_mounted:  # else the first resize scrolls to it
            self._scroll_to_cursor(animate)
        self.refresh()
        if moved:
            self.post_message(self.Highlighted(self, self._events[row]))

    def _rows_shown(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)  # less the header

    def _scroll_to_cursor(self, animate: bool) -> None:
        shown = self._rows_shown()
        top = self.scroll_offset.y
        if self._cursor < top:
            self.scroll_to(y=self._cursor, animate=animate, force=True)
        elif self._cursor >= top + shown:
            self.scroll_to(y=self._cursor - shown + 1, animate=animate, force=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(self._cursor - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(self._cursor + 1)

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - self._rows_shown())

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + self._rows_shown())

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._events) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < 1:  # the header
            return
        row = self.scroll_offset.y + offset.y - 1
        if row < len(self._events):  # not the blank below the last row
            self.move_cursor(row)

    def on_resize(self) -> None:
        if self._cursor >= 0:
            self._scroll_to_cursor(animate=False)

    # -- drawing --------------------------------------------------------------------------
    def _style(self, look: Look) -> tuple[Style, Style]:
        """(base, over): the widget's style beneath the cells' own colours, and what goes over
        them (the cursor's colours win, as in a DataTable)."""
        base = self.rich_style
        if look == "odd":
            return base, Style.null()
        if look == "cursor":
            cursor = self.get_component_rich_style("event-table--cursor")
            return base + cursor, Style(color=cursor.color, bgcolor=cursor.bgcolor)
        component = "event-table--header" if look == "header" else "event-table--even"
        return base + self.get_component_rich_style(component), Style.null()

    def _line(self, cells: Sequence[Text], widths: Sequence[int], width: int, look: Look) -> Strip:
        base, over = self._style(look)
        line = Text(" " * EDGE)
        for column, (cell, cells_wide) in enumerate(zip(cells, widths, strict=True)):
            if column:
                line.append(" " * GAP)
            if cells_wide <= 0:  # no room at all (Rich would still keep a character or two)
                continue
            piece = cell.copy()
            piece.truncate(cells_wide, overflow="ellipsis", pad=True)
            line.append_text(piece)
        segments = Segment.apply_style(line.render(self.app.console), base, over)
        return Strip(list(segments)).extend_cell_length(width, base).crop(0, width)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        widths = column_widths(self._natural, width)
        look: Look
        if y == 0:
            row, cells, look = -1, self.headers, "header"
        else:
            row = self.scroll_offset.y + y - 1
            if row >= len(self._events):
                return Strip.blank(width, self.rich_style)
            cells = self._cells[row]
            look = "cursor" if row == self._cursor else ("even" if row % 2 else "odd")
        key = (row, width, widths, look, self.has_focus, self.app.theme)
        strip = self._lines.get(key)
        if strip is None:
            strip = self._line(cells, widths, width, look)
            self._lines[key] = strip
        return strip
