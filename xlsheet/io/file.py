"""The file adapter: read input sheets with python-calamine, write only the output sheets' parts.

Both work from one Snapshot of the book (io/snapshot.py). Everything in the package that
is not an output sheet's own part is copied unchanged; the new file replaces the old
one atomically, after a backup, and only if the book was not saved meanwhile.
"""

from __future__ import annotations

import io
import os
import re
import stat
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from pathlib import Path

from lxml import etree
from python_calamine import CalamineWorkbook

from .. import schema as S
from ..records import StructureError
from ..values import Uncomputed, is_blank
from . import anchors, sparse
from .atomic import atomic_write
from .bound import bound_charts, bound_tables, refresh_chart, refresh_table
from .locks import locks
from .printing import workbook_ready
from .snapshot import Snapshot, refuse, why
from .styles import CellFormats, styles_part
from .xlsx import (
    error_cells,
    has_formulas,
    is_date1904,
    is_worksheet,
    merged_blocks,
    sheet_parts,
    splice_cells,
    uncomputed_cells,
)
from .zipcopy import append_packed, copy_member, pack

Grid = list[list[object]]
_CALC_CHAIN = "xl/calcChain.xml"
_WORKBOOK, _WORKBOOK_RELS = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"
NS_STRICT = "http://purl.oclc.org/ooxml/spreadsheetml/main"
_OTHER_DOCUMENTS = (("word/document.xml", S.M["kind_word"]), ("ppt/presentation.xml", S.M["kind_powerpoint"]))
BIG_ROWS, FAST = 5000, 1  # sheets of over 5,000 rows (a few MB) are deflated at level 1: 3x faster, a little larger


def _parts(z: zipfile.ZipFile, path: Path) -> dict[str, str]:
    """Sheet name -> part, from the package's workbook part and its relationships."""
    workbook_part(z, path)
    current = _WORKBOOK
    try:
        workbook_xml = z.read(current)
        current = _WORKBOOK_RELS
        return sheet_parts(workbook_xml, z.read(current))
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse(path, S.M["why_bad_part"].format(part=current)) from None


def workbook_part(z: zipfile.ZipFile, path: Path) -> None:
    """StructureError unless the package is a workbook in the Open XML form this program
    reads (transitional, as Excel, WPS and LibreOffice save by default): a Word or
    PowerPoint file renamed .xlsm, and a Strict Open XML book, each get their own message."""
    names = set(z.namelist())
    if _WORKBOOK not in names:
        kind = next((k for part, k in _OTHER_DOCUMENTS if part in names), S.M["kind_other"])
        raise refuse(path, S.M["why_not_workbook"].format(kind=kind))
    if NS_STRICT.encode() in _part_head(z, _WORKBOOK, path, 2048):
        raise refuse(path, S.M["why_strict"])


def _part_head(z: zipfile.ZipFile, part: str, path: Path, size: int = 4096) -> bytes:
    """The first bytes of a part; a part that is missing or cannot be inflated is refused."""
    try:
        with z.open(part) as member:
            return member.read(size)
    except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse(path, S.M["why_bad_part"].format(part=part)) from None


def worksheet_parts(z: zipfile.ZipFile, path: Path, sheets: Iterable[str]) -> dict[str, str]:
    """The parts of `sheets`, each checked to be a worksheet: a missing sheet, or a chart
    sheet in a worksheet's place, is a StructureError."""
    parts = _parts(z, path)
    for name in sheets:
        if name not in parts:
            raise StructureError(S.M["missing_sheet"].format(sheet=name))
        if not is_worksheet(_part_head(z, parts[name], path)):
            raise StructureError(S.M["not_worksheet"].format(sheet=name, path=path))
    return parts


