"""Where the article is: the block of prose lines, and the chrome around it.

The line-block idea of Chinese body extractors (CEPF and kin): article paragraphs
are long and punctuated; navigation, link lists and footers are runs of short,
unpunctuated lines. The body is the densest cluster of prose lines; short lines
outside it are chrome, list runs inside it are link lists. Headings and captions
between paragraphs stay.
"""

from __future__ import annotations

import re

from cleaner.config import Config
from cleaner.doc import Doc, Line
from cleaner.text import BULLET as _BULLET
from cleaner.text import ends_sentence, prose_like, visible_len
from cleaner.types import Reason

# Prose clusters are split by this many non-prose lines in a row: a heading, a
# caption and a blank stay inside; a navigation block does not.
MAX_GAP = 6
# A second cluster survives when it holds this share of the main cluster's prose.
SECOND_CLUSTER_SHARE = 0.3
# A cluster of this much prose is an article-sized text whatever else is on the page.
ARTICLE_CHARS = 200
# Lead-ins pulled into the body above a cluster: a line ending in a colon, or a
# section heading ("一、", "（二）", "第三章").
LEAD_IN_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|第[一二三四五六七八九十\d]+[章节節部条條])")
_LEAD_IN = re.compile(r"[:：]\s*$|" + LEAD_IN_HEADING.pattern)
MAX_LEAD_LINES = 2
_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*[、.．)）]\s*\S")
# A ranking ("1. 标题", "10 标题"): numbered headlines, none ending a sentence, at
# least this many in a row (an article's own short list ends its items with ；/。).
# A ranking's number stands apart (an ordered list's marker, space after it); items
# numbered "1、" or "1.科目" are the article's own enumeration (a table of exam
# subjects, a sermon's points), and stay.
_RANKED = re.compile(r"^\s*\d{1,2}(?:\s*[.．])?[ \u3000]+(?=\S)")
# ...one headline after the number: a row of cells ("1\t考生1号\t艺术学理论\t81", or with
# spaces and a bare number ending it) is a table's, numbered by its 序号 column.
_TABLE_ROW_END = re.compile(r"\s\d+(?:\.\d+)?\s*$")
_COUNT_END = re.compile(r"[(（]\d+[)）]\s*$")


def _ranked(text: str) -> bool:
    return _RANKED.match(text) is not None and "\t" not in text and not _TABLE_ROW_END.search(text)


def _counted(text: str) -> bool:
    """A ranking's entry with its count: "3. 惟楚有才，于斯为盛！(16)"."""
    return _ranked(text) and _COUNT_END.search(text) is not None
MIN_RANKED_RUN = 4
# Sentence-ending short lines kept after a cluster's last paragraph.
MAX_TAIL_LINES = 2
# Bylines after the first paragraph that make a page a sequence of posts.
MIN_POST_BYLINES = 2
# Removed lines that still separate paragraphs (images, bylines and filler sit
# inside articles and do not).
_SEPARATING = {Reason.CHROME, Reason.WIDGET, Reason.SPAM, Reason.DISCLAIMER, Reason.DOCSHARE}
# Removals that do not break a closing table's run: a repeated paragraph, an image.
_NOT_A_BREAK = {Reason.DUPLICATE, Reason.IMAGE, Reason.GARBAGE}
# A closing table (see _closing_table) has at least this many lines.
MIN_TABLE_LINES = 4
# A list run inside the body: at least this many bullet lines in a row.
MIN_LIST_RUN = 3
# An entry of a list of posts or headlines: it ends in the time it was posted, a
# numeric date with a clock time ("…【作者】08-11 16:06 298字 [4321/87]",
# "标题2005-03-28 11:29:36", "标题(2004/10/10 17:06)"), maybe with its size and
# read/reply counts. However long, such a line in a list is no paragraph: a forum's
# reply index would otherwise outweigh the post it follows. A stamped line counts as an
# entry in a run of MIN_LIST_RUN of them, or alone when it has a post's shape (its author
# in brackets, a size, read/reply counts); a paragraph that merely ends in a time stays.
# A ranking's entry with its count ("3. 惟楚有才，于斯为盛！(16)") is no paragraph either,
# in a run of MIN_RANKED_RUN. A run of stamped lines inside the body goes as a list
# (rule dated_list).
STAMP_TAIL_CHARS = 48  # the longest stamp: date, clock, size and counts ("2005-03-28 11:29:36 1770字 [4321/87]")
_STAMPED = re.compile(r"(?<![\d.])(?:\d{4}[-/.]\d{1,2}[-/.]|\d{1,2}[-/])\d{1,2}\s+\d{1,2}:\d{2}(?::\d{2})?"
                      r"\s*[)）\]]?\s*(?P<size>\d+\s*字\s*)?(?P<counts>[\[(（]\s*\d+\s*(?:/\s*\d+\s*)?[\])）]\s*)?$")


