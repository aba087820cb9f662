"""Each clause of the scheme, with hand-worked expectations."""

from fractions import Fraction

from helpers import ad, grids_from, ins, outcome, result, rows_for, total

from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.check import find_tables
from xlsheet.demo import generate
from xlsheet.render import run

CITY, PROV, STATE = S.LEVEL_CITY, S.LEVEL_PROVINCE, S.LEVEL_STATE
T = ("甲镇", S.TOWN, 100)
D = ("甲局", S.DEPARTMENT, 100)
THREE = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 50), ("丙镇", S.TOWN, 100)]  # cap floor(35% × 3) = 1


def detail(out, unit):
    return [line for line in out.ledger if line.unit == unit]


# 二(四): 约稿上报信息 is replaced by a higher adoption of the same item.
def test_commission_replaced_by_higher_adoption():
    out = outcome(units=[T], adoptions=[
        ad("甲镇", S.COMMISSIONED_PUB, no="A"),
        ad("甲镇", "《每日要情》", CITY, no="A"),
        ad("甲镇", S.COMMISSIONED_PUB, no="B"),
    ])
    assert total(out, "甲镇") == 10 + 5
    lines = {(ln.number, ln.points) for ln in detail(out, "甲镇")}
    assert lines == {("A", 0), ("A", 10), ("B", 5)}
    zero = [ln for ln in detail(out, "甲镇") if ln.number == "A" and ln.points == 0][0]
    assert zero.note == "同一信息已被上级录用，县政府办公室约稿上报信息不再计分（上级录用时不计）"


def test_commission_not_replaced_by_county_adoption():
    out = outcome(units=[T], adoptions=[ad("甲镇", S.COMMISSIONED_PUB, no="A"),
                                        ad("甲镇", "《每日要讯》", no="A")])
    assert total(out, "甲镇") == 10


# 二(六): the same item adopted in several places scores in each.
def test_same_item_accumulates():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《每日要讯》", no="A"),
                                        ad("甲镇", "《专报信息》", PROV, no="A"),
                                        ad("甲镇", "《政务情况交流》", STATE, no="A")])
    assert total(out, "甲镇") == 5 + 30 + 100


# 二(五): instructions, cumulative and highest.
INSTRUCTED = dict(units=[T], adoptions=[ad("甲镇", "《每日要讯》", no="A")],
                  instructions=[ins("A", S.LEADER_COUNTY), ins("A", S.LEADER_PROVINCE),
                                ins("A", S.LEADER_COUNTY)])


def test_instruction_bonus_cumulative():
    out = outcome(**INSTRUCTED)
    r = result(out, "甲镇")
    assert (r.adoption, r.instruction, r.total) == (5, 10 + 30, 45)
    notes = [ln.note for ln in detail(out, "甲镇") if ln.sheet == S.INSTRUCTIONS]
    assert notes.count(S.NOTE["instruction_repeat"]) == 1


def test_instruction_bonus_highest():
    out = outcome(**INSTRUCTED, **{S.K_BONUS_MODE: S.BONUS_HIGHEST})
    r = result(out, "甲镇")
    assert (r.instruction, r.total) == (30, 35)


# 二(七): extra points.
def test_secondment_20_days_no_bonus_21_days_bonus():
    extras = [("甲镇", S.EXTRA_SECONDMENT, "2026-04-01", 20, "是", ""),
              ("甲局", S.EXTRA_SECONDMENT, "2026-04-01", 21, "是", "")]
    out = outcome(units=[T, ("甲局", S.DEPARTMENT, 150)], extras=extras)
    assert result(out, "甲镇").extra == 0
    assert result(out, "甲局").extra == 15
    short = [ln for ln in detail(out, "甲镇") if ln.sheet == S.EXTRAS][0]
    assert "不足 21 天" in short.note


def test_unapproved_extra_points_do_not_count_and_are_listed():
    extras = [("甲镇", S.EXTRA_TRAINING, "2026-04-01", None, "否", ""),
              ("甲镇", S.EXTRA_TRAINING, "2026-05-01", None, "是", ""),
              ("甲镇", S.EXTRA_TRAINING, "2026-06-01", None, "是", ""),
              ("甲镇", S.EXTRA_MEETING, "2026-06-01", None, "是", ""),
              ("甲镇", S.EXTRA_MEETING, "2026-07-01", None, "是", ""),
              ("甲镇", S.EXTRA_MEETING, "2026-08-01", None, "", "")]
    out = outcome(units=[T], extras=extras)
    assert result(out, "甲镇").extra == 5 + 10 + 10
    notes = [ln.note for ln in detail(out, "甲镇")]
    assert notes.count(S.NOTE["not_approved"].format(value="否")) == 1
    assert notes.count(S.NOTE["not_approved_blank"]) == 1
    assert notes.count("信息业务培训每年一次，已计") == 1
    assert len(notes) == 6


