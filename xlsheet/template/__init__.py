"""The template workbook: every sheet of the contract, pre-filled rule sheets, ready input sheets.

openpyxl builds a fresh workbook (it is only ever a builder here, never the
writer of a user's file); `package.finish` then makes the package an
reproducible .xlsm.
"""

from __future__ import annotations

import datetime as dt
import errno
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from lxml import etree
from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.chart.data_source import AxDataSource, StrRef
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import parameters
from .. import rules as defaults
from .. import schema as S
from ..io.xmltext import cell_text
from ..values import rate_number_format
from .guide import GUIDE_LINES
from .package import finish
from .vba import SOURCES, build_vba_project

VBA_WORKBOOK = "ThisWorkbook"
RIBBON = SOURCES / "customUI14.xml"

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
OUTPUT_FILL = PatternFill("solid", fgColor="E2EFDA")
HEADER_FONT = Font(name="宋体", bold=True, size=11)
BODY_FONT = Font(name="宋体", size=11)
THIN = Side(style="thin", color="9BC2E6")
HEADER_BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
DATE_FORMAT = "yyyy-mm-dd"
PERCENT_FORMAT = rate_number_format(S.PARAMETER_BY_KEY[S.K_RATE_PLACES].default)
INPUT_ROWS = 20000

WIDTHS = {
    S.P_KEY: 22, S.P_VALUE: 30, S.U_NAME: 30, S.U_CATEGORY: 8, S.U_BASE: 12, S.U_BUNDLE: 14,
    S.S_LEVEL: 18, S.S_PUB: 24, S.S_POINTS: 8, S.S_QUALIFIES: 14, S.B_LEVEL: 14, S.B_POINTS: 8,
    S.A_NO: 14, S.A_UNIT: 24, S.A_TITLE: 44, S.A_CATEGORY: 10, S.A_INFORMANTS: 16, S.A_LEVEL: 18,
    S.A_PUB: 24, S.A_DATE: 12, S.A_REPORTED: 12, S.I_LEVEL: 12, S.I_LEADER: 12, S.I_DATE: 12, S.E_KIND: 18,
    S.E_DAYS: 10, S.E_APPROVED: 8, S.N_KIND: 20, S.N_DOC: 18, S.O_TITLE: 44, S.O_NOTE: 48,
    S.O_ENTRY: 10, S.O_SRC_SHEET: 10, S.O_SRC_ROW: 8, S.O_ELIGIBLE: 16, S.C_MESSAGE: 60,
    S.C_CONTENT: 24, S.O_INFORMANT: 12, S.AL_COLUMN: 14, S.AL_TYPED: 22, S.AL_VALUE: 22, S.AL_NOTE: 30,
    S.D_RESULT: 12, S.D_BASIS: 40, S.S_NOT_IF_HIGHER: 14, S.EK_KIND: 20, S.NK_KIND: 20, S.EK_METHOD: 12,
    S.NK_METHOD: 12, S.EK_TIMES: 10, S.NK_COUNTS: 12, S.NK_DEEMED: 10, S.NK_POINTS: 8,
}
DATE_COLUMNS = {S.A_DATE, S.A_REPORTED, S.I_DATE, S.E_DATE, S.N_DATE}


def _list(values: tuple[str, ...] | list[str]) -> str:
    return '"' + ",".join(values) + '"'


def _range(sheet: str, column: str, last: int = 1000) -> str:
    return f"'{sheet}'!${column}$2:${column}${last}"


def _validations() -> dict[tuple[str, str], str]:
    units = _range(S.UNITS, "A")
    return {
        (S.UNITS, S.U_CATEGORY): _list(S.CATEGORIES),
        (S.POINTS, S.S_LEVEL): _list(S.LEVELS),
        (S.POINTS, S.S_QUALIFIES): _list((S.YES, S.NO)),
        (S.POINTS, S.S_NOT_IF_HIGHER): _list((S.YES, S.NO)),
        **{(sheet, c.name): _list(c.codes) for sheet, columns in ((S.EXTRA_RULES, S.EXTRA_RULE_COLUMNS),
                                                                  (S.NOTICE_RULES, S.NOTICE_RULE_COLUMNS))
           for c in columns if c.codes},
        (S.ADOPTIONS, S.A_UNIT): units,
        (S.ADOPTIONS, S.A_CATEGORY): _list(S.ITEM_CATEGORIES),
        (S.ADOPTIONS, S.A_LEVEL): _list(S.LEVELS),
        (S.ADOPTIONS, S.A_PUB): _range(S.POINTS, "B"),
        (S.INSTRUCTIONS, S.I_UNIT): units,
        (S.INSTRUCTIONS, S.I_LEVEL): _range(S.BONUS, "A", 100),
        (S.EXTRAS, S.E_UNIT): units,
        (S.EXTRAS, S.E_KIND): _range(S.EXTRA_RULES, "A", 100),
        (S.EXTRAS, S.E_APPROVED): _list((S.YES, S.NO)),
        (S.NOTICES, S.N_UNIT): units,
        (S.NOTICES, S.N_KIND): _range(S.NOTICE_RULES, "A", 100),
        (S.DECISIONS, S.D_UNIT): units,
        (S.DECISIONS, S.D_RESULT): _list(S.DECISION_CODES),
    }


