"""A character model of Chinese text: how likely a run of characters is.

Built by cleaner/repair/build_charfreq.py from three tables in data/: charfreq.tsv.gz,
character and in-word pair counts from jieba's word-frequency dictionary;
textfreq.tsv.gz, character and pair counts of running text (news and reviews), whose
pairs cross word boundaries; wordfreq.tsv.gz, a word bigram model (libpinyin's counts),
whose words and word pairs also give the character pairs of its 51-million-word corpus;
all also in traditional script (OpenCC). Mojibake repair
scores each candidate with it: a run decoded with the wrong byte alignment is made of
rare characters in unlikely pairs, the right decoding of common ones, and a lost
character is inferred from the pairs it makes with its neighbours.

Scores are natural-log probabilities; higher is more likely. The model is loaded
once per process on first use (only pages that look damaged need it).
"""

from __future__ import annotations

import bisect
import functools
import gzip
import hashlib
import importlib.metadata
import math
import os
import pickle
import re
import secrets
from array import array
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import opencc

from cleaner.text import CJK

_CJK_CHAR = re.compile(f"[{CJK}]")
# Characters at or above this share of all character counts are "common": about
# the 6,000 most frequent simplified and traditional characters, which cover 99.9%
# of running text. A shifted GBK decoding lands on one of them about one time in
# five; clean text almost never leaves them.
COMMON_SHARE = 2e-6
# P(b | a) interpolates the dictionary's in-word pairs, running text's pairs, the pairs
# of the word model's corpus (inside its words and across its word pairs: 51 million
# words against running text's 4 million characters, but no punctuation) and the unigram
# back-off. Chosen on the mojibake test corpus: 85.2% restored without the word model's
# pairs (0.3, 0.6); 85.5% to 85.6% anywhere from 0.1 to 0.25, 0.3 to 0.5, 0.2 to 0.5.
DICT_WEIGHT = 0.2
TEXT_WEIGHT = 0.4
WORDS_WEIGHT = 0.3
_BACKOFF = 1 - DICT_WEIGHT - TEXT_WEIGHT - WORDS_WEIGHT
_LOG_BACKOFF = math.log(_BACKOFF)
# Score of a character the table does not know (a rare CJK character).
UNKNOWN_CJK = -20.0
# Punctuation and other characters of ordinary Chinese text.
PLAIN = -4.0
# A lone ASCII letter between Chinese characters ("ヨb交流"): unusual (upper case
# less so: "A股", "X光").
ASCII_IN_CJK = -14.0
ASCII_UPPER_IN_CJK = -10.0
# The ASCII symbols a trail byte can be (0x40-0x7E: "歸納法" read one byte off is
# "歸{法"): as unusual in Chinese text as an upper-case letter. Not "[", "]" and "|",
# which web pages put between Chinese words ("[組圖]", "首頁|新聞"): at -10 they cost
# a fifth more searches on the dev pages. Other ASCII punctuation and digits are PLAIN.
# Set on the test corpus: 86.8% restored at PLAIN, 87.2% at -10 (no clean paragraph
# edited; at -14 two are).
TRAIL_SYMBOL_IN_CJK = -10.0
_TRAIL_SYMBOLS = frozenset("@\\^_`{}~")
# Symbols a shifted decoding produces (kana, box drawing, Cyrillic, private use).
ODD_SYMBOL = -16.0
# A character of the other script than the page's (a simplified-only character on a
# traditional page): possible (quotes, names), unlikely.
WRONG_SCRIPT = -6.0
# A character known to be lost (U+FFFD), or a "?" that stands for one: about what an
# average character of Chinese text scores, so marking a lost character costs nothing.
LOST = -7.0

_PLAIN = set("，。、；：？！“”‘’（）《》〈〉「」『』【】—…·．％＋－０１２３４５６７８９\n\t \u3000"
             "0123456789.,;:!?()%-+/'\"")
