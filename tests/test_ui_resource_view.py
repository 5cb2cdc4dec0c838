"""Pilot tests of the live resource view: reasons whole at 80 columns, the raw event log one
key away, the boot phases continuing it on Waiting, saved durations, the end-of-run bell."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from fakes import FROZEN_NOW, saved_deployment, stack_events, update
from rich.console import Console
from rich.style import Style
from rich.text import Text
from test_ui_run_launch import STACK_ID, app_for, backend, plan, settle
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.strip import Strip

from chroma_tui.core.durations import history_path
from chroma_tui.core.resource_view import ResourceRow, resource_rows
from chroma_tui.ui.screens.connected import ConnectedScreen
from chroma_tui.ui.screens.failure import FailureScreen
from chroma_tui.ui.screens.launch import LaunchScreen
from chroma_tui.ui.widgets.event_table import EventTable
from chroma_tui.ui.widgets.resource_view import ResourceView, RowPainter, plain_lines

LONG_REASON = (
    "The following resource(s) failed to create: [ChromaInstance]. Resource handler returned "
    'message: "No default VPC for this user. GroupName is only supported for EC2-Classic and '
    'default VPC. (Service: Ec2, Status Code: 400, Request ID: 0f1e2d3c-aaaa-bbbb-cccc)"'
)


def long_reason_events() -> list:  # type: ignore[type-arg]
    evs = stack_events("my-chroma-stack", STACK_ID)[:6]
    evs[5] = replace(evs[5], status="CREATE_FAILED", reason=LONG_REASON)
    return evs


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("width", [80, 100])
def test_a_long_reason_wraps_whole_at_80_and_100_columns(width: int) -> None:
    rows = resource_rows(long_reason_events(), "my-chroma-stack")
    lines = plain_lines(rows, FROZEN_NOW, width - 2)  # the view's padding
    text = "\n".join(lines)
    assert all(len(line) <= width - 2 for line in lines)
    assert squash(LONG_REASON) in squash(text)  # every word, in order, nothing cut


async def test_launch_shows_rows_and_e_shows_every_event_once() -> None:
    fake = backend()
    evs = long_reason_events()
    fake.stream_script = [update(e) for e in evs]
    app = app_for(fake)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        screen = app.screen
        view = screen.query_one("#resources", ResourceView)
        table = screen.query_one("#events", EventTable)
        assert view.display and not table.display
        assert [r.status for r in view.rows] == [
            "CREATE_IN_PROGRESS",
            "CREATE_COMPLETE",
            "CREATE_FAILED",
        ]
        assert LONG_REASON in view.text()
        assert view.estimate is None  # a failed resource: no promise of a time left
        assert table.row_count == 6  # the raw log holds every event, once
        await pilot.press("e")
        await pilot.pause()
        assert table.display and not view.display
        assert table.row_count == 6
        await pilot.press("e")
        await pilot.pause()
        assert view.display and not table.display


async def test_a_whole_deployment_saves_durations_and_rings_the_bell(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("CHROMA_TUI_BELL")
    fake = backend()
    app = app_for(fake)
    rings: list[str] = []
    monkeypatch.setattr(app, "bell", lambda: rings.append("bell"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        assert isinstance(app.screen, ConnectedScreen)
        await settle(pilot)
        assert rings == ["bell"]
    saved = json.loads(history_path().read_text(encoding="utf-8"))
    kinds = saved["endpoints"]["aws"]
    assert kinds["AWS::EC2::Instance"] == [8.0]  # the fake timeline: 4 s per event
    assert kinds["AWS::EC2::SecurityGroup"] == [8.0]


async def test_a_failed_launch_rings_unless_turned_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for setting, expected in (("1", ["bell"]), ("0", [])):
        monkeypatch.setenv("CHROMA_TUI_BELL", setting)
        fake = backend()
        fake.stream_final = "ROLLBACK_COMPLETE"
        app = app_for(fake)
        rings: list[str] = []
        monkeypatch.setattr(app, "bell", lambda rings=rings: rings.append("bell"))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            app.push_screen(LaunchScreen(plan=plan()))
            await settle(pilot)
            assert isinstance(app.screen, FailureScreen)
        assert rings == expected, setting


async def test_waiting_continues_the_view_with_the_launch_rows() -> None:
    from chroma_tui.ui.screens.waiting import WaitingScreen

    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = backend()
    fake.probe_blocks = True
    app = app_for(fake)
    evs = tuple(stack_events("my-chroma-stack", STACK_ID))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d, events=evs))
        for _ in range(40):
            await pilot.pause(0.05)
            if isinstance(app.screen, WaitingScreen) and app.screen.query(ResourceView):
                break
        view = app.screen.query_one("#resources", ResourceView)
        keys = [r.key for r in view.rows]
        assert keys[:3] == ["my-chroma-stack", "ChromaInstanceSecurityGroup", "ChromaInstance"]
        assert keys[3:] == [
            f"boot.{p}" for p in ("docker", "compose", "pulled", "started", "finished")
        ]
        assert view.estimate is not None and view.estimate.remaining_s > 0
        fake.probe_block.set()
        await settle(pilot)


@pytest.mark.parametrize(("lang", "stack_type"), [("en", "Stack"), ("zh-CN", "堆栈")])
async def test_a_row_name_stands_apart_from_its_type_at_80_columns(
    lang: str, stack_type: str
) -> None:
    fake = backend()
    fake.stream_script = [update(e) for e in long_reason_events()[:3]]
    app = app_for(fake, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(LaunchScreen(plan=plan()))
        await settle(pilot)
        view = app.screen.query_one("#resources", ResourceView)
        drawn = [view.render_line(y) for y in range(view.size.height)]
        first = drawn[0]
        assert f"my-chroma-stack  {stack_type}" in first.text
        # The gap is drawn in the plain style, never dimmed with the type (it stays visible).
        segments = list(first)
        name_at = next(i for i, s in enumerate(segments) if s.text.endswith("my-chroma-stack"))
        gap = segments[name_at + 1]
        assert gap.text == "  " and gap.style is not None
        assert not gap.style.dim and not gap.style.bold
        assert segments[name_at].style is not None and segments[name_at].style.bold
        assert all(strip.cell_length == view.size.width for strip in drawn)


def _rows_for_heights() -> list[ResourceRow]:
    reasons = ["", "Resource creation Initiated", LONG_REASON, "实例容量不足，请换一个可用区。" * 3]
    rows = [
        ResourceRow(
            key=f"R{n}",
            logical_id=f"Resource{n}" + "x" * (n * 7 % 40),
            resource_type="AWS::EC2::Instance",
            status="CREATE_FAILED" if n % 3 == 0 else "CREATE_IN_PROGRESS",
            reason=reasons[n % len(reasons)] + " ." * (n % 5),
            physical_id=f"i-{n:017x}" if n % 2 else "",
        )
        for n in range(24)
    ]
    return [
        *rows,
        ResourceRow(key="boot.docker", logical_id="docker", resource_type="", status="PENDING"),
    ]


@pytest.mark.parametrize("width", [9, 20, 33, 47, 60, 78, 80, 98, 120])
def test_a_rows_height_without_layout_is_the_laid_out_height(width: int) -> None:
    console = Console(width=200, color_system=None, file=None, legacy_windows=False)
    quick, laid_out = RowPainter(console, console.options), RowPainter(console, console.options)
    base = Style()
    for row in _rows_for_heights():
        assert quick.height(row, width, base) == len(laid_out.body(row, width, base)), row


async def test_a_burst_of_changed_rows_lays_out_only_the_rows_drawn() -> None:
    """50 rows changed at once (a big burst of events): the layout needs their heights, the
    screen draws a few of them; only those are wrapped."""
    rows = [
        ResourceRow(
            key=f"R{n}",
            logical_id=f"Resource{n:02d}",
            resource_type="AWS::EC2::SecurityGroup",
            status="CREATE_IN_PROGRESS",
            reason="Resource creation Initiated",
            started=FROZEN_NOW,
        )
        for n in range(50)
    ]

    class ViewApp(App[None]):
        def compose(self) -> ComposeResult:
            with VerticalScroll():
                yield ResourceView(id="resources")

    app = ViewApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = app.query_one(ResourceView)
        view.show(rows, FROZEN_NOW)
        await pilot.pause()
        painter = view._paint()
        wrapped: list[str] = []
        real_render = painter._render

        def counting(text: Text, width: int, base: Style) -> list[Strip]:
            wrapped.append(text.plain)
            return real_render(text, width, base)

        painter._render = counting  # type: ignore[method-assign]
        view.show([replace(r, status="CREATE_COMPLETE", reason="") for r in rows], FROZEN_NOW)
        await pilot.pause()
        await pilot.pause()
        assert view.virtual_size.height == 100  # every row counted: its title and status
        assert 0 < len(wrapped) <= 12  # but only the rows the 24-line screen shows were drawn
