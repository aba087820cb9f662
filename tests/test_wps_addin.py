"""The WPS add-in (xlsheet/wps/): its ribbon validates, its JavaScript type-checks against
Kingsoft's declarations, and it runs under Node's test runner on a stand-in of WPS against
the real local service, giving the headless recalc's outputs."""

import json
import os
import re
import shutil
import socket
import subprocess
from pathlib import Path

import openpyxl
import pytest
import xmlschema
from helpers import skip_or_fail
from lxml import etree
from openpyxl.utils.datetime import to_excel
from test_serve import Service
from test_vba_ribbon import NS, TEMPLATE, XSD, ribbon_and_code

from xlsheet import api, install
from xlsheet import schema as S

ROOT = Path(__file__).resolve().parent.parent
ADDIN = ROOT / "xlsheet" / "wps"
TOOLS = ROOT / "tests" / "wps"
NODE_TESTS = 9


def node_tools():
    node = shutil.which("node")
    tsc = TOOLS / "node_modules" / ".bin" / "tsc"
    if node is None or not tsc.exists():
        skip_or_fail("Node's tools are not installed (npm ci --prefix tests/wps)")
    return node, tsc


def test_the_ribbon_validates_and_every_callback_is_a_global_function_of_main_js():
    if not XSD.exists():
        skip_or_fail(f"the ribbon schema is not beside this clone: {XSD}")
    text = (ADDIN / "ribbon.xml").read_text(encoding="utf-8")
    schema = xmlschema.XMLSchema(str(XSD))
    schema.validate(text)
    doc = etree.fromstring(text.encode("utf-8"))
    assert doc.find(".//c:tab", NS).get("label") == "信息考核"
    excel = etree.fromstring(ribbon_and_code(TEMPLATE)[0])
    labels = [b.get("label") for b in doc.iterfind(".//c:button", NS)]
    assert labels == [b.get("label") for b in excel.iterfind(".//c:button", NS)]
    callbacks = {e.get(a) for e in doc.iter() for a in ("onAction", "onLoad") if e.get(a)}
    functions = set(re.findall(r"^function (\w+)\(", (ADDIN / "main.js").read_text(encoding="utf-8"), re.M))
    assert len(callbacks) == 9 and callbacks <= functions


