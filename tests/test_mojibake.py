"""Mojibake repair: GBK/Big5 byte shifts, UTF-8 read as GBK, Latin-1, 锟斤拷; flags with spans."""

from __future__ import annotations

import math
import re

import cleaner
from cleaner.config import DEFAULT
from cleaner.render import apply_edits, splice
from cleaner.repair import mojibake
from cleaner.text import CJK
from cleaner.types import Edit
from tests.mojibake_corpus import drop_lead_byte


def _fix(text: str) -> tuple[str, list[str]]:
    fixes = mojibake.repair(text, DEFAULT)
    out = apply_edits(text, [Edit(f.start, f.end, text[f.start:f.end], f.after, "mojibake", f.rule) for f in fixes])
    return out, [f.rule for f in fixes]


def test_gbk_shift_seed_run_realigned_lost_character_marked():
    # "互鑒交流" lost the first byte of 互: "ヨb交流". 鑒 comes back; 互 is marked.
    out, rules = _fix("前教育培訓(xùn)、教師培養(yǎng)等方面與合作學?;ヨb交流;朝陽市衛(wèi)生學校")
    assert "鑒交流" in out and "ヨ" not in out
    assert "gbk_shift" in rules and any(r.startswith("gbk_lost") for r in rules)


def test_gbk_shift_long_run_restored_with_inferred_character():
    # Seed 002: "師生的熱烈歡迎" read one byte off.
    out, rules = _fix("受到了廣大貛熒\ue304臒崃覛g迎與高度好評。")
    assert "師生的熱烈歡迎與高度好評" in out
    assert "gbk_shift" in rules


def test_gbk_shift_seed_run_with_dropped_pair_partly_restored():
    # The page meant "當地教育目前的發展": a byte pair was dropped as well, so no
    # re-alignment gives it all back. Read one byte over from 亟, the run gives
    # "教涌前的發" (the issue's own reading); from 壳, "目前的發". Either way the
    # garbled "壳暗陌l" goes and "前的發展" comes back.
    out, _ = _fix("他就當地亟逃壳暗陌l展情況作了詳細介紹。")
    assert "前的發展" in out and "壳暗陌l" not in out


def test_short_shifted_run_ending_in_a_letter_restored():
    # "告訴" lost its first byte: "嬖V". The window around it averages like clean text
    # (one rare character, one letter); read one byte over, it reads better: searched.
    out, rules = _fix("一位同事嬖V我們，會議改期了。")
    assert out == "一位同事告訴我們，會議改期了。"
    assert rules == ["gbk_lost_inferred", "gbk_shift"]


def test_lone_letter_for_a_lost_character_restored():
    # "時" (GBK 0xca 0x72) lost its lead byte: the trail reads as "r".
    out, rules = _fix("我們乘火車r，看到長沙的朋友們。")
    assert out == "我們乘火車時，看到長沙的朋友們。"
    assert rules[0] == "gbk_lost_inferred"


def test_two_lost_characters_inferred_together():
    # "需要": the lead of 需 lost, so its trail and 要's lead read "枰", and 要's trail
    # made no pair with the next lead ("?"). One byte of each survives; the two make a word.
    out, rules = _fix("他得了肺炎，枰\ufffd觀察治療，醫生說沒有大礙。")
    assert out == "他得了肺炎，需要觀察治療，醫生說沒有大礙。"
    assert rules.count("gbk_lost_inferred") == 2


def test_shifted_run_starting_on_a_symbol_row_character():
    # "參" lost its lead byte; its trail and the next lead read "⒓", a GBK symbol.
    out, _ = _fix("考完以後，他就回校⒓涌荚嚒Ｄ切┠信\ufffd大學生都很努力。")
    assert out == "考完以後，他就回校參加考試。那些男女大學生都很努力。"


def test_symbols_without_chinese_are_no_shifted_run():
    # A flow chart drawn with box drawing and arrows.
    assert mojibake.repair("先去弄清楚\n│\n└→\n↓\n再去做", DEFAULT) == []


def test_nothing_inferred_between_lost_bytes():
    # A page decoded with the wrong codec: characters among U+FFFD are not words to infer.
    assert mojibake.repair("家裏的\ufffd\ufffd\ufffd\ufffdй\ufffd\ufffd\ufffd\ufffd書", DEFAULT) == []


def test_lone_letters_standing_for_digits_stay():
    # "l", "I" and "O" are typed for 1 and 0; "西l樓" is not "西翼樓".
    text = "報名地點：北京朝陽區新源裏西l樓，中國藝術研究院。"
    assert mojibake.repair(text, DEFAULT) == []


def test_lone_replacement_character_inferred_where_the_context_is_clear():
    # Both bytes of "濟" are gone (its trail and the next lead made no valid pair).
    out, rules = _fix("北京大學經\ufffd研究所的學者們認為，虛擬經濟與實體經濟應當並重。")
    assert out.startswith("北京大學經濟研究所") and rules == ["lost_inferred"]


def test_lone_replacement_character_kept_where_the_context_is_not():
    # "老?的主意": 師, 王, 人 ... the neighbours do not decide: it stays marked.
    text = "這是老\ufffd的主意，大家都同意。"
    assert mojibake.repair(text, DEFAULT) == []
    assert mojibake.left_spans(text)


def test_symbol_inside_a_latin_word_is_no_shifted_run():
    # An icon font's private-use glyph inside "System": not GBK bytes read one byte off.
    assert mojibake.repair("請重啓Sys\ue011tem後再試，謝謝您的耐心。", DEFAULT) == []


