"""Start-up: process launch → first interactive screen on a real (pseudo-)terminal."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, isolated_env, median

CHILD = Path(__file__).resolve().parent / "startup_child.py"
TARGET_S = 0.30


def _drain(fd: int) -> None:
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def launch_once(mode: str, pycache: Path | None = None) -> dict[str, Any]:
    """One launch on a 100x30 pty; the child's record plus ``t0`` (time before spawning).

    ``pycache``: bytecode may be written and read there (PYTHONPYCACHEPREFIX), as on a machine
    without PYTHONDONTWRITEBYTECODE=1; else the environment's own setting holds."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    drain = threading.Thread(target=_drain, args=(master,), daemon=True)
    drain.start()
    with tempfile.TemporaryDirectory(prefix="chroma-tui-start-") as tmp:
        out = Path(tmp) / "out.json"
        env = isolated_env(Path(tmp) / "home", {"TERM": "xterm-256color", "LANG": "C.UTF-8"})
        if pycache is not None:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(pycache)
        t0 = time.time()
        proc = subprocess.Popen(
            [sys.executable, str(CHILD), mode, str(out)],
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=env,
            close_fds=True,
        )
        try:
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            os.close(slave)
            os.close(master)
        if not out.exists():
            raise RuntimeError(f"start-up child {mode} wrote nothing (exit {proc.returncode})")
        data = json.loads(out.read_text("utf-8"))
    if data["interactive_at"] is None:
        raise RuntimeError(f"start-up child {mode} never drew an interactive screen: {data}")
    data["t0"] = t0
    return data


def run(repeats: int) -> list[Figure]:
    app_s: list[float] = []
    first_s: list[float] = []
    empty_s: list[float] = []
    last: dict[str, Any] = {}
    for _ in range(repeats):
        empty = launch_once("empty")
        empty_s.append(empty["interactive_at"] - empty["t0"])
        last = launch_once("app")
        app_s.append(last["interactive_at"] - last["t0"])
        first_s.append(last["first_frame_at"] - last["t0"])
    # The same launch with our modules' bytecode cached (the first launch writes the cache):
    # with PYTHONDONTWRITEBYTECODE=1 (this machine, CI) an editable install compiles every
    # chroma_tui module from source on each start; installed wheels ship compiled.
    cached_s: list[float] = []
    with tempfile.TemporaryDirectory(prefix="chroma-tui-pyc-") as pyc:
        launch_once("app", Path(pyc))
        for _ in range(repeats):
            cached = launch_once("app", Path(pyc))
            cached_s.append(cached["interactive_at"] - cached["t0"])
    no_bytecode = os.environ.get("PYTHONDONTWRITEBYTECODE") == "1"
    loaded = [name for name, present in last["modules"].items() if present]
    screens = " → ".join(name for _, name in last["frames"])
    heavy = [m for m in ("chromadb", "moto") if m in loaded]
    return [
        Figure("start-up: empty Textual app", median(empty_s), "s", None, "reference", repeats),
        Figure("start-up: first frame", median(first_s), "s", None, screens, repeats),
        Figure(
            "start-up: first interactive screen",
            median(app_s),
            "s",
            TARGET_S,
            screens + ("; no bytecode cache (PYTHONDONTWRITEBYTECODE=1)" if no_bytecode else ""),
            repeats,
        ),
        Figure(
            "start-up: first interactive screen, bytecode cached",
            median(cached_s),
            "s",
            TARGET_S,
            "our modules compiled once beforehand (PYTHONPYCACHEPREFIX)",
            repeats,
        ),
        Figure(
            "start-up: heavy modules at first frame",
            float(len(heavy)),
            "calls",
            0,
            "last run loaded: " + (", ".join(loaded) or "none"),
        ),
        Figure(
            "start-up: boto3 clients before first frame",
            float(last["clients_before_frame"]),
            "calls",
            0,
            "boto3 imported: " + ("yes" if "boto3" in loaded else "no"),
        ),
    ]
