"""What a page view shows, built from a documents.jsonl record and the page's source.

The removal spans of a record are in the repaired text (`apply_edits(source, edits)`),
which documents.jsonl does not store; `recover_source` rebuilds the source from the
input file the same way `cleaner.clean` did, and `build_view` checks that the
record replays to the stored body before trusting the spans.

Both renderers (HTML page views and `cleaner explain` in the terminal) walk the
same `ViewLine`s: the repaired text line by line, cut into `Segment`s that are
either kept or removed (with the removal), plus the points where edits landed.
"""

from __future__ import annotations

import bisect
import collections
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from cleaner.config import DEFAULT, Config
from cleaner.pipeline import prepare
from cleaner.render import apply_edits, replay
from cleaner.types import Edit, Reason, Removal


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    removal: int | None = None   # index into PageView.removals, None when the text is kept;
    covers: tuple[int, ...] = ()  # every removal covering the text (nested ones): `removal` is the innermost


@dataclass(slots=True)
class ViewLine:
    number: int                                   # 1-based line number in the repaired text
    parts: list[Segment | int] = field(default_factory=list)   # an int is an edit mark (index into edits)
    removals: list[int] = field(default_factory=list)          # removals touching the line's visible text

    def fully_removed(self) -> bool:
        """True when nothing visible of the line is kept (and something was removed)."""
        return bool(self.removals) and all(
            p.removal is not None or not p.text.strip() for p in self.parts if isinstance(p, Segment))


@dataclass(slots=True)
class PageView:
    id: str
    record: dict
    removals: list[Removal]
    edits: list[Edit]
    repaired: str | None          # None when the source could not be rebuilt (see problem)
    edit_points: list[int]        # per edit: its position in the repaired text
    problem: str = ""             # why the inline view is missing, '' when it is there

    @property
    def text(self) -> str:
        return self.record.get("text", "")

    def lines(self):
        """The repaired text as ViewLines (nothing when `repaired` is None)."""
        if self.repaired is None:
            return iter(())
        return _lines(self.repaired, self.removals, self.edit_points)


def removals_of(record: dict) -> list[Removal]:
    return [Removal(r["span"][0], r["span"][1], r["stage"], Reason(r["reason"]), r["rule"], r.get("text", ""))
            for r in record.get("removals", ())]


def edits_of(record: dict) -> list[Edit]:
    return [Edit(e["span"][0], e["span"][1], e["before"], e["after"], e["stage"], e["rule"])
            for e in record.get("edits", ())]


def recover_source(path: Path, record: dict, config: Config = DEFAULT) -> str:
    """The text the stages started from, rebuilt from the input file as `clean` built it."""
    meta = record.get("metadata") or {}
    source, _ = prepare(Path(path).read_bytes(), url=None, kind=meta.get("kind"), config=config)
    return source


def build_view(record: dict, source: str | None, problem: str = "") -> PageView:
    """A page view; falls back to a list of removals when the source does not replay to the body."""
    removals, edits = removals_of(record), edits_of(record)
    repaired, points = None, []
    if source is not None and not problem:
        try:
            if replay(source, edits, removals) != record.get("text", ""):
                problem = "the input file no longer replays to the stored body (changed since the run?)"
            else:
                repaired = apply_edits(source, edits)
                points = edit_positions(edits)
        except (IndexError, ValueError) as exc:
            problem = f"the record does not fit the input file ({exc})"
    return PageView(record.get("id", ""), record, removals, edits, repaired, points, problem)


