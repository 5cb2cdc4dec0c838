"""README's first command: ``python3 start.py --sandbox`` (any chroma-tui arguments after it).

Makes ``.venv`` and installs chroma-tui with the sandbox into it once, then runs
``.venv/bin/chroma-tui`` with the arguments given. The installer, fastest first:

1. ``uv`` when it is on PATH: ``uv venv`` + ``uv pip install -e .[sandbox]``;
2. else uv fetched once with this Python's own pip (``pip install --target <temp dir> uv``: one
   wheel, a few seconds), then as 1, with ``uv`` installed into ``.venv`` too, so the sandbox
   finds it beside the app's Python and installs its Chroma server with it as well;
3. else, or when uv fails (offline, no pip, no wheel for this platform, an index uv cannot
   reach), ``python -m venv`` + pip, the reason in the log and one translated line on screen.

The installers' own output goes to ``.venv-install.log`` only: the screen gets one progress line
in the app's language (step, packages so far, seconds). Needs nothing but a Python 3.10+; it
imports only the standard library and ``chroma_tui.i18n`` (no dependencies).
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
LOG = HERE / ".venv-install.log"
EXTRAS = ".[sandbox]"
# A package named by pip ("Collecting x", "Downloading x-1.0-...whl") or uv ("+ x==1.0",
# "Downloading x (16.1MiB)").
_PACKAGE = re.compile(r"^\s*(?:Collecting|Downloading|Using cached|\+)\s+([A-Za-z0-9_.\-\[\]]+)")

sys.path.insert(0, str(HERE))
from chroma_tui.i18n import detect_language, normalize, set_language, t  # noqa: E402  (no deps)

# Runs one command (its output to the log), returns its exit code.
Runner = Callable[[Sequence[str]], int]


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def uv_in(target: Path) -> Path:
    """Where ``pip install --target <target> uv`` puts the uv executable."""
    return target / "bin" / ("uv.exe" if os.name == "nt" else "uv")


def install_commands(venv: Path, uv: str | None, *, keep_uv: bool = False) -> list[list[str]]:
    """The commands that make ``venv`` and install the project into it (with uv, else pip);
    ``keep_uv`` also installs uv itself into the venv (a bootstrapped uv lives in a temp dir)."""
    python = str(venv_bin(venv, "python"))
    # --clear: a .venv without chroma-tui in it is an install that did not finish; made anew
    if uv:
        packages = ["-e", EXTRAS, *(["uv"] if keep_uv else [])]
        return [
            [uv, "venv", "--clear", "--python", sys.executable, str(venv)],
            [uv, "pip", "install", "--python", python, *packages],
        ]
    return [
        [sys.executable, "-m", "venv", "--clear", str(venv)],
        [python, "-m", "pip", "install", "--disable-pip-version-check", "-e", EXTRAS],
    ]


def bootstrap_command(target: Path) -> list[str]:
    """Fetch uv with this Python's own pip into ``target`` (``--target`` leaves this Python's
    packages alone, and an externally managed system Python allows it)."""
    return [
        sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "--no-input",
        "--target", str(target), "uv",
    ]  # fmt: skip


def has_pip() -> bool:
    return importlib.util.find_spec("pip") is not None


class Progress:
    """One line in the app's language, rewritten in place on a terminal: the step, the packages
    the installer named so far, the seconds since it started."""

    def __init__(
        self,
        tool: str,
        write: Callable[[str], None],
        clock: Callable[[], float],
        key: str = "scripts.start.installing",
    ) -> None:
        self.tool = tool
        self.write = write
        self.clock = clock
        self.key = key
        self.started = clock()
        self.packages: set[str] = set()
        self.lock = threading.Lock()

    def step(self, key: str, tool: str | None = None) -> None:
        """A new step: its own line, its own package count (the seconds go on)."""
        self.key = key
        self.tool = tool or self.tool
        self.packages = set()
        self.show()

    def feed(self, line: str) -> None:
        match = _PACKAGE.match(line)
        if match:
            name = re.split(r"[=<>\-]\d|==", match.group(1))[0].lower()
            if name not in self.packages:
                self.packages.add(name)
                self.show()

    def text(self) -> str:
        seconds = f"{self.clock() - self.started:.0f}"
        return t(self.key, tool=self.tool, packages=len(self.packages), seconds=seconds)

    def show(self) -> None:
        with self.lock:
            self.write(self.text())


def run_logged(commands: Sequence[Sequence[str]], log: Path, progress: Progress) -> int:
    """Run each command with its output appended to ``log`` (and fed to ``progress``);
    the first non-zero exit code, else 0 (a command that cannot start: 127)."""
    with open(log, "a", encoding="utf-8") as out:
        for command in commands:
            out.write(f"$ {' '.join(command)}\n")
            out.flush()
            try:
                proc = subprocess.Popen(
                    list(command),
                    cwd=HERE,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    text=True,
                    errors="replace",
                )
            except OSError as exc:
                out.write(f"start.py: cannot run {command[0]}: {exc}\n")
                return 127
            assert proc.stdout is not None
            for line in proc.stdout:
                out.write(line)
                out.flush()
                progress.feed(line)
            code = proc.wait()
            if code != 0:
                out.write(f"start.py: exit status {code}\n")
                return code
    return 0


def note(log: Path, text: str) -> None:
    """A decision of start.py's own, in the log (English: the log is for whoever debugs)."""
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"start.py: {text}\n")


