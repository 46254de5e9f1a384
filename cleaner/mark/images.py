"""Markdown image lines ("![](url)", "![alt](url)") leave the body; their URLs go to metadata.images."""

from __future__ import annotations

import re

from cleaner.doc import Doc
from cleaner.types import Reason

_IMAGE = re.compile(r"!\[[^\]\n]{0,200}\]\(\s*([^)\s]{0,2000})(?:\s+\"[^\"\n]*\")?\s*\)")


class Images:
    name = "images"

    def __call__(self, doc: Doc) -> None:
        for m in _IMAGE.finditer(doc.text):
            if m.group(1):
                doc.meta.images.append(m.group(1))
            doc.remove(m.start(), m.end(), Reason.IMAGE, "markdown_image")
