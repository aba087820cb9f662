"""Who has a workbook open: the lock files Excel, WPS and LibreOffice leave beside it.

Excel and WPS write an owner file `~$NAME` (for long names, `~$` and the name without
its first two characters); LibreOffice writes `.~lock.NAME#`, a line of
`,user,host,date,profile;`. A LibreOffice lock whose host is this computer while no
LibreOffice runs here was left by a crash: it is stale and may be deleted.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .. import schema as S

EXCEL, LIBREOFFICE = S.LOCK_EXCEL, S.LOCK_LIBREOFFICE


@dataclass(frozen=True)
class Lock:
    path: Path
    program: str
    user: str = ""
    host: str = ""
    since: str = ""
    stale: bool = False

    def message(self, book: Path) -> str:
        """Why `book` cannot be written now, and what to do (one Chinese sentence or two)."""
        who = S.M["lock_who"].format(user=self.user, host=self.host, since=self.since) if self.user else ""
        text = S.M["locked"].format(path=book, program=self.program, who=who, owner=self.path.name)
        return text + (S.M["lock_stale"].format(owner=self.path) if self.stale else S.M["lock_delete"])


def locks(book: Path) -> list[Lock]:
    """The lock files beside `book`, Excel's and WPS's first."""
    name = book.name
    found = []
    for candidate in dict.fromkeys(("~$" + name, "~$" + name[2:])):
        path = book.with_name(candidate)
        if _exists(path):
            found.append(Lock(path, EXCEL))
    for candidate in (".~lock." + name + "#", ".~" + name):
        path = book.with_name(candidate)
        if _exists(path):
            found.append(_libreoffice_lock(path))
    return found


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except OSError:  # a name too long for this file system has no lock file either
        return False


def _libreoffice_lock(path: Path) -> Lock:
    try:
        fields = path.read_text(encoding="utf-8", errors="replace").strip().rstrip(";").split(",")
    except OSError:
        return Lock(path, LIBREOFFICE)
    user, host, since = (fields + ["", "", "", ""])[1:4]
    stale = bool(host) and host == socket.gethostname() and not _libreoffice_running()
    return Lock(path, LIBREOFFICE, user, host, since, stale)


def _libreoffice_running() -> bool:
    """Whether a LibreOffice process runs on this computer; True when that cannot be told."""
    if sys.platform.startswith("linux"):
        for entry in os.scandir("/proc"):
            if entry.name.isdigit():
                try:
                    with open(f"/proc/{entry.name}/cmdline", "rb") as handle:
                        program = handle.read().split(b"\0")[0]
                except OSError:
                    continue
                if os.path.basename(program).startswith((b"soffice", b"oosplash")):
                    return True
        return False
    if os.name == "nt":
        try:
            done = subprocess.run(["tasklist", "/FI", "IMAGENAME eq soffice.bin", "/NH"],
                                  capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return True
        return "soffice" in done.stdout.lower()
    return True
