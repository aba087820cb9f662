"""Each speed-up gives exactly what the plain path it stands in for gives.

The fast paths (a second process for 得分明细, columns checked or written whole
when a single test over the column shows it is safe) are compared here with the
plain path, on real forks, real workbooks and generated columns.
"""

import datetime as dt
import os
import struct
import threading
import zipfile
import zlib

import pytest
from helpers import YEAR, ad, book, ins, skip_or_fail
from hypothesis import example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from xlsheet import api, names
from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.check import resolve_column, text_of
from xlsheet.check.adoptions import plain_numbers
from xlsheet.io import background as bg
from xlsheet.io import file as file_io
from xlsheet.io.snapshot import Snapshot
from xlsheet.io.xlsx import _cell_tail, _column_tails, has_formulas, sheet_parts, splice_cells

# Text as people type it: spaces of both widths, tabs, the separator the column test uses,
# characters XML must escape, and control characters XML cannot hold.
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TEXT = st.lists(st.sampled_from(list("ab甲乙 |&<>\t\u3000\u00a0\x01") + ["B12", "信息"]), max_size=8).map("".join)


# --- the second process --------------------------------------------------------------


def test_background_returns_what_the_child_made():
    parent = os.getpid()
    made_here = []

    def work() -> bytes:
        if os.getpid() == parent:
            made_here.append(1)
        return f"{os.getpid() != parent}".encode()

    with bg.background(work) as result:
        assert result() == (b"True" if bg.CAN_FORK else b"False")
        assert result() == (b"True" if bg.CAN_FORK else b"False")  # asked twice
    assert len(made_here) == (0 if bg.CAN_FORK else 1)  # made once, and where fork exists, not here


def test_a_failed_child_is_replaced_by_the_same_work_done_here():
    parent = os.getpid()

    def work() -> bytes:
        if os.getpid() != parent:
            raise RuntimeError("child fails")
        return b"made by the parent"

    with bg.background(work) as result:
        assert result() == b"made by the parent"


def test_a_result_never_asked_for_leaves_no_child_behind():
    if not bg.CAN_FORK:
        skip_or_fail("no fork on this platform")
    with bg.background(lambda: b"x" * 1_000_000) as result:
        pid = result.__self__.pid
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_recalculation_with_and_without_the_second_process_writes_the_same_parts(tmp_path, monkeypatch):
    """Every member, uncompressed, is the same (the deflate streams differ: one is joined)."""
    if not bg.CAN_FORK:
        skip_or_fail("no fork on this platform: there is only the one-process path to compare")
    pubs = [(level, pub) for level, pub, *_ in defaults.POINTS]
    adoptions = [ad(unit, pub, level, no=f"A{i}", date=dt.date(YEAR, 1 + i % 12, 1 + i % 27), who="王伟")
                 for i, (unit, (level, pub)) in enumerate(zip(["观海卫镇", "周巷镇", "公安局", "信访局"] * 40,
                                                              pubs * 10, strict=False))]
    source = book(tmp_path / "source.xlsm", adoptions=adoptions, instructions=[ins("A3", "县领导")])
    outputs = {}
    for fork in (True, False):
        monkeypatch.setattr(bg, "CAN_FORK", fork and bg.CAN_FORK)
        out = tmp_path / f"out-{fork}.xlsm"
        api.recalc(source, out)
        with zipfile.ZipFile(out) as z:
            outputs[fork] = {name: z.read(name) for name in z.namelist()}
    assert outputs[True] == outputs[False]
    with zipfile.ZipFile(tmp_path / "out-True.xlsm") as z:
        part = sheet_parts(z.read("xl/workbook.xml"), z.read("xl/_rels/workbook.xml.rels"))[S.DETAIL]
        assert z.read(part).count(b"<row ") == 1 + len(adoptions) + 1  # header, adoptions, instruction


# --- columns checked whole -------------------------------------------------------------


