"""The 参数 declarations (schema.PARAMETERS) put to use: a value typed into 参数 in, the
Rulebook's value out; and the rows, guide lines and doc table made from the declarations.

Each type of value is parsed here once; a parameter is declared in schema.py alone.
"""

from __future__ import annotations

from collections.abc import Callable

from . import names
from . import schema as S
from .values import format_percent, is_blank, to_days, to_fraction, to_int, to_percent

# The numeric types: the parser of a typed value, and the message when it cannot be read.
NUMERIC: dict[str, tuple[Callable[[object], object], str]] = {
    S.INTEGER: (to_int, S.M["not_integer"]),
    S.PERCENT: (to_percent, S.M["not_percent"]),
    S.NUMBER: (to_fraction, S.M["not_number"]),
    S.DAYS: (to_days, S.M["not_days"]),
}


def split(text: str, separators: str) -> list[str]:
    """`text` cut at any of `separators`, each part cleaned, empty parts dropped."""
    for sep in separators[1:]:
        text = text.replace(sep, separators[0])
    return [part for part in (names.clean(p) for p in text.split(separators[0])) if part]


def listed(parts: list[str | None]) -> tuple[str, ...]:
    """A LIST parameter's value: the allowed names found, in the order given, each once."""
    return tuple(dict.fromkeys(p for p in parts if p))


def parse_default(param: S.Param, year: int) -> object:
    """The value a parameter takes when its row is missing, blank or wrong."""
    if param.default is None:
        return year
    if param.type in NUMERIC:
        return NUMERIC[param.type][0](param.default)
    if param.type == S.LIST:
        matcher = names.Matcher(param.choices)
        return listed([matcher.find(p) for p in split(str(param.default), S.LIST_SEPARATORS)])
    return param.default


def shown_range(param: S.Param) -> tuple[str, str]:
    """The range of a numeric parameter as a message shows it (percentages as percentages)."""
    if param.type == S.PERCENT:
        return format_percent(to_percent(param.low)), format_percent(to_percent(param.high))
    return str(param.low), str(param.high)


def pre_filled() -> tuple[S.Param, ...]:
    """The parameters of the 参数 sheet as the template has it (moved ones are read from
    older books only)."""
    return tuple(p for p in S.PARAMETERS if not p.moved)


def sheet_rows(year: int) -> list[tuple[object, object, str]]:
    """The 参数 sheet as the template fills it: key, default (the year for 考核年度), help."""
    return [(p.key, year if p.default is None else p.default, p.help) for p in pre_filled()]


def _allowed(param: S.Param) -> str:
    if param.type in NUMERIC:
        low, high = shown_range(param)
        return S.PARAM_DOC["range"].format(low=low, high=high)
    if param.choices:
        return S.PARAM_DOC["choices"].format(choices="、".join(param.choices))
    return ""


def default_text(param: S.Param) -> str:
    """A parameter's default as the guide, the docs and messages write it (（空）, 当年, 30%)."""
    if param.default is None:
        return S.PARAM_DOC["year"]
    return S.PARAM_DOC["blank"] if is_blank(param.default) else str(param.default)


def guide_lines() -> tuple[str, ...]:
    """One line per parameter for the 说明 sheet: key, default, what it allows, help."""
    def allowed(p: S.Param) -> str:
        text = _allowed(p)
        return S.PARAM_DOC["guide_allowed"].format(allowed=text) if text else ""

    return tuple(S.PARAM_DOC["guide"].format(key=p.key, default=default_text(p), type=p.type,
                                             allowed=allowed(p), help=p.help) for p in pre_filled())


def doc_table() -> str:
    """The table of parameters in docs/rules.md (tests/test_parameters.py keeps the doc equal to it)."""
    lines = ["| " + " | ".join(S.PARAM_DOC["columns"]) + " |", "|" + "---|" * len(S.PARAM_DOC["columns"])]
    for p in pre_filled():
        lines.append(f"| {p.key} | {default_text(p)} | {p.type} | {_allowed(p)} | {p.help} |")
    return "\n".join(lines) + "\n"
