"""Getting xlsheet onto an office PC: an offline bundle, per-user setup, and a self-check.

Government PCs are often on an intranet with no package index and their users are not
administrators. `bundle` collects, on a machine that reaches the index, every wheel
xlsheet needs on a Windows platform, xlsheet's own wheel, the template and an install
script that installs them for the current user with `--no-index`. `setup` installs the
xlwings add-in, points the user's xlwings configuration at this interpreter, adds a
「发送到」 (SendTo) entry that runs `xlsheet recalc` on a chosen workbook, registers the local
service (`xlsheet serve`) to start at login and installs the WPS add-in (xlsheet/wps/) into
the user's publish.xml beside other add-ins. `doctor` reports the Python side of the
self-check.
"""

from __future__ import annotations

import importlib.metadata as metadata
import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from . import __version__
from . import schema as S
from .records import StructureError

TXT = S.INSTALL
PLATFORMS = ("win_amd64", "win32")
SENDTO_NAME = TXT["sendto_name"]
WPS_SOURCE = Path(__file__).resolve().parent / "wps"
WPS_FILES = ("index.html", "main.js", "ribbon.xml")
WPS_NAME = "xlsheet"
WPS_FOLDER = f"{WPS_NAME}_{__version__}"
STARTUP_NAME = TXT["startup_name"]
DESKTOP_NAME = "xlsheet-serve.desktop"


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


@dataclass(frozen=True)
class Layout:
    """Where one user's files go on one system: the WPS add-ins folder, the service's token
    file, and the login-start entry (a Windows Startup script or an XDG autostart entry)."""

    jsaddons: Path
    token_file: Path
    autostart: Path
    windows: bool


def layouts(profile: Path | None) -> list[Layout]:
    """This user's layout; for a profile folder (prepared here, used on Windows or Linux)
    both, inside it."""
    from . import serve

    def windows_layout(roaming: Path, local: Path) -> Layout:
        return Layout(roaming / "kingsoft" / "wps" / "jsaddons", local / "xlsheet" / serve.token_file().name,
                      roaming / "Microsoft" / "Windows" / "Start Menu" / "Programs" / "Startup" / STARTUP_NAME,
                      True)

    def linux_layout(home: Path, config: Path) -> Layout:
        return Layout(home / ".local" / "share" / "Kingsoft" / "wps" / "jsaddons",
                      config / "xlsheet" / serve.token_file().name, config / "autostart" / DESKTOP_NAME, False)

    if profile is not None:
        return [windows_layout(profile / "AppData" / "Roaming", profile / "AppData" / "Local"),
                linux_layout(profile, profile / ".config")]
    home = Path.home()
    if os.name == "nt":
        return [windows_layout(Path(os.environ.get("APPDATA") or home / "AppData" / "Roaming"),
                               Path(os.environ.get("LOCALAPPDATA") or home / "AppData" / "Local"))]
    return [linux_layout(home, Path(os.environ.get("XDG_CONFIG_HOME") or home / ".config"))]


def wps_config(token_file: Path) -> str:
    """The add-in's config.js: where the token file is, the guide sheet, every message."""
    config = {"tokenFile": str(token_file), "guideSheet": S.README_SHEET, "text": S.WPS_TEXT}
    return "var XLSHEET_CONFIG = " + json.dumps(config, ensure_ascii=False, indent=1) + ";\n"


def _write_if_changed(path: Path, content: bytes) -> None:
    from .io.atomic import atomic_write

    if path.exists() and path.read_bytes() == content:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_write(path) as tmp:
        tmp.write_bytes(content)


def _publish_xml(path: Path, entry: dict[str, str] | None) -> bytes:
    """publish.xml (or jsplugins.xml) with xlsheet's entry replaced by `entry` (or removed,
    for None); every other add-in's entry, comment and attribute stays as it was."""
    from lxml import etree

    if path.exists() and path.read_bytes().strip():
        try:
            root = etree.fromstring(path.read_bytes(), etree.XMLParser(remove_blank_text=True))
        except etree.XMLSyntaxError as exc:
            raise StructureError(TXT["publish_broken"].format(path=path, reason=exc)) from exc
        if root.tag != "jsplugins":
            raise StructureError(TXT["publish_broken"].format(path=path, reason=f"<{root.tag}>"))
    else:
        root = etree.Element("jsplugins")
    for old in root.findall("jsplugin"):
        if old.get("name") == WPS_NAME:
            root.remove(old)
    if entry is not None:
        etree.SubElement(root, "jsplugin", entry)
    etree.indent(root, space="  ")
    return b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' + etree.tostring(root, encoding="UTF-8",
                                                                                       xml_declaration=False) + b"\n"


