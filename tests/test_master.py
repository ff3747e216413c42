"""Master data: schema, reading (.xlsx and CSV), row-by-row validation with locations."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from scoring.batch.master import (
    EXAMPLE_UNIT_CODE, FRAMEWORK, INDICATORS, TABLES, UNITS, example_frames, load_master,
    read_master, used_by, validate, write_master,
)
from scoring.errors import CODES, MasterDataError, PerfscoreError
from scoring.forms import FORMS, REPORT_MASTER


def _with(frames: dict[str, pd.DataFrame], sheet: str, row: int, header: str, value) -> dict:
    """A copy of ``frames`` with one cell changed (row is the 0-based data row)."""
    copy = {name: frame.astype(object) for name, frame in frames.items()}
    copy[sheet].loc[row, header] = value
    return copy


def _load(frames: dict[str, pd.DataFrame], tmp_path: Path, name: str = "master.xlsx",
          strict: bool = False):
    path = tmp_path / name
    return load_master(path if path.exists() else write_master(frames, path), strict=strict)


def _second_unit(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The example twice: a second unit 001002 with the same indicators."""
    units = frames[UNITS.sheet]
    indicators = frames[INDICATORS.sheet]
    second = units.iloc[[0]].assign(**{"单位编码": "001002", "单位名称": "南京市测试局"})
    rows = indicators.assign(**{"单位编码": "001002"})
    return {**frames, UNITS.sheet: pd.concat([units, second], ignore_index=True),
            INDICATORS.sheet: pd.concat([indicators, rows], ignore_index=True)}


def test_schema_headers_are_unique_and_error_codes_known():
    for table in TABLES:
        assert len(set(table.headers)) == len(table.headers), table.sheet
    assert UNITS.column("annual_basic").header == "基本支出（全年预算数）"
    assert {"PS-M001", "PS-M002", "PS-M003", "PS-M004"} <= set(CODES)


def test_example_master_round_trips_to_the_example(tmp_path):
    data = _load(example_frames(), tmp_path)
    assert data.problems == ()
    (unit,) = data.units
    assert unit.code == EXAMPLE_UNIT_CODE
    assert unit.name == "南京市人民政府办公厅" and unit.year == 2024 and unit.row == 2
    funding = unit.target_form.funding
    assert (funding.annual_total, funding.half_total) == (7472.66, 3740.0)
    assert len(unit.target_form.indicators) == 43
    assert unit.target_form.indicators[37].full_value == "≥10条"  # 参事建议: half and full differ
    assert unit.framework.get("C11").rule_text.startswith("办理比率在99%以上得10分")
    assert unit.framework.title == "南京市人民政府办公厅整体绩效评价指标框架"


