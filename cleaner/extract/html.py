"""Main-content extraction from HTML: trafilatura and our density extractor, one chosen.

The page is parsed once (lxml); metadata is read from the tree, then two candidates
are extracted from it:

- trafilatura (primary), tuned for recall: headings, lists, tables and captions are
  kept as blocks, nothing is deduplicated or truncated;
- `density`: DOM blocks scored by text and Chinese punctuation density, link density
  and chrome class names (`cleaner.extract.density`).

Our density extractor runs first, being three times cheaper (`Config.html_extractor`
"cascade", the default; "both" runs trafilatura on every page, "density" on none). Its body stands alone,
and trafilatura is not run, when it is sure of it (`density_trusted`): the body is
mostly prose, the page holds little prose outside it, and no other container scores
near it. On other pages (two articles, a thread, a body of lists or tables) both run
and the rule below chooses. On dev-html 54 of 69 pages are settled by density alone,
at the same F1 (the two agree on those pages, or density is the cleaner).

The rule that chooses (`choose`), in order:

1. trafilatura returned less than MIN_EXTRACTED_CHARS: the density body, or, when
   that is empty too, the page's visible text (`fallback`).
2. The density body lies inside trafilatura's (at least CONTAINED_SHARE of its
   character 4-grams are there) and is a real part of it, not all of it (it covers
   at most TRIMMED_SHARE of trafilatura's 4-grams): trafilatura took the article plus
   chrome around it (a layout table, a thread list), and the densest container is
   the article: `density`.
   Unless trafilatura's text holds PROSE_BEFORE_CHARS of paragraphs before the
   density body starts: then the density body is a later, longer post of a blog
   or thread page, and trafilatura's text (whose first post the text stages
   keep) is used. Nor when the density body is mostly tables and lists (under
   TRUSTED_PROSE_SHARE of it in prose lines): trafilatura keeps a table's rows.
3. Otherwise `trafilatura`.

The extractor used is recorded (`metadata.extractor`). Chrome that survives either
extractor is removed by the text stages downstream, with reasons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import unescape

import trafilatura
from lxml import etree

from cleaner.config import DEFAULT, Config
from cleaner.extract.density import DensityResult, extract_density, parse, render_text, strip_non_content
from cleaner.extract.meta import byline_date, html_metadata, page_credits, text_language
from cleaner.mark.dates import find_date
from cleaner.text import prose_like

# Below this many characters trafilatura's output is taken as a miss (an index page,
# a parse failure) and the other candidates are used.
MIN_EXTRACTED_CHARS = 50
# When the density body stands alone (`density_trusted`). Round values, each with a margin
# on dev-html (F1 is the same for 300-1000 characters, 0.5-0.6 prose share): at least
# TRUSTED_MIN_CHARS of body, of which at least TRUSTED_PROSE_SHARE in prose lines; at most
# TRUSTED_OUTSIDE_CHARS of prose elsewhere on the page (a teaser, a comment or two, not a
# second article); no rival container scoring TRUSTED_RIVAL_SHARE of the winner's.
TRUSTED_MIN_CHARS = 200
TRUSTED_PROSE_SHARE = 0.5
TRUSTED_OUTSIDE_CHARS = 500
TRUSTED_RIVAL_SHARE = 0.5
# Rule 2. Both set on dev-html (69 pages) and kept round: the density body is inside
# trafilatura's on 60 of them at >= 0.9; 0.6 admits density bodies that trafilatura
# split differently (table cells, <br> runs) without admitting a different region
# (those share < 0.5).
CONTAINED_SHARE = 0.6
# ...and trafilatura's body is more than the density body: where it covers over 0.85
# the two agree up to a caption or a byline, and trafilatura's fuller block structure
# (headings, lists) is kept.
TRIMMED_SHARE = 0.85
# The density body must hold at least this many characters to replace trafilatura's:
# one short paragraph.
MIN_DENSITY_CHARS = 100
SHINGLE = 4
# A table cell this long holds a paragraph: its row is layout (see split_layout_rows).
LAYOUT_CELL_CHARS = 100
# Rule 2's exception: this much prose in trafilatura's text ahead of the density body
# (two or three paragraphs) means the density body is a later post, not the article.
PROSE_BEFORE_CHARS = 150
PROSE_LINE_CHARS = 20
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Extracted:
    text: str
    extractor: str
    title: str | None
    date: str | None
    author: str | None
    source: str | None
    url: str | None
    canonical_url: str | None = None
    language: str | None = None
    editor: str | None = None


def _shingles(text: str) -> set[str]:
    s = _SPACE.sub("", text)
    return {s[i:i + SHINGLE] for i in range(len(s) - SHINGLE + 1)}


def _share(part: set[str], whole: set[str]) -> float:
    """The share of `part`'s distinct character 4-grams that `whole` also has."""
    return len(part & whole) / len(part) if part else 0.0