# 三(六): notices.
def _complete(unit, no="Q"):
    return [ad(unit, "《参阅》（普刊）", CITY, no=no, cat="经验做法") for _ in range(1)] + [
        ad(unit, "《专报信息》", STATE, no=no + "2")]


def test_one_notice_deducts_and_keeps_eligibility():
    out = outcome(units=[T], adoptions=_complete("甲镇"),
                  notices=[("甲镇", S.NOTICE_COUNTY, "2026-05-01", "", "")])
    r = result(out, "甲镇")
    assert r.deduction == 30 and r.total == 30 + 60 - 30
    assert r.notices == 1
    assert r.status == S.STATUS_NOT_DONE  # 60 < 100
    done = outcome(units=THREE, adoptions=_complete("甲镇") + [ad("甲镇", "《政务情况交流》", STATE, no="Z")],
                   notices=[("甲镇", S.NOTICE_COUNTY, "2026-05-01", "", "")])
    r = result(done, "甲镇")
    assert (r.total, r.notices, r.eligible, r.result) == (160, 1, S.ELIGIBLE, S.RESULT_ADVANCED)


def test_two_notices_disqualify():
    # three towns: a place under the cap (floor(35% × 3) = 1) that the unit would otherwise take
    adoptions = _complete("甲镇") + [ad("甲镇", "《政务情况交流》", STATE, no="Z")]
    one = outcome(units=THREE, adoptions=adoptions, notices=[("甲镇", S.NOTICE_COUNTY, "", "", "")])
    assert result(one, "甲镇").eligible == S.ELIGIBLE and result(one, "甲镇").result == S.RESULT_ADVANCED
    two = outcome(units=THREE, adoptions=adoptions + [ad("甲镇", "《政务情况交流》", STATE, no="Y")],
                  notices=[("甲镇", S.NOTICE_COUNTY, "", "", ""), ("甲镇", S.NOTICE_HIGHER, "", "", "")])
    r = result(two, "甲镇")
    assert r.total == 30 + 60 + 100 + 100 - 30 and r.notices == 2
    assert r.eligible == S.REASON_DEEMED and r.result == ""
    two = outcome(units=THREE, adoptions=adoptions + [ad("甲镇", "《政务情况交流》", STATE, no="Y")],
                  notices=[("甲镇", S.NOTICE_COUNTY, "", "", ""), ("甲镇", S.NOTICE_COUNTY, "", "", "")])
    r = result(two, "甲镇")
    assert r.total == 30 + 60 + 100 + 100 - 60 and r.status == S.STATUS_DONE
    assert r.eligible == S.REASON_NOTICES and r.result == ""


def test_higher_notice_deems_not_completed():
    adoptions = _complete("甲镇") + [ad("甲镇", "《政务情况交流》", STATE, no="Z")]
    out = outcome(units=[T, D], adoptions=adoptions + _complete("甲局", "D") + [
        ad("甲局", "《政务情况交流》", STATE, no="DZ")],
        notices=[("甲镇", S.NOTICE_HIGHER, "", "", ""), ("甲局", S.NOTICE_HIGHER, "", "", "")])
    town, dept = result(out, "甲镇"), result(out, "甲局")
    assert town.total == 190 and town.rate == Fraction(19, 10)
    assert town.status == S.STATUS_DEEMED and town.eligible == S.REASON_DEEMED
    assert town.points == 0
    assert dept.status == S.STATUS_DEEMED and dept.points == Fraction(-1, 2)


def test_missed_commission_disqualifies():
    adoptions = _complete("甲镇") + [ad("甲镇", "《政务情况交流》", STATE, no="Z")]
    out = outcome(units=THREE, adoptions=adoptions, notices=[("甲镇", S.NOTICE_COMMISSION, "", "", "")])
    r = result(out, "甲镇")
    assert r.status == S.STATUS_DONE and r.eligible == S.NOTICE_COMMISSION and r.result == "" and r.notices == 0
    assert (r.deduction, r.total) == (0, 30 + 60 + 100)  # it takes eligibility, never points
    line = [ln for ln in detail(out, "甲镇") if ln.sheet == S.NOTICES][0]
    assert (line.points, line.note) == (0, "未完成重要约稿，取消当年评先资格")


# 三(二): the comprehensive-information condition.
def test_eligibility_needs_comprehensive_item_in_qualifying_publication():
    emergency = [ad("甲镇", "《专报信息》（紧急类）", no=str(i), cat="经验做法") for i in range(20)]
    out = outcome(units=[T], adoptions=emergency + [ad("甲镇", "《专报信息》", no="X", cat="动态信息")])
    r = result(out, "甲镇")
    assert r.total == 110 and r.status == S.STATUS_DONE
    assert r.qualifying == 0 and r.eligible == S.REASON_NO_QUALIFYING
    out = outcome(units=[T], adoptions=emergency + [ad("甲镇", "《专报信息》", no="X", cat="情况反映")])
    assert result(out, "甲镇").eligible == S.ELIGIBLE


