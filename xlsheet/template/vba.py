"""Building the workbook's VBA project (xl/vbaProject.bin) from the .bas sources in this folder.

The streams follow MS-OVBA: the `dir` stream (project information, references,
modules), `PROJECT` and `PROJECTwm`, `_VBA_PROJECT` without a performance cache
(so the host compiles from source), and one compressed source stream per module.
The project's code page is 936 (GBK): module sources and names are encoded in it,
so the Chinese text of messages reaches Excel intact. Compression (MS-OVBA 2.4.1)
is our own (compression.py), the compound file container (MS-CFB) comes from ms_cfb.
Everything is fixed (project id, protection seed, timestamps), so the same
sources give the same bytes.
"""

from __future__ import annotations

import contextlib
import os
import re
import struct
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ms_cfb.Models.Directories.root_directory import RootDirectory
from ms_cfb.Models.Directories.storage_directory import StorageDirectory
from ms_cfb.Models.Directories.stream_directory import StreamDirectory
from ms_cfb.ole_file import OleFile

from .compression import compress

SOURCES = Path(__file__).resolve().parent
CODEPAGE, ENCODING = 936, "gbk"
PROJECT_ID = "{6C2B1E0A-3F51-4D8A-9B7E-2A4C5D6E7F80}"
PROJECT_NAME = "VBAProject"
WORKBOOK_GUID = "{00020819-0000-0000-C000-000000000046}"
SHEET_GUID = "{00020820-0000-0000-C000-000000000046}"
STDOLE = ("*\\G{00020430-0000-0000-C000-000000000046}#2.0#0#"
          "C:\\Windows\\System32\\stdole2.tlb#OLE Automation")
# The seed of MS-OVBA data encryption (2.4.3) is free; fixing it makes the build reproducible.
PROTECTION_SEED = 0x5A
UNPROTECTED, NO_PASSWORD, VISIBLE = bytes(4), bytes(1), b"\xff"


@dataclass(frozen=True)
class Module:
    name: str
    source: str  # without Attribute lines, lines separated by \n
    document: str = ""  # the document's type GUID for document modules, else ''

    def text(self) -> bytes:
        lines = [f'Attribute VB_Name = "{self.name}"']
        if self.document:
            lines += [f'Attribute VB_Base = "0{self.document}"',
                      "Attribute VB_GlobalNameSpace = False", "Attribute VB_Creatable = False",
                      "Attribute VB_PredeclaredId = True", "Attribute VB_Exposed = True",
                      "Attribute VB_TemplateDerived = False", "Attribute VB_Customizable = True"]
        body = self.source.replace("\r\n", "\n").strip("\n")
        text = "\r\n".join(lines + (body.split("\n") if body else [])) + "\r\n"
        return text.encode(ENCODING)


_LITERAL = re.compile(r'"(?:[^"]|"")*"')
_MAX_LINE = 800  # VBA takes 1,023 characters on a physical line; leave room for indentation


def _ascii_literal(literal: str) -> str:
    """A VBA string literal with non-ASCII text as an ASCII expression: ASCII runs stay
    literals, every other character becomes ChrW(&H....). Excel reads it the same under any
    system locale (a literal's bytes are read in the locale's code page)."""
    text = literal[1:-1].replace('""', '"')
    pieces: list[str] = []
    run = ""
    for ch in text:
        if ch.isascii():
            run += ch
            continue
        if run:
            pieces.append('"' + run.replace('"', '""') + '"')
            run = ""
        pieces.append(f"ChrW(&H{ord(ch):04X})")
    if run:
        pieces.append('"' + run.replace('"', '""') + '"')
    # no parentheses needed: & binds tighter than comparison and looser than arithmetic, and
    # the text only ever stands in concatenations, arguments and assignments
    return " & ".join(pieces)


def _code_and_comment(line: str) -> tuple[str, str]:
    """A line cut where its comment starts (an apostrophe outside any string literal)."""
    inside = False
    for i, ch in enumerate(line):
        if ch == '"':
            inside = not inside
        elif ch == "'" and not inside:
            return line[:i], line[i:]
    return line, ""


