"""Issue 9, items 2 and 5 on the Deployments screen: r re-checks records that say
DELETE_COMPLETE, another endpoint's records are listed as such and never refreshed, and a
record set aside is a notice on every start (even when no readable record is left)."""

from __future__ import annotations

from fakes import FROZEN_NOW, RunFakeBackend, saved_deployment
from textual.widgets import DataTable, Static

from chroma_tui.core.ownership import Elsewhere
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.deployments import DeploymentsScreen


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def refreshed_ids(fake: RunFakeBackend) -> list[str]:
    return [args[0].id for args in fake.called("refresh")]  # type: ignore[attr-defined]


async def test_r_rechecks_a_record_that_says_delete_complete() -> None:
    # Given a record that says DELETE_COMPLETE while its stack is in fact alive
    gone = saved_deployment("DELETE_COMPLETE", id="dep-gone", name="said-gone")
    fake = RunFakeBackend()
    fake.saved = [gone]
    fake.live["dep-gone"] = gone.evolve(status="CREATE_COMPLETE", server_host="203.0.113.10")
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeploymentsScreen)
        # Opening the list does not ask AWS about a gone stack
        assert "dep-gone" not in refreshed_ids(fake)
        # When r is pressed
        await pilot.press("r")
        await settle(pilot)
        # Then it is asked, and the row shows what AWS says
        assert "dep-gone" in refreshed_ids(fake)
        row = screen.query_one("#deps-table", DataTable).get_row("dep-gone")
        assert "CREATE_COMPLETE" in str(row[1])
        assert screen.check_action("delete", ()) is True  # no longer only Forget


async def test_another_endpoints_record_is_listed_as_such_and_never_refreshed() -> None:
    mine = saved_deployment("CREATE_IN_PROGRESS", id="dep-mine", name="mine")
    theirs = saved_deployment("CREATE_COMPLETE", id="dep-theirs", name="theirs")
    fake = RunFakeBackend()
    fake.saved = [mine, theirs]
    fake.elsewhere_of["dep-theirs"] = Elsewhere("http://127.0.0.1:4566", "123456789012")
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(100, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = app.screen
        assert refreshed_ids(fake).count("dep-theirs") == 0
        assert "dep-mine" in refreshed_ids(fake)
        row = screen.query_one("#deps-table", DataTable).get_row("dep-theirs")
        assert "CREATE_COMPLETE" in str(row[1]) and "elsewhere: http://127.0.0.1:4566" in str(
            row[1]
        )


async def test_a_set_aside_record_is_a_notice_even_with_nothing_else_saved() -> None:
    # Given no readable record, only one set aside (its stack may still run)
    fake = RunFakeBackend()
    fake.saved = []
    fake.store.warnings = ["The saved deployment d1.json could not be read ... stack kept-alive"]
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        # Then Deployments opens (not the wizard) and says so
        assert isinstance(app.screen, DeploymentsScreen)
        shown = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "d1.json" in shown and "kept-alive" in shown


async def test_enter_finishes_a_lock_the_app_was_killed_before() -> None:
    """Walker's defect: killed between CREATE_COMPLETE and the lock, reopened with Enter (or
    c), the deployment was connected with ports open to the world and the lock never done."""
    due = saved_deployment("CREATE_COMPLETE", host="203.0.113.10").evolve(lock_to_my_ip=True)
    fake = RunFakeBackend()
    fake.saved = [due]
    fake.live[due.id] = due
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeploymentsScreen)
        await pilot.press("enter")
        await pilot.pause()
        await settle(pilot)
        # Then the launch screen's completion step ran (it locks) before anyone connected
        names = [name for name, _args in fake.calls]  # type: ignore[attr-defined]
        assert "stream" in names and names.index("lock_to_ip") < names.index("wait_for_chroma")
        assert [args[1] for args in fake.called("lock_to_ip")] == [fake.my_ip_address]  # type: ignore[attr-defined]


async def test_c_on_a_locked_or_unasked_deployment_connects_directly() -> None:
    from chroma_tui.ui.screens.waiting import WaitingScreen

    done = saved_deployment("CREATE_COMPLETE", host="203.0.113.10", locked="198.51.100.7")
    fake = RunFakeBackend()
    fake.saved = [done.evolve(lock_to_my_ip=True)]
    fake.live[done.id] = fake.saved[0]
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert any(isinstance(s, WaitingScreen) for s in app.screen_stack)
        assert not fake.called("lock_to_ip")  # type: ignore[attr-defined]
