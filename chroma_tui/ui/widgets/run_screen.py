"""The base of the run screens (launch, waiting, connected, failure, cleanup, deployments).

Like the wizard steps, a run screen keeps its state in attributes and builds its text in
``compose()`` with ``t()``, so a language switch can ``recompose()`` it without losing anything.
Blocking backend calls run in thread workers and come back as BackendDone / BackendFailed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static
from textual.worker import Worker, get_current_worker

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.ui.messages import BackendDone, BackendFailed
from chroma_tui.ui.widgets.run_support import now

if TYPE_CHECKING:
    from chroma_tui.core.backend import Backend


class RunUnexpectedError(ChromaTuiError):
    """A backend call raised something that is not a ChromaTuiError (a bug, a library surprise)."""


class RunScreen(Screen[None]):
    """Common plumbing: the backend, the clock, threaded calls, safe widget updates."""

    @property
    def backend(self) -> Backend:
        return self.app.backend  # type: ignore[attr-defined,no-any-return]

    def now(self) -> datetime:
        return now(self.app)

    def call_backend(self, name: str, fn: Callable[..., Any], *args: Any) -> Worker[None]:
        """Run ``fn(*args)`` in a thread; post BackendDone/BackendFailed named ``name``."""
        return self.run_worker(
            partial(self._call, name, fn, *args),
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group=f"{type(self).__name__}.{name}",
            name=name,
        )

    def _call(self, name: str, fn: Callable[..., Any], *args: Any) -> None:
        worker = get_current_worker()
        try:
            value = fn(*args)
        except ChromaTuiError as error:
            if not worker.is_cancelled:
                self.post_message(BackendFailed(name, error))
            return
        except Exception as error:  # shown to the user instead of crashing
            if not worker.is_cancelled:
                wrapped = RunUnexpectedError("run.error.unexpected", raw=f"{error!r}")
                self.post_message(BackendFailed(name, wrapped))
            return
        if not worker.is_cancelled:
            self.post_message(BackendDone(name, value))

    def on_backend_done(self, message: BackendDone) -> None:
        handler = getattr(self, f"done_{message.name}", None)
        if handler is not None:
            message.stop()
            handler(message.value)

    def on_backend_failed(self, message: BackendFailed) -> None:
        handler = getattr(self, f"failed_{message.name}", None)
        if handler is not None:
            message.stop()
            handler(message.error)

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
