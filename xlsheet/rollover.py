"""The assessment year as a cycle: what next year's workbook carries from this year's.

Pure: the source's raw tables and outcome in, the rows of next year's sheets out. The rule
sheets are carried as staff edited them (cell values as typed, in the template's column
order), with 考核年度 set to the new year; the record sheets stay empty; 上年结果 gets each
unit's cumulative points per quarter, total, completion rate, rank and 评先结果.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from . import names
from . import rules as defaults
from . import schema as S
from .quarterly import quarterly
from .records import RawTable
from .render import Outcome, num

CARRIED = (S.PARAMS_TABLE, S.UNITS_TABLE, S.POINTS_TABLE, S.BONUS_TABLE, S.ALIASES_TABLE)


def _plain(value: object) -> object:
    """A cell as it goes into the new book: a whole number read as 120.0 is written 120."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _rows(table: S.Table, raw: RawTable) -> list[list[object]]:
    return [[_plain(raw.cells[c][i]) if c in raw.cells else None for c in table.columns]
            for i in range(len(raw.row_numbers))]


def carried_rows(tables: Mapping[str, RawTable], outcome: Outcome, year: int) -> dict[str, Sequence[Sequence[object]]]:
    rows: dict[str, Sequence[Sequence[object]]] = {}
    for table in CARRIED:
        raw = tables.get(table.sheet)
        if raw is None:  # 别名, in a book from before the sheet existed: the template's own rows
            rows[table.sheet] = list(defaults.ALIASES)
        else:
            rows[table.sheet] = _rows(table, raw)
    year_key = names.key(S.K_YEAR)
    rows[S.PARAMS] = [[row[0], year, *row[2:]] if isinstance(row[0], str) and names.key(row[0]) == year_key else row
                      for row in rows[S.PARAMS]]
    for sheet in (S.ADOPTIONS, S.INSTRUCTIONS, S.EXTRAS, S.NOTICES, S.DECISIONS):
        rows[sheet] = []
    results = outcome.assessment.by_name()
    last = []
    for q in quarterly(outcome.inputs.units, outcome.ledger, 4):
        r = results[q.unit.name]
        last.append([q.unit.name, q.unit.category, num(q.unit.base), *(num(v) for v in q.cumulative), num(r.total),
                     num(r.rate), r.rank, r.result, outcome.inputs.rules.year])
    rows[S.LAST_YEAR] = last
    return rows
