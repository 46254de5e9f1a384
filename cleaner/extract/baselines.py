"""Baselines for the HTML sets, measured in the same run as our own score.

- `trafilatura`: `trafilatura.extract(html)` with default settings;
- `readability`: readability-lxml's `Document(html).summary()` as text (an optional
  dependency, the `eval` extra; skipped with a note when it is not installed);
- `density_only`: our own `cleaner.clean` with `html_extractor="density"` (trafilatura never
  run, the fastest HTML mode), page by page without the batch's site statistics, so
  the speed it buys is weighed against trafilatura's F1 in the same run.

Both get the page decoded by `cleaner.read.decode`, so only extraction is compared,
and both are scored by the shared scorer's own `prf`.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import trafilatura
from lxml import html as lxml_html

from cleaner.read import decode

HTML_SUFFIXES = (".html", ".htm")


@dataclass(frozen=True, slots=True)
class Baseline:
    name: str
    mean_f1: float | None  # None when the extractor is not installed
    seconds: float

    def part(self) -> str:
        return f"{self.name}={'n/a' if self.mean_f1 is None else f'{self.mean_f1:.4f}'}"


def _trafilatura(html: str) -> str:
    return trafilatura.extract(html) or ""


def _readability(html: str) -> str:
    from readability import Document  # optional: the `eval` extra

    summary = Document(html).summary(html_partial=True)
    if not summary.strip():
        return ""
    return "\n".join(t.strip() for t in lxml_html.fromstring(summary).itertext() if t.strip())


def _density_only(html: str) -> str:
    import cleaner  # here: cleaner.extract is imported by cleaner itself
    from cleaner.config import Config

    return cleaner.clean(html, kind="html", config=Config(html_extractor="density")).text


def _has_readability() -> bool:
    try:
        import readability  # noqa: F401
    except ImportError:
        return False
    return True


def html_pages(set_dir: Path) -> list[Path]:
    return sorted(p for p in (set_dir / "pages").iterdir() if p.suffix.lower() in HTML_SUFFIXES)


def baselines(set_dir: Path, scorer: ModuleType) -> list[Baseline]:
    """Mean F1 of each baseline over the set's HTML pages that have gold (empty list if none)."""
    pages = [p for p in html_pages(set_dir) if (set_dir / "gold" / f"{p.stem}.json").exists()]
    if not pages:
        return []
    golds = [json.loads((set_dir / "gold" / f"{p.stem}.json").read_text(encoding="utf-8"))["text"] for p in pages]
    texts = [decode(p.read_bytes()).text for p in pages]
    out = []
    for name, fn, available in (("trafilatura", _trafilatura, True), ("readability", _readability, _has_readability()),
                                ("density_only", _density_only, True)):
        if not available:
            out.append(Baseline(name, None, 0.0))
            continue
        start = time.perf_counter()
        outputs = [fn(t) for t in texts]
        seconds = time.perf_counter() - start
        f1s = [scorer.prf(o, g)[2] for o, g in zip(outputs, golds, strict=True)]
        out.append(Baseline(name, sum(f1s) / len(f1s), seconds))
    return out


def baseline_line(set_name: str, found: list[Baseline]) -> str:
    return f"{set_name:<10} baselines (same run): " + " ".join(b.part() for b in found)
