"""Batch statistics: what recurs on a site is chrome, what recurs across pages off topic is filler."""

from __future__ import annotations

import cleaner
from cleaner.stats import SiteStats, line_hash, site_of
from tests.helpers import PROSE, PROSE2, page

SLOGAN = "欢迎关注本站微信公众号，每天为您推送最新、最热的教育资讯，敬请期待。"
ARTICLES = [
    "市教育局召开春季开学工作部署会，要求各校做好校舍安全排查，确保师生平安返校，开学工作平稳有序。",
    "我县举办中小学生田径运动会，来自全县的三十支代表队参加比赛，赛场上运动员们奋勇争先，展现了良好的精神风貌。",
    "区图书馆延长周末开放时间，读者可以在晚上九点前借阅图书，这一举措受到了附近居民和学生的普遍欢迎。",
    "某中学开展读书月活动，组织学生撰写读后感、举办读书分享会，营造了浓厚的书香校园氛围，同学们收获满满。",
]

EXTRA = [
    "据介绍，今年全市新建改扩建中小学校十二所，新增学位一万余个，有效缓解了城区学校的入学压力，家长们纷纷点赞。",
    "活动现场，志愿者们为前来参观的市民发放宣传资料，耐心解答大家提出的问题，并演示了应急救护的基本操作方法。",
    "据统计，本学期全区共开设课后服务课程三百余门，涵盖科技、体育、艺术等多个门类，学生参与率超过百分之九十。",
    "下一步，相关部门将继续完善配套设施，加强日常管理和维护，让这项惠民举措真正落到实处，惠及更多群众。",
]


def _site_pages():
    """Four articles of one site; each paragraph is on two pages at most, the slogan on all."""
    return [page("标题" + str(i), body, ARTICLES[(i + 1) % 4], SLOGAN) for i, body in enumerate(ARTICLES)]


def _stats(pages, site="example.com"):
    stats = SiteStats()
    for p in pages:
        stats.add_page(site, *cleaner.survey(p))
    return stats


def test_line_recurring_on_the_site_goes():
    pages = _site_pages()
    stats = _stats(pages)
    alone = cleaner.clean(pages[0], kind="text")
    assert SLOGAN in alone.text  # a sentence that reads like prose: one page cannot tell
    with_stats = cleaner.clean(pages[0], kind="text", stats=stats, site="example.com")
    assert SLOGAN not in with_stats.text and ARTICLES[0] in with_stats.text
    assert any(r.rule == "recurs_on_site" for r in with_stats.removals)


def test_other_site_is_not_touched():
    stats = _stats(_site_pages())
    assert stats.line_pages("other.org", SLOGAN) == 0
    r = cleaner.clean(_site_pages()[0], kind="text", stats=stats, site="other.org")
    assert not any(x.rule == "recurs_on_site" for x in r.removals)


def test_a_recurring_article_is_kept():
    """Mirrors of one article on a site: its paragraphs are the article, not chrome."""
    mirror = page("标题", ARTICLES[0], PROSE, PROSE2)
    stats = _stats([mirror] * 4)
    r = cleaner.clean(mirror, kind="text", stats=stats, site="example.com")
    assert ARTICLES[0] in r.text and PROSE in r.text


def test_passage_recurring_across_the_batch_is_filler_once_per_page():
    filler = "周末和家人一起去了趟千岛湖，湖面碧波荡漾，岛屿星罗棋布，让人流连忘返，真想再去一次"
    pages = [page("标题", body + filler + "。", EXTRA[i], EXTRA[(i + 1) % 4]) for i, body in enumerate(ARTICLES)]
    stats = SiteStats()
    for i, p in enumerate(pages):  # each page on its own site: only the passage counts recur
        stats.add_page(f"site{i}", *cleaner.survey(p))
    alone = cleaner.clean(pages[1], kind="text")
    assert "千岛湖" in alone.text  # one copy per page: a single page cannot see it
    r = cleaner.clean(pages[1], kind="text", stats=stats, site="site1")
    assert "千岛湖" not in r.text and ARTICLES[1] in r.text


