"""What a user anchored to a row of an output sheet stays with the unit of that row when
the rows move, or is listed in 校验 as removed; it never sits on another unit's row. A
print area grows with the rows; a user's own print titles are kept."""

import re
import zipfile

import openpyxl
import pytest
from helpers import ad, book
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles import PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from test_cli import output_parts, xlsheet

from xlsheet import schema as S
from xlsheet.io import anchors

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
THREADED_NS = "http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"
FILL = PatternFill("solid", fgColor="FFC7CE")


def _members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _add_threaded(path, sheet_part, comments):
    """Threaded comments (Excel 365's) on the sheet: their part, its relationship and content type."""
    parts = _members(path)
    body = "".join(f'<threadedComment ref="{ref}" dT="2026-03-01T09:00:00.00" personId="{{0}}" '
                   f'id="{{{i:08d}-0000-0000-0000-000000000000}}"><text>{text}</text></threadedComment>'
                   for i, (ref, text) in enumerate(comments))
    parts["xl/threadedComments/threadedComment1.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><ThreadedComments xmlns="{THREADED_NS}">'
        f"{body}</ThreadedComments>").encode()
    rels = sheet_part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    rel = (f'<Relationship Id="rIdTC1" Type="{anchors.REL_THREADED}" '
           'Target="../threadedComments/threadedComment1.xml"/>').encode()
    parts[rels] = parts[rels].replace(b"</Relationships>", rel + b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", (
        b'<Override PartName="/xl/threadedComments/threadedComment1.xml" '
        b'ContentType="application/vnd.ms-excel.threadedcomments+xml"/></Types>'))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


UNITS = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)]
ADOPTION = ad("乙镇", "《参阅》（普刊）", S.LEVEL_CITY, no="1", date="2026-03-05")


def _rows_of(ws):
    return {ws.cell(r, 1).value: r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value}


@pytest.fixture(scope="module")
def moved(tmp_path_factory):
    """A book recalculated once (单位得分 rows: 乙镇 2, 丙镇 3, 甲镇 4, by score), marked by a
    user as the tests below say, then given two new units, without 丙镇, and with two more
    adoptions of 甲镇, and recalculated again (甲镇 2, 乙镇 3, the new units 4 and 5)."""
    path = book(tmp_path_factory.mktemp("anchors") / "考核.xlsm", units=UNITS, adoptions=[ADOPTION])
    assert xlsheet("recalc", path).returncode == 0
    wb = openpyxl.load_workbook(path, keep_vba=True)
    scores = wb[S.SCORES]
    assert _rows_of(scores) == {"乙镇": 2, "丙镇": 3, "甲镇": 4}
    scores["B4"].comment = Comment("甲镇：请核对录用", "信息科")
    scores["B3"].comment = Comment("丙镇的说明", "信息科")
    scores["A1"].comment = Comment("表头的说明", "信息科")
    scores.merge_cells("P4:Q4")
    scores.merge_cells("E3:F3")
    scores.merge_cells("G2:G3")
    check = DataValidation(type="list", formula1='"是,否"')
    check.add("Q4")
    scores.add_data_validation(check)
    scores.conditional_formatting.add("A4:P4", FormulaRule(formula=["$D4>0"], fill=FILL))
    scores.conditional_formatting.add("H2:H4", CellIsRule(operator="greaterThan", formula=["0"], fill=FILL))
    scores.conditional_formatting.add("A6:B6", FormulaRule(formula=['$A6<>""'], fill=FILL))
    scores.print_area = "A1:P4"
    scores.print_title_rows = "1:2"
    units = wb[S.UNITS]
    units.delete_rows(4)  # 丙镇
    units.insert_rows(2, 2)
    for row, unit in enumerate([("新镇", S.TOWN, 100), ("新街道", S.TOWN, 100)], start=2):
        for column, value in enumerate(unit, start=1):
            units.cell(row, column, value)
    adoptions = wb[S.ADOPTIONS]
    for row, no in ((3, "2"), (4, "3")):
        for column, value in enumerate(ad("甲镇", "《参阅》（普刊）", S.LEVEL_CITY, no=no, date="2026-03-06"), start=1):
            adoptions.cell(row, column, value)
    wb.save(path)
    from xlsheet.io.xlsx import sheet_parts

    parts = _members(path)
    part = sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])[S.SCORES]
    _add_threaded(path, part, [("B4", "甲镇的对话"), ("B3", "丙镇的对话")])
    before = _members(path)
    done = xlsheet("recalc", path)
    assert done.returncode == 0, done.stderr
    return path, part, before


