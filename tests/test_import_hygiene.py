"""The core and i18n never import textual or chromadb (the UI and the probe load them lazily)."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import chroma_tui.core

ROOT = Path(__file__).resolve().parent.parent


def core_modules() -> list[str]:
    return sorted(
        f"chroma_tui.core.{info.name}" for info in pkgutil.iter_modules(chroma_tui.core.__path__)
    )


def test_core_modules_are_found() -> None:
    found = core_modules()
    for name in ("aws", "identity", "template", "state", "logs", "validation", "models"):
        assert f"chroma_tui.core.{name}" in found


def test_importing_the_core_loads_neither_textual_nor_chromadb() -> None:
    modules = [*core_modules(), "chroma_tui.i18n"]
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "from chroma_tui.i18n import catalogues, t\n"
        "catalogues(); t('cred.none.title')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'chromadb'))\n"
        "print('LOADED:' + ','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "LOADED:\n" in result.stdout or result.stdout.strip() == "LOADED:", result.stdout


def test_the_app_reaches_its_first_frame_without_boto3_or_chromadb() -> None:
    """Start-up promise (issue 5): boto3 and chromadb load in workers, after the first frame."""
    script = (
        "import sys\n"
        "from chroma_tui.core.backend import Backend\n"
        "from chroma_tui.ui.app import ChromaTuiApp\n"
        "ChromaTuiApp(Backend())\n"
        "heavy = ('boto3', 'botocore', 'chromadb')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in heavy)\n"
        "print('LOADED:' + ','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "LOADED:", result.stdout


def test_the_facade_names_the_same_official_template_as_the_template_module() -> None:
    from chroma_tui.core import backend, template

    assert backend.OFFICIAL_TEMPLATE_URL == template.OFFICIAL_TEMPLATE_URL
