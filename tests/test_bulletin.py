"""The quarterly bulletin (.docx), the chart on 排名 and the preview script."""

import datetime as dt
import re
import shutil
import subprocess
import sys
import zipfile
from fractions import Fraction
from pathlib import Path

import pytest
from docx import Document
from docx.shared import Mm
from helpers import ad, book, skip_or_fail
from python_calamine import CalamineWorkbook

from xlsheet import api
from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.documents.bulletin import compose, file_name
from xlsheet.documents.layout import substitute_fonts
from xlsheet.values import format_rate

ROOT = Path(__file__).resolve().parent.parent
CITY = S.LEVEL_CITY


def _year_of_adoptions():
    rows = []
    for i, (name, *_) in enumerate(defaults.UNITS):
        for k in range(i % 7):
            rows.append(ad(name, "《参阅》（普刊）", CITY, no=f"{i}-{k}", date=dt.date(2026, 1 + (i + k) % 6, 9)))
    return rows


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    path = book(tmp_path_factory.mktemp("bulletin") / "b.xlsm", adoptions=_year_of_adoptions())
    assert api.recalc(path).outcome.inputs.errors == 0
    return path


def test_docx_tables_match_the_workbook(recalculated, tmp_path):
    out = api.report(recalculated, quarter=1, out=tmp_path / "q1.docx", issued=dt.date(2026, 4, 8))
    doc = Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "关于2026年第一季度全县政务信息录用情况的通报" in text
    assert "各镇（街道）、县政府各部门、各直属单位：" in text and "2026年4月8日" in text
    assert "抄送：县委办公室。" in text
    section = doc.sections[0]
    for got, want in ((section.page_width, 210), (section.page_height, 297), (section.top_margin, 37),
                      (section.left_margin, 28)):
        assert abs(got - Mm(want)) < Mm(0.1)
    towns, depts = doc.tables[0], doc.tables[1]
    assert [c.text for c in towns.rows[0].cells] == list(S.BULLETIN["columns"])
    assert len(towns.rows) == 1 + 19 and len(depts.rows) == 1 + 53
    quarterly = CalamineWorkbook.from_path(str(recalculated)).get_sheet_by_name(S.QUARTERLY).to_python()
    q1 = {row[0]: row[3] for row in quarterly[1:]}
    bases = {row[0]: row[2] for row in quarterly[1:]}
    for table in (towns, depts):
        for row in table.rows[1:]:
            name, base, total, rate = (c.text for c in row.cells[1:])
            assert float(total) == q1[name] and float(base) == bases[name]
            assert rate == format_rate(Fraction(str(q1[name])) / Fraction(str(bases[name])), 1)  # 90.0%, 146.7%
        rates = [float(r.cells[4].text.rstrip("%")) for r in table.rows[1:]]
        assert rates == sorted(rates, reverse=True)


def test_default_quarter_and_name(recalculated):
    bulletin = compose(api.check(recalculated))
    assert bulletin.quarter == 2 and file_name(2026, 2) == "2026年第二季度政务信息录用情况通报.docx"


