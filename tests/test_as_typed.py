"""A real office's ledger, read as typed (issue 19): short forms, prefixes, issue numbers,
unlisted publications, dates without a year, categories kept, informants' roles; every
reading listed once per spelling."""

import datetime as dt
import os
from fractions import Fraction

import pytest
from helpers import ad, ins, outcome, problems, result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.informants import informants
from xlsheet.names import Matcher
from xlsheet.quarterly import quarterly

C, CITY, P, ST = S.LEVEL_COUNTY, S.LEVEL_CITY, S.LEVEL_PROVINCE, S.LEVEL_STATE


def _readings(out):
    return [p for p in out.inputs.problems if p.reading]


def _errors(out):
    return [(p.sheet, p.row, p.column, p.message) for p in problems(out, S.ERROR)]


# --- 2. unit names --------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "unit", "how"), [
    ("公安局", "公安局", None),
    ("县公安局", "公安局", "去掉了县名前缀"),
    ("市公安局", "公安局", "去掉了县名前缀"),
    ("区公安局", "公安局", "去掉了县名前缀"),
    ("慈溪市公安局", "公安局", "去掉了县名前缀"),
    ("慈溪公安局", "公安局", "去掉了县名前缀"),
    ("公安", "公安局", "名称的开头部分"),
    ("发改局", "发展改革局", "简称"),
    ("财政局", "财政局(地税局)", "省略了括号内的部分"),
    ("县财政局", "财政局(地税局)", "去掉了县名前缀、省略了括号内的部分"),
    ("旧城改造办", "旧城改造办(景观大道改造指挥部)", "省略了括号内的部分"),
    ("城管局", "城管执法局", "简称"),
    ("浒山", "浒山街道", "名称的开头部分"),
])
def test_a_unit_written_short_or_with_the_county_prefix_is_that_unit(typed, unit, how):
    out = outcome(adoptions=[ad(typed, "《参阅》", no="1"), ad(typed, "《每日要讯》", no="2")],
                  **{S.K_COUNTY: "慈溪市"})
    assert _errors(out) == []
    assert result(out, unit).adoption == 15 + 5
    found = [p for p in _readings(out) if p.column == S.A_UNIT]
    if how is None:
        assert found == []
    else:
        [reading] = found
        assert (reading.row, reading.content, reading.level) == (2, typed, S.WARNING)
        assert reading.message == (f"「{typed}」读作「{unit}」（{how}），共 2 行"
                                   + S.M["read_advice"].format(column=S.U_NAME, value=typed, name=unit))


def test_the_county_name_is_a_prefix_only_when_set():
    out = outcome(adoptions=[ad("慈溪市公安局", "《参阅》", no="1")])
    assert [(r, c) for _, r, c, _ in _errors(out)] == [(2, S.A_UNIT)]


def test_an_ambiguous_short_form_is_an_error_listing_every_candidate():
    units = [("农业局", S.DEPARTMENT, 100), ("农业农村局", S.DEPARTMENT, 100), ("发展改革局", S.DEPARTMENT, 100),
             ("发展研究中心", S.DEPARTMENT, 100)]
    out = outcome(units=units, adoptions=[ad("农业", "《参阅》", no="1"), ad("发展", "《参阅》", no="2"),
                                          ad("县农业", "《参阅》", no="3")])
    assert _errors(out) == [
        (S.ADOPTIONS, 2, S.A_UNIT, "「报送单位」「农业」可指多个：农业局、农业农村局，请写全称"),
        (S.ADOPTIONS, 3, S.A_UNIT, "「报送单位」「发展」可指多个：发展改革局、发展研究中心，请写全称"),
        (S.ADOPTIONS, 4, S.A_UNIT, "「报送单位」「县农业」可指多个：农业局、农业农村局，请写全称"),
    ]
    assert [result(out, u[0]).total for u in units] == [0, 0, 0, 0]


