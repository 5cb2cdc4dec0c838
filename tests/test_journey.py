"""The journey's contract with a fake backend: its steps in order, its events, its typed errors,
--no-wait, the stop flag and the pluggable wait step. And the Key pair step's recreate key."""

from __future__ import annotations

from typing import Any

import pytest
from fakes import FakeBackend, RunFakeBackend, official_template, settle, update
from test_ui_wizard import SIZE, advance, make_app
from textual.widgets import Input

from chroma_tui.core.errors import AwsError, JourneyStopped, ProbeError, StackFailedError
from chroma_tui.core.journey import Journey, lock_command
from chroma_tui.core.journey_events import (
    HeartbeatRecorded,
    Launched,
    LeftOpen,
    LockDone,
    LockPending,
    ProbeTried,
    StackCompleted,
    StackUpdated,
    WaitNote,
    WaitStarted,
)
from chroma_tui.core.models import ChromaConnection, LaunchPlan, ProbeAttempt
from chroma_tui.core.wizard import KeyChoice
from chroma_tui.ui.screens.key_pair import KeyPairScreen
from chroma_tui.ui.widgets import ErrorPanel


def plan(lock: bool = True) -> LaunchPlan:
    return LaunchPlan(
        "us-east-1", "my-chroma-stack", "t3.small", "1.5.9", official_template(),
        lock_to_my_ip=lock,
    )  # fmt: skip


def kinds(events: list[Any]) -> list[str]:
    names = [type(e).__name__ for e in events]
    # Stream updates are many; one name for the run of them.
    return [n for i, n in enumerate(names) if n != "StackUpdated" or names[i - 1] != n]


def test_the_whole_journey_in_order_with_its_events():
    fake = RunFakeBackend()
    seen: list[Any] = []
    result = Journey(fake, on_event=seen.append).run(plan())
    assert kinds(seen) == [
        "Launched", "StackUpdated", "StackCompleted", "LockStarted", "LockDone",
        "WaitStarted", "ProbeTried", "HeartbeatRecorded",
    ]  # fmt: skip
    names = [n for n, _ in fake.calls]
    order = ["launch", "stream", "record", "my_ip", "lock_to_ip", "wait_for_chroma"]
    assert [names.index(n) for n in order] == sorted(names.index(n) for n in order)
    assert names.index("wait_for_chroma") < names.index("record_heartbeat")
    assert result.lock.state == "done" and result.lock.ip == "198.51.100.23"
    assert result.connection is not None
    assert isinstance(seen[0], Launched) and isinstance(seen[-1], HeartbeatRecorded)
    assert seen[-1].deployment.last_heartbeat_at


def test_no_wait_locks_and_skips_only_the_wait():
    fake = RunFakeBackend()
    seen: list[Any] = []
    result = Journey(fake, on_event=seen.append).run(plan(), wait=False)
    assert fake.called("lock_to_ip") and not fake.called("wait_for_chroma")
    assert result.connection is None and result.lock.state == "done"
    assert not any(isinstance(e, (WaitStarted, HeartbeatRecorded)) for e in seen)


def test_no_lock_asked_leaves_it_open_and_says_so():
    fake = RunFakeBackend()
    seen: list[Any] = []
    result = Journey(fake, on_event=seen.append).run(plan(lock=False))
    assert not fake.called("lock_to_ip") and result.lock.state == "not_asked"
    assert any(isinstance(e, LeftOpen) for e in seen)


def test_a_failed_lock_is_pending_with_the_command_and_the_wait_still_runs():
    fake = RunFakeBackend()
    fake.fail("my_ip", AwsError("deploy.error.my_ip", url="http://x"))
    seen: list[Any] = []
    result = Journey(fake, on_event=seen.append).run(plan())
    [pending] = [e for e in seen if isinstance(e, LockPending)]
    assert pending.command == lock_command(pending.deployment)
    assert pending.command.startswith("chroma-tui lock --stack-name my-chroma-stack")
    assert result.lock.pending and result.connection is not None
    assert not any(isinstance(e, LockDone) for e in seen)


