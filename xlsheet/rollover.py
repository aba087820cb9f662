"""The assessment year as a cycle: what next year's workbook carries from this year's.

Pure: the source's raw tables and outcome in, the rows of next year's sheets out. The rule
sheets are carried as staff edited them (cell values as typed, in the template's column
order), with 考核年度 set to the new year; the record sheets stay empty; 上年结果 gets each
unit's cumulative points per quarter, total, completion rate, rank and 评先结果. An older
book is brought to today's layout on the way: moved 参数 rows go to their sheets, missing
parameters and sheets come with their defaults, and each addition is listed once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from . import names, parameters
from . import rules as defaults
from . import schema as S
from .check.kinds import scheme_rows
from .quarterly import quarterly
from .records import RawTable
from .render import Outcome, num
from .values import is_blank, rate_cell, show

CARRIED = (S.PARAMS_TABLE, S.UNITS_TABLE, S.POINTS_TABLE, S.BONUS_TABLE, S.EXTRA_RULES_TABLE,
           S.NOTICE_RULES_TABLE, S.ALIASES_TABLE)
R = S.ROLLOVER


def _plain(value: object) -> object:
    """A cell as it goes into the new book: a whole number read as 120.0 is written 120."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _rows(table: S.Table, raw: RawTable) -> list[list[object]]:
    return [[_plain(raw.cells[c][i]) if c in raw.cells else None for c in table.columns]
            for i in range(len(raw.row_numbers))]


def _params(raw: RawTable, year: int, sheets: set[str], added: list[str]) -> tuple[list[list[object]], dict[str, object]]:
    """参数 in the new layout: 考核年度 set to `year`; a moved parameter's row taken out (its
    value, as typed, by attribute, for its new sheet when the source lacks that sheet); a
    declared parameter the source lacks added with its default."""
    by_key = {p.key: p for p in S.PARAMETERS}
    matcher = names.Matcher(by_key)
    rows, moved, present = [], {}, set()
    for row in _rows(S.PARAMS_TABLE, raw):
        key = matcher.find(row[0]) if isinstance(row[0], str) else None
        param = by_key.get(key) if key else None
        if param is not None and param.moved:
            sheet, kind, column = param.moved
            if sheet not in sheets and not is_blank(row[1]):
                moved[param.attribute] = row[1]
                added.append(R["moved"].format(key=param.key, value=show(row[1]), sheet=sheet, kind=kind,
                                               column=column))
            elif sheet in sheets:
                added.append(R["dropped"].format(key=param.key, sheet=sheet))
            continue
        if param is not None:
            present.add(param.key)
            if param.default is None:
                row = [row[0], year, *row[2:]]
        rows.append(row)
    for key, default, note in parameters.sheet_rows(year):
        if key not in present:
            rows.append([key, default, note])
            added.append(R["param"].format(key=key, default=show(default) or S.PARAM_DOC["blank"]))
    return rows, moved


def _marked(rows: list[list[object]], added: list[str]) -> list[list[object]]:
    """计分标准 from before 上级录用时不计: the column filled as the book was read (是 for the
    county's 约稿上报信息 alone)."""
    at = S.POINTS_TABLE.columns.index(S.S_NOT_IF_HIGHER)
    level, pub = S.POINTS_TABLE.columns.index(S.S_LEVEL), S.POINTS_TABLE.columns.index(S.S_PUB)
    target = names.key(S.COMMISSIONED_PUB)
    marked = []
    for row in rows:
        yes = row[level] == S.LEVEL_COUNTY and isinstance(row[pub], str) and names.key(row[pub]) == target
        marked.append([*row[:at], S.YES if yes else S.NO, *row[at + 1:]])
        if yes:
            added.append(R["marked"].format(sheet=S.POINTS, column=S.S_NOT_IF_HIGHER, pub=row[pub]))
    return marked


@dataclass(frozen=True)
class Carried:
    """Next year's sheets' rows, and what was added to bring an older book to today's layout
    (one line each, for the console and the new book's 说明)."""

    rows: dict[str, Sequence[Sequence[object]]]
    added: tuple[str, ...]


def carried_rows(tables: Mapping[str, RawTable], outcome: Outcome, year: int) -> Carried:
    rows: dict[str, Sequence[Sequence[object]]] = {}
    added: list[str] = []
    sheets = set(tables)
    rows[S.PARAMS], moved = _params(tables[S.PARAMS], year, sheets, added)
    for table in CARRIED[1:]:
        raw = tables.get(table.sheet)
        if raw is not None:
            rows[table.sheet] = _rows(table, raw)
        elif table.sheet == S.ALIASES:  # a book from before the sheet existed: the template's own rows
            rows[table.sheet] = list(defaults.ALIASES)
            added.append(R["sheet"].format(sheet=table.sheet))
        else:  # a kinds sheet: the scheme's kinds, with the values of the moved 参数 rows
            rows[table.sheet] = scheme_rows(table, moved)
            added.append(R["sheet"].format(sheet=table.sheet))
    if S.S_NOT_IF_HIGHER not in tables[S.POINTS].columns:
        rows[S.POINTS] = _marked(_rows(S.POINTS_TABLE, tables[S.POINTS]), added)
    for sheet in (S.ADOPTIONS, S.INSTRUCTIONS, S.EXTRAS, S.NOTICES, S.DECISIONS):
        rows[sheet] = []
    results = outcome.assessment.by_name()
    last = []
    for q in quarterly(outcome.inputs.units, outcome.ledger, 4):
        r = results[q.unit.name]
        last.append([q.unit.name, q.unit.category, num(q.unit.base), *(num(v) for v in q.cumulative), num(r.total),
                     rate_cell(r.rate, outcome.inputs.rules.rate_places), r.rank, r.result, outcome.inputs.rules.year])
    rows[S.LAST_YEAR] = last
    return Carried(rows, tuple(added))
