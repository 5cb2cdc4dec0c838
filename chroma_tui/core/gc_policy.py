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
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_making = 0  # how many long_lived blocks are open (threads may make clients at once)
_resume = False  # whether the collector was on when the first open block began


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
