"""Invariants, over generated inputs."""

import os
import random

from helpers import ad, ins, outcome
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlsheet import rules as defaults
from xlsheet import schema as S

UNITS = [("甲镇", S.TOWN, 100), ("乙镇", S.TOWN, 60), ("丙镇", S.TOWN, 120), ("丁镇", S.TOWN, 100),
         ("甲局", S.DEPARTMENT, 90), ("乙局", S.DEPARTMENT, 30), ("丙局", S.DEPARTMENT, 150),
         ("丁局", S.DEPARTMENT, 60), ("戊局", S.DEPARTMENT, 60), ("己局", S.DEPARTMENT, 120),
         ("气象局", S.OTHER, None)]
NAMES = [u[0] for u in UNITS]
PUBS = [(level, pub) for level, pub, *_ in defaults.POINTS]

# Item numbers are unique to a unit, as the office assigns them (a number shared by two
# units is reported in 校验 and makes a unit-less instruction ambiguous).
adoption = st.builds(
    lambda u, pub, no, cat, month: ad(NAMES[u], pub[1], pub[0], no=f"N{u}-{no}", cat=cat,
                                      date=f"2026-{month:02d}-15"),
    st.integers(0, len(NAMES) - 1), st.sampled_from(PUBS), st.integers(0, 6),
    st.sampled_from(S.ITEM_CATEGORIES), st.integers(1, 12))
instruction = st.builds(lambda u, no, level: ins(f"N{u}-{no}", level),
                        st.integers(0, len(NAMES) - 1), st.integers(0, 6),
                        st.sampled_from([b[0] for b in defaults.BONUS]))
notice = st.builds(lambda unit, kind: (unit, kind, "", "", ""), st.sampled_from(NAMES),
                   st.sampled_from([k[0] for k in defaults.NOTICE_KINDS]))
extra = st.builds(lambda unit, kind, days, ok: (unit, kind, "", days, ok, ""), st.sampled_from(NAMES),
                  st.sampled_from([k[0] for k in defaults.EXTRA_KINDS]), st.integers(0, 40), st.sampled_from(["是", "否"]))
inputs = st.fixed_dictionaries({
    "adoptions": st.lists(adoption, max_size=40),
    "instructions": st.lists(instruction, max_size=6),
    "notices": st.lists(notice, max_size=4),
    "extras": st.lists(extra, max_size=4),
})
# XLSHEET_EXAMPLES=2000 for a longer hunt; found so far: order-dependent repeat rows, secondments.
SETTINGS = settings(max_examples=int(os.environ.get("XLSHEET_EXAMPLES", "80")), deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _view(out):
    """What a user reads, without row numbers (which move when rows are shuffled)."""
    scores = [tuple(r) for r in out.tables[S.SCORES]]
    ranking = [tuple(r) for r in out.tables[S.RANKING]]
    detail = sorted((ln.unit, ln.sheet, ln.number, ln.entry, ln.points, ln.note) for ln in out.ledger)
    return scores, ranking, detail


@SETTINGS
@given(data=inputs, seed=st.integers(0, 2**16))
def test_shuffled_rows_give_identical_outputs(data, seed):
    rng = random.Random(seed)
    shuffled = {k: rng.sample(v, len(v)) for k, v in data.items()}
    units = rng.sample(UNITS, len(UNITS))
    assert _view(outcome(units=UNITS, **data)) == _view(outcome(units=units, **shuffled))


@SETTINGS
@given(data=inputs, extra_adoption=adoption)
def test_adding_an_adoption_never_lowers_a_total(data, extra_adoption):
    before = outcome(units=UNITS, **data).assessment.by_name()
    more = dict(data, adoptions=data["adoptions"] + [extra_adoption])
    after = outcome(units=UNITS, **more).assessment.by_name()
    for name in NAMES:
        assert after[name].total >= before[name].total


@SETTINGS
@given(data=inputs)
def test_advanced_never_exceeds_the_cap_and_detail_adds_up(data):
    out = outcome(units=UNITS, **data)
    for cap in out.assessment.caps:
        members = [r for r in out.assessment.results if r.group == cap.group]
        advanced = [r for r in members if r.result == S.RESULT_ADVANCED]
        assert len(advanced) <= cap.cap
        assert all(r.eligible == S.ELIGIBLE for r in advanced)
    sums = {}
    for line in out.ledger:
        sums[line.unit] = sums.get(line.unit, 0) + line.points
    for r in out.assessment.results:
        assert sums.get(r.name, 0) == r.total
    every_row = {(ln.sheet, ln.row) for ln in out.ledger}
    for sheet, rows in ((S.ADOPTIONS, data["adoptions"]), (S.INSTRUCTIONS, data["instructions"]),
                        (S.NOTICES, data["notices"]), (S.EXTRAS, data["extras"])):
        assert {(sheet, i + 2) for i in range(len(rows))} <= every_row
