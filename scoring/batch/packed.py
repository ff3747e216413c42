"""Objects kept pickled and compressed while a batch holds many of them (issue #13).

The master data of a thousand units is some 100,000 rows; validated, a thousand units each with
its own framework. Held as Python objects they cost several times their pickled size, and a
forked worker inherits whatever its parent holds. So the master reader keeps the rows of each
sheet in compressed blocks (:class:`PackedRows`), groups the rows of each unit as compressed
pieces (:class:`PackedGroups`), and a fill's main process keeps each unit as a
:class:`~scoring.batch.records.Parcel` whose bytes wait in a spool file (:class:`Spool`); each
is opened where it is used, one at a time.

Only what this program itself pickled is ever unpickled here: nothing read from a user's file
is (a spool file lies in a temporary folder only this user may open, and only this run writes it).
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import weakref
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, Generic, TypeVar, overload

#: zlib level: the fastest; pickled rows of text still shrink about fourfold.
COMPRESSION = 1
#: Rows per block of :class:`PackedRows`.
BLOCK_ROWS = 256
#: Items of :class:`PackedGroups` that wait unpacked before all waiting groups are packed.
PENDING_ITEMS = 4096

Item = TypeVar("Item")


def pack(value: Any) -> bytes:
    """``value`` pickled and compressed."""
    return zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), COMPRESSION)


def unpack(data: bytes) -> Any:
    """What :func:`pack` packed (a new object each time)."""
    return pickle.loads(zlib.decompress(data))


class PackedRows(Sequence[Item]):
    """A sequence kept in compressed blocks of :data:`BLOCK_ROWS` items, appended one at a
    time (:meth:`append`): iterating opens one block at a time; indexing opens the item's
    block."""

    def __init__(self) -> None:
        self._blocks: list[bytes] = []
        self._pending: list[Item] = []

    def append(self, item: Item) -> None:
        """Add ``item`` at the end."""
        self._pending.append(item)
        if len(self._pending) == BLOCK_ROWS:
            self._blocks.append(pack(self._pending))
            self._pending = []

    def __len__(self) -> int:
        return len(self._blocks) * BLOCK_ROWS + len(self._pending)

    def __iter__(self) -> Iterator[Item]:
        for block in self._blocks:
            yield from unpack(block)
        yield from list(self._pending)

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self[position] for position in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        block, offset = divmod(index, BLOCK_ROWS)
        if block == len(self._blocks):
            return self._pending[offset]
        items: list[Item] = unpack(self._blocks[block])
        return items[offset]


class PackedGroups(Generic[Item]):
    """Items grouped by key, each group kept as compressed pieces. Items wait unpacked, per
    key, until :data:`PENDING_ITEMS` of them wait in all; then every waiting group is packed,
    each as one piece. So the unpacked items stay few however the keys interleave (the rows of
    a sheet sorted by 指标编码 alternate between units), and a group is a few pieces. Call
    :meth:`close` after the last :meth:`add`; :meth:`pop` gives a group back in the order its
    items were added."""

    def __init__(self) -> None:
        self._pieces: dict[Hashable, list[bytes]] = defaultdict(list)
        self._pending: dict[Hashable, list[Item]] = defaultdict(list)
        self._waiting = 0

    def add(self, key: Hashable, item: Item) -> None:
        """Add ``item`` to the group ``key``."""
        self._pending[key].append(item)
        self._waiting += 1
        if self._waiting >= PENDING_ITEMS:
            self.close()

    def close(self) -> None:
        """Pack the items not packed yet."""
        for key, items in self._pending.items():
            self._pieces[key].append(pack(items))
        self._pending.clear()
        self._waiting = 0

    def __contains__(self, key: Hashable) -> bool:
        return key in self._pieces or key in self._pending

    def pop(self, key: Hashable) -> list[Item] | None:
        """The items of ``key`` (None when it has none), forgotten here."""
        pieces = self._pieces.pop(key, None)
        waiting = self._pending.pop(key, None)
        if pieces is None and waiting is None:
            return None
        if waiting:
            self._waiting -= len(waiting)
        return [item for piece in pieces or () for item in unpack(piece)] + (waiting or [])


#: Spool files this process holds open (path → descriptor), inherited by the processes it forks:
#: a forked worker reads its units through the descriptor, so the file need not stay in its
#: folder (:meth:`Spool.seal`). Empty where there is no ``os.pread`` (Windows): files are opened
#: by path there.
_OPEN_SPOOLS: dict[str, int] = {}


class SpoolError(OSError):
    """A spool file that cannot be written (a full disk, a folder made read-only): raised by
    :class:`SpoolWriter` with the system's error number, so it says why in Chinese as any
    :class:`OSError` does (:func:`scoring.workbook.safety.os_error_message`)."""


@dataclass(frozen=True)
class Spooled:
    """Where one packed item's bytes lie in a spool file (:class:`SpoolWriter`).

    Attributes:
        path: The spool file.
        offset, size: Where the bytes lie in it.
        owner: The :class:`Spool`, kept alive as long as this is (never pickled: a worker that
            receives this is the spool's process or forked from it, and reads by ``path``).
    """

    path: str
    offset: int
    size: int
    owner: Spool | None = field(default=None, compare=False, repr=False)

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path, "offset": self.offset, "size": self.size, "owner": None}

    def read(self) -> bytes:
        """The item's bytes: through the descriptor this process holds or inherited, else from
        the file by its path.

        Raises:
            OSError: When the file is gone or shorter than it was written (an internal error:
                the spool outlives every reader).
        """
        handle = _OPEN_SPOOLS.get(self.path)
        if handle is not None:
            data = os.pread(handle, self.size, self.offset)
        else:
            with open(self.path, "rb") as file:
                file.seek(self.offset)
                data = file.read(self.size)
        if len(data) != self.size:
            raise OSError(f"spool file {self.path} ends before byte {self.offset + self.size}")
        return data


@contextmanager
def _spool_errors(path: str) -> Iterator[None]:
    """An :class:`OSError` of writing the spool file ``path`` as a :class:`SpoolError`."""
    try:
        yield
    except OSError as exc:
        raise SpoolError(exc.errno, exc.strerror, path) from exc


class SpoolWriter:
    """Appends packed items to a spool file and says where each lies (:meth:`put`); used as a
    context manager, so the file is complete (flushed and closed) when the block ends. A file
    that cannot be written raises :class:`SpoolError` (and only this class does)."""

    def __init__(self, path: str) -> None:
        self.path = path
        with _spool_errors(path):
            self._file = open(path, "ab")
            self._offset = self._file.tell()

    def put(self, data: bytes) -> Spooled:
        """Append ``data``; where it lies."""
        with _spool_errors(self.path):
            self._file.write(data)
        where = Spooled(self.path, self._offset, len(data))
        self._offset += len(data)
        return where

    def __enter__(self) -> SpoolWriter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        try:
            with _spool_errors(self.path):
                self._file.close()  # the buffer's last bytes are written here
        except SpoolError:
            if error is None:
                raise


class Spool:
    """An empty spool file in a private temporary folder (only this user may open it), removed
    with the folder when this object is garbage collected or the program ends, by the process
    that made it only (a forked worker that inherits the object never removes it). Keep it as
    long as its items are read: each :class:`Spooled` that names it as ``owner`` does.

    Why (issue #13): a fill's main process held every unit's parcel, a few KB each, and so grew
    by some 4.5 MB per 1,000 units with its master data; with the bytes in a file it holds only
    the parcels' names. The master data's reader (another process) writes the file
    (:class:`SpoolWriter` on :attr:`path`), the fill's workers read their units from it.

    Raises:
        OSError: When no temporary folder can be made or written. An error making the spool's
            own folder names no file: the folder it was to be made in, the temporary folder,
            is at fault, and :func:`scoring.workbook.files.temporary_file_error` locates that.
    """

    def __init__(self) -> None:
        try:
            folder = tempfile.mkdtemp(prefix="perfscore-")
        except OSError as exc:
            raise OSError(exc.errno, exc.strerror) from exc
        self.path = os.path.join(folder, "parcels.bin")
        weakref.finalize(self, _remove, folder, self.path, os.getpid())
        if hasattr(os, "pread"):
            flags = os.O_RDONLY | os.O_CREAT | os.O_EXCL
            _OPEN_SPOOLS[self.path] = os.open(self.path, flags, 0o600)
        else:
            with open(self.path, "xb"):
                pass

    def seal(self) -> None:
        """Take the file out of its folder and remove the folder, once it is written: the items
        are then read through the descriptor this process holds, here and in the processes it
        forks from now on (so call it only where the readers are forked). Whatever ends the
        run from here on, killed or not, leaves nothing in the temporary folder."""
        if self.path not in _OPEN_SPOOLS:
            raise RuntimeError("a spool is sealed only where it is held open (os.pread)")
        os.unlink(self.path)
        os.rmdir(os.path.dirname(self.path))


def _remove(folder: str, path: str, owner: int) -> None:
    if os.getpid() == owner:
        handle = _OPEN_SPOOLS.pop(path, None)
        if handle is not None:
            os.close(handle)
        shutil.rmtree(folder, ignore_errors=True)
