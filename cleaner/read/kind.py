"""HTML or text dump? Decided from the markup density of the head of the page."""

from __future__ import annotations

import re

_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html\b|<\?xml[^>]*>\s*<html\b|<head\b|<body\b)", re.I)
_TAG = re.compile(r"</?(?:html|head|body|div|p|span|a|table|tr|td|meta|script|style|li|ul|br|h[1-6])\b[^>]*>", re.I)


def sniff_kind(text: str) -> str:
    """'html' when the page starts like a document or is dense with common tags, else 'text'."""
    if _HTML_START.match(text):
        return "html"
    head = text[:20_000]
    tags = len(_TAG.findall(head))
    return "html" if tags >= 5 and tags * 40 > len(head.splitlines()) else "text"
