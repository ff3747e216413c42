"""The project target declaration (项目支出绩效目标申报表, issue #16): its checks, its workbook's
names, validations, protection and print settings after a reopen, and the reader's round trip.

The live formulas' behaviour is tests/test_project_target_libreoffice.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from scoring import forms
from scoring.errors import CODES, WorkbookFileError
from scoring.forms import PROJECT_TARGET_FORM, PROJECT_TARGET_MID_COLUMNS
from scoring.project import DeclaredFunds, DeclaredIndicator, check_target
from scoring.project.example import EXAMPLE_MID_INDICATORS, example_project, example_target
from scoring.workbook.project_target_reader import (project_target_report, read_filled_project_target,
                                                    read_project_target)
from scoring.workbook.project_target_sheet import (blank_project_target,
                                                   build_project_target_workbook,
                                                   template_project_target_workbooks)
from scoring.workbook.reader import open_workbook

openpyxl = pytest.importorskip("openpyxl")

SHEET = PROJECT_TARGET_FORM.sheet


# ------------------------------------------------------------------ the declaration's checks
def _codes(target) -> list[tuple[str, str]]:
    return [(issue.code, issue.item) for issue in check_target(target)]


def test_the_example_is_the_self_evaluations_project_and_has_no_problem():
    target, evaluation = example_target(), example_project()
    assert check_target(target) == []
    assert (target.name, target.unit) == (evaluation.name, evaluation.unit)
    assert [(row.name, row.target) for row in target.indicators] == [
        (row.name, row.target) for row in evaluation.indicators]
    annual = target.funds["annual"]
    assert annual.total == annual.appropriation + annual.other == 100


def test_a_total_that_is_not_its_parts_is_ps_x107():
    target = replace(example_target(), funds={"annual": DeclaredFunds(110, 90, 10),
                                              "mid": DeclaredFunds(300, 270, 30.005)})
    (issue,) = check_target(target)
    assert (issue.code, issue.item) == ("PS-X107", "funds.annual")
    assert issue.message == "年度资金总额：资金总额110万元，而财政拨款、其他资金之和为100万元"


def test_a_blank_total_or_blank_parts_are_not_checked():
    target = replace(example_target(), funds={"annual": DeclaredFunds(None, 90, 10),
                                              "mid": DeclaredFunds(300, None, "")})
    assert check_target(target) == []


@pytest.mark.parametrize(("amount", "message"), [
    (-5, "资金“年度资金总额”的资金总额“-5”为负数，金额应不小于0"),
    ("很多", "资金“年度资金总额”的资金总额“很多”不是金额，应为数字（万元）"),
])
def test_an_amount_that_is_no_amount_is_ps_x005(amount, message):
    target = replace(example_target(), funds={"annual": DeclaredFunds(amount, 90, 10)})
    (issue,) = check_target(target)
    assert (issue.code, issue.item, issue.message) == ("PS-X005", "funds.annual", message)


@pytest.mark.parametrize(("value", "code"), [("≥≥5", "PS-T001"), ("约95%", "PS-T001"),
                                             ("", "PS-T002")])
def test_an_unreadable_target_is_reported_as_the_self_evaluation_would(value, code):
    rows = list(example_target().indicators)
    rows[1] = replace(rows[1], target=value)
    assert _codes(replace(example_target(), indicators=tuple(rows))) == [(code, "indicator.2")]


@pytest.mark.parametrize("value", ["≥1200人", "不低于95%", "95%以上", "=100%", "≤30天", "健全",
                                   "效果明显", "下降5%", 12])
def test_readable_targets_pass(value):
    rows = list(example_target().indicators)
    rows[0] = replace(rows[0], target=value)
    assert check_target(replace(example_target(), indicators=tuple(rows))) == []


def test_a_missing_block_is_ps_x106_naming_the_declaration():
    rows = tuple(row for row in example_target().indicators if row.level1 != "满意度指标")
    (issue,) = check_target(replace(example_target(), indicators=rows))
    assert (issue.code, issue.item) == ("PS-X106", "indicators")
    assert issue.message.startswith("没有满意度指标，项目支出绩效目标申报表应设")


def test_mid_term_indicators_are_checked_as_the_annual_ones_and_located_in_their_group():
    """The 中期（长期）group: an unreadable or missing 指标值 (PS-T001/PS-T002) and a missing block
    (PS-X106) as for the annual group, located at ``mid_indicator.N`` / ``mid_indicators`` and
    named in the message; the annual group's findings are unchanged and come after."""
    mid = list(EXAMPLE_MID_INDICATORS)
    mid[1] = replace(mid[1], target="约95%")
    mid[2] = replace(mid[2], target="")
    mid = [row for row in mid if row.level1 != "满意度指标"]
    annual = list(example_target().indicators)
    annual[0] = replace(annual[0], target="≥≥5")
    issues = check_target(replace(example_target(), mid_indicators=tuple(mid),
                                  indicators=tuple(annual)))
    assert [(issue.code, issue.item) for issue in issues] == [
        ("PS-T001", "mid_indicator.2"), ("PS-T002", "mid_indicator.3"),
        ("PS-X106", "mid_indicators"), ("PS-T001", "indicator.1")]
    assert issues[0].message.startswith("中期（长期）绩效指标第2个指标“服务合格率”：")
    assert issues[2].message == ("没有满意度指标，项目支出绩效目标申报表的中期（长期）绩效指标应设"
                                 "产出指标、效益指标、满意度指标")
    assert issues[3].message.startswith("第1个指标“服务老人人数”：")


