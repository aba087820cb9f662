"""The 加分事项 and 通报记录 sheets: dated events of one unit each, of a kind defined in
加分标准 or 通报标准."""

from __future__ import annotations

from .. import names
from .. import schema as S
from ..records import Extra, Notice, RawTable, Rulebook
from ..values import is_blank, is_excel_error, to_days
from .cells import Log, Resolver, excel_error, lookup_of
from .rule_sheets import Aliases, yes_no


def extras(log: Log, table: RawTable, rules: Rulebook, units: names.Matcher, aliases: Aliases) -> tuple[Extra, ...]:
    """Extra points. Where the kind needs approval (需核定), only an approved row counts: 核定 is
    read by the 是/否 aliases; a value that is neither (say 「待定」) is a warning, and the row
    counts as not approved. A kind with 最少天数 needs 蹲岗天数."""
    sheet = S.EXTRAS
    kind_of = _kind_of(S.E_KIND, list(rules.extra_kinds), aliases, S.EXTRA_RULES)
    approval = yes_no(aliases)
    yes_words = "、".join([S.YES] + [t for t, v in aliases.of(S.YES_NO_COLUMN).items() if v == S.YES][:6])
    records: list[Extra] = []
    for row in table.rows:
        before = log.errors
        unit = log.lookup(sheet, row, S.E_UNIT, units, S.M["unknown_unit"])
        kind = log.read(sheet, row, S.E_KIND, lambda: kind_of, "extra kind")
        date = log.date(sheet, row, S.E_DATE, rules.year)
        days = log.parsed(sheet, row, S.E_DAYS, to_days, S.M["not_days"], required=False)
        needs_days = kind is not None and rules.extra_kinds[kind].min_days is not None
        if needs_days and days is None and is_blank(row.cells.get(S.E_DAYS)):
            log.error(sheet, row, S.E_DAYS, S.M["days_missing"].format(kind=kind, column=S.E_DAYS))
        if days is not None and days < 0:  # type: ignore[operator]
            log.error(sheet, row, S.E_DAYS, S.M["negative"].format(column=S.E_DAYS))
        typed = row.cells.get(S.E_APPROVED)
        shown = "" if is_blank(typed) else names.typed_text(typed)
        approved = approval.find(shown) == S.YES if shown else False
        if shown and approval.find(shown) is None:
            message = (excel_error(S.E_APPROVED, typed) if is_excel_error(typed)
                       else S.M["approval_unknown"].format(column=S.E_APPROVED, value=shown, yes=yes_words))
            log.warn(sheet, row, S.E_APPROVED, message)
        if log.errors > before or unit is None or kind is None:
            log.reject(sheet, row.row, unit or "")
            continue
        if not log.in_year(sheet, row, S.E_DATE, date, rules.year):
            log.reject(sheet, row.row, unit)
            continue
        records.append(Extra(row.row, unit, kind, date, days, approved, shown))  # type: ignore[arg-type]
    return tuple(records)


def notices(log: Log, table: RawTable, rules: Rulebook, units: names.Matcher, aliases: Aliases
            ) -> tuple[Notice, ...]:
    sheet = S.NOTICES
    kind_of = _kind_of(S.N_KIND, list(rules.notice_kinds), aliases, S.NOTICE_RULES)
    records: list[Notice] = []
    for row in table.rows:
        before = log.errors
        unit = log.lookup(sheet, row, S.N_UNIT, units, S.M["unknown_unit"])
        kind = log.read(sheet, row, S.N_KIND, lambda: kind_of, "notice kind")
        date = log.date(sheet, row, S.N_DATE, rules.year)
        document = log.text(sheet, row, S.N_DOC, required=False)
        if log.errors > before or unit is None or kind is None:
            log.reject(sheet, row.row, unit or "")
            continue
        if not log.in_year(sheet, row, S.N_DATE, date, rules.year):
            log.reject(sheet, row.row, unit)
            continue
        records.append(Notice(row.row, unit, kind, date, document or ""))  # type: ignore[arg-type]
    return tuple(records)


def _kind_of(column: str, allowed: list[str], aliases: Aliases, sheet: str) -> Resolver:
    """One of the kinds of `sheet` (or an alias of one); anything else is quoted, with the kinds
    and the nearest one."""
    return lookup_of(column, names.Matcher(allowed, aliases.of(column)), S.M["unknown_kind"],
                     sheet=sheet, allowed="、".join(allowed))
