"""Read a worksheet of a checked workbook a slice of rows at a time.

python-calamine turns a whole sheet into one grid before it hands over any row: the indicator
sheet of a master file of 3,000 units (150,000 rows, 68 MB of XML) became a grid of some 70 MB,
held until its last row was read, so the memory of ``perfscore fill`` grew with the number of
units. :meth:`Sheets.rows` cuts the sheet's XML at row boundaries into pieces of about
:data:`SLICE_BYTES` and gives python-calamine one small package per piece (the file's own
workbook, relationship, style and shared-string parts, and the piece as the sheet), so the grid
it builds is one piece's. python-calamine still reads every cell; only how many rows it holds at
once changes.

The part is read twice. The first pass (:class:`_Plan`) decides, before any row is given, that
the part can be cut and where: it must be well-formed XML (checked with expat, without handlers:
python-calamine's parser, quick-xml, reads some malformed markup — a ``<`` inside an attribute
value, ``</x</row>`` — otherwise than a byte-level search would, and every parser reads
well-formed XML alike) and plain sheet XML — an unprefixed ``<worksheet>`` root,
``sheetData`` named exactly twice (its start and end tags), no comment, CDATA section, document
type or processing instruction after the root (so every ``</row>`` in it is an end tag and
nothing hides a tag) — and a piece ends only after a ``</row>`` whose next tag is a ``<row``
with an ``r`` attribute of digits (python-calamine numbers a row without one after the row
before it, which a new piece would not know) and where no element is left open (``<`` and
``>`` counted alike, start and end tags cancelling since ``<sheetData>``: never inside a cell). A part that is not plain or offers no cut is
read whole from the file, as before; so is one that is also the workbook's style,
shared-string or workbook part (each piece's package carries those). A part no larger than a
piece is one piece: itself, in the small package. The second pass cuts at the offsets the
first one chose.

The file must have passed :func:`.safety.inspect_workbook_bytes` (its :class:`.safety.FileFacts`
say which part is which sheet).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any
from xml.parsers import expat

from ..errors import WorkbookFileError
from .safety import CALAMINE_PARTS, SHARED_STRINGS, FileFacts, part_key

#: Bytes of sheet XML per piece: about 15,000 cells of the product's master file. A piece is
#: held about six times over while it is read (its XML, its package, python-calamine's copy of
#: the package, its grid and the grid's Python values). A file whose shared strings are larger
#: has pieces as large as its shared strings, which python-calamine reads again for every piece.
SLICE_BYTES = 2 * 1024 * 1024
#: Bytes inflated at a time.
_CHUNK = 256 * 1024
#: Bytes of a sheet part looked at for its ``<sheetData>`` (Excel writes a few hundred before
#: it; thousands of column widths take some 100 KB).
_HEAD_BYTES = 1024 * 1024
#: Longest ``<row …>`` start tag a piece may begin with (Excel's are under 200 bytes); a longer
#: one is no place to cut, and the search goes on after it.
_ROW_TAG_BYTES = 4096
#: The first element of a part (its root) and the start tag of its rows.
_ROOT = re.compile(rb"<([^?!][^\s>/]*)")
_SHEET_DATA = re.compile(rb"<sheetData(?:\s+[^\s=>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s*>")
#: What may come before the root: a byte-order mark, an XML declaration, blanks.
_PROLOG = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^<>]*\?>)?\s*")
_ROW_END = b"</row>"
#: A ``<row`` start tag (after blanks) whose attributes, walked one by one, include ``r`` with
#: digits: ``<row spans="1:8" r="12">``, not ``<row ht="1 r=2">`` nor ``<row x:r="2">``.
_NUMBERED_ROW = re.compile(
    rb"\s*<row(?:\s+(?!r\s*=)[^\s=>]+\s*=\s*(?:\"[^\"]*\"|'[^']*'))*\s+r\s*=\s*(?:\"\d+\"|'\d+')")
#: What closes a piece other than the last (which ends as the part does).
_CLOSE = b"</sheetData></worksheet>"


class Sheets:
    """The sheets of one checked workbook file, each read a slice of rows at a time (see the
    module docstring). The parts every piece's package carries are inflated once per file.

    Args:
        data: The workbook file's bytes, checked by :func:`.safety.inspect_workbook_bytes`.
        facts: What that check found.
    """

    def __init__(self, data: bytes, facts: FileFacts) -> None:
        self.data = data
        self.facts = facts
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            self.base = {info.filename: archive.read(info) for info in archive.infolist()
                         if part_key(info.filename) in CALAMINE_PARTS}
        #: Bytes of the shared strings, which python-calamine reads again for every piece.
        self.strings = sum(len(content) for name, content in self.base.items()
                           if part_key(name) == SHARED_STRINGS)

    def rows(self, sheet: str, slice_bytes: int | None = None) -> Iterator[list[Any]]:
        """The rows of ``sheet`` from row 1, each a list of its values from column A, as
        python-calamine reads them; a slice of rows at a time.

        Args:
            sheet: The sheet's name (one of ``facts.sheet_parts``).
            slice_bytes: Bytes of sheet XML per piece at least (:data:`SLICE_BYTES` when
                None; no fewer than the shared strings').

        Raises:
            WorkbookFileError: PS-W002 the sheet has no part, or its rows are numbered out of
                order across pieces (a row numbered back within one piece is put in place by
                python-calamine, as when the sheet is read whole). python-calamine's own errors
                (a damaged piece) pass through.
        """
        part = self.facts.sheet_parts.get(sheet)
        if part is None:
            raise WorkbookFileError(f"工作表“{sheet}”的内容部件缺失，文件不完整或已损坏", code="PS-W002",
                                    file=self.facts.file, sheet=sheet)
        step = max(SLICE_BYTES if slice_bytes is None else slice_bytes, self.strings)
        next_row = 1
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            grids: Iterable[Any]
            if part_key(part) in CALAMINE_PARTS:
                grids = [_grid(self.data, sheet)]  # whole, from the file itself
            elif archive.getinfo(part).file_size <= step:  # one piece: the part as it is
                grids = [_grid(_package(self.base, part, archive.read(part)), sheet)]
            else:
                with archive.open(part) as stream:
                    plan = _Plan.of(stream, step)
                grids = [_grid(self.data, sheet)] if plan is None else (
                    _grid(_package(self.base, part, piece), sheet)
                    for piece in plan.pieces(archive, part))
            for grid in grids:
                if grid.start is None:
                    continue  # a piece without values
                first, left = grid.start
                if first + 1 < next_row:
                    raise WorkbookFileError(
                        f"工作表“{sheet}”的第 {first + 1} 行出现在第 {next_row - 1} 行之后（行的顺序错乱，"
                        "Excel 和 WPS 不会这样保存），请在 Excel 中打开后另存为 .xlsx 再试",
                        code="PS-W002", file=self.facts.file, sheet=sheet, row=first + 1)
                while next_row <= first:
                    yield []
                    next_row += 1
                padding = [""] * left
                for row in grid.to_python(skip_empty_area=True):
                    yield padding + row if left else row
                    next_row += 1


def _grid(package: bytes, sheet: str) -> Any:
    """python-calamine's grid of ``sheet`` in a workbook package's bytes."""
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(package)).get_sheet_by_name(sheet)


class _Plan:
    """Where a plain sheet part is cut: its head (up to and with ``<sheetData …>``) and the
    offsets, in the part, after which pieces end (see the module docstring)."""

    def __init__(self, head: bytes, cuts: list[int]) -> None:
        self.head = head
        self.cuts = cuts

    @classmethod
    def of(cls, stream: IO[bytes], step: int) -> "_Plan | None":
        """The plan of the part ``stream`` inflates (read to its end), or None when it is not
        plain or offers no cut."""
        buffer = bytearray()  # the part from offset ``start`` on
        start = 0
        checker = expat.ParserCreate()  # well-formed XML is tokenized alike by every parser
        head: bytes | None = None
        end: int | None = None  # where ``</sheetData`` is in the part, once seen
        cuts: list[int] = []
        target = 0  # where the next cut is looked for (an offset in the part)
        # Elements open since the head, and "<" less ">", over the part up to ``counted``: a cut
        # is a row's end only where both are 0 (no cell or other element left open).
        depth = balance = counted = 0

        def tally(position: int) -> None:
            nonlocal depth, balance, counted
            region = buffer[counted - start:position - start]
            opened, closing = region.count(b"<"), region.count(b"</")
            depth += opened - 2 * closing - region.count(b"/>")
            balance += opened - region.count(b">")
            counted = position

        while chunk := stream.read(_CHUNK):
            new = len(buffer)  # where this chunk starts in ``buffer``
            buffer += chunk
            try:
                checker.Parse(chunk, False)
            except expat.ExpatError:
                return None
            if head is None:
                head = _head(buffer)
                if head is None:
                    if len(buffer) > _HEAD_BYTES or _SHEET_DATA.search(buffer):
                        return None  # no head within reach, or not a plain one
                    continue
                new, target, counted = len(head), len(head) + step, len(head)
            # Looked for from a few bytes before the chunk, so that nothing is missed at the
            # boundary and no "sheetData" counted twice (it is longer than the overlap).
            first = max(new - 8, len(head) - start, 0)
            seen = buffer[first:]
            named = seen.find(b"sheetData")
            if named >= 0:  # the end tag, and the only "sheetData" after the head
                at = first + named
                if end is not None or buffer[at - 2:at] != b"</" or b"sheetData" in buffer[at + 9:]:
                    return None
                end = start + at
            if _hidden(seen):
                return None
            while True:
                cut, target = _next_cut(buffer, start, target)
                if cut is None:
                    break
                tally(cut)
                if depth == 0 and balance == 0:
                    cuts.append(cut)
                    target = cut + step
            keep = max(0, min(target - start, len(buffer) - 16))
            while keep and buffer[keep - 1] in b"</":
                keep -= 1  # never split "</" or "/>" between two tallies
            if start + keep > counted:
                tally(start + keep)
            del buffer[:keep]
            start += keep
        try:
            checker.Parse(b"", True)
        except expat.ExpatError:
            return None
        cuts = [cut for cut in cuts if end is not None and cut < end]  # rows after it are no rows
        if head is None or end is None or not cuts:
            return None
        return cls(head, cuts)

    def pieces(self, archive: zipfile.ZipFile, part: str) -> Iterator[bytes]:
        """The part's XML as complete documents: the head, rows up to each cut, then
        :data:`_CLOSE` (the last piece ends as the part does)."""
        with archive.open(part) as stream:
            stream.read(len(self.head))
            position = len(self.head)
            for cut in self.cuts:
                yield self.head + stream.read(cut - position) + _CLOSE
                position = cut
            yield self.head + stream.read()


def _head(buffer: bytearray) -> bytes | None:
    """The part up to and with its ``<sheetData …>`` tag, when ``buffer`` (the part's first
    bytes) reaches it and it is plain: an XML declaration at most, then an unprefixed
    ``<worksheet>`` root, with ``sheetData`` named once and nothing hidden before it."""
    found = _SHEET_DATA.search(buffer)
    if found is None:
        return None
    root = _ROOT.search(buffer, 0, found.end())
    if (root is None or root.group(1) != b"worksheet"
            or not _PROLOG.fullmatch(buffer, 0, root.start())
            or buffer.count(b"sheetData", 0, found.end()) != 1
            or _hidden(buffer[root.start():found.end()])):
        return None
    return bytes(buffer[:found.end()])


def _hidden(text: bytes | bytearray) -> bool:
    """Whether ``text`` has what could hide a tag or fake one: a comment, a CDATA section, a
    document type (``<!``) or a processing instruction (``<?``)."""
    return b"<!" in text or b"<?" in text


def _next_cut(buffer: bytearray, start: int, target: int) -> tuple[int | None, int]:
    """The first place at or after ``target`` (an offset in the part; ``buffer`` holds the
    part from ``start``) where a piece may end — after a ``</row>`` whose next tag is a
    numbered ``<row`` — and where to look next: (the cut, target) or (None, where to go on:
    the ``</row>`` whose next tag is not all read yet, or the end of what is read)."""
    at = buffer.find(_ROW_END, max(0, target - start))
    while at >= 0:
        end = at + len(_ROW_END)
        close = buffer.find(b">", end, end + _ROW_TAG_BYTES)
        if close < 0 and len(buffer) - end < _ROW_TAG_BYTES:
            return None, start + at  # its next tag is not all read yet
        if close >= 0 and _NUMBERED_ROW.match(buffer, end, close):
            return start + end, start + end
        at = buffer.find(_ROW_END, end)
    return None, start + max(target - start, len(buffer) - len(_ROW_END) + 1)


def _package(base: dict[str, bytes], part: str, piece: bytes) -> bytes:
    """A workbook package (stored, not compressed) of the base parts and ``piece`` as the sheet."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in base.items():
            archive.writestr(name, content)
        archive.writestr(part, piece)
    return buffer.getvalue()
