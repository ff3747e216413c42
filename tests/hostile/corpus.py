"""The hostile and broken input corpus, built by code into a folder (nothing binary is committed).

Every case is a function ``(folder) -> Path`` registered in :data:`FILES` with the error code a
reader must answer; :func:`build_all` writes them all. The product workbooks the damaged cases
start from come from the real writer (:func:`product_workbook`), so a change of layout is
followed automatically. Zip bombs are built cheaply: deflating a megabyte of zeros with a full
flush gives the same 1 KB block every time, so a gigabyte part is that block repeated, and
:func:`raw_zip` writes a zip container by hand, free to lie about sizes the way attackers do.
"""

from __future__ import annotations

import io
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from openpyxl import load_workbook

from scoring.example import load_example
from scoring.workbook.files import save_workbook
from scoring.workbook.writer import build_evaluation_workbook, build_target_workbook

MB = 1 << 20
#: The sheet part of the self-evaluation form in a workbook the writer made.
EVALUATION_SHEET_PART = "xl/worksheets/sheet1.xml"


@dataclass(frozen=True)
class Member:
    """One part of a hand-written zip: its name, compressed bytes and what it declares."""

    name: str
    compressed: bytes
    method: int
    crc: int
    declared_size: int
    offset_of: str | None = None  # share the local entry of another member (overlapping bomb)


def stored(name: str, data: bytes) -> Member:
    """A part as written by a normal zip tool."""
    deflater = zlib.compressobj(6, zlib.DEFLATED, -15)
    packed = deflater.compress(data) + deflater.flush()
    return Member(name, packed, zipfile.ZIP_DEFLATED, zlib.crc32(data), len(data))


def zeros_stream(megabytes: int) -> bytes:
    """A raw deflate stream inflating to ``megabytes`` MB of zeros, built in milliseconds."""
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = deflater.compress(bytes(MB)) + deflater.flush(zlib.Z_FULL_FLUSH)
    return block * megabytes + deflater.flush()


def raw_zip(members: list[Member]) -> bytes:
    """A zip container written by hand: sizes and CRCs are whatever the members declare."""
    out = io.BytesIO()
    offsets: list[int] = []
    first_offset: dict[str, int] = {}
    for member in members:
        if member.offset_of is not None:
            offsets.append(first_offset[member.offset_of])
            continue
        offsets.append(out.tell())
        first_offset.setdefault(member.name, out.tell())
        name = member.name.encode("utf-8")
        out.write(struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0x800, member.method, 0, 0,
                              member.crc, len(member.compressed),
                              min(member.declared_size, 0xFFFFFFFF), len(name), 0))
        out.write(name)
        out.write(member.compressed)
    directory = io.BytesIO()
    for member, offset in zip(members, offsets):
        name = member.name.encode("utf-8")
        source = next(m for m in members if m.name == (member.offset_of or member.name))
        directory.write(struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0x800, source.method, 0, 0, source.crc,
            len(source.compressed), min(member.declared_size, 0xFFFFFFFF), len(name), 0, 0, 0,
            0, 0, offset))
        directory.write(name)
    start = out.tell()
    out.write(directory.getvalue())
    out.write(struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(members), len(members),
                          len(directory.getvalue()), start, 0))
    return out.getvalue()


def zip_parts(data: bytes) -> dict[str, bytes]:
    """The parts of a workbook, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    """A normal zip of ``parts`` (what Excel would write)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return out.getvalue()


_PRODUCT: dict[str, bytes] = {}


def product_workbook(kind: str = "evaluation", variant: str = "portable") -> bytes:
    """A real workbook of the product (the built-in example, 99 points), as bytes (cached)."""
    key = f"{kind}-{variant}"
    if key not in _PRODUCT:
        example = load_example()
        if kind == "evaluation":
            wb = build_evaluation_workbook(example.framework, example.inputs, unit_code="001001",
                                           unit_name=example.target_form.unit_name, year=2024,
                                           variant=variant)
        else:
            wb = build_target_workbook(example.target_form, variant)
        stream = io.BytesIO()
        wb.save(stream)
        _PRODUCT[key] = stream.getvalue()
    return _PRODUCT[key]


def with_part(data: bytes, name: str, edit: Callable[[bytes], bytes]) -> bytes:
    """``data`` with one part rewritten by ``edit``."""
    parts = zip_parts(data)
    parts[name] = edit(parts.get(name, b""))
    return rezip(parts)


def _after_declaration(xml: bytes, insert: bytes) -> bytes:
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:end] + insert + xml[end:]


