"""The TUI's backend process: the real ``Backend`` (boto3 and all) serving calls over a pipe.

Run as ``python -m chroma_tui.core.backend_child FD``, where FD is this end of a socket pair
(``backend_remote`` starts it). Why a process of its own: botocore parses megabytes of service
models and every response in Python, and whichever thread does it shares one GIL with the
TUI's event loop. Here it has its own, and the TUI only waits on a pipe (issue 10, item 7).

Each call runs in its own thread; what crosses the pipe is described in ``backend_wire``. The
process ends when the pipe closes (the TUI quit or was killed), abandoning calls still running,
as the TUI did with its own worker threads before.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import pickle
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from chroma_tui import i18n
from chroma_tui.core.backend import OFFICIAL_TEMPLATE_URL, Backend
from chroma_tui.core.backend_api import BackendAPI, StackStream
from chroma_tui.core.backend_wire import (
    Callback,
    StopMarker,
    StreamHandle,
    StreamStep,
    portable_error,
)
from chroma_tui.core.priority import NICENESS, yield_cpu
from chroma_tui.core.state import DeploymentStore

log = logging.getLogger(__name__)

LOG_FILE_NAME = "chroma-tui-aws.log"  # beside the TUI's own log: one writer per file

# The calls served: BackendAPI's methods, plus the two a stream needs across the pipe.
SERVED = frozenset(
    name
    for name in dir(BackendAPI)
    if not name.startswith("_") and callable(getattr(BackendAPI, name))
)
STREAM_OPENERS = frozenset({"stream", "delete"})


@dataclass
class _Kept:
    """A stream living here; ``stop`` is the flag of the ``stream_next`` call in progress."""

    stream: StackStream
    stop: threading.Event = field(default_factory=threading.Event)
    updates: Any = None  # the generator in progress (None: the next call starts one)
    sent: int = 0  # how many of stream.events the UI has


class Server:
    """Reads calls from ``conn`` and answers each from a thread of its own."""

    def __init__(self, conn: Connection, backend: Backend) -> None:
        self.conn = conn
        self.backend = backend
        self._send_lock = threading.Lock()
        self._stops: dict[int, threading.Event] = {}
        self._streams: dict[int, _Kept] = {}
        self._numbers = itertools.count(1)

    def serve(self) -> None:
        """Until the pipe closes."""
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                return
            kind = message[0]
            if kind == "call":
                _, call_id, language, profile, method, args, kwargs = message
                # Here, in the order the calls were sent: a profile chosen on the
                # Credentials step holds for every call sent after it, as it did in process.
                if profile != self.backend.profile:
                    self.backend.set_profile(profile)
                # Registered before the thread runs: a cancel read next is never missed.
                self._stops[call_id] = threading.Event()
                threading.Thread(
                    target=self._run,
                    args=(call_id, language, method, args, kwargs),
                    name=f"call-{method}",
                    daemon=True,
                ).start()
            elif kind == "language":  # what a running call says from now on
                i18n.set_language(message[1])
            elif kind == "cancel":
                stop = self._stops.get(message[1])
                if stop is not None:
                    stop.set()

    def send(self, message: tuple[Any, ...]) -> None:
        """Send ``message``; raises only when it cannot be pickled (nothing is sent then)."""
        payload = pickle.dumps(message)
        # The TUI gone (OSError, ValueError): nobody is left to answer.
        with self._send_lock, contextlib.suppress(OSError, ValueError):
            self.conn.send_bytes(payload)

    def _run(
        self,
        call_id: int,
        language: str,
        method: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> None:
        stop = self._stops.setdefault(call_id, threading.Event())
        try:
            if i18n.get_language() != language:
                i18n.set_language(language)
            value = self._dispatch(call_id, stop, method, args, kwargs)
            try:
                self.send(("done", call_id, value))
            except Exception as exc:  # an answer that cannot cross: its caller must hear
                log.exception("the answer of %s cannot be sent", method)
                raise RuntimeError(
                    f"the answer of {method} cannot cross to the TUI: {type(exc).__name__}: {exc}"
                ) from exc
        except BaseException as exc:  # every failure goes back to the caller, typed
            if not isinstance(exc, Exception):
                log.warning("call %s ended by %r", method, exc)
            self.send(("fail", call_id, portable_error(exc)))
        finally:
            self._stops.pop(call_id, None)

    def _dispatch(
        self,
        call_id: int,
        stop: threading.Event,
        method: str,
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> Any:
        if method == "stream_next":
            return self._stream_next(args[0], stop)
        if method == "stream_close":
            self._streams.pop(args[0].number, None)
            return None
        if method not in SERVED:
            raise AttributeError(f"the backend has no call {method!r}")
        if method in STREAM_OPENERS:
            return self._open_stream(method, args, kwargs)
        for name, value in list(kwargs.items()):
            if isinstance(value, StopMarker):
                kwargs[name] = stop.is_set
            elif isinstance(value, Callback):
                kwargs[name] = self._relay(call_id, value.slot)
        return getattr(self.backend, method)(*args, **kwargs)

    def _relay(self, call_id: int, slot: str) -> Any:
        def relay(value: Any) -> None:
            self.send(("event", call_id, slot, value))

        return relay

    def _open_stream(self, method: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        kept: _Kept | None = None

        def stopped() -> bool:
            return kept is not None and kept.stop.is_set()

        kwargs = {k: v for k, v in kwargs.items() if not isinstance(v, StopMarker)}
        stream = getattr(self.backend, method)(*args, should_stop=stopped, **kwargs)
        kept = _Kept(stream)
        number = next(self._numbers)
        self._streams[number] = kept
        return StreamHandle(number)

    def _stream_next(self, handle: StreamHandle, stop: threading.Event) -> StreamStep:
        kept = self._streams.get(handle.number)
        if kept is None:
            raise LookupError(f"no stream {handle.number}")
        kept.stop = stop
        if kept.updates is None:
            kept.updates = kept.stream.updates()
        try:
            update = next(kept.updates)
        except StopIteration:
            update = None
            kept.updates = None
        except BaseException:
            kept.updates = None  # the next call resumes with a new generator (no event lost)
            raise
        events = tuple(kept.stream.events[kept.sent :])
        kept.sent += len(events)
        return StreamStep(update, kept.stream.stack, events)


def _warm() -> None:
    """Import boto3 while the user reads the first screen (the first AWS call is then quick)."""
    try:
        from chroma_tui.core import aws  # noqa: F401
    except Exception:  # pragma: no cover - the call that needs it will say why
        log.exception("importing the AWS layer failed")


def serve(argv: list[str], make_backend: Callable[[dict[str, Any]], Backend]) -> int:
    """``FD SETTINGS``: serve the backend ``make_backend(settings)`` builds on that descriptor
    until it closes. SETTINGS is a JSON object: the profile, region, template source and store
    directory the TUI was started with."""
    from chroma_tui.core.logs import setup_logging

    # Background work: when the cores are busy, the TUI's frames come first (its children,
    # the chromadb probe among them, inherit this; core/priority.py says why the session too).
    yield_cpu(NICENESS)

    with contextlib.suppress(OSError):  # the TUI says so already (same directory)
        setup_logging(file_name=LOG_FILE_NAME)
    conn = Connection(int(argv[0]))
    settings = json.loads(argv[1]) if len(argv) > 1 else {}
    backend = make_backend(settings)
    threading.Thread(target=_warm, name="warm", daemon=True).start()
    Server(conn, backend).serve()
    return 0


def aws_backend(settings: dict[str, Any]) -> Backend:
    """The real ``Backend``, as the TUI was started (its profile, region, template, store)."""
    store = settings.get("store")
    return Backend(
        profile=settings.get("profile"),
        region=settings.get("region"),
        store=DeploymentStore(Path(store)) if store else None,
        template_source=settings.get("template_source") or OFFICIAL_TEMPLATE_URL,
    )


def main(argv: list[str]) -> int:
    return serve(argv, aws_backend)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
