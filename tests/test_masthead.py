"""The documents as formal documents (GB/T 9704-2012): the 版头 (发文机关标志 in red 小标宋,
the 发文字号, the red rule) before the title, the 版记 after the body, and one number format
for 完成率 everywhere."""

import datetime as dt
import re
import zipfile
from fractions import Fraction

import pytest
from helpers import ad, book, outcome

from xlsheet import api
from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.cli import main
from xlsheet.documents import bulletin, statements, year_end
from xlsheet.documents.layout import RED, XIAOBIAOSONG, write_docx
from xlsheet.values import format_rate, rate_number_format

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
OFFICE = "县人民政府办公室"
COUNTY_PUB = next(pub for level, pub, *_ in defaults.POINTS if level == S.LEVEL_COUNTY)
ISSUED = dt.date(2026, 7, 5)


def _paragraphs(docx):
    """The body's paragraphs in order: (text, run colours, run fonts, bottom-rule colour)."""
    from lxml import etree

    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    found = []
    for p in body.iter(f"{W}p"):
        if p.getparent() is not body:
            continue
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        colours = {c.get(f"{W}val") for c in p.iter(f"{W}color")}
        fonts = {f.get(f"{W}eastAsia") for f in p.iter(f"{W}rFonts")}
        rule = p.find(f"{W}pPr/{W}pBdr/{W}bottom")
        found.append((text, colours, fonts, None if rule is None else rule.get(f"{W}color")))
    return found


def _book(tmp_path, **params):
    adoptions = [ad("浒山街道", COUNTY_PUB, no=f"n{i}", date="2026-03-05") for i in range(3)]
    return book(tmp_path / "考核.xlsm", adoptions=adoptions, **params)


def test_the_bulletin_opens_with_the_masthead_and_its_number_and_ends_with_the_colophon(tmp_path):
    path = _book(tmp_path, **{S.K_NUMBER_PREFIX: "慈政办"})
    out = tmp_path / "通报.docx"
    assert main(["-q", "report", str(path), "--number", "12", "--out", str(out)]) == 0
    found = _paragraphs(out)
    texts = [t for t, *_ in found]
    number = f"慈政办〔{dt.date.today().year}〕12号"
    title = S.BULLETIN["title"].format(year=2026, quarter="一")
    assert texts[:7] == [OFFICE, "", "", number, "", "", title]
    masthead, rule = found[0], found[3]
    assert masthead[1] == {RED} and masthead[2] == {XIAOBIAOSONG} and masthead[3] is None
    assert rule[1] == set() and rule[3] == RED  # the number in black, the red rule under it
    assert all(RED not in colours for _, colours, _, _ in found[4:])
    # the 版记 after the body and the signature: 抄送 between rules, then the printing office and date
    cc = texts.index(S.BULLETIN["cc"].format(cc="县委办公室"))
    assert texts.index(S.BULLETIN["requests"]) < texts.index(OFFICE, 1) < cc == len(texts) - 2
    assert texts[-1].startswith(OFFICE) and texts[-1].endswith("印发")
    assert found[cc][3] == found[-1][3] == "000000"


def test_without_a_number_it_is_left_blank_for_the_document_office(tmp_path):
    path = _book(tmp_path, **{S.K_NUMBER_PREFIX: "慈政办"})
    texts = [t for t, *_ in _paragraphs(api.report(path, issued=ISSUED))]
    assert texts[3] == "慈政办〔2026〕  号"


def test_without_a_prefix_there_is_no_number_line(tmp_path):
    path = _book(tmp_path)
    found = _paragraphs(api.report(path, issued=ISSUED))
    assert [t for t, *_ in found[:4]] == [OFFICE, "", "", S.BULLETIN["title"].format(year=2026, quarter="一")]
    assert found[0][1] == {RED} and found[0][3] == RED  # the red rule under the 发文机关标志
    assert not any("〔" in t for t, *_ in found)


