"""Metadata from an HTML page: title, publish date, author, source, canonical URL, language.

Read from the parsed tree before anything is stripped. Each field takes the first
source that has it, in the order listed at its function; bylines inside the body are
left to the text stages (they record them as metadata removals).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from cleaner.config import Config
from cleaner.doc import Doc
from cleaner.mark.byline import Bylines
from cleaner.mark.dates import find_date
from cleaner.mark.pubdate import publication_date
from cleaner.text import cjk_count
from cleaner.types import Metadata

# <title> segments are split on these; "正文标题_频道_站点" and "标题 - 站点" are the usual forms.
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|-{1}(?=\s)|\s-|—|–|·|::)\s*")
# A heading this short is a logo or a section name, not the article's title.
MIN_TITLE_CHARS = 4
# Language from the text when the page does not say: CJK characters are at least
# this share of the letters (the dev pages run 0.8-1.0; English pages with a Chinese
# name or two stay under 0.05).
CJK_LANGUAGE_SHARE = 0.3
# ...counted over the body's first characters: a page's language shows in its first
# paragraphs, and counting letters one by one over a long body costs a millisecond.
LANGUAGE_SAMPLE_CHARS = 3000

# A byline ("2005年8月22日 来源：新华网 作者：张三") is short; longer blocks with a date
# are paragraphs or lists. 120 characters holds the longest byline bars of dev-dump.
BYLINE_MAX_CHARS = 120
# The body is recognised by the first this-many characters of its first line.
BODY_PROBE_CHARS = 12
# How far above the body a byline is looked for: headline, byline bar, summary and
# a few toolbar lines; further up are navigation lists whose dates are other pages'.
BYLINE_LOOKBACK_LINES = 15
# How far below the body the credits are looked for: the editor line, a signature,
# a source line; further down are comments and related links.
CREDIT_LOOKAHEAD_LINES = 6


# Author meta tags hold URLs, keyword lists and markup as often as names.
_NOT_NAME = re.compile(r"[/,，=\"<>@.]|www|http|网|报|社|集团|公司|出版")
# Chinese names run 2-4 characters, a few co-authors or a Latin name up to ~30.
MAX_NAME_CHARS = 30

_DATE_META = ("article:published_time", "og:published_time", "article:published", "publishdate", "pubdate",
              "publish_date", "publishtime", "date", "dc.date", "dc.date.issued", "dcterms.created",
              "sailthru.date", "weibo:article:create_at")
_AUTHOR_META = ("author", "article:author", "dc.creator", "byl")
_SOURCE_META = ("og:site_name", "source", "mediaid", "application-name")


@dataclass(frozen=True, slots=True)
class HtmlMeta:
    title: str | None = None
    date: str | None = None
    author: str | None = None
    source: str | None = None
    canonical_url: str | None = None
    language: str | None = None


def _clean(s: str | None) -> str | None:
    s = re.sub(r"\s+", " ", s or "").strip()
    return s or None


def _metas(root: etree._Element) -> dict[str, str]:
    """meta name/property/http-equiv (lower case) -> content; the first one wins."""
    found: dict[str, str] = {}
    for m in root.iter("meta"):
        key = (m.get("property") or m.get("name") or m.get("itemprop") or m.get("http-equiv") or "").strip().lower()
        value = _clean(m.get("content"))
        if key and value and key not in found:
            found[key] = value
    return found


def _name_like(value: str | None) -> bool:
    """True for a person's name; False for the URLs, keyword lists and site names CMSs put there."""
    return bool(value) and len(value) <= MAX_NAME_CHARS and not _NOT_NAME.search(value)


def page_title(root: etree._Element, metas: dict[str, str]) -> str | None:
    """og:title, else an <h1> that the <title> contains, else <title> minus its site-name suffix."""
    if metas.get("og:title"):
        return metas["og:title"]
    head_title = _clean(next((t.text_content() for t in root.iter("title")), None))
    for h1 in root.iter("h1"):
        text = _clean(h1.text_content())
        if text and len(text) >= MIN_TITLE_CHARS and (not head_title or text in head_title):
            return text
    if not head_title:
        return None
    parts = [p for p in _TITLE_SEPARATORS.split(head_title) if p]
    if len(parts) > 1 and len(parts[0]) >= MIN_TITLE_CHARS:
        return parts[0]
    return head_title


