"""Deployments: every saved deployment with its live status; watch, connect, delete, forget, new.

Shown first when any deployment is saved, so a user who closed the terminal mid-launch finds
their stack again and can resume watching it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from chroma_tui.core import cost
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.journey import lock_due
from chroma_tui.core.models import ROOT_VOLUME_GIB, Deployment, PriceEstimate
from chroma_tui.core.snapshot_text import GP2_USD_PER_GB_MONTH, money
from chroma_tui.core.timefmt import short_iso
from chroma_tui.i18n import labelled, sentences, t
from chroma_tui.ui.outcomes import (
    CleanupRequested,
    ConnectRequested,
    NewDeploymentRequested,
    SnapshotsRequested,
    WatchRequested,
)
from chroma_tui.ui.screens.base.run import RunScreen
from chroma_tui.ui.widgets.event_table import status_text
from chroma_tui.ui.widgets.fit_columns import NAME_MIN, fill_fitted
from chroma_tui.ui.widgets.footer import I18nFooter

DELETED = "DELETE_COMPLETE"
#: Statuses with no stack left in AWS (never created, or gone).
GONE = frozenset({DELETED, "NOT_CREATED", "NOT_FOUND"})
#: Most useful first.
COLUMNS = ("stack", "status", "address", "region", "created")


class Refreshed(Message, bubble=False):
    def __init__(self, deployment: Deployment) -> None:
        super().__init__()
        self.deployment = deployment


class RefreshFailed(Message, bubble=False):
    def __init__(self, deployment_id: str, error: ChromaTuiError) -> None:
        super().__init__()
        self.deployment_id = deployment_id
        self.error = error


class BelongsElsewhere(Message, bubble=False):
    """The record was made through another endpoint or account: listed, never refreshed."""

    def __init__(self, deployment_id: str, endpoint: str, account: str) -> None:
        super().__init__()
        self.deployment_id = deployment_id
        self.endpoint = endpoint
        self.account = account


def volume_cost() -> str:
    """What the stopped instance's volume still costs per month (24 GiB gp2)."""
    return money(ROOT_VOLUME_GIB * GP2_USD_PER_GB_MONTH)