def test_utf8_read_as_gbk():
    damaged = "变化的中文网页面".encode().decode("gbk")
    assert damaged == "鍙樺寲鐨勪腑鏂囩綉椤甸潰"
    out, rules = _fix(damaged)
    assert out == "变化的中文网页面" and rules == ["utf8_as_gbk"]


def test_gbk_read_as_latin1():
    out, rules = _fix("中文ÖÐÎÄ测试")
    assert out == "中文中文测试" and rules == ["latin1_as_gbk"]


def test_garbled_replacement_characters_marked():
    out, rules = _fix("你好锟斤拷锟斤拷世界")
    assert out == "你好\ufffd\ufffd世界" and rules == ["gbk_replacement"]


def test_clean_text_untouched():
    for text in ["北京（Běijīng）是中国的首都。", "當地教育目前的發展情況良好。", "A股市场和C2C电商，G力是正值。",
                 "┌───┬───┐\n│ 表 │ 格 │", "Müller 和 café 都是外来词。", "他说：“这是什么？”"]:
        assert mojibake.repair(text, DEFAULT) == [], text


def test_cheap_check_skips_clean_text():
    assert not mojibake._suspect().search("当地教育目前的发展情况良好，各方面都取得了进步。")


def test_flag_with_spans_for_what_stays_broken():
    # Two characters lost in a row: nothing survives of either to infer them from.
    r = cleaner.clean("第一段正常的文字，內容完整無缺。\n這裏有損壞的\ufffd\ufffd，無法修復，只能標記出來。\n")
    assert "mojibake_left" in r.flags
    (start, end), = r.flag_spans["mojibake_left"]
    assert r.text[start:end] == "\ufffd\ufffd"
    assert "flag_spans" in r.to_dict()


def test_clean_page_has_no_flag_spans():
    r = cleaner.clean("一段完整的中文文字，沒有任何損壞，應當原樣保留下來。\n")
    assert r.flags == [] and r.flag_spans == {} and "flag_spans" not in r.to_dict()


def test_pinyin_gloss_after_damaged_character_dropped():
    r = cleaner.clean("朝陽市衛生學校與第九師學?;咏涣鳎茖W(xué)校辦學水平和人才培養(yǎng)都有提高。\n")
    assert "(xué)" not in r.text and "(yǎng)" not in r.text


def test_ftfy_fixes_recorded_with_its_steps():
    text = "ä¸­æ–‡ç½‘é¡µ和 â€œquotesâ€\x9d"
    f = mojibake._ftfy_line(text, 0, len(text))
    assert f is not None and f.after.startswith("中文网页") and f.rule.startswith("ftfy:")
    out, rules = _fix(text)
    assert out.startswith("中文网页") and rules


def test_full_width_punctuation_not_flattened_by_ftfy():
    text = "ä¸­æ–‡，（全角）！"
    out, _ = _fix(text)
    assert out.endswith("，（全角）！")


def test_clean_text_not_searched():
    # A text table's rules, a question mark after a sentence-final particle, a rare
    # name followed by ordinary Chinese: none starts a search for a shifted run.
    searched = []
    real = mojibake._best_shift

    def spy(*args):
        searched.append(args[3])
        return real(*args)

    mojibake._best_shift = spy
    try:
        for text in ["┌──────┐\n│\n│\n└──────┘", "你今天去哪里了呢?若是有空就来找我。",
                     "门可罗雀的虬泓山庄来说，这里依然安静。"]:
            assert mojibake.repair(text, DEFAULT) == [], text
    finally:
        mojibake._best_shift = real
    assert searched == []


def test_character_model_is_cached_and_rebuilt_when_the_cache_is_bad(tmp_path, monkeypatch):
    from cleaner.repair import charmodel

    monkeypatch.setenv("CLEANER_CACHE", str(tmp_path))
    charmodel.load.cache_clear()
    try:
        built = charmodel.load()
        (cached,) = tmp_path.glob("charmodel-*.pickle")
        charmodel.load.cache_clear()
        assert charmodel.load() == built  # read back from the pickle
        cached.write_bytes(b"not a pickle")
        charmodel.load.cache_clear()
        assert charmodel.load() == built  # a damaged cache is rebuilt, not trusted
    finally:
        charmodel.load.cache_clear()


def test_character_model_knows_pairs_across_word_boundaries():
    # Running text gives pairs no word of the dictionary holds: "的這", "了我", "在這"
    # (none is in charfreq.tsv.gz), in simplified and traditional forms.
    import gzip
    from importlib.resources import files

    from cleaner.repair import charmodel
    table = gzip.decompress(files("cleaner.repair").joinpath("data/charfreq.tsv.gz").read_bytes()).decode()
    in_words = {line.split("\t")[0] for line in table.splitlines()}
    model = charmodel.load()
    for pair in ("的這", "的这", "了我", "在這"):
        assert pair not in in_words and model.known_pair(*pair), pair
    assert model.pair_score("了", "我") > model.pair_score("了", "鬱")


def test_a_seen_pair_never_scores_below_an_unseen_one():
    # Punctuation pairs are interpolated like character pairs, so backing off must match.
    from cleaner.repair import charmodel
    model = charmodel.load()
    unseen = next(c for c in sorted(model.uni) if not model.known_pair(c, "，"))
    assert model.known_pair("的", "，")
    assert model.pair_score("的", "，") > model.pair_score(unseen, "，")


def test_gb18030_a3a0_read_as_the_full_width_space_it_shows():
    # 0xA3A0, GB2312's full-width space, decodes to U+E5E5 under GB18030: pages indent with it.
    page = "\ue5e5\ue5e5有一个法官，因为听见一位传道人常常说要凡事谢恩。\n\ue5e5\ue5e5\n二、被抢钱包"
    out, rules = _fix(page)
    assert out == page.replace("\ue5e5", "\u3000")
    assert set(rules) == {"gb18030_a3a0_space"}
    body = cleaner.clean(page * 3).text
    assert "\ue5e5" not in body and "有一个法官" in body


