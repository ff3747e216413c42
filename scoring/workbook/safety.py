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
* unsafe (PS-W009): a ``<!DOCTYPE``/``<!ENTITY`` in any XML part (entity-expansion bombs), a
  sheet whose values reach so far that the grid read from ``A1`` would exceed
  :attr:`Limits.max_cells`, a shared-string table declaring more strings than the file holds,
  duplicate part names, or a tag longer than any spreadsheet writes.

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
import io
import os
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import WorkbookFileError

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
#: A cell tag holding a value (not the self-closing ``<c r="B2" s="5"/>`` of formatting
#: alone), with its reference when it has one: (column letters, row digits) or ("", "").
_VALUE_CELL = rb"c(?=[\s>])(?:[^>]*?\sr\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})[\"'])?[^>]*(?<!/)>"
#: A row tag, with its row number when it has one (else "").
_ROW = rb"row(?=[\s/>])(?:[^>]*?\sr\s*=\s*[\"']([0-9]{1,7})[\"'])?[^>]*>"
#: (cell pattern, row pattern) for sheets whose tags carry a namespace prefix (``<x:c>``), and
#: the same without prefixes: the usual case, which a literal ``<c`` makes three times faster.
_SHEET_TAGS = {True: (re.compile(_PREFIX + _VALUE_CELL), re.compile(_PREFIX + _ROW)),
               False: (re.compile(rb"<" + _VALUE_CELL), re.compile(rb"<" + _ROW))}
_STRING_ITEM = re.compile(_PREFIX + rb"si(?=[\s/>])")
_SST = re.compile(_PREFIX + rb"sst(?=[\s/>])[^>]*>")
_CELL_REF = re.compile(rb"\sr\s*=\s*[\"']\$?([A-Za-z]{1,3})\$?([0-9]{1,7})[\"']")
_ERROR_CELL = re.compile(_PREFIX + rb"c\s[^>]*?\bt\s*=\s*[\"']e[\"'][^>]*>(.*?)</(?:[\w.-]+:)?c>", re.DOTALL)
_VALUE = re.compile(rb"<(?:[\w.-]+:)?v>([^<]{1,64})</")
#: A cell whose first child is a formula (the schema puts ``<f>`` before ``<v>``).
_FORMULA_CELL = re.compile(_PREFIX + rb"c\s[^>]*?(?<!/)>\s*<(?:[\w.-]+:)?f[\s>/]")
_CELL_END = re.compile(rb"</(?:[\w.-]+:)?c>")
_UNIQUE_COUNT = re.compile(rb"\suniqueCount\s*=\s*[\"']([0-9]{1,20})[\"']")
_WORKSHEET_PART = re.compile(r"^xl/(?:worksheets|dialogsheets|macrosheets)/[^/]+\.xml$", re.IGNORECASE)
_XML_PART = re.compile(r"\.(?:xml|rels|vml)$", re.IGNORECASE)
_WORKBOOK_PART = "xl/workbook.xml"


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
        find_formulas: Record the cells holding formulas (:attr:`FileFacts.formula_cells`);
            on for master data, whose cells must be typed values.
    """

    max_file_bytes: int = 50 * 1024 * 1024
    max_part_bytes: int = 200 * 1024 * 1024
    max_total_bytes: int = 300 * 1024 * 1024
    max_ratio: float = 400.0
    max_parts: int = 5000
    max_cells: int = 2_000_000
    max_tag_bytes: int = 1024 * 1024
    find_formulas: bool = False


#: Limits for the product's own workbooks (target and self-evaluation forms).
DEFAULT_LIMITS = Limits()
#: Limits for master data files, which list every unit and indicator of a bureau.
MASTER_LIMITS = Limits(max_cells=20_000_000, find_formulas=True)
#: Error cells recorded at most; more is no workbook anybody fills in (PS-W009).
MAX_ERROR_CELLS = 100_000
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
        workbook_xml: The inflated ``xl/workbook.xml`` (sheets and defined names), kept so that
            readers need not open the zip a second time.
        formula_cells: (sheet name, row, column) of every cell holding a formula, when the
            limits ask for them (:attr:`Limits.find_formulas`); python-calamine returns only a
            formula's cached result, so a formula never calculated would read as empty.
    """

    file: str
    size: int
    parts: int
    uncompressed: int
    sheets: tuple[SheetExtent, ...] = field(default_factory=tuple)
    macros: bool = False
    external_links: bool = False
    error_cells: dict[tuple[str, int, int], str] = field(default_factory=dict)
    workbook_xml: bytes = field(default=b"", repr=False)
    formula_cells: frozenset[tuple[str, int, int]] = frozenset()


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


