"""Render what staff see to PNG: the bulletin's first page, the year-end commendation's first
page, a unit's statement, the 排名 sheet with its chart, and (without BOOK) the first page of
next year's first bulletin with its year-over-year (同比) figures.

    python scripts/render_previews.py [BOOK] [--out DIR] [--quarter N] [--number N]

Without BOOK it builds the demonstration year first, with 参数 发文字号前缀 set to 慈政办 and
the bulletin numbered 12, so the 版头 shows its 发文字号 line (--number N: the bulletin's number). Needs LibreOffice (soffice) and
pdftoppm (Debian: libreoffice-calc-nogui libreoffice-writer-nogui poppler-utils
fonts-noto-cjk). Writes DIR/bulletin.pdf, DIR/bulletin-page1.png, DIR/commendation.pdf,
DIR/commendation-page1.png (only when no unit is still 并列待定), DIR/statement.pdf,
DIR/statement-page1.png, DIR/ranking.pdf, DIR/ranking.png and, without BOOK,
DIR/bulletin-yoy-page1.png (DIR defaults to previews/).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from xlsheet import api
from xlsheet import schema as S
from xlsheet.demo import write_demo
from xlsheet.documents.layout import substitute_fonts
from xlsheet.io.xlsx import sheet_parts


def _soffice_pdf(source: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(out_dir), str(source)],
                       check=True, capture_output=True, timeout=300)
    pdf = out_dir / (source.stem + ".pdf")
    if not pdf.exists():
        raise SystemExit(f"LibreOffice did not convert {source}")
    return pdf


def _first_page_png(pdf: Path, png: Path) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", "200", "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True, timeout=120)
    return png


def ranking_only(book: Path, out: Path) -> Path:
    """A copy of `book` that prints only 排名, landscape, one page wide."""
    with zipfile.ZipFile(book) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    names = sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])
    workbook = parts["xl/workbook.xml"].decode("utf-8")
    order = re.findall(r'<sheet [^>]*name="([^"]+)"', workbook)
    workbook = re.sub(r'(<sheet [^>]*name="(?!' + S.RANKING + r'")[^"]+"[^>]*?) state="visible"',
                      r'\1 state="hidden"', workbook)
    workbook = re.sub(r'activeTab="\d+"', f'activeTab="{order.index(S.RANKING)}"', workbook)
    parts["xl/workbook.xml"] = workbook.encode("utf-8")
    sheet = parts[names[S.RANKING]].decode("utf-8")
    sheet = re.sub(r"<pageSetup[^>]*/>", "", sheet)
    sheet = sheet.replace("<pageSetUpPr/>", '<pageSetUpPr fitToPage="1"/>')
    sheet = sheet.replace("</worksheet>", "")
    sheet = re.sub(r"(<pageMargins[^>]*/>)", r'\1<pageSetup paperSize="9" orientation="landscape" '
                   r'fitToWidth="1" fitToHeight="0"/>', sheet) + "</worksheet>"
    parts[names[S.RANKING]] = sheet.encode("utf-8")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    return out


def with_number_prefix(book: Path, prefix: str) -> Path:
    """`book` with 参数 发文字号前缀 set to `prefix`, recalculated."""
    import openpyxl

    wb = openpyxl.load_workbook(book, keep_vba=True)
    params = wb[S.PARAMS]
    row = next(r for r in params.iter_rows(min_row=2) if r[0].value == S.K_NUMBER_PREFIX)
    row[1].value = prefix
    wb.save(book)
    api.recalc(book)
    return book


def render(book: Path, out_dir: Path, quarter: int | None = None, number: int | None = None) -> dict[str, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        docx = api.report(book, quarter, tmp_dir / "bulletin-official-fonts.docx", number=number)
        bulletin = substitute_fonts(docx, tmp_dir / "bulletin.docx")
        pdf = shutil.copy2(_soffice_pdf(bulletin, tmp_dir), out_dir / "bulletin.pdf")
        ranking_pdf = _soffice_pdf(ranking_only(book, tmp_dir / "ranking.xlsm"), tmp_dir)
        ranking_pdf = shutil.copy2(ranking_pdf, out_dir / "ranking.pdf")
        [unit_statement] = api.statements(book, quarter, api.check(book).inputs.units[0].name, tmp_dir / "statement")
        statement = Path(shutil.copy2(_soffice_pdf(substitute_fonts(unit_statement, tmp_dir / "statement.docx"),
                                                   tmp_dir), out_dir / "statement.pdf"))
        year_end = api.year_end(book, tmp_dir / "commendation-official-fonts.docx")
        commendation = None
        if not year_end.pending:
            docx = substitute_fonts(year_end.written[0], tmp_dir / "commendation.docx")
            commendation = Path(shutil.copy2(_soffice_pdf(docx, tmp_dir), out_dir / "commendation.pdf"))
    found = {"bulletin.pdf": Path(pdf),
             "bulletin-page1.png": _first_page_png(Path(pdf), out_dir / "bulletin-page1.png"),
             "ranking.pdf": Path(ranking_pdf),
             "ranking.png": _first_page_png(Path(ranking_pdf), out_dir / "ranking.png"),
             "statement.pdf": statement,
             "statement-page1.png": _first_page_png(statement, out_dir / "statement-page1.png")}
    if commendation is not None:
        found["commendation.pdf"] = commendation
        found["commendation-page1.png"] = _first_page_png(commendation, out_dir / "commendation-page1.png")
    return found


def next_year_demo(book: Path, out: Path) -> Path:
    """Next year's workbook from `book`, with `book`'s first-quarter adoptions typed again a
    year later: a first bulletin of the new year that has 同比 figures to show."""
    import openpyxl

    path = api.next_year(book, out)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    adoptions = wb[S.ADOPTIONS]
    source = api.check(book)
    for a in source.inputs.adoptions:
        if a.date.month <= 3 and a.row % 3:  # about two in three of them
            adoptions.append([a.number, a.unit, a.title, a.category, "、".join(a.informants), a.level,
                              a.publication, a.date.replace(year=a.date.year + 1), None, ""])
    wb.save(path)
    api.recalc(path)
    return path


def render_year_over_year(book: Path, out_dir: Path) -> Path:
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        docx = api.report(next_year_demo(book, tmp_dir / "next.xlsm"), 1, tmp_dir / "yoy-official-fonts.docx")
        pdf = _soffice_pdf(substitute_fonts(docx, tmp_dir / "bulletin-yoy.docx"), tmp_dir)
        return _first_page_png(pdf, out_dir / "bulletin-yoy-page1.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("book", nargs="?", type=Path)
    parser.add_argument("--out", type=Path, default=Path("previews"))
    parser.add_argument("--quarter", type=int, choices=(1, 2, 3, 4))
    parser.add_argument("--number", type=int, help="the bulletin's 发文字号 number (default: 12 for the demo)")
    args = parser.parse_args()
    book = args.book
    if book is None:
        args.out.mkdir(parents=True, exist_ok=True)
        book = with_number_prefix(write_demo(args.out / "demo.xlsm"), "慈政办")
        args.number = args.number or 12
    found = render(book, args.out, args.quarter, args.number)
    if args.book is None:
        found["bulletin-yoy-page1.png"] = render_year_over_year(book, args.out)
    for name, path in found.items():
        print(f"{name}: {path}")


if __name__ == "__main__":
    main()
