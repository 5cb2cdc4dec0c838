"""Deployments on the sandbox: event latency, API cost, time to notice completion.

Side by side on one sandbox at one speed: the core's EventStream (in this process), the real
app under the pilot (a child process) and the AWS CLI (``create-stack`` + ``wait
stack-create-complete``). CloudFormation calls are counted on the sandbox side, per stack name.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

from benchmarks.common import Figure, median, p95, run_child
from benchmarks.sandbox_tools import AnswerWatch, Call, CountingSandbox

LATENCY_MEDIAN_S = 1.2
LATENCY_P95_S = 2.5
HEARTBEAT_S = 2.0
LAG_S = 0.050
RSS_MB = 150.0
UI_STACK = "bench-ui"
CLI_STACK = "bench-cli"


def _core_run(cs: CountingSandbox, backend: Any, plan: Any, out: dict[str, Any]) -> None:
    try:
        deployment = backend.launch(plan)
        stream = backend.stream(deployment)
        seen: dict[str, float] = {}
        for update in stream.updates():
            now = time.time()
            for event in update.events:
                seen.setdefault(event.event_id, now)
            if update.finished:
                out["finished_at"] = now
        out["seen"] = seen
        out["calls"] = cs.calls_for(plan.stack_name)
        backend.session().client("cloudformation", plan.region).delete_stack(
            StackName=stream.stack_id
        )  # stops its Chroma server: frees the CPU for the others
    except Exception as exc:  # reported as a figure note, never a crash of the whole run
        out["error"] = repr(exc)


def _cli_run(cs: CountingSandbox, template_url: str, out: dict[str, Any]) -> None:
    aws = Path(sys.executable).with_name("aws")
    if not aws.exists():
        out["error"] = "awscli not installed (pip install awscli: the bench extra)"
        return
    with tempfile.TemporaryDirectory(prefix="chroma-tui-cli-") as tmp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(cs.env())
        env.update(
            AWS_CONFIG_FILE=str(Path(tmp) / "config"),
            AWS_SHARED_CREDENTIALS_FILE=str(Path(tmp) / "credentials"),
            AWS_PAGER="",
        )
        common = ["--region", "us-east-1", "--stack-name", CLI_STACK]
        started = time.time()
        for args in (
            ["create-stack", "--template-url", template_url],
            ["wait", "stack-create-complete"],
        ):
            proc = subprocess.run(
                [str(aws), "cloudformation", *args, *common],
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
                stdin=subprocess.DEVNULL,
            )
            if proc.returncode != 0:
                out["error"] = f"aws {args[0]} failed: {proc.stderr.strip()[-300:]}"
                return
        out["started_at"] = started
        out["finished_at"] = time.time()
        out["calls"] = cs.calls_for(CLI_STACK)


def _ui_run(cs: CountingSandbox, timeout_s: float, out: dict[str, Any]) -> None:
    try:
        out.update(
            run_child(
                "ui",
                ["--stack", UI_STACK, "--timeout", str(timeout_s)],
                timeout_s=timeout_s + 60,
                env=cs.env(),
            )
        )
        out["calls"] = cs.calls_for(UI_STACK)
    except Exception as exc:
        out["error"] = repr(exc)


POLL_GAP_S = 1.0  # calls closer than this belong to one poll (polls wait 2 s between)
WATCH_ACTIONS = ("DescribeStacks", "DescribeStackEvents")


def polls_of(calls: list[Call]) -> list[list[str]]:
    """The watching calls after CreateStack, grouped into polls by the gaps between them."""
    created = next((i for i, c in enumerate(calls) if c.action == "CreateStack"), None)
    polls: list[list[str]] = []
    last: float | None = None
    for call in calls[(created or 0) + 1 :]:
        if call.action not in WATCH_ACTIONS:
            continue
        if last is None or call.at - last > POLL_GAP_S:
            polls.append([])
        polls[-1].append(call.action)
        last = call.at
    return polls


def poll_costs(calls: list[Call]) -> dict[str, float]:
    """Calls per poll (median, max), DescribeStackEvents pages per poll (median, max), and
    how many polls read DescribeStacks."""
    polls = polls_of(calls)
    sizes = [len(p) for p in polls]
    pages = [p.count("DescribeStackEvents") for p in polls]
    return {
        "polls": float(len(polls)),
        "calls_median": median(sizes) or 0.0,
        "calls_max": float(max(sizes, default=0)),
        "pages_median": median(pages) or 0.0,
        "pages_max": float(max(pages, default=0)),
        "describes": float(sum(p.count("DescribeStacks") for p in polls)),
    }


def run(speed: float, core_stacks: int, with_cli: bool, timeout_s: float) -> list[Figure]:
    from benchmarks.ui_child import plan_for
    from chroma_tui.core.backend import Backend
    from chroma_tui.core.state import DeploymentStore
    from chroma_tui.sandbox import TEMPLATE_URL

    with (
        tempfile.TemporaryDirectory(prefix="chroma-tui-deploy-") as tmp_dir,
        CountingSandbox(speed) as cs,
    ):
        tmp = Path(tmp_dir)
        backend = Backend(store=DeploymentStore(tmp / "core"))
        cores = [{} for _ in range(core_stacks)]
        ui: dict[str, Any] = {}
        cli: dict[str, Any] = {}
        threads = [
            threading.Thread(
                target=_core_run, args=(cs, backend, plan_for(backend, f"bench-core-{i}"), out)
            )
            for i, out in enumerate(cores)
        ]
        threads.append(threading.Thread(target=_ui_run, args=(cs, timeout_s, ui)))
        if with_cli:
            threads.append(threading.Thread(target=_cli_run, args=(cs, TEMPLATE_URL, cli)))
        watch = AnswerWatch(lambda: cs.chroma_address(UI_STACK), deadline_s=timeout_s + 60)
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout_s + 120)
        watch.stop()
        stamps = cs.event_times()
        return _figures(cs, stamps, cores, ui, cli if with_cli else None, watch, speed)


def _worst_lag_note(ui: dict[str, Any]) -> str:
    """Where the worst stall happened: the screen showing then and how long after it appeared."""
    launched = ui.get("launched_at") or 0.0
    pairs = [
        (lag, at)
        for lag, at in zip(ui.get("lag_s", []), ui.get("lag_at", []), strict=False)
        if at >= launched
    ]
    if not pairs:
        return "10 ms asyncio tick"
    lag_s, at = max(pairs)
    shown = sorted((t, name) for name, t in ui.get("screens", {}).items() if t <= at)
    if not shown:
        return f"worst {lag_s * 1000:.0f} ms"
    since, name = shown[-1]
    return f"worst {lag_s * 1000:.0f} ms, {at - since:.2f} s into {name}"


def worst_lag_per_screen(ui: dict[str, Any]) -> dict[str, float]:
    """The worst loop lag (s) while each screen was showing, by the screen's class name."""
    shown = sorted((at, name) for name, at in ui.get("screens", {}).items())
    launched = ui.get("launched_at")
    if launched is not None:
        shown = sorted([*shown, (launched, "LaunchScreen")])
    worst: dict[str, float] = {}
    for lag, at in zip(ui.get("lag_s", []), ui.get("lag_at", []), strict=False):
        before = [name for since, name in shown if since <= at]
        name = before[-1] if before else "HomeScreen"
        worst[name] = max(worst.get(name, 0.0), lag)
    return worst


