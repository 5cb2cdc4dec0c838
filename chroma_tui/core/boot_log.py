"""Boot X-ray: the instance's serial console turned into boot phases, and when to stop waiting.

``parse_console`` reads ``GetConsoleOutput`` text (kernel lines, then cloud-init running the
UserData, each line stamped with seconds since boot) into phases: Docker installed, compose file
fetched, image pulled, container started, boot finished; and failures (a pull error, a compose
file that is not YAML, a boot that finished without starting the container).

Docker's container logs never reach the serial console, so a Chroma that panics after
``Container ... Started`` shows only as a port that refuses connections. ``BootMonitor`` is
called after every failed heartbeat: it polls the boot log now and then, ends the wait at once on
a boot failure, and ends it when port 8000 has refused for a grace period after the container
started (``CHROMA_TUI_BOOT_GRACE_S``, default 90 s). Timeouts (a firewall, the IP lock) are
silence, not refusal: those keep the normal deadline. No AWS here (see ``boot_watch``).
"""

from __future__ import annotations

import dataclasses
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass

from chroma_tui.core.errors import ProbeError

PHASES = ("docker", "compose", "pulled", "started", "finished")
DEFAULT_GRACE_S = 90.0
GRACE_VARIABLE = "CHROMA_TUI_BOOT_GRACE_S"
POLL_EVERY_S = 3.0
LAST_LINES = 8

_STAMP = re.compile(r"^\[\s*(\d+(?:\.\d+)?)\]\s?(.*)$")
_CLOUD_INIT = re.compile(r"^cloud-init\[\d+\]:\s?(.*)$")
_CURL_DONE = re.compile(r"^\s*100\s+\d+")
_PULLED = re.compile(r"\bPulled\b")
_STARTED = re.compile(r"\bContainer\s+\S+\s+Started\b")
_FINISHED = re.compile(r"Cloud-init v\. .* finished at")
_PULL_ERROR = re.compile(r"^\s*\S+\s+Error\b|Error response from daemon")
_COMPOSE_ERROR = re.compile(
    r"^yaml: |Top-level object must be a mapping|no configuration file provided|"
    r"(?:docker-compose\.yml|compose\.ya?ml).*(?:invalid|error)",
    re.IGNORECASE,
)
# docker's per-layer pull lines: " 2d429b9e73a6 Downloading [=> ]  1.2MB/29MB", "... Pull complete"
_LAYER = re.compile(
    r"^\s*([0-9a-f]{12})\s+(Pulling fs layer|Waiting|Downloading|Verifying Checksum|"
    r"Download complete|Extracting|Pull complete|Already exists)\b"
)
_LAYER_DONE = ("Pull complete", "Already exists")
_IMAGE = re.compile(r"(ghcr\.io/chroma-core/chroma|chromadb/chroma):([\w.\-]+)")
_SECRET = re.compile(r"(OTEL_EXPORTER_OTLP_HEADERS=)\S.*")


@dataclass(frozen=True)
class BootPhase:
    name: str  # one of PHASES
    at_s: float  # seconds since boot, from the console's own timestamp


@dataclass(frozen=True)
class BootFailure:
    kind: str  # "unknown_version", "pull", "compose", "not_started"
    line: str
    version: str = ""


@dataclass(frozen=True)
class InstanceHealth:
    """DescribeInstanceStatus: 'initializing', 'ok', 'impaired', 'insufficient-data', ..."""

    instance: str
    system: str

    @property
    def failed(self) -> bool:
        return "impaired" in (self.instance, self.system)


@dataclass(frozen=True)
class BootReport:
    phases: tuple[BootPhase, ...] = ()
    failure: BootFailure | None = None
    last_lines: tuple[str, ...] = ()
    health: InstanceHealth | None = None
    instance_id: str | None = None
    port: str = ""  # "refused" / "silent" once the container started; set by BootMonitor
    problem: str = ""  # why the boot log could not be read this time
    layers: int = 0  # image layers docker named while pulling (a slow pull shows them)
    layers_done: int = 0  # of those, pulled ("Pull complete" / "Already exists")

    @property
    def pulling(self) -> bool:
        """Layers are being pulled and the image is not pulled yet."""
        return self.layers > 0 and self.phase("pulled") is None and self.failure is None

    def phase(self, name: str) -> BootPhase | None:
        return next((p for p in self.phases if p.name == name), None)

    @property
    def container_started(self) -> bool:
        return self.phase("started") is not None


def _lines(text: str) -> list[tuple[float | None, str, bool]]:
    """(seconds since boot or None, message, from cloud-init) per line; the prefix removed."""
    out: list[tuple[float | None, str, bool]] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.split("\r")[-1].rstrip()  # curl redraws its progress with carriage returns
        if not line.strip():
            continue
        stamp: float | None = None
        match = _STAMP.match(line)
        if match:
            stamp, line = float(match.group(1)), match.group(2)
        inner = _CLOUD_INIT.match(line)
        if inner:
            line = inner.group(1)
        out.append((stamp, _SECRET.sub(r"\1****", line), inner is not None))
    return out


