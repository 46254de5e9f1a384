"""Command line: `cleaner clean IN OUT`.

Exit status: 0 every page cleaned, 1 some pages failed (listed in OUT/errors.jsonl),
2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cleaner.batch import run_batch
from cleaner.batch.runner import MAX_MEMORY_MB, PAGE_TIMEOUT
from cleaner.batch.sources import input_format
from cleaner.config import EXTRACTORS, Config
from cleaner.repair.script import SCRIPTS
from cleaner.report import terminal, write_index

_DESCRIPTION = """\
Turn scraped pages (HTML or plain-text dumps) into clean article text.

  cleaner clean IN OUT

reads every file under IN (sub-folders too), or every record of IN when it is a
.jsonl[.gz] file (id, html or text, url) or a .warc[.gz] file (response records;
bodies then go to OUT/<id>.txt), and writes, for IN/a/b.html:
  OUT/a/b.txt           the clean body, one paragraph per line
  OUT/documents.jsonl   one JSON record per page: id, text, title, metadata,
                        removals (what was cut, by which stage, reason, rule),
                        edits (what was repaired), flags
  OUT/summary.json      counts per stage, reason and rule; errors by reason
  OUT/errors.jsonl      pages that could not be cleaned, with the reason
  OUT/.cleaner/         per-page records of the run: what --resume picks up from

A run that was interrupted (even killed) and then repeated with --resume ends with
the same files, byte for byte, as an uninterrupted run. Exit status: 0 every page
cleaned, 1 some pages failed (named on stderr, all in OUT/errors.jsonl), 2 usage error.
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cleaner", description=_DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    c = sub.add_parser("clean", help="clean a folder of pages", description=_DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("input", type=Path, metavar="IN",
                   help="folder of scraped pages, or a .jsonl[.gz] or .warc[.gz] file of them (read only)")
    c.add_argument("output", type=Path, metavar="OUT", help="folder for the results (created)")
    c.add_argument("-j", "--workers", type=int, default=None,
                   help="worker processes (default: one per core); output is identical for any value")
    c.add_argument("--kind", choices=("auto", "html", "text"), default="auto",
                   help="treat every page as HTML or as a text dump (default: decide per page)")
    c.add_argument("--include", metavar="GLOB", default=None,
                   help="only files whose name matches GLOB (e.g. '*.html'); default: every file")
    c.add_argument("--resume", action="store_true",
                   help="keep the pages an interrupted run over the same IN and OUT completed; clean the rest")
    c.add_argument("--page-timeout", type=float, default=PAGE_TIMEOUT, metavar="SECONDS",
                   help=f"stop a page that takes longer and record it as failed (default: {PAGE_TIMEOUT:g})")
    c.add_argument("--max-memory", type=int, default=MAX_MEMORY_MB, metavar="MB",
                   help=f"address space per worker; a page needing more is recorded as failed "
                        f"(default: {MAX_MEMORY_MB}; 0: no limit)")
    c.add_argument("--single-pass", action="store_true",
                   help="skip the first pass that learns what recurs across pages (site chrome, injected "
                        "passages); each page is then cleaned on its own")
    c.add_argument("--stats", type=Path, metavar="DIR", default=None,
                   help="use the statistics an earlier run saved in DIR (its OUT/stats) instead of a first pass")
    c.add_argument("--extractor", choices=EXTRACTORS, default="cascade",
                   help="HTML: cascade (default): trafilatura only where our density extractor is unsure; "
                        "both: trafilatura on every page too (slower, same F1 on dev-html); density: never "
                        "trafilatura (about 1.6 times faster, F1 0.930 against 0.959 on dev-html)")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    c.add_argument("--engine", choices=("local", "ray"), default="local",
                   help="local: worker processes on this machine, journalled (--resume); ray: Ray Data on a "
                        "local Ray or the cluster at --address, same output files (needs cleaner[ray])")
    c.add_argument("--address", metavar="ADDR", default=None,
                   help="--engine ray: the Ray cluster to run on (e.g. auto, ray://head:10001); default: start "
                        "a local Ray with -j CPUs (default: every core) for this run")
    c.add_argument("--script", choices=SCRIPTS, default="keep",  # repair: OpenCC over body and title, recorded
                   help="write the body and title in simplified or traditional characters (default: keep the page's)")
    c.add_argument("--gold", type=Path, metavar="DIR", default=None,  # report: per-page F1 in OUT/report.html
                   help="folder of gold files (<page name>.json with a 'text'); the report shows each page's F1")
    terminal.add_parser(sub)  # `cleaner explain FILE` (cleaner/report/terminal.py)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "explain":  # report: one page in the terminal
        return terminal.main(args)
    if args.command != "clean":
        parser.print_help(sys.stderr)
        return 2
    status = _clean(args)
    if args.gold is not None and status != 2:  # report: rewrite the index with per-page F1 against the gold
        write_index(args.output, gold_dir=args.gold)
    return status


