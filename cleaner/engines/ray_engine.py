"""`cleaner clean --engine ray`: the batch on Ray Data, same output contract, same bytes.

Needs the `ray` extra (`pip install 'cleaner[ray]'`). Without `address` a local Ray
is started (and stopped at the end) with `num_cpus` CPUs; with one (`auto`,
`ray://host:10001`, `host:6379`) the run uses that cluster. Every node must have
cleaner installed and see IN at the same path (a shared file system); OUT is written
by the driver alone.

How it runs (each step a Ray Data operator, streamed):

1. read: one task per input (folder, JSONL or WARC file) runs `iter_pages`, the
   local engine's input abstraction, and numbers the pages in input order (`idx`).
   Rows are then cut into small blocks so every CPU gets work.
2. statistics (two-pass, the default): `map_batches` surveys pages (the local
   worker's `survey_entry`) and emits partial counts per batch (site x line hash,
   passage hash, pages per site); a `groupby(table, hash).sum` merges them across
   the cluster. The driver keeps what `SiteStats` keeps (entries on two pages or
   more, plus the totals summary.json reports), saves OUT/stats/, and broadcasts the
   statistics once (`ray.put`) to the cleaning actors.
3. clean: `map_batches` tasks run the local worker's `clean_entry` (so
   records are the same bytes); pages for which the read step found a problem get
   the same error record.
4. write: rows are sorted by `idx` (a distributed sort) and the driver streams them
   into OUT: bodies, documents.jsonl, errors.jsonl, summary.json (the local
   runner's `BatchSummary`), then report.html.

Differences from the local engine, by design: no journal and no `--resume` (Ray
retries a task whose worker died; a run that fails is run again); no per-page time
or memory guard (a page that hangs holds its task); the statistics are exact counts
(the local engine drops singletons once a table passes `SiteStats.max_entries`, so
on batches that large `pruned` and rare borderline counts can differ).
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections import Counter
from pathlib import Path

import numpy as np

from cleaner.batch.inputs import Entry
from cleaner.batch.runner import BatchSummary, _check_paths, _describe
from cleaner.batch.sources import iter_pages
from cleaner.batch.worker import STATE_DIR, Setup, clean_entry, error_line, survey_entry, write_atomic
from cleaner.config import DEFAULT, Config
from cleaner.report import report_batch
from cleaner.stats import SiteStats
from cleaner.stats.site import SiteTable

# Pages per block after the read step and per batch in the map steps: small, so a
# few dozen pages already spread over every CPU; large enough that scheduling is cheap.
ROWS_PER_BLOCK = 8
_SIGN = 1 << 63


def _to_i64(h: int) -> int:
    return h - (1 << 64) if h >= _SIGN else h


def _from_i64(h: int) -> int:
    return h + (1 << 64) if h < 0 else h


def _entry_row(e: Entry) -> tuple:
    return (e.rel, e.path, e.out, e.reason, e.detail, e.data, e.url, e.kind)


def _read_pages(batch: dict, *, include: str | None, avoid: str, max_bytes: int):
    """Read step (one task per input): the pages in input order, numbered. A generator: rows stream out."""
    for src in batch["src"]:
        idx, rows = 0, []
        for entry in iter_pages(src, include, avoid=avoid, max_bytes=max_bytes):
            rows.append(pickle.dumps(_entry_row(entry), protocol=pickle.HIGHEST_PROTOCOL))
            idx += 1
            if len(rows) == ROWS_PER_BLOCK * 8:
                yield {"idx": np.arange(idx - len(rows), idx, dtype=np.int64), "entry": np.array(rows, dtype=object)}
                rows = []
        if rows:
            yield {"idx": np.arange(idx - len(rows), idx, dtype=np.int64), "entry": np.array(rows, dtype=object)}


def _entry(blob: bytes) -> Entry:
    rel, path, out, reason, detail, data, url, kind = pickle.loads(blob)
    return Entry(rel, path, out, reason, detail, data=data, url=url, kind=kind)


def _survey_batch(batch: dict, *, setup: Setup) -> dict:
    """Statistics step: partial counts of one batch. Tables: "S" + site (pages), "L" + site (lines), "P" (passages)."""
    counts: Counter = Counter()
    for blob in batch["entry"]:
        entry = _entry(blob)
        if entry.reason:
            continue
        site, lines, passages, _, _ = survey_entry(setup, entry)
        counts["S" + site, 0] += 1
        counts.update(("L" + site, _to_i64(h)) for h in lines)
        counts.update(("P", _to_i64(h)) for h in passages)
    keys = list(counts)
    return {"table": np.array([k[0] for k in keys], dtype=object),
            "hash": np.array([k[1] for k in keys], dtype=np.int64),
            "n": np.array([counts[k] for k in keys], dtype=np.int64)}


def _tally(batch: dict) -> dict:
    """Distinct entries per kind of table in a batch of merged counts (summary.json reports them)."""
    kinds = Counter(t[0] for t in batch["table"])
    return {"kind": np.array(list(kinds), dtype=object), "entries": np.array(list(kinds.values()), dtype=np.int64)}


def _kept(batch: dict, *, keep: int) -> dict:
    """The merged counts SiteStats keeps: every site's page count, entries seen on `keep` pages or more."""
    mask = np.array([t[0] == "S" for t in batch["table"]], dtype=bool) | (batch["sum(n)"] >= keep)
    return {k: v[mask] for k, v in batch.items()}


