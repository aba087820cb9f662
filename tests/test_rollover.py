"""The year as a cycle: next year's workbook, and 同比 against the year before."""

import datetime as dt
from fractions import Fraction

import openpyxl
import pytest
from docx import Document
from helpers import YEAR, ad, book, ins
from python_calamine import CalamineWorkbook
from test_cli import xlsheet

from xlsheet import api
from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.values import rate_cell


def grid(path, sheet):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


UNITS = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 80, "", "改过基础分"), ("甲局", S.DEPARTMENT, 60),
         ("气象局", S.OTHER, None)]
ADOPTIONS = [ad("甲镇", "《参阅》（普刊）", S.LEVEL_CITY, no="1", date=f"{YEAR}-02-01"),
             ad("甲镇", "《每日要讯》", no="2", date=f"{YEAR}-05-01"),
             ad("乙镇", "《每日要讯》", no="3", date=f"{YEAR}-08-01"),
             ad("甲局", "《新刊物》", S.LEVEL_COUNTY, no="4", date=f"{YEAR}-03-01")]


@pytest.fixture()
def source(tmp_path):
    rows = dict(units=UNITS, adoptions=ADOPTIONS, instructions=[ins("1", S.LEADER_COUNTY, date=f"{YEAR}-03-01")],
                aliases=list(defaults.ALIASES) + [(S.U_NAME, "甲", "甲镇", "")])
    path = book(tmp_path / f"{YEAR}考核.xlsm", **rows)
    wb = openpyxl.load_workbook(path, keep_vba=True)  # staff edit the rule sheets during the year
    wb[S.POINTS].append([S.LEVEL_COUNTY, "《新刊物》", 8, "否", "否", "当年新增"])
    for row in wb[S.PARAMS].iter_rows(min_row=2):
        if row[0].value == S.K_TOWN_RATIO:
            row[1].value = "40%"
    wb.save(path)
    api.recalc(path)
    return path


def test_next_years_workbook_keeps_every_edited_rule_row_and_no_record(source, tmp_path):
    out = tmp_path / f"{YEAR + 1}考核.xlsm"
    done = xlsheet("template", "--from", source, "--out", out)
    assert done.returncode == 0, done.stderr
    for sheet in (S.UNITS, S.POINTS, S.BONUS, S.ALIASES):
        assert grid(out, sheet) == grid(source, sheet), sheet
    params = {row[0]: row[1] for row in grid(out, S.PARAMS)[1:]}
    assert params[S.K_YEAR] == YEAR + 1 and params[S.K_TOWN_RATIO] == "40%"
    assert {row[0]: row[1] for row in grid(source, S.PARAMS)[1:] if row[0] != S.K_YEAR} == \
        {k: v for k, v in params.items() if k != S.K_YEAR}
    for sheet in (S.ADOPTIONS, S.INSTRUCTIONS, S.EXTRAS, S.NOTICES, S.DECISIONS):
        assert len(grid(out, sheet)) == 1, sheet  # the header only
    last = {row[0]: row for row in grid(out, S.LAST_YEAR)[1:]}
    scores = {row[0]: row for row in grid(source, S.SCORES)[1:]}
    quarters = {row[0]: row for row in grid(source, S.QUARTERLY)[1:]}
    for name, row in last.items():
        assert row[3:7] == quarters[name][3:7] and row[7] == scores[name][7] and row[10] == scores[name][13]
        assert row[8] == scores[name][8]  # 完成率 as last year's sheets held it (rounded as shown)
    carried = openpyxl.load_workbook(out)[S.LAST_YEAR]
    rate = [c.value for c in carried[1]].index(S.LY_RATE) + 1
    assert {carried.cell(r, rate).number_format for r in range(2, carried.max_row + 1)
            if carried.cell(r, rate).value is not None} == {"0.0%"}
    assert xlsheet("recalc", out).returncode == 0


def test_the_new_year_shows_the_same_quarter_last_year(source, tmp_path):
    out = api.next_year(source, tmp_path / "next.xlsm")
    wb = openpyxl.load_workbook(out, keep_vba=True)
    wb[S.ADOPTIONS].append(["9", "甲镇", "新年第一条", "动态信息", "", S.LEVEL_COUNTY, "《每日要讯》",
                            dt.date(YEAR + 1, 2, 1), None, ""])
    wb[S.UNITS].append(["丙镇", S.TOWN, 100, "", "新设"])
    wb.save(out)
    result = api.recalc(out)
    table = result.outcome.tables[S.QUARTERLY]
    assert table[0][-2:] == [S.O_LAST_YEAR, S.O_CHANGE]
    rows = {row[0]: row for row in table[1:]}
    assert rows["甲镇"][-2:] == [40, 5 - 40]  # Q1 last year: the city adoption (30) and its instruction (10)
    assert rows["乙镇"][-2:] == [0, 0]
    assert rows["丙镇"][-2:] == [None, S.NEW_THIS_YEAR]
    bulletin = api.report(out, quarter=1, out=tmp_path / "q1.docx", issued=dt.date(YEAR + 1, 4, 8))
    doc = Document(str(bulletin))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "与上年同期相比，全县累计得分减少" in text and "1个单位为本年新增" in text
    header = [c.text for c in doc.tables[0].rows[0].cells]
    assert header[-1] == S.BULLETIN["column_last"]
    towns = {row.cells[1].text: row.cells[-1].text for row in doc.tables[0].rows[1:]}
    assert towns["甲镇"] == "40" and towns["丙镇"] == S.NEW_THIS_YEAR


def test_without_last_years_sheet_nothing_changes(source):
    table = api.check(source).tables[S.QUARTERLY]
    assert table[0] == list(S.QUARTERLY_TABLE.columns)


def test_a_source_with_input_errors_is_refused_with_the_count(tmp_path):
    path = book(tmp_path / "bad.xlsm", units=UNITS, adoptions=ADOPTIONS + [ad("无此镇", "《每日要讯》", no="x")])
    done = xlsheet("template", "--from", path, "--out", tmp_path / "next.xlsm")
    assert done.returncode == 2 and "有 2 条错误" in done.stderr  # the unknown unit, and 《新刊物》 not in 计分标准
    assert f"错误 {S.ADOPTIONS} 第{len(ADOPTIONS) + 2}行 {S.A_UNIT}" in done.stderr and "无此镇" in done.stderr  # named
    assert not (tmp_path / "next.xlsm").exists()


def test_without_out_the_new_book_lands_beside_the_source_with_the_year_moved_on(source):
    done = xlsheet("template", "--from", source)
    assert done.returncode == 0, done.stderr
    made = source.with_name(f"{YEAR + 1}考核.xlsm")
    assert made.exists() and str(made) in done.stdout


@pytest.mark.parametrize(("places", "shown"), [(0, "0%"), (3, "0.000%")])
def test_last_years_rates_show_with_last_years_decimals(tmp_path, places, shown):
    path = book(tmp_path / "考核.xlsm", units=[("甲镇", S.TOWN, 120)], **{S.K_RATE_PLACES: places},
                adoptions=[ad("甲镇", "《每日要讯》", no=str(i)) for i in range(3)])
    api.recalc(path)
    out = api.next_year(path, tmp_path / "next.xlsm")
    carried = openpyxl.load_workbook(out)[S.LAST_YEAR]
    cell = carried.cell(2, [c.value for c in carried[1]].index(S.LY_RATE) + 1)
    assert cell.number_format == shown and cell.value == rate_cell(Fraction(15, 120), places)

