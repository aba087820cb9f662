"""Nothing lost by any command: the one rule for every file a command writes (io/targets.py),
tested for template, template --from, demo, report, report --year-end and statements."""

import contextlib
import datetime as dt
import errno
import os
import signal
import stat
import subprocess
import sys
import time
import zipfile

import pytest
from docx import Document
from helpers import YEAR, ad, book, outcome
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook
from test_cli import xlsheet

from xlsheet import api
from xlsheet import schema as S
from xlsheet.documents.statements import write_statements
from xlsheet.documents.year_end import write_points_xlsx
from xlsheet.io.atomic import PREFIX
from xlsheet.io.file import backup_path
from xlsheet.io.targets import (
    MAX_NAME_BYTES,
    Outputs,
    PartlyWritten,
    kept_path,
    records_held,
    safe_file_name,
    write_each,
)
from xlsheet.io.xmltext import ILLEGAL
from xlsheet.records import StructureError

T = ("甲镇", S.TOWN, 100)
D = ("甲局", S.DEPARTMENT, 60)


def filled(path, year=YEAR):
    """A workbook holding two adoption rows (a year's work)."""
    from helpers import rows_for

    from xlsheet.template import write_book

    rows = rows_for(units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1", date=f"{year}-03-05"),
                                             ad("甲局", "《每日要讯》", no="2", date=f"{year}-04-05")])
    rows[S.PARAMS] = [(k, year if k == S.K_YEAR else v, n) for k, v, n in rows[S.PARAMS]]
    return write_book(path, year, rows)


def records(path):
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(S.ADOPTIONS).to_python()[1:]


# --- template --------------------------------------------------------------------------

def test_template_over_a_filled_book_is_refused_and_forced_only_after_a_backup(tmp_path):
    path = filled(tmp_path / "2026考核.xlsm")
    before = path.read_bytes()
    done = xlsheet("template", "--out", path)
    assert done.returncode == 2 and "2 行记录" in done.stderr and "--force" in done.stderr
    assert path.read_bytes() == before and not kept_path(path).exists()

    done = xlsheet("template", "--out", path, "--force")
    assert done.returncode == 0, done.stderr
    assert kept_path(path).read_bytes() == before and "原文件已备份为" in done.stderr
    assert records_held(path) == 0 and records_held(kept_path(path)) == 2


def test_template_over_an_empty_template_keeps_it_as_the_backup(tmp_path):
    path = tmp_path / "t.xlsm"
    assert xlsheet("template", "--out", path, "--year", 2027).returncode == 0
    first = path.read_bytes()
    done = xlsheet("template", "--out", path)
    assert done.returncode == 0 and kept_path(path).read_bytes() == first


@pytest.mark.parametrize("content", [b"not a workbook", b"PK\x03\x04broken"])
def test_template_never_replaces_a_file_it_cannot_read_as_an_empty_book(tmp_path, content):
    path = tmp_path / "other.xlsm"
    path.write_bytes(content)
    done = xlsheet("template", "--out", path)
    assert done.returncode == 2 and "不是本程序能读的空工作簿" in done.stderr
    assert path.read_bytes() == content


def test_template_wants_a_workbook_name_and_a_year_in_range(tmp_path):
    done = xlsheet("template", "--out", tmp_path / "t.docx")
    assert done.returncode == 2 and ".xlsm" in done.stderr and not (tmp_path / "t.docx").exists()
    done = xlsheet("template", "--out", tmp_path / "t.xlsm", "--year", 1979)
    assert done.returncode == 2 and "1979" in done.stderr and "1990" in done.stderr
    assert "程序内部错误" not in done.stderr and not (tmp_path / "t.xlsm").exists()


# --- template --from -------------------------------------------------------------------

def test_next_year_in_the_same_year_is_refused_and_the_source_kept(tmp_path):
    source = filled(tmp_path / "2026考核.xlsm")
    before = source.read_bytes()
    done = xlsheet("template", "--from", source, "--year", YEAR)
    assert done.returncode == 2 and "考核年度（2026）与源工作簿相同" in done.stderr and "2027" in done.stderr
    assert source.read_bytes() == before and not kept_path(source).exists()


