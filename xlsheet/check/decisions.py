"""The optional 评先裁定 sheet: staff's decisions, read here; whether each applies (the unit is
tied at a cut, or is an 其他 unit) is known only after assessment (assess.apply_decisions)."""

from __future__ import annotations

from .. import names
from .. import schema as S
from ..records import Decision, RawTable
from .cells import Log, code_of


def decisions(log: Log, table: RawTable | None, units: names.Matcher, year: int) -> tuple[Decision, ...]:
    """One decision per unit; a second row for the same unit is an error and is not used."""
    if table is None:
        return ()
    sheet = S.DECISIONS
    result_of = code_of(S.D_RESULT, S.DECISION_CODES)
    found: list[Decision] = []
    first: dict[str, int] = {}
    for row in table.rows:
        before = log.errors
        unit = log.lookup(sheet, row, S.D_UNIT, units, S.M["unknown_unit"])
        result = log.read(sheet, row, S.D_RESULT, lambda: result_of, "decision result")
        date = log.date(sheet, row, S.D_DATE, year)
        basis = log.text(sheet, row, S.D_BASIS, required=False)
        if log.errors > before or unit is None or result is None:
            continue
        if unit in first:
            log.error(sheet, row, S.D_UNIT, S.M["decision_repeat"].format(value=unit, row=first[unit]))
            continue
        first[unit] = row.row
        found.append(Decision(row.row, unit, result, basis or "", date))  # type: ignore[arg-type]
    return tuple(found)
