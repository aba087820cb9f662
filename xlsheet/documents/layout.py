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
import io
import re
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema as S
from ..io.xmltext import xml_safe
from ..records import Problem, StructureError

B = S.BULLETIN

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
# Fonts a Linux machine has (Debian's fonts-noto-cjk) for each official font.
FALLBACKS = {FANGSONG: "Noto Serif CJK SC", XIAOBIAOSONG: "Noto Serif CJK SC", SONGTI: "Noto Serif CJK SC",
             KAITI: "Noto Serif CJK SC", HEITI: "Noto Sans CJK SC"}


DOCUMENT_PART = "word/document.xml"
LEFT_MM, RIGHT_MM = 28, 26  # binding margin 28 mm ± 1; the type area is 156 mm wide


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
    masthead: str = ""  # 发文机关标志 (the issuing office); "" for no 版头
    number: str = ""  # 发文字号 (doc_number); "" for no number line


def date_text(day: dt.date) -> str:
    return B["date"].format(year=day.year, month=day.month, day=day.day)


def doc_number(prefix: str, year: int, number: int | None = None, problems: Sequence[Problem] = ()) -> str:
    """The 发文字号: 慈政办〔2026〕12号, or with the number left blank for the document office
    (慈政办〔2026〕  号); "" where no prefix is set (no number line), and a StructureError
    where a number is given all the same (it would be dropped in silence), naming the error
    on the prefix's 参数 row among `problems` where it has one."""
    if not prefix and number is not None:
        wrong = next((p for p in problems if p.sheet == S.PARAMS and p.is_error and S.K_NUMBER_PREFIX in p.message),
                     None)
        if wrong is not None:
            raise StructureError(B["number_bad_prefix"].format(number=number, sheet=S.PARAMS, row=wrong.row,
                                                               message=wrong.message))
        raise StructureError(B["number_without_prefix"].format(number=number, sheet=S.PARAMS, key=S.K_NUMBER_PREFIX))
    if not prefix:
        return ""
    return B["doc_number"].format(prefix=prefix, year=year, number=B["number_blank"] if number is None else number)


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


class Blank:
    """What every draft shares (page, styles, page numbers), set up once with python-docx and
    kept as the parts of an empty document: one run that writes many documents (the
    statements) opens a copy for each, its body put in as text, rather than setting it up
    again (or moving parsed elements into it, which lxml does node by node)."""

    def __init__(self) -> None:
        from docx import Document
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm, Pt

        doc = Document()
        # python-docx's blank document carries a Word 2010 stylesWithEffects part that does not
        # list the styles added here (header, footer); Word does not need it, validators flag it.
        for rid, rel in list(doc.part.rels.items()):
            if rel.reltype.endswith("/stylesWithEffects"):
                doc.part.drop_rel(rid)
        section = doc.sections[0]
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.top_margin, section.bottom_margin = Mm(37), Mm(35)
        section.left_margin, section.right_margin = Mm(LEFT_MM), Mm(RIGHT_MM)
        section.footer_distance = Mm(20)
        normal = doc.styles["Normal"]
        _font(normal.element, FANGSONG, 16)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = Pt(28.95)  # 225 mm / 22 lines
        normal.paragraph_format.space_before = normal.paragraph_format.space_after = Pt(0)
        _table_styles(doc)
        doc.settings.odd_and_even_pages_header_footer = True
        _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
        _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)
        _only_styles(doc, ("Footer", "TableGrid", TABLE_TEXT_ID, TABLE_HEADING_ID))
        saved = io.BytesIO()
        doc.save(saved)
        with zipfile.ZipFile(saved) as package:
            self.parts = [(info.filename, package.read(info)) for info in package.infolist()]

    def document(self, body: str):
        """A new python-docx document: the blank one with `body` (WordprocessingML paragraphs
        and tables) before its section properties."""
        from docx import Document

        package = io.BytesIO()
        with zipfile.ZipFile(package, "w", zipfile.ZIP_STORED) as copy:
            for name, data in self.parts:
                if name == DOCUMENT_PART:
                    head, sect, tail = data.decode("utf-8").partition("<w:sectPr")
                    data = (head + body + sect + tail).encode("utf-8")
                copy.writestr(name, data)
        return Document(package)


CORE_PROPERTY_CHARS = 255  # python-docx refuses a longer title or author (the file's properties, not its text)


def write_docx(bulletin: Draft, path: str | Path, blank: Blank | None = None) -> Path:
    """Lay the draft out as a .docx (GB/T 9704-2012 layout) at `path`, atomically; on `blank`
    where one run writes many."""
    from ..io.atomic import atomic_write

    bulletin = xml_safe_draft(bulletin)
    doc = (blank or Blank()).document("".join(_body(bulletin)))
    doc.core_properties.title = bulletin.title[:CORE_PROPERTY_CHARS]
    doc.core_properties.author = bulletin.office[:CORE_PROPERTY_CHARS]
    path = Path(path)
    saved = io.BytesIO()
    doc.save(saved)  # in memory: a full disk then fails one plain write, never python-docx's open zip file
    with atomic_write(path) as tmp:
        tmp.write_bytes(saved.getvalue())
    return path


