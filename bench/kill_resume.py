"""Kill `cleaner clean` with SIGKILL at several points of a run, resume, compare byte for byte.

    .venv/bin/python bench/kill_resume.py PAGES_DIR [PAGES_DIR ...]

For each folder: one uninterrupted reference run, then for each kill point (a share
of pages done, the final assembly, the report) a run killed there, a resumed run
killed again further on, and a resumed run to the end. Every
file under OUT (bodies, documents.jsonl, errors.jsonl, summary.json, the report, the
.cleaner journal) must equal the reference's bytes. Exit status 1 on any difference.
"""

from __future__ import annotations

import hashlib
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Kill points: the share of pages with a finished record, then the final assembly
# (documents.jsonl being written) and the report after it.
POINTS = (0.0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99, "assembly", "report")


def files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "cleaner", "clean", "-q", *args]


def reached(out: Path, point, pages: int) -> bool:
    state = out / ".cleaner"
    if point == "assembly":
        return (state / "documents.jsonl.tmp").exists() or (out / "documents.jsonl").exists()
    if point == "report":
        return (out / "summary.json").exists()
    records = state / "records"
    return records.exists() and sum(1 for _ in records.rglob("*.json")) >= point * pages


def killed(argv: list[str], out: Path, point, pages: int) -> str:
    """Run argv, SIGKILL it once `point` is reached; say where it was."""
    proc = subprocess.Popen(argv, stderr=subprocess.DEVNULL)
    while proc.poll() is None and not reached(out, point, pages):
        time.sleep(0.002)
    if proc.poll() is not None:
        return "finished first"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    records = out / ".cleaner" / "records"
    done = sum(1 for _ in records.rglob("*.json")) if records.exists() else 0
    return f"killed with {done}/{pages} records"


def main(dirs: list[str]) -> int:
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        for src in map(Path, dirs):
            ref = Path(tmp) / f"{src.parent.name}-ref"
            t0 = time.monotonic()
            status = subprocess.run(cli(str(src), str(ref)), stderr=subprocess.DEVNULL).returncode
            full = time.monotonic() - t0
            expected = files(ref)
            print(f"{src}: reference run {full:.2f} s, exit {status}, {len(expected)} files")
            pages = len(list((ref / ".cleaner" / "records").rglob("*.json")))
            for point in POINTS:
                out = Path(tmp) / f"{src.parent.name}-{point}"
                first = killed(cli(str(src), str(out)), out, point, pages)
                # the resumed run is killed again half way through what was left
                second = killed(cli("--resume", str(src), str(out)), out,
                                point if isinstance(point, str) else (1 + point) / 2, pages)
                rc = subprocess.run(cli("--resume", str(src), str(out)), stderr=subprocess.DEVNULL).returncode
                got = files(out)
                diff = sorted(k for k in expected.keys() | got.keys() if expected.get(k) != got.get(k))
                bad += bool(diff)
                label = point if isinstance(point, str) else f"{point:.0%} of pages"
                print(f"  kill at {label:>14}: {first}; --resume {second}; --resume to the end: exit {rc}, "
                      f"{len(got)} files " + ("byte-identical" if not diff else f"DIFFERENT: {diff[:5]}"))
    print("kill-and-resume: " + ("all runs byte-identical to the uninterrupted run" if not bad else f"{bad} runs differ"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
