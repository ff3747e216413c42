"""Reading a large sheet a slice of rows at a time (:mod:`scoring.workbook.row_slices`): the
rows are python-calamine's, whatever the slices; what slicing could misread is refused."""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable

import pandas as pd
import pytest
from openpyxl import Workbook, load_workbook
from python_calamine import CalamineWorkbook

from scoring.batch.master import INDICATORS, UNITS, example_frames, load_master, write_master
from scoring.errors import MasterDataError, WorkbookFileError
from scoring.workbook import row_slices
from scoring.workbook.safety import inspect_workbook_bytes


@pytest.fixture
def pieces(monkeypatch) -> list[int]:
    """Small reads (so that pieces end early) and the size of every piece python-calamine got."""
    sizes: list[int] = []
    package = row_slices._package

    def counted(base: dict[str, bytes], part: str, piece: bytes) -> bytes:
        sizes.append(len(piece))
        return package(base, part, piece)

    monkeypatch.setattr(row_slices, "_CHUNK", 97)
    monkeypatch.setattr(row_slices, "_package", counted)
    return sizes


def _whole(data: bytes, sheet: str) -> list[list]:
    """python-calamine's rows of the whole sheet from A1, as the master reader took them before."""
    grid = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet)
    return _trimmed(grid.to_python(skip_empty_area=False))


def _trimmed(rows) -> list[list]:
    """Rows without trailing empty cells and without trailing empty rows (slices of a sheet may
    be narrower than the sheet)."""
    kept = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        kept.append(row)
    while kept and not kept[-1]:
        kept.pop()
    return kept


def _sliced(data: bytes, sheet: str, slice_bytes: int) -> list[list]:
    facts = inspect_workbook_bytes(data, "表.xlsx")
    return _trimmed(row_slices.Sheets(data, facts).rows(sheet, slice_bytes))


