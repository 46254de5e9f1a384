"""Repeated paragraphs: a page that carries its article twice (desktop and mobile
layouts, a print version) keeps the first copy; later copies are duplicates.

Runs after the filler stage, so what repeats here is on-topic. Only whole
paragraphs count: a sentence repeated inside other paragraphs (a slogan) stays.
"""

from __future__ import annotations

from cleaner.doc import Doc
from cleaner.text import normalize_key, prose_like
from cleaner.types import Reason


class Repeats:
    name = "repeats"

    def __call__(self, doc: Doc) -> None:
        seen: set[str] = set()
        for line in doc.kept():
            text = doc.kept_text(line)
            if not prose_like(text, doc.config.prose_min_chars):
                continue
            key = normalize_key(text)
            if key in seen:
                doc.remove_line(line, Reason.DUPLICATE, "repeated_paragraph")
            seen.add(key)
