"""CJK mojibake: GBK/Big5 byte shifts, UTF-8 read as GBK, GBK read as Latin-1, ftfy.

Chinese crawls carry damage ftfy does not see. The commonest: a GBK (or Big5) page
lost one byte, so every following byte pair is read one byte off until an ASCII byte
or a decoding error puts the reader back in step. "互鑒交流" (GBK bb a5 e8 62 bd bb
c1 f7) with its first byte lost reads "ヨb交流". Re-encoding the damaged run and
decoding it one byte over gives the text back; the character whose byte was lost is
inferred from its surviving byte and its neighbours when the character model is sure,
else marked U+FFFD.

Every candidate is scored by the character model (cleaner/repair/charmodel.py) and
kept only when it beats the text as found by MIN_GAIN. A lost character is inferred
from the pairs it makes with its neighbours (the model's and the page's own: a name
recurs) and the words it completes with the characters around it (the word bigram
model); the word model also picks between readings that gain alike. Nothing is tried
unless a cheap check finds a suspicious character (a rare CJK character, U+FFFD, a
lone ASCII letter inside Chinese, kana or box drawing next to Chinese, Latin-1 runs):
clean text costs one regex scan.

Rules: gbk_shift / big5_shift (a run read one byte off, re-aligned),
gbk_lost_inferred / big5_lost_inferred (a character whose byte was lost, inferred),
gbk_lost_marked / big5_lost_marked (the same, not inferable: U+FFFD),
lost_inferred (a lone U+FFFD between Chinese characters, both bytes gone: inferred
from its neighbours alone, where they leave no doubt; beside a number, from the
numbers around it: "2004?3月" -> 年, see number_context.py),
utf8_as_gbk (UTF-8 bytes read as GBK: "鍙樺寲" -> "变化"), gbk_replacement (锟斤拷: a
U+FFFD that went through that, marked U+FFFD), latin1_as_gbk / latin1_as_big5 /
latin1_as_utf8 (bytes read as Latin-1/cp1252), ftfy (ftfy's own fixes, Chinese-safe
settings).
"""

from __future__ import annotations

import functools
import heapq
import math
import operator
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import ftfy

from cleaner.config import Config
from cleaner.render import splice
from cleaner.repair import Fix, charmodel, number_context
from cleaner.text import CJK

# A candidate must beat the damaged text by this many nats (log-likelihood) to be
# kept (SHORT_RUN_GAIN for runs of three characters or less). Set on the test corpus
# (tests/test_mojibake_corpus.py): the lowest values with no edit on its 3,645 clean
# paragraphs nor on the dev pages (at SHORT_RUN_GAIN 6, a two-character user name
# on a dev page is "repaired").
MIN_GAIN = 4.0
SHORT_RUN_GAIN = 8.0
# A lone trail byte that clean Chinese text hardly ever shows: a lower-case letter or a
# rare ASCII symbol alone between two Chinese characters ("讓c會", "問}的"). Upper case
# has "A股" and "T恤", and "|", "_", "@", "[", "]" separate or tag; "l" is typed for 1.
# Such a letter is searched whatever the probes say, and its repair needs LONE_ODD_GAIN
# (still with the inferred character in a known pair each side). Set on the test
# corpus: 6 restores about 60 more characters there, and edits no clean paragraph
# and no dev page ("迟了n次" stays).
LONE_ODD_GAIN = 6.0
# A lone upper-case letter (see _LONE_UP) between the two: "G力" and "T恤" are text.
# At 6 one clean corpus paragraph gets "repaired", at 6.5 none; 7 keeps a margin
# (+0.1 point restored against 8, no edit on the clean paragraphs or the dev pages).
LONE_UP_GAIN = 7.0
# A symbol clean text never has alone between Chinese characters (see _RARE_SYMBOLS).
RARE_SYMBOL_GAIN = 0.0
# The cheap check's second step: the characters within LOCAL_SPAN of a suspicious
# one must average below LOCAL_MAX_SCORE (nats per character) before a repair is
# searched. Clean Chinese averages about -6, runs read one byte off -12 or less.
LOCAL_SPAN = 3
LOCAL_MAX_SCORE = -8.5
# ...unless the characters after it, up to where a shifted run could end, average
# at least this (clean Chinese: about -6).
CLEAN_SCORE = -7.5
# Where those say "clean", the next PROBE_CHARS characters are read one byte over
# (the re-alignment a shifted run needs): more probable by PROBE_GAIN that way, they
# are searched after all. A short run ("嬖V" for "告訴") barely moves a window's
# average. 4 nats: +4.4 points restored on the test corpus for +0.4 ms per dev page
# (0: +5.4 points for +0.8 ms).
PROBE_CHARS = 4
PROBE_GAIN = 4.0
# Repair searches per page at most: a page damaged throughout (the wrong codec for
# the whole page) is flagged rather than searched character by character.
MAX_SEARCHES = 100
# Runs (start, end, codec) whose lost characters are inferred, best first by their
# score with the lost characters marked.
INFER_TOP = 4
# An inferred lost character must hold this share of the probability of all the
# characters its surviving byte allows; otherwise it is marked U+FFFD. And a
# character of the other script than the page's is this much less likely.
INFER_SHARE = 0.5
# ...and this share where no byte of it survived (a lone U+FFFD): only the
# neighbours speak, and over a thousand characters are candidates.
LONE_INFER_SHARE = 0.97
# ...and this share, by the number-context model, beside a number. On the test corpus
# every reading at 0.969 or more is right, all of them dates; the next is a unit after a
# lone number, right but less sure ("佔地500?的" 畝 at 0.942). Over 800 lead bytes dropped
# beside a digit anywhere in the same paragraphs (marks too), against the code before
# the model: 136 -> 273 characters and 0 -> 30 marks restored, 32 -> 16 read wrong.
NUMBER_SHARE = 0.95
# How far before the first suspicious character a shifted run may start, and how
# long it may run (characters).
MAX_LEAD = 8
MAX_RUN = 80
LOST_CHAR = "\ufffd"
# A lost character is inferred from the pairs it makes with its neighbours (the
# character model) and from the words it completes with up to CONTEXT characters each
# side (the word bigram model, CharModel.gap_scorer), weighed WORD_WEIGHT against the
# pairs. The two overlap (a two-character word is a pair too), so the mix was set on
# the test corpus: 85.0% restored at 1.5, 85.5% at 2.5, 85.5% at 4.
CONTEXT = 3
WORD_WEIGHT = 2.5
# A repair is kept when its gain by the characters, plus ACCEPT_WORD times its gain by
# the words, reaches ACCEPT_SCALE times the gain needed by the characters alone: a run
# read one byte off makes no words, its repair makes them ("教涌前的發" -> "教育目前的發").
# Not for a run that starts with an ASCII letter: "C位", "A柱" and "G力" are words a
# clean page has, and a lost character's trail byte would make them words as well
# ("每位", "圓柱"). Set on the test corpus: 85.5% restored (83.9% on the characters
# alone) with no clean paragraph edited; at ACCEPT_SCALE 1.25 one is ("過瑪?沒錯").
ACCEPT_WORD = 1.0
ACCEPT_SCALE = 1.5
# A lone letter (a repair that starts with an ASCII byte) gets no such vouching, but a
# second way in: its gain plus LETTER_WORD times its gain by the words reaches
# LETTER_WORDS_GAIN ("國家級G色園區" -> 綠色園區, where the characters alone gain 4.4).
# The clean letters of the dev pages and the test corpus reach 12.3 at most ("兩個a，"
# read as 兩個地, "把C位" as 把每位 10.7): at 12 one clean paragraph is edited, at 12.5
# none; 13 keeps a margin (+0.4 point restored, no lone letter made wrong on the corpus).
LETTER_WORD = 0.5
LETTER_WORDS_GAIN = 13.0
# ...and DIGIT_LETTER_EXTRA more for a letter that stands for a number ("l", "I", "O",
# "n": see _DIGIT_LOOKALIKES), whose clean uses reach 13.2 ("日期n次" read as 日期檔次).
DIGIT_LETTER_EXTRA = 5.0
# The word model scores the WORD_BEAM candidates the pairs rank highest (a lone U+FFFD
# has thousands, and the word model costs more per candidate): 20 restores as many on
# the test corpus as 50 or 200.
WORD_BEAM = 20
# A lost character is also inferred from the page's own pairs (a cache model): a name
# or a word recurs through a page ("首爾站 米爾梨花" -> 首爾梨花, "在我所，找他" -> 在找他，找他),
# and the pair model does not know the name. P(c | a) mixes the model's with the page's,
# n(a c) / n(a), at CACHE_WEIGHT. On the test corpus (one paragraph a page, so little
# recurs): +0.16 point restored at 0.2, +0.25 at 0.5 or 0.8.
CACHE_WEIGHT = 0.5
# A run that ends in an ASCII "?" must gain this much more: "?" is a question mark far
# more often than a lost byte ("這日子能過瑪?沒錯" is text), U+FFFD never is.
QUESTION_MARK_GAIN = 4.0