def is_prose(text: str, config: Config) -> bool:
    """True (a paragraph vote) for a long punctuated line that is not a list item."""
    return prose_like(text, config.prose_min_chars)


def _stamp(text: str) -> re.Match[str] | None:
    """The post stamp ending `text` (_STAMPED), looked for in its tail only, and only when
    the tail has a clock's colon (most lines have none: no regex)."""
    tail = max(0, len(text) - STAMP_TAIL_CHARS)
    return _STAMPED.search(text, tail) if text.find(":", tail) >= 0 else None


def _stamped(text: str) -> bool:
    return _stamp(text) is not None


def _post_shaped(text: str, m: re.Match[str]) -> bool:
    """A stamped line (`m`, its stamp) that is a post's entry on its own: a size, counts,
    or its author in brackets right before the stamp ("【hylxy】08-13 10:49")."""
    return bool(m.group("size") or m.group("counts") or text[:m.start()].rstrip().endswith(("】", "]")))


def _list_entries(texts: list[str]) -> set[int]:
    """Positions of `texts` that are entries of a list of posts or of a ranking (see above)."""
    out: set[int] = set()
    stamped: list[int] = []
    counted: list[int] = []
    for i, t in enumerate(texts):
        m = _stamp(t)
        if m is not None:
            stamped.append(i)
            if _post_shaped(t, m):
                out.add(i)
        if t[-1:] in ")）" and _counted(t):
            counted.append(i)
    for positions, min_run in ((stamped, MIN_LIST_RUN), (counted, MIN_RANKED_RUN)):
        run: list[int] = []
        for i in [*positions, -2]:
            if run and i != run[-1] + 1:
                if len(run) >= min_run:
                    out.update(run)
                run = []
            run.append(i)
    return out


def _lines_cut_by(doc: Doc, rules: set[str], stage: str | None = None) -> dict[int, str]:
    """Line index -> rule, for the lines earlier stages cut with one of `rules` (one pass
    over the record, so callers ask per line in constant time)."""
    out: dict[int, str] = {}
    for r in doc.removals:
        if r.rule in rules and (stage is None or r.stage == stage):
            out.setdefault(doc.line_at(r.start).index, r.rule)
    return out


# A ranking widget's header: a boundary and a split below, where its entries follow it
# (`_rankings_listed`).
_RANKING_RULES = {"ranking", "ranking_top"}
# Removals that mark where an article starts or ends: prose on the far side of one
# belongs to another text (a sidebar, a legal notice, comments).
_BOUNDARY_RULES = {"title", "byline", "date_line", "editor_credit", "comment_count", "comment_call",
                   "comment_header", "related", "prev_next", "share", "footer"} | _RANKING_RULES


# Boundaries that end an article outright (comment widgets, footers, pagers): prose
# after one is another text even when it follows closely. Related links and share
# bars are left out: sites put them between an article's own paragraphs.
_SPLIT_RULES = {"comment_count", "comment_call", "comment_header", "comment_form", "footer",
                "prev_next"} | _RANKING_RULES


def _rankings_listed(doc: Doc, cut: dict[int, str]) -> dict[int, str]:
    """`cut` without the ranking headers that no ranking follows: "销量排行榜" heading a
    section of an article about sales is no widget. A widget's header is followed by its
    entries: at least MIN_RANKED_RUN - 1 of the next MIN_RANKED_RUN lines are numbered."""
    out = {}
    for index, rule in cut.items():
        if rule in _RANKING_RULES:
            # The next MIN_RANKED_RUN non-blank lines, looked for among three times as many
            # (dumps put a blank line between blocks).
            window = doc.lines[index + 1:index + 1 + 3 * MIN_RANKED_RUN]
            after = [ln.stripped for ln in window if ln.stripped][:MIN_RANKED_RUN]
            if sum(bool(_RANKED.match(t)) for t in after) < MIN_RANKED_RUN - 1:
                continue
        out[index] = rule
    return out


def body_start(doc: Doc) -> Line | None:
    """The first line of the article's first paragraph, as the structure stage will see it."""
    kept, _, body, _ = Structure._body_clusters(doc)
    return kept[body[0][0]] if body else None


