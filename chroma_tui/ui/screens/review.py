"""Step 6: review every choice, the cost, the equivalent AWS CLI command, the risks; launch."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, LoadingIndicator, Static

from chroma_tui.core.cli_preview import create_stack_command, has_secrets
from chroma_tui.core.cost import breakdown, breakdown_text
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import Identity, InstanceTypeOption, LaunchPlan, TemplateInfo
from chroma_tui.core.wizard import KeyChoice, WizardOptions, build_plan
from chroma_tui.i18n import labelled, t
from chroma_tui.ui.screens.base.step import WizardStep
from chroma_tui.ui.widgets import ConfirmModal, ErrorPanel

if TYPE_CHECKING:  # imported lazily: it pulls botocore in through core.template
    from chroma_tui.core.template_check import Finding, TemplateCheck

# Refused headless, only warned here: the user may still launch it, knowing.
WARN_ONLY_IN_TUI = frozenset({"otel_hardcoded"})


class ReviewScreen(WizardStep[LaunchPlan]):
    STEP = 6
    TITLE_KEY = "wizard.review.title"
    AUTO_FOCUS = "#nav-next"

    BINDINGS: ClassVar[list[BindingType]] = [
        # Launching bills: its own key, shown, never the Next key pressed once too often.
        Binding("l", "launch", "wizard.review.launch"),
        Binding("r", "retry", "common.retry"),
        Binding("c", "copy_command", "wizard.review.copy"),
        # The page is longer than 24 lines and Launch has the focus: the arrows and page keys
        # scroll it anyway, so the warnings below are in reach before l is pressed.
        Binding("down", "scroll_body('down')", show=False, system=True),
        Binding("up", "scroll_body('up')", show=False, system=True),
        Binding("pagedown", "scroll_body('page_down')", show=False, system=True),
        Binding("pageup", "scroll_body('page_up')", show=False, system=True),
        Binding("end", "scroll_body('end')", show=False, system=True),
        Binding("home", "scroll_body('home')", show=False, system=True),
    ]

    def __init__(
        self,
        identity: Identity,
        region: str,
        instance_type: InstanceTypeOption,
        key: KeyChoice,
        options: WizardOptions,
    ) -> None:
        super().__init__()
        self.identity = identity
        self.aws_region = region
        self.instance_type = instance_type
        self.key = key
        self.options = options
        self.template: TemplateInfo | None = None
        self.check: TemplateCheck | None = None
        self.error: ChromaTuiError | None = None
        self.lock_to_my_ip = True
        self.no_default_vpc = False  # known missing: the warning of the Region step, repeated

    def on_mount(self) -> None:
        self.call_backend(
            self.backend.template, on_done=self.done_template, on_error=self.failed_template
        )
        self.call_backend(
            self.backend.has_default_vpc,
            self.aws_region,
            on_done=self.done_vpc,
            on_error=self.failed_vpc,
        )

        if self.aws_region:  # the launch's clients, made while the user reads this step
            self.run_worker(
                partial(self.backend.warm_up, self.aws_region),
                thread=True,
                exit_on_error=False,
                group="warm_up",
            )

    def done_vpc(self, present: bool) -> None:
        if self.no_default_vpc != (not present):
            self.no_default_vpc = not present
            self.rebuild()

    def failed_vpc(self, _error: ChromaTuiError) -> None:
        """Unknown is not missing: the Region step already checked; nothing to repeat."""

    def done_template(self, template: TemplateInfo) -> None:
        self.template = template
        self.error = None
        self.start_check()
        self.rebuild()
        self.update_nav()

    def start_check(self) -> None:
        plan = self.plan()
        if plan is not None:
            self.check = None
            self.call_backend(
                self.backend.check_plan, plan, on_done=self.done_check, on_error=self.failed_check
            )

    def done_check(self, check: TemplateCheck) -> None:
        self.check = check
        self.rebuild()
        self.update_nav()

    def failed_check(self, error: ChromaTuiError) -> None:
        self.error = error
        self.rebuild()

    def failed_template(self, error: ChromaTuiError) -> None:
        self.error = error
        self.rebuild()

    def plan(self) -> LaunchPlan | None:
        if self.template is None:
            return None
        return build_plan(
            region=self.aws_region,
            instance_type=self.instance_type,
            key=self.key,
            options=self.options,
            template=self.template,
            profile=self.backend.profile,
            lock_to_my_ip=self.lock_to_my_ip,
        )

    def launch_plan(self) -> LaunchPlan | None:
        """The plan as checked: safe OpenTelemetry values added where the boot needs them."""
        if self.check is None:
            return None
        return dataclasses.replace(self.check.plan, lock_to_my_ip=self.lock_to_my_ip)

    def blocking(self) -> list[Finding]:
        if self.check is None:
            return []
        return [f for f in self.check.refusals if f.kind not in WARN_ONLY_IN_TUI]

    # -- layout ---------------------------------------------------------------------------
    def next_label_key(self) -> str:
        return "wizard.review.launch"

    def action_scroll_body(self, how: str) -> None:
        for body in self.query("#review-body").results(VerticalScroll):
            getattr(body, f"scroll_{how}")(animate=False)

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(classes="step-body", id="review-body"):
            if self.no_default_vpc:
                yield Static(
                    t("walk.review.no_vpc", region=self.aws_region),
                    classes="warning-box",
                    id="review-no-vpc",
                    markup=False,
                )
            yield from self._choices()
            yield from self._cost()
            yield Static(t("wizard.review.warning"), classes="warning-box", markup=False)
            yield Checkbox(
                t("wizard.review.lock_ip"), value=self.lock_to_my_ip, id="lock-ip", compact=True
            )
            yield from self._template_lines()
            yield Label(t("wizard.review.cli"), classes="field-label")
            plan = self.launch_plan()
            if plan is not None:
                yield Static(create_stack_command(plan), classes="code", markup=False, id="cli")
            elif self.error is not None:
                yield ErrorPanel(self.error)
            else:
                yield LoadingIndicator()

    def _choices(self) -> Iterable[Widget]:
        key = self.key.name or t("wizard.review.no_key")
        if self.key.created and self.key.key_file:
            key = t("wizard.review.key_created", name=self.key.name, path=self.key.key_file)
        checked = self.launch_plan()
        endpoint = checked.otel_endpoint if checked is not None else self.options.otel_endpoint
        otel = endpoint or t("wizard.options.otel_off")
        if endpoint and not self.options.otel_endpoint:  # left off: the check's placeholder
            otel = t("round6.review.otel_placeholder", endpoint=endpoint)
        rows = [
            ("wizard.review.account", self.identity.account),
            ("wizard.review.region", self.aws_region),
            ("wizard.review.stack", self.options.stack_name),
            ("wizard.review.instance", self._instance_text()),
            ("wizard.review.key", key),
            ("wizard.review.version", self.options.chroma_version),
            ("wizard.review.otel", otel),
        ]
        for label_key, value in rows:
            yield Static(labelled(t(label_key), value), classes="fact", markup=False)

    def _template_lines(self) -> Iterable[Widget]:
        """Where the template came from, its ChromaVersion default, and what the check found."""
        if self.check is None:
            return
        from chroma_tui.core.template_check import source_text

        yield Static(source_text(self.check.plan.template), classes="fact", markup=False)
        blocking = self.blocking()
        if blocking:
            yield Static(t("check.refused_header"), classes="warning-box", markup=False)
        for finding in self.check.findings:
            kind = "hint" if finding.severity == "note" else "warning-box"
            yield Static(
                t("check.finding", title=finding.title(), body=finding.body(), fix=finding.fix()),
                classes=f"{kind} check-finding",
                id=f"check-{finding.kind}",
                markup=False,
            )

    def _instance_text(self) -> str:
        option = self.instance_type
        return t(
            "wizard.review.instance_value",
            name=option.name,
            vcpus=option.vcpus,
            memory=f"{option.memory_gib:g}",
        )

    def _cost(self) -> Iterable[Widget]:
        price = self.instance_type.price
        if price is None:
            text = t("wizard.review.cost_unknown")
        else:
            text = t("walk.review.cost", breakdown=breakdown_text(breakdown(price)))
        yield Static(text, classes="cost", markup=False, id="cost")
        if price is not None:
            if price.source == "pricing-api":
                note_key = "price.note.api"
            elif self.aws_region == "us-east-1":
                note_key = "price.note.table"
            else:
                note_key = "price.note.table_other_region"
            yield Static(t(note_key), classes="hint", markup=False)

    # -- events ---------------------------------------------------------------------------
    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        if event.checkbox.id == "lock-ip":
            event.stop()
            self.lock_to_my_ip = event.value

    def action_copy_command(self) -> None:
        """Copy the command; with OpenTelemetry headers, ask first whether to include them."""
        plan = self.launch_plan()
        if plan is None:
            return
        if not has_secrets(plan):
            self._copy(plan, reveal=False)
            return
        self.app.push_screen(
            ConfirmModal("records.copy.title", "records.copy.body"),
            lambda reveal: self._copy(plan, reveal=bool(reveal)),
        )

    def _copy(self, plan: LaunchPlan, *, reveal: bool) -> None:
        self.app.copy_to_clipboard(create_stack_command(plan, reveal=reveal))
        if has_secrets(plan) and not reveal:
            self.notify(t("records.copy.masked"))
        else:
            self.notify(t("wizard.review.copied"))

    def action_retry(self) -> None:
        if self.template is None:
            self.error = None
            self.call_backend(
                self.backend.template, on_done=self.done_template, on_error=self.failed_template
            )
            self.rebuild()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next":
            return False  # n / ctrl+n never launch: l (shown in the footer) or the button does
        if action == "launch":
            return True if self.can_next() else None
        if action == "retry":
            return self.error is not None and self.template is None
        if action == "copy_command":
            return self.check is not None
        return super().check_action(action, parameters)

    def can_next(self) -> bool:
        return self.check is not None and not self.blocking()

    def action_launch(self) -> None:
        if self.can_next():
            self.go_next()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "nav-next":
            event.stop()
            self.action_launch()
            return
        super().on_button_pressed(event)

    def go_next(self) -> None:
        plan = self.launch_plan()
        if plan is not None and not self.blocking():
            self.dismiss(plan)
