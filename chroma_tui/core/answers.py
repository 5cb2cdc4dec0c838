"""Was a request carried out although its answer never arrived? (lost, 5xx or unreadable)

A create whose answer is uncertain must never be treated as refused: the resource may exist, and
forgetting it would orphan it (a billable stack, a key pair without its private key).
"""

from __future__ import annotations

from botocore.exceptions import (
    ClientError,
    HTTPClientError,
)
from botocore.exceptions import (
    ConnectionError as BotoConnectionError,
)
from botocore.parsers import ResponseParserError

__all__ = ["ResponseParserError", "answer_uncertain"]


def answer_uncertain(exc: BaseException) -> bool:
    """True for an HTTP 5xx, an unreadable answer, or the connection failing on the way back."""
    if isinstance(exc, ClientError):
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return int(status) >= 500
    return isinstance(exc, (ResponseParserError, BotoConnectionError, HTTPClientError))