def test_save_and_load_round_trip(tmp_path):
    stats = _stats(_site_pages())
    stats.save(tmp_path)
    loaded = SiteStats.load(tmp_path)
    assert loaded.line_pages("example.com", SLOGAN) == stats.line_pages("example.com", SLOGAN) == 4
    assert loaded.site_pages("example.com") == 4 and loaded.pages == 4


def test_memory_stays_capped():
    stats = SiteStats(max_entries=1000)
    for i in range(50):
        stats.add_page("big.site", {line_hash(f"line {i} {j}") for j in range(100)}, set())
    assert len(stats.sites["big.site"].lines) <= 1100 and stats.pruned > 0
    assert stats.memory_bytes() < 1100 * 100 + 1


def test_a_table_of_recurring_entries_is_pruned_rarely_and_keeps_the_commonest():
    # Every entry recurs, so dropping the singletons frees nothing: the rarest go, a
    # quarter of the cap at a time (not a scan of the whole table on every page).
    stats = SiteStats(max_entries=1000)
    prunes = 0
    for i in range(60):
        keys = {line_hash(f"line {i} {j}") for j in range(100)}
        before = stats.pruned
        stats.add_page("big.site", keys, set())
        stats.add_page("big.site", keys, set())
        prunes += stats.pruned > before
    stats.add_page("big.site", {line_hash("everywhere")}, set())
    for _ in range(5):
        stats.add_page("big.site", {line_hash("everywhere")}, set())
    assert len(stats.sites["big.site"].lines) <= 1000 and prunes <= 60 * 200 // 250 + 1
    assert stats.line_pages("big.site", "everywhere") == 6


def test_hash_is_stable_and_ignores_layout():
    assert line_hash("首页 | 新闻") == line_hash("首页|新闻")
    assert line_hash("首页") != line_hash("新闻")


def test_site_of():
    assert site_of("https://www.Example.com/a/b.html", None) == "example.com"
    assert site_of(None, "news.sina.com/2024/a.html") == "news.sina.com/2024"
    assert site_of(None, "a.html") == ""


def _site_folder(root):
    src = root / "in" / "example.com"
    src.mkdir(parents=True)
    for i, p in enumerate(_site_pages()):
        (src / f"page{i}.txt").write_text(p, encoding="utf-8")
    return root / "in"


def test_batch_two_passes_by_default(tmp_path):
    from cleaner.cli import main

    src = _site_folder(tmp_path)
    assert main(["clean", "-q", str(src), str(tmp_path / "two")]) == 0
    assert main(["clean", "-q", "--single-pass", str(src), str(tmp_path / "one")]) == 0
    two = (tmp_path / "two" / "example.com" / "page0.txt").read_text(encoding="utf-8")
    one = (tmp_path / "one" / "example.com" / "page0.txt").read_text(encoding="utf-8")
    assert SLOGAN not in two and ARTICLES[0] in two
    assert SLOGAN in one
    assert (tmp_path / "two" / "stats" / "site_stats.json").is_file()
    assert not (tmp_path / "one" / "stats").exists()
    import json
    summary = json.loads((tmp_path / "two" / "summary.json").read_text(encoding="utf-8"))
    assert summary["statistics"]["pages"] == 4 and summary["statistics"]["memory_bytes"] > 0


def test_saved_statistics_serve_a_later_run(tmp_path):
    from cleaner.cli import main

    src = _site_folder(tmp_path)
    assert main(["clean", "-q", str(src), str(tmp_path / "first")]) == 0
    later = tmp_path / "later" / "example.com"
    later.mkdir(parents=True)
    (later / "new.txt").write_text(page("标题", EXTRA[0], EXTRA[1], SLOGAN), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["clean", "-q", "--stats", str(tmp_path / "first" / "stats"), str(tmp_path / "later"), str(out)]) == 0
    assert SLOGAN not in (out / "example.com" / "new.txt").read_text(encoding="utf-8")
    assert main(["clean", "-q", "--stats", str(tmp_path / "nowhere"), str(src), str(tmp_path / "x")]) == 2
