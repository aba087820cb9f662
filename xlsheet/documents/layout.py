"""The Word layout shared by the documents (the bulletin, the year-end documents, the
statements): a `Draft` (title, blocks of text and tables, signature) laid out after GB/T
9704-2012 with python-docx: A4, margins 37/28 mm, 仿宋 size 3 body on a 22-line grid, 小标宋
size 2 title, 黑体/楷体 headings, tables with captions, signature and date, the colophon
between rules, page numbers "— 1 —" on the outer side. The official fonts are named in the
document; Word or LibreOffice substitute where they are missing, and `substitute_fonts`
makes a copy that names fonts this machine has, for rendering to PDF.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema as S
from ..io.xmltext import xml_safe

B = S.BULLETIN

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
# Fonts a Linux machine has (Debian's fonts-noto-cjk) for each official font.
FALLBACKS = {FANGSONG: "Noto Serif CJK SC", XIAOBIAOSONG: "Noto Serif CJK SC", SONGTI: "Noto Serif CJK SC",
             KAITI: "Noto Serif CJK SC", HEITI: "Noto Sans CJK SC"}


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # column widths in mm (the text is 156 mm wide); equal when empty


@dataclass(frozen=True)
class Draft:
    title: str
    addressees: str
    blocks: tuple[tuple[str, object], ...]  # ("p" | "h1" | "h2", text) or ("table", Table)
    office: str
    date: str
    cc: str
    year: int
    quarter: int
    tables: tuple[Table, ...] = field(default_factory=tuple)


def date_text(day: dt.date) -> str:
    return B["date"].format(year=day.year, month=day.month, day=day.day)


def xml_safe_draft(draft: Draft) -> Draft:
    """`draft` with every text XML-safe (io/xmltext.py): a control character typed into a unit
    name or a title is dropped rather than ending the document half written."""
    from dataclasses import fields, replace

    def clean(value: object) -> object:
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, tuple):
            return tuple(clean(v) for v in value)
        if isinstance(value, Table):
            return replace(value, **{f.name: clean(getattr(value, f.name)) for f in fields(Table)})
        return value

    return replace(draft, **{f.name: clean(getattr(draft, f.name)) for f in fields(Draft)})


def write_docx(bulletin: Draft, path: str | Path) -> Path:
    """Lay the draft out as a .docx (GB/T 9704-2012 layout) at `path`, atomically."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    from ..io.atomic import atomic_write

    bulletin = xml_safe_draft(bulletin)
    doc = Document()
    # python-docx's blank document carries a Word 2010 stylesWithEffects part that does not
    # list the styles added here (header, footer); Word does not need it, validators flag it.
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(20)
    line = Pt(28.95)  # 225 mm / 22 lines

    normal = doc.styles["Normal"]
    _font(normal.element, FANGSONG, 16)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    normal.paragraph_format.line_spacing = line
    normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)

    def paragraph(text: str = "", font: str = FANGSONG, size: float = 16, bold: bool = False,
                  align=None, indent: bool = False):
        p = doc.add_paragraph()
        if align is not None:
            p.alignment = align
        if indent:
            p.paragraph_format.first_line_indent = Pt(size * 2)
        if text:
            run = p.add_run(text)
            _font(run._element, font, size, bold)
        return p

    title = paragraph(bulletin.title, XIAOBIAOSONG, 22, align=WD_ALIGN_PARAGRAPH.CENTER)
    title.paragraph_format.line_spacing = Pt(35)
    paragraph()
    if bulletin.addressees:
        paragraph(bulletin.addressees)
    for kind, content in bulletin.blocks:
        if kind == "p":
            paragraph(content, indent=True)
        elif kind == "h1":
            paragraph(content, HEITI, indent=True)
        elif kind == "h2":
            paragraph(content, KAITI, indent=True)
        else:
            table: Table = content
            caption = paragraph(table.caption, FANGSONG, 12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            caption.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
            grid = doc.add_table(rows=1 + len(table.rows), cols=len(table.header))
            grid.style = "Table Grid"
            grid.alignment = WD_TABLE_ALIGNMENT.CENTER
            if table.widths:
                grid.autofit = False
                for column, width in zip(grid.columns, table.widths, strict=True):
                    column.width = Mm(width)
                    for cell in column.cells:
                        cell.width = Mm(width)
            # row by row (grid.cell(r, c) walks the whole table each time: quadratic)
            for r, (row, values) in enumerate(zip(grid.rows, (table.header, *table.rows), strict=True)):
                for cell, value in zip(row.cells, values, strict=True):
                    p = cell.paragraphs[0]
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                    p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                    p.paragraph_format.first_line_indent = Pt(0)
                    _font(p.add_run(value)._element, FANGSONG, 10.5, bold=r == 0)
            paragraph()
    paragraph()
    paragraph()
    office = paragraph(bulletin.office, align=WD_ALIGN_PARAGRAPH.RIGHT)
    office.paragraph_format.right_indent = Pt(16 * 6)
    date = paragraph(bulletin.date, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = Pt(16 * 4)
    paragraph()
    cc = paragraph(B["cc"].format(cc=bulletin.cc), FANGSONG, 14)
    cc.paragraph_format.left_indent = Pt(14)
    _rules(cc, top=True, bottom=True)
    printed = paragraph(B["printed"].format(office=bulletin.office), FANGSONG, 14)
    printed.paragraph_format.left_indent = Pt(14)
    tab = printed.add_run("\t" + B["printed_date"].format(date=bulletin.date))
    _font(tab._element, FANGSONG, 14)
    printed.paragraph_format.tab_stops.add_tab_stop(Mm(156) - Pt(14), alignment=2)  # right tab
    _rules(printed, bottom=True)

    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
    doc.core_properties.title = bulletin.title
    doc.core_properties.author = bulletin.office
    path = Path(path)
    with atomic_write(path) as tmp:
        doc.save(str(tmp))
    return path


def _font(element, name: str, size: float, bold: bool = False) -> None:
    """Set a run's or a style's font, East Asian name included (python-docx sets only Latin)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), name)
    # Each element in its place in the schema's order (CT_RPr): python-docx's get_or_add_*
    # insert there; w:szCs, which it does not know, goes right after w:sz.
    sz = rpr.get_or_add_sz()
    sz.set(qn("w:val"), str(int(size * 2)))
    sz_cs = rpr.find(qn("w:szCs"))
    if sz_cs is None:
        sz_cs = OxmlElement("w:szCs")
        sz.addnext(sz_cs)
    sz_cs.set(qn("w:val"), str(int(size * 2)))
    if bold:
        rpr.get_or_add_b()


_AFTER_BORDERS = tuple("w:" + tag for tag in (
    "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
    "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind", "contextualSpacing", "mirrorIndents",
    "suppressOverlap", "jc", "textDirection", "textAlignment", "textboxTightWrap", "outlineLvl", "divId",
    "cnfStyle", "rPr", "sectPr", "pPrChange"))


def _rules(paragraph, top: bool = False, bottom: bool = False) -> None:
    """Horizontal rules above and/or below a paragraph (the colophon's lines)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side, wanted in (("top", top), ("bottom", bottom)):
        if wanted:
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:val"), "single")
            edge.set(qn("w:sz"), "8")
            edge.set(qn("w:space"), "1")
            edge.set(qn("w:color"), "000000")
            borders.append(edge)
    # in its place in CT_PPr's sequence: before shading, tabs, spacing, indentation, alignment...
    ppr.insert_element_before(borders, *_AFTER_BORDERS)


def _page_number(paragraph, align) -> None:
    """— PAGE — in size 4 half-width numerals."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    paragraph.alignment = align
    _font(paragraph.add_run("— ")._element, SONGTI, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        run = paragraph.add_run()
        _font(run._element, SONGTI, 14)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        else:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
    _font(paragraph.add_run(" —")._element, SONGTI, 14)


def substitute_fonts(docx: Path, out: Path, fallbacks: Mapping[str, str] = FALLBACKS) -> Path:
    """A copy of `docx` whose official fonts are replaced by `fallbacks`, for rendering here."""
    with zipfile.ZipFile(docx) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename.endswith(".xml"):
                text = data.decode("utf-8")
                for official, fallback in fallbacks.items():
                    text = re.sub(f'"{re.escape(official)}"', f'"{fallback}"', text)
                data = text.encode("utf-8")
            dst.writestr(info, data)
    return out
