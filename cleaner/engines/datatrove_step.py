"""A datatrove PipelineStep that cleans `Document.text` (`pip install 'cleaner[datatrove]'`).

Each document's text (raw HTML, as datatrove's WarcReader gives it, or a text dump)
goes through `cleaner.clean` with the document's `metadata["url"]`; the text
becomes the clean body and `metadata["cleaner"]` keeps why: the title, what the
page's metadata lines said, every removal (span, stage, reason, rule, text), every
edit and the flags, as plain JSON types (JsonlWriter and ParquetWriter store them
as they are). A document that is not a page (binary, too large, empty) or whose
body comes out empty is dropped and counted in the step's stats.

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.engines.datatrove_step import CleanerStep

    LocalPipelineExecutor(pipeline=[JsonlReader("raw/"), CleanerStep(), JsonlWriter("clean/")], tasks=4).run()

With `stats_dir` (the OUT/stats of a `cleaner clean` run over the same crawl) pages
are also judged by what recurs across the batch (site chrome, injected filler).
"""

from __future__ import annotations

from pathlib import Path

from datatrove.data import DocumentsPipeline
from datatrove.pipeline.base import PipelineStep

from cleaner.api import clean
from cleaner.config import DEFAULT, Config
from cleaner.stats import SiteStats
from cleaner.types import InputError


class CleanerStep(PipelineStep):
    """Clean every document's text; keep the reasons in `metadata["cleaner"]`.

    `kind`: "html", "text" or None (sniffed per document). `detail=False` keeps only
    the counts of removals per reason (smaller metadata). `drop_empty=False` keeps
    documents whose body came out empty (text ""), flagged `no_body` or `empty`.
    """

    name = "🧹 cleaner"
    type = "✂️ - EXTRAC"

    def __init__(self, *, kind: str | None = None, config: Config = DEFAULT, stats_dir: str | Path | None = None,
                 detail: bool = True, drop_empty: bool = True) -> None:
        super().__init__()
        self.kind, self.config, self.detail, self.drop_empty = kind, config, detail, drop_empty
        self.stats_dir = str(stats_dir) if stats_dir else None
        self._stats: SiteStats | None = None

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        if self.stats_dir and self._stats is None:
            self._stats = SiteStats.load(Path(self.stats_dir))
        for doc in data:
            self.stat_update("documents")
            with self.track_time():
                url = doc.metadata.get("url") if isinstance(doc.metadata.get("url"), str) else None
                try:
                    result = clean(doc.text, url=url, kind=self.kind, config=self.config, stats=self._stats)
                except InputError as exc:
                    self.stat_update(f"dropped_{exc.reason}")
                    continue
            if not result.text and self.drop_empty:
                self.stat_update("dropped_no_body")
                continue
            record = result.to_dict()
            del record["text"]
            if not self.detail:
                counts: dict[str, int] = {}
                for r in record["removals"]:
                    counts[r["reason"]] = counts.get(r["reason"], 0) + 1
                record = {"title": record["title"], "flags": record["flags"], "removals_by_reason": counts}
            for r in result.removals:
                self.stat_update(f"removed_{r.reason}")
            doc.text = result.text
            doc.metadata["cleaner"] = record
            self.stat_update("kept")
            self.update_doc_stats(doc)
            yield doc
