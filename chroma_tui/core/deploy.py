"""Deployer: record first, then create; stream, refresh, delete, relaunch, lock to one IP.

The deployment record is saved before CreateStack is sent, so a crash at any moment leaves a
record that finds its stack again (by StackId, or by name plus our token tag). Every save merges
into the stored record, so callers holding an older copy never undo a newer field.
"""

from __future__ import annotations

import json
import time
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

from chroma_tui.core import cost, instance, lock, ownership, power, snapshots, stacks
from chroma_tui.core.answers import ResponseParserError, answer_uncertain
from chroma_tui.core.aws import AwsSession, map_error
from chroma_tui.core.errors import (
    ChromaTuiError,
    StackError,
    StateError,
    Throttled,
    Unreachable,
)
from chroma_tui.core.events import EventStream
from chroma_tui.core.models import (
    REDACTED,
    Deployment,
    LaunchPlan,
    SnapshotInfo,
    StackSnapshot,
    StreamUpdate,
)
from chroma_tui.core.retry import Backoff, retry
from chroma_tui.core.secret_params import SECRET_PARAMETERS
from chroma_tui.core.state import DeploymentStore

CREATE_THROTTLE_RETRIES = 4
CREATE_BACKOFF = Backoff(base_s=1.0, cap_s=8.0)  # 1, 2, 4, 8 s between the five tries
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


