"""Step 1: who am I? Checks the credentials on entry; on failure, the fix and a profile picker."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Button, Label, LoadingIndicator, Select, Static

from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.models import Identity
from chroma_tui.i18n import labelled, t
from chroma_tui.ui.screens.base.step import WizardStep
from chroma_tui.ui.widgets import ErrorPanel

NO_PROFILE = "__default__"


def source_label(method: str) -> str:
    """botocore's credential method ("env", "sso"...) in words; an unknown one as botocore
    names it. (The raw name is in the debug log; on screen it only read as noise.)"""
    key = f"wizard.credentials.source.{method}"
    text = t(key)
    return method if text == key else text


class CredentialsScreen(WizardStep[Identity]):
    STEP = 1
    TITLE_KEY = "wizard.credentials.title"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "retry", "common.retry"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.identity: Identity | None = None
        self.error: ChromaTuiError | None = None
        self.checking = True
        self.profiles: list[str] = []

    def on_mount(self) -> None:
        self.check()

    def check(self) -> None:
        self.checking = True
        self.identity = None
        self.error = None
        self.call_backend(
            self.backend.who_am_i, on_done=self.done_who_am_i, on_error=self.failed_who_am_i
        )
        self.rebuild()
        self.update_nav()

    # -- results --------------------------------------------------------------------------
    def done_who_am_i(self, identity: Identity) -> None:
        self.checking = False
        self.identity = identity
        self.rebuild()
        self.update_nav()

    def failed_who_am_i(self, error: ChromaTuiError) -> None:
        self.checking = False
        self.error = error
        self.call_backend(
            self.backend.profiles, on_done=self.done_profiles, on_error=self.failed_profiles
        )
        self.rebuild()
        self.update_nav()

    def done_profiles(self, profiles: list[str]) -> None:
        self.profiles = list(profiles)
        self.rebuild()

    def failed_profiles(self, error: ChromaTuiError) -> None:
        self.profiles = []

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(classes="step-body"):
            yield Static(t("wizard.credentials.intro"), classes="intro", markup=False)
            if self.checking:
                yield Label(t("wizard.credentials.checking"), classes="status")
                yield LoadingIndicator()
            elif self.identity is not None:
                yield from self._identity_rows(self.identity)
            elif self.error is not None:
                yield ErrorPanel(self.error)
                yield from self._profile_picker()
                yield Button(f"{t('common.retry')} (r)", id="retry", compact=True)

    def _identity_rows(self, ident: Identity) -> Iterable[Widget]:
        yield Static(t("wizard.credentials.ok"), classes="ok-line", markup=False)
        rows = [
            ("wizard.credentials.account", ident.account),
            ("wizard.credentials.arn", ident.arn),
            ("wizard.credentials.source", source_label(ident.source)),
            ("wizard.credentials.key_id", ident.masked_key_id or t("common.none")),
            ("wizard.credentials.profile", ident.profile or t("wizard.credentials.no_profile")),
            ("wizard.credentials.region", ident.region or t("wizard.credentials.no_region")),
        ]
        for key, value in rows:
            yield Static(labelled(t(key), value), classes="fact", markup=False)

    def _profile_picker(self) -> Iterable[Widget]:
        if not self.profiles:
            return
        current = getattr(self.backend, "profile", None)
        options = [(t("wizard.credentials.default_chain"), NO_PROFILE)]
        options += [(name, name) for name in self.profiles]
        yield Label(t("wizard.credentials.pick_profile"), classes="field-label")
        yield Select(
            options,
            value=current if current in self.profiles else NO_PROFILE,
            allow_blank=False,
            id="profile",
            compact=True,
        )

    # -- actions --------------------------------------------------------------------------
    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "profile":
            return
        profile = None if event.value == NO_PROFILE else str(event.value)
        if profile == getattr(self.backend, "profile", None):
            return
        self.backend.set_profile(profile)
        self.check()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "retry":
            event.stop()
            self.action_retry()
            return
        super().on_button_pressed(event)

    def action_retry(self) -> None:
        self.check()

    def can_next(self) -> bool:
        return self.identity is not None

    def go_next(self) -> None:
        assert self.identity is not None
        self.dismiss(self.identity)