def _saved(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


_PART = "xl/worksheets/sheet1.xml"


def _sheet(change: Callable[[bytes], bytes]) -> bytes:
    """A workbook whose only sheet ("表") is openpyxl's empty sheet XML, changed by ``change``."""
    wb = Workbook()
    wb.active.title = "表"
    source = zipfile.ZipFile(io.BytesIO(_saved(wb)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            archive.writestr(info.filename, change(content) if info.filename == _PART else content)
    return out.getvalue()


def _with_rows(rows_xml: bytes, open_tag: bytes = b"<sheetData>") -> bytes:
    """A workbook whose only sheet ("表") holds ``rows_xml`` as its sheet data."""
    return _sheet(lambda content: content[:content.index(b"<sheetData")] + open_tag + rows_xml
                  + b"</sheetData></worksheet>")


def _row(number: int | None, text: str) -> bytes:
    if number is None:
        return f'<row><c t="inlineStr"><is><t>{text}</t></is></c></row>'.encode()
    cell = f'<c r="A{number}" t="inlineStr"><is><t>{text}</t></is></c>'
    return f'<row r="{number}">{cell}</row>'.encode()


def test_a_sheet_read_in_slices_reads_as_python_calamine_reads_it_whole(pieces):
    """Shared strings, numbers, dates, booleans, blank cells, leading empty rows and columns,
    a run of empty rows: every slice size gives python-calamine's rows of the whole sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = "单位"
    for number in range(3, 403):
        if 200 <= number < 230:
            continue  # empty rows inside the table
        ws.cell(number, 2, f"单位{number % 17}")
        ws.cell(number, 3, number * 1.5)
        ws.cell(number, 4, datetime.date(2024, 1 + number % 12, 1) if number % 5 else None)
        ws.cell(number, 5, number % 3 == 0)
        ws.cell(number, 7, number)
    data = _saved(wb)
    whole = _whole(data, "单位")
    assert whole[2][1:3] == ["单位3", 4.5] and whole[0] == [] and len(whole) == 402
    for slice_bytes in (1, 500, 4000, 1 << 20):
        pieces.clear()
        assert _sliced(data, "单位", slice_bytes) == whole, slice_bytes
        assert len(pieces) > 1 or slice_bytes == 1 << 20, (slice_bytes, pieces)


def test_a_large_sheet_is_read_in_pieces_of_about_the_slice_size(pieces):
    data = _with_rows(b"".join(_row(number, f"第{number}行") for number in range(1, 3001)))
    rows = _sliced(data, "表", 20_000)
    assert rows == [[f"第{number}行"] for number in range(1, 3001)]
    assert len(pieces) >= 5 and max(pieces[:-1]) < 20_000 + 2_000, pieces


def test_rows_without_numbers_are_read_whole(pieces):
    """python-calamine numbers a row without ``r`` after the row before it, which a new piece
    would not know: no piece starts at such a row (here: none at all, so the sheet is read
    whole from the file)."""
    data = _with_rows(_row(1, "甲") + b"".join(_row(None, f"乙{i}") for i in range(400)))
    assert _sliced(data, "表", 100) == _whole(data, "表") == [["甲"]] + [[f"乙{i}"] for i in range(400)]
    assert pieces == []


@pytest.mark.parametrize("row_tag", ['<row x:r="{n}">', '<row ht="15 r={n}">', "<row data-r='{n}'>"])
def test_only_an_attribute_named_r_numbers_a_row(pieces, row_tag):
    """python-calamine reads the row number from the attribute ``r`` alone: a row whose tag only
    looks numbered starts no piece (python-calamine would number it after the previous row)."""
    rows = b"".join(f'{row_tag.format(n=n)}<c t="inlineStr"><is><t>第{n}行</t></is></c></row>'.encode()
                    for n in range(1, 200))
    data = _with_rows(_row(1, "表头") + rows)
    assert _sliced(data, "表", 100) == _whole(data, "表")
    assert pieces == []


HIDING = {
    "a row end inside CDATA": (b'<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[x</row>'
                               b'<row r="3">y]]></t></is></c></row>'),
    "a comment around rows": b'<!-- <row r="2"><c r="A2" t="inlineStr"><is><t>hidden</t></is></c></row> -->',
    "a processing instruction": b'<?pi </row><row r="3"> ?>',
    "rows after the end of sheetData": (b'</sheetData><sheetData><row r="2"><c r="A2" t="inlineStr">'
                                        b'<is><t>forged</t></is></c></row>'),
}


@pytest.mark.parametrize("hiding", HIDING, ids=list(HIDING))
def test_a_sheet_whose_tags_may_hide_is_read_whole(pieces, hiding):
    """A comment, CDATA section or processing instruction anywhere in the part, or a second
    ``sheetData``, could make a ``</row>`` that is no tag or rows python-calamine never reads:
    such a part is read whole from the file, exactly as python-calamine reads it."""
    rows = b"".join(_row(number, f"第{number}行") for number in range(4, 300))
    data = _with_rows(_row(1, "a") + HIDING[hiding] + rows)
    whole = _whole(data, "表")
    assert _sliced(data, "表", 100) == whole and whole[0] == ["a"]
    assert ["forged"] not in whole and ["hidden"] not in whole  # python-calamine's reading
    assert pieces == []


def test_a_sheet_data_tag_in_a_comment_before_the_root_is_no_head(pieces):
    """A ``<sheetData>`` in a comment before the sheet's root is not taken for its rows' start."""
    rows = b"".join(_row(number, f"第{number}行") for number in range(1, 300))
    data = _sheet(lambda content: b"<!-- <worksheet><sheetData> -->"
                  + content[content.index(b"<worksheet"):content.index(b"<sheetData")]
                  + b"<sheetData>" + rows + b"</sheetData></worksheet>")
    assert _sliced(data, "表", 100) == _whole(data, "表") == [[f"第{n}行"] for n in range(1, 300)]
    assert pieces == []


def test_rows_out_of_order_across_slices_are_refused_with_the_row(pieces):
    """Within one piece python-calamine orders rows as it does for the whole sheet; a row that
    goes back across pieces cannot be put in place after the rows read: refused, located."""
    rows = b"".join(_row(number, "e") for number in range(1, 20)) + _row(2, "后补")
    data = _with_rows(rows + b"".join(_row(number, "f") for number in range(20, 40)))
    assert _whole(data, "表")[1] == ["后补"]
    with pytest.raises(WorkbookFileError) as caught:
        _sliced(data, "表", 200)
    assert (caught.value.code, caught.value.sheet, caught.value.row) == ("PS-W002", "表", 2)
    assert "行的顺序错乱" in caught.value.message


def test_a_master_read_in_slices_gives_the_same_units_and_messages(tmp_path, monkeypatch, pieces):
    """The master reader takes its rows from the slices: sixty units read with tiny slices are
    the units read with each sheet in one piece, with the same located messages."""
    frames = example_frames()
    units, indicators = frames[UNITS.sheet], frames[INDICATORS.sheet]
    codes = [f"{number:06d}" for number in range(2001, 2061)]
    frames = {**frames,
              UNITS.sheet: pd.concat([units.assign(**{"单位编码": code, "单位名称": f"测试局{code}"})
                                      for code in codes], ignore_index=True),
              INDICATORS.sheet: pd.concat([indicators.assign(**{"单位编码": code}) for code in codes],
                                          ignore_index=True)}
    frames[INDICATORS.sheet].loc[700, "全年指标值"] = "≥9o%"  # one located mistake
    path = write_master(frames, tmp_path / "主数据.xlsx")
    monkeypatch.setattr(row_slices, "SLICE_BYTES", 1 << 30)
    whole = load_master(path, pack=True)
    assert len(pieces) == len(frames)  # every sheet smaller than a piece: one piece each
    monkeypatch.setattr(row_slices, "SLICE_BYTES", 3000)
    sliced = load_master(path, pack=True)
    assert len(pieces) > 100
    assert len(whole.parcels) == 59 and whole.failed == (codes[700 // len(indicators)],)
    assert [parcel.data for parcel in sliced.parcels] == [parcel.data for parcel in whole.parcels]
    assert [str(error) for error in sliced.problems] == [str(error) for error in whole.problems]
    (error,) = sliced.by_unit[sliced.failed[0]]
    assert (error.sheet, error.row) == (INDICATORS.sheet, 702)


def test_a_master_whose_rows_go_back_fails_with_the_sheet_and_row(tmp_path, monkeypatch, pieces):
    path = write_master(example_frames(), tmp_path / "主数据.xlsx")
    monkeypatch.setattr(row_slices, "SLICE_BYTES", 2000)
    part = inspect_workbook_bytes(path.read_bytes(), str(path)).sheet_parts[INDICATORS.sheet]
    source = zipfile.ZipFile(path)
    broken = tmp_path / "行序错乱.xlsx"
    with zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            content = source.read(info)
            if info.filename == part:
                at = content.index(b"<row r=\"41\"")
                content = content[:at] + _row(3, "后补") + content[at:]
            archive.writestr(info.filename, content)
    with pytest.raises(MasterDataError) as caught:
        load_master(broken)
    error = caught.value
    assert (error.code, error.file, error.sheet, error.row) == (
        "PS-M004", str(broken), INDICATORS.sheet, 3)
    assert error.message.startswith("无法读取主数据文件：工作表“绩效指标”的第 3 行出现在第")


def test_a_prefixed_sheet_is_read_whole_from_the_file(pieces):
    """A sheet whose tags carry a namespace prefix is not cut (a piece's closing tags would not
    match): python-calamine reads it from the file itself, as before."""
    prefix = 'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    cell = '<x:c r="B{n}" t="inlineStr"><x:is><x:t>第{n}行</x:t></x:is></x:c>'
    rows = "".join(f'<x:row r="{n}">{cell.format(n=n)}</x:row>' for n in range(1, 300)).encode()
    data = _sheet(lambda content: f"<x:worksheet {prefix}><x:sheetData>".encode() + rows
                  + b"</x:sheetData></x:worksheet>")
    assert _sliced(data, "表", 100) == _whole(data, "表") == [["", f"第{n}行"] for n in range(1, 300)]
    assert pieces == []


def test_a_formula_right_of_a_slices_values_is_still_named(tmp_path, monkeypatch, pieces):
    """A formula without a result reads as empty; the master reader names it from the
    gatekeeper's list, wherever the row's values end (a slice is only as wide as its values)."""
    wb = load_workbook(write_master(example_frames(), tmp_path / "主数据.xlsx"))
    sheet = wb[INDICATORS.sheet]
    column = [cell.value for cell in sheet[1]].index("全年指标值") + 1
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, column).value = None  # nothing in the last column but the formula
    sheet.cell(30, column).value = "=NOW()"
    sheet.cell(30, column).data_type = "f"
    wb.save(tmp_path / "公式.xlsx")
    monkeypatch.setattr(row_slices, "SLICE_BYTES", 1)
    master = load_master(tmp_path / "公式.xlsx")
    assert len(pieces) > 20
    formula = [error for error in master.problems if "公式" in error.message]
    assert [(error.code, error.sheet, error.row, error.column) for error in formula] == [
        ("PS-M003", INDICATORS.sheet, 30, "全年指标值")]


@pytest.mark.parametrize("sheet", ["单位", "评价指标框架"])
def test_a_listed_sheet_whose_part_is_missing_is_refused_by_name(tmp_path, sheet):
    """A sheet the workbook lists but the file lacks is a damaged file, refused where it is:
    never read as a missing sheet (an optional one would be skipped, its units scored
    against the built-in framework)."""
    path = write_master(example_frames(), tmp_path / "主数据.xlsx")
    part = inspect_workbook_bytes(path.read_bytes(), str(path)).sheet_parts[sheet]
    source = zipfile.ZipFile(path)
    damaged = tmp_path / "缺部件.xlsx"
    with zipfile.ZipFile(damaged, "w") as archive:
        for info in source.infolist():
            if info.filename != part:
                archive.writestr(info, source.read(info))
    assert inspect_workbook_bytes(damaged.read_bytes(), str(damaged)).sheet_parts[sheet] is None
    with pytest.raises(MasterDataError) as caught:
        load_master(damaged)
    assert (caught.value.code, caught.value.sheet) == ("PS-M004", sheet)
    assert f"工作表“{sheet}”的内容部件缺失" in caught.value.message


ODD = {
    "a malformed end tag": b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c></x</row>',
    "a < inside an attribute": b'<row r="2" b=\'"><q>\'><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>',
    "rows inside a cell": (b'<row r="2"><c r="A2"><row r="5"></row><row r="6"><c r="B6"><v>1</v></c>'
                           b'</row></c></row>'),
    "a > in an attribute": b'<row r="2" note="a>b"><c r="A2" t="inlineStr"><is><t>x</t></is></c></row>',
}


@pytest.mark.parametrize("odd", ODD, ids=list(ODD))
def test_odd_markup_reads_as_python_calamine_reads_the_whole_sheet(pieces, odd):
    """Markup python-calamine's parser reads otherwise than a byte-level search would (it is
    not well-formed XML, which expat refuses), or that leaves an element open at a row's end:
    no piece is cut where it would change what is read."""
    rows = b"".join(_row(number, f"第{number}行") for number in range(10, 300))
    data = _with_rows(_row(1, "a") + ODD[odd] + rows)
    for slice_bytes in (1, 100, 1000):  # the same rows, or the same refusal
        assert _outcome(_sliced, data, slice_bytes) == _outcome(_whole, data), slice_bytes


def _outcome(read, data: bytes, *more) -> object:
    """What ``read`` gives for the sheet "表": its rows, or the name of the error it raises."""
    try:
        return read(data, "表", *more)
    except Exception as exc:
        return type(exc).__name__


def test_a_sheet_data_tag_with_a_quoted_greater_than_is_cut_after_it(pieces):
    """``<sheetData a=">">``: the head ends at the tag's own end, not inside its attribute."""
    rows = b"".join(_row(number, f"第{number}行") for number in range(1, 300))
    data = _with_rows(rows, open_tag=b'<sheetData a=">">')
    assert _sliced(data, "表", 100) == _whole(data, "表") == [[f"第{n}行"] for n in range(1, 300)]
    assert len(pieces) > 10
