"""Hypothesis profiles: reproducible by default, a deeper random hunt on request.

    XLSHEET_HYPOTHESIS=deep XLSHEET_EXAMPLES=2000 python -m pytest -q tests/test_properties.py

The default profile derandomizes (a fixed seed: the same examples on every run, in CI and
here), so a red run can be repeated; `deep` draws new random examples each run.
"""

import os

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("fixed", derandomize=True, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("deep", derandomize=False, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.load_profile(os.environ.get("XLSHEET_HYPOTHESIS", "fixed"))


@pytest.fixture(scope="session")
def demo(tmp_path_factory):
    """The demonstration year, recalculated once for the session. Tests read it, or copy it
    before they change anything."""
    from xlsheet import api
    from xlsheet.demo import write_demo

    path = write_demo(tmp_path_factory.mktemp("demo") / "demo.xlsm")
    api.recalc(path)
    return path
