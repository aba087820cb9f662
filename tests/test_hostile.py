"""Nothing lost under hostile conditions: every way recalc can refuse leaves the book and its
backup as they were, with one Chinese message; a save that lands during a recalculation is
never lost nor overwritten by stale outputs; the exit status tells the truth whatever
happens to the console."""

import errno
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from helpers import ad, book, ins
from python_calamine import CalamineWorkbook
from test_cli import output_parts, sheet, xlsheet

from xlsheet import api
from xlsheet import schema as S
from xlsheet.io import file as file_io
from xlsheet.io.file import backup_path
from xlsheet.io.xlsx import sheet_parts
from xlsheet.records import StructureError

T = ("甲镇", S.TOWN, 100)
ROWS = dict(units=[T, ("甲局", S.DEPARTMENT, 60)],
            adoptions=[ad("甲镇", "《参阅》（普刊）", S.LEVEL_CITY, no=str(i), date="2026-03-05") for i in range(30)],
            instructions=[ins("1", S.LEADER_COUNTY)])
OLD_BACKUP = b"the previous backup, which a refused run must not touch"


def members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def rewrite(path, change):
    """Rewrite the package at `path` with `change(members)` applied (a dict, changed in place)."""
    parts = members(path)
    infos = {i.filename: i for i in zipfile.ZipFile(path).infolist()}
    change(parts)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            info = infos.get(name) or zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def part_of(path, sheet_name):
    parts = members(path)
    return sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])[sheet_name]


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    return book(tmp_path_factory.mktemp("base") / "考核.xlsm", **ROWS)


# --- every way to refuse: one message, book and backup unchanged ----------------------------


def _chart_sheet_in_ranking(path):
    part = part_of(path, S.RANKING)
    rewrite(path, lambda p: p.__setitem__(part, (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<chartsheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetPr/>'
        b'<sheetViews><sheetView workbookViewId="0"/></sheetViews></chartsheet>')))


def _bomb_in_detail(path):
    """A small package whose old 得分明细 part inflates to 300 MB."""
    part = part_of(path, S.DETAIL)
    parts = members(path)
    head = parts[part][: parts[part].index(b"<sheetData")]
    filler = b" " * (300 * 1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(name, head + b"<sheetData/>" + filler + b"</worksheet>" if name == part else data)


def _doctype_in_units(path):
    part = part_of(path, S.UNITS)
    bomb = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>')
    rewrite(path, lambda p: p.__setitem__(part, bomb + re.sub(rb"^<\?xml[^>]*\?>", b"", p[part])))


def _encrypted_member(path):
    """Mark xl/styles.xml encrypted (bit 0 of its general-purpose flags), as a hostile zip would."""
    data = bytearray(path.read_bytes())
    for signature, flags, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = 0
        while (at := data.find(signature, at)) >= 0:
            if data[at + name_at:at + name_at + 13] == b"xl/styles.xml":
                data[at + flags] |= 1
            at += 4
    path.write_bytes(bytes(data))


def _missing_part(path):
    part = part_of(path, S.ADOPTIONS)
    rewrite(path, lambda p: p.pop(part))


def _malformed_output_part(path):
    part = part_of(path, S.SCORES)
    rewrite(path, lambda p: p.__setitem__(part, b"<worksheet><sheetData><row></sheetData"))


def _corrupt_chart(path):
    rewrite(path, lambda p: p.__setitem__("xl/charts/chart1.xml", b"<c:chartSpace xmlns:c='x'><unclosed>"))


def _table_over_outputs(path):
    """A table a user put on 单位得分 away from its start: the run would write through it."""
    part = part_of(path, S.SCORES)
    rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"

    def change(p):
        p["xl/tables/table9.xml"] = (b'<?xml version="1.0" encoding="UTF-8"?><table xmlns="http://schemas.openxml'
                                     b'formats.org/spreadsheetml/2006/main" id="9" name="Mine" displayName="Mine" '
                                     b'ref="C5:D8"><tableColumns count="2"><tableColumn id="1" name="a"/>'
                                     b'<tableColumn id="2" name="b"/></tableColumns></table>')
        p[rels] = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   b'package/2006/relationships"><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/'
                   b'officeDocument/2006/relationships/table" Target="../tables/table9.xml"/></Relationships>')
    rewrite(path, change)