def test_other_private_use_characters_stay_suspect():
    # An icon font's glyph or a shifted run may land in the private use area: still damage to look at.
    assert mojibake._suspect().search("据报道\ue304今年")
    assert not mojibake._suspect().search("\ue5e5\ue5e5据报道，今年的经济形势总体平稳")


def test_a_term_read_fine_once_is_not_searched_again(monkeypatch):
    # "G力" recurs through an article on flight: the first search leaves it, the rest are skipped.
    calls = []
    real = mojibake._best_shift
    monkeypatch.setattr(mojibake, "_best_shift", lambda *a, **k: calls.append(a[3]) or real(*a, **k))
    page = "飞行员能承受的G力要比常人大得多。在承受更大的负G力时，血液会涌向头部。能承的G力要看训练，几个G力作用下仍能保持清醒。"
    assert mojibake.repair(page, DEFAULT) == []
    assert len(calls) == 1


def test_lone_letter_or_rare_symbol_between_chinese_restored():
    # A lone lower-case letter or "}" between Chinese characters is a trail byte far
    # more often than text: searched whatever the probes say, kept at a lower gain.
    for damaged, restored in [("他在天安門o坐的大學生中間待了三天。", "天安門靜坐"),
                              ("這是世界十大問}的演說之一，至今仍被人傳誦。", "十大問題的演說"),
                              ("改革開放以來的經濟政策c金融改革", "經濟政策與金融改革"),
                              ("兩位學生在天安門V場安營紮寨，他們", "天安門廣場安營"),  # upper case: full gain
                              ("上海財經大學經濟W院）", "經濟學院"),
                              # the lost character makes a word on one side only (讓|與會者)
                              ("會議安排了一天時間，讓c會者去風景點遊玩", "讓與會者"),
                              ("後來我路過L沙，聽說有", "路過長沙")]:  # upper case: LONE_UP_GAIN
        out, rules = _fix(damaged)
        assert restored in out, out
        assert "gbk_lost_inferred" in rules


def test_lone_letters_of_clean_text_stay():
    for clean in ["我迟了n次，今天又迟到了。", "專輯宣佈模糊發行日期n次，而推遲了n次。", "我学会C语言以后找到了工作。", "他住在西l楼，每天走路上班。",
                  "两件T恤和一条裤子。"]:
        assert _fix(clean) == (clean, [])


def test_cp1252_line_indented_with_a3a0_spaces_still_fixed_by_ftfy():
    line = "\ue5e5\ue5e5" + "北京大学".encode().decode("cp1252")
    out, rules = _fix(line + "\n第二行")
    assert out == "\u3000\u3000北京大学\n第二行"
    assert len(rules) == 1 and rules[0].startswith("ftfy")


def test_search_memo_keys():
    # An upper-case term is remembered with the character after it, anything else with
    # both neighbours (inside its window), and "?" / U+FFFD never: a real question mark
    # does not vouch for a lost byte.
    text = "的负G力时，讓c會，是真的?我"
    assert mojibake._company(text, 2, 0, len(text), True) == "G力"
    assert mojibake._company(text, 7, 0, len(text), False) == "讓c會"
    assert mojibake._company(text, 13, 0, len(text), False) == ""
    assert mojibake._company(text, 7, 7, 8, False) == "c"  # not past the window


def test_infer_pair_inlines_pair_score_exactly():
    # _infer_pair scores 1,600 pairs with the back-off of CharModel.backed_off inlined:
    # it must give pair_score's value for seen and unseen pairs, known and unknown characters.
    from cleaner.repair import charmodel
    model = charmodel.load()
    for a in "的是我國\ue000，":
        for b in "人們国國\ue001。":
            seen = model.bi.get(a + b)
            after_known, after_unknown = model.backed_off(b)
            inlined = seen if seen is not None else (after_known if a in model.known else after_unknown)
            assert inlined == model.pair_score(a, b), (a, b)


def test_ftfy_fixes_the_stretches_around_a_lost_character():
    broken = "北京大学".encode().decode("cp1252")
    out, rules = _fix(broken + "\ufffd" + broken)
    assert out == "北京大学\ufffd北京大学"
    assert len(rules) == 2 and all(r.startswith("ftfy") for r in rules)


def test_lost_character_inferred_from_the_word_it_completes():
    # Pairs alone leave these open (民主?治: 主X and X治 fit many X); the words around
    # decide: 民主政治, 真的到安排錢 (到 and 錢 lost one byte each).
    out, rules = _fix("那是我上的生平第一場民主\ufffd治課。我以前的那些想法都變了。")
    assert "民主政治課" in out and rules == ["lost_inferred"]
    out, rules = _fix("可是，真的桨才佩X的時候，孫啓勤卻猶豫了。")
    assert "真的到安排錢的時候" in out and "gbk_shift" in rules


def test_lone_replacement_character_beside_punctuation_or_a_letter_inferred():
    # Both bytes gone before "：" (or a digit, a letter, the end of the line): the trail
    # byte made no pair with what followed. Context on one side is enough when it is words.
    out, rules = _fix("HRS的效率變\ufffd：一種不完全合約的解釋")
    assert out.startswith("HRS的效率變化：") and rules == ["lost_inferred"]


