"""End to end: build a workbook, run `xlsheet` as a user would, read the output sheets back."""

import os
import re
import shutil
import subprocess
import sys
import zipfile

import pytest
from helpers import ad, book, ins, outcome
from python_calamine import CalamineWorkbook

from xlsheet import schema as S
from xlsheet.io.file import backup_path
from xlsheet.io.xlsx import sheet_parts

T = ("甲镇", S.TOWN, 100)
D = ("甲局", S.DEPARTMENT, 60)


def xlsheet(*args, cwd=None):
    exe = shutil.which("xlsheet")
    cmd = [exe] if exe else [sys.executable, "-m", "xlsheet"]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run(cmd + ["-q", *map(str, args)], capture_output=True, text=True, cwd=cwd, env=env,
                          timeout=300)


def sheet(path, name):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python()


def output_parts(path):
    """Output sheet name -> its part in the package."""
    parts = members(path)
    found = sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])
    return {name: found[name] for name in S.OUTPUT_SHEETS}


def members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


ROWS = dict(units=[T, D, ("气象局", S.OTHER, None)],
            adoptions=[ad("甲镇", "《参阅》（普刊）", S.LEVEL_CITY, no="1", cat="经验做法", who="王伟、李强"),
                       ad("甲镇", "《政务情况交流》", S.LEVEL_STATE, no="2", who="王伟"),
                       ad("甲局", "《每日要讯》", no="3", title="=HYPERLINK(\"http://x\",\"点我\")"),
                       ad("甲局", "《每日要讯》", no="4", title="@SUM(A1)"),
                       ad("气象局", "《每日要讯》", no="5", title="+1-1")],
            instructions=[ins("1", S.LEADER_COUNTY)])


def test_recalc_writes_every_output_sheet(tmp_path):
    path = book(tmp_path / "考核.xlsm", **ROWS)
    before = members(path)
    done = xlsheet("recalc", path)
    assert done.returncode == 0, done.stderr
    assert "错误 0 条" in done.stdout
    expected = outcome(**ROWS).tables
    for name in S.OUTPUT_SHEETS:
        got = sheet(path, name)
        assert got[0] == list(dict((t.sheet, t.columns) for t in S.OUTPUT_TABLES)[name])
        assert len(got) == len(expected[name])
    scores = {r[0]: r for r in sheet(path, S.SCORES)[1:]}
    assert scores["甲镇"][7] == 30 + 100 + 10 and scores["甲镇"][9] == S.STATUS_DONE
    assert scores["甲局"][7] == 10 and scores["甲局"][14] == -0.5
    assert scores["气象局"][8] == "" and scores["气象局"][14] == ""
    assert members(backup_path(path)) == before
    # text that looks like a formula stays text
    titles = [r[4] for r in sheet(path, S.DETAIL)[1:]]
    assert '=HYPERLINK("http://x","点我")' in titles and "@SUM(A1)" in titles and "+1-1" in titles
    assert b"<f>" not in members(path)[output_parts(path)[S.DETAIL]]


def test_recalc_twice_changes_nothing(tmp_path):
    path = book(tmp_path / "b.xlsm", **ROWS)
    assert xlsheet("recalc", path).returncode == 0
    first = members(path)
    assert xlsheet("recalc", path).returncode == 0
    assert members(path) == first


def test_only_output_sheets_change(tmp_path):
    path = book(tmp_path / "b.xlsm", **ROWS)
    before = members(path)
    assert xlsheet("recalc", path).returncode == 0
    after = members(path)
    changed = {n for n in before if before[n] != after[n]}
    assert set(after) == set(before)
    # the six output sheets, and the chart on 排名, whose ranges now end at its last rated unit
    assert changed == set(output_parts(path).values()) | {"xl/charts/chart1.xml"}
    chart = after["xl/charts/chart1.xml"].decode()
    assert "'排名'!$K$2:$K$3" in chart and "'排名'!$C$2:$C$3" in chart and "$73" not in chart


def test_input_errors_exit_1_and_are_listed(tmp_path):
    rows = dict(ROWS, adoptions=ROWS["adoptions"] + [ad("乙镇", "《每日要讯》", no="9")])
    path = book(tmp_path / "e.xlsm", **rows)
    done = xlsheet("recalc", path)
    assert done.returncode == 1
    assert "信息录用 第7行 报送单位" in done.stderr
    problems = sheet(path, S.CHECK)
    assert problems[1][:4] == [S.ERROR, S.ADOPTIONS, 7, S.A_UNIT]


