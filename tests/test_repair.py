"""Repair stages: each rule fires where it should and nowhere else."""

from __future__ import annotations

from cleaner.config import DEFAULT
from cleaner.repair import chunks, indent, pinyin
from tests.helpers import PROSE, page, rules, run


def _apply(fn, text):
    out, pos = [], 0
    for f in fn(text, DEFAULT):
        out.append(text[pos:f.start] + f.after)
        pos = f.end
    return "".join(out) + text[pos:]


class TestPinyin:
    def test_toned_gloss_after_character_goes(self):
        assert _apply(pinyin.repair, "職業(yè)教育協(xié)同發(fā)展") == "職業教育協同發展"

    def test_neutral_tone_and_umlaut(self):
        assert _apply(pinyin.repair, "甚麼(me)是綠(lǜ)色") == "甚麼是綠色"
        assert _apply(pinyin.repair, "綠(lv)色") == "綠色"

    def test_full_width_brackets(self):
        assert _apply(pinyin.repair, "發（fā）展") == "發展"

    def test_gloss_after_damaged_text(self):
        assert _apply(pinyin.repair, "兩?。▍^(qū))粵桂") == "兩?。▍^)粵桂"

    def test_romanization_and_english_stay(self):
        for text in ("北京(Běijīng)是首都", "接口(API)文档", "应用(app)下载", "如下(a)项", "选项(b)"):
            assert _apply(pinyin.repair, text) == text

    def test_multi_syllable_lowercase_stays(self):
        assert _apply(pinyin.repair, "拼音(zhongguo)") == "拼音(zhongguo)"


class TestIndent:
    def test_lost_indent_at_line_start(self):
        assert _apply(indent.repair, "??3月5日下午，会议召开。\n??会议开始前") == "3月5日下午，会议召开。\n会议开始前"

    def test_question_inside_text_stays(self):
        text = "你知道吗??这是真的吗？"
        assert _apply(indent.repair, text) == text

    def test_inner_indent_run_becomes_paragraph_break(self):
        assert _apply(indent.repair, "第一段结束。  第二段开始") == "第一段结束。\n第二段开始"

    def test_indent_run_before_an_image_is_a_break_when_text_follows_it(self):
        # The image stage removes the image later; the text after it decides.
        assert _apply(indent.repair, "第一段结束。\u3000\u3000![](http://a.b/c.jpg)第二段开始") == \
            "第一段结束。\n![](http://a.b/c.jpg)第二段开始"
        assert _apply(indent.repair, "图：\u3000\u3000![](a.jpg) ok") == "图：\u3000\u3000![](a.jpg) ok"

    def test_ideographic_space_after_a_sentence_is_a_break(self):
        assert _apply(indent.repair, "第一段结束。\u3000第二段开始") == "第一段结束。\n第二段开始"
        assert _apply(indent.repair, "第一段结束\u3000\u3000第二段开始") == "第一段结束\n第二段开始"
        assert _apply(indent.repair, "本报讯\u3000经过调查") == "本报讯\n经过调查"
        assert _apply(indent.repair, "返目录\u3000下一页") == "返目录\n下一页"
        assert _apply(indent.repair, "今年销量增长了5倍\u3000据《人民日报》报道") == "今年销量增长了5倍\n据《人民日报》报道"

    def test_one_ideographic_space_between_characters_is_padding(self):
        assert _apply(indent.repair, "作者：傅\u3000谨") == "作者：傅\u3000谨"
        assert _apply(indent.repair, "主编：傅\u3000谨\u3000\u3000编辑：王\u3000五") == "主编：傅\u3000谨\n编辑：王\u3000五"

    def test_single_space_and_ascii_lines_stay(self):
        for text in ("李 扬（中国社科院）", "Hello  world", "  • 首页"):
            assert _apply(indent.repair, text) == text


def _chunk_page(n, size=150, cut=True):
    parts = []
    for i in range(1, n + 1):
        body = ("这是一段比较长的文档正文内容，用来模拟文档分享网站的预览分块" * 10)[:size]
        parts.append(f"{i}、{body}{'' if cut else '。'}")
    return "\n\n".join(parts)


class TestChunks:
    def test_chunks_rejoined_and_words_healed(self):
        text = "1、" + "甲" * 130 + "我们一定要认\n\n2、真学习" + "乙" * 130 + "\n\n3、深刻领会。"
        out = _apply(chunks.repair, text)
        assert "认真学习" in out and "2、" not in out and not out.startswith("1、")

    def test_short_numbered_list_stays(self):
        text = "1、加强领导；\n2、完善制度；\n3、强化考核。"
        assert _apply(chunks.repair, text) == text

    def test_long_items_ending_sentences_stay(self):
        text = _chunk_page(4, cut=False)
        assert _apply(chunks.repair, text) == text

    def test_whole_pipeline_records_edits(self):
        r = run(_chunk_page(3))
        assert "chunks/chunk_join" in rules(r)


def test_repairs_recorded_with_before_and_after():
    r = run(page("??" + PROSE, "發(fā)展"))
    kinds = {(e.rule, e.before, e.after) for e in r.edits}
    assert ("lost_indent", "??", "") in kinds
    assert ("pinyin_gloss", "(fā)", "") in kinds
