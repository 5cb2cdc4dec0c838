"""The sandbox's CloudFormation through plain boto3: timelines, lookups, errors, paging, reset."""

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
    heartbeat,
    outputs,
    timeline,
    wait_stack,
)

STACK_ARN = re.compile(
    r"^arn:aws:cloudformation:us-east-1:123456789012:stack/(?P<name>[^/]+)/[0-9a-f-]{36}$"
)

HAPPY = [
    ("s1", "CREATE_IN_PROGRESS", "User Initiated"),
    ("ChromaInstanceSecurityGroup", "CREATE_IN_PROGRESS", ""),
    ("ChromaInstanceSecurityGroup", "CREATE_IN_PROGRESS", "Resource creation Initiated"),
    ("ChromaInstanceSecurityGroup", "CREATE_COMPLETE", ""),
    ("ChromaInstance", "CREATE_IN_PROGRESS", ""),
    ("ChromaInstance", "CREATE_IN_PROGRESS", "Resource creation Initiated"),
    ("ChromaInstance", "CREATE_COMPLETE", ""),
    ("s1", "CREATE_COMPLETE", ""),
]


def create(cf, name: str = "s1", **kwargs) -> str:
    kwargs.setdefault("Parameters", SAFE_OTEL_PARAMETERS)
    return cf.create_stack(StackName=name, TemplateURL=TEMPLATE_URL, **kwargs)["StackId"]


def test_happy_timeline_events_outputs_and_a_real_heartbeat(sandbox):
    cf = client("cloudformation")
    stack_id = create(
        cf,
        ClientRequestToken="chroma-tui-create-1",
        Parameters=[
            {"ParameterKey": "InstanceType", "ParameterValue": "t3.medium"},
            *SAFE_OTEL_PARAMETERS,
        ],
        Tags=[{"Key": "made-by", "Value": "chroma-tui"}],
    )
    assert STACK_ARN.match(stack_id).group("name") == "s1"
    assert cf.describe_stacks(StackName="s1")["Stacks"][0]["StackStatus"] == "CREATE_IN_PROGRESS"

    stack = wait_stack(cf, stack_id)

    assert stack["StackStatus"] == "CREATE_COMPLETE"
    assert {t["Key"]: t["Value"] for t in stack["Tags"]} == {"made-by": "chroma-tui"}
    params = {p["ParameterKey"]: p["ParameterValue"] for p in stack["Parameters"]}
    assert params["InstanceType"] == "t3.medium" and params["ChromaVersion"] == "1.5.9"
    events = all_events(cf, stack_id)
    assert timeline(events) == HAPPY
    assert {e["ClientRequestToken"] for e in events} == {"chroma-tui-create-1"}
    assert len({e["EventId"] for e in events}) == len(events)
    stamps = [e["Timestamp"] for e in events]
    assert stamps == sorted(stamps)
    out = outputs(stack)
    assert set(out) == {"ServerIp"}  # as in Chroma's template: the port is 8000
    assert re.fullmatch(r"127\.0\.0\.(\d+)", out["ServerIp"])
    assert int(out["ServerIp"].rsplit(".", 1)[1]) >= 2
    assert heartbeat(out["ServerIp"])["nanosecond heartbeat"] > 0

    # the resources are real in moto's EC2, with the template's ingress
    resources = {
        r["LogicalResourceId"]: r
        for r in cf.describe_stack_resources(StackName="s1")["StackResources"]
    }
    group_name = resources["ChromaInstanceSecurityGroup"]["PhysicalResourceId"]
    assert group_name.startswith("s1-ChromaInstanceSecurityGroup-")
    ec2 = client("ec2")
    group = ec2.describe_security_groups(GroupNames=[group_name])["SecurityGroups"][0]
    ports = sorted((p["FromPort"], p["IpRanges"][0]["CidrIp"]) for p in group["IpPermissions"])
    assert ports == [(22, "0.0.0.0/0"), (8000, "0.0.0.0/0")]
    instance_id = resources["ChromaInstance"]["PhysicalResourceId"]
    reservation = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]
    assert reservation["Instances"][0]["InstanceType"] == "t3.medium"


def test_same_token_is_idempotent_and_another_token_is_already_exists(sandbox):
    cf = client("cloudformation")
    first = create(cf, ClientRequestToken="tok-a")
    again = create(cf, ClientRequestToken="tok-a")
    assert again == first
    assert len(cf.describe_stacks()["Stacks"]) == 1

    with pytest.raises(ClientError) as caught:
        create(cf, ClientRequestToken="tok-b")
    error = caught.value.response["Error"]
    assert error["Code"] == "AlreadyExistsException"
    assert error["Message"] == "Stack [s1] already exists"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    wait_stack(cf, first)


