"""--script: OpenCC conversion of body and title, every change an edit."""

from __future__ import annotations

import cleaner
from cleaner.cli import _parser
from cleaner.config import Config
from cleaner.pipeline import default_pipeline, prepare

PAGE = "<html><head><title>发展教育</title></head><body><article><p>当地教育目前的发展情况良好，各方面都取得了长足的进步和发展。</p>" \
       "<p>学校与合作学校互鉴交流，提升学校办学水平和人才培养质量。</p></article></body></html>"


def _clean(text: str, script: str):
    config = Config(script=script)
    source, meta = prepare(text, url=None, kind=None, config=config)
    return default_pipeline(config).run(source, meta)


def test_keep_is_default_and_changes_nothing():
    r = cleaner.clean("当地教育目前的发展情况良好，各方面都取得了长足的进步。\n")
    assert "发展" in r.text and not [e for e in r.edits if e.stage == "script"]


def test_traditional_converts_body_and_title_with_edits():
    r = _clean(PAGE, "traditional")
    assert "當地教育目前的發展" in r.text
    assert r.title == "發展教育"
    assert {e.rule for e in r.edits if e.stage == "script"} == {"to_traditional"}


def test_simplified_converts_back():
    r = _clean("當地教育目前的發展情況良好，各方面都取得了長足的進步和發展。\n", "simplified")
    assert "当地教育目前的发展情况良好" in r.text
    assert all(e.rule == "to_simplified" for e in r.edits if e.stage == "script")


def test_cli_option():
    assert _parser().parse_args(["clean", "a", "b", "--script", "simplified"]).script == "simplified"
    assert _parser().parse_args(["clean", "a", "b"]).script == "keep"
