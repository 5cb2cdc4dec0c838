"""Lock the door: ports 22 and 8000 of a stack's security group open to one address only.

"My IP" must be an address the internet can see: a private, loopback, link-local, multicast,
reserved or unspecified answer (a proxy, a broken what-is-my-IP service) would lock the user out
or mean nothing. The documentation ranges (TEST-NET-1/2/3, RFC 5737) are accepted on purpose:
they never route on the internet, so no real answer is one of them, and test endpoints use them.
An IPv6 address is accepted only for an instance that has an IPv6 address itself.

The new rules are authorised before the old ones are revoked, so a refusal half way never
leaves the instance unreachable; afterwards the group is read back to check what it holds.
"""

from __future__ import annotations

import ipaddress
import os
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core.aws import AwsSession, error_code, map_error
from chroma_tui.core.errors import AwsError, InputError, StackError

if TYPE_CHECKING:
    from mypy_boto3_ec2.type_defs import IpPermissionTypeDef, IpRangeTypeDef, Ipv6RangeTypeDef

MY_IP_URL = "https://checkip.amazonaws.com"
MY_IP_TIMEOUT_S = 5.0
SECURITY_GROUP_ID = "ChromaInstanceSecurityGroup"
INSTANCE_ID = "ChromaInstance"
LOCKED_PORTS = (22, 8000)
RULE_DESCRIPTION = "chroma-tui: locked to my IP"
WORLD = ("0.0.0.0/0", "::/0")

# Accepted although Python calls them private: RFC 5737 documentation ranges.
DOCUMENTATION_V4 = tuple(
    ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24")
)
# Never "my IP": RFC 1918, carrier-grade NAT, benchmarking, 0/8, 240/4 and the rest below.
NOT_PUBLIC_V4 = tuple(
    ipaddress.ip_network(n)
    for n in (
        "0.0.0.0/8",
        "10.0.0.0/8",
        "100.64.0.0/10",
        "127.0.0.0/8",
        "169.254.0.0/16",
        "172.16.0.0/12",
        "192.0.0.0/24",
        "192.168.0.0/16",
        "198.18.0.0/15",
        "224.0.0.0/4",
        "240.0.0.0/4",
    )
)
DOCUMENTATION_V6 = ipaddress.ip_network("2001:db8::/32")


