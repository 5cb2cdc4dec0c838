"""What crosses the pipe between the TUI and its backend process (``backend_remote`` and
``backend_child``).

Every message is a pickled tuple whose first item names its kind:

UI → backend process
    ``("call", call_id, language, method, args, kwargs)``: run ``Backend.<method>``. Callable
    arguments cannot cross a pipe, so each is replaced by a marker: :class:`Callback` for
    ``on_*`` callbacks, :data:`STOP_FLAG` for ``should_stop``.
    ``("cancel", call_id)``: the caller's stop flag became true; the call's flag is set.

backend process → UI
    ``("event", call_id, slot, value)``: the call invoked its callback ``slot`` with ``value``.
    ``("done", call_id, value)`` / ``("fail", call_id, error)``: the call returned / raised.

Results are the frozen dataclasses of ``core.models``; errors are ``core.errors`` types (they
pickle with their key and parameters). A stream (``stream``, ``delete``) stays in the backend
process as a :class:`StreamHandle`; the UI pulls its updates with the ``stream_next`` call.
"""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from typing import Any

from chroma_tui.core.models import StackEvent, StackSnapshot, StreamUpdate

CALLBACK_SLOTS = ("on_attempt", "on_boot", "on_update")
STOP_FLAG = "should_stop"


@dataclass(frozen=True)
class Callback:
    """Stands for a callable argument; the backend process sends its calls back as events."""

    slot: str


@dataclass(frozen=True)
class StopMarker:
    """Stands for ``should_stop``: true in the backend process once the UI sent ``cancel``."""


@dataclass(frozen=True)
class StreamHandle:
    """A stream kept in the backend process, named by its number there."""

    number: int


@dataclass(frozen=True)
class StreamStep:
    """One ``stream_next`` answer: the update (None: the stream ended) and the stream's state."""

    update: StreamUpdate | None
    stack: StackSnapshot | None
    new_events: tuple[StackEvent, ...]


def portable_error(exc: BaseException) -> BaseException:
    """``exc`` itself when it survives pickling, else a RuntimeError naming it (a bug's
    exception type may hold a lock, a socket or a frame; its words are what matter)."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return exc


def marked(kwargs: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """``kwargs`` with its callables replaced by markers, and the callables by slot."""
    sent: dict[str, Any] = {}
    local: dict[str, Any] = {}
    for name, value in kwargs.items():
        if name == STOP_FLAG:
            local[name] = value
            sent[name] = StopMarker()
        elif name in CALLBACK_SLOTS:
            if value is not None:
                local[name] = value
                sent[name] = Callback(name)
            else:
                sent[name] = None
        else:
            sent[name] = value
    return sent, local
