"""Core records: what a stage produces and what a page's result carries.

Coordinates: an `Edit.span` is in the text the repair stage saw (the decoded input
with all earlier stages' edits applied); a `Removal.span` is in the fully repaired
text. `cleaner.render.replay` rebuilds the output from the input and these records.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field, fields
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
    # The person the page credits: its author or reporter; on a page that names only
    # its responsible editor (责任编辑), that editor, as Chinese news metadata (and
    # the evaluation gold) credits them. `editor` always holds the editor.
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

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Metadata:
        """The inverse of `to_dict`; unknown keys (from a newer cleaner) are ignored."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: (list(v) if k == "images" else v) for k, v in data.items() if k in known})


@dataclass(slots=True)
class Result:
    """What `cleaner.clean` returns for one page.

    Its stable JSON form is `to_dict()` / `to_json()` (the documents.jsonl record
    without `id`); `from_dict` / `from_json` read it back:

    >>> import cleaner
    >>> r = cleaner.clean("欢迎访问本站\\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。")
    >>> r.to_json()[:60]
    '{"text": "今天天气很好，我们去公园散步，看到了很多人在锻炼身体。", "title": null, "meta'
    >>> back = Result.from_json(r.to_json())
    >>> back.text == r.text and back.removals == r.removals and back.to_json() == r.to_json()
    True
    >>> back.removals[0].reason is Reason.CHROME
    True
    """

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

    def to_json(self) -> str:
        """`to_dict()` as one line of JSON (characters kept as UTF-8, keys in their stable order)."""
        return json.dumps(self.to_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Result:
        """Rebuild a Result from `to_dict()` output or a documents.jsonl record (`id` is ignored).

        `source` is not serialised, so it comes back empty.
        """
        return cls(
            text=data["text"],
            title=data.get("title"),
            metadata=Metadata.from_dict(data.get("metadata") or {}),
            edits=[Edit(e["span"][0], e["span"][1], e["before"], e["after"], e["stage"], e["rule"])
                   for e in data.get("edits", [])],
            removals=[Removal(r["span"][0], r["span"][1], r["stage"], Reason(r["reason"]), r["rule"], r.get("text", ""))
                      for r in data.get("removals", [])],
            flags=list(data.get("flags", [])),
            flag_spans={k: [tuple(s) for s in v] for k, v in (data.get("flag_spans") or {}).items()},
        )

    @classmethod
    def from_json(cls, line: str | bytes) -> Result:
        """`from_dict` of one JSON line."""
        return cls.from_dict(json.loads(line))


class InputError(ValueError):
    """The input cannot be cleaned (binary, undecodable...). `reason` is a short code."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
