"""Dates as Chinese pages write them, normalised to ISO 8601 (pure functions)."""

from __future__ import annotations

from cleaner.patterns.guard import guarded

# 2021-07-09, 2021/7/9, 2021.07.09, 2021年7月9日, optionally followed by a time.
_YMD = guarded(
    r"(?<!\d)((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号號]?"
    r"(?:\s*(?:[（(]?\s*(?:星期|周|週)[一二三四五六日天]\s*[)）]?)?\s*(\d{1,2})[:：时時](\d{2})(?:[:：分](\d{2}))?秒?(?:\s*[AaPp][Mm])?)?"
)
# 7/5/2005 9:23:57 PM: day first unless that cannot be (13/5 is a day; 5/13 is not):
# the pages of the dev sets that print this form mean day/month (RFI's 06/02/2022
# is 6 February), and the gold agrees.
_MDY = guarded(
    r"(?<!\d)(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?"
)


def _iso(y: int, mo: int, d: int, h: str | None, mi: str | None, s: str | None) -> str | None:
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    out = f"{y:04d}-{mo:02d}-{d:02d}"
    if h is not None and mi is not None and int(h) < 24 and int(mi) < 60:
        out += f"T{int(h):02d}:{int(mi):02d}"
        if s is not None and int(s) < 60:
            out += f":{int(s):02d}"
    return out


def find_date(text: str) -> tuple[str, tuple[int, int]] | None:
    """The first date in `text` as (ISO string, span), or None."""
    m = _YMD.search(text)
    if m:
        iso = _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)), m.group(4), m.group(5), m.group(6))
        if iso:
            return iso, m.span()
    m = _MDY.search(text)
    if m:
        hour = m.group(4)
        if hour is not None and m.group(7) and m.group(7).lower() == "pm" and int(hour) < 12:
            hour = str(int(hour) + 12)
        first, second = int(m.group(1)), int(m.group(2))
        day, month = (second, first) if second > 12 else (first, second)
        iso = _iso(int(m.group(3)), month, day, hour, m.group(5), m.group(6))
        if iso:
            return iso, m.span()
    return None


def count_dates(text: str) -> int:
    """How many calendar dates (not times) the text holds."""
    return len(_YMD.findall(text)) + len(_MDY.findall(text))


_CLOCK = guarded(r"(?<!\d)\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp][Mm])?")


def date_spans(text: str) -> list[tuple[int, int]]:
    """Spans of every date or time-like token (used to measure what a byline consists of)."""
    spans = [m.span() for m in _YMD.finditer(text)] + [m.span() for m in _MDY.finditer(text)]
    spans += [m.span() for m in _CLOCK.finditer(text)]
    return spans
