"""The live resource view: one row per resource (and boot phase), icon or spinner, own timer,
and the latest reason wrapped beneath it, never cut. The model is core/resource_view.py; this
widget only draws it (a Rich grid in a Static, so the reason column wraps at any width).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widget import Widget

from chroma_tui.core.durations import Estimate
from chroma_tui.core.resource_view import ResourceRow
from chroma_tui.core.timefmt import duration
from chroma_tui.i18n import t
from chroma_tui.ui.widgets.event_table import status_mark, type_label

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
TIMER_CELLS = 12
SPIN_HZ = 8  # frames per second, from the app clock (frozen in snapshots: still pictures)


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


def row_title(row: ResourceRow) -> Text:
    if row.is_boot:
        title = Text(t(f"boot.phase.{row.logical_id}"), style="dim" if row.pending else "")
        if row.at_s is not None:
            title.append(t("resview.boot.at", at=f"{row.at_s:.0f}"), style="dim")
        return title
    title = Text(row.logical_id, style="bold")
    title.append(f"  {type_label(row.resource_type)}", style="dim")
    if row.physical_id and row.physical_id != row.logical_id:
        title.append(f"  {row.physical_id}", style="dim")
    return title


def row_detail(row: ResourceRow) -> Text | None:
    """Status and the latest reason (whole: the grid wraps it); None for a boot phase to come."""
    if row.is_boot:
        if row.failed and row.reason:
            return Text(row.reason, style="red")
        return None
    detail = Text(row.status, style=status_mark(row.status)[1])
    if row.reason:
        detail.append("  ")
        detail.append(row.reason, style="red" if row.failed else "")
    return detail


def render_rows(
    rows: Sequence[ResourceRow], now: datetime, estimate: Estimate | None = None
) -> RenderableType:
    grid = Table.grid(padding=(0, 1), expand=True)
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1, overflow="fold")
    # A fixed width ("59 min 59 s", "1 小时 02 分"): a ticking timer never rewraps the reasons.
    grid.add_column(justify="right", no_wrap=True, width=TIMER_CELLS)
    for row in rows:
        icon, style = row_mark(row, now)
        timer = "" if row.started is None else duration(row.elapsed_s(now))
        body = row_title(row)
        detail = row_detail(row)
        if detail is not None:
            body.append("\n")
            body.append_text(detail)
        grid.add_row(Text(icon, style=style), body, Text(timer, style="dim", justify="right"))
    line = estimate_line(estimate)
    return grid if line is None else Group(grid, Text(line, style="italic"))


def estimate_line(estimate: Estimate | None) -> str | None:
    if estimate is None:
        return None
    key = "resview.estimate.left"
    if estimate.overdue:
        key = "resview.estimate.overdue" if estimate.remaining_s >= 1 else "resview.estimate.late"
    return t(key, left=duration(estimate.remaining_s))


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
        self._last_shape = self._shape(self.rows, estimate)

    def show(
        self, rows: Sequence[ResourceRow], now: datetime, estimate: Estimate | None = None
    ) -> None:
        shape = self._shape(rows, estimate)
        self.rows, self.estimate, self._now = tuple(rows), estimate, now
        # The spinner and the row timers change no line count: repaint only (4 times a second).
        # New rows, statuses, reasons or another estimate text may: lay the screen out again.
        self.refresh(layout=shape != self._last_shape)
        self._last_shape = shape

    @staticmethod
    def _shape(rows: Sequence[ResourceRow], estimate: Estimate | None) -> tuple[object, ...]:
        rows_shape = tuple((r.key, r.status, r.reason, r.physical_id) for r in rows)
        return (rows_shape, estimate_line(estimate))

    def render(self) -> RenderableType:
        if self._now is None:
            return ""
        return render_rows(self.rows, self._now, self.estimate)

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
