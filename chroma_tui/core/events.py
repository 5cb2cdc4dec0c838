"""EventStream: a stack operation's events, each exactly once, oldest first.

One poll = DescribeStacks (status first, so a terminal status means its events are already
visible) + DescribeStackEvents pages, newest first, stopping at the first event already seen (one
page per poll in steady state) or at the start of this operation. Events are kept to this
operation by ClientRequestToken when AWS sends it, else by position after the operation's own
start event (AWS's clock, never ours). Throttling backs off with jitter; network trouble is
retried; credential errors leave the stream intact so ``updates()`` can be called again.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from typing import Any

from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionClosedError,
    ConnectTimeoutError,
    EndpointConnectionError,
    ReadTimeoutError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)

from chroma_tui.core.aws import THROTTLING_CODES, AwsSession, error_code, map_error
from chroma_tui.core.models import STACK_RESOURCE_TYPE, StackEvent, StackSnapshot, StreamUpdate
from chroma_tui.core.stacks import event_from, is_missing, snapshot_from

# Stack-level statuses that open a new operation (a rollback belongs to its create).
START_STATUSES = frozenset(
    {"CREATE_IN_PROGRESS", "DELETE_IN_PROGRESS", "UPDATE_IN_PROGRESS", "IMPORT_IN_PROGRESS"}
)
NETWORK_ERRORS = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
    BotoConnectionError,
    ConnectionError,
    TimeoutError,
)
STOP_CHECK_S = 0.2
RECONNECT_CAP_S = 10.0
MAX_PAGES = 50  # a stack with thousands of events: never page forever
GRACE_POLLS = 3  # a terminal status before any event of ours: the operation has not shown yet


class EventStream:
    """Polls one stack's operation; see the module docstring."""

    def __init__(
        self,
        aws: AwsSession,
        region: str,
        stack_id: str,
        *,
        token: str | None,
        poll_s: float = 2.0,
        max_backoff_s: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
        should_stop: Callable[[], bool] = lambda: False,
        rng: random.Random | None = None,
    ) -> None:
        self.aws = aws
        self.region = region
        self.stack_id = stack_id
        self.token = token
        self.poll_s = poll_s
        self.max_backoff_s = max_backoff_s
        self.should_stop = should_stop
        self.events: list[StackEvent] = []
        self.stack: StackSnapshot | None = None
        self.api_calls = 0
        self._sleep = sleep
        self._seen: set[str] = set()
        self._rng = rng or random.Random()
        self._started = False  # the operation's start event (or a token match) has been seen

    # -- public ---------------------------------------------------------------------------
    def updates(self) -> Iterator[StreamUpdate]:
        """New events and the stack state until a terminal status; re-callable after an error."""
        throttled = 0
        failures = 0
        polls_without_ours = 0
        while not self.should_stop():
            try:
                stack = self._describe()
                fresh = self._fetch_new()
            except ClientError as exc:
                if error_code(exc) in THROTTLING_CODES:
                    throttled += 1
                    wait = self._backoff(throttled)
                    yield StreamUpdate(stack=None, backoff_s=wait, problem=error_code(exc))
                    if not self._wait(wait):
                        return
                    continue
                raise self._mapped(exc) from exc
            except NETWORK_ERRORS as exc:
                failures += 1
                wait = min(RECONNECT_CAP_S, self.poll_s * 2 ** (failures - 1))
                yield StreamUpdate(reconnecting=True, problem=type(exc).__name__)
                if not self._wait(wait):
                    return
                continue
            except BotoCoreError as exc:
                raise self._mapped(exc) from exc
            throttled = failures = 0
            self._commit(fresh)
            self.stack = stack
            if stack.terminal and not self._started:
                polls_without_ours += 1
                if polls_without_ours < GRACE_POLLS:
                    yield StreamUpdate(events=tuple(fresh), stack=None)
                    if not self._wait(self.poll_s):
                        return
                    continue
            yield StreamUpdate(events=tuple(fresh), stack=stack)
            if stack.terminal:
                return
            if not self._wait(self.poll_s):
                return

    # -- one poll -------------------------------------------------------------------------
    def _client(self) -> Any:
        # quick: short timeouts and no long retry chains. Polls are idempotent and this loop
        # retries and backs off by itself, so a stalled network shows "reconnecting" within
        # seconds instead of after botocore's 3 x 20 s.
        return self.aws.client("cloudformation", self.region, quick=True)

    def _describe(self) -> StackSnapshot:
        self.api_calls += 1
        try:
            reply = self._client().describe_stacks(StackName=self.stack_id)
        except ClientError as exc:
            if is_missing(exc):  # only by name: by StackId a deleted stack stays visible
                return StackSnapshot(self.stack_id, self.stack_id, "DELETE_COMPLETE")
            raise
        stacks = reply.get("Stacks") or []
        if not stacks:
            return StackSnapshot(self.stack_id, self.stack_id, "DELETE_COMPLETE")
        found = snapshot_from(stacks[0])
        if found.stack_id:
            self.stack_id = found.stack_id  # after a delete, only the StackId finds it
        return found

    def _fetch_new(self) -> list[StackEvent]:
        """This operation's unseen events, newest first; committed only by ``_commit``."""
        fresh: list[StackEvent] = []
        here: set[str] = set()
        next_token: str | None = None
        for _ in range(MAX_PAGES):
            kwargs = {"StackName": self.stack_id}
            if next_token:
                kwargs["NextToken"] = next_token
            self.api_calls += 1
            try:
                reply = self._client().describe_stack_events(**kwargs)
            except ClientError as exc:
                if is_missing(exc):
                    return fresh
                raise
            for raw in reply.get("StackEvents") or []:
                event = event_from(raw)
                if event.event_id in self._seen:
                    return fresh
                if event.event_id in here:  # shifted across pages while paging
                    continue
                if self.token and event.token and event.token != self.token:
                    return fresh  # an earlier operation of the same stack
                here.add(event.event_id)
                fresh.append(event)
                if self._is_start(event):
                    return fresh
            next_token = reply.get("NextToken")
            if not next_token:
                return fresh
        return fresh

    def _is_start(self, event: StackEvent) -> bool:
        return event.resource_type == STACK_RESOURCE_TYPE and event.status in START_STATUSES

    def _commit(self, fresh: list[StackEvent]) -> None:
        fresh.reverse()  # oldest first
        for event in fresh:
            self._seen.add(event.event_id)
            self.events.append(event)
            if (self.token and event.token == self.token) or self._is_start(event):
                self._started = True

    # -- waiting --------------------------------------------------------------------------
    def _backoff(self, attempt: int) -> float:
        """Jittered exponential backoff: between half and all of poll·2^n, capped."""
        ceiling = min(self.max_backoff_s, max(self.poll_s, 1.0) * 2**attempt)
        return round(self._rng.uniform(ceiling / 2, ceiling), 2)

    def _wait(self, seconds: float) -> bool:
        """Sleep in short steps so a stop request is honoured within 0.2 s; False if stopped."""
        remaining = seconds
        while remaining > 0:
            if self.should_stop():
                return False
            step = min(STOP_CHECK_S, remaining)
            self._sleep(step)
            remaining -= step
        return not self.should_stop()

    def _mapped(self, exc: BaseException) -> Exception:
        return map_error(exc, self.aws.profile)
