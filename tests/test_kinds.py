"""Kinds as data (issue 20): 加分事项 scored from 加分标准, 通报记录 from 通报标准, 约稿 by its
mark; every combination the columns allow, bad rows located, wording from the kinds."""

from fractions import Fraction

import pytest
from helpers import YEAR, ad, grids_from, outcome, problems, result, rows_for
from python_calamine import CalamineWorkbook

from xlsheet import api
from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.check import find_tables
from xlsheet.render import run
from xlsheet.template import write_book

CITY, STATE, COUNTY = S.LEVEL_CITY, S.LEVEL_STATE, S.LEVEL_COUNTY
RENAMED = "约稿信息（报市）"  # the 约稿上报 row of 计分标准 under another name, still marked 上级录用时不计
DRAFTS = "完成重要约稿"  # a new kind of extra points: +5 each time, approved
FALSE_REPORT = "信息失实"  # a new kind of notice: 10 points flat, counting toward the two-notice rule
NEW_EXTRAS = list(defaults.EXTRA_KINDS) + [(DRAFTS, S.FIXED, 5, S.EACH_TIME, S.YES, None, "")]
NEW_NOTICES = list(defaults.NOTICE_KINDS) + [(FALSE_REPORT, S.FIXED, 10, S.YES, S.NO, S.NO, "")]


def _points_renamed() -> list[tuple]:
    return [(r[0], RENAMED, *r[2:]) if r[1] == S.COMMISSIONED_PUB else r for r in defaults.POINTS]


def _run(tables: dict) -> object:
    return run(find_tables(grids_from(tables)), YEAR)


UNITS = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100),
         ("甲局", S.DEPARTMENT, 100), ("乙局", S.DEPARTMENT, 100), ("丙局", S.DEPARTMENT, 100),
         ("丁局", S.DEPARTMENT, 100)]
ADOPTIONS = [
    ad("甲镇", RENAMED, no="A", cat="经验做法"), ad("甲镇", "《参阅》（普刊）", CITY, no="A", cat="经验做法"),
    ad("甲镇", "《政务情况交流》", STATE, no="B", cat="经验做法"),
    ad("乙镇", "《政务情况交流》", STATE, no="C", cat="经验做法"), ad("乙镇", "《参阅》（普刊）", CITY, no="C", cat="经验做法"),
    ad("丙镇", "《政务情况交流》", STATE, no="D1", cat="经验做法"), ad("丙镇", "《政务情况交流》", STATE, no="D2"),
    ad("甲局", RENAMED, no="E", cat="经验做法"), ad("甲局", "《每日要情》", CITY, no="E", cat="经验做法"),
    ad("甲局", "《政务情况交流》", STATE, no="F", cat="情况反映"),
    ad("乙局", RENAMED, no="G"), ad("乙局", "《政务情况交流》", STATE, no="H", cat="情况反映"),
]
EXTRAS = [("甲镇", DRAFTS, f"{YEAR}-03-01", None, "是", ""), ("甲镇", DRAFTS, f"{YEAR}-04-01", None, "是", ""),
          ("甲镇", DRAFTS, f"{YEAR}-05-01", None, "否", ""), ("乙局", DRAFTS, f"{YEAR}-06-01", None, "是", "")]
NOTICES = [("乙镇", FALSE_REPORT, f"{YEAR}-03-01", "", ""), ("乙镇", S.NOTICE_COUNTY, f"{YEAR}-04-01", "", ""),
           ("丙镇", FALSE_REPORT, f"{YEAR}-03-01", "", ""), ("丙镇", FALSE_REPORT, f"{YEAR}-09-01", "", ""),
           ("甲局", FALSE_REPORT, f"{YEAR}-05-01", "", "")]
