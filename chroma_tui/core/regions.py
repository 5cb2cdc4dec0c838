"""Regions the user can launch in: the account's enabled regions ∩ the template's AMI regions."""

from __future__ import annotations

import logging

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core.aws import AwsSession, map_error
from chroma_tui.core.china import REASON_CHINA, is_china_region
from chroma_tui.core.errors import AwsError
from chroma_tui.core.models import RegionOption, TemplateInfo

log = logging.getLogger(__name__)

ENABLED_STATUSES = frozenset({"opt-in-not-required", "opted-in"})
REASON_NOT_ENABLED = "region.not_enabled"
REASON_NO_AMI = "region.no_ami"
# Geography first (as the console lists them), then the name.
_AREA_ORDER = ("us", "ca", "mx", "sa", "eu", "il", "me", "af", "ap")


def default_region(aws: AwsSession) -> str | None:
    """The region from ``--region``, AWS_REGION, AWS_DEFAULT_REGION or the profile."""
    return aws.region


def enabled_regions(aws: AwsSession) -> set[str] | None:
    """Regions enabled for this account, or None when the caller may not ask EC2."""
    try:
        reply = aws.client("ec2").describe_regions(AllRegions=True)
    except (BotoCoreError, ClientError) as exc:
        mapped = map_error(exc, aws.profile)
        if isinstance(mapped, AwsError) and mapped.key == "aws.access_denied":
            log.info("DescribeRegions refused; trusting the template's regions: %s", mapped.raw)
            return None
        raise mapped from exc
    return {
        r["RegionName"]
        for r in reply.get("Regions", [])
        if r.get("OptInStatus", "opt-in-not-required") in ENABLED_STATUSES
    }


def _sort_key(option: RegionOption) -> tuple[int, int, str]:
    area = option.name.split("-", 1)[0]
    rank = _AREA_ORDER.index(area) if area in _AREA_ORDER else len(_AREA_ORDER)
    return (0 if option.supported else 1, rank, option.name)


def list_regions(aws: AwsSession, template: TemplateInfo) -> list[RegionOption]:
    """Every region worth showing: usable ones first, the others with the reason why not."""
    enabled = enabled_regions(aws)
    wanted = set(template.regions)
    options = [
        RegionOption(name, True)
        if enabled is None or name in enabled
        else RegionOption(name, False, REASON_NOT_ENABLED)
        for name in wanted
    ]
    options += [
        RegionOption(name, False, REASON_CHINA if is_china_region(name) else REASON_NO_AMI)
        for name in (enabled or set()) - wanted
    ]
    return sorted(options, key=_sort_key)
