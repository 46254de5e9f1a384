"""Mark stages: lines that must go (with the right reason and rule) and lines that must stay."""

from __future__ import annotations

import pytest

from cleaner.mark.dates import find_date
from cleaner.text import BULLET
from tests.helpers import PROSE, PROSE2, page, rules, run


def removed_by(text: str, line: str) -> str | None:
    """'stage/rule' that removed `line` from `text` wrapped in prose, or None if it stayed."""
    r = run(page(PROSE, line, PROSE2))
    if line in r.text:
        return None
    hits = [f"{x.stage}/{x.rule}" for x in r.removals if line.strip() in x.text or x.text in line]
    return hits[0] if hits else "?"


@pytest.mark.parametrize("line, rule", [
    ("欢迎访问某某教育网！", "chrome/welcome"),
    ("登录某某云账号", "chrome/login"),
    ("您现在的位置：首页 > 新闻中心 > 本地新闻", "chrome/breadcrumb"),
    ("当前位置：首页>>新闻", "chrome/breadcrumb"),
    ("扫一扫，分享本页", "chrome/share"),
    ("评论 0人参与，0条评论", "chrome/comment_count"),
    ("还没有评论，快来抢沙发吧！", "chrome/comment_call"),
    ("更多>>", "chrome/more"),
    ("热点新闻排行", "chrome/related"),
    ("汽车新闻排行TOP10", "chrome/ranking_top"),
    ("延伸阅读：57岁小学肄业 广西骗子演绎25亿美元惊天骗局", "chrome/related_lead"),
    ("页面功能 【我来说两句】【我要“揪”错】【推荐】【字体：大 中 小】【打印】 【关闭】", "chrome/toolbar"),
    ("[ 回复本贴 ] [ 跟从标题 ] [ 关闭本窗口 ] [ 刷新 ]", "chrome/toolbar"),
    ("人气排名前10名", "chrome/ranking_top"),
    ("版权所有 © 2024 某某网 京ICP备12345678号", "chrome/footer"),
    ("关键词：教育 改革 发展", "chrome/tags"),
    ("客服电话：400-123-4567", "chrome/service"),
    ("ACTIVITY", "chrome/section_label"),
    # A short rule spares this sentence; the specific one after it still takes it.
    ("欢迎加入本站邮件列表，您将得到最新更新邮件。请在表格中填入您的邮件地址：", "chrome/newsletter_form"),
])
def test_chrome_lines_go(line, rule):
    assert removed_by(PROSE, line) == rule


@pytest.mark.parametrize("line", [
    "记者在现场看到，网友评论区里有很多人关心这件事，大家纷纷表示支持学校的做法。",
    "他在报告中说，版权保护是文化产业发展的基础，必须加大执法力度，保护创作者的合法权益。",
    "课程改革以来，学校更多地关注学生的全面发展，受到家长欢迎，也得到了专家的认可。",
    "该校在全国高校排名前10，连续三年保持这一成绩。",
    "读者可以订阅我们的邮件列表，也可以在网站上留言，编辑部会及时回复。",
    "他在会上郑重声明，公司从未参与此事，并将依法维护自身权益。",
    "【新华社】【北京】【7月16日】电，记者从有关部门获悉，今年夏粮再获丰收。",
])
def test_prose_mentioning_chrome_words_stays(line):
    assert removed_by(PROSE, line) is None


@pytest.mark.parametrize("line, rule", [
    ("当前文档最多预览五页，下载文档查看全文", "disclaimer/preview_limit"),
    ("此文档下载收益归作者所有", "disclaimer/revenue"),
    ("还剩3页未读，继续阅读", "disclaimer/preview_limit"),
    ("本文档仅供学习交流使用", "disclaimer/reference_only"),
    ("如有侵权请联系删除", "disclaimer/copyright_claim"),
])
def test_disclaimers_go(line, rule):
    assert removed_by(PROSE, line) == rule


def test_spaced_out_forum_notice_and_its_items_go():
    r = run(page(PROSE, "郑 重 声 明", "1. 任何言论纯属作者个人观点；", "2. 转载请注明出处；", PROSE2))
    assert "声 明" not in r.text and "转载" not in r.text and PROSE2 in r.text


def test_notice_block_items_go_whatever_they_say():
    r = run(page(PROSE, "温馨提示：", "1. 请在电脑端查看。", "2. 手机端显示可能不全。", PROSE2))
    assert "请在电脑端查看" not in r.text and "disclaimer/notice_item" in rules(r)
    assert PROSE2 in r.text


def test_numbered_list_without_notice_header_stays():
    r = run(page(PROSE, "1. 请在电脑端查看本页内容，手机端显示可能不全。", PROSE2))
    assert "请在电脑端查看" in r.text


@pytest.mark.parametrize("line, rule", [
    ("ID:25356950", "docshare/file_id"),
    ("大小:16.91 KB", "docshare/file_size"),
    ("页数:3页", "docshare/file_pages"),
    ("工作总结_第2页", "docshare/thumbnail"),
    ("资源描述：", "docshare/description"),
    ("第5页 共5页", "docshare/page_footer"),
    ("《工作总结》由会员上传分享，免费在线阅读", "docshare/shared_by"),
])
def test_docshare_wrappers_go(line, rule):
    assert removed_by(PROSE, line) == rule


