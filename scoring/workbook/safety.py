"""The gatekeeper: check a workbook file before any spreadsheet library opens it.

A finance bureau collects files from a thousand units; some are damaged, some are not
workbooks at all, and one may be hostile. openpyxl (through defusedxml) refuses XML entity
tricks, but python-calamine, the fast reader, trusts what a file declares: a sheet with one
value in ``XFD1048576`` makes it allocate a dense grid of 17 billion cells, and a
``sharedStrings.xml`` declaring ``uniqueCount="2147483647"`` makes it reserve 51 GB — both
abort the whole process (a Rust allocation failure cannot be caught), so one bad file would end
a batch. :func:`inspect_workbook_bytes` therefore looks at every part of the zip container
first, with bounded cost, and refuses what no spreadsheet program writes:

* not a workbook (PS-W002): empty, text, a truncated zip, a corrupted part, a legacy ``.xls``,
  an ``.ods`` or ``.xlsb``, a zip without a workbook part;
* encrypted (PS-W003): an OLE2 compound file carrying an ``EncryptionInfo`` stream;
* too big (PS-W004): the file, the declared size of a part or of all parts, a compression ratio
  only zip bombs reach, or a part that inflates past what it declares (checked while inflating,
  so the check itself never allocates more than one chunk);
* unsafe (PS-W009): a ``<!DOCTYPE``/``<!ENTITY`` in any XML part (entity-expansion bombs;
  XML is told by content, whatever the part's name), a cell or row reference beyond
  ``XFD1048576``, a sheet whose values reach so far that the grid read from ``A1`` would exceed
  :attr:`Limits.max_cells`, a shared-string table declaring more strings than the file holds,
  part names that differ only in case or slash direction, a package whose main part is not
  ``xl/workbook.xml``, or a tag longer than any spreadsheet writes.

Sheets are found the way python-calamine finds them: through ``xl/workbook.xml`` and its
relationships (read first, with the same bounded inflation, and parsed with defusedxml), with
part names compared without case and with ``\\`` read as ``/``. A sheet part stored as
``xl/data/foo.bin`` is checked like ``xl/worksheets/sheet1.xml``.

Macros (``vbaProject.bin`` in an ``.xlsm``) are reported in :class:`FileFacts`, never refused:
nothing here executes them, and the writers build every output from scratch, so they are never
carried into an output.

The module also holds :func:`looks_like_formula` and :func:`csv_text`: text that a spreadsheet
program would take for a formula when it is typed or imported (``=``, ``+``, ``-``, ``@``, with
leading tab, carriage-return or space tricks). Workbook writers keep such text as text through
:func:`scoring.workbook.cells.put_text`; CSV writers pass it through :func:`csv_text`.
"""

from __future__ import annotations

import codecs
import errno
import html
import io
import os
import posixpath
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..errors import WorkbookFileError
from ..plaintext import excerpt

#: First bytes of an OLE2 compound file: a legacy .xls, or an encrypted .xlsx.
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURES = (b"PK\x03\x04", b"PK\x05\x06")
#: The stream an encrypted OOXML package carries inside its OLE2 container (UTF-16LE name).
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_CHUNK = 1 << 16
_LOCAL_HEADER = struct.Struct("<4s5H3L2H")

_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
#: The reference of a cell or row tag, of any length (python-calamine reads letters, then
#: digits, and does its arithmetic in 32 bits): (column letters, row digits).
_REF_ATTRIBUTE = rb"\sr\s*=\s*[\"']\$?([A-Za-z]*)\$?([0-9]*)[\"']"
#: A cell tag, with its reference when it has one (else "", "") and "/" when it is
#: self-closing: ``<c r="B2" s="5"/>`` is formatting alone, which no reader stores.
_CELL_TAG = rb"c(?=[\s/>])(?:[^>]*?" + _REF_ATTRIBUTE + rb")?[^>]*(?<!/)(/?)>"
#: A row tag, with its reference when it has one (else "", "").
_ROW_TAG = rb"row(?=[\s/>])(?:[^>]*?" + _REF_ATTRIBUTE + rb")?[^>]*>"
#: (cell pattern, row pattern) for sheets whose tags carry a namespace prefix (``<x:c>``), and
#: the same without prefixes: the usual case, which a literal ``<c`` makes three times faster.
_SHEET_TAGS = {True: (re.compile(_PREFIX + _CELL_TAG), re.compile(_PREFIX + _ROW_TAG)),
               False: (re.compile(rb"<" + _CELL_TAG), re.compile(rb"<" + _ROW_TAG))}
#: Text a cell or row tag with a namespace prefix has (``<x:c``, ``<x:row``): the pattern, whose
#: first byte is rare in a sheet, is found four times faster than ``b":c" in text``.
_PREFIXED_TAG = re.compile(rb":(?:c|row)")
_STRING_ITEM = re.compile(_PREFIX + rb"si(?=[\s/>])")
_SST = re.compile(_PREFIX + rb"sst(?=[\s/>])[^>]*>")
_CELL_REF = re.compile(_REF_ATTRIBUTE)
_ERROR_CELL = re.compile(
    _PREFIX + rb"c\s[^>]*?\bt\s*=\s*[\"']e[\"'][^>]*(?<!/)>(.*?)</(?:[\w.-]+:)?c>", re.DOTALL)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]{1,64})</")
#: A cell whose first child is a formula (the schema puts ``<f>`` before ``<v>``) and that has
#: no stored result (no ``<v>``, or a blank one): its attributes and the formula text ("" for
#: ``<f t="shared" si="0"/>``, which takes the text of another cell); with and without prefixes,
#: as :data:`_SHEET_TAGS`. Atomic and possessive groups keep a cell with a result (every formula
#: of a workbook Excel saved) from being tried twice; the reference is looked for in the
#: attributes afterwards, which is four times faster than within the pattern.
_FORMULA_CELL = (rb"c(?>(\s[^>]*+)>\s*+<{p}f(?:\s[^>]*)?(?:/>|>([^<]*+)</{p}f>))"
                 rb"(?!\s*+<{p}v(?:\s[^>]*+)?+>\s*+[^<\s])")
_FORMULA_CELLS = {True: re.compile(_PREFIX + _FORMULA_CELL.replace(b"{p}", rb"(?:[\w.-]+:)?")),
                  False: re.compile(rb"<" + _FORMULA_CELL.replace(b"{p}", b""))}