def run_each(run: Runner, commands: Sequence[Sequence[str]]) -> int:
    """Each command in turn until one fails: its exit code, else 0."""
    for command in commands:
        code = run(command)
        if code != 0:
            return code
    return 0


def installed(venv: Path) -> bool:
    return venv_bin(venv, "chroma-tui").exists()


def install(
    venv: Path,
    log: Path,
    progress: Progress,
    say: Callable[[str], None],
    run: Runner,
    uv_on_path: str | None,
    pip_here: bool,
    workdir: Path,
) -> str | None:
    """Install the app into ``venv``: uv from PATH, else uv fetched into ``workdir``, else (or
    when uv fails) pip. The tool that succeeded, or None; each decision is written to ``log``,
    and a fallback is said (one translated line) through ``say``."""
    uv, keep_uv = uv_on_path, False
    if venv.exists():
        note(log, f"{venv} has no chroma-tui (an install that did not finish): making it anew")
    if uv:
        note(log, f"uv found on PATH: {uv}")
    elif not pip_here:
        note(log, "no uv on PATH and this Python has no pip to fetch it: installing with pip")
    else:
        note(log, "no uv on PATH: fetching it with this Python's pip")
        progress.step("firstrun.start.fetching_uv", "uv")
        code = run(bootstrap_command(workdir))
        if code == 0 and uv_in(workdir).exists():
            uv, keep_uv = str(uv_in(workdir)), True
        else:
            why = f"exit status {code}" if code else f"no {uv_in(workdir)} after the install"
            note(log, f"could not fetch uv ({why}): installing with pip")
            say(t("firstrun.start.no_uv", log=str(log)))
    if uv:
        progress.step("scripts.start.installing", "uv")
        code = run_each(run, install_commands(venv, uv, keep_uv=keep_uv))
        if code == 0 and installed(venv):
            return "uv"
        why = f"exit status {code}" if code else f"no {venv_bin(venv, 'chroma-tui')}"
        note(log, f"uv could not install chroma-tui ({why}): removing {venv}, trying pip")
        say(t("firstrun.start.uv_failed", log=str(log)))
        shutil.rmtree(venv, ignore_errors=True)
    progress.step("scripts.start.installing", "pip")
    code = run_each(run, install_commands(venv, None))
    if code == 0 and installed(venv):
        return "pip"
    note(log, f"pip could not install chroma-tui (exit status {code})")
    return None


COMPILE_DELAY_S = 90.0  # past the wizard's first steps: the user reads, the CPU idles
_COMPILE = "import compileall, sys, time; time.sleep(float(sys.argv[2])); " \
    "sys.exit(not compileall.compile_dir(sys.argv[1], quiet=1, workers=0))"  # fmt: skip


