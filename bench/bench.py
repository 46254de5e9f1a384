"""Throughput and memory of text mode and HTML mode, against references measured in the same run.

    .venv/bin/python bench/bench.py [--sets DIR] [--megabytes 50 | --quick] [--workers 2] [--json FILE]

Pages: text mode gets the plain-text dumps of SETS/dev-dump/pages and SETS/seeds/pages
(*.txt), HTML mode the pages of SETS/dev-html/pages (*.html); SETS defaults to
../shared/eval/sets beside the repo. Each mode's page list is repeated until it holds
at least --megabytes of input (default 50, as the issue asks; --quick is 5 MB, and
any smaller figure works for a smoke run; the default run takes about 8 minutes on
2 cores). Every figure below is over that whole workload, each page measured once.

Single core, in this process, after a warm-up (the lazy character model is loaded
and every side runs on a few pages first):
- text: `cleaner.clean(raw_bytes, kind="text")` (decoding included) against
  `ftfy.fix_text(text)` alone and one regex pass, `re.compile(r"[\\u4e00-\\u9fff]+").findall(text)`,
  over the same pages decoded beforehand by `cleaner.read.decode` (not timed);
- html: `cleaner.clean(raw_bytes, kind="html")` (the default extractor cascade) and
  `cleaner.clean` with `Config(html_extractor="density")` (trafilatura never run; its
  F1 is `make eval`'s density_only) against `trafilatura.extract(raw_bytes)` with
  default settings (it decodes by itself).
The sides alternate pass by pass (one pass = the distinct page list once), so a busy
machine's noise falls on all of them alike; the times of all passes are summed. The
CPU column is CPU seconds / wall-clock seconds (per process): well under 100% means
other processes took the core and the figures are low.
MB are 10^6 bytes of raw input, the same for every side of a mode, so a MB/s ratio
is a time ratio over the same text.

Scaling: a spawn `multiprocessing.Pool` of 1, then --workers processes cleans the
same workload (both modes); workers warm up in their initializer and a barrier
starts the clock once all are ready; they get file paths in chunks (imap_unordered,
--chunksize) and return only (pid, len(text), peak RSS, CPU s). Peak RSS per worker is
`getrusage(RUSAGE_SELF).ru_maxrss` in the worker, the maximum over workers and runs.
Each run also prints the load average when its clock starts and its CPU column, the
workers' CPU seconds / (wall clock x workers): well under 100% means they waited
for a core (other processes on the machine), so the scaling ratio says more about
the machine than about the cleaner. --workers 0 skips it.

Site-statistics pass (the batch's first pass), single core in this process, through the
batch's own code: `cleaner.batch.worker.survey_page` per page (read, `cleaner.survey`,
journal record written under a temporary OUT/.cleaner/survey), then the parent's merge
(read each record back, `SiteStats.add_page`; every page counts for one site, as files
of one folder do; serial in a real batch) and `SiteStats.save`. Per million pages:
seconds = measured seconds per page x 10^6 (survey and merge apart, then core-hours).
Bytes: the survey journal (measured bytes per page x 10^6, apparent size of 10^6 small
files), and the statistics tables, extrapolated from the new hash entries per distinct
page and capped at `SiteStats.max_entries` per table (one line table per site plus the
passage table), in memory at the 100 bytes an entry `SiteStats.memory_bytes` counts
and saved at the measured JSON bytes per entry (an upper bound: the file keeps only
entries seen on two pages or more).

Prints a table, then each ratio with its target and PASS/MISS. Exit status 0
whatever the figures (a benchmark, not a test); --json FILE writes them all.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cleaner  # noqa: E402
from cleaner.batch.inputs import Entry  # noqa: E402
from cleaner.batch.worker import Setup, record_path, survey_page  # noqa: E402
from cleaner.config import Config  # noqa: E402
from cleaner.read import decode  # noqa: E402
from cleaner.repair import charmodel  # noqa: E402
from cleaner.stats import SiteStats  # noqa: E402

DEFAULT_SETS = ROOT.parent / "shared" / "eval" / "sets"
PAGE_DIRS = {"text": (("dev-dump", "pages"), ("seeds", "pages")), "html": (("dev-html", "pages"),)}
SUFFIXES = {"text": (".txt",), "html": (".html", ".htm")}
QUICK_MEGABYTES = 5.0
REGEX = re.compile(r"[\u4e00-\u9fff]+")
WARMUP_PAGES = 5
MILLION = 1_000_000
TARGETS = {  # name: (comparison, threshold)
    "text_mb_s_per_core": (">=", 10.0),
    "text_vs_ftfy": (">=", 5.0),
    "text_vs_regex": (None, None),
    "html_vs_trafilatura_pages": (">=", 1.5),
    "html_density_vs_trafilatura_pages": (">=", 1.5),
    "scaling_text": (">=", 1.8),
    "scaling_html": (">=", 1.8),
    "peak_rss_mb_per_worker": ("<", 300.0),
}


# -- workload -------------------------------------------------------------------------
def page_paths(sets: Path, mode: str) -> list[Path]:
    paths: list[Path] = []
    for parts in PAGE_DIRS[mode]:
        folder = sets.joinpath(*parts)
        if folder.is_dir():
            paths += sorted(f for f in folder.iterdir() if f.suffix.lower() in SUFFIXES[mode])
    return paths


def passes(sizes: list[int], megabytes: float) -> list[list[int]]:
    """The workload as passes over the distinct pages (indices), repeated until it holds `megabytes`."""
    target, total, out = megabytes * 1e6, 0, []
    while total < target:
        block = []
        for i, size in enumerate(sizes):
            block.append(i)
            total += size
            if total >= target:
                break
        out.append(block)
    return out


# -- single core ----------------------------------------------------------------------
def warm_up() -> None:
    """Load what is lazy (the character model alone takes ~0.8 s) so it does not pollute a measurement."""
    charmodel.load()
    cleaner.clean("欢迎访问本站\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。", kind="text")


def alternate(sides: dict[str, tuple[Callable, list]], blocks: list[list[int]]) -> dict[str, tuple[float, float]]:
    """(wall-clock seconds, CPU seconds) per side over all blocks, the sides taking turns block by block."""
    for fn, inputs in sides.values():
        for x in inputs[:WARMUP_PAGES]:
            fn(x)
    seconds = {name: [0.0, 0.0] for name in sides}
    for block in blocks:
        for name, (fn, inputs) in sides.items():
            start, cpu = time.perf_counter(), time.process_time()
            for i in block:
                fn(inputs[i])
            seconds[name][0] += time.perf_counter() - start
            seconds[name][1] += time.process_time() - cpu
    return {name: (wall, cpu) for name, (wall, cpu) in seconds.items()}


def rate(seconds: float, pages: int, nbytes: int, cpu_busy: float | None = None) -> dict:
    """Throughput over the wall clock; `cpu_busy` is CPU seconds / (wall clock x processes)."""
    return {"seconds": seconds, "pages": pages, "megabytes": nbytes / 1e6,
            "pages_per_s": pages / seconds, "mb_per_s": nbytes / 1e6 / seconds, "cpu_busy": cpu_busy}


def single_core(mode: str, raw: list[bytes], blocks: list[list[int]]) -> dict[str, dict]:
    pages = sum(len(b) for b in blocks)
    nbytes = sum(len(raw[i]) for b in blocks for i in b)
    if mode == "text":
        import ftfy
        texts = [decode(data).text for data in raw]
        sides = {"cleaner.clean": (lambda data: cleaner.clean(data, kind="text"), raw),
                 "ftfy.fix_text": (ftfy.fix_text, texts),
                 "regex": (REGEX.findall, texts)}
    else:
        import trafilatura
        density = Config(html_extractor="density")
        sides = {"cleaner.clean": (lambda data: cleaner.clean(data, kind="html"), raw),
                 "cleaner.clean density": (lambda data: cleaner.clean(data, kind="html", config=density), raw),
                 "trafilatura.extract": (trafilatura.extract, raw)}
    return {name: rate(wall, pages, nbytes, cpu / wall) for name, (wall, cpu) in alternate(sides, blocks).items()}


# -- worker processes -----------------------------------------------------------------
_cpu_at_start = 0.0  # in a worker: its CPU seconds when the clock started (after the warm-up)


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _worker_init(warm: list[tuple[str, str]], barrier) -> None:
    global _cpu_at_start
    warm_up()
    for path, kind in warm:
        cleaner.clean(Path(path).read_bytes(), kind=kind)
    _cpu_at_start = _cpu_seconds()
    barrier.wait()


def _worker_clean(item: tuple[str, str]) -> tuple[int, int, int, float]:
    """(pid, length of the text, peak RSS in KiB, CPU seconds since the clock started)."""
    path, kind = item
    text = cleaner.clean(Path(path).read_bytes(), kind=kind).text
    return os.getpid(), len(text), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, _cpu_seconds() - _cpu_at_start


def pool_run(workers: int, items: list[tuple[str, str]], nbytes: int, chunksize: int) -> dict:
    """Wall-clock throughput of `workers` spawned processes over `items`, and each one's peak RSS (MB)."""
    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(workers + 1)
    rss: dict[int, int] = {}
    cpu: dict[int, float] = {}
    with ctx.Pool(workers, initializer=_worker_init, initargs=(items[:1], barrier)) as pool:
        barrier.wait(timeout=300)
        load = os.getloadavg()[0]
        start = time.perf_counter()
        for pid, _, maxrss, seconds in pool.imap_unordered(_worker_clean, items, chunksize=chunksize):
            rss[pid] = max(rss.get(pid, 0), maxrss)
            cpu[pid] = max(cpu.get(pid, 0.0), seconds)
        seconds = time.perf_counter() - start
    out = rate(seconds, len(items), nbytes, sum(cpu.values()) / (seconds * workers))  # < 1: workers waited
    out.update(workers=workers, pages_per_s_per_core=out["pages_per_s"] / workers,
               mb_per_s_per_core=out["mb_per_s"] / workers, load_average=load,
               peak_rss_mb={str(pid): kib / 1024 for pid, kib in sorted(rss.items())})
    return out


