"""How long each part of a deployment takes: typical defaults, this user's measured history,
and the estimate of the time left that the run screens show.

Defaults (seconds), and where they come from:

* ``AWS::EC2::SecurityGroup`` 10 s: a security group is an API record, CloudFormation reports
  it complete in seconds (the CloudFormation console shows ~5-15 s for the official template).
* ``AWS::EC2::Instance`` 90 s: CloudFormation waits until the instance is running; about one
  to two minutes for a t3 instance (the project brief's range; our sandbox scales the same).
* the stack's own events ~5 s: CREATE_COMPLETE follows the last resource within a poll or two.
* boot phases (docker 40 s, compose 3 s, pulled 45 s, started 5 s, finished 2 s): the
  UserData installs Docker with yum, downloads the compose file, pulls the Chroma image and
  starts it. FACTS.md: "this takes minutes after the stack is CREATE_COMPLETE"; the boot-log
  contract's sample console shows the same order (Installed → curl → Pulled → Started →
  finished). Real runs replace these figures with this user's own (below).

History: ``durations.json`` in the state directory (beside ``deployments/``), per AWS endpoint
(``AWS_ENDPOINT_URL`` or "aws", so a local endpoint's fast runs never shorten real estimates),
per resource type or boot phase, the last ``KEEP`` measurements; the estimate uses their median.
A missing or unreadable file is ignored (defaults are used); writes are atomic.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from chroma_tui.core.paths import state_dir
from chroma_tui.core.resource_view import BOOT_TYPE, ResourceRow

STACK_TYPE = "AWS::CloudFormation::Stack"
TYPICAL_S: Mapping[str, float] = {
    "AWS::EC2::SecurityGroup": 10.0,
    "AWS::EC2::Instance": 90.0,
    STACK_TYPE: 5.0,
    "boot.docker": 40.0,
    "boot.compose": 3.0,
    "boot.pulled": 45.0,
    "boot.started": 5.0,
    "boot.finished": 2.0,
}
OVERDUE_MARGIN_S = 15.0  # "longer than usual" only well past the typical figure (polls lag)
UNKNOWN_TYPE_S = 30.0  # a resource type we have no figure for
#: What the official template creates, in order, before any event names them.
TEMPLATE_TYPES = ("AWS::EC2::SecurityGroup", "AWS::EC2::Instance")
BOOT_KEYS = ("boot.docker", "boot.compose", "boot.pulled", "boot.started", "boot.finished")
KEEP = 10
FILE_NAME = "durations.json"


def kind_of(row: ResourceRow) -> str:
    """The history key of a row: its resource type, or ``boot.<phase>``."""
    return row.key if row.resource_type == BOOT_TYPE else row.resource_type


def endpoint_key(environ: Mapping[str, str] | None = None) -> str:
    env = environ if environ is not None else os.environ
    return env.get("AWS_ENDPOINT_URL") or "aws"


class DurationHistory:
    """Measured durations per endpoint and kind; tolerant of a missing or corrupt file."""

    def __init__(self, path: Path, endpoint: str = "aws") -> None:
        self.path = path
        self.endpoint = endpoint
        self._data: dict[str, dict[str, list[float]]] = self._read()

    def _read(self) -> dict[str, dict[str, list[float]]]:
        try:
            raw: Any = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        out: dict[str, dict[str, list[float]]] = {}
        if not isinstance(raw, dict) or not isinstance(raw.get("endpoints"), dict):
            return {}
        for endpoint, kinds in raw["endpoints"].items():
            if not isinstance(kinds, dict):
                continue
            clean = {
                kind: [float(v) for v in values if isinstance(v, int | float) and v >= 0]
                for kind, values in kinds.items()
                if isinstance(values, list)
            }
            out[str(endpoint)] = {k: v for k, v in clean.items() if v}
        return out

    def typical(self) -> dict[str, float]:
        """The defaults, each replaced by the median of this user's measurements if any."""
        merged = dict(TYPICAL_S)
        for kind, values in self._data.get(self.endpoint, {}).items():
            merged[kind] = statistics.median(values)
        return merged

    def add(self, measured: Iterable[tuple[str, float]]) -> None:
        kinds = self._data.setdefault(self.endpoint, {})
        for kind, seconds in measured:
            kinds[kind] = [*kinds.get(kind, []), round(max(0.0, seconds), 1)][-KEEP:]

    def save(self) -> None:
        """Atomic write; an OSError is ignored (an estimate is never worth failing a run)."""
        text = json.dumps({"version": 1, "endpoints": self._data}, indent=1, sort_keys=True)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".durations.")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as handle:
                    handle.write(text)
                os.replace(tmp, self.path)
            finally:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def measured(rows: Sequence[ResourceRow]) -> list[tuple[str, float]]:
    """(kind, seconds) for each row that finished well (failed or pending rows teach nothing)."""
    out = []
    for row in rows:
        done = row.status in ("CREATE_COMPLETE", "DONE")
        if done and row.started is not None and row.ended is not None and not row.is_stack:
            out.append((kind_of(row), (row.ended - row.started).total_seconds()))
    return out


@dataclass(frozen=True)
class Estimate:
    remaining_s: float
    overdue: bool  # something runs longer than usual: the figure is a floor, not a promise


def estimate(
    rows: Sequence[ResourceRow],
    now: datetime,
    typical: Mapping[str, float] = TYPICAL_S,
    with_boot: bool = True,
) -> Estimate | None:
    """Time left: each unfinished part's typical duration minus what it has already taken.

    The template's resources run one after the other (the instance needs its security group),
    then the boot phases, so the parts add up. Types not seen yet come from TEMPLATE_TYPES.
    None once nothing is left (or something failed: no estimate for a failed run).
    """
    if any(row.failed for row in rows):
        return None
    seen = {row.resource_type for row in rows if not row.is_stack and not row.is_boot}
    left = 0.0
    overdue = False
    for row in rows:
        if row.is_stack or (row.ended is not None and not row.in_progress):
            continue
        expected = typical.get(kind_of(row), UNKNOWN_TYPE_S)
        if row.in_progress:
            spent = row.elapsed_s(now)
            if spent > max(expected * 1.5, expected + OVERDUE_MARGIN_S):
                overdue = True
            left += max(expected - spent, 0.0)
        else:
            left += expected
    for kind in TEMPLATE_TYPES:
        if kind not in seen and not any(row.is_boot for row in rows):
            left += typical.get(kind, UNKNOWN_TYPE_S)
    stack = next((row for row in rows if row.is_stack), None)
    if stack is None or stack.in_progress:
        left += typical.get(STACK_TYPE, 0.0)
    if with_boot and not any(row.is_boot for row in rows):
        left += sum(typical.get(key, 0.0) for key in BOOT_KEYS)
    if left <= 0 and not overdue:
        return None
    return Estimate(left, overdue)


def history_path() -> Path:
    return state_dir() / FILE_NAME


def load_typical(path: Path | None = None) -> dict[str, float]:
    """Defaults refined by this user's history (file I/O: call it from a worker thread)."""
    return DurationHistory(path or history_path(), endpoint_key()).typical()


def remember(rows: Sequence[ResourceRow], path: Path | None = None) -> None:
    """Add the finished rows' durations to the history (file I/O: from a worker thread)."""
    found = measured(rows)
    if not found:
        return
    history = DurationHistory(path or history_path(), endpoint_key())
    history.add(found)
    history.save()