_CODECS = (("gbk", "gb18030", "gbk"), ("big5", "big5hkscs", "big5hkscs"))  # name, encode with, decode with
_ODD = "\u0370-\u04ff\u2500-\u257f\u3040-\u30ff\ue000-\ue5e4\ue5e6-\uf8ff"
# GB18030 (and the WHATWG GBK decoder) reads 0xA3A0, a full-width space in GB2312
# fonts that pages indent with, as U+E5E5 in the private use area: a blank on screen.
# It is read as the space it shows, and is not damage.
_A3A0_SPACE = re.compile("\ue5e5+")
# The symbols of GBK's and Big5's symbol rows outside the ranges above: ¤§¨°±·×÷,
# modifier letters, ℃№, Roman numerals, arrows, maths, circled and bracketed numbers,
# shapes, stars, bopomofo, bracketed ideographs, units, small and full-width forms.
# GBK's row of pinyin letters (0xA8A1-): a shifted "（" (0xA3A8) before a character led
# by 0xA1-0xC0 reads as one ("（北京" -> "ū本").
_PINYIN_ROW = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüêɑńňɡ"
_SYMBOL_ROWS = ("\u00a4\u00a7\u00a8\u00b0\u00b1\u00b7\u00d7\u00f7\u02c7-\u02d9\u2103\u2116\u2160-\u217f"
                "\u2190-\u2199\u2208-\u2312\u2460-\u249b\u25a0-\u25e5\u2605\u2606\u2609\u2640\u2642"
                "\u3105-\u3129\u3220-\u3229\u32a3\u338e-\u33d5\ufe30-\ufe6b\uffe0-\uffe5"
                # ‰′″‵※℅℉℡㈱, and the block elements ▁-▕ ("（" read one byte off before a
                # character led by 0x80-0x95: "（國" -> "▏"; no run starts at one, see _best_shift)
                "\u2030\u2032\u2033\u2035\u203b\u2105\u2109\u2121\u3231\u2581-\u2595"
                "\u2e80-\u2ef3\u31c0-\u31cf\U00020000-\U0002ffff"  # (Big5-HKSCS: radicals, strokes, ideographs beyond the BMP)
                + _PINYIN_ROW)
# One character a shifted GBK/Big5 decoding can produce: CJK, full-width and GBK
# symbol rows, private use, a trail byte read as ASCII (0x40-0x7e), U+FFFD, "?".
_WINDOW = re.compile(rf"[{CJK}{_ODD}\ue5e5{_SYMBOL_ROWS}\u3000-\u303f\uff01-\uff5e\u2010-\u2027@-~?\ufffd]+")
_LATIN = re.compile("[\u00a0-\u00ff\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
                    "\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{2,}")
_CJK_ONE = re.compile(f"[{CJK}]")
# Two letters of one script: a word, not shifted bytes; but for a GBK pinyin letter
# before an ASCII one, which is how "（" reads before a character whose trail byte is
# ASCII ("建築" after "（" lost its lead byte: "êB").
_WORD = re.compile(f"(?![{_PINYIN_ROW}][A-Za-z])[A-Za-z\u00c0-\u024f]{{2}}|[\u0370-\u03ff]{{2}}|[\u0400-\u04ff]{{2}}")
_GARBLED_FFFD = re.compile("(?:锟斤拷)+")
_NOT_LOST = re.compile("[^\ufffd\ud800-\udfff]+")
_LONE_LOST = re.compile("(?<![\ufffd?])\ufffd(?![\ufffd?])")  # (with Chinese near: see _search)
# A digit a byte shift cannot have made (a shifted run decodes to full-width ones, not ASCII).
_ASCII_DIGIT = re.compile("[0-9]")
# The marks a lost character beside a number can be: those the character model knows
# ("1、", "（圖22）", "2001—2005"; not "－" or "％", which it scores as any symbol).
_NUMBER_MARKS = "".join(c for c in charmodel.PUNCT if c != charmodel.LINE_END)
_WIDE = re.compile(f"[{CJK}\u3000-\u303f\uff01-\uff5e“”‘’—…·]")  # characters of two bytes in GBK and Big5
_BOX = re.compile("[\u2500-\u257f]")
_WORDY = re.compile(f"[{CJK}0-9]")
_PAIRED = re.compile(f"[{CJK}，。、；：？！“”‘’（）《》]{{2,}}")  # the page's own pairs: Chinese and its punctuation
_SINGLE_MARKS = frozenset("，。、；：？！“”‘’（）《》「」『』")
_LATIN_LETTER = re.compile("[A-Za-z]")
# A lone upper-case letter between Chinese characters ("天安門V場") is searched too,
# whatever the probes say, but needs LONE_UP_GAIN: clean text has "G力", "C位", "T恤".
_LONE_UP = re.compile(rf"(?<=[{CJK}])[A-HJ-NP-Z](?=[{CJK}])")
_ODD_LETTERS = r"a-km-z^`{}\\"  # (a character class's body: lower case but "l", rare symbols)
_LONE_ODD = re.compile(rf"(?<=[{CJK}])[{_ODD_LETTERS}](?=[{CJK}])")
# A lone letter or trail symbol beside Chinese on one side and punctuation, a space or
# a line's end on the other ("大學）", "藝術\t"): searched too, whatever the probes say
# (a letter among clean characters barely moves their average).
_LONE_EDGE = re.compile(rf"(?:(?<=[{CJK}])[A-Za-z{_ODD_LETTERS}@_](?![\x21-\x7e])|(?<=[^\x00-\x7f])[A-Za-z{_ODD_LETTERS}@_](?=[{CJK}]))")
# Letters that stand for a number: "l", "I", "O" typed for 1 and 0 ("西l楼", "BO座"), and
# "n" for any number ("推遲了n次", "第n個"). Never taken for a lost character's byte.
_DIGIT_LOOKALIKES = frozenset("lIOn")
# Trail bytes read as symbols that clean Chinese text never puts alone between two Chinese
# characters (none in the dev pages, their gold or the test corpus): "^ ` { } \", and a
# "[" or "]" with no partner on its line. A repair there need only beat the text as found.
_RARE_SYMBOLS = frozenset("^`{}\\[]")
# A lone letter this odd needs a known pair on one side only ("讓c會": 與會, while 讓與 spans
# two words).
_LONE_ODD_CHAR = re.compile(rf"[{_ODD_LETTERS}]$")
# Sentence-final particles: an ASCII "?" after one is a question mark, not a lost byte.
_QUESTION_FINAL = set("吗呢么嗎麼啊吧呀哪谁誰")
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
    fix_character_width=False,  # keep full-width punctuation: Chinese text uses it
    uncurl_quotes=False, fix_line_breaks=False, fix_surrogates=True, remove_control_chars=False,
    fix_c1_controls=False,  # stray C1 bytes in a Chinese page are junk, not cp1252 text
    normalization=None, explain=True)


@functools.cache
def _suspect() -> re.Pattern[str]:
    """The cheap check: anything that might be damage."""
    rare = charmodel.rare_cjk_class()
    return re.compile(
        rf"[{rare}\ufffd{_ODD}]"                     # rare CJK, U+FFFD, kana/box/Cyrillic/private use
        rf"|[{CJK}][?][{CJK}?]"                      # "?" inside Chinese
        r"|[^\x00-\x7f][A-Za-z@\[\\\]^_`{|}~](?![\x21-\x7e])"  # a lone ASCII letter or symbol (a trail byte) after Chinese
        r"|[\uff20-\uff3f\uff3c\uff3e\uff40-\uff5e]"  # full-width letters and rare full-width symbols
        r"|[\u00c0-\u00ff][\u0080-\u00ff\u2018-\u203a\u20ac\u2122]"  # Latin-1 / cp1252 mojibake
        r"|[\u0080-\u009f]"                          # a C1 control: a byte ftfy reads as cp1252
    )


@dataclass(frozen=True)
class _Lost:
    lead: int | None
    trail: int | None
    # The byte after it, with which its lost trail byte made no valid pair: the decoder
    # replaced the trail alone, then read that byte in step ("整個異性" read one byte off
    # is "麄�異性": 個 kept its lead byte in 麄, and its trail could not lead 異's first byte).
    unpaired_before: int | None = None


