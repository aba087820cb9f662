"""The workbook's VBA project and ribbon: read back by oletools, validated, run by LibreOffice."""

import json
import random
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
import xmlschema
from helpers import ad, book, skip_or_fail
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from oletools.olevba import VBA_Parser, decompress_stream

from xlsheet import api
from xlsheet import schema as S
from xlsheet.template.compression import compress
from xlsheet.template.package import RIBBON_PART
from xlsheet.template.vba import CODEPAGE, SOURCES, ascii_literals

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook_template.xlsm"
XSD = ROOT.parent / "shared" / "schemas" / "customui14.xsd"
RUN_MACRO = Path(__file__).resolve().parent / "office" / "run_macro.py"
NS = {"c": "http://schemas.microsoft.com/office/2009/07/customui"}


def bas_sources():
    """Module name -> the .bas text without its Attribute VB_Name line, as the project holds
    it (string literals made ASCII)."""
    out = {}
    for path in sorted(SOURCES.glob("*.bas")):
        lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("Attribute")]
        out[path.stem] = ascii_literals("\n".join(lines)).strip()
    return out


def macros(path):
    parser = VBA_Parser(str(path))
    try:
        return {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    path = book(tmp_path_factory.mktemp("vba") / "b.xlsm",
                adoptions=[ad("观海卫镇", "《每日要讯》", no="1")])
    assert api.recalc(path).outcome.inputs.errors == 0
    return path


@pytest.mark.parametrize("which", ["template", "recalculated"])
def test_oletools_reads_the_exact_module_sources(which, recalculated):
    path = TEMPLATE if which == "template" else recalculated
    found = macros(path)
    for name, source in bas_sources().items():
        code = found[name].replace("\r\n", "\n")
        body = "\n".join(ln for ln in code.splitlines() if not ln.startswith("Attribute")).strip()
        assert body == source
    sheets = [n for n in found if n.startswith("Sheet")]
    assert "ThisWorkbook" in found and len(sheets) == len(S.ALL_SHEETS) + 1


def test_project_code_page_is_936_and_module_text_is_gbk():
    with zipfile.ZipFile(TEMPLATE) as z:
        vba = z.read("xl/vbaProject.bin")
    import olefile

    ole = olefile.OleFileIO(vba)
    directory = bytes(decompress_stream(bytearray(ole.openstream("VBA/dir").read())))
    assert directory[:6] == struct.pack("<HI", 0x0001, 4)
    codepage = re.search(rb"\x03\x00\x02\x00\x00\x00(..)", directory, re.S).group(1)
    assert struct.unpack("<H", codepage)[0] == CODEPAGE
    source = bytes(decompress_stream(bytearray(ole.openstream("VBA/XlsheetSelfTest").read())))
    assert b"ChrW(&H5B8F) & ChrW(&H81EA) & ChrW(&H68C0) & ChrW(&H901A) & ChrW(&H8FC7)" in source  # 宏自检通过
    assert "自检".encode("gbk") in source  # comments stay in the project's code page
    project = ole.openstream("PROJECT").read().decode("gbk")
    assert "Module=XlsheetMain" in project and "Document=ThisWorkbook/&H00000000" in project


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=12000) | st.text(alphabet="Sub End 信息考核\r\n'\"()=", max_size=9000).map(
    lambda t: t.encode("gbk")))
def test_compression_round_trips_through_oletools(data):
    assert bytes(decompress_stream(bytearray(compress(data)))) == data


def test_compression_handles_long_repeats_and_noise():
    rng = random.Random(3)
    for data in (b" " * 20000, b"abc" * 5000, bytes(rng.randrange(256) for _ in range(9000))):
        assert bytes(decompress_stream(bytearray(compress(data)))) == data


def ribbon_and_code(path):
    with zipfile.ZipFile(path) as z:
        ribbon = z.read(RIBBON_PART)
        rels = z.read("_rels/.rels").decode()
        types = z.read("[Content_Types].xml").decode()
    return ribbon, rels, types, "\n".join(macros(path).values())


