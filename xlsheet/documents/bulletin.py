"""The quarterly bulletin (通报, scheme 二(八)): composed from the results as a `Draft` that
`layout.write_docx` lays out as a Word document.

`compose` is pure: results in, a Draft (title, blocks of text and tables) out.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from .. import schema as S
from ..kinds import deduction_text
from ..quarterly import QuarterRow, latest_quarter, quarterly, same_quarter_last_year
from ..render import Outcome
from ..values import format_number, format_rate, rounded_rate
from .layout import Draft, Table, date_text, doc_number

B = S.BULLETIN
AHEAD_BEHIND = 3  # units named as ahead and as slow, more where units tie at the cut
NAMED_AT_MOST = 10  # more slow units than this (all tied at the cut) are counted, not named


def file_name(year: int, quarter: int) -> str:
    """The bulletin's file name: 「YYYY年第N季度政务信息录用情况通报.docx」."""
    return B["file_name"].format(year=year, quarter=S.QUARTER_NAMES[quarter - 1])


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))


def compose(outcome: Outcome, quarter: int | None = None, issued: dt.date | None = None,
            number: int | None = None) -> Draft:
    """The bulletin for `quarter` (default: the latest quarter with a dated adoption), under
    the 版头 of the issuing office; its 发文字号 (where 参数 has a prefix) of the year it is
    issued, with `number` or the number left blank."""
    rules = outcome.inputs.rules
    quarter = quarter or latest_quarter(outcome.ledger)
    end = quarter_end(rules.year, quarter)
    issued = issued or dt.date.today()
    rows = quarterly(outcome.inputs.units, outcome.ledger, quarter)
    adoptions = [a for a in outcome.inputs.adoptions if a.date <= end]
    levels = {level: sum(1 for a in adoptions if a.level == level) for level in S.LEVELS}
    instructions = [i for i in outcome.inputs.instructions if i.date is None or i.date <= end]
    qname = S.QUARTER_NAMES[quarter - 1]

    def group(category: str) -> list:
        members = [r for r in rows if r.unit.category == category]
        if category == S.OTHER:
            return sorted(members, key=lambda r: (-r.to_date, r.unit.name))
        return sorted(members, key=lambda r: (-(r.rate or 0), -r.to_date, r.unit.name))

    towns, depts, others = group(S.TOWN), group(S.DEPARTMENT), group(S.OTHER)
    done = {c: sum(1 for r in g if r.rate is not None and r.rate >= 1) for c, g in
            ((S.TOWN, towns), (S.DEPARTMENT, depts))}
    blocks: list[tuple[str, object]] = [
        ("p", B["opening"].format(year=rules.year, month=end.month)),
        ("h1", B["h_overall"]),
        ("p", B["overall"].format(
            year=rules.year, month=end.month, day=end.day, items=len({a.item for a in adoptions}),
            adoptions=len(adoptions), state=levels[S.LEVEL_STATE], province=levels[S.LEVEL_PROVINCE],
            city=levels[S.LEVEL_CITY], county=levels[S.LEVEL_COUNTY], instructions=len(instructions),
            towns_done=done[S.TOWN], depts_done=done[S.DEPARTMENT])),
    ]
    # 同比: only when the book carries last year's results
    last = same_quarter_last_year(rows, outcome.inputs.last_year) if outcome.inputs.last_year else None
    if last is not None:
        blocks.append(("p", _year_over_year(rows, last)))
    blocks.append(("h1", B["h_units"]))
    tables = []
    numbered: dict[str, int] = {}  # group label -> its table's number
    for heading, label, members in ((B["h_towns"], B["group_towns"], towns), (B["h_depts"], B["group_depts"], depts),
                                    (B["h_others"], B["group_others"], others)):
        if not members:
            continue
        n = len(tables) + 1
        caption = B["caption"].format(n=n, group=label, quarter=qname)
        if members[0].unit.category == S.OTHER:
            body = tuple((str(i), r.unit.name, format_number(r.to_date)) for i, r in enumerate(members, 1))
            header = B["columns_other"]
        else:
            body = tuple((str(i), r.unit.name, format_number(r.unit.base), format_number(r.to_date),
                          format_rate(r.rate, rules.rate_places)) for i, r in enumerate(members, 1))
            header = B["columns"]
        if last is not None:  # a column: the same quarter last year, or 本年新增
            header += (B["column_last"],)
            body = tuple(row + (S.NEW_THIS_YEAR if last[r.unit.name] is None else format_number(last[r.unit.name]),)
                         for row, r in zip(body, members, strict=True))
        table = Table(caption, header, body)
        tables.append(table)
        numbered[label] = n
        blocks += [("h2", heading), ("table", table)]
        negative = [r.unit.name for r in members if r.to_date < 0]
        if negative:
            blocks.append(("p", B["negative"].format(names="、".join(negative),
                                                     kinds=_deductions(outcome, set(negative), end))))
    blocks.append(("h1", B["h_progress"]))
    for label, members in ((B["group_towns"], towns), (B["group_depts"], depts)):
        if len(members) >= 2:
            blocks += _progress(label, members, numbered[label], rules.rate_places)
    blocks += [("h1", B["h_requests"]), ("p", B["requests"])]
    return Draft(B["title"].format(year=rules.year, quarter=qname), B["addressees"], tuple(blocks),
                 rules.office, date_text(issued), rules.cc, rules.year, quarter, tuple(tables),
                 masthead=rules.office, number=doc_number(rules.number_prefix, issued.year, number, outcome.inputs.problems))