# 三(一): bundling.
def test_bundled_units_share_the_result_of_their_sums():
    units = [(S.PLACEHOLDER_TOWN, S.TOWN, 120, S.BUNDLE_EAST), ("东工业区管委会", S.DEPARTMENT, 60, S.BUNDLE_EAST)]
    adoptions = [ad(S.PLACEHOLDER_TOWN, "《参阅》（普刊）", CITY, no=str(i)) for i in range(3)]  # 90
    adoptions += [ad(S.PLACEHOLDER_TOWN, "《每日要讯》", no="x")]  # 95
    adoptions += [ad("东工业区管委会", "《参阅》（普刊）", CITY, no=f"e{i}") for i in range(3)]  # 90
    out = outcome(units=units, adoptions=adoptions)
    town, east = result(out, S.PLACEHOLDER_TOWN), result(out, "东工业区管委会")
    assert town.status == S.STATUS_NOT_DONE and east.status == S.STATUS_DONE
    assert town.points == east.points == 1  # 185 >= 180
    out = outcome(units=units, adoptions=adoptions[:3] + adoptions[4:5])  # 90 + 30 = 120 of 180
    assert result(out, S.PLACEHOLDER_TOWN).points == result(out, "东工业区管委会").points == Fraction(2, 3)


def test_town_points_are_the_completion_fraction():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《参阅》（普刊）", CITY, no=str(i)) for i in range(2)])
    assert result(out, "甲镇").points == Fraction(60, 100)


# 三(三), 三(四): caps of 6 of 19 towns and 15 of 53 departments.
def test_caps_with_the_scheme_units():
    adoptions = []
    for i, (name, _category, base, _, _) in enumerate(defaults.UNITS):
        # every unit completes, with its own rate: base + i*5 points, one qualifying item
        adoptions.append(ad(name, "《专报信息》", no=f"q{i}", cat="经验做法"))
        for k in range((base + i * 5) // 5):
            adoptions.append(ad(name, "《每日要讯》", no=f"{i}-{k}"))
    out = outcome(adoptions=adoptions)
    caps = {c.group: c for c in out.assessment.caps}
    assert (caps[S.TOWN].participants, caps[S.TOWN].cap, caps[S.TOWN].advanced) == (19, 6, 6)
    assert (caps[S.DEPARTMENT].participants, caps[S.DEPARTMENT].cap, caps[S.DEPARTMENT].advanced) == (53, 15, 15)
    towns = [r for r in out.assessment.results if r.group == S.TOWN]
    assert [r.result for r in towns[:7]] == [S.RESULT_ADVANCED] * 6 + [""]
    assert all(r.eligible == S.ELIGIBLE for r in towns)


# Ties: by 总分, then by qualifying items; an unbroken tie at the line is 并列待定.


def _rate_120(unit, base, qualifying=1, tag=""):
    rows = [ad(unit, "《专报信息》", no=f"{unit}{tag}q{i}", cat="综合分析") for i in range(qualifying)]
    points = base * 6 // 5 - 10 * qualifying
    return rows + [ad(unit, "《每日要讯》", no=f"{unit}{tag}{k}") for k in range(points // 5)]


def test_tie_broken_by_total():
    out = outcome(units=THREE, adoptions=_rate_120("甲镇", 100) + _rate_120("乙镇", 50))
    assert result(out, "甲镇").rate == result(out, "乙镇").rate == Fraction(6, 5)
    assert result(out, "甲镇").result == S.RESULT_ADVANCED
    assert result(out, "乙镇").result == ""


def test_tie_broken_by_qualifying_items():
    units = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)]
    out = outcome(units=units, adoptions=_rate_120("甲镇", 100, 1) + _rate_120("乙镇", 100, 2))
    assert result(out, "甲镇").total == result(out, "乙镇").total == 120
    assert result(out, "乙镇").result == S.RESULT_ADVANCED
    assert result(out, "甲镇").result == ""


def test_unbroken_tie_at_the_line_is_pending():
    units = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)]
    out = outcome(units=units, adoptions=_rate_120("甲镇", 100) + _rate_120("乙镇", 100))
    assert result(out, "甲镇").result == result(out, "乙镇").result == S.RESULT_TIED
    assert "乙镇" in " ".join(result(out, "甲镇").notes)
    assert result(out, "甲镇").points == 1
    assert result(out, "甲镇").rank == result(out, "乙镇").rank == 1
    assert result(out, "丙镇").rank == 3 and result(out, "丙镇").result == ""


