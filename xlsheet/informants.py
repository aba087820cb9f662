"""Advanced individuals (scheme 三(七)): informants ranked by quality, quantity and timeliness.

Quality is the points their items earned (adoptions and instruction bonuses); quantity
the number of distinct items with a counted adoption; timeliness the average number of
days from an item's 报送日期 to its first 录用日期 (fewer is better; items without a
报送日期 do not count, an informant with none ranks after those with one). 先进个人排序
sets which of the three decide, in what order. Co-authors each take an item's full
points, or an equal share when 合写信息计分方式 is 平均分摊.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from . import schema as S
from .records import Rulebook
from .score import Line
from .values import Exact


@dataclass(frozen=True)
class InformantRow:
    rank: int
    name: str
    unit: str
    items: int
    points: Exact
    days: Fraction | None  # average days from report to first adoption


def _sort_key(row: InformantRow, order: tuple[str, ...]) -> tuple:
    parts = {S.BY_QUALITY: (-row.points,), S.BY_QUANTITY: (-row.items,),
             S.BY_TIMELINESS: (row.days is None, row.days or 0)}
    return tuple(p for criterion in order for p in parts[criterion])


def informants(ledger: Iterable[Line], rules: Rulebook) -> list[InformantRow]:
    # Per item, in one pass: its points, its informants, whether an adoption of it counted,
    # its first 录用日期 and its first 报送日期.
    seen: dict[tuple[str, str], list] = {}
    adoption_sheet, counted_entry = S.ADOPTIONS, S.ENTRY_ADOPTION
    for line in ledger:
        item = line.item
        if item is None:
            continue
        facts = seen.get(item)
        if facts is None:
            facts = seen[item] = [0, set(), False, None, None]
        facts[0] += line.points
        if line.sheet == adoption_sheet:
            if line.informants:
                facts[1].update(line.informants)
            if line.entry == counted_entry:
                facts[2] = True
            if facts[3] is None or line.date < facts[3]:
                facts[3] = line.date
            if line.reported and (facts[4] is None or line.reported < facts[4]):
                facts[4] = line.reported
    points: dict[tuple[str, str], Exact] = defaultdict(int)
    items: dict[tuple[str, str], int] = defaultdict(int)
    days: dict[tuple[str, str], list[int]] = defaultdict(list)
    split = rules.coauthor == S.COAUTHOR_SPLIT
    for item, (item_points, who, counted, first_adopted, reported) in seen.items():
        if not who:
            continue
        unit = item[0]
        share = Fraction(item_points) / len(who) if split else item_points
        for name in who:
            points[(name, unit)] += share
            items[(name, unit)] += counted
            if reported is not None:
                days[(name, unit)].append((first_adopted - reported).days)
    rows = [InformantRow(0, name, unit, items[(name, unit)], points[(name, unit)],
                         Fraction(sum(days[(name, unit)]), len(days[(name, unit)]))
                         if days[(name, unit)] else None)
            for (name, unit) in points]
    rows.sort(key=lambda r: (_sort_key(r, rules.informant_order), r.name, r.unit))
    ranked = []
    rank, previous = 0, None
    for position, row in enumerate(rows, start=1):
        key = _sort_key(row, rules.informant_order)
        if key != previous:
            rank, previous = position, key
        ranked.append(InformantRow(rank, row.name, row.unit, row.items, row.points, row.days))
    return ranked
