"""The live resource view's model: one row per resource, built from stack events and boot phases.

A row is what the run screens show for one thing being made: the stack itself, each resource
the template creates (in the order CloudFormation first reported it), and, once the stack is
complete, the instance's boot phases. Each row carries its latest status and reason, when it
started and when it ended (None while in progress), so the screen only draws. No Textual here.

Peers this matches (see docs/run-screens.md): the CloudFormation console's Resources tab
(logical id, physical id, type, status, status reason), Pulumi's resource tree (one line per
resource with its own elapsed time), CDK's progress bar (done/total, failures kept in view) and
rain's live table (a spinner per resource in progress).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from chroma_tui.core.boot_log import PHASES, BootReport
from chroma_tui.core.models import StackEvent

BOOT_TYPE = "chroma-tui::Boot"  # the resource type of a boot-phase row (never sent to AWS)


@dataclass(frozen=True)
class ResourceRow:
    key: str  # logical id, or ``boot.<phase>``
    logical_id: str
    resource_type: str
    status: str  # the latest CloudFormation status, or "DONE"/"IN_PROGRESS"/"PENDING"/"FAILED"
    reason: str = ""
    physical_id: str = ""
    started: datetime | None = None
    ended: datetime | None = None  # None while in progress (or not started)
    is_stack: bool = False
    events: int = 0  # how many events this row has (the raw log holds them all)
    at_s: float | None = None  # a boot phase: seconds since the instance booted (its console)

    @property
    def in_progress(self) -> bool:
        return self.status.endswith("IN_PROGRESS")

    @property
    def failed(self) -> bool:
        return self.status.endswith("FAILED")

    @property
    def pending(self) -> bool:
        return self.status == "PENDING"

    @property
    def is_boot(self) -> bool:
        return self.resource_type == BOOT_TYPE

    def elapsed_s(self, now: datetime) -> float:
        if self.started is None:
            return 0.0
        end = self.ended or now
        return max(0.0, (end - self.started).total_seconds())


def resource_rows(events: Sequence[StackEvent], stack_name: str = "") -> list[ResourceRow]:
    """The stack's row first, then each resource in first-seen order, each with its latest event.

    A resource that reappears after being done (a rollback deleting it) restarts its timer.
    """
    first: dict[str, datetime] = {}
    latest: dict[str, StackEvent] = {}
    counts: dict[str, int] = {}
    stack_key = ""
    for event in events:
        key = event.logical_id
        if event.is_stack_event:
            stack_key = key
        previous = latest.get(key)
        restarted = previous is not None and not previous.status.endswith("_IN_PROGRESS")
        if restarted and event.status.endswith("_IN_PROGRESS"):
            first[key] = event.timestamp  # a new operation on it: its own timer again
        first.setdefault(key, event.timestamp)
        latest[key] = event
        counts[key] = counts.get(key, 0) + 1
    rows: list[ResourceRow] = []
    for key, started in first.items():
        last = latest[key]
        ended = None if last.status.endswith("_IN_PROGRESS") else last.timestamp
        rows.append(
            ResourceRow(
                key=key,
                logical_id=key,
                resource_type=last.resource_type,
                status=last.status,
                reason=last.reason,
                physical_id="" if last.is_stack_event else last.physical_id,
                started=started,
                ended=ended,
                is_stack=key in (stack_key, stack_name),
                events=counts[key],
            )
        )
    rows.sort(key=lambda row: not row.is_stack)  # stable: the stack first, the rest in order
    return rows


def boot_rows(
    report: BootReport | None,
    since: datetime | None,
    now: datetime,
    waiting: bool = True,
    seen: Mapping[str, datetime] | None = None,
) -> list[ResourceRow]:
    """The five boot phases as rows, timed from ``since`` (when the stack completed).

    A phase ends when the app first saw it in the console (``seen``, kept by the screen): the
    console's own stamps are seconds since the instance booted, on the instance's clock, so
    they are shown (``at_s``) but not mixed with AWS's event times. A phase seen but missing
    from ``seen`` ends where the previous one did. The first phase not reached yet is in
    progress while ``waiting``; the rest are pending. A boot failure marks the next one failed.
    """
    found = {phase.name: phase.at_s for phase in report.phases} if report else {}
    seen = seen or {}
    failure = report.failure if report else None
    previous_end = since or now
    rows: list[ResourceRow] = []
    current_given = False
    for name in PHASES:
        key = f"boot.{name}"
        if name in found:
            end = max(seen.get(name, previous_end), previous_end)
            rows.append(
                ResourceRow(
                    key, name, BOOT_TYPE, "DONE", started=previous_end, ended=end, at_s=found[name]
                )
            )
            previous_end = end
        elif not current_given and failure is not None:
            rows.append(
                ResourceRow(
                    key, name, BOOT_TYPE, "FAILED", failure.line, started=previous_end, ended=now
                )
            )
            current_given = True
        elif not current_given and waiting:
            rows.append(ResourceRow(key, name, BOOT_TYPE, "IN_PROGRESS", started=previous_end))
            current_given = True
        else:
            rows.append(ResourceRow(key, name, BOOT_TYPE, "PENDING"))
    return rows