@functools.cache
def _byte_index(codec: str) -> dict[tuple[str, int], list[str]]:
    """Known characters by lead byte and by trail byte in `codec` (for inferring a lost one)."""
    index: dict[tuple[str, int], list[str]] = {}
    for c in [*charmodel.load().uni, *charmodel.PUNCT]:
        try:
            b = c.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(b) == 2:
            index.setdefault(("lead", b[0]), []).append(c)
            # Punctuation only where its lead byte survived: a lone letter in Chinese
            # text ("C位") is far likelier a letter than the trail of a lost "。".
            if c not in charmodel.PUNCT:
                index.setdefault(("trail", b[1]), []).append(c)
    return index


def _decode_slots(slots: list[int], codec: str) -> list[str | _Lost] | None:
    """Bytes (-1 = unknown) read from an aligned start; None when a known pair is not valid."""
    out: list[str | _Lost] = []
    i, n = 0, len(slots)
    while i < n:
        b = slots[i]
        if 0 <= b < 0x80:
            out.append(chr(b))
            i += 1
            continue
        t = slots[i + 1] if i + 1 < n else -1
        if b < 0 or t < 0:
            out.append(_Lost(None if b < 0 else b, None if t < 0 else t))
        else:
            try:
                ch = bytes((b, t)).decode(codec)
            except UnicodeDecodeError:
                return None
            if len(ch) != 1:
                return None
            out.append(ch)
        i += 2
    return out


def _ends_in_a_lead(slots: list[int]) -> bool:
    """True when the bytes, read from an aligned start, end with a lead byte whose trail
    is missing (an ASCII byte is a character of one byte)."""
    i = 0
    while i < len(slots):
        i += 1 if 0 <= slots[i] < 0x80 else 2
    return i > len(slots)


@functools.lru_cache(maxsize=1 << 10)
def _unpairable_before(right: str, codec: str) -> list[str]:
    """The characters a lone U+FFFD before `right` can stand for: both bytes gone.

    A lost lead byte leaves the trail to be read as a lead with the next character's
    lead byte; where that pair is not valid, the decoder replaced the trail alone
    and went on in step ("李鵬政府" -> "李鵬?府"). So the lost character's trail byte is
    one that makes no valid pair with `right`'s lead byte.
    """
    index = _byte_index(codec)
    return [c for trail in _unpaired_trails(right, codec) for c in index.get(("trail", trail), [])]


@functools.lru_cache(maxsize=1 << 10)
def _unpaired_trails(right: str, codec: str) -> tuple[int, ...]:
    """The trail bytes that make no valid pair with `right`'s lead byte in `codec` (all,
    at the end of the text: the decoder ran out; none where `right` is not in `codec`)."""
    try:
        nxt = right.encode(codec)[:1]
    except UnicodeEncodeError:
        return ()
    # (0x80 leads nothing: GBK ends 個 and 還 with it)
    return tuple(t for t in range(0x80, 0xFF) if not nxt or not _pairs_with(t, nxt[0], codec))


class _Page:
    """What the searches on one page share, each part worked out when first needed."""

    def __init__(self, text: str) -> None:
        self.text = text
        # The characters (in their company, see `_company`) searched before on this page
        # and left as they were: a name or a term ("G力", "车太铉") recurs through a
        # page, and is not searched again each time.
        self.read_fine: set[str] = set()
        self._scripts: dict[int, str | None] = {}
        # The codecs a byte shift is searched in: GBK and Big5 until one repair tells the
        # page's (a page is written in one; "對熒?的" reads as "對師生的" in GBK, where the
        # page's other runs were repaired, and as "對的新的" in Big5). Only those that hold
        # every Chinese character of the page as found: it was decoded with its codec, so
        # a "爲" or a "缈" (the damage itself is in it) says it was never Big5.
        self._codecs: tuple[tuple[str, str, str], ...] | None = None  # (worked out when a search first asks)
        # The page's runs of Chinese characters and punctuation, a line each, and the
        # characters found after and before those asked about (see `seen`).
        self._paired: str | None = None
        self._index: dict[tuple[str, int], dict[str, int]] = {}

    def seen(self, left: str, right: str, at: int, cands: frozenset[str]) -> tuple[tuple[str, float], ...]:
        """What the page's own pairs add to the score of each of `cands` (the characters a
        lost one at `at` can be) between `left` and `right` ("" where that side is lost
        too): log(1 + w p_page / ((1 - w) p_model)) a side, w = CACHE_WEIGHT. The pairs
        the damage itself makes with its neighbours are not counted."""
        text = self.text
        local = Counter(p for p in map(operator.add, text[max(0, at - 1):at + 2], text[at:at + 2]) if _PAIRED.fullmatch(p))
        model = charmodel.load()
        gains: dict[str, float] = {}
        sides = ((left, c, left + c, n) for c, n in self._neighbours(left, 1).items()) if left else ()
        if right:
            sides = (*sides, *((c, c, c + right, n) for c, n in self._neighbours(right, -1).items()))
        for first, c, pair, n in sides:
            n -= local[pair]
            if n <= 0 or c not in cands or not _CJK_ONE.match(c):  # (punctuation goes by the pair model:
                continue                                            # a page's habits are no name)
            total = self._starts(first) - sum(v for k, v in local.items() if k[0] == first)
            m = model.pair_score(pair[0], pair[1])
            gains[c] = gains.get(c, 0.0) + math.log1p(CACHE_WEIGHT * n / total / ((1 - CACHE_WEIGHT) * math.exp(m)))
        return tuple(sorted(gains.items()))

    def _runs(self) -> str:
        """The page's runs of Chinese characters and punctuation, a line each."""
        if self._paired is None:
            self._paired = "\n".join(_PAIRED.findall(self.text))
        return self._paired

    def _neighbours(self, c: str, step: int) -> dict[str, int]:
        """The characters after `c` in the page's runs (before it, for step -1), counted."""
        key = (c, step)
        if key not in self._index:
            runs = self._runs()
            found = Counter(runs[m.start() + step] for m in re.finditer(re.escape(c), runs)
                            if 0 <= m.start() + step < len(runs))
            found.pop("\n", None)
            self._index[key] = found
        return self._index[key]

    def _starts(self, c: str) -> int:
        """How many of the page's pairs start with `c`."""
        return sum(self._neighbours(c, 1).values())

    @property
    def codecs(self) -> tuple[tuple[str, str, str], ...]:
        if self._codecs is None:
            self._codecs = _codecs_holding(frozenset(_CJK_ONE.findall(self.text)))
        return self._codecs

    @codecs.setter
    def codecs(self, value: tuple[tuple[str, str, str], ...]) -> None:
        self._codecs = value

    def codecs_for(self, script: str | None) -> tuple[tuple[str, str, str], ...]:
        """The codecs a line in `script` can have been written in: Big5 has no simplified
        characters, so a simplified line was never Big5."""
        if script == "simplified":
            return tuple(c for c in self.codecs if c[0] != "big5") or self.codecs
        return self.codecs

    def script_at(self, at: int) -> str | None:
        """The script of the line holding `at`."""
        start = self.text.rfind("\n", 0, at) + 1
        if start not in self._scripts:
            end = self.text.find("\n", at)
            self._scripts[start] = charmodel.load().script_of(self.text[start:end if end >= 0 else None])
        return self._scripts[start]


def _codecs_holding(chars: frozenset[str]) -> tuple[tuple[str, str, str], ...]:
    """The codecs (of _CODECS) that can encode each of `chars` (all of them, where none can)."""
    held = []
    for codec in _CODECS:
        try:
            "".join(chars).encode(codec[1])
        except UnicodeEncodeError:
            continue
        held.append(codec)
    return tuple(held) or _CODECS


@functools.lru_cache(maxsize=1 << 12)
def _infer(lost: _Lost, left: str, right: str, codec: str, script: str | None,
           seen: tuple[tuple[str, float], ...] = ()) -> str | None:
    """The character a lost one most likely was, between the CONTEXT characters `left`
    and `right`, or None when the context does not tell. (Cached: a search tries
    several runs that start at the same lost byte, and pages of a site share damage.)

    Candidates share the surviving byte; each is scored with its neighbours, in the
    script of the page (a traditional page does not hold simplified-only characters),
    with what the page's own pairs add (`seen`, see _Page.seen).
    Kept when its share of the candidates' probability is at least INFER_SHARE.
    """
    if lost.lead is None and lost.trail is None:
        return None  # both bytes gone: see _lone_lost
    if lost.lead is None and not (_WORDY.match(left[-1:]) or _WORDY.match(right[:1])):
        # A surviving trail byte leaves a hundred candidates; between punctuation or
        # letters ("！?，") only the word model speaks, and it takes any clause
        # start there. (After a digit it knows the words: "8?。" -> 年.)
        return None
    cands = _candidates_after(lost, codec, left[-1:])
    guess = _most_likely(cands, left, right, script, INFER_SHARE, seen)
    # A guess that makes no known pair with either neighbour rests on its frequency alone.
    return guess if guess and _fits(guess, left[-1:], right[:1], False) else None


