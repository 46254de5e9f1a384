"""Our own main-content extractor: DOM blocks scored by text and punctuation density.

Readability's idea, adapted to Chinese: a paragraph's weight is its prose
punctuation (Chinese '，。！？；：' and their ASCII forms, counted the way
readability counts commas) plus its length; a container collects the weight of
the paragraphs inside it, loses it in proportion to its link density and to the
chrome words in its class/id, and the best container is the body. Siblings of
the winner that carry prose of their own join it (articles split over several
divs). The winner is rendered as text blocks: one line per paragraph, heading,
list item, table row, caption.

Pure functions over an lxml tree; no state between calls.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree
from lxml import html as lxml_html

from cleaner.text import PROSE_PUNCT, cjk_count

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>")
_PARSER = lxml_html.HTMLParser(collect_ids=False, remove_comments=True, remove_pis=True)

# Dropped before scoring: never article text.
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "iframe", "head", "select",
              "textarea", "button", "input", "object", "embed", "map", "title")
# Tags that end a text block (a line in the output).
_BLOCK_TAGS = frozenset("""
    p div td th tr li dt dd h1 h2 h3 h4 h5 h6 br hr pre blockquote table ul ol dl
    section article header footer aside nav figure figcaption caption center form
    fieldset address main tbody thead