def parse_console(text: str) -> BootReport:
    """Phases and failures in the console text (the last 64 KB AWS keeps)."""
    found: dict[str, float] = {}
    failure: BootFailure | None = None
    installed = False
    last_at = 0.0
    layers: dict[str, bool] = {}  # layer id -> pulled
    lines = _lines(text)
    for stamp, message, userdata in lines:
        at = last_at if stamp is None else stamp
        last_at = at
        body = message.strip()
        layer = _LAYER.match(body)
        if layer:
            done = layer.group(2) in _LAYER_DONE
            layers[layer.group(1)] = layers.get(layer.group(1), False) or done
        elif body.startswith("Installed:"):
            installed = True
        elif body == "Complete!" and installed:
            found.setdefault("docker", at)
        elif _CURL_DONE.match(message):
            found["compose"] = at  # the last download before the pull is the compose file
        elif _STARTED.search(body):
            found.setdefault("started", at)
        elif _PULLED.search(body) and not body.startswith("Pulling"):
            found.setdefault("pulled", at)
        elif _FINISHED.search(body):
            found.setdefault("finished", at)
        elif failure is None and userdata and _PULL_ERROR.search(message):
            failure = _pull_failure(body)
        elif failure is None and userdata and _COMPOSE_ERROR.search(body):
            failure = BootFailure("compose", body)
    if failure is None and "finished" in found and "started" not in found:
        failure = BootFailure("not_started", "")
    phases = tuple(
        BootPhase(name, found[name])
        for name in sorted(found, key=lambda n: (found[n], PHASES.index(n)))
    )
    last = tuple(_shown(stamp, message) for stamp, message, _ in lines[-LAST_LINES:])
    return BootReport(
        phases=phases,
        failure=failure,
        last_lines=last,
        layers=len(layers),
        layers_done=sum(layers.values()),
    )


def _pull_failure(line: str) -> BootFailure:
    image = _IMAGE.search(line)
    version = image.group(2) if image else ""
    unknown = "manifest unknown" in line or "not found" in line
    return BootFailure("unknown_version" if unknown and version else "pull", line, version)


def _shown(stamp: float | None, message: str) -> str:
    return message if stamp is None else f"[{stamp:8.1f}] {message}"


def grace_s(environ: dict[str, str] | None = None) -> float:
    """The grace period after ``Started`` during which port 8000 may still refuse."""
    value = (environ if environ is not None else os.environ).get(GRACE_VARIABLE, "")
    try:
        seconds = float(value)
    except ValueError:
        return DEFAULT_GRACE_S
    return seconds if seconds > 0 else DEFAULT_GRACE_S


class BootError(ProbeError):
    """The boot log explains why Chroma will not answer: waiting longer cannot help."""

    def __init__(
        self, key: str, report: BootReport, *, raw: str | None = None, **params: object
    ) -> None:
        super().__init__(key, raw=raw, **params)
        self.report = report


class BootMonitor:
    """Called after each failed heartbeat; raises BootError when waiting is pointless.

    ``poll`` reads the boot log (and status checks); it is called at most every
    ``poll_every_s``. ``known_cause`` is asked once the container has exited ("blank_otel" or
    None); ``on_report`` hears every change, for the screen and the headless output.
    """

    def __init__(
        self,
        poll: Callable[[], BootReport],
        *,
        port: int = 8000,
        grace: float | None = None,
        poll_every_s: float = POLL_EVERY_S,
        clock: Callable[[], float] = time.monotonic,
        known_cause: Callable[[], str | None] = lambda: None,
        on_report: Callable[[BootReport], None] | None = None,
    ) -> None:
        self._poll = poll
        self.port = port
        self.grace = grace_s() if grace is None else grace
        self.poll_every_s = poll_every_s
        self._clock = clock
        self._known_cause = known_cause
        self._on_report = on_report
        self.report = BootReport()
        self._polled_at: float | None = None
        self._refused_since: float | None = None

    def __call__(self, error: ProbeError) -> None:
        now = self._clock()
        report = self.report
        if self._polled_at is None or now - self._polled_at >= self.poll_every_s:
            self._polled_at = now
            fresh = self._poll()
            report = (
                dataclasses.replace(fresh, port=report.port)
                if not fresh.problem
                else (dataclasses.replace(report, problem=fresh.problem))
            )
        if report.failure is not None:
            self._publish(report)
            raise self._failure(report)
        if report.container_started:
            refused = error.key == "probe.refused"
            if refused and self._refused_since is None:
                self._refused_since = now
            elif not refused:
                self._refused_since = None
            report = dataclasses.replace(report, port="refused" if refused else "silent")
        self._publish(report)
        if self._refused_since is not None and now - self._refused_since >= self.grace:
            raise self._exited(report)

    def _publish(self, report: BootReport) -> None:
        changed = report != self.report
        self.report = report
        if changed and self._on_report is not None:
            self._on_report(report)

    def _failure(self, report: BootReport) -> BootError:
        failure = report.failure
        assert failure is not None
        return BootError(f"boot.{failure.kind}", report, version=failure.version, line=failure.line)

    def _exited(self, report: BootReport) -> BootError:
        started = report.phase("started")
        cause = self._known_cause()
        key = "boot.otel_crash" if cause == "blank_otel" else "boot.container_exited"
        return BootError(
            key,
            report,
            port=self.port,
            started=f"{started.at_s:.0f}" if started else "?",
            grace=f"{self.grace:.0f}",
            issue="chroma-core/chroma#4609",
        )
