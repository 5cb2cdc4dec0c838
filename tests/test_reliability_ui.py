"""Issue 4, items 2 and 7 on screen: a 60×20 terminal and resizing mid-stream crash nothing,
lose no event row, and the UI keeps answering keys while the stream waits on the network."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
from fakes import (
    FROZEN_NOW,
    FakeBackend,
    RunFakeBackend,
    official_template,
    saved_deployment,
    stack_events,
    update,
)

from chroma_tui.core.models import LaunchPlan, StackEvent, StreamUpdate
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.launch import LaunchScreen
from chroma_tui.ui.widgets.event_table import EventTable

pytestmark = pytest.mark.timeout(60)

STACK_ID = "arn:aws:cloudformation:us-east-1:123456789012:stack/my-chroma-stack/1"
SIZES = [(60, 20), (200, 50), (60, 20), (80, 24)]


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


class GatedStream:
    """Yields the first updates, then says "reconnecting" and waits for ``gate``, then the rest."""

    def __init__(
        self, first: list[StreamUpdate], rest: list[StreamUpdate], should_stop: Callable[[], bool]
    ) -> None:
        self.first, self.rest = first, rest
        self.gate = threading.Event()
        self.waiting = threading.Event()
        self.should_stop = should_stop
        self.events: list[StackEvent] = []
        self.stack = None

    def updates(self) -> Iterator[StreamUpdate]:
        for item in self.first:
            self.events.extend(item.events)
            yield item
        yield StreamUpdate(reconnecting=True, problem="EndpointConnectionError")
        self.waiting.set()
        while not self.gate.wait(0.05):
            if self.should_stop():
                return
        for item in self.rest:
            self.events.extend(item.events)
            self.stack = item.stack
            yield item


class GatedBackend(RunFakeBackend):
    def __init__(self, events: list[StackEvent]) -> None:
        super().__init__()
        self.saved = [saved_deployment("DELETE_COMPLETE", id="dep-old", name="old-stack")]
        self.script = events
        self.gated: GatedStream | None = None

    def stream(self, deployment, should_stop=lambda: False):  # type: ignore[no-untyped-def]
        self._enter("stream", deployment)
        evs = self.script
        self.gated = GatedStream(
            [update(e) for e in evs[:4]],
            [update(e) for e in evs[4:-1]] + [update(evs[-1], status="CREATE_COMPLETE")],
            should_stop,
        )
        return self.gated


async def test_the_wizard_runs_in_a_60x20_terminal_and_survives_resizes() -> None:
    # The wizard's worker waits for the user's answers, so pause instead of waiting for workers.
    app = ChromaTuiApp(FakeBackend(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.pause(0.3)
        shown = [type(app.screen).__name__]
        # keys, including Back on the first step (the wizard must stay alive: not a blank screen)
        for key in ("tab", "down", "escape", "tab", "escape"):
            await pilot.press(key)
            await pilot.pause(0.1)
            shown.append(type(app.screen).__name__)
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause(0.1)
            assert app.size == (width, height)
            assert app.screen.size == (width, height)
        assert app.is_running
        assert set(shown) == {"CredentialsScreen"}, shown
        wizard = [w for w in app.workers if w.group == "wizard"]
        assert wizard and not wizard[0].is_cancelled
    assert app.return_code in (None, 0)


async def test_resizing_mid_stream_loses_no_row_and_keys_still_answer() -> None:
    events = stack_events("my-chroma-stack", STACK_ID)
    fake = GatedBackend(events)
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    plan = LaunchPlan("us-east-1", "my-chroma-stack", "t3.small", "1.5.9", official_template())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan))
        for _ in range(100):  # the stream worker reaches its network wait
            await pilot.pause(0.02)
            if fake.gated is not None and fake.gated.waiting.is_set():
                break
        assert fake.gated is not None and fake.gated.waiting.is_set()
        screen = app.screen
        assert isinstance(screen, LaunchScreen)
        # While the stream waits on the network, the terminal is resized and keys are pressed
        for width, height in SIZES:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            await pilot.press("down")
            assert app.size == (width, height)
        table = screen.query_one("#events", EventTable)
        assert table.row_count == 4
        # Then, the network back, every event is a row exactly once and the journey goes on
        fake.gated.gate.set()
        for _ in range(200):
            await pilot.pause(0.02)
            if isinstance(app.screen, ConnectedScreen):
                break
        assert table.row_count == len(events)
        assert isinstance(app.screen, ConnectedScreen)
