"""EventStream: a stack operation's events, each exactly once, oldest first.

Steady state, one call per poll: DescribeStackEvents pages, newest first, stopping at the first
event already seen (one page) or at the start of this operation. The stack's own events
(AWS::CloudFormation::Stack, logical id = stack name) carry its status, so DescribeStacks is
called only (a) when ``updates()`` starts, (b) when a terminal stack-level event of this
operation arrives (for the outputs; a non-terminal one sets the status by itself), and (c) as a
safety net every ``SAFETY_NET_S`` of waiting, or on every poll while the status is terminal but
none of this operation's events has shown yet (the grace polls). A DescribeStacks always goes
before the poll's DescribeStackEvents, so a terminal status means its events are already visible.

Events are kept to this operation by ClientRequestToken when AWS sends it, else by position after
the operation's own start event (AWS's clock, never ours). Throttling backs off with jitter;
network trouble is retried; credential errors leave the stream intact so ``updates()`` can be
called again. A poll's results are committed only when all its calls succeeded.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
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

from chroma_tui.core import stack_status
from chroma_tui.core.aws import AwsSession, error_code, map_error
from chroma_tui.core.errors import ChromaTuiError, Throttled
from chroma_tui.core.models import StackEvent, StackSnapshot, StreamUpdate
from chroma_tui.core.retry import Backoff, wait_or_stop
from chroma_tui.core.stacks import event_from, is_missing, snapshot_from

NETWORK_ERRORS = (
    EndpointConnectionError,
    ConnectTimeoutError,
    ReadTimeoutError,
    ConnectionClosedError,
    BotoConnectionError,
    ConnectionError,
    TimeoutError,
)
RECONNECT_CAP_S = 10.0
MAX_PAGES = 50  # a stack with thousands of events: never page forever
GRACE_POLLS = 3  # a terminal status before any event of ours: the operation has not shown yet
SAFETY_NET_S = 15.0  # DescribeStacks at least this often (seconds waited), in case events miss


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
        self.api_calls = 0  # CloudFormation calls made, failed ones included
        self.polls = 0  # polls attempted
        self._sleep = sleep
        self._seen: set[str] = set()
        self._rng = rng or random.Random()
        self._started = False  # the operation's start event (or a token match) has been seen
        self._describe_due = True  # (a): the next poll reads DescribeStacks first
        self._since_describe = 0.0  # seconds waited since the last committed DescribeStacks

    # -- public ---------------------------------------------------------------------------
    def updates(self) -> Iterator[StreamUpdate]:
        """New events and the stack state until a terminal status; re-callable after an error."""
        throttled = 0
        failures = 0
        polls_without_ours = 0
        self._describe_due = True  # after a pause (credentials, restart) re-read the status
        while not self.should_stop():
            try:
                stack, fresh, described = self._poll()
            except ClientError as exc:
                mapped = self._mapped(exc)
                if isinstance(mapped, Throttled):
                    throttled += 1
                    wait = self._backoff(throttled)
                    yield StreamUpdate(stack=None, backoff_s=wait, problem=error_code(exc))
                    if not self._wait(wait):
                        return
                    continue
                raise mapped from exc
            except NETWORK_ERRORS as exc:
                failures += 1
                wait = Backoff(self.poll_s, RECONNECT_CAP_S).delay(failures - 1)
                yield StreamUpdate(reconnecting=True, problem=type(exc).__name__)
                if not self._wait(wait):
                    return
                continue
            except BotoCoreError as exc:
                raise self._mapped(exc) from exc
            throttled = failures = 0
            self._commit(fresh)
            self.stack = stack
            if described:
                self._describe_due = False
                self._since_describe = 0.0
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
    def _poll(self) -> tuple[StackSnapshot, list[StackEvent], bool]:
        """(stack, unseen events newest first, whether DescribeStacks was read); no commit."""
        self.polls += 1
        stack = self.stack
        described = False
        if stack is None or self._needs_describe(stack):
            stack = self._describe()
            described = True
        fresh, gone = self._fetch_new()
        if gone and not described:  # asked by name and the stack went: DescribeStacks says so
            stack = self._describe()
            described = True
        newest = next((e for e in fresh if e.is_stack_event), None)  # fresh is newest first
        if newest is not None and newest.status != stack.status:
            if stack_status.is_terminal(newest.status):
                stack = self._describe()  # (b): the outputs; its status is at least as new
                described = True
            if stack.status != newest.status:
                stack = replace(stack, status=newest.status, reason=newest.reason)
        return stack, fresh, described

    def _needs_describe(self, stack: StackSnapshot) -> bool:
        return (
            self._describe_due
            or self._since_describe >= SAFETY_NET_S
            or (stack.terminal and not self._started)
        )

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

    def _fetch_new(self) -> tuple[list[StackEvent], bool]:
        """(this operation's unseen events newest first, stack not found); see ``_commit``."""
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
                    return fresh, True
                raise
            for raw in reply.get("StackEvents") or []:
                event = event_from(raw)
                if event.event_id in self._seen:
                    return fresh, False
                if event.event_id in here:  # shifted across pages while paging
                    continue
                if self.token and event.token and event.token != self.token:
                    return fresh, False  # an earlier operation of the same stack
                here.add(event.event_id)
                fresh.append(event)
                if self._is_start(event):
                    return fresh, False
            next_token = reply.get("NextToken")
            if not next_token:
                return fresh, False
        return fresh, False

    def _is_start(self, event: StackEvent) -> bool:
        return event.is_stack_event and stack_status.operation_start(event.status)

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
        policy = Backoff(max(self.poll_s, 1.0), self.max_backoff_s, jitter=0.5)
        return policy.delay(attempt, self._rng)

    def _wait(self, seconds: float) -> bool:
        """Sleep in short steps so a stop request is honoured within 0.2 s; False if stopped."""
        return wait_or_stop(
            seconds, should_stop=self.should_stop, sleep=self._sleep, on_step=self._waited
        )

    def _waited(self, seconds: float) -> None:
        self._since_describe += seconds

    def _mapped(self, exc: BaseException) -> ChromaTuiError:
        return map_error(exc, self.aws.profile)
