"""A screen's first frame alone in its loop turn: no second layout, no garbage collection.

Opening a screen is the longest single piece of work the event loop does (compose, style,
lay out and paint it: 15-25 ms on the development machine). Two things used to land on top:

- **A second layout.** Textual lays a new screen out on ``ScreenResume``; that layout then
  posts the screen a ``Resize`` to the very size it was just laid out at, and the screen lays
  itself out again (with the screen beneath it) in the same loop turn: 10-20 ms more on
  Waiting. A ``Resize`` to the size the screen already has is skipped here; a real resize (a
  different size) goes through Textual as before, and a layout some widget asked for still
  runs on the next refresh (Textual keeps it pending until then).
- **A second styling.** ``ScreenResume`` restyles every node of the screen, which is right
  for a screen coming back (the theme may have changed meanwhile), but a screen shown for the
  first time was styled as its widgets mounted, moments before: 15 ms of Waiting's first
  frame (profiled) for nothing. The first resume skips it.
- **A full garbage collection.** The screen it replaced is cyclic garbage that only a full
  pass frees; the app keeps those passes from starting by themselves (``core/gc_policy.py``),
  and a screen that opens runs one itself, in a turn of its own, once its first frames are out.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.screen import Screen

from chroma_tui.core import gc_policy


def laid_out_at(screen: Screen[Any]) -> object:
    """The size this screen's compositor last laid it out at (None before the first layout)."""
    return getattr(getattr(screen, "_compositor", None), "size", None)


class FirstFrameAlone:
    """Mixin, listed before the Screen class (as ``DismissOnce``).

    Textual calls every ``_on_resize`` along the class's MRO: returning lets ``Screen``'s run
    next, and ``prevent_default()`` is what skips it."""

    _resumed_before = False

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before ``Screen._on_screen_resume`` (next in the MRO), which reads the event."""
        screen: Screen[Any] = self  # type: ignore[assignment]
        if not self._resumed_before:
            self._resumed_before = True
            event.refresh_styles = False  # styled as it mounted
        screen.set_timer(gc_policy.FULL_PASS_AFTER_SHOW_S, gc_policy.full_pass)

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
