"""Snapshot tests of every run screen and failure state, 80×24, English and Chinese.

Deterministic: frozen clock (the app's ``clock``), UTC, a scripted FakeBackend, workers
finished (``wait_for_complete``) before the picture is taken, no cursor blink.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable

import pytest
from fakes import (
    FROZEN_NOW,
    RunFakeBackend,
    official_template,
    saved_deployment,
    stack_events,
    update,
)
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from chroma_tui.core.diagnosis import cause_from_reason
from chroma_tui.core.errors import CredentialsError
from chroma_tui.core.models import LaunchPlan, ProbeAttempt, StackEvent
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.failure import FailureScreen
from chroma_tui.ui.screens.launch import LaunchScreen
from chroma_tui.ui.screens.waiting import WaitingScreen

LANGS = ("en", "zh-CN")
SIZE = (80, 24)
VPC_REASON = (
    "No default VPC for this user. GroupName is only supported for EC2-Classic and default "
    "VPC. (Service: AmazonEC2; Status Code: 400; Error Code: VPCIdNotSpecified)"
)
KEY_REASON = (
    "The key pair 'mykey' does not exist (Service: AmazonEC2; Status Code: 400; "
    "Error Code: InvalidKeyPair.NotFound)"
)
DENIED_REASON = (
    "API: ec2:RunInstances You are not authorized to perform this operation. "
    "(Service: AmazonEC2; Status Code: 403; Error Code: UnauthorizedOperation)"
)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Local display times are the same on every machine."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def plan() -> LaunchPlan:
    return LaunchPlan("us-east-1", "my-chroma-stack", "t3.small", "1.5.9", official_template())


def backend(*saved) -> RunFakeBackend:  # type: ignore[no-untyped-def]
    fake = RunFakeBackend()
    fake.saved = [*saved, saved_deployment("DELETE_COMPLETE", id="dep-old", name="old-stack")]
    return fake


def app_for(fake: RunFakeBackend, lang: str) -> ChromaTuiApp:
    return ChromaTuiApp(fake, lang=lang, clock=lambda: FROZEN_NOW)


async def settle(pilot: Pilot) -> None:  # type: ignore[type-arg]
    for _ in range(2):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def showing(make: Callable[[], Screen], *, settle_after: bool = True):  # type: ignore[type-arg]
    """run_before: wait for the start screen, push ours, let its workers finish."""

    async def run_before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        pilot.app.push_screen(make())
        if settle_after:
            await settle(pilot)
        else:
            for _ in range(5):
                await pilot.pause(0.05)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False

    return run_before


def events() -> list[StackEvent]:
    d = saved_deployment()
    return stack_events(d.stack_name, d.stack_id or "")


def snap(
    snap_compare, fake: RunFakeBackend, lang: str, before: Callable[..., Awaitable[None]]
) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(fake, lang), terminal_size=SIZE, run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_deployments(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    running = saved_deployment("CREATE_IN_PROGRESS", id="dep-run", name="my-chroma-stack")
    ready = saved_deployment(
        "CREATE_COMPLETE", id="dep-ok", name="team-chroma", host="203.0.113.10"
    )
    fake = backend(running, ready)
    fake.store.warnings = ["dep-7f3a.json (not valid JSON) -> dep-7f3a.json.corrupt"]
    snap(snap_compare, fake, lang, settle)


@pytest.mark.parametrize("lang", LANGS)
def test_launch_streaming(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    fake = backend()
    fake.stream_script = [update(e) for e in events()[:6]]
    snap(snap_compare, fake, lang, showing(lambda: LaunchScreen(plan=plan())))


@pytest.mark.parametrize("lang", LANGS)
def test_launch_throttled(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    fake = backend()
    fake.stream_script = [
        *(update(e) for e in events()[:3]),
        update(backoff_s=4.0, problem="Throttling"),
    ]
    snap(snap_compare, fake, lang, showing(lambda: LaunchScreen(plan=plan())))


@pytest.mark.parametrize("lang", LANGS)
def test_launch_reconnecting(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    fake = backend()
    fake.stream_script = [
        *(update(e) for e in events()[:3]),
        update(reconnecting=True, problem="EndpointConnectionError"),
    ]
    snap(snap_compare, fake, lang, showing(lambda: LaunchScreen(plan=plan())))


@pytest.mark.parametrize("lang", LANGS)
def test_launch_credentials_expired(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    fake = backend()
    fake.stream_script = [
        *(update(e) for e in events()[:2]),
        CredentialsError(
            "cred.sso_expired", raw="Token has expired and refresh failed", profile="work-sso"
        ),
    ]
    snap(snap_compare, fake, lang, showing(lambda: LaunchScreen(plan=plan())))


@pytest.mark.parametrize("lang", LANGS)
def test_launch_quit_dialog(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    fake = backend()
    fake.stream_script = [update(e) for e in events()[:4]]

    async def before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await showing(lambda: LaunchScreen(plan=plan()))(pilot)
        await pilot.press("q")
        await pilot.pause()

    snap(snap_compare, fake, lang, before)


@pytest.mark.parametrize("lang", LANGS)
def test_waiting(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    fake.probe_blocks = True
    fake.probe_attempts = [
        ProbeAttempt(1, 3.0, "connection refused"),
        ProbeAttempt(2, 6.0, "HTTP 502"),
    ]
    snap(snap_compare, fake, lang, showing(lambda: WaitingScreen(d), settle_after=False))


@pytest.mark.parametrize("lang", LANGS)
def test_connected(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    d = saved_deployment(
        "CREATE_COMPLETE", host="203.0.113.10", key_name="chroma-key", locked="198.51.100.23"
    )
    fake = backend(d)
    snap(snap_compare, fake, lang, showing(lambda: ConnectedScreen(d, fake.connection)))


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    ("reason", "logical"),
    [
        (VPC_REASON, "ChromaInstanceSecurityGroup"),
        (KEY_REASON, "ChromaInstance"),
        (DENIED_REASON, "ChromaInstance"),
    ],
    ids=["no-default-vpc", "missing-key-pair", "access-denied"],
)
def test_failure(snap_compare, lang: str, reason: str, logical: str) -> None:  # type: ignore[no-untyped-def]
    d = saved_deployment("ROLLBACK_COMPLETE")
    fake = backend(d)
    fake.cause = cause_from_reason(reason, "us-east-1", logical)
    failed = StackEvent(
        "ev-fail", d.stack_id or "", d.stack_name, logical, "", "AWS::EC2::Instance",
        "CREATE_FAILED", reason, FROZEN_NOW,
    )  # fmt: skip
    snap(snap_compare, fake, lang, showing(lambda: FailureScreen(d, [failed])))


@pytest.mark.parametrize("lang", LANGS)
def test_cleanup_confirm(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    snap(snap_compare, fake, lang, showing(lambda: CleanupScreen(d)))


@pytest.mark.parametrize("lang", LANGS)
def test_cleanup_done_offers_key_pair(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    d = saved_deployment(
        "CREATE_COMPLETE", host="203.0.113.10", key_name="chroma-key", created_key_pair=True
    )
    fake = backend(d)
    snap(snap_compare, fake, lang, showing(lambda: CleanupScreen(d, confirmed=True)))
