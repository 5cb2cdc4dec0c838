"""Pilot tests of the Launch screen: create, stream, throttling, reconnecting, expired
credentials and resume, quitting mid-way, and 500 events."""

from __future__ import annotations

import time

from fakes import (
    FROZEN_NOW,
    RunFakeBackend,
    official_template,
    saved_deployment,
    stack_events,
    update,
)
from textual.widgets import Static

from chroma_tui.core.errors import CredentialsError, StackError
from chroma_tui.core.models import LaunchPlan, StackEvent
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.failure import FailureScreen
from chroma_tui.ui.screens.launch import LaunchScreen, QuitLaunchModal
from chroma_tui.ui.widgets.error_panel import ErrorPanel
from chroma_tui.ui.widgets.event_table import EventTable
from chroma_tui.ui.widgets.resource_view import ResourceView

STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/my-chroma-stack/1"


def plan(lock: bool = True) -> LaunchPlan:
    return LaunchPlan(
        region="us-east-1",
        stack_name="my-chroma-stack",
        instance_type="t3.small",
        chroma_version="1.5.9",
        template=official_template(),
        lock_to_my_ip=lock,
    )


def backend() -> RunFakeBackend:
    fake = RunFakeBackend()
    # A saved record makes the app open on Deployments (no wizard worker waiting for input).
    fake.saved = [saved_deployment("DELETE_COMPLETE", id="dep-old", name="old-stack")]
    return fake


def app_for(fake: RunFakeBackend, lang: str = "en") -> ChromaTuiApp:
    return ChromaTuiApp(fake, lang=lang, clock=lambda: FROZEN_NOW)


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def text_of(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).render())


def events() -> list[StackEvent]:
    return stack_events("my-chroma-stack", STACK_ID)


async def test_launch_streams_to_connected_and_locks_to_my_ip() -> None:
    fake = backend()
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        # Then the whole journey ran: launch, stream, record the address, lock, probe.
        names = [name for name, _ in fake.calls]
        steps = ("launch", "stream", "record", "my_ip", "lock_to_ip", "wait_for_chroma")
        for step in (*steps, "record_heartbeat"):
            assert step in names
        assert names.index("launch") < names.index("stream") < names.index("record")
        # The heartbeat is recorded after the wait (issue 9: the TUI never recorded it).
        assert names.index("wait_for_chroma") < names.index("record_heartbeat")
        assert fake.called("lock_to_ip")[0][1] == "198.51.100.23"
        assert isinstance(app.screen, ConnectedScreen)
        assert app.screen.deployment.ip_locked_to == "198.51.100.23"
        assert app.screen.deployment.server_host == "203.0.113.10"


async def test_launch_without_lock_does_not_touch_the_security_group() -> None:
    fake = backend()
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan(lock=False)))
        await settle(pilot)
        assert not fake.called("lock_to_ip") and not fake.called("my_ip")
        assert isinstance(app.screen, ConnectedScreen)


async def test_every_event_is_a_row_with_symbol_and_progress_is_complete() -> None:
    fake = backend()
    evs = events()
    # The stream stops short of a terminal status so the screen stays to be looked at.
    fake.stream_script = [update(e) for e in evs[:-1]]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#events", EventTable)
        assert table.row_count == 7
        statuses = [str(table.get_row_at(i)[3]) for i in range(table.row_count)]
        assert statuses[3] == "✓ CREATE_COMPLETE"
        assert statuses[0] == "… CREATE_IN_PROGRESS"
        assert text_of(screen, "#progress-label") == "2/3 done"
        view = screen.query_one("#resources", ResourceView)
        shown = view.text()
        # One row per resource, the stack first, each with its latest reason whole.
        assert shown.index("my-chroma-stack") < shown.index("ChromaInstanceSecurityGroup")
        assert "ChromaInstance  " in shown and "User Initiated" in shown
        assert [r.logical_id for r in view.rows] == [
            "my-chroma-stack",
            "ChromaInstanceSecurityGroup",
            "ChromaInstance",
        ]
        assert view.estimate is not None and view.estimate.remaining_s > 0
        assert "watching" in text_of(screen, "#stream-status").lower()


