"""load_template: a local file, moto S3 at the official URL, HTTPS, and the summary fallback."""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from test_core_aws import aws_env

from chroma_tui.core import template as template_module
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.errors import TemplateError
from chroma_tui.core.models import LaunchPlan
from chroma_tui.core.template import (
    FALLBACK_REGIONS,
    OFFICIAL_TEMPLATE_URL,
    load_template,
    parse_s3_url,
    s3_region,
)
from chroma_tui.sandbox import Sandbox

__all__ = ["aws_env"]

OFFICIAL_BUCKET = "public.trychroma.com"
OFFICIAL_KEY = "cloudformation/latest/chroma.cf.json"

TEMPLATE: dict[str, Any] = {
    "AWSTemplateFormatVersion": "2010-09-09",
    "Description": "Chroma on EC2 (test copy with the official parameters)",
    "Parameters": {
        "KeyName": {"Type": "String", "Default": "", "Description": "SSH key pair"},
        "InstanceType": {"Type": "String", "Default": "t3.small"},
        "ChromaVersion": {"Type": "String", "Default": "1.5.9"},
        "ChromaOtelCollectionEndpoint": {"Type": "String", "Default": ""},
        "ChromaOtelServiceName": {"Type": "String", "Default": ""},
        "ChromaOtelCollectionHeaders": {"Type": "String", "Default": "{}"},
    },
    "Conditions": {"HasKeyName": {"Fn::Not": [{"Fn::Equals": [{"Ref": "KeyName"}, ""]}]}},
    "Mappings": {
        "Region2AMI": {r: {"AMI": f"ami-{i:08x}"} for i, r in enumerate(FALLBACK_REGIONS)}
    },
    "Resources": {
        "ChromaInstanceSecurityGroup": {
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {"GroupDescription": "Chroma"},
        },
        "ChromaInstance": {
            "Type": "AWS::EC2::Instance",
            "Properties": {
                "ImageId": {"Fn::FindInMap": ["Region2AMI", {"Ref": "AWS::Region"}, "AMI"]},
                "InstanceType": {"Ref": "InstanceType"},
                "KeyName": {"Fn::If": ["HasKeyName", {"Ref": "KeyName"}, {"Ref": "AWS::NoValue"}]},
                "SecurityGroupIds": [{"Ref": "ChromaInstanceSecurityGroup"}],
            },
        },
    },
    "Outputs": {"ServerIp": {"Value": {"Fn::GetAtt": ["ChromaInstance", "PublicIp"]}}},
}


def write(tmp_path: Path, document: Any, name: str = "chroma.cf.json") -> str:
    path = tmp_path / name
    path.write_text(document if isinstance(document, str) else json.dumps(document))
    return str(path)


def test_parse_s3_urls() -> None:
    assert parse_s3_url(OFFICIAL_TEMPLATE_URL) == (OFFICIAL_BUCKET, OFFICIAL_KEY)
    assert parse_s3_url("https://my-bucket.s3.amazonaws.com/a/b.json") == ("my-bucket", "a/b.json")
    assert parse_s3_url("https://b.s3.eu-west-1.amazonaws.com/t.json") == ("b", "t.json")
    assert parse_s3_url("https://s3.eu-west-1.amazonaws.com/b/t.json") == ("b", "t.json")
    assert parse_s3_url("s3://b/k/t.json") == ("b", "k/t.json")
    assert parse_s3_url("https://example.com/t.json") is None


def test_s3_region_from_the_url() -> None:
    assert s3_region(OFFICIAL_TEMPLATE_URL, "eu-west-1") == "us-east-1"
    assert s3_region("https://b.s3.amazonaws.com/k", "eu-west-1") == "us-east-1"
    assert s3_region("https://s3.ap-south-1.amazonaws.com/b/k", "us-east-1") == "ap-south-1"
    assert s3_region("https://b.s3-eu-west-2.amazonaws.com/k", "us-east-1") == "eu-west-2"
    assert s3_region("s3://b/k", "ca-central-1") == "ca-central-1"


def test_local_file(tmp_path: Path) -> None:
    source = write(tmp_path, TEMPLATE)
    info = load_template(AwsSession(region="us-east-1"), source)
    assert info.url is None
    assert info.body is not None and "Region2AMI" in info.body
    assert info.regions == tuple(sorted(FALLBACK_REGIONS))
    assert not info.regions_from_fallback
    assert info.outputs == ("ServerIp",)
    assert info.parameter("InstanceType").default == "t3.small"
    assert info.parameter("KeyName").default == ""
    assert info.parameter("KeyName").description == "SSH key pair"
    assert info.parameter("ChromaOtelCollectionHeaders").default == "{}"


