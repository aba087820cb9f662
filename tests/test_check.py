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
        ad("桥投镇", "《每日要讯》", no="2"),                        # 3 unknown unit, suggestion
        ad("桥头镇", "《人民日报》", no="3"),                         # 4 unknown publication
        ad("桥头镇", "《每日要讯》", level="市政府", no="4"),         # 5 unknown level
        ad("桥头镇", "《每日要讯》", no="5", cat="好信息"),            # 6 unknown category: scores, warned
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
    assert "「录用级别」「市政府」无法识别" in msgs[(S.ADOPTIONS, 5, S.A_LEVEL, S.ERROR)]
    assert "是否为「宁波市政府办公厅」" in msgs[(S.ADOPTIONS, 5, S.A_LEVEL, S.ERROR)]
    assert "「好信息」无法识别（可写：经验做法" in msgs[(S.ADOPTIONS, 6, S.A_CATEGORY, S.WARNING)]
    assert "不是可识别的日期" in msgs[(S.ADOPTIONS, 7, S.A_DATE, S.ERROR)]
    assert "不在考核年度 2026" in msgs[(S.ADOPTIONS, 8, S.A_DATE, S.WARNING)]
    assert "第 2 行" in msgs[(S.ADOPTIONS, 9, S.A_PUB, S.ERROR)]
    assert "找不到对应" in msgs[(S.INSTRUCTIONS, 2, S.I_NO, S.ERROR)]
    assert "蹲岗天数" in msgs[(S.EXTRAS, 2, S.E_DAYS, S.ERROR)]
    assert "「也许」无法识别，按未核定处理" in msgs[(S.EXTRAS, 3, S.E_APPROVED, S.WARNING)]
    assert result(out, "桥头镇").total == 10 and result(out, "桥头镇").qualifying == 0
    # every rejected row has a zero line in the detail, traced to its row
    zero_rows = {(ln.sheet, ln.row) for ln in out.ledger if ln.entry == S.ENTRY_NONE}
    assert (S.ADOPTIONS, 6) not in zero_rows
    for row in (3, 4, 5, 7, 8, 9):
        assert (S.ADOPTIONS, row) in zero_rows
    assert {(S.INSTRUCTIONS, 2), (S.EXTRAS, 2), (S.EXTRAS, 3)} <= zero_rows
    not_approved = [ln for ln in out.ledger if (ln.sheet, ln.row) == (S.EXTRAS, 3)]
    assert [ln.note for ln in not_approved] == [S.NOTE["not_approved"].format(value="也许")]


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


# --- error paths: each bad input is located and costs exactly its own row ------------------


def _at(out, sheet, row, level=None):
    return [p for p in out.inputs.problems if p.sheet == sheet and p.row == row
            and (level is None or p.level == level)]


def test_rows_dated_outside_the_year_warn_and_do_not_count():
    out = outcome(units=[T], adoptions=[ad("桥头镇", "《每日要讯》", no="1")],
                  instructions=[ins("1", S.LEADER_COUNTY, date="2025-12-31")],
                  extras=[("桥头镇", S.EXTRA_TRAINING, "2027-01-02", None, "是", "")],
                  notices=[("桥头镇", S.NOTICE_COUNTY, "2025-06-01", "", "")])
    r = result(out, "桥头镇")
    assert (r.instruction, r.extra, r.deduction, r.notices) == (0, 0, 0, 0)
    for sheet in (S.INSTRUCTIONS, S.EXTRAS, S.NOTICES):
        found = _at(out, sheet, 2)
        assert [p.level for p in found] == [S.WARNING] and "不在考核年度 2026" in found[0].message, sheet
        assert any(ln.sheet == sheet and ln.row == 2 and ln.points == 0 for ln in out.ledger)


def _param_rows(**changes):
    rows = [r for r in rows_for(units=[T])[S.PARAMS] if r[0] not in changes or changes[r[0]] is not None]
    rows = [(k, changes.get(k, v), n) for k, v, n in rows]
    return rows + [(k, v, "") for k, v in changes.items() if v is not None and k not in {r[0] for r in rows}]


def _with_params(rows, **kwargs):
    tables = rows_for(units=[T], **kwargs)
    tables[S.PARAMS] = rows
    from xlsheet.render import run
    return run(find_tables(grids_from(tables)), 2026)


