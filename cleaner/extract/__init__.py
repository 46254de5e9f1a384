"""HTML to text blocks. The text stages then treat the result like any text dump."""

from cleaner.extract.html import Extracted, extract_html

__all__ = ["Extracted", "extract_html"]