def test_no_mid_term_group_is_no_mid_term_finding():
    """A one-year project declares no 中期（长期）indicators: nothing to check there (no PS-X106
    for an empty group), while an annual group without blocks is still reported."""
    assert example_target().mid_indicators == EXAMPLE_MID_INDICATORS
    assert check_target(replace(example_target(), mid_indicators=())) == []
    assert _codes(replace(example_target(), mid_indicators=(), indicators=())) == [
        ("PS-X106", "indicators")] * 3


def test_an_unknown_attribute_is_ps_x110():
    assert CODES["PS-X110"] == "项目属性应为新增项目或延续项目"
    assert _codes(replace(example_target(), attribute="新建")) == [("PS-X110", "field.attribute")]
    assert check_target(replace(example_target(), attribute="延续项目")) == []
    assert check_target(replace(example_target(), attribute="")) == []


# ------------------------------------------------------------------ the workbook
@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("project_target")
    paths = {}
    for name, wb in template_project_target_workbooks().items():
        # blank, example (portable); blank_addin, example_addin
        paths[name.split("_")[0] + ("_addin" if name.endswith("_addin.xlsx") else "")] = folder / name
        wb.save(folder / name)
    return paths


def _cell(wb: Any, name: str, row: int = 0) -> Any:
    (sheet, ref), = wb.defined_names[name].destinations
    first = wb[sheet][ref.replace("$", "").split(":")[0]]
    return wb[sheet].cell(first.row + row, first.column)


def _declared(mid: bool = True) -> set[str]:
    return ({column.name for column in PROJECT_TARGET_FORM.columns}
            | {column.name for column in PROJECT_TARGET_MID_COLUMNS if mid}
            | {cell.name for cell in PROJECT_TARGET_FORM.cells}
            | {f"meta_{key}" for key, _ in forms.METADATA_FIELDS})


def _validation(ws: Any, ref: str) -> Any:
    found = [dv for dv in ws.data_validations.dataValidation if ref in dv.sqref]
    assert len(found) == 1, ref
    return found[0]


@pytest.mark.parametrize("kind", ["example", "blank"])
def test_every_declared_name_is_in_the_workbook_and_documented(saved, kind):
    wb = openpyxl.load_workbook(saved[kind])
    assert set(wb.defined_names) == _declared()
    documented = (Path(__file__).resolve().parent.parent / "docs" / "names.md").read_text(
        encoding="utf-8")
    assert [name for name in sorted(_declared()) if f"`{name}`" not in documented] == []
    assert wb["perfscore_meta"]["B1"].value == "project_target"


