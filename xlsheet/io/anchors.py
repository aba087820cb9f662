"""Keeping what a user anchored to cells of an output sheet with the row it belongs to.

An output sheet's rows are rewritten on every run and they move: a unit that rose in
the ranking, a unit added to 单位, a problem fixed in 校验. What a user put on such a
sheet and anchored to cells — a note (legacy comment, with its VML shape), a threaded
comment, a merged range, a data validation, a conditional format, a hyperlink — would
stay on its old cells, so on another unit's row. Each is placed instead by where its
range lies in the old table (rows 2 to `old_last`, the last row that had cells):

- in row 1 (the header): kept as it is;
- on one row of the table: moved to the row where that row's key (the unit; for
  得分明细, 先进个人 and 校验 the columns of schema.OUTPUT_KEYS) now is, formulas
  translated with it; when that key is gone, or not on one row only, dropped;
- over the whole table (from row 1 or 2 to `old_last` or further): stretched to
  the new last row at least;
- below the table: moved with its end, keeping its distance;
- over some rows of the table, not all: dropped.

What is dropped is listed in 校验 (a warning naming the sheet, the old row, the unit
and the note's text), so nothing disappears unseen. A print area that reached the
old table's end reaches the new one's (printing.workbook_ready keeps print titles).
"""

from __future__ import annotations

import io
import posixpath
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from lxml import etree
from openpyxl.formula.translate import Translator

from .. import schema as S
from .namespaces import NS_MAIN
from .xlsx import sheet_data_span

PRINT_AREA = "_xlnm.Print_Area"
REL_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
REL_VML = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing"
REL_THREADED = "http://schemas.microsoft.com/office/2017/10/relationships/threadedComment"
_M = f"{{{NS_MAIN}}}"
_RANGE = re.compile(r"^(\$?)([A-Za-z]{0,3})(\$?)(\d*)(?::(\$?)([A-Za-z]{0,3})(\$?)(\d*))?$")
# The elements of a sheet part that hold cell-anchored things (their names in any namespace).
_MARKERS = (b"mergeCell", b"conditionalFormatting", b"dataValidation", b"hyperlink", b"sqref>")
_FORMULAS = {"formula", "formula1", "formula2", "f"}
# A note's shape in its VML drawing, with the cell it belongs to (from 0) and its box; any prefixes.
_SHAPE = re.compile(rb"<(\w+:)?shape\b.*?</\1shape>", re.S)
_VML_ROW = re.compile(rb"(<(\w+:)?Row>)(\d+)(</\2Row>)")
_VML_COLUMN = re.compile(rb"<(\w+:)?Column>(\d+)</\1Column>")
_VML_ANCHOR = re.compile(rb"(<(\w+:)?Anchor>)([^<]*)(</\2Anchor>)")


@dataclass
class Moves:
    """Where the rows of one output sheet went: old Excel row -> new (rows of the table
    whose key is on one row in both), the last row that had cells before and after,
    and what could not be kept (rows for 校验)."""

    sheet: str
    rows: dict[int, int]
    old_last: int
    new_last: int
    units: dict[int, str] = field(default_factory=dict)
    dropped: list[list[object]] = field(default_factory=list)

    def place(self, ref: str) -> tuple[str, int] | None:
        """Range `ref` (A1, A1:C3, B:B, 5:7) in its new place and the rows it moved by,
        None when it is dropped."""
        found = _RANGE.match(ref.strip())
        if found is None or not ref.strip():
            return ref, 0
        r1, r2 = found[4], found[8]
        if not r1:  # whole columns
            return ref, 0
        first, last = int(r1), int(r2) if r2 else int(r1)
        if last == 1:
            return ref, 0
        if first == last and first <= self.old_last:
            if first not in self.rows:
                return None
            shift = self.rows[first] - first
            return _range(found, first + shift, last + shift), shift
        if first <= 2 and last >= self.old_last and last > first:
            return _range(found, first, max(last, self.new_last)), 0
        if first > self.old_last:
            shift = self.new_last - self.old_last
            return _range(found, first + shift, last + shift), shift
        return None

    def drop(self, kind: str, ref: str, text: str) -> None:
        found = _RANGE.match(ref.strip())
        row = int(found[4]) if found and found[4] else None
        unit = self.units.get(row, "") if row else ""
        self.dropped.append([S.WARNING, self.sheet, row, None, f"{kind} {ref}：{text}" if text else f"{kind} {ref}",
                             S.M["anchor_dropped"].format(
                                 kind=kind, ref=ref, row=row or "", unit=S.M["anchor_unit"].format(unit=unit) if unit else "")])


