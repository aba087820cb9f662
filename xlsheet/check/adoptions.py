"""The 信息录用 sheet, the largest by far: checked column by column.

Each distinct value of a column is resolved once (a county's units, levels and
publications repeat on every row), then the rows are put together from the columns.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from .. import names
from .. import schema as S
from ..records import Adoption, PointRule, RawRow, RawTable, Rulebook
from ..values import EXCEL_ERRORS, format_number, is_blank, is_excel_error, month_day, show, to_date
from .cells import (
    COUNT,
    Log,
    Reading,
    Resolver,
    code_of,
    date_of,
    excel_error,
    not_found,
    number_text,
    read_as,
    resolve_column,
    split_readings,
    text_of,
    units_of,
)
from .rule_sheets import Aliases, split

_REPEAT_KEY = operator.attrgetter("item", "level", "publication")
_ITEM_UNIT = operator.attrgetter("item", "unit")


@dataclass
class Unscored:
    """Items with an adoption row that scored nothing: (row, reason) by item key, and by the
    number alone for an instruction that names no unit. The first such row of an item."""

    by_item: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)

    def add(self, item: tuple[str, str] | None, row: int, reason: str) -> None:
        if item is None:
            return
        for k in (item, ("", item[1])):
            if k not in self.by_item or self.by_item[k][0] > row:
                self.by_item[k] = (row, reason)

    def find(self, item: tuple[str, str]) -> tuple[int, str] | None:
        return self.by_item.get(item)


def item_key(unit: str, number: str, title: str, number_key: Callable[[str], str] = names.number_key
             ) -> tuple[str, str]:
    """An item is its 信息编号 within its unit; without a number, its unit and title.

    `number_key` may stand in for names.number_key where it gives the same key (str.lower for
    plain_numbers).
    """
    return (unit, "#" + number_key(number)) if number else (unit, "=" + names.key(title))


def adoptions(log: Log, table: RawTable, rules: Rulebook, units: names.Matcher, aliases: Aliases
              ) -> tuple[tuple[Adoption, ...], Unscored]:
    sheet = S.ADOPTIONS
    unscored = Unscored()
    by_level: dict[str, dict[str, PointRule]] = {lvl: {} for lvl in S.LEVELS}
    for (level, _), rule in rules.points.items():
        by_level[level][rule.publication] = rule
    pub_aliases = aliases.of(S.A_PUB)
    pub_of = {lvl: publication_of(lvl, pubs, pub_aliases) for lvl, pubs in by_level.items()}

    def rule_of(key: tuple[str | None, type, object]) -> tuple[PointRule | None, str]:
        level, _, raw = key
        if level is None:  # the level's own error is reported; a blank publication is one more
            return None, S.M["blank"].format(column=S.A_PUB) if is_blank(raw) else ""
        return pub_of[level](raw)  # type: ignore[return-value]

    bad: set[int] = set()

    def resolved(column: str, resolve: Resolver, keys: list[object] | None = None) -> list[object]:
        raw = table.column(column)
        values, messages = resolve_column(keys if keys is not None else raw, resolve)
        errors, readings = split_readings(messages)
        for i, message in errors.items():
            log.add(S.ERROR, sheet, table.row_numbers[i], column, raw[i], message)
        for i, reading in readings.items():
            log.note(sheet, column, table.row_numbers[i], raw[i], reading)
        bad.update(errors)
        return values

    def plain(raw: Sequence[object]) -> bool:
        """Text that resolves to itself: clean (names.all_clean) and no Excel error value."""
        return names.all_clean(raw) and EXCEL_ERRORS.isdisjoint(raw)

    def texts(column: str, required: bool) -> Sequence[str]:
        raw = table.column(column)
        if plain(raw) and not (required and "" in set(raw)):
            return raw  # type: ignore[return-value]  # what text_of would give, value for value
        return resolved(column, text_of(column, required))  # type: ignore[return-value]

    raw_numbers = table.column(S.A_NO)
    # A clean text column is its own 信息编号 text; numbers typed as numbers need number_text.
    numbers: Sequence[str] = raw_numbers if plain(raw_numbers) else resolved(S.A_NO, number_text)  # type: ignore[assignment]
    unit_sets = resolved(S.A_UNIT, units_of(S.A_UNIT, units, rules.joint))
    unit_names = [u[0] if u is not None else None for u in unit_sets]  # type: ignore[index]
    titles = texts(S.A_TITLE, required=True)
    categories = resolved(S.A_CATEGORY, category_of(aliases.of(S.A_CATEGORY)))
    levels = resolved(S.A_LEVEL, code_of(S.A_LEVEL, S.LEVELS, aliases.of(S.A_LEVEL)))
    dates = resolved(S.A_DATE, date_of(S.A_DATE, rules.year, epoch=log.epoch))
    pubs = table.column(S.A_PUB)
    rules_ = resolved(S.A_PUB, rule_of, list(zip(levels, map(type, pubs), pubs, strict=True)))
    people = resolved(S.A_INFORMANTS, informants_of)
    rows = table.row_numbers
    key: Callable[[str], str] = str.lower if plain_numbers(set(numbers)) else names.number_key
    items = [item_key(u, n, t, key) if u is not None and (n or t) else None
             for u, n, t in zip(unit_names, numbers, titles, strict=True)]
    for i in bad:
        log.reject(sheet, rows[i], unit_names[i] or "", numbers[i] or "", titles[i] or "")
        unscored.add(items[i], rows[i], S.M["reason_error"])
    late = {d for d in set(dates) if d is not None and d.year != rules.year}
    for i, date in enumerate(dates) if late else ():
        if date in late and i not in bad:
            log.warn(sheet, table.row(i), S.A_DATE, S.M["out_of_year"].format(date=date.isoformat(), year=rules.year))
            log.reject(sheet, rows[i], unit_names[i], numbers[i], titles[i])
            unscored.add(items[i], rows[i], S.M["reason_out_of_year"])
            bad.add(i)
    reported = _reported(log, table, dates, bad, rules.year)
    publications = [r.publication if r is not None else None for r in rules_]  # type: ignore[attr-defined]
    ones, none = (1,) * len(rows), ((),) * len(rows)  # share and partners: one unit each, until split
    fields: Iterator[tuple] = zip(rows, items, numbers, unit_names, titles, categories, people, levels,
                                  publications, dates, rules_, reported, ones, none, strict=True)
    if bad:
        fields = itertools.compress(fields, [i not in bad for i in range(len(rows))])
    records = list(map(functools.partial(tuple.__new__, Adoption), fields))
    if any(u is not None and len(u) > 1 for u in set(unit_sets)):  # type: ignore[arg-type]
        joint = {rows[i]: u for i, u in enumerate(unit_sets) if u is not None and len(u) > 1 and i not in bad}
        records = [r for rec in records for r in (_shared(rec, joint[rec.row], rules.joint, key)
                                                   if rec.row in joint else (rec,))]
    return tuple(_drop_repeats(log, records)), unscored


def shares(units: tuple[str, ...], mode: str) -> tuple[Fraction | int, ...]:
    """Each unit's share of a joint report's points (参数 联合报送计分, reading 14)."""
    if mode == S.JOINT_FULL:
        return (1,) * len(units)
    if mode == S.JOINT_FIRST:
        return (1,) + (0,) * (len(units) - 1)
    return (Fraction(1, len(units)),) * len(units)


def _shared(rec: Adoption, units: tuple[str, ...], mode: str, key: Callable[[str], str]) -> list[Adoption]:
    """A joint report's row as one record per unit, each its own item with its share."""
    return [rec._replace(unit=u, item=item_key(u, rec.number, rec.title, key), share=share, partners=units)
            for u, share in zip(units, shares(units, mode), strict=True)]