class Structure:
    name = "structure"

    def __call__(self, doc: Doc) -> None:
        kept, texts, body, heavy = self._body_clusters(doc)
        # Posts are judged from the first heavy cluster: on a blog page the
        # longest post is not always the first.
        if heavy and self._end_of_first_post(doc, kept[heavy[0][0]]):
            kept, texts, body, _ = self._body_clusters(doc)
        if not body:
            # Not one paragraph on the page: menus, link lists and labels only.
            for ln in kept:
                doc.remove_line(ln, Reason.CHROME, "no_article")
            return
        inside = set()
        for c in body:
            first = c[0]
            # Lead-ins right above a cluster open the text: "同志们：", "一、指导思想".
            while first > 0 and c[0] - first < MAX_LEAD_LINES and _LEAD_IN.search(texts[first - 1]):
                first -= 1
            last = c[-1]
            # The last line of a paragraph can be short ("希望以后多多交流。").
            while last + 1 < len(texts) and last - c[-1] < MAX_TAIL_LINES and ends_sentence(texts[last + 1]):
                last += 1
            inside.update(range(first, last + 1))
        inside.update(self._closing_table(doc, kept, max(inside)))
        inside.update(self._inner_tables(doc, kept, inside))
        for i, ln in enumerate(kept):
            if i not in inside:
                doc.remove_line(ln, Reason.CHROME, "outside_body")
        self._link_lists(doc, kept, texts, inside)

    @staticmethod
    def _body_clusters(doc: Doc) -> tuple[list[Line], list[str], list[list[int]], list[list[int]]]:
        """Kept lines, their texts, the body clusters, and every cluster heavy enough to be body.

        Clusters are runs of prose lines; the heaviest is the body, and another
        heavy one joins it unless an article boundary (a byline, a comment
        widget, a footer) lies between them.
        """
        kept = doc.kept()
        texts = [doc.kept_text(ln).strip() for ln in kept]
        prose = [i for i, t in enumerate(texts) if is_prose(t, doc.config)]
        entries = _list_entries(texts)
        # List entries cast no paragraph vote, unless the page has no other prose.
        prose = [i for i in prose if i not in entries] or prose
        if not prose:
            return kept, texts, [], []
        # Short sentences and list items ("1、检查消防设施；") keep a cluster
        # together without seeding one: only other lines count toward a gap. Lines
        # earlier stages cut as chrome count too, so a menu separates the same
        # whichever stage recognised it (a keyword rule, the site statistics).
        joins = {ln.index for ln, t in zip(kept, texts, strict=True) if ends_sentence(t) or _LIST_ITEM.match(t)}
        separators = [0] * (len(doc.lines) + 1)
        # An article boundary (a comment counter, a byline, a footer) between two
        # paragraphs always splits them: what follows is another text.
        bounds = [0] * (len(doc.lines) + 1)
        boundary_lines = _rankings_listed(doc, _lines_cut_by(doc, _SPLIT_RULES))
        for ln in doc.lines:
            sep = ln.stripped != "" and ln.index not in joins and (
                not doc.removed(ln) or doc.reason_of(ln) in _SEPARATING)
            separators[ln.index + 1] = separators[ln.index] + sep
            bounds[ln.index + 1] = bounds[ln.index] + (ln.index in boundary_lines)
        clusters: list[list[int]] = [[prose[0]]]
        for i in prose[1:]:
            prev = kept[clusters[-1][-1]].index
            split = bounds[kept[i].index] - bounds[prev + 1] > 0
            if not split and separators[kept[i].index] - separators[prev + 1] <= MAX_GAP:
                clusters[-1].append(i)
            else:
                clusters.append([i])
        weight = [sum(visible_len(texts[i]) for i in c) for c in clusters]
        main = weight.index(max(weight))
        # Heavy: a good share of the main cluster, or an article-sized text on its
        # own (a post followed by a longer comment thread is still the article).
        floor = min(SECOND_CLUSTER_SHARE * weight[main], ARTICLE_CHARS)
        heavy = [c for c, w in zip(clusters, weight, strict=True) if w >= floor]
        boundaries = _rankings_listed(doc, _lines_cut_by(doc, _BOUNDARY_RULES))
        body = []
        for c in heavy:
            lo, hi = sorted((kept[c[0]].index, kept[clusters[main][0]].index))
            if c is clusters[main] or not any(lo <= i <= hi for i in boundaries):
                body.append(c)
        return kept, texts, body, heavy

    @staticmethod
    def _end_of_first_post(doc: Doc, body_start: Line) -> bool:
        """On a page of several posts (a blog page, a comment thread), keep the first.

        Bylines that recur after the body's first paragraph mark post boundaries:
        the first of them closes the article; what follows is other posts or
        comments. True when something was cut.
        """
        lines = [ln for ln in doc.lines if ln.index > body_start.index and ln.stripped]
        bylines = _lines_cut_by(doc, {"byline", "date_line"}, stage="byline")
        # Consecutive byline lines are one boundary; a boundary counts once prose
        # has come between it and the previous one (or the body's start).
        # The first boundary must be a labelled byline ("由某某张贴 @ …", "发表于 …"):
        # bare dates between paragraphs are a timeline, not posts.
        boundaries, prose_since = [], False
        for i, ln in enumerate(lines):
            rule = bylines.get(ln.index) if doc.reason_of(ln) == Reason.METADATA else None
            if rule:
                if prose_since:
                    boundaries.append((i, rule))
                prose_since = False
            elif not doc.removed(ln) and is_prose(doc.kept_text(ln), doc.config):
                prose_since = True
        if len(boundaries) < MIN_POST_BYLINES or boundaries[0][1] != "byline":
            return False
        for ln in lines[boundaries[0][0] + 1:]:
            if not doc.removed(ln):
                doc.remove_line(ln, Reason.CHROME, "after_first_post")
        return True

    @staticmethod
    def _inner_tables(doc: Doc, kept: list[Line], inside: set[int]) -> set[int]:
        """Kept lines between two parts of the body: the article's own tables and lists
        (a wiki page's filmography, a programme between its paragraphs), longer than
        MAX_GAP lets a cluster run on through. Kept when nothing between the two parts
        was cut by an earlier stage (a menu, a related-links header, an ad): then the
        lines are the article's; otherwise they stay outside, as before."""
        out: set[int] = set()
        ordered = sorted(inside)
        for a, b in zip(ordered, ordered[1:], strict=False):
            if b - a < 2:
                continue
            between = doc.lines[kept[a].index + 1:kept[b].index]
            if not any(ln.stripped and doc.removed(ln) and doc.reason_of(ln) in _SEPARATING for ln in between):
                out.update(range(a + 1, b))
        return out

    @staticmethod
    def _closing_table(doc: Doc, kept: list[Line], last: int) -> range:
        """Kept lines after the body's last paragraph that close the article as a table or
        a list of short lines (a programme, an admissions table): kept when at least
        MIN_TABLE_LINES of them run to an article end the keyword stages marked (a comment
        widget, a footer, a pager) with nothing else cut between. A menu or a related-links
        header in between breaks the run; a ranking inside it still goes (_link_lists)."""
        ends = _lines_cut_by(doc, _SPLIT_RULES - _RANKING_RULES)  # a ranking is a sidebar's, not the article's end
        for j in range(last + 1, len(kept) + 1):
            between = doc.lines[kept[j - 1].index + 1:kept[j].index if j < len(kept) else len(doc.lines)]
            cut = next((ln for ln in between if ln.stripped and doc.removed(ln)
                        and doc.reason_of(ln) not in _NOT_A_BREAK), None)
            if cut is not None:
                closes = cut.index in ends and j - last - 1 >= MIN_TABLE_LINES
                return range(last + 1, j) if closes else range(0)
        # Nothing cut up to the end of the text: a table's rows (cells split by tabs, as
        # dumps and our HTML rendering write them) close the article.
        rows = range(last + 1, len(kept))
        if len(rows) >= MIN_TABLE_LINES and all("\t" in doc.kept_text(kept[i]).strip() for i in rows):
            return rows
        return range(0)

    def _link_lists(self, doc: Doc, kept: list[Line], texts: list[str], inside: set[int]) -> None:
        """Runs of bullet lines (link lists), of numbered headlines (rankings) and of
        stamped entries (lists of posts) inside the body."""
        entries = _list_entries(texts)
        for shaped, rule, min_run in ((_BULLET.match, "link_list", MIN_LIST_RUN),
                                      (_ranked, "ranked_list", MIN_RANKED_RUN),
                                      (_stamped, "dated_list", MIN_LIST_RUN)):
            run: list[int] = []
            for i in sorted(inside) + [-1]:
                if i >= 0 and shaped(texts[i]) and (i in entries or not is_prose(texts[i], doc.config)) \
                        and not ends_sentence(texts[i]):
                    if run and run[-1] != i - 1:
                        self._flush(doc, kept, run, rule, min_run)
                        run = []
                    run.append(i)
                else:
                    self._flush(doc, kept, run, rule, min_run)
                    run = []

    @staticmethod
    def _flush(doc: Doc, kept: list[Line], run: list[int], rule: str, min_run: int) -> None:
        if len(run) >= min_run:
            for i in run:
                doc.remove_line(kept[i], Reason.WIDGET, rule)
