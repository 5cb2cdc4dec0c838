"""Cleanup: the guide's step 5. Confirm by typing the stack name, stream the delete to
DELETE_COMPLETE, then offer to delete the key pair chroma-tui created (and its local file).

Keep the data (issue 12): a box, ticked by default, takes an EBS snapshot of the server's volume
first; DeleteStack is sent only once the snapshot has started. A failed snapshot stops there:
r tries it again, n deletes without it.

The record is kept with status DELETE_COMPLETE; Deployments can forget it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Static

from chroma_tui.core import stack_status
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import ROOT_VOLUME_GIB, Deployment, SnapshotInfo, StackSnapshot
from chroma_tui.core.snapshot_text import money, snapshot_line, snapshot_monthly_usd
from chroma_tui.i18n import sentences, t
from chroma_tui.ui.outcomes import ShowDeployments
from chroma_tui.ui.screens.base.first_frame import FirstFrameAlone
from chroma_tui.ui.screens.base.streaming import StreamingScreen
from chroma_tui.ui.widgets.dismiss_once import DismissOnce
from chroma_tui.ui.widgets.footer import I18nFooter
from chroma_tui.ui.widgets.run_end import announce_end

if TYPE_CHECKING:
    from chroma_tui.core.backend_api import StackStream


#: Statuses after a failed create: the instance was never kept, so there is no data to lose.
NO_DATA_STATUSES = frozenset({"ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "CREATE_FAILED"})


class NameInput(Input):
    """The stack-name field: ctrl+d confirms from here, after the keys typed before it.

    A screen binding with priority would run before this field has processed the name typed
    just before it (one burst of keys); bound here, ctrl+d waits its turn behind them.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+d", "screen.confirm", "run.key.confirm_delete"),
    ]


class SnapshotTaken(Message, bubble=False):
    """The snapshot before the delete has started (or there was nothing to snapshot)."""

    def __init__(self, deployment: Deployment, snapshot: SnapshotInfo | None) -> None:
        super().__init__()
        self.deployment = deployment
        self.snapshot = snapshot