# 三(五): direct advanced, outside the cap.
def test_direct_advanced_does_not_use_a_place():
    units = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)]
    adoptions = [ad("甲镇", "《政务情况交流》", STATE, no="D", cat="经验做法")]
    adoptions += _rate_120("乙镇", 100)
    out = outcome(units=units, adoptions=adoptions, instructions=[ins("D", S.LEADER_STATE)])
    assert result(out, "甲镇").result == S.RESULT_DIRECT
    assert result(out, "乙镇").result == S.RESULT_ADVANCED
    caps = {c.group: c for c in out.assessment.caps}
    assert (caps[S.TOWN].cap, caps[S.TOWN].advanced, caps[S.TOWN].direct) == (1, 1, 1)


def test_direct_needs_state_leader_on_experience_item():
    units = [("甲局", S.DEPARTMENT, 100)]
    adoptions = [ad("甲局", "《政务情况交流》", STATE, no="D", cat="情况反映")]
    out = outcome(units=units, adoptions=adoptions, instructions=[ins("D", S.LEADER_STATE)])
    assert result(out, "甲局").result != S.RESULT_DIRECT


# 一: 其他 units.
def test_other_units_have_no_base_and_rank_by_total():
    units = [("气象局", S.OTHER, None), ("科协", S.OTHER, "")]
    out = outcome(units=units, adoptions=[ad("科协", "《每日要讯》", no="1"), ad("科协", "《每日要讯》", no="2"),
                                          ad("气象局", "《每日要讯》", no="3")],
                  extras=[("科协", S.EXTRA_SECONDMENT, "", 30, "是", "")],
                  notices=[("科协", S.NOTICE_COUNTY, "", "", "")])
    first, second = out.assessment.results
    assert (first.name, first.rank, first.total, first.rate, first.points) == ("科协", 1, 10, None, None)
    assert (second.name, second.rank) == ("气象局", 2)
    assert first.eligible == S.REASON_OTHER and first.result == ""


# 五: exact arithmetic decides completion.
def test_exact_arithmetic_completes_the_base():
    units = [("乙局", S.DEPARTMENT, 28)]
    adoptions = [ad("乙局", "《参阅》（普刊）", CITY, no="1"), ad("乙局", "《专报信息》", no="2"),
                 ad("乙局", S.FORWARDED_PUB, no="3")]
    out = outcome(units=units, adoptions=adoptions,
                  extras=[("乙局", S.EXTRA_SECONDMENT, "2026-03-01", 21, "是", "")],
                  notices=[("乙局", S.NOTICE_COUNTY, "", "", ""), ("乙局", S.NOTICE_COUNTY, "", "", "")])
    r = result(out, "乙局")
    assert r.adoption == 42 and r.extra == Fraction(28, 10) and r.deduction == Fraction(168, 10)
    assert r.total == 28 and r.rate == 1
    assert r.status == S.STATUS_DONE
    assert r.result == "" and r.notices == 2


def test_detail_lines_add_up_to_total():
    rows = rows_for()
    rows.update(generate(7))
    out = run(find_tables(grids_from(rows)), 2026)
    sums = {}
    for line in out.ledger:
        sums[line.unit] = sums.get(line.unit, 0) + line.points
    for r in out.assessment.results:
        assert sums.get(r.name, 0) == r.total
    assert sum(1 for _ in out.ledger) >= len(out.inputs.adoptions)


# 三(一): a department's assessment points by its result.
def test_department_points_follow_the_result():
    units = [("甲局", S.DEPARTMENT, 100), ("乙局", S.DEPARTMENT, 100), ("丙局", S.DEPARTMENT, 100),
             ("丁局", S.DEPARTMENT, 100)]  # cap floor(30% × 4) = 1
    adoptions = (_rate_120("甲局", 100)                                                 # advanced
                 + [ad("乙局", "《每日要讯》", no=f"b{k}") for k in range(24)]            # done, no qualifying item
                 + [ad("丙局", "《每日要讯》", no="c")]                                   # not done
                 + [ad("丁局", "《政务情况交流》", STATE, no="D", cat="经验做法")])        # direct
    out = outcome(units=units, adoptions=adoptions, instructions=[ins("D", S.LEADER_STATE)])
    got = {n: (result(out, n).result, result(out, n).points) for n in ("甲局", "乙局", "丙局", "丁局")}
    assert got == {"甲局": (S.RESULT_ADVANCED, Fraction(1, 2)), "乙局": ("", 0),
                   "丙局": ("", Fraction(-1, 2)), "丁局": (S.RESULT_DIRECT, Fraction(1, 2))}
    assert result(out, "乙局").eligible == S.REASON_NO_QUALIFYING


