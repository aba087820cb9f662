"""The parts of an .xlsx/.xlsm package this program needs to know: where each sheet lives,
and how to replace an output sheet's cells while keeping every other byte.

Output sheets are rewritten by splicing: the old part's text is kept, only its
<sheetData> (and the <dimension> and <autoFilter> ranges that describe it) is
replaced. Views, column widths and styles, drawings (charts), conditional
formats and page setup of the sheet stay as they were. New cells take their
style from the old header cell (row 1) and from the column's style (<col>);
a column with a number format of its own (完成率) takes, below row 1, the twin
of that style with the format (io/styles.py).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from html import unescape
from itertools import chain, islice

from lxml import etree

from .. import names
from ..values import per_distinct
from .namespaces import NS_MAIN, NS_PKG_REL, NS_REL
from .printing import sheet_ready
from .xmltext import ESCAPE_LIKE, xml_safe

_SHEETDATA_OPEN = re.compile(rb"<(?P<p>(?:\w+:)?)sheetData\b[^>]*?(?P<empty>/?)>")
_ROOT = re.compile(rb"<(?P<p>(?:\w+:)?)worksheet\b")
_DIMENSION = re.compile(rb"(<(?:\w+:)?dimension\b[^>]*\bref=\")[^\"]*(\")")
_AUTOFILTER = re.compile(rb"(<(?:\w+:)?autoFilter\b[^>]*\bref=\")[^\"]*(\")")
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_ROW = re.compile(rb"<(?P<p>(?:\w+:)?)row\b(?P<attrs>[^>]*?)(?P<empty>/?)>")
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)/?>")
_ATTR = re.compile(rb"\b([\w:]+)=\"([^\"]*)\"")
BLOCK = 4096  # rows of XML made, encoded and compressed at a time


def sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Sheet name -> part name (e.g. 'xl/worksheets/sheet3.xml')."""
    wb = etree.fromstring(workbook_xml)
    rels = etree.fromstring(rels_xml)
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{NS_PKG_REL}}}Relationship")}
    parts = {}
    for sheet in wb.iter(f"{{{NS_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{NS_REL}}}id"))
        if target is None:
            continue
        if target.startswith("/"):
            parts[sheet.get("name")] = target.lstrip("/")
        else:
            parts[sheet.get("name")] = posixpath.normpath(posixpath.join("xl", target))
    return parts


def is_worksheet(head: bytes) -> bool:
    """Whether a part, by its first bytes, is a worksheet (not a chart sheet or a dialog sheet)."""
    return _ROOT.search(head) is not None


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(ref: bytes) -> int:
    n = 0
    for ch in ref:
        if 65 <= ch <= 90:
            n = n * 26 + ch - 64
        else:
            break
    return n - 1


def _attrs(text: bytes) -> dict[bytes, bytes]:
    return dict(_ATTR.findall(text))


def _styles(old: bytes, span: tuple[int, int] | None, width: int) -> tuple[list[bytes], list[bytes]]:
    """Header and body style attributes per column, read from the old part (its <sheetData> at `span`)."""
    body = [b""] * width
    for match in _COL.finditer(old[: old.find(b"sheetData")] if b"sheetData" in old else old):
        a = _attrs(match.group(1))
        if b"style" not in a or b"min" not in a:
            continue
        lo, hi = int(a[b"min"]), int(a.get(b"max", a[b"min"]))
        for col in range(lo - 1, min(hi, width)):
            body[col] = b' s="' + a[b"style"] + b'"'
    header = list(body)
    row1 = _first_row(old, *span) if span else None
    if row1 is not None:
        for cell in _CELL.finditer(row1):
            a = _attrs(cell.group(1))
            if b"r" in a:
                col = _column_index(a[b"r"])
                if 0 <= col < width:
                    header[col] = b' s="' + a[b"s"] + b'"' if b"s" in a else b""
    return header, body


def sheet_data_span(part: bytes) -> tuple[int, int] | None:
    """Where the <sheetData> element of a sheet part starts and ends (found without a
    backtracking scan: an old output sheet can hold tens of megabytes of cells)."""
    opening = _SHEETDATA_OPEN.search(part)
    if opening is None:
        return None
    if opening.group("empty"):
        return opening.start(), opening.end()
    close = b"</" + opening.group("p") + b"sheetData>"
    end = part.find(close, opening.end())
    return (opening.start(), end + len(close)) if end >= 0 else None


def _first_row(part: bytes, start: int, end: int) -> bytes | None:
    """The cells of the first row in part[start:end] when that row is row 1, else None."""
    row = _ROW.search(part, start, end)
    if row is None or _attrs(row.group("attrs")).get(b"r", b"1") != b"1" or row.group("empty"):
        return None
    close = part.find(b"</" + row.group("p") + b"row>", row.end(), end)
    return part[row.end():close] if close >= 0 else None


