"""Deployer and stacks on the sandbox: record first, idempotent create, adopt, relaunch, lock."""

from __future__ import annotations

import urllib.request

import pytest
from botocore.exceptions import ConnectionClosedError

from chroma_tui.core import deploy, diagnosis, lock, stacks, template, vpc
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.errors import InputError, StackError
from chroma_tui.core.models import LaunchPlan
from chroma_tui.core.state import DeploymentStore

pytestmark = pytest.mark.timeout(120)
REGION = "us-east-1"
# Non-empty OpenTelemetry values: with the template's blank defaults Chroma 1.x panics at boot.
SAFE_OTEL_PLAN = {
    "otel_endpoint": "http://127.0.0.1:4317",
    "otel_service_name": "chroma-sandbox-test",
}


def plan_for(aws: AwsSession, name: str, **kw) -> LaunchPlan:
    info = template.load_template(aws, template.OFFICIAL_TEMPLATE_URL, REGION)
    return LaunchPlan(
        region=REGION,
        stack_name=name,
        instance_type=kw.pop("instance_type", "t3.small"),
        chroma_version=kw.pop("chroma_version", "1.5.9"),
        template=info,
        **{**SAFE_OTEL_PLAN, **kw},
    )


def run_stream(deployer: deploy.Deployer, d, **kw):
    stream = deployer.stream(d, poll_s=0.2, **kw)
    updates = list(stream.updates())
    return stream, updates


def live_stacks(aws: AwsSession, name: str) -> list[dict]:
    cfn = aws.client("cloudformation", REGION)
    found = cfn.list_stacks()["StackSummaries"]
    return [s for s in found if s["StackName"] == name and s["StackStatus"] != "DELETE_COMPLETE"]


def test_record_is_saved_before_create_stack_is_sent(sandbox):
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    seen: list[list[str]] = []

    def before_send(request, **_):
        seen.append([d.status for d in store.list()])

    cfn = aws.client("cloudformation", REGION)
    cfn.meta.events.register("before-send.cloudformation.CreateStack", before_send)
    d = deploy.Deployer(aws, store).launch(plan_for(aws, "rec-first"))
    assert seen == [["PENDING"]]  # the record existed, PENDING, when CreateStack left
    saved = store.get(d.id)
    assert saved.stack_id and saved.status == "CREATE_IN_PROGRESS"
    assert saved.token.startswith("chroma-tui-create-")


def test_lost_create_response_is_retried_with_the_same_token_one_stack(sandbox):
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    tokens: list[str] = []
    cut = {"left": 4}  # more than botocore's own attempts: our retry is exercised too

    def lose_response(request, **_):
        body = request.body if isinstance(request.body, bytes) else request.body.encode()
        tokens.append(body.split(b"ClientRequestToken=")[1].split(b"&")[0].decode())
        if cut["left"] <= 0:
            return None
        cut["left"] -= 1
        # AWS receives the request and acts on it; the answer is lost on the way back.
        forwarded = urllib.request.Request(
            request.url, data=body, headers=dict(request.headers.items()), method="POST"
        )
        with urllib.request.urlopen(forwarded, timeout=10):
            pass
        raise ConnectionClosedError(endpoint_url=request.url)

    cfn = aws.client("cloudformation", REGION)
    cfn.meta.events.register("before-send.cloudformation.CreateStack", lose_response)
    deployer = deploy.Deployer(aws, store)
    try:
        d = deployer.launch(plan_for(aws, "lost-reply"))
    except Exception:  # botocore + our one retry may all be cut: the record must stay PENDING
        pending = store.list()
        assert len(pending) == 1 and pending[0].status == "PENDING"
        d = deployer.refresh(pending[0])  # finds it by name + our token tag
    assert len(set(tokens)) == 1 and len(tokens) >= 2
    assert len(live_stacks(aws, "lost-reply")) == 1
    assert d.stack_id == live_stacks(aws, "lost-reply")[0]["StackId"]
    stream, _ = run_stream(deployer, d)
    assert stream.stack.status == "CREATE_COMPLETE"


