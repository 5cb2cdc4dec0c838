"""Retrying, written once: exponential backoff with a cap and optional jitter, a sleep that a
stop flag cuts short, and ``retry()`` for calls that are safe to repeat.

botocore retries by itself first (``core/aws.py``: standard mode); what reaches this module is
what is still failing after that. Callers pick what to retry by error *type* (``Throttled``,
``Unreachable``), never by catalogue key. The event stream (``core/events.py``) and the
heartbeat (``core/probe.py``) yield or report between attempts, so they use ``Backoff`` and
``wait_or_stop`` directly; one-shot calls (``core/deploy.py``) use ``retry``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

STOP_CHECK_S = 0.2
"""How often a waiting loop looks at its stop flag (a stop is honoured within this)."""


def _never() -> bool:
    return False


@dataclass(frozen=True)
class Backoff:
    """Delay before retry ``n`` (0 = the first retry): ``base_s * 2**n``, at most ``cap_s``.

    ``jitter`` (0..1) draws the delay uniformly from ``[ceiling * (1 - jitter), ceiling]``, so
    many clients throttled at once do not come back at once (AWS's advice); 0 is exact.
    """

    base_s: float
    cap_s: float
    jitter: float = 0.0

    def ceiling(self, n: int) -> float:
        return min(self.cap_s, self.base_s * 2.0 ** max(0, n))

    def delay(self, n: int, rng: random.Random | None = None) -> float:
        ceiling = self.ceiling(n)
        if not self.jitter:
            return ceiling
        low = ceiling * (1.0 - self.jitter)
        return round((rng or random).uniform(low, ceiling), 2)


def wait_or_stop(
    seconds: float,
    *,
    should_stop: Callable[[], bool] = _never,
    sleep: Callable[[float], None] = time.sleep,
    on_step: Callable[[float], None] | None = None,
    step_s: float = STOP_CHECK_S,
) -> bool:
    """Sleep ``seconds`` in steps of ``step_s``; False as soon as ``should_stop()`` is true.

    ``on_step`` hears each slept step (the event stream counts time since its last read).
    """
    remaining = seconds
    while remaining > 0:
        if should_stop():
            return False
        step = min(step_s, remaining)
        sleep(step)
        if on_step is not None:
            on_step(step)
        remaining -= step
    return not should_stop()


class Stopped(Exception):
    """``retry``'s stop flag was set while it waited; ``last`` is the error it was retrying."""

    def __init__(self, last: BaseException) -> None:
        super().__init__(str(last))
        self.last = last


def retry(
    call: Callable[[], T],
    *,
    retry_on: tuple[type[BaseException], ...],
    attempts: int,
    backoff: Backoff,
    should_stop: Callable[[], bool] = _never,
    sleep: Callable[[float], None] = time.sleep,
    on_backoff: Callable[[int, float, BaseException], None] | None = None,
    rng: random.Random | None = None,
) -> T:
    """``call()`` until it returns, at most ``attempts`` times in all.

    Only errors of the ``retry_on`` types are retried, after ``backoff.delay(n)`` seconds
    (``on_backoff(n, seconds, error)`` hears each wait first: "backing off" notices). Any
    other error, or the last retryable one once the attempts are spent, is raised as it is.
    A stop during a wait raises ``Stopped``.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    for n in range(attempts - 1):
        try:
            return call()
        except retry_on as exc:
            seconds = backoff.delay(n, rng)
            if on_backoff is not None:
                on_backoff(n, seconds, exc)
            if not wait_or_stop(seconds, should_stop=should_stop, sleep=sleep):
                raise Stopped(exc) from exc
    return call()
