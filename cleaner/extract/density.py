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
# Link density above this makes a paragraph navigation (readability's 0.25 for long
# paragraphs; a Chinese article paragraph rarely links more than a name or two).
MAX_PARAGRAPH_LINK_DENSITY = 0.25


@dataclass(frozen=True, slots=True)
class DensityResult:
    text: str
    score: float           # the winner's score (0 when nothing scored)
    link_density: float    # of the winner


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


def _own_text(el: etree._Element) -> str:
    """Text of `el` outside its block-level children: what this element itself says."""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag not in _BLOCK_TAGS:
            parts.append(child.text_content())
        parts.append(child.tail or "")
    return "".join(parts)


def _link_chars(el: etree._Element) -> int:
    return sum(_text_len(a.text_content()) for a in el.iter("a"))


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


def _score(root: etree._Element) -> tuple[dict[etree._Element, float], dict[etree._Element, float]]:
    """Container scores (paragraph weight credited to parent and half to grandparent)."""
    scores: dict[etree._Element, float] = {}
    own: dict[etree._Element, float] = {}
    for el in root.iter(*_PARAGRAPH_TAGS):
        text = _own_text(el)
        n = _text_len(text)
        if n < MIN_PARAGRAPH_CHARS or (not cjk_count(text) and n < 2 * MIN_PARAGRAPH_CHARS):
            continue
        if _link_chars(el) > MAX_PARAGRAPH_LINK_DENSITY * _text_len(el.text_content()):
            continue  # a run of links (menu, related list) is no paragraph
        weight = 1 + len(PROSE_PUNCT.findall(text)) + min(n // CHARS_PER_POINT, MAX_LENGTH_POINTS)
        own[el] = weight
        for depth, anc in enumerate((el, el.getparent(), el.getparent().getparent() if el.getparent() is not None else None)):
            if anc is None or not isinstance(anc.tag, str) or anc.tag not in _CONTAINER_TAGS:
                continue
            if anc not in scores:
                scores[anc] = float(_class_weight(anc))
            scores[anc] += weight / (1, 1, 2)[depth]
    return scores, own


def _link_density(el: etree._Element) -> float:
    n = _text_len(el.text_content())
    return _link_chars(el) / n if n else 1.0


def _same_kind(a: etree._Element, b: etree._Element) -> bool:
    """Same tag and a (non-empty) class: repeated items of one template."""
    return isinstance(a.tag, str) and a.tag == b.tag and bool(b.get("class")) and a.get("class") == b.get("class")


def _render(el: etree._Element, out: list[str]) -> None:
    """Append the text of `el` to `out`: a newline at every block boundary, table cells
    of one row on one line (separated by a space, as a row reads)."""
    if not isinstance(el.tag, str):
        return
    cell = el.tag in _CELL_TAGS
    block = el.tag in _BLOCK_TAGS and not cell
    if block:
        out.append("\n")
    if el.tag == "br":
        return
    out.append(el.text or "")
    for child in el:
        _render(child, out)
        out.append(child.tail or "")
    out.append("\n" if block else " " if cell else "")


def render_text(nodes: list[etree._Element]) -> str:
    out: list[str] = []
    for node in nodes:
        _render(node, out)
        out.append("\n")
    lines = (re.sub(r"[ \t\xa0]+", " ", line).strip(" ") for line in "".join(out).split("\n"))
    return "\n".join(line for line in lines if line.strip(" \u3000"))


def extract_density(page: str | etree._Element) -> DensityResult:
    """The best-scoring container of a page as text blocks (empty when nothing is prose).

    `page` is HTML, or a tree from `parse` + `strip_non_content` (read, not changed).
    """
    root = parse(page) if isinstance(page, str) else page
    if root is None:
        return DensityResult("", 0.0, 1.0)
    if isinstance(page, str):
        strip_non_content(root)
    scores, own = _score(root)
    if not scores:
        return DensityResult("", 0.0, 1.0)
    final = {el: s * (1 - _link_density(el)) for el, s in scores.items()}
    best = max(final, key=final.__getitem__)
    if final[best] <= 0:  # every scored block is all links (or chrome-named): no body here
        return DensityResult("", 0.0, 1.0)
    parent = best.getparent()
    nodes = [best]
    if parent is not None:
        posts = [sib for sib in parent if _same_kind(sib, best) and final.get(sib, 0) >= MIN_SIBLING_SCORE]
        if len(posts) > 1:
            # The winner repeats beside copies of itself (same tag and class): posts of a
            # thread. The thread's first post is the page's text; the others are replies.
            return DensityResult(render_text(posts[:1]), final[posts[0]], _link_density(posts[0]))
        threshold = max(MIN_SIBLING_SCORE, final[best] * SIBLING_SHARE)
        nodes = [sib for sib in parent if isinstance(sib.tag, str) and (
            sib is best
            or final.get(sib, 0) >= threshold
            or (own.get(sib, 0) >= MIN_SIBLING_OWN and _link_density(sib) < MAX_PARAGRAPH_LINK_DENSITY)
        )]
    return DensityResult(render_text(nodes), final[best], _link_density(best))