def test_an_exact_name_wins_over_any_short_form():
    units = [("农业局", S.DEPARTMENT, 100), ("农业农村局", S.DEPARTMENT, 100), ("县委办", S.DEPARTMENT, 100),
             ("委办", S.DEPARTMENT, 100)]
    out = outcome(units=units, adoptions=[ad("农业局", "《参阅》", no="1"), ad("县委办", "《参阅》", no="2"),
                                          ad("委办", "《参阅》", no="3")])
    assert _errors(out) == [] and _readings(out) == []
    assert [result(out, u[0]).total for u in units] == [15, 0, 15, 15]


def test_suggestions_prefer_a_related_name_over_edit_distance():
    m = Matcher(["民政局", "财政局(地税局)", "公安局"])
    assert m.suggest("财政局") == "财政局(地税局)"
    assert m.suggest("财政所") == "财政局(地税局)"
    assert Matcher(["民政局"]).suggest("财政局") is None
    assert Matcher(["桥头镇", "横河镇"]).suggest("桥投镇") == "桥头镇"
    out = outcome(adoptions=[ad("财政所", "《参阅》", no="1")])
    assert _errors(out) == [(S.ADOPTIONS, 2, S.A_UNIT, S.M["unknown_unit"].format(value="财政所")
                             + S.M["suggest"].format(name="财政局(地税局)"))]


def test_short_forms_serve_every_sheet_that_names_a_unit():
    out = outcome(adoptions=[ad("公安局", "《参阅》", no="1")],
                  instructions=[ins("1", S.LEADER_COUNTY, unit="县公安局")],
                  extras=[("公安", S.EXTRA_MEETING, "2026-05-01", None, "是", "")],
                  notices=[("县公安局", S.NOTICE_COUNTY, "2026-05-02", "", "")])
    assert _errors(out) == []
    police = result(out, "公安局")
    assert (police.adoption, police.instruction, police.extra, police.deduction) == (15, 10, 10, 60)
    assert {(p.sheet, p.row, p.content) for p in _readings(out)} == {
        (S.INSTRUCTIONS, 2, "县公安局"), (S.EXTRAS, 2, "公安"), (S.NOTICES, 2, "县公安局")}


# --- 3. publications ----------------------------------------------------------------

@pytest.mark.parametrize(("level", "typed", "points", "pub"), [
    (C, "《每日要讯》第35期", 5, "《每日要讯》"),
    (C, "每日要讯2026年第20期", 5, "《每日要讯》"),
    (C, "《每日要讯》（总第1200期）", 5, "《每日要讯》"),
    (C, "2026年第3期《参阅》", 15, "《参阅》"),
    (C, "《专报信息》（紧急类）第3期", 5, "《专报信息》（紧急类）"),
    (C, "《专报信息》第3期（紧急类）", 5, "《专报信息》（紧急类）"),
    (CITY, "《参阅》（增刊）2026年第5期", 20, "《参阅》（增刊）"),
    (CITY, "《专报信息（特刊）》第2期", 10, "《专报信息（特刊）》"),
    (P, "《昨日要情》第一百期", 15, "《昨日要情》"),
])
def test_an_issue_number_or_year_is_not_part_of_the_name(level, typed, points, pub):
    out = outcome(units=[("甲镇", S.TOWN, 100)], adoptions=[ad("甲镇", typed, level, no="1")])
    assert _errors(out) == [] and result(out, "甲镇").adoption == points
    [reading] = _readings(out)
    assert reading.message == f"「{typed}」读作「{pub}」（期号、年份不是刊物名称的一部分），共 1 行"


@pytest.mark.parametrize(("level", "typed", "points"), [
    (C, "《专报信息》", 10), (C, "《专报信息》（紧急类）", 5), (C, "专报信息紧急类", 5), (C, "《专报信息》(紧急类)", 5),
    (CITY, "《参阅》（普刊）", 30), (CITY, "参阅普刊", 30), (CITY, "《参阅》（增刊）", 20), (CITY, "参阅增刊", 20),
    (CITY, "《专报信息》", 15), (CITY, "《专报信息（特刊）》", 10), (CITY, "专报信息特刊", 10),
])
def test_names_that_differ_in_points_stay_distinct(level, typed, points):
    out = outcome(units=[("甲镇", S.TOWN, 100)], adoptions=[ad("甲镇", typed, level, no="1")])
    assert _errors(out) == [] and _readings(out) == [] and result(out, "甲镇").adoption == points


