"""Round-5 polish, each a rough edge a first-time user met: keys and columns cut at 80
columns, "deployment(s)", "Boot: Boot finished", mixed brackets in Chinese key hints, costs
whose parts did not add up as shown, a stale toast over the Deployments result line, and the
catalogues' row helper written three times."""

from __future__ import annotations

import ast
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from fakes import FROZEN_NOW, FakeBackend, RunFakeBackend, saved_deployment, settle
from test_boot_log import HEALTHY
from test_cost import T0, T3_SMALL, record
from test_ui_walk import reach
from textual.widgets import DataTable, Static
from textual.widgets._footer import Footer, FooterKey

from chroma_tui import i18n
from chroma_tui.console_boot import phase_lines
from chroma_tui.core.boot_log import BootError, BootPhase, BootReport, parse_console
from chroma_tui.core.cost import (
    breakdown,
    cost_text,
    fleet_cost,
    fleet_text,
    money_parts,
    running_cost,
)
from chroma_tui.core.models import ProbeAttempt, SnapshotInfo
from chroma_tui.core.timefmt import short_local
from chroma_tui.i18n import catalogues, plural
from chroma_tui.i18n.rows import error_rows
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.deployments import DeploymentsScreen
from chroma_tui.ui.screens.region import RegionScreen
from chroma_tui.ui.screens.snapshots import SnapshotsScreen
from chroma_tui.ui.screens.waiting import WaitingScreen
from chroma_tui.ui.widgets.fit_columns import fit_widths

LATER = FROZEN_NOW + timedelta(hours=10)
LANGS = ("en", "zh-CN")


@pytest.fixture(autouse=True)
def english():  # type: ignore[no-untyped-def]
    i18n.set_language("en")
    yield
    i18n.set_language("en")


def app_for(fake: RunFakeBackend, lang: str) -> ChromaTuiApp:
    return ChromaTuiApp(fake, lang=lang, clock=lambda: LATER)


def fleet() -> RunFakeBackend:
    """The widest rows a new user gets: a running one with an address (every key applies), a
    stopped one, a long name in the longest region, a full-size public IPv4 address."""
    fake = RunFakeBackend()
    fake.saved = [
        saved_deployment("CREATE_COMPLETE", host="203.0.113.100"),
        saved_deployment("CREATE_COMPLETE", id="dep-0002", name="sleepy-stack", host=None).evolve(
            instance_state="stopped", stopped_at=(FROZEN_NOW + timedelta(hours=4)).isoformat()
        ),
        saved_deployment(
            "CREATE_COMPLETE", id="dep-0003", name="my-chroma-stack-for-the-team",
            region="ap-southeast-2", host="198.51.100.200",
        ),
    ]  # fmt: skip
    return fake


def help_line(screen: Any) -> str:
    return str(screen.query_one("#deps-help", Static).render())


def assert_footer_fits(screen: Any) -> None:
    """Every key of the footer is on screen, left of the palette key (which docks right)."""
    footer = screen.query_one(Footer)
    keys = list(screen.query(FooterKey))
    palette = [k for k in keys if k.has_class("-command-palette")]
    assert len(palette) == 1
    shown = {k.key_display: k.description for k in keys}
    for key in keys:
        assert key.region.width > 0, (key.key_display, shown)
        if key is not palette[0]:
            assert key.region.right <= palette[0].region.x, (key.key_display, shown)
    assert footer.max_scroll_x == 0, shown


def assert_table_fits(table: DataTable[Any]) -> None:
    """No column runs past the table's right edge (nothing to scroll to)."""
    assert table.max_scroll_x == 0, (table.virtual_size, table.scrollable_content_region)


# -- 1. 80 columns -----------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
async def test_deployments_footer_shows_every_key_at_80_columns(lang: str) -> None:
    app = app_for(fleet(), lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DeploymentsScreen)
        table = screen.query_one("#deps-table", DataTable)
        table.focus()
        for row in range(3):  # running (w c d z), stopped (w d u), running again
            table.move_cursor(row=row, animate=False)
            await settle(pilot)
            assert_footer_fits(app.screen)
        labels = {k.key_display: k.description for k in app.screen.query(FooterKey)}
        assert labels["f2"] == ("中文" if lang == "en" else "English")
        assert "q" in labels and "^p" in labels
        # s left the footer for the help line (and the palette keeps every key)
        assert "s" not in labels
        assert (" s " if lang == "en" else "按 s") in help_line(app.screen)


