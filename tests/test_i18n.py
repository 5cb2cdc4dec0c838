"""The English and Chinese catalogues are complete, consistent and really translated."""

from __future__ import annotations

import string

import pytest

from chroma_tui import i18n

#: Keys whose Chinese text may equal the English one: names, codes, and shell text.
SAME_IN_BOTH = {
    "app.title",
    "wizard.credentials.arn",
    "wizard.review.otel",
    "wizard.instance.col.vcpu",
    "probe.http_error.title",  # "HTTP {status}"
}
SAME_PREFIXES = ("wizard.region.name.",)


def _fields(text: str) -> set[str]:
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return {"<unbalanced>"}


def _placeholders(text: str) -> set[str]:
    """``{name}`` fields; a literal brace text such as ``{'k': 'v'}`` is not one."""
    return {name for name in _fields(text) if name.isidentifier()}


def _without_placeholders(text: str) -> str:
    for name in _placeholders(text):
        text = text.replace("{" + name + "}", "")
    return text


@pytest.fixture(autouse=True)
def english():
    yield
    i18n.set_language("en")


def test_same_keys_in_both_languages() -> None:
    cats = i18n.catalogues()
    en, zh = set(cats["en"]), set(cats["zh-CN"])
    assert sorted(en - zh) == [], "missing in Chinese"
    assert sorted(zh - en) == [], "missing in English"


def test_no_empty_values() -> None:
    cats = i18n.catalogues()
    for lang, catalogue in cats.items():
        empty = [key for key, value in catalogue.items() if not value.strip()]
        assert empty == [], f"empty entries in {lang}"


def test_chinese_is_translated() -> None:
    cats = i18n.catalogues()
    untranslated = [
        key
        for key, value in cats["en"].items()
        if cats["zh-CN"].get(key) == value
        and key not in SAME_IN_BOTH
        and not key.startswith(SAME_PREFIXES)
        and any(c.isalpha() for c in _without_placeholders(value))
    ]
    assert untranslated == []


def test_placeholders_are_identical() -> None:
    cats = i18n.catalogues()
    different = [
        key
        for key, value in cats["en"].items()
        if key in cats["zh-CN"] and _placeholders(value) != _placeholders(cats["zh-CN"][key])
    ]
    assert different == []


def test_every_placeholder_formats() -> None:
    """Text with ``{name}`` fields is formatted by t(), so every other brace must be doubled."""
    cats = i18n.catalogues()
    broken = []
    for lang, catalogue in cats.items():
        for key, value in catalogue.items():
            names = _placeholders(value)
            if not names:
                continue  # shown as is: literal braces are fine
            try:
                value.format(**{name: "x" for name in names})
            except (ValueError, KeyError, IndexError):
                broken.append((lang, key))
    assert broken == []


def test_errors_have_title_body_fix() -> None:
    keys = set(i18n.catalogues()["en"])
    stems = {key.rsplit(".", 1)[0] for key in keys if key.endswith(".title")}
    for stem in stems:
        if f"{stem}.fix" in keys:
            assert f"{stem}.body" in keys, stem


def test_translate_and_switch() -> None:
    i18n.set_language("zh_CN.UTF-8")
    assert i18n.t("wizard.key.title") == "密钥对"
    i18n.set_language("en")
    assert i18n.t("wizard.key.title") == "Key pair"
    assert i18n.t("wizard.step", n=2, total=6, title="Region") == (
        "chroma-tui · Step 2 of 6 · Region"
    )
