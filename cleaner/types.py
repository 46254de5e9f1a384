"""Core records: what a stage produces and what a page's result carries.

Coordinates: an `Edit.span` is in the text the repair stage saw (the decoded input
with all earlier stages' edits applied); a `Removal.span` is in the fully repaired
text. `cleaner.render.replay` rebuilds the output from the input and these records.
"""

from __future__ import annotations

import enum
from dataclasses import asdict, dataclass, field
from typing import Any


class Reason(enum.StrEnum):
    """Why a span left the body. A closed list: reports and counts key on it."""

    METADATA = "metadata"      # title, date, source, author, editor lines (values go to metadata)
    CHROME = "chrome"          # navigation, breadcrumbs, login/welcome, footers, tag lists, service lines
    WIDGET = "widget"          # share, comment, related/hot/ranking link lists, "more" headers
    DOCSHARE = "docshare"      # document-sharing wrappers: file headers, thumbnails, upload lines
    DISCLAIMER = "disclaimer"  # download notices, preview limits, copyright/revenue notices
    SPAM = "spam"              # SEO keyword spam (porn, gambling, invoices...)
    FILLER = "filler"          # a passage injected again and again, off the page's topic
    DUPLICATE = "duplicate"    # a second copy of the title or of a line already kept
    GARBAGE = "garbage"        # lone question marks, separators, stray markup
    IMAGE = "image"            # image lines (their URLs go to metadata.images)


@dataclass(frozen=True, slots=True)
class Edit:
    """A rewrite made by a repair stage: `text[start:end]` (== before) became `after`."""

    start: int
    end: int
    before: str
    after: str
    stage: str
    rule: str


@dataclass(frozen=True, slots=True)
class Removal:
    """A span of the repaired text cut from the body, with the stage, reason and rule."""

    start: int
    end: int
    stage: str
    reason: Reason
    rule: str
    text: str = ""


@dataclass(slots=True)
class Metadata:
    title: str | None = None
    date: str | None = None       # ISO 8601 when it could be parsed, else as found
    author: str | None = None
    source: str | None = None
    editor: str | None = None
    url: str | None = None
    encoding: str | None = None
    encoding_confidence: float | None = None
    kind: str | None = None       # "text" or "html"
    extractor: str | None = None  # which extractor produced the body (html only)
    encoding_errors: int = 0      # broken byte sequences dropped while decoding
    canonical_url: str | None = None  # <link rel=canonical> or og:url (html only)
    language: str | None = None   # declared by the page, else "zh" for mostly-Chinese text
    images: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Result:
    """What `cleaner.clean` returns for one page."""

    text: str
    title: str | None
    metadata: Metadata
    edits: list[Edit]
    removals: list[Removal]
    flags: list[str]
    # The text the stages started from (decoded input, or text extracted from HTML):
    # replay(source, edits, removals) == text. Not serialised: it can be large.
    source: str = field(default="", repr=False)
    # Where a flag applies, in `text` coordinates: {"mojibake_left": [(start, end), ...]}.
    flag_spans: dict[str, list[tuple[int, int]]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready form; keys are stable (documents.jsonl uses it)."""
        return {
            "text": self.text,
            "title": self.title,
            "metadata": self.metadata.to_dict(),
            "removals": [
                {"span": [r.start, r.end], "stage": r.stage, "reason": str(r.reason), "rule": r.rule, "text": r.text}
                for r in self.removals
            ],
            "edits": [
                {"span": [e.start, e.end], "before": e.before, "after": e.after, "stage": e.stage, "rule": e.rule}
                for e in self.edits
            ],
            "flags": list(self.flags),
            **({"flag_spans": {k: [list(s) for s in v] for k, v in self.flag_spans.items()}} if self.flag_spans else {}),
        }


class InputError(ValueError):
    """The input cannot be cleaned (binary, undecodable...). `reason` is a short code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
