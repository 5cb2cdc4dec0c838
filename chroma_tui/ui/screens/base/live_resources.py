"""The base of the screens that show the live resource view (launch/delete stream, waiting):
the typical durations loaded once, and the view rebuilt on a spinner tick while a row is in
progress. Subclasses say which rows are shown and what is left (``rows``, ``time_left``)."""

from __future__ import annotations

from chroma_tui.core.durations import TYPICAL_S, Estimate, load_typical
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.resource_view import ResourceRow
from chroma_tui.ui.screens.base.run import RunScreen
from chroma_tui.ui.widgets.resource_view import ResourceView

#: How often an in-progress row's spinner (and its elapsed time) moves.
SPINNER_S = 0.25


class LiveResourcesScreen(RunScreen):
    def __init__(self) -> None:
        super().__init__()
        self.typical: dict[str, float] = dict(TYPICAL_S)

    def start_live_view(self) -> None:
        """From ``on_mount``: the spinner's timer, and the saved typical durations."""
        self.set_interval(SPINNER_S, self.refresh_spinner)
        self.call_backend(load_typical, on_done=self.done_typical, on_error=self.failed_typical)

    def done_typical(self, typical: dict[str, float]) -> None:
        self.typical = typical
        self.refresh_view()

    def failed_typical(self, error: ChromaTuiError) -> None:
        """The defaults stay (an unreadable history never matters)."""

    def rows(self) -> list[ResourceRow]:
        raise NotImplementedError

    def time_left(self, rows: list[ResourceRow]) -> Estimate | None:
        raise NotImplementedError

    def refresh_view(self) -> None:
        view = self.maybe("#resources", ResourceView)
        if view is not None:
            rows = self.rows()
            view.show(rows, self.now(), self.time_left(rows))

    def refresh_spinner(self) -> None:
        view = self.maybe("#resources", ResourceView)
        if view is not None and view.display and any(r.in_progress for r in view.rows):
            self.refresh_view()
