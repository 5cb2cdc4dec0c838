"""Child: the real app on the sandbox (env from the parent), LaunchScreen → Waiting → Connected.

Writes when each event row was painted, when Waiting and Connected appeared, and the loop lag.
The parent owns the sandbox and turns those times into latencies with the engine's stamps.
"""

from __future__ import annotations

import asyncio
import os
import resource
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.app_probes import FrameProbe, LagMeter, TableProbe, wait_until


def plan_for(backend: Any, name: str) -> Any:
    from chroma_tui.core.models import LaunchPlan

    template = backend.template()
    version = template.parameter("ChromaVersion")
    return LaunchPlan(
        region="us-east-1",
        stack_name=name,
        instance_type="t3.small",
        chroma_version=(version.default if version and version.default else "1.5.9"),
        template=template,
        lock_to_my_ip=False,
        otel_endpoint="http://127.0.0.1:4317",  # non-empty: blank values crash Chroma 1.x
        otel_service_name="chroma-sandbox-test",
    )


WARM_UP = "warm-up (as Review does)"


def as_the_wizard_does(backend: Any, plan: Any) -> None:
    backend.instance_types(plan.region)  # the instance-type step: the types, priced
    backend.warm_up(plan.region)  # Review: the launch's clients


async def _run(name: str, timeout_s: float, home: Path) -> dict[str, Any]:
    from chroma_tui.core.backend_remote import RemoteBackend
    from chroma_tui.ui.app import ChromaTuiApp
    from chroma_tui.ui.screens.launch import LaunchScreen

    # As the app runs (cli.py): AWS in the backend process, the UI here.
    backend = RemoteBackend(store_dir=home / "deployments")
    backend.start()
    plan = await asyncio.to_thread(plan_for, backend, name)
    table, frames = TableProbe(), FrameProbe()
    lag = LagMeter(profile=os.environ.get("CHROMA_TUI_BENCH_STALLS") == "1")
    seen: dict[str, float] = {}
    with table.installed(), frames.installed():
        app = ChromaTuiApp(backend, lang="en")
        async with app.run_test(size=(120, 40)) as pilot:
            lag.start()
            await wait_until(pilot, lambda: type(app.screen).__name__ != "HomeScreen", 10)
            # As the wizard does before Launch: Review makes the launch's clients
            # (Backend.warm_up) and the instance-type step prices the type. Timed on its own.
            seen[WARM_UP] = time.time()
            await asyncio.to_thread(as_the_wizard_does, backend, plan)
            launched_at = time.time()
            app.push_screen(LaunchScreen(plan=plan))

            def done() -> bool:
                screen = type(app.screen).__name__
                seen.setdefault(screen, time.time())
                return screen in ("ConnectedScreen", "FailureScreen")

            await wait_until(pilot, done, timeout_s)
            await lag.stop()
            app.exit()
    backend.close()
    return {
        "launched_at": launched_at,
        "screens": seen,
        "painted": table.painted,
        "batch_s": table.batch_s,
        "frame_s": frames.frame_s,
        "lag_s": lag.lags,
        "lag_at": lag.lag_at,
        "worst_lags": lag.worst,
        "stalls": lag.stalls,
        "stall_profiles": lag.stall_profiles() if lag.profile else [],
        "ui_imported_boto3": "botocore" in sys.modules,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        # the largest finished child: the probe's warm chromadb client (closed at Connected)
        "peak_child_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def main(name: str, timeout_s: float, home: Path) -> dict[str, Any]:
    return asyncio.run(_run(name, timeout_s, home))
