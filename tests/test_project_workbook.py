"""The project self-evaluation workbook (issue #16): declared names, validation, protection and
print settings survive a reopen; the form reads back into the evaluation it was written from.

The formulas' agreement with the engine is tests/test_project_workbook_libreoffice.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from scoring import forms
from scoring.errors import WorkbookFileError
from scoring.forms import PROJECT_FORM, PROJECT_FUND_COLUMNS
from scoring.project import evaluate_project
from scoring.project.example import example_project
from scoring.project.vocab import TIER_NAMES
from scoring.workbook.project_reader import project_report, read_project
from scoring.workbook.project_sheet import (blank_project, build_project_workbook,
                                            template_project_workbooks)
from scoring.workbook.reader import open_workbook

openpyxl = pytest.importorskip("openpyxl")

SHEET = PROJECT_FORM.sheet


@pytest.fixture(scope="module")
def saved(tmp_path_factory) -> dict[str, Path]:
    """The two templates, saved and so reopened as a user opens them."""
    folder = tmp_path_factory.mktemp("project")
    paths = {}
    for name, wb in template_project_workbooks().items():
        paths[name.split("_")[0]] = folder / name
        wb.save(folder / name)
    return paths


def _cell(wb: Any, name: str, row: int = 0) -> Any:
    (sheet, ref), = wb.defined_names[name].destinations
    first = wb[sheet][ref.replace("$", "").split(":")[0]]
    return wb[sheet].cell(first.row + row, first.column)


def _declared() -> set[str]:
    return ({column.name for column in PROJECT_FORM.columns + PROJECT_FUND_COLUMNS}
            | {cell.name for cell in PROJECT_FORM.cells}
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
    assert all(f"`{name}`" in documented for name in _declared())
    assert wb["perfscore_meta"]["B1"].value == "project"


def test_key_cells_hold_live_formulas(saved):
    wb = openpyxl.load_workbook(saved["example"])
    assert _cell(wb, "execution_rate").value.startswith("=IF(AND(ISNUMBER(E6),E6>0)")
    assert _cell(wb, "fund_score").value == "=IF(ISNUMBER(H6),ROUND(MIN(MAX(H6,0),1)*G6,2),0)"
    assert _cell(wb, "project_total_score").value.startswith("=MIN(MAX(IF(COUNTIF(J13:J19,\"是\")>0")
    assert _cell(wb, "project_grade").value == (
        '=IF(H20>=90,"优秀",IF(H20>=80,"良好",IF(H20>=60,"中","差")))')
    assert _cell(wb, "fund_points").value == 10
    scores = [_cell(wb, "proj_score", row).value for row in range(7)]
    assert all(score.startswith('=IF(J') for score in scores)
    assert "/1200" in scores[0] and "30/(" in scores[2]   # forward B ÷ A, reverse A ÷ B
    assert "CHOOSE(" in scores[4]                          # qualitative tiers


def test_protection_unlocks_only_the_inputs(saved):
    wb = openpyxl.load_workbook(saved["example"])
    ws = wb[SHEET]
    assert ws.protection.sheet
    inputs = ["project_name", "goal_expected", "proj_fund_budget", "proj_actual", "proj_points",
              "proj_reason", "proj_not_applicable", "proj_evaluator_score"]
    locked = ["execution_rate", "fund_score", "fund_points", "proj_score", "proj_target",
              "proj_name", "project_total_score", "project_grade", "proj_check"]
    assert [name for name in inputs if _cell(wb, name).protection.locked] == []
    assert [name for name in locked if not _cell(wb, name).protection.locked] == []
    blank = openpyxl.load_workbook(saved["blank"])
    # The blank template's indicator names and values are the unit's to type.
    assert not _cell(blank, "proj_target").protection.locked
    assert not _cell(blank, "proj_name").protection.locked
    assert _cell(blank, "proj_level2").protection.locked


def test_validations_guard_the_inputs(saved):
    wb = openpyxl.load_workbook(saved["example"])
    ws = wb[SHEET]
    budget = _validation(ws, _cell(wb, "proj_fund_budget").coordinate)
    assert (budget.type, budget.operator, budget.formula1) == ("decimal", "greaterThanOrEqual", "0")
    tier = _validation(ws, _cell(wb, "proj_actual", 4).coordinate)   # 效果明显: qualitative
    assert tier.type == "list" and tier.formula1 == '"' + ",".join(TIER_NAMES.values()) + '"'
    assert _validation(ws, _cell(wb, "proj_actual", 0).coordinate).type is None  # ≥1200人: free
    evaluator = _validation(ws, _cell(wb, "proj_evaluator_score", 4).coordinate)
    assert (evaluator.type, evaluator.formula1, evaluator.formula2) == ("decimal", "0", "20")
    na = _validation(ws, _cell(wb, "proj_not_applicable").coordinate)
    assert na.type == "list" and na.formula1 == '"是"'
    points = _validation(ws, _cell(wb, "proj_points").coordinate)
    assert (points.type, points.formula1, points.formula2) == ("decimal", "0", "100")


def test_print_setup_is_a4_of_the_official_columns(saved):
    ws = openpyxl.load_workbook(saved["example"])[SHEET]
    assert ws.page_setup.paperSize == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_area == "'项目自评表'!$A$1:$I$22"   # the note row, not the working columns
    assert ws.print_title_rows == "$12:$12"
    assert ws["A1"].value == forms.PROJECT_TITLE and ws["A2"].value == "（2024年度）"
    assert ws["A22"].value == forms.PROJECT_EXAMPLE_NOTE


def test_the_example_reads_back_into_its_evaluation(saved):
    filled = read_project(open_workbook(saved["example"]))
    assert filled.evaluation == example_project()
    assert filled.metadata.year == "2024" and filled.metadata.unit_name == example_project().unit
    report = project_report(open_workbook(saved["example"]))
    assert (report["total"], report["grade"]) == (90.67, "优秀")
    assert report["not_calculated"] == len(example_project().indicators) + 3  # openpyxl: no cache
    assert report["disagreements"] == []
    assert [row["final"] for row in report["indicators"]] == [19.67, 15, 7.5, 5, 14, 10, 10]


def test_a_filled_blank_template_reads_its_typed_rows_only(tmp_path):
    wb = build_project_workbook(blank_project(), year=2024)
    ws = wb[SHEET]
    for name, value in (("proj_name", "服务人数"), ("proj_target", "≥100人"), ("proj_actual", 90),
                        ("proj_points", 90)):
        _cell(wb, name).value = value
    _cell(wb, "proj_fund_budget").value = 10
    _cell(wb, "proj_fund_executed").value = 9
    ws[_cell(wb, "proj_not_applicable", 8).coordinate] = "是"
    wb.save(tmp_path / "typed.xlsx")
    filled = read_project(open_workbook(tmp_path / "typed.xlsx"))
    (row,) = filled.evaluation.indicators
    assert (row.level1, row.level2, row.target, row.actual, row.points) == (
        "产出指标", "数量指标", "≥100人", 90, 90)
    result = evaluate_project(filled.evaluation)
    assert (result.funds[0].score, result.indicators[0].final, result.total) == (9, 81, 90)


def test_another_forms_workbook_is_refused(tmp_path):
    from scoring.commands.template import template_workbooks

    path = tmp_path / "target.xlsx"
    template_workbooks()["blank_target_portable.xlsx"].save(path)
    with pytest.raises(WorkbookFileError) as raised:
        read_project(open_workbook(path))
    assert raised.value.code == "PS-W012"


def test_the_registry_scores_a_project_workbook(saved):
    spec = forms.form("project")
    assert spec.layout is PROJECT_FORM and spec.variants == ("portable",)
    assert "project" in forms.FILLED_FORMS and forms.PROJECT_FORMS == ("project",)
    assert spec.filled_per == "project" and spec.fill == "project_bytes"
    assert forms.function(spec.score)(open_workbook(saved["example"]))["total"] == 90.67


def test_perfscore_score_summarises_a_project_workbook(saved):
    from scoring.commands.score import exit_code, format_report

    report = project_report(open_workbook(saved["example"]))
    lines = format_report(report).splitlines()
    assert lines[1:4] == ["社区养老服务补助项目（示例）",
                          "总分：90.67  等次：优秀  资金执行率：95.0%  适用分值：100",
                          "扣分：年度资金总额 得 9.5/10 分（执行率 95.0%）"]
    assert "扣分：补助发放用时 得 7.5/10 分 — 系统切换致发放延迟；已改为按月批量发放。" in lines
    assert exit_code(report) == 0
