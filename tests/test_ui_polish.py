"""Defects from the round-4 new-user walk, on screens: whose prices the instance-type step
shows."""

from __future__ import annotations

import pytest
from fakes import FROZEN_NOW, FakeBackend, settle
from textual.widgets import Static

from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.instance_type import InstanceTypeScreen


@pytest.mark.parametrize(
    ("region", "expected", "absent"),
    [
        ("eu-west-1", "rough estimate: us-east-1 list prices", "on-demand estimates for"),
        ("us-east-1", "on-demand estimates for us-east-1", "rough estimate"),
    ],
)
async def test_instance_step_says_whose_prices_it_shows(
    region: str, expected: str, absent: str
) -> None:
    app = ChromaTuiApp(FakeBackend(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(InstanceTypeScreen(region))
        await settle(pilot)
        intro = " ".join(str(s.render()) for s in app.screen.query(".intro").results(Static))
        assert expected in intro and absent not in intro


async def test_a_deleted_deployment_shows_no_address() -> None:
    """Its old address is handed out again, so two rows showed the same one (walker)."""
    from fakes import RunFakeBackend, saved_deployment
    from textual.widgets import DataTable

    from chroma_tui.ui.screens.deployments import DeploymentsScreen

    gone = saved_deployment("DELETE_COMPLETE", id="dep-gone", name="old-stack", host="127.0.0.2")
    live = saved_deployment("CREATE_COMPLETE", id="dep-live", host="127.0.0.2")
    fake = RunFakeBackend()
    fake.saved = [gone, live]
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeploymentsScreen)
        table = app.screen.query_one(DataTable)
        rows = {str(table.get_row(key)[0]): str(table.get_row(key)[2]) for key in table.rows}
        assert rows == {"old-stack": "-", "my-chroma-stack": "127.0.0.2"}  # port 8000 goes unsaid


async def test_review_scrolls_with_the_arrows_while_launch_has_the_focus() -> None:
    """Walker: at 80x24 the warnings are below the fold and Down did nothing until Tab."""
    from test_ui_walk import make_app, reach
    from textual.containers import VerticalScroll

    from chroma_tui.ui.screens.review import ReviewScreen

    app = make_app(FakeBackend())
    async with app.run_test(size=(80, 24)) as pilot:
        await reach(pilot, ReviewScreen)
        body = app.screen.query_one("#review-body", VerticalScroll)
        assert body.max_scroll_y > 0  # the page is longer than the screen
        assert body.scroll_y == 0
        await pilot.press("pagedown")
        await pilot.pause()
        assert body.scroll_y > 0
        await pilot.press("end")
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home", "down")
        await pilot.pause()
        assert 0 < body.scroll_y < body.max_scroll_y
        assert isinstance(app.screen, ReviewScreen)  # nothing launched


async def test_next_before_the_new_key_pair_is_created_says_so() -> None:
    """Walker: ctrl+n with "Create a new key pair" chosen but nothing created did nothing."""
    from textual.widgets import Input

    from chroma_tui.ui.screens.key_pair import KeyPairScreen

    app = ChromaTuiApp(FakeBackend(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6):  # Next until the key pair step
            await settle(pilot)
            if isinstance(app.screen, KeyPairScreen):
                break
            await pilot.press("ctrl+n")
        assert isinstance(app.screen, KeyPairScreen)
        await pilot.click("#mode-create")
        await settle(pilot)
        app.screen.query_one("#new-name", Input).focus()
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert isinstance(app.screen, KeyPairScreen)  # nothing goes on without the key
        said = [n.message for n in app._notifications]
        assert any("Create the key pair first" in m for m in said), said