def plain_numbers(numbers: set[str | None]) -> bool:
    """Whether names.number_key(n) is n.lower() for each of `numbers`, tested on the whole
    set: ASCII letters and digits only, and no number that starts with 0."""
    distinct = numbers - {"", None}
    joined = "".join(distinct)  # type: ignore[arg-type]
    return not distinct or (joined.isascii() and joined.isalnum()
                            and "0" not in {n[0] for n in distinct})  # type: ignore[index]


def publication_of(level: str, rules: dict[str, PointRule], aliases: dict[str, str]) -> Resolver:
    """The 计分标准 row of a publication typed at `level`.

    As typed (forgivingly, or by an alias; bracket marks aside: 参阅普刊 is 《参阅》（普刊））;
    else without an issue number or year (names.without_issue); else, where the level has
    an 其他刊物 row, that row. The last two come with a Reading. Names that differ in points
    (紧急类, 普刊/增刊, 特刊) stay distinct: nothing is taken by a short form.
    """
    matcher = names.Matcher(rules, aliases)
    marks = Counter(names.unmarked(names.key(p)) for p in rules)
    unmarked = {names.unmarked(names.key(p)): p for p in rules if marks[names.unmarked(names.key(p))] == 1}
    other = next((rule for pub, rule in rules.items() if names.key(pub) == names.key(S.OTHER_PUB)), None)

    def find(value: str) -> PointRule | None:
        pub = matcher.find(value) or unmarked.get(names.unmarked(names.key(value)))
        return rules[pub] if pub is not None else None

    def resolve(raw: object) -> tuple[PointRule | None, str]:
        if is_excel_error(raw):
            return None, excel_error(S.A_PUB, raw)
        value = names.typed_text(raw)
        if not value:
            return None, S.M["blank"].format(column=S.A_PUB)
        rule = find(value)
        if rule is not None:
            return rule, ""
        stripped = names.without_issue(value)
        rule = find(stripped) if stripped and stripped != value else None
        if rule is not None:
            return rule, Reading(S.M["read_pub_issue"].format(value=value, name=rule.publication, count=COUNT))
        if other is not None:
            return other, Reading(S.M["read_pub_other"].format(
                level=level, value=value, name=other.publication, points=format_number(other.points), count=COUNT)
                + S.M["read_pub_advice"].format(value=value, name=other.publication))
        alike = [pub for pub in rules if names.bare(names.key(pub)) == names.bare(names.key(stripped or value))]
        if len(alike) > 1:
            return None, S.M["ambiguous_name"].format(column=S.A_PUB, value=value, candidates="、".join(alike))
        return None, not_found(stripped or value, matcher, S.M["unknown_pub_other"].format(level=level, value=value))

    return resolve