def test_main_js_passes_tsc_against_kingsofts_declarations():
    node, tsc = node_tools()
    done = subprocess.run([node, str(tsc), "-p", str(TOOLS / "tsconfig.json")], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    broken = TOOLS / "broken.tsconfig.json"  # the check bites: a wrong call is reported
    bad = TOOLS / "broken-main.js"
    try:
        bad.write_text((ADDIN / "main.js").read_text(encoding="utf-8").replace(
            "sheet.UsedRange;", "sheet.UsedRanges;", 1), encoding="utf-8")
        config = json.loads((TOOLS / "tsconfig.json").read_text())
        config["files"] = ["broken-main.js" if f.endswith("main.js") else f for f in config["files"]]
        broken.write_text(json.dumps(config))
        done = subprocess.run([node, str(tsc), "-p", str(broken)], capture_output=True, text=True, timeout=120)
        assert done.returncode != 0 and "UsedRanges" in done.stdout
    finally:
        bad.unlink(missing_ok=True)
        broken.unlink(missing_ok=True)


def wps_book(path: Path) -> dict:
    """The book as WPS holds it: each cell's Value2 (dates as serial numbers) and number
    format, from the file itself; the output sheets hold stale values to be replaced."""
    wb = openpyxl.load_workbook(path)
    sheets = []
    for ws in wb.worksheets:
        values, formats = [], []
        for row in ws.iter_rows():
            values.append([to_excel(c.value) if hasattr(c.value, "year") else c.value for c in row])
            formats.append([c.number_format for c in row])
        if ws.title in S.OUTPUT_SHEETS:
            values = [[f"旧{r}" for r in range(8)] for _ in range(3000 if ws.title == S.DETAIL else 90)]
            formats = []
        sheets.append({"name": ws.title, "codeName": ws.sheet_properties.codeName, "values": values,
                       "formats": formats})
    return {"name": path.name, "fullName": str(path), "path": str(path.parent), "sheets": sheets}


def trimmed(rows):
    out = []
    for row in rows:
        values = [None if v == "" else v for v in row]
        while values and values[-1] is None:
            values.pop()
        out.append(values)
    while out and not out[-1]:
        out.pop()
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    running = Service(tmp_path_factory.mktemp("wps-home"))
    yield running
    running.stop()


def test_the_add_in_under_nodes_test_runner_on_a_stand_in_of_wps(service, demo, tmp_path):
    node, _ = node_tools()
    book = tmp_path / "2026考核.xlsx"
    shutil.copy2(demo, book.with_suffix(".xlsm"))
    book = book.with_suffix(".xlsm")
    fixture = tmp_path / "fixture"
    fixture.mkdir()
    edited = openpyxl.load_workbook(book, keep_vba=True)  # 2 decimals: the rate columns then show 0.00%
    next(row for row in edited[S.PARAMS].iter_rows() if row[0].value == S.K_RATE_PLACES)[1].value = 2
    edited.save(book)
    (fixture / "book.json").write_text(json.dumps(wps_book(book), ensure_ascii=False), encoding="utf-8")
    (fixture / "config.js").write_text(install.wps_config(service.token_file), encoding="utf-8")
    tokens = {"missing": tmp_path / "无.json", "dead": tmp_path / "dead.json", "wrong": tmp_path / "wrong.json",
              "garbled": tmp_path / "garbled.json"}
    dead = free_port()
    tokens["dead"].write_text(json.dumps({"port": dead, "token": service.token}))
    tokens["wrong"].write_text(json.dumps({"port": service.port, "token": "x" * 43}))
    tokens["garbled"].write_text('{"port": ')
    for name, path in tokens.items():
        (fixture / f"{name}.js").write_text(install.wps_config(path), encoding="utf-8")
    outcome = api.check(book)
    headless = outcome.tables
    from xlsheet.render import counts, number_formats

    report = book.with_name("2026年第四季度政务信息录用情况通报.docx")
    text = S.WPS_TEXT
    expected = {
        "outputs": {name: trimmed(headless[name]) for name in S.OUTPUT_SHEETS},
        "number_formats": number_formats(headless, 2),
        "inputs": [n for n in S.INPUT_SHEETS],
        "recalc_alert": S.EXCEL_TEXT["done"].format(counts="\n".join(counts(outcome)))
        + ("\n" + S.EXCEL_TEXT["see_check"] if outcome.errors else ""),
        "check_alert": S.EXCEL_TEXT["checked"].format(counts="\n".join(counts(outcome))),
        "report_alert": S.EXCEL_TEXT["report"].format(path=report)
        + ("\n" + S.EXCEL_TEXT["left_out"].format(errors=outcome.error_rows, sheet=S.CHECK) if outcome.errors else ""),
        "report_path": str(report),
        "doctor_lines": ["✓ " + S.SERVE["status_running"].format(port=service.port),
                         S.INSTALL["book_ok"].format(path=book)],
        "guide": S.README_SHEET,
        "unreachable": [
            ["missing.js", text["not_running"].format(path=tokens["missing"])],
            ["dead.js", text["unreachable"].format(port=dead)],
            ["wrong.js", S.SERVE["token"]],
            ["garbled.js", text["bad_token_file"].format(path=tokens["garbled"])],
        ],
        "text": text,
    }
    (fixture / "expected.json").write_text(json.dumps(expected, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, XLSHEET_WPS_FIXTURE=str(fixture))
    done = subprocess.run([node, "--test", str(TOOLS / "addin.test.js")], capture_output=True, text=True,
                          env=env, timeout=240, cwd=TOOLS)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert f"# pass {NODE_TESTS}" in done.stdout and "# fail 0" in done.stdout
    assert report.exists()
