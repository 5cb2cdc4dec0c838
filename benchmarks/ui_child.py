"""Child: the real app on the sandbox (env from the parent), LaunchScreen → Waiting → Connected.

Writes when each event row was painted, when Waiting and Connected appeared, and the loop lag.
The parent owns the sandbox and turns those times into latencies with the engine's stamps.
"""

from __future__ import annotations

import asyncio
import os
import resource
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
    from chroma_tui.core.pricing import estimate_price

    backend.warm_up(plan.region)
    estimate_price(backend.session(None, plan.region), plan.region, plan.instance_type)


async def _run(name: str, timeout_s: float, home: Path) -> dict[str, Any]:
    from chroma_tui.core.backend import Backend
    from chroma_tui.core.state import DeploymentStore
    from chroma_tui.ui.app import ChromaTuiApp
    from chroma_tui.ui.screens.launch import LaunchScreen

    backend = Backend(store=DeploymentStore(home / "deployments"))
    plan = await asyncio.to_thread(plan_for, backend, name)
    table, frames = TableProbe(), FrameProbe()
    lag = LagMeter(profile=os.environ.get("CHROMA_TUI_BENCH_STALLS") == "1")
    seen: dict[str, float] = {}
    loads: list[tuple[float, str, float]] = []
    if lag.profile:  # which botocore files are read, when, and how long each took
        from chroma_tui.core import aws_models

        load_file = aws_models.YieldingJSONFileLoader._load_file

        def timed_load(self: Any, full_path: str, open_method: Any) -> Any:
            started = time.time()
            try:
                return load_file(self, full_path, open_method)
            finally:
                loads.append((started, full_path.rsplit("botocore/", 1)[-1], time.time() - started))

        aws_models.YieldingJSONFileLoader._load_file = timed_load  # type: ignore[method-assign]
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
        "model_loads": loads,
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        # the largest finished child: the probe's warm chromadb client (closed at Connected)
        "peak_child_rss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    }


def main(name: str, timeout_s: float, home: Path) -> dict[str, Any]:
    return asyncio.run(_run(name, timeout_s, home))