def test_a_blank_parameter_warns_and_takes_the_default():
    out = _with_params(_param_rows(**{S.K_DEPT_RATIO: ""}))
    assert out.inputs.rules.dept_ratio == Fraction(3, 10)
    warned = [p for p in out.inputs.problems if p.sheet == S.PARAMS]
    assert [(p.level, p.row, p.column) for p in warned] == [(S.WARNING, 4, S.P_VALUE)]
    assert warned[0].message == "参数「部门先进比例」未填写，按默认值 30% 计算"


def test_a_parameter_row_the_book_lacks_takes_the_default_without_a_warning():
    """A book made before a parameter existed cannot be expected to have its row: the
    default is used, and nothing is listed on every run (`template --from` adds the row)."""
    out = _with_params(_param_rows(**{S.K_DEPT_RATIO: None, S.K_INFORMANT_COUNT: None}))
    assert (out.inputs.rules.dept_ratio, out.inputs.rules.informant_count) == (Fraction(3, 10), 10)
    assert [p for p in out.inputs.problems if p.sheet == S.PARAMS] == []


@pytest.mark.parametrize(("key", "typed", "fallback"), [
    (S.K_NOTICE_RATIO, -0.3, Fraction(3, 10)),
    (S.K_SECONDMENT_DAYS, -21, 21),
    (S.K_NOTICE_LIMIT, "两次", 2),
    (S.K_INFORMANT_COUNT, 2.5, 10),
    (S.K_TRAINING_POINTS, True, 5),
    (S.K_MEETING_POINTS, float("nan"), 10),
    (S.K_DEEMED_POINTS, float("inf"), 0),
    (S.K_BONUS_MODE, "都算", S.BONUS_CUMULATIVE),
    (S.K_COAUTHOR, "看情况", S.COAUTHOR_FULL),
    (S.K_COMPREHENSIVE, "经验做法、好信息", ("经验做法", "情况反映", "综合分析")),
    (S.K_INFORMANT_ORDER, "质量、颜值", S.INFORMANT_CRITERIA),
])
def test_a_bad_parameter_is_an_error_and_the_default_is_used(key, typed, fallback):
    out = _with_params(_param_rows(**{key: typed}))
    errors = [p for p in out.inputs.problems if p.sheet == S.PARAMS and p.level == S.ERROR]
    assert len(errors) == 1 and errors[0].column == S.P_VALUE and errors[0].row > 1
    assert key in errors[0].message or "应为" in errors[0].message or "不能为负数" in errors[0].message
    attribute = {S.K_NOTICE_RATIO: "notice_ratio", S.K_SECONDMENT_DAYS: "secondment_days",
                 S.K_NOTICE_LIMIT: "notice_limit", S.K_INFORMANT_COUNT: "informant_count",
                 S.K_TRAINING_POINTS: "training_points", S.K_MEETING_POINTS: "meeting_points",
                 S.K_DEEMED_POINTS: "deemed_points", S.K_BONUS_MODE: "bonus_mode", S.K_COAUTHOR: "coauthor",
                 S.K_COMPREHENSIVE: "comprehensive", S.K_INFORMANT_ORDER: "informant_order"}[key]
    assert getattr(out.inputs.rules, attribute) == fallback


def test_an_unknown_parameter_warns():
    out = _with_params(_param_rows() + [("奖励系数", 2, "")])
    assert [(p.level, p.content) for p in out.inputs.problems] == [(S.WARNING, "奖励系数")]


def test_duplicate_rule_rows_are_errors_and_the_first_counts():
    tables = rows_for(units=[T], adoptions=[ad("桥头镇", "《每日要讯》", no="1")],
                      instructions=[ins("1", S.LEADER_COUNTY)])
    tables[S.POINTS].append((S.LEVEL_COUNTY, "每日要讯", 50, "是", ""))
    tables[S.BONUS].append((S.LEADER_COUNTY, 99))
    from xlsheet.render import run
    out = run(find_tables(grids_from(tables)), 2026)
    points_row, bonus_row = len(tables[S.POINTS]) + 1, len(tables[S.BONUS]) + 1
    assert [p.level for p in _at(out, S.POINTS, points_row)] == [S.ERROR]
    assert [p.level for p in _at(out, S.BONUS, bonus_row)] == [S.ERROR]
    assert (result(out, "桥头镇").adoption, result(out, "桥头镇").instruction) == (5, 10)


def test_an_empty_points_table_cannot_run():
    tables = rows_for(units=[T])
    tables[S.POINTS] = []
    with pytest.raises(StructureError, match="计分标准"):
        from xlsheet.render import run
        run(find_tables(grids_from(tables)), 2026)