def _range(found: re.Match[str], first: int, last: int) -> str:
    d1, c1, e1, _, d2, c2, e2, r2 = found.groups()
    text = f"{d1}{c1}{e1}{first}"
    if found.group(0).count(":"):
        text += f":{d2 or ''}{c2 or ''}{e2 or ''}{last if r2 else ''}"
    return text


def _norm(value: object) -> object:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None if value == "" else value


def _old_rows(old: bytes, strings: Callable[[], list[str]]) -> dict[int, dict[int, object]]:
    """The cells of the old part: Excel row -> {column from 0: value}."""
    from .sparse import _value  # one reading of a cell's value for both readers

    rows: dict[int, dict[int, object]] = {}
    shared = None
    for _, row in etree.iterparse(io.BytesIO(old), tag=_M + "row", resolve_entities=False, huge_tree=False):
        number = int(row.get("r") or len(rows) + 1)
        cells = rows.setdefault(number, {})
        for position, cell in enumerate(row.iter(_M + "c")):
            ref = cell.get("r") or ""
            letters = re.match(r"[A-Z]*", ref).group(0)
            column = _letters_index(letters) if letters else position
            if cell.get("t") == "s" and shared is None:
                shared = strings()
            cells[column] = _norm(_value(cell, shared or []))
        row.clear()
    return rows


def _letters_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def has_anchors(part: bytes, types: Iterable[str]) -> bool:
    """Whether a sheet part (or its relationships, of `types`) holds anything
    anchored to cells of its table (a plain search: most output sheets hold nothing)."""
    return any(marker in part for marker in _MARKERS) or bool(set(types) & {REL_COMMENTS, REL_THREADED})


def moves(sheet: str, old: bytes, rows: Sequence[Sequence[object]], strings: Callable[[], list[str]]) -> Moves:
    """Where each row of the old part `old` of output sheet `sheet` is in its new `rows`."""
    cells = _old_rows(old, strings)
    old_last = max((r for r, c in cells.items() if c), default=1)
    header = [str(v) for v in rows[0]] if rows else []
    keys = [header.index(k) for k in S.OUTPUT_KEYS[sheet] if k in header]
    old_header = {str(v): c for c, v in cells.get(1, {}).items() if v is not None}
    old_keys = [old_header.get(header[k]) for k in keys]
    found: dict[tuple[object, ...], list[int]] = {}
    units: dict[int, str] = {}
    unit_column = old_header.get(S.O_UNIT)
    for number, values in cells.items():
        if number == 1 or None in old_keys:
            continue
        key = tuple(values.get(k) for k in old_keys)  # type: ignore[arg-type]
        if any(v is not None for v in key):
            found.setdefault(key, []).append(number)
        if unit_column is not None and values.get(unit_column) is not None:
            units[number] = str(values[unit_column])
    now: dict[tuple[object, ...], list[int]] = {}
    for number, row in enumerate(rows[1:], start=2):
        now.setdefault(tuple(_norm(row[k]) if k < len(row) else None for k in keys), []).append(number)
    placed = {old_rows[0]: new_rows[0] for key, old_rows in found.items()
              if len(old_rows) == 1 and len(new_rows := now.get(key, [])) == 1}
    return Moves(sheet, placed, old_last, max(len(rows), 1), units)


def _translate(formula: str, origin: str, shift: int) -> str:
    """`formula` (written for a range whose first cell is `origin`) for that range moved by `shift` rows."""
    if not shift or not formula:
        return formula
    found = _RANGE.match(origin)
    column, row = (found[2] or "A"), int(found[4] or 1)
    moved = Translator("=" + formula, origin=f"{column}{row}").translate_formula(f"{column}{row + shift}")
    return moved[1:]


def last_row(old: bytes) -> int:
    """The number of the last row of the old part's cells (1 for none), as Excel writes
    rows: in order."""
    span = sheet_data_span(old)
    if span is None:
        return 1
    at = old.rfind(b"<row ", *span)
    if at < 0:
        at = old.rfind(b":row ", *span)
    found = re.search(rb'\br="(\d+)"', old[at:at + 200]) if at >= 0 else None
    return int(found.group(1)) if found else 1


def reanchored(old: bytes, where: Moves) -> bytes:
    """The old part with what is anchored to its cells placed by `where` (sheet_anchors);
    its <sheetData> is left as it was (the writer replaces it)."""
    span = sheet_data_span(old)
    if span is None:
        return old
    head, tail = sheet_anchors(old[:span[0]], old[span[1]:], where)
    return head + old[span[0]:span[1]] + tail


