"""One loopback address per sandbox instance: 127.0.0.N (N >= 2), Chroma on its port 8000.

Several sandboxes may run on one machine at once (other processes, other test sessions). An
address is taken only when (a) this process holds an exclusive lock file for it, shared by every
sandbox on the machine, and (b) binding (address, 8000) succeeds right now. The lock is held until
the address is freed, so an instance whose Chroma never listens (a panic) still owns its address:
nobody else's Chroma can answer there in its place. A process that dies releases its locks.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import socket
import tempfile
import threading
from pathlib import Path

CHROMA_PORT = 8000
FIRST_HOST = 2
LAST_HOST = 254
LOCK_DIR_NAME = "chroma-tui-sandbox-loopback"


class NoFreeAddress(RuntimeError):
    """Every 127.0.0.N in the range is taken."""


def lock_dir() -> Path:
    """Where the per-address lock files live: one place for every sandbox on this machine."""
    path = Path(tempfile.gettempdir()) / LOCK_DIR_NAME
    path.mkdir(mode=0o777, exist_ok=True)
    return path


def port_is_free(address: str, port: int = CHROMA_PORT) -> bool:
    """True when nothing holds (address, port): a bind succeeds right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # ignore TIME_WAIT leftovers
        try:
            sock.bind((address, port))
        except OSError:
            return False
    return True


class AddressPool:
    """Allocates and frees 127.0.0.N addresses for this process."""

    def __init__(self, first: int = FIRST_HOST, last: int = LAST_HOST) -> None:
        self.first = first
        self.last = last
        self._held: dict[str, int] = {}  # address -> fd of its lock file
        self._lock = threading.Lock()

    def allocate(self) -> str:
        """The lowest free 127.0.0.N; raises NoFreeAddress when none is."""
        with self._lock:
            for host in range(self.first, self.last + 1):
                address = f"127.0.0.{host}"
                if address in self._held:
                    continue
                fd = _try_lock(address)
                if fd is None:
                    continue  # another sandbox owns it
                if not port_is_free(address):
                    os.close(fd)  # something else listens there: skip it
                    continue
                self._held[address] = fd
                return address
        raise NoFreeAddress(f"no free loopback address in 127.0.0.{self.first}-{self.last}")

    def free(self, address: str) -> None:
        with self._lock:
            fd = self._held.pop(address, None)
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)  # closing releases the lock

    def held(self) -> list[str]:
        with self._lock:
            return sorted(self._held)

    def free_all(self) -> None:
        for address in self.held():
            self.free(address)


def _try_lock(address: str) -> int | None:
    path = lock_dir() / f"{address}.lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
            return None
        raise
    return fd