def test_gap_scorer_is_the_best_segmentation():
    # CharModel.gap_scorer runs a Viterbi search over the word lattice; it must equal the
    # best of all segmentations enumerated one by one, each scored word by word given the
    # word before, whatever fills the gap.
    from cleaner.repair import charmodel
    model = charmodel.load()
    words = model.words
    start = words.ids[charmodel.START]

    def segmentations(s: str):
        if not s:
            yield []
            return
        for k in range(1, min(charmodel.MAX_WORD, len(s)) + 1):
            if k == 1 or s[:k] in words.ids:
                for rest in segmentations(s[k:]):
                    yield [s[:k], *rest]

    def path_score(seg: list[str]) -> float:
        total, history = 0.0, charmodel.NO_WORD
        for w in seg:
            if w in words.ids:
                total += words.pair(history, words.ids[w])
                history = words.ids[w]
            else:  # a character in no word
                cjk = bool(re.match(f"[{CJK}]", w))
                total += -charmodel.LONE_CHAR_PENALTY + (0.0 if w in charmodel.PUNCT else model.char_score(w))
                history = charmodel.NO_WORD if cjk and w not in charmodel.PUNCT else start
        return total

    for left, right in [("社會主", "的國家"), ("", "府下達"), ("李鵬", ""), ("a中", "1。"), ("", ""),
                        (charmodel.LINE_END + "我", "。" + charmodel.LINE_END), ("英語", "俄語或")]:
        score = model.gap_scorer(left, right)
        for gap in ["義", "政", "\ufffd", "的", "政府", "x", "，", "。”", "或", "向"]:
            best = max(path_score(seg) for seg in segmentations(left + gap + right))
            assert abs(score(gap) - best) < 1e-9, (left, gap, right)


def test_word_model_prefers_the_word_that_fits_its_neighbours():
    # "英語?俄語": 向 is the commoner character, but "英語 或 俄語" is how words follow each other.
    from cleaner.repair import charmodel
    score = charmodel.load().gap_scorer("英語", "俄語或")
    assert score("或") > score("向") + 2


def test_a_guess_that_fits_neither_neighbour_is_marked():
    # "學?;ヨb交流": the lost character of 互 has ";" on its left, so only 鑒 on its
    # right speaks; a frequent character that makes no known pair with it is no inference.
    out, rules = _fix("等方面與合作學?;ヨb交流;朝陽市衛")
    assert "\ufffd鑒交流" in out and rules == ["gbk_lost_marked", "gbk_shift"]


def test_the_page_codec_decides_later_runs():
    # Two runs repaired in GBK tell the page's codec: the third ("熒?" for 師生) reads as
    # "的新" in Big5, a gain the character model would take; in GBK it reads as 師生.
    text = ("各學校要訌娕c企業的合作，深化產教融合，嵘龑W生的實踐能力和就業質量。"
            "與會代表參觀了學校的實訓基地，對熒\ufffd的熱烈歡迎與周到安排表示感謝。")
    out, rules = _fix(text)
    assert "加強與企業" in out and "提升學生" in out
    assert "對師生的熱烈" in out and not any(r.startswith("big5") for r in rules)


def test_question_mark_before_chinese_is_text():
    # An ASCII "?" stands for a lost byte far less often than it ends a question.
    clean = "這日子能過瑪?沒錯，要出去打工才行。"
    assert _fix(clean) == (clean, [])
    # A long run read one byte off still gains enough when "?" stands for its lost byte.
    out, rules = _fix("國務嚎偫碓谌嗣翊髸?堂會見了來訪的外國領導人。")
    assert out.startswith("國務院總理在人民大會堂會見") and rules[-1] == "gbk_lost_inferred"


def test_a_lost_character_at_a_line_end_is_no_comma():
    # The pairs of running text count how lines end: "，" never does, "：" may.
    from cleaner.repair import charmodel
    model = charmodel.load()
    end = charmodel.LINE_END
    assert model.pair_score("：", end) > model.pair_score("，", end) + 2
    assert model.pair_score("。", end) > model.pair_score("、", end) + 2
    assert mojibake._before("首行\n第二行", 5) == end + "第二"
    assert mojibake._after("第一行\n次", 1) == "一行" + end
    assert mojibake._after("一二三四五", 1) == "二三四"
    assert mojibake._before("一二三四五", 1) == end + "一"


def test_later_fixes_fold_into_the_text_ftfy_mended():
    # What the searches find in ftfy's output is expressed on the original text: a fix
    # inside (or touching) one of ftfy's joins it, the rest move back by ftfy's change.
    from cleaner.repair import Fix
    original = "01ab56789"
    first = [Fix(2, 4, "XYZ", "ftfy")]
    mended = splice(original, first)
    assert mended == "01XYZ56789"
    for later in ([Fix(0, 1, "Q", "b"), Fix(3, 4, "W", "c"), Fix(8, 9, "", "d")],
                  [Fix(5, 5, "+", "edge"), Fix(9, 10, "!", "end")],
                  [Fix(1, 3, "", "across")], []):
        folded = mojibake._fold(first, later, mended)
        assert splice(original, folded) == splice(mended, later), later
        assert all(a.end <= b.start for a, b in zip(folded, folded[1:], strict=False))
    assert mojibake._fold(first, [Fix(3, 4, "W", "c")], mended) == [Fix(2, 4, "XWZ", "ftfy+c")]


def test_a_lost_byte_on_a_line_ftfy_mends_is_repaired_in_the_same_pass():
    text = "新闻Â\x80本公静\ufffd品质量可靠价格合理"
    out, rules = _fix(text)
    assert out == "新闻€本公司产品质量可靠价格合理" and rules == ["ftfy:decode_inconsistent_utf8+gbk_lost_inferred+gbk_shift"]
    assert _fix(out) == (out, [])


