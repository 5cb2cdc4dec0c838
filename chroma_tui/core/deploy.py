"""Deployer: record first, then create; stream, refresh, delete, relaunch, lock to one IP.

The deployment record is saved before CreateStack is sent, so a crash at any moment leaves a
record that finds its stack again (by StackId, or by name plus our token tag). Every save merges
into the stored record, so callers holding an older copy never undo a newer field.
"""

from __future__ import annotations

import ipaddress
import json
import os
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any, TypeVar

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    EndpointConnectionError,
    ReadTimeoutError,
)

from chroma_tui.core import ownership, stacks
from chroma_tui.core.aws import AwsSession, error_code, map_error
from chroma_tui.core.errors import AwsError, ChromaTuiError, StackError, StateError
from chroma_tui.core.events import EventStream
from chroma_tui.core.models import (
    REDACTED,
    Deployment,
    LaunchPlan,
    StackSnapshot,
    StreamUpdate,
)
from chroma_tui.core.secret_params import SECRET_PARAMETERS
from chroma_tui.core.state import DeploymentStore

MY_IP_URL = "https://checkip.amazonaws.com"
MY_IP_TIMEOUT_S = 5.0
SECURITY_GROUP_ID = "ChromaInstanceSecurityGroup"
LOCKED_PORTS = (22, 8000)
CREATE_THROTTLE_RETRIES = 4
T = TypeVar("T")
LOST_RESPONSE = (EndpointConnectionError, ReadTimeoutError, ConnectionClosedError)


def now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def new_deployment_id() -> str:
    return uuid.uuid4().hex[:12]


def without_secrets(parameters: dict[str, str]) -> dict[str, str]:
    """The parameters as saved in a record: header names kept, their values masked."""
    saved = dict(parameters)
    for name in SECRET_PARAMETERS & saved.keys():
        try:
            headers = json.loads(saved[name])
            saved[name] = json.dumps({key: REDACTED for key in headers})
        except (ValueError, TypeError, AttributeError):
            saved[name] = REDACTED
    return saved


def _restore_secrets(
    parameters: dict[str, str], live: StackSnapshot | None, name: str
) -> dict[str, str]:
    """Masked values come back from the failed stack's own parameters, or not at all."""
    for key in SECRET_PARAMETERS & parameters.keys():
        if REDACTED not in parameters[key]:
            continue
        value = (live.parameters if live is not None else {}).get(key, "")
        if not value or REDACTED in value:
            raise StackError("stack.error.secret_lost", name=name)
        parameters[key] = value
    return parameters