def test_spam_keyword_line_goes():
    spam = "国产视频福利免费视频,无码少妇中文AV不卡,日韩高清乱码中文字幕第一页,欧美激情在线视频,亚洲精品一区二区"
    assert removed_by(PROSE, spam) == "spam/keyword_list"


def test_gambling_spam_goes():
    spam = "澳门葡京,百家乐,六合彩开奖,时时彩,注册送彩金,真人娱乐,代开发票"
    assert removed_by(PROSE, spam) in ("spam/keyword_list", "spam/lexicon")


def test_news_mentioning_spam_words_stays():
    line = "国产大飞机C919完成首次商业飞行，标志着我国民航制造业迈出了重要一步，也带动了相关产业发展。"
    assert removed_by(PROSE, line) is None


class TestBylines:
    def test_source_date_author_line(self):
        r = run(page("某某新闻标题", "2024-05-11 18:27 来源：某某日报 作者：张三", PROSE, PROSE2))
        assert r.metadata.date == "2024-05-11T18:27"
        assert r.metadata.source == "某某日报" and r.metadata.author == "张三"
        assert "来源" not in r.text

    def test_editor_lines(self):
        r = run(page(PROSE, PROSE2, "编辑：李四", "值班主任：王五"))
        assert r.metadata.editor == "李四" and "李四" not in r.text and "王五" not in r.text

    def test_bracketed_editor_credit(self):
        r = run(page(PROSE, PROSE2, "[编辑 张三 责编 李四]"))
        assert "责编" not in r.text and r.metadata.editor

    def test_editor_at_paragraph_end(self):
        r = run(page(PROSE, PROSE2 + "（责任编辑：赵六）"))
        assert "赵六" not in r.text and PROSE2 in r.text and r.metadata.editor == "赵六"

    def test_abstract_repeating_the_lead_goes(self):
        r = run(page("[摘要]：" + PROSE[:40], PROSE, PROSE2))
        assert "摘要" not in r.text and PROSE in r.text

    def test_prose_with_source_word_stays(self):
        line = "据了解，这批资金来源：市财政专项拨款和社会捐助两部分，将全部用于改善农村学校的办学条件。"
        assert removed_by(PROSE, line) is None

    def test_agenda_time_is_not_a_date(self):
        # A time of day alone sets no date (whether the label line stays is the chrome rules' business).
        assert run(page(PROSE, "时 间：7:00－9:30", PROSE2)).metadata.date is None


@pytest.mark.parametrize("text, iso", [
    ("发布时间:2024-03-05 20:05:00", "2024-03-05T20:05:00"),
    ("2024年3月5日", "2024-03-05"),
    ("2022年02月12日 星期六", "2022-02-12"),
    ("7/5/2005 9:23:57 PM", "2005-05-07T21:23:57"),   # day first when both could be a day
    ("5/13/2005", "2005-05-13"),                      # 13 cannot be a month
    ("06/02/2022", "2022-02-06"),
    ("发表于2005年09月07日 11:57 AM", "2005-09-07T11:57"),
    ("2018.11.19", "2018-11-19"),
])
def test_dates_normalised(text, iso):
    assert find_date(text)[0] == iso


def test_no_date_in_plain_numbers():
    assert find_date("共有2024名学生参加，13个班级") is None


FILLER = "为期三天的野外徒步于昨天傍晚结束了，腿脚酸痛难忍，但是这次徒步给了我一段难以忘怀的回忆"


class TestFiller:
    def test_every_copy_goes_also_when_glued(self):
        body = [
            PROSE + FILLER + "。",
            "我们要" + FILLER + "继续推进各项改革任务，确保政策落地见效，让群众有更多获得感。",
            PROSE2 + FILLER,
        ]
        r = run(page(*body))
        assert "徒步" not in r.text
        assert "继续推进各项改革任务" in r.text and PROSE2 in r.text
        assert sum(x.rule == "recurring_off_topic" for x in r.removals) == 3

    def test_on_topic_repeat_stays(self):
        slogan = "坚持以人民为中心的发展思想，推动教育事业高质量发展"
        r = run(page(PROSE + slogan + "。", PROSE2 + slogan + "。", "全市学校要" + slogan + "，办好人民满意的教育。"))
        assert r.text.count(slogan) == 3

    def test_single_occurrence_stays(self):
        r = run(page(PROSE, FILLER + "。", PROSE2))
        assert FILLER in r.text


class TestTitle:
    def test_first_line_headline(self):
        r = run(page("千里携手,共促东西职业教育协同发展", PROSE, PROSE2))
        assert r.title == "千里携手,共促东西职业教育协同发展" and "千里携手" not in r.text

    def test_title_after_chrome_and_breadcrumb(self):
        r = run(page("欢迎访问某某网", "您现在的位置：首页 > 新闻 > 会议召开", "会议召开", "发布时间：2024-03-05", PROSE, PROSE2))
        assert r.title == "会议召开"

    def test_site_suffix_echo_removed(self):
        r = run(page("年会会议议程_年会秘书处_某某大学", "年会会议议程", PROSE, PROSE2))
        assert r.title == "年会会议议程" and "秘书处" not in r.text

    def test_body_subheading_is_not_title(self):
        r = run(page("标题在这里", PROSE, "二、主要做法", PROSE2))
        assert r.title == "标题在这里" and "二、主要做法" in r.text


