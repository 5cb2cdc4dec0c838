"""Each sandbox scenario through plain boto3, with AWS's exact wording."""

from __future__ import annotations

import json
import re
import time
import urllib.request

import pytest
from botocore.exceptions import ClientError
from sandbox_helpers import (
    SAFE_OTEL_PARAMETERS,
    TEMPLATE_URL,
    all_events,
    client,
    outputs,
    timeline,
    wait_stack,
)

REQUEST_TAIL = r"; Request ID: [0-9a-f-]{36}; Proxy: null\)$"
VPC_REASON = re.compile(
    re.escape(
        "No default VPC for this user. GroupName is only supported for EC2-Classic and default "
        "VPC. (Service: AmazonEC2; Status Code: 400; Error Code: VPCIdNotSpecified"
    )
    + REQUEST_TAIL
)


def create(cf, name: str = "s1", key: str | None = None, itype: str | None = None, **kw) -> str:
    params = list(SAFE_OTEL_PARAMETERS)
    if key:
        params.append({"ParameterKey": "KeyName", "ParameterValue": key})
    if itype:
        params.append({"ParameterKey": "InstanceType", "ParameterValue": itype})
    return cf.create_stack(StackName=name, TemplateURL=TEMPLATE_URL, Parameters=params, **kw)[
        "StackId"
    ]


def set_scenario(sandbox, name: str) -> None:
    request = urllib.request.Request(
        f"{sandbox.endpoint_url}/_sandbox/scenario", data=name.encode(), method="POST"
    )
    with urllib.request.urlopen(request, timeout=60) as resp:
        assert json.loads(resp.read())["scenario"] == name


def rolled_back(failed: str, reason: str, created_before: bool) -> list[tuple[str, str, str]]:
    """The events after the failure of ``failed``: AWS's rollback."""
    tail = [
        (
            "s1",
            "ROLLBACK_IN_PROGRESS",
            f"The following resource(s) failed to create: [{failed}]. Rollback requested by user.",
        ),
        (failed, "DELETE_COMPLETE", ""),
    ]
    if created_before:
        tail += [
            ("ChromaInstanceSecurityGroup", "DELETE_IN_PROGRESS", ""),
            ("ChromaInstanceSecurityGroup", "DELETE_COMPLETE", ""),
        ]
    return [(failed, "CREATE_FAILED", reason), *tail, ("s1", "ROLLBACK_COMPLETE", "")]


def test_no_default_vpc_fails_rolls_back_and_a_retry_after_create_default_vpc_succeeds(sandbox):
    set_scenario(sandbox, "no-default-vpc")
    ec2 = client("ec2")
    assert ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"] == []
    cf = client("cloudformation")
    stack_id = create(cf, ClientRequestToken="tok-1")

    stack = wait_stack(cf, stack_id)

    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    events = all_events(cf, stack_id)
    reason = events[2]["ResourceStatusReason"]
    assert VPC_REASON.match(reason), reason
    assert timeline(events) == [
        ("s1", "CREATE_IN_PROGRESS", "User Initiated"),
        ("ChromaInstanceSecurityGroup", "CREATE_IN_PROGRESS", ""),
        *rolled_back("ChromaInstanceSecurityGroup", reason, created_before=False),
    ]
    assert {e["ClientRequestToken"] for e in events} == {"tok-1"}
    # ROLLBACK_COMPLETE: the name is taken until the stack is deleted
    with pytest.raises(ClientError) as caught:
        create(cf, ClientRequestToken="tok-2")
    assert caught.value.response["Error"]["Code"] == "AlreadyExistsException"
    cf.delete_stack(StackName="s1")
    assert wait_stack(cf, stack_id)["StackStatus"] == "DELETE_COMPLETE"

    ec2.create_default_vpc()  # the fix; the scenario stays, the state changed
    retry = create(cf, ClientRequestToken="tok-3")
    assert wait_stack(cf, retry)["StackStatus"] == "CREATE_COMPLETE"