def category_of(aliases: dict[str, str]) -> Resolver:
    """信息类别, which decides only the advanced-unit condition: a blank or unknown one keeps
    the row's points (and its text, which is in no list of comprehensive categories) with a
    Reading; a unique leading part (综合 for 综合分析) is that category, with a Reading."""
    matcher = names.Matcher(S.ITEM_CATEGORIES, aliases, short=True)
    allowed = "、".join(S.ITEM_CATEGORIES)

    def resolve(raw: object) -> tuple[str | None, str]:
        if is_excel_error(raw):
            return None, excel_error(S.A_CATEGORY, raw)
        value = names.typed_text(raw)
        if not value:
            return "", Reading(S.M["read_category_blank"].format(count=COUNT))
        found = matcher.read(value)
        if found.name is None:
            return value, Reading(S.M["read_category_unknown"].format(value=value, allowed=allowed, count=COUNT))
        return found.name, (read_as(value, found.name, found.how, S.A_CATEGORY) if found.how else "")

    return resolve


def informants(raw: object) -> tuple[str, ...]:
    """The names in a 信息员 cell, in order, each once; a role in brackets (（执笔）, (撰稿),
    【审核】) and a trailing 等 are not part of a name."""
    text = names.without_roles(names.clean(raw))
    parts = split(text, S.INFORMANT_SEPARATORS)
    found = (names.clean(p) for p in parts)
    return tuple(dict.fromkeys(p.removesuffix(S.INFORMANT_TRAILER) if len(p) > 2 else p for p in found if p))


def informants_of(raw: object) -> tuple[tuple[str, ...] | None, str]:
    """informants(raw), with a Reading when a role or a 等 was left out."""
    if is_excel_error(raw):
        return None, excel_error(S.A_INFORMANTS, raw)
    found = informants(raw)
    plain = tuple(dict.fromkeys(p for p in (names.clean(p) for p in split(names.clean(raw), S.INFORMANT_SEPARATORS)) if p))
    if found == plain:
        return found, ""
    return found, Reading(S.M["read_informant"].format(value=names.clean(raw), name="、".join(found), count=COUNT))


def _reported(log: Log, table: RawTable, adopted: Sequence[dt.date | None], bad: set[int], year: int
              ) -> list[dt.date | None]:
    """The optional 报送日期: a bad or late one only costs the timeliness figure (a warning)."""
    raw = table.column(S.A_REPORTED)
    found: list[dt.date | None] = [None] * len(raw)
    for i, value in enumerate(raw) if not set(raw) <= {None, ""} else ():
        if i in bad or is_blank(value):
            continue
        try:
            reported = month_day(value, year)
            if reported is None:
                reported = to_date(value, log.epoch)
            else:
                log.note(S.ADOPTIONS, S.A_REPORTED, table.row_numbers[i], value, Reading(S.M["read_year"].format(
                    value=show(value), date=reported.isoformat(), year=year, count=COUNT)))
        except ValueError:
            log.warn(S.ADOPTIONS, table.row(i), S.A_REPORTED, S.M["reported_bad"])
            continue
        if reported > adopted[i]:  # type: ignore[operator]
            log.warn(S.ADOPTIONS, table.row(i), S.A_REPORTED, S.M["reported_late"].format(
                reported=reported.isoformat(), date=adopted[i].isoformat()))  # type: ignore[union-attr]
            continue
        found[i] = reported
    return found


def _drop_repeats(log: Log, records: list[Adoption]) -> list[Adoption]:
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
            log.error(S.ADOPTIONS, raw, S.A_PUB, S.M["duplicate_adoption"].format(row=group[0].row))
            log.reject(S.ADOPTIONS, rec.row, rec.unit, rec.number, rec.title)
            dropped.add(rec.row)
    kept = [rec for rec in records if rec.row not in dropped] if dropped else records
    # How many units use each item key; a number ("#...") used by more than one is shared.
    owners = Counter(map(operator.itemgetter(1), map(operator.itemgetter(0), set(map(_ITEM_UNIT, kept)))))
    shared = {number for number, n in owners.items() if n > 1 and number.startswith("#")}
    if shared:
        first: dict[str, Adoption] = {}
        for rec in sorted((r for r in kept if r.item[1] in shared), key=content):
            owner = first.setdefault(rec.item[1], rec)
            if owner.unit != rec.unit and owner.unit not in rec.partners:
                raw = RawRow(rec.row, {S.A_PUB: rec.publication, S.A_NO: rec.number})
                log.warn(S.ADOPTIONS, raw, S.A_NO, S.M["number_two_units"].format(
                    value=rec.number, row=owner.row, unit=owner.unit))
    return kept
