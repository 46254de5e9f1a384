"""`cleaner explain FILE`: the page view of the report, in the terminal.

Colours are ANSI, used only on a terminal and never when NO_COLOR is set (or with
--color never); without colour, removed text reads `[-like this-]`. Output longer
than the terminal goes through $PAGER (default `less -R`).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from cleaner.api import clean
from cleaner.config import EXTRACTORS, Config
from cleaner.report.html import edit_before
from cleaner.report.legend import ANSI_COLOURS, FLAG_NOTES, REASON_NOTES, rule_note, rule_notes
from cleaner.report.view import PageView, build_view
from cleaner.types import InputError, Reason

RESET = "\x1b[0m"


def use_colour(choice: str, stream) -> bool:
    """True to colour: 'always', or 'auto' on a terminal without NO_COLOR."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def explain_view(view: PageView, title: str, colour: bool) -> str:
    """The terminal text for one page view."""
    notes = rule_notes()

    def paint(code: str, s: str) -> str:
        return f"\x1b[{code}m{s}{RESET}" if colour and s else s

    rec, removals = view.record, view.removals
    meta = rec.get("metadata") or {}
    out = [paint("1", title),
           f"{meta.get('kind') or '?'}, {meta.get('encoding') or '-'}: {len(removals)} removals, "
           f"{len(view.edits)} edits, {len(view.text)} characters kept", ""]
    counts: dict[str, int] = {}
    for r in removals:
        counts[str(r.reason)] = counts.get(str(r.reason), 0) + 1
    out.append(paint("1", "Why text was removed (reasons on this page)"))
    for reason in (str(r) for r in Reason):
        if counts.get(reason):
            out.append(f"  {paint(ANSI_COLOURS[reason] + ';7', f' {reason} ')} {counts[reason]:>4}  {REASON_NOTES[reason]}")
    if not counts:
        out.append("  nothing was removed")
    out.append("")
    if view.repaired is None:
        out.append(paint("1", f"Removals (the inline view is missing: {view.problem})"))
        for r in removals:
            out.append(f"  {paint(ANSI_COLOURS[r.reason], f'{r.reason} · {r.stage} / {r.rule}')}: "
                       f"{paint('9', r.text) if colour else '[-' + r.text + '-]'}")
    else:
        out.append(paint("1", "Input as the cleaner read it: removed text struck through"
                              + ("" if colour else " as [-text-]") + ", the rule after each line;"
                              + (" dim boxes" if colour else " {✎text}") + " were taken out or replaced by a repair"))
        prev: tuple = ()
        for line in view.lines():
            parts = []
            for part in line.parts:
                if isinstance(part, int):
                    before = edit_before(view.edits[part])
                    parts.append(paint("2;7", before) if colour else f"{{✎{before}}}")
                elif part.removal is None:
                    parts.append(part.text)
                else:
                    reason = removals[part.removal].reason  # the innermost of nested cuts
                    parts.append(paint(f"9;{ANSI_COLOURS[reason]}", part.text) if colour else f"[-{part.text}-]")
            labels = tuple(dict.fromkeys((removals[i].reason, removals[i].stage, removals[i].rule)
                                         for i in line.removals))
            why = []
            for reason, stage, rule in labels:
                note = rule_note(notes, stage, rule)
                tag = paint(ANSI_COLOURS[reason], f"{reason} · {stage} / {rule}")
                why.append(tag if (reason, stage, rule) in prev or not note else f"{tag}: {note}")
            prev = labels
            out.append(f"{paint('2', f'{line.number:>5} │')} {''.join(parts)}"
                       + (f"   ⟵ {'; '.join(why)}" if why else ""))
    out.append("")
    if view.edits:
        out.append(paint("1", "Repairs (before → after)"))
        for i, e in enumerate(view.edits):
            where = f"line {view.repaired.count(chr(10), 0, view.edit_points[i]) + 1}" if view.repaired else ""
            note = rule_note(notes, e.stage, e.rule)
            out.append(f"  ✎{i + 1} {where} {e.stage} / {e.rule}: {e.before!r} → {e.after!r}"
                       + (f"   ({note})" if note else ""))
        out.append("")
    out.append(paint("1", "Metadata found"))
    out.append(f"  title: {rec.get('title') or '-'}")
    for k, v in meta.items():
        if k != "title" and v not in (None, "", []):
            out.append(f"  {k}: {', '.join(v) if isinstance(v, list) else v}")
    for f in rec.get("flags", ()):
        out.append(f"  flag {f}: {FLAG_NOTES.get(f, '')}")
    out.append("")
    out.append(paint("1", "Clean body"))
    out.extend(f"  {p}" for p in view.text.split("\n") if p)
    if not view.text:
        out.append("  (empty)")
    return "\n".join(out) + "\n"


def page(text: str, stream=None) -> None:
    """Print, through a pager when on a terminal and longer than it."""
    stream = stream or sys.stdout
    rows = shutil.get_terminal_size((80, 24)).lines
    if not (getattr(stream, "isatty", lambda: False)() and text.count("\n") >= rows):
        stream.write(text)
        return
    cmd = os.environ.get("PAGER") or ("less -R" if shutil.which("less") else "")
    if not cmd:
        stream.write(text)
        return
    try:
        proc = subprocess.Popen(cmd, shell=True, stdin=subprocess.PIPE)
        proc.communicate(text.encode("utf-8", "replace"))
    except OSError:
        stream.write(text)


def add_parser(sub) -> None:
    """The `explain` subcommand, on the CLI's subparsers."""
    e = sub.add_parser("explain", help="show what was cut from one page, why and by which rule",
                       description="Clean one page and show it: the input with every removed span struck "
                                   "through and coloured by reason, the rule beside each line, each repair "
                                   "(before -> after), the metadata found and the clean body.")
    e.add_argument("file", type=Path, metavar="FILE", help="a scraped page (HTML or text dump)")
    e.add_argument("--kind", choices=("auto", "html", "text"), default="auto",
                   help="treat the page as HTML or as a text dump (default: decide)")
    e.add_argument("--extractor", choices=EXTRACTORS, default="cascade",
                   help="HTML: which extractor, as for `cleaner clean` (default: cascade)")
    e.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                   help="ANSI colours (default: on a terminal, unless NO_COLOR is set)")
    e.add_argument("--no-pager", action="store_true", help="print straight out, even when long")


def main(args: argparse.Namespace) -> int:
    """Run `cleaner explain`: 0 shown, 1 the page could not be cleaned, 2 no such file."""
    if not args.file.is_file():
        print(f"cleaner: no such file: {args.file}", file=sys.stderr)
        return 2
    try:
        data = args.file.read_bytes()
        result = clean(data, kind=None if args.kind == "auto" else args.kind,
                       config=Config(html_extractor=args.extractor))
    except (InputError, OSError) as exc:
        print(f"cleaner: {args.file}: cannot clean: {exc}", file=sys.stderr)
        return 1
    record = {"id": str(args.file), **result.to_dict()}
    view = build_view(record, result.source)
    text = explain_view(view, str(args.file), use_colour(args.color, sys.stdout))
    if args.no_pager:
        sys.stdout.write(text)
    else:
        page(text)
    return 0