async def test_throttling_is_said_with_the_wait() -> None:
    fake = backend()
    evs = events()
    fake.stream_script = [update(evs[0]), update(backoff_s=4.0, problem="Throttling")]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        status = text_of(app.screen, "#stream-status")
        assert "throttling" in status and "4 s" in status


async def test_connection_loss_says_reconnecting() -> None:
    fake = backend()
    fake.stream_script = [update(reconnecting=True, problem="EndpointConnectionError")]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        status = text_of(app.screen, "#stream-status")
        assert "reconnecting" in status and "EndpointConnectionError" in status


async def test_expired_credentials_pause_and_r_resumes_without_repeats() -> None:
    fake = backend()
    evs = events()
    expired = CredentialsError("cred.expired_token", raw="ExpiredToken: token expired")
    fake.stream_script = [
        update(evs[0]),
        update(evs[1], evs[2]),
        expired,
        update(*evs[3:7]),
        update(evs[7], status="CREATE_COMPLETE"),
    ]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LaunchScreen)
        # Then: paused, with the fix shown and r offered.
        assert screen.stream_state == "paused"
        panel = screen.query_one(ErrorPanel)
        assert panel.error is expired
        assert "r" in text_of(screen, "#stream-status")
        assert screen.query_one("#events", EventTable).row_count == 3
        assert screen.check_action("resume", ()) is True
        # When r is pressed: the same stream resumes (not a new one) and reaches the end.
        await pilot.press("r")
        await settle(pilot)
        assert len(fake.called("stream")) == 1
        assert fake.streams[0].calls == 2
        assert len(fake.called("launch")) == 1
        assert isinstance(app.screen, ConnectedScreen)
        assert [e.event_id for e in screen.events] == [e.event_id for e in evs]


async def test_a_failed_launch_shows_the_error_and_escape_goes_back_to_the_wizard() -> None:
    fake = backend()
    fake.fail("launch", StackError("stack.error.name_taken", name="my-chroma-stack"), times=1)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        screen = app.screen
        assert screen.stream_state == "error"
        assert screen.query_one(ErrorPanel).error.key == "stack.error.name_taken"
        assert not fake.called("stream")
        await pilot.press("escape")
        for _ in range(5):
            await pilot.pause(0.05)
        assert not isinstance(app.screen, LaunchScreen)
        # Nothing was answered in this app (the launch screen was pushed directly): the wizard
        # opens at the first unanswered step after a silent credentials check.
        assert type(app.screen).__name__ == "RegionScreen"


async def test_rollback_goes_to_failure_with_the_events() -> None:
    fake = backend()
    fake.stream_final = "ROLLBACK_COMPLETE"
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        assert isinstance(app.screen, FailureScreen)
        assert len(app.screen.events) == 8
        assert app.screen.deployment.status == "ROLLBACK_COMPLETE"


async def test_quit_mid_launch_can_leave_it_running() -> None:
    fake = backend()
    fake.stream_script = [update(e) for e in events()[:3]]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, QuitLaunchModal)
        await pilot.press("escape")  # stay
        await pilot.pause()
        assert isinstance(app.screen, LaunchScreen)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert app.return_code == 0
        assert not fake.called("delete")


async def test_quit_mid_launch_can_delete_it() -> None:
    fake = backend()
    fake.stream_script = [update(e) for e in events()[:3]]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, CleanupScreen)
        assert len(fake.called("delete")) == 1
        assert app.screen.stack is not None and app.screen.stack.status == "DELETE_COMPLETE"