def test_the_groups_are_laid_out_one_above_the_other_under_one_heading(saved):
    """中期（长期）above 年度, each named in the block column and merged down its own rows; the
    heading row (printed on every page) is shared; the blank template has both groups."""
    for kind, mid_rows, annual_rows in (("example", 5, 7), ("blank", 5, 9)):
        wb = openpyxl.load_workbook(saved[kind])
        ws = wb[SHEET]
        assert ws["A13"].value == "绩效指标" and ws["D13"].value == "三级指标"
        assert (_cell(wb, "proj_target_mid_level1").row, _cell(wb, "proj_target_level1").row) == (
            14, 14 + mid_rows)
        assert ws["A14"].value == "中期（长期）绩效指标"
        assert ws[f"A{14 + mid_rows}"].value == "年度绩效指标"
        merged = {str(area) for area in ws.merged_cells.ranges}
        assert {f"A14:A{13 + mid_rows}", f"A{14 + mid_rows}:A{13 + mid_rows + annual_rows}"} <= merged
        assert not any(area.startswith("A13:") for area in merged)
        assert ws.print_title_rows == "$13:$13"
    wb = openpyxl.load_workbook(saved["example"])
    assert [_cell(wb, "proj_target_mid_value", row).value for row in range(5)] == [
        row.target for row in EXAMPLE_MID_INDICATORS]


def test_a_declaration_without_mid_term_indicators_has_no_mid_term_table(tmp_path):
    """A one-year project: no empty 中期（长期）table, no ``proj_target_mid_*`` names of it, the
    annual table headed 绩效指标 from the heading row as before; it reads back without one."""
    target = replace(example_target(), mid_indicators=(), period="2024年")
    wb = build_project_target_workbook(target, year=2024)
    assert set(wb.defined_names) == _declared(mid=False)
    ws = wb[SHEET]
    assert "A13:A20" in {str(area) for area in ws.merged_cells.ranges}
    assert ws["A13"].value == "绩效指标" and _cell(wb, "proj_target_level1").row == 14
    assert ws.print_area == f"'{SHEET}'!$A$1:$E$21"
    wb.save(tmp_path / "one_year.xlsx")
    filled = read_filled_project_target(open_workbook(tmp_path / "one_year.xlsx"))
    assert filled.target == target and filled.mid_rows == ()


def test_the_cells_hold_the_example(saved):
    wb = openpyxl.load_workbook(saved["example"])
    assert _cell(wb, "proj_target_annual_total").value == 100
    assert _cell(wb, "proj_target_mid_appropriation").value == 270
    assert _cell(wb, "proj_target_department_code").value == "123001"
    assert _cell(wb, "proj_target_department_code").number_format == "@"
    assert [_cell(wb, "proj_target_value", row).value for row in range(7)] == [
        "≥1200人", "≥95%", "≤30天", "≤900元", "效果明显", "健全", "≥90%"]
    assert _cell(wb, "proj_target_funds_check").value.startswith("=IF(AND(ISNUMBER(D8),OR(")
    assert _cell(wb, "proj_target_mid_check").value.startswith('=IF(AND(D14<>"",E14=""),')
    assert _cell(wb, "proj_target_check").value.startswith('=IF(AND(D19<>"",E19=""),')
    assert _cell(wb, "proj_target_mid_check", 4).value.replace("18", "25") == _cell(
        wb, "proj_target_check", 6).value   # the same check, row for row


