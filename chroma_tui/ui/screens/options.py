"""Step 5: options, collapsed by default: stack name, Chroma version, OpenTelemetry."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from textual.containers import Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Checkbox, Collapsible, Input, Label, Static

from chroma_tui.core.errors import InputError
from chroma_tui.core.validation import (
    check_chroma_version,
    check_otel_endpoint,
    check_otel_headers,
    check_stack_name,
    default_chroma_version,
    default_stack_name,
)
from chroma_tui.core.wizard import WizardOptions
from chroma_tui.i18n import sentences, t
from chroma_tui.ui.screens.base.step import WizardStep


def _optional(check: Callable[[str], str]) -> Callable[[str], str]:
    """Empty means "not set" for the OpenTelemetry fields; anything else is checked."""

    def run(value: str) -> str:
        return check(value) if value.strip() else ""

    return run


def _plain(value: str) -> str:
    return value.strip()


HEADERS_EXAMPLE = "{'x-honeycomb-team': 'abc'}"  # the guide's example
#: Fields that may hold a credential (an OpenTelemetry vendor's API key): typed as dots.
SECRET_FIELDS = frozenset({"otel_headers"})

#: field id -> (label key, validator). Validators raise InputError and return the cleaned value.
FIELDS: dict[str, tuple[str, Callable[[str], str]]] = {
    "stack_name": ("wizard.options.stack_name", check_stack_name),
    "chroma_version": ("wizard.options.chroma_version", check_chroma_version),
    "otel_endpoint": ("wizard.options.otel_endpoint", check_otel_endpoint),
    "otel_service_name": ("wizard.options.otel_service_name", _plain),
    "otel_headers": ("wizard.options.otel_headers", _optional(check_otel_headers)),
}


class OptionsScreen(WizardStep[WizardOptions]):
    STEP = 5
    TITLE_KEY = "wizard.options.title"

    def __init__(self, initial: WizardOptions | None = None) -> None:
        super().__init__()
        if initial is None:
            initial = WizardOptions(default_stack_name(), default_chroma_version())
        self.values: dict[str, str] = {name: getattr(initial, name) for name in FIELDS}
        self.errors: dict[str, str] = {
            name: self._problem(name, v) for name, v in self.values.items()
        }
        self.errors["otel_endpoint"] = self._endpoint_problem()
        self.collapsed = True
        self.revealed = False  # secret fields are shown as dots until the user asks

    def _endpoint_problem(self) -> str:
        """Headers or a service name with no endpoint: refused here as headless refuses it,
        so Review, the CLI preview and what is sent never disagree."""
        own = self._problem("otel_endpoint", self.values["otel_endpoint"])
        if own:  # not a URL: that comes first
            return own
        given = self.values["otel_headers"].strip() not in ("", "{}")
        given = given or bool(self.values["otel_service_name"].strip())
        if given and not self.values["otel_endpoint"].strip():
            return sentences(t("cli.error.otel_endpoint.body"), t("walk.options.otel_endpoint_fix"))
        return ""

    @staticmethod
    def _problem(name: str, value: str) -> str:
        try:
            FIELDS[name][1](value)
        except InputError as error:
            return sentences(error.body(), error.fix())
        return ""

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(classes="step-body"):
            yield Static(t("wizard.options.intro"), classes="intro", markup=False)
            yield Static(self._summary(), id="summary", classes="summary", markup=False)
            with Collapsible(
                title=t("wizard.options.advanced"), collapsed=self.collapsed, id="advanced"
            ):
                for name, (label_key, _check) in FIELDS.items():
                    with Vertical(classes="option-field"):
                        yield Label(t(label_key), classes="field-label")
                        yield Input(
                            self.values[name],
                            id=name,
                            compact=True,
                            select_on_focus=False,
                            password=name in SECRET_FIELDS and not self.revealed,
                        )
                        if name in SECRET_FIELDS:
                            yield Checkbox(
                                t("records.options.reveal"),
                                value=self.revealed,
                                id=f"{name}-reveal",
                                compact=True,
                            )
                        yield Static(
                            self.errors[name] or t(f"{label_key}.help", example=HEADERS_EXAMPLE),
                            id=f"{name}-msg",
                            classes="field-error" if self.errors[name] else "hint",
                            markup=False,
                        )

    def _summary(self) -> str:
        otel = self.values["otel_endpoint"] or t("wizard.options.otel_off")
        return t(
            "wizard.options.summary",
            stack=self.values["stack_name"],
            version=self.values["chroma_version"],
            otel=otel,
        )

    # -- events ---------------------------------------------------------------------------
    def on_collapsible_expanded(self, event: Collapsible.Expanded) -> None:
        self.collapsed = False
        if not self.rebuilding:  # opened by the user: what they type goes into the first field
            for field in self.query("#stack_name").results(Input):
                field.focus()

    def on_collapsible_collapsed(self, event: Collapsible.Collapsed) -> None:
        self.collapsed = True

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """The reveal toggle: show the OpenTelemetry headers as typed, or as dots again."""
        if not (event.checkbox.id or "").endswith("-reveal"):
            return
        event.stop()
        self.revealed = event.value
        for name in SECRET_FIELDS:
            for field in self.query(f"#{name}").results(Input):
                field.password = not self.revealed

    def on_input_changed(self, event: Input.Changed) -> None:
        name = event.input.id
        if name not in FIELDS:
            return
        self.values[name] = event.value
        self.errors[name] = self._problem(name, event.value)
        if name.startswith("otel_"):
            self.errors["otel_endpoint"] = self._endpoint_problem()
        for field_name in {name, "otel_endpoint"}:
            for line in self.query(f"#{field_name}-msg").results(Static):
                label_key = FIELDS[field_name][0]
                message = self.errors[field_name]
                line.update(message or t(f"{label_key}.help", example=HEADERS_EXAMPLE))
                line.set_classes("field-error" if message else "hint")
        for summary in self.query("#summary").results(Static):
            summary.update(self._summary())
        self.update_nav()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_next()

    # -- next -----------------------------------------------------------------------------
    def can_next(self) -> bool:
        return True  # refused in go_next with the message, so the user learns why

    def go_next(self) -> None:
        bad = [name for name, message in self.errors.items() if message]
        if bad:
            self.collapsed = False
            for collapsible in self.query("#advanced").results(Collapsible):
                collapsible.collapsed = False
            self.notify(
                self.errors[bad[0]],
                title=t("wizard.options.invalid", field=t(FIELDS[bad[0]][0])),
                severity="error",
            )
            for field in self.query(f"#{bad[0]}").results(Input):
                field.focus()
            return
        cleaned = {name: FIELDS[name][1](value) for name, value in self.values.items()}
        self.dismiss(WizardOptions(**cleaned))
