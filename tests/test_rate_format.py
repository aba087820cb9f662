"""完成率 on the output sheets: the decimals of 参数 完成率小数位数, rounded half up as the
documents round them (values.format_rate), whatever the column's look was."""

import datetime as dt
import shutil
import subprocess
import zipfile
from fractions import Fraction

import openpyxl
import pytest
from helpers import ad, book, skip_or_fail
from lxml import etree
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from xlsheet import api
from xlsheet import schema as S
from xlsheet.cli import main
from xlsheet.documents import year_end
from xlsheet.io.styles import CellFormats
from xlsheet.values import format_number, format_rate, rate_cell, rate_number_format

M = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# 7 points each (5 + 2): 7/80 = 8.75%, 7/160 = 4.375%, 7/40 = 17.5%, each a tie at some
# number of decimals that the float below it (0.0875 is 0.08749999...) would round down
UNITS = [("甲镇", S.TOWN, 80), ("乙镇", S.TOWN, 160), ("丙局", S.DEPARTMENT, 40), ("丁局", S.DEPARTMENT, 100),
         ("戊局", S.DEPARTMENT, 3), ("气象局", S.OTHER, None)]
ADOPTIONS = [ad(unit, pub, no=f"{unit}{pub}") for unit, *_ in UNITS[:3] + UNITS[4:5]
             for pub in ("《每日要讯》", "转送信息")]
RATE_SHEETS = {S.SCORES: (S.O_RATE,), S.QUARTERLY: (S.O_RATE,),
               S.RANKING: (S.O_RATE, S.O_CHART_TOWN, S.O_CHART_DEPT, S.O_CHART_LINE)}


def _book(tmp_path, places):
    tmp_path.mkdir(parents=True, exist_ok=True)
    return book(tmp_path / f"考核{places}.xlsm", units=UNITS, adoptions=ADOPTIONS, **{S.K_RATE_PLACES: places})


def _cell_formats(path):
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("xl/styles.xml"))
    return root.find(f"{M}cellXfs")


def _rate_cells(path):
    """(sheet, column name, row, cell) of every 完成率 cell below a header."""
    wb = openpyxl.load_workbook(path)
    for sheet, columns in RATE_SHEETS.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for name in columns:
            col = header.index(name) + 1
            for row in range(2, ws.max_row + 1):
                yield sheet, name, row, ws.cell(row, col)


def _dressed(path):
    """The book with every 完成率 column restyled by its user: red bold, right-aligned, filled."""
    wb = openpyxl.load_workbook(path, keep_vba=True)
    for sheet, columns in RATE_SHEETS.items():
        ws = wb[sheet]
        header = [c.value for c in ws[1]]
        for name in columns:
            column = ws.column_dimensions[get_column_letter(header.index(name) + 1)]
            column.font = Font(name="黑体", bold=True, color="C00000")
            column.alignment = Alignment(horizontal="right")
            column.fill = PatternFill("solid", fgColor="FFF2CC")
    wb.save(path)
    return path


@pytest.mark.parametrize("places", [0, 2, 4])
def test_every_rate_cell_takes_the_parameters_format_and_keeps_its_look(tmp_path, places):
    path = _dressed(_book(tmp_path, places))
    assert main(["recalc", str(path)]) == 0
    cells = list(_rate_cells(path))
    assert len(cells) >= 6 * (len(UNITS) - 1)
    assert {cell.number_format for *_, cell in cells} == {rate_number_format(places)}
    assert {(c.font.name, c.font.b, c.font.color.rgb, c.alignment.horizontal, c.fill.fgColor.rgb)
            for *_, c in cells} == {("黑体", True, "00C00000", "right", "00FFF2CC")}
    header = openpyxl.load_workbook(path)[S.SCORES]["I1"]
    assert header.value == S.O_RATE and header.number_format == "General" and header.font.name == "宋体"


