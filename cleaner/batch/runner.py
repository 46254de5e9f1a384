"""Clean a folder of pages, a JSONL file or a WARC file into the output contract (see README: Output contract).

Design (why a killed run, resumed, ends byte-identical to an uninterrupted one):

* The parent streams the input (`iter_pages`: a folder tree sorted, one folder in
  memory at a time; or the records of a JSONL or WARC file in file order), hands chunks of pages to worker processes and keeps only the chunks in
  flight, so memory does not grow with the number of pages.
* Each worker writes a page's body and then its record (the exact line the page
  contributes to documents.jsonl or errors.jsonl) under OUT/.cleaner/records, each
  through a temporary file and a rename. A record on disk means the page is complete;
  nothing else is state. Records do not depend on the worker count or on timing.
* The parent also writes the ordered list of ids (OUT/.cleaner/pages) as it walks.
  When every page has a record it assembles documents.jsonl, errors.jsonl and
  summary.json from the records in that order (temporary names, then renames).
* `resume=True` keeps the records of an earlier run with the same settings (checked
  against OUT/.cleaner/run.json) and cleans only pages without one; temporary files
  of the killed run are dropped. Whatever point the kill hit, the records that exist
  are final and the assembly is redone from all of them, so the outputs are the same
  bytes. Without `resume`, earlier records are discarded and every page is redone.
* Statistics (two passes, the default): a first pass over every page records, per
  page, the hashes of its lines and passages (OUT/.cleaner/survey); they are merged
  in input order into `SiteStats` (saved as OUT/stats/site_stats.json) and handed
  to every worker of the second pass. Survey records are journalled like the rest,
  so resume holds for both passes. `two_pass=False` skips it; `stats_dir` loads
  statistics saved by an earlier run instead.
* Guards: the parent is a watchdog. A page that runs past `page_timeout` gets its
  worker killed and a `timeout` record; a worker that dies (crash, out-of-memory kill)
  gets a `crashed` record for the page it was on; either way a fresh worker takes
  over the rest of the chunk. Workers cap their address space (`max_memory`), so a
  page that needs too much memory is recorded as `memory`.
"""

from __future__ import annotations

import collections
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from multiprocessing.connection import wait
from pathlib import Path

from tqdm import tqdm

from cleaner import __version__
from cleaner.batch.inputs import Entry
from cleaner.batch.sources import input_format, iter_pages
from cleaner.batch.worker import EXTRACTED, Setup, dumps, record_path, worker_main, write_atomic, write_error
from cleaner.config import DEFAULT, Config
from cleaner.report import report_batch
from cleaner.stats import SiteStats

# Pages handed to a worker at a time (a worker holds at most two chunks): large
# enough to amortise inter-process traffic, small enough that a killed worker costs
# little and both cores stay busy at the end of a run.
CHUNKSIZE = 4
# A real page takes well under a second (the 50 MB attribute page about 2 s); a
# minute means the page is pathological, not slow.
PAGE_TIMEOUT = 60.0
# Address space per worker. A worker idles at about 0.5 GB of address space (the
# libraries mapped in); the largest accepted page (50 MB) needs well under 1 GB more.
MAX_MEMORY_MB = 3072


@dataclass
class BatchSummary:
    pages: int = 0
    cleaned: int = 0
    failed: int = 0
    removals_by_reason: Counter = field(default_factory=Counter)
    removals_by_stage: Counter = field(default_factory=Counter)
    removals_by_rule: Counter = field(default_factory=Counter)
    edits_by_rule: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    errors_by_reason: Counter = field(default_factory=Counter)
    statistics: dict | None = None  # what the statistics pass cost and holds (None: no statistics)

    def to_dict(self) -> dict:
        return {
            **({"statistics": self.statistics} if self.statistics is not None else {}),
            "pages": self.pages,
            "cleaned": self.cleaned,
            "failed": self.failed,
            "removals_by_reason": dict(sorted(self.removals_by_reason.items())),
            "removals_by_stage": dict(sorted(self.removals_by_stage.items())),
            "removals_by_rule": dict(sorted(self.removals_by_rule.items())),
            "edits_by_rule": dict(sorted(self.edits_by_rule.items())),
            "flags": dict(sorted(self.flags.items())),
            "errors_by_reason": dict(sorted(self.errors_by_reason.items())),
        }

    def add(self, record: dict) -> None:
        self.pages += 1
        if "text" not in record:
            self.failed += 1
            self.errors_by_reason[record["reason"]] += 1
            return
        self.cleaned += 1
        for r in record["removals"]:
            self.removals_by_reason[r["reason"]] += 1
            self.removals_by_stage[r["stage"]] += 1
            self.removals_by_rule[f'{r["stage"]}/{r["rule"]}'] += 1
        for e in record["edits"]:
            self.edits_by_rule[f'{e["stage"]}/{e["rule"]}'] += 1
        self.flags.update(record["flags"])


