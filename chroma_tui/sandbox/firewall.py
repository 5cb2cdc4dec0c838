"""The security group, enforced: an instance's Chroma answers only addresses its group allows.

On EC2 a security group that does not allow the caller drops its packets: a connection to
port 8000 times out, it is never refused. The sandbox's instances all live on this machine,
whose "public address" is the sandbox's answer to the what-is-my-IP lookup
(``/_sandbox/myip``). After every change of that address and of a group's ingress rules the
sandbox checks each instance's groups: when no rule on port 8000 covers the address, its Chroma
process is paused (SIGSTOP: the kernel still accepts the connection, nothing ever answers, so
the client times out as on EC2); when one does again, it is resumed (SIGCONT).
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Iterable
from typing import Any

log = logging.getLogger(__name__)

CHROMA_PORT = 8000


def covers(permissions: Iterable[dict[str, Any]], ip: str, port: int = CHROMA_PORT) -> bool:
    """True when a tcp rule for ``port`` has a range holding ``ip``."""
    address = ipaddress.ip_address(ip)
    for perm in permissions:
        if perm.get("IpProtocol") not in ("tcp", "-1"):
            continue
        low, high = perm.get("FromPort"), perm.get("ToPort")
        if perm.get("IpProtocol") == "tcp" and not (
            low is not None and high is not None and int(low) <= port <= int(high)
        ):
            continue
        ranges = [r.get("CidrIp") for r in perm.get("IpRanges") or []]
        ranges += [r.get("CidrIpv6") for r in perm.get("Ipv6Ranges") or []]
        for cidr in ranges:
            try:
                network = ipaddress.ip_network(str(cidr), strict=False)
            except ValueError:
                continue
            if address.version == network.version and address in network:
                return True
    return False


def group_permissions(ec2: Any, groups: Iterable[str]) -> list[dict[str, Any]] | None:
    """The ingress rules of the groups (names or ids), None when none of them exists."""
    names = [g for g in groups if not g.startswith("sg-")]
    ids = [g for g in groups if g.startswith("sg-")]
    found: list[dict[str, Any]] = []
    seen = False
    if names:
        reply = ec2.describe_security_groups(Filters=[{"Name": "group-name", "Values": names}])
        for group in reply.get("SecurityGroups") or []:
            seen = True
            found.extend(group.get("IpPermissions") or [])
    if ids:
        reply = ec2.describe_security_groups(GroupIds=ids)
        for group in reply.get("SecurityGroups") or []:
            seen = True
            found.extend(group.get("IpPermissions") or [])
    return found if seen else None
