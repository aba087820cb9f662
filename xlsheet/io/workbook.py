"""The xlwings adapter: one range read per input sheet, one range write per output sheet.

It knows nothing of the rules: it moves grids of values between a live workbook
(`xlwings.Book`, any engine) and the pure core, so the number of calls to Excel
does not grow with the number of rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from .. import schema as S
from ..records import StructureError

FORMULA_STARTS = ("=", "+", "-", "@")


def read_grids(book: Any, sheets: Iterable[str] = S.INPUT_SHEETS,
               required: Iterable[str] = S.INPUT_SHEETS + S.OUTPUT_SHEETS) -> dict[str, list[list[object]]]:
    """Each sheet's values from A1 to its last used cell, in one read per sheet."""
    present = {sheet.name for sheet in book.sheets}
    for name in (*required, *sheets):
        if name not in present:
            raise StructureError(S.M["missing_sheet"].format(sheet=name))
    grids = {}
    for name in (*sheets, *(n for n in S.OPTIONAL_SHEETS if n in present and n not in sheets)):
        sheet = book.sheets[name]
        last = sheet.used_range.last_cell
        grids[name] = sheet.range((1, 1), (last.row, last.column)).options(ndim=2, err_to_str=True).value
    return grids


def as_text_safe(value: object) -> object:
    """Text that Excel would take as a formula (= + - @) gets the text prefix apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_tables(book: Any, tables: Mapping[str, Sequence[Sequence[object]]],
                 number_formats: Mapping[str, Mapping[int, str]] | None = None) -> None:
    """Replace each output sheet's contents (formats stay) with one clear and one write; the
    columns in `number_formats` (per sheet, from 0; render.number_formats) take that number
    format below row 1, one call per column."""
    for name, rows in tables.items():
        sheet = book.sheets[name]
        sheet.clear_contents()
        if rows:
            sheet.range((1, 1)).value = [[as_text_safe(v) for v in row] for row in rows]
        for col, code in (number_formats or {}).get(name, {}).items() if len(rows) > 1 else ():
            sheet.range((2, col + 1), (len(rows), col + 1)).number_format = code


def set_status(book: Any, text: str | bool) -> None:
    """The status bar, where the engine has one (the remote engine has none)."""
    try:
        book.app.status_bar = text
    except NotImplementedError:
        pass
