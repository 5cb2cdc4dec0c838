"""A real Chroma server for the sandbox: provisioning the ``chroma`` executable and running it.

The server comes from the full ``chromadb`` package, which must not share an environment with
``chromadb-client`` (both install the ``chromadb`` import package), so it lives in its own
virtual environment under the cache dir, built once and reused.
"""

from __future__ import annotations

import contextlib
import fcntl
import importlib.metadata
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

from chroma_tui.core import paths
from chroma_tui.i18n import plural, t

log = logging.getLogger(__name__)

CHROMA_BIN_VARIABLE = "CHROMA_TUI_CHROMA_BIN"
OFFLINE_VARIABLE = "CHROMA_TUI_SANDBOX_OFFLINE"
COMPLETE_MARKER = ".chroma-tui-complete"
FALLBACK_VERSION = "1.5.9"
# A released chromadb version as pip spells it (1.5.9, 1.0.0a3, 0.6.3.post1): nothing else is
# ever handed to pip, whatever a template asks for.
VERSION_RE = re.compile(r"^\d+(?:\.\d+){1,3}(?:(?:a|b|rc)\d+)?(?:\.post\d+)?$")


class ProvisionError(RuntimeError):
    """This Chroma version cannot be had (offline and not cached, or pip could not install it)."""


def client_version() -> str:
    """The installed chromadb-client's version: the server is provisioned to match it."""
    try:
        return importlib.metadata.version("chromadb-client")
    except importlib.metadata.PackageNotFoundError:
        return FALLBACK_VERSION


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def _venv_bin(venv: Path, name: str) -> Path:
    if os.name == "nt":
        return venv / "Scripts" / f"{name}.exe"
    return venv / "bin" / name


def _stream(cmd: list[str], progress: Callable[[str], None]) -> None:
    """Run ``cmd``, passing each output line to ``progress``; raise on a non-zero exit."""
    progress("$ " + " ".join(cmd))
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        text=True,
        bufsize=1,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        progress(line.rstrip())
    code = proc.wait()
    if code != 0:
        raise RuntimeError(f"{cmd[0]} exited with status {code}")


def offline() -> bool:
    """``CHROMA_TUI_SANDBOX_OFFLINE=1``: only versions already provisioned exist (tests)."""
    return os.environ.get(OFFLINE_VARIABLE, "").strip() not in ("", "0")


def server_dir(version: str) -> Path:
    return paths.cache_dir() / "chroma-server" / version


def provisioned(version: str) -> Path | None:
    """The cached ``chroma`` of ``version`` if its install completed, else None (no install)."""
    if not VERSION_RE.match(version):
        return None
    venv = server_dir(version)
    chroma = _venv_bin(venv, "chroma")
    if (venv / COMPLETE_MARKER).exists() and chroma.exists():
        return chroma
    return None


def ready_chroma(version: str | None = None) -> Path | None:
    """The ``chroma`` of ``version`` (default: the client's) if it needs no install, else None."""
    version = version or client_version()
    override = os.environ.get(CHROMA_BIN_VARIABLE)
    if override and version == version_of(Path(override)):
        return Path(override)
    return provisioned(version)


def version_of(chroma_bin: Path) -> str:
    """The version a ``chroma`` executable serves: its venv's marker, else the client's."""
    marker = Path(chroma_bin).parent.parent / COMPLETE_MARKER
    try:
        text = marker.read_text("utf-8").strip()
    except OSError:
        return client_version()
    return text or client_version()


