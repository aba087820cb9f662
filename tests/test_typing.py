"""Input as staff really type it (issue: staff-typed input understood)."""

from fractions import Fraction

import pytest
from helpers import ad, grids_from, ins, outcome, problems, result, rows_for

from xlsheet import schema as S
from xlsheet.check import find_tables
from xlsheet.render import run

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


# --- the scheme's own spellings, and aliases as data -------------------------------------


@pytest.mark.parametrize(("typed", "level"), [("宁波政府办公厅", CITY), ("市政府办公厅", CITY), ("市政府办", CITY),
                                              ("县政府办", S.LEVEL_COUNTY), ("县府办", S.LEVEL_COUNTY),
                                              ("省政府办", S.LEVEL_PROVINCE), ("国办", S.LEVEL_STATE)])
def test_the_schemes_own_level_spellings(typed, level):
    pub = {CITY: "《参阅》（普刊）", S.LEVEL_COUNTY: "《参阅》", S.LEVEL_PROVINCE: "《专报信息》",
           S.LEVEL_STATE: "《专报信息》"}[level]
    out = outcome(units=[T], adoptions=[ad("甲镇", pub, typed, no="1")])
    assert problems(out) == [] and out.inputs.adoptions[0].level == level


def test_category_and_days_as_staff_write_them():
    out = outcome(units=THREE, adoptions=[ad("甲镇", "《参阅》（普刊）", CITY, no="1", cat="经验做法类")]
                  + [ad("甲镇", "《政务情况交流》", S.LEVEL_STATE, no="2", cat="动态")],
                  extras=[("甲镇", S.EXTRA_SECONDMENT, "2026-05-01", "21天", "是", ""),
                          ("乙镇", "蹲岗", "2026-05-01", "3周", "√", "")])
    assert problems(out) == []
    assert result(out, "甲镇").qualifying == 1 and result(out, "甲镇").result == S.RESULT_ADVANCED
    assert result(out, "甲镇").extra == 10 and result(out, "乙镇").extra == 10


def test_aliases_are_data_staff_can_extend_or_remove():
    from xlsheet import rules as defaults

    kept = [row for row in defaults.ALIASES if row[1] != "宁波政府办公厅"]
    added = [(S.U_NAME, "甲", "甲镇", ""), (S.A_PUB, "普刊", "《参阅》（普刊）", ""),
             (S.A_CATEGORY, "经验", "经验做法", "")]
    out = outcome(units=THREE, aliases=kept + added, adoptions=[
        ad("甲", "普刊", CITY, no="1", cat="经验"),                     # the three new aliases
        ad("甲镇", "《参阅》（普刊）", "宁波政府办公厅", no="2")])      # the removed one: an error
    assert result(out, "甲镇").adoption == 30 and result(out, "甲镇").qualifying == 1
    [error] = problems(out, S.ERROR)
    assert (error.row, error.column) == (3, S.A_LEVEL)
    assert "「宁波政府办公厅」无法识别" in error.message and "是否为「宁波市政府办公厅」" in error.message


def test_a_bad_alias_row_is_located():
    out = outcome(units=[T], aliases=[(S.A_LEVEL, "市办", CITY, ""), ("单位", "甲", "甲镇", ""),
                                      (S.U_NAME, "乙", "乙镇", ""), (S.A_LEVEL, "市 办", CITY, ""),
                                      (S.A_LEVEL, "省办", "省政府", "")])
    found = {(p.row, p.column): p.message for p in problems(out) if p.sheet == S.ALIASES}
    assert len(found) == 4
    assert "不是「录用级别」的可选值" in found[(6, S.AL_VALUE)]
    assert "「单位」无法识别" in found[(3, S.AL_COLUMN)]
    assert "不是「单位名称」的可选值" in found[(4, S.AL_VALUE)]
    assert "已在第 2 行设过" in found[(5, S.AL_TYPED)]