def test_recalculating_again_adds_no_format_and_going_back_uses_the_templates(tmp_path):
    path = _book(tmp_path, 2)
    first = len(_cell_formats(path))
    api.recalc(path)
    added = len(_cell_formats(path))
    assert added > first  # 0.00% twins of the template's 0.0% styles
    with zipfile.ZipFile(path) as z:
        styles = z.read("xl/styles.xml")
    api.recalc(path)
    with zipfile.ZipFile(path) as z:
        assert z.read("xl/styles.xml") == styles
    one = _book(tmp_path / "one", 1)
    api.recalc(one)  # the template's own format: styles.xml is left as it was
    assert len(_cell_formats(one)) == first
    with zipfile.ZipFile(one) as z, zipfile.ZipFile(_book(tmp_path / "fresh", 1)) as fresh:
        assert z.read("xl/styles.xml") == fresh.read("xl/styles.xml")


def _as_shown(path, folder):
    """Each sheet as LibreOffice shows it (its CSV export of formatted text), by sheet name."""
    if not shutil.which("soffice"):
        skip_or_fail("LibreOffice (soffice) is not installed here")
    options = "44,34,76,1,,0,false,true,true,false,false,-1"  # UTF-8, as shown, every sheet
    done = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
                           "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}", "--outdir",
                           str(folder / "csv"), str(path)], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    import csv

    return {sheet: list(csv.reader((folder / "csv" / f"{path.stem}-{sheet}.csv").open(encoding="utf-8")))
            for sheet in RATE_SHEETS}


# Rates exactly halfway between two shown figures whose nearest float LibreOffice 7.4 rounds
# down when it is stored unrounded (2.155 in a 0% cell shows 215%): (total, base) per decimals
TIES = {0: [(29, 200), (41, 40), (57, 200), (23, 40)], 1: [(23, 80), (29, 400), (41, 80)],
        2: [(23, 160), (29, 800), (41, 160)]}


