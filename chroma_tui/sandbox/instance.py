"""A sandbox EC2 instance that boots like one: its UserData "run" step by step, never by a shell.

The instance owns a loopback address (127.0.0.N), a serial console and, once its UserData's
``docker-compose up -d`` ran, a real Chroma process started the way the 1.x image starts it:
``chroma run <config.yaml>`` (persist_path in the instance's own temp dir, listening on the
instance's address and the published port), with the compose ``env_file`` lines as its
environment. Chroma's own output goes to a per-instance log file, never to the console: on EC2
``docker-compose up -d`` is detached and container logs never reach the serial console.

Waits are seconds at speed 1, divided by the speed factor.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import posixpath
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import chroma_tui.sandbox.compose as compose
import chroma_tui.sandbox.userdata as userdata
from chroma_tui.sandbox.console import ConsoleLog, cloud_init_date
from chroma_tui.sandbox.priority import in_background

log = logging.getLogger(__name__)

DOCKER_INSTALL_S = 22.0
SYMLINK_S = 1.3
FETCH_S = 1.5
PULL_S = 20.0
CREATE_S = 0.5
STEP_S = 0.05
STATUS_INITIALIZING_S = 120.0  # DescribeInstanceStatus says "initializing" this long
# The image's server binds its port a moment after the container starts; our `chroma run`
# (a Python entry point) needs seconds more, longer on a loaded machine. The console says
# "Started" once it listens (or has exited), so that wrapper cost never looks like a dead server.
LISTEN_WAIT_S = 120.0
DOCKER_VERSION = "25.0.8-1.amzn2.0.4"
CLOUD_INIT = "Cloud-init v. 19.3-46.amzn2.0.2"
# Variables that would move Chroma's data or socket outside the instance: never passed on.
GUARDED_VARIABLES = ("CHROMA_PERSIST_PATH", "CHROMA_LISTEN_ADDRESS", "CHROMA_PORT")
OTEL_ENDPOINT_VARIABLE = "CHROMA_OPEN_TELEMETRY__ENDPOINT"
LOOPBACK_OTEL = "127.0.0.1:4317"


LAYER_POLL_S = 0.5


def layer_id(version: str, index: int) -> str:
    """A stable docker-style layer id (12 hex digits) for the ``index``-th package installed."""
    return hashlib.sha256(f"{version}:{index}".encode()).hexdigest()[:12]


class Stopped(Exception):
    """The instance was terminated (or the sandbox halted) during its boot."""


@dataclass
class BootHooks:
    """What the boot needs from the sandbox."""

    fetch: Callable[[str], tuple[int, bytes] | None]  # url -> (HTTP status, body); None: no host
    chroma_for: Callable[[str, Callable[[str], None]], Path]  # version -> chroma (raises)
    slow_pull: Callable[[], bool]  # the slow-boot scenario is on
    halt: Callable[[], bool]
    # version -> packages its install (background or on demand) has named so far; None: none runs
    install_progress: Callable[[str], int | None] = field(default=lambda version: None)


@dataclass
class Instance:
    instance_id: str
    stack_name: str
    region: str
    address: str
    user_data: str  # as resolved by CloudFormation (base64)
    speed: float
    log_dir: Path
    console: ConsoleLog = field(init=False)
    launched: float = field(default_factory=time.monotonic)
    phase: str = "pending"
    version: str = ""
    port: int = 0
    terminated: bool = False
    stopped: bool = False  # StopInstances: Chroma's process is gone, its data kept (the volume)
    key_name: str = ""
    sshd: Any = None  # its sandbox.sshd.InstanceSshd while it runs
    skipped: list[str] = field(default_factory=list)
    security_groups: list[str] = field(default_factory=list)  # names (or ids) it was run with
    blocked: bool = False  # its group does not allow "my IP" on 8000: Chroma paused (firewall.py)
    _stop: threading.Event = field(default_factory=threading.Event)
    _proc: subprocess.Popen[bytes] | None = None
    _home: Path | None = None
    _files: dict[str, str] = field(default_factory=dict)
    _compose: tuple[Path, compose.Service, dict[str, str], str] | None = None  # what `up` ran

    def __post_init__(self) -> None:
        self.console = ConsoleLog(self.speed)
        self.console.boot_lines()
        self.phase = "running"

    # -- what the EC2 API reads -----------------------------------------------------------
    @property
    def log_path(self) -> Path:
        return self.log_dir / f"{self.instance_id}.log"

    def status(self) -> str:
        """``initializing`` for about two minutes (scaled) after launch, then ``ok``."""
        if self.terminated or self.stopped:
            return "not-applicable"
        elapsed = (time.monotonic() - self.launched) * self.speed
        return "initializing" if elapsed < STATUS_INITIALIZING_S else "ok"

    @property
    def chroma_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def describe(self) -> dict[str, object]:
        return {
            "instance_id": self.instance_id,
            "stack": self.stack_name,
            "region": self.region,
            "address": self.address,
            "port": self.port,
            "version": self.version,
            "phase": self.phase,
            "stopped": self.stopped,
            "chroma_running": self.chroma_running,
            "blocked": self.blocked,
            "log": str(self.log_path),
            "skipped": list(self.skipped),
        }

    # -- lifecycle ------------------------------------------------------------------------
    def start_boot(self, hooks: BootHooks) -> threading.Thread:
        thread = threading.Thread(
            target=self._boot, args=(hooks,), name=f"sandbox-boot-{self.instance_id}", daemon=True
        )
        thread.start()
        return thread

    def set_blocked(self, blocked: bool) -> None:
        """The security group stops (or starts again) letting "my IP" reach port 8000: pause
        Chroma (SIGSTOP, connections then time out as on EC2) or resume it (SIGCONT)."""
        if blocked == self.blocked:
            return
        self.blocked = blocked
        self._signal_pause()
        log.info("instance %s: port 8000 %s", self.instance_id, "blocked" if blocked else "open")

    def _signal_pause(self) -> None:
        proc = self._proc
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.send_signal(signal.SIGSTOP if self.blocked else signal.SIGCONT)

    def terminate(self, timeout_s: float = 5.0) -> None:
        """Stop Chroma (terminate, then kill) and remove the instance's files."""
        self.terminated = True
        self.phase = "terminated"
        self._stop.set()
        if self.sshd is not None:
            self.sshd.stop()
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            with contextlib.suppress(OSError):
                proc.send_signal(signal.SIGCONT)  # a paused process would not hear SIGTERM
            proc.terminate()
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout_s)
        if self._home is not None:
            shutil.rmtree(self._home, ignore_errors=True)
            self._home = None

    # -- stop / start (issue 12) ------------------------------------------------------------
    def power_off(self, timeout_s: float = 5.0) -> None:
        """StopInstances: Chroma's process ends (the container does not survive a stop);
        the instance's files stay, as the EBS volume does."""
        self.stopped = True
        self.phase = "stopped"
        self._stop.set()  # a boot still running ends here, as the machine halts
        if self.sshd is not None:
            self.sshd.stop()
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=timeout_s)

    def power_on(self, address: str) -> None:
        """StartInstances: a new address, a new boot on the console; UserData does not run
        again and nothing restarts Chroma (no restart policy)."""
        self.address = address
        self.stopped = False
        self._stop = threading.Event()
        self.launched = time.monotonic()
        self.console.boot_lines()
        self.phase = "running"

    def compose_up(self) -> tuple[int, str]:
        """``docker-compose up -d`` run again over SSH: start the container that ``up`` made."""
        if self.stopped or self.terminated:
            return 255, "ssh: connect to host: Connection refused\n"
        if self._compose is None:
            return 1, "no configuration file provided: not found\n"
        chroma, service, env, container = self._compose
        if self.chroma_running:
            return 0, f" Container {container}  Running\n"
        self._run_chroma(chroma, service, dict(env))
        return 0, f" Container {container}  Starting\n Container {container}  Started\n"

    # -- the boot -------------------------------------------------------------------------
    def _pause(self, seconds: float, hooks: BootHooks) -> None:
        deadline = time.monotonic() + seconds / max(self.speed, 1e-6)
        while True:
            if self._stop.is_set() or hooks.halt():
                raise Stopped
            left = deadline - time.monotonic()
            if left <= 0:
                return
            self._stop.wait(min(STEP_S, left))

    def _boot(self, hooks: BootHooks) -> None:
        say = self.console.cloud_init
        try:
            self.console.snapshot_now()
            script = userdata.parse(userdata.decode(self.user_data))
            self.phase = "booting"
            up = f"Up {self.console.uptime():.2f} seconds."
            say(f"{CLOUD_INIT} running 'modules:final' at {cloud_init_date()}. {up}")
            docker = False
            for step in script.steps:
                if step.kind == "install-docker":
                    self._pause(DOCKER_INSTALL_S, hooks)
                    say("Installed:")
                    say(f"  docker.x86_64 0:{DOCKER_VERSION}")
                    say("Complete!")
                    docker = True
                elif step.kind == "fetch":
                    self._fetch(step, hooks)
                elif step.kind == "sed":
                    self._sed(step)
                elif step.kind == "append":
                    self._files[step.path] = self._files.get(step.path, "") + step.new + "\n"
                elif step.kind == "compose-up":
                    if not docker:
                        say(
                            f"/var/lib/cloud/instance/scripts/part-001: {_command(step.line)}: "
                            "command not found"
                        )
                        continue
                    self._compose_up(step, hooks)
                else:
                    self._skip(step, hooks)
            if self.phase == "booting":
                self.phase = "booted"
            uptime = self.console.uptime()
            say(
                f"{CLOUD_INIT} finished at {cloud_init_date()}. Datasource DataSourceEc2.  "
                f"Up {uptime:.2f} seconds"
            )
        except Stopped:
            log.info("instance %s: boot stopped (terminated)", self.instance_id)
        except Exception:  # a sandbox bug must not kill the daemon silently
            log.exception("instance %s: boot failed", self.instance_id)

    def _skip(self, step: userdata.Step, hooks: BootHooks) -> None:
        self.skipped.append(step.line)
        log.info(
            "instance %s: UserData line not modelled, skipped: %s", self.instance_id, step.line
        )
        if step.line.split()[:3] == ["systemctl", "enable", "docker"]:
            self._pause(SYMLINK_S, hooks)
            self.console.cloud_init(
                "Created symlink from /etc/systemd/system/multi-user.target.wants/docker.service "
                "to /usr/lib/systemd/system/docker.service."
            )

    def _fetch(self, step: userdata.Step, hooks: BootHooks) -> None:
        say = self.console.cloud_init
        self._pause(FETCH_S, hooks)
        answer = hooks.fetch(step.url)
        say("  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current")
        say("                                 Dload  Upload   Total   Spent    Left  Speed")
        if answer is None:
            host = step.url.split("/")[2] if "//" in step.url else step.url
            say(
                f"  0     0    0     0    0     0      0      0 --:--:-- --:--:-- --:--:--     0"
                f"curl: (6) Could not resolve host: {host}"
            )
            return
        status, body = answer
        size = len(body)
        rate = max(size * 12, 1)
        say(
            f"100 {size:5d}  100 {size:5d}    0     0  {rate:5d}      0 --:--:-- --:--:-- "
            f"--:--:-- {rate:5d}"
        )
        self._files[step.path] = body.decode("utf-8", "replace")  # curl without -f keeps errors
        log.info(
            "instance %s: fetched %s (HTTP %d) to %s", self.instance_id, step.url, status, step.path
        )

    def _sed(self, step: userdata.Step) -> None:
        if step.path not in self._files:
            self.console.cloud_init(f"sed: can't read {step.path}: No such file or directory")
            return
        self._files[step.path] = self._files[step.path].replace(step.old, step.new)

    def _compose_up(self, step: userdata.Step, hooks: BootHooks) -> None:
        say = self.console.cloud_init
        path = next(
            (
                posixpath.join(step.cwd, n)
                for n in (
                    "docker-compose.yml",
                    "docker-compose.yaml",
                    "compose.yaml",
                    "compose.yml",
                )
                if posixpath.join(step.cwd, n) in self._files
            ),
            None,
        )
        if path is None:
            say("no configuration file provided: not found")
            self.phase = "failed"
            return
        try:
            service = compose.read(self._files[path])
        except compose.ComposeError as exc:
            say(str(exc))
            self.phase = "failed"
            return
        env: dict[str, str] = {}
        for name in service.env_files:
            env_path = posixpath.normpath(posixpath.join(step.cwd, name))
            if env_path not in self._files:
                say(f"env file {env_path} not found: stat {env_path}: no such file or directory")
                self.phase = "failed"
                return
            env.update(userdata.env_lines(self._files[env_path]))
        project = posixpath.basename(step.cwd.rstrip("/")) or "root"
        self.phase = "pulling"
        say(f" {service.name} Pulling")
        started = time.monotonic()
        chroma = self._pull(service, hooks)
        wanted = (PULL_S * (9.0 if hooks.slow_pull() else 1.0)) / max(self.speed, 1e-6)
        left = wanted - (time.monotonic() - started)
        if left > 0:
            self._pause(left * self.speed, hooks)
        if chroma is None:
            message = f"manifest for {service.image} not found: manifest unknown: manifest unknown"
            say(f" {service.name} Error {message}")
            say(f"Error response from daemon: {message}")
            self.phase = "failed"
            return
        say(f" {service.name} Pulled")
        self._pause(CREATE_S, hooks)
        for network in service.networks:
            say(f" Network {project}_{network}  Created")
        for volume in service.volumes:
            if not volume.startswith(("/", ".")):
                say(f' Volume "{project}_{volume}"  Created')
        container = f"{project}-{service.name}-1"
        say(f" Container {container}  Created")
        self._pause(CREATE_S, hooks)
        self._compose = (chroma, service, dict(env), container)
        self._run_chroma(chroma, service, env)
        self._await_listening()
        if self.blocked:  # locked to an address this machine is not: it listens, never answers
            self._signal_pause()
        say(f" Container {container}  Started")

    def _pull(self, service: compose.Service, hooks: BootHooks) -> Path | None:
        """The ``chroma`` of the image's tag, provisioned if need be; None: no such image."""
        self.version = service.tag
        if service.repository != compose.CHROMA_IMAGE:
            log.info(
                "instance %s: image %s is not Chroma's: not modelled",
                self.instance_id,
                service.image,
            )
            return None

        def progress(line: str) -> None:
            log.info("instance %s: provisioning Chroma %s: %s", self.instance_id, service.tag, line)

        answer: list[Path | BaseException] = []

        def resolve() -> None:
            try:
                answer.append(hooks.chroma_for(service.tag, progress))
            except BaseException as exc:  # handed back to the boot thread below
                answer.append(exc)

        worker = threading.Thread(target=resolve, name=f"sandbox-pull-{self.instance_id}")
        worker.daemon = True
        worker.start()
        layers = 0
        while worker.is_alive():  # the server still installs: docker names layers as they come
            worker.join(LAYER_POLL_S)
            count = hooks.install_progress(service.tag) or 0
            for index in range(layers, count):
                self.console.cloud_init(f" {layer_id(service.tag, index)} Pulling fs layer")
            layers = max(layers, count)
            if self._stop.is_set() or hooks.halt():
                raise Stopped
        result = answer[0]
        if isinstance(result, BaseException):
            if not isinstance(result, RuntimeError):
                raise result
            log.info("instance %s: no Chroma %s: %s", self.instance_id, service.tag, result)
            return None
        for index in range(layers):
            self.console.cloud_init(f" {layer_id(service.tag, index)} Pull complete")
        return result

    def _run_chroma(self, chroma: Path, service: compose.Service, env: dict[str, str]) -> None:
        """Start Chroma as the 1.x image does; its output goes to the instance's log file."""
        if self._stop.is_set():
            raise Stopped
        if self._home is None:  # a restart after a stop keeps the data (the EBS volume)
            self._home = Path(tempfile.mkdtemp(prefix=f"chroma-tui-{self.instance_id}-"))
        self.port = service.host_port
        if not self.port:
            log.info("instance %s: port 8000 not published: nothing answers", self.instance_id)
            self.phase = "started"
            return
        data = self._home / "data"
        config = self._home / "config.yaml"
        config.write_text(
            f'persist_path: "{data}"\nlisten_address: "{self.address}"\nport: {self.port}\n',
            encoding="utf-8",
        )
        for name in GUARDED_VARIABLES:
            if env.pop(name, None) is not None:
                log.info("instance %s: %s from the env file not passed on", self.instance_id, name)
        endpoint = env.get(OTEL_ENDPOINT_VARIABLE)
        if endpoint and loopback_endpoint(endpoint) != endpoint:
            env[OTEL_ENDPOINT_VARIABLE] = loopback_endpoint(endpoint)
            log.info(
                "instance %s: OpenTelemetry endpoint %s replaced by %s (the sandbox reaches only "
                "loopback addresses)",
                self.instance_id,
                endpoint,
                env[OTEL_ENDPOINT_VARIABLE],
            )
        major = service.tag.split(".")[0]
        if major == "0":  # the 0.x image runs a Python server: approximated by `chroma run`
            cmd = [
                str(chroma),
                "run",
                "--path",
                str(data),
                "--host",
                self.address,
                "--port",
                str(self.port),
            ]
        else:
            cmd = [str(chroma), "run", str(config)]
        child_env = {
            "PATH": os.pathsep.join(
                [str(Path(chroma).parent), "/usr/local/bin", "/usr/bin", "/bin"]
            ),
            "HOME": str(self._home),
            "LANG": "C.UTF-8",
            **env,
        }
        self.log_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)  # private
        with os.fdopen(fd, "ab") as out:
            out.write(f"$ {' '.join(cmd)}\n".encode())
            out.flush()
            self._proc = subprocess.Popen(
                in_background(cmd),
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=child_env,
                cwd=self._home,
            )
        self.phase = "started"
        log.info(
            "instance %s: Chroma %s started on %s:%d (pid %d, log %s)",
            self.instance_id,
            service.tag,
            self.address,
            self.port,
            self._proc.pid,
            self.log_path,
        )
        threading.Thread(target=self._watch, args=(self._proc,), daemon=True).start()

    def _await_listening(self) -> None:
        """Until Chroma accepts connections, or its process has exited (LISTEN_WAIT_S at most)."""
        proc = self._proc
        if proc is None or not self.port:
            return
        deadline = time.monotonic() + LISTEN_WAIT_S
        while time.monotonic() < deadline and proc.poll() is None:
            if self._stop.is_set():
                raise Stopped
            with contextlib.suppress(OSError):
                socket.create_connection((self.address, self.port), timeout=0.2).close()
                return
            self._stop.wait(STEP_S)

    def _watch(self, proc: subprocess.Popen[bytes]) -> None:
        code = proc.wait()
        if self.terminated or self.stopped or proc is not self._proc:
            return
        self.phase = "exited"
        log.info(
            "instance %s: Chroma exited with status %d (see %s)",
            self.instance_id,
            code,
            self.log_path,
        )
        with contextlib.suppress(OSError), open(self.log_path, "ab") as out:
            out.write(f"[sandbox] container exited with status {code}\n".encode())


def loopback_endpoint(endpoint: str) -> str:
    """``endpoint`` if it points at a loopback host, else the same scheme at 127.0.0.1:4317.

    Blank stays blank (so the real panic still happens); the sandbox never sends spans off
    this machine.
    """
    if not endpoint:
        return endpoint
    try:
        parsed = urlsplit(endpoint if "://" in endpoint else f"http://{endpoint}")
        host = parsed.hostname or ""
    except ValueError:
        return f"http://{LOOPBACK_OTEL}"
    if host == "localhost" or host.startswith("127."):
        return endpoint
    scheme = parsed.scheme or "http"
    return f"{scheme}://{LOOPBACK_OTEL}"


def _command(line: str) -> str:
    words = line.split()
    while words and words[0] in ("sudo",):
        words = words[3:] if len(words) > 2 and words[1] == "-u" else words[1:]
    return words[0] if words else line
