"""The 单位 sheet: every unit, its group, base score and bundle."""

from __future__ import annotations

from .. import names
from .. import schema as S
from ..records import RawRow, RawTable, Unit
from ..values import to_points
from .cells import Log, code_of
from .rule_sheets import Aliases


def units(log: Log, table: RawTable, aliases: Aliases) -> tuple[Unit, ...]:
    """The units. A 镇街 or 部门 whose base has an error (the error is on its cell) is still a
    unit, with no base: its rows score, it has no completion rate, and it is not eligible."""
    sheet = S.UNITS
    category_of = code_of(S.U_CATEGORY, S.CATEGORIES, aliases.of(S.U_CATEGORY))
    found: list[Unit] = []
    seen: dict[str, int] = {}
    for row in sorted(table.rows, key=lambda r: r.row):
        name = log.text(sheet, row, S.U_NAME)
        category = log.read(sheet, row, S.U_CATEGORY, lambda: category_of, "unit category")
        base = log.parsed(sheet, row, S.U_BASE, to_points, S.M["not_number"],
                          required=category in (S.TOWN, S.DEPARTMENT))
        if name is None or category is None:
            continue
        k = names.key(name)
        if k in seen:
            log.error(sheet, row, S.U_NAME, S.M["duplicate_unit"].format(value=name, row=seen[k]))
            continue
        if category == S.OTHER:
            if base is not None:
                log.warn(sheet, row, S.U_BASE, S.M["other_has_base"])
            base = None
        elif base is not None and base <= 0:  # type: ignore[operator]
            log.error(sheet, row, S.U_BASE, S.M["bad_base"])
            base = None
        if name.startswith(S.PLACEHOLDER_MARK):
            log.warn(sheet, row, S.U_NAME, S.M["placeholder"].format(value=name))
        seen[k] = row.row
        found.append(Unit(row.row, name, category, base, log.text(sheet, row, S.U_BUNDLE, required=False) or "",  # type: ignore[arg-type]
                          log.text(sheet, row, S.U_NOTE, required=False) or ""))
    _check_bundles(log, found)
    return tuple(found)


def _check_bundles(log: Log, found: list[Unit]) -> None:
    """A bundle of one unit, or one without a town, is worth a look."""
    groups: dict[str, list[Unit]] = {}
    for unit in found:
        if unit.bundle:
            groups.setdefault(unit.bundle, []).append(unit)
    for bundle, members in groups.items():
        first = RawRow(members[0].row, {S.U_BUNDLE: bundle})
        if len(members) == 1:
            log.warn(S.UNITS, first, S.U_BUNDLE, S.M["bundle_single"].format(value=bundle))
        elif not any(m.category == S.TOWN for m in members):
            log.warn(S.UNITS, first, S.U_BUNDLE, S.M["bundle_no_town"].format(value=bundle))
