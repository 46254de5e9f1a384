"""Keyword and regex rules as data. One rule per line, `name  regex`, comments say what a rule catches.

A line `@max_chars N` limits the rules after it to lines of at most N visible
characters (chrome is short; a long line that mentions "评论" is prose).

Files live beside this module. Loading happens when a pipeline is built, never at import.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

from cleaner.patterns.guard import guarded, lead_guard


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    max_chars: int = 1_000_000

    def matches(self, line: str) -> bool:
        return len(line) <= self.max_chars and self.pattern.search(line) is not None


class RuleSet(tuple):
    """A file's rules, in order, with combined regexes per length bucket so that a line
    no rule matches (most lines) costs one search instead of one per rule.

    The rules anchored at the line's start ("^...") are combined apart and tried at
    position 0 only: inside one big alternation the regex engine would try every
    one of them at every position of the line. The others are led by a lookahead on
    the characters they can start with (`guard.guarded`), which the engine tests in C
    at each position before it tries the alternatives: five times faster on lines
    that match nothing."""

    def __new__(cls, rules):
        self = super().__new__(cls, rules)
        limits = sorted({r.max_chars for r in rules})
        self._limits = limits
        anchored = [_anchored(r.pattern.pattern) for r in rules]
        self._at_start = [_combine(r for r, a in zip(rules, anchored, strict=True) if r.max_chars >= m and a)
                          for m in limits]
        self._anywhere = [_combine(r for r, a in zip(rules, anchored, strict=True) if r.max_chars >= m and not a)
                          for m in limits]
        return self

    def first_match(self, s: str) -> Rule | None:
        """The first rule, in file order, that matches `s`; None when none does."""
        return next(self.all_matches(s), None)

    def all_matches(self, s: str) -> Iterator[Rule]:
        """Every rule that matches `s`, in file order (one match and one search when none does)."""
        i = bisect.bisect_left(self._limits, len(s))
        if i == len(self._limits) or not (self._at_start[i].match(s) or self._anywhere[i].search(s)):
            return
        yield from (rule for rule in self if rule.matches(s))


_NEVER = re.compile("(?!)")


def _combine(rules) -> re.Pattern[str]:
    patterns = [f"(?:{r.pattern.pattern})" for r in rules]
    return guarded("|".join(patterns)) if patterns else _NEVER


def _anchored(pattern: str) -> bool:
    """Whether every match of `pattern` starts at position 0: each of its branches
    begins with "^" (in "^a|b", "b" may match anywhere)."""
    return lead_guard(pattern) == "^"


def load(group: str) -> RuleSet:
    """Rules of `<group>.txt`, in file order."""
    rules, max_chars = [], 1_000_000
    text = resources.files(__package__).joinpath(f"{group}.txt").read_text(encoding="utf-8")
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        name, _, regex = line.strip().partition(" ")
        if name == "@max_chars":
            max_chars = int(regex)
            continue
        try:
            rules.append(Rule(name, re.compile(regex.strip()), max_chars))
        except re.error as exc:  # a broken data file must fail loudly, naming the line
            raise ValueError(f"{group}.txt:{lineno}: {exc}") from exc
    return RuleSet(rules)
