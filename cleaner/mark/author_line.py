"""The author's name on a line of its own under the headline ("犬儒病(上)" / "胡平").

Blogs, columns and journals print the name alone between title and text. A line
right below the title, above the first paragraph, that is nothing but a name
(two to four Chinese characters, a few of them, or a user handle) is that credit.
"""

from __future__ import annotations

import re

from cleaner.doc import Doc
from cleaner.mark.structure import is_prose
from cleaner.types import Reason

_CJK_NAME = r"[\u4e00-\u9fff·]{2,4}"
_NAME_LINE = re.compile(rf"^(?:{_CJK_NAME}(?:\s*[、,，\s]\s*{_CJK_NAME}){{0,5}}|[A-Za-z][\w\-]{{2,19}})$")
# The name must come within this many kept lines below the title.
MAX_LINES_BELOW = 2


class AuthorLine:
    name = "author_line"

    def __call__(self, doc: Doc) -> None:
        title = next((r for r in doc.removals if r.rule == "title"), None)
        if title is None:
            return
        below = [ln for ln in doc.kept() if ln.start > title.end][:MAX_LINES_BELOW]
        for ln in below:
            text = doc.kept_text(ln).strip()
            if is_prose(text, doc.config):
                return
            if _NAME_LINE.match(text):
                if doc.meta.author is None:
                    doc.meta.author = text
                doc.remove_line(ln, Reason.METADATA, "author_line")
                return
