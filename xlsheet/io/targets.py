"""Where a command may write: one rule for every file any command writes.

`Outputs` is asked for each path a run is about to write (`template`, `template --from`,
`demo`, `report`, `report --year-end`, `statements`; `recalc` has its own snapshot-and-
backup path in io/file.py) and answers with the path to use, or refuses:

- never a source workbook of the run (the book a report is made from, say);
- never an existing workbook that holds records, unless forced (`--force`); an existing
  workbook that is replaced, forced or empty, is first kept beside it (NAME.替换前.xlsm,
  never over an older such copy);
- never an existing document, unless forced: the new one takes a free name (…（2）.docx)
  and the run's notes say so;
- never two outputs of one run on one path (two units whose names differ only in a
  character Windows forbids get two files);
- names made from data (`safe_file_name`) are names Windows accepts.

`write_each` writes a run's files one by one and, when it stops part way, says exactly
which it wrote and which are missing (`PartlyWritten`).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from .. import schema as S
from ..records import PartlyWritten, StructureError
from .atomic import atomic_write, mode_for, temporary_beside
from .locks import locks
from .snapshot import Snapshot, why

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
    """The files one run writes, each path granted by `workbook` or `document`.

    Used as a context manager: a document name is reserved when it is granted (an empty
    file, made only if the name is free, so two runs at once never take one name), and on
    leaving, a reservation the run did not fill is removed again."""

    def __init__(self, sources: Iterable[Path] = (), force: bool = False, console: bool = True) -> None:
        """`console`: the notes are read at a command line, where --force is there to give."""
        self.sources = tuple(Path(s) for s in sources)
        self.force = force
        self.hint = T["force_hint"] if console else ""
        self.notes: list[str] = []  # for the console: free names taken, backups kept
        self._claimed: set[str] = set()
        self._reserved: list[tuple[Path, tuple[int, int]]] = []
        self._made: list[Path] = []  # folders this run made, innermost first

    def __enter__(self) -> Outputs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def release(self) -> None:
        """Remove the reservations still empty and still ours (nothing was written there),
        then the folders this run made that are still empty."""
        for path, identity in self._reserved:
            with contextlib.suppress(OSError):
                info = path.stat()
                if (info.st_dev, info.st_ino) == identity and info.st_size == 0:
                    path.unlink()
        self._reserved.clear()
        for folder in self._made:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only an empty folder goes
        self._made.clear()

    def _claim(self, path: Path) -> Path:
        self._claimed.add(_key(path))
        return path

    def _taken(self, path: Path) -> bool:
        return _key(path) in self._claimed

    def _not_a_source(self, path: Path) -> None:
        for source in self.sources:
            if _same_file(path, source):
                raise StructureError(T["is_source"].format(path=path))

    def _a_file_or_nothing(self, path: Path) -> None:
        try:
            if path.is_dir():
                raise StructureError(T["cannot_write"].format(path=path, reason=S.M["why_folder"]))
            if path.exists() and not path.is_file():
                raise StructureError(T["cannot_write"].format(path=path, reason=S.M["why_not_file"]))
        except OSError as exc:  # a symbolic-link loop, say
            raise StructureError(T["cannot_write"].format(path=path, reason=why(exc))) from None

    @contextlib.contextmanager
    def workbook(self, path: Path) -> Iterator[Path]:
        """Yield a temporary path beside `path` for a new workbook; once it is written, the
        workbook at `path` (if any) is kept as its backup and the new one takes its place.
        One that holds records (or cannot be read as one of ours), is open elsewhere or is
        marked read-only is refused, the first only without `force`; one saved meanwhile is
        never replaced. On failure nothing at `path` changes, nor any backup."""
        path = Path(path)
        if path.suffix.lower() not in WORKBOOK_SUFFIXES:
            raise StructureError(T["workbook_suffix"].format(path=path))
        self._not_a_source(path)
        self._a_file_or_nothing(path)
        if self._taken(path):
            raise StructureError(T["twice"].format(path=path))
        before = _identity(path)
        if before is not None:
            held = locks(path)
            if held:
                raise StructureError(held[0].message(path))
            if not path.stat().st_mode & stat.S_IWUSR or not os.access(path, os.W_OK):
                raise StructureError(S.M["readonly"].format(path=path))
            count = records_held(path)
            if count != 0 and not self.force:
                raise StructureError(T["has_records" if count else "not_ours"].format(path=path, count=count))
        self._claim(path)
        tmp = temporary_beside(path)
        try:
            yield tmp
            if _identity(path) != before:
                raise StructureError(S.M["saved_meanwhile"].format(path=path))
            if before is not None:
                self.notes.append(T["kept"].format(path=keep_backup(path, self.sources)))
            os.chmod(tmp, mode_for(path))
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()

    def document(self, path: Path, suffix: str = ".docx") -> Path:
        """`path` for a new document, which must end in `suffix` (so a workbook is never taken
        for one). Never a source, nor through a link to a file of another kind; an existing
        file there is replaced only with `force` (a workbook of records kept as its backup
        first), else the document takes the first free name 「…（2）」, 「…（3）」 (and a note
        says so). The name granted is reserved until the run leaves (see the class)."""
        path = Path(path)
        if path.suffix.lower() != suffix:
            raise StructureError(T["document_suffix"].format(path=path, suffix=suffix))
        self._not_a_source(path)
        self._a_file_or_nothing(path)
        if path.is_symlink() and Path(os.path.realpath(path)).suffix.lower() != suffix:
            raise StructureError(T["document_link"].format(path=path, target=os.path.realpath(path)))
        if self.force and not self._taken(path):
            if suffix in WORKBOOK_SUFFIXES and path.exists() and records_held(path):
                self.notes.append(T["kept"].format(path=keep_backup(path, self.sources)))
            return self._claim(path)
        wanted, n = path, 1
        while self._taken(path) or not self._reserve(path):
            n += 1
            path = wanted.with_name(f"{wanted.stem}（{n}）{wanted.suffix}")
        if path != wanted:
            self.notes.append(T["renamed"].format(path=wanted, free=path.name, hint=self.hint))
        return self._claim(path)

    def _reserve(self, path: Path) -> bool:
        """Make an empty file at `path` if nothing is there (atomically); False if something is."""
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            return False
        except OSError as exc:
            raise StructureError(T["cannot_write"].format(path=path, reason=why(exc))) from None
        info = os.fstat(fd)
        os.close(fd)
        self._reserved.append((path, (info.st_dev, info.st_ino)))
        return True

    def folder(self, path: Path) -> Path:
        """`path` as a folder to write into, made when missing."""
        path = Path(path)
        missing = [p for p in (path, *path.parents) if not p.exists()]
        try:
            path.mkdir(parents=True, exist_ok=True)
            self._made += missing
        except FileExistsError:
            raise StructureError(T["cannot_write"].format(path=path, reason=T["why_not_folder"])) from None
        except OSError as exc:
            raise StructureError(T["cannot_write"].format(path=path, reason=why(exc))) from None
        return path


def _identity(path: Path) -> tuple[int, int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def kept_path(path: Path) -> Path:
    """Where the workbook at `path` is kept when a command replaces it whole: NAME.替换前.xlsm,
    beside it. (Not NAME.bak.xlsm: the next recalculation of the new book would replace that.)"""
    return path.with_name(f"{path.stem}{T['kept_mark']}{path.suffix}")


def keep_backup(path: Path, sources: Iterable[Path] = ()) -> Path:
    """Copy the workbook at `path` to kept_path(path) before something replaces it: never over
    an existing file (an older copy may hold the only record of some work, or be the run's
    source: then NAME.替换前（2）.xlsm, ...), never through a link, no more readable than the book."""
    first = kept_path(path)
    backup, n = first, 1
    while backup.exists() or backup.is_symlink() or any(_same_file(backup, s) for s in sources):
        n += 1
        backup = first.with_name(f"{first.stem}（{n}）{first.suffix}")
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
    nothing was written, as its message says). A file that was put in place just before the
    interruption (the writes are atomic: a new file there is a whole one) counts as written."""
    written: list[Path] = []
    for n, (path, write) in enumerate(jobs):
        was = _identity(path)
        try:
            if before is not None:
                before(n, path)
            write(path)
        except (Exception, KeyboardInterrupt) as exc:
            placed = _identity(path) not in (was, None)
            done, missing = written + [path] * placed, [p for p, _ in jobs[n + placed:]]
            if not done:
                raise
            if not missing:  # the interruption came after the last file was in place
                return done
            raise PartlyWritten(done, missing, _reason(exc)) from exc
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