class _Worker:
    """One worker process, its pipe, and the pages sent to it but not answered yet (in order)."""

    def __init__(self, ctx, setup: Setup) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child, setup, os.getpid()), daemon=True)
        self.proc.start()
        child.close()
        self.pending: collections.deque[Entry] = collections.deque()
        self.started = time.monotonic()  # when the page at the head of `pending` began

    def send(self, chunk: list[Entry]) -> None:
        if not self.pending:
            self.started = time.monotonic()
        self.pending.extend(chunk)
        # Plain tuples: pickling slotted dataclasses through multiprocessing keeps ~80 bytes each alive.
        self.conn.send([(e.rel, e.path, e.out, e.data, e.url, e.kind) for e in chunk])

    def stop(self, kill: bool = False) -> None:
        if kill and self.proc.is_alive():
            os.kill(self.proc.pid, signal.SIGKILL)
        elif not kill:
            try:
                self.conn.send(None)  # "no more work" (EOF alone is not enough: later workers share the pipe)
            except OSError:
                pass
        self.conn.close()
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()


def _fingerprint(src: Path, kind: str | None, include: str | None, config: Config, stats_mode: str) -> dict:
    """What must match for `resume` to reuse records (the version too: records and
    extractions journalled by another version would mix with this one's)."""
    return {"input": str(src.resolve()), "kind": kind, "include": include, "config": repr(config),
            "statistics": stats_mode, "version": __version__}


def _prepare_state(out: Path, fingerprint: dict, resume: bool) -> Path:
    state = out / ".cleaner"
    run_file = state / "run.json"
    if resume and run_file.exists():
        before = json.loads(run_file.read_text(encoding="utf-8"))
        if before != fingerprint:
            changed = sorted(k for k in fingerprint if before.get(k) != fingerprint[k])
            raise ValueError(f"--resume: {', '.join(changed)} differ from the interrupted run in {out}; "
                             "run without --resume to start over")
    elif state.exists():
        shutil.rmtree(state)
    shutil.rmtree(state / "tmp", ignore_errors=True)
    (state / "tmp").mkdir(parents=True)
    (state / "records").mkdir(exist_ok=True)
    (state / "survey").mkdir(exist_ok=True)
    write_atomic(str(state), str(run_file), json.dumps(fingerprint, sort_keys=True).encode() + b"\n")
    return state


def _check_paths(src: Path, out: Path) -> None:
    is_dir = input_format(src) == "folder"  # ValueError for an unknown kind of input
    s, o = src.resolve(), out.resolve()
    if s == o or (is_dir and o.is_relative_to(s)):
        raise ValueError(f"OUT ({out}) must not be inside IN ({src}): the input tree is never written to")
    if s.is_relative_to(o):
        raise ValueError(f"IN ({src}) must not be inside OUT ({out}): outputs could land in the input tree")
    if out.exists() and not out.is_dir():
        raise ValueError(f"OUT must be a folder: {out}")


