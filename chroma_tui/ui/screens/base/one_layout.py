"""Screens laid out once when they open, not twice.

When Textual shows a new screen it lays it out and paints it on ``ScreenResume``; that first
layout then posts the screen a ``Resize`` to the very size it was just laid out at, and the
screen lays itself out again (with the screen beneath it) in the same loop turn. On Waiting
that second pass was 10-20 ms of a 30-50 ms first frame: the one stall left on the event loop.
A ``Resize`` to the size the screen already has is skipped here; a real resize (a different
size) goes through Textual as before, and a layout some widget asked for still runs on the next
refresh (Textual keeps it pending until then).
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen


def laid_out_at(screen: Screen[Any]) -> object:
    """The size this screen's compositor last laid it out at (None before the first layout)."""
    return getattr(getattr(screen, "_compositor", None), "size", None)


class OneLayoutOnShow:
    """Mixin, listed before the Screen class (as ``DismissOnce``): skips same-size resizes.

    Textual calls every ``_on_resize`` along the class's MRO; returning lets ``Screen``'s run,
    and ``prevent_default()`` is what skips it."""

    async def _on_resize(self, event: events.Resize) -> None:
        screen: Screen[Any] = self  # type: ignore[assignment]
        breakpoints = (
            screen.HORIZONTAL_BREAKPOINTS
            or screen.VERTICAL_BREAKPOINTS
            or screen.app.HORIZONTAL_BREAKPOINTS
            or screen.app.VERTICAL_BREAKPOINTS
        )
        if breakpoints or event.size != laid_out_at(screen):
            return  # a real resize: Screen._on_resize, next in the MRO, lays it out
        event.stop()
        event.prevent_default()
        for below in screen.app._background_screens:  # a screen seen through a modal
            if laid_out_at(below) != event.size:
                below._screen_resized(event.size)
