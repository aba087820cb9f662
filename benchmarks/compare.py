"""Time `xlsheet recalc` of one workbook under several source trees, side by side.

    git archive 79c31ff xlsheet | tar -x -C /tmp/before     # a tree to compare with
    python benchmarks/compare.py benchmarks/out/bench-100000.xlsm 4 /tmp/before .

Runs alternate between the trees (and their order turns each round), each a separate
process on a fresh copy of the book, so a machine whose load moves (other programs,
other sessions) weighs on every tree alike. Prints, per tree, the best and median wall
time, the best and median CPU time (user + system, from os.wait4) and the peak memory.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def run(book: Path, tree: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak MiB of one recalculation of a copy of `book`."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / book.name
        shutil.copy2(book, copy)
        env = dict(os.environ, PYTHONPATH=str(tree.resolve()))
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "xlsheet", "-q", "recalc", str(copy)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"recalc failed under {tree}")
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def main() -> None:
    book, rounds, trees = Path(sys.argv[1]), int(sys.argv[2]), [Path(t) for t in sys.argv[3:]]
    results: dict[Path, list[tuple[float, float, float]]] = {t: [] for t in trees}
    for r in range(rounds):
        for tree in trees if r % 2 == 0 else trees[::-1]:
            results[tree].append(run(book, tree))
    for tree, runs in results.items():
        wall, cpu = sorted(x[0] for x in runs), sorted(x[1] for x in runs)
        print(f"{tree}: wall best {wall[0]:.2f} s, median {wall[len(wall) // 2]:.2f} s; "
              f"CPU best {cpu[0]:.2f} s, median {cpu[len(cpu) // 2]:.2f} s; peak {max(x[2] for x in runs):.0f} MiB")


if __name__ == "__main__":
    main()
