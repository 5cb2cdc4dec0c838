"""Typed errors that cross from the core to the UI.

Each error carries an i18n key and parameters instead of finished text, so the screen can show
it in the current language (and switch language live). The catalogue holds three entries per key:
``<key>.title`` (a short headline), ``<key>.body`` (what happened, in plain words) and
``<key>.fix`` (what to do). ``raw`` keeps AWS's own wording, shown beneath, never translated.
"""

from __future__ import annotations

from chroma_tui.core.models import StackEvent, StackSnapshot
from chroma_tui.i18n import t


class ChromaTuiError(Exception):
    """Base class: ``key`` names the catalogue entries, ``params`` fill their placeholders."""

    def __init__(self, key: str, *, raw: str | None = None, **params: object) -> None:
        super().__init__(raw or key)
        self.key = key
        self.raw = raw
        self.params = params

    def title(self) -> str:
        return t(f"{self.key}.title", **self.params)

    def body(self) -> str:
        return t(f"{self.key}.body", **self.params)

    def fix(self) -> str:
        return t(f"{self.key}.fix", **self.params)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its key, parameters and extra fields, whatever its ``__init__`` takes
        (the TUI's backend runs in a process of its own: ``core/backend_wire.py``)."""
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))

    def __str__(self) -> str:  # plain text for logs and the headless commands
        text = f"{self.title()}: {self.body()}"
        if self.raw:
            text += f" [{self.raw}]"
        return text


def _rebuild(
    cls: type[ChromaTuiError], args: tuple[object, ...], state: dict[str, object]
) -> ChromaTuiError:
    error = cls.__new__(cls, *args)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class CredentialsError(ChromaTuiError):
    """No, wrong, expired or unusable AWS credentials (or an unknown profile)."""


class InputError(ChromaTuiError):
    """Something the user typed or chose is invalid; caught before anything reaches AWS."""


class TemplateError(ChromaTuiError):
    """The CloudFormation template could not be read or lacks what chroma-tui needs."""


class AwsError(ChromaTuiError):
    """An AWS call failed for a reason that is not the user's input (access denied, outage...)."""


class Throttled(AwsError):
    """AWS asked us to slow down (``Throttling``, ``RequestLimitExceeded``...): retry later.

    Retries branch on this type (``core/retry.py``), never on the catalogue key.
    """

    KEY = "aws.throttled"

    def __init__(self, *, raw: str | None = None, **params: object) -> None:
        super().__init__(self.KEY, raw=raw, **params)


class Unreachable(AwsError):
    """AWS could not be reached (DNS, refused, timed out): the request may never have arrived,
    or its answer was lost on the way back."""

    KEY = "aws.unreachable"

    def __init__(self, *, raw: str | None = None, **params: object) -> None:
        super().__init__(self.KEY, raw=raw, **params)


class StackError(ChromaTuiError):
    """A stack operation cannot go ahead (name taken by someone else, ROLLBACK_COMPLETE...)."""


class ProbeError(ChromaTuiError):
    """Chroma did not answer a heartbeat in time."""


class StateError(ChromaTuiError):
    """The saved-deployments store could not be read or written."""


class StackFailedError(StackError):
    """The stack ended in a status other than the one asked for; ``events`` say why."""

    def __init__(
        self,
        key: str,
        *,
        stack: StackSnapshot,
        events: tuple[StackEvent, ...] = (),
        raw: str | None = None,
        **params: object,
    ) -> None:
        super().__init__(key, raw=raw, **params)
        self.stack = stack
        self.events = events


class JourneyStopped(ChromaTuiError):
    """The caller's stop flag ended the journey; the record is kept and says where it was."""
