"""Hostile master data: missing columns, duplicate codes, names no file system takes,
formula-like text, control characters and text longer than a cell. Bad rows are reported with
sheet, row and column; the other units are still written; text stays text everywhere."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from hostile.corpus import FILES
from openpyxl import load_workbook

from scoring.batch.fill import MANIFEST_NAME, fill_units
from scoring.batch.master import PROJECTS, UNITS, example_frames, load_master, write_master
from scoring.cli import main
from scoring.errors import MasterDataError
from scoring.forms import PROJECT_FORMS, UNIT_FORMS
from scoring.workbook.safety import csv_text, looks_like_formula


def _two_units(name: str) -> dict[str, pd.DataFrame]:
    """The example unit 001001 plus 001002 named ``name`` with the same indicators (the example
    project stays the first unit's: project codes are unique)."""
    frames = {key: frame.astype(object) for key, frame in example_frames().items()}
    units = frames[UNITS.sheet]
    second = units.iloc[[0]].assign(单位编码="001002", 单位名称=name)
    frames[UNITS.sheet] = pd.concat([units, second], ignore_index=True)
    for sheet, frame in frames.items():
        if sheet not in (UNITS.sheet, PROJECTS.sheet) and "单位编码" in frame.columns:
            frames[sheet] = pd.concat([frame, frame.assign(单位编码="001002")],
                                      ignore_index=True)
    return frames


def _fill(frames, tmp_path: Path, as_csv: bool = False):
    source = write_master(frames, tmp_path / ("master" if as_csv else "master.xlsx"))
    master = load_master(source)
    return master, fill_units(master, tmp_path / "out", jobs=1)


def test_missing_required_column_names_sheet_and_column(tmp_path):
    frames = example_frames()
    frames[UNITS.sheet] = frames[UNITS.sheet].drop(columns=["单位名称"])
    with pytest.raises(MasterDataError) as info:
        load_master(write_master(frames, tmp_path / "m.xlsx"))
    error = info.value
    assert (error.code, error.sheet, error.row) == ("PS-M001", UNITS.sheet, 1)
    assert "单位名称" in error.message


def test_duplicate_unit_codes_are_reported_and_not_filled(tmp_path):
    frames = _two_units("南京市测试局")
    frames[UNITS.sheet].loc[1, "单位编码"] = "001001"
    master = load_master(write_master(frames, tmp_path / "m.xlsx"))
    assert "PS-M002" in {error.code for error in master.problems}
    duplicate = next(error for error in master.problems if error.code == "PS-M002")
    assert duplicate.sheet == UNITS.sheet and duplicate.row == 3


@pytest.mark.parametrize("name", ['办公厅/秘书处:*?"<>|', "长" * 200, "..", "CON"])
def test_unit_names_no_file_system_takes_still_give_files(tmp_path, name):
    master, report = _fill(_two_units(name), tmp_path)
    assert master.problems == ()
    files = [Path(row.file) for row in report.written if row.unit_code == "001002"]
    assert len(files) == len(UNIT_FORMS) and all(path.is_file() and path.parent == tmp_path / "out"
                                            for path in files)
    assert all(len(path.name.encode()) <= 255 for path in files)
    book = load_workbook(files[0])
    assert book["perfscore_meta"]["B6"].value == name  # the name itself is kept whole


FORMULA_LIKE = ['=HYPERLINK("http://example.com","点此")', "+cmd|' /C calc'!A0", "@SUM(1+1)",
                "-2+3", "\t=1+1", "＝1+1"]


@pytest.mark.parametrize("name", FORMULA_LIKE)
def test_formula_like_text_stays_text_in_workbooks_and_manifest(tmp_path, name):
    master, report = _fill(_two_units(name), tmp_path)
    unit = next(u for u in master.units if u.code == "001002")
    for row in report.written:
        if row.unit_code != "001002":
            continue
        wb = load_workbook(row.file)
        for ws in wb:
            for cells in ws.iter_rows():
                for cell in cells:
                    if cell.value == unit.name:
                        assert cell.data_type == "s", (row.file, cell.coordinate)
    with open(tmp_path / "out" / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
        names = [line[1] for line in csv.reader(stream)]
    written = [text for text in names if unit.name in text]
    assert written and all(not looks_like_formula(text) for text in written)


def test_text_longer_than_a_cell_fails_that_unit_only(tmp_path):
    master, report = _fill(_two_units("南京市测试局"), tmp_path)  # baseline: both written
    assert report.count("written") == 2 * len(UNIT_FORMS) + len(PROJECT_FORMS) * len(master.projects) == 8
    frames = _two_units("南京市测试局")
    frames[UNITS.sheet].loc[1, "单位主要职能"] = "职" * 40000  # CSV: no cell limit on the way in
    master, report = _fill(frames, tmp_path / "long", as_csv=True)
    error = next(e for e in master.problems if e.code == "PS-M003")
    assert (error.sheet, error.row, error.column) == (UNITS.sheet, 3, "单位主要职能")
    assert error.file.endswith(f"{UNITS.sheet}.csv")
    assert "32767" in error.message
    assert master.failed == ("001002",)
    assert {row.unit_code for row in report.written if row.status == "written"} == {"001001"}


def test_control_characters_in_a_csv_master_are_reported(tmp_path):
    frames = _two_units("南京市\x01测试局")
    master = load_master(write_master(frames, tmp_path / "csv"))
    error = next(e for e in master.problems if e.code == "PS-M003")
    assert error.column == "单位名称" and "控制字符" in error.message


def test_hostile_master_workbooks_are_refused_before_parsing(tmp_path):
    for name in ("zip_bomb_lying", "million_rows", "entity_bomb_in_sheet", "encrypted"):
        path = FILES[name].build(tmp_path)
        with pytest.raises(MasterDataError) as info:
            load_master(path)
        assert info.value.code == "PS-M004" and info.value.file == str(path)


def test_cli_fill_with_a_hostile_master_prints_no_traceback(tmp_path, capsys):
    path = FILES["million_rows"].build(tmp_path)
    assert main(["fill", str(path), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[PS-M004]") and "Traceback" not in err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("text, expected", [
    ("=1+1", True), ("+cmd|' /C calc'!A0", True), ("@SUM(A1)", True), ("-2+3", True),
    ("\t=1+1", True), ("\r\n+A1", True), ("　＝1", True), ("－1+1", True),
    ("-5", False), ("+3.5", False), ("办公厅", False), ("", False), (95, False), (None, False),
])
def test_formula_like_text_is_recognised(text, expected):
    assert looks_like_formula(text) is expected
    assert csv_text(text) == ("'" + text if expected else text)


def test_master_file_errors_of_the_system_are_explained_in_chinese(tmp_path):
    (tmp_path / "csv" / "单位.csv").mkdir(parents=True)  # a folder where the CSV file should be
    expected = {tmp_path / "没有.xlsx": "文件不存在", tmp_path / ("长" * 200 + ".xlsx"): "过长",
                tmp_path / "csv": "文件夹"}
    for path, words in expected.items():
        with pytest.raises(MasterDataError) as info:
            load_master(path)
        assert info.value.code == "PS-M004" and words in info.value.message, info.value.message
        assert not re.search("[a-z]{3,}", info.value.message), info.value.message  # no English


def test_a_real_formula_in_a_text_cell_is_named_as_a_formula(tmp_path):
    """单位名称 entered as a real formula (no stored result, as openpyxl saves it): the unit
    fails with a message saying the cell is a formula, not that it is empty."""
    path = write_master(_two_units("南京市测试局"), tmp_path / "m.xlsx")
    wb = load_workbook(path)
    wb[UNITS.sheet]["B3"] = '=HYPERLINK("https://example.org","南京市测试局")'
    wb[UNITS.sheet]["B3"].data_type = "f"
    wb.save(path)
    master = load_master(path)
    assert [unit.code for unit in master.units] == ["001001"] and "001002" in master.failed
    error = next(error for error in master.problems if error.row == 3)
    assert (error.code, error.sheet, error.column) == ("PS-M003", UNITS.sheet, "单位名称")
    assert "公式" in error.message and "文字" in error.message and "不能为空" not in error.message