def test_a_name_that_fits_two_publications_is_an_error_naming_both():
    out = outcome(units=[("甲镇", S.TOWN, 100)], adoptions=[ad("甲镇", "《参阅》", CITY, no="1")])
    assert _errors(out) == [(S.ADOPTIONS, 2, S.A_PUB, "「录用刊物」「《参阅》」可指多个：《参阅》（普刊）、《参阅》（增刊），请写全称")]


@pytest.mark.parametrize(("level", "points"), [(P, 15), (ST, 40)])
def test_an_unlisted_publication_scores_as_its_levels_other_row_with_a_warning(level, points):
    out = outcome(units=[("甲镇", S.TOWN, 100)], adoptions=[
        ad("甲镇", "《浙江信息》", level, no="1", cat="经验做法"), ad("甲镇", "《浙江信息》第3期", level, no="2"),
        ad("甲镇", "《浙江信息》", level, no="3")])
    town = result(out, "甲镇")
    assert _errors(out) == [] and (town.adoption, town.qualifying) == (3 * points, 1)
    found = sorted((p.row, p.content, p.message) for p in _readings(out))
    assert found == [(2, "《浙江信息》", S.M["read_pub_other"].format(
        level=level, value="《浙江信息》", name="其他刊物", points=points, count=2)
        + S.M["read_pub_advice"].format(value="《浙江信息》", name="其他刊物")),
        (3, "《浙江信息》第3期", S.M["read_pub_other"].format(
            level=level, value="《浙江信息》第3期", name="其他刊物", points=points, count=1)
         + S.M["read_pub_advice"].format(value="《浙江信息》第3期", name="其他刊物"))]


@pytest.mark.parametrize("level", [C, CITY])
def test_an_unlisted_publication_where_the_level_has_no_other_row_is_an_error(level):
    out = outcome(units=[("甲镇", S.TOWN, 100)], adoptions=[ad("甲镇", "《每日要讯第》", level, no="1"),
                                                          ad("甲镇", "《人民日报》", level, no="2")])
    found = _errors(out)
    assert [(r, c) for _, r, c, _ in found] == [(2, S.A_PUB), (3, S.A_PUB)]
    assert found[1][3] == S.M["unknown_pub_other"].format(level=level, value="《人民日报》")
    assert result(out, "甲镇").total == 0


def test_an_alias_makes_a_reading_permanent_and_silent():
    aliases = [(S.A_PUB, "《浙江信息》", "其他刊物", ""), (S.U_NAME, "公安", "公安局", "")]
    out = outcome(adoptions=[ad("公安", "《浙江信息》", P, no="1")], aliases=aliases)
    assert _errors(out) == [] and _readings(out) == [] and result(out, "公安局").adoption == 15


# --- 4. dates without a year --------------------------------------------------------

def test_a_date_without_its_year_is_in_the_assessment_year():
    out = outcome(units=[("甲镇", S.TOWN, 100)],
                  adoptions=[ad("甲镇", "《参阅》", no="1", date="3月5日"), ad("甲镇", "《参阅》", no="2", date="12月31号"),
                             ad("甲镇", "《参阅》", no="3", date=" 3 月 5 日"), ad("甲镇", "《参阅》", no="4", date="2月30日")],
                  instructions=[ins("1", S.LEADER_COUNTY, date="6月1日")])
    dates = {a.number: a.date for a in out.inputs.adoptions}
    assert dates == {"1": dt.date(2026, 3, 5), "2": dt.date(2026, 12, 31), "3": dt.date(2026, 3, 5)}
    assert out.inputs.instructions[0].date == dt.date(2026, 6, 1)
    assert [(r, c) for _, r, c, _ in _errors(out)] == [(5, S.A_DATE)]
    rows = {q.unit.name: q.cumulative for q in quarterly(out.inputs.units, out.ledger)}
    assert rows["甲镇"] == (15 + 15, 30 + 10, 40, 55)
    assert sorted((p.sheet, p.row, p.content) for p in _readings(out)) == [
        (S.ADOPTIONS, 2, "3月5日"), (S.ADOPTIONS, 3, "12月31号"), (S.ADOPTIONS, 4, " 3 月 5 日"),
        (S.INSTRUCTIONS, 2, "6月1日")]
    first = next(p for p in _readings(out) if p.row == 2 and p.sheet == S.ADOPTIONS)
    assert first.message == "「3月5日」没有写年份，按考核年度读作 2026-03-05，共 1 行；如不是 2026 年，请写全日期"


