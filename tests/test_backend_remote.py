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
from collections.abc import Callable
from pathlib import Path

import pytest

from chroma_tui.core.backend import Backend
from chroma_tui.core.backend_remote import STDERR_FILE_NAME, BackendLost, RemoteBackend
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
from chroma_tui.core.models import LaunchPlan, ProbeAttempt, StackSnapshot

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
        BackendLost(code=-9, path="/somewhere/chroma-tui-aws.stderr"),
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
    assert failure[0].params["code"] == -9 and failure[0].raw is None  # not "AWS said"
    assert "-9" in failure[0].body() and STDERR_FILE_NAME in failure[0].fix()
    assert remote.deployments() == []  # a new process answers
    assert remote.generation == first + 1


def test_the_first_call_after_the_process_died_starts_a_new_one(remote) -> None:
    """Not a BackendLost because the dead process's pipe had not been read to its end yet."""
    for _ in range(5):
        assert remote.deployments() == []
        kill_backend_process(remote)
        assert remote.deployments() == []


def test_the_last_words_of_a_dead_process_outlive_its_restart(remote) -> None:
    """BackendLost sends the user to chroma-tui-aws.stderr: the retry that starts a new
    process must not wipe what the dead one wrote there."""
    assert remote.deployments() == []
    process = remote._process
    assert process is not None and process.stderr_path is not None
    with process.stderr_path.open("a") as stderr:  # as the dying process would write
        stderr.write("Fatal Python error: the last words\n")
    kill_backend_process(remote)
    assert remote.deployments() == []
    assert remote._process is not process
    assert "the last words" in process.stderr_path.read_text()


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


