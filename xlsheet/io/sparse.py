"""Reading a sheet whose extent is huge but whose cells are few, and finding that extent
from the cells themselves, whatever the part's <dimension> says.

python-calamine holds a sheet as a dense grid from its first to its last cell: a stray
value typed far away (XFD1048576, say) makes that 17·10⁹ cells, and a <dimension> that
is missing or lies does not stop it (calamine then aborts the process trying to
allocate 512 GB). So before calamine sees a sheet, `extent` scans the part's text for
the cell and row references that could make it large; a sheet whose real extent is
over MAX_CELLS (or that only a full parse can measure) is read here instead, cell by
cell, so its cost follows the cells that exist. A reference beyond Excel's own limits
(1,048,576 rows, 16,384 columns) is in no sheet Excel could have saved: it is refused
as a located error (Unreadable), never turned into a list of two billion rows.

Values are what the checks need: text (shared or inline), numbers (dates stay serial
numbers, which values.to_date reads), booleans and Excel error values as their text.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import overload

from lxml import etree

from .. import schema as S
from .namespaces import NS_MAIN

MAX_CELLS = 10_000_000
"""A sheet whose extent (rows × columns, from its cells) is larger is read cell by cell here."""
MAX_ROWS, MAX_COLUMNS = 1_048_576, 16_384
"""Excel's limits: a worksheet has rows 1 to 1,048,576 and columns A to XFD."""
MAX_SLOTS = 20_000_000
"""A sheet read here whose kept rows would hold more places than this is refused: its
cells are spread over more than any book of the scheme needs."""
BLOCK = 1024 * 1024
"""The part is inflated and scanned this many bytes at a time."""

_M = f"{{{NS_MAIN}}}"
_REF = re.compile(r"([A-Za-z]*)(\d*)")
# An r attribute (of a cell or a row) whose value could make the sheet large: two or more
# letters, six or more digits, or a character reference. A sheet's ordinary cells (A2 to
# Z99999) do not match, so a scan of a large part finds almost nothing to look at. Any
# white space around "=" and before r is XML, and calamine reads it: so is it here.
_SUSPECT = re.compile(rb"""r(?<=\sr)\s*=\s*["'](&|[A-Za-z]{2,}[0-9]*|[A-Za-z]?[0-9]{6,})""")
_ORDINARY = (99_999, 26)  # the largest row and column a reference that _SUSPECT passes over can name


class Unreadable(Exception):
    """Why a sheet read here cannot be read, in words for staff (S.M): a reference beyond
    Excel's limits, or cells spread over too many places."""


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def _located(sheet: str, ref: str) -> Unreadable:
    found = _REF.fullmatch(ref)
    where = (S.M["where_row"].format(row=found[2]) if found and not found[1] and found[2]
             else S.M["where_cell"].format(ref=ref[:40]))
    return Unreadable(S.M["beyond_excel"].format(sheet=sheet, where=where, rows=f"{MAX_ROWS:,}",
                                                 columns=f"{MAX_COLUMNS:,}"))


def _checked(sheet: str, ref: str) -> tuple[int, int]:
    """(row, column), from 1, of reference `ref` (a row number alone gives column 0)."""
    found = _REF.fullmatch(ref)
    if found is None:
        raise _located(sheet, ref)
    letters, digits = found.groups()
    row = int(digits) if digits else 0
    column = _column(letters) if letters else 0
    if row > MAX_ROWS or column > MAX_COLUMNS:
        raise _located(sheet, ref)
    return row, column