def test_no_default_vpc_leaves_running_stacks_whole_and_ok_gives_their_vpc_back(sandbox):
    """Walker's defect: switching to no-default-vpc deleted live stacks' security groups (AWS
    refuses to delete a VPC in use), so lock and start then failed on "group not found"."""
    cf, ec2 = client("cloudformation"), client("ec2")
    only_default = [{"Name": "isDefault", "Values": ["true"]}]
    vpc_id = ec2.describe_vpcs(Filters=only_default)["Vpcs"][0]["VpcId"]
    live = create(cf, name="s-live")
    assert wait_stack(cf, live)["StackStatus"] == "CREATE_COMPLETE"
    in_vpc = [{"Name": "vpc-id", "Values": [vpc_id]}]

    def stack_groups() -> list[str]:
        groups = ec2.describe_security_groups(Filters=in_vpc)["SecurityGroups"]
        return sorted(g["GroupId"] for g in groups if g["GroupName"] != "default")

    before = stack_groups()
    assert len(before) == 1

    set_scenario(sandbox, "no-default-vpc")

    assert ec2.describe_vpcs(Filters=only_default)["Vpcs"] == []  # new stacks see none
    assert stack_groups() == before  # the running stack's group is still there
    failing = create(cf, name="s-new")
    assert wait_stack(cf, failing)["StackStatus"] == "ROLLBACK_COMPLETE"
    reasons = [e.get("ResourceStatusReason", "") for e in all_events(cf, failing)]
    assert any(VPC_REASON.match(r) for r in reasons)

    set_scenario(sandbox, "ok")
    assert [v["VpcId"] for v in ec2.describe_vpcs(Filters=only_default)["Vpcs"]] == [vpc_id]


def test_missing_key_pair_fails_the_instance_and_deletes_the_group(sandbox):
    ec2 = client("ec2")
    ec2.create_key_pair(KeyName="mykey")
    set_scenario(sandbox, "missing-key-pair")
    cf = client("cloudformation")
    stack_id = create(cf, key="mykey")

    assert wait_stack(cf, stack_id)["StackStatus"] == "ROLLBACK_COMPLETE"

    events = all_events(cf, stack_id)
    failed = [e for e in events if e["ResourceStatus"] == "CREATE_FAILED"]
    reason = failed[0]["ResourceStatusReason"]
    assert re.match(
        re.escape(
            "The key pair 'mykey' does not exist (Service: AmazonEC2; Status Code: 400; "
            "Error Code: InvalidKeyPair.NotFound"
        )
        + REQUEST_TAIL,
        reason,
    )
    assert timeline(events)[:5] == [
        ("s1", "CREATE_IN_PROGRESS", "User Initiated"),
        ("ChromaInstanceSecurityGroup", "CREATE_IN_PROGRESS", ""),
        ("ChromaInstanceSecurityGroup", "CREATE_IN_PROGRESS", "Resource creation Initiated"),
        ("ChromaInstanceSecurityGroup", "CREATE_COMPLETE", ""),
        ("ChromaInstance", "CREATE_IN_PROGRESS", ""),
    ]
    assert timeline(events)[5:] == rolled_back("ChromaInstance", reason, created_before=True)
    groups = [g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]]
    assert groups == ["default"]  # the rollback removed it from EC2
    assert ec2.describe_key_pairs()["KeyPairs"] == []  # the key "vanished"


def test_a_key_that_does_not_exist_fails_in_the_ok_scenario_too(sandbox):
    cf = client("cloudformation")
    stack_id = create(cf, key="nokey")
    assert wait_stack(cf, stack_id)["StackStatus"] == "ROLLBACK_COMPLETE"
    reasons = [e.get("ResourceStatusReason", "") for e in all_events(cf, stack_id)]
    assert any(r.startswith("The key pair 'nokey' does not exist") for r in reasons)


def test_an_existing_key_is_used_in_the_ok_scenario(sandbox):
    client("ec2").create_key_pair(KeyName="mine")
    cf = client("cloudformation")
    stack_id = create(cf, key="mine")
    assert wait_stack(cf, stack_id)["StackStatus"] == "CREATE_COMPLETE"
    instance = cf.describe_stack_resources(StackName="s1", LogicalResourceId="ChromaInstance")
    instance_id = instance["StackResources"][0]["PhysicalResourceId"]
    found = client("ec2").describe_instances(InstanceIds=[instance_id])
    assert found["Reservations"][0]["Instances"][0]["KeyName"] == "mine"


def test_insufficient_capacity(sandbox):
    set_scenario(sandbox, "insufficient-capacity")
    cf = client("cloudformation")
    stack_id = create(cf)
    assert wait_stack(cf, stack_id)["StackStatus"] == "ROLLBACK_COMPLETE"
    failed = [e for e in all_events(cf, stack_id) if e["ResourceStatus"] == "CREATE_FAILED"]
    assert [e["LogicalResourceId"] for e in failed] == ["ChromaInstance"]
    reason = failed[0]["ResourceStatusReason"]
    assert reason.startswith(
        "We currently do not have sufficient t3.small capacity in the Availability Zone you "
        "requested (us-east-1a)."
    )
    assert "Error Code: InsufficientInstanceCapacity;" in reason