# The word model (see CharModel.gap_scorer): words of up to MAX_WORD characters; a
# character in no word of the table is scored as a one-character word, its own
# probability less LONE_CHAR_PENALTY (most text is in words of two or more).
MAX_WORD = 4
LONE_CHAR_PENALTY = 3.0
# The word model's clause start (libpinyin's <start>: after punctuation, a number, a
# line break), as the table names it (build_charfreq.START); a word after no known
# word (the context's first, a rare character) has no history: NO_WORD.
START = "<s>"
NO_WORD = -1
_PAIR_SHIFT = 20  # a word pair's key: history id << _PAIR_SHIFT | word id

# Stands for the start and the end of a line in the pairs of running text (the table
# counts how lines start and end): a lost character at a line's end is "。" or "”",
# never "，". A line break every hundred characters or so.
LINE_END = "\u2029"

# Chinese punctuation, as a share of running text (about one character in twelve is
# a comma, one in twenty-five a full stop, in news text); the dictionary has none.
PUNCT = {c: math.log(p) for c, p in {
    "，": 0.08, "。": 0.04, "、": 0.01, "“": 0.006, "”": 0.006, "：": 0.005, "；": 0.002,
    "（": 0.002, "）": 0.002, "《": 0.002, "》": 0.002, "？": 0.002, "！": 0.001, "—": 0.001, "…": 0.001,
    LINE_END: 0.01,
}.items()}


@dataclass(frozen=True)
class WordModel:
    """A word bigram model, Witten-Bell smoothed: P(w | h) = (c(h w) + T(h) P(w)) / (c(h) + T(h)),
    T(h) the number of distinct words seen after h. Pairs are kept as sorted integer keys
    in arrays (1.1 million pairs in 13 MB, where a dict would take over 100 MB)."""
    ids: dict[str, int]   # word -> id (START among them)
    logp: list[float]     # log P(w), by id
    backoff: list[float]  # log(T(h) / (c(h) + T(h))), by id: what a pair never seen after h keeps
    pair_keys: array      # sorted keys of the pairs seen (see _PAIR_SHIFT)
    pair_logp: array      # log P(w | h), by the key's place

    def pair(self, h: int, w: int) -> float:
        """log P(w | h) (h NO_WORD: log P(w))."""
        if h == NO_WORD:
            return self.logp[w]
        key = h << _PAIR_SHIFT | w
        keys = self.pair_keys
        i = bisect.bisect_left(keys, key)
        if i < len(keys) and keys[i] == key:
            return self.pair_logp[i]
        return self.backoff[h] + self.logp[w]


