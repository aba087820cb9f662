"""Every cell recalc writes, read back as a user's reader reads it.

The file writer splices the output sheets into the package by hand, so a lost or
shifted cell would not be caught by checking the rendered tables alone. Here every
output sheet of the written file is read with python-calamine and compared, cell by
cell, with the tables the pipeline rendered: on the demonstration year and on
generated books.
"""

import random

from helpers import YEAR, ad, book, ins
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from xlsheet import api
from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.demo import write_demo


def as_read(value):
    """What a reader gets back for a value the writer was given: a blank cell reads as ''."""
    return "" if value is None else value


def assert_written(path, tables):
    book = CalamineWorkbook.from_path(str(path))
    for name in S.OUTPUT_SHEETS:
        grid = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        expected = tables[name]
        assert len(grid) == len(expected), name
        for number, (got, want) in enumerate(zip(grid, expected, strict=True), start=1):
            want = [as_read(v) for v in want] + [""] * (len(got) - len(want))
            assert got == want, f"{name} row {number}"
            # the same types too: a number never comes back as text, nor text as a number
            assert [isinstance(v, str) for v in got] == [isinstance(v, str) for v in want], f"{name} row {number}"


def test_every_cell_of_the_demo_year_reads_back(tmp_path):
    path = write_demo(tmp_path / "demo.xlsm")
    result = api.recalc(path)
    assert len(result.outcome.tables[S.DETAIL]) > 1500
    assert_written(path, result.outcome.tables)


def test_every_cell_reads_back_after_a_second_recalculation_into_another_file(tmp_path):
    path = write_demo(tmp_path / "demo.xlsm", seed=7)
    api.recalc(path)
    result = api.recalc(path, tmp_path / "again.xlsm")
    assert_written(tmp_path / "again.xlsm", result.outcome.tables)


UNITS = ["观海卫镇", "周巷镇", S.PLACEHOLDER_TOWN, "东工业区管委会", "公安局", "残联", "未登记单位"]
PUBS = [(level, pub) for level, pub, *_ in defaults.POINTS]
TITLES = st.sampled_from(["防汛", "=SUM(A1)", "+1", "@x", "A & B <c>", " 前后空格 ", "两  个", "第1期", ""])
adoption = st.builds(
    lambda u, pub, no, cat, month, title, who: ad(UNITS[u], pub[1], pub[0], no=no, cat=cat, title=title,
                                                 date=f"{YEAR}-{month:02d}-10", who=who),
    st.integers(0, len(UNITS) - 1), st.sampled_from(PUBS), st.sampled_from(["", "1", "2", "A3", "04"]),
    st.sampled_from(S.ITEM_CATEGORIES + ("乱填",)), st.integers(1, 12), TITLES,
    st.sampled_from(["", "王伟", "王伟、李强", "张敏"]))


@settings(max_examples=15, deadline=None)
@given(adoptions=st.lists(adoption, max_size=25), seed=st.integers(0, 1000))
def test_every_cell_of_generated_books_reads_back(tmp_path_factory, adoptions, seed):
    rng = random.Random(seed)
    numbered = [a for a in adoptions if a[0]]
    instructions = [ins(a[0], rng.choice(defaults.BONUS)[0]) for a in numbered[:3]]
    notices = [(rng.choice(UNITS), rng.choice([k[0] for k in defaults.NOTICE_KINDS]), "", "", "")] if seed % 3 == 0 else []
    folder = tmp_path_factory.mktemp("book")
    path = book(folder / "b.xlsm", adoptions=adoptions, instructions=instructions, notices=notices)
    result = api.recalc(path)
    assert_written(path, result.outcome.tables)
