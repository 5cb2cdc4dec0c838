"""The sandbox's Chroma server on a first run: the uv that start.py put beside the app's Python
is found, and a uv that fails hands over to pip (issue 11, item 5). No installer runs here:
``_stream`` is faked, so nothing reaches PyPI."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from chroma_tui import i18n
from chroma_tui.sandbox import chroma


@pytest.fixture
def online(monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.delenv("CHROMA_TUI_CHROMA_BIN", raising=False)
    monkeypatch.delenv("CHROMA_TUI_SANDBOX_OFFLINE", raising=False)  # _stream is faked: no pip


def test_uv_beside_the_apps_python_is_found_when_path_has_none(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    bindir = tmp_path / "venv" / "bin"
    bindir.mkdir(parents=True)
    monkeypatch.setattr(sys, "executable", str(bindir / "python"))
    monkeypatch.setattr(chroma.shutil, "which", lambda name: None)
    assert chroma.installer() is None  # nothing there yet: pip
    uv = bindir / ("uv.exe" if os.name == "nt" else "uv")
    uv.write_text("#!/bin/sh\n")
    assert chroma.installer() is None  # not executable: not a uv to run
    uv.chmod(0o755)
    assert chroma.installer() == str(uv)
    monkeypatch.setattr(chroma.shutil, "which", lambda name: "/opt/path/uv")
    assert chroma.installer() == "/opt/path/uv"  # PATH first


def test_a_uv_that_fails_hands_over_to_pip_in_the_apps_language(online, monkeypatch, caplog):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(chroma, "installer", lambda: "/opt/fake/uv")
    calls: list[list[str]] = []

    def stream(cmd: list[str], line) -> None:  # type: ignore[no-untyped-def]
        calls.append(cmd)
        line("$ " + " ".join(cmd))
        if cmd[:3] == ["/opt/fake/uv", "pip", "install"]:
            line("error: Failed to fetch: `https://pypi.org/simple/chromadb/`")
            raise RuntimeError("/opt/fake/uv exited with status 2")
        if "venv" in cmd:
            (Path(cmd[-1]) / "bin").mkdir(parents=True)
            if cmd[0] == "/opt/fake/uv":
                (Path(cmd[-1]) / "half-done").write_text("x")  # the uv attempt's leftovers
        else:
            line("Collecting chromadb==1.4.1")
            (Path(cmd[0]).parent / "chroma").write_text("#!/bin/sh\n")

    monkeypatch.setattr(chroma, "_stream", stream)
    i18n.set_language("zh-CN")
    shown: list[str] = []
    with caplog.at_level("INFO", logger="chroma_tui.sandbox.chroma"):
        path = chroma.provision_chroma(shown.append, version="1.4.1")

    venv = chroma.server_dir("1.4.1")
    assert [c[:2] for c in calls] == [
        ["/opt/fake/uv", "venv"],
        ["/opt/fake/uv", "pip"],
        [sys.executable, "-m"],
        [str(venv / "bin" / "python"), "-m"],
    ]
    assert path == venv / "bin" / "chroma" and not (venv / "half-done").exists()
    assert (venv / chroma.COMPLETE_MARKER).read_text().strip() == "1.4.1"
    assert any(line.startswith("Chroma 服务器 1.4.1：uv 无法安装，改用 pip 重试") for line in shown)
    assert shown[-1].startswith("Chroma 服务器 1.4.1 已安装")
    assert not any("Failed to fetch" in line for line in shown)
    assert "Failed to fetch" in caplog.text and "trying pip" in caplog.text


def test_when_pip_fails_too_the_install_is_an_error_and_nothing_is_left(online, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(chroma, "installer", lambda: "/opt/fake/uv")

    def stream(cmd: list[str], line) -> None:  # type: ignore[no-untyped-def]
        if "venv" in cmd:
            Path(cmd[-1]).mkdir(parents=True)
            return
        raise RuntimeError(f"{cmd[0]} exited with status 1")

    monkeypatch.setattr(chroma, "_stream", stream)
    with pytest.raises(chroma.ProvisionError, match=r"chromadb==1\.4\.1"):
        chroma.provision_chroma(version="1.4.1")
    assert not chroma.server_dir("1.4.1").exists()
    assert chroma.provisioned("1.4.1") is None
