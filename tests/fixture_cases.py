"""Fixture cases: `fixtures/<name>/` holds one raw page and what must come of it.

    input.txt | input.html   the raw page (bytes; the encoding is detected)
    case.json                {"description": "...", "title": "..." (optional),
                              "keep": [snippets that must stay],
                              "drop": [snippets that must go],
                              "flags": [flags that must be raised] (optional),
                              "xfail": "why this still fails" (optional, strict)}
    expected.txt             the blessed output (`make fixtures-update` rewrites it)
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import cleaner

ROOT = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass(frozen=True)
class Case:
    name: str
    dir: Path

    @property
    def input(self) -> Path:
        found = sorted(self.dir.glob("input.*"))
        assert len(found) == 1, f"{self.dir}: exactly one input.* expected"
        return found[0]

    @property
    def spec(self) -> dict:
        return json.loads((self.dir / "case.json").read_text(encoding="utf-8"))

    @property
    def expected_path(self) -> Path:
        return self.dir / "expected.txt"

    def run(self) -> cleaner.Result:
        kind = "html" if self.input.suffix in (".html", ".htm") else "text"
        return cleaner.clean(self.input.read_bytes(), kind=kind)


def all_cases() -> list[Case]:
    return [Case(d.name, d) for d in sorted(ROOT.iterdir()) if (d / "case.json").exists()]
