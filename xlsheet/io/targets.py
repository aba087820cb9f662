"""Where a command may write: one rule for every file any command writes.

`Outputs` is asked for each path a run is about to write (`template`, `template --from`,
`demo`, `report`, `report --year-end`, `statements`; `recalc` has its own snapshot-and-
backup path in io/file.py) and answers with the path to use, or refuses:

- never a source workbook of the run (the book a report is made from, say);
- never an existing workbook that holds records, unless forced (`--force`); an existing
  workbook that is replaced, forced or empty, is first kept as its backup (NAME.bak.xlsm);
- never an existing document, unless forced: the new one takes a free name (…（2）.docx)
  and the run's notes say so;
- never two outputs of one run on one path (two units whose names differ only in a
  character Windows forbids get two files);
- names made from data (`safe_file_name`) are names Windows accepts.

`write_each` writes a run's files one by one and, when it stops part way, says exactly
which it wrote and which are missing (`PartlyWritten`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .. import schema as S
from ..records import PartlyWritten, StructureError
from .atomic import atomic_write
from .snapshot import Snapshot, refuse, why

T = S.TARGETS
WORKBOOK_SUFFIXES = (".xlsm", ".xlsx")
RECORD_TABLES = (S.ADOPTIONS_TABLE, S.INSTRUCTIONS_TABLE, S.EXTRAS_TABLE, S.NOTICES_TABLE)

_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f\ud800-\udfff]')
# Bidirectional controls and invisible marks: a name showing 「xslx.docx」 may be an .xlsx.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
             *(f"{d}{i}" for d in ("COM", "LPT") for i in (*"123456789", "¹", "²", "³"))}
MAX_NAME_BYTES = 180
"""A name's UTF-8 length at most (stem and suffix), leaving room for 「（NN）」 and a folder:
Windows and Linux both allow 255 per name."""


def safe_file_name(name: str, suffix: str = "") -> str:
    """`name` + `suffix` as a file name Windows accepts: forbidden and invisible characters
    replaced or dropped, no trailing dot or space, not a device name (CON, NUL, COM1, ...),
    and at most MAX_NAME_BYTES, a long name cut and told apart by a short hash of it."""
    cleaned = _FORBIDDEN.sub("_", _INVISIBLE.sub("", name)).strip(" .") or "_"
    if cleaned.split(".")[0].strip().upper() in _RESERVED:
        cleaned = "_" + cleaned
    room = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    if len(cleaned.encode("utf-8")) > room:
        tag = "~" + hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        cut = cleaned.encode("utf-8")[:room - len(tag)].decode("utf-8", "ignore").rstrip(" .")
        cleaned = cut + tag
    return cleaned + suffix


def records_held(path: Path) -> int | None:
    """How many rows the record sheets (信息录用, 领导批示, 加分事项, 通报记录) of the workbook at
    `path` hold, or None when it is not a workbook of this program that can be read (then
    it is treated as holding work)."""
    from ..check.tables import find_table
    from .file import read_grids

    try:
        snapshot = Snapshot.take(path)
        sheets = tuple(t.sheet for t in RECORD_TABLES)
        grids = read_grids(snapshot, sheets, required=sheets)
        return sum(len(find_table(grids[t.sheet], t).row_numbers) for t in RECORD_TABLES)
    except StructureError:
        return None


def _key(path: Path) -> str:
    """One key per file on any of the systems users have (Windows compares names without case)."""
    return os.path.normcase(os.path.abspath(path)).casefold()


def _same_file(a: Path, b: Path) -> bool:
    if _key(a) == _key(b):
        return True
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return False


class Outputs:
    """The files one run writes, each path granted by `workbook` or `document`."""

    def __init__(self, sources: Iterable[Path] = (), force: bool = False) -> None:
        self.sources = tuple(Path(s) for s in sources)
        self.force = force
        self.notes: list[str] = []  # for the console: free names taken, backups kept
        self._claimed: set[str] = set()

    def _claim(self, path: Path) -> Path:
        self._claimed.add(_key(path))
        return path

    def _taken(self, path: Path) -> bool:
        return _key(path) in self._claimed

    def _not_a_source(self, path: Path) -> None:
        for source in self.sources:
            if _same_file(path, source):
                raise StructureError(T["is_source"].format(path=path))

    def _not_a_folder(self, path: Path) -> None:
        try:
            if path.is_dir():
                raise refuse(path, S.M["why_folder"])
            if path.exists() and not path.is_file():
                raise refuse(path, S.M["why_not_file"])
        except OSError as exc:  # a symbolic-link loop, say
            raise refuse(path, why(exc)) from None

    def workbook(self, path: Path) -> Path:
        """`path` for a new workbook. An existing workbook there is kept as its backup first;
        one that holds records (or cannot be read as one of ours) only with `force`."""
        path = Path(path)
        if path.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise StructureError(T["workbook_suffix"].format(path=path))
        self._not_a_source(path)
        self._not_a_folder(path)
        if self._taken(path):
            raise StructureError(T["twice"].format(path=path))
        if path.exists():
            held = records_held(path)
            if held != 0 and not self.force:
                key = "has_records" if held else "not_ours"
                raise StructureError(T[key].format(path=path, count=held))
            self.notes.append(T["kept"].format(path=keep_backup(path)))
        return self._claim(path)

    def document(self, path: Path, suffix: str = ".docx") -> Path:
        """`path` for a new document, which must end in `suffix` (so a workbook is never taken
        for one). Never a source; an existing file there is replaced only with `force`, else
        the document takes the first free name 「…（2）」, 「…（3）」 (and a note says so)."""
        path = Path(path)
        if path.suffix.lower() != suffix:
            raise StructureError(T["document_suffix"].format(path=path, suffix=suffix))
        self._not_a_source(path)
        self._not_a_folder(path)
        if self._taken(path) or (path.exists() and not self.force):
            free = next(p for n in range(2, 10_000)
                        if not (p := path.with_name(f"{path.stem}（{n}）{path.suffix}")).exists()
                        and not self._taken(p))
            self.notes.append(T["renamed"].format(path=path, free=free.name))
            path = free
        return self._claim(path)


def keep_backup(path: Path) -> Path:
    """Copy the workbook at `path` to its backup NAME.bak.xlsm (never through a link there,
    no more readable than the book), before something replaces it."""
    from .file import backup_path

    backup = backup_path(path)
    try:
        data = path.read_bytes()
        with atomic_write(backup, follow_link=False, mode_of=path) as tmp:
            tmp.write_bytes(data)
    except OSError as exc:
        raise StructureError(S.M["write_failed"].format(path=backup, reason=why(exc))) from None
    return backup


def write_each(jobs: Sequence[tuple[Path, Callable[[Path], object]]],
               before: Callable[[int, Path], None] | None = None) -> list[Path]:
    """Run each `write(path)` of `jobs` in order (`before(n, path)` first); the paths written.

    If one fails or the run is interrupted after some were written, PartlyWritten says which
    were written and which are missing; if none was, the original exception goes on (then
    nothing was written, as its message says)."""
    written: list[Path] = []
    for n, (path, write) in enumerate(jobs):
        try:
            if before is not None:
                before(n, path)
            write(path)
        except (Exception, KeyboardInterrupt) as exc:
            if not written:
                raise
            raise PartlyWritten(written, [p for p, _ in jobs[n:]], _reason(exc)) from exc
        written.append(path)
    return written


def _reason(exc: BaseException) -> str:
    if isinstance(exc, KeyboardInterrupt):
        return T["interrupted"]
    if isinstance(exc, StructureError):
        return str(exc)
    if isinstance(exc, OSError | MemoryError):
        return why(exc)
    return T["internal"].format(error=type(exc).__name__)

