"""A damaged-text corpus built from real sentences, for the mojibake tests.

The gold bodies of the dev-html set, one paragraph each, converted to traditional
script with OpenCC (or left as they are), encoded as GBK, one lead byte dropped at a
random place, decoded back as GBK (errors replaced): the damage of the seed pages.
Seeded, so the corpus is the same on every run.
"""

from __future__ import annotations

import json
import random
import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

import opencc

GOLD = Path(__file__).resolve().parents[2] / "shared" / "eval" / "sets" / "dev-html" / "gold"
_CJK = re.compile("[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Case:
    original: str   # the clean paragraph (traditional script)
    damaged: str    # after the byte loss
    start: int      # original[start:end] is what the byte loss garbled
    end: int


def paragraphs(min_chars: int = 10) -> list[str]:
    out = []
    for path in sorted(GOLD.glob("*.json")):
        for line in json.loads(path.read_text(encoding="utf-8"))["text"].split("\n"):
            line = line.strip()
            if len(line) >= min_chars and len(_CJK.findall(line)) >= min_chars // 2:
                out.append(line)
    return out


def traditional(paras: list[str]) -> list[str]:
    conv = opencc.OpenCC("s2t")
    return gbk_encodable([conv.convert(p) for p in paras])


def drop_lead_byte(text: str, i: int) -> str:
    """`text` with the lead byte of its i-th character dropped (GBK), read back as GBK."""
    return (text[:i].encode("gbk") + text[i:].encode("gbk")[1:]).decode("gbk", errors="replace")


def damage(text: str, rng: random.Random) -> Case | None:
    """`text` with the lead byte of one random Chinese character dropped (GBK)."""
    positions = [i for i, c in enumerate(text) if _CJK.match(c) and len(c.encode("gbk")) == 2]
    if not positions:
        return None
    i = rng.choice(positions)
    damaged = drop_lead_byte(text, i)
    k = 0
    while k < min(len(text), len(damaged)) - i and text[-1 - k] == damaged[-1 - k]:
        k += 1
    return Case(text, damaged, i, len(text) - k)


def gbk_encodable(paras: list[str]) -> list[str]:
    out = []
    for p in paras:
        try:
            p.encode("gbk")
        except UnicodeEncodeError:
            continue
        out.append(p)
    return out


def corpus(seed: int = 5, script: str = "traditional") -> list[Case]:
    """The damaged paragraphs: in traditional script (the issue's corpus), or as the
    gold has them ("simplified", mostly)."""
    rng = random.Random(seed)
    cases = []
    paras = traditional(paragraphs()) if script == "traditional" else gbk_encodable(paragraphs())
    for t in paras:
        c = damage(t, rng)
        if c is not None:
            cases.append(c)
    return cases


def restored(case: Case, repaired: str) -> int:
    """How many of the garbled characters (original[start:end]) `repaired` has back in place."""
    sm = SequenceMatcher(None, case.original, repaired, autojunk=False)
    n = 0
    for a, _, size in sm.get_matching_blocks():
        lo, hi = max(a, case.start), min(a + size, case.end)
        n += max(0, hi - lo)
    return n
