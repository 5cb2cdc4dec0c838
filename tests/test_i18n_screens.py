"""Every screen, its error states and the command palette, in Chinese: no stray English.

Each scene is reached as the snapshot tests reach it (FakeBackend, pilot). The text checked is
what the compositor draws (tests/screen_text.py), so Textual's own strings count too. Names,
codes and AWS's quoted raw text are allowed; everything else in Latin letters is a leak.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

import pytest
from fakes import (
    FROZEN_NOW,
    FakeBackend,
    RunFakeBackend,
    fake_snapshot,
    official_template,
    saved_deployment,
    settle,
    stack_events,
    update,
)
from screen_text import english_words, visible_text
from textual.pilot import Pilot
from textual.widgets import Collapsible, Input

from chroma_tui import i18n
from chroma_tui.core import china
from chroma_tui.core.diagnosis import cause_from_reason
from chroma_tui.core.errors import CredentialsError
from chroma_tui.core.models import LaunchPlan, ProbeAttempt, RegionOption, StackEvent
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens import options as options_screen
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.credentials import CredentialsScreen
from chroma_tui.ui.screens.failure import FailureScreen
from chroma_tui.ui.screens.instance_type import InstanceTypeScreen
from chroma_tui.ui.screens.key_pair import KeyPairScreen
from chroma_tui.ui.screens.launch import LaunchScreen
from chroma_tui.ui.screens.options import OptionsScreen
from chroma_tui.ui.screens.region import RegionScreen
from chroma_tui.ui.screens.review import ReviewScreen
from chroma_tui.ui.screens.snapshots import SnapshotsScreen
from chroma_tui.ui.screens.waiting import WaitingScreen

SIZE = (100, 60)  # tall and wide: more of each screen is drawn, so more is checked
NAMES = {
    "mykey", "chroma-key", "my-chroma-stack", "team-chroma", "old-stack", "chroma-k3x9q2",
    "demo", "work-sso", "default", "ec2-user",
    "zzqx",  # typed into the palette by the test
}  # fmt: skip
VPC_REASON = (
    "No default VPC for this user. GroupName is only supported for EC2-Classic and default "
    "VPC. (Service: AmazonEC2; Status Code: 400; Error Code: VPCIdNotSpecified)"
)
KEY_REASON = (
    "The key pair 'mykey' does not exist (Service: AmazonEC2; Status Code: 400; "
    "Error Code: InvalidKeyPair.NotFound)"
)
SSO_RAW = "Error when retrieving token from sso: Token has expired and refresh failed"


def words_of(*raw: str) -> set[str]:
    """AWS's raw text shown as such in a table cell: its words are allowed on that screen."""
    return {word for text in raw for word in english_words(text)}


Step = Callable[[Pilot], Awaitable[None]]  # type: ignore[type-arg]


@dataclass
class Scene:
    name: str
    make: Callable[[], FakeBackend]
    before: Step
    raw: set[str] = field(default_factory=set)