def test_full_life_launch_stream_lock_delete(sandbox):
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    deployer = deploy.Deployer(aws, store)
    d = deployer.launch(plan_for(aws, "life"))
    stream, _ = run_stream(deployer, d)
    final = stream.stack
    assert final.status == "CREATE_COMPLETE"
    events = [(e.logical_id, e.status) for e in stream.events]
    assert events[0] == ("life", "CREATE_IN_PROGRESS") and events[-1] == ("life", "CREATE_COMPLETE")
    assert events.index(("ChromaInstanceSecurityGroup", "CREATE_COMPLETE")) < events.index(
        ("ChromaInstance", "CREATE_IN_PROGRESS")
    )
    assert len({e.event_id for e in stream.events}) == len(stream.events)
    d = deployer.record(d, final)
    assert d.server_host and d.server_port and d.status == "CREATE_COMPLETE"
    assert deployer.refresh(d).status == "CREATE_COMPLETE"

    # lock the door: 22 and 8000 open only to my IP (the sandbox serves "what is my IP")
    ip = deploy.my_public_ip()
    d = deployer.lock_to_ip(d, ip)
    assert store.get(d.id).ip_locked_to == ip
    ec2 = aws.client("ec2", REGION)
    group_id = lock.security_group_id(aws, REGION, d.stack_id, d.stack_name)
    perms = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]["IpPermissions"]
    by_port = {p["FromPort"]: {r["CidrIp"] for r in p.get("IpRanges", [])} for p in perms}
    assert by_port[22] == {f"{ip}/32"} and by_port[8000] == {f"{ip}/32"}

    # delete: a saved delete token, events to DELETE_COMPLETE (found by StackId)
    stream = deployer.delete(d)
    stream.poll_s = 0.2
    list(stream.updates())
    assert stream.stack.status == "DELETE_COMPLETE"
    saved = store.get(d.id)
    assert saved.delete_token and saved.delete_token != saved.token
    assert all(e.token in (None, saved.delete_token) for e in stream.events)
    assert deployer.record(saved, stream.stack).status == "DELETE_COMPLETE"
    assert live_stacks(aws, "life") == []


def test_no_default_vpc_then_fix_and_relaunch_same_record_no_orphan(sandbox):
    sandbox.set_scenario("no-default-vpc")
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    deployer = deploy.Deployer(aws, store)
    d = deployer.launch(plan_for(aws, "novpc"))
    stream, _ = run_stream(deployer, d)
    assert stream.stack.status == "ROLLBACK_COMPLETE"
    cause = diagnosis.root_cause(stream.events, REGION)
    assert cause.problem == "no-default-vpc" and cause.fix_action == "create-default-vpc"
    assert "VPCIdNotSpecified" in cause.raw_reason
    assert cause.console_url == vpc.vpc_console_url(REGION)
    deployer.record(d, stream.stack)

    # a second create with another token meets our ROLLBACK_COMPLETE stack: delete it first
    with pytest.raises(StackError) as info:
        stacks.create_stack(aws, plan_for(aws, "novpc"), stacks.new_token())
    assert info.value.key == "stack.error.rollback_complete"

    # the one-key fix (the scenario stays: leaving it would bring the default VPC back)
    vpc.create_default_vpc(aws, REGION)
    d2 = deployer.relaunch(d, poll_s=0.2)
    assert d2.id == d.id and d2.token != d.token and d2.status == "CREATE_IN_PROGRESS"
    stream, _ = run_stream(deployer, d2)
    assert stream.stack.status == "CREATE_COMPLETE"
    assert len(live_stacks(aws, "novpc")) == 1
    assert [x.id for x in store.list()] == [d.id]


def test_name_taken_by_someone_else(sandbox):
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    info = template.load_template(aws, template.OFFICIAL_TEMPLATE_URL, REGION)
    aws.client("cloudformation", REGION).create_stack(StackName="taken", TemplateURL=info.url)
    with pytest.raises(StackError) as err:
        deploy.Deployer(aws, store).launch(plan_for(aws, "taken"))
    assert err.value.key == "stack.error.name_taken"
    assert store.list() == []  # AWS refused it: no record of a stack that does not exist


def test_bad_stack_name_is_refused_before_any_call(sandbox):
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    with pytest.raises(InputError):
        deploy.Deployer(aws, store).launch(plan_for(aws, "1-bad"))
    assert store.list() == []


def test_killed_before_the_answer_refresh_finds_the_stack_by_token(sandbox):
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    deployer = deploy.Deployer(aws, store)
    plan = plan_for(aws, "killed")
    # the record was written, CreateStack reached AWS, then the process died
    d = deploy.Deployer(aws, store).launch(plan)
    store.save(d.evolve(stack_id=None, status="PENDING"))
    resumed = deployer.refresh(store.get(d.id))
    assert resumed.stack_id == d.stack_id and resumed.status != "PENDING"
    stream, _ = run_stream(deployer, resumed)
    assert stream.stack.status == "CREATE_COMPLETE"
    assert stream.events[0].status == "CREATE_IN_PROGRESS"  # resumed from AWS's own start


