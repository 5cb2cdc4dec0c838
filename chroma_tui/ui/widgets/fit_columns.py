"""Column widths for a DataTable that must fit its width (80 columns): every column as wide as
its widest cell when that fits; otherwise the columns that may shrink are cut, the widest
first, never below their minimum, and their cells end in "…" instead of running off screen."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable

#: A stack name is cut (with "…") no shorter than this when its table is too wide.
NAME_MIN = 10


def fit_widths(natural: Sequence[int], minimum: Sequence[int], room: int, gap: int) -> list[int]:
    """Widths for columns of ``natural`` widths in ``room`` cells, ``gap`` cells around each
    (the table's cell padding, both sides). A column shrinks only down to its ``minimum``
    (equal to its natural width: it never shrinks); what cannot fit is left to scroll."""
    widths = list(natural)
    over = sum(widths) + gap * len(widths) - room
    while over > 0:
        slack = [(w - m, i) for i, (w, m) in enumerate(zip(widths, minimum, strict=True)) if w > m]
        if not slack:
            break
        _, widest = max(slack)
        widths[widest] -= 1
        over -= 1
    return widths


def cell_text(cell: str | Text) -> Text:
    """A cell on one line that ends in "…" when its column is cut."""
    text = cell.copy() if isinstance(cell, Text) else Text(cell)
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


def fill_fitted(
    table: DataTable[str | Text],
    columns: Sequence[tuple[str, str, int | None]],
    rows: Sequence[tuple[str, Sequence[str | Text]]],
) -> None:
    """Clear ``table`` and fill it: ``columns`` are (key, label, minimum width or None for a
    column that never shrinks), ``rows`` are (row key, cells). Widths are explicit (measured by
    the table itself they would depend on when it idles) and fit the table's present width."""
    table.clear(columns=True)
    natural = [
        max([cell_len(label), *(cell_len(str(cells[i])) for _, cells in rows)])
        for i, (_, label, _) in enumerate(columns)
    ]
    minimum = [
        n if low is None else min(n, low) for n, (_, _, low) in zip(natural, columns, strict=True)
    ]
    room = table.scrollable_content_region.width
    widths = fit_widths(natural, minimum, room, 2 * table.cell_padding) if room else natural
    for (key, label, _), width in zip(columns, widths, strict=True):
        table.add_column(label, key=key, width=width)
    for key, cells in rows:
        table.add_row(*(cell_text(cell) for cell in cells), key=key)
