"""Work split so the event loop is never held long (issue 10, item 7): a burst of events is
added to the table in steps, and the footer's keys are not restyled as they mount."""

from __future__ import annotations

from datetime import datetime, timezone

from fakes import FakeBackend
from textual.app import App, ComposeResult
from textual.dom import DOMNode
from textual.widgets._footer import FooterKey

from chroma_tui.core.models import StackEvent
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.widgets.event_table import ROWS_PER_TURN, EventTable

AT = datetime(2026, 12, 1, 12, 0, tzinfo=timezone.utc)


def event(number: int) -> StackEvent:
    return StackEvent(
        event_id=f"ev-{number:04d}",
        stack_id="arn:stack/s/1",
        stack_name="s",
        logical_id=f"Resource{number % 9}",
        physical_id="",
        resource_type="AWS::EC2::Instance",
        status="CREATE_IN_PROGRESS",
        reason="Resource creation Initiated",
        timestamp=AT,
    )


class TableApp(App[None]):
    def compose(self) -> ComposeResult:
        yield EventTable(id="events")


async def test_a_burst_is_added_in_steps_in_order_and_each_event_once() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(EventTable)
        burst = [event(i) for i in range(3 * ROWS_PER_TURN + 5)]
        assert table.add_events(burst) == len(burst)
        assert table.row_count == ROWS_PER_TURN  # the first step now, the rest frame by frame
        more = [event(i) for i in range(len(burst) - 3, len(burst) + 4)]  # 3 repeats, 4 new
        assert table.add_events(more) == 4
        for _ in range(100):
            if table.row_count == len(burst) + 4:
                break
            await pilot.pause(0.02)
        keys = [key.value for key in table.rows]
        assert keys == [f"ev-{i:04d}" for i in range(len(burst) + 4)]
        assert table.cursor_row == table.row_count - 1  # still following the newest row


async def test_footer_keys_mount_without_being_restyled() -> None:
    restyled: list[FooterKey] = []

    def counting(self: FooterKey, animate: bool = True) -> None:
        restyled.append(self)
        DOMNode.update_node_styles(self, animate=animate)

    FooterKey.update_node_styles = counting  # type: ignore[method-assign]
    try:
        app = ChromaTuiApp(FakeBackend(), lang="en")
        async with app.run_test(size=(80, 24)) as pilot:
            for _ in range(100):
                if app.screen.query(FooterKey):
                    break
                await pilot.pause(0.02)
            await pilot.pause()
            keys = list(app.screen.query(FooterKey))
            assert keys
            assert all(key.has_class("-compact") == key.compact for key in keys)
    finally:
        del FooterKey.update_node_styles
    assert restyled == []
