"""Step 4: the key pair for SSH: none (default), an existing one, or a new one saved 0600."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Select, Static

from chroma_tui.core import validation
from chroma_tui.core.errors import ChromaTuiError, InputError
from chroma_tui.core.models import CreatedKeyPair, KeyPairInfo
from chroma_tui.core.wizard import KeyChoice
from chroma_tui.i18n import sentences, t
from chroma_tui.ui.screens.base.step import WizardStep
from chroma_tui.ui.widgets import ErrorPanel

MODES = ("none", "existing", "create")
KEY_TYPES = ("ed25519", "rsa")


ORPHANED = "journey.keypair.orphaned"


class ChoiceSet(RadioSet):
    """A RadioSet whose highlight starts on the pressed button, not on the first one.

    The step recomposes after every choice; Textual's RadioSet then highlights row 1 again,
    so the next Down+Enter would pick the wrong option.
    """

    def on_mount(self) -> None:
        # Runs before RadioSet's own mount handler (which highlights row 1): queue it after.
        self.call_later(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index  # Textual keeps the highlight in _selected


class KeyPairScreen(WizardStep[KeyChoice]):
    STEP = 4
    TITLE_KEY = "wizard.key.title"
    FIRST_CHOICE = "#mode"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("x", "recreate", "journey.keypair.recreate"),
    ]

    def __init__(self, region: str, initial: KeyChoice | None = None) -> None:
        super().__init__()
        self.aws_region = region
        self.mode = "none"
        self.existing: list[KeyPairInfo] | None = None
        self.existing_name: str | None = None
        self.new_name = ""
        self.new_type = KEY_TYPES[0]
        self.name_error = ""
        self.created: CreatedKeyPair | None = None
        self.creating = False
        self.error: ChromaTuiError | None = None
        if initial is not None and initial.name:
            if initial.created:
                self.mode = "create"
                self.new_name = initial.name
                self.created = CreatedKeyPair(initial.name, "", "", initial.key_file or "")
            else:
                self.mode = "existing"
                self.existing_name = initial.name

    def on_mount(self) -> None:
        self.call_backend(
            self.backend.key_pairs,
            self.aws_region,
            on_done=self.done_list,
            on_error=self.failed_list,
        )

    # -- results --------------------------------------------------------------------------
    def done_list(self, pairs: list[KeyPairInfo]) -> None:
        self.existing = list(pairs)
        names = [p.name for p in self.existing]
        if self.existing_name not in names:
            self.existing_name = names[0] if names else None
        self.rebuild()
        self.update_nav()

    def failed_list(self, error: ChromaTuiError) -> None:
        self.existing = []
        self.error = error
        self.rebuild()

    def done_create(self, created: CreatedKeyPair) -> None:
        self.creating = False
        self.created = created
        self.error = None
        self.rebuild()
        self.update_nav()

    def failed_create(self, error: ChromaTuiError) -> None:
        self.creating = False
        self.error = error
        self.rebuild()
        self.update_nav()

    # -- layout ---------------------------------------------------------------------------
    def compose_body(self) -> Iterable[Widget]:
        with Vertical(classes="step-body"):
            yield Static(t("wizard.key.intro"), classes="intro", markup=False)
            with ChoiceSet(id="mode", compact=True):
                for mode in MODES:
                    yield RadioButton(
                        t(f"wizard.key.mode.{mode}"), value=self.mode == mode, id=f"mode-{mode}"
                    )
            if self.mode == "existing":
                yield from self._existing()
            elif self.mode == "create":
                yield from self._create()
            if self.error is not None:
                yield ErrorPanel(self.error)

    def _existing(self) -> Iterable[Widget]:
        if self.existing is None:
            yield Label(t("wizard.key.loading"), classes="status")
        elif not self.existing:
            yield Static(t("wizard.key.no_existing", region=self.aws_region), classes="hint")
        else:
            yield Select(
                [(f"{p.name} ({p.key_type})", p.name) for p in self.existing],
                value=self.existing_name or Select.NULL,
                allow_blank=False,
                id="existing",
                compact=True,
            )

    def _create(self) -> Iterable[Widget]:
        if self.created is not None:
            yield Static(
                t("wizard.key.created", name=self.created.name, path=self.created.path),
                classes="ok-line",
                markup=False,
                id="created",
            )
            yield Static(f"ssh -i {self.created.path} ec2-user@<IP>", classes="code", markup=False)
            return
        with Horizontal(classes="field-row"):
            yield Label(t("wizard.key.name_label"), classes="field-label")
            yield Input(
                self.new_name,
                placeholder="mykey",
                id="new-name",
                compact=True,
                select_on_focus=False,
            )
        yield Static(self.name_error, classes="field-error", markup=False, id="name-error")
        with Horizontal(classes="field-row"):
            yield Label(t("wizard.key.type_label"), classes="field-label")
            with ChoiceSet(id="key-type", compact=True):
                for key_type in KEY_TYPES:
                    yield RadioButton(
                        key_type, value=self.new_type == key_type, id=f"kt-{key_type}"
                    )
        if self.creating:
            yield Label(t("wizard.key.creating"), classes="status")
        else:
            yield Button(t("wizard.key.create_button"), id="create-key", compact=True)
        yield Static(t("wizard.key.create_note"), classes="hint", markup=False)

    # -- events ---------------------------------------------------------------------------
    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        event.stop()
        button_id = event.pressed.id or ""
        if event.radio_set.id == "mode":
            self.mode = button_id.removeprefix("mode-")
            self.error = None
            self.rebuild()
            self.update_nav()
        elif event.radio_set.id == "key-type":
            self.new_type = button_id.removeprefix("kt-")

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "existing" and isinstance(event.value, str):
            self.existing_name = event.value
            self.update_nav()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id != "new-name":
            return
        self.new_name = event.value
        self._show_name_error(self._name_problem(event.value) if event.value else "")

    def _show_name_error(self, message: str) -> None:
        self.name_error = message
        for line in self.query("#name-error").results(Static):
            line.update(message)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "new-name":
            event.stop()
            self.create()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "create-key":
            event.stop()
            self.create()
            return
        super().on_button_pressed(event)

    @staticmethod
    def _name_problem(name: str) -> str:
        try:
            validation.check_key_name(name)
        except InputError as error:
            return sentences(error.body(), error.fix())
        return ""

    def create(self) -> None:
        problem = self._name_problem(self.new_name) or (
            t("wizard.key.name_required") if not self.new_name.strip() else ""
        )
        if problem:
            self._show_name_error(problem)
            return
        self._send_create(self.backend.create_key_pair)

    def orphaned(self) -> bool:
        """AWS made the key pair but its private key never arrived (see core/keypairs.py)."""
        return self.error is not None and self.error.key == ORPHANED and not self.creating

    def action_recreate(self) -> None:
        """Delete the key pair whose private key was lost, and create it again."""
        if not self.orphaned():
            return
        self._send_create(self.backend.recreate_key_pair)

    def _send_create(self, call: Callable[[str, str, str], CreatedKeyPair]) -> None:
        """Create (or delete and create again) the typed key pair in a worker; busy meanwhile."""
        self.creating = True
        self.error = None
        self.call_backend(
            call,
            self.aws_region,
            self.new_name.strip(),
            self.new_type,
            on_done=self.done_create,
            on_error=self.failed_create,
        )
        self.rebuild()
        self.update_nav()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "recreate":
            return self.orphaned()
        return super().check_action(action, parameters)

    # -- next -----------------------------------------------------------------------------
    def can_next(self) -> bool:
        if self.mode == "existing":
            return self.existing_name is not None
        if self.mode == "create":
            return self.created is not None
        return True

    def next_blocked_text(self) -> str:
        """Next pressed before the choice is complete: say what is missing (never silence)."""
        if self.mode == "create" and self.created is None:
            if self.creating:
                return t("polish.key.still_creating")
            return t("polish.key.create_first")
        if self.mode == "existing" and self.existing_name is None:
            return t("polish.key.pick_first")
        return ""

    def go_next(self) -> None:
        if self.mode == "existing" and self.existing_name:
            self.dismiss(KeyChoice(name=self.existing_name))
        elif self.mode == "create" and self.created is not None:
            self.dismiss(KeyChoice(self.created.name, self.created.path, created=True))
        elif self.mode == "none":
            self.dismiss(KeyChoice())
