"""Line breaks for mixed Chinese and Latin text: a break may fall between any two Chinese
characters, never before closing punctuation (，。）) nor after an opening one (（“).

Rich (and Textual's Content, which uses Rich's ``divide_line``) breaks lines only at spaces.
Chinese has none, so a sentence such as ``请使用 AWS 全球区域的账户（…），并选择…`` was one
"word": it went whole to the next line (leaving "请使用 AWS" alone) or was cut anywhere, even
inside ``ap-northeast-2``. :func:`install` replaces Rich's word splitter with one that makes
each Chinese character its own word (with the punctuation that must stay next to it) and keeps
Latin runs (names, codes, URLs) whole. Text without Chinese splits exactly as before.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import rich._wrap

_IDEOGRAPHS = "\u2e80-\u2fff\u3040-\u30ff\u3100-\u312f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_OPENING = "（《「『【〔“‘〈"
_CLOSING = "，。、；：！？）》」』】〕”’〉…"
_WORD = re.compile(
    rf"\s*(?:[{_OPENING}]*[{_IDEOGRAPHS}][{_CLOSING}]*"
    rf"|[{_OPENING}]*[^\s{_IDEOGRAPHS}{_OPENING}{_CLOSING}]+[{_CLOSING}]*"
    rf"|[{_CLOSING}]+|[{_OPENING}]+)\s*"
)
_original_words = rich._wrap.words


def words(text: str) -> Iterable[tuple[int, int, str]]:
    """Rich's ``words``: (start, end, word) with the spaces around it, Chinese-aware."""
    position = 0
    match = _WORD.match(text, position)
    while match is not None and match.end() > position:
        start, end = match.span()
        yield start, end, match.group(0)
        position = end
        match = _WORD.match(text, position)


def install() -> None:
    """Make Rich (and so Textual) wrap with :func:`words`; calling it again changes nothing."""
    rich._wrap.words = words
