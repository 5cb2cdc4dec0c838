"""chroma-tui benchmarks, one command: ``python benchmarks/run.py [--quick] [--json FILE]``.

Prints each figure with its target. ``--quick`` is the CI smoke run (under a minute): it fails
only when a benchmark crashes, never on timing. The full run adds repeats, a speed-1 sandbox
and the AWS CLI side by side. See docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.common import Figure, table, write_child_result  # noqa: E402


def _suites(quick: bool) -> list[tuple[str, Callable[[], list[Figure]]]]:
    from benchmarks import client_lag, deploy_bench, heartbeat, memory, startup

    if quick:
        return [
            ("startup", lambda: startup.run(repeats=2)),
            ("memory", lambda: memory.run()),
            ("heartbeat", lambda: heartbeat.run([1.0])),
            ("clients", lambda: client_lag.run(repeats=2)),
            (
                "deploy",
                lambda: deploy_bench.run(speed=8.0, core_stacks=1, with_cli=False, timeout_s=40),
            ),
        ]
    return [
        ("startup", lambda: startup.run(repeats=7)),
        ("memory", lambda: memory.run()),
        ("heartbeat", lambda: heartbeat.run([1.0, 2.5, 4.0, 6.0])),
        ("clients", lambda: client_lag.run(repeats=5)),
        (
            "deploy",
            lambda: deploy_bench.run(speed=1.0, core_stacks=3, with_cli=True, timeout_s=240),
        ),
    ]


def _child(args: argparse.Namespace) -> int:
    home = Path(args.child_out).parent / "child-home"
    if args.child == "ui":
        from benchmarks import ui_child

        data = ui_child.main(args.stack, args.timeout, home)
    elif args.child == "memory":
        from benchmarks import memory_child

        data = memory_child.main(args.events, args.rate, home)
    elif args.child == "clients":
        from benchmarks import client_lag

        data = client_lag.child(args.stock)
    elif args.child == "heartbeat":
        from benchmarks import heartbeat

        data = heartbeat.child(args.delay)
    else:
        raise SystemExit(f"unknown child {args.child}")
    write_child_result(args.child_out, data)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="CI smoke run (< 1 min)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures to FILE")
    parser.add_argument("--only", action="append", help="run only these suites (repeatable)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    parser.add_argument("--stack", default="bench-ui", help=argparse.SUPPRESS)
    parser.add_argument("--timeout", type=float, default=60.0, help=argparse.SUPPRESS)
    parser.add_argument("--stock", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--delay", type=float, default=1.0, help=argparse.SUPPRESS)
    parser.add_argument("--events", type=int, default=500, help=argparse.SUPPRESS)
    parser.add_argument("--rate", type=float, default=100.0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)

    figures: list[Figure] = []
    crashed: list[str] = []
    for name, suite in _suites(args.quick):
        if args.only and name not in args.only:
            continue
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            figures.extend(suite())
        except Exception:
            crashed.append(name)
            traceback.print_exc()
    print(table(figures))
    missed = [f.name for f in figures if f.met is False]
    if missed:
        print(f"\ntargets missed: {len(missed)} (see docs/performance.md)")
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "quick": args.quick,
                    "figures": [f.as_dict() for f in figures],
                    "crashed": crashed,
                },
                indent=2,
            ),
            "utf-8",
        )
    if crashed:
        print(f"crashed: {', '.join(crashed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
