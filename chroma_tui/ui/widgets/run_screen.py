"""The base of the run screens (launch, waiting, connected, failure, cleanup, deployments).

Like the wizard steps, a run screen keeps its state in attributes and builds its text in
``compose()`` with ``t()``, so a language switch can ``recompose()`` it without losing anything.
Blocking backend calls run in thread workers and come back as BackendDone / BackendFailed.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from typing import TYPE_CHECKING, Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from chroma_tui.ui.app_access import chroma_app
from chroma_tui.ui.widgets.backend_calls import BackendCalls, UnexpectedError
from chroma_tui.ui.widgets.run_support import now

if TYPE_CHECKING:
    from chroma_tui.core.backend_api import BackendAPI


class RunScreen(BackendCalls, Screen[None]):
    """Common plumbing: the backend, the clock, threaded calls, safe widget updates."""

    @property
    def backend(self) -> BackendAPI:
        return chroma_app(self).backend

    def now(self) -> datetime:
        return now(self.app)

    # -- widget helpers -------------------------------------------------------------------
    def set_text(self, selector: str, text: str) -> None:
        """Update a Static if it is mounted (it may be mid-recompose)."""
        with contextlib.suppress(NoMatches):
            self.query_one(selector, Static).update(text)

    def maybe(self, selector: str, kind: type[Widget] = Widget) -> Any:
        """The widget matching ``selector``, or None while it is not mounted."""
        try:
            return self.query_one(selector, kind)
        except NoMatches:
            return None


RunUnexpectedError = UnexpectedError  # the name the streaming screens use
