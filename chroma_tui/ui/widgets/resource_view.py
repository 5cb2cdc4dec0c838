"""The live resource view: one row per resource (and boot phase), icon or spinner, own timer,
and the latest reason wrapped beneath it, never cut. The model is core/resource_view.py; this
widget only draws it.

Drawing is line by line (Textual's line API) from a cache: a row's title and wrapped reason are
laid out once per content and width, so the spinner and the timers (4 repaints a second) only
redraw the first line of the rows in progress, and a new event redraws only what it changed.
A Rich grid of every row, re-wrapped on every tick, cost 50-120 ms a frame at 50 rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.cells import cell_len, set_cell_size
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from chroma_tui.core.durations import Estimate
from chroma_tui.core.resource_view import ResourceRow
from chroma_tui.core.timefmt import duration
from chroma_tui.i18n import t
from chroma_tui.ui.widgets.event_table import status_mark, type_label

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
TIMER_CELLS = 12
SPIN_HZ = 8  # frames per second, from the app clock (frozen in snapshots: still pictures)
GAP = " "  # between the icon, the body and the timer
TITLE_GAP = "  "  # between a row's name, its type and its physical id (unstyled: always seen)


def spinner_frame(now: datetime) -> str:
    return SPINNER[int(now.timestamp() * SPIN_HZ) % len(SPINNER)]


def row_mark(row: ResourceRow, now: datetime) -> tuple[str, str]:
    """(icon, style): a spinner while in progress; ✓ ✗ ↺ · otherwise."""
    if row.pending:
        return "·", "dim"
    if row.status == "DONE":
        return "✓", "green"
    if row.status == "FAILED":
        return "✗", "bold red"
    symbol, style = status_mark(row.status)
    if row.in_progress and "ROLLBACK" not in row.status:
        return spinner_frame(now), "yellow"
    return symbol, style


def row_timer(row: ResourceRow, now: datetime) -> str:
    return "" if row.started is None else duration(row.elapsed_s(now))


def row_title(row: ResourceRow) -> Text:
    if row.is_boot:
        title = Text(t(f"boot.phase.{row.logical_id}"), style="dim" if row.pending else "")
        if row.at_s is not None:
            at = t("resview.boot.at", at=f"{row.at_s:.0f}")
            title.append(at[: len(at) - len(at.lstrip())])  # its leading gap stays plain
            title.append(at.lstrip(), style="dim")
        return title
    title = Text()
    title.append(row.logical_id, style="bold")  # a span, so the gap after it stays plain
    title.append(TITLE_GAP)
    title.append(type_label(row.resource_type), style="dim")
    if row.physical_id and row.physical_id != row.logical_id:
        title.append(TITLE_GAP)
        title.append(row.physical_id, style="dim")
    return title


def row_detail(row: ResourceRow) -> Text | None:
    """Status and the latest reason (whole: the view wraps it); None for a boot phase to come."""
    if row.is_boot:
        if row.failed and row.reason:
            return Text(row.reason, style="red")
        return None
    detail = Text(row.status, style=status_mark(row.status)[1])
    if row.reason:
        detail.append("  ")
        detail.append(row.reason, style="red" if row.failed else "")
    return detail


def row_body(row: ResourceRow) -> Text:
    body = row_title(row)
    detail = row_detail(row)
    if detail is not None:
        body.append("\n")
        body.append_text(detail)
    body.overflow = "fold"  # a long id or URL breaks inside, never cut
    return body


def estimate_line(estimate: Estimate | None) -> str | None:
    if estimate is None:
        return None
    key = "resview.estimate.left"
    if estimate.overdue:
        key = "resview.estimate.overdue" if estimate.remaining_s >= 1 else "resview.estimate.late"
    return t(key, left=duration(estimate.remaining_s))


def body_key(row: ResourceRow) -> tuple[object, ...]:
    """What a row's title and detail are drawn from (not its times: those are the head)."""
    return (
        row.key,
        row.logical_id,
        row.resource_type,
        row.status,
        row.reason,
        row.physical_id,
        row.at_s,
    )


def body_cells(width: int) -> int:
    """The body column: the width less the icon, two gaps and the timer."""
    return max(1, width - 1 - 2 * len(GAP) - TIMER_CELLS)