def sheet_anchors(head: bytes, tail: bytes, where: Moves) -> tuple[bytes, bytes]:
    """`head` and `tail` of an output sheet part (all before and after its <sheetData>) with
    merged ranges, conditional formats, data validations and hyperlinks placed by `where`
    (see the module); the very same bytes when there are none."""
    if not any(marker in head + tail for marker in _MARKERS):
        return head, tail
    marker = b"<sheetData/>"
    prefix = re.match(rb"\s*(?:<\?xml[^>]*\?>)?\s*<(\w+:)?worksheet", head)
    if prefix and prefix.group(1):
        marker = b"<" + prefix.group(1) + b"sheetData/>"
    root = etree.fromstring(head + marker + tail)
    changed = False
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "mergeCell" or (name == "hyperlink" and element.get("ref")):
            ref = element.get("ref", "")
            placed = where.place(ref)
            kind = S.ANCHOR_KINDS["merge" if name == "mergeCell" else "hyperlink"]
            if placed is None:
                where.drop(kind, ref, element.get("display") or element.get("location") or "")
                element.getparent().remove(element)
                changed = True
            elif placed[0] != ref:
                element.set("ref", placed[0])
                changed = True
        elif name in ("conditionalFormatting", "dataValidation"):
            changed = _place_ranged(element, name, where) or changed
    for name in ("mergeCells", "hyperlinks", "dataValidations"):
        for holder in root.iter("{*}" + name):
            if len(holder) == 0:
                holder.getparent().remove(holder)
                changed = True
            elif holder.get("count") is not None and holder.get("count") != str(len(holder)):
                holder.set("count", str(len(holder)))
                changed = True
    if not changed:
        return head, tail
    xml = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    at = xml.index(marker)
    return xml[:at], xml[at + len(marker):]


def _place_ranged(element: etree._Element, name: str, where: Moves) -> bool:
    """Place a conditional format or data validation (its sqref attribute, or an x14 one's
    <xm:sqref>): each of its ranges must move by the same rows, else it is dropped."""
    holder = next((c for c in element if isinstance(c.tag, str) and etree.QName(c).localname == "sqref"), None)
    sqref = holder.text if holder is not None else element.get("sqref")
    if not sqref:
        return False
    placed = [where.place(ref) for ref in sqref.split()]
    shifts = {p[1] for p in placed if p is not None}
    kind = S.ANCHOR_KINDS["format" if name == "conditionalFormatting" else "validation"]
    if None in placed or len(shifts) > 1:
        texts = [f.text or "" for f in element.iter() if isinstance(f.tag, str) and etree.QName(f).localname in _FORMULAS]
        where.drop(kind, sqref, "；".join(t for t in texts if t))
        element.getparent().remove(element)
        return True
    new = " ".join(p[0] for p in placed if p is not None)
    if new == sqref:
        return False
    shift = shifts.pop() if shifts else 0
    for formula in element.iter():
        if isinstance(formula.tag, str) and etree.QName(formula).localname in _FORMULAS and formula.text:
            formula.text = _translate(formula.text, sqref.split()[0].split(":")[0], shift)
    if holder is not None:
        holder.text = new
    else:
        element.set("sqref", new)
    return True


def _targets(rels: bytes | None, part: str) -> dict[str, str]:
    """Relationship type -> target part, of a sheet part's relationships."""
    if rels is None:
        return {}
    folder = posixpath.dirname(part)
    out = {}
    for rel in etree.fromstring(rels):
        target = rel.get("Target") or ""
        if rel.get("TargetMode") == "External":
            continue
        out[rel.get("Type") or ""] = (target.lstrip("/") if target.startswith("/")
                                      else posixpath.normpath(posixpath.join(folder, target)))
    return out


def related(read: Callable[[str], bytes | None], part: str) -> dict[str, str]:
    """The targets of `part`'s relationships, by type."""
    folder, name = posixpath.split(part)
    return _targets(read(posixpath.join(folder, "_rels", name + ".rels")), part)