def test_protection_unlocks_only_the_inputs(saved):
    wb = openpyxl.load_workbook(saved["example"])
    assert wb[SHEET].protection.sheet
    inputs = [cell.name for cell in PROJECT_TARGET_FORM.cells if cell.role == "input"] + [
        "proj_target_level3", "proj_target_value", "proj_target_mid_level3", "proj_target_mid_value"]
    locked = ["form_title", "proj_target_funds_check", "proj_target_level1", "proj_target_level2",
              "proj_target_check", "proj_target_note", "proj_target_mid_block",
              "proj_target_mid_level1", "proj_target_mid_level2", "proj_target_mid_check"]
    assert [name for name in inputs if _cell(wb, name).protection.locked] == []
    assert [name for name in locked if not _cell(wb, name).protection.locked] == []


def test_validations_guard_the_inputs(saved):
    wb = openpyxl.load_workbook(saved["example"])
    ws = wb[SHEET]
    for name in ("proj_target_mid_total", "proj_target_annual_other"):
        amount = _validation(ws, _cell(wb, name).coordinate)
        assert (amount.type, amount.operator, amount.formula1) == ("decimal", "greaterThanOrEqual", "0")
    attribute = _validation(ws, _cell(wb, "proj_target_attribute").coordinate)
    assert (attribute.type, attribute.formula1) == ("list", '"新增项目,延续项目"')
    for name in ("proj_target_value", "proj_target_mid_value"):
        value = _validation(ws, _cell(wb, name, 3).coordinate)
        assert value.type is None and value.prompt.startswith("计算符号、数值和计量单位写在一格")


def test_print_setup_is_a4_of_the_official_columns(saved):
    ws = openpyxl.load_workbook(saved["example"])[SHEET]
    assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.orientation == "portrait"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area == f"'{SHEET}'!$A$1:$E$26"   # the note row, not the 提示 column
    assert ws.print_title_rows == "$13:$13"
    assert ws["A1"].value == "项目支出绩效目标申报表" and ws["A2"].value == "（2024年度）"
    assert ws["A26"].value == forms.PROJECT_TARGET_EXAMPLE_NOTE


def test_the_example_reads_back_into_its_declaration(saved):
    target = read_project_target(open_workbook(saved["example"]))
    assert target == example_target() and len(target.mid_indicators) == 5
    report = project_target_report(open_workbook(saved["example"]))
    assert (report["form"], report["indicators"], report["mid_indicators"], report["issues"]) == (
        "project_target", 7, 5, [])
    assert report["funds"]["annual"] == {"total": 100, "appropriation": 90, "other": 10}


def test_a_typed_blank_template_reads_its_rows_and_problems(tmp_path):
    wb = build_project_target_workbook(blank_project_target(), year=2025)
    _cell(wb, "proj_target_level3").value = "服务人数"
    _cell(wb, "proj_target_value").value = "≥≥100人"
    _cell(wb, "proj_target_annual_total").value = 50
    _cell(wb, "proj_target_annual_appropriation").value = 40
    _cell(wb, "proj_target_attribute").value = "延续项目"
    wb.save(tmp_path / "typed.xlsx")
    target = read_project_target(open_workbook(tmp_path / "typed.xlsx"))
    (row,) = target.indicators
    assert (row.level1, row.level2, row.name, row.target) == ("产出指标", "数量指标", "服务人数", "≥≥100人")
    assert target.funds["annual"] == DeclaredFunds(50, 40, None)
    assert [(issue.code, issue.item) for issue in check_target(target)] == [
        ("PS-X107", "funds.annual"), ("PS-T001", "indicator.1"),
        ("PS-X106", "indicators"), ("PS-X106", "indicators")]
    assert target.mid_indicators == ()   # the mid-term group's rows are blank: left out