#: The formula an error cell starts with (its text, or None for a shared formula).
_LEADING_FORMULA = re.compile(rb"\s*<(?:[\w.-]+:)?f(?:\s[^>]*)?(?:/>|>([^<]*)</(?:[\w.-]+:)?f>)")
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c>")
_UNIQUE_COUNT = re.compile(rb"\suniqueCount\s*=\s*[\"']([0-9]+)[\"']")
#: A relationship target, as written, holding what parsers read differently (an entity or
#: character reference, a tab, a line break): see :func:`_check_targets`.
_ESCAPED_TARGET = re.compile(r"\bTarget\s*=\s*(\"[^\"]*[&\t\r\n][^\"]*\"|'[^']*[&\t\r\n][^']*')")
#: Where Excel and LibreOffice put sheets; any other part a relationship names as a sheet is
#: checked as one too (:class:`_Package`).
_WORKSHEET_PART = re.compile(r"^xl/(?:worksheets|dialogsheets|macrosheets)/[^/]+\.xml$", re.IGNORECASE)
_WORKBOOK_PART = "xl/workbook.xml"
#: Parts of the other formats python-calamine tries when a file does not open as .xlsx (it
#: tries .xlsb, then .ods): beside an .xlsx workbook they can only be there to be read instead.
_OTHER_FORMATS = {"xl/workbook.bin": "Excel 二进制工作簿（.xlsb）", "mimetype": "OpenDocument 表格（.ods）"}
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_PACKAGE_RELS = "_rels/.rels"
#: The parts :func:`_read_package` inflates and parses before every other part.
_STRUCTURE_PARTS = (_PACKAGE_RELS, _WORKBOOK_PART, _WORKBOOK_RELS)
#: The shared-string table python-calamine reads (``{workbook folder}sharedStrings.xml``).
SHARED_STRINGS = "xl/sharedstrings.xml"
#: Every part python-calamine reads besides the sheets (keys, :func:`part_key`): what a package
#: holding one sheet needs (:mod:`.row_slices`).
CALAMINE_PARTS = frozenset({"[content_types].xml", *_STRUCTURE_PARTS, "xl/styles.xml",
                            SHARED_STRINGS})
#: Relationship types (last part of the URI, lower case) whose target a reader opens as a sheet.
_SHEET_TYPES = frozenset({"worksheet", "dialogsheet", "chartsheet", "macrosheet", "xlmacrosheet",
                          "xlintlmacrosheet"})
_OFFICE_DOCUMENT = "officedocument"
_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
#: Excel's last row and column (``XFD1048576``): no spreadsheet program writes a cell beyond.
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
#: Characters of a reference (or a declared count) a message quotes: a crafted one may be a
#: megabyte long.
_QUOTED = 20
#: Characters of a formula kept in :attr:`FileFacts.uncalculated_formulas`.
MAX_FORMULA_TEXT = 200
#: A defined name's text that refers to one rectangle: ``'自评表'!$K$5:$K$36``. Names holding
#: anything else (a formula, a constant, ``#REF!``) are never used by the readers.
_NAME_REFERENCE = re.compile(
    r"(?:'((?:[^']+|'')+)'|([^!]+))!\$?([A-Z]+)\$?([0-9]+)(?::\$?([A-Z]+)\$?([0-9]+))?")
#: Cells a defined name may cover. The largest area the writer makes is the issued rules on
#: the metadata sheet (three or four columns, one row per indicator: 96 cells for the built-in
#: framework); the table columns are one row per indicator. A name over millions of cells
#: (``'自评表'!$H$5:$H$99999999999``) would make the reader walk them all (PS-W009).
MAX_NAME_CELLS = 100_000


@dataclass(frozen=True)
class Limits:
    """What a workbook may hold before it is refused (bytes, counts, cells).

    The defaults are far above what the product's forms need (a self-evaluation workbook is
    about 60 KB holding 2,000 cells) and far below what makes a reader hang or abort.

    Attributes:
        max_file_bytes: Size of the file itself.
        max_part_bytes: Uncompressed size of any one part.
        max_total_bytes: Uncompressed size of all parts together.
        max_ratio: Uncompressed ÷ compressed size allowed for parts over 1 MB (XML reaches
            about 100; zip bombs reach 1,000).
        max_parts: Number of parts in the zip container.
        max_cells: Cells of the grid a reader builds for one sheet, from A1 to the last value.
        max_tag_bytes: Length of one XML tag.
        max_structure_bytes: Uncompressed size of ``xl/workbook.xml``, its relationships and
            the package relationships: they are held whole and parsed as a tree (Excel writes a
            few KB; ten thousand defined names take about 1 MB).
    """

    max_file_bytes: int = 50 * 1024 * 1024
    max_part_bytes: int = 200 * 1024 * 1024
    max_total_bytes: int = 300 * 1024 * 1024
    max_ratio: float = 400.0
    max_parts: int = 5000
    max_cells: int = 2_000_000
    max_tag_bytes: int = 1024 * 1024
    max_structure_bytes: int = 16 * 1024 * 1024


#: Limits for the product's own workbooks (target and self-evaluation forms).
DEFAULT_LIMITS = Limits()
#: Limits for master data files, which list every unit and indicator of a bureau. The largest
#: master an .xlsx can carry fills the indicator sheet's 1,048,576 rows (26,000 units of 40
#: indicators; measured with the product's writer: a 31 MB file whose indicator sheet
#: inflates to 400 MB, 8.3 million grid cells); each limit leaves at least twice that.
MASTER_LIMITS = Limits(max_file_bytes=128 * 1024 * 1024, max_part_bytes=1024 * 1024 * 1024,
                       max_total_bytes=1536 * 1024 * 1024, max_cells=20_000_000)
#: Error cells recorded at most; more is no workbook anybody fills in (PS-W009).
MAX_ERROR_CELLS = 100_000
#: Formulas without a stored result recorded at most (a self-evaluation form saved by openpyxl
#: holds about 180, all in computed cells); more is no workbook anybody fills in (PS-W009).
MAX_UNCALCULATED_FORMULAS = 200_000
#: Parts over this size must respect :attr:`Limits.max_ratio`.
_RATIO_FLOOR = 1024 * 1024


@dataclass(frozen=True)
class SheetExtent:
    """How far the values of one worksheet part reach (the grid a reader builds from A1)."""

    part: str
    rows: int
    columns: int

    @property
    def cells(self) -> int:
        """Cells of the grid from A1 to the last value."""
        return self.rows * self.columns


