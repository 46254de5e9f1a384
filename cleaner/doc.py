"""The page as the mark stages see it: repaired text cut into lines, plus the record so far.

Mark stages never delete: they call `Doc.remove` (span, reason, rule) and fill
`Doc.meta`. Rendering happens once, later, from `Doc.removals`.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import NamedTuple

from cleaner.config import Config
from cleaner.render import merge_spans
from cleaner.stats import SiteStats
from cleaner.text import SPACES
from cleaner.types import Metadata, Reason, Removal


class Line(NamedTuple):  # a tuple: built for every line of every page, at half the cost of a frozen dataclass
    index: int
    start: int
    end: int       # exclusive, before the newline
    text: str
    stripped: str  # text without surrounding white space (computed once: every stage asks)


def split_lines(text: str) -> list[Line]:
    lines, pos = [], 0
    for i, chunk in enumerate(text.split("\n")):
        lines.append(Line(i, pos, pos + len(chunk), chunk, chunk.strip(SPACES)))
        pos += len(chunk) + 1
    return lines


@dataclass(frozen=True, slots=True)
class DateSeen:
    """A date a stage found on the page; the metadata stage picks one at the end."""

    INCIDENTAL = 0   # in a line that is no byline ("本贴由某某于2005年8月12日…发表")
    BARE = 1         # a date line standing alone
    LABELLED = 2     # announced by a label ("发布时间：", "发表于")

    line: int        # index in Doc.lines
    iso: str
    tier: int


@dataclass
class Doc:
    text: str
    config: Config
    meta: Metadata
    site: str = ""                  # the page's site, for the batch statistics
    stats: SiteStats | None = None  # what a first pass over the batch learned (read only)
    lines: list[Line] = field(init=False)
    removals: list[Removal] = field(default_factory=list)
    stage: str = ""
    dates: list[DateSeen] = field(default_factory=list)
    _line_removed: dict[int, Reason] = field(default_factory=dict)
    _line_spans: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # removed spans per line
    _starts: list[int] = field(init=False)
    _nonblank: list[Line] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = split_lines(self.text)
        self._starts = [ln.start for ln in self.lines]
        self._nonblank = [ln for ln in self.lines if ln.stripped]  # (dumps are half blank lines)

    # -- recording ------------------------------------------------------------
    def remove(self, start: int, end: int, reason: Reason, rule: str) -> None:
        """Record that text[start:end] leaves the body. Whole lines are tracked for later stages."""
        if end <= start:
            return
        self.removals.append(Removal(start, end, self.stage, reason, rule, self.text[start:end]))
        first = bisect.bisect_right(self._starts, start) - 1
        for ln in self.lines[first:]:
            if ln.start >= end:
                break
            if ln.end > start or ln.start == start:
                self._line_spans.setdefault(ln.index, []).append((max(start, ln.start), min(end, ln.end)))
            if ln.index not in self._line_removed and self.text[ln.start:ln.end].strip(SPACES) and self.covered(ln):
                self._line_removed[ln.index] = reason

    def remove_line(self, line: Line, reason: Reason, rule: str) -> None:
        """`remove` of the line's text without its surrounding spaces (the common case,
        done directly: the span is this line's alone, and it covers the line)."""
        if line.index in self._line_removed or not line.stripped:
            return
        start = line.start + line.text.find(line.stripped)
        end = start + len(line.stripped)
        self.removals.append(Removal(start, end, self.stage, reason, rule, self.text[start:end]))
        self._line_spans.setdefault(line.index, []).append((start, end))
        self._line_removed[line.index] = reason

    # -- queries ----------------------------------------------------------------
    def covered(self, line: Line) -> bool:
        """True when every non-space character of the line lies in some removal."""
        pos = line.start
        for s, e in merge_spans(self._line_spans.get(line.index, ())):
            if self.text[pos:s].strip(SPACES):
                return False
            pos = max(pos, e)
        return not self.text[pos:line.end].strip(SPACES)

    def line_at(self, offset: int) -> Line:
        """The line holding text offset `offset`."""
        return self.lines[bisect.bisect_right(self._starts, offset) - 1]

    def removed(self, line: Line) -> bool:
        return line.index in self._line_removed

    def reason_of(self, line: Line) -> Reason | None:
        return self._line_removed.get(line.index)

    def kept(self) -> list[Line]:
        """Lines with visible text that no stage has removed yet, in order."""
        removed = self._line_removed
        return [ln for ln in self._nonblank if ln.index not in removed]

    def visible(self, line: Line) -> str:
        """What is left of the line to judge: its text minus earlier removals, stripped.

        Stages judge this, not the raw line, so that a page and its own cleaned output
        are judged alike (cleaning is idempotent)."""
        return self.kept_text(line).strip(SPACES) if line.index in self._line_spans else line.stripped

    def kept_text(self, line: Line) -> str:
        """The line's text minus spans removed inside it."""
        spans = sorted(self._line_spans.get(line.index, ()))
        if not spans:
            return line.text
        out, pos = [], line.start
        for s, e in spans:
            if s > pos:
                out.append(self.text[pos:s])
            pos = max(pos, e)
        out.append(self.text[pos:line.end])
        return "".join(out)
