"""Metadata lines: bylines (来源/作者/记者/编辑/发布时间 ...), date lines, editor lines,
and abstract lines that repeat the lead. Values go to Doc.meta; the lines leave the body.

A line is a byline when, after its labelled fields, dates and counters are taken
out, almost nothing is left: prose that happens to contain "来源" keeps its words.
"""

from __future__ import annotations

import re

from cleaner.doc import DateSeen, Doc, Line
from cleaner.mark.dates import count_dates, date_spans, find_date
from cleaner.patterns.guard import guarded
from cleaner.render import merge_spans
from cleaner.text import SPACES, ends_sentence, normalize_key, prose_like, visible_len
from cleaner.types import Reason

_LABELS = {
    "source": r"信息来源|信息來源|信息来自|信息來自|新闻来源|新聞來源|文章来源|文章來源|来源|來源|出处|出處|稿源|转载自|轉載自|转自|轉自|"
              r"连载|連載|出版社|出版者",  # a serialised book: "连载：某书 出版社：某出版社"
    "author": r"作\s*者|执笔人?|執筆人?|记\s*者|記\s*者|撰稿人?|撰文|通讯员|通訊員|供稿|特约记者|特約記者|本报记者|本報記者|发布者|發布者|发布人|發布人|发帖人|楼主|樓主|(?<![\u4e00-\u9fff])文(?=\s*[/／:：])",
    "editor": r"责任编辑|責任編輯|责编|責編|编辑|編輯|值班主任|值班编委|值班編委|审核|審核|审校|審校|校对|校對|编审|編審|监制|監製|签发|簽發|终审|終審|初审|初審|复审|復審|主编|主編|美编|美編|值班",
    "date": r"发布时间|發布時間|發佈時間|发表时间|發表時間|发布日期|發布日期|發佈日期|更新时间|更新時間|上传时间|上傳時間|发表于|發表於|发布于|發布於|时\s*间|時\s*間|日\s*期|发布|發布",
    "counter": r"阅读量|閱讀量|阅读次数|閱讀次數|浏览量|瀏覽量|浏览次数|瀏覽次數|点击量|點擊量|点击数|點擊數|点击|點擊|浏览|瀏覽|阅读|閱讀|人气|人氣|访问量|訪問量|字数|字數|评论|評論",
}
_LABEL = guarded(
    "(" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")(?:\s*[:：/／]|(?<=间|間|期)\s+(?=\d))\s*"
)
# A label with nothing after it: its value sits on the next line.
_LABEL_ONLY = re.compile("^(?:" + "|".join(f"(?P<{k}>{v})" for k, v in _LABELS.items()) + r")\s*[:：]\s*$")
_MARKUP = re.compile(r"[=<>\"]")
# Bracketed editor credit with no colon: "[编辑 张三 责编 李四]".
_EDITOR_BRACKET = re.compile(r"^[\[【(（]\s*(?:责任编辑|責任編輯|编辑|編輯|责编|責編)[\s:：]+([^\]】)）]{1,40})[\]】)）]\s*(?:返回.{0,10}|查看更多)?$")
# "（摘自《某某学刊》2000年第3期）": where a reprint comes from.
# ...and the digest that reprinted it may follow: "(摘自《某学刊》2000年第2期，原文约15，000字)《新华文摘》2000年第09期".
_EXCERPT_SOURCE = re.compile(r"^[（(]\s*(?:摘自|选自|選自|转自|轉自|转载自|轉載自|来源于|來源於)\s*(.{1,60}?)\s*[)）]?"
                             r"\s*(?:《[^》]{1,20}》[^，。！？]{0,12})?$")
