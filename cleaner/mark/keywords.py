"""Line rules from a pattern file: a line that a rule matches leaves with the file's reason.

Used for site chrome and document-sharing wrappers, whose wording is stable enough
that a list of phrasings generalises across sites.
"""

from __future__ import annotations

from cleaner import patterns
from cleaner.doc import Doc
from cleaner.text import prose_like
from cleaner.types import Reason

# Rules limited to lines this short are about wording only (see the patterns files).
SHORT_RULE_CHARS = 40


class KeywordLines:
    """Removes each kept line matched by a rule of `patterns/<group>.txt`."""

    def __init__(self, group: str, reason: Reason) -> None:
        self.name = group
        self.reason = reason
        self.rules = patterns.load(group)

    def __call__(self, doc: Doc) -> None:
        for line in doc.kept():
            text = doc.visible(line)
            rule = patterns.first_match(self.rules, text)
            # Short-line rules vote on wording alone; a real sentence that uses
            # the same words ("网友评论区里…。") is prose and stays.
            if rule and rule.max_chars <= SHORT_RULE_CHARS and prose_like(text, doc.config.prose_min_chars):
                continue
            if rule:
                doc.remove_line(line, self.reason, rule.name)
