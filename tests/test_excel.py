"""The Excel entry points on xlwings' own remote engine (offline, noncommercial licence)."""

import datetime as dt
import os

os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

import pytest  # noqa: E402
import xlwings as xw  # noqa: E402
from helpers import ad, book, ins  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

from xlsheet import api, excel  # noqa: E402
from xlsheet import schema as S  # noqa: E402
from xlsheet.io.workbook import FORMULA_STARTS  # noqa: E402

T = ("甲镇", S.TOWN, 100)


def _json_value(value):
    if value is None or value == "":
        return ""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%dT00:00:00.000Z")
    return value


def payload(path, drop=()):
    """The JSON an Excel client would send for this workbook: every sheet's values from A1."""
    wb = CalamineWorkbook.from_path(str(path))
    sheets = []
    for name in wb.sheet_names:
        if name in drop:
            continue
        grid = wb.get_sheet_by_name(name).to_python(skip_empty_area=False) or [[""]]
        width = max(len(r) for r in grid)
        values = [[_json_value(v) for v in row] + [""] * (width - len(row)) for row in grid]
        sheets.append({"name": name, "values": values, "pictures": [], "tables": []})
    return {"client": "Office.js", "version": xw.__version__,
            "book": {"name": path.name, "active_sheet_index": 0, "selection": "A1"},
            "names": [], "sheets": sheets}


def apply(data, actions):
    """What Excel would show after the recorded actions: sheet name -> grid."""
    grids = {s["name"]: [list(r) for r in s["values"]] for s in data["sheets"]}
    names = [s["name"] for s in data["sheets"]]
    for a in actions:
        if a["func"] == "sheetClearContents":
            grids[names[a["sheet_position"]]] = []
        elif a["func"] == "setValues":
            grid = grids[names[a["sheet_position"]]]
            for r, row in enumerate(a["values"]):
                while len(grid) <= a["start_row"] + r:
                    grid.append([])
                line = grid[a["start_row"] + r]
                for c, value in enumerate(row):
                    while len(line) <= a["start_column"] + c:
                        line.append("")
                    line[a["start_column"] + c] = value
    return grids


