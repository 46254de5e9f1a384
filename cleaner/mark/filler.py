"""Injected filler: a passage pasted into the page again and again, off its topic.

Candidates are clauses (sentence pieces) of at least `filler_min_chars` that recur
`filler_min_copies` times, counting copies glued to a neighbouring sentence with no
punctuation between (a clause that starts or ends with the candidate). A candidate
is filler when its vocabulary is foreign to the rest of the page: few of its
character bigrams occur outside its own copies. A repeated on-topic sentence (a
slogan, the thesis restated, a quoted title) shares most of its bigrams and stays.
Every copy is removed.
"""

from __future__ import annotations

import re
from collections import defaultdict

from cleaner.doc import Doc
from cleaner.text import CJK, normalize_key, prose_like
from cleaner.types import Reason

_ENDS = "。！？!?；;…"
_CLAUSE = re.compile(rf"[^{_ENDS}\n]+[{_ENDS}]*")
_INNER_PUNCT = re.compile(r"[，,、：:“”\"]")
# A candidate needs inner punctuation or this length: a bare repeated phrase of
# 16-29 characters is a heading or a name, not an injected passage.
MIN_BARE_CHARS = 30
# The rest of the page's prose must hold this many times the candidate's bigrams
# before the candidate can be judged off-topic (else the candidate is the article).
MIN_CONTEXT_FACTOR = 3
# Prefix/suffix index length: any candidate is at least this long.
_KEY = 8


_NOT_WORD = re.compile(rf"[^{CJK}0-9a-zA-Z]+")


def _bigrams(s: str) -> set[str]:
    k = _NOT_WORD.sub("", s)
    return {k[i:i + 2] for i in range(len(k) - 1)}


class Filler:
    name = "filler"

    def __call__(self, doc: Doc) -> None:
        cfg = doc.config
        lines = doc.kept()
        texts = {ln.index: doc.kept_text(ln) for ln in lines}
        # Clauses without their closing mark: a copy glued to the next sentence
        # has lost it ("…流连忘返今年以来…").
        clauses = [c.strip().rstrip(_ENDS).strip() for t in texts.values() for c in _CLAUSE.findall(t)]
        clauses = [c for c in clauses if c]
        by_head, by_tail = defaultdict(list), defaultdict(list)
        for c in clauses:
            by_head[c[:_KEY]].append(c)
            by_tail[c[-_KEY:]].append(c)

        def copies(c: str) -> int:
            heads = sum(1 for d in by_head[c[:_KEY]] if d.startswith(c))
            tails = sum(1 for d in by_tail[c[-_KEY:]] if d.endswith(c) and not d.startswith(c))
            return heads + tails

        # A line repeated whole that is no sentence (a headline, a menu) is the
        # title's or the structure stage's business, not filler.
        bare_lines = {t.strip().rstrip(_ENDS).strip() for t in texts.values() if not prose_like(t, cfg.prose_min_chars)}
        # With batch statistics, a passage found on several pages of the batch is a
        # candidate even where it appears once.
        stats = doc.stats

        def recurs(c: str) -> bool:
            if copies(c) >= cfg.filler_min_copies:
                return True
            # ...unless it is a whole line that recurs on this very site: that is
            # the site's boilerplate, the site stage's business.
            return (stats is not None and stats.passage_pages(c) >= stats.min_pages
                    and stats.line_pages(doc.site, c) < stats.min_pages)

        candidates = []
        # Most clauses are too short or occur once: those tests come before the regexes.
        for c in sorted(set(clauses), key=len, reverse=True):
            if len(c) < cfg.filler_min_chars or c in bare_lines or not recurs(c):
                continue
            if len(normalize_key(c)) < cfg.filler_min_chars:
                continue
            if not _INNER_PUNCT.search(c) and len(c) < MIN_BARE_CHARS:
                continue
            if not any(c in d for d in candidates):
                candidates.append(c)
        if not candidates:
            return
        # The page's topic is read from its prose outside every candidate copy;
        # menus and link lists say nothing about it.
        rest_lines = []
        for t in texts.values():
            for c in candidates:
                t = t.replace(c, "\n")
            rest_lines.extend(p for p in t.split("\n") if prose_like(p, cfg.prose_min_chars))
        context = _bigrams("\n".join(rest_lines))
        for c in candidates:
            # A phrase written into a sentence, text on both sides ("全市学校要<c>，
            # 办好…"), belongs to the prose however often it recurs (a slogan).
            if len(c) < MIN_BARE_CHARS and any(c in d and not d.startswith(c) and not d.endswith(c) for d in clauses):
                continue
            mine = _bigrams(c)
            # With little else on the page there is no topic to be foreign to.
            if len(context) < MIN_CONTEXT_FACTOR * len(mine):
                continue
            if not mine or len(mine & context) > cfg.filler_max_topic_overlap * len(mine):
                continue
            for ln in lines:
                pos = ln.text.find(c)
                while pos >= 0:
                    end = pos + len(c)
                    while end < len(ln.text) and ln.text[end] in _ENDS:
                        end += 1  # the copy's own closing mark goes with it
                    doc.remove(ln.start + pos, ln.start + end, Reason.FILLER, "recurring_off_topic")
                    pos = ln.text.find(c, end)
