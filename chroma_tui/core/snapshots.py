"""Keep the data: an EBS snapshot of the server's volume before its stack is deleted.

The snapshot carries our tags (managed, the stack's name, the deployment, a token of its own),
so it is listed later and never forgotten; the deployment record keeps its id. The token is
saved in the record before CreateSnapshot is sent: a lost answer is found again by that tag
instead of taking a second snapshot. A snapshot "has started" once EC2 gave it an id and its
state is ``pending`` or ``completed``; only then may the stack be deleted (the instance's
volume goes with the stack, the snapshot stays).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui import __version__
from chroma_tui.core import instance, pricing
from chroma_tui.core.aws import AwsSession, error_code, error_message, map_error
from chroma_tui.core.errors import AwsError, Throttled, Unreachable
from chroma_tui.core.models import Deployment, SnapshotInfo
from chroma_tui.core.snapshot_text import delete_command, money, snapshot_line, state_text
from chroma_tui.core.stacks import TAG_DEPLOYMENT, TAG_MANAGED, TAG_TOKEN, TAG_VERSION

if TYPE_CHECKING:
    from mypy_boto3_ec2.type_defs import TagTypeDef

TAG_STACK = "chroma-tui:stack"
NAME_TAG = "Name"


def new_snapshot_token() -> str:
    return f"chroma-tui-snapshot-{uuid.uuid4()}"


def snapshot_from(raw: Mapping[str, Any], region: str) -> SnapshotInfo:
    """A SnapshotInfo from one DescribeSnapshots / CreateSnapshot answer."""
    tags = {str(t.get("Key")): str(t.get("Value", "")) for t in raw.get("Tags") or []}
    size = int(raw.get("VolumeSize") or 0)
    started = raw.get("StartTime")
    return SnapshotInfo(
        snapshot_id=str(raw.get("SnapshotId", "")),
        region=region,
        volume_id=str(raw.get("VolumeId", "")),
        size_gib=size,
        state=str(raw.get("State", "")),
        started_at=started if isinstance(started, datetime) else None,
        stack_name=tags.get(TAG_STACK, ""),
        deployment_id=tags.get(TAG_DEPLOYMENT, ""),
        progress=str(raw.get("Progress", "") or ""),
        monthly_usd=pricing.snapshot_monthly_usd(size),
    )


def _describe(aws: AwsSession, region: str, **kwargs: Any) -> list[SnapshotInfo]:
    try:
        pages = aws.client("ec2", region).get_paginator("describe_snapshots")
        found: list[SnapshotInfo] = []
        for page in pages.paginate(OwnerIds=["self"], **kwargs):
            found.extend(snapshot_from(raw, region) for raw in page.get("Snapshots") or [])
    except (ClientError, BotoCoreError) as exc:
        raise map_error(exc, aws.profile) from exc
    return found


def find_by_token(aws: AwsSession, region: str, token: str) -> SnapshotInfo | None:
    """The snapshot an earlier (maybe unanswered) CreateSnapshot with ``token`` made."""
    found = _describe(aws, region, Filters=[{"Name": f"tag:{TAG_TOKEN}", "Values": [token]}])
    return found[0] if found else None


def list_snapshots(aws: AwsSession, region: str) -> list[SnapshotInfo]:
    """chroma-tui's snapshots in ``region`` (tagged managed), newest first."""
    found = _describe(aws, region, Filters=[{"Name": f"tag:{TAG_MANAGED}", "Values": ["true"]}])
    return sorted(found, key=lambda s: (s.started_at is not None, s.started_at), reverse=True)


def get_snapshot(aws: AwsSession, region: str, snapshot_id: str) -> SnapshotInfo | None:
    try:
        found = _describe(aws, region, SnapshotIds=[snapshot_id])
    except AwsError as exc:
        if "NotFound" in (exc.raw or ""):
            return None
        raise
    return found[0] if found else None


def _tags(deployment: Deployment, token: str) -> list[TagTypeDef]:
    return [
        {"Key": NAME_TAG, "Value": f"{deployment.stack_name}-before-delete"},
        {"Key": TAG_MANAGED, "Value": "true"},
        {"Key": TAG_VERSION, "Value": __version__},
        {"Key": TAG_STACK, "Value": deployment.stack_name},
        {"Key": TAG_DEPLOYMENT, "Value": deployment.id},
        {"Key": TAG_TOKEN, "Value": token},
    ]


def create_snapshot(aws: AwsSession, deployment: Deployment, token: str) -> SnapshotInfo | None:
    """CreateSnapshot of the stack's instance's root volume, tagged; returns it once started.

    Returns None when the stack has no instance (a rolled-back stack: no data to keep).
    Raises ``AwsError snap.error.*`` when the volume cannot be found or EC2 refuses; the caller
    must then not delete the stack without asking.
    """
    region, name = deployment.region, deployment.stack_name
    earlier = find_by_token(aws, region, token)
    if earlier is not None:
        return check_started(earlier, name)
    if not deployment.stack_id:
        return None
    found = instance.stack_instance(aws, region, deployment.stack_id)
    if found is None or found.state in ("terminated", "shutting-down"):
        return None
    if not found.volume_id:
        raise AwsError("snap.error.no_volume", name=name, instance=found.instance_id)
    try:
        raw = aws.client("ec2", region).create_snapshot(
            VolumeId=found.volume_id,
            Description=f"chroma-tui: {name} ({deployment.id}) before its stack was deleted",
            TagSpecifications=[{"ResourceType": "snapshot", "Tags": _tags(deployment, token)}],
        )
    except (ClientError, BotoCoreError) as exc:
        code = error_code(exc) if isinstance(exc, ClientError) else ""
        mapped = map_error(exc, aws.profile)
        if isinstance(mapped, (Throttled, Unreachable)) or code.startswith("Credential"):
            raise mapped from exc
        raise AwsError(
            "snap.error.refused", raw=f"{code}: {error_message(exc)}", name=name
        ) from exc
    return check_started(snapshot_from(raw, region), name)


def check_started(snapshot: SnapshotInfo, name: str) -> SnapshotInfo:
    """Raise when EC2 says the snapshot failed; ``pending`` with an id is started enough."""
    if not snapshot.snapshot_id or snapshot.failed:
        raise AwsError(
            "snap.error.failed", raw=snapshot.state, name=name, snapshot=snapshot.snapshot_id
        )
    return snapshot


def delete_snapshot(aws: AwsSession, region: str, snapshot_id: str) -> None:
    """DeleteSnapshot, only of a snapshot chroma-tui took (tagged managed)."""
    found = get_snapshot(aws, region, snapshot_id)
    if found is None:
        raise AwsError("snap.error.unknown", snapshot=snapshot_id, region=region)
    tagged = _describe(
        aws,
        region,
        SnapshotIds=[snapshot_id],
        Filters=[{"Name": f"tag:{TAG_MANAGED}", "Values": ["true"]}],
    )
    if not tagged:
        raise AwsError("snap.error.not_ours", snapshot=snapshot_id, region=region)
    try:
        aws.client("ec2", region).delete_snapshot(SnapshotId=snapshot_id)
    except (ClientError, BotoCoreError) as exc:
        raise map_error(exc, aws.profile) from exc


__all__ = ["delete_command", "money", "snapshot_line", "state_text"]
