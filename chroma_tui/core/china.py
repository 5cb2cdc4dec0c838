"""AWS China: told apart from global AWS before anything is sent, and explained.

AWS China (Beijing cn-north-1, Ningxia cn-northwest-1) is a separate partition: its ARNs begin
with ``arn:aws-cn:``, it has its own accounts and console (console.amazonaws.cn), and keys of one
partition do not work in the other. Chroma's official template cannot run there: its Region2AMI
map has no AMI for a China region and the server image comes from ghcr.io (FACTS.md).
"""

from __future__ import annotations

from chroma_tui.core.errors import CredentialsError, InputError

CHINA_REGIONS = ("cn-north-1", "cn-northwest-1")
NEAREST_REGIONS = ("ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-northeast-3")
"""Template regions nearest to China: Tokyo, Seoul, Singapore, Osaka."""
CHINA_PARTITION_PREFIX = "arn:aws-cn:"
REASON_CHINA = "region.china"


def is_china_region(region: str | None) -> bool:
    return bool(region) and str(region).startswith("cn-")


def is_china_arn(arn: str | None) -> bool:
    return bool(arn) and str(arn).startswith(CHINA_PARTITION_PREFIX)


def _params(region: str | None) -> dict[str, str]:
    return {"region": region or "", "nearest": ", ".join(NEAREST_REGIONS)}


def region_error(region: str) -> InputError:
    """For a cn-* region chosen or passed: raised before any call to AWS."""
    return InputError("china.region", **_params(region))


def credentials_error(region: str | None, arn: str = "") -> CredentialsError:
    """For credentials of the aws-cn partition, or a session whose region is cn-*."""
    if is_china_arn(arn):
        return CredentialsError("china.partition", raw=arn, **_params(region))
    return CredentialsError("china.session_region", **_params(region))


def check_region(region: str | None) -> None:
    """Raise :func:`region_error` for an AWS China region; anything else passes."""
    if region and is_china_region(region):
        raise region_error(region)
