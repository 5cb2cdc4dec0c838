"""Frozen dataclasses that cross the core/UI boundary. No boto3 dicts leave the core."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from chroma_tui.core import stack_status

HOURS_PER_MONTH = 730
ROOT_VOLUME_GIB = 24
STACK_RESOURCE_TYPE = "AWS::CloudFormation::Stack"
DEFAULT_CHROMA_PORT = 8000
REDACTED = "****"  # stands in for a secret value in saved records

TERMINAL_STATUSES = stack_status.TERMINAL  # the rules live in core/stack_status.py


@dataclass(frozen=True)
class Identity:
    """Who the credentials belong to (STS GetCallerIdentity) and where they came from."""

    account: str
    arn: str
    user_id: str
    source: str  # botocore's credential method: "env", "shared-credentials-file", "sso", ...
    masked_key_id: str  # e.g. "AKIA************WXYZ"; the secret key is never kept
    profile: str | None
    region: str | None  # the default region from env/profile, if any


@dataclass(frozen=True)
class TemplateParameter:
    name: str
    default: str | None
    description: str = ""
    allowed_values: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateInfo:
    """What chroma-tui knows about the CloudFormation template it will launch."""

    source: str  # the URL or local path, as given
    url: str | None  # TemplateURL for CreateStack; None when the body comes from a local file
    body: str | None  # the template text, when it could be read
    parameters: tuple[TemplateParameter, ...]
    regions: tuple[str, ...]  # keys of the Region2AMI mapping (or the documented 17)
    outputs: tuple[str, ...]
    regions_from_fallback: bool = False

    def parameter(self, name: str) -> TemplateParameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def declares(self, name: str) -> bool:
        return self.parameter(name) is not None


@dataclass(frozen=True)
class RegionOption:
    name: str
    supported: bool
    reason_key: str | None = None  # i18n key saying why it cannot be used


@dataclass(frozen=True)
class PriceEstimate:
    """On-demand Linux price, an estimate: instance per hour plus the 24 GiB gp2 root volume."""

    instance_hourly_usd: float
    volume_monthly_usd: float
    source: str  # "pricing-api" or "table"
    # Totals (with the public IPv4 address) come from core/cost.py breakdown(): one source.


@dataclass(frozen=True)
class InstanceTypeOption:
    name: str
    vcpus: int
    memory_mib: int
    architectures: tuple[str, ...]
    offered: bool  # offered in the region (DescribeInstanceTypeOfferings)
    price: PriceEstimate | None
    problem_key: str | None = None  # i18n key when refused: too small, arm64, not offered

    @property
    def usable(self) -> bool:
        return self.problem_key is None

    @property
    def memory_gib(self) -> float:
        return self.memory_mib / 1024

    @property
    def approx_embeddings(self) -> int:
        """Chroma's sizing table: about 0.245 M 1024-dim embeddings per GB, keeping 1 GB for
        the OS (t3.small 2 GiB ≈ 250k, t3.medium 4 GiB ≈ 700k)."""
        return int(0.245e6 * max(self.memory_gib - 1, 0))


@dataclass(frozen=True)
class KeyPairInfo:
    name: str
    key_type: str
    fingerprint: str
    key_pair_id: str = ""


@dataclass(frozen=True)
class CreatedKeyPair:
    name: str
    key_type: str
    fingerprint: str
    path: str  # the private key file, mode 0600


@dataclass(frozen=True)
class LaunchPlan:
    """Every choice the user made; enough to create the stack."""

    region: str
    stack_name: str
    instance_type: str
    chroma_version: str
    template: TemplateInfo
    key_name: str | None = None
    key_file: str | None = None  # private key path when chroma-tui created the key pair
    created_key_pair: bool = False
    otel_endpoint: str = ""
    otel_service_name: str = ""
    otel_headers: str = ""
    profile: str | None = None
    lock_to_my_ip: bool = True

    def parameters(self) -> dict[str, str]:
        """CreateStack parameters, only those the template declares."""
        wanted = {
            "InstanceType": self.instance_type,
            "KeyName": self.key_name or "",
            "ChromaVersion": self.chroma_version,
            "ChromaOtelCollectionEndpoint": self.otel_endpoint,
            "ChromaOtelServiceName": self.otel_service_name,
            "ChromaOtelCollectionHeaders": self.otel_headers,
        }
        optional_empty = {
            "KeyName",
            "ChromaOtelCollectionEndpoint",
            "ChromaOtelServiceName",
            "ChromaOtelCollectionHeaders",
        }
        return {
            name: value
            for name, value in wanted.items()
            if self.template.declares(name) and not (name in optional_empty and not value)
        }


@dataclass(frozen=True)
class StackEvent:
    event_id: str
    stack_id: str
    stack_name: str
    logical_id: str
    physical_id: str
    resource_type: str
    status: str
    reason: str
    timestamp: datetime  # AWS's time (timezone-aware), never the local clock
    token: str | None = None

    @property
    def is_stack_event(self) -> bool:
        return self.resource_type == STACK_RESOURCE_TYPE and self.logical_id == self.stack_name

    @property
    def is_failure(self) -> bool:
        return stack_status.resource_failed(self.status)


@dataclass(frozen=True)
class StackSnapshot:
    stack_id: str
    name: str
    status: str
    reason: str = ""
    outputs: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    creation_time: datetime | None = None

    @property
    def terminal(self) -> bool:
        return stack_status.is_terminal(self.status)

    @property
    def succeeded(self) -> bool:
        return self.status == stack_status.CREATED

    @property
    def server_host(self) -> str | None:
        return self.outputs.get("ServerIp") or None

    @property
    def server_port(self) -> int:
        return int(self.outputs.get("ServerPort") or DEFAULT_CHROMA_PORT)


@dataclass(frozen=True)
class StreamUpdate:
    """One step of an event stream: new events (oldest first) and how the stream is doing."""

    events: tuple[StackEvent, ...] = ()
    stack: StackSnapshot | None = None
    backoff_s: float | None = None  # throttled: waiting this long before the next call
    reconnecting: bool = False  # the network failed; retrying by itself
    problem: str = ""  # short raw text of the last transient error, for the status line

    @property
    def finished(self) -> bool:
        return self.stack is not None and self.stack.terminal


@dataclass(frozen=True)
class RootCause:
    """Why a stack failed, matched against known problems, with the fix."""

    problem: str  # see chroma_tui.core.diagnosis.PROBLEMS
    logical_id: str
    resource_type: str
    raw_reason: str
    region: str
    fix_action: str | None = None  # "create-default-vpc", "choose-key-pair", ...
    console_url: str | None = None
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ProbeAttempt:
    attempt: int
    elapsed_s: float
    error: str | None  # short description of why this try failed; None on success
    status_code: int | None = None


@dataclass(frozen=True)
class ChromaConnection:
    host: str
    port: int
    heartbeat_ns: int
    version: str
    latency_ms: float
    attempts: int
    elapsed_s: float


@dataclass(frozen=True)
class Deployment:
    """A saved deployment record. Written before CreateStack is sent; never holds secrets."""

    id: str
    stack_name: str
    region: str
    token: str  # ClientRequestToken of the create, reused on every retry
    created_at: str  # ISO 8601, UTC
    updated_at: str
    profile: str | None = None
    endpoint_url: str | None = None  # AWS_ENDPOINT_URL in force when it was made, if any
    account_id: str | None = None  # the AWS account it was made in (core/ownership.py)
    stack_id: str | None = None
    status: str = "PENDING"  # PENDING until AWS acknowledged CreateStack, then stack status
    parameters: dict[str, str] = field(default_factory=dict)
    template_source: str = ""
    key_name: str | None = None
    key_file: str | None = None
    created_key_pair: bool = False
    delete_token: str | None = None
    server_host: str | None = None
    server_port: int | None = None
    ip_locked_to: str | None = None
    lock_to_my_ip: bool = False  # the user asked to restrict ports 22/8000 once it completes
    last_heartbeat_at: str | None = None
    # Keep the data (issue 12): the EBS snapshot taken before the stack was deleted.
    snapshot_id: str | None = None
    snapshot_token: str | None = None  # tags the CreateSnapshot, so a lost answer is found
    # Sleep and wake (issue 12): "stopped" while the instance is stopped, else None.
    instance_state: str | None = None
    woken_at: str | None = None  # last start: the address is the instance's, not ServerIp's
    # What a stop leaves unbilled (core/cost.py): when the current stop began (None while it
    # runs) and the hours of earlier stops, ended by a start. Records from before these fields
    # read None / 0.0 (see cost.stopped_since for a stopped one).
    stopped_at: str | None = None
    stopped_hours: float = 0.0

    def evolve(self, **changes: Any) -> Deployment:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Deployment:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class SnapshotInfo:
    """One EBS snapshot chroma-tui took of a server's volume (DescribeSnapshots, our tags)."""

    snapshot_id: str
    region: str
    volume_id: str
    size_gib: int
    state: str  # pending, completed, error (EC2's words)
    started_at: datetime | None
    stack_name: str = ""
    deployment_id: str = ""
    progress: str = ""
    monthly_usd: float = 0.0  # at most: snapshots bill only the blocks in use

    @property
    def failed(self) -> bool:
        return self.state == "error"


@dataclass(frozen=True)
class InstanceInfo:
    """The stack's EC2 instance as DescribeInstances sees it now."""

    instance_id: str
    state: str  # pending, running, stopping, stopped, shutting-down, terminated
    public_ip: str | None
    volume_id: str | None
    volume_size_gib: int | None = None
