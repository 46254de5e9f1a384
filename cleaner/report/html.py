"""OUT/report.html: an index of every page, and one HTML view per page under OUT/report/.

Layout (all static, opened from disk, no server, no network):
  OUT/report.html                    index: legend, counts, rules, filters, paged table
  OUT/report/index/cNNNNN.js         index rows, CHUNK_ROWS pages per file, loaded one after another
  OUT/report/pages/NNN/NNNNNN.html   page N (0-based, input order): the input with every cut struck
                                     through and coloured by reason, the rule beside each line,
                                     the edits, the metadata, the clean body
"""

from __future__ import annotations

import html
import json
import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from cleaner.config import DEFAULT, Config
from cleaner.report import assets
from cleaner.report.legend import FLAG_NOTES, REASON_COLOURS, REASON_NOTES, rule_note, rule_notes
from cleaner.report.view import (
    PageView,
    build_view,
    f1,
    gold_path,
    reason_counts,
    recover_source,
    site_of,
)
from cleaner.types import Reason

REASONS = [str(r) for r in Reason]
CHUNK_ROWS = 5000        # index rows per chunk file: ~0.5 MB, parsed in a few milliseconds
LINES_PER_BLOCK = 200    # lines per lazily laid-out block of a page view (CSS content-visibility)
INDEX_NAME, REPORT_DIR = "report.html", "report"


def page_href(n: int) -> str:
    """Path of page n's view, relative to OUT/report/."""
    return f"pages/{n // 1000:03d}/{n:06d}.html"


def _e(s: object) -> str:
    return html.escape(str(s), quote=True)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _records(out_dir: Path) -> Iterator[dict]:
    path = out_dir / "documents.jsonl"
    if not path.exists():
        return
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


# --- index ------------------------------------------------------------------

def index_row(n: int, record: dict, gold_dir: Path | None) -> list:
    """[n, id, site, counts per reason (REASONS order), edits, flags, kept chars, removed chars, f1]."""
    counts = reason_counts(record)
    score = None
    if gold_dir is not None:
        gp = gold_path(gold_dir, record["id"])
        if gp is not None:
            score = round(f1(record.get("text", ""), json.loads(gp.read_text(encoding="utf-8")).get("text", "")), 4)
    removed = sum(len(r.get("text", "")) for r in record.get("removals", ()))
    return [n, record["id"], site_of(record), [counts.get(r, 0) for r in REASONS], len(record.get("edits", ())),
            list(record.get("flags", ())), len(record.get("text", "")), removed, score]


def write_index(out_dir: Path, rows: Iterable[list] | None = None, *, summary: dict | None = None,
                gold_dir: Path | None = None) -> Path:
    """Write OUT/report.html and its row chunks. Rows default to those of OUT/documents.jsonl."""
    out_dir = Path(out_dir)
    gold_dir = Path(gold_dir) if gold_dir else None
    if summary is None:
        sp = out_dir / "summary.json"
        summary = json.loads(sp.read_text(encoding="utf-8")) if sp.exists() else {}
    if rows is None:
        rows = (index_row(n, rec, gold_dir) for n, rec in enumerate(_records(out_dir)))
    chunk_dir = out_dir / REPORT_DIR / "index"
    chunk_dir.mkdir(parents=True, exist_ok=True)
    for old in chunk_dir.glob("c*.js"):
        old.unlink()
    sites: dict[str, int] = {}
    flags: dict[str, int] = {}
    n_rows, n_chunks, chunk, f1s = 0, 0, [], []
    for row in rows:
        n_rows += 1
        sites[row[2]] = sites.get(row[2], 0) + 1
        for fl in row[5]:
            flags[fl] = flags.get(fl, 0) + 1
        if row[8] is not None:
            f1s.append(row[8])
        chunk.append(row)
        if len(chunk) == CHUNK_ROWS:
            _write_chunk(chunk_dir, n_chunks, chunk)
            n_chunks, chunk = n_chunks + 1, []
    if chunk:
        _write_chunk(chunk_dir, n_chunks, chunk)
        n_chunks += 1
    errors = []
    ep = out_dir / "errors.jsonl"
    if ep.exists():
        with open(ep, encoding="utf-8") as fh:
            errors = [json.loads(line) for line, _ in zip(fh, range(500), strict=False) if line.strip()]
    page = _index_html(summary, n_rows, n_chunks, sites, flags, errors, gold_dir, f1s)
    _write(out_dir / INDEX_NAME, page)
    return out_dir / INDEX_NAME


