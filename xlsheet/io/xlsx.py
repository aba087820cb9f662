"""The parts of an .xlsx/.xlsm package this program needs to know: where each sheet lives,
and how to replace an output sheet's cells while keeping every other byte.

Output sheets are rewritten by splicing: the old part's text is kept, only its
<sheetData> (and the <dimension> and <autoFilter> ranges that describe it) is
replaced. Views, column widths and styles, drawings (charts), conditional
formats and page setup of the sheet stay as they were. New cells take their
style from the old header cell (row 1) and from the column's style (<col>),
so styles.xml is never touched.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence

from lxml import etree

from ..values import distinct_keys

NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"

_SHEETDATA = re.compile(rb"<(?P<p>(?:\w+:)?)sheetData\b[^>]*?(?:/>|>.*?</(?P=p)sheetData>)", re.S)
_ROOT = re.compile(rb"<(?P<p>(?:\w+:)?)worksheet\b")
_DIMENSION = re.compile(rb"(<(?:\w+:)?dimension\b[^>]*\bref=\")[^\"]*(\")")
_AUTOFILTER = re.compile(rb"(<(?:\w+:)?autoFilter\b[^>]*\bref=\")[^\"]*(\")")
_COL = re.compile(rb"<(?:\w+:)?col\b([^>]*)/?>")
_ROW1 = re.compile(rb"<(?:\w+:)?row\b[^>]*\br=\"1\"[^>]*>(.*?)</(?:\w+:)?row>", re.S)
_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)/?>")
_ATTR = re.compile(rb"\b([\w:]+)=\"([^\"]*)\"")
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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


def _styles(old: bytes, data: bytes, width: int) -> tuple[list[bytes], list[bytes]]:
    """Header and body style attributes per column, read from the old part."""
    body = [b""] * width
    for match in _COL.finditer(old[: old.find(b"sheetData")] if b"sheetData" in old else old):
        a = _attrs(match.group(1))
        if b"style" not in a or b"min" not in a:
            continue
        lo, hi = int(a[b"min"]), int(a.get(b"max", a[b"min"]))
        for col in range(lo - 1, min(hi, width)):
            body[col] = b' s="' + a[b"style"] + b'"'
    header = list(body)
    row1 = _ROW1.search(data)
    if row1:
        for cell in _CELL.finditer(row1.group(1)):
            a = _attrs(cell.group(1))
            if b"r" in a:
                col = _column_index(a[b"r"])
                if 0 <= col < width:
                    header[col] = b' s="' + a[b"s"] + b'"' if b"s" in a else b""
    return header, body


def _text(value: str) -> str:
    if not value.isprintable():
        value = _ILLEGAL.sub("", value)
    if "&" in value or "<" in value or ">" in value:
        value = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
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


def _sheet_data(rows: Sequence[Sequence[object]], letters: list[str], header_style: list[str],
                body_style: list[str], p: str) -> str:
    """The <sheetData> element for `rows`. A blank value in row 1 leaves no cell; below, an
    empty (styled) cell, as Excel writes for a formatted blank cell.

    Built column by column: each distinct value of a column becomes XML once, and one
    format call per row puts a row's cells together.
    """
    if not rows:
        return f"<{p}sheetData/>"
    width = len(letters)
    header = "".join(f'<{p}c r="{letters[c]}1{_cell_tail(v, chr(34) + header_style[c], p)}'
                     for c, v in enumerate(rows[0]) if v is not None and v != "")
    body = [r if len(r) == width else [*r, *[None] * (width - len(r))] for r in rows[1:]]
    tails = []
    for c, column in enumerate(zip(*body, strict=True)):
        keys, typed = distinct_keys(column)
        style = '"' + body_style[c]
        empty = style + "/>"
        memo = {}
        for k in set(keys):
            value = k[1] if typed else k
            memo[k] = empty if value is None or value == "" else _cell_tail(value, style, p)
        tails.append(map(memo.__getitem__, keys))
    # '<row r="{0}"><c r="A{0}{1}<c r="B{0}{2}...</row>': the row number, then each cell's tail
    row = (f'<{p}row r="{{0}}">' + "".join(f'<{p}c r="{letters[c]}{{0}}{{{c + 1}}}' for c in range(width))
           + f"</{p}row>")
    filled = map(row.format, map(str, range(2, len(rows) + 1)), *tails)
    return f'<{p}sheetData><{p}row r="1">{header}</{p}row>{"".join(filled)}</{p}sheetData>'


def replace_cells(old: bytes, rows: Sequence[Sequence[object]]) -> bytes:
    """The sheet part `old` with its cells replaced by `rows` (row 1 first).

    Text is always written as an inline string: a value beginning with = + - @
    stays text and never becomes a formula.
    """
    root = _ROOT.search(old)
    prefix = root.group("p").decode() if root else ""
    found = _SHEETDATA.search(old)
    data = found.group(0) if found else b""
    width = max((len(r) for r in rows), default=0)
    header_style, body_style = (
        [s.decode() for s in styles] for styles in _styles(old, data, width))
    letters = [column_letter(i) for i in range(width)]
    new_data = _sheet_data(rows, letters, header_style, body_style, prefix).encode("utf-8")
    if found:
        head, tail = old[: found.start()], old[found.end():]
    else:
        close = old.rfind(b"</" + prefix.encode() + b"worksheet>")
        head, tail = old[:close], old[close:]
    ref = f"A1:{letters[-1] if letters else 'A'}{max(len(rows), 1)}".encode()
    head = _DIMENSION.sub(rb"\g<1>" + ref + rb"\g<2>", head, count=1)
    tail = _AUTOFILTER.sub(rb"\g<1>" + ref + rb"\g<2>", tail, count=1)
    return head + new_data + tail


def has_formulas(part: bytes) -> bool:
    found = _SHEETDATA.search(part)
    return bool(found and re.search(rb"<(?:\w+:)?f\b", found.group(0)))
