"""The sandbox's tools: FaultProxy, the real Chroma server, provisioning, the daemon."""

from __future__ import annotations

import json
import os
import socket
import socketserver
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import boto3
import pytest

from chroma_tui.sandbox import FaultProxy, chroma, daemon
from chroma_tui.sandbox.priority import NICENESS


class _Hello(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"hello"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def upstream() -> Iterator[tuple[str, int]]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Hello)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", server.server_address[1]
    server.shutdown()
    server.server_close()


class _Echo(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        try:
            while data := self.request.recv(4096):
                self.request.sendall(data)
        except OSError:
            pass  # the proxy cut it: expected


@pytest.fixture
def echo() -> Iterator[tuple[str, int]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Echo)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield "127.0.0.1", server.server_address[1]
    server.shutdown()
    server.server_close()


def get(port: int, timeout: float = 2.0) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=timeout) as resp:
        return resp.read()


def test_fault_proxy_modes_switch_at_run_time(upstream):
    with FaultProxy(*upstream) as proxy:
        assert get(proxy.port) == b"hello"

        proxy.set_mode("refuse")
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(proxy.address, timeout=2)

        proxy.set_mode("stall")
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            get(proxy.port, timeout=0.5)
        assert time.monotonic() - started < 2

        proxy.set_mode("pass")
        assert get(proxy.port) == b"hello"


def test_fault_proxy_cut_drops_open_connections(echo):
    with FaultProxy(*echo) as proxy:
        sock = socket.create_connection(proxy.address, timeout=2)
        sock.sendall(b"ping")
        assert sock.recv(4096) == b"ping"
        proxy.set_mode("cut")
        with pytest.raises(ConnectionResetError):
            sock.recv(4096)  # reset, not a clean end
        sock.close()
        with (  # new connections are dropped too
            pytest.raises(ConnectionResetError),
            socket.create_connection(proxy.address, timeout=2) as fresh,
        ):
            fresh.sendall(b"ping")
            fresh.recv(4096)
        proxy.set_mode("pass")
        again = socket.create_connection(proxy.address, timeout=2)
        again.sendall(b"pong")
        assert again.recv(4096) == b"pong"
        again.close()


def test_fault_proxy_stops_cleanly_while_stalled(upstream):
    proxy = FaultProxy(*upstream, mode="stall").start()
    sock = socket.create_connection(proxy.address, timeout=2)
    sock.sendall(b"GET / HTTP/1.1\r\n\r\n")
    started = time.monotonic()
    proxy.stop()
    assert time.monotonic() - started < 5
    with pytest.raises(OSError):
        socket.create_connection(proxy.address, timeout=1)
    sock.close()


def test_chroma_server_fixture_answers_a_heartbeat(chroma_server):
    host, port = chroma_server
    with urllib.request.urlopen(f"http://{host}:{port}/api/v2/heartbeat", timeout=5) as resp:
        assert json.loads(resp.read())["nanosecond heartbeat"] > 0


def test_chroma_server_stops(chroma_bin):
    server = chroma.ChromaServer(chroma_bin).start(wait=True)
    assert chroma.heartbeat(server.host, server.port)
    server.stop()
    assert not server.running
    assert not chroma.heartbeat(server.host, server.port)


def test_provisioning_redoes_a_half_done_install(monkeypatch):
    monkeypatch.delenv("CHROMA_TUI_CHROMA_BIN", raising=False)
    monkeypatch.delenv("CHROMA_TUI_SANDBOX_OFFLINE", raising=False)  # _stream is faked: no pip
    monkeypatch.setattr(chroma, "installer", lambda: None)  # the pip path, uv installed or not
    calls: list[list[str]] = []

    def fake_stream(cmd: list[str], progress) -> None:
        calls.append(cmd)
        progress(f"ran {cmd[1]}")
        if cmd[1:3] == ["-m", "venv"]:
            bindir = Path(cmd[3]) / "bin"
            bindir.mkdir(parents=True)
            (bindir / "chroma").write_text("#!/bin/sh\n")

    monkeypatch.setattr(chroma, "_stream", fake_stream)
    venv = chroma.paths.cache_dir() / "chroma-server" / "9.9.9"
    (venv / "bin").mkdir(parents=True)  # an earlier install that was interrupted
    (venv / "stale").write_text("x")
    lines: list[str] = []

    path = chroma.provision_chroma(lines.append, version="9.9.9")

    assert path == venv / "bin" / "chroma"
    assert not (venv / "stale").exists()
    assert (venv / chroma.COMPLETE_MARKER).read_text().strip() == "9.9.9"
    assert calls[1][-1] == "chromadb==9.9.9"
    assert any("interrupted" in line or "unfinished" in line for line in lines)
    calls.clear()
    assert chroma.provision_chroma(lines.append, version="9.9.9") == path
    assert calls == []  # complete: reused


