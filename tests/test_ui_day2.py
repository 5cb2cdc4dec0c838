"""Pilot tests: the snapshot before a delete (Cleanup), the Snapshots view, and the sleep / wake
keys on Deployments and Connected (issue 12), against the fake backend."""

from __future__ import annotations

from fakes import RunFakeBackend, fake_snapshot, saved_deployment
from test_ui_run_screens import app_for, backend, settle, texts
from textual.widgets import Checkbox, DataTable

from chroma_tui.core.errors import AwsError
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.deployments import DeploymentsScreen
from chroma_tui.ui.screens.snapshots import SnapshotsScreen


def _order(fake: RunFakeBackend) -> list[str]:
    return [name for name, _ in fake.calls if name in ("snapshot_before_delete", "delete")]


async def test_cleanup_keeps_a_snapshot_by_default_before_the_delete() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d))
        await settle(pilot)
        box = app.screen.query_one("#clean-snapshot", Checkbox)
        assert box.value is True and "at most $1.20/month" in str(box.label)
        await pilot.press(*d.stack_name, "enter")
        await settle(pilot)
        screen = app.screen
        assert _order(fake) == ["snapshot_before_delete", "delete"]
        assert screen.deleted() and screen.snapshot is not None
        await settle(pilot)
        shown = texts(screen)
        assert "Snapshot snap-0abc000000000001 started (pending): 24 GiB" in shown
        assert screen.deployment.snapshot_id == "snap-0abc000000000001"


async def test_cleanup_without_the_box_takes_no_snapshot() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d))
        await settle(pilot)
        app.screen.query_one("#clean-snapshot", Checkbox).value = False
        await pilot.pause()
        app.screen.query_one("#clean-name").focus()
        await pilot.press(*d.stack_name, "enter")
        await settle(pilot)
        assert _order(fake) == ["delete"] and app.screen.deleted()


async def test_a_failed_snapshot_stops_the_delete_and_n_deletes_without_it() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    fake.fail("snapshot_before_delete", AwsError("snap.error.refused", raw="x", name=d.stack_name))
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(CleanupScreen(d, confirmed=True))
        await settle(pilot)
        screen = app.screen
        assert screen.stream_state == "error" and screen.snapshot_failed
        assert not fake.called("delete")
        assert "The stack was NOT deleted" in texts(screen)
        assert screen.check_action("without_snapshot", ()) is True
        await pilot.press("n")
        await settle(pilot)
        assert len(fake.called("delete")) == 1 and screen.deleted()
        assert screen.snapshot is None


async def test_snapshots_view_from_deployments_lists_and_deletes_after_a_second_x() -> None:
    d = saved_deployment("DELETE_COMPLETE", id="dep-gone", name="gone-stack")
    fake = backend(d)
    fake.snapshot_list = [fake_snapshot("gone-stack", "dep-gone")]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeploymentsScreen)
        await pilot.press("s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SnapshotsScreen)
        table = screen.query_one("#snap-table", DataTable)
        assert table.row_count == 1
        assert [str(c) for c in table.get_row_at(0)][:3] == [
            "snap-0abc000000000001", "gone-stack", "24 GiB",
        ]  # fmt: skip
        assert "at most $1.20 per month" in texts(screen)
        await pilot.press("x")
        await settle(pilot)
        assert not fake.called("delete_snapshot") and "cannot be recovered" in texts(screen)
        await pilot.press("x")
        await settle(pilot)
        assert fake.called("delete_snapshot") == [("us-east-1", "snap-0abc000000000001")]
        assert table.row_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeploymentsScreen)


async def test_deployments_z_twice_stops_and_u_wakes_saying_how_without_a_key_file() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10", locked="198.51.100.23")
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeploymentsScreen)
        assert screen.check_action("wake", ()) is False
        await pilot.press("z")
        await settle(pilot)
        assert not fake.called("stop_instance")
        assert "a NEW public IP" in screen.query_one("#deps-help").render().plain
        await pilot.press("z")
        await settle(pilot)
        assert len(fake.called("stop_instance")) == 1
        assert screen.deployments[0].instance_state == "stopped"
        said = screen.query_one("#deps-help").render().plain
        assert "Press u to wake it." in said and "chroma-tui start" not in said
        assert screen.check_action("wake", ()) is True
        await pilot.press("u")
        await settle(pilot)
        assert len(fake.called("start_instance")) == 1
        assert fake.called("lock_to_ip")  # the lock applied again, to my IP
        assert not fake.called("restart_chroma")  # no key file: said how instead
        notes = fake_notes(screen)
        # No `ssh -i` the user cannot run: EC2 Instance Connect, and since the ports are
        # locked, the rule that lets its addresses reach port 22 first.
        assert "ssh -i" not in notes and "EC2 Instance Connect" in notes, notes
        assert "cd /home/ec2-user && docker-compose up -d" in notes
        assert "com.amazonaws.us-east-1.ec2-instance-connect" in notes
        assert "authorize-security-group-ingress" in notes


def fake_notes(screen) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one("#deps-help").render())


async def test_connected_z_twice_stops_then_shows_deployments() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))
        await settle(pilot)
        await pilot.press("z")
        await settle(pilot)
        assert not fake.called("stop_instance")
        await pilot.press("z")
        await settle(pilot)
        assert len(fake.called("stop_instance")) == 1
        assert isinstance(app.screen, DeploymentsScreen)
