"""The rule sheets: 别名, 参数, 计分标准 and 批示加分 (the kinds sheets are in `kinds`)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .. import names, parameters
from .. import rules as defaults
from .. import schema as S
from ..parameters import split
from ..records import PointRule, RawRow, RawTable, StructureError
from ..values import is_blank, show, to_points
from .cells import Log, code_of, lookup_of

# The columns an 别名 row may serve, with their allowed values where those are fixed
# (None: the values come from a sheet: units, publications, instruction levels, kinds).
ALIAS_COLUMNS: dict[str, tuple[str, ...] | None] = {
    S.U_NAME: None, S.U_CATEGORY: S.CATEGORIES, S.A_LEVEL: S.LEVELS, S.A_PUB: None,
    S.A_CATEGORY: S.ITEM_CATEGORIES, S.I_LEVEL: None, S.E_KIND: None,
    S.N_KIND: None, S.YES_NO_COLUMN: (S.YES, S.NO),
}


@dataclass(frozen=True)
class Aliases:
    """Other spellings per column: {column: {typed: value}}, and the 别名 row of each."""

    spellings: dict[str, dict[str, str]] = field(default_factory=dict)
    rows: dict[tuple[str, str], int] = field(default_factory=dict)

    def of(self, column: str) -> dict[str, str]:
        return self.spellings.get(column, {})

    def check_values(self, log: Log, column: str, allowed: Sequence[str]) -> None:
        """An error for each alias of `column` whose value is not among `allowed`."""
        matcher = names.Matcher(allowed)
        for typed, value in self.of(column).items():
            if matcher.find(value) is None and (column, typed) in self.rows:
                row = RawRow(self.rows[(column, typed)], {S.AL_VALUE: value})
                log.error(S.ALIASES, row, S.AL_VALUE, S.M["alias_value"].format(
                    value=value, column=column, allowed=_shown(allowed)))


def _shown(allowed: Sequence[str], most: int = 12) -> str:
    return "、".join(allowed[:most]) + (S.M["more"] if len(allowed) > most else "")


def aliases(log: Log, table: RawTable | None) -> Aliases:
    """The 别名 sheet; a book without it reads the pre-filled rows (rules.ALIASES)."""
    if table is None:
        spellings: dict[str, dict[str, str]] = {}
        for column, typed, value, _ in defaults.ALIASES:
            spellings.setdefault(column, {})[typed] = value
        return Aliases(spellings)
    sheet = S.ALIASES
    spellings, rows = {}, {}
    keys: dict[tuple[str, str], int] = {}
    for row in table.rows:
        column = log.read(sheet, row, S.AL_COLUMN, lambda: code_of(S.AL_COLUMN, tuple(ALIAS_COLUMNS)),
                          "alias column")
        typed = log.text(sheet, row, S.AL_TYPED)
        value = log.text(sheet, row, S.AL_VALUE)
        if column is None or typed is None or value is None:
            continue
        allowed = ALIAS_COLUMNS[column]
        if allowed is not None and names.Matcher(allowed).find(value) is None:
            log.error(sheet, row, S.AL_VALUE, S.M["alias_value"].format(
                value=value, column=column, allowed=_shown(allowed)))
            continue
        k = (column, names.key(typed))
        if k in keys:
            log.error(sheet, row, S.AL_TYPED, S.M["alias_repeat"].format(column=column, value=typed, row=keys[k]))
            continue
        keys[k] = row.row
        spellings.setdefault(column, {})[typed] = value
        rows[(column, typed)] = row.row
    return Aliases(spellings, rows)


def yes_no(aliases: Aliases) -> names.Matcher:
    """Matches 是 and 否 and their aliases (the 别名 rows under 列名 「是否」)."""
    return names.Matcher((S.YES, S.NO), aliases.of(S.YES_NO_COLUMN))


def params(log: Log, table: RawTable, default_year: int, sheets: Collection[str] = ()) -> dict[str, object]:
    """参数 as Rulebook values by attribute (see schema.PARAMETERS). A parameter typed on two
    rows takes the first value typed; a second value is an error. A row left blank warns and
    takes the default; a bad value is an error and takes the default; a row the book does not
    have takes the default silently (a book made before the parameter existed), except
    考核年度, whose default is the calendar's year (a warning says so); an unknown
    key warns. The row of a parameter moved to one of `sheets` (the book has it) is not used,
    with a warning: the sheet holds the value now."""
    sheet = S.PARAMS
    matcher = names.Matcher(p.key for p in S.PARAMETERS)
    rows: dict[str, RawRow] = {}
    for row in table.rows:
        key = log.text(sheet, row, S.P_KEY)
        if key is None:
            continue
        canonical = matcher.find(key)
        if canonical is None:
            log.warn(sheet, row, S.P_KEY, S.M["unknown_param"].format(value=key))
            continue
        if canonical in rows:  # typed twice: the first value counts, a blank one gives way
            first = rows[canonical]
            if is_blank(row.cells.get(S.P_VALUE)):
                continue
            if not is_blank(first.cells.get(S.P_VALUE)):
                log.error(sheet, row, S.P_KEY, S.M["duplicate_param"].format(key=canonical, row=first.row))
                continue
        rows[canonical] = row
    values: dict[str, object] = {}
    for param in S.PARAMETERS:
        default = parameters.parse_default(param, default_year)
        row = rows.get(param.key)
        if row is None or (param.moved and param.moved[0] in sheets):
            values[param.attribute] = default
            if row is None and param.default is None:  # 考核年度: this year by the calendar, said so
                log.warn(sheet, RawRow(0, {}), S.P_KEY, S.M["missing_year_row"].format(key=param.key, year=default))
            if row is not None:
                sheet_, kind, column = param.moved
                log.warn(sheet, row, S.P_KEY, S.M["moved_param"].format(key=param.key, sheet=sheet_, kind=kind,
                                                                        column=column))
            continue
        if is_blank(row.cells.get(S.P_VALUE)) and (param.default is None or not is_blank(param.default)):
            shown = default_year if param.default is None else param.default
            log.warn(sheet, row, S.P_VALUE, S.M["missing_param"].format(key=param.key, default=shown))
            values[param.attribute] = default
            continue
        value = _param(log, param, row, default_year)
        values[param.attribute] = default if value is None else value
    return values


def _param(log: Log, param: S.Param, row: RawRow, default_year: int) -> object:
    """The value of `param` in `row`, or None after recording the error."""
    sheet, key = S.PARAMS, param.key
    shown = default_year if param.default is None else param.default
    if param.type in parameters.NUMERIC:
        parse, message = parameters.NUMERIC[param.type]
        message += S.M["param_default"].format(default=shown)
        value = log.parsed(sheet, row, S.P_VALUE, parse, message, label=key)
        if value is not None and not param.low <= value <= param.high:  # type: ignore[operator]
            low, high = parameters.shown_range(param)
            log.error(sheet, row, S.P_VALUE, S.M["param_range"].format(key=key, low=low, high=high, default=shown))
            return None
        return value
    if param.type == S.CHOICE:
        unknown = S.M["bad_code"] + S.M["param_default"].format(default=shown)
        return log.read(sheet, row, S.P_VALUE, lambda: lookup_of(key, names.Matcher(param.choices), unknown,
                                                                  allowed="、".join(param.choices)), "choice", key)
    if param.type == S.LIST:
        matcher = names.Matcher(param.choices)
        raw = log.text(sheet, row, S.P_VALUE, required=False)
        if raw is None:
            return None
        parts = split(raw, S.LIST_SEPARATORS)
        found = [matcher.find(p) for p in parts]
        if not found or None in found:
            bad = next((p for p, f in zip(parts, found, strict=True) if f is None), raw)
            log.error(sheet, row, S.P_VALUE, S.M["bad_code"].format(
                column=key, value=bad, allowed="、".join(param.choices)) + S.M["param_default"].format(default=shown))
            return None
        return parameters.listed(found)
    raw = row.cells.get(S.P_VALUE)
    if isinstance(raw, (bool, dt.date)):  # TRUE or a date where words belong
        log.error(sheet, row, S.P_VALUE, S.M["not_text"].format(key=key, value=show(raw), default=parameters.default_text(param)))
        return None
    text = log.text(sheet, row, S.P_VALUE, required=False)
    if key == S.K_NUMBER_PREFIX and text and not _office_code(text):
        log.error(sheet, row, S.P_VALUE, S.M["bad_number_prefix"].format(key=key))
        return None
    return text


def _office_code(text: str) -> bool:
    """A 机关代字 (慈政办): letters only, without 第 or 号; no digit, bracket, space or invisible mark."""
    return all(unicodedata.category(c).startswith("L") and c not in S.NUMBER_PREFIX_WORDS for c in text)


def points(log: Log, table: RawTable, aliases: Aliases) -> dict[tuple[str, str], PointRule]:
    """计分标准: one rule per (level, publication); a repeat is an error and the first counts.
    上级录用时不计 may be blank (否); a book without the column marks the county's 约稿上报信息."""
    sheet = S.POINTS
    level_of = code_of(S.S_LEVEL, S.LEVELS, aliases.of(S.A_LEVEL))
    yes_of = lookup_of(S.S_QUALIFIES, yes_no(aliases), S.M["bad_code"], allowed="、".join((S.YES, S.NO)))
    mark_of = lookup_of(S.S_NOT_IF_HIGHER, yes_no(aliases), S.M["bad_code"], allowed="、".join((S.YES, S.NO)))
    marked = S.S_NOT_IF_HIGHER in table.columns
    commissioned = names.key(S.COMMISSIONED_PUB)
    result: dict[tuple[str, str], PointRule] = {}
    for row in table.rows:
        level = log.read(sheet, row, S.S_LEVEL, lambda: level_of, "points level")
        pub = log.text(sheet, row, S.S_PUB)
        points = log.parsed(sheet, row, S.S_POINTS, to_points, S.M["not_number"])
        qualifies = log.read(sheet, row, S.S_QUALIFIES, lambda: yes_of, "points qualifies")
        if marked:
            not_if_higher = (S.NO if is_blank(row.cells.get(S.S_NOT_IF_HIGHER))
                             else log.read(sheet, row, S.S_NOT_IF_HIGHER, lambda: mark_of, "points not if higher"))
        else:  # a book from before the column: reading 2 applies to the county's 约稿上报 row
            not_if_higher = S.YES if level == S.LEVEL_COUNTY and pub and names.key(pub) == commissioned else S.NO
        if points is not None and points < 0:  # type: ignore[operator]
            log.error(sheet, row, S.S_POINTS, S.M["negative"].format(column=S.S_POINTS))
            continue
        if None in (level, pub, points, qualifies, not_if_higher):
            continue
        key = (level, names.key(pub))
        if key in result:
            log.error(sheet, row, S.S_PUB, S.M["duplicate_point"].format(level=level, value=pub, row=result[key].row))
            continue
        result[key] = PointRule(row.row, level, pub, points, qualifies == S.YES, not_if_higher == S.YES)
    if not result:
        raise StructureError(S.M["no_points"])
    return result


def bonus(log: Log, table: RawTable) -> dict[str, Fraction]:
    """批示加分: points per instruction level; a repeated level is an error and the first counts."""
    sheet = S.BONUS
    result: dict[str, Fraction] = {}
    first: dict[str, int] = {}
    for row in table.rows:
        level = log.text(sheet, row, S.B_LEVEL)
        points = log.parsed(sheet, row, S.B_POINTS, to_points, S.M["not_number"])
        if points is not None and points < 0:  # type: ignore[operator]
            log.error(sheet, row, S.B_POINTS, S.M["negative"].format(column=S.B_POINTS))
            continue
        if level is None or points is None:
            continue
        k = names.key(level)
        if k in first:
            log.error(sheet, row, S.B_LEVEL, S.M["duplicate_bonus"].format(value=level, row=first[k]))
            continue
        first[k] = row.row
        result[level] = points  # type: ignore[assignment]
    return result