def check_lock_ip(text: str, *, instance_has_ipv6: bool = False) -> str:
    """The address as a CIDR-ready string, or InputError saying why it cannot be "my IP"."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError as exc:
        raise InputError("journey.ip.invalid", raw=text.strip()[:60], ip=text.strip()[:60]) from exc
    if address.version == 4:
        if any(address in net for net in DOCUMENTATION_V4):
            return str(address)
        if any(address in net for net in NOT_PUBLIC_V4) or not address.is_global:
            raise InputError("journey.ip.not_public", ip=str(address))
        return str(address)
    if not instance_has_ipv6:
        raise InputError("journey.ip.ipv6_only", ip=str(address))
    v6 = ipaddress.IPv6Address(address)
    if v6 in DOCUMENTATION_V6:
        return str(v6)
    if (
        v6.is_unspecified
        or v6.is_loopback
        or v6.is_link_local
        or v6.is_multicast
        or v6.is_private
        or v6.ipv4_mapped is not None
    ):
        raise InputError("journey.ip.not_public", ip=str(v6))
    return str(v6)


def my_public_ip(timeout_s: float = MY_IP_TIMEOUT_S) -> str:
    """This machine's public IP as reported by CHROMA_TUI_MY_IP_URL (default checkip.amazonaws.com).

    Only the text is returned here; whether it may be used is ``check_lock_ip``'s decision.
    """
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


def lock_ports(aws: AwsSession, region: str, stack_id: str, name: str, ip: str) -> str:
    """Open 22/8000 to ``ip`` only: authorise it, then revoke the world and older locks.

    Returns the address locked to. Raises StackError / AwsError; on any failure before the
    revoke the group is unchanged, or holds the new rule next to the old ones (never nothing).
    """
    try:
        has_v6 = instance_has_ipv6(aws, region, stack_id)
        address = check_lock_ip(ip, instance_has_ipv6=has_v6)
        version = ipaddress.ip_address(address).version
        cidr = f"{address}/{32 if version == 4 else 128}"
        ec2 = aws.client("ec2", region)
        group_id = security_group_id(aws, region, stack_id, name)
        wanted = [_rule(port, cidr, version) for port in LOCKED_PORTS]
        try:
            ec2.authorize_security_group_ingress(GroupId=group_id, IpPermissions=wanted)
        except ClientError as exc:
            if error_code(exc) != "InvalidPermission.Duplicate":
                raise
        group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
        stale = _to_revoke(group.get("IpPermissions") or [], keep=cidr)
        if stale:
            ec2.revoke_security_group_ingress(GroupId=group_id, IpPermissions=stale)
        group = ec2.describe_security_groups(GroupIds=[group_id])["SecurityGroups"][0]
    except (ClientError, BotoCoreError) as exc:
        raise map_error(exc, aws.profile) from exc
    now_open = open_to(group.get("IpPermissions") or [])
    world = {(port, cidr) for port, cidr in now_open if cidr in WORLD}
    if world or not {(port, cidr) for port in LOCKED_PORTS} <= now_open:
        raise StackError("journey.lock.not_applied", name=name, ip=address)
    return address


def instance_has_ipv6(aws: AwsSession, region: str, stack_id: str) -> bool:
    """True when the stack's instance has an IPv6 address (the template's never does)."""
    instance = _physical_id(aws, region, stack_id, INSTANCE_ID)
    if not instance.startswith("i-"):
        return False
    reply = aws.client("ec2", region).describe_instances(InstanceIds=[instance])
    for reservation in reply.get("Reservations") or []:
        for item in reservation.get("Instances") or []:
            if item.get("Ipv6Address"):
                return True
            for nic in item.get("NetworkInterfaces") or []:
                if nic.get("Ipv6Addresses"):
                    return True
    return False


def _physical_id(aws: AwsSession, region: str, stack_id: str, logical: str) -> str:
    cfn = aws.client("cloudformation", region)
    try:
        reply = cfn.describe_stack_resources(StackName=stack_id, LogicalResourceId=logical)
    except ClientError as exc:
        if error_code(exc) == "ValidationError":
            return ""
        raise
    resources = reply.get("StackResources") or []
    return str(resources[0].get("PhysicalResourceId", "")) if resources else ""


def security_group_id(aws: AwsSession, region: str, stack_id: str, name: str) -> str:
    """The group's id; without a VpcId the template's group is known by name (default VPC)."""
    physical = _physical_id(aws, region, stack_id, SECURITY_GROUP_ID)
    if not physical:
        raise StackError("stack.error.no_security_group", name=name)
    if physical.startswith("sg-"):
        return physical
    groups = aws.client("ec2", region).describe_security_groups(
        Filters=[{"Name": "group-name", "Values": [physical]}]
    )["SecurityGroups"]
    if not groups:
        raise StackError("stack.error.no_security_group", name=name)
    return str(groups[0]["GroupId"])


def _rule(port: int, cidr: str, version: int) -> IpPermissionTypeDef:
    rule: IpPermissionTypeDef = {"IpProtocol": "tcp", "FromPort": port, "ToPort": port}
    if version == 4:
        rule["IpRanges"] = [{"CidrIp": cidr, "Description": RULE_DESCRIPTION}]
    else:
        rule["Ipv6Ranges"] = [{"CidrIpv6": cidr, "Description": RULE_DESCRIPTION}]
    return rule


def open_to(permissions: Sequence[Mapping[str, Any]]) -> set[tuple[int, str]]:
    """(port, cidr) for every range on ports 22 and 8000."""
    found: set[tuple[int, str]] = set()
    for perm in permissions:
        port = perm.get("FromPort")
        if port not in LOCKED_PORTS:
            continue
        for r in perm.get("IpRanges") or []:
            found.add((int(port), str(r.get("CidrIp"))))
        for r in perm.get("Ipv6Ranges") or []:
            found.add((int(port), str(r.get("CidrIpv6"))))
    return found


def _to_revoke(permissions: Sequence[Mapping[str, Any]], *, keep: str) -> list[IpPermissionTypeDef]:
    """The world-open ranges and earlier chroma-tui locks on 22/8000 (not ``keep``)."""
    found: list[IpPermissionTypeDef] = []
    for perm in permissions:
        if perm.get("FromPort") not in LOCKED_PORTS:
            continue

        def stale(r: Mapping[str, Any], key: str) -> bool:
            cidr = r.get(key)
            return cidr != keep and (cidr in WORLD or r.get("Description") == RULE_DESCRIPTION)

        v4: list[IpRangeTypeDef] = [
            {"CidrIp": r["CidrIp"]} for r in perm.get("IpRanges") or [] if stale(r, "CidrIp")
        ]
        v6: list[Ipv6RangeTypeDef] = [
            {"CidrIpv6": r["CidrIpv6"]}
            for r in perm.get("Ipv6Ranges") or []
            if stale(r, "CidrIpv6")
        ]
        if v4 or v6:
            rule: IpPermissionTypeDef = {
                "IpProtocol": str(perm.get("IpProtocol", "tcp")),
                "FromPort": int(perm["FromPort"]),
                "ToPort": int(perm.get("ToPort", perm["FromPort"])),
            }
            if v4:
                rule["IpRanges"] = v4
            if v6:
                rule["Ipv6Ranges"] = v6
            found.append(rule)
    return found
