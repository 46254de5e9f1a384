"""Re-bless fixture outputs: `python -m tests.bless [NAME...]` rewrites expected.txt and prints the diff."""

from __future__ import annotations

import difflib
import sys

from tests.fixture_cases import all_cases


def main(names: list[str]) -> int:
    changed = 0
    for case in all_cases():
        if names and case.name not in names:
            continue
        new = case.run().text + "\n"
        path = case.expected_path
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if new == old:
            continue
        changed += 1
        sys.stdout.writelines(difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True),
            fromfile=f"{case.name}/expected.txt (old)", tofile=f"{case.name}/expected.txt (new)"))
        path.write_text(new, encoding="utf-8")
    print(f"{changed} fixture(s) re-blessed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
