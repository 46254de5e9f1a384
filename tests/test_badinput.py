"""Bad input through a batch: every kind gets a clear record (an error, or a document) and the batch goes on."""

from __future__ import annotations

import codecs
import gzip
import json
from pathlib import Path

import pytest

import cleaner
from cleaner.batch import run_batch

ARTICLE = "今天天气很好，我们去公园散步，看到了很多人在锻炼身体，大家都很开心。"
ENGLISH = "The weather was fine today, so we walked in the park and saw many people exercising there."
PAGE = f"<html><body><p>{ARTICLE}</p></body></html>"


def _inputs(root: Path) -> dict[str, bytes | int]:
    """name -> bytes, or a size for a sparse file (created without writing its bytes)."""
    return {
        "image.png": b"\x89PNG\r\n\x1a\n" + bytes(300),
        "scan.jpg": b"\xff\xd8\xff\xe0" + bytes(300),
        "doc.pdf": b"%PDF-1.4\n" + bytes(range(256)),
        "page.html.gz": gzip.compress(PAGE.encode()),
        "empty.txt": b"",
        "blank.txt": b" \n\t\r\n  \n",
        "huge.txt": 200 * 2**20,                       # 200 MB: refused by size, never read
        "utf16-bom.txt": codecs.BOM_UTF16_LE + (ARTICLE * 3).encode("utf-16-le"),
        "utf16be-bom.txt": codecs.BOM_UTF16_BE + (ARTICLE * 3).encode("utf-16-be"),
        "utf16-nobom-latin.txt": (ENGLISH * 3).encode("utf-16-le"),
        "mixed.txt": (ARTICLE * 2).encode("utf-8") + b"\n" + (ARTICLE * 2).encode("gbk"),
        "invalid.txt": (ARTICLE * 3).encode("utf-8")[:50] + b"\xff\xfe\xc3" + (ARTICLE * 3).encode("utf-8")[50:],
        "nul.txt": (ARTICLE * 2 + "\x00" + ARTICLE * 2).encode(),
        "deep.html": ("<html><body>" + "<div>" * 100_000 + f"<p>{ARTICLE}</p>" + "</div>" * 100_000
                      + "</body></html>").encode(),
        "unclosed.html": f"<html><body><div><p>{ARTICLE}<p><b>粗体<i>斜体 <a href='x".encode(),
        "attr.html": (f'<html><body><p>{ARTICLE}</p><img alt="' + "a" * 50_000_000 + '"></body></html>').encode(),
        "chrome.txt": "首页 | 新闻 | 体育 | 财经\n您现在的位置：首页 > 新闻\n版权所有 © 2024 本站\n".encode(),
    }


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    src, out = root / "in", root / "out"
    src.mkdir()
    for name, data in _inputs(root).items():
        with open(src / name, "wb") as f:
            if isinstance(data, int):
                f.truncate(data)
            else:
                f.write(data)
    summary = run_batch(src, out, workers=2, progress=False)
    docs = {r["id"]: r for r in map(json.loads, (out / "documents.jsonl").read_text(encoding="utf-8").splitlines())}
    errors = {r["id"]: r for r in map(json.loads, (out / "errors.jsonl").read_text(encoding="utf-8").splitlines())}
    return summary, docs, errors, out


@pytest.mark.parametrize(("name", "reason"), [
    ("image.png", "binary"), ("scan.jpg", "binary"), ("doc.pdf", "binary"), ("page.html.gz", "binary"),
    ("empty.txt", "empty"), ("blank.txt", "empty"), ("huge.txt", "too_large"),
])
def test_refused_with_a_clear_error(batch, name, reason):
    _, docs, errors, out = batch
    assert errors[name]["reason"] == reason and errors[name]["detail"]
    assert name not in docs


@pytest.mark.parametrize(("name", "encoding"), [
    ("utf16-bom.txt", "utf-16-le"), ("utf16be-bom.txt", "utf-16-be"), ("utf16-nobom-latin.txt", "utf-16-le"),
])
def test_utf16_is_read(batch, name, encoding):
    docs = batch[1]
    assert docs[name]["metadata"]["encoding"] == encoding
    assert (ARTICLE in docs[name]["text"]) or (ENGLISH[:40] in docs[name]["text"])


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_bom_is_read(codec):
    result = cleaner.clean((ARTICLE * 3).encode(codec))
    assert ARTICLE in result.text and result.metadata.encoding == codec


@pytest.mark.parametrize("name", ["mixed.txt", "invalid.txt", "nul.txt", "deep.html", "unclosed.html", "attr.html"])
def test_damaged_pages_are_cleaned_not_crashed(batch, name):
    _, docs, errors, out = batch
    assert name in docs, errors.get(name)
    assert (out / (name.rsplit(".", 1)[0] + ".txt")).exists()


@pytest.mark.parametrize("name", ["invalid.txt", "nul.txt", "deep.html", "unclosed.html", "attr.html"])
def test_damaged_pages_keep_their_article(batch, name):
    assert ARTICLE in batch[1][name]["text"]


def test_all_chrome_page_is_a_document_flagged_no_body(batch):
    _, docs, _, out = batch
    assert docs["chrome.txt"]["text"] == "" and "no_body" in docs["chrome.txt"]["flags"]
    assert (out / "chrome.txt").read_bytes() == b""


def test_batch_counts_every_bad_page(batch):
    summary, docs, errors, _ = batch
    assert summary.pages == len(_inputs(Path("."))) == len(docs) + len(errors)
    assert summary.failed == len(errors) == 7