def edit_positions(edits: list[Edit]) -> list[int]:
    """Where each edit's replacement starts in the fully repaired text.

    An edit of stage k sits in stage k's input; its replacement starts at
    start + (growth of the earlier edits of the same stage), then moves with every
    later stage's edits that lie before it (a point inside a later edit goes to that
    edit's start).
    """
    stages: list[list[int]] = []
    for i, e in enumerate(edits):
        if stages and edits[stages[-1][0]].stage == e.stage:
            stages[-1].append(i)
        else:
            stages.append([i])
    tables = []  # per stage: starts, ends, growth of the first k edits
    for group in stages:
        starts = [edits[i].start for i in group]
        ends = [edits[i].end for i in group]
        grow = [0]
        for i in group:
            grow.append(grow[-1] + len(edits[i].after) - (edits[i].end - edits[i].start))
        tables.append((starts, ends, grow))
    points = [0] * len(edits)
    for k, group in enumerate(stages):
        for n, i in enumerate(group):
            p = edits[i].start + tables[k][2][n]
            for starts, ends, grow in tables[k + 1:]:
                j = bisect.bisect_left(starts, p)      # later edits starting before p
                if j and ends[j - 1] > p:               # p inside a later edit: go to its start
                    p = starts[j - 1] + grow[j - 1]
                else:
                    p += grow[j]
            points[i] = p
    return points


def _lines(text: str, removals: list[Removal], points: list[int]):
    order = sorted(range(len(removals)), key=lambda i: (removals[i].start, removals[i].end))
    marks = sorted((p, i) for i, p in enumerate(points))
    ri, mi, active = 0, 0, []
    pos = 0
    for number, line in enumerate(text.split("\n"), 1):
        ls, le = pos, pos + len(line)
        pos = le + 1
        while ri < len(order) and removals[order[ri]].start < max(le, ls + 1):
            active.append(order[ri])
            ri += 1
        active = [i for i in active if removals[i].end > ls]
        here = [i for i in active if removals[i].start < le and removals[i].end > ls]
        line_marks = []
        while mi < len(marks) and marks[mi][0] <= le:
            line_marks.append(marks[mi])
            mi += 1
        cuts = {ls, le}
        for i in here:
            cuts.add(max(ls, removals[i].start))
            cuts.add(min(le, removals[i].end))
        cuts.update(p for p, _ in line_marks)
        bounds = sorted(cuts)
        view = ViewLine(number)
        m = 0
        for a, b in zip(bounds, bounds[1:] + [None], strict=True):
            while m < len(line_marks) and line_marks[m][0] == a:
                view.parts.append(line_marks[m][1])
                m += 1
            if b is None or b == a:
                continue
            covers = tuple(i for i in here if removals[i].start <= a and removals[i].end >= b)
            owner = max(covers, key=lambda i: (removals[i].start, -removals[i].end)) if covers else None
            seg = text[a:b]
            view.parts.append(Segment(seg, owner, covers))
            if seg.strip():
                view.removals.extend(i for i in covers if i not in view.removals)
        yield view


# --- summaries for the index ------------------------------------------------

def site_of(record: dict) -> str:
    """The site a page belongs to: the URL's host, else the named source, else the top folder of its id."""
    meta = record.get("metadata") or {}
    url = meta.get("url") or ""
    if url:
        host = urlsplit(url if "//" in url else "//" + url).hostname
        if host:
            return host.removeprefix("www.")
    if meta.get("source"):
        return str(meta["source"])
    rid = record.get("id", "")
    return rid.split("/", 1)[0] if "/" in rid else "(none)"


def reason_counts(record: dict) -> collections.Counter:
    return collections.Counter(r["reason"] for r in record.get("removals", ()))


# --- per-page F1 against gold (the shared scorer's measure) -------------------

def _norm(s: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s))


def _shingles(s: str, n: int) -> collections.Counter:
    s = _norm(s)
    return collections.Counter(s[i:i + n] for i in range(len(s) - n + 1))


def f1(out: str, gold: str, n: int = 4) -> float:
    """F1 of the multisets of character n-grams, white space dropped, NFKC (as eval/score.py)."""
    a, b = _shingles(out, n), _shingles(gold, n)
    inter = sum((a & b).values())
    p = inter / max(1, sum(a.values())) if a else (1.0 if not b else 0.0)
    r = inter / max(1, sum(b.values())) if b else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


def gold_path(gold_dir: Path, rid: str) -> Path | None:
    """The gold file of a page: GOLD/<id without extension>.json, else GOLD/<file stem>.json."""
    rel = Path(rid)
    for cand in (gold_dir / rel.with_suffix(".json"), gold_dir / (rel.stem + ".json")):
        if cand.is_file():
            return cand
    return None