@pytest.mark.parametrize("which", ["template", "recalculated"])
def test_ribbon_is_valid_and_every_callback_has_its_sub(which, recalculated):
    if not XSD.exists():
        skip_or_fail(f"the ribbon schema is not beside this clone: {XSD} (it comes with ../shared)")
    ribbon, rels, types, code = ribbon_and_code(TEMPLATE if which == "template" else recalculated)
    # libxml2 rejects this schema (a duplicate attribute use in CT_ButtonRegular); xmlschema reads it.
    schema = xmlschema.XMLSchema(str(XSD))
    schema.validate(ribbon.decode("utf-8"))
    assert not schema.is_valid(ribbon.decode("utf-8").replace("onAction=", "onClick=", 1))
    doc = etree.fromstring(ribbon)
    tab = doc.find(".//c:tab", NS)
    assert tab.get("label") == "信息考核"
    labels = [b.get("label") for b in doc.iterfind(".//c:button", NS)]
    assert labels == ["重新计算", "检查数据", "季度通报", "单位对账单", "年终表彰", "新建下一年度", "环境自检", "帮助"]
    callbacks = {e.get("onAction") for e in doc.iter() if e.get("onAction")}
    subs = set(re.findall(r"^Public Sub (\w+)\(Optional control As Object\)", code, re.M))
    assert callbacks and callbacks <= subs
    assert 'Type="http://schemas.microsoft.com/office/2007/relationships/ui/extensibility"' in rels
    assert 'Target="customUI/customUI14.xml"' in rels
    assert "application/vnd.ms-excel.sheet.macroEnabled.main+xml" in types
    assert 'Extension="bin" ContentType="application/vnd.ms-office.vbaProject"' in types


def test_calling_python_is_late_bound():
    main = (SOURCES / "XlsheetMain.bas").read_text(encoding="utf-8")
    assert 'Application.Run "\'" & ADDIN_NAME & "\'!RunPython"' in main
    assert "pip install" in main and "xlwings addin install" in main
    for name in ("recalculate", "check", "report"):
        assert f'"{name}"' in main


def _office_python():
    python = shutil.which("python3", path="/usr/bin")
    if not shutil.which("soffice") or not python:
        return None
    probe = subprocess.run([python, "-c", "import uno"], capture_output=True)
    return python if probe.returncode == 0 else None


