"""Messages the UI posts from worker threads back to its screens, and the wizard's answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.message import Message

from chroma_tui.core.errors import ChromaTuiError


class BackendDone(Message, bubble=False):
    """A backend call named ``name`` returned ``value`` (posted from a worker thread)."""

    def __init__(self, name: str, value: Any) -> None:
        super().__init__()
        self.name = name
        self.value = value


class BackendFailed(Message, bubble=False):
    """A backend call named ``name`` raised ``error`` (posted from a worker thread)."""

    def __init__(self, name: str, error: ChromaTuiError) -> None:
        super().__init__()
        self.name = name
        self.error = error


class LanguageChanged(Message):
    """The language was switched; screens have been recomposed."""

    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang


class Back:
    """The sentinel a wizard screen dismisses with when the user goes back a step."""

    _instance: Back | None = None

    def __new__(cls) -> Back:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "BACK"


BACK = Back()


@dataclass(frozen=True)
class KeyChoice:
    """The key pair step's answer: no key (``name`` None), an existing one, or one just created."""

    name: str | None = None
    key_file: str | None = None
    created: bool = False


@dataclass(frozen=True)
class WizardOptions:
    """The options step's answer."""

    stack_name: str
    chroma_version: str
    otel_endpoint: str = ""
    otel_service_name: str = ""
    otel_headers: str = ""