def _write_chunk(chunk_dir: Path, k: int, rows: list) -> None:
    data = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    _write(chunk_dir / f"c{k:05d}.js", f"REPORT_CHUNK({k},{data});\n")


def _json_script(obj: object) -> str:
    return json.dumps(obj, ensure_ascii=False).replace("</", "<\\/")


def _legend_rows(counts: dict[str, int], with_totals: bool) -> str:
    out = []
    for r in REASONS:
        tot = f'<td class="num" id="tot-{r}">…</td>' if with_totals else ""
        out.append(f'<tr class="legend-row" data-reason="{r}"><td><span class="sw" style="background:{REASON_COLOURS[r]}">'
                   f'</span><b>{r}</b></td><td>{_e(REASON_NOTES[r])}</td>'
                   f'<td class="num" id="sum-{r}">{counts.get(r, 0)}</td>{tot}</tr>')
    return "\n".join(out)


def _index_html(summary: dict, n_rows: int, n_chunks: int, sites: dict, flags: dict, errors: list,
                gold_dir: Path | None, f1s: list) -> str:
    by_reason = summary.get("removals_by_reason", {})
    notes = rule_notes()
    rule_rows = []
    for key, count in sorted(summary.get("removals_by_rule", {}).items(), key=lambda kv: (-kv[1], kv[0])):
        stage, _, rule = key.partition("/")
        rule_rows.append(f'<tr><td>{_e(stage)} / {_e(rule)}</td><td class="num">{count}</td>'
                         f'<td class="note">{_e(rule_note(notes, stage, rule))}</td></tr>')
    edit_rows = []
    for key, count in sorted(summary.get("edits_by_rule", {}).items(), key=lambda kv: (-kv[1], kv[0])):
        stage, _, rule = key.partition("/")
        edit_rows.append(f'<tr><td>{_e(stage)} / {_e(rule)}</td><td class="num">{count}</td>'
                         f'<td class="note">{_e(rule_note(notes, stage, rule))}</td></tr>')
    top_sites = sorted(sites.items(), key=lambda kv: (-kv[1], kv[0]))[:300]
    data = {"reasons": REASONS, "colours": REASON_COLOURS, "chunks": n_chunks, "pages_listed": n_rows,
            "chunk_dir": f"{REPORT_DIR}/index", "page_dir": f"{REPORT_DIR}/pages", "gold": gold_dir is not None}
    reason_opts = "".join(f'<option value="{r}">{r}</option>' for r in REASONS)
    flag_opts = "".join(f'<option value="{_e(f)}">{_e(f)} ({c})</option>' for f, c in sorted(flags.items()))
    site_opts = "".join(f'<option value="{_e(s)}">{c} pages</option>' for s, c in top_sites)
    reason_heads = "".join(f'<th class="num" title="{_e(REASON_NOTES[r])}" style="background:{REASON_COLOURS[r]}">'
                           f'{r}</th>' for r in REASONS)
    gold_head = '<th class="num">F1</th>' if gold_dir else ""
    gold_line = ""
    if gold_dir:
        mean = sum(f1s) / len(f1s) if f1s else 0.0
        gold_line = (f'<p id="gold">Gold from <code>{_e(gold_dir)}</code>: {len(f1s)} pages scored, mean F1 '
                     f'<b>{mean:.4f}</b> (character 4-grams, white space ignored, as <code>eval/score.py</code>). '
                     f'Sort by "lowest F1" to see the worst pages first.</p>')
    err_rows = "".join(f'<tr><td>{_e(e.get("id"))}</td><td>{_e(e.get("reason"))}</td><td>{_e(e.get("detail"))}</td></tr>'
                       for e in errors)
    err_block = (f'<h2>Pages that could not be cleaned ({summary.get("failed", len(errors))})</h2>'
                 f'<table id="errors"><tr><th>page</th><th>reason</th><th>detail</th></tr>{err_rows}</table>'
                 if errors else "")
    flag_notes = "; ".join(f"<b>{_e(k)}</b>: {_e(v)}" for k, v in FLAG_NOTES.items())
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cleaner report: {summary.get("pages", n_rows)} pages</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{assets.CSS}</style></head>
<body>
<header class="top"><h1>cleaner report</h1>
<span id="summary-line">{summary.get("pages", n_rows)} pages: {summary.get("cleaned", n_rows)} cleaned,
{summary.get("failed", 0)} failed. Removals: {sum(by_reason.values())}. Edits: {sum(summary.get("edits_by_rule", {}).values())}.</span></header>
<main>
<p class="intro">Every piece of text the cleaner cut is listed with a <b>reason</b> (the colours below) and the
<b>rule</b> that fired (<i>stage / rule</i>). Open a page to see its input with each cut struck through in the
colour of its reason, the rule beside each line, the repairs (before &rarr; after), the metadata found and the
clean body. To find the rule to blame for a lost line, open the page and read the label beside that line.</p>
<h2>Reasons</h2>
<table id="legend"><tr><th>reason</th><th>what it means</th><th class="num">removals (summary.json)</th>
<th class="num">in the pages listed</th></tr>
{_legend_rows(by_reason, True)}
</table>
{gold_line}
<h2>Pages</h2>
<div class="filters">
<label>reason <select id="f-reason"><option value="">any</option>{reason_opts}<option value="_none">nothing removed</option></select></label>
<label>site <input id="f-site" list="sites" size="18" placeholder="host or source"><datalist id="sites">{site_opts}</datalist></label>
<label>flag <select id="f-flag"><option value="">any</option>{flag_opts}<option value="_none">no flag</option></select></label>
<label>page id <input id="f-id" size="18" placeholder="part of the path"></label>
<label>order <select id="f-sort"><option value="">input order</option><option value="cut">most text removed</option>
<option value="reason">most removals of the chosen reason</option>{'<option value="f1">lowest F1</option>' if gold_dir else ""}</select></label>
<span id="loaded" class="muted"></span>
</div>
<div class="pager"><button id="prev">&larr; previous</button><button id="next">next &rarr;</button>
<span id="pg"></span> &middot; <span id="status">loading…</span></div>
<table><thead><tr><th class="num">#</th><th>page</th><th>site</th>{reason_heads}<th class="num">edits</th>
<th>flags</th><th class="num">chars kept</th><th class="num">chars removed</th>{gold_head}</tr></thead>
<tbody id="rows"></tbody></table>
<p class="note">Site: the host of the page's URL, else the source named on the page, else the page's top folder.
Flags: {flag_notes}.</p>
<h2>Rules that removed text</h2>
<table id="rules"><tr><th>stage / rule</th><th class="num">removals</th><th>what the rule catches</th></tr>{"".join(rule_rows)}</table>
<h2>Repairs (edits)</h2>
<table id="edit-rules"><tr><th>stage / rule</th><th class="num">edits</th><th>what it repairs</th></tr>{"".join(edit_rows)}</table>
{err_block}
</main>
<script type="application/json" id="report-data">{_json_script(data)}</script>
<script>{assets.INDEX_JS}</script>
</body></html>
"""


# --- page views ---------------------------------------------------------------

def page_html(view: PageView, n: int, total: int, notes: dict[str, str]) -> str:
    rec = view.record
    meta = rec.get("metadata") or {}
    removals = view.removals
    nav = [f'<a href="../../../{INDEX_NAME}">&larr; index</a>']
    if n > 0:
        nav.append(f'<a href="../../{page_href(n - 1)}">previous page</a>')
    if n + 1 < total:
        nav.append(f'<a href="../../{page_href(n + 1)}">next page</a>')
    meta_rows = [("title", rec.get("title"))] + [(k, v) for k, v in meta.items() if k not in ("title", "images")]
    meta_rows.append(("images", f'{len(meta.get("images") or [])}: ' + " ".join(meta.get("images") or [])))
    meta_rows.append(("flags", "; ".join(f"{f} ({FLAG_NOTES.get(f, '')})" for f in rec.get("flags", ())) or "none"))
    meta_html = "".join(f'<tr><th>{_e(k)}</th><td>{_e("-" if v in (None, "") else v)}</td></tr>' for k, v in meta_rows)
    counts = reason_counts(rec)
    legend = "".join(
        f'<tr class="legend-row" data-reason="{r}"><td><span class="sw" style="background:{REASON_COLOURS[r]}"></span>'
        f'<b>{r}</b></td><td>{_e(REASON_NOTES[r])}</td><td class="num">{counts.get(r, 0)}</td></tr>'
        for r in REASONS if counts.get(r))
    legend = legend or '<tr><td colspan="3">Nothing was removed from this page.</td></tr>'
    edits_html = _edits_table(view, notes)
    body = "".join(f"<p>{_e(p)}</p>" for p in view.text.split("\n") if p) or '<p class="muted">(empty)</p>'
    if view.repaired is None:
        left = (f'<p class="warn">The inline view is missing: {_e(view.problem)}. The removals, as recorded:</p>'
                + _removals_table(view, notes))
    else:
        left = _source_html(view, notes)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{_e(view.id)}: cleaner report</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>{assets.CSS}</style></head>
<body>
<header class="top">{" &middot; ".join(nav)}<h1 id="page-id">{_e(view.id)}</h1>
<span>page {n + 1} of {total} &middot; {len(removals)} removals &middot; {len(view.edits)} edits &middot;
{len(view.text)} characters kept</span></header>
<main>
<h2>Reasons on this page</h2>
<table id="legend"><tr><th>reason</th><th>what it means</th><th class="num">removals</th></tr>{legend}</table>
<p class="note">Struck-through text was cut; its background shows the reason. The column on the right of each
line names the rule (<i>stage / rule</i>) and what it catches; hover struck text for the same. Text in a dashed
box, like <s class="ed">(xué)</s>, was repaired: it stood in the input and a repair rule took it out or replaced it
(&#9166; is a line break); hover it, or see the table of repairs below.</p>
<div class="panes">
<section><h2>Input as the cleaner read it</h2><div class="pane" id="source">{left}</div></section>
<section><h2>Clean body</h2><div class="pane body" id="body">{body}</div></section>
</div>
<h2>Repairs (before &rarr; after)</h2>
{edits_html}
<h2>Metadata found</h2>
<table id="meta">{meta_html}</table>
</main></body></html>
"""