#: The classic "billion laughs": nine levels of ten references, 3 GB once expanded.
BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1
                                                          else b"&lol;") * 10)
                             for i in range(1, 10)) + b"]>")


# --------------------------------------------------------------------------- the cases


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def empty(folder: Path) -> Path:
    return _write(folder, "空文件.xlsx", b"")


def text_renamed(folder: Path) -> Path:
    return _write(folder, "改了扩展名的CSV.xlsx", "单位编码,单位名称\n001,办公厅\n".encode())


def truncated(folder: Path) -> Path:
    data = product_workbook()
    return _write(folder, "下载中断.xlsx", data[: len(data) // 2])


def corrupted_member(folder: Path) -> Path:
    """A bit flipped in the middle of the sheet part's compressed bytes."""
    data = bytearray(product_workbook())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo(EVALUATION_SHEET_PART)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    data[middle] ^= 0xFF
    return _write(folder, "部件损坏.xlsx", bytes(data))


def not_a_spreadsheet_zip(folder: Path) -> Path:
    return _write(folder, "其实是Word.xlsx", rezip({
        "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
        "word/document.xml": b'<?xml version="1.0"?><document/>'}))


def ods(folder: Path) -> Path:
    return _write(folder, "其实是ODS.xlsx", raw_zip([
        Member("mimetype", b"application/vnd.oasis.opendocument.spreadsheet", 0,
               zlib.crc32(b"application/vnd.oasis.opendocument.spreadsheet"), 46),
        stored("content.xml", b'<?xml version="1.0"?><office:document-content/>')]))


def legacy_xls(folder: Path) -> Path:
    """A real Excel 97-2003 file, converted by LibreOffice (needs soffice)."""
    source = folder / "旧版.xlsx"
    source.write_bytes(product_workbook("target"))
    subprocess.run(["soffice", "--headless", "--norestore", "--convert-to", "xls",
                    "--outdir", str(folder), str(source)], check=True, capture_output=True,
                   timeout=180)
    source.unlink()
    return folder / "旧版.xls"


def encrypted(folder: Path) -> Path:
    """The example workbook with an opening password (ECMA-376 agile encryption)."""
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(product_workbook())).encrypt("密码123", out)
    return _write(folder, "加密.xlsx", out.getvalue())


def entity_bomb_in_sheet(folder: Path) -> Path:
    def edit(xml: bytes) -> bytes:
        xml = _after_declaration(xml, BILLION_LAUGHS)
        return xml.replace(b"<sheetData>", b'<sheetData><row r="1"><c r="A1" t="inlineStr">'
                                            b"<is><t>&lol9;</t></is></c></row>", 1)
    return _write(folder, "实体炸弹_工作表.xlsx",
                  with_part(product_workbook(), EVALUATION_SHEET_PART, edit))


def with_shared_strings(data: bytes, table: bytes) -> bytes:
    """``data`` with a shared-string table (as Excel writes; openpyxl writes inline strings),
    the title cell A1 pointing at its first string."""
    parts = zip_parts(data)
    parts["xl/sharedStrings.xml"] = table
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml" Id="rIdStrings" />'
        b"</Relationships>")
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                     b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
    sheet = parts[EVALUATION_SHEET_PART]
    start = sheet.index(b'<c r="A1"')
    end = sheet.index(b"</c>", start) + 4
    style = sheet[start:end].split(b's="', 1)[1].split(b'"', 1)[0]
    parts[EVALUATION_SHEET_PART] = (sheet[:start] + b'<c r="A1" s="' + style
                                    + b'" t="s"><v>0</v></c>' + sheet[end:])
    return rezip(parts)


def _strings(root: bytes, items: bytes, prolog: bytes = b"") -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog + b"<sst "
            b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' + root + b">"
            + items + b"</sst>")


def shared_strings_ok(folder: Path) -> Path:
    """The example with its title in a shared-string table: read normally."""
    table = _strings(b'count="1" uniqueCount="1"', "<si><t>整体绩效评价指标框架</t></si>".encode())
    return _write(folder, "共享字符串.xlsx", with_shared_strings(product_workbook(), table))


def entity_bomb_in_strings(folder: Path) -> Path:
    table = _strings(b'count="1" uniqueCount="1"', b"<si><t>&lol9;</t></si>", BILLION_LAUGHS)
    return _write(folder, "实体炸弹_共享字符串.xlsx", with_shared_strings(product_workbook(), table))


