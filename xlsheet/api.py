"""The Python API; the command line is a thin layer over it, one function per command."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import names
from . import schema as S
from .check import check as check_tables
from .check import find_tables
from .io.file import backup_path, date1904, ensure_writable, read_grids, write_outputs
from .io.locks import locks
from .io.snapshot import Snapshot
from .io.targets import Outputs
from .records import Inputs, StructureError
from .render import Outcome, conclude


@contextlib.contextmanager
def _no_cycle_collector() -> Iterator[None]:
    """Pause the cyclic garbage collector while a run builds millions of acyclic objects.

    The pipeline makes no reference cycles of note; with the collector on, a 100,000-row
    workbook spends about a fifth of its time in collections that free nothing.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@dataclass(frozen=True)
class Recalculation:
    outcome: Outcome
    written: Path | None
    backup: Path | None
    notes: tuple[str, ...] = ()  # for the user: the source was open elsewhere while it was read, say


def check(book: str | Path) -> Outcome:
    """Check and compute without writing anything."""
    with _no_cycle_collector():
        return conclude(_inputs(Snapshot.take(Path(book))))


def _inputs(source: Snapshot) -> Inputs:
    return check_tables(find_tables(read_grids(source, while_reading=names.prepare)), date1904=date1904(source))


ROLLOVER_LISTED = 5  # errors named when next year's workbook is refused for them


def recalc(book: str | Path, out: str | Path | None = None, force: bool = False) -> Recalculation:
    """Check, score, assess and write the output sheets into `book` (after a backup) or `out`.

    The inputs are read and the new package is made from one snapshot of the book; if the
    book is saved by someone else meanwhile, nothing is written (StructureError). An `out`
    that is an existing workbook of records is replaced only with `force`, and is kept as
    its backup first (io/targets.py).
    """
    book = Path(book)
    target = Path(out) if out else book
    if _same_file(book, target):
        target = book
    backup = backup_path(book) if target == book else None
    ensure_writable(book, target, backup)
    notes = tuple(S.M["open_elsewhere"].format(path=book, program=lock.program)
                  for lock in locks(book)[:1]) if target != book else ()
    if target == book or not target.exists():
        return _recalculated(book, target, backup, notes)
    with Outputs([book], force) as outputs, outputs.workbook(target) as scratch:
        done = _recalculated(book, scratch, None)
    return Recalculation(done.outcome, target, None, notes + tuple(outputs.notes))