def _stall_dump(ui: dict[str, Any]) -> None:
    """CHROMA_TUI_BENCH_STALLS=1: print the loop thread's stacks sampled during stalls."""
    if os.environ.get("CHROMA_TUI_BENCH_STALLS") != "1":
        return
    for stack in ui.get("stalls", []):
        print("stall:", *stack, sep="\n    ", file=sys.stderr)
    shown = sorted((at, name) for name, at in ui.get("screens", {}).items())
    if ui.get("launched_at") is not None:
        shown = sorted([*shown, (ui["launched_at"], "LaunchScreen")])
    for started, path, took in ui.get("model_loads", []):
        before = [(since, name) for since, name in shown if since <= started]
        where = f"{before[-1][1]} +{started - before[-1][0]:.2f} s" if before else "start"
        print(f"model read: {path} ({where}, {took * 1000:.0f} ms)", file=sys.stderr)
    for stall in ui.get("stall_profiles", []):
        before = [(since, name) for since, name in shown if since <= stall["at"]]
        where = f"{before[-1][1]} +{stall['at'] - before[-1][0]:.2f} s" if before else "start"
        print(
            f"stall {stall['lag_s'] * 1000:.0f} ms ({where}), {stall['samples']} samples:",
            *(f"{n:4d} {name}" for name, n in stall["frames"]),
            *stall.get("gaps", []),
            sep="\n    ",
            file=sys.stderr,
        )


