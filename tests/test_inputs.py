"""JSONL and WARC inputs through `cleaner clean`: streamed records, the same output contract, resume."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

from cleaner.batch import run_batch
from cleaner.batch.sources import iter_pages
from cleaner.cli import main
from tests.helpers import PROSE, PROSE2

CHROME = "欢迎访问本站"


def _jsonl(path: Path, rows: list[dict]) -> Path:
    data = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    path.write_bytes(gzip.compress(data) if path.name.endswith(".gz") else data)
    return path


ROWS = [
    {"id": "a/1", "text": f"{CHROME}\n{PROSE}", "url": "https://news.example.cn/1.html"},
    {"id": "doc-2", "html": f"<html><head><title>标题</title></head><body><p>{PROSE}</p><p>{PROSE2}</p></body></html>"},
    {"id": "doc-3", "text": "   "},
    {"id": "doc-2", "text": PROSE},
]


@pytest.mark.parametrize("name", ["pages.jsonl", "pages.jsonl.gz"])
def test_cli_cleans_a_jsonl_file(tmp_path, name):
    src = _jsonl(tmp_path / name, ROWS + [{"nothing": 1}])
    (tmp_path / "bad.jsonl").write_text("")
    out = tmp_path / "out"
    assert main(["clean", str(src), str(out), "-q", "-j", "2"]) == 1  # some records fail, listed
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(x) for x in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [d["id"] for d in docs] == ["a/1", "doc-2"]
    assert docs[0]["text"] == PROSE and docs[0]["metadata"]["url"] == "https://news.example.cn/1.html"
    assert docs[1]["metadata"]["kind"] == "html" and PROSE2 in docs[1]["text"]
    assert [(e["id"], e["reason"]) for e in errors] == [("doc-3", "empty"), ("doc-2#line4", "duplicate_id"),
                                                        ("line 5", "bad_record")]
    bodies = sorted(p.name for p in out.glob("*.txt"))  # at the top of OUT, named from the id
    assert bodies == sorted(["doc-2.txt", next(p.name for p in out.glob("a_1~*.txt"))])
    assert (out / "doc-2.txt").read_text(encoding="utf-8") == docs[1]["text"] + "\n"


def _warc(path: Path, pages: list[tuple[str, bytes]]) -> Path:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=path.name.endswith(".gz"))
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, body in pages:
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=gbk")], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(body),
                                                          http_headers=headers))
            writer.write_record(writer.create_warc_record(url, "request", payload=io.BytesIO(b"GET / HTTP/1.1\r\n\r\n")))
    return path


def _html(i: int) -> bytes:
    return (f'<html><head><meta charset="gbk"><title>第{i}篇</title></head><body><div>{CHROME}</div>'
            f"<p>{PROSE}</p><p>{PROSE2}第{i}次。</p></body></html>").encode("gbk")


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_cli_cleans_a_warc_file(tmp_path, name):
    src = _warc(tmp_path / name, [(f"https://www.site.cn/{i}.html", _html(i)) for i in range(4)])
    out = tmp_path / "out"
    assert main(["clean", str(src), str(out), "-q", "-j", "2"]) == 0
    docs = [json.loads(x) for x in (out / "documents.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(docs) == 4 and all(d["id"].startswith("<urn:uuid:") for d in docs)  # response records only
    assert [d["metadata"]["url"] for d in docs] == [f"https://www.site.cn/{i}.html" for i in range(4)]
    assert all(PROSE in d["text"] and CHROME not in d["text"] for d in docs)
    assert docs[0]["metadata"]["encoding"] in ("gb18030", "gbk")
    stats = json.loads((out / "stats" / "site_stats.json").read_text())
    assert stats["sites"]["site.cn"]["pages"] == 4  # site = the URL's host
    assert len(list(out.glob("_urn_uuid_*.txt"))) == 4


def test_jsonl_run_resumes_to_the_same_bytes(tmp_path):
    rows = [{"id": f"p{i}", "text": f"{CHROME}\n{PROSE}\n第{i}段：{PROSE2}", "url": f"https://x.cn/{i}"}
            for i in range(12)]
    src = _jsonl(tmp_path / "in.jsonl", rows)
    whole, part = tmp_path / "whole", tmp_path / "part"
    run_batch(src, whole, workers=2, progress=False)
    run_batch(src, part, workers=1, progress=False)
    # Forget a third of the records and the assembled outputs, as a kill would leave them: resume redoes them.
    records = sorted((part / ".cleaner" / "records").rglob("*.json"))
    for r in records[::3]:
        r.unlink()
    (part / "documents.jsonl").unlink()
    run_batch(src, part, workers=2, progress=False, resume=True)
    for f in ("documents.jsonl", "errors.jsonl", "summary.json", "stats/site_stats.json", "p3.txt"):
        assert (part / f).read_bytes() == (whole / f).read_bytes(), f


def test_iter_pages_streams_records_in_file_order(tmp_path):
    src = _jsonl(tmp_path / "in.jsonl", [{"id": 7, "text": "x", "metadata": {"url": "https://a.cn/"}}, {"html": "<p>y</p>"}])
    pages = list(iter_pages(src))
    assert [(p.rel, p.kind, p.url, p.out) for p in pages] == [("7", "text", "https://a.cn/", "7.txt"),
                                                              ("line 2", "html", None, "line_2~" + pages[1].out[7:])]


def test_unknown_input_is_a_usage_error(tmp_path):
    (tmp_path / "x.csv").write_text("a,b")
    assert main(["clean", str(tmp_path / "x.csv"), str(tmp_path / "out")]) == 2
    assert main(["clean", str(tmp_path / "nope.jsonl"), str(tmp_path / "out")]) == 2
