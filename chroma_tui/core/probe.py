"""Is Chroma answering? A bounded raw heartbeat first, then the real client.

``chromadb.HttpClient`` has no timeout and hangs on a port that accepts but never answers, so
every try is a plain ``GET /api/v2/heartbeat`` with a socket timeout. Only once that answers is
``chromadb.HttpClient`` asked for its heartbeat and version, in a warm child process
(``client_child``) with a timeout, so it can neither hang us nor stall the UI's event loop while
``chromadb`` imports (about half a second of CPU under the GIL).
"""

from __future__ import annotations

import http.client
import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from typing import Any

from chroma_tui.core.errors import ProbeError
from chroma_tui.core.models import ChromaConnection, ProbeAttempt
from chroma_tui.core.retry import Backoff, wait_or_stop
from chroma_tui.i18n import t

HEARTBEAT_PATH = "/api/v2/heartbeat"
HEARTBEAT_KEY = "nanosecond heartbeat"
FIRST_DELAY_S = 0.5
MAX_DELAY_S = 1.0  # a try a second is cheap; slower tries only delay Connected
BACKOFF = Backoff(FIRST_DELAY_S, MAX_DELAY_S)  # 0.5 s, then 1 s between tries
CLIENT_TIMEOUT_S = 15.0
CLIENT_FAILURES_ALLOWED = 3
CLIENT_ERRORS = ("probe.client_failed", "probe.client_timeout")


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


class ClientChecker:
    """A warm ``chromadb.HttpClient`` in a child process (see ``client_child``).

    Started when waiting begins, so the client's import is paid while the server boots and never
    on the UI's event loop; every check is bounded, and a hung child is killed and replaced.
    """

    def __init__(self, python: str = sys.executable) -> None:
        self._python = python
        self._proc: subprocess.Popen[bytes] | None = None
        self._buffer = b""

    def start(self) -> ClientChecker:
        if self._proc is None or self._proc.poll() is not None:
            self._buffer = b""
            self._proc = subprocess.Popen(
                [self._python, "-m", "chroma_tui.core.client_child"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        return self

    def check(self, host: str, port: int, timeout_s: float) -> tuple[int, str]:
        """(heartbeat ns, version) from the real client, or ProbeError within ``timeout_s``."""
        deadline = time.monotonic() + timeout_s
        try:
            self.send({"host": host, "port": port})
            answer = self.receive(deadline)
        except (OSError, ValueError) as exc:
            self.close()
            raise ProbeError("probe.client_failed", raw=str(exc), host=host, port=port) from exc
        if answer is None:
            self.close()
            raise ProbeError("probe.client_timeout", host=host, port=port, seconds=timeout_s)
        if "error" in answer:
            raise ProbeError("probe.client_failed", raw=answer["error"], host=host, port=port)
        return int(answer["heartbeat"]), str(answer["version"])

    def send(self, request: dict[str, Any]) -> None:
        """Write one request line to the child (started if needed); raises OSError."""
        proc = self.start()._proc
        assert proc is not None and proc.stdin is not None
        proc.stdin.write(json.dumps(request).encode() + b"\n")
        proc.stdin.flush()

    def receive(self, deadline: float) -> dict[str, Any] | None:
        """The next message before ``deadline`` (monotonic); None on timeout, OSError if dead."""
        return self._read_answer(deadline)

    def _read_answer(self, deadline: float) -> dict[str, Any] | None:
        """The next answer line that is not the child's ``ready`` greeting; None on timeout."""
        assert self._proc is not None and self._proc.stdout is not None
        fd = self._proc.stdout.fileno()
        while True:
            while b"\n" in self._buffer:
                line, self._buffer = self._buffer.split(b"\n", 1)
                message = json.loads(line)
                if not message.get("ready"):
                    return message
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            readable, _, _ = select.select([fd], [], [], remaining)
            if not readable:
                return None
            chunk = os.read(fd, 65536)
            if not chunk:
                raise OSError("the chromadb client process exited")
            self._buffer += chunk

    def close(self) -> None:
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            for stream in (self._proc.stdin, self._proc.stdout):
                if stream is not None:
                    stream.close()
            self._proc = None


def _client_check(host: str, port: int, timeout_s: float) -> tuple[int, str]:
    """One bounded check with a fresh child (for callers that check once)."""
    checker = ClientChecker()
    try:
        return checker.check(host, port, timeout_s)
    finally:
        checker.close()


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
    boot_check: Callable[[ProbeError], None] | None = None,
) -> ChromaConnection:
    """Retry the heartbeat with backoff (0.5 s → 1 s) until ``deadline_s``; then the client.

    ``boot_check`` (a ``boot_log.BootMonitor``) hears every failed heartbeat and may end the
    wait early by raising a ProbeError that says why Chroma will not answer.
    """
    checker = ClientChecker().start()  # warms up while the server boots
    try:
        return _wait_for_chroma(
            host,
            port,
            checker,
            deadline_s,
            per_try_timeout_s,
            on_attempt,
            should_stop,
            sleep,
            clock,
            client_timeout_s,
            boot_check,
        )
    finally:
        checker.close()


def _wait_for_chroma(
    host: str,
    port: int,
    checker: ClientChecker,
    deadline_s: float,
    per_try_timeout_s: float,
    on_attempt: Callable[[ProbeAttempt], None] | None,
    should_stop: Callable[[], bool],
    sleep: Callable[[float], None],
    clock: Callable[[], float],
    client_timeout_s: float,
    boot_check: Callable[[ProbeError], None] | None = None,
) -> ChromaConnection:
    start = clock()
    attempt = 0
    failed = 0
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
            beat, version = checker.check(host, port, client_timeout_s)
        except ProbeError as exc:
            last = exc
            if exc.key in ("probe.client_failed", "probe.client_timeout"):
                client_failures += 1
            elapsed = clock() - start
            if on_attempt:
                status = exc.params.get("status")
                code = status if isinstance(status, int) else None
                on_attempt(ProbeAttempt(attempt, elapsed, _short(exc), code))
            if client_failures >= CLIENT_FAILURES_ALLOWED:
                raise
            if boot_check is not None and exc.key not in CLIENT_ERRORS:
                boot_check(exc)
            delay = BACKOFF.delay(failed)
            failed += 1
            if elapsed + delay > deadline_s:
                raise ProbeError(
                    "probe.deadline",
                    raw=f"{_short(exc)}: {exc.raw}" if exc.raw else _short(exc),
                    host=host,
                    port=port,
                    seconds=int(deadline_s),
                    attempts=attempt,
                ) from exc
            if not wait_or_stop(delay, should_stop=should_stop, sleep=sleep):
                raise ProbeError("probe.cancelled", host=host, port=port) from last
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
