"""The number-context model: what a character beside a number is (cleaner/repair/number_context.py)."""

from __future__ import annotations

import math

from cleaner.repair import charmodel, mojibake, number_context
from cleaner.repair.number_context import NUMBER, YEAR

E = charmodel.LINE_END


def test_numbers_collapse_to_one_token_a_year_to_its_own():
    assert number_context.collapse("2004年3月10.5日，共１２３人") == f"{YEAR}年{NUMBER}月{NUMBER}日，共{NUMBER}人"
    assert number_context.collapse("20.5") == NUMBER  # four characters, no year
    assert number_context.collapse("付了1000元") == f"付了{NUMBER}元"  # four digits, no year


def test_contexts_are_two_tokens_on_the_line_up_to_a_tab_or_a_letter():
    text = "序\n時間：2004\ufffd3月底\tVS"
    at = text.index("\ufffd")
    assert number_context.tokens_before(text, at) == f"：{YEAR}"
    assert number_context.tokens_after(text, at + 1) == f"{NUMBER}月"
    assert number_context.tokens_before("12\ufffd", 2) == E + NUMBER  # the line's start
    assert number_context.tokens_after("月22\ufffd", 4) == E  # its end
    assert number_context.tokens_after("22\ufffd\tSBS", 3) == ""  # a table's next cell says nothing
    assert number_context.tokens_before("ab22\ufffd", 4) == NUMBER


def _best(left: str, right: str, following: str) -> tuple[str, float]:
    cands = mojibake._lone_candidates(following, mojibake._CODECS)[0]
    scores = number_context.load().scores(left, cands, right)
    top = max(scores)
    best = cands[scores.index(top)]
    return best, 1 / sum(math.exp(s - top) for s in scores)


def test_a_month_follows_a_year_and_a_day_a_month():
    best, share = _best(f"：{YEAR}", f"{NUMBER}月", "3")
    assert best == "年" and share > 0.95
    assert _best(f"年{NUMBER}", f"{NUMBER}日", "1")[0] == "月"
    assert _best(f"月{NUMBER}", E, "\n")[0] == "日"


def test_the_shortcut_for_characters_never_near_a_number_is_exact():
    # scores() scores the characters the model never saw near a number by their own pairs
    # plus what the context gives any of them; that must equal scoring each in full.
    model = number_context.load()
    cands = mojibake._lone_candidates("的", mojibake._CODECS)[0][:3000]
    assert any(c not in model.after.get(NUMBER, ()) for c in cands)
    for left, right in [(f"地{NUMBER}", "的“"), (f"：{YEAR}", f"{NUMBER}月"), ("他", f"{YEAR}年"), ("", "")]:
        fast = model.scores(left, cands, right)
        assert max(abs(a - model.score(left, c, right)) for a, c in zip(fast, cands, strict=True)) < 1e-9


def test_probabilities_back_off_to_the_character_model_away_from_numbers():
    model = number_context.load()
    chars = charmodel.load()
    assert model.prob("國", "中") == math.exp(chars.pair_score("中", "國"))
    assert model.prob("國", "") == math.exp(chars.char_score("國"))
    # A history with a number: Witten-Bell over the order below (a seen unit beats an unseen one).
    assert model.prob("年", YEAR) > model.prob("年", NUMBER) > model.prob("煤", NUMBER) > 0
    assert 0 < model.prob(NUMBER, "") < 0.05
    # A character never seen before a number is discounted by its own count as any other:
    # 不 (never) no likelier before a year than 什 (once in 14,000).
    assert model.prob(YEAR, "不") < 10 * model.prob(YEAR, "什") < model.prob(YEAR, "")