# Statistics received by this worker process, by object id: every task of a run uses the same
# object, so each process deserialises it once (tasks, not an actor pool: actors would hold the
# CPUs that the sort after them needs).
_STATS: dict[str, SiteStats] = {}


def _clean_batch(batch: dict, *, setup: Setup, stats_ref: list) -> dict:
    """Cleaning step: the local worker's `clean_entry` over a batch, with the broadcast statistics."""
    if stats_ref:
        import ray

        key = stats_ref[0].hex()
        if key not in _STATS:
            _STATS.clear()
            _STATS[key] = ray.get(stats_ref[0])
        setup = Setup(out=setup.out, kind=setup.kind, config=setup.config, stats=_STATS[key])
    records, bodies, outs, ok = [], [], [], []
    for blob in batch["entry"]:
        entry = _entry(blob)
        if entry.reason:
            record, body = error_line(entry, entry.reason, entry.detail), None
        else:
            record, body, _ = clean_entry(setup, entry)
        records.append(record)
        bodies.append(body or b"")
        outs.append(entry.out)
        ok.append(body is not None)
    return {"idx": batch["idx"], "record": np.array(records, dtype=object),
            "body": np.array(bodies, dtype=object), "out": np.array(outs, dtype=object),
            "ok": np.array(ok, dtype=bool)}