""".split())
_CELL_TAGS = frozenset(("td", "th"))
# Elements that may hold the article as a whole.
_CONTAINER_TAGS = frozenset("div td article section main body center blockquote form font span dd".split())
# Elements whose text counts as a paragraph (scored and credited to the ancestors).
_PARAGRAPH_TAGS = frozenset("p pre td li dd blockquote div".split())

# class/id words: chrome containers and article containers (lower-cased substrings).
_CHROME_WORDS = re.compile(
    r"nav|menu|footer|foot|header|banner|sidebar|side|comment|reply|share|related|relate|"
    r"recommend|hot|rank|tag|crumb|copyright|login|ad[s_-]|advert|sponsor|promo|link|"
    r"friend|popular|toolbar|pager|pagination|meta|widget|dialog|popup|cmt|xgyd|tuijian|"
    r"bottom|top[_-]?bar",
    re.I,
)
_ARTICLE_WORDS = re.compile(
    r"article|content|body|text|main|post|entry|story|detail|zhengwen|\bzw\b|endtext|"
    r"artibody|news_?txt|cont|read",
    re.I,
)

# Paragraphs shorter than this (visible characters) score nothing: labels, buttons,
# dates and single links. 25 is readability's own floor, and holds for Chinese,
# where 25 characters is already one full clause.
MIN_PARAGRAPH_CHARS = 25
# One point per this many characters of a paragraph, capped: readability's 100 / 3
# for English; a Chinese character carries about 3 English letters, so 33 per point.
CHARS_PER_POINT = 33
MAX_LENGTH_POINTS = 3
# Class/id weight: readability's +-25 points.
CLASS_WEIGHT = 25
# A sibling of the winner joins the body when its own score is at least this share of
# the winner's (readability uses 0.2), or when it is a paragraph with prose of its own.
SIBLING_SHARE = 0.2
# ...but never below this absolute score (ten paragraphs' worth of commas: a lone
# stray div next to the winner does not join on a weak page).
MIN_SIBLING_SCORE = 10.0
# A sibling paragraph (a <p> beside the winning <div>) joins when its own weight is at
# least this: one sentence with two marks of prose punctuation.
MIN_SIBLING_OWN = 3
# A table beside the body joins it as the article's data (`_data_table`) with at least
# this many rows and characters: a real table, not a one-line layout cell.
DATA_TABLE_ROWS = 3
DATA_TABLE_CHARS = 100
# Single-child wrappers a body may sit in (see extract_density).
_WRAPPER_TAGS = frozenset(("td", "tr", "tbody", "table"))
# Link density above this makes a paragraph navigation (readability's 0.25 for long
# paragraphs; a Chinese article paragraph rarely links more than a name or two).
MAX_PARAGRAPH_LINK_DENSITY = 0.25


@dataclass(frozen=True, slots=True)
class DensityResult:
    text: str
    score: float           # the winner's score (0 when nothing scored)
    link_density: float    # of the winner
    # The best score of a container outside the body (neither inside it nor around it),
    # as a share of the winner's: near 1, a second article or post competes with it.
    rival: float = 0.0


def _class_weight(el: etree._Element) -> int:
    name = f"{el.get('class') or ''} {el.get('id') or ''}"
    if not name.strip():
        return 0
    weight = 0
    if _CHROME_WORDS.search(name):
        weight -= CLASS_WEIGHT
    if _ARTICLE_WORDS.search(name):
        weight += CLASS_WEIGHT
    return weight


def _text_len(s: str) -> int:
    return len(s) - s.count(" ") - s.count("\n") - s.count("\t") - s.count("\u3000") - s.count("\xa0")


def _text_content(el: etree._Element) -> str:
    """`el.text_content()`, without its XPath evaluation for the common childless element."""
    return el.text_content() if len(el) else el.text or ""


def _own_text(el: etree._Element) -> str:
    """Text of `el` outside its block-level children: what this element itself says."""
    if not len(el):
        return el.text or ""
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if isinstance(tag, str) and tag not in _BLOCK_TAGS:
            parts.append(_text_content(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _Lengths:
    """Visible lengths in one tree, each element's computed once: scoring asks for the
    same elements again and again (every paragraph, then its ancestors), and a link
    sits inside many of them. Holding the elements also keeps lxml from rebuilding
    their Python proxies on every visit."""

    def __init__(self) -> None:
        self._text: dict[etree._Element, int] = {}
        self._links: dict[etree._Element, int] = {}

    def text(self, el: etree._Element) -> int:
        """Visible characters of `el.text_content()`."""
        n = self._text.get(el)
        if n is None:
            n = self._text[el] = _text_len(_text_content(el))
        return n

    def links(self, el: etree._Element) -> int:
        """Visible characters inside links (`el` itself included when it is one)."""
        n = self._links.get(el)
        if n is None:
            n = self._links[el] = sum(self.text(a) for a in el.iter("a"))
        return n

    def link_density(self, el: etree._Element) -> float:
        n = self.text(el)
        return self.links(el) / n if n else 1.0


def parse(html: str) -> etree._Element | None:
    """An lxml tree of the whole page (comments dropped); None when it does not parse."""
    html = _XML_DECL.sub("", html, count=1)
    if not html.strip():
        return None
    try:
        return lxml_html.document_fromstring(html, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None


def strip_non_content(root: etree._Element) -> etree._Element:
    """Drop what is never article text (scripts, styles, forms' widgets, the head), in place."""
    etree.strip_elements(root, *_DROP_TAGS, etree.Comment, etree.ProcessingInstruction, with_tail=False)
    return root


def _score(
    root: etree._Element, lengths: _Lengths,
) -> tuple[dict[etree._Element, float], dict[etree._Element, float]]:
    """Container scores (paragraph weight credited to parent and half to grandparent)."""
    scores: dict[etree._Element, float] = {}
    own: dict[etree._Element, float] = {}
    for el in list(root.iter(*_PARAGRAPH_TAGS)):  # a list: the proxies live on (see _Lengths)
        text = _own_text(el)
        if len(text) < MIN_PARAGRAPH_CHARS:
            continue  # too short even with its spaces: no need to count them (most divs, labels)
        n = _text_len(text)
        if n < MIN_PARAGRAPH_CHARS or (n < 2 * MIN_PARAGRAPH_CHARS and not cjk_count(text)):
            continue
        if lengths.links(el) > MAX_PARAGRAPH_LINK_DENSITY * lengths.text(el):
            continue  # a run of links (menu, related list) is no paragraph
        weight = 1 + len(PROSE_PUNCT.findall(text)) + min(n // CHARS_PER_POINT, MAX_LENGTH_POINTS)
        own[el] = weight
        parent = el.getparent()
        grandparent = parent.getparent() if parent is not None else None
        for anc, share in ((el, 1), (parent, 1), (grandparent, 2)):
            if anc is None or anc.tag not in _CONTAINER_TAGS:
                continue
            if anc not in scores:
                scores[anc] = float(_class_weight(anc))
            scores[anc] += weight / share
    return scores, own


def _same_kind(a: etree._Element, b: etree._Element) -> bool:
    """Same tag and a (non-empty) class: repeated items of one template."""
    return isinstance(a.tag, str) and a.tag == b.tag and bool(b.get("class")) and a.get("class") == b.get("class")


# The renderer, as a stylesheet: libxslt walks the tree in C, where a walk in Python has
# lxml build a proxy object for every element (most of the time it took). A newline
# before and after every block, a space after every table cell (the cells of a row read
# as one line), a newline for <br>; all text in document order; comments and processing
# instructions say nothing (XSLT's built-in rules). The "/" rule: given the root element,
# lxml hands over the whole document, and what follows the root (junk after </html>,
# parsed as a second root) is no part of the element.
_BLOCK_MATCH = "|".join(sorted(_BLOCK_TAGS - _CELL_TAGS - {"br"}))
_CELL_MATCH = "|".join(sorted(_CELL_TAGS))
_RENDER = etree.XSLT(etree.XML(f"""\
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="text" encoding="UTF-8"/>
  <xsl:template match="/"><xsl:apply-templates select="*[1]"/></xsl:template>
  <xsl:template match="{_BLOCK_MATCH}"><xsl:text>&#10;</xsl:text><xsl:apply-templates/><xsl:text>&#10;</xsl:text></xsl:template>
  <xsl:template match="{_CELL_MATCH}"><xsl:apply-templates/><xsl:text>&#xFDD0;</xsl:text></xsl:template>
  <xsl:template match="br"><xsl:text>&#10;</xsl:text></xsl:template>
</xsl:stylesheet>"""))
_SPACE_RUN = re.compile(r"[ \t\xa0]+")
_CELL_END = re.compile(r" ?\ufdd0[ \ufdd0]*")  # a table cell's end (U+FDD0, a noncharacter, in the stylesheet): a tab


def _render(el: etree._Element) -> str:
    """The text of `el` (nothing for a comment), a newline at every block boundary."""
    return str(_RENDER(el)) if isinstance(el.tag, str) else ""


def render_text(nodes: list[etree._Element]) -> str:
    """The text of `nodes`, one line per block, spaces collapsed, blank lines dropped."""
    text = "".join(_render(node) + "\n" for node in nodes)
    text = _CELL_END.sub("\t", _SPACE_RUN.sub(" ", text))
    lines = text.split("\n")
    return "\n".join([line.strip(" \t") for line in lines if line.strip(" \t\u3000")])


def extract_density(page: str | etree._Element) -> DensityResult:
    """The best-scoring container of a page as text blocks (empty when nothing is prose).

    `page` is HTML, or a tree from `parse` + `strip_non_content` (read, not changed).
    """
    root = parse(page) if isinstance(page, str) else page
    if root is None:
        return DensityResult("", 0.0, 1.0)
    if isinstance(page, str):
        strip_non_content(root)
    lengths = _Lengths()
    scores, own = _score(root, lengths)
    if not scores:
        return DensityResult("", 0.0, 1.0)
    final = {el: s * (1 - lengths.link_density(el)) for el, s in scores.items()}
    best = max(final, key=final.__getitem__)
    if final[best] <= 0:  # every scored block is all links (or chrome-named): no body here
        return DensityResult("", 0.0, 1.0)
    score = final[best]
    # A body wrapped in a layout table of one cell (table > tr > td, holding nothing
    # else) has its siblings beside the wrapper: the wrapper stands for the body.
    # It climbs from the cell to its own table and no further: the table's parent cell
    # is the page layout's, and its neighbours are sidebars.
    while best.tag != "table" and (up := best.getparent()) is not None and up.tag in _WRAPPER_TAGS \
            and lengths.text(up) == lengths.text(best):
        best = up
    parent = best.getparent()
    nodes = [best]
    if parent is not None:
        posts = [sib for sib in parent if _same_kind(sib, best) and final.get(sib, 0) >= MIN_SIBLING_SCORE]
        if len(posts) > 1:
            # The winner repeats beside copies of itself (same tag and class): posts of a
            # thread. The thread's first post is the page's text; the others are replies.
            return DensityResult(render_text(posts[:1]), final[posts[0]], lengths.link_density(posts[0]),
                                 _rival(final, posts[:1], final[posts[0]]))
        threshold = max(MIN_SIBLING_SCORE, score * SIBLING_SHARE)
        nodes = [sib for sib in parent if isinstance(sib.tag, str) and (
            sib is best
            or final.get(sib, 0) >= threshold
            or (own.get(sib, 0) >= MIN_SIBLING_OWN and lengths.link_density(sib) < MAX_PARAGRAPH_LINK_DENSITY)
            or (_data_table(sib, lengths) and _adjacent(sib, best))
        )]
    return DensityResult(render_text(nodes), score, lengths.link_density(best), _rival(final, nodes, score))


def _data_table(el: etree._Element, lengths: _Lengths) -> bool:
    """A table beside the body that is the article's data (a list of names, a programme,
    exam subjects): rows of two or more short cells, which score nothing as paragraphs,
    few links, and no chrome words in its class/id. (A table of one-cell rows is a list
    of comments or links, not data.)"""
    if el.tag != "table" or _class_weight(el) < 0 or lengths.text(el) < DATA_TABLE_CHARS:
        return False
    rows = el.findall(".//tr")
    if len(rows) < DATA_TABLE_ROWS or lengths.link_density(el) >= MAX_PARAGRAPH_LINK_DENSITY:
        return False
    multi = sum(1 for row in rows if sum(1 for c in row if c.tag in _CELL_TAGS) >= 2)
    return multi * 2 > len(rows)


def _adjacent(a: etree._Element, b: etree._Element) -> bool:
    """True when `a` is the element right before or right after `b`."""
    return a.getnext() is b or b.getnext() is a


def _rival(final: dict[etree._Element, float], body: list[etree._Element], top: float) -> float:
    """The best score of a container neither inside `body` nor around it (an ancestor),
    as a share of the body's score `top`."""
    taken = {el for node in body for el in node.iter()}
    taken.update(body[0].iterancestors())
    rival = max((s for el, s in final.items() if el not in taken), default=0.0)
    return max(rival, 0.0) / top if top > 0 else 0.0