def test_a_book_without_the_alias_sheet_reads_the_built_in_aliases():
    rows = rows_for(units=[T], adoptions=[ad("甲镇", "《参阅》（普刊）", "宁波政府办公厅", no="1")])
    assert S.ALIASES not in rows
    out = run(find_tables(grids_from(rows)), 2026)
    assert problems(out) == [] and result(out, "甲镇").adoption == 30


BAD_CODES = [  # (where, the column, what was typed, the suggestion)
    ("unit", S.U_CATEGORY, "镇街道", S.TOWN),
    ("adoption", S.A_LEVEL, "宁波市政府办公室", CITY),
    ("adoption", S.A_PUB, "《参悦》(普刊)", "《参阅》（普刊）"),
    ("instruction", S.I_LEVEL, "宁波市领导人", S.LEADER_CITY),
    ("extra", S.E_KIND, "信息培训", S.EXTRA_TRAINING),
    ("notice", S.N_KIND, "紧急信息迟报", S.NOTICE_COUNTY),
    ("points", S.S_QUALIFIES, "是是", S.YES),
    ("param", S.P_VALUE, "累积", S.BONUS_CUMULATIVE),
]


@pytest.mark.parametrize(("where", "column", "typed", "hint"), BAD_CODES)
def test_every_coded_column_quotes_the_value_and_suggests(where, column, typed, hint):
    kwargs: dict = {"units": [T], "adoptions": [ad("甲镇", "《参阅》（普刊）", CITY, no="1")]}
    if where == "unit":
        kwargs["units"] = [T, ("乙镇", typed, 100)]
    elif where == "adoption":
        row = list(ad("甲镇", "《参阅》（普刊）", CITY, no="2"))
        row[S.ADOPTIONS_TABLE.columns.index(column)] = typed
        kwargs["adoptions"] = kwargs["adoptions"] + [tuple(row)]
    elif where == "instruction":
        kwargs["instructions"] = [ins("1", typed)]
    elif where == "extra":
        kwargs["extras"] = [("甲镇", typed, "2026-05-01", None, "是", "")]
    elif where == "notice":
        kwargs["notices"] = [("甲镇", typed, "2026-05-01", "", "")]
    elif where == "param":
        kwargs[S.K_BONUS_MODE] = typed
    if where == "points":
        from xlsheet import rules as defaults
        tables = rows_for(**kwargs)
        tables[S.POINTS] = [tuple(r[:3]) + (typed,) + tuple(r[4:]) if r[1] == "《每日要讯》" else r
                            for r in defaults.POINTS]
        out = run(find_tables(grids_from(tables)), 2026)
    else:
        out = outcome(**kwargs)
    [error] = problems(out, S.ERROR)
    assert error.column == column and error.content == typed
    assert f"「{typed}」无法识别" in error.message or f"「{typed}」" in error.message, error.message
    assert f"是否为「{hint}」" in error.message, error.message


# --- note rows ----------------------------------------------------------------------------


def test_a_remark_row_is_one_warning_and_a_half_filled_row_is_still_an_error():
    remark = ("以上为1-9月录用情况",) + ("",) * 9
    only_note = ("",) * 9 + ("备注：10月起改由王伟报送",)
    half = ad("甲镇", "", "", no="5", title="只填了一半", cat="动态信息", date="")
    out = outcome(units=[T], adoptions=[ad("甲镇", "《参阅》", no="1"), remark, only_note, half],
                  extras=[("甲镇", "", "", None, "", "以下为下半年")],
                  notices=[("", "", "", "", "全年无通报")])
    found = {(p.sheet, p.row, p.level, p.column) for p in problems(out)}
    assert found == {(S.ADOPTIONS, 3, S.WARNING, S.A_NO), (S.ADOPTIONS, 4, S.WARNING, S.A_NOTE),
                     (S.ADOPTIONS, 5, S.ERROR, S.A_LEVEL), (S.ADOPTIONS, 5, S.ERROR, S.A_PUB),
                     (S.ADOPTIONS, 5, S.ERROR, S.A_DATE),
                     (S.EXTRAS, 2, S.WARNING, S.E_UNIT), (S.NOTICES, 2, S.WARNING, S.N_NOTE)}
    note = [p for p in problems(out) if p.row == 3][0]
    assert note.content == "以上为1-9月录用情况" and "视为说明行，未计入" in note.message
    assert result(out, "甲镇").total == 15