def test_a_typed_mid_term_row_reads_back_with_its_problem_at_its_cell(tmp_path):
    """A unit types a 中期（长期）indicator into the blank template: it reads back into the mid
    group (not the annual one), and its problems point at the mid table's cells."""
    from scoring.workbook.project_target_reader import declaration_cell

    wb = build_project_target_workbook(blank_project_target(), year=2025)
    _cell(wb, "proj_target_mid_level3", 1).value = "验收合格率"
    _cell(wb, "proj_target_mid_value", 1).value = "约95%"
    _cell(wb, "proj_target_level3").value = "服务人数"
    _cell(wb, "proj_target_value").value = "≥100人"
    wb.save(tmp_path / "typed.xlsx")
    filled = read_filled_project_target(open_workbook(tmp_path / "typed.xlsx"))
    assert filled.target.mid_indicators == (DeclaredIndicator("产出指标", "质量指标", "验收合格率", "约95%"),)
    assert [row.name for row in filled.target.indicators] == ["服务人数"]
    assert (filled.mid_rows, filled.rows) == ((15,), (19,))
    report = project_target_report(open_workbook(tmp_path / "typed.xlsx"))
    cells = [(issue["code"], issue["item"], issue["cell"]) for issue in report["issues"]]
    assert cells[0] == ("PS-T001", "mid_indicator.1", "项目目标申报表!E15")
    assert ("PS-X106", "mid_indicators", "项目目标申报表!B15:B15") in cells
    assert declaration_cell(filled, "PS-X106", "indicators") == "项目目标申报表!B19:B19"

def test_another_forms_workbook_is_refused_and_an_unknown_variant_is_not_written(tmp_path):
    from scoring.workbook.project_sheet import template_project_workbooks

    path = tmp_path / "project.xlsx"
    template_project_workbooks()["blank_project_evaluation_portable.xlsx"].save(path)
    with pytest.raises(WorkbookFileError) as raised:
        read_project_target(open_workbook(path))
    assert raised.value.code == "PS-W012"
    with pytest.raises(WorkbookFileError) as raised:
        build_project_target_workbook(example_target(), "plugin")
    assert raised.value.code == "PS-W011"


def test_the_registry_and_perfscore_score_know_the_declaration(saved):
    from scoring.commands.score import exit_code, format_report

    spec = forms.form("project_target")
    assert spec.layout is PROJECT_TARGET_FORM and spec.variants == ("portable", "addin")
    assert (spec.fill, spec.filled_per) == ("project_target_bytes", "project")
    assert "project_target" in forms.PROJECT_FORMS
    report = forms.function(spec.score)(open_workbook(saved["example"]))
    assert format_report(report).splitlines()[1:] == [
        "社区养老服务补助项目（示例）",
        "申报表：7个年度绩效指标，5个中期（长期）绩效指标，年度资金总额100万元，问题0个"]
    assert exit_code(report) == 0
    blank = forms.function(spec.score)(open_workbook(saved["blank"]))
    assert [issue["code"] for issue in blank["issues"]] == ["PS-X106"] * 3


def test_indicators_changed_since_issued_are_ps_w007_at_the_table(saved, tmp_path):
    """As the department forms report an edited 评价要点 (PS-W007): the checksum the declaration
    recorded when issued no longer matches its indicators. A blank template is the unit's to type."""
    from scoring.commands.score import exit_code, format_report

    assert read_filled_project_target(open_workbook(saved["example"])).problems == ()
    wb = openpyxl.load_workbook(saved["example"])
    edited = _cell(wb, "proj_target_value", 2)
    assert edited.value == "≤30天"
    edited.value = "≤40天"
    wb.save(tmp_path / "edited.xlsx")
    filled = read_filled_project_target(open_workbook(tmp_path / "edited.xlsx"))
    assert [(problem.code, problem.item) for problem in filled.problems] == [("PS-W007", "indicators")]
    report = project_target_report(open_workbook(tmp_path / "edited.xlsx"))
    table = f"项目目标申报表!{_cell(wb, 'proj_target_level1').coordinate}:" \
            f"{_cell(wb, 'proj_target_value', 6).coordinate}"
    assert table == "项目目标申报表!B19:E25"   # the annual 一级指标 to 指标值: what the checksum covers
    (issue,) = report["issues"]
    assert (issue["code"], issue["cell"]) == ("PS-W007", table)
    assert f"问题 [PS-W007] indicators（{table}）" in format_report(report)
    assert exit_code(report) == 1
    blank = openpyxl.load_workbook(saved["blank"])
    _cell(blank, "proj_target_level3").value = "服务人数"
    _cell(blank, "proj_target_value").value = "≥100人"
    blank.save(tmp_path / "typed.xlsx")
    assert read_filled_project_target(open_workbook(tmp_path / "typed.xlsx")).problems == ()


