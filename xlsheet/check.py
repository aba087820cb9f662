"""Checking: raw tables in, typed records and problems out.

Every input row ends up either as a record (counted) or as a rejected row with
an error problem; warnings mark rows that count but deserve a look. Pure: no
file library, no Excel.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from fractions import Fraction

from . import names
from . import rules as defaults
from . import schema as S
from .records import (
    Adoption,
    Extra,
    Inputs,
    Instruction,
    Notice,
    PointRule,
    Problem,
    RawRow,
    RawTable,
    Rulebook,
    StructureError,
    Unit,
)
from .values import is_blank, per_distinct, show, to_date, to_fraction, to_int, to_percent, to_yes

Grid = Sequence[Sequence[object]]


# --- finding tables -------------------------------------------------------------


def find_table(grid: Grid, table: S.Table) -> RawTable:
    """Locate the header within the first rows and collect the non-blank rows below it.

    `grid[0]` is Excel row 1. Columns are found by name; blank rows are skipped.
    """
    wanted = {names.key(c): c for c in table.columns}
    found = None
    for index, row in enumerate(grid[: S.HEADER_SEARCH_ROWS]):
        positions: dict[str, int] = {}
        for col, cell in enumerate(row):
            if isinstance(cell, str):
                canonical = wanted.get(names.key(cell))
                if canonical is not None and canonical not in positions:
                    positions[canonical] = col
        if positions and all(c in positions for c in table.required):
            found = index, positions
            break
    if found is None:
        raise StructureError(S.M["missing_header"].format(
            sheet=table.sheet, rows=S.HEADER_SEARCH_ROWS, columns="、".join(table.required)))
    index, positions = found
    header_row = index + 1
    body = grid[index + 1:]
    columns = _columns(body, tuple(positions.values()))
    # A row is blank when every cell of the table is None, '' or white space (values.is_blank).
    blank: set[object] = {None, ""}
    for values in columns:
        distinct = set(values)
        if set(map(type, distinct)) <= {str}:
            blank.update(filter(str.isspace, distinct))  # type: ignore[arg-type]
        else:
            blank.update(v for v in distinct if type(v) is str and v.isspace())
    # Only a row whose first cell is blank can be: the others are looked at no further.
    maybe = itertools.compress(range(len(body)), map(blank.__contains__, columns[0]))
    empty = {i for i in maybe if all(values[i] in blank for values in columns)}
    keep = [i for i in range(len(body)) if i not in empty] if empty else range(len(body))
    if empty:
        columns = [[values[i] for i in keep] for values in columns]
    return RawTable(table.sheet, header_row, tuple(positions),
                    tuple(header_row + 1 + i for i in keep), dict(zip(positions, columns, strict=True)))


def _columns(body: Grid, places: tuple[int, ...]) -> list[Sequence[object]]:
    """The cells of `body` at `places`, column by column; short rows read as blank."""
    if len(set(map(len, body))) == 1:  # calamine's grids are rectangular: transpose in C
        transposed = list(zip(*body, strict=True))
        return [transposed[p] if p < len(transposed) else (None,) * len(body) for p in places]
    return [[row[p] if p < len(row) else None for row in body] for p in places]


def find_tables(grids: Mapping[str, Grid]) -> dict[str, RawTable]:
    """All input tables from sheet grids; a missing sheet is a StructureError."""
    tables = {}
    for table in S.INPUT_TABLES:
        if table.sheet not in grids:
            raise StructureError(S.M["missing_sheet"].format(sheet=table.sheet))
        tables[table.sheet] = find_table(grids[table.sheet], table)
    return tables


# --- the checker -----------------------------------------------------------------


Resolver = Callable[[object], tuple[object, str]]
"""A cell's raw value -> (the value, or None; the error message, or '')."""


def _memoized(resolve: Resolver) -> Resolver:
    """Remember what each raw value resolved to: a column of repeated names costs one lookup."""
    memo: dict[tuple, tuple[object, str]] = {}

    def get(raw: object) -> tuple[object, str]:
        key = (type(raw), raw)
        try:
            return memo[key]
        except KeyError:
            found = memo[key] = resolve(raw)
            return found
        except TypeError:
            return resolve(raw)

    return get


