"""``FaultProxy``: a loopback TCP proxy whose behaviour can be switched while it runs.

Modes:
* ``pass``   – forward bytes both ways;
* ``refuse`` – stop listening (new connections are refused) and reset open ones;
* ``stall``  – accept and read, never answer (a black hole);
* ``cut``    – reset every open connection now, and each new one as soon as it arrives.
"""

from __future__ import annotations

import contextlib
import logging
import select
import socket
import struct
import threading
from collections.abc import Callable
from types import TracebackType

log = logging.getLogger(__name__)

MODES = ("pass", "refuse", "stall", "cut")
MAX_CONNECTIONS = 64


def _reset(sock: socket.socket) -> None:
    """Close with RST instead of FIN (SO_LINGER 0), as a dropped connection looks."""
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class FaultProxy:
    def __init__(
        self, upstream_host: str, upstream_port: int, mode: str = "pass", port: int = 0
    ) -> None:
        self.upstream = (upstream_host, upstream_port)
        self.host = "127.0.0.1"
        self.port = port
        self._mode = self._check(mode)
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._stopping = threading.Event()
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []

    @staticmethod
    def _check(mode: str) -> str:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}; choose one of {', '.join(MODES)}")
        return mode

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def address(self) -> tuple[str, int]:
        return self.host, self.port

    # -- lifecycle ------------------------------------------------------------------------
    def start(self) -> FaultProxy:
        if self._mode != "refuse":
            self._listen()
        elif self.port == 0:
            self.port = self._reserve()
        return self

    def stop(self) -> None:
        self._stopping.set()
        self._close_listener()
        self._drop_all()
        for thread in list(self._threads):
            thread.join(2)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    def set_mode(self, mode: str) -> None:
        mode = self._check(mode)
        with self._lock:
            previous, self._mode = self._mode, mode
        if mode in ("refuse", "cut"):
            self._drop_all()
        if mode == "refuse":
            self._close_listener()
        elif previous == "refuse" and not self._stopping.is_set():
            self._listen()

    # -- internals ------------------------------------------------------------------------
    def _reserve(self) -> int:
        with socket.socket() as sock:
            sock.bind((self.host, 0))
            return int(sock.getsockname()[1])

    def _listen(self) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        sock.listen(MAX_CONNECTIONS)
        sock.settimeout(0.2)
        self.port = int(sock.getsockname()[1])
        self._listener = sock
        self._spawn(self._accept_loop, sock)

    def _close_listener(self) -> None:
        sock, self._listener = self._listener, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # stops listening at once, even mid-accept
            with contextlib.suppress(OSError):
                sock.close()

    def _spawn(self, target: Callable[..., object], *args: object) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        self._threads = [t for t in self._threads if t.is_alive()]
        self._threads.append(thread)
        thread.start()

    def _track(self, *socks: socket.socket) -> None:
        with self._lock:
            self._sockets.update(socks)

    def _forget(self, *socks: socket.socket) -> None:
        with self._lock:
            for sock in socks:
                self._sockets.discard(sock)
                with contextlib.suppress(OSError):
                    sock.close()

    def _drop_all(self) -> None:
        with self._lock:
            socks, self._sockets = list(self._sockets), set()
        for sock in socks:
            _reset(sock)

    def _accept_loop(self, listener: socket.socket) -> None:
        while not self._stopping.is_set() and self._listener is listener:
            try:
                client, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with self._lock:
                crowded = len(self._sockets) >= MAX_CONNECTIONS * 2
            mode = self._mode
            if crowded or mode == "cut":
                _reset(client)
            elif mode == "stall":
                self._track(client)
                self._spawn(self._swallow, client)
            else:
                self._spawn(self._pipe, client)

    def _swallow(self, client: socket.socket) -> None:
        """Read and discard until the client goes away or the mode changes."""
        while not self._stopping.is_set() and self._mode == "stall":
            try:
                client.settimeout(0.2)  # may already be closed by stop() or a mode change
                if not client.recv(65536):
                    break
            except TimeoutError:
                continue
            except OSError:
                break
        if self._mode != "stall" or self._stopping.is_set():
            _reset(client)
        self._forget(client)

    def _pipe(self, client: socket.socket) -> None:
        try:
            upstream = socket.create_connection(self.upstream, timeout=5)
        except OSError:
            _reset(client)
            return
        self._track(client, upstream)
        pair = {client: upstream, upstream: client}
        try:
            while not self._stopping.is_set():
                if self._mode != "pass":
                    if self._mode in ("cut", "refuse"):
                        break
                    self._stopping.wait(0.1)  # stalled: hold the line, say nothing
                    continue
                readable, _, _ = select.select(list(pair), [], [], 0.2)
                for sock in readable:
                    data = sock.recv(65536)
                    if not data:
                        return
                    pair[sock].sendall(data)
        except (OSError, ValueError):  # ValueError: a cut closed the socket under select()
            pass
        finally:
            if self._mode in ("cut", "refuse"):
                for sock in (client, upstream):
                    _reset(sock)  # a reset, never a clean close, whichever thread gets here first
            self._forget(client, upstream)