async def test_resume_watching_a_saved_deployment_does_not_launch() -> None:
    fake = backend()
    d = saved_deployment("CREATE_IN_PROGRESS")
    fake.saved.insert(0, d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(deployment=d))
        await settle(pilot)
        assert not fake.called("launch")
        assert fake.called("stream")[0][0] == d
        # No plan: the lock is offered on Connected, not done behind the user's back.
        assert not fake.called("lock_to_ip")
        assert isinstance(app.screen, ConnectedScreen)


async def test_language_switch_mid_stream_keeps_every_row() -> None:
    fake = backend()
    fake.stream_script = [update(e) for e in events()[:5]]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        table = app.screen.query_one("#events", EventTable)
        assert table.row_count == 5
        assert table.headers[0].plain == "时间"
        assert "正在" in text_of(app.screen, "#run-title")


async def test_five_hundred_events_are_appended_not_rebuilt() -> None:
    fake = backend()
    base = events()[0]
    many = [
        StackEvent(
            event_id=f"bulk-{i:04d}",
            stack_id=STACK_ID,
            stack_name="my-chroma-stack",
            logical_id=f"Resource{i % 7}",
            physical_id="",
            resource_type="AWS::EC2::Instance",
            status="CREATE_IN_PROGRESS",
            reason="Resource creation Initiated",
            timestamp=base.timestamp,
        )
        for i in range(500)
    ]
    fake.stream_script = [update(*many[i : i + 10]) for i in range(0, 500, 10)]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        started = time.perf_counter()
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        elapsed = time.perf_counter() - started
        table = app.screen.query_one("#events", EventTable)
        assert table.row_count == 500
        assert table.rows[0] == "bulk-0000"
        # Generous bound for a 2-core shared machine; a rebuild per batch would be quadratic.
        assert elapsed < 20


async def test_tiny_terminal_and_resizing_mid_stream_lose_nothing() -> None:
    fake = backend()
    evs = events()
    fake.stream_script = [update(e) for e in evs[:4]]
    app = app_for(fake)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        screen = app.screen
        for size in ((100, 30), (60, 20), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert screen.query_one("#events", EventTable).row_count == 4
        assert app.screen is screen
        assert text_of(screen, "#progress-label") == "1/3 done"
        assert screen.size.width == 80


async def test_resume_after_a_restart_keeps_the_lock_chosen_on_review() -> None:
    # Given a record saved by a launch whose Review asked to restrict access to my IP
    fake = backend()
    d = saved_deployment("CREATE_IN_PROGRESS").evolve(lock_to_my_ip=True)
    fake.saved.insert(0, d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # When the app, restarted, watches it to completion
        app.push_screen(LaunchScreen(deployment=d))
        await settle(pilot)
        # Then the saved choice is honoured: ports locked to my IP, without a plan
        assert not fake.called("launch")
        assert fake.called("lock_to_ip")[0][1] == "198.51.100.23"
        assert isinstance(app.screen, ConnectedScreen)


async def test_the_status_line_says_ports_are_being_limited_while_the_lock_runs() -> None:
    """After CREATE_COMPLETE the journey locks the ports: the user sees it happen."""
    from chroma_tui.i18n import t

    fake = backend()
    fake.hold("lock_to_ip")  # the security group change does not answer until released
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(LaunchScreen(plan=plan()))
        screen = None
        for _ in range(400):  # until the lock is under way (a condition, not a time)
            await pilot.pause(0.02)
            if isinstance(app.screen, LaunchScreen) and app.screen.stream_state == "locking":
                screen = app.screen
                break
        assert screen is not None, "the Launch screen never entered its locking state"
        assert fake.called("my_ip") and fake.called("lock_to_ip")
        assert text_of(screen, "#stream-status") == t("run.launch.locking")
        fake.release("lock_to_ip")
        await settle(pilot)
        assert isinstance(app.screen, ConnectedScreen)
        assert app.screen.deployment.ip_locked_to == "198.51.100.23"
