"""Template parameters that may carry a credential, and their masked forms.

An OpenTelemetry vendor's API key usually travels in ``ChromaOtelCollectionHeaders``: records,
screens, command previews and copied commands show the header names with ``****`` values.
"""

from __future__ import annotations

import json
import re

from chroma_tui.core.models import REDACTED

SECRET_PARAMETERS = frozenset({"ChromaOtelCollectionHeaders"})
_WORD = re.compile(r"[A-Za-z0-9]")


def mask_headers(text: str) -> str:
    """Header names kept, values masked; text that is not a JSON object is masked whole."""
    try:
        headers = json.loads(text)
        if not isinstance(headers, dict):
            raise ValueError("not an object")
        return json.dumps({key: REDACTED for key in headers}, separators=(",", ":"))
    except (ValueError, TypeError):
        return REDACTED


def mask_parameters(parameters: dict[str, str]) -> dict[str, str]:
    """The parameters with every secret one masked (empty values stay empty)."""
    return {
        key: mask_headers(value) if key in SECRET_PARAMETERS and value else value
        for key, value in parameters.items()
    }


def mask_text(text: str) -> str:
    """Typed text that may hold a secret, for an error message: its shape without its letters
    and digits (``{'k': 'v'`` -> ``{'•': '•'``), so a syntax slip can still be found."""
    return _WORD.sub("•", text)
