"""Atomic file replacement: write beside the target, fsync, then rename over it."""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

PREFIX = ".~xlsheet-"  # then the writing process's id, its host, a random part and the suffix
HOST = "".join(c for c in socket.gethostname() if c.isalnum()) or "host"


@contextlib.contextmanager
def atomic_write(target: Path, before_replace: Callable[[], None] | None = None, *,
                 follow_link: bool = True, mode_of: Path | None = None) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target.

    `before_replace` runs once the new file is complete and on disk, just before the
    replacement; if it raises, nothing is replaced. On any exception (or a kill) the
    target is untouched and the temporary file removed where the process still can; what
    a killed process left is removed by the next write into the same folder.

    A target that is a symbolic link stays one: the file it points to is replaced; with
    `follow_link=False` (a backup) the link itself is replaced by a real file, so nothing is
    ever written through it. The new file keeps the target's permission bits (or those of
    `mode_of`: a backup is no more readable than its book) and, when run as root, its owner
    and group. (A hard link is not kept: the other name goes on showing the old version.)
    """
    target = Path(target)
    if follow_link and target.is_symlink():
        target = Path(os.path.realpath(target))
    remove_stale(target.parent)
    tmp = temporary_beside(target)
    try:
        yield tmp
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        like = mode_of if mode_of is not None else target
        os.chmod(tmp, mode_for(like))
        _keep_owner(tmp, like)
        if before_replace is not None:
            before_replace()
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def temporary_beside(target: Path) -> Path:
    """A new empty file in `target`'s folder, named so that remove_stale knows its writer."""
    fd, name = tempfile.mkstemp(prefix=f"{PREFIX}{os.getpid()}-{HOST}-", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    return Path(name)


def _keep_owner(tmp: Path, target: Path) -> None:
    """As root, the new file gets the old one's owner and group (others cannot change them)."""
    if os.name == "posix" and os.geteuid() == 0 and target.exists() and not target.is_symlink():
        info = target.stat()
        os.chown(tmp, info.st_uid, info.st_gid)


def remove_stale(folder: Path) -> list[Path]:
    """Delete the temporary files that killed runs on this computer left in `folder`: those
    whose writing process (its id and host are in the name) no longer exists. A file from
    another computer (a shared folder) is left alone. Returns what was deleted."""
    removed = []
    for path in folder.glob(PREFIX + "*"):
        pid, host, *_ = path.name[len(PREFIX):].split("-", 2) + ["", ""]
        if host == HOST and pid.isdigit() and not _alive(int(pid)):
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _alive(pid: int) -> bool:
    if os.name != "posix":
        return True  # no cheap, safe test elsewhere: keep the file
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def mode_for(target: Path) -> int:
    """The target's permission bits, or those a new file gets under the current umask."""
    if target.exists() and not target.is_symlink():
        return target.stat().st_mode & 0o777
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask
