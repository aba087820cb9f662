"""Year-end decisions (评先裁定): ties at a cap's cut and 其他 units settled by a recorded decision."""

from fractions import Fraction

from helpers import ad, outcome, result

from xlsheet import schema as S

STATE = S.LEVEL_STATE


def _rate_120(unit, base=100, qualifying=1):
    rows = [ad(unit, "《专报信息》", no=f"{unit}q{i}", cat="综合分析") for i in range(qualifying)]
    return rows + [ad(unit, "《每日要讯》", no=f"{unit}{k}") for k in range((base * 6 // 5 - 10 * qualifying) // 5)]


TOWNS = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 100), ("丙镇", S.TOWN, 100)]  # cap 1
DEPTS = [("甲局", S.DEPARTMENT, 100), ("乙局", S.DEPARTMENT, 100), ("丙局", S.DEPARTMENT, 100),
         ("丁局", S.DEPARTMENT, 100)]  # cap floor(30% × 4) = 1
OTHERS = [("气象局", S.OTHER, None), ("科协", S.OTHER, None)]
ROWS = dict(units=TOWNS + DEPTS + OTHERS,
            adoptions=_rate_120("甲镇") + _rate_120("乙镇") + _rate_120("甲局") + _rate_120("乙局")
            + [ad("气象局", "《每日要讯》", no="m")])


def test_without_decisions_the_ties_stay_pending():
    out = outcome(**ROWS)
    assert [result(out, n).result for n in ("甲镇", "乙镇", "甲局", "乙局")] == [S.RESULT_TIED] * 4
    assert result(out, "甲局").points == 0


def test_a_decision_settles_exactly_the_decided_unit():
    before = outcome(**ROWS)
    after = outcome(**ROWS, decisions=[("乙局", S.DECIDE_ADVANCED, "县考核办2026年第3次会议", "2027-01-10"),
                                       ("甲局", S.DECIDE_NOT, "", "")])
    changed = {r.name for r in after.assessment.results
               if (r.result, r.points) != (result(before, r.name).result, result(before, r.name).points)}
    assert changed == {"甲局", "乙局"}
    assert (result(after, "乙局").result, result(after, "乙局").points) == (S.RESULT_ADVANCED, Fraction(1, 2))
    assert (result(after, "甲局").result, result(after, "甲局").points) == ("", 0)
    assert result(after, "乙局").notes == ("经裁定为「先进」：县考核办2026年第3次会议（2027-01-10）",)
    assert result(after, "甲局").notes == ("经裁定为「不评先」",)
    assert result(after, "甲镇").result == result(after, "乙镇").result == S.RESULT_TIED  # undecided: still pending
    caps = {c.group: c for c in after.assessment.caps}
    assert (caps[S.DEPARTMENT].advanced, caps[S.DEPARTMENT].tied) == (1, 0)
    assert after.errors == 0 and after.warnings == 0
    scores = {row[0]: row for row in after.tables[S.SCORES][1:]}
    assert scores["乙局"][13:15] == [S.RESULT_ADVANCED, 0.5] and "裁定" in scores["乙局"][15]


def test_an_other_unit_chosen_for_commendation():
    out = outcome(**ROWS, decisions=[("气象局", S.DECIDE_COMMEND, "择优表彰", "")])
    assert result(out, "气象局").result == S.RESULT_COMMENDED and result(out, "气象局").points is None
    assert result(out, "科协").result == ""


def test_an_invalid_decision_is_located_in_the_check_sheet():
    out = outcome(**ROWS, decisions=[("丙镇", S.DECIDE_ADVANCED, "", ""),      # 2: not tied
                                     ("甲局", S.DECIDE_COMMEND, "", ""),       # 3: 表彰 is for 其他 only
                                     ("科协", S.DECIDE_ADVANCED, "", ""),      # 4: 其他 only 表彰
                                     ("甲局", S.DECIDE_NOT, "", ""),           # 5: (valid: first for 甲局? no, row 3 was)
                                     ("无此局", S.DECIDE_NOT, "", ""),         # 6: unknown unit
                                     ("乙镇", "待定", "", "")])                # 7: unknown result
    found = {(p.row, p.column, p.level) for p in out.problems if p.sheet == S.DECISIONS}
    assert found == {(2, S.D_RESULT, S.ERROR), (3, S.D_RESULT, S.ERROR), (4, S.D_RESULT, S.ERROR),
                     (5, S.D_UNIT, S.ERROR), (6, S.D_UNIT, S.ERROR), (7, S.D_RESULT, S.ERROR)}
    assert result(out, "丙镇").result == "" and result(out, "甲局").result == S.RESULT_TIED
    check_sheet = out.tables[S.CHECK]
    assert [S.ERROR, S.DECISIONS, 2, S.D_RESULT] in [row[:4] for row in check_sheet[1:]]


def test_decisions_over_the_cap_are_a_warning_naming_the_cap():
    out = outcome(**ROWS, decisions=[("甲局", S.DECIDE_ADVANCED, "", ""), ("乙局", S.DECIDE_ADVANCED, "", "")])
    warned = [p for p in out.problems if p.sheet == S.DECISIONS]
    assert [(p.row, p.level) for p in warned] == [(2, S.WARNING), (3, S.WARNING)]
    assert "超过名额 1 个" in warned[0].message and "名额 1 个（4 个单位 × 30%" in warned[0].message
    assert result(out, "甲局").result == result(out, "乙局").result == S.RESULT_ADVANCED


def test_a_book_without_the_decisions_sheet_works_unchanged():
    rows = dict(ROWS)
    assert outcome(**rows).inputs.decisions == ()
