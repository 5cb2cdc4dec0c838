"""Issue 4, items 1, 2 and 5: the event stream survives throttling, network loss and expired
credentials on the sandbox, and shows every event exactly once, in AWS's order.

Faults come from the sandbox's ``throttle`` scenario, a ``FaultProxy`` between boto3 and the
sandbox endpoint, and a botocore ``before-send`` handler on the app's own CloudFormation client.
"""

from __future__ import annotations

import threading
import time
from typing import Any
from urllib.parse import urlsplit

import pytest
from botocore.awsrequest import AWSResponse
from sandbox_helpers import all_events, client

from chroma_tui.core.backend import Backend
from chroma_tui.core.errors import CredentialsError
from chroma_tui.core.models import Deployment, LaunchPlan, StreamUpdate
from chroma_tui.sandbox import FaultProxy

pytestmark = pytest.mark.timeout(90)

REGION = "us-east-1"


def plan_for(backend: Backend, name: str) -> LaunchPlan:
    template = backend.template()
    version = template.parameter("ChromaVersion")
    return LaunchPlan(
        region=REGION,
        stack_name=name,
        instance_type="t3.small",
        chroma_version=(version.default if version else None) or "latest",
        template=template,
        otel_endpoint="http://127.0.0.1:4317",  # non-empty: blank values crash Chroma 1.x
        otel_service_name="chroma-sandbox-test",
    )


def aws_event_ids(stack_id: str) -> list[str]:
    """What the sandbox itself holds for the stack, oldest first (a patient plain client)."""
    return [e["EventId"] for e in all_events(client("cloudformation", attempts=20), stack_id)]


def stream_all(backend: Backend, deployment: Deployment, **kw: Any) -> list[StreamUpdate]:
    stream = backend.deployer(deployment.profile, deployment.region).stream(deployment, **kw)
    return list(stream.updates())


def streamed_ids(updates: list[StreamUpdate]) -> list[str]:
    return [event.event_id for update in updates for event in update.events]


# -- 1. throttling --------------------------------------------------------------------------
def test_throttled_deployment_streams_every_event_once_and_reports_backoff(sandbox, monkeypatch):
    # Given a third of CloudFormation calls answered "Throttling" from CreateStack on
    backend = Backend()
    plan = plan_for(backend, "throttled")
    sandbox.set_scenario("throttle")
    # When the app launches (default retries), then watches with a client that retries nothing,
    # so the stream itself meets every Throttling and must back off
    deployment = backend.launch(plan)
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    watcher = Backend()
    updates = stream_all(watcher, deployment, poll_s=0.3, max_backoff_s=2.0)
    sandbox.set_scenario("ok")
    # Then every event arrived exactly once, in AWS's own order, and the stack completed
    ids = streamed_ids(updates)
    assert ids == aws_event_ids(deployment.stack_id)
    assert len(ids) == len(set(ids)) >= 8
    assert updates[-1].finished and updates[-1].stack.status == "CREATE_COMPLETE"
    # and the user was told it is backing off, and for how long
    backoffs = [u for u in updates if u.backoff_s is not None]
    assert backoffs, "no throttling reached the stream"
    assert all(0 < u.backoff_s <= 2.0 and u.problem == "Throttling" for u in backoffs)
    # and there is one stack only, the record saved with its id
    stacks = client("cloudformation", attempts=20).describe_stacks()["Stacks"]
    assert [s["StackId"] for s in stacks] == [deployment.stack_id]
    assert backend.store.get(deployment.id).stack_id == deployment.stack_id


# -- 2. network loss ------------------------------------------------------------------------
def test_refused_then_stalled_network_reconnects_by_itself_nothing_lost(sandbox, monkeypatch):
    # Given boto3 talks to the sandbox through a proxy that can refuse or stall
    front = urlsplit(sandbox.endpoint_url)
    with FaultProxy(front.hostname or "127.0.0.1", front.port or 80) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{proxy.host}:{proxy.port}")
        backend = Backend()
        deployment = backend.launch(plan_for(backend, "netloss"))
        stream = backend.deployer(None, REGION).stream(deployment, poll_s=0.3)
        updates: list[StreamUpdate] = []
        timeline: list[str] = []

        def outage() -> None:
            # refused for a while, then a black hole, then the network is back
            time.sleep(2.0)
            proxy.set_mode("stall")
            timeline.append("stall")
            time.sleep(2.0)
            proxy.set_mode("pass")
            timeline.append("pass")

        started = time.monotonic()
        fault: threading.Thread | None = None
        # When the connection is lost right after the first update
        for update in stream.updates():
            updates.append(update)
            if fault is None:
                assert not update.finished
                proxy.set_mode("refuse")
                fault = threading.Thread(target=outage, daemon=True)
                fault.start()
        elapsed = time.monotonic() - started
        assert fault is not None
        fault.join(5)
    monkeypatch.setenv("AWS_ENDPOINT_URL", sandbox.endpoint_url)  # compare with AWS directly
    # Then the stream said it was reconnecting, resumed by itself and finished
    assert timeline == ["stall", "pass"]
    assert any(u.reconnecting for u in updates)
    assert updates[-1].finished and updates[-1].stack.status == "CREATE_COMPLETE"
    # with nothing missed and nothing repeated
    ids = streamed_ids(updates)
    assert ids == aws_event_ids(deployment.stack_id)
    assert len(ids) == len(set(ids))
    assert ids == [e.event_id for e in stream.events]
    # in bounded time: a 4 s outage costs seconds, not botocore's 20 s read timeout per try
    assert elapsed < 30


