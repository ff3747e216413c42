"""Hostile files, round 2 (issue #10): size checks python-calamine could walk around, files that
are no regular files, formulas typed into inputs, a metadata year that is no year, and master
data as large as a bureau's.

The walk-arounds are cases of :data:`hostile.corpus.FILES`, so the tests every corpus case goes
through (gatekeeper and reader refuse with the code, quickly and in little memory, ``collect``
lists them) cover them too; here are their messages, the proof that python-calamine would
abort on them, and the other defects.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from hostile.corpus import (
    EVALUATION_SHEET_PART,
    FILES,
    name_cell,
    product_workbook,
    rezip,
    save_product,
    sheet_moved,
    with_part,
    zip_parts,
)

from scoring.batch.master import load_master
from scoring.errors import MasterDataError, WorkbookFileError
from scoring.workbook import safety
from scoring.workbook.reader import open_workbook, read_target, score_workbook
from scoring.workbook.safety import (
    MASTER_LIMITS,
    MAX_FORMULA_TEXT,
    inspect_workbook_bytes,
    inspect_workbook_file,
    read_workbook_file,
)

ROOT = Path(__file__).resolve().parent.parent


def _refused(path: Path) -> WorkbookFileError:
    with pytest.raises(WorkbookFileError) as info:
        inspect_workbook_file(path)
    return info.value


# --------------------------------------------------------------------------- walking around


@pytest.mark.parametrize("name, words", [
    ("sheet_as_bin", ("xl/data/foo.bin", "第 1048576 行、第 16384 列")),
    ("sheet_beside_workbook", ("xl/s.xml", "第 1048576 行")),
    ("sheet_with_backslashes", ("xl\\worksheets\\sheet1.xml", "第 1048576 行")),
    ("other_main_part", ("other/workbook.xml", "xl/workbook.xml")),
    ("column_past_xfd", ("“XFE100”", "XFD1048576")),
    ("row_past_1048576", ("“A1048577”",)),
    ("row_ten_million", ("“R10000000”",)),
    ("column_four_letters", ("“ZZZZ2000”",)),
    ("row_eleven_digits", ("“A99999999999”",)),
    ("row_without_cell_references", ("“99999999”",)),
    ("shared_strings_with_backslash", ("2147483647",)),
    ("shared_strings_zero_padded", ("2147483647",)),
    ("duplicate_part_in_case", ("XL/Worksheets/Sheet1.xml", "不区分大小写")),
    ("entity_bomb_in_bin_part", ("customXml/item1.bin", "实体")),
    ("ods_inside_xlsx", ("OpenDocument", "“mimetype”")),
    ("defined_name_past_last_row", ("eval_actual", "$K$99999999999", "XFD1048576")),
    ("defined_name_huge_area", ("eval_actual", "1799928 个单元格", "100000")),
])
def test_each_walk_around_is_refused_naming_the_part_and_reference(tmp_path, name, words):
    error = _refused(FILES[name].build(tmp_path))
    assert error.code == FILES[name].code == "PS-W009"
    for word in words:
        assert word in error.message, error.message


def test_a_megabyte_reference_is_refused_at_once_and_quoted_short(tmp_path):
    reference = b"A" + b"9" * 1_000_000
    data = with_part(product_workbook(), EVALUATION_SHEET_PART, lambda xml: xml.replace(
        b"</sheetData>", b'<row r="50"><c r="' + reference + b'"><v>1</v></c></row></sheetData>'))
    with pytest.raises(WorkbookFileError) as info:
        inspect_workbook_bytes(data, "x.xlsx")
    assert info.value.code == "PS-W009"
    quoted = info.value.message.split("“")[2].split("”")[0]
    assert quoted.startswith("A999") and quoted.endswith("…") and len(quoted) <= 20


def test_formatting_beyond_the_sheet_is_refused_too(tmp_path):
    """A self-closing cell holds no value, but no program writes a reference past XFD1048576."""
    data = with_part(product_workbook(), EVALUATION_SHEET_PART, lambda xml: xml.replace(
        b"</sheetData>", b'<row r="60"><c r="XFE60" s="1"/></row></sheetData>'))
    with pytest.raises(WorkbookFileError) as info:
        inspect_workbook_bytes(data, "x.xlsx")
    assert info.value.code == "PS-W009" and "XFE60" in info.value.message


def test_a_sheet_anywhere_is_measured_and_read_when_small(tmp_path):
    """The sheet moved to xl/data/foo.bin without the far value: measured there, scored."""
    parts = zip_parts(product_workbook())
    sheet_moved(parts, "xl/data/foo.bin", "data/foo.bin")
    path = tmp_path / "moved.xlsx"
    path.write_bytes(rezip(parts))
    facts = inspect_workbook_file(path)
    assert ("xl/data/foo.bin", 42, 18) in {(s.part, s.rows, s.columns) for s in facts.sheets}
    assert score_workbook(path).result.total == 99.0


def test_xml_is_told_by_content_not_by_name(tmp_path):
    """A UTF-16 declaration in ``docProps/thumbnail.dat``; a real binary part passes."""
    bomb = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><r/>'
    data = with_part(product_workbook(), "docProps/thumbnail.dat", lambda _: bomb.encode("utf-16"))
    with pytest.raises(WorkbookFileError) as info:
        inspect_workbook_bytes(data, "x.xlsx")
    assert info.value.code == "PS-W009" and "thumbnail.dat" in info.value.message
    image = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64 + b"<!DOCTYPE"
    inspect_workbook_bytes(with_part(product_workbook(), "xl/media/image1.png", lambda _: image),
                           "x.xlsx")  # binary: never read as XML, so never refused for its bytes


_CALAMINE = """
import io, sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_filelike(io.BytesIO(open(sys.argv[1], "rb").read()))
for name in book.sheet_names:
    rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    print(name, len(rows), max(map(len, rows), default=0))