@dataclass(frozen=True)
class FileFacts:
    """What the gatekeeper learnt about a workbook file that passed.

    Attributes:
        file: The file name, as given.
        size: Bytes on disk.
        parts: Number of parts in the zip container.
        uncompressed: Total bytes of all parts, inflated.
        sheets: The extent of every worksheet part.
        macros: True when the file carries a VBA project (never executed, never copied).
        external_links: True when the workbook links to other files (never followed).
        error_cells: (sheet name, row, column) → the error value a cell holds (``#DIV/0!``).
            python-calamine reads error cells as empty, which would turn a ``#DIV/0!`` typed
            into an input into a silent zero; readers look them up here instead.
        defined_names: Every workbook-level defined name that refers to one rectangle →
            (sheet, first row, first column, last row, last column), 1-based; each lies within
            ``XFD1048576`` and covers at most :data:`MAX_NAME_CELLS` cells. Read from
            ``xl/workbook.xml`` here, so that readers need neither open the zip nor parse it a
            second time.
        uncalculated_formulas: (sheet name, row, column) of every cell holding a formula
            without a stored result, or with an error value as its result → the formula as the
            sheet's XML holds it (read it through :meth:`formula`). python-calamine returns only
            a formula's stored result, so a formula never calculated (or calculated to nothing,
            or to an error) reads as empty; readers look here to say so. The text is decoded
            only when asked for: a product workbook saved by openpyxl holds about 180 such
            formulas, all in computed cells.
        sheet_parts: Every sheet ``xl/workbook.xml`` lists, by name → the zip entry
            python-calamine opens for it (the first ``<sheet>`` of a name decides), None when
            its relationship or its entry is missing (a damaged file: reading the sheet is
            refused); :mod:`.row_slices` reads a large sheet's part a slice of rows at a time.
    """

    file: str
    size: int
    parts: int
    uncompressed: int
    sheets: tuple[SheetExtent, ...] = field(default_factory=tuple)
    macros: bool = False
    external_links: bool = False
    error_cells: dict[tuple[str, int, int], str] = field(default_factory=dict)
    defined_names: Mapping[str, tuple[str, int, int, int, int]] = field(default_factory=dict)
    uncalculated_formulas: Mapping[tuple[str, int, int], bytes] = field(default_factory=dict)
    sheet_parts: Mapping[str, str | None] = field(default_factory=dict)

    def formula(self, sheet: str, row: int, column: int) -> str | None:
        """The formula (``=NOW()``, at most :data:`MAX_FORMULA_TEXT` characters) of a cell
        holding one without a stored result; "" for a shared formula, whose text another cell
        holds; None when the cell holds no such formula."""
        raw = self.uncalculated_formulas.get((sheet, row, column))
        return None if raw is None else _formula_text(raw)

    @property
    def formula_cells(self) -> frozenset[tuple[str, int, int]]:
        """The cells of :attr:`uncalculated_formulas` (the master data reader marks them)."""
        return frozenset(self.uncalculated_formulas)


def _refuse(message: str, code: str, file: str, **where: Any) -> WorkbookFileError:
    return WorkbookFileError(message, code=code, file=file, **where)


#: Chinese messages for the operating-system errors met when opening or saving a file; the
#: system's own text is English ("No such file or directory") and never shown. ``{action}`` is
#: 读取 or 写入.
_OS_ERROR_MESSAGES: dict[int, str] = {
    errno.ENOENT: "文件不存在，请检查文件夹和文件名",
    errno.EACCES: "没有{action}此文件的权限（文件可能正被其他程序占用，或需要管理员权限）",
    errno.EPERM: "没有{action}此文件的权限（文件可能正被其他程序占用，或需要管理员权限）",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一级不是文件夹，请检查路径",
    errno.EEXIST: "已有同名的文件，不是文件夹，请换一个输出文件夹",
    errno.ENAMETOOLONG: "文件名或路径过长，无法{action}；请缩短文件名或移到较短的路径下",
    errno.ELOOP: "路径中的符号链接形成循环，无法{action}",
    errno.ENOSPC: "磁盘空间不足，请清理磁盘后重试",
    errno.EDQUOT: "磁盘配额已用完，请清理后重试",
    errno.EROFS: "磁盘或文件夹是只读的，无法写入",
}


def os_error_message(exc: OSError, *, writing: bool = False) -> str:
    """The Chinese message for an :class:`OSError` raised while reading or saving a file.

    Covers the errors users meet (missing file, no permission, a folder, a name too long, a full
    disk); any other error is named by its system code (``EIO``), never by the English text.

    Args:
        exc: The error.
        writing: The file was being saved (the message says 写入 instead of 读取).
    """
    action = "写入" if writing else "读取"
    known = _OS_ERROR_MESSAGES.get(exc.errno or 0)
    if known:
        return known.format(action=action)
    name = errno.errorcode.get(exc.errno or 0, type(exc).__name__)
    return f"文件无法{action}（系统错误 {name}），请检查文件是否完整、磁盘或网络位置是否可用"


#: Why a path that is not a regular file cannot be read (a named pipe or a device would make
#: the read wait forever, or never end).
NOT_A_REGULAR_FILE = "这不是普通文件（可能是管道或设备），无法读取"