def run_batch(src: Path, out: Path, *, workers: int | None = None, kind: str | None = None,
              config: Config = DEFAULT, progress: bool = True, include: str | None = None,
              resume: bool = False, page_timeout: float = PAGE_TIMEOUT,
              max_memory_mb: int | None = MAX_MEMORY_MB, chunksize: int = CHUNKSIZE,
              two_pass: bool = True, stats_dir: Path | None = None) -> BatchSummary:
    """Clean every page of `src` (a folder, a .jsonl[.gz] or a .warc[.gz] file) into `out`.

    Returns the summary (also written to out).

    Raises ValueError for unusable arguments (the CLI's exit status 2).
    """
    src, out = Path(src), Path(out)
    _check_paths(src, out)
    out.mkdir(parents=True, exist_ok=True)
    stats_mode = f"loaded:{Path(stats_dir).resolve()}" if stats_dir else ("two-pass" if two_pass else "single-pass")
    state = _prepare_state(out, _fingerprint(src, kind, include, config, stats_mode), resume)
    setup = Setup(out=str(out), kind=kind, config=config,
                  max_memory=max_memory_mb * 2**20 if max_memory_mb else None, reuse_extraction=two_pass and not stats_dir)
    n = workers or os.cpu_count() or 1
    statistics = None
    if stats_dir:
        setup = replace(setup, stats=SiteStats.load(Path(stats_dir)))
        statistics = _describe(setup.stats, source=str(stats_dir))
    elif two_pass:
        setup, statistics = _statistics_pass(setup, src, out, include, n, page_timeout, chunksize, progress)
    bar = tqdm(unit="page", disable=not progress, file=sys.stderr, mininterval=0.5)
    try:
        with open(state / "pages.tmp", "wb") as listing:
            todo = _pages_to_clean(setup, _inputs(setup, src, include), listing, bar)
            _run_workers(setup, todo, n, page_timeout, chunksize, bar)
        os.replace(state / "pages.tmp", state / "pages")
    finally:
        bar.close()
    summary = _assemble(setup, state, statistics)
    shutil.rmtree(state / EXTRACTED, ignore_errors=True)  # every page has its record: no longer needed
    # OUT/report.html; page views re-read their input from a folder (records: the view lists the cuts)
    return report_batch(summary, src if src.is_dir() else None, out, config=config, workers=workers)


def _inputs(setup: Setup, src: Path, include: str | None) -> Iterator[Entry]:
    return iter_pages(src, include, avoid=setup.out, max_bytes=setup.config.max_input_bytes)


def _statistics_pass(setup: Setup, src: Path, out: Path, include: str | None, n: int, page_timeout: float,
                     chunksize: int, progress: bool) -> tuple[Setup, dict]:
    """Pass 1: survey every page (journalled), merge in input order, save OUT/stats/."""
    survey_setup = replace(setup, survey=True)
    bar = tqdm(unit="page", desc="statistics", disable=not progress, file=sys.stderr, mininterval=0.5)
    try:
        todo = _pages_to_clean(survey_setup, _inputs(setup, src, include), None, bar)
        _run_workers(survey_setup, todo, n, page_timeout, chunksize, bar)
    finally:
        bar.close()
    stats = SiteStats()
    for entry in _inputs(setup, src, include):
        path = record_path(setup.state, entry.rel, "survey")
        if entry.reason or not os.path.exists(path):
            continue  # unreadable, or failed in the survey (its record says why)
        with open(path, "rb") as f:
            rec = json.loads(f.read())
        stats.add_page(rec["site"], {int(h, 16) for h in rec["lines"]}, {int(h, 16) for h in rec["passages"]})
    stats.save(out / "stats")
    return replace(setup, stats=stats), _describe(stats, source="first pass")


def _describe(stats: SiteStats, *, source: str) -> dict:
    """The statistics' footprint for summary.json (no timings: they would break byte-identity)."""
    return {"source": source, "pages": stats.pages, "sites": len(stats.sites),
            "line_entries": sum(len(t.lines) for t in stats.sites.values()), "passage_entries": len(stats.passages),
            "pruned": stats.pruned, "memory_bytes": stats.memory_bytes()}


