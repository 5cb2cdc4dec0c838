"""Snapshot tests of the six wizard steps and their error states, 80×24, English and Chinese.

Deterministic: a FakeBackend, a frozen clock, a fixed stack name, workers finished before the
picture is taken, no cursor blink. Loading spinners are never snapped.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest
from fakes import FROZEN_NOW, FakeBackend, settle
from textual.pilot import Pilot
from textual.widgets import Collapsible, Input

from chroma_tui.core.errors import CredentialsError
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens import options as options_screen
from chroma_tui.ui.screens.credentials import CredentialsScreen
from chroma_tui.ui.screens.instance_type import InstanceTypeScreen
from chroma_tui.ui.screens.key_pair import KeyPairScreen
from chroma_tui.ui.screens.options import OptionsScreen
from chroma_tui.ui.screens.region import RegionScreen
from chroma_tui.ui.screens.review import ReviewScreen

LANGS = ("en", "zh-CN")
SIZE = (80, 24)


@pytest.fixture(autouse=True)
def fixed_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(options_screen, "default_stack_name", lambda: "chroma-k3x9q2")
    monkeypatch.setattr(options_screen, "default_chroma_version", lambda: "1.5.9")


Before = Callable[[Pilot], Awaitable[None]]  # type: ignore[type-arg]


def at(step: type, then: Before | None = None) -> Before:
    """run_before: press Next until ``step`` shows, run ``then``, settle, stop the blinking."""

    async def run_before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        for _ in range(7):
            await settle(pilot)
            if isinstance(pilot.app.screen, step):
                break
            await pilot.press("ctrl+n")
        assert isinstance(pilot.app.screen, step)
        if then is not None:
            await then(pilot)
            await settle(pilot)
        for field in pilot.app.screen.query(Input):
            field.cursor_blink = False
        await pilot.pause()

    return run_before


def snap(snap_compare, fake: FakeBackend, lang: str, before: Before) -> None:  # type: ignore[no-untyped-def]
    app = ChromaTuiApp(fake, lang=lang, clock=lambda: FROZEN_NOW)
    assert snap_compare(app, terminal_size=SIZE, run_before=before)


@pytest.mark.parametrize("lang", LANGS)
def test_credentials_ok(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    snap(snap_compare, FakeBackend(), lang, at(CredentialsScreen))


@pytest.mark.parametrize("lang", LANGS)
def test_credentials_missing(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    fake = FakeBackend()
    fake.fail("who_am_i", CredentialsError("cred.none"))
    snap(snap_compare, fake, lang, at(CredentialsScreen))


@pytest.mark.parametrize("lang", LANGS)
def test_credentials_sso_expired(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    fake = FakeBackend()
    fake.fail(
        "who_am_i",
        CredentialsError(
            "cred.sso_expired",
            raw="Error when retrieving token from sso: Token has expired and refresh failed",
            profile="work-sso",
        ),
    )
    snap(snap_compare, fake, lang, at(CredentialsScreen))


@pytest.mark.parametrize("lang", LANGS)
def test_region(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    snap(snap_compare, FakeBackend(), lang, at(RegionScreen))


@pytest.mark.parametrize("lang", LANGS)
def test_region_no_default_vpc(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    fake = FakeBackend()
    fake.no_default_vpc = {"us-east-1"}

    async def choose(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await pilot.press("n")

    snap(snap_compare, fake, lang, at(RegionScreen, choose))


@pytest.mark.parametrize("lang", LANGS)
def test_instance_type(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    snap(snap_compare, FakeBackend(), lang, at(InstanceTypeScreen))


@pytest.mark.parametrize("lang", LANGS)
def test_instance_type_custom_refused(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    async def custom(pilot: Pilot) -> None:  # type: ignore[type-arg]
        pilot.app.screen.query_one("#custom", Input).focus()
        await pilot.press(*"t4g.medium", "enter")

    snap(snap_compare, FakeBackend(), lang, at(InstanceTypeScreen, custom))


@pytest.mark.parametrize("lang", LANGS)
def test_key_pair_created(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    async def create(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await pilot.click("#mode-create")
        await settle(pilot)
        pilot.app.screen.query_one("#new-name", Input).focus()
        await pilot.press(*"chroma-key", "enter")

    snap(snap_compare, FakeBackend(), lang, at(KeyPairScreen, create))


@pytest.mark.parametrize("lang", LANGS)
def test_key_pair_name_taken(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    async def create(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await pilot.click("#mode-create")
        await settle(pilot)
        pilot.app.screen.query_one("#new-name", Input).focus()
        await pilot.press(*"mykey", "enter")

    snap(snap_compare, FakeBackend(), lang, at(KeyPairScreen, create))


@pytest.mark.parametrize("lang", LANGS)
def test_options_collapsed(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    snap(snap_compare, FakeBackend(), lang, at(OptionsScreen))


@pytest.mark.parametrize("lang", LANGS)
def test_options_invalid_name(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    async def invalid(pilot: Pilot) -> None:  # type: ignore[type-arg]
        pilot.app.screen.query_one("#advanced", Collapsible).collapsed = False
        await settle(pilot)
        pilot.app.screen.query_one("#stack_name", Input).value = "my chroma"
        await settle(pilot)
        pilot.app.screen.query_one("#stack_name", Input).focus()

    snap(snap_compare, FakeBackend(), lang, at(OptionsScreen, invalid))


@pytest.mark.parametrize("lang", LANGS)
def test_review(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    snap(snap_compare, FakeBackend(), lang, at(ReviewScreen))


@pytest.mark.parametrize("lang", LANGS)
def test_review_scrolled_to_command(snap_compare, lang: str) -> None:  # type: ignore[no-untyped-def]
    async def scroll(pilot: Pilot) -> None:  # type: ignore[type-arg]
        pilot.app.screen.query_one("#review-body").scroll_end(animate=False)

    snap(snap_compare, FakeBackend(), lang, at(ReviewScreen, scroll))
