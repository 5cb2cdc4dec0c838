"""A fake CloudFormation client with a fake clock, for stream tests (no network, no sleeping).

Events become visible at given fake times; DescribeStackEvents pages them newest first like AWS.
Faults are queued per operation and raised on the next calls.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from botocore.exceptions import ClientError

T0 = datetime(2026, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/s1/abc"
STACK_TYPE = "AWS::CloudFormation::Stack"


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def client_error(code: str, message: str = "", op: str = "DescribeStackEvents") -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": message or code}}, op)


@dataclass
class FakeCfn:
    clock: FakeClock
    page_size: int = 3
    events: list[tuple[float, dict[str, Any]]] = field(default_factory=list)
    statuses: list[tuple[float, str]] = field(default_factory=list)
    outputs: dict[str, str] = field(default_factory=dict)
    faults: dict[str, list[BaseException]] = field(default_factory=dict)
    calls: list[tuple[str, float]] = field(default_factory=list)
    on_page: Any = None  # callable(page_number) run before a page is answered

    def add_event(
        self,
        at: float,
        logical: str,
        status: str,
        *,
        rtype: str = "AWS::EC2::Instance",
        reason: str = "",
        token: str | None = "tok-create",
    ) -> str:
        event_id = f"e{len(self.events):03d}-{logical}-{status}"
        raw = {
            "EventId": event_id,
            "StackId": STACK_ID,
            "StackName": "s1",
            "LogicalResourceId": logical,
            "PhysicalResourceId": STACK_ID if rtype == STACK_TYPE else f"phys-{logical}",
            "ResourceType": rtype,
            "ResourceStatus": status,
            "ResourceStatusReason": reason,
            "Timestamp": T0 + timedelta(seconds=at),
        }
        if token:
            raw["ClientRequestToken"] = token
        self.events.append((at, raw))
        return event_id

    def stack_event(self, at: float, status: str, **kw: Any) -> str:
        return self.add_event(at, "s1", status, rtype=STACK_TYPE, **kw)

    def _fault(self, op: str) -> None:
        queue = self.faults.get(op)
        if queue:
            raise queue.pop(0)

    def describe_stacks(self, StackName: str) -> dict[str, Any]:
        self.calls.append(("describe_stacks", self.clock.now))
        self._fault("describe_stacks")
        status = "CREATE_IN_PROGRESS"
        for at, value in self.statuses:
            if at <= self.clock.now:
                status = value
        raw: dict[str, Any] = {"StackId": STACK_ID, "StackName": "s1", "StackStatus": status}
        if status == "CREATE_COMPLETE":
            raw["Outputs"] = [{"OutputKey": k, "OutputValue": v} for k, v in self.outputs.items()]
        return {"Stacks": [raw]}

    def describe_stack_events(
        self,
        StackName: str,
        NextToken: str | None = None,
    ) -> dict[str, Any]:
        self.calls.append(("describe_stack_events", self.clock.now))
        self._fault("describe_stack_events")
        page = int(NextToken or 0)
        if self.on_page:
            self.on_page(page)
        visible = [raw for at, raw in self.events if at <= self.clock.now]
        visible.reverse()  # newest first
        start = page * self.page_size
        reply: dict[str, Any] = {"StackEvents": visible[start : start + self.page_size]}
        if start + self.page_size < len(visible):
            reply["NextToken"] = str(page + 1)
        return reply

    def calls_per_poll(self) -> list[list[str]]:
        """The calls grouped by poll: the fake clock moves only while the stream sleeps, so one
        poll's calls share one fake time."""
        polls: list[list[str]] = []
        last: float | None = None
        for name, at in self.calls:
            if last is None or at != last:
                polls.append([])
            polls[-1].append(name)
            last = at
        return polls

    def count(self, name: str) -> int:
        return sum(1 for call, _ in self.calls if call == name)


class FakeAws:
    """Stands in for AwsSession: ``client()`` hands out the fake."""

    def __init__(self, cfn: FakeCfn) -> None:
        self.cfn = cfn
        self.profile: str | None = None
        self.region = "us-east-1"
        self.endpoint_url: str | None = None

    def client(self, service: str, region: str | None = None, *, quick: bool = False) -> Any:
        assert service == "cloudformation"
        return self.cfn


def happy_create(cfn: FakeCfn, token: str = "tok-create") -> list[str]:
    """A realistic create: stack, security group, instance, complete; returns EventIds in order."""
    ids = [
        cfn.stack_event(0, "CREATE_IN_PROGRESS", reason="User Initiated", token=token),
        cfn.add_event(
            1,
            "ChromaInstanceSecurityGroup",
            "CREATE_IN_PROGRESS",
            rtype="AWS::EC2::SecurityGroup",
            token=token,
        ),
        cfn.add_event(
            1,
            "ChromaInstanceSecurityGroup",
            "CREATE_IN_PROGRESS",
            rtype="AWS::EC2::SecurityGroup",
            reason="Resource creation Initiated",
            token=token,
        ),
        cfn.add_event(
            6,
            "ChromaInstanceSecurityGroup",
            "CREATE_COMPLETE",
            rtype="AWS::EC2::SecurityGroup",
            token=token,
        ),
        cfn.add_event(7, "ChromaInstance", "CREATE_IN_PROGRESS", token=token),
        cfn.add_event(
            8,
            "ChromaInstance",
            "CREATE_IN_PROGRESS",
            reason="Resource creation Initiated",
            token=token,
        ),
        cfn.add_event(20, "ChromaInstance", "CREATE_COMPLETE", token=token),
        cfn.stack_event(21, "CREATE_COMPLETE", token=token),
    ]
    cfn.statuses.append((21, "CREATE_COMPLETE"))
    cfn.outputs.update({"ServerIp": "127.0.0.1", "ServerPort": "8123"})
    return ids
