"""Site chrome learned from the batch: a line that recurs on several pages of the
same site is navigation, footer or boilerplate, whatever its wording.

Needs the statistics of a first pass (`cleaner clean` makes one by default, or
`--stats DIR`); a page cleaned alone skips this stage. A page whose article
itself recurs (a mirror, a reprint on the same site) keeps its paragraphs: the
stage never takes away most of a page's prose.
"""

from __future__ import annotations

from cleaner.doc import Doc
from cleaner.text import prose_like, visible_len
from cleaner.types import Reason

# At most this share of a page's prose may go as site chrome; past it the
# recurring text is the article (a duplicate page), not boilerplate.
MAX_PROSE_SHARE = 0.5


class SiteChrome:
    name = "site"

    def __call__(self, doc: Doc) -> None:
        stats = doc.stats
        if stats is None or stats.site_pages(doc.site) < stats.min_pages:
            return
        kept = doc.kept()
        hits = [ln for ln in kept if stats.line_pages(doc.site, ln.stripped) >= stats.min_pages]
        prose_total = sum(visible_len(ln.stripped) for ln in kept if prose_like(ln.stripped, doc.config.prose_min_chars))
        prose_hit = sum(visible_len(ln.stripped) for ln in hits if prose_like(ln.stripped, doc.config.prose_min_chars))
        keep_prose = prose_total and prose_hit > MAX_PROSE_SHARE * prose_total
        for ln in hits:
            if keep_prose and prose_like(ln.stripped, doc.config.prose_min_chars):
                continue
            doc.remove_line(ln, Reason.CHROME, "recurs_on_site")
