"""Snapshots: the EBS snapshots chroma-tui kept before deleting stacks, with what they cost.

Reached from Deployments (``s``). ``x`` deletes the highlighted snapshot after a second ``x``
(its data cannot be recovered); ``esc`` goes back.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import SnapshotInfo
from chroma_tui.core.snapshot_text import money, state_text
from chroma_tui.core.timefmt import short_local
from chroma_tui.i18n import plural, sentences, t
from chroma_tui.ui.screens.base.run import RunScreen
from chroma_tui.ui.widgets.fit_columns import NAME_MIN, fill_fitted
from chroma_tui.ui.widgets.footer import I18nFooter

COLUMNS = ("snapshot", "stack", "size", "started", "state", "cost")


class SnapshotsScreen(RunScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "delete", "snap.key.delete"),
        Binding("r", "reload", "run.key.refresh", show=False),
        Binding("escape", "back", "snap.key.back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.snapshots: list[SnapshotInfo] = []
        self.loaded = False
        self.regions: list[str] = []
        self.message = ""
        self.error: ChromaTuiError | None = None
        self.confirming: str | None = None  # the snapshot id a first x asked about

    def compose(self) -> ComposeResult:
        regions = ", ".join(self.regions) or "-"
        yield Static(t("snap.ui.title", regions=regions), id="snap-title", classes="run-title")
        yield DataTable(id="snap-table", cursor_type="row", zebra_stripes=True)
        self.call_after_refresh(self.fill_table)
        yield Static(self.help_text(), id="snap-help", classes="run-note", markup=False)
        yield Static(t("snap.price_note"), id="snap-price", classes="run-note", markup=False)
        yield I18nFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        self.call_backend(self._load, on_done=self.done_load, on_error=self.failed_load)

    def _load(self) -> tuple[list[str], list[SnapshotInfo]]:
        return self.backend.snapshot_regions(), self.backend.snapshots()

    def done_load(self, value: tuple[list[str], list[SnapshotInfo]]) -> None:
        self.regions, self.snapshots = value
        self.loaded = True
        self.error = None
        self.set_text("#snap-title", t("snap.ui.title", regions=", ".join(self.regions) or "-"))
        self.fill_table()
        self.set_text("#snap-help", self.help_text())
        self.refresh_bindings()

    def failed_load(self, error: ChromaTuiError) -> None:
        self.loaded = True
        self.error = error
        self.set_text("#snap-help", self.help_text())

    def help_text(self) -> str:
        if self.error is not None:
            return sentences(self.error.title(), self.error.fix())
        if self.message:
            return self.message
        if not self.loaded:
            return t("snap.ui.loading")
        if not self.snapshots:
            return t("snap.ui.none")
        total = sum(s.monthly_usd for s in self.snapshots)
        return plural("snap.ui.total", len(self.snapshots), cost=money(total))

    def row(self, snap: SnapshotInfo) -> tuple[str, ...]:
        started = short_local(snap.started_at, self.now()) if snap.started_at else ""
        return (
            snap.snapshot_id,
            snap.stack_name or "-",
            f"{snap.size_gib} GiB",
            started,
            state_text(snap.state),
            money(snap.monthly_usd),
        )

    def fill_table(self) -> None:
        table = self.maybe("#snap-table", DataTable)
        if table is None:
            return
        # The id is what `chroma-tui snapshots --delete` takes: never cut; a long stack name is.
        columns = [
            (key, t(f"snap.col.{key}"), NAME_MIN if key == "stack" else None) for key in COLUMNS
        ]
        fill_fitted(table, columns, [(s.snapshot_id, self.row(s)) for s in self.snapshots])

    def on_resize(self) -> None:
        self.call_after_refresh(self.fill_table)

    def selected(self) -> SnapshotInfo | None:
        table = self.maybe("#snap-table", DataTable)
        if table is None or not self.snapshots:
            return None
        index = table.cursor_row
        return self.snapshots[index] if 0 <= index < len(self.snapshots) else None

    # -- actions --------------------------------------------------------------------------
    def action_delete(self) -> None:
        snap = self.selected()
        if snap is None:
            return
        if self.confirming != snap.snapshot_id:
            self.confirming = snap.snapshot_id
            self.message = t(
                "snap.ui.confirm", snapshot=snap.snapshot_id, name=snap.stack_name or "-"
            )
            self.set_text("#snap-help", self.help_text())
            return
        self.confirming = None
        self.call_backend(self._delete, snap, on_done=self.done_delete, on_error=self.failed_delete)

    def _delete(self, snap: SnapshotInfo) -> str:
        self.backend.delete_snapshot(snap.region, snap.snapshot_id)
        return snap.snapshot_id

    def done_delete(self, snapshot_id: str) -> None:
        self.snapshots = [s for s in self.snapshots if s.snapshot_id != snapshot_id]
        self.message = t("snap.ui.deleted", snapshot=snapshot_id)
        self.fill_table()
        self.set_text("#snap-help", self.help_text())

    def failed_delete(self, error: ChromaTuiError) -> None:
        self.message = sentences(error.title(), error.fix())
        self.set_text("#snap-help", self.help_text())

    def action_reload(self) -> None:
        self.message = ""
        self.load()

    def action_back(self) -> None:
        if self.confirming is not None:
            self.confirming = None
            self.message = ""
            self.set_text("#snap-help", self.help_text())
            return
        self.app.pop_screen()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "delete":
            return bool(self.snapshots)
        return True