def edit_before(e) -> str:
    """An edit's `before`, short and on one line, for inline display."""
    b = e.before.replace("\n", "\u23ce")
    return b if len(b) <= 24 else b[:23] + "\u2026"


def _label(r, notes: dict[str, str]) -> tuple[str, str]:
    """(chip text, hover text) of a removal."""
    note = rule_note(notes, r.stage, r.rule)
    return (f"{r.stage} / {r.rule}",
            f"{r.reason}: {r.stage} / {r.rule}" + (f": {note}" if note else "") + f". {REASON_NOTES[r.reason]}")


def _source_html(view: PageView, notes: dict[str, str]) -> str:
    removals, edits = view.removals, view.edits
    hover = [_label(r, notes) for r in removals]
    edit_hover = [f"repair {e.stage} / {e.rule}: {e.before!r} → {e.after!r}" for e in edits]
    out, prev_labels, in_block = [], None, 0
    out.append('<div class="blk">')
    for line in view.lines():
        if in_block == LINES_PER_BLOCK:
            out.append('</div><div class="blk">')
            in_block = 0
        in_block += 1
        tx = []
        for part in line.parts:
            if isinstance(part, int):
                tx.append(f'<s class="ed" data-edit="{part}" title="{_e(edit_hover[part])}">{_e(edit_before(edits[part]))}</s>')
            elif part.removal is None:
                tx.append(_e(part.text))
            else:
                r = removals[part.removal]
                title = "\n".join(hover[i][1] for i in sorted(part.covers, key=lambda i: i != part.removal))
                tx.append(f'<del class="cut r-{r.reason}" data-r="{" ".join(map(str, part.covers))}" '
                          f'data-reason="{r.reason}" data-rule="{_e(r.stage)}/{_e(r.rule)}" '
                          f'style="background:{REASON_COLOURS[r.reason]}" title="{_e(title)}">{_e(part.text)}</del>')
        firsts: dict[tuple[str, str], int] = {}
        for i in line.removals:
            firsts.setdefault((str(removals[i].reason), hover[i][0]), i)
        labels = tuple(firsts)
        why = []
        for (reason, chip), i in firsts.items():
            note = rule_note(notes, removals[i].stage, removals[i].rule)
            same = prev_labels is not None and (reason, chip) in prev_labels
            why.append(f'<span class="chip{" same" if same else ""}" style="background:{REASON_COLOURS[reason]}" '
                       f'title="{_e(hover[i][1])}">{reason} &middot; {_e(chip)}</span>'
                       + ("" if same or not note else f' <span class="note">{_e(note)}</span>'))
        prev_labels = labels or None
        cls = "ln cut" if line.fully_removed() else "ln"
        out.append(f'<div class="{cls}"><span class="no">{line.number}</span><span class="tx">{"".join(tx)}</span>'
                   f'<span class="why">{"<br>".join(why)}</span></div>')
    out.append("</div>")
    return "".join(out)


