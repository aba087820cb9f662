"""Checking input: forgiving what people really type, precise messages for the rest."""

import datetime as dt
from fractions import Fraction

import pytest
from helpers import ad, grids_from, ins, outcome, problems, result, rows_for

from xlsheet import schema as S
from xlsheet.check import find_table, find_tables
from xlsheet.names import Matcher, key
from xlsheet.records import StructureError
from xlsheet.values import to_date, to_percent

T = ("桥头镇", S.TOWN, 100)


@pytest.mark.parametrize("typed", ["橋頭鎮", " 桥头镇 ", "桥 头 镇", "桥头镇\u3000"])
def test_unit_names_forgive_traditional_and_spaces(typed):
    assert Matcher(["桥头镇"]).find(typed) == "桥头镇"


@pytest.mark.parametrize("typed", ["专报信息（紧急类）", "《专报信息》(紧急类)", "《專報信息》（緊急類）",
                                   "专报信息 (紧急类)"])
def test_publications_forgive_marks_and_brackets(typed):
    assert key(typed) == key("《专报信息》（紧急类）")


def test_near_miss_is_not_taken_but_suggested():
    m = Matcher(["桥头镇", "横河镇"])
    assert m.find("桥头") is None
    assert m.suggest("桥头") == "桥头镇"


@pytest.mark.parametrize("typed", ["35%", 0.35, 35, "35", "３５％", " 35 % "])
def test_percentages(typed):
    assert to_percent(typed) == Fraction(7, 20)


@pytest.mark.parametrize("typed", [dt.datetime(2026, 3, 5), dt.date(2026, 3, 5), "2026-03-05", "2026/3/5",
                                   "2026年3月5日", "2026.3.5", 46086.0])
def test_dates(typed):
    assert to_date(typed) == dt.date(2026, 3, 5)


def test_real_typing_counts():
    out = outcome(units=[T], adoptions=[
        ad("橋頭鎮", "每日要讯", no="1"),
        ad(" 桥头镇", "专报信息", no="2", date="2026年3月5日"),
        ad("桥头镇", "《參閱》", no="3", date=dt.datetime(2026, 5, 1)),
    ])
    assert result(out, "桥头镇").total == 5 + 10 + 15
    assert problems(out) == []


def test_header_below_a_title_and_columns_in_any_order_blank_rows_skipped():
    grid = [["2026年度政务信息录用登记表"], [],
            ["备注", "录用日期", "录用刊物", "录用级别", "信息员", "信息类别", "信息标题", "报送单位", "信息编号", "自用列"],
            ["", "2026-01-05", "《每日要讯》", S.LEVEL_COUNTY, "", "动态信息", "标题一", "桥头镇", "1", "x"],
            [None] * 10, ["", "", "", "", "", "", "", "", "", "只有备注列"],
            ["", "2026-02-05", "《每日要讯》", S.LEVEL_COUNTY, "", "动态信息", "标题二", "桥头镇", "2", ""]]
    table = find_table(grid, S.ADOPTIONS_TABLE)
    assert table.header_row == 3
    assert [r.row for r in table.rows] == [4, 7]
    assert table.rows[1].cells[S.A_TITLE] == "标题二"


def _messages(**kwargs):
    out = outcome(**kwargs)
    return out, {(p.sheet, p.row, p.column, p.level): p.message for p in out.inputs.problems}