def needs_compile(tool: str | None, environ: Mapping[str, str]) -> bool:
    """uv installs no ``.pyc`` files; with PYTHONDONTWRITEBYTECODE set (CI, this kind of machine)
    imports never write them either, so every start would compile botocore, moto and textual
    again (about twice the import time). Elsewhere the first imports write them."""
    return tool == "uv" and bool(environ.get("PYTHONDONTWRITEBYTECODE"))


def compile_command(venv: Path, delay_s: float = COMPILE_DELAY_S) -> list[str]:
    """Byte-compile every module in ``venv`` after ``delay_s`` (compileall writes ``.pyc``
    whatever PYTHONDONTWRITEBYTECODE says)."""
    return [str(venv_bin(venv, "python")), "-c", _COMPILE, str(venv), f"{delay_s:g}"]


def compile_in_background(venv: Path, log: Path) -> None:
    """Start :func:`compile_command` detached, at the lowest priority and after a delay: it
    takes only CPU the wizard leaves idle, and nothing waits for it (compiling right away
    delayed the first wizard step by several seconds on a busy 2-core machine)."""
    note(log, f"uv installs no .pyc: compiling them in {COMPILE_DELAY_S:g} s, in the background")
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"$ {' '.join(compile_command(venv))}\n")
        out.flush()
        subprocess.Popen(
            compile_command(venv),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=(lambda: os.nice(19)) if os.name == "posix" else None,
        )


class Ticker:
    """Rewrites the progress line once a second (the seconds move while an installer is quiet:
    uv prints nothing while it downloads)."""

    def __init__(self, progress: Progress, every_s: float = 1.0) -> None:
        self.progress = progress
        self.every_s = every_s
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="progress-ticker", daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every_s):
            self.progress.show()

    def __enter__(self) -> Ticker:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def _line_writer() -> Callable[[str], None]:
    """On a terminal the progress line is rewritten in place; elsewhere one line each."""
    if sys.stderr.isatty():
        return lambda text: print("\r\033[K" + text, end="", file=sys.stderr, flush=True)
    return lambda text: print(text, file=sys.stderr, flush=True)


def _say(text: str, lock: threading.Lock) -> None:
    """A line of its own (in place of the progress line, which the next update writes anew)."""
    with lock:
        print(("\r\033[K" if sys.stderr.isatty() else "") + text, file=sys.stderr, flush=True)


def main(argv: Sequence[str]) -> int:
    given = list(argv)
    lang = given[given.index("--lang") + 1] if "--lang" in given[:-1] else None
    set_language(normalize(lang) or detect_language())
    if sys.version_info < (3, 10):  # noqa: UP036  (README says 3.10+: say so, do not crash)
        version = ".".join(map(str, sys.version_info[:3]))
        print(t("firstrun.start.old_python", version=version), file=sys.stderr)
        return 1
    if not installed(VENV):
        tty = sys.stderr.isatty()
        progress = Progress("pip", _line_writer(), time.monotonic)
        LOG.write_text("", encoding="utf-8")
        with contextlib.ExitStack() as stack:  # not a parenthesised with: old Pythons parse this
            workdir = stack.enter_context(tempfile.TemporaryDirectory(prefix="chroma-tui-uv-"))
            if tty:
                stack.enter_context(Ticker(progress))
            tool = install(
                VENV,
                LOG,
                progress,
                lambda text: _say(text, progress.lock),
                lambda command: run_logged([command], LOG, progress),
                shutil.which("uv"),
                has_pip(),
                Path(workdir),
            )
        if tty:
            print(file=sys.stderr)
        if tool is None:
            print(t("scripts.start.failed", log=str(LOG)), file=sys.stderr)
            return 1
        seconds = f"{time.monotonic() - progress.started:.0f}"
        print(t("scripts.start.done", seconds=seconds, log=str(LOG)), file=sys.stderr)
        if needs_compile(tool, os.environ):
            compile_in_background(VENV, LOG)
    app = str(venv_bin(VENV, "chroma-tui"))
    if os.name == "nt":
        return subprocess.call([app, *argv])
    os.execv(app, [app, *argv])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
