"""Why did the stack fail? The earliest real failure, matched against AWS's own wording.

CloudFormation marks every resource it gives up on as "Resource creation cancelled"; the cause is
the earliest failed resource whose reason is something else. Its reason (AWS's error code and
text) is matched to a known problem with a plain explanation and a fix action the UI offers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from chroma_tui.core import stack_status
from chroma_tui.core.models import RootCause, StackEvent
from chroma_tui.i18n import t

PROBLEMS = (
    "no-default-vpc",
    "missing-key-pair",
    "insufficient-capacity",
    "vcpu-limit",
    "instance-limit",
    "pending-verification",
    "opt-in-required",
    "invalid-block-device",
    "unsupported-in-zone",
    "unsupported-instance-type",
    "unsupported-region",
    "token-exists",
    "insufficient-capabilities",
    "stack-limit",
    "access-denied",
    "unknown",
)
CANCELLED = "resource creation cancelled"
FIX_ACTIONS = {
    "no-default-vpc": "create-default-vpc",
    "missing-key-pair": "choose-key-pair",
    "insufficient-capacity": "choose-instance-type",
    "vcpu-limit": "choose-instance-type",
    "unsupported-in-zone": "choose-instance-type",
    "unsupported-instance-type": "choose-instance-type",
    "unsupported-region": "choose-region",
    "opt-in-required": "choose-region",
}
# Types to suggest instead of a failing one (x86_64, at least 2 GiB), first that differs wins.
ALTERNATIVE_TYPES = ("t3.small", "t3a.small", "t3.medium", "m5.large")

# (problem, patterns matched case-insensitively against the raw reason), first match wins:
# the specific AWS error codes come before the wordings that could match several of them.
_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("no-default-vpc", (r"VPCIdNotSpecified", r"No default VPC")),
    (
        "missing-key-pair",
        (
            r"InvalidKeyPair\.NotFound",
            r"key ?pair '?[^']*'? does not exist",
            r"KeyName.*does not exist",
        ),
    ),
    ("vcpu-limit", (r"VcpuLimitExceeded", r"current vCPU limit")),
    ("instance-limit", (r"InstanceLimitExceeded", r"instance limit", r"more running instance")),
    ("pending-verification", (r"PendingVerification", r"being validated")),
    ("opt-in-required", (r"OptInRequired", r"needs a subscription", r"not subscribed")),
    ("invalid-block-device", (r"InvalidBlockDeviceMapping", r"block device mapping")),
    ("token-exists", (r"TokenAlreadyExists", r"same ClientRequestToken")),
    ("insufficient-capabilities", (r"InsufficientCapabilities", r"Requires capabilities")),
    ("stack-limit", (r"LimitExceededException", r"Limit for stacks", r"LimitExceeded")),
    (
        "insufficient-capacity",
        (
            r"InsufficientInstanceCapacity",
            r"insufficient capacity",
            r"do not have sufficient .* capacity",
        ),
    ),
    ("unsupported-in-zone", (r"not supported in your requested Availability Zone",)),
    (
        "unsupported-instance-type",
        (
            r"Error Code: Unsupported\b",
            r"\bUnsupported\b",
            r"InvalidInstanceType",
            r"instance type .*(not supported|invalid|does not exist)",
            r"InvalidParameterValue.*InstanceType",
            r"InstanceType.*InvalidParameterValue",
            r"architecture '.*' of the specified instance type",
            r"requested configuration is currently not supported",
        ),
    ),
    (
        "unsupported-region",
        (
            r"Unable to get mapping",
            r"Region2AMI",
            r"InvalidAMIID",
            r"not supported in (this|the) region",
        ),
    ),
    (
        "access-denied",
        (r"AccessDenied", r"UnauthorizedOperation", r"not authorized"),
    ),
)


def classify(reason: str) -> str:
    """The known problem an AWS reason names, else "unknown"."""
    for problem, patterns in _RULES:
        if any(re.search(p, reason, re.IGNORECASE) for p in patterns):
            return problem
    return "unknown"


def _params(problem: str, reason: str, region: str) -> dict[str, str]:
    found: dict[str, str] = {"region": region}
    patterns = {
        "key_name": r"key ?pair '([^']+)'",
        "instance_type": r"sufficient (\S+) capacity"
        r"|instance type \(?'?([a-z][a-z0-9-]*\.[a-z0-9]+)'?\)?"
        r"|'([a-z][a-z0-9-]*\.[a-z0-9]+)' for InstanceType",
        "zone": r"Availability Zone[^(]*\(([a-z0-9-]+)\)",
        "action": r"perform: ([A-Za-z0-9:*-]+)",
        "limit": r"limit of (\d+)",
    }
    for name, pattern in patterns.items():
        match = re.search(pattern, reason, re.IGNORECASE)
        if match:
            found[name] = next(g for g in match.groups() if g) if match.groups() else ""
    failing = found.get("instance_type", "").lower()
    found["alternative"] = next(t for t in ALTERNATIVE_TYPES if t != failing)
    found["other_region"] = "us-west-2" if region == "us-east-1" else "us-east-1"
    return found


def cause_from_reason(
    reason: str, region: str, logical_id: str = "", resource_type: str = ""
) -> RootCause:
    """A RootCause for a raw AWS reason (a failed event, or a CreateStack error)."""
    problem = classify(reason)
    console_url = None
    if problem == "no-default-vpc":
        from chroma_tui.core.vpc import vpc_console_url  # the other engineer's module

        console_url = vpc_console_url(region)
    return RootCause(
        problem=problem,
        logical_id=logical_id,
        resource_type=resource_type,
        raw_reason=reason,
        region=region,
        fix_action=FIX_ACTIONS.get(problem),
        console_url=console_url,
        params=_params(problem, reason, region),
    )


def root_cause(events: Sequence[StackEvent], region: str) -> RootCause | None:
    """The earliest real failure among ``events``; None when nothing failed."""
    ordered = sorted(enumerate(events), key=lambda pair: (pair[1].timestamp, pair[0]))
    resource_failures = [
        e
        for _, e in ordered
        if e.is_failure and not e.is_stack_event and CANCELLED not in e.reason.lower()
    ]
    if resource_failures:
        first = resource_failures[0]
        return cause_from_reason(first.reason, region, first.logical_id, first.resource_type)
    stack_problems = [
        e
        for _, e in ordered
        if e.is_stack_event and e.reason and (e.is_failure or stack_status.rolling_back(e.status))
    ]
    if stack_problems:
        first = stack_problems[0]
        return cause_from_reason(first.reason, region, first.logical_id, first.resource_type)
    return None


def describe(cause: RootCause) -> tuple[str, str, str]:
    """(title, explanation, fix) in the current language."""
    params = {
        "key_name": "",
        "instance_type": "",
        "zone": "",
        "action": "",
        "limit": "",
        "alternative": ALTERNATIVE_TYPES[0],
        "other_region": "us-east-1",
        **cause.params,
        "region": cause.region,
        "resource": cause.logical_id or "-",
        "raw": cause.raw_reason,
        "console_url": cause.console_url or "",
    }
    base = f"diagnosis.{cause.problem}"
    return (
        t(f"{base}.title", **params),
        t(f"{base}.body", **params),
        t(f"{base}.fix", **params),
    )
