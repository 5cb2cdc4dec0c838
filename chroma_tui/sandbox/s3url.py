"""S3 object URLs (path style and virtual-hosted style) as (bucket, key)."""

from __future__ import annotations

import re
from urllib.parse import urlparse

S3_HOST_RE = re.compile(
    r"^(?:(?P<vbucket>.+)\.)?s3(?:[.-](?P<region>[a-z0-9-]+))?\.amazonaws\.com$"
)


def split(url: str) -> tuple[str, str] | None:
    """``(bucket, key)`` of an http(s) S3 URL, or None when it is not one."""
    parsed = urlparse(url)
    match = S3_HOST_RE.match(parsed.hostname or "")
    if parsed.scheme not in ("https", "http") or not match:
        return None
    path = parsed.path.lstrip("/")
    if match.group("vbucket"):
        bucket, key = match.group("vbucket"), path
    else:
        bucket, _, key = path.partition("/")
    if not bucket or not key:
        return None
    return bucket, key