def test_next_year_never_over_its_source(tmp_path):
    source = filled(tmp_path / "2026考核.xlsm")
    before = source.read_bytes()
    link = tmp_path / "link.xlsm"
    link.symlink_to(source)
    for out in (source, link):
        done = xlsheet("template", "--from", source, "--year", YEAR + 1, "--out", out)
        assert done.returncode == 2 and "源工作簿本身" in done.stderr
    assert source.read_bytes() == before


def test_next_year_run_again_keeps_januarys_entries(tmp_path):
    source = filled(tmp_path / "2026考核.xlsm")
    done = xlsheet("template", "--from", source)
    assert done.returncode == 0, done.stderr
    target = tmp_path / "2027考核.xlsm"
    filled(target, YEAR + 1)  # January's entries typed into next year's book
    before = target.read_bytes()
    done = xlsheet("template", "--from", source)
    assert done.returncode == 2 and "记录" in done.stderr and target.read_bytes() == before
    done = xlsheet("template", "--from", source, "--force")
    assert done.returncode == 0 and kept_path(target).read_bytes() == before and records_held(target) == 0


# --- demo ------------------------------------------------------------------------------

def test_demo_run_again_keeps_the_first_one_unless_forced(tmp_path):
    assert xlsheet("demo", tmp_path).returncode == 0
    book_path = tmp_path / "demo.xlsm"
    before = book_path.read_bytes()
    done = xlsheet("demo", tmp_path)
    assert done.returncode == 2 and "记录" in done.stderr and book_path.read_bytes() == before
    done = xlsheet("demo", tmp_path, "--force")
    assert done.returncode == 0 and kept_path(book_path).read_bytes() == before


# --- report and report --year-end ------------------------------------------------------

