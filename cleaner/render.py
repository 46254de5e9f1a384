"""The one place text is cut: apply edits, cut removals, lay out paragraphs.

`replay(source, edits, removals)` is what `clean` uses to build `Result.text`, so the
record always explains the output; a test replays stored records to check it.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby
from typing import TYPE_CHECKING

from cleaner.text import SPACES
from cleaner.types import Edit, Removal

if TYPE_CHECKING:
    from cleaner.repair import Fix


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Apply edits stage by stage; within a stage spans are sorted, disjoint, in that stage's input."""
    for _, group in groupby(edits, key=lambda e: e.stage):
        text = splice(text, group)
    return text


def splice(text: str, changes: Iterable[Edit | Fix]) -> str:
    """`text` with each change's span (sorted, disjoint) replaced by its `after`."""
    out, pos = [], 0
    for c in changes:
        out.append(text[pos:c.start])
        out.append(c.after)
        pos = c.end
    out.append(text[pos:])
    return "".join(out)


def cut(text: str, removals: list[Removal]) -> str:
    """Blank every removed span (newlines survive, so line structure does too)."""
    out, pos = [], 0
    for start, end in merge_spans((r.start, r.end) for r in removals):
        out.append(text[pos:start])
        out.append("\n" * text.count("\n", start, end))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def merge_spans(spans) -> list[tuple[int, int]]:
    """Sorted, overlapping or touching spans joined."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


def layout(text: str) -> str:
    """Paragraphs: each line stripped, empty lines dropped, joined by one newline."""
    lines = (ln.strip(SPACES + "\r\f\v") for ln in text.split("\n"))
    return "\n".join(ln for ln in lines if ln)


def replay(source: str, edits: list[Edit], removals: list[Removal]) -> str:
    return layout(cut(apply_edits(source, edits), removals))
