"""The entry points the workbook's ribbon buttons call through xlwings.

    xlsheet.excel.recalculate()      # the book that called, via xlwings.Book.caller()
    xlsheet.excel.recalculate(book)  # an explicit xlwings.Book, for tests and scripts

Both read each input sheet with one range read and write each output sheet with
one range write, through the same pure core as the command line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from . import schema as S
from .check import find_tables
from .io import workbook
from .records import StructureError
from .render import Outcome, run

T = S.EXCEL_TEXT


def _caller(book: Any | None) -> Any:
    if book is not None:
        return book
    import xlwings

    return xlwings.Book.caller()


def _summary(outcome: Outcome) -> tuple[str, str]:
    i = outcome.inputs
    return (S.CLI_TEXT["summary"].format(units=len(i.units), adoptions=len(i.adoptions),
                                         instructions=len(i.instructions), extras=len(i.extras),
                                         notices=len(i.notices)),
            S.CLI_TEXT["problems"].format(errors=i.errors, warnings=i.warnings))


def _alert(book: Any, text: str) -> None:
    book.app.alert(text, title=T["title"], buttons="ok")


def _compute(book: Any) -> Outcome:
    workbook.set_status(book, T["reading"])
    grids = workbook.read_grids(book)
    workbook.set_status(book, T["computing"])
    return run(find_tables(grids))


def recalculate(book: Any | None = None) -> Outcome | None:
    """Check, score, assess and fill the output sheets of the calling (or given) workbook."""
    book = _caller(book)
    try:
        outcome = _compute(book)
        workbook.set_status(book, T["writing"])
        book.app.screen_updating = False
        try:
            workbook.write_tables(book, outcome.tables)
        finally:
            book.app.screen_updating = True
        summary, problems = _summary(outcome)
        text = T["done"].format(summary=summary, problems=problems)
        if outcome.inputs.errors:
            book.sheets[S.CHECK].activate()
            text += "\n" + T["see_check"]
        _alert(book, text)
        return outcome
    except StructureError as exc:
        _alert(book, T["failed"].format(message=exc))
    except Exception as exc:  # the user sees a message, never a traceback
        _alert(book, T["internal"].format(error=f"{type(exc).__name__}: {exc}"))
    finally:
        workbook.set_status(book, False)
    return None


def report(book: Any | None = None, quarter: int | None = None) -> Path | None:
    """Write the quarterly bulletin draft (.docx) beside the calling (or given) workbook."""
    from .reports.bulletin import compose, write_docx

    book = _caller(book)
    try:
        bulletin = compose(_compute(book), quarter)
        path = write_docx(bulletin, Path(book.fullname).resolve().with_name(bulletin.file_name))
        _alert(book, T["report"].format(path=path))
        return path
    except StructureError as exc:
        _alert(book, T["failed"].format(message=exc))
    except Exception as exc:
        _alert(book, T["internal"].format(error=f"{type(exc).__name__}: {exc}"))
    finally:
        workbook.set_status(book, False)
    return None


def check(book: Any | None = None) -> Outcome | None:
    """Check the input of the calling (or given) workbook; write nothing but show the counts."""
    book = _caller(book)
    try:
        outcome = _compute(book)
        summary, problems = _summary(outcome)
        _alert(book, T["checked"].format(summary=summary, problems=problems))
        return outcome
    except StructureError as exc:
        _alert(book, T["failed"].format(message=exc))
    except Exception as exc:
        _alert(book, T["internal"].format(error=f"{type(exc).__name__}: {exc}"))
    finally:
        workbook.set_status(book, False)
    return None