def test_delete_to_delete_complete_then_found_only_by_id(sandbox):
    cf = client("cloudformation")
    stack_id = create(cf, ClientRequestToken="tok-c")
    address = outputs(wait_stack(cf, stack_id))["ServerIp"]
    heartbeat(address)
    instance = cf.describe_stack_resources(StackName="s1", LogicalResourceId="ChromaInstance")
    instance_id = instance["StackResources"][0]["PhysicalResourceId"]

    cf.delete_stack(StackName="s1", ClientRequestToken="tok-d")
    stack = wait_stack(cf, stack_id)

    assert stack["StackStatus"] == "DELETE_COMPLETE"
    delete_events = [e for e in all_events(cf, stack_id) if e.get("ClientRequestToken") == "tok-d"]
    assert timeline(delete_events) == [
        ("s1", "DELETE_IN_PROGRESS", "User Initiated"),
        ("ChromaInstance", "DELETE_IN_PROGRESS", ""),
        ("ChromaInstance", "DELETE_COMPLETE", ""),
        ("ChromaInstanceSecurityGroup", "DELETE_IN_PROGRESS", ""),
        ("ChromaInstanceSecurityGroup", "DELETE_COMPLETE", ""),
        ("s1", "DELETE_COMPLETE", ""),
    ]
    with pytest.raises(ClientError) as caught:
        cf.describe_stacks(StackName="s1")
    assert caught.value.response["Error"]["Message"] == "Stack with id s1 does not exist"
    with pytest.raises(ClientError) as caught:
        cf.describe_stack_events(StackName="s1")
    assert caught.value.response["Error"]["Message"] == "Stack [s1] does not exist"
    cf.delete_stack(StackName="s1")  # a missing stack: succeeds silently
    ec2 = client("ec2")
    state = ec2.describe_instances(InstanceIds=[instance_id])["Reservations"][0]["Instances"][0]
    assert state["State"]["Name"] == "terminated"
    names = [g["GroupName"] for g in ec2.describe_security_groups()["SecurityGroups"]]
    assert not [n for n in names if n.startswith("s1-")]
    with pytest.raises(OSError):
        heartbeat(address, deadline_s=0)  # its Chroma server is gone too
    assert address not in sandbox._runtime.pool.held()  # and its address is free again
    assert [s["StackStatus"] for s in cf.list_stacks()["StackSummaries"]] == ["DELETE_COMPLETE"]
    assert STACK_ARN.match(create(cf, ClientRequestToken="tok-e"))  # the name is free again


def test_delete_while_creating_cancels_then_deletes(sandbox):
    cf = client("cloudformation")
    stack_id = create(cf, ClientRequestToken="tok-f")
    time.sleep(0.1)
    cf.delete_stack(StackName=stack_id)
    assert wait_stack(cf, stack_id)["StackStatus"] == "DELETE_COMPLETE"
    statuses = [s for _, s, _ in timeline(all_events(cf, stack_id))]
    assert "CREATE_COMPLETE" not in statuses
    assert statuses[-1] == "DELETE_COMPLETE"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "1-starts-with-a-digit",
            "1 validation error detected: Value '1-starts-with-a-digit' at 'stackName' failed to "
            "satisfy constraint: Member must satisfy regular expression pattern: "
            "[a-zA-Z][-a-zA-Z0-9]*",
        ),
        (
            "under_score",
            "1 validation error detected: Value 'under_score' at 'stackName' failed to satisfy "
            "constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*",
        ),
        (
            "a" * 129,
            f"1 validation error detected: Value '{'a' * 129}' at 'stackName' failed to satisfy "
            "constraint: Member must have length less than or equal to 128",
        ),
    ],
)
def test_bad_stack_names_are_refused_with_aws_wording(sandbox, name, message):
    with pytest.raises(ClientError) as caught:
        create(client("cloudformation"), name=name)
    assert caught.value.response["Error"] == {
        "Type": "Sender",
        "Code": "ValidationError",
        "Message": message,
    }


def test_undeclared_parameter_and_unsupported_region(sandbox):
    cf = client("cloudformation")
    with pytest.raises(ClientError) as caught:
        create(
            cf,
            Parameters=[
                {"ParameterKey": "ChromaServerAuthProvider", "ParameterValue": "x"},
                {"ParameterKey": "InstanceType", "ParameterValue": "t3.small"},
            ],
        )
    assert caught.value.response["Error"]["Message"] == (
        "Parameters: [ChromaServerAuthProvider] do not exist in the template"
    )
    with pytest.raises(ClientError) as caught:
        create(client("cloudformation", region="af-south-1"))
    assert caught.value.response["Error"]["Message"] == (
        "Template error: Unable to get mapping for Region2AMI::af-south-1::AMI"
    )
    assert cf.describe_stacks()["Stacks"] == []


