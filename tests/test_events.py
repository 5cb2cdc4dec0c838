"""EventStream against a fake CloudFormation client and a fake clock."""

from __future__ import annotations

from itertools import pairwise

import pytest
from botocore.exceptions import EndpointConnectionError
from fake_cfn import FakeAws, FakeCfn, FakeClock, client_error, happy_create

from chroma_tui.core.errors import CredentialsError
from chroma_tui.core.events import EventStream

pytestmark = pytest.mark.timeout(20)


def make(token: str | None = "tok-create", **kw) -> tuple[FakeCfn, FakeClock, EventStream]:
    clock = FakeClock()
    cfn = FakeCfn(clock)
    stream = EventStream(FakeAws(cfn), "us-east-1", "s1", token=token, sleep=clock.sleep, **kw)
    return cfn, clock, stream


def ids(events) -> list[str]:
    return [e.event_id for e in events]


def test_streams_every_event_once_oldest_first_and_ends_with_outputs():
    # Given a create that takes 21 s (fake) and pages of 3 events
    cfn, clock, stream = make()
    expected = happy_create(cfn)
    # When the stream runs to the end
    updates = list(stream.updates())
    # Then every event came exactly once, in AWS's order, and the end carries the outputs
    streamed = [e for u in updates for e in u.events]
    assert ids(streamed) == expected
    assert ids(stream.events) == expected
    assert updates[-1].finished and updates[-1].stack.status == "CREATE_COMPLETE"
    assert updates[-1].stack.server_host == "127.0.0.1"
    assert updates[-1].stack.server_port == 8123
    # polls about every 2 s: no sleep step longer than 0.2 s (cancellable)
    assert max(clock.sleeps) <= 0.2
    polls = cfn.calls_per_poll()
    assert 10 <= len(polls) <= 13


DESCRIBE = "describe_stacks"
EVENTS = "describe_stack_events"


def test_steady_state_is_one_call_per_poll():
    # Given a 21 s create (fake) watched with a 2 s poll
    cfn, _, stream = make()
    happy_create(cfn)
    # When it runs to the end
    updates = list(stream.updates())
    polls = cfn.calls_per_poll()
    # Then every poll reads exactly one DescribeStackEvents page (≤ 2 new events per poll here)
    assert all(p.count(EVENTS) == 1 for p in polls)
    # and DescribeStacks only at the start (before the events), once by the 15 s safety net, and
    # for the outputs after the terminal stack event arrived
    assert polls[0] == [DESCRIBE, EVENTS]
    assert polls[-1] == [EVENTS, DESCRIBE]
    assert [i for i, p in enumerate(polls) if DESCRIBE in p] == [0, 8, len(polls) - 1]
    # so the steady state is one call per poll, and the whole create costs polls + 2 calls
    assert sum(1 for p in polls if p == [EVENTS]) == len(polls) - 3
    assert len(cfn.calls) == stream.api_calls == len(polls) + 3
    # and the terminal snapshot still carries the outputs
    assert updates[-1].stack.outputs == {"ServerIp": "127.0.0.1", "ServerPort": "8123"}


def test_status_between_describes_comes_from_the_stack_events():
    # Given a create that fails and rolls back; the stack's own events carry each status
    cfn, _, stream = make()
    cfn.stack_event(0, "CREATE_IN_PROGRESS", reason="User Initiated")
    cfn.add_event(3, "ChromaInstance", "CREATE_FAILED", reason="No default VPC")
    cfn.stack_event(5, "ROLLBACK_IN_PROGRESS", reason="The following resource(s) failed")
    cfn.stack_event(9, "ROLLBACK_COMPLETE")
    cfn.statuses.extend([(5, "ROLLBACK_IN_PROGRESS"), (9, "ROLLBACK_COMPLETE")])
    # When it is watched
    updates = list(stream.updates())
    statuses = [u.stack.status for u in updates if u.stack]
    # Then ROLLBACK_IN_PROGRESS showed with its reason, read from the event alone
    rolling = [u.stack for u in updates if u.stack and u.stack.status == "ROLLBACK_IN_PROGRESS"]
    assert rolling and rolling[0].reason == "The following resource(s) failed"
    assert statuses[0] == "CREATE_IN_PROGRESS" and statuses[-1] == "ROLLBACK_COMPLETE"
    # with DescribeStacks only at the start and after the terminal stack event
    assert cfn.count(DESCRIBE) == 2
    assert cfn.calls_per_poll()[-1] == [EVENTS, DESCRIBE]


