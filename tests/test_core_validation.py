"""Input checks: every bad stack name case, key names, instance types, versions, OTel headers."""

from __future__ import annotations

import json
import re
from importlib import metadata

import pytest

from chroma_tui import i18n
from chroma_tui.core import validation
from chroma_tui.core.errors import InputError
from chroma_tui.core.validation import (
    check_chroma_version,
    check_instance_type_name,
    check_key_name,
    check_otel_endpoint,
    check_otel_headers,
    check_stack_name,
    default_chroma_version,
    default_stack_name,
)
from chroma_tui.i18n import set_language

STACK_RULE = re.compile(r"^[a-zA-Z][-a-zA-Z0-9]{0,127}$")


def error_of(check, value: str) -> InputError:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError) as caught:
        check(value)
    return caught.value


@pytest.mark.parametrize(
    "name", ["my-chroma-stack", "a", "A1-b2", "x" * 128, "  padded  ", "Chroma-2026"]
)
def test_good_stack_names(name: str) -> None:
    assert check_stack_name(name) == name.strip()
    assert STACK_RULE.match(check_stack_name(name))


def test_empty_stack_name() -> None:
    assert error_of(check_stack_name, "").key == "validation.stack_name.empty"
    assert error_of(check_stack_name, "   ").key == "validation.stack_name.empty"


def test_stack_name_starting_with_a_digit() -> None:
    err = error_of(check_stack_name, "1chroma")
    assert err.key == "validation.stack_name.starts_digit"
    assert "'1'" in err.body() and "letter" in err.body()
    assert "chroma-1chroma" in err.fix()


def test_stack_name_starting_with_a_hyphen() -> None:
    err = error_of(check_stack_name, "-chroma")
    assert err.key == "validation.stack_name.bad_start"
    assert "'-'" in err.body()


@pytest.mark.parametrize(
    ("name", "char", "position"),
    [("my_stack", "_", 3), ("chroma.db", ".", 7), ("café", "é", 4)],
)
def test_stack_name_bad_character(name: str, char: str, position: int) -> None:
    err = error_of(check_stack_name, name)
    assert err.key == "validation.stack_name.bad_char"
    assert err.params["char"] == char and err.params["position"] == position
    assert f"'{char}'" in err.body() and f"Character {position}" in err.body()
    assert "hyphen" in err.fix()


def test_stack_name_with_a_space_names_it_in_words() -> None:
    err = error_of(check_stack_name, "my stack")
    assert err.key == "validation.stack_name.space" and err.params["position"] == 3
    assert "Character 3 of 'my stack' is a space" in err.body()
    i18n.set_language("zh-CN")
    try:
        assert "空格" in err.body() and "space" not in err.body()
    finally:
        i18n.set_language("en")


def test_stack_name_too_long() -> None:
    err = error_of(check_stack_name, "a" * 129)
    assert err.key == "validation.stack_name.too_long"
    assert "129" in err.body() and "128" in err.body()


def test_stack_name_messages_in_chinese() -> None:
    set_language("zh-CN")
    try:
        assert "堆栈" in error_of(check_stack_name, "9x").title()
    finally:
        set_language("en")


def test_key_names() -> None:
    assert check_key_name(" my key ") == "my key"
    assert check_key_name("k" * 255) == "k" * 255
    assert error_of(check_key_name, "").key == "validation.key_name.empty"
    assert error_of(check_key_name, "k" * 256).key == "validation.key_name.too_long"
    err = error_of(check_key_name, "clé")
    assert err.key == "validation.key_name.bad_char" and err.params["position"] == 3
    assert error_of(check_key_name, "a\tb").key == "validation.key_name.bad_char"


def test_instance_type_names() -> None:
    assert check_instance_type_name("T3.Small ") == "t3.small"
    assert check_instance_type_name("u-6tb1.metal") == "u-6tb1.metal"
    for bad in ("t3", "t3.", ".small", "t3 small", "t3.small.x"):
        assert error_of(check_instance_type_name, bad).key == "validation.instance_type.shape"
    assert error_of(check_instance_type_name, "").key == "validation.instance_type.empty"


def test_chroma_versions() -> None:
    assert check_chroma_version("1.5.9") == "1.5.9"
    assert check_chroma_version("v1.0.10") == "1.0.10"
    assert check_chroma_version("LATEST") == "latest"
    for bad in ("1.5", "1.5.9-rc1", "one", "", "1.5.9.1"):
        assert error_of(check_chroma_version, bad).key == "validation.chroma_version"


def test_otel_headers_json_and_the_guides_quotes() -> None:
    assert check_otel_headers("") == ""
    assert check_otel_headers("{}") == "{}"
    assert json.loads(check_otel_headers('{"x-honeycomb-team": "abc"}')) == {
        "x-honeycomb-team": "abc"
    }
    guide_form = check_otel_headers("{'x-honeycomb-team': 'abc'}")
    assert json.loads(guide_form) == {"x-honeycomb-team": "abc"}
    assert guide_form == '{"x-honeycomb-team":"abc"}'


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("x-honeycomb-team: abc", "validation.otel_headers.syntax"),
        ("{'a': 'b'", "validation.otel_headers.syntax"),
        ("__import__('os').system('true')", "validation.otel_headers.syntax"),
        ('["a", "b"]', "validation.otel_headers.not_object"),
        ('"abc"', "validation.otel_headers.not_object"),
        ('{"a": 1}', "validation.otel_headers.not_strings"),
        ("{'a': None}", "validation.otel_headers.not_strings"),
        ('{"a": {"b": "c"}}', "validation.otel_headers.not_strings"),
    ],
)
def test_bad_otel_headers(text: str, key: str) -> None:
    err = error_of(check_otel_headers, text)
    assert err.key == key
    assert "x-honeycomb-team" in err.fix()


def test_default_stack_name_is_valid_and_random() -> None:
    names = {default_stack_name() for _ in range(20)}
    assert len(names) > 15
    for name in names:
        assert name.startswith("chroma-") and check_stack_name(name) == name


def test_default_chroma_version_is_the_installed_client(monkeypatch) -> None:
    assert default_chroma_version() == metadata.version("chromadb-client")

    def missing(name: str) -> str:
        raise metadata.PackageNotFoundError(name)

    monkeypatch.setattr(validation.metadata, "version", missing)
    assert default_chroma_version() == "latest"
    monkeypatch.setattr(validation.metadata, "version", lambda name: "1.6.0.dev3")
    assert default_chroma_version() == "latest"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", ""),
        ("  ", ""),
        ("http://127.0.0.1:4317", "http://127.0.0.1:4317"),
        (" https://api.honeycomb.io ", "https://api.honeycomb.io"),
        ("http://otel-collector:4318/v1/traces", "http://otel-collector:4318/v1/traces"),
    ],
)
def test_otel_endpoint_accepts_collector_urls(text: str, expected: str) -> None:
    assert check_otel_endpoint(text) == expected


@pytest.mark.parametrize(
    "text", ["1.5.9", "localhost:4317", "ftp://x.example", "http://", "http://a b", "http://h:port"]
)
def test_otel_endpoint_refuses_what_is_not_a_collector_url(text: str) -> None:
    err = error_of(check_otel_endpoint, text)
    assert err.key == "validation.otel_endpoint"
    assert "http://collector.example.com:4317" in err.fix() or "https://" + text in err.fix()


def test_the_guides_bare_host_is_refused_with_its_url_as_the_fix() -> None:
    err = error_of(check_otel_endpoint, "api.honeycomb.com")
    assert "https://api.honeycomb.com" in err.fix() and "never send a trace" in err.body()