# Marks a number is followed by: after a digit, a lost character whose trail byte
# survived may be one of them ("9.5％，" read one byte off is "9.5ィ?": ％ lost its lead).
_MARKS_AFTER_NUMBERS = "％，。、；：）—"


@functools.lru_cache(maxsize=1 << 10)
def _candidates_after(lost: _Lost, codec: str, left: str) -> list[str]:
    """`_candidates` of `lost` after the character `left`: not the mark `left` is (a mark is
    not written twice in a row: "。。" is how reviews trail off, and common in running text
    for that, but "吧。?" lost "”", not a second "。"; …… and —— are single marks); after a
    digit, with the marks that follow numbers and share its surviving trail byte."""
    cands = [c for c in _candidates(lost, codec) if not (c == left and c in _SINGLE_MARKS)]
    if lost.trail is None or not _ASCII_DIGIT.match(left):
        return cands
    return cands + [c for c in _MARKS_AFTER_NUMBERS if c.encode(codec)[1:] == bytes((lost.trail,)) and c not in cands]


@functools.lru_cache(maxsize=1 << 10)
def _candidate_set(lost: _Lost, codec: str) -> frozenset[str]:
    """`_candidates` as a set (what `_Page.seen` looks up)."""
    return frozenset(_candidates(lost, codec))


@functools.lru_cache(maxsize=1 << 12)
def _candidates(lost: _Lost, codec: str) -> list[str]:
    """The characters that share the surviving byte of `lost` (and whose trail byte makes
    no valid pair with the byte after it, where the decoder says so)."""
    if lost.lead is not None:
        cands = _byte_index(codec).get(("lead", lost.lead), [])
        if lost.unpaired_before is None:
            return cands
        return [c for c in cands if not _pairs_with(c.encode(codec)[1], lost.unpaired_before, codec)]
    return _byte_index(codec).get(("trail", lost.trail), []) if lost.trail is not None else []


@functools.lru_cache(maxsize=1 << 16)
def _pairs_with(lead: int, trail: int, codec: str) -> bool:
    """True when the two bytes read as one character in `codec`."""
    try:
        return len(bytes((lead, trail)).decode(codec)) == 1
    except UnicodeDecodeError:
        return False


def _other_script(model: charmodel.CharModel, script: str | None) -> frozenset[str]:
    """The characters a page in `script` does not use (none when the script is unknown)."""
    if script == "traditional":
        return model.simplified_only
    return model.traditional_only if script else frozenset()


# Two adjacent lost characters are inferred together over their PAIR_BEAM likeliest
# candidates each (by the neighbour each has): the pair they make is often a word
# ("需要" read as "枰?").
PAIR_BEAM = 40


@functools.lru_cache(maxsize=1 << 12)
def _infer_pair(first: _Lost, second: _Lost, left_context: str, right_context: str, codec: str,
                script: str | None, seen_first: tuple[tuple[str, float], ...] = (),
                seen_second: tuple[tuple[str, float], ...] = ()) -> tuple[str | None, str | None]:
    """Two adjacent lost characters, each kept when its share of the joint probability
    (summed over the other's candidates) is at least INFER_SHARE. Both neighbours must
    not be lost: between lost bytes (a page decoded with the wrong codec) nothing is inferred."""
    left, right = left_context[-1:], right_context[:1]
    if {left, right} & {"\ufffd", "?"}:
        return None, None
    model = charmodel.load()
    pair, single = model.pair_score, model.char_score
    wrong = _other_script(model, script)

    def penalty(c: str) -> float:
        return charmodel.WRONG_SCRIPT if c in wrong else 0.0

    on_page1, on_page2 = dict(seen_first), dict(seen_second)
    # (a mark is not written twice in a row, see _candidates_after: "％）" lost its lead bytes, not "％，，")
    after = _after_scorer(left_context)
    ones = sorted(((after(left, c) if left else single(c)) + penalty(c) + on_page1.get(c, 0.0), c)
                  for c in _candidates_after(first, codec, left))[-PAIR_BEAM:]
    twos = sorted((single(c) + (pair(c, right) - single(right) if right else 0.0) + penalty(c) + on_page2.get(c, 0.0), c)
                  for c in _candidates(second, codec) if not (c == right and c in _SINGLE_MARKS))[-PAIR_BEAM:]
    if not ones or not twos:
        return None, None
    # The 40 x 40 pairs are the costly part: what depends on one character alone is
    # worked out once, and `pair_score` is inlined (same sums in the same order).
    bi = model.bi
    words = model.gap_scorer(left_context, right_context)
    seconds = [(c2, pair(c2, right) if right else 0.0, penalty(c2), *model.backed_off(c2)) for _, c2 in twos]
    joint = []
    for s1, c1 in ones:
        c1_known = c1 in model.known
        for c2, to_right, pen, unseen_after_known, unseen in seconds:
            p = bi.get(c1 + c2)
            if p is None:
                p = unseen_after_known if c1_known else unseen
            joint.append((s1 + p + to_right + pen, c1, c2))
    joint = [(score + WORD_WEIGHT * words(c1 + c2), c1, c2) for score, c1, c2 in sorted(joint)[-WORD_BEAM:]]
    top = max(j[0] for j in joint)
    first_p: dict[str, float] = {}
    second_p: dict[str, float] = {}
    floor = top - 50.0  # a pair this far below the best weighs under 1e-21 of it: skipped
    for score, c1, c2 in joint:
        if score < floor:
            continue
        w = math.exp(score - top)
        first_p[c1] = first_p.get(c1, 0.0) + w
        second_p[c2] = second_p.get(c2, 0.0) + w
    total = sum(first_p.values())
    best1 = max(first_p, key=first_p.__getitem__)
    best2 = max(second_p, key=second_p.__getitem__)
    return (best1 if first_p[best1] >= INFER_SHARE * total else None,
            best2 if second_p[best2] >= INFER_SHARE * total else None)


def _after_scorer(left_context: str) -> Callable[[str, str], float]:
    """log P(c | the character before it), as `pair_score(left, c)`: after a digit, which
    the pairs do not know, the number model's P(c | the two tokens before it)."""
    model = charmodel.load()
    if not _ASCII_DIGIT.match(left_context[-1:]):
        return model.pair_score
    numbers, tokens = number_context.load(), number_context.collapse(left_context)[-2:]
    return lambda _, c: math.log(numbers.prob(c, tokens))


def _most_likely(cands: list[str], left_context: str, right_context: str, script: str | None,
                 share_needed: float, seen: tuple[tuple[str, float], ...] = ()) -> str | None:
    """The candidate most probable between `left_context` and `right_context` (the pairs
    with its neighbours, the words it completes), when it holds `share_needed` of the
    candidates' probability."""
    if not cands:
        return None
    model = charmodel.load()
    wrong = _other_script(model, script)
    pair, single = model.pair_score, model.char_score
    left, right = left_context[-1:], right_context[:1]
    after = _after_scorer(left_context)
    by_pairs = [((after(left, c) if left else single(c)) + (pair(c, right) if right else 0.0)
                 + (charmodel.WRONG_SCRIPT if c in wrong else 0.0), c) for c in cands]
    if seen:
        on_page = dict(seen).get
        by_pairs = [(p + on_page(c, 0.0), c) for p, c in by_pairs]
    best_by_pairs = sorted(heapq.nlargest(WORD_BEAM, by_pairs))
    words = model.gap_scorer(left_context, right_context)
    scored = [(p + WORD_WEIGHT * words(c), c) for p, c in best_by_pairs]
    top, best = max(scored)
    share = 1 / sum(math.exp(s - top) for s, _ in scored)
    return best if share >= share_needed else None


@dataclass
class _Candidate:
    gain: float     # over the text as found, by the character model: what a repair must reach
    fixes: list[Fix]
    end: int
    rank: float = 0.0  # the gain with the word model's (see _word_gain): what picks among candidates
    # Whether the word model may vouch for it too (see ACCEPT_WORD): no character marked
    # lost, and Chinese beside the run (a name alone on its line, "魑皇", reads as words
    # once its two lost characters are inferred free of any context: "各位是").
    words_vouch: bool = False
    # A lone letter read as a lost character's trail byte: how it may be kept (see _kept):
    # "chars" by its characters' gain or its words', "words" by its words' only, "digit"
    # (a letter that stands for a number) by more words still. Empty for any other run.
    letter: str = ""


