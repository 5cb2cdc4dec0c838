"""The sandbox's CloudFormation API: one method per action, answering query-protocol XML."""

from __future__ import annotations

import base64
import logging
import re
import threading
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

import chroma_tui.sandbox.cfn_xml as xml
import chroma_tui.sandbox.s3url as s3url
from chroma_tui.sandbox.cfn_template import (
    ParsedTemplate,
    Resolver,
    TemplateProblem,
    dependency_order,
    parse,
    resolve_parameters,
)
from chroma_tui.sandbox.cfn_xml import CfnError, validation
from chroma_tui.sandbox.ec2world import Ec2World
from chroma_tui.sandbox.stacks import Event, Resource, Stack, stack_arn
from chroma_tui.sandbox.timelines import (
    Runtime,
    Timelines,
    announce_delete,
    start_thread,
    stop_instance,
)

log = logging.getLogger(__name__)

STACK_NAME_RE = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]*$")
TOKEN_RE = re.compile(r"^[a-zA-Z0-9][-a-zA-Z0-9]*$")
EVENTS_PAGE = 100


def _constraint(value: str, field: str, rule: str) -> CfnError:
    return validation(
        f"1 validation error detected: Value '{value}' at '{field}' failed to satisfy "
        f"constraint: {rule}"
    )


def _members(params: dict[str, str], prefix: str) -> list[dict[str, str]]:
    """``Prefix.member.N.Field`` query parameters as a list of dicts, in N order."""
    found: dict[int, dict[str, str]] = {}
    pattern = re.compile(rf"^{re.escape(prefix)}\.member\.(\d+)(?:\.(.+))?$")
    for key, value in params.items():
        match = pattern.match(key)
        if match:
            found.setdefault(int(match.group(1)), {})[match.group(2) or ""] = value
    return [found[i] for i in sorted(found)]


