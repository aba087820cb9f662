"""Getting xlsheet onto an office PC: an offline bundle, per-user setup, and a self-check.

Government PCs are often on an intranet with no package index and their users are not
administrators. `bundle` collects, on a machine that reaches the index, every wheel
xlsheet needs on a Windows platform, xlsheet's own wheel, the template and an install
script that installs them for the current user with `--no-index`. `setup` installs the
xlwings add-in, points the user's xlwings configuration at this interpreter and adds a
「发送到」 (SendTo) entry that runs `xlsheet recalc` on a chosen workbook (the button for
WPS and LibreOffice users). `doctor` reports the Python side of the self-check.
"""

from __future__ import annotations

import importlib.metadata as metadata
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from . import __version__
from . import schema as S

TXT = S.INSTALL
PLATFORMS = ("win_amd64", "win32")
SENDTO_NAME = TXT["sendto_name"]


def _requirements(root: Path) -> list[str]:
    """xlsheet's runtime requirements as the source tree's pyproject.toml states them (the
    wheel the bundle carries is built from it), comments and all stripped by tomllib."""
    import tomllib

    with open(root / "pyproject.toml", "rb") as f:
        return list(tomllib.load(f)["project"]["dependencies"])


def _project_root() -> Path | None:
    """The source tree this xlsheet runs from, where there is one (an editable install)."""
    root = Path(__file__).resolve().parent.parent
    return root if (root / "pyproject.toml").exists() else None


def bundle(out: Path, target: str = "win_amd64", python: str = "3.11",
           say: Callable[[str], None] = print) -> list[Path]:
    """The offline bundle in `out`: wheels for `target` and Python `python`, xlsheet's wheel,
    the template and 安装.cmd. Raises RuntimeError (with a Chinese message) when pip fails."""
    out.mkdir(parents=True, exist_ok=True)
    root = _project_root()
    if root is None:
        raise RuntimeError(TXT["no_source"])
    pip = [sys.executable, "-m", "pip"]
    steps = [
        (TXT["step_wheel"], pip + ["wheel", "--no-deps", "-w", str(out), str(root)]),
        (TXT["step_download"].format(platform=target, python=python),
         pip + ["download", "--only-binary=:all:", "--platform", target, "--python-version", python,
                "--implementation", "cp", "-d", str(out), *_requirements(root)]),
    ]
    for label, command in steps:
        say(label)
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(TXT["pip_failed"].format(step=label, detail=(done.stderr or done.stdout)[-600:]))
    template = root / "workbook_template.xlsm"
    if template.exists():
        shutil.copy2(template, out / template.name)
    script = out / TXT["script_name"]
    script.write_bytes(install_script().encode("utf-8"))
    say(TXT["bundled"].format(path=out))
    return sorted(out.iterdir())


def install_script() -> str:
    """安装.cmd: installs the bundle's wheels for this user, offline, then runs setup."""
    return "\r\n".join([
        "@echo off",
        "chcp 65001 >nul",
        "rem " + TXT["script_comment"],
        'cd /d "%~dp0"',
        "python -m pip install --user --no-index --find-links . xlsheet",
        "if errorlevel 1 (",
        "  echo " + TXT["script_failed"],
        "  pause",
        "  exit /b 1",
        ")",
        "python -m xlsheet setup",
        "pause",
        "",
    ])


def sendto_script(python: str) -> str:
    """The 「发送到」 entry: recalc the chosen workbook and wait for a key to read the result."""
    return "\r\n".join([
        "@echo off",
        "chcp 65001 >nul",
        f'"{python}" -m xlsheet recalc "%~1"',
        "echo.",
        "pause",
        "",
    ])


def _conf_with_interpreter(text: str, python: str) -> str:
    """xlwings.conf (lines of "KEY","value") with INTERPRETER_WIN set to `python`."""
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.upper().startswith('"INTERPRETER_WIN"')]
    return "\n".join([f'"INTERPRETER_WIN","{python}"', *lines]) + "\n"


def addin_paths(appdata: Path) -> tuple[Path, Path | None]:
    """Where Excel loads the xlwings add-in from for this user (XLSTART), and the add-in the
    installed xlwings package ships (None when the package has none)."""
    installed = appdata / "Microsoft" / "Excel" / "XLSTART" / "xlwings.xlam"
    try:
        import xlwings

        shipped: Path | None = Path(xlwings.__file__).resolve().parent / "addin" / "xlwings.xlam"
    except ImportError:
        shipped = None
    return installed, shipped if shipped is not None and shipped.exists() else None


