"""What a lost character beside a number was: "2004?3月" -> 年, "12?10日" -> 月, "月22?" -> 日.

Dates, prices and counts fill scraped pages, and a character lost beside a number gives
the character model nothing to go on: it has no pairs with digits, and both bytes of
the character are gone (its trail byte, followed by an ASCII digit, was replaced). The
numbers around it tell: a month follows a year ("2004?3月": 年), a day follows a month.

A trigram model of running text in which every number is one token (YEAR for a year,
NUMBER for any other), kept for the n-grams that hold one; below them, and
wherever no number is in reach, the character model's pairs and characters.
Witten-Bell smoothed: P(w | h) =
(c(h w) + T(h) P(w | h')) / (c(h) + T(h)), T(h) the number of distinct tokens seen
after h, h' the history one token shorter. The counts (numfreq.tsv.gz) are built by
cleaner/repair/build_charfreq.py from the same running text as the character model's.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files

from cleaner.repair import charmodel
from cleaner.text import CJK

# A number (ASCII or full-width digits, a decimal point between them) is one token: YEAR
# for a year of the last two centuries ("2004?3月" is 年 where "500?" is a unit, and
# "1000?" too), NUMBER for any other. No digit is left once numbers are collapsed, so
# the tokens are digits.
NUMBER = "0"
YEAR = "4"
NUMBERS = NUMBER + YEAR
_NUMBER = re.compile(r"[0-9０-９]+(?:[.．][0-9０-９]+)*")
_YEAR = re.compile("(?:19|20|１９|２０)[0-9０-９]{2}")
# The tokens of a context: what the running text is made of (Chinese characters, their
# punctuation, numbers, a line's ends). A tab, a space, a letter or a lost character
# ends a context: a table's next cell or a code says nothing of the character.
_TOKEN = re.compile(f"[{CJK}，。、；：？！“”‘’（）《》「」『』—…·％{NUMBERS}{charmodel.LINE_END}]")
# How far from the lost character a context's two tokens are looked for (a number's
# digits are one token).
_REACH = 16


def collapse(text: str) -> str:
    """`text` with each number written as its token."""
    return _NUMBER.sub(lambda m: YEAR if _YEAR.fullmatch(m.group()) else NUMBER, text)


def holds_number(tokens: str) -> bool:
    return NUMBER in tokens or YEAR in tokens


def tokens_before(text: str, at: int, skip: str = "") -> str:
    """The (up to two) tokens before text[at], on its line: LINE_END where the line starts
    (the characters of `skip` passed over)."""
    start = text.rfind("\n", 0, at) + 1
    chunk = collapse(text[max(start, at - _REACH):at])
    out = ""
    for ch in reversed(chunk):
        if ch in skip:
            continue
        if len(out) == 2 or not _TOKEN.match(ch):
            return out
        out = ch + out
    return out if at - _REACH > start else (charmodel.LINE_END + out)[-2:]


def tokens_after(text: str, at: int, skip: str = "") -> str:
    """The (up to two) tokens from text[at] on, on its line: LINE_END where the line ends
    (the characters of `skip` passed over)."""
    end = text.find("\n", at)
    end = len(text) if end < 0 else end
    chunk = collapse(text[at:min(end, at + _REACH)])
    out = ""
    for ch in chunk:
        if ch in skip:
            continue
        if len(out) == 2 or not _TOKEN.match(ch):
            return out
        out += ch
    return out if at + _REACH < end else (out + charmodel.LINE_END)[:2]


@dataclass(frozen=True)
class NumberModel:
    grams: dict[str, int]                # counts of the n-grams (n <= 3) holding a number
    # Each history's count and distinct followers: those holding a number, those a number
    # follows, every token, and "" (all tokens).
    history: dict[str, tuple[int, int]]
    # The tokens seen right after, and right before, each token in `grams` and `history`.
    after: dict[str, frozenset[str]]
    before: dict[str, frozenset[str]]

    def prob(self, w: str, h: str) -> float:
        """P(w | h), h the (up to) two tokens before w."""
        model = charmodel.load()
        if not h:
            if w in NUMBERS:
                return self.grams[w] / self.history[""][0]
            return math.exp(model.char_score(w))
        if not holds_number(h + w):
            return math.exp(model.pair_score(h[-1], w))  # no number in reach: the character model
        lower = self.prob(w, h[1:])
        n, t = self.history.get(h, (0, 0))
        return (self.grams.get(h + w, 0) + t * lower) / (n + t) if n else lower

    def score(self, left: str, c: str, right: str) -> float:
        """log P of `c`, and of the tokens after it given it, between the token contexts."""
        s = left[-2:] + c + right[:2]
        return sum(math.log(self.prob(s[k], s[max(0, k - 2):k])) for k in range(len(left[-2:]), len(s)))

    def scores(self, left: str, cands: Sequence[str], right: str) -> list[float]:
        """`score` of each of `cands`. A character the model never saw next to the tokens
        beside it gets the same factors from the context as any other such: only its own
        probability after the token before it, and that of the token after it given it,
        differ. So those are scored by that part alone, plus what the context gives one
        of them."""
        model = charmodel.load()
        l1, r1 = left[-1:], right[:1]
        near = self.after.get(l1, frozenset()) | self.before.get(r1, frozenset())

        def own(c: str) -> float:
            return ((model.pair_score(l1, c) if l1 and l1 not in NUMBERS else model.char_score(c))
                    + (0.0 if not r1 else math.log(self.prob(r1, c)) if r1 in NUMBERS else model.pair_score(c, r1)))

        context = self.score(left, _STRANGER, right) - own(_STRANGER)
        return [self.score(left, c, right) if c in near else own(c) + context for c in cands]


# A character neither GBK nor Big5 encodes, so in no table and never a candidate: it
# stands for every character the model never saw near a number.
_STRANGER = "\u9fff"


@functools.cache
def load() -> NumberModel:
    """The shipped model (read once per process, when a lost character beside a number
    first asks)."""
    raw = files("cleaner.repair").joinpath("data", "numfreq.tsv.gz").read_bytes()
    grams: dict[str, int] = {}
    history: dict[str, tuple[int, int]] = {}
    for key, *nums in charmodel._rows(raw):
        if len(nums) == 1:
            grams[key] = int(nums[0])
        else:
            history[key] = (int(nums[0]), int(nums[1]))
    # The histories that hold a number: every n-gram after them holds it too, so their
    # counts and followers are the n-grams'.
    for g, n in grams.items():
        if holds_number(g[:-1]):
            count, followers = history.get(g[:-1], (0, 0))
            history[g[:-1]] = (count + n, followers + 1)
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for key in (*grams, *history):
        for a, b in zip(key, key[1:], strict=False):
            after.setdefault(a, set()).add(b)
            before.setdefault(b, set()).add(a)
    assert _STRANGER not in after and _STRANGER not in before
    return NumberModel(grams, history, {k: frozenset(v) for k, v in after.items()},
                       {k: frozenset(v) for k, v in before.items()})
