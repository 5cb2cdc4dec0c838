"""README's first command, start.py: uv when present, pip otherwise; installer output only in
the log, one progress line in the app's language."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from chroma_tui.i18n import set_language

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def start():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("start_script", ROOT / "start.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_uv_when_present_pip_otherwise(start, tmp_path):  # type: ignore[no-untyped-def]
    venv = tmp_path / ".venv"
    with_uv = start.install_commands(venv, "/usr/bin/uv")
    assert [c[:2] for c in with_uv] == [["/usr/bin/uv", "venv"], ["/usr/bin/uv", "pip"]]
    assert with_uv[1][-2:] == ["-e", ".[sandbox]"]
    without = start.install_commands(venv, None)
    assert without[0] == [sys.executable, "-m", "venv", str(venv)]
    assert without[1][1:4] == ["-m", "pip", "install"] and without[1][-1] == ".[sandbox]"


def test_progress_counts_packages_in_the_apps_language(start):  # type: ignore[no-untyped-def]
    shown: list[str] = []
    progress = start.Progress("pip", shown.append, lambda: 12.0)
    for line in (
        "Collecting moto[server]<6,>=5.1",
        "  Downloading moto-5.1.4-py3-none-any.whl (4.6 MB)",
        "Collecting boto3",
        "  Using cached boto3-1.38.0-py3-none-any.whl",
        " + pyyaml==6.0.2",  # uv's way
        "Requirement already satisfied: pip",
    ):
        progress.feed(line)
    assert progress.packages == {"moto", "moto[server]", "boto3", "pyyaml"}
    set_language("zh-CN")
    try:
        assert progress.text() == "正在安装 chroma-tui（仅此一次，使用 pip）：4 个包，0 秒…"
    finally:
        set_language("en")
    assert "4 packages" in progress.text()


def test_installer_output_goes_to_the_log_only(start, tmp_path, capsys):  # type: ignore[no-untyped-def]
    log = tmp_path / "install.log"
    shown: list[str] = []
    progress = start.Progress("pip", shown.append, lambda: 0.0)
    noisy = [sys.executable, "-c", "print('Collecting chromadb'); print('Collecting httpx')"]
    assert start.run_logged([noisy], log, progress) == 0
    text = log.read_text()
    assert "Collecting chromadb" in text and "Collecting httpx" in text
    assert len(shown) == 2 and "2 packages" in shown[-1]
    captured = capsys.readouterr()
    assert "Collecting" not in captured.out + captured.err  # nothing raw on the screen
    failing = [sys.executable, "-c", "import sys; print('ERROR: no'); sys.exit(3)"]
    assert start.run_logged([failing, noisy], log, progress) == 3  # stops at the failure
