"""The Python API; the command line is a thin layer over it, one function per command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .check import find_tables
from .io.file import copy_backup, ensure_writable, read_grids, write_outputs
from .render import Outcome, run
from .template import build_template


@dataclass(frozen=True)
class Recalculation:
    outcome: Outcome
    written: Path | None
    backup: Path | None


def check(book: str | Path) -> Outcome:
    """Check and compute without writing anything."""
    return run(find_tables(read_grids(Path(book))))


def recalc(book: str | Path, out: str | Path | None = None) -> Recalculation:
    """Check, score, assess and write the output sheets into `book` (after a backup) or `out`."""
    book = Path(book)
    target = Path(out) if out else book
    ensure_writable(book, target)
    outcome = check(book)
    backup = copy_backup(book) if out is None else None
    write_outputs(book, target, outcome.tables)
    return Recalculation(outcome, target, backup)


def template(path: str | Path, year: int | None = None) -> Path:
    """Build the template workbook."""
    return build_template(path, year)
