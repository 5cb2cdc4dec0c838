"""The Textual user interface. ``run_app(backend)`` is what the command line calls."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chroma_tui.core.backend_api import BackendAPI


def run_app(backend: BackendAPI, lang: str | None = None) -> int:
    from chroma_tui.ui.app import run_app as _run_app

    return _run_app(backend, lang=lang)


__all__ = ["run_app"]