def external_entity(folder: Path) -> Path:
    table = _strings(b'count="1" uniqueCount="1"', b"<si><t>&xxe;</t></si>",
                     b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    return _write(folder, "外部实体.xlsx", with_shared_strings(product_workbook(), table))


def _product_members() -> list[Member]:
    return [stored(name, data) for name, data in zip_parts(product_workbook()).items()]


def zip_bomb_declared(folder: Path) -> Path:
    """A 3 GB part of zeros (about 3 MB in the file), sizes declared honestly."""
    bomb = Member("xl/media/image1.png", zeros_stream(3 * 1024), zipfile.ZIP_DEFLATED, 0,
                  3 * 1024 * MB)
    return _write(folder, "压缩炸弹_声明.xlsx", raw_zip(_product_members() + [bomb]))


def zip_bomb_lying(folder: Path) -> Path:
    """A sheet part declaring 10 KB whose stream inflates to 1 GB."""
    members = [m for m in _product_members() if m.name != EVALUATION_SHEET_PART]
    bomb = Member(EVALUATION_SHEET_PART, zeros_stream(1024), zipfile.ZIP_DEFLATED, 0, 10_000)
    return _write(folder, "压缩炸弹_谎报大小.xlsx", raw_zip(members + [bomb]))


def zip_bomb_overlapping(folder: Path) -> Path:
    """Two hundred directory entries sharing one 50 MB kernel: 10 GB from 50 KB."""
    kernel = Member("xl/media/image0.png", zeros_stream(50), zipfile.ZIP_DEFLATED, 0, 50 * MB)
    copies = [Member(f"xl/media/image{i}.png", b"", 0, 0, 50 * MB, offset_of=kernel.name)
              for i in range(1, 200)]
    return _write(folder, "压缩炸弹_重叠.xlsx", raw_zip(_product_members() + [kernel] + copies))


def zip_bomb_ratio(folder: Path) -> Path:
    """One 150 MB part of zeros: under the size caps, but a ratio only bombs reach."""
    bomb = Member("xl/media/image1.png", zeros_stream(150), zipfile.ZIP_DEFLATED, 0, 150 * MB)
    return _write(folder, "压缩炸弹_压缩比.xlsx", raw_zip(_product_members() + [bomb]))


def million_rows(folder: Path) -> Path:
    """One value in XFD1048576: a reader building the grid from A1 would need 17 billion cells."""
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c>'
                                            b"</row></sheetData>", 1)
    return _write(folder, "百万行.xlsx", with_part(product_workbook(), EVALUATION_SHEET_PART, edit))


def shared_strings_count(folder: Path) -> Path:
    """A shared-string table declaring two billion strings (python-calamine reserves 51 GB)."""
    table = _strings(b'count="1" uniqueCount="2147483647"', b"<si><t>title</t></si>")
    return _write(folder, "共享字符串计数.xlsx", with_shared_strings(product_workbook(), table))


def duplicate_part(folder: Path) -> Path:
    """The sheet part twice under one name: readers disagree on which one counts."""
    members = _product_members()
    sheet = next(m for m in members if m.name == EVALUATION_SHEET_PART)
    return _write(folder, "重名部件.xlsx", raw_zip(members + [sheet]))


def million_row_dimension(folder: Path) -> Path:
    """Only the declared dimension claims a million rows: read normally, never allocated."""
    def edit(xml: bytes) -> bytes:
        start = xml.index(b"<dimension")
        end = xml.index(b"/>", start) + 2
        return xml[:start] + b'<dimension ref="A1:XFD1048576"/>' + xml[end:]
    return _write(folder, "声明百万行.xlsx", with_part(product_workbook(), EVALUATION_SHEET_PART, edit))


def with_macros(folder: Path) -> Path:
    """The example saved as .xlsm with a VBA project: read, reported, never run or copied."""
    parts = zip_parts(product_workbook())
    parts["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"Attribute VB_Name" * 64
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
                     b"</Types>")
    return _write(folder, "带宏.xlsm", rezip(parts))


# --------------------------------------------------------------------------- round 2: walk-arounds

#: A value in the last cell of a sheet: from A1, a grid of 17 billion cells.
FAR_VALUE = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'


def _append_rows(xml: bytes, rows: bytes) -> bytes:
    return xml.replace(b"</sheetData>", rows + b"</sheetData>", 1)


