"""A recalculation changes the output sheets and nothing else, and never leaves a half-written file."""

import datetime as dt
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import time
import zipfile
import zlib
from pathlib import Path

import pytest
from helpers import YEAR, ad, book, rows_for, skip_or_fail
from openpyxl.chart import BarChart, Reference
from openpyxl.comments import Comment
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.workbook.defined_name import DefinedName
from python_calamine import CalamineWorkbook

from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.io.atomic import HOST, PREFIX
from xlsheet.io.bound import bound_charts
from xlsheet.io.file import backup_path
from xlsheet.io.xlsx import sheet_parts
from xlsheet.template import _fill, build_workbook, save_xlsm


def rich_book(path: Path, adoptions=None) -> Path:
    """A workbook as staff keep it: their own chart, comment, conditional format and name."""
    wb = build_workbook(YEAR)
    rows = rows_for(adoptions=adoptions if adoptions is not None else [
        ad("观海卫镇", "《每日要讯》", no=str(i), date=dt.date(2026, 1 + i % 12, 3)) for i in range(30)])
    for sheet in (S.ADOPTIONS,):
        _fill(wb[sheet], rows[sheet])
    mine = wb.create_sheet("我的分析")
    mine["A1"] = "各单位基础分"
    chart = BarChart()
    chart.add_data(Reference(wb[S.UNITS], min_col=3, min_row=1, max_row=20), titles_from_data=True)
    mine.add_chart(chart, "B3")
    wb[S.ADOPTIONS]["B2"].comment = Comment("请核对单位名称", "信息科")
    wb[S.ADOPTIONS].conditional_formatting.add(
        "H2:H5000", CellIsRule(operator="lessThan", formula=["DATE(2026,1,1)"],
                               fill=PatternFill("solid", fgColor="FFC7CE")))
    wb.defined_names["我的单位"] = DefinedName("我的单位", attr_text="'单位'!$A$2:$A$73")
    return save_xlsm(wb, path, YEAR)


