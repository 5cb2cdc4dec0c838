"""The sandbox's sshd against a slow transport thread: a command that ran is never reported
to the client as "Channel closed." (the race CI once hit under load)."""

from __future__ import annotations

import socket
import time

import paramiko
import pytest

from chroma_tui.sandbox import sshd


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def slow_reply(monkeypatch: pytest.MonkeyPatch) -> None:
    """Delay the transport thread between the exec handler and its success reply, as a
    descheduled thread on a loaded machine does."""
    original = sshd._Server.check_channel_exec_request

    def slow(self: sshd._Server, channel: paramiko.Channel, command: bytes) -> bool:
        accepted = original(self, channel, command)
        time.sleep(0.3)
        return accepted

    monkeypatch.setattr(sshd._Server, "check_channel_exec_request", slow)


def test_exec_status_reaches_the_client_when_the_reply_is_late(slow_reply: None, tmp_path) -> None:
    client_key = paramiko.RSAKey.generate(2048)
    authorized = f"ssh-rsa {client_key.get_base64()} test"
    ran: list[str] = []

    def run(command: str) -> tuple[int, str]:
        ran.append(command)
        return 0, "restarted\n"

    port = _free_port()
    server = sshd.InstanceSshd(
        "127.0.0.1", port, lambda: authorized, run, paramiko.RSAKey.generate(2048)
    )
    assert server.start()
    try:
        for command, status, output in [
            ("cat /etc/passwd", 127, "only the compose restart"),
            ("cd /home/ec2-user && docker-compose up -d", 0, "restarted"),
        ]:
            client = paramiko.SSHClient()
            client.set_missing_host_key_policy(paramiko.AutoAddPolicy())
            client.connect("127.0.0.1", port=port, username=sshd.SSH_USER, pkey=client_key,
                           allow_agent=False, look_for_keys=False, timeout=10)  # fmt: skip
            _in, out, _err = client.exec_command(command, timeout=10)
            assert output in out.read().decode()
            assert out.channel.recv_exit_status() == status
            client.close()
        assert ran == ["cd /home/ec2-user && docker-compose up -d"]
    finally:
        server.stop()
