"""The last word on metadata: among the dates the byline stage saw, pick the
page's publication date.

Pages show many dates: archive links in a sidebar, comment times, related-news
dates. The publication date is the best-attested one (a labelled byline, then a
date line standing alone, then a date inside other text) nearest the body's first
line. A date the HTML head declared is kept as is.
"""

from __future__ import annotations

from cleaner.doc import DateSeen, Doc


def publication_date(dates: list[DateSeen], start: int) -> str | None:
    """The best-attested date, nearest line `start` (the body's first line); None without dates."""
    if not dates:
        return None
    best = max(seen.tier for seen in dates)
    return min((s for s in dates if s.tier == best), key=lambda s: (abs(s.line - start), s.line)).iso


class PublicationDate:
    name = "date"

    def __call__(self, doc: Doc) -> None:
        if doc.meta.date is not None or not doc.dates:
            return
        kept = doc.kept()
        doc.meta.date = publication_date(doc.dates, kept[0].index if kept else 0)
