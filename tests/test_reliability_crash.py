"""Issue 4, item 4: ``kill -9`` during launch or delete loses nothing.

``chroma-tui deploy --yes`` runs in a subprocess against the sandbox and is killed as soon as it
prints its first resource event; ``chroma-tui status`` then lists the deployment with its real
status, and streaming the saved record again resumes from AWS's state, each event once.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
from sandbox_helpers import all_events, client, wait_stack

from chroma_tui.core.backend import Backend
from chroma_tui.core.models import LaunchPlan

pytestmark = pytest.mark.timeout(120)

REGION = "us-east-1"
FIRST_RESOURCE = "ChromaInstanceSecurityGroup"


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "chroma_tui", "--lang", "en", *args]


def run_until_line(argv: list[str], marker: str, timeout_s: float = 60.0) -> list[str]:
    """Start ``argv``, read stdout until a line holds ``marker``, then SIGKILL it."""
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL
    )
    assert proc.stdout is not None
    lines: list[str] = []
    buffer = b""
    deadline = time.monotonic() + timeout_s
    try:
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
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(10)
                assert proc.returncode == -signal.SIGKILL
                return lines
        stderr = proc.stderr.read().decode() if proc.poll() is not None and proc.stderr else ""
        raise AssertionError(f"never printed {marker!r}: {lines} {stderr}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        for pipe in (proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def status_lines() -> list[str]:
    done = subprocess.run(cli("status"), capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def aws_event_ids(stack_id: str) -> list[str]:
    return [e["EventId"] for e in all_events(client("cloudformation", attempts=10), stack_id)]


def test_kill_9_during_launch_then_during_delete_resumes_from_aws(sandbox):
    # Given a headless deployment killed once it printed its first resource event
    run_until_line(cli("deploy", "--yes", "--stack-name", "killed", "--no-lock"), FIRST_RESOURCE)
    backend = Backend()
    [saved] = backend.deployments()
    assert saved.stack_name == "killed" and saved.stack_id
    assert saved.status in ("PENDING", "CREATE_IN_PROGRESS")
    # When the user restarts and looks
    cf = client("cloudformation", attempts=10)
    wait_stack(cf, saved.stack_id)
    [row] = [line for line in status_lines() if line.startswith("killed ")]
    # Then the deployment is listed with AWS's real status, and the record was updated
    assert "CREATE_COMPLETE" in row and saved.id in row
    # and watching it again resumes from AWS's state: every event once, to CREATE_COMPLETE
    updates = list(backend.stream(backend.store.get(saved.id)).updates())
    ids = [e.event_id for u in updates for e in u.events]
    assert ids == aws_event_ids(saved.stack_id) and len(ids) == len(set(ids))
    assert updates[-1].stack is not None and updates[-1].stack.status == "CREATE_COMPLETE"

    # Given the delete is killed the same way
    run_until_line(cli("delete", "--stack-name", "killed", "--yes"), "DELETE_IN_PROGRESS")
    mid_delete = backend.store.get(saved.id)
    assert mid_delete is not None and mid_delete.delete_token
    # When the user watches it again: the stream follows the delete, not the old create
    updates = list(backend.stream(mid_delete).updates())
    deleted = [e for u in updates for e in u.events]
    assert updates[-1].stack is not None and updates[-1].stack.status == "DELETE_COMPLETE"
    assert deleted and all(e.token in (None, mid_delete.delete_token) for e in deleted)
    assert [e.event_id for e in deleted] == [
        e["EventId"]
        for e in all_events(cf, saved.stack_id)
        if e.get("ClientRequestToken") == mid_delete.delete_token
    ]
    # and status shows the real end
    [row] = [line for line in status_lines() if line.startswith("killed ")]
    assert "DELETE_COMPLETE" in row


def test_the_record_is_saved_before_create_stack_reaches_aws(sandbox):
    # Given a hook that looks at the saved records at the moment CreateStack is sent
    backend = Backend()
    seen: list[list[tuple[str, str | None]]] = []

    def before_send(request: Any, **_: Any) -> None:
        body = request.body.decode() if isinstance(request.body, bytes) else str(request.body)
        if "Action=CreateStack" in body:
            seen.append([(d.token, d.stack_id) for d in backend.store.list()])

    cfn = backend.session(None, REGION).client("cloudformation", REGION)
    cfn.meta.events.register("before-send.cloudformation", before_send)
    template = backend.template()
    version = template.parameter("ChromaVersion")
    plan = LaunchPlan(
        region=REGION,
        stack_name="record-first",
        instance_type="t3.small",
        chroma_version=(version.default if version else None) or "latest",
        template=template,
    )
    # When the app launches
    deployment = backend.launch(plan)
    # Then the record (with the token CreateStack carries, no stack id yet) was already on disk
    assert seen == [[(deployment.token, None)]]
    assert backend.store.get(deployment.id).stack_id == deployment.stack_id
