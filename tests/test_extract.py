"""HTML extraction: the density extractor, the chooser, metadata, decoding of damaged pages.

Every rule has a case where it must fire and one where it must not.
"""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

import cleaner
from cleaner.config import DEFAULT, Config
from cleaner.extract.density import extract_density, parse, render_text
from cleaner.extract.html import choose, density_trusted, extract_html
from cleaner.extract.meta import byline_date, html_metadata, page_credits, text_language
from cleaner.read import decode

PARA = "今天天气很好，我们去公园散步，看到了很多人在锻炼身体。教育部门表示，将继续推进改革，让更多孩子受益。"
PARA2 = "会议指出，要坚持问题导向，着力解决群众急难愁盼问题；各地要抓好落实，确保各项措施见到实效。"


def _page(body: str, head: str = "") -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _article(n: int = 4, cls: str = "article") -> str:
    return f"<div class='{cls}'>" + "".join(f"<p>{PARA if i % 2 else PARA2}</p>" for i in range(n)) + "</div>"


NAV = "<div class='nav'>" + " ".join(f"<a href='/{i}'>栏目{i}</a>" for i in range(12)) + "</div>"
LINKS = "<div class='list'>" + "".join(f"<p><a href='/n{i}'>{PARA[:30]}{i}</a></p>" for i in range(8)) + "</div>"


# --- density extractor ------------------------------------------------------------

def test_density_picks_the_punctuated_block_over_link_lists():
    got = extract_density(_page(NAV + LINKS + _article()))
    assert PARA in got.text and PARA2 in got.text
    assert "栏目3" not in got.text


def test_density_returns_nothing_for_a_page_without_prose():
    got = extract_density(_page(NAV + "<div>首页 | 登录 | 注册</div>"))
    assert got.text == "" and got.score == 0.0


def test_density_counts_chinese_punctuation():
    # Same length, one block punctuated as prose, the other a run of names.
    names = "<div class='a'><p>" + "张三李四王五赵六钱七孙八周九吴十" * 4 + "</p></div>"
    prose = "<div class='b'><p>" + PARA[:60] + "</p></div>"
    got = extract_density(_page(names + prose))
    assert PARA[:60] in got.text and "张三李四" not in got.text


def test_density_chrome_class_loses_to_article_class():
    comment = "<div class='comment'>" + "".join(f"<p>{PARA}</p>" for _ in range(3)) + "</div>"
    article = "<div class='content'>" + "".join(f"<p>{PARA2}</p>" for _ in range(3)) + "</div>"
    got = extract_density(_page(comment + article))
    assert PARA2 in got.text and PARA not in got.text


def test_density_keeps_blocks_as_lines():
    body = f"<div class='article'><h2>小标题</h2><p>{PARA}</p><ul><li>第一项内容</li><li>第二项内容</li></ul><p>{PARA2}</p></div>"
    lines = extract_density(_page(body)).text.splitlines()
    assert "小标题" in lines and "第一项内容" in lines and "第二项内容" in lines


def test_density_joins_a_prose_sibling_paragraph():
    body = f"<div id='wrap'><div class='article'><p>{PARA}</p><p>{PARA2}</p><p>{PARA}</p></div><p>{PARA2}补充说明。</p></div>"
    assert "补充说明" in extract_density(_page(body)).text


def test_density_does_not_join_a_link_sibling():
    body = f"<div id='wrap'><div class='article'><p>{PARA}</p><p>{PARA2}</p></div><p><a href='/x'>{PARA}相关阅读</a></p></div>"
    assert "相关阅读" not in extract_density(_page(body)).text


_ROWS = "".join(f"<tr><td>{i}、</td><td>艺术学理论专业课程{i}</td><td>导师某某{i}</td></tr>" for i in range(1, 9))


def test_density_joins_the_articles_data_table_beside_a_wrapped_body():
    # The body sits in a one-cell layout table; the data table is the wrapper's sibling.
    body = (f"<td><table><tr><td><p>{PARA}</p><p>{PARA2}</p><p>{PARA}</p></td></tr></table>"
            f"<table>{_ROWS}</table></td>")
    text = extract_density(_page(f"<table><tr>{body}</tr></table>")).text
    assert PARA2 in text and "艺术学理论专业课程3\t导师某某3" in text


