"""Thread workers that never hold the process at exit.

Textual runs ``@work(thread=True)`` workers on the event loop's default executor. asyncio's
own ThreadPoolExecutor is joined when the loop shuts down (and again at interpreter exit), so a
blocking AWS call still in flight — a CreateStack that will take botocore ~2 minutes to give up —
kept the process alive, the terminal blank, after the user chose to quit. Here each call runs
in its own daemon thread: quitting leaves it behind. Nothing is lost by that: every record is
saved before its request is sent, and says what to check (a PENDING record is looked up by its
token on the next ``status`` or start of the TUI).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")


class DaemonThreadExecutor(ThreadPoolExecutor):
    """One daemon thread per call; ``shutdown`` never waits.

    A ThreadPoolExecutor only because asyncio's ``set_default_executor`` insists on one; its
    own pool (whose threads are joined at exit) is never started.
    """

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        future: Future[T] = Future()

        def run() -> None:
            if not future.set_running_or_notify_cancel():
                return
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # handed to the awaiting worker, like any executor
                future.set_exception(exc)
            else:
                future.set_result(result)

        threading.Thread(target=run, name="chroma-tui-call", daemon=True).start()
        return future

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Calls still running are left behind on purpose (see the module docstring)."""
