"""Clean a folder of pages into the output contract (see README: Output).

Workers (processes) clean pages; the parent writes every output in input order, so
the output is byte-identical whatever the worker count. Each file is written to a
temporary name and renamed, so an interrupted run leaves no partial file.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import sys
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from cleaner.api import clean
from cleaner.batch.inputs import list_inputs, output_names
from cleaner.config import DEFAULT, Config
from cleaner.types import InputError

# Pages handed to a worker at a time: large enough to amortise inter-process
# traffic, small enough to keep both cores busy at the end of a run.
CHUNKSIZE = 4


@dataclass
class BatchSummary:
    pages: int = 0
    cleaned: int = 0
    failed: int = 0
    removals_by_reason: Counter = field(default_factory=Counter)
    removals_by_stage: Counter = field(default_factory=Counter)
    removals_by_rule: Counter = field(default_factory=Counter)
    edits_by_rule: Counter = field(default_factory=Counter)
    flags: Counter = field(default_factory=Counter)
    errors_by_reason: Counter = field(default_factory=Counter)

    def to_dict(self) -> dict:
        return {
            "pages": self.pages,
            "cleaned": self.cleaned,
            "failed": self.failed,
            "removals_by_reason": dict(sorted(self.removals_by_reason.items())),
            "removals_by_stage": dict(sorted(self.removals_by_stage.items())),
            "removals_by_rule": dict(sorted(self.removals_by_rule.items())),
            "edits_by_rule": dict(sorted(self.edits_by_rule.items())),
            "flags": dict(sorted(self.flags.items())),
            "errors_by_reason": dict(sorted(self.errors_by_reason.items())),
        }


def _clean_one(job: tuple[str, str, str | None, Config]) -> tuple[str, dict | None, dict | None]:
    """Worker: (rel, record, error). Never raises: a bad page must not stop the batch."""
    rel, path, kind, config = job
    try:
        data = Path(path).read_bytes()
        if not data.strip():
            return rel, None, {"id": rel, "reason": "empty", "detail": "file is empty or white space only"}
        result = clean(data, kind=kind, config=config)
        return rel, {"id": rel, **result.to_dict()}, None
    except InputError as exc:
        return rel, None, {"id": rel, "reason": exc.reason, "detail": exc.detail}
    except OSError as exc:
        return rel, None, {"id": rel, "reason": "unreadable", "detail": str(exc)}
    except Exception as exc:  # noqa: BLE001 - recorded with its traceback, batch goes on
        detail = "".join(traceback.format_exception_only(type(exc), exc)).strip()
        return rel, None, {"id": rel, "reason": "internal_error", "detail": detail}


def _write_atomic(path: Path, data: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(data, encoding="utf-8")
    os.replace(tmp, path)


def _dumps(obj: dict) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=False)


def run_batch(src: Path, out: Path, *, workers: int | None = None, kind: str | None = None,
              config: Config = DEFAULT, progress: bool = True, include: str | None = None) -> BatchSummary:
    """Clean every file under `src` into `out`. Returns the summary (also written to out)."""
    src, out = Path(src), Path(out)
    if out.resolve().is_relative_to(src.resolve()):
        raise ValueError(f"OUT ({out}) must not be inside IN ({src}): the input tree is never written to")
    rels = list_inputs(src, include)
    names = output_names(rels)
    out.mkdir(parents=True, exist_ok=True)
    summary = BatchSummary(pages=len(rels))
    jobs = [(rel, str(src / rel), kind, config) for rel in rels]
    workers = workers or os.cpu_count() or 1
    docs_tmp, errs_tmp = out / ".documents.jsonl.tmp", out / ".errors.jsonl.tmp"
    with open(docs_tmp, "w", encoding="utf-8") as docs, open(errs_tmp, "w", encoding="utf-8") as errs:
        if workers > 1 and len(jobs) > 1:
            ctx = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
            pool = ctx.Pool(workers)
            results = pool.imap(_clean_one, jobs, chunksize=CHUNKSIZE)
        else:
            pool, results = None, map(_clean_one, jobs)
        try:
            bar = tqdm(results, total=len(jobs), unit="page", disable=not progress, file=sys.stderr)
            for rel, record, error in bar:
                if error:
                    summary.failed += 1
                    summary.errors_by_reason[error["reason"]] += 1
                    errs.write(_dumps(error) + "\n")
                    continue
                summary.cleaned += 1
                _write_atomic(out / names[rel], record["text"] + ("\n" if record["text"] else ""))
                docs.write(_dumps(record) + "\n")
                for r in record["removals"]:
                    summary.removals_by_reason[r["reason"]] += 1
                    summary.removals_by_stage[r["stage"]] += 1
                    summary.removals_by_rule[f'{r["stage"]}/{r["rule"]}'] += 1
                for e in record["edits"]:
                    summary.edits_by_rule[f'{e["stage"]}/{e["rule"]}'] += 1
                summary.flags.update(record["flags"])
        finally:
            if pool:
                pool.close()
                pool.join()
    os.replace(docs_tmp, out / "documents.jsonl")
    os.replace(errs_tmp, out / "errors.jsonl")
    _write_atomic(out / "summary.json", json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return summary