def test_words_vouch_for_a_short_run(monkeypatch):
    # "分化" lost its first byte: "只?" (two characters, one of them lost). By its
    # characters alone the reading gains too little for a run this short; the words it
    # makes ("能夠 分化 成") carry it.
    damaged = drop_lead_byte("是一種能夠分化成其他細胞的幹細胞。", 5)
    assert damaged == "是一種能夠只\ufffd成其他細胞的幹細胞。"
    assert _fix(damaged)[0] == "是一種能夠分化成其他細胞的幹細胞。"
    monkeypatch.setattr(mojibake, "ACCEPT_WORD", 0.0)
    assert _fix(damaged)[0] == damaged


def test_a_name_alone_on_its_line_is_not_read_as_words(monkeypatch):
    # A pen name of rare characters alone on its line (a dev page): read one byte over,
    # with both its lost characters inferred free of any context, it makes words ("各位是").
    text = "【赛马娘】情人节赠礼\n\n魑皇\n\n关注\n\n专栏/轻小说"
    assert mojibake.repair(text, DEFAULT) == []
    monkeypatch.setattr(mojibake, "_words_may_vouch", lambda new, left, right: mojibake.LOST_CHAR not in new)
    assert mojibake.repair(text, DEFAULT) != []  # (the guard is what keeps it)


def test_a_reading_mostly_lost_is_no_repair():
    # A name (a dev page): "勍晔" read one byte over is "?完" with 胜 inferred after it,
    # one character read from the bytes for two lost. The text stays.
    text = "会议联系人联系方式： 沈勍晔 老师 电话：010-12345678"
    assert mojibake.repair(text, DEFAULT) == []


def test_no_inference_between_punctuation_alone(monkeypatch):
    # Seed 001: the lost character before "，深挖" has "!" on its left (the page meant
    # "借船出海”，"). A trail byte's hundred candidates, and no Chinese on either side:
    # marked, not guessed.
    text = "七要探索“借船出?!保\ue0e4钔趨^域具有國際影響"
    out, rules = _fix(text)
    assert "“借船出?!\ufffd，深挖區域" in out and rules == ["gbk_lost_marked", "gbk_shift"]
    monkeypatch.setattr(mojibake, "_WORDY", re.compile("."))
    mojibake._infer.cache_clear()
    assert "\ufffd" not in _fix(text)[0]  # (the guard is what keeps it marked)
    mojibake._infer.cache_clear()


def test_after_a_digit_the_words_infer():
    # "8年。": the lost 年 has a digit on its left; numbers start a clause in the word
    # model's corpus, and 年 is what most often follows one.
    damaged = drop_lead_byte("被判處有期徒刑8年。這是後話了。", 8)
    out, rules = _fix(damaged)
    assert out == "被判處有期徒刑8年。這是後話了。" and rules[0] == "gbk_lost_inferred"


def test_a_simplified_line_was_never_big5(monkeypatch):
    # Big5 has no simplified characters: on a simplified line only GBK's readings and
    # GBK's candidates count. With Big5's too, "等?务" reads as a Big5 shift ("接任务").
    text = "物流公司的网点覆盖率等\ufffd务地域范围，系统"
    assert _fix(text) == ("物流公司的网点覆盖率等服务地域范围，系统", ["lost_inferred"])
    # (The rule keeps Big5 out, as does the page's "网", which Big5 cannot encode.)
    monkeypatch.setattr(mojibake._Page, "codecs_for", lambda self, script: self.codecs)
    mojibake._lone_guess.cache_clear()
    assert _fix(text)[0] == "物流公司的网点覆盖率等服务地域范围，系统"
    monkeypatch.setattr(mojibake, "_codecs_holding", lambda chars: mojibake._CODECS)
    mojibake._lone_guess.cache_clear()
    assert _fix(text)[0] != "物流公司的网点覆盖率等服务地域范围，系统"
    mojibake._lone_guess.cache_clear()


def test_a_lost_mark_is_not_the_mark_before_it():
    # The run ends in the lead byte of "”"; running text (reviews) has "。。" often enough
    # that the pairs would take a second "。". A mark is not written twice in a row.
    damaged = drop_lead_byte("“你看，很可愛吧。”", 4)
    assert damaged.endswith("\ufffd")
    assert _fix(damaged)[0] == "“你看，很可愛吧。”"


def test_a_shifted_run_may_hold_a_greek_letter_beside_a_latin_one():
    # GBK's Greek row: "能力與" read one byte off is "芰εc". Two letters of one script
    # make a word ("Москва", "αβγ": text, not searched); a Greek letter beside a Latin one
    # does not.
    assert _fix("外溢、吸收芰εc內生經濟增長") == ("外溢、吸收能力與內生經濟增長", ["gbk_lost_inferred", "gbk_shift"])
    for text in ["莫斯科的Москва地鐵站很漂亮。", "希臘字母αβγ常用於數學公式。"]:
        assert mojibake.repair(text, DEFAULT) == [], text


def test_a_run_that_took_in_the_ascii_after_it_gives_it_back():
    # "專輯《Evolution": the lost byte shifts the run up to 《, whose trail byte pairs with
    # "E": "禘volution". Read one byte over, the run ends in the "E" it took in.
    damaged = drop_lead_byte("第二張正規專輯《Evolution》發行", 4)
    assert "禘volution" in damaged
    out, rules = _fix(damaged)
    assert out == "第二張正規專輯《Evolution》發行" and rules == ["gbk_lost_inferred", "gbk_shift"]
    # ...but a run does not end just before an ASCII letter that is its last trail byte:
    # the seed's "茖W(xué)校" is 科學 (學 ends in the byte of "W"), not 科學 + "W".
    out, _ = _fix("加強與第九師職業(yè)技術(shù)學(xué)?;咏涣鳎茖W(xué)校辦學(xué)水平和人才培養(yǎng)")
    assert "鳎科學(xué)校辦學" in out