def test_department_points_come_from_the_parameters():
    units = [("甲局", S.DEPARTMENT, 100), ("丙局", S.DEPARTMENT, 100), ("乙局", S.DEPARTMENT, 100),
             ("丁局", S.DEPARTMENT, 100)]
    out = outcome(units=units, adoptions=_rate_120("甲局", 100) + [ad("丙局", "《每日要讯》", no="c")],
                  **{S.K_ADVANCED_BONUS: 2, S.K_NOT_DONE_PENALTY: "0.25"})
    assert result(out, "甲局").points == 2 and result(out, "丙局").points == Fraction(-1, 4)


# 三(五): direct advanced needs the base completed and no disqualification.
DIRECT_ITEM = [ad("甲镇", "《政务情况交流》", STATE, no="D", cat="经验做法")]


def test_direct_advanced_needs_the_base_completed():
    out = outcome(units=[("甲镇", S.TOWN, 500)], adoptions=DIRECT_ITEM, instructions=[ins("D", S.LEADER_STATE)])
    r = result(out, "甲镇")
    assert r.total == 150 and r.status == S.STATUS_NOT_DONE and r.result == ""


def test_direct_advanced_is_lost_to_two_notices_and_to_a_missed_commission():
    big = DIRECT_ITEM + [ad("甲镇", "《政务情况交流》", STATE, no=f"x{i}") for i in range(3)]
    two = [("甲镇", S.NOTICE_COUNTY, "", "", "")] * 2
    for notices in (two, [("甲镇", S.NOTICE_COMMISSION, "", "", "")],
                    [("甲镇", S.NOTICE_HIGHER, "", "", ""), ("甲镇", S.NOTICE_COUNTY, "", "", "")]):
        out = outcome(units=[T], adoptions=big, notices=notices, instructions=[ins("D", S.LEADER_STATE)])
        r = result(out, "甲镇")
        assert r.total >= 100 and r.result == "", notices
    out = outcome(units=[T], adoptions=big, notices=two[:1], instructions=[ins("D", S.LEADER_STATE)])
    assert result(out, "甲镇").result == S.RESULT_DIRECT  # one county notice keeps it


def test_direct_needs_a_state_leader_and_a_state_adoption():
    for level, leader in ((CITY, S.LEADER_STATE), (STATE, S.LEADER_PROVINCE)):
        adoptions = [ad("甲镇", "《参阅》（普刊）" if level == CITY else "《政务情况交流》", level, no="D",
                        cat="经验做法")] + [ad("甲镇", "《政务情况交流》", STATE, no=f"x{i}") for i in range(2)]
        out = outcome(units=[T], adoptions=adoptions, instructions=[ins("D", leader)])
        assert result(out, "甲镇").result != S.RESULT_DIRECT, (level, leader)


# 二(七): secondment once a year, whichever row comes first.
def test_second_secondment_in_a_year_does_not_score_again():
    extras = [("甲镇", S.EXTRA_SECONDMENT, "2026-03-01", 25, "是", ""),
              ("甲镇", S.EXTRA_SECONDMENT, "2026-09-01", 30, "是", ""),
              ("甲镇", S.EXTRA_TRAINING, "2026-09-01", None, "是", ""),
              ("甲镇", S.EXTRA_MEETING, "2026-10-01", None, "是", "")]
    out = outcome(units=[T], extras=extras)
    assert result(out, "甲镇").extra == 10 + 5 + 10
    notes = [ln.note for ln in detail(out, "甲镇")]
    assert notes.count("派员蹲岗学习每年一次，已计") == 1


def test_secondment_bonus_is_the_parameter_share_of_the_base():
    extras = [("甲镇", S.EXTRA_SECONDMENT, "2026-03-01", 14, "是", "")]
    out = outcome(units=[("甲镇", S.TOWN, 120)], extras=extras,
                  **{S.K_SECONDMENT_RATIO: "15%", S.K_SECONDMENT_DAYS: 14})
    assert result(out, "甲镇").extra == 18


def test_county_notice_deducts_the_parameter_share():
    out = outcome(units=[("甲镇", S.TOWN, 120)], notices=[("甲镇", S.NOTICE_COUNTY, "", "", "")],
                  **{S.K_NOTICE_RATIO: "25%"})
    assert result(out, "甲镇").deduction == 30 and result(out, "甲镇").total == -30


def test_notice_limit_is_a_parameter():
    adoptions = _complete("甲镇") + [ad("甲镇", "《政务情况交流》", STATE, no="Z")]
    out = outcome(units=[T], adoptions=adoptions, notices=[("甲镇", S.NOTICE_COUNTY, "", "", "")],
                  **{S.K_NOTICE_LIMIT: 1})
    assert result(out, "甲镇").eligible == "通报一次及以上"
    three = [("甲镇", S.NOTICE_COUNTY, "", "", "")] * 3
    assert result(outcome(units=[T], adoptions=adoptions, notices=three[:2], **{S.K_NOTICE_LIMIT: 3}),
                  "甲镇").eligible == S.ELIGIBLE
    assert result(outcome(units=[T], adoptions=adoptions, notices=three, **{S.K_NOTICE_LIMIT: 3}),
                  "甲镇").eligible == "通报三次及以上"
    assert S.reason_notices(12) == "通报12次及以上" and S.REASON_NOTICES == "通报两次及以上"


