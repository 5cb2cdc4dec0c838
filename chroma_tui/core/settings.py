"""User settings read from the environment (chroma-tui has no settings file).

``CHROMA_TUI_BELL``: the run screens ring the terminal bell and show a notification when a run
ends (Connected, failed, deleted). ``CHROMA_TUI_BELL=0`` (or ``off``/``false``/``no``) turns
both off.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

BELL_VARIABLE = "CHROMA_TUI_BELL"
_OFF = frozenset({"0", "off", "false", "no"})


def bell_enabled(environ: Mapping[str, str] | None = None) -> bool:
    env = environ if environ is not None else os.environ
    return env.get(BELL_VARIABLE, "").strip().lower() not in _OFF
