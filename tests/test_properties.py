"""Properties that hold for any input: clean never raises (except InputError on
non-pages), and the record always replays to the output."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import cleaner
from cleaner.render import apply_edits, replay

# Pieces real pages are made of, so generated text reaches the interesting rules.
PIECES = st.sampled_from([
    "欢迎访问本站", "您现在的位置：首页 > 新闻", "来源：新华社 作者：张三", "2024-05-11 18:27",
    "温馨提示：", "1. 下载前请仔细阅读", "当前文档最多预览五页", "职业(yè)教育", "??", "?",
    "1、", "2、", "![](http://a.b/c.jpg)", "  • 首页", "国产,无码,日韩,欧美,激情", "编辑：李四",
    "今天天气很好，我们去公园散步。", "为期两天的野外徒步结束了，腿脚酸痛，但是收获很大", "\n", "\n\n", "  ", "。",
])
TEXT = st.lists(st.one_of(PIECES, st.text(max_size=30)), max_size=40).map("".join)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(TEXT)
def test_text_never_raises_and_replays(text):
    result = cleaner.clean(text, kind="text")
    assert replay(result.source, result.edits, result.removals) == result.text
    for r in result.removals:
        assert result.source and 0 <= r.start < r.end


@SETTINGS
@given(st.binary(max_size=2000))
def test_bytes_never_raise_except_input_error(data):
    try:
        result = cleaner.clean(data)
    except cleaner.InputError as exc:
        assert exc.reason in ("binary", "too_large")
        return
    assert replay(result.source, result.edits, result.removals) == result.text


@SETTINGS
@given(TEXT)
def test_output_is_made_of_input_text(text):
    """Nothing is added: the output, newlines aside, is a subsequence of the repaired input."""
    result = cleaner.clean(text, kind="text")
    remaining = iter(apply_edits(result.source, result.edits))
    assert all(ch in remaining for ch in result.text.replace("\n", ""))
