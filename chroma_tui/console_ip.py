"""Headless lines for "my IP changed": what happened and the command that moves the rule."""

from __future__ import annotations

from chroma_tui.console import Console
from chroma_tui.core.ip_change import IpMoved, IpMovedError
from chroma_tui.core.journey import lock_command
from chroma_tui.core.json_lines import ip_moved_record
from chroma_tui.core.models import Deployment


def say_ip_moved(console: Console, moved: IpMoved, deployment: Deployment) -> None:
    """The error with its fix (``chroma-tui lock ...``) on stderr, and an ``error`` line in
    --json (the ``ip_moved`` line itself comes with the journey event when there is one)."""
    console.error(IpMovedError(moved, lock_command(deployment)))


def emit_ip_moved(console: Console, moved: IpMoved, deployment: Deployment) -> None:
    """Outside a journey (``status --check``): the ``ip_moved`` line and the error."""
    console.emit("ip_moved", **ip_moved_record(moved, lock_command(deployment)))
    say_ip_moved(console, moved, deployment)
