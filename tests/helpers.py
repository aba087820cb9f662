"""Building input tables for tests, in memory or as a real workbook."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from pathlib import Path

from xlsheet import parameters
from xlsheet import rules as defaults
from xlsheet import schema as S
from xlsheet.assess import Result
from xlsheet.check import find_tables
from xlsheet.render import Outcome, run
from xlsheet.template import write_book

YEAR = 2026
C = S.LEVEL_COUNTY


def ad(unit: str, pub: str, level: str = C, no: str = "", title: str = "", cat: str = "动态信息",
       date: object = "2026-03-05", who: str = "", reported: object = None) -> tuple:
    """One 信息录用 row."""
    return (no, unit, title or f"{unit}的一条信息{no}", cat, who, level, pub, date, reported, "")


def ins(no: str, level: str, unit: str = "", title: str = "", date: object = "2026-06-01") -> tuple:
    """One 领导批示 row."""
    return (no, unit, title, level, "", date, "")


def params(**overrides: object) -> list[tuple]:
    """参数 as the template fills it, with `overrides` by key; an override of a key the template
    no longer has (a moved parameter) is a row of its own, as in an older book."""
    rows = [(key, overrides.get(key, value), note) for key, value, note in parameters.sheet_rows(YEAR)]
    return rows + [(key, value, "") for key, value in overrides.items() if key not in {r[0] for r in rows}]


def rows_for(units: Sequence[tuple] | None = None, adoptions: Sequence[tuple] = (),
             instructions: Sequence[tuple] = (), extras: Sequence[tuple] = (),
             notices: Sequence[tuple] = (), aliases: Sequence[tuple] | None = None,
             decisions: Sequence[tuple] | None = None, extra_kinds: Sequence[tuple] | None = None,
             notice_kinds: Sequence[tuple] | None = None, **param_overrides: object) -> dict[str, list]:
    """Rows of every input sheet (without headers); units default to the scheme's. With
    `aliases` (`decisions`, `extra_kinds`, `notice_kinds`), the book has an 别名 (评先裁定,
    加分标准, 通报标准) sheet of those rows; without, none (as older books)."""
    rows = {
        S.PARAMS: params(**param_overrides),
        S.UNITS: [tuple(u) + ("",) * (5 - len(u)) for u in (units if units is not None else defaults.UNITS)],
        S.POINTS: list(defaults.POINTS),
        S.BONUS: list(defaults.BONUS),
        S.ADOPTIONS: list(adoptions),
        S.INSTRUCTIONS: list(instructions),
        S.EXTRAS: list(extras),
        S.NOTICES: list(notices),
    }
    if aliases is not None:
        rows[S.ALIASES] = list(aliases)
    if decisions is not None:
        rows[S.DECISIONS] = list(decisions)
    if extra_kinds is not None:
        rows[S.EXTRA_RULES] = list(extra_kinds)
    if notice_kinds is not None:
        rows[S.NOTICE_RULES] = list(notice_kinds)
    return rows


def grids_from(rows: dict[str, list]) -> dict[str, list[list]]:
    columns = {t.sheet: t.columns for t in S.INPUT_TABLES + S.OPTIONAL_TABLES}
    return {sheet: [list(columns[sheet])] + [list(r) for r in body] for sheet, body in rows.items()}


def outcome(**kwargs: object) -> Outcome:
    return run(find_tables(grids_from(rows_for(**kwargs))), YEAR)


def result(out: Outcome, name: str) -> Result:
    return out.assessment.by_name()[name]


def problems(out: Outcome, level: str | None = None) -> list:
    return [p for p in out.inputs.problems if level is None or p.level == level]


def book(path: Path, **kwargs: object) -> Path:
    """A real .xlsm workbook built from the template with these rows."""
    return write_book(path, YEAR, rows_for(**kwargs))


def total(out: Outcome, name: str) -> Fraction:
    return result(out, name).total


def skip_or_fail(reason: str) -> None:
    """Skip with `reason` here; in CI (CI set), where everything must run, fail instead."""
    import os

    import pytest

    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI must run every test)")
    pytest.skip(reason)


def libreoffice_save(source, folder):
    """`source` opened and saved again by LibreOffice (headless), as a colleague without Excel would."""
    import shutil
    import subprocess

    if not shutil.which("soffice"):
        skip_or_fail("LibreOffice (soffice) is not installed here")
    done = subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{folder}/profile",
                           "--convert-to", "xlsm:Calc MS Excel 2007 VBA XML", "--outdir", str(folder / "saved"),
                           str(source)], capture_output=True, text=True, timeout=240)
    saved = folder / "saved" / source.name
    assert done.returncode == 0 and saved.exists(), done.stderr
    return saved
