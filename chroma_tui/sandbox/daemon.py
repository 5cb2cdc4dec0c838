"""Running the sandbox as a process of its own: ``chroma-tui sandbox`` and ``--sandbox``.

A running sandbox (foreground or detached) leaves a record in ``state_dir()/sandbox.json``
(pid, endpoint, scenario), so the app can be killed and restarted against the same sandbox.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chroma_tui.core import paths
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.i18n import t
from chroma_tui.sandbox.chroma import client_version, provision_chroma, ready_chroma
from chroma_tui.sandbox.priority import in_background, lower_session
from chroma_tui.sandbox.sandbox import SCENARIOS, Sandbox, sandbox_env

RECORD_NAME = "sandbox.json"
LOG_NAME = "sandbox.log"
START_TIMEOUT_S = 60.0
SCENARIO_VARIABLE = "CHROMA_TUI_SANDBOX_SCENARIO"


class SandboxError(ChromaTuiError):
    """The sandbox could not be started or reached."""


def record_path() -> Path:
    return paths.state_dir() / RECORD_NAME


def read_record() -> dict[str, Any] | None:
    try:
        data = json.loads(record_path().read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("endpoint") else None


def write_record(data: dict[str, Any]) -> None:
    target = record_path()
    tmp = target.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(data, handle)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, target)


def remove_record(pid: int) -> None:
    record = read_record()
    if record and record.get("pid") == pid:
        with contextlib.suppress(OSError):
            record_path().unlink()


def health(endpoint: str, timeout_s: float = 2.0) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"{endpoint}/_sandbox/health", timeout=timeout_s) as resp:
            data = json.loads(resp.read())
    except (OSError, ValueError, urllib.error.URLError):
        return None
    return data if isinstance(data, dict) and data.get("ok") else None


def post_scenario(endpoint: str, scenario: str, timeout_s: float = 30.0) -> None:
    request = urllib.request.Request(
        f"{endpoint}/_sandbox/scenario", data=scenario.encode(), method="POST"
    )
    with urllib.request.urlopen(request, timeout=timeout_s):
        pass


def _running() -> dict[str, Any] | None:
    """The record of a live sandbox whose health endpoint answers, else None."""
    record = read_record()
    if record is None:
        return None
    status = health(str(record["endpoint"]))
    if status is None or status.get("pid") != record.get("pid"):
        return None
    return record


def ensure_daemon(
    scenario: str = "ok", speed: float = 1.0, progress: Callable[[str], None] = lambda s: None
) -> dict[str, str]:
    """Reuse the running sandbox or start a detached one; set its scenario; return its env."""
    if scenario not in SCENARIOS:
        raise SandboxError("sandbox.unknown_scenario", raw=scenario, name=scenario)
    record = _running()
    if record is not None:
        progress(t("sandbox.progress.reusing", endpoint=record["endpoint"]))
    else:
        chroma = ready_chroma()  # never waits: a first install runs inside the daemon
        progress(t("sandbox.progress.starting"))
        record = _spawn(scenario, speed, chroma)
        if chroma is None:
            log_path = paths.log_dir() / LOG_NAME
            progress(t("sandbox.progress.background", version=client_version(), log=log_path))
    post_scenario(str(record["endpoint"]), scenario)
    progress(t("sandbox.progress.ready", endpoint=record["endpoint"], scenario=scenario))
    return sandbox_env(str(record["endpoint"]), _speed(record))


def _speed(record: dict[str, Any]) -> float:
    try:
        return float(record.get("speed") or 1.0)
    except (TypeError, ValueError):
        return 1.0


def _spawn(scenario: str, speed: float, chroma: Path | None) -> dict[str, Any]:
    log_path = paths.log_dir() / LOG_NAME
    cmd = [sys.executable, "-m", "chroma_tui.sandbox", "--daemon", "--scenario", scenario]
    cmd += ["--speed", str(speed)]
    if chroma is not None:
        cmd += ["--chroma-bin", str(chroma)]
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_ENDPOINT_URL")}
    with open(log_path, "ab") as log_file:
        proc = subprocess.Popen(
            in_background(cmd),  # the cloud's stand-in: the TUI's frames come first
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=env,
        )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        record = read_record()
        if record and record.get("pid") == proc.pid and health(str(record["endpoint"])):
            return record
        if proc.poll() is not None:
            raise SandboxError("sandbox.start_failed", raw=_tail(log_path), log=str(log_path))
        time.sleep(0.2)
    proc.terminate()
    raise SandboxError("sandbox.start_failed", raw=_tail(log_path), log=str(log_path))


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except OSError:
        return ""


def stop_daemon(timeout_s: float = 15.0) -> bool:
    """Stop the recorded sandbox (SIGTERM, by its pid). True if one was running."""
    record = _running()
    if record is None:
        with contextlib.suppress(OSError):
            record_path().unlink()
        return False
    pid = int(record["pid"])
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and health(str(record["endpoint"]), 0.5):
        time.sleep(0.2)
    return True


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="chroma-tui sandbox", description=t("sandbox.cli.help"))
    parser.add_argument(
        "--scenario",
        choices=SCENARIOS,
        default=os.environ.get(SCENARIO_VARIABLE) or "ok",
        help=t("sandbox.cli.scenario"),
    )
    parser.add_argument("--speed", type=float, default=1.0, help=t("sandbox.cli.speed"))
    parser.add_argument("--provision-only", action="store_true", help=t("sandbox.cli.provision"))
    parser.add_argument("--stop", action="store_true", help=t("sandbox.cli.stop"))
    parser.add_argument("--daemon", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--chroma-bin", type=Path, default=None, help=argparse.SUPPRESS)
    return parser


def run_command(args: list[str]) -> int:
    """``chroma-tui sandbox ...``: serve in the foreground until Ctrl-C (or SIGTERM)."""
    opts = _parser().parse_args(args)
    if opts.stop:
        print(t("sandbox.cli.stopped") if stop_daemon() else t("sandbox.cli.none_running"))
        return 0
    if opts.provision_only:
        print(t("sandbox.cli.chroma_at", path=provision_chroma(print)))
        return 0
    if opts.speed <= 0:
        print(t("sandbox.cli.bad_speed"), file=sys.stderr)
        return 2
    existing = _running()
    if existing is not None:
        print(t("sandbox.cli.already", endpoint=existing["endpoint"], pid=existing["pid"]))
        return 1
    if opts.daemon:
        lower_session()  # started by nice(1) in a session of its own: count against the TUI's
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    chroma = opts.chroma_bin or ready_chroma()  # else installed in the background
    report = (lambda line: logging.getLogger(__name__).info("%s", line)) if opts.daemon else print
    return _serve(Sandbox(opts.scenario, opts.speed, chroma, progress=report), quiet=opts.daemon)


def _serve(sandbox: Sandbox, quiet: bool) -> int:
    done = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: done.set())
    sandbox.start()
    try:
        write_record({"pid": os.getpid(), "endpoint": sandbox.endpoint_url, "speed": sandbox.speed})
        if not quiet:
            print(t("sandbox.cli.exports", scenario=sandbox.scenario, speed=sandbox.speed))
            for key, value in sandbox.env().items():
                print(f"export {key}={shlex.quote(value)}")
            print(t("sandbox.cli.serving"), flush=True)
        else:
            print(f"sandbox serving at {sandbox.endpoint_url}", flush=True)
        while not done.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        remove_record(os.getpid())
        sandbox.stop()
        signal.signal(signal.SIGTERM, previous)
    return 0
