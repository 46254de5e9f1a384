"""The title: chosen among the short lines above the first paragraph, then every copy
of it leaves the body (the first as metadata, the rest as duplicates).

Votes for a candidate: it recurs on the page (the <title> echo, a repeated
headline), it closes the breadcrumb, a byline follows it, it sits right above the
first paragraph. A candidate is short, not a sentence, and not a list item.
"""

from __future__ import annotations

import re

from cleaner.doc import Doc, Line
from cleaner.mark.structure import LEAD_IN_HEADING, body_start
from cleaner.patterns.guard import guarded
from cleaner.text import BULLET as _BULLET
from cleaner.text import SENTENCE_END, cjk_count, normalize_key, prose_like
from cleaner.types import Reason

# "<title> - site", "<title>_site_section", "<title> | site": the page <title> echo.
_SITE_SUFFIX = guarded(r"\s*(?:[_|｜]|\s[-–—]\s).*$")
MIN_TITLE_KEY = 4
# How far above the first paragraph a title may sit, in kept lines.
MAX_LINES_ABOVE = 12


def _key(s: str) -> str:
    return normalize_key(s)


class Title:
    name = "title"

    def _candidates(self, doc: Doc, lines: list[Line]) -> list[Line]:
        out = []
        for ln in lines:
            text = doc.kept_text(ln).strip()
            key = _key(text)
            if len(key) < MIN_TITLE_KEY or len(text) > doc.config.title_max_chars:
                continue
            # A dash opens a subtitle ("——当代中国的精神危机"), not the headline.
            if _BULLET.match(text) or text[-1] in SENTENCE_END + "，,：:" or key.isdigit() or text[0] in "—－-":
                continue
            if LEAD_IN_HEADING.match(text) or prose_like(text, doc.config.prose_min_chars):
                # "一、主要做法" heads a section; a punctuated sentence is a paragraph
                continue
            if cjk_count(text) < 2 and len(key) < 8:
                continue
            out.append(ln)
        return out

    def __call__(self, doc: Doc) -> None:
        if doc.meta.title:  # known from the HTML head: only its copies in the body go
            self._remove_copies(doc, _key(doc.meta.title))
            return
        kept = doc.kept()
        # Above the body's first paragraph (not merely the first punctuated line:
        # a menu can hold one).
        start = body_start(doc)
        first_prose = kept.index(start) if start is not None else len(kept)
        # Nothing above the first paragraph: the page has no title line (a cleaned
        # body re-cleaned must not lose its first paragraph to a title).
        window = kept[max(0, first_prose - MAX_LINES_ABOVE):first_prose]
        candidates = self._candidates(doc, window)
        if not candidates:
            return
        all_keys = [_key(doc.kept_text(ln)) for ln in kept]
        removed_text = " ".join(r.text for r in doc.removals if r.rule.startswith("breadcrumb"))
        crumbs = [_key(p) for p in re.split(r">>?|»|›|→", removed_text)]
        meta_lines = {ln.index for ln in doc.lines if doc.reason_of(ln) == Reason.METADATA}

        def score(ln: Line) -> float:
            key = _key(doc.kept_text(ln))
            s = 0.0
            s += min(2, sum(1 for k in all_keys if key in k) - 1) * 1.5  # echoed: repeated, or inside a longer line
            s += 3 if key in crumbs else 0
            s += 2 if any(i in meta_lines for i in range(ln.index + 1, ln.index + 4)) else 0
            s += 1 if any(i in meta_lines for i in range(ln.index - 3, ln.index)) else 0
            dist = first_prose - kept.index(ln)
            s += 1.5 / dist if dist > 0 else 0
            s += 0.5 if 8 <= len(key) <= 40 else 0
            return s

        best = max(candidates, key=lambda ln: (score(ln), -ln.index))
        text = doc.kept_text(best).strip()
        title = text
        stem = _SITE_SUFFIX.sub("", text)
        if stem != text and _key(stem) in all_keys:
            title = stem
        doc.meta.title = title
        self._remove_copies(doc, _key(title))

    def _remove_copies(self, doc: Doc, key: str) -> None:
        first = True
        for ln in doc.kept():
            text = doc.kept_text(ln).strip()
            k = _key(text)
            if k == key or (k.startswith(key) and _SITE_SUFFIX.sub("", text) != text and _key(_SITE_SUFFIX.sub("", text)) == key):
                start = ln.start + ln.text.find(text) if text in ln.text else ln.start
                if text in ln.text:
                    doc.remove(start, start + len(text), Reason.METADATA if first else Reason.DUPLICATE,
                               "title" if first else "title_copy")
                else:
                    doc.remove_line(ln, Reason.METADATA if first else Reason.DUPLICATE, "title" if first else "title_copy")
                first = False
