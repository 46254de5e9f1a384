"""Regexes led by a lookahead on the characters a match can start with.

Python's regex engine has no literal scan for an alternation of many keywords: at
every position of the text it tries every alternative. A lookahead `(?=[...])` on
the characters the alternatives can start with is tested in C before them, which
makes a search over text that holds none of them several times faster. Matches,
groups and spans are unchanged: the lookahead consumes nothing and captures nothing.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse

_CATEGORIES = {
    sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_NOT_DIGIT: r"\D",
    sre.CATEGORY_SPACE: r"\s", sre.CATEGORY_NOT_SPACE: r"\S",
    sre.CATEGORY_WORD: r"\w", sre.CATEGORY_NOT_WORD: r"\W",
}
_AT_START = (sre.AT_BEGINNING, sre.AT_BEGINNING_STRING)


def guarded(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """`re.compile(pattern, flags)`, led by the lookahead where the starts are known."""
    guard = lead_guard(pattern, flags)
    if guard:
        try:
            return re.compile(f"{guard}(?:{pattern})", flags)
        except re.error:  # the wrapping broke the pattern (a verbose "#" comment ate the ")")
            pass
    return re.compile(pattern, flags)


def lead_guard(pattern: str, flags: int = 0) -> str | None:
    """A zero-width regex that holds wherever a match of `pattern` can start: a
    lookahead on its first characters, or "^" for the branches anchored there. None
    when any character may start a match (".", a branch that may match nothing) or
    the pattern sets global flags inline (they must stay first)."""
    try:
        parsed = sre_parse.parse(pattern, flags)
    except re.error:
        return None
    if parsed.state.flags & ~(flags | re.U):
        return None
    first = _first_of(list(parsed))
    if first is None:
        return None
    body, at_start, nullable = first
    if nullable:
        return None
    parts = (["^"] if at_start else []) + ([f"(?=[{body}])"] if body else [])
    return parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"


def _first_of(items: list) -> tuple[str, bool, bool] | None:
    """(class body of the first characters, whether some branch is anchored at the
    start, whether the sequence can match empty) for a parsed sequence; None if unknown."""
    body = ""
    at_start = False
    for op, av in items:
        item = _first_item(op, av)
        if item is None:
            return None
        b, s, nullable = item
        body += b
        at_start |= s
        if not nullable:
            return body, at_start, False
    return body, at_start, True


def _first_item(op, av) -> tuple[str, bool, bool] | None:
    if op is sre.LITERAL:
        return re.escape(chr(av)), False, False
    if op is sre.IN:
        body = _class_body(av)
        return None if body is None else (body, False, False)
    if op is sre.AT:  # "^" ends the search for starts; "\b", "$" consume nothing
        return ("", True, False) if av in _AT_START else ("", False, True)
    if op in (sre.ASSERT, sre.ASSERT_NOT):  # lookarounds consume nothing
        return "", False, True
    if op is sre.SUBPATTERN:
        _, add, remove, sub = av
        return None if add or remove else _first_of(list(sub))
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        low, _, sub = av
        inner = _first_of(list(sub))
        return None if inner is None else (inner[0], inner[1], inner[2] or low == 0)
    if op is sre.BRANCH:
        alts = [_first_of(list(alt)) for alt in av[1]]
        if any(a is None for a in alts):
            return None
        return "".join(a[0] for a in alts), any(a[1] for a in alts), any(a[2] for a in alts)
    return None  # ".", a negated literal, a back-reference, an atomic group...


def _class_body(items: list) -> str | None:
    out = []
    for op, av in items:
        if op is sre.LITERAL:
            out.append(re.escape(chr(av)))
        elif op is sre.RANGE:
            out.append(f"{re.escape(chr(av[0]))}-{re.escape(chr(av[1]))}")
        elif op is sre.CATEGORY and av in _CATEGORIES:
            out.append(_CATEGORIES[av])
        else:  # a negated class: anything may start it
            return None
    return "".join(out)