def test_a_table_made_of_an_output_range_follows_the_rows(tmp_path):
    from openpyxl.worksheet.table import Table

    wb = build_workbook(YEAR)
    rows = rows_for(units=[("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("甲局", S.DEPARTMENT, 60)])
    _fill(wb[S.UNITS], rows[S.UNITS])
    wb[S.UNITS].delete_rows(len(rows[S.UNITS]) + 2, 200)
    scores = wb[S.SCORES]
    scores.add_table(Table(displayName="单位得分表", ref=f"A1:P{len(defaults.UNITS) + 1}"))
    path = save_xlsm(wb, tmp_path / "t.xlsm", YEAR)
    assert xlsheet("recalc", path).returncode == 0
    parts = members(path)
    table = next(v for k, v in parts.items() if k.startswith("xl/tables/")).decode()
    assert 'ref="A1:P4"' in table and '<autoFilter ref="A1:P4"' in table
    assert CalamineWorkbook.from_path(str(path)).get_sheet_by_name(S.SCORES).to_python()[3][0] == "甲局"


def members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def xlsheet(*args):
    exe = shutil.which("xlsheet")
    cmd = [exe] if exe else [sys.executable, "-m", "xlsheet"]
    return subprocess.run(cmd + ["-q", *map(str, args)], capture_output=True, text=True, timeout=300)


def output_parts(path):
    parts = members(path)
    names = sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])
    return {names[s] for s in S.OUTPUT_SHEETS}


def test_only_owned_parts_change_and_everything_else_is_byte_identical(tmp_path):
    path = rich_book(tmp_path / "rich.xlsm")
    before = members(path)
    assert {"xl/vbaProject.bin", "customUI/customUI14.xml"} <= set(before)
    assert any(n.startswith("xl/charts/") for n in before) and any("comments" in n for n in before)
    done = xlsheet("recalc", path)
    assert done.returncode == 0, done.stderr
    after = members(path)
    assert set(after) == set(before)
    changed = {n for n in before if before[n] != after[n]}
    assert changed == output_parts(path)
    assert b"customUI/customUI14.xml" in after["_rels/.rels"]
    assert "我的单位" in after["xl/workbook.xml"].decode()
    book = CalamineWorkbook.from_path(str(path))
    assert len(book.get_sheet_by_name(S.ADOPTIONS).to_python()) == 31
    assert book.get_sheet_by_name(S.SCORES).to_python()[1][0] == "观海卫镇"
    assert xlsheet("recalc", path).returncode == 0
    assert members(path) == after
    assert members(backup_path(path)) == after  # the backup is the previous version


def test_read_only_book_exits_2_writing_nothing(tmp_path):
    path = rich_book(tmp_path / "ro.xlsm", adoptions=[])
    original = path.read_bytes()
    path.chmod(0o444)
    done = xlsheet("recalc", path)
    assert done.returncode == 2
    assert done.stderr.strip() == S.M["readonly"].format(path=path)
    assert path.read_bytes() == original and not backup_path(path).exists()


def test_missing_output_sheet_exits_2_before_any_backup(tmp_path):
    import openpyxl

    path = tmp_path / "m.xlsx"
    wb = build_workbook(YEAR)
    del wb[S.INFORMANTS]
    wb.save(path)
    original = path.read_bytes()
    done = xlsheet("recalc", path)
    assert done.returncode == 2
    assert done.stderr.strip() == S.M["missing_sheet"].format(sheet=S.INFORMANTS)
    assert path.read_bytes() == original and not backup_path(path).exists()
    assert openpyxl.load_workbook(path).sheetnames  # still a workbook


def _run_and_kill(cmd, path, after_temp: float | None, after_start: float = 0.0) -> bool:
    """Start a recalculation and SIGKILL it: `after_temp` seconds after the new workbook's
    temporary file appears (the workbook is being written; the backup comes at its end), or
    `after_start` seconds after it starts. True when the kill left a temporary file
    behind, i.e. it landed during a write."""
    folder = path.parent
    proc = subprocess.Popen(cmd + ["-q", "recalc", str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    if after_temp is None:
        time.sleep(after_start)
    else:
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            writing = any(p.name.startswith(".~xlsheet-") for p in folder.iterdir())
            if writing:
                time.sleep(after_temp)
                break
            time.sleep(0.0005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    return any(p.name.startswith(".~xlsheet-") for p in folder.iterdir())


def test_killed_at_any_moment_the_book_stays_whole(tmp_path):
    adoptions = [ad("观海卫镇" if i % 3 else "公安局", "《每日要讯》", no=f"k{i}", date=dt.date(2026, 1 + i % 12, 5))
                 for i in range(20000)]
    source = rich_book(tmp_path / "source.xlsm", adoptions=adoptions)
    original = members(source)
    exe = shutil.which("xlsheet")
    cmd = [exe] if exe else [sys.executable, "-m", "xlsheet"]
    plan = [(None, 0.2), (None, 0.5)] + [(delay, 0.0) for delay in (0, 0, 0.001, 0.002, 0.005, 0.01, 0.02)]
    interrupted_writes = 0
    for k, (after_temp, after_start) in enumerate(plan):
        folder = tmp_path / f"run{k}"
        folder.mkdir()
        path = folder / "book.xlsm"
        shutil.copy2(source, path)
        interrupted_writes += _run_and_kill(cmd, path, after_temp, after_start)
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None
        now = members(path)
        if now != original:  # the run finished: then it is the whole new version
            assert set(now) == set(original)
            assert {n for n in now if now[n] != original[n]} <= output_parts(path)
        backup = backup_path(path)
        assert not backup.exists() or members(backup) == original  # a backup is only ever whole
    assert interrupted_writes >= 3, "the kills did not land while files were being written"


@pytest.mark.skipif(os.name != "posix", reason="lock files are tested on POSIX paths")
def test_lock_file_of_libreoffice_is_honoured(tmp_path):
    path = rich_book(tmp_path / "l.xlsm", adoptions=[])
    (tmp_path / f".~lock.{path.name}#").write_text("x")
    done = xlsheet("recalc", path)
    assert done.returncode == 2 and "正在被" in done.stderr


def test_formulas_on_an_output_sheet_drop_the_calculation_chain(tmp_path):
    path = rich_book(tmp_path / "f.xlsm", adoptions=[])
    parts = members(path)
    sheet = output_parts(path)
    scores = sorted(sheet, key=lambda n: int(re.search(r"(\d+)", n).group(1)))[0]
    parts[scores] = parts[scores].replace(b"</row>", b'<c r="Q1"><f>1+1</f><v>2</v></c></row>', 1)
    parts["xl/calcChain.xml"] = (b'<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                                 b'<c r="Q1" i="10"/></calcChain>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
                     b'officedocument.spreadsheetml.calcChain+xml"/></Types>')
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", b'<Relationship Id="rIdCalc" Type="http://schemas.openxmlformats.org/'
                             b'officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert xlsheet("recalc", path).returncode == 0
    after = members(path)
    assert "xl/calcChain.xml" not in after
    assert b"calcChain" not in after["[Content_Types].xml"] and b"calcChain" not in after["xl/_rels/workbook.xml.rels"]
    assert b"<f>" not in after[scores]
    assert after["xl/vbaProject.bin"] == parts["xl/vbaProject.bin"]


def _png(width: int, height: int) -> bytes:
    """A small RGB picture, as PNG: blue to red from left to right."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    row = b"".join(bytes((255 * x // width, 80, 255 - 255 * x // width)) for x in range(width))
    pixels = zlib.compress(b"".join(b"\x00" + row for _ in range(height)))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def test_a_pivot_table_and_a_picture_saved_by_libreoffice_survive_byte_for_byte(tmp_path):
    """Staff on LibreOffice add a pivot table and a picture and save: the package is
    LibreOffice's own (shared strings, its own chart and sheet XML), and still only owned
    parts change."""
    python = shutil.which("python3", path="/usr/bin")
    usable = shutil.which("soffice") and python and subprocess.run([python, "-c", "import uno"]).returncode == 0
    if not usable:
        skip_or_fail("LibreOffice (soffice) with python3-uno is not installed here")
    adoptions = [ad(unit, "《每日要讯》", no=str(i), date=dt.date(YEAR, 1 + i % 12, 5))
                 for i, unit in enumerate(["观海卫镇", "周巷镇", "公安局", "信访局"] * 10)]
    source = book(tmp_path / "source.xlsm", adoptions=adoptions)
    picture = tmp_path / "logo.png"
    picture.write_bytes(_png(40, 24))
    path = tmp_path / "edited.xlsm"
    made = subprocess.run([python, str(Path(__file__).parent / "office" / "staff_edits.py"), str(source), str(path),
                           S.ADOPTIONS, f"A1:J{len(adoptions) + 1}", "透视", str(picture)],
                          capture_output=True, text=True, timeout=240)
    assert made.returncode == 0, made.stderr
    before = members(path)
    pivots = {n for n in before if n.startswith(("xl/pivotCache/", "xl/pivotTables/"))}
    assert {"xl/pivotCache/pivotCacheDefinition1.xml", "xl/pivotTables/pivotTable1.xml"} <= pivots
    media = {n for n in before if n.startswith("xl/media/")}
    assert media and any(b"<xdr:pic>" in before[n] for n in before if n.startswith("xl/drawings/drawing"))
    assert "xl/sharedStrings.xml" in before and "xl/vbaProject.bin" in before
    done = xlsheet("recalc", path)
    assert done.returncode == 0, done.stderr
    after = members(path)
    assert set(after) == set(before)
    owned = output_parts(path)
    owned |= {chart for part in set(owned) for chart in bound_charts(after.get, part)}
    changed = {n for n in before if before[n] != after[n]}
    assert changed <= owned and output_parts(path) <= changed
    assert all(before[n] == after[n] for n in pivots | media)
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(S.SCORES).to_python()
    assert {row[0] for row in grid[1:]} >= {"观海卫镇", "周巷镇", "公安局", "信访局"}


def test_what_a_killed_run_left_is_removed_by_the_next_one(tmp_path):
    path = rich_book(tmp_path / "b.xlsm", adoptions=[])
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    stale = tmp_path / f"{PREFIX}{gone.pid}-{HOST}-abc.xlsm"
    running = tmp_path / f"{PREFIX}{os.getpid()}-{HOST}-def.xlsm"
    elsewhere = tmp_path / f"{PREFIX}{gone.pid}-otherpc-ghi.xlsm"
    for leftover in (stale, running, elsewhere):
        leftover.write_bytes(b"half a workbook")
    assert xlsheet("recalc", path).returncode == 0
    assert not stale.exists()
    assert running.exists() and elsewhere.exists()  # a live writer here, and one on another computer
