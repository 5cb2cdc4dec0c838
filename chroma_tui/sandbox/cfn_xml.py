"""CloudFormation's query-protocol XML, shaped exactly as botocore parses it."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

NAMESPACE = "http://cloudformation.amazonaws.com/doc/2010-05-15/"

XmlNode = Any  # str | Mapping[str, XmlNode] | list[XmlNode] | bool | datetime | None


class CfnError(Exception):
    """An AWS error response: code, message and HTTP status."""

    def __init__(self, code: str, message: str, status: int = 400, sender: bool = True) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.sender = sender


def validation(message: str) -> CfnError:
    return CfnError("ValidationError", message)


def timestamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _render(node: XmlNode) -> str:
    if node is None:
        return ""
    if isinstance(node, bool):
        return "true" if node else "false"
    if isinstance(node, datetime):
        return timestamp(node)
    if isinstance(node, Mapping):
        return "".join(f"<{k}>{_render(v)}</{k}>" for k, v in node.items() if v is not None)
    if isinstance(node, list):
        return "".join(f"<member>{_render(v)}</member>" for v in node)
    return escape(str(node))


def members(items: Iterable[XmlNode]) -> list[XmlNode]:
    return list(items)


def response(action: str, result: Mapping[str, XmlNode] | None) -> str:
    """``<ActionResponse><ActionResult>...</ActionResult><ResponseMetadata/></ActionResponse>``."""
    body = f"<{action}Result>{_render(result)}</{action}Result>" if result is not None else ""
    meta = f"<ResponseMetadata><RequestId>{uuid.uuid4()}</RequestId></ResponseMetadata>"
    return f'<{action}Response xmlns="{NAMESPACE}">{body}{meta}</{action}Response>'


def error(err: CfnError) -> str:
    kind = "Sender" if err.sender else "Receiver"
    return (
        f'<ErrorResponse xmlns="{NAMESPACE}"><Error><Type>{kind}</Type>'
        f"<Code>{escape(err.code)}</Code><Message>{escape(err.message)}</Message></Error>"
        f"<RequestId>{uuid.uuid4()}</RequestId></ErrorResponse>"
    )


def key_values(pairs: Mapping[str, str], key: str, value: str) -> list[XmlNode]:
    return [{key: k, value: v} for k, v in pairs.items()]