def _listed(path):
    """The rows of 校验 about 单位得分."""
    return [list(r) for r in openpyxl.load_workbook(path)[S.CHECK].iter_rows(min_row=2, values_only=True)
            if r[1] == S.SCORES]


def test_the_rows_moved_as_the_test_says(moved):
    path, _, _ = moved
    rows = _rows_of(openpyxl.load_workbook(path)[S.SCORES])
    assert (rows["甲镇"], rows["乙镇"], sorted(rows)) == (2, 3, sorted(["甲镇", "乙镇", "新镇", "新街道"]))


def test_a_note_follows_its_unit_and_one_whose_unit_is_gone_is_listed(moved):
    path, _, _ = moved
    scores = openpyxl.load_workbook(path)[S.SCORES]
    notes = {c.coordinate: c.comment.text for row in scores.iter_rows() for c in row if c.comment}
    assert notes == {"A1": "表头的说明", "B2": "甲镇：请核对录用"}
    assert [S.WARNING, S.SCORES, 3, None, "批注 B3：丙镇的说明",
            S.M["anchor_dropped"].format(kind="批注", ref="B3", row=3, unit="（「丙镇」）")] in _listed(path)


def test_the_notes_shapes_follow_them(moved):
    path, part, _ = moved
    parts = _members(path)
    rels = parts[part.replace("worksheets/", "worksheets/_rels/") + ".rels"].decode()
    vml = next(p for p in parts if p.endswith(".vml") and p.rsplit("/", 1)[1] in rels)
    shapes = [(re.search(rb"Row>(\d+)</", s)[1], re.search(rb"Column>(\d+)</", s)[1])
              for s in re.findall(rb"<(?:\w+:)?shape\b.*?</(?:\w+:)?shape>", parts[vml], re.S)]
    assert sorted(shapes) == [(b"0", b"0"), (b"1", b"1")]  # A1 and B2, from 0


def test_threaded_comments_follow_their_unit_or_are_listed(moved):
    path, _, _ = moved
    parts = _members(path)
    xml = parts["xl/threadedComments/threadedComment1.xml"].decode()
    assert re.findall(r'ref="(\w+)"', xml) == ["B2"] and "甲镇的对话" in xml and "丙镇的对话" not in xml
    assert any(r[4] == "批注（对话） B3：丙镇的对话" for r in _listed(path))


def test_merged_cells_validations_and_formats_follow_their_unit_or_stretch(moved):
    path, _, _ = moved
    wb = openpyxl.load_workbook(path)
    scores = wb[S.SCORES]
    assert sorted(str(r) for r in scores.merged_cells.ranges) == ["P2:Q2"]
    assert [str(v.sqref) for v in scores.data_validations.dataValidation] == ["Q2"]
    formats = {str(f.sqref): [r.formula for r in f.rules] for f in scores.conditional_formatting}
    assert formats == {"A2:P2": [["$D2>0"]], "H2:H5": [["0"]], "A7:B7": [['$A7<>""']]}
    assert sorted(r[4] for r in _listed(path)) == sorted(["批注 B3：丙镇的说明", "批注（对话） B3：丙镇的对话",
                                                          "合并单元格 E3:F3", "合并单元格 G2:G3"])


def test_the_print_area_grows_and_the_users_print_titles_are_kept(moved):
    path, _, _ = moved
    workbook = _members(path)["xl/workbook.xml"].decode()
    index = re.findall(r'<sheet\b[^>]*\bname="([^"]*)"', workbook).index(S.SCORES)
    names = dict(re.findall(rf'<definedName name="(_xlnm\.Print_\w+)" localSheetId="{index}">([^<]*)<', workbook))
    assert names == {"_xlnm.Print_Area": "'单位得分'!$A$1:$P$5", "_xlnm.Print_Titles": "'单位得分'!$1:$2"}