@dataclass(frozen=True)
class CharModel:
    uni: dict[str, float]      # log P(c)
    bi: dict[str, float]       # pair_score(a, b) for pairs "ab" seen in a word or in running text (precomputed: hot path)
    common: frozenset[str]
    simplified_only: frozenset[str]   # characters OpenCC changes when converting to traditional
    traditional_only: frozenset[str]  # ...and to simplified
    known: frozenset[str]             # characters with a probability of their own: `uni` and PUNCT
    words: WordModel

    def char_score(self, c: str) -> float:
        """Log-likelihood of one character on its own."""
        p = self.uni.get(c)
        if p is not None:
            return p
        p = PUNCT.get(c)
        if p is not None:
            return p
        if c == "\ufffd" or c == "?":
            return LOST
        if _CJK_CHAR.match(c) or ord(c) > 0xFFFF:
            return UNKNOWN_CJK
        if c.isascii():
            if c.isupper():
                return ASCII_UPPER_IN_CJK
            if c.isalpha():
                return ASCII_IN_CJK
            return TRAIL_SYMBOL_IN_CJK if c in _TRAIL_SYMBOLS else PLAIN
        if c in _PLAIN or "\u2010" <= c <= "\u2027" or "\u3000" <= c <= "\u3011":
            return PLAIN
        return ODD_SYMBOL

    def pair_score(self, a: str, b: str) -> float:
        """log P(b | a), backed off to P(b)."""
        known = self.bi.get(a + b)
        if known is not None:
            return known
        pb = self.char_score(b)
        # Backed off like the pairs _build interpolates (characters and punctuation):
        # an unseen pair must not score above a seen one.
        return _LOG_BACKOFF + pb if a in self.known and b in self.known else pb

    def backed_off(self, b: str) -> tuple[float, float]:
        """`pair_score(a, b)` for a pair never seen: (when `a` is in `known`, when it is
        not). For scoring many pairs with one `b` at once."""
        pb = self.char_score(b)
        return (_LOG_BACKOFF + pb if b in self.known else pb), pb

    def score(self, text: str, script: str | None = None) -> float:
        """Log-likelihood of `text` (its first character scored on its own).

        With `script` ("traditional" or "simplified"), a character only the other
        script uses costs WRONG_SCRIPT more.
        """
        if not text:
            return 0.0
        total = self.char_score(text[0])
        for a, b in zip(text, text[1:], strict=False):
            total += self.pair_score(a, b)
        if script:
            wrong = self.simplified_only if script == "traditional" else self.traditional_only
            total += WRONG_SCRIPT * sum(map(wrong.__contains__, text))
        return total

    def gap_scorer(self, left: str, right: str) -> Callable[[str], float]:
        """A function scoring what fills the gap between `left` and `right`: the
        log-probability of the best segmentation of left + gap + right into words, each
        word scored given the one before (the word bigram model). A lost character is
        inferred from the words it completes and the words around them ("英語?俄語" -> 或),
        which a pair model, one neighbour each side, does not see.

        Punctuation and other characters that are no Chinese word (digits, letters,
        U+FFFD) cost LONE_CHAR_PENALTY (and their own probability, but punctuation's) and
        start a clause; a Chinese character in no word costs its own probability and
        LONE_CHAR_PENALTY and leaves the next word no history.
        """
        model = self.words
        ids, pair = model.ids, model.pair
        single = self.char_score

        @functools.cache
        def lone(c: str) -> tuple[float, int]:  # a character in no word: its cost, and the history it leaves
            if c in PUNCT:
                return -LONE_CHAR_PENALTY, ids[START]
            if not _CJK_CHAR.match(c):
                return single(c) - LONE_CHAR_PENALTY, ids[START]
            return single(c) - LONE_CHAR_PENALTY, NO_WORD

        def score(gap: str) -> float:  # (the hot path of inferring: plain loops)
            s = left + gap + right
            n = len(s)
            # best[j]: the best score of s[:j] by the last word's id
            best: list[dict[int, float]] = [{NO_WORD: 0.0}] + [{} for _ in range(n)]
            for j in range(1, n + 1):
                here = best[j]
                for i in range(max(0, j - MAX_WORD), j):
                    before = best[i]
                    if not before:
                        continue
                    w = ids.get(s[i:j])
                    if w is None:
                        if j - i > 1:
                            continue
                        cost, state = lone(s[i])
                        top = max(before.values()) + cost
                    else:
                        state = w
                        top = max(v + pair(h, w) for h, v in before.items())
                    if top > here.get(state, -math.inf):
                        here[state] = top
            return max(best[n].values())

        return score

    def known_pair(self, a: str, b: str) -> bool:
        return a + b in self.bi

    def script_of(self, text: str) -> str | None:
        """"traditional" or "simplified" when `text` clearly is one of them, else None."""
        t = sum(map(self.traditional_only.__contains__, text))
        s = sum(map(self.simplified_only.__contains__, text))
        if t >= 2 * s + 1:
            return "traditional"
        if s >= 2 * t + 1:
            return "simplified"
        return None


