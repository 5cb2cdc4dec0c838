"""The TUI's backend: ``BackendAPI`` served by a process of its own (``backend_child``).

Why: botocore does its work (loading megabytes of service models, parsing every response,
TLS) in Python, and in the TUI's process that work shares one GIL with the event loop; the
benchmark measured the loop held 60-200 ms at a time (issue 10, item 7). In its own process it
has its own GIL, and the TUI's threads only wait on a pipe. boto3 is never imported here.

Each method blocks like ``Backend``'s (the UI still calls them in thread workers), returns the
same frozen dataclasses and raises the same typed errors, which pickle with their key and
parameters. Callbacks run in the calling thread, as they would in process; a ``should_stop``
flag is polled here and sent across as ``cancel``. A stream stays in the backend process and
is pulled one update per call (``RemoteStream``).

When the backend process dies, the calls in flight raise ``BackendLost`` (an ``Unreachable``:
the request may or may not have reached AWS, which every caller already handles, with tokens
for the calls that create things), and the next call starts a new process. Records are
written by the backend process only.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import logging
import os
import queue
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any

from chroma_tui import i18n
from chroma_tui.core import paths
from chroma_tui.core.backend import OFFICIAL_TEMPLATE_URL
from chroma_tui.core.backend_wire import StreamHandle, StreamStep, marked
from chroma_tui.core.errors import AwsError, ChromaTuiError, Unreachable
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
from chroma_tui.i18n import t

if TYPE_CHECKING:
    from chroma_tui.core.boot_log import BootReport
    from chroma_tui.core.ip_change import IpMoved
    from chroma_tui.core.ownership import Elsewhere
    from chroma_tui.core.smoke_check import SmokeResult
    from chroma_tui.core.template_check import TemplateCheck

log = logging.getLogger(__name__)

ORPHANED_KEY_PAIR = "journey.keypair.orphaned"  # the key core/keypairs.py gives the same case
STDERR_FILE_NAME = "chroma-tui-aws.stderr"  # the backend process's own stderr (a crash's trace)
POLL_S = 0.05  # how often a waiting call looks at its stop flag

StopFlag = Callable[[], bool]


def _never() -> bool:
    return False


class BackendLost(Unreachable):
    """The backend process ended while a call was in flight (or could not be started).

    Its exit code and stderr file are parameters, not ``raw``: screens show ``raw`` as what
    AWS said, and AWS said nothing here."""

    KEY = "backend.lost"

    def body(self) -> str:
        if "code" in self.params:
            return t("backend.lost.body_exit", **self.params)
        return super().body()

    def fix(self) -> str:
        if "path" in self.params:
            return t("backend.lost.fix_file", **self.params)
        return super().fix()


#: The module run as the backend process: ``python -m MODULE FD SETTINGS`` (see its ``main``).
CHILD_MODULE = "chroma_tui.core.backend_child"


class _Process:
    """One backend process: the pipe, the reader thread and the calls waiting for answers."""

    def __init__(
        self, settings: dict[str, Any], *, first: bool = True, module: str = CHILD_MODULE
    ) -> None:
        ours, theirs = socket.socketpair()
        stderr_path: Path | None = None
        # The first process of a TUI starts the file anew; a restart appends, so the last
        # words of the process that died are still there when the error sends the user to read them.
        mode = os.O_TRUNC if first else os.O_APPEND
        try:
            stderr_path = paths.log_dir() / STDERR_FILE_NAME
            fd = os.open(stderr_path, os.O_WRONLY | os.O_CREAT | mode, 0o600)
        except OSError:  # no log folder (the TUI says so at start): AWS still has to work
            stderr_path = None
            fd = os.open(os.devnull, os.O_WRONLY)
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    module,
                    str(theirs.fileno()),
                    json.dumps(settings),
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=fd,
                start_new_session=True,  # Ctrl-C in the terminal is the TUI's to handle
            )
        finally:
            os.close(fd)
            theirs.close()
        self.stderr_path = stderr_path
        self._socket = ours  # kept to shut down: closing alone would not wake our reader
        self.conn = Connection(os.dup(ours.fileno()))
        self.alive = True
        self.pending: dict[int, queue.SimpleQueue[tuple[Any, ...]]] = {}
        self._send_lock = threading.Lock()
        self._lock = threading.Lock()
        threading.Thread(target=self._read, name="backend-reader", daemon=True).start()

    def send(self, message: tuple[Any, ...]) -> None:
        with self._send_lock:
            try:
                self.conn.send(message)
            except (OSError, ValueError) as exc:
                raise self.lost() from exc

    def expect(self, call_id: int) -> queue.SimpleQueue[tuple[Any, ...]]:
        answers: queue.SimpleQueue[tuple[Any, ...]] = queue.SimpleQueue()
        with self._lock:
            if not self.alive:
                raise self.lost()
            self.pending[call_id] = answers
        return answers

    def forget(self, call_id: int) -> None:
        with self._lock:
            self.pending.pop(call_id, None)

    def lost(self) -> BackendLost:
        code = self.process.poll()
        if code is None:
            return BackendLost()
        if self.stderr_path is None:
            return BackendLost(code=code)
        return BackendLost(code=code, path=str(self.stderr_path))

    def _read(self) -> None:
        while True:
            try:
                message = self.conn.recv()
            except (EOFError, OSError):
                break
            except Exception:  # an answer that cannot be read: its caller hears of it below
                log.exception("unreadable answer from the backend process")
                break
            with self._lock:
                answers = self.pending.get(message[1])
            if answers is not None:
                answers.put(message)
        # The pipe closes as the process ends: its exit code names the cause in the error.
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=2)
        with self._lock:
            self.alive = False
            waiting = list(self.pending.values())
        for answers in waiting:
            answers.put(("lost",))
        self.conn.close()
        self._socket.close()

    def close(self) -> None:
        """End the process: the pipe shuts down and it exits by itself (else it is killed)."""
        with contextlib.suppress(OSError):
            self._socket.shutdown(socket.SHUT_RDWR)
        self._socket.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class RemoteStream:
    """A ``StackStream`` whose polling runs in the backend process (see ``backend_wire``)."""

    def __init__(
        self, owner: RemoteBackend, deployment: Deployment, handle: StreamHandle, stop: StopFlag
    ) -> None:
        self.events: list[StackEvent] = []
        self._owner = owner
        self._deployment = deployment
        self._handle: StreamHandle | None = handle
        self._generation = owner.generation
        self._should_stop = stop
        self._stack: StackSnapshot | None = None
        self._seen: set[str] = set()

    @property
    def stack(self) -> StackSnapshot | None:
        return self._stack

    def updates(self) -> Iterator[StreamUpdate]:
        """The updates; when they end, or the reader stops reading (it saw the stack
        finish, or was cancelled), the backend process drops the stream. After a failure
        the handle is kept: a retry reads on where the stream stopped."""
        try:
            yield from self._pulled()
        except GeneratorExit:
            self._let_go()
            raise
        self._let_go()

    def _let_go(self) -> None:
        handle, self._handle = self._handle, None
        if handle is not None:
            self._owner._release(handle, self._generation)

    def _pulled(self) -> Iterator[StreamUpdate]:
        while True:
            handle = self._current_handle()
            step: StreamStep = self._owner._call(
                "stream_next", handle, should_stop=self._should_stop
            )
            fresh = tuple(e for e in step.new_events if e.event_id not in self._seen)
            self._seen.update(e.event_id for e in fresh)
            self.events.extend(fresh)
            if step.stack is not None:
                self._stack = step.stack
            if step.update is None:
                return
            update = step.update
            if len(update.events) != len(fresh) or update.events != fresh:
                update = StreamUpdate(
                    events=tuple(e for e in update.events if e in fresh),
                    stack=update.stack,
                    backoff_s=update.backoff_s,
                    reconnecting=update.reconnecting,
                    problem=update.problem,
                )
            yield update

    def _current_handle(self) -> StreamHandle:
        """The handle in the current backend process; after a restart, the stream of the
        deployment's current operation again (its events seen here are not repeated)."""
        generation = self._owner.started()
        if self._handle is None or self._generation != generation:
            self._generation = generation
            self._handle = self._owner._call("stream", self._deployment, should_stop=_never)
        return self._handle