class RowPainter:
    """Lays out rows as Strips, each row's body once per content and width (the cache)."""

    def __init__(self, console: Console, options: ConsoleOptions) -> None:
        self.console = console
        self.options = options
        self._bodies: dict[tuple[object, ...], list[Strip]] = {}

    def _render(self, text: Text, width: int, base: Style) -> list[Strip]:
        options = self.options.update(width=width, highlight=False)
        lines = self.console.render_lines(text, options, style=base, pad=True)
        return [Strip(line, width) for line in lines]

    def body(self, row: ResourceRow, width: int, base: Style) -> list[Strip]:
        key = (width, base, *body_key(row))
        strips = self._bodies.get(key)
        if strips is None:
            strips = self._render(row_body(row), body_cells(width), base)
            self._bodies[key] = strips
        return strips

    def height(self, row: ResourceRow, width: int, base: Style) -> int:
        """How many lines a row takes at ``width``. When every line of its text fits (the
        usual case) that is its number of lines, with nothing laid out: a burst that changed
        50 rows then costs no wrapping at all until a row is drawn, and only the rows on
        screen are drawn. A longer text is laid out here (and kept for drawing)."""
        strips = self._bodies.get((width, base, *body_key(row)))
        if strips is not None:
            return len(strips)
        cells = body_cells(width)
        lines = row_body(row).plain.split("\n")
        if all("\t" not in line and cell_len(line) <= cells for line in lines):
            return len(lines)
        return len(self.body(row, width, base))

    def footer(self, line: str | None, width: int, base: Style) -> list[Strip]:
        if line is None:
            return []
        key = (width, base, "estimate", line)
        strips = self._bodies.get(key)
        if strips is None:
            strips = self._render(Text(line, style="italic"), width, base)
            self._bodies[key] = strips
        return strips

    def forget_others(self, rows: Sequence[ResourceRow], width: int, base: Style) -> None:
        """Bound the cache: drop bodies of statuses no row shows any more. The rows shown
        keep theirs: clearing them all made the next layout draw every row again at once
        (~15 ms with 50 resources, a stall in the 500-event run)."""
        if len(self._bodies) > 4 * len(rows) + 16:
            shown = {(width, base, *body_key(row)) for row in rows}
            self._bodies = {key: lines for key, lines in self._bodies.items() if key in shown}

    def line(self, row: ResourceRow, k: int, now: datetime, width: int, base: Style) -> Strip:
        """Line ``k`` of a row: the first carries the icon and the timer."""
        body = self.body(row, width, base)[k]
        gap = Segment(GAP, base)
        if k:
            blank_icon = Segment(" ", base)
            blank_timer = Segment(" " * TIMER_CELLS, base)
            return Strip([blank_icon, gap, *body, gap, blank_timer], width)
        icon, style = row_mark(row, now)
        timer = row_timer(row, now)
        cells = cell_len(timer)
        if cells > TIMER_CELLS:  # never wider than its column
            timer, cells = set_cell_size(timer, TIMER_CELLS), TIMER_CELLS
        segments = [
            # The gap shares the icon's style: a plain space before the body would merge with
            # it, and some SVG viewers swallow a leading space (the snapshots showed "✓Docker").
            Segment(icon + GAP, base + Style.parse(style)),
            *body,
            gap,
            Segment(" " * (TIMER_CELLS - cells), base),
            Segment(timer, base + Style.parse("dim")),
        ]
        return Strip(segments, width)

    def lines(
        self,
        rows: Sequence[ResourceRow],
        now: datetime,
        estimate: Estimate | None,
        width: int,
        base: Style | None = None,
    ) -> list[Strip]:
        """Every line at ``width`` (the widget draws one at a time; this is for tests/prints)."""
        style = base or Style()
        out: list[Strip] = []
        for row in rows:
            for k in range(len(self.body(row, width, style))):
                out.append(self.line(row, k, now, width, style))
        out.extend(self.footer(estimate_line(estimate), width, style))
        return out


def plain_lines(
    rows: Sequence[ResourceRow], now: datetime, width: int, estimate: Estimate | None = None
) -> list[str]:
    """The view as plain text lines at ``width`` columns (a console without colours)."""
    console = Console(width=width, color_system=None, file=None, legacy_windows=False)
    painter = RowPainter(console, console.options)
    return [strip.text.rstrip() for strip in painter.lines(rows, now, estimate, width)]


