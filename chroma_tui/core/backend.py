"""The one object the UI and the headless commands talk to.

A thin facade over the core modules: each method is a blocking call (run it in a worker thread)
that returns frozen dataclasses or raises ``ChromaTuiError`` subclasses. What each returns and
raises is documented once, in ``core/backend_api.py`` (``BackendAPI``), which this class
implements. Tests hand the app a ``Backend`` whose AWS endpoint is the sandbox, or a fake that
satisfies the same Protocol for snapshots.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from chroma_tui.core.errors import ChromaTuiError, InputError
from chroma_tui.core.models import (
    ChromaConnection,
    CreatedKeyPair,
    Deployment,
    Identity,
    InstanceTypeOption,
    KeyPairInfo,
    LaunchPlan,
    ProbeAttempt,
    RegionOption,
    RootCause,
    SnapshotInfo,
    StackEvent,
    StackSnapshot,
    StreamUpdate,
    TemplateInfo,
)
from chroma_tui.core.state import DeploymentStore

if TYPE_CHECKING:
    from chroma_tui.core.aws import AwsSession
    from chroma_tui.core.boot_log import BootReport
    from chroma_tui.core.deploy import Deployer
    from chroma_tui.core.events import EventStream
    from chroma_tui.core.ip_change import IpMoved
    from chroma_tui.core.models import PriceEstimate
    from chroma_tui.core.ownership import Elsewhere
    from chroma_tui.core.smoke_check import SmokeResult
    from chroma_tui.core.template_check import TemplateCheck

# The core modules below are imported inside the methods: they pull in boto3 (~0.15 s), which
# must load in a worker after the first frame, not on the main thread before it.
OFFICIAL_TEMPLATE_URL = (
    "https://s3.amazonaws.com/public.trychroma.com/cloudformation/latest/chroma.cf.json"
)

StopFlag = Callable[[], bool]


def _never() -> bool:
    return False


class Backend:
    """The real backend (AWS through boto3); see ``BackendAPI`` for each method's contract."""

    def __init__(
        self,
        profile: str | None = None,
        region: str | None = None,
        store: DeploymentStore | None = None,
        template_source: str = OFFICIAL_TEMPLATE_URL,
    ) -> None:
        self.store = store or DeploymentStore()
        self.template_source = template_source
        self._lock = threading.Lock()
        self._sessions: dict[tuple[str | None, str | None], AwsSession] = {}
        self._template: TemplateInfo | None = None
        self.profile = profile
        self.region = region

    # -- sessions -------------------------------------------------------------------------
    def session(self, profile: str | None = None, region: str | None = None) -> AwsSession:
        """A cached AwsSession per (profile, region); created lazily, never at import."""
        key = (profile if profile is not None else self.profile, region or self.region)
        with self._lock:
            if key not in self._sessions:
                from chroma_tui.core.gc_policy import long_lived

                with long_lived():  # boto3's import and the session live as long as we do
                    from chroma_tui.core.aws import AwsSession

                    self._sessions[key] = AwsSession(profile=key[0], region=key[1])
            return self._sessions[key]

    def warm_up(self, region: str, profile: str | None = None) -> None:
        """Make the CloudFormation and EC2 clients the launch will use, ahead of time.

        Returns nothing; raises ChromaTuiError (credentials, unknown profile) like any client
        creation. Called in a worker while the user reads Review, so the Launch screen does not
        wait for botocore to load its models (issue 10, item 7). Cheap when already made.
        """
        session = self.session(profile, region)
        session.client("cloudformation", region)
        session.client("ec2", region)

    def set_profile(self, profile: str | None) -> None:
        self.profile = profile
        self._template = None

    def profiles(self) -> list[str]:
        from chroma_tui.core.aws import list_profiles

        return list_profiles()

    def _for(self, deployment: Deployment) -> AwsSession:
        return self.session(deployment.profile, deployment.region)

    # -- wizard steps ---------------------------------------------------------------------
    def who_am_i(self) -> Identity:
        from chroma_tui.core import identity

        return identity.who_am_i(self.session())

    def template(self) -> TemplateInfo:
        if self._template is None:
            from chroma_tui.core import template

            self._template = template.load_template(
                self.session(), self.template_source, self.session().region or "us-east-1"
            )
        return self._template

    def regions(self) -> list[RegionOption]:
        from chroma_tui.core import regions

        return regions.list_regions(self.session(), self.template())

    def default_region(self) -> str | None:
        from chroma_tui.core import regions

        return regions.default_region(self.session())

    def has_default_vpc(self, region: str) -> bool:
        from chroma_tui.core import vpc

        return vpc.has_default_vpc(self.session(), region)

    def create_default_vpc(self, region: str) -> str:
        from chroma_tui.core import vpc

        return vpc.create_default_vpc(self.session(), region)

    def instance_types(self, region: str) -> list[InstanceTypeOption]:
        from chroma_tui.core import instance_types

        return instance_types.list_instance_types(self.session(), region)

    def check_instance_type(self, region: str, name: str) -> InstanceTypeOption:
        from chroma_tui.core import instance_types

        return instance_types.check_instance_type(self.session(), region, name)

    def key_pairs(self, region: str) -> list[KeyPairInfo]:
        from chroma_tui.core import keypairs

        return keypairs.list_key_pairs(self.session(), region)

    def create_key_pair(self, region: str, name: str, key_type: str = "ed25519") -> CreatedKeyPair:
        from chroma_tui.core import keypairs

        return keypairs.create_key_pair(self.session(), region, name, key_type)

    def recreate_key_pair(
        self, region: str, name: str, key_type: str = "ed25519"
    ) -> CreatedKeyPair:
        """A key pair whose private key never arrived: delete it in AWS, create it again."""
        from chroma_tui.core import keypairs

        return keypairs.recreate_key_pair(self.session(), region, name, key_type)

    def delete_key_pair(self, region: str, name: str, key_file: str | None = None) -> None:
        from chroma_tui.core import keypairs

        keypairs.delete_key_pair(self.session(), region, name, key_file)

    # -- deployments ----------------------------------------------------------------------
    def deployer(self, profile: str | None = None, region: str | None = None) -> Deployer:
        """The core's Deployer for one session (internal: the fronts call the methods below)."""
        from chroma_tui.core.deploy import Deployer

        return Deployer(self.session(profile, region), self.store)

    def _deployer_of(self, deployment: Deployment) -> Deployer:
        return self.deployer(deployment.profile, deployment.region)

    def check_plan(self, plan: LaunchPlan) -> TemplateCheck:
        """What the template will do at boot; the plan to launch (safe values added)."""
        from chroma_tui.core import template_check

        return template_check.check_plan(plan)

    def launch(self, plan: LaunchPlan) -> Deployment:
        return self.deployer(plan.profile, plan.region).launch(plan)

    def stream(self, deployment: Deployment, should_stop: StopFlag = _never) -> EventStream:
        return self._deployer_of(deployment).stream(deployment, should_stop=should_stop)

    def refresh(self, deployment: Deployment) -> Deployment:
        return self._deployer_of(deployment).refresh(deployment)

    def delete(self, deployment: Deployment, should_stop: StopFlag = _never) -> EventStream:
        return self._deployer_of(deployment).delete(deployment, should_stop=should_stop)

    def record(self, deployment: Deployment, snapshot: StackSnapshot) -> Deployment:
        return self._deployer_of(deployment).record(deployment, snapshot)

    def record_heartbeat(self, deployment: Deployment) -> Deployment:
        return self._deployer_of(deployment).record_heartbeat(deployment)

    def relaunch(
        self,
        deployment: Deployment,
        *,
        should_stop: StopFlag = _never,
        on_update: Callable[[StreamUpdate], None] | None = None,
    ) -> Deployment:
        return self._deployer_of(deployment).relaunch(
            deployment, should_stop=should_stop, on_update=on_update
        )

    def find_stack(self, region: str, name: str) -> StackSnapshot | None:
        from chroma_tui.core import stacks

        return stacks.find_stack(self.session(region=region), region, name)

    def lock_to_ip(self, deployment: Deployment, ip: str) -> Deployment:
        return self._deployer_of(deployment).lock_to_ip(deployment, ip)

    def my_ip(self) -> str:
        from chroma_tui.core import deploy

        return deploy.my_public_ip()

    def ip_moved(self, deployment: Deployment) -> IpMoved | None:
        """Whether the deployment's ports are locked to another address than "my IP" now.

        Returns an ``IpMoved`` (locked and current address) when they differ, else None: not
        locked, the same address, or "my IP" could not be looked up (never raises for that).
        """
        from chroma_tui.core import ip_change

        if not deployment.ip_locked_to:
            return None
        try:
            current = self.my_ip()
        except ChromaTuiError:
            return None
        return ip_change.ip_moved(deployment, current)

    def root_cause(self, events: Sequence[StackEvent], region: str) -> RootCause | None:
        from chroma_tui.core import diagnosis

        return diagnosis.root_cause(events, region)

    def elsewhere(self, deployment: Deployment) -> Elsewhere | None:
        """Where a record belongs when it is not this endpoint's and account's (else None)."""
        from chroma_tui.core import ownership

        return ownership.where_it_belongs(deployment, self._for(deployment))

    def deployments(self) -> list[Deployment]:
        return self.store.list()

    def save(self, deployment: Deployment) -> None:
        self.store.save(deployment)

    def forget(self, deployment: Deployment) -> None:
        self.store.forget(deployment.id)

    def check_writable(self) -> None:
        self.store.check_writable()

    def store_warnings(self) -> list[str]:
        return list(self.store.warnings)

    def store_problems(self) -> list[str]:
        return list(self.store.problems)

    # -- Chroma ---------------------------------------------------------------------------
    def wait_for_chroma(
        self,
        host: str,
        port: int,
        on_attempt: Callable[[ProbeAttempt], None] | None = None,
        should_stop: StopFlag = _never,
        deadline_s: float = 600.0,
        deployment: Deployment | None = None,
        on_boot: Callable[[BootReport], None] | None = None,
    ) -> ChromaConnection:
        """The heartbeat; with ``deployment`` the boot log is read too (boot X-ray) and may end
        the wait early with a ``boot_log.BootError`` saying why Chroma will not answer."""
        from chroma_tui.core import probe
        from chroma_tui.core.boot_log import BootMonitor
        from chroma_tui.core.boot_watch import BootWatcher

        monitor = None
        if deployment is not None and deployment.stack_id:
            watcher = BootWatcher(self._for(deployment), deployment.region, deployment.stack_id)
            monitor = BootMonitor(
                watcher.poll, port=port, known_cause=watcher.known_cause, on_report=on_boot
            )
        return probe.wait_for_chroma(
            host,
            port,
            deadline_s=deadline_s,
            on_attempt=on_attempt,
            should_stop=should_stop,
            boot_check=monitor,
        )

    def heartbeat(self, host: str, port: int) -> tuple[int, float]:
        from chroma_tui.core import probe

        return probe.heartbeat_once(host, port)

    # -- day two (issue 12) ---------------------------------------------------------------
    def smoke_check(self, host: str, port: int) -> SmokeResult:
        """The "it works" check (create, add, query, delete) in the client child."""
        from chroma_tui.core import smoke_check

        return smoke_check.run_smoke_check(host, port)

    def price(self, deployment: Deployment) -> PriceEstimate | None:
        """The deployment's price from the same source as Review (Pricing API, else table)."""
        from chroma_tui.core import cost, pricing

        return pricing.estimate_price(
            self._for(deployment), deployment.region, cost.instance_type_of(deployment)
        )

    # -- keep the data (issue 12) ---------------------------------------------------------
    def snapshot_before_delete(
        self, deployment: Deployment
    ) -> tuple[Deployment, SnapshotInfo | None]:
        """Snapshot the deployment's server volume (tagged, recorded) before its delete.

        Returns the updated record and the started snapshot (state ``pending`` or
        ``completed``), or None as the snapshot when the stack has no instance (nothing to
        keep). Raises ``AwsError`` (``snap.error.*``, ``aws.*``) or ``CredentialsError`` when
        no snapshot was started: the caller must not delete the stack without asking.
        """
        return self.deployer(deployment.profile, deployment.region).snapshot(deployment)

    def snapshot_regions(self) -> list[str]:
        """Where snapshots may be: the regions of every record, plus the session's region."""
        regions = {d.region for d in self.store.list() if self.elsewhere(d) is None}
        if self.session().region:
            regions.add(str(self.session().region))
        return sorted(regions)

    def snapshots(self) -> list[SnapshotInfo]:
        """chroma-tui's snapshots (tagged managed) in :meth:`snapshot_regions`, newest first.

        Raises ``AwsError`` / ``CredentialsError`` when a region cannot be read.
        """
        from chroma_tui.core import snapshots

        found: list[SnapshotInfo] = []
        for region in self.snapshot_regions():
            found.extend(snapshots.list_snapshots(self.session(region=region), region))
        return found

    def delete_snapshot(self, region: str, snapshot_id: str) -> None:
        """DeleteSnapshot of one of chroma-tui's snapshots; records pointing at it let go.

        Raises ``AwsError`` (``snap.error.unknown``, ``snap.error.not_ours``, ``aws.*``).
        """
        from chroma_tui.core import snapshots

        snapshots.delete_snapshot(self.session(region=region), region, snapshot_id)
        for record in self.store.list():
            if record.snapshot_id == snapshot_id:
                self.store.update(record, lambda current: current.evolve(snapshot_id=None))

    # -- sleep and wake (issue 12) --------------------------------------------------------
    def stop_instance(self, deployment: Deployment) -> Deployment:
        """Stop the deployment's instance and wait until it is stopped.

        Returns the saved record (``instance_state="stopped"``, no address). Raises
        ``AwsError`` (``power.no_instance``, ``power.timeout``, ``aws.*``), ``StackError``.
        """
        return self.deployer(deployment.profile, deployment.region).stop(deployment)

    def start_instance(self, deployment: Deployment) -> Deployment:
        """Start the deployment's instance and wait until it runs with a public IP.

        Returns the saved record with the NEW address in ``server_host``. Raises like
        :meth:`stop_instance`.
        """
        return self.deployer(deployment.profile, deployment.region).start(deployment)

    def restart_chroma(self, deployment: Deployment) -> str:
        """Run ``cd /home/ec2-user && docker-compose up -d`` over SSH with the key file.

        Returns the command's output. Raises ``ProbeError`` (``power.ssh.failed``,
        ``power.ssh.host_key``) and ``InputError power.no_key`` without a key file.
        """
        from chroma_tui.core import power

        if not deployment.key_file or not deployment.server_host:
            raise InputError("power.no_key", name=deployment.stack_name)
        return power.restart_chroma(deployment.server_host, deployment.key_file)
