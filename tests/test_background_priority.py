"""Background processes yield the CPU to the TUI: the backend process and the sandbox's
stand-ins for the cloud run at a lower priority (a higher niceness) than the app."""

from __future__ import annotations

import os
import subprocess
import sys

from chroma_tui.core.backend_child import NICENESS as BACKEND_NICENESS
from chroma_tui.core.backend_remote import RemoteBackend
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