_REPEAT_KEY = operator.attrgetter("item", "level", "publication")
_NUMBER_UNIT = operator.attrgetter("item", "unit")


def resolve_column(values: Sequence[object], resolve: Resolver) -> tuple[list[object], dict[int, str]]:
    """Every value of a column resolved, each distinct value once: (values, {index: message})."""
    keys, resolved = per_distinct(values, resolve)
    found = {k: value for k, (value, _) in resolved.items()}
    failed = {k: message for k, (_, message) in resolved.items() if message}
    errors = {i: failed[k] for i, k in enumerate(keys) if k in failed} if failed else {}
    return list(map(found.__getitem__, keys)), errors


def number_text(raw: object) -> tuple[str, str]:
    """A 信息编号 cell: a Resolver that always succeeds (see names.item_number)."""
    return names.item_number(raw), ""


def text_of(column: str, required: bool = True) -> Resolver:
    def resolve(raw: object) -> tuple[str | None, str]:
        value = names.clean(raw)
        if required and not value:
            return None, S.M["blank"].format(column=column)
        return value, ""

    return resolve


def parsed_of(column: str, parse: Callable[[object], object], message: str,
              required: bool = True) -> Resolver:
    def resolve(raw: object) -> tuple[object, str]:
        if is_blank(raw):
            return None, S.M["blank"].format(column=column) if required else ""
        try:
            return parse(raw), ""
        except (ValueError, ArithmeticError, OverflowError):
            return None, message.format(column=column, value=show(raw))

    return resolve


def _matching(column: str, matcher: names.Matcher, miss: Callable[[str], str]) -> Resolver:
    """A required name, matched forgivingly; `miss` words the error for a name not found."""
    def resolve(raw: object) -> tuple[str | None, str]:
        value = names.clean(raw)
        if not value:
            return None, S.M["blank"].format(column=column)
        found = matcher.find(value)
        return (found, "") if found is not None else (None, miss(value))

    return resolve


def code_of(column: str, allowed: Sequence[str]) -> Resolver:
    text = S.M["bad_code"].format(column=column, allowed="、".join(allowed))
    return _matching(column, names.Matcher(allowed), lambda _: text)


def lookup_of(column: str, matcher: names.Matcher, message: str, **fields: str) -> Resolver:
    def miss(value: str) -> str:
        hint = matcher.suggest(value)
        return message.format(value=value, **fields) + (S.M["suggest"].format(name=hint) if hint else "")

    return _matching(column, matcher, miss)