def _adopted(unit, total):
    """Rows of 5 (《每日要讯》) and 2 (转送信息) points making `total`."""
    fives = next(n for n in range(total // 5, -1, -1) if (total - 5 * n) % 2 == 0)
    return [ad(unit, "《每日要讯》", no=f"{unit}-5-{i}") for i in range(fives)] + [
        ad(unit, "转送信息", no=f"{unit}-2-{i}") for i in range((total - 5 * fives) // 2)]


@pytest.mark.parametrize("places", [0, 1, 2])
def test_an_office_suite_shows_each_rate_as_the_documents_write_it(tmp_path, places):
    ties = [(f"{'甲乙丙丁'[i]}{total}局", S.DEPARTMENT, base, total) for i, (total, base) in enumerate(TIES[places])]
    path = book(tmp_path / "考核.xlsm", units=UNITS + [t[:3] for t in ties], **{S.K_RATE_PLACES: places},
                adoptions=ADOPTIONS + [row for name, _, _, total in ties for row in _adopted(name, total)])
    out = api.recalc(path).outcome
    exact = {r.unit.name: r.rate for r in out.assessment.results}
    assert all((exact[name] * 100 * 10**places).denominator == 2 for name, *_ in ties)
    shown = _as_shown(path, tmp_path)
    for sheet in (S.SCORES, S.RANKING, S.QUARTERLY):
        header, *rows = shown[sheet]
        unit, rate = header.index(S.O_UNIT), header.index(S.O_RATE)
        assert {row[unit]: row[rate] for row in rows} == {name: format_rate(value, places)
                                                           for name, value in exact.items()}, sheet


def test_assessment_points_show_alike_in_the_sheets_and_the_year_end_documents(tmp_path):
    """考核得分 at 2 decimals, half up: 甲镇 29/40 = 0.725 is 0.73 in 单位得分 as LibreOffice shows
    it, in 排名, in the points table (.docx and .xlsx), where the float 0.725 would give 0.72."""
    towns = [(f"{c}镇", S.TOWN, 120) for c in "甲乙丙丁"]
    totals = dict(zip((t[0] for t in towns), (87, 99, 111, 63), strict=True))
    path = book(tmp_path / "考核.xlsm", units=towns, adoptions=[row for name, total in totals.items()
                                                                for row in _adopted(name, total)])
    out = api.recalc(path).outcome
    points = {r.name: r.points for r in out.assessment.results}
    assert all((p * 100).denominator == 2 for p in points.values())  # every one a tie at 2 decimals
    wanted = {name: format_number(p, S.POINTS_PLACES) for name, p in points.items()}
    assert wanted["甲镇"] == "0.73"
    shown = _as_shown(path, tmp_path)
    for sheet in (S.SCORES, S.RANKING):
        header, *rows = shown[sheet]
        unit, column = header.index(S.O_UNIT), header.index(S.O_POINTS)
        assert {row[unit]: row[column] for row in rows} == wanted, sheet
    table = year_end.points_table(out, dt.date(2027, 1, 5)).tables
    header = table[0].header
    documented = {row[1]: row[header.index(S.O_POINTS)] for t in table for row in t.rows}
    assert documented == wanted
    assert {row[1]: row[7] for row in year_end.points_rows(out)} == {n: float(w) for n, w in wanted.items()}


@pytest.mark.parametrize(("value", "places", "cell"), [
    (Fraction(431, 200), 0, 2.16), (Fraction(103, 2000), 1, 0.052), (Fraction(-23, 40), 0, -0.58),
    (Fraction(1, 3), 1, 0.333), (Fraction(2), 1, 2), (Fraction(-1, 10**6), 1, 0), (None, 1, None),
])
def test_a_rate_cell_holds_the_shown_figure(value, places, cell):
    assert rate_cell(value, places) == cell and type(rate_cell(value, places)) is type(cell)


def _styles(xml):
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' + xml + b"</styleSheet>")


def test_a_twin_differs_only_in_its_number_format_and_is_found_before_it_is_added():
    formats = CellFormats(_styles(
        b'<numFmts count="1"><numFmt numFmtId="170" formatCode="0.0%"/></numFmts>'
        b'<cellXfs count="3"><xf numFmtId="0" fontId="0"/>'
        b'<xf numFmtId="170" fontId="2" fillId="1" applyNumberFormat="1"><alignment horizontal="right"/></xf>'
        b'<xf numFmtId="10" fontId="2" fillId="1"><alignment horizontal="right"/></xf></cellXfs>'))
    assert formats.with_number_format(1, "0.0%") == 1  # already so
    assert formats.with_number_format(1, "0.00%") == 2  # the built-in 10 is 0.00%, same look
    assert not formats.changed
    assert formats.with_number_format(1, "0.000%") == 3
    assert formats.with_number_format(1, "0.000%") == 3
    assert formats.with_number_format(0, "0%") == 4  # built in: 9
    root = etree.fromstring(formats.xml())
    xfs = root.find(f"{M}cellXfs")
    assert xfs.get("count") == "5" and len(xfs) == 5
    assert xfs[3].get("numFmtId") == "171" and xfs[3].get("fontId") == "2" and xfs[3][0].get("horizontal") == "right"
    assert xfs[4].get("numFmtId") == "9"
    numbers = root.find(f"{M}numFmts")
    assert numbers.get("count") == "2" and numbers[1].get("formatCode") == "0.000%"
    again = CellFormats(formats.xml())
    assert again.with_number_format(1, "0.000%") == 3 and not again.changed


def test_a_styles_part_without_number_formats_gets_them_first():
    formats = CellFormats(_styles(b'<fonts count="1"><font/></fonts><cellXfs count="1"><xf numFmtId="0"/></cellXfs>'))
    assert formats.with_number_format(0, "0.0%") == 1
    root = etree.fromstring(formats.xml())
    assert [child.tag for child in root] == [f"{M}numFmts", f"{M}fonts", f"{M}cellXfs"]
    assert root[0][0].get("numFmtId") == "164"
