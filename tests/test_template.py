"""The template workbook: contract sheets, pre-filled rules, reproducible build."""

import re
import zipfile
from pathlib import Path

from lxml import etree
from python_calamine import CalamineWorkbook

from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.io.xlsx import NS_MAIN
from xlsheet.template import build_template

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / "workbook_template.xlsm"


def _members(path):
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _year(path):
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(S.PARAMS).to_python()
    return int(next(r[1] for r in rows if r[0] == S.K_YEAR))


def test_committed_template_matches_a_fresh_build(tmp_path):
    fresh = build_template(tmp_path / "fresh.xlsm", _year(COMMITTED))
    assert _members(fresh) == _members(COMMITTED), "run: xlsheet template --year N to rebuild"


def test_building_twice_gives_the_same_bytes(tmp_path):
    a = build_template(tmp_path / "a.xlsm", 2027)
    b = build_template(tmp_path / "b.xlsm", 2027)
    assert a.read_bytes() == b.read_bytes()


def test_every_contract_sheet_and_macro_enabled_content_type():
    parts = _members(COMMITTED)
    names = re.findall(r'<sheet [^>]*name="([^"]+)"', parts["xl/workbook.xml"].decode())
    assert names == [*S.ALL_SHEETS, S.XLWINGS_CONF]
    assert b"application/vnd.ms-excel.sheet.macroEnabled.main+xml" in parts["[Content_Types].xml"]


def test_rule_sheets_are_prefilled_with_the_scheme():
    book = CalamineWorkbook.from_path(str(COMMITTED))
    units = book.get_sheet_by_name(S.UNITS).to_python()[1:]
    assert len(units) == 72
    assert sum(1 for u in units if u[1] == S.TOWN) == 19
    assert sum(1 for u in units if u[1] == S.DEPARTMENT) == 53
    bases = {u[0]: u[2] for u in units}
    assert bases["公安局"] == 200 and bases["观海卫镇"] == 120 and bases["新兴产业集群区管委会"] == 30
    bundled = [u[0] for u in units if u[3] == S.BUNDLE_EAST]
    assert bundled == [S.PLACEHOLDER_TOWN, "东工业区管委会"]
    points = book.get_sheet_by_name(S.POINTS).to_python()[1:]
    assert [(p[0], p[1], p[2]) for p in points] == [(a, b, c) for a, b, c, *_ in defaults.POINTS]
    assert ("县政府办公室", "《专报信息》（紧急类）", 5.0) in [(p[0], p[1], p[2]) for p in points]
    bonus = book.get_sheet_by_name(S.BONUS).to_python()[1:]
    assert [(b[0], b[1]) for b in bonus] == [(S.LEADER_COUNTY, 10), (S.LEADER_CITY, 20),
                                             (S.LEADER_PROVINCE, 30), (S.LEADER_STATE, 50)]


def test_dropdowns_are_fed_from_the_rule_sheets():
    parts = _members(COMMITTED)
    workbook = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(r'<sheet [^>]*name="信息录用"[^>]*r:id="(rId\d+)"', workbook).group(1)
    target = re.search(rf'Id="{rid}"[^>]*Target="([^"]+)"|Target="([^"]+)"[^>]*Id="{rid}"', rels)
    sheet = etree.fromstring(parts["xl/" + (target.group(1) or target.group(2)).lstrip("/").removeprefix("xl/")])
    formulas = {dv.get("sqref"): dv.findtext(f"{{{NS_MAIN}}}formula1") for dv in sheet.iter(f"{{{NS_MAIN}}}dataValidation")}
    assert formulas["G2:G20000"] == "'计分标准'!$B$2:$B$1000"  # 录用刊物
    assert formulas["B2:B20000"] == "'单位'!$A$2:$A$1000"      # 报送单位
    assert sheet.find(f".//{{{NS_MAIN}}}pane").get("state") == "frozen"
