"""Checks on what the user types, before anything reaches AWS.

Each ``check_*`` returns the cleaned value or raises InputError whose key says precisely what is
wrong (the catalogue adds how to fix it).
"""

from __future__ import annotations

import ast
import difflib
import json
import re
import secrets
import string
import urllib.parse
from importlib import metadata

from chroma_tui.core.errors import InputError
from chroma_tui.core.secret_params import mask_text
from chroma_tui.i18n import t

STACK_NAME_MAX = 128
KEY_NAME_MAX = 255
_STACK_CHARS = set(string.ascii_letters + string.digits + "-")
_INSTANCE_TYPE = re.compile(r"^[a-z][a-z0-9-]*\.[a-z0-9-]+$")
_VERSION = re.compile(r"^\d+\.\d+\.\d+$")
_RANDOM_ALPHABET = string.ascii_lowercase + string.digits
# AWS region names: area, optional partition part (gov, iso...), direction, number.
_REGION = re.compile(r"^[a-z]{2}(-(gov|iso[a-z]?))?-[a-z]+-\d{1,2}$")
# The public regions as of 2026, only to suggest the nearest names for a typo; the account's
# and the template's own lists decide what is usable.
KNOWN_REGIONS = (
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "ca-central-1", "ca-west-1",
    "mx-central-1", "sa-east-1", "eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1",
    "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "il-central-1", "me-south-1",
    "me-central-1", "af-south-1", "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2",
    "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-southeast-1", "ap-southeast-2",
    "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7", "cn-north-1",
    "cn-northwest-1", "us-gov-west-1", "us-gov-east-1",
)  # fmt: skip


def check_stack_name(name: str) -> str:
    """CloudFormation's rule: ``^[a-zA-Z][-a-zA-Z0-9]{0,127}$`` (botocore does not check it)."""
    name = name.strip()
    if not name:
        raise InputError("validation.stack_name.empty")
    first = name[0]
    if first.isdigit():
        raise InputError(
            "validation.stack_name.starts_digit",
            name=name,
            char=first,
            suggestion=suggest_stack_name(name),
        )
    if first not in string.ascii_letters:
        raise InputError(
            "validation.stack_name.bad_start",
            name=name,
            char=first,
            suggestion=suggest_stack_name(name),
        )
    for position, char in enumerate(name, start=1):
        if char == " ":
            raise InputError(
                "validation.stack_name.space",
                name=name,
                position=position,
                suggestion=suggest_stack_name(name),
            )
        if char not in _STACK_CHARS:
            raise InputError(
                "validation.stack_name.bad_char",
                name=name,
                char=char,
                position=position,
                suggestion=suggest_stack_name(name),
            )
    if len(name) > STACK_NAME_MAX:
        raise InputError(
            "validation.stack_name.too_long", name=name, length=len(name), max=STACK_NAME_MAX
        )
    return name


def suggest_stack_name(name: str) -> str:
    """A valid stack name close to ``name``: bad characters become hyphens, a letter first.

    The suggestion is itself checked by ``check_stack_name``'s rule, so a fix never proposes
    another invalid name (``1-bad_name!`` gives ``chroma-1-bad-name``).
    """
    cleaned = "".join(c if c in _STACK_CHARS else "-" for c in name.strip())
    cleaned = re.sub(r"-{2,}", "-", cleaned).strip("-")
    if not cleaned or cleaned[0] not in string.ascii_letters:
        cleaned = f"chroma-{cleaned}" if cleaned else "chroma"
    return cleaned[:STACK_NAME_MAX].rstrip("-")


def check_given(flag: str, value: str | None) -> str | None:
    """A flag given with an empty value is refused: the user typed it, so no silent default.

    ``None`` (the flag left out) passes through; ``flag`` is shown in the message.
    """
    if value is not None and not value.strip():
        raise InputError("records.empty_flag", flag=flag, default=_flag_default(flag))
    return value


def _flag_default(flag: str) -> str:
    return t(f"records.empty_flag.default.{flag.lstrip('-').replace('-', '_')}")


def nearest_regions(name: str, candidates: tuple[str, ...] | list[str] = KNOWN_REGIONS) -> str:
    """Up to three region names closest to ``name``, comma-separated (``us-east-1`` if none)."""
    typed = name.strip().lower().replace("_", "-").replace(" ", "-")
    close = difflib.get_close_matches(typed, list(candidates), n=3, cutoff=0.5)
    return ", ".join(close or [c for c in candidates if c == "us-east-1"] or list(candidates)[:1])


def check_region_name(name: str) -> str:
    """The shape of an AWS region name (``us-east-1``); a typo gets the nearest real names."""
    cleaned = name.strip()
    if not cleaned:
        raise InputError("records.empty_flag", flag="--region", default=_flag_default("--region"))
    if not _REGION.match(cleaned):
        raise InputError("records.region.shape", region=cleaned, nearest=nearest_regions(cleaned))
    return cleaned


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


_BARE_HOST = re.compile(r"^[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?(/\S*)?$", re.IGNORECASE)


def _url_example(endpoint: str) -> str:
    """The URL the user most likely meant: the guide writes a bare host (api.honeycomb.com)."""
    if _BARE_HOST.match(endpoint):
        return f"https://{endpoint}"
    return "http://collector.example.com:4317"


def check_otel_endpoint(endpoint: str) -> str:
    """An OpenTelemetry collector's URL: http(s), with a host, no spaces; ``""`` for none.

    Chroma 1.5.9 boots with a bare host (the guide's ``api.honeycomb.com``) or ``1.5.9``, but
    its exporter then fails on every span ("transport error"): no trace is ever sent.
    """
    cleaned = endpoint.strip()
    if not cleaned:
        return ""
    parsed = urllib.parse.urlsplit(cleaned)
    if (
        parsed.scheme not in ("http", "https")
        or not parsed.hostname
        or any(c.isspace() for c in cleaned)
    ):
        raise InputError(
            "validation.otel_endpoint", endpoint=cleaned, example=_url_example(cleaned)
        )
    try:
        parsed.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise InputError(
            "validation.otel_endpoint", endpoint=cleaned, example=_url_example(cleaned)
        ) from exc
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
            # Never echo the text: its values are often an API key (shown with letters masked).
            raise InputError(
                "validation.otel_headers.syntax", raw=mask_text(str(exc)), text=mask_text(cleaned)
            ) from exc
    if not isinstance(value, dict):
        raise InputError("validation.otel_headers.not_object", text=mask_text(cleaned))
    for key, item in value.items():
        if not isinstance(key, str) or not isinstance(item, str):
            raise InputError(
                "validation.otel_headers.not_strings", text=mask_text(cleaned), name=str(key)
            )
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
