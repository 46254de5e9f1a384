"""The CLI over a folder: output contract, error records, exit codes, worker-count invariance."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

import cleaner
from cleaner.batch import worker
from cleaner.batch.inputs import Entry, name_outputs, walk_inputs
from cleaner.batch.sources import page_site
from cleaner.cli import main
from cleaner.config import DEFAULT
from cleaner.stats import SiteStats

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLE = ("标题\n" + "今天天气很好，我们去公园散步，看到了很多人在锻炼身体，大家都很开心。\n" * 3)


def _tree(root: Path) -> Path:
    src = root / "in"
    for case in sorted(FIXTURES.glob("seed-*")):
        (src / "seeds").mkdir(parents=True, exist_ok=True)
        (src / "seeds" / f"{case.name}.txt").write_bytes((case / "input.txt").read_bytes())
    (src / "a" / "b").mkdir(parents=True)
    (src / "a" / "b" / "page.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "a" / "gbk.txt").write_bytes(ARTICLE.encode("gbk"))
    return src


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_output_contract(tmp_path):
    src, out = _tree(tmp_path), tmp_path / "out"
    assert main(["clean", "-q", str(src), str(out)]) == 0
    assert (out / "a" / "b" / "page.txt").read_text(encoding="utf-8").startswith("今天天气很好")
    records = [json.loads(line) for line in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in records] == sorted(r["id"] for r in records)
    assert {"id", "text", "title", "metadata", "removals", "edits", "flags"} <= set(records[0])
    gbk = next(r for r in records if r["id"] == "a/gbk.txt")
    assert gbk["metadata"]["encoding"] == "gb18030"
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["pages"] == summary["cleaned"] == len(records)
    assert sum(summary["removals_by_reason"].values()) == sum(len(r["removals"]) for r in records)
    assert (out / "errors.jsonl").read_text() == ""
    assert (src / "a" / "b" / "page.txt").read_text(encoding="utf-8") == ARTICLE  # input untouched


def test_same_output_whatever_the_worker_count(tmp_path):
    src = _tree(tmp_path)
    assert main(["clean", "-q", "-j", "1", str(src), str(tmp_path / "one")]) == 0
    assert main(["clean", "-q", "-j", "2", str(src), str(tmp_path / "two")]) == 0
    assert _files(tmp_path / "one") == _files(tmp_path / "two")


def test_bad_pages_recorded_and_batch_goes_on(tmp_path):
    src, out = _tree(tmp_path), tmp_path / "out"
    (src / "empty.txt").write_bytes(b"")
    (src / "blank.txt").write_bytes(b"  \n\t\n")
    (src / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    (src / "doc.pdf").write_bytes(b"%PDF-1.4\n" + bytes(range(256)))
    assert main(["clean", "-q", str(src), str(out)]) == 1
    errors = {e["id"]: e["reason"] for e in map(json.loads, (out / "errors.jsonl").read_text().splitlines())}
    assert errors == {"empty.txt": "empty", "blank.txt": "empty", "image.png": "binary", "doc.pdf": "binary"}
    assert (out / "a" / "b" / "page.txt").exists()
    assert not list(out.rglob(".*.tmp"))


def test_usage_errors_exit_2(tmp_path):
    assert main(["clean", str(tmp_path / "missing"), str(tmp_path / "out")]) == 2
    src = _tree(tmp_path)
    assert main(["clean", str(src), str(src / "out")]) == 2  # OUT inside IN would write into the input
    assert main([]) == 2


def test_colliding_names_get_distinct_outputs():
    files, dirs = name_outputs(["b.html", "b.txt", "b.html.txt", "c", "x", "y" * 253], ["x.txt", "summary.json"], top=True)
    assert files["b.html"] == "b.html.txt" and files["b.txt"] == "b.txt.txt" and files["c"] == "c.txt"
    names = list(files.values()) + list(dirs.values())
    assert len(set(names)) == len(names)  # b.html.txt and x (a folder x.txt exists) were moved aside
    assert dirs["summary.json"] != "summary.json" and dirs["x.txt"] == "x.txt"
    assert all(len(n.encode()) <= 255 for n in names)


def test_walk_is_sorted_by_full_path(tmp_path):
    for rel in ["a.txt", "a/b.txt", "a-b.txt", "ab/c.txt", "a/a/z.txt", "b.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    rels = [e.rel for e in walk_inputs(tmp_path)]
    assert rels == sorted(rels) and len(rels) == 6


def test_help_runs_as_a_command():
    out = subprocess.run([sys.executable, "-m", "cleaner", "clean", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "documents.jsonl" in out.stdout


@pytest.mark.parametrize("argv", [["clean", "--workers", "0", ".", "/tmp/x"]])
def test_bad_worker_count(argv):
    assert main(argv) == 2


def test_second_pass_reuses_the_first_pass_extraction(tmp_path):
    # An HTML page's first pass journals what extraction gave; the second pass reads it
    # instead of extracting again and gives what extracting again gives. A finished
    # run leaves no extraction behind.
    src = tmp_path / "in"
    src.mkdir()
    for case in sorted(FIXTURES.glob("html-*")):
        (src / f"{case.name}.html").write_bytes((case / "input.html").read_bytes())
    (src / "page.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", "-q", str(src), str(out)]) == 0
    assert not (out / ".cleaner" / worker.EXTRACTED).exists()
    stats = SiteStats.load(out / "stats")
    records = {r["id"]: r for r in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}

    setup = worker.Setup(out=str(tmp_path / "o2"), kind=None, config=DEFAULT, reuse_extraction=True)
    (tmp_path / "o2" / ".cleaner" / "tmp").mkdir(parents=True)
    for name, record in records.items():
        entry = Entry(name, str(src / name), name)
        worker.survey_page(replace(setup, survey=True), entry)
        journalled = worker._prepared(replace(setup, stats=stats), entry)
        assert (journalled is not None) == name.endswith(".html"), name
        line, body, _ = worker.clean_entry(replace(setup, stats=stats), entry)
        again = cleaner.clean((src / name).read_bytes(), stats=stats, site=page_site(entry))
        assert json.loads(line)["text"] == again.text == record["text"], name
        assert json.loads(line)["metadata"] == again.metadata.to_dict() == record["metadata"], name
