"""Wake a stopped deployment, once for the TUI and headless: start the instance (new address
saved), lock the ports to my IP again, start Chroma over SSH (or, without a key file, say how
with EC2 Instance Connect), heartbeat.

Each step is told through ``on_note(key, params)``: an i18n key (catalog_day2, catalog_day2b)
and its parameters, so both fronts print the same words.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from chroma_tui.core import power
from chroma_tui.core.deploy import now_iso
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.journey import lock_command
from chroma_tui.core.models import ChromaConnection, Deployment

Note = Callable[[str, dict[str, object]], None]
WAKE_DEADLINE_S = 300.0


class WakeBackend(Protocol):
    def start_instance(self, deployment: Deployment) -> Deployment: ...

    def my_ip(self) -> str: ...

    def lock_to_ip(self, deployment: Deployment, ip: str) -> Deployment: ...

    def restart_chroma(self, deployment: Deployment) -> str: ...

    def wait_for_chroma(
        self, host: str, port: int, *, deadline_s: float = ...
    ) -> ChromaConnection: ...

    def save(self, deployment: Deployment) -> None: ...


@dataclass(frozen=True)
class WakeResult:
    deployment: Deployment
    connection: ChromaConnection | None
    locked: bool | None  # None: no lock was asked for
    restarted: bool  # Chroma was started over SSH
    manual_command: str = ""  # what the user must run when it was not
    instance_connect: bool = False  # no key file: the user was told to use EC2 Instance Connect


def wake(
    backend: WakeBackend,
    deployment: Deployment,
    on_note: Note,
    *,
    wait: bool = True,
    deadline_s: float = WAKE_DEADLINE_S,
) -> WakeResult:
    """Start, re-lock, restart Chroma, heartbeat. Raises only when the start itself fails."""
    old = deployment.server_host or "-"
    on_note("power.starting", {"name": deployment.stack_name})
    current = backend.start_instance(deployment)
    host, port = current.server_host or "", current.server_port or 8000
    on_note("power.started", {"host": host, "old": old})
    locked: bool | None = None
    if power.locked(current):
        on_note("power.relocking", {})
        try:
            ip = backend.my_ip()
            current = backend.lock_to_ip(current, ip)
            on_note("power.relocked", {"ip": current.ip_locked_to or ip})
            locked = True
        except ChromaTuiError as exc:
            on_note(
                "power.relock_failed", {"problem": exc.title(), "command": lock_command(current)}
            )
            locked = False
    manual = ""
    restarted = False
    instance_connect = False
    if power.has_key_file(current):
        on_note("power.restarting", {"command": power.RESTART_COMMAND})
        try:
            backend.restart_chroma(current)
            on_note("power.restarted", {})
            restarted = True
        except ChromaTuiError as exc:
            manual = power.ssh_command(host, current.key_file)
            on_note("power.restart_failed", {"problem": f"{exc.title()} ({exc.raw or ''})"})
    else:
        # No key file: never an `ssh -i` the user cannot run; EC2 Instance Connect instead.
        manual = power.RESTART_COMMAND
        instance_connect = True
        on_note("power.eic.manual", {"steps": power.instance_connect_text(current)})
    connection = None
    if wait and restarted:
        on_note("power.waiting", {"host": host, "port": port})
        try:
            connection = backend.wait_for_chroma(host, port, deadline_s=deadline_s)
            current = current.evolve(last_heartbeat_at=now_iso())
            backend.save(current)
            on_note(
                "power.awake", {"host": host, "port": port, "ms": f"{connection.latency_ms:.0f}"}
            )
        except ChromaTuiError as exc:
            on_note("power.not_awake", {"host": host, "port": port, "problem": exc.title()})
    return WakeResult(current, connection, locked, restarted, manual, instance_connect)