# -- attacks: what broke once ------------------------------------------------------------------
def test_the_backend_process_starts_when_the_log_folder_cannot_be_made(
    tmp_path, monkeypatch
) -> None:
    """The TUI only warns about its log folder; its AWS calls must still work."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "log").write_text("a file where the log folder should be")
    monkeypatch.setenv("CHROMA_TUI_HOME", str(home))
    backend = RemoteBackend(store_dir=tmp_path / "deployments")
    try:
        assert backend.deployments() == []
        process = backend._process
        assert process is not None
        kill_backend_process(backend)
        lost = process.lost()
        assert lost.params == {"code": -9}  # no stderr file to point at
        assert lost.fix() == BackendLost().fix()
        assert backend.deployments() == []  # and a new process starts just as well
    finally:
        backend.close()


def test_set_profile_is_no_round_trip_and_reaches_the_process_in_order(
    sandbox, remote, monkeypatch
) -> None:
    """The Credentials step calls set_profile on the event loop: it must neither wait for
    nor raise from the backend process, and every later call must use that profile."""
    from chroma_tui.core import backend_remote

    assert remote.who_am_i().account
    kill_backend_process(remote)
    with monkeypatch.context() as patch:
        patch.setattr(backend_remote.sys, "executable", str(Path("/nonexistent/python")))
        with pytest.raises(BackendLost):  # the process cannot even start now...
            remote.profiles()
        remote.set_profile("nowhere")  # ...and choosing a profile still raises nothing
    assert remote.profile == "nowhere"
    with pytest.raises(CredentialsError) as here:
        Backend(profile="nowhere").who_am_i()
    with pytest.raises(CredentialsError) as there:
        remote.who_am_i()
    assert (there.value.key, there.value.params) == (here.value.key, here.value.params)
    remote.set_profile(None)  # a running process follows too, in order
    assert remote.who_am_i().account
    remote.set_profile("nowhere")
    with pytest.raises(CredentialsError):
        remote.who_am_i()


class _Unpicklable:
    """A fake Backend whose template() answer cannot be pickled."""

    profile: str | None = None

    def set_profile(self, profile: str | None) -> None:
        self.profile = profile

    def template(self) -> object:
        return lambda: "no pickle for me"


def test_an_answer_that_cannot_cross_the_pipe_fails_the_call_instead_of_hanging_it() -> None:
    from multiprocessing.connection import Connection

    from chroma_tui.core.backend_child import Server

    ours, theirs = socket.socketpair()
    server = Server(Connection(os.dup(theirs.fileno())), _Unpicklable())  # type: ignore[arg-type]
    serving = threading.Thread(target=server.serve, daemon=True)
    serving.start()
    ui = Connection(os.dup(ours.fileno()))
    try:
        ui.send(("call", 1, "en", None, "template", (), {}))
        assert ui.poll(60), "no answer: the caller would wait forever"
        kind, call_id, error = ui.recv()
        assert (kind, call_id) == ("fail", 1)
        assert isinstance(error, RuntimeError) and "template" in str(error)
    finally:
        ui.close()
        ours.close()
        theirs.close()
        serving.join(10)


class _HoldingProxy:
    """A loopback HTTP proxy to the sandbox that forwards every request, and for the first
    request whose body has ``hold`` answers nothing: AWS did it, the answer never comes."""

    def __init__(self, upstream: str, hold: bytes) -> None:
        import http.server
        import urllib.parse
        import urllib.request

        target = urllib.parse.urlsplit(upstream)
        held = threading.Event()
        self.held = held

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # the stdlib names it
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                request = urllib.request.Request(
                    f"{target.scheme}://{target.netloc}{self.path}",
                    data=body,
                    headers={k: v for k, v in self.headers.items() if k.lower() != "host"},
                    method="POST",
                )
                try:
                    reply = urllib.request.urlopen(request, timeout=30)
                    status, payload, headers = reply.status, reply.read(), reply.headers
                except urllib.error.HTTPError as refused:
                    status, payload, headers = refused.code, refused.read(), refused.headers
                if hold in body and not held.is_set():
                    held.set()
                    threading.Event().wait(120)  # the backend process dies meanwhile
                    return
                self.send_response(status)
                for key, value in headers.items():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def test_a_key_pair_made_as_the_backend_process_died_is_offered_to_make_again(
    sandbox, tmp_path, monkeypatch
) -> None:
    """Killed after AWS made the pair, before its private key was written: the key pair
    screen must hear "exists without its private key" (it offers x: delete and create
    again), not a plain BackendLost whose retry only says the name is taken."""
    proxy = _HoldingProxy(os.environ["AWS_ENDPOINT_URL"], hold=b"Action=CreateKeyPair")
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
    backend = RemoteBackend(store_dir=tmp_path / "deployments")
    failure: list[BaseException] = []

    def create() -> None:
        try:
            backend.create_key_pair("us-east-1", "dies-midway")
        except BaseException as exc:
            failure.append(exc)

    try:
        creating = threading.Thread(target=create)
        creating.start()
        assert proxy.held.wait(60)
        kill_backend_process(backend)
        creating.join(60)
        assert not creating.is_alive()
        assert len(failure) == 1 and isinstance(failure[0], AwsError)
        assert failure[0].key == "journey.keypair.orphaned"
        assert failure[0].params == {"name": "dies-midway", "region": "us-east-1"}
        made = backend.recreate_key_pair("us-east-1", "dies-midway")
        assert Path(made.path).stat().st_mode & 0o777 == 0o600
    finally:
        backend.close()
        proxy.close()


def test_a_launch_whose_backend_process_died_after_create_stack_makes_one_stack(
    sandbox, tmp_path, monkeypatch
) -> None:
    """CreateStack reached AWS, the process died before the answer: the record was saved
    first, and launching again reuses its token; one deployment, one stack."""
    proxy = _HoldingProxy(os.environ["AWS_ENDPOINT_URL"], hold=b"Action=CreateStack")
    backend = RemoteBackend(store_dir=tmp_path / "deployments")
    plan = plan_for(backend, "dies-launching")
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
    kill_backend_process(backend)  # the next process goes through the proxy
    failure: list[BaseException] = []

    def launch() -> None:
        try:
            backend.launch(plan)
        except BaseException as exc:
            failure.append(exc)

    try:
        launching = threading.Thread(target=launch)
        launching.start()
        assert proxy.held.wait(60)
        kill_backend_process(backend)
        launching.join(60)
        assert len(failure) == 1 and isinstance(failure[0], BackendLost)
        [pending] = backend.deployments()
        assert pending.status == "PENDING" and pending.stack_id is None
        launched = backend.launch(plan)  # the same endpoint: the record is found again
        assert launched.id == pending.id and launched.token == pending.token
        assert [d.id for d in backend.deployments()] == [pending.id]
        found = backend.find_stack("us-east-1", "dies-launching")
        assert found is not None and found.stack_id == launched.stack_id
    finally:
        backend.close()
        proxy.close()


def test_a_delete_whose_backend_process_died_after_delete_stack_follows_that_delete(
    sandbox, tmp_path, monkeypatch
) -> None:
    """DeleteStack reached AWS, the process died before the stream came back: the delete
    goes on with the stream of that DeleteStack (its token, so its events), not with a
    BackendLost whose retry sends a second DeleteStack under a new token that no event
    carries (0/3 done, no events, on the screen)."""
    proxy = _HoldingProxy(os.environ["AWS_ENDPOINT_URL"], hold=b"Action=DeleteStack")
    monkeypatch.setenv("AWS_ENDPOINT_URL", proxy.url)
    backend = RemoteBackend(store_dir=tmp_path / "deployments")
    try:
        deployment = backend.launch(plan_for(backend, "dies-deleting"))
        for _ in backend.stream(deployment).updates():
            pass
        streams: list[object] = []

        def delete() -> None:
            try:
                streams.append(backend.delete(deployment))
            except BaseException as exc:
                streams.append(exc)

        deleting = threading.Thread(target=delete)
        deleting.start()
        assert proxy.held.wait(60)
        kill_backend_process(backend)
        deleting.join(60)
        [gone] = streams
        assert not isinstance(gone, BaseException), gone
        statuses = [event.status for update in gone.updates() for event in update.events]  # type: ignore[attr-defined]
        assert gone.stack is not None and gone.stack.status == "DELETE_COMPLETE"  # type: ignore[attr-defined]
        assert "DELETE_COMPLETE" in statuses
        # One DeleteStack: the token saved before it was sent is the one its events carry.
        [record] = backend.deployments()
        tokens = {event.token for event in gone.events}  # type: ignore[attr-defined]
        assert record.delete_token and tokens == {record.delete_token}
    finally:
        backend.close()
        proxy.close()


def test_a_language_switch_during_a_long_call_reaches_what_it_says(remote) -> None:
    """f2 on the Waiting screen: the next tries' reasons are in the new language, as they
    were in process, not in the language the call started with."""
    from chroma_tui import i18n

    reasons: list[str | None] = []
    before = i18n.get_language()
    i18n.set_language("en")
    try:

        def attempt(seen: ProbeAttempt) -> None:
            reasons.append(seen.error)
            if len(reasons) == 1:
                i18n.set_language("zh")

        with pytest.raises(ProbeError):
            remote.wait_for_chroma(
                "127.0.0.1",
                closed_port(),
                on_attempt=attempt,
                should_stop=lambda: any(r and "拒绝" in r for r in reasons),
                deadline_s=60,
            )
    finally:
        i18n.set_language(before)
    assert reasons[0] == "Connection refused"
    assert reasons[-1] == "连接被拒绝"


class _Pipe:
    """The backend process's end of the pipe, scripted: ``recv`` hands out ``incoming``
    (then EOF); ``read_all`` is set once everything was handed out."""

    def __init__(self, incoming: list[tuple[object, ...]]) -> None:
        self.incoming = list(incoming)
        self.sent: list[tuple[object, ...]] = []
        self.read_all = threading.Event()
        self.answered = threading.Event()

    def recv(self) -> tuple[object, ...]:
        if not self.incoming:
            self.read_all.set()
            raise EOFError
        return self.incoming.pop(0)

    def send(self, message: tuple[object, ...]) -> None:
        self.sent.append(message)
        self.answered.set()

    def send_bytes(self, payload: bytes) -> None:
        self.send(pickle.loads(payload))


class _Waits:
    """A fake Backend whose wait_for_chroma returns whether its stop flag was seen."""

    profile: str | None = None

    def set_profile(self, profile: str | None) -> None:
        self.profile = profile

    def wait_for_chroma(self, host: str, port: int, should_stop: Callable[[], bool]) -> bool:
        pause = threading.Event()
        for _ in range(600):  # six seconds at most: then the flag was never set
            if should_stop():
                return True
            pause.wait(0.01)
        return False


def test_a_cancel_read_before_the_calls_thread_runs_is_not_lost(monkeypatch) -> None:
    """The call's thread may start after the serve loop has read the cancel that follows
    the call (a loaded machine); the stop must hold all the same."""
    from chroma_tui.core import backend_child
    from chroma_tui.core.backend_wire import StopMarker

    pipe = _Pipe(
        [
            (
                "call",
                1,
                "en",
                None,
                "wait_for_chroma",
                ("127.0.0.1", 1),
                {"should_stop": StopMarker()},
            ),
            ("cancel", 1),
        ]
    )

    class LateThread(threading.Thread):
        def run(self) -> None:
            pipe.read_all.wait(30)  # the serve loop has read the cancel already
            super().run()

    monkeypatch.setattr(backend_child.threading, "Thread", LateThread)
    backend_child.Server(pipe, _Waits()).serve()  # type: ignore[arg-type]
    assert pipe.answered.wait(60)
    assert pipe.sent == [("done", 1, True)]