# 三(一), 三(六): one deemed member makes the whole bundle deemed.
def test_a_deemed_member_makes_its_bundle_deemed():
    units = [(S.PLACEHOLDER_TOWN, S.TOWN, 120, S.BUNDLE_EAST), ("东工业区管委会", S.DEPARTMENT, 60, S.BUNDLE_EAST)]
    adoptions = [ad(S.PLACEHOLDER_TOWN, "《政务情况交流》", STATE, no=str(i)) for i in range(2)]  # 200 of 180
    out = outcome(units=units, adoptions=adoptions,
                  notices=[("东工业区管委会", S.NOTICE_HIGHER, "", "", "")], **{S.K_DEEMED_POINTS: "0.3"})
    town, east = result(out, S.PLACEHOLDER_TOWN), result(out, "东工业区管委会")
    assert town.status == S.STATUS_DONE and east.status == S.STATUS_DEEMED
    assert town.points == east.points == Fraction(3, 10)
    clean = outcome(units=units, adoptions=adoptions)
    assert result(clean, S.PLACEHOLDER_TOWN).points == result(clean, "东工业区管委会").points == 1


def test_a_deemed_town_scores_the_parameter():
    out = outcome(units=[T], adoptions=[ad("甲镇", "《政务情况交流》", STATE, no="1")],
                  notices=[("甲镇", S.NOTICE_HIGHER, "", "", "")], **{S.K_DEEMED_POINTS: "0.5"})
    assert result(out, "甲镇").points == Fraction(1, 2)


def test_a_negative_total_gives_a_town_no_negative_points():
    out = outcome(units=[T], notices=[("甲镇", S.NOTICE_COUNTY, "", "", "")])
    assert result(out, "甲镇").total == -30 and result(out, "甲镇").points == 0


# 三(三): the cap is of the participants, by its own ratio.
def test_cap_follows_the_ratio_parameter():
    units = [(f"{i}镇", S.TOWN, 100) for i in range(4)]
    adoptions = [row for i in range(4) for row in _rate_120(f"{i}镇", 100, qualifying=1 + i)]
    for ratio, advanced in (("50%", 2), ("25%", 1), ("0", 0), ("100%", 4)):
        out = outcome(units=units, adoptions=adoptions, **{S.K_TOWN_RATIO: ratio})
        picked = [r.name for r in out.assessment.results if r.result == S.RESULT_ADVANCED]
        assert picked == [f"{3 - k}镇" for k in range(advanced)], ratio


# 三(七): exactly 先进个人人数 informants are proposed.
def test_informant_count_lists_exactly_that_many():
    people = ["赵一", "钱二", "孙三", "李四", "周五"]
    # 赵一 wrote one item, 钱二 two, ..., 周五 five: a clear order by quality
    adoptions = [ad("甲镇", "《每日要讯》", no=f"{i}-{k}", who=name) for i, name in enumerate(people)
                 for k in range(i + 1)]
    for count in (3, 5, 10):
        out = outcome(units=[T], adoptions=adoptions, **{S.K_INFORMANT_COUNT: count})
        rows = out.tables[S.INFORMANTS][1:]
        assert [r[1] for r in rows] == people[::-1][:count], count
        assert [r[0] for r in rows] == list(range(1, min(count, 5) + 1))


