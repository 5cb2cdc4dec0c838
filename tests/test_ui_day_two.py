"""Day two on the run screens (fake backend): the "it works" check and the cost meter on
Connected, the cost line on Deployments, and the note left when quitting."""

from __future__ import annotations

from datetime import timedelta

from fakes import FROZEN_NOW, RunFakeBackend, saved_deployment
from textual.widgets import Static

from chroma_tui.core.smoke_check import SmokeResult, SmokeStep
from chroma_tui.ui.app import ChromaTuiApp, leaving_note
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.deployments import DeploymentsScreen

LATER = FROZEN_NOW + timedelta(hours=10)


def app_for(fake: RunFakeBackend, lang: str = "en") -> ChromaTuiApp:
    return ChromaTuiApp(fake, lang=lang, clock=lambda: LATER)


def backend(*saved) -> RunFakeBackend:  # type: ignore[no-untyped-def]
    fake = RunFakeBackend()
    fake.saved = list(saved)
    return fake


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(screen, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(screen.query_one(selector, Static).render())


async def test_connected_runs_the_check_and_shows_four_steps_and_the_cost() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))
        await settle(pilot)
        screen = app.screen
        check = shown(screen, "#conn-check")
        assert check.startswith("It works: create, add, query and delete all passed in 46 ms")
        for step in ("1/4 create", "2/4 add three", "3/4 query", "4/4 delete"):
            assert f"✓ {step}" in check
        assert fake.called("smoke_check") == [("203.0.113.10", 8000)]
        # 10 h of t3.small: $0.208 + volume 2.4/730*10 + IPv4 $0.05
        cost = shown(screen, "#conn-cost")
        assert cost.startswith("Cost so far: $0.29 in 10.0 h (instance $0.21")
        assert "public IPv4 $0.05" in cost and "/day" in cost
        await pilot.press("k")
        await settle(pilot)
        assert len(fake.called("smoke_check")) == 2


async def test_connected_check_failure_names_the_step_in_both_languages() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend(d)
    fake.smoke_result = SmokeResult(
        "203.0.113.10", 8000, "chroma-tui-check-0123456789ab",
        (SmokeStep("create", 8.0), SmokeStep("add", 30.0, "ValueError: dimension mismatch")),
    )  # fmt: skip
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))
        await settle(pilot)
        check = shown(app.screen, "#conn-check")
        assert "failed at step 2/4 add three records" in check
        assert "ValueError: dimension mismatch" in check
        assert "chroma-tui-check-0123456789ab may be left" in check
        await pilot.press("f2")
        await settle(pilot)
        check = shown(app.screen, "#conn-check")
        assert "检查在步骤 2/4 添加三条记录" in check
        assert "ValueError: dimension mismatch" in check
        assert "至今费用：" in shown(app.screen, "#conn-cost")


async def test_deployments_show_the_selected_cost_and_the_running_total() -> None:
    up = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    gone = saved_deployment("DELETE_COMPLETE", id="dep-0002", name="old-stack")
    fake = backend(up, gone)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeploymentsScreen)
        text = shown(app.screen, "#deps-cost")
        assert text.startswith("my-chroma-stack: Cost so far: $0.29 in 10.0 h")
        assert "1 deployment still running: about $0.0291/h, $0.70/day" in text
        assert "with d" in text and "chroma-tui delete" not in text  # the key, in the app
        assert [args[0].id for args in fake.called("price")] == ["dep-0001"]  # type: ignore[attr-defined]


def test_leaving_note_counts_running_deployments() -> None:
    up = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    booting = saved_deployment("CREATE_IN_PROGRESS", id="dep-0002", name="second")
    gone = saved_deployment("DELETE_COMPLETE", id="dep-0003", name="old")
    note = leaving_note(backend(up, booting, gone), now=LATER)
    assert note.startswith("2 deployments still running: about $0.0582/h, $1.40/day")
    assert leaving_note(backend(gone), now=LATER) == ""


def test_leaving_note_counts_stopped_deployments_apart_at_the_volumes_rate() -> None:
    up = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    asleep = saved_deployment("CREATE_COMPLETE", id="dep-0002", name="asleep").evolve(
        instance_state="stopped", stopped_at=(FROZEN_NOW + timedelta(hours=2)).isoformat()
    )
    note = leaving_note(backend(up, asleep), now=LATER)
    # One runs at the full rate; the stopped one bills its 24 GiB volume only ($2.40/730 h)
    assert note.startswith("1 deployment still running: about $0.0291/h, $0.70/day"), note
    assert "1 stopped: about $0.0033/h, $0.08/day (volume only" in note
    # Only stopped ones left: the note still says what they cost
    alone = leaving_note(backend(asleep), now=LATER)
    assert alone.startswith("1 stopped: about $0.0033/h") and "still running" not in alone


async def test_deployments_cost_of_a_stopped_one_counts_its_running_hours_only() -> None:
    asleep = saved_deployment("CREATE_COMPLETE").evolve(
        instance_state="stopped", stopped_at=(FROZEN_NOW + timedelta(hours=4)).isoformat()
    )
    fake = backend(asleep)
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeploymentsScreen)
        text = " ".join(shown(app.screen, "#deps-cost").split())
        # 10 h since launch, 4 h of them running: instance $0.0208 x 4, IPv4 $0.005 x 4
        assert "in 10.0 h, 4.0 h of it running" in text, text
        assert "instance $0.08" in text and "public IPv4 $0.02" in text
        assert "stopped now, volume only: $0.0033/h, $0.08/day" in text
        assert "1 stopped: about $0.0033/h" in text


def test_the_leaving_note_gives_up_on_a_backend_that_does_not_answer() -> None:
    import threading

    from chroma_tui.ui.app import leaving_note_within

    held = threading.Event()

    class Hung:
        def deployments(self) -> list[object]:
            held.wait(30)  # a backend process stopped (SIGSTOP) or stuck
            return []

    try:
        assert leaving_note_within(Hung(), 0.1) == ""  # type: ignore[arg-type]
    finally:
        held.set()
