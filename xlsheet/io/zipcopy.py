"""Writing zip members from compressed bytes: copied from another archive, or packed ahead.

A copied member's compressed bytes, CRC and sizes go across unchanged, so the copy is
byte-for-byte the part it was, at the cost of a file read. Encrypted members and
anything unusual take the ordinary path (read, then write). A packed member was
deflated earlier (pack), while the rest of the package was being made.
"""

from __future__ import annotations

import copy
import struct
import zipfile
import zlib
from collections.abc import Iterable

_LOCAL_HEADER = struct.Struct("<4s5H3L2H")
_ENCRYPTED, _DESCRIPTOR = 0x1, 0x8
_PACKED = struct.Struct("<IQ")  # CRC-32, uncompressed size


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
    append_raw(dst, info, raw, info.CRC, info.file_size)


def pack(pieces: Iterable[bytes], level: int) -> bytes:
    """The bytes of `pieces` deflated at `level` as a zip member's content, behind its CRC-32
    and size (see append_packed). Pieces are compressed as they come, so the whole
    uncompressed part never has to be in memory."""
    deflate = zlib.compressobj(level, zlib.DEFLATED, -15)
    out = []
    crc = size = 0
    for piece in pieces:
        crc = zlib.crc32(piece, crc)
        size += len(piece)
        out.append(deflate.compress(piece))
    out.append(deflate.flush(zlib.Z_FINISH))
    return _PACKED.pack(crc, size) + b"".join(out)


def append_packed(dst: zipfile.ZipFile, info: zipfile.ZipInfo, packed: bytes) -> None:
    """Append `info` to `dst` (opened for writing) with the content `pack` made."""
    crc, size = _PACKED.unpack_from(packed)
    member = copy.copy(info)
    member.compress_type = zipfile.ZIP_DEFLATED
    append_raw(dst, member, memoryview(packed)[_PACKED.size:], crc, size)


def append_raw(dst: zipfile.ZipFile, info: zipfile.ZipInfo, raw: bytes | memoryview, crc: int, size: int) -> None:
    """Append a member whose compressed bytes are `raw`, as ZipFile.writestr would lay it out."""
    if dst.fp is None:
        raise ValueError("the archive is closed")
    member = copy.copy(info)
    member.flag_bits &= ~_DESCRIPTOR
    member.CRC, member.compress_size, member.file_size = crc, len(raw), size
    member.header_offset = dst.fp.tell()
    dst.fp.write(member.FileHeader())
    dst.fp.write(raw)
    dst.filelist.append(member)
    dst.NameToInfo[member.filename] = member
    dst.start_dir = dst.fp.tell()
    dst._didModify = True