# The body is written as WordprocessingML text, parsed once per document (python-docx's
# element API costs a fraction of a millisecond per property set, and a statement has
# thousands of cells). Elements are in the order the schema gives (CT_PPr, CT_RPr).
TEXT_WIDTH_MM = 210 - LEFT_MM - RIGHT_MM  # 156 mm
_TWIPS_PER_MM = 1440 / 25.4


def _pt(points: float) -> int:
    """Points in twentieths (twips), as Word's lengths are written."""
    return round(points * 20)


RED = "FF0000"


def _rpr(font: str, size: float, bold: bool = False, color: str = "") -> str:
    return (f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:eastAsia="{font}" w:cs="{font}"/>'
            + ("<w:b/>" if bold else "") + (f'<w:color w:val="{color}"/>' if color else "")
            + f'<w:sz w:val="{int(size * 2)}"/><w:szCs w:val="{int(size * 2)}"/></w:rPr>')


def _text(text: str) -> str:
    """Run content for `text`: escaped, tabs and line breaks as Word's own elements."""
    parts = []
    for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, piece in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if piece:
                parts.append(f'<w:t xml:space="preserve">{_escape(piece)}</w:t>')
    return "".join(parts)


def _run(text: str, font: str = FANGSONG, size: float = 16, bold: bool = False, color: str = "") -> str:
    return f"<w:r>{_rpr(font, size, bold, color)}{_text(text)}</w:r>" if text else ""


def _paragraph(runs: str = "", borders: str = "", tabs: str = "", spacing: str = "", ind: str = "",
               jc: str = "", keep_next: bool = False) -> str:
    """One paragraph; `keep_next` keeps it on the page of the next one (a heading with its
    text, a caption with its table, the signature with its date and the 版记)."""
    ppr = ("<w:keepNext/>" if keep_next else "") + borders + tabs + spacing + ind + (f'<w:jc w:val="{jc}"/>' if jc else "")
    return "<w:p>" + (f"<w:pPr>{ppr}</w:pPr>" if ppr else "") + runs + "</w:p>"


def _indented(text: str, font: str = FANGSONG, size: float = 16, keep_next: bool = False) -> str:
    """A body paragraph: first line indented two characters."""
    return _paragraph(_run(text, font, size), ind=f'<w:ind w:firstLine="{_pt(size * 2)}"/>', keep_next=keep_next)


_SINGLE = '<w:spacing w:line="240" w:lineRule="auto"/>'


def _rule(*sides: str, color: str = "000000", eighths: int = 8, space: int = 1) -> str:
    """Horizontal rules above and/or below a paragraph (the colophon's lines; the red rule of
    the 版头): `eighths` of a point thick, `space` points from the text."""
    edges = "".join(f'<w:{side} w:val="single" w:sz="{eighths}" w:space="{space}" w:color="{color}"/>'
                    for side in sides)
    return f"<w:pBdr>{edges}</w:pBdr>"


MASTHEAD_PT = 42  # 发文机关标志: 初号 小标宋, smaller where a long name would not fit one line,
MASTHEAD_MIN_PT = 22  # but never below the title's 二号: a longer name wraps, centred


