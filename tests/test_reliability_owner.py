"""Issue 9, item 2: a record belongs to the endpoint and the account it was made with.

A live sandbox stack is deployed; then ``chroma-tui status`` runs through another endpoint (a
plain moto server, which knows no such stack) and with a record of another account. Before the
fix the first rewrote the live stack's record to DELETE_COMPLETE. Requests are recorded with a
botocore ``before-send`` handler on every AwsSession, as in tests/test_reliability_input.py.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sandbox_helpers import client, wait_stack

from chroma_tui import cli
from chroma_tui.core import aws as core_aws
from chroma_tui.core.backend import Backend
from chroma_tui.core.errors import StackError
from chroma_tui.core.models import Deployment, LaunchPlan
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language

pytestmark = pytest.mark.timeout(120)
REGION = "us-east-1"
OTHER_ACCOUNT = "999999999999"


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    requests: list[str] = []
    original = core_aws.AwsSession.__init__

    def record(request: Any, **_: Any) -> None:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body or "")
        action = next((p[7:] for p in body.split("&") if p.startswith("Action=")), "")
        requests.append(action or f"{request.method} {request.url}")

    def patched(self: core_aws.AwsSession, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.boto.events.register("before-send", record)

    monkeypatch.setattr(core_aws.AwsSession, "__init__", patched)
    return requests


@pytest.fixture(scope="module")
def other_endpoint() -> Iterator[str]:
    """A second AWS-compatible endpoint (plain moto) that has never heard of our stacks."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def status() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(["status"], stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    return code, out.getvalue(), err.getvalue()


def launched(backend: Backend) -> Deployment:
    """A live sandbox stack, CREATE_COMPLETE, and its record."""
    plan = LaunchPlan(REGION, "owned", "t3.small", "latest", backend.template())
    deployment = backend.launch(plan)
    assert deployment.stack_id
    wait_stack(client("cloudformation"), deployment.stack_id)
    return backend.refresh(deployment)


def record_file(deployment: Deployment) -> Path:
    return DeploymentStore().directory / f"{deployment.id}.json"


def test_status_through_another_endpoint_never_rewrites_a_live_stack(
    sandbox, other_endpoint: str, monkeypatch: pytest.MonkeyPatch, sent: list[str]
) -> None:
    # Given a live stack made through the sandbox
    deployment = launched(Backend(region=REGION))
    assert deployment.status == "CREATE_COMPLETE"
    assert deployment.endpoint_url == sandbox.env()["AWS_ENDPOINT_URL"]
    assert deployment.account_id == "123456789012"
    before = record_file(deployment).read_bytes()
    # When status runs through another endpoint
    monkeypatch.setenv("AWS_ENDPOINT_URL", other_endpoint)
    sent.clear()
    code, out, _ = status()
    # Then the record is listed as belonging elsewhere, untouched, and nothing was asked about it
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("owned"))
    assert "CREATE_COMPLETE" in line and "belongs to" in line and "DELETE_COMPLETE" not in line
    assert record_file(deployment).read_bytes() == before
    assert "DescribeStacks" not in sent
    # And a delete or lock through there is refused, not sent
    backend = Backend(region=REGION)
    with pytest.raises(StackError) as refused:
        backend.delete(deployment)
    assert refused.value.key == "records.elsewhere" and refused.value.fix()
    assert "DeleteStack" not in sent
    # And back on its own endpoint, status still finds it alive
    monkeypatch.setenv("AWS_ENDPOINT_URL", sandbox.env()["AWS_ENDPOINT_URL"])
    code, out, _ = status()
    assert code == 0
    line = next(line for line in out.splitlines() if line.startswith("owned"))
    assert "CREATE_COMPLETE" in line and "belongs to" not in line


def test_another_accounts_record_on_the_same_endpoint_is_not_rewritten(
    sandbox, sent: list[str]
) -> None:
    # Given a record made in another account (its StackId says so), on this very endpoint
    endpoint = sandbox.env()["AWS_ENDPOINT_URL"]
    arn = f"arn:aws:cloudformation:{REGION}:{OTHER_ACCOUNT}:stack/theirs/0f1e2d3c"
    theirs = Deployment(
        "theirs1", "theirs", REGION, "tok", "2026-01-01T00:00:00+00:00", "x",
        endpoint_url=endpoint, stack_id=arn, status="CREATE_COMPLETE",
    )  # fmt: skip
    DeploymentStore().save(theirs)
    before = record_file(theirs).read_bytes()
    # When status runs with this account's credentials
    code, out, _ = status()
    # Then it is listed as the other account's and never asked about nor rewritten
    assert code == 0
    assert f"account {OTHER_ACCOUNT}" in out and "DELETE_COMPLETE" not in out
    assert record_file(theirs).read_bytes() == before
    assert "GetCallerIdentity" in sent and "DescribeStacks" not in sent


def test_old_records_without_the_fields_still_load_and_are_judged_sensibly(sandbox) -> None:
    # Given a live stack whose record was written before account_id existed
    backend = Backend(region=REGION)
    deployment = launched(backend)
    path = record_file(deployment)
    data = json.loads(path.read_text())
    del data["account_id"]
    path.write_text(json.dumps(data))
    # And a hand-made record with neither endpoint nor account: made against AWS itself
    aws_made = {k: v for k, v in data.items() if k not in ("endpoint_url", "account_id")}
    aws_made |= {"id": "awsmade1", "stack_name": "on-aws"}
    (path.parent / "awsmade1.json").write_text(json.dumps(aws_made))
    # When status runs through the sandbox
    code, out, _ = status()
    # Then both load; the first (account read from its StackId) is refreshed and gains its
    # account; the AWS one is not asked about through the sandbox and keeps its status
    assert code == 0
    store = DeploymentStore()
    refreshed = store.get(deployment.id)
    assert refreshed is not None and refreshed.account_id == "123456789012"
    assert refreshed.status == "CREATE_COMPLETE"
    line = next(line for line in out.splitlines() if line.startswith("on-aws"))
    assert "belongs to AWS" in line
    assert store.get("awsmade1") == Deployment.from_dict(aws_made)


def test_a_record_wrongly_marked_deleted_is_rechecked_and_found_alive(sandbox) -> None:
    # Given a live stack whose record says DELETE_COMPLETE (what the old bug wrote)
    backend = Backend(region=REGION)
    deployment = launched(backend)
    backend.save(deployment.evolve(status="DELETE_COMPLETE"))
    # When it is refreshed through its own endpoint (what r does on Deployments)
    fresh = backend.refresh(deployment)
    # Then AWS's answer wins
    assert fresh.status == "CREATE_COMPLETE"
    assert DeploymentStore().get(deployment.id).status == "CREATE_COMPLETE"
