"""Snapshot tests of the Waiting screen's boot X-ray, 80×24, English and Chinese."""

from __future__ import annotations

import pytest
from fakes import saved_deployment
from test_boot_log import HEAD, HEALTHY, P
from test_snapshots_run import LANGS, backend, showing, snap, utc

from chroma_tui.core.boot_log import BootError, BootReport, InstanceHealth, parse_console
from chroma_tui.core.models import ProbeAttempt
from chroma_tui.ui.screens.waiting import WaitingScreen

__all__ = ["utc"]
PULLED = HEAD + f"[   48.000000] {P} server Pulled\n"


@pytest.mark.parametrize("lang", LANGS)
def test_waiting_boot_phases(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    fake.probe_blocks = True
    fake.probe_attempts = [ProbeAttempt(1, 3.0, "connection refused")]
    report = parse_console(PULLED)
    fake.boot_reports = [
        BootReport(phases=report.phases, health=InstanceHealth("initializing", "initializing"))
    ]
    snap(snap_compare, fake, lang, showing(lambda: WaitingScreen(d), settle_after=False))


@pytest.mark.parametrize("lang", LANGS)
def test_waiting_container_exited(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    fake.probe_attempts = [ProbeAttempt(1, 3.0, "connection refused")]
    fake.boot_error = BootError(
        "boot.otel_crash",
        parse_console(HEALTHY),
        port=8000,
        started="49",
        grace="90",
        issue="chroma-core/chroma#4609",
    )
    snap(snap_compare, fake, lang, showing(lambda: WaitingScreen(d)))
