"""Typed records of the input sheets, problems, and the raw tables they come from.

Every record remembers the sheet and the row number as Excel shows it, so each
point and each problem can be traced back to a cell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from pathlib import Path
from typing import NamedTuple

from . import parameters
from . import schema as S


class StructureError(Exception):
    """The workbook cannot be processed at all (missing sheet, header, unreadable file).

    The message is one complete sentence in Chinese, for the user.
    """


class PartlyWritten(Exception):
    """A run that writes several files stopped after writing some of them."""

    def __init__(self, written: Sequence[Path], missing: Sequence[Path], reason: str) -> None:
        super().__init__(reason)
        self.written, self.missing, self.reason = tuple(written), tuple(missing), reason

    def message(self, listed: int = 10) -> str:
        """One paragraph for people: how many were written where, which are missing, and why."""
        folders = sorted({str(p.parent) for p in self.written})
        missing = "、".join(p.name for p in self.missing[:listed])
        if len(self.missing) > listed:
            missing += S.TARGETS["and_more"].format(count=len(self.missing) - listed)
        return S.TARGETS["partly"].format(count=len(self.written), folder="、".join(folders),
                                  missing_count=len(self.missing), missing=missing, reason=self.reason)


@dataclass(frozen=True)
class RawRow:
    """A non-blank row of a table: its Excel row number and its cells by column name."""

    row: int
    cells: dict[str, object]


@dataclass(frozen=True)
class RawTable:
    """A table's non-blank rows, held by column: `cells[name][i]` is in Excel row `row_numbers[i]`."""

    sheet: str
    header_row: int
    columns: tuple[str, ...]
    row_numbers: tuple[int, ...]
    cells: dict[str, Sequence[object]]

    def column(self, name: str) -> Sequence[object]:
        """The values of column `name`; a column the sheet does not have is all None."""
        found = self.cells.get(name)
        return found if found is not None else (None,) * len(self.row_numbers)

    def row(self, index: int) -> RawRow:
        """Row number `index` (0 for the first non-blank row) as a RawRow, for a message."""
        return RawRow(self.row_numbers[index], {c: self.cells[c][index] for c in self.columns})

    @cached_property
    def rows(self) -> tuple[RawRow, ...]:
        """The rows one by one, for the small sheets that are checked row by row."""
        names = self.columns
        values = zip(*(self.cells[c] for c in names), strict=True)
        return tuple(RawRow(r, dict(zip(names, v, strict=True)))
                     for r, v in zip(self.row_numbers, values, strict=True))


@dataclass(frozen=True, order=True)
class Problem:
    sheet: str
    row: int
    column: str
    level: str
    content: str
    message: str
    reading: bool = False  # a value read by interpretation (a short form, a prefix, ...): one per spelling

    @property
    def is_error(self) -> bool:
        return self.level == S.ERROR


def counts(problems: Sequence[Problem]) -> tuple[int, int]:
    """How many of `problems` are errors, and how many warnings."""
    errors = sum(1 for p in problems if p.is_error)
    return errors, len(problems) - errors


@dataclass(frozen=True)
class Unit:
    row: int
    name: str
    category: str
    base: Fraction | None
    bundle: str
    note: str = ""


@dataclass(frozen=True, eq=False)
class PointRule:
    """One row of 计分标准. Adoptions share these objects, which compare (and hash) by identity."""

    row: int
    level: str
    publication: str
    points: Fraction
    qualifies: bool
    not_if_higher: bool = False  # 上级录用时不计: 0 for an item also adopted at 宁波市 level or higher


@dataclass(frozen=True, eq=False)
class ExtraKind:
    """One row of 加分标准: what a kind of extra point gives, how often, on what condition."""

    row: int
    name: str
    share: bool  # 基础分比例: `value` × the unit's base; else `value` points
    value: Fraction
    yearly: bool  # 每年一次: once per unit and year; else each time
    approval: bool  # 需核定: only rows of 加分事项 with 核定 = 是 count
    min_days: int | None  # 最少天数: the 蹲岗天数 a row needs, or None


