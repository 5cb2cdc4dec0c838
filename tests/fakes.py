"""FakeBackend: the whole ``BackendAPI`` (core/backend_api.py), deterministic, with switchable
failures. mypy checks that it satisfies the Protocol (tests/test_backend_api.py).

Used by the pilot and snapshot tests of both UI areas. Nothing touches AWS, the network or the
disk. ``fail(method, error, times=None)`` makes a method raise; ``hold(method)`` makes it block
until ``release(method)`` so a test can look at the loading state; ``calls`` records every call.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from textual.worker import WorkerCancelled

from chroma_tui.core import ip_change
from chroma_tui.core.errors import ChromaTuiError, InputError
from chroma_tui.core.ip_change import IpMoved
from chroma_tui.core.models import (
    ChromaConnection,
    CreatedKeyPair,
    Deployment,
    Identity,
    InstanceTypeOption,
    KeyPairInfo,
    LaunchPlan,
    PriceEstimate,
    ProbeAttempt,
    RegionOption,
    RootCause,
    SnapshotInfo,
    StackEvent,
    StackSnapshot,
    StreamUpdate,
    TemplateInfo,
    TemplateParameter,
)
from chroma_tui.core.ownership import Elsewhere
from chroma_tui.core.smoke_check import STEPS as SMOKE_STEPS
from chroma_tui.core.smoke_check import SmokeResult, SmokeStep

if TYPE_CHECKING:
    from chroma_tui.core.boot_log import BootReport
    from chroma_tui.core.template_check import TemplateCheck

FROZEN_NOW = datetime(2026, 3, 14, 9, 26, 53, tzinfo=timezone.utc)
TEMPLATE_URL = "https://s3.amazonaws.com/public.trychroma.com/cloudformation/latest/chroma.cf.json"
TEMPLATE_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "sa-east-1",
    "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "ap-south-1",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
)  # fmt: skip
VOLUME_MONTHLY_USD = 2.4

# name -> (vCPUs, memory MiB, architectures, on-demand $/h, problem key)
INSTANCE_CATALOGUE: dict[str, tuple[int, int, tuple[str, ...], float, str | None]] = {
    "t3.small": (2, 2048, ("x86_64",), 0.0208, None),
    "t3.medium": (2, 4096, ("x86_64",), 0.0416, None),
    "t3.large": (2, 8192, ("x86_64",), 0.0832, None),
    "t3.xlarge": (4, 16384, ("x86_64",), 0.1664, None),
    "t3.2xlarge": (8, 32768, ("x86_64",), 0.3328, None),
    "m5.4xlarge": (16, 65536, ("x86_64",), 0.768, None),
    "r7i.2xlarge": (8, 65536, ("x86_64",), 0.5292, None),
    "t3.micro": (2, 1024, ("x86_64",), 0.0104, "instance.too_small"),
    "t4g.medium": (2, 4096, ("arm64",), 0.0336, "instance.arm_only"),
    "c5.xlarge": (4, 8192, ("x86_64",), 0.17, None),
}
LISTED_TYPES = (
    "t3.small", "t3.medium", "t3.large", "t3.xlarge", "t3.2xlarge", "m5.4xlarge", "r7i.2xlarge",
    "t3.micro",
)  # fmt: skip


def instance_option(name: str) -> InstanceTypeOption:
    vcpus, memory, arches, hourly, problem = INSTANCE_CATALOGUE[name]
    return InstanceTypeOption(
        name=name,
        vcpus=vcpus,
        memory_mib=memory,
        architectures=arches,
        offered=True,
        price=PriceEstimate(hourly, VOLUME_MONTHLY_USD, "table"),
        problem_key=problem,
    )


def official_template() -> TemplateInfo:
    return TemplateInfo(
        source=TEMPLATE_URL,
        url=TEMPLATE_URL,
        body=None,
        parameters=(
            TemplateParameter("KeyName", ""),
            TemplateParameter("InstanceType", "t3.small"),
            TemplateParameter("ChromaVersion", "1.5.9"),
            TemplateParameter("ChromaOtelCollectionEndpoint", ""),
            TemplateParameter("ChromaOtelServiceName", ""),
            TemplateParameter("ChromaOtelCollectionHeaders", "{}"),
        ),
        regions=TEMPLATE_REGIONS,
        outputs=("ServerIp",),
    )


@dataclass
class FakeEventStream:
    """Stands in for core.events.EventStream: yields the scripted updates, keeps ``events``."""

    script: Sequence[StreamUpdate]
    events: list[StackEvent] = field(default_factory=list)
    should_stop: Callable[[], bool] = lambda: False
    stack: StackSnapshot | None = None

    def updates(self) -> Iterator[StreamUpdate]:
        for update in self.script:
            if self.should_stop():
                return
            self.events.extend(update.events)
            if update.stack is not None:
                self.stack = update.stack
            yield update


def stack_events(
    stack_name: str, stack_id: str, final: str = "CREATE_COMPLETE", start: datetime = FROZEN_NOW
) -> list[StackEvent]:
    """A create timeline like CloudFormation's: stack, security group, instance, stack."""
    rows = [
        (stack_name, "AWS::CloudFormation::Stack", "CREATE_IN_PROGRESS", "User Initiated"),
        ("ChromaInstanceSecurityGroup", "AWS::EC2::SecurityGroup", "CREATE_IN_PROGRESS", ""),
        (
            "ChromaInstanceSecurityGroup",
            "AWS::EC2::SecurityGroup",
            "CREATE_IN_PROGRESS",
            "Resource creation Initiated",
        ),
        ("ChromaInstanceSecurityGroup", "AWS::EC2::SecurityGroup", "CREATE_COMPLETE", ""),
        ("ChromaInstance", "AWS::EC2::Instance", "CREATE_IN_PROGRESS", ""),
        (
            "ChromaInstance",
            "AWS::EC2::Instance",
            "CREATE_IN_PROGRESS",
            "Resource creation Initiated",
        ),
        ("ChromaInstance", "AWS::EC2::Instance", "CREATE_COMPLETE", ""),
        (stack_name, "AWS::CloudFormation::Stack", final, ""),
    ]
    return [
        StackEvent(
            event_id=f"ev-{index:03d}",
            stack_id=stack_id,
            stack_name=stack_name,
            logical_id=logical,
            physical_id="",
            resource_type=kind,
            status=status,
            reason=reason,
            timestamp=start + timedelta(seconds=4 * index),
        )
        for index, (logical, kind, status, reason) in enumerate(rows)
    ]