def test_report_command(recalculated):
    exe = shutil.which("xlsheet")
    cmd = [exe] if exe else [sys.executable, "-m", "xlsheet"]
    done = subprocess.run(cmd + ["-q", "report", str(recalculated), "--quarter", "2"], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert (recalculated.parent / "2026年第二季度政务信息录用情况通报.docx").exists()


def test_fallback_fonts_copy(recalculated, tmp_path):
    out = api.report(recalculated, out=tmp_path / "b.docx")
    copy = substitute_fonts(out, tmp_path / "fallback.docx")
    with zipfile.ZipFile(out) as a, zipfile.ZipFile(copy) as b:
        original, fallback = a.read("word/document.xml").decode(), b.read("word/document.xml").decode()
    assert "仿宋_GB2312" in original and "方正小标宋简体" in original
    assert "仿宋_GB2312" not in fallback and "Noto Serif CJK SC" in fallback


def _chart(path):
    with zipfile.ZipFile(path) as z:
        return z.read("xl/charts/chart1.xml").decode(), z.read("xl/drawings/_rels/drawing1.xml.rels").decode()


def test_chart_on_ranking_is_bound_to_ranking_and_survives_recalculation(tmp_path):
    units = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("甲局", S.DEPARTMENT, 50), ("气象局", S.OTHER, None)]
    path = book(tmp_path / "c.xlsm", units=units, adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    for _ in range(2):
        assert api.recalc(path).outcome.inputs.errors == 0
        chart, rels = _chart(path)
        refs = re.findall(r"<f>([^<]*)</f>", chart)
        assert refs and all(r.startswith("'排名'!") for r in refs)
        assert {r for r in refs if ":" in r} == {"'排名'!$C$2:$C$4", "'排名'!$K$2:$K$4", "'排名'!$L$2:$L$4",
                                                 "'排名'!$M$2:$M$4"}
        assert "charts/chart1.xml" in rels
    ranking = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(S.RANKING).to_python()
    assert [r[2] for r in ranking[1:4]] == ["甲镇", "乙镇", "甲局"] and ranking[4][2] == "气象局"
    assert [r[12] for r in ranking[1:5]] == [1.0, 1.0, 1.0, ""]


def _office_ready():
    return shutil.which("soffice") and shutil.which("pdftoppm")


def test_docx_converts_to_pdf_and_previews_render(recalculated, tmp_path):
    if not _office_ready():
        skip_or_fail("LibreOffice or pdftoppm is not installed here")
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "render_previews.py"), str(recalculated),
                           "--out", str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert api.year_end(recalculated, tmp_path / "probe.docx").pending == ()  # so the commendation is rendered
    for name in ("bulletin.pdf", "ranking.pdf", "commendation.pdf"):
        assert (tmp_path / name).read_bytes()[:5] == b"%PDF-"
    for name in ("bulletin-page1.png", "ranking.png", "commendation-page1.png", "statement-page1.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert (tmp_path / name).stat().st_size > 20000
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, str(tmp_path / "bulletin.pdf"), "-"], capture_output=True,
                              text=True).stdout
        assert "政务信息录用情况" in text and re.search(r"表\s*1", text)
        assert text.index("县人民政府办公室") < text.index("政务信息录用情况")  # the 版头 above the title
        text = subprocess.run([pdftotext, str(tmp_path / "commendation.pdf"), "-"], capture_output=True,
                              text=True).stdout
        assert "政务信息工作先进单位和先进个人的通报" in text.replace("\n", "")


def _progress_text(units, adoptions, notices=(), **params):
    from helpers import outcome

    bulletin = compose(outcome(units=units, adoptions=adoptions, notices=notices, **params), 1, dt.date(2026, 4, 8))
    return [b[1] for b in bulletin.blocks if b[0] == "p"]


def test_slow_units_tied_at_the_bottom_are_all_named_never_an_arbitrary_three():
    towns = [(f"{c}镇", S.TOWN, 100) for c in "甲乙丙丁戊己庚辛壬癸"]
    adoptions = [ad("甲镇", "《参阅》（普刊）", CITY, no="1", date="2026-02-01"),
                 ad("乙镇", "《每日要讯》", no="2", date="2026-02-01")]
    text = "\n".join(_progress_text(towns, adoptions))
    assert "完成率居前的是：甲镇（30.0%）、乙镇（5.0%）。" in text  # units at 0% are never "ahead"
    slow = [line for line in text.splitlines() if "进度较慢" in line][0]
    assert all(f"{c}镇（0.0%）" in slow for c in "丙丁戊己庚辛壬癸") and "共8个" in slow


