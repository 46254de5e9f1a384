"""The library entry points."""

from __future__ import annotations

import copy
from pathlib import Path

from cleaner.config import DEFAULT, Config
from cleaner.pipeline import default_pipeline, prepare
from cleaner.stats import SiteStats, page_keys, site_of
from cleaner.types import Metadata, Result


def clean(data: str | bytes, *, url: str | None = None, kind: str | None = None,
          config: Config | None = None, stats: SiteStats | None = None, site: str | None = None) -> Result:
    """Clean one page. `data` is raw bytes (decoded with charset detection) or text.

    `kind` is "html", "text" or None (sniffed). `stats` are batch statistics (see
    `cleaner.stats`; `SiteStats.load(dir)` reads what `cleaner clean` saved) and
    `site` the page's site in them (default: the URL's host). Raises
    `cleaner.InputError` for input that is not a page (binary, too large).

    >>> r = clean("欢迎访问本站\\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。")
    >>> r.text
    '今天天气很好，我们去公园散步，看到了很多人在锻炼身体。'
    >>> [(x.reason.value, x.rule) for x in r.removals]
    [('chrome', 'welcome')]
    """
    config = config or DEFAULT
    source, meta = prepare(data, url=url, kind=kind, config=config)
    return _run(source, meta, url, config, stats, site)


def clean_prepared(source: str, meta: Metadata, *, url: str | None = None, config: Config | None = None,
                   stats: SiteStats | None = None, site: str | None = None) -> Result:
    """`clean` from what `survey_prepared` returned (decoded, and extracted when HTML):
    a batch's second pass reuses the first pass's extraction instead of redoing it."""
    # The stages fill the metadata in: the caller's stays as given.
    return _run(source, copy.deepcopy(meta), url, config or DEFAULT, stats, site)


def _run(source: str, meta: Metadata, url: str | None, config: Config, stats: SiteStats | None,
         site: str | None) -> Result:
    site = site if site is not None else site_of(url, None)
    return default_pipeline(config).run(source, meta, site=site, stats=stats)


def survey(data: str | bytes, *, url: str | None = None, kind: str | None = None,
           config: Config | None = None) -> tuple[set[int], set[int]]:
    """The first pass of a batch: hashes of the page's lines and passages (see `cleaner.stats`)."""
    lines, passages, _, _ = survey_prepared(data, url=url, kind=kind, config=config)
    return lines, passages


def survey_prepared(data: str | bytes, *, url: str | None = None, kind: str | None = None,
                    config: Config | None = None) -> tuple[set[int], set[int], str, Metadata]:
    """`survey`, plus the decoded (and extracted) text and its metadata, for `clean_prepared`."""
    config = config or DEFAULT
    source, meta = prepare(data, url=url, kind=kind, config=config)
    text, _ = default_pipeline(config).repair(source)
    lines, passages = page_keys(text.split("\n"))
    return lines, passages, source, meta


def clean_file(path: str | Path, *, url: str | None = None, kind: str | None = None,
               config: Config | None = None) -> Result:
    """Clean the page stored at `path` (read as bytes, so its encoding is detected).

    >>> import tempfile, pathlib
    >>> page = pathlib.Path(tempfile.mkdtemp()) / "page.txt"
    >>> _ = page.write_bytes("返回首页\\n今天天气很好，我们去公园散步，看到了很多人在锻炼身体。".encode("gb18030"))
    >>> r = clean_file(page)
    >>> r.text, r.metadata.encoding
    ('今天天气很好，我们去公园散步，看到了很多人在锻炼身体。', 'gb18030')
    """
    return clean(Path(path).read_bytes(), url=url, kind=kind, config=config)