def test_a_data_table_closing_the_article_reaches_the_output():
    # End to end: the table after the last paragraph, nothing after it, stays.
    body = (f"<td><table><tr><td><p>{PARA}</p><p>{PARA2}</p><p>{PARA}</p></td></tr></table>"
            f"<table>{_ROWS}</table></td>")
    page = _page(f"<table><tr>{body}</tr></table>").encode("utf-8")
    r = cleaner.clean(page, kind="html", config=Config(html_extractor="density"))
    assert "艺术学理论专业课程8\t导师某某8" in r.text


_COMMENTS = "".join(f"<tr><td>网友{i}号 发表于2020-1-{i}：这篇文章写得很好，说出了我们老百姓的心里话，支持一下</td></tr>"
                    for i in range(1, 5))


@pytest.mark.parametrize("table", [
    "<table>" + "".join(f"<tr><td><a href='/n{i}'>相关新闻标题第{i}条，点击查看详情</a><td>2020-1-{i}</td></tr>"
                        for i in range(5)) + "</table>",                                  # links
    f"<table class='sidebar'>{_ROWS}</table>",                                            # a chrome name
    "<table><tr><td>首页</td><td>新闻</td><td>联系我们</td><td>网站地图</td><td>招生信息</td>"
    "<td>教学科研</td><td>校园生活</td><td>合作交流</td><td>校友之家</td><td>人才招聘</td><td>信息公开</td>"
    "<td>图书馆</td><td>办公系统</td><td>English</td></tr></table>",                       # one row
    f"<table>{_COMMENTS}</table>",                                                        # one cell a row
])
def test_density_leaves_out_link_chrome_and_layout_tables_beside_the_body(table):
    body = f"<div id='wrap'><div class='article'><p>{PARA}</p><p>{PARA2}</p><p>{PARA}</p></div>{table}</div>"
    text = extract_density(_page(body)).text
    assert PARA2 in text
    assert not any(w in text for w in ("相关新闻", "专业课程", "联系我们", "网友"))


def test_density_does_not_climb_into_the_layout_cell_around_the_wrapper():
    # The wrapped body sits in one cell of a layout row; the sidebar cell beside it stays out.
    side = "<td width=200>本站简介：本站由某某市教育局主办，提供教育新闻、政策法规、招生考试等信息服务，欢迎广大师生浏览。</td>"
    body = f"<td><table><tr><td><p>{PARA}</p><p>{PARA2}</p><p>{PARA}</p><p>{PARA2}</p></td></tr></table></td>"
    text = extract_density(_page(f"<table><tr>{side}{body}</tr></table>")).text
    assert PARA2 in text and "本站简介" not in text


def test_render_text_one_line_per_block_and_per_table_row():
    tree = parse(_page("<div>一<span>二</span>\u3000<br>三 \t\xa0 四<p>五</p></div>"
                       "<table><tr><td>甲</td><td>乙</td></tr><tr><th>丙</th></tr></table><p>\u3000 </p>"))
    assert render_text([tree]) == "一二\u3000\n三 四\n五\n甲\t乙\n丙"  # a row's cells split by tabs, as in dumps


def test_render_text_of_an_element_is_that_element_alone():
    tree = parse(_page("<div>前<p>中<b>粗</b>尾</p>后</div>"))
    assert render_text([tree.find(".//p")]) == "中粗尾"
    assert render_text(list(tree.iter("p", "b"))) == "中粗尾\n粗"


def test_render_text_leaves_out_what_follows_the_page():
    # Content after </html> is parsed as a second root element: no part of the page.
    tree = parse(_page("<p>正文</p>") + "<script>var x;</script><div>尾巴</div>")
    assert render_text([tree]) == "正文"


def test_render_text_comments_say_nothing_but_their_tails_do():
    tree = lxml_html.document_fromstring("<html><body><p>甲<!-- 注释 -->乙</p></body></html>",
                                         parser=lxml_html.HTMLParser(remove_comments=False))
    assert render_text([tree]) == "甲乙"


