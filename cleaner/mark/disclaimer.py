"""Download disclaimers: notice lines, and the numbered items of a notice block.

A notice header ("温馨提示：") owns the numbered or bulleted lines right after it,
whatever they say; other lines must match a disclaimer rule themselves.
"""

from __future__ import annotations

import re

from cleaner import patterns
from cleaner.doc import Doc
from cleaner.mark.keywords import line_rule
from cleaner.types import Reason

_ITEM = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]|[①-⑩])\s*[.．、)）]|^[•·\-*]\s")
# A notice block ends after this many items (real ones have 2 to 6).
MAX_ITEMS = 10


class Disclaimers:
    name = "disclaimer"

    def __init__(self) -> None:
        self.rules = patterns.load("disclaimer")

    def __call__(self, doc: Doc) -> None:
        items_left = 0
        for line in doc.kept():
            text = doc.visible(line)
            rule = line_rule(self.rules, text, doc)
            if rule:
                doc.remove_line(line, Reason.DISCLAIMER, rule.name)
                items_left = MAX_ITEMS if rule.name == "notice_header" else items_left
            elif items_left and _ITEM.match(text):
                doc.remove_line(line, Reason.DISCLAIMER, "notice_item")
                items_left -= 1
            else:
                items_left = 0