def install_wps(layout: Layout) -> Path:
    """The WPS add-in in the user's jsaddons folder (xlsheet_VERSION, with its config.js),
    older versions of it removed, and its entry merged into publish.xml."""
    folder = layout.jsaddons / WPS_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for name in WPS_FILES:
        _write_if_changed(folder / name, (WPS_SOURCE / name).read_bytes())
    _write_if_changed(folder / "config.js", wps_config(layout.token_file).encode("utf-8"))
    for old in layout.jsaddons.glob(f"{WPS_NAME}_*"):
        if old.is_dir() and old.name != WPS_FOLDER:
            shutil.rmtree(old)
    entry = {"name": WPS_NAME, "type": "et", "url": folder.as_uri(), "version": __version__,
             "enable": "enable_dev", "install": "null", "customDomain": ""}
    for listing in _listings(layout):
        _write_if_changed(listing, _publish_xml(listing, entry))
    return folder


def _listings(layout: Layout) -> list[Path]:
    """publish.xml, which setup creates where it is missing, and jsplugins.xml, which some
    WPS builds for Linux read instead, where it exists."""
    older = layout.jsaddons / "jsplugins.xml"
    return [layout.jsaddons / "publish.xml"] + ([older] if older.exists() else [])


def remove_wps(layout: Layout) -> None:
    """The add-in's folders and its publish.xml entry gone; other add-ins untouched."""
    for old in layout.jsaddons.glob(f"{WPS_NAME}_*"):
        if old.is_dir():
            shutil.rmtree(old)
    for listing in _listings(layout):
        if listing.exists():
            _write_if_changed(listing, _publish_xml(listing, None))


def _desktop_quote(arg: str) -> str:
    """One argument of a desktop entry's Exec key, quoted as the specification says (and % as
    %%, which the key reserves for field codes)."""
    arg = arg.replace("%", "%%")
    if arg and not any(c in arg for c in ' \t\n"\'\\><~|&;$*?#()`'):
        return arg
    escaped = "".join("\\" + c if c in '"`$\\' else c for c in arg)
    return f'"{escaped}"'


def autostart_entry(layout: Layout, python: str) -> bytes:
    """What starts `xlsheet serve` at the user's login: on Windows a script in the Startup
    folder that runs pythonw.exe with no console window (UTF-16 with BOM, which Windows
    Script Host reads whatever the user's code page); on Linux an XDG autostart entry."""
    if layout.windows:
        exe = PureWindowsPath(python)
        windowless = str(exe.with_name("pythonw.exe")) if exe.name.lower() == "python.exe" else python
        command = '"' + windowless + '" -m xlsheet serve'
        text = "\r\n".join([
            "' " + TXT["startup_comment"],
            'CreateObject("WScript.Shell").Run "' + command.replace('"', '""') + '", 0, False',
            "",
        ])
        return b"\xff\xfe" + text.encode("utf-16-le")
    return "\n".join([
        "[Desktop Entry]",
        "Type=Application",
        f"Name={TXT['startup_title']}",
        f"Comment={TXT['startup_comment']}",
        "Exec=" + " ".join(_desktop_quote(a) for a in (python, "-m", "xlsheet", "serve")),
        "Terminal=false",
        "NoDisplay=true",
        "X-GNOME-Autostart-enabled=true",
        "",
    ]).encode("utf-8")


def _service_parts(profile: Path | None, remove: bool, say: Callable[[str], None]) -> None:
    for layout in layouts(profile):
        if remove:
            remove_wps(layout)
            if layout.autostart.exists():
                layout.autostart.unlink()
            say(TXT["wps_removed"].format(path=layout.jsaddons / "publish.xml"))
            say(TXT["startup_removed"].format(path=layout.autostart))
            continue
        folder = install_wps(layout)
        say(TXT["wps_done"].format(folder=folder, publish=layout.jsaddons / "publish.xml"))
        _write_if_changed(layout.autostart, autostart_entry(layout, sys.executable))
        say(TXT["startup_done"].format(path=layout.autostart))


def setup(profile: Path | None = None, say: Callable[[str], None] = print, remove: bool = False) -> int:
    """Per-user setup. On Windows (or with `profile`, a user profile folder to write into
    instead, for tests and for preparing a profile): the xlwings add-in, the xlwings
    configuration, the SendTo entry; everywhere: the WPS add-in and the service's start at
    login (with `profile`, in both the Windows and the Linux layout). Running it twice
    changes nothing more. `remove` takes the WPS add-in and the login start out again."""
    windows = os.name == "nt"
    if remove:
        _service_parts(profile, True, say)
        return 0
    if profile is None and not windows:
        say(TXT["not_windows"])
        _service_parts(None, False, say)
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
    _service_parts(profile, False, say)
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