# unit: (total, 录用得分, 其他加分, 扣分, 通报次数, 评先资格, 评先结果, 考核得分)
EXPECTED = {
    "甲镇": (140, 130, 10, 0, 0, S.ELIGIBLE, S.RESULT_ADVANCED, 1),  # the renamed 约稿 row replaced by the city adoption
    "乙镇": (90, 130, 0, 40, 2, S.REASON_NOT_DONE, "", Fraction(9, 10)),
    "丙镇": (180, 200, 0, 20, 2, S.REASON_NOTICES, "", 1),  # two 信息失实 reach the two-notice rule
    "甲局": (100, 110, 0, 10, 1, S.ELIGIBLE, "", 0),
    "乙局": (110, 105, 5, 0, 0, S.ELIGIBLE, S.RESULT_ADVANCED, Fraction(1, 2)),  # a 约稿 row alone keeps its 5
    "丙局": (0, 0, 0, 0, 0, S.REASON_NOT_DONE, "", Fraction(-1, 2)),
    "丁局": (0, 0, 0, 0, 0, S.REASON_NOT_DONE, "", Fraction(-1, 2)),
}


def test_next_years_scheme_in_a_workbook_with_no_code_change(tmp_path):
    """A new extra-point kind, a new notice kind and a renamed 约稿 row, typed into a workbook."""
    rows = rows_for(units=UNITS, adoptions=ADOPTIONS, extras=EXTRAS, notices=NOTICES,
                    extra_kinds=NEW_EXTRAS, notice_kinds=NEW_NOTICES)
    rows[S.POINTS] = _points_renamed()
    path = write_book(tmp_path / "scheme.xlsm", YEAR, rows)
    done = api.recalc(path)
    assert done.outcome.inputs.problems == ()
    got = {r.name: (r.total, r.adoption, r.extra, r.deduction, r.notices, r.eligible, r.result, r.points)
           for r in done.outcome.assessment.results}
    assert got == EXPECTED
    sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(S.SCORES).to_python()
    columns = sheet[0]
    written = {row[0]: (row[columns.index(S.O_TOTAL)], row[columns.index(S.O_ELIGIBLE)],
                        row[columns.index(S.O_POINTS)]) for row in sheet[1:]}
    assert written == {name: (float(e[0]), e[5], float(e[7])) for name, e in EXPECTED.items()}
    detail = [ln for ln in done.outcome.ledger if ln.unit in ("甲镇", "甲局") and ln.sheet != S.ADOPTIONS]
    assert [(ln.unit, ln.sheet, ln.row, ln.entry, ln.points, ln.note) for ln in detail] == [
        ("甲局", S.NOTICES, 6, S.ENTRY_DEDUCTION, -10, "信息失实通报，扣 10 分"),
        ("甲镇", S.EXTRAS, 2, S.ENTRY_EXTRA, 5, DRAFTS),
        ("甲镇", S.EXTRAS, 3, S.ENTRY_EXTRA, 5, DRAFTS),
        ("甲镇", S.EXTRAS, 4, S.ENTRY_NONE, 0, "未核定（核定栏为「否」），不计分"),
    ]
    replaced = [ln for ln in done.outcome.ledger if ln.unit == "甲镇" and ln.row == 2 and ln.sheet == S.ADOPTIONS]
    assert [(ln.points, ln.note) for ln in replaced] == [
        (0, f"同一信息已被上级录用，{COUNTY}{RENAMED}不再计分（{S.S_NOT_IF_HIGHER}）")]


def test_the_mark_not_the_name_decides_the_replacement():
    """A row named 约稿上报信息 but not marked scores; the marked row scores 0 under any name;
    a county adoption does not replace it, a provincial one does."""
    points = [(r[0], r[1], r[2], r[3], S.NO, r[5]) if r[1] == S.COMMISSIONED_PUB else r for r in defaults.POINTS]
    points.append((COUNTY, "重点约稿", 8, S.NO, S.YES, ""))
    tables = rows_for(units=[("甲镇", S.TOWN, 100)], adoptions=[
        ad("甲镇", S.COMMISSIONED_PUB, no="1"), ad("甲镇", "《参阅》（普刊）", CITY, no="1"),
        ad("甲镇", "重点约稿", no="2"), ad("甲镇", "《每日要讯》", no="2"),
        ad("甲镇", "重点约稿", no="3"), ad("甲镇", "《昨日要情》", S.LEVEL_PROVINCE, no="3")])
    tables[S.POINTS] = points
    out = _run(tables)
    assert [ln.points for ln in out.ledger if ln.sheet == S.ADOPTIONS] == [5, 30, 8, 5, 0, 15]


