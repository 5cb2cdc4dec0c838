"""Blocking backend calls from a screen: run in a thread worker, answered as messages.

``call_backend("regions", fn, *args)`` runs ``fn(*args)`` in a thread and posts
``BackendDone("regions", value)`` or ``BackendFailed("regions", error)``; the screen's
``done_regions`` / ``failed_regions`` method receives it on the event loop. One call per name at a
time (exclusive per group): a new call cancels the stale one, whose result is then dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from textual.worker import Worker, get_current_worker

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.ui.messages import BackendDone, BackendFailed


class UnexpectedError(ChromaTuiError):
    """A backend call raised something that is not a ChromaTuiError (a bug, a library surprise)."""


class BackendCalls:
    """Mixin for Screens (listed before the Screen class)."""

    UNEXPECTED_KEY = "run.error.unexpected"

    def call_backend(self, name: str, fn: Callable[..., Any], *args: Any) -> Worker[None]:
        return self.run_worker(  # type: ignore[attr-defined]
            partial(self._call, name, fn, *args),
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group=f"{type(self).__name__}.{name}",
            name=name,
        )

    def _call(self, name: str, fn: Callable[..., Any], *args: Any) -> None:
        worker = get_current_worker()
        post = self.post_message  # type: ignore[attr-defined]
        try:
            value = fn(*args)
        except ChromaTuiError as error:
            if not worker.is_cancelled:
                post(BackendFailed(name, error))
            return
        except Exception as error:  # shown to the user instead of crashing
            if not worker.is_cancelled:
                post(BackendFailed(name, UnexpectedError(self.UNEXPECTED_KEY, raw=f"{error!r}")))
            return
        if not worker.is_cancelled:
            post(BackendDone(name, value))

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