class TestStructure:
    def test_navigation_before_and_links_after_go(self):
        nav = ["  • 首页", "  • 新闻", "  • 公告", "  • 联系"]
        related = ["  • 某校举行秋季运动会", "  • 某市召开教育大会", "  • 某区开展读书活动"]
        r = run(page(*nav, "标题", PROSE, PROSE2, *related))
        assert "首页" not in r.text and "运动会" not in r.text and PROSE in r.text

    def test_subheading_between_paragraphs_stays(self):
        r = run(page("标题", PROSE, "教育协作更加紧密", PROSE2))
        assert "教育协作更加紧密" in r.text

    def test_link_list_inside_body_goes(self):
        items = ["  • 某校举行秋季运动会", "  • 某市召开教育大会", "  • 某区开展读书活动"]
        r = run(page("标题", PROSE, *items, PROSE2))
        assert "运动会" not in r.text and "structure/link_list" in rules(r)


def test_images_go_to_metadata():
    r = run(page(PROSE, "![](http://example.com/a.jpg)", "图注![alt](http://example.com/b.png)", PROSE2))
    assert r.metadata.images == ["http://example.com/a.jpg", "http://example.com/b.png"]
    assert "example.com" not in r.text


def test_lone_question_marks_go():
    r = run(page(PROSE, "?", "？", PROSE2))
    assert "?" not in r.text and "garbage/lone_question_mark" in rules(r)


class TestCredits:
    def test_reporter_with_outlet_and_photo_credit(self):
        r = run(page("标题", "顶端新闻·河南商报记者马俊峰/文受访者供图", PROSE, PROSE2))
        assert r.metadata.author == "马俊峰" and "马俊峰" not in r.text

    def test_reporter_of_an_outlets_app_below_the_text(self):
        r = run(page("标题", PROSE, PROSE2, "整合 新华日报·交汇点记者 徐睿翔"))
        assert r.metadata.author == "徐睿翔" and "徐睿翔" not in r.text

    def test_reporter_with_place(self):
        r = run(page("标题", "新京报记者 彭冲 山东冠县报道", PROSE, PROSE2))
        assert r.metadata.author == "彭冲"

    def test_menu_word_after_reporter_is_no_name(self):
        r = run(page("标题", PROSE, PROSE2, "• 记者调查"))
        assert r.metadata.author is None

    def test_bracketed_credit_in_paragraph_fills_metadata_only(self):
        line = "据新华社拉萨电（记者 格桑边觉）记者近日从自治区农业农村厅了解到，全区改造户用卫生厕所四万多座。"
        r = run(page("标题", line, PROSE))
        assert r.metadata.author == "格桑边觉" and line in r.text

    def test_signature_closing_the_text(self):
        r = run(page("标题", PROSE, PROSE2 + "（常书香 马丹阳 ）"))
        assert r.metadata.author == "常书香 马丹阳"

    def test_headline_word_in_brackets_is_no_signature(self):
        r = run(page("日本无性婚姻问题严重(组图)", PROSE, PROSE2))
        assert r.metadata.author is None

    def test_prose_about_a_serialisation_is_no_credit(self):
        line = "这部小说在报纸上连载了三年，出版社随后推出了单行本，深受读者欢迎。"
        r = run(page("标题", line, PROSE, PROSE2))
        assert line in r.text and r.metadata.source is None

    def test_serialised_book_credit_line(self):
        r = run(page("标题", "连载：乔冠华才情人生 出版社：团结出版社 作者：罗银胜", PROSE, PROSE2))
        assert r.metadata.author == "罗银胜" and r.metadata.source == "乔冠华才情人生" and "出版社" not in r.text

    def test_markup_is_no_credit(self):
        r = run(page("标题", '作者： size="20"', PROSE, PROSE2))
        assert r.metadata.author is None

    def test_signature_on_its_own_line_below_the_text(self):
        r = run(page("标题", PROSE, PROSE2, "（常书香）"))
        assert r.metadata.author == "常书香"

    def test_section_tag_after_a_linked_headline_is_no_signature(self):
        r = run(page("标题", PROSE, PROSE2, "·[幻灯]“窃看”美女别样景 人体摄影背后是什么？(新闻)"))
        assert r.metadata.author is None

    def test_label_alone_takes_value_from_next_line(self):
        r = run(page("标题", "作者：", "安东尼", PROSE, PROSE2))
        assert r.metadata.author == "安东尼" and "安东尼" not in r.text

    def test_label_alone_ignores_markup_value(self):
        r = run(page("标题", "作者：", 'size="20"', PROSE, PROSE2))
        assert r.metadata.author is None

    def test_posted_by_forms(self):
        assert run(page("标题", "ggjjzhzz 发表于 2005-9-15 11:46:00", PROSE, PROSE2)).metadata.author == "ggjjzhzz"
        line = "本贴由大卫于2005年8月12日16:12:21在〖心灵体操〗发表."
        assert run(page("标题", PROSE, PROSE2, line)).metadata.author == "大卫"