def test_a_book_without_the_column_replaces_the_county_commission_row_as_before():
    tables = rows_for(units=[("甲镇", S.TOWN, 100)], adoptions=[
        ad("甲镇", S.COMMISSIONED_PUB, no="1"), ad("甲镇", "《参阅》（普刊）", CITY, no="1")])
    tables[S.POINTS] = [r[:4] + r[5:] for r in defaults.POINTS]  # 计分标准 as it was: no 上级录用时不计
    grids = grids_from(tables)
    grids[S.POINTS] = [[c for c in S.POINTS_TABLE.columns if c != S.S_NOT_IF_HIGHER]] + [list(r) for r in tables[S.POINTS]]
    out = run(find_tables(grids), YEAR)
    assert [ln.points for ln in out.ledger] == [0, 30] and out.inputs.problems == ()


# --- every combination of 加分标准's columns --------------------------------------------
# Four rows of one unit (base 100): approved 30 days, not approved 30 days, approved 10 days,
# approved 25 days. A fixed kind gives 5 a row, a share of 10% gives 10 a row.
ROWS4 = [("甲镇", "测试加分", f"{YEAR}-03-01", 30, "是", ""), ("甲镇", "测试加分", f"{YEAR}-04-01", 30, "否", ""),
         ("甲镇", "测试加分", f"{YEAR}-05-01", 10, "是", ""), ("甲镇", "测试加分", f"{YEAR}-06-01", 25, "是", "")]


@pytest.mark.parametrize(("method", "value", "times", "approval", "days", "expected", "counted_rows"), [
    (S.FIXED, 5, S.EACH_TIME, S.YES, 21, 10, [2, 5]),
    (S.FIXED, 5, S.EACH_TIME, S.YES, None, 15, [2, 4, 5]),
    (S.FIXED, 5, S.EACH_TIME, S.NO, 21, 15, [2, 3, 5]),
    (S.FIXED, 5, S.EACH_TIME, S.NO, None, 20, [2, 3, 4, 5]),
    (S.FIXED, 5, S.ONCE_A_YEAR, S.YES, 21, 5, [2]),
    (S.FIXED, 5, S.ONCE_A_YEAR, S.YES, None, 5, [2]),
    (S.FIXED, 5, S.ONCE_A_YEAR, S.NO, 21, 5, [2]),
    (S.FIXED, 5, S.ONCE_A_YEAR, S.NO, None, 5, [2]),
    (S.SHARE, "10%", S.EACH_TIME, S.YES, 21, 20, [2, 5]),
    (S.SHARE, "10%", S.EACH_TIME, S.YES, None, 30, [2, 4, 5]),
    (S.SHARE, "10%", S.EACH_TIME, S.NO, 21, 30, [2, 3, 5]),
    (S.SHARE, "10%", S.EACH_TIME, S.NO, None, 40, [2, 3, 4, 5]),
    (S.SHARE, "10%", S.ONCE_A_YEAR, S.YES, "3周", 10, [2]),
    (S.SHARE, "10%", S.ONCE_A_YEAR, S.YES, None, 10, [2]),
    (S.SHARE, "10%", S.ONCE_A_YEAR, S.NO, 21, 10, [2]),
    (S.SHARE, 0.1, S.ONCE_A_YEAR, S.NO, None, 10, [2]),
])
def test_every_combination_of_an_extra_kind(method, value, times, approval, days, expected, counted_rows):
    out = outcome(units=[("甲镇", S.TOWN, 100), ("气象局", S.OTHER, None)], extras=ROWS4,
                  extra_kinds=[("测试加分", method, value, times, approval, days, "")])
    assert problems(out) == []
    assert result(out, "甲镇").extra == expected
    assert [ln.row for ln in out.ledger if ln.sheet == S.EXTRAS and ln.points] == counted_rows
    shown = [ln.note for ln in out.ledger if ln.sheet == S.EXTRAS]
    if days is not None:
        assert "测试加分 10 天，不足 21 天，不加分" in shown
    if times == S.ONCE_A_YEAR:
        assert "测试加分每年一次，已计" in shown


