"""Smoke test for benchmarks/: the quick mode's pieces run and measure something real.

Timing is never asserted (the figures are for people); only that each piece produces figures
with the shape it promises.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import memory, startup  # noqa: E402
from benchmarks.common import Figure, p95, table  # noqa: E402
from benchmarks.deploy_bench import poll_costs, polls_of  # noqa: E402
from benchmarks.sandbox_tools import Call, stack_name_of  # noqa: E402


def test_p95_is_nearest_rank() -> None:
    # Given 20 samples 1..20, When taking the 95th percentile, Then it is the 19th.
    assert p95([float(i) for i in range(20, 0, -1)]) == 19.0
    assert p95([]) is None


def test_table_marks_missed_targets() -> None:
    text = table([Figure("a", 2.0, "s", 1.0), Figure("b", 0.5, "s", 1.0), Figure("c", 3, "rows")])
    lines = text.splitlines()
    assert "NO" in lines[2] and "yes" in lines[3] and lines[4].split()[-1] == "-"


def test_poll_costs_group_calls_into_polls_by_the_gaps_between_them() -> None:
    # Given a create, then three polls 2 s apart: describe + events, events, events x2
    calls = [
        Call(0.0, "CreateStack", "s"),
        Call(0.1, "DescribeStacks", "s"),
        Call(0.2, "DescribeStackEvents", "s"),
        Call(2.2, "DescribeStackEvents", "s"),
        Call(4.2, "DescribeStackEvents", "s"),
        Call(4.3, "DescribeStackEvents", "s"),
    ]
    # Then they are three polls, and each figure is counted from them
    assert polls_of(calls) == [
        ["DescribeStacks", "DescribeStackEvents"],
        ["DescribeStackEvents"],
        ["DescribeStackEvents", "DescribeStackEvents"],
    ]
    costs = poll_costs(calls)
    assert costs["polls"] == 3 and costs["calls_max"] == 2 and costs["describes"] == 1
    assert costs["pages_max"] == 2
    assert stack_name_of("arn:aws:cloudformation:us-east-1:1:stack/my-stack/uuid") == "my-stack"


@pytest.mark.timeout(60)
def test_empty_app_startup_draws_a_frame_on_a_pty() -> None:
    data = startup.launch_once("empty")
    assert data["interactive_at"] > data["t0"]
    assert not data["modules"]["chromadb"]


@pytest.mark.timeout(90)
def test_memory_child_streams_every_event_into_the_table() -> None:
    figures = {f.name: f for f in memory.run(rate=400.0, events=120)}
    assert figures["scale: rows appended (never rebuilt)"].value == 120
    rss = figures["memory: peak RSS, 120 events (app)"].value
    assert rss is not None and rss > 10