class TestAuthorLine:
    def test_name_alone_under_the_title(self):
        r = run(page("犬儒病(上)", "胡平", "——当代中国的精神危机", PROSE, PROSE2))
        assert r.title == "犬儒病(上)" and r.metadata.author == "胡平" and "胡平" not in r.text

    def test_short_line_far_from_title_stays(self):
        r = run(page("标题", PROSE, "张三", PROSE2))
        assert r.metadata.author is None and "张三" in r.text


class TestDateChoice:
    def test_archive_ranges_are_not_dates(self):
        r = run(page("12/01/2004 - 01/01/2005", "01/01/2005 - 2/01/2005", "标题", PROSE, PROSE2))
        assert r.metadata.date is None

    def test_date_nearest_the_article_wins(self):
        r = run(page("2004-01-01", "  • 首页", "  • 新闻", "  • 公告", "  • 联系", "湘菜粤菜 兵分两路 (图)",
                     "2005-06-14 03:25:55", PROSE, PROSE2))
        assert r.metadata.date == "2005-06-14T03:25:55"

    def test_labelled_date_beats_bare_one(self):
        r = run(page("标题", "2023-01-01", "发布时间：2024-05-06", PROSE, PROSE2))
        assert r.metadata.date == "2024-05-06"

    def test_date_in_a_line_with_a_site_name(self):
        r = run(page("标题", "http://biz.163.com　2005-04-25 08:24:06　来源: 第一财经日报", PROSE, PROSE2))
        assert r.metadata.date == "2005-04-25T08:24:06" and r.metadata.source == "第一财经日报"


@pytest.mark.parametrize("line, rule", [
    ("声明：该文观点仅代表作者本人。", "disclaimer/opinion_notice"),
    ("1. 任何言论纯属作者个人观点，与本站无关", "disclaimer/opinion_notice"),
    ("未经本网书面特别授权，请勿转载或建立镜像", "disclaimer/repost_notice"),
    ("2. 禁止发表反动、色情和其他违反国家法律的言论；", "disclaimer/forum_rules"),
    ("展开全文", "disclaimer/preview_limit"),
    ("西藏日报社出版|国内统一刊号：CN54—0001", "chrome/footer"),
    ("E-mail (不显示在评论中)", "chrome/comment_form"),
    ("联系版主：abc@example.net", "chrome/contact_admin"),
])
def test_notices_and_footers_go(line, rule):
    assert removed_by(PROSE, line) == rule


@pytest.mark.parametrize("line", [
    "专家认为，这一观点仅代表少数人的看法，并不能说明整个行业的发展趋势和方向。",
    "学校明确规定，禁止学生在上课期间使用手机，违者将由班主任进行批评教育并通知家长。",
])
def test_prose_about_opinions_and_rules_stays(line):
    assert removed_by(PROSE, line) is None


def test_a_lost_wingdings_bullet_marks_a_list_item():
    # Wingdings draws "v" as a bullet; a dump that lost the font keeps the "v".
    assert BULLET.match("v 现代汽车新车型上市 经销商称订单火爆")
    assert not BULLET.match("v1.0 版本发布") and not BULLET.match("vs 对手") and not BULLET.match("v 2.0")


def test_ranking_inside_the_body_goes_but_a_short_list_stays():
    ranking = ["1. 丰田花冠威驰全系优惠", "2. 欧Ⅲ暂不影响二手车市", "3. 日产经理谈进口车销售", "4. 长春轻轨列车发生脱轨"]
    r = run(page("标题", PROSE, *ranking, PROSE2))
    assert "丰田" not in r.text and "structure/ranked_list" in rules(r)
    items = ["1、排查校舍安全隐患；", "2、检查消防设施；", "3、清洁消毒教室；", "4、核实学生返校情况。"]
    r = run(page("标题", PROSE, "各校要完成以下工作：", *items, PROSE2))
    assert all(i in r.text for i in items)


# A forum's reply index: long entries, punctuated, each ending in its post stamp.
REPLY_INDEX = [
    "斑竹啊，你们是要故事，还是要俺们发牢骚哦？大家都说说自己遇到过的事情吧，越详细越好。【黑眼圈猫猫】08-11 17:03 0字 [127/1]",
    "是一个不知名的小海洋馆，抽奖我遇到很多种，有的是直接导游带着去，到最后还是说要收什么什么费。【hylxy】08-13 10:49 101字 [145/1]",
    "今天这里好热闹啊！为表对上当受骗的驴友的同情我也来转一个，大家出门旅游一定要多加小心。【非洲小飞机】08-12 12:08 1770字 [138/0]",
    "谢谢楼上各位网友的支持啊！还有照片或视频吗？我们热切盼望哦，欢迎大家继续踊跃参与讨论。【新闻频道版主】08-12 12:05 0字 [123/2]",
]