# --- 5. 信息类别 ------------------------------------------------------------------------

def test_a_blank_or_unknown_category_keeps_the_points_and_does_not_qualify():
    out = outcome(units=[("甲镇", S.TOWN, 20), ("乙镇", S.TOWN, 20)], adoptions=[
        ad("甲镇", "《参阅》", no="1", cat=""), ad("甲镇", "《参阅》", no="2", cat="调研报告"),
        ad("甲镇", "《参阅》", no="3", cat="调研报告"),
        ad("乙镇", "《参阅》", no="1", cat="综合"), ad("乙镇", "《参阅》", no="2", cat="经验")])
    first, second = result(out, "甲镇"), result(out, "乙镇")
    assert (first.adoption, first.qualifying, first.eligible) == (45, 0, S.REASON_NO_QUALIFYING)
    assert (second.adoption, second.qualifying, second.eligible) == (30, 0, S.REASON_NO_QUALIFYING)
    assert _errors(out) == []
    messages = sorted((p.row, p.message) for p in _readings(out))
    assert messages[0] == (2, S.M["read_category_blank"].format(count=1))
    assert messages[1] == (3, S.M["read_category_unknown"].format(
        value="调研报告", allowed="、".join(S.ITEM_CATEGORIES), count=2))
    assert [m for r, m in messages[2:]] == [
        "「综合」读作「综合分析」（名称的开头部分），共 1 行" + S.M["read_advice"].format(
            column=S.A_CATEGORY, value="综合", name="综合分析"),
        "「经验」读作「经验做法」（名称的开头部分），共 1 行" + S.M["read_advice"].format(
            column=S.A_CATEGORY, value="经验", name="经验做法")]


def test_a_unique_leading_part_of_a_comprehensive_category_qualifies():
    out = outcome(units=[("甲镇", S.TOWN, 20), ("乙镇", S.TOWN, 20), ("丙镇", S.TOWN, 20)], adoptions=[
        ad("甲镇", "《专报信息》", no="1", cat="综合"), ad("甲镇", "《参阅》", no="2", cat="动态"),
        ad("乙镇", "《专报信息》", no="1", cat="综合分析"), ad("乙镇", "《参阅》", no="2", cat="动态信息")])
    assert [result(out, n).qualifying for n in ("甲镇", "乙镇", "丙镇")] == [1, 1, 0]
    assert [result(out, n).total for n in ("甲镇", "乙镇")] == [25, 25]


# --- 9. informants ----------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "names"), [
    ("张三（执笔）", ("张三",)), ("张三(撰稿)、李四", ("张三", "李四")), ("【审核】王五", ("王五",)),
    ("张三（执笔、统稿）、李四等", ("张三", "李四")), ("张三等", ("张三",)), ("张三 李四（撰稿）", ("张三", "李四")),
])
def test_an_informants_role_and_a_trailing_deng_are_not_part_of_the_name(typed, names):
    out = outcome(units=[("甲镇", S.TOWN, 100)], adoptions=[ad("甲镇", "《参阅》", no="1", who=typed),
                                                          ad("甲镇", "《每日要讯》", no="2", who="、".join(names))])
    assert out.inputs.adoptions[0].informants == names
    people = {p.name: p.points for p in informants(out.ledger, out.inputs.rules)}
    assert people == {n: Fraction(20) for n in names}
    [reading] = _readings(out)
    assert reading.message == S.M["read_informant"].format(value=typed, name="、".join(names), count=1)


