"""The cell formats of a package (styles.xml), for the number formats output sheets must show.

An output column with a number format of its own (完成率, with the decimals of 参数
完成率小数位数) keeps every other part of its cells' look: font, fill, border, alignment.
Each cell format the column had gets a twin that differs only in its number format, found
among the book's formats or added once, so recalculating again adds nothing.
"""

from __future__ import annotations

import copy
import posixpath

from lxml import etree

from .namespaces import NS_MAIN, NS_PKG_REL

REL_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
BUILT_IN = {9: "0%", 10: "0.00%"}  # the percent formats every reader knows by id (ECMA-376 Part 1, 18.8.30)
FIRST_CUSTOM = 164  # ids below are built in
_M = f"{{{NS_MAIN}}}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def styles_part(rels_xml: bytes) -> str | None:
    """The package's styles part (e.g. 'xl/styles.xml'), from the workbook's relationships."""
    for rel in etree.fromstring(rels_xml, _PARSER).iter(f"{{{NS_PKG_REL}}}Relationship"):
        if rel.get("Type") == REL_STYLES and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
    return None


class CellFormats:
    """The cell formats (<cellXfs>) of one styles part, with twins added as asked."""

    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml, _PARSER)
        self.xfs = self.root.find(f"{_M}cellXfs")
        self.codes = dict(BUILT_IN)
        numbers = self.root.find(f"{_M}numFmts")
        for fmt in () if numbers is None else numbers.iter(f"{_M}numFmt"):
            self.codes[int(fmt.get("numFmtId", "0"))] = fmt.get("formatCode", "")
        self.changed = False
        self._twins: dict[tuple[int, str], int] = {}

    def code(self, xf: etree._Element) -> str | None:
        return self.codes.get(int(xf.get("numFmtId", "0")))

    def with_number_format(self, index: int, code: str) -> int:
        """The index of a cell format like format `index` but showing numbers as `code`."""
        if (index, code) not in self._twins:
            self._twins[index, code] = self._twin(index, code)
        return self._twins[index, code]

    def _twin(self, index: int, code: str) -> int:
        if self.xfs is None:
            return index
        xfs = list(self.xfs)
        if not 0 <= index < len(xfs) or self.code(xfs[index]) == code:
            return index
        own = xfs[index]
        like = _look(own)
        for i, xf in enumerate(xfs):
            if self.code(xf) == code and _look(xf) == like:
                return i
        twin = copy.deepcopy(own)
        twin.set("numFmtId", str(self._number_format(code)))
        twin.set("applyNumberFormat", "1")
        self.xfs.append(twin)
        self.xfs.set("count", str(len(xfs) + 1))
        self.changed = True
        return len(xfs)

    def _number_format(self, code: str) -> int:
        """The id of number format `code`, declared in <numFmts> when it is not built in."""
        for number, known in sorted(self.codes.items()):
            if known == code:
                return number
        number = max((n for n in self.codes if n >= FIRST_CUSTOM), default=FIRST_CUSTOM - 1) + 1
        numbers = self.root.find(f"{_M}numFmts")
        if numbers is None:
            numbers = etree.Element(f"{_M}numFmts")
            self.root.insert(0, numbers)  # the first child of <styleSheet> (CT_Stylesheet's sequence)
        etree.SubElement(numbers, f"{_M}numFmt", numFmtId=str(number), formatCode=code)
        numbers.set("count", str(len(numbers)))
        self.codes[number] = code
        return number

    def xml(self) -> bytes:
        return etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)


def _look(xf: etree._Element) -> tuple[object, ...]:
    """What a cell format shows apart from its number format: its attributes and children."""
    attributes = sorted((k, v) for k, v in xf.attrib.items() if k not in ("numFmtId", "applyNumberFormat"))
    return (*attributes, *(etree.tostring(child) for child in xf))
