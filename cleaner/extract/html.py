"""Main-content extraction from HTML: trafilatura first, a plain-text fallback after.

trafilatura is tuned here for recall (headings, lists and tables kept as blocks):
the text stages downstream remove the chrome that survives, with reasons. When it
returns nothing useful, the page's visible text (scripts, styles and obvious chrome
containers dropped) goes through the same stages instead.
"""

from __future__ import annotations

from dataclasses import dataclass

import trafilatura
from bs4 import BeautifulSoup

# Below this many characters trafilatura's output is taken as a miss (an index page,
# a parse failure) and the fallback runs.
MIN_EXTRACTED_CHARS = 50
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head")


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    extractor: str
    title: str | None
    date: str | None
    author: str | None
    source: str | None
    url: str | None


def _fallback_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(_DROP_TAGS):
        tag.decompose()
    return soup.get_text("\n")


def extract_html(html: str, url: str | None = None) -> Extracted:
    meta = trafilatura.extract_metadata(html, default_url=url)
    text = trafilatura.extract(
        html,
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        include_images=False,
        favor_recall=True,
        deduplicate=False,
        with_metadata=False,
    )
    extractor = "trafilatura"
    if not text or len(text.strip()) < MIN_EXTRACTED_CHARS:
        text, extractor = _fallback_text(html), "fallback"
    return Extracted(
        text=text,
        extractor=extractor,
        title=getattr(meta, "title", None) if meta else None,
        date=getattr(meta, "date", None) if meta else None,
        author=getattr(meta, "author", None) if meta else None,
        source=getattr(meta, "sitename", None) if meta else None,
        url=(getattr(meta, "url", None) if meta else None) or url,
    )