class CloudFormation:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime
        self.timelines = Timelines(runtime)
        self.stacks: list[Stack] = []  # every stack ever made, deleted ones too

    @property
    def world(self) -> Ec2World:
        return self.rt.world

    # -- dispatch -------------------------------------------------------------------------
    def handle(self, region: str, params: dict[str, str]) -> tuple[int, str]:
        action = params.get("Action", "")
        try:
            if self.rt.scenario.throttled():
                raise CfnError("Throttling", "Rate exceeded")
            method: Callable[[str, dict[str, str]], dict[str, Any] | None] | None = getattr(
                self, f"_do_{action}", None
            )
            if method is None:
                raise CfnError(
                    "InvalidAction", f"The action {action} is not valid for this web service."
                )
            return 200, xml.response(action, method(region, params))
        except CfnError as err:
            return err.status, xml.error(err)
        except TemplateProblem as problem:
            return 400, xml.error(validation(str(problem)))

    # -- lookups --------------------------------------------------------------------------
    def _find(self, name_or_id: str, region: str) -> Stack | None:
        with self.rt.lock:
            if name_or_id.startswith("arn:"):
                return next((s for s in self.stacks if s.stack_id == name_or_id), None)
            live = [s for s in self.stacks if s.region == region and s.name == name_or_id]
            return next((s for s in reversed(live) if not s.deleted), None)

    def _require(self, name_or_id: str, region: str, message: str) -> Stack:
        stack = self._find(name_or_id, region)
        if stack is None:
            raise validation(message.format(name=name_or_id))
        return stack

    def _template(self, params: dict[str, str]) -> ParsedTemplate:
        if params.get("TemplateBody"):
            return parse(params["TemplateBody"])
        url = params.get("TemplateURL")
        if not url:
            raise validation("Either Template URL or Template Body must be specified.")
        return parse(self._read_s3_url(url))

    def _read_s3_url(self, url: str) -> str:
        where = s3url.split(url)
        if where is None:
            raise validation("TemplateURL must be a supported URL.")
        bucket, key = where
        try:
            obj = self.world.client("s3", "us-east-1").get_object(Bucket=bucket, Key=key)
        except ClientError:
            raise validation(
                "TemplateURL must reference a valid S3 object to which you have access."
            ) from None
        return obj["Body"].read().decode("utf-8")

    # -- actions --------------------------------------------------------------------------
    def _do_CreateStack(self, region: str, params: dict[str, str]) -> dict[str, Any]:
        name = params.get("StackName", "")
        if len(name) > 128:
            raise _constraint(
                name, "stackName", "Member must have length less than or equal to 128"
            )
        if not STACK_NAME_RE.match(name):
            raise _constraint(
                name,
                "stackName",
                "Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*",
            )
        token = params.get("ClientRequestToken") or None
        if token is not None and (len(token) > 128 or not TOKEN_RE.match(token)):
            raise _constraint(
                token,
                "clientRequestToken",
                "Member must satisfy regular expression pattern: [a-zA-Z0-9][-a-zA-Z0-9]*",
            )
        with self.rt.lock:
            existing = self._find(name, region)
            if existing is not None:
                if token is not None and existing.token == token:
                    return {"StackId": existing.stack_id}  # a retry of the same create
                raise CfnError("AlreadyExistsException", f"Stack [{name}] already exists")
        template = self._template(params)
        given = {
            p.get("ParameterKey", ""): p.get("ParameterValue", "")
            for p in _members(params, "Parameters")
        }
        values = resolve_parameters(template, given)
        pseudo = {"AWS::Region": region, "AWS::StackName": name, "AWS::AccountId": "123456789012"}
        Resolver(template, values, pseudo).check_mappings()
        order = dependency_order(template)
        on_failure = params.get("OnFailure") or (
            "DO_NOTHING" if params.get("DisableRollback") == "true" else "ROLLBACK"
        )
        tags = {t.get("Key", ""): t.get("Value", "") for t in _members(params, "Tags")}
        with self.rt.lock:
            if self._find(name, region) is not None:  # lost a race with a parallel create
                raise CfnError("AlreadyExistsException", f"Stack [{name}] already exists")
            stack = Stack(
                stack_id=stack_arn(region, name),
                name=name,
                region=region,
                template=template,
                parameters=values,
                tags=tags,
                token=token,
                on_failure=on_failure,
                order=order,
                resources={
                    lid: Resource(lid, str(template.resources[lid].get("Type", "")))
                    for lid in order
                },
            )
            self.stacks.append(stack)
            stack.stack_event("CREATE_IN_PROGRESS", "User Initiated", token)
        start_thread(stack, self.timelines.create)
        return {"StackId": stack.stack_id}

    def _do_DeleteStack(self, region: str, params: dict[str, str]) -> None:
        stack = self._find(params.get("StackName", ""), region)
        token = params.get("ClientRequestToken") or None
        with self.rt.lock:
            if stack is None or stack.deleted or stack.delete_requested:
                return None  # missing or already going: succeeds silently
            stack.delete_requested = True
            stack.delete_token = token
            waiting = list(stack.threads)
            stack.cancel.set()  # ends a create (or a slow boot's wait); a rollback finishes first
            announce_delete(stack)
        start_thread(stack, self.timelines.delete, waiting)
        return None

    def _do_DescribeStacks(self, region: str, params: dict[str, str]) -> dict[str, Any]:
        name = params.get("StackName")
        if name:
            stacks = [self._require(name, region, "Stack with id {name} does not exist")]
        else:
            with self.rt.lock:
                stacks = [s for s in self.stacks if s.region == region and not s.deleted]
        with self.rt.lock:
            return {"Stacks": [self._stack_xml(s) for s in stacks]}

    def _stack_xml(self, s: Stack) -> dict[str, Any]:
        return {
            "StackId": s.stack_id,
            "StackName": s.name,
            "Description": s.template.description or None,
            "Parameters": xml.key_values(s.parameters, "ParameterKey", "ParameterValue"),
            "CreationTime": s.creation_time,
            "DeletionTime": s.deletion_time,
            "LastUpdatedTime": s.last_updated,
            "StackStatus": s.status,
            "StackStatusReason": s.reason or None,
            "DisableRollback": s.on_failure == "DO_NOTHING",
            "NotificationARNs": [],
            "Outputs": [
                {"OutputKey": k, "OutputValue": v, "Description": self._output_doc(s, k)}
                for k, v in s.outputs.items()
            ],
            "Tags": xml.key_values(s.tags, "Key", "Value"),
            "EnableTerminationProtection": False,
            "DriftInformation": {"StackDriftStatus": "NOT_CHECKED"},
        }

    @staticmethod
    def _output_doc(s: Stack, key: str) -> str | None:
        return s.template.outputs.get(key, {}).get("Description")

    def _do_DescribeStackEvents(self, region: str, params: dict[str, str]) -> dict[str, Any]:
        name = params.get("StackName", "")
        stack = self._require(name, region, "Stack [{name}] does not exist")
        with self.rt.lock:
            events = list(stack.events)
        end = len(events)
        token = params.get("NextToken")
        if token:
            try:
                end = int(base64.b64decode(token).decode().rpartition("|")[2])
            except ValueError:
                raise validation("Invalid NextToken") from None
        start = max(0, end - EVENTS_PAGE)
        page = list(reversed(events[start:end]))
        result: dict[str, Any] = {"StackEvents": [self._event_xml(e) for e in page]}
        if start > 0:
            result["NextToken"] = base64.b64encode(f"{stack.stack_id}|{start}".encode()).decode()
        return result

    @staticmethod
    def _event_xml(e: Event) -> dict[str, Any]:
        return {
            "StackId": e.stack_id,
            "EventId": e.event_id,
            "StackName": e.stack_name,
            "LogicalResourceId": e.logical_id,
            "PhysicalResourceId": e.physical_id,
            "ResourceType": e.resource_type,
            "Timestamp": e.timestamp,
            "ResourceStatus": e.status,
            "ResourceStatusReason": e.reason or None,
            "ClientRequestToken": e.token,
        }

    def _do_DescribeStackResources(self, region: str, params: dict[str, str]) -> dict[str, Any]:
        name = params.get("StackName") or params.get("PhysicalResourceId", "")
        stack = self._require(name, region, "Stack with id {name} does not exist")
        logical = params.get("LogicalResourceId")
        with self.rt.lock:
            rows = [
                {
                    "StackName": stack.name,
                    "StackId": stack.stack_id,
                    "LogicalResourceId": r.logical_id,
                    "PhysicalResourceId": r.physical_id or None,
                    "ResourceType": r.resource_type,
                    "Timestamp": r.updated,
                    "ResourceStatus": r.status,
                    "ResourceStatusReason": r.reason or None,
                    "DriftInformation": {"StackResourceDriftStatus": "NOT_CHECKED"},
                }
                for r in stack.resources.values()
                if r.status and (logical is None or r.logical_id == logical)
            ]
        return {"StackResources": rows}

    def _do_ListStacks(self, region: str, params: dict[str, str]) -> dict[str, Any]:
        wanted = {m[""] for m in _members(params, "StackStatusFilter")}
        with self.rt.lock:
            rows = [
                {
                    "StackId": s.stack_id,
                    "StackName": s.name,
                    "TemplateDescription": s.template.description or None,
                    "CreationTime": s.creation_time,
                    "LastUpdatedTime": s.last_updated,
                    "DeletionTime": s.deletion_time,
                    "StackStatus": s.status,
                    "StackStatusReason": s.reason or None,
                }
                for s in reversed(self.stacks)
                if s.region == region and (not wanted or s.status in wanted)
            ]
        return {"StackSummaries": rows}

    def _parameter_rows(self, template: ParsedTemplate, type_key: bool) -> list[dict[str, Any]]:
        rows = []
        for key, spec in template.parameters.items():
            row: dict[str, Any] = {"ParameterKey": key}
            if "Default" in spec:
                row["DefaultValue"] = str(spec["Default"])
            if type_key:
                row["ParameterType"] = str(spec.get("Type", "String"))
            row["NoEcho"] = bool(spec.get("NoEcho", False))
            row["Description"] = spec.get("Description")
            if type_key:
                allowed = spec.get("AllowedValues")
                row["ParameterConstraints"] = (
                    {"AllowedValues": [str(a) for a in allowed]} if allowed else {}
                )
            rows.append(row)
        return rows

    def _do_GetTemplateSummary(self, region: str, params: dict[str, str]) -> dict[str, Any]:
        if params.get("StackName"):
            stack = self._require(
                params["StackName"], region, "Stack with id {name} does not exist"
            )
            template = stack.template
        else:
            template = self._template(params)
        return {
            "Parameters": self._parameter_rows(template, True),
            "Description": template.description or None,
            "Capabilities": [],
            "ResourceTypes": template.resource_types(),
            "Version": str(template.data.get("AWSTemplateFormatVersion", "2010-09-09")),
            "DeclaredTransforms": [],
        }

    def _do_ValidateTemplate(self, region: str, params: dict[str, str]) -> dict[str, Any]:
        template = self._template(params)
        return {
            "Parameters": self._parameter_rows(template, False),
            "Description": template.description or None,
            "Capabilities": [],
            "DeclaredTransforms": [],
        }

    def _do_GetTemplate(self, region: str, params: dict[str, str]) -> dict[str, Any]:
        stack = self._require(
            params.get("StackName", ""), region, "Stack with id {name} does not exist"
        )
        return {"TemplateBody": stack.template.body, "StagesAvailable": ["Original", "Processed"]}

    # -- lifecycle ------------------------------------------------------------------------
    def shutdown(self, timeout_s: float = 10.0) -> None:
        """Halt every timeline, stop every Chroma server, forget all stacks."""
        self.rt.halt.set()
        with self.rt.lock:
            stacks = list(self.stacks)
        for stack in stacks:
            stack.cancel.set()
            for thread in stack.threads:
                thread.join(timeout_s)
            stop_instance(stack, self.rt.pool)
        with self.rt.lock:
            self.stacks.clear()
            self.rt.instances.clear()
        self.rt.pool.free_all()
        self.rt.halt = threading.Event()  # timelines read it through the shared Runtime
