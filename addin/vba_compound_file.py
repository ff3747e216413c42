"""A minimal MS-CFB (compound file, "OLE") writer for ``vbaProject.bin``.

Writes a version 3 file (512-byte sectors, MS-CFB 2.2) holding storages and streams given as
a nested dict, with every timestamp and CLSID zero so the same input gives the same bytes.
Streams under 4096 bytes live in the mini stream (64-byte sectors, 2.1); the directory of each
storage is a red-black tree ordered by name length, then by upper-cased name (2.6.4).

Only writing, and only what a VBA project needs: at most 109 FAT sectors (about 7 MB; no DIFAT
sectors), no version 4, no user CLSIDs. ``olefile`` reads such files but cannot create them, and
the PyPI writers looked at (``ms-cfb`` 0.0.6) write scratch files into the working directory;
see ``docs/dependencies.md``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Union

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096

_FREESECT = 0xFFFFFFFF
_ENDOFCHAIN = 0xFFFFFFFE
_FATSECT = 0xFFFFFFFD
_NOSTREAM = 0xFFFFFFFF
_HEADER_DIFAT = 109
_STORAGE, _STREAM, _ROOT = 1, 2, 5
_RED, _BLACK = 0, 1

#: A storage: child name → stream bytes or a nested storage.
Storage = dict[str, Union[bytes, "Storage"]]


@dataclass
class _Entry:
    """One directory entry (MS-CFB 2.6.1) before it is packed."""

    name: str
    kind: int
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    left: int = _NOSTREAM
    right: int = _NOSTREAM
    child: int = _NOSTREAM
    color: int = _BLACK
    start: int = _ENDOFCHAIN
    size: int = 0


def _order(name: str) -> tuple[int, str]:
    """Sort key of sibling names: shorter first, then by upper-case code points (2.6.4)."""
    return len(name), name.upper()


def _flatten(name: str, node: bytes | Storage, kind: int, entries: list[_Entry]) -> int:
    """Append ``node`` and its subtree to ``entries``; return its directory index."""
    entry = _Entry(name, kind, node if isinstance(node, bytes) else b"")
    if kind == _STORAGE:  # a storage's Starting Sector Location MUST be 0 (MS-CFB 2.6.1, 2.6.3)
        entry.start = 0
    entries.append(entry)
    index = len(entries) - 1
    if isinstance(node, dict):
        children = [_flatten(child, value, _STREAM if isinstance(value, bytes) else _STORAGE,
                             entries)
                    for child, value in sorted(node.items(), key=lambda item: _order(item[0]))]
        entry.child = _tree(children, entries, 0, _depth(len(children)))
    return index


def _depth(count: int) -> int:
    """Depth of the deepest level of a balanced tree of ``count`` nodes (root at 0)."""
    return max(count.bit_length() - 1, 0)


def _tree(indexes: list[int], entries: list[_Entry], depth: int, deepest: int) -> int:
    """Link sorted siblings into a balanced binary search tree; return the root's index.

    Colouring makes it a red-black tree (2.6.4 requires one): every node above the deepest
    level is black and the deepest level is red, so each path from the root down to an empty
    child passes the same number of black nodes and no red node has a red child. The root is
    black (a one-level tree is all black).
    """
    if not indexes:
        return _NOSTREAM
    middle = len(indexes) // 2
    node = entries[indexes[middle]]
    node.color = _RED if depth == deepest and depth > 0 else _BLACK
    node.left = _tree(indexes[:middle], entries, depth + 1, deepest)
    node.right = _tree(indexes[middle + 1:], entries, depth + 1, deepest)
    return indexes[middle]


def _sectors(size: int, unit: int) -> int:
    """Sectors of ``unit`` bytes that ``size`` bytes occupy."""
    return -(-size // unit)


def _chain(fat: list[int], start: int, count: int) -> None:
    """Record a chain of ``count`` consecutive sectors from ``start`` in ``fat``."""
    for sector in range(start, start + count):
        fat[sector] = sector + 1 if sector + 1 < start + count else _ENDOFCHAIN


def _pad(data: bytes, unit: int) -> bytes:
    """``data`` padded with zeros to a whole number of ``unit``-byte sectors."""
    return data + b"\0" * (-len(data) % unit)


def _pack_entry(entry: _Entry | None) -> bytes:
    """One 128-byte directory entry (2.6.1); None is an unused entry."""
    if entry is None:
        return struct.pack("<64sHBBIII16sIQQIQ", b"", 0, 0, 0, _NOSTREAM, _NOSTREAM, _NOSTREAM,
                           b"", 0, 0, 0, 0, 0)
    name = entry.name.encode("utf-16-le")
    if len(name) > 62:
        raise ValueError(f"compound file names have at most 31 characters: {entry.name!r}")
    return struct.pack("<64sHBBIII16sIQQIQ", name, len(name) + 2, entry.kind, entry.color,
                       entry.left, entry.right, entry.child, bytes(16), 0, 0, 0,
                       entry.start, entry.size)


def write(root: Storage) -> bytes:
    """A compound file holding ``root`` (stream name → bytes, storage name → nested dict).

    Layout: header, FAT sectors, directory sectors, mini FAT sectors, mini stream, then the
    large streams, each in consecutive sectors.
    """
    entries: list[_Entry] = []
    _flatten("Root Entry", root, _ROOT, entries)
    streams = [entry for entry in entries if entry.kind == _STREAM]
    small = [entry for entry in streams if len(entry.data) < MINI_CUTOFF]
    large = [entry for entry in streams if len(entry.data) >= MINI_CUTOFF]

    mini_stream, mini_fat = b"", []
    for entry in small:
        entry.size = len(entry.data)
        if entry.data:
            entry.start = len(mini_stream) // MINI_SECTOR
            count = _sectors(entry.size, MINI_SECTOR)
            mini_fat += [0] * count
            _chain(mini_fat, entry.start, count)
            mini_stream += _pad(entry.data, MINI_SECTOR)
    directory_sectors = _sectors(len(entries) * 128, SECTOR)
    mini_fat_sectors = _sectors(len(mini_fat) * 4, SECTOR)
    mini_stream_sectors = _sectors(len(mini_stream), SECTOR)
    large_sectors = sum(_sectors(len(entry.data), SECTOR) for entry in large)
    body = directory_sectors + mini_fat_sectors + mini_stream_sectors + large_sectors
    fat_sectors = 1
    while fat_sectors * SECTOR // 4 < fat_sectors + body:
        fat_sectors += 1
    if fat_sectors > _HEADER_DIFAT:
        raise ValueError("the compound file is too large for a writer without DIFAT sectors")

    fat = [_FREESECT] * (fat_sectors * SECTOR // 4)
    fat[:fat_sectors] = [_FATSECT] * fat_sectors
    next_sector = fat_sectors

    def allocate(count: int) -> int:
        nonlocal next_sector
        start = next_sector
        if count:
            _chain(fat, start, count)
        next_sector += count
        return start if count else _ENDOFCHAIN

    directory_start = allocate(directory_sectors)
    mini_fat_start = allocate(mini_fat_sectors)
    root_entry = entries[0]
    root_entry.start, root_entry.size = allocate(mini_stream_sectors), len(mini_stream)
    for entry in large:
        entry.size = len(entry.data)
        entry.start = allocate(_sectors(entry.size, SECTOR))

    difat = list(range(fat_sectors)) + [_FREESECT] * (_HEADER_DIFAT - fat_sectors)
    header = struct.pack("<8s16sHHHHH6sIIIIIIIII", bytes.fromhex("d0cf11e0a1b11ae1"),
                         bytes(16), 0x003E, 0x0003, 0xFFFE, 9, 6, bytes(6), 0, fat_sectors,
                         directory_start, 0, MINI_CUTOFF, mini_fat_start, mini_fat_sectors,
                         _ENDOFCHAIN, 0)
    header += struct.pack(f"<{_HEADER_DIFAT}I", *difat)
    directory = b"".join(map(_pack_entry, entries))
    directory += _pack_entry(None) * (directory_sectors * SECTOR // 128 - len(entries))
    mini_fat += [_FREESECT] * (mini_fat_sectors * SECTOR // 4 - len(mini_fat))
    parts = [header, struct.pack(f"<{len(fat)}I", *fat), directory,
             struct.pack(f"<{len(mini_fat)}I", *mini_fat), _pad(mini_stream, SECTOR)]
    parts += [_pad(entry.data, SECTOR) for entry in large]
    return b"".join(parts)