class _AnswerUncertain(Exception):
    """CreateStack's answer was lost or a 5xx: the stack may exist (``error`` says why)."""

    def __init__(self, error: ChromaTuiError) -> None:
        super().__init__(str(error))
        self.error = error


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
        latest = self.store.get(deployment.id) or deployment
        # After a stop or a start the stack's ServerIp output is stale (CloudFormation does not
        # update outputs): the address then comes from the instance (see start()).
        if snapshot.server_host and not (latest.woken_at or latest.instance_state == "stopped"):
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
        earlier = self._unanswered(plan)
        deployment = Deployment(
            id=earlier.id if earlier else new_deployment_id(),
            stack_name=plan.stack_name,
            region=plan.region,
            # A retry after a lost answer reuses the token: never a second stack.
            token=earlier.token if earlier else stacks.new_token("create"),
            created_at=earlier.created_at if earlier else stamp,
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

    def _unanswered(self, plan: LaunchPlan) -> Deployment | None:
        """The record of an earlier launch of this same plan whose CreateStack got no answer."""
        wanted = without_secrets(plan.parameters())
        for saved in self.store.list():
            if (
                saved.stack_id is None
                and saved.status == "PENDING"
                and saved.stack_name == plan.stack_name
                and saved.region == plan.region
                and saved.endpoint_url == self.aws.endpoint_url
                and saved.parameters == wanted
                and saved.template_source == plan.template.source
            ):
                return saved
        return None

    def _create(self, deployment: Deployment, send: Callable[[], str], *, forget: bool) -> str:
        """Send CreateStack, always with the deployment's one token.

        A lost response is sent again once; throttling (after botocore's own retries) is
        retried with backoff. If AWS refused it (a 4xx answer) there is no stack: a new record
        is forgotten (a relaunched one is marked NOT_CREATED). If the answer was lost, a 5xx or
        unreadable, the stack may exist all the same: it is looked up by name and our token,
        and when it cannot be found yet the record stays PENDING (``refresh`` / ``status`` find
        it later; launching the same stack again reuses the token).
        """
        lost_retry_used = False

        def once() -> str:
            nonlocal lost_retry_used
            while True:
                try:
                    return send()
                except LOST_RESPONSE as exc:
                    if not lost_retry_used:  # sent again once, at once, with the same token
                        lost_retry_used = True
                        continue
                    raise _AnswerUncertain(map_error(exc, self.aws.profile)) from exc
                except (BotoCoreError, ClientError, ResponseParserError) as exc:
                    error = map_error(exc, self.aws.profile)
                    if answer_uncertain(exc):
                        raise _AnswerUncertain(error) from exc
                    raise error from exc

        try:
            return retry(
                once,
                retry_on=(Throttled,),
                attempts=CREATE_THROTTLE_RETRIES + 1,
                backoff=CREATE_BACKOFF,
                sleep=self.sleep,
            )
        except _AnswerUncertain as exc:
            return self._answer_uncertain(deployment, exc.error)
        except Unreachable as error:
            return self._answer_uncertain(deployment, error)
        except ChromaTuiError:
            if forget:
                self.store.forget(deployment.id)
            else:
                self._save(deployment, status="NOT_CREATED")
            raise

    def _answer_uncertain(self, deployment: Deployment, error: ChromaTuiError) -> str:
        """CreateStack may have worked: find the stack by name and token, else keep PENDING."""
        try:
            found = stacks.find_stack(self.aws, deployment.region, deployment.stack_name)
            if found is not None and stacks.carries_token(
                self.aws, deployment.region, found, deployment.token
            ):
                return found.stack_id
        except ChromaTuiError:
            pass  # still unreachable: the record keeps what is needed to look again
        self._save(deployment, status="PENDING")
        raise StackError(
            "journey.error.answer_lost",
            raw=error.raw or error.key,
            name=deployment.stack_name,
            region=deployment.region,
        )

    def _patient(self, call: Callable[[], T]) -> T:
        """Run an idempotent call, retrying throttling (after botocore's own retries)."""
        return retry(
            call,
            retry_on=(Throttled,),
            attempts=CREATE_THROTTLE_RETRIES + 1,
            backoff=CREATE_BACKOFF,
            sleep=self.sleep,
        )

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

    # -- keep the data --------------------------------------------------------------------
    def snapshot(self, deployment: Deployment) -> tuple[Deployment, SnapshotInfo | None]:
        """Snapshot the server's volume before a delete; the record keeps its id.

        The token is saved first, so a retry after a lost answer finds the same snapshot.
        Returns (record, None) when the stack has no instance (nothing to keep). Raises
        ``AwsError snap.error.*`` when it fails: then the stack must not be deleted unasked.
        """
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        if not current.stack_id:
            current = self.refresh(current)
        token = current.snapshot_token or snapshots.new_snapshot_token()
        if token != current.snapshot_token:
            current = self._save(current, strict=True, snapshot_token=token)
        taken = self._patient(lambda: snapshots.create_snapshot(self.aws, current, token))
        if taken is None:
            return current, None
        return self._save(current, snapshot_id=taken.snapshot_id), taken

    # -- sleep and wake -------------------------------------------------------------------
    def stop(self, deployment: Deployment) -> Deployment:
        """Stop the stack's instance and wait for ``stopped``; the record says so (no address:
        AWS releases the public IP)."""
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        if not current.stack_id:
            raise StackError("stack.error.not_found", name=current.stack_name)
        found = instance.require_instance(
            self.aws, current.region, current.stack_id, current.stack_name
        )
        # Dated before StopInstances is sent: compute and the public IPv4 stop billing then.
        stamp = datetime.now(timezone.utc)
        if found.state != "stopped":
            power.stop(self.aws, current.region, found.instance_id)
        return self._save(current, **cost.stop_changes(current, stamp), server_host=None)

    def start(self, deployment: Deployment) -> Deployment:
        """Start the stack's instance, wait for ``running``; its new address is saved."""
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        if not current.stack_id:
            raise StackError("stack.error.not_found", name=current.stack_name)
        found = instance.require_instance(
            self.aws, current.region, current.stack_id, current.stack_name
        )
        stamp = datetime.now(timezone.utc)  # the stop ends when StartInstances is sent
        if found.state == "running" and found.public_ip:
            running = found
        else:
            if found.state == "stopping":
                power.wait_state(self.aws, current.region, found.instance_id, "stopped")
                stamp = datetime.now(timezone.utc)
            running = power.start(self.aws, current.region, found.instance_id)
        return self._save(
            current,
            **cost.start_changes(current, stamp),
            woken_at=now_iso(),
            server_host=running.public_ip,
            server_port=current.server_port or 8000,
            last_heartbeat_at=None,
        )

    # -- delete / relaunch ----------------------------------------------------------------
    def delete(self, deployment: Deployment, **kw: Any) -> EventStream:
        """Save a delete token, send DeleteStack, return the stream (found by StackId)."""
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        if not current.stack_id:
            current = self.refresh(current)
        stack_id = current.stack_id
        if not stack_id:
            raise StackError("stack.error.not_found", name=current.stack_name)
        token = stacks.new_token("delete")
        current = self._save(current, delete_token=token)
        stack_id = current.stack_id or stack_id  # the stored copy may be newer
        region = current.region
        self._patient(lambda: stacks.delete_stack(self.aws, region, stack_id, token))
        current = self._save(current, status="DELETE_IN_PROGRESS")
        return EventStream(self.aws, current.region, stack_id, token=token, **kw)

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
            snapshot_token=None,
            instance_state=None,
            stopped_at=None,
            woken_at=None,
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
        """Ports 22 and 8000 open to ``ip`` only (see core/lock.py), saved in the record."""
        current = self.store.get(deployment.id) or deployment
        self._here(current)
        if not current.stack_id:
            raise StackError("stack.error.not_found", name=current.stack_name)
        address = lock.lock_ports(
            self.aws, current.region, current.stack_id, current.stack_name, ip
        )
        return self._save(current, ip_locked_to=address, lock_to_my_ip=True)


def my_public_ip(timeout_s: float = lock.MY_IP_TIMEOUT_S) -> str:
    """This machine's public IP (kept here for callers of the older name)."""
    return lock.my_public_ip(timeout_s)
