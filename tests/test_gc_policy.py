"""core/gc_policy.py: no collection while long-lived things are made, then they are frozen."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from chroma_tui.core import gc_policy


@pytest.fixture(autouse=True)
def collector_on():
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


def test_no_collection_runs_inside_and_what_was_made_is_frozen_after() -> None:
    frozen_before = gc.get_freeze_count()
    with gc_policy.long_lived():
        assert not gc.isenabled()
        made = [[i] for i in range(1000)]  # tracked containers
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(made)


def test_the_collector_stays_off_until_the_last_of_overlapping_blocks_ends() -> None:
    inside = threading.Event()
    release = threading.Event()

    def other() -> None:
        with gc_policy.long_lived():
            inside.set()
            release.wait(10)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(10)
    with gc_policy.long_lived():
        pass
    assert not gc.isenabled()  # the other block is still open
    release.set()
    thread.join(10)
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    with gc_policy.long_lived():
        pass
    assert not gc.isenabled()


# -- full passes: only in turns of their own, between frames -------------------------------
def test_full_passes_are_held_until_every_holder_lets_go() -> None:
    before = gc.get_threshold()
    first = gc_policy.hold_full_passes()
    second = gc_policy.hold_full_passes()
    try:
        assert gc.get_threshold()[2] > 10**9  # never reached by itself
        assert gc.get_threshold()[:2] == before[:2]  # the young generations as before
        first()
        first()  # a second release of the same hold changes nothing
        assert gc.get_threshold()[2] > 10**9  # the other holder still holds
    finally:
        second()
    assert gc.get_threshold() == before


def test_a_full_pass_frees_cyclic_garbage_while_passes_are_held() -> None:
    class Node:
        me: object = None

    release = gc_policy.hold_full_passes()
    try:
        gc.collect()
        node = Node()
        node.me = node  # a cycle: only the collector frees it
        alive = weakref.ref(node)
        del node
        assert alive() is not None
        gc_policy.full_pass()
        assert alive() is None
    finally:
        release()


async def test_the_tui_holds_full_passes_and_runs_one_after_a_screen_opens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from fakes import FakeBackend

    from chroma_tui.ui.app import ChromaTuiApp
    from chroma_tui.ui.screens.base import first_frame

    passes: list[float] = []
    monkeypatch.setattr(gc_policy, "FULL_PASS_AFTER_SHOW_S", 0.05)
    monkeypatch.setattr(first_frame.gc_policy, "full_pass", lambda: passes.append(1.0))
    before = gc.get_threshold()
    app = ChromaTuiApp(FakeBackend(), lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(50):  # the first wizard step opens
            if type(app.screen).__name__ != "HomeScreen":
                break
            await pilot.pause(0.02)
        await pilot.pause(0.2)
        assert gc.get_threshold()[2] > 10**9  # no full pass starts by itself in the TUI
        assert passes  # the screen that opened ran one, after its first frame
        timers = [t for t in app._timers if t._callback is gc_policy.full_pass]
        assert timers and timers[0]._interval == gc_policy.FULL_PASS_EVERY_S
    assert gc.get_threshold() == before  # as it was once the TUI is gone
