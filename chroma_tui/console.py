"""Plain-text output of the headless commands: the console, event lines, root causes, and
following a stack operation to its end."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TextIO

from chroma_tui.core import diagnosis
from chroma_tui.core.backend_api import StackStream
from chroma_tui.core.errors import ChromaTuiError, CredentialsError, InputError
from chroma_tui.core.glossary import gloss
from chroma_tui.core.json_lines import JsonLines, error_record, stack_event_record
from chroma_tui.core.models import RootCause, StackEvent, StackSnapshot
from chroma_tui.i18n import t

OK, FAILED, REFUSED, CREDENTIALS, LOCK_PENDING, INTERRUPTED = 0, 1, 2, 3, 4, 130


class Console:
    """Where the headless commands write: stdout for results, stderr for problems.

    With ``--json`` (``JsonConsole``) stdout carries only JSON lines; the human text goes to
    stderr. Commands call ``emit`` for what a script should read; it does nothing here.
    """

    json: JsonLines | None = None

    def __init__(self, out: TextIO, err: TextIO, stdin: TextIO) -> None:
        self.out = out
        self.err = err
        self.stdin = stdin
        self.result: dict[str, Any] = {}  # fields of the final ``result`` line (--json)

    @property
    def prompt_stream(self) -> TextIO:
        return self.out

    def say(self, text: str) -> None:
        print(text, file=self.out, flush=True)

    def warn(self, text: str) -> None:
        print(text, file=self.err, flush=True)

    def emit(self, kind: str, **fields: Any) -> None:
        """A JSON line for scripts (``--json`` only)."""
        if self.json is not None:
            self.json.emit(kind, **fields)

    def error(self, exc: ChromaTuiError) -> None:
        self.warn(t("cli.error.line", title=exc.title(), body=exc.body()))
        if exc.raw:
            self.warn(t("cli.error.raw", raw=exc.raw))
        self.warn(t("cli.error.fix", fix=exc.fix()))
        self.emit("error", **error_record(exc))

    def refuse(self, key: str, **params: object) -> None:
        """A refusal that is one sentence saying what to do (e.g. ``cli.error.need_yes``)."""
        text = t(key, **params)
        self.warn(text)
        self.emit("error", error="Refused", key=key, title=text, body="", fix=text, raw=None)

    def finish(self, command: str, code: int) -> None:
        """The last line of a ``--json`` run: the command, its exit code, what it left."""
        self.emit("result", command=command, exit_code=code, ok=code == 0, **self.result)

    def ask(self, prompt: str) -> str | None:
        """A line from a terminal; None when stdin is not one (never block a script)."""
        if not is_tty(self.stdin):
            return None
        print(prompt, end=" ", file=self.prompt_stream, flush=True)
        return self.stdin.readline().strip()


class JsonConsole(Console):
    """``--json``: JSON lines on stdout, nothing else; human text (and prompts) on stderr."""

    def __init__(self, out: TextIO, err: TextIO, stdin: TextIO) -> None:
        super().__init__(out, err, stdin)
        self.json = JsonLines(out)

    @property
    def prompt_stream(self) -> TextIO:
        return self.err

    def say(self, text: str) -> None:
        print(text, file=self.err, flush=True)


def error_exit(console: Console, exc: ChromaTuiError, *, otherwise: int = FAILED) -> int:
    """Say a typed error with its fix; its exit code. The one mapping of every headless command:
    credentials 3, bad input 2, anything else ``otherwise`` (what the failed step means there)."""
    console.error(exc)
    if isinstance(exc, CredentialsError):
        return CREDENTIALS
    if isinstance(exc, InputError):
        return REFUSED
    return otherwise


def is_tty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def event_line(event: StackEvent) -> str:
    stamp = event.timestamp.astimezone().strftime("%H:%M:%S")
    line = f"{stamp}  {event.logical_id:<28} {event.resource_type:<27} {event.status:<20}"
    return f"{line} {event.reason}".rstrip()


def gloss_line(event: StackEvent) -> str | None:
    """AWS's raw reason in plain words, printed beneath the event line (as the TUI shows it)."""
    text = gloss(event.reason)
    return t("scripts.gloss_line", gloss=text) if text else None


def say_event(console: Console, event: StackEvent) -> None:
    """One stack event: the line with AWS's raw reason, its gloss beneath; a JSON line."""
    console.say(event_line(event))
    extra = gloss_line(event)
    if extra:
        console.say(extra)
    console.emit("stack_event", **stack_event_record(event))


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
            say_event(console, event)
            if on_event:
                on_event(event)
        if update.backoff_s is not None:
            console.warn(t("cli.stream.backoff", seconds=f"{update.backoff_s:.1f}"))
        if update.reconnecting:
            console.warn(t("cli.stream.reconnecting", problem=update.problem))
        if update.backoff_s is not None or update.reconnecting:
            console.emit(
                "stream",
                backoff_s=update.backoff_s,
                reconnecting=update.reconnecting,
                problem=update.problem,
            )
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
