"""Reading: bytes to text without losing data, and telling HTML from a text dump."""

from cleaner.read.decode import Decoded, decode
from cleaner.read.kind import sniff_kind

__all__ = ["Decoded", "decode", "sniff_kind"]
