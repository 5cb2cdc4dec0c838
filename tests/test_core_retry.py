"""core/retry.py: the one backoff, the stop-aware wait and retry(), with a fake clock; and the
typed errors retries branch on (Throttled / Unreachable keep their messages' keys)."""

from __future__ import annotations

import random

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from chroma_tui.core.aws import map_error
from chroma_tui.core.errors import AwsError, InputError, Throttled, Unreachable
from chroma_tui.core.retry import Backoff, Stopped, retry, wait_or_stop


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_backoff_doubles_up_to_its_cap() -> None:
    policy = Backoff(base_s=1.0, cap_s=8.0)
    assert [policy.delay(n) for n in range(6)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_jitter_stays_between_its_bounds_and_follows_the_rng() -> None:
    policy = Backoff(base_s=2.0, cap_s=30.0, jitter=0.5)
    delays = [policy.delay(3, random.Random(seed)) for seed in range(50)]
    assert all(8.0 <= d <= 16.0 for d in delays)
    assert len(set(delays)) > 10  # really spread, not one value
    assert policy.delay(3, random.Random(7)) == policy.delay(3, random.Random(7))


def test_wait_or_stop_sleeps_in_short_steps_and_reports_them() -> None:
    clock = FakeClock()
    steps: list[float] = []
    assert wait_or_stop(1.0, sleep=clock.sleep, on_step=steps.append) is True
    assert clock.now == pytest.approx(1.0)
    assert max(clock.sleeps) <= 0.2 and steps == clock.sleeps


def test_wait_or_stop_ends_within_one_step_of_a_stop() -> None:
    clock = FakeClock()
    assert wait_or_stop(30.0, sleep=clock.sleep, should_stop=lambda: clock.now >= 1.0) is False
    assert clock.now <= 1.2


def test_retry_retries_only_the_named_errors_then_succeeds() -> None:
    clock = FakeClock()
    answers: list[Exception | str] = [Throttled(raw="Rate exceeded"), Throttled(), "ok"]
    notices: list[tuple[int, float]] = []

    def call() -> str:
        item = answers.pop(0)
        if isinstance(item, Exception):
            raise item
        return item

    result = retry(
        call,
        retry_on=(Throttled,),
        attempts=5,
        backoff=Backoff(1.0, 8.0),
        sleep=clock.sleep,
        on_backoff=lambda n, seconds, _exc: notices.append((n, seconds)),
    )
    assert result == "ok"
    assert notices == [(0, 1.0), (1, 2.0)]
    assert clock.now == pytest.approx(3.0)


def test_retry_raises_other_errors_at_once_and_the_last_one_when_spent() -> None:
    clock = FakeClock()
    calls = 0

    def refused() -> None:
        nonlocal calls
        calls += 1
        raise InputError("cli.error.no_region")

    with pytest.raises(InputError):
        retry(refused, retry_on=(Throttled,), attempts=5, backoff=Backoff(1, 8), sleep=clock.sleep)
    assert calls == 1 and clock.sleeps == []

    def throttled() -> None:
        nonlocal calls
        calls += 1
        raise Throttled()

    calls = 0
    with pytest.raises(Throttled):
        retry(
            throttled,
            retry_on=(Throttled,),
            attempts=3,
            backoff=Backoff(1, 8),
            sleep=clock.sleep,
        )
    assert calls == 3 and clock.now == pytest.approx(1.0 + 2.0)


def test_retry_stops_when_asked_during_a_wait() -> None:
    clock = FakeClock()

    def throttled() -> None:
        raise Throttled()

    with pytest.raises(Stopped) as caught:
        retry(
            throttled,
            retry_on=(Throttled,),
            attempts=10,
            backoff=Backoff(5, 30),
            sleep=clock.sleep,
            should_stop=lambda: clock.now >= 1.0,
        )
    assert isinstance(caught.value.last, Throttled)
    assert clock.now <= 1.2


def test_map_error_gives_typed_errors_with_the_same_keys() -> None:
    throttling = ClientError(
        {"Error": {"Code": "Throttling", "Message": "Rate exceeded"}}, "DescribeStackEvents"
    )
    mapped = map_error(throttling)
    assert isinstance(mapped, Throttled) and isinstance(mapped, AwsError)
    assert mapped.key == "aws.throttled" and "Rate exceeded" in (mapped.raw or "")
    ec2_limit = ClientError({"Error": {"Code": "RequestLimitExceeded", "Message": "x"}}, "Run")
    assert isinstance(map_error(ec2_limit), Throttled)
    offline = map_error(EndpointConnectionError(endpoint_url="https://cloudformation.example"))
    assert isinstance(offline, Unreachable) and offline.key == "aws.unreachable"
    # The message is the catalogue's, as before the types existed.
    assert offline.title() and offline.title() != "aws.unreachable.title"
