"""Issue 9, item 6: interruption. Ctrl-C anywhere in headless exits 130 with one line and no
traceback, the record kept; quitting the TUI with a call stuck in flight does not wait for it
(left behind in a daemon thread); ``q`` during a delete asks first, as it does during a launch.
"""

from __future__ import annotations

import io
import os
import select
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from fakes import FROZEN_NOW, RunFakeBackend, saved_deployment, update
from textual.widgets import Static

from chroma_tui import cli, headless
from chroma_tui.core.models import StackEvent
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.screens.cleanup import CleanupScreen, QuitDeleteModal

pytestmark = pytest.mark.timeout(120)
TESTS = Path(__file__).resolve().parent


def test_ctrl_c_outside_streaming_exits_130_with_one_line(monkeypatch):
    # Given Ctrl-C arrives while status is refreshing (no stream being followed)
    def interrupted(*_args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(headless, "status", interrupted)
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(["status"], stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    # Then: exit 130, one line on stderr, no traceback
    assert code == 130
    lines = err.getvalue().splitlines()
    assert len(lines) == 1 and "Interrupted" in lines[0] and "chroma-tui status" in lines[0]
    assert "Traceback" not in err.getvalue() + out.getvalue()


def _read_until(proc: subprocess.Popen[bytes], marker: str, timeout_s: float) -> list[str]:
    assert proc.stdout is not None
    lines: list[str] = []
    buffer = b""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        ready, _, _ = select.select([proc.stdout], [], [], 0.2)
        if not ready:
            if proc.poll() is not None:
                break
            continue
        chunk = os.read(proc.stdout.fileno(), 65536)
        if not chunk:
            break
        buffer += chunk
        *done, buffer = buffer.split(b"\n")
        lines += [line.decode("utf-8", "replace") for line in done]
        if any(marker in line for line in lines):
            return lines
    raise AssertionError(f"never printed {marker!r}: {lines}")


def test_ctrl_c_while_waiting_for_chroma_exits_130_one_line_record_kept_and_locked(sandbox):
    # Given a deploy that is waiting for Chroma (slow boot: it answers seconds after the stack)
    sandbox.set_scenario("slow-boot")
    argv = [sys.executable, "-m", "chroma_tui", "--lang", "en", "deploy", "--yes"]
    argv += ["--stack-name", "ctrl-c"]
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    try:
        _read_until(proc, "Waiting for Chroma", 60)
        # When the user presses Ctrl-C
        proc.send_signal(signal.SIGINT)
        proc.wait(15)
        assert proc.stderr is not None
        err = proc.stderr.read().decode()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    # Then: 130, one line saying how to resume, no traceback; the record kept, ports locked
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "chroma-tui watch --stack-name ctrl-c" in lines[0], err
    [record] = DeploymentStore().list()
    assert record.status == "CREATE_COMPLETE" and record.ip_locked_to == "203.0.113.7"


QUIT_SCRIPT = textwrap.dedent(
    """
    import sys, threading, time
    sys.path.insert(0, {tests!r})
    from fakes import RunFakeBackend, official_template
    from chroma_tui.core.models import LaunchPlan
    from chroma_tui.ui.app import run_app
    from chroma_tui.ui.screens.launch import LaunchScreen, QuitLaunchModal

    class Fake(RunFakeBackend):
        launch_ended = False

        def launch(self, *args, **kwargs):
            try:
                return super().launch(*args, **kwargs)
            finally:
                self.launch_ended = True

    fake = Fake()
    fake.hold("launch")  # CreateStack never answers (for 30 s)
    plan = LaunchPlan("us-east-1", "stuck", "t3.small", "1.5.9", official_template())

    async def drive(pilot):
        await pilot.pause(0.3)
        pilot.app.push_screen(LaunchScreen(plan=plan))
        for _ in range(50):
            await pilot.pause(0.05)
            if fake.called("launch"):
                break
        await pilot.press("q")
        for _ in range(50):
            await pilot.pause(0.05)
            if isinstance(pilot.app.screen, QuitLaunchModal):
                break
        print("LEAVE", flush=True)
        await pilot.press("l")

    run_app(fake, lang="en", headless=True, size=(80, 24), auto_pilot=drive)
    # the held CreateStack (30 s) still running here means run_app did not wait for it
    calls = [t for t in threading.enumerate() if t.name == "chroma-tui-call" and t.is_alive()]
    held = bool(fake.called("launch")) and not fake.launch_ended
    print("RETURNED", len(calls), all(t.daemon for t in calls), held, flush=True)
    """
)


def test_leaving_a_stuck_create_stack_quits_without_waiting_for_it(tmp_path):
    # Given the TUI waits on a CreateStack that will not answer for 30 s
    script = tmp_path / "quit_stuck.py"
    script.write_text(QUIT_SCRIPT.format(tests=str(TESTS)))
    proc = subprocess.Popen(
        [sys.executable, str(script)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
    )
    try:
        # When the user quits and chooses "leave it running"
        lines = _read_until(proc, "RETURNED", 90)  # LEAVE, the "l" key, then the app returns
        proc.wait(60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
    # Then the app returned while CreateStack was still held, its call left behind in a
    # daemon thread (nothing joins it at exit), and the process ended cleanly
    assert proc.returncode == 0, proc.stderr.read().decode() if proc.stderr else ""
    [returned] = [line for line in lines if line.startswith("RETURNED")]
    _, count, daemon, held = returned.split()
    assert int(count) >= 1 and daemon == "True" and held == "True", returned


async def test_q_during_a_delete_asks_first_and_escape_stays() -> None:
    # Given a delete under way (its stream has not reached DELETE_COMPLETE)
    fake = RunFakeBackend()
    deployment = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake.saved = [deployment]
    stack_id = deployment.stack_id or ""
    deleting = StackEvent(
        "ev-d1", stack_id, deployment.stack_name, deployment.stack_name, stack_id,
        "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "", FROZEN_NOW,
    )  # fmt: skip
    fake.delete_script = [update(deleting)]
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(CleanupScreen(deployment, confirmed=True))
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        # When the user presses q
        await pilot.press("q")
        await pilot.pause()
        # Then the app asks instead of quitting, and says the delete goes on in AWS
        assert isinstance(app.screen, QuitDeleteModal)
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "goes on deleting" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CleanupScreen) and app.is_running
        # and l quits
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
    assert app.return_code == 0
