"""The entry points the workbook's ribbon buttons call through xlwings.

    xlsheet.excel.recalculate()      # the book that called, via xlwings.Book.caller()
    xlsheet.excel.recalculate(book)  # an explicit xlwings.Book, for tests and scripts

Both read each input sheet with one range read and write each output sheet with
one range write, through the same pure core as the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from . import schema as S
from .check import find_tables
from .io import workbook
from .io.targets import Outputs
from .records import PartlyWritten, StructureError
from .render import Outcome, counts, run

T = S.EXCEL_TEXT
R = TypeVar("R")


def _caller(book: Any | None) -> Any:
    if book is not None:
        return book
    import xlwings

    return xlwings.Book.caller()


def _alert(book: Any, text: str) -> None:
    book.app.alert(text, title=T["title"], buttons="ok")


def _compute(book: Any) -> Outcome:
    workbook.set_status(book, T["reading"])
    grids = workbook.read_grids(book)
    workbook.set_status(book, T["computing"])
    return run(find_tables(grids))


def _kindly(book: Any, action: Callable[[Any], R]) -> R | None:
    """Run `action` on the book; any failure becomes one message box, never a traceback."""
    try:
        return action(book)
    except StructureError as exc:
        _alert(book, T["failed"].format(message=exc))
    except PartlyWritten as exc:
        _alert(book, exc.message())
    except Exception as exc:
        _alert(book, T["internal"].format(error=f"{type(exc).__name__}: {exc}"))
    finally:
        workbook.set_status(book, False)
    return None


def _with_notes(text: str, outputs: Outputs, outcome: Outcome, listed: int = 5) -> str:
    """A message box's text for files written from `outcome`: what io/targets.py had to say of
    where they went, and how many input rows with errors they leave out."""
    notes = outputs.notes[:listed] + ([T["more_notes"].format(count=len(outputs.notes) - listed)]
                                      if len(outputs.notes) > listed else [])
    errors = [T["left_out"].format(errors=outcome.error_rows, sheet=S.CHECK)] if outcome.errors else []
    return "\n".join([text, *notes, *errors])


def _recalculate(book: Any) -> Outcome:
    outcome = _compute(book)
    workbook.set_status(book, T["writing"])
    book.app.screen_updating = False
    try:
        workbook.write_tables(book, outcome.tables, outcome.number_formats)
    finally:
        book.app.screen_updating = True
    text = T["done"].format(counts="\n".join(counts(outcome)))
    if outcome.errors:
        book.sheets[S.CHECK].activate()
        text += "\n" + T["see_check"]
    _alert(book, text)
    return outcome


def recalculate(book: Any | None = None) -> Outcome | None:
    """Check, score, assess and fill the output sheets of the calling (or given) workbook."""
    return _kindly(_caller(book), _recalculate)


def _check(book: Any) -> Outcome:
    outcome = _compute(book)
    _alert(book, T["checked"].format(counts="\n".join(counts(outcome))))
    return outcome


def check(book: Any | None = None) -> Outcome | None:
    """Check the input of the calling (or given) workbook; write nothing but show the counts."""
    return _kindly(_caller(book), _check)


def report(book: Any | None = None, quarter: int | None = None) -> Path | None:
    """Write the quarterly bulletin draft (.docx) beside the calling (or given) workbook."""
    from . import api
    from .documents.bulletin import compose
    from .documents.layout import write_docx

    def _report(book: Any) -> Path:
        outcome = _compute(book)
        bulletin = compose(outcome, quarter)
        source = Path(book.fullname).resolve()
        with Outputs([source], console=False) as outputs:
            path = write_docx(bulletin, outputs.document(api.bulletin_path(source, bulletin.year, bulletin.quarter)))
        _alert(book, _with_notes(T["report"].format(path=path), outputs, outcome))
        return path

    return _kindly(_caller(book), _report)


def year_end(book: Any | None = None) -> tuple[Path, ...] | None:
    """The ribbon's 年终表彰: the commendation draft and the assessment points beside the book;
    while units are still 并列待定, a message naming them and nothing written."""
    def _year_end(book: Any) -> tuple[Path, ...]:
        import datetime as dt

        from .documents.year_end import pending, write_all

        outcome = _compute(book)
        waiting = pending(outcome)
        if waiting:
            _alert(book, S.YEAR_END["pending"].format(names="、".join(waiting), sheet=S.DECISIONS))
            return ()
        source = Path(book.fullname).resolve()
        outputs = Outputs([source], console=False)
        written = write_all(outcome, source, dt.date.today(), outputs=outputs)
        _alert(book, _with_notes(T["year_end"].format(paths="\n".join(map(str, written))), outputs, outcome))
        return written

    return _kindly(_caller(book), _year_end)


def statements(book: Any | None = None) -> list[Path] | None:
    """The ribbon's 单位对账单: one statement per unit, into a folder beside the book."""
    def _statements(book: Any) -> list[Path]:
        from . import api
        from .documents.statements import write_statements
        from .quarterly import latest_quarter

        outcome = _compute(book)
        as_of = latest_quarter(outcome.ledger)
        source = Path(book.fullname).resolve()
        folder = api.statements_folder(source, outcome.inputs.rules.year, as_of)
        outputs = Outputs([source], console=False)
        written = write_statements(outcome, folder, [u.name for u in outcome.inputs.units], as_of, outputs=outputs)
        _alert(book, _with_notes(T["statements"].format(count=len(written), folder=folder), outputs, outcome))
        return written

    return _kindly(_caller(book), _statements)


def next_year(book: Any | None = None) -> Path | None:
    """The ribbon's 新建下一年度: next year's workbook beside this one (see api.next_year);
    it reads the book as last saved."""
    def _next_year(book: Any) -> Path:
        from . import api

        notes: list[str] = []
        path = api.next_year(Path(book.fullname).resolve(), told=notes.append)
        _alert(book, "\n".join([T["next_year"].format(path=path), *notes]))
        return path

    return _kindly(_caller(book), _next_year)


def doctor(book: Any | None = None) -> str | None:
    """The Python side of the ribbon's 环境自检, in one message box (see install.doctor)."""
    def _doctor(book: Any) -> str:
        from .install import doctor as report

        lines: list[str] = []
        report(Path(book.fullname).resolve(), say=lines.append)
        text = "\n".join(lines)
        _alert(book, text)
        return text

    return _kindly(_caller(book), _doctor)
