"""The Chroma probe against a real `chroma run`, and against ports that misbehave."""

from __future__ import annotations

import http.server
import itertools
import os
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chroma_tui.core import probe
from chroma_tui.core.errors import ProbeError
from chroma_tui.core.models import ProbeAttempt

pytestmark = pytest.mark.timeout(90)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_chroma(chroma: str, port: int, path: Path) -> subprocess.Popen[bytes]:
    """A real ``chroma run`` from the conftest's ``chroma_bin`` (provisioned in the cache)."""
    return subprocess.Popen(
        [chroma, "run", "--path", str(path), "--port", str(port), "--host", "127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "ANONYMIZED_TELEMETRY": "False"},
    )


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)


@pytest.fixture(scope="module")
def real_chroma(tmp_path_factory, chroma_bin) -> Iterator[int]:
    port = free_port()
    proc = start_chroma(chroma_bin, port, tmp_path_factory.mktemp("chroma-data"))
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                probe.heartbeat_once("127.0.0.1", port, 1.0)
                break
            except ProbeError:
                time.sleep(0.2)
        yield port
    finally:
        stop(proc)


class _Handler(http.server.BaseHTTPRequestHandler):
    status = 200
    body = b""

    def do_GET(self) -> None:
        self.send_response(self.status)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def http_answer() -> Iterator:
    servers: list[http.server.HTTPServer] = []

    def make(status: int, body: bytes) -> int:
        handler = type("H", (_Handler,), {"status": status, "body": body})
        server = http.server.HTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return int(server.server_address[1])

    yield make
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture
def black_hole() -> Iterator[int]:
    """A port that accepts connections (kernel backlog) and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    yield int(sock.getsockname()[1])
    sock.close()


def test_heartbeat_from_a_real_chroma_server(real_chroma):
    ns, latency_ms = probe.heartbeat_once("127.0.0.1", real_chroma)
    assert abs(ns / 1e9 - time.time()) < 60
    assert 0 < latency_ms < 3000


def test_wait_for_chroma_connects_with_the_real_client(real_chroma):
    attempts: list[ProbeAttempt] = []
    conn = probe.wait_for_chroma(
        "127.0.0.1", real_chroma, deadline_s=30, on_attempt=attempts.append
    )
    assert conn.port == real_chroma and conn.attempts == 1
    assert conn.heartbeat_ns > 0 and conn.version  # the 1.x server says "1.0.0"
    assert attempts == [ProbeAttempt(1, attempts[0].elapsed_s, None, 200)]


def test_refused_port_fails_fast():
    port = free_port()
    started = time.monotonic()
    with pytest.raises(ProbeError) as info:
        probe.heartbeat_once("127.0.0.1", port, 2.0)
    assert info.value.key == "probe.refused"
    assert time.monotonic() - started < 1.0


def test_black_hole_is_bounded_by_the_timeout(black_hole):
    started = time.monotonic()
    with pytest.raises(ProbeError) as info:
        probe.heartbeat_once("127.0.0.1", black_hole, 0.5)
    assert info.value.key == "probe.timeout"
    assert time.monotonic() - started < 2.0


def test_waiting_on_a_black_hole_ends_at_the_deadline(black_hole):
    attempts: list[ProbeAttempt] = []
    started = time.monotonic()
    with pytest.raises(ProbeError) as info:
        probe.wait_for_chroma(
            "127.0.0.1",
            black_hole,
            deadline_s=2.0,
            per_try_timeout_s=0.5,
            on_attempt=attempts.append,
        )
    assert info.value.key == "probe.deadline"
    assert time.monotonic() - started < 4.0
    assert len(attempts) >= 2 and all(a.error for a in attempts)


def test_chroma_client_is_bounded_even_when_the_server_hangs(black_hole):
    started = time.monotonic()
    with pytest.raises(ProbeError) as info:
        probe._client_check("127.0.0.1", black_hole, 1.5)
    assert info.value.key in ("probe.client_timeout", "probe.client_failed")
    assert time.monotonic() - started < 5.0


@pytest.mark.parametrize("status", [500, 503])
def test_http_errors_are_reported_with_their_status(http_answer, status):
    port = http_answer(status, b"upstream not ready")
    with pytest.raises(ProbeError) as info:
        probe.heartbeat_once("127.0.0.1", port, 2.0)
    assert info.value.key == "probe.http_error"
    assert info.value.params["status"] == status
    attempts: list[ProbeAttempt] = []
    with pytest.raises(ProbeError):
        probe.wait_for_chroma("127.0.0.1", port, deadline_s=1.0, on_attempt=attempts.append)
    assert attempts[0].status_code == status


@pytest.mark.parametrize("body", [b"<html>nginx</html>", b'{"status": "ok"}'])
def test_something_else_on_the_port(http_answer, body):
    port = http_answer(200, body)
    with pytest.raises(ProbeError) as info:
        probe.heartbeat_once("127.0.0.1", port, 2.0)
    assert info.value.key == "probe.not_chroma"


def test_a_non_http_service_on_the_port():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    port = int(sock.getsockname()[1])

    def banner() -> None:
        conn, _ = sock.accept()
        conn.sendall(b"SSH-2.0-OpenSSH_9.6\r\n")
        time.sleep(0.3)
        conn.close()

    threading.Thread(target=banner, daemon=True).start()
    try:
        with pytest.raises(ProbeError) as info:
            probe.heartbeat_once("127.0.0.1", port, 2.0)
        assert info.value.key in ("probe.not_chroma", "probe.closed")
    finally:
        sock.close()


def test_should_stop_cancels_the_wait():
    port = free_port()
    started = time.monotonic()
    with pytest.raises(ProbeError) as info:
        probe.wait_for_chroma(
            "127.0.0.1", port, deadline_s=60, should_stop=lambda: time.monotonic() - started > 0.7
        )
    assert info.value.key == "probe.cancelled"
    assert time.monotonic() - started < 1.5


def test_a_server_that_starts_late_is_found(tmp_path, chroma_bin):
    # Given a port where Chroma starts only after a while
    port = free_port()
    attempts: list[ProbeAttempt] = []
    procs: list[subprocess.Popen[bytes]] = []
    timer = threading.Timer(
        1.5, lambda: procs.append(start_chroma(chroma_bin, port, tmp_path / "late"))
    )
    timer.start()
    try:
        # When waiting for it
        conn = probe.wait_for_chroma("127.0.0.1", port, deadline_s=60, on_attempt=attempts.append)
    finally:
        timer.cancel()
        for proc in procs:
            stop(proc)
    # Then the early tries failed with a reason, backing off, and the last one succeeded
    assert conn.attempts == len(attempts) >= 3
    assert attempts[0].error and attempts[-1].error is None
    gaps = [b.elapsed_s - a.elapsed_s for a, b in itertools.pairwise(attempts)]
    assert gaps[0] >= 0.45 and max(gaps) <= 5.0 + 3.5
