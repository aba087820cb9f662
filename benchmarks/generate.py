"""Generate benchmark workbooks from the template: N adoption rows over all scheme units."""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.template import write_book

YEAR = 2026


def rows(n: int, seed: int = 1) -> dict[str, list[tuple]]:
    rng = random.Random(seed)
    units = [u[0] for u in defaults.UNITS]
    pubs = [(level, pub) for level, pub, _, _, _ in defaults.POINTS]
    adoptions = []
    for i in range(n):
        level, pub = rng.choice(pubs)
        unit = rng.choice(units)
        number = f"B{i // 2:06d}"
        day = dt.date(YEAR, 1, 1) + dt.timedelta(days=rng.randrange(365))
        adoptions.append((number, unit, f"{unit}第{i // 2}条信息", rng.choice(S.ITEM_CATEGORIES),
                          "王伟、李强" if i % 3 else "张敏", level, pub, day, None, ""))
    # two rows share a number: the same item, adopted in two different publications
    for i in range(1, n, 2):
        level, pub = rng.choice([p for p in pubs if p != (adoptions[i - 1][5], adoptions[i - 1][6])])
        adoptions[i] = adoptions[i - 1][:5] + (level, pub) + adoptions[i][7:]
    instructions = [(f"B{i:06d}", "", "", rng.choice([b[0] for b in defaults.BONUS]), "", None, "")
                    for i in range(0, n // 2, 50)]
    return {S.PARAMS: [(k, YEAR if k == S.K_YEAR else v, d) for k, v, d in defaults.PARAMS],
            S.ADOPTIONS: adoptions, S.INSTRUCTIONS: instructions}


def generate(path: Path, n: int) -> Path:
    return write_book(path, YEAR, rows(n))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("rows", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    print(generate(args.out, args.rows))
