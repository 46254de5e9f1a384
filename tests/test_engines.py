"""The engines behind the optional extras: a datatrove step and `--engine ray` (installed by `make test`)."""

from __future__ import annotations

import filecmp
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cleaner.batch import run_batch
from tests.helpers import PROSE, PROSE2

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT.parent / "shared" / "eval" / "sets"


def _read_jsonl(folder: Path) -> list[dict]:
    import gzip

    rows = []
    for f in sorted(folder.rglob("*.jsonl*")):
        opener = gzip.open if f.name.endswith(".gz") else open
        with opener(f, "rt", encoding="utf-8") as fh:
            rows += [json.loads(x) for x in fh]
    return rows


def test_datatrove_pipeline_cleans_documents(tmp_path):
    pytest.importorskip("datatrove")
    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.engines.datatrove_step import CleanerStep

    raw = tmp_path / "raw"
    raw.mkdir()
    pages = [
        {"id": "1", "text": f"欢迎访问本站\n{PROSE}\n{PROSE2}", "metadata": {"url": "https://a.cn/1"}},
        {"id": "2", "text": f"<html><body><div>首页 | 新闻 | 联系我们</div><p>{PROSE}</p><p>{PROSE2}</p></body></html>"},
        {"id": "3", "text": "   "},
    ]
    (raw / "part.jsonl").write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pages), encoding="utf-8")
    LocalPipelineExecutor(
        pipeline=[JsonlReader(str(raw)), CleanerStep(), JsonlWriter(str(tmp_path / "clean"), compression=None)],
        tasks=1, workers=1, logging_dir=str(tmp_path / "logs"),
    ).run()
    docs = {d["id"]: d for d in _read_jsonl(tmp_path / "clean")}
    assert sorted(docs) == ["1", "2"]  # the empty page is dropped (and counted)
    assert docs["1"]["text"] == f"{PROSE}\n{PROSE2}"
    meta = docs["1"]["metadata"]
    assert meta["url"] == "https://a.cn/1"  # the document's own metadata stays
    assert [(r["reason"], r["rule"]) for r in meta["cleaner"]["removals"]] == [("chrome", "welcome")]
    assert PROSE in docs["2"]["text"] and "联系我们" not in docs["2"]["text"]
    assert meta["cleaner"]["metadata"]["kind"] == "text" and docs["2"]["metadata"]["cleaner"]["metadata"]["kind"] == "html"
    stats = json.loads(next((tmp_path / "logs" / "stats").glob("*.json")).read_text())
    step = next(s for s in stats if "cleaner" in s["name"])
    assert step["stats"]["kept"] == 2 and step["stats"]["dropped_no_body"] == 1


def test_documents_jsonl_reads_as_is_in_datatrove(tmp_path):
    """OUT/documents.jsonl is a datatrove/Dolma corpus: id, text, metadata with plain JSON values."""
    pytest.importorskip("datatrove")
    from datatrove.pipeline.readers import JsonlReader

    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(f"欢迎访问本站\n{PROSE}", encoding="utf-8")
    (src / "b.txt").write_text(f"{PROSE2}", encoding="utf-8")
    out = tmp_path / "out"
    run_batch(src, out, workers=1, progress=False)
    docs = list(JsonlReader(str(out), glob_pattern="documents.jsonl")())
    assert [(d.id, d.text) for d in docs] == [("a.txt", PROSE), ("b.txt", PROSE2)]
    meta = docs[0].metadata  # our metadata, with the record's other keys (title, removals, edits, flags) beside it
    assert meta["kind"] == "text" and [r["reason"] for r in meta["removals"]] == ["chrome"]
    json.dumps(meta)  # plain JSON types throughout


@pytest.fixture(scope="module")
def local_ray():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, logging_level="ERROR", log_to_driver=False)
    yield ray
    ray.shutdown()


def _same_tree(a: Path, b: Path) -> list[str]:
    """Files that differ or exist on one side only (the local engine's journal OUT/.cleaner aside)."""
    problems = []
    cmp = filecmp.dircmp(a, b, ignore=[".cleaner"])

    def walk(c: filecmp.dircmp, rel: str) -> None:
        problems.extend(f"{rel}{x}: only one side" for x in c.left_only + c.right_only)
        _, mismatch, errors = filecmp.cmpfiles(c.left, c.right, c.common_files, shallow=False)
        problems.extend(f"{rel}{x}: differs" for x in mismatch + errors)
        for name, sub in c.subdirs.items():
            walk(sub, f"{rel}{name}/")

    walk(cmp, "")
    return problems


@pytest.mark.skipif(not SETS.is_dir(), reason="../shared/eval/sets is not beside the repo")
def test_ray_engine_matches_the_local_engine_byte_for_byte(local_ray, tmp_path):
    from cleaner.engines.ray_engine import run_ray

    # The dev HTML pages as a folder; the dev dumps as a JSONL file (one line per page, with a URL).
    pages = SETS / "dev-html" / "pages"
    dumps = tmp_path / "dumps.jsonl"
    with open(dumps, "w", encoding="utf-8") as f:
        for i, p in enumerate(sorted((SETS / "dev-dump" / "pages").iterdir())):
            url = f"https://site{i % 3}.example.cn/{p.stem}.html"
            f.write(json.dumps({"id": p.name, "text": p.read_bytes().decode("utf-8", "replace"), "url": url},
                               ensure_ascii=False) + "\n")
    for src in (pages, dumps):
        local, distributed = tmp_path / f"local-{src.name}", tmp_path / f"ray-{src.name}"
        # The local engine in its own process, as a user runs it (its workers' memory cap would count
        # the address space Ray maps into this one).
        status = subprocess.run([sys.executable, "-m", "cleaner.cli", "clean", str(src), str(local), "-q", "-j", "2"],
                                capture_output=True, text=True, check=False)
        assert status.returncode == 0, status.stderr
        run_ray(src, distributed, progress=False)
        assert _same_tree(local, distributed) == []
        assert (distributed / "stats" / "site_stats.json").is_file()
        assert not (distributed / ".cleaner").exists()
    shutil.rmtree(tmp_path / f"ray-{pages.name}")


def test_cli_engine_options_are_checked(tmp_path):
    from cleaner.cli import main

    (tmp_path / "in").mkdir()
    assert main(["clean", str(tmp_path / "in"), str(tmp_path / "out"), "--address", "auto"]) == 2
    assert main(["clean", str(tmp_path / "in"), str(tmp_path / "out"), "--engine", "ray", "--resume"]) == 2
