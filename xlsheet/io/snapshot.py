"""One consistent copy of the workbook a run works from, and the checks a package must pass
before anything in it is parsed.

A recalculation reads its inputs and writes its new package from the same bytes (this
snapshot), and just before it replaces the file it asks whether the file on disk is
still those bytes: a colleague's (or a sync client's) save that landed meanwhile is
never overwritten by outputs computed from older inputs.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .. import schema as S
from ..records import StructureError

MAX_PART = 256 * 1024 * 1024
"""The largest member (uncompressed) a workbook may hold, whatever its name: the program
follows the package's relationships, so a sheet may well be stored as "sheet1.bin". A
county's year is a few MB; 100,000 adoption rows are about 70 MB. Above this the book is
refused, so a small file that inflates to gigabytes (a zip bomb) cannot exhaust the memory."""

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_ZIP_ENCRYPTED = 0x1


def why(exc: BaseException) -> str:
    """Why a workbook could not be read or written, in words for staff (never the library's English)."""
    if isinstance(exc, FileNotFoundError):
        return S.M["why_missing"]
    if isinstance(exc, IsADirectoryError):
        return S.M["why_folder"]
    if isinstance(exc, PermissionError):
        return S.M["why_denied"]
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return S.M["why_disk_full"]
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return S.M["why_file_too_big"]
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        return S.M["why_name_too_long"]
    if isinstance(exc, OSError) and exc.errno == errno.ELOOP:
        return S.M["why_loop"]
    if isinstance(exc, OSError) and exc.errno == errno.EROFS:
        return S.M["why_read_only_disk"]
    if isinstance(exc, MemoryError):
        return S.M["why_memory"]
    if isinstance(exc, OSError) and exc.errno is not None:
        return S.M["why_os"].format(errno=exc.errno)
    return S.M["why_corrupt"]


def refuse(path: Path, reason: str) -> StructureError:
    return StructureError(S.M["unreadable"].format(path=path, reason=reason))


def _identity(info: os.stat_result) -> tuple[int, int, int, int]:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


@dataclass(frozen=True)
class Snapshot:
    """The bytes of a workbook as read once, and the file's identity when they were read."""

    path: Path
    data: bytes
    identity: tuple[int, int, int, int]

    @classmethod
    def take(cls, path: Path) -> Snapshot:
        """Read `path` whole, after checking it is a regular file holding an OOXML package
        (an old .xls, an .ods, a password-protected book, a folder, a pipe, a missing file
        each get their own message), and that its XML parts are sound (see check_package)."""
        try:
            before = os.stat(path)
            if stat.S_ISDIR(before.st_mode):
                raise IsADirectoryError(errno.EISDIR, "", str(path))
            if not stat.S_ISREG(before.st_mode):
                raise refuse(path, S.M["why_not_file"])
            with open(path, "rb") as handle:
                data = handle.read()
                after = os.fstat(handle.fileno())
        except OSError as exc:
            raise refuse(path, why(exc)) from None
        if _identity(before) != _identity(after):
            raise StructureError(S.M["saved_meanwhile"].format(path=path))
        if data.startswith(_OLE2):
            encrypted = _ENCRYPTED_PACKAGE in data
            raise refuse(path, S.M["why_password"] if encrypted else S.M["why_xls"])
        if _ODS in data[:100]:
            raise refuse(path, S.M["why_ods"])
        if not data.startswith(b"PK"):
            raise refuse(path, S.M["why_corrupt"])
        snapshot = cls(path, data, _identity(after))
        check_package(snapshot)
        return snapshot

    def zip(self) -> zipfile.ZipFile:
        try:
            return zipfile.ZipFile(io.BytesIO(self.data))
        except (zipfile.BadZipFile, ValueError, OSError):
            raise refuse(self.path, S.M["why_corrupt"]) from None

    def unchanged(self) -> bool:
        """Whether the file on disk is still this snapshot: same bytes, and the same identity
        after they were read (a save renamed over the book while they were read is seen)."""
        try:
            with open(self.path, "rb") as handle:
                same = handle.read() == self.data
            return same and _identity(os.stat(self.path)) == self.identity
        except OSError:
            return False


def check_package(snapshot: Snapshot) -> None:
    """StructureError for a package that is not safe or not sound to parse: an encrypted
    member, a member larger than MAX_PART (whatever its name), a DOCTYPE (an entity bomb)
    in a member that is XML (by its first bytes, not by its name)."""
    with snapshot.zip() as z:
        try:
            infos = z.infolist()
        except (zipfile.BadZipFile, ValueError):
            raise refuse(snapshot.path, S.M["why_corrupt"]) from None
        for info in infos:
            if info.flag_bits & _ZIP_ENCRYPTED:
                raise refuse(snapshot.path, S.M["why_encrypted_member"].format(part=info.filename))
            if info.file_size > MAX_PART:
                raise refuse(snapshot.path, S.M["why_too_large"].format(
                    part=info.filename, size=info.file_size // (1024 * 1024), limit=MAX_PART // (1024 * 1024)))
            try:
                with z.open(info) as member:
                    head = member.read(1024)
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
                raise refuse(snapshot.path, S.M["why_bad_part"].format(part=info.filename)) from None
            if _is_xml(head) and (b"<!DOCTYPE" in head or b"<!ENTITY" in head):
                raise refuse(snapshot.path, S.M["why_doctype"].format(part=info.filename))


def _is_xml(head: bytes) -> bool:
    """Whether a member's first bytes are XML's (in UTF-8 or UTF-16, with or without a BOM)."""
    text = head.removeprefix(b"\xef\xbb\xbf").replace(b"\x00", b"").lstrip(b"\xff\xfe \t\r\n")
    return text.startswith(b"<")
