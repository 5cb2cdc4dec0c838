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