def test_a_reply_index_does_not_outweigh_the_post():
    r = run(page("主题：导游为什么热衷购物", PROSE, "回复线索：", *REPLY_INDEX))
    assert PROSE in r.text and not any(e[:10] in r.text for e in REPLY_INDEX)


def test_stamped_headlines_inside_the_body_go_as_a_list():
    news = ["央行调高房贷利率 温州人谨慎对待房产投资2005-03-28 11:29:36",
            "购楼即赚已成往事 房产投资开始考验判断力2005-03-25 15:10:13",
            "不要盲目理解房价上涨 房产投资回报需等待2005-03-24 10:08:39"]
    r = run(page("标题", PROSE, *news, PROSE2))
    assert PROSE2 in r.text and not any(n[:8] in r.text for n in news)
    assert "structure/dated_list" in rules(r)


def test_a_ranking_header_ends_the_sidebar_before_the_article():
    # A blog sidebar: latest comments (long, punctuated), then a ranking with counts.
    comments = ["6·实在太完美了！！！！我好喜欢品超侧面的轮廓，简直无法用语言形容！完美得无懈可击...",
                "9·其实也没什么，正如某君说的，每个学校都有几幢破宿舍，关键是大家心中怎么定为...",
                "10·这也叫宿舍呀，它不禁让我联想到了农家的那个那个！不看不知道，一看还吓一跳了..."]
    ranking = ["1. 偶像新人王郭品超写真(67)", "2. 男人，在英雄与小人之间(19)",
               "3. 惟楚有才，于斯为盛————中南大学宿舍内部上传真实图片！(16)", "4. 小护士：隔夜茶到底能不能喝(15)"]
    more = ["记者来到这家医院，看到她虚弱地躺在床上，和两个表姐聊天，病床上的她明显还是个孩子，看上去身高不超过一米五。",
            "医生称，他工作这么多年，还没遇到过年龄这么小的产妇，这次生育对她的身体影响很大，需要长时间的休养和照顾。"]
    r = run(page("最新评论", *comments, "阅读排行榜", *ranking, "13岁女孩辍学后生下女婴", PROSE, *more, PROSE2))
    assert r.text.startswith(PROSE) and r.title == "13岁女孩辍学后生下女婴"


# The body's two parts around a table longer than a cluster's gap (MAX_GAP lines).
TABLE = ["年份\t作品\t奖项\t颁奖典礼", "2001年\t《一个男人》\t本赏\tKBS歌谣大祝祭",
         "2003年\t《讨人喜欢》\t本赏\tMBC歌谣大祭典", "2005年\t《原地踏步》\t大赏\tSBS歌谣大战",
         "2005年\t《原地踏步》\t大赏\tKBS歌谣大祝祭", "2006年\t《爱情》\t最佳男歌手\tMnet音乐节",
         "2012年\t《我的故事》\t人气奖\t首尔歌谣大赏", "2020年\t《我家的熊孩子》\t大赏\tSBS演艺大赏"]
MORE_PROSE = ("会议期间，与会专家围绕经济理论前沿问题进行了深入交流，大家一致认为，"
              "这次会议对推动相关领域的学术研究具有重要意义，希望以后能够经常举办。")


def test_a_table_between_the_bodys_paragraphs_stays():
    r = run(page("标题", PROSE, PROSE2, *TABLE, MORE_PROSE, PROSE + "会议由经济学院承办。"))
    assert all(row in r.text for row in TABLE) and MORE_PROSE in r.text


def test_lines_between_the_bodys_parts_go_when_chrome_was_cut_there():
    links = ["诱导高收费电话回电 警惕祝福短信成骗钱陷阱", "沪数起诈骗案：陌生人打电话要求汇款骗取资金",
             "湖南夫妻在广东珠海非法集资诈骗2亿元潜逃", "谎称领导人亲戚圈钱 烟贩子骗2亿后失踪",
             "老中医绝食49天", "老中医下战书：要到北京表演", "骗局之一", "骗局之二"]
    r = run(page("标题", PROSE, PROSE2, "延伸阅读：57岁小学肄业 广西骗子演绎25亿美元惊天骗局", *links,
                 MORE_PROSE, PROSE + "会议由经济学院承办。"))
    assert MORE_PROSE in r.text and not any(link in r.text for link in links)


HEADLINES = ["诱导高收费电话回电 警惕祝福短信成骗钱陷阱", "沪数起诈骗案：陌生人打电话要求汇款骗取资金",
             "湖南夫妻在广东珠海非法集资诈骗2亿元潜逃", "谎称领导人亲戚圈钱 烟贩子骗2亿后失踪", "老中医下战书：要到北京表演"]
RANKING = ["1. 偶像新人王郭品超写真(67)", "2. 男人，在英雄与小人之间(19)", "3. 小护士：隔夜茶到底能不能喝(15)",
           "4. 吴宗宪的女儿和张铁林的女儿(12)"]