def _deductions(outcome: Outcome, units: set[str], end: dt.date) -> str:
    """The deducting kinds of notice these units had up to `end`, each with what it deducts
    (from 通报标准): 「紧急信息迟报瞒报每次扣信息基础分的 30%」."""
    kinds = outcome.inputs.rules.notice_kinds
    had = dict.fromkeys(n.kind for n in outcome.inputs.notices if n.unit in units
                        and (n.date or dt.date(end.year, 12, 31)) <= end and kinds[n.kind].method != S.NO_DEDUCTION)
    return "；".join(S.KIND_TEXT["each_notice"].format(kind=k, what=deduction_text(kinds[k])) for k in had)


def _year_over_year(rows: list, last: dict) -> str:
    """One sentence: the county's cumulative points against the same quarter last year."""
    known = [q for q in rows if last[q.unit.name] is not None]
    this = sum((q.to_date for q in known), 0)
    before = sum((last[q.unit.name] for q in known), 0)
    new = [q for q in rows if last[q.unit.name] is None]
    return B["yoy"].format(direction=B["yoy_up"] if this >= before else B["yoy_down"],
                           change=format_number(abs(this - before)), this=format_number(this),
                           last=format_number(before),
                           higher=sum(1 for q in known if q.to_date > last[q.unit.name]),
                           new=B["yoy_new"].format(count=len(new)) if new else "")


def _progress(label: str, members: list, table: int, places: int) -> list[tuple[str, object]]:
    """Who is ahead and who is slow, by completion rate as the bulletin shows it (rounded to
    `places`). Where units tie at the cut, all of them are in (never an arbitrary few of them,
    nor one of two units the table shows at the same rate); a unit shown at 0% is never
    "ahead"; slow units all tied beyond NAMED_AT_MOST are counted instead of named."""
    def named(listed: list) -> str:
        return "、".join(B["unit_rate"].format(name=r.unit.name, rate=format_rate(r.rate, places)) for r in listed)

    def shown(r: QuarterRow) -> Fraction:
        return rounded_rate(r.rate, places)

    blocks: list[tuple[str, object]] = []
    rated = [r for r in members if r.rate is not None]
    ahead_cut = shown(rated[min(AHEAD_BEHIND, len(rated)) - 1])
    ahead = [r for r in rated if shown(r) >= ahead_cut and shown(r) > 0]
    low = sorted(rated, key=lambda r: (r.rate, r.unit.name))
    behind_cut = shown(low[min(AHEAD_BEHIND, len(low)) - 1])
    behind = [r for r in low if shown(r) <= behind_cut and r not in ahead]
    if ahead:
        tied = B["tied_count"].format(count=len(ahead)) if len(ahead) > AHEAD_BEHIND else ""
        blocks.append(("p", B["ahead"].format(group=label, names=named(ahead), tied=tied)))
    if len(behind) > NAMED_AT_MOST:
        blocks.append(("p", B["behind_many"].format(group=label, count=len(behind), table=table,
                                                    rate=format_rate(behind_cut, places))))
    elif behind:
        tied = B["tied_count"].format(count=len(behind)) if len(behind) > AHEAD_BEHIND else ""
        blocks.append(("p", B["behind"].format(group=label, names=named(behind), tied=tied)))
    return blocks


