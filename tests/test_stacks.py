"""stacks.py: tokens, what CreateStack sends, adopting our own stack, refusing others'."""

from __future__ import annotations

import re
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from chroma_tui import __version__
from chroma_tui.core import stacks
from chroma_tui.core.errors import InputError, StackError
from chroma_tui.core.models import LaunchPlan, TemplateInfo, TemplateParameter

URL = "https://s3.amazonaws.com/public.trychroma.com/cloudformation/latest/chroma.cf.json"
SID = "arn:aws:cloudformation:us-east-1:123456789012:stack/s1/0000"


class StubAws:
    def __init__(self) -> None:
        self.cfn = boto3.session.Session(
            aws_access_key_id="AKIAFAKE", aws_secret_access_key="fake", region_name="us-east-1"
        ).client("cloudformation")
        self.stub = Stubber(self.cfn)
        self.profile = None
        self.endpoint_url = None

    def client(self, service: str, region: str | None = None) -> Any:
        return self.cfn


def info(*names: str) -> TemplateInfo:
    return TemplateInfo(
        source=URL,
        url=URL,
        body=None,
        parameters=tuple(TemplateParameter(n, "") for n in names),
        regions=("us-east-1",),
        outputs=("ServerIp",),
    )


def plan(name: str = "s1", **kw: Any) -> LaunchPlan:
    return LaunchPlan(
        region="us-east-1",
        stack_name=name,
        instance_type="t3.small",
        chroma_version="1.5.9",
        template=kw.pop("template", info("InstanceType", "KeyName", "ChromaVersion")),
        **kw,
    )


def test_tokens_are_valid_client_request_tokens_and_unique():
    tokens = {stacks.new_token("create") for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert re.fullmatch(r"[a-zA-Z0-9][-a-zA-Z0-9]*", token) and len(token) <= 128
        assert token.startswith("chroma-tui-create-")
    assert stacks.new_token("delete").startswith("chroma-tui-delete-")


def test_create_sends_declared_parameters_tags_and_the_token():
    aws = StubAws()
    aws.stub.add_response(
        "create_stack",
        {"StackId": SID},
        {
            "StackName": "s1",
            "TemplateURL": URL,
            "Parameters": [
                {"ParameterKey": "InstanceType", "ParameterValue": "t3.small"},
                {"ParameterKey": "ChromaVersion", "ParameterValue": "1.5.9"},
            ],
            "Tags": [
                {"Key": "chroma-tui:managed", "Value": "true"},
                {"Key": "chroma-tui:version", "Value": __version__},
                {"Key": "chroma-tui:token", "Value": "tok-1"},
                {"Key": "chroma-tui:deployment", "Value": "dep1"},
            ],
            "ClientRequestToken": "tok-1",
        },
    )
    with aws.stub:
        # otel values given, but this template does not declare them: not sent
        got = stacks.create_stack(
            aws, plan(otel_endpoint="http://otel:4317"), "tok-1", deployment_id="dep1"
        )
    assert got == SID


def test_local_template_file_goes_as_body(tmp_path):
    body = '{"Resources": {}}'
    path = tmp_path / "t.json"
    path.write_text(body)
    assert stacks.template_args(None, None, str(path)) == {"TemplateBody": body}
    assert stacks.template_args(URL, None) == {"TemplateURL": URL}


def test_bad_name_never_reaches_aws():
    aws = StubAws()
    with aws.stub, pytest.raises(InputError):
        stacks.create_stack(aws, plan("my_stack"), "tok")


def _exists(aws: StubAws) -> None:
    aws.stub.add_client_error("create_stack", "AlreadyExistsException", "Stack [s1] already exists")


def _describe(aws: StubAws, status: str, tags: dict[str, str]) -> None:
    aws.stub.add_response(
        "describe_stacks",
        {
            "Stacks": [
                {
                    "StackId": SID,
                    "StackName": "s1",
                    "StackStatus": status,
                    "CreationTime": "2026-01-01T00:00:00Z",
                    "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
                }
            ]
        },
    )


def test_already_exists_with_our_token_is_adopted():
    aws = StubAws()
    _exists(aws)
    _describe(aws, "CREATE_IN_PROGRESS", {"chroma-tui:token": "tok-1"})
    with aws.stub:
        assert stacks.create_stack(aws, plan(), "tok-1") == SID


def test_already_exists_adopted_by_event_token_when_tags_are_missing():
    aws = StubAws()
    _exists(aws)
    _describe(aws, "CREATE_IN_PROGRESS", {})
    aws.stub.add_response(
        "describe_stack_events",
        {
            "StackEvents": [
                {
                    "StackId": SID,
                    "EventId": "e1",
                    "StackName": "s1",
                    "Timestamp": "2026-01-01T00:00:00Z",
                    "ClientRequestToken": "tok-1",
                }
            ]
        },
    )
    with aws.stub:
        assert stacks.create_stack(aws, plan(), "tok-1") == SID


def test_someone_elses_stack_is_a_clear_error():
    aws = StubAws()
    _exists(aws)
    _describe(aws, "CREATE_COMPLETE", {"owner": "them"})
    aws.stub.add_response("describe_stack_events", {"StackEvents": []})
    with aws.stub, pytest.raises(StackError) as err:
        stacks.create_stack(aws, plan(), "tok-1")
    assert err.value.key == "stack.error.name_taken"
    assert "another" in err.value.fix()


def test_our_failed_stack_must_be_deleted_first():
    aws = StubAws()
    _exists(aws)
    _describe(aws, "ROLLBACK_COMPLETE", {"chroma-tui:managed": "true", "chroma-tui:token": "old"})
    aws.stub.add_response("describe_stack_events", {"StackEvents": []})
    with aws.stub, pytest.raises(StackError) as err:
        stacks.create_stack(aws, plan(), "tok-new")
    assert err.value.key == "stack.error.rollback_complete"
    assert err.value.params["stack_id"] == SID
    assert "chroma-tui delete --stack-name s1" in err.value.fix()


def test_find_stack_missing_is_none_and_outputs_are_parsed():
    aws = StubAws()
    aws.stub.add_client_error(
        "describe_stacks", "ValidationError", "Stack with id x does not exist"
    )
    aws.stub.add_response(
        "describe_stacks",
        {
            "Stacks": [
                {
                    "StackId": SID,
                    "StackName": "s1",
                    "StackStatus": "CREATE_COMPLETE",
                    "CreationTime": "2026-01-01T00:00:00Z",
                    "Outputs": [{"OutputKey": "ServerIp", "OutputValue": "1.2.3.4"}],
                }
            ]
        },
    )
    with aws.stub:
        assert stacks.find_stack(aws, "us-east-1", "x") is None
        found = stacks.find_stack(aws, "us-east-1", SID)
    assert found.server_host == "1.2.3.4" and found.server_port == 8000


def test_delete_sends_its_own_token():
    aws = StubAws()
    aws.stub.add_response("delete_stack", {}, {"StackName": SID, "ClientRequestToken": "del-1"})
    with aws.stub:
        stacks.delete_stack(aws, "us-east-1", SID, "del-1")
