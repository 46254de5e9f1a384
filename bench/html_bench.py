"""Throughput of our HTML mode against trafilatura.extract (default settings), same run.

    python bench/html_bench.py [PAGES_DIR] [--repeat N]

Both get the raw bytes of every page (trafilatura decodes them itself, we decode with
`cleaner.read`); ours is the whole `cleaner.clean(..., kind="html")`: decoding,
extraction, metadata and every text stage. Each side runs REPEAT times over all
pages, alternating, and the best round counts (the usual way to keep a busy
machine's noise out). Prints pages/s and MB/s for both and their ratio (ours /
trafilatura; at least 1.0 means we are as fast).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import trafilatura

import cleaner

DEFAULT_PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "eval" / "sets" / "dev-html" / "pages"


def _round(fn, pages: list[bytes]) -> float:
    start = time.perf_counter()
    for data in pages:
        fn(data)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("pages", type=Path, nargs="?", default=DEFAULT_PAGES)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)
    pages = [f.read_bytes() for f in sorted(args.pages.iterdir()) if f.suffix.lower() in (".html", ".htm")]
    if not pages:
        print(f"no .html pages in {args.pages}", file=sys.stderr)
        return 2
    megabytes = sum(len(b) for b in pages) / 1e6
    sides = {
        "cleaner": lambda data: cleaner.clean(data, kind="html"),
        "trafilatura": lambda data: trafilatura.extract(data),
    }
    for fn in sides.values():  # warm-up: imports, pattern files, lxml
        fn(pages[0])
    best = {name: float("inf") for name in sides}
    for _ in range(args.repeat):
        for name, fn in sides.items():
            best[name] = min(best[name], _round(fn, pages))
    for name, seconds in best.items():
        print(f"{name:<12} {len(pages) / seconds:8.1f} pages/s {megabytes / seconds:7.2f} MB/s "
              f"({len(pages)} pages, {megabytes:.2f} MB, best of {args.repeat})")
    print(f"ratio cleaner/trafilatura: {best['trafilatura'] / best['cleaner']:.2f} (>= 1.0: at least as fast)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