def read_grids(source: Snapshot, sheets: Iterable[str] = S.INPUT_SHEETS,
               required: Iterable[str] = S.INPUT_SHEETS + S.OUTPUT_SHEETS,
               while_reading: Callable[[], object] | None = None) -> dict[str, Grid]:
    """The cell values of `sheets` (and of the optional input sheets the book has), row 1 first.

    Every sheet in `required` must exist as a worksheet (else StructureError), so a run that
    could not write its output stops before it has written anything, backup included.
    Each sheet's extent is first found from its cells (far_sheets): one that is huge (a
    value typed far away, whatever its <dimension> says) is read cell by cell instead
    (io/sparse.py). python-calamine parses without holding the interpreter lock, so the
    others are read in a second thread while this one runs `while_reading` (loading
    tables the run needs next) and finds the cells holding Excel errors.
    """
    sheets = tuple(sheets)
    preparing = threading.Thread(target=while_reading, name="xlsheet-prepare") if while_reading else None
    if preparing is not None:
        preparing.start()  # mostly Python: runs while the parts are inflated below
    try:
        with source.zip() as z:
            parts = worksheet_parts(z, source.path, (*required, *sheets))
            wanted = sheets + tuple(n for n in S.OPTIONAL_SHEETS if n in parts and n not in sheets)
            far = far_sheets(z, source.path, {n: parts[n] for n in wanted})
    finally:
        if preparing is not None:
            preparing.join()
    found: list[dict[str, Grid]] = []
    failed: list[BaseException] = []

    def read() -> None:
        try:
            found.append(_read(source, tuple(n for n in wanted if n not in far)))
        except BaseException as exc:  # handed to the caller's thread below
            failed.append(exc)

    reader = threading.Thread(target=read, name="xlsheet-read")
    reader.start()
    fixes: dict[str, Fixes] = {}
    grids: dict[str, Grid] = {}
    try:
        with source.zip() as z:
            fixes = {n: found_ for n in wanted if n not in far and (found_ := cells_as_shown(z.read(parts[n])))}
            if far:
                strings = sparse.shared_strings(z)
                grids = {n: sparse.read_sheet(z, parts[n], strings, n) for n in far}
    except sparse.Unreadable as exc:
        raise refuse(source.path, str(exc)) from None
    except (zipfile.BadZipFile, OSError, ValueError, etree.XMLSyntaxError):
        raise refuse(source.path, S.M["why_corrupt"]) from None
    finally:
        reader.join()
    if failed:
        raise failed[0]
    grids.update(found[0])
    for sheet, fix in fixes.items():
        show_cells(grids[sheet], fix)
    return grids


Fixes = tuple[list[tuple[int, int, str]], list[tuple[int, int, str]], list[tuple[int, int, int, int]]]


def cells_as_shown(part: bytes) -> Fixes | None:
    """What python-calamine does not give of a sheet part as Excel shows it: the cells holding
    Excel errors (it reads them as blank), those holding a formula without a saved result
    (blank too), and the merged blocks (it gives their value in the first cell only)."""
    found = (error_cells(part), uncomputed_cells(part), merged_blocks(part))
    return found if any(found) else None


def show_cells(grid: Grid, fixes: Fixes) -> None:
    """`grid` as Excel shows the sheet: error values as their text, a formula without its result
    as values.Uncomputed (an error wherever it is read), and every cell of a merged block
    holding the block's value (a merged 报送单位 names the unit on every row of the block)."""
    errors, uncomputed, merged = fixes
    for row, col, text in errors:
        if row < len(grid) and col < len(grid[row]):
            grid[row][col] = text
    width = max(map(len, grid), default=0)
    for row, col, formula in uncomputed:
        _widen(grid, row, max(col + 1, width))
        grid[row][col] = Uncomputed(formula)
    for r1, c1, r2, c2 in merged:
        if r1 >= len(grid) or c1 >= len(grid[r1]) or is_blank(grid[r1][c1]):
            continue
        value = grid[r1][c1]
        _widen(grid, r2, max(c2 + 1, width))
        for r in range(r1, r2 + 1):
            for c in range(c1, c2 + 1):
                grid[r][c] = value


def _widen(grid: Grid, row: int, width: int) -> None:
    """Rows up to `row` and every row `width` cells wide, padded with None."""
    while len(grid) <= row:
        grid.append([None] * width)
    for cells in grid:
        if len(cells) < width:
            cells.extend([None] * (width - len(cells)))


def far_sheets(z: zipfile.ZipFile, path: Path, parts: Mapping[str, str]) -> set[str]:
    """The sheets (of sheet name -> part) too large in extent for a dense reading: over
    sparse.MAX_CELLS cells from the first to the last of their cells and rows, or with a
    reference only a full parse can read. Found from the parts' text, never from what
    their <dimension> declares."""
    far = set()
    for name, part in parts.items():
        try:
            cells = sparse.extent(sparse.part_chunks(z, part))
        except (KeyError, zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise refuse(path, S.M["why_bad_part"].format(part=part)) from None
        if cells is None or cells > sparse.MAX_CELLS:
            far.add(name)
    return far


def date1904(source: Snapshot) -> bool:
    """Whether the book counts serial dates in the 1904 date system (Mac books)."""
    with source.zip() as z:
        try:
            return is_date1904(z.read("xl/workbook.xml"))
        except KeyError:
            return False


def _read(source: Snapshot, sheets: tuple[str, ...]) -> dict[str, Grid]:
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(source.data))
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in sheets}
    except MemoryError:
        raise refuse(source.path, S.M["why_memory"]) from None
    except Exception:  # calamine raises several unrelated types for a bad file
        raise refuse(source.path, S.M["why_corrupt"]) from None