def test_only_declared_parameters_are_passed(tmp_path: Path) -> None:
    old = copy.deepcopy(TEMPLATE)
    for name in ("ChromaOtelCollectionEndpoint", "ChromaOtelServiceName", "ChromaVersion"):
        del old["Parameters"][name]
    info = load_template(AwsSession(region="us-east-1"), write(tmp_path, old))
    plan = LaunchPlan(
        region="us-east-1",
        stack_name="s1",
        instance_type="t3.medium",
        chroma_version="1.5.9",
        template=info,
        key_name="mykey",
        otel_endpoint="api.honeycomb.com",
    )
    assert plan.parameters() == {"InstanceType": "t3.medium", "KeyName": "mykey"}


def test_official_url_from_s3(aws_env: Sandbox) -> None:
    # The sandbox serves its template at the official URL, read through plain S3 GetObject.
    info = load_template(AwsSession())
    assert info.source == OFFICIAL_TEMPLATE_URL
    assert info.url == OFFICIAL_TEMPLATE_URL
    assert len(info.regions) == 17
    assert info.declares("ChromaVersion")


def test_yaml_is_refused_with_a_clear_reason(tmp_path: Path) -> None:
    source = write(tmp_path, "Resources:\n  A:\n    Type: AWS::EC2::VPC\n", "t.yaml")
    with pytest.raises(TemplateError) as caught:
        load_template(AwsSession(region="us-east-1"), source)
    assert caught.value.key == "template.not_json"
    assert "YAML" in caught.value.body()


def test_json_without_resources_is_not_a_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        load_template(AwsSession(region="us-east-1"), write(tmp_path, {"hello": 1}))
    assert caught.value.key == "template.not_template"


def test_missing_instance_type_parameter(tmp_path: Path) -> None:
    broken = copy.deepcopy(TEMPLATE)
    del broken["Parameters"]["InstanceType"]
    with pytest.raises(TemplateError) as caught:
        load_template(AwsSession(region="us-east-1"), write(tmp_path, broken))
    assert caught.value.key == "template.missing_parameter"
    assert "InstanceType" in caught.value.body()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(TemplateError) as caught:
        load_template(AwsSession(region="us-east-1"), str(tmp_path / "nope.json"))
    assert caught.value.key == "template.not_found"


def test_template_without_region_mapping_uses_the_documented_regions(tmp_path: Path) -> None:
    plain = copy.deepcopy(TEMPLATE)
    del plain["Mappings"]
    info = load_template(AwsSession(region="us-east-1"), write(tmp_path, plain))
    assert info.regions == FALLBACK_REGIONS
    assert info.regions_from_fallback


@pytest.fixture
def https_like_server() -> Iterator[str]:
    """A loopback HTTP server serving the template at /chroma.cf.json."""
    body = json.dumps(TEMPLATE).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            if self.path != "/chroma.cf.json":
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def test_plain_http_url(https_like_server: str) -> None:
    url = f"{https_like_server}/chroma.cf.json"
    info = load_template(AwsSession(region="us-east-1"), url)
    # CloudFormation refuses a non-S3 TemplateURL: the body goes as TemplateBody.
    assert info.url is None
    assert info.body == json.dumps(TEMPLATE)
    assert info.outputs == ("ServerIp",)


def _s3_access_denied(request, **_: object) -> AWSResponse:  # type: ignore[no-untyped-def]
    class Raw:
        def stream(self, **_: object):  # type: ignore[no-untyped-def]
            yield b"<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"

    return AWSResponse(request.url, 403, {}, Raw())


def test_summary_fallback_when_the_body_cannot_be_read(aws_env: Sandbox, monkeypatch) -> None:
    aws = AwsSession()
    aws.client("s3", "us-east-1").meta.events.register(
        "before-send.s3.GetObject", _s3_access_denied
    )

    def no_network(url: str, timeout_s: float = 5.0) -> bytes:
        raise OSError("network unreachable")

    monkeypatch.setattr(template_module, "http_get", no_network)
    info = load_template(aws)
    assert info.body is None
    assert info.url == OFFICIAL_TEMPLATE_URL
    assert info.regions == FALLBACK_REGIONS and info.regions_from_fallback
    assert info.parameter("InstanceType").default == "t3.small"
    assert info.declares("ChromaOtelCollectionHeaders")


def test_unreachable_everywhere(aws_env: Sandbox, monkeypatch) -> None:
    def no_network(url: str, timeout_s: float = 5.0) -> bytes:
        raise OSError("network unreachable")

    monkeypatch.setattr(template_module, "http_get", no_network)
    boto3.client("s3").delete_object(Bucket=OFFICIAL_BUCKET, Key=OFFICIAL_KEY)
    with pytest.raises(TemplateError) as caught:
        load_template(AwsSession())  # nothing published at the official URL any more
    err = caught.value
    assert err.key == "template.official_404"  # S3 said NoSuchKey
    assert "S3 GetObject" in (err.raw or "") and "HTTPS GET" in (err.raw or "")
    assert "deployments/aws/chroma.cf.json" in err.fix() and "--template FILE" in err.fix()
