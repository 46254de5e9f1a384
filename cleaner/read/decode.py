"""Bytes to str. Never guess silently: the encoding and its confidence are recorded.

Order: BOM, then a declared charset (HTML meta / XML prolog) that the bytes honour,
then strict UTF-8, then UTF-8 or the declared charset with a few broken sequences,
then charset detection (charset-normalizer). GBK and GB2312 are read as GB18030 (a
superset, so nothing valid is lost) and Big5 as Big5-HKSCS. A declared charset the
bytes contradict is overruled.

Broken sequences in a page whose encoding is otherwise certain (a character cut in
half by a truncated title, a bad splice) are dropped rather than shown as U+FFFD:
what they held cannot be recovered, and their count is recorded (`Decoded.dropped`).
Only the last resort (detection) keeps U+FFFD, where the codec itself is a guess.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from cleaner.types import InputError

# Encodings widened to their supersets: the narrow codecs reject characters that
# real "GB2312" pages use every day.
_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "euc_cn": "gb18030",
    "hz": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "ascii": "utf-8",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
}

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# charset=... in a meta tag or an XML prolog, looked for in the first 4 KB only.
_DECLARED = re.compile(rb"""(?:charset|encoding)\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)

# Magic numbers of binary formats people find in scraped folders.
_MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF8", "gif"),
    (b"\x1f\x8b", "gzip"),
    (b"PK\x03\x04", "zip"),
    (b"BZh", "bzip2"),
    (b"\xfd7zXZ", "xz"),
    (b"7z\xbc\xaf", "7z"),
    (b"RIFF", "riff"),
    (b"\x7fELF", "elf"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
)


# A UTF-16 decoding this textual (CJK, kana, ASCII, punctuation, white space) is
# the right one: a wrong byte order or a binary file scatters over all of Unicode.
UTF16_TEXT_SHARE = 0.9
_TEXTUAL = re.compile(r"[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef\u0020-\u007e\n\r\t\u2010-\u2027]")
_CONTROL_BYTES = bytes([*range(0, 9), 11, *range(14, 27), *range(28, 32), 127])
# 2% control bytes: far above any text page, far below any binary format.
MAX_CONTROL_SHARE = 0.02
# UTF-8 with a few broken sequences (a truncated download, a bad splice) is still
# UTF-8: other encodings fail UTF-8 validation on nearly every non-ASCII character,
# so valid multibyte characters outnumbering the errors 10 to 1 means UTF-8.
UTF8_VALID_PER_ERROR = 10


# A declared multibyte charset (GBK, Big5, Shift-JIS...) with a few broken sequences
# is still that charset: a wrong one fails on nearly every non-ASCII character. Same
# ratio as for UTF-8 above; the two damaged GBK pages of dev-html have 2 and 12 broken
# sequences against thousands of valid characters, a UTF-8 page read as GBK fails on
# about one character in three.
DECLARED_VALID_PER_ERROR = UTF8_VALID_PER_ERROR


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    confidence: float  # 1.0 for a BOM or a strict decode of a declared/UTF-8 charset
    replaced: int      # characters that could not be decoded (U+FFFD inserted, detection only)
    dropped: int = 0   # broken byte sequences skipped in a page whose codec is certain


def normalize_codec(name: str) -> str | None:
    """The Python codec to use for a charset label, widened to its superset; None if unknown."""
    try:
        canonical = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    canonical = canonical.replace("-", "_")
    return _SUPERSET.get(canonical, canonical).replace("_", "-")


def _binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    head = data[:4096]
    if any(head.startswith(bom) for bom, _ in _BOMS) or _looks_utf16(head):
        return None
    # Text never carries many C0 control bytes (tab, newlines, form feed and escape
    # aside); GBK, Big5 and UTF-8 use none in their multibyte sequences. Chinese
    # UTF-16 without a BOM does (its low bytes): it is read, not refused.
    if _many_controls(head) and not _utf16_text(head):
        return "binary"
    return None


def _many_controls(head: bytes) -> bool:
    return sum(head.count(b) for b in _CONTROL_BYTES) > len(head) * MAX_CONTROL_SHARE


def _utf16_text(head: bytes) -> str | None:
    """UTF-16 without BOM and without NULs (Chinese text): the codec whose decoding is
    almost all CJK, kana, ASCII text and common punctuation; None when neither is."""
    even = head[: len(head) // 2 * 2]
    if len(even) < 16:
        return None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = even.decode(codec)
        except UnicodeDecodeError:
            continue
        textual = sum(1 for c in text if _TEXTUAL.match(c))
        if textual >= UTF16_TEXT_SHARE * len(text):
            return codec
    return None


def _looks_utf16(head: bytes) -> bool:
    """UTF-16 without BOM: ASCII-heavy text has NUL in every other byte."""
    if len(head) < 4:
        return False
    even, odd = head[0::2], head[1::2]
    return even.count(0) > len(even) * 0.4 or odd.count(0) > len(odd) * 0.4


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _mostly(data: bytes, codec: str) -> Decoded | None:
    """`data` in `codec` with its few broken sequences dropped; None when errors are too many."""
    try:
        marked = data.decode(codec, errors="replace")
    except LookupError:
        return None
    text = data.decode(codec, errors="ignore")  # skips the bytes that do not decode, in C
    bad = marked.count("\ufffd") - text.count("\ufffd")  # U+FFFD the page itself holds aside
    valid = len(text) - len(text.encode("ascii", "ignore"))  # non-ASCII characters, counted in C
    if valid < DECLARED_VALID_PER_ERROR * bad:
        return None
    return Decoded(text, codec, round(1.0 - bad / max(1, len(marked)), 3), 0, bad)


def decode(data: bytes) -> Decoded:
    """Decode `data`; raise InputError for binary input."""
    kind = _binary_kind(data)
    if kind:
        raise InputError("binary", f"looks like {kind}, not a page")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = data[len(bom):].decode(codec, errors="replace")
            return Decoded(text, codec, 1.0, text.count("\ufffd"))
    if _looks_utf16(data[:4096]):
        even_nuls = data[0:4096:2].count(0)
        codec = "utf-16-be" if even_nuls > data[1:4096:2].count(0) else "utf-16-le"
        text = data.decode(codec, errors="replace")
        return Decoded(text, codec, 0.9, text.count("\ufffd"))
    # Only where control bytes rule out every 8-bit encoding: ASCII read as UTF-16
    # would look like CJK too.
    if _many_controls(data[:4096]) and (codec := _utf16_text(data[:4096])):
        text = data.decode(codec, errors="replace")
        return Decoded(text, codec, 0.8, text.count("\ufffd"))
    match = _DECLARED.search(data[:4096])
    declared = normalize_codec(match.group(1).decode("ascii", "ignore")) if match else None
    if declared:
        text = _strict(data, declared)
        if text is not None:
            return Decoded(text, declared, 1.0, 0)
    text = _strict(data, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", 1.0, 0)
    for codec in ("utf-8", declared):
        found = _mostly(data, codec) if codec else None
        if found:
            return found
    best = from_bytes(data[:200_000]).best()  # a prefix is plenty and keeps this linear
    codec = normalize_codec(best.encoding) if best else None
    codec = codec or declared or "gb18030"
    text = data.decode(codec, errors="replace")
    confidence = round(1.0 - best.chaos, 3) if best else 0.0
    return Decoded(text, codec, confidence, text.count("\ufffd"))