def sheet_moved(parts: dict[str, bytes], name: str, target: str) -> None:
    """Move the self-evaluation sheet part to ``name``, the workbook's relationship pointing at
    it as ``target`` (relative to ``xl/``), content types following."""
    parts[name] = parts.pop(EVALUATION_SHEET_PART)
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'"/' + EVALUATION_SHEET_PART.encode() + b'"', b'"' + target.encode() + b'"')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b'"/' + EVALUATION_SHEET_PART.encode() + b'"', b'"/' + name.encode() + b'"')


def _far_sheet_at(folder: Path, file: str, name: str, target: str) -> Path:
    parts = zip_parts(product_workbook())
    parts[EVALUATION_SHEET_PART] = _append_rows(parts[EVALUATION_SHEET_PART], FAR_VALUE)
    sheet_moved(parts, name, target)
    return _write(folder, file, rezip(parts))


def sheet_as_bin(folder: Path) -> Path:
    """The sheet stored as ``xl/data/foo.bin`` with a value in XFD1048576: python-calamine
    follows the relationship wherever it points, and aborts."""
    return _far_sheet_at(folder, "工作表改名为bin.xlsx", "xl/data/foo.bin", "data/foo.bin")


def sheet_beside_workbook(folder: Path) -> Path:
    """The same as ``xl/s.xml``, named in another case by its relationship (``S.XML``)."""
    return _far_sheet_at(folder, "工作表在xl下.xlsx", "xl/s.xml", "S.XML")


def sheet_target_with_entity(folder: Path) -> Path:
    """The relationship names ``data/f&amp;.bin``: the gatekeeper (defusedxml) reads
    ``xl/data/f&.bin``, a sound sheet; python-calamine takes the target as written and opens
    ``xl/data/f&amp;.bin``, which reaches past row 1,048,576."""
    parts = zip_parts(product_workbook())
    sound = parts[EVALUATION_SHEET_PART]
    sheet_moved(parts, "xl/data/f&.bin", "data/f&amp;.bin")
    parts["xl/data/f&amp;.bin"] = _append_rows(sound, FAR_VALUE)
    return _write(folder, "关系目标含转义.xlsx", rezip(parts))


def sheet_with_backslashes(folder: Path) -> Path:
    """The sheet part named ``xl\\worksheets\\sheet1.xml``: python-calamine reads ``\\``
    as ``/``."""
    parts = zip_parts(product_workbook())
    sheet = _append_rows(parts.pop(EVALUATION_SHEET_PART), FAR_VALUE)
    parts[EVALUATION_SHEET_PART.replace("/", "\\")] = sheet
    return _write(folder, "反斜杠部件名.xlsx", rezip(parts))


