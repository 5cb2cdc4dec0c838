"""who_am_i: the identity, where the credentials came from, and every credential error's key."""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest
from botocore.awsrequest import AWSResponse
from test_core_aws import FAKE_KEY_ID, FAKE_SECRET, aws_env, free_port, moto_post

from chroma_tui.core.aws import AwsSession
from chroma_tui.core.errors import CredentialsError
from chroma_tui.core.identity import mask_key_id, who_am_i
from chroma_tui.i18n import set_language
from chroma_tui.sandbox import Sandbox

__all__ = ["aws_env"]


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self.body


def sts_error(code: str, message: str):  # type: ignore[no-untyped-def]
    """A before-send handler answering every STS call with this AWS error."""
    body = (
        "<ErrorResponse><Error><Type>Sender</Type>"
        f"<Code>{code}</Code><Message>{message}</Message></Error>"
        "<RequestId>r-1</RequestId></ErrorResponse>"
    ).encode()

    def handler(request, **_: object) -> AWSResponse:  # type: ignore[no-untyped-def]
        return AWSResponse(request.url, 403, {"Content-Type": "text/xml"}, _Raw(body))

    return handler


def test_mask_key_id() -> None:
    assert mask_key_id("AKIAIOSFODNN7EXAMPLE") == "AKIA************MPLE"
    assert mask_key_id("short") == "*****"


def test_identity_from_environment(aws_env: Sandbox) -> None:
    env = aws_env.env()
    me = who_am_i(AwsSession())
    assert me.account == "123456789012"
    assert me.arn.startswith("arn:aws:")
    assert me.source == "env"
    key_id = env["AWS_ACCESS_KEY_ID"]
    assert me.masked_key_id == key_id[:4] + "*" * (len(key_id) - 8) + key_id[-4:]
    assert me.region == "us-east-1"
    assert env["AWS_SECRET_ACCESS_KEY"] not in repr(me)
    assert key_id not in repr(me)


def test_identity_from_profile(aws_env: Sandbox, monkeypatch, tmp_path) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    (tmp_path / "aws-credentials").write_text(
        f"[dev]\naws_access_key_id = AKIADEVDEVDEVDEV1234\naws_secret_access_key = {FAKE_SECRET}\n"
    )
    me = who_am_i(AwsSession(profile="dev"))
    assert me.source == "shared-credentials-file"
    assert me.profile == "dev"
    assert me.masked_key_id == "AKIA************1234"


def test_no_credentials_shows_the_guide_exports() -> None:
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession(region="us-east-1"))
    err = caught.value
    assert err.key == "cred.none"
    assert "export AWS_ACCESS_KEY_ID=" in err.fix()
    assert "export AWS_SECRET_ACCESS_KEY=" in err.fix()
    assert "aws configure" in err.fix()
    set_language("zh-CN")
    try:
        assert "凭证" in err.title()
        assert "export AWS_ACCESS_KEY_ID=" in err.fix()
    finally:
        set_language("en")


def test_partial_credentials(monkeypatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEY_ID)
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession(region="us-east-1"))
    assert caught.value.key == "cred.partial"


def test_sso_profile_without_token_says_sso_login(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # no ~/.aws/sso/cache token there
    (tmp_path / "aws-config").write_text(
        "[profile corp]\n"
        "sso_start_url = https://example.awsapps.com/start\n"
        "sso_region = us-east-1\n"
        "sso_account_id = 123456789012\n"
        "sso_role_name = Admin\n"
        "region = eu-west-1\n"
    )
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession(profile="corp"))
    assert caught.value.key == "cred.sso_expired"
    assert "aws sso login --profile corp" in caught.value.fix()


@pytest.fixture
def moto_auth(aws_env: Sandbox) -> Iterator[tuple[str, str]]:
    """moto with authentication on, and one real IAM access key (id, secret)."""
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    moto_post(aws_env.moto_url, "/moto-api/reset-auth", b"0")
    try:
        yield key["AccessKeyId"], key["SecretAccessKey"]
    finally:
        moto_post(aws_env.moto_url, "/moto-api/reset-auth", b"inf")


def test_valid_key_with_auth_on(moto_auth, monkeypatch) -> None:
    key_id, secret = moto_auth
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", secret)
    me = who_am_i(AwsSession())
    assert me.arn.endswith("user/alice")


def test_unknown_access_key_is_invalid_client_token_id(moto_auth, monkeypatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEY_ID)
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession())
    assert caught.value.key == "cred.invalid_key_id"
    assert "InvalidClientTokenId" in (caught.value.raw or "")


def test_wrong_secret_is_signature_does_not_match(moto_auth, monkeypatch) -> None:
    key_id, _ = moto_auth
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", key_id)
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession())
    assert caught.value.key == "cred.bad_signature"
    assert FAKE_SECRET not in str(caught.value)


@pytest.mark.parametrize(
    ("code", "message", "key"),
    [
        (
            "ExpiredToken",
            "The security token included in the request is expired",
            "cred.expired_token",
        ),
        (
            "RequestExpired",
            "Request has expired. Timestamp date is 2020-01-01T00:00:00Z",
            "cred.clock_skew",
        ),
        (
            "InvalidClientTokenId",
            "The security token included in the request is invalid.",
            "cred.invalid_key_id",
        ),
        (
            "SignatureDoesNotMatch",
            "The request signature we calculated does not match",
            "cred.bad_signature",
        ),
    ],
)
def test_aws_credential_errors_map_to_keys(
    aws_env: Sandbox, code: str, message: str, key: str
) -> None:
    aws = AwsSession()
    aws.client("sts").meta.events.register(
        "before-send.sts.GetCallerIdentity", sts_error(code, message)
    )
    with pytest.raises(CredentialsError) as caught:
        who_am_i(aws)
    assert caught.value.key == key
    assert code in (caught.value.raw or "")
    assert caught.value.fix() != f"{key}.fix"  # the catalogue has a fix for it


def test_unreachable_endpoint_is_a_credentials_step_error(monkeypatch) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{free_port()}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET)
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession(region="us-east-1"))
    assert caught.value.key == "aws.unreachable"
