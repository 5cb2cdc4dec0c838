"""Issue 4, items 3 and 8: a lost CreateStack response never makes a second stack, a name taken
by someone else is a clear error, and "lock the door" leaves ports 22 and 8000 open to one IP.

Faults are botocore event handlers registered on the app's own CloudFormation client.
"""

from __future__ import annotations

import urllib.request
from typing import Any

import pytest
from botocore.exceptions import ConnectionClosedError
from sandbox_helpers import TEMPLATE_URL, client, wait_stack

from chroma_tui.core import stacks
from chroma_tui.core.backend import Backend
from chroma_tui.core.errors import StackError
from chroma_tui.core.models import LaunchPlan

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


class LoseCreateResponses:
    """Counts CreateStack requests sent; drops the first ``lose`` responses after AWS got them."""

    def __init__(self, lose: int) -> None:
        self.lose = lose
        self.sent: list[str] = []  # the ClientRequestToken of each request that went out

    def before_send(self, request: Any, **_: Any) -> None:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
        if "Action=CreateStack" in body:
            token = next(
                (
                    p.split("=", 1)[1]
                    for p in body.split("&")
                    if p.startswith("ClientRequestToken=")
                ),
                "",
            )
            self.sent.append(token)

    def after_call(self, http_response: Any, **_: Any) -> None:
        if self.lose > 0:
            self.lose -= 1
            raise ConnectionClosedError(endpoint_url=str(getattr(http_response, "url", "")))

    def install(self, backend: Backend) -> None:
        events = backend.session(None, REGION).client("cloudformation", REGION).meta.events
        events.register("before-send.cloudformation", self.before_send)
        events.register("after-call.cloudformation.CreateStack", self.after_call)


def live_stacks() -> list[dict[str, Any]]:
    return client("cloudformation", attempts=10).describe_stacks()["Stacks"]


# -- 3. idempotent create -------------------------------------------------------------------
def test_lost_create_response_is_sent_again_with_the_same_token_and_one_stack(sandbox):
    # Given the first CreateStack response is lost after the sandbox created the stack
    backend = Backend()
    plan = plan_for(backend, "lost-answer")
    fault = LoseCreateResponses(lose=1)
    fault.install(backend)
    # When the app launches
    deployment = backend.launch(plan)
    # Then CreateStack went out twice with one token, and there is exactly one stack
    assert len(fault.sent) == 2 and fault.sent[0] == fault.sent[1] == deployment.token
    stacks = live_stacks()
    assert [s["StackId"] for s in stacks] == [deployment.stack_id]
    # and the deployment carries on to CREATE_COMPLETE, its record pointing at that stack
    updates = list(backend.stream(deployment).updates())
    assert updates[-1].stack is not None and updates[-1].stack.status == "CREATE_COMPLETE"
    saved = backend.store.get(deployment.id)
    assert saved is not None and saved.stack_id == deployment.stack_id


def test_connection_cut_after_create_stack_arrived_is_retried_by_botocore_one_stack(sandbox):
    # Given the connection drops after the sandbox got the first CreateStack (the hook delivers
    # the request itself, then fails like a cut connection; botocore's retry sends it again)
    backend = Backend()
    plan = plan_for(backend, "cut-answer")
    delivered: list[str] = []

    def cut_first(request: Any, **_: Any) -> None:
        body = request.body if isinstance(request.body, bytes) else str(request.body).encode()
        if b"Action=CreateStack" not in body:
            return None
        delivered.append(request.url)
        if len(delivered) == 1:
            headers = {k: v for k, v in request.headers.items()}
            forward = urllib.request.Request(request.url, data=body, headers=headers)
            with urllib.request.urlopen(forward, timeout=10) as reply:
                assert reply.status == 200  # the sandbox made the stack; the answer is lost
            raise ConnectionClosedError(endpoint_url=request.url)
        return None

    events = backend.session(None, REGION).client("cloudformation", REGION).meta.events
    events.register("before-send.cloudformation", cut_first)
    # When the app launches
    deployment = backend.launch(plan)
    # Then CreateStack reached the sandbox twice, and there is one stack, the record's
    assert len(delivered) == 2
    assert [s["StackId"] for s in live_stacks()] == [deployment.stack_id]
    updates = list(backend.stream(deployment).updates())
    assert updates[-1].stack is not None and updates[-1].stack.status == "CREATE_COMPLETE"


def test_every_create_response_lost_finds_the_stack_by_its_token_at_once(sandbox):
    # Given no CreateStack answer ever comes back (the stack was created all the same)
    backend = Backend()
    plan = plan_for(backend, "never-answered")
    fault = LoseCreateResponses(lose=10)
    fault.install(backend)
    # When the launch gives up on the answer
    deployment = backend.launch(plan)
    # Then it looked the stack up by name and our token, and the record points at it
    [stack] = live_stacks()
    assert set(fault.sent) == {deployment.token}
    assert deployment.stack_id == stack["StackId"]
    updates = list(backend.stream(deployment).updates())
    assert updates[-1].stack is not None and updates[-1].stack.status == "CREATE_COMPLETE"