def _beyond_excel(ref, row):
    """A cell or row past Excel's last row or column in 信息录用 (no sheet Excel saves has one)."""
    def make(path):
        part = part_of(path, S.ADOPTIONS)
        extra = f'<row r="{row}"><c r="{ref}"><v>1</v></c></row>'.encode()
        rewrite(path, lambda p: p.__setitem__(part, p[part].replace(b"</sheetData>", extra + b"</sheetData>")))
    return make


def _big_member_named_bin(path):
    """The old 得分明细 stored as "sheet.bin" (the relationships say where a part is, not its
    name) and inflating to 300 MB."""
    part = part_of(path, S.DETAIL)
    parts = members(path)
    head = parts[part][: parts[part].index(b"<sheetData")]
    renamed = part.replace(".xml", ".bin")
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(part.removeprefix("xl/").encode(), renamed.removeprefix("xl/").encode())
    filler = b" " * (300 * 1024 * 1024)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for name, data in parts.items():
            z.writestr(renamed if name == part else name,
                       head + b"<sheetData/>" + filler + b"</worksheet>" if name == part else data)


STRICT = {b"http://schemas.openxmlformats.org/spreadsheetml/2006/main": b"http://purl.oclc.org/ooxml/spreadsheetml/main",
          b"http://schemas.openxmlformats.org/officeDocument/2006/relationships":
          b"http://purl.oclc.org/ooxml/officeDocument/relationships"}


def _strict(path):
    """The book as Excel saves it as "Strict Open XML Spreadsheet": other namespaces throughout."""
    def change(p):
        for name in p:
            for old, new in STRICT.items():
                p[name] = p[name].replace(old, new) if not name.endswith(".bin") else p[name]
    rewrite(path, change)


def _word_document(path):
    """A Word document renamed 考核.xlsm."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"/>')
        z.writestr("word/document.xml", '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
                   '2006/main"/>')


def _read_only_backup(path):
    backup_path(path).chmod(0o444)


def _backup_is_a_folder(path):
    backup_path(path).unlink()
    backup_path(path).mkdir()


REFUSALS = {  # name: (what to do to the book, words the one message must hold)
    "chart sheet in an output slot": (_chart_sheet_in_ranking, "不是普通工作表"),
    "zip bomb in an old output part": (_bomb_in_detail, "超过上限"),
    "entity bomb (DOCTYPE)": (_doctype_in_units, "DOCTYPE"),
    "encrypted member": (_encrypted_member, "经过加密"),
    "missing sheet part": (_missing_part, "缺失或已损坏"),
    "malformed output part": (_malformed_output_part, "缺失或已损坏"),
    "corrupt chart part": (_corrupt_chart, "缺失或已损坏"),
    "a user's table on an output sheet": (_table_over_outputs, "表格「Mine」"),
    "read-only backup": (_read_only_backup, "备份文件"),
    "backup path is a folder": (_backup_is_a_folder, "文件夹"),
    "old .xls": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000), ".xls"),
    "password-protected book": (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 200
                                                        + "EncryptedPackage".encode("utf-16-le")), "打开密码"),
    "not a zip": (lambda p: p.write_bytes(b"hello"), "已损坏"),
    "truncated zip": (lambda p: p.write_bytes(p.read_bytes()[:3000]), "已损坏"),
    "locked by Excel": (lambda p: p.with_name("~$" + p.name).write_bytes(b"x"), "Excel 或 WPS"),
    "a row past Excel's last": (_beyond_excel("A2000000000", 2000000000),
                                "工作表「信息录用」第 2000000000 行超出 Excel 的范围（最多 1,048,576 行、16,384 列）"),
    "a column past Excel's last": (_beyond_excel("XFE40", 40), "工作表「信息录用」的单元格 XFE40 超出 Excel 的范围"),
    "a 300 MB part named .bin": (_big_member_named_bin, f"sheet{S.ALL_SHEETS.index(S.DETAIL) + 1}.bin」解压后有 300 MB，超过上限 256 MB"),
    "Strict Open XML": (_strict, "Strict Open XML"),
    "a Word document renamed .xlsm": (_word_document, "这不是 Excel 工作簿，而是一份 Word 文档"),
}


# Refusals of what cannot be read at all (the others are about writing, which check never does).
READ_REFUSALS = {"a row past Excel's last", "a column past Excel's last", "a 300 MB part named .bin",
                 "Strict Open XML", "a Word document renamed .xlsm", "zip bomb in an old output part", "entity bomb (DOCTYPE)", "encrypted member", "missing sheet part",
                 "old .xls", "password-protected book", "not a zip", "truncated zip", "chart sheet in an output slot"}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_every_refusal_leaves_book_and_backup_as_they_were(tmp_path, base, case):
    make, words = REFUSALS[case]
    path = tmp_path / base.name
    shutil.copy2(base, path)
    backup_path(path).write_bytes(OLD_BACKUP)
    make(path)
    before = path.read_bytes() if path.is_file() else None
    backup_before = backup_path(path).read_bytes() if backup_path(path).is_file() else None
    done = xlsheet("recalc", path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and words in lines[0] and "未写入任何内容" in lines[0], done.stderr
    assert "Traceback" not in done.stderr and "程序内部错误" not in done.stderr
    assert not re.search(r"[A-Za-z]+ [a-z]{2,} [a-z]{2,}", lines[0]), lines[0]  # no library's English
    assert (path.read_bytes() if path.is_file() else None) == before
    assert (backup_path(path).read_bytes() if backup_path(path).is_file() else None) == backup_before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~xlsheet-")]
    if case in READ_REFUSALS:
        assert xlsheet("check", path).returncode == 2  # check and recalc agree on what they cannot read


_MEASURE = ("import os, subprocess, sys\n"
            "proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
            "_, status, usage = os.wait4(proc.pid, 0)\n"
            "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)")


def _peak_mib(*args):
    """Run xlsheet; its exit status and its peak memory in MiB, from os.wait4 in a small
    launcher (a child forked from this test process would count the test's own pages)."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, *_command(*args)], capture_output=True, text=True,
                          timeout=300)
    code, kib = done.stdout.split()
    return int(code), int(kib) / 1024


