"""Step 2: the region. Template regions only; checks the default VPC the template needs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, LoadingIndicator, OptionList, Static
from textual.widgets.option_list import Option

from chroma_tui.core.china import is_china_region
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import RegionOption
from chroma_tui.i18n import t
from chroma_tui.ui.screens.base.step import WizardStep
from chroma_tui.ui.widgets import ConfirmModal, ErrorPanel

FALLBACK_DEFAULT = "us-east-1"


def region_label(region: RegionOption) -> str:
    """``us-east-1  US East (N. Virginia)``; unsupported ones say why."""
    name_key = f"wizard.region.name.{region.name}"
    long_name = t(name_key)
    text = region.name if long_name == name_key else f"{region.name:<15} {long_name}"
    if not region.supported:
        reason = t(region.reason_key) if region.reason_key else t("wizard.region.unsupported")
        text += f" — {reason}"
    return text


class RegionScreen(WizardStep[str]):
    STEP = 2
    TITLE_KEY = "wizard.region.title"
    FIRST_CHOICE = "#regions"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "create_vpc", "wizard.region.create_vpc"),
        # Its own key: Next pressed once too often must not step past the warning.
        Binding("a", "continue_anyway", "walk.region.anyway"),
    ]

    def __init__(self, initial: str | None = None) -> None:
        super().__init__()
        self.initial = initial
        self.regions: list[RegionOption] | None = None
        self.highlighted: str | None = None
        self.chosen: str | None = None
        self.vpc: dict[str, bool] = {}
        self.checking_vpc = False
        self.creating_vpc = False
        self.error: ChromaTuiError | None = None

    def on_mount(self) -> None:
        self.call_backend(self._load, on_done=self.done_regions, on_error=self.failed_regions)

    def _load(self) -> tuple[list[RegionOption], str | None]:
        return self.backend.regions(), self.backend.default_region()

    # -- results --------------------------------------------------------------------------
    def done_regions(self, value: tuple[list[RegionOption], str | None]) -> None:
        regions, default = value
        self.regions = list(regions)
        usable = [r.name for r in self.regions if r.supported]
        for candidate in (self.initial, default, FALLBACK_DEFAULT):
            if candidate in usable:
                self.highlighted = candidate
                break
        else:
            self.highlighted = usable[0] if usable else None
        self.rebuild()

    def failed_regions(self, error: ChromaTuiError) -> None:
        self.error = error
        self.regions = []
        self.rebuild()

    def done_vpc(self, value: tuple[str, bool]) -> None:
        region, present = value
        self.checking_vpc = False
        self.vpc[region] = present
        self._after_vpc_check(region)

    def failed_vpc(self, error: ChromaTuiError) -> None:
        self.checking_vpc = False
        self.creating_vpc = False
        self.error = error
        self.chosen = None
        self.rebuild()
        self.update_nav()

    def done_create_vpc(self, value: tuple[str, str]) -> None:
        region, _vpc_id = value
        self.creating_vpc = False
        self.vpc[region] = True
        self.notify(t("wizard.region.vpc_created", region=region))
        self.rebuild()
        self.update_nav()

    failed_create_vpc = failed_vpc

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> Iterable[Widget]:
        with Vertical(classes="step-body"):
            yield Static(t("wizard.region.intro"), classes="intro", markup=False)
            if self.regions is None:
                yield Label(t("wizard.region.loading"), classes="status")
                yield LoadingIndicator()
                return
            if self.error is not None:
                yield ErrorPanel(self.error)
            if self.regions:
                yield self._region_list()
            if any(is_china_region(r.name) for r in self.regions):
                yield Static(t("region.china.note"), id="china-note", classes="hint")
            yield from self._vpc_status()

    def _region_list(self) -> OptionList:
        assert self.regions is not None
        options = [
            Option(region_label(r), id=r.name, disabled=not r.supported) for r in self.regions
        ]
        option_list = OptionList(*options, id="regions")
        if self.highlighted is not None:
            ids = [r.name for r in self.regions]
            option_list.highlighted = ids.index(self.highlighted)
        return option_list

    def _vpc_status(self) -> Iterable[Widget]:
        region = self.chosen
        if self.creating_vpc:
            yield Label(t("wizard.region.creating_vpc", region=region), classes="status")
        elif self.checking_vpc:
            yield Label(t("wizard.region.checking_vpc", region=region), classes="status")
        elif region is not None and self.vpc.get(region) is False:
            with Vertical(classes="warning-box", id="no-vpc"):
                yield Static(t("wizard.region.no_vpc", region=region), markup=False)
                yield Button(t("wizard.region.create_vpc_button"), id="create-vpc", compact=True)
                yield Button(t("walk.region.anyway_button"), id="vpc-anyway", compact=True)
        elif region is not None and self.vpc.get(region):
            yield Static(t("wizard.region.vpc_ok", region=region), classes="ok-line")
        else:
            yield Static(t("wizard.region.hint"), classes="hint", markup=False)

    # -- choosing -------------------------------------------------------------------------
    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.highlighted = event.option.id

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(event.option.id)

    def choose(self, region: str) -> None:
        """Check the region's default VPC; go on at once if it has one."""
        self.chosen = region
        self.highlighted = region
        self.error = None
        if region in self.vpc:
            self._after_vpc_check(region)
            return
        self.checking_vpc = True
        self.call_backend(self._check_vpc, region, on_done=self.done_vpc, on_error=self.failed_vpc)
        self.rebuild()

    def _check_vpc(self, region: str) -> tuple[str, bool]:
        return region, self.backend.has_default_vpc(region)

    def _after_vpc_check(self, region: str) -> None:
        if region == self.chosen and self.vpc.get(region):
            self.dismiss(region)
            return
        self.rebuild()
        self.update_nav()

    def can_next(self) -> bool:
        if self.checking_vpc or self.creating_vpc or not self.regions:
            return False
        return self.highlighted is not None

    def go_next(self) -> None:
        """Next = choose the highlighted region; past a missing default VPC only with ``a``."""
        region = self.highlighted
        if region is None:
            return
        if self.warning_shown() and region == self.chosen:
            self.notify(t("walk.region.vpc_keys", region=region), severity="warning")
            return
        self.choose(region)

    def warning_shown(self) -> bool:
        region = self.chosen
        return bool(region and self.vpc.get(region) is False and not self.creating_vpc)

    def action_continue_anyway(self) -> None:
        """The user was told the stack will fail without a default VPC; their call."""
        if self.warning_shown() and self.chosen is not None:
            self.dismiss(self.chosen)

    # -- the default VPC ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("create_vpc", "continue_anyway"):
            return self.warning_shown()
        return super().check_action(action, parameters)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create-vpc":
            event.stop()
            self.action_create_vpc()
            return
        if event.button.id == "vpc-anyway":
            event.stop()
            self.action_continue_anyway()
            return
        super().on_button_pressed(event)

    def action_create_vpc(self) -> None:
        region = self.chosen
        if region is None:
            return

        def answered(confirmed: bool | None) -> None:
            if confirmed and region == self.chosen:
                self.creating_vpc = True
                self.call_backend(self._create_vpc, region, on_done=self.done_create_vpc)
                self.rebuild()

        modal = ConfirmModal(
            "wizard.region.confirm_vpc.title", "wizard.region.confirm_vpc.body", region=region
        )
        self.app.push_screen(modal, callback=answered)

    def _create_vpc(self, region: str) -> tuple[str, str]:
        return region, self.backend.create_default_vpc(region)
