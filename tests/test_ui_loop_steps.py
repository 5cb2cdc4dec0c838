"""Work split so the event loop is never held long (issue 10, item 7): a burst of events is
added to the table in steps, the footer's keys are built once and not restyled as they mount,
and a new screen is laid out once as it opens."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from fakes import FakeBackend
from textual import events
from textual.app import App, ComposeResult
from textual.dom import DOMNode
from textual.geometry import Size
from textual.screen import ModalScreen, Screen
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from chroma_tui.core.models import StackEvent
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.base.first_frame import FirstFrameAlone
from chroma_tui.ui.screens.base.run import update_text
from chroma_tui.ui.widgets import event_table
from chroma_tui.ui.widgets.event_table import EventTable
from chroma_tui.ui.widgets.footer import I18nFooter

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


async def test_a_burst_goes_in_at_once_in_order_and_each_event_once() -> None:
    app = TableApp()
    async with app.run_test() as pilot:
        table = app.query_one(EventTable)
        burst = [event(i) for i in range(500)]
        assert table.add_events(burst) == len(burst)
        assert table.row_count == len(burst)  # rows are data: nothing is drawn yet
        more = [event(i) for i in range(len(burst) - 3, len(burst) + 4)]  # 3 repeats, 4 new
        assert table.add_events(more) == 4
        await pilot.pause()
        assert list(table.rows) == [f"ev-{i:04d}" for i in range(len(burst) + 4)]
        assert table.cursor_row == table.row_count - 1  # still following the newest row


async def test_a_frame_lays_out_only_the_lines_it_shows_and_each_once(monkeypatch) -> None:
    """A DataTable drew every visible cell again after each added row; the log lays out the
    lines on screen, once each, and a new row lays out itself and the row the cursor left."""
    laid_out: list[Any] = []  # the cells of each line laid out (each row's own tuple)
    real = EventTable._line

    def counting(table: EventTable, cells: Any, widths: Any, width: int, look: Any) -> Any:
        laid_out.append(cells)
        return real(table, cells, widths, width, look)

    monkeypatch.setattr(EventTable, "_line", counting)
    app = TableApp()
    async with app.run_test(size=(100, 20)) as pilot:
        table = app.query_one(EventTable)
        await pilot.pause()
        laid_out.clear()  # the empty log's header
        table.add_events([event(i) for i in range(500)])
        await pilot.pause()
        await pilot.pause()
        assert 0 < len(laid_out) <= 20  # the header and the rows the 20 lines show, not 500
        assert len({id(cells) for cells in laid_out}) == len(laid_out)  # each line once
        assert any(cells is table.get_row_at(499) for cells in laid_out)  # the newest, followed
        laid_out.clear()
        table.add_events([event(500)])
        await pilot.pause()
        await pilot.pause()
        # the new row (with the cursor) and ev-0499 (without it now); the others scroll, drawn
        assert len(laid_out) == 2
        table.move_cursor(row=table.row_count - 3)
        await pilot.pause()
        assert len(laid_out) == 4  # the row the cursor left and the one it reached
        laid_out.clear()
        app.theme = "textual-light" if app.theme != "textual-light" else "textual-dark"
        await pilot.pause()
        await pilot.pause()
        assert len(laid_out) >= 19  # a new theme: every line shown drawn again


async def test_the_log_keys_move_the_cursor_and_show_the_reason_of_its_row() -> None:
    highlighted: list[str] = []

    class HighlightApp(TableApp):
        def on_event_table_highlighted(self, message: EventTable.Highlighted) -> None:
            highlighted.append(message.event.event_id)

    app = HighlightApp()
    async with app.run_test(size=(100, 12)) as pilot:
        table = app.query_one(EventTable)
        table.add_events([event(i) for i in range(30)])
        table.focus()
        await pilot.pause()
        assert highlighted[-1] == "ev-0029"
        await pilot.press("up", "up")
        assert table.cursor_row == 27 and highlighted[-1] == "ev-0027"
        await pilot.press("home")
        assert table.cursor_row == 0 and table.scroll_offset.y == 0
        await pilot.press("pagedown")
        assert 0 < table.cursor_row < 29
        assert table.scroll_offset.y <= table.cursor_row  # the cursor stays in view
        await pilot.press("end")
        assert table.cursor_row == 29
        table.add_events([event(30)])  # at the end: still following
        await pilot.pause()
        assert table.cursor_row == 30
        await pilot.press("up")
        table.add_events([event(31)])  # moved up: the cursor stays where the user put it
        await pilot.pause()
        assert table.cursor_row == 29
        await pilot.click(EventTable, offset=(5, 1))  # the first row shown under the header
        assert table.cursor_row == table.scroll_offset.y


async def test_a_reason_on_several_lines_stays_on_its_row_and_no_room_means_none() -> None:
    from dataclasses import replace

    app = TableApp()
    async with app.run_test(size=(100, 10)) as pilot:
        table = app.query_one(EventTable)
        table.add_events([replace(event(0), reason="Handler said:\nTraceback\n\tline 3")])
        table.add_events([event(1)])
        await pilot.pause()
        line = table.render_line(1).text
        assert "\n" not in line and "\t" not in line
        assert "Handler said: Traceback line 3" in line
        assert all(len(table.render_line(y).text) == table.size.width for y in range(3))
        await pilot.click(EventTable, offset=(5, 6))  # below the last row: nothing chosen
        assert table.cursor_row == 1
        await pilot.click(EventTable, offset=(5, 1))
        assert table.cursor_row == 0
    narrow = App[None]()
    async with narrow.run_test(size=(52, 6)) as pilot:
        log = EventTable([event(0)], id="events")
        await narrow.mount(log)
        await pilot.pause()
        widths = event_table.column_widths(log._natural, log.scrollable_content_region.width)
        assert widths[event_table.REASON] == 0
        assert "R" not in log.render_line(1).text[-3:]  # not a letter of the reason's start


def test_columns_fit_the_width_and_the_reason_takes_what_is_left() -> None:
    natural = [8, 30, 14, 20, 120]
    widths = event_table.column_widths(natural, 100)
    assert widths[:4] == (8, 30, 14, 20)
    assert sum(widths) + event_table.GAP * 4 + 2 * event_table.EDGE == 100
    narrow = event_table.column_widths(natural, 60)
    assert narrow[4] == 0 and narrow[1] < 30  # no room for a reason: the resource gives way
    assert narrow[1] >= event_table.RESOURCE_MIN


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


# -- a screen's first frame: one layout, one footer build ----------------------------------
class Shown(FirstFrameAlone, Screen[None]):
    def compose(self) -> ComposeResult:
        yield Static("body", id="body")
        yield I18nFooter()


class Modal(FirstFrameAlone, ModalScreen[None]):
    def compose(self) -> ComposeResult:
        yield Static("modal")


class ScreensApp(App[None]):
    pass


def counting_resizes(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Screen[Any], Size]]:
    """Each (screen, size) that a Resize lays out again, in order."""
    resized: list[tuple[Screen[Any], Size]] = []
    original = Screen._screen_resized

    def counting(self: Screen[Any], size: Size) -> None:
        resized.append((self, size))
        original(self, size)

    monkeypatch.setattr(Screen, "_screen_resized", counting)
    return resized


async def test_a_new_screen_is_laid_out_once_as_it_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Textual lays a screen out on resume, then again for a Resize to that same size, in the
    same loop turn, with the screen beneath it: that second pass is skipped."""
    resized = counting_resizes(monkeypatch)
    app = ScreensApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        resized.clear()
        screen = Shown()
        app.push_screen(screen)
        for _ in range(5):
            await pilot.pause()
        assert app.screen is screen
        assert resized == []
        assert screen.query_one("#body").region.width == 80  # laid out all the same