@pytest.mark.parametrize(
    ("itype", "expected"),
    [
        (
            "t3.bogus",
            "Invalid value 't3.bogus' for InstanceType. (Service: AmazonEC2; "
            "Status Code: 400; Error Code: InvalidParameterValue;",
        ),
        (
            "t4g.small",
            "The architecture 'arm64' of the specified instance type does not match "
            "the architecture 'x86_64' of the specified AMI.",
        ),
    ],
)
def test_instance_types_ec2_refuses(sandbox, itype, expected):
    cf = client("cloudformation")
    stack_id = create(cf, itype=itype)
    assert wait_stack(cf, stack_id)["StackStatus"] == "ROLLBACK_COMPLETE"
    reasons = [e.get("ResourceStatusReason", "") for e in all_events(cf, stack_id)]
    assert any(r.startswith(expected) for r in reasons), reasons


@pytest.mark.parametrize("on_failure", ["DELETE", "DO_NOTHING"])
def test_on_failure_is_honoured(sandbox, on_failure):
    set_scenario(sandbox, "insufficient-capacity")
    cf = client("cloudformation")
    stack_id = create(cf, OnFailure=on_failure)
    stack = wait_stack(cf, stack_id)
    statuses = [s for _, s, _ in timeline(all_events(cf, stack_id))]
    if on_failure == "DELETE":
        assert stack["StackStatus"] == "DELETE_COMPLETE"
        assert "ROLLBACK_IN_PROGRESS" not in statuses
        assert client("ec2").describe_security_groups()["SecurityGroups"][0]["GroupName"] == (
            "default"
        )
    else:
        assert stack["StackStatus"] == "CREATE_FAILED"
        assert stack["StackStatusReason"].startswith(
            "The following resource(s) failed to create: [ChromaInstance]."
        )
        groups = client("ec2").describe_security_groups()["SecurityGroups"]
        assert len(groups) == 2  # nothing rolled back: the group stays


def test_slow_boot_answers_only_a_while_after_create_complete(sandbox):
    set_scenario(sandbox, "slow-boot")
    cf = client("cloudformation")
    stack = wait_stack(cf, create(cf))
    assert stack["StackStatus"] == "CREATE_COMPLETE"
    url = f"http://{outputs(stack)['ServerIp']}:8000/api/v2/heartbeat"
    completed = time.monotonic()
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=1)
    while True:  # 180 s / speed 40 = 4.5 s, plus Chroma's own start
        try:
            with urllib.request.urlopen(url, timeout=1) as resp:
                assert resp.status == 200
                break
        except OSError:
            assert time.monotonic() - completed < 60
            time.sleep(0.2)
    assert time.monotonic() - completed >= 180 / sandbox.speed * 0.9


def test_throttle_answers_about_a_third_of_calls_deterministically(sandbox):
    def draw() -> list[bool]:
        cf = client("cloudformation", attempts=1)  # a single try: see every Throttling
        results = []
        for _ in range(150):
            try:
                cf.describe_stacks()
                results.append(False)
            except ClientError as exc:
                err = exc.response["Error"]
                assert (err["Code"], err["Message"]) == ("Throttling", "Rate exceeded")
                assert exc.response["ResponseMetadata"]["HTTPStatusCode"] == 400
                results.append(True)
        return results

    set_scenario(sandbox, "throttle")
    first = draw()
    assert 0.2 < sum(first) / len(first) < 0.45
    set_scenario(sandbox, "throttle")
    assert draw() == first  # seeded: the same sequence again
    client("ec2", attempts=1).describe_vpcs()  # EC2 is never throttled by this scenario


def test_a_full_create_under_throttling_with_retries(sandbox):
    set_scenario(sandbox, "throttle")
    cf = client("cloudformation", attempts=10)
    stack_id = create(cf, ClientRequestToken="tok-t")
    assert wait_stack(cf, stack_id)["StackStatus"] == "CREATE_COMPLETE"
    assert len(all_events(cf, stack_id)) == 8
    assert len(cf.describe_stacks()["Stacks"]) == 1


def test_deleting_a_slow_booting_stack_does_not_wait_for_the_boot(sandbox):
    set_scenario(sandbox, "slow-boot")
    cf = client("cloudformation")
    stack_id = create(cf)
    assert wait_stack(cf, stack_id)["StackStatus"] == "CREATE_COMPLETE"
    started = time.monotonic()
    cf.delete_stack(StackName="s1")
    assert wait_stack(cf, stack_id)["StackStatus"] == "DELETE_COMPLETE"
    assert time.monotonic() - started < 180 / sandbox.speed * 0.7
