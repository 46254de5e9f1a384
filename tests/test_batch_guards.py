"""Batch runs that survive anything: guards, resume, kill-and-resume, safety, flat memory."""

from __future__ import annotations

import faulthandler
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import pytest

import cleaner.batch.worker as worker
from cleaner.batch import run_batch
from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
ARTICLE = "今天天气很好，我们去公园散步，看到了很多人在锻炼身体，大家都很开心。\n"


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _snapshot(root: Path) -> dict[str, tuple]:
    """Every path under root with its type, mode, mtime and content digest."""
    snap = {}
    for p in sorted(root.rglob("*")):
        st = os.lstat(p)
        digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() and not p.is_symlink() else ""
        snap[str(p)] = (st.st_mode, st.st_mtime_ns, st.st_size, digest)
    return snap


def _fixture_tree(root: Path) -> Path:
    src = root / "in"
    for case in sorted(FIXTURES.iterdir()):
        for f in case.glob("input.*"):
            (src / case.name).mkdir(parents=True, exist_ok=True)
            (src / case.name / f.name).write_bytes(f.read_bytes())
    return src


def _records(out: Path, name: str) -> dict[str, dict]:
    return {r["id"]: r for r in map(json.loads, (out / name).read_text(encoding="utf-8").splitlines())}


# --- per-page guards: time limit, memory limit, crashing worker ---------------------------------

def _pathological_clean(real):
    def fake(data, **kw):
        if b"HANG" in data:
            while True:  # a page that never finishes
                pass
        if b"HOG" in data:
            return bytearray(8 * 2**30)  # 8 GB: over the address-space cap
        if b"CRASH" in data:
            faulthandler.disable()  # pytest's handler would print the worker's stack
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(data, **kw)
    return fake


def test_stuck_hungry_and_crashing_pages_are_stopped_and_recorded(tmp_path, monkeypatch):
    # Workers are forked, so they inherit the patched clean().
    monkeypatch.setattr(worker, "clean", _pathological_clean(worker.clean))
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(10):
        (src / f"p{i}.txt").write_text(ARTICLE * 2, encoding="utf-8")
    (src / "p3.txt").write_text("HANG\n" + ARTICLE, encoding="utf-8")
    (src / "p5.txt").write_text("HOG\n" + ARTICLE, encoding="utf-8")
    (src / "p6.txt").write_text("CRASH\n" + ARTICLE, encoding="utf-8")
    t0 = time.monotonic()
    summary = run_batch(src, out, workers=2, progress=False, page_timeout=1.5, max_memory_mb=2048)
    assert time.monotonic() - t0 < 30
    errors = _records(out, "errors.jsonl")
    assert {k: v["reason"] for k, v in errors.items()} == {"p3.txt": "timeout", "p5.txt": "memory",
                                                          "p6.txt": "crashed"}
    assert "SIGSEGV" in errors["p6.txt"]["detail"]
    assert summary.cleaned == 7 and summary.failed == 3
    assert sorted(_records(out, "documents.jsonl")) == [f"p{i}.txt" for i in (0, 1, 2, 4, 7, 8, 9)]
    assert not (out / "p3.txt").exists()


# --- resume --------------------------------------------------------------------------------------

def test_resume_skips_complete_pages_and_redoes_the_rest(tmp_path):
    src = _fixture_tree(tmp_path)
    ref, out = tmp_path / "ref", tmp_path / "out"
    assert main(["clean", "-q", str(src), str(ref)]) == 1  # fixtures/empty is an error on purpose
    assert main(["clean", "-q", str(src), str(out)]) == 1
    # Simulate a run interrupted half way: some records gone, the assembled files gone.
    records = sorted((out / ".cleaner" / "records").rglob("*.json"))
    ids = {r: json.loads(r.read_text(encoding="utf-8"))["id"] for r in records}
    for r in records[::2]:
        if ids[r] != "clean-article/input.txt":
            r.unlink()
    for name in ("documents.jsonl", "errors.jsonl", "summary.json"):
        (out / name).unlink()
    marker = out / "clean-article" / "input.txt"
    mtime = marker.stat().st_mtime_ns
    time.sleep(0.01)
    assert main(["clean", "-q", "--resume", str(src), str(out)]) == 1
    assert _files(out) == _files(ref)
    assert marker.stat().st_mtime_ns == mtime  # a page whose record survived is not cleaned again


def test_resume_refuses_other_settings(tmp_path):
    src = _fixture_tree(tmp_path)
    out = tmp_path / "out"
    main(["clean", "-q", str(src), str(out)])
    assert main(["clean", "-q", "--resume", "--kind", "text", str(src), str(out)]) == 2


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "clean", "-q", *args]


