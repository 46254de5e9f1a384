"""Line rules from a pattern file: a line that a rule matches leaves with the file's reason.

Used for site chrome and document-sharing wrappers, whose wording is stable enough
that a list of phrasings generalises across sites.
"""

from __future__ import annotations

from cleaner import patterns
from cleaner.doc import Doc
from cleaner.text import ends_sentence, prose_like
from cleaner.types import Reason

# Rules limited to lines this short are about wording only (see the patterns files).
SHORT_RULE_CHARS = 40
# A line of this many comma-separated clauses ending a sentence is written prose.
SENTENCE_CLAUSES = 3


def line_rule(rules: patterns.RuleSet, text: str, doc: Doc, *, spare_sentences: bool = False) -> patterns.Rule | None:
    """The rule that takes this line, if any.

    Short-line rules vote on wording alone; a real sentence that uses the same
    words ("网友评论区里…。", "软件可以免费下载") is prose and stays. With
    `spare_sentences`, so does any line written as a full sentence of several
    clauses (chrome is labels and links, never "…，…，…。").
    """
    for rule in rules.all_matches(text):
        if rule.max_chars <= SHORT_RULE_CHARS and prose_like(text, doc.config.prose_min_chars):
            continue  # spared by this rule; a later, more specific one may still take it
        if spare_sentences and text.count("，") >= SENTENCE_CLAUSES - 1 and ends_sentence(text):
            return None
        return rule
    return None


class KeywordLines:
    """Removes each kept line matched by a rule of `patterns/<group>.txt`."""

    def __init__(self, group: str, reason: Reason) -> None:
        self.name = group
        self.reason = reason
        self.rules = patterns.load(group)

    def __call__(self, doc: Doc) -> None:
        for line in doc.kept():
            rule = line_rule(self.rules, doc.visible(line), doc, spare_sentences=True)
            if rule:
                doc.remove_line(line, self.reason, rule.name)