@functools.cache
def load() -> CharModel:
    """The shipped model (read once per process).

    Building it from the tables takes about five seconds, which every batch worker would
    pay on its first damaged page; the built model is cached as a pickle in the user's
    cache directory (keyed by the tables' bytes and the model's constants) and read
    back in about half a second. No cache directory, no harm: it is built.
    """
    data = files("cleaner.repair").joinpath("data")
    raw = data.joinpath("charfreq.tsv.gz").read_bytes()
    raw_text = data.joinpath("textfreq.tsv.gz").read_bytes()
    raw_words = data.joinpath("wordfreq.tsv.gz").read_bytes()
    # Everything the built model depends on: the tables, the constants, the code's
    # version and OpenCC's (its dictionaries decide the script-only sets).
    parts = (DICT_WEIGHT, TEXT_WEIGHT, WORDS_WEIGHT, COMMON_SHARE, sorted(PUNCT.items()), UNKNOWN_CJK, _MODEL_FORMAT,
             _version("cleaner"), _version("opencc"))
    key = hashlib.blake2b(raw + raw_text + raw_words + repr(parts).encode(), digest_size=8).hexdigest()
    folder = _cache_dir()
    path = folder / f"charmodel-{key}.pickle" if folder else None
    if path is not None:
        try:
            # Checked, then unpickled, straight from the file: holding its 30 MB of bytes
            # while unpickling would add that much to each worker's peak memory.
            with path.open("rb") as f:
                digest = f.read(32)
                body = hashlib.blake2b(digest_size=32)
                while chunk := f.read(1 << 20):
                    body.update(chunk)
                if body.digest() == digest:  # a damaged file is rebuilt, not trusted
                    f.seek(32)
                    model = pickle.load(f)
                    if isinstance(model, CharModel):
                        return model
        except Exception:  # noqa: BLE001 - any unreadable cache: build the model instead
            pass
    model = _build(raw, raw_text, raw_words)
    if path is not None:
        tmp = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            body = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
            tmp.write_bytes(hashlib.blake2b(body, digest_size=32).digest() + body)
            os.replace(tmp, path)  # atomic: concurrent workers never read half a file
        except OSError:
            tmp.unlink(missing_ok=True)
    return model


# Bump when CharModel's fields or their meaning change (the cache key includes it).
_MODEL_FORMAT = 7