def test_headlines_before_a_sidebar_ranking_are_no_closing_table():
    r = run(page("标题", PROSE, PROSE2, *HEADLINES, "阅读排行榜", *RANKING, "网站首页", "关于我们"))
    assert PROSE2 in r.text and not any(h in r.text for h in HEADLINES)


def test_a_ranking_word_heading_a_section_does_not_split_the_article():
    part = ["这次评估覆盖全国一百多所高校，评估指标包括师资力量、科研成果、学生就业等多个方面，结果引起广泛关注。",
            "从评估结果来看，东部地区高校整体表现较好，中西部地区部分高校进步明显，差距正在逐步缩小。"]
    r = run(page("标题", part[0], "销量排行榜", part[1], PROSE, PROSE2))
    assert all(p in r.text for p in (PROSE, part[0], part[1], PROSE2))


def test_a_table_ending_the_text_stays_but_a_menu_goes():
    rows = ["序号\t姓名\t专业", "1\t张三\t艺术学理论", "2\t李四\t音乐学", "3\t王五\t美术学"]
    r = run(page("标题", PROSE, PROSE2, *rows))
    assert all(row in r.text for row in rows)
    menu = ["网站首页", "新闻中心", "联系我们", "网站地图"]
    r = run(page("标题", PROSE, PROSE2, *menu))
    assert not any(m in r.text for m in menu)


def test_a_tables_serial_numbers_are_no_ranking():
    rows = ["序号\t姓名\t专业\t成绩"] + [f"{i}\t考生{i}号\t艺术学理论\t{80 + i}" for i in range(1, 9)]
    more = "会议期间，与会专家围绕经济理论前沿问题进行了深入交流，大家一致认为，这次会议具有重要意义，希望以后经常举办。"
    r = run(page("标题", PROSE, PROSE2, *rows, more, PROSE + "会议由经济学院承办。"))
    assert all(row in r.text for row in rows)


def test_numbered_paragraphs_ending_in_a_year_are_the_body():
    # Numbered paragraphs ending in a count-like "(2019)", the page's only prose.
    items = ["1. 各地要加强组织领导，落实属地责任，确保各项措施落到实处，切实保障群众利益（2019）",
             "2. 各部门要密切配合，形成工作合力，及时研究解决工作中遇到的新情况新问题（2020）",
             "3. 要做好宣传引导，营造良好氛围，推动全社会共同参与，形成齐抓共管的局面（2021）"]
    r = run(page("标题", *items))
    assert all(i in r.text for i in items)


@pytest.mark.parametrize("lines", [
    # a short post whose only paragraph ends in its stamp
    ["今天终于拿到了录取通知书，心里特别激动，感谢这一年来一直支持我的老师和同学们，也感谢爸爸妈妈的付出。 2008-05-12 14:28"],
    # an exam timetable between paragraphs
    [PROSE, "语文 6月7日 9:00", "数学 6月7日 15:00", "文综 6月8日 9:00", "英语 6月8日 15:00", PROSE2],
    # a paragraph ending in a time, a programme's slot, a version number
    [PROSE, "下一步，教育部门将继续加大投入力度，推动城乡教育资源均衡配置。2020-11-18 15:00", PROSE2],
    [PROSE, "第四场(d)：12月12日上午10:15-12:15", "本次活动报名截止时间为2020-11-18 18:00，逾期不再受理，请相互转告",
     "客户端已更新至版本V21.5 12:30发布", PROSE2],
])
def test_times_in_text_are_no_post_stamps(lines):
    r = run(page("标题", *lines))
    assert all(line in r.text for line in lines)


@pytest.mark.parametrize("items", [
    ["1、英语或俄语或日语", "2、中外美术史", "3、美术理论及作品分析", "4、中国陶艺史论"],  # exam subjects
    ["1.尽心尽意尽力爱神", "2.爱人如己", "3.律法的教训", "4.成为圣洁", "5.常常喜乐"],  # a sermon's points
])
def test_an_articles_own_enumeration_is_no_ranking(items):
    r = run(page("标题", PROSE, *items, PROSE2))
    assert all(i in r.text for i in items)


def test_empty_credit_label_goes():
    r = run(page("标题", PROSE, PROSE2, "责任编辑：", "声明：该文观点仅代表作者本人"))
    assert "责任编辑" not in r.text and "byline/empty_label" in rules(r)


def test_excerpt_source_goes_to_metadata():
    r = run(page("标题", PROSE, PROSE2, "(摘自《上海社会科学院学术季刊》2000年第1期)"))
    assert "摘自" not in r.text and r.metadata.source.startswith("上海社会科学院学术季刊")


def test_excerpt_source_with_the_reprinting_digest_goes_to_metadata():
    r = run(page("标题", PROSE, PROSE2, "(摘自《上海社会科学院学术季刊》2000年第2期，原文约15，000字)《新华文摘》2000年第09期"))
    assert "摘自" not in r.text and r.metadata.source == "上海社会科学院学术季刊"


def test_title_echoed_inside_a_longer_line_wins():
    r = run(page("茉莉：我是怎样卷入那场运动的", "作者：", 'size="20"', "来源：", 'size="20"',
                 "我是怎样卷入那场运动的", "茉莉", PROSE, PROSE2))
    assert r.title == "我是怎样卷入那场运动的" and r.metadata.author == "茉莉"


