"""The rule sheets: 别名, 参数, 计分标准 and 批示加分."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .. import names
from .. import rules as defaults
from .. import schema as S
from ..records import PointRule, RawRow, RawTable, StructureError
from ..values import is_blank, to_days, to_fraction, to_int, to_percent
from .cells import Log, code_of, lookup_of

# The columns an 别名 row may serve, with their allowed values where those are fixed
# (None: the values come from a sheet: units, publications, instruction levels).
ALIAS_COLUMNS: dict[str, tuple[str, ...] | None] = {
    S.U_NAME: None, S.U_CATEGORY: S.CATEGORIES, S.A_LEVEL: S.LEVELS, S.A_PUB: None,
    S.A_CATEGORY: S.ITEM_CATEGORIES, S.I_LEVEL: None, S.E_KIND: S.EXTRA_KINDS,
    S.N_KIND: S.NOTICE_KINDS, S.YES_NO_COLUMN: (S.YES, S.NO),
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


_PARSERS: dict[str, tuple[Callable[[object], object], str]] = {
    S.K_YEAR: (to_int, S.M["not_integer"]),
    S.K_TOWN_RATIO: (to_percent, S.M["not_percent"]),
    S.K_DEPT_RATIO: (to_percent, S.M["not_percent"]),
    S.K_NOTICE_RATIO: (to_percent, S.M["not_percent"]),
    S.K_SECONDMENT_RATIO: (to_percent, S.M["not_percent"]),
    S.K_SECONDMENT_DAYS: (to_days, S.M["not_days"]),
    S.K_NOTICE_LIMIT: (to_int, S.M["not_integer"]),
    S.K_DEEMED_POINTS: (to_fraction, S.M["not_number"]),
    S.K_INFORMANT_COUNT: (to_int, S.M["not_integer"]),
    S.K_TRAINING_POINTS: (to_fraction, S.M["not_number"]),
    S.K_MEETING_POINTS: (to_fraction, S.M["not_number"]),
    S.K_ADVANCED_BONUS: (to_fraction, S.M["not_number"]),
    S.K_NOT_DONE_PENALTY: (to_fraction, S.M["not_number"]),
}
# The sensible range of each numeric parameter; a value outside is an error and the default is used.
_RANGES: dict[str, tuple[object, object]] = {
    S.K_YEAR: (1990, 2100), S.K_TOWN_RATIO: (0, 1), S.K_DEPT_RATIO: (0, 1), S.K_NOTICE_RATIO: (0, 1),
    S.K_SECONDMENT_RATIO: (0, 1), S.K_SECONDMENT_DAYS: (1, 366), S.K_NOTICE_LIMIT: (1, 100),
    S.K_DEEMED_POINTS: (0, 1), S.K_INFORMANT_COUNT: (0, 1000), S.K_TRAINING_POINTS: (0, 1000),
    S.K_MEETING_POINTS: (0, 1000), S.K_ADVANCED_BONUS: (0, 10), S.K_NOT_DONE_PENALTY: (0, 10),
}
_CHOICES = {S.K_BONUS_MODE: (S.BONUS_CUMULATIVE, S.BONUS_HIGHEST),
            S.K_COAUTHOR: (S.COAUTHOR_FULL, S.COAUTHOR_SPLIT)}
_LISTS = {S.K_COMPREHENSIVE: S.ITEM_CATEGORIES, S.K_INFORMANT_ORDER: S.INFORMANT_CRITERIA}


def params(log: Log, table: RawTable, default_year: int) -> dict[str, object]:
    """参数 as values by key; a missing value warns and takes the default, a bad one is an
    error and takes the default."""
    sheet = S.PARAMS
    matcher = names.Matcher(k for k, _, _ in defaults.PARAMS)
    rows: dict[str, RawRow] = {}
    for row in table.rows:
        key = log.text(sheet, row, S.P_KEY)
        if key is None:
            continue
        canonical = matcher.find(key)
        if canonical is None:
            log.warn(sheet, row, S.P_KEY, S.M["unknown_param"].format(value=key))
            continue
        rows[canonical] = row
    values: dict[str, object] = {}
    for key, default, _ in defaults.PARAMS:
        if key == S.K_YEAR:
            default = default_year
        row = rows.get(key)
        if row is None or is_blank(row.cells.get(S.P_VALUE)):
            log.add(S.WARNING, sheet, row.row if row else 0, S.P_VALUE, None,
                    S.M["missing_param"].format(key=key, default=default))
            row = RawRow(0, {S.P_VALUE: default})
        values[key] = _param(log, key, row, default)
    return values


def _param(log: Log, key: str, row: RawRow, default: object) -> object:
    sheet = S.PARAMS
    if key in _PARSERS:
        parse, message = _PARSERS[key]
        value = log.parsed(sheet, row, S.P_VALUE, parse, message, label=key)
        low, high = _RANGES[key]
        if value is not None and not low <= value <= high:  # type: ignore[operator]
            shown = {S.K_TOWN_RATIO, S.K_DEPT_RATIO, S.K_NOTICE_RATIO, S.K_SECONDMENT_RATIO}
            low, high = ("0%", "100%") if key in shown else (low, high)
            log.error(sheet, row, S.P_VALUE, S.M["param_range"].format(key=key, low=low, high=high, default=default))
            value = None
        return parse(default) if value is None else value
    if key in _CHOICES:
        value = log.read(sheet, row, S.P_VALUE, lambda: code_of(key, _CHOICES[key]), "choice", key)
        return default if value is None else value
    if key in _LISTS:
        allowed = _LISTS[key]
        matcher = names.Matcher(allowed)
        raw = names.clean(row.cells.get(S.P_VALUE))
        parts = [p for p in (names.clean(p) for p in split(raw, S.LIST_SEPARATORS)) if p]
        found = [matcher.find(p) for p in parts]
        if not found or None in found:
            bad = next((p for p, f in zip(parts, found, strict=True) if f is None), raw)
            log.error(sheet, row, S.P_VALUE, S.M["bad_code"].format(column=key, value=bad, allowed="、".join(allowed)))
            found = [matcher.find(p) for p in split(str(default), S.LIST_SEPARATORS)]
        ordered = list(dict.fromkeys(f for f in found if f))
        return frozenset(ordered) if key == S.K_COMPREHENSIVE else tuple(ordered)
    return names.clean(row.cells.get(S.P_VALUE))  # text: the issuing office, the copy list


def split(text: str, separators: str) -> list[str]:
    """`text` cut at any of `separators`."""
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return text.split(separators[0])


def points(log: Log, table: RawTable, aliases: Aliases) -> dict[tuple[str, str], PointRule]:
    """计分标准: one rule per (level, publication); a repeat is an error and the first counts."""
    sheet = S.POINTS
    level_of = code_of(S.S_LEVEL, S.LEVELS, aliases.of(S.A_LEVEL))
    yes_of = lookup_of(S.S_QUALIFIES, yes_no(aliases), S.M["bad_code"], allowed="、".join((S.YES, S.NO)))
    result: dict[tuple[str, str], PointRule] = {}
    for row in table.rows:
        level = log.read(sheet, row, S.S_LEVEL, lambda: level_of, "points level")
        pub = log.text(sheet, row, S.S_PUB)
        points = log.parsed(sheet, row, S.S_POINTS, to_fraction, S.M["not_number"])
        qualifies = log.read(sheet, row, S.S_QUALIFIES, lambda: yes_of, "points qualifies")
        if points is not None and points < 0:  # type: ignore[operator]
            log.error(sheet, row, S.S_POINTS, S.M["negative"].format(column=S.S_POINTS))
            continue
        if None in (level, pub, points, qualifies):
            continue
        key = (level, names.key(pub))
        if key in result:
            log.error(sheet, row, S.S_PUB, S.M["duplicate_point"].format(level=level, value=pub, row=result[key].row))
            continue
        result[key] = PointRule(row.row, level, pub, points, qualifies == S.YES)
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
        points = log.parsed(sheet, row, S.B_POINTS, to_fraction, S.M["not_number"])
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