@pytest.mark.parametrize("which", ["template", "recalculated"])
def test_libreoffice_lists_the_modules_and_runs_the_self_test(which, recalculated, tmp_path):
    python = _office_python()
    if python is None:
        skip_or_fail("LibreOffice (soffice) with python3-uno is not installed here")
    path = tmp_path / "copy.xlsm"
    shutil.copy2(TEMPLATE if which == "template" else recalculated, path)
    done = subprocess.run([python, str(RUN_MACRO), str(path), "XlsheetSelfTest.XlsheetSelfTest",
                           f"{S.README_SHEET}!C1", f"{S.SCORES}!A1", f"{S.SCORES}!A2"],
                          capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert {"ThisWorkbook", "XlsheetMain", "XlsheetSelfTest", "Sheet1"} <= set(result["modules"])
    cells = result["cells"]
    assert cells[f"{S.README_SHEET}!C1"] == "宏自检通过"
    assert cells[f"{S.SCORES}!A1"] == S.O_UNIT
    # the cells the headless writer spliced in are read by a real office suite
    assert cells[f"{S.SCORES}!A2"] == ("" if which == "template" else "观海卫镇")


def test_every_vba_string_literal_is_ascii_so_any_locale_reads_it():
    """A literal's bytes are read in the system's code page for non-Unicode programs: on a PC
    whose locale is not Chinese, GBK text would be garbled. Comments may stay Chinese."""
    literal = re.compile(r'"(?:[^"]|"")*"')
    for name, code in macros(TEMPLATE).items():
        for line in code.splitlines():
            quoted, inside = [], False
            for ch in line:  # the line up to its comment
                if ch == '"':
                    inside = not inside
                elif ch == "'" and not inside:
                    break
                quoted.append(ch)
            for found in literal.findall("".join(quoted)):
                assert found.isascii(), (name, line)


def test_ascii_literals_keep_the_text():
    source = 'MsgBox "调用 Python 失败：" & x, vbExclamation, TITLE \' 注释 "中"\n    y = "a""b中"'
    done = ascii_literals(source)
    assert done.splitlines()[0].endswith("' 注释 \"中\"")
    assert 'ChrW(&H8C03) & ChrW(&H7528) & " Python " & ChrW(&H5931)' in done
    assert done.splitlines()[1] == '    y = "a""b" & ChrW(&H4E2D)'


def shipped_addin_modules():
    import xlwings

    addin = Path(xlwings.__file__).resolve().parent / "addin" / "xlwings.xlam"
    if not addin.exists():
        skip_or_fail("this xlwings package ships no add-in")
    return macros(addin)


def test_the_service_fallback_uses_the_http_client_of_the_shipped_xlwings_add_in():
    """The buttons fall back to `xlsheet serve` through the add-in's own RunServerPython:
    its parameters are in the order the workbook passes them, its payload names the add-in's
    xlwings version (the service's engine accepts the VBA client only at its own version),
    and it applies the answer's actions with handlers of the names the service answers."""
    import xlwings

    from xlsheet import serve

    remote = shipped_addin_modules()["Remote"]
    signature = re.search(r"Function RunServerPython\((.*?)\)\s*\n", remote, re.S).group(1)
    params = re.findall(r"(?:Optional )?(\w+) As (\w+)", signature)
    assert params[:7] == [("url", "String"), ("auth", "String"), ("apiKey", "String"), ("include", "String"),
                          ("exclude", "String"), ("headers", "Variant"), ("timeout", "Long")]
    assert "For Each myKey In headers.Keys" in remote and 'headers.Exists("Authorization")' in remote
    assert 'Application.Run action("func"), wb, action' in remote
    handlers = set(re.findall(r"^Sub (\w+)\(wb As Workbook, action As Dictionary\)", remote, re.M))
    assert serve.ANSWERED <= handlers
    version = re.search(r'XLWINGS_VERSION As String = "([^"]+)"', "\n".join(shipped_addin_modules().values()))
    assert version.group(1) == xlwings.__version__
    service = (SOURCES / "XlsheetService.bas").read_text(encoding="utf-8")
    assert "'!RunServerPython\", \"http://127.0.0.1:\" & port & \"/xlwings/\" & entry" in service
    assert '"", "", "", "", headers, TIMEOUT_MS' in service
    needs = set(re.findall(r'entry = "(\w+)"', service.split("Private Function NeedsPath")[1].split("End Function")[0]))
    assert needs == serve.WRITES_BESIDE_BOOK
    main = (SOURCES / "XlsheetMain.bas").read_text(encoding="utf-8")
    fallback = main.split("Private Sub RunXlsheet")[1].split("End Sub")[0]
    assert fallback.index("If ServiceAlways() Then") < fallback.index("RunPython")
    assert fallback.index("Fallback:") < fallback.index("If ReadToken(port, token) Then\n        RunService entry")


def test_libreoffice_percent_encodes_the_book_path_as_python_does(tmp_path):
    from urllib.parse import quote

    python = _office_python()
    if python is None:
        skip_or_fail("LibreOffice (soffice) with python3-uno is not installed here")
    path = tmp_path / "copy.xlsm"
    shutil.copy2(TEMPLATE, path)
    done = subprocess.run([python, str(RUN_MACRO), str(path), "XlsheetSelfTest.XlsheetEncodeSelfTest",
                           f"{S.README_SHEET}!C2"], capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr
    encoded = json.loads(done.stdout.strip().splitlines()[-1])["cells"][f"{S.README_SHEET}!C2"]
    sample = "C:\\Users\\张 三\\文档\\2026考核（第1版）&%#+.xlsm\U0001F600"
    assert encoded == quote(sample, safe="")
    assert "%E5%BC%A0%20%E4%B8%89" in encoded and encoded.endswith("%F0%9F%98%80")