_BOOK_TITLE = re.compile(r"《([^》]{1,30})》")
# Editor credit closing a paragraph: "...。（责任编辑：张三）".
_EDITOR_TAIL = re.compile(r"[\[【(（]\s*(?:责任编辑|責任編輯|编辑|編輯|责编|責編|编审|編審)\s*[:：]?\s*[^\]】)）]{1,20}[\]】)）]\s*$")
_COUNTER_VALUE = re.compile(r"^\s*\d[\d,]*\s*(?:次|人|字)?")
_COUNTER_INLINE = guarded(
    r"(?:阅读|閱讀|浏览|瀏覽|点击|點擊)\s*[:：]?\s*\d[\d,]*\s*次?|\d[\d,]*\s*次?(?:阅读|閱讀|浏览|瀏覽)"
    r"|[(（]\s*\d[\d,]*\s*[)）]"  # "(359)": a bare counter in brackets
    r"|共\s*\d+\s*(?:篇|条|條|件)(?:评论|評論)"  # "共 11 篇评论"
    r"|(?:发表评论|發表評論|我来说两句|我來說兩句|查看评论|查看評論)\s*[>»]*"  # comment links ending a byline
)
# Reporter credit: "记者 张三", "本报记者张三 李四", "記者陳某／台中報導", "（记者 张三）".
# The name must end at a boundary, so "记者近日从…" is not a name.
_NAME = r"[\u4e00-\u9fff·]{2,4}"
# Words that follow "记者" in menus ("记者调查", "记者手记") are no names.
# ("小记者…" is a children's reporter programme, never a credit.)
_NOT_NAMES = r"(?!调查|調查|训练|訓練|观察|觀察|手记|手記|专栏|專欄|博客|信箱|热线|熱線|在线|在線|招聘|风采|風采|站|节|節|证|證)"
# The outlet may lead ("河南商报记者", "新华网黑龙江频道 记者", with its app's brand:
# "新华日报·交汇点记者"), a photo credit may close.
_OUTLET = r"(?:[\u4e00-\u9fff·]{2,16}(?:报|報|网|網|社|台|频道|頻道|客户端|客戶端)(?:·[\u4e00-\u9fff]{2,6})?\s*)?"
_REPORTER = re.compile(
    rf"{_OUTLET}(?:本报|本報|特约|特約|实习|實習)?(?<!小)(?:记者|記者)\s*{_NOT_NAMES}({_NAME}(?:\s+{_NAME}){{0,4}})"
    r"(?=\s*(?:[/／]|[)）]|报道|報導|報道|摄|攝|发自|發自|\s|$))"
    r"(?:\s*[/／]\s*(?:\S{0,6}?(?:报道|報導|報道|电|電)|文|摄|攝))?(?:报道|報導|報道)?(?:\s*\S{0,4}供图|\s*\S{0,4}供圖)?"
)
# A signature closing the last paragraph: "……。（张三 李四）", "（姚峰 上海报道）".
# It follows the paragraph's last sentence (or stands alone), never a headline word
# in brackets ("（组图）", "(转载)").
_SIGNATURE = re.compile(
    rf"(?:^|[。！？!?”」])\s*[（(]\s*({_NAME}(?:\s+{_NAME}){{0,4}})\s*(?:\S{{2,6}}(?:报道|報導))?\s*[)）]\s*$"
)
# Inside a paragraph only the unmistakable forms count: a bracketed credit
# ("（记者 张三）"), a credit closed by 报道/摄/发自, a "本贴由某某于…发表" line.
_REPORTER_IN_PROSE = guarded(
    rf"[（(]\s*(?:本报|本報|特约|特約)?(?:记者|記者)\s*({_NAME}(?:\s+{_NAME}){{0,4}})\s*[)）]"
    rf"|(?:记者|記者)\s*{_NOT_NAMES}({_NAME}(?:\s+{_NAME}){{0,4}})\s*(?:报道|報導|摄|攝|发自|發自)"
)
_POSTED_IN_PROSE = re.compile(r"由\s*(\S{1,12}?)\s*(?:于|於)\s*\d{4}\s*年.{0,60}?(?:发表|發表)")
_PLACE_REPORT = re.compile(r"(?:报道|報導|報道)$")


def _names(match: re.Match[str]) -> str:
    """The credited names of a reporter or signature match, the place of "上海报道" dropped."""
    names = next(g for g in match.groups() if g).split()
    if len(names) > 1 and _PLACE_REPORT.search(match.group(0).rstrip(")） ")):
        names = names[:-1]
    names = [n for n in names if not _PLACE_REPORT.search(n)] or names
    return " ".join(names)


