"""Shared pieces: the Figure record, statistics, the result table and child processes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
RUN_PY = ROOT / "benchmarks" / "run.py"


@dataclass(frozen=True)
class Figure:
    """One measured figure. ``limit`` is the target (value must be <= limit); None = for info."""

    name: str
    value: float | None
    unit: str
    limit: float | None = None
    note: str = ""
    samples: int = 0

    @property
    def met(self) -> bool | None:
        if self.limit is None or self.value is None:
            return None
        return self.value <= self.limit

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["met"] = self.met
        return data


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def p95(values: Sequence[float]) -> float | None:
    """Nearest-rank 95th percentile (no interpolation: with few samples it is the maximum)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-95 * len(ordered) // 100))  # ceil(0.95 n)
    return ordered[rank - 1]


def _fmt(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit in ("calls", "rows", "pages", "bool"):
        return f"{value:g}"
    if unit == "MB":
        return f"{value:.1f} MB"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:.3f} {unit}"


def table(figures: Sequence[Figure]) -> str:
    """The plain-text table: figure, value, target, met?, note."""
    rows = [("figure", "value", "target", "met?", "note")]
    for f in figures:
        target = "-" if f.limit is None else f"<= {_fmt(f.limit, f.unit)}"
        met = {None: "-", True: "yes", False: "NO"}[f.met]
        note = f.note + (f" (n={f.samples})" if f.samples else "")
        rows.append((f.name, _fmt(f.value, f.unit), target, met, note))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for i, r in enumerate(rows):
        cells = [r[c].ljust(widths[c]) for c in range(4)]
        lines.append("  ".join(cells) + "  " + r[4])
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 4)
    return "\n".join(lines)


def isolated_env(home: Path, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child: own CHROMA_TUI_HOME, no real AWS settings or credentials."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not (k.startswith("AWS_") or k.startswith("CHROMA_TUI_"))
    }
    for kept in ("CHROMA_TUI_CHROMA_BIN", "CHROMA_TUI_BENCH_STALLS"):  # the bench's own
        if kept in os.environ:
            env[kept] = os.environ[kept]
    env.update(
        {
            "CHROMA_TUI_HOME": str(home),
            "AWS_CONFIG_FILE": str(home / "aws-config"),
            "AWS_SHARED_CREDENTIALS_FILE": str(home / "aws-credentials"),
            "AWS_EC2_METADATA_DISABLED": "true",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(extra or {})
    return env


def run_child(
    name: str,
    args: Sequence[str] = (),
    timeout_s: float = 120.0,
    env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run ``run.py --child NAME`` in a fresh interpreter (own RSS, cold imports); its JSON."""
    with tempfile.TemporaryDirectory(prefix="chroma-tui-bench-") as tmp:
        out = Path(tmp) / "result.json"
        home = Path(tmp) / "home"
        cmd = [sys.executable, str(RUN_PY), "--child", name, "--child-out", str(out), *args]
        proc = subprocess.run(
            cmd,
            env=isolated_env(home, env),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(
                f"child {name} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}"
            )
        return json.loads(out.read_text("utf-8"))


def write_child_result(path: str, data: dict[str, Any]) -> None:
    Path(path).write_text(json.dumps(data), "utf-8")