class _Checker:
    def __init__(self, tables: Mapping[str, RawTable], default_year: int) -> None:
        self.tables = tables
        self.default_year = default_year
        self.problems: list[Problem] = []
        self.rejected: list[tuple[str, int, str, str, str]] = []
        self._resolvers: dict[tuple, Resolver] = {}
        self.errors = 0

    # problems

    def add(self, level: str, sheet: str, row: int, column: str, value: object, message: str) -> None:
        self.problems.append(Problem(sheet, row, column, level, show(value), message))

    def error(self, sheet: str, row: RawRow, column: str, message: str) -> None:
        self.errors += 1
        self.add(S.ERROR, sheet, row.row, column, row.cells.get(column), message)

    def warn(self, sheet: str, row: RawRow, column: str, message: str) -> None:
        self.add(S.WARNING, sheet, row.row, column, row.cells.get(column), message)

    # cell readers: each returns the value, or None after recording an error.

    def read(self, sheet: str, row: RawRow, column: str, resolver: Resolver) -> object:
        value, message = resolver(row.cells.get(column))
        if message:
            self.error(sheet, row, column, message)
        return value

    def _resolver(self, key: tuple, make: Callable[[], Resolver]) -> Resolver:
        found = self._resolvers.get(key)
        if found is None:
            found = self._resolvers[key] = _memoized(make())
        return found

    def text(self, sheet: str, row: RawRow, column: str, required: bool = True) -> str | None:
        resolver = self._resolver(("text", column, required), lambda: text_of(column, required))
        return self.read(sheet, row, column, resolver)

    def parsed(self, sheet: str, row: RawRow, column: str, parse: Callable[[object], object],
               message: str, required: bool = True) -> object | None:
        resolver = self._resolver(("parsed", column, parse, message, required),
                                  lambda: parsed_of(column, parse, message, required))
        return self.read(sheet, row, column, resolver)

    def code(self, sheet: str, row: RawRow, column: str, allowed: Sequence[str]) -> str | None:
        resolver = self._resolver(("code", column, tuple(allowed)), lambda: code_of(column, allowed))
        return self.read(sheet, row, column, resolver)

    def lookup(self, sheet: str, row: RawRow, column: str, matcher: names.Matcher,
               message: str, **fields: str) -> str | None:
        key = ("lookup", column, matcher, message, tuple(sorted(fields.items())))
        resolver = self._resolver(key, lambda: lookup_of(column, matcher, message, **fields))
        return self.read(sheet, row, column, resolver)

    def in_year(self, sheet: str, row: RawRow, column: str, date: dt.date | None, year: int) -> bool:
        if date is None or date.year == year:
            return True
        self.warn(sheet, row, column, S.M["out_of_year"].format(date=date.isoformat(), year=year))
        return False

    def reject(self, sheet: str, row: int, unit: str = "", number: str = "", title: str = "") -> None:
        self.rejected.append((sheet, row, unit, number, title))

    # sheets

    def params(self) -> dict[str, object]:
        sheet = S.PARAMS
        known = {k for k, _, _ in defaults.PARAMS}
        matcher = names.Matcher(known)
        seen: dict[str, object] = {}
        rows: dict[str, RawRow] = {}
        for row in self.tables[sheet].rows:
            key = self.text(sheet, row, S.P_KEY)
            if key is None:
                continue
            canonical = matcher.find(key)
            if canonical is None:
                self.warn(sheet, row, S.P_KEY, S.M["unknown_param"].format(value=key))
                continue
            seen[canonical] = row.cells.get(S.P_VALUE)
            rows[canonical] = row
        values: dict[str, object] = {}
        parsers: dict[str, tuple[Callable[[object], object], str]] = {
            S.K_YEAR: (to_int, S.M["not_integer"]),
            S.K_TOWN_RATIO: (to_percent, S.M["not_percent"]),
            S.K_DEPT_RATIO: (to_percent, S.M["not_percent"]),
            S.K_NOTICE_RATIO: (to_percent, S.M["not_percent"]),
            S.K_SECONDMENT_RATIO: (to_percent, S.M["not_percent"]),
            S.K_SECONDMENT_DAYS: (to_int, S.M["not_integer"]),
            S.K_NOTICE_LIMIT: (to_int, S.M["not_integer"]),
            S.K_DEEMED_POINTS: (to_fraction, S.M["not_number"]),
            S.K_INFORMANT_COUNT: (to_int, S.M["not_integer"]),
            S.K_TRAINING_POINTS: (to_fraction, S.M["not_number"]),
            S.K_MEETING_POINTS: (to_fraction, S.M["not_number"]),
            S.K_ADVANCED_BONUS: (to_fraction, S.M["not_number"]),
            S.K_NOT_DONE_PENALTY: (to_fraction, S.M["not_number"]),
        }
        choices = {S.K_BONUS_MODE: (S.BONUS_CUMULATIVE, S.BONUS_HIGHEST),
                   S.K_COAUTHOR: (S.COAUTHOR_FULL, S.COAUTHOR_SPLIT)}
        for key, default, _ in defaults.PARAMS:
            row = rows.get(key)
            raw = seen.get(key)
            if row is None or is_blank(raw):
                shown = self.default_year if key == S.K_YEAR else default
                self.add(S.WARNING, sheet, row.row if row else 0, S.P_VALUE, raw,
                         S.M["missing_param"].format(key=key, default=shown))
                raw = shown
                row = RawRow(0, {S.P_VALUE: raw})
            if key in parsers:
                parse, message = parsers[key]
                value = self.parsed(sheet, row, S.P_VALUE, parse, message)
                if value is None or (isinstance(value, (int, Fraction)) and value < 0):
                    if value is not None:
                        self.error(sheet, row, S.P_VALUE, S.M["negative"].format(column=key))
                    value = parse(self.default_year if key == S.K_YEAR else default)
            elif key in (S.K_OFFICE, S.K_CC):
                value = names.clean(raw)
            elif key in choices:
                value = names.Matcher(choices[key]).find(names.clean(raw))
                if value is None:
                    self.error(sheet, row, S.P_VALUE,
                               S.M["bad_code"].format(column=key, allowed="、".join(choices[key])))
                    value = default
            else:  # a list: the comprehensive categories, or the informant criteria in order
                allowed = S.ITEM_CATEGORIES if key == S.K_COMPREHENSIVE else S.INFORMANT_CRITERIA
                matcher_c = names.Matcher(allowed)
                parts = [names.clean(p) for p in _split(str(raw), S.LIST_SEPARATORS)]
                found = [matcher_c.find(p) for p in parts if p]
                if not found or None in found:
                    self.error(sheet, row, S.P_VALUE, S.M["bad_code"].format(
                        column=key, allowed="、".join(allowed)))
                    found = [matcher_c.find(p) for p in _split(str(default), S.LIST_SEPARATORS)]
                found = list(dict.fromkeys(f for f in found if f))
                value = frozenset(found) if key == S.K_COMPREHENSIVE else tuple(found)
            values[key] = value
        return values

    def points(self) -> dict[tuple[str, str], PointRule]:
        sheet = S.POINTS
        result: dict[tuple[str, str], PointRule] = {}
        for row in self.tables[sheet].rows:
            level = self.code(sheet, row, S.S_LEVEL, S.LEVELS)
            pub = self.text(sheet, row, S.S_PUB)
            points = self.parsed(sheet, row, S.S_POINTS, to_fraction, S.M["not_number"])
            qualifies = self._yes(sheet, row, S.S_QUALIFIES)
            if points is not None and points < 0:
                self.error(sheet, row, S.S_POINTS, S.M["negative"].format(column=S.S_POINTS))
                continue
            if None in (level, pub, points, qualifies):
                continue
            key = (level, names.key(pub))
            if key in result:
                self.error(sheet, row, S.S_PUB, S.M["duplicate_point"].format(
                    level=level, value=pub, row=result[key].row))
                continue
            result[key] = PointRule(row.row, level, pub, points, qualifies)
        if not result:
            raise StructureError(S.M["no_points"])
        return result

    def _yes(self, sheet: str, row: RawRow, column: str) -> bool | None:
        value = to_yes(row.cells.get(column))
        if value is None:
            self.error(sheet, row, column, S.M["bad_code"].format(column=column, allowed="是、否"))
        return value

    def bonus(self) -> dict[str, Fraction]:
        sheet = S.BONUS
        result: dict[str, Fraction] = {}
        first: dict[str, int] = {}
        for row in self.tables[sheet].rows:
            level = self.text(sheet, row, S.B_LEVEL)
            points = self.parsed(sheet, row, S.B_POINTS, to_fraction, S.M["not_number"])
            if level is None or points is None:
                continue
            if level in first:
                self.error(sheet, row, S.B_LEVEL, S.M["duplicate_bonus"].format(value=level, row=first[level]))
                continue
            first[level] = row.row
            result[level] = points
        return result

    def units(self) -> tuple[Unit, ...]:
        sheet = S.UNITS
        units: list[Unit] = []
        seen: dict[str, int] = {}
        for row in sorted(self.tables[sheet].rows, key=lambda r: r.row):
            name = self.text(sheet, row, S.U_NAME)
            category = self.code(sheet, row, S.U_CATEGORY, S.CATEGORIES)
            base = self.parsed(sheet, row, S.U_BASE, to_fraction, S.M["not_number"],
                               required=category in (S.TOWN, S.DEPARTMENT))
            if name is None or category is None:
                continue
            k = names.key(name)
            if k in seen:
                self.error(sheet, row, S.U_NAME, S.M["duplicate_unit"].format(value=name, row=seen[k]))
                continue
            if category == S.OTHER:
                if base is not None:
                    self.warn(sheet, row, S.U_BASE, S.M["other_has_base"])
                base = None
            elif base is None:
                continue
            elif base <= 0:
                self.error(sheet, row, S.U_BASE, S.M["bad_base"])
                continue
            if name.startswith(S.PLACEHOLDER_MARK):
                self.warn(sheet, row, S.U_NAME, S.M["placeholder"].format(value=name))
            seen[k] = row.row
            units.append(Unit(row.row, name, category, base, names.clean(row.cells.get(S.U_BUNDLE)),
                              names.clean(row.cells.get(S.U_NOTE))))
        self._check_bundles(units)
        return tuple(units)

    def _check_bundles(self, units: list[Unit]) -> None:
        groups: dict[str, list[Unit]] = {}
        for unit in units:
            if unit.bundle:
                groups.setdefault(unit.bundle, []).append(unit)
        for bundle, members in groups.items():
            first = RawRow(members[0].row, {S.U_BUNDLE: bundle})
            if len(members) == 1:
                self.warn(S.UNITS, first, S.U_BUNDLE, S.M["bundle_single"].format(value=bundle))
            elif not any(m.category == S.TOWN for m in members):
                self.warn(S.UNITS, first, S.U_BUNDLE, S.M["bundle_no_town"].format(value=bundle))

    def adoptions(self, rules: Rulebook, unit_matcher: names.Matcher) -> tuple[Adoption, ...]:
        """Checked column by column: each distinct value of a column is resolved once."""
        sheet = S.ADOPTIONS
        table = self.tables[sheet]
        by_level: dict[str, dict[str, PointRule]] = {lvl: {} for lvl in S.LEVELS}
        for (level, _), rule in rules.points.items():
            by_level[level][rule.publication] = rule
        pub_of = {lvl: lookup_of(S.A_PUB, names.Matcher(pubs), S.M["unknown_pub"], level=lvl)
                  for lvl, pubs in by_level.items()}

        def rule_of(key: tuple[str | None, type, object]) -> tuple[PointRule | None, str]:
            level, _, raw = key
            if level is None:
                return None, ""
            pub, message = pub_of[level](raw)
            return (by_level[level][pub] if pub is not None else None), message

        bad: set[int] = set()

        def resolved(column: str, resolve: Resolver, keys: list[object] | None = None) -> list[object]:
            raw = table.column(column)
            values, errors = resolve_column(keys if keys is not None else raw, resolve)
            for i, message in errors.items():
                self.errors += 1
                self.add(S.ERROR, sheet, table.row_numbers[i], column, raw[i], message)
            bad.update(errors)
            return values

        def texts(column: str, required: bool) -> Sequence[str]:
            raw = table.column(column)
            if names.all_clean(raw) and not (required and "" in set(raw)):
                return raw  # type: ignore[return-value]  # what text_of would give, value for value
            return resolved(column, text_of(column, required))  # type: ignore[return-value]

        raw_numbers = table.column(S.A_NO)
        numbers: Sequence[str]
        if names.all_clean(raw_numbers):
            numbers = raw_numbers  # type: ignore[assignment]  # what number_text gives, value for value
        else:
            numbers = resolved(S.A_NO, number_text)  # type: ignore[assignment]
        units = resolved(S.A_UNIT, lookup_of(S.A_UNIT, unit_matcher, S.M["unknown_unit"]))
        titles = texts(S.A_TITLE, required=True)
        categories = resolved(S.A_CATEGORY, code_of(S.A_CATEGORY, S.ITEM_CATEGORIES))
        levels = resolved(S.A_LEVEL, lookup_of(S.A_LEVEL, names.Matcher(S.LEVELS), S.M["unknown_level"],
                                               allowed="、".join(S.LEVELS)))
        dates = resolved(S.A_DATE, parsed_of(S.A_DATE, to_date, S.M["not_date"]))
        pubs = table.column(S.A_PUB)
        rules_ = resolved(S.A_PUB, rule_of, list(zip(levels, map(type, pubs), pubs, strict=True)))
        people, _ = resolve_column(table.column(S.A_INFORMANTS), lambda raw: (_informants(raw), ""))
        rows = table.row_numbers
        for i in bad:
            self.reject(sheet, rows[i], units[i] or "", numbers[i], titles[i] or "")
        late = {d for d in set(dates) if d is not None and d.year != rules.year}
        for i, date in enumerate(dates) if late else ():
            if date in late and i not in bad:
                self.warn(sheet, table.row(i), S.A_DATE,
                          S.M["out_of_year"].format(date=date.isoformat(), year=rules.year))
                self.reject(sheet, rows[i], units[i], numbers[i], titles[i])
                bad.add(i)
        reported = self._reported(table, dates, bad)
        distinct = set(numbers)
        joined = "".join(distinct)
        if joined.isascii() and joined.isalnum() and not any(n.startswith("0") for n in distinct):
            key: Callable[[str], str] = str  # letters and digits, no leading zero: names.number_key(n) == n
        else:
            key = names.number_key
        items = [item_key(u, n, t, key) if u is not None and (n or t) else None
                 for u, n, t in zip(units, numbers, titles, strict=True)]
        publications = [r.publication if r is not None else None for r in rules_]  # type: ignore[attr-defined]
        fields: Iterator[tuple] = zip(rows, items, numbers, units, titles, categories, people, levels,
                                      publications, dates, rules_, reported, strict=True)
        if bad:
            fields = itertools.compress(fields, [i not in bad for i in range(len(rows))])
        records = list(map(functools.partial(tuple.__new__, Adoption), fields))
        return tuple(self._drop_repeats(records))

    def _reported(self, table: RawTable, adopted: Sequence[dt.date | None], bad: set[int]) -> list[dt.date | None]:
        """The optional 报送日期: a bad or late one only costs the timeliness figure (a warning)."""
        raw = table.column(S.A_REPORTED)
        found: list[dt.date | None] = [None] * len(raw)
        for i, value in enumerate(raw) if not set(raw) <= {None, ""} else ():
            if i in bad or is_blank(value):
                continue
            try:
                reported = to_date(value)
            except ValueError:
                self.warn(S.ADOPTIONS, table.row(i), S.A_REPORTED, S.M["reported_bad"])
                continue
            if reported > adopted[i]:
                self.warn(S.ADOPTIONS, table.row(i), S.A_REPORTED, S.M["reported_late"].format(
                    reported=reported.isoformat(), date=adopted[i].isoformat()))
                continue
            found[i] = reported
        return found

    def _drop_repeats(self, records: list[Adoption]) -> list[Adoption]:
        """The same item in the same publication twice is a repeat entry: one row counts.

        Of rows that differ (say in 信息类别), the one whose content sorts first is kept, so
        the result does not depend on the order of the rows; of equal rows, the first. Only
        rows that share a key are sorted.
        """
        def content(rec: Adoption) -> tuple:
            return (rec.category, rec.date, rec.informants, rec.title, rec.row)

        keys = list(map(_REPEAT_KEY, records))
        repeated = {k for k, n in Counter(keys).items() if n > 1}
        groups: dict[tuple, list[Adoption]] = {}
        for k, rec in zip(keys, records, strict=True) if repeated else ():
            if k in repeated:
                groups.setdefault(k, []).append(rec)
        dropped: set[int] = set()
        for group in groups.values():
            group.sort(key=content)
            for rec in group[1:]:
                raw = RawRow(rec.row, {S.A_PUB: rec.publication, S.A_NO: rec.number})
                self.error(S.ADOPTIONS, raw, S.A_PUB, S.M["duplicate_adoption"].format(row=group[0].row))
                self.reject(S.ADOPTIONS, rec.row, rec.unit, rec.number, rec.title)
                dropped.add(rec.row)
        kept = [rec for rec in records if rec.row not in dropped] if dropped else records
        owners = Counter(item[1] for item, _ in set(map(_NUMBER_UNIT, kept)) if item[1].startswith("#"))
        shared = {number for number, n in owners.items() if n > 1}
        if shared:
            first: dict[str, Adoption] = {}
            for rec in sorted((r for r in kept if r.item[1] in shared), key=content):
                owner = first.setdefault(rec.item[1], rec)
                if owner.unit != rec.unit:
                    raw = RawRow(rec.row, {S.A_PUB: rec.publication, S.A_NO: rec.number})
                    self.warn(S.ADOPTIONS, raw, S.A_NO, S.M["number_two_units"].format(
                        value=rec.number, row=owner.row, unit=owner.unit))
        return kept

    def instructions(self, rules: Rulebook, unit_matcher: names.Matcher,
                     adoptions: Sequence[Adoption]) -> tuple[Instruction, ...]:
        sheet = S.INSTRUCTIONS
        items = set(map(operator.attrgetter("item"), adoptions))
        units_by_number: dict[str, set[str]] = {}  # made when a row first needs it
        level_matcher = names.Matcher(rules.bonus)
        records: list[Instruction] = []
        for row in self.tables[sheet].rows:
            before = self.errors
            number = names.item_number(row.cells.get(S.I_NO))
            typed_unit = names.clean(row.cells.get(S.I_UNIT))
            title = names.clean(row.cells.get(S.I_TITLE))
            unit = self.lookup(sheet, row, S.I_UNIT, unit_matcher, S.M["unknown_unit"]) if typed_unit else ""
            level = self.lookup(sheet, row, S.I_LEVEL, level_matcher, S.M["unknown_bonus_level"])
            date = self.parsed(sheet, row, S.I_DATE, to_date, S.M["not_date"], required=False)
            if self.errors > before or level is None or unit is None:
                self.reject(sheet, row.row, unit or "", number, title)
                continue
            if not number and not (unit and title):
                self.error(sheet, row, S.I_NO, S.M["no_item"])
                self.reject(sheet, row.row, unit, number, title)
                continue
            if number and not unit:
                if not units_by_number:
                    for a in adoptions:
                        if a.number:
                            units_by_number.setdefault(a.item[1], set()).add(a.unit)
                owners = units_by_number.get(item_key("", number, title)[1], set())
                if len(owners) > 1:
                    self.error(sheet, row, S.I_UNIT, S.M["ambiguous_item"].format(value=number))
                    self.reject(sheet, row.row, "", number, title)
                    continue
                unit = next(iter(owners), "")
            item = item_key(unit, number, title)
            if item not in items:
                self.error(sheet, row, S.I_NO if number else S.I_TITLE, S.M["no_item"])
                self.reject(sheet, row.row, unit, number, title)
                continue
            if not self.in_year(sheet, row, S.I_DATE, date, rules.year):
                self.reject(sheet, row.row, unit, number, title)
                continue
            records.append(Instruction(row.row, item, unit, level,
                                       names.clean(row.cells.get(S.I_LEADER)), date))
        return tuple(records)

    def extras(self, rules: Rulebook, unit_matcher: names.Matcher) -> tuple[Extra, ...]:
        sheet = S.EXTRAS
        records: list[Extra] = []
        for row in self.tables[sheet].rows:
            before = self.errors
            unit = self.lookup(sheet, row, S.E_UNIT, unit_matcher, S.M["unknown_unit"])
            kind = self.code(sheet, row, S.E_KIND, S.EXTRA_KINDS)
            date = self.parsed(sheet, row, S.E_DATE, to_date, S.M["not_date"], required=False)
            days = self.parsed(sheet, row, S.E_DAYS, to_int, S.M["not_integer"], required=False)
            approved = self._yes(sheet, row, S.E_APPROVED)
            if kind == S.EXTRA_SECONDMENT and days is None and is_blank(row.cells.get(S.E_DAYS)):
                self.error(sheet, row, S.E_DAYS, S.M["days_missing"])
            if days is not None and days < 0:
                self.error(sheet, row, S.E_DAYS, S.M["negative"].format(column=S.E_DAYS))
            if self.errors > before or None in (unit, kind, approved):
                self.reject(sheet, row.row, unit or "")
                continue
            if not self.in_year(sheet, row, S.E_DATE, date, rules.year):
                self.reject(sheet, row.row, unit)
                continue
            records.append(Extra(row.row, unit, kind, date, days, approved))
        return tuple(records)

    def notices(self, rules: Rulebook, unit_matcher: names.Matcher) -> tuple[Notice, ...]:
        sheet = S.NOTICES
        records: list[Notice] = []
        for row in self.tables[sheet].rows:
            before = self.errors
            unit = self.lookup(sheet, row, S.N_UNIT, unit_matcher, S.M["unknown_unit"])
            kind = self.code(sheet, row, S.N_KIND, S.NOTICE_KINDS)
            date = self.parsed(sheet, row, S.N_DATE, to_date, S.M["not_date"], required=False)
            if self.errors > before or None in (unit, kind):
                self.reject(sheet, row.row, unit or "")
                continue
            if not self.in_year(sheet, row, S.N_DATE, date, rules.year):
                self.reject(sheet, row.row, unit)
                continue
            records.append(Notice(row.row, unit, kind, date, names.clean(row.cells.get(S.N_DOC))))
        return tuple(records)


