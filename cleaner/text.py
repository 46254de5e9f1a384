"""Character classes and small text predicates shared by the stages (pure functions)."""

from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
# Sentence-ending punctuation, full- and half-width.
SENTENCE_END = "。！？!?…；;"
# Punctuation that only prose carries (readability counts commas; Chinese has more).
PROSE_PUNCT = re.compile(r"[，。！？；：、,.!?;:]")
SPACES = " \t\u3000\u00a0"


def cjk_count(s: str) -> int:
    return len(CJK_CHAR.findall(s))


def visible_len(s: str) -> int:
    """Length without white space."""
    return len(s) - sum(s.count(c) for c in SPACES)


def punct_count(s: str) -> int:
    return len(PROSE_PUNCT.findall(s))


def normalize_key(s: str) -> str:
    """A comparison key: letters, digits and CJK only, lower case (so 'Title ' == 'title')."""
    return re.sub(rf"[^0-9a-zA-Z{CJK}]+", "", s).lower()


def ends_sentence(s: str) -> bool:
    s = s.rstrip(SPACES + "”」』\"')）)")
    return bool(s) and s[-1] in SENTENCE_END