def test_the_checksum_covers_the_annual_group_only(saved, tmp_path):
    """The checksum (PS-W007 here, PS-X111 in collect) is the self-evaluation's: an edited
    中期（长期）indicator, which the self-evaluation does not have, changes nothing there."""
    wb = openpyxl.load_workbook(saved["example"])
    _cell(wb, "proj_target_mid_value").value = "≥4000人"
    wb.save(tmp_path / "mid_edited.xlsx")
    filled = read_filled_project_target(open_workbook(tmp_path / "mid_edited.xlsx"))
    assert filled.target.mid_indicators[0].target == "≥4000人"
    assert filled.problems == ()


# ------------------------------------------------------------------ the add-in variant
def test_the_addin_variant_checks_each_value_with_the_engine_and_reads_back(saved, tmp_path):
    """As the department target form's add-in variant: the 提示 asks ``PERF_TARGET_MET`` (the one
    helper, :func:`scoring.workbook.writer.engine_unreadable`) whether a 指标值 with digits reads;
    a 指标值 without digits stays qualitative. The add-in's settings sheets are there, and the
    workbook reads back and scores as the portable one."""
    from addin import CONF_SHEET

    from scoring.commands.score import exit_code, format_report
    from scoring.workbook.project_target_sheet import value_unreadable
    from scoring.workbook.writer import engine_unreadable

    assert set(template_project_target_workbooks()) == {
        f"{stem}_project_target_{variant}.xlsx" for stem in ("blank", "example_2024")
        for variant in ("portable", "addin")}
    wb = openpyxl.load_workbook(saved["example_addin"])
    checks = [_cell(wb, "proj_target_check", row).value for row in range(7)] + [
        _cell(wb, "proj_target_mid_check", row).value for row in range(5)]
    values = [_cell(wb, "proj_target_value", row).coordinate for row in range(7)] + [
        _cell(wb, "proj_target_mid_value", row).coordinate for row in range(5)]
    for check, value in zip(checks, values):
        assert engine_unreadable(value) in check and f"PERF_TARGET_MET(\"\",{value})" in check
    assert value_unreadable(values[0], "addin") in checks[0]
    portable = openpyxl.load_workbook(saved["example"])
    assert "PERF_" not in _cell(portable, "proj_target_check").value
    assert {forms.XLWINGS_CONF_SHEET, CONF_SHEET} <= set(wb.sheetnames)
    assert all(wb[title].sheet_state == "hidden" for title in (forms.XLWINGS_CONF_SHEET, CONF_SHEET))
    book = open_workbook(saved["example_addin"])
    assert book.metadata.variant == "addin"
    assert read_project_target(book) == read_project_target(open_workbook(saved["example"]))
    report = forms.function(forms.form("project_target").score)(book)
    assert report["variant"] == "addin"
    assert format_report(report).splitlines()[1:] == [
        "社区养老服务补助项目（示例）",
        "申报表：7个年度绩效指标，5个中期（长期）绩效指标，年度资金总额100万元，问题0个"]
    assert exit_code(report) == 0
    blank = openpyxl.load_workbook(saved["blank_addin"])
    assert "PERF_TARGET_MET" in _cell(blank, "proj_target_check").value
    assert "PERF_TARGET_MET" in _cell(blank, "proj_target_mid_check").value


def test_perfscore_score_reads_the_addin_declaration(saved, capsys):
    from scoring.cli import main

    assert main(["score", str(saved["example_addin"])]) == 0
    assert "申报表：7个年度绩效指标，5个中期（长期）绩效指标，年度资金总额100万元，问题0个" in (
        capsys.readouterr().out)
