"""Checks on what the user types, before anything reaches AWS.

Each ``check_*`` returns the cleaned value or raises InputError whose key says precisely what is
wrong (the catalogue adds how to fix it).
"""

from __future__ import annotations

import ast
import json
import re
import secrets
import string
from importlib import metadata

from chroma_tui.core.errors import InputError

STACK_NAME_MAX = 128
KEY_NAME_MAX = 255
_STACK_CHARS = set(string.ascii_letters + string.digits + "-")
_INSTANCE_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9-]+$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_RANDOM_ALPHABET = string.ascii_lowercase + string.digits


def check_stack_name(name: str) -> str:
    """CloudFormation's rule: ``^[a-zA-Z][-a-zA-Z0-9]{0,127}$`` (botocore does not check it)."""
    name = name.strip()
    if not name:
        raise InputError("validation.stack_name.empty")
    first = name[0]
    if first.isdigit():
        raise InputError("validation.stack_name.starts_digit", name=name, char=first)
    if first not in string.ascii_letters:
        raise InputError("validation.stack_name.bad_start", name=name, char=first)
    for position, char in enumerate(name, start=1):
        if char == " ":
            raise InputError("validation.stack_name.space", name=name, position=position)
        if char not in _STACK_CHARS:
            raise InputError(
                "validation.stack_name.bad_char", name=name, char=char, position=position
            )
    if len(name) > STACK_NAME_MAX:
        raise InputError(
            "validation.stack_name.too_long", name=name, length=len(name), max=STACK_NAME_MAX
        )
    return name


def check_key_name(name: str) -> str:
    """EC2 key pair names: 1–255 ASCII characters (surrounding spaces are dropped)."""
    name = name.strip()
    if not name:
        raise InputError("validation.key_name.empty")
    for position, char in enumerate(name, start=1):
        if not (32 <= ord(char) < 127):
            raise InputError(
                "validation.key_name.bad_char", name=name, char=char, position=position
            )
    if len(name) > KEY_NAME_MAX:
        raise InputError(
            "validation.key_name.too_long", name=name, length=len(name), max=KEY_NAME_MAX
        )
    return name


def check_instance_type_name(name: str) -> str:
    """The ``family.size`` shape, e.g. ``t3.small`` (lower-cased)."""
    cleaned = name.strip().lower()
    if not cleaned:
        raise InputError("validation.instance_type.empty")
    if not _INSTANCE_TYPE.match(cleaned):
        raise InputError("validation.instance_type.shape", name=name.strip())
    return cleaned


def check_chroma_version(version: str) -> str:
    """A release such as ``1.5.9`` (a leading ``v`` is dropped) or ``latest``."""
    cleaned = version.strip()
    if cleaned.lower() == "latest":
        return "latest"
    if cleaned[:1] in ("v", "V"):
        cleaned = cleaned[1:]
    if not _VERSION.match(cleaned):
        raise InputError("validation.chroma_version", version=version.strip())
    return cleaned


def check_otel_headers(text: str) -> str:
    """OpenTelemetry headers as JSON object text; the guide's ``{'k': 'v'}`` form is accepted.

    Returns compact JSON (``""`` for no headers) because the template hands the text on as JSON.
    """
    cleaned = text.strip()
    if not cleaned:
        return ""
    try:
        value = json.loads(cleaned)
    except json.JSONDecodeError:
        try:
            # The guide writes Python-style single quotes; literal_eval never runs code.
            value = ast.literal_eval(cleaned)
        except (ValueError, SyntaxError, MemoryError, RecursionError) as exc:
            raise InputError("validation.otel_headers.syntax", raw=str(exc), text=cleaned) from exc
    if not isinstance(value, dict):
        raise InputError("validation.otel_headers.not_object", text=cleaned)
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise InputError("validation.otel_headers.not_strings", text=cleaned, name=str(key))
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def default_stack_name() -> str:
    """``chroma-`` and six random lowercase letters/digits (the guide uses my-chroma-stack)."""
    return "chroma-" + "".join(secrets.choice(_RANDOM_ALPHABET) for _ in range(6))


def default_chroma_version() -> str:
    """The installed chromadb-client version, so client and server match; else ``latest``."""
    for package in ("chromadb-client", "chromadb"):
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            continue
        return version if _VERSION.match(version) else "latest"
    return "latest"