def test_create_answer_lost_and_lookup_down_keeps_the_record_which_finds_its_stack(sandbox):
    # Given no CreateStack answer comes back and DescribeStacks cannot be reached either
    backend = Backend()
    plan = plan_for(backend, "never-answered")
    fault = LoseCreateResponses(lose=10)
    fault.install(backend)
    down = {"describe": True}

    def no_lookup(request: Any, **_: Any) -> None:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
        if down["describe"] and "Action=DescribeStacks" in body:
            raise ConnectionClosedError(endpoint_url=request.url)

    cfn = backend.session(None, REGION).client("cloudformation", REGION)
    cfn.meta.events.register("before-send.cloudformation", no_lookup)
    # When the launch gives up
    with pytest.raises(StackError) as caught:
        backend.launch(plan)
    assert caught.value.key == "journey.error.answer_lost"
    assert "token" in caught.value.fix()
    # Then the record saved before CreateStack is still there (never an orphaned stack)
    [pending] = backend.deployments()
    assert pending.stack_name == "never-answered" and pending.stack_id is None
    assert pending.status == "PENDING"
    assert set(fault.sent) == {pending.token}
    # and once the network is back, refresh finds the stack by name and our token
    fault.lose, down["describe"] = 0, False
    found = backend.refresh(pending)
    [stack] = live_stacks()
    assert found.stack_id == stack["StackId"]
    assert found.status.startswith("CREATE_")
    updates = list(backend.stream(found).updates())
    assert updates[-1].stack is not None and updates[-1].stack.status == "CREATE_COMPLETE"


def test_already_exists_for_someone_elses_stack_is_a_clear_error(sandbox):
    # Given a stack of the same name made by someone else (no token of ours)
    cf = client("cloudformation", attempts=10)
    theirs = cf.create_stack(StackName="taken", TemplateURL=TEMPLATE_URL)["StackId"]
    wait_stack(cf, theirs)
    backend = Backend()
    # When the app launches with that name
    with pytest.raises(StackError) as caught:
        backend.launch(plan_for(backend, "taken"))
    # Then it says the name is taken and suggests another, and nothing was adopted or left over
    error = caught.value
    assert error.key == "stack.error.name_taken"
    assert "taken" in error.body()
    assert "name" in error.fix().lower()
    assert backend.deployments() == []
    assert [s["StackId"] for s in live_stacks()] == [theirs]


def test_already_exists_for_a_stack_this_deployment_made_is_adopted(sandbox):
    # Given a stack made by an earlier try of this deployment: tagged with our token, but AWS's
    # token memory gone (sent without ClientRequestToken), so CreateStack says AlreadyExists
    backend = Backend()
    token = stacks.new_token("create")
    cf = client("cloudformation", attempts=10)
    ours = cf.create_stack(
        StackName="adopt-me",
        TemplateURL=TEMPLATE_URL,
        Tags=[
            {"Key": stacks.TAG_TOKEN, "Value": token},
            {"Key": stacks.TAG_MANAGED, "Value": "true"},
        ],
    )["StackId"]
    # When the create is sent again with that token
    aws = backend.session(None, REGION)
    stack_id = stacks.create_raw(aws, REGION, "adopt-me", {"TemplateURL": TEMPLATE_URL}, {}, token)
    # Then the existing stack is adopted, not duplicated and not refused
    assert stack_id == ours
    assert [s["StackId"] for s in live_stacks()] == [ours]


# -- 8. lock the door -----------------------------------------------------------------------
def _group_of(stack_id: str) -> dict[str, Any]:
    cf = client("cloudformation", attempts=10)
    [resource] = cf.describe_stack_resources(
        StackName=stack_id, LogicalResourceId="ChromaInstanceSecurityGroup"
    )["StackResources"]
    physical = resource["PhysicalResourceId"]
    ec2 = client("ec2", attempts=10)
    if physical.startswith("sg-"):
        return ec2.describe_security_groups(GroupIds=[physical])["SecurityGroups"][0]
    found = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": [physical]}])
    return found["SecurityGroups"][0]


def _open_to(group: dict[str, Any]) -> set[tuple[int, str]]:
    return {
        (perm["FromPort"], cidr["CidrIp"])
        for perm in group.get("IpPermissions", [])
        for cidr in perm.get("IpRanges", [])
    } | {
        (perm["FromPort"], cidr["CidrIpv6"])
        for perm in group.get("IpPermissions", [])
        for cidr in perm.get("Ipv6Ranges", [])
    }


def test_lock_to_my_ip_leaves_22_and_8000_open_to_that_address_only(sandbox):
    # Given a completed deployment, open to the world as the template makes it
    backend = Backend()
    deployment = backend.launch(plan_for(backend, "locked"))
    updates = list(backend.stream(deployment).updates())
    assert updates[-1].stack is not None and updates[-1].stack.status == "CREATE_COMPLETE"
    assert _open_to(_group_of(deployment.stack_id)) == {(22, "0.0.0.0/0"), (8000, "0.0.0.0/0")}
    # When the user locks it to the address the what-is-my-IP URL reports (twice: idempotent)
    ip = backend.my_ip()
    locked = backend.lock_to_ip(deployment, ip)
    locked = backend.lock_to_ip(locked, ip)
    # Then only <ip>/32 may reach 22 and 8000, and the record says so
    assert _open_to(_group_of(deployment.stack_id)) == {(22, f"{ip}/32"), (8000, f"{ip}/32")}
    assert locked.ip_locked_to == ip
    saved = backend.store.get(deployment.id)
    assert saved is not None and saved.ip_locked_to == ip