# A bracketed name opening a byline: "[ 黄宇 ] 来源：…".
_LEADING_NAME = re.compile(rf"^[\[【(（]\s*({_NAME}(?:\s+{_NAME}){{0,3}})\s*[\]】)）]")
# ...or anywhere right before the source or author label (an extractor may join the
# byline to the date line above it: "BUSINESS.SOHU.COM 2004年7月16日 [ 黄宇 ] 来源：…").
_NAME_BEFORE_LABEL = re.compile(
    rf"(?<!\S)[\[【(（]\s*({_NAME}(?:\s+{_NAME}){{0,3}})\s*[\]】)）]\s*(?=(?:{_LABELS['source']}|{_LABELS['author']})\s*[:：])")
# Poster credit: "由某某张贴 @ …", "某某 发表于 …", "posted by X".
_POSTED_BY = guarded(
    r"由\s*(\S{1,20}?)\s*(?:于|於)?\s*(?:张贴|張貼|发表|發表|发布|發佈|發布|上传|上傳)"
    r"|(?:[Pp]osted by|[Bb]y)\s+(\S{1,30})"
    r"|^(\S{2,20})\s+(?:发表于|發表於|发表在|發表在)"
    r"|由\s*(\S{1,12}?)\s*(?:于|於)\s*\d{4}\s*年.{0,60}?(?:发表|發表)"
)
_ABSTRACT = re.compile(r"^[\[【]?\s*(?:摘\s*要|内容摘要|內容摘要|内容提要|內容提要|导读|導讀|提要|核心提示)\s*[\]】]?\s*[:：]\s*")
# A field value is a name or a date, never a clause.
MAX_VALUE_CHARS = 30
_SENTENCE_MARK = re.compile(r"[，。；！？]")
# Words of buttons and links, never in a name.
_UI_WORDS = re.compile(r"点击|點擊|收藏|打印|关闭|關閉|分享|登录|登錄")
# A counter's label left before its bracketed number ("阅读(1660)").
_COUNTER_WORD = guarded(r"\s*(?:阅读|閱讀|浏览|瀏覽|点击|點擊|评论|評論)\s*$")
# Most a byline can keep outside its fields (a stray word, a site name): a share
# of the line, or a few characters ("2003-7-24 钱江晚报").
MAX_RESIDUE = 0.3
MAX_RESIDUE_CHARS = 6
# A line this short with one date in it is date evidence even when it is no byline.
DATE_LINE_MAX_CHARS = 80
# Tokens that say nothing in a byline: URLs and domains, bracketed asides ("（京港台时间）").
_NOT_WORDS = guarded(r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+){1,}\b|[（(][^()（）]{1,10}[)）]|[\[【][^\]】]{1,10}[\]】]", re.ASCII)
BYLINE_MAX_CHARS = 120
# What every byline form needs one of (a label word, a digit for a date, a reporter,
# a poster, an excerpt or editor credit): most lines have none, and are passed over
# with one search instead of a dozen.
_BYLINE_HINT = guarded("|".join([
    r"\d", *_LABELS.values(), r"记者|記者", _POSTED_BY.pattern, r"摘自|选自|選自|来源于|來源於"]))
# An abstract repeats the lead when this share of its 4-grams recurs in the body.
ABSTRACT_OVERLAP = 0.5


_VALUE_END = re.compile(r"\s{2,}|\t|\u3000|[|｜]|\s+(?=[^\s:：\d][^\s:：]{0,7}[:：])")


