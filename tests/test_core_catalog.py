"""Every key the core-first-half modules use exists in English and Chinese, placeholders agree."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from chroma_tui import i18n
from chroma_tui.i18n import catalog_core

CORE = Path(__file__).resolve().parent.parent / "chroma_tui" / "core"
MODULES = (
    "aws", "identity", "template", "regions", "instance_types", "pricing", "keypairs", "vpc",
    "validation", "state", "china",
)  # fmt: skip
ERROR_CALL = re.compile(r"(?:Error|_error)\(\s*\"([a-z_]+(?:\.[a-z_]+)+)\"")
KEY_CONSTANT = re.compile(r"= \"((?:region|instance|cred|price\.note)\.[a-z_.]+)\"")


def used_error_keys() -> set[str]:
    keys: set[str] = set()
    for name in MODULES:
        source = (CORE / f"{name}.py").read_text()
        keys.update(ERROR_CALL.findall(source))
        keys.update(re.findall(r"\"(cred\.[a-z_]+)\"", source))
    return keys


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_scan_finds_keys() -> None:
    keys = used_error_keys()
    assert {"cred.none", "template.unreachable", "validation.stack_name.bad_char"} <= keys
    assert len(keys) > 30


@pytest.mark.parametrize("key", sorted(used_error_keys()))
def test_error_key_has_title_body_fix_in_both_languages(key: str) -> None:
    # Keys may live in any catalogue module (new areas keep their own, e.g. catalog_boot).
    merged = i18n.catalogues()
    for part in ("title", "body", "fix"):
        assert f"{key}.{part}" in merged["en"], f"{key}.{part} missing in EN"
        assert f"{key}.{part}" in merged["zh-CN"], f"{key}.{part} missing in ZH"


def test_reason_keys_exist() -> None:
    for name in ("regions", "instance_types", "pricing"):
        for key in KEY_CONSTANT.findall((CORE / f"{name}.py").read_text()):
            merged = i18n.catalogues()
            assert key in merged["en"] and key in merged["zh-CN"], key
    for key in ("price.note.api", "price.note.table", "price.note.table_other_region"):
        assert key in catalog_core.EN


def test_same_keys_and_placeholders_in_both_languages() -> None:
    assert set(catalog_core.EN) == set(catalog_core.ZH)
    for key, english in catalog_core.EN.items():
        assert fields(english) == fields(catalog_core.ZH[key]), key


def test_chinese_uses_the_guides_terms() -> None:
    zh = catalog_core.ZH
    assert "堆栈" in zh["validation.stack_name.empty.title"]
    assert "密钥对" in zh["keypair.exists.title"]
    assert "实例类型" in zh["instance.unknown.title"]
    assert "凭证" in zh["cred.none.title"]
    assert "区域" in zh["region.not_enabled"]
    assert "模板" in zh["template.unreachable.title"]
