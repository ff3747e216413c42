"""MS-OVBA 2.4.1 compression: the run-length scheme of VBA source and ``dir`` streams.

A compressed container is the signature byte 0x01 followed by chunks, each holding up to 4096
bytes of the input (2.4.1.1.1). A chunk is a 16-bit header (size − 3 in bits 0–11, signature
0b011 in bits 12–14, "compressed" flag in bit 15; 2.4.1.1.5) and token sequences: a flag byte
whose bits say, from the lowest, whether each of up to eight tokens is a literal byte (0) or a
2-byte copy token (1) that repeats ``length`` bytes found ``offset`` bytes back in the same
chunk (2.4.1.1.8). How many bits of a copy token are the offset grows with the position in the
chunk (2.4.1.3.19.1 CopyToken Help).

Written here rather than taken from PyPI: ``ms-ovba-compression`` 1.0.1 computes the maximum
copy length as ``0xFFFF << bit_count + 3`` instead of ``(0xFFFF >> bit_count) + 3``, so a long
repeat late in a chunk overflows into the offset bits; see ``docs/dependencies.md``.
"""

from __future__ import annotations

import struct

#: Bytes of input per chunk (MS-OVBA 2.4.1.1.4).
CHUNK_SIZE = 4096

_SIGNATURE = 0x01
_CHUNK_SIGNATURE = 0b011 << 12
_COMPRESSED_FLAG = 0x8000
_MIN_MATCH = 3


def _copy_token_help(position: int) -> tuple[int, int]:
    """Bit count of the offset and the longest copy at ``position`` in a chunk (2.4.1.3.19.1)."""
    bit_count = max((position - 1).bit_length(), 4)
    return bit_count, (0xFFFF >> bit_count) + _MIN_MATCH


def _compress_chunk(chunk: bytes) -> bytes:
    """One chunk (2.4.1.3.7), the longest earlier match taken at each position (2.4.1.3.19.4).

    Candidates are found through a table of 3-byte prefixes, closest first; on equal lengths
    the closest wins, so the output depends only on the input.
    """
    out = bytearray()
    seen: dict[bytes, list[int]] = {}
    position = 0

    def remember(start: int, end: int) -> None:
        for index in range(start, min(end, len(chunk) - _MIN_MATCH + 1)):
            seen.setdefault(chunk[index:index + _MIN_MATCH], []).append(index)

    while position < len(chunk):
        flag_index = len(out)
        out.append(0)
        for bit in range(8):
            if position >= len(chunk):
                break
            bit_count, max_length = _copy_token_help(position)
            best_length, best_start = 0, 0
            for start in reversed(seen.get(chunk[position:position + _MIN_MATCH], ())):
                length = _MIN_MATCH
                limit = min(max_length, len(chunk) - position)
                while length < limit and chunk[start + length] == chunk[position + length]:
                    length += 1
                if length > best_length:
                    best_length, best_start = length, start
                    if length == limit:
                        break
            if best_length >= _MIN_MATCH:
                offset = position - best_start
                token = ((offset - 1) << (16 - bit_count)) | (best_length - _MIN_MATCH)
                out += struct.pack("<H", token)
                out[flag_index] |= 1 << bit
                remember(position, position + best_length)
                position += best_length
            else:
                out.append(chunk[position])
                remember(position, position + 1)
                position += 1
    if len(out) <= CHUNK_SIZE:
        return struct.pack("<H", _COMPRESSED_FLAG | _CHUNK_SIGNATURE | (len(out) + 2 - 3)) + out
    if len(chunk) == CHUNK_SIZE:  # a raw chunk holds exactly 4096 bytes (2.4.1.3.10)
        return struct.pack("<H", _CHUNK_SIGNATURE | (CHUNK_SIZE + 2 - 3)) + chunk
    raise ValueError("a short final chunk that does not compress cannot be stored "
                     "(MS-OVBA 2.4.1.3.10)")


def compress(data: bytes) -> bytes:
    """``data`` as an MS-OVBA CompressedContainer (2.4.1.3.6)."""
    chunks = (data[start:start + CHUNK_SIZE] for start in range(0, len(data), CHUNK_SIZE))
    return bytes([_SIGNATURE]) + b"".join(_compress_chunk(chunk) for chunk in chunks)


def decompress(container: bytes) -> bytes:
    """The bytes of an MS-OVBA CompressedContainer (2.4.1.3.1).

    Raises:
        ValueError: The signature or a chunk header is not as the spec requires.
    """
    if not container or container[0] != _SIGNATURE:
        raise ValueError("not an MS-OVBA compressed container (signature byte is not 0x01)")
    out = bytearray()
    index = 1
    while index < len(container):
        (header,) = struct.unpack_from("<H", container, index)
        if header & 0x7000 != _CHUNK_SIGNATURE:
            raise ValueError(f"chunk header {header:#06x} at byte {index} has a wrong signature")
        end = index + (header & 0x0FFF) + 3
        index += 2
        if not header & _COMPRESSED_FLAG:
            out += container[index:index + CHUNK_SIZE]
            index += CHUNK_SIZE
            continue
        chunk_start = len(out)
        while index < end:
            flags = container[index]
            index += 1
            for bit in range(8):
                if index >= end:
                    break
                if not flags & (1 << bit):
                    out.append(container[index])
                    index += 1
                    continue
                (token,) = struct.unpack_from("<H", container, index)
                index += 2
                bit_count, _ = _copy_token_help(len(out) - chunk_start)
                offset = (token >> (16 - bit_count)) + 1
                for _ in range((token & (0xFFFF >> bit_count)) + _MIN_MATCH):
                    out.append(out[-offset])
    return bytes(out)
