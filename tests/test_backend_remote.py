"""The TUI's backend process (core/backend_remote.py, core/backend_child.py), on the sandbox.

What must hold across the pipe: the same results and the same typed errors as the in-process
``Backend``; callbacks in the calling thread; a stop flag that ends a call; a stream pulled
update by update, every event once, even when the backend process dies in the middle; and
boto3 never imported by the process that runs the UI.
"""

from __future__ import annotations

import os
import pickle
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from chroma_tui.core.backend import Backend
from chroma_tui.core.backend_remote import BackendLost, RemoteBackend
from chroma_tui.core.boot_log import BootError, BootReport
from chroma_tui.core.errors import (
    AwsError,
    ChromaTuiError,
    CredentialsError,
    InputError,
    ProbeError,
    StackFailedError,
    Throttled,
    Unreachable,
)
from chroma_tui.core.models import LaunchPlan, StackSnapshot

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def remote(tmp_path):
    backend = RemoteBackend(store_dir=tmp_path / "deployments")
    yield backend
    backend.close()


def plan_for(backend: RemoteBackend, name: str) -> LaunchPlan:
    return LaunchPlan(
        region="us-east-1",
        stack_name=name,
        instance_type="t3.small",
        chroma_version="1.5.9",
        template=backend.template(),
        lock_to_my_ip=False,
        otel_endpoint="http://127.0.0.1:4317",
        otel_service_name="chroma-sandbox-test",
    )


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def kill_backend_process(backend: RemoteBackend) -> None:
    process = backend._process
    assert process is not None
    os.kill(process.process.pid, signal.SIGKILL)
    process.process.wait(timeout=10)


# -- errors keep their type, key and fields across a pipe -----------------------------------
@pytest.mark.parametrize(
    "error",
    [
        CredentialsError("cred.expired_token", raw="ExpiredToken"),
        InputError("validation.stack_name", name="bad_name!"),
        Throttled(raw="Rate exceeded"),
        Unreachable(raw="timed out"),
        BackendLost(raw="exit code -9"),
        StackFailedError(
            "stack.error.failed",
            stack=StackSnapshot(stack_id="id", name="s", status="ROLLBACK_COMPLETE"),
            name="s",
        ),
        BootError("boot.error.pull", BootReport(), version="9.9.9"),
    ],
)
def test_every_typed_error_pickles_with_its_key_params_and_fields(error: ChromaTuiError) -> None:
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is type(error)
    assert (copy.key, copy.raw, copy.params) == (error.key, error.raw, error.params)
    assert copy.__dict__ == error.__dict__
    assert str(copy) == str(error)


# -- a whole deployment through the pipe ------------------------------------------------------
def test_a_deployment_through_the_backend_process(sandbox, remote) -> None:
    assert remote.who_am_i().account == Backend().who_am_i().account
    deployment = remote.launch(plan_for(remote, "remote-one"))
    assert deployment.status == "CREATE_IN_PROGRESS"
    stream = remote.stream(deployment)
    streamed = [event for update in stream.updates() for event in update.events]
    assert stream.stack is not None and stream.stack.status == "CREATE_COMPLETE"
    ids = [event.event_id for event in stream.events]
    assert len(ids) == len(set(ids)) and ids == [event.event_id for event in streamed]
    ready = remote.refresh(deployment)
    assert ready.server_host
    seen: list[tuple[int, str]] = []
    connection = remote.wait_for_chroma(
        ready.server_host,
        8000,
        on_attempt=lambda attempt: seen.append((attempt.attempt, threading.current_thread().name)),
        deployment=ready,
    )
    assert connection.version
    # Callbacks run in the calling thread, as they do in process.
    assert seen and {name for _, name in seen} == {threading.current_thread().name}
    assert remote.heartbeat(ready.server_host, 8000)[0] > 0
    assert [d.id for d in remote.deployments()] == [deployment.id]
    gone = remote.delete(ready)
    for _ in gone.updates():
        pass
    assert gone.stack is not None and gone.stack.status == "DELETE_COMPLETE"


def test_errors_arrive_as_the_in_process_backend_raises_them(sandbox, remote) -> None:
    with pytest.raises(InputError) as here:
        Backend().check_instance_type("us-east-1", "t2.nano")
    with pytest.raises(InputError) as there:
        remote.check_instance_type("us-east-1", "t2.nano")
    assert (there.value.key, there.value.params) == (here.value.key, here.value.params)
    assert str(there.value) == str(here.value)


def test_the_stop_flag_ends_a_call_in_the_backend_process(remote) -> None:
    attempts: list[int] = []
    with pytest.raises(ProbeError) as stopped:
        remote.wait_for_chroma(
            "127.0.0.1",
            closed_port(),
            on_attempt=lambda attempt: attempts.append(attempt.attempt),
            should_stop=lambda: bool(attempts),
            deadline_s=600,
        )
    assert stopped.value.key == "probe.cancelled"
    assert attempts


# -- the backend process dies -------------------------------------------------------------
def test_a_call_in_flight_when_the_process_dies_raises_and_the_next_call_restarts_it(
    remote,
) -> None:
    attempts: list[int] = []
    failure: list[BaseException] = []

    def wait() -> None:
        try:
            remote.wait_for_chroma(
                "127.0.0.1", closed_port(), on_attempt=attempts.append, deadline_s=600
            )
        except BaseException as exc:
            failure.append(exc)

    waiter = threading.Thread(target=wait)
    waiter.start()
    while not attempts and waiter.is_alive():
        waiter.join(0.05)
    first = remote.generation
    kill_backend_process(remote)
    waiter.join(30)
    assert not waiter.is_alive()
    assert len(failure) == 1 and isinstance(failure[0], BackendLost)
    assert isinstance(failure[0], AwsError) and failure[0].key == "backend.lost"
    assert "exit code -9" in (failure[0].raw or "")
    assert remote.deployments() == []  # a new process answers
    assert remote.generation == first + 1


def test_a_stream_goes_on_in_a_new_process_without_repeating_an_event(sandbox, remote) -> None:
    deployment = remote.launch(plan_for(remote, "remote-two"))
    stream = remote.stream(deployment)
    updates = stream.updates()
    first = next(updates)
    kill_backend_process(remote)
    rest = []
    while True:
        try:
            rest.append(next(updates))
        except BackendLost:  # the pull in flight when it died; the caller calls again
            updates = stream.updates()
        except StopIteration:
            break
    ids = [event.event_id for event in stream.events]
    assert len(ids) == len(set(ids))
    assert [e.event_id for u in [first, *rest] for e in u.events] == ids
    assert stream.stack is not None and stream.stack.status == "CREATE_COMPLETE"


def test_a_closed_remote_backend_refuses_calls(tmp_path) -> None:
    backend = RemoteBackend(store_dir=tmp_path)
    backend.start()
    process = backend._process
    backend.close()
    assert process is not None and process.process.poll() is not None
    with pytest.raises(BackendLost):
        backend.profiles()


# -- boto3 stays out of the UI's process ----------------------------------------------------
def test_the_process_that_calls_the_remote_backend_never_imports_boto3(tmp_path) -> None:
    script = (
        "import sys\n"
        "from chroma_tui.core.backend_remote import RemoteBackend\n"
        f"backend = RemoteBackend(store_dir={str(tmp_path)!r})\n"
        "assert backend.deployments() == []\n"
        "assert backend.default_region() is None\n"
        "backend.close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('boto3', 'botocore')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
        env={**os.environ, "AWS_DEFAULT_REGION": ""},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
