"""A sandbox in this process whose CloudFormation calls are counted and whose events are timed.

The sandbox engine stamps each event when it appends it to the stack (the moment it becomes
visible to DescribeStackEvents), so latency = when a client saw it − that stamp, one clock.
"""

from __future__ import annotations

import http.client
import os
import threading
import time
from dataclasses import dataclass
from types import TracebackType
from typing import Any


@dataclass(frozen=True)
class Call:
    at: float
    action: str
    stack: str  # the stack name the call is about, "" if none (e.g. GetTemplateSummary by URL)


def stack_name_of(value: str) -> str:
    """A stack name from a name or a StackId ARN (``arn:...:stack/<name>/<uuid>``)."""
    if value.startswith("arn:"):
        parts = value.split("/")
        return parts[1] if len(parts) > 1 else value
    return value


class CountingSandbox:
    def __init__(self, speed: float) -> None:
        self.speed = speed
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        self._saved_env: dict[str, str | None] = {}
        self.sandbox: Any = None

    def __enter__(self) -> CountingSandbox:
        from chroma_tui.sandbox import Sandbox, provision_chroma

        self.sandbox = Sandbox(scenario="ok", speed=self.speed, chroma_bin=provision_chroma())
        self.sandbox.start()
        control = self.sandbox._front.control
        handle = control.cloudformation

        def counted(region: str, params: dict[str, str]) -> tuple[int, str]:
            call = Call(
                time.time(), params.get("Action", ""), stack_name_of(params.get("StackName", ""))
            )
            with self._lock:
                self.calls.append(call)
            return handle(region, params)

        control.cloudformation = counted
        for name, value in self.env().items():
            self._saved_env[name] = os.environ.get(name)
            os.environ[name] = value
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        for name, value in self._saved_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        if self.sandbox is not None:
            self.sandbox.stop()

    def env(self) -> dict[str, str]:
        return dict(self.sandbox.env())

    # -- what the engine knows ------------------------------------------------------------
    def _stacks(self, name: str) -> list[Any]:
        return [s for s in list(self.sandbox._engine.stacks) if s.name == name]

    def event_times(self) -> dict[str, float]:
        """EventId → when the engine appended it (epoch seconds)."""
        return {
            e.event_id: e.timestamp.timestamp()
            for s in list(self.sandbox._engine.stacks)
            for e in list(s.events)
        }

    def completed_at(self, name: str) -> float | None:
        for stack in self._stacks(name):
            for e in list(stack.events):
                if e.logical_id == stack.name and e.status == "CREATE_COMPLETE":
                    return float(e.timestamp.timestamp())
        return None

    def chroma_address(self, name: str) -> tuple[str, int] | None:
        """Where the stack's Chroma listens once its container started (its 127.0.0.N:8000)."""
        for stack in self._stacks(name):
            instance = stack.instance
            if instance is not None and instance.port:
                return instance.address, int(instance.port)
        return None

    def calls_for(self, name: str) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if c.stack == name]

    def calls_between(self, start: float, end: float) -> list[Call]:
        with self._lock:
            return [c for c in self.calls if start <= c.at <= end]


def answers(address: tuple[str, int], timeout_s: float = 0.5) -> bool:
    conn = http.client.HTTPConnection(address[0], address[1], timeout=timeout_s)
    try:
        conn.request("GET", "/api/v2/heartbeat")
        return conn.getresponse().status == 200
    except OSError:
        return False
    finally:
        conn.close()


class AnswerWatch:
    """Polls a port every 20 ms from a thread; ``answered_at`` = first heartbeat answer."""

    def __init__(self, address_of: Any, deadline_s: float = 300.0) -> None:
        self.address_of = address_of  # a callable returning (host, port) once known, else None
        self.answered_at: float | None = None
        self._stop = threading.Event()
        self._deadline = time.monotonic() + deadline_s
        self._thread = threading.Thread(target=self._run, name="bench-answer-watch", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set() and time.monotonic() < self._deadline:
            address = self.address_of()
            if address and answers(address):
                self.answered_at = time.time()
                return
            self._stop.wait(0.02)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(2)
