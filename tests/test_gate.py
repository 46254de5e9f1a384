"""The quality gate: scores on the shared evaluation sets must not drop below the
floors pinned in tests/gate.json, and floors are not lowered silently."""

from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from cleaner.evaluation import SetScore, check_gate, load_scorer, lowered_floors, score_outputs, set_digest

ROOT = Path(__file__).resolve().parent.parent
GATE_FILE = ROOT / "tests" / "gate.json"
SETS = ROOT.parent / "shared" / "eval" / "sets"
GATE = json.loads(GATE_FILE.read_text(encoding="utf-8"))


def _clean_set(set_dir: Path, out: Path) -> None:
    """The pipeline over a set's pages, written as the batch runner writes them."""
    import cleaner

    out.mkdir(parents=True)
    with open(out / "documents.jsonl", "w", encoding="utf-8") as docs:
        for page in sorted((set_dir / "pages").iterdir()):
            result = cleaner.clean_file(page)
            (out / f"{page.stem}.txt").write_text(result.text + "\n", encoding="utf-8")
            docs.write(json.dumps({"id": page.name, **result.to_dict()}, ensure_ascii=False) + "\n")


@pytest.mark.skipif(not SETS.is_dir(), reason="../shared/eval/sets is not beside the repo")
@pytest.mark.parametrize("name", sorted(GATE["sets"]))
def test_scores_hold_their_floors(name, tmp_path):
    set_dir = SETS / name
    assert set_dir.is_dir(), f"pinned set {name} is missing from {SETS}"
    _clean_set(set_dir, tmp_path / name)
    score = score_outputs(set_dir, tmp_path / name, load_scorer(SETS))
    failures = check_gate(score, set_digest(set_dir), GATE["sets"][name])
    assert not failures, "\n".join(failures)


SCORE = SetScore(name="demo", pages=10, mean_f1=0.91, leaks=2, misses=1, titles="4/5",
                 date_acc=0.9, author_acc=0.8, credit_acc=0.85, dated=10, authored=10)
PINNED = {"sha256": "abc", "floors": {"mean_f1": 0.9, "titles": 0.8}, "ceilings": {"leaks": 2}}


def test_gate_holds_at_its_floors():
    assert check_gate(SCORE, "abc", PINNED) == []


def test_gate_fails_below_a_floor():
    failures = check_gate(replace(SCORE, mean_f1=0.899), "abc", PINNED)
    assert failures == ["demo: mean_f1=0.899 is below its floor 0.9"]


def test_gate_fails_above_a_ceiling_and_on_missing_titles():
    failures = check_gate(replace(SCORE, leaks=3, titles="3/5"), "abc", PINNED)
    assert len(failures) == 2


def test_gate_fails_when_the_data_changed():
    assert "data changed" in check_gate(SCORE, "def", PINNED)[0]


def test_lowering_a_floor_needs_a_reason():
    old = {"sets": {"demo": PINNED}}
    lower = {"sets": {"demo": {**PINNED, "floors": {"mean_f1": 0.85, "titles": 0.8}}}, "lowered": {}}
    assert lowered_floors(old, lower) == ["demo/mean_f1"]
    excused = {**lower, "lowered": {"demo/mean_f1": "gold of page X fixed, see commit"}}
    assert lowered_floors(old, excused) == []
    raised = {"sets": {"demo": {**PINNED, "floors": {"mean_f1": 0.95, "titles": 0.8}}}}
    assert lowered_floors(old, raised) == []
    dropped = {"sets": {"demo": {**PINNED, "floors": {"titles": 0.8}}}}
    assert lowered_floors(old, dropped) == ["demo/mean_f1"]


def _previous_gate() -> dict | None:
    """The last committed gate.json that differs from the one in the tree, or None."""
    try:
        revs = subprocess.run(["git", "log", "--format=%H", "--", "tests/gate.json"], cwd=ROOT,
                              capture_output=True, text=True).stdout.split()
    except OSError:
        return None
    for rev in revs:
        shown = subprocess.run(["git", "show", f"{rev}:tests/gate.json"], cwd=ROOT, capture_output=True, text=True)
        if shown.returncode == 0 and json.loads(shown.stdout) != GATE:
            return json.loads(shown.stdout)
    return None


def test_floors_not_lowered_silently():
    """Against the last committed version of gate.json that differs from this one."""
    previous = _previous_gate()
    if previous is None:
        pytest.skip("no earlier version of tests/gate.json in git history")
    assert lowered_floors(previous, GATE) == [], "floors lowered without a reason under 'lowered' in gate.json"
