"""Reading cells: resolvers that turn what was typed into a value or a message, and the log
that collects the problems of a run, each at its sheet, row and column.

A Resolver is a function of a cell's raw value giving (the value, or None; the message,
or ''). The same resolvers serve the sheets read row by row and the columns read whole.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Sequence

from .. import names
from .. import schema as S
from ..records import Problem, RawRow
from ..values import (
    EXCEL_EPOCH,
    OutOfRange,
    Uncomputed,
    is_blank,
    is_excel_error,
    month_day,
    per_distinct,
    show,
    to_date,
)

Resolver = Callable[[object], tuple[object, str]]
"""A cell's raw value -> (the value, or None; the error message, or '', or a Reading)."""


COUNT = "{count}"  # where a Reading's row count goes: filled by str.replace, as the value may hold braces


class Reading(str):
    """A resolver's message that is not an error: the value was read by interpretation (a short
    form, a prefix, an issue number left out, a year supplied, ...) and this says how. Its
    placeholder {count} is filled with the number of rows read so (Log.note, Log.readings)."""


def is_reading(message: str) -> bool:
    return type(message) is Reading


def split_readings(errors: dict[int, str]) -> tuple[dict[int, str], dict[int, Reading]]:
    """A resolve_column message map cut in two: the errors, and the readings."""
    if not any(map(is_reading, errors.values())):
        return errors, {}
    return ({i: m for i, m in errors.items() if not is_reading(m)},
            {i: m for i, m in errors.items() if is_reading(m)})  # type: ignore[misc]


def _excel_error(column: str, raw: object) -> tuple[None, str]:
    if type(raw) is Uncomputed:
        return None, S.M["formula_no_value"].format(column=column, value=raw)
    return None, S.M["excel_error"].format(column=column, value=raw)


def excel_error(column: str, raw: object) -> str:
    """The message for a cell holding an Excel error value or a formula without its result."""
    return _excel_error(column, raw)[1]


def resolve_column(values: Sequence[object], resolve: Resolver) -> tuple[list[object], dict[int, str]]:
    """Every value of a column resolved, each distinct value once: (values, {index: message})."""
    keys, resolved = per_distinct(values, resolve)
    found = {k: value for k, (value, _) in resolved.items()}
    failed = {k: message for k, (_, message) in resolved.items() if message}
    errors = {i: failed[k] for i, k in enumerate(keys) if k in failed} if failed else {}
    return list(map(found.__getitem__, keys)), errors


def text_of(column: str, required: bool = True) -> Resolver:
    def resolve(raw: object) -> tuple[str | None, str]:
        if is_excel_error(raw):
            return _excel_error(column, raw)
        value = names.typed_text(raw)
        if required and not value:
            return None, S.M["blank"].format(column=column)
        return value, ""

    return resolve


def number_text(raw: object) -> tuple[str | None, str]:
    """A 信息编号 cell, which may be blank (see names.typed_text: 103 typed as a number is "103")."""
    if is_excel_error(raw):
        return _excel_error(S.A_NO, raw)
    return names.typed_text(raw), ""


def parsed_of(column: str, parse: Callable[[object], object], message: str,
              required: bool = True, label: str = "") -> Resolver:
    """A value `parse` makes of the cell; `message` (and the others) name the cell by `label`,
    or by its column."""
    label = label or column

    def resolve(raw: object) -> tuple[object, str]:
        if is_blank(raw):
            return None, S.M["blank"].format(column=label) if required else ""
        if is_excel_error(raw):
            return _excel_error(label, raw)
        try:
            return parse(raw), ""
        except OutOfRange:
            return None, S.M["out_of_range"].format(column=label, value=show(raw))
        except (ValueError, ArithmeticError, OverflowError):
            return None, message.format(column=label, value=show(raw))

    return resolve


def date_of(column: str, year: int, required: bool = True, epoch: dt.date = EXCEL_EPOCH) -> Resolver:
    """A date (values.to_date, a serial number counted from `epoch`); one typed without its
    year (3月5日) is in `year`, with a Reading."""
    typed = parsed_of(column, functools.partial(to_date, epoch=epoch), S.M["not_date"], required)

    def resolve(raw: object) -> tuple[object, str]:
        try:
            supplied = month_day(raw, year)
        except ValueError:
            return None, S.M["not_date"].format(column=column, value=show(raw))
        if supplied is None:
            return typed(raw)
        return supplied, Reading(S.M["read_year"].format(value=names.clean(raw), date=supplied.isoformat(),
                                                         year=year, count=COUNT))

    return resolve