@dataclass(frozen=True, eq=False)
class NoticeKind:
    """One row of 通报标准: what a kind of notice deducts and what else it does."""

    row: int
    name: str
    method: str  # schema.SHARE, schema.FIXED or schema.NO_DEDUCTION
    value: Fraction  # the share of the base, or the points (0 with NO_DEDUCTION)
    counts: bool  # 计入通报次数: counts toward 通报取消评先次数
    deemed: bool  # 视同未完成: the unit is deemed not to have completed its base
    disqualifies: bool  # 取消评先: one such notice disqualifies


class Adoption(NamedTuple):
    row: int
    item: tuple[str, str]
    number: str
    unit: str
    title: str
    category: str
    informants: tuple[str, ...]
    level: str
    publication: str
    date: dt.date
    rule: PointRule
    reported: dt.date | None = None
    share: Fraction | int = 1  # of the item's points, for a joint report (联合报送计分)
    partners: tuple[str, ...] = ()  # every unit of a joint report, in the order typed; () for one unit


@dataclass(frozen=True)
class Instruction:
    row: int
    item: tuple[str, str]
    unit: str
    level: str
    leader: str
    date: dt.date | None
    share: Fraction | int = 1  # of the bonus, on a joint report's item
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class Extra:
    row: int
    unit: str
    kind: str
    date: dt.date | None
    days: int | None
    approved: bool
    approval: str = ""  # 核定 as typed, for the note of a row not approved


@dataclass(frozen=True)
class Notice:
    row: int
    unit: str
    kind: str
    date: dt.date | None
    document: str


@dataclass(frozen=True)
class Decision:
    """A row of 评先裁定: staff's decision on a unit tied at a cap's cut, or on an 其他 unit."""

    row: int
    unit: str
    result: str
    basis: str
    date: dt.date | None


@dataclass(frozen=True)
class LastYear:
    """A row of 上年结果: a unit's cumulative points at each quarter's end of last year."""

    row: int
    unit: str
    cumulative: tuple[Fraction | None, Fraction | None, Fraction | None, Fraction | None]


@dataclass(frozen=True)
class Rulebook:
    """Everything the rules read from 参数, 计分标准, 批示加分, 加分标准 and 通报标准.

    Each 参数 is an attribute named by its declaration (schema.PARAMETERS): `rules.town_ratio`
    is `values["town_ratio"]`, or the declared default where `values` lacks it.
    """

    values: Mapping[str, object] = field(default_factory=dict)
    points: dict[tuple[str, str], PointRule] = field(default_factory=dict)
    bonus: dict[str, Fraction] = field(default_factory=dict)
    extra_kinds: dict[str, ExtraKind] = field(default_factory=dict)
    notice_kinds: dict[str, NoticeKind] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for param in S.PARAMETERS:
            value = (self.values[param.attribute] if param.attribute in self.values
                     else parameters.parse_default(param, dt.date.today().year))
            object.__setattr__(self, param.attribute, value)


@dataclass(frozen=True)
class Inputs:
    """The checked input: records plus the problems found on the way."""

    rules: Rulebook
    units: tuple[Unit, ...]
    adoptions: tuple[Adoption, ...]
    instructions: tuple[Instruction, ...]
    extras: tuple[Extra, ...]
    notices: tuple[Notice, ...]
    problems: tuple[Problem, ...]
    # Rows that were read but are not counted at all (errors), for zero lines in 得分明细:
    # (sheet, row, unit or '', item number, title)
    rejected: tuple[tuple[str, int, str, str, str], ...] = ()
    decisions: tuple[Decision, ...] = ()
    last_year: tuple[LastYear, ...] = ()

    @property
    def errors(self) -> int:
        return counts(self.problems)[0]

    @property
    def warnings(self) -> int:
        return counts(self.problems)[1]