class Deployer:
    def __init__(self, aws: AwsSession, store: DeploymentStore) -> None:
        self.aws = aws
        self.store = store
        self.sleep: Callable[[float], None] = time.sleep  # tests make it instant

    # -- records --------------------------------------------------------------------------
    def _save(self, deployment: Deployment, *, strict: bool = False, **changes: Any) -> Deployment:
        """Merge ``changes`` into the newest stored copy and save it (under the store's lock).

        Once the stack exists, a failed write must not stop the journey (lock, heartbeat): it
        is noted in ``store.problems`` and the updated copy returned. ``strict`` (before a
        CreateStack) raises instead, so nothing is created that no record knows about.
        """
        stamp = now_iso()
        try:
            return self.store.update(
                deployment, lambda current: current.evolve(**changes, updated_at=stamp)
            )
        except StateError as exc:
            if strict:
                raise
            updated = (self.store.get(deployment.id) or deployment).evolve(
                **changes, updated_at=stamp
            )
            self.store.note_unsaved(updated, exc)
            return updated

    def record(self, deployment: Deployment, snapshot: StackSnapshot) -> Deployment:
        """Save the stack's status (and the server address once the outputs have it)."""
        changes: dict[str, Any] = {"status": snapshot.status}
        if snapshot.stack_id:
            changes["stack_id"] = snapshot.stack_id
            account = ownership.account_from_arn(snapshot.stack_id)
            if account:
                changes["account_id"] = account
        if snapshot.server_host:
            changes["server_host"] = snapshot.server_host
            changes["server_port"] = snapshot.server_port
        return self._save(deployment, **changes)

    def record_heartbeat(self, deployment: Deployment) -> Deployment:
        return self._save(deployment, last_heartbeat_at=now_iso())

    # -- launch ---------------------------------------------------------------------------
    def launch(self, plan: LaunchPlan) -> Deployment:
        """Save the record, then CreateStack (retried once with the same token if lost)."""
        from chroma_tui.core import validation

        validation.check_stack_name(plan.stack_name)
        stamp = now_iso()
        deployment = Deployment(
            id=new_deployment_id(),
            stack_name=plan.stack_name,
            region=plan.region,
            token=stacks.new_token("create"),
            created_at=stamp,
            updated_at=stamp,
            profile=plan.profile,
            endpoint_url=self.aws.endpoint_url,
            parameters=without_secrets(plan.parameters()),
            template_source=plan.template.source,
            key_name=plan.key_name,
            key_file=plan.key_file,
            lock_to_my_ip=plan.lock_to_my_ip,
            created_key_pair=plan.created_key_pair,
        )
        self.store.save(deployment)
        stack_id = self._create(
            deployment,
            lambda: stacks.create_stack(
                self.aws, plan, deployment.token, deployment_id=deployment.id
            ),
            forget=True,
        )
        account = ownership.account_from_arn(stack_id) or deployment.account_id
        return self._save(
            deployment, stack_id=stack_id, account_id=account, status="CREATE_IN_PROGRESS"
        )

    def _here(self, deployment: Deployment) -> None:
        """Refuse to touch a record made through another endpoint or in another account."""
        other = ownership.where_it_belongs(deployment, self.aws)
        if other is not None:
            raise StackError(
                "records.elsewhere",
                name=deployment.stack_name,
                endpoint=other.endpoint,
                account=other.account,
            )

    def _create(self, deployment: Deployment, send: Callable[[], str], *, forget: bool) -> str:
        """Send CreateStack, always with the deployment's one token.

        A lost response is sent again once; throttling (after botocore's own retries) is
        retried with backoff. If AWS refused it there is no stack: a new record is forgotten
        (a relaunched one is marked NOT_CREATED). If no answer ever came the record stays
        PENDING so ``refresh`` can find the stack by name and token.
        """
        lost_retry_used = False
        for attempt in range(CREATE_THROTTLE_RETRIES + 1):
            try:
                return send()
            except LOST_RESPONSE as exc:
                if lost_retry_used:
                    raise map_error(exc, self.aws.profile) from exc
                lost_retry_used = True
                continue
            except (BotoCoreError, ClientError) as exc:
                error: ChromaTuiError = map_error(exc, self.aws.profile)
            except ChromaTuiError as exc:
                error = exc
            if error.key == "aws.throttled" and attempt < CREATE_THROTTLE_RETRIES:
                self.sleep(min(8.0, 1.0 * 2**attempt))
                continue
            if error.key != "aws.unreachable":
                if forget:
                    self.store.forget(deployment.id)
                else:
                    self._save(deployment, status="NOT_CREATED")
            raise error
        raise AssertionError("unreachable")  # the loop always returns or raises

    def _patient(self, call: Callable[[], T]) -> T:
        """Run an idempotent call, retrying throttling (after botocore's own retries)."""
        for attempt in range(CREATE_THROTTLE_RETRIES):
            try:
                return call()
            except AwsError as exc:
                if exc.key != "aws.throttled":
                    raise
                self.sleep(min(8.0, 1.0 * 2**attempt))
        return call()

    # -- watching -------------------------------------------------------------------------
    def stream(self, deployment: Deployment, **kw: Any) -> EventStream:
        """The event stream of the deployment's current operation (delete if one was sent)."""
        current = self.store.get(deployment.id) or deployment
        if not current.stack_id:
            current = self.refresh(current)
        if not current.stack_id:
            raise StackError("stack.error.not_found", name=current.stack_name)
        token = current.delete_token or current.token
        return EventStream(self.aws, current.region, current.stack_id, token=token, **kw)

    def refresh(self, deployment: Deployment) -> Deployment:
        """Ask AWS for the live status and save it (only where the record was made)."""
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        where = current.stack_id or current.stack_name
        found = self._patient(lambda: stacks.find_stack(self.aws, current.region, where))
        # Killed before CreateStack answered: the stack of that name is ours only by token.
        if not current.stack_id and found and found.tags.get(stacks.TAG_TOKEN) != current.token:
            found = None
        if found is None:
            status = "DELETE_COMPLETE" if current.stack_id else "NOT_FOUND"
            return self._save(current, status=status)
        return self.record(current, found)

    # -- delete / relaunch ----------------------------------------------------------------
    def delete(self, deployment: Deployment, **kw: Any) -> EventStream:
        """Save a delete token, send DeleteStack, return the stream (found by StackId)."""
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        if not current.stack_id:
            current = self.refresh(current)
        if not current.stack_id:
            raise StackError("stack.error.not_found", name=current.stack_name)
        token = stacks.new_token("delete")
        current = self._save(current, delete_token=token)
        stack_id = current.stack_id
        self._patient(lambda: stacks.delete_stack(self.aws, current.region, stack_id, token))
        current = self._save(current, status="DELETE_IN_PROGRESS")
        return EventStream(self.aws, current.region, current.stack_id, token=token, **kw)

    def relaunch(
        self,
        deployment: Deployment,
        *,
        should_stop: Callable[[], bool] = lambda: False,
        on_update: Callable[[StreamUpdate], None] | None = None,
        **stream_kw: Any,
    ) -> Deployment:
        """The one-key fix: delete the failed stack, wait for DELETE_COMPLETE, create again.

        Same record, same name and parameters, a new create token; never a second stack.
        """
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        parameters = dict(current.parameters)
        live = None
        if current.stack_id:
            live = stacks.find_stack(self.aws, current.region, current.stack_id)
        parameters = _restore_secrets(parameters, live, current.stack_name)
        if live is not None and live.status != "DELETE_COMPLETE":
            stream = self.delete(current, should_stop=should_stop, **stream_kw)
            for update in stream.updates():
                if on_update:
                    on_update(update)
            final = stream.stack
            if final is None or not final.terminal:
                raise StackError("stack.error.cancelled", name=current.stack_name)
            current = self.record(current, final)
            if final.status != "DELETE_COMPLETE":
                raise StackError(
                    "stack.error.delete_failed", raw=final.reason, name=current.stack_name
                )
        token = stacks.new_token("create")
        current = self._save(
            current,
            strict=True,
            token=token,
            stack_id=None,
            status="PENDING",
            delete_token=None,
            server_host=None,
            server_port=None,
            ip_locked_to=None,
            last_heartbeat_at=None,
        )
        template = stacks.template_args(None, None, current.template_source)
        stack_id = self._create(
            current,
            lambda: stacks.create_raw(
                self.aws,
                current.region,
                current.stack_name,
                template,
                parameters,
                token,
                deployment_id=current.id,
            ),
            forget=False,
        )
        return self._save(current, stack_id=stack_id, status="CREATE_IN_PROGRESS")

    # -- lock the door --------------------------------------------------------------------
    def lock_to_ip(self, deployment: Deployment, ip: str) -> Deployment:
        """Ports 22 and 8000 open to ``ip`` only, instead of 0.0.0.0/0."""
        address = ipaddress.ip_address(ip.strip())
        cidr = f"{address}/{32 if address.version == 4 else 128}"
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        if not current.stack_id:
            raise StackError("stack.error.not_found", name=current.stack_name)
        try:
            group_id = self._security_group(current)
            ec2 = self.aws.client("ec2", current.region)
            group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
            open_rules = _world_open(group.get("IpPermissions") or [])
            if open_rules:
                ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=open_rules)
            wanted = [_rule(port, cidr, address.version) for port in LOCKED_PORTS]
            try:
                ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=wanted)
            except ClientError as exc:
                if error_code(exc) != "InvalidPermission.Duplicate":
                    raise
        except (ClientError, BotoCoreError) as exc:
            raise map_error(exc, self.aws.profile) from exc
        return self._save(current, ip_locked_to=str(address))

    def _security_group(self, deployment: Deployment) -> str:
        cfn = self.aws.client("cloudformation", deployment.region)
        reply = cfn.describe_stack_resources(
            StackName=deployment.stack_id, LogicalResourceId=SECURITY_GROUP_ID
        )
        resources = reply.get("StackResources") or []
        physical = str(resources[0].get("PhysicalResourceId", "")) if resources else ""
        if not physical:
            raise StackError("stack.error.no_security_group", name=deployment.stack_name)
        if physical.startswith("sg-"):
            return physical
        # Without a VpcId the template's group is known by name (default VPC).
        ec2 = self.aws.client("ec2", deployment.region)
        groups = ec2.describe_security_groups(
            Filters=[{"Name": "group-name", "Values": [physical]}]
        )["SecurityGroups"]
        if not groups:
            raise StackError("stack.error.no_security_group", name=deployment.stack_name)
        return str(groups[0]["GroupId"])