async def test_a_real_resize_still_lays_the_screen_out(monkeypatch: pytest.MonkeyPatch) -> None:
    resized = counting_resizes(monkeypatch)
    app = ScreensApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = Shown()
        await app.push_screen(screen)
        await pilot.pause()
        resized.clear()
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.1)
        assert (screen, Size(100, 30)) in resized
        assert screen.query_one("#body").region.width == 100


async def test_a_screen_resized_under_a_modal_is_its_new_size_when_the_modal_closes() -> None:
    app = ScreensApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = Shown()
        await app.push_screen(screen)
        await pilot.pause()
        await app.push_screen(Modal())
        await pilot.pause()
        await pilot.resize_terminal(100, 30)
        await pilot.pause(0.1)
        app.pop_screen()
        await pilot.pause(0.1)
        assert app.screen is screen
        assert screen.query_one("#body").region.width == 100


async def test_the_footer_builds_its_keys_once_when_a_screen_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A new screen signals its bindings several times before its first refresh; Textual's
    footer rebuilt every key once per signal (five times on Waiting)."""
    builds: list[I18nFooter] = []
    original = I18nFooter.recompose

    async def counting(self: I18nFooter) -> None:
        builds.append(self)
        await original(self)

    monkeypatch.setattr(I18nFooter, "recompose", counting)
    app = ScreensApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = Shown()
        await app.push_screen(screen)
        screen.refresh_bindings()
        screen.refresh_bindings()
        for _ in range(10):
            await pilot.pause()
        footer = screen.query_one(I18nFooter)
        assert builds == [footer]
        assert screen.query(FooterKey)  # the one build made the keys


# -- timers' texts: a repaint, and a layout only when the height changes --------------------
class TextApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Static("Attempt 1, 1 s", id="progress")
        yield Static("below", id="below")


async def test_a_text_of_the_same_height_repaints_without_a_layout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = TextApp()
    async with app.run_test(size=(40, 10)) as pilot:
        widget = app.query_one("#progress", Static)
        layouts: list[bool] = []
        original = Static.refresh

        def recording(self: Static, *regions: Any, layout: bool = False, **kw: Any) -> Any:
            if self is widget:
                layouts.append(layout)
            return original(self, *regions, layout=layout, **kw)

        monkeypatch.setattr(Static, "refresh", recording)
        update_text(widget, "Attempt 1, 1 s")
        assert layouts == []  # the same text: nothing at all
        update_text(widget, "Attempt 2, 2 s")
        assert layouts and not any(layouts)  # one line still: a repaint only
        await pilot.pause()
        assert "Attempt 2, 2 s" in str(widget.render())
        layouts.clear()
        update_text(widget, "Attempt 3, 3 s; " + "the server has not answered yet " * 3)
        assert any(layouts)  # now it wraps: the screen is laid out again
        await pilot.pause()
        assert widget.size.height > 1
        assert app.query_one("#below").region.y == widget.region.bottom


async def test_a_new_screen_is_styled_once_and_a_returning_one_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Styled as its widgets mount, a new screen is not restyled on its first resume; a screen
    coming back is, when Textual asks for it (a switch back to it, a mode change)."""
    restyled: list[Screen[Any]] = []
    original = Screen.update_node_styles

    def counting(self: Screen[Any], animate: bool = True) -> None:
        restyled.append(self)
        original(self, animate=animate)

    monkeypatch.setattr(Screen, "update_node_styles", counting)
    app = ScreensApp()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = Shown()
        await app.push_screen(screen)
        await pilot.pause()
        assert screen not in restyled
        assert screen.query_one("#body").styles.height is not None  # styled all the same
        screen.post_message(events.ScreenResume())  # as a switch back to it sends
        await pilot.pause()
        assert app.screen is screen and screen in restyled