def _recalculated(book: Path, target: Path, backup: Path | None, notes: tuple[str, ...] = ()) -> Recalculation:
    source = Snapshot.take(book)
    with _no_cycle_collector():
        outcome = conclude(_inputs(source))
        write_outputs(source, target, outcome.tables, backup=backup, number_formats=outcome.number_formats)
    return Recalculation(outcome, target, backup, notes)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a == b or (b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


Told = Callable[[str], None] | None
"""Where a command that writes files says what people should know of where they went (a free
name taken because a file was there, a backup kept): the console, a message box."""


def _tell(told: Told, outputs: Outputs) -> None:
    for note in outputs.notes if told is not None else ():
        told(note)


def bulletin_path(book: Path, year: int, quarter: int) -> Path:
    """Where a bulletin goes by default: beside the book, 「YYYY年第N季度政务信息录用情况通报.docx」
    (the command line and the ribbon both)."""
    from .documents.bulletin import file_name

    return book.with_name(file_name(year, quarter))


def statements_folder(book: Path, year: int, quarter: int) -> Path:
    """Where statements go by default: a folder beside the book, 「YYYY年度单位对账单（第N季度）」
    (the command line and the ribbon both)."""
    return book.with_name(S.STATEMENT["folder"].format(year=year, quarter=quarter))


def report(book: str | Path, quarter: int | None = None, out: str | Path | None = None,
           issued: dt.date | None = None, force: bool = False, told: Told = None, number: int | None = None) -> Path:
    """Write the quarterly bulletin (通报) draft as a .docx; by default beside the workbook.
    Never over the book; an existing document only with `force`, else a free name (io/targets.py).
    `number` is the 发文字号's number (left blank without it)."""
    return report_with_outcome(book, quarter, out, issued, force, told, number)[0]


def report_with_outcome(book: str | Path, quarter: int | None = None, out: str | Path | None = None,
                        issued: dt.date | None = None, force: bool = False, told: Told = None,
                        number: int | None = None) -> tuple[Path, Outcome]:
    """report(), and the checked outcome it was composed from (its input errors, say)."""
    from .documents.bulletin import compose
    from .documents.layout import write_docx

    book = Path(book)
    outcome = check(book)
    bulletin = compose(outcome, quarter, issued, number)
    with Outputs([book], force) as outputs:
        written = write_docx(bulletin, outputs.document(
            Path(out) if out else bulletin_path(book, bulletin.year, bulletin.quarter)))
    _tell(told, outputs)
    return written, outcome


def template(path: str | Path, year: int | None = None, force: bool = False, told: Told = None) -> Path:
    """Build the template workbook. An existing workbook at `path` is kept as its backup
    first, and one that holds records is replaced only with `force` (io/targets.py)."""
    from .template import build_template  # openpyxl is only needed to build workbooks

    year = _year(dt.date.today().year if year is None else year)
    with Outputs((), force) as outputs, outputs.workbook(Path(path)) as scratch:
        build_template(scratch, year)
    _tell(told, outputs)
    return Path(path)


def _year(year: int) -> int:
    """`year` if a workbook may have it as its 考核年度 (the range declared for that 参数)."""
    declared = S.PARAMETER_BY_KEY[S.K_YEAR]
    low, high = declared.low, declared.high
    if not low <= year <= high:
        raise StructureError(S.TARGETS["year_range"].format(year=year, low=low, high=high))
    return year


def demo(folder: str | Path, seed: int = 2026, force: bool = False, told: Told = None) -> Recalculation:
    """The demonstration year as `folder`/demo.xlsm (the folder made when missing),
    recalculated. An existing demo.xlsm that holds records is replaced only with `force`,
    after a backup (io/targets.py)."""
    from .demo import write_demo

    with Outputs((), force) as outputs:
        target = outputs.folder(Path(folder)) / "demo.xlsm"
        with outputs.workbook(target) as scratch:
            write_demo(scratch, seed=seed)
            done = _recalculated(scratch, scratch, None)
    _tell(told, outputs)
    return Recalculation(done.outcome, target, None, done.notes)


@dataclass(frozen=True)
class YearEnd:
    """What `year_end` wrote (nothing while units are still 并列待定), and the outcome."""

    outcome: Outcome
    pending: tuple[str, ...]
    written: tuple[Path, ...]


def year_end(book: str | Path, out: str | Path | None = None, issued: dt.date | None = None,
             force: bool = False, told: Told = None, number: int | None = None) -> YearEnd:
    """The commendation draft (.docx, at `out` or beside the book; `number` its 发文字号's
    number) and the assessment points (.docx and .xlsx beside it); nothing while a unit is
    still 并列待定."""
    from .documents.year_end import pending, write_all

    book = Path(book)
    outcome = check(book)
    waiting = tuple(pending(outcome))
    if waiting:
        return YearEnd(outcome, waiting, ())
    with Outputs([book], force) as outputs:
        written = write_all(outcome, book, issued or dt.date.today(), Path(out) if out else None, outputs, number)
    _tell(told, outputs)
    return YearEnd(outcome, (), written)


def statements(book: str | Path, quarter: int | None = None, unit: str | None = None,
               out: str | Path | None = None, progress: Callable[[int, int, str], None] | None = None,
               force: bool = False, told: Told = None) -> list[Path]:
    """One statement (对账单, .docx) per unit of 单位 (or only `unit`), into `out` or a folder
    beside the book; `progress(n, total, unit)` is told of each before it is written. Stopped
    part way, PartlyWritten says which were written (io/targets.py)."""
    return statements_with_outcome(book, quarter, unit, out, progress, force, told)[0]


def statements_with_outcome(book: str | Path, quarter: int | None = None, unit: str | None = None,
                            out: str | Path | None = None, progress: Callable[[int, int, str], None] | None = None,
                            force: bool = False, told: Told = None) -> tuple[list[Path], Outcome]:
    """statements(), and the checked outcome they were written from (its input errors, say)."""
    from .documents.statements import write_statements
    from .quarterly import latest_quarter

    book = Path(book)
    outcome = check(book)
    chosen = [u.name for u in outcome.inputs.units]
    if unit is not None:
        matcher = names.Matcher(chosen)
        found = matcher.find(unit)
        if found is None:
            hint = matcher.suggest(unit)
            raise StructureError(S.STATEMENT["unknown_unit"].format(
                value=unit, hint=S.M["suggest"].format(name=hint) if hint else ""))
        chosen = [found]
    as_of = quarter or latest_quarter(outcome.ledger)
    folder = Path(out) if out else statements_folder(book, outcome.inputs.rules.year, as_of)
    with Outputs([book], force) as outputs:
        written = write_statements(outcome, folder, chosen, as_of, progress=progress, outputs=outputs)
    _tell(told, outputs)
    return written, outcome


def next_year_path(source: Path, old: int, year: int) -> Path:
    """Next year's workbook beside `source`, its name's year moved on (2026考核.xlsm → 2027考核.xlsm)."""
    stem = source.stem.replace(str(old), str(year)) if str(old) in source.stem else f"{year}{source.stem}"
    return source.with_name(stem + source.suffix)


def next_year(source: str | Path, out: str | Path | None = None, year: int | None = None,
              force: bool = False, told: Told = None) -> Path:
    """Next year's workbook: a fresh template whose rule sheets (参数 with the new year, 单位,
    计分标准, 批示加分, 加分标准, 通报标准, 别名) are `source`'s as edited, whose record sheets
    are empty, and whose 上年结果 holds `source`'s results. A source of an older layout is
    brought to today's (see rollover): what was added is told once (`told`) and listed at the
    end of the new book's 说明. A source with input errors is refused, and so is its own year;
    a target that holds records only with `force` (then kept as its backup). Without `out`,
    beside the source (next_year_path)."""
    from .rollover import carried_rows
    from .template import write_book

    book = Path(source)
    snapshot = Snapshot.take(book)
    with _no_cycle_collector():
        tables = find_tables(read_grids(snapshot, while_reading=names.prepare))
        outcome = conclude(check_tables(tables, date1904=date1904(snapshot)))
    if outcome.errors:
        shown = [S.CLI_TEXT["listed"].format(level=p.level, sheet=p.sheet, row=p.row, column=p.column, message=p.message)
                 for p in outcome.problems if p.is_error][:ROLLOVER_LISTED]
        raise StructureError(S.M["rollover_errors"].format(path=book, count=outcome.errors, first=S.M[
            "rollover_first"].format(lines="\n".join(shown))))
    old = outcome.inputs.rules.year
    year = _year(old + 1 if year is None else year)
    if year == old:
        raise StructureError(S.TARGETS["same_year"].format(year=year, next=old + 1))
    target = Path(out) if out else next_year_path(book, old, year)
    carried = carried_rows(tables, outcome, year)
    notes = (S.ROLLOVER["title"], *carried.added) if carried.added else ()
    with Outputs([book], force) as outputs, outputs.workbook(target) as scratch:
        write_book(scratch, year, carried.rows, notes, outcome.inputs.rules.rate_places)
    if told is not None and carried.added:
        for line in (S.ROLLOVER["console"], *(S.ROLLOVER["item"].format(line=a) for a in carried.added)):
            told(line)
    _tell(told, outputs)
    return target