"""


def _calamine(path: Path, limit: int = 2 << 30) -> subprocess.CompletedProcess[str]:
    """python-calamine alone, in a child process with an address-space limit: it may abort."""
    def bounded() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    return subprocess.run([sys.executable, "-c", _CALAMINE, str(path)], capture_output=True,
                          text=True, timeout=120, preexec_fn=bounded, check=False)


@pytest.mark.parametrize("name", ["sheet_as_bin", "sheet_with_backslashes", "other_main_part",
                                  "row_ten_million", "column_four_letters", "row_eleven_digits",
                                  "row_without_cell_references", "shared_strings_zero_padded"])
def test_without_the_gatekeeper_python_calamine_would_end_the_process(tmp_path, name):
    """Why these are refused: a Rust allocation failure aborts the process, which no try catches."""
    done = _calamine(FILES[name].build(tmp_path))
    assert done.returncode != 0 and "Traceback" not in done.stderr, (done.returncode, done.stdout)


def test_a_dimension_claim_allocates_nothing_in_python_calamine(tmp_path):
    """``<dimension ref="A1:XFD1048576"/>`` only: read as its values, in 300 MB of address space
    above the interpreter's own (well under what a grid of that size needs)."""
    done = _calamine(FILES["million_row_dimension"].build(tmp_path), limit=1 << 30)
    assert done.returncode == 0, done.stderr[-500:]
    assert "自评表 42 18" in done.stdout


# --------------------------------------------------------------------------- not a regular file