def comment_parts(read: Callable[[str], bytes | None], targets: dict[str, str], where: Moves) -> dict[str, bytes]:
    """The notes, their VML shapes and the threaded comments of an output sheet placed by
    `where`: part name -> new content, for the parts that change."""
    out = {}
    comments = targets.get(REL_COMMENTS)
    moved: dict[tuple[int, int], int | None] = {}  # (row, column) from 0 -> new row from 0, None if dropped
    if comments and (xml := read(comments)) is not None:
        root = etree.fromstring(xml)
        changed = False
        for comment in list(root.iter(_M + "comment")):
            ref = comment.get("ref", "")
            placed = where.place(ref)
            found = _RANGE.match(ref)
            cell = (int(found[4]) - 1, _letters_index(found[2].upper())) if found and found[4] and found[2] else None
            if placed is None:
                where.drop(S.ANCHOR_KINDS["note"], ref, "".join(t.text or "" for t in comment.iter(_M + "t")))
                comment.getparent().remove(comment)
                changed = True
                if cell:
                    moved[cell] = None
            elif placed[0] != ref:
                comment.set("ref", placed[0])
                changed = True
                if cell:
                    moved[cell] = cell[0] + placed[1]
        if changed:
            out[comments] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    vml = targets.get(REL_VML)
    if moved and vml and (drawing := read(vml)) is not None:
        out[vml] = _SHAPE.sub(lambda m: _vml_shape(m.group(0), moved), drawing)
    threaded = targets.get(REL_THREADED)
    if threaded and (xml := read(threaded)) is not None:
        root = etree.fromstring(xml)
        changed = False
        for comment in list(root.iter("{*}threadedComment")):
            ref = comment.get("ref", "")
            placed = where.place(ref)
            if placed is None:
                text = "".join(t.text or "" for t in comment.iter("{*}text"))
                where.drop(S.ANCHOR_KINDS["threaded"], ref, text)
                comment.getparent().remove(comment)
                changed = True
            elif placed[0] != ref:
                comment.set("ref", placed[0])
                changed = True
        if changed:
            out[threaded] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def _vml_shape(shape: bytes, moved: dict[tuple[int, int], int | None]) -> bytes:
    """A note's VML shape moved to its note's new row (its box too), or removed with it."""
    row, column = _VML_ROW.search(shape), _VML_COLUMN.search(shape)
    if row is None or column is None or (key := (int(row.group(3)), int(column.group(2)))) not in moved:
        return shape
    new = moved[key]
    if new is None:
        return b""
    shift = new - key[0]
    shape = _VML_ROW.sub(lambda m: m.group(1) + str(new).encode() + m.group(4), shape, count=1)

    def box(m: re.Match[bytes]) -> bytes:
        numbers = [p.strip() for p in m.group(3).split(b",")]
        if len(numbers) == 8 and all(n.isdigit() for n in numbers):
            for i in (2, 6):
                numbers[i] = str(max(int(numbers[i]) + shift, 0)).encode()
        return m.group(1) + b", ".join(numbers) + m.group(4)
    return _VML_ANCHOR.sub(box, shape, count=1)


def print_areas(workbook_xml: bytes, where: dict[str, Moves]) -> bytes:
    """workbook.xml with each print area (_xlnm.Print_Area) of an output sheet in `where`
    that reached the old table's end reaching the new one's; the very same bytes when
    none changes."""
    if PRINT_AREA.encode() not in workbook_xml:
        return workbook_xml
    root = etree.fromstring(workbook_xml)
    by_index = {str(i): where[s.get("name")] for i, s in enumerate(root.iter(_M + "sheet")) if s.get("name") in where}
    changed = False
    for name in root.iter(_M + "definedName"):
        moves_ = by_index.get(name.get("localSheetId") or "")
        if name.get("name") != PRINT_AREA or moves_ is None or not name.text:
            continue
        areas = []
        for area in name.text.split(","):
            sheet, _, ref = area.rpartition("!")
            found = _RANGE.match(ref)
            if found and found[4] and found[8] and int(found[4]) <= 2 and int(found[8]) >= moves_.old_last:
                ref = _range(found, int(found[4]), max(int(found[8]), moves_.new_last))
            areas.append(f"{sheet}!{ref}" if sheet else ref)
        text = ",".join(areas)
        if text != name.text:
            name.text = text
            changed = True
    if not changed:
        return workbook_xml
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def placed(read: Callable[[str], bytes | None], part: str, sheet: str, old: bytes, rows: Sequence[Sequence[object]],
           strings: Callable[[], list[str]], print_area: bool) -> tuple[bytes, dict[str, bytes], Moves | None]:
    """Output sheet `sheet` (part `part`, old content `old`) about to get `rows`: its old part
    with what is anchored to cells placed, its comment parts that change, and the Moves
    (None when nothing on it is anchored and the book has no print area)."""
    targets = related(read, part)
    if has_anchors(old, targets):
        where = moves(sheet, old, rows, strings)
        return reanchored(old, where), comment_parts(read, targets, where), where
    if print_area:
        return old, {}, Moves(sheet, {}, last_row(old), max(len(rows), 1))
    return old, {}, None
