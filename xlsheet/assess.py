"""Assessment: from the ledger to completion, eligibility, selection and assessment points.

Pure and exact: every quantity is a Fraction, every order has a final
tie-break on the unit name, so the same input gives the same result whatever
the order of its rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from . import schema as S
from .records import Decision, Inputs, Problem, Unit
from .score import Line
from .values import Exact, format_number, format_percent


@dataclass(frozen=True)
class Result:
    unit: Unit
    adoption: Fraction
    instruction: Fraction
    extra: Fraction
    deduction: Fraction
    total: Fraction
    rate: Fraction | None
    status: str
    qualifying: int
    notices: int
    eligible: str
    result: str = ""
    points: Fraction | None = None
    rank: int = 0
    notes: tuple[str, ...] = ()
    direct_item: bool = False

    @property
    def name(self) -> str:
        return self.unit.name

    @property
    def group(self) -> str:
        return self.unit.category


@dataclass(frozen=True)
class GroupCap:
    group: str
    participants: int
    ratio: Fraction
    cap: int
    advanced: int
    tied: int
    direct: int


@dataclass(frozen=True)
class Assessment:
    results: tuple[Result, ...]  # in ranking order: group, then rank
    caps: tuple[GroupCap, ...] = field(default_factory=tuple)
    problems: tuple[Problem, ...] = ()  # decisions of 评先裁定 that do not apply or break a cap

    def by_name(self) -> dict[str, Result]:
        return {r.name: r for r in self.results}


def floor_share(ratio: Fraction, n: int) -> int:
    """floor(ratio × n), exactly."""
    share = Fraction(ratio) * n
    return share.numerator // share.denominator


def _rank_key(r: Result) -> tuple:
    if r.group == S.OTHER:
        return (-r.total,)
    return (-(r.rate or 0), -r.total, -r.qualifying)


def assess(inputs: Inputs, ledger: Iterable[Line]) -> Assessment:
    rules = inputs.rules
    sums: dict[str, dict[str, Exact]] = defaultdict(lambda: defaultdict(int))
    for line in ledger:
        if line.unit:
            sums[line.unit][line.entry] += line.points
    # What each notice does beyond its points, by its kind (通报标准).
    notice_count: dict[str, int] = defaultdict(int)
    deemed: set[str] = set()
    disqualified_by: dict[str, str] = {}  # unit -> the first disqualifying kind (its 评先资格 reason)
    for n in sorted(inputs.notices, key=lambda n: n.row):
        kind = rules.notice_kinds[n.kind]
        if kind.counts:
            notice_count[n.unit] += 1
        if kind.deemed:
            deemed.add(n.unit)
        if kind.disqualifies:
            disqualified_by.setdefault(n.unit, kind.name)
    qualifying: dict[str, set] = defaultdict(set)
    state_experience: set[tuple[str, str]] = set()
    for a in inputs.adoptions:
        if a.category in rules.comprehensive and a.rule.qualifies:
            qualifying[a.unit].add(a.item)
        if a.category == S.EXPERIENCE and a.level == S.LEVEL_STATE:
            state_experience.add(a.item)
    direct_units = {i.unit for i in inputs.instructions
                    if i.level == S.LEADER_STATE and i.item in state_experience}

    results = []
    for unit in inputs.units:
        s = sums[unit.name]
        total = sum(s.values())
        rate = None if unit.base is None else Fraction(total) / unit.base
        if unit.category == S.OTHER:
            status, eligible = "", S.REASON_OTHER
        elif unit.base is None:  # its base has an error (see 校验)
            status, eligible = "", S.REASON_BAD_BASE
        else:
            status = (S.STATUS_DEEMED if unit.name in deemed
                      else S.STATUS_DONE if total >= unit.base else S.STATUS_NOT_DONE)
            eligible = _eligibility(status, len(qualifying[unit.name]), notice_count[unit.name],
                                    disqualified_by.get(unit.name, ""), rules.notice_limit)
        disqualified = notice_count[unit.name] >= rules.notice_limit or unit.name in disqualified_by
        direct = (unit.category != S.OTHER and status == S.STATUS_DONE and not disqualified
                  and unit.name in direct_units)
        results.append(Result(
            unit=unit, adoption=s[S.ENTRY_ADOPTION], instruction=s[S.ENTRY_INSTRUCTION],
            extra=s[S.ENTRY_EXTRA], deduction=-s[S.ENTRY_DEDUCTION], total=total, rate=rate,
            status=status, qualifying=len(qualifying[unit.name]), notices=notice_count[unit.name],
            eligible=eligible, direct_item=direct,
            notes=(S.NOTE["other_unit"],) if unit.category == S.OTHER
            else (S.NOTE["bad_base"],) if unit.base is None else ()))

    caps = []
    selected: dict[str, tuple[str, str]] = {}
    for group, ratio in ((S.TOWN, rules.town_ratio), (S.DEPARTMENT, rules.dept_ratio)):
        members = [r for r in results if r.group == group]
        cap, picks = _select(members, ratio)
        selected.update(picks)
        counts = [v[0] for v in picks.values()]
        caps.append(GroupCap(group, len(members), ratio, cap, counts.count(S.RESULT_ADVANCED),
                             counts.count(S.RESULT_TIED), counts.count(S.RESULT_DIRECT)))
    results = [replace(r, result=selected[r.name][0], notes=r.notes + ((selected[r.name][1],)
                                                                      if selected[r.name][1] else ()))
               if r.name in selected else r for r in results]
    results, caps, problems = apply_decisions(results, caps, inputs.decisions)
    results = _assessment_points(results, rules)
    return Assessment(tuple(_ranked(results)), tuple(caps), problems)


def apply_decisions(results: list[Result], caps: list[GroupCap], decisions: Iterable[Decision]
                    ) -> tuple[list[Result], list[GroupCap], tuple[Problem, ...]]:
    """The 评先裁定 decisions on the selection: a unit 并列待定 becomes 先进 (or stays out), an
    其他 unit chosen becomes 表彰; each with its decision and basis in 说明. A decision on any
    other unit is an error; decisions that put a group over its cap are a warning."""
    by_name = {r.name: r for r in results}
    problems: list[Problem] = []
    decided: dict[str, Result] = {}
    rows: dict[str, int] = {}
    for d in decisions:
        r = by_name[d.unit]
        wrong = ""
        if d.result == S.DECIDE_COMMEND:
            if r.group != S.OTHER:
                wrong = S.M["decision_not_other"].format(value=d.unit, group=r.group)
        elif r.group == S.OTHER:
            wrong = S.M["decision_other_tie"]
        elif r.result != S.RESULT_TIED:
            wrong = S.M["decision_not_tied"].format(value=d.unit, result=r.result or S.M["no_result"], decision=d.result)
        if wrong:
            problems.append(Problem(S.DECISIONS, d.row, S.D_RESULT, S.ERROR, d.result, wrong))
            continue
        result = {S.DECIDE_ADVANCED: S.RESULT_ADVANCED, S.DECIDE_NOT: "", S.DECIDE_COMMEND: S.RESULT_COMMENDED}
        note = S.NOTE["decided"].format(
            decision=d.result, basis=S.NOTE["decided_basis"].format(basis=d.basis) if d.basis else "")
        if d.date is not None:
            note += S.NOTE["decided_date"].format(date=d.date.isoformat())
        tied_marker = S.NOTE["tied"].split("{others}")[1]  # the decision replaces the 并列待定 note
        notes = tuple(n for n in r.notes if tied_marker not in n) + (note,)
        decided[d.unit] = replace(r, result=result[d.result], notes=notes)
        rows[d.unit] = d.row
    results = [decided.get(r.name, r) for r in results]
    counted = []
    for cap in caps:
        members = [r for r in results if r.group == cap.group]
        advanced = sum(1 for r in members if r.result == S.RESULT_ADVANCED)
        tied = sum(1 for r in members if r.result == S.RESULT_TIED)
        counted.append(replace(cap, advanced=advanced, tied=tied))
        if advanced > cap.cap:
            for name in sorted(n for n in decided if by_name[n].group == cap.group
                               and decided[n].result == S.RESULT_ADVANCED):
                problems.append(Problem(S.DECISIONS, rows[name], S.D_RESULT, S.WARNING, S.DECIDE_ADVANCED,
                                        S.M["decision_over_cap"].format(group=cap.group, count=advanced,
                                                                        cap=cap.cap, note=cap_note(cap))))
    return results, counted, tuple(problems)


def _eligibility(status: str, qualifying: int, notices: int, disqualifying_kind: str, limit: int) -> str:
    """The first condition lacking, in the order of reading 7; a disqualifying notice is named
    by its kind."""
    if status == S.STATUS_DEEMED:
        return S.REASON_DEEMED
    if status == S.STATUS_NOT_DONE:
        return S.REASON_NOT_DONE
    if qualifying == 0:
        return S.REASON_NO_QUALIFYING
    if notices >= limit:
        return S.reason_notices(limit)
    if disqualifying_kind:
        return disqualifying_kind
    return S.ELIGIBLE


def _select(members: list[Result], ratio: Fraction) -> tuple[int, dict[str, tuple[str, str]]]:
    """Advanced units of one group under its cap; direct ones outside it; ties at the line pending."""
    cap = floor_share(ratio, len(members))
    picks: dict[str, tuple[str, str]] = {}
    for r in members:
        if r.direct_item:
            picks[r.name] = (S.RESULT_DIRECT, S.NOTE["direct"])
    candidates = sorted((r for r in members if r.eligible == S.ELIGIBLE and not r.direct_item),
                        key=lambda r: (_rank_key(r), r.name))
    if len(candidates) <= cap:
        winners, tied = candidates, []
    elif cap == 0:
        winners, tied = [], []
    else:
        line = _rank_key(candidates[cap - 1])
        if line == _rank_key(candidates[cap]):
            winners = [r for r in candidates if _rank_key(r) < line]
            tied = [r for r in candidates if _rank_key(r) == line]
        else:
            winners, tied = candidates[:cap], []
    for r in winners:
        picks[r.name] = (S.RESULT_ADVANCED, "")
    for r in tied:
        others = "、".join(t.name for t in tied if t is not r)
        picks[r.name] = (S.RESULT_TIED, S.NOTE["tied"].format(others=others))
    return cap, picks


def _town_points(total: Fraction, base: Fraction, deemed: bool, rules) -> Fraction:
    if deemed:
        return rules.deemed_points
    if total >= base:
        return Fraction(1)
    return max(Fraction(total) / base, Fraction(0))


def _assessment_points(results: list[Result], rules) -> list[Result]:
    out = {}
    for r in results:
        if r.unit.base is None:
            points = None
        elif r.group == S.TOWN:
            points = _town_points(r.total, r.unit.base, r.status == S.STATUS_DEEMED, rules)
        elif r.group == S.DEPARTMENT:
            if r.result in (S.RESULT_ADVANCED, S.RESULT_DIRECT):
                points = rules.advanced_bonus
            elif r.status in (S.STATUS_NOT_DONE, S.STATUS_DEEMED):
                points = -rules.not_done_penalty
            else:
                points = Fraction(0)
        else:
            points = None
        out[r.name] = replace(r, points=points)
    bundles: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        if r.unit.bundle:
            bundles[r.unit.bundle].append(r)
    for members in bundles.values():
        if len(members) < 2 or not any(m.group == S.TOWN for m in members) or any(m.unit.base is None for m in members):
            continue
        total = sum((m.total for m in members), Fraction(0))
        base = sum((m.unit.base for m in members if m.unit.base), Fraction(0))
        deemed = any(m.status == S.STATUS_DEEMED for m in members)
        points = _town_points(total, base, deemed, rules)
        for m in members:
            others = "、".join(o.name for o in members if o is not m)
            note = S.NOTE["bundle"].format(others=others, total=format_number(total),
                                           base=format_number(base))
            out[m.name] = replace(out[m.name], points=points, notes=out[m.name].notes + (note,))
    return [out[r.name] for r in results]


def _ranked(results: list[Result]) -> list[Result]:
    ordered = []
    for group in S.CATEGORIES:
        members = sorted((r for r in results if r.group == group), key=lambda r: (_rank_key(r), r.name))
        rank, previous = 0, None
        for position, r in enumerate(members, start=1):
            k = _rank_key(r)
            if k != previous:
                rank, previous = position, k
            ordered.append(replace(r, rank=rank))
    return ordered


def cap_note(cap: GroupCap) -> str:
    return S.NOTE["cap"].format(cap=cap.cap, n=cap.participants, ratio=format_percent(cap.ratio))