def test_a_trail_byte_read_as_an_ascii_symbol_is_damage():
    # A trail byte of 0x40-0x7E reads as a letter or as one of @ \ ^ _ ` { } ~ between
    # Chinese characters: "納" lost its lead byte in "歸納法" and left "{", "味確" left "洞_".
    damaged = drop_lead_byte("他們使用了歸納法，以及一些研究", 6)
    assert damaged == "他們使用了歸{法，以及一些研究"
    assert _fix(damaged)[0] == "他們使用了歸納法，以及一些研究"
    assert _fix("信了啊，口洞_實比國產好還")[0] == "信了啊，口味確實比國產好還"
    # The same symbols where a page means them, and the brackets and bars of page furniture
    # (not penalised: "[組圖]", "首頁|產業資訊" are everywhere), stay.
    for text in ["新聞標題_網站名稱", "今天天氣真好~我們去公園吧", "北京_上海_廣州", "[組圖]新古典主義", "首頁|產業資訊|招商投資"]:
        assert mojibake.repair(text, DEFAULT) == [], text


def test_the_probe_compares_the_same_bytes():
    # "大學" lost its first byte before "）": "髮W）". Read one byte over it is "學）", a
    # character short (the lost one); the probe weighs that, and the run is searched.
    assert _fix("評論人：王志剛（中國人民髮W）田傳浩（浙江大學）")[0] == "評論人：王志剛（中國人民大學）田傳浩（浙江大學）"


def _clear_inference_caches() -> None:
    for f in (mojibake._infer, mojibake._infer_pair, mojibake._lone_guess, mojibake._candidates, mojibake._candidate_set,
              mojibake._number_guess, mojibake._candidates_after):
        f.cache_clear()


def _restored_only_by(monkeypatch, cases: list[tuple[str, str]], name: str, off) -> None:
    """Each damaged text of `cases` comes out holding its restored part, and untouched with
    mojibake's `name` set to `off` (the rule switched off)."""
    for damaged, restored in cases:
        assert restored in _fix(damaged)[0], damaged
    monkeypatch.setattr(mojibake, name, off)
    _clear_inference_caches()
    for damaged, _ in cases:
        assert _fix(damaged) == (damaged, []), damaged
    monkeypatch.undo()
    _clear_inference_caches()


def test_the_page_own_pairs_infer_a_lost_character(monkeypatch):
    # A name or a word recurs through a page; the pair model does not know it, the page
    # does: 首爾 (not 米爾), 感謝神 (not 感謝玉), 找他 (not 我所).
    cases = [("大韓民國首爾站\t首爾梨花女子大學", 8), ("他說：“感謝神！我還有一隻腿。”感謝神的恩典。", 6),
             ("美國到處在找他，找他追殺，到處在找他。", 5)]
    for text, lost in cases:
        damaged = drop_lead_byte(text, lost)
        _clear_inference_caches()
        assert _fix(damaged)[0] == text, damaged
    monkeypatch.setattr(mojibake, "CACHE_WEIGHT", 0.0)
    for text, lost in cases:
        _clear_inference_caches()
        assert _fix(drop_lead_byte(text, lost))[0] != text
    _clear_inference_caches()


def test_page_pairs_leave_out_the_damage_and_punctuation():
    text = "我在北京讀書，北京很大，北方很冷。北宜�。"
    page = mojibake._Page(text)
    lost = text.index("宜")
    cands = frozenset("京方宜書，")
    seen = dict(page.seen("北", "", lost, cands))
    assert set(seen) == {"京", "方"}  # not 宜: the pair the damage makes with its neighbour
    # The share of 北's pairs on the page: 北京 twice in three weighs more than once in three.
    other = "我在北方讀書，北京很大，北方很冷。北宜�。"
    assert seen["京"] > dict(mojibake._Page(other).seen("北", "", lost, cands))["京"] > 0
    assert dict(page.seen("書", "", 0, cands)) == {}  # "，" follows 書, but punctuation goes by the pair model
    assert dict(page.seen("", "很", 0, cands)).keys() == {"京", "方"}  # the right side: what comes before 很
    assert dict(page.seen("北", "", lost, frozenset("方"))).keys() == {"方"}  # only the candidates


def test_a_lone_letter_whose_repair_makes_words_is_restored(monkeypatch):
    # Too little gain by the characters alone, but the lost character makes words on both
    # sides: 綠色 and 園區, 某種 and 政治, 體重.
    cases = [("入選國家級G色園區。", "綠色園區"), ("所以採取某N政治觀點，並不", "某種政治觀點"),
             ("現在身高、w重和第二性徵方面", "身高、體重和")]
    _restored_only_by(monkeypatch, cases, "LETTER_WORDS_GAIN", math.inf)
    # Clean text's letters make words with a lost character's reading too, but less:
    # "個a，" reads 個地 (12.3 against 13), "把C位" 把每位, "吉林e起" 吉林舉起.
    for clean in ["出現了兩個a，隨着洛克", "再次把C位留給“他”", "冰雪吉林e起嗨"]:
        assert _fix(clean) == (clean, [])


def test_a_lone_letter_beside_punctuation_needs_a_known_pair_on_its_chinese_side():
    # "大學）": the pair 學） is rare in the model's running text; the Chinese side vouches.
    assert _fix("楠（南開大W）產業部門間市場")[0] == "楠（南開大學）產業部門間市場"


