"""Instance types for a region: size, architecture, offered or not, and whether Chroma can run.

Refused: under 2 GiB of memory (Chroma needs at least 2 GB; the 1 GiB free-tier types won't run
it), arm64-only types (the template's AMI is x86_64), and types not offered in the region.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING, Any, cast

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core.aws import AwsSession, error_code, map_error
from chroma_tui.core.errors import InputError
from chroma_tui.core.models import InstanceTypeOption
from chroma_tui.core.pricing import estimate_price
from chroma_tui.core.validation import check_instance_type_name

if TYPE_CHECKING:
    from mypy_boto3_ec2.literals import InstanceTypeType

log = logging.getLogger(__name__)

RECOMMENDED: tuple[str, ...] = (
    "t3.small",
    "t3.medium",
    "t3.large",
    "t3.xlarge",
    "t3.2xlarge",
    "m5.4xlarge",
    "r7i.2xlarge",
)
DEFAULT_INSTANCE_TYPE = "t3.small"
MIN_MEMORY_MIB = 2048
AMI_ARCHITECTURE = "x86_64"
PROBLEM_TOO_SMALL = "instance.too_small"
PROBLEM_ARM_ONLY = "instance.arm_only"
PROBLEM_NOT_OFFERED = "instance.not_offered"
_UNKNOWN_CODES = frozenset({"InvalidInstanceType", "InvalidParameterValue"})


def _describe(aws: AwsSession, region: str, names: list[str]) -> dict[str, Mapping[str, Any]]:
    """DescribeInstanceTypes for ``names``; unknown names are simply absent from the result."""
    ec2 = aws.client("ec2", region)
    try:
        # Any name is sent as typed: AWS itself answers for names it does not know.
        reply = ec2.describe_instance_types(InstanceTypes=cast("list[InstanceTypeType]", names))
        return {t["InstanceType"]: t for t in reply.get("InstanceTypes", [])}
    except ClientError as exc:
        if error_code(exc) not in _UNKNOWN_CODES:
            raise map_error(exc, aws.profile) from exc
        if len(names) == 1:
            return {}
    except BotoCoreError as exc:
        raise map_error(exc, aws.profile) from exc
    # One unknown name fails the whole call: ask one by one to keep the others.
    found: dict[str, Mapping[str, Any]] = {}
    for name in names:
        found.update(_describe(aws, region, [name]))
    return found


def _offered(aws: AwsSession, region: str, names: list[str]) -> set[str]:
    ec2 = aws.client("ec2", region)
    offered: set[str] = set()
    try:
        for page in ec2.get_paginator("describe_instance_type_offerings").paginate(
            LocationType="region", Filters=[{"Name": "instance-type", "Values": names}]
        ):
            offered.update(o["InstanceType"] for o in page.get("InstanceTypeOfferings", []))
    except (BotoCoreError, ClientError) as exc:
        mapped = map_error(exc, aws.profile)
        if mapped.key == "aws.access_denied":  # a read-only look we may not take: go on
            log.warning("DescribeInstanceTypeOfferings refused; assuming offered: %s", mapped.raw)
            return set(names)
        raise mapped from exc
    return offered


def _option(
    aws: AwsSession, region: str, spec: Mapping[str, Any], offered: bool, priced: bool
) -> InstanceTypeOption:
    name = str(spec["InstanceType"])
    memory = int(spec.get("MemoryInfo", {}).get("SizeInMiB", 0))
    vcpus = int(spec.get("VCpuInfo", {}).get("DefaultVCpus", 0))
    arches = tuple(spec.get("ProcessorInfo", {}).get("SupportedArchitectures", ()))
    problem: str | None = None
    if memory < MIN_MEMORY_MIB:
        problem = PROBLEM_TOO_SMALL
    elif arches and AMI_ARCHITECTURE not in arches:
        problem = PROBLEM_ARM_ONLY
    elif not offered:
        problem = PROBLEM_NOT_OFFERED
    return InstanceTypeOption(
        name=name,
        vcpus=vcpus,
        memory_mib=memory,
        architectures=arches,
        offered=offered,
        price=estimate_price(aws, region, name) if priced else None,
        problem_key=problem,
    )


def list_instance_types(
    aws: AwsSession, region: str, names: tuple[str, ...] | list[str] = RECOMMENDED
) -> list[InstanceTypeOption]:
    """The given types in the given order (unknown ones left out), with prices."""
    wanted = list(dict.fromkeys(names))
    specs = _describe(aws, region, wanted)
    offered = _offered(aws, region, list(specs)) if specs else set()
    present = [n for n in wanted if n in specs]
    # Prices may each be a network call: ask for them side by side.
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda n: _option(aws, region, specs[n], n in offered, True), present))


def check_instance_type(aws: AwsSession, region: str, name: str) -> InstanceTypeOption:
    """The option for a typed-in type; InputError if unknown or if Chroma cannot use it."""
    name = check_instance_type_name(name)
    specs = _describe(aws, region, [name])
    if name not in specs:
        raise InputError("instance.unknown", name=name, region=region)
    option = _option(aws, region, specs[name], name in _offered(aws, region, [name]), True)
    if option.problem_key:
        raise InputError(
            option.problem_key,
            name=name,
            region=region,
            memory=f"{option.memory_gib:g}",
            arch=", ".join(option.architectures),
        )
    return option
