"""The backend process of the 500-event benchmark: the real ``Backend`` and ``EventStream``
served over the real pipe (``backend_child.serve``), with CloudFormation faked.

Run by ``RemoteBackend(child_module="benchmarks.fake_stream")`` as
``python -m benchmarks.fake_stream FD SETTINGS``, as the app runs ``backend_child``: the stream
polls in this process, and the UI's process pulls its updates over the pipe, as in the app.
``CHROMA_TUI_BENCH_EVENTS`` and ``CHROMA_TUI_BENCH_RATE`` say how many events appear how fast;
the API calls made are written to ``CHROMA_TUI_BENCH_STATS`` (JSON) as they happen.

The fake client makes events visible at a fixed rate and pages DescribeStackEvents newest first,
100 per page, like AWS. The stack stays CREATE_IN_PROGRESS so the app stays on the launch screen.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from benchmarks.fake_stack import STACK, STACK_ID, TOKEN
from chroma_tui.core.backend import Backend
from chroma_tui.core.backend_child import serve
from chroma_tui.core.events import EventStream
from chroma_tui.core.models import Deployment
from chroma_tui.core.state import DeploymentStore

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
        self.polls: Any = None  # the stream's poll count, once it is made

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

    def write_stats(self) -> None:
        path = os.environ.get("CHROMA_TUI_BENCH_STATS")
        if path:
            stats = {
                "describes": self.describe_calls,
                "pages": self.event_pages,
                "polls": self.polls() if self.polls else 0,
            }
            partial = Path(f"{path}.partial")
            partial.write_text(json.dumps(stats), "utf-8")
            os.replace(partial, path)  # whole, even if this process is killed mid-write

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
        self.write_stats()
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


class FakeStreamBackend(Backend):
    def __init__(self, total: int, rate: float, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.total, self.rate = total, rate

    def stream(self, deployment: Deployment, should_stop: Any = lambda: False) -> EventStream:
        cfn = FakeCloudFormation(self.total, self.rate)
        stream = EventStream(
            FakeAws(cfn),  # type: ignore[arg-type]
            deployment.region,
            STACK_ID,
            token=TOKEN,
            should_stop=should_stop,
        )
        cfn.polls = lambda: stream.polls
        return stream


def backend(settings: dict[str, Any]) -> Backend:
    return FakeStreamBackend(
        int(os.environ.get("CHROMA_TUI_BENCH_EVENTS", "500")),
        float(os.environ.get("CHROMA_TUI_BENCH_RATE", "100")),
        store=DeploymentStore(Path(settings["store"])),
    )


if __name__ == "__main__":
    raise SystemExit(serve(sys.argv[1:], backend))
