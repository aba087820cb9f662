"""The year's end (scheme 三(一), 三(八)): the commendation draft, and the table of assessment
points the office hands to the county's target-management assessment.

`commendation` and `points_table` are pure (results in, a Draft out). Callers first ask
`pending`: while a unit is still 并列待定 the year's result is not final, and nothing is
written until staff record a decision in 评先裁定. The documents are laid out by
`layout.write_docx`; the points table is also written as a plain .xlsx for the office that
collects them.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from .. import schema as S
from ..assess import Result
from ..informants import informants
from ..io.targets import Outputs, write_each
from ..io.xmltext import cell_text
from ..render import Outcome, num
from ..values import format_number, format_rate, number_cell, rate_cell, rate_number_format
from .layout import Draft, Table, date_text, doc_number

Y = S.YEAR_END
_BUNDLE_NOTE = S.NOTE["bundle"].split("{others}")[1].split("{total}")[0]  # "捆绑考核：合计总分 "


def pending(outcome: Outcome) -> list[str]:
    """The units still 并列待定, which a decision must settle first."""
    return [r.name for r in outcome.assessment.results if r.result == S.RESULT_TIED]


def _group(outcome: Outcome, group: str) -> list[Result]:
    return [r for r in outcome.assessment.results if r.group == group]


def commendation(outcome: Outcome, issued: dt.date, number: int | None = None) -> Draft:
    """The commendation draft: advanced towns and departments (直接先进 marked), 其他 units
    chosen for commendation, and the advanced individuals with their units; under the 版头,
    with a 发文字号 line where 参数 has a prefix (`number`, or the number left blank)."""
    rules = outcome.inputs.rules
    won = (S.RESULT_ADVANCED, S.RESULT_DIRECT)

    def names(group: str, results: tuple[str, ...]) -> list[str]:
        return [Y["direct"].format(name=r.name) if r.result == S.RESULT_DIRECT else r.name
                for r in _group(outcome, group) if r.result in results]

    towns, depts = names(S.TOWN, won), names(S.DEPARTMENT, won)
    others = names(S.OTHER, (S.RESULT_COMMENDED,))
    people = [i for i in informants(outcome.ledger, rules) if i.rank <= rules.informant_count]
    blocks: list[tuple[str, object]] = [
        ("p", Y["opening"].format(year=rules.year, towns=len(towns), depts=len(depts), people=len(people),
                                  others=Y["others"].format(count=len(others)) if others else "")),
        ("h1", Y["h_units"]),
        ("h2", Y["h_towns"]), ("p", "、".join(towns) or Y["none"]),
        ("h2", Y["h_depts"]), ("p", "、".join(depts) or Y["none"]),
    ]
    if others:
        blocks += [("h2", Y["h_others"]), ("p", "、".join(others))]
    blocks += [("h1", Y["h_people"]),
               ("p", "、".join(Y["person"].format(name=i.name, unit=i.unit) for i in people) or Y["none"]),
               ("p", Y["closing"])]
    return Draft(Y["title"].format(year=rules.year), S.BULLETIN["addressees"], tuple(blocks), rules.office,
                 date_text(issued), rules.cc, rules.year, 4, masthead=rules.office,
                 number=doc_number(rules.number_prefix, issued.year, number, outcome.inputs.problems))


def points_rows(outcome: Outcome) -> list[list[object]]:
    """One row per unit of 单位 in the scheme's groups (镇街, then 部门): the plain table."""
    rows: list[list[object]] = []
    for group in (S.TOWN, S.DEPARTMENT):
        for r in sorted(_group(outcome, group), key=lambda r: r.unit.row):
            bundle = next((n for n in r.notes if _BUNDLE_NOTE in n), "")  # why bundled units share a result
            rows.append([group, r.name, num(r.unit.base), num(r.total),
                         rate_cell(r.rate, outcome.inputs.rules.rate_places), r.status, r.result,
                         number_cell(r.points, S.POINTS_PLACES), bundle])
    return rows