def _usage_error(message: str) -> int:
    print(f"cleaner: {message}", file=sys.stderr)
    print("cleaner: nothing cleaned (usage error)", file=sys.stderr)
    return 2


# Failed pages named on stderr at the end of a run; the full list is OUT/errors.jsonl.
_LIST_FAILURES = 20


def _clean(args: argparse.Namespace) -> int:
    try:
        input_format(args.input)
    except ValueError as exc:
        return _usage_error(str(exc))
    if args.engine == "local" and args.address:
        return _usage_error("--address needs --engine ray")
    if args.engine == "ray" and args.resume:
        return _usage_error("--resume is for --engine local (the Ray engine keeps no journal)")
    if args.workers is not None and args.workers < 1:
        return _usage_error("--workers must be at least 1")
    if args.page_timeout <= 0 or args.max_memory < 0:
        return _usage_error("--page-timeout must be positive and --max-memory at least 0")
    if args.stats is not None and not (args.stats / "site_stats.json").is_file():
        return _usage_error(f"--stats: no site_stats.json in {args.stats} (give the OUT/stats of an earlier run)")
    if args.stats is not None and args.single_pass:
        return _usage_error("--stats and --single-pass exclude each other")
    try:
        if args.engine == "ray":
            return _finish(args, _run_ray(args))
        summary = run_batch(args.input, args.output, workers=args.workers,
                            kind=None if args.kind == "auto" else args.kind, progress=not args.quiet,
                            include=args.include, resume=args.resume, page_timeout=args.page_timeout,
                            max_memory_mb=args.max_memory or None, two_pass=not args.single_pass,
                            stats_dir=args.stats, config=_config(args))
    except ValueError as exc:
        return _usage_error(str(exc))
    return _finish(args, summary)


def _config(args: argparse.Namespace) -> Config:
    return Config(script=args.script, html_extractor=args.extractor)


def _run_ray(args: argparse.Namespace):
    try:
        from cleaner.engines.ray_engine import run_ray
    except ImportError as exc:
        raise ValueError(f"--engine ray needs Ray: pip install 'cleaner[ray]' ({exc})") from exc
    return run_ray(args.input, args.output, address=args.address, num_cpus=args.workers,
                   kind=None if args.kind == "auto" else args.kind, progress=not args.quiet, include=args.include,
                   two_pass=not args.single_pass, stats_dir=args.stats, config=_config(args))


def _finish(args: argparse.Namespace, summary) -> int:
    """Name the failures and the statistics on stderr; the exit status."""
    errors = args.output / "errors.jsonl"
    if summary.failed:
        with open(errors, encoding="utf-8") as f:
            for n, line in enumerate(f):
                if n == _LIST_FAILURES:
                    print(f"cleaner: ... {summary.failed - n} more in {errors}", file=sys.stderr)
                    break
                e = json.loads(line)
                print(f"cleaner: failed: {e['id']}: {e['reason']}: {e['detail']}", file=sys.stderr)
    if summary.statistics:
        st = summary.statistics
        print(f"cleaner: statistics ({st['source']}): {st['pages']} pages, {st['sites']} sites, "
              f"{st['line_entries'] + st['passage_entries']} hashes, ~{st['memory_bytes'] / 2**20:.1f} MB"
              + (f" (saved in {args.output / 'stats'})" if st["source"] == "first pass" else ""), file=sys.stderr)
    print(f"cleaner: {summary.cleaned} of {summary.pages} pages cleaned, {summary.failed} failed"
          + (f" (see {errors})" if summary.failed else ""), file=sys.stderr)
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
