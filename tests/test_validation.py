"""The packages xlsheet writes, checked against the OOXML schemas and Excel's own rules by
openxml-audit (strict policy, the Microsoft 365 format), the way the best spreadsheet
writers check against the specification rather than against forgiving readers.

Errors fail a test. Warnings are listed in the test output; each kind accepted is named
below with the reason.
"""

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from helpers import ad, book, skip_or_fail
from openxml_audit import FileFormat, OpenXmlValidator, ValidationSeverity

from xlsheet import api
from xlsheet import schema as S
from xlsheet.io.xlsx import sheet_parts

ACCEPTED_WARNINGS = {
    "Excel_InlineStrCells": "inline strings are valid OOXML; xlsheet writes them so that no text can become a "
                            "formula and sharedStrings.xml is never touched; Excel moves them to a shared-strings "
                            "table on its next save",
}
VALIDATOR = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, strict=True, max_errors=0)


def not_well_formed(path):
    """XML parts that do not parse: openxml-audit passes over them silently, so they are
    looked for here."""
    from lxml import etree

    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                try:
                    etree.fromstring(z.read(name))
                except etree.XMLSyntaxError as exc:
                    found.append((None, f"not well-formed {name}: {exc}"))
    return found


def findings(path):
    """The errors of a package (as text), after printing its warnings."""
    result = VALIDATOR.validate(str(path))
    errors, warnings = not_well_formed(path), []
    for finding in result.errors:
        text = f"{finding.id or finding.error_type.value} {finding.part_uri} {finding.path} {finding.description}"
        (errors if finding.severity == ValidationSeverity.ERROR else warnings).append((finding.id, text))
    for kind, text in warnings:
        print(("accepted: " if kind in ACCEPTED_WARNINGS else "warning: ") + text[:160])
    return sorted(text for _, text in errors)


def test_the_template_is_valid():
    assert findings(Path(__file__).resolve().parent.parent / "workbook_template.xlsm") == []


def test_a_recalculated_year_is_valid(demo):
    assert findings(demo) == []


def test_a_book_recalculated_twice_is_valid(demo, tmp_path):
    path = tmp_path / "twice.xlsm"
    shutil.copy2(demo, path)
    api.recalc(path)
    assert findings(path) == []


def test_the_quarterly_bulletin_is_valid(demo, tmp_path):
    path = api.report(demo, quarter=2, out=tmp_path / "q2.docx", issued=dt.date(2026, 7, 8))
    assert findings(path) == []


def test_recalc_adds_no_finding_to_a_book_saved_by_libreoffice(tmp_path):
    if not shutil.which("soffice"):
        skip_or_fail("LibreOffice (soffice) is not installed here")
    source = book(tmp_path / "staff.xlsm", adoptions=[ad("周巷镇", "《每日要讯》", no=str(i)) for i in range(20)])
    done = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path}/p",
                           "--convert-to", "xlsm:Calc MS Excel 2007 VBA XML", "--outdir", str(tmp_path / "lo"),
                           str(source)], capture_output=True, timeout=240)
    saved = tmp_path / "lo" / source.name
    assert done.returncode == 0 and saved.exists()
    baseline = set(findings(saved))
    api.recalc(saved)
    assert set(findings(saved)) <= baseline


MALFORMED = {  # what a writer's slip could put into an output sheet
    "a cell outside any row": lambda x: x.replace(b"<sheetData>", b'<sheetData><c r="Z9"/>', 1),
    "an unknown cell type": lambda x: x.replace(b't="inlineStr"', b't="bogus"', 1),
    "a part cut short": lambda x: x[:-20],
    "an attribute twice": lambda x: re.sub(rb'<c r="A2"', b'<c r="A2" r="A2"', x, count=1),
}


@pytest.mark.parametrize("slip", sorted(MALFORMED))
def test_the_gate_bites_on_a_malformed_output_sheet(demo, tmp_path, slip):
    """A deliberately malformed output sheet must be found, or the tests above prove nothing."""
    path = tmp_path / "bad.xlsm"
    shutil.copy2(demo, path)
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    part = sheet_parts(parts["xl/workbook.xml"], parts["xl/_rels/workbook.xml.rels"])[S.SCORES]
    parts[part] = MALFORMED[slip](parts[part])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    errors = findings(path)
    assert errors and all(part in e for e in errors)


def test_the_year_end_documents_are_valid(demo, tmp_path):
    done = api.year_end(demo, tmp_path / "commendation.docx", issued=dt.date(2027, 1, 20))
    assert done.pending == () and len(done.written) == 3
    for path in done.written:
        assert findings(path) == [], path.name


def test_next_years_workbook_and_a_statement_are_valid(demo, tmp_path):
    nxt = api.next_year(demo, tmp_path / "next.xlsm")
    assert findings(nxt) == []
    [statement] = api.statements(demo, quarter=4, unit="周巷镇", out=tmp_path / "statements")
    assert findings(statement) == []