class ResourceView(Widget):
    """Redrawn by the screen (``show``) and by its own ticker while something is in progress."""

    DEFAULT_CSS = """
    ResourceView { width: 1fr; height: auto; padding: 0 1; }
    """

    def __init__(
        self,
        rows: Sequence[ResourceRow] = (),
        now: datetime | None = None,
        estimate: Estimate | None = None,
        *,
        id: str | None = None,
    ) -> None:
        """Drawn at once from ``rows`` when given (a recompose shows them without a wait)."""
        super().__init__(id=id)
        self.rows: tuple[ResourceRow, ...] = tuple(rows)
        self.estimate = estimate
        self._now = now
        self._painter: RowPainter | None = None
        # y -> (row index, line in row); row index -1 = the estimate line. Per width and shape.
        self._index: list[tuple[int, int]] = []
        self._index_of: tuple[object, ...] | None = None
        self._heads: dict[int, tuple[str, str]] = {}  # row index -> (icon, timer) last drawn

    # -- layout ---------------------------------------------------------------------------
    def _paint(self) -> RowPainter:
        if self._painter is None:
            app: App[object] = self.app
            self._painter = RowPainter(app.console, app.console_options)
        return self._painter

    def _shape(self, width: int) -> tuple[object, ...]:
        return (width, tuple(body_key(r) for r in self.rows), estimate_line(self.estimate))

    def _ensure_index(self, width: int) -> list[tuple[int, int]]:
        shape = self._shape(width)
        if shape == self._index_of:
            return self._index
        painter, base = self._paint(), self.visual_style.rich_style
        painter.forget_others(self.rows, width, base)
        index: list[tuple[int, int]] = []
        if self._now is not None:
            for i, row in enumerate(self.rows):
                index.extend((i, k) for k in range(painter.height(row, width, base)))
            footer = painter.footer(estimate_line(self.estimate), width, base)
            index.extend((-1, k) for k in range(len(footer)))
        self._index, self._index_of = index, shape
        return index

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return len(self._ensure_index(width)) if width > 0 else 0

    # -- drawing --------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.visual_style.rich_style
        index = self._ensure_index(width)
        if self._now is None or y >= len(index) or width <= 0:
            return Strip.blank(width, base)
        i, k = index[y]
        painter = self._paint()
        if i < 0:
            return painter.footer(estimate_line(self.estimate), width, base)[k]
        row = self.rows[i]
        if k == 0:
            self._heads[i] = (row_mark(row, self._now)[0], row_timer(row, self._now))
        return painter.line(row, k, self._now, width, base)

    def show(
        self, rows: Sequence[ResourceRow], now: datetime, estimate: Estimate | None = None
    ) -> None:
        before = self._shape(self.size.width)
        old_height = len(self._index)
        self.rows, self.estimate, self._now = tuple(rows), estimate, now
        if not self.is_mounted or self.size.width <= 0:
            self.refresh(layout=True)
            return
        if self._shape(self.size.width) != before:
            # New rows, statuses, reasons or another estimate: redraw it all from the cache;
            # lay the screen out again only when the number of lines changed.
            index = self._ensure_index(self.size.width)
            self._heads.clear()
            self.refresh(layout=len(index) != old_height)
            return
        # Only the spinner and the timers moved: redraw the first line of the rows that changed.
        regions = []
        for y, (i, k) in enumerate(self._ensure_index(self.size.width)):
            if i < 0 or k:
                continue
            row = self.rows[i]
            head = (row_mark(row, now)[0], row_timer(row, now))
            if self._heads.get(i) != head:
                regions.append(Region(0, y, self.size.width, 1))
        if regions:
            self.refresh(*regions)

    def text(self) -> str:
        """The plain text shown, one line per row's title and one for its detail (for tests)."""
        if self._now is None:
            return ""
        lines = []
        for row in self.rows:
            icon, _style = row_mark(row, self._now)
            lines.append(f"{icon} {row_title(row).plain}")
            detail = row_detail(row)
            if detail is not None:
                lines.append(f"  {detail.plain}")
        return "\n".join(lines)
