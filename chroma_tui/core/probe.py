"""Is Chroma answering? A bounded raw heartbeat first, then the real client.

``chromadb.HttpClient`` has no timeout and hangs on a port that accepts but never answers, so
every try is a plain ``GET /api/v2/heartbeat`` with a socket timeout. Only once that answers is
``chromadb`` imported (lazily: it costs about half a second) and asked for its heartbeat and
version, in a daemon thread joined with a timeout so it cannot hang us either.
"""

from __future__ import annotations

import http.client
import json
import threading
import time
from collections.abc import Callable
from typing import Any

from chroma_tui.core.errors import ProbeError
from chroma_tui.core.models import ChromaConnection, ProbeAttempt
from chroma_tui.i18n import t

HEARTBEAT_PATH = "/api/v2/heartbeat"
HEARTBEAT_KEY = "nanosecond heartbeat"
FIRST_DELAY_S = 0.5
MAX_DELAY_S = 5.0
STOP_CHECK_S = 0.2
CLIENT_TIMEOUT_S = 15.0
CLIENT_FAILURES_ALLOWED = 3


def heartbeat_once(host: str, port: int, timeout_s: float = 3.0) -> tuple[int, float]:
    """One raw heartbeat: (nanoseconds, latency in ms). Raises ProbeError with the reason."""
    where = {"host": host, "port": port}
    started = time.perf_counter()
    conn = http.client.HTTPConnection(host, port, timeout=timeout_s)
    try:
        conn.request("GET", HEARTBEAT_PATH, headers={"Accept": "application/json"})
        response = conn.getresponse()
        body = response.read(64 * 1024)
        status = response.status
    except ConnectionRefusedError as exc:
        raise ProbeError("probe.refused", raw=str(exc), **where) from exc
    except TimeoutError as exc:
        raise ProbeError("probe.timeout", raw=str(exc), seconds=timeout_s, **where) from exc
    except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as exc:
        raise ProbeError("probe.closed", raw=str(exc), **where) from exc
    except http.client.HTTPException as exc:  # not HTTP at all
        raise ProbeError("probe.not_chroma", raw=str(exc), **where) from exc
    except OSError as exc:
        raise ProbeError("probe.unreachable", raw=str(exc), **where) from exc
    finally:
        conn.close()
    latency_ms = (time.perf_counter() - started) * 1000
    if status >= 400:
        raise ProbeError(
            "probe.http_error", raw=body[:200].decode("utf-8", "replace"), status=status, **where
        )
    try:
        data = json.loads(body)
        beat = int(data[HEARTBEAT_KEY])
    except (ValueError, KeyError, TypeError) as exc:
        raw = body[:200].decode("utf-8", "replace")
        raise ProbeError("probe.not_chroma", raw=raw, **where) from exc
    return beat, latency_ms


def _client_check(host: str, port: int, timeout_s: float) -> tuple[int, str]:
    """chromadb.HttpClient heartbeat + version, bounded by running it in a daemon thread."""
    result: dict[str, Any] = {}

    def run() -> None:
        try:
            import chromadb  # lazy: heavy import, only needed once Chroma answers
            from chromadb.config import Settings

            client = chromadb.HttpClient(
                host=host, port=port, settings=Settings(anonymized_telemetry=False)
            )
            result["value"] = (int(client.heartbeat()), str(client.get_version()))
        except Exception as exc:
            result["error"] = exc

    worker = threading.Thread(target=run, name="chroma-client-check", daemon=True)
    worker.start()
    worker.join(timeout_s)
    if worker.is_alive():
        raise ProbeError("probe.client_timeout", host=host, port=port, seconds=timeout_s)
    if "error" in result:
        error = result["error"]
        raise ProbeError("probe.client_failed", raw=str(error)[:300], host=host, port=port)
    return result["value"]


def _short(error: ProbeError) -> str:
    return t(f"{error.key}.title", **error.params)


def wait_for_chroma(
    host: str,
    port: int,
    *,
    deadline_s: float = 600,
    per_try_timeout_s: float = 3.0,
    on_attempt: Callable[[ProbeAttempt], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
    sleep: Callable[[float], None] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
    client_timeout_s: float = CLIENT_TIMEOUT_S,
) -> ChromaConnection:
    """Retry the heartbeat with backoff (0.5 s → 5 s) until ``deadline_s``; then the client."""
    start = clock()
    attempt = 0
    delay = FIRST_DELAY_S
    client_failures = 0
    last: ProbeError | None = None
    while True:
        if should_stop():
            raise ProbeError("probe.cancelled", host=host, port=port)
        attempt += 1
        elapsed = clock() - start
        per_try = max(0.2, min(per_try_timeout_s, deadline_s - elapsed))
        try:
            _, latency_ms = heartbeat_once(host, port, per_try)
            beat, version = _client_check(host, port, client_timeout_s)
        except ProbeError as exc:
            last = exc
            if exc.key in ("probe.client_failed", "probe.client_timeout"):
                client_failures += 1
            elapsed = clock() - start
            if on_attempt:
                on_attempt(ProbeAttempt(attempt, elapsed, _short(exc), exc.params.get("status")))
            if client_failures >= CLIENT_FAILURES_ALLOWED:
                raise
            if elapsed + delay > deadline_s:
                raise ProbeError(
                    "probe.deadline",
                    raw=f"{_short(exc)}: {exc.raw}" if exc.raw else _short(exc),
                    host=host,
                    port=port,
                    seconds=int(deadline_s),
                    attempts=attempt,
                ) from exc
            if not _wait(delay, should_stop, sleep):
                raise ProbeError("probe.cancelled", host=host, port=port) from last
            delay = min(MAX_DELAY_S, delay * 2)
            continue
        elapsed = clock() - start
        if on_attempt:
            on_attempt(ProbeAttempt(attempt, elapsed, None, 200))
        return ChromaConnection(
            host=host,
            port=port,
            heartbeat_ns=beat,
            version=version,
            latency_ms=latency_ms,
            attempts=attempt,
            elapsed_s=elapsed,
        )


def _wait(seconds: float, should_stop: Callable[[], bool], sleep: Callable[[float], None]) -> bool:
    remaining = seconds
    while remaining > 0:
        if should_stop():
            return False
        step = min(STOP_CHECK_S, remaining)
        sleep(step)
        remaining -= step
    return not should_stop()
