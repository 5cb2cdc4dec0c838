"""Failure: why the stack failed in plain words, AWS's own reason beneath, and the fix as a key.

For "no default VPC" one key creates the default VPC, deletes the failed stack and launches it
again (same name and parameters), ending on the Launch screen streaming the new stack.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Static
from textual.worker import get_current_worker

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.glossary import gloss
from chroma_tui.core.models import Deployment, LaunchPlan, RootCause, StackEvent, StreamUpdate
from chroma_tui.i18n import t
from chroma_tui.ui.outcomes import ChooseAgain, CleanupRequested, Relaunched, ShowDeployments
from chroma_tui.ui.screens.base.run import RunScreen
from chroma_tui.ui.widgets.error_panel import ErrorPanel
from chroma_tui.ui.widgets.footer import I18nFooter

WIZARD_FIXES = {
    "choose-key-pair": "key_pair",
    "choose-instance-type": "instance_type",
    "choose-region": "region",
}
"""Fixes made by choosing again: the wizard step each one opens (answers kept, new stack name)."""
FIX_STEPS = ("vpc", "delete", "create")


class FixProgress(Message, bubble=False):
    """The relaunch moved on: ``step`` in FIX_STEPS, ``detail`` a short status (stack status)."""

    def __init__(self, step: str, detail: str = "") -> None:
        super().__init__()
        self.step = step
        self.detail = detail


class FailureScreen(RunScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "fix", "run.key.fix"),
        Binding("x", "delete", "run.key.delete_failed"),
        Binding("escape", "deployments", "run.key.deployments"),
    ]

    def __init__(
        self,
        deployment: Deployment,
        events: Sequence[StackEvent] = (),
        plan: LaunchPlan | None = None,
    ) -> None:
        super().__init__()
        self.deployment = deployment
        self.events = list(events)
        self.plan = plan
        self.cause: RootCause | None = None
        self.diagnosed = False
        self.fix_step: str | None = None  # the relaunch step under way
        self.fix_detail = ""
        self.fix_error: ChromaTuiError | None = None

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        d = self.deployment
        yield Static(
            t("run.fail.title", name=d.stack_name, region=d.region, status=d.status),
            classes="run-title run-title-error",
            markup=False,
        )
        with VerticalScroll(id="fail-body"):
            if not self.diagnosed:
                yield Static(t("run.fail.diagnosing"), markup=False)
            else:
                yield from self.compose_cause()
            if self.fix_step is not None:
                yield Static(self.fix_progress_text(), id="fail-progress", markup=False)
            if self.fix_error is not None:
                yield ErrorPanel(self.fix_error)
        yield I18nFooter()

    def compose_cause(self) -> ComposeResult:
        from chroma_tui.core.diagnosis import describe

        if self.cause is None:
            yield Static(t("run.fail.unknown"), classes="fail-cause", markup=False)
            reason = self.stack_reason()
            if reason:
                yield Static(t("run.fail.raw", raw=reason), classes="fail-raw", markup=False)
                yield from self.compose_gloss(reason)
            yield Static(self.action_hint(), id="fail-action", classes="run-note", markup=False)
            return
        title, explanation, fix = describe(self.cause)
        yield Static(title, classes="fail-cause", markup=False)
        if explanation:
            yield Static(explanation, classes="fail-explanation", markup=False)
        if fix:
            yield Static(t("run.fail.fix_label"), classes="run-label", markup=False)
            yield Static(fix, classes="fail-fix", markup=False)
        if self.cause.console_url and self.cause.console_url not in fix:
            yield Static(
                t("run.fail.console", url=self.cause.console_url), classes="snippet", markup=False
            )
        action = self.action_hint()
        if action:
            yield Static(action, id="fail-action", classes="run-note", markup=False)
        where = self.cause.logical_id or "-"
        yield Static(
            t("run.fail.raw_from", resource=where, raw=self.cause.raw_reason),
            classes="fail-raw",
            markup=False,
        )
        yield from self.compose_gloss(self.cause.raw_reason)

    def compose_gloss(self, reason: str) -> ComposeResult:
        """AWS's reason in plain words, under the raw text (core/glossary.py)."""
        explained = gloss(reason)
        if explained:
            yield Static(t("gloss.line", gloss=explained), classes="fail-gloss", markup=False)

    def stack_reason(self) -> str:
        for event in reversed(self.events):
            if event.reason:
                return event.reason
        return ""

    def action_hint(self) -> str:
        fix_action = self.cause.fix_action if self.cause else None
        if fix_action == "create-default-vpc":
            return t("run.fail.hint.vpc", region=self.deployment.region)
        if fix_action in WIZARD_FIXES:
            return t("run.fail.hint.wizard")
        return t("run.fail.hint.delete")

    def on_mount(self) -> None:
        self.call_backend(
            self.backend.root_cause,
            self.events,
            self.deployment.region,
            on_done=self.done_diagnose,
            on_error=self.failed_diagnose,
        )

    def done_diagnose(self, cause: RootCause | None) -> None:
        self.cause = cause
        self.diagnosed = True
        self.refresh_bindings()
        self.refresh(recompose=True)

    def failed_diagnose(self, error: ChromaTuiError) -> None:
        self.diagnosed = True
        self.fix_error = error
        self.refresh(recompose=True)

    # -- the fix --------------------------------------------------------------------------
    def fix_progress_text(self) -> str:
        lines = []
        steps = FIX_STEPS if self.needs_vpc() else FIX_STEPS[1:]
        current = steps.index(self.fix_step) if self.fix_step in steps else len(steps)
        for index, step in enumerate(steps):
            if index < current:
                mark = "✓"
            elif index == current and self.fix_error is None:
                mark = "…"
            elif index == current:
                mark = "✗"
            else:
                mark = " "
            lines.append(f"{mark} {t(f'run.fail.step.{step}')}")
        if self.fix_detail and self.fix_error is None:
            lines[min(current, len(lines) - 1)] += f"  ({self.fix_detail})"
        return "\n".join(lines)

    def needs_vpc(self) -> bool:
        return bool(self.cause and self.cause.fix_action == "create-default-vpc")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        busy = self.fix_step is not None and self.fix_error is None
        if action == "fix":
            if not self.diagnosed or busy:
                return None
            return bool(self.cause and self.cause.fix_action)
        if action == "delete":
            return None if busy else True
        return True

    def action_fix(self) -> None:
        if not self.cause or not self.cause.fix_action or self.check_action("fix", ()) is not True:
            return
        if self.cause.fix_action == "create-default-vpc":
            self.fix_error = None
            self.fix_step = "vpc"
            self.fix_detail = ""
            self.refresh_bindings()
            self.refresh(recompose=True)
            self.call_backend(
                self._relaunch, on_done=self.done_relaunch, on_error=self.failed_relaunch
            )
        elif self.cause.fix_action in WIZARD_FIXES:
            self.workers.cancel_node(self)
            self.go(ChooseAgain(WIZARD_FIXES[self.cause.fix_action], self.deployment))

    def _relaunch(self) -> Deployment:
        """Thread side: create the default VPC, delete the failed stack, create it again."""
        worker = get_current_worker()
        d = self.deployment
        self.backend.create_default_vpc(d.region)
        self.post_message(FixProgress("delete"))

        def on_update(update: StreamUpdate) -> None:
            if update.finished:
                self.post_message(FixProgress("create"))
            elif update.stack is not None:
                self.post_message(FixProgress("delete", update.stack.status))

        deployer = self.backend.deployer(d.profile, d.region)
        fresh = deployer.relaunch(d, should_stop=lambda: worker.is_cancelled, on_update=on_update)
        return fresh

    def on_fix_progress(self, message: FixProgress) -> None:
        self.fix_step = message.step
        self.fix_detail = message.detail
        self.set_text("#fail-progress", self.fix_progress_text())

    def done_relaunch(self, deployment: Deployment) -> None:
        self.go(Relaunched(deployment, plan=self.plan))

    def failed_relaunch(self, error: ChromaTuiError) -> None:
        self.fix_error = error
        self.refresh_bindings()
        self.refresh(recompose=True)

    # -- other actions --------------------------------------------------------------------
    def action_delete(self) -> None:
        if self.check_action("delete", ()) is not True:
            return
        self.workers.cancel_node(self)
        self.go(CleanupRequested(self.deployment, confirmed=True))

    def action_deployments(self) -> None:
        self.workers.cancel_node(self)
        self.go(ShowDeployments())
