"""The region's default VPC: the template's security group has no VpcId, so it needs one."""

from __future__ import annotations

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core.aws import AwsSession, error_code, map_error


def vpc_console_url(region: str) -> str:
    """Where a person creates the default VPC by hand (the guide's troubleshooting link)."""
    return f"https://{region}.console.aws.amazon.com/vpc/home?region={region}#vpcs"


def _default_vpc_id(aws: AwsSession, region: str) -> str | None:
    try:
        reply = aws.client("ec2", region).describe_vpcs(
            Filters=[{"Name": "isDefault", "Values": ["true"]}]
        )
    except (BotoCoreError, ClientError) as exc:
        raise map_error(exc, aws.profile) from exc
    vpcs = reply.get("Vpcs", [])
    return str(vpcs[0]["VpcId"]) if vpcs else None


def has_default_vpc(aws: AwsSession, region: str) -> bool:
    return _default_vpc_id(aws, region) is not None


def create_default_vpc(aws: AwsSession, region: str) -> str:
    """CreateDefaultVpc; if the region already has one, its id is returned instead."""
    try:
        reply = aws.client("ec2", region).create_default_vpc()
    except ClientError as exc:
        if error_code(exc) == "DefaultVpcAlreadyExists":
            existing = _default_vpc_id(aws, region)
            if existing:
                return existing
        raise map_error(exc, aws.profile) from exc
    except BotoCoreError as exc:
        raise map_error(exc, aws.profile) from exc
    return str(reply["Vpc"]["VpcId"])
