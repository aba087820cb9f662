"""What a kind of extra point or notice (加分标准, 通报标准) does, in words: a kind record in,
a phrase out, for the guide sheet and the bulletin. Nothing here names a kind: the names and
values come from the sheet's rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from . import schema as S
from .records import ExtraKind, NoticeKind
from .values import format_number, format_percent

T = S.KIND_TEXT


def extra_text(kind: ExtraKind) -> str:
    """「加 5 分，每年一次，须核定」, 「加信息基础分的 10%，每年一次，须核定，须满 21 天」."""
    parts = [T["share"].format(ratio=format_percent(kind.value)) if kind.share
             else T["fixed"].format(points=format_number(kind.value)),
             T[S.ONCE_A_YEAR if kind.yearly else S.EACH_TIME]]
    if kind.approval:
        parts.append(T["approval"])
    if kind.min_days is not None:
        parts.append(T["days"].format(days=kind.min_days))
    return "，".join(parts)


def deduction_text(kind: NoticeKind) -> str:
    """What the notice deducts: 「扣信息基础分的 30%」, 「扣 10 分」 or 「不扣分」."""
    if kind.method == S.SHARE:
        return T["deduct_share"].format(ratio=format_percent(kind.value))
    if kind.method == S.FIXED:
        return T["deduct_fixed"].format(points=format_number(kind.value))
    return T["no_deduction"]


def notice_text(kind: NoticeKind) -> str:
    """「扣信息基础分的 30%，计入通报次数」, 「不扣分，取消当年评先资格」, ..."""
    parts = [deduction_text(kind)]
    parts += [T[effect] for effect, on in (("counts", kind.counts), ("deemed", kind.deemed),
                                            ("disqualifies", kind.disqualifies)) if on]
    return "，".join(parts)


def _listed(kinds: Iterable[ExtraKind | NoticeKind]) -> str:
    return "；".join(T["kind"].format(kind=k.name, what=extra_text(k) if isinstance(k, ExtraKind) else notice_text(k))
                    for k in kinds)


def _columns(sheet: str, columns: tuple[S.Column, ...], what: str) -> str:
    listed = "；".join(T["guide_column"].format(name=c.name, help=c.help) for c in columns if c.help)
    return T["guide_columns"].format(sheet=sheet, columns=listed, what=what)


def guide_lines(extras: Iterable[ExtraKind], notices: Iterable[NoticeKind]) -> tuple[str, ...]:
    """The 说明 sheet's lines on the two kinds sheets: the kinds as pre-filled, and the columns."""
    return (T["guide_extras"].format(sheet=S.EXTRA_RULES, kinds=_listed(extras)),
            _columns(S.EXTRA_RULES, S.EXTRA_RULE_COLUMNS, T["extras_word"]),
            T["guide_notices"].format(sheet=S.NOTICE_RULES, kinds=_listed(notices)),
            _columns(S.NOTICE_RULES, S.NOTICE_RULE_COLUMNS, T["notices_word"]))


def doc_table(columns: tuple[S.Column, ...]) -> str:
    """A kinds sheet's columns as the table in docs/rules.md (tests keep the doc equal to it)."""
    lines = ["| " + " | ".join(S.PARAM_DOC["kind_columns"]) + " |", "|---|---|---|---|"]
    for c in columns:
        lines.append(f"| {c.name} | {'、'.join(c.codes)} | {S.YES if c.required else S.NO} | {c.help} |")
    return "\n".join(lines) + "\n"
