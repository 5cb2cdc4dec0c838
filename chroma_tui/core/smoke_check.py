"""The "it works" check: a real round trip through Chroma, beyond a heartbeat.

Create a temporary collection (a unique name), add three records with given embeddings (no
embedding model needed), query next to the first one and expect it back as the nearest, delete
the collection; each step timed. The client runs in the warm child process (``client_child``),
so ``chromadb`` never loads in the UI process; a bounded raw heartbeat goes first because the
client has no timeout, and every step is bounded too (a hung child is killed). A failure names
its step and why, in the app's language, with the client's own text.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass

from chroma_tui.core.errors import ProbeError
from chroma_tui.core.probe import ClientChecker, heartbeat_once
from chroma_tui.i18n import t

STEPS = ("create", "add", "query", "delete")
STEP_TIMEOUT_S = 15.0
COLLECTION_PREFIX = "chroma-tui-check-"


@dataclass(frozen=True)
class SmokeStep:
    name: str  # "connect" (before any step could run), or one of STEPS
    ms: float
    error: str = ""  # raw text from the client; empty when the step passed

    @property
    def ok(self) -> bool:
        return not self.error


@dataclass(frozen=True)
class SmokeResult:
    host: str
    port: int
    collection: str
    steps: tuple[SmokeStep, ...]

    @property
    def failed(self) -> SmokeStep | None:
        return next((step for step in self.steps if not step.ok), None)

    @property
    def ok(self) -> bool:
        done = [step.name for step in self.steps if step.ok]
        return self.failed is None and done == list(STEPS)

    @property
    def total_ms(self) -> float:
        return sum(step.ms for step in self.steps)


def new_collection_name() -> str:
    """Unique, and within Chroma's rules (3-512 chars of [a-zA-Z0-9._-], alnum at both ends)."""
    return COLLECTION_PREFIX + uuid.uuid4().hex[:12]


def run_smoke_check(
    host: str,
    port: int,
    *,
    checker: ClientChecker | None = None,
    step_timeout_s: float = STEP_TIMEOUT_S,
    collection: str | None = None,
) -> SmokeResult:
    """Run the four steps against ``host:port``; never raises for a server problem."""
    name = collection or new_collection_name()
    try:
        heartbeat_once(host, port, timeout_s=min(step_timeout_s, 5.0))
    except ProbeError as exc:
        reason = t(f"{exc.key}.title", **exc.params)
        return SmokeResult(host, port, name, (SmokeStep("connect", 0.0, reason),))
    own = checker is None
    child = checker or ClientChecker()
    try:
        return SmokeResult(host, port, name, _steps(child, host, port, name, step_timeout_s))
    finally:
        if own:
            child.close()


def _steps(
    child: ClientChecker, host: str, port: int, name: str, step_timeout_s: float
) -> tuple[SmokeStep, ...]:
    steps: list[SmokeStep] = []
    started = time.monotonic()
    try:
        # The client's import (about a second) is paid before the first step's clock starts.
        child.send({"op": "smoke", "host": host, "port": port, "collection": name})
        while True:
            message = child.receive(time.monotonic() + step_timeout_s + (5.0 if not steps else 0))
            if message is None:
                child.close()
                pending = _next_step(steps)
                error = t("smoke.timeout", seconds=f"{step_timeout_s:g}")
                steps.append(SmokeStep(pending, (time.monotonic() - started) * 1000, error))
                return tuple(steps)
            if message.get("done"):
                return tuple(steps)
            if "step" in message:
                step = SmokeStep(
                    str(message["step"]), float(message["ms"]), str(message.get("error", ""))
                )
                steps.append(step)
                continue
            if "error" in message:  # the client could not even be made
                steps.append(SmokeStep("connect", 0.0, str(message["error"])))
                return tuple(steps)
    except (OSError, ValueError) as exc:
        child.close()
        steps.append(SmokeStep(_next_step(steps), 0.0, f"{type(exc).__name__}: {exc}"))
        return tuple(steps)


def _next_step(done: list[SmokeStep]) -> str:
    names = [step.name for step in done]
    return next((step for step in STEPS if step not in names), STEPS[-1])


# -- text ---------------------------------------------------------------------------------
def step_text(step: SmokeStep) -> str:
    """One line per step: its number, what it does, its time or why it failed."""
    label = t(f"smoke.step.{step.name}")
    if step.ok:
        return t("smoke.passed", step=label, ms=f"{step.ms:.0f}")
    return t("smoke.failed", step=label, ms=f"{step.ms:.0f}", error=step.error)


def summary_text(result: SmokeResult) -> str:
    if result.ok:
        return t("smoke.ok", ms=f"{result.total_ms:.0f}", collection=result.collection)
    failed = result.failed
    label = t(f"smoke.step.{failed.name}") if failed else t("smoke.step.delete")
    text = t("smoke.not_ok", step=label)
    passed = {step.name for step in result.steps if step.ok}
    if "create" in passed and "delete" not in passed:
        text += " " + t("smoke.leftover", collection=result.collection)
    return text


def result_lines(result: SmokeResult) -> list[str]:
    return [summary_text(result), *(step_text(step) for step in result.steps)]