def run_ray(src: Path, out: Path, *, address: str | None = None, num_cpus: int | None = None,
            kind: str | None = None, config: Config = DEFAULT, progress: bool = True, include: str | None = None,
            two_pass: bool = True, stats_dir: Path | None = None) -> BatchSummary:
    """Clean `src` (folder, JSONL or WARC file) into `out` on Ray; the files are those of `run_batch`, byte for byte.

    Raises ValueError for unusable arguments; ImportError when the `ray` extra is missing.
    """
    import ray

    src, out = Path(src), Path(out)
    _check_paths(src, out)
    out.mkdir(parents=True, exist_ok=True)
    state = out / STATE_DIR  # a local run's journal would not match these outputs: dropped
    shutil.rmtree(state, ignore_errors=True)
    (state / "tmp").mkdir(parents=True)
    started = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, logging_level="ERROR", log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus or os.cpu_count() or 1, include_dashboard=False, logging_level="ERROR",
                     log_to_driver=False)
        started = True
    try:
        ctx = ray.data.DataContext.get_current()
        ctx.enable_progress_bars = progress
        ctx.execution_options.verbose_progress = False
        setup = Setup(out=str(out), kind=kind, config=config)
        pages = (ray.data.from_items([{"src": str(src.resolve())}])
                 .map_batches(_read_pages, batch_size=1, num_cpus=0, fn_kwargs={"include": include, "avoid": str(out.resolve()),
                                                                    "max_bytes": config.max_input_bytes})
                 .repartition(target_num_rows_per_block=ROWS_PER_BLOCK))
        statistics, stats = None, None
        if stats_dir:
            stats = SiteStats.load(Path(stats_dir))
            statistics = _describe(stats, source=str(stats_dir))
        elif two_pass:
            stats, statistics = _statistics(pages, setup, out)
        cleaned = pages.map_batches(_clean_batch, batch_size=ROWS_PER_BLOCK,
                                    fn_kwargs={"setup": setup, "stats_ref": [ray.put(stats)] if stats else []})
        summary = _write(cleaned.sort("idx"), out, state, statistics)
    finally:
        if started:
            ray.shutdown()
    shutil.rmtree(state, ignore_errors=True)
    return report_batch(summary, src if src.is_dir() else None, out, config=config, workers=num_cpus)


def _statistics(pages, setup: Setup, out: Path) -> tuple[SiteStats, dict]:
    """Pass 1 as a distributed aggregation; returns the statistics and their summary.json footprint."""
    stats = SiteStats()
    merged = (pages.map_batches(_survey_batch, batch_size=ROWS_PER_BLOCK, fn_kwargs={"setup": setup})
              .groupby(["table", "hash"]).sum("n").materialize())
    totals: Counter = Counter()
    for batch in merged.map_batches(_tally).iter_batches(batch_format="numpy"):
        for k, n in zip(batch["kind"], batch["entries"].tolist(), strict=True):  # batches hold many tallies
            totals[k] += n
    keep = min(2, stats.min_pages)
    kept = merged.map_batches(_kept, fn_kwargs={"keep": keep})
    for batch in kept.iter_batches(batch_format="numpy"):
        for table, h, n in zip(batch["table"], batch["hash"].tolist(), batch["sum(n)"].tolist(), strict=True):
            if table[0] == "S":
                stats.sites.setdefault(table[1:], SiteTable()).pages = n
                stats.pages += n
            elif table[0] == "L":
                stats.sites.setdefault(table[1:], SiteTable()).lines[_from_i64(h)] = n
            else:
                stats.passages[_from_i64(h)] = n
    stats.save(out / "stats")
    statistics = _describe(stats, source="first pass")
    # What the local engine's in-memory tables hold includes entries seen once: count them too.
    statistics.update(line_entries=int(totals["L"]), passage_entries=int(totals["P"]),
                      memory_bytes=int(totals["L"] + totals["P"]) * 100)
    return stats, statistics


def _write(rows, out: Path, state: Path, statistics: dict | None) -> BatchSummary:
    """Stream the cleaned rows (sorted by idx) into OUT, as the local runner's assembly writes them."""
    import json

    summary = BatchSummary(statistics=statistics)
    docs_tmp, errs_tmp = state / "documents.jsonl.tmp", state / "errors.jsonl.tmp"
    with open(docs_tmp, "wb") as docs, open(errs_tmp, "wb") as errs:
        for batch in rows.iter_batches(batch_format="numpy"):
            for record, body, name, ok in zip(batch["record"], batch["body"], batch["out"], batch["ok"], strict=True):
                summary.add(json.loads(record))
                if ok:
                    write_atomic(str(state), str(out / name), bytes(body))
                    docs.write(record)
                else:
                    if name:
                        try:
                            os.unlink(out / name)
                        except FileNotFoundError:
                            pass
                    errs.write(record)
    os.replace(docs_tmp, out / "documents.jsonl")
    os.replace(errs_tmp, out / "errors.jsonl")
    write_atomic(str(state), str(out / "summary.json"),
                 (json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return summary