def _shift_candidate(text: str, s: int, e: int, codec_name: str, enc: str, dec: str,
                     script: str | None, infer: bool = True, page: _Page | None = None) -> _Candidate | None:
    """text[s:e] read one byte off in `codec`: the re-aligned reading, scored."""
    seg = text[s:e]
    if _WORD.search(seg):
        return None  # a word in a script of letters (Cyrillic, Greek, Latin) is text, not shifted bytes
    slots: list[int] = [-1]  # the lead byte that was lost
    tail_unknown = seg[-1] in "\ufffd?"
    body = seg[:-1] if tail_unknown else seg
    if "\ufffd" in body or "?" in body:
        return None
    try:
        slots += list(body.encode(enc))
    except UnicodeEncodeError:
        return None
    if tail_unknown or _ends_in_a_lead(slots):
        if not tail_unknown and "\x40" <= text[e:e + 1] <= "\x7e":
            return None  # the trail byte the run ends without is the ASCII character after it: a longer run
        slots.append(-1)
    tokens = _decode_slots(slots, dec)
    if not tokens:
        return None
    left, right = text[s - 1:s], text[e:e + 1]
    last = tokens[-1]
    if tail_unknown and right and isinstance(last, _Lost) and last.lead is not None and last.trail is None:
        try:
            tokens[-1] = _Lost(last.lead, None, right.encode(enc)[0])
        except UnicodeEncodeError:
            pass
    before_run, after_run = _before(text, s), _after(text, e)
    chars: list[str] = []
    rules: list[str] = []
    paired: str | None = None  # the second of two lost characters, inferred with the first
    for i, tok in enumerate(tokens):
        if isinstance(tok, str):
            chars.append(tok)
            rules.append("")
            continue
        lc = (before_run + "".join(chars))[-CONTEXT:]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if paired is not None or i and isinstance(tokens[i - 1], _Lost):
            guess, paired = paired, None
        elif infer and isinstance(nxt, _Lost):
            rc = _known_after(tokens, i + 2, after_run)
            guess, paired = _infer_pair(tok, nxt, lc, rc, dec, script, *(
                (page.seen(lc[-1:], "", s, _candidate_set(tok, dec)), page.seen("", rc[:1], s, _candidate_set(nxt, dec)))
                if page else ()))
            paired = paired or ""
        elif infer:
            rc = _known_after(tokens, i + 1, after_run)
            guess = _infer(tok, lc, rc, dec, script, page.seen(lc[-1:], rc[:1], s, _candidate_set(tok, dec)) if page else ())
        else:
            guess = None
        chars.append(guess or LOST_CHAR)
        rules.append(f"{codec_name}_lost_inferred" if guess else f"{codec_name}_lost_marked")
    model = charmodel.load()
    new = "".join(chars)
    if infer and not _plausible(new, model):
        return None
    lost = sum(r.endswith(("_lost_inferred", "_lost_marked")) for r in rules)
    if infer and LOST_CHAR in new and len(new) - lost < lost:
        # More characters lost than read from the bytes, one of them not even inferred:
        # too little to trade the text for ("沈勍晔", a name, read as "?完胜").
        return None
    extra_ascii = sum(c.isascii() for c in new) - sum(c.isascii() for c in seg)
    if extra_ascii > (1 if new[-1:].isascii() and not seg[-1:].isascii() else 0):
        # In step, a byte below 0x80 is only a trail: no ASCII character can appear; but
        # the one after the run, taken in as its last trail byte, comes back at its end
        # ("專輯《Every" read as "專輯禘very": 禘 is 《 and E's bytes).
        return None
    gain = model.score(left + new + right, script) - model.score(left + seg + right, script)
    # The first token stands for the character whose byte was lost: an insertion at s.
    letter = ""
    if infer and seg.isascii():
        # A lone letter is a lost character's byte when that character makes a known pair
        # with each neighbour (one, for the odd ones); with one only, or where the letter
        # stands for a number, its words must vouch.
        if not (rules[0].endswith("inferred") and _fits(chars[0], left, right, False)):
            return None
        if seg in _DIGIT_LOOKALIKES:
            letter = "digit"
        else:
            letter = "chars" if _fits(chars[0], left, right, not _LONE_ODD_CHAR.match(seg)) else "words"
    fixes = [Fix(s, s, chars[0], rules[0])]
    mid_end = e - 1 if tail_unknown else e
    last_lost = rules[-1] and len(tokens) > 1 and slots[-1] == -1
    mid = "".join(chars[1:-1] if last_lost else chars[1:])
    before = text[s:mid_end]
    k = 0  # a run past the re-alignment point decodes unchanged: keep it out of the edit
    while k < min(len(mid), len(before)) and mid[-1 - k] == before[-1 - k]:
        k += 1
    if mid != before:
        fixes.append(Fix(s, mid_end - k, mid[:len(mid) - k], f"{codec_name}_shift"))
    if last_lost:
        fixes.append(Fix(mid_end, e, chars[-1], rules[-1]))
    rank = gain + WORD_WEIGHT * _word_gain(text, s, e, new) if infer else gain
    return _Candidate(gain, fixes, e, rank, _words_may_vouch(new, left, right), letter)


def _words_may_vouch(new: str, left: str, right: str) -> bool:
    """Whether the word model may vouch for the reading `new` of a run between `left` and
    `right` (see _Candidate.words_vouch)."""
    return LOST_CHAR not in new and bool(_CJK_ONE.match(left) or _CJK_ONE.match(right))


def _word_gain(text: str, s: int, e: int, new: str) -> float:
    """How much more probable `new` in place of text[s:e] makes the words around it.

    Two readings of a short run can both gain enough by the character model, which
    favours frequent characters ("對熒?的" read in Big5 as "對的新的"); the word model
    tells the one that makes words ("對師生的", read in GBK).
    """
    words = charmodel.load().gap_scorer(_before(text, s), _after(text, e))
    return words(new) - words(text[s:e])


def _before(text: str, at: int) -> str:
    """Up to CONTEXT characters before `at` on its line, led by LINE_END where the line starts."""
    context = text[max(0, at - CONTEXT):at]
    if "\n" in context:
        return charmodel.LINE_END + context[context.rindex("\n") + 1:]
    return charmodel.LINE_END + context if at <= CONTEXT else context


def _after(text: str, at: int) -> str:
    """Up to CONTEXT characters from `at` on its line, closed by LINE_END where the line ends."""
    context = text[at:at + CONTEXT]
    if "\n" in context:
        return context[:context.index("\n")] + charmodel.LINE_END
    return context + charmodel.LINE_END if at + CONTEXT >= len(text) else context


def _known_after(tokens: list[str | _Lost], i: int, after_run: str) -> str:
    """The decoded characters from tokens[i] on, then the text after the run, up to the
    next lost one and CONTEXT characters: the right context of a lost character."""
    out: list[str] = []
    for tok in tokens[i:i + CONTEXT]:
        if not isinstance(tok, str):
            return "".join(out)
        out.append(tok)
    return ("".join(out) + after_run)[:CONTEXT]


def _fits(c: str, left: str, right: str, both: bool) -> bool:
    """True when `c` makes a known pair (seen in a word or in running text) with a
    neighbour (`both`: with each)."""
    model = charmodel.load()
    pairs = (model.known_pair(left, c), model.known_pair(c, right))
    if both:  # (each Chinese neighbour: the pairs of punctuation are fewer)
        return any(pairs) and all(p or not _CJK_ONE.match(n) for p, n in zip(pairs, (left, right), strict=True))
    return any(pairs)


def _realign_points(text: str, t: int, we: int) -> list[int]:
    """Where a run read one byte off can end: after a trail byte read as ASCII, after U+FFFD
    or "?", before ASCII (the run took the ASCII byte after it in as a trail: "禘volution"
    for "《Evolution"), at the window end."""
    ends = []
    for i in range(t, min(we, t + MAX_RUN)):
        ch = text[i]
        if ch.isascii() or ch == "\ufffd" or (text[i + 1:i + 2].isascii() and _ascii_trail(ch)):
            ends.append(i + 1)
    if we - t <= MAX_RUN:
        ends.append(we)
    return sorted(set(e for e in ends if e > t))