def _edits_table(view: PageView, notes: dict[str, str]) -> str:
    if not view.edits:
        return '<p id="edits">No repairs on this page.</p>'
    line_of = []
    if view.repaired is not None:
        for p in view.edit_points:
            line_of.append(view.repaired.count("\n", 0, p) + 1)
    rows = []
    for i, e in enumerate(view.edits):
        where = str(line_of[i]) if line_of else "-"
        rows.append(f'<tr><td class="num">{where}</td><td>{_e(e.stage)} / {_e(e.rule)}</td>'
                    f'<td><del>{_e(e.before)}</del> &rarr; <ins>{_e(e.after) or "<i>(nothing)</i>"}</ins></td>'
                    f'<td class="note">{_e(rule_note(notes, e.stage, e.rule))}</td></tr>')
    return ('<table id="edits"><tr><th class="num">line</th><th>stage / rule</th><th>before &rarr; after</th>'
            f'<th>what it repairs</th></tr>{"".join(rows)}</table>')


def _removals_table(view: PageView, notes: dict[str, str]) -> str:
    rows = "".join(
        f'<tr><td><span class="chip" style="background:{REASON_COLOURS[r.reason]}">{r.reason}</span></td>'
        f'<td>{_e(r.stage)} / {_e(r.rule)}</td><td><del>{_e(r.text)}</del></td>'
        f'<td class="note">{_e(rule_note(notes, r.stage, r.rule))}</td></tr>' for r in view.removals)
    return f'<table id="removals"><tr><th>reason</th><th>stage / rule</th><th>text</th><th>rule</th></tr>{rows}</table>'


