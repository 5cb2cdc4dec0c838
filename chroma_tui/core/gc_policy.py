"""Keep the objects that live as long as the process out of the garbage collector's full passes.

A full (generation 2) collection walks every tracked object while holding the GIL. With
botocore's service models, the clients made from them and Textual's widgets in memory that is
~80-115 ms on the development machine: the worst stall the benchmark measured on the run
screens (issue 10, item 7), triggered by whichever thread happened to allocate at that moment.

Two moves fix it:

- :func:`long_lived` wraps the making of something that lives until the process ends (an AWS
  client and the models it loads). No collection runs while it is made (it allocates tens of
  thousands of objects, which would trigger one), and afterwards everything alive is moved to
  the permanent generation (``gc.freeze``), so later full passes skip it.
- :func:`settle` does the same move once the app's first screen is up (imported modules,
  stylesheet, the first widgets).

Freezing keeps whatever cyclic garbage exists at that moment, so it happens a bounded number of
times per process (start-up, each new client): the memory kept is bounded too, and everything
made later is collected as usual.

What is made later still needs full passes: a closed screen's widgets are cyclic garbage that
only a full pass frees, and freeing ~17 000 of them took 27 ms. A pass that starts by itself
lands wherever an allocation tips the count, on a new screen's first frame too (a 20 ms frame
became a 63 ms stall). :func:`hold_full_passes` stops them from starting by themselves while the
TUI runs; the TUI runs them itself (:func:`full_pass`), each in a loop turn of its own: shortly
after a screen opens (the screen it replaced is garbage by then) and every
``FULL_PASS_EVERY_S`` besides.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

#: How often the TUI runs a full pass besides the one after each screen opens.
FULL_PASS_EVERY_S = 15.0
#: How long after a screen opens its full pass runs (its first frames are out by then).
FULL_PASS_AFTER_SHOW_S = 0.5
_NEVER = 2**31 - 1  # a generation-2 threshold that is never reached

_lock = threading.Lock()
_making = 0  # how many long_lived blocks are open (threads may make clients at once)
_resume = False  # whether the collector was on when the first open block began
_holders = 0  # how many hold_full_passes() are not released yet
_old_threshold = 10  # the generation-2 threshold before the first of them


@contextmanager
def long_lived() -> Iterator[None]:
    """No collection while the block runs; what it made is frozen when the last block ends."""
    global _making, _resume
    with _lock:
        if _making == 0:
            _resume = gc.isenabled()
            gc.disable()
        _making += 1
    try:
        yield
    finally:
        with _lock:
            _making -= 1
            if _making == 0:
                settle()
                if _resume:
                    gc.enable()


def settle() -> None:
    """Collect the youngest generation (cheap), then freeze everything that is left."""
    gc.collect(0)
    gc.freeze()


def hold_full_passes() -> Callable[[], None]:
    """From now on generation-2 passes start only through :func:`full_pass` (the young
    generations are collected as usual); returns what lets them start by themselves again,
    once every holder (several apps in a test run, say) has let go."""
    global _holders, _old_threshold
    with _lock:
        if _holders == 0:
            young, middle, _old_threshold = gc.get_threshold()
            gc.set_threshold(young, middle, _NEVER)
        _holders += 1
    released = False

    def release() -> None:
        global _holders
        nonlocal released
        with _lock:
            if released:
                return
            released = True
            _holders -= 1
            if _holders == 0:
                young, middle, _ = gc.get_threshold()
                gc.set_threshold(young, middle, _old_threshold)

    return release


def full_pass() -> None:
    """A full collection now: what the TUI's timers call, between frames."""
    gc.collect()
