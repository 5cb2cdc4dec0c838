"""Round-6 fixes outside the loop work: the provisioning line counts packages in good English,
and the backend process lets a stream go once the TUI has read it."""

from __future__ import annotations

import threading

import pytest
from fakes import saved_deployment

from chroma_tui import i18n
from chroma_tui.core.backend_remote import RemoteStream
from chroma_tui.core.backend_wire import StreamHandle, StreamStep
from chroma_tui.core.models import StackSnapshot, StreamUpdate
from chroma_tui.sandbox.chroma import _Progress


@pytest.fixture(autouse=True)
def english() -> object:
    before = i18n.get_language()
    i18n.set_language("en")
    yield None
    i18n.set_language(before)


def test_the_provisioning_line_says_one_package_then_packages() -> None:
    lines: list[str] = []
    progress = _Progress("1.5.9", lines.append)
    progress.raw("Collecting numpy>=1.22")
    assert "1 package so far" in lines[-1], lines
    progress._last = 0.0  # at most one line a second: let the next through
    progress.raw("Collecting httpx")
    assert "2 packages so far" in lines[-1], lines


def test_chinese_says_the_same_for_one_and_many() -> None:
    i18n.set_language("zh-CN")
    lines: list[str] = []
    progress = _Progress("1.5.9", lines.append)
    progress.raw(" + numpy==2.1.0")
    assert "已处理 1 个软件包" in lines[-1], lines


# -- streams in the backend process are let go once read ------------------------------------
class _Owner:
    """What a RemoteStream needs of its RemoteBackend: scripted stream_next answers."""

    def __init__(self, steps: list[object]) -> None:
        self.steps = list(steps)
        self.generation = 1
        self.released: list[tuple[StreamHandle, int]] = []
        self.calls: list[str] = []

    def started(self) -> int:
        return self.generation

    def _call(self, method: str, *args: object, **kwargs: object) -> object:
        self.calls.append(method)
        if method == "stream":
            return StreamHandle(99)
        step = self.steps.pop(0)
        if isinstance(step, Exception):
            raise step
        return step

    def _release(self, handle: StreamHandle, generation: int) -> None:
        self.released.append((handle, generation))


def _update(terminal: bool) -> StreamUpdate:
    stack = StackSnapshot(
        stack_id="arn:stack/s/1",
        name="s",
        status="CREATE_COMPLETE" if terminal else "CREATE_IN_PROGRESS",
    )
    return StreamUpdate(stack=stack)


def _stream(owner: _Owner) -> RemoteStream:
    deployment = saved_deployment("CREATE_IN_PROGRESS")
    return RemoteStream(owner, deployment, StreamHandle(7), lambda: False)  # type: ignore[arg-type]


def test_a_stream_read_to_its_end_is_let_go_in_the_backend_process() -> None:
    owner = _Owner([StreamStep(_update(False), None, ()), StreamStep(None, None, ())])
    assert len(list(_stream(owner).updates())) == 1
    assert owner.released == [(StreamHandle(7), 1)]


def test_a_stream_whose_reader_stops_at_the_finish_is_let_go() -> None:
    owner = _Owner([StreamStep(_update(True), None, ())])
    stream = _stream(owner)
    for update in stream.updates():
        if update.finished:
            break  # as the journey and the streaming screens do
    assert owner.released == [(StreamHandle(7), 1)]


def test_a_stream_that_failed_keeps_its_handle_for_the_retry() -> None:
    owner = _Owner([OSError("network"), StreamStep(None, None, ())])
    stream = _stream(owner)
    with pytest.raises(OSError):
        list(stream.updates())
    assert owner.released == []
    list(stream.updates())  # the retry reads on from the same stream (no new one opened)
    assert owner.calls == ["stream_next", "stream_next"]
    assert owner.released == [(StreamHandle(7), 1)]


def test_stream_close_drops_the_stream_kept_in_the_backend_process() -> None:
    from chroma_tui.core import backend_child

    class Streams:
        profile = None

        def set_profile(self, profile: str | None) -> None:
            self.profile = profile

        def stream(self, deployment: object, should_stop: object) -> object:
            return object()

    server = backend_child.Server(None, Streams())  # type: ignore[arg-type]
    stop = threading.Event()
    handle = server._dispatch(1, stop, "stream", (saved_deployment("CREATE_IN_PROGRESS"),), {})
    assert handle.number in server._streams
    server._dispatch(2, stop, "stream_close", (handle,), {})
    assert server._streams == {}