# --- 10. nothing interpreted in silence --------------------------------------------

def test_each_spelling_is_listed_once_with_its_row_count_at_its_first_row():
    out = outcome(adoptions=[ad("教育局", "《参阅》", no="9"), ad("公安", "《参阅》", no="1"),
                             ad("县公安局", "《参阅》", no="2"), ad("公安", "《每日要讯》", no="3"),
                             ad(" 公安 ", "《每日要讯》", no="4"), ad("县公安局", "《每日要讯》", no="5")])
    found = sorted((p.row, p.content, p.message.split("，")[1]) for p in _readings(out))
    assert found == [(3, "公安", "共 3 行。如无误"), (4, "县公安局", "共 2 行。如无误")]
    assert result(out, "公安局").adoption == 2 * 15 + 3 * 5


# --- 8. joint reports -------------------------------------------------------------------

THREE = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)]


def _joint(mode, **kwargs):
    return outcome(units=THREE + [("住房和城乡建设局", S.DEPARTMENT, 100)], adoptions=[
        ad("甲镇、乙镇", "《专报信息》", no="1", cat="经验做法"),            # 10, qualifies
        ad("甲镇和乙镇与丙镇", "《参阅》（普刊）", CITY, no="2", title="三镇"),   # 30
        ad("甲镇，乙镇", "《参阅》（普刊）", CITY, no="1"),                   # 30, same item as row 2
        ad("住房和城乡建设局", "《参阅》", no="3")],                         # never split
        instructions=[ins("1", S.LEADER_COUNTY), ins("", S.LEADER_CITY, unit="乙镇", title="三镇")],
        **{S.K_JOINT: mode}, **kwargs)


@pytest.mark.parametrize(("mode", "first", "second", "third"), [
    (S.JOINT_EQUAL, (Fraction(10, 2) + 10 + 15, Fraction(10, 2) + Fraction(20, 3)),
     (Fraction(10, 2) + 10 + 15, Fraction(10, 2) + Fraction(20, 3)), (10, Fraction(20, 3))),
    (S.JOINT_FULL, (10 + 30 + 30, 10 + 20), (10 + 30 + 30, 10 + 20), (30, 20)),
    (S.JOINT_FIRST, (10 + 30 + 30, 10 + 20), (0, 0), (0, 0)),
])
def test_a_joint_report_is_shared_as_the_parameter_says(mode, first, second, third):
    out = _joint(mode)
    assert _errors(out) == []
    got = [(result(out, u).adoption, result(out, u).instruction) for u in ("甲镇", "乙镇", "丙镇")]
    assert got == [first, second, third]
    # the item counts for each unit's advanced-unit condition, whatever its share
    assert [result(out, u).qualifying for u in ("甲镇", "乙镇", "丙镇")] == [1, 1, 0]
    assert result(out, "住房和城乡建设局").adoption == 15
    for unit in ("甲镇", "乙镇", "丙镇"):  # the detail adds up to the total
        assert sum(ln.points for ln in out.ledger if ln.unit == unit) == result(out, unit).total


def test_a_joint_reports_detail_line_says_joint_with_n_units():
    out = _joint(S.JOINT_EQUAL)
    lines = {(ln.unit, ln.sheet, ln.row): (ln.points, ln.note) for ln in out.ledger}
    assert lines[("乙镇", S.ADOPTIONS, 3)] == (10, "宁波市政府办公厅《参阅》（普刊）录用；与甲镇、丙镇联合报送（共 3 个单位），平均分配，本单位得 1/3")
    assert lines[("甲镇", S.INSTRUCTIONS, 2)] == (5, "县领导批示；与乙镇联合报送（共 2 个单位），平均分配，本单位得 1/2")
    first = _joint(S.JOINT_FIRST)
    lines = {(ln.unit, ln.sheet, ln.row): (ln.points, ln.note) for ln in first.ledger}
    assert lines[("丙镇", S.ADOPTIONS, 3)] == (0, "宁波市政府办公厅《参阅》（普刊）录用；与甲镇、乙镇联合报送（共 3 个单位），按第一单位计分，全部计入甲镇")