@pytest.mark.parametrize(("places", "named"), [(0, True), (1, False)])
def test_units_that_show_the_same_rate_at_the_cut_are_named_together(places, named):
    """丁局 (126/250 = 50.4%) and 戊局 (125/250 = 50.0%) both show 50% at no decimals: a reader
    of the bulletin sees a tie, so both are slow; at one decimal they differ."""
    totals = {"甲局": (10, 10), "乙局": (10, 9), "丙局": (10, 8), "丁局": (250, 126), "戊局": (250, 125),
              "己局": (10, 4), "庚局": (20, 6)}
    units = [(name, S.DEPARTMENT, base) for name, (base, _) in totals.items()]
    adoptions = []
    for name, (_, total) in totals.items():
        fives = next(n for n in range(total // 5, -1, -1) if (total - 5 * n) % 2 == 0)
        adoptions += [ad(name, "《每日要讯》", no=f"{name}5{i}", date="2026-02-01") for i in range(fives)]
        adoptions += [ad(name, "转送信息", no=f"{name}2{i}", date="2026-02-01") for i in range((total - 5 * fives) // 2)]
    slow = [t for t in _progress_text(units, adoptions, **{S.K_RATE_PLACES: places}) if "进度较慢" in t][0]
    assert ("庚局" in slow and "己局" in slow and "戊局" in slow) and ("丁局" in slow) == named
    assert ("共4个" in slow) == named


def test_many_slow_units_are_counted():
    depts = [(f"部门{i:02d}", S.DEPARTMENT, 60) for i in range(14)]
    text = "\n".join(_progress_text(depts, [ad("部门00", "《每日要讯》", no="1", date="2026-01-05")]))
    assert "有13个单位完成率为0.0%及以下（见表1）" in text


def test_the_slow_are_chosen_by_completion_rate_not_by_points():
    units = [("甲局", S.DEPARTMENT, 200), ("乙局", S.DEPARTMENT, 30), ("丙局", S.DEPARTMENT, 60),
             ("丁局", S.DEPARTMENT, 60), ("戊局", S.DEPARTMENT, 60)]
    adoptions = ([ad("甲局", "《参阅》（普刊）", CITY, no=f"a{i}", date="2026-02-01") for i in range(2)]  # 30%
                 + [ad("乙局", "《每日要讯》", no="b", date="2026-02-01")]                              # 16.7%
                 + [ad(u, "《参阅》（普刊）", CITY, no=u, date="2026-02-01") for u in ("丙局", "丁局", "戊局")])
    slow = [t for t in _progress_text(units, adoptions) if "进度较慢" in t][0]
    assert slow.startswith("部门（单位）中，进度较慢的是：乙局（16.7%）、甲局（30.0%）")


def test_a_negative_total_says_it_comes_from_notice_deductions():
    units = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100)]
    text = "\n".join(_progress_text(units, [ad("乙镇", "《每日要讯》", no="1", date="2026-02-01")],
                                    notices=[("甲镇", S.NOTICE_COUNTY, "2026-02-01", "", "")]))
    assert "注：甲镇的累计得分为负数，系通报扣分（紧急信息迟报瞒报每次扣信息基础分的 30%）所致。" in text


def test_report_on_a_book_with_input_errors_exits_1_and_says_how_many_rows_were_left_out(tmp_path):
    from test_cli import xlsheet

    path = book(tmp_path / "e.xlsm", adoptions=[ad("观海卫镇", "《每日要讯》", no="1", date="2026-02-01"),
                                                ad("无此镇", "《每日要讯》", no="2", date="2026-02-01")])
    done = xlsheet("report", path, "--out", tmp_path / "q.docx")
    assert done.returncode == 1 and (tmp_path / "q.docx").exists()
    assert S.BULLETIN["left_out"].format(errors=1, sheet=S.CHECK) in done.stderr


def test_the_year_over_year_bulletin_page_renders(recalculated, tmp_path):
    """render_previews without a BOOK also renders next year's first bulletin with 同比."""
    if not _office_ready():
        skip_or_fail("LibreOffice or pdftoppm is not installed here")
    import importlib.util

    spec = importlib.util.spec_from_file_location("render_previews", ROOT / "scripts" / "render_previews.py")
    previews = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(previews)
    png = previews.render_year_over_year(recalculated, tmp_path)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 20000
    nxt = previews.next_year_demo(recalculated, tmp_path / "next.xlsm")
    text = "\n".join(p.text for p in Document(str(api.report(nxt, 1, tmp_path / "q1.docx"))).paragraphs)
    assert "与上年同期相比" in text
