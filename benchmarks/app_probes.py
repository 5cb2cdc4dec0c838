"""Instruments for the real app under Textual's pilot: loop lag, rows painted, frame cost."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import itertools
import sys
import threading
import time
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

LAG_TICK_S = 0.01
STALL_S = 0.06
SAMPLE_S = 0.002  # the profiler's interval (CHROMA_TUI_BENCH_STALLS=1)


class LagMeter:
    """An asyncio task on the app's loop: how late each 10 ms sleep wakes up (= loop blocked).

    A watchdog thread samples the loop thread's stack whenever no tick came for 60 ms, so a
    stall can be traced to the code that held the loop (or was waiting for the GIL).
    """

    def __init__(self, profile: bool = False) -> None:
        self.profile = profile  # also sample the loop's stack every 2 ms, to explain stalls
        self.samples: list[tuple[float, tuple[str, ...]]] = []
        # (wall, process CPU, other threads' innermost frames) per sample: who ran in a gap
        self.others: list[tuple[float, float, tuple[str, ...]]] = []
        self.lags: list[float] = []
        self.lag_at: list[float] = []  # wall-clock time of each lag sample (same order)
        self.worst: list[tuple[float, float]] = []  # (lag, when) of the ten worst
        self.stalls: list[list[str]] = []  # stacks sampled during stalls (innermost last)
        self._task: asyncio.Task[None] | None = None
        self._last_tick = time.perf_counter()
        self._stop = threading.Event()
        self.collections: list[tuple[float, int, float]] = []  # (start, generation, seconds)
        self._gc_started = 0.0

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())
        if self.profile:
            gc.callbacks.append(self._on_gc)
        loop_thread = threading.get_ident()
        threading.Thread(target=self._watch, args=(loop_thread,), daemon=True).start()

    def _on_gc(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._gc_started = time.time()
        elif time.time() - self._gc_started > 0.005:
            self.collections.append(
                (self._gc_started, int(info["generation"]), time.time() - self._gc_started)
            )

    def _watch(self, loop_thread: int) -> None:
        if self.profile:
            self._sample(loop_thread)
            return
        while not self._stop.wait(0.02):
            if time.perf_counter() - self._last_tick > STALL_S and len(self.stalls) < 20:
                frame = sys._current_frames().get(loop_thread)
                if frame is not None:
                    stack = traceback.extract_stack(frame)[-8:]
                    where = [f"{f.filename}:{f.lineno} {f.name}" for f in stack]
                    self.stalls.append([f"at {time.time():.3f}", *where])

    def _sample(self, loop_thread: int) -> None:
        self._me = threading.get_ident()
        while not self._stop.wait(SAMPLE_S):
            frames = sys._current_frames()
            frame = frames.get(loop_thread)
            others = tuple(
                _where(f) for ident, f in frames.items() if ident not in (loop_thread, self._me)
            )
            self.others.append((time.time(), time.process_time(), others))
            stack: list[str] = []
            while frame is not None:
                code = frame.f_code
                stack.append(f"{_short(code.co_filename)}:{code.co_name}")
                frame = frame.f_back
            self.samples.append((time.time(), tuple(stack)))

    def stall_profiles(self, top: int = 6, frames: int = 25) -> list[dict[str, Any]]:
        """For each of the worst stalls: the frames most often on the loop's stack during it
        (a frame counted once per sample; samples where the loop sat in ``select`` mean it
        waited for the GIL or the CPU, not for code of its own)."""
        out = []
        for lag, at in self.worst[:top]:
            window = [stack for t, stack in self.samples if at - lag - LAG_TICK_S <= t <= at]
            counts: dict[str, int] = {}
            for stack in window:
                for name in set(stack):
                    counts[name] = counts.get(name, 0) + 1
            ranked = sorted(counts.items(), key=lambda item: -item[1])
            # Gaps without a sample: the sampler could not run either. Process CPU time across
            # the gap tells a thread of ours holding the GIL (CPU ~ gap) from the OS running
            # other processes (CPU ~ 0); the other threads' frames after the gap say who.
            gaps = [
                f"gc gen {gen} {took * 1000:.0f} ms"
                for started, gen, took in self.collections
                if at - lag - LAG_TICK_S <= started <= at
            ]
            marks = [o for o in self.others if at - lag - LAG_TICK_S <= o[0] <= at + 0.005]
            for before, after in itertools.pairwise(marks):
                if after[0] - before[0] > 0.015:
                    gaps.append(
                        f"gap {(after[0] - before[0]) * 1000:.0f} ms, process CPU "
                        f"{(after[1] - before[1]) * 1000:.0f} ms; then: " + " | ".join(after[2])
                    )
            out.append(
                {
                    "lag_s": lag,
                    "at": at,
                    "samples": len(window),
                    "frames": ranked[:frames],
                    "gaps": gaps,
                }
            )
        return out

    async def _run(self) -> None:
        while True:
            self._last_tick = started = time.perf_counter()
            await asyncio.sleep(LAG_TICK_S)
            lag = time.perf_counter() - started - LAG_TICK_S
            self.lags.append(lag)
            self.lag_at.append(time.time())
            if len(self.worst) < 10 or lag > self.worst[-1][0]:
                self.worst = sorted([*self.worst, (lag, time.time())], reverse=True)[:10]

    async def stop(self) -> None:
        self._stop.set()
        with contextlib.suppress(ValueError):
            gc.callbacks.remove(self._on_gc)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


def _where(frame: Any) -> str:
    """A thread's innermost frames of ours or of a library (not the stdlib's waits)."""
    names: list[str] = []
    while frame is not None and len(names) < 3:
        name = _short(frame.f_code.co_filename)
        if not name.startswith(("threading", "concurrent", "queue", "selectors")):
            names.append(f"{name}:{frame.f_code.co_name}:{frame.f_lineno}")
        frame = frame.f_back
    return " < ".join(names) or "idle"


def _short(path: str) -> str:
    for marker in ("site-packages/", "python3.11/", "/chroma_tui/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return path


class TableProbe:
    """Wraps ``EventTable.append_rows`` (rows really added): time
    per batch and when each row was painted."""

    def __init__(self) -> None:
        self.painted: dict[str, float] = {}
        self.added: dict[str, float] = {}
        self.batch_s: list[float] = []
        self.batch_rows: list[int] = []
        self.rows_added = 0

    @contextmanager
    def installed(self) -> Iterator[TableProbe]:
        from chroma_tui.ui.widgets.event_table import EventTable

        original = EventTable.append_rows
        probe = self

        def append_rows(table: Any, events: Any) -> None:
            started = time.perf_counter()
            original(table, events)
            probe.batch_s.append(time.perf_counter() - started)
            probe.batch_rows.append(len(events))
            probe.rows_added += len(events)
            now = time.time()
            ids = [e.event_id for e in events]
            for event_id in ids:
                probe.added.setdefault(event_id, now)

            def painted() -> None:
                at = time.time()
                for event_id in ids:
                    probe.painted.setdefault(event_id, at)

            table.call_after_refresh(painted)

        EventTable.append_rows = append_rows  # type: ignore[method-assign]
        try:
            yield self
        finally:
            EventTable.append_rows = original  # type: ignore[method-assign]


class FrameProbe:
    """Times ``Screen._on_timer_update`` (layout + compositor render = one frame), and renders
    the update to terminal segments too, which the headless driver would otherwise skip."""

    def __init__(self) -> None:
        self.frame_s: list[float] = []

    @contextmanager
    def installed(self) -> Iterator[FrameProbe]:
        from textual.app import App
        from textual.screen import Screen

        update = Screen._on_timer_update
        display = App._display
        probe = self

        def timed_update(screen: Any) -> None:
            busy = screen.is_current and (
                screen._layout_required or screen._repaint_required or screen._dirty_widgets
            )
            started = time.perf_counter()
            update(screen)
            if busy:  # an idle tick is not a frame
                probe.frame_s.append(time.perf_counter() - started)

        def rendering_display(app: Any, screen: Any, renderable: Any) -> None:
            render = getattr(renderable, "render_segments", None)
            if render is not None:
                render(app.console)
            display(app, screen, renderable)

        Screen._on_timer_update = timed_update  # type: ignore[method-assign]
        App._display = rendering_display  # type: ignore[method-assign]
        try:
            yield self
        finally:
            Screen._on_timer_update = update  # type: ignore[method-assign]
            App._display = display  # type: ignore[method-assign]


async def wait_until(pilot: Any, condition: Any, timeout_s: float, step_s: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if condition():
            return True
        await pilot.pause(step_s)
    return bool(condition())
