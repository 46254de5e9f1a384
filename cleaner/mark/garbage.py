"""Lines with nothing to read: lone "?" (a lost indent on an empty paragraph),
separators, stray bullets."""

from __future__ import annotations

import re

from cleaner.doc import Doc
from cleaner.text import CJK
from cleaner.types import Reason

_READABLE = re.compile(rf"[0-9A-Za-z{CJK}\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff\uac00-\ud7af\u3040-\u30ff]")


class Garbage:
    name = "garbage"

    def __call__(self, doc: Doc) -> None:
        for line in doc.kept():
            text = doc.visible(line)
            if not _READABLE.search(text):
                rule = "lone_question_mark" if set(text) <= set("?？") else "no_letters"
                doc.remove_line(line, Reason.GARBAGE, rule)
