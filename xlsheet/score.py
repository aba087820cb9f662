"""Scoring: checked records in, the ledger out.

Every point a unit gets or loses is one ledger line; every input row that
scores nothing gets a zero line saying why. 得分明细 is the ledger, and a
unit's 总分 is the sum of its lines.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from fractions import Fraction
from operator import attrgetter
from typing import NamedTuple

from . import schema as S
from .records import Adoption, Inputs, Instruction, Unit
from .values import exact, format_number, format_percent

_REPLACES_COMMISSION = frozenset(S.LEVELS[1:])  # 宁波市, 省, 国务院
_SHEET_ORDER = {sheet: i for i, sheet in enumerate(S.INPUT_SHEETS)}


class Line(NamedTuple):
    unit: str
    sheet: str
    row: int
    number: str
    title: str
    entry: str
    points: Fraction
    note: str
    date: dt.date | None = None
    item: tuple[str, str] | None = None
    informants: tuple[str, ...] = ()
    reported: dt.date | None = None

    def sort_key(self) -> tuple:
        return (self.unit, _SHEET_ORDER[self.sheet], self.row, self.entry, self.note)


def score(inputs: Inputs) -> tuple[Line, ...]:
    """The ledger of every input row, ordered by unit, sheet and row."""
    units = {u.name: u for u in inputs.units}
    items = _by_item(inputs.adoptions)
    lines: list[Line] = []
    lines += _adoptions(items, inputs.rules.joint)
    lines += _instructions(inputs, items)
    lines += _extras(inputs, units)
    lines += _notices(inputs, units)
    for sheet, row, unit, number, title in inputs.rejected:
        lines.append(Line(unit, sheet, row, number, title, S.ENTRY_NONE, 0, S.NOTE["error_row"]))
    return tuple(sorted(lines, key=Line.sort_key))


def _by_item(adoptions: tuple[Adoption, ...]) -> dict[tuple[str, str], list[Adoption]]:
    items: dict[tuple[str, str], list[Adoption]] = defaultdict(list)
    for a in sorted(adoptions, key=attrgetter("row")):
        items[a.item].append(a)
    return items


def joint_note(unit: str, partners: tuple[str, ...], mode: str) -> str:
    """What a joint report's line says: the other units, how many, and this unit's share."""
    if mode == S.JOINT_FULL:
        share = S.NOTE["joint_full"]
    elif mode == S.JOINT_FIRST:
        share = S.NOTE["joint_first"].format(first=partners[0])
    else:
        share = S.NOTE["joint_equal"].format(n=len(partners))
    return S.NOTE["joint"].format(others="、".join(p for p in partners if p != unit), n=len(partners), share=share)


def _adoptions(items: dict[tuple[str, str], list[Adoption]], mode: str) -> list[Line]:
    lines = []
    notes = {}
    for item, rows in items.items():
        for a in rows:
            # 上级录用时不计 (reading 2): the row scores 0 when another adoption of the item is higher.
            if a.rule.not_if_higher and any(b is not a and b.level in _REPLACES_COMMISSION for b in rows):
                points, entry = 0, S.ENTRY_NONE
                note = S.NOTE["commission_replaced"].format(level=a.level, pub=a.publication,
                                                           column=S.S_NOT_IF_HIGHER)
            else:
                points = a.rule.points
                note = notes.get(a.rule)
                if note is None:
                    note = notes[a.rule] = S.NOTE["adoption"].format(level=a.level, pub=a.publication)
                entry = S.ENTRY_ADOPTION
            if a.partners:
                points = exact(Fraction(points) * a.share)
                note += "；" + joint_note(a.unit, a.partners, mode)
            lines.append(Line(a.unit, S.ADOPTIONS, a.row, a.number, a.title, entry, points, note,
                              a.date, item, a.informants, a.reported))
    return lines


def _instructions(inputs: Inputs, items: dict[tuple[str, str], list[Adoption]]) -> list[Line]:
    rules = inputs.rules
    grouped: dict[tuple[str, str], list[Instruction]] = defaultdict(list)
    for ins in sorted(inputs.instructions, key=lambda i: (i.date or dt.date.max, i.row)):
        grouped[ins.item].append(ins)
    lines = []
    for item, rows in grouped.items():
        adopted = items[item]
        number, title = adopted[0].number, adopted[0].title
        first_adoption = min(a.date for a in adopted)
        if rules.bonus_mode == S.BONUS_HIGHEST:
            top = max(rows, key=lambda i: (rules.bonus[i.level], i.level)).level
        counted: set[str] = set()
        for ins in rows:
            if rules.bonus_mode == S.BONUS_HIGHEST and ins.level != top:
                points, note, entry = 0, S.NOTE["instruction_lower"], S.ENTRY_NONE
            elif ins.level in counted:
                points, note, entry = 0, S.NOTE["instruction_repeat"], S.ENTRY_NONE
            else:
                counted.add(ins.level)
                points, note, entry = rules.bonus[ins.level], S.NOTE["instruction"].format(
                    level=ins.level), S.ENTRY_INSTRUCTION
            if ins.partners:
                points = exact(Fraction(points) * ins.share)
                note += "；" + joint_note(ins.unit, ins.partners, rules.joint)
            lines.append(Line(ins.unit, S.INSTRUCTIONS, ins.row, number, title, entry, points, note,
                              ins.date or first_adoption, item))
    return lines


def _extras(inputs: Inputs, units: dict[str, Unit]) -> list[Line]:
    """Each 加分事项 row by its kind (加分标准): approval, minimum days, once a year, then fixed
    points or a share of the base."""
    kinds = inputs.rules.extra_kinds
    lines = []
    once: set[tuple[str, str]] = set()
    # Content before row number: which of two yearly rows is "the" one does not depend on row order.
    for ex in sorted(inputs.extras, key=lambda e: (e.date or dt.date.max, -(e.days or 0), e.row)):
        kind = kinds[ex.kind]
        base = units[ex.unit].base
        points, entry = 0, S.ENTRY_NONE
        if kind.approval and not ex.approved:
            note = (S.NOTE["not_approved"].format(value=ex.approval) if ex.approval
                    else S.NOTE["not_approved_blank"])
        elif kind.min_days is not None and (ex.days is None or ex.days < kind.min_days):
            note = S.NOTE["extra_short"].format(kind=kind.name, days=ex.days, min=kind.min_days)
        elif kind.yearly and (ex.unit, ex.kind) in once:
            note = S.NOTE["extra_repeat"].format(kind=kind.name)
        else:
            once.add((ex.unit, ex.kind))
            note = S.NOTE["extra"].format(kind=kind.name)
            if kind.min_days is not None:
                note += S.NOTE["extra_days"].format(days=ex.days)
            if not kind.share:
                points, entry = exact(kind.value), S.ENTRY_EXTRA
            elif base is None:
                note = S.NOTE["no_base"]
            else:
                points, entry = exact(kind.value * base), S.ENTRY_EXTRA
                note += S.NOTE["extra_share"].format(ratio=format_percent(kind.value))
        lines.append(Line(ex.unit, S.EXTRAS, ex.row, "", "", entry, points, note, ex.date))
    return lines


def _notices(inputs: Inputs, units: dict[str, Unit]) -> list[Line]:
    """Each 通报记录 row by its kind (通报标准): a share of the base, fixed points or nothing
    deducted, and what else the notice does, in its note (assess applies it)."""
    kinds = inputs.rules.notice_kinds
    lines = []
    for n in sorted(inputs.notices, key=lambda n: n.row):
        kind = kinds[n.kind]
        base = units[n.unit].base
        points, entry = 0, S.ENTRY_NOTICE
        if kind.method == S.FIXED:
            points, entry = -exact(kind.value), S.ENTRY_DEDUCTION
            note = S.NOTE["notice_fixed"].format(kind=kind.name, points=format_number(kind.value))
        elif kind.method == S.SHARE and base is None:
            note = S.NOTE["no_base"]
        elif kind.method == S.SHARE:
            points, entry = exact(-kind.value * base), S.ENTRY_DEDUCTION
            note = S.NOTE["notice_share"].format(kind=kind.name, ratio=format_percent(kind.value))
        else:
            note = S.NOTE["notice"].format(kind=kind.name)
        if kind.deemed:
            note += S.NOTE["notice_deemed"]
        if kind.disqualifies:
            note += S.NOTE["notice_disqualifies"]
        if kind.method == S.NO_DEDUCTION and kind.counts and not (kind.deemed or kind.disqualifies):
            note += S.NOTE["notice_counts"]
        if n.document:
            note += f"（{n.document}）"
        lines.append(Line(n.unit, S.NOTICES, n.row, "", "", entry, points, note, n.date))
    return lines
