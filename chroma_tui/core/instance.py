"""The stack's EC2 instance: found through DescribeStackResources, read with DescribeInstances.

Shared by the snapshot before a delete (its root volume) and by sleep and wake (its state and
its public address, which changes on every start: the stack's ``ServerIp`` output does not).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core.aws import AwsSession, map_error
from chroma_tui.core.errors import AwsError
from chroma_tui.core.models import InstanceInfo

INSTANCE_TYPE = "AWS::EC2::Instance"


def instance_id_of(aws: AwsSession, region: str, stack_id: str) -> str | None:
    """The stack's instance id (its AWS::EC2::Instance resource), None when it has none."""
    try:
        reply = aws.client("cloudformation", region).describe_stack_resources(StackName=stack_id)
    except (ClientError, BotoCoreError) as exc:
        raise map_error(exc, aws.profile) from exc
    for res in reply.get("StackResources") or []:
        if res.get("ResourceType") == INSTANCE_TYPE and res.get("PhysicalResourceId"):
            if res.get("ResourceStatus", "").startswith("DELETE_COMPLETE"):
                continue
            return str(res["PhysicalResourceId"])
    return None


def _root_volume(raw: Mapping[str, Any]) -> str | None:
    """The root device's EBS volume, else the first EBS volume mapped (the data is on it)."""
    mappings = [m for m in raw.get("BlockDeviceMappings") or [] if m.get("Ebs", {}).get("VolumeId")]
    root = raw.get("RootDeviceName")
    for mapping in mappings:
        if mapping.get("DeviceName") == root:
            return str(mapping["Ebs"]["VolumeId"])
    return str(mappings[0]["Ebs"]["VolumeId"]) if mappings else None


def describe_instance(aws: AwsSession, region: str, instance_id: str) -> InstanceInfo | None:
    """The instance now (None when EC2 no longer knows it); its volume's size when it has one."""
    ec2 = aws.client("ec2", region)
    try:
        reply = ec2.describe_instances(InstanceIds=[instance_id])
    except ClientError as exc:
        if "NotFound" in str(exc.response.get("Error", {}).get("Code", "")):
            return None
        raise map_error(exc, aws.profile) from exc
    except BotoCoreError as exc:
        raise map_error(exc, aws.profile) from exc
    found = [i for r in reply.get("Reservations") or [] for i in r.get("Instances") or []]
    if not found:
        return None
    raw = found[0]
    volume = _root_volume(raw)
    size = None
    if volume:
        try:
            volumes = ec2.describe_volumes(VolumeIds=[volume]).get("Volumes") or []
            size = int(volumes[0]["Size"]) if volumes else None
        except (ClientError, BotoCoreError, KeyError, ValueError):
            size = None  # the size only sets the cost shown; the snapshot does not need it
    return InstanceInfo(
        instance_id=str(raw.get("InstanceId", instance_id)),
        state=str((raw.get("State") or {}).get("Name", "")),
        public_ip=raw.get("PublicIpAddress") or None,
        volume_id=volume,
        volume_size_gib=size,
    )


def stack_instance(aws: AwsSession, region: str, stack_id: str) -> InstanceInfo | None:
    """The stack's instance now, or None when the stack has none (a rollback, a delete)."""
    instance_id = instance_id_of(aws, region, stack_id)
    if instance_id is None:
        return None
    return describe_instance(aws, region, instance_id)


def require_instance(aws: AwsSession, region: str, stack_id: str, name: str) -> InstanceInfo:
    """Like :func:`stack_instance`, raising ``AwsError power.no_instance`` when there is none."""
    info = stack_instance(aws, region, stack_id)
    if info is None or info.state in ("terminated", "shutting-down"):
        raise AwsError("power.no_instance", name=name, region=region)
    return info
