"""The end of a run, announced: the terminal bell (Connected, failed, deleted) and a short
notification when it went well. ``CHROMA_TUI_BELL=0`` turns both off (core/settings.py)."""

from __future__ import annotations

from typing import Any

from textual.app import App

from chroma_tui.core.settings import bell_enabled
from chroma_tui.i18n import t


def announce_end(app: App[Any], outcome: str, name: str) -> None:
    """``outcome``: "connected", "failed" or "deleted" (a resview.end.* message)."""
    if not bell_enabled():
        return
    app.bell()  # terminals turn it into an urgent hint or a desktop notification if unfocused
    if outcome != "failed":  # a failure's screen shows the reason and fix: no toast over them
        app.notify(t(f"resview.end.{outcome}", name=name), timeout=4)
