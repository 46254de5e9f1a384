"""Mark stages decide what leaves the body. They never delete: each records removals
on the Doc (span, reason, rule) and, for metadata lines, fills Doc.meta.

A mark stage is any callable `stage(doc) -> None` with a `name` attribute.
"""

from __future__ import annotations

from typing import Protocol

from cleaner.doc import Doc


class MarkStage(Protocol):
    name: str

    def __call__(self, doc: Doc) -> None: ...
