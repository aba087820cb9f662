"""The file adapter: read input sheets with python-calamine, write only the output sheets' parts.

Everything in the package that is not an output sheet's own part is copied
unchanged; the new file replaces the old one atomically, after a backup.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from lxml import etree
from python_calamine import CalamineWorkbook

from .. import schema as S
from ..records import StructureError
from .atomic import atomic_write
from .bound import bound_charts, bound_tables, refresh_chart, refresh_table
from .locks import locks
from .printing import workbook_ready
from .xlsx import error_cells, has_formulas, sheet_parts, splice_cells
from .zipcopy import append_packed, copy_member, pack

Grid = list[list[object]]
_CALC_CHAIN = "xl/calcChain.xml"
BIG_ROWS, FAST = 5000, 1  # sheets of over 5,000 rows (a few MB) are deflated at level 1: 3x faster, a little larger


def why(exc: BaseException) -> str:
    """Why a workbook could not be read or written, in words for staff (never the library's English)."""
    if isinstance(exc, FileNotFoundError):
        return S.M["why_missing"]
    if isinstance(exc, IsADirectoryError):
        return S.M["why_folder"]
    if isinstance(exc, PermissionError):
        return S.M["why_denied"]
    if isinstance(exc, OSError) and exc.errno is not None:
        return S.M["why_os"].format(errno=exc.errno)
    return S.M["why_corrupt"]


_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


def ensure_package(path: Path) -> None:
    """StructureError unless `path` is a regular file holding an OOXML package (a zip): an
    old .xls, an .ods, a folder, a pipe, a missing file each get their own message."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise IsADirectoryError(path)
        if not stat.S_ISREG(info.st_mode):
            raise StructureError(S.M["unreadable"].format(path=path, reason=S.M["why_not_file"]))
        with open(path, "rb") as handle:
            head = handle.read(100)
    except OSError as exc:
        raise StructureError(S.M["unreadable"].format(path=path, reason=why(exc))) from None
    if head.startswith(_OLE2):
        raise StructureError(S.M["unreadable"].format(path=path, reason=S.M["why_xls"]))
    if _ODS in head:
        raise StructureError(S.M["unreadable"].format(path=path, reason=S.M["why_ods"]))
    if not head.startswith(b"PK"):
        raise StructureError(S.M["unreadable"].format(path=path, reason=S.M["why_corrupt"]))


def read_grids(path: Path, sheets: Iterable[str] = S.INPUT_SHEETS,
               required: Iterable[str] = S.INPUT_SHEETS + S.OUTPUT_SHEETS,
               while_reading: Callable[[], object] | None = None) -> dict[str, Grid]:
    """The cell values of `sheets`, row 1 first.

    Every sheet in `required` must exist (else StructureError), so a run that could not
    write its output stops before it has written anything, backup included.
    python-calamine parses without holding the interpreter lock, so the file is read in a
    second thread while this one runs `while_reading` (loading tables the run needs next).
    """
    ensure_package(path)
    found: list[dict[str, Grid]] = []
    failed: list[BaseException] = []

    def read() -> None:
        try:
            found.append(_read(path, tuple(sheets), tuple(required)))
        except BaseException as exc:  # handed to the caller's thread below
            failed.append(exc)

    reader = threading.Thread(target=read, name="xlsheet-read")
    reader.start()
    errors: dict[str, list[tuple[int, int, str]]] = {}
    try:
        if while_reading is not None:
            while_reading()
        errors = _error_cells(path, (*sheets, *S.OPTIONAL_SHEETS))
    finally:
        reader.join()
    if failed:
        raise failed[0]
    for sheet, cells in errors.items():
        grid = found[0].get(sheet)
        for row, col, text in cells if grid is not None else ():
            if row < len(grid) and col < len(grid[row]):
                grid[row][col] = text
    return found[0]


def _error_cells(path: Path, sheets: Iterable[str]) -> dict[str, list[tuple[int, int, str]]]:
    """Cells of `sheets` that hold an Excel error (#DIV/0!, #N/A...), which python-calamine
    reads as blank: {sheet: [(row, column, error text)]}, rows and columns from 0. Nothing
    for a package it cannot open (the reader reports that)."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = sheet_parts(z.read("xl/workbook.xml"), z.read("xl/_rels/workbook.xml.rels"))
            return {sheet: found for sheet in sheets if sheet in parts
                    and (found := error_cells(z.read(parts[sheet])))}
    except (OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError, ValueError):
        return {}


def _read(path: Path, sheets: tuple[str, ...], required: tuple[str, ...]) -> dict[str, Grid]:
    try:
        book = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several unrelated types for a bad file
        raise StructureError(S.M["unreadable"].format(path=path, reason=why(exc))) from None
    present = set(book.sheet_names)
    for name in (*required, *sheets):
        if name not in present:
            raise StructureError(S.M["missing_sheet"].format(sheet=name))
    wanted = sheets + tuple(name for name in S.OPTIONAL_SHEETS if name in present and name not in sheets)
    return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wanted}


def backup_path(book: Path) -> Path:
    """Where the previous version of `book` is kept: beside it, as NAME.bak.xlsm."""
    return book.with_name(book.stem + ".bak" + book.suffix)


def ensure_writable(book: Path, target: Path) -> None:
    """StructureError unless the target can be replaced now. Writing into the book itself
    needs it closed everywhere; writing elsewhere (--out) only reads it, so then only the
    target must not be open."""
    held = locks(target)
    if held:
        raise StructureError(held[0].message(target))
    folder = target.parent
    # A file whose owner-write bit is off was marked read-only on purpose: respect it, even as root.
    marked = target.exists() and not target.stat().st_mode & stat.S_IWUSR
    if marked or (target.exists() and not os.access(target, os.W_OK)) or not os.access(folder, os.W_OK):
        raise StructureError(S.M["readonly"].format(path=target))


def write_outputs(book: Path, target: Path, tables: Mapping[str, Sequence[Sequence[object]]],
                  packed: Mapping[str, Callable[[], bytes]] | None = None) -> None:
    """Write the output `tables` into a copy of `book`'s package, atomically placed at `target`.

    `packed` gives, for some output sheets, a function returning that sheet's part as
    `pack_part` made it (in another process, say); it is called when the part is written.
    """
    packed = packed or {}
    try:
        src = zipfile.ZipFile(book)
    except (OSError, zipfile.BadZipFile) as exc:
        raise StructureError(S.M["unreadable"].format(path=book, reason=why(exc))) from None
    with src:
        infos = src.infolist()
        parts = sheet_parts(src.read("xl/workbook.xml"), src.read("xl/_rels/workbook.xml.rels"))
        for sheet in tables:
            if sheet not in parts:
                raise StructureError(S.M["missing_sheet"].format(sheet=sheet))
        owned = {parts[sheet]: sheet for sheet in tables}
        names = set(src.namelist())

        def read(name: str) -> bytes | None:
            return src.read(name) if name in names else None

        new_parts: dict[str, Callable[[], bytes]] = {}
        chain = _CALC_CHAIN in names  # only then do old formulas matter (the chain lists them)
        drop_chain = False
        for part, sheet in owned.items():
            old = src.read(part) if chain or sheet not in packed else b""
            drop_chain = drop_chain or (chain and has_formulas(old))
            new_parts[part] = packed[sheet] if sheet in packed else _ready(pack_part(old, tables[sheet]))
            for chart in bound_charts(read, part):
                new_parts[chart] = _ready(_pack(refresh_chart(src.read(chart), sheet, tables[sheet])))
            for table in bound_tables(read, part):
                new_parts[table] = _ready(_pack(refresh_table(src.read(table), len(tables[sheet]))))
        workbook_xml = src.read("xl/workbook.xml")
        titled = workbook_ready(workbook_xml, tables)
        if titled is not workbook_xml:
            new_parts["xl/workbook.xml"] = _ready(_pack(titled))
        drop = {_CALC_CHAIN} if drop_chain else set()
        if drop:
            for name in ("[Content_Types].xml", "xl/_rels/workbook.xml.rels"):
                new_parts[name] = _ready(_pack(_without_calc_chain(src.read(name))))
        with atomic_write(target) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for info in infos:
                if info.filename in drop:
                    continue
                if info.filename in new_parts:
                    append_packed(dst, info, new_parts[info.filename]())
                else:
                    copy_member(src, info, dst)


def read_part(book: Path, sheet: str) -> bytes:
    """The part (XML) of sheet `sheet` of `book` as it is now."""
    with zipfile.ZipFile(book) as src:
        return src.read(sheet_parts(src.read("xl/workbook.xml"), src.read("xl/_rels/workbook.xml.rels"))[sheet])


def pack_part(old: bytes, rows: Sequence[Sequence[object]], stop: int | None = None) -> bytes:
    """Sheet part `old` with `rows`, spliced and deflated: what write_outputs writes for it.

    With `stop`, only its first piece, up to rows[stop] (left out), left open for finish_part.
    """
    if stop is None:
        return pack(splice_cells(old, rows), _level(rows))
    return pack(splice_cells(old, rows, (0, stop)), _level(rows), open_end=True)


def finish_part(old: bytes, rows: Sequence[Sequence[object]], start: int, first: Callable[[], bytes]) -> bytes:
    """The rest of sheet part `old` with `rows`, rows[start:], joined to the first piece that
    `first()` gives (pack_part with stop=start, made in another process, say)."""
    return pack(splice_cells(old, rows, (start, None)), _level(rows), before=first)


def _level(rows: Sequence[Sequence[object]]) -> int:
    return FAST if len(rows) > BIG_ROWS else zlib.Z_DEFAULT_COMPRESSION


def _pack(xml: bytes) -> bytes:
    return pack([xml], zlib.Z_DEFAULT_COMPRESSION)


def _ready(packed: bytes) -> Callable[[], bytes]:
    return lambda: packed


def _without_calc_chain(xml: bytes) -> bytes:
    return re.sub(rb"<[^<>]*calcChain[^<>]*/>", b"", xml)


def copy_backup(book: Path) -> Path:
    backup = backup_path(book)
    with atomic_write(backup) as tmp:
        shutil.copy2(book, tmp)
    return backup
