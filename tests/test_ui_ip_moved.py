"""Pilot tests: my IP changed on Waiting and Connected, one key (l) moves the rule."""

from __future__ import annotations

from fakes import FROZEN_NOW, RunFakeBackend, saved_deployment
from textual.widgets import Static

from chroma_tui.core.errors import ProbeError
from chroma_tui.core.ip_change import IpMovedError
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.waiting import WaitingScreen
from chroma_tui.ui.widgets.error_panel import ErrorPanel

OLD, NEW = "203.0.113.7", "198.51.100.77"


def texts(screen) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(str(w.render()) for w in screen.query(Static))


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def shown_soon(pilot, needle: str) -> str:  # type: ignore[no-untyped-def]
    """The screen's text once it holds ``needle`` (a recompose may still be on its way)."""
    for _ in range(100):
        await pilot.pause(0.02)
        text = texts(pilot.app.screen)
        if needle in text:
            return text
    raise AssertionError(f"{needle!r} never shown")


def fake_moved() -> tuple[RunFakeBackend, object]:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10", locked=OLD)
    fake = RunFakeBackend()
    fake.saved = [d]
    fake.my_ip_address = NEW  # the router gave this machine another address
    return fake, d


async def test_waiting_says_the_ip_changed_and_l_moves_the_rule() -> None:
    fake, d = fake_moved()
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))  # type: ignore[arg-type]
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WaitingScreen)
        assert isinstance(screen.error, IpMovedError)
        shown = await shown_soon(pilot, "Your IP address changed")
        assert OLD in shown and NEW in shown
        assert screen.query_one(ErrorPanel).error.key == "scripts.ip_moved"
        assert screen.check_action("move_lock", ()) is True
        await pilot.press("l")
        await settle(pilot)
        assert fake.called("lock_to_ip")  # the rule moved to the new address
        assert isinstance(app.screen, ConnectedScreen)
        assert app.screen.deployment.ip_locked_to == NEW


async def test_waiting_in_chinese_says_it_too() -> None:
    fake, d = fake_moved()
    app = ChromaTuiApp(fake, lang="zh-CN", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))  # type: ignore[arg-type]
        await settle(pilot)
        assert isinstance(app.screen, WaitingScreen)
        await shown_soon(pilot, "你的 IP 地址变了")


async def test_connected_failing_heartbeat_on_a_moved_ip_offers_l() -> None:
    fake, d = fake_moved()
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(ConnectedScreen(d, fake.connection))  # type: ignore[arg-type]
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ConnectedScreen)
        assert screen.check_action("lock", ()) is False  # locked, and the address is the same
        fake.fail("heartbeat", ProbeError("probe.timeout", host="203.0.113.10", seconds=3))
        screen.beat()
        await settle(pilot)
        assert screen.ip_moved is not None and screen.ip_moved.current == NEW
        await shown_soon(pilot, "Press l to move the rule")
        assert screen.check_action("lock", ()) is True
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, ConnectedScreen)
        assert app.screen.deployment.ip_locked_to == NEW and app.screen.ip_moved is None