def test_safety_net_ends_a_stream_whose_terminal_event_never_shows():
    # Given a create whose final stack-level event is never returned (e.g. lost to paging)
    cfn, clock, stream = make()
    happy_create(cfn)
    cfn.events.pop()  # the stack's CREATE_COMPLETE event; DescribeStacks still says so at 21 s
    # When it is watched
    updates = list(stream.updates())
    # Then the periodic DescribeStacks notices the end within the safety net (15 s) + a poll
    assert updates[-1].finished and updates[-1].stack.server_host == "127.0.0.1"
    assert 21 <= clock.now <= 21 + 15 + 2.5
    describes = [at for name, at in cfn.calls if name == DESCRIBE]
    assert all(b - a >= 15 for a, b in pairwise(describes))


def test_a_terminal_status_before_our_first_event_waits_for_the_operation():
    # Given a delete just sent: DescribeStacks still shows the create's CREATE_COMPLETE and the
    # delete's first event appears 3 s later
    cfn, clock, _ = make()
    happy_create(cfn, token="tok-A")
    clock.now = 30
    d1 = cfn.stack_event(33, "DELETE_IN_PROGRESS", reason="User Initiated", token="tok-B")
    d2 = cfn.stack_event(40, "DELETE_COMPLETE", token="tok-B")
    cfn.statuses.extend([(33, "DELETE_IN_PROGRESS"), (40, "DELETE_COMPLETE")])
    stream = EventStream(FakeAws(cfn), "us-east-1", "s1", token="tok-B", sleep=clock.sleep)
    # When it is watched
    updates = list(stream.updates())
    # Then the old terminal status did not end it: the delete was followed to its end
    assert not any(u.finished and u.stack.status == "CREATE_COMPLETE" for u in updates)
    assert ids(stream.events) == [d1, d2]
    assert updates[-1].stack.status == "DELETE_COMPLETE"
    # and the grace polls read DescribeStacks each time (the status may change silently)
    assert all(DESCRIBE in p for p in cfn.calls_per_poll()[:2])


def test_a_terminal_status_without_any_event_of_ours_ends_after_the_grace_polls():
    # Given a stack that is CREATE_COMPLETE and an operation that never shows an event
    cfn, clock, _ = make()
    happy_create(cfn, token="tok-A")
    clock.now = 30
    stream = EventStream(FakeAws(cfn), "us-east-1", "s1", token="tok-B", sleep=clock.sleep)
    updates = list(stream.updates())
    # Then it ends after a few polls with the status AWS reports, nothing shown
    assert updates[-1].finished and updates[-1].stack.status == "CREATE_COMPLETE"
    assert not stream.events
    assert 2 <= len(updates) <= 3


def test_first_poll_pages_back_until_the_operation_start_only():
    # Given 8 events already there, page size 3, and older events of an earlier operation
    clock = FakeClock()
    cfn = FakeCfn(clock)
    cfn.stack_event(-100, "CREATE_IN_PROGRESS", token="tok-old")
    cfn.stack_event(-90, "CREATE_COMPLETE", token="tok-old")
    for i in range(10):
        cfn.add_event(-80 + i, f"Old{i}", "CREATE_COMPLETE", token="tok-old")
    expected = happy_create(cfn)
    clock.now = 30
    stream = EventStream(FakeAws(cfn), "us-east-1", "s1", token="tok-create", sleep=clock.sleep)
    # When the stream starts after everything happened
    updates = list(stream.updates())
    # Then it shows exactly this operation, and stops paging at its boundary
    assert ids(stream.events) == expected
    assert len(updates) == 1
    assert cfn.calls_per_poll() == [[DESCRIBE, EVENTS, EVENTS, EVENTS]]


