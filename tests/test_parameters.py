"""One declaration per 参数 (schema.PARAMETERS): everything else is made from it."""

import datetime as dt
import re
from fractions import Fraction
from pathlib import Path

import pytest
from helpers import YEAR, grids_from, rows_for

from xlsheet import kinds, parameters
from xlsheet import schema as S
from xlsheet.check import find_tables
from xlsheet.records import Rulebook
from xlsheet.render import run
from xlsheet.template import build_workbook

DOC = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def _doc_table(name):
    text = DOC.read_text(encoding="utf-8")
    found = re.search(f"<!-- {name} table: begin -->\n(.*?)<!-- {name} table: end -->", text, re.S)
    assert found is not None, name
    return found.group(1)


def test_the_doc_table_is_the_declarations():
    table = parameters.doc_table()
    assert _doc_table("parameters") == table, "paste into docs/rules.md:\n" + table
    assert table.count("\n") == len(parameters.pre_filled()) + 2
    assert S.K_SECONDMENT_RATIO not in table  # moved to 加分标准: not a row of the template's 参数


@pytest.mark.parametrize(("name", "columns", "table"), [
    ("extra kinds", S.EXTRA_RULE_COLUMNS, S.EXTRA_RULES_TABLE),
    ("notice kinds", S.NOTICE_RULE_COLUMNS, S.NOTICE_RULES_TABLE)])
def test_the_doc_tables_of_the_kinds_sheets_are_their_declared_columns(name, columns, table):
    text = kinds.doc_table(columns)
    assert _doc_table(name) == text, "paste into docs/rules.md:\n" + text
    assert table.columns == tuple(c.name for c in columns)
    assert table.required == tuple(c.name for c in columns if c.required)


def test_the_template_and_its_guide_are_made_from_the_declarations():
    wb = build_workbook(YEAR)
    rows = [tuple(c.value for c in row) for row in wb[S.PARAMS].iter_rows(min_row=2)]
    assert rows == parameters.sheet_rows(YEAR)
    assert rows[0] == (S.K_YEAR, YEAR, next(p.help for p in S.PARAMETERS if p.key == S.K_YEAR))
    guide = [c.value for c in wb[S.README_SHEET]["A"]]
    assert "「镇街先进比例」（百分比，默认 35%，可填 0% 到 100%）：" \
           "先进镇街数量上限占参加考核镇街总数的比例，向下取整（三（三））" in guide
    assert all(line in guide for line in parameters.guide_lines())


def test_the_rulebook_defaults_are_the_declared_defaults():
    rules = Rulebook()
    assert (rules.town_ratio, rules.dept_ratio, rules.notice_limit) == (Fraction(7, 20), Fraction(3, 10), 2)
    assert rules.comprehensive == ("经验做法", "情况反映", "综合分析")
    assert (rules.bonus_mode, rules.advanced_bonus, rules.office) == (S.BONUS_CUMULATIVE, Fraction(1, 2), "县人民政府办公室")
    assert Rulebook({"town_ratio": Fraction(1, 2)}).town_ratio == Fraction(1, 2)


def _run(param_rows):
    tables = rows_for(units=[("甲镇", S.TOWN, 100)])
    tables[S.PARAMS] = param_rows
    return run(find_tables(grids_from(tables)), YEAR)


@pytest.fixture
def new_parameter(monkeypatch):
    """A parameter added the way a maintainer adds one: one more declaration, nothing else."""
    param = S.Param("测试上限", "test_limit", 3, S.INTEGER, "测试用的参数", 0, 9)
    monkeypatch.setattr(S, "PARAMETERS", S.PARAMETERS + (param,))
    return param


def test_a_new_declaration_is_pre_filled_read_checked_and_documented(new_parameter):
    assert parameters.sheet_rows(YEAR)[-1] == ("测试上限", 3, "测试用的参数")
    assert "「测试上限」（整数，默认 3，可填 0 到 9）：测试用的参数" in parameters.guide_lines()
    assert parameters.doc_table().endswith("| 测试上限 | 3 | 整数 | 0 到 9 | 测试用的参数 |\n")
    assert Rulebook().test_limit == 3
    rows = parameters.sheet_rows(YEAR)
    assert _run(rows[:-1] + [("测试上限", "7", "")]).inputs.rules.test_limit == 7
    out = _run(rows[:-1] + [("测试上限", 12, "")])
    assert out.inputs.rules.test_limit == 3
    assert [(p.level, p.row, p.message) for p in out.inputs.problems] == [
        (S.ERROR, len(rows) + 1, "「测试上限」应在 0 到 9 之间，按默认值 3 计算")]
    assert _run(rows[:-1]).inputs.rules.test_limit == 3  # an older book without the row


