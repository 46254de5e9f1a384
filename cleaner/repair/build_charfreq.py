"""Build cleaner/repair/data/charfreq.tsv.gz: character and bigram frequencies for the mojibake model.

Source: jieba's word-frequency dictionary (jieba/dict.txt, 349,046 words with counts
from a large mixed corpus, MIT licence). Each word counts its frequency for every
character it holds and every adjacent character pair inside it. Each word is also
converted to traditional script with OpenCC (s2t, s2tw and s2hk) and counted again, so the
model scores simplified and traditional text alike.

    .venv/bin/pip install jieba==0.42.1 opencc==1.4.2
    .venv/bin/python -m cleaner.repair.build_charfreq

The output is deterministic (sorted, fixed gzip mtime). Bigrams seen less than
MIN_BIGRAM times are dropped to keep the file small (< 2 MB).
"""

from __future__ import annotations

import gzip
import importlib.resources
import re
from collections import Counter
from pathlib import Path

import opencc

OUT = Path(__file__).resolve().parent / "data" / "charfreq.tsv.gz"
MIN_BIGRAM = 5
_CJK_RUN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def main() -> None:
    dict_txt = importlib.resources.files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    converters = [opencc.OpenCC(c) for c in ("s2t", "s2tw", "s2hk")]
    uni: Counter[str] = Counter()
    bi: Counter[str] = Counter()
    for line in dict_txt.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        word, freq = parts[0], int(parts[1])
        forms = {word, *(c.convert(word) for c in converters)}
        for form in forms:
            for run in _CJK_RUN.findall(form):
                uni.update(dict.fromkeys(run, 0))
                for ch in run:
                    uni[ch] += freq
                for i in range(len(run) - 1):
                    bi[run[i:i + 2]] += freq
    lines = ["# char/bigram<TAB>count, from jieba dict.txt (+ OpenCC s2t, s2tw, s2hk); built by cleaner/repair/build_charfreq.py"]
    lines += [f"{c}\t{n}" for c, n in sorted(uni.items()) if n > 0]
    lines += [f"{b}\t{n}" for b, n in sorted(bi.items()) if n >= MIN_BIGRAM]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as f:
        f.write(data)
    print(f"{OUT}: {sum(1 for c in uni if uni[c])} characters, "
          f"{sum(1 for n in bi.values() if n >= MIN_BIGRAM)} bigrams, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
