"""Where chroma-tui keeps its files: platformdirs locations, or ``CHROMA_TUI_HOME`` for all.

Each function creates its directory (mode 0700) on first use so callers can write straight away.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "chroma-tui"
HOME_VARIABLE = "CHROMA_TUI_HOME"


def _ensure(path: Path) -> Path:
    """Create ``path`` (and parents) private to the user; tighten it if it already exists."""
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        if path.stat().st_mode & 0o077:
            path.chmod(0o700)
    except OSError:
        pass  # not ours to change (e.g. a shared mount); still usable
    return path


def _home() -> Path | None:
    value = os.environ.get(HOME_VARIABLE)
    return _ensure(Path(value).expanduser()) if value else None


def data_dir() -> Path:
    """Long-lived user data (private key files live in ``keys/`` below it)."""
    home = _home()
    return _ensure(home / "data" if home else platformdirs.user_data_path(APP_NAME))


def state_dir() -> Path:
    """Saved deployment records (``deployments/`` below it)."""
    home = _home()
    return _ensure(home / "state" if home else platformdirs.user_state_path(APP_NAME))


def log_dir() -> Path:
    home = _home()
    return _ensure(home / "log" if home else platformdirs.user_log_path(APP_NAME))


def cache_dir() -> Path:
    home = _home()
    return _ensure(home / "cache" if home else platformdirs.user_cache_path(APP_NAME))
