"""The whole wizard on the real Backend and the sandbox, driven only by the footer's keys."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from textual.widgets import Input

from chroma_tui.core.backend import Backend
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.credentials import CredentialsScreen
from chroma_tui.ui.screens.region import RegionScreen
from chroma_tui.ui.screens.review import ReviewScreen
from chroma_tui.ui.widgets import ConfirmModal

pytestmark = pytest.mark.slow
REGION = "us-east-1"


@pytest.fixture
def real_backend(sandbox, monkeypatch) -> Backend:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AWS_REGION", REGION)
    return Backend(region=REGION)


async def until(pilot, predicate: Callable[[], bool], timeout_s: float = 90) -> None:  # type: ignore[no-untyped-def]
    """Wait for the app to get somewhere (the wizard's worker never completes by itself)."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"still on {type(pilot.app.screen).__name__}"
        await pilot.pause(0.1)


async def press_next_until(pilot, name: str, tries: int = 5) -> None:  # type: ignore[no-untyped-def]
    """Press Next on the Region step until ``name`` opens.

    Under heavy load a key pressed while the step recomposes (after the VPC was created) can be
    dropped with the widget that had focus; a person presses again. A second press is sent only
    while the Region step is still on top, so no step is skipped.
    """
    for _ in range(tries):
        if type(pilot.app.screen).__name__ == "RegionScreen":
            await pilot.press("ctrl+n")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and type(pilot.app.screen).__name__ != name:
            await pilot.pause(0.1)
        if type(pilot.app.screen).__name__ == name:
            return
    await until(pilot, on(pilot.app, name))


def on(app: ChromaTuiApp, name: str) -> Callable[[], bool]:
    return lambda: type(app.screen).__name__ == name


async def next_when_ready(pilot, screen: str) -> None:  # type: ignore[no-untyped-def]
    app = pilot.app
    await until(pilot, on(app, screen))
    await until(pilot, lambda: app.screen.can_next())
    await pilot.press("ctrl+n")


async def test_keys_only_from_credentials_to_connected(real_backend: Backend) -> None:
    app = ChromaTuiApp(real_backend, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: isinstance(app.screen, CredentialsScreen))
        await until(pilot, lambda: app.screen.identity is not None)
        for screen in ("CredentialsScreen", "RegionScreen", "InstanceTypeScreen"):
            await next_when_ready(pilot, screen)
        await next_when_ready(pilot, "KeyPairScreen")
        await until(pilot, on(app, "OptionsScreen"))
        # Non-empty OpenTelemetry values: with the template's blank defaults Chroma 1.x panics
        # at boot and never answers (the sandbox boots the instance like EC2 does).
        app.screen.query_one("#otel_endpoint", Input).value = "http://127.0.0.1:4317"
        app.screen.query_one("#otel_service_name", Input).value = "chroma-sandbox-test"
        await next_when_ready(pilot, "OptionsScreen")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
        await until(pilot, lambda: app.screen.template is not None)
        await pilot.press("l")
        await until(pilot, on(app, "ConnectedScreen"), timeout_s=180)
        saved = real_backend.deployments()
        assert saved and saved[0].region == REGION


async def test_missing_default_vpc_is_created_from_the_region_step(
    sandbox, real_backend: Backend
) -> None:
    sandbox.set_scenario("no-default-vpc")
    assert not real_backend.has_default_vpc(REGION)
    app = ChromaTuiApp(real_backend, lang="zh-CN")
    async with app.run_test(size=(80, 24)) as pilot:
        await next_when_ready(pilot, "CredentialsScreen")
        await until(pilot, lambda: isinstance(app.screen, RegionScreen))
        await until(pilot, lambda: app.screen.can_next())
        await pilot.press("n")
        await until(pilot, lambda: app.screen.vpc.get(REGION) is False)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: app.screen.vpc.get(REGION) is True)
        assert real_backend.has_default_vpc(REGION)
        await until(pilot, lambda: app.screen.can_next())  # a press before that is lost
        await press_next_until(pilot, "InstanceTypeScreen")
