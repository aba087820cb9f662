"""Reading a sheet whose extent is huge but whose cells are few.

A stray value typed far away (XFD1048576, say) makes a sheet's used range 17·10⁹ cells;
python-calamine holds a range as a dense grid and cannot read such a sheet. This reader
walks the sheet's cells instead, so its cost follows the cells that exist: each row is a
list up to its last cell, rows without cells are empty lists. Values are what the checks
need: text (shared or inline), numbers (dates stay serial numbers, which values.to_date
reads), booleans and Excel error values as their text.
"""

from __future__ import annotations

import re
import zipfile

from lxml import etree

from .namespaces import NS_MAIN

MAX_CELLS = 10_000_000
"""A sheet whose declared extent (rows × columns) is larger is read cell by cell here."""

_M = f"{{{NS_MAIN}}}"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"(?:[A-Z]+\d+:)?([A-Z]+)(\d+)\"")
_REF = re.compile(r"([A-Z]+)(\d+)")


def declared_cells(head: bytes) -> int | None:
    """rows × columns of the sheet's declared extent (its <dimension>), from the start of its
    part; None when the part declares none."""
    found = _DIMENSION.search(head)
    if found is None:
        return None
    return int(found.group(2)) * _column(found.group(1).decode())


def _column(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


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


def read_sheet(z: zipfile.ZipFile, part: str, strings: list[str]) -> list[list[object]]:
    """The sheet's rows, row 1 first; a row is a list up to its last cell (None where blank)."""
    rows: list[list[object]] = []
    with z.open(part) as data:
        for _, row in etree.iterparse(data, tag=_M + "row", resolve_entities=False):
            number = int(row.get("r") or len(rows) + 1)
            while len(rows) < number:
                rows.append([])
            cells = rows[number - 1]
            for position, cell in enumerate(row.iter(_M + "c"), start=len(cells) + 1):
                ref = _REF.match(cell.get("r") or "")
                column = _column(ref.group(1)) if ref else position
                while len(cells) < column:
                    cells.append(None)
                cells[column - 1] = _value(cell, strings)
            row.clear()
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
