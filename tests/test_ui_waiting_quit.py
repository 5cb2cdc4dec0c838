"""``q`` while waiting for Chroma asks before leaving a billing stack, as Launch and Connected
do (walker's defect: it quit at once)."""

from __future__ import annotations

import time

from fakes import FROZEN_NOW, RunFakeBackend, saved_deployment, settle
from textual.pilot import Pilot
from textual.widgets import Static

from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.waiting import WaitingScreen
from chroma_tui.ui.widgets.confirm import ConfirmModal


async def until(pilot: Pilot, condition, limit_s: float = 15.0) -> None:  # type: ignore[no-untyped-def,type-arg]
    deadline = time.monotonic() + limit_s
    while not condition() and time.monotonic() < deadline:
        await pilot.pause(0.05)


async def test_q_on_waiting_asks_with_the_price_and_n_stays() -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.probe_blocks = True  # Chroma does not answer yet
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))
        await until(pilot, lambda: isinstance(app.screen, WaitingScreen))
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        modal = app.screen
        assert isinstance(modal, ConfirmModal)
        body = " ".join(str(s.render()) for s in modal.query(Static))
        assert "my-chroma-stack keeps running and billing" in body and "/h" in body
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, WaitingScreen))
        assert isinstance(app.screen, WaitingScreen) and app.is_running
        await pilot.press("q")
        await until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await until(pilot, lambda: not app.is_running)
        assert app.return_code == 0
        fake.probe_block.set()