def _suspects(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """The values of _SUSPECT's matches in the text that `chunks` make up. Each chunk is
    scanned up to its last '<', the rest with the next: a tag is never cut in two."""
    carry = b""
    for chunk in chunks:
        text = carry + chunk
        cut = text.rfind(b"<")
        carry = text[cut:] if cut > 0 else b""
        for found in _SUSPECT.finditer(text, 0, cut if cut > 0 else len(text)):
            yield found.group(1)
    for found in _SUSPECT.finditer(carry):
        yield found.group(1)


def extent(chunks: Iterator[bytes]) -> int | None:
    """The number of cells (rows × columns) a dense reading of the sheet whose part text
    `chunks` make up would hold, from its cells and rows (never from its <dimension>);
    None when only a full parse can tell: a reference beyond Excel's limits (or text that
    looks like one) or one written with a character reference."""
    rows, columns = _ORDINARY
    for value in _suspects(chunks):
        found = _REF.fullmatch(value.decode("ascii", "replace"))
        if found is None:
            return None
        row, column = int(found[2] or 0), _column(found[1])
        if row > MAX_ROWS or column > MAX_COLUMNS:
            return None
        rows, columns = max(rows, row), max(columns, column)
    return rows * columns


def part_chunks(z: zipfile.ZipFile, part: str) -> Iterator[bytes]:
    """The inflated text of `part`, BLOCK bytes at a time. The next block is inflated in a
    second thread (zlib lets go of the interpreter lock) while the caller scans the last."""
    with z.open(part) as member, ThreadPoolExecutor(1, thread_name_prefix="xlsheet-inflate") as pool:
        ahead = pool.submit(member.read, BLOCK)
        while chunk := ahead.result():
            ahead = pool.submit(member.read, BLOCK)
            yield chunk


def _text(element: etree._Element) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t>s joined."""
    return "".join(t.text or "" for t in element.iter(_M + "t"))


def shared_strings(z: zipfile.ZipFile) -> list[str]:
    try:
        data = z.open("xl/sharedStrings.xml")
    except KeyError:
        return []
    with data:
        return [_text(si) for _, si in etree.iterparse(data, tag=_M + "si", resolve_entities=False)]


class Row(Sequence[object]):
    """A row read here: as long as up to its last kept cell, its blanks not stored."""

    __slots__ = ("_cells", "_length")

    def __init__(self, cells: dict[int, object]) -> None:
        self._cells = cells
        self._length = max(cells) + 1 if cells else 0

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> object: ...
    @overload
    def __getitem__(self, index: slice) -> list[object]: ...
    def __getitem__(self, index: int | slice) -> object:
        if isinstance(index, slice):
            return [self._cells.get(i) for i in range(*index.indices(self._length))]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return self._cells.get(index)


def read_sheet(z: zipfile.ZipFile, part: str, strings: list[str], sheet: str) -> list[Row]:
    """The sheet's rows, row 1 first, each a Row.

    Below the first S.HEADER_SEARCH_ROWS rows (where a table's header is looked for), only
    the columns holding text in those rows are kept: no other column can be a table's,
    so a far cell costs nothing. References beyond Excel's limits are OutOfBounds; more
    kept cells than MAX_SLOTS: both are Unreadable.
    """
    rows: list[Row] = []
    kept: set[int] | None = None
    slots = 0
    empty = Row({})
    with z.open(part) as data:
        for _, row in etree.iterparse(data, tag=_M + "row", resolve_entities=False):
            number = _checked(sheet, row.get("r"))[0] if row.get("r") else len(rows) + 1
            number = number or len(rows) + 1
            if number > len(rows) + 1:
                rows.extend([empty] * (number - 1 - len(rows)))
            if kept is None and len(rows) >= S.HEADER_SEARCH_ROWS:
                kept = {c for r in rows for c, v in r._cells.items() if isinstance(v, str)}
            cells = dict(rows[number - 1]._cells) if number <= len(rows) else {}
            position = max(cells, default=-1) + 1
            for cell in row.iter(_M + "c"):
                ref = cell.get("r")
                column = (_checked(sheet, ref)[1] or position + 1) - 1 if ref else position
                position = column + 1
                if kept is None or column in kept:
                    cells[column] = _value(cell, strings)
            row.clear()
            slots += len(cells)
            if slots > MAX_SLOTS:
                raise Unreadable(S.M["too_spread"].format(sheet=sheet, cells=f"{MAX_SLOTS:,}"))
            made = Row(cells) if cells else empty
            if number <= len(rows):
                rows[number - 1] = made
            else:
                rows.append(made)
    return rows


def _value(cell: etree._Element, strings: list[str]) -> object:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        found = cell.find(_M + "is")
        return _text(found) if found is not None else ""
    value = cell.findtext(_M + "v")
    if value is None:
        return None
    if kind == "s":
        index = int(value)
        return strings[index] if 0 <= index < len(strings) else ""
    if kind in ("str", "e"):
        return value
    if kind == "b":
        return value == "1"
    try:
        return float(value)
    except ValueError:
        return value
