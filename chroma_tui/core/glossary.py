"""AWS's raw reasons in plain words: a short gloss shown beneath the reason, never instead of it.

CloudFormation writes its event reasons in English ("User Initiated", "Resource creation
cancelled", "The following resource(s) failed to create: [...]"). Screens keep that raw text
(it is what AWS support and search engines know) and add the gloss in the user's language.
The most specific rule wins: an EC2 error code inside a handler message beats the generic
"Resource handler returned message" gloss.
"""

from __future__ import annotations

import re

from chroma_tui.i18n import t

# (gloss key, pattern searched case-insensitively in the raw reason), first match wins.
RULES: tuple[tuple[str, str], ...] = (
    ("gloss.no_default_vpc", r"VPCIdNotSpecified|No default VPC"),
    ("gloss.missing_key", r"InvalidKeyPair\.NotFound|key ?pair '?[^']*'? does not exist"),
    ("gloss.capacity", r"InsufficientInstanceCapacity|insufficient capacity"),
    ("gloss.vcpu_limit", r"VcpuLimitExceeded"),
    ("gloss.instance_limit", r"InstanceLimitExceeded"),
    ("gloss.pending_verification", r"PendingVerification"),
    ("gloss.opt_in", r"OptInRequired"),
    ("gloss.no_mapping", r"Unable to get mapping|Region2AMI"),
    ("gloss.unsupported", r"Error Code: Unsupported\b|\(Unsupported\)|^Unsupported\b"),
    ("gloss.denied", r"UnauthorizedOperation|AccessDenied|not authorized to perform"),
    ("gloss.throttled", r"Throttling|Rate exceeded|RequestLimitExceeded"),
    ("gloss.failed_to_create", r"The following resource\(s\) failed to create"),
    ("gloss.failed_to_delete", r"The following resource\(s\) failed to delete"),
    ("gloss.cancelled", r"Resource creation cancelled"),
    ("gloss.consistency", r"Eventual consistency check initiated"),
    ("gloss.retry", r"Resource creation retry"),
    ("gloss.handler", r"Resource handler returned message"),
    ("gloss.creating", r"^Resource creation Initiated$"),
    ("gloss.user", r"^User Initiated$"),
)
_COMPILED = tuple((key, re.compile(pattern, re.IGNORECASE)) for key, pattern in RULES)


def gloss_key(reason: str) -> str | None:
    """The catalogue key of the gloss for ``reason``, or None for an empty or unknown one."""
    text = reason.strip()
    if not text:
        return None
    for key, pattern in _COMPILED:
        if pattern.search(text):
            return key
    return None


def gloss(reason: str) -> str | None:
    """The gloss in the current language, or None when there is nothing to explain."""
    key = gloss_key(reason)
    return t(key) if key else None
