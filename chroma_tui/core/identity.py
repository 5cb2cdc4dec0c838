"""Who am I: STS GetCallerIdentity, where the credentials came from, credential errors with fixes.

GetCallerIdentity needs no IAM permission, only working credentials, so it is the first call the
wizard makes. Only the masked access key id is kept; the secret key is never read into our data.
It is asked in the partition's home region (us-east-1, cn-north-1, us-gov-west-1), always
enabled: STS in a region the account has not enabled answers as if the key were unknown.
"""

from __future__ import annotations

import threading
import weakref

from botocore.exceptions import BotoCoreError, ClientError

from chroma_tui.core import china
from chroma_tui.core.aws import AwsSession, map_error
from chroma_tui.core.errors import CredentialsError, Throttled, Unreachable
from chroma_tui.core.models import Identity

# The partition's own always-enabled region, by region-name prefix (first match wins).
PARTITION_HOME = (("cn-", "cn-north-1"), ("us-gov-", "us-gov-west-1"), ("", "us-east-1"))
_accounts: weakref.WeakKeyDictionary[AwsSession, str] = weakref.WeakKeyDictionary()
_accounts_lock = threading.Lock()


def identity_region(region: str | None) -> str:
    """Where to ask STS for ``region``'s partition: never a region that may be disabled."""
    name = region or ""
    return next(home for prefix, home in PARTITION_HOME if name.startswith(prefix))


def account_of(aws: AwsSession) -> str:
    """The session's account id, asked once per session (records are compared with it)."""
    with _accounts_lock:
        found = _accounts.get(aws)
    if found is None:
        found = who_am_i(aws).account
        with _accounts_lock:
            _accounts[aws] = found
    return found


def mask_key_id(key_id: str) -> str:
    """``AKIAABCDEFGHIJKLWXYZ`` → ``AKIA************WXYZ``; short values are fully masked."""
    if len(key_id) <= 8:
        return "*" * len(key_id)
    return key_id[:4] + "*" * (len(key_id) - 8) + key_id[-4:]


def _mask_if_key(user_id: str, key_id: str) -> str:
    """Some endpoints (moto) echo the access key id as UserId: never show it whole."""
    return mask_key_id(user_id) if key_id and user_id == key_id else user_id


def who_am_i(aws: AwsSession) -> Identity:
    """The caller's account and ARN; raises CredentialsError with a fix when that fails.

    AWS China (a cn-* session region, or an ``arn:aws-cn:`` identity) is refused with the
    explanation of core/china.py: nothing is sent when the region alone tells.
    """
    if china.is_china_region(aws.region):
        raise china.credentials_error(aws.region)
    try:
        credentials = aws.boto.get_credentials()
    except BotoCoreError as exc:
        raise _as_credentials_error(exc, aws) from exc
    if credentials is None:
        raise CredentialsError("cred.none")
    source = str(getattr(credentials, "method", "") or "unknown")
    try:
        # Only the access key id is read: resolving it may refresh SSO/assumed-role credentials.
        key_id = credentials.access_key or ""
    except BotoCoreError as exc:
        raise _as_credentials_error(exc, aws) from exc
    try:
        reply = aws.client("sts", identity_region(aws.region)).get_caller_identity()
    except (BotoCoreError, ClientError) as exc:
        raise _as_credentials_error(exc, aws) from exc
    arn = str(reply.get("Arn", ""))
    if china.is_china_arn(arn):
        raise china.credentials_error(aws.region, arn)
    return Identity(
        account=str(reply.get("Account", "")),
        arn=arn,
        user_id=_mask_if_key(str(reply.get("UserId", "")), key_id),
        source=source,
        masked_key_id=mask_key_id(key_id),
        profile=aws.profile,
        region=aws.region,
    )


def _as_credentials_error(exc: BaseException, aws: AwsSession) -> CredentialsError:
    """At this step every failure is a reason the credentials cannot be used yet."""
    mapped = map_error(exc, aws.profile)
    if isinstance(mapped, CredentialsError):
        return mapped
    if isinstance(mapped, (Unreachable, Throttled)):
        return CredentialsError(mapped.key, raw=mapped.raw, **mapped.params)
    return CredentialsError("cred.rejected", raw=mapped.raw)