def lookup_of(column: str, matcher: names.Matcher, message: str, alias_column: str = "", **fields: str) -> Resolver:
    """A required name, matched forgivingly (names.Matcher.read); one not found gets `message`,
    which may quote {value} and {column}, and the nearest allowed name as a suggestion. A name
    read by a short form or a prefix comes with a Reading that says how, and which 别名 row
    (under `alias_column`, by default `column`) would make it permanent; a short form that
    fits several names is an error listing them."""
    def resolve(raw: object) -> tuple[str | None, str]:
        if is_excel_error(raw):
            return _excel_error(column, raw)
        value = names.typed_text(raw)
        if not value:
            return None, S.M["blank"].format(column=column)
        found = matcher.read(value)
        if found.name is not None:
            return found.name, (read_as(value, found.name, found.how, alias_column or column) if found.how else "")
        if found.candidates:
            return None, S.M["ambiguous_name"].format(value=value, column=column, candidates="、".join(found.candidates))
        return None, not_found(value, matcher, message.format(value=value, column=column, **fields))

    return resolve


def units_of(column: str, matcher: names.Matcher, mode: str) -> Resolver:
    """The unit or units a 报送单位 cell names, as a tuple (a joint report names several).

    A name that is itself a unit, or fits one (lookup_of), is that unit and is never split
    (住房和城乡建设局). Else the cell is cut at 、，,；/ and, where a part is no unit, that part
    at 和 or 与, keeping together the longest runs that are a unit; the split counts only
    when every part is a unit, else the cell is an error naming the part that is not. A
    joint report comes with a Reading (`mode`: 参数 联合报送计分).
    """
    one = lookup_of(column, matcher, S.M["unknown_unit"], S.U_NAME)
    found: dict[str, str | None] = {}

    def unit(text: str) -> str | None:
        if text not in found:
            found[text] = one(text)[0]
        return found[text]

    def resolve(raw: object) -> tuple[tuple[str, ...] | None, str]:
        name, message = one(raw)
        if name is not None:
            return (name,), message
        text = names.typed_text(raw) if not is_excel_error(raw) else ""
        parts = _cut(text, S.JOINT_SEPARATORS)
        if len(parts) < 2 and not any(w in text for w in S.JOINT_WORDS):
            return None, message
        picked: list[str] = []
        for part in parts:
            run = _runs(part, unit)
            if run is None:
                return None, (S.M["joint_part"].format(column=column, value=text, part=part) if len(parts) > 1
                              else message)
            picked += run
        chosen = tuple(dict.fromkeys(picked))
        if len(chosen) < 2:
            return (chosen or None), (message if not chosen else "")
        return chosen, Reading(S.M["read_joint"].format(value=text, units="、".join(chosen), n=len(chosen),
                                                        mode=mode, count=COUNT))

    return resolve


def _cut(text: str, separators: str) -> list[str]:
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return [p for p in (names.clean(p) for p in text.split(separators[0])) if p]


def _runs(part: str, unit: Callable[[str], str | None]) -> list[str] | None:
    """`part` as units: itself, or cut at 和/与 into runs each of which is a unit (the longest
    run first); None when it cannot be."""
    name = unit(part)
    if name is not None:
        return [name]
    pieces = re.split("(" + "|".join(S.JOINT_WORDS) + ")", part)
    words, joins = pieces[0::2], pieces[1::2]
    if len(words) < 2:
        return None

    def from_(i: int) -> list[str] | None:
        if i == len(words):
            return []
        for j in range(len(words), i, -1):
            text = "".join(w + (joins[k] if k < j - 1 else "") for k, w in enumerate(words[i:j], start=i))
            name = unit(names.clean(text)) if names.clean(text) else None
            if name is not None:
                rest = from_(j)
                if rest is not None:
                    return [name, *rest]
        return None

    return from_(0)


def not_found(value: str, matcher: names.Matcher, message: str) -> str:
    """`message` with the nearest name as a suggestion, where there is one."""
    hint = matcher.suggest(value)
    return message + (S.M["suggest"].format(name=hint) if hint else "")


def read_as(value: str, name: str, how: str, alias_column: str) -> Reading:
    """The Reading of `value` as `name`, `how` saying by which short forms (names.Match.how)."""
    ways = "、".join(S.READING_HOW[h] for h in how.split("+"))
    return Reading(S.M["read_as"].format(value=value, name=name, how=ways, count=COUNT)
                   + S.M["read_advice"].format(column=alias_column, value=value, name=name))


