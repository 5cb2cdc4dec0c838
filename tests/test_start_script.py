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
    assert without[0] == [sys.executable, "-m", "venv", "--clear", str(venv)]
    assert "--clear" in with_uv[0]  # an unfinished .venv is made anew, by either
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


# -- the installer's choice: uv on PATH, uv fetched with pip, pip; each fallback said ------------
class FakeRun:
    """Stands in for the installers: records each command, makes what a success would make
    (uv in the bootstrap dir, chroma-tui in the venv) and answers with the exit code given for
    the first command whose words contain a key of ``fail``."""

    def __init__(self, start, venv: Path, fail: dict[str, int] | None = None) -> None:  # type: ignore[no-untyped-def]
        self.start = start
        self.venv = venv
        self.fail = fail or {}
        self.calls: list[list[str]] = []

    def __call__(self, command) -> int:  # type: ignore[no-untyped-def]
        command = list(command)
        self.calls.append(command)
        for word, code in self.fail.items():
            if word in command:
                return code
        if "--target" in command:
            uv = self.start.uv_in(Path(command[command.index("--target") + 1]))
            uv.parent.mkdir(parents=True)
            uv.write_text("#!/bin/sh\n")
        elif "install" in command:
            app = self.start.venv_bin(self.venv, "chroma-tui")
            app.parent.mkdir(parents=True, exist_ok=True)
            app.write_text("#!/bin/sh\n")
        else:  # making the venv
            self.venv.mkdir(exist_ok=True)
        return 0


def run_install(start, tmp_path, run, uv_on_path, pip_here):  # type: ignore[no-untyped-def]
    log = tmp_path / "install.log"
    log.write_text("")
    said: list[str] = []
    progress = start.Progress("pip", lambda text: None, lambda: 0.0)
    tool = start.install(
        run.venv, log, progress, said.append, run, uv_on_path, pip_here, tmp_path / "uvboot"
    )
    return tool, said, log.read_text()


def test_uv_on_path_is_used_and_nothing_is_fetched(start, tmp_path):  # type: ignore[no-untyped-def]
    run = FakeRun(start, tmp_path / ".venv")
    tool, said, log = run_install(start, tmp_path, run, "/usr/bin/uv", True)
    assert tool == "uv" and said == []
    assert [c[:2] for c in run.calls] == [["/usr/bin/uv", "venv"], ["/usr/bin/uv", "pip"]]
    assert "uv" not in run.calls[1][-3:]  # uv stays where it is, not copied into the venv
    assert "uv found on PATH: /usr/bin/uv" in log


def test_without_uv_it_is_fetched_with_pip_and_kept_in_the_venv(start, tmp_path):  # type: ignore[no-untyped-def]
    run = FakeRun(start, tmp_path / ".venv")
    tool, said, log = run_install(start, tmp_path, run, None, True)
    boot = tmp_path / "uvboot"
    assert tool == "uv" and said == []
    fetch = run.calls[0]
    assert fetch[:4] == [sys.executable, "-m", "pip", "install"]
    assert fetch[-3:] == ["--target", str(boot), "uv"]
    fetched = str(start.uv_in(boot))
    assert [c[:2] for c in run.calls[1:]] == [[fetched, "venv"], [fetched, "pip"]]
    assert run.calls[2][-3:] == ["-e", ".[sandbox]", "uv"]  # the sandbox finds it beside python
    assert "fetching it with this Python's pip" in log


def test_uv_that_cannot_be_fetched_falls_back_to_pip_with_the_reason(start, tmp_path):  # type: ignore[no-untyped-def]
    run = FakeRun(start, tmp_path / ".venv", fail={"--target": 1})  # offline: pip exits 1
    set_language("zh-CN")
    try:
        tool, said, log = run_install(start, tmp_path, run, None, True)
    finally:
        set_language("en")
    assert tool == "pip"
    assert run.calls[1] == [sys.executable, "-m", "venv", "--clear", str(tmp_path / ".venv")]
    assert run.calls[2][1:4] == ["-m", "pip", "install"]
    assert "could not fetch uv (exit status 1): installing with pip" in log
    assert said == [f"无法获取 uv：改用 pip 安装，速度较慢（原因见 {tmp_path / 'install.log'}）。"]


def test_a_python_without_pip_goes_straight_to_venv_and_pip(start, tmp_path):  # type: ignore[no-untyped-def]
    run = FakeRun(start, tmp_path / ".venv")
    tool, said, log = run_install(start, tmp_path, run, None, False)
    assert tool == "pip" and said == []
    assert [c[1:3] for c in run.calls] == [["-m", "venv"], ["-m", "pip"]]
    assert "has no pip" in log


