"""The default pipeline: read -> (extract) -> repair -> mark -> render.

The stage order is a tuple in code, so the flow can be read top to bottom here.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from cleaner.config import DEFAULT, Config
from cleaner.doc import Doc
from cleaner.extract import extract_html
from cleaner.mark import MarkStage
from cleaner.mark.author_line import AuthorLine
from cleaner.mark.byline import Bylines
from cleaner.mark.disclaimer import Disclaimers
from cleaner.mark.filler import Filler
from cleaner.mark.garbage import Garbage
from cleaner.mark.images import Images
from cleaner.mark.keywords import KeywordLines
from cleaner.mark.pubdate import PublicationDate
from cleaner.mark.repeats import Repeats
from cleaner.mark.site import SiteChrome
from cleaner.mark.spam import Spam
from cleaner.mark.structure import Structure
from cleaner.mark.title import Title
from cleaner.read import decode, sniff_kind
from cleaner.render import apply_edits, replay
from cleaner.repair import RepairFn, chunks, indent, mojibake, pinyin, script
from cleaner.stats import SiteStats
from cleaner.types import Edit, InputError, Metadata, Reason, Result


@dataclass(frozen=True)
class Pipeline:
    config: Config
    repairs: tuple[tuple[str, RepairFn], ...]
    marks: tuple[MarkStage, ...]

    def repair(self, source: str) -> tuple[str, list[Edit]]:
        """The repair stages over `source`: the repaired text and the edits that made it."""
        text, edits = source, []
        for name, fn in self.repairs:
            fixes = fn(text, self.config)
            if not fixes:
                continue
            stage_edits = [Edit(f.start, f.end, text[f.start:f.end], f.after, name, f.rule) for f in fixes]
            text = apply_edits(text, stage_edits)
            edits.extend(stage_edits)
        return text, edits

    def run(self, source: str, meta: Metadata, *, site: str = "", stats: SiteStats | None = None) -> Result:
        """Clean already-decoded text (a text dump, or the text extracted from HTML).

        `stats` (from a first pass over a batch) and the page's `site` let the
        stages use what recurs across pages; without them each page stands alone.
        """
        text, edits = self.repair(source)
        doc = Doc(text, self.config, meta, site=site, stats=stats)
        for stage in self.marks:
            doc.stage = stage.name
            stage(doc)
        if meta.author is None:
            meta.author = meta.editor  # the one person credited (see Metadata.author)
        removals = sorted(doc.removals, key=lambda r: (r.start, r.end))
        body = replay(source, edits, removals)
        meta.title = script.convert(meta.title, self.config.script) if meta.title else meta.title
        flags, spans = _flags(source, body)
        return Result(body, meta.title, meta, edits, removals, flags, source, spans)


def _flags(source: str, body: str) -> tuple[list[str], dict[str, list[tuple[int, int]]]]:
    """The page's flags, and for `mojibake_left` the damaged spans of the body."""
    flags, spans = [], {}
    if not source.strip():
        flags.append("empty")
    elif not body:
        flags.append("no_body")
    left = mojibake.left_spans(body)
    if left:
        flags.append("mojibake_left")
        spans["mojibake_left"] = left
    return flags, spans


@functools.lru_cache(maxsize=8)
def default_pipeline(config: Config = DEFAULT) -> Pipeline:
    """The standard stage order. Cached per config: building it loads the pattern files."""
    return Pipeline(
        config=config,
        repairs=(
            ("mojibake", mojibake.repair),  # first: later stages see the repaired characters
            ("chunks", chunks.repair),
            ("indent", indent.repair),
            ("pinyin", pinyin.repair),
            ("script", script.repair),      # last: --script converts the repaired text
        ),
        marks=(
            Images(),
            Garbage(),
            Disclaimers(),
            KeywordLines("docshare", Reason.DOCSHARE),
            Spam(),
            KeywordLines("chrome", Reason.CHROME),
            Bylines(),
            Filler(),
            Repeats(),
            Title(),
            AuthorLine(),
            SiteChrome(),  # after the credits: a columnist's name recurs on a site too
            Structure(),
            PublicationDate(),
        ),
    )


def prepare(data: str | bytes, *, url: str | None, kind: str | None, config: Config) -> tuple[str, Metadata]:
    """Decode and (for HTML) extract: the text the stages start from, with what is known of it."""
    meta = Metadata(url=url)
    if isinstance(data, bytes):
        if len(data) > config.max_input_bytes:
            raise InputError("too_large", f"{len(data)} bytes > limit {config.max_input_bytes}")
        decoded = decode(data)
        text, meta.encoding, meta.encoding_confidence = decoded.text, decoded.encoding, decoded.confidence
        meta.encoding_errors = decoded.dropped
    elif isinstance(data, str):
        if len(data) > config.max_input_bytes:
            raise InputError("too_large", f"{len(data)} characters > limit {config.max_input_bytes}")
        text = data
    else:
        raise TypeError(f"clean() takes str or bytes, not {type(data).__name__}")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    meta.kind = kind or sniff_kind(text)
    if meta.kind == "html":
        ex = extract_html(text, url, config)
        text, meta.extractor = ex.text.replace("\r\n", "\n").replace("\r", "\n"), ex.extractor
        meta.title, meta.date, meta.author, meta.source = ex.title, ex.date, ex.author, ex.source
        meta.editor = ex.editor
        meta.url = ex.url
        meta.canonical_url, meta.language = ex.canonical_url, ex.language
    elif meta.kind != "text":
        raise ValueError(f"kind must be 'text', 'html' or None, not {meta.kind!r}")
    return text, meta