def test_comment_thread_after_the_article_goes():
    comments = ["新宠的评论", "花十分钟时间，就能拥有一个自己的私人声音平台，这在以前是难以想象的事情，如今却成了现实。",
                "在银行工作的王小姐，这几天一下班就赶回家上网，不聊天也不玩游戏，而是忙着录制自己的节目。"]
    r = run(page("标题", PROSE, PROSE2, "《标题》已有1件评论", *comments))
    assert PROSE2 in r.text and "王小姐" not in r.text


@pytest.mark.parametrize("line", [
    "每个人都可以当主持人，任何人都可以通过软件免费下载节目，然后在电脑或随身设备上收听。",
    "其次，提供音频和视频内容的播客，使本来已经很麻烦的网络版权问题更加复杂，一些网站标注版权所有，却难以维权。",
])
def test_prose_using_download_or_copyright_words_stays(line):
    assert removed_by(PROSE, line) is None


def test_bracketed_name_leading_a_byline_is_the_author():
    r = run(page("标题", "[ 黄宇 ] 来源：[ 国际金融报 ]", PROSE, PROSE2))
    assert r.metadata.author == "黄宇" and r.metadata.source and "黄宇" not in r.text


def test_photo_caption_with_credit_stays():
    line = "这次生育对小李的身体影响很大 本报记者 惠禾 摄"
    assert line in run(page("标题", PROSE, line, PROSE2)).text


def test_childrens_reporter_programme_is_no_credit():
    from cleaner.mark.byline import parse_byline

    assert "author" not in parse_byline("第A04版：小记者训练营")
    assert parse_byline("作者：张三 来源：新华网") == {"author": "张三", "source": "新华网"}


def test_a_credits_value_ends_at_the_next_label():
    from cleaner.mark.byline import parse_byline

    assert parse_byline("- 作者： 流泉 访问统计：\u30002005年08月30日, 星期二 13:22")["author"] == "流泉"
    assert parse_byline("作者：李 明 来源：人民网")["author"] == "李 明"  # a space inside a name stays
    assert parse_byline("发布时间：2005-07-31 12:30")["date"] == "2005-07-31T12:30"  # a clock is no label


def test_long_navigation_bar_is_matched_without_backtracking():
    """Found by make fuzz: a bar of 17 items ending in a separator made the old
    nav_bar pattern backtrack for minutes. Run in a subprocess so a regression
    fails the test instead of hanging the suite."""
    import subprocess
    import sys

    bar = " | ".join(["新闻", "体育", "娱乐", "商业", "科技", "财经", "汽车", "手机", "数码", "房产",
                      "旅游", "女人", "生活", "健康", "文化", "游戏"]) + " | "
    code = f"import cleaner; print(cleaner.clean({bar!r} + '\\n' + {PROSE!r}, kind='text').text)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0 and "体育" not in out.stdout and PROSE in out.stdout


def test_item_numbers_and_decimal_points_are_no_prose_punctuation():
    from cleaner.text import prose_like
    assert not prose_like("1. ASP SCRIPT: 计数器(使用GrapShot组件) (40819)", 20)
    assert prose_like("1. 热爱祖国，拥护中国共产党的领导，愿为社会主义现代化建设服务。", 20)
    assert prose_like("会议指出，要坚持问题导向，着力解决群众急难愁盼问题；3.5%的增长来之不易", 20)
    assert not prose_like("3 双环上市 售价11.98万至15.98万 销量1,200辆", 20)  # marks inside numbers


# --- rule sets ----------------------------------------------------------------------

@pytest.mark.parametrize("pattern, anchored", [
    ("^更多$", True),
    ("^(?:返回|回到).{1,6}首页", True),
    ("^[|｜]?(?:a|b)[^|｜]{1,12}$", True),   # "|" inside a class and a group
    (r"^a\|b", True),                        # an escaped bar
    ("^[]|]x", True),                        # "]" first in a class is a literal
    ("^(?:返回|回到).{1,6}首页|返回搜狐", False),  # the second branch floats
    (r"^第\d+页$|^共\d+页$", True),               # every branch anchored
    ("返回搜狐", False),
])
def test_rule_anchoring(pattern, anchored):
    from cleaner.patterns import _anchored
    assert _anchored(pattern) is anchored


def test_rule_set_finds_every_rule_that_matches():
    import re

    from cleaner.patterns import Rule, RuleSet
    rs = RuleSet([Rule("start", re.compile("^更多")), Rule("any", re.compile("评论")),
                  Rule("mixed", re.compile("^x|返回"), 10)])
    assert [r.name for r in rs.all_matches("更多评论")] == ["start", "any"]
    assert [r.name for r in rs.all_matches("查看更多评论")] == ["any"]
    assert [r.name for r in rs.all_matches("点此返回")] == ["mixed"]
    assert [r.name for r in rs.all_matches("点此返回" + "字" * 10)] == []  # past the rule's max_chars
    assert rs.first_match("无关") is None