def _cache_dir() -> Path | None:
    """$CLEANER_CACHE, else $XDG_CACHE_HOME/cleaner, else ~/.cache/cleaner; None without a home."""
    if os.environ.get("CLEANER_CACHE"):
        return Path(os.environ["CLEANER_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "cleaner"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "cleaner" if home != "~" else None


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _rows(raw: bytes) -> Iterator[list[str]]:
    """The tab-separated fields of each line of a gzipped table, but its comments."""
    for line in gzip.decompress(raw).decode("utf-8").split("\n"):  # (not splitlines: LINE_END is a line break to it)
        if line and not line.startswith("#"):
            yield line.split("\t")


def _table(raw: bytes) -> dict[str, int]:
    """The counts of a gzipped table, by key."""
    return {key: int(n) for key, n in _rows(raw)}


def _counts(raw: bytes) -> tuple[dict[str, int], dict[str, int]]:
    """Character and pair counts of a gzipped table."""
    table = _table(raw)
    return {k: n for k, n in table.items() if len(k) == 1}, {k: n for k, n in table.items() if len(k) != 1}


def _build(raw: bytes, raw_text: bytes, raw_words: bytes) -> CharModel:
    """The model from the gzipped tables (dictionary counts, running-text counts, words)."""
    uni_n, bi_n = _counts(raw)
    text_uni, text_bi = _counts(raw_text)
    total = sum(uni_n.values())
    uni = {c: math.log(n / total) for c, n in uni_n.items()}
    known = frozenset(uni) | frozenset(PUNCT)

    def p(c: str) -> float:  # P(c): the dictionary's, or punctuation's share of text
        n = uni_n.get(c)
        return n / total if n else math.exp(PUNCT.get(c, UNKNOWN_CJK))

    word_counts, word_pairs = _word_table(raw_words)
    corpus_uni, corpus_bi = _word_corpus_counts(word_counts, word_pairs)
    # log(wd Pd(b|a) + wt Pt(b|a) + ww Pw(b|a) + wu P(b)) for every pair a source knows.
    bi = {}
    for ab in bi_n.keys() | text_bi.keys() | corpus_bi.keys():
        a, b = ab
        if a not in known or b not in known:
            continue
        from_dict = bi_n[ab] / uni_n[a] if ab in bi_n and a in uni_n else 0.0
        from_text = text_bi[ab] / text_uni[a] if ab in text_bi and a in text_uni else 0.0
        from_words = corpus_bi[ab] / corpus_uni[a] if ab in corpus_bi and a in corpus_uni else 0.0
        if from_dict or from_text or from_words:
            bi[ab] = math.log(DICT_WEIGHT * from_dict + TEXT_WEIGHT * from_text + WORDS_WEIGHT * from_words
                              + _BACKOFF * p(b))
    common = frozenset(c for c, n in uni_n.items() if n / total >= COMMON_SHARE)
    chars = sorted(uni_n)
    joined = "\n".join(chars)
    to_trad = opencc.OpenCC("s2t").convert(joined).split("\n")
    to_simp = opencc.OpenCC("t2s").convert(joined).split("\n")
    simp_only = frozenset(c for c, t in zip(chars, to_trad, strict=True) if t != c)
    trad_only = frozenset(c for c, t in zip(chars, to_simp, strict=True) if t != c)
    words = _word_model(word_counts, word_pairs)
    return CharModel(uni, bi, common, simp_only, trad_only, known, words)


def _word_table(raw: bytes) -> tuple[dict[str, tuple[int, int]], list[tuple[str, str, int]]]:
    """The word model's gzipped table (see build_charfreq.write_words): each word's count
    and number of distinct followers, and the word pairs' counts."""
    counts: dict[str, tuple[int, int]] = {}
    pairs: list[tuple[str, str, int]] = []
    for key, *nums in _rows(raw):
        if " " in key:
            a, b = key.split(" ")
            pairs.append((a, b, int(nums[0])))
        else:
            counts[key] = (int(nums[0]), int(nums[1]))
    return counts, pairs


def _word_corpus_counts(counts: dict[str, tuple[int, int]],
                        pairs: list[tuple[str, str, int]]) -> tuple[dict[str, int], dict[str, int]]:
    """Character and character-pair counts of the word model's corpus: inside each word
    (as often as the word) and across each word pair kept (as often as the pair)."""
    uni: dict[str, int] = {}
    bi: dict[str, int] = {}
    for w, (n, _) in counts.items():
        if w == START:
            continue
        for c in w:
            uni[c] = uni.get(c, 0) + n
        for i in range(len(w) - 1):
            bi[w[i:i + 2]] = bi.get(w[i:i + 2], 0) + n
    for a, b, n in pairs:
        if START not in (a, b):
            bi[a[-1] + b[0]] = bi.get(a[-1] + b[0], 0) + n
    return uni, bi


def _word_model(counts: dict[str, tuple[int, int]], pairs: list[tuple[str, str, int]]) -> WordModel:
    """The word bigram model from its table (see _word_table)."""
    order = sorted(counts)
    ids = {w: i for i, w in enumerate(order)}
    assert len(ids) < 1 << _PAIR_SHIFT
    total = sum(n for w, (n, _) in counts.items() if w != START)
    history = [counts[w] for w in order]  # (count, distinct followers), by id
    logp = [math.log(max(n, 1) / total) for n, _ in history]
    backoff = [math.log(t / (n + t)) if t else 0.0 for n, t in history]
    keyed = sorted((ids[a] << _PAIR_SHIFT | ids[b],
                    math.log((n + history[ids[a]][1] * math.exp(logp[ids[b]])) / sum(history[ids[a]])))
                   for a, b, n in pairs)
    return WordModel(ids, logp, backoff, array("q", (k for k, _ in keyed)), array("f", (p for _, p in keyed)))


@functools.cache
def rare_cjk_class() -> str:
    """A regex character class body matching CJK characters outside the common set."""
    common = load_common()
    ranges, start = [], None
    lo_hi = [(0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)]
    for lo, hi in lo_hi:
        start = None
        for cp in range(lo, hi + 2):
            rare = cp <= hi and chr(cp) not in common
            if rare and start is None:
                start = cp
            elif not rare and start is not None:
                ranges.append((start, cp - 1))
                start = None
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


def load_common() -> frozenset[str]:
    return load().common
