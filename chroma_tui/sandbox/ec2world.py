"""The stack's resources made real in moto's EC2, failing the way EC2 fails under CloudFormation.

Reasons are CloudFormation's rendering of EC2 errors: ``<message> (Service: AmazonEC2;
Status Code: 400; Error Code: <code>; Request ID: <uuid>; Proxy: null)``.
"""

from __future__ import annotations

import contextlib
import logging
import uuid
from typing import TYPE_CHECKING, Any, Literal, cast, overload

import boto3
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import ClientError

if TYPE_CHECKING:  # client types: stubs only (the test extra installs them)
    from mypy_boto3_ec2 import EC2Client
    from mypy_boto3_ec2.literals import InstanceTypeType
    from mypy_boto3_ec2.type_defs import FilterTypeDef, IpPermissionTypeDef
    from mypy_boto3_s3 import S3Client

log = logging.getLogger(__name__)

FAKE_KEY_ID = "AKIASANDBOX0CHROMA00"
FAKE_SECRET = "sandbox-secret-not-a-real-aws-key"


class ResourceFailure(Exception):
    """A resource could not be created; ``reason`` is the event's ResourceStatusReason."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def ec2_reason(message: str, code: str, status: int = 400) -> str:
    return (
        f"{message} (Service: AmazonEC2; Status Code: {status}; Error Code: {code}; "
        f"Request ID: {uuid.uuid4()}; Proxy: null)"
    )


def no_default_vpc_reason() -> str:
    return ec2_reason(
        "No default VPC for this user. "
        "GroupName is only supported for EC2-Classic and default VPC.",
        "VPCIdNotSpecified",
    )


def missing_key_reason(name: str) -> str:
    return ec2_reason(f"The key pair '{name}' does not exist", "InvalidKeyPair.NotFound")


def capacity_reason(instance_type: str, region: str) -> str:
    zones = ", ".join(f"{region}{z}" for z in "bcd")
    return ec2_reason(
        f"We currently do not have sufficient {instance_type} capacity in the Availability Zone "
        f"you requested ({region}a). Our system will be working on provisioning additional "
        f"capacity. You can currently get {instance_type} capacity by not specifying an "
        f"Availability Zone in your request or choosing {zones}.",
        "InsufficientInstanceCapacity",
        status=500,
    )


def bad_type_reason(instance_type: str) -> str:
    return ec2_reason(f"Invalid value '{instance_type}' for InstanceType.", "InvalidParameterValue")


def arch_reason(instance_type_arch: str, image_arch: str) -> str:
    return ec2_reason(
        f"The architecture '{instance_type_arch}' of the specified instance type does not match "
        f"the architecture '{image_arch}' of the specified AMI. Specify an instance type and an "
        "AMI that have matching architectures, and try again. You can use "
        "'describe-instance-types' or 'describe-images' to discover the architecture of the "
        "instance type or AMI.",
        "InvalidParameterValue",
    )


def block_device_mappings(value: Any) -> list[dict[str, Any]]:
    """The template's BlockDeviceMappings as RunInstances takes them.

    ``DeleteOnTermination`` defaults to true, as EC2's default for a volume launched with the
    instance (moto's would keep it), so deleting the stack removes the volume, as on AWS.
    """
    mappings: list[dict[str, Any]] = []
    for raw in value if isinstance(value, list) else []:
        if not isinstance(raw, dict) or not raw.get("DeviceName"):
            continue
        mapping: dict[str, Any] = {"DeviceName": str(raw["DeviceName"])}
        ebs = raw.get("Ebs")
        if isinstance(ebs, dict):
            spec: dict[str, Any] = {"DeleteOnTermination": True}
            for key, kind in (("VolumeSize", int), ("VolumeType", str), ("Encrypted", bool)):
                if ebs.get(key) is not None:
                    item = ebs[key]
                    spec[key] = kind(str(item).lower() == "true") if kind is bool else kind(item)
            if ebs.get("DeleteOnTermination") is not None:
                spec["DeleteOnTermination"] = str(ebs["DeleteOnTermination"]).lower() == "true"
            mapping["Ebs"] = spec
        mappings.append(mapping)
    return mappings


class Ec2World:
    """boto3 straight to moto (not through the front server), one client per region."""

    def __init__(self, moto_url: str) -> None:
        self.moto_url = moto_url
        self._clients: dict[tuple[str, str], BaseClient] = {}
        self._hidden_default: dict[str, str] = {}  # region -> default VPC kept for its stacks

    @overload
    def client(self, service: Literal["ec2"], region: str) -> EC2Client: ...
    @overload
    def client(self, service: Literal["s3"], region: str) -> S3Client: ...
    def client(self, service: Literal["ec2", "s3"], region: str) -> BaseClient:
        key = (service, region)
        if key not in self._clients:
            self._clients[key] = boto3.session.Session().client(
                service,
                region_name=region,
                endpoint_url=self.moto_url,
                aws_access_key_id=FAKE_KEY_ID,
                aws_secret_access_key=FAKE_SECRET,
                config=Config(retries={"max_attempts": 2, "mode": "standard"}),
            )
        return self._clients[key]

    # -- default VPCs ---------------------------------------------------------------------
    def default_vpc(self, region: str) -> str | None:
        vpcs = self.client("ec2", region).describe_vpcs(
            Filters=[{"Name": "isDefault", "Values": ["true"]}]
        )["Vpcs"]
        return vpcs[0]["VpcId"] if vpcs else None

    def remove_default_vpc(self, region: str) -> None:
        """Delete the region's default VPC with its subnets and internet gateway."""
        ec2 = self.client("ec2", region)
        vpc = self.default_vpc(region)
        if vpc is None:
            return
        only_vpc: list[FilterTypeDef] = [{"Name": "vpc-id", "Values": [vpc]}]
        groups = ec2.describe_security_groups(Filters=only_vpc)["SecurityGroups"]
        if any(group["GroupName"] != "default" for group in groups):
            # Stacks live in it. AWS refuses to delete such a VPC (DependencyViolation), and
            # deleting their groups would break them; so it stops being the default one: new
            # stacks see "No default VPC", the running ones keep working.
            self._set_default(region, vpc, False)
            self._hidden_default[region] = vpc
            return
        for subnet in ec2.describe_subnets(Filters=only_vpc)["Subnets"]:
            ec2.delete_subnet(SubnetId=subnet["SubnetId"])
        attached: list[FilterTypeDef] = [{"Name": "attachment.vpc-id", "Values": [vpc]}]
        for gateway in ec2.describe_internet_gateways(Filters=attached)["InternetGateways"]:
            gid = gateway["InternetGatewayId"]
            ec2.detach_internet_gateway(InternetGatewayId=gid, VpcId=vpc)
            ec2.delete_internet_gateway(InternetGatewayId=gid)
        ec2.delete_vpc(VpcId=vpc)

    def restore_default_vpc(self, region: str) -> None:
        """Give the region a default VPC again (what ``no-default-vpc`` took away)."""
        if self.default_vpc(region) is not None:
            return
        hidden = self._hidden_default.pop(region, None)
        if hidden is not None and self._set_default(region, hidden, True):
            return
        with contextlib.suppress(ClientError):
            self.client("ec2", region).create_default_vpc()

    @staticmethod
    def _set_default(region: str, vpc_id: str, default: bool) -> bool:
        """Flip moto's own flag (moto runs in this process); False when the VPC is gone."""
        from moto.core import DEFAULT_ACCOUNT_ID  # heavy: loaded once a sandbox runs
        from moto.ec2.models import ec2_backends

        vpc = ec2_backends[DEFAULT_ACCOUNT_ID][region].vpcs.get(vpc_id)
        if vpc is None:
            return False
        vpc.is_default = default
        return True

    # -- security group -------------------------------------------------------------------
    def create_security_group(self, region: str, name: str, props: dict[str, Any]) -> str:
        """Create the group (by name, in the default VPC) with its ingress; returns the name."""
        if props.get("VpcId") is None and self.default_vpc(region) is None:
            raise ResourceFailure(no_default_vpc_reason())
        ec2 = self.client("ec2", region)
        kwargs: dict[str, Any] = {
            "GroupName": name,
            "Description": str(props.get("GroupDescription", name)),
        }
        if props.get("VpcId"):
            kwargs["VpcId"] = props["VpcId"]
        group_id = ec2.create_security_group(**kwargs)["GroupId"]
        permissions: list[IpPermissionTypeDef] = [
            {
                "IpProtocol": str(rule.get("IpProtocol", "tcp")),
                "FromPort": int(rule.get("FromPort", 0)),
                "ToPort": int(rule.get("ToPort", 0)),
                "IpRanges": [{"CidrIp": str(rule.get("CidrIp", "0.0.0.0/0"))}],
            }
            for rule in props.get("SecurityGroupIngress") or []
        ]
        if permissions:
            ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=permissions)
        return name if not props.get("VpcId") else group_id

    def delete_security_group(self, region: str, physical_id: str) -> None:
        ec2 = self.client("ec2", region)
        try:
            if physical_id.startswith("sg-"):
                ec2.delete_security_group(GroupId=physical_id)
            else:
                ec2.delete_security_group(GroupName=physical_id)
        except ClientError as exc:
            log.info("security group %s not deleted: %s", physical_id, exc)

    # -- instance -------------------------------------------------------------------------
    def check_instance_type(self, region: str, instance_type: str, image_id: str) -> None:
        ec2 = self.client("ec2", region)
        try:
            # Any name is sent as given: EC2 itself refuses names it does not know.
            info = ec2.describe_instance_types(
                InstanceTypes=[cast("InstanceTypeType", instance_type)]
            )["InstanceTypes"]
        except ClientError:
            info = []
        if not info:
            raise ResourceFailure(bad_type_reason(instance_type))
        archs = info[0].get("ProcessorInfo", {}).get("SupportedArchitectures", [])
        image_arch = "x86_64"
        with contextlib.suppress(ClientError, IndexError, KeyError):
            image_arch = ec2.describe_images(ImageIds=[image_id])["Images"][0]["Architecture"]
        if archs and image_arch not in archs:
            raise ResourceFailure(arch_reason(archs[0], image_arch))

    def key_exists(self, region: str, name: str) -> bool:
        try:
            pairs = self.client("ec2", region).describe_key_pairs(KeyNames=[name])["KeyPairs"]
        except ClientError:
            return False
        return bool(pairs)

    def delete_key(self, region: str, name: str) -> None:
        with contextlib.suppress(ClientError):
            self.client("ec2", region).delete_key_pair(KeyName=name)

    def run_instance(self, region: str, props: dict[str, Any], tags: dict[str, str]) -> str:
        kwargs: dict[str, Any] = {
            "ImageId": props["ImageId"],
            "InstanceType": props["InstanceType"],
            "MinCount": 1,
            "MaxCount": 1,
        }
        if props.get("KeyName"):
            kwargs["KeyName"] = props["KeyName"]
        if props.get("SecurityGroups"):
            kwargs["SecurityGroups"] = list(props["SecurityGroups"])
        mappings = block_device_mappings(props.get("BlockDeviceMappings"))
        if mappings:
            kwargs["BlockDeviceMappings"] = mappings
        if tags:
            kwargs["TagSpecifications"] = [
                {
                    "ResourceType": "instance",
                    "Tags": [{"Key": k, "Value": v} for k, v in tags.items()],
                }
            ]
        instance = self.client("ec2", region).run_instances(**kwargs)["Instances"][0]
        return str(instance["InstanceId"])

    def terminate(self, region: str, instance_id: str) -> None:
        try:
            self.client("ec2", region).terminate_instances(InstanceIds=[instance_id])
        except ClientError as exc:
            log.info("instance %s not terminated: %s", instance_id, exc)
