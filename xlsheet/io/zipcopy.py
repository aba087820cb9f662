"""Copying a zip member from one archive to another without inflating and deflating it.

The member's compressed bytes, CRC and sizes go across unchanged, so the copy is
byte-for-byte the part it was, at the cost of a file read. Encrypted members and
anything unusual take the ordinary path (read, then write).
"""

from __future__ import annotations

import copy
import struct
import zipfile

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_ENCRYPTED, _DESCRIPTOR = 0x1, 0x8


def copy_member(src: zipfile.ZipFile, info: zipfile.ZipInfo, dst: zipfile.ZipFile) -> None:
    """Append `info` of `src` to `dst` (opened for writing), compressed bytes as they are."""
    if info.flag_bits & _ENCRYPTED or src.fp is None or dst.fp is None:
        dst.writestr(info, src.read(info))
        return
    src.fp.seek(info.header_offset)
    header = _LOCAL_HEADER.unpack(src.fp.read(_LOCAL_HEADER.size))
    if header[0] != b"PK\x03\x04":
        dst.writestr(info, src.read(info))
        return
    name_length, extra_length = header[-2], header[-1]
    src.fp.seek(info.header_offset + _LOCAL_HEADER.size + name_length + extra_length)
    raw = src.fp.read(info.compress_size)
    member = copy.copy(info)
    member.flag_bits &= ~_DESCRIPTOR
    member.header_offset = dst.fp.tell()
    dst.fp.write(member.FileHeader())
    dst.fp.write(raw)
    dst.filelist.append(member)
    dst.NameToInfo[member.filename] = member
    dst.start_dir = dst.fp.tell()
    dst._didModify = True