def _fields(text: str) -> tuple[dict[str, str], list[tuple[int, int]]]:
    """Labelled fields of a line: {kind: value} and the spans they cover."""
    found: dict[str, str] = {}
    spans: list[tuple[int, int]] = []
    matches = list(_LABEL.finditer(text))
    for i, m in enumerate(matches):
        kind = m.lastgroup if m.lastgroup in _LABELS else next(k for k in _LABELS if m.group(k))
        end = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        # The value ends at a wide gap, a bar, or a label of another field ("流泉 访问统计：").
        value = _VALUE_END.split(text[m.end():end].strip(SPACES))[0].strip(SPACES)
        counter = _COUNTER_INLINE.search(value)
        if counter:  # "zboygirl 阅读(1660) 评论(5)": the counters are not the name
            value = _COUNTER_WORD.sub("", value[:counter.start()]).strip(SPACES)
        if value[:1] in "[【" and value[-1:] in "]】":  # "来源：[ 国际金融报 ]"
            value = value[1:-1].strip(SPACES)
        if kind == "counter":
            cm = _COUNTER_VALUE.match(text[m.end():end])
            if not cm:
                continue
            spans.append((m.start(), m.end() + cm.end()))
            continue
        if kind == "date":
            got = find_date(value)
            if not got:
                continue
            value = got[0]
        if not value or len(value) > MAX_VALUE_CHARS or _SENTENCE_MARK.search(value) or _MARKUP.search(value):
            continue  # a clause, or markup a scraper left in ('作者： size="20"')
        found.setdefault(kind, value)
        spans.append((m.start(), m.end() + text[m.end():].find(value) + len(value)))
    return found, spans


def parse_byline(text: str) -> dict[str, str]:
    """The labelled fields of a byline line ({"author": ..., "source": ..., "date": ...});
    also used on the HTML page's own bylines, which the extractors leave out."""
    fields, _ = _fields(text)
    m = _REPORTER.search(text)
    if m and "author" not in fields:
        fields["author"] = _names(m)
    return fields


def _residue(text: str, spans: list[tuple[int, int]]) -> int:
    out, pos = [], 0
    for s, e in merge_spans(spans):
        out.append(text[pos:s])
        pos = max(pos, e)
    out.append(text[pos:])
    return len(normalize_key("".join(out)))


def _shingles(s: str, n: int = 4) -> set[str]:
    k = normalize_key(s)
    return {k[i:i + n] for i in range(len(k) - n + 1)}