# --- chooser ----------------------------------------------------------------------

def test_choose_density_when_trafilatura_took_chrome_around_it():
    article = "\n".join([PARA, PARA2] * 3)
    chrome = "\n".join(f"网友{i}：{PARA2[::-1]}{i}" for i in range(10))
    assert choose(article + "\n" + chrome, article) == "density"


def test_choose_trafilatura_when_both_agree():
    article = "\n".join([PARA, PARA2] * 3)
    assert choose(article + "\n小标题", article) == "trafilatura"


def test_choose_trafilatura_when_the_density_body_is_mostly_tables():
    # A wiki page's filmography: density took a part of it, rows as short lines.
    rows = "\n".join(f"20{i:02d} 作品{i} 角色{i} 电视台" for i in range(40))
    article = PARA + "\n" + rows
    chrome = "\n".join(f"网友{i}：{PARA2[::-1]}{i}" for i in range(10))
    assert choose(article + "\n" + chrome, article) == "trafilatura"
    # The same page with a body of paragraphs: density (test_choose_density_when_trafilatura_took_chrome_around_it).


def test_choose_trafilatura_when_density_found_another_region():
    assert choose("\n".join([PARA] * 4), "\n".join([PARA2[::-1]] * 4)) == "trafilatura"


def test_choose_density_when_trafilatura_returned_too_little():
    assert choose("短", "\n".join([PARA] * 3)) == "density"
    assert choose("", "") == "fallback"


# --- cascade: the density body alone where it is sure ------------------------------

def _trusted(body: str) -> bool:
    tree = parse(_page(body))
    return density_trusted(extract_density(tree), render_text([tree]))


