"""The backend contract: every call the UI and the headless commands make, and what it raises.

``core.backend.Backend`` is the real implementation (AWS through boto3); ``tests/fakes.py``'s
``FakeBackend`` is a deterministic one for pilot and snapshot tests. Both are checked against
``BackendAPI`` by mypy (``tests/test_backend_api.py`` assigns each to a ``BackendAPI`` variable
and compares signatures), so neither can drift from what the fronts call.

Every method blocks (the UI runs it in a thread worker). Results are frozen dataclasses from
``core.models``; failures are ``core.errors`` subclasses carrying an i18n key:

- ``CredentialsError``: no, wrong or expired credentials (the user fixes them, then retries);
- ``Throttled`` / ``Unreachable`` (both ``AwsError``): AWS said "slow down" / could not be
  reached; worth retrying later;
- ``AwsError``: any other AWS refusal (access denied, API error), with AWS's words in ``raw``;
- ``InputError``: a value the user gave is invalid (said before anything reaches AWS);
- ``StackError`` / ``TemplateError`` / ``ProbeError`` / ``StateError``: the stack, the template,
  Chroma's heartbeat, the saved records.

Nothing else escapes by design; anything that does is a bug (the UI shows it as unexpected).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

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
)

if TYPE_CHECKING:
    from chroma_tui.core.boot_log import BootReport
    from chroma_tui.core.ip_change import IpMoved
    from chroma_tui.core.ownership import Elsewhere
    from chroma_tui.core.smoke_check import SmokeResult
    from chroma_tui.core.template_check import TemplateCheck

StopFlag = Callable[[], bool]


class StackStream(Protocol):
    """A stack's event stream (``core.events.EventStream``)."""

    events: list[StackEvent]
    """Every event seen so far, oldest first."""

    @property
    def stack(self) -> StackSnapshot | None:
        """The newest stack snapshot seen (None before the first DescribeStacks)."""
        ...

    def updates(self) -> Iterator[StreamUpdate]:
        """New events oldest first until the stack reaches a terminal status or the stop flag
        is set. Raises ``CredentialsError`` / ``AwsError``; calling it again resumes after the
        events already seen (none repeated, none missed)."""
        ...