def code_of(column: str, allowed: Sequence[str], aliases: dict[str, str] | None = None) -> Resolver:
    """One of `allowed` (or an alias of one); anything else is quoted, with a suggestion."""
    return lookup_of(column, names.Matcher(allowed, aliases), S.M["bad_code"], allowed="、".join(allowed))


class Log:
    """The problems found in a run, the rows not counted, and the resolvers made so far."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.rejected: list[tuple[str, int, str, str, str]] = []
        self.errors = 0
        self._resolvers: dict[tuple, Resolver] = {}
        self._readings: dict[tuple[str, str, Reading], list] = {}
        self.epoch = EXCEL_EPOCH  # day 0 of the workbook's serial dates (values.EPOCH_1904 for a 1904 book)

    def add(self, level: str, sheet: str, row: int, column: str, value: object, message: str,
            reading: bool = False) -> None:
        if level == S.ERROR:
            self.errors += 1
        self.problems.append(Problem(sheet, row, column, level, show(value), message, reading))

    def error(self, sheet: str, row: RawRow, column: str, message: str) -> None:
        self.add(S.ERROR, sheet, row.row, column, row.cells.get(column), message)

    def warn(self, sheet: str, row: RawRow, column: str, message: str) -> None:
        self.add(S.WARNING, sheet, row.row, column, row.cells.get(column), message)

    def reject(self, sheet: str, row: int, unit: str = "", number: str = "", title: str = "") -> None:
        """A row read but not counted at all: it gets a zero line in 得分明细."""
        self.rejected.append((sheet, row, unit, number, title))

    def read(self, sheet: str, row: RawRow, column: str, make: Callable[[], Resolver], *key: object) -> object:
        """The value of `column` in `row` by the resolver `make` builds (once per `key`);
        None after recording the error."""
        resolver = self._resolvers.get(key)
        if resolver is None:
            resolver = self._resolvers[key] = _memoized(make())
        value, message = resolver(row.cells.get(column))
        if is_reading(message):
            self.note(sheet, column, row.row, row.cells.get(column), message)  # type: ignore[arg-type]
        elif message:
            self.error(sheet, row, column, message)
        return value

    def note(self, sheet: str, column: str, row: int, value: object, reading: Reading, count: int = 1) -> None:
        """`count` rows, the first at `row`, whose `column` was read by interpretation as `reading`
        says; each distinct reading becomes one warning (readings())."""
        k = (sheet, column, reading)
        found = self._readings.get(k)
        if found is None:
            self._readings[k] = [row, count, value]
        else:
            found[1] += count
            if row < found[0]:
                found[0], found[2] = row, value

    def readings(self) -> None:
        """One warning per distinct reading, at its first row, with the number of rows read so."""
        for (sheet, column, reading), (row, count, value) in self._readings.items():
            self.add(S.WARNING, sheet, row, column, value, reading.replace(COUNT, str(count)), reading=True)
        self._readings.clear()

    def text(self, sheet: str, row: RawRow, column: str, required: bool = True) -> str | None:
        return self.read(sheet, row, column, lambda: text_of(column, required), "text", column, required)

    def parsed(self, sheet: str, row: RawRow, column: str, parse: Callable[[object], object],
               message: str, required: bool = True, label: str = "") -> object | None:
        return self.read(sheet, row, column, lambda: parsed_of(column, parse, message, required, label),
                         "parsed", column, parse, message, required, label)

    def date(self, sheet: str, row: RawRow, column: str, year: int, required: bool = False) -> dt.date | None:
        return self.read(sheet, row, column, lambda: date_of(column, year, required, self.epoch),  # type: ignore[return-value]
                         "date", column, year, required)

    def lookup(self, sheet: str, row: RawRow, column: str, matcher: names.Matcher, message: str,
               alias_column: str = "") -> str | None:
        return self.read(sheet, row, column, lambda: lookup_of(column, matcher, message, alias_column),
                         "lookup", column, matcher, message, alias_column)

    def in_year(self, sheet: str, row: RawRow, column: str, date: dt.date | None, year: int) -> bool:
        """Whether `date` (if any) is in `year`; a warning when it is not."""
        if date is None or date.year == year:
            return True
        self.warn(sheet, row, column, S.M["out_of_year"].format(date=date.isoformat(), year=year))
        return False


def _memoized(resolve: Resolver) -> Resolver:
    """Remember what each raw value resolved to: a column of repeated names costs one lookup."""
    memo: dict[tuple, tuple[object, str]] = {}

    def get(raw: object) -> tuple[object, str]:
        key = (type(raw), raw)
        try:
            return memo[key]
        except KeyError:
            found = memo[key] = resolve(raw)
            return found
        except TypeError:
            return resolve(raw)

    return get
