"""A yes/no modal: ``await app.push_screen_wait(ConfirmModal(title, body))`` -> bool."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from chroma_tui.core.cost import breakdown, money
from chroma_tui.core.models import PriceEstimate
from chroma_tui.i18n import t
from chroma_tui.ui.screens.base.first_frame import FirstFrameAlone
from chroma_tui.ui.widgets.dismiss_once import DismissOnce


def leave_running_modal(stack_name: str, price: PriceEstimate | None) -> ConfirmModal:
    """``q`` with a stack that bills: "quit and leave it running?", with what it costs."""
    if price is not None:
        parts = breakdown(price)
        rate = t(
            "walk.quit.rate", hourly=f"${parts.hourly_usd:.4f}", monthly=money(parts.monthly_usd)
        )
    else:
        rate = t("walk.quit.rate_unknown")
    return ConfirmModal(
        "walk.quit.connected.title", "walk.quit.connected.body", name=stack_name, rate=rate
    )


class ConfirmModal(FirstFrameAlone, DismissOnce, ModalScreen[bool]):
    """Text is given already translated (or as keys via ``title_key``/``body_key``)."""

    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 64;
        max-width: 95%;
        height: auto;
        border: thick $warning;
        background: $surface;
        padding: 1 2;
    }
    ConfirmModal .confirm-title { text-style: bold; }
    ConfirmModal .confirm-body { margin: 1 0; }
    ConfirmModal Horizontal { height: auto; align-horizontal: right; }
    ConfirmModal Button { margin-left: 2; }
    """

    BINDINGS = [  # noqa: RUF012 - Textual's convention
        Binding("y", "answer(True)", "common.yes"),
        Binding("n,escape", "answer(False)", "common.no"),
    ]

    def __init__(self, title_key: str, body_key: str, **params: object) -> None:
        super().__init__()
        self.title_key = title_key
        self.body_key = body_key
        self.params = params

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t(self.title_key, **self.params), classes="confirm-title", markup=False)
            yield Static(t(self.body_key, **self.params), classes="confirm-body", markup=False)
            with Horizontal():
                yield Button(f"{t('common.yes')} (y)", id="yes", variant="warning", compact=True)
                yield Button(f"{t('common.no')} (n)", id="no", compact=True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
