"""A real office's ledger as a file (issue 19, point 1 and 6): formulas without a saved result,
the 1904 date system, merged cells; and a book typed with every variant scoring unit for unit
like the same records typed canonically, also once LibreOffice has saved it."""

import datetime as dt
import os
import subprocess
import sys

import openpyxl
from helpers import ad, book, ins, libreoffice_save
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from xlsheet import api
from xlsheet import schema as S

UNITS = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("公安局", S.DEPARTMENT, 60), ("发展改革局", S.DEPARTMENT, 60),
         ("财政局(地税局)", S.DEPARTMENT, 60)]
C, CITY, P = S.LEVEL_COUNTY, S.LEVEL_CITY, S.LEVEL_PROVINCE


def _edit(path, change):
    wb = openpyxl.load_workbook(path, keep_vba=True)
    change(wb)
    wb.save(path)
    return path


def _errors(out):
    return [(p.sheet, p.row, p.column, p.message) for p in out.problems if p.is_error]


def test_a_formula_without_a_saved_result_is_an_error_on_its_cell_never_a_blank(tmp_path):
    path = book(tmp_path / "b.xlsm", units=UNITS, adoptions=[ad("甲镇", "《参阅》", no="1"), ad("乙镇", "《参阅》", no="2"),
                                                             ad("公安局", "《参阅》", no="3")],
                instructions=[ins("1", S.LEADER_COUNTY)])

    def formulas(wb):
        sheet = wb[S.ADOPTIONS]
        sheet["B3"] = "=A1&\"镇\""   # 报送单位 of row 3
        sheet["H4"] = "=TODAY()"      # 录用日期 of row 4
        sheet["E2"] = "=\"张\"&\"三\""  # 信息员 of row 2
        wb[S.INSTRUCTIONS]["F2"] = "=DATE(2026,6,1)"
    out = api.check(_edit(path, formulas))
    found = {(s, r, c): m for s, r, c, m in _errors(out)}
    assert set(found) == {(S.ADOPTIONS, 3, S.A_UNIT), (S.ADOPTIONS, 4, S.A_DATE), (S.ADOPTIONS, 2, S.A_INFORMANTS),
                          (S.INSTRUCTIONS, 2, S.I_DATE)}
    assert found[(S.ADOPTIONS, 3, S.A_UNIT)] == S.M["formula_no_value"].format(column=S.A_UNIT, value='=A1&"镇"')
    assert "在 Excel 或 WPS 中打开并保存" in found[(S.ADOPTIONS, 4, S.A_DATE)]
    scores = out.assessment.by_name()
    assert [scores[u].total for u in ("甲镇", "乙镇", "公安局")] == [0, 0, 0]


def test_serial_dates_follow_the_books_1904_date_system(tmp_path):
    # 44624 is 2026-03-05 counted from 1904-01-01 (46086 from 1899-12-30)
    path = book(tmp_path / "b.xlsm", units=UNITS, adoptions=[
        ad("甲镇", "《参阅》", no="1", date=44624), ad("甲镇", "《每日要讯》", no="2", date=dt.date(2026, 7, 1)),
        ad("乙镇", "《参阅》", no="3", date="2026-03-05")])

    def mac(wb):
        wb.epoch = CALENDAR_MAC_1904
    out = api.check(_edit(path, mac))
    assert _errors(out) == []
    dates = {a.number: a.date for a in out.inputs.adoptions}
    assert dates == {"1": dt.date(2026, 3, 5), "2": dt.date(2026, 7, 1), "3": dt.date(2026, 3, 5)}
    plain = api.check(book(tmp_path / "c.xlsm", units=UNITS, adoptions=[ad("甲镇", "《参阅》", no="1", date=46086)]))
    assert plain.inputs.adoptions[0].date == dt.date(2026, 3, 5)


def test_merged_cells_read_their_blocks_value_on_every_row(tmp_path):
    path = book(tmp_path / "b.xlsm", units=UNITS, adoptions=[
        ad("甲镇", "《参阅》", no="1"), ad("", "《每日要讯》", no="2"), ad("", "《参阅》（普刊）", CITY, no="3"),
        ad("乙镇", "《参阅》", no="4", cat="经验做法", date="2026-05-05"), ad("乙镇", "《专报信息》", no="5", cat="", date=None)])

    def merge(wb):
        sheet = wb[S.ADOPTIONS]
        sheet.merge_cells("B2:B4")   # 报送单位 甲镇 over rows 2-4
        sheet.merge_cells("D5:D6")   # 信息类别 经验做法 over rows 5-6
        sheet.merge_cells("H5:H6")   # 录用日期 over rows 5-6
    out = api.check(_edit(path, merge))
    assert _errors(out) == []
    scores = out.assessment.by_name()
    assert (scores["甲镇"].adoption, scores["乙镇"].adoption, scores["乙镇"].qualifying) == (15 + 5 + 30, 15 + 10, 1)
    assert {a.number: a.date for a in out.inputs.adoptions if a.unit == "乙镇"} == {
        "4": dt.date(2026, 5, 5), "5": dt.date(2026, 5, 5)}