def test_year_end_documents_and_statements_carry_the_same_office(tmp_path):
    out = outcome(adoptions=[ad("浒山街道", COUNTY_PUB, no="n1")], **{S.K_NUMBER_PREFIX: "慈政办",
                                                                       S.K_OFFICE: "慈溪市人民政府办公室"})
    office = "慈溪市人民政府办公室"
    written = {name: write_docx(draft, tmp_path / f"{name}.docx") for name, draft in (
        ("commendation", year_end.commendation(out, ISSUED, 3)),
        ("points", year_end.points_table(out, ISSUED)),
        ("statement", statements.statement(out, "浒山街道", 1, ISSUED)))}
    heads = {name: [(t, colours) for t, colours, *_ in _paragraphs(path)[:4]] for name, path in written.items()}
    assert heads["commendation"] == [(office, {RED}), ("", set()), ("", set()), ("慈政办〔2026〕3号", set())]
    for name in ("points", "statement"):  # no 发文字号 of their own
        assert heads[name][:3] == [(office, {RED}), ("", set()), ("", set())]
        assert "〔" not in heads[name][3][0]


@pytest.mark.parametrize(("value", "places", "shown"), [
    (Fraction(217, 100), 1, "217.0%"),
    (Fraction(1467, 1000), 1, "146.7%"),
    (Fraction(2345, 100000), 2, "2.35%"),  # half up, where the float 0.02345 would print 2.34
    (Fraction(1, 3), 1, "33.3%"),
    (Fraction(2, 3), 0, "67%"),
    (Fraction(1, 200), 0, "1%"),
    (Fraction(-1, 8), 0, "-13%"),  # away from zero
    (Fraction(-1, 10**6), 1, "0.0%"),
    (Fraction(0), 2, "0.00%"),
    (Fraction(5, 1), 1, "500.0%"),
])
def test_a_rate_has_exactly_the_decimals_of_the_parameter_rounded_half_up(value, places, shown):
    assert format_rate(value, places) == shown


def test_the_sheets_number_format_matches(tmp_path):
    assert [rate_number_format(p) for p in (0, 1, 3)] == ["0%", "0.0%", "0.000%"]


def _rates(draft) -> list[str]:
    """Every 完成率 a draft shows: its tables' 完成率 column and the rates in its sentences."""
    shown = []
    for table in draft.tables:
        if S.O_RATE in table.header:
            shown += [row[table.header.index(S.O_RATE)] for row in table.rows]
    for kind, text in draft.blocks:
        if kind == "p":
            shown += re.findall(r"（(-?[\d.]+%)）", text) + re.findall(r"完成率[：为](-?[\d.]+%)", text)
    return shown


@pytest.mark.parametrize(("places", "pattern"), [(1, r"-?\d+\.\d%"), (2, r"-?\d+\.\d\d%")])
def test_rates_look_alike_in_every_column_and_sentence(demo, places, pattern):
    out = api.check(demo)
    rules = out.inputs.rules
    if places != rules.rate_places:
        from dataclasses import replace

        changed = type(rules)({**rules.values, "rate_places": places}, rules.points, rules.bonus)
        out = replace(out, inputs=replace(out.inputs, rules=changed))
    drafts = [bulletin.compose(out, None, ISSUED), year_end.points_table(out, ISSUED),
              statements.statement(out, out.inputs.units[0].name, None, ISSUED)]
    shown = [rate for draft in drafts for rate in _rates(draft)]
    assert len(shown) > 100
    assert all(re.fullmatch(pattern, rate) for rate in shown), [r for r in shown if not re.fullmatch(pattern, r)]


def test_a_number_that_is_not_a_positive_whole_number_is_refused(tmp_path, capsys):
    path = _book(tmp_path)
    with pytest.raises(SystemExit) as stop:
        main(["report", str(path), "--number", "十二"])
    assert stop.value.code == 2
    assert S.CLI_TEXT["bad_number"].format(value="十二") in capsys.readouterr().err


