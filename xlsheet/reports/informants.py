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


@dataclass(frozen=True)
class InformantRow:
    rank: int
    name: str
    unit: str
    items: int
    points: Fraction


def informants(ledger: Iterable[Line], rules: Rulebook) -> list[InformantRow]:
    lines = list(ledger)
    named: dict[tuple[str, str], set[str]] = defaultdict(set)
    for line in lines:
        if line.sheet == S.ADOPTIONS and line.item is not None:
            named[line.item].update(line.informants)
    authors = {item: tuple(sorted(who)) for item, who in named.items()}
    points: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    items: dict[tuple[str, str], set] = defaultdict(set)
    for line in lines:
        who = authors.get(line.item) if line.item is not None else None
        if not who:
            continue
        share = line.points / len(who) if rules.coauthor == S.COAUTHOR_SPLIT else line.points
        for name in who:
            points[(name, line.unit)] += share
            if line.entry == S.ENTRY_ADOPTION:
                items[(name, line.unit)].add(line.item)
    keyed = sorted(points, key=lambda k: (-points[k], -len(items[k]), k))
    rows = []
    rank, previous = 0, None
    for position, k in enumerate(keyed, start=1):
        sort = (points[k], len(items[k]))
        if sort != previous:
            rank, previous = position, sort
        rows.append(InformantRow(rank, k[0], k[1], len(items[k]), points[k]))
    return rows