def _text(value: str) -> str:
    """`value` escaped for a cell's XML: xmltext.cell_text, then the markup characters."""
    if not value.isprintable():
        value = xml_safe(value)
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if "_x" in value:
        value = ESCAPE_LIKE.sub(r"_x005F_\1", value)
    return value


def _cell_tail(value: object, style: str, p: str) -> str:
    """What follows a cell's reference: its style, type and value, closed."""
    kind = type(value)
    if kind is int or kind is float:
        return f"{style}><{p}v>{value!r}</{p}v></{p}c>"
    if kind is bool:
        return f'{style} t="b"><{p}v>{int(value)}</{p}v></{p}c>'
    text = _text(str(value))
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f'{style} t="inlineStr"><{p}is><{p}t{space}>{text}</{p}t></{p}is></{p}c>'


def _column_tails(column: Sequence[object], style: str, p: str) -> Iterable[str]:
    """The tail (see _cell_tail) of each cell of a column, blanks as empty cells.

    A column of few distinct values makes each value's XML once. A column of mostly
    distinct whole numbers, or of text that needs no escaping (checked on the whole
    column at once), is written straight; anything else value by value.
    """
    empty = style + "/>"
    kinds = set(map(type, column))
    if kinds <= {int, str} and len(kinds) == 1 and len(set(column)) * 4 > len(column):
        if kinds == {int}:
            return [f"{style}><{p}v>{v}</{p}v></{p}c>" for v in column]
        if names.all_clean(column, without=("&", "<", ">", "_x")):  # written as it is: no escaping, no preserved spaces
            opener = f'{style} t="inlineStr"><{p}is><{p}t>'
            closer = f"</{p}t></{p}is></{p}c>"
            return [f"{opener}{v}{closer}" if v else empty for v in column]
    keys, tails = per_distinct(column, lambda v: empty if v is None or v == "" else _cell_tail(v, style, p))
    return map(tails.__getitem__, keys)


def _sheet_data(rows: Sequence[Sequence[object]], letters: list[str], header_style: list[str],
                body_style: list[str], p: str) -> Iterator[str]:
    """The <sheetData> element for `rows`, in pieces of BLOCK rows.

    A blank value in row 1 leaves no cell; below, an empty (styled) cell, as Excel writes
    for a formatted blank cell. Built column by column: each distinct value of a column
    becomes XML once, and one format operation per row puts a row's cells together.
    """
    if not rows:
        yield f"<{p}sheetData/>"
        return
    width = len(letters)
    header = "".join(f'<{p}c r="{letters[c]}1{_cell_tail(v, chr(34) + header_style[c], p)}'
                     for c, v in enumerate(rows[0]) if v is not None and v != "")
    yield f'<{p}sheetData><{p}row r="1">{header}</{p}row>'
    first = 1
    body = [r if len(r) == width else [*r, *[None] * (width - len(r))] for r in rows[first:]]
    tails = [_column_tails(column, '"' + body_style[c], p) for c, column in enumerate(zip(*body, strict=True))]
    # '<row r="%s"><c r="A%s%s<c r="B%s%s...</row>': the row number, then (number, tail) per cell
    row = f'<{p}row r="%s">' + "".join(f'<{p}c r="{letter}%s%s' for letter in letters) + f"</{p}row>"
    numbers = list(map(str, range(first + 1, first + 1 + len(body))))
    filled = map(row.__mod__, zip(numbers, *chain.from_iterable((numbers, t) for t in tails), strict=True))
    while block := "".join(islice(filled, BLOCK)):
        yield block
    yield f"</{p}sheetData>"


def splice_cells(old: bytes, rows: Sequence[Sequence[object]],
                 restyle: Mapping[int, Callable[[int], int]] | None = None) -> Iterator[bytes]:
    """The sheet part `old` with its cells replaced by `rows` (row 1 first), in pieces, and
    its print and view settings restored where they were dropped (printing.sheet_ready).
    `restyle` maps a column (from 0) to what its body cells' style becomes, given the
    column's style (0 where it has none).

    Text is always written as an inline string: a value beginning with = + - @
    stays text and never becomes a formula.
    """
    root = _ROOT.search(old)
    prefix = root.group("p").decode() if root else ""
    found = sheet_data_span(old)
    width = max((len(r) for r in rows), default=0)
    header_style, body_style = (
        [s.decode() for s in styles] for styles in _styles(old, found, width))
    for col, new in (restyle or {}).items():
        if col < width:
            body_style[col] = f' s="{new(int(re.sub(r"[^0-9]", "", body_style[col]) or 0))}"'  # ' s="N"' or ""
    letters = [column_letter(i) for i in range(width)]
    if found:
        head, tail = old[: found[0]], old[found[1]:]
    else:
        close = old.rfind(b"</" + prefix.encode() + b"worksheet>")
        head, tail = old[:close], old[close:]
    head, tail = sheet_ready(head, tail, prefix)
    ref = f"A1:{letters[-1] if letters else 'A'}{max(len(rows), 1)}".encode()
    yield _DIMENSION.sub(rb"\g<1>" + ref + rb"\g<2>", head, count=1)
    for piece in _sheet_data(rows, letters, header_style, body_style, prefix):
        yield piece.encode("utf-8")
    yield _AUTOFILTER.sub(rb"\g<1>" + ref + rb"\g<2>", tail, count=1)