def page_date(root: etree._Element, metas: dict[str, str]) -> str | None:
    """Publish-date meta tags, else the first <time datetime=...>; ISO 8601 when parseable."""
    for key in _DATE_META:
        found = find_date(metas.get(key, ""))
        if found:
            return found[0]
    for t in root.iter("time"):
        found = find_date(t.get("datetime") or t.get("pubdate") or "")
        if found:
            return found[0]
    return None


def _byline_lines(page_text: str, body: str) -> list[str]:
    """Byline-sized lines above the body's start, nearest first."""
    first_line = next((ln.strip() for ln in body.splitlines() if len(ln.strip()) >= BODY_PROBE_CHARS), "")
    start = page_text.find(first_line[:BODY_PROBE_CHARS]) if first_line else -1
    if start <= 0:
        return []
    lines = page_text[:start].splitlines()[-BYLINE_LOOKBACK_LINES:]
    return [ln for ln in reversed(lines) if 0 < len(ln.strip()) <= BYLINE_MAX_CHARS]


def byline_date(page_text: str, body: str) -> str | None:
    """The date of the byline nearest above the body in the page's visible text.

    A byline ("2005年8月22日 来源：新华网 作者：张三") is a short line (at most
    BYLINE_MAX_CHARS) holding a full date, between the headline and the body; dates
    below the body's start belong to comments, related links and footers.
    """
    for line in _byline_lines(page_text, body):
        found = find_date(line)
        if found:
            return found[0]
    return None


def page_credits(page_text: str, body: str, config: Config) -> Metadata:
    """Author, editor and source credited around the body in the page's visible text,
    read by the byline stage itself (labels, reporters, posters, bracketed names,
    signatures): the lines above the body (BYLINE_LOOKBACK_LINES), its first and last
    lines, and the CREDIT_LOOKAHEAD_LINES below it, where news pages put the editor.
    An extractor keeps the article and often drops exactly these lines."""
    lines = page_text.split("\n")
    probes = [ln.strip() for ln in body.splitlines() if len(ln.strip()) >= BODY_PROBE_CHARS]
    if not probes:
        return Metadata()
    # The extractor may join or split lines differently: the first of its lines that
    # the page text has marks the start, the last one found below it the end.
    first = next((i for p in probes if (i := _line_holding(lines, p[:BODY_PROBE_CHARS], 0)) is not None), None)
    if first is None:
        return Metadata()
    last = next((i for p in reversed(probes) if (i := _line_holding(lines, p[-BODY_PROBE_CHARS:], first)) is not None),
                first)
    region = lines[max(0, first - BYLINE_LOOKBACK_LINES):first + 1]
    body_line = len(region) - 1
    region += lines[max(last, first + 1):last + 1 + CREDIT_LOOKAHEAD_LINES]
    doc = Doc("\n".join(region), config, Metadata())
    Bylines()(doc)
    doc.meta.date = publication_date(doc.dates, body_line)  # as the publication-date stage picks
    return doc.meta


def _line_holding(lines: list[str], probe: str, start: int) -> int | None:
    return next((i for i in range(start, len(lines)) if probe in lines[i]), None)


def page_language(root: etree._Element, metas: dict[str, str]) -> str | None:
    """html@lang, else the content-language meta (as declared, lower case)."""
    declared = root.get("lang") or root.get("xml:lang") or metas.get("content-language") or metas.get("language")
    return (declared or "").strip().split(",")[0].lower() or None


def text_language(text: str) -> str | None:
    """'zh' when the text is mostly Chinese, else None (other languages are not guessed)."""
    text = text[:LANGUAGE_SAMPLE_CHARS]
    letters = sum(map(str.isalpha, text))
    if letters and cjk_count(text) >= CJK_LANGUAGE_SHARE * letters:
        return "zh"
    return None


def html_metadata(root: etree._Element) -> HtmlMeta:
    """Metadata of a parsed page (call before the head is stripped)."""
    metas = _metas(root)
    canonical = next((_clean(link.get("href")) for link in root.iter("link")
                      if (link.get("rel") or "").lower() == "canonical" and link.get("href")), None)
    return HtmlMeta(
        title=page_title(root, metas),
        date=page_date(root, metas),
        author=next((metas[k] for k in _AUTHOR_META if _name_like(metas.get(k))), None),
        source=next((metas[k] for k in _SOURCE_META if metas.get(k)), None),
        canonical_url=canonical or metas.get("og:url"),
        language=page_language(root, metas),
    )
