"""Background processes yield the CPU to the TUI: the backend process and the sandbox's
stand-ins for the cloud run at a lower priority (a higher niceness) than the app."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from chroma_tui.core.backend_child import NICENESS as BACKEND_NICENESS
from chroma_tui.core.backend_remote import RemoteBackend
from chroma_tui.core.priority import AUTOGROUP, leads_own_session, lower_session
from chroma_tui.sandbox.priority import NICENESS, in_background


def expected(niceness: int) -> int:
    return min(19, os.getpriority(os.PRIO_PROCESS, 0) + niceness)


def test_a_sandbox_process_runs_nicer_than_the_app() -> None:
    report = "import os; print(os.getpriority(os.PRIO_PROCESS, 0))"
    done = subprocess.run(
        in_background([sys.executable, "-c", report]), capture_output=True, text=True, check=True
    )
    assert int(done.stdout) == expected(NICENESS)


def test_the_backend_process_runs_nicer_than_the_tui(tmp_path) -> None:
    backend = RemoteBackend(store_dir=tmp_path)
    try:
        assert backend.deployments() == []  # it has started and answered
        process = backend._process
        assert process is not None
        # Set by the process itself before it serves: an answer means it is set.
        niceness = os.getpriority(os.PRIO_PROCESS, process.process.pid)
        assert niceness == expected(BACKEND_NICENESS)
    finally:
        backend.close()


# -- Linux autogroups: a niceness counts only inside its session, unless the session's too ----
HAS_AUTOGROUPS = AUTOGROUP.exists()
needs_autogroups = pytest.mark.skipif(not HAS_AUTOGROUPS, reason="no /proc/self/autogroup here")


#: What the kernel's first autogroup (the root task group's) reads as: nothing at all. A process
#: whose ancestors never started a session since boot (as under some CI runners) sits in it.
DEFAULT_AUTOGROUP = ("(the default autogroup)", 0)


def parse_autogroup(text: str) -> tuple[str, int]:
    """``/autogroup-7 nice 10`` as ``("/autogroup-7", 10)``; an empty file is the default one."""
    fields = text.split()
    if not fields:
        return DEFAULT_AUTOGROUP
    name, _, nice = fields
    return name, int(nice)


def _autogroup_of(pid: int) -> tuple[str, int]:
    return parse_autogroup(Path(f"/proc/{pid}/autogroup").read_text("ascii"))


def test_an_autogroup_reads_as_its_name_and_nice_or_as_the_default_one() -> None:
    assert parse_autogroup("/autogroup-12 nice 10\n") == ("/autogroup-12", 10)
    assert parse_autogroup("") == DEFAULT_AUTOGROUP


@needs_autogroups
def test_the_backend_process_lowers_its_own_session_not_the_tuis(tmp_path) -> None:
    mine_before = _autogroup_of(os.getpid())
    backend = RemoteBackend(store_dir=tmp_path)
    try:
        assert backend.deployments() == []
        process = backend._process
        assert process is not None
        group, nice = _autogroup_of(process.process.pid)
        assert group != mine_before[0]  # a session (and autogroup) of its own
        assert nice == max(mine_before[1], BACKEND_NICENESS)
        assert _autogroup_of(os.getpid()) == mine_before  # the TUI's own share is untouched
    finally:
        backend.close()


@needs_autogroups
def test_a_process_in_the_tuis_session_never_lowers_the_session(tmp_path) -> None:
    """Only a session leader writes its autogroup: anyone else would slow the TUI down."""
    fake = tmp_path / "autogroup"
    fake.write_text("/autogroup-1 nice 0", "ascii")
    assert not leads_own_session()  # the test runner shares its session with others
    lower_session(10, fake)
    assert fake.read_text("ascii") == "/autogroup-1 nice 0"


@needs_autogroups
def test_a_session_leader_lowers_its_session() -> None:
    report = (
        "import os; from pathlib import Path; from chroma_tui.core.priority import yield_cpu;"
        "yield_cpu(7); print(Path('/proc/self/autogroup').read_text().split()[-1])"
    )
    done = subprocess.run(
        [sys.executable, "-c", report],
        capture_output=True,
        text=True,
        check=True,
        start_new_session=True,
    )
    assert int(done.stdout) == 7
