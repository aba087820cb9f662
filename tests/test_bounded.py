"""Reading is bounded whatever the package says: a sheet's extent is found from its cells
(never from its <dimension>), references past Excel's limits are located errors, every
member is held to the size limit whatever its name, and no package makes a run use
1 GiB. Each memory figure is a separate process's peak (ru_maxrss, from os.wait4)."""

import os
import re
import shutil
import zipfile

import pytest
from test_cli import sheet, xlsheet
from test_hostile import ROWS, _big_member_named_bin, _peak_mib, part_of, rewrite

from xlsheet import schema as S
from xlsheet.io import file as file_io
from xlsheet.io import sparse
from xlsheet.io.file import backup_path
from xlsheet.io.snapshot import Snapshot

FAR = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>far away</t></is></c></row>'


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    from helpers import book

    return book(tmp_path_factory.mktemp("base") / "考核.xlsm", **ROWS)


def _with(base, tmp_path, extra=b"", dimension=None):
    """A copy of `base` with `extra` rows at the end of 信息录用's cells and its <dimension>
    replaced by `dimension` (b"" to drop it)."""
    path = tmp_path / base.name
    shutil.copy2(base, path)
    part = part_of(path, S.ADOPTIONS)

    def change(p):
        xml = p[part].replace(b"</sheetData>", extra + b"</sheetData>")
        if dimension is not None:
            xml = re.sub(rb'<dimension ref="[^"]*"/>', dimension, xml)
        p[part] = xml
    rewrite(path, change)
    return path


@pytest.mark.parametrize(("case", "extra", "dimension"), [
    ("no <dimension>", FAR, b""),
    ("a <dimension> that lies", FAR, b'<dimension ref="A1:J31"/>'),
    ("white space around r and =", FAR.replace(b'<c r="XFD1048576"', b"<c\n\tr = 'XFD1048576'"), b""),
])
def test_a_far_value_behind_a_missing_or_lying_dimension_is_read_in_small_memory(tmp_path, base, case, extra,
                                                                                 dimension):
    # python-calamine alone aborts the process on each (it asks for 512 GB): see the next test
    path = _with(base, tmp_path, extra, dimension)
    code, peak = _peak_mib("recalc", path)
    assert code == 0 and peak < 1024, (case, code, peak)
    scores = {r[0]: r for r in sheet(path, S.SCORES)[1:]}
    assert scores["甲镇"][3] == 30 * 30


def test_calamine_alone_would_abort_on_such_a_sheet(tmp_path, base):
    """Why the extent is found before python-calamine reads a sheet: given the sheet above
    itself, it aborts natively (SIGABRT), which no Python code can catch."""
    import subprocess
    import sys

    path = _with(base, tmp_path, FAR, b"")
    script = ("import sys; from python_calamine import CalamineWorkbook as W;"
              "W.from_path(sys.argv[1]).get_sheet_by_name(sys.argv[2]).to_python()")
    done = subprocess.run([sys.executable, "-c", script, str(path), S.ADOPTIONS], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == -6 and "memory allocation of 549755813888 bytes failed" in done.stderr


def test_the_extent_comes_from_the_cells_not_the_dimension(tmp_path, base):
    far = _with(base, tmp_path, FAR, b'<dimension ref="A1:B2"/>')
    with Snapshot.take(far).zip() as z:
        parts = file_io.worksheet_parts(z, far, (S.ADOPTIONS, S.UNITS))
        assert file_io.far_sheets(z, far, parts) == {S.ADOPTIONS}
        assert sparse.extent(sparse.part_chunks(z, parts[S.UNITS])) == 99_999 * 26  # no reference past Z99999
    assert sparse.extent(iter([b'<row r="100001"><c r="AB100001"><v>1</v></c></row>'])) == 100_001 * 28
    # a reference cut in two by the blocks the part is read in is still seen whole
    assert sparse.extent(iter([b'<row r="5"><c r="XF', b'D5"/></row>'])) == 99_999 * 16_384
    # only a full parse reads a character reference, or tells text that looks like a reference past the limits
    assert sparse.extent(iter([b'<c r="&#88;FD1"/>'])) is None
    assert sparse.extent(iter([b'<t> r="XFE7"</t>'])) is None


def test_text_that_looks_like_a_far_reference_is_read_as_text(tmp_path):
    from helpers import ad, book

    title = '见 r="XFE7" 与 r="ZZZ1"'
    path = book(tmp_path / "t.xlsm", units=[ROWS["units"][0]],
                adoptions=[ad("甲镇", "《参阅》（普刊）", S.LEVEL_CITY, no="1", title=title)])
    assert xlsheet("recalc", path).returncode == 0
    assert [r[4] for r in sheet(path, S.DETAIL)[1:]] == [title]


def test_a_row_past_excels_last_is_refused_in_small_memory(tmp_path, base):
    path = _with(base, tmp_path, b'<row r="2000000000"><c r="A2000000000"><v>1</v></c></row>')
    before = path.read_bytes()
    code, peak = _peak_mib("recalc", path)
    assert code == 2 and peak < 1024
    assert path.read_bytes() == before and not backup_path(path).exists()


def test_a_large_member_named_bin_is_refused_in_small_memory(tmp_path, base):
    path = tmp_path / base.name
    shutil.copy2(base, path)
    _big_member_named_bin(path)
    assert path.stat().st_size < 5 * 1024 * 1024
    assert any(n.endswith(".bin") and "worksheets" in n for n in zipfile.ZipFile(path).namelist())
    code, peak = _peak_mib("recalc", path)
    assert code == 2 and peak < 1024


def test_cells_spread_too_widely_are_one_message(tmp_path, base, monkeypatch):
    """The sparse reader keeps only the columns that can hold a table; past MAX_SLOTS kept
    places, the sheet is refused rather than read into more memory."""
    path = _with(base, tmp_path, FAR, b"")
    monkeypatch.setattr(sparse, "MAX_SLOTS", 100)
    with pytest.raises(file_io.StructureError) as refused:
        file_io.read_grids(Snapshot.take(path))
    assert str(refused.value) == S.M["unreadable"].format(path=path, reason=S.M["too_spread"].format(
        sheet=S.ADOPTIONS, cells="100"))


def test_a_symlink_loop_is_a_located_chinese_message(tmp_path):
    loop = tmp_path / "考核.xlsm"
    other = tmp_path / "别名.xlsm"
    os.symlink(other, loop)
    os.symlink(loop, other)
    for command in ("recalc", "check"):
        done = xlsheet(command, loop)
        assert done.returncode == 2, done.stderr
        assert done.stderr.strip() == S.M["unreadable"].format(path=loop, reason=S.M["why_loop"])
