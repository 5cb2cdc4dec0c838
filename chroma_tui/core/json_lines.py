"""``--json`` output: one JSON object per line, each with a ``type`` field, for scripts.

The field names are a contract (docs/user-guide.md, "JSON output"): add fields, never rename
them. Records are built from the core's frozen dataclasses here, so every headless command
(deploy, watch, status, delete, and later ones) writes the same shapes. Secrets never appear:
template parameters go through ``secret_params.mask_parameters``, and error records carry the
translated title/body/fix and AWS's raw text, never the error's parameters.
"""

from __future__ import annotations

import json
import threading
from datetime import datetime
from typing import Any, TextIO

from chroma_tui.core.boot_log import BootReport
from chroma_tui.core.errors import ChromaTuiError
from chroma_tui.core.glossary import gloss_key
from chroma_tui.core.ip_change import IpMoved
from chroma_tui.core.journey_events import (
    HeartbeatRecorded,
    IpMovedSeen,
    JourneyEvent,
    Launched,
    LeftOpen,
    LockDone,
    LockPending,
    LockStarted,
    ProbeTried,
    StackCompleted,
    StackUpdated,
    WaitNote,
    WaitStarted,
)
from chroma_tui.core.models import ChromaConnection, Deployment, StackEvent, StackSnapshot
from chroma_tui.core.secret_params import mask_parameters
from chroma_tui.i18n import t

Record = dict[str, Any]


class JsonLines:
    """Writes records to one stream (stdout), one line each, flushed, thread-safe."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self._lock = threading.Lock()
        self.written = 0

    def emit(self, kind: str, **fields: Any) -> None:
        record: Record = {"type": kind, **fields}
        line = json.dumps(record, ensure_ascii=False, default=_default, separators=(",", ":"))
        with self._lock:
            print(line, file=self.out, flush=True)
            self.written += 1


def _default(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


# -- records ------------------------------------------------------------------------------
def deployment_record(deployment: Deployment) -> Record:
    """A saved deployment, every field of the record, secret parameters masked."""
    data = deployment.to_dict()
    data["parameters"] = mask_parameters(dict(deployment.parameters))
    return data


def stack_event_record(event: StackEvent) -> Record:
    """A CloudFormation event with AWS's raw reason; ``gloss`` (plain words) when one is known."""
    record: Record = {
        "timestamp": event.timestamp.isoformat(),
        "stack_name": event.stack_name,
        "logical_id": event.logical_id,
        "physical_id": event.physical_id,
        "resource_type": event.resource_type,
        "status": event.status,
        "reason": event.reason,
        "event_id": event.event_id,
    }
    key = gloss_key(event.reason)
    if key:
        record["gloss"] = t(key)
    return record


def stack_record(stack: StackSnapshot) -> Record:
    return {
        "stack_id": stack.stack_id,
        "stack_name": stack.name,
        "status": stack.status,
        "reason": stack.reason,
    }


def connection_record(connection: ChromaConnection) -> Record:
    return {
        "host": connection.host,
        "port": connection.port,
        "heartbeat_ns": connection.heartbeat_ns,
        "version": connection.version,
        "latency_ms": round(connection.latency_ms, 1),
        "attempts": connection.attempts,
        "elapsed_s": round(connection.elapsed_s, 1),
    }


def error_record(error: ChromaTuiError) -> Record:
    """What went wrong and how to fix it (translated), the i18n key, and AWS's raw text; a
    boot failure adds the boot log's last lines (secrets already masked by ``boot_log``)."""
    record: Record = {
        "error": type(error).__name__,
        "key": error.key,
        "title": error.title(),
        "body": error.body(),
        "fix": error.fix(),
        "raw": error.raw,
    }
    report = getattr(error, "report", None)
    if isinstance(report, BootReport):
        record["boot_last_lines"] = list(report.last_lines)
    return record


def journey_records(event: JourneyEvent) -> list[tuple[str, Record]]:
    """The (type, fields) lines one journey event becomes (none for a WaitNote: see
    ``BootRecords``)."""
    if isinstance(event, Launched):
        return [("launched", {"deployment": deployment_record(event.deployment)})]
    if isinstance(event, StackUpdated):
        update = event.update
        out = [("stack_event", stack_event_record(e)) for e in update.events]
        if update.backoff_s is not None or update.reconnecting:
            out.append(
                (
                    "stream",
                    {
                        "backoff_s": update.backoff_s,
                        "reconnecting": update.reconnecting,
                        "problem": update.problem,
                    },
                )
            )
        return out
    if isinstance(event, StackCompleted):
        d = event.deployment
        fields = {"host": d.server_host, "port": d.server_port, **stack_record(event.stack)}
        return [("stack_completed", fields)]
    if isinstance(event, LockStarted):
        return [("lock_started", {"stack_name": event.deployment.stack_name})]
    if isinstance(event, LockDone):
        return [("lock_done", {"stack_name": event.deployment.stack_name, "ip": event.ip})]
    if isinstance(event, LockPending):
        fields = {
            "stack_name": event.deployment.stack_name,
            "command": event.command,
            **error_record(event.error),
        }
        return [("lock_pending", fields)]
    if isinstance(event, LeftOpen):
        return [("left_open", {"stack_name": event.deployment.stack_name})]
    if isinstance(event, WaitStarted):
        return [("wait_started", {"host": event.host, "port": event.port})]
    if isinstance(event, ProbeTried):
        a = event.attempt
        fields = {
            "attempt": a.attempt,
            "elapsed_s": round(a.elapsed_s, 1),
            "error": a.error,
            "status_code": a.status_code,
        }
        return [("probe", fields)]
    if isinstance(event, HeartbeatRecorded):
        fields = {
            "stack_name": event.deployment.stack_name,
            "deployment_version": event.deployment.parameters.get("ChromaVersion"),
            **connection_record(event.connection),
        }
        return [("heartbeat", fields)]
    if isinstance(event, IpMovedSeen):
        return [("ip_moved", ip_moved_record(event.moved, event.command))]
    if isinstance(event, WaitNote):
        return []
    return []


def ip_moved_record(moved: IpMoved, command: str) -> Record:
    return {
        "stack_name": moved.stack_name,
        "locked_ip": moved.locked,
        "current_ip": moved.current,
        "command": command,
    }


class BootRecords:
    """Boot X-ray reports become ``boot_phase`` / ``boot_health`` / ``boot_port`` lines, each
    said once (a report repeats everything seen so far)."""

    def __init__(self) -> None:
        self._seen: set[str] = set()

    def records(self, report: BootReport) -> list[tuple[str, Record]]:
        out: list[tuple[str, Record]] = []
        for phase in report.phases:
            if self._new(f"phase:{phase.name}"):
                out.append(("boot_phase", {"phase": phase.name, "at_s": round(phase.at_s, 1)}))
        health = report.health
        if health is not None and self._new(f"health:{health.instance}:{health.system}"):
            out.append(
                (
                    "boot_health",
                    {
                        "instance": health.instance,
                        "system": health.system,
                        "failed": health.failed,
                    },
                )
            )
        if report.layers and self._new(f"layers:{report.layers}:{report.layers_done}"):
            out.append(("boot_pull", {"layers": report.layers, "layers_done": report.layers_done}))
        if report.port and self._new(f"port:{report.port}"):
            out.append(("boot_port", {"state": report.port}))
        return out

    def _new(self, key: str) -> bool:
        if key in self._seen:
            return False
        self._seen.add(key)
        return True
