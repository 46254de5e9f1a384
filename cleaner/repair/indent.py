"""Lost indents and lost paragraph breaks.

Chinese paragraphs open with two ideographic spaces. Pages that went through a
lossy encoding show them as "??" (or "?"), and text dumps that flattened a
paragraph keep only the indent run in the middle of a line.
"""

from __future__ import annotations

import re

from cleaner.config import Config
from cleaner.patterns.guard import guarded
from cleaner.repair import Fix
from cleaner.text import CJK

# "??" (one to four) at the start of a line, right before Chinese text or an opening quote.
_LOST_INDENT = re.compile(rf"(?m)^[ \t\u3000]*[?？]{{1,4}}(?=[{CJK}“「《（(0-9０-９])")
# An indent run inside a line: two or more spaces (ASCII or ideographic) between
# text, where Chinese text (or a date, or a numbered item) follows. A single space is word spacing, not an indent.
# Markdown images between are looked past: the image stage removes them, and the
# text after decides (else the break would appear only when the output is cleaned again).
_INNER_INDENT = guarded(rf"(?<=[^\s])(?:[ \u00a0]{{2,}}|\u3000+[ \u00a0]*)"
                        rf"(?=(?:!\[[^\]\n]*\]\([^)\n]*\))*(?:[{CJK}“「《（(]|\d+[年月日、.．]))")

# One ideographic space between two lone Chinese characters, the first after a line
# start, a space, a label's colon or a bracket: a padded name or heading word ("作者：傅　谨",
# "【字体：大　中　小】"). Between longer runs it separates items ("返目录　下一页",
# "本报讯　经过…"), and after "5倍" or "300人" it is a lost paragraph break.
_PADDED = re.compile(rf"(?<![^\s：:\[【(（])[{CJK}]\u3000[{CJK}](?![{CJK}])")


def repair(text: str, config: Config) -> list[Fix]:
    fixes = [Fix(m.start(), m.end(), "", "lost_indent") for m in _LOST_INDENT.finditer(text)]
    for m in _INNER_INDENT.finditer(text):
        if m.group() == "\u3000" and _PADDED.match(text, m.start() - 1):
            continue  # a two-character name padded to three ("傅　谨"), a spaced heading ("新　闻")
        line_start = text.rfind("\n", 0, m.start()) + 1
        if re.search(f"[{CJK}]", text[line_start:m.start()]):
            fixes.append(Fix(m.start(), m.end(), "\n", "lost_paragraph_break"))
    return sorted(fixes)
