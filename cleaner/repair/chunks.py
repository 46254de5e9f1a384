"""Document previews cut into numbered chunks ("1、...", "2、...") re-joined.

Document-sharing sites show a preview as fixed-size chunks, each opened by its
number, and the cut falls anywhere, often inside a word ("认" | "2、真学习").
Removing the numbers and the break heals the word. A real numbered list is told
apart by shape: its items are short or end their sentences; preview chunks are
long and most of them stop mid-sentence.
"""

from __future__ import annotations

import re

from cleaner.config import Config
from cleaner.repair import Fix
from cleaner.text import SPACES, ends_sentence

_CHUNK = re.compile(r"(?m)^[ \t\u3000]*(\d{1,3})[、.．]\s*")
# Preview chunks are a few hundred characters each; list items rarely reach this.
MIN_CHUNK_CHARS = 120
# At least this share of chunk boundaries must cut a sentence (measured: 7 of 7 in
# the seed preview; 0 in numbered lists of the dev pages).
MIN_CUT_SHARE = 0.5


def _runs(text: str) -> list[list[re.Match[str]]]:
    """Runs of line-initial numbers counting up by one (1, 2, 3... or k, k+1, ...)."""
    runs: list[list[re.Match[str]]] = []
    for m in _CHUNK.finditer(text):
        n = int(m.group(1))
        if runs and int(runs[-1][-1].group(1)) + 1 == n:
            runs[-1].append(m)
        else:
            runs.append([m])
    return [r for r in runs if len(r) >= 2]


def _chunk_spans(text: str, run: list[re.Match[str]]) -> list[tuple[int, int]]:
    """(start, end) of each chunk's text, trailing white space excluded; the last ends its line."""
    spans = []
    for i, m in enumerate(run):
        if i + 1 < len(run):
            end = run[i + 1].start()
        else:
            end = text.find("\n", m.end())
            end = len(text) if end < 0 else end
        body = text[m.end():end].rstrip(SPACES + "\n")
        spans.append((m.end(), m.end() + len(body)))
    return spans


def repair(text: str, config: Config) -> list[Fix]:
    fixes = []
    for run in _runs(text):
        spans = _chunk_spans(text, run)
        bodies = [text[s:e] for s, e in spans]
        if any(len(b) < MIN_CHUNK_CHARS for b in bodies[:-1]):
            continue
        cuts = sum(not ends_sentence(b) for b in bodies[:-1])
        if cuts < MIN_CUT_SHARE * (len(bodies) - 1):
            continue
        fixes.append(Fix(run[0].start(), run[0].end(), "", "chunk_number"))
        for (_, prev_end), prev, m in zip(spans[:-1], bodies[:-1], run[1:], strict=True):
            glue = "\n" if ends_sentence(prev) else ""
            fixes.append(Fix(prev_end, m.end(), glue, "chunk_join"))
    return sorted(fixes)
