"""Child: 500 stack events streamed through the real app (real EventStream, fake CloudFormation).

The fake client makes events visible at a fixed rate and pages DescribeStackEvents newest first,
100 per page, like AWS. The stack stays CREATE_IN_PROGRESS so the app stays on the launch screen.
Measures peak RSS, event-loop lag, time per table batch and per frame.
"""

from __future__ import annotations

import asyncio
import base64
import os
import resource
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks.app_probes import FrameProbe, LagMeter, TableProbe, wait_until

STACK = "bench-500"
STACK_ID = f"arn:aws:cloudformation:us-east-1:123456789012:stack/{STACK}/0000-bench"
TOKEN = "chroma-tui-create-bench"
PAGE = 100
RESOURCES = 50


class FakeCloudFormation:
    """DescribeStacks + DescribeStackEvents over ``total`` events appearing at ``rate`` per s."""

    def __init__(self, total: int, rate: float) -> None:
        self.total = total
        self.rate = rate
        self.t0 = time.monotonic()
        base = datetime.now(timezone.utc)
        self.events = [self._event(i, base + timedelta(milliseconds=10 * i)) for i in range(total)]
        self.describe_calls = 0
        self.event_pages = 0

    @staticmethod
    def _event(i: int, at: datetime) -> dict[str, Any]:
        if i == 0:
            logical, rtype, status, reason = (
                STACK,
                "AWS::CloudFormation::Stack",
                "CREATE_IN_PROGRESS",
                "User Initiated",
            )
        else:
            n = i % RESOURCES
            logical = f"Resource{n:02d}"
            rtype = "AWS::EC2::SecurityGroup" if n % 2 else "AWS::EC2::Instance"
            status = "CREATE_IN_PROGRESS" if (i // RESOURCES) % 2 == 0 else "CREATE_COMPLETE"
            reason = "Resource creation Initiated" if status.endswith("PROGRESS") else ""
        return {
            "StackId": STACK_ID,
            "EventId": f"ev-{i:05d}",
            "StackName": STACK,
            "LogicalResourceId": logical,
            "PhysicalResourceId": f"phys-{logical}",
            "ResourceType": rtype,
            "Timestamp": at,
            "ResourceStatus": status,
            "ResourceStatusReason": reason,
            "ClientRequestToken": TOKEN,
        }

    def visible(self) -> int:
        return min(self.total, 1 + int((time.monotonic() - self.t0) * self.rate))

    def describe_stacks(self, StackName: str) -> dict[str, Any]:
        self.describe_calls += 1
        return {
            "Stacks": [
                {
                    "StackId": STACK_ID,
                    "StackName": STACK,
                    "StackStatus": "CREATE_IN_PROGRESS",
                    "CreationTime": self.events[0]["Timestamp"],
                }
            ]
        }

    def describe_stack_events(self, StackName: str, NextToken: str | None = None) -> dict[str, Any]:
        self.event_pages += 1
        end = int(base64.b64decode(NextToken).decode()) if NextToken else self.visible()
        start = max(0, end - PAGE)
        reply: dict[str, Any] = {"StackEvents": list(reversed(self.events[start:end]))}
        if start:
            reply["NextToken"] = base64.b64encode(str(start).encode()).decode()
        return reply


class FakeAws:
    profile = None
    region = "us-east-1"
    endpoint_url = None

    def __init__(self, cfn: FakeCloudFormation) -> None:
        self.cfn = cfn

    def client(self, service: str, region: str | None = None, *, quick: bool = False) -> Any:
        return self.cfn


async def _run(total: int, rate: float, home: Path) -> dict[str, Any]:
    from chroma_tui.core.backend import Backend
    from chroma_tui.core.events import EventStream
    from chroma_tui.core.models import Deployment
    from chroma_tui.core.state import DeploymentStore
    from chroma_tui.ui.app import ChromaTuiApp
    from chroma_tui.ui.screens.launch import LaunchScreen

    holder: dict[str, Any] = {}

    class FakeStreamBackend(Backend):
        def stream(self, deployment: Deployment, should_stop: Any = lambda: False) -> EventStream:
            holder["cfn"] = FakeCloudFormation(total, rate)
            holder["stream"] = EventStream(
                FakeAws(holder["cfn"]),  # type: ignore[arg-type]
                deployment.region,
                STACK_ID,
                token=TOKEN,
                should_stop=should_stop,
            )
            return holder["stream"]

    backend = FakeStreamBackend(store=DeploymentStore(home / "deployments"))
    stamp = datetime.now(timezone.utc).isoformat()
    deployment = Deployment(
        id="bench",
        stack_name=STACK,
        region="us-east-1",
        token=TOKEN,
        created_at=stamp,
        updated_at=stamp,
        stack_id=STACK_ID,
        status="CREATE_IN_PROGRESS",
    )
    rss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    table, frames = TableProbe(), FrameProbe()
    lag = LagMeter(profile=os.environ.get("CHROMA_TUI_BENCH_STALLS") == "1")
    with table.installed(), frames.installed():
        app = ChromaTuiApp(backend, lang="en")
        async with app.run_test(size=(120, 40)) as pilot:
            lag.start()
            await wait_until(pilot, lambda: type(app.screen).__name__ != "HomeScreen", 10)
            started = time.monotonic()
            app.push_screen(LaunchScreen(deployment=deployment))
            await wait_until(pilot, lambda: len(table.painted) >= total, 60)
            elapsed = time.monotonic() - started
            await pilot.pause(0.3)  # a few idle frames with 500 rows on screen
            await lag.stop()
            app.exit()
    cfn = holder.get("cfn")
    stream = holder.get("stream")
    return {
        "rows": table.rows_added,
        "painted": len(table.painted),
        "elapsed_s": elapsed,
        "batch_s": table.batch_s,
        "batch_rows": table.batch_rows,
        "frame_s": frames.frame_s,
        "lag_s": lag.lags,
        "polls": stream.polls if stream else 0,
        "describes": cfn.describe_calls if cfn else 0,
        "pages": cfn.event_pages if cfn else 0,
        "rss_before_kb": rss_before_kb,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "stall_profiles": lag.stall_profiles() if lag.profile else [],
    }


def main(total: int, rate: float, home: Path) -> dict[str, Any]:
    return asyncio.run(_run(total, rate, home))