def _rule(port: int, cidr: str, version: int) -> dict[str, Any]:
    ranges_key, cidr_key = ("IpRanges", "CidrIp") if version == 4 else ("Ipv6Ranges", "CidrIpv6")
    return {
        "IpProtocol": "tcp",
        "FromPort": port,
        "ToPort": port,
        ranges_key: [{cidr_key: cidr, "Description": "chroma-tui: locked to my IP"}],
    }


def _world_open(permissions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The existing 0.0.0.0/0 and ::/0 rules on ports 22 and 8000, ready to revoke."""
    found: list[dict[str, Any]] = []
    for perm in permissions:
        if perm.get("FromPort") not in LOCKED_PORTS:
            continue
        v4 = [
            {"CidrIp": r["CidrIp"]}
            for r in perm.get("IpRanges", [])
            if r.get("CidrIp") == "0.0.0.0/0"
        ]
        v6 = [
            {"CidrIpv6": r["CidrIpv6"]}
            for r in perm.get("Ipv6Ranges", [])
            if r.get("CidrIpv6") == "::/0"
        ]
        if v4 or v6:
            rule: dict[str, Any] = {
                "IpProtocol": perm.get("IpProtocol", "tcp"),
                "FromPort": perm["FromPort"],
                "ToPort": perm.get("ToPort", perm["FromPort"]),
            }
            if v4:
                rule["IpRanges"] = v4
            if v6:
                rule["Ipv6Ranges"] = v6
            found.append(rule)
    return found


def my_public_ip(timeout_s: float = MY_IP_TIMEOUT_S) -> str:
    """This machine's public IP from CHROMA_TUI_MY_IP_URL (default checkip.amazonaws.com)."""
    url = os.environ.get("CHROMA_TUI_MY_IP_URL") or MY_IP_URL
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            text = response.read(256).decode("ascii", "replace").strip()
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise AwsError("deploy.error.my_ip", raw=str(exc), url=url) from exc
    try:
        return str(ipaddress.ip_address(text))
    except ValueError as exc:
        raise AwsError("deploy.error.my_ip", raw=text[:60], url=url) from exc