def test_a_zip_bomb_is_refused_in_small_memory(tmp_path, base):
    path = tmp_path / base.name
    shutil.copy2(base, path)
    _bomb_in_detail(path)
    assert path.stat().st_size < 5 * 1024 * 1024
    code, peak = _peak_mib("recalc", path)
    assert code == 2 and peak < 1024


# --- a save that lands during a recalculation -----------------------------------------------


def _saved_version(path, marker):
    """`path`'s package with one more adoption, as a colleague's save would leave it."""
    other = path.with_name("other.xlsm")
    rows = dict(ROWS, adoptions=ROWS["adoptions"] + [ad("甲局", "《每日要讯》", no=marker, date="2026-04-01")])
    book(other, **rows)
    data = other.read_bytes()
    other.unlink()
    return data


def _save(path, data, how):
    if how == "replace":  # as Excel and WPS save: a new file renamed over the old
        tmp = path.with_name("~saving.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    else:  # in place
        with open(path, "r+b") as handle:
            handle.truncate(0)
            handle.write(data)


MOMENTS = ["after the snapshot", "after reading", "after scoring", "while the package is written",
           "after the package is written", "after the book is replaced"]


@pytest.mark.parametrize("how", ["replace", "in place"])
@pytest.mark.parametrize("moment", MOMENTS)
def test_a_save_during_recalc_is_never_lost_nor_overwritten(tmp_path, base, monkeypatch, moment, how):
    path = tmp_path / base.name
    shutil.copy2(base, path)
    backup_path(path).write_bytes(OLD_BACKUP)
    saved = _saved_version(path, "SAVED")

    def save():
        _save(path, saved, how)

    def after(module, name):
        """Save right after `module.name` returns."""
        real = getattr(module, name)

        def wrapped(*args, **kwargs):
            result = real(*args, **kwargs)
            save()
            return result
        monkeypatch.setattr(module, name, wrapped)

    if moment == "after the snapshot":
        real_take = api.Snapshot.take

        def take(book):
            snapshot = real_take(book)
            save()
            return snapshot
        monkeypatch.setattr(api.Snapshot, "take", staticmethod(take))
    elif moment == "after reading":
        after(api, "_inputs")
    elif moment == "after scoring":
        after(api, "conclude")
    elif moment == "while the package is written":
        after(file_io, "copy_member")
    elif moment == "after the package is written":
        real_atomic = file_io.atomic_write

        def atomic_write(target, before_replace=None, **how):
            def saved_first():
                if target == path:
                    save()
                if before_replace is not None:
                    before_replace()
            return real_atomic(target, before_replace=saved_first, **how)
        monkeypatch.setattr(file_io, "atomic_write", atomic_write)
    else:
        real_replace = os.replace
        saving = []

        def replace(src, dst):
            real_replace(src, dst)
            if os.fspath(dst) == os.fspath(path) and not saving:
                saving.append(True)  # the save itself replaces the book too
                save()
        monkeypatch.setattr(os, "replace", replace)
    try:
        api.recalc(path)
        refused = False
    except StructureError as exc:
        assert "被保存过" in str(exc)
        refused = True
    monkeypatch.undo()
    # The save is never lost, and nothing computed from the older inputs covers it: a save
    # before the book is replaced is detected (nothing written, backup untouched); one after
    # it is simply the newest version.
    assert path.read_bytes() == saved
    assert refused is (moment != "after the book is replaced")
    if refused:
        assert backup_path(path).read_bytes() == OLD_BACKUP


def test_saves_from_another_process_at_random_moments_are_never_lost(tmp_path, base):
    """A real second process saves the book while `xlsheet recalc` runs, at moments spread
    over the whole run; each time the save survives and no stale output covers it. It
    saves as Excel, WPS, LibreOffice and sync clients do: a new file renamed over the book.
    (A program that rewrites the file in place, through a handle opened before the rename,
    can still lose its write in the instant between the check and the rename; the
    in-process test above saves in place at each step of the run.)"""
    duration = _timed_run(tmp_path, base)
    outcomes = {"refused": 0, "saved after": 0, "saved before": 0}
    for k in range(12):
        folder = tmp_path / f"run{k}"
        folder.mkdir()
        path = folder / base.name
        shutil.copy2(base, path)
        saved = _saved_version(path, f"SAVED{k}")
        delay = duration * k / 11
        proc = subprocess.Popen(_command("recalc", path), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(delay)
        _save(path, saved, "replace")
        _, err = proc.communicate(timeout=120)
        adoptions = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(S.ADOPTIONS).to_python()
        assert f"SAVED{k}" in {row[0] for row in adoptions}, (k, err)
        scores = sheet(path, S.SCORES)
        if proc.returncode == 2:
            assert "被保存过" in err.decode() and path.read_bytes() == saved
            outcomes["refused"] += 1
        elif path.read_bytes() == saved:
            outcomes["saved after"] += 1
        else:  # our outputs are there: then computed from the saved inputs
            expected = api.check(path).tables[S.SCORES]
            assert scores == [[("" if v is None else v) for v in row] for row in expected]
            outcomes["saved before"] += 1
    assert sum(outcomes.values()) == 12


def _command(*args):
    exe = shutil.which("xlsheet")
    return ([exe] if exe else [sys.executable, "-m", "xlsheet"]) + ["-q", *map(str, args)]


def _timed_run(tmp_path, base):
    path = tmp_path / "timing.xlsm"
    shutil.copy2(base, path)
    start = time.perf_counter()
    subprocess.run(_command("recalc", path), capture_output=True, timeout=120)
    return time.perf_counter() - start


# --- the exit status tells the truth ---------------------------------------------------------


def _written(path, before):
    return members(path) != before and members(backup_path(path)) == before


@pytest.mark.parametrize("console", ["ascii", "closed", "full", "broken pipe"])
def test_console_trouble_never_changes_the_status_nor_the_write(tmp_path, base, console):
    path = tmp_path / base.name
    shutil.copy2(base, path)
    before = members(path)
    env = dict(os.environ)
    cmd = [c for c in _command("recalc", path) if c != "-q"]
    if console == "ascii":
        env["PYTHONIOENCODING"] = "ascii"
        done = subprocess.run(cmd, capture_output=True, env=env, timeout=120)
        code, err = done.returncode, done.stderr
    elif console == "closed":
        done = subprocess.run(" ".join(f"'{c}'" for c in cmd) + " >&- 2>&-", shell=True, timeout=120)
        code, err = done.returncode, b""
    elif console == "full":
        with open("/dev/full", "w") as full:
            done = subprocess.run(cmd, stdout=full, stderr=full, timeout=120)
        code, err = done.returncode, b""
    else:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()
        proc.stderr.close()
        code, err = proc.wait(timeout=120), b""
    assert code == 0, err
    assert b"Traceback" not in err
    assert _written(path, before)


def test_ctrl_c_exits_130_with_one_line_and_the_book_whole(tmp_path, base):
    adoptions = [ad("甲镇", "《每日要讯》", no=f"c{i}", date="2026-03-05") for i in range(20000)]
    path = book(tmp_path / "big.xlsm", units=ROWS["units"], adoptions=adoptions)
    before = members(path)
    for delay in (0.2, 0.5, 0.8):
        proc = subprocess.Popen([c for c in _command("recalc", path) if c != "-q"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        first = proc.stderr.readline()  # the first progress line: Python has started, xlsheet handles Ctrl-C
        time.sleep(delay)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        err = first + err
        if proc.returncode == 130:
            lines = [ln for ln in err.decode().splitlines() if not ln.startswith("[")]
            assert lines == [S.CLI_TEXT["interrupted"]] and members(path) == before
        else:  # it finished first: then written and true
            assert proc.returncode == 0 and b"Traceback" not in err
            before = members(path)
        with zipfile.ZipFile(path) as z:
            assert z.testzip() is None


def test_a_disk_that_fills_up_is_one_message_and_nothing_changes(tmp_path, base, monkeypatch):
    path = tmp_path / base.name
    shutil.copy2(base, path)
    backup_path(path).write_bytes(OLD_BACKUP)
    before = path.read_bytes()
    real = file_io.append_packed

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(file_io, "append_packed", full)
    with pytest.raises(StructureError, match="磁盘已满") as caught:
        api.recalc(path)
    assert "No space" not in str(caught.value)
    monkeypatch.setattr(file_io, "append_packed", real)
    assert path.read_bytes() == before and backup_path(path).read_bytes() == OLD_BACKUP
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~xlsheet-")]


@pytest.mark.skipif(os.name != "posix", reason="the limit is set with setrlimit")
@pytest.mark.parametrize("command", [
    ("recalc", "{book}"), ("recalc", "{book}", "--out", "{dir}/out.xlsm"), ("report", "{book}"),
    ("report", "{book}", "--year-end"), ("statements", "{book}"), ("template", "--out", "{dir}/t.xlsm"),
    ("template", "--from", "{book}", "--year", "2027", "--out", "{dir}/next.xlsm"), ("demo", "{dir}/new/demo"),
], ids=lambda c: " ".join(c))
def test_a_write_that_fails_part_way_is_one_message_and_leaves_nothing(tmp_path, demo, command):
    """Every writing command, when the system refuses to let a file grow past 8 kB (setrlimit's
    RLIMIT_FSIZE: a stand-in for a disk that fills while the file is written, which a test
    cannot make without mounting one): one Chinese line, no traceback, not even the
    "Exception ignored" of a library's zip file left open, and the folder as it was."""
    import resource

    path = tmp_path / "考核.xlsm"
    shutil.copy2(demo, path)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}

    def limited():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit then fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (8000, 8000))

    args = [a.format(book=path, dir=tmp_path) for a in command]
    done = subprocess.run([sys.executable, "-m", "xlsheet", "-q", *args], capture_output=True, text=True,
                          preexec_fn=limited, timeout=240)
    assert done.returncode == 2, done.stderr
    lines = [ln for ln in done.stderr.splitlines() if not ln.startswith(("警告", "错误"))]
    assert len(lines) == 1 and S.M["why_file_too_big"] in lines[0], done.stderr
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_out_of_memory_is_one_message(tmp_path, base, monkeypatch, capsys):
    from xlsheet import cli

    path = tmp_path / base.name
    shutil.copy2(base, path)

    def exhausted(*args):
        raise MemoryError
    monkeypatch.setattr(api, "conclude", exhausted)
    assert cli.main(["-q", "recalc", str(path)]) == 2
    assert capsys.readouterr().err.strip() == S.CLI_TEXT["failed"].format(reason=S.M["why_memory"])


# --- links, owner and mode ------------------------------------------------------------------


def test_a_symlinked_book_keeps_its_link_and_the_target_is_updated(tmp_path, base):
    real = tmp_path / "real" / base.name
    real.parent.mkdir()
    shutil.copy2(base, real)
    link = tmp_path / "link.xlsm"
    link.symlink_to(real)
    before = real.read_bytes()
    assert xlsheet("recalc", link).returncode == 0
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_bytes() != before and sheet(real, S.SCORES)[1][0] == "甲镇"


@pytest.mark.skipif(os.name != "posix", reason="modes and owners are POSIX")
def test_mode_and_owner_are_kept(tmp_path, base):
    path = tmp_path / base.name
    shutil.copy2(base, path)
    path.chmod(0o640)
    root = os.geteuid() == 0
    if root:
        os.chown(path, 1234, 4321)
    assert xlsheet("recalc", path).returncode == 0
    info = path.stat()
    assert info.st_mode & 0o777 == 0o640
    if root:
        assert (info.st_uid, info.st_gid) == (1234, 4321)


# --- odd files ---------------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are POSIX")
@pytest.mark.parametrize("command", ["check", "recalc"])
def test_a_fifo_named_xlsm_is_refused_at_once(tmp_path, command):
    fifo = tmp_path / "管道.xlsm"
    os.mkfifo(fifo)
    start = time.perf_counter()
    done = xlsheet(command, fifo)
    assert done.returncode == 2 and "不是普通文件" in done.stderr
    assert time.perf_counter() - start < 30


def test_out_to_a_folder_or_with_another_suffix_is_refused(tmp_path, base):
    folder = tmp_path / "结果.xlsm"
    folder.mkdir()
    done = xlsheet("recalc", base, "--out", folder)
    assert done.returncode == 2 and "文件夹" in done.stderr
    done = xlsheet("recalc", base, "--out", tmp_path / "结果.xlsx")
    assert done.returncode == 2 and "扩展名须与原工作簿相同（.xlsm）" in done.stderr


def test_a_file_name_too_long_is_one_message(tmp_path, base):
    done = xlsheet("recalc", base, "--out", tmp_path / ("长" * 300 + ".xlsm"))
    assert done.returncode == 2 and "太长" in done.stderr and "Traceback" not in done.stderr


def test_a_value_in_the_last_cell_of_the_sheet_is_read_in_small_memory(tmp_path, base):
    path = tmp_path / base.name
    shutil.copy2(base, path)
    part = part_of(path, S.ADOPTIONS)

    def far(p):
        xml = p[part].replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t>'
                                               b"</is></c></row></sheetData>")
        p[part] = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml)
    rewrite(path, far)
    code, peak = _peak_mib("recalc", path)
    assert code == 0 and peak < 1024
    scores = {r[0]: r for r in sheet(path, S.SCORES)[1:]}
    assert scores["甲镇"][3] == 30 * 30


