"""The deployment journey, written once for the TUI and headless alike.

    launch -> stream -> CREATE_COMPLETE: record the address, lock ports 22/8000 (if asked)
           -> wait for Chroma -> record the heartbeat

The lock comes right after CREATE_COMPLETE, before the wait, so no outcome of the wait (a
timeout, ``--no-wait``, Ctrl-C) leaves the ports open to the world when the user asked otherwise.
A lock that was asked for and failed does not stop the journey (Chroma is still worth
reaching) but is reported (``LockPending``, ``JourneyResult.lock``) with the command that
finishes it. Headless runs ``Journey.run``; the TUI runs the same steps from its screens'
workers (``launch``/``open_stream`` on Launch, ``complete`` at CREATE_COMPLETE, ``wait`` on
Waiting). Progress goes to ``on_event`` as the frozen dataclasses of ``journey_events``;
failures are typed errors (``StackFailedError``, ``JourneyStopped``, ``ProbeError``...).

The wait step is pluggable: ``waiter`` (default: ``backend.wait_for_chroma``) receives the
deployment, a progress callback for ``ProbeAttempt`` and one for anything else it reports
(delivered as ``WaitNote``), and the stop flag.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from chroma_tui.core.backend_api import StackStream
from chroma_tui.core.errors import (
    ChromaTuiError,
    InputError,
    JourneyStopped,
    StackError,
    StackFailedError,
)
from chroma_tui.core.ip_change import IpMovedError, IpWatch
from chroma_tui.core.journey_events import (
    HeartbeatRecorded,
    IpMovedSeen,
    JourneyEvent,
    JourneyResult,
    Launched,
    LeftOpen,
    LockDone,
    LockOutcome,
    LockPending,
    LockStarted,
    ProbeTried,
    StackCompleted,
    StackUpdated,
    WaitNote,
    WaitStarted,
)
from chroma_tui.core.models import (
    ChromaConnection,
    Deployment,
    LaunchPlan,
    ProbeAttempt,
    StackEvent,
    StackSnapshot,
)

if TYPE_CHECKING:
    from chroma_tui.core.boot_log import BootReport

StopFlag = Callable[[], bool]
OnEvent = Callable[[JourneyEvent], None]
DEFAULT_WAIT_S = 600.0


class JourneyBackend(Protocol):
    """The part of ``core.backend_api.BackendAPI`` the journey uses (tests hand it a fake)."""

    def launch(self, plan: LaunchPlan) -> Deployment: ...

    def stream(self, deployment: Deployment, should_stop: StopFlag = ...) -> StackStream: ...

    def record(self, deployment: Deployment, snapshot: StackSnapshot) -> Deployment: ...

    def record_heartbeat(self, deployment: Deployment) -> Deployment: ...

    def my_ip(self) -> str: ...

    def lock_to_ip(self, deployment: Deployment, ip: str) -> Deployment: ...

    def wait_for_chroma(
        self,
        host: str,
        port: int,
        on_attempt: Callable[[ProbeAttempt], None] | None = None,
        should_stop: StopFlag = ...,
        deadline_s: float = ...,
        deployment: Deployment | None = None,
        on_boot: Callable[[BootReport], None] | None = None,
    ) -> ChromaConnection: ...


Waiter = Callable[
    [Deployment, Callable[[ProbeAttempt], None], Callable[[object], None], StopFlag],
    ChromaConnection,
]


def lock_due(deployment: Deployment) -> bool:
    """The user asked for the IP lock and the stack completed, but nothing applied it yet
    (the app was closed or killed between CREATE_COMPLETE and the lock)."""
    return (
        deployment.status == "CREATE_COMPLETE"
        and deployment.lock_to_my_ip
        and not deployment.ip_locked_to
    )


def lock_command(deployment: Deployment) -> str:
    """The headless command that finishes a lock left pending."""
    parts = ["chroma-tui", "lock", "--stack-name", deployment.stack_name]
    parts += ["--region", deployment.region]
    if deployment.profile:
        parts += ["--profile", deployment.profile]
    return shlex.join(parts)


def watch_command(deployment: Deployment) -> str:
    parts = ["chroma-tui", "watch", "--stack-name", deployment.stack_name]
    parts += ["--region", deployment.region]
    if deployment.profile:
        parts += ["--profile", deployment.profile]
    return shlex.join(parts)


def _never() -> bool:
    return False


def _ignore(_event: JourneyEvent) -> None:
    return None


class Journey:
    def __init__(
        self,
        backend: JourneyBackend,
        *,
        on_event: OnEvent | None = None,
        should_stop: StopFlag = _never,
        wait_deadline_s: float = DEFAULT_WAIT_S,
        waiter: Waiter | None = None,
    ) -> None:
        self.backend = backend
        self.on_event: OnEvent = on_event or _ignore
        self.should_stop = should_stop
        self.wait_deadline_s = wait_deadline_s
        self.waiter: Waiter = waiter or self._default_waiter
        self.events: list[StackEvent] = []  # every stack event followed, oldest first

    # -- the whole journey (headless) -----------------------------------------------------
    def run(
        self,
        plan: LaunchPlan | None = None,
        deployment: Deployment | None = None,
        *,
        wait: bool = True,
    ) -> JourneyResult:
        """From a plan (launch) or a saved deployment (reattach) to the heartbeat.

        ``wait=False`` (``--no-wait``) still follows the stack to CREATE_COMPLETE and locks;
        it skips only the wait for Chroma.
        """
        if deployment is None:
            if plan is None:
                raise ValueError("Journey.run needs a plan or a deployment")
            deployment = self.launch(plan)
        stream = self.open_stream(deployment)
        final = self.follow(stream, deployment)
        deployment, outcome = self.complete(deployment, final, tuple(self.events))
        if not wait:
            return JourneyResult(deployment, outcome)
        # A failed wait raises; the lock's outcome was already reported (LockPending).
        deployment, connection = self.wait(deployment)
        return JourneyResult(deployment, outcome, connection)

    # -- steps ----------------------------------------------------------------------------
    def launch(self, plan: LaunchPlan) -> Deployment:
        """Record first, then CreateStack (see ``Deployer.launch``)."""
        deployment = self.backend.launch(plan)
        self.on_event(Launched(deployment))
        return deployment

    def open_stream(self, deployment: Deployment) -> StackStream:
        return self.backend.stream(deployment, self.should_stop)

    def follow(self, stream: StackStream, deployment: Deployment) -> StackSnapshot:
        """Report every update until the stack is terminal; JourneyStopped if stopped first."""
        final: StackSnapshot | None = None
        for update in stream.updates():
            self.events.extend(update.events)
            self.on_event(StackUpdated(update))
            if update.stack is not None:
                final = update.stack
            if update.finished:
                break
        if final is None or not final.terminal:
            raise JourneyStopped("journey.error.stopped", name=deployment.stack_name)
        return final

    def complete(
        self,
        deployment: Deployment,
        stack: StackSnapshot,
        events: tuple[StackEvent, ...] = (),
        *,
        lock: bool | None = None,
    ) -> tuple[Deployment, LockOutcome]:
        """The stack is terminal: record it; on CREATE_COMPLETE lock the ports if asked.

        ``lock`` defaults to the choice saved with the record. Raises StackFailedError for a
        stack that did not complete (after recording its status).
        """
        deployment = self.backend.record(deployment, stack)
        if not stack.succeeded:
            raise StackFailedError(
                "journey.error.stack_failed",
                stack=stack,
                events=events,
                name=stack.name or deployment.stack_name,
                status=stack.status,
            )
        self.on_event(StackCompleted(deployment, stack))
        wanted = deployment.lock_to_my_ip if lock is None else lock
        if not wanted:
            self.on_event(LeftOpen(deployment))
            return deployment, LockOutcome("not_asked")
        if deployment.ip_locked_to:
            return deployment, LockOutcome("already", ip=deployment.ip_locked_to)
        return self.try_lock(deployment)

    def try_lock(self, deployment: Deployment) -> tuple[Deployment, LockOutcome]:
        """Lock, reporting a failure as LockPending instead of raising it."""
        try:
            deployment, ip = self.lock(deployment)
        except ChromaTuiError as error:
            command = lock_command(deployment)
            self.on_event(LockPending(deployment, error, command))
            return deployment, LockOutcome("pending", error=error, command=command)
        return deployment, LockOutcome("done", ip=ip)

    def lock(self, deployment: Deployment) -> tuple[Deployment, str]:
        """Ports 22/8000 to this machine's public IP; raises what stopped it."""
        if not deployment.stack_id:
            raise StackError("stack.error.not_found", name=deployment.stack_name)
        self.on_event(LockStarted(deployment))
        ip = self.backend.my_ip()
        deployment = self.backend.lock_to_ip(deployment, ip)
        locked = deployment.ip_locked_to or ip
        self.on_event(LockDone(deployment, locked))
        return deployment, locked

    def wait(self, deployment: Deployment) -> tuple[Deployment, ChromaConnection]:
        """Wait for Chroma's heartbeat at the recorded address, then record it."""
        host, port = deployment.server_host, deployment.server_port or 8000
        if not host:
            raise InputError("journey.error.no_address", name=deployment.stack_name)
        self.on_event(WaitStarted(host, port))
        watch = IpWatch(self.backend.my_ip)

        def on_attempt(attempt: ProbeAttempt) -> None:
            self.on_event(ProbeTried(attempt))
            if attempt.error:  # locked to an address this machine left? say so, stop waiting
                moved = watch.check(deployment)
                if moved is not None:
                    command = lock_command(deployment)
                    self.on_event(IpMovedSeen(deployment, moved, command))
                    raise IpMovedError(moved, command)

        connection = self.waiter(
            deployment,
            on_attempt,
            lambda detail: self.on_event(WaitNote(detail)),
            self.should_stop,
        )
        deployment = self.record_heartbeat(deployment)
        self.on_event(HeartbeatRecorded(deployment, connection))
        return deployment, connection

    def record_heartbeat(self, deployment: Deployment) -> Deployment:
        return self.backend.record_heartbeat(deployment)

    # -- helpers --------------------------------------------------------------------------
    def _default_waiter(
        self,
        deployment: Deployment,
        on_attempt: Callable[[ProbeAttempt], None],
        on_note: Callable[[object], None],
        should_stop: StopFlag,
    ) -> ChromaConnection:
        # ``on_boot`` reports (boot phases...) come back to the caller as WaitNote events.
        return self.backend.wait_for_chroma(
            deployment.server_host or "",
            deployment.server_port or 8000,
            on_attempt=on_attempt,
            should_stop=should_stop,
            deadline_s=self.wait_deadline_s,
            deployment=deployment,
            on_boot=on_note,
        )