# 得分明细: every line says exactly what happened, in sheet order within each unit.
def test_every_detail_line_says_exactly_what_happened():
    units = [("甲镇", S.TOWN, 100), ("气象局", S.OTHER, None)]
    adoptions = [ad("甲镇", S.COMMISSIONED_PUB, no="1", title="约稿一"),              # 2 replaced by row 3
                 ad("甲镇", "《每日要情》", CITY, no="1", title="约稿一"),            # 3
                 ad("甲镇", "《每日要讯》", no="2", title="动态二"),                  # 4
                 ad("无此镇", "《每日要讯》", no="3", title="错单位")]                # 5 error
    instructions = [ins("1", S.LEADER_COUNTY, date="2026-09-01"),                    # 2 repeat: row 3 is earlier
                    ins("1", S.LEADER_COUNTY, date="2026-05-01")]                    # 3 counts
    extras = [("甲镇", S.EXTRA_TRAINING, "2026-06-01", 0, "是", ""),                 # 2 repeat: row 4 is earlier
              ("甲镇", S.EXTRA_TRAINING, "2026-06-01", None, "是", ""),              # 3 repeat
              ("甲镇", S.EXTRA_TRAINING, "2026-04-01", None, "是", ""),              # 4 counts: the earliest
              ("甲镇", S.EXTRA_SECONDMENT, "2026-07-01", 25, "是", ""),              # 5 repeat of row 6
              ("甲镇", S.EXTRA_SECONDMENT, "2026-07-01", 30, "是", ""),              # 6 counts: longer first
              ("甲镇", S.EXTRA_SECONDMENT, "2026-03-01", 7, "是", ""),               # 7 too short
              ("甲镇", S.EXTRA_MEETING, "2026-08-01", None, "是", ""),               # 8
              ("气象局", S.EXTRA_SECONDMENT, "2026-03-01", 30, "是", ""),            # 9 no base
              ("气象局", S.EXTRA_SECONDMENT, "2026-04-01", 30, "是", ""),            # 10 repeat
              ("甲镇", S.EXTRA_MEETING, "2026-04-01", None, "否", "")]               # 11 not approved
    notices = [("甲镇", S.NOTICE_COUNTY, "2026-05-01", "县府办〔2026〕3号", ""),     # 2
               ("甲镇", S.NOTICE_COMMISSION, "2026-06-01", "", ""),                  # 3
               ("气象局", S.NOTICE_COUNTY, "2026-06-01", "", "")]                    # 4 no base
    out = outcome(units=units, adoptions=adoptions, instructions=instructions, extras=extras, notices=notices)
    N = S.NOTE
    town = [("甲镇", S.ADOPTIONS, 2, "1", "约稿一", S.ENTRY_NONE, 0, "同一信息已被上级录用，县政府办公室约稿上报信息不再计分（上级录用时不计）"),
            ("甲镇", S.ADOPTIONS, 3, "1", "约稿一", S.ENTRY_ADOPTION, 10, f"{CITY}《每日要情》录用"),
            ("甲镇", S.ADOPTIONS, 4, "2", "动态二", S.ENTRY_ADOPTION, 5, f"{S.LEVEL_COUNTY}《每日要讯》录用"),
            ("甲镇", S.INSTRUCTIONS, 2, "1", "约稿一", S.ENTRY_NONE, 0, N["instruction_repeat"]),
            ("甲镇", S.INSTRUCTIONS, 3, "1", "约稿一", S.ENTRY_INSTRUCTION, 10, "县领导批示"),
            ("甲镇", S.EXTRAS, 2, "", "", S.ENTRY_NONE, 0, "信息业务培训每年一次，已计"),
            ("甲镇", S.EXTRAS, 3, "", "", S.ENTRY_NONE, 0, "信息业务培训每年一次，已计"),
            ("甲镇", S.EXTRAS, 4, "", "", S.ENTRY_EXTRA, 5, "信息业务培训"),
            ("甲镇", S.EXTRAS, 5, "", "", S.ENTRY_NONE, 0, "派员蹲岗学习每年一次，已计"),
            ("甲镇", S.EXTRAS, 6, "", "", S.ENTRY_EXTRA, 10, "派员蹲岗学习 30 天，加基础分的 10%"),
            ("甲镇", S.EXTRAS, 7, "", "", S.ENTRY_NONE, 0, "派员蹲岗学习 7 天，不足 21 天，不加分"),
            ("甲镇", S.EXTRAS, 8, "", "", S.ENTRY_EXTRA, 10, "协办信息网络会议"),
            ("甲镇", S.EXTRAS, 11, "", "", S.ENTRY_NONE, 0, N["not_approved"].format(value="否")),
            ("甲镇", S.NOTICES, 2, "", "", S.ENTRY_DEDUCTION, -30, "紧急信息迟报瞒报通报，扣基础分的 30%（县府办〔2026〕3号）"),
            ("甲镇", S.NOTICES, 3, "", "", S.ENTRY_NOTICE, 0, "未完成重要约稿，取消当年评先资格")]
    other = [("气象局", S.EXTRAS, 9, "", "", S.ENTRY_NONE, 0, N["no_base"]),
             ("气象局", S.EXTRAS, 10, "", "", S.ENTRY_NONE, 0, "派员蹲岗学习每年一次，已计"),
             ("气象局", S.NOTICES, 4, "", "", S.ENTRY_NOTICE, 0, N["no_base"])]
    rejected = [("", S.ADOPTIONS, 5, "3", "错单位", S.ENTRY_NONE, 0, N["error_row"])]
    got = [tuple(ln[:8]) for ln in out.ledger]
    assert got == rejected + other + town  # by unit ('' first, then by code point), then sheet order, then row
    assert result(out, "甲镇").total == 10 + 5 + 10 + 5 + 10 + 10 - 30