def test_a_joint_split_is_listed_once_per_spelling():
    out = _joint(S.JOINT_EQUAL)
    found = sorted((p.row, p.content, p.message) for p in _readings(out))
    assert found == [
        (2, "甲镇、乙镇", S.M["read_joint"].format(value="甲镇、乙镇", units="甲镇、乙镇", n=2, mode=S.JOINT_EQUAL, count=1)),
        (3, "甲镇和乙镇与丙镇", S.M["read_joint"].format(value="甲镇和乙镇与丙镇", units="甲镇、乙镇、丙镇", n=3,
                                                        mode=S.JOINT_EQUAL, count=1)),
        (4, "甲镇，乙镇", S.M["read_joint"].format(value="甲镇，乙镇", units="甲镇、乙镇", n=2, mode=S.JOINT_EQUAL, count=1))]


@pytest.mark.parametrize("typed", ["甲镇、某某镇", "甲镇/乙镇/某某镇", "甲镇；某某镇"])
def test_a_split_counts_only_when_every_part_is_a_unit(typed):
    out = outcome(units=THREE, adoptions=[ad(typed, "《参阅》", no="1")])
    [(sheet, row, column, message)] = _errors(out)
    assert (sheet, row, column) == (S.ADOPTIONS, 2, S.A_UNIT)
    assert message == S.M["joint_part"].format(column=S.A_UNIT, value=typed, part="某某镇")
    assert [result(out, u).total for u in ("甲镇", "乙镇", "丙镇")] == [0, 0, 0]


def test_a_name_with_he_that_is_no_unit_and_no_split_is_an_unknown_unit():
    out = outcome(units=THREE, adoptions=[ad("甲镇和某某镇", "《参阅》", no="1")])
    assert [m for _, _, _, m in _errors(out)] == [S.M["unknown_unit"].format(value="甲镇和某某镇")
                                                  + S.M["suggest"].format(name="甲镇")]


def test_units_of_a_joint_report_may_be_short_forms():
    out = outcome(adoptions=[ad("县公安局、发改局", "《参阅》", no="1")])
    assert _errors(out) == []
    assert (result(out, "公安局").adoption, result(out, "发展改革局").adoption) == (Fraction(15, 2), Fraction(15, 2))


def test_an_instruction_by_number_alone_on_a_joint_item_is_shared():
    out = outcome(units=THREE, adoptions=[ad("甲镇、乙镇", "《参阅》", no="7")],
                  instructions=[ins("7", S.LEADER_PROVINCE)])
    assert _errors(out) == []
    assert [result(out, u).instruction for u in ("甲镇", "乙镇", "丙镇")] == [15, 15, 0]


# --- 7. instructions by unit and title --------------------------------------------------

def test_an_instruction_without_a_number_finds_the_adoption_by_unit_and_title():
    out = outcome(units=THREE, adoptions=[
        ad("甲镇", "《参阅》", no="1", title="关于推进“最多跑一次”改革的做法"),
        ad("甲镇", "《每日要讯》", no="", title="甲镇召开工作会议"),
        ad("乙镇", "《参阅》", no="5", title="乙镇：垃圾分类经验")],
        instructions=[ins("", S.LEADER_COUNTY, unit="甲镇", title="关于推进「最多跑一次」改革的做法。"),
                      ins("", S.LEADER_CITY, unit="县甲镇", title="甲镇召开 工作会议"),
                      ins("", S.LEADER_COUNTY, unit="乙镇", title="垃圾分类经验"),
                      ins("", S.LEADER_COUNTY, unit="乙镇", title="完全不同的标题")])
    assert [result(out, u).instruction for u in ("甲镇", "乙镇")] == [10 + 20, 10]
    assert _errors(out) == [(S.INSTRUCTIONS, 5, S.I_TITLE, S.M["no_item"] + S.M["title_nearest"].format(
        title="乙镇：垃圾分类经验", row=4))]
    [reading] = [p for p in _readings(out) if p.column == S.I_TITLE]
    assert (reading.row, reading.message) == (4, S.M["read_title"].format(
        value="垃圾分类经验", row=4, title="乙镇：垃圾分类经验", count=1))