class BackendAPI(Protocol):
    """What the UI and ``headless.py`` call; nothing reaches past it."""

    profile: str | None
    """The AWS profile in use (None: the default credential chain)."""
    region: str | None
    """The region given on the command line, if any."""
    template_source: str
    """Where the CloudFormation template is read from (the official URL unless told)."""

    # -- credentials ----------------------------------------------------------------------
    def set_profile(self, profile: str | None) -> None:
        """Use ``profile`` from now on (forgets the template read with the old one)."""
        ...

    def profiles(self) -> list[str]:
        """Profile names in the AWS config files, ``default`` first; [] when there are none."""
        ...

    def who_am_i(self) -> Identity:
        """The caller's account, ARN and masked key id. Raises ``CredentialsError``."""
        ...

    # -- wizard steps ---------------------------------------------------------------------
    def template(self) -> TemplateInfo:
        """The template's parameters, regions and outputs (cached). Raises ``TemplateError``
        (unreadable, not Chroma's) or ``CredentialsError``."""
        ...

    def regions(self) -> list[RegionOption]:
        """Every region worth showing, usable ones first, the others with the reason why not
        (DescribeRegions refused: the template's list is trusted). Raises ``TemplateError``
        (via :meth:`template`), ``CredentialsError`` / ``AwsError``."""
        ...

    def default_region(self) -> str | None:
        """The profile's / environment's region, or None."""
        ...

    def has_default_vpc(self, region: str) -> bool:
        """Whether ``region`` has a default VPC. Raises ``CredentialsError`` / ``AwsError``."""
        ...

    def create_default_vpc(self, region: str) -> str:
        """Create the default VPC (an existing one is fine); its id. Raises ``AwsError``."""
        ...

    def instance_types(self, region: str) -> list[InstanceTypeOption]:
        """The recommended types with size, price and whether Chroma can run on them.
        Raises ``CredentialsError`` / ``AwsError``."""
        ...

    def check_instance_type(self, region: str, name: str) -> InstanceTypeOption:
        """One type the user typed. Raises ``InputError`` (unknown, too small, arm64 only,
        not offered) with the fix, or ``AwsError``."""
        ...

    def key_pairs(self, region: str) -> list[KeyPairInfo]:
        """The region's key pairs. Raises ``CredentialsError`` / ``AwsError``."""
        ...

    def create_key_pair(self, region: str, name: str, key_type: str = "ed25519") -> CreatedKeyPair:
        """Create a key pair and save its private key (0600, never overwritten). Raises
        ``InputError`` (bad name or type, file exists), ``StateError`` (file not writable),
        ``AwsError`` (``journey.keypair.orphaned`` when the key never arrived)."""
        ...

    def recreate_key_pair(
        self, region: str, name: str, key_type: str = "ed25519"
    ) -> CreatedKeyPair:
        """A key pair whose private key never arrived: delete it in AWS, create it again.
        Raises like :meth:`create_key_pair`."""
        ...

    def delete_key_pair(self, region: str, name: str, key_file: str | None = None) -> None:
        """Delete the key pair in AWS (and its key file, if given). Raises ``AwsError``."""
        ...

    def check_plan(self, plan: LaunchPlan) -> TemplateCheck:
        """What the template will do at boot and the plan to launch (safe values added).
        Pure: no AWS call, never raises for a plan the wizard built."""
        ...

    # -- deployments ----------------------------------------------------------------------
    def launch(self, plan: LaunchPlan) -> Deployment:
        """Save the record, then CreateStack (idempotent by token). Raises ``StackError``
        (name taken, ``journey.error.answer_lost``: the record stays PENDING), ``StateError``
        (records not writable: nothing created), ``CredentialsError`` / ``AwsError``."""
        ...

    def stream(self, deployment: Deployment, should_stop: StopFlag = ...) -> StackStream:
        """The deployment's event stream (no call yet; :meth:`StackStream.updates` polls)."""
        ...

    def refresh(self, deployment: Deployment) -> Deployment:
        """The record with the stack's live status, saved (DELETE_COMPLETE / NOT_FOUND when
        the stack is gone). Raises ``CredentialsError`` / ``AwsError``."""
        ...

    def record(self, deployment: Deployment, snapshot: StackSnapshot) -> Deployment:
        """Save ``snapshot``'s status (and the server address once the outputs have it);
        the updated record. A failed write is noted (:meth:`store_problems`), never raised."""
        ...

    def record_heartbeat(self, deployment: Deployment) -> Deployment:
        """Save the time Chroma last answered; the updated record (never raises)."""
        ...

    def delete(self, deployment: Deployment, should_stop: StopFlag = ...) -> StackStream:
        """Send DeleteStack (token saved first); the stream that follows it. Raises
        ``StackError`` (no stack), ``CredentialsError`` / ``AwsError``."""
        ...

    def relaunch(
        self,
        deployment: Deployment,
        *,
        should_stop: StopFlag = ...,
        on_update: Callable[[StreamUpdate], None] | None = None,
    ) -> Deployment:
        """The one-key fix: delete the failed stack, wait for DELETE_COMPLETE (each update to
        ``on_update``), create it again under the same record. Raises ``StackError``
        (cancelled, delete failed), ``StateError``, ``CredentialsError`` / ``AwsError``."""
        ...

    def find_stack(self, region: str, name: str) -> StackSnapshot | None:
        """The live stack called ``name`` in ``region``, or None when there is none. Raises
        ``CredentialsError`` / ``AwsError``."""
        ...

    def lock_to_ip(self, deployment: Deployment, ip: str) -> Deployment:
        """Ports 22 and 8000 open to ``ip`` only, saved in the record. Raises ``InputError``
        (not a public address), ``StackError`` (no security group, not applied),
        ``AwsError``."""
        ...

    def my_ip(self) -> str:
        """This machine's address as the internet sees it (``CHROMA_TUI_MY_IP_URL``). Raises
        ``AwsError`` (``deploy.error.my_ip``: no answer, or not an address)."""
        ...

    def root_cause(self, events: Sequence[StackEvent], region: str) -> RootCause | None:
        """Why a stack failed, with the fix, from its events; None when nothing is known."""
        ...

    def elsewhere(self, deployment: Deployment) -> Elsewhere | None:
        """Where a record belongs when it is not this endpoint's and account's (else None).
        Raises ``CredentialsError`` (the account could not be read)."""
        ...

    def deployments(self) -> list[Deployment]:
        """Every saved record, newest first (unreadable files are set aside: see
        :meth:`store_warnings`). Raises ``StateError``."""
        ...

    def save(self, deployment: Deployment) -> None:
        """Save (or replace) a record. Raises ``StateError``."""
        ...

    def forget(self, deployment: Deployment) -> None:
        """Remove a record (never the stack). Raises ``StateError``."""
        ...

    def check_writable(self) -> None:
        """Raises ``StateError`` unless records can be written (checked before a launch)."""
        ...

    def store_warnings(self) -> list[str]:
        """Records set aside as unreadable, and this run's saves that failed."""
        ...

    def store_problems(self) -> list[str]:
        """This run's saves that failed after a launch (the stack exists, its record lags)."""
        ...

    # -- Chroma ---------------------------------------------------------------------------
    def wait_for_chroma(
        self,
        host: str,
        port: int,
        on_attempt: Callable[[ProbeAttempt], None] | None = None,
        should_stop: StopFlag = ...,
        deadline_s: float = 600.0,
        deployment: Deployment | None = None,
        on_boot: Callable[[BootReport], None] | None = None,
    ) -> ChromaConnection:
        """Heartbeat until Chroma answers (each try to ``on_attempt``; boot reports to
        ``on_boot`` when ``deployment`` is given). Raises ``ProbeError`` (deadline, stopped;
        ``boot_log.BootError`` when the boot log says waiting cannot help)."""
        ...

    def snapshot_before_delete(
        self, deployment: Deployment
    ) -> tuple[Deployment, SnapshotInfo | None]:
        """Snapshot the server volume (tagged, recorded) before the stack's delete: the updated
        record and the started snapshot, or None when the stack has no instance. Raises
        ``AwsError`` / ``CredentialsError`` when none was started (then do not delete)."""
        ...

    def snapshot_regions(self) -> list[str]:
        """Where snapshots may be: the regions of every record, plus the session's region."""
        ...

    def snapshots(self) -> list[SnapshotInfo]:
        """chroma-tui's snapshots in :meth:`snapshot_regions`, newest first. Raises
        ``AwsError`` / ``CredentialsError``."""
        ...

    def delete_snapshot(self, region: str, snapshot_id: str) -> None:
        """DeleteSnapshot of one of chroma-tui's snapshots. Raises ``AwsError``
        (``snap.error.unknown``, ``snap.error.not_ours``, ``aws.*``)."""
        ...

    def stop_instance(self, deployment: Deployment) -> Deployment:
        """Stop the instance, wait until stopped; the saved record. Raises ``AwsError``,
        ``StackError``."""
        ...

    def start_instance(self, deployment: Deployment) -> Deployment:
        """Start the instance, wait for its NEW public address; the saved record. Raises like
        :meth:`stop_instance`."""
        ...

    def restart_chroma(self, deployment: Deployment) -> str:
        """``docker-compose up -d`` over SSH with the key file; its output. Raises
        ``ProbeError`` and ``InputError`` (no key file)."""
        ...

    def warm_up(self, region: str, profile: str | None = None) -> None:
        """Make the launch's CloudFormation and EC2 clients ahead of time (in a worker, while
        the user reads Review). Raises ``ChromaTuiError`` like any client creation."""
        ...

    def ip_moved(self, deployment: Deployment) -> IpMoved | None:
        """Whether the ports are locked to another address than "my IP" now: an ``IpMoved``
        (locked and current address), else None (not locked, same address, or "my IP" could
        not be looked up). Never raises for a failed lookup."""
        ...

    def heartbeat(self, host: str, port: int) -> tuple[int, float]:
        """One heartbeat: (nanoseconds, latency in ms). Raises ``ProbeError``."""
        ...

    def smoke_check(self, host: str, port: int) -> SmokeResult:
        """Create, add, query and delete a collection; each step timed (failures inside the
        result, never raised)."""
        ...

    def price(self, deployment: Deployment) -> PriceEstimate | None:
        """The deployment's price (Pricing API, else the shipped table); None if unknown."""
        ...