def test_provisioning_prefers_the_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMA_TUI_CHROMA_BIN", str(tmp_path / "chroma"))
    assert chroma.provision_chroma() == tmp_path / "chroma"


def test_daemon_starts_detached_is_reused_and_stops(chroma_bin, monkeypatch, capsys):
    monkeypatch.setenv("CHROMA_TUI_CHROMA_BIN", str(chroma_bin))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(sys.path))
    lines: list[str] = []
    try:
        env = daemon.ensure_daemon("no-default-vpc", 30.0, lines.append)
        record = daemon.read_record()
        assert record is not None and record["endpoint"] == env["AWS_ENDPOINT_URL"]
        assert env["AWS_ACCESS_KEY_ID"].startswith("AKIA")
        assert env["CHROMA_TUI_MY_IP_URL"] == env["AWS_ENDPOINT_URL"] + "/_sandbox/myip"
        assert daemon.health(env["AWS_ENDPOINT_URL"])["scenario"] == "no-default-vpc"
        group = Path(f"/proc/{record['pid']}/autogroup")
        if Path("/proc/self/autogroup").exists():  # Linux: its session yields to the TUI's
            assert group.read_text("ascii").split()[-1] == str(NICENESS)

        again = daemon.ensure_daemon("ok", 30.0, lines.append)  # e.g. the app restarted

        assert again == env
        assert daemon.read_record()["pid"] == record["pid"]
        assert daemon.health(env["AWS_ENDPOINT_URL"])["scenario"] == "ok"
        assert any("already running" in line or "Using" in line for line in lines)
        assert daemon.run_command(["--scenario", "ok"]) == 1  # one sandbox at a time
    finally:
        assert daemon.run_command(["--stop"]) == 0
    assert daemon.health(env["AWS_ENDPOINT_URL"], timeout_s=0.5) is None
    assert daemon.read_record() is None
    assert daemon.run_command(["--stop"]) == 0
    out = capsys.readouterr().out
    assert "Sandbox stopped." in out and "No sandbox is running." in out


def test_run_command_provision_only_prints_the_executable(chroma_bin, monkeypatch, capsys):
    monkeypatch.setenv("CHROMA_TUI_CHROMA_BIN", str(chroma_bin))
    assert daemon.run_command(["--provision-only"]) == 0
    assert str(chroma_bin) in capsys.readouterr().out


def test_unknown_scenario_is_a_typed_error():
    with pytest.raises(daemon.SandboxError) as caught:
        daemon.ensure_daemon("sunny", 1.0)
    assert caught.value.key == "sandbox.unknown_scenario"
    assert "ok, no-default-vpc" in caught.value.fix()


def test_fault_proxy_in_front_of_the_sandbox(sandbox, monkeypatch):
    from botocore.config import Config
    from botocore.exceptions import (
        ConnectionClosedError,
        EndpointConnectionError,
        ReadTimeoutError,
    )

    host, port = sandbox.endpoint_url.removeprefix("http://").split(":")
    with FaultProxy(host, int(port)) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{proxy.port}")
        config = Config(connect_timeout=1, read_timeout=1, retries={"total_max_attempts": 1})
        cf = boto3.session.Session().client("cloudformation", config=config)
        assert cf.describe_stacks()["Stacks"] == []
        proxy.set_mode("refuse")
        with pytest.raises((EndpointConnectionError, ConnectionClosedError)):
            cf.describe_stacks()  # the pooled connection was reset, new ones are refused
        with pytest.raises(EndpointConnectionError):
            cf.describe_stacks()
        proxy.set_mode("stall")
        started = time.monotonic()
        with pytest.raises(ReadTimeoutError):
            cf.describe_stacks()
        assert time.monotonic() - started < 5
        proxy.set_mode("pass")
        assert cf.describe_stacks()["Stacks"] == []
