"""Pure functions that turn stack events into progress: resources done/total, per-resource timing.

No Textual here, so the arithmetic is tested on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from chroma_tui.core.models import StackEvent

#: The official template creates two resources (the instance and its security group).
TEMPLATE_RESOURCES = 2

DONE_STATUSES = {
    "create": frozenset({"CREATE_COMPLETE"}),
    "delete": frozenset({"DELETE_COMPLETE", "DELETE_SKIPPED"}),
}


@dataclass(frozen=True)
class ResourceTiming:
    logical_id: str
    status: str  # the latest status seen
    started: datetime
    ended: datetime | None  # None while still in progress

    def elapsed_s(self, now: datetime) -> float:
        end = self.ended or now
        return max(0.0, (end - self.started).total_seconds())


def resource_timings(events: Sequence[StackEvent]) -> list[ResourceTiming]:
    """Each resource (not the stack itself) in first-seen order with its latest status."""
    first: dict[str, datetime] = {}
    latest: dict[str, StackEvent] = {}
    for event in events:
        if event.is_stack_event:
            continue
        first.setdefault(event.logical_id, event.timestamp)
        latest[event.logical_id] = event
    timings = []
    for logical_id, started in first.items():
        last = latest[logical_id]
        ended = None if last.status.endswith("_IN_PROGRESS") else last.timestamp
        timings.append(ResourceTiming(logical_id, last.status, started, ended))
    return timings


def progress(
    events: Sequence[StackEvent], stack_status: str | None, kind: str = "create"
) -> tuple[int, int]:
    """(done, total): resources finished plus the stack itself once it finished."""
    done_statuses = DONE_STATUSES[kind]
    timings = resource_timings(events)
    total = max(len(timings), TEMPLATE_RESOURCES) + 1
    done = sum(1 for timing in timings if timing.status in done_statuses)
    if stack_status in done_statuses:
        done = total
    return min(done, total), total


def overall_elapsed_s(
    events: Sequence[StackEvent], now: datetime, finished: datetime | None = None
) -> float:
    """From the first event to ``finished`` (the terminal event) or ``now``."""
    if not events:
        return 0.0
    start = events[0].timestamp
    return max(0.0, ((finished or now) - start).total_seconds())