def test_report_never_replaces_the_workbook(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    before = path.read_bytes()
    other = filled(tmp_path / "other.xlsm")
    other_before = other.read_bytes()
    for args in (("--out", path), ("--out", path, "--force"), ("--year-end", "--out", path),
                 ("--out", other), ("--year-end", "--out", other, "--force")):
        done = xlsheet("report", path, *args)
        assert done.returncode == 2, (args, done.stderr)
        assert "程序内部错误" not in done.stderr
    assert path.read_bytes() == before and other.read_bytes() == other_before


def test_report_again_takes_a_free_name_and_says_so(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    out = tmp_path / "q1.docx"
    assert xlsheet("report", path, "--out", out).returncode == 0
    first = out.read_bytes()
    done = xlsheet("report", path, "--out", out)
    assert done.returncode == 0 and out.read_bytes() == first
    assert (tmp_path / "q1（2）.docx").exists() and "q1（2）.docx" in done.stderr
    done = xlsheet("report", path, "--out", out, "--force")
    assert done.returncode == 0 and not (tmp_path / "q1（3）.docx").exists()


def test_year_end_again_takes_free_names_for_all_three(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    first = api.year_end(path, issued=dt.date(2027, 1, 20)).written
    notes = []
    again = api.year_end(path, issued=dt.date(2027, 1, 20), told=notes.append).written
    assert len(set(first) | set(again)) == 6 and all(p.exists() for p in first + again)
    assert len(notes) == 3 and all("（2）" in p.name for p in again)


def test_year_end_out_named_like_the_points_table_writes_three_files(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    points = tmp_path / S.YEAR_END["points_file"].format(year=YEAR)
    written = api.year_end(path, points.with_suffix(".docx"), issued=dt.date(2027, 1, 20)).written
    assert len(set(written)) == 3 and all(p.exists() for p in written)


def test_a_formula_for_a_unit_name_stays_text_in_the_points_workbook(tmp_path):
    done = outcome(units=[("=1+1", S.TOWN, 100), ("_x0041_局", S.DEPARTMENT, 60), ("@SUM(A1)", S.DEPARTMENT, 60)],
                   adoptions=[ad("=1+1", "《每日要讯》", no="1")])
    path = write_points_xlsx(done, tmp_path / "p.xlsx", dt.date(2027, 1, 20))
    cells = [c for row in load_workbook(path).active.iter_rows() for c in row if c.value is not None]
    assert not any(c.data_type == "f" for c in cells)
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    flat = {v for row in grid for v in row}
    assert {"=1+1", "_x0041_局", "@SUM(A1)"} <= flat


# --- statements ------------------------------------------------------------------------

def test_units_whose_names_differ_in_a_forbidden_character_get_a_file_each(tmp_path):
    units = [("白沙/区块", S.TOWN, 100), ("白沙:区块", S.TOWN, 100), ("白沙_区块", S.TOWN, 100)]
    done = outcome(units=units)
    assert [u.name for u in done.inputs.units] == [u[0] for u in units]
    written = write_statements(done, tmp_path, [u[0] for u in units], 4, dt.date(2026, 12, 31))
    assert [p.name for p in written] == ["白沙_区块.docx", "白沙_区块（2）.docx", "白沙_区块（3）.docx"]
    assert len(list(tmp_path.iterdir())) == 3


def test_control_and_bidi_characters_in_names_and_titles_write_every_statement(tmp_path):
    units = [("甲\x07镇", S.TOWN, 100), ("\u202excod.局", S.DEPARTMENT, 60)]
    done = outcome(units=units, adoptions=[ad("甲\x07镇", "《每日要讯》", no="1", title="标题\x01有\x1f控制符\ud800")])
    written = write_statements(done, tmp_path, [u[0] for u in units], 4, dt.date(2026, 12, 31))
    assert [p.name for p in written] == ["甲_镇.docx", "xcod.局.docx"]
    text = "\n".join(c.text for t in Document(str(written[0])).tables for row in t.rows for c in row.cells)
    assert "标题有" in text and "控制符\ufffd" in text
    with zipfile.ZipFile(written[0]) as z:
        xml = z.read("word/document.xml").decode()
    assert not ILLEGAL.search(xml)


def test_a_control_character_in_the_book_reaches_no_command_as_an_internal_error(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1", title="乙标题")])
    with zipfile.ZipFile(path) as z:
        members = {i: z.read(i.filename) for i in z.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in members.items():
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace("甲镇".encode(), "甲_x0007_镇".encode()).replace("乙标题".encode(), "乙_x0001_标题".encode())
            z.writestr(info, data)
    for args in (("statements", path, "--out", tmp_path / "s"), ("report", path), ("report", path, "--year-end")):
        done = xlsheet(*args)
        assert done.returncode in (0, 1), (args, done.stderr)
        assert "程序内部错误" not in done.stderr
    assert len(list((tmp_path / "s").iterdir())) == 2


def test_statements_stopped_part_way_say_which_were_written(tmp_path):
    units = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)]
    path = book(tmp_path / "b.xlsm", units=units)
    out = tmp_path / "s"
    out.mkdir()
    (out / "乙镇.docx").symlink_to(tmp_path / "no-such-folder" / "乙镇.docx")  # forced over: its folder is missing
    done = xlsheet("statements", path, "--out", out, "--force")
    assert done.returncode == 3, done.stderr
    assert "已写入 1 份" in done.stderr and "未写入 2 份：乙镇.docx、丙镇.docx" in done.stderr
    assert str(out) in done.stderr and "未写入任何内容" not in done.stderr
    assert (out / "甲镇.docx").is_file() and not (out / "丙镇.docx").exists()


def test_statements_interrupted_part_way_exit_3_and_say_so(demo, tmp_path):
    out = tmp_path / "s"
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "xlsheet", "-q", "statements", str(demo), "--out", str(out)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)

    def written():  # renamed into place: not a temporary file (PREFIX), nor a name still reserved (empty)
        return [p for p in out.iterdir() if p.suffix == ".docx" and not p.name.startswith(PREFIX)
                and p.stat().st_size > 0] if out.exists() else []

    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not written():
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 3, err
    assert f"已写入 {len(written())} 份" in err and "原因：已中断" in err and "未写入任何内容" not in err


def test_write_each_names_what_is_missing_and_why(tmp_path):
    def fails(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    jobs = [(tmp_path / "a.docx", lambda p: p.write_text("a")), (tmp_path / "b.docx", fails),
            (tmp_path / "c.docx", lambda p: p.write_text("c"))]
    with pytest.raises(PartlyWritten) as info:
        write_each(jobs)
    assert info.value.written == (tmp_path / "a.docx",)
    assert info.value.missing == (tmp_path / "b.docx", tmp_path / "c.docx")
    assert info.value.reason == S.M["why_disk_full"] and not (tmp_path / "c.docx").exists()
    with pytest.raises(OSError):  # nothing written: the original error, whose message says so
        write_each(jobs[1:])


# --- backups ---------------------------------------------------------------------------

def test_a_backup_that_is_a_symbolic_link_is_replaced_not_written_through(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    precious = tmp_path / "precious.txt"
    precious.write_text("do not touch")
    backup_path(path).symlink_to(precious)
    before = path.read_bytes()
    assert xlsheet("recalc", path).returncode == 0
    assert precious.read_text() == "do not touch"
    assert not backup_path(path).is_symlink() and backup_path(path).read_bytes() == before


def test_a_backup_is_no_more_readable_than_its_book(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    path.chmod(0o600)
    assert xlsheet("recalc", path).returncode == 0
    assert stat.S_IMODE(backup_path(path).stat().st_mode) == 0o600
    other = tmp_path / "t.xlsm"
    assert xlsheet("template", "--out", other).returncode == 0
    other.chmod(0o640)
    assert xlsheet("template", "--out", other).returncode == 0
    assert stat.S_IMODE(kept_path(other).stat().st_mode) == 0o640


# --- file names and the rule itself ----------------------------------------------------

@pytest.mark.parametrize(("name", "safe"), [
    ("白沙(三洞桥)区块", "白沙(三洞桥)区块"), ("A/B:C*?", "A_B_C__"), ("CON", "_CON"), ("con.txt", "_con.txt"),
    ("COM¹", "_COM¹"), ("LPT9", "_LPT9"), ("单位. ", "单位"), (" 单位", "单位"), ("\u202e局cod.", "局cod"),
    ("甲\u200b镇", "甲镇"), ("财政局(地税局)", "财政局(地税局)"), ("", "_"), ("...", "_"), ("a\x7fb", "a_b")])
def test_file_names_are_safe_on_windows(name, safe):
    assert safe_file_name(name) == safe


def test_long_names_are_cut_and_told_apart():
    a, b = "很长的单位名称" * 20 + "甲", "很长的单位名称" * 20 + "乙"
    sa, sb = safe_file_name(a, ".docx"), safe_file_name(b, ".docx")
    assert sa != sb and sa.endswith(".docx")
    assert len(sa.encode()) <= MAX_NAME_BYTES and len(sb.encode()) <= MAX_NAME_BYTES


def test_one_run_never_grants_one_path_twice(tmp_path):
    outputs = Outputs([tmp_path / "book.xlsm"])
    first = outputs.document(tmp_path / "a.docx")
    second = outputs.document(tmp_path / "A.docx")
    assert first != second and second.name == "A（2）.docx"
    with pytest.raises(StructureError), outputs.workbook(tmp_path / "BOOK.xlsm"):
        pass  # the source, by another case (Windows)
    with pytest.raises(StructureError):
        outputs.document(tmp_path / "a.xlsm")
    with outputs.workbook(tmp_path / "new.xlsm") as scratch:
        scratch.write_bytes(b"made")
    assert (tmp_path / "new.xlsm").read_bytes() == b"made"
    with pytest.raises(StructureError), outputs.workbook(tmp_path / "new.xlsm"):
        pass


# --- the command line's own messages ---------------------------------------------------

@pytest.mark.parametrize(("args", "said"), [
    (("recalc",), "缺少参数：book"), (("report", "b.xlsm", "--quarter", "5"), "不在可选范围内"),
    (("frobnicate",), "不在可选范围内"), (("template", "--year", "abc"), "无效"),
    (("recalc", "b.xlsm", "--bogus"), "无法识别的参数")])
def test_argument_errors_are_in_chinese_with_the_usage(args, said):
    done = xlsheet(*args)
    assert done.returncode == 2 and said in done.stderr and "用法：xlsheet" in done.stderr
    assert "usage:" not in done.stderr and "error:" not in done.stderr


def test_a_file_name_starting_with_a_dash_is_explained_and_works_after_double_dash(tmp_path):
    book(tmp_path / "-考核.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    done = xlsheet("recalc", "-考核.xlsm", cwd=tmp_path)
    assert done.returncode == 2 and "./-考核.xlsm" in done.stderr and "-- -考核.xlsm" in done.stderr
    assert xlsheet("recalc", "--", "-考核.xlsm", cwd=tmp_path).returncode == 0
    assert xlsheet("check", "./-考核.xlsm", cwd=tmp_path).returncode == 0


def test_recalc_out_over_another_filled_book_needs_force_and_keeps_it(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    other = filled(tmp_path / "other.xlsm")
    before = other.read_bytes()
    done = xlsheet("recalc", path, "--out", other)
    assert done.returncode == 2 and "2 行记录" in done.stderr and other.read_bytes() == before
    done = xlsheet("recalc", path, "--out", other, "--force")
    assert done.returncode == 0 and kept_path(other).read_bytes() == before
    assert records_held(other) == 1
    fresh = tmp_path / "fresh.xlsm"
    assert xlsheet("recalc", path, "--out", fresh).returncode == 0 and not backup_path(fresh).exists()


# --- found by a hostile trial: backups, links, runs at once, a paused console -----------

def test_an_existing_backup_is_never_replaced_by_another_kept_copy(tmp_path):
    source = filled(tmp_path / "2026考核.xlsm")
    target = api.next_year(source)
    filled(target, YEAR + 1)  # January's entries
    api.next_year(source, force=True)  # January's entries now only in the backup
    january = kept_path(target).read_bytes()
    notes = []
    api.next_year(source, told=notes.append)  # the target is empty now, so this needs no --force
    assert kept_path(target).read_bytes() == january
    kept = target.with_name(f"{target.stem}.替换前（2）{target.suffix}")
    assert kept.exists() and any(kept.name in n for n in notes)


def test_restoring_from_the_backup_keeps_the_backup(tmp_path):
    book_path = filled(tmp_path / "2026考核.xlsm")
    backup = backup_path(book_path)
    backup.write_bytes(book_path.read_bytes())
    book(book_path, units=[T, D, ("新增局", S.DEPARTMENT, 60)])  # the book edited since
    saved, edited = backup.read_bytes(), book_path.read_bytes()
    done = api.recalc(backup, book_path, force=True)
    assert backup.read_bytes() == saved and records_held(book_path) == 2
    assert {r.name for r in done.outcome.assessment.results} == {"甲镇", "甲局"}
    assert kept_path(book_path).read_bytes() == edited


def test_a_forced_run_that_fails_changes_neither_the_target_nor_its_backup(tmp_path):
    broken = tmp_path / "broken.xlsm"
    with zipfile.ZipFile(book(tmp_path / "b.xlsm", units=[T, D])) as z, zipfile.ZipFile(broken, "w") as out:
        for info in z.infolist():  # the workbook without its 校验 sheet's entry
            data = z.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(f'name="{S.CHECK}"'.encode(), b'name="gone"')
            out.writestr(info, data)
    other = filled(tmp_path / "other.xlsm")
    kept_path(other).write_text("an older, precious version")
    before = other.read_bytes()
    done = xlsheet("recalc", broken, "--out", other, "--force")
    assert done.returncode == 2 and S.CHECK in done.stderr
    assert other.read_bytes() == before and kept_path(other).read_text() == "an older, precious version"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == []


def test_a_document_name_linked_to_a_workbook_is_refused_even_forced(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    other = filled(tmp_path / "2025考核.xlsm")
    before = other.read_bytes()
    (tmp_path / "通报.docx").symlink_to(other)
    (tmp_path / "s").mkdir()
    (tmp_path / "s" / "甲镇.docx").symlink_to(other)
    for args in (("report", path, "--out", tmp_path / "通报.docx", "--force"),
                 ("statements", path, "--out", tmp_path / "s", "--unit", "甲镇", "--force")):
        done = xlsheet(*args)
        assert done.returncode == 2 and "快捷方式" in done.stderr, done.stderr
    assert other.read_bytes() == before


def test_year_end_forced_over_a_workbook_of_records_keeps_it_first(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    points = tmp_path / (S.YEAR_END["points_file"].format(year=YEAR) + ".xlsx")
    from helpers import rows_for

    from xlsheet.template import write_book
    write_book(points.with_suffix(".xlsm"), YEAR, rows_for(units=[T], adoptions=[ad("甲镇", "《每日要讯》", no="9")]))
    points.with_suffix(".xlsm").rename(points)
    before = points.read_bytes()
    api.year_end(path, issued=dt.date(2027, 1, 20), force=True)
    assert kept_path(points).read_bytes() == before and points.read_bytes() != before


def test_two_runs_at_once_never_take_one_name(tmp_path):
    first, second = Outputs(), Outputs()
    with first, second:
        a = first.document(tmp_path / "甲镇.docx")
        b = second.document(tmp_path / "甲镇.docx")
        assert (a.name, b.name) == ("甲镇.docx", "甲镇（2）.docx") and a.exists() and b.exists()
    assert not a.exists() and not b.exists()  # reserved, never written: released


def test_two_statements_runs_at_once_keep_each_others_files(tmp_path):
    path = book(tmp_path / "b.xlsm", units=[T, D, ("乙镇", S.TOWN, 100)], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    runs = [subprocess.Popen([sys.executable, "-m", "xlsheet", "-q", "statements", str(path), "--quarter", str(q),
                              "--out", str(tmp_path / "s")], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
            for q in (3, 4)]
    assert [r.wait(timeout=120) for r in runs] == [0, 0]
    files = sorted(p.name for p in (tmp_path / "s").iterdir())
    assert len(files) == 6 and all(p.stat().st_size > 0 for p in (tmp_path / "s").iterdir())


def test_ctrl_c_after_the_files_are_written_never_says_nothing_was_written(tmp_path):
    import pty
    import termios

    path = book(tmp_path / "b.xlsm", units=[T, D], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    master, slave = pty.openpty()
    termios.tcflow(slave, termios.TCOOFF)  # the console paused (Ctrl-S, a click in a Windows console)
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "xlsheet", "-q", "report", str(path), "--out",
                             str(tmp_path / "q.docx")], stdin=slave, stdout=slave, stderr=slave, env=env)
    deadline = time.monotonic() + 120
    while not ((tmp_path / "q.docx").exists() and (tmp_path / "q.docx").stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)
    proc.send_signal(signal.SIGINT)
    time.sleep(0.2)
    termios.tcflow(slave, termios.TCOON)
    code = proc.wait(timeout=60)
    os.close(slave)
    said = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(master, 65536):
            said += chunk
    os.close(master)
    assert code == 0 and (tmp_path / "q.docx").stat().st_size > 0
    assert "未写入任何内容" not in said.decode("utf-8", "replace")


@pytest.mark.parametrize("args", [("statements", "BOOK", "--out", "FILE"), ("demo", "FILE")])
def test_a_file_where_a_folder_is_wanted_is_named_in_chinese(tmp_path, args):
    path = book(tmp_path / "b.xlsm", units=[T, D])
    (tmp_path / "f.txt").write_text("x")
    done = xlsheet(*[{"BOOK": path, "FILE": tmp_path / "f.txt"}.get(a, a) for a in args])
    assert done.returncode == 2 and "f.txt" in done.stderr and "不是文件夹" in done.stderr
    assert (tmp_path / "f.txt").read_text() == "x"


def test_year_zero_is_out_of_range_not_this_year(tmp_path):
    done = xlsheet("template", "--out", tmp_path / "t.xlsm", "--year", 0)
    assert done.returncode == 2 and "考核年度 0 超出范围" in done.stderr


def test_the_dash_hint_names_the_command_typed():
    done = xlsheet("statements", "-考核.xlsm")
    assert done.returncode == 2 and "xlsheet statements -- -考核.xlsm" in done.stderr
    done = xlsheet("serve", "--status", "--stop")
    assert done.returncode == 2 and "不能与" in done.stderr and "not allowed" not in done.stderr


def test_a_file_put_in_place_just_before_an_interruption_counts_as_written(tmp_path):
    def placed_then_interrupted(path):
        path.write_text("whole")
        raise KeyboardInterrupt

    jobs = [(tmp_path / "a.docx", lambda p: p.write_text("a")), (tmp_path / "b.docx", placed_then_interrupted),
            (tmp_path / "c.docx", lambda p: p.write_text("c"))]
    with pytest.raises(PartlyWritten) as info:
        write_each(jobs)
    assert info.value.written == (tmp_path / "a.docx", tmp_path / "b.docx")
    assert info.value.missing == (tmp_path / "c.docx",)
    for path, _ in jobs:
        path.unlink(missing_ok=True)
    with pytest.raises(PartlyWritten) as first:  # the first one placed: not 「nothing written」
        write_each(jobs[1:])
    assert first.value.written == (tmp_path / "b.docx",)
    (tmp_path / "b.docx").unlink()
    assert write_each(jobs[:2]) == [tmp_path / "a.docx", tmp_path / "b.docx"]  # all there: the truth