def addin_state(appdata: Path) -> tuple[bool, str]:
    """Whether the user's add-in is the one of the xlwings package here (byte for byte: the
    same version), and a line saying so."""
    installed, shipped = addin_paths(appdata)
    if not installed.exists():
        return False, TXT["addin_absent"].format(path=installed)
    if shipped is None:
        return False, TXT["addin_unknown"]
    same = installed.read_bytes() == shipped.read_bytes()
    version = metadata.version("xlwings")
    return same, TXT["addin_same" if same else "addin_differs"].format(path=installed, version=version)


def setup(profile: Path | None = None, say: Callable[[str], None] = print) -> int:
    """Per-user setup. On Windows (or with `profile`, a user profile folder to write into
    instead, for tests and for preparing a profile): the add-in, the xlwings configuration,
    the SendTo entry. Elsewhere it says what applies. Running it twice changes nothing more."""
    windows = os.name == "nt"
    if profile is None and not windows:
        say(TXT["not_windows"])
        return 0
    home = profile or Path.home()
    appdata = (profile / "AppData" / "Roaming") if profile else Path(os.environ.get("APPDATA", home / "AppData/Roaming"))
    python = sys.executable
    if windows and profile is None:
        done = subprocess.run([sys.executable, "-m", "xlwings", "addin", "install"], capture_output=True, text=True)
        say(TXT["addin_done"] if done.returncode == 0 else TXT["addin_failed"].format(detail=done.stderr[-300:]))
    else:
        say(TXT["addin_skipped"])
    same, text = addin_state(appdata)
    say(("✓ " if same else "✗ ") + text)
    conf = home / ".xlwings" / "xlwings.conf"
    conf.parent.mkdir(parents=True, exist_ok=True)
    old = conf.read_text(encoding="utf-8") if conf.exists() else ""
    new = _conf_with_interpreter(old, python)
    if new != old:
        conf.write_text(new, encoding="utf-8")
    say(TXT["conf_done"].format(path=conf, python=python))
    sendto = appdata / "Microsoft" / "Windows" / "SendTo" / SENDTO_NAME
    sendto.parent.mkdir(parents=True, exist_ok=True)
    content = sendto_script(python).encode("utf-8")
    if not sendto.exists() or sendto.read_bytes() != content:
        sendto.write_bytes(content)
    say(TXT["sendto_done"].format(path=sendto))
    return 0


def doctor(book: Path | None = None, say: Callable[[str], None] = print) -> int:
    """The Python side of the self-check; 1 when something needs attention."""
    problems = 0

    def line(ok: bool, text: str) -> None:
        nonlocal problems
        problems += not ok
        say(("✓ " if ok else "✗ ") + text)

    line(sys.version_info >= (3, 11), TXT["python"].format(version=platform.python_version(), path=sys.executable))
    line(True, TXT["xlsheet"].format(version=__version__))
    try:
        line(True, TXT["xlwings"].format(version=metadata.version("xlwings")))
    except metadata.PackageNotFoundError:
        line(False, TXT["xlwings_missing"])
    from . import serve

    state, text = serve.status_line()
    if state == "stopped":  # needed only where buttons cannot start Python: a note, not a problem
        say("- " + text)
    else:
        line(state == "running", text)
    conf = Path.home() / ".xlwings" / "xlwings.conf"
    line(True, TXT["conf"].format(path=conf, state=TXT["present"] if conf.exists() else TXT["absent"]))
    if os.name == "nt":
        line(*addin_state(Path(os.environ.get("APPDATA", Path.home() / "AppData/Roaming"))))
    if book is not None:
        from .io.file import worksheet_parts
        from .io.snapshot import Snapshot
        from .records import StructureError

        path = Path(book).resolve()
        if any(part.lower().startswith(("onedrive", "sharepoint")) for part in path.parts):
            line(False, TXT["onedrive"].format(path=path))
        try:
            with Snapshot.take(path).zip() as z:
                worksheet_parts(z, path, S.INPUT_SHEETS + S.OUTPUT_SHEETS)
            line(True, TXT["book_ok"].format(path=path))
        except StructureError as exc:
            line(False, str(exc))
    say(TXT["all_ok"] if not problems else TXT["some_problems"].format(count=problems))
    return 1 if problems else 0
