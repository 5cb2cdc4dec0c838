"""EventStream against a fake CloudFormation client and a fake clock."""

from __future__ import annotations

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
    polls = len([c for c in cfn.calls if c[0] == "describe_stacks"])
    assert 10 <= polls <= 13


def test_steady_state_reads_one_page_per_poll():
    cfn, _, stream = make()
    happy_create(cfn)
    list(stream.updates())
    pages = cfn.event_pages_per_poll()
    # at most 2 new events appear between polls here, so a single page always suffices
    assert pages and all(p == 1 for p in pages)


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
    assert cfn.event_pages_per_poll() == [3]


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
    # When the credentials expire
    cfn.faults["describe_stacks"] = [client_error(code, "The security token has expired")]
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
