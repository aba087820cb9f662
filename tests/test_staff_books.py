"""Workbooks as staff leave them: typed the way people type, saved by LibreOffice, printed."""

import zipfile

import pytest
from helpers import ad, book, ins, libreoffice_save
from lxml import etree
from python_calamine import CalamineWorkbook

from xlsheet import api
from xlsheet import schema as S
from xlsheet.io.printing import FROZEN, PAGE, PRINT_TITLES
from xlsheet.io.xlsx import sheet_parts

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
T = ("甲镇", S.TOWN, 100)

# A year typed as staff type: numbers as numbers on one row and as text on another, the
# scheme's own spellings, a remark row, ticks for 核定, days with their unit.
STAFF_ROWS = dict(
    units=[T, ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)],
    adoptions=[ad("甲镇", S.COMMISSIONED_PUB, no=103, cat="经验做法类"),
               ad("甲镇", "《参阅》（普刊）", "宁波政府办公厅", no="103", cat="经验做法"),
               ad("甲镇", "《政务情况交流》", "国办", no=104.0),
               ("以上为1-9月录用情况",) + ("",) * 9,
               ad("乙镇", "每日要讯", "县政府办", no="201")],
    instructions=[ins("103", S.LEADER_COUNTY)],
    extras=[("甲镇", S.EXTRA_SECONDMENT, "2026-05-01", "21天", "√", "")],
)


def _members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _output_parts(members):
    parts = sheet_parts(members["xl/workbook.xml"], members["xl/_rels/workbook.xml.rels"])
    return {name: parts[name] for name in S.OUTPUT_SHEETS}


def assert_print_ready(path):
    members = _members(path)
    workbook = etree.fromstring(members["xl/workbook.xml"])
    index = {s.get("name"): str(i) for i, s in enumerate(workbook.iter(M + "sheet"))}
    titles = {n.get("localSheetId"): n.text for n in workbook.iter(M + "definedName") if n.get("name") == PRINT_TITLES}
    for name, part in _output_parts(members).items():
        root = etree.fromstring(members[part])
        page = root.find(M + "pageSetup")
        assert {k: page.get(k) for k in PAGE} == PAGE, name
        assert root.find(f"{M}sheetPr/{M}pageSetUpPr").get("fitToPage") in ("1", "true"), name
        pane = root.find(f"{M}sheetViews/{M}sheetView/{M}pane")
        assert {k: pane.get(k) for k in FROZEN} == FROZEN, name
        assert titles[index[name]].endswith("!$1:$1"), name


def test_the_template_prints_each_output_sheet_to_the_page_width(tmp_path):
    assert_print_ready(book(tmp_path / "b.xlsm"))


def test_recalc_restores_print_settings_an_office_suite_dropped(tmp_path):
    path = book(tmp_path / "b.xlsm", **STAFF_ROWS)
    members = _members(path)
    for part in _output_parts(members).values():
        xml = members[part]
        for tag in (b"<pane ", b"<pageSetup ", b"<pageSetUpPr "):
            start = xml.index(tag)
            xml = xml[:start] + xml[xml.index(b"/>", start) + 2:]
        members[part] = xml
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(PRINT_TITLES.encode(), b"_xlnm.Print_Area_x")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    api.recalc(path)
    assert_print_ready(path)
    once = _members(path)
    api.recalc(path)
    assert _members(path) == once  # restored once, then left alone


def test_a_book_typed_by_staff_and_saved_by_libreoffice_scores_as_the_scheme_says(tmp_path):
    saved = libreoffice_save(book(tmp_path / "staff.xlsm", **STAFF_ROWS), tmp_path)
    assert b"<pane " not in b"".join(_members(saved)[p] for p in _output_parts(_members(saved)).values())
    result = api.recalc(saved)
    town = result.outcome.assessment.by_name()["甲镇"]
    # 103: the 约稿上报 row is replaced by the city adoption; one comprehensive item; 104: 100
    assert (town.adoption, town.instruction, town.extra, town.qualifying) == (30 + 100, 10, 10, 1)
    assert town.result == S.RESULT_ADVANCED
    assert result.outcome.assessment.by_name()["乙镇"].adoption == 5
    problems = [(p.level, p.sheet, p.row) for p in result.outcome.inputs.problems]
    assert problems == [(S.WARNING, S.ADOPTIONS, 5)]  # the remark row, and nothing else
    detail = CalamineWorkbook.from_path(str(saved)).get_sheet_by_name(S.DETAIL).to_python()
    assert {row[3] for row in detail[1:]} >= {"103", "104", "201"}
    assert_print_ready(saved)


@pytest.mark.parametrize("first", [103, "0103"])
def test_check_on_a_libreoffice_book_counts_one_item(tmp_path, first):
    rows = dict(STAFF_ROWS, adoptions=[ad("甲镇", S.COMMISSIONED_PUB, no=first),
                                       ad("甲镇", "《参阅》（普刊）", S.LEVEL_CITY, no="103")])
    saved = libreoffice_save(book(tmp_path / "b.xlsm", **rows), tmp_path)
    assert api.check(saved).assessment.by_name()["甲镇"].adoption == 30
