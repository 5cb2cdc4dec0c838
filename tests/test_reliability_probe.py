"""Issue 4, item 6: waiting for Chroma always ends in bounded time with a clear status.

Refused, black-holed (a FaultProxy that accepts and never answers), HTTP 500/503 from a tiny
loopback server, something else on the port, and a real Chroma that only answers after a while.
"""

from __future__ import annotations

import http.server
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from chroma_tui.core.errors import ProbeError
from chroma_tui.core.models import ProbeAttempt
from chroma_tui.core.probe import heartbeat_once, wait_for_chroma
from chroma_tui.sandbox import FaultProxy, free_port

pytestmark = pytest.mark.timeout(60)

HOST = "127.0.0.1"


def probe(port: int, deadline_s: float = 3.0) -> tuple[ProbeError, list[ProbeAttempt], float]:
    """wait_for_chroma that must fail: the error, every attempt reported, seconds taken."""
    attempts: list[ProbeAttempt] = []
    started = time.monotonic()
    with pytest.raises(ProbeError) as caught:
        wait_for_chroma(
            HOST, port, deadline_s=deadline_s, per_try_timeout_s=1.0, on_attempt=attempts.append
        )
    return caught.value, attempts, time.monotonic() - started


def assert_told(error: ProbeError, attempts: list[ProbeAttempt]) -> None:
    """The user saw each failed try and gets a headline, an explanation and a fix."""
    assert attempts and all(a.error for a in attempts)
    assert error.title().strip() and error.body().strip() and error.fix().strip()
    assert "{" not in error.title() + error.body() + error.fix()  # every placeholder filled


class _Status(http.server.BaseHTTPRequestHandler):
    code = 503
    body = b'{"error":"Service Unavailable"}'
    content_type = "application/json"

    def do_GET(self) -> None:
        self.send_response(self.code)
        self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


def serve(handler: type[http.server.BaseHTTPRequestHandler]) -> Iterator[int]:
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_refused_ends_at_the_deadline_saying_nothing_listens():
    port = free_port()
    error, attempts, elapsed = probe(port, deadline_s=2.0)
    assert error.key == "probe.deadline"
    assert elapsed < 6
    assert len(attempts) >= 2
    assert_told(error, attempts)
    with pytest.raises(ProbeError) as once:
        heartbeat_once(HOST, port, timeout_s=1.0)
    assert once.value.key == "probe.refused"


def test_black_hole_never_hangs_each_try_times_out():
    # Given a port that accepts connections and never answers
    with FaultProxy(HOST, free_port(), mode="stall") as hole:
        started = time.monotonic()
        with pytest.raises(ProbeError) as once:
            heartbeat_once(HOST, hole.port, timeout_s=1.0)
        assert once.value.key == "probe.timeout"
        assert time.monotonic() - started < 3
        error, attempts, elapsed = probe(hole.port, deadline_s=3.0)
    # Then the wait ends near its deadline, having said each try timed out
    assert error.key == "probe.deadline"
    assert elapsed < 8
    assert_told(error, attempts)


@pytest.mark.parametrize("code", [500, 503])
def test_http_errors_are_reported_with_their_status(code: int):
    handler = type("Handler", (_Status,), {"code": code})
    for port in serve(handler):
        with pytest.raises(ProbeError) as once:
            heartbeat_once(HOST, port, timeout_s=1.0)
        assert once.value.key == "probe.http_error" and once.value.params["status"] == code
        assert str(code) in once.value.title()
        error, attempts, elapsed = probe(port, deadline_s=2.0)
        assert error.key == "probe.deadline" and elapsed < 6
        assert {a.status_code for a in attempts} == {code}
        assert_told(error, attempts)


def test_a_web_page_on_the_port_is_not_chroma():
    handler = type(
        "Page",
        (_Status,),
        {"code": 200, "body": b"<html>nginx</html>", "content_type": "text/html"},
    )
    for port in serve(handler):
        with pytest.raises(ProbeError) as once:
            heartbeat_once(HOST, port, timeout_s=1.0)
        assert once.value.key == "probe.not_chroma"
        error, attempts, elapsed = probe(port, deadline_s=2.0)
        assert error.key == "probe.deadline" and elapsed < 6
        assert_told(error, attempts)


def test_a_non_http_service_on_the_port_is_reported_not_hung():
    # Given an SSH-like server: it greets in its own protocol, then closes
    listener = socket.create_server((HOST, 0))
    listener.settimeout(0.2)
    stop = threading.Event()

    def greet() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")

    thread = threading.Thread(target=greet, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        with pytest.raises(ProbeError) as once:
            heartbeat_once(HOST, port, timeout_s=1.0)
        assert once.value.key in ("probe.not_chroma", "probe.closed")
        error, attempts, elapsed = probe(port, deadline_s=2.0)
        assert error.key == "probe.deadline" and elapsed < 6
        assert_told(error, attempts)
    finally:
        stop.set()
        listener.close()
        thread.join(5)


def test_chroma_answering_only_after_a_while_is_found(chroma_server):
    # Given a real Chroma that is unreachable for the first 2.5 s
    host, port = chroma_server
    with FaultProxy(host, port, mode="refuse") as proxy:
        threading.Timer(2.5, proxy.set_mode, args=("pass",)).start()
        attempts: list[ProbeAttempt] = []
        started = time.monotonic()
        # When the app waits for it
        connection = wait_for_chroma(
            HOST, proxy.port, deadline_s=30, per_try_timeout_s=1.0, on_attempt=attempts.append
        )
        elapsed = time.monotonic() - started
    # Then it connects once Chroma answers, having reported the failed tries meanwhile
    assert 2.4 <= elapsed < 20
    assert connection.heartbeat_ns > 0 and connection.attempts == len(attempts) >= 2
    assert all(a.error for a in attempts[:-1]) and attempts[-1].error is None