def test_out_leaves_the_book_untouched_and_check_writes_nothing(tmp_path):
    path = book(tmp_path / "b.xlsm", **ROWS)
    original = path.read_bytes()
    assert xlsheet("check", path).returncode == 0
    assert path.read_bytes() == original
    out = tmp_path / "result.xlsm"
    assert xlsheet("recalc", path, "--out", out).returncode == 0
    assert path.read_bytes() == original and not backup_path(path).exists()
    assert sheet(out, S.SCORES)[1][0] == "甲镇"


def test_missing_sheet_exits_2_writing_nothing(tmp_path):
    import openpyxl

    path = book(tmp_path / "m.xlsx", **ROWS)
    wb = openpyxl.load_workbook(path)
    del wb[S.NOTICES]
    wb.save(path)
    original = path.read_bytes()
    done = xlsheet("recalc", path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [S.M["missing_sheet"].format(sheet=S.NOTICES)]
    assert path.read_bytes() == original and not backup_path(path).exists()


def test_locked_and_unreadable_exit_2(tmp_path):
    path = book(tmp_path / "l.xlsm", **ROWS)
    original = path.read_bytes()
    (tmp_path / ("~$" + path.name)).write_bytes(b"owner")
    done = xlsheet("recalc", path)
    assert done.returncode == 2 and "正在被 Excel 或 WPS 打开" in done.stderr
    assert path.read_bytes() == original
    junk = tmp_path / "junk.xlsm"
    junk.write_bytes(b"not a workbook")
    done = xlsheet("recalc", junk)
    assert done.returncode == 2 and "无法读取" in done.stderr and "Traceback" not in done.stderr


def test_demo(tmp_path):
    done = xlsheet("demo", tmp_path / "demo")
    assert done.returncode == 0, done.stderr
    path = tmp_path / "demo" / "demo.xlsm"
    adoptions = sheet(path, S.ADOPTIONS)
    assert len(adoptions) > 1500
    scores = sheet(path, S.SCORES)[1:]
    results = [r[13] for r in scores]
    assert results.count(S.RESULT_DIRECT) == 1
    assert 0 < results.count(S.RESULT_ADVANCED) <= 6 + 15
    assert {r[1] for r in scores} == {S.TOWN, S.DEPARTMENT, S.OTHER}


@pytest.mark.parametrize("command", [["--help"], ["recalc", "--help"], ["demo", "--help"]])
def test_help(command):
    done = xlsheet(*command)
    assert done.returncode == 0 and "xlsheet" in done.stdout


def test_check_lists_warnings_as_well_as_errors(tmp_path):
    rows = dict(ROWS, adoptions=ROWS["adoptions"] + [ad("甲镇", "《每日要讯》", no="8", date="2025-12-30")])
    path = book(tmp_path / "w.xlsm", units=rows["units"] + [(S.PLACEHOLDER_TOWN, S.TOWN, 120)],
                adoptions=rows["adoptions"], instructions=rows["instructions"])
    done = xlsheet("check", path)
    assert done.returncode == 0, done.stderr
    assert f"{S.WARNING} {S.UNITS} 第5行 {S.U_NAME}" in done.stderr  # the 【待补】 town, before any recalc
    assert f"{S.WARNING} {S.ADOPTIONS} 第7行 {S.A_DATE}" in done.stderr


def _with_error_cells(path, sheet, cells):
    """`path` with the cells {(row, column letter): '#DIV/0!'...} of `sheet` made Excel error cells."""
    import re

    parts = members(path)
    part = sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])[sheet]
    xml = parts[part].decode()
    for (row, letter), text in cells.items():
        ref = f"{letter}{row}"
        xml, n = re.subn(rf'<c r="{ref}"[^>]*?(/>|>.*?</c>)', f'<c r="{ref}" t="e"><f>1/0</f><v>{text}</v></c>', xml)
        assert n == 1, ref
    parts[part] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def test_excel_error_cells_are_reported_as_such(tmp_path):
    path = book(tmp_path / "e.xlsm", units=[T], adoptions=[ad("甲镇", "《每日要讯》", no="1"),
                                                          ad("甲镇", "《每日要讯》", no="2"),
                                                          ad("甲镇", "《每日要讯》", no="3")])
    _with_error_cells(path, S.ADOPTIONS, {(2, "H"): "#DIV/0!", (3, "B"): "#N/A", (4, "A"): "#REF!"})
    done = xlsheet("check", path)
    assert done.returncode == 1
    assert "录用日期」是 Excel 错误值「#DIV/0!」" in done.stderr
    assert "报送单位」是 Excel 错误值「#N/A」" in done.stderr
    assert "信息编号」是 Excel 错误值「#REF!」" in done.stderr
    assert "为空" not in done.stderr


