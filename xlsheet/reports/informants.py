"""Advanced individuals (scheme 三(七)): informants ranked by quality, then quantity.

Quality is the points their items earned (adoptions and instruction bonuses);
quantity the number of distinct items. Co-authors each take the item's full
points, or an equal share when 合写信息计分方式 is 平均分摊.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from .. import schema as S
from ..records import Rulebook
from ..score import Line
from ..values import Exact


@dataclass(frozen=True)
class InformantRow:
    rank: int
    name: str
    unit: str
    items: int
    points: Fraction


def informants(ledger: Iterable[Line], rules: Rulebook) -> list[InformantRow]:
    item_points: dict[tuple[str, str], Exact] = defaultdict(int)
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    counted: set[tuple[str, str]] = set()
    for line in ledger:
        if line.item is None:
            continue
        item_points[line.item] += line.points
        if line.sheet == S.ADOPTIONS:
            if line.informants:
                named[line.item].update(line.informants)
            if line.entry == S.ENTRY_ADOPTION:
                counted.add(line.item)
    points: dict[tuple[str, str], Exact] = defaultdict(int)
    items: dict[tuple[str, str], int] = defaultdict(int)
    split = rules.coauthor == S.COAUTHOR_SPLIT
    for item, who in named.items():
        unit = item[0]
        share = Fraction(item_points[item]) / len(who) if split else item_points[item]
        for name in who:
            points[(name, unit)] += share
            items[(name, unit)] += item in counted
    keyed = sorted(points, key=lambda k: (-points[k], -items[k], k))
    rows = []
    rank, previous = 0, None
    for position, k in enumerate(keyed, start=1):
        sort = (points[k], items[k])
        if sort != previous:
            rank, previous = position, sort
        rows.append(InformantRow(rank, k[0], k[1], items[k], points[k]))
    return rows
