"""What the journey reports while it runs: one frozen dataclass per step, sent to a callback.

The TUI turns them into messages for its screens; headless prints one line each. ``WaitNote``
carries anything a wait step adds (e.g. boot phases read from the instance's console) without
the journey having to know its type.
"""

from __future__ import annotations

from dataclasses import dataclass

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.ip_change import IpMoved
from chroma_tui.core.models import (
    ChromaConnection,
    Deployment,
    ProbeAttempt,
    StackSnapshot,
    StreamUpdate,
)


@dataclass(frozen=True)
class Launched:
    """CreateStack answered: the record has its StackId."""

    deployment: Deployment


@dataclass(frozen=True)
class StackUpdated:
    """New events or a new stream state (throttled, reconnecting) from DescribeStackEvents."""

    update: StreamUpdate


@dataclass(frozen=True)
class StackCompleted:
    """CREATE_COMPLETE, recorded with the server's address."""

    deployment: Deployment
    stack: StackSnapshot


@dataclass(frozen=True)
class LockStarted:
    deployment: Deployment


@dataclass(frozen=True)
class LockDone:
    deployment: Deployment
    ip: str


@dataclass(frozen=True)
class LockPending:
    """The user asked for the lock and it is not done: ports 22/8000 may still be open to all.

    ``command`` finishes it (``chroma-tui lock --stack-name N``)."""

    deployment: Deployment
    error: ChromaTuiError
    command: str


@dataclass(frozen=True)
class LeftOpen:
    """No lock was asked for: the template's rules (open to the world) stay."""

    deployment: Deployment


@dataclass(frozen=True)
class WaitStarted:
    host: str
    port: int


@dataclass(frozen=True)
class ProbeTried:
    attempt: ProbeAttempt


@dataclass(frozen=True)
class WaitNote:
    """Something a pluggable wait step reports (its own typed object)."""

    detail: object


@dataclass(frozen=True)
class IpMovedSeen:
    """The wait fails and the ports are locked to an address this machine left; ``command``
    moves the rule (``chroma-tui lock``). The wait ends with ``IpMovedError`` right after."""

    deployment: Deployment
    moved: IpMoved
    command: str


@dataclass(frozen=True)
class HeartbeatRecorded:
    deployment: Deployment
    connection: ChromaConnection


JourneyEvent = (
    Launched
    | StackUpdated
    | StackCompleted
    | LockStarted
    | LockDone
    | LockPending
    | LeftOpen
    | WaitStarted
    | ProbeTried
    | WaitNote
    | IpMovedSeen
    | HeartbeatRecorded
)


@dataclass(frozen=True)
class LockOutcome:
    """How the lock step ended: done (``ip``), pending (``error``, ``command``) or not asked."""

    state: str  # "done", "already", "pending", "not_asked"
    ip: str | None = None
    error: ChromaTuiError | None = None
    command: str = ""

    @property
    def pending(self) -> bool:
        return self.state == "pending"


@dataclass(frozen=True)
class JourneyResult:
    deployment: Deployment
    lock: LockOutcome
    connection: ChromaConnection | None = None  # None with --no-wait