@functools.cache
def _ascii_trail(ch: str) -> bool:
    """True when `ch`'s trail byte is an ASCII one in GBK or Big5 (a character a shifted
    run ends in when it took in the ASCII byte after it)."""
    for _, enc, _ in _CODECS:
        try:
            raw = ch.encode(enc)
        except UnicodeEncodeError:
            continue
        if len(raw) == 2 and raw[1] < 0x80:
            return True
    return False


def _best_shift(text: str, ws: int, we: int, t: int, script: str | None, page: _Page,
                letter_only: bool = False) -> _Candidate | None:
    scored: list[tuple[float, int, int, str, str, str, tuple[Fix, ...]]] = []
    ends = _realign_points(text, t, we)
    for codec_name, enc, dec in page.codecs_for(script):
        for s in range(t if letter_only else max(ws, t - MAX_LEAD), t + 1):
            if text[s] == "\ufffd" or (text[s].isascii() and s != t) or "\u2581" <= text[s] <= "\u2595":
                # (a run starting at a block element lost a character whose trail is 0xA8:
                # "（" far more often than any other, and a mark is not inferred from its
                # trail, so the reading would put a character where the "（" was)
                continue
            for e in ends if not text[s].isascii() else (s + 1,):
                # Lost characters are inferred only for the best few readings: inferring is the costly part.
                cand = _shift_candidate(text, s, e, codec_name, enc, dec, script, infer=False)
                if cand:
                    scored.append((cand.gain, s, e, codec_name, enc, dec, tuple(cand.fixes)))
    best = None
    scored.sort(reverse=True)
    # The INFER_TOP best readings (a run re-aligned before a later end reads the same as
    # the longer one: both are tried, as one of the few), and every one-character run.
    top: set[tuple[int, str, tuple[Fix, ...]]] = set()
    for _, s, e, codec_name, enc, dec, fixes in scored:
        if (s, codec_name, fixes) not in top:
            if len(top) >= INFER_TOP and e - s != 1:
                continue
            top.add((s, codec_name, fixes))
        cand = _shift_candidate(text, s, e, codec_name, enc, dec, script, page=page)
        if cand and (best is None or cand.rank > best.rank):
            best = cand
    return best


def _utf8_as_gbk(text: str, ws: int, we: int) -> _Candidate | None:
    """The non-ASCII run text[ws:we] as UTF-8 bytes that were decoded as GBK."""
    seg = text[ws:we]
    try:
        raw = seg.encode("gb18030")
    except UnicodeEncodeError:
        return None
    new = raw.decode("utf-8", errors="replace")
    if new.count("\ufffd") * 4 > len(new) or new == seg:
        return None
    model = charmodel.load()
    if not _plausible(new, model):
        return None
    left, right = text[ws - 1:ws], text[we:we + 1]
    gain = model.score(left + new + right) - model.score(left + seg + right)
    return _Candidate(gain, [Fix(ws, we, new, "utf8_as_gbk")], we, gain + WORD_WEIGHT * _word_gain(text, ws, we, new),
                      "\ufffd" not in new)


def _plausible(new: str, model: charmodel.CharModel) -> bool:
    """True when a re-decoded run can be text: no kana, box drawing or other symbol rows,
    and more characters restored than marked lost (a table border re-read is neither)."""
    known = sum(c in model.known for c in new)
    lost = new.count(LOST_CHAR)
    return known > lost and not any(model.char_score(c) == charmodel.ODD_SYMBOL for c in new)


def _looks_damaged(text: str, t: int, ws: int, we: int) -> bool:
    """True when the characters around a suspicious one are improbable as a whole, or
    read better one byte over (`_reads_better_shifted`).

    A rare character among common ones in known pairs (a name, a term) is text; a run
    read one byte off is improbable throughout. Saves the search on clean pages.
    """
    if text[t] in "\ufffd?":  # a lost byte ends a shifted run: something Chinese must come before it
        return (t > ws and text[t - 1] not in "\ufffd?" and not text[t - 1].isascii()
                and not (text[t] == "?" and text[t - 1] in _QUESTION_FINAL))
    if _BOX.match(text[t]) and (_BOX.match(text[t - 1] if t > ws else " ") or _BOX.match(text[t + 1:t + 2] or " ")
                                or we - ws == 1):
        return False  # a text table's rules: box drawing next to box drawing (or alone on a line)
    if t > ws and _LATIN_LETTER.match(text[t - 1]) and _LATIN_LETTER.match(text[t + 1:t + 2]) \
            and not _CJK_ONE.match(text[t]):
        return False  # a symbol inside a Latin word ("Sys\ue011tem"): an icon font's glyph, not a shifted run
    # A letter or symbol read from a trail byte: the probe at it asks whether the text
    # reads better without it (so "C位" and a lost character's "讓c會" are searched, the
    # brackets of "[图]" are not); from the character before, whether it ends a shifted
    # run ("嬖V"). The search, with its word test and gain, then tells "A股" from damage.
    return (_improbable(text, t, ws, we) or _reads_better_shifted(text, t, we)
            or (text[t].isascii() and t > ws and _reads_better_shifted(text, t - 1, we)))


def _improbable(text: str, t: int, ws: int, we: int) -> bool:
    around = text[max(ws, t - LOCAL_SPAN):min(we, t + LOCAL_SPAN + 1)]
    if "\ufffd" in around or "?" in around:
        return True
    model = charmodel.load()
    if model.score(around) / len(around) >= LOCAL_MAX_SCORE:
        return False
    if not _CJK_ONE.match(text[t]):
        return True
    # A shifted run goes on to a realignment point (a trail byte read as ASCII, a lost
    # byte, the window's end): when Chinese as probable as clean text follows a rare
    # character (or a two- or three-character name of them) first, it is a name or a
    # term, not part of a shift.
    a = t + 1
    while a < min(we, t + 3) and text[a] not in model.common and _CJK_ONE.match(text[a]):
        a += 1
    after = text[a:min(we, a + LOCAL_SPAN + 1)]
    stop = next((i for i, c in enumerate(after) if c.isascii() or c == "\ufffd"), len(after))
    after = after[:stop]
    return len(after) <= LOCAL_SPAN or model.score(after) / len(after) < CLEAN_SCORE


def _reads_better_shifted(text: str, t: int, we: int) -> bool:
    """True when the characters from `t` on read one byte over (GBK or Big5) are more
    probable than as found: a one-step probe of what `_best_shift` searches in full."""
    seg = text[t:min(we, t + PROBE_CHARS)]
    model = charmodel.load()
    for _, enc, dec in _CODECS:
        try:
            raw = seg.encode(enc)[1:]
        except UnicodeEncodeError:
            continue
        try:
            new, whole = raw.decode(dec), True
        except UnicodeDecodeError as exc:  # bytes a shifted run cannot hold: read up to them
            new, whole = raw[:exc.start].decode(dec, errors="ignore"), False
        new = new[:len(seg)]
        if len(new) < (1 if whole else 2) or sum(c.isascii() for c in new) > sum(c.isascii() for c in seg):
            continue  # in step, a byte below 0x80 is a trail: no ASCII character appears
        if model.score(new) - model.score(seg[:len(new)]) > PROBE_GAIN:
            return True
        if whole and len(new) < len(seg) and model.score(new) + charmodel.LOST - model.score(seg) > PROBE_GAIN:
            # (the same bytes both ways: the run read over is a character short, the lost one)
            return True
    return False


