"""Issue 9, item 3: nothing orphaned. A CreateStack that made the stack but was answered with a
5xx, an unreadable answer or nothing keeps its record and finds its stack by its token; a retry
reuses the token; ``status`` shows it. A lost CreateKeyPair answer is recognised, and the key
pair can be deleted and made again.

Faults are botocore before-send handlers on the app's own clients: the request is delivered to
the sandbox for real, then the answer the app sees is replaced (or lost).
"""

from __future__ import annotations

import io
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectionClosedError
from sandbox_helpers import client
from test_reliability_create import REGION, LoseCreateResponses, live_stacks, plan_for

from chroma_tui import cli
from chroma_tui.core import keypairs
from chroma_tui.core.backend import Backend
from chroma_tui.core.errors import AwsError, StackError
from chroma_tui.i18n import set_language

pytestmark = pytest.mark.timeout(120)


class _Raw:
    def __init__(self, data: bytes) -> None:
        self.data = data

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.data


def _body(request: Any) -> bytes:
    return request.body if isinstance(request.body, bytes) else str(request.body).encode()


def _deliver(request: Any) -> None:
    """Send the request to the sandbox for real (so AWS acts on it); its answer is dropped."""
    headers = {k: v for k, v in request.headers.items()}
    forward = urllib.request.Request(request.url, data=_body(request), headers=headers)
    try:
        with urllib.request.urlopen(forward, timeout=10) as reply:
            reply.read()
    except urllib.error.HTTPError:  # e.g. Duplicate on botocore's retry: dropped all the same
        pass


class ReplaceAnswer:
    """CreateStack is delivered, then answered with ``status`` / ``body`` instead."""

    def __init__(self, status: int, body: bytes) -> None:
        self.status, self.body = status, body
        self.delivered = 0

    def __call__(self, request: Any, **_: Any) -> AWSResponse | None:
        if b"Action=CreateStack" not in _body(request):
            return None
        _deliver(request)
        self.delivered += 1
        return AWSResponse(request.url, self.status, {"Content-Type": "text/xml"}, _Raw(self.body))


SERVER_ERROR = (
    b"<ErrorResponse><Error><Type>Receiver</Type><Code>InternalFailure</Code>"
    b"<Message>We encountered an internal error.</Message></Error>"
    b"<RequestId>1</RequestId></ErrorResponse>"
)


def install(backend: Backend, handler: Any) -> None:
    events = backend.session(None, REGION).client("cloudformation", REGION).meta.events
    events.register("before-send.cloudformation", handler)


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, SERVER_ERROR), (503, b"<html>Service Unavailable</html>"), (200, b"<<<garbled")],
    ids=["500", "503-html", "garbled-200"],
)
def test_create_answered_badly_keeps_the_record_and_finds_the_stack_by_token(sandbox, status, body):
    # Given the sandbox creates the stack but the app gets a 5xx or an unreadable answer
    backend = Backend()
    fault = ReplaceAnswer(status, body)
    install(backend, fault)
    # When the app launches
    deployment = backend.launch(plan_for(backend, "bad-answer"))
    # Then the record was kept and points at the one stack, found by its token tag
    [stack] = live_stacks()
    assert fault.delivered >= 1
    assert deployment.stack_id == stack["StackId"]
    tags = {t["Key"]: t["Value"] for t in stack["Tags"]}
    assert tags["chroma-tui:token"] == deployment.token
    [record] = backend.deployments()
    assert record.stack_id == stack["StackId"]


def _lookups_down(backend: Backend) -> dict[str, bool]:
    down = {"on": True}

    def no_lookup(request: Any, **_: Any) -> None:
        if down["on"] and b"Action=DescribeStacks" in _body(request):
            raise ConnectionClosedError(endpoint_url=request.url)

    install(backend, no_lookup)
    return down


def test_status_shows_a_record_whose_create_got_no_answer_and_finds_its_stack(sandbox):
    # Given CreateStack's answer is lost and the stack cannot be looked up either
    backend = Backend()
    plan = plan_for(backend, "retry-me")
    lost = LoseCreateResponses(lose=2)
    lost.install(backend)
    down = _lookups_down(backend)
    with pytest.raises(StackError) as caught:
        backend.launch(plan)
    assert caught.value.key == "journey.error.answer_lost"
    [pending] = backend.deployments()
    # When status runs (the network is back), it lists the record and finds its stack
    down["on"] = False
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(["status"], stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    assert code == 0, err.getvalue()
    assert "retry-me" in out.getvalue() and "CREATE_" in out.getvalue()
    [stack] = live_stacks()
    [found] = backend.deployments()
    assert found.id == pending.id and found.stack_id == stack["StackId"]
    assert set(lost.sent) == {pending.token}


def test_a_retry_with_the_record_still_pending_reuses_the_token(sandbox):
    # Given the first launch got no answer and nothing could be looked up
    backend = Backend()
    plan = plan_for(backend, "retry-two")
    lost = LoseCreateResponses(lose=2)
    lost.install(backend)
    down = _lookups_down(backend)
    with pytest.raises(StackError):
        backend.launch(plan)
    # When the user launches the same stack again, straight away
    down["on"] = False
    deployment = backend.launch(plan)
    # Then the same token went out every time, and there is one stack
    assert len(set(lost.sent)) == 1 and len(lost.sent) >= 3
    assert [s["StackId"] for s in live_stacks()] == [deployment.stack_id]


# -- a lost CreateKeyPair answer --------------------------------------------------------------
def test_a_lost_create_key_pair_answer_is_named_and_the_pair_can_be_recreated(sandbox, tmp_path):
    # Given EC2 creates the key pair but its answer (with the private key) is lost
    backend = Backend()
    aws = backend.session(None, REGION)
    ec2 = aws.client("ec2", REGION)

    def lose(request: Any, **_: Any) -> None:
        if b"Action=CreateKeyPair" in _body(request):
            _deliver(request)
            raise ConnectionClosedError(endpoint_url=request.url)

    ec2.meta.events.register("before-send.ec2", lose)
    keys = Path(tmp_path) / "keys"
    with pytest.raises(AwsError) as caught:
        keypairs.create_key_pair(aws, REGION, "lost-key", directory=keys)
    # Then the error says the pair exists without its private key, and how to fix it
    error = caught.value
    assert error.key == "journey.keypair.orphaned"
    assert "lost-key" in error.title() and "never arrived" in error.body()
    assert "delete-key-pair --key-name lost-key" in error.fix()
    names = [k["KeyName"] for k in client("ec2").describe_key_pairs()["KeyPairs"]]
    assert "lost-key" in names
    assert not list(keys.glob("*.pem"))
    # When the user asks to delete and recreate it (the network is back)
    ec2.meta.events.unregister("before-send.ec2", lose)
    created = keypairs.recreate_key_pair(aws, REGION, "lost-key", directory=keys)
    # Then a new pair exists and its private key is in the file (0600)
    assert Path(created.path).read_text().strip()
    assert Path(created.path).stat().st_mode & 0o777 == 0o600
    after = [
        k for k in client("ec2").describe_key_pairs()["KeyPairs"] if k["KeyName"] == "lost-key"
    ]
    assert len(after) == 1
