"""Parsing what people type into cells: numbers, percentages, dates, yes/no.

Every parser returns an exact value (Fraction, int, date) or raises ValueError;
the checker turns the error into a problem with the cell's location.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import TypeVar

EXCEL_EPOCH = dt.date(1899, 12, 30)
EPOCH_1904 = dt.date(1904, 1, 1)  # day 0 of a workbook in the 1904 date system (Mac books)
_DATE_RE = re.compile(r"^\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(?:[ T].*)?$")
_COMPACT_DATE_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_DAYS_RE = re.compile(r"^(\d+)\s*(天|日|周|星期)?$")
_MONTH_DAY_RE = re.compile(r"^\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?\s*$")
_POINTS_RE = re.compile(r"^(.*?\d)\s*分$")

# What a cell holding an Excel error shows (the file adapter reads these from the sheet).
EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A",
                          "#GETTING_DATA", "#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!",
                          "#BUSY!", "#UNKNOWN!"})


class Uncomputed(str):
    """A cell holding a formula whose result the file does not carry (a book written by a
    program that does not calculate): its text is the formula. The adapter puts one in the
    grid; every resolver reports it on its cell, never reads it as blank."""


def is_excel_error(value: object) -> bool:
    """An Excel error value, or a formula without a saved result (Uncomputed)."""
    return (type(value) is str and value in EXCEL_ERRORS) or type(value) is Uncomputed


def is_blank(value: object) -> bool:
    """None, '' or only white space (check.find_table applies this test column by column)."""
    return value is None or value == "" or (isinstance(value, str) and value.isspace())


_NUMBER_TYPES = frozenset({bool, int, float})
T = TypeVar("T")


def per_distinct(values: Sequence[object], fn: Callable[[object], T]) -> tuple[Sequence[object], dict[object, T]]:
    """`fn` of each distinct value of a column, once: (keys, {key: fn(value)}), keys[i]
    being the key of values[i], so `map(found.__getitem__, keys)` gives fn per value.

    True, 1 and 1.0 are equal keys to Python; where a column mixes such types, each value is
    keyed with its type, so each is handled as what it is.
    """
    if len(set(map(type, values)) & _NUMBER_TYPES) > 1:
        keys = list(zip(map(type, values), values, strict=True))
        return keys, {k: fn(k[1]) for k in set(keys)}
    return values, {k: fn(k) for k in set(values)}


def _text(value: object) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip()


class OutOfRange(ValueError):
    """A number no cell of this workbook can sensibly hold (beyond LARGEST, or closer to 0
    than SMALLEST): an overflow, a typing slip, or a hostile file."""


LARGEST, SMALLEST = 10**12, Fraction(1, 10**9)


def _sensible(value: Fraction) -> Fraction:
    if abs(value) > LARGEST or (value and abs(value) < SMALLEST):
        raise OutOfRange(value)
    return value


Exact = int | Fraction
"""An exact number: int where it is whole (fast to add), Fraction otherwise."""


def exact(value: Fraction) -> Exact:
    return value.numerator if value.denominator == 1 else value


def to_fraction(value: object) -> Exact:
    """An exact number from a cell: int, float (by its shortest repr) or numeric text; one
    beyond LARGEST or nearer 0 than SMALLEST is OutOfRange (a ValueError)."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return exact(_sensible(Fraction(value)))
    if isinstance(value, float):
        if value != value:
            raise ValueError(value)
        if value in (float("inf"), float("-inf")):
            raise OutOfRange(value)
        return exact(_sensible(Fraction(Decimal(repr(value)))))
    if isinstance(value, Fraction):
        return exact(_sensible(value))
    if isinstance(value, (str, Decimal)):
        try:
            number = value if isinstance(value, Decimal) else Decimal(_text(value).replace(",", ""))
        except (InvalidOperation, ValueError):
            raise ValueError(value) from None
        if not number.is_finite():
            raise ValueError(value)
        if number and not -10 <= number.adjusted() <= 12:  # decided before a huge exponent is expanded
            raise OutOfRange(value)
        return exact(_sensible(Fraction(number)))
    raise ValueError(value)


def to_percent(value: object) -> Exact:
    """35%, 0.35 and 35 all give 7/20. A number above 1 is read as a percentage."""
    if isinstance(value, str) and _text(value).endswith("%"):
        return Fraction(to_fraction(_text(value)[:-1]), 100)
    number = to_fraction(value)
    if number > 1:
        return Fraction(number, 100)
    if number < 0:
        raise ValueError(value)
    return exact(Fraction(number))