def backup_path(book: Path) -> Path:
    """Where the previous version of `book` is kept: beside it, as NAME.bak.xlsm."""
    return book.with_name(book.stem + ".bak" + book.suffix)


def ensure_writable(book: Path, target: Path, backup: Path | None) -> None:
    """StructureError unless the target (and the backup, when one is to be made) can be
    replaced now. Writing into the book itself needs it closed everywhere; writing
    elsewhere (--out) only reads it, so then only the target must not be open."""
    if target != book and target.suffix.lower() != book.suffix.lower():
        raise StructureError(S.M["out_suffix"].format(path=target, suffix=book.suffix))
    try:
        held = locks(target)
        if held:
            raise StructureError(held[0].message(target))
        for path in (target, backup) if backup else (target,):
            if path.is_dir():
                raise StructureError(S.M["unreadable"].format(path=path, reason=S.M["why_folder"]))
            if path.exists() and not path.is_file():
                raise StructureError(S.M["unreadable"].format(path=path, reason=S.M["why_not_file"]))
            # A file whose owner-write bit is off was marked read-only on purpose: respect it, even as root.
            marked = path.exists() and not path.stat().st_mode & stat.S_IWUSR
            if marked or (path.exists() and not os.access(path, os.W_OK)):
                raise StructureError(S.M["readonly" if path == target else "backup_readonly"].format(path=path))
        if not os.access(target.resolve().parent, os.W_OK):
            raise StructureError(S.M["readonly"].format(path=target))
    except OSError as exc:
        raise refuse(target, why(exc)) from None
    except RuntimeError:  # Path.resolve before Python 3.13: "Symlink loop from ..."
        raise refuse(target, S.M["why_loop"]) from None


def write_outputs(source: Snapshot, target: Path, tables: Mapping[str, Sequence[Sequence[object]]],
                  packed: Mapping[str, Callable[[], bytes]] | None = None, backup: Path | None = None,
                  number_formats: Mapping[str, Mapping[int, str]] | None = None) -> None:
    """Write the output `tables` into a copy of the `source` package, atomically placed at
    `target`; with `backup`, the source is kept there first.

    `number_formats` gives, per sheet, the number format of some columns (from 0) below row 1
    (render.number_formats): their cells take a twin of their column's style with it, found
    in or added to the styles part (io/styles.py).

    `packed` gives, for some output sheets, a function returning that sheet's part as
    `pack_part` made it beforehand (the benchmark's phases time it on its own); it is called
    when the part is written.
    Nothing is written, the backup included, unless the whole new package is: the backup
    is made once the new package is on disk, just before it replaces the book, and only
    if the book is still the snapshot this run read (else StructureError saved_meanwhile).
    """
    packed = packed or {}
    with source.zip() as src:
        infos = src.infolist()
        parts = worksheet_parts(src, source.path, tables)
        owned = {parts[sheet]: sheet for sheet in tables}
        names = set(src.namelist())

        def read(name: str) -> bytes | None:
            return src.read(name) if name in names else None

        new_parts: dict[str, Callable[[], bytes]] = {}
        chain = _CALC_CHAIN in names  # only then do old formulas matter (the chain lists them)
        drop_chain = False
        current = "xl/workbook.xml"  # the part being parsed, for the message if it is not well-formed
        try:
            workbook_xml = src.read(current)
            current = _WORKBOOK_RELS
            styles = styles_part(src.read(current)) if number_formats else None
            current = styles or current
            formats = _Formats(styles, read(styles) if styles else None, number_formats or {})
            print_area = anchors.PRINT_AREA.encode() in workbook_xml
            strings = _strings_of(src)
            where: dict[str, anchors.Moves] = {}
            dropped: list[list[object]] = []  # what could not follow its row: listed in 校验
            for part, sheet in sorted(owned.items(), key=lambda item: item[1] == S.CHECK):  # 校验 last
                current = part
                old = src.read(part)
                drop_chain = drop_chain or (chain and has_formulas(old))
                rows = _rows_with(tables[sheet], dropped if sheet == S.CHECK else [])
                old, moved_parts, moved = anchors.placed(read, part, sheet, old, rows, strings, print_area)
                if sheet == S.CHECK and moved is not None and moved.dropped:  # 校验's own, listed in it too
                    rows = _rows_with(rows, moved.dropped)
                    old, moved_parts, moved = anchors.placed(read, part, sheet, src.read(part), rows, strings,
                                                             print_area)
                if moved is not None:
                    where[sheet] = moved
                    dropped += moved.dropped if sheet != S.CHECK else []
                anchored = moved is not None and (moved.rows or moved.dropped or moved_parts)
                restyle = formats.restyle(sheet)
                new_parts[part] = (packed[sheet] if sheet in packed and not anchored and not restyle
                                   else _ready(pack_part(old, rows, restyle)))
                for name, xml in moved_parts.items():
                    new_parts[name] = _ready(_pack(xml))
                for current in bound_charts(read, part):
                    new_parts[current] = _ready(_pack(refresh_chart(src.read(current), sheet, rows)))
                for current in bound_tables(read, part):
                    new_parts[current] = _ready(_pack(refresh_table(src.read(current), sheet, len(rows))))
            current = "xl/workbook.xml"
            titled = anchors.print_areas(workbook_ready(workbook_xml, tables), where)
        except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile, ValueError):
            raise refuse(source.path, S.M["why_bad_part"].format(part=current)) from None
        for name, xml in formats.changed().items():
            new_parts[name] = _ready(_pack(xml))
        if titled is not workbook_xml:
            new_parts["xl/workbook.xml"] = _ready(_pack(titled))
        drop = {_CALC_CHAIN} if drop_chain else set()
        if drop:
            for name in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                new_parts[name] = _ready(_pack(_without_calc_chain(src.read(name))))

        def still_the_snapshot() -> None:
            if not source.unchanged():
                raise StructureError(S.M["saved_meanwhile"].format(path=source.path))

        def commit() -> None:
            """Just before the new package replaces the book: the backup is staged (written and
            synced beside its place), the book is checked to be still what was read, and only
            then are the two renamed into place, one right after the other."""
            if backup is None:
                still_the_snapshot()
                return
            with atomic_write(backup, before_replace=still_the_snapshot, follow_link=False,
                              mode_of=source.path) as tmp:
                tmp.write_bytes(source.data)

        try:
            with atomic_write(target, before_replace=commit) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
                for info in infos:
                    if info.filename in drop:
                        continue
                    if info.filename in new_parts:
                        append_packed(dst, info, new_parts[info.filename]())
                    else:
                        copy_member(src, info, dst)
        except OSError as exc:
            raise StructureError(S.M["write_failed"].format(path=target, reason=why(exc))) from None


