"""Child: 500 stack events streamed through the real app, as the app streams them: the real
``EventStream`` polls in a backend process of its own (``benchmarks/fake_stream.py``, with
CloudFormation faked), and the UI pulls its updates over the real pipe. First into the resource
view (the default), then shown as the raw log (``e``).

Measures peak RSS, event-loop lag, time per table batch and per frame.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from benchmarks.app_probes import FrameProbe, LagMeter, TableProbe, wait_until
from benchmarks.fake_stack import STACK, STACK_ID, TOKEN

ROOT = Path(__file__).resolve().parent.parent


def events_of(app: Any) -> Any:
    """The events the screen shown holds (none before Launch is up)."""
    return getattr(app.screen, "events", ())


async def _run(total: int, rate: float, home: Path) -> dict[str, Any]:
    from chroma_tui.core.backend_remote import RemoteBackend
    from chroma_tui.core.models import Deployment
    from chroma_tui.ui.app import ChromaTuiApp
    from chroma_tui.ui.screens.launch import LaunchScreen

    stats_path = home / "api-calls.json"
    os.environ["CHROMA_TUI_BENCH_EVENTS"] = str(total)
    os.environ["CHROMA_TUI_BENCH_RATE"] = str(rate)
    os.environ["CHROMA_TUI_BENCH_STATS"] = str(stats_path)
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT), *sys.path])
    backend = RemoteBackend(store_dir=home / "deployments", child_module="benchmarks.fake_stream")
    stamp = datetime.now(timezone.utc).isoformat()
    deployment = Deployment(
        id="bench",
        stack_name=STACK,
        region="us-east-1",
        token=TOKEN,
        created_at=stamp,
        updated_at=stamp,
        stack_id=STACK_ID,
        status="CREATE_IN_PROGRESS",
    )
    rss_before_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    table, frames = TableProbe(), FrameProbe()
    pushed_at = log_wall = streamed = log_s = elapsed = 0.0
    lag = LagMeter(profile=os.environ.get("CHROMA_TUI_BENCH_STALLS") == "1")
    try:
        with table.installed(), frames.installed():
            app = ChromaTuiApp(backend, lang="en")
            async with app.run_test(size=(120, 40)) as pilot:
                # As in the app: Launch opens once the first screen is up and its checks are done
                # (Textual's own blank screen comes first; its class is Screen itself).
                await wait_until(
                    pilot, lambda: type(app.screen).__module__.startswith("chroma"), 10
                )
                await wait_until(pilot, lambda: not any(w.is_running for w in app.workers), 10)
                await pilot.pause(0.2)
                lag.start()
                started = time.monotonic()
                pushed_at = time.time()
                app.push_screen(LaunchScreen(deployment=deployment))
                # The resource view (the default) takes the first half of the stream; then
                # ``e`` shows the raw log, and the second half goes in while it is shown.
                half = total // 2
                streaming = await wait_until(pilot, lambda: len(events_of(app)) >= half, 40)
                log_at = time.monotonic()
                log_wall = time.time()
                if streaming:
                    await pilot.press("e")
                    await wait_until(pilot, lambda: len(events_of(app)) >= total, 40)
                streamed = time.monotonic() - started
                await wait_until(pilot, lambda: len(table.painted) >= total, 10)
                log_s = time.monotonic() - log_at
                elapsed = time.monotonic() - started
                await pilot.pause(0.3)  # a few idle frames with 500 rows on screen
                await lag.stop()
                app.exit()
    finally:
        backend.close()
    calls = json.loads(stats_path.read_text("utf-8")) if stats_path.exists() else {}
    return {
        "rows": table.rows_added,
        "painted": len(table.painted),
        "elapsed_s": elapsed,
        "streamed_s": streamed,
        "log_s": log_s,
        "batch_s": table.batch_s,
        "batch_rows": table.batch_rows,
        "frame_s": frames.frame_s,
        "lag_s": lag.lags,
        "lag_at": lag.lag_at,
        "pushed_at": pushed_at,
        "log_at": log_wall,
        "polls": calls.get("polls", 0),
        "describes": calls.get("describes", 0),
        "pages": calls.get("pages", 0),
        "rss_before_kb": rss_before_kb,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "stall_profiles": lag.stall_profiles() if lag.profile else [],
    }


def main(total: int, rate: float, home: Path) -> dict[str, Any]:
    home.mkdir(parents=True, exist_ok=True)
    return asyncio.run(_run(total, rate, home))
