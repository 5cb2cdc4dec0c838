"""The live resource view's model (rows from events and boot phases), the estimate of the time
left, the saved durations, and the bell setting: pure core logic."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from fakes import FROZEN_NOW, stack_events

from chroma_tui.core.boot_log import BootFailure, BootPhase, BootReport
from chroma_tui.core.durations import (
    TYPICAL_S,
    DurationHistory,
    estimate,
    load_typical,
    measured,
    remember,
)
from chroma_tui.core.models import StackEvent
from chroma_tui.core.resource_view import boot_rows, resource_rows
from chroma_tui.core.settings import bell_enabled

STACK = "my-chroma-stack"
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/my-chroma-stack/1"


def test_one_row_per_resource_stack_first_with_latest_status_and_reason() -> None:
    events = stack_events(STACK, STACK_ID)
    rows = resource_rows(events[:6], STACK)  # the instance still in progress
    assert [r.logical_id for r in rows] == [STACK, "ChromaInstanceSecurityGroup", "ChromaInstance"]
    stack, group, instance = rows
    assert stack.is_stack and stack.in_progress and stack.reason == "User Initiated"
    assert group.status == "CREATE_COMPLETE" and group.ended == events[3].timestamp
    assert (group.ended - group.started).total_seconds() == 8  # its own timer: events 1..3
    assert instance.in_progress and instance.ended is None
    assert instance.reason == "Resource creation Initiated"
    assert instance.elapsed_s(events[5].timestamp + timedelta(seconds=10)) == 14
    assert sum(r.events for r in rows) == 6  # every event belongs to one row


def test_a_rollback_restarts_the_resource_timer_and_keeps_the_failure_reason() -> None:
    base = stack_events(STACK, STACK_ID, final="ROLLBACK_IN_PROGRESS")
    later = base[-1].timestamp + timedelta(seconds=30)
    extra = [
        StackEvent(
            "x1",
            STACK_ID,
            STACK,
            "ChromaInstance",
            "i-1",
            "AWS::EC2::Instance",
            "DELETE_IN_PROGRESS",
            "",
            later,
        ),
        StackEvent(
            "x2",
            STACK_ID,
            STACK,
            "ChromaInstance",
            "i-1",
            "AWS::EC2::Instance",
            "DELETE_FAILED",
            "You are not authorized to perform this operation. "
            "Encoded authorization failure message: " + "x" * 200,
            later + timedelta(seconds=5),
        ),
    ]
    rows = resource_rows([*base, *extra], STACK)
    instance = next(r for r in rows if r.logical_id == "ChromaInstance")
    assert instance.started == later and instance.failed
    assert instance.reason.endswith("x" * 200)  # whole, never cut
    assert instance.physical_id == "i-1"
    assert estimate(rows, later) is None  # no estimate for a failed run


def test_boot_rows_mark_done_current_and_pending_and_a_failure() -> None:
    since = FROZEN_NOW
    report = BootReport(phases=(BootPhase("docker", 20.0), BootPhase("compose", 23.0)))
    seen = {"docker": since + timedelta(seconds=40), "compose": since + timedelta(seconds=43)}
    rows = boot_rows(report, since, since + timedelta(seconds=50), seen=seen)
    assert [r.status for r in rows] == ["DONE", "DONE", "IN_PROGRESS", "PENDING", "PENDING"]
    assert rows[0].started == since and rows[0].ended == seen["docker"]
    assert rows[1].ended == seen["compose"] and rows[1].at_s == 23.0
    assert rows[2].started == rows[1].ended and rows[2].ended is None
    failed = BootReport(
        phases=(BootPhase("docker", 20.0), BootPhase("compose", 23.0)),
        failure=BootFailure("unknown_version", "server Error manifest unknown", "9.9.9"),
    )
    rows = boot_rows(failed, since, since + timedelta(seconds=30))
    assert rows[2].failed and rows[2].reason == "server Error manifest unknown"
    assert rows[3].pending
    nothing = boot_rows(None, since, since, waiting=False)
    assert all(r.pending for r in nothing)


def test_estimate_counts_down_and_says_when_overdue() -> None:
    events = stack_events(STACK, STACK_ID)
    boot_total = sum(v for k, v in TYPICAL_S.items() if k.startswith("boot."))
    # Nothing seen yet: the template's two resources, the stack, and the boot.
    fresh = estimate([], FROZEN_NOW)
    assert fresh is not None
    assert fresh.remaining_s == 10 + 90 + 5 + boot_total
    # Instance in progress for 14 s: 90 - 14 left of it, plus the stack and the boot.
    rows = resource_rows(events[:6], STACK)
    now = events[5].timestamp + timedelta(seconds=10)
    left = estimate(rows, now)
    assert left is not None and not left.overdue
    assert left.remaining_s == (90 - 14) + 5 + boot_total
    # Still within 1.5x the typical duration: not "longer than usual" yet.
    near = estimate(rows, now + timedelta(seconds=100))
    assert near is not None and not near.overdue and near.remaining_s == 5 + boot_total
    # Far past the instance's typical duration: overdue, the figure is only a floor.
    late = estimate(rows, now + timedelta(seconds=300))
    assert late is not None and late.overdue
    assert late.remaining_s == 5 + boot_total
    # This user's own figures replace the defaults.
    mine = estimate(rows, now, {**TYPICAL_S, "AWS::EC2::Instance": 40.0})
    assert mine is not None and mine.remaining_s == (40 - 14) + 5 + boot_total


def test_estimate_on_waiting_counts_only_boot_phases_left() -> None:
    events = stack_events(STACK, STACK_ID)
    done = events[-1].timestamp
    report = BootReport(phases=(BootPhase("docker", 10.0), BootPhase("compose", 12.0)))
    seen = {"docker": done + timedelta(seconds=30), "compose": done + timedelta(seconds=33)}
    now = done + timedelta(seconds=40)
    rows = [*resource_rows(events, STACK), *boot_rows(report, done, now, seen=seen)]
    left = estimate(rows, now)
    # "pulled" in progress for 7 s of its typical 45, then "started" and "finished".
    assert left is not None and not left.overdue
    assert left.remaining_s == (45 - 7) + 5 + 2
    late = estimate(rows, now + timedelta(seconds=120))
    assert late is not None and late.overdue and late.remaining_s == 5 + 2
    assert measured(rows)[-2:] == [("boot.docker", 30.0), ("boot.compose", 3.0)]


def test_history_refines_the_typical_figures_and_survives_corruption(tmp_path: Path) -> None:
    path = tmp_path / "state" / "durations.json"
    events = stack_events(STACK, STACK_ID)
    rows = resource_rows(events, STACK)
    assert measured(rows) == [("AWS::EC2::SecurityGroup", 8.0), ("AWS::EC2::Instance", 8.0)]
    remember(rows, path)
    remember(rows, path)
    typical = load_typical(path)
    assert typical["AWS::EC2::Instance"] == 8.0  # the median of this user's runs
    assert typical["boot.pulled"] == TYPICAL_S["boot.pulled"]  # never measured: the default
    history = DurationHistory(path, "http://127.0.0.1:4566")
    assert history.typical()["AWS::EC2::Instance"] == 90.0  # another endpoint: its own figures
    path.write_text("{not json", encoding="utf-8")
    assert load_typical(path) == dict(TYPICAL_S)
    path.write_text(json.dumps({"endpoints": {"aws": {"AWS::EC2::Instance": ["x", -3]}}}))
    assert load_typical(path) == dict(TYPICAL_S)
    assert load_typical(tmp_path / "missing.json") == dict(TYPICAL_S)


def test_history_keeps_the_last_measurements(tmp_path: Path) -> None:
    history = DurationHistory(tmp_path / "d.json")
    history.add(("AWS::EC2::Instance", float(s)) for s in range(30))
    history.save()
    saved = json.loads((tmp_path / "d.json").read_text())
    assert saved["endpoints"]["aws"]["AWS::EC2::Instance"] == [float(s) for s in range(20, 30)]


def test_bell_setting() -> None:
    assert bell_enabled({})
    assert bell_enabled({"CHROMA_TUI_BELL": "1"})
    for off in ("0", "off", "FALSE", "no"):
        assert not bell_enabled({"CHROMA_TUI_BELL": off})