def test_killed_at_any_point_then_resumed_is_byte_identical(tmp_path):
    src = _fixture_tree(tmp_path)
    ref = tmp_path / "ref"
    t0 = time.monotonic()
    subprocess.run(_cli("-j", "2", str(src), str(ref)), check=False)
    full = time.monotonic() - t0
    expected = _files(ref)
    for i, frac in enumerate((0.3, 0.6, 0.8, 0.95)):
        out = tmp_path / f"out{i}"
        proc = subprocess.Popen(_cli("-j", "2", str(src), str(out)))
        time.sleep(full * frac)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        # Kill the resumed run too, once, then finish.
        proc = subprocess.Popen(_cli("-j", "2", "--resume", str(src), str(out)))
        time.sleep(full * 0.5)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert subprocess.run(_cli("-j", "1", "--resume", str(src), str(out))).returncode == 1
        assert _files(out) == expected, frac


# --- safety: input never written, outputs stay in OUT, links and odd files reported -----------

def test_input_tree_is_never_written(tmp_path):
    src = _fixture_tree(tmp_path)
    before = _snapshot(src)
    main(["clean", "-q", str(src), str(tmp_path / "out")])
    main(["clean", "-q", "--resume", str(src), str(tmp_path / "out")])
    assert _snapshot(src) == before
    assert main(["clean", "-q", str(src / "clean-article"), str(src)]) == 2  # OUT would contain IN
    assert _snapshot(src) == before


def test_hostile_names_stay_inside_out(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    names = ["...", "a\nb.txt", "back\\slash.txt", "y" * 255, os.fsdecode(b"bad-\xff\xfe.txt"),
             "documents.txt", "p.html", "p.txt", "p.html.txt", "x", "-rf"]
    (src / "summary.json").mkdir(parents=True)
    (src / "x.txt").mkdir()
    for d in (src, src / "summary.json", src / "x.txt"):
        for n in names:
            (d / n).write_text(ARTICLE, encoding="utf-8")
    pages = 3 * (len(names) - 1)  # "..." is a hidden name: skipped
    assert main(["clean", "-q", str(src), str(out)]) == 0
    written = [p for p in out.rglob("*") if p.is_file()]
    assert all(os.path.realpath(p).startswith(os.path.realpath(out) + os.sep) for p in written)
    bodies = [p for p in written if p.suffix == ".txt" and not {".cleaner", "report"} & set(p.relative_to(out).parts)]
    assert len(bodies) == pages  # one body per page, none overwritten
    assert json.loads((out / "summary.json").read_text())["cleaned"] == pages
    ids = [json.loads(line)["id"] for line in (out / "documents.jsonl").read_bytes().decode("utf-8").splitlines()]
    assert ids == sorted(ids) and len(ids) == pages


def test_links_loops_and_odd_files_are_reported_not_followed(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "page.txt").write_text(ARTICLE, encoding="utf-8")
    (src / "sub" / "loop").symlink_to(src)                 # folder link back to an ancestor
    (src / "linked").symlink_to(src / "sub")               # folder link elsewhere: followed
    (src / "dangling.txt").symlink_to(tmp_path / "nowhere")
    (src / "self.txt").symlink_to(src / "self.txt")         # a link to itself
    os.mkfifo(src / "fifo.txt")                             # reading would block forever
    out.mkdir()
    (src / "to-out").symlink_to(out)                        # would read our own outputs
    assert main(["clean", "-q", str(src), str(out)]) == 1
    errors = {k: v["reason"] for k, v in _records(out, "errors.jsonl").items()}
    assert errors == {"dangling.txt": "unreadable", "self.txt": "unreadable", "fifo.txt": "unreadable",
                      "sub/loop": "symlink_loop", "linked/loop": "symlink_loop", "to-out": "output_folder"}
    assert set(_records(out, "documents.jsonl")) == {"linked/page.txt", "sub/page.txt"}


# --- flat memory -----------------------------------------------------------------------------

def _parent_peak(tmp_path: Path, pages: int, monkeypatch) -> int:
    import cleaner.batch.runner as runner
    if hasattr(runner, "report_batch"):  # the HTML report is measured on its own, not here
        monkeypatch.setattr(runner, "report_batch", lambda summary, *a, **k: summary)
    src = tmp_path / f"in{pages}"
    for i in range(pages):
        d = src / f"d{i % 20:02d}"
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{i:06d}.txt").write_text("好" * 40, encoding="utf-8")
    tracemalloc.start()
    try:
        # The runner's own bookkeeping; the statistics tables grow with the batch up
        # to their cap by design and are tested on their own (tests/test_stats.py).
        run_batch(src, tmp_path / f"out{pages}", workers=2, progress=False, two_pass=False)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_parent_memory_is_flat_in_the_number_of_pages(tmp_path, monkeypatch):
    small, large = _parent_peak(tmp_path, 200, monkeypatch), _parent_peak(tmp_path, 1600, monkeypatch)
    # 8x the pages. The old design kept every id and output name (about 300 bytes a page, 400 KB more here).
    assert large < small + 60_000, (small, large)


@pytest.mark.parametrize("argv", [["clean", "--page-timeout", "0", ".", "/tmp/x"], ["clean", "--max-memory", "-1", ".", "/tmp/x"]])
def test_bad_guard_values_exit_2(argv):
    assert main(argv) == 2
