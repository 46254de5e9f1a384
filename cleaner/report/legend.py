"""Plain words for the report: one sentence per reason, a note per rule, a colour per reason.

Pattern rules (cleaner/patterns/*.txt) are described by the comment above them in
their file, so the note cannot drift from the rule; rules written in code are
described here, next to the reason legend.
"""

from __future__ import annotations

from importlib import resources

from cleaner.types import Reason

# What a newcomer reads in the legend: why text with this reason left the body.
REASON_NOTES: dict[str, str] = {
    Reason.METADATA: "Title, date, source, author or editor lines: not body text; their values were kept "
                     "as the page's metadata.",
    Reason.CHROME: "Site furniture: navigation, breadcrumbs, login and welcome bars, footers, tag lists, "
                   "menu items outside the article.",
    Reason.WIDGET: "Page widgets: share buttons, comment boxes, 'related', 'hot' and ranking link lists, "
                   "'more' headers.",
    Reason.DOCSHARE: "Wrappers added by document-sharing sites: file headers, page thumbnails, upload and "
                     "download lines.",
    Reason.DISCLAIMER: "Download notices, preview limits, copyright and revenue notices added by the hosting "
                       "site.",
    Reason.SPAM: "SEO spam: stuffed keyword lists (gambling, porn, invoices...) that have nothing to do with "
                 "the page.",
    Reason.FILLER: "A passage injected into the page again and again, off the page's topic (every copy goes).",
    Reason.DUPLICATE: "A second copy of the title or of a paragraph already kept.",
    Reason.GARBAGE: "Nothing to read: lone question marks, separators, stray bullets or markup.",
    Reason.IMAGE: "Image lines: the picture's address was kept in the metadata (images), not in the text.",
}

# Background colours (light, readable under dark text) and ANSI colours per reason.
REASON_COLOURS: dict[str, str] = {
    Reason.METADATA: "#cfe2ff",
    Reason.CHROME: "#ffd8a8",
    Reason.WIDGET: "#ffec99",
    Reason.DOCSHARE: "#d0bfff",
    Reason.DISCLAIMER: "#fcc2d7",
    Reason.SPAM: "#ff8787",
    Reason.FILLER: "#b2f2bb",
    Reason.DUPLICATE: "#99e9f2",
    Reason.GARBAGE: "#dee2e6",
    Reason.IMAGE: "#e9d8a6",
}
ANSI_COLOURS: dict[str, str] = {
    Reason.METADATA: "34", Reason.CHROME: "33", Reason.WIDGET: "93", Reason.DOCSHARE: "35",
    Reason.DISCLAIMER: "95", Reason.SPAM: "91", Reason.FILLER: "32", Reason.DUPLICATE: "36",
    Reason.GARBAGE: "90", Reason.IMAGE: "94",
}

FLAG_NOTES: dict[str, str] = {
    "empty": "the page had no text at all",
    "no_body": "nothing on the page was article text: everything was cut",
    "mojibake_left": "damaged characters (a bad decode) remain in the body",
}

# Rules written in code (not in a pattern file), keyed "stage/rule".
_CODE_RULES: dict[str, str] = {
    "byline/byline": "a labelled byline (来源/作者/记者/发布时间...); its values went to the metadata",
    "byline/date_line": "a line that is only a date; it became metadata.date",
    "byline/editor_credit": "an editor credit line (责任编辑...); it became metadata.editor",
    "byline/editor_tail": "an editor credit at the end of a paragraph; it became metadata.editor",
    "byline/abstract": "an abstract line that repeats the article's lead",
    "title/title": "the page title, found above the first paragraph; it became the title",
    "title/title_copy": "another copy of the title",
    "structure/no_article": "the page has no article at all: every line is navigation or lists",
    "structure/outside_body": "a short line outside the block of article paragraphs (menus, footers)",
    "structure/after_first_post": "a reply or comment after the first post of a forum thread",
    "structure/link_list": "a run of short link-like lines inside the article (a list of other articles)",
    "spam/keyword_list": "a keyword-stuffed line (short comma-separated phrases) with spam vocabulary",
    "spam/lexicon": "a line hitting several distinct spam terms",
    "filler/recurring_off_topic": "a passage repeated on the page whose words are foreign to the rest of it",
    "images/markdown_image": "an image reference; its URL went to metadata.images",
    "repeats/repeated_paragraph": "a later copy of a whole paragraph already kept",
    "disclaimer/notice_item": "a numbered item under a notice header (温馨提示...)",
    "garbage/lone_question_mark": "a line of only question marks (a lost indent on an empty paragraph)",
    "garbage/no_letters": "a line with no letters or characters to read (separators, bullets)",
    # repair stages: edits, not removals
    "chunks/chunk_number": "the number that opened a document-preview chunk",
    "chunks/chunk_join": "a page break of a document preview that cut a word, joined again",
    "indent/lost_indent": "'??' left where a full-width indent was lost in a bad decode",
    "indent/lost_paragraph_break": "a lost indent inside a line: the paragraph break it stood for",
    "pinyin/pinyin_gloss": "a pinyin gloss printed after the characters it reads",
}

_PATTERN_GROUPS = ("chrome", "disclaimer", "docshare", "spam")


def rule_notes() -> dict[str, str]:
    """'stage/rule' -> a short note. Pattern rules take the comment above them in their file."""
    notes = dict(_CODE_RULES)
    for group in _PATTERN_GROUPS:
        try:
            text = resources.files("cleaner.patterns").joinpath(f"{group}.txt").read_text(encoding="utf-8")
        except OSError:
            continue
        comment, in_comment = "", False
        for line in text.splitlines():
            s = line.strip()
            if not s:
                in_comment = False
                continue
            if s.startswith("#"):
                if not in_comment:  # a comment block's first line says what the rules below catch
                    comment = s.lstrip("# ").strip()
                in_comment = True
                continue
            in_comment = False
            name = s.split(" ", 1)[0]
            if name.startswith("@"):
                continue
            notes.setdefault(f"{group}/{name}", comment)
    return notes


def rule_note(notes: dict[str, str], stage: str, rule: str) -> str:
    """The note for a rule, '' when none is known."""
    return notes.get(f"{stage}/{rule}", "")