def check_regular_file(path: str | os.PathLike[str]) -> None:
    """Refuse a path that is not a regular file, before anything opens it.

    Opening a FIFO (named pipe) for reading blocks until a writer comes, and reading a device
    such as ``/dev/zero`` never ends; ``O_NONBLOCK`` alone does not help everywhere, so the
    type of the file is checked first.

    Raises:
        WorkbookFileError: PS-W001 missing or unreadable, a folder, a pipe or a device.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise _refuse(os_error_message(exc), "PS-W001", str(path)) from exc
    if stat.S_ISDIR(mode):
        raise _refuse(_OS_ERROR_MESSAGES[errno.EISDIR], "PS-W001", str(path))
    if not stat.S_ISREG(mode):
        raise _refuse(NOT_A_REGULAR_FILE, "PS-W001", str(path))


def _open_nonblocking(path: str, flags: int) -> int:
    """``open``'s opener: never wait on a pipe that replaced the file after it was checked."""
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def read_workbook_file(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a workbook file, refusing missing, unreadable, oversized and special files.

    This is where workbook files are read (the reader and the master data reader use it), so
    the bytes are read once and what the gatekeeper checks is what the parsers see.

    Raises:
        WorkbookFileError: PS-W001 missing or unreadable (or a folder, a pipe, a device),
            PS-W004 too big.
    """
    file = str(path)
    check_regular_file(path)
    try:
        with open(path, "rb", opener=_open_nonblocking) as stream:
            facts = os.fstat(stream.fileno())
            if not stat.S_ISREG(facts.st_mode):  # replaced between the check and the open
                raise _refuse(NOT_A_REGULAR_FILE, "PS-W001", file)
            if facts.st_size > limits.max_file_bytes:
                raise _refuse(f"文件过大（{facts.st_size / 1e6:.0f} MB，上限 "
                              f"{limits.max_file_bytes / 1e6:.0f} MB），已拒绝读取", "PS-W004", file)
            return stream.read(limits.max_file_bytes + 1)
    except OSError as exc:
        raise _refuse(os_error_message(exc), "PS-W001", file) from exc


def inspect_workbook_file(path: str | os.PathLike[str],
                          limits: Limits = DEFAULT_LIMITS) -> FileFacts:
    """Check a workbook file before a spreadsheet library opens it (see the module docstring).

    Args:
        path: The file.
        limits: What the file may hold (:data:`MASTER_LIMITS` for master data).

    Returns:
        The :class:`FileFacts` of a file that is safe to hand to openpyxl or python-calamine.

    Raises:
        WorkbookFileError: PS-W001, PS-W002, PS-W003, PS-W004 or PS-W009.
    """
    return inspect_workbook_bytes(read_workbook_file(path, limits), str(path), limits)


def inspect_workbook_bytes(data: bytes, file: str, limits: Limits = DEFAULT_LIMITS) -> FileFacts:
    """Check the bytes of a workbook file; see :func:`inspect_workbook_file`.

    Args:
        data: The file's bytes.
        file: The file name, for messages.
        limits: What the file may hold.
    """
    if len(data) > limits.max_file_bytes:
        raise _refuse(f"文件过大（{len(data) / 1e6:.0f} MB），已拒绝读取", "PS-W004", file)
    _check_signature(data, file)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _refuse("文件不完整或已损坏（压缩包结构无法读取，可能是下载或复制中断），"
                      "应为完整的 .xlsx 工作簿", "PS-W002", file) from exc
    parts = _check_directory(infos, data, file, limits)
    package = _read_package(parts, data, file, limits)
    scans: list[_PartScan] = []
    for key, info in parts.items():
        sheet = key in package.sheets or bool(_WORKSHEET_PART.match(key))
        strings = key in package.strings
        if key in _STRUCTURE_PARTS and not (sheet or strings):
            continue  # inflated and checked while the package was read
        scan = _PartScan(info.filename, limits, file, sheet=sheet, strings=strings)
        _inflate(info, data, file, limits, scan)
        scans.append(scan)
    cells = sum(scan.cells for scan in scans)
    for scan in scans:
        if scan.unique_count is not None and scan.unique_count > max(scan.items, cells) + 1000:
            raise _refuse(f"共享字符串表声明了 {excerpt(scan.unique_count, _QUOTED)} 个字符串，实际只有 "
                          f"{scan.items} 个（可能是恶意构造的文件），已拒绝读取", "PS-W009", file)
    error_cells: dict[tuple[str, int, int], str] = {}
    uncalculated: dict[tuple[str, int, int], bytes] = {}
    for scan in scans:
        name = package.sheet_names.get(part_key(scan.part))
        if name is not None:
            error_cells.update(((name, row, column), text)
                               for (row, column), text in scan.errors.items())
            uncalculated.update(((name, row, column), text)
                                for (row, column), text in scan.formulas.items())
    return FileFacts(
        file=file, size=len(data), parts=len(infos),
        uncompressed=sum(info.file_size for info in infos),
        sheets=tuple(SheetExtent(scan.part, scan.rows, scan.columns) for scan in scans
                     if scan.worksheet),
        macros=any(key.endswith("vbaproject.bin") for key in parts),
        external_links=any(key.startswith("xl/externallinks/") for key in parts),
        error_cells=error_cells,
        uncalculated_formulas=uncalculated,
        defined_names=_defined_names(package.workbook, file),
        sheet_parts={name: parts[key].filename if key in parts else None
                     for name, key in package.opened.items()})


def part_key(name: str) -> str:
    """A part name as python-calamine looks it up: without case, ``\\`` read as ``/``."""
    return name.replace("\\", "/").lower()


@dataclass(frozen=True)
class _Package:
    """Where the parts a reader opens are, from the package and workbook relationships.

    Attributes:
        workbook: ``xl/workbook.xml``, parsed.
        sheets: Keys (:func:`part_key`) of every part a relationship of the workbook names as a
            sheet, or that a ``<sheet>`` of the workbook points at.
        sheet_names: Sheet part key → the sheet's name.
        opened: Sheet name → the key of the part python-calamine opens for it (the target
            joined to ``xl/`` as it is; the first ``<sheet>`` of a name decides), None when
            its relationship is missing.
        strings: Keys of the shared-string tables a reader may open.
    """

    workbook: Any
    sheets: frozenset[str]
    sheet_names: dict[str, str]
    strings: frozenset[str]
    opened: dict[str, str | None]


def _read_package(parts: dict[str, zipfile.ZipInfo], data: bytes, file: str,
                  limits: Limits) -> _Package:
    """Read ``_rels/.rels``, ``xl/workbook.xml`` and its relationships: where the sheets are.

    python-calamine opens the sheets the workbook's relationships name, wherever they are
    (``xl/data/foo.bin``) and whatever the case of their names, and takes the workbook's folder
    from the package relationships: a size check that looked only at ``xl/worksheets/*.xml``
    could be walked around. These parts are small, so they are inflated whole (with the same
    checks as every part) and parsed with defusedxml.

    Raises:
        WorkbookFileError: PS-W002 missing or unparsable relationships, PS-W004 a part too big
            to be one of these, PS-W009 an entity declaration or a package whose main part is
            not ``xl/workbook.xml``.
    """
    package_rels = _structure_part(parts, _PACKAGE_RELS, data, file, limits)
    _check_targets(package_rels, _PACKAGE_RELS, file)
    if package_rels is not None:
        for relationship in _relationships(package_rels, _PACKAGE_RELS, file):
            target = relationship.get("Target", "")
            if (_relationship_type(relationship) == _OFFICE_DOCUMENT
                    and part_key(target.removeprefix("/")) != _WORKBOOK_PART):
                raise _refuse(f"工作簿的包关系把主部件指向“{excerpt(target, _QUOTED)}”，而不是 {_WORKBOOK_PART}"
                              "（可能是恶意构造的文件），已拒绝读取", "PS-W009", file)
    workbook_xml = _structure_part(parts, _WORKBOOK_PART, data, file, limits)
    workbook_rels = _structure_part(parts, _WORKBOOK_RELS, data, file, limits)
    _check_targets(workbook_rels, _WORKBOOK_RELS, file)
    if workbook_xml is None or workbook_rels is None:
        raise _refuse(f"缺少工作簿部件 {_WORKBOOK_PART if workbook_xml is None else _WORKBOOK_RELS}，"
                      "文件不完整或已损坏，应为完整的 .xlsx 工作簿", "PS-W002", file)
    targets: dict[str, set[str]] = {}
    joined: dict[str, str] = {}
    sheets: set[str] = set()
    strings = {SHARED_STRINGS}
    for relationship in _relationships(workbook_rels, _WORKBOOK_RELS, file):
        keys = _target_keys(relationship.get("Target", ""))
        targets[relationship.get("Id", "")] = keys
        joined[relationship.get("Id", "")] = _joined_key(relationship.get("Target", ""))
        kind = _relationship_type(relationship)
        if kind in _SHEET_TYPES:
            sheets |= keys
        elif kind == "sharedstrings":
            strings |= keys
    sheet_names: dict[str, str] = {}
    opened: dict[str, str | None] = {}
    workbook = _parse(workbook_xml, _WORKBOOK_PART, file)
    for node in workbook.iter():
        if _local(node.tag) != "sheet":
            continue
        key = None
        for attribute, value in node.attrib.items():
            if _local(attribute) == "id" and value in targets:
                sheets |= targets[value]
                sheet_names.update(dict.fromkeys(targets[value], node.get("name", "")))
                key = joined[value]
        opened.setdefault(node.get("name", ""), key)
    return _Package(workbook, frozenset(sheets), sheet_names, frozenset(strings), opened)


def _check_targets(xml: bytes | None, part: str, file: str) -> None:
    """Refuse a relationship ``Target`` that a parser reads otherwise than python-calamine.

    The targets here are read with defusedxml, which expands ``&amp;`` and ``&#115;`` and turns
    tabs and line breaks in attribute values into spaces; python-calamine takes the attribute
    as written. A target ``data/f&amp;.bin`` beside parts named ``xl/data/f&.bin`` and
    ``xl/data/f&amp;.bin`` had this check measure the one and python-calamine read the other,
    unmeasured (a grid of billions of cells). No spreadsheet program writes either in a part
    name.

    Raises:
        WorkbookFileError: PS-W009.
    """
    if xml is None:
        return
    text = xml.decode("utf-16" if xml.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
                      else "utf-8", "replace")
    found = _ESCAPED_TARGET.search(text)
    if found:
        raise _refuse(f"部件“{part}”中的关系目标“{excerpt(found.group(1)[1:-1])}”含有 XML 转义或制表、换行符"
                      "（各读取程序对它的理解不同，Excel 从不这样写；可能是恶意构造的文件），已拒绝读取",
                      "PS-W009", file)


def _defined_names(workbook: Any, file: str) -> dict[str, tuple[str, int, int, int, int]]:
    """The workbook-level defined names that refer to one rectangle (see
    :attr:`FileFacts.defined_names`).

    Raises:
        WorkbookFileError: PS-W009 a name reaching beyond ``XFD1048576`` or covering more than
            :data:`MAX_NAME_CELLS` cells.
    """
    names: dict[str, tuple[str, int, int, int, int]] = {}
    for node in workbook.iter(f"{_MAIN_NS}definedName"):
        text = node.text
        if not text or "localSheetId" in node.attrib:
            continue  # a sheet's own name (print area, filter): never resolved by a reader
        match = _NAME_REFERENCE.fullmatch(text.strip())
        if match is None:
            continue
        quoted, plain, letters, digits, last_letters, last_digits = match.groups()
        top, left = _row_number(digits), _column_number(letters.encode())
        bottom, right = ((_row_number(last_digits), _column_number(last_letters.encode()))
                         if last_digits else (top, left))
        name = node.get("name", "")
        if not (0 < top <= MAX_ROW and 0 < bottom <= MAX_ROW and max(left, right) <= MAX_COLUMN):
            raise _refuse(f"定义名称“{excerpt(name)}”指向“{excerpt(text.strip())}”，超出了 Excel 工作表的"
                          f"范围（最大为 XFD{MAX_ROW}），可能是恶意构造的文件，已拒绝读取", "PS-W009", file)
        cells = (abs(bottom - top) + 1) * (abs(right - left) + 1)
        if cells > MAX_NAME_CELLS:
            raise _refuse(f"定义名称“{excerpt(name)}”的区域“{excerpt(text.strip())}”有 {cells} 个单元格，"
                          f"超过上限 {MAX_NAME_CELLS}（本系统的表单最多用到几百个），读取会耗尽时间和内存，"
                          "已拒绝；请删除或改正该名称", "PS-W009", file)
        names[name] = (quoted.replace("''", "'") if quoted else plain, top, left, bottom, right)
    return names


def _structure_part(parts: dict[str, zipfile.ZipInfo], key: str, data: bytes, file: str,
                    limits: Limits) -> bytes | None:
    """The inflated bytes of one of the package's structure parts (None when missing)."""
    info = parts.get(key)
    if info is None:
        return None
    if info.file_size > limits.max_structure_bytes:
        raise _refuse(f"部件“{info.filename}”解压后 {info.file_size / 1e6:.0f} MB，超过上限 "
                      f"{limits.max_structure_bytes / 1e6:.0f} MB，已拒绝读取", "PS-W004", file)
    scan = _PartScan(info.filename, limits, file, keep=True)
    _inflate(info, data, file, limits, scan)
    return b"".join(scan.kept)


def _parse(xml: bytes, part: str, file: str) -> Any:
    """The element tree of a structure part, parsed with defusedxml."""
    from defusedxml import DefusedXmlException, ElementTree

    try:
        return ElementTree.fromstring(xml)
    except DefusedXmlException as exc:
        raise _refuse(f"部件“{part}”含有 XML 文档类型或实体声明（可用于实体膨胀攻击，"
                      "Excel 从不写入），已拒绝读取", "PS-W009", file) from exc
    except Exception as exc:  # ParseError: damaged, or not XML at all
        raise _refuse(f"部件“{part}”无法解析（XML 格式错误），文件不完整或已损坏，"
                      "应为完整的 .xlsx 工作簿", "PS-W002", file) from exc


def _relationships(xml: bytes, part: str, file: str) -> list[Any]:
    """The ``<Relationship>`` elements of a relationships part (any namespace, as readers do)."""
    return [node for node in _parse(xml, part, file).iter() if _local(node.tag) == "Relationship"]


def _relationship_type(relationship: Any) -> str:
    """The last word of a relationship's type URI, lower case (``worksheet``)."""
    return relationship.get("Type", "").rsplit("/", 1)[-1].lower()


def _local(name: str) -> str:
    """An element or attribute name without its namespace."""
    return name.rsplit("}", 1)[-1]


def _target_keys(target: str) -> set[str]:
    """The part keys a workbook relationship's target may name.

    python-calamine joins a relative target to ``xl/`` as it is; openpyxl also resolves
    ``..``: both are kept, so a part is checked as a sheet whichever reader opens it.
    """
    joined = _joined_key(target)
    return {joined, part_key(posixpath.normpath(joined))}


def _joined_key(target: str) -> str:
    """The key of the part python-calamine opens for a workbook relationship's target."""
    return part_key(target[1:] if target.startswith("/") else "xl/" + target)


def _check_signature(data: bytes, file: str) -> None:
    """Refuse what is plainly no .xlsx, saying what it looks like instead."""
    if not data:
        raise _refuse("文件为空（0 字节），应为 .xlsx 工作簿", "PS-W002", file)
    if data.startswith(OLE_SIGNATURE):
        if _ENCRYPTION_STREAM in data:
            raise _refuse("工作簿已设置打开密码（加密），无法读取；请在 Excel 中取消密码后另存为 .xlsx",
                          "PS-W003", file)
        raise _refuse("这是旧版 Excel 97-2003（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再提交",
                      "PS-W002", file)
    if data.startswith(_ZIP_SIGNATURES):
        return
    head = data[:4096]
    if b"\x00" not in head:
        try:
            head.decode("utf-8")
            looks_text = True
        except UnicodeDecodeError as exc:
            looks_text = exc.start > len(head) - 4  # a character cut at the 4 KB boundary
        if looks_text:
            raise _refuse("这是文本文件（可能是 CSV 或网页被改成了 .xlsx 扩展名），不是 Excel 工作簿",
                          "PS-W002", file)
    raise _refuse("不是 .xlsx 工作簿（文件开头不是 Excel 工作簿的格式）", "PS-W002", file)


def _check_directory(infos: list[zipfile.ZipInfo], data: bytes, file: str,
                     limits: Limits) -> dict[str, zipfile.ZipInfo]:
    """Check the zip's table of contents before inflating anything.

    Returns:
        Part key (:func:`part_key`) → its entry, folders left out.
    """
    if len(infos) > limits.max_parts:
        raise _refuse(f"压缩包内的部件过多（{len(infos)} 个），疑似压缩炸弹，已拒绝读取", "PS-W004", file)
    seen: dict[str, str] = {}
    parts: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        key = part_key(info.filename)
        if key in seen:  # readers would disagree on which of the two counts
            names, note = ((f"“{info.filename}”", "") if seen[key] == info.filename else
                           (f"“{seen[key]}”和“{info.filename}”", "部件名称不区分大小写，"))
            raise _refuse(f"压缩包内有重名的部件{names}（{note}可能是恶意构造的文件），已拒绝读取",
                          "PS-W009", file)
        seen[key] = info.filename
        if not info.is_dir():
            parts[key] = info
    declared = sum(info.file_size for info in infos)
    if declared > limits.max_total_bytes:
        raise _refuse(f"工作簿解压后共 {declared / 1e6:.0f} MB，超过上限 "
                      f"{limits.max_total_bytes / 1e6:.0f} MB，疑似压缩炸弹，已拒绝读取", "PS-W004", file)
    for info in infos:
        if info.file_size > limits.max_part_bytes:
            raise _refuse(f"部件“{info.filename}”解压后 {info.file_size / 1e6:.0f} MB，超过上限，"
                          "疑似压缩炸弹，已拒绝读取", "PS-W004", file)
        if (info.file_size > _RATIO_FLOOR
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            raise _refuse(f"部件“{info.filename}”的压缩比为 {info.file_size / max(info.compress_size, 1):.0f}"
                          " 倍，疑似压缩炸弹，已拒绝读取", "PS-W004", file)
    other = next((key for key in _OTHER_FORMATS if key in parts), None)
    if other is not None and _WORKBOOK_PART in parts:
        raise _refuse(f"压缩包中既有 Excel 工作簿部件，又有 {_OTHER_FORMATS[other]} 的部件"
                      f"“{parts[other].filename}”（读取程序打不开前者时会改读后者；可能是恶意构造的"
                      "文件），已拒绝读取", "PS-W009", file)
    if "mimetype" in parts and data.find(_ODS_MIMETYPE, 0, 200) >= 0:
        raise _refuse("这是 OpenDocument 表格（.ods），请另存为 .xlsx 后再提交", "PS-W002", file)
    if _WORKBOOK_PART not in parts:
        if "xl/workbook.bin" in parts:
            raise _refuse("这是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后再提交", "PS-W002", file)
        raise _refuse("压缩包中没有工作簿部件 xl/workbook.xml：这不是 Excel 工作簿"
                      "（可能是 Word 文档或普通压缩包）", "PS-W002", file)
    return parts


def _raw_member(info: zipfile.ZipInfo, data: bytes, file: str) -> memoryview:
    """The compressed bytes of a part, located through its local header."""
    def damaged() -> WorkbookFileError:  # built only when needed: this runs for every part
        return _refuse(f"部件“{info.filename}”已损坏，应为完整的 .xlsx 工作簿", "PS-W002", file)

    header = data[info.header_offset:info.header_offset + _LOCAL_HEADER.size]
    if len(header) < _LOCAL_HEADER.size:
        raise damaged()
    fields = _LOCAL_HEADER.unpack(header)
    if fields[0] != b"PK\x03\x04":
        raise damaged()
    start = info.header_offset + _LOCAL_HEADER.size
    name = data[start:start + fields[9]]
    if name.decode("utf-8", "replace") != info.filename and name.decode("cp437") != info.filename:
        raise _refuse(f"部件“{info.filename}”的本地文件名与目录不一致（可能是恶意构造的文件），已拒绝读取",
                      "PS-W009", file)
    start += fields[9] + fields[10]
    raw = memoryview(data)[start:start + info.compress_size]
    if len(raw) != info.compress_size:
        raise damaged()
    return raw


def _inflate(info: zipfile.ZipInfo, data: bytes, file: str, limits: Limits,
             scan: _PartScan) -> None:
    """Inflate one part chunk by chunk, feeding ``scan``; the part must be exactly as declared.

    A part that inflates past its declared size is refused as soon as it does, so a lying zip
    bomb costs at most one chunk more than an honest part of the declared size.
    """
    def damaged() -> WorkbookFileError:
        return _refuse(f"部件“{info.filename}”已损坏（解压失败），应为完整的 .xlsx 工作簿",
                       "PS-W002", file)

    if info.flag_bits & 0x1:
        raise _refuse("工作簿的压缩包设置了密码，无法读取", "PS-W003", file)
    raw = _raw_member(info, data, file)
    crc = 0
    produced = 0
    if info.compress_type == zipfile.ZIP_STORED:
        if info.compress_size != info.file_size:
            raise damaged()
        for offset in range(0, len(raw), _CHUNK):
            chunk = bytes(raw[offset:offset + _CHUNK])
            crc = zlib.crc32(chunk, crc)
            scan.feed(chunk)
        produced = len(raw)
    elif info.compress_type == zipfile.ZIP_DEFLATED:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            chunks = _inflated_chunks(inflater, raw)
            for chunk in chunks:
                produced += len(chunk)
                if produced > info.file_size:
                    _overflow(info, chunks, produced, file)
                crc = zlib.crc32(chunk, crc)
                scan.feed(chunk)
        except zlib.error as exc:
            raise damaged() from exc
        if not inflater.eof:
            raise damaged()
    else:
        raise _refuse(f"部件“{info.filename}”使用了 Excel 不使用的压缩方式（{info.compress_type}），"
                      "应为 .xlsx 工作簿", "PS-W002", file)
    if produced != info.file_size or crc != info.CRC:
        raise damaged()
    scan.finish()


#: How far past its declared size a part is inflated to tell damage from a zip bomb.
_OVERFLOW_PROBE = 16 * 1024 * 1024


def _overflow(info: zipfile.ZipInfo, chunks: Iterator[bytes], produced: int, file: str) -> None:
    """A part inflates past its declared size: damaged if it ends soon after, else a bomb.

    Raises:
        WorkbookFileError: always; PS-W002 (damaged) or PS-W004 (zip bomb).
    """
    for chunk in chunks:
        produced += len(chunk)
        if produced > info.file_size + _OVERFLOW_PROBE:
            raise _refuse(f"部件“{info.filename}”解压后远超其声明的大小 {info.file_size} 字节"
                          "（疑似压缩炸弹），已拒绝读取", "PS-W004", file)
    raise _refuse(f"部件“{info.filename}”已损坏（解压后的大小与声明不符），应为完整的 .xlsx 工作簿",
                  "PS-W002", file)


def _inflated_chunks(inflater: Any, raw: memoryview) -> Iterator[bytes]:
    """Inflate ``raw`` yielding at most :data:`_CHUNK` bytes at a time."""
    for offset in range(0, len(raw), _CHUNK):
        pending = bytes(raw[offset:offset + _CHUNK])
        while pending and not inflater.eof:
            out = inflater.decompress(pending, _CHUNK)
            pending = inflater.unconsumed_tail
            if out:
                yield out
        if inflater.eof:
            return
    while not inflater.eof:
        out = inflater.decompress(b"", _CHUNK)
        if not out:
            return
        yield out


class _PartScan:
    """Looks through the inflated bytes of one part, tag by tag, in bounded memory.

    Text is cut only between tags (a partial tag waits for the next chunk), so a pattern is
    never missed at a chunk boundary. UTF-16 parts are transcoded to UTF-8 first. Whether a part
    is XML is told by its first bytes (after a byte-order mark and blanks, ``<``), never by its
    name; sheets and shared-string tables are always read as XML, as their readers do.

    Args:
        part: The part's name in the zip.
        limits: What the part may hold.
        file: The file name, for messages.
        sheet: A reader opens the part as a sheet: its cells are checked and measured.
        strings: A reader opens the part as the shared-string table.
        keep: Keep the inflated bytes (:attr:`kept`), for the parts parsed afterwards.
    """

    def __init__(self, part: str, limits: Limits, file: str, *, sheet: bool = False,
                 strings: bool = False, keep: bool = False) -> None:
        self.part = part
        self.limits = limits
        self.file = file
        self.worksheet = sheet
        self.strings = strings
        #: True, False, or None until the first bytes that are not blank tell.
        self.xml: bool | None = True if sheet or strings else None
        self.kept: list[bytes] = []
        self._keep = keep
        self._carry = b""
        self._decoder: Any = None
        self._started = False
        self.rows = 0
        self.columns = 0
        self.cells = 0
        self._last_row_tag = 0
        self._implicit_rows = 0
        self._implicit_cells = 0
        self.items = 0
        self.unique_count: int | None = None
        self.errors: dict[tuple[int, int], str] = {}
        #: (row, column) → the formula, as the XML holds it, of each cell holding a formula
        #: without a stored result.
        self.formulas: dict[tuple[int, int], bytes] = {}

    def feed(self, chunk: bytes) -> None:
        """Scan the next inflated chunk of the part."""
        if self._keep:
            self.kept.append(chunk)
        if self.xml is False:
            return
        if not self._started:
            self._started = True
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
                    len(chunk) > 1 and (chunk[0] == 0 or chunk[1] == 0)):
                encoding = "utf-16-be" if chunk.startswith((codecs.BOM_UTF16_BE, b"\x00")) else "utf-16-le"
                self._decoder = codecs.getincrementaldecoder(encoding)("replace")
        if self._decoder is not None:
            chunk = self._decoder.decode(chunk).encode("utf-8")
        if self.xml is None:
            head = chunk.lstrip(_BLANKS_AND_BOM)
            if not head:
                return  # blanks only so far: nothing to scan, nothing decided
            self.xml = head.startswith(b"<")
            if not self.xml:
                return  # an image, a VBA project: no parser reads it as XML
        buffer = self._carry + chunk
        last_open = buffer.rfind(b"<")
        if last_open >= 0 and buffer.find(b">", last_open) < 0:
            done, self._carry = buffer[:last_open], buffer[last_open:]
        else:
            done, self._carry = buffer, b""
        if self.worksheet:
            # Cut after the last complete cell, so a cell and its value are seen together.
            end = _last_cell_end(done)
            if end >= 0:
                done, self._carry = done[:end], done[end:] + self._carry
        if len(self._carry) > self.limits.max_tag_bytes:
            raise _refuse(f"部件“{self.part}”中有异常长的 XML 标签（可能是恶意构造的文件），已拒绝读取",
                          "PS-W009", self.file)
        self._scan(done)

    def finish(self) -> None:
        """Scan what is left and check the sheet's extent."""
        if self._carry:
            self._scan(self._carry)
            self._carry = b""
        if self.worksheet and self._implicit_cells:
            # Cells without a reference sit after the previous cell of their row: bound them
            # by the furthest row element and the number of such cells.
            self.rows = max(self.rows, self._last_row_tag + self._implicit_rows)
            self.columns += self._implicit_cells
        if self.worksheet and self.rows * self.columns > self.limits.max_cells:
            raise _refuse(
                f"工作表部件“{self.part}”的数据延伸到第 {self.rows} 行、第 {self.columns} 列"
                f"（{self.rows * self.columns} 个单元格，上限 {self.limits.max_cells}），"
                "读取会耗尽内存，已拒绝；请删除表格末尾多余的内容", "PS-W009", self.file)

    def _scan(self, text: bytes) -> None:
        # A declaration starts "<!": looking for the "!" alone (memchr) first is some thirty
        # times faster than the pattern over a part that has none, as sheets usually do.
        if b"!" in text and _DECLARATION.search(text):
            raise _refuse(f"部件“{self.part}”含有 XML 文档类型或实体声明（可用于实体膨胀攻击，"
                          "Excel 从不写入），已拒绝读取", "PS-W009", self.file)
        if self.worksheet:
            self._scan_sheet(text)
        elif self.strings:
            self.items += len(_STRING_ITEM.findall(text))
            if self.unique_count is None:
                root = _SST.search(text)
                if root:
                    count = _UNIQUE_COUNT.search(root.group())
                    self.unique_count = _count(count.group(1)) if count else 0

    def _scan_sheet(self, text: bytes) -> None:
        # Whole-chunk regular expressions, not a Python loop per cell: this runs for every
        # file collect reads, and a self-evaluation sheet holds hundreds of cells.
        prefixed = _PREFIXED_TAG.search(text) is not None
        cell_tag, row_tag = _SHEET_TAGS[prefixed]
        cells = cell_tag.findall(text)  # (letters, digits, "/" when self-closing)
        rows = row_tag.findall(text)  # (letters, digits)
        self._check_references(cells, rows)
        # An error cell has t="e" (or t='e': looked for only in text with a "'" at all, which a
        # single-byte search tells at once).
        if b'"e"' in text or (b"'" in text and b"'e'" in text):
            for match in _ERROR_CELL.finditer(text):
                ref = _CELL_REF.search(match.group(0).split(b">", 1)[0])
                value = _VALUE.search(match.group(1))
                if ref and value:
                    where = (_row_number(ref.group(2)), _column_number(ref.group(1)))
                    self.errors[where] = value.group(1).decode("utf-8", "replace")
                    formula = _LEADING_FORMULA.match(match.group(1))
                    if formula:  # its result, an error, reads as empty too
                        self.formulas[where] = (formula.group(1) or b"")[:_FORMULA_BYTES]
            if len(self.errors) > MAX_ERROR_CELLS:
                raise _refuse(f"工作表部件“{self.part}”中的错误值单元格过多，已拒绝读取",
                              "PS-W009", self.file)
        if b"<f" in text or b":f" in text:
            self._find_uncalculated(text, prefixed)
        # From here on every reference is at most three letters and seven digits.
        numbered = [digits for _, digits in rows if digits]
        if numbered:
            self._last_row_tag = max(self._last_row_tag, max(map(int, numbered)))
        self._implicit_rows += len(rows) - len(numbered)
        values = [cell for cell in cells if not cell[2]]
        refs = [cell for cell in values if cell[0] and cell[1]]
        self.cells += len(values)
        self._implicit_cells += len(values) - len(refs)  # each sits after the previous one
        if refs:
            self.rows = max(self.rows, max(map(int, {cell[1] for cell in refs})))
            self.columns = max(self.columns, max(map(_column_number, {cell[0] for cell in refs})))

    def _check_references(self, cells: list[tuple[bytes, bytes, bytes]],
                          rows: list[tuple[bytes, bytes]]) -> None:
        """Refuse a cell or row reference beyond ``XFD1048576`` (python-calamine would size
        its grid from it, or wrap it around 32 bits), whatever its length; digits longer than
        seven count as beyond too (no program writes leading zeros).

        Distinct letters and digits are checked, not every cell: a sheet repeats a few dozen.
        """
        letters = {cell[0] for cell in cells}.union(row[0] for row in rows)
        digits = {cell[1] for cell in cells}.union(row[1] for row in rows)
        bad_letters = {text for text in letters if _column_number(text) > MAX_COLUMN}
        bad_digits = {text for text in digits if _row_number(text) > MAX_ROW}
        if not bad_letters and not bad_digits:
            return
        reference = next(letter + digit for letter, digit, *_ in (*cells, *rows)
                         if letter in bad_letters or digit in bad_digits).decode("ascii")
        raise _refuse(f"工作表部件“{self.part}”中的单元格或行的引用“{excerpt(reference, _QUOTED)}”超出了"
                      f" Excel 工作表的范围（最大为 XFD{MAX_ROW}），可能是恶意构造的文件，已拒绝读取",
                      "PS-W009", self.file)

    def _find_uncalculated(self, text: bytes, prefixed: bool) -> None:
        """Record the cells holding a formula without a stored result, with the formula (as
        the XML holds it, cut to what :func:`_formula_text` shows)."""
        columns: dict[bytes, int] = {}
        for attributes, formula in _FORMULA_CELLS[prefixed].findall(text):
            ref = _CELL_REF.search(attributes)
            if ref is None or not ref.group(1) or not ref.group(2):
                continue
            letters = ref.group(1)
            if letters not in columns:
                columns[letters] = _column_number(letters)
            self.formulas[(_row_number(ref.group(2)), columns[letters])] = formula[:_FORMULA_BYTES]
        if len(self.formulas) > MAX_UNCALCULATED_FORMULAS:
            raise _refuse(f"工作表部件“{self.part}”中没有计算结果的公式过多（超过 "
                          f"{MAX_UNCALCULATED_FORMULAS} 个），已拒绝读取", "PS-W009", self.file)


#: What may come before the first tag of an XML part.
_BLANKS_AND_BOM = codecs.BOM_UTF8 + b" \t\r\n"


def _last_cell_end(data: bytes) -> int:
    """The index just after the last ``</c>`` in the final :data:`_CHUNK` bytes, or -1."""
    floor = max(0, len(data) - _CHUNK)
    position = len(data)
    while True:
        position = data.rfind(b"c>", floor, position)
        if position < 0:
            return -1
        start = data.rfind(b"</", floor, position)
        if start >= 0 and _CELL_END.fullmatch(data, start, position + 2):
            return position + 2


def _column_number(letters: bytes) -> int:
    """The column of a reference's letters (``AB`` → 28); past :data:`MAX_COLUMN` when longer
    than three letters, without computing it (a reference may be a megabyte long)."""
    if len(letters) > 3:
        return MAX_COLUMN + 1
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


def _row_number(digits: bytes | str) -> int:
    """The row of a reference's digits (0 when there are none); past :data:`MAX_ROW` when
    longer than seven digits, without converting them (``int`` refuses 4,300 digits)."""
    if len(digits) > 7:
        return MAX_ROW + 1
    return int(digits) if digits else 0


def _count(digits: bytes) -> int:
    """A declared count, capped at 10^20 (which every check refuses anyway)."""
    significant = digits.lstrip(b"0")
    return int(significant) if len(significant) <= 20 else 10 ** 20


#: Bytes of a formula's XML kept: enough for :data:`MAX_FORMULA_TEXT` characters once decoded
#: (a character takes up to four bytes, ``&quot;`` six).
_FORMULA_BYTES = 8 * MAX_FORMULA_TEXT


def _formula_text(formula: bytes) -> str:
    """A formula as users type it (``=NOW()``), cut to :data:`MAX_FORMULA_TEXT` characters;
    "" for a shared formula, whose text another cell holds."""
    if not formula:
        return ""
    text = html.unescape(formula.decode("utf-8", "replace")).strip()
    if len(text) > MAX_FORMULA_TEXT:
        text = text[:MAX_FORMULA_TEXT] + "…"
    return "=" + text


# --------------------------------------------------------------------------- formula-like text

#: Characters that make a typed or imported cell a formula (with their full-width forms,
#: which Chinese input methods produce and Excel accepts).
FORMULA_STARTS = ("=", "+", "-", "@", "＝", "＋", "－", "＠")
_LEADING_BLANKS = " \t\r\n\u3000"


def looks_like_formula(text: Any) -> bool:
    """True when a spreadsheet program would run ``text`` as a formula if typed or imported.

    Leading spaces, tabs, carriage returns and line feeds are skipped first, as Excel and CSV
    importers do (``"\\t=cmd"`` and ``"\\r+cmd"`` are the known tricks). Numbers written as
    text (``-5``, ``+3.5``) are not formulas.
    """
    if not isinstance(text, str):
        return False
    stripped = text.lstrip(_LEADING_BLANKS)
    if not stripped.startswith(FORMULA_STARTS):
        return False
    try:
        float(stripped)
        return False
    except ValueError:
        return True


def csv_text(value: Any) -> Any:
    """``value`` made safe for a CSV file a user opens in Excel: formula-like text gets a ``'``.

    Excel shows ``'=HYPERLINK(...)`` as the literal text ``=HYPERLINK(...)`` and never runs it.
    Values that are not text are returned unchanged.
    """
    if looks_like_formula(value):
        return "'" + value
    return value