def test_token_filter_keeps_only_this_operation():
    # Given a create (token A) followed by a delete (token B) of the same stack
    cfn, clock, _ = make()
    happy_create(cfn, token="tok-A")
    d1 = cfn.stack_event(30, "DELETE_IN_PROGRESS", reason="User Initiated", token="tok-B")
    d2 = cfn.add_event(31, "ChromaInstance", "DELETE_IN_PROGRESS", token="tok-B")
    d3 = cfn.add_event(40, "ChromaInstance", "DELETE_COMPLETE", token="tok-B")
    d4 = cfn.stack_event(41, "DELETE_COMPLETE", token="tok-B")
    cfn.statuses.append((30, "DELETE_IN_PROGRESS"))
    cfn.statuses.append((41, "DELETE_COMPLETE"))
    clock.now = 30
    stream = EventStream(FakeAws(cfn), "us-east-1", "s1", token="tok-B", sleep=clock.sleep)
    # When streaming the delete
    list(stream.updates())
    # Then only the delete's events show
    assert ids(stream.events) == [d1, d2, d3, d4]
    assert stream.stack.status == "DELETE_COMPLETE"


def test_without_tokens_filters_by_aws_time_of_the_operation_start():
    # Given events that carry no ClientRequestToken (moto-like)
    cfn, clock, _ = make()
    cfn.stack_event(-50, "CREATE_IN_PROGRESS", token=None)
    cfn.stack_event(-40, "ROLLBACK_COMPLETE", token=None)
    start = cfn.stack_event(0, "DELETE_IN_PROGRESS", token=None)
    end = cfn.stack_event(5, "DELETE_COMPLETE", token=None)
    cfn.statuses.extend(
        [(-40, "ROLLBACK_COMPLETE"), (0, "DELETE_IN_PROGRESS"), (5, "DELETE_COMPLETE")]
    )
    stream = EventStream(FakeAws(cfn), "us-east-1", "s1", token=None, sleep=clock.sleep)
    list(stream.updates())
    assert ids(stream.events) == [start, end]


def test_dedupes_events_that_shift_across_pages_while_paging():
    # Given a first poll that must page, while new events arrive between page requests
    clock = FakeClock()
    cfn = FakeCfn(clock, page_size=2)
    expected = happy_create(cfn)
    clock.now = 8  # six events visible: three pages of two

    def arrive(page: int) -> None:
        if page == 1:  # a new event lands while we read page 1: everything shifts by one
            clock.now = 20

    cfn.on_page = arrive
    stream = EventStream(FakeAws(cfn), "us-east-1", "s1", token="tok-create", sleep=clock.sleep)
    list(stream.updates())
    assert ids(stream.events) == expected
    assert len(set(ids(stream.events))) == len(expected)


def test_throttling_backs_off_with_jitter_reports_it_and_is_capped():
    # Given a stream whose calls are throttled many times in a row
    cfn, clock, stream = make(max_backoff_s=5.0)
    expected = happy_create(cfn)
    cfn.faults["describe_stack_events"] = [client_error("Throttling", "Rate exceeded")] * 6
    # When it runs
    updates = list(stream.updates())
    # Then each throttle is reported with its wait, growing, never above the cap
    waits = [u.backoff_s for u in updates if u.backoff_s is not None]
    assert len(waits) == 6
    assert all(0 < w <= 5.0 for w in waits)
    assert waits[0] <= 4.0 and waits[-1] >= 2.5  # exponential, then capped (jitter ≥ half)
    # and the waits really happened (in steps of at most 0.2 s)
    assert sum(clock.sleeps) >= sum(waits) - 1e-6
    # and nothing was lost or repeated
    assert ids(stream.events) == expected