def test_a_share_kind_gives_an_other_unit_nothing_and_a_fixed_kind_its_points():
    extras = [("气象局", "比例加分", f"{YEAR}-03-01", None, "是", ""), ("气象局", "固定加分", f"{YEAR}-03-01", None, "", "")]
    out = outcome(units=[("甲镇", S.TOWN, 100), ("气象局", S.OTHER, None)], extras=extras,
                  extra_kinds=[("比例加分", S.SHARE, "10%", S.EACH_TIME, S.YES, None, ""),
                               ("固定加分", S.FIXED, 3, S.EACH_TIME, S.NO, None, "")])
    assert [(ln.points, ln.note) for ln in out.ledger] == [(0, S.NOTE["no_base"]), (3, "固定加分")]


# --- every combination of 通报标准's columns ----------------------------------------------
# One town (base 100) with 200 points from comprehensive items, and two notices of the kind.


@pytest.mark.parametrize("method", [S.SHARE, S.FIXED, S.NO_DEDUCTION])
@pytest.mark.parametrize("counts", [S.YES, S.NO])
@pytest.mark.parametrize("deemed", [S.YES, S.NO])
@pytest.mark.parametrize("disqualifies", [S.YES, S.NO])
def test_every_combination_of_a_notice_kind(method, counts, deemed, disqualifies):
    value = {S.SHARE: "30%", S.FIXED: 10, S.NO_DEDUCTION: None}[method]
    kinds = [("测试通报", method, value, counts, deemed, disqualifies, "")]
    adoptions = [ad("甲镇", "《政务情况交流》", STATE, no=n, cat="经验做法") for n in "12"]
    notices = [("甲镇", "测试通报", f"{YEAR}-03-01", "文1", ""), ("甲镇", "测试通报", f"{YEAR}-05-01", "", "")]
    out = outcome(units=[("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)],
                  adoptions=adoptions, notices=notices, notice_kinds=kinds)
    assert problems(out) == []
    r = result(out, "甲镇")
    per_notice = {S.SHARE: 30, S.FIXED: 10, S.NO_DEDUCTION: 0}[method]
    assert (r.deduction, r.total) == (2 * per_notice, 200 - 2 * per_notice)
    assert r.notices == (2 if counts == S.YES else 0)
    assert r.status == (S.STATUS_DEEMED if deemed == S.YES else S.STATUS_DONE)
    reason = (S.REASON_DEEMED if deemed == S.YES else S.REASON_NOTICES if counts == S.YES
              else "测试通报" if disqualifies == S.YES else S.ELIGIBLE)
    assert r.eligible == reason
    assert r.result == (S.RESULT_ADVANCED if reason == S.ELIGIBLE else "")
    assert r.points == (0 if deemed == S.YES else 1)
    first = next(ln for ln in out.ledger if ln.sheet == S.NOTICES)
    head = {S.SHARE: "测试通报通报，扣基础分的 30%", S.FIXED: "测试通报通报，扣 10 分", S.NO_DEDUCTION: "测试通报"}[method]
    tail = ("，视同未完成年度信息基础分" if deemed == S.YES else "") + ("，取消当年评先资格" if disqualifies == S.YES else "")
    if method == S.NO_DEDUCTION and counts == S.YES and not tail:
        tail = "，计入通报次数"
    assert first.note == head + tail + "（文1）"
    assert first.entry == (S.ENTRY_NOTICE if method == S.NO_DEDUCTION else S.ENTRY_DEDUCTION)


def test_a_department_deemed_by_a_new_kind_loses_its_half_point():
    kinds = [("测试通报", S.FIXED, 1, S.NO, S.YES, S.NO, "")]
    out = outcome(units=[("甲局", S.DEPARTMENT, 10)], adoptions=[ad("甲局", "《参阅》（普刊）", CITY, no="1")],
                  notices=[("甲局", "测试通报", "", "", "")], notice_kinds=kinds)
    r = result(out, "甲局")
    assert (r.total, r.status, r.points) == (29, S.STATUS_DEEMED, Fraction(-1, 2))


# --- bad rows, located --------------------------------------------------------------------

def _errors(out):
    return [(p.level, p.sheet, p.row, p.column, p.message) for p in out.inputs.problems]


def test_bad_extra_kind_rows_are_located_errors_and_their_kind_undefined():
    kinds = [("甲", "按比例", 5, S.EACH_TIME, S.YES, None, ""),
             ("乙", S.FIXED, "很多", S.EACH_TIME, S.YES, None, ""),
             ("丙", S.SHARE, "150%", S.EACH_TIME, S.YES, None, ""),
             ("丁", S.FIXED, -1, S.EACH_TIME, S.YES, None, ""),
             ("戊", S.FIXED, 5, "每月", S.YES, None, ""),
             ("己", S.FIXED, 5, S.EACH_TIME, "也许", None, ""),
             ("庚", S.FIXED, 5, S.EACH_TIME, S.YES, "半个月", ""),
             ("辛", S.FIXED, 5, S.EACH_TIME, S.YES, 0, ""),
             ("壬", S.FIXED, 5, S.EACH_TIME, S.YES, None, ""),
             ("壬", S.FIXED, 9, S.EACH_TIME, S.YES, None, ""),
             (None, S.FIXED, 5, S.EACH_TIME, S.YES, None, "")]
    out = outcome(units=[("甲镇", S.TOWN, 100)], extra_kinds=kinds,
                  extras=[("甲镇", "甲", f"{YEAR}-03-01", None, "是", ""), ("甲镇", "壬", f"{YEAR}-03-01", None, "是", "")])
    E, X = S.ERROR, S.EXTRA_RULES
    assert _errors(out) == [
        (E, S.EXTRAS, 2, S.E_KIND, "「加分类型」「甲」不在「加分标准」表中，只能是：壬"),
        (E, X, 2, S.EK_METHOD, "「计分方式」「按比例」无法识别，只能是：固定分值、基础分比例"),
        (E, X, 3, S.EK_POINTS, "「分值」应为数字，实际为「很多」"),
        (E, X, 4, S.EK_POINTS, "「分值」应在 0% 到 100% 之间"),
        (E, X, 5, S.EK_POINTS, "「分值」应在 0 到 1000 之间"),
        (E, X, 6, S.EK_TIMES, "「计分次数」「每月」无法识别，只能是：每次、每年一次，是否为「每次」？"),
        (E, X, 7, S.EK_APPROVAL, "「需核定」「也许」无法识别，只能是：是、否"),
        (E, X, 8, S.EK_DAYS, "「最少天数」应为天数（如 21、21天、3周）"),
        (E, X, 9, S.EK_DAYS, "「最少天数」应在 1 到 366 之间"),
        (E, X, 11, S.EK_KIND, "「壬」与第 10 行重复，本行不用"),
        (E, X, 12, S.EK_KIND, "「加分类型」为空"),
    ]
    assert result(out, "甲镇").extra == 5  # the first 壬 row counts


def test_bad_notice_kind_rows_are_located_and_an_unused_value_is_a_warning():
    kinds = [("甲", "扣一半", "30%", S.YES, S.NO, S.NO, ""),
             ("乙", S.FIXED, None, S.YES, S.NO, S.NO, ""),
             ("丙", S.NO_DEDUCTION, 5, S.YES, S.NO, S.NO, ""),
             ("丁", S.SHARE, "30%", "算", S.NO, S.NO, ""),
             ("戊", S.SHARE, "30%", S.YES, "", S.NO, ""),
             ("丙", S.FIXED, 3, S.NO, S.NO, S.YES, "")]
    out = outcome(units=[("甲镇", S.TOWN, 100)], notice_kinds=kinds, notices=[("甲镇", "丙", "", "", "")])
    E, W, N = S.ERROR, S.WARNING, S.NOTICE_RULES
    assert _errors(out) == [
        (E, N, 2, S.NK_METHOD, "「扣分方式」「扣一半」无法识别，只能是：基础分比例、固定分值、不扣分"),
        (E, N, 3, S.NK_POINTS, "「扣分值」为空"),
        (W, N, 4, S.NK_POINTS, "不扣分不用填写「扣分值」，已忽略"),
        (E, N, 5, S.NK_COUNTS, "「计入通报次数」「算」无法识别，只能是：是、否"),
        (E, N, 6, S.NK_DEEMED, "「视同未完成」为空"),
        (E, N, 7, S.NK_KIND, "「丙」与第 4 行重复，本行不用"),
    ]
    r = result(out, "甲镇")
    assert (r.deduction, r.notices) == (0, 1)


def test_a_kind_needing_days_needs_them_in_the_row():
    out = outcome(units=[("甲镇", S.TOWN, 100)], extras=[("甲镇", S.EXTRA_SECONDMENT, f"{YEAR}-03-01", None, "是", "")])
    assert _errors(out) == [(S.ERROR, S.EXTRAS, 2, S.E_DAYS, "派员蹲岗学习须填写蹲岗天数")]


# --- older books --------------------------------------------------------------------------

MOVED = {S.K_SECONDMENT_RATIO: "15%", S.K_SECONDMENT_DAYS: 14, S.K_TRAINING_POINTS: 3, S.K_MEETING_POINTS: 8,
         S.K_NOTICE_RATIO: "25%"}
OLD_EXTRAS = [("甲镇", S.EXTRA_SECONDMENT, f"{YEAR}-03-01", 14, "是", ""),
              ("甲镇", S.EXTRA_TRAINING, f"{YEAR}-03-01", None, "是", ""),
              ("甲镇", S.EXTRA_MEETING, f"{YEAR}-03-01", None, "是", "")]
OLD_NOTICES = [("甲镇", S.NOTICE_COUNTY, f"{YEAR}-03-01", "", "")]


def test_an_older_book_reads_its_moved_parameters_and_warns_nothing():
    old = outcome(units=[("甲镇", S.TOWN, 100)], extras=OLD_EXTRAS, notices=OLD_NOTICES, **MOVED)
    assert problems(old) == []
    r = result(old, "甲镇")
    assert (r.extra, r.deduction, r.total) == (15 + 3 + 8, 25, 1)
    new = outcome(units=[("甲镇", S.TOWN, 100)], extras=OLD_EXTRAS, notices=OLD_NOTICES,
                  extra_kinds=[(S.EXTRA_TRAINING, S.FIXED, 3, S.ONCE_A_YEAR, S.YES, None, ""),
                               (S.EXTRA_MEETING, S.FIXED, 8, S.EACH_TIME, S.YES, None, ""),
                               (S.EXTRA_SECONDMENT, S.SHARE, "15%", S.ONCE_A_YEAR, S.YES, 14, "")],
                  notice_kinds=[(S.NOTICE_COUNTY, S.SHARE, "25%", S.YES, S.NO, S.NO, "")] + list(defaults.NOTICE_KINDS[1:]))
    assert [tuple(ln) for ln in new.ledger] == [tuple(ln) for ln in old.ledger]


def test_a_moved_row_beside_its_new_sheet_is_not_used_and_says_so():
    out = outcome(units=[("甲镇", S.TOWN, 100)], extras=OLD_EXTRAS[1:2], extra_kinds=list(defaults.EXTRA_KINDS),
                  **{S.K_TRAINING_POINTS: 3})
    assert result(out, "甲镇").extra == 5
    [warning] = problems(out)
    assert (warning.level, warning.sheet, warning.column, warning.message) == (
        S.WARNING, S.PARAMS, S.P_KEY, "参数「信息业务培训加分」已移到「加分标准」表（「信息业务培训」的「分值」），本行不再使用，可删除")


def test_a_bad_moved_parameter_is_located_in_its_row_of_the_older_book():
    out = outcome(units=[("甲镇", S.TOWN, 100)], extras=OLD_EXTRAS, **{S.K_SECONDMENT_DAYS: "三周多"})
    [error] = problems(out)
    assert (error.sheet, error.column, error.content) == (S.PARAMS, S.P_VALUE, "三周多")
    assert result(out, "甲镇").extra == 5 + 10  # 14 days fall short of the default 21


# --- an older book, read and rolled over ---------------------------------------------------

def _old_book(path, **kwargs):
    """A workbook of the layout before 加分标准, 通报标准 and 上级录用时不计, with the moved 参数
    rows, and without a parameter added since (先进个人人数)."""
    import openpyxl

    rows = rows_for(**kwargs)
    rows[S.PARAMS] = [r for r in rows[S.PARAMS] if r[0] != S.K_INFORMANT_COUNT]
    write_book(path, YEAR, rows)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for sheet in (S.EXTRA_RULES, S.NOTICE_RULES):
        del wb[sheet]
    wb[S.POINTS].delete_cols(S.POINTS_TABLE.columns.index(S.S_NOT_IF_HIGHER) + 1)
    wb.save(path)
    return path


def _grids(path):
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names
            if name in S.INPUT_SHEETS + S.OPTIONAL_SHEETS}


OLD_RECORDS = dict(units=UNITS, adoptions=[ad("甲镇", S.COMMISSIONED_PUB, no="A", cat="经验做法"),
                                           ad("甲镇", "《参阅》（普刊）", CITY, no="A", cat="经验做法"),
                                           ad("乙镇", S.COMMISSIONED_PUB, no="B")],
                   extras=OLD_EXTRAS + [("乙镇", S.EXTRA_TRAINING, f"{YEAR}-05-01", None, "是", "")],
                   notices=OLD_NOTICES + [("乙镇", S.NOTICE_HIGHER, "", "", "")], **MOVED)


def test_an_older_workbook_scores_as_before_and_rolls_over_to_the_new_layout(tmp_path):
    from test_cli import xlsheet

    old = _old_book(tmp_path / "2026考核.xlsm", **OLD_RECORDS)
    before = api.recalc(old).outcome
    assert before.inputs.problems == ()
    assert {r.name: r.total for r in before.assessment.results if r.total} == {"甲镇": 30 + 15 + 3 + 8 - 25, "乙镇": 5 + 3}
    done = xlsheet("template", "--from", old, "--out", tmp_path / "2027考核.xlsm")
    assert done.returncode == 0, done.stderr
    added = [
        "参数「蹲岗加分比例」（15%）移到「加分标准」表「派员蹲岗学习」行的「分值」列",
        "参数「蹲岗最少天数」（14）移到「加分标准」表「派员蹲岗学习」行的「最少天数」列",
        "参数「信息业务培训加分」（3）移到「加分标准」表「信息业务培训」行的「分值」列",
        "参数「协办会议加分」（8）移到「加分标准」表「协办信息网络会议」行的「分值」列",
        "参数「紧急信息通报扣分比例」（25%）移到「通报标准」表「紧急信息迟报瞒报」行的「扣分值」列",
        "参数「先进个人人数」：上一年度工作簿没有这一行，按默认值 10 补上",
        "「加分标准」表：上一年度工作簿没有这张表，按方案预填",
        "「通报标准」表：上一年度工作簿没有这张表，按方案预填",
        "「计分标准」表补上「上级录用时不计」列：「约稿上报信息」标为“是”，其余为“否”",
    ]
    assert done.stderr.splitlines() == [S.ROLLOVER["console"]] + ["  " + line for line in added]
    new = tmp_path / "2027考核.xlsm"
    grids = _grids(new)
    guide = [row[0] for row in CalamineWorkbook.from_path(str(new)).get_sheet_by_name(S.README_SHEET).to_python()]
    assert guide[-len(added) - 1:] == [S.ROLLOVER["title"], *added]
    keys = [row[0] for row in grids[S.PARAMS][1:]]
    assert not set(MOVED) & set(keys) and keys.count(S.K_INFORMANT_COUNT) == 1
    assert grids[S.EXTRA_RULES][3][:6] == [S.EXTRA_SECONDMENT, S.SHARE, "15%", S.ONCE_A_YEAR, S.YES, 14.0]
    assert grids[S.NOTICE_RULES][1][:3] == [S.NOTICE_COUNTY, S.SHARE, "25%"]
    # last year's records in next year's rule sheets: the same ledger, and nothing to warn about
    records = _grids(old)
    for sheet in (S.ADOPTIONS, S.INSTRUCTIONS, S.EXTRAS, S.NOTICES):
        grids[sheet] = records[sheet]
    grids[S.PARAMS] = [[row[0], YEAR, *row[2:]] if row[0] == S.K_YEAR else row for row in grids[S.PARAMS]]
    again = run(find_tables(grids), YEAR)
    assert again.inputs.problems == ()
    assert [(ln.unit, ln.sheet, ln.row, ln.points) for ln in again.ledger] == \
        [(ln.unit, ln.sheet, ln.row, ln.points) for ln in before.ledger]
    assert [(r.name, r.eligible, r.points) for r in again.assessment.results] == \
        [(r.name, r.eligible, r.points) for r in before.assessment.results]
    rolled_again = xlsheet("template", "--from", new, "--out", tmp_path / "2028考核.xlsm")
    assert rolled_again.returncode == 0 and rolled_again.stderr == ""
