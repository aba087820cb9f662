"""Input as staff really type it (issue: staff-typed input understood)."""

from fractions import Fraction

import pytest
from helpers import ad, ins, outcome, problems, result

from xlsheet import schema as S

T = ("甲镇", S.TOWN, 100)
THREE = [T, ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)]
CITY = S.LEVEL_CITY


@pytest.mark.parametrize(("first", "second"), [(103.0, "103"), ("103", 103), (103, "103"),
                                                ("0103", 103.0), ("１０３", 103.0), (" 103 ", 103)])
def test_one_item_however_its_number_was_typed(first, second):
    out = outcome(units=THREE, adoptions=[
        ad("甲镇", S.COMMISSIONED_PUB, no=first, cat="经验做法"),
        ad("甲镇", "《参阅》（普刊）", CITY, no=second, cat="经验做法"),
        ad("甲镇", "《政务情况交流》", S.LEVEL_STATE, no="9"),
    ], instructions=[ins(second, S.LEADER_COUNTY), ins(first, S.LEADER_CITY)])
    r = result(out, "甲镇")
    assert r.adoption == 30 + 100  # the 约稿上报 row is replaced by the city adoption of the same item
    assert r.qualifying == 1  # one comprehensive item, not two
    assert r.instruction == 10 + 20  # both instructions find the item
    assert [p for p in problems(out) if p.sheet != S.UNITS] == []
    shown = {ln.number for ln in out.ledger if ln.unit == "甲镇"}
    assert shown <= {"103", "0103", "１０３", "9"} and "103.0" not in shown


def test_integral_numbers_are_shown_as_integers_in_the_detail():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《每日要讯》", no=101.0), ad("甲镇", "《每日要讯》", no=7.5)])
    numbers = [row[3] for row in out.tables[S.DETAIL][1:]]
    assert numbers == ["101", "7.5"]


def test_numbers_with_letters_keep_their_zeros():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《每日要讯》", no="A01"), ad("甲镇", "《参阅》", no="A1")],
                  instructions=[ins("A01", S.LEADER_COUNTY)])
    assert len({ln.item for ln in out.ledger if ln.sheet == S.ADOPTIONS}) == 2
    assert result(out, "甲镇").instruction == 10


def test_a_number_typed_two_ways_for_two_units_is_still_reported():
    out = outcome(units=THREE, adoptions=[ad("甲镇", "《每日要讯》", no=5.0), ad("乙镇", "《每日要讯》", no="5")],
                  instructions=[ins("5", S.LEADER_COUNTY)])
    messages = {p.message for p in problems(out)}
    assert any("属于多个单位" in m for m in messages) and any("不应属于两个单位" in m for m in messages)
    assert result(out, "甲镇").total == result(out, "乙镇").total == Fraction(5)


def test_detail_notes_have_no_doubled_or_stray_title_marks():
    from xlsheet import rules as defaults

    out = outcome(units=[T], adoptions=[ad("甲镇", pub, level, no=str(i)) for i, (level, pub, *_) in
                                        enumerate(defaults.POINTS)])
    notes = {ln.note for ln in out.ledger if ln.sheet == S.ADOPTIONS and ln.entry == S.ENTRY_ADOPTION}
    assert "宁波市政府办公厅《参阅》（普刊）录用" in notes
    assert "县政府办公室《专报信息》（紧急类）录用" in notes
    for bare in (S.FORWARDED_PUB, "上网信息", "选编信息", "其他刊物"):
        assert any(bare in n and "《" + bare not in n for n in notes), bare
    for n in notes:
        assert n.count("《") == n.count("》") <= 1 and "》》" not in n and "《《" not in n, n
