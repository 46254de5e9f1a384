"""Line rules from a pattern file: a line that a rule matches leaves with the file's reason.

Used for site chrome and document-sharing wrappers, whose wording is stable enough
that a list of phrasings generalises across sites.
"""

from __future__ import annotations

from cleaner import patterns
from cleaner.doc import Doc
from cleaner.types import Reason


class KeywordLines:
    """Removes each kept line matched by a rule of `patterns/<group>.txt`."""

    def __init__(self, group: str, reason: Reason) -> None:
        self.name = group
        self.reason = reason
        self.rules = patterns.load(group)

    def __call__(self, doc: Doc) -> None:
        for line in doc.kept():
            rule = patterns.first_match(self.rules, line.stripped)
            if rule:
                doc.remove_line(line, self.reason, rule.name)