def choose(trafilatura_text: str, density_text: str) -> str:
    """The name of the candidate to use: 'trafilatura', 'density' or 'fallback' (the rule above)."""
    t_len = len(trafilatura_text.strip())
    d_len = len(density_text.strip())
    if t_len < MIN_EXTRACTED_CHARS:
        return "density" if d_len >= MIN_EXTRACTED_CHARS else "fallback"
    if d_len < MIN_DENSITY_CHARS:
        return "trafilatura"
    t, d = _shingles(trafilatura_text), _shingles(density_text)
    if _share(d, t) >= CONTAINED_SHARE and _share(t, d) <= TRIMMED_SHARE:
        if _prose_before(trafilatura_text, density_text) >= PROSE_BEFORE_CHARS:
            # trafilatura holds real paragraphs before the densest block: a page of
            # posts where a later one is longest. The text stages keep the first.
            return "trafilatura"
        if _prose_share(density_text) < TRUSTED_PROSE_SHARE:
            # A body of tables and lists (a wiki page's filmography): paragraph scoring
            # is at its weakest there, and trafilatura keeps a table's rows as rows.
            return "trafilatura"
        return "density"
    return "trafilatura"


def density_trusted(density: DensityResult, page_text: str) -> bool:
    """Whether the density body can stand alone, trafilatura unasked (see the module's doc)."""
    body = density.text
    if len(body) < TRUSTED_MIN_CHARS or density.rival >= TRUSTED_RIVAL_SHARE:
        return False
    if _prose_share(body) < TRUSTED_PROSE_SHARE:
        return False
    own = set(body.splitlines())
    outside = 0
    for ln in page_text.splitlines():
        if ln not in own and prose_like(ln, PROSE_LINE_CHARS):
            outside += len(ln)
            if outside > TRUSTED_OUTSIDE_CHARS:
                return False
    return True


def _prose_share(text: str) -> float:
    """The share of `text`'s characters in prose lines (the rest: tables, lists, labels)."""
    prose = sum(len(ln) for ln in text.splitlines() if prose_like(ln, PROSE_LINE_CHARS))
    return prose / len(text) if text else 0.0


def _prose_before(whole: str, part: str) -> int:
    """Characters of prose lines in `whole` before the first line of `part` appears in it."""
    first = next((ln.strip() for ln in part.splitlines() if prose_like(ln, PROSE_LINE_CHARS)), "")
    at = whole.find(first[:SHINGLE * 5]) if first else -1
    if at <= 0:
        return 0
    return sum(len(ln.strip()) for ln in whole[:at].splitlines() if prose_like(ln, PROSE_LINE_CHARS))


def _trafilatura(tree: etree._Element, url: str | None) -> str:
    return trafilatura.extract(
        tree,  # trafilatura works on its own copy
        url=url,
        output_format="txt",
        include_comments=False,
        include_tables=True,
        include_formatting=False,
        include_images=False,
        include_links=False,
        favor_recall=True,
        fast=True,
        deduplicate=False,
        with_metadata=False,
    ) or ""


_TAG = re.compile(r"<(?:script|style)\b.*?</(?:script|style)\s*>|<!--.*?-->|<[^>]{0,2000}>", re.S | re.I)


def strip_tags(html: str) -> str:
    """The page's text by regex: tags become line breaks, entities are decoded."""
    return unescape(_TAG.sub("\n", html))


def split_layout_rows(text: str) -> str:
    """trafilatura writes table rows as "| a | b |". A row with a paragraph in a cell
    is page layout, not data: its cells become lines of their own, so the text
    stages see the byline, the paragraph and the footer apart. Data rows stay."""
    out = []
    for line in text.split("\n"):
        cells = [c.strip() for c in line.strip().strip("|").split(" | ")] if line.lstrip().startswith("|") else None
        if cells and len(cells) > 1 and max(len(c) for c in cells) >= LAYOUT_CELL_CHARS:
            out.extend(c for c in cells if c)
        elif cells and len(cells) == 1:
            out.append(cells[0])
        else:
            out.append(line)
    return "\n".join(out)


def extract_html(html: str, url: str | None = None, config: Config = DEFAULT) -> Extracted:
    tree = parse(html)
    if tree is None:
        return Extracted("", "fallback", None, None, None, None, url)
    meta = html_metadata(tree)
    strip_non_content(tree)
    density = extract_density(tree)
    dens = density.text
    page_text = render_text([tree])  # the visible text: the fallback body, and where bylines are sought
    if config.html_extractor == "density":
        # trafilatura never asked: as the choice rule does when trafilatura finds nothing.
        traf, extractor = "", choose("", dens)
    elif config.html_extractor == "cascade" and density_trusted(density, page_text):
        traf, extractor = "", "density"
    else:
        traf = split_layout_rows(_trafilatura(tree, url))
        extractor = choose(traf, dens)
    text = {"trafilatura": traf, "density": dens}.get(extractor, page_text)
    if not text.strip():
        # The parser gave up on the page (libxml2 stops past 255 levels of nesting):
        # its text with the tags stripped, for the text stages to clean.
        text, extractor = strip_tags(html), "tags_stripped"
    credits = page_credits(page_text, text, config)
    return Extracted(
        text=text,
        extractor=extractor,
        title=meta.title,
        # The credits' date only where the body shows none: else the text stages choose
        # among the body's own dates, as they do for a text dump.
        date=meta.date or byline_date(page_text, text) or (None if find_date(text) else credits.date),
        author=credits.author or meta.author,
        editor=credits.editor,
        source=meta.source or credits.source,
        url=url or meta.canonical_url,
        canonical_url=meta.canonical_url,
        language=meta.language or text_language(text),
    )