def other_main_part(folder: Path) -> Path:
    """``_rels/.rels`` names ``other/workbook.xml`` as the workbook: python-calamine reads that
    one (and its far sheet), while ``xl/workbook.xml`` stays harmless."""
    parts = zip_parts(product_workbook())
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"xl/workbook.xml", b"other/workbook.xml")
    parts["other/workbook.xml"] = parts["xl/workbook.xml"]
    parts["other/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'"/' + EVALUATION_SHEET_PART.encode() + b'"', b'"sheet.xml"')
    parts["other/sheet.xml"] = _append_rows(parts[EVALUATION_SHEET_PART], FAR_VALUE)
    return _write(folder, "另一个主部件.xlsx", rezip(parts))


def _reference_beyond(file: str, row: bytes, cell: bytes) -> Callable[[Path], Path]:
    """A builder: the example with one more value, at a reference beyond ``XFD1048576``."""
    def build(folder: Path) -> Path:
        rows = b'<row r="%s"><c r="%s"><v>1</v></c></row>' % (row, cell)
        return _write(folder, file, with_part(product_workbook(), EVALUATION_SHEET_PART,
                                              lambda xml: _append_rows(xml, rows)))
    build.__doc__ = f"A value in {cell.decode()}: beyond the last row or column of Excel."
    return build


def row_without_cell_references(folder: Path) -> Path:
    """A row numbered 99,999,999 whose cells carry no reference: they sit in that row."""
    rows = b'<row r="99999999"><c><v>1</v></c></row>'
    return _write(folder, "行号九位.xlsx", with_part(product_workbook(), EVALUATION_SHEET_PART,
                                                    lambda xml: _append_rows(xml, rows)))


def shared_strings_with_backslash(folder: Path) -> Path:
    """The lying shared-string table stored as ``xl\\sharedStrings.xml``."""
    table = _strings(b'count="1" uniqueCount="2147483647"', b"<si><t>title</t></si>")
    parts = zip_parts(with_shared_strings(product_workbook(), table))
    parts["xl\\sharedStrings.xml"] = parts.pop("xl/sharedStrings.xml")
    return _write(folder, "共享字符串反斜杠.xlsx", rezip(parts))


def shared_strings_zero_padded(folder: Path) -> Path:
    """``uniqueCount="0000000000000000002147483647"``: python-calamine skips the zeros."""
    padded = b"0" * 18 + b"2147483647"
    table = _strings(b'count="1" uniqueCount="' + padded + b'"', b"<si><t>title</t></si>")
    return _write(folder, "共享字符串前导零.xlsx", with_shared_strings(product_workbook(), table))


def duplicate_part_in_case(folder: Path) -> Path:
    """``XL/Worksheets/Sheet1.xml`` beside ``xl/worksheets/sheet1.xml``: part names do not
    differ by case, and readers would disagree on which one counts."""
    parts = zip_parts(product_workbook())
    parts["XL/Worksheets/Sheet1.xml"] = _append_rows(parts[EVALUATION_SHEET_PART], FAR_VALUE)
    return _write(folder, "大小写重名部件.xlsx", rezip(parts))


def entity_bomb_in_bin_part(folder: Path) -> Path:
    """An entity declaration in a part whose name does not say XML (``customXml/item1.bin``)."""
    parts = zip_parts(product_workbook())
    parts["customXml/item1.bin"] = b"\xef\xbb\xbf\r\n  " + BILLION_LAUGHS + b"<r>&lol9;</r>"
    return _write(folder, "实体炸弹_bin部件.xlsx", rezip(parts))


def ods_inside_xlsx(folder: Path) -> Path:
    """The example with the parts of an .ods beside its own (``mimetype`` last, deflated) and
    a workbook.xml that python-calamine cannot open as .xlsx, so that it tries the .ods next
    (with a real ``content.xml`` it reads that one, unchecked)."""
    parts = zip_parts(product_workbook())
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b'r:id="rId1"', b'r:id="rId99"')
    parts["content.xml"] = b'<?xml version="1.0"?><office:document-content/>'
    parts["mimetype"] = b"application/vnd.oasis.opendocument.spreadsheet"
    return _write(folder, "夹带ODS.xlsx", rezip(parts))


def _defined_name(file: str, reference: bytes) -> Callable[[Path], Path]:
    """A builder: the example with the 实际完成值 column's defined name pointing at ``reference``."""
    def build(folder: Path) -> Path:
        def edit(xml: bytes) -> bytes:
            start = xml.index(b'<definedName name="eval_actual">')
            end = xml.index(b"</definedName>", start)
            return xml[:start] + b'<definedName name="eval_actual">' + reference + xml[end:]
        return _write(folder, file, with_part(product_workbook(), "xl/workbook.xml", edit))
    build.__doc__ = f"The defined name eval_actual pointing at {reference.decode()}."
    return build


@dataclass(frozen=True)
class Case:
    """A corpus file and what a reader must answer: an error code, or None (read normally)."""

    build: Callable[[Path], Path]
    code: str | None
    libreoffice: bool = False


