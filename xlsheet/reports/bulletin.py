"""The quarterly bulletin (通报, scheme 二(八)): composed from the results, written as a Word draft.

`compose` is pure: results in, a `Bulletin` (title, blocks of text and tables) out.
`write_docx` lays it out after GB/T 9704-2012 with python-docx: A4, margins 37/28 mm,
仿宋 size 3 body on a 22-line grid, 小标宋 size 2 title, 黑体/楷体 headings, tables
with captions, signature and date, the colophon between rules, page numbers
"— 1 —" on the outer side. The official fonts are named in the document; Word or
LibreOffice substitute where they are missing, and `substitute_fonts` makes a copy
that names fonts this machine has, for rendering to PDF.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .. import schema as S
from ..render import Outcome
from ..values import format_number, format_percent
from .quarterly import latest_quarter, quarterly

B = S.BULLETIN
AHEAD_BEHIND = 3  # units named as ahead and as slow, more where units tie at the cut
NAMED_AT_MOST = 10  # more slow units than this (all tied at the cut) are counted, not named

FANGSONG, XIAOBIAOSONG, HEITI, KAITI, SONGTI = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312", "宋体"
# Fonts a Linux machine has (Debian's fonts-noto-cjk) for each official font.
FALLBACKS = {FANGSONG: "Noto Serif CJK SC", XIAOBIAOSONG: "Noto Serif CJK SC", SONGTI: "Noto Serif CJK SC",
             KAITI: "Noto Serif CJK SC", HEITI: "Noto Sans CJK SC"}


@dataclass(frozen=True)
class Table:
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Bulletin:
    title: str
    addressees: str
    blocks: tuple[tuple[str, object], ...]  # ("p" | "h1" | "h2", text) or ("table", Table)
    office: str
    date: str
    cc: str
    year: int
    quarter: int
    tables: tuple[Table, ...] = field(default_factory=tuple)

    @property
    def file_name(self) -> str:
        return B["file_name"].format(year=self.year, quarter=S.QUARTER_NAMES[self.quarter - 1])


def _date_text(day: dt.date) -> str:
    return B["date"].format(year=day.year, month=day.month, day=day.day)


def quarter_end(year: int, quarter: int) -> dt.date:
    month = quarter * 3
    return (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1))


def compose(outcome: Outcome, quarter: int | None = None, issued: dt.date | None = None) -> Bulletin:
    """The bulletin for `quarter` (default: the latest quarter with a dated adoption)."""
    rules = outcome.inputs.rules
    quarter = quarter or latest_quarter(outcome.ledger)
    end = quarter_end(rules.year, quarter)
    issued = issued or dt.date.today()
    rows = quarterly(outcome.inputs.units, outcome.ledger, quarter)
    adoptions = [a for a in outcome.inputs.adoptions if a.date <= end]
    levels = {level: sum(1 for a in adoptions if a.level == level) for level in S.LEVELS}
    instructions = [i for i in outcome.inputs.instructions if i.date is None or i.date <= end]
    qname = S.QUARTER_NAMES[quarter - 1]

    def group(category: str) -> list:
        members = [r for r in rows if r.unit.category == category]
        if category == S.OTHER:
            return sorted(members, key=lambda r: (-r.to_date, r.unit.name))
        return sorted(members, key=lambda r: (-(r.rate or 0), -r.to_date, r.unit.name))

    towns, depts, others = group(S.TOWN), group(S.DEPARTMENT), group(S.OTHER)
    done = {c: sum(1 for r in g if r.rate is not None and r.rate >= 1) for c, g in
            ((S.TOWN, towns), (S.DEPARTMENT, depts))}
    blocks: list[tuple[str, object]] = [
        ("p", B["opening"].format(year=rules.year, month=end.month)),
        ("h1", B["h_overall"]),
        ("p", B["overall"].format(
            year=rules.year, month=end.month, day=end.day, items=len({a.item for a in adoptions}),
            adoptions=len(adoptions), state=levels[S.LEVEL_STATE], province=levels[S.LEVEL_PROVINCE],
            city=levels[S.LEVEL_CITY], county=levels[S.LEVEL_COUNTY], instructions=len(instructions),
            towns_done=done[S.TOWN], depts_done=done[S.DEPARTMENT])),
        ("h1", B["h_units"]),
    ]
    tables = []
    numbered: dict[str, int] = {}  # group label -> its table's number
    for heading, label, members in ((B["h_towns"], B["group_towns"], towns), (B["h_depts"], B["group_depts"], depts),
                                    (B["h_others"], B["group_others"], others)):
        if not members:
            continue
        n = len(tables) + 1
        caption = B["caption"].format(n=n, group=label, quarter=qname)
        if members[0].unit.category == S.OTHER:
            body = tuple((str(i), r.unit.name, format_number(r.to_date)) for i, r in enumerate(members, 1))
            table = Table(caption, B["columns_other"], body)
        else:
            body = tuple((str(i), r.unit.name, format_number(r.unit.base), format_number(r.to_date),
                          format_percent(r.rate, 1)) for i, r in enumerate(members, 1))
            table = Table(caption, B["columns"], body)
        tables.append(table)
        numbered[label] = n
        blocks += [("h2", heading), ("table", table)]
        negative = [r.unit.name for r in members if r.to_date < 0]
        if negative:
            blocks.append(("p", B["negative"].format(names="、".join(negative),
                                                     ratio=format_percent(rules.notice_ratio))))
    blocks.append(("h1", B["h_progress"]))
    for label, members in ((B["group_towns"], towns), (B["group_depts"], depts)):
        if len(members) >= 2:
            blocks += _progress(label, members, numbered[label])
    blocks += [("h1", B["h_requests"]), ("p", B["requests"])]
    return Bulletin(B["title"].format(year=rules.year, quarter=qname), B["addressees"], tuple(blocks),
                    rules.office, _date_text(issued), rules.cc, rules.year, quarter, tuple(tables))


def _progress(label: str, members: list, table: int) -> list[tuple[str, object]]:
    """Who is ahead and who is slow, by completion rate. Where units tie at the cut, all of
    them are in (never an arbitrary few of them); a unit at 0% is never "ahead"; slow units
    all tied beyond NAMED_AT_MOST are counted instead of named."""
    def named(listed: list) -> str:
        return "、".join(B["unit_rate"].format(name=r.unit.name, rate=format_percent(r.rate, 1)) for r in listed)

    blocks: list[tuple[str, object]] = []
    rated = [r for r in members if r.rate is not None]
    ahead_cut = rated[min(AHEAD_BEHIND, len(rated)) - 1].rate
    ahead = [r for r in rated if r.rate >= ahead_cut and r.rate > 0]
    low = sorted(rated, key=lambda r: (r.rate, r.unit.name))
    behind_cut = low[min(AHEAD_BEHIND, len(low)) - 1].rate
    behind = [r for r in low if r.rate <= behind_cut and r not in ahead]
    if ahead:
        text = B["ahead"].format(group=label, names=named(ahead))
        if len(ahead) > AHEAD_BEHIND:
            text = text[:-1] + B["tied_count"].format(count=len(ahead)) + text[-1]
        blocks.append(("p", text))
    if len(behind) > NAMED_AT_MOST:
        blocks.append(("p", B["behind_many"].format(group=label, count=len(behind), table=table,
                                                    rate=format_percent(behind_cut, 1))))
    elif behind:
        text = B["behind"].format(group=label, names=named(behind))
        if len(behind) > AHEAD_BEHIND:
            text = text.replace("，请抓紧", B["tied_count"].format(count=len(behind)) + "，请抓紧")
        blocks.append(("p", text))
    return blocks


# --- the Word document ---------------------------------------------------------------------


def write_docx(bulletin: Bulletin, path: str | Path) -> Path:
    """Lay the bulletin out as a .docx (GB/T 9704-2012 layout) at `path`, atomically."""
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Mm, Pt

    from ..io.atomic import atomic_write

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
            for r, values in enumerate((table.header, *table.rows)):
                for c, value in enumerate(values):
                    cell = grid.cell(r, c)
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