# --- the pair, generated: every variant against the canonical records --------------------

PAIR_UNITS = [("甲镇", S.TOWN, 30), ("乙镇", S.TOWN, 20), ("公安局", S.DEPARTMENT, 20),
              ("发展改革局", S.DEPARTMENT, 15), ("财政局(地税局)", S.DEPARTMENT, 15), ("城管执法局", S.DEPARTMENT, 10)]
# canonical -> the ways a clerk types it (each read to the canonical value)
UNIT_TYPED = {"甲镇": ["甲镇", "县甲镇", "慈溪市甲镇", "慈溪甲镇"], "乙镇": ["乙镇", "市乙镇"],
              "公安局": ["公安局", "公安", "县公安局", "慈溪市公安局"], "发展改革局": ["发展改革局", "发改局", "区发改局"],
              "财政局(地税局)": ["财政局(地税局)", "财政局", "财政", "县财政局"], "城管执法局": ["城管执法局", "城管局", "城管"]}
PUB_TYPED = {(C, "《每日要讯》"): ["每日要讯", "《每日要讯》第35期", "每日要讯2026年第20期", "《每日要讯》（总第1200期）"],
             (C, "《专报信息》（紧急类）"): ["专报信息紧急类", "《专报信息》(紧急类)第3期"],
             (C, "《专报信息》"): ["专报信息", "《专报信息》2026年第9期"],
             (CITY, "《参阅》（增刊）"): ["参阅增刊", "《参阅》（增刊）第5期"],
             (CITY, "《专报信息（特刊）》"): ["专报信息特刊", "《专报信息（特刊）》第2期"],
             (P, "其他刊物"): ["《浙江信息》", "《浙江信息》第3期", "浙江政务"],
             (ST, "其他刊物"): ["《中国信息》", "《中国信息》2026年第1期"]}
CATEGORY_TYPED = {"综合分析": ["综合分析", "综合"], "经验做法": ["经验做法", "经验", "经验做法类"], "动态信息": ["动态", "动态信息"]}
WHO_TYPED = {"张三": ["张三", "张三（执笔）", "张三等", "【撰稿】张三"], "李四": ["李四", "李四(撰稿)"]}

pair_row = st.tuples(st.sampled_from(sorted(UNIT_TYPED)), st.sampled_from(sorted(PUB_TYPED)),
                     st.sampled_from(sorted(CATEGORY_TYPED)), st.integers(1, 12), st.sampled_from(sorted(WHO_TYPED)),
                     st.integers(0, 3), st.booleans())