# --- the pair: every variant against the canonical records ------------------------------

# (canonical unit, level, canonical pub, category, date as ISO, informant) and the variant typing
RECORDS = [
    (("公安局", C, "《每日要讯》", "动态信息", "2026-03-05", "张三"),
     ("县公安局", C, "《每日要讯》第35期", "动态", "3月5日", "张三（执笔）")),
    (("发展改革局", P, "其他刊物", "经验做法", "2026-04-01", "李四"),
     ("发改局", P, "《浙江信息》2026年第3期", "经验", "4月1日", "李四等")),
    (("财政局(地税局)", C, "《专报信息》（紧急类）", "综合分析", "2026-06-30", "王五"),
     ("财政局", C, "专报信息紧急类第2期", "综合", "6月30日", "【撰稿】王五")),
    (("甲镇", CITY, "《参阅》（增刊）", "情况反映", "2026-09-09", "赵六"),
     ("慈溪市甲镇", CITY, "参阅增刊（总第120期）", "情况", "2026/9/9", "赵六(撰稿)")),
    (("乙镇", C, "《专报信息》", "经验做法", "2026-10-10", "钱七"),
     ("区乙镇", C, "《专报信息》2026年第9期", "经验做法类", "10月10日", "钱七")),
]
FIGURES = ("total", "rate", "status", "eligible", "result", "points")


def _rows(which):
    rows = []
    for i, record in enumerate(RECORDS, start=1):
        unit, level, pub, cat, date, who = record[which]
        rows.append(ad(unit, pub, level, no=str(i), title=f"信息{i}", cat=cat, date=date, who=who))
    return rows


def _figures(out):
    return {r.name: tuple(getattr(r, f) for f in FIGURES) for r in out.assessment.results}


def test_a_book_typed_with_every_variant_scores_like_the_canonical_one(tmp_path):
    params = {S.K_COUNTY: "慈溪市"}
    canonical = api.check(book(tmp_path / "a.xlsm", units=UNITS, adoptions=_rows(0), **params))
    variant = api.check(book(tmp_path / "b.xlsm", units=UNITS, adoptions=_rows(1), **params))
    assert _errors(canonical) == [] and _errors(variant) == []
    assert _figures(variant) == _figures(canonical)
    scores = canonical.assessment.by_name()
    assert [scores[u].total for u in ("公安局", "发展改革局", "财政局(地税局)", "甲镇", "乙镇")] == [5, 15, 5, 20, 10]
    # one reading per interpreted field: 5 fields of 5 records, less 动态 and 经验做法类 (aliases),
    # 2026/9/9 (a full date) and 钱七 (as typed)
    assert sum(p.reading for p in variant.problems) == 5 * 5 - 4


def test_the_variant_book_saved_by_libreoffice_with_merged_cells_scores_like_the_canonical_one(tmp_path):
    params = {S.K_COUNTY: "慈溪市"}
    rows = _rows(1) + [ad("甲镇", "《每日要讯》", no="9", title="信息9", date="2026-11-01"),
                       ad("", "《参阅》", no="10", title="信息10", date="11月2日")]
    canonical_rows = _rows(0) + [ad("甲镇", "《每日要讯》", no="9", title="信息9", date="2026-11-01"),
                                 ad("甲镇", "《参阅》", no="10", title="信息10", date="2026-11-02")]
    source = _edit(book(tmp_path / "b.xlsm", units=UNITS, adoptions=rows, **params),
                   lambda wb: wb[S.ADOPTIONS].merge_cells("B7:B8"))
    saved = libreoffice_save(source, tmp_path)
    variant = api.check(saved)
    canonical = api.check(book(tmp_path / "a.xlsm", units=UNITS, adoptions=canonical_rows, **params))
    assert _errors(variant) == [] and _figures(variant) == _figures(canonical)
    assert variant.assessment.by_name()["甲镇"].total == 20 + 5 + 15


def test_xlsheet_check_prints_every_reading_after_the_other_problems(tmp_path):
    adoptions = [ad("县公安局", "《参阅》", no=str(i)) for i in range(3)] + [
        ad(f"甲镇{i}号", "《参阅》", no=f"x{i}") for i in range(60)] + [ad("发改局", "《每日要讯》第3期", no="z")]
    path = book(tmp_path / "b.xlsm", units=UNITS, adoptions=adoptions)
    done = subprocess.run([sys.executable, "-m", "xlsheet", "-q", "check", str(path)], capture_output=True, text=True,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"}, timeout=120)
    assert done.returncode == 1  # the 60 unknown units are errors, of which 50 are listed
    err = done.stderr.splitlines()
    header = S.CLI_TEXT["readings"].format(count=3)
    assert header in err
    listed = err[err.index(header) + 1:]
    assert len(listed) == 3 and all(line.startswith(S.WARNING) for line in listed)
    assert any("「县公安局」读作「公安局」（去掉了县名前缀），共 3 行" in line for line in listed)
    assert any("「发改局」读作「发展改革局」（简称），共 1 行" in line for line in listed)
    assert any("「《每日要讯》第3期」读作「《每日要讯》」" in line for line in listed)
