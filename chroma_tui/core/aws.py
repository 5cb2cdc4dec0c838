"""The AWS session: boto3's standard credential chain, one botocore Config, cached clients.

The endpoint is never chosen here: botocore itself honours ``AWS_ENDPOINT_URL`` (and the
per-service ``AWS_ENDPOINT_URL_<SERVICE>``), which is how tests and the sandbox point the app
elsewhere. ``map_error`` turns botocore exceptions into the typed errors of ``core.errors``.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING, Literal, overload

import boto3
import botocore.session
from botocore.client import BaseClient
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    CredentialRetrievalError,
    HTTPClientError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
    SSOError,
    TokenRetrievalError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from chroma_tui import __version__
from chroma_tui.core.aws_models import botocore_session
from chroma_tui.core.errors import (
    AwsError,
    ChromaTuiError,
    CredentialsError,
    Throttled,
    Unreachable,
)
from chroma_tui.core.gc_policy import long_lived

if TYPE_CHECKING:  # per-service client types: stubs only (the test extra installs them)
    from mypy_boto3_cloudformation import CloudFormationClient
    from mypy_boto3_ec2 import EC2Client
    from mypy_boto3_pricing import PricingClient
    from mypy_boto3_s3 import S3Client
    from mypy_boto3_sts import STSClient

log = logging.getLogger(__name__)

# The AWS services the app talks to (each with its client type in the overloads below).
Service = Literal["cloudformation", "ec2", "pricing", "s3", "sts"]

FALLBACK_CLIENT_REGION = "us-east-1"

# AWS error codes that mean "these credentials do not work", with their catalogue keys.
CREDENTIAL_CODES: dict[str, str] = {
    "InvalidClientTokenId": "cred.invalid_key_id",
    "UnrecognizedClientException": "cred.invalid_key_id",
    "AuthFailure": "cred.invalid_key_id",
    "InvalidAccessKeyId": "cred.invalid_key_id",
    "SignatureDoesNotMatch": "cred.bad_signature",
    "ExpiredToken": "cred.expired_token",
    "ExpiredTokenException": "cred.expired_token",
    "RequestExpired": "cred.clock_skew",
    "RequestTimeTooSkewed": "cred.clock_skew",
}
ACCESS_DENIED_CODES = frozenset(
    {"AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "OptInRequired"}
)
# CloudFormation API errors with their own plain cause and fix (catalog_records.py).
API_CODES: dict[str, str] = {
    "TokenAlreadyExistsException": "records.api.token_exists",
    "InsufficientCapabilitiesException": "records.api.capabilities",
    "LimitExceededException": "records.api.limit_exceeded",
}
# A signature refused for its time, not its key: the clock is off (checked before the key).
_CLOCK_WORDS = ("signature expired", "signature not yet current", "request has expired")
THROTTLING_CODES = frozenset(
    {"Throttling", "ThrottlingException", "RequestLimitExceeded", "TooManyRequestsException"}
)


def _config(quick: bool = False) -> Config:
    return Config(
        # quick: exactly one attempt (botocore's max_attempts=1 still allows one retry). Its
        # callers retry by themselves and say so: the event stream shows "backing off" and
        # "reconnecting"; a price lookup simply falls back to the shipped table.
        retries={"mode": "standard", "total_max_attempts": 1} if quick else {"mode": "standard"},
        connect_timeout=3 if quick else 5,
        read_timeout=5 if quick else 20,
        user_agent_extra=f"chroma-tui/{__version__}",
        # Path-style S3 URLs: the official template's bucket name has dots, and any endpoint
        # (a local one included) then serves it the same way.
        s3={"addressing_style": "path"},
    )


def list_profiles() -> list[str]:
    """Profile names from the AWS config and credentials files (sorted, ``default`` first)."""
    try:
        names = botocore.session.Session(profile=None).available_profiles
    except BotoCoreError:
        return []
    return sorted(set(names), key=lambda n: (n != "default", n))


class AwsSession:
    """One boto3 session for a profile, with a thread-safe client cache per (service, region)."""

    def __init__(self, profile: str | None = None, region: str | None = None) -> None:
        self.profile = profile or None
        try:
            # One shared model loader for every session (aws_models: no stall, no re-parse).
            with long_lived():
                self.boto = boto3.Session(
                    profile_name=self.profile, botocore_session=botocore_session()
                )
            # The AWS CLI gives AWS_REGION precedence over AWS_DEFAULT_REGION; boto3 only reads
            # the latter (and the profile), so look at AWS_REGION first ourselves. (Reading the
            # profile's region is also where an unknown profile is noticed.)
            self.region = region or os.environ.get("AWS_REGION") or self.boto.region_name or None
        except ProfileNotFound as exc:
            raise unknown_profile_error(
                self.profile or os.environ.get("AWS_PROFILE") or "", str(exc)
            ) from exc
        self.endpoint_url = os.environ.get("AWS_ENDPOINT_URL") or None
        self._clients: dict[tuple[str, str, bool], BaseClient] = {}
        self._lock = threading.Lock()

    @overload
    def client(
        self, service: Literal["cloudformation"], region: str | None = None, *, quick: bool = False
    ) -> CloudFormationClient: ...
    @overload
    def client(
        self, service: Literal["ec2"], region: str | None = None, *, quick: bool = False
    ) -> EC2Client: ...
    @overload
    def client(
        self, service: Literal["s3"], region: str | None = None, *, quick: bool = False
    ) -> S3Client: ...
    @overload
    def client(
        self, service: Literal["sts"], region: str | None = None, *, quick: bool = False
    ) -> STSClient: ...
    @overload
    def client(
        self, service: Literal["pricing"], region: str | None = None, *, quick: bool = False
    ) -> PricingClient: ...
    def client(
        self, service: Service, region: str | None = None, *, quick: bool = False
    ) -> BaseClient:
        """A cached client; boto3 clients are thread-safe once made, creating one is not.

        ``quick``: one attempt and short timeouts, for optional calls (prices) that must never
        hold the wizard up.
        """
        where = region or self.region or FALLBACK_CLIENT_REGION
        key = (service, where, quick)
        with self._lock:
            found = self._clients.get(key)
            if found is None:
                try:
                    with long_lived():  # its models and itself stay until the process ends
                        found = self.boto.client(service, region_name=where, config=_config(quick))
                except BotoCoreError as exc:
                    raise map_error(exc, self.profile) from exc
                self._clients[key] = found
            return found


def unknown_profile_error(profile: str, raw: str | None = None) -> CredentialsError:
    known = ", ".join(list_profiles())
    if not known:  # say so, and how to make one, instead of listing "-"
        return CredentialsError("cred.profile_none", raw=raw, profile=profile)
    return CredentialsError("cred.profile_unknown", raw=raw, profile=profile, known=known)


def error_code(exc: BaseException) -> str:
    """The AWS error code of a ClientError, else ''."""
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Code", ""))
    return ""


def error_message(exc: BaseException) -> str:
    if isinstance(exc, ClientError):
        return str(exc.response.get("Error", {}).get("Message", "")) or str(exc)
    return str(exc)


def map_error(exc: BaseException, profile: str | None = None) -> ChromaTuiError:
    """Translate a botocore exception into a typed error with a catalogue key and a fix.

    Credential problems become CredentialsError; the network, access and everything else AwsError.
    Never includes secret material: botocore's messages carry none.
    """
    if isinstance(exc, ChromaTuiError):
        return exc
    name = profile or os.environ.get("AWS_PROFILE") or "default"
    raw = error_message(exc)
    if isinstance(exc, ProfileNotFound):
        return unknown_profile_error(name, raw)
    if isinstance(exc, (TokenRetrievalError, SSOError)):
        return CredentialsError("cred.sso_expired", raw=raw, profile=name)
    if isinstance(exc, PartialCredentialsError):
        return CredentialsError("cred.partial", raw=raw)
    if isinstance(exc, NoCredentialsError):
        return CredentialsError("cred.none", raw=raw)
    if isinstance(exc, CredentialRetrievalError):
        return CredentialsError("cred.retrieval_failed", raw=raw, profile=name)
    if isinstance(exc, (BotoConnectionError, HTTPClientError)):
        endpoint = os.environ.get("AWS_ENDPOINT_URL") or "AWS"
        return Unreachable(raw=raw, endpoint=endpoint)
    code = error_code(exc)
    if code in ("SignatureDoesNotMatch", "InvalidSignatureException") and any(
        word in raw.lower() for word in _CLOCK_WORDS
    ):
        return CredentialsError("cred.clock_skew", raw=f"{code}: {raw}", profile=name)
    if code in API_CODES:
        return AwsError(API_CODES[code], raw=f"{code}: {raw}")
    if code in CREDENTIAL_CODES:
        return CredentialsError(CREDENTIAL_CODES[code], raw=f"{code}: {raw}", profile=name)
    if code in ACCESS_DENIED_CODES:
        return AwsError("aws.access_denied", raw=f"{code}: {raw}")
    if code in THROTTLING_CODES:
        return Throttled(raw=f"{code}: {raw}")
    return AwsError("aws.failed", raw=f"{code}: {raw}" if code else raw)
