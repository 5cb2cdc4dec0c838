"""The run screens on the real Backend and the sandbox (moto + real CloudFormation timelines +
a real Chroma server): launch → Connected with a real heartbeat → cleanup, and the one-key fix
for a region without a default VPC."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from textual.widgets import Input

from chroma_tui.core.backend import Backend
from chroma_tui.core.models import LaunchPlan
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.failure import FailureScreen
from chroma_tui.ui.screens.launch import LaunchScreen
from chroma_tui.ui.widgets.event_table import EventTable

REGION = "us-east-1"


@pytest.fixture
def real_backend(sandbox, monkeypatch) -> Backend:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AWS_REGION", REGION)
    return Backend(region=REGION)


def plan(backend: Backend, name: str) -> LaunchPlan:
    return LaunchPlan(
        region=REGION,
        stack_name=name,
        instance_type="t3.small",
        chroma_version="1.5.9",
        template=backend.template(),
        lock_to_my_ip=True,
        otel_endpoint="http://127.0.0.1:4317",  # non-empty: blank values crash Chroma 1.x
        otel_service_name="chroma-sandbox-test",
    )


async def until(pilot, predicate: Callable[[], bool], timeout_s: float = 90) -> None:  # type: ignore[no-untyped-def]
    """Wait for the screen to get somewhere (the wizard's worker never completes here)."""
    deadline = time.monotonic() + timeout_s
    while not predicate():
        assert time.monotonic() < deadline, f"still on {type(pilot.app.screen).__name__}"
        await pilot.pause(0.1)


async def test_launch_to_connected_then_cleanup_on_the_sandbox(real_backend: Backend) -> None:
    app = ChromaTuiApp(real_backend, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        launch = LaunchScreen(plan=plan(real_backend, "ui-run-happy"))
        app.push_screen(launch)
        await until(pilot, lambda: isinstance(app.screen, ConnectedScreen))
        connected = app.screen
        assert isinstance(connected, ConnectedScreen)
        # Every resource event was shown once, and the stack's own events bracket them.
        ids = [e.event_id for e in launch.events]
        assert len(ids) == len(set(ids)) and len(ids) >= 4
        assert {e.logical_id for e in launch.events} >= {
            "ChromaInstance",
            "ChromaInstanceSecurityGroup",
        }
        # A real heartbeat from the real Chroma server the sandbox started.
        assert connected.connection.heartbeat_ns > 1_700_000_000 * 10**9
        assert connected.deployment.ip_locked_to  # locked to the sandbox's "my IP"
        saved = real_backend.store.get(connected.deployment.id)
        assert saved is not None and saved.status == "CREATE_COMPLETE" and saved.server_host

        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, CleanupScreen))
        cleanup = app.screen
        await pilot.pause()
        cleanup.query_one("#clean-name", Input).value = "ui-run-happy"
        await pilot.pause()
        await pilot.press("ctrl+d")
        await until(pilot, lambda: cleanup.deleted())
        # The screen recomposes when the delete ends: wait for the result it then shows.
        await until(
            pilot, lambda: bool(cleanup.query("#clean-result")) and bool(cleanup.query("#events"))
        )
        assert cleanup.query_one("#events", EventTable).row_count >= 2
        await until(pilot, lambda: cleanup.deployment.status == "DELETE_COMPLETE", 10)
        assert real_backend.store.get(cleanup.deployment.id).status == "DELETE_COMPLETE"


async def test_no_default_vpc_one_key_fix_on_the_sandbox(sandbox, real_backend: Backend) -> None:
    sandbox.set_scenario("no-default-vpc")
    app = ChromaTuiApp(real_backend, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(LaunchScreen(plan=plan(real_backend, "ui-run-novpc")))
        await until(pilot, lambda: isinstance(app.screen, FailureScreen))
        failure = app.screen
        await until(pilot, lambda: failure.diagnosed)
        assert failure.cause is not None and failure.cause.problem == "no-default-vpc"
        assert failure.check_action("fix", ()) is True
        # the scenario stays: the VPC is gone until chroma-tui creates it
        await pilot.press("f")
        await until(pilot, lambda: isinstance(app.screen, ConnectedScreen), 120)
        connected = app.screen
        assert connected.deployment.stack_name == "ui-run-novpc"
        assert real_backend.has_default_vpc(REGION)
        # Same record, relaunched: one deployment, not two.
        assert [d.stack_name for d in real_backend.deployments()] == ["ui-run-novpc"]


async def test_throttled_sandbox_still_shows_each_event_once(
    sandbox, real_backend: Backend
) -> None:
    """botocore's retries absorb most throttling; what gets through must not duplicate rows."""
    sandbox.set_scenario("throttle")
    app = ChromaTuiApp(real_backend, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        launch = LaunchScreen(plan=plan(real_backend, "ui-run-throttle"))
        app.push_screen(launch)
        await until(pilot, lambda: isinstance(app.screen, ConnectedScreen), 120)
        ids = [e.event_id for e in launch.events]
        assert len(ids) == len(set(ids)) and len(ids) >= 4
        stamps = [e.timestamp for e in launch.events]
        assert stamps == sorted(stamps)


async def test_slow_boot_shows_probe_attempts_before_connecting(
    sandbox, real_backend: Backend
) -> None:
    from chroma_tui.ui.screens.waiting import WaitingScreen

    sandbox.set_scenario("slow-boot")
    app = ChromaTuiApp(real_backend, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(LaunchScreen(plan=plan(real_backend, "ui-run-slow")))
        await until(pilot, lambda: isinstance(app.screen, WaitingScreen), 60)
        waiting = app.screen
        await until(pilot, lambda: waiting.last is not None and waiting.last.attempt >= 2, 60)
        assert waiting.last is not None and waiting.last.error
        await until(pilot, lambda: isinstance(app.screen, ConnectedScreen), 120)