def test_my_public_ip_rejects_garbage(monkeypatch, sandbox):
    monkeypatch.setenv("CHROMA_TUI_MY_IP_URL", sandbox.endpoint_url + "/nothing-here")
    with pytest.raises(Exception) as info:
        deploy.my_public_ip(timeout_s=2)
    assert getattr(info.value, "key", "") == "deploy.error.my_ip"


def test_network_loss_mid_stream_reconnects_and_misses_nothing(sandbox, monkeypatch):
    from urllib.parse import urlparse

    from chroma_tui.sandbox import FaultProxy

    front = urlparse(sandbox.endpoint_url)
    with FaultProxy(front.hostname, front.port) as proxy:
        monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://{proxy.host}:{proxy.port}")
        aws = AwsSession(region=REGION)
        store = DeploymentStore()
        deployer = deploy.Deployer(aws, store)
        d = deployer.launch(plan_for(aws, "netloss"))
        proxy.set_mode("refuse")  # the network drops right after launch
        stream = deployer.stream(d, poll_s=0.2)
        updates = []
        for update in stream.updates():
            updates.append(update)
            if sum(u.reconnecting for u in updates) == 2:
                proxy.set_mode("pass")  # and comes back
        assert sum(u.reconnecting for u in updates) >= 2
        assert stream.stack.status == "CREATE_COMPLETE"
        streamed = [e.event_id for u in updates for e in u.events]
        assert streamed == [e.event_id for e in stream.events]
        assert len(streamed) == len(set(streamed)) == 8


def test_killed_during_delete_watching_again_resumes_the_delete(sandbox):
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    d = deploy.Deployer(aws, store).launch(plan_for(aws, "kdel"))
    run_stream(deploy.Deployer(aws, store), d)
    deploy.Deployer(aws, store).delete(d)  # DeleteStack sent, then the process dies
    # a new process: the saved record knows the delete token, so watching follows the delete
    restarted = deploy.Deployer(AwsSession(region=REGION), DeploymentStore())
    saved = restarted.store.get(d.id)
    assert saved.status == "DELETE_IN_PROGRESS" and saved.delete_token
    stream, _ = run_stream(restarted, saved)
    assert stream.stack.status == "DELETE_COMPLETE"
    assert stream.events[0].status == "DELETE_IN_PROGRESS"
    assert {e.token for e in stream.events} <= {saved.delete_token, None}


SECRET_HEADERS = '{"x-honeycomb-team": "hc-secret-4242"}'


def test_otel_headers_are_never_saved_but_a_relaunch_still_sends_them(sandbox, isolated_home):
    # Given a launch with OpenTelemetry headers holding an API key, that fails (no default VPC)
    sandbox.set_scenario("no-default-vpc")
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    deployer = deploy.Deployer(aws, store)
    plan = plan_for(
        aws,
        "otel",
        otel_endpoint="api.honeycomb.io",
        otel_service_name="chromadb",
        otel_headers=SECRET_HEADERS,
    )
    d = deployer.launch(plan)
    stream, _ = run_stream(deployer, d)
    deployer.record(d, stream.stack)
    # Then the saved record names the header but not its value, on disk too
    saved = store.get(d.id).parameters["ChromaOtelCollectionHeaders"]
    assert "x-honeycomb-team" in saved and "hc-secret-4242" not in saved
    on_disk = "".join(p.read_text() for p in isolated_home.rglob("*.json"))
    assert "hc-secret-4242" not in on_disk
    # When the one-key fix relaunches it, the real headers come from the failed stack itself
    vpc.create_default_vpc(aws, REGION)
    d2 = deployer.relaunch(d, poll_s=0.2)
    cfn = aws.client("cloudformation", REGION)
    params = {
        p["ParameterKey"]: p["ParameterValue"]
        for p in cfn.describe_stacks(StackName=d2.stack_id)["Stacks"][0]["Parameters"]
    }
    assert params["ChromaOtelCollectionHeaders"] == SECRET_HEADERS


def test_relaunch_without_the_failed_stack_asks_for_the_headers_again(sandbox):
    # Given a saved record whose stack AWS no longer knows (never found by its token)
    aws = AwsSession(region=REGION)
    store = DeploymentStore()
    deployer = deploy.Deployer(aws, store)
    d = deployer.launch(plan_for(aws, "otel2", otel_headers=SECRET_HEADERS))
    lost = store.get(d.id).evolve(stack_id=None, status="NOT_FOUND")
    store.save(lost)
    # Then the one copy of the headers is gone: no launch with the mask, a clear error instead
    with pytest.raises(StackError) as info:
        deployer.relaunch(lost, poll_s=0.2)
    assert info.value.key == "stack.error.secret_lost"
    assert "enter the headers again" in info.value.fix()
