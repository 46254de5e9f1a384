"""bench/bench.py runs end to end on a tiny workload and writes every figure to --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT.parent / "shared" / "eval" / "sets"


@pytest.mark.skipif(not (SETS / "dev-html" / "pages").is_dir(), reason="needs the shared evaluation sets")
def test_bench_writes_positive_figures(tmp_path):
    out = tmp_path / "bench.json"
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "bench.py"), "--sets", str(SETS), "--megabytes", "0.2",
                          "--workers", "1", "--json", str(out)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "PASS" in run.stdout or "MISS" in run.stdout
    assert "pool of 1" in run.stdout
    figures = json.loads(out.read_text(encoding="utf-8"))
    assert set(figures["single_core"]["text"]) == {"cleaner.clean", "ftfy.fix_text", "regex"}
    assert set(figures["single_core"]["html"]) == {"cleaner.clean", "cleaner.clean density", "trafilatura.extract"}
    for sides in figures["single_core"].values():
        for r in sides.values():
            assert r["pages"] > 0 and r["megabytes"] >= 0.2 and r["pages_per_s"] > 0 and r["mb_per_s"] > 0
    assert set(figures["ratios"]) == {"text_mb_s_per_core", "text_vs_ftfy", "text_vs_regex",
                                      "html_vs_trafilatura_pages", "html_density_vs_trafilatura_pages", "scaling_text", "scaling_html",
                                      "peak_rss_mb_per_worker"}
    assert all(v["value"] > 0 for v in figures["ratios"].values())
    assert 0 < figures["ratios"]["peak_rss_mb_per_worker"]["value"] < 4096
    for cost in figures["survey"].values():
        assert cost["seconds_per_million_pages"]["survey"] > 0 and cost["per_million_pages"]["journal_bytes"] > 0
        assert cost["workload"]["saved_bytes"] > 0
