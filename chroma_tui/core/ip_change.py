"""My IP changed: the ports are locked to an address this machine no longer has.

Home routers, mobile hotspots and VPNs change a public IPv4 address without a word; after that
AWS silently drops every packet to ports 22 and 8000 (a timeout, never a refusal), and the
heartbeat fails with nothing to say why. When a heartbeat fails and the deployment is locked to
one address, this module compares it with "my IP" now (``lock.my_public_ip``: whatever
``CHROMA_TUI_MY_IP_URL`` answers) and names the way out: moving the rule (``chroma-tui lock``).
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable
from dataclasses import dataclass

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import Deployment

CHECK_EVERY_S = 30.0  # a failing wait asks "my IP" at most this often


@dataclass(frozen=True)
class IpMoved:
    """The rule allows ``locked``; this machine's public address is ``current``."""

    stack_name: str
    locked: str
    current: str


class IpMovedError(ChromaTuiError):
    """The heartbeat fails because the ports are locked to the user's previous address."""

    def __init__(self, moved: IpMoved, command: str) -> None:
        super().__init__(
            "scripts.ip_moved",
            name=moved.stack_name,
            locked=moved.locked,
            current=moved.current,
            command=command,
        )
        self.moved = moved
        self.command = command


def ip_moved(deployment: Deployment, current: str | None) -> IpMoved | None:
    """An ``IpMoved`` when the deployment is locked to another address than ``current``."""
    locked = deployment.ip_locked_to
    if not locked or not current:
        return None
    try:
        same = ipaddress.ip_address(locked) == ipaddress.ip_address(current)
    except ValueError:
        same = locked.strip() == current.strip()
    return None if same else IpMoved(deployment.stack_name, locked, current)


class IpWatch:
    """Asks ``my_ip`` at most every ``every_s`` seconds; a lookup that fails says nothing."""

    def __init__(
        self,
        my_ip: Callable[[], str],
        *,
        every_s: float = CHECK_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.my_ip = my_ip
        self.every_s = every_s
        self.clock = clock
        self._last: float | None = None

    def check(self, deployment: Deployment) -> IpMoved | None:
        if not deployment.ip_locked_to:
            return None
        now = self.clock()
        if self._last is not None and now - self._last < self.every_s:
            return None
        self._last = now
        try:
            current = self.my_ip()
        except ChromaTuiError:
            return None
        return ip_moved(deployment, current)