def _repair_window(text: str, ws: int, we: int, suspect: re.Pattern[str], page: _Page,
                   budget: int) -> tuple[list[Fix], int]:
    """Fixes for one window."""
    read_fine = page.read_fine
    fixes: list[Fix] = []
    if not _CJK_ONE.search(text, ws, we):
        return fixes, budget  # symbols alone ("└→" in a flow chart): a shifted run of Chinese has some Chinese in it
    pos = floor = ws  # floor: where a run may start (after the last fix)
    while pos < we and budget > 0:
        m = suspect.search(text, pos, we)
        if not m:
            break
        t = m.start() if m.end() - m.start() == 1 else m.start() + 1
        lone_odd = _LONE_ODD.match(text, t) is not None or _unbalanced_bracket(text, t)
        lone_up = _LONE_UP.match(text, t) is not None
        company = _company(text, t, ws, we, lone_up)
        damaged = company not in read_fine and (lone_odd or lone_up or _looks_damaged(text, t, ws, we))
        if company in read_fine or not (damaged or _LONE_EDGE.match(text, t)):
            pos = t + 1
            continue
        budget -= 1
        script = page.script_at(ws)
        # (a letter beside punctuation that looks fine otherwise: only its reading as a lost
        # character's trail byte is weighed, not every run around it)
        cands = [c for c in (_best_shift(text, floor, we, t, script, page, letter_only=not damaged),) if c]
        if not text[t].isascii():
            # UTF-8 read as GBK: the run of CJK characters around t, from where the
            # damage may start (UTF-8 character starts need not fall on a GBK one).
            rs, re_ = t, t + 1
            while rs > floor and _CJK_ONE.match(text[rs - 1]):
                rs -= 1
            while re_ < we and _CJK_ONE.match(text[re_]):
                re_ += 1
            for a in range(max(rs, t - MAX_LEAD), t + 1):
                c = _utf8_as_gbk(text, a, re_)
                if c:
                    cands.append(c)
        best = max(cands, key=lambda c: c.rank, default=None)
        # A short run (a lone letter taken for the byte of a lost character, or two or
        # three characters) has the least evidence: it must gain more.
        short = best is not None and best.end - best.fixes[0].start <= 3
        if not short:
            needed = MIN_GAIN
        else:
            needed = (RARE_SYMBOL_GAIN if lone_odd and text[t] in _RARE_SYMBOLS else LONE_ODD_GAIN if lone_odd
                      else LONE_UP_GAIN if lone_up else SHORT_RUN_GAIN)
        if best is not None and text[best.end - 1] == "?":
            needed += QUESTION_MARK_GAIN
        if best and _kept(best, needed, text[best.fixes[0].start].isascii()):
            fixes.extend(best.fixes)
            page.codecs = tuple(c for c in page.codecs if best.fixes[0].rule.startswith(c[0] + "_")) or page.codecs
            pos = floor = best.end
        else:
            if company and floor == ws:  # (a search cut short by an earlier fix proves less)
                read_fine.add(company)
            pos = max(m.end() - 1, t + 1)
    return fixes, budget


def _accepted(best: _Candidate, needed: float, chars_alone: bool) -> bool:
    """True when `best` gains enough to be kept (see ACCEPT_WORD)."""
    if chars_alone:
        return best.gain >= needed
    word_gain = (best.rank - best.gain) / WORD_WEIGHT
    return best.gain + ACCEPT_WORD * word_gain >= needed * ACCEPT_SCALE


def _unbalanced_bracket(text: str, t: int) -> bool:
    """True when text[t] is a "[" or "]" between Chinese characters with no partner on its
    line: clean pages pair them ("[組圖]"), a trail byte read as ASCII does not ("閉上" read
    one byte off is "]上")."""
    if text[t] not in "[]" or t == 0 or not (_CJK_ONE.match(text, t - 1) and _CJK_ONE.match(text, t + 1)):
        return False
    if text[t] == "]":
        return "[" not in text[text.rfind("\n", 0, t) + 1:t]
    end = text.find("\n", t)
    return "]" not in text[t + 1:end if end >= 0 else None]


def _kept(best: _Candidate, needed: float, ascii_led: bool) -> bool:
    """True when `best` gains enough to be kept: by its characters, and the words where
    they may vouch (see ACCEPT_WORD); a lone letter also by its words (see LETTER_WORD)."""
    if best.letter not in ("digit", "words") and _accepted(best, needed, ascii_led or not best.words_vouch):
        return True
    if not best.letter or not best.words_vouch:
        return False
    word_gain = (best.rank - best.gain) / WORD_WEIGHT
    return best.gain + LETTER_WORD * word_gain >= LETTER_WORDS_GAIN + (DIGIT_LETTER_EXTRA if best.letter == "digit" else 0.0)


def _company(text: str, t: int, ws: int, we: int, term_letter: bool) -> str:
    """The key under which a search at `t` that changed nothing is remembered: the
    character with its neighbours in the window; an upper-case letter with the character
    after it alone ("G力" recurs with all sorts of characters before it). Empty for
    "?" and U+FFFD: a real question mark does not vouch for a lost byte's "?"."""
    if text[t] in "?\ufffd":
        return ""
    return text[t:min(we, t + 2)] if term_letter else text[max(ws, t - 1):min(we, t + 2)]


def _latin1(text: str, start: int, end: int) -> Fix | None:
    """A Latin-1/cp1252 run that is GBK, Big5 or UTF-8 bytes read the wrong way."""
    seg = text[start:end]
    try:
        raw = seg.encode("cp1252")
    except UnicodeEncodeError:
        try:
            raw = seg.encode("latin-1")
        except UnicodeEncodeError:
            return None
    model = charmodel.load()
    base = model.score(seg)
    best = None
    if len(seg) < 4:
        return None  # one Chinese character's worth of bytes: too little to tell
    for codec, rule in (("utf-8", "latin1_as_utf8"), ("gbk", "latin1_as_gbk"), ("big5", "latin1_as_big5")):
        try:
            new = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        gain = model.score(new) - base
        if not all(c in model.common or c in charmodel.PUNCT or c.isascii() for c in new):
            continue
        pairs = sum(model.known_pair(a, b) for a, b in zip(new, new[1:], strict=False))
        if not pairs or pairs * 2 < len(new) - 1:
            continue  # random bytes decode to common characters too, but seldom to words
        if gain >= MIN_GAIN and (best is None or gain > best[0]):
            best = (gain, new, rule)
    return Fix(start, end, best[1], best[2]) if best else None


def _ftfy_line(line: str, start: int, end: int) -> Fix | None:
    """ftfy's fix of `line` (text[start:end], no lost character in it), when ftfy calls it bad."""
    if not ftfy.is_bad(line):
        return None
    fixed, steps = ftfy.fix_and_explain(line, config=_FTFY_CONFIG)
    if fixed == line or fixed.count("\ufffd") > line.count("\ufffd"):
        return None  # nothing fixed, or only bytes given up as lost: not a repair
    names = [step.parameter for step in (steps or []) if step.action != "normalize"]
    return Fix(start, end, fixed, "ftfy" + (":" + ",".join(dict.fromkeys(names)) if names else ""))


def repair(text: str, config: Config) -> list[Fix]:
    """Fixes for the mojibake in `text` (none, cheaply, when nothing looks damaged)."""
    suspect = _suspect()
    fixes = [Fix(m.start(), m.end(), "\u3000" * len(m.group()), "gb18030_a3a0_space")
             for m in _A3A0_SPACE.finditer(text)] if "\ue5e5" in text else []
    if not suspect.search(text):
        return fixes
    # ftfy first, on the lines ftfy itself calls bad; the other repairs then search the
    # mended text (what ftfy leaves can still be a shifted run), and what they find in a
    # stretch ftfy mended joins its fix: cleaning the output again changes nothing.
    mended = _ftfy_fixes(text, suspect)
    if not mended:
        return _search(text, suspect, fixes)
    first = sorted([x for x in fixes if not any(f.start <= x.start < f.end for f in mended)] + mended)
    mended_text = splice(text, first)
    return _fold(first, _search(mended_text, suspect, []), mended_text)


def _ftfy_fixes(text: str, suspect: re.Pattern[str]) -> list[Fix]:
    """ftfy's fixes of the stretches of the lines that look damaged."""
    fixes: list[Fix] = []
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        if not suspect.search(line):
            continue
        # Each stretch between lost characters (U+FFFD, a lone surrogate) on its own:
        # those bytes are gone, the text around them may still be fixable, and a line
        # split later (at an indent run) must get the same fix when cleaned again.
        for m in _NOT_LOST.finditer(line):
            s, e = start + m.start(), start + m.end()
            # U+E5E5 is read as the space it is (above); the stretch's fix then covers it.
            f = _ftfy_line(m.group().replace("\ue5e5", "\u3000"), s, e)
            if f:
                fixes.append(f)
    return fixes


