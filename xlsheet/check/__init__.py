"""Checking: raw tables in, typed records and problems out.

Every input row ends up either as a record (counted) or as a rejected row with an
error problem; warnings mark rows that count but deserve a look, and note rows (a
remark, no record) get one warning each. Pure: no file library, no Excel.

One module per input sheet, the shared cell resolvers in `cells`:

    tables        find each table's header and rows; split off note rows
    cells         resolvers (text, numbers, dates, codes, names) and the problem log
    rule_sheets   别名, 参数, 计分标准, 批示加分
    kinds         加分标准, 通报标准 (kinds of extra points and notices)
    units         单位
    adoptions     信息录用 (column by column: it is the large one)
    instructions  领导批示
    events        加分事项, 通报记录
    decisions     评先裁定 (read here, applied in assess)
    last_year     上年结果 (for 同比)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from .. import names
from .. import schema as S
from ..records import Inputs, Problem, RawTable, Rulebook
from ..values import EPOCH_1904, is_blank
from . import rule_sheets
from .adoptions import adoptions, item_key
from .cells import Log, resolve_column, text_of
from .decisions import decisions
from .events import extras, notices
from .instructions import instructions
from .kinds import kinds
from .last_year import last_year
from .tables import find_table, find_tables, split_notes
from .units import units

__all__ = ["check", "find_table", "find_tables", "item_key", "resolve_column", "text_of"]

_TABLES = {t.sheet: t for t in S.INPUT_TABLES + S.OPTIONAL_TABLES}


def check(tables: Mapping[str, RawTable], default_year: int | None = None, date1904: bool = False) -> Inputs:
    """Turn the input tables into records and problems; serial dates are counted in the
    workbook's date system (`date1904`: the 1904 system of Mac books)."""
    log = Log()
    if date1904:
        log.epoch = EPOCH_1904
    tables = {sheet: _without_notes(log, table) for sheet, table in tables.items()}
    aliases = rule_sheets.aliases(log, tables.get(S.ALIASES))
    values = rule_sheets.params(log, tables[S.PARAMS], default_year or dt.date.today().year, tuple(tables))
    extra_kinds, notice_kinds = kinds(log, tables, values, aliases)
    rules = Rulebook(values, points=rule_sheets.points(log, tables[S.POINTS], aliases),
                     bonus=rule_sheets.bonus(log, tables[S.BONUS]), extra_kinds=extra_kinds,
                     notice_kinds=notice_kinds)
    unit_list = units(log, tables[S.UNITS], aliases)
    unit_names = [u.name for u in unit_list]
    aliases.check_values(log, S.U_NAME, unit_names)
    aliases.check_values(log, S.A_PUB, [r.publication for r in rules.points.values()])
    aliases.check_values(log, S.I_LEVEL, list(rules.bonus))
    aliases.check_values(log, S.E_KIND, list(rules.extra_kinds))
    aliases.check_values(log, S.N_KIND, list(rules.notice_kinds))
    matcher = names.Matcher(unit_names, aliases.of(S.U_NAME), short=True, prefixes=county_prefixes(rules.county))
    adopted, unscored = adoptions(log, tables[S.ADOPTIONS], rules, matcher, aliases)
    instructed = instructions(log, tables[S.INSTRUCTIONS], rules, matcher, aliases, adopted, unscored)
    extra = extras(log, tables[S.EXTRAS], rules, matcher, aliases)
    noticed = notices(log, tables[S.NOTICES], rules, matcher, aliases)
    decided = decisions(log, tables.get(S.DECISIONS), matcher, rules.year)
    previous = last_year(log, tables.get(S.LAST_YEAR))
    log.readings()
    problems = tuple(sorted(set(log.problems), key=problem_order))
    return Inputs(rules, unit_list, adopted, instructed, extra, noticed, problems, tuple(sorted(set(log.rejected))),
                  decided, previous)


def county_prefixes(county: str) -> tuple[str, ...]:
    """What may stand before a unit's name: 县, 市, 区, and the county's name (参数 县名), also
    without its last character where that is 县, 市 or 区 (慈溪市 and 慈溪)."""
    found = list(S.COUNTY_PREFIXES)
    county = names.clean(county)
    if county:
        found.append(county)
        if len(county) > 2 and county[-1] in S.COUNTY_PREFIXES:
            found.append(county[:-1])
    return tuple(found)


def _without_notes(log: Log, table: RawTable) -> RawTable:
    """`table` without its note rows, each of which gets one warning at its first filled cell."""
    keys = _TABLES[table.sheet].keys
    rest, notes = split_notes(table, keys)
    for row in notes:
        column = next(c for c in table.columns if not is_blank(row.cells.get(c)))
        log.warn(table.sheet, row, column, S.M["note_row"].format(keys="、".join(keys)))
    return rest


_SHEET_ORDER = {name: i for i, name in enumerate(S.INPUT_SHEETS + S.OPTIONAL_SHEETS)}


def problem_order(p: Problem) -> tuple:
    """Problems by sheet (in the workbook's order), row, column."""
    return (_SHEET_ORDER.get(p.sheet, 99), p.row, p.column, p.level, p.message, p.content)
