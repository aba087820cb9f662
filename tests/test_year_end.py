"""The year's end: the commendation draft and the assessment points, after every tie is decided."""

import datetime as dt

from docx import Document
from helpers import ad, book
from openpyxl import load_workbook
from test_cli import xlsheet
from test_decisions import ROWS

from xlsheet import api
from xlsheet import schema as S

DECIDED = [("乙局", S.DECIDE_ADVANCED, "县考核办会议", "2027-01-10"), ("甲局", S.DECIDE_NOT, "", ""),
           ("甲镇", S.DECIDE_ADVANCED, "", ""), ("乙镇", S.DECIDE_NOT, "", ""),
           ("气象局", S.DECIDE_COMMEND, "择优表彰", "")]
# informants in units that are not in contention, so the ties above stay as they are
PEOPLE = [ad("丙镇", "《每日要讯》", no="p1", who="王伟"),
          ad("丙局", "《参阅》（普刊）", S.LEVEL_CITY, no="p2", who="李强、张敏")]


def _rows(decisions):
    return dict(ROWS, adoptions=ROWS["adoptions"] + PEOPLE, decisions=decisions, **{S.K_INFORMANT_COUNT: 2})


def test_the_year_end_refuses_while_a_tie_is_open_and_names_the_units(tmp_path):
    path = book(tmp_path / "y.xlsm", **_rows(DECIDED[:2]))
    done = xlsheet("report", path, "--year-end")
    assert done.returncode == 1
    assert S.YEAR_END["pending"].format(names="乙镇、甲镇", sheet=S.DECISIONS) in done.stderr
    assert not [p for p in tmp_path.iterdir() if p.suffix in (".docx", ".xlsx")]


def test_the_commendation_lists_exactly_the_advanced_units_and_individuals(tmp_path):
    path = book(tmp_path / "y.xlsm", **_rows(DECIDED))
    done = api.year_end(path, issued=dt.date(2027, 1, 20))
    assert done.pending == () and len(done.written) == 3
    text = "\n".join(p.text for p in Document(str(done.written[0])).paragraphs)
    assert "关于表彰2026年度全县政务信息工作先进单位和先进个人的通报" in text
    units = [line for line in text.splitlines()]
    assert units[units.index(S.YEAR_END["h_towns"]) + 1] == "甲镇"
    assert units[units.index(S.YEAR_END["h_depts"]) + 1] == "乙局"
    assert units[units.index(S.YEAR_END["h_others"]) + 1] == "气象局"
    people = units[units.index(S.YEAR_END["h_people"]) + 1]
    ranked = [r for r in api.check(path).tables[S.INFORMANTS][1:]]
    assert people == "、".join(f"{r[1]}（{r[2]}）" for r in ranked) and len(ranked) == 2
    assert "2027年1月20日" in text


def test_the_points_table_matches_the_unit_scores_unit_for_unit(tmp_path):
    path = book(tmp_path / "y.xlsm", **_rows(DECIDED))
    assert xlsheet("recalc", path).returncode == 0
    done = api.year_end(path, issued=dt.date(2027, 1, 20))
    scores = {row[0]: row for row in api.check(path).tables[S.SCORES][1:]}
    sheet = load_workbook(done.written[2]).active
    rows = [row for row in sheet.iter_rows(min_row=3, values_only=True) if row[0] in (S.TOWN, S.DEPARTMENT)]
    # one row per unit of 单位, in its order, towns first
    in_sheet = [u[0] for group in (S.TOWN, S.DEPARTMENT) for u in ROWS["units"] if u[1] == group]
    assert [r[1] for r in rows] == in_sheet
    for group, name, base, total, rate, status, result, points, _ in rows:
        s = scores[name]
        assert (group, base, total, rate, status, result or "", points) == (s[1], s[2], s[7], s[8], s[9], s[13], s[14])
    table = Document(str(done.written[1])).tables
    assert [row.cells[1].text for t in table for row in t.rows[1:]] == [r[1] for r in rows]
    assert "县人民政府办公室" in sheet.cell(sheet.max_row, 1).value