def _masthead(bulletin: Draft) -> list[str]:
    """The 版头 (GB/T 9704-2012 7.2): the 发文机关标志 centred in red 小标宋, the 发文字号
    centred two lines under it, and the red rule as wide as the type area 4 mm under the
    number (under the 标志 where there is no number); the title follows two lines down."""
    if not bulletin.masthead:
        return []
    name = bulletin.masthead
    width = TEXT_WIDTH_MM / 25.4 * 72  # points
    size = max(MASTHEAD_MIN_PT, min(MASTHEAD_PT, int(width / max(len(name), 1) * 2) / 2))
    lines = -(-len(name) // int(width // size))  # lines it takes at that size
    step = -(-len(name) // lines)  # characters a line, the lines as even as they can be
    broken = f"<w:r>{_rpr(XIAOBIAOSONG, size, False, RED)}<w:br/></w:r>".join(
        _run(name[i:i + step], XIAOBIAOSONG, size, color=RED) for i in range(0, len(name), step))
    red_rule = _rule("bottom", color=RED, eighths=12, space=11)  # 1.5 pt, 11 pt ≈ 4 mm below
    last = not bulletin.number
    out = [_paragraph(broken, borders=red_rule if last else "", spacing=_SINGLE, jc="center")]
    if bulletin.number:
        out += [_paragraph(), _paragraph(), _paragraph(_run(bulletin.number), borders=red_rule, jc="center")]
    return out + [_paragraph(), _paragraph()]


def _body(bulletin: Draft) -> list[str]:
    """The body's paragraphs and tables, in order: the 版头, title, addressees, blocks,
    signature and date, the 版记 (colophon)."""
    out = [*_masthead(bulletin), _paragraph(_run(bulletin.title, XIAOBIAOSONG, 22), spacing=f'<w:spacing w:line="{_pt(35)}" '
                      'w:lineRule="exact"/>', jc="center"), _paragraph()]
    if bulletin.addressees:
        out.append(_paragraph(_run(bulletin.addressees)))
    for n, (kind, content) in enumerate(bulletin.blocks, start=1):
        if kind == "p":  # the last with the signature: never a page of signature alone
            out.append(_indented(content, keep_next=n == len(bulletin.blocks)))
        elif kind == "h1":
            out.append(_indented(content, HEITI, keep_next=True))
        elif kind == "h2":
            out.append(_indented(content, KAITI, keep_next=True))
        else:
            table: Table = content
            out += [_paragraph(_run(table.caption, FANGSONG, 12, bold=True), spacing=_SINGLE, jc="center",
                               keep_next=True),
                    _table(table), _paragraph()]
    colophon = f'<w:ind w:left="{_pt(14)}"/>'
    tab = f'<w:tabs><w:tab w:pos="{round(TEXT_WIDTH_MM * _TWIPS_PER_MM) - _pt(14)}" w:val="right"/></w:tabs>'
    out += [_paragraph(keep_next=True), _paragraph(keep_next=True),  # from here on, one page
            _paragraph(_run(bulletin.office), ind=f'<w:ind w:right="{_pt(16 * 6)}"/>', jc="right", keep_next=True),
            _paragraph(_run(bulletin.date), ind=f'<w:ind w:right="{_pt(16 * 4)}"/>', jc="right", keep_next=True),
            _paragraph(keep_next=True),
            _paragraph(_run(B["cc"].format(cc=bulletin.cc), FANGSONG, 14), borders=_rule("top", "bottom"),
                       ind=colophon, keep_next=True),
            _paragraph(_run(B["printed"].format(office=bulletin.office), FANGSONG, 14)
                       + _run("\t" + B["printed_date"].format(date=bulletin.date), FANGSONG, 14),
                       borders=_rule("bottom"), tabs=tab, ind=colophon)]
    return out


TABLE_TEXT, TABLE_HEADING = "Table Text", "Table Heading"  # paragraph styles of table cells
TABLE_TEXT_ID, TABLE_HEADING_ID = "TableText", "TableHeading"  # their ids, as python-docx makes them


def _only_styles(doc, used: tuple[str, ...]) -> None:
    """Drop the styles no draft uses (python-docx's blank document brings 166, a hundred of
    them table styles: 350 kB of styles.xml to serialise and compress with every document).
    Kept: the defaults, the `used` style ids, and those they are based on or linked to."""
    from docx.oxml.ns import qn

    root = doc.styles.element
    styles = {el.get(qn("w:styleId")): el for el in root.iterchildren(qn("w:style"))}
    keep = {i for i, el in styles.items() if el.get(qn("w:default")) == "1"}
    todo = [*keep, *used]
    while todo:
        style = styles[todo.pop()]
        keep.add(style.get(qn("w:styleId")))
        for ref in ("w:basedOn", "w:link", "w:next"):
            found = style.find(qn(ref))
            if found is not None and found.get(qn("w:val")) not in keep:
                todo.append(found.get(qn("w:val")))
    for style_id, el in styles.items():
        if style_id not in keep:
            root.remove(el)


def _table_styles(doc) -> None:
    """The cells' paragraph styles: 仿宋 五号, centred, single spacing, no indent; the heading
    row's in bold."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    text = doc.styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
    text.base_style = doc.styles["Normal"]
    text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    text.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    text.paragraph_format.first_line_indent = Pt(0)
    _font(text.element, FANGSONG, 10.5)
    heading = doc.styles.add_style(TABLE_HEADING, WD_STYLE_TYPE.PARAGRAPH)
    heading.base_style = text
    _font(heading.element, FANGSONG, 10.5, bold=True)


def _table(table: Table) -> str:
    """A table of the body: its rows made from text built once per distinct shape of row
    (which cells are empty, heading or not). The cells' formatting is in the two table
    styles, not repeated in each run."""
    count = len(table.header)
    widths = ([round(w * _TWIPS_PER_MM) for w in table.widths] if table.widths
              else [round(TEXT_WIDTH_MM * _TWIPS_PER_MM / count)] * count)
    shapes: dict[tuple[bool, tuple[bool, ...]], str] = {}

    def row(heading: bool, values: tuple[str, ...]) -> str:
        shape = (heading, tuple(not v for v in values))
        template = shapes.get(shape)
        if template is None:
            style = TABLE_HEADING_ID if heading else TABLE_TEXT_ID
            template = shapes[shape] = "<w:tr>" + "".join(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr><w:p><w:pPr><w:pStyle w:val="{style}"/>'
                "</w:pPr>" + ("" if empty else "<w:r>%s</w:r>") + "</w:p></w:tc>"
                for width, empty in zip(widths, shape[1], strict=True)) + "</w:tr>"
        return template % tuple(_text(v) for v in values if v)

    grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in widths)
    layout = '<w:tblLayout w:type="fixed"/>' if table.widths else ""
    return ('<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/><w:jc w:val="center"/>'
            f'{layout}<w:tblLook w:firstColumn="1" w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" '
            f'w:noVBand="1" w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
            + row(True, table.header) + "".join(row(False, values) for values in table.rows) + "</w:tbl>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
