"""Quarterly figures and the informant ranking, against hand-worked cases."""

from fractions import Fraction

from helpers import ad, ins, outcome

from xlsheet import schema as S
from xlsheet.informants import informants
from xlsheet.quarterly import quarterly

T = ("甲镇", S.TOWN, 100)
CITY = S.LEVEL_CITY


def rows_by_unit(out, as_of=None):
    return {q.unit.name: q for q in quarterly(out.inputs.units, out.ledger, as_of)}


def test_item_adopted_in_march_and_again_in_may():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《专报信息》", no="A", date="2026-03-20"),
                                        ad("甲镇", "《参阅》（普刊）", CITY, no="A", date="2026-05-08")],
                  instructions=[ins("A", S.LEADER_COUNTY, date="")])  # undated: the item's first adoption
    q = rows_by_unit(out)["甲镇"]
    assert q.cumulative == (10 + 10, 10 + 10 + 30, 50, 50)
    assert q.as_of == 2 and q.rate == Fraction(1, 2) and q.remaining == 50
    assert q.projection == 100  # 50 in two quarters, at that pace 100 in four


def test_unit_with_a_notice_in_q3():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《参阅》（普刊）", CITY, no=str(i), date=f"2026-0{m}-01")
                                        for i, m in enumerate((1, 4, 7, 9))],
                  notices=[("甲镇", S.NOTICE_COUNTY, "2026-08-15", "", ""), ("甲镇", S.NOTICE_HIGHER, "", "", "")])
    q = rows_by_unit(out)["甲镇"]
    assert q.cumulative == (30, 60, 60 + 60 - 30, 90)
    assert q.as_of == 3 and q.remaining == 10 and q.projection == 120
    table = out.tables[S.QUARTERLY]
    assert table[0][-4:] == [S.O_RATE, S.O_REMAINING, S.O_PROJECTION, S.O_AS_OF]
    assert table[1][3:] == [30, 60, 90, 90, 0.9, 10, 120.0, "第3季度末"]


def test_quarter_asked_for():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《每日要讯》", no=str(m), date=f"2026-{m:02d}-01")
                                        for m in range(1, 13)])
    q = rows_by_unit(out, as_of=1)["甲镇"]
    assert (q.to_date, q.remaining, q.projection) == (15, 85, 60)


def _informant_case(**params):
    return outcome(units=[T, ("乙镇", S.TOWN, 100)], adoptions=[
        ad("甲镇", "《参阅》（普刊）", CITY, no="1", who="王伟、李强", date="2026-03-10", reported="2026-03-01"),
        ad("甲镇", "《每日要讯》", no="1", who="王伟、李强", date="2026-03-02"),
        ad("甲镇", "《每日要讯》", no="2", who="王伟", date="2026-04-02", reported="2026-04-01"),
        ad("乙镇", "《参阅》（普刊）", CITY, no="3", who="张敏", date="2026-05-03", reported="2026-05-02"),
        ad("乙镇", "《每日要讯》", no="4", who="张敏", date="2026-05-09", reported="2026-05-09"),
    ], instructions=[ins("1", S.LEADER_COUNTY)], **params)


def test_informants_by_quality_then_quantity_then_timeliness():
    out = _informant_case()
    rows = {(r.name, r.unit): r for r in informants(out.ledger, out.inputs.rules)}
    wang, li, zhang = rows[("王伟", "甲镇")], rows[("李强", "甲镇")], rows[("张敏", "乙镇")]
    assert (wang.points, wang.items, wang.days) == (30 + 5 + 10 + 5, 2, Fraction(1 + 1, 2))
    assert (li.points, li.items, li.days) == (45, 1, 1)
    assert (zhang.points, zhang.items, zhang.days) == (35, 2, Fraction(1 + 0, 2))
    assert [r.name for r in informants(out.ledger, out.inputs.rules)] == ["王伟", "李强", "张敏"]