@pytest.mark.parametrize("year_end_too", [False, True], ids=["report", "report --year-end"])
def test_a_number_without_a_prefix_is_refused_not_dropped(tmp_path, capsys, year_end_too):
    path = _book(tmp_path)
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["report", str(path), "--number", "12", *(["--year-end"] if year_end_too else [])]) == 2
    err = capsys.readouterr().err
    assert S.BULLETIN["number_without_prefix"].format(number=12, sheet=S.PARAMS, key=S.K_NUMBER_PREFIX) in err
    assert sorted(p.name for p in tmp_path.iterdir()) == before


@pytest.mark.parametrize("typed", ["10000", "99999999999999999999999", "0"])
def test_a_number_out_of_range_is_refused_in_chinese(tmp_path, capsys, typed):
    path = _book(tmp_path, **{S.K_NUMBER_PREFIX: "慈政办"})
    with pytest.raises(SystemExit) as stop:
        main(["report", str(path), "--number", typed])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert S.CLI_TEXT["bad_number"].format(value=typed) in err and "argument" not in err
    assert main(["report", str(path), "--number", "9999", "--out", str(tmp_path / "n.docx")]) == 0


def test_a_long_office_name_wraps_at_the_titles_size_instead_of_shrinking(tmp_path):
    from lxml import etree

    long_name = "县人民政府办公室与县大数据发展管理局与县融媒体中心联合" * 4
    sizes = {}
    for name in ("县人民政府办公室", long_name):
        folder = tmp_path / str(len(name))
        folder.mkdir()
        docx = api.report(_book(folder, **{S.K_OFFICE: name}), issued=ISSUED)
        with zipfile.ZipFile(docx) as z:
            first = etree.fromstring(z.read("word/document.xml")).find(f"{W}body/{W}p")
        assert "".join(t.text for t in first.iter(f"{W}t")) == name
        sizes[name] = int(first.find(f".//{W}sz").get(f"{W}val")) / 2
    assert sizes["县人民政府办公室"] == 42 and sizes[long_name] == 22


def test_the_signature_the_date_and_the_colophon_keep_to_one_page(tmp_path):
    from lxml import etree

    docx = api.report(_book(tmp_path), issued=ISSUED)
    with zipfile.ZipFile(docx) as z:
        body = etree.fromstring(z.read("word/document.xml")).find(f"{W}body")
    paragraphs = [p for p in body if p.tag == f"{W}p"]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t")) for p in paragraphs]
    signature = len(texts) - 1 - texts[::-1].index(OFFICE)
    kept = [p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs[signature:]]
    assert kept == [True, True, True, True, False]  # office, date, blank, 抄送 kept with the next; 印发 last
    assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs[signature - 3:signature])  # the body's last


def test_a_number_with_a_wrong_prefix_names_the_prefixs_error(tmp_path, capsys):
    path = _book(tmp_path, **{S.K_NUMBER_PREFIX: "慈政办〔2026〕"})
    assert main(["report", str(path), "--number", "12"]) == 2
    err = capsys.readouterr().err
    assert S.M["bad_number_prefix"].format(key=S.K_NUMBER_PREFIX) in err and "没有填写" not in err


def test_names_longer_than_a_files_title_property_still_make_documents(tmp_path):
    office = "县" * 300
    path = book(tmp_path / "长.xlsm", units=[("甲" * 300, S.TOWN, 100)], adoptions=[ad("甲" * 300, COUNTY_PUB, no="1")],
                **{S.K_OFFICE: office})
    bulletin = api.report(path, issued=ISSUED)
    assert _paragraphs(bulletin)[0][0] == office
    [statement] = api.statements(path, out=tmp_path / "st")
    assert statement.exists()


def test_an_office_name_that_needs_two_lines_is_broken_evenly(tmp_path):
    from lxml import etree

    name = "县人民政府办公室县大数据发展管理局联合发文"  # 21 characters: 20 fit a line at 22 pt
    docx = api.report(_book(tmp_path, **{S.K_OFFICE: name}), issued=ISSUED)
    with zipfile.ZipFile(docx) as z:
        first = etree.fromstring(z.read("word/document.xml")).find(f"{W}body/{W}p")
    parts = [t.text for t in first.iter(f"{W}t")]
    assert len(name) == 21 and parts == [name[:11], name[11:]] and len(list(first.iter(f"{W}br"))) == 1
