"""Finding tables in sheet grids: the header by its column names, the rows below it, and the
note rows (a remark, no record) among them."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

from .. import names
from .. import schema as S
from ..records import RawRow, RawTable, StructureError
from ..values import is_blank

Grid = Sequence[Sequence[object]]


def find_table(grid: Grid, table: S.Table) -> RawTable:
    """Locate the header within the first rows and collect the non-blank rows below it.

    `grid[0]` is Excel row 1. Columns are found by name; blank rows are skipped.
    """
    wanted = {names.key(c): c for c in table.columns}
    found = None
    for index, row in enumerate(grid[: S.HEADER_SEARCH_ROWS]):
        positions: dict[str, int] = {}
        for col, cell in enumerate(row):
            if isinstance(cell, str):
                canonical = wanted.get(names.key(cell))
                if canonical is not None and canonical not in positions:
                    positions[canonical] = col
        if positions and all(c in positions for c in table.required):
            found = index, positions
            break
    if found is None:
        raise StructureError(S.M["missing_header"].format(
            sheet=table.sheet, rows=S.HEADER_SEARCH_ROWS, columns="、".join(table.required)))
    index, positions = found
    header_row = index + 1
    body = grid[index + 1:]
    columns = _columns(body, tuple(positions.values()))
    blank = _blank_values(columns)
    # A row is blank when every cell of the table is None, '' or white space (values.is_blank).
    # Only a row whose first cell is blank can be: the others are looked at no further.
    maybe = itertools.compress(range(len(body)), map(blank.__contains__, columns[0]))
    empty = {i for i in maybe if all(values[i] in blank for values in columns)}
    keep = [i for i in range(len(body)) if i not in empty] if empty else range(len(body))
    if empty:
        columns = [[values[i] for i in keep] for values in columns]
    return RawTable(table.sheet, header_row, tuple(positions),
                    tuple(header_row + 1 + i for i in keep), dict(zip(positions, columns, strict=True)))


def _blank_values(columns: Sequence[Sequence[object]]) -> set[object]:
    """The values of `columns` that values.is_blank calls blank: None, '' and white space."""
    blank: set[object] = {None, ""}
    for values in columns:
        distinct = set(values)
        if set(map(type, distinct)) <= {str}:
            blank.update(filter(str.isspace, distinct))  # type: ignore[arg-type]
        else:
            blank.update(v for v in distinct if type(v) is str and v.isspace())
    return blank


def _columns(body: Grid, places: tuple[int, ...]) -> list[Sequence[object]]:
    """The cells of `body` at `places`, column by column; short rows read as blank."""
    if len(set(map(len, body))) == 1:  # calamine's grids are rectangular: transpose in C
        transposed = list(zip(*body, strict=True))
        return [transposed[p] if p < len(transposed) else (None,) * len(body) for p in places]
    return [[row[p] if p < len(row) else None for row in body] for p in places]


def find_tables(grids: Mapping[str, Grid]) -> dict[str, RawTable]:
    """All input tables from sheet grids; a missing sheet is a StructureError, a missing
    optional sheet (S.OPTIONAL_TABLES) is simply absent."""
    tables = {}
    for table in S.INPUT_TABLES:
        if table.sheet not in grids:
            raise StructureError(S.M["missing_sheet"].format(sheet=table.sheet))
        tables[table.sheet] = find_table(grids[table.sheet], table)
    for table in S.OPTIONAL_TABLES:
        if table.sheet in grids:
            tables[table.sheet] = find_table(grids[table.sheet], table)
    return tables


def split_notes(table: RawTable, keys: Sequence[str]) -> tuple[RawTable, list[RawRow]]:
    """`table` without its note rows (none of the `keys` columns filled), and those rows."""
    present = [k for k in keys if k in table.cells]
    if not present:
        return table, []
    key_columns = [table.cells[k] for k in present]
    # As in find_table: only a row whose first key cell is blank can be a note row, and only
    # those rows are looked at further (values.is_blank on each of their key cells).
    blank = _blank_values(key_columns[:1])
    maybe = itertools.compress(range(len(table.row_numbers)), map(blank.__contains__, key_columns[0]))
    notes = [i for i in maybe if all(is_blank(values[i]) for values in key_columns)]
    if not notes:
        return table, []
    dropped = set(notes)
    keep = [i for i in range(len(table.row_numbers)) if i not in dropped]
    cells = {name: [values[i] for i in keep] for name, values in table.cells.items()}
    rest = RawTable(table.sheet, table.header_row, table.columns,
                    tuple(table.row_numbers[i] for i in keep), cells)
    return rest, [table.row(i) for i in notes]