# -- the resource view's cache keeps the rows it shows ---------------------------------------
def test_the_row_cache_keeps_the_bodies_of_the_rows_shown_when_it_is_trimmed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """50 resources passing through their statuses overflow the cache; trimming it used to
    drop every body, so the next layout drew all 50 again in one turn (a stall)."""
    from rich.console import Console
    from rich.style import Style

    from chroma_tui.core.resource_view import ResourceRow
    from chroma_tui.ui.widgets.resource_view import RowPainter

    console = Console(width=100, color_system=None, file=None)
    painter = RowPainter(console, console.options)
    drawn: list[str] = []
    render = RowPainter._render

    def counting(self: RowPainter, text: object, width: int, base: Style) -> object:
        drawn.append(str(text))
        return render(self, text, width, base)  # type: ignore[arg-type]

    monkeypatch.setattr(RowPainter, "_render", counting)

    def rows(status: str) -> list[ResourceRow]:
        return [
            ResourceRow(f"R{i}", f"R{i}", "AWS::EC2::Instance", status, reason=status)
            for i in range(50)
        ]

    base = Style()
    statuses = ("CREATE_IN_PROGRESS", "CREATE_COMPLETE", "UPDATE_IN_PROGRESS")
    statuses += ("UPDATE_COMPLETE", "DELETE_IN_PROGRESS")
    for status in statuses:
        for row in rows(status):
            painter.body(row, 100, base)
    shown = rows("DELETE_IN_PROGRESS")
    painter.forget_others(shown, 100, base)  # 250 bodies cached: over the bound
    drawn.clear()
    for row in shown:
        painter.body(row, 100, base)
    assert drawn == []  # every row shown kept its body
    assert len(painter._bodies) == len(shown)  # and the rest went


# -- Review: OpenTelemetry left off says what is passed instead ------------------------------
@pytest.mark.parametrize(("lang", "words"), [("en", "off (the placeholder"), ("zh-CN", "关闭")])
async def test_review_says_off_and_names_the_placeholder_passed(lang: str, words: str) -> None:
    from fakes import FakeBackend
    from test_ui_walk import reach
    from textual.widgets import Static

    from chroma_tui.core.template_check import SAFE_OTEL_ENDPOINT
    from chroma_tui.ui.app import ChromaTuiApp
    from chroma_tui.ui.screens.review import ReviewScreen

    app = ChromaTuiApp(FakeBackend(), lang=lang)
    async with app.run_test(size=(100, 40)) as pilot:
        await reach(pilot, ReviewScreen)
        for _ in range(50):
            facts = [str(w.render()) for w in app.screen.query(Static).filter(".fact")]
            if any(SAFE_OTEL_ENDPOINT in fact for fact in facts):
                break
            await pilot.pause(0.05)
        line = next(fact for fact in facts if SAFE_OTEL_ENDPOINT in fact)
        assert words in line, line


# -- the palette's Screenshot saves where it says, and says so in the app's language ----------
@pytest.mark.parametrize("lang", ["en", "zh-CN"])
async def test_the_screenshot_is_saved_in_the_folder_and_a_note_says_where(
    tmp_path, lang: str
) -> None:
    from fakes import FakeBackend

    from chroma_tui.ui.app import ChromaTuiApp
    from chroma_tui.ui.widgets.palette import save_screenshot

    app = ChromaTuiApp(FakeBackend(), lang=lang)
    notes: list[tuple[str, str]] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.notify = lambda message, **kw: notes.append((message, kw.get("severity", "")))  # type: ignore[method-assign]
        path = save_screenshot(app, str(tmp_path))
        assert path is not None and path.endswith(".svg")
        assert (tmp_path / path.rsplit("/", 1)[-1]).read_text("utf-8").startswith("<svg")
        assert notes and path in notes[-1][0]
        missing = tmp_path / "no-such-folder"
        assert save_screenshot(app, str(missing)) is None
        message, severity = notes[-1]
        assert severity == "error" and str(missing) in message
        assert ("folder you can write to" in message) == (lang == "en")


# -- an outcome that arrives under a dialog waits for it to close ----------------------------
async def test_chroma_answering_under_the_quit_dialog_waits_for_it_then_replaces_waiting() -> None:
    """``q`` on Waiting asks; if Chroma answers meanwhile, the navigator used to replace the
    top screen, the dialog, so the question vanished and Waiting stayed under Connected."""
    from fakes import RunFakeBackend, saved_deployment, settle

    from chroma_tui.ui.app import ChromaTuiApp
    from chroma_tui.ui.screens.connected import ConnectedScreen
    from chroma_tui.ui.screens.waiting import WaitingScreen
    from chroma_tui.ui.widgets.confirm import ConfirmModal

    d = saved_deployment("CREATE_COMPLETE", host="203.0.113.10")
    fake = RunFakeBackend()
    fake.saved = [d]
    fake.probe_blocks = True
    app = ChromaTuiApp(fake, lang="en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        waiting = WaitingScreen(d)
        app.push_screen(waiting)
        for _ in range(10):  # (settle would wait for the probe, which waits for the test)
            await pilot.pause(0.05)
        await pilot.press("q")
        for _ in range(50):
            if isinstance(app.screen, ConfirmModal):
                break
            await pilot.pause(0.02)
        assert isinstance(app.screen, ConfirmModal)
        fake.probe_block.set()  # Chroma answers while the question is open
        for _ in range(20):
            await pilot.pause(0.05)
        assert isinstance(app.screen, ConfirmModal)  # the question stays
        await pilot.press("n")  # stay
        for _ in range(50):
            if isinstance(app.screen, ConnectedScreen):
                break
            await pilot.pause(0.05)
        assert isinstance(app.screen, ConnectedScreen)
        assert waiting not in app.screen_stack  # replaced, not left underneath
        assert not any(isinstance(s, ConfirmModal) for s in app.screen_stack)
