"""Command line: `cleaner clean IN OUT`.

Exit status: 0 every page cleaned, 1 some pages failed (listed in OUT/errors.jsonl),
2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cleaner.batch import run_batch

_DESCRIPTION = """\
Turn scraped pages (HTML or plain-text dumps) into clean article text.

  cleaner clean IN OUT

reads every file under IN (sub-folders too) and writes, for IN/a/b.html:
  OUT/a/b.txt           the clean body, one paragraph per line
  OUT/documents.jsonl   one JSON record per page: id, text, title, metadata,
                        removals (what was cut, by which stage, reason, rule),
                        edits (what was repaired), flags
  OUT/summary.json      counts per stage, reason and rule; errors by reason
  OUT/errors.jsonl      pages that could not be cleaned, with the reason
"""


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="cleaner", description=_DESCRIPTION,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    c = sub.add_parser("clean", help="clean a folder of pages", description=_DESCRIPTION,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    c.add_argument("input", type=Path, metavar="IN", help="folder of scraped pages (read only)")
    c.add_argument("output", type=Path, metavar="OUT", help="folder for the results (created)")
    c.add_argument("-j", "--workers", type=int, default=None,
                   help="worker processes (default: one per core); output is identical for any value")
    c.add_argument("--kind", choices=("auto", "html", "text"), default="auto",
                   help="treat every page as HTML or as a text dump (default: decide per page)")
    c.add_argument("--include", metavar="GLOB", default=None,
                   help="only files whose name matches GLOB (e.g. '*.html'); default: every file")
    c.add_argument("-q", "--quiet", action="store_true", help="no progress bar")
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command != "clean":
        parser.print_help(sys.stderr)
        return 2
    if not args.input.is_dir():
        print(f"cleaner: IN must be a folder: {args.input}", file=sys.stderr)
        return 2
    if args.workers is not None and args.workers < 1:
        print("cleaner: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        summary = run_batch(args.input, args.output, workers=args.workers,
                            kind=None if args.kind == "auto" else args.kind, progress=not args.quiet,
                            include=args.include)
    except ValueError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return 2
    print(f"cleaner: {summary.cleaned} of {summary.pages} pages cleaned, {summary.failed} failed"
          + (f" (see {args.output / 'errors.jsonl'})" if summary.failed else ""), file=sys.stderr)
    return 1 if summary.failed else 0


if __name__ == "__main__":
    sys.exit(main())
