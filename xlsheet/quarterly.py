"""Quarterly cumulative totals (scheme 二(八)): the ledger summed up to each quarter's end.

The figures "to date" (completion rate, points still needed, year-end projection at the
current pace) are taken at the end of the latest quarter that has a dated line, or of
the quarter asked for.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from . import names
from .records import LastYear, Unit
from .score import Line
from .values import Exact


@dataclass(frozen=True)
class QuarterRow:
    unit: Unit
    cumulative: tuple[Exact, Exact, Exact, Exact]
    as_of: int

    @property
    def to_date(self) -> Exact:
        return self.cumulative[self.as_of - 1]

    @property
    def rate(self) -> Fraction | None:
        return None if self.unit.base is None else Fraction(self.to_date) / self.unit.base

    @property
    def remaining(self) -> Exact | None:
        return None if self.unit.base is None else max(self.unit.base - self.to_date, 0)

    @property
    def projection(self) -> Fraction:
        """The year's total if the pace so far holds: to date × 4 / quarters elapsed."""
        return Fraction(self.to_date) * 4 / self.as_of


def quarter_of(line: Line) -> int:
    """1 to 4 by the line's date; a line without a date counts from the year's end (4)."""
    return 4 if line.date is None else (line.date.month - 1) // 3 + 1


def latest_quarter(ledger: Iterable[Line]) -> int:
    """The latest quarter with a dated line (1 when there is none)."""
    return max((quarter_of(line) for line in ledger if line.date is not None), default=1)


def quarterly(units: Iterable[Unit], ledger: Iterable[Line], as_of: int | None = None) -> list[QuarterRow]:
    lines = list(ledger)
    as_of = as_of or latest_quarter(lines)
    per: dict[str, list] = defaultdict(lambda: [0] * 4)
    for line in lines:
        if line.unit and line.points:
            per[line.unit][quarter_of(line) - 1] += line.points
    rows = []
    for unit in units:
        running = 0
        cumulative = []
        for value in per[unit.name]:
            running += value
            cumulative.append(running)
        rows.append(QuarterRow(unit, tuple(cumulative), as_of))
    return rows


def same_quarter_last_year(rows: Iterable[QuarterRow], last_year: Iterable[LastYear]) -> dict[str, Exact | None]:
    """Each unit's cumulative points at the same quarter's end last year (None: not in 上年结果,
    a unit new this year), matched by name as names.key compares them."""
    previous = {names.key(ly.unit): ly for ly in last_year}
    found: dict[str, Exact | None] = {}
    for q in rows:
        ly = previous.get(names.key(q.unit.name))
        found[q.unit.name] = None if ly is None else ly.cumulative[q.as_of - 1]
    return found