def ascii_literals(source: str) -> str:
    """`source` with every string literal that holds non-ASCII text rewritten by
    _ascii_literal, long lines continued (` _`); comments are left as they are."""
    out = []
    for line in source.split("\n"):
        code, comment = _code_and_comment(line)
        if code.isascii():
            out.append(line)
            continue
        code = _LITERAL.sub(lambda m: _ascii_literal(m.group(0)) if not m.group(0).isascii() else m.group(0), code)
        indent = code[: len(code) - len(code.lstrip())]
        continued = code.rstrip().endswith(" _")
        body = code.rstrip()[:-2].rstrip() if continued else code.rstrip()
        parts = body.split(" & ")
        lines, current = [], ""
        for part in parts:
            candidate = part if not current else current + " & " + part
            if current and len(candidate) > _MAX_LINE:
                lines.append(current + " & _")
                current = indent + "    " + part.lstrip()
            else:
                candidate = candidate if current else part
                current = candidate
        lines.append(current + (" _" if continued else ""))
        if comment:
            lines[-1] += " " + comment if not continued else ""
        out.extend(lines)
    return "\n".join(out)


def standard_modules() -> list[Module]:
    """The .bas files beside this module, in name order, without their Attribute VB_Name line,
    their string literals made ASCII (ascii_literals)."""
    modules = []
    for path in sorted(SOURCES.glob("*.bas")):
        text = path.read_text(encoding="utf-8")
        lines = [ln for ln in text.splitlines() if not ln.startswith("Attribute VB_Name")]
        modules.append(Module(path.stem, ascii_literals("\n".join(lines))))
    return modules


def document_modules(sheet_code_names: list[str]) -> list[Module]:
    return [Module("ThisWorkbook", "", WORKBOOK_GUID)] + [Module(n, "", SHEET_GUID) for n in sheet_code_names]


# --- the dir stream (MS-OVBA 2.3.4.2) ------------------------------------------------------


def _record(rid: int, data: bytes) -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _u16(rid: int, value: int) -> bytes:
    return struct.pack("<HIH", rid, 2, value)


def _u32(rid: int, value: int) -> bytes:
    return struct.pack("<HII", rid, 4, value)


def _mbcs(text: str) -> bytes:
    return text.encode(ENCODING)


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _dir_stream(modules: list[Module]) -> bytes:
    info = b"".join([
        _u32(0x0001, 0x00000001),                     # PROJECTSYSKIND: 32-bit Windows
        _u32(0x0002, 0x0409),                         # PROJECTLCID
        _u32(0x0014, 0x0409),                         # PROJECTLCIDINVOKE
        _u16(0x0003, CODEPAGE),                       # PROJECTCODEPAGE
        _record(0x0004, _mbcs(PROJECT_NAME)),         # PROJECTNAME
        _record(0x0005, b"") + _record(0x0040, b""),  # PROJECTDOCSTRING
        _record(0x0006, b"") + _record(0x003D, b""),  # PROJECTHELPFILEPATH
        _u32(0x0007, 0),                              # PROJECTHELPCONTEXT
        _u32(0x0008, 0),                              # PROJECTLIBFLAGS
        struct.pack("<HIIH", 0x0009, 4, 1, 0),        # PROJECTVERSION
        _record(0x000C, b"") + _record(0x003C, b""),  # PROJECTCONSTANTS
    ])
    libid = _mbcs(STDOLE)
    references = (_record(0x0016, _mbcs("stdole")) + _record(0x003E, _utf16("stdole"))  # REFERENCENAME
                  + struct.pack("<HII", 0x000D, 4 + len(libid) + 6, len(libid))       # REFERENCEREGISTERED
                  + libid + struct.pack("<IH", 0, 0))
    body = [_u16(0x000F, len(modules)), _u16(0x0013, 0xFFFF)]
    for m in modules:
        body += [
            _record(0x0019, _mbcs(m.name)),                                     # MODULENAME
            _record(0x0047, _utf16(m.name)),                                    # MODULENAMEUNICODE
            _record(0x001A, _mbcs(m.name)) + _record(0x0032, _utf16(m.name)),   # MODULESTREAMNAME
            _record(0x001C, b"") + _record(0x0048, b""),                        # MODULEDOCSTRING
            _u32(0x0031, 0),                                                    # MODULEOFFSET
            _u32(0x001E, 0),                                                    # MODULEHELPCONTEXT
            _u16(0x002C, 0xFFFF),                                               # MODULECOOKIE
            struct.pack("<HI", 0x0022 if m.document else 0x0021, 0),           # MODULETYPE
            struct.pack("<HI", 0x002B, 0),                                      # terminator
        ]
    return info + references + b"".join(body) + struct.pack("<HI", 0x0010, 0)


