"""A tiny SSH server per sandbox instance: what sshd on the EC2 instance offers chroma-tui.

It listens on the instance's own address (127.0.0.N) and on the sandbox's port (the front
server's port number: port 22 needs privileges; the app reads it from ``CHROMA_TUI_SSH_PORT``,
set by the sandbox's env()). It accepts only user ``ec2-user`` with the instance's key pair
(the public key EC2 holds for ``KeyName``), and runs only the template's restart command,
``cd /home/ec2-user && docker-compose up -d`` (or ``docker compose``, ``cd ~``, ``sudo -u
ec2-user``), by starting that instance's Chroma again. Anything else is refused with status 127.
The host key is one RSA key per machine's cache dir (every instance presents it), so an address
that a new instance reuses does not look like a changed host.
"""

from __future__ import annotations

import contextlib
import logging
import re
import socket
import threading
import time
from collections.abc import Callable

import paramiko

from chroma_tui.core import paths

log = logging.getLogger(__name__)

SSH_USER = "ec2-user"
RESTART = re.compile(
    r"^\s*cd\s+(/home/ec2-user|~|\$HOME)/?\s*(&&|;)\s*(sudo\s+-u\s+ec2-user\s+)?"
    r"docker(-compose| compose)\s+up\s+-d\s*$"
)
HOST_KEY_FILE = "sandbox-ssh-host-key"


def is_restart(command: str) -> bool:
    return RESTART.match(command) is not None


def host_key() -> paramiko.PKey:
    """The sandbox's host key (made once, kept in the cache dir, mode 0600)."""
    path = paths.cache_dir() / HOST_KEY_FILE
    if path.exists():
        return paramiko.RSAKey.from_private_key_file(str(path))
    key = paramiko.RSAKey.generate(2048)
    path.parent.mkdir(parents=True, exist_ok=True)
    key.write_private_key_file(str(path))
    path.chmod(0o600)
    return key


PEER_CLOSE_WAIT_S = 10.0


def _await_peer_close(channel: paramiko.Channel) -> None:
    """Leave the close to the client, as far as it takes it.

    This thread starts inside the exec request's handler, before paramiko's transport thread
    sends the request's success reply. Closing the channel here could overtake that reply,
    and the client would then see "Channel closed." for a command that ran. Output, exit
    status and EOF are fine before the reply; the close is not, so it waits for the client.
    """
    deadline = time.monotonic() + PEER_CLOSE_WAIT_S
    while not channel.closed and time.monotonic() < deadline:
        time.sleep(0.05)


class _Server(paramiko.ServerInterface):
    def __init__(self, authorized: str, run: Callable[[str], tuple[int, str]]) -> None:
        self.authorized = authorized.split()[1] if len(authorized.split()) > 1 else ""
        self.run = run
        self.done = threading.Event()

    def get_allowed_auths(self, username: str) -> str:
        return "publickey"

    def check_auth_publickey(self, username: str, key: paramiko.PKey) -> int:
        if username == SSH_USER and self.authorized and key.get_base64() == self.authorized:
            return paramiko.common.AUTH_SUCCESSFUL
        return paramiko.common.AUTH_FAILED

    def check_channel_request(self, kind: str, chanid: int) -> int:
        if kind == "session":
            return paramiko.common.OPEN_SUCCEEDED
        return paramiko.common.OPEN_FAILED_ADMINISTRATIVELY_PROHIBITED

    def check_channel_exec_request(self, channel: paramiko.Channel, command: bytes) -> bool:
        text = command.decode("utf-8", "replace")

        def answer() -> None:
            try:
                if is_restart(text):
                    status, output = self.run(text)
                else:
                    status, output = 127, f"sandbox: only the compose restart is modelled: {text}\n"
                channel.sendall(output.encode("utf-8"))
                channel.send_exit_status(status)
                channel.shutdown_write()  # EOF: the client's read() ends here
                _await_peer_close(channel)
            finally:
                with contextlib.suppress(Exception):
                    channel.close()
                self.done.set()

        threading.Thread(target=answer, daemon=True).start()
        return True


class InstanceSshd:
    """One listening socket on (address, port); each connection served on its own thread."""

    def __init__(
        self,
        address: str,
        port: int,
        authorized_key: Callable[[], str],
        run: Callable[[str], tuple[int, str]],
        key: paramiko.PKey,
    ) -> None:
        self.address = address
        self.port = port
        self.authorized_key = authorized_key
        self.run = run
        self.key = key
        self._sock: socket.socket | None = None

    def start(self) -> bool:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((self.address, self.port))
        except OSError as exc:
            log.info("sshd on %s:%d not started: %s", self.address, self.port, exc)
            sock.close()
            return False
        sock.listen(8)
        self._sock = sock
        threading.Thread(target=self._accept, args=(sock,), daemon=True).start()
        log.info("sshd listening on %s:%d", self.address, self.port)
        return True

    def stop(self) -> None:
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()

    def _accept(self, sock: socket.socket) -> None:
        while True:
            try:
                conn, _peer = sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        transport = paramiko.Transport(conn)
        try:
            transport.add_server_key(self.key)
            server = _Server(self.authorized_key(), self.run)
            transport.start_server(server=server)
            channel = transport.accept(20)
            if channel is not None:
                server.done.wait(60)
        except (paramiko.SSHException, OSError, EOFError) as exc:
            log.info("sshd %s: connection ended: %s", self.address, exc)
        finally:
            with contextlib.suppress(Exception):
                transport.close()