@pytest.mark.parametrize("lang", LANGS)
async def test_deployments_table_fits_80_columns_with_a_stopped_row(lang: str) -> None:
    app = app_for(fleet(), lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#deps-table", DataTable)
        assert_table_fits(table)
        stopped = [str(c) for c in table.get_row("dep-0002")]
        # The stopped tag is where the address would be; the date is whole
        assert stopped[2] == ("stopped" if lang == "en" else "已停止")
        assert stopped[4] == short_local(FROZEN_NOW, LATER)
        assert re.fullmatch(r"\d\d-\d\d \d\d:\d\d", stopped[4])
        running = [str(c) for c in table.get_row("dep-0001")]
        assert running[1] == "✓ CREATE_COMPLETE" and running[2] == "203.0.113.100"
        # The long name gives way, with an ellipsis; every column still fits
        widths = [column.width for column in table.columns.values()]
        assert widths[0] < len("my-chroma-stack-for-the-team")
        assert sum(widths) + 2 * table.cell_padding * len(widths) <= 80


@pytest.mark.parametrize("lang", LANGS)
async def test_snapshots_table_fits_80_columns(lang: str) -> None:
    fake = fleet()
    fake.snapshot_list = [
        SnapshotInfo(
            "snap-0123456789abcdef0", "us-east-1", "vol-0123456789abcdef0", 24, "completed",
            FROZEN_NOW, stack_name="my-chroma-stack-for-the-team", monthly_usd=1.2,
        )
    ]  # fmt: skip
    app = app_for(fake, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnapshotsScreen)
        table = app.screen.query_one("#snap-table", DataTable)
        assert_table_fits(table)
        cells = [str(c) for c in table.get_row("snap-0123456789abcdef0")]
        assert cells[0] == "snap-0123456789abcdef0"  # the id `--delete` takes: never cut
        assert cells[-1] == "$1.20"  # the last column, whole
        widths = [column.width for column in table.columns.values()]
        assert sum(widths) + 2 * table.cell_padding * len(widths) <= 80
        assert_footer_fits(app.screen)


def test_fit_widths_cuts_the_widest_shrinkable_column_only_to_its_minimum() -> None:
    assert fit_widths([10, 20, 5], [10, 8, 5], room=50, gap=2) == [10, 20, 5]  # fits
    assert fit_widths([10, 20, 5], [10, 8, 5], room=35, gap=2) == [10, 14, 5]
    assert fit_widths([10, 20, 5], [10, 18, 5], room=20, gap=2) == [10, 18, 5]  # floor


def test_short_dates_drop_the_year_only_within_it() -> None:
    now = datetime(2026, 12, 1, 20, 0, tzinfo=timezone.utc)
    assert re.fullmatch(r"\d\d-\d\d \d\d:\d\d", short_local(now - timedelta(days=3), now))
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", short_local(now - timedelta(days=400), now))


@pytest.mark.parametrize("lang", LANGS)
async def test_a_failed_wait_shows_every_key_at_80_columns(lang: str) -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.saved = [d]
    fake.probe_attempts = [ProbeAttempt(1, 3.0, "connection refused")]
    fake.boot_error = BootError(
        "boot.otel_crash", parse_console(HEALTHY), port=8000, started="49", grace="90",
        issue="chroma-core/chroma#4609",
    )  # fmt: skip
    app = app_for(fake, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WaitingScreen) and screen.error is not None
        labels = {k.key_display for k in screen.query(FooterKey)}
        assert {"r", "o", "d", "esc", "q", "f2", "^p"} <= labels, labels
        assert_footer_fits(screen)


@pytest.mark.parametrize("lang", LANGS)
async def test_a_moved_ip_on_waiting_shows_every_key_at_80_columns(lang: str) -> None:
    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10", locked="203.0.113.7")
    fake = RunFakeBackend()
    fake.saved = [d]
    fake.my_ip_address = "198.51.100.77"
    app = app_for(fake, lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.push_screen(WaitingScreen(d))
        for _ in range(50):  # the lock check ends the wait: until l is offered
            await settle(pilot)
            if "l" in {k.key_display for k in app.screen.query(FooterKey)}:
                break
        labels = {k.key_display for k in app.screen.query(FooterKey)}
        assert {"r", "l", "d", "esc", "q", "f2", "^p"} <= labels, labels
        assert_footer_fits(app.screen)


@pytest.mark.parametrize("lang", LANGS)
async def test_region_without_a_default_vpc_shows_every_key_at_80_columns(lang: str) -> None:
    fake = FakeBackend()
    fake.no_default_vpc = {"us-east-1"}
    app = ChromaTuiApp(fake, lang=lang, clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await reach(pilot, RegionScreen)
        await pilot.press("n")  # Next on a region without a default VPC: the warning
        await settle(pilot)
        labels = {k.key_display for k in app.screen.query(FooterKey)}
        assert {"c", "a", "q", "f2", "^p"} <= labels, labels
        assert_footer_fits(app.screen)


async def test_f2_on_deployments_keeps_the_highlighted_row_and_the_arrows_working() -> None:
    app = app_for(fleet(), "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#deps-table", DataTable)
        table.focus()
        await pilot.press("down")
        await settle(pilot)
        assert table.cursor_row == 1
        await pilot.press("f2")
        await settle(pilot)
        fresh = app.screen.query_one("#deps-table", DataTable)
        assert fresh is not table and app.screen.focused is fresh
        assert fresh.cursor_row == 1
        assert "sleepy-stack：" in str(app.screen.query_one("#deps-cost", Static).render())
        await pilot.press("up")
        await settle(pilot)
        assert fresh.cursor_row == 0


# -- 2. plurals --------------------------------------------------------------------------------
def test_counts_take_singular_or_plural_in_english_and_one_form_in_chinese() -> None:
    one = fleet_text(fleet_cost([(record(), T3_SMALL)], T0 + timedelta(hours=1)))
    two = fleet_text(
        fleet_cost([(record(), T3_SMALL), (record(id="b"), T3_SMALL)], T0 + timedelta(hours=1))
    )
    assert one.startswith("1 deployment still running") and two.startswith("2 deployments")
    assert plural("snap.ui.total", 1, cost="$1.20").startswith("1 snapshot, ")
    assert plural("snap.list.total", 3, cost="$3.60").startswith("3 snapshots, ")
    english = catalogues()["en"]
    assert not [k for k, v in english.items() if "(s)" in v]
    i18n.set_language("zh-CN")
    assert plural("snap.ui.total", 1, cost="$1.20").startswith("共 1 个快照")
    assert plural("snap.ui.total", 2, cost="$2.40").startswith("共 2 个快照")


# -- 3. the boot's last phase --------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_boot_finished_is_said_once(lang: str) -> None:
    i18n.set_language(lang)
    report = BootReport(phases=(BootPhase("docker", 23.0), BootPhase("finished", 49.3)))
    docker, finished = phase_lines(report)
    if lang == "en":
        assert docker == "Boot: Docker installed (at 23 s)"
        assert finished == "Boot finished (at 49 s)"
    else:
        assert docker == "启动：Docker 已安装（第 23 秒）"
        assert finished == "启动完成（第 49 秒）"


# -- 4. Chinese key hints ------------------------------------------------------------------------
def test_chinese_key_hints_use_full_width_brackets() -> None:
    ascii_hint = re.compile(r"\((?:[a-z]|esc|enter|tab|f\d{1,2}|ctrl\+\w|\^\w)\)", re.I)
    zh = catalogues()["zh-CN"]
    assert not {k: v for k, v in zh.items() if ascii_hint.search(v)}
    assert zh["wizard.region.create_vpc_button"].endswith("（c）")
    assert zh["walk.region.anyway_button"].endswith("（a）")


# -- 5. costs that add up as shown ---------------------------------------------------------------
def amounts(text: str) -> list[float]:
    """The dollar amounts in a cost line, a part below the precision shown counted as 0."""
    return [0.0 if below else float(v) for below, v in re.findall(r"(< |不到 )?\$(\d+\.\d+)", text)]


@pytest.mark.parametrize("minutes", [1, 3, 7, 20, 41, 600])
def test_cost_so_far_parts_add_up_to_the_total_shown(minutes: int) -> None:
    cost = running_cost(T3_SMALL, T0, T0 + timedelta(minutes=minutes))
    text = cost_text(cost)
    total, instance, volume, ipv4 = amounts(text)[:4]
    assert round(instance + volume + ipv4, 4) == pytest.approx(total), text
    # The rates stay as they were
    assert f"${breakdown(T3_SMALL).hourly_usd:.4f}/h" in text


def test_parts_that_round_to_nothing_say_so() -> None:
    # The round-4 example: $0.0002 (instance $0.0001, volume $0.0000, IPv4 $0.0000)
    total, parts = money_parts(0.00012, 0.00004, 0.00004)
    assert "$0.0000" not in (total, *parts)
    assert parts[1] == parts[2] == "< $0.0001"
    assert total == "$0.0001" == parts[0]
    assert money_parts(0.0, 0.0, 0.0) == ("$0.00", ("$0.00", "$0.00", "$0.00"))
    assert money_parts(0.2080, 0.0329, 0.05) == ("$0.29", ("$0.21", "$0.03", "$0.05"))
    i18n.set_language("zh-CN")
    assert money_parts(0.00012, 0.00004, 0.0)[1][1] == "不到 $0.0001"


# -- 6. no stale toast over the result line ------------------------------------------------------
async def test_a_new_result_on_deployments_clears_an_old_toast() -> None:
    app = app_for(fleet(), "en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.notify("an older toast", timeout=30)
        await pilot.pause()
        assert app._notifications
        app.screen.query_one("#deps-table", DataTable).focus()
        await pilot.press("z")  # the first z asks: a result on the help line
        await settle(pilot)
        assert help_line(app.screen).startswith("Stop my-chroma-stack?"), help_line(app.screen)
        assert not app._notifications


# -- 7. one row helper for the catalogues --------------------------------------------------------
def test_the_catalogues_share_one_error_row_helper() -> None:
    assert error_rows({"x.y": ("T", "B", "F")}) == {
        "x.y.title": "T",
        "x.y.body": "B",
        "x.y.fix": "F",
    }
    package = Path(i18n.__file__).parent
    own_helpers = []
    for path in sorted(package.glob("catalog_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        own_helpers += [
            f"{path.name}:{node.name}" for node in tree.body if isinstance(node, ast.FunctionDef)
        ]
    assert not [name for name in own_helpers if name.endswith(":_errors")], own_helpers