def _informants(raw: object) -> tuple[str, ...]:
    parts = _split(names.clean(raw), S.INFORMANT_SEPARATORS)
    return tuple(dict.fromkeys(p for p in (names.clean(p) for p in parts) if p))


def _split(text: str, separators: str) -> list[str]:
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return text.split(separators[0])


def item_key(unit: str, number: str, title: str, number_key: Callable[[str], str] = names.number_key
             ) -> tuple[str, str]:
    """An item is its 信息编号 within its unit; without a number, its unit and title.

    `number_key` may stand in for names.number_key where it gives the same key (see adoptions).
    """
    return (unit, "#" + number_key(number)) if number else (unit, "=" + names.key(title))


def check(tables: Mapping[str, RawTable], default_year: int | None = None) -> Inputs:
    """Turn the input tables into records and problems."""
    checker = _Checker(tables, default_year or dt.date.today().year)
    values = checker.params()
    rules = Rulebook(
        year=values[S.K_YEAR],
        town_ratio=values[S.K_TOWN_RATIO],
        dept_ratio=values[S.K_DEPT_RATIO],
        notice_ratio=values[S.K_NOTICE_RATIO],
        secondment_ratio=values[S.K_SECONDMENT_RATIO],
        secondment_days=values[S.K_SECONDMENT_DAYS],
        notice_limit=values[S.K_NOTICE_LIMIT],
        bonus_mode=values[S.K_BONUS_MODE],
        comprehensive=values[S.K_COMPREHENSIVE],
        deemed_points=values[S.K_DEEMED_POINTS],
        informant_count=values[S.K_INFORMANT_COUNT],
        training_points=values[S.K_TRAINING_POINTS],
        meeting_points=values[S.K_MEETING_POINTS],
        advanced_bonus=values[S.K_ADVANCED_BONUS],
        not_done_penalty=values[S.K_NOT_DONE_PENALTY],
        coauthor=values[S.K_COAUTHOR],
        informant_order=values[S.K_INFORMANT_ORDER],
        office=values[S.K_OFFICE],
        cc=values[S.K_CC],
        points=checker.points(),
        bonus=checker.bonus(),
    )
    units = checker.units()
    unit_matcher = names.Matcher(u.name for u in units)
    adoptions = checker.adoptions(rules, unit_matcher)
    instructions = checker.instructions(rules, unit_matcher, adoptions)
    extras = checker.extras(rules, unit_matcher)
    notices = checker.notices(rules, unit_matcher)
    problems = tuple(sorted(set(checker.problems), key=_problem_order))
    return Inputs(rules, units, adoptions, instructions, extras, notices, problems,
                  tuple(sorted(set(checker.rejected))))


_SHEET_ORDER = {name: i for i, name in enumerate(S.INPUT_SHEETS)}


def _problem_order(p: Problem) -> tuple:
    return (_SHEET_ORDER.get(p.sheet, 99), p.row, p.column, p.level, p.message, p.content)