def test_each_bad_input_gets_its_own_message():
    out, msgs = _messages(units=[T, ("桥头镇", S.TOWN, 100), ("横河镇", S.TOWN, "一百")], adoptions=[
        ad("桥头镇", "《每日要讯》", no="1"),                       # row 2 ok
        ad("桥头", "《每日要讯》", no="2"),                          # 3 unknown unit, suggestion
        ad("桥头镇", "《人民日报》", no="3"),                         # 4 unknown publication
        ad("桥头镇", "《每日要讯》", level="市政府", no="4"),         # 5 unknown level
        ad("桥头镇", "《每日要讯》", no="5", cat="好信息"),            # 6 unknown category
        ad("桥头镇", "《每日要讯》", no="6", date="三月五日"),         # 7 bad date
        ad("桥头镇", "《每日要讯》", no="7", date="2025-12-31"),       # 8 outside the year
        ad("桥头镇", "《每日要讯》", no="1"),                          # 9 repeat of row 2
    ], instructions=[ins("99", S.LEADER_COUNTY)],                    # 2 no such item
       extras=[("桥头镇", S.EXTRA_SECONDMENT, "", None, "是", ""),    # 2 days missing
               ("桥头镇", S.EXTRA_MEETING, "", None, "也许", "")])     # 3 bad yes/no
    assert "与第 2 行重复" in msgs[(S.UNITS, 3, S.U_NAME, S.ERROR)]
    assert "应为数字" in msgs[(S.UNITS, 4, S.U_BASE, S.ERROR)]
    assert "是否为「桥头镇」" in msgs[(S.ADOPTIONS, 3, S.A_UNIT, S.ERROR)]
    assert "没有刊物「《人民日报》」" in msgs[(S.ADOPTIONS, 4, S.A_PUB, S.ERROR)]
    assert "录用级别「市政府」" in msgs[(S.ADOPTIONS, 5, S.A_LEVEL, S.ERROR)]
    assert "只能是" in msgs[(S.ADOPTIONS, 6, S.A_CATEGORY, S.ERROR)]
    assert "不是可识别的日期" in msgs[(S.ADOPTIONS, 7, S.A_DATE, S.ERROR)]
    assert "不在考核年度 2026" in msgs[(S.ADOPTIONS, 8, S.A_DATE, S.WARNING)]
    assert "第 2 行" in msgs[(S.ADOPTIONS, 9, S.A_PUB, S.ERROR)]
    assert "找不到对应" in msgs[(S.INSTRUCTIONS, 2, S.I_NO, S.ERROR)]
    assert "蹲岗天数" in msgs[(S.EXTRAS, 2, S.E_DAYS, S.ERROR)]
    assert "是、否" in msgs[(S.EXTRAS, 3, S.E_APPROVED, S.ERROR)]
    assert result(out, "桥头镇").total == 5
    # every rejected row has a zero line in the detail, traced to its row
    zero_rows = {(ln.sheet, ln.row) for ln in out.ledger if ln.entry == S.ENTRY_NONE}
    for row in (3, 4, 5, 6, 7, 8, 9):
        assert (S.ADOPTIONS, row) in zero_rows
    assert {(S.INSTRUCTIONS, 2), (S.EXTRAS, 2), (S.EXTRAS, 3)} <= zero_rows


def test_placeholder_town_warns():
    out = outcome()
    warned = [p for p in problems(out, S.WARNING) if p.content == S.PLACEHOLDER_TOWN]
    assert len(warned) == 1 and warned[0].row == 2


def test_missing_sheet_and_header_are_structure_errors():
    grids = grids_from(rows_for())
    del grids[S.NOTICES]
    with pytest.raises(StructureError, match="通报记录"):
        find_tables(grids)
    grids = grids_from(rows_for())
    grids[S.UNITS][0] = ["名称", "类别"]
    with pytest.raises(StructureError, match="单位"):
        find_tables(grids)


def test_instruction_by_unit_and_title_without_number():
    out = outcome(units=[T], adoptions=[ad("桥头镇", "《每日要讯》", title="防汛工作")],
                  instructions=[ins("", S.LEADER_CITY, unit="橋頭鎮", title="防汛 工作")])
    assert result(out, "桥头镇").instruction == 20


def test_bad_parameter_falls_back_with_an_error():
    out, msgs = _messages(units=[T], **{S.K_TOWN_RATIO: "很多"})
    assert out.inputs.rules.town_ratio == Fraction(35, 100)
    assert any("百分比" in m for (sheet, _, _, lvl), m in msgs.items() if sheet == S.PARAMS and lvl == S.ERROR)


@pytest.mark.parametrize("typed", ["35%", 0.35, 35])
def test_parameter_percent_forms(typed):
    out = outcome(units=[T], **{S.K_TOWN_RATIO: typed})
    assert out.inputs.rules.town_ratio == Fraction(7, 20)


def test_conflicting_repeat_rows_resolve_the_same_whatever_their_order():
    rows = [ad("桥头镇", "《信息参考》", S.LEVEL_STATE, no="7", cat="经验做法"),
            ad("桥头镇", "《信息参考》", S.LEVEL_STATE, no="7", cat="动态信息")]
    a = outcome(units=[T], adoptions=rows)
    b = outcome(units=[T], adoptions=rows[::-1])
    assert result(a, "桥头镇").qualifying == result(b, "桥头镇").qualifying
    assert result(a, "桥头镇").total == result(b, "桥头镇").total == 60
    assert len([p for p in problems(a, S.ERROR) if "重复登记" in p.message]) == 1


def test_number_shared_by_two_units_makes_a_unitless_instruction_ambiguous():
    units = [T, ("横河镇", S.TOWN, 100)]
    out, msgs = _messages(units=units, adoptions=[ad("桥头镇", "《每日要讯》", no="5"),
                                                  ad("横河镇", "《每日要讯》", no="5")],
                          instructions=[ins("5", S.LEADER_COUNTY), ins("5", S.LEADER_COUNTY, unit="横河镇")])
    assert "属于多个单位" in msgs[(S.INSTRUCTIONS, 2, S.I_UNIT, S.ERROR)]
    assert "同一编号不应属于两个单位" in msgs[(S.ADOPTIONS, 3, S.A_NO, S.WARNING)]
    assert result(out, "横河镇").instruction == 10 and result(out, "桥头镇").instruction == 0