class RemoteBackend:
    """``BackendAPI`` over a pipe to the backend process; see the module docstring."""

    def __init__(
        self,
        profile: str | None = None,
        region: str | None = None,
        template_source: str = OFFICIAL_TEMPLATE_URL,
        store_dir: Path | None = None,
        child_module: str = CHILD_MODULE,
    ) -> None:
        """``child_module`` is what runs as the backend process; another module serving the
        same calls (``backend_child.serve``) may stand in, as the benchmarks' does."""
        self.child_module = child_module
        self.profile = profile
        self.region = region
        self.template_source = template_source
        self.store_dir = store_dir
        self.generation = 0  # bumped each time a new backend process starts
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._process: _Process | None = None
        self._closed = False

    # -- the process ----------------------------------------------------------------------
    def start(self) -> None:
        """Start the backend process now (the first call would; this saves it the wait)."""
        self._alive()

    def started(self) -> int:
        """Start the backend process unless it runs; its generation (1, then 2 after a
        restart...), which tells a stream whether its handle is still good."""
        self._alive()
        return self.generation

    def close(self) -> None:
        """End the backend process; later calls raise ``BackendLost``."""
        with self._lock:
            self._closed = True
            process, self._process = self._process, None
        if process is not None:
            process.close()

    def _alive(self) -> _Process:
        with self._lock:
            if self._closed:
                raise BackendLost()
            # Dead even when its reader has not noticed yet: the call after a crash must
            # start a new process, not fail on the old pipe.
            if (
                self._process is None
                or not self._process.alive
                or self._process.process.poll() is not None
            ):
                settings = {
                    "profile": self.profile,
                    "region": self.region,
                    "template_source": self.template_source,
                    "store": str(self.store_dir) if self.store_dir else None,
                }
                try:
                    self._process = _Process(
                        settings, first=self.generation == 0, module=self.child_module
                    )
                except OSError as exc:
                    raise BackendLost(raw=str(exc)) from exc
                self.generation += 1
            return self._process

    def _release(self, handle: StreamHandle, generation: int) -> None:
        """Tell the backend process that started ``handle`` to drop that stream; no answer
        is awaited (this may run as a generator is collected, on any thread)."""
        with self._lock:
            process = self._process if generation == self.generation else None
        if process is None or not process.alive:
            return  # that process is gone, and its streams with it
        message = ("call", next(self._ids), i18n.get_language(), self.profile, "stream_close")
        with contextlib.suppress(BackendLost):
            process.send((*message, (handle,), {}))

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        sent, local = marked(kwargs)
        should_stop: StopFlag | None = local.pop("should_stop", None)
        process = self._alive()
        call_id = next(self._ids)
        answers = process.expect(call_id)
        try:
            language = i18n.get_language()
            process.send(("call", call_id, language, self.profile, method, args, sent))
            cancelled = False
            while True:
                if should_stop is not None and not cancelled and should_stop():
                    process.send(("cancel", call_id))
                    cancelled = True
                if i18n.get_language() != language:  # f2 during a long call (Waiting...)
                    language = i18n.get_language()
                    process.send(("language", language))
                try:
                    message = answers.get(timeout=POLL_S if should_stop else None)
                except queue.Empty:
                    continue
                kind = message[0]
                if kind == "event":
                    local[message[2]](message[3])
                elif kind == "done":
                    return message[2]
                elif kind == "fail":
                    raise message[2]
                else:
                    raise process.lost()
        finally:
            process.forget(call_id)

    # -- credentials ----------------------------------------------------------------------
    def set_profile(self, profile: str | None) -> None:
        """No round trip: the UI calls this on its event loop, where waiting for (or
        restarting) the backend process would stall the screen and a lost process would
        raise. Every call carries the profile; the backend process applies it in order."""
        self.profile = profile

    def profiles(self) -> list[str]:
        result: list[str] = self._call("profiles")
        return result

    def who_am_i(self) -> Identity:
        result: Identity = self._call("who_am_i")
        return result

    # -- wizard steps ---------------------------------------------------------------------
    def template(self) -> TemplateInfo:
        result: TemplateInfo = self._call("template")
        return result

    def regions(self) -> list[RegionOption]:
        result: list[RegionOption] = self._call("regions")
        return result

    def default_region(self) -> str | None:
        result: str | None = self._call("default_region")
        return result

    def has_default_vpc(self, region: str) -> bool:
        result: bool = self._call("has_default_vpc", region)
        return result

    def create_default_vpc(self, region: str) -> str:
        result: str = self._call("create_default_vpc", region)
        return result

    def instance_types(self, region: str) -> list[InstanceTypeOption]:
        result: list[InstanceTypeOption] = self._call("instance_types", region)
        return result

    def check_instance_type(self, region: str, name: str) -> InstanceTypeOption:
        result: InstanceTypeOption = self._call("check_instance_type", region, name)
        return result

    def key_pairs(self, region: str) -> list[KeyPairInfo]:
        result: list[KeyPairInfo] = self._call("key_pairs", region)
        return result

    def create_key_pair(self, region: str, name: str, key_type: str = "ed25519") -> CreatedKeyPair:
        return self._creating_key_pair("create_key_pair", region, name, key_type)

    def recreate_key_pair(
        self, region: str, name: str, key_type: str = "ed25519"
    ) -> CreatedKeyPair:
        return self._creating_key_pair("recreate_key_pair", region, name, key_type)

    def _creating_key_pair(
        self, method: str, region: str, name: str, key_type: str
    ) -> CreatedKeyPair:
        """The call, and if the backend process died in it after AWS made the pair (its
        private key went with the process), the error that offers to make it again: without
        it a retry only hears "that name exists" and the pair stays behind in AWS."""
        before = self._key_pair_exists(region, name) if method == "create_key_pair" else False
        try:
            result: CreatedKeyPair = self._call(method, region, name, key_type)
        except BackendLost as lost:
            if before is False and self._key_pair_exists(region, name):
                raise AwsError(ORPHANED_KEY_PAIR, name=name, region=region) from lost
            raise
        return result

    def _key_pair_exists(self, region: str, name: str) -> bool | None:
        """None when it cannot be told."""
        try:
            return any(pair.name == name for pair in self.key_pairs(region))
        except ChromaTuiError:
            return None

    def delete_key_pair(self, region: str, name: str, key_file: str | None = None) -> None:
        self._call("delete_key_pair", region, name, key_file)

    def check_plan(self, plan: LaunchPlan) -> TemplateCheck:
        result: TemplateCheck = self._call("check_plan", plan)
        return result

    # -- deployments ----------------------------------------------------------------------
    def launch(self, plan: LaunchPlan) -> Deployment:
        result: Deployment = self._call("launch", plan)
        return result

    def stream(self, deployment: Deployment, should_stop: StopFlag = _never) -> RemoteStream:
        handle: StreamHandle = self._call("stream", deployment, should_stop=_never)
        return RemoteStream(self, deployment, handle, should_stop)

    def refresh(self, deployment: Deployment) -> Deployment:
        result: Deployment = self._call("refresh", deployment)
        return result

    def record(self, deployment: Deployment, snapshot: StackSnapshot) -> Deployment:
        result: Deployment = self._call("record", deployment, snapshot)
        return result

    def record_heartbeat(self, deployment: Deployment) -> Deployment:
        result: Deployment = self._call("record_heartbeat", deployment)
        return result

    def delete(self, deployment: Deployment, should_stop: StopFlag = _never) -> RemoteStream:
        try:
            handle: StreamHandle = self._call("delete", deployment, should_stop=_never)
        except BackendLost:
            # Died after DeleteStack arrived: follow that delete (its token, saved before it
            # was sent, is what its events carry). Sent again, it would get a new token that
            # no event carries, and the screen would show none.
            if not self._deleting(deployment):
                raise
            handle = self._call("stream", deployment, should_stop=_never)
        return RemoteStream(self, deployment, handle, should_stop)

    def _deleting(self, deployment: Deployment) -> bool:
        try:
            status = self.refresh(deployment).status
        except ChromaTuiError:
            return False
        return status in ("DELETE_IN_PROGRESS", "DELETE_COMPLETE")

    def relaunch(
        self,
        deployment: Deployment,
        *,
        should_stop: StopFlag = _never,
        on_update: Callable[[StreamUpdate], None] | None = None,
    ) -> Deployment:
        result: Deployment = self._call(
            "relaunch", deployment, should_stop=should_stop, on_update=on_update
        )
        return result

    def find_stack(self, region: str, name: str) -> StackSnapshot | None:
        result: StackSnapshot | None = self._call("find_stack", region, name)
        return result

    def lock_to_ip(self, deployment: Deployment, ip: str) -> Deployment:
        result: Deployment = self._call("lock_to_ip", deployment, ip)
        return result

    def my_ip(self) -> str:
        result: str = self._call("my_ip")
        return result

    def root_cause(self, events: Sequence[StackEvent], region: str) -> RootCause | None:
        result: RootCause | None = self._call("root_cause", tuple(events), region)
        return result

    def elsewhere(self, deployment: Deployment) -> Elsewhere | None:
        result: Elsewhere | None = self._call("elsewhere", deployment)
        return result

    def deployments(self) -> list[Deployment]:
        result: list[Deployment] = self._call("deployments")
        return result

    def save(self, deployment: Deployment) -> None:
        self._call("save", deployment)

    def forget(self, deployment: Deployment) -> None:
        self._call("forget", deployment)

    def check_writable(self) -> None:
        self._call("check_writable")

    def store_warnings(self) -> list[str]:
        result: list[str] = self._call("store_warnings")
        return result

    def store_problems(self) -> list[str]:
        result: list[str] = self._call("store_problems")
        return result

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
        result: ChromaConnection = self._call(
            "wait_for_chroma",
            host,
            port,
            on_attempt=on_attempt,
            should_stop=should_stop,
            deadline_s=deadline_s,
            deployment=deployment,
            on_boot=on_boot,
        )
        return result

    def heartbeat(self, host: str, port: int) -> tuple[int, float]:
        result: tuple[int, float] = self._call("heartbeat", host, port)
        return result

    def smoke_check(self, host: str, port: int) -> SmokeResult:
        result: SmokeResult = self._call("smoke_check", host, port)
        return result

    def price(self, deployment: Deployment) -> PriceEstimate | None:
        result: PriceEstimate | None = self._call("price", deployment)
        return result

    def snapshot_before_delete(
        self, deployment: Deployment
    ) -> tuple[Deployment, SnapshotInfo | None]:
        result: tuple[Deployment, SnapshotInfo | None] = self._call(
            "snapshot_before_delete", deployment
        )
        return result

    def snapshot_regions(self) -> list[str]:
        result: list[str] = self._call("snapshot_regions")
        return result

    def snapshots(self) -> list[SnapshotInfo]:
        result: list[SnapshotInfo] = self._call("snapshots")
        return result

    def delete_snapshot(self, region: str, snapshot_id: str) -> None:
        self._call("delete_snapshot", region, snapshot_id)

    def stop_instance(self, deployment: Deployment) -> Deployment:
        result: Deployment = self._call("stop_instance", deployment)
        return result

    def start_instance(self, deployment: Deployment) -> Deployment:
        result: Deployment = self._call("start_instance", deployment)
        return result

    def restart_chroma(self, deployment: Deployment) -> str:
        result: str = self._call("restart_chroma", deployment)
        return result

    def warm_up(self, region: str, profile: str | None = None) -> None:
        self._call("warm_up", region, profile)

    def ip_moved(self, deployment: Deployment) -> IpMoved | None:
        result: IpMoved | None = self._call("ip_moved", deployment)
        return result
