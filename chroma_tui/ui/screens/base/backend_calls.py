"""Blocking backend calls from a screen: run in a thread worker, answered on the event loop.

``call_backend(fn, *args, on_done=self.show, on_error=self.explain)`` runs ``fn(*args)`` in a
thread; ``on_done(value)`` or ``on_error(error)`` then runs on the event loop (never in the
thread: screens assign their state only there). ``fn``'s return type is what ``on_done`` must
accept, so a type checker sees a mismatched or misspelt callback. One call per ``on_done`` at a
time (exclusive per group): a new call cancels the stale one, whose answer is then dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from textual.worker import Worker, get_current_worker

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.ui.messages import BackendAnswered

R = TypeVar("R")


class UnexpectedError(ChromaTuiError):
    """A backend call raised something that is not a ChromaTuiError (a bug, a library surprise)."""


class BackendCalls:
    """Mixin for Screens (listed before the Screen class)."""

    UNEXPECTED_KEY = "run.error.unexpected"

    def call_backend(
        self,
        fn: Callable[..., R],
        *args: Any,
        on_done: Callable[[R], object],
        on_error: Callable[[ChromaTuiError], object] | None = None,
    ) -> Worker[None]:
        name = getattr(on_done, "__name__", "call")
        return self.run_worker(  # type: ignore[attr-defined,no-any-return]
            partial(self._call, fn, args, on_done, on_error),
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group=f"{type(self).__name__}.{name}",
            name=name,
        )

    def _call(
        self,
        fn: Callable[..., R],
        args: tuple[Any, ...],
        on_done: Callable[[R], object],
        on_error: Callable[[ChromaTuiError], object] | None,
    ) -> None:
        """Thread side: only the answer crosses to the loop, as a message."""
        worker = get_current_worker()
        post = self.post_message  # type: ignore[attr-defined]
        try:
            value = fn(*args)
        except ChromaTuiError as error:
            if on_error is not None and not worker.is_cancelled:
                post(BackendAnswered(partial(on_error, error), worker))
            return
        except Exception as error:  # shown to the user instead of crashing
            if on_error is not None and not worker.is_cancelled:
                unexpected = UnexpectedError(self.UNEXPECTED_KEY, raw=f"{error!r}")
                post(BackendAnswered(partial(on_error, unexpected), worker))
            return
        if not worker.is_cancelled:
            post(BackendAnswered(partial(on_done, value), worker))

    def on_backend_answered(self, message: BackendAnswered) -> None:
        """Event loop side: deliver the answer unless its call was cancelled meanwhile."""
        message.stop()
        if not message.worker.is_cancelled:
            message.deliver()
