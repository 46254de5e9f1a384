"""Evaluation over the shared sets: body F1 (with the shared scorer), leaks, misses,
titles, and metadata accuracy (date, author). `python -m cleaner.evaluation SETS_DIR`.

The scorer itself is not copied: `score.py` beside the sets is loaded as is, so
the numbers here are the numbers anyone gets from it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import importlib.util
import io
import json
import re
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from types import ModuleType

from cleaner.extract.baselines import baseline_line, baselines
from cleaner.mark.dates import find_date
from cleaner.text import normalize_key


@dataclass(frozen=True)
class SetScore:
    name: str
    pages: int
    mean_f1: float
    leaks: int
    misses: int
    titles: str          # "k/n", pages whose gold has a title
    date_acc: float | None
    author_acc: float | None
    credit_acc: float | None  # author, or the editor where the page names no author
    dated: int           # pages whose gold has a date
    authored: int        # pages whose gold has an author

    def line(self) -> str:
        def pct(x: float | None) -> str:
            return "-" if x is None else f"{x:.1%}"
        return (f"{self.name:<10} mean_f1={self.mean_f1:.4f} leaks={self.leaks} misses={self.misses} "
                f"titles={self.titles} date={pct(self.date_acc)} ({self.dated}) "
                f"author={pct(self.author_acc)} credit={pct(self.credit_acc)} ({self.authored}) pages={self.pages}")


def load_scorer(sets_dir: Path) -> ModuleType:
    path = sets_dir.parent / "score.py"
    spec = importlib.util.spec_from_file_location("shared_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def set_digest(set_dir: Path) -> str:
    """sha256 over every file of a set (names and bytes), so a floor is tied to its data."""
    h = hashlib.sha256()
    for p in sorted(set_dir.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(set_dir).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def same_date(gold: str | None, ours: str | None) -> bool:
    """Dates agree on the calendar day (times and formats aside)."""
    g = find_date(gold or "")
    o = find_date(ours or "")
    return bool(g and o and g[0][:10] == o[0][:10])


def same_author(gold: str | None, ours: str | None) -> bool:
    """Authors agree when one normalised name contains the other ("记者张三" ~ "张三")."""
    g, o = normalize_key(gold or ""), normalize_key(ours or "")
    return bool(g and o and (g in o or o in g))


def score_set(set_dir: Path, out_dir: Path, scorer: ModuleType) -> SetScore:
    """Clean the set's pages with the batch runner, then score the outputs."""
    from cleaner.batch import run_batch  # only here: scoring alone needs no runner

    with contextlib.redirect_stdout(io.StringIO()):
        run_batch(set_dir / "pages", out_dir, progress=False)
    return score_outputs(set_dir, out_dir, scorer)


def score_outputs(set_dir: Path, out_dir: Path, scorer: ModuleType) -> SetScore:
    """Score an output folder (bodies and documents.jsonl) against the set's gold."""
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        scorer.main([str(set_dir / "gold"), str(out_dir)])
    last = buf.getvalue().strip().splitlines()[-1]
    fields = dict(re.findall(r"(\w+)=(\S+)", last))
    records = {}
    for line in (out_dir / "documents.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        records[Path(rec["id"]).stem] = rec["metadata"]
    dates = authors = credits = dated = authored = 0
    for gold_file in sorted((set_dir / "gold").glob("*.json")):
        gold = json.loads(gold_file.read_text(encoding="utf-8"))
        meta = records.get(gold_file.stem, {})
        if find_date(gold.get("date") or ""):
            dated += 1
            dates += same_date(gold["date"], meta.get("date"))
        if normalize_key(gold.get("author") or ""):
            authored += 1
            authors += same_author(gold["author"], meta.get("author"))
            # The gold names the page's one credited person: where no author is
            # given, that is the editor (or the 来源 person of a reposted blog).
            credited = meta.get("author") or meta.get("editor") or meta.get("source")
            credits += same_author(gold["author"], credited)
    return SetScore(
        name=set_dir.name, pages=int(fields["pages"]), mean_f1=float(fields["mean_f1"]),
        leaks=int(fields["leaks"]), misses=int(fields["misses"]), titles=fields["titles"],
        date_acc=dates / dated if dated else None, author_acc=authors / authored if authored else None,
        credit_acc=credits / authored if authored else None,
        dated=dated, authored=authored,
    )


def metric(score: SetScore, name: str) -> float | None:
    """A score's value by gate name; 'titles' is the share of titled pages that match."""
    if name == "titles":
        ok, total = (int(x) for x in score.titles.split("/"))
        return ok / total if total else None
    return getattr(score, name)


def check_gate(score: SetScore, digest: str, pinned: dict) -> list[str]:
    """What breaks the gate for one set (empty when it holds). `pinned` is gate.json's entry."""
    if digest != pinned["sha256"]:
        return [f"{score.name}: the set's data changed (sha256 {digest[:12]}, pinned {pinned['sha256'][:12]}): "
                "re-measure and re-pin its floors"]
    failures = []
    for name, floor in pinned.get("floors", {}).items():
        value = metric(score, name)
        if value is None or value < floor:
            failures.append(f"{score.name}: {name}={value} is below its floor {floor}")
    for name, ceiling in pinned.get("ceilings", {}).items():
        value = metric(score, name)
        if value is None or value > ceiling:
            failures.append(f"{score.name}: {name}={value} is above its ceiling {ceiling}")
    return failures


def lowered_floors(old: dict, new: dict) -> list[str]:
    """'set/metric' of every floor `new` lowers (or ceiling it raises) against `old`, not excused in new['lowered']."""
    out = []
    for name, pinned in new["sets"].items():
        before = old.get("sets", {}).get(name)
        if not before or before.get("sha256") != pinned.get("sha256"):
            continue  # new set or new data: floors start afresh
        for metric_name, floor in pinned.get("floors", {}).items():
            if floor < before.get("floors", {}).get(metric_name, float("-inf")):
                out.append(f"{name}/{metric_name}")
        for metric_name, ceiling in pinned.get("ceilings", {}).items():
            if ceiling > before.get("ceilings", {}).get(metric_name, float("inf")):
                out.append(f"{name}/{metric_name}")
        for metric_name in before.get("floors", {}):
            if metric_name not in pinned.get("floors", {}):
                out.append(f"{name}/{metric_name}")
    return [key for key in out if not new.get("lowered", {}).get(key)]


def evaluate(sets_dir: Path, work: Path) -> list[SetScore]:
    scorer = load_scorer(sets_dir)
    return [score_set(d, work / d.name, scorer) for d in sorted(sets_dir.iterdir()) if (d / "gold").is_dir()]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m cleaner.evaluation", description=__doc__)
    p.add_argument("sets", type=Path, help="folder of sets (each with pages/ and gold/), score.py beside it")
    p.add_argument("--out", type=Path, default=None, help="where to keep the outputs (default: a temp folder)")
    p.add_argument("--json", action="store_true", help="print one JSON object per set")
    args = p.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        for s in evaluate(args.sets, args.out or Path(tmp)):
            print(json.dumps(asdict(s)) if args.json else s.line(), flush=True)
            found = baselines(args.sets / s.name, load_scorer(args.sets))
            if found and not args.json:
                print(baseline_line(s.name, found), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