def scaling(mode: str, paths: list[Path], raw: list[bytes], blocks: list[list[int]], workers: int,
            chunksize: int) -> dict:
    items = [(str(paths[i]), mode) for b in blocks for i in b]
    nbytes = sum(len(raw[i]) for b in blocks for i in b)
    one = pool_run(1, items, nbytes, chunksize)
    many = pool_run(workers, items, nbytes, chunksize)
    return {"single": one, "multi": many, "ratio": many["pages_per_s"] / one["pages_per_s"]}


# -- site statistics ------------------------------------------------------------------
def survey_cost(mode: str, paths: list[Path], raw: list[bytes], blocks: list[list[int]]) -> dict:
    """The batch's first pass as its workers and parent do it, in this process (see the module doc)."""
    with tempfile.TemporaryDirectory() as out:
        setup = Setup(out=out, kind=mode, config=Config(), survey=True)
        os.makedirs(os.path.join(setup.state, "tmp"))
        entries = [(i, Entry(f"{n:05d}/{paths[i].name}", str(paths[i]))) for n, b in enumerate(blocks) for i in b]
        for i in range(min(WARMUP_PAGES, len(paths))):
            cleaner.survey(raw[i], kind=mode)
        start = time.perf_counter()
        for _, entry in entries:  # pass 1 in the workers: read, survey, journal record
            survey_page(setup, entry)
        surveyed = time.perf_counter() - start
        journal = sum(os.path.getsize(record_path(setup.state, e.rel, "survey")) for _, e in entries)
        stats = SiteStats()
        keys: dict[int, tuple[set[int], set[int]]] = {}  # distinct page -> its hashes
        start = time.perf_counter()
        for i, entry in entries:  # the parent's merge, in input order (every page counts for one site)
            with open(record_path(setup.state, entry.rel, "survey"), "rb") as f:
                rec = json.loads(f.read())
            lines, passages = {int(h, 16) for h in rec["lines"]}, {int(h, 16) for h in rec["passages"]}
            stats.add_page("", lines, passages)
            keys.setdefault(i, (lines, passages))
        merged = time.perf_counter() - start
        start = time.perf_counter()
        saved = stats.save(Path(out) / "stats")
        save_seconds = time.perf_counter() - start
        saved_bytes = saved.stat().st_size
        data = json.loads(saved.read_text(encoding="utf-8"))
    tables = [t["lines"] for t in data["sites"].values()] + [data["passages"]]
    saved_entries = sum(len(t) for t in tables)
    entry_bytes = sum(len(f'"{h}":{n},') for t in tables for h, n in t.items())  # the file less its fixed part
    pages, distinct = len(entries), len(keys)
    new_lines = len(set().union(*(k[0] for k in keys.values()))) / distinct  # new entries per distinct page
    new_passages = len(set().union(*(k[1] for k in keys.values()))) / distinct
    cap = stats.max_entries
    million_entries = min(new_lines * MILLION, cap) + min(new_passages * MILLION, cap)
    per_entry = entry_bytes / saved_entries if saved_entries else len('"0123456789abcdef":2,')
    entries_now = sum(len(t.lines) for t in stats.sites.values()) + len(stats.passages)
    return {
        "pages": pages, "distinct_pages": distinct, "megabytes": sum(len(raw[i]) for i, _ in entries) / 1e6,
        "survey_seconds": surveyed, "merge_seconds": merged, "save_seconds": save_seconds,
        "seconds_per_page": {"survey": surveyed / pages, "merge": merged / pages},
        "seconds_per_million_pages": {"survey": surveyed / pages * MILLION, "merge": merged / pages * MILLION},
        "core_hours_per_million_pages": (surveyed + merged) / pages * MILLION / 3600,
        "workload": {"entries": entries_now, "memory_bytes": stats.memory_bytes(), "saved_bytes": saved_bytes,
                     "saved_entries": saved_entries, "journal_bytes": journal, "pruned": stats.pruned,
                     "cap_reached": stats.pruned > 0 or entries_now >= cap},
        "max_entries_per_table": cap,
        "new_line_entries_per_page": new_lines, "new_passage_entries_per_page": new_passages,
        "cap_reached_after_pages": {"lines": cap / new_lines if new_lines else None,
                                    "passages": cap / new_passages if new_passages else None},
        "per_million_pages": {"journal_bytes": journal / pages * MILLION,
                              "memory_bytes": million_entries * 100,
                              "saved_bytes_max": million_entries * per_entry,
                              "entries": million_entries},
    }


