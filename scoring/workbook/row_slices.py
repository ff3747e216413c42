"""Read a worksheet of a checked workbook a slice of rows at a time.

python-calamine turns a whole sheet into one grid before it hands over any row: the indicator
sheet of a master file of 3,000 units (150,000 rows, 68 MB of XML) became a grid of some 70 MB,
held until its last row was read, so the memory of ``perfscore fill`` grew with the number of
units. :func:`sheet_rows` cuts the sheet's XML at row boundaries into pieces of about
:data:`SLICE_BYTES` and gives python-calamine one small package per piece (the file's own
workbook, relationship, style and shared-string parts, and the piece as the sheet), so the grid
it builds is one piece's. python-calamine still reads every cell; only how many rows it holds at
once changes.

A piece ends after a ``</row>`` followed by a ``<row`` that carries its number (``r="…"``):
python-calamine numbers a row without one after the row before it, which a new piece would not
know. A ``</row>`` that is no tag (inside a comment, a CDATA section or a processing
instruction — no spreadsheet program writes any in sheet data) leaves that construct unclosed in
its piece, which python-calamine refuses: a crafted file is refused, never read otherwise.
A sheet smaller than a piece, or whose rows carry no numbers, is one piece; one whose root or
``<sheetData>`` carries a namespace prefix (or that is not UTF-8) is read from the file as it is,
whole, as before.

The file must have passed :func:`.safety.inspect_workbook_bytes` (its :class:`.safety.FileFacts`
say which part is which sheet).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from typing import IO, Any

from ..errors import WorkbookFileError
from .safety import FileFacts, part_key

#: Bytes of sheet XML per piece: about 15,000 cells of the product's master file. A piece is
#: held about six times over while it is read (its XML, its package, python-calamine's copy of
#: the package, its grid and the grid's Python values). A file whose shared strings are larger
#: has pieces as large as its shared strings, which python-calamine reads again for every piece.
SLICE_BYTES = 2 * 1024 * 1024
#: Bytes inflated at a time while a sheet part is cut into pieces.
_CHUNK = 256 * 1024
#: Bytes of a sheet part looked at for its ``<sheetData>`` (Excel writes a few hundred before
#: it; thousands of column widths take some 100 KB).
_HEAD_BYTES = 1024 * 1024
#: Parts python-calamine reads besides the sheet (keys without case: it compares names so).
_BASE_PARTS = frozenset({"[content_types].xml", "_rels/.rels", "xl/workbook.xml",
                         "xl/_rels/workbook.xml.rels", "xl/styles.xml", "xl/sharedstrings.xml"})
_SHARED_STRINGS = "xl/sharedstrings.xml"
#: The first element of a sheet part (its root) and the start tag of its rows.
_ROOT = re.compile(rb"<([^?!][^\s>/]*)")
_SHEET_DATA = re.compile(rb"<sheetData(?:\s[^>]*)?>")
_ROW_END = b"</row>"
#: A row start tag carrying its number, where a piece may begin.
_NUMBERED_ROW = re.compile(rb"\s*<row\s[^>]*?\br\s*=")
#: ``</row>`` tags looked at, from the end of what has been read, for one whose next row is
#: numbered: a sheet without row numbers stays one piece instead of being searched over and over.
_CUT_TRIES = 64
#: What closes a piece other than the last (which ends as the part does).
_CLOSE = b"</sheetData></worksheet>"


def sheet_rows(data: bytes, facts: FileFacts, sheet: str,
               slice_bytes: int | None = None) -> Iterator[list[Any]]:
    """The rows of ``sheet`` from row 1, each a list of its values from column A, as
    python-calamine reads them; a slice of rows at a time (see the module docstring).

    Args:
        data: The workbook file's bytes, checked by :func:`.safety.inspect_workbook_bytes`.
        facts: What that check found.
        sheet: The sheet's name (one of ``facts.sheet_parts``).
        slice_bytes: Bytes of sheet XML per piece at least (:data:`SLICE_BYTES` when None).

    Raises:
        WorkbookFileError: PS-W002 the sheet has no part, or its rows are numbered out of order
            across pieces (a row numbered back within one piece is put in place by
            python-calamine, as when the sheet is read whole). python-calamine's own errors (a
            damaged piece) pass through.
    """
    part = facts.sheet_parts.get(sheet)
    if part is None:
        raise WorkbookFileError(f"工作表“{sheet}”的内容部件缺失，文件不完整或已损坏", code="PS-W002",
                                file=facts.file, sheet=sheet)
    next_row = 1
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(part) as stream:
        base = {info.filename: archive.read(info) for info in archive.infolist()
                if part_key(info.filename) in _BASE_PARTS and info.filename != part}
        strings = [len(content) for name, content in base.items()
                   if part_key(name) == _SHARED_STRINGS]
        step = max([SLICE_BYTES if slice_bytes is None else slice_bytes, *strings])
        head = _head(stream)
        grids: Iterable[Any] = [_grid(data, sheet)] if head is None else (
            _grid(_package(base, part, piece), sheet) for piece in _pieces(stream, step, *head))
        for grid in grids:
            if grid.start is None:
                continue  # a piece without values
            first, left = grid.start
            if first + 1 < next_row:
                raise WorkbookFileError(
                    f"工作表“{sheet}”的第 {first + 1} 行出现在第 {next_row - 1} 行之后（行的顺序错乱，"
                    "Excel 和 WPS 不会这样保存），请在 Excel 中打开后另存为 .xlsx 再试", code="PS-W002",
                    file=facts.file, sheet=sheet, row=first + 1)
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


def _head(stream: IO[bytes]) -> tuple[bytes, bytearray] | None:
    """The sheet part's text up to its ``<sheetData>`` and the bytes read after it, when its
    first :data:`_HEAD_BYTES` show a part that can be cut into pieces (an unprefixed
    ``<worksheet>`` root and ``<sheetData>``); None otherwise (the sheet is read whole)."""
    rows = bytearray()
    while len(rows) < _HEAD_BYTES and (chunk := stream.read(_CHUNK)):
        rows += chunk
        found = _SHEET_DATA.search(rows)
        if found is not None:
            root = _ROOT.search(rows)
            if root is None or root.group(1) != b"worksheet":
                return None
            head = bytes(rows[:found.end()])
            del rows[:found.end()]
            return head, rows
    return None


def _pieces(stream: IO[bytes], step: int, head: bytes, rows: bytearray) -> Iterator[bytes]:
    """The sheet part's XML as complete documents, each with about ``step`` bytes of rows: the
    head, rows, then :data:`_CLOSE` (the last piece ends as the part does). ``rows``: what was
    read after the head."""
    while True:
        cut = _cut(rows) if len(rows) >= step else None
        if cut is not None:
            yield head + rows[:cut] + _CLOSE
            del rows[:cut]
        elif chunk := stream.read(_CHUNK):
            rows += chunk
        else:
            yield head + rows
            return


def _cut(rows: bytearray) -> int | None:
    """Where a piece may end in ``rows``: after the last ``</row>`` (of the last
    :data:`_CUT_TRIES`) whose next row is numbered; None when there is none yet."""
    end = len(rows)
    for _ in range(_CUT_TRIES):
        at = rows.rfind(_ROW_END, 0, end)
        if at < 0:
            return None
        if _NUMBERED_ROW.match(rows, at + len(_ROW_END)):
            return at + len(_ROW_END)
        end = at
    return None


def _package(base: dict[str, bytes], part: str, piece: bytes) -> bytes:
    """A workbook package (stored, not compressed) of the base parts and ``piece`` as the sheet."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, content in base.items():
            archive.writestr(name, content)
        archive.writestr(part, piece)
    return buffer.getvalue()