#: Every file of the corpus, by name.
FILES: dict[str, Case] = {
    "empty": Case(empty, "PS-W002"),
    "text_renamed": Case(text_renamed, "PS-W002"),
    "truncated": Case(truncated, "PS-W002"),
    "corrupted_member": Case(corrupted_member, "PS-W002"),
    "not_a_spreadsheet_zip": Case(not_a_spreadsheet_zip, "PS-W002"),
    "ods": Case(ods, "PS-W002"),
    "legacy_xls": Case(legacy_xls, "PS-W002", libreoffice=True),
    "encrypted": Case(encrypted, "PS-W003"),
    "entity_bomb_in_sheet": Case(entity_bomb_in_sheet, "PS-W009"),
    "entity_bomb_in_strings": Case(entity_bomb_in_strings, "PS-W009"),
    "external_entity": Case(external_entity, "PS-W009"),
    "zip_bomb_declared": Case(zip_bomb_declared, "PS-W004"),
    "zip_bomb_lying": Case(zip_bomb_lying, "PS-W004"),
    "zip_bomb_overlapping": Case(zip_bomb_overlapping, "PS-W004"),
    "zip_bomb_ratio": Case(zip_bomb_ratio, "PS-W004"),
    "million_rows": Case(million_rows, "PS-W009"),
    "shared_strings_count": Case(shared_strings_count, "PS-W009"),
    "duplicate_part": Case(duplicate_part, "PS-W009"),
    "million_row_dimension": Case(million_row_dimension, None),
    "with_macros": Case(with_macros, None),
    "shared_strings_ok": Case(shared_strings_ok, None),
    # round 2: size checks python-calamine could walk around
    "sheet_as_bin": Case(sheet_as_bin, "PS-W009"),
    "sheet_beside_workbook": Case(sheet_beside_workbook, "PS-W009"),
    "sheet_with_backslashes": Case(sheet_with_backslashes, "PS-W009"),
    "sheet_target_with_entity": Case(sheet_target_with_entity, "PS-W009"),
    "other_main_part": Case(other_main_part, "PS-W009"),
    "column_past_xfd": Case(_reference_beyond("列XFE.xlsx", b"100", b"XFE100"), "PS-W009"),
    "row_past_1048576": Case(_reference_beyond("行1048577.xlsx", b"1048577", b"A1048577"),
                             "PS-W009"),
    "row_ten_million": Case(_reference_beyond("行一千万.xlsx", b"10000000", b"R10000000"), "PS-W009"),
    "column_four_letters": Case(_reference_beyond("列四个字母.xlsx", b"2000", b"ZZZZ2000"), "PS-W009"),
    "row_eleven_digits": Case(_reference_beyond("行号十一位.xlsx", b"99999999999", b"A99999999999"),
                              "PS-W009"),
    "row_without_cell_references": Case(row_without_cell_references, "PS-W009"),
    "shared_strings_with_backslash": Case(shared_strings_with_backslash, "PS-W009"),
    "shared_strings_zero_padded": Case(shared_strings_zero_padded, "PS-W009"),
    "duplicate_part_in_case": Case(duplicate_part_in_case, "PS-W009"),
    "entity_bomb_in_bin_part": Case(entity_bomb_in_bin_part, "PS-W009"),
    "ods_inside_xlsx": Case(ods_inside_xlsx, "PS-W009"),
    "defined_name_past_last_row": Case(_defined_name("定义名称超出范围.xlsx",
                                                     "'自评表'!$K$5:$K$99999999999".encode()),
                                       "PS-W009"),
    "defined_name_huge_area": Case(_defined_name("定义名称区域过大.xlsx",
                                                 "'自评表'!$A$5:$R$100000".encode()), "PS-W009"),
}


def build_all(folder: Path, *, libreoffice: bool = False) -> dict[str, Path]:
    """Write every corpus file into ``folder``; LibreOffice cases only when asked."""
    folder.mkdir(parents=True, exist_ok=True)
    return {name: case.build(folder) for name, case in FILES.items()
            if libreoffice or not case.libreoffice}


# --------------------------------------------------------------------------- damaged product files


def save_product(folder: Path, name: str, edit: Callable[..., None] | None = None,
                 kind: str = "evaluation", variant: str = "portable") -> Path:
    """A product workbook edited with openpyxl (``edit(wb)``) as a user or script would."""
    wb = load_workbook(io.BytesIO(product_workbook(kind, variant)))
    if edit is not None:
        edit(wb)
    return save_workbook(wb, folder / name)


def name_cell(wb, name: str) -> tuple[str, str]:
    """(sheet, ref) of a single-cell defined name."""
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return sheet, ref.replace("$", "").split(":")[0]


def shift_rows(wb, sheet: str, at: int, count: int) -> None:
    """Insert (``count`` > 0) or delete (< 0) rows at ``at`` and move defined names as Excel does.

    openpyxl moves the cells but leaves names alone; Excel moves references below the edit and
    grows or shrinks the areas that span it. This does the latter, so a test sees what a user's
    Excel would save.
    """
    import re

    ws = wb[sheet]
    if count > 0:
        ws.insert_rows(at, count)
    else:
        ws.delete_rows(at, -count)

    def moved(row: int, end: bool) -> int:
        if row < at:
            return row
        if count < 0 and row < at - count:
            return at - 1 if end else at
        return row + count

    for name, defined in list(wb.defined_names.items()):
        if f"'{sheet}'!" not in (defined.attr_text or ""):
            continue

        def fix(match: re.Match[str]) -> str:
            first = int(match.group(2))
            last = int(match.group(4)) if match.group(4) else None
            if last is None:
                return f"${match.group(1)}${moved(first, False)}"
            return (f"${match.group(1)}${moved(first, False)}:"
                    f"${match.group(3)}${moved(last, True)}")

        defined.attr_text = re.sub(r"\$([A-Z]+)\$(\d+)(?::\$([A-Z]+)\$(\d+))?", fix,
                                   defined.attr_text)