def test_uv_that_fails_to_install_leaves_no_half_venv_and_pip_takes_over(start, tmp_path):  # type: ignore[no-untyped-def]
    venv = tmp_path / ".venv"

    class UvBreaks(FakeRun):
        def __call__(self, command) -> int:  # type: ignore[no-untyped-def]
            if command[:2] == ["/usr/bin/uv", "pip"]:
                self.calls.append(list(command))
                (venv / "half-done").write_text("x")
                return 2  # e.g. an index uv cannot reach
            return super().__call__(command)

    run = UvBreaks(start, venv)
    tool, said, log = run_install(start, tmp_path, run, "/usr/bin/uv", True)
    assert tool == "pip"
    assert not (venv / "half-done").exists()  # the uv attempt was removed before pip
    assert run.calls[2:] == start.install_commands(venv, None)
    assert "uv could not install chroma-tui (exit status 2)" in log
    assert len(said) == 1 and "pip" in said[0] and str(tmp_path / "install.log") in said[0]


def test_when_everything_fails_there_is_no_tool(start, tmp_path):  # type: ignore[no-untyped-def]
    run = FakeRun(start, tmp_path / ".venv", fail={"install": 1})
    tool, _said, log = run_install(start, tmp_path, run, None, True)
    assert tool is None
    assert "pip could not install chroma-tui (exit status 1)" in log


def test_raw_output_reaches_the_log_and_only_translated_lines_the_screen(start, tmp_path, capsys):  # type: ignore[no-untyped-def]
    """install() with the real run_logged: every command replaced by a noisy stand-in that
    prints what the installer would and makes its files."""
    venv = tmp_path / ".venv"
    log = tmp_path / "install.log"
    log.write_text("")
    shown: list[str] = []
    progress = start.Progress("pip", shown.append, lambda: 3.0)
    fake = FakeRun(start, venv, fail={"--target": 1})
    raw = "ERROR: Could not find a version that satisfies the requirement uv"

    def stand_in(command) -> int:  # type: ignore[no-untyped-def]
        code = fake(command)
        script = f"import sys; print({raw!r}); print('Collecting textual'); sys.exit({code})"
        return start.run_logged([[sys.executable, "-c", script]], log, progress)

    said: list[str] = []
    tool = start.install(venv, log, progress, said.append, stand_in, None, True, tmp_path / "b")
    assert tool == "pip"
    text = log.read_text()
    assert raw in text and "Collecting textual" in text and "could not fetch uv" in text
    assert shown[0] == "Fetching uv, a fast installer (once): 0 s…"
    assert shown[-1] == "Installing chroma-tui once (with pip): 1 packages, 0 s…"  # its own count
    screen = capsys.readouterr()
    assert raw not in "".join(shown + said) + screen.out + screen.err


def test_an_unfinished_venv_is_made_anew(start, tmp_path):  # type: ignore[no-untyped-def]
    venv = tmp_path / ".venv"
    (venv / "bin").mkdir(parents=True)  # an earlier run stopped before chroma-tui was in it
    run = FakeRun(start, venv)
    tool, _said, log = run_install(start, tmp_path, run, "/usr/bin/uv", True)
    assert tool == "uv"
    assert run.calls[0][:3] == ["/usr/bin/uv", "venv", "--clear"]
    assert "an install that did not finish" in log


def test_the_compile_command_writes_pyc_even_where_imports_may_not(start, tmp_path):  # type: ignore[no-untyped-def]
    """uv writes no .pyc; PYTHONDONTWRITEBYTECODE keeps imports from writing them: the
    background compile must write them all the same (only then is it started at all)."""
    import os
    import subprocess

    assert start.needs_compile("uv", {"PYTHONDONTWRITEBYTECODE": "1"})
    assert not start.needs_compile("uv", {})  # the first imports write them
    assert not start.needs_compile("pip", {"PYTHONDONTWRITEBYTECODE": "1"})  # pip compiles
    venv = tmp_path / ".venv"
    package = venv / "lib" / "site-packages" / "some_package"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("VALUE = 1\n")
    command = start.compile_command(venv, delay_s=0)
    assert command[0] == str(start.venv_bin(venv, "python")) and str(venv) in command
    command[0] = sys.executable  # the fake venv has no Python of its own
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    subprocess.run(command, check=True, env=env, timeout=120)
    assert list((package / "__pycache__").glob("__init__.*.pyc"))