def _rows_with(rows: Sequence[Sequence[object]], more: Sequence[Sequence[object]]) -> Sequence[Sequence[object]]:
    """`rows` and `more` below them (the very same rows when there are no more)."""
    return [*rows, *more] if more else rows


def _strings_of(z: zipfile.ZipFile) -> Callable[[], list[str]]:
    """The package's shared strings, read when first asked for (by an old output sheet
    that Excel saved, whose text they hold)."""
    found: list[list[str]] = []

    def strings() -> list[str]:
        if not found:
            found.append(sparse.shared_strings(z))
        return found[0]
    return strings


def read_part(source: Snapshot, sheet: str) -> bytes:
    """The part (XML) of sheet `sheet` of the `source` package."""
    with source.zip() as z:
        return z.read(_parts(z, source.path)[sheet])


def pack_part(old: bytes, rows: Sequence[Sequence[object]],
              restyle: Mapping[int, Callable[[int], int]] | None = None) -> bytes:
    """Sheet part `old` with `rows`, spliced and deflated: what write_outputs writes for it."""
    return pack(splice_cells(old, rows, restyle), _level(rows))


class _Formats:
    """The styles part and what each sheet's columns' styles become (see write_outputs); a
    package without a styles part keeps its columns' look."""

    def __init__(self, part: str | None, xml: bytes | None, wanted: Mapping[str, Mapping[int, str]]) -> None:
        self.part = part or ""
        self.cells = CellFormats(xml) if xml is not None else None
        self.wanted = wanted

    def restyle(self, sheet: str) -> dict[int, Callable[[int], int]]:
        if self.cells is None:
            return {}
        return {col: partial(self.cells.with_number_format, code=code)
                for col, code in self.wanted.get(sheet, {}).items()}

    def changed(self) -> dict[str, bytes]:
        """The styles part's new XML, when formats were added to it."""
        return {self.part: self.cells.xml()} if self.cells is not None and self.cells.changed else {}


def _level(rows: Sequence[Sequence[object]]) -> int:
    return FAST if len(rows) > BIG_ROWS else zlib.Z_DEFAULT_COMPRESSION


def _pack(xml: bytes) -> bytes:
    return pack([xml], zlib.Z_DEFAULT_COMPRESSION)


def _ready(packed: bytes) -> Callable[[], bytes]:
    return lambda: packed


def _without_calc_chain(xml: bytes) -> bytes:
    return re.sub(rb"<[^<>]*calcChain[^<>]*/>", b"", xml)