def _fold(first: list[Fix], later: list[Fix], mended: str) -> list[Fix]:
    """`later` (found in `mended`, the text `first` made) as fixes of the original text:
    one that meets a fix of `first` joins it (its rule too, after a "+"), the rest move
    back by what `first` added or took before them."""
    spans, shift = [], 0  # where each of `first`'s fixes is in `mended`
    for f in first:
        spans.append((f.start + shift, f.start + shift + len(f.after)))
        shift += len(f.after) - (f.end - f.start)

    def back(p: int) -> int:  # a position of `mended` outside `first`'s fixes, in the original
        return p - sum(len(f.after) - (f.end - f.start) for f, (_, e) in zip(first, spans, strict=True) if e <= p)

    items = sorted([(a, b, 0, i) for i, (a, b) in enumerate(spans)] + [(g.start, g.end, 1, i) for i, g in enumerate(later)])
    out: list[Fix] = []
    k = 0
    while k < len(items):
        group, end = [items[k]], items[k][1]
        while k + 1 < len(items) and items[k + 1][0] <= end:  # touching joins too (an insertion at an edge)
            k += 1
            group.append(items[k])
            end = max(end, items[k][1])
        k += 1
        if len(group) == 1:
            a, b, which, i = group[0]
            out.append(first[i] if which == 0 else Fix(back(a), back(b), later[i].after, later[i].rule))
            continue
        begin = group[0][0]
        starts = [first[i].start if which == 0 else back(a) for a, _, which, i in group
                  if which == 0 or not any(s <= a <= e for s, e in spans)]
        stops = [first[i].end if which == 0 else back(b) for _, b, which, i in group
                 if which == 0 or not any(s <= b <= e for s, e in spans)]
        local = [Fix(later[i].start - begin, later[i].end - begin, later[i].after, later[i].rule)
                 for _, _, which, i in group if which == 1]
        rules = [first[i].rule if which == 0 else later[i].rule for _, _, which, i in group]
        out.append(Fix(min(starts), max(stops), splice(mended[begin:end], local), "+".join(dict.fromkeys(rules))))
    return sorted(out)


def _search(text: str, suspect: re.Pattern[str], fixes: list[Fix]) -> list[Fix]:
    """The repairs after ftfy's, over `text` (`fixes`: those found already)."""
    for m in _GARBLED_FFFD.finditer(text):
        fixes.append(Fix(m.start(), m.end(), LOST_CHAR * (len(m.group()) // 3), "gbk_replacement"))
    taken = [(f.start, f.end) for f in fixes]

    def free(f: Fix) -> bool:
        return not any(s < f.end and f.start < e or s == f.start == e for s, e in taken)

    for m in _LATIN.finditer(text):
        if re.search(r"[\u00c0-\u00ff]", m.group()):
            f = _latin1(text, m.start(), m.end())
            if f and free(f):
                fixes.append(f)
                taken.append((f.start, f.end))
    page = _Page(text)
    budget = MAX_SEARCHES
    for m in _WINDOW.finditer(text):
        ws, we = m.span()
        if not suspect.search(text, ws, we):
            continue
        window_fixes, budget = _repair_window(text, ws, we, suspect, page, budget)
        fixes.extend(f for f in window_fixes if free(f))
        if budget <= 0:
            break  # a page this damaged is flagged, not searched to the end
    taken = [(f.start, f.end) for f in fixes]
    undecided: list[int] = []  # lone U+FFFD beside a number, not inferred
    for m in _LONE_LOST.finditer(text):
        at = m.start()
        beside_number = bool(at and _ASCII_DIGIT.match(text, at - 1) or _ASCII_DIGIT.match(text, at + 1))
        if not beside_number and (not _CJK_ONE.search(text, max(0, at - 2), at) or not _WIDE.match(text, at + 1)):
            # Chinese before it, and a character of two bytes after it, whose lead byte
            # leaves few candidates (see _unpairable_before): before an ASCII byte or a
            # line's end every character is one, and one side's context is too little.
            # Beside a number, the numbers around it tell (see _number_lost).
            continue
        # Its neighbours must be the page's own: not a character another fix rewrote.
        if any(s <= at + 1 and at - 1 < e for s, e in taken):
            continue
        if budget <= 0:
            break  # the same budget: a page full of U+FFFD was decoded with the wrong codec
        budget -= 1
        f = _number_lost(text, at, page) if beside_number else _lone_lost(text, at, page)
        if f:
            fixes.append(f)
        elif beside_number:
            undecided.append(at)
    # A date that lost two characters ("2019?10?1日"): the first is read again, with
    # what the second was read as in its context (each stands for one character).
    read = {f.start: f.after for f in fixes if f.rule == "lost_inferred" and f.end == f.start + 1}
    if undecided and read and budget > 0:
        filled = "".join(read.get(i, c) for i, c in enumerate(text))
        for at in undecided[:budget]:
            f = _number_lost(filled, at, page)
            if f:
                fixes.append(f)
    return sorted(fixes)


def _lone_lost(text: str, at: int, page: _Page) -> Fix | None:
    """A lone U+FFFD in Chinese text, inferred where the context is clear.

    Both bytes of the character are gone (see `_unpairable_before`). The candidates
    are those of GBK and Big5 together unless a repair told the page's codec; the
    context must give one of them LONE_INFER_SHARE, and it must make a known pair with
    each neighbour that is a character of the model (not a digit, a letter, the line's end).
    """
    left, right = _before(text, at), _after(text, at + 1)
    script = page.script_at(at)
    codecs = page.codecs_for(script)
    guess = _lone_guess(left, right, script, codecs, page.seen(left[-1:], right[:1], at, _lone_candidates(right[:1], codecs)[1]))
    return Fix(at, at + 1, guess, "lost_inferred") if guess else None


def _number_lost(text: str, at: int, page: _Page) -> Fix | None:
    """A lone U+FFFD beside a number ("2004?3月" -> 年), inferred by the number-context
    model (see number_context.py) when it gives one candidate NUMBER_SHARE."""
    left, right = number_context.tokens_before(text, at), number_context.tokens_after(text, at + 1)
    near = number_context.tokens_before(text, at, skip="\ufffd") + number_context.tokens_after(text, at + 1, skip="\ufffd")
    if not _CJK_ONE.search(near):
        # Numbers and marks alone ("010?8888", "9001?2015"): a code, a range, not a count.
        # (Looked for past other lost characters: "2019?10?1日" has its 日.)
        return None
    script = page.script_at(at)
    guess = _number_guess(left, right, text[at + 1:at + 2] or "\n", script, page.codecs_for(script))
    return Fix(at, at + 1, guess, "lost_inferred") if guess else None


@functools.lru_cache(maxsize=1 << 10)
def _number_guess(left: str, right: str, following: str, script: str | None,
                  codecs: tuple[tuple[str, str, str], ...]) -> str | None:
    """The character between the token contexts `left` and `right` (see number_context),
    of those a lone U+FFFD before `following` can be: punctuation too, which the number
    model knows ("（圖22?。" lost its "）", "1?熱愛" its "、")."""
    cands = _lone_candidates(following, codecs)[0] + _marks_before(following, codecs)
    if not cands:
        return None
    wrong = _other_script(charmodel.load(), script)
    scored = [(s + (charmodel.WRONG_SCRIPT if c in wrong else 0.0), c)
              for s, c in zip(number_context.load().scores(left, cands, right), cands, strict=True)]
    top, best = max(scored)
    share = 1 / sum(math.exp(s - top) for s, _ in scored)
    return best if share >= NUMBER_SHARE else None


@functools.lru_cache(maxsize=1 << 10)
def _marks_before(following: str, codecs: tuple[tuple[str, str, str], ...]) -> list[str]:
    """The marks a lone U+FFFD before `following` can stand for (its trail byte makes no
    pair with `following`'s first byte), in `codecs`."""
    # (all the marks encode in both codecs; one whose trail byte is ASCII shows as itself)
    return [c for c in _NUMBER_MARKS if any(c.encode(dec)[1] in _unpaired_trails(following, dec) for _, _, dec in codecs)]


@functools.lru_cache(maxsize=1 << 10)
def _lone_candidates(right: str, codecs: tuple[tuple[str, str, str], ...]) -> tuple[list[str], frozenset[str]]:
    """What a lone U+FFFD before `right` can stand for, in `codecs` (see `_unpairable_before`)."""
    following = "\n" if right == charmodel.LINE_END else right  # (the byte after: a line break)
    cands = list(dict.fromkeys(c for _, _, dec in codecs for c in _unpairable_before(following, dec)))
    return cands, frozenset(cands)


@functools.lru_cache(maxsize=1 << 12)
def _lone_guess(left: str, right: str, script: str | None, codecs: tuple[tuple[str, str, str], ...],
                seen: tuple[tuple[str, float], ...] = ()) -> str | None:
    cands = _lone_candidates(right[:1], codecs)[0]
    guess = _most_likely(cands, left, right, script, LONE_INFER_SHARE, seen)
    if guess is None:
        return None
    model = charmodel.load()
    sides = [(a, b) for a, b in ((left[-1:], guess), (guess, right[:1])) if a in model.known and b in model.known]
    return guess if sides and all(model.known_pair(a, b) for a, b in sides) else None


def left_spans(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that still look damaged: U+FFFD, "?" inside Chinese, 锟斤拷."""
    return [m.span() for m in _LEFT.finditer(text)]


_LEFT = re.compile(rf"[{CJK}][?\ufffd]+[{CJK}]|\ufffd+|(?:锟斤拷)+")