def _figures(
    cs: CountingSandbox,
    stamps: dict[str, float],
    cores: list[dict[str, Any]],
    ui: dict[str, Any],
    cli: dict[str, Any] | None,
    watch: AnswerWatch,
    speed: float,
) -> list[Figure]:
    figs: list[Figure] = []
    errors = [c["error"] for c in cores if "error" in c] + ([ui["error"]] if "error" in ui else [])
    core_lat = [t - stamps[e] for c in cores for e, t in c.get("seen", {}).items() if e in stamps]
    ui_lat = [t - stamps[e] for e, t in ui.get("painted", {}).items() if e in stamps]
    at = f"sandbox speed {speed:g}"
    figs += [
        Figure(
            "event latency: visible → EventStream (median)",
            median(core_lat),
            "s",
            LATENCY_MEDIAN_S,
            at,
            len(core_lat),
        ),
        Figure(
            "event latency: visible → EventStream (p95)",
            p95(core_lat),
            "s",
            LATENCY_P95_S,
            at,
            len(core_lat),
        ),
        Figure(
            "event latency: visible → row on screen (median)",
            median(ui_lat),
            "s",
            LATENCY_MEDIAN_S,
            at,
            len(ui_lat),
        ),
        Figure(
            "event latency: visible → row on screen (p95)",
            p95(ui_lat),
            "s",
            LATENCY_P95_S,
            at,
            len(ui_lat),
        ),
    ]
    done = [c for c in cores if "finished_at" in c]
    notice = [
        c["finished_at"] - (cs.completed_at(c["calls"][0].stack) or c["finished_at"])
        for c in done
        if c.get("calls")
    ]
    figs.append(
        Figure(
            "completion noticed: EventStream",
            median(notice),
            "s",
            None,
            "CREATE_COMPLETE → stream ends",
            len(notice),
        )
    )
    screens = ui.get("screens", {})
    ui_done = cs.completed_at(UI_STACK)
    if ui_done and "WaitingScreen" in screens:
        figs.append(
            Figure(
                "completion noticed: app (Waiting screen)",
                screens["WaitingScreen"] - ui_done,
                "s",
                None,
                "CREATE_COMPLETE → Waiting",
            )
        )
    calls = [len(c["calls"]) for c in done if c.get("calls")]
    costs = [poll_costs(c["calls"]) for c in done if c.get("calls")]
    figs.append(
        Figure(
            "API: CloudFormation calls per deployment (core)",
            median(calls),
            "calls",
            None,
            "CreateStack → CREATE_COMPLETE",
            len(calls),
        )
    )
    if ui.get("calls"):
        figs.append(
            Figure(
                "API: CloudFormation calls per deployment (app)",
                float(len(ui["calls"])),
                "calls",
                None,
                "launch → Connected",
            )
        )
    if costs:
        figs.append(
            Figure(
                "API: CloudFormation calls per poll (core, median)",
                median([c["calls_median"] for c in costs]),
                "calls",
                1,
                f"max {max(c['calls_max'] for c in costs):g}; "
                f"DescribeStacks in {median([c['describes'] for c in costs]):g} "
                f"of {median([c['polls'] for c in costs]):g} polls",
                len(costs),
            )
        )
        figs.append(
            Figure(
                "API: DescribeStackEvents pages per poll",
                median([c["pages_median"] for c in costs]),
                "pages",
                1,
                f"max {max(c['pages_max'] for c in costs):g}",
            )
        )
    if cli is not None:
        if "error" in cli:
            figs.append(Figure("AWS CLI: create-stack + wait", None, "s", None, cli["error"]))
        else:
            cli_done = cs.completed_at(CLI_STACK) or cli["finished_at"]
            figs.append(
                Figure(
                    "AWS CLI: CloudFormation calls per deployment",
                    float(len(cli["calls"])),
                    "calls",
                    None,
                    "create-stack + wait stack-create-complete",
                )
            )
            figs.append(
                Figure(
                    "completion noticed: AWS CLI waiter",
                    cli["finished_at"] - cli_done,
                    "s",
                    None,
                    "CREATE_COMPLETE → wait returns (30 s poll)",
                )
            )
    connected = screens.get("ConnectedScreen")
    if connected and watch.answered_at:
        since = max(watch.answered_at, screens.get("WaitingScreen", watch.answered_at))
        figs.append(
            Figure(
                "heartbeat: answering/Waiting → Connected screen (app)",
                connected - since,
                "s",
                HEARTBEAT_S,
                "Chroma started with the instance",
            )
        )
    launched = ui.get("launched_at") or 0.0
    during = [
        lag
        for lag, at in zip(ui.get("lag_s", []), ui.get("lag_at", []), strict=False)
        if at >= launched
    ]
    if during:
        figs.append(
            Figure(
                "event loop: max lag during a deployment (app)",
                max(during) * 1000,
                "ms",
                LAG_S * 1000,
                _worst_lag_note(ui) + "; launch → Connected, clients made before (as Review)",
                len(during),
            )
        )
        for name, lag_s in sorted(worst_lag_per_screen(ui).items()):
            figs.append(
                Figure(
                    f"event loop: worst stall on {name} (app)",
                    lag_s * 1000,
                    "ms",
                    LAG_S * 1000,
                )
            )
        _stall_dump(ui)
        figs.append(
            Figure(
                "memory: peak RSS during a deployment (app)",
                ui["peak_rss_kb"] / 1024,
                "MB",
                RSS_MB,
                "UI process; chromadb is imported in the probe's client child",
            )
        )
        if ui.get("peak_child_rss_kb"):
            figs.append(
                Figure(
                    "memory: peak RSS of the chromadb client child",
                    ui["peak_child_rss_kb"] / 1024,
                    "MB",
                    None,
                    "a separate process, ended at Connected",
                )
            )
    if errors:
        figs.append(
            Figure("deployment errors", float(len(errors)), "calls", 0, "; ".join(errors)[:300])
        )
    return figs