def _header(ws: Worksheet, columns: tuple[str, ...], fill: PatternFill) -> None:
    for col, name in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=col, value=name)
        cell.font = HEADER_FONT
        cell.fill = fill
        cell.border = HEADER_BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        letter = get_column_letter(col)
        dim = ws.column_dimensions[letter]
        dim.width = WIDTHS.get(name, 12)
        if name in DATE_COLUMNS:
            dim.number_format = DATE_FORMAT
        elif name in S.PERCENT_COLUMNS and ws.title in (*S.OUTPUT_SHEETS, S.LAST_YEAR):
            dim.number_format = PERCENT_FORMAT
        elif name == S.O_POINTS and ws.title in S.OUTPUT_SHEETS:
            dim.number_format = "0." + "0" * S.POINTS_PLACES
    ws.freeze_panes = "A2"
    ws.row_dimensions[1].height = 22


def _print_setup(ws: Worksheet) -> None:
    """Landscape A4, as wide as one page and as many pages tall as needed, the header row on
    every page (the writer restores the same settings when an office suite dropped them:
    xlsheet.io.printing)."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"


def _fill(ws: Worksheet, rows, rate_format: str = PERCENT_FORMAT) -> None:
    """Values into rows 2 onwards; text is always text, even when it begins with '=', and
    XML-safe (io/xmltext.py: next year's book carries what staff typed). A 完成率 (上年结果's)
    shows as `rate_format`."""
    rates = {cell.column for cell in ws[1] if cell.value in S.PERCENT_COLUMNS}
    for r, values in enumerate(rows, start=2):
        for c, value in enumerate(values, start=1):
            cell = ws.cell(row=r, column=c, value=cell_text(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"
            elif value is not None and c in rates:
                cell.number_format = rate_format


def _input_sheet(ws: Worksheet, table: S.Table, rows=()) -> None:
    _header(ws, table.columns, HEADER_FILL)
    _fill(ws, rows)
    for (sheet, column), formula in _validations().items():
        if sheet != table.sheet:
            continue
        letter = get_column_letter(table.columns.index(column) + 1)
        dv = DataValidation(type="list", formula1=formula, allow_blank=True, errorStyle="warning",
                            showErrorMessage=True, errorTitle=column,
                            error=f"请从下拉列表中选择{column}（可在规则表中增加）")
        dv.add(f"{letter}2:{letter}{INPUT_ROWS}")
        ws.add_data_validation(dv)
    if table is S.EXTRAS_TABLE:
        letter = get_column_letter(table.columns.index(S.E_DAYS) + 1)
        dv = DataValidation(type="whole", operator="between", formula1="0", formula2="366",
                            allow_blank=True, errorStyle="warning", showErrorMessage=True,
                            error="蹲岗天数应为 0 到 366 的整数")
        dv.add(f"{letter}2:{letter}{INPUT_ROWS}")
        ws.add_data_validation(dv)


def _ranking_chart(ws: Worksheet, rated: int) -> None:
    """Completion rates by group, with the 100% line, drawn from 排名's own cells.

    The ranges end at row 1 + `rated`; each recalculation moves their end to the last
    row with a rate (see xlsheet.io.bound), so the chart follows the ranking.
    """
    columns = S.RANKING_TABLE.columns
    col = {name: columns.index(name) + 1 for name in columns}
    last = 1 + rated
    bars = BarChart()
    bars.type = "col"
    bars.grouping = "clustered"
    bars.overlap = 100
    bars.gapWidth = 40
    bars.title = S.CHART_TITLE
    bars.y_axis.number_format = "0%"
    bars.y_axis.majorGridlines = None
    bars.y_axis.title = S.O_RATE
    for name in (S.O_CHART_TOWN, S.O_CHART_DEPT):
        bars.add_data(Reference(ws, min_col=col[name], min_row=1, max_row=last), titles_from_data=True)
    line = LineChart()
    line.add_data(Reference(ws, min_col=col[S.O_CHART_LINE], min_row=1, max_row=last), titles_from_data=True)
    names = Reference(ws, min_col=col[S.O_UNIT], min_row=2, max_row=last)
    for series in (*bars.series, *line.series):  # unit names are text: a string reference
        series.cat = AxDataSource(strRef=StrRef(f=str(names)))
    line.series[0].graphicalProperties.line.solidFill = "C00000"
    line.series[0].graphicalProperties.line.dashStyle = "dash"
    line.series[0].smooth = False
    bars += line
    bars.width, bars.height = 32, 12
    bars.legend.position = "b"
    ws.add_chart(bars, "O2")


def build_workbook(year: int) -> Workbook:
    wb = Workbook()
    guide = wb.active
    guide.title = S.README_SHEET
    guide.column_dimensions["A"].width = 110
    for r, line in enumerate(GUIDE_LINES, start=1):
        cell = guide.cell(row=r, column=1, value=line.format(year=year))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.font = Font(name="宋体", size=14 if r == 1 else 11, bold=r == 1 or line.startswith("【"))

    contents = {
        S.PARAMS: parameters.sheet_rows(year),
        S.UNITS: defaults.UNITS,
        S.POINTS: defaults.POINTS,
        S.BONUS: defaults.BONUS,
        S.EXTRA_RULES: defaults.EXTRA_KINDS,
        S.NOTICE_RULES: defaults.NOTICE_KINDS,
        S.ALIASES: defaults.ALIASES,
    }
    for table in S.INPUT_TABLES + S.OPTIONAL_TABLES:
        _input_sheet(wb.create_sheet(table.sheet), table, contents.get(table.sheet, ()))
    for table in S.OUTPUT_TABLES:
        ws = wb.create_sheet(table.sheet)
        _header(ws, table.columns, OUTPUT_FILL)
        ws.sheet_properties.tabColor = "70AD47"
        _print_setup(ws)
    _ranking_chart(wb[S.RANKING], rated=sum(1 for u in defaults.UNITS if u[1] != S.OTHER))
    conf = wb.create_sheet(S.XLWINGS_CONF)
    _fill(conf, S.XLWINGS_CONF_ROWS)
    conf.delete_rows(1)
    conf.column_dimensions["A"].width = 20
    conf.column_dimensions["B"].width = 60
    wb.properties.creator = "xlsheet"
    wb.properties.title = f"{year}年度政务信息工作绩效考核"
    fixed = dt.datetime(year, 1, 1)
    wb.properties.created = fixed
    wb.properties.modified = fixed
    return wb


def write_book(path: str | Path, year: int, rows: Mapping[str, Sequence[Sequence[object]]] | None = None,
               notes: Sequence[str] = (), rate_places: int = S.PARAMETER_BY_KEY[S.K_RATE_PLACES].default) -> Path:
    """The template for `year` with the given input sheets' rows (replacing the pre-filled ones),
    `notes` as further lines of its 说明 sheet, and 完成率 (上年结果's) shown with `rate_places`
    decimals."""
    path = Path(path)
    wb = build_workbook(year)
    guide = wb[S.README_SHEET]
    for line in notes:
        guide.cell(row=guide.max_row + 1, column=1, value=line).alignment = Alignment(wrap_text=True, vertical="top")
    rate_format = rate_number_format(rate_places)
    for sheet, values in (rows or {}).items():
        ws = wb[sheet]
        if ws.max_row > 1:
            ws.delete_rows(2, ws.max_row)
        _fill(ws, values, rate_format)
    return save_xlsm(wb, path, year)


def save_xlsm(wb: Workbook, path: str | Path, year: int) -> Path:
    """Save `wb` as a reproducible .xlsm with our VBA project and ribbon.

    Code names (ThisWorkbook, Sheet1, Sheet2, ...) bind the workbook and each sheet to
    its document module in the VBA project.
    """
    path = Path(path)
    wb.code_name = VBA_WORKBOOK
    for index, ws in enumerate(wb.worksheets, start=1):
        ws.sheet_properties.codeName = f"Sheet{index}"
    with tempfile.TemporaryDirectory() as tmp:
        raw = Path(tmp) / "raw.xlsx"
        try:
            wb.save(raw)
        except etree.SerialisationError as exc:  # lxml's failed write, named IO_ENOSPC, IO_EFBIG, ...
            raise OSError(getattr(errno, str(exc).removeprefix("IO_"), errno.EIO), str(exc)) from exc
        code_names = [ws.sheet_properties.codeName for ws in wb.worksheets]
        finish(raw, path, dt.datetime(year, 1, 1), vba=build_vba_project(code_names),
               ribbon=RIBBON.read_bytes())
    return path


def build_template(path: str | Path, year: int | None = None) -> Path:
    """Build the template workbook at `path` (an .xlsm); the same year gives the same bytes."""
    return write_book(path, year or dt.date.today().year)