@pytest.fixture(autouse=True)
def fixed(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(options_screen, "default_stack_name", lambda: "chroma-k3x9q2")
    monkeypatch.setattr(options_screen, "default_chroma_version", lambda: "1.5.9")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def at(step: type, then: Step | None = None) -> Step:
    async def before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        for _ in range(7):
            await settle(pilot)
            if isinstance(pilot.app.screen, step):
                break
            await pilot.press("ctrl+n")
        assert isinstance(pilot.app.screen, step)
        if then is not None:
            await then(pilot)
            await settle(pilot)

    return before


def showing(make: Callable[[], object], *, wait: bool = True) -> Step:
    async def before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        pilot.app.push_screen(make())  # type: ignore[arg-type]
        if wait:
            await settle(pilot)
        else:
            for _ in range(5):
                await pilot.pause(0.05)

    return before


async def shown_when(pilot: Pilot, condition: Callable[[str], bool], limit_s: float = 15.0) -> str:  # type: ignore[type-arg]
    """The visible text once ``condition`` holds for it (or at the limit, for the assert to say
    what was there): the palette searches in a worker, so a fixed pause is a race under load."""
    deadline = time.monotonic() + limit_s
    text = visible_text(pilot.app)
    while not condition(text) and time.monotonic() < deadline:
        await pilot.pause(0.05)
        text = visible_text(pilot.app)
    return text


def plan() -> LaunchPlan:
    return LaunchPlan("us-east-1", "my-chroma-stack", "t3.small", "1.5.9", official_template())


def run_backend(*saved) -> RunFakeBackend:  # type: ignore[no-untyped-def]
    fake = RunFakeBackend()
    fake.saved = [*saved, saved_deployment("DELETE_COMPLETE", id="dep-old", name="old-stack")]
    return fake


def events() -> list[StackEvent]:
    d = saved_deployment()
    return stack_events(d.stack_name, d.stack_id or "")


def failing(reason: str, logical: str) -> tuple[Callable[[], FakeBackend], Step]:
    d = saved_deployment("ROLLBACK_COMPLETE")
    failed = StackEvent(
        "ev-fail", d.stack_id or "", d.stack_name, logical, "", "AWS::EC2::Instance",
        "CREATE_FAILED", reason, FROZEN_NOW,
    )  # fmt: skip

    def make() -> FakeBackend:
        fake = run_backend(d)
        fake.cause = cause_from_reason(reason, "us-east-1", logical)
        return fake

    return make, showing(lambda: FailureScreen(d, [*events()[:3], failed]))


def _credentials_missing() -> FakeBackend:
    fake = FakeBackend()
    fake.fail("who_am_i", CredentialsError("cred.none"))
    return fake


def _credentials_sso() -> FakeBackend:
    fake = FakeBackend()
    fake.fail("who_am_i", CredentialsError("cred.sso_expired", raw=SSO_RAW, profile="work-sso"))
    return fake


def _no_profiles() -> FakeBackend:
    fake = _credentials_missing()
    fake.profile_names = []
    return fake


def _china_identity() -> FakeBackend:
    """As core.identity.who_am_i answers for keys of the aws-cn partition."""
    fake = FakeBackend()
    fake.fail("who_am_i", china.credentials_error(None, "arn:aws-cn:iam::123456789012:user/demo"))
    return fake


def _china_region() -> FakeBackend:
    fake = FakeBackend()
    fake.fail("who_am_i", china.credentials_error("cn-north-1"))
    return fake


def _china_regions() -> FakeBackend:
    fake = FakeBackend()
    fake.extra_regions += [
        RegionOption("cn-north-1", False, china.REASON_CHINA),
        RegionOption("cn-northwest-1", False, china.REASON_CHINA),
    ]
    return fake


def _no_vpc() -> FakeBackend:
    fake = FakeBackend()
    fake.no_default_vpc = {"us-east-1"}
    return fake


async def _custom_type(pilot: Pilot) -> None:  # type: ignore[type-arg]
    pilot.app.screen.query_one("#custom", Input).focus()
    await pilot.press(*"t4g.medium", "enter")


async def _create_key(name: str, pilot: Pilot) -> None:  # type: ignore[type-arg]
    await pilot.click("#mode-create")
    await settle(pilot)
    pilot.app.screen.query_one("#new-name", Input).focus()
    await pilot.press(*name, "enter")


async def _bad_name(pilot: Pilot) -> None:  # type: ignore[type-arg]
    pilot.app.screen.query_one("#advanced", Collapsible).collapsed = False
    await settle(pilot)
    pilot.app.screen.query_one("#stack_name", Input).value = "my chroma"
    await settle(pilot)
    pilot.app.screen.query_one("#stack_name", Input).focus()


async def _press_n(pilot: Pilot) -> None:  # type: ignore[type-arg]
    await pilot.press("n")


def _scenes() -> list[Scene]:
    running = saved_deployment("CREATE_IN_PROGRESS", id="dep-run", name="my-chroma-stack")
    ready = saved_deployment(
        "CREATE_COMPLETE", id="dep-ok", name="team-chroma", host="203.0.113.10",
        key_name="chroma-key", locked="198.51.100.23",
    )  # fmt: skip
    vpc_make, vpc_before = failing(VPC_REASON, "ChromaInstanceSecurityGroup")
    key_make, key_before = failing(KEY_REASON, "ChromaInstance")
    stream_raw = words_of("User Initiated", "Resource creation Initiated")

    def deployments() -> FakeBackend:
        fake = run_backend(running, ready)
        i18n.set_language("zh-CN")  # the store words its warnings when it lists
        fake.store.warnings = [
            i18n.t(
                "records.aside.unknown",
                original="dep-7f3a.json",
                file="/home/demo/.local/state/chroma-tui/deployments/dep-7f3a.json.aside-1",
                directory="/home/demo/.local/state/chroma-tui/deployments",
            )
        ]
        return fake

    def launching() -> FakeBackend:
        fake = run_backend()
        fake.stream_script = [update(e) for e in events()[:6]]
        return fake

    def throttled() -> FakeBackend:
        fake = run_backend()
        fake.stream_script = [
            *(update(e) for e in events()[:3]),
            update(backoff_s=4.0, problem="Throttling"),
        ]
        return fake

    def expired() -> FakeBackend:
        fake = run_backend()
        fake.stream_script = [
            *(update(e) for e in events()[:2]),
            CredentialsError("cred.sso_expired", raw=SSO_RAW, profile="work-sso"),
        ]
        return fake

    def waiting() -> FakeBackend:
        fake = run_backend(ready)
        fake.probe_blocks = True
        fake.probe_attempts = [
            ProbeAttempt(1, 3.0, "connection refused"),
            ProbeAttempt(2, 6.0, "HTTP 502"),
        ]
        return fake

    def with_snapshot() -> FakeBackend:
        fake = run_backend(ready)
        fake.snapshot_list = [fake_snapshot(ready.stack_name, ready.id)]
        return fake

    async def quit_dialog(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await showing(lambda: LaunchScreen(plan=plan()))(pilot)
        await pilot.press("q")
        await pilot.pause()

    return [
        Scene("credentials", FakeBackend, at(CredentialsScreen)),
        Scene("credentials-missing", _credentials_missing, at(CredentialsScreen)),
        Scene("credentials-no-profiles", _no_profiles, at(CredentialsScreen)),
        Scene("credentials-sso", _credentials_sso, at(CredentialsScreen), words_of(SSO_RAW)),
        Scene("credentials-china", _china_identity, at(CredentialsScreen)),
        Scene("credentials-china-region", _china_region, at(CredentialsScreen)),
        Scene("region", _china_regions, at(RegionScreen)),
        Scene("region-no-vpc", _no_vpc, at(RegionScreen, _press_n)),
        Scene("instance-type", FakeBackend, at(InstanceTypeScreen)),
        Scene("instance-type-refused", FakeBackend, at(InstanceTypeScreen, _custom_type)),
        Scene(
            "key-created",
            FakeBackend,
            at(KeyPairScreen, lambda p: _create_key("chroma-key", p)),
        ),
        Scene("key-taken", FakeBackend, at(KeyPairScreen, lambda p: _create_key("mykey", p))),
        Scene("options", FakeBackend, at(OptionsScreen)),
        Scene("options-invalid", FakeBackend, at(OptionsScreen, _bad_name), {"my", "chroma"}),
        Scene("review", FakeBackend, at(ReviewScreen)),
        Scene("deployments", deployments, settle),
        Scene("launch", launching, showing(lambda: LaunchScreen(plan=plan())), stream_raw),
        Scene("launch-throttled", throttled, showing(lambda: LaunchScreen(plan=plan())),
              stream_raw),
        Scene("launch-expired", expired, showing(lambda: LaunchScreen(plan=plan())),
              stream_raw | words_of(SSO_RAW)),
        Scene("launch-quit", launching, quit_dialog, stream_raw),
        Scene("waiting", waiting, showing(lambda: WaitingScreen(ready), wait=False)),
        Scene("connected", lambda: run_backend(ready),
              showing(lambda: ConnectedScreen(ready, RunFakeBackend().connection))),
        Scene("failure-vpc", vpc_make, vpc_before, stream_raw | words_of(VPC_REASON)),
        Scene("failure-key", key_make, key_before, stream_raw | words_of(KEY_REASON)),
        Scene("cleanup", lambda: run_backend(ready), showing(lambda: CleanupScreen(ready))),
        Scene("cleanup-done", lambda: run_backend(ready),
              showing(lambda: CleanupScreen(ready, confirmed=True))),
        Scene("snapshots", with_snapshot, showing(SnapshotsScreen)),
    ]  # fmt: skip


SCENES = _scenes()


def leaks(app: ChromaTuiApp, scene: Scene, where: str) -> list[str]:
    text = visible_text(app)
    found = english_words(text, NAMES | scene.raw)
    return [f"{scene.name} [{where}]: {word!r}" for word in found]


@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
async def test_scene_is_chinese(scene: Scene) -> None:
    app = ChromaTuiApp(scene.make(), lang="zh-CN", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=SIZE) as pilot:
        await scene.before(pilot)
        await pilot.pause(0.1)
        problems = leaks(app, scene, "screen")
        for command in app.get_system_commands(app.screen):  # the whole list, not only the
            for text in (command.title, command.help):  # part the palette has room for
                problems += [f"{scene.name} [command]: {w!r}" for w in english_words(text)]
        await pilot.press("ctrl+p")
        await shown_when(pilot, lambda text: "搜索命令…" in text)
        problems += leaks(app, scene, "palette")
        await pilot.press(*"zzqx")
        await shown_when(pilot, lambda text: "zzqx" in text and "没有匹配的命令" in text)
        problems += leaks(app, scene, "palette, no match")
        assert "zzqx" in visible_text(app)  # the palette really was open
        await pilot.press("escape")
        await pilot.pause()
    print("\n".join(problems))
    assert problems == []


@pytest.mark.parametrize("scene", SCENES, ids=[s.name for s in SCENES])
async def test_scene_is_chinese_at_80x24(scene: Scene) -> None:
    """The size people use: wrapping and truncation differ, so the words seen differ too."""
    app = ChromaTuiApp(scene.make(), lang="zh-CN", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await scene.before(pilot)
        await pilot.pause(0.1)
        problems = leaks(app, scene, "screen 80x24")
    assert problems == []


async def test_palette_speaks_chinese() -> None:
    """Prompt, "no matches" and the theme picker's prompt are the app's own words."""
    app = ChromaTuiApp(FakeBackend(), lang="zh-CN", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        shown = await shown_when(pilot, lambda text: "复制所选文本" in text)
        assert "搜索命令…" in shown and "复制所选文本" in shown
        assert "截图" in shown and "按键" in shown  # Textual's own system commands, translated
        titles = {c.title for c in app.get_system_commands(app.screen_stack[-2])}
        assert "聚焦下一项" in titles  # sorted below the fold at 80x24
        await pilot.press(*"zzqx")
        assert "没有匹配的命令" in await shown_when(pilot, lambda text: "没有匹配的命令" in text)
        await pilot.press("escape")
        await pilot.pause()
        app.search_themes()
        shown = await shown_when(pilot, lambda text: "搜索主题…" in text)
        assert "搜索主题…" in shown
        themes = set(app.available_themes)
        assert (
            english_words(shown, NAMES | themes | {w for t in themes for w in t.split("-")}) == []
        )