def to_points(value: object) -> Exact:
    """A number of points: as to_fraction, and also with its unit: 「120分」 is 120."""
    if isinstance(value, str):
        match = _POINTS_RE.match(_text(value))
        if match:
            return to_fraction(match.group(1))
    return to_fraction(value)


def to_int(value: object) -> int:
    number = to_fraction(value)
    if number.denominator != 1:
        raise ValueError(value)
    return int(number)


def to_days(value: object) -> int:
    """A number of days: 21, "21天", "21 日", or weeks: "3周" is 21."""
    if isinstance(value, str):
        match = _DAYS_RE.match(_text(value))
        if match is None:
            raise ValueError(value)
        number = int(match.group(1))
        return number * 7 if match.group(2) in ("周", "星期") else number
    return to_int(value)


def to_date(value: object, epoch: dt.date = EXCEL_EPOCH) -> dt.date:
    """An Excel date, a serial number (counted from `epoch`: the workbook's date system), or
    text such as 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日 or 20260305 (see the message
    not_date, which lists the same forms)."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if 1 <= value < 2958466:
            return epoch + dt.timedelta(days=int(value))
        raise ValueError(value)
    if isinstance(value, str):
        text = _text(value)
        match = _DATE_RE.match(text) or _COMPACT_DATE_RE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    raise ValueError(value)


def month_day(value: object, year: int) -> dt.date | None:
    """A date typed without its year (3月5日, 3月5号), in `year`; None for anything else
    (ValueError for a month and day that do not exist in that year)."""
    if not isinstance(value, str):
        return None
    match = _MONTH_DAY_RE.match(_text(value))
    if match is None:
        return None
    return dt.date(year, int(match.group(1)), int(match.group(2)))


def show(value: object) -> str:
    """A cell's content as text for a message."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Fraction):
        return format_number(value)
    return str(value)


def rounded(value: Exact, places: int) -> Fraction:
    """`value` rounded half up (away from zero: 四舍五入) to `places` decimals, exactly:
    0.725 at 2 decimals is 73/100 (where the float 0.725, 0.72499999..., would give 0.72)."""
    unit = 10**places
    steps = int(abs(Fraction(value)) * unit + Fraction(1, 2))
    return Fraction(steps if value >= 0 else -steps, unit)


def _digits(value: Fraction, places: int) -> str:
    """A value already rounded to `places` decimals, written with exactly that many."""
    digits = str(int(abs(value) * 10**places))
    if places:
        digits = digits.rjust(places + 1, "0")
        digits = digits[:-places] + "." + digits[-places:]
    return ("-" if value < 0 else "") + digits


def format_number(value: Exact | None, places: int = 4) -> str:
    """A number as a short decimal for messages and documents: whole numbers plain, else
    rounded half up to at most `places` decimals (trailing zeros dropped); None (no base,
    say) is ''."""
    if value is None:
        return ""
    if Fraction(value).denominator == 1:
        return str(int(value))
    text = _digits(rounded(value, places), places)
    return text.rstrip("0").rstrip(".") if "." in text else text


def format_percent(value: Fraction | None, places: int = 4) -> str:
    return "" if value is None else format_number(value * 100, places) + "%"


def rounded_rate(value: Exact, places: int) -> Fraction:
    """A 完成率 rounded half up to `places` decimals of a percentage, exactly: 2.155 at no
    decimals is 216/100."""
    return rounded(value, places + 2)


def format_rate(value: Fraction | None, places: int = 1) -> str:
    """A 完成率 as every document shows it: a percentage with exactly `places` decimals, the
    exact value rounded half up (rounded_rate), e.g. 217.0%, 146.7%, -12.5%; "" for none
    (其他 units)."""
    if value is None:
        return ""
    return _digits(rounded_rate(value, places) * 100, places) + "%"


def number_cell(value: Exact | None, places: int) -> int | float | None:
    """What a cell that shows `places` decimals holds: the value as the documents show it
    (rounded), as the nearest float (an int when whole). Stored unrounded, a value exactly
    halfway between two shown figures (0.725 at 2 decimals, 215.5% at none) is a float just
    below or above the tie (0.725 is stored as 0.72499999...), and an office suite that rounds
    that float shows it down (as LibreOffice does); rounded, every office suite shows the
    documents' figure."""
    if value is None:
        return None
    shown = rounded(value, places)
    return int(shown) if shown.denominator == 1 else float(shown)


def rate_cell(value: Exact | None, places: int) -> int | float | None:
    """What a 完成率 cell holds: number_cell of the fraction at `places` decimals of a percentage."""
    return number_cell(value, places + 2)


def rate_number_format(places: int = 1) -> str:
    """The spreadsheet number format that shows a 完成率 as format_rate does."""
    return "0" + ("." + "0" * places if places else "") + "%"
