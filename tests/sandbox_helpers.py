"""Helpers for the sandbox tests: plain boto3 clients and waiting for stack states."""

from __future__ import annotations

import json
import time
import urllib.request
from typing import Any

import boto3
from botocore.config import Config

TEMPLATE_URL = "https://s3.amazonaws.com/public.trychroma.com/cloudformation/latest/chroma.cf.json"
IN_PROGRESS = ("CREATE_IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "DELETE_IN_PROGRESS")
CHROMA_PORT = 8000
# Non-empty OpenTelemetry values: with the template's blank defaults Chroma 1.x panics at boot.
SAFE_OTEL = {
    "ChromaOtelCollectionEndpoint": "http://127.0.0.1:4317",
    "ChromaOtelServiceName": "chroma-sandbox-test",
}


def cfn_parameters(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"ParameterKey": k, "ParameterValue": v} for k, v in values.items()]


SAFE_OTEL_PARAMETERS = cfn_parameters(SAFE_OTEL)


def heartbeat(host: str, port: int = CHROMA_PORT, deadline_s: float = 60.0) -> dict[str, int]:
    """Wait (bounded) for the real Chroma server at host:port to answer its heartbeat."""
    deadline = time.monotonic() + deadline_s
    while True:
        try:
            url = f"http://{host}:{port}/api/v2/heartbeat"
            with urllib.request.urlopen(url, timeout=2) as resp:
                return dict(json.loads(resp.read()))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def client(service: str, region: str = "us-east-1", attempts: int | None = None) -> Any:
    """A plain boto3 client; the endpoint comes from AWS_ENDPOINT_URL like in the app."""
    config = (
        Config(retries={"total_max_attempts": attempts, "mode": "standard"}) if attempts else None
    )
    return boto3.session.Session().client(service, region_name=region, config=config)


def wait_stack(cf: Any, stack_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    """Poll DescribeStacks until the stack leaves every *_IN_PROGRESS status."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        stack = cf.describe_stacks(StackName=stack_id)["Stacks"][0]
        if stack["StackStatus"] not in IN_PROGRESS:
            return stack
        time.sleep(0.1)
    raise AssertionError(f"stack {stack_id} still in progress after {timeout_s} s")


def all_events(cf: Any, stack_id: str) -> list[dict[str, Any]]:
    """Every event, following NextToken, oldest first."""
    events: list[dict[str, Any]] = []
    kwargs: dict[str, str] = {"StackName": stack_id}
    while True:
        page = cf.describe_stack_events(**kwargs)
        events.extend(page["StackEvents"])
        if not page.get("NextToken"):
            return list(reversed(events))
        kwargs["NextToken"] = page["NextToken"]


def timeline(events: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [
        (e["LogicalResourceId"], e["ResourceStatus"], e.get("ResourceStatusReason", ""))
        for e in events
    ]


def outputs(stack: dict[str, Any]) -> dict[str, str]:
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}
