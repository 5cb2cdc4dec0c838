"""AwsSession against the sandbox (moto behind it), plus the fixture the other core tests share.

The app is pointed at the sandbox only through AWS_ENDPOINT_URL, as at any other endpoint.
"""

from __future__ import annotations

import socket
import threading
import urllib.request

import pytest

from chroma_tui import __version__
from chroma_tui.core.aws import AwsSession, list_profiles, map_error
from chroma_tui.core.errors import AwsError, CredentialsError
from chroma_tui.sandbox import Sandbox

FAKE_KEY_ID = "AKIAIOSFODNN7EXAMPLE"
FAKE_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # for tests without the sandbox


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def moto_post(url: str, path: str, data: bytes = b"") -> None:
    request = urllib.request.Request(
        url + path, data=data, method="POST", headers={"Content-Type": "text/plain"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()


@pytest.fixture
def aws_env(sandbox: Sandbox) -> Sandbox:
    """The sandbox (moto behind its CloudFormation front), freshly reset, its env applied."""
    return sandbox


# -- AwsSession ---------------------------------------------------------------------------


def test_session_config_retries_timeouts_user_agent(aws_env: Sandbox) -> None:
    aws = AwsSession()
    client = aws.client("sts")
    config = client.meta.config
    assert config.retries["mode"] == "standard"
    assert config.connect_timeout == 5
    assert config.read_timeout == 20
    assert f"chroma-tui/{__version__}" in config.user_agent_extra
    assert aws.endpoint_url == aws_env.endpoint_url
    # The endpoint comes from botocore's own AWS_ENDPOINT_URL handling.
    assert client.meta.endpoint_url == aws_env.endpoint_url
    assert client.get_caller_identity()["Account"] == "123456789012"


def test_quick_clients_make_exactly_one_attempt_with_short_timeouts(aws_env: Sandbox) -> None:
    # The event stream retries and backs off by itself (and says so on screen), so its client
    # must not hide throttling or a stalled network behind botocore's own retries.
    config = AwsSession().client("cloudformation", quick=True).meta.config
    assert config.retries.get("total_max_attempts") == 1
    assert config.read_timeout == 5
    assert config.connect_timeout == 3


def test_clients_are_cached_per_service_and_region_across_threads(aws_env: Sandbox) -> None:
    aws = AwsSession()
    seen: list[object] = []

    def grab() -> None:
        seen.append(aws.client("ec2", "eu-west-1"))

    threads = [threading.Thread(target=grab) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(c) for c in seen}) == 1
    assert aws.client("ec2", "eu-west-2") is not seen[0]
    assert aws.client("ec2", "eu-west-2").meta.region_name == "eu-west-2"


def test_region_precedence(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    config = tmp_path / "aws-config"
    config.write_text("[profile work]\nregion = ap-south-1\n")
    assert AwsSession(profile="work").region == "ap-south-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-3")
    assert AwsSession(profile="work").region == "eu-west-3"
    monkeypatch.setenv("AWS_REGION", "us-west-2")
    assert AwsSession(profile="work").region == "us-west-2"
    assert AwsSession(profile="work", region="eu-north-1").region == "eu-north-1"


def test_no_region_anywhere_is_none_but_clients_still_work(aws_env: Sandbox, monkeypatch) -> None:
    monkeypatch.delenv("AWS_DEFAULT_REGION")
    monkeypatch.delenv("AWS_REGION")
    aws = AwsSession()
    assert aws.region is None
    assert aws.client("sts").meta.region_name == "us-east-1"


def test_unknown_profile_lists_known_ones(tmp_path) -> None:
    (tmp_path / "aws-config").write_text("[default]\nregion = us-east-1\n[profile dev]\n")
    (tmp_path / "aws-credentials").write_text("[prod]\naws_access_key_id = AKIAXXXXXXXXXXXXXXXX\n")
    assert list_profiles() == ["default", "dev", "prod"]
    with pytest.raises(CredentialsError) as caught:
        AwsSession(profile="staging")
    err = caught.value
    assert err.key == "cred.profile_unknown"
    assert err.params["profile"] == "staging"
    assert "default, dev, prod" in err.body()
    assert "aws configure --profile staging" in err.fix()


def test_unknown_profile_from_aws_profile_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_PROFILE", "ghost")
    with pytest.raises(CredentialsError) as caught:
        AwsSession()
    assert caught.value.params["profile"] == "ghost"


def test_unknown_profile_without_any_profile_says_how_to_make_one() -> None:
    with pytest.raises(CredentialsError) as caught:
        AwsSession(profile="staging")
    err = caught.value
    assert err.key == "cred.profile_none"
    assert "no profile at all" in err.body() and "-" not in err.body().split("file,")[-1]
    assert "aws configure --profile staging" in err.fix()


def test_list_profiles_without_files_is_empty() -> None:
    assert list_profiles() == []


def test_map_error_unreachable_endpoint(monkeypatch: pytest.MonkeyPatch) -> None:
    port = free_port()  # nothing listens there
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{port}")
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", FAKE_KEY_ID)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_SECRET)
    aws = AwsSession(region="us-east-1")
    with pytest.raises(Exception) as caught:
        aws.client("ec2").describe_regions()
    mapped = map_error(caught.value)
    assert isinstance(mapped, AwsError)
    assert mapped.key == "aws.unreachable"
    assert str(port) in mapped.body()
