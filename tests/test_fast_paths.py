"""Each speed-up gives exactly what the plain path it stands in for gives.

The fast paths (columns checked or written whole when a single test over the column
shows it is safe) are compared here with the plain path, on real workbooks and
generated columns.
"""

import zipfile

import pytest
from helpers import book
from hypothesis import example, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from xlsheet import names
from xlsheet import schema as S
from xlsheet.check import resolve_column, text_of
from xlsheet.check.adoptions import plain_numbers
from xlsheet.io.xlsx import _cell_tail, _column_tails, has_formulas, sheet_parts, splice_cells

# Text as people type it: spaces of both widths, tabs, the separator the column test uses,
# characters XML must escape, and control characters XML cannot hold.
NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
TEXT = st.lists(st.sampled_from(list("ab甲乙 |&<>\t\u3000\u00a0\x01") + ["B12", "信息"]), max_size=8).map("".join)


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
    assert values == ["1", "1", "True", "1", ""] and errors == {}  # 1.0 is the reader's 1 (names.typed_text)


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