@pytest.mark.parametrize(("content", "words"), [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版 .xls 格式"),
    (b"PK\x03\x04" + b"\0" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet", ".ods 格式"),
    (b"not a workbook", "文件已损坏"),
    (None, "文件不存在"),
    ("folder", "这是一个文件夹"),
])
@pytest.mark.parametrize("command", ["check", "recalc"])
def test_unreadable_books_get_one_chinese_message_from_check_and_recalc_alike(tmp_path, content, words, command):
    path = tmp_path / "考核.xlsm"
    if content == "folder":
        path.mkdir()
    elif content is not None:
        path.write_bytes(content)
    done = xlsheet(command, path)
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert words in line and "未写入任何内容" in line
    assert not any(c.isascii() and c.isalpha() for c in line.replace(str(path), "").replace("xlsm", "")
                   .replace("xlsx", "").replace("xls", "").replace("ods", "").replace("Excel", "")
                   .replace("WPS", "").replace("LibreOffice", "")), line


def test_a_lock_names_the_program_and_a_stale_libreoffice_lock_says_so(tmp_path):
    import socket

    from xlsheet.io import locks

    path = book(tmp_path / "l.xlsm", **ROWS)
    lock = tmp_path / f".~lock.{path.name}#"
    lock.write_text(f",王伟,{socket.gethostname()},25.11.2026 09:30,file:///home/wang/.config/libreoffice/4;")
    running = locks._libreoffice_running()
    done = xlsheet("recalc", path)
    assert done.returncode == 2 and "正在被 LibreOffice 打开（王伟" in done.stderr
    assert ("看来是异常退出后留下的" in done.stderr) is (not running)
    lock.write_text(",李强,另一台电脑,25.11.2026 09:30,file:///x;")
    done = xlsheet("recalc", path)
    assert "计算机 另一台电脑" in done.stderr and "异常退出" not in done.stderr
    lock.unlink()
    (tmp_path / f"~${path.name}").write_bytes(b"\x05wang")
    done = xlsheet("recalc", path)
    assert done.returncode == 2 and "正在被 Excel 或 WPS 打开" in done.stderr and "可删除该锁文件" in done.stderr


def test_out_works_while_the_book_is_open_elsewhere_and_says_what_it_read(tmp_path):
    path = book(tmp_path / "o.xlsm", **ROWS)
    (tmp_path / f"~${path.name}").write_bytes(b"\x05wang")
    original = path.read_bytes()
    done = xlsheet("recalc", path, "--out", tmp_path / "结果.xlsm")
    assert done.returncode == 0, done.stderr
    assert "窗口中尚未保存的修改不包括在内" in done.stderr and "Excel 或 WPS" in done.stderr
    assert path.read_bytes() == original and sheet(tmp_path / "结果.xlsm", S.SCORES)[1][0] == "甲镇"
    (tmp_path / ".~lock.结果.xlsm#").write_text(",x,y,z,w;")
    done = xlsheet("recalc", path, "--out", tmp_path / "结果.xlsm")
    assert done.returncode == 2 and "「" + str(tmp_path / "结果.xlsm") + "」正在被 LibreOffice 打开" in done.stderr


@pytest.mark.parametrize(("args", "words"), [
    (("serve", "--port", "99999"), "端口应为 0 到 65535 的整数"), (("serve", "--port", "-1"), "端口应为"),
    (("bogus",), "命令 的值 'bogus'"), ((), "缺少参数：命令"),
])
def test_the_command_lines_own_mistakes_are_told_in_chinese(args, words):
    done = xlsheet(*args)
    assert done.returncode == 2 and words in done.stderr
    assert not re.search(r"\b(argument|COMMAND|invalid|Traceback)\b", done.stderr), done.stderr
