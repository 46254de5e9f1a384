"""Character classes and small text predicates shared by the stages (pure functions)."""

from __future__ import annotations

import functools
import re

from cleaner.patterns.guard import guarded

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_CHAR = re.compile(f"[{CJK}]")
# Sentence-ending punctuation, full- and half-width.
SENTENCE_END = "。！？!?…；;"
# Punctuation that only prose carries (readability counts commas; Chinese has more).
PROSE_PUNCT = re.compile(r"[，。！？；：、,.!?;:]")
SPACES = " \t\u3000\u00a0"


_CJK_RUN = re.compile(f"[{CJK}]+")


def cjk_count(s: str) -> int:
    return sum(map(len, _CJK_RUN.findall(s)))  # runs, not characters: a fifth of the objects


def visible_len(s: str) -> int:
    """Length without white space (str.count per space character: ten times faster
    than str.translate, which is slow on non-ASCII text; this is called per line by
    most stages)."""
    return len(s) - s.count(" ") - s.count("\t") - s.count("\u3000") - s.count("\xa0")


def punct_count(s: str) -> int:
    return len(PROSE_PUNCT.findall(s))


# Lines up to this long are cached (a line, not a page: the cache's memory stays bounded).
_CACHED_LINE_CHARS = 200
_NOT_KEY = re.compile(rf"[^0-9a-zA-Z{CJK}]+")


def normalize_key(s: str) -> str:
    """A comparison key: letters, digits and CJK only, lower case (so 'Title ' == 'title')."""
    # Cached up to _CACHED_LINE_CHARS: the title, repeats, filler and byline stages key
    # the same short lines again and again; long lines would only fill the cache.
    return _short_key(s) if len(s) <= _CACHED_LINE_CHARS else _NOT_KEY.sub("", s).lower()


@functools.lru_cache(maxsize=1 << 12)
def _short_key(s: str) -> str:
    return _NOT_KEY.sub("", s).lower()


def ends_sentence(s: str) -> bool:
    s = s.rstrip(SPACES + "”」』\"')）)")
    return bool(s) and s[-1] in SENTENCE_END


# A list item as text dumps write it: "• 标题", "- item".
# A "v" before a Chinese headline is a Wingdings bullet (the font draws "v" as ❖) whose
# font the text dump lost.
BULLET = re.compile(r"^(?:[•·●◆■□▪❖]\s*(?=\S)|[\-*]\s|v\s(?=[\u4e00-\u9fff]))")
# A line this long with any punctuation is prose even without a sentence end
# (hard-wrapped paragraphs); bullet items must be longer and hold a sentence.
LONG_LINE_CHARS = 40
LIST_PROSE_CHARS = 60


_ITEM_NUMBER = re.compile(r"^\d{1,3}\s*[.．]\s*(?=\S)")
_IN_NUMBER = re.compile(r"(?<=\d)[.,](?=\d)")
# URLs, e-mail addresses and bare domains carry dots and colons but are not sentences.
_URL = guarded(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|\b[\w-]+(?:\.[\w-]+){2,}\S*", re.ASCII)


def prose_like(text: str, min_chars: int) -> bool:
    """True for a paragraph: long enough, punctuated, not a list item.

    One comma in a short line is a headline ("千里携手,共促发展"); prose ends a
    sentence, has several marks, or runs long. (Short lines are cached: the stages ask
    about the same lines several times per page, and a site's chrome recurs across pages.)
    """
    return _prose_like_cached(text, min_chars) if len(text) <= _CACHED_LINE_CHARS else _prose_like(text, min_chars)


@functools.lru_cache(maxsize=1 << 16)
def _prose_like_cached(text: str, min_chars: int) -> bool:
    return _prose_like(text, min_chars)


def _prose_like(text: str, min_chars: int) -> bool:
    if "." in text or "@" in text or "/" in text:  # only then can a URL be in it
        text = _URL.sub("", text)
    text = _ITEM_NUMBER.sub("", text.strip(SPACES))  # "1." numbers an item; it is no punctuation
    if "." in text or "," in text:  # nor are the marks inside a number: "11.98", "1,000"
        text = _IN_NUMBER.sub("0", text)
    n, marks = visible_len(text), punct_count(text)
    if n < min_chars or marks == 0:
        return False
    if BULLET.match(text):
        return n >= LIST_PROSE_CHARS and any(c in SENTENCE_END for c in text)
    return ends_sentence(text) or marks >= 2 or n >= LONG_LINE_CHARS
