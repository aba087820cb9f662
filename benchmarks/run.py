"""Benchmark `xlsheet recalc` against an openpyxl load+save and a python-calamine read.

    python benchmarks/run.py                 # 5,000 and 100,000 rows, markdown table on stdout
    python benchmarks/run.py --rows 5000     # one size
    python benchmarks/run.py --shared        # also 100,000 rows with text in a shared string table
    python benchmarks/run.py --phases        # also where the time goes, phase by phase
    python benchmarks/run.py --documents     # report, statements, report --year-end beside recalc,
                                             # on the demo year and 20,000 rows (--rows to change)

Each measurement is a separate process (wall time and that process's peak RSS, from
os.wait4), on a fresh copy of a
workbook generated from the template. `xlsheet` is the console script installed beside
this Python (not a version manager's shim in front of it).
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
sys.path.insert(0, str(HERE))

OPENPYXL = "import openpyxl,sys; wb=openpyxl.load_workbook(sys.argv[1], keep_vba=True); wb.save(sys.argv[1])"
CALAMINE = ("import sys; from python_calamine import CalamineWorkbook as W; from xlsheet import schema as S;"
            "b=W.from_path(sys.argv[1]); [b.get_sheet_by_name(n).to_python() for n in S.INPUT_SHEETS]")


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS in MiB of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}")
    return elapsed, usage.ru_maxrss / 1024


def best(cmd_for: callable, source: Path, repeat: int) -> tuple[float, float]:
    results = []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / source.name
            shutil.copy2(source, copy)
            results.append(measure(cmd_for(copy)))
    return min(r[0] for r in results), max(r[1] for r in results)


def workbook(rows: int, shared: bool = False) -> Path:
    from generate import generate

    OUT.mkdir(exist_ok=True)
    path = OUT / f"bench-{rows}{'-shared' if shared else ''}.xlsm"
    if not path.exists():
        generate(path, rows, shared)
    return path


def demo_book() -> Path:
    """The demonstration year (`xlsheet demo`), recalculated once, as the documents start from."""
    OUT.mkdir(exist_ok=True)
    path = OUT / "demo.xlsm"
    if not path.exists():
        subprocess.run([sys.executable, "-m", "xlsheet", "-q", "demo", str(OUT)], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        (OUT / "demo.bak.xlsm").unlink(missing_ok=True)
    return path


DOCUMENTS = (("recalc", ["recalc"]), ("report", ["report"]), ("statements", ["statements"]),
             ("report --year-end", ["report", "--year-end"]))


def documents(books: list[tuple[str, Path]], xlsheet: list[str], repeat: int) -> None:
    """Each document command beside recalc on the same book: seconds, ratio to recalc, peak MiB."""
    print("| book | command | seconds | × recalc | peak MiB |")
    print("|---|---|---:|---:|---:|")
    for label, path in books:
        recalc = None
        for name, words in DOCUMENTS:
            seconds, peak = best(lambda p, words=words: [*xlsheet, "-q", words[0], str(p), *words[1:]], path, repeat)
            recalc = recalc or seconds
            print(f"| {label} | {name} | {seconds:.2f} | {seconds / recalc:.1f}× | {peak:.0f} |", flush=True)


def phases(path: Path) -> list[tuple[str, float]]:
    """The steps of a recalculation one after another, as a run takes them (得分明细 packed on
    its own, to time it)."""
    from xlsheet import names
    from xlsheet import schema as S
    from xlsheet.assess import assess
    from xlsheet.check import check, find_tables
    from xlsheet.io.file import pack_part, read_grids, read_part, write_outputs
    from xlsheet.io.snapshot import Snapshot
    from xlsheet.render import detail_rows, render
    from xlsheet.score import score

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / path.name
        shutil.copy2(path, copy)
        gc.disable()
        marks = [("start", time.perf_counter())]
        source = Snapshot.take(copy)
        grids = read_grids(source, while_reading=names.prepare)
        marks.append(("read (python-calamine, while zhconv loads)", time.perf_counter()))
        tables = find_tables(grids)
        marks.append(("find tables", time.perf_counter()))
        inputs = check(tables)
        marks.append(("check", time.perf_counter()))
        ledger = score(inputs)
        marks.append(("score", time.perf_counter()))
        packed = pack_part(read_part(source, S.DETAIL), detail_rows(ledger))
        marks.append(("得分明细 rows, XML and deflate",
                      time.perf_counter()))
        result = assess(inputs, ledger)
        marks.append(("assess", time.perf_counter()))
        tables_out = render(inputs, ledger, result)
        marks.append(("render (incl. quarterly, informants)", time.perf_counter()))
        write_outputs(source, copy, tables_out, packed={S.DETAIL: lambda: packed})
        marks.append(("other output parts, zip, fsync", time.perf_counter()))
        gc.enable()
    return [(name, t - marks[i][1]) for i, (name, t) in enumerate(marks[1:])]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="*", default=None,
                        help="sizes (default 5,000 and 100,000; with --documents, 20,000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each program (the best is kept)")
    parser.add_argument("--phases", action="store_true")
    parser.add_argument("--shared", action="store_true", help="also the largest size with shared strings")
    parser.add_argument("--documents", action="store_true",
                        help="the document commands beside recalc, on the demo year and the --rows books")
    args = parser.parse_args()
    script = Path(sys.executable).with_name("xlsheet")
    xlsheet = [str(script)] if script.exists() else [sys.executable, "-m", "xlsheet"]
    if args.documents:
        books = [("demo year", demo_book())] + [(f"{rows:,} rows", workbook(rows)) for rows in args.rows or [20000]]
        documents(books, xlsheet, args.repeat)
        return
    args.rows = args.rows or [5000, 100000]

    def ours(p: Path) -> list[str]:
        return [*xlsheet, "-q", "recalc", str(p)]
    print("| rows | xlsheet recalc | peak MiB | openpyxl load+save | peak MiB | speed-up | calamine read alone |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    cases = [(rows, False) for rows in args.rows] + ([(max(args.rows), True)] if args.shared else [])
    for rows, shared in cases:
        path = workbook(rows, shared)
        t_ours, m_ours = best(ours, path, args.repeat)
        t_opx, m_opx = best(lambda p: [sys.executable, "-c", OPENPYXL, str(p)], path, args.repeat)
        t_cal, _ = best(lambda p: [sys.executable, "-c", CALAMINE, str(p)], path, args.repeat)
        label = f"{rows:,}" + (" (shared strings)" if shared else "")
        print(f"| {label} | {t_ours:.2f} s | {m_ours:.0f} | {t_opx:.2f} s | {m_opx:.0f} | "
              f"{t_opx / t_ours:.1f}× | {t_cal:.2f} s |", flush=True)
    if args.phases:
        for rows in args.rows:
            print(f"\nPhases, {rows:,} rows (in one process, one after another, cyclic GC paused as in xlsheet):\n")
            print("| phase | seconds |\n|---|---:|")
            for name, seconds in phases(workbook(rows)):
                print(f"| {name} | {seconds:.2f} |")


if __name__ == "__main__":
    main()
