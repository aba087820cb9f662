"""Quarterly cumulative totals (scheme 二(八)): the ledger summed up to each quarter's end."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from ..records import Unit
from ..score import Line


@dataclass(frozen=True)
class QuarterRow:
    unit: Unit
    cumulative: tuple[Fraction, Fraction, Fraction, Fraction]

    @property
    def rate(self) -> Fraction | None:
        return None if self.unit.base is None else Fraction(self.cumulative[3]) / self.unit.base


def quarter_of(line: Line) -> int:
    """1 to 4 by the line's date; a line without a date counts from the year's end (4)."""
    return 4 if line.date is None else (line.date.month - 1) // 3 + 1


def quarterly(units: Iterable[Unit], ledger: Iterable[Line]) -> list[QuarterRow]:
    per: dict[str, list[Fraction]] = defaultdict(lambda: [0] * 4)
    for line in ledger:
        if line.unit and line.points:
            per[line.unit][quarter_of(line) - 1] += line.points
    rows = []
    for unit in units:
        q = per[unit.name]
        running = 0
        cumulative = []
        for value in q:
            running += value
            cumulative.append(running)
        rows.append(QuarterRow(unit, tuple(cumulative)))
    return rows