def fake_snapshot(stack: str, deployment_id: str = "dep-1", n: int = 1) -> SnapshotInfo:
    return SnapshotInfo(
        snapshot_id=f"snap-0abc{n:012d}",
        region="us-east-1",
        volume_id="vol-0123456789abcdef0",
        size_gib=24,
        state="pending",
        started_at=FROZEN_NOW,
        stack_name=stack,
        deployment_id=deployment_id,
        monthly_usd=1.2,
    )


class FakeBackend:
    """Deterministic stand-in for ``chroma_tui.core.backend.Backend``."""

    def __init__(self) -> None:
        self.profile: str | None = None
        self.region: str | None = None
        self.template_source = TEMPLATE_URL
        self.store = _FakeStore()  # tests set store.warnings / store.problems
        self.calls: list[tuple[str, tuple[object, ...]]] = []
        self.failures: dict[str, tuple[ChromaTuiError, int | None]] = {}
        self._holds: dict[str, threading.Event] = {}
        self._lock = threading.Lock()
        self.identity = Identity(
            account="123456789012",
            arn="arn:aws:iam::123456789012:user/demo",
            user_id="AIDAEXAMPLEUSERID",
            source="env",
            masked_key_id="AKIA************MPLE",
            profile=None,
            region="us-east-1",
        )
        self.profile_names = ["default", "work-sso"]
        self.elsewhere_of: dict[str, Elsewhere] = {}
        self.default_region_name: str | None = "us-east-1"
        self.extra_regions = [
            RegionOption("af-south-1", False, "region.no_ami"),
            RegionOption("ap-east-1", False, "region.no_ami"),
        ]
        self.no_default_vpc: set[str] = set()
        self.listed_types = list(LISTED_TYPES)
        self.existing_key_pairs = [
            KeyPairInfo("mykey", "rsa", "1f:51:ae:28:bf:89:e9:d8:1f:25:5d:37:2d:7d:b8:ca", "key-1")
        ]
        self.key_dir = "/home/demo/.local/share/chroma-tui/keys"
        self.saved: list[Deployment] = []
        self.stream_final = "CREATE_COMPLETE"
        self.cause: RootCause | None = None
        self.connection = ChromaConnection(
            "203.0.113.10", 8000, 1_773_480_413_000_000_000, "1.0.0", 42.5, 3, 12.0
        )
        self.my_ip_address = "198.51.100.23"
        self.smoke_result: SmokeResult | None = None  # None: the four steps pass
        self.snapshot_list: list[SnapshotInfo] = []

    # -- test controls --------------------------------------------------------------------
    def fail(self, method: str, error: ChromaTuiError, times: int | None = None) -> None:
        """Make ``method`` raise ``error`` (``times`` calls, or always when None)."""
        self.failures[method] = (error, times)

    def heal(self, method: str) -> None:
        self.failures.pop(method, None)

    def hold(self, method: str) -> None:
        """Make ``method`` block (in its worker thread) until :meth:`release`."""
        self._holds[method] = threading.Event()

    def release(self, method: str) -> None:
        event = self._holds.pop(method, None)
        if event is not None:
            event.set()

    def release_all(self) -> None:
        for method in list(self._holds):
            self.release(method)

    def called(self, method: str) -> list[tuple[object, ...]]:
        return [args for name, args in self.calls if name == method]

    def _enter(self, method: str, *args: object) -> None:
        with self._lock:
            self.calls.append((method, args))
            failure = self.failures.get(method)
            if failure is not None:
                error, times = failure
                if times is not None:
                    if times <= 1:
                        del self.failures[method]
                    else:
                        self.failures[method] = (error, times - 1)
        hold = self._holds.get(method)
        if hold is not None:
            hold.wait(timeout=30)
        if failure is not None:
            raise failure[0]

    # -- sessions -------------------------------------------------------------------------
    def warm_up(self, region: str, profile: str | None = None) -> None:
        """Backend.warm_up makes boto3 clients; the fake has none to make (not recorded, so
        tests that compare call lists are unaffected)."""

    def set_profile(self, profile: str | None) -> None:
        self.calls.append(("set_profile", (profile,)))
        self.profile = profile

    def profiles(self) -> list[str]:
        self._enter("profiles")
        return list(self.profile_names)

    # -- wizard steps ---------------------------------------------------------------------
    def who_am_i(self) -> Identity:
        self._enter("who_am_i")
        if self.profile:
            from dataclasses import replace

            return replace(self.identity, profile=self.profile, source="shared-credentials-file")
        return self.identity

    def template(self) -> TemplateInfo:
        self._enter("template")
        return official_template()

    def regions(self) -> list[RegionOption]:
        self._enter("regions")
        return [RegionOption(name, True) for name in TEMPLATE_REGIONS] + self.extra_regions

    def default_region(self) -> str | None:
        self._enter("default_region")
        return self.default_region_name

    def has_default_vpc(self, region: str) -> bool:
        self._enter("has_default_vpc", region)
        return region not in self.no_default_vpc

    def create_default_vpc(self, region: str) -> str:
        self._enter("create_default_vpc", region)
        self.no_default_vpc.discard(region)
        return "vpc-0fa4e1d2c3b4a5968"

    def instance_types(self, region: str) -> list[InstanceTypeOption]:
        self._enter("instance_types", region)
        return [instance_option(name) for name in self.listed_types]

    def check_instance_type(self, region: str, name: str) -> InstanceTypeOption:
        self._enter("check_instance_type", region, name)
        from chroma_tui.core.validation import check_instance_type_name

        name = check_instance_type_name(name)
        if name not in INSTANCE_CATALOGUE:
            raise InputError("instance.unknown", name=name, region=region)
        option = instance_option(name)
        if option.problem_key:
            raise InputError(
                option.problem_key,
                name=name,
                region=region,
                memory=f"{option.memory_gib:g}",
                arch=", ".join(option.architectures),
            )
        return option

    def key_pairs(self, region: str) -> list[KeyPairInfo]:
        self._enter("key_pairs", region)
        return list(self.existing_key_pairs)

    def create_key_pair(self, region: str, name: str, key_type: str = "ed25519") -> CreatedKeyPair:
        self._enter("create_key_pair", region, name, key_type)
        if any(pair.name == name for pair in self.existing_key_pairs):
            raise InputError("keypair.exists", name=name, region=region)
        self.existing_key_pairs.append(KeyPairInfo(name, key_type, "SHA256:fake", "key-new"))
        return CreatedKeyPair(name, key_type, "SHA256:fake", f"{self.key_dir}/{name}.pem")

    def recreate_key_pair(
        self, region: str, name: str, key_type: str = "ed25519"
    ) -> CreatedKeyPair:
        self._enter("recreate_key_pair", region, name, key_type)
        self.existing_key_pairs = [p for p in self.existing_key_pairs if p.name != name]
        self.existing_key_pairs.append(KeyPairInfo(name, key_type, "SHA256:fake2", "key-new2"))
        return CreatedKeyPair(name, key_type, "SHA256:fake2", f"{self.key_dir}/{name}.pem")

    def delete_key_pair(self, region: str, name: str, key_file: str | None = None) -> None:
        self._enter("delete_key_pair", region, name, key_file)
        self.existing_key_pairs = [p for p in self.existing_key_pairs if p.name != name]

    # -- deployments ----------------------------------------------------------------------
    def launch(self, plan: LaunchPlan) -> Deployment:
        self._enter("launch", plan)
        stamp = FROZEN_NOW.isoformat()
        deployment = Deployment(
            id="dep-0001",
            stack_name=plan.stack_name,
            region=plan.region,
            token="chroma-tui-create-00000000-0000-4000-8000-000000000001",
            created_at=stamp,
            updated_at=stamp,
            profile=plan.profile,
            stack_id=f"arn:aws:cloudformation:{plan.region}:123456789012:stack/{plan.stack_name}/1",
            status="CREATE_IN_PROGRESS",
            parameters=plan.parameters(),
            template_source=plan.template.source,
            key_name=plan.key_name,
            key_file=plan.key_file,
            created_key_pair=plan.created_key_pair,
            lock_to_my_ip=plan.lock_to_my_ip,
        )
        self.saved.insert(0, deployment)
        return deployment

    def _script(self, deployment: Deployment, final: str) -> list[StreamUpdate]:
        stack_id = deployment.stack_id or "stack-id"
        events = stack_events(deployment.stack_name, stack_id, final)
        outputs = {"ServerIp": self.connection.host} if final == "CREATE_COMPLETE" else {}
        updates = [StreamUpdate(events=(event,)) for event in events[:-1]]
        last = StackSnapshot(stack_id, deployment.stack_name, final, outputs=outputs)
        updates.append(StreamUpdate(events=(events[-1],), stack=last))
        return updates

    def stream(
        self, deployment: Deployment, should_stop: Callable[[], bool] = lambda: False
    ) -> FakeEventStream | ScriptedStream:
        self._enter("stream", deployment)
        return FakeEventStream(self._script(deployment, self.stream_final), should_stop=should_stop)

    def refresh(self, deployment: Deployment) -> Deployment:
        self._enter("refresh", deployment)
        return deployment

    def delete(
        self, deployment: Deployment, should_stop: Callable[[], bool] = lambda: False
    ) -> FakeEventStream | ScriptedStream:
        self._enter("delete", deployment)
        stack_id = deployment.stack_id or "stack-id"
        event = StackEvent(
            "ev-del", stack_id, deployment.stack_name, deployment.stack_name,
            stack_id, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", "", FROZEN_NOW,
        )  # fmt: skip
        snapshot = StackSnapshot(stack_id, deployment.stack_name, "DELETE_COMPLETE")
        return FakeEventStream(
            [StreamUpdate(events=(event,), stack=snapshot)], should_stop=should_stop
        )

    def check_plan(self, plan: LaunchPlan) -> TemplateCheck:
        """The real check: it is pure (no AWS), so the screens show what users will see."""
        from chroma_tui.core import template_check

        self._enter("check_plan", plan)
        return template_check.check_plan(plan, client_version="1.5.9", today=FROZEN_NOW.date())

    def record(self, deployment: Deployment, snapshot: StackSnapshot) -> Deployment:
        self._enter("record", deployment, snapshot)
        changes: dict[str, Any] = {"status": snapshot.status}
        if snapshot.server_host:
            changes["server_host"] = snapshot.server_host
            changes["server_port"] = snapshot.server_port
        updated = deployment.evolve(**changes)
        self.saved = [updated if d.id == updated.id else d for d in self.saved]
        return updated

    def record_heartbeat(self, deployment: Deployment) -> Deployment:
        self._enter("record_heartbeat", deployment)
        updated = deployment.evolve(last_heartbeat_at=FROZEN_NOW.isoformat())
        self.saved = [updated if d.id == updated.id else d for d in self.saved]
        return updated

    def relaunch(
        self,
        deployment: Deployment,
        *,
        should_stop: Callable[[], bool] = lambda: False,
        on_update: Callable[[StreamUpdate], None] | None = None,
    ) -> Deployment:
        self._enter("relaunch", deployment)
        stack_id = deployment.stack_id or "stack-id"
        for status in ("DELETE_IN_PROGRESS", "DELETE_COMPLETE"):
            snapshot = StackSnapshot(stack_id, deployment.stack_name, status)
            if on_update is not None:
                on_update(StreamUpdate(stack=snapshot))
        return deployment.evolve(
            token="chroma-tui-create-00000000-0000-4000-8000-000000000002",
            stack_id=stack_id.replace("/1", "/2"),
            status="CREATE_IN_PROGRESS",
        )

    def find_stack(self, region: str, name: str) -> StackSnapshot | None:
        """Only the stacks of saved records exist in this fake account."""
        self._enter("find_stack", region, name)
        for d in self.saved:
            if d.region == region and d.stack_name == name and d.stack_id:
                return StackSnapshot(d.stack_id, d.stack_name, d.status)
        return None

    def lock_to_ip(self, deployment: Deployment, ip: str) -> Deployment:
        self._enter("lock_to_ip", deployment, ip)
        return deployment.evolve(ip_locked_to=ip)

    def my_ip(self) -> str:
        self._enter("my_ip")
        return self.my_ip_address

    def ip_moved(self, deployment: Deployment) -> IpMoved | None:
        """As ``Backend.ip_moved``: locked to another address than ``my_ip_address``?"""
        self._enter("ip_moved", deployment.stack_name)
        return ip_change.ip_moved(deployment, self.my_ip_address)

    def root_cause(self, events: Sequence[StackEvent], region: str) -> RootCause | None:
        self._enter("root_cause", tuple(events), region)
        return self.cause

    def deployments(self) -> list[Deployment]:
        self._enter("deployments")
        return list(self.saved)

    def elsewhere(self, deployment: Deployment) -> Elsewhere | None:
        """Records listed in ``elsewhere_of`` belong to another endpoint or account."""
        self._enter("elsewhere", deployment)
        return self.elsewhere_of.get(deployment.id)

    def save(self, deployment: Deployment) -> None:
        self._enter("save", deployment)
        self.saved = [deployment] + [d for d in self.saved if d.id != deployment.id]

    def forget(self, deployment: Deployment) -> None:
        self._enter("forget", deployment)
        self.saved = [d for d in self.saved if d.id != deployment.id]

    def check_writable(self) -> None:
        self._enter("check_writable")

    def store_warnings(self) -> list[str]:
        return [*self.store.warnings, *self.store.problems]

    def store_problems(self) -> list[str]:
        return list(self.store.problems)

    # -- Chroma ---------------------------------------------------------------------------
    def wait_for_chroma(
        self,
        host: str,
        port: int,
        on_attempt: Callable[[ProbeAttempt], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        deadline_s: float = 600.0,
        deployment: Deployment | None = None,
        on_boot: Callable[[BootReport], None] | None = None,
    ) -> ChromaConnection:
        self._enter("wait_for_chroma", host, port)
        if on_attempt is not None:
            on_attempt(ProbeAttempt(1, 5.0, "connection refused"))
            on_attempt(ProbeAttempt(2, 10.0, None, 200))
        return self.connection

    def heartbeat(self, host: str, port: int) -> tuple[int, float]:
        self._enter("heartbeat", host, port)
        return self.connection.heartbeat_ns, self.connection.latency_ms

    # -- day two (issue 12) ---------------------------------------------------------------
    def smoke_check(self, host: str, port: int) -> SmokeResult:
        self._enter("smoke_check", host, port)
        if self.smoke_result is not None:
            return self.smoke_result
        steps = tuple(SmokeStep(name, 10.0 + index) for index, name in enumerate(SMOKE_STEPS))
        return SmokeResult(host, port, "chroma-tui-check-0123456789ab", steps)

    # -- keep the data, sleep and wake (issue 12) ------------------------------------------
    def snapshot_before_delete(
        self, deployment: Deployment
    ) -> tuple[Deployment, SnapshotInfo | None]:
        self._enter("snapshot_before_delete", deployment)
        snap = fake_snapshot(deployment.stack_name, deployment.id)
        self.snapshot_list = [snap, *self.snapshot_list]
        return deployment.evolve(snapshot_id=snap.snapshot_id), snap

    def snapshot_regions(self) -> list[str]:
        self._enter("snapshot_regions")
        return ["us-east-1"]

    def snapshots(self) -> list[SnapshotInfo]:
        self._enter("snapshots")
        return list(self.snapshot_list)

    def delete_snapshot(self, region: str, snapshot_id: str) -> None:
        self._enter("delete_snapshot", region, snapshot_id)
        self.snapshot_list = [s for s in self.snapshot_list if s.snapshot_id != snapshot_id]

    def stop_instance(self, deployment: Deployment) -> Deployment:
        self._enter("stop_instance", deployment)
        stopped = deployment.evolve(instance_state="stopped", server_host=None)
        self.saved = [stopped if d.id == deployment.id else d for d in self.saved]
        return stopped

    def start_instance(self, deployment: Deployment) -> Deployment:
        self._enter("start_instance", deployment)
        running = deployment.evolve(instance_state=None, server_host="203.0.113.99")
        self.saved = [running if d.id == deployment.id else d for d in self.saved]
        return running

    def restart_chroma(self, deployment: Deployment) -> str:
        self._enter("restart_chroma", deployment)
        return " Container ec2-user-server-1  Started\n"

    def price(self, deployment: Deployment) -> PriceEstimate | None:
        self._enter("price", deployment)
        name = deployment.parameters.get("InstanceType") or "t3.small"
        return instance_option(name).price if name in INSTANCE_CATALOGUE else None


async def settle(pilot: Any, rounds: int = 3) -> None:
    """Let every worker finish (except the wizard's own, which waits on screens) and redraw.

    ``app.workers.wait_for_complete()`` with no argument would also wait for the wizard worker,
    which only ends when the wizard does; and with an empty list it waits for all of them too.
    """
    app = pilot.app
    for _ in range(rounds):
        await pilot.pause()
        pending = [w for w in app.workers if w.group != "wizard" and not w.is_finished]
        if pending:
            with contextlib.suppress(WorkerCancelled):
                await app.workers.wait_for_complete(pending)
    await pilot.pause()


# ==== run screens (launch, waiting, connected, failure, cleanup, deployments) ====


class ScriptedStream:
    """An EventStream stand-in whose script may hold exceptions (raised once, in order).

    Like the real stream, ``updates()`` can be called again after an error and resumes after it,
    so nothing is missed or repeated.
    """

    def __init__(
        self, script: Sequence[StreamUpdate | Exception], should_stop: Callable[[], bool]
    ) -> None:
        self.script = list(script)
        self.position = 0
        self.should_stop = should_stop
        self.events: list[StackEvent] = []
        self.stack: StackSnapshot | None = None
        self.calls = 0

    def updates(self) -> Iterator[StreamUpdate]:
        self.calls += 1
        while self.position < len(self.script) and not self.should_stop():
            item = self.script[self.position]
            self.position += 1
            if isinstance(item, Exception):
                raise item
            self.events.extend(item.events)
            if item.stack is not None:
                self.stack = item.stack
            yield item


def saved_deployment(
    status: str = "CREATE_IN_PROGRESS",
    *,
    id: str = "dep-0001",
    name: str = "my-chroma-stack",
    region: str = "us-east-1",
    host: str | None = None,
    key_name: str | None = None,
    created_key_pair: bool = False,
    locked: str | None = None,
) -> Deployment:
    stamp = FROZEN_NOW.isoformat()
    return Deployment(
        id=id,
        stack_name=name,
        region=region,
        token="chroma-tui-create-00000000-0000-4000-8000-000000000001",
        created_at=stamp,
        updated_at=stamp,
        stack_id=f"arn:aws:cloudformation:{region}:123456789012:stack/{name}/1",
        status=status,
        parameters={"InstanceType": "t3.small"},
        template_source=TEMPLATE_URL,
        key_name=key_name,
        key_file=f"/home/demo/.local/share/chroma-tui/keys/{key_name}.pem" if key_name else None,
        created_key_pair=created_key_pair,
        server_host=host,
        server_port=8000 if host else None,
        ip_locked_to=locked,
    )


class RunFakeBackend(FakeBackend):
    """FakeBackend with scripted streams, probes and stores for the run screens' tests."""

    def __init__(self) -> None:
        super().__init__()
        self.stream_script: list[StreamUpdate | Exception] | None = None
        self.delete_script: list[StreamUpdate | Exception] | None = None
        self.streams: list[ScriptedStream] = []
        self.live: dict[str, Deployment] = {}  # what refresh() answers, by deployment id
        self.probe_attempts: list[ProbeAttempt] = [ProbeAttempt(1, 5.0, "connection refused")]
        self.probe_block = threading.Event()
        self.probe_blocks = False  # True: wait_for_chroma waits until probe_block is set
        self.boot_reports: list[BootReport] = []  # sent to on_boot in order
        self.boot_error: Exception | None = None  # raised after the reports (a BootError)

    def stream(
        self, deployment: Deployment, should_stop: Callable[[], bool] = lambda: False
    ) -> FakeEventStream | ScriptedStream:
        if self.stream_script is None:
            return super().stream(deployment, should_stop)
        self._enter("stream", deployment)
        stream = ScriptedStream(self.stream_script, should_stop)
        self.streams.append(stream)
        return stream

    def delete(
        self, deployment: Deployment, should_stop: Callable[[], bool] = lambda: False
    ) -> FakeEventStream | ScriptedStream:
        if self.delete_script is None:
            return super().delete(deployment, should_stop)
        self._enter("delete", deployment)
        stream = ScriptedStream(self.delete_script, should_stop)
        self.streams.append(stream)
        return stream

    def refresh(self, deployment: Deployment) -> Deployment:
        self._enter("refresh", deployment)
        return self.live.get(deployment.id, deployment)

    def wait_for_chroma(
        self,
        host: str,
        port: int,
        on_attempt: Callable[[ProbeAttempt], None] | None = None,
        should_stop: Callable[[], bool] = lambda: False,
        deadline_s: float = 600.0,
        deployment: Deployment | None = None,
        on_boot: Callable[[BootReport], None] | None = None,
    ) -> ChromaConnection:
        self._enter("wait_for_chroma", host, port)
        for attempt in self.probe_attempts:
            if on_attempt is not None:
                on_attempt(attempt)
        for report in self.boot_reports:
            if on_boot is not None:
                on_boot(report)
        if self.boot_error is not None:
            raise self.boot_error
        while self.probe_blocks and not self.probe_block.is_set() and not should_stop():
            self.probe_block.wait(0.05)
        return self.connection


@dataclass
class _FakeStore:
    warnings: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def check_writable(self) -> None:
        """The fake store is always writable."""


def update(*events: StackEvent, status: str | None = None, **kw: object) -> StreamUpdate:
    """A StreamUpdate with ``events``; ``status`` adds a stack snapshot of that status."""
    stack = None
    if status is not None:
        first = events[0] if events else None
        stack_id = first.stack_id if first else "stack-id"
        name = first.stack_name if first else "my-chroma-stack"
        outputs = {"ServerIp": "203.0.113.10"} if status == "CREATE_COMPLETE" else {}
        stack = StackSnapshot(stack_id, name, status, outputs=outputs)
    return StreamUpdate(events=tuple(events), stack=stack, **kw)  # type: ignore[arg-type]