def unprefix(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return None if value == "" else value


ROWS = dict(units=[T, ("甲局", S.DEPARTMENT, 60), ("气象局", S.OTHER, None)],
            adoptions=[ad("甲镇", "《参阅》（普刊）", S.LEVEL_CITY, no="1", cat="经验做法", who="王伟",
                          date=dt.date(2026, 4, 1)),
                       ad("甲镇", "《政务情况交流》", S.LEVEL_STATE, no="2", date=dt.date(2026, 5, 10)),
                       ad("甲局", "《每日要讯》", no="3", title="=1+1", date=dt.date(2026, 6, 1)),
                       ad("乙局", "《每日要讯》", no="4", date=dt.date(2026, 6, 1))],
            instructions=[ins("1", S.LEADER_COUNTY)])


def test_recalculate_writes_what_the_command_line_writes(tmp_path):
    path = book(tmp_path / "b.xlsm", **ROWS)
    data = payload(path)
    xl_book = xw.Book(json=data)
    outcome = excel.recalculate(xl_book)
    assert outcome is not None
    actions = xl_book.json()["actions"]
    grids = apply(data, actions)
    headless = api.check(path).tables
    for name in S.OUTPUT_SHEETS:
        got = [[unprefix(v) for v in row] for row in grids[name]]
        expected = [[None if v == "" else v for v in row] for row in headless[name]]
        assert got == expected, name
    written = [a for a in actions if a["func"] == "setValues"]
    detail = next(a for a in written if data["sheets"][a["sheet_position"]]["name"] == S.DETAIL)
    assert "'=1+1" in [v for row in detail["values"] for v in row]
    # an error in the input: the 校验 sheet is shown, and the message says so
    assert any(a["func"] == "activateSheet" and data["sheets"][a["sheet_position"]]["name"] == S.CHECK
               for a in actions)
    alert = [a for a in actions if a["func"] == "alert"]
    assert len(alert) == 1 and "错误 1 条" in alert[0]["args"][0] and alert[0]["args"][1] == "信息考核"
    screen = [a["args"][0] for a in actions if a["func"] == "setScreenUpdating"]
    assert screen == [False, True]


def _actions_for(tmp_path, rows):
    adoptions = [ad(S.PLACEHOLDER_TOWN if i % 2 else "观海卫镇", "《每日要讯》", no=str(i),
                    date=dt.date(2026, 1 + i % 12, 1)) for i in range(rows)]
    path = book(tmp_path / f"b{rows}.xlsm", adoptions=adoptions)
    xl_book = xw.Book(json=payload(path))
    assert excel.recalculate(xl_book) is not None
    return [a["func"] for a in xl_book.json()["actions"]]


def test_number_of_actions_does_not_grow_with_rows(tmp_path):
    small, large = _actions_for(tmp_path, 100), _actions_for(tmp_path, 5000)
    assert small == large
    assert small.count("setValues") == len(S.OUTPUT_SHEETS)
    assert small.count("sheetClearContents") == len(S.OUTPUT_SHEETS)


def test_check_writes_nothing(tmp_path):
    xl_book = xw.Book(json=payload(book(tmp_path / "b.xlsm", **ROWS)))
    assert excel.check(xl_book).inputs.errors == 1
    funcs = [a["func"] for a in xl_book.json()["actions"]]
    assert funcs == ["alert"]


@pytest.mark.parametrize("entry", [excel.recalculate, excel.check])
def test_missing_sheet_gives_one_message_and_writes_nothing(tmp_path, entry):
    xl_book = xw.Book(json=payload(book(tmp_path / "b.xlsm", **ROWS), drop=(S.NOTICES,)))
    assert entry(xl_book) is None
    actions = xl_book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"]
    assert S.M["missing_sheet"].format(sheet=S.NOTICES) in actions[0]["args"][0]


def test_report_button_writes_the_bulletin_beside_the_book(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    xl_book = xw.Book(json=payload(book(tmp_path / "b.xlsm", **ROWS)))
    path = excel.report(xl_book, quarter=2)
    assert path == tmp_path / "2026年第二季度政务信息录用情况通报.docx" and path.exists()
    actions = xl_book.json()["actions"]
    assert [a["func"] for a in actions] == ["alert"] and str(path) in actions[0]["args"][0]


def test_excel_error_values_are_reported_as_such_on_the_excel_side(tmp_path):
    data = payload(book(tmp_path / "b.xlsm", units=[T], adoptions=[ad("甲镇", "《每日要讯》", no="1")]))
    sheet = next(s for s in data["sheets"] if s["name"] == S.ADOPTIONS)
    sheet["values"][1][S.ADOPTIONS_TABLE.columns.index(S.A_DATE)] = "#DIV/0!"
    outcome = excel.check(xw.Book(json=data))
    [problem] = outcome.inputs.problems
    assert problem.message == S.M["excel_error"].format(column=S.A_DATE, value="#DIV/0!")


def test_every_cell_of_the_demo_year_is_written_by_the_excel_side_as_the_headless_path_writes_it(tmp_path):
    from xlsheet.demo import write_demo

    path = write_demo(tmp_path / "demo.xlsm")
    data = payload(path)
    xl_book = xw.Book(json=data)
    assert excel.recalculate(xl_book) is not None
    grids = apply(data, xl_book.json()["actions"])
    headless = api.check(path).tables
    assert len(headless[S.DETAIL]) > 1500
    for name in S.OUTPUT_SHEETS:
        got = [[unprefix(v) for v in row] for row in grids[name]]
        expected = [[None if v == "" else v for v in row] for row in headless[name]]
        assert got == expected, name


def test_the_year_end_button_names_the_ties_or_writes_the_documents(tmp_path, monkeypatch):
    from test_decisions import ROWS as TIED
    from test_year_end import DECIDED

    monkeypatch.chdir(tmp_path)
    open_ties = xw.Book(json=payload(book(tmp_path / "tied.xlsm", **TIED)))
    assert excel.year_end(open_ties) == ()
    [alert] = [a for a in open_ties.json()["actions"] if a["func"] == "alert"]
    assert "仍有单位并列待定" in alert["args"][0] and "甲镇" in alert["args"][0]
    assert not list(tmp_path.glob("*.docx"))
    decided = xw.Book(json=payload(book(tmp_path / "decided.xlsm", **TIED, decisions=DECIDED)))
    written = excel.year_end(decided)
    assert [p.suffix for p in written] == [".docx", ".docx", ".xlsx"] and all(p.exists() for p in written)
    [alert] = [a for a in decided.json()["actions"] if a["func"] == "alert"]
    assert str(written[0]) in alert["args"][0]


def test_the_statements_and_next_year_buttons_write_beside_the_book(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clean = dict(ROWS, adoptions=[a for a in ROWS["adoptions"] if a[1] != "乙局"])  # a rollover needs no errors
    path = book(tmp_path / "2026考核.xlsm", **clean)
    api.recalc(path)
    xl_book = xw.Book(json=payload(path))
    written = excel.statements(xl_book)
    assert {p.stem for p in written} == {"甲镇", "甲局", "气象局"} and all(p.exists() for p in written)
    [alert] = [a for a in xl_book.json()["actions"] if a["func"] == "alert"]
    assert "未计入" not in alert["args"][0]  # no input errors
    erring = xw.Book(json=payload(book(tmp_path / "有错.xlsm", **ROWS)))  # 乙局 is no unit: one error
    excel.statements(erring)
    [alert] = [a for a in erring.json()["actions"] if a["func"] == "alert"]
    assert alert["args"][0].endswith(S.EXCEL_TEXT["left_out"].format(errors=1, sheet=S.CHECK))
    nxt = xw.Book(json=payload(path))
    made = excel.next_year(nxt)
    assert made == tmp_path / "2027考核.xlsm" and made.exists()
    [alert] = [a for a in nxt.json()["actions"] if a["func"] == "alert"]
    assert str(made) in alert["args"][0]


def test_the_self_check_button_reports_the_python_side(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    xl_book = xw.Book(json=payload(book(tmp_path / "b.xlsm", **ROWS)))
    text = excel.doctor(xl_book)
    assert "✓ xlsheet" in text and "全部工作表齐全" in text
    [alert] = [a for a in xl_book.json()["actions"] if a["func"] == "alert"]
    assert alert["args"][0] == text


def test_the_buttons_never_replace_a_document_or_next_years_records(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    clean = dict(ROWS, adoptions=[a for a in ROWS["adoptions"] if a[1] != "乙局"])
    path = book(tmp_path / "2026考核.xlsm", **clean)
    first = excel.report(xw.Book(json=payload(path)), quarter=2)
    again = xw.Book(json=payload(path))
    second = excel.report(again, quarter=2)
    assert first != second and first.exists() and second.name == first.stem + "（2）.docx"
    [alert] = [a for a in again.json()["actions"] if a["func"] == "alert"]
    assert second.name in alert["args"][0] and "--force" not in alert["args"][0]  # no command line in Excel
    made = excel.next_year(xw.Book(json=payload(path)))
    typed = book(made, **clean)  # next year's first entries (the year does not matter here)
    before = typed.read_bytes()
    refused = xw.Book(json=payload(path))
    assert excel.next_year(refused) is None and made.read_bytes() == before
    [alert] = [a for a in refused.json()["actions"] if a["func"] == "alert"]
    assert "记录" in alert["args"][0] and "--force" in alert["args"][0]


def test_the_rate_columns_take_the_parameters_number_format(tmp_path):
    """完成率 below each header shows 参数 完成率小数位数's decimals: one setNumberFormat per column."""
    path = book(tmp_path / "b.xlsm", **ROWS, **{S.K_RATE_PLACES: 2})
    data = payload(path)
    xl_book = xw.Book(json=data)
    outcome = excel.recalculate(xl_book)
    names = [s["name"] for s in data["sheets"]]
    got = {(names[a["sheet_position"]], a["start_row"], a["start_column"], a["row_count"], a["column_count"],
            *a["args"]) for a in xl_book.json()["actions"] if a["func"] == "setNumberFormat"}
    rows = outcome.tables
    wanted = {(sheet, 1, rows[sheet][0].index(column), len(rows[sheet]) - 1, 1, "0.00%")
              for sheet, column in [(S.SCORES, S.O_RATE), (S.QUARTERLY, S.O_RATE), (S.RANKING, S.O_RATE),
                                    (S.RANKING, S.O_CHART_TOWN), (S.RANKING, S.O_CHART_DEPT),
                                    (S.RANKING, S.O_CHART_LINE)]}
    assert got == wanted