# -- 5. credentials expire mid-stream -------------------------------------------------------
class _Body:
    """The ``raw`` of an AWSResponse: just enough for botocore to read the body."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Any:
        yield self.data


EXPIRED = (
    b"<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code>"
    b"<Message>The security token included in the request is expired</Message></Error>"
    b"<RequestId>00000000-0000-4000-8000-000000000000</RequestId></ErrorResponse>"
)


class ExpiringCredentials:
    """A before-send handler: after ``allowed`` calls every call answers ExpiredToken."""

    def __init__(self, allowed: int) -> None:
        self.allowed = allowed
        self.calls = 0
        self.expired_answers = 0
        self.active = True

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        self.calls += 1
        if not self.active or self.calls <= self.allowed:
            return None
        self.expired_answers += 1
        headers = {"Content-Type": "text/xml", "Content-Length": str(len(EXPIRED))}
        return AWSResponse(request.url, 403, headers, _Body(EXPIRED))


def test_expired_credentials_pause_the_stream_with_the_fix_and_resume_without_loss(sandbox):
    # Given a deployment being watched, whose credentials expire after a few calls
    launcher = Backend()
    deployment = launcher.launch(plan_for(launcher, "expiring"))
    backend = Backend()  # the watcher's session: every client it makes gets the fault
    events = backend.session(None, REGION).boto.events
    fault = ExpiringCredentials(allowed=2)  # one poll = DescribeStacks + DescribeStackEvents
    events.register("before-send.cloudformation", fault)
    stream = backend.deployer(None, REGION).stream(deployment, poll_s=0.3)
    first: list[StreamUpdate] = []
    # When the stream meets ExpiredToken
    with pytest.raises(CredentialsError) as caught:
        for update in stream.updates():
            first.append(update)
    # Then it stops with the credentials error and says what to do
    error = caught.value
    assert error.key == "cred.expired_token"
    assert error.fix().strip() and "ExpiredToken" in (error.raw or "")
    assert fault.expired_answers >= 1
    assert first and not first[-1].finished
    # When the user renews the credentials and presses retry (updates() again)
    fault.active = False
    second = list(stream.updates())
    events.unregister("before-send.cloudformation", fault)
    # Then it resumes where it was: every event once, in order, to CREATE_COMPLETE
    ids = streamed_ids(first) + streamed_ids(second)
    assert ids == aws_event_ids(deployment.stack_id)
    assert len(ids) == len(set(ids))
    assert second[-1].finished and second[-1].stack.status == "CREATE_COMPLETE"


def test_a_black_hole_is_reported_as_reconnecting_within_seconds(sandbox, monkeypatch):
    # Given a stream whose network turns into a black hole (accepts, never answers) for good
    front = urlsplit(sandbox.endpoint_url)
    with FaultProxy(front.hostname or "127.0.0.1", front.port or 80) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{proxy.host}:{proxy.port}")
        backend = Backend()
        deployment = backend.launch(plan_for(backend, "blackhole"))
        stop = threading.Event()
        stream = backend.deployer(None, REGION).stream(
            deployment, poll_s=0.3, should_stop=stop.is_set
        )
        reconnecting = threading.Event()
        first = threading.Event()
        stalled_at: list[float] = []

        def watch() -> None:
            for update in stream.updates():
                if not first.is_set():
                    proxy.set_mode("stall")
                    stalled_at.append(time.monotonic())
                    first.set()
                elif update.reconnecting:
                    reconnecting.set()
                    return

        worker = threading.Thread(target=watch, daemon=True)
        worker.start()
        assert first.wait(20)
        # Then within seconds (not botocore's 20 s read timeout × 3 attempts) the user is told
        told = reconnecting.wait(15)
        waited = time.monotonic() - stalled_at[0]
        stop.set()
        proxy.set_mode("pass")  # let the stalled call finish so the thread ends
        worker.join(30)
    assert told, f"no 'reconnecting' after {waited:.0f} s of a black hole"
