"""Rules are general: no sentence of a seed page is written into the code or its pattern files."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Pieces this long are sentences, not vocabulary ("温馨提示", "责任编辑" are fine).
MIN_PIECE = 10


def _pieces(text: str) -> set[str]:
    return {p.strip() for p in re.split(r"[，。！？；：、,.!?;:\s“”\"()（）《》\[\]]+", text) if len(p.strip()) >= MIN_PIECE}


def test_no_seed_sentence_in_code():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "cleaner").rglob("*") if p.suffix in (".py", ".txt"))
    seeds = sorted((ROOT / "fixtures").glob("seed-*/input.txt"))
    assert seeds, "seed fixtures missing"
    leaked = sorted(p for s in seeds for p in _pieces(s.read_text(encoding="utf-8")) if p in code)
    assert not leaked, f"seed text in cleaner/: {leaked[:5]}"