def test_every_unit_score_row_says_exactly_what_happened():
    units = THREE + [(S.PLACEHOLDER_TOWN, S.TOWN, 120, S.BUNDLE_EAST), ("东工业区管委会", S.DEPARTMENT, 60, S.BUNDLE_EAST),
                     ("气象局", S.OTHER, None)]
    adoptions = (_rate_120("甲镇", 100) + _rate_120("乙镇", 50)
                 + [ad(S.PLACEHOLDER_TOWN, "《政务情况交流》", STATE, no=f"p{i}") for i in range(2)]
                 + [ad("气象局", "《每日要讯》", no="m")])
    out = outcome(units=units, adoptions=adoptions, notices=[("丙镇", S.NOTICE_COUNTY, "", "", "")])
    rows = {r[0]: r for r in out.tables[S.SCORES][1:]}
    cap = "名额 1 个（4 个单位 × 35%，向下取整）"
    assert rows["甲镇"][13:] == [S.RESULT_ADVANCED, 1, cap]
    assert rows["乙镇"][13:] == ["", 1, ""]
    assert rows["丙镇"][7:] == [-30, -0.3, S.STATUS_NOT_DONE, 0, 1, S.REASON_NOT_DONE, "", 0, "通报 1 次"]
    bundle = "与东工业区管委会捆绑考核：合计总分 200，合计基础分 180"
    assert rows[S.PLACEHOLDER_TOWN][13:] == ["", 1, bundle]
    assert rows["东工业区管委会"][13:] == ["", 1, f"与{S.PLACEHOLDER_TOWN}捆绑考核：合计总分 200，合计基础分 180"]
    assert rows["气象局"][7:] == [5, None, "", 0, 0, S.REASON_OTHER, "", None, S.NOTE["other_unit"]]
    ranking = [(r[0], r[1], r[2]) for r in out.tables[S.RANKING][1:]]
    # by rate (the bundled town has 200 of 120), then total (甲镇 120 before 乙镇 60 at 120%)
    assert ranking[:5] == [(S.TOWN, 1, S.PLACEHOLDER_TOWN), (S.TOWN, 2, "甲镇"), (S.TOWN, 3, "乙镇"),
                           (S.TOWN, 4, "丙镇"), (S.DEPARTMENT, 1, "东工业区管委会")]


def test_a_tie_of_three_names_the_other_two_and_counts_in_the_cap():
    units = [(f"{c}镇", S.TOWN, 100) for c in "甲乙丙丁戊己"]  # cap floor(35% × 6) = 2
    adoptions = [row for c in "甲乙丙" for row in _rate_120(f"{c}镇", 100)] + _rate_120("丁镇", 100, 2)
    out = outcome(units=units, adoptions=adoptions)
    assert result(out, "丁镇").result == S.RESULT_ADVANCED
    assert [result(out, f"{c}镇").result for c in "甲乙丙"] == [S.RESULT_TIED] * 3
    assert result(out, "甲镇").notes == (S.NOTE["tied"].format(others="丙镇、乙镇"),)  # in name order
    caps = {c.group: c for c in out.assessment.caps}
    assert (caps[S.TOWN].cap, caps[S.TOWN].advanced, caps[S.TOWN].tied) == (2, 1, 3)


def test_only_valid_bundles_share_a_result_whatever_comes_first():
    units = [("甲局", S.DEPARTMENT, 60, "A组"), ("乙局", S.DEPARTMENT, 60, "A组"),   # no town: not shared
             ("甲镇", S.TOWN, 100, "B组"), ("丙局", S.DEPARTMENT, 100, "B组")]
    out = outcome(units=units, adoptions=[ad("甲镇", "《政务情况交流》", STATE, no="1")])
    assert result(out, "甲镇").points == result(out, "丙局").points == Fraction(1, 2)
    assert result(out, "甲局").points == result(out, "乙局").points == Fraction(-1, 2)


def test_a_unit_with_nothing_ranks_below_one_with_something():
    out = outcome(units=[("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100)],
                  adoptions=[ad("乙镇", "《每日要讯》", no="1")])
    assert [(r.name, r.rank) for r in out.assessment.results] == [("乙镇", 1), ("甲镇", 2)]


def test_a_bundle_of_three_names_the_other_two():
    units = [("甲镇", S.TOWN, 100, "组"), ("甲局", S.DEPARTMENT, 50, "组"), ("乙局", S.DEPARTMENT, 50, "组")]
    out = outcome(units=units, adoptions=[ad("甲镇", "《政务情况交流》", STATE, no="1")])
    assert result(out, "甲镇").notes == ("与甲局、乙局捆绑考核：合计总分 100，合计基础分 200",)
    assert result(out, "甲局").points == Fraction(1, 2)
