"""Messages inside the UI: worker answers delivered on the event loop, the language switch, and
the sentinel a wizard step goes back with. Screens' outcomes (where to go next) are in outcomes.py.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.message import Message
from textual.worker import Worker


class BackendAnswered(Message, bubble=False):
    """A backend call ended (posted from its worker thread); ``deliver()`` runs the screen's
    callback with the value or the error, on the event loop (screens/base/backend_calls.py)."""

    def __init__(self, deliver: Callable[[], object], worker: Worker[Any]) -> None:
        super().__init__()
        self.deliver = deliver
        self.worker = worker


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