# --- PROJECT and PROJECTwm (MS-OVBA 2.3.1, 2.3.3) --------------------------------------------


def _encrypt(data: bytes, seed: int = PROTECTION_SEED) -> str:
    """MS-OVBA 2.4.3.2 data encryption, as the hex text PROJECT stores."""
    version, key = 2, sum(ord(c) for c in PROJECT_ID) & 0xFF
    out = [seed, version ^ seed, key ^ seed]
    unencrypted_1, encrypted_1, encrypted_2 = key, key ^ seed, version ^ seed
    ignored = (seed & 6) // 2
    for _ in range(ignored):
        temp = 0
        byte = temp ^ ((unencrypted_1 + encrypted_2) & 0xFF)
        out.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte, temp
    for plain in struct.pack("<I", len(data)) + data:
        byte = plain ^ ((unencrypted_1 + encrypted_2) & 0xFF)
        out.append(byte)
        encrypted_2, encrypted_1, unencrypted_1 = encrypted_1, byte, plain
    return bytes(out).hex().upper()


def _project_stream(modules: list[Module]) -> bytes:
    lines = [f'ID="{PROJECT_ID}"']
    lines += [f"Document={m.name}/&H00000000" if m.document else f"Module={m.name}" for m in modules]
    lines += [f'Name="{PROJECT_NAME}"', 'HelpContextID="0"', 'VersionCompatible32="393222000"',
              f'CMG="{_encrypt(UNPROTECTED)}"', f'DPB="{_encrypt(NO_PASSWORD)}"', f'GC="{_encrypt(VISIBLE)}"',
              "", "[Host Extender Info]",
              "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000", "", "[Workspace]"]
    lines += [f"{m.name}=0, 0, 0, 0, C" for m in modules]
    return ("\r\n".join(lines) + "\r\n").encode(ENCODING)


def _project_wm(modules: list[Module]) -> bytes:
    return b"".join(_mbcs(m.name) + b"\x00" + _utf16(m.name) + b"\x00\x00" for m in modules) + b"\x00\x00"


# --- the compound file --------------------------------------------------------------------


@contextlib.contextmanager
def _inside(folder: str) -> Iterator[None]:
    """ms_cfb writes scratch files into the working directory: give it a fresh one."""
    previous = os.getcwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


def build_vba_project(sheet_code_names: list[str]) -> bytes:
    """The bytes of xl/vbaProject.bin: document modules for the workbook and each sheet,
    then the standard modules from the .bas sources."""
    modules = document_modules(sheet_code_names) + standard_modules()
    streams = {m.name: compress(m.text()) for m in modules}
    streams["dir"] = compress(_dir_stream(modules))
    streams["_VBA_PROJECT"] = b"\xcc\x61\xff\xff\x00\x00\x00"
    with tempfile.TemporaryDirectory() as tmp, _inside(tmp):
        root = RootDirectory()
        storage = StorageDirectory("VBA")
        for i, (name, data) in enumerate(streams.items()):
            path = f"s{i}.bin"
            Path(path).write_bytes(data)
            storage.add_directory(StreamDirectory(name, path))
        root.add_directory(storage)
        for name, data in (("PROJECTwm", _project_wm(modules)), ("PROJECT", _project_stream(modules))):
            path = f"{name}.bin"
            Path(path).write_bytes(data)
            root.add_directory(StreamDirectory(name, path))
        ole = OleFile()
        ole.root_directory = root
        ole.create_file("vbaProject.bin")
        return Path("vbaProject.bin").read_bytes()