# -- report ---------------------------------------------------------------------------
def verdict(name: str, value: float) -> dict:
    op, threshold = TARGETS[name]
    if op is None:
        return {"value": value, "target": None, "pass": None}
    ok = value >= threshold if op == ">=" else value < threshold
    return {"value": value, "target": f"{op} {threshold:g}", "pass": ok}


def ratios(results: dict) -> dict[str, dict]:
    out = {}
    text, html = results["single_core"].get("text"), results["single_core"].get("html")
    if text:
        ours = text["cleaner.clean"]["mb_per_s"]
        out["text_mb_s_per_core"] = verdict("text_mb_s_per_core", ours)
        out["text_vs_ftfy"] = verdict("text_vs_ftfy", ours / text["ftfy.fix_text"]["mb_per_s"])
        out["text_vs_regex"] = verdict("text_vs_regex", ours / text["regex"]["mb_per_s"])
    if html:
        out["html_vs_trafilatura_pages"] = verdict(
            "html_vs_trafilatura_pages",
            html["cleaner.clean"]["pages_per_s"] / html["trafilatura.extract"]["pages_per_s"])
        out["html_density_vs_trafilatura_pages"] = verdict(
            "html_density_vs_trafilatura_pages",
            html["cleaner.clean density"]["pages_per_s"] / html["trafilatura.extract"]["pages_per_s"])
    rss = []
    for mode, s in results.get("scaling", {}).items():
        out[f"scaling_{mode}"] = verdict(f"scaling_{mode}", s["ratio"])
        rss += [mb for run in (s["single"], s["multi"]) for mb in run["peak_rss_mb"].values()]
    if rss:
        out["peak_rss_mb_per_worker"] = verdict("peak_rss_mb_per_worker", max(rss))
    return out


