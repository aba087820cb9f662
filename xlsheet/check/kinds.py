"""The kinds sheets, 加分标准 and 通报标准: rows in, one ExtraKind / NoticeKind per kind out.

A bad row is an error located in its sheet and the kind is not defined (加分事项 or 通报记录
rows naming it are then errors of their own). A book from before these sheets existed reads
the scheme's kinds (rules.EXTRA_KINDS, rules.NOTICE_KINDS) with the values of its moved
参数 rows (schema.Param.moved) in their cells: it scores as it did.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction

from .. import names
from .. import rules as defaults
from .. import schema as S
from ..records import ExtraKind, NoticeKind, RawRow, RawTable
from ..values import format_percent, is_blank, to_days, to_fraction, to_percent
from .cells import Log, code_of, lookup_of
from .rule_sheets import Aliases, yes_no

FIXED_RANGE = (0, 1000)  # points of a 固定分值 kind, as for the points parameters
SHARE_RANGE = (0, 1)  # a 基础分比例, 0% to 100%
DAYS_RANGE = (1, 366)


def scheme_rows(table: S.Table, values: Mapping[str, object]) -> list[tuple[object, ...]]:
    """The pre-filled rows of a kinds sheet, with the moved 参数 values (by attribute) in
    their cells: what a book without the sheet is read as, and what `template --from` writes."""
    rows = {S.EXTRA_RULES: defaults.EXTRA_KINDS, S.NOTICE_RULES: defaults.NOTICE_KINDS}[table.sheet]
    moved = {(p.moved[1], p.moved[2]): p.attribute for p in S.PARAMETERS if p.moved and p.moved[0] == table.sheet}
    out = []
    for row in rows:
        cells = dict(zip(table.columns, row, strict=True))
        for column in table.columns:
            attribute = moved.get((cells[table.columns[0]], column))
            if attribute is not None and attribute in values:
                cells[column] = values[attribute]
        out.append(tuple(cells[c] for c in table.columns))
    return out


def as_table(table: S.Table, rows: Sequence[Sequence[object]]) -> RawTable:
    """`rows` as the raw table of `table`, as if read from a sheet whose header is row 1."""
    return RawTable(table.sheet, 1, table.columns, tuple(range(2, 2 + len(rows))),
                    {c: [r[i] for r in rows] for i, c in enumerate(table.columns)})


def _yes(log: Log, sheet: str, row: RawRow, column: str, aliases: Aliases) -> bool | None:
    found = log.read(sheet, row, column, lambda: lookup_of(column, yes_no(aliases), S.M["bad_code"],
                                                           allowed="、".join((S.YES, S.NO))), "kind yes", column)
    return None if found is None else found == S.YES


def _amount(log: Log, sheet: str, row: RawRow, column: str, share: bool) -> Fraction | None:
    """分值 / 扣分值: a share of the base (typed like any percentage) or points, in range."""
    parse: Callable[[object], object] = to_percent if share else to_fraction
    value = log.parsed(sheet, row, column, parse, S.M["not_percent"] if share else S.M["not_number"])
    if value is None:
        return None
    low, high = SHARE_RANGE if share else FIXED_RANGE
    if not low <= value <= high:  # type: ignore[operator]
        shown = (format_percent(Fraction(low)), format_percent(Fraction(high))) if share else (low, high)
        log.error(sheet, row, column, S.M["kind_range"].format(column=column, low=shown[0], high=shown[1]))
        return None
    return Fraction(value)


def _first(log: Log, sheet: str, row: RawRow, column: str, name: str | None, seen: dict[str, int]) -> bool:
    """Whether `name` is not yet defined (a repeat is an error, and the first row counts)."""
    if name is None:
        return False
    key = names.key(name)
    if key in seen:
        log.error(sheet, row, column, S.M["duplicate_kind"].format(value=name, row=seen[key]))
        return False
    seen[key] = row.row
    return True


def extra_kinds(log: Log, table: RawTable, aliases: Aliases) -> dict[str, ExtraKind]:
    """加分标准 by kind name."""
    sheet = S.EXTRA_RULES
    kinds: dict[str, ExtraKind] = {}
    seen: dict[str, int] = {}
    for row in table.rows:
        before = log.errors
        name = log.text(sheet, row, S.EK_KIND)
        method = log.read(sheet, row, S.EK_METHOD, lambda: code_of(S.EK_METHOD, (S.FIXED, S.SHARE)), "extra method")
        value = None if method is None else _amount(log, sheet, row, S.EK_POINTS, method == S.SHARE)
        times = log.read(sheet, row, S.EK_TIMES, lambda: code_of(S.EK_TIMES, (S.EACH_TIME, S.ONCE_A_YEAR)),
                         "extra times")
        approval = _yes(log, sheet, row, S.EK_APPROVAL, aliases)
        days = log.parsed(sheet, row, S.EK_DAYS, to_days, S.M["not_days"], required=False)
        if days is not None and not DAYS_RANGE[0] <= days <= DAYS_RANGE[1]:  # type: ignore[operator]
            log.error(sheet, row, S.EK_DAYS, S.M["kind_range"].format(column=S.EK_DAYS, low=DAYS_RANGE[0],
                                                                      high=DAYS_RANGE[1]))
        if log.errors > before or not _first(log, sheet, row, S.EK_KIND, name, seen):
            continue
        kinds[name] = ExtraKind(row.row, name, method == S.SHARE, value, times == S.ONCE_A_YEAR,
                                approval, days)
    return kinds


def notice_kinds(log: Log, table: RawTable, aliases: Aliases) -> dict[str, NoticeKind]:
    """通报标准 by kind name."""
    sheet = S.NOTICE_RULES
    kinds: dict[str, NoticeKind] = {}
    seen: dict[str, int] = {}
    for row in table.rows:
        before = log.errors
        name = log.text(sheet, row, S.NK_KIND)
        method = log.read(sheet, row, S.NK_METHOD,
                          lambda: code_of(S.NK_METHOD, (S.SHARE, S.FIXED, S.NO_DEDUCTION)), "notice method")
        value: Fraction | None = Fraction(0)
        if method == S.NO_DEDUCTION:
            if not is_blank(row.cells.get(S.NK_POINTS)):
                log.warn(sheet, row, S.NK_POINTS, S.M["kind_unused_value"].format(method=method, column=S.NK_POINTS))
        elif method is not None:
            value = _amount(log, sheet, row, S.NK_POINTS, method == S.SHARE)
        counts = _yes(log, sheet, row, S.NK_COUNTS, aliases)
        deemed = _yes(log, sheet, row, S.NK_DEEMED, aliases)
        disqualifies = _yes(log, sheet, row, S.NK_DISQUALIFIES, aliases)
        if log.errors > before or not _first(log, sheet, row, S.NK_KIND, name, seen):
            continue
        kinds[name] = NoticeKind(row.row, name, method, value, counts, deemed, disqualifies)
    return kinds


def kinds(log: Log, tables: Mapping[str, RawTable], values: Mapping[str, object], aliases: Aliases
          ) -> tuple[dict[str, ExtraKind], dict[str, NoticeKind]]:
    """Both kinds sheets; a sheet the book lacks is read as the scheme's rows with the values
    of the moved 参数 rows (`values`, by attribute)."""
    def table(spec: S.Table) -> RawTable:
        found = tables.get(spec.sheet)
        return found if found is not None else as_table(spec, scheme_rows(spec, values))

    return (extra_kinds(log, table(S.EXTRA_RULES_TABLE), aliases),
            notice_kinds(log, table(S.NOTICE_RULES_TABLE), aliases))


def scheme_kinds() -> tuple[dict[str, ExtraKind], dict[str, NoticeKind]]:
    """The scheme's kinds as the template pre-fills them (for the guide sheet's wording)."""
    return kinds(Log(), {}, {}, Aliases())
