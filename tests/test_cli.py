"""The command line: help, version, language, --sandbox parsing, dispatch to the TUI."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest

from chroma_tui import __version__, cli
from chroma_tui.i18n import get_language, set_language


@pytest.fixture(autouse=True)
def english_after():
    yield
    set_language("en")


def test_version(capsys):
    with pytest.raises(SystemExit) as info:
        cli.main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out.strip() == f"chroma-tui {__version__}"


@pytest.mark.parametrize("command", [[], ["deploy"], ["status"], ["delete"]])
def test_help_everywhere(capsys, command):
    with pytest.raises(SystemExit) as info:
        cli.main([*command, "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "usage: chroma-tui" in text
    if command == ["deploy"]:
        for flag in ("--yes", "--stack-name", "--instance-type", "--key-name", "--otel-headers"):
            assert flag in text


def test_help_in_chinese(capsys):
    with pytest.raises(SystemExit):
        cli.main(["--lang", "zh-CN", "deploy", "--help"])
    assert "堆栈" in capsys.readouterr().out


def test_language_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    with pytest.raises(SystemExit):
        cli.main(["--help"])
    assert "向导" in capsys.readouterr().out


def test_scenarios_mirror_the_sandbox():
    from chroma_tui.sandbox import SCENARIOS

    assert tuple(cli.SCENARIOS) == tuple(SCENARIOS)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--sandbox", "deploy", "--yes"], ["--sandbox=ok", "deploy", "--yes"]),
        (["--sandbox", "throttle", "status"], ["--sandbox", "throttle", "status"]),
        (["deploy", "--yes", "--sandbox"], ["deploy", "--yes", "--sandbox=ok"]),
        (["deploy", "--sandbox=no-default-vpc"], ["deploy", "--sandbox=no-default-vpc"]),
    ],
)
def test_bare_sandbox_never_swallows_the_command(argv, expected):
    assert cli._normalize_sandbox(argv) == expected
    opts = cli.build_parser().parse_args(expected)
    assert opts.sandbox in cli.SCENARIOS


def test_sandbox_option_applies_the_env_before_anything_else(monkeypatch):
    import chroma_tui.sandbox as sandbox_pkg

    calls = []

    def fake_ensure(scenario, speed, progress):
        calls.append(scenario)
        progress("sandbox ready")
        return {"AWS_ENDPOINT_URL": "http://127.0.0.1:9"}

    monkeypatch.setattr(sandbox_pkg, "ensure_daemon", fake_ensure)
    monkeypatch.setenv("AWS_ENDPOINT_URL", "unset-later")
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(
        ["deploy", "--sandbox=throttle", "--stack-name", "1bad", "--yes"], stdout=out, stderr=err
    )
    assert calls == ["throttle"]
    assert os.environ["AWS_ENDPOINT_URL"] == "http://127.0.0.1:9"
    assert "sandbox ready" in err.getvalue()
    assert code == 2  # then the bad name is refused before any AWS call


def test_sandbox_subcommand_is_passed_through(monkeypatch):
    import chroma_tui.sandbox as sandbox_pkg

    seen = []
    monkeypatch.setattr(sandbox_pkg, "run_command", lambda rest: seen.append(rest) or 7)
    assert cli.main(["--lang", "en", "sandbox", "--scenario", "throttle"]) == 7
    assert seen == [["--scenario", "throttle"]]


def test_no_command_opens_the_tui_with_the_language(monkeypatch):
    import chroma_tui.ui.app as app

    seen = {}

    def fake_run_app(backend, lang=None):
        seen["backend"], seen["lang"] = backend, lang
        return 0

    monkeypatch.setattr(app, "run_app", fake_run_app)
    assert cli.main(["--lang", "zh-CN", "--region", "eu-west-1"]) == 0
    assert seen["lang"] == "zh-CN" and get_language() == "zh-CN"
    assert seen["backend"].region == "eu-west-1"


def test_help_is_fast_and_light():
    code = (
        "import sys, chroma_tui.cli as c\n"
        "try:\n    c.main(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('textual', 'boto3', 'chromadb', 'moto') if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert "HEAVY []" in done.stdout