def test_csv_folder_reads_like_the_workbook(tmp_path):
    frames = example_frames()
    data = load_master(write_master(frames, tmp_path / "csv"))
    assert [unit.code for unit in data.units] == [EXAMPLE_UNIT_CODE]  # leading zeros kept
    assert (tmp_path / "csv" / "单位.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    # A CSV saved by Chinese Excel is GB18030: read as well.
    gbk = tmp_path / "gbk"
    gbk.mkdir()
    for sheet, frame in frames.items():
        frame.to_csv(gbk / f"{sheet}.csv", index=False, encoding="gb18030")
    assert load_master(gbk / "单位.csv").units[0].name == "南京市人民政府办公厅"


def test_funding_that_does_not_add_up_is_located(tmp_path):
    frames = _with(example_frames(), UNITS.sheet, 0, "资金总额（全年预算数）", 7500)
    data = _load(frames, tmp_path)
    assert data.units == () and data.failed == (EXAMPLE_UNIT_CODE,)
    (error,) = data.problems
    assert error.code == "PS-G001"
    assert (error.sheet, error.row, error.column) == ("单位", 2, "资金总额（全年预算数）")
    assert "7472.66" in error.message and error.file.endswith("master.xlsx")


def test_half_above_annual_and_unreadable_numbers(tmp_path):
    frames = _with(example_frames(), UNITS.sheet, 0, "基本支出（半年计划执行数）", 8000)
    frames = _with(frames, UNITS.sheet, 0, "项目支出（全年预算数）", "四百万")
    data = _load(frames, tmp_path)
    codes = {(e.code, e.column) for e in data.problems}
    assert ("PS-M003", "项目支出（全年预算数）") in codes
    assert data.units == ()


def test_numbers_typed_as_text_are_read(tmp_path):
    frames = _with(example_frames(), UNITS.sheet, 0, "基本支出（全年预算数）", "７,０５６．２２")
    (unit,) = _load(frames, tmp_path).units
    assert unit.target_form.funding.annual_basic == 7056.22


def test_duplicate_codes_fail_both_rows_but_other_units_are_produced(tmp_path):
    frames = _second_unit(_second_unit(example_frames()))
    frames[UNITS.sheet].loc[2, "单位编码"] = "001003"
    frames[INDICATORS.sheet].loc[86:, "单位编码"] = "001003"
    frames[UNITS.sheet].loc[1, "单位编码"] = EXAMPLE_UNIT_CODE
    frames[INDICATORS.sheet].loc[43:85, "单位编码"] = EXAMPLE_UNIT_CODE
    data = _load(frames, tmp_path)
    assert [unit.code for unit in data.units] == ["001003"]
    assert data.failed == (EXAMPLE_UNIT_CODE,)
    (error,) = data.problems
    assert (error.code, error.row, error.column) == ("PS-M002", 3, "单位编码")
    # each row is a unit left out, listed by its own row: counted and named apart, the first
    # told that its code repeats (for the manifest; the problem is reported once, at row 3)
    first, second = frames[UNITS.sheet].loc[0:1, "单位名称"]
    assert list(data.repeated) == [2, 3] and data.left_out == 2
    assert data.repeated[3] == (EXAMPLE_UNIT_CODE, second, (error,))
    code, name, (here,) = data.repeated[2]
    assert (code, name, here.code, here.row, here.column) == (
        EXAMPLE_UNIT_CODE, first, "PS-M002", 2, "单位编码")
    assert here.message == f"单位编码 {EXAMPLE_UNIT_CODE} 在第 3 行重复，这几行都不生成"


def test_unreadable_indicator_value_fails_only_its_unit(tmp_path):
    frames = _second_unit(example_frames())
    frames = _with(frames, INDICATORS.sheet, 43 + 31, "全年指标值", "≥9o%")
    data = _load(frames, tmp_path)
    assert [unit.code for unit in data.units] == [EXAMPLE_UNIT_CODE]
    (error,) = data.problems
    assert (error.code, error.sheet, error.row, error.column) == ("PS-T001", "绩效指标", 76, "全年指标值")
    assert "≥9o%" in error.message


def test_unknown_unit_code_in_indicators_is_reported(tmp_path):
    frames = _with(example_frames(), INDICATORS.sheet, 5, "单位编码", "999")
    data = _load(frames, tmp_path)
    assert len(data.units) == 1
    (error,) = data.problems
    assert (error.sheet, error.row) == ("绩效指标", 7) and "999" in error.message


def test_a_unit_code_that_is_not_in_the_unit_sheet_is_one_message_per_sheet(tmp_path):
    """A unit code the 单位 sheet cannot give (here a formula without a result in A2) is said
    once at its cell, and once per sheet whose rows use it, at the first of them with how many
    rows do, not once per indicator row."""
    frames = example_frames()
    path = write_master(frames, tmp_path / "master.xlsx")
    wb = load_workbook(path)
    wb[UNITS.sheet]["A2"] = f'=HYPERLINK("https://example.org","{EXAMPLE_UNIT_CODE}")'
    wb.save(path)
    data = load_master(path)
    indicator_rows = len(frames[INDICATORS.sheet])
    assert indicator_rows > 1
    assert [(error.code, error.sheet, error.row, error.column, error.message)
            for error in data.problems][:2] == [
        ("PS-M003", UNITS.sheet, 2, "单位编码",
         "“单位编码”单元格是公式且没有可读的结果，应直接填写文字（不要用公式，如 =HYPERLINK(…)）"),
        ("PS-M003", INDICATORS.sheet, 2, "单位编码",
         f"单位编码 {EXAMPLE_UNIT_CODE} 不在“单位”表中（本表共 {indicator_rows} 行使用此编码："
         f"第 2–{indicator_rows + 1} 行）")]
    assert [error.sheet for error in data.problems].count(INDICATORS.sheet) == 1
    assert data.units == ()


def test_rows_naming_an_unknown_code_are_listed_as_ranges(tmp_path):
    """Framework rows of a code the 单位 sheet lacks: one message, the rows as ranges."""
    frames = example_frames()
    framework = frames[FRAMEWORK.sheet].astype(object)
    framework.loc[[0, 1, 2, 5], "单位编码"] = "999"
    data = _load({**frames, FRAMEWORK.sheet: framework}, tmp_path)
    unknown = [error for error in data.problems if "999" in error.message]
    assert [(error.sheet, error.row, error.message) for error in unknown] == [
        (FRAMEWORK.sheet, 2, "单位编码 999 不在“单位”表中（本表共 4 行使用此编码：第 2–4、7 行）")]


def test_a_broken_shared_framework_fails_only_the_units_that_rely_on_it(tmp_path):
    """Unit 001002 has its own framework (a copy of the shared one); the shared framework is
    broken (A11 without 分值): 001001, which relies on it, fails with one PS-M003 besides the
    framework's own problem; 001002 is produced, also when its units are packed as parcels."""
    frames = _second_unit(example_frames())
    shared = frames[FRAMEWORK.sheet]
    own = shared.assign(**{"单位编码": "001002"})
    frames[FRAMEWORK.sheet] = pd.concat([shared, own], ignore_index=True)
    row_a11 = shared.index[shared["指标编码"] == "A11"][0]
    frames = _with(frames, FRAMEWORK.sheet, row_a11, "分值", None)
    path = write_master(frames, tmp_path / "master.xlsx")
    for data in (load_master(path), validate(read_master(path), pack=True)):
        assert data.failed == (EXAMPLE_UNIT_CODE,)
        assert [(error.sheet, error.row, error.message)
                for error in data.by_unit[EXAMPLE_UNIT_CODE]] == [
            (UNITS.sheet, 2, f"单位 {EXAMPLE_UNIT_CODE} 没有单独的评价指标框架，所用的通用框架有错误"
                             "（见“评价指标框架”表的问题），无法生成自评表")]
        produced = data.units or tuple(parcel.open() for parcel in data.parcels
                                       if parcel.kind == "unit")
        assert [unit.code for unit in produced] == ["001002"]
        assert produced[0].framework.get("A11").points == 2


def test_rows_without_a_readable_code_are_said_once_and_never_called_duplicates(tmp_path):
    """Unit rows without a code are each 不能为空, never a duplicate of one another; a framework
    row whose 单位编码 is a formula without a result is said at its cell and joins no framework
    (not silently the shared one); a 项目绩效指标 row without a 项目编码 is said, not dropped."""
    frames = _second_unit(example_frames())
    units = frames[UNITS.sheet].astype(object)
    units = pd.concat([units, units.iloc[[0]].assign(**{"单位编码": None}),
                       units.iloc[[0]].assign(**{"单位编码": None})], ignore_index=True)
    frames = {**frames, UNITS.sheet: units}
    frames = _with(frames, "项目绩效指标", 1, "项目编码", None)
    path = write_master(frames, tmp_path / "master.xlsx")
    wb = load_workbook(path)
    wb[FRAMEWORK.sheet]["A3"] = '=HYPERLINK("https://example.org","001002")'
    wb.save(path)
    data = load_master(path)
    found = [(error.code, error.sheet, error.row, error.column) for error in data.problems]
    assert ("PS-M003", UNITS.sheet, 4, "单位编码") in found
    assert ("PS-M003", UNITS.sheet, 5, "单位编码") in found
    assert not [error for error in data.problems if error.code == "PS-M002"]
    formula = [error for error in data.problems if (error.sheet, error.row) == (FRAMEWORK.sheet, 3)]
    assert [(error.column, error.message) for error in formula][:1] == [
        ("单位编码", "“单位编码”单元格是公式且没有可读的结果，应直接填写文字（不要用公式，如 =HYPERLINK(…)）")]
    assert ("PS-M003", "项目绩效指标", 3, "项目编码") in found
    # The unit rows without a code are left out like failed units, and counted as such.
    assert sorted(data.unnamed) == [4, 5]
    name, errors = data.unnamed[4]
    assert name == units.iloc[2]["单位名称"] and [error.message for error in errors] == [
        "“单位编码”不能为空"]


def test_framework_rows_of_unknown_owner_build_no_unit_with_a_guessed_framework(tmp_path):
    """Unit 001002's own framework rows all have a formula without a result as 单位编码: whose
    rows they are cannot be known, so no unit relying on the shared framework is generated with
    it (001002 would otherwise get the shared one silently); each is said at its 单位 row."""
    frames = _second_unit(example_frames())
    shared = frames[FRAMEWORK.sheet]
    frames[FRAMEWORK.sheet] = pd.concat([shared, shared.assign(**{"单位编码": "001002"})],
                                        ignore_index=True)
    path = write_master(frames, tmp_path / "master.xlsx")
    wb = load_workbook(path)
    ws = wb[FRAMEWORK.sheet]
    for row in range(len(shared) + 2, 2 * len(shared) + 2):
        ws.cell(row, 1).value = '=HYPERLINK("https://example.org","001002")'
    wb.save(path)
    data = load_master(path)
    assert data.units == () and data.failed == (EXAMPLE_UNIT_CODE, "001002")
    assert [error.message for error in data.by_unit["001002"]] == [
        "单位 001002 没有单独的评价指标框架，而“评价指标框架”表中有单位编码无法读取的行（见该表的问题），"
        "无法确定本单位所用的框架，无法生成自评表"]
    formulas = [error for error in data.problems if error.sheet == FRAMEWORK.sheet]
    assert len(formulas) == len(shared) and all("公式" in error.message for error in formulas)


def test_a_code_of_invisible_characters_only_is_said_to_be_empty(tmp_path):
    """A 单位编码 holding only a zero-width space looks empty and is said so (it read as no code
    without any message)."""
    frames = _second_unit(example_frames())
    frames = _with(frames, UNITS.sheet, 1, "单位编码", "\u200b")
    data = _load(frames, tmp_path)
    assert [(error.sheet, error.row, error.column, error.message) for error in data.problems
            if error.sheet == UNITS.sheet] == [
        (UNITS.sheet, 3, "单位编码", "“单位编码”不能为空（单元格中只有空格或不可见字符）")]
    assert list(data.unnamed) == [3] and [unit.code for unit in data.units] == [EXAMPLE_UNIT_CODE]


def test_framework_rule_and_points_problems(tmp_path):
    frames = example_frames()
    framework = frames[FRAMEWORK.sheet]
    row_c11 = framework.index[framework["指标编码"] == "C11"][0]
    row_a11 = framework.index[framework["指标编码"] == "A11"][0]
    frames = _with(frames, FRAMEWORK.sheet, row_c11, "评价要点", "办理比率在99%以上得12分，每降低5%扣2分")
    frames = _with(frames, FRAMEWORK.sheet, row_a11, "分值", None)
    data = _load(frames, tmp_path)
    assert data.units == ()
    found = {(e.code, e.row, e.column) for e in data.problems}
    assert ("PS-M003", row_a11 + 2, "分值") in found
    # The rule's points disagree with the framework's: a warning, the item is scored by the
    # evaluator (issue #9); strict refuses it.
    assert ("PS-R007", row_c11 + 2, "评价要点") in {(e.code, e.row, e.column) for e in data.warnings}
    strict = {(e.code, e.row, e.column) for e in _load(frames, tmp_path, strict=True).problems}
    assert ("PS-R003", row_c11 + 2, "评价要点") in strict


def test_framework_labels_with_points_are_read(tmp_path):
    frames = example_frames()
    framework = frames[FRAMEWORK.sheet].copy()
    framework["指标名称"] = [f"{code} {name}（{points:g} 分）" if points == points else f"{code} {name}"
                         for code, name, points in zip(framework["指标编码"], framework["指标名称"],
                                                       framework["分值"])]
    framework["指标编码"] = ""
    framework["分值"] = None
    (unit,) = _load({**frames, FRAMEWORK.sheet: framework}, tmp_path).units
    assert unit.framework.get("A41").points == 2.5 and unit.framework.get("A41").name == "预算编制科学规范"


def test_no_framework_sheet_gives_the_standard_framework(tmp_path):
    frames = {k: v for k, v in example_frames().items() if k != FRAMEWORK.sheet}
    (unit,) = _load(frames, tmp_path).units
    assert [s.code for s in unit.framework.sections] == ["A", "B", "C", "D", "E", "F"]


def test_missing_sheet_or_column_or_file_raises(tmp_path):
    frames = example_frames()
    with pytest.raises(MasterDataError) as info:
        _load({k: v for k, v in frames.items() if k != INDICATORS.sheet}, tmp_path, "a.xlsx")
    assert info.value.code == "PS-M001" and "绩效指标" in info.value.message
    with pytest.raises(MasterDataError) as info:
        _load({**frames, UNITS.sheet: frames[UNITS.sheet].drop(columns=["年度"])}, tmp_path, "b.xlsx")
    assert info.value.code == "PS-M001" and "年度" in info.value.message
    with pytest.raises(MasterDataError) as info:
        load_master(tmp_path / "none.xlsx")
    assert info.value.code == "PS-M004"
    (tmp_path / "bad.xlsx").write_bytes(b"not a zip")
    with pytest.raises(PerfscoreError) as info:
        load_master(tmp_path / "bad.xlsx")
    assert info.value.code == "PS-M004"


def test_text_starting_with_equals_stays_text(tmp_path):
    frames = _with(example_frames(), UNITS.sheet, 0, "单位名称", "=1+1")
    path = write_master(frames, tmp_path / "m.xlsx")
    cell = load_workbook(path)["单位"]["B2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    assert load_master(path).units[0].name == "=1+1"


def test_existing_master_is_not_overwritten(tmp_path):
    path = write_master(example_frames(), tmp_path / "m.xlsx")
    with pytest.raises(PerfscoreError) as info:
        write_master(example_frames(), path)
    assert info.value.code == "PS-W008"


def test_master_command_takes_the_path_positionally_or_with_out(tmp_path):
    from scoring.cli import main

    assert main(["master", str(tmp_path / "主数据.xlsx")]) == 0
    assert main(["master", "--out", str(tmp_path / "二.xlsx")]) == 0
    assert load_workbook(tmp_path / "主数据.xlsx").sheetnames == load_workbook(
        tmp_path / "二.xlsx").sheetnames == [table.sheet for table in TABLES]
    assert main(["master", str(tmp_path / "三.xlsx"), "--out", str(tmp_path / "四.xlsx")]) == 2
    assert not (tmp_path / "三.xlsx").exists() and not (tmp_path / "四.xlsx").exists()


def test_docs_list_every_master_header():
    text = (Path(__file__).resolve().parent.parent / "docs" / "batch.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"### {table.sheet}" in text
        for column in table.columns:  # header, 必填, forms and note as declared (类别 words included)
            row = (f"| {column.header} | {'是' if column.required else ''} | "
                   f"{used_by(table, column)} | {column.note} |")
            assert row in text, row


def test_every_master_column_fills_a_form_the_registry_names():
    declared = {(table.key, column.key) for table in TABLES for column in table.columns}
    for spec in FORMS.values():
        assert set(spec.master) <= declared, spec.kind  # no form names a column master lacks
    assert {column for spec in FORMS.values() for column in spec.master} | set(REPORT_MASTER) == declared
    assert used_by(UNITS, UNITS.column("spent")) == "自评报告"
    assert used_by(UNITS, UNITS.column("period")) == FORMS["monitoring"].label == "监控表"
    assert used_by(UNITS, UNITS.column("duties")) == "目标表"
    assert used_by(FRAMEWORK, FRAMEWORK.column("rule_text")) == "自评表"


def test_tables_that_start_right_of_column_a_read_the_same(tmp_path):
    """A bureau's sheets may leave column A empty (python-calamine then reads rows from the
    first column that holds a value): the tables read as the original, and a formula cell
    without a result is still named as a formula at its own row and column."""
    frames = _second_unit(example_frames())
    path = write_master(frames, tmp_path / "shifted.xlsx")
    wb = load_workbook(path)
    for sheet in wb.worksheets:
        sheet.insert_cols(1)
    wb[UNITS.sheet]["C3"] = '=HYPERLINK("https://example.org","南京市测试局")'
    wb[UNITS.sheet]["C3"].data_type = "f"
    wb.save(path)
    shifted, original = load_master(path), _load(frames, tmp_path)
    assert [unit.code for unit in shifted.units] == [EXAMPLE_UNIT_CODE]
    assert shifted.units[0] == original.units[0]
    assert shifted.failed == ("001002",)
    (error,) = shifted.by_unit["001002"]
    assert (error.code, error.sheet, error.row, error.column) == ("PS-M003", UNITS.sheet, 3, "单位名称")
    assert "公式" in error.message


def test_text_columns_of_a_master_workbook_keep_what_staff_type(tmp_path):
    """Columns read as text are formatted as text in the workbook ``perfscore master`` writes:
    a bureau typing ``95%`` into 全年指标值 keeps ``95%`` (in a General column Excel stores the
    number 0.95, which would reach every form as ``0.95``), ``001001`` keeps its zeros and
    ``1-7月`` stays no date; amounts, 分值 and 年度 stay numbers."""
    from scoring.batch.demo import demo_frames
    from scoring.batch.master import PROJECT_INDICATORS, TEXT_NUMBER_FORMAT

    path = write_master(demo_frames(2), tmp_path / "m.xlsx")
    wb = load_workbook(path)
    formats = {}
    for table in TABLES:
        if table.sheet not in wb.sheetnames:
            continue
        ws = wb[table.sheet]
        headers = [cell.value for cell in ws[1]]
        for column in table.columns:
            if column.header in headers:
                letter = ws.cell(1, headers.index(column.header) + 1).column_letter
                formats[table.sheet, column.key] = ws.column_dimensions[letter].number_format
    assert formats[INDICATORS.sheet, "full_value"] == formats[INDICATORS.sheet, "half_value"] == "@"
    assert formats[PROJECT_INDICATORS.sheet, "target"] == TEXT_NUMBER_FORMAT == "@"
    assert formats[UNITS.sheet, "code"] == formats[UNITS.sheet, "period"] == "@"
    assert formats[UNITS.sheet, "year"] == formats[UNITS.sheet, "adjusted"] == "General"
    assert formats[FRAMEWORK.sheet, "points"] == "General"


def test_points_in_a_name_that_differ_from_the_points_column_are_said(tmp_path):
    """``决策制度的规范性（3分）`` with 2 in 分值: the column counts and the bracket is not
    printed, as before; now a warning (PS-F010, located at the name) says so, and the unit is
    still generated."""
    from scoring.batch.demo import demo_frames

    frames = {name: frame.astype(object) for name, frame in demo_frames(2).items()}
    framework = frames[FRAMEWORK.sheet]
    row = framework.index[framework["指标编码"] == "A11"][0]
    framework.loc[row, "指标名称"] = "决策制度的规范性（3分）"
    master = load_master(write_master(frames, tmp_path / "m.xlsx"))
    assert all(error.code != "PS-F010" for error in master.problems)
    (warning,) = [w for w in master.warnings if w.code == "PS-F010"]
    assert (warning.sheet, warning.row, warning.column) == (FRAMEWORK.sheet, row + 2, "指标名称")
    assert "写有 3 分，与分值列的 2 分不同" in warning.message
    unit = master.units[0]
    item = next(item for item in unit.framework.walk() if item.code == "A11")
    assert (item.name, item.points) == ("决策制度的规范性", 2.0)