_READ_FIFO = """
import sys
from scoring.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_at_once_as_workbook_and_master(tmp_path):
    """A reader blocked on a pipe would hang the batch: each command answers within seconds."""
    pipe = tmp_path / "管道.xlsx"
    os.mkfifo(pipe)
    csv_folder = tmp_path / "csv"
    csv_folder.mkdir()
    os.mkfifo(csv_folder / "单位.csv")
    for args, code in ((["score", str(pipe)], "[PS-W001]"),
                       (["fill", str(pipe), "--out", str(tmp_path / "out")], "[PS-M004]"),
                       (["fill", str(csv_folder), "--out", str(tmp_path / "out")], "[PS-M004]")):
        done = subprocess.run([sys.executable, "-c", _READ_FIFO, *args], capture_output=True,
                              text=True, timeout=60, cwd=ROOT, check=False)
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith(code) and "不是普通文件" in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_devices_and_folders_are_refused_before_opening(tmp_path):
    for path, words in (("/dev/zero", "不是普通文件"), (str(tmp_path), "文件夹")):
        with pytest.raises(WorkbookFileError) as info:
            read_workbook_file(path)
        assert info.value.code == "PS-W001" and words in info.value.message


# --------------------------------------------------------------------------- formulas in inputs


def _set(wb, name: str, value: str, row: int | None = None) -> str:
    """Put ``value`` into the named cell (or the named column at ``row``); return its ref."""
    sheet, ref = name_cell(wb, name)
    if row is not None:
        ref = "".join(ch for ch in ref if ch.isalpha()) + str(row)
    wb[sheet][ref].value = value
    return f"{sheet}!{ref}"


def _item_row(wb, code: str) -> int:
    sheet, ref = name_cell(wb, "eval_code")
    ws = wb[sheet]
    return next(r for r in range(int(ref[1:]), ws.max_row + 1) if ws[f"H{r}"].value == code)


@pytest.mark.parametrize("formula", ["=NOW()", '=WEBSERVICE("http://example.com/x")'])
def test_a_formula_typed_into_an_actual_is_named_not_called_blank(tmp_path, formula):
    cells = {}

    def edit(wb):
        row = _item_row(wb, "C11")
        cells["actual"] = _set(wb, "eval_actual", formula, row)

    report = score_workbook(save_product(tmp_path, "a.xlsx", edit)).to_dict()
    issues = [i for i in report["issues"] if i.get("item") == "C11"]
    found = next(i for i in issues if i["code"] == "PS-W010")
    assert found["cell"] == cells["actual"]
    assert f"公式“{formula}”" in found["message"] and "没有它的计算结果" in found["message"]
    assert "PS-F008" not in {i["code"] for i in issues}  # not "尚未填报"


def test_formulas_in_the_other_inputs_are_named_and_computed_cells_are_not(tmp_path):
    def edit(wb):
        row = _item_row(wb, "C11")
        _set(wb, "eval_actual", "80%", row)  # loses points: a reason is needed
        _set(wb, "eval_reason", '=CONCAT("未", "完成")', row)
        _set(wb, "eval_override", "=1+1", _item_row(wb, "A11"))
        _set(wb, "unit_name", "=UPPER(\"x\")")

    report = score_workbook(save_product(tmp_path, "a.xlsx", edit)).to_dict()
    formulas = {(i.get("item", ""), i["message"].split("是公式")[0]) for i in report["issues"]
                if i["code"] == "PS-W010"}
    assert formulas == {("C11", "C11 未完成指标原因分析"), ("A11", "A11 评价人调整得分"), ("", "单位名称")}
    assert ("C11", "PS-F005") not in {(i.get("item"), i["code"]) for i in report["issues"]}
    assert not [i for i in score_workbook(save_product(tmp_path, "b.xlsx")).to_dict()["issues"]
                if i["code"] == "PS-W010"]  # 180 formulas in computed cells: none is an input


def test_a_long_formula_is_cut_and_a_calculated_one_is_read(tmp_path):
    long_formula = "=" + "+".join(["1"] * 300)

    def edit(wb):
        _set(wb, "eval_actual", long_formula, _item_row(wb, "C11"))

    facts = inspect_workbook_file(save_product(tmp_path, "a.xlsx", edit))
    text = next(facts.formula(*key) for key in facts.uncalculated_formulas
                if facts.formula(*key).startswith("=1+1"))
    assert len(text) == 1 + MAX_FORMULA_TEXT + 1 and text.endswith("…")
    calculated = with_part(product_workbook(), EVALUATION_SHEET_PART, lambda xml: xml.replace(
        b"</sheetData>", b'<row r="60"><c r="B60"><f>NOW()</f><v>45000</v></c>'
                         b'<c r="C60" t="str"><f>""</f><v></v></c>'
                         b'<c r="D60" t="e"><f>NA()</f><v>#N/A</v></c></row></sheetData>'))
    facts = inspect_workbook_bytes(calculated, "x.xlsx")
    assert facts.formula("自评表", 60, 2) is None  # its stored result is what is read
    assert facts.formula("自评表", 60, 3) == '=""'  # calculated to nothing: reads as empty
    assert facts.formula("自评表", 60, 4) == "=NA()"  # an error: python-calamine reads it as empty
    assert facts.error_cells[("自评表", 60, 4)] == "#N/A"  # which the reader returns instead


def test_formulas_in_target_inputs_are_named_instead_of_missing(tmp_path):
    cells = {}

    def edit(wb):
        cells["amount"] = _set(wb, "funding_annual_basic", "=E9*2")
        sheet, ref = name_cell(wb, "target_half_value")
        cells["value"] = _set(wb, "target_half_value", "=NOW()", int(ref[1:]))

    filled = read_target(open_workbook(save_product(tmp_path, "t.xlsx", edit, kind="target")))
    by_cell = {problem.cell: problem for problem in filled.problems}
    assert by_cell[cells["amount"]].code == by_cell[cells["value"]].code == "PS-W010"
    assert "公式“=E9*2”" in by_cell[cells["amount"]].message
    assert "公式“=NOW()”" in by_cell[cells["value"]].message
    blank = {p.code for p in filled.problems if p.cell in cells.values()} & {"PS-G004", "PS-T002"}
    assert not blank


# --------------------------------------------------------------------------- metadata year


@pytest.mark.parametrize("kind", ["target", "evaluation"])
@pytest.mark.parametrize("stored", [b"<v>1e309</v>", b"<v>-1e309</v>", b"<v>NaN</v>",
                                    '<is><t>二〇二四</t></is>'.encode()])
def test_a_metadata_year_that_is_no_year_is_refused_in_chinese(tmp_path, kind, stored):
    """The hidden sheet's year cell (B4) holding a number no spreadsheet stores, or no year."""
    parts = zip_parts(product_workbook(kind))
    part = next(name for name, xml in parts.items() if b">year<" in xml)
    start = parts[part].index(b'<c r="B4"')
    end = parts[part].index(b"</c>", start) + 4
    cell_type = b' t="inlineStr"' if stored.startswith(b"<is>") else b""
    parts[part] = parts[part][:start] + b'<c r="B4"' + cell_type + b">" + stored + b"</c>" \
        + parts[part][end:]
    path = tmp_path / "year.xlsx"
    path.write_bytes(rezip(parts))
    with pytest.raises(WorkbookFileError) as info:
        read_target(open_workbook(path)) if kind == "target" else score_workbook(path)
    error = info.value
    assert error.code == "PS-W010" and "年度" in error.message and "如 2024" in error.message
    assert error.cell == "perfscore_meta!B4"
    assert "Error" not in error.format_message() and "inf" not in error.message.lower()