def points_table(outcome: Outcome, issued: dt.date) -> Draft:
    """The assessment points as a document: a table per group, signed by the issuing office."""
    rules = outcome.inputs.rules
    blocks: list[tuple[str, object]] = [("p", Y["points_intro"].format(
        year=rules.year, bonus=format_number(rules.advanced_bonus), penalty=format_number(rules.not_done_penalty)))]
    tables = []
    for n, (group, label) in enumerate(((S.TOWN, S.BULLETIN["group_towns"]),
                                        (S.DEPARTMENT, S.BULLETIN["group_depts"])), start=1):
        members = sorted(_group(outcome, group), key=lambda r: r.unit.row)
        body = tuple((str(i), r.name, format_number(r.unit.base), format_number(r.total), format_rate(r.rate, rules.rate_places),
                      r.status, r.result, format_number(r.points, S.POINTS_PLACES)) for i, r in enumerate(members, start=1))
        table = Table(Y["points_caption"].format(n=n, group=label), Y["points_columns"], body)
        tables.append(table)
        blocks.append(("table", table))
    return Draft(Y["points_title"].format(year=rules.year), "", tuple(blocks), rules.office,
                 date_text(issued), rules.cc, rules.year, 4, tuple(tables), masthead=rules.office)


def write_points_xlsx(outcome: Outcome, path: Path, issued: dt.date) -> Path:
    """The points table as a plain workbook, for the office that collects them."""
    from openpyxl import Workbook

    from ..io.atomic import atomic_write
    from ..template.package import with_ordered_styles

    rules = outcome.inputs.rules
    wb = Workbook()
    ws = wb.active
    ws.title = Y["points_sheet"]
    for row in ([Y["points_title"].format(year=rules.year)], list(Y["points_xlsx_columns"]),
                *points_rows(outcome), [], [Y["signed"].format(office=rules.office, date=date_text(issued))]):
        ws.append([_typed(ws, value) for value in row])
    for row in ws.iter_rows(min_row=3, min_col=5, max_col=8):  # 完成率 and 考核得分 as the sheets show them
        row[0].number_format = rate_number_format(rules.rate_places)
        row[3].number_format = "0." + "0" * S.POINTS_PLACES
    path = Path(path)
    saved = io.BytesIO()
    wb.save(saved)  # in memory: a full disk then fails one plain write, never a library's open zip file
    with atomic_write(path) as tmp:
        tmp.write_bytes(with_ordered_styles(saved.getvalue()))
    return path


def _typed(ws, value: object) -> object:
    """A value of the points table as a cell: text from data is always text (a unit named
    「=1+1」 is no formula), XML-safe and with a literal _xHHHH_ kept literal."""
    from openpyxl.cell.cell import Cell

    if not isinstance(value, str):
        return value
    cell = Cell(ws, value=cell_text(value))
    cell.data_type = "s"
    return cell


def write_all(outcome: Outcome, book: Path, issued: dt.date, out: Path | None = None,
              outputs: Outputs | None = None, number: int | None = None) -> tuple[Path, ...]:
    """The commendation draft (at `out`, or beside `book`) and the assessment points as .docx
    and .xlsx beside it, each at a path `outputs` grants. The caller has made sure nothing
    is pending. Stopped part way, PartlyWritten says which were written."""
    from .layout import Blank, write_docx

    year = outcome.inputs.rules.year
    blank = Blank()
    with outputs or Outputs([book]) as granted:
        target = granted.document(out or book.with_name(Y["commendation_file"].format(year=year)))
        stem = target.with_name(Y["points_file"].format(year=year))
        jobs = [(target, lambda p: write_docx(commendation(outcome, issued, number), p, blank)),
                (granted.document(stem.with_suffix(".docx")), lambda p: write_docx(points_table(outcome, issued), p, blank)),
                (granted.document(stem.with_suffix(".xlsx"), ".xlsx"),
                 lambda p: write_points_xlsx(outcome, p, issued))]
        return tuple(write_each(jobs))