def test_ec2_style_request_limit_is_throttling_too():
    cfn, _, stream = make()
    expected = happy_create(cfn)
    cfn.faults["describe_stacks"] = [client_error("RequestLimitExceeded", op="DescribeStacks")]
    updates = list(stream.updates())
    assert any(u.backoff_s for u in updates)
    assert ids(stream.events) == expected


def test_network_errors_show_reconnecting_and_resume_by_themselves():
    cfn, clock, stream = make()
    expected = happy_create(cfn)
    lost = EndpointConnectionError(endpoint_url="http://127.0.0.1:1")
    cfn.faults["describe_stack_events"] = [lost, lost, lost]
    updates = list(stream.updates())
    assert sum(1 for u in updates if u.reconnecting) == 3
    assert all(u.problem for u in updates if u.reconnecting)
    assert ids(stream.events) == expected
    assert max(clock.sleeps) <= 0.2


@pytest.mark.parametrize("code", ["ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId"])
def test_credentials_expire_mid_stream_then_resume_without_loss(code):
    # Given a stream that has already shown some events
    cfn, clock, stream = make()
    expected = happy_create(cfn)
    seen = []
    gen = stream.updates()
    while len(seen) < 3:
        seen.extend(next(gen).events)
    # When the credentials expire (the steady-state call meets it)
    cfn.faults["describe_stack_events"] = [client_error(code, "The security token has expired")]
    with pytest.raises(CredentialsError):
        for update in gen:
            seen.extend(update.events)
    clock.now += 15  # the user logs in again meanwhile; events went on in AWS
    # Then calling updates() again resumes: nothing missed, nothing repeated
    for update in stream.updates():
        seen.extend(update.events)
    assert ids(seen) == expected
    assert ids(stream.events) == expected


def test_sso_token_error_is_a_credentials_error():
    from botocore.exceptions import TokenRetrievalError

    cfn, _, stream = make()
    happy_create(cfn)
    cfn.faults["describe_stacks"] = [TokenRetrievalError(provider="sso", error_msg="expired")]
    with pytest.raises(CredentialsError):
        list(stream.updates())


def test_should_stop_ends_the_stream_quickly():
    # Given a stream that will run for 21 s of fake time
    cfn, clock, _ = make()
    happy_create(cfn)
    stop_at = 5.0
    stream = EventStream(
        FakeAws(cfn),
        "us-east-1",
        "s1",
        token="tok-create",
        sleep=clock.sleep,
        should_stop=lambda: clock.now >= stop_at,
    )
    # When asked to stop at t=5
    updates = list(stream.updates())
    # Then it stops within one 0.2 s step, without reaching the end
    assert clock.now <= stop_at + 0.2 + 1e-9
    assert not updates[-1].finished
    # and even during a long throttling backoff
    cfn2, clock2, _ = make()
    happy_create(cfn2)
    cfn2.faults["describe_stacks"] = [client_error("Throttling", op="DescribeStacks")] * 5
    stream2 = EventStream(
        FakeAws(cfn2),
        "us-east-1",
        "s1",
        token="tok-create",
        sleep=clock2.sleep,
        should_stop=lambda: clock2.now >= 1.0,
    )
    list(stream2.updates())
    assert clock2.now <= 1.2 + 1e-9


def test_a_stack_gone_by_name_reads_as_deleted():
    cfn, _, stream = make()
    gone = "Stack with id s1 does not exist"
    cfn.faults["describe_stacks"] = [client_error("ValidationError", gone, "DescribeStacks")] * 9
    cfn.faults["describe_stack_events"] = [client_error("ValidationError", gone)] * 9
    updates = list(stream.updates())
    assert updates[-1].stack.status == "DELETE_COMPLETE"
