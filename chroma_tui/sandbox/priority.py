"""The sandbox plays machines that, on AWS, run elsewhere: its processes yield the CPU.

On AWS the Chroma server and CloudFormation run on other computers and never slow the TUI.
Here they share the user's cores, so they run at a lower priority (``nice``): when the cores
are busy, the app's frames come first, as they would against the real cloud.
"""

from __future__ import annotations

import shutil

NICENESS = 10


def in_background(cmd: list[str]) -> list[str]:
    """``cmd`` run through ``nice`` where the system has it (``nice`` execs: same pid)."""
    nice = shutil.which("nice")
    return [nice, "-n", str(NICENESS), *cmd] if nice else cmd
