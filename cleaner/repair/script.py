"""Optional script conversion with OpenCC: `--script simplified|traditional` (default keep).

OpenCC converts by phrase ("头发" -> "頭髮", "发展" -> "發展"), so a line is converted
whole; the edits record each changed run of characters. The title is converted the
same way (`convert`).
"""

from __future__ import annotations

import functools

import opencc

from cleaner.config import Config
from cleaner.repair import Fix

SCRIPTS = ("keep", "simplified", "traditional")
_CONFIGS = {"simplified": "t2s", "traditional": "s2t"}


@functools.cache
def _converter(script: str) -> opencc.OpenCC:
    return opencc.OpenCC(_CONFIGS[script])


def convert(text: str, script: str) -> str:
    """`text` in `script` ("keep" returns it unchanged)."""
    if script == "keep" or not text:
        return text
    if script not in _CONFIGS:
        raise ValueError(f"script must be one of {', '.join(SCRIPTS)}, not {script!r}")
    return _converter(script).convert(text)


def repair(text: str, config: Config) -> list[Fix]:
    if config.script == "keep":
        return []
    rule = f"to_{config.script}"
    fixes, pos = [], 0
    for line in text.split("\n"):
        new = convert(line, config.script)
        if new != line:
            if len(new) != len(line):
                fixes.append(Fix(pos, pos + len(line), new, rule))
            else:
                i = 0
                while i < len(line):
                    if line[i] == new[i]:
                        i += 1
                        continue
                    j = i
                    while j < len(line) and line[j] != new[j]:
                        j += 1
                    fixes.append(Fix(pos + i, pos + j, new[i:j], rule))
                    i = j
        pos += len(line) + 1
    return fixes