@pytest.mark.parametrize("pattern, starts, not_starts", [
    ("(?:评论|評論)区", "评評", "区"),
    (r"\d+\s*条评论", "0９", "条"),                        # \d: any Unicode digit
    ("[_\\-—]\\s*第", "_-—", "第"),
    ("[a-c]x", "abc", "x"),
    ("(?:本报)?(?<!小)(?:记者|記者)", "本记記", "小者"),   # an optional start, a lookbehind
    (r"(?<![\u4e00-\u9fff])文(?=\s*[/:：])|作者", "文作", "者"),
    ("(?:评论)?区", "评区", "论"),
])
def test_guard_holds_at_every_possible_start(pattern, starts, not_starts):
    import re

    from cleaner.patterns.guard import lead_guard
    guard = re.compile(lead_guard(pattern))
    assert all(guard.match(f"前{c}", 1) for c in starts)
    assert not any(guard.match(f"前{c}", 1) for c in not_starts)


def test_guard_lets_anchored_branches_through_at_the_start_only():

    from cleaner.patterns.guard import guarded, lead_guard
    assert lead_guard(r"由\s*\S+|^(\S{2,20})\s+发表于") == "(?:^|(?=[由]))"  # "\S" would let all through
    rx = guarded(r"由\s*\S+|^(\S{2,20})\s+发表于")
    assert rx.search("张三 发表于 2005").group(1) == "张三"
    assert not rx.search("的 张三 发表于")
    assert rx.search("文章由 李四 上传").group(0) == "由 李四"


@pytest.mark.parametrize("pattern", [".{0,3}评论", "[^a]b", "(?i)abc", "(?:评论)?", "a?|b", ""])
def test_no_guard_when_any_start_is_possible(pattern):
    from cleaner.patterns.guard import lead_guard
    assert lead_guard(pattern) is None


def test_guarded_keeps_groups_and_spans():
    import re

    from cleaner.patterns.guard import guarded
    pattern = r"(?P<label>来源|作者)\s*[:：]\s*(\S+)"
    plain, fast = re.compile(pattern), guarded(pattern)
    assert fast.pattern != plain.pattern
    for text in ["2005年 来源：新华社 作者：张三", "无关的一行", "作者: 李四"]:
        assert [(m.span(), m.groups(), m.lastgroup) for m in fast.finditer(text)] == \
               [(m.span(), m.groups(), m.lastgroup) for m in plain.finditer(text)]


@pytest.mark.parametrize("group", ["chrome", "disclaimer", "docshare", "spam"])
def test_rule_set_lookahead_changes_no_match(group):
    """The combined regexes (with their first-character lookahead) find exactly the
    rules that match one by one, over every line of the fixtures (inputs and expected outputs)."""
    from pathlib import Path

    from cleaner.patterns import load
    rs = load(group)
    fixtures = Path(__file__).resolve().parent.parent / "fixtures"
    lines = {ln.strip() for p in sorted(fixtures.rglob("*")) if p.is_file()
             for ln in p.read_text(encoding="utf-8", errors="replace").splitlines()}
    found = 0
    for line in sorted(lines):
        expected = [r.name for r in rs if r.matches(line)]
        assert [r.name for r in rs.all_matches(line)] == expected, line
        found += bool(expected)
    assert found  # the lines do exercise the rules


_TABLE = ["050401 艺术学", "01艺术学原理", "刘梦溪", "新增点正在审批", "02艺术文化学与艺术社会学", "以20世纪为中心"]


def test_a_table_closing_the_article_stays_up_to_the_comment_widget():
    # An admissions page ends with its table of fields, flattened to short lines; the
    # comment widget and the footer after it mark where the article ends.
    r = run(page("招生简章", PROSE, PROSE2, "招生专业目录：", *_TABLE, "发表评论",
                 "Copyright © 2000-2006 CL2000.com. All rights reserved."))
    assert all(t in r.text for t in _TABLE)
    assert "发表评论" not in r.text and "Copyright" not in r.text


def test_short_lines_after_the_article_go_without_an_end_marker_or_across_a_menu():
    r = run(page("招生简章", PROSE, PROSE2, *_TABLE))
    assert not any(t in r.text for t in _TABLE)  # nothing says where the article ends
    r = run(page("招生简章", PROSE, PROSE2, *_TABLE[:3], "首页 | 新闻 | 体育 | 娱乐 | 财经", *_TABLE[3:], "发表评论"))
    assert not any(t in r.text for t in _TABLE) and "structure/outside_body" in rules(r)
    r = run(page("招生简章", PROSE, PROSE2, *_TABLE[:3], "发表评论"))
    assert not any(t in r.text for t in _TABLE[:3])  # under MIN_TABLE_LINES: a widget's labels


def test_a_ranking_before_the_comment_widget_still_goes():
    ranking = ["1. 丰田花冠威驰全系优惠", "2. 欧Ⅲ暂不影响二手车市", "3. 日产经理谈进口车销售", "4. 长春轻轨列车发生脱轨"]
    r = run(page("标题", PROSE, PROSE2, *ranking, "发表评论"))
    assert "丰田" not in r.text and "structure/ranked_list" in rules(r)
