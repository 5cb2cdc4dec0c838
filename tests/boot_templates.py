"""Templates written for these tests, shaped like Chroma's (never a copy of the official text).

- ``with_otel_parameters``: OpenTelemetry parameters (empty defaults) feed the ``.env`` lines;
- ``hardcoded_blank_otel``: the same parameters, but the UserData writes blank values anyway;
- ``without_otel``: the 2024 shape: no OpenTelemetry parameters, blank auth lines, and a
  ``LATEST_VERSION`` placeholder for ChromaVersion.
"""

from __future__ import annotations

import copy
import json
from typing import Any

REGIONS = ("us-east-1", "eu-west-1")
COMPOSE_URL = (
    "https://s3.amazonaws.com/public.trychroma.com/cloudformation/assets/docker-compose.yml"
)

_HEAD = [
    "#!/bin/bash\n",
    "amazon-linux-extras install docker -y\n",
    "systemctl enable docker\n",
    "systemctl start docker\n",
    f"curl -o /home/ec2-user/docker-compose.yml {COMPOSE_URL}\n",
    {"Fn::Sub": "sed -i 's/CHROMA_VERSION/${ChromaVersion}/g' /home/ec2-user/docker-compose.yml\n"},
]
_TAIL = ["cd /home/ec2-user\n", "sudo -u ec2-user docker-compose up -d\n"]


def _document(parameters: dict[str, Any], env_lines: list[Any], version: str) -> dict[str, Any]:
    params = {
        "KeyName": {"Type": "String", "Default": ""},
        "InstanceType": {"Type": "String", "Default": "t3.small"},
        "ChromaVersion": {"Type": "String", "Default": version},
        **parameters,
    }
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": "Chroma on one EC2 instance (test template)",
        "Parameters": params,
        "Conditions": {"HasKeyName": {"Fn::Not": [{"Fn::Equals": [{"Ref": "KeyName"}, ""]}]}},
        "Mappings": {"Region2AMI": {r: {"AMI": f"ami-0000000{i}"} for i, r in enumerate(REGIONS)}},
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
                    "KeyName": {
                        "Fn::If": ["HasKeyName", {"Ref": "KeyName"}, {"Ref": "AWS::NoValue"}]
                    },
                    "UserData": {"Fn::Base64": {"Fn::Join": ["", _HEAD + env_lines + _TAIL]}},
                },
            },
        },
        "Outputs": {"ServerIp": {"Value": {"Fn::GetAtt": ["ChromaInstance", "PublicIp"]}}},
    }


_OTEL_PARAMETERS = {
    "ChromaOtelCollectionEndpoint": {"Type": "String", "Default": ""},
    "ChromaOtelServiceName": {"Type": "String", "Default": ""},
    "ChromaOtelCollectionHeaders": {"Type": "String", "Default": "{}"},
}


def with_otel_parameters(version: str = "1.5.9") -> dict[str, Any]:
    lines = [
        {"Fn::Sub": "echo 'CHROMA_OPEN_TELEMETRY__ENDPOINT=${ChromaOtelCollectionEndpoint}' "
         ">> /home/ec2-user/.env\n"},
        {"Fn::Sub": "echo 'CHROMA_OPEN_TELEMETRY__SERVICE_NAME=${ChromaOtelServiceName}' "
         ">> /home/ec2-user/.env\n"},
        {"Fn::Sub": "echo 'OTEL_EXPORTER_OTLP_HEADERS=${ChromaOtelCollectionHeaders}' "
         ">> /home/ec2-user/.env\n"},
    ]  # fmt: skip
    return _document(copy.deepcopy(_OTEL_PARAMETERS), lines, version)


def hardcoded_blank_otel(version: str = "1.5.9") -> dict[str, Any]:
    lines = [
        "cat > /home/ec2-user/.env <<'EOF'\n",
        "CHROMA_OPEN_TELEMETRY__ENDPOINT=\n",
        "CHROMA_OPEN_TELEMETRY__SERVICE_NAME=\n",
        "EOF\n",
    ]
    return _document(copy.deepcopy(_OTEL_PARAMETERS), lines, version)


def without_otel(version: str = "LATEST_VERSION") -> dict[str, Any]:
    lines = [
        "echo 'CHROMA_SERVER_AUTHN_CREDENTIALS=' >> /home/ec2-user/.env\n",
        "echo 'CHROMA_SERVER_AUTHN_PROVIDER=' >> /home/ec2-user/.env\n",
    ]
    return _document({}, lines, version)


def text(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=1)