def provision_chroma(
    progress: Callable[[str], None] = lambda line: None,
    version: str | None = None,
    on_package: Callable[[str], None] | None = None,
) -> Path:
    """The ``chroma`` executable: ``$CHROMA_TUI_CHROMA_BIN``, else a cached venv, built once.

    The venv is marked complete only after pip succeeded, so an interrupted install is redone.
    Two processes provisioning the same version take turns (a lock file beside the venv).
    """
    override = os.environ.get(CHROMA_BIN_VARIABLE)
    if override and (version is None or version == version_of(Path(override))):
        return Path(override)
    version = version or client_version()
    if not VERSION_RE.match(version):
        raise ProvisionError(f"{version!r} is not a Chroma release version")
    found = provisioned(version)
    if found is not None:
        return found
    if offline():
        raise ProvisionError(f"Chroma {version} is not provisioned and {OFFLINE_VARIABLE} is set")
    venv = server_dir(version)
    venv.parent.mkdir(parents=True, exist_ok=True)
    with _install_lock(venv):
        found = provisioned(version)  # another process may have finished it meanwhile
        if found is not None:
            return found
        return _install(venv, version, progress, on_package)


@contextlib.contextmanager
def _install_lock(venv: Path) -> Iterator[None]:
    fd = os.open(venv.with_name(venv.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def installer() -> str | None:
    """``uv`` when it is installed (much faster), else None: ``python -m venv`` and pip.

    Installed means on PATH, or beside the Python this runs on (start.py puts the uv it fetched
    into the app's own environment: the sandbox finds it there, whatever PATH says).
    """
    found = shutil.which("uv")
    if found:
        return found
    beside = Path(sys.executable).parent / ("uv.exe" if os.name == "nt" else "uv")
    return str(beside) if beside.is_file() and os.access(beside, os.X_OK) else None


def _commands(venv: Path, requirement: str, uv: str | None) -> tuple[list[str], list[str]]:
    """The command that makes ``venv`` and the one that installs ``requirement`` into it."""
    python = _venv_bin(venv, "python")
    if uv:
        make = [uv, "venv", "--quiet", "--python", sys.executable, str(venv)]
        return make, [uv, "pip", "install", "--python", str(python), requirement]
    make = [sys.executable, "-m", "venv", str(venv)]
    return make, [str(python), "-m", "pip", "install", "--disable-pip-version-check", requirement]


class _Progress:
    """Turns the installer's raw output into a few lines in the app's language.

    Every raw line goes to the log (the log file); ``report`` gets the step, the packages seen so
    far and the time elapsed, at most once a second per step.
    """

    def __init__(
        self,
        version: str,
        report: Callable[[str], None],
        on_package: Callable[[str], None] | None = None,
    ) -> None:
        self.version = version
        self.report = report
        self.on_package = on_package
        self.started = time.monotonic()
        self.packages: set[str] = set()
        self._last = 0.0

    def elapsed(self) -> int:
        return int(time.monotonic() - self.started)

    def step(self, key: str) -> None:
        self.report(t(key, version=self.version, elapsed=self.elapsed()))

    def raw(self, line: str) -> None:
        log.info("chroma %s install: %s", self.version, line)
        match = PACKAGE_RE.match(line)
        if match:
            name = match.group(1).lower()
            if name not in self.packages and self.on_package is not None:
                self.on_package(name)
            self.packages.add(name)
        now = time.monotonic()
        if match and now - self._last >= 1.0:
            self._last = now
            self.report(
                plural(
                    "sandbox.provision.packages",
                    len(self.packages),
                    version=self.version,
                    elapsed=self.elapsed(),
                )
            )


# pip: "Collecting numpy>=1.22" / "Downloading numpy-2.1.0-...whl"; uv: " + numpy==2.1.0"
PACKAGE_RE = re.compile(r"^\s*(?:Collecting|Downloading|\+)\s+([A-Za-z0-9][A-Za-z0-9._-]*)")


def _install(
    venv: Path,
    version: str,
    report: Callable[[str], None],
    on_package: Callable[[str], None] | None = None,
) -> Path:
    """Make the venv and pip-install Chroma; ``on_package`` hears each new package named."""
    chroma = _venv_bin(venv, "chroma")
    progress = _Progress(version, report, on_package)
    if venv.exists():
        progress.step("sandbox.provision.unfinished")
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    uv = installer()
    progress.step("sandbox.provision.start_uv" if uv else "sandbox.provision.start_pip")
    requirement = f"chromadb=={version}"
    try:
        _make_and_install(venv, requirement, uv, progress)
    except RuntimeError as exc:
        shutil.rmtree(venv, ignore_errors=True)
        if uv is None:
            progress.step("sandbox.provision.failed")
            raise ProvisionError(f"could not install {requirement}: {exc}") from None
        # uv may not reach an index pip is configured for, or lack a wheel pip can build
        log.warning("uv could not install %s (%s): trying pip", requirement, exc)
        progress.step("firstrun.provision.uv_failed")
        try:
            _make_and_install(venv, requirement, None, progress)
        except RuntimeError as again:
            shutil.rmtree(venv, ignore_errors=True)
            progress.step("sandbox.provision.failed")
            raise ProvisionError(f"could not install {requirement}: {again}") from None
    if not chroma.exists():
        raise RuntimeError(f"{requirement} installed but {chroma} is missing")
    (venv / COMPLETE_MARKER).write_text(version + "\n", encoding="utf-8")
    progress.step("sandbox.provision.done")
    return chroma


def _make_and_install(venv: Path, requirement: str, uv: str | None, progress: _Progress) -> None:
    """Make ``venv`` and install ``requirement`` into it; RuntimeError when either fails."""
    make, install = _commands(venv, requirement, uv)
    _stream(make, progress.raw)
    progress.step("sandbox.provision.installing")
    _stream(install, progress.raw)


def heartbeat(host: str, port: int, timeout_s: float = 1.0) -> bool:
    """True when ``GET /api/v2/heartbeat`` answers 200 within ``timeout_s``."""
    url = f"http://{host}:{port}/api/v2/heartbeat"
    try:
        with urllib.request.urlopen(url, timeout=timeout_s) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


class ChromaServer:
    """``chroma run`` on a loopback port with its data in a temporary directory."""

    def __init__(self, chroma_bin: Path, port: int | None = None, host: str = "127.0.0.1") -> None:
        self.chroma_bin = Path(chroma_bin)
        self.host = host
        self.port = port or free_port(host)
        self._proc: subprocess.Popen[bytes] | None = None
        self._data: tempfile.TemporaryDirectory[str] | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self, wait: bool = True, timeout_s: float = 60.0) -> ChromaServer:
        """Start the process; with ``wait``, block until it answers a heartbeat (bounded)."""
        if self._proc is not None:
            return self
        self._data = tempfile.TemporaryDirectory(prefix="chroma-tui-sandbox-")
        data = Path(self._data.name)
        log_file = open(data / "chroma.log", "wb")  # noqa: SIM115 - kept open for the child
        cmd = [str(self.chroma_bin), "run", "--path", str(data / "db"), "--host", self.host]
        cmd += ["--port", str(self.port)]
        log.info("starting Chroma: %s", " ".join(cmd))
        try:
            self._proc = subprocess.Popen(
                cmd, stdout=log_file, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        finally:
            log_file.close()
        if wait:
            self.wait_ready(timeout_s)
        return self

    def wait_ready(self, timeout_s: float = 60.0) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if heartbeat(self.host, self.port, timeout_s=1.0):
                return
            if self._proc is not None and self._proc.poll() is not None:
                raise RuntimeError(f"chroma exited with status {self._proc.returncode}")
            time.sleep(0.1)
        raise TimeoutError(f"Chroma on port {self.port} did not answer within {timeout_s:.0f} s")

    def stop(self, timeout_s: float = 5.0) -> None:
        """Terminate, then kill if it does not exit; remove its data."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout_s)
        if self._data is not None:
            with contextlib.suppress(OSError):
                self._data.cleanup()
            self._data = None

    def __enter__(self) -> ChromaServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