@pytest.mark.parametrize("base", [0, -100, "0", True, float("nan"), float("inf"), None, "一百二十", "#REF!"])
def test_a_town_whose_base_has_an_error_is_an_error_there_and_still_a_unit(base):
    out = outcome(units=[T, ("横河镇", S.TOWN, base)], adoptions=[ad("横河镇", "《每日要讯》", no="1"),
                                                                ad("横河", "《参阅》", no="2")])
    assert [(u.name, u.base) for u in out.inputs.units] == [("桥头镇", 100), ("横河镇", None)]
    found = _at(out, S.UNITS, 3)
    assert [(p.level, p.column) for p in found] == [(S.ERROR, S.U_BASE)]
    assert _at(out, S.ADOPTIONS, 2, S.ERROR) == [] and _at(out, S.ADOPTIONS, 3, S.ERROR) == []
    town = result(out, "横河镇")
    assert (town.total, town.rate, town.status, town.eligible, town.points) == (20, None, "", S.REASON_BAD_BASE, None)
    assert town.notes == (S.NOTE["bad_base"],)


@pytest.mark.parametrize(("typed", "base"), [("120分", 120), ("120 分", 120), ("１２０分", 120), (" 90.5分", Fraction(181, 2))])
def test_a_base_typed_with_its_unit_is_that_number(typed, base):
    out = outcome(units=[T, ("横河镇", S.TOWN, typed)], adoptions=[ad("横河镇", "《每日要讯》", no="1")])
    assert out.inputs.units[1].base == base and problems(out) == []
    assert result(out, "横河镇").rate == Fraction(5) / base


def test_an_other_unit_with_a_base_warns_and_has_none():
    out = outcome(units=[T, ("气象局", S.OTHER, 50)])
    assert out.inputs.units[1].base is None
    assert [(p.level, p.column) for p in _at(out, S.UNITS, 3)] == [(S.WARNING, S.U_BASE)]


def test_bundle_warnings():
    out = outcome(units=[T, ("甲局", S.DEPARTMENT, 60, "组一"), ("乙局", S.DEPARTMENT, 60, "组一"),
                         ("丙局", S.DEPARTMENT, 60, "组二")])
    assert [(p.row, p.message) for p in out.inputs.problems] == [
        (3, S.M["bundle_no_town"].format(value="组一")), (5, S.M["bundle_single"].format(value="组二"))]
    assert result(out, "甲局").notes == ()  # no shared result without a town


@pytest.mark.parametrize("typed", [True, False, float("nan"), float("inf"), -1e9, 0, 3e6, "2026-02-30"])
def test_impossible_dates_are_errors(typed):
    out = outcome(units=[T], adoptions=[ad("桥头镇", "《每日要讯》", no="1", date=typed)],
                  extras=[("桥头镇", S.EXTRA_MEETING, typed, None, "是", "")],
                  notices=[("桥头镇", S.NOTICE_COUNTY, typed, "", "")])
    for sheet, column in ((S.ADOPTIONS, S.A_DATE), (S.EXTRAS, S.E_DATE), (S.NOTICES, S.N_DATE)):
        assert [(p.level, p.column) for p in _at(out, sheet, 2)] == [(S.ERROR, column)], sheet
    assert result(out, "桥头镇").total == 0


@pytest.mark.parametrize("typed", [True, float("nan"), float("-inf"), -5, 20.5])
def test_impossible_day_counts_are_errors(typed):
    out = outcome(units=[T], extras=[("桥头镇", S.EXTRA_SECONDMENT, "2026-05-01", typed, "是", "")])
    assert [(p.level, p.column) for p in _at(out, S.EXTRAS, 2)] == [(S.ERROR, S.E_DAYS)]
    assert result(out, "桥头镇").extra == 0


@pytest.mark.parametrize("typed", [True, float("nan"), float("inf"), -5])
def test_impossible_points_in_the_points_table_are_errors(typed):
    tables = rows_for(units=[T], adoptions=[ad("桥头镇", "《每日要讯》", no="1")])
    at = [r[1] for r in tables[S.POINTS]].index("《每日要讯》")
    tables[S.POINTS][at] = (S.LEVEL_COUNTY, "《每日要讯》", typed, "否", "")
    from xlsheet.render import run
    out = run(find_tables(grids_from(tables)), 2026)
    assert [(p.level, p.column) for p in _at(out, S.POINTS, at + 2)] == [(S.ERROR, S.S_POINTS)]
    assert [p.column for p in _at(out, S.ADOPTIONS, 2, S.ERROR)] == [S.A_PUB]


