"""The translation layer: every user-visible string goes through :func:`t`.

Catalogues live in ``chroma_tui/i18n/catalog_*.py``; each module defines two dicts, ``EN`` and
``ZH`` (Simplified Chinese), with the same keys. Placeholders use ``str.format`` names, e.g.
``"Stack {name} is ready"``. The module is UI-free so the core can use it too.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
from collections.abc import Mapping

SUPPORTED = ("en", "zh-CN")
_language = "en"
_catalogues: dict[str, dict[str, str]] | None = None


def _load() -> dict[str, dict[str, str]]:
    global _catalogues
    if _catalogues is None:
        merged: dict[str, dict[str, str]] = {"en": {}, "zh-CN": {}}
        package = importlib.import_module(__name__)
        for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
            if not info.name.startswith("catalog_"):
                continue
            module = importlib.import_module(f"{__name__}.{info.name}")
            merged["en"].update(module.EN)
            merged["zh-CN"].update(module.ZH)
        _catalogues = merged
    return _catalogues


def catalogues() -> Mapping[str, Mapping[str, str]]:
    """Both catalogues, merged over all catalogue modules (for tests and tools)."""
    return _load()


def normalize(lang: str | None) -> str | None:
    """Map ``zh_CN.UTF-8``, ``zh-Hans``, ``zh``, ``en_US`` ... to a supported language."""
    if not lang:
        return None
    code = lang.split(".")[0].split("@")[0].replace("_", "-").lower()
    if code in ("c", "posix"):
        return "en"
    if code.startswith("zh"):
        return "zh-CN"
    if code.startswith("en"):
        return "en"
    return None


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """The language from LC_ALL, LC_MESSAGES, LANG (first one set wins), else English."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            return normalize(value) or "en"
    return "en"


def set_language(lang: str) -> None:
    global _language
    code = normalize(lang)
    if code is None:
        raise ValueError(f"unsupported language: {lang!r} (use one of {', '.join(SUPPORTED)})")
    _language = code


def get_language() -> str:
    return _language


def t(key: str, /, **params: object) -> str:
    """Translate ``key`` into the current language, filling in ``params``.

    A key missing from the current catalogue falls back to English, then to the key itself, so a
    gap shows up on screen (and in the catalogue test) instead of crashing.
    """
    cats = _load()
    text = cats[_language].get(key) or cats["en"].get(key) or key
    if params:
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text
    return text


def plural(key: str, count: int, /, **params: object) -> str:
    """``key`` said of ``count`` things (``count`` is passed on as a parameter): ``key.one``
    when there is exactly one and the catalogue has that form, else ``key`` (the plural).
    English needs the singular; Chinese writes both alike."""
    one = f"{key}.one"
    if count == 1 and has(one):
        return t(one, count=count, **params)
    return t(key, count=count, **params)


def has(key: str) -> bool:
    """Whether ``key`` is in the English catalogue (every key is in both)."""
    return key in _load()["en"]


def sentences(*parts: str) -> str:
    """Sentences joined as the language writes them: a space in English, nothing in Chinese
    (a full-width 。 already ends the sentence; a space after it is a typo)."""
    glue = "" if _language == "zh-CN" else " "
    return glue.join(part.strip() for part in parts if part and part.strip())


def labelled(label: str, value: object) -> str:
    """``Account: 1234`` / ``账户：1234`` (full-width colon, no space, in Chinese)."""
    return t("common.label", label=label, value=value)