def test_coauthors_share_and_the_order_is_a_parameter():
    out = _informant_case(**{S.K_COAUTHOR: S.COAUTHOR_SPLIT, S.K_INFORMANT_ORDER: "时效、数量、质量"})
    ranked = informants(out.ledger, out.inputs.rules)
    rows = {r.name: r for r in ranked}
    assert rows["李强"].points == Fraction(45, 2) and rows["王伟"].points == Fraction(45, 2) + 5
    assert [r.name for r in ranked] == ["张敏", "王伟", "李强"]  # 0.5 days, then 1 (2 items), 1 (1 item)
    table = out.tables[S.INFORMANTS]
    assert table[1][1] == "张敏" and table[1][-1] == 0.5 and "平均分摊" in table[1][5]


def test_bad_or_late_report_dates_only_warn():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《每日要讯》", no="1", who="王伟", reported="昨天"),
                                        ad("甲镇", "《每日要讯》", no="2", who="王伟", date="2026-03-05",
                                           reported="2026-03-09")])
    warnings = [p for p in out.inputs.problems if p.column == S.A_REPORTED]
    assert [p.level for p in warnings] == [S.WARNING, S.WARNING]
    assert out.assessment.by_name()["甲镇"].total == 10
    assert informants(out.ledger, out.inputs.rules)[0].days is None


def test_timeliness_decides_between_equals_and_an_informant_without_dates_comes_last():
    # four informants with one 5-point item each: only timeliness can part them
    out = outcome(units=[T, ("乙镇", S.TOWN, 100), ("丁镇", S.TOWN, 100)], adoptions=[
        ad("甲镇", "《每日要讯》", no="1", who="丁", date="2026-03-05"),                       # no 报送日期
        ad("甲镇", "《每日要讯》", no="2", who="丙", date="2026-03-06", reported="2026-03-05"),  # 1 day
        ad("甲镇", "《每日要讯》", no="3", who="乙", date="2026-03-05", reported="2026-03-05"),  # 0 days
        ad("乙镇", "《每日要讯》", no="4", who="甲", date="2026-03-08", reported="2026-03-05"),  # 3 days
    ], extras=[("丁镇", S.EXTRA_MEETING, "2026-03-01", None, "是", "")])  # a line with no item comes first
    ranked = informants(out.ledger, out.inputs.rules)
    assert [(r.name, r.rank, r.days) for r in ranked] == [("乙", 1, 0), ("丙", 2, 1), ("甲", 3, 3), ("丁", 4, None)]


def test_timeliness_runs_from_the_report_to_the_first_adoption():
    out = outcome(units=[T], adoptions=[
        ad("甲镇", "《专报信息》", no="", title="无人署名", date="2026-03-20"),  # an item without informants first
        ad("甲镇", "《每日要讯》", no="", title="同一条", who="王伟", date="2026-03-02"),
        ad("甲镇", "《参阅》", no="", title="同一条", who="王伟", date="2026-03-10"),
        ad("甲镇", "《专报信息》", no="", title="同一条", who="王伟", date="2026-03-20", reported="2026-03-01"),
    ])
    [wang] = informants(out.ledger, out.inputs.rules)
    assert (wang.items, wang.points, wang.days) == (1, 5 + 15 + 10, 1)


def test_an_empty_year_is_reported_as_of_the_first_quarter():
    out = outcome(units=[T])
    assert rows_by_unit(out)["甲镇"].as_of == 1
    assert out.tables[S.QUARTERLY][1][-1] == S.NOTE["as_of"].format(quarter=1)


def test_extra_points_count_in_the_quarter_of_their_date():
    out = outcome(units=[T], extras=[("甲镇", S.EXTRA_MEETING, "2026-02-01", None, "是", ""),
                                     ("甲镇", S.EXTRA_TRAINING, "", None, "是", "")])  # undated: the year's end
    assert rows_by_unit(out, as_of=1)["甲镇"].cumulative == (10, 10, 10, 15)
