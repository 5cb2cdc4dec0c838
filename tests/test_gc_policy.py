"""core/gc_policy.py: no collection while long-lived things are made, then they are frozen."""

from __future__ import annotations

import gc
import threading

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
