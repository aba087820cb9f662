"""Render: results to the output tables of the contract, as plain rows of values.

Shared by the file adapter and the xlwings adapter, so the command line and
Excel cannot drift apart. Numbers leave the exact world here: integers stay
int, other values become the nearest float.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from . import schema as S
from .assess import Assessment, assess, cap_note
from .check import check, problem_order
from .informants import informants
from .quarterly import quarterly, same_quarter_last_year
from .records import Inputs, Problem, RawTable
from .records import counts as counts_of
from .score import Line, score
from .values import number_cell, rate_cell, rate_number_format

Cell = str | int | float | None


def num(value: Fraction | int | None) -> int | float | None:
    if value is None or type(value) is int:
        return value
    if value.denominator == 1:
        return int(value)
    return float(value)


@dataclass(frozen=True)
class Outcome:
    """Everything one recalculation produced."""

    inputs: Inputs
    ledger: tuple[Line, ...]
    assessment: Assessment
    tables: dict[str, list[list[Cell]]]  # sheet -> rows, header first

    @property
    def problems(self) -> tuple[Problem, ...]:
        """What 校验 lists: the input's problems, then the decisions' (found in assessment)."""
        return problems_of(self.inputs, self.assessment)

    @property
    def errors(self) -> int:
        return counts_of(self.problems)[0]

    @property
    def warnings(self) -> int:
        return counts_of(self.problems)[1]

    @property
    def error_rows(self) -> int:
        """How many input rows have errors (a row with three errors is one row left out)."""
        return len({(p.sheet, p.row) for p in self.problems if p.is_error})

    @property
    def number_formats(self) -> dict[str, dict[int, str]]:
        """What both adapters give the output sheets besides values: see number_formats."""
        return number_formats(self.tables, self.inputs.rules.rate_places)


def number_formats(tables: dict[str, list[list[Cell]]], places: int) -> dict[str, dict[int, str]]:
    """Per output sheet, the number format each 完成率 column (from 0) shows below its header:
    参数 完成率小数位数's decimals, as the documents write them (values.format_rate)."""
    code = rate_number_format(places)
    found = {sheet: {col: code for col, name in enumerate(rows[0]) if name in S.PERCENT_COLUMNS}
             for sheet, rows in tables.items() if rows}
    return {sheet: columns for sheet, columns in found.items() if columns}


def problems_of(inputs: Inputs, assessment: Assessment) -> tuple[Problem, ...]:
    return tuple(sorted(inputs.problems + assessment.problems, key=problem_order))


def run(tables: dict[str, RawTable], default_year: int | None = None) -> Outcome:
    """The whole pipeline: check, score, assess, render."""
    return conclude(check(tables, default_year))


def conclude(inputs: Inputs) -> Outcome:
    """The pipeline after checking: score, assess, render."""
    ledger = score(inputs)
    assessment = assess(inputs, ledger)
    return Outcome(inputs, ledger, assessment, render(inputs, ledger, assessment))


def counts(outcome: Outcome) -> tuple[str, str]:
    """Two lines for people: what was read, and how many problems were found."""
    i = outcome.inputs
    return (S.CLI_TEXT["summary"].format(units=len(i.units), adoptions=len(i.adoptions),
                                         instructions=len(i.instructions), extras=len(i.extras),
                                         notices=len(i.notices)),
            S.CLI_TEXT["problems"].format(errors=outcome.errors, warnings=outcome.warnings))


def detail_rows(ledger: Sequence[Line]) -> list[list[Cell]]:
    """得分明细: the header, then one row per ledger line."""
    detail: list[list[Cell]] = [list(S.DETAIL_TABLE.columns)]
    detail += [[line.unit, line.sheet, line.row, line.number, line.title, line.entry,
                num(line.points), line.note]
               for line in ledger]
    return detail


def render(inputs: Inputs, ledger: Sequence[Line], assessment: Assessment) -> dict[str, list[list[Cell]]]:
    caps = {c.group: c for c in assessment.caps}
    places = inputs.rules.rate_places

    def rate(value: Fraction | None) -> Cell:
        return rate_cell(value, places)

    scores: list[list[Cell]] = [list(S.SCORES_TABLE.columns)]
    ranking: list[list[Cell]] = [list(S.RANKING_TABLE.columns)]
    for r in assessment.results:
        notes = list(r.notes)
        if r.notices:
            notes.append(S.NOTE["notices"].format(count=r.notices))
        if r.result in (S.RESULT_ADVANCED, S.RESULT_TIED) and r.group in caps:
            notes.append(cap_note(caps[r.group]))
        note = "；".join(notes)
        scores.append([r.name, r.group, num(r.unit.base), num(r.adoption), num(r.instruction),
                       num(r.extra), num(r.deduction), num(r.total), rate(r.rate), r.status,
                       r.qualifying, r.notices, r.eligible, r.result, number_cell(r.points, S.POINTS_PLACES), note])
        ranking.append([r.group, r.rank, r.name, num(r.total), num(r.unit.base), rate(r.rate),
                        r.eligible, r.result, number_cell(r.points, S.POINTS_PLACES), note,
                        rate(r.rate) if r.group == S.TOWN else None,
                        rate(r.rate) if r.group == S.DEPARTMENT else None,
                        1 if r.rate is not None else None])
    quarter: list[list[Cell]] = [list(S.QUARTERLY_TABLE.columns)]
    rows = quarterly(inputs.units, ledger)
    # 同比: only when the book carries last year's results, two more columns
    last = same_quarter_last_year(rows, inputs.last_year) if inputs.last_year else None
    if last is not None:
        quarter[0] += [S.O_LAST_YEAR, S.O_CHANGE]
    for q in rows:
        row = ([q.unit.name, q.unit.category, num(q.unit.base)] + [num(v) for v in q.cumulative]
               + [rate(q.rate), num(q.remaining), round(float(q.projection), 2), S.NOTE["as_of"].format(quarter=q.as_of)])
        if last is not None:
            before = last[q.unit.name]
            row += [num(before), S.NEW_THIS_YEAR if before is None else num(q.to_date - before)]
        quarter.append(row)
    people: list[list[Cell]] = [list(S.INFORMANTS_TABLE.columns)]
    rules = inputs.rules
    note = S.NOTE["informant_order"].format(order="、".join(rules.informant_order))
    if rules.coauthor == S.COAUTHOR_SPLIT:
        note += "；" + S.NOTE["informant_split"]
    for i in (i for i in informants(ledger, rules) if i.rank <= rules.informant_count):
        people.append([i.rank, i.name, i.unit, i.items, num(i.points), note,
                       None if i.days is None else round(float(i.days), 1)])
    problems: list[list[Cell]] = [list(S.CHECK_TABLE.columns)]
    for p in problems_of(inputs, assessment):
        problems.append([p.level, p.sheet, p.row or None, p.column, p.content, p.message])
    return {S.SCORES: scores, S.RANKING: ranking, S.DETAIL: detail_rows(ledger), S.QUARTERLY: quarter,
            S.INFORMANTS: people, S.CHECK: problems}
