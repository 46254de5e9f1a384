"""Where a batch's pages come from: a folder of files, a JSONL file, or a WARC file.

`iter_pages(src, ...)` is the one input abstraction every engine uses (the local
runner and `--engine ray`): it streams `Entry`s in input order, each with a page id
unique in the run, its output name, and either a file path (folder) or the page's
content (`data`, for records). Problems found while reading (a JSONL line that is
not a page, a repeated id) come out as entries with a `reason`, in place, so they
land in errors.jsonl in input order like any failed page.

* folder: every file under it (`walk_inputs`); id = path relative to the folder.
* `.jsonl` / `.jsonl.gz`: one JSON object per line: `id`, `html` or `text`, and
  optionally `url` (or `metadata.url`, as datatrove and Dolma write it). A line's
  `html` is cleaned as HTML, its `text` as a text dump (unless `--kind` says
  otherwise). A line without an `id` is named `line N`.
* `.warc` / `.warc.gz`: every `response` record (warcio streams it; gzip members
  are handled by warcio); id = `WARC-Record-ID` (as datatrove's WarcReader names
  it), url = `WARC-Target-URI`, the HTTP body as bytes (encoding detected).

Pages from records are named by `record_out_name(id)` at the top of OUT, and their
site (for the statistics) is the URL's host (`site_of(url, None)`); pages from a
folder keep their sub-folder as site. Ids must be unique: a repeated one is
recorded as `duplicate_id` (the parent keeps an 8-byte digest per record id to
tell: about 70 bytes of memory per page, 0.7 GB for 10 million pages).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

from cleaner.batch.inputs import Entry, record_out_name, walk_inputs
from cleaner.stats import site_of

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")


def input_format(src: str | os.PathLike) -> str:
    """"folder", "jsonl" or "warc" for an input path; ValueError for anything else."""
    p = Path(src)
    if p.is_dir():
        return "folder"
    name = p.name.lower()
    if p.is_file() and name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if p.is_file() and name.endswith(WARC_SUFFIXES):
        return "warc"
    if not p.exists():
        raise ValueError(f"IN does not exist: {src}")
    raise ValueError(f"IN must be a folder, a .jsonl[.gz] file or a .warc[.gz] file: {src}")


def iter_pages(src: str | os.PathLike, include: str | None = None, *, avoid: str | os.PathLike | None = None,
               max_bytes: int | None = None) -> Iterator[Entry]:
    """Stream the pages of `src` (folder, JSONL or WARC file) in input order.

    `include` (a glob on file names) applies to folders; `avoid` is OUT (see
    `walk_inputs`); `max_bytes` caps how much of a WARC record's body is read (a
    longer one is then refused as `too_large` by the worker).
    """
    fmt = input_format(src)
    if fmt == "folder":
        yield from walk_inputs(src, include, avoid=avoid)
    else:
        seen: set[int] = set()
        records = _jsonl(Path(src)) if fmt == "jsonl" else _warc(Path(src), max_bytes)
        for entry in records:
            if not entry.reason:
                digest = int.from_bytes(hashlib.blake2b(entry.rel.encode("utf-8", "surrogatepass"),
                                                        digest_size=8).digest(), "big")
                if digest in seen:
                    yield Entry(f"{entry.rel}#{entry.path.rsplit('#', 1)[-1]}", entry.path, reason="duplicate_id",
                                detail=f"id {entry.rel!r} already used by an earlier record; not cleaned")
                    continue
                seen.add(digest)
            yield entry


def page_site(entry: Entry) -> str:
    """The site a page counts for in the statistics: its URL's host for a record, its sub-folder for a file."""
    if entry.data is not None:
        return site_of(entry.url, None)
    return site_of(None, entry.rel)


def _open(path: Path):
    return gzip.open(path, "rb") if path.name.lower().endswith(".gz") else open(path, "rb")


def _jsonl(path: Path) -> Iterator[Entry]:
    with _open(path) as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            where = f"{path}#line{n}"
            try:
                obj = json.loads(line)
            except ValueError as exc:
                yield Entry(f"line {n}", where, reason="bad_record", detail=f"not JSON: {exc}")
                continue
            if not isinstance(obj, dict):
                yield Entry(f"line {n}", where, reason="bad_record", detail="not a JSON object")
                continue
            page_id = obj.get("id")
            page_id = f"line {n}" if page_id is None or page_id == "" else str(page_id)
            html, text = obj.get("html"), obj.get("text")
            if isinstance(html, str):
                data, kind = html, "html"
            elif isinstance(text, str):
                data, kind = text, "text"
            else:
                yield Entry(page_id, where, reason="bad_record", detail="no 'html' or 'text' string")
                continue
            meta = obj.get("metadata")
            url = obj.get("url") or (meta.get("url") if isinstance(meta, dict) else None)
            yield Entry(page_id, where, out=record_out_name(page_id), data=data,
                        url=url if isinstance(url, str) and url else None, kind=kind)


def _warc(path: Path, max_bytes: int | None) -> Iterator[Entry]:
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as f:
        for n, record in enumerate(ArchiveIterator(f), 1):
            if record.rec_type != "response":
                continue
            page_id = record.rec_headers.get_header("WARC-Record-ID") or f"record {n}"
            url = record.rec_headers.get_header("WARC-Target-URI") or None
            where = f"{path}#record{n}"
            try:
                stream = record.content_stream()
                data = stream.read(max_bytes + 1) if max_bytes else stream.read()
            except Exception as exc:  # noqa: BLE001 - a damaged record is recorded, the file goes on
                yield Entry(page_id, where, reason="bad_record", detail=f"unreadable WARC record: {exc}")
                continue
            yield Entry(page_id, where, out=record_out_name(page_id), data=data, url=url)