def _pages_to_clean(setup: Setup, entries: Iterator[Entry], listing, bar) -> Iterator[Entry]:
    """Pages that still need a worker, in order; lists every id (`listing`, pass 2 only).
    Walk problems are recorded here."""
    done_kind = "survey" if setup.survey else "records"
    for entry in entries:
        if listing is not None:
            listing.write(dumps({"id": entry.rel}))
        finished = os.path.exists(record_path(setup.state, entry.rel, done_kind))
        if finished or (setup.survey and os.path.exists(record_path(setup.state, entry.rel))):  # done earlier
            bar.update()
        elif entry.reason and setup.survey:
            bar.update()  # the second pass records it
        elif entry.reason:
            write_error(setup, Entry(entry.rel, entry.path), entry.reason, entry.detail)
            bar.update()
        else:
            yield entry


def _chunks(pages: Iterator[Entry], size: int) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    for page in pages:
        chunk.append(page)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _run_workers(setup: Setup, pages: Iterator[Entry], n: int, page_timeout: float, chunksize: int, bar) -> None:
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    chunks = _chunks(pages, chunksize)
    pool = [_Worker(ctx, setup) for _ in range(n)]
    exhausted = False
    try:
        while True:
            for w in pool:  # keep every worker fed: at most two chunks each
                while not exhausted and len(w.pending) <= chunksize:
                    chunk = next(chunks, None)
                    if chunk is None:
                        exhausted = True
                    else:
                        w.send(chunk)
            busy = [w for w in pool if w.pending]
            if not busy:
                break
            now = time.monotonic()
            timeout = max(0.0, min(w.started + page_timeout - now for w in busy))
            wait([w.conn for w in busy] + [w.proc.sentinel for w in busy], timeout=min(timeout, 1.0))
            for i, w in enumerate(pool):
                pool[i] = _tend(ctx, setup, w, page_timeout, bar)
    finally:
        for w in pool:
            w.stop(kill=bool(w.pending))


def _tend(ctx, setup: Setup, w: _Worker, page_timeout: float, bar) -> _Worker:
    """Take a worker's answers; replace it if it died, retired or overran the time limit."""
    retire = dead = False
    alive = w.proc.is_alive()  # checked first: a worker found dead has all its answers in the pipe
    try:
        while w.pending and w.conn.poll():
            rel, _ok, retire = w.conn.recv()
            done = w.pending.popleft()
            assert done.rel == rel, (done.rel, rel)
            w.started = time.monotonic()
            bar.update()
            if retire:
                break
    except (EOFError, OSError):
        dead = True
    if not (retire or dead or not alive):
        if w.pending and time.monotonic() - w.started > page_timeout:
            page = w.pending.popleft()
            w.stop(kill=True)
            write_error(setup, page, "timeout", f"still running after {page_timeout:g} s; worker stopped")
            bar.update()
            return _replace(ctx, setup, w)
        return w
    w.stop(kill=True)
    if not retire and w.pending:
        page = w.pending.popleft()
        code = w.proc.exitcode
        how = f"signal {signal.Signals(-code).name}" if code and code < 0 else f"exit status {code}"
        hint = " (killed for memory?)" if code == -signal.SIGKILL else ""
        write_error(setup, page, "crashed", f"worker died ({how}){hint} while cleaning this page")
        bar.update()
    return _replace(ctx, setup, w)


def _replace(ctx, setup: Setup, old: _Worker) -> _Worker:
    new = _Worker(ctx, setup)
    rest = list(old.pending)
    if rest:
        new.send(rest)
    return new


def _assemble(setup: Setup, state: Path, statistics: dict | None = None) -> BatchSummary:
    """documents.jsonl, errors.jsonl and summary.json from the records, in input order."""
    out = Path(setup.out)
    summary = BatchSummary(statistics=statistics)
    docs_tmp, errs_tmp = state / "documents.jsonl.tmp", state / "errors.jsonl.tmp"
    with open(state / "pages", "rb") as pages, open(docs_tmp, "wb") as docs, open(errs_tmp, "wb") as errs:
        for line in pages:
            rel = json.loads(line)["id"]
            with open(record_path(str(state), rel), "rb") as f:
                raw = f.read()
            record = json.loads(raw)
            summary.add(record)
            (docs if "text" in record else errs).write(raw)
    os.replace(docs_tmp, out / "documents.jsonl")
    os.replace(errs_tmp, out / "errors.jsonl")
    write_atomic(str(state), str(out / "summary.json"),
                 (json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return summary
