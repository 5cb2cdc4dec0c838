"""Reads a deployed instance's boot from AWS: console output, status checks, the stack's template.

The instance is the stack's ``AWS::EC2::Instance`` resource (DescribeStackResources). Every call
is read-only and free; a failed call never ends the wait, it only leaves the last report shown.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import json
import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core import template_check
from chroma_tui.core.aws import AwsSession, error_message
from chroma_tui.core.boot_log import BootReport, InstanceHealth, parse_console

log = logging.getLogger(__name__)
INSTANCE_TYPE = "AWS::EC2::Instance"


def decode_output(output: str) -> str:
    """GetConsoleOutput's ``Output`` is base64 text; anything that is not stays as it is."""
    try:
        return base64.b64decode(output, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return output


class BootWatcher:
    """One deployment's boot, read through the given session (the Backend's facade)."""

    def __init__(self, aws: AwsSession, region: str, stack_id: str) -> None:
        self.aws = aws
        self.region = region
        self.stack_id = stack_id
        self._instance_id: str | None = None

    def instance_id(self) -> str | None:
        if self._instance_id is None:
            cfn = self.aws.client("cloudformation", self.region)
            reply = cfn.describe_stack_resources(StackName=self.stack_id)
            for resource in reply.get("StackResources") or []:
                if resource.get("ResourceType") == INSTANCE_TYPE and resource.get(
                    "PhysicalResourceId"
                ):
                    self._instance_id = str(resource["PhysicalResourceId"])
                    break
        return self._instance_id

    def poll(self) -> BootReport:
        """The boot log parsed, with the status checks; ``problem`` set when AWS failed."""
        try:
            instance = self.instance_id()
            if instance is None:
                return BootReport(problem="no instance in the stack yet")
            ec2 = self.aws.client("ec2", self.region)
            reply = ec2.get_console_output(InstanceId=instance, Latest=True)
            report = parse_console(decode_output(str(reply.get("Output") or "")))
            health = self._health(ec2, instance)
        except (BotoCoreError, ClientError) as exc:
            log.info("boot log unreadable: %s", error_message(exc))
            return BootReport(problem=error_message(exc))
        return dataclasses.replace(report, health=health, instance_id=instance)

    def _health(self, ec2: Any, instance: str) -> InstanceHealth | None:
        reply = ec2.describe_instance_status(InstanceIds=[instance], IncludeAllInstances=True)
        statuses = reply.get("InstanceStatuses") or []
        if not statuses:
            return None
        entry = statuses[0]
        return InstanceHealth(
            instance=str((entry.get("InstanceStatus") or {}).get("Status", "")),
            system=str((entry.get("SystemStatus") or {}).get("Status", "")),
        )

    def known_cause(self) -> str | None:
        """'blank_otel' when the deployed template and parameters wrote blank OTel values."""
        try:
            cfn = self.aws.client("cloudformation", self.region)
            body = cfn.get_template(StackName=self.stack_id).get("TemplateBody")
            stack = cfn.describe_stacks(StackName=self.stack_id)["Stacks"][0]
        except (BotoCoreError, ClientError, KeyError, IndexError) as exc:
            log.info("deployed template unreadable: %s", exc)
            return None
        text = body if isinstance(body, str) else json.dumps(body)  # boto3 may parse JSON
        parameters = {
            str(p["ParameterKey"]): str(p.get("ParameterValue", ""))
            for p in stack.get("Parameters") or []
            if "ParameterKey" in p
        }
        env = template_check.deployed_env(text, _with_defaults(text, parameters))
        return "blank_otel" if template_check.blank_otel_in(env) else None


def _with_defaults(body: str, parameters: dict[str, str]) -> dict[str, str]:
    """Parameters CloudFormation did not list take the template's defaults."""
    try:
        declared = json.loads(body).get("Parameters") or {}
    except (ValueError, AttributeError):
        return parameters
    values = {
        name: str(spec.get("Default", ""))
        for name, spec in declared.items()
        if isinstance(spec, dict)
    }
    values.update(parameters)
    return values
