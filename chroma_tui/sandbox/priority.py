"""The sandbox plays machines that, on AWS, run elsewhere: its processes yield the CPU.

On AWS the Chroma server and CloudFormation run on other computers and never slow the TUI.
Here they share the user's cores, so they run at a lower priority (``nice``): when the cores
are busy, the app's frames come first, as they would against the real cloud. The daemon starts a
session of its own, so it also calls ``lower_session`` (core/priority.py: on Linux, a nice value
otherwise weighs only inside its own session).
"""

from __future__ import annotations

import shutil

from chroma_tui.core.priority import NICENESS, lower_session

__all__ = ["NICENESS", "in_background", "lower_session"]


def in_background(cmd: list[str]) -> list[str]:
    """``cmd`` run through ``nice`` where the system has it (``nice`` execs: same pid)."""
    nice = shutil.which("nice")
    return [nice, "-n", str(NICENESS), *cmd] if nice else cmd