# --- the rule sheets and the unit list, row by row ---------------------------------------


def test_unit_rows_as_staff_type_them():
    out = outcome(units=[("甲", "街道", 100), ("", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("甲", S.TOWN, 80),
                         ("气象局", S.OTHER, None), ("丙镇", "镇街道", 100), ("丁镇", S.TOWN, 100)])
    assert [(u.name, u.category, u.base) for u in out.inputs.units] == [
        ("甲", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("气象局", S.OTHER, None), ("丁镇", S.TOWN, 100)]
    found = {(p.sheet, p.row, p.column): p.message for p in out.inputs.problems}
    assert found[(S.UNITS, 3, S.U_NAME)] == S.M["blank"].format(column=S.U_NAME)
    assert found[(S.UNITS, 5, S.U_NAME)] == S.M["duplicate_unit"].format(value="甲", row=2)
    assert "「镇街道」无法识别" in found[(S.UNITS, 7, S.U_CATEGORY)]
    assert len(found) == 3  # an 其他 unit needs no base: no problem for it


@pytest.mark.parametrize(("points", "counted"), [(0, 0), (12, 12), (2.5, Fraction(5, 2))])
def test_instruction_bonuses_come_from_the_bonus_sheet(points, counted):
    tables = rows_for(units=[T], adoptions=[ad("桥头镇", "《每日要讯》", no="1")],
                      instructions=[ins("1", "县级领导")])  # an alias of 县领导
    tables[S.BONUS] = [(S.LEADER_COUNTY, points)] + [row for row in tables[S.BONUS] if row[0] != S.LEADER_COUNTY]
    from xlsheet.render import run
    out = run(find_tables(grids_from(tables)), 2026)
    assert problems(out) == [] and result(out, "桥头镇").instruction == counted


def test_bad_bonus_rows_are_located_and_do_not_count():
    tables = rows_for(units=[T], adoptions=[ad("桥头镇", "《每日要讯》", no="1")],
                      instructions=[ins("1", S.LEADER_CITY)])
    tables[S.BONUS] = [(S.LEADER_COUNTY, -10), ("", 5), (S.LEADER_CITY, 20), ("宁波市领导", 30)]
    from xlsheet.render import run
    out = run(find_tables(grids_from(tables)), 2026)
    found = {(p.row, p.column): p.message for p in problems(out) if p.sheet == S.BONUS}
    assert found == {(2, S.B_POINTS): S.M["negative"].format(column=S.B_POINTS),
                     (3, S.B_LEVEL): S.M["blank"].format(column=S.B_LEVEL),
                     (5, S.B_LEVEL): S.M["duplicate_bonus"].format(value="宁波市领导", row=4)}
    assert result(out, "桥头镇").instruction == 20


def test_problems_are_listed_in_the_workbooks_sheet_order():
    out = outcome(units=[T, ("横河镇", S.TOWN, "一百")], adoptions=[ad("无此镇", "《每日要讯》", no="1")],
                  notices=[("无此镇", S.NOTICE_COUNTY, "", "", "")], **{S.K_TOWN_RATIO: "很多"})
    assert [p.sheet for p in out.inputs.problems] == [S.PARAMS, S.UNITS, S.ADOPTIONS, S.NOTICES]


def test_an_excel_error_in_an_instructions_number_is_named():
    out = outcome(units=[T], adoptions=[ad("桥头镇", "《每日要讯》", no="1")], instructions=[ins("#N/A", S.LEADER_COUNTY)])
    [error] = problems(out, S.ERROR)
    assert (error.sheet, error.column, error.message) == (
        S.INSTRUCTIONS, S.I_NO, S.M["excel_error"].format(column=S.A_NO, value="#N/A"))


def test_an_unknown_unit_in_extras_is_named_with_a_suggestion():
    out = outcome(units=[T], extras=[("桥投镇", S.EXTRA_MEETING, "2026-05-01", None, "是", "")])
    [error] = problems(out, S.ERROR)
    assert (error.sheet, error.row, error.column) == (S.EXTRAS, 2, S.E_UNIT)
    assert error.message == S.M["unknown_unit"].format(value="桥投镇") + S.M["suggest"].format(name="桥头镇")
