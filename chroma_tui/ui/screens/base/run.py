"""The base of the run screens (launch, waiting, connected, failure, cleanup, deployments).

Like the wizard steps, a run screen keeps its state in attributes and builds its text in
``compose()`` with ``t()``, so a language switch can ``recompose()`` it without losing anything.
Blocking backend calls run in thread workers; their answers come back on the event loop
(``BackendCalls.call_backend``). Where the user goes next is not the screen's call: it posts an
outcome (``ui/outcomes.py``) with ``go()`` and the app's navigator opens the next screen.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from chroma_tui.ui.app_access import chroma_app
from chroma_tui.ui.outcomes import USER_ASKED, Outcome
from chroma_tui.ui.screens.base.backend_calls import BackendCalls, UnexpectedError
from chroma_tui.ui.screens.base.first_frame import FirstFrameAlone

if TYPE_CHECKING:
    from textual.app import App

    from chroma_tui.core.backend_api import BackendAPI


def now(app: App[Any]) -> datetime:
    """The app's clock (frozen in snapshots) as an aware datetime; the system clock otherwise."""
    clock = getattr(app, "clock", None)
    value: Any = clock() if callable(clock) else datetime.now(timezone.utc)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, timezone.utc)
    if isinstance(value, datetime):
        return value if value.tzinfo else value.astimezone()
    return datetime.now(timezone.utc)


def update_text(widget: Static, text: str) -> None:
    """``widget`` shows ``text``: nothing when it does already, a repaint when the text keeps
    its height at the widget's width, else a repaint and a layout."""
    if isinstance(widget.content, str) and widget.content == text:
        return
    width = widget.content_size.width
    sized_by_text = widget.styles.width is not None and widget.styles.width.is_auto
    if not widget.is_mounted or width <= 0 or sized_by_text:
        widget.update(text)  # its width follows the text, or it is not laid out yet
        return
    size = widget.content_size
    before = widget.get_content_height(size, size, width)
    widget.update(text, layout=False)
    if widget.get_content_height(size, size, width) != before:
        widget.refresh(layout=True)


class RunScreen(FirstFrameAlone, BackendCalls, Screen[None]):
    """Common plumbing: the backend, the clock, threaded calls, safe widget updates."""

    @property
    def backend(self) -> BackendAPI:
        return chroma_app(self).backend

    def now(self) -> datetime:
        return now(self.app)

    _held: Outcome | None = None  # an outcome that waits for the screens above to close

    def go(self, outcome: Outcome) -> None:
        """Tell the navigator how this screen ended; it decides what comes next.

        While something covers this screen (a confirmation, the command palette), the outcome
        waits until it closes: the navigator replaces the top screen, which would have been the
        dialog, leaving this screen under the next one."""
        outcome.origin = self
        covered = self.is_attached and self.app.screen is not self and self in self.app.screen_stack
        if covered and not isinstance(outcome, USER_ASKED):  # a stale key press is dropped
            self._held = outcome
            return
        self.app.post_message(outcome)

    def on_screen_resume(self) -> None:
        held, self._held = self._held, None
        if held is not None:
            self.app.post_message(held)

    # -- widget helpers -------------------------------------------------------------------
    def set_text(self, selector: str, text: str) -> None:
        """Update a Static if it is mounted (it may be mid-recompose).

        Timers call this every second: the screen is laid out again only when the text's
        height changes (a layout of a run screen is 5-15 ms of the loop; a repaint is not)."""
        with contextlib.suppress(NoMatches):
            update_text(self.query_one(selector, Static), text)

    def maybe(self, selector: str, kind: type[Widget] = Widget) -> Any:
        """The widget matching ``selector``, or None while it is not mounted."""
        try:
            return self.query_one(selector, kind)
        except NoMatches:
            return None


RunUnexpectedError = UnexpectedError  # the name the streaming screens use
