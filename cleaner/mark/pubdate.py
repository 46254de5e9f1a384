"""The last word on metadata: among the dates the byline stage saw, pick the
page's publication date.

Pages show many dates: archive links in a sidebar, comment times, related-news
dates. The publication date is the best-attested one (a labelled byline, then a
date line standing alone, then a date inside other text) nearest the body's first
line. A date the HTML head declared is kept as is.
"""

from __future__ import annotations

from cleaner.doc import Doc


class PublicationDate:
    name = "date"

    def __call__(self, doc: Doc) -> None:
        if doc.meta.date is not None or not doc.dates:
            return
        kept = doc.kept()
        start = kept[0].index if kept else 0

        best = max(seen.tier for seen in doc.dates)
        doc.meta.date = min((s for s in doc.dates if s.tier == best),
                            key=lambda s: (abs(s.line - start), s.line)).iso
