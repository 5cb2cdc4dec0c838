"""Whose is this record? A deployment belongs to the endpoint and the account it was made with.

A stack lives in one account behind one endpoint (AWS itself, or what ``AWS_ENDPOINT_URL``
points at). Asked through anything else, AWS answers "does not exist" for a stack that is alive
and billed, so a record is refreshed, deleted or locked only where it was made; elsewhere it is
listed as belonging elsewhere and never rewritten.

Records saved before the account was kept (no ``account_id``) take it from their StackId, an ARN
that names the account (``arn:aws:cloudformation:<region>:<account>:stack/...``). A record with
neither (CreateStack never answered) counts as the current account's on its own endpoint: it is
only ever matched to a stack carrying its own ClientRequestToken, which no other account has.
A record without ``endpoint_url`` was made against AWS itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from chroma_tui.core import identity
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.models import Deployment

_ARN_ACCOUNT = re.compile(r"^arn:[a-z-]+:cloudformation:[a-z0-9-]*:(\d{12}):")


@dataclass(frozen=True)
class Elsewhere:
    """Why a record is not this session's: the endpoint and account it belongs to."""

    endpoint: str  # "AWS" for AWS itself
    account: str  # "?" when not known


def normal_endpoint(url: str | None) -> str | None:
    """Endpoints compared without case or a trailing slash; ``None`` (or "") is AWS itself."""
    cleaned = (url or "").strip().rstrip("/").lower()
    return cleaned or None


def account_from_arn(arn: str | None) -> str | None:
    match = _ARN_ACCOUNT.match(arn or "")
    return match.group(1) if match else None


def record_account(deployment: Deployment) -> str | None:
    """The account the record was made with: saved, else read from its StackId."""
    return deployment.account_id or account_from_arn(deployment.stack_id)


def elsewhere(
    deployment: Deployment, endpoint_url: str | None, account: str | None
) -> Elsewhere | None:
    """None when the record belongs to this endpoint and account, else where it belongs.

    ``account`` None means the current account is not known: only the endpoint is compared.
    """
    made_at = normal_endpoint(deployment.endpoint_url)
    owner = record_account(deployment)
    other_endpoint = made_at != normal_endpoint(endpoint_url)
    other_account = owner is not None and account is not None and owner != account
    if not (other_endpoint or other_account):
        return None
    return Elsewhere(endpoint=deployment.endpoint_url or "AWS", account=owner or "?")


def where_it_belongs(deployment: Deployment, aws: AwsSession) -> Elsewhere | None:
    """``elsewhere`` for this session: the endpoint first, the account (one STS call per
    session, cached) only when the endpoint matches and the record's account is known."""
    account = None
    same_endpoint = normal_endpoint(deployment.endpoint_url) == normal_endpoint(aws.endpoint_url)
    if same_endpoint and record_account(deployment):
        account = identity.account_of(aws)
    return elsewhere(deployment, aws.endpoint_url, account)