@settings(max_examples=int(os.environ.get("XLSHEET_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pair_row, max_size=14), st.data())
def test_a_ledger_typed_every_way_scores_unit_for_unit_like_the_canonical_one(rows, data):
    canonical, typed, canonical_ins, typed_ins = [], [], [], []
    for i, (unit, (level, pub), cat, month, who, bonus, by_title) in enumerate(rows):
        day = f"2026-{month:02d}-10"
        canonical.append(ad(unit, pub, level, no=str(i), title=f"标题{i}", cat=cat, date=day, who=who))
        typed.append(ad(data.draw(st.sampled_from(UNIT_TYPED[unit])), data.draw(st.sampled_from(PUB_TYPED[(level, pub)])),
                        level, no="" if by_title else str(i), title=f"标题{i}",
                        cat=data.draw(st.sampled_from(CATEGORY_TYPED[cat])),
                        date=data.draw(st.sampled_from([day, f"{month}月10日"])),
                        who=data.draw(st.sampled_from(WHO_TYPED[who]))))
        if bonus:
            leader = [S.LEADER_COUNTY, S.LEADER_CITY, S.LEADER_PROVINCE][bonus - 1]
            canonical_ins.append(ins(str(i), leader, unit=unit))
            typed_ins.append(ins("", leader, unit=data.draw(st.sampled_from(UNIT_TYPED[unit])), title=f"标题{i}。")
                             if by_title else ins(str(i), leader, unit=data.draw(st.sampled_from(UNIT_TYPED[unit]))))
    params = {S.K_COUNTY: "慈溪市"}
    first = outcome(units=PAIR_UNITS, adoptions=canonical, instructions=canonical_ins, **params)
    second = outcome(units=PAIR_UNITS, adoptions=typed, instructions=typed_ins, **params)
    assert problems(first, S.ERROR) == [] and problems(second, S.ERROR) == []
    figures = ("total", "rate", "status", "eligible", "result", "points", "qualifying")
    assert ({r.name: tuple(getattr(r, f) for f in figures) for r in second.assessment.results}
            == {r.name: tuple(getattr(r, f) for f in figures) for r in first.assessment.results})


@settings(max_examples=int(os.environ.get("XLSHEET_EXAMPLES", "40")), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.lists(st.sampled_from(sorted(UNIT_TYPED)), min_size=2, max_size=3, unique=True),
                          st.sampled_from(sorted(PUB_TYPED)), st.booleans(), st.sampled_from("、，,；/和与")),
                max_size=8))
def test_a_joint_report_with_full_points_scores_like_one_row_per_unit(rows):
    canonical, typed, canonical_ins, typed_ins = [], [], [], []
    for i, (units, (level, pub), instructed, sep) in enumerate(rows):
        typed.append(ad(sep.join(units), pub, level, no=str(i), title=f"标题{i}", cat="经验做法"))
        canonical += [ad(u, pub, level, no=str(i), title=f"标题{i}", cat="经验做法") for u in units]
        if instructed:
            typed_ins.append(ins(str(i), S.LEADER_CITY))
            canonical_ins += [ins(str(i), S.LEADER_CITY, unit=u) for u in units]
    first = outcome(units=PAIR_UNITS, adoptions=canonical, instructions=canonical_ins, **{S.K_JOINT: S.JOINT_FULL})
    second = outcome(units=PAIR_UNITS, adoptions=typed, instructions=typed_ins, **{S.K_JOINT: S.JOINT_FULL})
    assert problems(second, S.ERROR) == []
    figures = ("total", "rate", "status", "eligible", "result", "points", "qualifying")
    assert ({r.name: tuple(getattr(r, f) for f in figures) for r in second.assessment.results}
            == {r.name: tuple(getattr(r, f) for f in figures) for r in first.assessment.results})
    equal = outcome(units=PAIR_UNITS, adoptions=typed, instructions=typed_ins)  # 平均分配: the exact shares add up
    points = {(level, pub): value for level, pub, value, *_ in defaults.POINTS}
    assert sum(r.total for r in equal.assessment.results) == sum(
        points[pub] + (20 if instructed else 0) for _, pub, instructed, _ in rows)


def test_every_date_column_takes_the_assessment_year_for_a_date_without_one():
    out = outcome(units=[("甲镇", S.TOWN, 100)], adoptions=[ad("甲镇", "《参阅》", no="1", reported="3月1日", date="3月5日")],
                  extras=[("甲镇", S.EXTRA_MEETING, "5月1日", None, "是", "")],
                  notices=[("甲镇", S.NOTICE_COUNTY, "7月2日", "", "")], decisions=[("甲镇", S.DECIDE_NOT, "", "12月20日")])
    assert [e.date for e in out.inputs.extras] == [dt.date(2026, 5, 1)]
    assert [n.date for n in out.inputs.notices] == [dt.date(2026, 7, 2)]
    assert [d.date for d in out.inputs.decisions] == [dt.date(2026, 12, 20)]
    assert out.inputs.adoptions[0].reported == dt.date(2026, 3, 1)
    assert result(out, "甲镇").total == 15 + 10 - 30
    assert {(p.sheet, p.column) for p in _readings(out)} == {
        (S.ADOPTIONS, S.A_DATE), (S.ADOPTIONS, S.A_REPORTED), (S.EXTRAS, S.E_DATE), (S.NOTICES, S.N_DATE),
        (S.DECISIONS, S.D_DATE)}