# --- numbers that are not numbers, literal text -----------------------------------------------


@pytest.mark.parametrize("typed", ["1e400", "1e-400", "1e5000", "1e999999999", 5e-324, float("inf")])
def test_numbers_beyond_any_sense_are_located_errors(typed):
    from helpers import outcome

    out = outcome(units=[T, ("乙镇", S.TOWN, typed)])
    [error] = [p for p in out.inputs.problems if p.sheet == S.UNITS]
    assert (error.row, error.column) == (3, S.U_BASE) and "超出合理范围" in error.message


@pytest.mark.parametrize(("key", "typed"), [(S.K_TOWN_RATIO, "500%"), (S.K_YEAR, 0), (S.K_YEAR, 99999),
                                            (S.K_SECONDMENT_DAYS, 400), (S.K_NOTICE_LIMIT, 0)])
def test_parameters_out_of_any_sensible_range_are_errors(key, typed):
    from helpers import outcome

    out = outcome(units=[T], **{key: typed})
    [error] = [p for p in out.inputs.problems if p.sheet == S.PARAMS]
    assert error.level == S.ERROR and key in error.message and "之间" in error.message


def test_literal_escape_like_text_reads_back_as_typed(tmp_path):
    titles = ["a_x003D_b", "_x0041_", "x_x", "_X0041_ upper"]
    path = book(tmp_path / "x.xlsm", units=[T],
                adoptions=[ad("甲镇", "《每日要讯》", no=str(i), title=t) for i, t in enumerate(titles)])
    # written as Excel stores what staff typed: a literal _xHHHH_ escaped as _x005F_xHHHH_
    assert b"_x005F_x003D_" in members(path)[part_of(path, S.ADOPTIONS)]
    assert [row[2] for row in sheet(path, S.ADOPTIONS)[1:]] == titles
    assert xlsheet("recalc", path).returncode == 0
    shown = [row[4] for row in sheet(path, S.DETAIL)[1:]]
    assert shown == titles


def test_recalc_twice_after_the_hostile_fixes_changes_nothing(tmp_path, base):
    path = tmp_path / base.name
    shutil.copy2(base, path)
    assert xlsheet("recalc", path).returncode == 0
    once = members(path)
    assert xlsheet("recalc", path).returncode == 0
    assert members(path) == once
    assert set(output_parts(path).values()) <= set(once)