def read_workbook_file(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a workbook file, refusing missing, unreadable and oversized files.

    This is where workbook files are read (the reader and the master data reader use it), so
    the bytes are read once and what the gatekeeper checks is what the parsers see.

    Raises:
        WorkbookFileError: PS-W001 missing or unreadable (or a folder), PS-W004 too big.
    """
    file = str(path)
    try:
        with open(path, "rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            if size > limits.max_file_bytes:
                raise _refuse(f"文件过大（{size / 1e6:.0f} MB，上限 {limits.max_file_bytes / 1e6:.0f} MB），"
                              "已拒绝读取", "PS-W004", file)
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
    names = _check_directory(infos, data, file, limits)
    scans: list[_PartScan] = []
    for info in infos:
        if info.is_dir():
            continue
        scan = _PartScan(info.filename, limits, file)
        _inflate(info, data, file, limits, scan)
        scans.append(scan)
    cells = sum(scan.cells for scan in scans)
    for scan in scans:
        if scan.unique_count is not None and scan.unique_count > max(scan.items, cells) + 1000:
            raise _refuse(f"共享字符串表声明了 {scan.unique_count} 个字符串，实际只有 {scan.items} 个"
                          "（可能是恶意构造的文件），已拒绝读取", "PS-W009", file)
    sheets = tuple(SheetExtent(scan.part, scan.rows, scan.columns) for scan in scans
                   if scan.worksheet)
    error_cells: dict[tuple[str, int, int], str] = {}
    if any(scan.errors for scan in scans):
        sheet_names = _sheet_names(archive, file)
        for scan in scans:
            for (row, column), text in scan.errors.items():
                if scan.part in sheet_names:
                    error_cells[(sheet_names[scan.part], row, column)] = text
    formula_cells: set[tuple[str, int, int]] = set()
    if any(scan.formulas for scan in scans):
        sheet_names = _sheet_names(archive, file)
        formula_cells = {(sheet_names[scan.part], row, column) for scan in scans
                         if scan.part in sheet_names for row, column in scan.formulas}
    return FileFacts(
        file=file, size=len(data), parts=len(infos),
        uncompressed=sum(info.file_size for info in infos),
        sheets=sheets,
        macros=any(name.lower().endswith("vbaproject.bin") for name in names),
        external_links=any(name.lower().startswith("xl/externallinks/") for name in names),
        error_cells=error_cells,
        formula_cells=frozenset(formula_cells),
        workbook_xml=b"".join(next(scan.kept for scan in scans if scan.part == _WORKBOOK_PART)))


def _sheet_names(archive: zipfile.ZipFile, file: str) -> dict[str, str]:
    """Worksheet part → sheet name, from ``xl/workbook.xml`` and its relationships.

    Called only after every part passed the checks above, so the parts are small and free of
    entity declarations; defusedxml parses them anyway.
    """
    from defusedxml import ElementTree

    relationships = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception as exc:  # ParseError, KeyError: reported like any unreadable part
        raise _refuse("工作簿的 workbook.xml 或其关系部件无法读取", "PS-W002", file) from exc
    targets = {}
    for rel in rels:
        target = rel.get("Target", "")
        part = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
        targets[rel.get("Id")] = part
    return {targets[sheet.get(relationships)]: sheet.get("name", "")
            for sheet in workbook.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet")
            if sheet.get(relationships) in targets}


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
                     limits: Limits) -> set[str]:
    """Check the zip's table of contents before inflating anything; returns the part names."""
    if len(infos) > limits.max_parts:
        raise _refuse(f"压缩包内的部件过多（{len(infos)} 个），疑似压缩炸弹，已拒绝读取", "PS-W004", file)
    names: set[str] = set()
    for info in infos:
        if info.filename in names:
            raise _refuse(f"压缩包内有重名的部件“{info.filename}”（可能是恶意构造的文件），已拒绝读取",
                          "PS-W009", file)
        names.add(info.filename)
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
    if "mimetype" in names and data.find(_ODS_MIMETYPE, 0, 200) >= 0:
        raise _refuse("这是 OpenDocument 表格（.ods），请另存为 .xlsx 后再提交", "PS-W002", file)
    if _WORKBOOK_PART not in names:
        if "xl/workbook.bin" in names:
            raise _refuse("这是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后再提交", "PS-W002", file)
        raise _refuse("压缩包中没有工作簿部件 xl/workbook.xml：这不是 Excel 工作簿"
                      "（可能是 Word 文档或普通压缩包）", "PS-W002", file)
    return names


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
    never missed at a chunk boundary. UTF-16 parts are transcoded to UTF-8 first.
    """

    def __init__(self, part: str, limits: Limits, file: str) -> None:
        self.part = part
        self.limits = limits
        self.file = file
        self.xml = bool(_XML_PART.search(part))
        self.worksheet = bool(_WORKSHEET_PART.match(part))
        self.strings = part.lower() == "xl/sharedstrings.xml"
        #: The inflated chunks of ``xl/workbook.xml``, as they came (see FileFacts.workbook_xml).
        self.kept: list[bytes] = []
        self._keep = part == _WORKBOOK_PART
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
        self.formulas: set[tuple[int, int]] = set()

    def feed(self, chunk: bytes) -> None:
        """Scan the next inflated chunk of the part."""
        if self._keep:
            self.kept.append(chunk)
        if not self.xml:
            return
        if not self._started:
            self._started = True
            if chunk.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
                    len(chunk) > 1 and (chunk[0] == 0 or chunk[1] == 0)):
                encoding = "utf-16-be" if chunk.startswith((codecs.BOM_UTF16_BE, b"\x00")) else "utf-16-le"
                self._decoder = codecs.getincrementaldecoder(encoding)("replace")
        if self._decoder is not None:
            chunk = self._decoder.decode(chunk).encode("utf-8")
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
        match = _DECLARATION.search(text)
        if match:
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
                    self.unique_count = int(count.group(1)) if count else 0

    def _scan_sheet(self, text: bytes) -> None:
        # Whole-chunk regular expressions, not a Python loop per cell: this runs for every
        # file collect reads, and a self-evaluation sheet holds hundreds of cells.
        if b'"e"' in text or b"'e'" in text:  # an error cell has t="e"
            for match in _ERROR_CELL.finditer(text):
                ref = _CELL_REF.search(match.group(0).split(b">", 1)[0])
                value = _VALUE.search(match.group(1))
                if ref and value:
                    self.errors[(int(ref.group(2)), _column_number(ref.group(1)))] = \
                        value.group(1).decode("utf-8", "replace")
            if len(self.errors) > MAX_ERROR_CELLS:
                raise _refuse(f"工作表部件“{self.part}”中的错误值单元格过多，已拒绝读取",
                              "PS-W009", self.file)
        if self.limits.find_formulas and (b"<f" in text or b":f" in text):
            for match in _FORMULA_CELL.finditer(text):
                ref = _CELL_REF.search(match.group(0))
                if ref:
                    self.formulas.add((int(ref.group(2)), _column_number(ref.group(1))))
        cell_tag, row_tag = _SHEET_TAGS[b":c" in text or b":row" in text]
        rows = row_tag.findall(text)
        numbered = [int(row) for row in rows if row]
        if numbered:
            self._last_row_tag = max(self._last_row_tag, max(numbered))
        self._implicit_rows += len(rows) - len(numbered)
        cells = cell_tag.findall(text)
        refs = [ref for ref in cells if ref[0]]
        self.cells += len(cells)
        self._implicit_cells += len(cells) - len(refs)  # each sits after the previous one
        if refs:
            self.rows = max(self.rows, max(map(int, {row for _, row in refs})))
            self.columns = max(self.columns, max(map(_column_number,
                                                     {letters for letters, _ in refs})))


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
    number = 0
    for byte in letters.upper():
        number = number * 26 + byte - 64
    return number


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
