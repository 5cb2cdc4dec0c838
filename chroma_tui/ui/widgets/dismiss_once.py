"""Screens that can be dismissed only once.

Textual's ``Screen.dismiss`` pops whatever screen is on top. Two quick key presses (Enter on a
button, then ``n``) would dismiss a screen and then pop the one beneath it, up to an empty stack.
"""

from __future__ import annotations

from typing import Any

from textual.await_complete import AwaitComplete
from textual.screen import Screen


async def _nothing() -> None:
    return None


class DismissOnce:
    """Mixin, listed before the Screen class. Not a Screen itself: a second Screen in the bases
    would reorder the default CSS and paint a modal's dimmed background opaque."""

    _dismissed = False

    def dismiss(self, result: Any = None) -> AwaitComplete:
        screen: Screen[Any] = self  # type: ignore[assignment]
        if self._dismissed or not screen.is_active:
            return AwaitComplete(_nothing())
        self._dismissed = True
        return super().dismiss(result)  # type: ignore[misc]
