"""Keeping the parts bound to an output sheet (its charts, its tables) true to its new rows.

A chart on 排名 reads its categories and values from ranges of 排名. After the rows
are rewritten, each such range is made to end at the last row that has a value in
any of the chart's value columns, and the cached copies of the old values are
dropped, so Excel and LibreOffice draw from the cells themselves. A table (Excel
ListObject) a user made of an output range is stretched or shrunk to the new rows.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Sequence

from lxml import etree

from .. import schema as S
from ..records import StructureError
from .namespaces import NS_PKG_REL

NS_CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"
REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
REL_CHART = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
REL_TABLE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/table"
_AREA = re.compile(r"^([A-Z]+)(\d+):([A-Z]+)(\d+)$")
_REF = re.compile(r"^(?P<sheet>'(?:[^']|'')+'|[^!]+)!\$(?P<c1>[A-Z]+)\$(?P<r1>\d+)"
                  r"(?::\$(?P<c2>[A-Z]+)\$(?P<r2>\d+))?$")


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", name + ".rels")


def _targets(read: Callable[[str], bytes | None], part: str, rel_type: str) -> list[str]:
    rels = read(_rels_path(part))
    if rels is None:
        return []
    folder = posixpath.dirname(part)
    out = []
    for rel in etree.fromstring(rels).iter(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
            target = rel.get("Target")
            out.append(target.lstrip("/") if target.startswith("/")
                       else posixpath.normpath(posixpath.join(folder, target)))
    return out


def bound_charts(read: Callable[[str], bytes | None], sheet_part: str) -> list[str]:
    """The chart parts drawn on a sheet (through its drawing)."""
    return [chart for drawing in _targets(read, sheet_part, REL_DRAWING)
            for chart in _targets(read, drawing, REL_CHART)]


def bound_tables(read: Callable[[str], bytes | None], sheet_part: str) -> list[str]:
    """The table parts (ListObjects) defined on a sheet."""
    return _targets(read, sheet_part, REL_TABLE)


def refresh_table(xml: bytes, sheet: str, rows: int) -> bytes:
    """`xml` (a table part on output sheet `sheet`) reaching down to row `rows` (at least one
    row below its header), the very same bytes when it already does.

    Only a table made of the output range itself (its header in row 1 from column A) can
    follow the rows; any other table on an output sheet would be written through, so it
    is a StructureError that names it.
    """
    root = etree.fromstring(xml)
    m = _AREA.match(root.get("ref", ""))
    if not m or m[1] != "A" or m[2] != "1":
        raise StructureError(S.M["table_overlap"].format(
            sheet=sheet, table=root.get("displayName") or root.get("name") or "", ref=root.get("ref", "")))
    first = int(m[2])
    area = f"{m[1]}{first}:{m[3]}{max(rows, first + 1)}"
    if area == root.get("ref"):
        return xml
    root.set("ref", area)
    for child in root:
        if etree.QName(child).localname == "autoFilter":
            child.set("ref", area)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _sheet_of(ref: str) -> str:
    return ref.strip("'").replace("''", "'")


def refresh_chart(xml: bytes, sheet: str, rows: Sequence[Sequence[object]]) -> bytes:
    """`xml` with every multi-row range on `sheet` ending at the last row with a value
    (the very same bytes when no range moves)."""
    root = etree.fromstring(xml)
    c = f"{{{NS_CHART}}}"
    value_columns = set()
    for f in root.iter(f"{c}f"):
        m = _REF.match(f.text or "")
        if m and m["c2"] and _sheet_of(m["sheet"]) == sheet and f.getparent().getparent().tag == f"{c}val":
            value_columns.update(range(_column_index(m["c1"]), _column_index(m["c2"]) + 1))
    filled = [r for r, row in enumerate(rows, start=1)
              if any(col < len(row) and row[col] not in (None, "") for col in value_columns)]
    changed = False
    for f in root.iter(f"{c}f"):
        m = _REF.match(f.text or "")
        if not (m and m["c2"] and _sheet_of(m["sheet"]) == sheet):
            continue
        first = int(m["r1"])
        last = max([r for r in filled if r >= first], default=first)
        text = f"{m['sheet']}!${m['c1']}${first}:${m['c2']}${last}"
        caches = f.getparent().findall(f"{c}numCache") + f.getparent().findall(f"{c}strCache")
        changed = changed or text != f.text or bool(caches)
        f.text = text
        for cache in caches:
            f.getparent().remove(cache)
    if not changed:
        return xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

