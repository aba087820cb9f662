"""MS-OVBA compression (MS-OVBA 2.4.1), the run-length scheme of VBA module and dir streams.

Written from the specification; tests check it against oletools' decompressor.
A container is the signature byte 0x01 and a chunk per 4096 bytes of input; a
chunk is a header and token sequences: a flag byte and eight tokens, each a
literal byte or a copy token (offset, length) into the chunk's earlier output.
"""

from __future__ import annotations

import struct

CHUNK = 4096


def _copy_token_layout(difference: int) -> tuple[int, int]:
    """Bits for the offset and the largest length, for a position `difference` into the chunk."""
    bit_count = max((difference - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + 3


def _compress_chunk(data: bytes) -> bytes:
    out = bytearray()
    position = 0
    starts: dict[bytes, list[int]] = {}
    while position < len(data):
        flags = 0
        tokens = bytearray()
        for bit in range(8):
            if position >= len(data):
                break
            bit_count, max_length = _copy_token_layout(position) if position else (4, 0)
            best_length, best_offset = 0, 0
            for start in reversed(starts.get(data[position:position + 3], ())):
                offset = position - start
                if offset > (1 << bit_count):
                    break
                length = 0
                limit = min(max_length, len(data) - position)
                while length < limit and data[start + length] == data[position + length]:
                    length += 1
                if length > best_length:
                    best_length, best_offset = length, offset
                    if length == limit:
                        break
            if best_length >= 3:
                token = ((best_offset - 1) << (16 - bit_count)) | (best_length - 3)
                tokens += struct.pack("<H", token)
                flags |= 1 << bit
                step = best_length
            else:
                tokens.append(data[position])
                step = 1
            for p in range(position, position + step):
                starts.setdefault(data[p:p + 3], []).append(p)
            position += step
        out.append(flags)
        out += tokens
    if len(out) > CHUNK:  # incompressible: a raw chunk of exactly 4096 bytes
        return struct.pack("<H", 0x3000 | (CHUNK - 1)) + data.ljust(CHUNK, b"\x00")
    return struct.pack("<H", 0xB000 | (len(out) + 2 - 3)) + bytes(out)


def compress(data: bytes) -> bytes:
    """The compressed container for `data`."""
    chunks = [_compress_chunk(data[i:i + CHUNK]) for i in range(0, len(data), CHUNK)]
    return b"\x01" + b"".join(chunks)