def test_a_lost_trail_byte_made_no_pair_with_the_byte_after_it(monkeypatch):
    # A run that ends in U+FFFD: the decoder met a trail byte that could not lead the next
    # byte, replaced it alone and read on in step. So the last character's trail byte is
    # one that makes no pair with what follows, which leaves a few of the lead byte's two
    # hundred characters: 整個 (not the likelier 他們), 考生 (not 都上), 寂寞 (not 奔跑).
    cases = [("他愛就決絕了整個異性世界，以後", 6), ("其餘考生，錄取時由考試院決定", 2), ("不甘寂寞的他，要在新的", 2)]
    for text, lost in cases:
        damaged = drop_lead_byte(text, lost)
        assert damaged.count("\ufffd") == 1
        assert _fix(damaged)[0] == text, damaged
    monkeypatch.setattr(mojibake, "_pairs_with", lambda lead, trail, codec: False)
    _clear_inference_caches()
    for text, lost in cases:
        assert _fix(drop_lead_byte(text, lost))[0] != text
    _clear_inference_caches()


def test_a_letter_that_stands_for_a_number_needs_more_words(monkeypatch):
    # "l", "I", "O" and "n" stand for 1, 0 and any number ("西l楼", "推遲了n次"), but a lost
    # character's trail byte reads as them too; where the words leave no doubt it is one.
    cases = [("—國有企I改革進程", "企業改革"), ("人類歷史l展的客觀", "歷史發展"), ("運動的積O參與者，", "積極參與")]
    _restored_only_by(monkeypatch, cases, "DIGIT_LETTER_EXTRA", math.inf)
    for clean in ["專輯宣佈模糊發行日期n次，而推遲了n次。", "他住在西l楼，每天走路上班。"]:
        assert _fix(clean) == (clean, [])


def test_a_lone_letter_kept_on_its_words_where_one_neighbour_vouches(monkeypatch):
    # 集團利益: 團利 spans two words, so the pair model does not know it; 集團 and the
    # words make the case.
    _restored_only_by(monkeypatch, [("漸漸成爲利益集F利益再分配的過程。", "利益集團利益")], "LETTER_WORDS_GAIN", math.inf)


def test_a_lone_letter_beside_punctuation_or_a_tab_is_searched(monkeypatch):
    # A letter among clean characters barely moves their average, and a probe one byte over
    # starts in the wrong place: a letter beside Chinese on one side is searched regardless.
    cases = [("中國宗教藝g\t田\u3000青", "藝術\t"), ("主持人：年會祕書L  海聞教授", "祕書長  ")]
    _restored_only_by(monkeypatch, cases, "_LONE_EDGE", re.compile("(?!)"))


def test_a_page_with_characters_big5_lacks_was_never_big5():
    # The page was decoded with its codec: a character Big5 cannot encode ("爲", or the
    # damage's own "缈") rules Big5 out; a page of characters both hold keeps both.
    assert [c[0] for c in mojibake._Page("他成爲了學者").codecs] == ["gbk"]
    assert [c[0] for c in mojibake._Page("他成為了學者").codecs] == ["gbk", "big5"]
    assert [c[0] for c in mojibake._Page("no Chinese at all").codecs] == ["gbk", "big5"]


def test_a_shifted_run_goes_on_through_gbk_pinyin_letters(monkeypatch):
    # "（" (0xA3A8) read one byte off pairs its 0xA8 with the next lead byte: GBK's row of
    # pinyin letters ("（北" -> "ū本", "（湖" -> "ê"), which the run must hold to be read back;
    # and "ê" before an ASCII trail byte ("建築" -> "êB") is no Latin word.
    cases = [("評論人陳秋霖（北京大學）衛生分權對", 4), ("司廠房拆遷的杭州新城建築工程隊，根本", 6),
             ("李燕凌、李立清（湖南農業大學）", 5)]
    for text, lost in cases:
        damaged = drop_lead_byte(text, lost)
        assert re.search("[ūê]", damaged)
        assert _fix(damaged)[0] == text, damaged
    # French stays a word: "é" after a letter, or before one after a letter.
    assert mojibake._WORD.search("Café") and mojibake._WORD.search("réseau")
    monkeypatch.setattr(mojibake, "_WORD", re.compile("[A-Za-z\u00c0-\u024f]{2}"))
    _clear_inference_caches()
    assert _fix(drop_lead_byte(*cases[1]))[0] != cases[1][0]


def test_a_rare_symbol_or_an_unpartnered_bracket_between_chinese_is_damage(monkeypatch):
    # "^ ` { } \" alone between Chinese characters, and a "[" or "]" with no partner on its
    # line, are in no clean text of the dev pages or the corpus: a reading that beats the
    # text as found is kept ("比^藝術": 較, whose characters gain 5.9; "好像]有": 沒).
    cases = [("中國美術史與比^藝術研究", "比較藝術"), ("他們年^五十，", "年過五十"), ("看茶座好像]有什麼反應", "好像沒有"),
             ("學院文化與眠[學院黨總支舉辦", "文化與旅遊學院")]
    for damaged, restored in cases:
        assert restored in _fix(damaged)[0], damaged
    _restored_only_by(monkeypatch, cases[1:2], "RARE_SYMBOL_GAIN", mojibake.LONE_ODD_GAIN)
    _restored_only_by(monkeypatch, cases[2:3], "_unbalanced_bracket", lambda text, t: False)
    # Brackets with a partner are page furniture.
    for clean in ["[組圖]新古典主義", "新聞[組圖]新古典[視頻]主義"]:
        assert _fix(clean) == (clean, [])


