"""Reading bytes: encodings detected and recorded, binary refused, kind sniffed."""

from __future__ import annotations

import codecs

import pytest

import cleaner
from cleaner.read import decode, sniff_kind

TEXT = "今天天气很好，我们去公园散步，看到了很多人在锻炼身体。教育部门表示将继续推进改革。"


@pytest.mark.parametrize("codec, recorded", [
    ("utf-8", "utf-8"),
    ("gbk", "gb18030"),
    ("gb2312", "gb18030"),
    ("gb18030", "gb18030"),
    ("big5", "big5hkscs"),
])
def test_encodings_detected(codec, recorded):
    text = TEXT if codec != "big5" else "今天天氣很好，我們去公園散步，看到了很多人在鍛鍊身體。教育部門表示將繼續推進改革。"
    got = decode((text * 3).encode(codec))
    assert got.text == text * 3
    assert got.encoding == recorded


def test_bom_wins():
    got = decode(codecs.BOM_UTF8 + TEXT.encode())
    assert got.text == TEXT and got.encoding == "utf-8" and got.confidence == 1.0


def test_utf16_with_and_without_bom():
    assert decode(TEXT.encode("utf-16")).text == TEXT
    assert decode(("hello world " * 5).encode("utf-16-le")).text == "hello world " * 5


def test_declared_charset_used_when_bytes_honour_it():
    html = '<html><head><meta charset="gb2312"></head><body>' + TEXT + "</body></html>"
    got = decode(html.encode("gbk"))
    assert got.encoding == "gb18030" and TEXT in got.text


def test_declared_charset_contradicted_by_bytes_is_overruled():
    html = '<html><head><meta charset="gbk"></head><body>' + TEXT + "</body></html>"
    got = decode(html.encode("utf-8"))
    assert TEXT in got.text and got.encoding == "utf-8"


@pytest.mark.parametrize("data", [
    b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\x1f\x8b\x08\x00\x00\x00\x00\x00",
    bytes(range(256)) * 4,
])
def test_binary_refused(data):
    with pytest.raises(cleaner.InputError) as err:
        cleaner.clean(data)
    assert err.value.reason == "binary"


def test_encoding_recorded_in_result():
    r = cleaner.clean(TEXT.encode("gbk") * 3)
    assert r.metadata.encoding == "gb18030" and r.metadata.encoding_confidence is not None


def test_invalid_bytes_do_not_raise():
    r = cleaner.clean(TEXT.encode("utf-8") + b"\xff\xfe\xfa" + TEXT.encode("utf-8"))
    assert "今天天气很好" in r.text


@pytest.mark.parametrize("text, kind", [
    ("<!DOCTYPE html><html><body><p>x</p></body></html>", "html"),
    ("<html><body>正文</body></html>", "html"),
    ("标题\n正文第一段。\n![](http://a/b.jpg)", "text"),
    ("公式 a<b 且 b>c，不是网页。", "text"),
])
def test_kind_sniffed(text, kind):
    assert sniff_kind(text) == kind


def test_html_page_cleaned_end_to_end():
    html = (
        "<html><head><title>会议召开_某某网</title></head><body>"
        "<div class='nav'><a href='/'>首页</a> <a href='/news'>新闻</a></div>"
        f"<div class='article'><h1>会议召开</h1><p>{TEXT}</p><p>{TEXT[::-1]}</p></div>"
        "<div class='footer'>版权所有 &copy; 2024 某某网</div></body></html>"
    )
    r = cleaner.clean(html.encode("gbk"))
    assert r.metadata.kind == "html" and r.metadata.encoding == "gb18030"
    assert TEXT in r.text and "版权所有" not in r.text and "首页" not in r.text


def test_gbk_html_with_markup_is_not_taken_for_utf16():
    html = "<html><head><title>x</title></head><body><p>" + TEXT * 3 + "</p></body></html>"
    assert decode(html.encode("gbk")).encoding == "gb18030"
