"""The optional 上年结果 sheet (written by `xlsheet template --from`): last year's cumulative
points per quarter, for the year-over-year figures (同比). A value that is not a number is
a warning and is left out; the year's own scoring never depends on this sheet."""

from __future__ import annotations

from fractions import Fraction

from .. import names
from .. import schema as S
from ..records import LastYear, RawTable
from ..values import to_fraction
from .cells import Log, parsed_of


def last_year(log: Log, table: RawTable | None) -> tuple[LastYear, ...]:
    if table is None:
        return ()
    found: list[LastYear] = []
    for row in table.rows:
        unit = names.clean(row.cells.get(S.LY_UNIT))
        if not unit:
            continue
        values: list[Fraction | None] = []
        for column in S.QUARTER_COLUMNS:
            value, message = parsed_of(column, to_fraction, S.M["not_number"], required=False)(row.cells.get(column))
            if message:
                log.warn(S.LAST_YEAR, row, column, message)
            values.append(value)  # type: ignore[arg-type]
        found.append(LastYear(row.row, unit, tuple(values)))  # type: ignore[arg-type]
    return tuple(found)