def test_only_the_output_sheets_and_their_own_parts_change(moved):
    path, part, before = moved
    after = _members(path)
    changed = {n for n in before if before[n] != after.get(n)}
    from xlsheet.io.bound import bound_charts

    rels = before[part.replace("worksheets/", "worksheets/_rels/") + ".rels"].decode()
    own = {n for n in before if n.rsplit("/", 1)[-1] in rels}
    own |= {c for p in output_parts(path).values() for c in bound_charts(before.get, p)}  # 排名's chart
    assert set(after) == set(before)
    assert changed <= set(output_parts(path).values()) | own | {"xl/workbook.xml"}
    assert "xl/threadedComments/threadedComment1.xml" in changed


def test_a_second_run_changes_nothing_more(moved, tmp_path):
    import shutil

    path, _, _ = moved
    again = tmp_path / path.name
    shutil.copy2(path, again)
    once = _members(again)
    assert xlsheet("recalc", again).returncode == 0
    twice = _members(again)
    assert {n for n in once if once[n] != twice[n]} <= set(output_parts(again).values())
    assert _listed(again) == []  # nothing more to drop: each thing is where its unit is


def test_where_each_kind_of_range_goes():
    where = anchors.Moves(S.SCORES, {3: 5, 4: 2}, old_last=6, new_last=8, units={6: "丙镇"})
    assert [where.place(ref) for ref in ("B3", "B4", "A1", "A1:P1", "H2:H6", "$A$2:$P$6", "A9:B9", "B:B", "3:3")] == [
        ("B5", 2), ("B2", -2), ("A1", 0), ("A1:P1", 0), ("H2:H8", 0), ("$A$2:$P$8", 0), ("A11:B11", 2),
        ("B:B", 0), ("5:5", 2)]
    assert where.place("B6") is None and where.place("C3:C4") is None and where.place("A1:B3") is None


def test_an_x14_format_moves_with_its_sqref_and_formula():
    where = anchors.Moves(S.SCORES, {3: 5}, old_last=4, new_last=6)
    tail = (b'<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/'
            b'office/spreadsheetml/2009/9/main"><x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm='
            b'"http://schemas.microsoft.com/office/excel/2006/main"><x14:cfRule type="expression" priority="1" id="{1}">'
            b'<xm:f>$D3&gt;0</xm:f></x14:cfRule><xm:sqref>A3:P3</xm:sqref></x14:conditionalFormatting>'
            b'</x14:conditionalFormattings></ext></extLst></worksheet>')
    head = f'<worksheet xmlns="{M[1:-1]}">'.encode()
    _, new = anchors.sheet_anchors(head, tail, where)
    assert b"<xm:sqref>A5:P5</xm:sqref>" in new and b"<xm:f>$D5&gt;0</xm:f>" in new


def test_a_print_area_reaching_the_tables_end_follows_it():
    xml = (f'<workbook xmlns="{M[1:-1]}"><sheets><sheet name="单位" sheetId="1"/><sheet name="单位得分" sheetId="2"/>'
           '</sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">'
           "'单位得分'!$A$1:$P$4,'单位得分'!$R$1:$S$2</definedName></definedNames></workbook>").encode()
    where = {S.SCORES: anchors.Moves(S.SCORES, {}, old_last=4, new_last=9)}
    assert b"'\xe5\x8d\x95\xe4\xbd\x8d\xe5\xbe\x97\xe5\x88\x86'!$A$1:$P$9," in anchors.print_areas(xml, where)
    assert b"$R$1:$S$2<" in anchors.print_areas(xml, where)  # a second area above the table's end stays
    shrunk = {S.SCORES: anchors.Moves(S.SCORES, {}, old_last=4, new_last=3)}
    assert anchors.print_areas(xml, shrunk) is xml  # never shrunk below what the user chose
