"""The loop's worst wait while a worker thread makes the first boto3 clients (issue 10, item 7).

A 10 ms asyncio ticker runs while a thread creates the STS, CloudFormation and EC2 clients the
way the app does (core/aws.AwsSession): as before (a fresh botocore session per AwsSession,
botocore's own C-hooked JSON parse) and now (one shared, GIL-yielding loader, core/aws_models).
Each run in a fresh child process, so nothing is cached between them. No network: client
creation only loads models. On a machine shared with other work the OS adds its own delays to
both; compare the two rows of the same run.
"""

from __future__ import annotations

import asyncio
import threading
import time
from typing import Any

from benchmarks.common import Figure, median, run_child

LAG_LIMIT_MS = 50.0
SERVICES = ("sts", "cloudformation", "ec2")


def child(stock: bool) -> dict[str, Any]:
    """Runs in a child process: the worst tick lag while the clients are created."""
    import botocore.session

    from chroma_tui.core import aws
    from chroma_tui.core.aws import AwsSession

    if stock:  # as before the change: a fresh loader per session, botocore's own JSON parse
        aws.botocore_session = botocore.session.Session  # type: ignore[assignment]

    async def main() -> dict[str, Any]:
        done = threading.Event()
        started = time.perf_counter()

        def make() -> None:
            session = AwsSession(None, "us-east-1")
            for service in SERVICES:
                session.client(service)
            AwsSession(None, "eu-west-1").client("ec2")  # a second region: a second session
            done.set()

        threading.Thread(target=make, daemon=True).start()
        worst = 0.0
        while not done.is_set():
            tick = time.perf_counter()
            await asyncio.sleep(0.01)
            worst = max(worst, time.perf_counter() - tick - 0.01)
        return {"worst_ms": worst * 1000, "total_s": time.perf_counter() - started}

    return asyncio.run(main())


def run(repeats: int = 2) -> list[Figure]:
    figures = []
    for stock in (True, False):
        args = ["--stock"] if stock else []
        results = [run_child("clients", args) for _ in range(repeats)]
        worst = [r["worst_ms"] for r in results]
        total = max(r["total_s"] for r in results)
        label = "botocore's stock loading (before)" if stock else "shared yielding loader (now)"
        figures.append(
            Figure(
                f"event loop: worst lag while boto3 clients are made, {label}",
                median(worst),
                "ms",
                None if stock else LAG_LIMIT_MS,
                f"median of {repeats} runs (max {max(worst):.0f} ms); sts+cloudformation+ec2, "
                f"then ec2 in a 2nd region; took {total:.2f} s",
                repeats,
            )
        )
    return figures
