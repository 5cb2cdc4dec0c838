"""Chinese typography: one rule for the whole ZH catalogue, and line breaks for mixed text.

The rule: a half-width space between Chinese and Latin words or numbers (``堆栈 my-stack``,
``8 秒``); no space next to full-width punctuation (``。``, ``（``, ``：``), and full-width
punctuation (not ``:`` or ``()``) inside Chinese sentences. Text in `backticks` or quotes and
``{placeholders}`` (which may hold Chinese or Latin) are not judged.
"""

from __future__ import annotations

import re

import pytest
from rich.console import Console
from rich.text import Text

from chroma_tui import i18n
from chroma_tui.ui import cjk_wrap

IDEO = "\u3400-\u4dbf\u4e00-\u9fff"
FULL_WIDTH = "，。、；：！？）》」』】（《「『【"
CLOSING = "，。、；：！？）》」』】"
QUOTED = re.compile(r"`[^`]*`|“[^”]*”|\{[A-Za-z_]+\}")
RULES = {
    "space after full-width punctuation": re.compile(rf"[{FULL_WIDTH}] +\S"),
    "space before full-width punctuation": re.compile(rf"\S +[{CLOSING}]"),
    "no space between Chinese and Latin": re.compile(
        rf"[{IDEO}][A-Za-z0-9$'\"]|[A-Za-z0-9%'\"][{IDEO}]"
    ),
    "half-width colon after Chinese": re.compile(rf"[{IDEO}]:(\s|$)"),
    "half-width brackets around Chinese": re.compile(rf"\([^()]*[{IDEO}][^()]*\)"),
}


def broken(text: str) -> list[str]:
    """The names of the rules ``text`` breaks (quoted text and placeholders left out)."""
    plain = QUOTED.sub("\x00", text)
    return [name for name, rule in RULES.items() if rule.search(plain)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("堆栈 {name} 已就绪。按 n 继续。", []),
        ("已完成。 按 n 继续。", ["space after full-width punctuation"]),
        ("堆栈my-stack 已就绪", ["no space between Chinese and Latin"]),
        ("等待8 秒", ["no space between Chinese and Latin"]),
        ("账户: 1234", ["half-width colon after Chinese"]),
        ("环境变量 (env)", []),
        ("配置 (默认)", ["half-width brackets around Chinese"]),
        ("运行 `aws sso login`，然后重试 ，好", ["space before full-width punctuation"]),
        ("AWS 原文：“No default VPC for this user”。", []),
    ],
)
def test_the_rule_itself(text: str, expected: list[str]) -> None:
    assert broken(text) == expected


def test_chinese_catalogue_follows_the_rule() -> None:
    zh = i18n.catalogues()["zh-CN"]
    offenders = {key: broken(text) for key, text in zh.items() if broken(text)}
    assert offenders == {}


def test_sentences_are_joined_by_language() -> None:
    try:
        i18n.set_language("zh-CN")
        assert i18n.sentences("名称无效。", "", "请改一下。") == "名称无效。请改一下。"
        assert i18n.labelled("账户", "1234") == "账户：1234"
        i18n.set_language("en")
        assert i18n.sentences("Bad name.", "Change it.") == "Bad name. Change it."
        assert i18n.labelled("Account", "1234") == "Account: 1234"
    finally:
        i18n.set_language("en")


def _wrapped(text: str, width: int) -> list[str]:
    console = Console(width=width, file=None, record=True, color_system=None)
    with console.capture() as capture:
        console.print(Text(text))
    return capture.get().splitlines()


def test_mixed_lines_break_between_chinese_characters() -> None:
    cjk_wrap.install()
    text = (
        "请使用 AWS 全球区域的账户（aws.amazon.com），并选择离中国最近的受支持区域："
        "ap-northeast-1（东京）、ap-northeast-2（首尔）或 ap-northeast-3（大阪）。"
    )
    lines = _wrapped(text, 40)
    assert lines[0].startswith("请使用 AWS 全球区域的账户")  # not "请使用 AWS" alone
    assert all(not line.startswith(tuple(CLOSING)) for line in lines)
    assert all(not line.rstrip().endswith("（") for line in lines)
    joined = "".join(line.strip() for line in lines)
    for code in ("ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "aws.amazon.com"):
        assert code in joined and not any(line.endswith(code[:4]) for line in lines)


def test_english_wraps_as_before() -> None:
    text = "hello  world, this is   some text to wrap\tand more"
    assert list(cjk_wrap.words(text)) == list(cjk_wrap._original_words(text))
