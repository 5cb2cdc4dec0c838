"""The base of every wizard step: header, body, Back/Next bar, footer, backend calls in threads.

A step keeps what the user chose in attributes and builds all its text in ``compose()`` with
``t()``, so the app can ``recompose()`` it after a language switch without losing anything.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Input

from chroma_tui.i18n import t
from chroma_tui.ui.app_access import chroma_app
from chroma_tui.ui.messages import BACK
from chroma_tui.ui.screens.base.backend_calls import BackendCalls
from chroma_tui.ui.screens.base.first_frame import FirstFrameAlone
from chroma_tui.ui.widgets import I18nFooter, StepHeader
from chroma_tui.ui.widgets.confirm import ConfirmModal
from chroma_tui.ui.widgets.dismiss_once import DismissOnce

if TYPE_CHECKING:
    from chroma_tui.core.backend_api import BackendAPI

T = TypeVar("T")

TOTAL_STEPS = 6


class WizardStep(FirstFrameAlone, DismissOnce, BackendCalls, Screen[T], Generic[T]):
    UNEXPECTED_KEY = "wizard.error.unexpected"
    STEP: ClassVar[int] = 0
    TITLE_KEY: ClassVar[str] = ""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "common.back"),
        Binding("ctrl+n", "next", "common.next", priority=True),
        # A letter acts only on a step where no text field could take it (see takes_text).
        Binding("n", "letter('next')", "common.next", show=False),
    ]

    rebuilding = False
    """True while recomposing: events from the new widgets' mounting are not the user's."""

    @property
    def backend(self) -> BackendAPI:
        return chroma_app(self).backend

    # -- layout ---------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield StepHeader(self.STEP, TOTAL_STEPS, self.TITLE_KEY)
        yield from self.compose_body()
        with Horizontal(classes="nav-bar"):
            back = Button(f"← {t('common.back')}", id="nav-back", compact=True)
            forward = Button(
                f"{t(self.next_label_key())} →",
                id="nav-next",
                variant="primary",
                compact=True,
                disabled=not self.can_next(),
            )
            # Mouse only: the keys are esc / n. A focused Back button would turn an Enter meant
            # for a list that is still loading into a step back.
            back.can_focus = forward.can_focus = False
            yield back
            yield forward
        yield I18nFooter()

    def compose_body(self) -> Iterable[Widget]:
        """The step's own widgets (override)."""
        return ()

    def next_label_key(self) -> str:
        return "common.next"

    def rebuild(self) -> None:
        """Recompose after the state changed, keeping the focus where it was."""
        self.call_later(self.recompose_keeping_focus)

    async def recompose_keeping_focus(self) -> None:
        focused_id = self.focused.id if self.focused is not None else None
        self.rebuilding = True
        try:
            await self.recompose()
        finally:
            self.rebuilding = False
        restored = False
        if focused_id:
            for widget in self.query(f"#{focused_id}"):
                if widget.focusable:
                    widget.focus()
                    restored = True
                    break
        if not restored:
            self.focus_first_choice()
        self.refocus_if_detached()
        self.after_rebuild()
        self.update_nav()

    def refocus_if_detached(self) -> None:
        """A recompose beneath a modal can leave the focus on a removed widget; the screen's
        own keys (``n``, ``esc``) are then out of reach, as the focus chain no longer reaches it.
        """
        if self.focused is not None and not self.focused.is_attached:
            self.set_focus(None)
            self.focus_next()

    def on_screen_resume(self) -> None:
        self.refocus_if_detached()

    def after_rebuild(self) -> None:
        """Restore what compose() cannot set before mounting (e.g. a table's cursor)."""

    FIRST_CHOICE: ClassVar[str] = ""
    """Selector of the widget that takes the arrow keys as soon as the step shows it."""

    def focus_first_choice(self) -> None:
        """Nothing focused (the list arrived after loading): give the list the keys at once."""
        if not self.FIRST_CHOICE or self.focused is not None:
            return
        for widget in self.query(self.FIRST_CHOICE):
            if widget.focusable:
                widget.focus()
                return

    # -- navigation -----------------------------------------------------------------------
    def can_next(self) -> bool:
        """Whether Next is allowed now (override)."""
        return True

    def go_next(self) -> None:
        """Dismiss with the answer (override)."""

    def update_nav(self) -> None:
        """Call when ``can_next()`` may have changed."""
        self.refresh_bindings()
        for button in self.query("#nav-next").results(Button):
            button.disabled = not self.can_next()

    def takes_text(self) -> bool:
        """Whether the step shows a text field: then letters are text, never commands."""
        return bool(self.query(Input))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "letter":
            if self.takes_text() or not parameters:
                return False
            return self.check_action(str(parameters[0]), ())
        if action == "next":
            return True if self.can_next() or self.next_blocked_text() else None
        return True

    async def action_letter(self, action: str) -> None:
        """A letter key's command (checked by check_action: never while a field shows)."""
        await self.run_action(action)

    def action_back(self) -> None:
        self.workers.cancel_node(self)  # only this step's checks: not the wizard's own worker
        self.dismiss(BACK)

    def next_blocked_text(self) -> str:
        """Why Next cannot go on now and what to do, said when pressed ("": stays greyed)."""
        return ""

    def action_next(self) -> None:
        if self.can_next():
            self.go_next()
            return
        reason = self.next_blocked_text()
        if reason:
            self.notify(reason, severity="warning", timeout=8)

    # -- quitting -------------------------------------------------------------------------
    def has_answers(self) -> bool:
        """Whether quitting now would drop something the user chose or typed."""
        state = getattr(self.app, "wizard", None)
        return state is not None and state.region is not None

    def quit_guard(self) -> bool:
        """``q`` with answers given asks first; with none it quits at once."""
        if not self.has_answers():
            return False
        self.app.push_screen(
            ConfirmModal("walk.quit.wizard.title", "walk.quit.wizard.body"), self._quit_answered
        )
        return True

    def _quit_answered(self, quit_anyway: bool | None) -> None:
        if quit_anyway:
            self.app.exit(0)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "nav-back":
            event.stop()
            self.action_back()
        elif event.button.id == "nav-next":
            event.stop()
            self.action_next()


__all__ = ["BACK", "TOTAL_STEPS", "WizardStep"]