def has_formulas(part: bytes) -> bool:
    """Whether any cell of the sheet part has a formula (<f>); text holds no '<', so a plain
    search for the tag is exact."""
    found = sheet_data_span(part)
    if found is None:
        return False
    root = _ROOT.search(part)
    for tag in {b"<f", b"<" + (root.group("p") if root else b"") + b"f"}:
        at = part.find(tag, *found)
        while at >= 0:  # one pass: <f> <f ...> <f/>, not <family ...> of rich text
            if part[at + len(tag):at + len(tag) + 1] in (b">", b" ", b"/"):
                return True
            at = part.find(tag, at + 1, found[1])
    return False


_REF = re.compile(rb"\br=\"([A-Z]+)(\d+)\"")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")


def error_cells(part: bytes) -> list[tuple[int, int, str]]:
    """The cells of a sheet part whose type is an error (t="e"): (row, column, shown text),
    from 0. A plain search for the attribute finds them; a part without one costs one scan."""
    found = []
    at = part.find(b't="e"')
    while at >= 0:
        start = part.rfind(b"<", 0, at)
        end = part.find(b"</", at)
        cell = part[start:part.find(b">", at) + 1]
        ref = _REF.search(cell)
        value = _VALUE.search(part, at, part.find(b"c>", end) + 2 if end >= 0 else len(part))
        if ref and value and (cell.startswith(b"<c ") or b":c " in cell[:12]):
            found.append((int(ref.group(2)) - 1, _column_index(ref.group(1)), value.group(1).decode()))
        at = part.find(b't="e"', at + 1)
    return found


_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)")
_CELL_OPEN = re.compile(rb"<(?:\w+:)?c\b[^>]*>")
_MERGE = re.compile(rb"<(?:\w+:)?mergeCell\b[^>]*\bref=\"([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?\"")
_DATE1904 = re.compile(rb"<(?:\w+:)?workbookPr\b[^>]*\bdate1904=\"(1|true)\"")


def uncomputed_cells(part: bytes) -> list[tuple[int, int, str]]:
    """The cells of a sheet part that hold a formula but no saved result (no <v>, or an empty
    one), as books written by programs that do not calculate have them: (row, column, the
    formula as Excel shows it, "=..."), from 0. A part without formulas costs one search."""
    found = []
    at = part.find(b"<f")
    while at >= 0:
        formula = _FORMULA.match(part, at)
        start = part.rfind(b"<c", 0, at) if formula else -1
        cell = _CELL_OPEN.match(part, start) if start >= 0 else None
        if formula and cell:
            end = part.find(b"c>", formula.end())
            value = _VALUE.search(part, formula.end(), end + 2 if end >= 0 else len(part))
            ref = _REF.search(cell.group(0))
            if ref and (value is None or not value.group(1)):
                text = unescape((formula.group(1) or b"").decode()) or "…"  # a shared formula's copies carry no text
                found.append((int(ref.group(2)) - 1, _column_index(ref.group(1)), "=" + text))
        at = part.find(b"<f", at + 2)
    return found


def merged_blocks(part: bytes) -> list[tuple[int, int, int, int]]:
    """The merged ranges of a sheet part (<mergeCells>): (first row, first column, last row,
    last column), from 0."""
    blocks = []
    for m in _MERGE.finditer(part, part.rfind(b"<mergeCells") if b"<mergeCells" in part else len(part)):
        c1, r1 = _column_index(m.group(1)), int(m.group(2)) - 1
        c2, r2 = (_column_index(m.group(3)), int(m.group(4)) - 1) if m.group(3) else (c1, r1)
        blocks.append((r1, c1, r2, c2))
    return blocks


def is_date1904(workbook_xml: bytes) -> bool:
    """Whether the workbook counts serial dates in the 1904 system (<workbookPr date1904>)."""
    return _DATE1904.search(workbook_xml) is not None
