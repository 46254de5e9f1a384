"""The report writer and the page view model (no browser: see test_report_browser.py)."""

from __future__ import annotations

import importlib.util
import json
import time
from pathlib import Path

import pytest

from cleaner.api import clean
from cleaner.batch import run_batch
from cleaner.render import apply_edits
from cleaner.report import write_index, write_report
from cleaner.report.html import CHUNK_ROWS, REASONS
from cleaner.report.legend import REASON_NOTES, rule_notes
from cleaner.report.view import Segment, build_view, edit_positions, f1
from cleaner.types import Edit, Reason

ROOT = Path(__file__).resolve().parent.parent
SCORE = ROOT.parent / "shared" / "eval" / "score.py"
SEEDS = ROOT.parent / "shared" / "eval" / "sets" / "seeds"


def test_every_reason_has_a_sentence_and_rules_have_notes():
    assert set(REASON_NOTES) == set(Reason)
    notes = rule_notes()
    assert notes["chrome/breadcrumb"].startswith("Breadcrumbs")
    assert notes["structure/no_article"]


def test_edit_positions_land_in_the_repaired_text():
    text = "ab??cd??ef"
    first = [Edit(2, 4, "??", "", "indent", "lost_indent"), Edit(6, 8, "??", "", "indent", "lost_indent")]
    mid = apply_edits(text, first)                     # "abcdef"
    second = [Edit(0, 2, "ab", "X", "other", "r")]     # "Xcdef"
    points = edit_positions(first + second)
    assert apply_edits(text, first + second) == "Xcdef"
    assert mid == "abcdef" and points == [1, 3, 0]


def test_view_lines_cover_the_repaired_text_and_every_removal():
    raw = "欢迎访问本站\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。\n"
    result = clean(raw)
    view = build_view({"id": "x", **result.to_dict()}, result.source)
    lines = list(view.lines())
    shown = "\n".join("".join(p.text for p in ln.parts if isinstance(p, Segment)) for ln in lines)
    assert shown == view.repaired
    assert lines[0].fully_removed() and not lines[1].fully_removed()
    assert [view.removals[i].rule for i in lines[0].removals] == ["welcome"]


def test_view_says_why_when_the_source_does_not_replay():
    result = clean("欢迎访问本站\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。")
    view = build_view({"id": "x", **result.to_dict()}, "something else entirely")
    assert view.repaired is None and "replays" in view.problem


@pytest.mark.skipif(not SCORE.exists(), reason="the shared scorer is not beside the repo")
def test_f1_is_the_shared_scorers():
    spec = importlib.util.spec_from_file_location("shared_score", SCORE)
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    for out, gold in [("今天天气很好", "今天天气很好"), ("今天天气", "明天天气很好，我们"), ("", "abc def"), ("", "")]:
        assert f1(out, gold) == pytest.approx(score.prf(out, gold)[2])


def test_batch_writes_the_report(tmp_path):
    src = ROOT / "fixtures"
    out = tmp_path / "out"
    summary = run_batch(src, out, workers=2, progress=False, include="input.*")
    index = (out / "report.html").read_text(encoding="utf-8")
    assert "<script src=" not in index and "http://" not in index.split("<main>")[0]  # nothing fetched from outside
    rows = json.loads((out / "report" / "index" / "c00000.js").read_text(encoding="utf-8")
                      .removeprefix("REPORT_CHUNK(0,").removesuffix(");\n"))
    assert len(rows) == summary.cleaned
    totals = {r: sum(row[3][i] for row in rows) for i, r in enumerate(REASONS)}
    assert {k: v for k, v in totals.items() if v} == summary.to_dict()["removals_by_reason"]
    pages = sorted((out / "report" / "pages").rglob("*.html"))
    assert len(pages) == summary.cleaned
    assert all("inline view is missing" not in p.read_text(encoding="utf-8") for p in pages)
    assert "empty/input.txt" in index  # failed pages are listed with their reason


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the shared seed set is not beside the repo")
def test_gold_adds_per_page_f1(tmp_path):
    out = tmp_path / "out"
    run_batch(SEEDS / "pages", out, workers=1, progress=False)
    write_index(out, gold_dir=SEEDS / "gold")
    rows = json.loads((out / "report" / "index" / "c00000.js").read_text(encoding="utf-8")[len("REPORT_CHUNK(0,"):-3])
    assert all(row[8] is not None and 0.9 < row[8] <= 1.0 for row in rows)
    assert 'id="gold"' in (out / "report.html").read_text(encoding="utf-8")


def test_a_page_whose_input_is_gone_still_gets_a_view(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("欢迎访问本站\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。\n", encoding="utf-8")
    out = tmp_path / "out"
    run_batch(src, out, workers=1, progress=False)
    (src / "a.txt").unlink()
    write_report(out, src)
    page = (out / "report" / "pages" / "000" / "000000.html").read_text(encoding="utf-8")
    assert "inline view is missing" in page and "welcome" in page


def test_index_of_100k_pages_is_written_fast_and_paged(tmp_path):
    rows = ([n, f"site{n % 97}/p{n:06d}.html", f"site{n % 97}.example", [n % 3, 1, 0, 0, 0, 0, 0, 0, 0, 0], 2,
             ["no_body"] if n % 50 == 0 else [], 1200, 300, None] for n in range(100_000))
    t = time.perf_counter()
    index = write_index(tmp_path, rows, summary={"pages": 100_000, "cleaned": 100_000, "failed": 0,
                                                 "removals_by_reason": {"metadata": 99_999, "chrome": 100_000}})
    elapsed = time.perf_counter() - t
    chunks = sorted((tmp_path / "report" / "index").glob("c*.js"))
    assert len(chunks) == 100_000 // CHUNK_ROWS
    assert index.stat().st_size < 100_000            # the index page itself stays small: rows load lazily
    assert max(c.stat().st_size for c in chunks) < 1_000_000
    assert elapsed < 10, elapsed