class Bylines:
    name = "byline"

    def _store(self, doc: Doc, fields: dict[str, str]) -> None:
        for kind in ("source", "author", "editor"):
            if kind != "source" and _UI_WORDS.search(fields.get(kind, "")):
                continue  # "[点击此处收藏本文] 发表于…": a button's label, not a name
            if kind in fields and getattr(doc.meta, kind) is None:
                setattr(doc.meta, kind, fields[kind])

    def _credit_in_prose(self, doc: Doc, text: str, after_prose: bool) -> None:
        """Credits inside a paragraph ("据新华社电（记者 张三）", "……。（张三）") only fill
        metadata: the paragraph stays whole."""
        if doc.meta.author is not None:
            return
        m = _REPORTER_IN_PROSE.search(text)
        if not m:
            m = _SIGNATURE.search(text)
            # A signature closes a paragraph (or stands alone right below a sentence); after a
            # headline in a link list ("人体摄影背后是什么？(新闻)") the brackets
            # hold a section name.
            before = text[:m.start(1)].rstrip("（( ") if m else ""
            m = m if m and (prose_like(before, doc.config.prose_min_chars) if before else after_prose) else None
        if m:
            doc.meta.author = _names(m)
            return
        m = _POSTED_IN_PROSE.search(text) if len(text) <= DATE_LINE_MAX_CHARS else None
        if m:
            doc.meta.author = m.group(1)

    def _byline(self, doc: Doc, line: Line) -> bool:
        text = doc.visible(line)
        if visible_len(text) > BYLINE_MAX_CHARS or text.endswith("。") or not _BYLINE_HINT.search(text):
            return False
        m = _EDITOR_BRACKET.match(text)
        if m:
            self._store(doc, {"editor": m.group(1).strip(SPACES)})
            doc.remove_line(line, Reason.METADATA, "editor_credit")
            return True
        m = _EXCERPT_SOURCE.match(text)
        if m:
            title = _BOOK_TITLE.search(m.group(1))
            self._store(doc, {"source": title.group(1) if title else m.group(1).strip("《》 ")})
            doc.remove_line(line, Reason.METADATA, "excerpt_source")
            return True
        fields, spans = _fields(text)
        spans += date_spans(text) + [m.span() for m in _COUNTER_INLINE.finditer(text)]
        lead = _LEADING_NAME.match(text) or _NAME_BEFORE_LABEL.search(text)
        if lead and fields:  # "[ 黄宇 ] 来源：[ 国际金融报 ]": the bracketed name leads a byline
            fields.setdefault("author", lead.group(1))
            spans.append(lead.span())
        posted = _POSTED_BY.search(text)
        if posted:
            fields.setdefault("author", next(g for g in posted.groups() if g))
            spans.append(posted.span())
        for m in _REPORTER.finditer(text):
            fields.setdefault("author", _names(m))
            spans.append(m.span())
        has_date = bool(find_date(text))
        if not fields and not has_date:
            return False
        # "byline" when a label speaks (来源：, 发表于, 阅读：12); a bare date is a "date_line".
        labelled = bool(fields) or bool(_COUNTER_INLINE.search(text))
        # A line with two bare dates is a range ("12/01/2004 - 01/01/2005"): an archive link.
        dated = "date" in fields or (has_date and count_dates(text) == 1)
        spans += [m.span() for m in _NOT_WORDS.finditer(text)]
        residue = _residue(text, spans)
        if residue > max(MAX_RESIDUE_CHARS, MAX_RESIDUE * len(normalize_key(text))):
            if dated and len(text) <= DATE_LINE_MAX_CHARS:
                # Too much else on the line to cut it, but its date still counts.
                doc.dates.append(DateSeen(line.index, fields.get("date") or find_date(text)[0], DateSeen.INCIDENTAL))
            return False
        if dated:
            tier = DateSeen.LABELLED if labelled else DateSeen.BARE
            doc.dates.append(DateSeen(line.index, fields.get("date") or find_date(text)[0], tier))
        self._store(doc, fields)
        doc.remove_line(line, Reason.METADATA, "byline" if labelled else "date_line")
        return True

    def _split_label(self, doc: Doc, line: Line, nxt: Line | None) -> bool:
        """A label alone on its line ("作者：") takes a short value from the next line;
        with no usable value it is an empty credit and goes alone."""
        m = _LABEL_ONLY.match(doc.visible(line))
        if not m or m.lastgroup == "counter":
            return False
        value = doc.visible(nxt) if nxt is not None else ""
        unusable = _SENTENCE_MARK.search(value) or _MARKUP.search(value) or _LABEL_ONLY.match(value)
        if len(value) > MAX_VALUE_CHARS or not normalize_key(value) or unusable:
            doc.remove_line(line, Reason.METADATA, "empty_label")
            return True
        if m.lastgroup == "date":
            got = find_date(value)
            if not got:
                return False
            doc.dates.append(DateSeen(nxt.index, got[0], DateSeen.LABELLED))
        else:
            self._store(doc, {m.lastgroup: value})
        doc.remove_line(line, Reason.METADATA, "byline")
        doc.remove_line(nxt, Reason.METADATA, "byline")
        return True

    def __call__(self, doc: Doc) -> None:
        kept = doc.kept()
        for i, line in enumerate(kept):
            if doc.removed(line):
                continue  # taken as the value of the label line before it
            if self._byline(doc, line) or self._split_label(doc, line, kept[i + 1] if i + 1 < len(kept) else None):
                continue
            text = doc.visible(line)
            self._credit_in_prose(doc, text, i > 0 and ends_sentence(doc.visible(kept[i - 1])))
            m = _ABSTRACT.match(text)
            if m:
                rest = "".join(doc.visible(ln) for ln in kept[i + 1:i + 30])
                mine = _shingles(text[m.end():])
                if mine and len(mine & _shingles(rest)) >= ABSTRACT_OVERLAP * len(mine):
                    doc.remove_line(line, Reason.METADATA, "abstract")
                continue
            m = _EDITOR_TAIL.search(text)
            if m and m.start() > 0:
                start = line.start + line.text.find(text) + m.start()
                self._store(doc, {"editor": re.sub(r"^\W*(?:责任编辑|責任編輯|编辑|編輯|责编|責編|编审|編審)\W*", "", m.group(0)).rstrip(")）]】 ")})
                doc.remove(start, start + len(m.group(0).rstrip(SPACES)), Reason.METADATA, "editor_tail")
