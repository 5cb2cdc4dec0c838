"""The end of a run, announced: the terminal bell and a notification (Connected, failed,
deleted). ``CHROMA_TUI_BELL=0`` turns both off (core/settings.py)."""

from __future__ import annotations

from typing import Any

from textual.app import App

from chroma_tui.core.settings import bell_enabled
from chroma_tui.i18n import t


def announce_end(app: App[Any], outcome: str, name: str) -> None:
    """``outcome``: "connected", "failed" or "deleted" (a resview.end.* message)."""
    if not bell_enabled():
        return
    app.bell()
    severity = "error" if outcome == "failed" else "information"
    app.notify(t(f"resview.end.{outcome}", name=name), severity=severity, timeout=8)
