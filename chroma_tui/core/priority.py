"""Background processes that yield the CPU to the TUI, on Linux's autogroups too.

``os.nice`` alone is not enough on Linux desktops and servers alike: with the scheduler's
autogroups on (``/proc/sys/kernel/sched_autogroup_enabled``), every session gets an equal share of
the CPU, and a process's nice value only weighs against the processes of its own session. The
backend process (and the sandbox daemon) start a session of their own (so Ctrl-C in the terminal
stays the TUI's), so their niceness did nothing against the TUI: measured on 2 cores, the UI
process got 4 ms of CPU in a 15 ms stall while the chromadb probe's child imported. A session
leader therefore also lowers its session's autogroup (``/proc/self/autogroup``), which any user
may do for their own processes. A process in the TUI's own session never touches the autogroup:
that would slow the TUI itself.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

#: How much lower than the TUI background work runs (nice(1)'s default).
NICENESS = 10

AUTOGROUP = Path("/proc/self/autogroup")


def leads_own_session() -> bool:
    """Whether this process started a session (``setsid``): its autogroup is its own."""
    getsid = getattr(os, "getsid", None)
    return getsid is not None and getsid(0) == os.getpid()


def yield_cpu(niceness: int = NICENESS, autogroup: Path = AUTOGROUP) -> None:
    """Lower this process by ``niceness`` (its children inherit it), and its session's
    autogroup too when it leads a session; quietly nothing where the system has neither."""
    nice = getattr(os, "nice", None)
    if nice is not None:
        with contextlib.suppress(OSError):
            nice(niceness)
    lower_session(niceness, autogroup)


def lower_session(niceness: int = NICENESS, autogroup: Path = AUTOGROUP) -> None:
    """For a session leader (a process ``nice -n`` started already, e.g.): its session's
    autogroup at ``niceness``, so the niceness also counts against other sessions."""
    if leads_own_session() and autogroup.exists():
        with contextlib.suppress(OSError):
            autogroup.write_text(str(niceness), "ascii")
