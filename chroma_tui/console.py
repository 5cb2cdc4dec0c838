"""Plain-text output of the headless commands: the console, event lines, root causes, and
following a stack operation to its end."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from chroma_tui.core import diagnosis
from chroma_tui.core.backend_api import StackStream
from chroma_tui.core.errors import ChromaTuiError, CredentialsError
from chroma_tui.core.models import RootCause, StackEvent, StackSnapshot
from chroma_tui.i18n import t

OK, FAILED, REFUSED, CREDENTIALS, LOCK_PENDING, INTERRUPTED = 0, 1, 2, 3, 4, 130


class Console:
    """Where the headless commands write: stdout for results, stderr for problems."""

    def __init__(self, out: TextIO, err: TextIO, stdin: TextIO) -> None:
        self.out = out
        self.err = err
        self.stdin = stdin

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def warn(self, text: str) -> None:
        print(text, file=self.err, flush=True)

    def error(self, exc: ChromaTuiError) -> None:
        self.warn(t("cli.error.line", title=exc.title(), body=exc.body()))
        if exc.raw:
            self.warn(t("cli.error.raw", raw=exc.raw))
        self.warn(t("cli.error.fix", fix=exc.fix()))

    def ask(self, prompt: str) -> str | None:
        """A line from a terminal; None when stdin is not one (never block a script)."""
        if not is_tty(self.stdin):
            return None
        print(prompt, end=" ", file=self.out, flush=True)
        return self.stdin.readline().strip()


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def event_line(event: StackEvent) -> str:
    stamp = event.timestamp.astimezone().strftime("%H:%M:%S")
    line = f"{stamp}  {event.logical_id:<28} {event.resource_type:<27} {event.status:<20}"
    return f"{line} {event.reason}".rstrip()


def print_cause(console: Console, cause: RootCause) -> None:
    title, body, fix = diagnosis.describe(cause)
    console.warn(t("cli.cause.title", title=title))
    console.warn(t("cli.cause.body", body=body))
    console.warn(t("cli.cause.fix", fix=fix))
    if cause.console_url:
        console.warn(t("cli.cause.console", url=cause.console_url))
    if cause.raw_reason:
        console.warn(t("cli.error.raw", raw=cause.raw_reason))


def follow(
    console: Console, stream: StackStream, on_event: Callable[[StackEvent], None] | None = None
) -> StackSnapshot | None:
    """Print each event as it comes; the terminal snapshot (None if it never got there)."""
    for update in stream.updates():
        for event in update.events:
            console.say(event_line(event))
            if on_event:
                on_event(event)
        if update.backoff_s is not None:
            console.warn(t("cli.stream.backoff", seconds=f"{update.backoff_s:.1f}"))
        if update.reconnecting:
            console.warn(t("cli.stream.reconnecting", problem=update.problem))
    return stream.stack if stream.stack and stream.stack.terminal else None


# -- deploy -------------------------------------------------------------------------------
def follow_to_end(
    console: Console,
    open_stream: Callable[[], StackStream],
    name: str,
    *,
    left_running: str,
    resume_later: str | None = None,
) -> tuple[StackStream, StackSnapshot] | int:
    """Open a stream and print it to its terminal status; an exit code when it cannot finish."""
    try:
        stream = open_stream()
        final = follow(console, stream)
    except CredentialsError as exc:
        console.error(exc)
        if resume_later:
            console.warn(t(resume_later, name=name))
        return CREDENTIALS
    except ChromaTuiError as exc:
        console.error(exc)
        return FAILED
    except KeyboardInterrupt:
        console.warn(t(left_running, name=name))
        return INTERRUPTED
    if final is None:
        return INTERRUPTED
    return stream, final