def _row(label: str, r: dict) -> str:
    return (f"  {label:<34} {r['pages_per_s']:9.1f} {r['mb_per_s']:9.3f} {r['seconds']:9.1f} {r['pages']:7d}"
            f" {r['megabytes']:8.1f} {r['cpu_busy']:5.0%}")


def report(results: dict) -> None:
    print(f"cleaner bench: {results['megabytes_per_mode']:g} MB per mode, {os.cpu_count()} cores, "
          f"load average {results['load_average']:.2f} at start")
    print(f"  {'single core':<34} {'pages/s':>9} {'MB/s':>9} {'seconds':>9} {'pages':>7} {'MB':>8} {'CPU':>5}")
    for mode, sides in results["single_core"].items():
        for name, r in sides.items():
            print(_row(f"{mode:<5}{name}", r))
    for mode, s in results.get("scaling", {}).items():
        for run in (s["single"], s["multi"]):
            rss = ", ".join(f"{mb:.0f}" for mb in run["peak_rss_mb"].values())
            print(_row(f"{mode:<5}pool of {run['workers']} (wall clock)", run) + f"  load {run['load_average']:.2f}, "
                      f"peak RSS MB: {rss}")
    for mode, c in results.get("survey", {}).items():
        w, m = c["workload"], c["per_million_pages"]
        print(f"site statistics, {mode} mode ({c['pages']} pages, {c['megabytes']:.1f} MB, "
              f"{c['distinct_pages']} distinct):")
        per_page, per_million = c["seconds_per_page"], c["seconds_per_million_pages"]
        print(f"  time: survey {c['survey_seconds']:.1f} s ({per_page['survey'] * 1e3:.2f} ms/page, in the workers) "
              f"+ merge {c['merge_seconds']:.2f} s ({per_page['merge'] * 1e3:.3f} ms/page, serial in the parent) "
              f"+ save {c['save_seconds']:.2f} s")
        print(f"  time per million pages: survey {per_million['survey']:,.0f} s + merge {per_million['merge']:,.0f} s = "
              f"{c['core_hours_per_million_pages']:.1f} core-hours")
        print(f"  workload: {w['entries']:,} entries (~{w['memory_bytes'] / 1e6:.2f} MB in memory), "
              f"site_stats.json {w['saved_bytes'] / 1e6:.2f} MB ({w['saved_entries']:,} entries), "
              f"survey journal {w['journal_bytes'] / 1e6:.2f} MB; cap "
              f"{'reached' if w['cap_reached'] else 'not reached'} ({w['pruned']:,} pruned)")
        after = c["cap_reached_after_pages"]
        site_table = min(c["new_line_entries_per_page"] * MILLION, c["max_entries_per_table"])
        per_entry = m["saved_bytes_max"] / m["entries"] if m["entries"] else 0
        print(f"  bytes per million pages: survey journal {m['journal_bytes'] / 1e9:.2f} GB (apparent; 10^6 files); "
              f"tables {m['entries']:,.0f} entries = {m['memory_bytes'] / 1e6:.0f} MB in memory, "
              f"site_stats.json <= {m['saved_bytes_max'] / 1e6:.0f} MB (one site; each further site "
              f"<= {site_table * 100 / 1e6:.0f} MB / {site_table * per_entry / 1e6:.0f} MB more)")
        print(f"    extrapolated: {c['new_line_entries_per_page']:.1f} new line + "
              f"{c['new_passage_entries_per_page']:.1f} new passage entries per distinct page, capped at "
              f"{c['max_entries_per_table']:,} per table (reached after ~{after['lines'] or 0:,.0f} / "
              f"~{after['passages'] or 0:,.0f} pages of new content)")
    print(f"  {'ratio':<34} {'value':>9} {'target':>9}")
    for name, v in results["ratios"].items():
        mark = "" if v["pass"] is None else ("PASS" if v["pass"] else "MISS")
        print(f"  {name:<34} {v['value']:9.2f} {v['target'] or '-':>9} {mark}")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sets", type=Path, default=DEFAULT_SETS, help="the evaluation sets (default: %(default)s)")
    p.add_argument("--megabytes", type=float, default=50.0, help="input per mode (default: %(default)s)")
    p.add_argument("--quick", action="store_true", help=f"--megabytes {QUICK_MEGABYTES:g}")
    p.add_argument("--workers", type=int, default=2, help="scaling from 1 to this many processes (0: skip)")
    p.add_argument("--chunksize", type=int, default=8, help="pages per task sent to a worker")
    p.add_argument("--json", type=Path, help="also write every figure here")
    args = p.parse_args(argv)
    megabytes = QUICK_MEGABYTES if args.quick else args.megabytes
    warm_up()
    results: dict = {"megabytes_per_mode": megabytes, "cores": os.cpu_count(), "load_average": os.getloadavg()[0],
                     "single_core": {}, "scaling": {}, "survey": {}}
    for mode in ("text", "html"):
        paths = page_paths(args.sets, mode)
        if not paths:
            print(f"no {mode} pages under {args.sets}", file=sys.stderr)
            return 2
        raw = [f.read_bytes() for f in paths]
        blocks = passes([len(b) for b in raw], megabytes)
        results["single_core"][mode] = single_core(mode, raw, blocks)
        if args.workers > 0:
            results["scaling"][mode] = scaling(mode, paths, raw, blocks, args.workers, args.chunksize)
        results["survey"][mode] = survey_cost(mode, paths, raw, blocks)
    results["ratios"] = ratios(results)
    report(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