def test_a_shifted_run_goes_on_through_a_block_element_but_never_starts_at_one():
    # "（" (0xA3A8) read one byte off before a character led by 0x80-0x95 is a block element:
    # "（國" -> "▏". The run holds it; a run starting at one would take its 0xA8 for the trail
    # of a character ("（" far more often, which is not inferred from a trail byte).
    assert "（國務院發展" in _fix("評論人：巴曙桑▏鴦赵喊l展研究中心")[0]
    assert _fix("根據廣東、廣西兩?。▍^)粵桂東西部協作") == ("根據廣東、廣西兩?。▍^)粵桂東西部協作", [])


def test_a_lost_character_beside_a_number_is_read_from_the_numbers(monkeypatch):
    # Both bytes gone (its trail byte could not lead the ASCII digit after it), and the
    # pairs know no digits; the numbers around tell: a month follows a year, a day a month.
    cases = [(drop_lead_byte(text, text.index(lost)), text) for text, lost in [
        ("會議時間：2004年3月10日上午九時", "年"), ("第二次會議定於2009年6月19日舉行", "月"),
        ("報名截止到10月22日", "日"), ("活動時間：2009年12月24日", "月")]]
    assert all("\ufffd" in damaged for damaged, _ in cases)
    _restored_only_by(monkeypatch, cases, "NUMBER_SHARE", math.inf)
    # A mark is a candidate too: "1、" (in Big5 "、" has an ASCII trail byte: it would show
    # as a letter, never as U+FFFD).
    assert _fix(drop_lead_byte("1、熱愛祖國", 1))[0] == "1、熱愛祖國"
    assert "、" in mojibake._marks_before("熱", mojibake._CODECS[:1])
    assert "、" not in mojibake._marks_before("熱", mojibake._CODECS[1:])
    # A date that lost two characters: the second read first, then the first with it.
    assert _fix("日期：2019\ufffd10\ufffd1日")[0] == "日期：2019年10月1日"
    # A unit after a number alone is left marked (號? 室? 元?); so is what stands between
    # numbers and marks alone, with no Chinese in reach: a code, a phone number, a range.
    for text, lost in [("他住在人民廣場733號", "號"), ("電話：010－8888", "－"), ("通過ISO9001：2015認證", "："),
                       ("協議（2021—2025）", "—")]:
        damaged = drop_lead_byte(text, text.index(lost))
        assert "\ufffd" in damaged and _fix(damaged) == (damaged, []), damaged


def test_a_mark_after_a_number_that_lost_its_lead_byte(monkeypatch):
    # "9.5％，" lost the lead byte of ％: "9.5ィ?". After a digit the lost character's
    # surviving trail byte is also a mark's: ％ (not 去, which shares its trail byte);
    # "％）" is not "％，，" (a mark is not written twice); the number model, not the
    # marks' frequency, says what follows a number ("45位同學", not "45；同學").
    cases = [("下降了9.5％，但主要", "％"), ("佔總體的13.1％，認爲成功", "％"), ("課外書（62.5％），零花", "％")]
    for text in ["全班共有45位同學", "邀請了20位專家學者"]:
        assert _fix(drop_lead_byte(text, text.index("位")))[0] == text
    for text, lost in cases:
        assert _fix(drop_lead_byte(text, text.index(lost)))[0] == text
    monkeypatch.setattr(mojibake, "_MARKS_AFTER_NUMBERS", "")
    _clear_inference_caches()
    for text, lost in cases:
        assert "％" not in _fix(drop_lead_byte(text, text.index(lost)))[0]
    monkeypatch.undo()
    _clear_inference_caches()


def test_a_trail_byte_0x80_leads_nothing():
    # GBK ends 個, 還 and 畝 with 0x80, which is no lead byte: the decoder replaced it alone
    # before anything, so such a character is always a candidate for a lone U+FFFD.
    codecs = (mojibake._CODECS[0],)
    assert {"個", "還"} <= mojibake._lone_candidates("事", codecs)[1]
    assert _fix(drop_lead_byte("裴逸羣對整個事件過程持有", 5))[0] == "裴逸羣對整個事件過程持有"


def test_no_more_than_infer_top_readings_are_inferred(monkeypatch):
    # One-character runs past the best INFER_TOP are inferred too; they must not lift the cap.
    inferred = set()
    real = mojibake._shift_candidate

    def spy(text, s, e, codec_name, enc, dec, script, infer=True, page=None):
        cand = real(text, s, e, codec_name, enc, dec, script, infer, page)
        if infer and cand and e - s > 1:
            inferred.add((s, codec_name, tuple(real(text, s, e, codec_name, enc, dec, script, infer=False).fixes)))
        return cand

    monkeypatch.setattr(mojibake, "_shift_candidate", spy)
    mojibake._best_shift("可是，真的桨才佩X的時候，孫啓勤還是", 0, 17, 6, None, mojibake._Page("可是，真的桨才佩X的時候"))
    assert 0 < len(inferred) <= mojibake.INFER_TOP


def test_identical_readings_of_a_run_take_one_place_among_the_best(monkeypatch):
    # "社科院財貿所" lost its first byte: "缈圃贺斮Q所". The run re-aligns after "Q", and
    # read to the window's end it reads the same: both once took a place among the
    # INFER_TOP best, leaving the right start (at 缈) untried.
    assert _fix("馬蔡琛（缈圃贺斮Q所博士後流動站）")[0] == "馬蔡琛（社科院財貿所博士後流動站）"


def test_punctuation_read_back_counts_as_restored():
    model = mojibake.charmodel.load()
    assert mojibake._plausible("\ufffd”。這", model)  # "Α薄＿@位" for 力”。這位: three read back, one lost
    assert not mojibake._plausible("\ufffd", model)