def test_template_summary_validate_and_bad_urls(sandbox):
    cf = client("cloudformation")
    summary = cf.get_template_summary(TemplateURL=TEMPLATE_URL)
    defaults = {p["ParameterKey"]: p.get("DefaultValue") for p in summary["Parameters"]}
    assert defaults == {
        "KeyName": "",
        "InstanceType": "t3.small",
        "ChromaVersion": "1.5.9",
        "ChromaOtelCollectionEndpoint": "",
        "ChromaOtelServiceName": "",
        "ChromaOtelCollectionHeaders": "{}",
    }
    assert summary["ResourceTypes"] == ["AWS::EC2::Instance", "AWS::EC2::SecurityGroup"]
    virtual_host = TEMPLATE_URL.replace(
        "s3.amazonaws.com/public.trychroma.com", "public.trychroma.com.s3.amazonaws.com"
    )
    validated = cf.validate_template(TemplateURL=virtual_host)
    assert len(validated["Parameters"]) == 6
    body = (
        client("s3")
        .get_object(Bucket="public.trychroma.com", Key="cloudformation/latest/chroma.cf.json")[
            "Body"
        ]
        .read()
    )
    mappings = json.loads(body)["Mappings"]["Region2AMI"]
    assert len(mappings) == 17 and "ap-northeast-3" in mappings
    assert cf.validate_template(TemplateBody=body.decode())["Parameters"]
    for url in ("https://example.com/chroma.cf.json", TEMPLATE_URL + ".missing"):
        with pytest.raises(ClientError) as caught:
            cf.get_template_summary(TemplateURL=url)
        assert caught.value.response["Error"]["Code"] == "ValidationError"


def test_events_page_newest_first_with_next_token(sandbox):
    resources = {
        f"Param{i}": {"Type": "AWS::SSM::Parameter", "Properties": {"Value": str(i)}}
        for i in range(40)
    }
    body = json.dumps({"Resources": resources})
    cf = client("cloudformation")
    stack_id = cf.create_stack(StackName="many", TemplateBody=body)["StackId"]
    assert wait_stack(cf, stack_id)["StackStatus"] == "CREATE_COMPLETE"

    first = cf.describe_stack_events(StackName="many")
    assert len(first["StackEvents"]) == 100 and first["NextToken"]
    assert first["StackEvents"][0]["ResourceStatus"] == "CREATE_COMPLETE"
    assert first["StackEvents"][0]["LogicalResourceId"] == "many"
    events = all_events(cf, stack_id)
    assert len(events) == 2 + 3 * 40
    assert len({e["EventId"] for e in events}) == len(events)
    assert timeline(events)[0] == ("many", "CREATE_IN_PROGRESS", "User Initiated")


def test_reset_forgets_stacks_and_keeps_the_template(sandbox):
    cf = client("cloudformation")
    stack_id = create(cf)
    address = outputs(wait_stack(cf, stack_id))["ServerIp"]
    heartbeat(address)
    client("ec2").create_key_pair(KeyName="left-over")

    request = urllib.request.Request(f"{sandbox.endpoint_url}/_sandbox/reset", method="POST")
    with urllib.request.urlopen(request, timeout=30) as resp:
        assert json.loads(resp.read())["stacks"] == 0

    assert cf.describe_stacks()["Stacks"] == []
    assert client("ec2").describe_key_pairs()["KeyPairs"] == []
    with pytest.raises(OSError):
        heartbeat(address, deadline_s=0)
    assert sandbox._runtime.pool.held() == []
    assert cf.get_template_summary(TemplateURL=TEMPLATE_URL)["Parameters"]


def test_control_endpoints_and_proxied_services(sandbox):
    with urllib.request.urlopen(f"{sandbox.endpoint_url}/_sandbox/myip", timeout=5) as resp:
        assert resp.read().decode().strip() == "203.0.113.7"
    with urllib.request.urlopen(f"{sandbox.endpoint_url}/_sandbox/health", timeout=5) as resp:
        assert json.loads(resp.read())["scenario"] == "ok"
    bad = urllib.request.Request(
        f"{sandbox.endpoint_url}/_sandbox/scenario", data=b"no-such", method="POST"
    )
    with pytest.raises(urllib.error.HTTPError) as caught:
        urllib.request.urlopen(bad, timeout=5)
    assert caught.value.code == 400
    assert client("sts").get_caller_identity()["Account"] == "123456789012"
    regions = {r["RegionName"] for r in client("ec2").describe_regions()["Regions"]}
    assert {"us-east-1", "ap-northeast-3"} <= regions
    s3 = client("s3")
    s3.create_bucket(Bucket="mine")
    s3.put_object(Bucket="mine", Key="k", Body=b"x" * 70_000)
    assert s3.head_object(Bucket="mine", Key="k")["ContentLength"] == 70_000
    assert s3.get_object(Bucket="mine", Key="k")["Body"].read() == b"x" * 70_000


def test_a_service_moto_lacks_gets_an_aws_shaped_error_and_the_price_falls_back(sandbox):
    """The Pricing API is not emulated: the sandbox says so (moto used to crash on it)."""
    from chroma_tui.core import pricing
    from chroma_tui.core.aws import AwsSession

    with pytest.raises(ClientError) as caught:
        client("pricing").get_products(ServiceCode="AmazonEC2", MaxResults=1)
    assert caught.value.response["Error"]["Code"] == "NotImplemented"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 501
    assert "does not emulate" in caught.value.response["Error"]["Message"]
    price = pricing.estimate_price(AwsSession(region="us-east-1"), "us-east-1", "t3.small")
    assert price is not None and price.source != pricing.SOURCE_API