# --- the writer --------------------------------------------------------------

def _page_job(job: tuple) -> list:
    """Worker: write page n's view, return its index row. Never raises for a bad page."""
    n, total, line, src_dir, config, out_dir, notes, gold_dir = job
    record = json.loads(line)
    source, problem = None, ""
    if src_dir is None:
        problem = "the input folder was not given"
    else:
        try:
            source = recover_source(Path(src_dir) / record["id"], record, config)
        except Exception as exc:  # noqa: BLE001 - the view says why, the report goes on
            problem = f"the input file could not be read again ({type(exc).__name__}: {exc})"
    view = build_view(record, source, problem)
    _write(Path(out_dir) / REPORT_DIR / page_href(n), page_html(view, n, total, notes))
    return index_row(n, record, Path(gold_dir) if gold_dir else None)


def write_report(out_dir: Path, src_dir: Path | None, *, summary: dict | None = None, gold_dir: Path | None = None,
                 config: Config = DEFAULT, workers: int | None = 1) -> Path:
    """Write OUT/report.html and the page views from OUT/documents.jsonl and the inputs under `src_dir`.

    Returns the index path. The same for any worker count; a page whose input cannot be
    read again gets a view listing its removals.
    """
    out_dir = Path(out_dir)
    docs = out_dir / "documents.jsonl"
    total = 0
    if docs.exists():
        with open(docs, encoding="utf-8") as fh:
            total = sum(1 for line in fh if line.strip())
    pages_dir = out_dir / REPORT_DIR / "pages"
    if pages_dir.exists():
        for old in pages_dir.glob("*/*.html"):
            old.unlink()

    notes = rule_notes()

    def jobs():
        with open(docs, encoding="utf-8") as fh:
            n = 0
            for line in fh:
                if line.strip():
                    yield (n, total, line, str(src_dir) if src_dir else None, config, str(out_dir), notes, gold_dir)
                    n += 1

    workers = max(1, workers or os.cpu_count() or 1)
    gold_dir = str(gold_dir) if gold_dir else None
    if total == 0:
        rows: Iterable[list] = []
        return write_index(out_dir, rows, summary=summary, gold_dir=gold_dir)
    if workers > 1 and total > 1:
        ctx = multiprocessing.get_context("spawn" if sys.platform == "darwin" else "fork")
        with ctx.Pool(workers) as pool:  # rows stream into the index in input order
            return write_index(out_dir, pool.imap(_page_job, jobs(), chunksize=8), summary=summary,
                               gold_dir=gold_dir)
    return write_index(out_dir, map(_page_job, jobs()), summary=summary, gold_dir=gold_dir)


def report_batch(summary, src_dir: Path, out_dir: Path, *, config: Config = DEFAULT, workers: int | None = None):
    """The batch runner's hook: write the report of a finished run, return `summary` unchanged.

    A report that cannot be written is said on stderr; the run's outputs stand.
    """
    try:
        write_report(out_dir, src_dir, summary=summary.to_dict(), config=config, workers=workers)
    except Exception as exc:  # noqa: BLE001 - the cleaned pages matter more than their report
        print(f"cleaner: report not written: {type(exc).__name__}: {exc}", file=sys.stderr)
    return summary
