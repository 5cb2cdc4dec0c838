"""Root cause: the earliest real failure, classified from AWS's own wording."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chroma_tui.core.diagnosis import PROBLEMS, classify, describe, root_cause
from chroma_tui.core.models import StackEvent
from chroma_tui.i18n import catalogues, set_language

T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
STACK = "AWS::CloudFormation::Stack"

NO_VPC = (
    "No default VPC for this user. GroupName is only supported for EC2-Classic and default VPC. "
    "(Service: AmazonEC2; Status Code: 400; Error Code: VPCIdNotSpecified; Request ID: 1a2b)"
)
NO_KEY = (
    "The key pair 'mykey' does not exist (Service: AmazonEC2; Status Code: 400; "
    "Error Code: InvalidKeyPair.NotFound; Request ID: 3c4d)"
)
NO_CAPACITY = (
    "We currently do not have sufficient t3.small capacity in the Availability Zone you requested "
    "(us-east-1e). Our system will be working on provisioning additional capacity. (Service: "
    "AmazonEC2; Status Code: 500; Error Code: InsufficientInstanceCapacity; Request ID: 5e6f)"
)
BAD_TYPE = (
    "Your requested instance type (t4g.small) is not supported in your requested Availability "
    "Zone (us-east-1e). (Service: AmazonEC2; Status Code: 400; Error Code: Unsupported)"
)
BAD_PARAM = (
    "Invalid value 't3.nope' for InstanceType. (Service: AmazonEC2; Status Code: 400; "
    "Error Code: InvalidParameterValue; Request ID: 77)"
)
ARCH = (
    "The architecture 'arm64' of the specified instance type does not match the architecture "
    "'x86_64' of the specified AMI. (Error Code: InvalidParameterValue)"
)
MAPPING = "Template error: Unable to get mapping for Region2AMI::af-south-1::AMI"
DENIED = (
    "You are not authorized to perform this operation. User: arn:aws:iam::1:user/x is not "
    "authorized to perform: ec2:RunInstances (Error Code: UnauthorizedOperation)"
)


def ev(i: int, logical: str, status: str, reason: str = "", rtype: str = "AWS::EC2::Instance"):
    if logical == "s1":
        rtype = STACK
    return StackEvent(
        event_id=f"e{i}",
        stack_id="sid",
        stack_name="s1",
        logical_id=logical,
        physical_id="",
        resource_type=rtype,
        status=status,
        reason=reason,
        timestamp=T0 + timedelta(seconds=i),
    )


@pytest.mark.parametrize(
    ("reason", "problem", "action"),
    [
        (NO_VPC, "no-default-vpc", "create-default-vpc"),
        (NO_KEY, "missing-key-pair", "choose-key-pair"),
        (NO_CAPACITY, "insufficient-capacity", "choose-instance-type"),
        (BAD_TYPE, "unsupported-in-zone", "choose-instance-type"),
        (BAD_PARAM, "unsupported-instance-type", "choose-instance-type"),
        (ARCH, "unsupported-instance-type", "choose-instance-type"),
        (MAPPING, "unsupported-region", "choose-region"),
        (DENIED, "access-denied", None),
        ("Something odd happened", "unknown", None),
    ],
)
def test_each_aws_wording_is_classified(reason, problem, action):
    events = [
        ev(0, "s1", "CREATE_IN_PROGRESS", "User Initiated"),
        ev(1, "ChromaInstanceSecurityGroup", "CREATE_IN_PROGRESS"),
        ev(2, "ChromaInstanceSecurityGroup", "CREATE_FAILED", reason),
        ev(3, "s1", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed to create: [x]."),
        ev(4, "s1", "ROLLBACK_COMPLETE"),
    ]
    cause = root_cause(events, "eu-west-3")
    assert cause is not None
    assert cause.problem == problem and problem in PROBLEMS
    assert cause.fix_action == action
    assert cause.raw_reason == reason
    assert cause.logical_id == "ChromaInstanceSecurityGroup"


def test_no_default_vpc_carries_the_console_link_for_the_region():
    cause = root_cause([ev(1, "ChromaInstanceSecurityGroup", "CREATE_FAILED", NO_VPC)], "eu-west-3")
    assert cause.console_url == (
        "https://eu-west-3.console.aws.amazon.com/vpc/home?region=eu-west-3#vpcs"
    )
    set_language("en")
    title, _, fix = describe(cause)
    assert "default VPC" in title and "eu-west-3" in title
    assert cause.console_url in fix
    set_language("zh-CN")
    try:
        title, _, fix = describe(cause)
        assert "默认 VPC" in title and cause.console_url in fix
    finally:
        set_language("en")


def test_cancelled_resources_are_skipped_for_the_earliest_real_failure():
    events = [
        ev(0, "s1", "CREATE_IN_PROGRESS"),
        ev(5, "ChromaInstanceSecurityGroup", "CREATE_FAILED", "Resource creation cancelled"),
        ev(6, "ChromaInstance", "CREATE_FAILED", NO_KEY),
        ev(7, "Other", "CREATE_FAILED", NO_CAPACITY),
    ]
    cause = root_cause(events, "us-east-1")
    assert cause.problem == "missing-key-pair"
    assert cause.params["key_name"] == "mykey"


def test_params_for_capacity_and_access():
    cap = root_cause([ev(1, "ChromaInstance", "CREATE_FAILED", NO_CAPACITY)], "us-east-1")
    assert cap.params["instance_type"] == "t3.small" and cap.params["zone"] == "us-east-1e"
    denied = root_cause([ev(1, "ChromaInstance", "CREATE_FAILED", DENIED)], "us-east-1")
    assert denied.params["action"] == "ec2:RunInstances"
    assert "ec2:RunInstances" in describe(denied)[1]


def test_falls_back_to_the_stack_reason_and_none_when_nothing_failed():
    only_stack = [
        ev(0, "s1", "CREATE_IN_PROGRESS"),
        ev(1, "s1", "ROLLBACK_IN_PROGRESS", MAPPING),
        ev(2, "s1", "ROLLBACK_COMPLETE"),
    ]
    assert root_cause(only_stack, "af-south-1").problem == "unsupported-region"
    ok = [ev(0, "s1", "CREATE_IN_PROGRESS"), ev(1, "s1", "CREATE_COMPLETE")]
    assert root_cause(ok, "us-east-1") is None


def test_classify_is_plain():
    assert classify("VPCIdNotSpecified") == "no-default-vpc"


def test_every_problem_has_translated_texts():
    cats = catalogues()
    for problem in PROBLEMS:
        for part in ("title", "body", "fix"):
            key = f"diagnosis.{problem}.{part}"
            assert cats["en"].get(key) and cats["zh-CN"].get(key), key
            assert cats["en"][key] != cats["zh-CN"][key]