class WakeNote(Message, bubble=False):
    """One step of a wake (start, lock, SSH restart, heartbeat), already in words."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class DeploymentsScreen(RunScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "run.key.open", show=False),
        Binding("w", "watch", "run.key.watch"),
        Binding("c", "connect", "run.key.connect"),
        Binding("d", "delete", "run.key.delete"),
        Binding("f", "forget", "run.key.forget"),
        Binding("n", "new", "run.key.new"),
        # In the help line and the palette, not the footer: 80 columns hold the rest.
        Binding("s", "snapshots", "snap.key.snapshots", show=False),
        Binding("z", "sleep", "polish5.key.stop"),
        Binding("u", "wake", "polish5.key.start"),
        Binding("r", "refresh", "run.key.refresh", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.deployments: list[Deployment] = []
        self.problems: dict[str, str] = {}  # deployment id -> why its refresh failed
        self.loaded = False
        self.warnings: list[str] = []
        self.message = ""
        self.prices: dict[str, PriceEstimate | None] = {}  # deployment id -> its price
        self.recheck_gone = False  # r: ask AWS again about records that say they are gone
        self.confirm_sleep: str | None = None  # the deployment id a first z asked about
        self.power_busy = False
        self.kept_row: int | None = None  # the highlighted row, across a recompose (f2)

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Static(t("run.deps.title"), classes="run-title", markup=False)
        for warning in self.warnings:
            yield Static(
                t("run.deps.store_warning", warning=warning), classes="run-warning", markup=False
            )
        yield DataTable(id="deps-table", cursor_type="row", zebra_stripes=True)
        self.call_after_refresh(self.fill_table)
        yield Static(self.cost_text(), id="deps-cost", markup=False)
        yield Static(self.help_text(), id="deps-help", classes="run-note", markup=False)
        yield I18nFooter()

    def on_mount(self) -> None:
        self.load()

    async def recompose_keeping_focus(self) -> None:
        """f2 rebuilds the screen: the new table gets the focus and the highlighted row back
        (otherwise the arrows do nothing until Tab, and the cursor jumps to the first row)."""
        table = self.maybe("#deps-table", DataTable)
        self.kept_row = table.cursor_row if table is not None else None
        await self.recompose()
        fresh = self.maybe("#deps-table", DataTable)
        if fresh is not None:
            fresh.focus()

    def on_screen_resume(self) -> None:
        self.message = ""  # a wake's note is about then: back from Cleanup it would be stale
        if self.loaded:
            self.set_text("#deps-help", self.help_text())
            self.load()

    def show_result(self, text: str) -> None:
        """A result on the help line, the one place results go: a toast still up from before
        (another screen's, or an older result) sits on top of this line, so it is cleared."""
        self.message = text
        self.app.clear_notifications()
        self.set_text("#deps-help", self.help_text())

    def help_text(self) -> str:
        if self.message:
            return self.message
        if not self.loaded:
            return t("run.deps.loading")
        if not self.deployments:
            return t("run.deps.empty")
        return t("run.deps.help")

    def fill_table(self) -> None:
        table = self.maybe("#deps-table", DataTable)
        if table is None:
            return
        cursor = table.cursor_row if self.kept_row is None else self.kept_row
        self.kept_row = None
        rows = [(d.id, self.row(d)) for d in self.deployments]
        # At 80 columns a long stack name, then a refresh problem after the status, give way
        # (cut with "…"; the cost line below names the selected stack in full).
        status_room = max(
            (cell_len(str(status_text(d.status))) for d in self.deployments), default=0
        )
        shrink = {"stack": NAME_MIN, "status": status_room}
        columns = [(key, t(f"run.deps.{key}"), shrink.get(key)) for key in COLUMNS]
        fill_fitted(table, columns, rows)
        if self.deployments:
            table.move_cursor(row=min(cursor, len(self.deployments) - 1), animate=False)

    def on_resize(self) -> None:
        self.call_after_refresh(self.fill_table)

    def row(self, d: Deployment) -> tuple[str | Text, ...]:
        status: Text = status_text(d.status)
        if d.id in self.problems:
            status.append(t("polish5.deps.problem", problem=self.problems[d.id]), style="dim")
        return (
            d.stack_name,
            status,
            self.address(d),
            d.region,
            short_iso(d.created_at, self.now()),
        )

    @staticmethod
    def address(d: Deployment) -> str | Text:
        """Where Chroma answers (the port only when it is not 8000); a stopped instance has no
        public address (it gets a new one on start): it says so there."""
        if d.instance_state == "stopped" and d.status not in GONE:
            return Text(t("polish5.deps.stopped"), style="dim")
        # A deleted stack has no address any more (the sandbox and AWS hand it out again).
        if not d.server_host or d.status in GONE:
            return "-"
        port = d.server_port or 8000
        return d.server_host if port == 8000 else f"{d.server_host}:{port}"

    # -- loading and live refresh ---------------------------------------------------------
    def load(self) -> None:
        self.call_backend(self._list, on_done=self.done_list, on_error=self.failed_list)

    def _list(self) -> tuple[list[Deployment], list[str]]:
        deployments = self.backend.deployments()
        return deployments, self.backend.store_warnings()

    def done_list(self, value: tuple[list[Deployment], list[str]]) -> None:
        deployments, warnings = value
        changed_warnings = warnings != self.warnings
        self.deployments, self.warnings, self.loaded = deployments, warnings, True
        if changed_warnings:
            self.refresh(recompose=True)
        else:
            self.fill_table()
            self.set_text("#deps-help", self.help_text())
        self.refresh_bindings()
        self._refresh_live()
        self.call_backend(
            self._prices,
            list(self.deployments),
            on_done=self.done_prices,
            on_error=self.failed_prices,
        )

    def failed_list(self, error: ChromaTuiError) -> None:
        self.loaded = True
        self.show_result(labelled(error.title(), error.body()))

    def action_refresh(self) -> None:
        """r: reload the list and re-check every record, DELETE_COMPLETE ones included."""
        self.message = ""
        self.recheck_gone = True
        self.load()

    def _refresh_live(self) -> None:
        recheck, self.recheck_gone = self.recheck_gone, False
        self.run_worker(
            lambda: self._refresh_all(include_gone=recheck),
            thread=True,
            exclusive=True,
            exit_on_error=False,
            group="refresh",
        )

    def _refresh_all(self, include_gone: bool = False) -> None:
        """Worker thread: ask AWS for each deployment's live status (the deleted ones only
        when the user asked with r); another endpoint's or account's records are not asked."""
        worker = get_current_worker()
        for d in list(self.deployments):
            if worker.is_cancelled:
                return
            if d.status in GONE and not include_gone:
                continue
            try:
                other = self.backend.elsewhere(d)
                if other is not None:
                    self.post_message(BelongsElsewhere(d.id, other.endpoint, other.account))
                    continue
                fresh = self.backend.refresh(d)
            except ChromaTuiError as error:
                self.post_message(RefreshFailed(d.id, error))
                continue
            except Exception as error:  # one bad record must not stop the rest
                self.post_message(
                    RefreshFailed(d.id, ChromaTuiError("run.error.unexpected", raw=repr(error)))
                )
                continue
            self.post_message(Refreshed(fresh))

    def on_refreshed(self, message: Refreshed) -> None:
        fresh = message.deployment
        self.problems.pop(fresh.id, None)
        self._replace(fresh)

    def on_belongs_elsewhere(self, message: BelongsElsewhere) -> None:
        self.problems[message.deployment_id] = t(
            "records.deps.elsewhere", endpoint=message.endpoint, account=message.account
        )
        current = self.find(message.deployment_id)
        if current is not None:
            self._replace(current)

    def on_refresh_failed(self, message: RefreshFailed) -> None:
        self.problems[message.deployment_id] = message.error.title()
        current = self.find(message.deployment_id)
        if current is not None:
            self._replace(current)

    def _replace(self, fresh: Deployment) -> None:
        for index, d in enumerate(self.deployments):
            if d.id == fresh.id:
                self.deployments[index] = fresh
                break
        else:
            return
        self.fill_table()  # a handful of rows: rebuilt so the column widths fit the new status
        self.refresh_bindings()

    # -- selection ------------------------------------------------------------------------
    def find(self, deployment_id: str) -> Deployment | None:
        return next((d for d in self.deployments if d.id == deployment_id), None)

    def selected(self) -> Deployment | None:
        table = self.maybe("#deps-table", DataTable)
        if table is None or not self.deployments or table.row_count == 0:
            return None
        row = min(max(table.cursor_row, 0), len(self.deployments) - 1)
        return self.deployments[row]

    # -- cost meter -----------------------------------------------------------------------
    def _prices(self, deployments: list[Deployment]) -> dict[str, PriceEstimate | None]:
        """Worker thread: the price of each billable deployment (Review's source)."""
        return {d.id: self.backend.price(d) for d in deployments if cost.is_billable(d)}

    def done_prices(self, prices: dict[str, PriceEstimate | None]) -> None:
        self.prices = prices
        self.set_text("#deps-cost", self.cost_text())

    def failed_prices(self, _error: ChromaTuiError) -> None:
        self.set_text("#deps-cost", self.cost_text())

    def cost_text(self) -> str:
        """The selected deployment's cost so far, then what all billable ones cost together
        (running and stopped apart: a stopped one bills its volume only)."""
        if not self.prices:
            return ""
        lines = []
        d = self.selected()
        if d is not None and cost.is_billable(d):
            running = cost.deployment_cost(d, self.prices.get(d.id), self.now())
            text = cost.cost_text(running) if running is not None else t("cost.unknown")
            lines.append(t("cost.status_line", name=d.stack_name, cost=text).strip())
            lines.append(cost.price_line(self.prices.get(d.id)))
        known = [(d, self.prices.get(d.id)) for d in self.deployments]
        fleet = cost.fleet_cost(known, self.now())
        if fleet.total:
            lines.append(cost.fleet_text(fleet, delete_hint="polish.cost.fleet_delete_key"))
        return "\n".join(lines)

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.set_text("#deps-cost", self.cost_text())
        self.refresh_bindings()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("new", "refresh", "snapshots"):
            return True
        d = self.selected()
        if d is None:
            return False
        # Keys that do not apply are hidden (False), not greyed: the footer has 80 columns.
        allowed = {
            "open": True,
            "watch": d.status not in GONE,
            "connect": bool(d.server_host) and d.status not in GONE,
            "delete": d.status not in GONE,
            "forget": d.status in GONE,
            "sleep": d.status == "CREATE_COMPLETE"
            and d.instance_state != "stopped"
            and not self.power_busy,
            "wake": d.instance_state == "stopped" and not self.power_busy,
        }.get(action, True)
        return bool(allowed)

    # -- actions --------------------------------------------------------------------------
    def action_open(self) -> None:
        d = self.selected()
        if d is None:
            return
        if lock_due(d):  # finish the lock first: the launch screen's completion step does it
            self.action_watch()
        elif d.status == "CREATE_COMPLETE" and d.server_host:
            self.action_connect()
        elif d.status not in GONE:
            self.action_watch()
        else:  # nothing left to open: say so, and what can be done with the record
            title = t(f"walk.deps.gone_title.{'deleted' if d.status == DELETED else 'absent'}")
            self.show_result(
                labelled(title, t("walk.deps.gone_open", name=d.stack_name, status=d.status))
            )

    def action_watch(self) -> None:
        d = self.selected()
        if d is None or d.status in GONE:
            return
        self.go(WatchRequested(d))

    def action_connect(self) -> None:
        d = self.selected()
        if d is None or not d.server_host:
            self.show_result(t("run.deps.no_address"))
            return
        if lock_due(d):  # the ports were to be locked before anyone connects
            self.go(WatchRequested(d))
            return
        self.go(ConnectRequested(d))

    def action_delete(self) -> None:
        d = self.selected()
        if d is None or d.status in GONE:
            return
        self.go(CleanupRequested(d))

    def action_forget(self) -> None:
        d = self.selected()
        if d is None:
            return
        if d.status not in GONE:
            self.show_result(t("run.deps.forget_first"))
            return
        self.call_backend(self._forget, d, on_done=self.done_forget, on_error=self.failed_forget)

    def _forget(self, d: Deployment) -> str:
        self.backend.forget(d)
        return d.id

    def done_forget(self, deployment_id: str) -> None:
        self.deployments = [d for d in self.deployments if d.id != deployment_id]
        self.fill_table()
        self.set_text("#deps-help", self.help_text())
        self.refresh_bindings()

    def failed_forget(self, error: ChromaTuiError) -> None:
        self.show_result(sentences(error.title(), error.fix()))

    # -- sleep and wake (issue 12) ---------------------------------------------------------
    def action_sleep(self) -> None:
        """z asks (what a stop means with the official template), a second z stops."""
        d = self.selected()
        if d is None or self.power_busy:
            return
        if self.confirm_sleep != d.id:
            self.confirm_sleep = d.id
            self.show_result(t("power.ui.confirm_stop", name=d.stack_name, means=t("power.means")))
            return
        self.confirm_sleep = None
        self.power_busy = True
        self.show_result(t("power.stopping", name=d.stack_name))
        self.refresh_bindings()
        self.call_backend(
            self.backend.stop_instance, d, on_done=self.done_sleep, on_error=self.failed_sleep
        )

    def done_sleep(self, deployment: Deployment) -> None:
        self.power_busy = False
        # Here the way back is u, not the headless command (which ran into the next sentence).
        self.show_result(
            t("polish.power.stopped_tui", name=deployment.stack_name, cost=volume_cost())
        )
        self.load()

    def failed_sleep(self, error: ChromaTuiError) -> None:
        self.power_busy = False
        self.show_result(sentences(error.title(), error.fix()))
        self.refresh_bindings()

    def action_wake(self) -> None:
        d = self.selected()
        if d is None or self.power_busy or d.instance_state != "stopped":
            return
        self.power_busy = True
        self.show_result(t("power.means"))
        self.refresh_bindings()
        self.call_backend(self._wake, d, on_done=self.done_wake, on_error=self.failed_wake)

    def _wake(self, d: Deployment) -> Deployment:
        """Worker thread: the core's wake, each step posted as a note."""
        from chroma_tui.core.wake import wake

        def note(key: str, params: dict[str, object]) -> None:
            self.post_message(WakeNote(t(key, **params)))

        return wake(self.backend, d, note).deployment

    def on_wake_note(self, message: WakeNote) -> None:
        self.show_result(message.text)

    def done_wake(self, _deployment: Deployment) -> None:
        self.power_busy = False
        self.load()

    def failed_wake(self, error: ChromaTuiError) -> None:
        self.power_busy = False
        self.show_result(sentences(error.title(), error.fix()))
        self.refresh_bindings()

    def action_snapshots(self) -> None:
        self.go_snapshots()

    def go_snapshots(self) -> None:
        """The Snapshots view (issue 12, keep the data); back with esc."""
        self.go(SnapshotsRequested())

    def action_new(self) -> None:
        self.go(NewDeploymentRequested())