# --- 核定 -----------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["是", "√", "✓", "✔", "Y", "y", "yes", 1, 1.0, "1", "已核定", "同意", "通过"])
def test_approved_values(typed):
    out = outcome(units=[T], extras=[("甲镇", S.EXTRA_MEETING, "2026-05-01", None, typed, "")])
    assert problems(out) == [] and result(out, "甲镇").extra == 10


@pytest.mark.parametrize("typed", ["否", "×", "✗", "N", "no", 0, "0", "未核定", "不同意", "待核定", None, ""])
def test_not_approved_values(typed):
    out = outcome(units=[T], extras=[("甲镇", S.EXTRA_MEETING, "2026-05-01", None, typed, "")])
    assert problems(out) == [] and result(out, "甲镇").extra == 0
    [line] = [ln for ln in out.ledger if ln.sheet == S.EXTRAS]
    assert line.note.startswith("未核定")


@pytest.mark.parametrize("typed", ["待定", "?", "核定中", 2])
def test_anything_else_is_a_warning_naming_the_value_and_does_not_count(typed):
    out = outcome(units=[T], extras=[("甲镇", S.EXTRA_MEETING, "2026-05-01", None, typed, "")])
    [warning] = problems(out)
    assert warning.level == S.WARNING and warning.column == S.E_APPROVED
    assert f"「{typed}」无法识别，按未核定处理" in warning.message
    assert result(out, "甲镇").extra == 0


# --- messages that lead to the row ----------------------------------------------------------


def test_an_instruction_on_an_item_that_did_not_score_names_its_row_and_why():
    out = outcome(units=THREE, adoptions=[ad("甲镇", "《人民日报》", no="1"),
                                          ad("甲镇", "《参阅》", no="2", date="2025-12-20"),
                                          ad("无此镇", "《参阅》", no="3")],
                  instructions=[ins("1", S.LEADER_COUNTY, unit="甲镇"), ins("2", S.LEADER_COUNTY),
                                ins("3", S.LEADER_COUNTY), ins("4", S.LEADER_COUNTY)])
    found = {p.row: p.message for p in problems(out, S.ERROR) if p.sheet == S.INSTRUCTIONS}
    assert found[2] == S.M["item_not_scored"].format(row=2, reason=S.M["reason_error"])
    assert found[3] == S.M["item_not_scored"].format(row=3, reason=S.M["reason_out_of_year"])
    assert found[5] == S.M["no_item"]
    assert 4 in found  # an unknown unit: the item cannot be told apart, so no row is named


def test_the_date_message_lists_every_accepted_form():
    from xlsheet.values import to_date

    out = outcome(units=[T], adoptions=[ad("甲镇", "《参阅》", no="1", date="三月五日")])
    [error] = problems(out, S.ERROR)
    forms = ["2026-03-05", "2026/3/5", "2026.3.5", "2026年3月5日", "20260305"]
    for form in forms:
        assert form in error.message
        assert to_date(form).isoformat() == "2026-03-05"


def test_a_unit_named_with_digits_typed_as_a_number_is_that_unit_in_every_sheet():
    """123 typed into a cell (which a reader gives as 123.0) is the unit 「123」 wherever a unit is named."""
    out = outcome(units=[("123", S.DEPARTMENT, 10)], adoptions=[ad(123.0, "《每日要讯》", no="1")],
                  instructions=[ins("1", S.LEADER_COUNTY, unit=123.0)], notices=[(123.0, S.NOTICE_COUNTY, "", "", "")])
    assert [p.message for p in out.inputs.problems if "123.0" in p.message] == []
    assert [a.unit for a in out.inputs.adoptions] == ["123"] and [n.unit for n in out.inputs.notices] == ["123"]
