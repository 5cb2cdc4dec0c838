"""Heartbeat detection: a Chroma server started late; from its first answer to wait_for_chroma."""

from __future__ import annotations

import threading
import time
from typing import Any

from benchmarks.common import Figure, median, run_child
from benchmarks.sandbox_tools import AnswerWatch

TARGET_S = 2.0


def child(delay_s: float) -> dict[str, Any]:
    """Runs in a fresh process, as in the app: ``wait_for_chroma`` starts its warm client child
    (which imports ``chromadb``) at once, so that import overlaps the server's boot."""
    from chroma_tui.core import probe
    from chroma_tui.sandbox import ChromaServer, free_port, provision_chroma

    port = free_port()
    server = ChromaServer(provision_chroma(), port=port)
    raw_ok: list[float] = []
    original = probe.heartbeat_once

    def heartbeat_once(*args: Any, **kw: Any) -> tuple[int, float]:
        result = original(*args, **kw)
        raw_ok.append(time.time())
        return result

    probe.heartbeat_once = heartbeat_once  # type: ignore[assignment]
    starter = threading.Timer(delay_s, lambda: server.start(wait=False))
    watch = AnswerWatch(lambda: ("127.0.0.1", port) if server.running else None, deadline_s=120)
    started = time.time()
    starter.start()
    try:
        connection = probe.wait_for_chroma("127.0.0.1", port, deadline_s=90)
        returned = time.time()
    finally:
        starter.cancel()
        watch.stop()
        server.stop()
    return {
        "started_at": started,
        "answered_at": watch.answered_at,
        "raw_ok_at": raw_ok[0] if raw_ok else None,
        "returned_at": returned,
        "attempts": connection.attempts,
    }


def run(delays: list[float]) -> list[Figure]:
    total: list[float] = []
    raw: list[float] = []
    boot: list[float] = []
    for delay in delays:
        data = run_child("heartbeat", ["--delay", str(delay)], timeout_s=150)
        if data["answered_at"] is None:
            raise RuntimeError(f"the late Chroma server never answered: {data}")
        total.append(data["returned_at"] - data["answered_at"])
        raw.append(data["raw_ok_at"] - data["answered_at"])
        boot.append(data["answered_at"] - data["started_at"])
    note = "server started after " + ", ".join(f"{d:g}" for d in delays) + " s"
    return [
        Figure(
            "heartbeat: server answers → wait_for_chroma returns",
            median(total),
            "s",
            TARGET_S,
            note + f"; worst {max(total):.2f} s",
            len(total),
        ),
        Figure(
            "heartbeat: server answers → first raw heartbeat OK",
            median(raw),
            "s",
            None,
            "the rest: HttpClient heartbeat + version in the warm client child",
            len(raw),
        ),
        Figure(
            "heartbeat: chroma run start-up (for scale)",
            median(boot),
            "s",
            None,
            "launch → first answer",
            len(boot),
        ),
    ]