@settings(max_examples=300)
@given(st.lists(st.one_of(TEXT, TEXT.map(names.clean)), max_size=12))
@example(["甲 乙", "B12", ""])
@example(["甲  乙"])
def test_a_column_passes_as_clean_exactly_when_every_value_is(values):
    clean = all(names.clean(v) == v and v.isprintable() for v in values)
    if not any("|" in v for v in values):  # '|' joins the column for the test: it may refuse such text
        assert names.all_clean(values) == clean
    elif names.all_clean(values):
        assert clean


@settings(max_examples=300)
@given(st.sets(st.text(alphabet="Aabc0129", min_size=1, max_size=4), max_size=5))
@example({"a1", "102"})
def test_plain_item_numbers_are_their_own_keys(numbers):
    if plain_numbers(numbers):  # what check.adoptions takes for granted when it is true
        assert all(names.number_key(n) == n.lower() for n in numbers)
    else:
        assert any(n[0] == "0" for n in numbers)


def test_true_one_and_one_point_zero_each_resolve_as_themselves():
    values, errors = resolve_column([1, 1.0, True, "1", None], text_of("列", required=False))
    assert values == ["1", "1.0", "True", "1", ""] and errors == {}


@settings(max_examples=200)
@given(st.lists(st.one_of(TEXT, st.none(), st.integers(-5, 5)), max_size=12))
def test_resolving_by_distinct_value_is_resolving_each_value(values):
    resolve = text_of("列", required=True)
    found, errors = resolve_column(values, resolve)
    expected = [resolve(v) for v in values]
    assert found == [v for v, _ in expected]
    assert errors == {i: m for i, (_, m) in enumerate(expected) if m}


# --- columns written whole ------------------------------------------------------------


@settings(max_examples=300)
@given(st.one_of(st.lists(TEXT, min_size=1, max_size=12, unique=True),
                 st.lists(st.integers(-10**6, 10**6), min_size=1, max_size=12, unique=True),
                 st.lists(st.one_of(TEXT, st.none(), st.floats(allow_nan=False), st.booleans()), max_size=12)))
def test_a_column_written_whole_is_what_each_cell_would_be(column):
    style = '" s="3"'
    plain = [style + "/>" if v is None or v == "" else _cell_tail(v, style, "") for v in column]
    assert list(_column_tails(column, style, "")) == plain
    for value, tail in zip(column, plain, strict=True):  # and each cell, parsed, is the value
        assert _parsed(tail) == _expected(value)


def _parsed(tail: str) -> object:
    """A cell's value as an XML reader finds it in `<c r="A1` + tail."""
    from lxml import etree

    cell = etree.fromstring(f'<c xmlns="{NS}" r="A1{tail}'.encode())
    kind = cell.get("t")
    if kind == "inlineStr":
        return cell.findtext(f"{{{NS}}}is/{{{NS}}}t")
    value = cell.findtext(f"{{{NS}}}v")
    if kind == "b":
        return value == "1"
    return None if value is None else float(value)


def _expected(value: object) -> object:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return "".join(c for c in value if c.isprintable() or c in "\t\n\r" or c == "\u3000" or c == "\xa0")
    return value


def test_blank_cells_below_the_header_are_empty_cells_read_back_as_blank(tmp_path):
    old = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<sheetData><row r="1"><c r="A1" s="2" t="inlineStr"><is><t>old</t></is></c></row></sheetData>'
           b'</worksheet>')
    rows = [["单位", "分值", "说明"], ["甲镇", 3, None], ["乙局", None, ""], [None, 1.5, "x"]]
    part = b"".join(splice_cells(old, rows))
    assert b'<c r="C2"/>' in part and b'<c r="B3"/>' in part and b'<c r="A4"/>' in part
    path = book(tmp_path / "b.xlsm")
    with zipfile.ZipFile(path) as z:
        name = sheet_parts(z.read("xl/workbook.xml"), z.read("xl/_rels/workbook.xml.rels"))[S.DETAIL]
        members = {info.filename: z.read(info) for info in z.infolist()}
    members[name] = b"".join(splice_cells(members[name], rows))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for member, data in members.items():
            z.writestr(member, data)
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(S.DETAIL).to_python()
    assert [row[:3] for row in grid[1:]] == [["甲镇", 3, ""], ["乙局", "", ""], ["", 1.5, "x"]]


