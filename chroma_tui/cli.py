"""The ``chroma-tui`` command: the TUI by default; deploy / status / delete / sandbox.

Nothing heavy is imported here: the TUI, the sandbox (moto) and boto3 load only when the chosen
command needs them, so ``--help`` and ``--version`` answer at once.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

from chroma_tui import __version__
from chroma_tui.i18n import SUPPORTED, detect_language, normalize, set_language, t

# Mirrors chroma_tui.sandbox.SCENARIOS (a test keeps them equal) without importing moto.
if TYPE_CHECKING:
    from chroma_tui.console import Console
    from chroma_tui.core.backend import Backend
    from chroma_tui.core.errors import ChromaTuiError

SCENARIOS = (
    "ok",
    "no-default-vpc",
    "missing-key-pair",
    "insufficient-capacity",
    "slow-boot",
    "throttle",
)
COMMANDS = ("deploy", "status", "watch", "lock", "delete", "snapshots", "stop", "start", "sandbox")
VALUE_OPTIONS = ("--lang", "--profile", "--region", "--template")
SPEED_VARIABLE = "CHROMA_TUI_SANDBOX_SPEED"
INTERRUPTED = 130  # console.INTERRUPTED, without importing the core here


def _global_options(parser: argparse.ArgumentParser, *, suppress: bool) -> None:
    """Options accepted before and after the subcommand (after: defaults suppressed)."""
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--sandbox",
        nargs="?",
        const="ok",
        default=default,
        choices=SCENARIOS,
        metavar="SCENARIO",
        help=t("cli.opt.sandbox", scenarios=", ".join(SCENARIOS)),
    )
    parser.add_argument("--lang", default=default, choices=SUPPORTED, help=t("cli.opt.lang"))
    parser.add_argument("--profile", default=default, help=t("cli.opt.profile"))
    parser.add_argument("--region", default=default, help=t("cli.opt.region"))
    parser.add_argument(
        "--template", default=default, metavar="URL|FILE", help=t("cli.opt.template")
    )


def build_parser(*, json_errors: bool = False) -> argparse.ArgumentParser:
    """The parser; ``json_errors``: usage errors raise ``_UsageError`` instead of exiting."""
    kind = _JsonArgumentParser if json_errors else argparse.ArgumentParser
    parser = kind(
        prog="chroma-tui",
        description=t("cli.description"),
        epilog=t("journey.exit_codes"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"chroma-tui {__version__}")
    _global_options(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    common = argparse.ArgumentParser(add_help=False)
    _global_options(common, suppress=True)

    dep = sub.add_parser(
        "deploy", parents=[common], help=t("cli.deploy.help"), description=t("cli.deploy.help")
    )
    dep.add_argument("--yes", action="store_true", help=t("cli.opt.yes"))
    dep.add_argument("--stack-name", help=t("cli.opt.stack_name"))
    dep.add_argument("--instance-type", help=t("cli.opt.instance_type"))
    dep.add_argument("--key-name", help=t("cli.opt.key_name"))
    dep.add_argument("--chroma-version", help=t("cli.opt.chroma_version"))
    dep.add_argument("--otel-endpoint", help=t("cli.opt.otel_endpoint"))
    dep.add_argument("--otel-service-name", help=t("cli.opt.otel_service_name"))
    dep.add_argument("--otel-headers", help=t("cli.opt.otel_headers"))
    dep.add_argument("--create-default-vpc", action="store_true", help=t("cli.opt.create_vpc"))
    dep.add_argument("--no-lock", action="store_true", help=t("cli.opt.no_lock"))
    dep.add_argument("--no-wait", action="store_true", help=t("cli.opt.no_wait"))
    _json_option(dep)

    st = sub.add_parser(
        "status", parents=[common], help=t("cli.status.help"), description=t("cli.status.help")
    )
    st.add_argument("--check", action="store_true", help=t("smoke.cli.help"))
    _json_option(st)

    watch = sub.add_parser(
        "watch", parents=[common], help=t("journey.watch.help"), description=t("journey.watch.help")
    )
    watch.add_argument("--stack-name", required=True, help=t("cli.opt.stack_name"))
    watch.add_argument("--no-wait", action="store_true", help=t("cli.opt.no_wait"))
    _json_option(watch)

    lk = sub.add_parser(
        "lock", parents=[common], help=t("journey.lock.help"), description=t("journey.lock.help")
    )
    lk.add_argument("--stack-name", required=True, help=t("cli.opt.stack_name"))
    _json_option(lk)

    rm = sub.add_parser(
        "delete", parents=[common], help=t("cli.delete.help"), description=t("cli.delete.help")
    )
    rm.add_argument("--stack-name", required=True, help=t("cli.opt.stack_name"))
    rm.add_argument("--yes", action="store_true", help=t("cli.opt.yes"))
    rm.add_argument("--delete-key-pair", action="store_true", help=t("cli.opt.delete_key"))
    _json_option(rm)
    keep = rm.add_mutually_exclusive_group()
    keep.add_argument(
        "--snapshot",
        dest="snapshot",
        action="store_true",
        default=True,
        help=t("snap.opt.snapshot"),
    )
    keep.add_argument(
        "--no-snapshot", dest="snapshot", action="store_false", help=t("snap.opt.no_snapshot")
    )

    snaps = sub.add_parser(
        "snapshots", parents=[common], help=t("snap.cli.help"), description=t("snap.cli.help")
    )
    snaps.add_argument("--delete", metavar="SNAPSHOT_ID", help=t("snap.opt.delete"))
    snaps.add_argument("--yes", action="store_true", help=t("cli.opt.yes"))

    for verb in ("stop", "start"):
        power = sub.add_parser(
            verb,
            parents=[common],
            help=t(f"power.cli.{verb}_help"),
            description=t(f"power.cli.{verb}_help"),
        )
        power.add_argument("name", nargs="?", metavar="NAME", help=t("cli.opt.stack_name"))
        power.add_argument(
            "--stack-name", dest="named", metavar="NAME", help=t("cli.opt.stack_name")
        )
        if verb == "start":
            power.add_argument("--no-wait", action="store_true", help=t("power.opt.no_wait"))

    sub.add_parser("sandbox", help=t("cli.sandbox.help"), add_help=False)
    return parser


def _json_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help=t("scripts.opt.json"))


class _JsonArgumentParser(argparse.ArgumentParser):
    """With --json, a usage error is raised (and written as one JSON error line)."""

    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def _normalize_sandbox(argv: list[str]) -> list[str]:
    """A bare ``--sandbox`` never swallows the subcommand that follows it."""
    fixed: list[str] = []
    for i, arg in enumerate(argv):
        nxt = argv[i + 1] if i + 1 < len(argv) else None
        if arg == "--sandbox" and (nxt is None or nxt not in SCENARIOS):
            fixed.append("--sandbox=ok")
        else:
            fixed.append(arg)
    return fixed


def _prescan(argv: list[str]) -> tuple[str | None, int | None]:
    """The --lang value (for --help's language) and the index of a ``sandbox`` subcommand."""
    lang = None
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
        elif arg in VALUE_OPTIONS:
            if arg == "--lang" and i + 1 < len(argv):
                lang = argv[i + 1]
            i += 2
            continue
        elif arg == "--sandbox" and i + 1 < len(argv) and argv[i + 1] in SCENARIOS:
            i += 2
            continue
        elif not arg.startswith("-"):
            return lang, (i if arg == "sandbox" else None)
        i += 1
    return lang, None


def _apply_sandbox(scenario: str, err: TextIO) -> None:
    """Start (or reuse) the sandbox daemon and point this process at it."""
    from chroma_tui.sandbox import ensure_daemon

    speed = float(os.environ.get(SPEED_VARIABLE) or 1.0)
    env = ensure_daemon(scenario, speed, lambda line: print(line, file=err, flush=True))
    os.environ.update(env)


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command; Ctrl-C anywhere ends it with one line and exit code 130."""
    err = stderr or sys.stderr
    try:
        return _main(argv, stdin=stdin, stdout=stdout, stderr=stderr)
    except KeyboardInterrupt:
        print(t("journey.interrupted"), file=err, flush=True)
        return INTERRUPTED


def _main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    out, err, inp = stdout or sys.stdout, stderr or sys.stderr, stdin or sys.stdin
    lang, sandbox_at = _prescan(args)
    set_language(normalize(lang) or detect_language())
    if sandbox_at is not None:
        from chroma_tui.sandbox import run_command

        return run_command(args[sandbox_at + 1 :])
    json_mode = "--json" in args
    parser = build_parser(json_errors=json_mode)
    try:
        opts = parser.parse_args(_normalize_sandbox(args))
    except _UsageError as exc:  # only with --json: one error line, exit 2 as argparse's
        return _json_usage_error(parser, str(exc), out, err, inp)
    language = getattr(opts, "lang", None) or detect_language()
    set_language(language)
    json_mode = bool(getattr(opts, "json", False))

    from chroma_tui.core.errors import ChromaTuiError

    try:
        _check_values(opts)
    except ChromaTuiError as exc:
        return _early_error(exc, opts, out, err, inp, json_mode)
    try:
        scenario = getattr(opts, "sandbox", None)
        if scenario:
            _apply_sandbox(scenario, err)
        _start_logging(err)
        backend = _backend(opts)
    except ChromaTuiError as exc:
        return _early_error(exc, opts, out, err, inp, json_mode)
    if opts.command is None:
        return _run_tui(backend, language)

    from chroma_tui import headless
    from chroma_tui.console import JsonConsole

    console = (JsonConsole if json_mode else headless.Console)(out, err, inp)
    try:
        code = _run_command(backend, opts, console)
    except KeyboardInterrupt:
        console.finish(opts.command, INTERRUPTED)
        raise
    console.finish(opts.command, code)
    return code


def _early_error(
    exc: ChromaTuiError,
    opts: argparse.Namespace,
    out: TextIO,
    err: TextIO,
    inp: TextIO,
    json_mode: bool,
) -> int:
    """Bad input before any command ran: the message and its fix; with --json one error line
    (and the result line)."""
    print(str(exc), file=err)
    print(exc.fix(), file=err)
    if json_mode:
        from chroma_tui.console import JsonConsole
        from chroma_tui.core.json_lines import error_record

        console = JsonConsole(out, err, inp)
        console.emit("error", **error_record(exc))
        console.finish(opts.command, 2)
    return 2


def _json_usage_error(
    parser: argparse.ArgumentParser, message: str, out: TextIO, err: TextIO, inp: TextIO
) -> int:
    parser.print_usage(err)
    print(f"{parser.prog}: error: {message}", file=err)
    from chroma_tui.console import JsonConsole

    console = JsonConsole(out, err, inp)
    console.refuse("scripts.usage", problem=message)
    console.finish("", 2)
    return 2


def _run_command(backend: Backend, opts: argparse.Namespace, console: Console) -> int:
    from chroma_tui import headless, headless_day2, headless_power

    command = {
        "deploy": headless.deploy,
        "status": headless.status,
        "watch": headless.watch,
        "lock": headless.lock,
        "delete": headless.delete,
        "snapshots": headless_day2.snapshots,
        "stop": headless_power.stop,
        "start": headless_power.start,
    }
    code = command[opts.command](backend, opts, console)
    for problem in backend.store_problems():  # records that could not be saved after a launch
        console.warn(t("cli.status.warning", warning=problem))
        console.emit("warning", message=problem)
    return code


def _run_tui(backend: Backend, language: str) -> int:
    """The TUI, talking to AWS through a process of its own (core/backend_remote.py), so that
    boto3 never shares the event loop's GIL. Where that process cannot be started (no
    descriptor passing on Windows, or it fails at once) the TUI runs ``backend`` itself: slower
    frames, same answers. The headless commands have no loop to keep and always do."""
    import logging

    from chroma_tui.core.backend_remote import RemoteBackend
    from chroma_tui.ui.app import run_app

    if sys.platform == "win32":
        return run_app(backend, lang=language)
    remote = RemoteBackend(
        profile=backend.profile,
        region=backend.region,
        template_source=backend.template_source,
    )
    try:
        remote.start()
    except Exception:  # any failure to start: the in-process backend serves
        logging.getLogger(__name__).exception("the backend process did not start")
        remote.close()
        return run_app(backend, lang=language)
    try:
        return run_app(remote, lang=language)
    finally:
        remote.close()


def _start_logging(err: TextIO) -> None:
    """The debug log; a log file that cannot be written is said once and never stops the app."""
    from chroma_tui.core.logs import LOG_FILE_NAME, setup_logging

    try:
        setup_logging()
    except OSError as exc:
        where = exc.filename or LOG_FILE_NAME
        print(t("records.log_unwritable", path=where, problem=exc.strerror or exc), file=err)


# Options taking a value: given empty, they are refused (never a silent default).
TEXT_OPTIONS = (
    "profile",
    "region",
    "template",
    "stack_name",
    "instance_type",
    "key_name",
    "chroma_version",
    "otel_endpoint",
    "otel_service_name",
    "otel_headers",
)


def _check_values(opts: argparse.Namespace) -> None:
    """Before anything starts (sandbox, AWS): no empty value, and a region that looks like one."""
    from chroma_tui.core import validation

    for dest in TEXT_OPTIONS:
        value = getattr(opts, dest, None)
        validation.check_given("--" + dest.replace("_", "-"), value)
    if getattr(opts, "region", None) is not None:
        validation.check_region_name(opts.region)


def _backend(opts: argparse.Namespace) -> Backend:
    from chroma_tui.core.backend import OFFICIAL_TEMPLATE_URL, Backend

    return Backend(
        profile=getattr(opts, "profile", None),
        region=getattr(opts, "region", None),
        template_source=getattr(opts, "template", None) or OFFICIAL_TEMPLATE_URL,
    )
