"""Typed access to the running app from any screen or widget.

Textual types ``node.app`` as a plain ``App``; what chroma-tui's screens need of it (the
backend and the clock) is stated here as a Protocol, and ``chroma_app``
casts to it in one place. A Protocol rather than the ``ChromaTuiApp`` class itself keeps
``ui/app.py`` (which imports every screen) out of the screens' imports altogether; mypy checks
that ``ChromaTuiApp`` satisfies it (tests/test_backend_api.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Protocol, cast

from textual.dom import DOMNode

from chroma_tui.core.backend_api import BackendAPI


class ChromaApp(Protocol):
    """The app as the screens see it (implemented by ``ui.app.ChromaTuiApp``)."""

    backend: BackendAPI
    clock: Callable[[], datetime]


def chroma_app(node: DOMNode) -> ChromaApp:
    """``node.app``, typed (it is always a ChromaTuiApp in this program)."""
    return cast(ChromaApp, node.app)
