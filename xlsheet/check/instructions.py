"""The 领导批示 sheet: each instruction found on its item in 信息录用."""

from __future__ import annotations

import operator
from collections.abc import Sequence

from .. import names
from .. import schema as S
from ..records import Adoption, Instruction, RawTable, Rulebook
from .adoptions import Unscored, item_key
from .cells import Log, code_of, number_text
from .rule_sheets import Aliases


def instructions(log: Log, table: RawTable, rules: Rulebook, units: names.Matcher, aliases: Aliases,
                 adoptions: Sequence[Adoption], unscored: Unscored) -> tuple[Instruction, ...]:
    sheet = S.INSTRUCTIONS
    items = set(map(operator.attrgetter("item"), adoptions))
    units_by_number: dict[str, set[str]] = {}  # made when a row first needs it
    level_of = code_of(S.I_LEVEL, tuple(rules.bonus), aliases.of(S.I_LEVEL))
    records: list[Instruction] = []
    for row in table.rows:
        before = log.errors
        number = log.read(sheet, row, S.I_NO, lambda: number_text, "instruction number") or ""
        typed_unit = names.clean(row.cells.get(S.I_UNIT))
        title = names.clean(row.cells.get(S.I_TITLE))
        unit = log.lookup(sheet, row, S.I_UNIT, units, S.M["unknown_unit"], S.U_NAME) if typed_unit else ""
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
            if len(owners) > 1:
                log.error(sheet, row, S.I_UNIT, S.M["ambiguous_item"].format(value=number))
                log.reject(sheet, row.row, "", number, title)
                continue
            unit = next(iter(owners), "")
        item = item_key(unit, number, title)
        if item not in items:
            # Say why: the item's adoption row is there but scored nothing, or there is none.
            found = unscored.find(item)
            message = (S.M["item_not_scored"].format(row=found[0], reason=found[1]) if found
                       else S.M["no_item"])
            log.error(sheet, row, S.I_NO if number else S.I_TITLE, message)
            log.reject(sheet, row.row, unit, number, title)
            continue
        if not log.in_year(sheet, row, S.I_DATE, date, rules.year):
            log.reject(sheet, row.row, unit, number, title)
            continue
        records.append(Instruction(row.row, item, unit, level, names.clean(row.cells.get(S.I_LEADER)), date))
    return tuple(records)
