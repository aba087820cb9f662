"""Per-unit statements (对账单): each unit's lines, adding up to its total."""

from fractions import Fraction

from docx import Document
from helpers import ad, book
from test_cli import xlsheet

from xlsheet import api
from xlsheet import schema as S
from xlsheet.io.targets import safe_file_name


def _listed(doc):
    """The statement's table rows (without header and total), and the total row's points."""
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    return rows[1:-1], rows[-1][6]


def test_every_statement_of_a_year_adds_up_to_the_units_total(demo, tmp_path):
    seen = []
    written = api.statements(demo, quarter=4, out=tmp_path / "q4", progress=lambda n, total, unit: seen.append(n))
    outcome = api.check(demo)
    totals = {r.name: r.total for r in outcome.assessment.results}
    assert len(written) == len(outcome.inputs.units) == len(seen) and seen[-1] == len(written)
    for path in written:
        unit = path.stem if path.stem in totals else next(u for u in totals if safe_file_name(u) == path.stem)
        lines, total = _listed(Document(str(path)))
        points = sum((Fraction(row[6]) for row in lines), Fraction(0))
        assert points == Fraction(total) == totals[unit], unit
        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        assert f"累计得分：{total}" in text


def test_a_statement_names_each_of_the_units_scored_titles(demo, tmp_path):
    outcome = api.check(demo)
    unit = "周巷镇"
    [path] = api.statements(demo, quarter=4, unit=unit, out=tmp_path)
    listed = {row[4] for row in _listed(Document(str(path)))[0]}
    scored = {ln.title for ln in outcome.ledger if ln.unit == unit and ln.points and ln.title}
    assert scored and scored <= listed


def test_a_quarters_statement_lists_only_lines_up_to_its_end(tmp_path):
    path = book(tmp_path / "q.xlsm", units=[("甲镇", S.TOWN, 100)],
                adoptions=[ad("甲镇", "《每日要讯》", no="1", title="一月", date="2026-01-05"),
                           ad("甲镇", "《参阅》", no="2", title="五月", date="2026-05-05")])
    [first] = api.statements(path, quarter=1, unit="甲镇", out=tmp_path / "q1")
    lines, total = _listed(Document(str(first)))
    assert [row[4] for row in lines] == ["一月"] and total == "5"
    text = "\n".join(p.text for p in Document(str(first)).paragraphs)
    assert "距完成年度信息基础分还差 95 分" in text


def test_the_command_names_an_unknown_unit_with_a_suggestion(tmp_path):
    path = book(tmp_path / "u.xlsm", units=[("甲镇", S.TOWN, 100)])
    done = xlsheet("statements", path, "--unit", "甲")
    assert done.returncode == 2 and "没有单位「甲」" in done.stderr and "是否为「甲镇」" in done.stderr
    done = xlsheet("statements", path, "--unit", "甲镇", "--out", tmp_path / "out")
    assert done.returncode == 0 and (tmp_path / "out" / "甲镇.docx").exists()


def test_statements_with_input_errors_say_so_and_exit_1(tmp_path):
    """As report does: the files are written, and the command says how many rows they leave out."""
    path = book(tmp_path / "e.xlsm", units=[("甲镇", S.TOWN, 100)],
                adoptions=[ad("甲镇", "《每日要讯》", no="1"), ad("甲镇", "《没有这个刊物》", no="2")])
    done = xlsheet("statements", path, "--out", tmp_path / "out")
    assert done.returncode == 1 and (tmp_path / "out" / "甲镇.docx").exists()
    assert S.STATEMENT["left_out"].format(errors=1, sheet=S.CHECK) in done.stderr
    assert f"错误 信息录用 第3行 {S.A_PUB}" in done.stderr
    three = book(tmp_path / "3.xlsm", units=[("甲镇", S.TOWN, 100)],  # three errors on one row: one row left out
                 adoptions=[ad("甲镇", "《每日要讯》", no="1"), ad("无此镇", "《没有这个刊物》", no="2", date="2026-13-45")])
    done = xlsheet("statements", three, "--out", tmp_path / "three")
    assert done.returncode == 1 and S.STATEMENT["left_out"].format(errors=1, sheet=S.CHECK) in done.stderr
    assert done.stderr.count("错误 信息录用 第3行") >= 2
    clean = book(tmp_path / "c.xlsm", units=[("甲镇", S.TOWN, 100)], adoptions=[ad("甲镇", "《每日要讯》", no="1")])
    done = xlsheet("statements", clean, "--out", tmp_path / "clean")
    assert done.returncode == 0 and "未计入" not in done.stderr
