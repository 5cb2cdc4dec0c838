"""Create, find and delete the CloudFormation stack, idempotently.

Every logical operation carries one ``ClientRequestToken`` (``new_token``), reused by botocore's
own retries and by ours, so a lost CreateStack response never makes a second stack. When AWS
answers ``AlreadyExistsException`` the existing stack is adopted only if it carries our token.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypedDict

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui import __version__
from chroma_tui.core import template as templates
from chroma_tui.core import validation
from chroma_tui.core.answers import answer_uncertain
from chroma_tui.core.aws import AwsSession, error_code, error_message, map_error
from chroma_tui.core.errors import StackError, TemplateError
from chroma_tui.core.models import LaunchPlan, StackEvent, StackSnapshot

if TYPE_CHECKING:
    from mypy_boto3_cloudformation.type_defs import TagTypeDef

TAG_MANAGED = "chroma-tui:managed"
TAG_VERSION = "chroma-tui:version"
TAG_TOKEN = "chroma-tui:token"
TAG_DEPLOYMENT = "chroma-tui:deployment"


def new_token(kind: str = "create") -> str:
    """One ClientRequestToken per logical operation: ``chroma-tui-<kind>-<uuid>``."""
    return f"chroma-tui-{kind}-{uuid.uuid4()}"


class TemplateArgs(TypedDict, total=False):
    """Where CreateStack reads the template from: exactly one of the two keys."""

    TemplateURL: str
    TemplateBody: str


def snapshot_from(raw: Mapping[str, Any]) -> StackSnapshot:
    """A StackSnapshot from one DescribeStacks entry."""
    return StackSnapshot(
        stack_id=str(raw.get("StackId", "")),
        name=str(raw.get("StackName", "")),
        status=str(raw.get("StackStatus", "")),
        reason=str(raw.get("StackStatusReason", "") or ""),
        outputs={
            str(o["OutputKey"]): str(o.get("OutputValue", ""))
            for o in raw.get("Outputs") or []
            if "OutputKey" in o
        },
        parameters={
            str(p["ParameterKey"]): str(p.get("ParameterValue", ""))
            for p in raw.get("Parameters") or []
            if "ParameterKey" in p
        },
        tags={str(t["Key"]): str(t.get("Value", "")) for t in raw.get("Tags") or [] if "Key" in t},
        creation_time=raw.get("CreationTime"),
    )


def event_from(raw: Mapping[str, Any]) -> StackEvent:
    """A StackEvent from one DescribeStackEvents entry (AWS's timestamp, never ours)."""
    return StackEvent(
        event_id=str(raw.get("EventId", "")),
        stack_id=str(raw.get("StackId", "")),
        stack_name=str(raw.get("StackName", "")),
        logical_id=str(raw.get("LogicalResourceId", "")),
        physical_id=str(raw.get("PhysicalResourceId", "") or ""),
        resource_type=str(raw.get("ResourceType", "")),
        status=str(raw.get("ResourceStatus", "")),
        reason=str(raw.get("ResourceStatusReason", "") or ""),
        timestamp=raw["Timestamp"],
        token=raw.get("ClientRequestToken") or None,
    )


def is_missing(exc: BaseException) -> bool:
    """DescribeStacks' way of saying the stack does not exist."""
    return error_code(exc) == "ValidationError" and "does not exist" in error_message(exc)


def template_args(url: str | None, body: str | None, source: str = "") -> TemplateArgs:
    """TemplateURL when there is one, else TemplateBody (a local file)."""
    if url:
        return {"TemplateURL": url}
    if body:
        return {"TemplateBody": body}
    if source and not source.startswith(("http://", "https://", "s3://")):
        try:
            return {"TemplateBody": Path(source).expanduser().read_text(encoding="utf-8")}
        except OSError as exc:
            raise TemplateError("stack.error.no_template", raw=str(exc), source=source) from exc
    if source and templates.parse_s3_url(source) is None and source.startswith("http"):
        # CloudFormation takes TemplateURL from S3 only: any other URL goes as the body.
        try:
            text = templates.http_get(source).decode("utf-8-sig")
        except (OSError, ValueError) as exc:
            raise TemplateError("stack.error.no_template", raw=str(exc), source=source) from exc
        return {"TemplateBody": templates.fits_body(text, source)}
    if source:
        return {"TemplateURL": source}
    raise TemplateError("stack.error.no_template", source=source)


def create_stack(aws: AwsSession, plan: LaunchPlan, token: str, *, deployment_id: str = "") -> str:
    """CreateStack for the plan; returns the StackId. Idempotent by ``token``."""
    name = validation.check_stack_name(plan.stack_name)
    return create_raw(
        aws,
        plan.region,
        name,
        template_args(plan.template.url, plan.template.body, plan.template.source),
        plan.parameters(),
        token,
        deployment_id=deployment_id,
    )


def create_raw(
    aws: AwsSession,
    region: str,
    name: str,
    template: TemplateArgs,
    parameters: dict[str, str],
    token: str,
    *,
    deployment_id: str = "",
) -> str:
    """CreateStack with already-validated pieces (also used to relaunch a failed deployment)."""
    tags: list[TagTypeDef] = [
        {"Key": TAG_MANAGED, "Value": "true"},
        {"Key": TAG_VERSION, "Value": __version__},
        {"Key": TAG_TOKEN, "Value": token},
    ]
    if deployment_id:
        tags.append({"Key": TAG_DEPLOYMENT, "Value": deployment_id})
    cfn = aws.client("cloudformation", region)
    try:
        reply = cfn.create_stack(
            StackName=name,
            Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
            Tags=tags,
            ClientRequestToken=token,
            **template,
        )
    except ClientError as exc:
        if answer_uncertain(exc):
            raise  # a 5xx: the stack may exist; the caller looks it up by token
        if error_code(exc) == "AlreadyExistsException":
            return _adopt(aws, region, name, token, exc)
        if error_code(exc) == "ValidationError":
            raise StackError(
                "stack.error.rejected", raw=error_message(exc), name=name, region=region
            ) from exc
        raise map_error(exc, aws.profile) from exc
    return str(reply["StackId"])


def _adopt(aws: AwsSession, region: str, name: str, token: str, exc: ClientError) -> str:
    """The name exists: ours (same token) is adopted, anything else is a clear error."""
    found = find_stack(aws, region, name)
    if found is None:  # deleted in between: let the caller retry with the same token
        raise StackError("stack.error.name_taken", raw=error_message(exc), name=name) from exc
    if carries_token(aws, region, found, token):
        return found.stack_id
    if found.tags.get(TAG_MANAGED) == "true" and found.status == "ROLLBACK_COMPLETE":
        raise StackError(
            "stack.error.rollback_complete",
            raw=error_message(exc),
            name=name,
            stack_id=found.stack_id,
            region=region,
        ) from exc
    if found.tags.get(TAG_MANAGED) == "true":  # the user's own, from another deployment
        raise StackError(
            "records.name_taken_ours",
            raw=error_message(exc),
            name=name,
            region=region,
            status=found.status,
        ) from exc
    raise StackError(
        "stack.error.name_taken", raw=error_message(exc), name=name, status=found.status
    ) from exc


def carries_token(aws: AwsSession, region: str, found: StackSnapshot, token: str) -> bool:
    """The stack was made with ``token``: our tag says so, or its events carry it."""
    return found.tags.get(TAG_TOKEN) == token or _events_carry(aws, region, found.stack_id, token)


def _events_carry(aws: AwsSession, region: str, stack_id: str, token: str) -> bool:
    """True when the stack's first page of events carries our ClientRequestToken."""
    try:
        page = aws.client("cloudformation", region).describe_stack_events(StackName=stack_id)
    except (ClientError, BotoCoreError):
        return False
    return any(e.get("ClientRequestToken") == token for e in page.get("StackEvents", []))


def find_stack(aws: AwsSession, region: str, name_or_id: str) -> StackSnapshot | None:
    """The stack's live state, or None when it does not exist (by name; by id it stays found)."""
    try:
        reply = aws.client("cloudformation", region).describe_stacks(StackName=name_or_id)
    except ClientError as exc:
        if is_missing(exc):
            return None
        raise map_error(exc, aws.profile) from exc
    except BotoCoreError as exc:
        raise map_error(exc, aws.profile) from exc
    stacks = reply.get("Stacks") or []
    return snapshot_from(stacks[0]) if stacks else None


def delete_stack(aws: AwsSession, region: str, stack_id: str, token: str) -> None:
    """DeleteStack with its own token (a missing stack is fine: AWS says nothing)."""
    try:
        aws.client("cloudformation", region).delete_stack(
            StackName=stack_id, ClientRequestToken=token
        )
    except (ClientError, BotoCoreError) as exc:
        raise map_error(exc, aws.profile) from exc
