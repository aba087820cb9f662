"""Per-unit statements (对账单): each unit's own lines of 得分明细 up to a quarter's end, so it
can check every point before the bulletin goes out.

`statement` is pure (an Outcome in, a `Draft` out); the lines it lists add up exactly to
the total it shows, which is the unit's 季度统计 figure at that quarter (its 总分 at the
fourth). `write_statements` writes one .docx per unit into a folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from fractions import Fraction
from pathlib import Path

from .. import schema as S
from ..assess import Result
from ..io.targets import Outputs, safe_file_name, write_each
from ..quarterly import QuarterRow, latest_quarter, quarter_of, quarterly
from ..records import Rulebook
from ..render import Outcome
from ..values import format_number, format_rate
from .bulletin import quarter_end
from .layout import Draft, Table, date_text

T = S.STATEMENT
_WIDTHS = (9, 16, 10, 19, 50, 14, 11, 27)  # mm: the title and the note get the room


def _ranks(rows: list[QuarterRow]) -> dict[str, int]:
    """Rank of each unit of one group at the quarter: by rate (by total for 其他); ties share."""
    def key(q: QuarterRow) -> tuple:
        return (-q.rate,) if q.rate is not None else (-q.to_date,)

    ordered = sorted(rows, key=lambda q: (key(q), q.unit.name))
    ranks: dict[str, int] = {}
    for position, q in enumerate(ordered, start=1):
        same = position > 1 and key(ordered[position - 2]) == key(q)
        ranks[q.unit.name] = ranks[ordered[position - 2].unit.name] if same else position
    return ranks


def statement(outcome: Outcome, unit: str, quarter: int | None = None, issued: dt.date | None = None) -> Draft:
    """The statement of `unit` as of the end of `quarter` (default: the latest with a dated line)."""
    return next(statements(outcome, (unit,), quarter, issued))


def statements(outcome: Outcome, units: Iterable[str], quarter: int | None = None,
               issued: dt.date | None = None) -> Iterator[Draft]:
    """The statement of each of `units`, in turn; what they share (the quarter's rows, the
    ranks, each unit's lines) is worked out once, in one pass over the ledger."""
    rules = outcome.inputs.rules
    as_of = quarter or latest_quarter(outcome.ledger)
    issued = issued or dt.date.today()
    rows = {q.unit.name: q for q in quarterly(outcome.inputs.units, outcome.ledger, as_of)}
    groups: dict[str, list[QuarterRow]] = defaultdict(list)
    for q in rows.values():
        groups[q.unit.category].append(q)
    ranks = {category: _ranks(group) for category, group in groups.items()}
    results = outcome.assessment.by_name()
    by_unit: dict[str, list] = defaultdict(list)
    for ln in outcome.ledger:
        if quarter_of(ln) <= as_of:
            by_unit[ln.unit].append(ln)
    for unit in units:
        mine, result, lines = rows[unit], results[unit], by_unit.get(unit, [])
        yield _statement(rules, mine, result, lines, ranks[mine.unit.category][unit],
                         len(groups[mine.unit.category]), as_of, issued)


def _statement(rules: Rulebook, mine: QuarterRow, result: Result, lines: list, rank: int, count: int, as_of: int,
               issued: dt.date) -> Draft:
    unit = mine.unit.name
    total = sum((Fraction(ln.points) for ln in lines), Fraction(0))
    body = tuple((str(i), ln.sheet, str(ln.row), ln.number, ln.title, ln.entry, format_number(ln.points), ln.note)
                 for i, ln in enumerate(lines, start=1))
    body += (("", T["total"], "", "", "", "", format_number(total), ""),)
    table = Table(T["caption"].format(unit=unit, count=len(lines)), T["columns"], body, _WIDTHS)
    values = dict(group=mine.unit.category, quarter=as_of, total=format_number(total), rank=rank, count=count)
    if mine.unit.base is None:
        summary = T["summary_other"].format(**values)
        progress: list[tuple[str, object]] = []
    else:
        summary = T["summary"].format(base=format_number(mine.unit.base), rate=format_rate(mine.rate, rules.rate_places),
                                      **values)
        progress = [("p", T["done"] if mine.remaining == 0 else
                     T["needed"].format(remaining=format_number(Fraction(mine.remaining))))]
    notes = [("p", note) for note in result.notes]
    blocks: list[tuple[str, object]] = [
        ("p", T["as_of"].format(year=rules.year, quarter=as_of, date=date_text(quarter_end(rules.year, as_of)))),
        ("p", summary), *progress,
        ("p", T["eligible"].format(eligible=result.eligible, result=result.result or T["none"])),
        ("h1", T["h_lines"]), ("table", table),
        ("p", T["check"].format(total=format_number(total), quarter=as_of, deadline=T["deadline"])),
    ]
    if notes:
        blocks += [("h1", T["h_notes"]), *notes]
    return Draft(T["title"].format(unit=unit, year=rules.year), "", tuple(blocks), rules.office, date_text(issued),
                 rules.cc, rules.year, as_of, (table,), masthead=rules.office)


def write_statements(outcome: Outcome, folder: Path, units: Iterable[str], quarter: int | None = None,
                     issued: dt.date | None = None,
                     progress: Callable[[int, int, str], None] | None = None,
                     outputs: Outputs | None = None) -> list[Path]:
    """One statement per unit of `units`, into `folder` (made when missing), named by the unit
    (made safe and distinct; an existing file kept unless `outputs` is forced). Stopped part
    way, PartlyWritten says which were written and which are missing.

    Each python-docx document is a web of reference cycles holding its whole XML tree, which
    only the cyclic collector frees, and on a large book it would wait for a full collection
    of the millions of objects of the outcome. So the objects that exist when the writing
    starts are frozen (left out of collections) and each document is collected as soon as
    it is written: memory stays at one document's."""
    from .layout import Blank, write_docx

    names = list(units)
    made = not folder.exists()
    drafts = statements(outcome, names, quarter, issued)  # composed one at a time, in the jobs' order
    blank = Blank()

    def write(path: Path) -> None:
        write_docx(next(drafts), path, blank)
        gc.collect()

    def told(n: int, path: Path) -> None:
        if progress is not None:
            progress(n + 1, len(names), names[n])

    with outputs or Outputs() as granted:
        granted.folder(folder)
        try:
            gc.freeze()
            paths = [granted.document(folder / safe_file_name(unit, ".docx")) for unit in names]
            return write_each([(path, write) for path in paths], before=told)
        except (Exception, KeyboardInterrupt):
            granted.release()
            if made:  # nothing written into the folder this run made: it goes too
                with contextlib.suppress(OSError):
                    folder.rmdir()
            raise
        finally:
            gc.unfreeze()