# --------------------------------------------------------------------------- master data limits


def test_master_limits_hold_the_largest_master_an_xlsx_can_carry(tmp_path):
    """200 units written by the product's writer, scaled until their indicator rows fill a
    sheet (1,048,576 rows; about 26,000 units of 40 indicators): within every master limit,
    with room to spare. More units than that need the CSV folder."""
    from scoring.batch.demo import demo_frames
    from scoring.batch.master import write_master

    path = write_master(demo_frames(199, mistakes=False), tmp_path / "主数据.xlsx")
    facts = inspect_workbook_file(path, MASTER_LIMITS)
    indicators = max(facts.sheets, key=lambda sheet: sheet.rows)
    scale = safety.MAX_ROW / indicators.rows
    assert facts.size * scale * 1.5 < MASTER_LIMITS.max_file_bytes
    assert facts.uncompressed * scale * 1.5 < MASTER_LIMITS.max_total_bytes
    assert indicators.cells * scale * 1.5 < MASTER_LIMITS.max_cells
    assert len(load_master(path).units) == 200


@pytest.mark.parametrize("name", ["zip_bomb_declared", "zip_bomb_lying", "zip_bomb_overlapping",
                                  "zip_bomb_ratio", "million_rows", "sheet_as_bin"])
def test_bombs_stay_refused_under_the_master_limits(tmp_path, name):
    with pytest.raises(WorkbookFileError) as info:
        inspect_workbook_file(FILES[name].build(tmp_path), MASTER_LIMITS)
    assert info.value.code == FILES[name].code
    with pytest.raises(MasterDataError) as master:
        load_master(FILES[name].build(tmp_path))
    assert master.value.code == "PS-M004"
