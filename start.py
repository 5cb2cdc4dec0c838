"""README's first command: ``python3 start.py --sandbox`` (any chroma-tui arguments after it).

Makes ``.venv`` and installs chroma-tui with the sandbox into it once, with ``uv`` when it is
on PATH (much faster), else with ``venv`` and pip; then runs ``.venv/bin/chroma-tui`` with the
arguments given. The installer's own output goes to ``.venv-install.log`` only: the screen gets
one progress line in the app's language (step, packages so far, seconds). Needs nothing but a
Python 3.10+; it imports only the standard library and ``chroma_tui.i18n`` (no dependencies).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv"
LOG = HERE / ".venv-install.log"
EXTRAS = ".[sandbox]"
# A package named by pip ("Collecting x", "Downloading x-1.0-...whl") or uv ("+ x==1.0").
_PACKAGE = re.compile(r"^\s*(?:Collecting|Downloading|Using cached|\+)\s+([A-Za-z0-9_.\-\[\]]+)")

sys.path.insert(0, str(HERE))
from chroma_tui.i18n import detect_language, normalize, set_language, t  # noqa: E402  (no deps)


def venv_bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / name


def install_commands(venv: Path, uv: str | None) -> list[list[str]]:
    """The commands that make ``venv`` and install the project into it."""
    python = str(venv_bin(venv, "python"))
    if uv:
        return [
            [uv, "venv", "--python", sys.executable, str(venv)],
            [uv, "pip", "install", "--python", python, "-e", EXTRAS],
        ]
    return [
        [sys.executable, "-m", "venv", str(venv)],
        [python, "-m", "pip", "install", "--disable-pip-version-check", "-e", EXTRAS],
    ]


class Progress:
    """Counts the packages the installer names; one line, rewritten in place on a terminal."""

    def __init__(self, tool: str, write: Callable[[str], None], clock: Callable[[], float]) -> None:
        self.tool = tool
        self.write = write
        self.clock = clock
        self.started = clock()
        self.packages: set[str] = set()

    def feed(self, line: str) -> None:
        match = _PACKAGE.match(line)
        if match:
            name = re.split(r"[=<>\-]\d|==", match.group(1))[0].lower()
            if name not in self.packages:
                self.packages.add(name)
                self.show()

    def text(self) -> str:
        seconds = f"{self.clock() - self.started:.0f}"
        return t("scripts.start.installing", tool=self.tool, packages=len(self.packages),
                 seconds=seconds)  # fmt: skip

    def show(self) -> None:
        self.write(self.text())


def run_logged(commands: Sequence[Sequence[str]], log: Path, progress: Progress) -> int:
    """Run each command with its output appended to ``log`` (and fed to ``progress``);
    the first non-zero exit code, else 0."""
    with open(log, "a", encoding="utf-8") as out:
        for command in commands:
            out.write(f"$ {' '.join(command)}\n")
            out.flush()
            proc = subprocess.Popen(
                list(command),
                cwd=HERE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                text=True,
                errors="replace",
            )
            assert proc.stdout is not None
            for line in proc.stdout:
                out.write(line)
                progress.feed(line)
            code = proc.wait()
            if code != 0:
                return code
    return 0


def installed(venv: Path) -> bool:
    return venv_bin(venv, "chroma-tui").exists()


def _line_writer() -> Callable[[str], None]:
    """On a terminal the progress line is rewritten in place; elsewhere one line each."""
    if sys.stderr.isatty():
        return lambda text: print("\r\033[K" + text, end="", file=sys.stderr, flush=True)
    return lambda text: print(text, file=sys.stderr, flush=True)


def main(argv: Sequence[str]) -> int:
    given = list(argv)
    lang = given[given.index("--lang") + 1] if "--lang" in given[:-1] else None
    set_language(normalize(lang) or detect_language())
    if not installed(VENV):
        uv = shutil.which("uv")
        tool = "uv" if uv else "pip"
        progress = Progress(tool, _line_writer(), time.monotonic)
        progress.show()
        LOG.write_text("", encoding="utf-8")
        code = run_logged(install_commands(VENV, uv), LOG, progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        if code != 0 or not installed(VENV):
            print(t("scripts.start.failed", log=str(LOG)), file=sys.stderr)
            return code or 1
        seconds = f"{time.monotonic() - progress.started:.0f}"
        print(t("scripts.start.done", seconds=seconds, log=str(LOG)), file=sys.stderr)
    app = str(venv_bin(VENV, "chroma-tui"))
    if os.name == "nt":
        return subprocess.call([app, *argv])
    os.execv(app, [app, *argv])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