@pytest.mark.parametrize(("cells", "found"), [
    (b'<c r="A2"><v>1</v></c>', False),
    (b'<c r="A2"><f>SUM(B1:B2)</f><v>3</v></c>', True),
    (b'<c r="A2"><f t="shared" si="0"/><v>3</v></c>', True),
    ("<c r=\"A2\" t=\"inlineStr\"><is><t>f&gt; 说明 :f x</t></is></c>".encode(), False),
])
def test_formulas_are_found_by_their_tag_only(cells, found):
    part = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1"><c r="A1"><v>1</v></c></row><row r="2">' + cells + b"</row></sheetData></worksheet>")
    assert has_formulas(part) is found
    assert has_formulas(part.replace(b"<", b"<x:").replace(b"<x:/", b"</x:")) is found


def test_plain_columns_take_the_fast_paths():
    style = '" s="3"'
    assert isinstance(_column_tails(["甲镇", "乙 局", "", "B12"], style, ""), list)
    assert isinstance(_column_tails([3, 1, 2, 7], style, ""), list)
    assert not isinstance(_column_tails(["a  b", "c", "d", "e"], style, ""), list)
    assert not isinstance(_column_tails(["甲镇"] * 8, style, ""), list)  # few distinct values: made once each
    assert names.all_clean(["甲 乙", "B12", ""])
    for dirty in (["a  b"], [" a"], ["a "], ["甲\u3000乙"], ["a\tb"], [1], [None]):
        assert not names.all_clean(dirty)


def test_a_part_made_in_two_pieces_is_the_part_made_whole(tmp_path):
    path = book(tmp_path / "b.xlsm")
    rows = [list(S.DETAIL_TABLE.columns)] + [
        [f"单位{i % 7}", S.ADOPTIONS, i + 2, f"N{i}", f"标题 {i} & <{i}>", "录用", i % 5 or 0.5, None]
        for i in range(300)]
    old = file_io.read_part(Snapshot.take(path), S.DETAIL)
    whole = file_io.pack_part(old, rows)
    for stop in (1, 2, 150, 300, 301):
        first = file_io.pack_part(old, rows, stop=stop)
        joined = file_io.finish_part(old, rows, stop, lambda first=first: first)
        assert _inflate(joined) == _inflate(whole)
        crc, size = struct.unpack_from("<IQ", joined)
        assert (crc, size) == (zlib.crc32(_inflate(whole)), len(_inflate(whole)))


def _inflate(packed: bytes) -> bytes:
    return zlib.decompress(packed[12:], -15)


def test_recalc_forks_safely_while_other_threads_of_the_caller_run(tmp_path):
    """An API user's program with its own threads, one of them holding a lock and printing:
    the child process needs neither, and the run ends with the same output as a quiet one."""
    if not bg.CAN_FORK:
        skip_or_fail("no fork on this platform")
    source = book(tmp_path / "source.xlsm", adoptions=[ad("周巷镇", "《每日要讯》", no=str(i)) for i in range(50)])
    api.recalc(source, tmp_path / "quiet.xlsm")
    busy, stop = threading.Lock(), threading.Event()

    def chatter() -> None:
        with busy:
            while not stop.is_set():
                print("工作中", end="", flush=False)
                stop.wait(0.001)

    worker = threading.Thread(target=chatter)
    worker.start()
    try:
        api.recalc(source, tmp_path / "busy.xlsm")
    finally:
        stop.set()
        worker.join()
    with zipfile.ZipFile(tmp_path / "quiet.xlsm") as quiet, zipfile.ZipFile(tmp_path / "busy.xlsm") as busy_book:
        assert {n: quiet.read(n) for n in quiet.namelist()} == {n: busy_book.read(n) for n in busy_book.namelist()}