def test_a_failed_stack_raises_with_its_events_and_never_locks_or_waits():
    fake = RunFakeBackend()
    fake.stream_final = "ROLLBACK_COMPLETE"
    with pytest.raises(StackFailedError) as caught:
        Journey(fake).run(plan())
    assert caught.value.stack.status == "ROLLBACK_COMPLETE"
    assert caught.value.events and caught.value.title()
    assert not fake.called("lock_to_ip") and not fake.called("wait_for_chroma")


def test_the_stop_flag_ends_the_stream_with_journey_stopped():
    fake = RunFakeBackend()
    fake.stream_script = [update()]  # never terminal
    with pytest.raises(JourneyStopped):
        Journey(fake).run(plan())
    assert not fake.called("lock_to_ip")


def test_a_failed_wait_raises_after_the_lock():
    fake = RunFakeBackend()
    fake.fail("wait_for_chroma", ProbeError("probe.cancelled", host="h", port=1))
    seen: list[Any] = []
    with pytest.raises(ProbeError):
        Journey(fake, on_event=seen.append).run(plan())
    assert any(isinstance(e, LockDone) for e in seen)
    assert not fake.called("record_heartbeat")


def test_a_pluggable_wait_step_reports_through_the_journey():
    fake = FakeBackend()
    connection = ChromaConnection("203.0.113.10", 8000, 1, "1.0.0", 1.0, 1, 1.0)

    def waiter(deployment, on_attempt, on_note, should_stop):  # type: ignore[no-untyped-def]
        on_note("boot phase: image pulled")
        on_attempt(ProbeAttempt(1, 1.0, None, 200))
        return connection

    seen: list[Any] = []
    journey = Journey(fake, on_event=seen.append, waiter=waiter)
    journey.run(plan())
    assert not fake.called("wait_for_chroma")
    notes = [e.detail for e in seen if isinstance(e, WaitNote)]
    assert notes == ["boot phase: image pulled"]
    assert any(isinstance(e, ProbeTried) for e in seen)
    assert [type(e) for e in seen].index(StackCompleted) < [type(e) for e in seen].index(WaitNote)
    assert any(isinstance(e, StackUpdated) for e in seen)


# -- the Key pair step: a pair whose private key never arrived ----------------------------------
async def test_key_pair_whose_private_key_was_lost_is_recreated_with_x() -> None:
    backend = FakeBackend()
    backend.fail(
        "create_key_pair",
        AwsError("journey.keypair.orphaned", name="lost", region="us-east-1"),
        times=1,
    )
    app = make_app(backend)
    async with app.run_test(size=SIZE) as pilot:
        await advance(pilot, KeyPairScreen)
        await pilot.click("#mode-create")
        await settle(pilot)
        app.screen.query_one("#new-name", Input).focus()
        await pilot.press(*"lost", "enter")
        await settle(pilot)
        panel = app.screen.query_one(ErrorPanel)
        assert panel.error.key == "journey.keypair.orphaned"
        assert "never arrived" in panel.error.body()
        assert app.screen.check_action("recreate", ())
        app.screen.set_focus(None)
        await pilot.press("x")
        await settle(pilot)
        assert backend.called("recreate_key_pair") == [("us-east-1", "lost", "ed25519")]
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert app.wizard.key == KeyChoice(
            "lost", "/home/demo/.local/share/chroma-tui/keys/lost.pem", created=True
        )


def test_waiting_for_a_stopped_deployment_says_it_is_stopped_and_how_to_start_it() -> None:
    """Walker: `watch` on a stopped deployment said the stack had no ServerIp output."""
    from fakes import saved_deployment

    from chroma_tui.core.errors import InputError

    stopped = saved_deployment("CREATE_COMPLETE").evolve(instance_state="stopped")
    fake = FakeBackend()
    with pytest.raises(InputError) as caught:
        Journey(fake).wait(stopped)
    assert caught.value.key == "polish.error.stopped"
    assert "chroma-tui start my-chroma-stack --region us-east-1" in caught.value.fix()
    assert "ServerIp" not in caught.value.body()
    assert not fake.called("wait_for_chroma")