def _count_trafilatura(monkeypatch) -> list[int]:
    from cleaner.extract import html as extract_html_module
    calls = []
    real = extract_html_module._trafilatura

    def counted(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(extract_html_module, "_trafilatura", counted)
    return calls


def test_a_plain_article_is_settled_by_density_alone(monkeypatch):
    assert _trusted(NAV + _article(6) + LINKS)
    calls = _count_trafilatura(monkeypatch)
    r = cleaner.clean(_page(NAV + _article(6) + LINKS).encode("utf-8"), kind="html")
    assert r.metadata.extractor == "density" and PARA in r.text
    assert calls == []  # trafilatura was not asked


def test_two_articles_on_one_page_ask_trafilatura():
    # A blog page with two posts in separate columns: the density winner has a rival.
    other = "<div class='entry'>" + "".join(f"<p>{PARA2[::-1]}{i}。</p>" for i in range(5)) + "</div>"
    assert not _trusted(NAV + f"<div class='col'>{_article(6)}</div><div class='col'>{other}</div>")


def test_much_prose_outside_the_body_asks_trafilatura():
    # Comments or a second text beside the body: over 500 characters of prose elsewhere.
    comments = "".join(f"<li class='c'><p>{PARA[::-1]}{i}。</p></li>" for i in range(12))
    assert not _trusted(_article(6) + f"<ul class='comments'>{comments}</ul>")


def test_a_body_of_lists_and_labels_asks_trafilatura():
    # An agenda: short label lines, little prose. Density may have caught a part of it.
    rows = "".join(f"<p>第{i}场 地点：{i}号楼 主持人：某某{i}</p>" for i in range(40))
    assert not _trusted(f"<div class='content'>{rows}<p>{PARA}</p></div>")


def test_a_short_body_asks_trafilatura():
    assert not _trusted(NAV + f"<div class='article'><p>{PARA}</p></div>")


def test_both_extractors_on_request(monkeypatch):
    calls = _count_trafilatura(monkeypatch)
    page = _page(NAV + _article(6) + LINKS).encode("utf-8")
    r = cleaner.clean(page, kind="html", config=Config(html_extractor="both"))
    assert calls == [1] and PARA in r.text


def test_density_alone_on_request(monkeypatch):
    # A page density is unsure of (a rival article) still gets no trafilatura call.
    calls = _count_trafilatura(monkeypatch)
    page = _page(NAV + _article(6) + _article(5) + LINKS).encode("utf-8")
    assert not _trusted(NAV + _article(6) + _article(5) + LINKS)
    r = cleaner.clean(page, kind="html", config=Config(html_extractor="density"))
    assert calls == [] and r.metadata.extractor == "density" and PARA in r.text


def test_density_alone_falls_back_to_the_page_text(monkeypatch):
    calls = _count_trafilatura(monkeypatch)
    short = "今天天气很好，我们去公园散步，看到了很多人在锻炼身体。"  # under MIN_EXTRACTED_CHARS
    r = cleaner.clean(_page(f"<p>{short}</p>").encode("utf-8"), kind="html", config=Config(html_extractor="density"))
    assert calls == [] and r.metadata.extractor == "fallback" and short in r.text


def test_extractor_cli_option():
    from cleaner.cli import _config, _parser
    assert _config(_parser().parse_args(["clean", "a", "b"])).html_extractor == "cascade"
    assert _config(_parser().parse_args(["clean", "a", "b", "--extractor", "density"])).html_extractor == "density"


def test_unknown_extractor_refused():
    with pytest.raises(ValueError, match="html_extractor"):
        Config(html_extractor="fast")


def test_extractor_recorded():
    r = cleaner.clean(_page(NAV + _article(6)).encode("utf-8"), kind="html")
    assert r.metadata.extractor in ("trafilatura", "density")
    assert PARA in r.text


# --- metadata ---------------------------------------------------------------------

def test_title_from_og_title_first():
    head = "<title>别的标题_新闻中心_某某网</title><meta property='og:title' content='真正的标题'>"
    assert html_metadata(parse(_page("", head))).title == "真正的标题"


def test_title_site_suffix_removed():
    head = "<title>多地加快推进老旧小区改造_新闻中心_某某网</title>"
    assert html_metadata(parse(_page("", head))).title == "多地加快推进老旧小区改造"


def test_title_h1_used_when_title_contains_it():
    head = "<title>会议召开 - 某某网</title>"
    assert html_metadata(parse(_page("<h1>会议召开</h1>", head))).title == "会议召开"


def test_title_without_separator_kept_whole():
    assert html_metadata(parse(_page("", "<title>会议召开</title>"))).title == "会议召开"


def test_date_from_meta_and_time_element():
    meta = "<meta property='article:published_time' content='2021-07-09T10:00:00+08:00'>"
    assert html_metadata(parse(_page("", meta))).date.startswith("2021-07-09")
    assert html_metadata(parse(_page("<time datetime='2020-01-02'>昨天</time>"))).date == "2020-01-02"
    assert html_metadata(parse(_page("<p>2020年1月2日</p>"))).date is None  # not a meta/time source


def test_byline_date_above_body_only():
    page_text = "会议召开\n2021年7月9日 来源：新华网\n" + PARA + "\n网友评论 2022-01-01"
    assert byline_date(page_text, PARA) == "2021-07-09"
    assert byline_date("导航\n" + PARA + "\n2022-01-01 评论", PARA) is None


def test_credits_around_the_body_read_from_the_page_text():
    # The extractor kept the article only; the byline above it and the editor line
    # below it are in the page's visible text, where the byline stage reads them.
    page_text = "\n".join(["首页 > 新闻", "会议召开", "2004年7月16日 [ 黄宇 ] 来源：[ 国际金融报 ]",
                            PARA, PARA2, "（责任编辑：山石）", "相关新闻", "网友评论"])
    credits = page_credits(page_text, PARA + "\n" + PARA2, DEFAULT)
    assert (credits.author, credits.source, credits.editor) == ("黄宇", "国际金融报", "山石")
    assert page_credits("导航\n另一页的文字", PARA, DEFAULT).author is None  # body not in the page text


def test_editor_below_the_body_becomes_the_credited_person():
    html = _page(NAV + "<h1>会议召开</h1>" + _article() + "<p>（责任编辑：山石）</p>" + LINKS)
    r = cleaner.clean(html, kind="html")
    assert r.metadata.editor == "山石" and r.metadata.author == "山石"


def test_blog_footer_dates_a_body_without_dates():
    html = _page(NAV + "<h1>会议召开</h1>" + _article() + "<p>作者:zboygirl 阅读(1660) 评论(5) 发表于:2005-07-31 12:30</p>"
                 + LINKS)
    r = cleaner.clean(html, kind="html")
    assert r.metadata.date == "2005-07-31T12:30" and r.metadata.author == "zboygirl"


def test_author_meta_must_look_like_a_name():
    good = "<meta name='author' content='张三'>"
    bad = "<meta name='author' content='https://www.example.com/'>"
    assert html_metadata(parse(_page("", good))).author == "张三"
    assert html_metadata(parse(_page("", bad))).author is None


def test_canonical_and_language():
    head = "<link rel='canonical' href='https://example.com/a.html'>"
    meta = html_metadata(parse(f"<html lang='zh-CN'><head>{head}</head><body></body></html>"))
    assert meta.canonical_url == "https://example.com/a.html" and meta.language == "zh-cn"
    assert html_metadata(parse(_page(""))).language is None
    assert text_language(PARA) == "zh" and text_language("plain English text") is None


def test_metadata_reaches_the_result():
    head = "<title>会议召开_某某网</title><link rel='canonical' href='https://example.com/a'>"
    r = cleaner.clean(_page(NAV + _article(6), head).encode("gbk"), kind="html")
    assert r.metadata.canonical_url == "https://example.com/a" and r.metadata.language == "zh"
    assert r.metadata.encoding == "gb18030"


def test_extract_html_on_empty_markup():
    assert extract_html("").text == ""


# --- decoding ---------------------------------------------------------------------

def test_declared_gbk_with_a_broken_character_is_still_gbk():
    raw = f"<html><head><meta charset='gb2312'></head><body><p>{PARA * 5}</p>".encode("gbk")
    raw += b"\xb0 <p>" + (PARA2 * 5).encode("gbk") + b"</p></body></html>"  # a lead byte whose trail was lost
    got = decode(raw)
    assert got.encoding == "gb18030" and got.dropped == 1
    assert "\ufffd" not in got.text and PARA in got.text and PARA2 in got.text
    r = cleaner.clean(raw, kind="html")
    assert r.metadata.encoding_errors == 1 and "\ufffd" not in r.text


def test_declared_charset_with_many_errors_is_not_forced():
    # UTF-8 bytes declared as GBK with a broken tail: UTF-8 wins, the declaration is overruled.
    raw = f"<html><head><meta charset='gbk'></head><body><p>{PARA * 5}</p></body></html>".encode() + b"\xff"
    got = decode(raw)
    assert got.encoding == "utf-8" and PARA in got.text


def test_valid_page_drops_nothing():
    got = decode(f"<html><head><meta charset='gbk'></head><body>{PARA}</body></html>".encode("gbk"))
    assert got.dropped == 0 and got.replaced == 0


def test_layout_rows_split_into_cells_data_rows_stay():
    from cleaner.extract.html import split_layout_rows

    para = "湘菜粤菜兵分两路，新鲜的是，湘菜浓妆淡抹，粤菜却是明艳照人。" * 4
    text = f"| 标题 | 2005-06-14 03:25:55 |\n| {para} | 由某某张贴 @ 2005-06-14 |\n| 姓名 | 年龄 |"
    out = split_layout_rows(text).split("\n")
    assert out[0] == "| 标题 | 2005-06-14 03:25:55 |" and out[-1] == "| 姓名 | 年龄 |"
    assert para in out and "由某某张贴 @ 2005-06-14" in out


def test_density_body_after_other_posts_defers_to_trafilatura():
    from cleaner.extract.html import choose

    first = "第一篇文章的正文，讲述了作者周末去市场买菜的经历，内容丰富，语言生动，读来令人愉快。" * 4
    second = "第二篇文章更长，记录了作者在海边度假的见闻，描写了沙滩、海浪和渔船，以及当地人的生活。" * 6
    traf = f"{first}\n由某某张贴\n{second}\n由某某张贴"
    assert choose(traf, second) == "trafilatura"
    assert choose(f"首页 | 新闻\n{second}\n版权所有", second) == "density"
