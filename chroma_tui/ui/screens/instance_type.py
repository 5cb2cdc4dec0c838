"""Step 3: the instance type. A table of recommended types with cost; a custom type is checked."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, DataTable, Input, Label, LoadingIndicator, Static

from chroma_tui.core.cost import breakdown
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import InstanceTypeOption
from chroma_tui.i18n import get_language, has, labelled, sentences, t
from chroma_tui.ui.screens.base.step import WizardStep
from chroma_tui.ui.widgets import ErrorPanel

DEFAULT_TYPE = "t3.small"


def format_memory(option: InstanceTypeOption) -> str:
    gib = option.memory_gib
    return f"{gib:.0f} GiB" if gib >= 1 and gib == int(gib) else f"{gib:.1f} GiB"


def format_embeddings(count: int) -> str:
    """``≈250k`` / ``≈1.7M`` in English; Chinese counts in 万 (10,000): ``约 24.5 万``."""
    if get_language() == "zh-CN":
        wan = count / 1e4
        number = f"{wan:.0f}" if wan >= 100 else f"{wan:.1f}".removesuffix(".0")
        return t("wizard.instance.embeddings_k", n=number)
    if count >= 1_000_000:
        return t("wizard.instance.embeddings_m", n=f"{count / 1e6:.1f}")
    return t("wizard.instance.embeddings_k", n=f"{count // 1000}")


def price_cells(option: InstanceTypeOption) -> tuple[str, str]:
    """The whole price (instance, volume, public IPv4: core/cost.py), as on Review."""
    if option.price is None:
        return "?", "?"
    parts = breakdown(option.price)
    return f"${parts.hourly_usd:.4f}", f"${parts.monthly_usd:.0f}"


def refusal_text(option: InstanceTypeOption) -> str:
    """Why the type is refused and how to fix it (the catalogue's ``<key>.fix`` sentence)."""
    key = option.problem_key or "wizard.instance.refused"
    fix_key = f"{key}.fix"
    return sentences(t(key), t(fix_key)) if has(fix_key) else t(key)


class InstanceTypeScreen(WizardStep[InstanceTypeOption]):
    STEP = 3
    TITLE_KEY = "wizard.instance.title"
    FIRST_CHOICE = "#types"

    def __init__(self, region: str, initial: InstanceTypeOption | None = None) -> None:
        super().__init__()
        self.aws_region = region
        self.options: list[InstanceTypeOption] | None = None
        self.selected: str | None = initial.name if initial else None
        self.cursor_name: str | None = self.selected
        self.initial = initial
        self.custom_text = ""
        self.custom_message = ""
        self.custom_ok = False
        self.checking_custom = False
        self.error: ChromaTuiError | None = None

    def on_mount(self) -> None:
        self.call_backend(
            self.backend.instance_types,
            self.aws_region,
            on_done=self.done_types,
            on_error=self.failed_types,
        )

    # -- results --------------------------------------------------------------------------
    def done_types(self, options: list[InstanceTypeOption]) -> None:
        self.options = list(options)
        if self.initial is not None and self.initial.name not in self._names():
            self.options.append(self.initial)
        if self.selected is None or self.selected not in self._names():
            usable = [o.name for o in self.options if o.usable]
            fallback = usable[0] if usable else None
            self.selected = DEFAULT_TYPE if DEFAULT_TYPE in usable else fallback
        self.cursor_name = self.selected
        self.rebuild()
        self.update_nav()

    def failed_types(self, error: ChromaTuiError) -> None:
        self.options = []
        self.error = error
        self.rebuild()
        self.update_nav()

    def done_custom(self, option: InstanceTypeOption) -> None:
        self.checking_custom = False
        assert self.options is not None
        self.options = [o for o in self.options if o.name != option.name] + [option]
        self.cursor_name = option.name
        if option.usable:
            self.selected = option.name
            self.custom_ok = True
            self.custom_message = t("wizard.instance.custom_ok", name=option.name)
        else:
            self.selected = None
            self.custom_ok = False
            self.custom_message = refusal_text(option)
        self.rebuild()
        self.update_nav()

    def failed_custom(self, error: ChromaTuiError) -> None:
        self.checking_custom = False
        self.custom_ok = False
        self.custom_message = sentences(labelled(error.title(), error.body()), error.fix())
        self.rebuild()
        self.update_nav()

    def _names(self) -> list[str]:
        return [o.name for o in self.options or []]

    def _option(self, name: str | None) -> InstanceTypeOption | None:
        return next((o for o in self.options or [] if o.name == name), None)

    def _intro(self) -> str:
        """Says whose prices these are: the region's, or us-east-1's list shown for another."""
        shipped_table = any(
            o.price is not None and o.price.source == "table" for o in self.options or ()
        )
        if shipped_table and self.aws_region != "us-east-1":
            return t("polish.instance.intro_table", region=self.aws_region)
        return t("wizard.instance.intro", region=self.aws_region)

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> Iterable[Widget]:
        with Vertical(classes="step-body"):
            yield Static(self._intro(), classes="intro")
            if self.options is None:
                yield Label(t("wizard.instance.loading"), classes="status")
                yield LoadingIndicator()
                return
            if self.error is not None:
                yield ErrorPanel(self.error)
            yield self._table()
            yield from self._selection_line()
            with Horizontal(classes="custom-row"):
                yield Label(t("wizard.instance.custom_label"), classes="field-label")
                yield Input(
                    self.custom_text,
                    placeholder="m5.4xlarge",
                    id="custom",
                    compact=True,
                    select_on_focus=False,
                )
                yield Button(t("wizard.instance.check"), id="check-custom", compact=True)
            if self.checking_custom:
                yield Label(t("wizard.instance.checking", name=self.custom_text), classes="status")
            elif self.custom_message:
                classes = "field-ok" if self.custom_ok else "field-error"
                yield Static(self.custom_message, classes=classes, markup=False, id="custom-msg")

    def _table(self) -> DataTable[str | Text]:
        table: DataTable[str | Text] = DataTable(id="types", cursor_type="row", zebra_stripes=True)
        table.add_columns(
            t("wizard.instance.col.type"),
            t("wizard.instance.col.vcpu"),
            t("wizard.instance.col.memory"),
            t("wizard.instance.col.hour"),
            t("wizard.instance.col.month"),
            t("wizard.instance.col.note"),
        )
        for option in self.options or []:
            hourly, monthly = price_cells(option)
            if option.usable:
                note = format_embeddings(option.approx_embeddings)
                style = ""
            else:
                note = "✗ " + t(option.problem_key or "wizard.instance.refused")
                style = "dim"
            cells = [option.name, str(option.vcpus), format_memory(option), hourly, monthly]
            table.add_row(*(Text(c, style=style) for c in [*cells, note]), key=option.name)
        return table

    def after_rebuild(self) -> None:
        if self.cursor_name not in self._names():
            return
        for table in self.query("#types").results(DataTable):
            table.move_cursor(row=self._names().index(self.cursor_name), animate=False)

    def _selection_text(self) -> tuple[str, str]:
        """The line under the table: what Next will take, or why the row cannot be used."""
        option = self._option(self.cursor_name)
        if option is not None and not option.usable:
            reason = refusal_text(option)
            return t(
                "wizard.instance.not_selectable", name=option.name
            ) + " " + reason, "field-error"
        chosen = self._option(self.selected)
        if chosen is None:
            return t("wizard.instance.none_selected"), "hint"
        return t("wizard.instance.selected", name=chosen.name), "ok-line"

    def _selection_line(self) -> Iterable[Widget]:
        text, classes = self._selection_text()
        yield Static(text, classes=classes, markup=False, id="selected-line")

    # -- choosing -------------------------------------------------------------------------
    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        event.stop()
        stale = self.rebuilding or event.cursor_row != event.data_table.cursor_row
        if stale or not event.data_table.has_focus:
            return  # only the user's moves count, not the cursor set while (re)building
        name = event.row_key.value
        self.cursor_name = name
        option = self._option(name)
        self.selected = option.name if option is not None and option.usable else None
        text, classes = self._selection_text()
        for line in self.query("#selected-line").results(Static):
            line.update(text)
            line.set_classes(classes)
        self.update_nav()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        option = self._option(event.row_key.value)
        if option is not None and not option.usable:
            self.notify(
                refusal_text(option),
                title=t("wizard.instance.not_selectable", name=option.name),
                severity="warning",
            )
            return
        self.action_next()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "custom":
            self.custom_text = event.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "custom":
            event.stop()
            self.check_custom()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "check-custom":
            event.stop()
            self.check_custom()
            return
        super().on_button_pressed(event)

    def check_custom(self) -> None:
        name = self.custom_text.strip()
        if not name:
            self.custom_ok = False
            self.custom_message = t("wizard.instance.custom_empty")
            self.rebuild()
            return
        self.custom_text = name
        self.checking_custom = True
        self.custom_message = ""
        self.call_backend(
            self.backend.check_instance_type,
            self.aws_region,
            name,
            on_done=self.done_custom,
            on_error=self.failed_custom,
        )
        self.rebuild()
        self.update_nav()

    def can_next(self) -> bool:
        option = self._option(self.selected)
        return option is not None and option.usable and not self.checking_custom

    def go_next(self) -> None:
        option = self._option(self.selected)
        if option is not None and option.usable:
            self.dismiss(option)
