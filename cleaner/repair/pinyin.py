"""Inline pinyin glosses: "職業(yè)" -> "職業".

Some converters annotate characters with their reading in brackets. A gloss is one
valid pinyin syllable, lower case, in brackets, right after a Chinese character (or
after damaged text, where the gloss outlived the character). Romanized names are
capitalised or span several syllables ("北京(Běijīng)"), and English terms are not
valid syllables, so both stay.
"""

from __future__ import annotations

import re
import unicodedata

from cleaner.config import Config
from cleaner.patterns.guard import guarded
from cleaner.repair import Fix
from cleaner.text import CJK

_INITIALS = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
_FINALS = (
    "(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ven|ai|ei|ao|ou|an|en|er|in|ia|ie|iu"
    "|ua|uo|ui|un|ve|vn|ue|a|o|e|i|u|v)"
)
_SYLLABLE = re.compile(f"{_INITIALS}{_FINALS}")
_TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ"
# The bracket pair may be half- or full-width. Up to 6 letters: the longest syllable.
# After a character, a closing bracket (glosses in a row), damaged text ("?", U+FFFD),
# or a lone ASCII letter inside Chinese (a GBK trail byte that outlived its character:
# "W(xué)"); the last only for a toned syllable.
_GLOSS = guarded(rf"(?:(?<=[^A-Za-z0-9\s(（])|(?<=[^\x00-\x7f][A-Za-z]))[(（]([{_LETTERS}]{{1,6}})[)）]")


def _plain(syllable: str) -> str:
    """Tone marks stripped, ü written v, as the syllable table expects."""
    s = syllable.replace("ü", "v").replace("ǖ", "v").replace("ǘ", "v").replace("ǚ", "v").replace("ǜ", "v")
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))


def is_gloss(syllable: str, after_cjk: bool) -> bool:
    """True when `syllable` reads as a pinyin gloss (and so should go)."""
    if not _SYLLABLE.fullmatch(_plain(syllable)):
        return False
    toned = any(c in _TONE_MARKS for c in syllable)
    # An untoned syllable ("me") is only a gloss right after a Chinese character, and
    # never a single letter: "(a)" and "(e)" number list items.
    return toned or (after_cjk and len(syllable) > 1)


def repair(text: str, config: Config) -> list[Fix]:
    fixes = []
    for m in _GLOSS.finditer(text):
        prev = text[m.start() - 1]
        after_cjk = bool(re.match(f"[{CJK}]", prev))
        if prev.isascii() and prev.isalpha() and not any(c in _TONE_MARKS for c in m.group(1)):
            continue
        if is_gloss(m.group(1), after_cjk):
            fixes.append(Fix(m.start(), m.end(), "", "pinyin_gloss"))
    return fixes
