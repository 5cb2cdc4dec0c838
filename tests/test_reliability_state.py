"""Issue 9, item 5: bad state never crashes, never hides a live stack, never loses an update.

Faults are injected on the disk the way the other reliability tests inject them on the wire:
records written by hand with wrong types, a state folder that is a file, a log path that is a
folder, writes that start failing right after CreateStack (a botocore ``after-call`` handler
flips a switch that makes ``tempfile.mkstemp`` fail), and two real processes racing on one
record, 100 times.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import state_workers

from chroma_tui import cli
from chroma_tui.core import aws as core_aws
from chroma_tui.core import state as state_module
from chroma_tui.core.state import DeploymentStore
from chroma_tui.i18n import set_language

pytestmark = pytest.mark.timeout(180)
REGION = "us-east-1"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        code = cli.main(list(argv), stdin=io.StringIO(), stdout=out, stderr=err)
    finally:
        set_language("en")
    return code, out.getvalue(), err.getvalue()


def good_record(**changes: Any) -> dict[str, Any]:
    base = {
        "id": "typed1",
        "stack_name": "alive-stack",
        "region": REGION,
        "token": "tok",
        "created_at": "2026-01-01T00:00:00+00:00",
        "updated_at": "2026-01-01T00:00:00+00:00",
        "stack_id": f"arn:aws:cloudformation:{REGION}:123456789012:stack/alive-stack/1",
        "status": "CREATE_COMPLETE",
    }
    return base | changes


WRONG_TYPES = [
    ("port-as-text", {"server_port": "8000"}),
    ("status-as-number", {"status": 7}),
    ("parameters-as-list", {"parameters": ["a", "b"]}),
    ("parameter-value-number", {"parameters": {"InstanceType": 3}}),
    ("flag-as-text", {"lock_to_my_ip": "yes"}),
    ("name-as-null", {"stack_name": None}),
    ("port-as-bool", {"server_port": True}),
    ("id-escapes", {"id": "../x"}),
]


@pytest.mark.parametrize("changes", [c[1] for c in WRONG_TYPES], ids=[c[0] for c in WRONG_TYPES])
def test_a_wrong_typed_record_is_set_aside_and_warned_about_on_every_run(
    changes: dict[str, Any], sandbox
) -> None:
    # Given a good record and one whose fields have the wrong types
    store = DeploymentStore()
    store.directory.mkdir(parents=True)
    (store.directory / "good1.json").write_text(json.dumps(good_record(id="good1")))
    (store.directory / "typed1.json").write_text(json.dumps(good_record(**changes)))
    # When status, delete and a plain listing run (twice: a later run must still say it)
    for _ in range(2):
        code, out, err = run("--region", REGION, "delete", "--stack-name", "nothing-here", "--yes")
        assert code == 2 and "Stack not found" in err  # refused, never a crash
        assert "typed1.json" not in out
        listed = DeploymentStore().list()
        assert [d.id for d in listed] == ["good1"]
        warnings = DeploymentStore()
        warnings.list()
        assert len(warnings.warnings) == 1
        warning = warnings.warnings[0]
        # Then the warning names the file and the live stack it describes, and how to fix it
        assert "typed1.json" in warning and ".corrupt-" in warning
        if changes.get("stack_name", "x") is not None:
            assert "alive-stack" in warning and "describe-stacks" in warning
        assert "rename it back" in warning
    aside = list(store.directory.glob("typed1.json.corrupt-*"))
    assert len(aside) == 1 and json.loads(aside[0].read_text()) == good_record(**changes)
    # And once the user deals with it (removes it), the warning goes away
    aside[0].unlink()
    quiet = DeploymentStore()
    quiet.list()
    assert quiet.warnings == []


def test_status_shows_the_set_aside_stack_on_every_run(sandbox) -> None:
    store = DeploymentStore()
    store.directory.mkdir(parents=True)
    (store.directory / "typed1.json").write_text(json.dumps(good_record(server_port="x")))
    for _ in range(3):
        code, _, err = run("status")
        assert code == 0 and "Traceback" not in err
        assert "typed1.json" in err and "alive-stack" in err


def test_an_unwritable_state_folder_is_found_before_any_request(
    sandbox, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a state folder that cannot hold records (a file where the folder should be)
    state = isolated_home / "state"
    state.mkdir(parents=True)
    (state / "deployments").write_text("not a folder")
    sent: list[str] = []
    original = core_aws.AwsSession.__init__

    def patched(self: core_aws.AwsSession, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.boto.events.register("before-call", lambda model, **_: sent.append(model.name))

    monkeypatch.setattr(core_aws.AwsSession, "__init__", patched)
    # When a deploy starts
    code, _, err = run("deploy", "--yes", "--no-wait", "--stack-name", "nowhere")
    # Then it stops with the fix before asking AWS anything, and no stack exists
    assert code != 0 and "Traceback" not in err
    assert "Cannot save the deployment record" in err and "Fix:" in err
    assert sent == []
    cfn = state_workers_client()
    assert cfn.describe_stacks()["Stacks"] == []


def state_workers_client() -> Any:
    import boto3

    return boto3.client("cloudformation", region_name=REGION)


def test_writes_failing_after_create_stack_never_stop_the_journey(
    sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given the disk starts refusing writes right after CreateStack answered
    broken = {"on": False}
    real_mkstemp = state_module.tempfile.mkstemp

    def mkstemp(*args: Any, **kwargs: Any) -> Any:
        if broken["on"]:
            raise OSError(28, "No space left on device")
        return real_mkstemp(*args, **kwargs)

    def after_call(model: Any, **_: Any) -> None:
        if model.name == "CreateStack":
            broken["on"] = True

    original = core_aws.AwsSession.__init__

    def patched(self: core_aws.AwsSession, *args: Any, **kwargs: Any) -> None:
        original(self, *args, **kwargs)
        self.boto.events.register("after-call", after_call)

    monkeypatch.setattr(core_aws.AwsSession, "__init__", patched)
    monkeypatch.setattr(state_module.tempfile, "mkstemp", mkstemp)
    # When the whole journey runs
    code, out, err = run("deploy", "--yes", "--stack-name", "diskfull", "--region", REGION)
    # Then it reaches the heartbeat and the lock, and says the record could not be saved
    assert "Traceback" not in err
    assert code == 0, err
    assert "Heartbeat" in out, out
    assert "now only accept" in out, out + err
    assert "could not be saved" in err and "No space left" in err
    # And the record saved before CreateStack is still there, carrying the token to find it
    broken["on"] = False
    saved = DeploymentStore().list()
    assert len(saved) == 1 and saved[0].stack_name == "diskfull"
    assert saved[0].token


def test_an_unwritable_log_file_warns_and_the_command_goes_on(isolated_home: Path) -> None:
    # Given a log path that cannot be opened (a folder stands where the file should be)
    (isolated_home / "log" / "chroma-tui.log").mkdir(parents=True)
    env = {**os.environ, "CHROMA_TUI_HOME": str(isolated_home)}
    # When a real process runs a command
    done = subprocess.run(
        [sys.executable, "-m", "chroma_tui", "--lang", "en", "status"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    # Then it warns once and carries on
    assert done.returncode == 0, done.stderr
    assert "No saved deployments." in done.stdout
    assert "log file" in done.stderr and "chroma-tui.log" in done.stderr
    assert "Traceback" not in done.stderr


def test_two_processes_saving_one_record_never_lose_an_update(tmp_path: Path) -> None:
    # Given 100 records, and two real processes that each save one field of the same record
    # at the same moment (a barrier), trial after trial
    trials = 100
    store = DeploymentStore(tmp_path / "deployments")
    for trial in range(trials):
        store.save(state_workers.record(trial))
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(2)
    workers = [
        context.Process(
            target=state_workers.save_field,
            args=(str(store.directory), field, value, trials, barrier),
        )
        for field, value in (("server_host", "203.0.113.9"), ("last_heartbeat_at", "t1"))
    ]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(150)
        assert worker.exitcode == 0
    # Then every record holds both updates
    lost = [
        d.id for d in store.list() if d.server_host != "203.0.113.9" or d.last_heartbeat_at != "t1"
    ]
    assert lost == []
    assert len(store.list()) == trials and store.warnings == []
