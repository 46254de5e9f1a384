"""SEO spam lines, judged by a lexicon and by shape.

A keyword-stuffed line is a run of short comma-separated phrases with no sentence
in it. Spam vocabulary alone is not enough ("国产大飞机" is news), so a line goes when
it hits several distinct spam terms, or has the keyword-list shape and hits any.
"""

from __future__ import annotations

import re

from cleaner import patterns
from cleaner.doc import Doc
from cleaner.text import SENTENCE_END, visible_len
from cleaner.types import Reason

_SEPARATORS = re.compile(r"[,，、|｜/ ]+")
# Distinct spam terms that condemn a line on their own, whatever its shape, when
# they also cover a good part of it (prose mentioning two such words is not spam).
MIN_TERMS_ANY_SHAPE = 4
MIN_TERM_COVERAGE = 0.25


class Spam:
    name = "spam"

    def __init__(self) -> None:
        self.rules = patterns.load("spam")

    def _terms(self, text: str) -> tuple[set[str], int]:
        terms, covered = set(), 0
        if self.rules.first_match(text) is None:  # one combined search for the usual line (spam.txt sets no @max_chars)
            return terms, covered
        for rule in self.rules:
            for m in rule.pattern.finditer(text):
                terms.add(m.group(0).lower())
                covered += len(m.group(0))
        return terms, covered

    def __call__(self, doc: Doc) -> None:
        cfg = doc.config
        for line in doc.kept():
            text = doc.visible(line)
            terms, covered = self._terms(text)
            if not terms:
                continue
            phrases = [p for p in _SEPARATORS.split(text) if p]
            list_shaped = (
                len(phrases) >= cfg.spam_min_phrases
                and max(len(p) for p in phrases) <= cfg.spam_max_phrase_chars
                and not any(c in SENTENCE_END for c in text)
            )
            dense = len(terms) >= MIN_TERMS_ANY_SHAPE and covered >= MIN_TERM_COVERAGE * visible_len(text)
            if list_shaped and len(terms) >= 2:
                doc.remove_line(line, Reason.SPAM, "keyword_list")
            elif dense:
                doc.remove_line(line, Reason.SPAM, "lexicon")