def test_a_text_parameter_with_a_blank_default_may_be_left_blank(monkeypatch):
    param = S.Param("测试名称", "test_name", "", S.TEXT, "可不填")
    monkeypatch.setattr(S, "PARAMETERS", S.PARAMETERS + (param,))
    out = _run(parameters.sheet_rows(YEAR))
    assert out.inputs.rules.test_name == "" and out.inputs.problems == ()
    assert "「测试名称」（文字，默认 （空））：可不填" in parameters.guide_lines()


def _run_params(rows):
    tables = rows_for()
    tables[S.PARAMS] = rows
    out = run(find_tables(grids_from(tables)), YEAR)
    return out.inputs.rules, [(p.level, p.row, p.column, p.message) for p in out.inputs.problems if p.sheet == S.PARAMS]


def test_a_parameter_typed_twice_is_an_error_on_the_second_row_and_the_first_counts():
    rows = rows_for()[S.PARAMS]
    places = next(i for i, r in enumerate(rows) if r[0] == S.K_RATE_PLACES)
    rules, found = _run_params([*rows, (S.K_RATE_PLACES, 3, "")])
    assert rules.rate_places == 1
    assert found == [(S.ERROR, len(rows) + 2, S.P_KEY,
                      S.M["duplicate_param"].format(key=S.K_RATE_PLACES, row=places + 2))]


@pytest.mark.parametrize("typed", ["两位", 1.5, "2%"])
def test_a_value_that_cannot_be_read_says_which_default_counts(typed):
    rows = [(k, typed if k == S.K_RATE_PLACES else v, n) for k, v, n in rows_for()[S.PARAMS]]
    rules, found = _run_params(rows)
    assert rules.rate_places == 1
    assert [m for *_, m in found] == [S.M["not_integer"].format(column=S.K_RATE_PLACES)
                                      + S.M["param_default"].format(default=1)]


@pytest.mark.parametrize(("typed", "used", "error"), [
    ("慈政办", "慈政办", False), ("  慈政办 ", "慈政办", False), ("慈政办〔2026〕", "", True),
    ("慈政办[2026]12号", "", True), ("慈政办12", "", True), (123, "", True), ("慈政办⑵", "", True),
    ("慈政办²", "", True), ("慈政办١٢", "", True), ("慈政办第", "", True), ("慈\u200b政办", "", True),
    ("慈\u202e政办", "", True), ("慈政办\tx", "", True), ("慈政办发", "慈政办发", False), ("Cixi", "Cixi", False),
])
def test_the_number_prefix_is_the_office_code_alone(typed, used, error):
    rows = [(k, typed if k == S.K_NUMBER_PREFIX else v, n) for k, v, n in rows_for()[S.PARAMS]]
    rules, found = _run_params(rows)
    assert rules.number_prefix == used
    assert [m for *_, m in found] == ([S.M["bad_number_prefix"].format(key=S.K_NUMBER_PREFIX)] if error else [])


def test_a_blank_row_gives_way_to_the_same_parameter_typed_below():
    rows = [(k, None if k == S.K_RATE_PLACES else v, n) for k, v, n in rows_for()[S.PARAMS]]
    rules, found = _run_params([*rows, (S.K_RATE_PLACES, 2, "")])
    assert rules.rate_places == 2 and found == []
    rules, found = _run_params([*rows_for()[S.PARAMS], (S.K_RATE_PLACES, None, "")])
    assert rules.rate_places == 1 and found == []


@pytest.mark.parametrize("typed", [True, dt.date(2026, 3, 5)])
def test_a_text_parameter_given_a_yes_or_a_date_is_an_error_and_takes_its_default(typed):
    rows = [(k, typed if k == S.K_OFFICE else v, n) for k, v, n in rows_for()[S.PARAMS]]
    rules, found = _run_params(rows)
    assert rules.office == S.PARAMETER_BY_KEY[S.K_OFFICE].default
    assert [(level, column) for level, _, column, _ in found] == [(S.ERROR, S.P_VALUE)]


def test_a_missing_or_blank_year_says_which_year_counts():
    rules, found = _run_params([r for r in rows_for()[S.PARAMS] if r[0] != S.K_YEAR])
    assert rules.year == YEAR and found == [(S.WARNING, 0, S.P_KEY,
                                             S.M["missing_year_row"].format(key=S.K_YEAR, year=YEAR))]
    rules, found = _run_params([(k, None if k == S.K_YEAR else v, n) for k, v, n in rows_for()[S.PARAMS]])
    assert rules.year == YEAR and [m for *_, m in found] == [S.M["missing_param"].format(key=S.K_YEAR, default=YEAR)]


@pytest.mark.parametrize(("key", "typed"), [(S.K_BONUS_MODE, "最低"), (S.K_INFORMANT_ORDER, "质量、颜值")])
def test_an_unknown_choice_says_which_default_counts(key, typed):
    rules, found = _run_params([(k, typed if k == key else v, n) for k, v, n in rows_for()[S.PARAMS]])
    default = S.PARAMETER_BY_KEY[key].default
    assert len(found) == 1 and S.M["param_default"].format(default=default) in found[0][3]
