"""The 领导批示 sheet: each instruction found on its item in 信息录用.

An instruction names its item by 信息编号, or, without one, by 报送单位 + 信息标题: then it
finds the adoption of that unit with that title whether or not the adoption has a number,
the title matched forgivingly (names.key, then without punctuation, then a part of exactly
one of the unit's titles, a reading). An instruction on a joint report's item is shared
among its units as the item's points are (参数 联合报送计分).
"""

from __future__ import annotations

import difflib
import operator
from collections.abc import Sequence

from .. import names
from .. import schema as S
from ..records import Adoption, Instruction, RawTable, Rulebook
from .adoptions import Unscored, item_key, shares
from .cells import COUNT, Log, Reading, code_of, number_text, units_of
from .rule_sheets import Aliases


class Titles:
    """Each unit's adoptions by title, to find an instruction's item without a number."""

    def __init__(self, adoptions: Sequence[Adoption]) -> None:
        self._by_unit: dict[str, dict[str, tuple[tuple[str, str], int, str]]] = {}
        for a in sorted(adoptions, key=operator.attrgetter("row")):
            titles = self._by_unit.setdefault(a.unit, {})
            titles.setdefault(names.key(a.title), (a.item, a.row, a.title))

    def find(self, unit: str, title: str) -> tuple[tuple[str, str] | None, str]:
        """(the item, ''), or (the item, a Reading) when found by a part of its title, or (None,
        the nearest title's words for the message)."""
        titles = self._by_unit.get(unit, {})
        k = names.key(title)
        if k in titles:
            return titles[k][0], ""
        loose = names.loose(k)
        found = [t for tk, t in titles.items() if names.loose(tk) == loose]
        if len(found) == 1:
            return found[0][0], ""
        parts = [t for tk, t in titles.items() if loose and (loose in names.loose(tk) or names.loose(tk) in loose)]
        if len(parts) == 1:
            item, row, full = parts[0]
            return item, Reading(S.M["read_title"].format(value=title, row=row, title=full, count=COUNT))
        close = difflib.get_close_matches(k, list(titles), n=1, cutoff=0)
        if not close:
            return None, ""
        _, row, full = titles[close[0]]
        return None, S.M["title_nearest"].format(title=full, row=row)


def instructions(log: Log, table: RawTable, rules: Rulebook, units: names.Matcher, aliases: Aliases,
                 adoptions: Sequence[Adoption], unscored: Unscored) -> tuple[Instruction, ...]:
    sheet = S.INSTRUCTIONS
    items = set(map(operator.attrgetter("item"), adoptions))
    joint = {a.item: a.partners for a in adoptions if a.partners}
    units_by_number: dict[str, set[str]] = {}  # made when a row first needs it
    titles: list[Titles] = []  # likewise
    level_of = code_of(S.I_LEVEL, tuple(rules.bonus), aliases.of(S.I_LEVEL))
    unit_of = units_of(S.I_UNIT, units, rules.joint)
    records: list[Instruction] = []
    for row in table.rows:
        before = log.errors
        number = log.read(sheet, row, S.I_NO, lambda: number_text, "instruction number") or ""
        typed_unit = names.clean(row.cells.get(S.I_UNIT))
        title = log.text(sheet, row, S.I_TITLE, required=False) or ""
        leader = log.text(sheet, row, S.I_LEADER, required=False) or ""
        named = log.read(sheet, row, S.I_UNIT, lambda: unit_of, "instruction units") if typed_unit else ("",)
        unit = named[0] if named else None  # type: ignore[index]
        level = log.read(sheet, row, S.I_LEVEL, lambda: level_of, "instruction level")
        date = log.date(sheet, row, S.I_DATE, rules.year)
        if log.errors > before or level is None or unit is None:
            log.reject(sheet, row.row, unit or "", number, title)
            continue
        if not number and not (unit and title):
            log.error(sheet, row, S.I_NO, S.M["no_item"])
            log.reject(sheet, row.row, unit, number, title)
            continue
        if number and not unit:
            if not units_by_number:
                for a in adoptions:
                    if a.number:
                        units_by_number.setdefault(a.item[1], set()).add(a.unit)
            owners = units_by_number.get(item_key("", number, title)[1], set())
            partners = {joint.get((u, item_key("", number, title)[1]), ()) for u in owners}
            if len(owners) > 1 and not (len(partners) == 1 and set(next(iter(partners))) == owners):
                log.error(sheet, row, S.I_UNIT, S.M["ambiguous_item"].format(value=number))
                log.reject(sheet, row.row, "", number, title)
                continue
            unit = next(iter(partners))[0] if len(owners) > 1 else next(iter(owners), "")
        item = item_key(unit, number, title)
        hint = ""
        if item not in items and not number:
            if not titles:
                titles.append(Titles(adoptions))
            found, message = titles[0].find(unit, title)
            if found is not None:
                item = found
                if message:
                    log.note(sheet, S.I_TITLE, row.row, title, message)  # type: ignore[arg-type]
            else:
                hint = message
        if item not in items:
            # Say why: the item's adoption row is there but scored nothing, or there is none.
            found_row = unscored.find(item)
            message = (S.M["item_not_scored"].format(row=found_row[0], reason=found_row[1]) if found_row
                       else S.M["no_item"] + hint)
            log.error(sheet, row, S.I_NO if number else S.I_TITLE, message)
            log.reject(sheet, row.row, unit, number, title)
            continue
        if not log.in_year(sheet, row, S.I_DATE, date, rules.year):
            log.reject(sheet, row.row, unit, number, title)
            continue
        records += _shared(row.row, item, joint.get(item, ()), level, leader, date, rules.joint)  # type: ignore[arg-type]
    return tuple(records)


def _shared(row: int, item: tuple[str, str], partners: tuple[str, ...], level: str, leader: str, date: object,
            mode: str) -> list[Instruction]:
    """The instruction, one per unit of a joint report's item (each with its share)."""
    if not partners:
        return [Instruction(row, item, item[0], level, leader, date)]  # type: ignore[arg-type]
    return [Instruction(row, (u, item[1]), u, level, leader, date, share, partners)  # type: ignore[arg-type]
            for u, share in zip(partners, shares(partners, mode), strict=True)]
