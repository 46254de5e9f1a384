"""Fuzz `cleaner.clean`: mutated fixture pages and generated tag soup, on every core.

    .venv/bin/python bench/fuzz.py [-n 100000] [--seed 0] [--timeout 30]

Mutations of the fixture inputs (and ../shared/eval dev pages when present): byte
flips, byte runs, truncation, splices of two pages, encoding swaps (GBK, Big5,
UTF-16 with and without BOM, Latin-1 re-reads), inserted NUL and control bytes,
tag soup (random tags, unclosed and deep nesting), all in pieces of varying size.
A crash is any exception other than InputError(binary/too_large/empty), a record
that does not replay to its output, or an input that runs past --timeout seconds.
Prints the count, the crashes (with a reproducer file in --crash-dir) and the run time.
Exit status 1 if anything crashed.
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import signal
import sys
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import cleaner  # noqa: E402
from cleaner.render import replay  # noqa: E402

TAGS = [b"<p>", b"</p>", b"<div>", b"</div>", b"<br>", b"<a href='x'>", b"</a>", b"<script>", b"</script>",
        b"<style>", b"</style>", b"<html>", b"<body>", b"<title>", b"</title>", b"<!--", b"-->", b"<h1>",
        b"</h1>", b"<", b">", b"&amp;", b"&#0;", b"&#xD800;", b"<![CDATA[", b"<li>", b"<table><tr><td>",
        b"<meta charset='gbk'>", b"<meta charset=big5>", b"<?xml version='1.0' encoding='utf-16'?>", b"\x00"]
CODECS = ["gbk", "big5", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "shift_jis", "cp1252", "utf-8-sig"]


def corpus() -> list[bytes]:
    paths = sorted(ROOT.glob("fixtures/*/input.*"))
    for name in ("dev-dump", "dev-html", "seeds"):
        paths += sorted((ROOT.parent / "shared" / "eval" / "sets" / name / "pages").glob("*"))
    return [p.read_bytes() for p in paths if p.is_file()]


def mutate(rng: random.Random, pages: list[bytes]) -> bytes:
    data = bytearray(rng.choice(pages))
    if rng.random() < 0.8:  # mostly a window of a page: 100,000 whole pages would take an hour on 2 cores
        start = rng.randint(0, len(data))
        data = data[start:start + rng.choice((200, 1000, 3000, 6000))]
    for _ in range(rng.choice((1, 1, 2, 3))):
        op = rng.randrange(10)
        if op == 0 and data:                                   # byte flips
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif op == 1:                                          # truncation (either end)
            cut = rng.randint(0, len(data))
            data = data[:cut] if rng.random() < 0.7 else data[cut:]
        elif op == 2:                                          # encoding swap
            text = bytes(data).decode("utf-8", "replace")
            try:
                data = bytearray(text.encode(rng.choice(CODECS), "replace"))
            except (UnicodeError, LookupError):
                pass
        elif op == 3:                                          # tag soup inserted
            for _ in range(rng.randint(1, 30)):
                pos = rng.randint(0, len(data))
                data[pos:pos] = rng.choice(TAGS)
        elif op == 4:                                          # deep nesting
            depth = rng.choice((10, 100, 300, 3000))
            pos = rng.randint(0, len(data))
            data[pos:pos] = b"<div>" * depth
        elif op == 5:                                          # splice two pages
            other = rng.choice(pages)
            data = data[: rng.randint(0, len(data))] + other[rng.randint(0, len(other)):]
        elif op == 6:                                          # random bytes
            pos = rng.randint(0, len(data))
            data[pos:pos] = rng.randbytes(rng.randint(1, 64))
        elif op == 7:                                          # small piece only
            start = rng.randint(0, len(data))
            data = data[start:start + rng.randint(0, 400)]
        elif op == 8:                                          # duplicated lines (repeats, filler)
            lines = bytes(data).split(b"\n")
            if lines:
                line = rng.choice(lines)
                data = bytearray(b"\n".join(lines + [line] * rng.randint(2, 6)))
        else:                                                  # long line without breaks
            data = data.replace(b"\n", b" ") if rng.random() < 0.5 else data + b"a" * rng.randint(1, 20000)
    return bytes(data)


def generated(rng: random.Random) -> bytes:
    n = rng.randint(0, 60)
    parts = [rng.choice(TAGS) if rng.random() < 0.4 else
             "".join(chr(rng.choice((rng.randint(0x20, 0x7e), rng.randint(0x4e00, 0x9fff), rng.randint(0, 0x10ffff))))
                     for _ in range(rng.randint(0, 20))).encode("utf-8", "surrogatepass") for _ in range(n)]
    return b"".join(parts)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def check(args: tuple[int, int, float, str]) -> tuple[int, str | None]:
    """Run one input; return (index, None) or (index, problem)."""
    seed, index, timeout, crash_dir = args
    rng = random.Random(seed * 1_000_003 + index)
    data = generated(rng) if index % 10 == 0 else mutate(rng, PAGES)
    kind = rng.choice((None, None, "text", "html"))
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    problem = None
    try:
        result = cleaner.clean(data, kind=kind)
        if replay(result.source, result.edits, result.removals) != result.text:
            problem = "record does not replay to the output"
        result.to_dict()
    except cleaner.InputError as exc:
        if exc.reason not in ("binary", "too_large", "empty"):
            problem = f"InputError with unexpected reason {exc.reason!r}"
    except _Timeout:
        problem = f"timeout after {timeout} s"
    except Exception:  # noqa: BLE001 - that is what we are looking for
        problem = traceback.format_exc(limit=4)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    if problem:
        name = hashlib.sha1(data).hexdigest()[:12]
        Path(crash_dir).mkdir(parents=True, exist_ok=True)
        (Path(crash_dir) / f"{name}.{kind or 'auto'}").write_bytes(data)
        problem = f"[{name}.{kind or 'auto'}] {problem}"
    return index, problem


PAGES: list[bytes] = []


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("-n", type=int, default=100_000, help="inputs to run (default 100000)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per input before it counts as a hang")
    p.add_argument("-j", "--workers", type=int, default=os.cpu_count() or 1)
    p.add_argument("--crash-dir", default="/tmp/cleaner-fuzz-crashes")
    args = p.parse_args()
    PAGES.extend(corpus())
    t0 = time.monotonic()
    crashes = []
    jobs = ((args.seed, i, args.timeout, args.crash_dir) for i in range(args.n))
    with multiprocessing.get_context("fork").Pool(args.workers, maxtasksperchild=2000) as pool:
        for done, (_index, problem) in enumerate(pool.imap_unordered(check, jobs, chunksize=32), 1):
            if problem:
                crashes.append(problem)
                print(f"CRASH {problem}", file=sys.stderr)
            if done % 10_000 == 0:
                print(f"fuzz: {done} inputs, {len(crashes)} crashes, {time.monotonic() - t0:.0f} s", flush=True)
    elapsed = time.monotonic() - t0
    print(f"fuzz: {args.n} inputs ({len(PAGES)} seed pages, seed {args.seed}), {len(crashes)} crashes, "
          f"{elapsed:.1f} s ({args.n / elapsed:.0f} inputs/s on {args.workers} workers)")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
