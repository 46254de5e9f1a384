"""Which files a batch reads, and where each one's output goes (pure path logic)."""

from __future__ import annotations

import fnmatch
import os
from pathlib import Path, PurePosixPath


def list_inputs(root: Path, include: str | None = None) -> list[str]:
    """Relative POSIX paths of the files under root (names matching `include`, a glob), sorted.

    Hidden files and folders are skipped.
    Symlinked directories are not followed (a loop would never end); symlinked files are.
    """
    found = []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            if name.startswith(".") or (include and not fnmatch.fnmatch(name, include)):
                continue
            rel = Path(dirpath, name).relative_to(root)
            found.append(PurePosixPath(*rel.parts).as_posix())
    return sorted(found)


def output_names(rels: list[str]) -> dict[str, str]:
    """Map input rel path -> output rel path (`a/b.html` -> `a/b.txt`).

    Two inputs that would share an output (`b.html`, `b.txt`) keep their extension
    (`b.html.txt`), so nothing is overwritten. Parts that could climb out of OUT
    are neutralised.
    """
    def base(rel: str) -> str:
        p = PurePosixPath(rel)
        parts = [part if part not in ("..", ".", "") else "_" for part in p.parts]
        return str(PurePosixPath(*parts).with_suffix("")) if p.suffix else str(PurePosixPath(*parts))

    counts: dict[str, int] = {}
    for rel in rels:
        counts[base(rel)] = counts.get(base(rel), 0) + 1
    out = {}
    for rel in rels:
        b = base(rel)
        out[rel] = (b if counts[b] == 1 else b + PurePosixPath(rel).suffix) + ".txt"
    return out
