"""Turning openpyxl's .xlsx into a reproducible macro-enabled package (.xlsm),
with the VBA project and the ribbon (customUI14) part added."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

from lxml import etree

from ..io.atomic import atomic_write
from ..io.namespaces import NS_MAIN

XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
VBA_PART, VBA_TYPE = "xl/vbaProject.bin", "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
RIBBON_PART = "customUI/customUI14.xml"
RIBBON_REL = "http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"
_STAMP = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _add_relationship(rels: bytes, rid: str, rel_type: str, target: str) -> bytes:
    entry = f'<Relationship Id="{rid}" Type="{rel_type}" Target="{target}"/>'.encode()
    return rels.replace(b"</Relationships>", entry + b"</Relationships>")


# CT_Font's children in the order the schema (sml.xsd) requires; openpyxl writes name first.
FONT_ORDER = ("b", "i", "strike", "condense", "extend", "outline", "shadow", "u", "vertAlign", "sz", "color",
              "name", "family", "charset", "scheme")


def schema_ordered_styles(styles: bytes) -> bytes:
    """styles.xml with each font's children in schema order (Excel tolerates any order; the
    Open XML SDK and strict validators do not)."""
    root = etree.fromstring(styles)
    rank = {name: i for i, name in enumerate(FONT_ORDER)}
    for font in root.iter(f"{{{NS_MAIN}}}font"):
        children = sorted(font, key=lambda child: rank.get(etree.QName(child).localname, len(rank)))
        font[:] = children
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def with_ordered_styles(package: bytes) -> bytes:
    """The package (as openpyxl saved it) with schema_ordered_styles."""
    with zipfile.ZipFile(io.BytesIO(package)) as src:
        infos = src.infolist()
        parts = {info.filename: src.read(info) for info in infos}
    parts["xl/styles.xml"] = schema_ordered_styles(parts["xl/styles.xml"])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in infos:
            dst.writestr(info, parts[info.filename])
    return out.getvalue()


def finish(raw: Path, out: Path, stamp: dt.datetime, vba: bytes | None = None,
           ribbon: bytes | None = None) -> None:
    """Copy `raw` to `out` as an .xlsm with fixed timestamps, so equal input gives equal bytes;
    with `vba`, as its xl/vbaProject.bin; with `ribbon`, as its customUI14 part."""
    with zipfile.ZipFile(raw) as src:
        parts = {info.filename: src.read(info) for info in src.infolist()}
    types = parts["[Content_Types].xml"].replace(XLSX_MAIN.encode(), XLSM_MAIN.encode())
    if vba is not None:
        parts[VBA_PART] = vba
        types = types.replace(b"<Default ", f'<Default Extension="bin" ContentType="{VBA_TYPE}"/><Default '.encode(), 1)
        parts["xl/_rels/workbook.xml.rels"] = _add_relationship(
            parts["xl/_rels/workbook.xml.rels"], "rIdVBA", VBA_REL, "vbaProject.bin")
    if ribbon is not None:
        parts[RIBBON_PART] = ribbon
        parts["_rels/.rels"] = _add_relationship(parts["_rels/.rels"], "rIdRibbon", RIBBON_REL, RIBBON_PART)
    parts["[Content_Types].xml"] = types
    parts["xl/styles.xml"] = schema_ordered_styles(parts["xl/styles.xml"])
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    parts["docProps/core.xml"] = _STAMP.sub(rb"\g<1>" + iso + rb"\g<2>", parts["docProps/core.xml"])
    order = ["[Content_Types].xml"] + sorted(n for n in parts if n != "[Content_Types].xml")
    with atomic_write(out) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for name in order:
                info = zipfile.ZipInfo(name, date_time=(stamp.year, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                dst.writestr(info, parts[name])
