"""Memory, event-loop lag and table scale with 500 events streamed through the app."""

from __future__ import annotations

import sys

from benchmarks.common import Figure, median, p95, run_child

RSS_MB = 150.0
LAG_MS = 50.0
EVENTS = 500


def run(rate: float = 100.0, events: int = EVENTS) -> list[Figure]:
    data = run_child("memory", ["--events", str(events), "--rate", str(rate)], timeout_s=120)
    for stall in data.get("stall_profiles", []):  # CHROMA_TUI_BENCH_STALLS=1
        print(
            f"stall {stall['lag_s'] * 1000:.0f} ms (500 events), {stall['samples']} samples:",
            *(f"{n:4d} {name}" for name, n in stall["frames"]),
            *stall.get("gaps", []),
            sep="\n    ",
            file=sys.stderr,
        )
    log_at = data.get("log_at") or float("inf")
    timed = list(zip(data["lag_s"], data["lag_at"], strict=True))
    streaming = [lag for lag, at in timed if at <= log_at]
    showing = [lag for lag, at in timed if at > log_at]
    frames_ms = [f * 1000 for f in data["frame_s"]]
    batches_ms = [b * 1000 for b in data["batch_s"] if b]
    rows = [r for r in data["batch_rows"] if r]
    per_poll = data["pages"] / data["polls"] if data["polls"] else None
    where = f"{events} events at {rate:g}/s"
    return [
        Figure(
            f"memory: peak RSS, {events} events (app)",
            data["peak_rss_kb"] / 1024,
            "MB",
            RSS_MB,
            f"{data['rss_before_kb'] / 1024:.0f} MB after imports",
        ),
        Figure(
            f"event loop: max lag, {events} events (resource view)",
            max(streaming, default=0.0) * 1000,
            "ms",
            LAG_MS,
            where,
            len(streaming),
        ),
        Figure(
            f"event loop: max lag, the {events}-event log shown (e)",
            max(showing, default=0.0) * 1000,
            "ms",
            LAG_MS,
            f"shown after {events // 2} events; the rest go in while it is shown",
            len(showing),
        ),
        Figure(
            "scale: rows appended (never rebuilt)",
            float(data["rows"]),
            "rows",
            None,
            f"streamed in {data.get('streamed_s', 0):.1f} s; {data['painted']} rows painted, "
            f"the last {data.get('log_s', 0):.1f} s after the log was shown (e)",
        ),
        Figure(
            "scale: time per table batch (max)",
            max(batches_ms, default=0.0),
            "ms",
            LAG_MS,
            f"median {median(batches_ms) or 0:.1f} ms, median {median(rows) or 0:g} rows/batch",
            len(batches_ms),
        ),
        Figure(
            "scale: time per frame (p95)",
            p95(frames_ms),
            "ms",
            LAG_MS,
            f"median {median(frames_ms) or 0:.1f} ms, max {max(frames_ms, default=0):.1f} ms",
            len(frames_ms),
        ),
        Figure(
            f"API: DescribeStackEvents pages per poll ({events}-event burst)",
            per_poll,
            "pages",
            None,
            f"{data['pages']} pages + {data.get('describes', 0)} DescribeStacks "
            f"in {data['polls']} polls",
        ),
    ]
