"""Per-site line counts and batch-wide passage counts, as hashes."""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from cleaner.text import normalize_key

# A line must hold this many letters to be counted: shorter keys ("更多", "1")
# recur everywhere and are judged by the other stages.
MIN_LINE_KEY = 2
# Passages are clauses at least this long (the filler stage's minimum).
MIN_PASSAGE_KEY = 16
_CLAUSE = re.compile(r"[^。！？!?；;…\n]+")
FORMAT_VERSION = 1


def line_hash(text: str) -> int:
    """A stable 8-byte hash of a line's comparison key (Python's hash() is salted per process)."""
    return int.from_bytes(hashlib.blake2b(normalize_key(text).encode("utf-8"), digest_size=8).digest(), "big")


def page_keys(lines: list[str]) -> tuple[set[int], set[int]]:
    """(line hashes, passage hashes) of one page's lines, each counted once per page."""
    line_keys, passage_keys = set(), set()
    for line in lines:
        key = normalize_key(line)
        if len(key) >= MIN_LINE_KEY:
            line_keys.add(line_hash(line))
        for clause in _CLAUSE.findall(line):
            if len(normalize_key(clause)) >= MIN_PASSAGE_KEY:
                passage_keys.add(line_hash(clause))
    return line_keys, passage_keys


def site_of(url: str | None, rel_path: str | None) -> str:
    """The site a page belongs to: the URL's host when known, else its input sub-folder."""
    if url:
        host = urlsplit(url).hostname
        if host:
            return host.lower().removeprefix("www.")
    if rel_path:
        parent = PurePosixPath(rel_path).parent.as_posix()
        return "" if parent == "." else parent
    return ""


@dataclass
class SiteTable:
    pages: int = 0
    lines: Counter = field(default_factory=Counter)   # line hash -> pages of this site holding it


@dataclass
class SiteStats:
    """What pass 1 learned. `max_entries` caps each table; singletons go first when full."""

    min_pages: int = 3
    max_entries: int = 500_000
    sites: dict[str, SiteTable] = field(default_factory=dict)
    passages: Counter = field(default_factory=Counter)  # passage hash -> pages holding it
    pages: int = 0
    pruned: int = 0

    def add_page(self, site: str, line_keys: set[int], passage_keys: set[int]) -> None:
        table = self.sites.setdefault(site, SiteTable())
        table.pages += 1
        table.lines.update(line_keys)
        self.passages.update(passage_keys)
        self.pages += 1
        if len(table.lines) > self.max_entries:
            self.pruned += _prune(table.lines, self.max_entries)
        if len(self.passages) > self.max_entries:
            self.pruned += _prune(self.passages, self.max_entries)

    def line_pages(self, site: str, line: str) -> int:
        """On how many pages of `site` this line occurs (0 when the site is unknown)."""
        table = self.sites.get(site)
        return table.lines.get(line_hash(line), 0) if table else 0

    def site_pages(self, site: str) -> int:
        table = self.sites.get(site)
        return table.pages if table else 0

    def passage_pages(self, passage: str) -> int:
        return self.passages.get(line_hash(passage), 0)

    def memory_bytes(self) -> int:
        """An estimate of the tables' footprint (a CPython dict entry with two ints ~ 100 bytes)."""
        entries = sum(len(t.lines) for t in self.sites.values()) + len(self.passages)
        return entries * 100

    # -- persistence --------------------------------------------------------------
    def save(self, folder: Path) -> Path:
        """Write the statistics (entries seen on two pages or more) to folder/site_stats.json."""
        folder.mkdir(parents=True, exist_ok=True)
        data = {
            "version": FORMAT_VERSION, "min_pages": self.min_pages, "pages": self.pages, "pruned": self.pruned,
            "sites": {name: {"pages": t.pages, "lines": {f"{h:016x}": n for h, n in sorted(t.lines.items()) if n > 1}}
                      for name, t in sorted(self.sites.items())},
            "passages": {f"{h:016x}": n for h, n in sorted(self.passages.items()) if n > 1},
        }
        path = folder / "site_stats.json"
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)
        return path

    @classmethod
    def load(cls, folder: Path) -> SiteStats:
        data = json.loads((Path(folder) / "site_stats.json").read_text(encoding="utf-8"))
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"{folder}: statistics format {data.get('version')} (this cleaner reads {FORMAT_VERSION})")
        stats = cls(min_pages=data["min_pages"], pages=data["pages"], pruned=data.get("pruned", 0))
        for name, t in data["sites"].items():
            stats.sites[name] = SiteTable(t["pages"], Counter({int(h, 16): n for h, n in t["lines"].items()}))
        stats.passages = Counter({int(h, 16): n for h, n in data["passages"].items()})
        return stats


def _prune(table: Counter, cap: int) -> int:
    """Make room in a full table: drop the entries seen once, and when that is not
    enough to bring it to three quarters of `cap`, the rarest entries (ties in the
    order first seen, so the result does not depend on timing). Always freeing a
    quarter keeps pruning rare: a table of entries that all recur would otherwise be
    scanned again on every page. Returns how many went."""
    ones = [k for k, n in table.items() if n == 1]
    for k in ones:
        del table[k]
    target = cap * 3 // 4
    if len(table) <= target:
        return len(ones)
    before = len(table)
    kept = table.most_common(target)  # sorted by count, stable: ties keep their first-seen order
    table.clear()
    table.update(dict(kept))
    return len(ones) + before - len(table)
