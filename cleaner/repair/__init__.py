"""Repair stages rewrite text and explain each rewrite as an Edit.

A repair stage is a pure function `(text, config) -> list[Fix]`; the pipeline turns
fixes into Edits carrying the stage name. Order matters: chunks are re-joined before
glosses are dropped, so a gloss cut by a page break is still seen whole.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from cleaner.config import Config


class Fix(NamedTuple):
    start: int
    end: int
    after: str
    rule: str


RepairFn = Callable[[str, Config], list[Fix]]