class CleanupScreen(StreamingScreen):
    KIND = "delete"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+d", "confirm", "run.key.confirm_delete"),
        Binding("r", "resume", "run.key.resume"),
        Binding("n", "without_snapshot", "snap.key.without"),
        Binding("k", "delete_key", "run.key.delete_key"),
        Binding("escape", "leave", "run.key.deployments"),
    ]

    def __init__(
        self, deployment: Deployment, confirmed: bool = False, resume: bool = False
    ) -> None:
        """``resume``: a delete is already under way (sent earlier); watch it, send nothing."""
        super().__init__(deployment)
        self.deployment: Deployment = deployment
        self.confirmed = confirmed or resume
        self.resume = resume
        self.typed = ""
        self.key_state = "offer"  # offer, deleting, deleted, kept, error
        self.key_error: ChromaTuiError | None = None
        self.keep_snapshot = not resume  # on by default; a delete already sent has none
        self.snapshot: SnapshotInfo | None = None
        self.snapshot_done = False  # taken (or nothing to take): DeleteStack may go
        self.snapshot_failed = False

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        d = self.deployment
        yield Static(
            t("run.clean.title", name=d.stack_name, region=d.region),
            classes="run-title",
            markup=False,
        )
        if not self.confirmed:
            with Vertical(id="clean-confirm"):
                yield Static(self.warning_text(), classes="run-warning", markup=False)
                yield Static(t("run.clean.type_name", name=d.stack_name), markup=False)
                yield NameInput(value=self.typed, placeholder=d.stack_name, id="clean-name")
                hint = Static("", id="clean-hint", classes="run-warning", markup=False)
                hint.display = False  # shown only after Enter on a wrong name
                yield hint
                yield Checkbox(
                    t(
                        "snap.ui.checkbox",
                        size=ROOT_VOLUME_GIB,
                        cost=money(snapshot_monthly_usd(ROOT_VOLUME_GIB)),
                    ),
                    value=self.keep_snapshot,
                    id="clean-snapshot",
                )
                with Horizontal(id="clean-confirm-row"):
                    yield Button(
                        t("run.clean.delete_button"),
                        id="clean-delete",
                        variant="error",
                        disabled=not self.name_matches(),
                    )
        else:
            if self.stream_state == "done":
                yield from self.compose_after()
            yield from self.compose_stream()
        yield I18nFooter()

    def compose_after(self) -> ComposeResult:
        with Vertical(id="clean-after"):
            yield Static(
                self.result_text(),
                id="clean-result",
                classes="success" if self.deleted() else "run-warning",
                markup=False,
            )
            if self.snapshot is not None:
                yield Static(self.snapshot_text(), id="clean-snapshot-line", markup=False)
            if self.offers_key():
                yield Static(self.key_text(), id="clean-key", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        if self.confirmed:
            self.start_stream()
        else:
            self.query_one("#clean-name", Input).focus()

    # -- confirmation ---------------------------------------------------------------------
    def warning_text(self) -> str:
        """What deleting loses, by status: a failed create never kept an instance or data."""
        if self.deployment.status in NO_DATA_STATUSES:
            return t("walk.clean.warning_no_data", status=self.deployment.status)
        return t("run.clean.warning")

    def name_matches(self) -> bool:
        field = self.maybe("#clean-name", Input)
        if field is not None:  # the field's own value: its Changed message may still be queued
            self.typed = field.value
        return self.typed.strip() == self.deployment.stack_name

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "clean-snapshot":
            self.keep_snapshot = event.value

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "clean-name":
            return
        self.typed = event.value
        self._hint("")
        for button in self.query("#clean-delete").results(Button):
            button.disabled = not self.name_matches()
        self.refresh_bindings()

    def _hint(self, text: str) -> None:
        hint = self.maybe("#clean-hint", Static)
        if hint is not None:
            hint.update(text)
            hint.display = bool(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "clean-name":
            self.action_confirm()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "clean-delete":
            event.stop()
            self.action_confirm()

    def action_confirm(self) -> None:
        if self.confirmed:
            return
        if not self.name_matches():
            name = self.deployment.stack_name
            key = "walk.clean.empty" if not self.typed.strip() else "run.clean.mismatch"
            self._hint(t(key, name=name))
            return
        self.confirmed = True
        self.refresh_bindings()
        self.refresh(recompose=True)
        self.call_after_refresh(self.start_stream)

    # -- streaming ------------------------------------------------------------------------
    def open_stream(self, should_stop: Callable[[], bool]) -> StackStream:
        """Worker thread: sends DeleteStack (token saved first) and returns its event stream."""
        if self.resume:
            return self.backend.stream(self.deployment, should_stop)
        if self.keep_snapshot and not self.snapshot_done:
            try:
                deployment, taken = self.backend.snapshot_before_delete(self.deployment)
            except ChromaTuiError:
                self.snapshot_failed = True  # read on the UI thread once StreamStopped arrives
                raise
            self.snapshot_failed = False
            self.snapshot_done = True
            self.post_message(SnapshotTaken(deployment, taken))
            self.deployment = deployment
        return self.backend.delete(self.deployment, should_stop)

    def on_snapshot_taken(self, message: SnapshotTaken) -> None:
        self.snapshot = message.snapshot
        self.refresh_status()

    def snapshot_text(self) -> str:
        if self.snapshot is None:
            return ""
        return sentences(snapshot_line(self.snapshot), t("snap.ui.kept_where"))

    def idle_text(self) -> str:
        return t("run.clean.starting")

    def status_text(self) -> str:
        if self.stream_state == "error" and self.snapshot_failed:
            return t("snap.ui.failed_hint")
        if self.stream_state == "starting" and self._stream is None:
            if self.keep_snapshot and not self.snapshot_done:
                return t("snap.ui.taking")
            return t("run.clean.sending")
        return super().status_text()

    def action_without_snapshot(self) -> None:
        """After a failed snapshot: the user chose to delete without one."""
        if not (self.stream_state == "error" and self.snapshot_failed):
            return
        self.keep_snapshot = False
        self.snapshot_failed = False
        self.refresh_bindings()
        self.start_stream()

    def stream_finished(self, stack: StackSnapshot) -> None:
        self.call_backend(
            self._record, stack, on_done=self.done_record, on_error=self.failed_record
        )
        outcome = "deleted" if stack.status == "DELETE_COMPLETE" else "failed"
        announce_end(self.app, outcome, self.deployment.stack_name)
        self.refresh_bindings()
        self.refresh(recompose=True)

    def _record(self, stack: StackSnapshot) -> Deployment:
        return self.backend.record(self.deployment, stack)

    def done_record(self, deployment: Deployment) -> None:
        self.deployment = deployment

    def failed_record(self, error: ChromaTuiError) -> None:
        self.set_text("#clean-result", self.result_text() + "\n" + error.title())

    def deleted(self) -> bool:
        return self.stack is not None and self.stack.status == stack_status.DELETED

    def result_text(self) -> str:
        if self.deleted():
            return t("run.clean.done", name=self.deployment.stack_name)
        status = self.stack.status if self.stack else ""
        reason = self.stack.reason if self.stack else ""
        return t("run.clean.failed", status=status, reason=reason) + " " + t("run.clean.retry")

    # -- the key pair ---------------------------------------------------------------------
    def offers_key(self) -> bool:
        d = self.deployment
        return self.deleted() and d.created_key_pair and bool(d.key_name)

    def key_text(self) -> str:
        d = self.deployment
        file = d.key_file or t("common.none")
        if self.key_state == "deleting":
            return t("run.clean.key_deleting", name=d.key_name)
        if self.key_state == "deleted":
            return t("run.clean.key_deleted", name=d.key_name, file=file)
        if self.key_state == "error" and self.key_error is not None:
            return t("run.clean.key_failed", name=d.key_name, error=self.key_error.title())
        return t("run.clean.key_offer", name=d.key_name, file=file)

    def action_delete_key(self) -> None:
        if not self.offers_key() or self.key_state in ("deleting", "deleted"):
            return
        d = self.deployment
        self.key_state = "deleting"
        self.set_text("#clean-key", self.key_text())
        self.refresh_bindings()
        self.call_backend(
            self.backend.delete_key_pair,
            d.region,
            d.key_name,
            d.key_file,
            on_done=self.done_delete_key,
            on_error=self.failed_delete_key,
        )

    def done_delete_key(self, _value: object) -> None:
        self.key_state = "deleted"
        self.set_text("#clean-key", self.key_text())
        self.refresh_bindings()

    def failed_delete_key(self, error: ChromaTuiError) -> None:
        self.key_state = "error"
        self.key_error = error
        self.set_text("#clean-key", self.key_text())
        self.refresh_bindings()

    # -- bindings -------------------------------------------------------------------------
    def delete_failed(self) -> bool:
        return self.stream_state == "done" and not self.deleted()

    def action_resume(self) -> None:
        """After DELETE_FAILED, r sends DeleteStack again (the fix may be outside AWS's stack)."""
        if self.delete_failed():
            self._stream = None
            self.resume = False
            self.stack = None
            self.finished_at = None
            self.refresh(recompose=True)
            self.call_after_refresh(self.start_stream)
            return
        super().action_resume()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resume" and self.delete_failed():
            return True
        if action == "without_snapshot":
            return self.stream_state == "error" and self.snapshot_failed
        if action == "confirm":
            return not self.confirmed  # a wrong name is said (action_confirm), not ignored
        if action == "delete_key":
            return self.offers_key() and self.key_state not in ("deleting", "deleted")
        return super().check_action(action, parameters)

    def action_leave(self) -> None:
        self.workers.cancel_node(self)
        self.go(ShowDeployments())

    # -- quitting -------------------------------------------------------------------------
    def quit_guard(self) -> bool:
        """``q`` while the delete is under way asks first, as it does during a launch."""
        if not self.confirmed or self.stream_state in ("done", "error", "paused"):
            return False
        self.app.push_screen(QuitDeleteModal(), self._quit_chosen)
        return True

    def _quit_chosen(self, choice: str | None) -> None:
        if choice == "leave":
            self.workers.cancel_node(self)
            self.app.exit()


class QuitDeleteModal(FirstFrameAlone, DismissOnce, ModalScreen[str | None]):
    """Quitting while the stack is being deleted: the delete goes on in AWS either way."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "choose('leave')", "journey.quit_delete.leave"),
        Binding("escape", "choose(None)", "journey.quit_delete.stay"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="quit-launch"):
            yield Static(t("journey.quit_delete.title"), classes="modal-title", markup=False)
            yield Static(t("journey.quit_delete.body"), classes="modal-body", markup=False)
            with Horizontal(classes="modal-buttons"):
                yield Button(
                    t("journey.quit_delete.leave") + " (l)",
                    id="leave",
                    variant="primary",
                    compact=True,
                )
                yield Button(t("journey.quit_delete.stay") + " (esc)", id="stay", compact=True)
        yield I18nFooter()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose("leave" if event.button.id == "leave" else None)

    def action_choose(self, choice: str | None) -> None:
        self.dismiss(choice)
