"""AWS China: cn-* regions and aws-cn credentials are explained, in both languages, and refused
before anything is sent (core, headless on the sandbox, and the wizard's screens)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from fakes import FakeBackend, settle
from screen_text import visible_text
from textual.widgets import Button, OptionList

from chroma_tui import cli, i18n
from chroma_tui.core import aws as core_aws
from chroma_tui.core import china, regions
from chroma_tui.core.aws import AwsSession
from chroma_tui.core.errors import ChromaTuiError, CredentialsError, InputError
from chroma_tui.core.identity import who_am_i
from chroma_tui.core.models import RegionOption
from chroma_tui.sandbox import Sandbox
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.credentials import CredentialsScreen
from chroma_tui.ui.screens.region import RegionScreen

CHINA_ARN_REPLY = (  # STS GetCallerIdentity as the aws-cn partition answers it
    b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">'
    b"<GetCallerIdentityResult><Arn>arn:aws-cn:iam::123456789012:user/demo</Arn>"
    b"<UserId>AIDAEXAMPLEUSERID</UserId><Account>123456789012</Account>"
    b"</GetCallerIdentityResult><ResponseMetadata><RequestId>r-1</RequestId>"
    b"</ResponseMetadata></GetCallerIdentityResponse>"
)
NEAREST = ("ap-northeast-1", "ap-northeast-2", "ap-southeast-1", "ap-northeast-3")
CITIES = {
    "en": ("Tokyo", "Seoul", "Singapore", "Osaka"),
    "zh-CN": ("东京", "首尔", "新加坡", "大阪"),
}


def explained(error: ChromaTuiError) -> None:
    """What AWS China is, why the template cannot run there, what to do: in EN and ZH."""
    for lang in ("en", "zh-CN"):
        i18n.set_language(lang)
        body, fix = error.body(), error.fix()
        assert "console.amazonaws.cn" in body and "arn:aws-cn:" in body
        assert "Region2AMI" in body and "ghcr.io" in body
        assert all(region in fix for region in NEAREST)
        assert all(city in fix for city in CITIES[lang])
        assert "{" not in error.title() + body + fix
    i18n.set_language("en")


@pytest.fixture
def sent(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every request any AwsSession sends (its Action, or method and URL)."""
    requests: list[str] = []
    original = core_aws.AwsSession.__init__

    def record(request: Any, **_: Any) -> None:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
        action = next((p[7:] for p in body.split("&") if p.startswith("Action=")), "")
        requests.append(action or f"{request.method} {request.url}")

    def patched(self: AwsSession, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.boto.events.register("before-send", record)

    monkeypatch.setattr(core_aws.AwsSession, "__init__", patched)
    return requests


# -- core ---------------------------------------------------------------------------------


def test_china_regions_and_arns_are_told_apart() -> None:
    assert all(china.is_china_region(r) for r in china.CHINA_REGIONS)
    assert not china.is_china_region("ap-northeast-1") and not china.is_china_region(None)
    assert china.is_china_arn("arn:aws-cn:iam::123456789012:user/demo")
    assert not china.is_china_arn("arn:aws:iam::123456789012:user/demo")
    china.check_region("ap-southeast-1")  # nothing raised
    with pytest.raises(InputError) as caught:
        china.check_region("cn-northwest-1")
    assert caught.value.key == "china.region"
    explained(caught.value)


def test_a_china_session_region_is_refused_before_sts(
    sandbox: Sandbox, sent: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AWS_REGION", "cn-north-1")
    with pytest.raises(CredentialsError) as caught:
        who_am_i(AwsSession())
    assert caught.value.key == "china.session_region"
    assert sent == []
    i18n.set_language("zh-CN")
    assert caught.value.title() == "cn-north-1 属于 AWS 中国区域"
    explained(caught.value)


def test_aws_cn_credentials_are_explained(sandbox: Sandbox) -> None:
    aws = AwsSession(region="us-east-1")

    def answer(request: Any, **_: Any) -> AWSResponse:
        return AWSResponse(request.url, 200, {"Content-Type": "text/xml"}, _Raw(CHINA_ARN_REPLY))

    aws.boto.events.register("before-send.sts.GetCallerIdentity", answer)
    with pytest.raises(CredentialsError) as caught:
        who_am_i(aws)
    assert caught.value.key == "china.partition"
    assert caught.value.raw == "arn:aws-cn:iam::123456789012:user/demo"
    explained(caught.value)


def test_global_credentials_still_pass(sandbox: Sandbox) -> None:
    assert who_am_i(AwsSession(region="ap-northeast-1")).arn.startswith("arn:aws:")


def test_region_list_gives_china_its_own_reason(monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes import official_template

    enabled = {"us-east-1", "cn-north-1", "cn-northwest-1", "af-south-1"}
    monkeypatch.setattr(regions, "enabled_regions", lambda aws: enabled)
    found = {r.name: r for r in regions.list_regions(AwsSession(), official_template())}
    assert found["cn-north-1"].reason_key == china.REASON_CHINA
    assert found["cn-northwest-1"].reason_key == china.REASON_CHINA
    assert found["af-south-1"].reason_key == regions.REASON_NO_AMI


# -- headless -----------------------------------------------------------------------------


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        i18n.set_language("en")
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("region", china.CHINA_REGIONS)
def test_headless_deploy_to_china_is_refused_before_anything_is_sent(
    sandbox: Sandbox, sent: list[str], region: str
) -> None:
    code, _, err = run("deploy", "--yes", "--stack-name", "cn-test", "--region", region)
    assert code == 2
    assert f"{region} is an AWS China region" in err
    assert "console.amazonaws.cn" in err and "ap-northeast-1 (Tokyo)" in err
    assert sent == []


def test_headless_china_refusal_in_chinese(
    sandbox: Sandbox, sent: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    code, _, err = run("deploy", "--yes", "--region", "cn-north-1")
    assert code == 2
    assert "cn-north-1 属于 AWS 中国区域" in err and "ap-northeast-1（东京）" in err
    assert sent == []


# -- the wizard ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_credentials_step_explains_aws_china(lang: str) -> None:
    fake = FakeBackend()
    fake.fail("who_am_i", china.credentials_error(None, "arn:aws-cn:iam::123456789012:user/x"))
    app = ChromaTuiApp(fake, lang=lang)
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CredentialsScreen)
        shown = visible_text(app)
        title = "这是 AWS 中国区域的凭证" if lang == "zh-CN" else "These are AWS China credentials"
        assert title in shown and "console.amazonaws.cn" in shown
        assert all(region in shown for region in NEAREST)
        assert app.screen.query_one("#nav-next", Button).disabled  # no way on from here


async def test_region_step_shows_china_with_its_reason() -> None:
    fake = FakeBackend()
    fake.extra_regions = [
        RegionOption("cn-north-1", False, china.REASON_CHINA),
        RegionOption("cn-northwest-1", False, china.REASON_CHINA),
    ]
    app = ChromaTuiApp(fake, lang="zh-CN")
    async with app.run_test(size=(100, 50)) as pilot:
        for _ in range(3):
            await settle(pilot)
            if isinstance(app.screen, RegionScreen):
                break
            await pilot.press("ctrl+n")
        assert isinstance(app.screen, RegionScreen)
        listed = app.screen.query_one("#regions", OptionList)
        cn = [listed.get_option(name) for name in china.CHINA_REGIONS]
        assert all(option.disabled for option in cn)
        assert all("AWS 中国区域：独立分区" in str(option.prompt) for option in cn)
        note = "".join(line.strip() for line in visible_text(app).splitlines())
        assert "console.amazonaws.cn" in note and "ap-northeast-3（大阪）" in note


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: object) -> Iterator[bytes]:
        yield self.body
