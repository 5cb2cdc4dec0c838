"""The navigator follows outcomes (and drops stale ones); backend answers arrive on the loop."""

from __future__ import annotations

import threading

from fakes import FROZEN_NOW, RunFakeBackend, saved_deployment
from textual.app import ComposeResult
from textual.widgets import Static

from chroma_tui.core.errors import ChromaTuiError, InputError
from chroma_tui.ui.app import ChromaTuiApp
from chroma_tui.ui.outcomes import CleanupRequested, ShowDeployments
from chroma_tui.ui.screens.base.run import RunScreen
from chroma_tui.ui.screens.cleanup import CleanupScreen
from chroma_tui.ui.screens.deployments import DeploymentsScreen


def backend() -> RunFakeBackend:
    fake = RunFakeBackend()
    fake.saved = [saved_deployment("CREATE_COMPLETE", id="dep-1", name="my-chroma-stack")]
    return fake


class Probe(RunScreen):
    """A run screen that makes one call and notes on which thread each answer arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.answers: list[tuple[str, object, int]] = []

    def compose(self) -> ComposeResult:
        yield Static("probe")

    def ask(self, fail: bool) -> None:
        self.call_backend(self.work, fail, on_done=self.done_work, on_error=self.failed_work)

    def work(self, fail: bool) -> int:
        if fail:
            raise InputError("run.error.unexpected", raw="no")
        return threading.get_ident()

    def done_work(self, worker_thread: int) -> None:
        self.answers.append(("done", worker_thread, threading.get_ident()))

    def failed_work(self, error: ChromaTuiError) -> None:
        self.answers.append(("failed", error, threading.get_ident()))


async def wait_for(pilot, condition) -> None:  # type: ignore[no-untyped-def]
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never met")


async def test_backend_answers_run_on_the_event_loop_not_in_the_worker() -> None:
    app = ChromaTuiApp(backend(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DeploymentsScreen))
        loop_thread = threading.get_ident()
        probe = Probe()
        await app.push_screen(probe)
        probe.ask(fail=False)
        await wait_for(pilot, lambda: len(probe.answers) == 1)
        probe.ask(fail=True)
        await wait_for(pilot, lambda: len(probe.answers) == 2)
        (kind, worker_thread, where), (failed, error, where_failed) = probe.answers
        assert kind == "done" and worker_thread != loop_thread  # the call ran in a thread
        assert where == loop_thread  # and its answer on the loop
        assert failed == "failed" and isinstance(error, InputError)
        assert where_failed == loop_thread


async def test_the_navigator_opens_what_follows_and_drops_a_stale_outcome() -> None:
    fake = backend()
    app = ChromaTuiApp(fake, lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, DeploymentsScreen))
        deployments = app.screen
        assert isinstance(deployments, DeploymentsScreen)
        await wait_for(pilot, lambda: deployments.loaded)
        d = fake.saved[0]
        deployments.go(CleanupRequested(d))
        await wait_for(pilot, lambda: isinstance(app.screen, CleanupScreen))
        cleanup = app.screen
        # The same request again from Deployments (now beneath): a second key press, dropped.
        deployments.go(CleanupRequested(d))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is cleanup
        assert sum(isinstance(s, CleanupScreen) for s in app.screen_stack) == 1
        assert isinstance(cleanup, CleanupScreen)
        cleanup.go(ShowDeployments())
        await wait_for(pilot, lambda: app.screen is deployments)
        # An outcome from a screen that has been left changes nothing.
        cleanup.go(CleanupRequested(d, confirmed=True))
        await pilot.pause()
        await pilot.pause()
        assert app.screen is deployments


async def test_the_first_screen_reads_the_saved_records_off_the_event_loop() -> None:
    # The backend may be a process away (core/backend_remote.py): no call of it on the loop.
    loop_thread = threading.current_thread()
    asked_from: list[threading.Thread] = []

    class Watched(RunFakeBackend):
        def store_warnings(self) -> list[str]:
            asked_from.append(threading.current_thread())
            return super().store_warnings()

    app = ChromaTuiApp(Watched(), lang="en", clock=lambda: FROZEN_NOW)
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(100):
            if asked_from and type(app.screen).__name__ != "HomeScreen":
                break
            await pilot.pause(0.02)
    assert asked_from and loop_thread not in asked_from
