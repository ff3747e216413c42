"""The project self-evaluation workbook (issue #16): declared names, validation, protection and
print settings survive a reopen; the form reads back into the evaluation it was written from.

The formulas' agreement with the engine is tests/test_project_workbook_libreoffice.py.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from scoring import forms
from scoring.errors import PolicyError, WorkbookFileError
from scoring.forms import PROJECT_FORM, PROJECT_FUND_COLUMNS
from scoring.project import (HUBEI_HUANGGANG, NATIONAL, SICHUAN, FundRow, ProjectProfile,
                             evaluate_project)
from scoring.project.example import example_project
from scoring.project.score import in_three_columns
from scoring.project.vocab import TIER_NAMES
from scoring.workbook.project_reader import read_project
from scoring.workbook.project_status import project_score_report as project_report
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
        if name.endswith("_portable.xlsx"):
            paths[name.split("_")[0]] = folder / name
            wb.save(folder / name)
    return paths


def _cell(wb: Any, name: str, row: int = 0) -> Any:
    (sheet, ref), = wb.defined_names[name].destinations
    first = wb[sheet][ref.replace("$", "").split(":")[0]]
    return wb[sheet].cell(first.row + row, first.column)


def _declared(profile: ProjectProfile = NATIONAL) -> set[str]:
    """The names a profile's workbook declares: the national ones and the profile's own cells."""
    own = {f"project_{key}" for key in profile.closing_fields}
    if profile.fund_reason_below is not None:
        own |= {"project_fund_reason", "project_fund_check"}
    own |= {column.name for _, column in forms.PROJECT_TARGET_PART_COLUMNS
            if column.key in profile.indicator_columns}
    return ({column.name for column in PROJECT_FORM.columns + PROJECT_FUND_COLUMNS}
            | {cell.name for cell in PROJECT_FORM.cells} | own
            | {f"meta_{key}" for key, _ in forms.METADATA_FIELDS}
            | {forms.METADATA_NAME.format(key=forms.PROJECT_PROFILE_FIELD[0])})


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
    assert spec.layout is PROJECT_FORM and spec.variants == ("portable", "addin")
    assert "project" in forms.FILLED_FORMS and forms.PROJECT_FORMS == ("project", "project_target")
    assert spec.filled_per == "project" and spec.fill == "project_bytes"
    assert forms.function(spec.score)(open_workbook(saved["example"]))["total"] == 90.67


def test_perfscore_score_summarises_a_project_workbook(saved):
    from scoring.commands.score import exit_code, format_report

    report = project_report(open_workbook(saved["example"]))
    lines = format_report(report).splitlines()
    assert lines[1:5] == ["社区养老服务补助项目（示例）",
                          "主管部门：某市民政局（示例）  实施单位：某市社区养老服务中心（示例）",
                          "总分：90.67  等次：优秀  资金执行率：95.0%  适用分值：100",
                          "扣分：年度资金总额 得 9.5/10 分（执行率 95.0%）"]
    assert "扣分：补助发放用时 得 7.5/10 分 — 系统切换致发放延迟；已改为按月批量发放。" in lines
    assert exit_code(report) == 0


def test_perfscore_score_locates_problems_by_cell(saved):
    """The blank template: no budget (PS-X001 at the 年度资金总额 row's cell); each line names its
    cell, never the engine's item key (``funds.total``)."""
    from scoring.commands.score import format_report

    text = format_report(project_report(open_workbook(saved["blank"])))
    funds_row = PROJECT_FUND_COLUMNS[0].name
    assert f"问题 [PS-X001]（{SHEET}!" in text and "funds.total" not in text
    assert "indicator." not in text and funds_row not in text
    assert "等次：未填报" in text and "审核提示" not in text  # unfilled: no review, as collect


@pytest.mark.parametrize("profile", [SICHUAN, HUBEI_HUANGGANG])
def test_a_local_profiles_copy_of_the_form(tmp_path, profile):
    """四川: five funds rows, 原因 below them, its labels and closing texts; 湖北: one funds row
    worth 20, 偏差原因分析 and 改进措施及结果应用方案 below the grade. Each reads back into the
    form it was written from, under the profile its metadata records."""
    funds = {key: FundRow(10 * index, 10 * index + 1, None)
             for index, (key, _) in enumerate(profile.fund_rows, start=1)}
    texts = {key: f"{profile.label(key)}（测试）" for key in profile.closing_fields}
    if "fund_reason" in profile.fund_columns:
        texts["fund_reason"] = "资金下年支付"
    evaluation = replace(example_project(), funds=funds, **texts)
    build_project_workbook(evaluation, profile=profile, year=2024).save(tmp_path / "p.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    assert set(wb.defined_names) == _declared(profile)
    documented = (Path(__file__).resolve().parent.parent / "docs" / "names.md").read_text(
        encoding="utf-8")
    assert all(f"`{name}`" in documented for name in _declared(profile))
    assert _cell(wb, "meta_project_profile").value == profile.key
    assert [_cell(wb, "proj_fund_item", row).value for row in range(len(funds))] == [
        label for _, label in profile.fund_rows]
    assert _cell(wb, "fund_points").value == profile.fund_points
    ws = wb[SHEET]
    actual = _cell(wb, "proj_actual")
    assert ws.cell(actual.row - 1, actual.column).value == profile.label("actual")  # 四川 完成值
    assert ws["A5"].value == profile.label("funds")
    for key in profile.closing_fields:
        cell = _cell(wb, f"project_{key}")
        assert not cell.protection.locked and ws[f"A{cell.row}"].value == profile.label(key)
    filled = read_project(open_workbook(tmp_path / "p.xlsx"))
    written = evaluation if "nature" not in profile.indicator_columns else replace(
        evaluation, indicators=tuple(in_three_columns(row) for row in evaluation.indicators))
    assert filled.profile is profile and filled.evaluation == written and filled.problems == ()
    report = project_report(open_workbook(tmp_path / "p.xlsx"))
    assert report["profile"] == profile.key
    assert report["total"] == evaluate_project(evaluation, profile).total


def test_the_national_form_keeps_its_layout_and_a_changed_profile_is_refused():
    wb = build_project_workbook(example_project(), profile=NATIONAL, year=2024)
    assert wb[SHEET]["A10"].value == "年度总体目标" and wb[SHEET]["B13"].value == "产出指标"
    with pytest.raises(PolicyError) as raised:
        build_project_workbook(example_project(), profile=NATIONAL.with_(overshoot_reduction=True))
    assert raised.value.code == "PS-P001"


@pytest.mark.parametrize("profile", [NATIONAL, SICHUAN, HUBEI_HUANGGANG])
def test_the_addin_variant_scores_with_the_addins_functions(tmp_path, profile):
    """The funds and indicator scores call PERF_EXECUTION and PERF_PROJECT_SCORE with the
    profile's metadata cell; everything else is the portable variant's, and it reads back alike."""
    import addin

    funds = {key: FundRow(100, 100, 95) for key, _ in profile.fund_rows}
    evaluation = replace(example_project(), funds=funds)
    build_project_workbook(evaluation, profile=profile, variant="addin", year=2024).save(
        tmp_path / "a.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "a.xlsx")
    total = _cell(wb, "fund_score")
    points = "H6" if profile is SICHUAN else "G6"     # 四川: 预算执行率 before 权重
    assert total.value == f"=PERF_EXECUTION(E6,F6,{points},meta_project_profile)"
    scores = [_cell(wb, "proj_score", row).value for row in range(len(evaluation.indicators))]
    first = _cell(wb, "proj_score").row
    # 四川 joins its three target cells into the one 指标值 the engine reads (≥&95&% → ≥95%)
    na, target, rest = (("L", "E{r}&F{r}&G{r}", "H{r},I{r},M{r}") if profile is SICHUAN
                        else ("J", "E{r}", "F{r},G{r},K{r}"))
    arguments = [f"{target},{rest},meta_project_profile".format(r=r)
                 for r in range(first, first + len(scores))]
    assert scores == [f'=IF({na}{r}="是","不适用",PERF_PROJECT_SCORE({args}))'
                      for r, args in zip(range(first, first + len(scores)), arguments)]
    # the 提示 asks the engine whether it took the evaluator's score, never the native test
    checks = [_cell(wb, "proj_check", row).value for row in range(len(scores))]
    assert all(f"IFERROR(PERF_PROJECT_UNREAD({args})=TRUE(),FALSE())" in check
               for args, check in zip(arguments, checks))
    called = set(re.findall(r"\b(PERF_[A-Z_]+)\(", " ".join([total.value, *scores, *checks])))
    assert called == {"PERF_EXECUTION", "PERF_PROJECT_SCORE", "PERF_PROJECT_UNREAD"}
    assert called <= set(addin.FUNCTION_NAMES)
    assert addin.CONF_SHEET in wb.sheetnames and wb["perfscore_meta"]["B3"].value == "addin"
    filled = read_project(open_workbook(tmp_path / "a.xlsx"))
    assert filled.profile is profile and filled.evaluation.indicators == tuple(
        in_three_columns(row) if profile is SICHUAN else row for row in evaluation.indicators)
    assert filled.metadata.variant == "addin"


@pytest.mark.parametrize("profile", [NATIONAL, SICHUAN])
def test_indicators_changed_since_issued_are_ps_w007_shown_by_score_and_collect(tmp_path, profile):
    """An issued form whose 指标值 was edited (≤30天 → ≤20天; 四川 the number of its three cells):
    PS-W007 as the department forms report it, located at the indicator table the checksum
    covers, printed by ``perfscore score`` and in collect's 问题 column; the engine scores the
    value now in the workbook (20 ÷ 40 × 10 = 5)."""
    from scoring.batch.collect import project_entry
    from scoring.commands.score import exit_code, format_report

    build_project_workbook(example_project(), profile=profile, year=2024).save(tmp_path / "p.xlsx")
    assert read_project(open_workbook(tmp_path / "p.xlsx")).problems == ()
    wb = openpyxl.load_workbook(tmp_path / "p.xlsx")
    edited = _cell(wb, "proj_target", 2)
    assert edited.value == ("≤30天" if profile is NATIONAL else 30)
    edited.value = "≤20天" if profile is NATIONAL else 20
    wb.save(tmp_path / "edited.xlsx")
    book = open_workbook(tmp_path / "edited.xlsx")
    assert [(p.code, p.item) for p in read_project(book).problems] == [("PS-W007", "indicators")]
    report = project_report(book)
    last = "E19" if profile is NATIONAL else "G21"      # 四川: 一级指标 to 度量单位
    table = f"{SHEET}!{_cell(wb, 'proj_level1').coordinate}:{last}"
    assert [(i["code"], i["cell"]) for i in report["issues"]] == [("PS-W007", table)]
    assert report["indicators"][2]["final"] == 5
    assert f"问题 [PS-W007]（{table}）" in format_report(report) and exit_code(report) == 1
    entry = project_entry(book, tmp_path / "edited.xlsx", False)
    assert f"[PS-W007] {table} " in entry["row"]["issues"]


def test_a_sichuan_form_writes_the_target_in_three_columns(tmp_path):
    """指标性质 (dropdown =, ≥, ≤) | 指标值 (the number) | 度量单位 beside each other; what does not
    split back into the same text (效果明显) stays one text; the print area and the funds' last
    column stretch to the two more columns; the national form is unchanged."""
    build_project_workbook(example_project(), profile=SICHUAN, year=2024).save(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    ws = wb[SHEET]
    cells = [tuple(_cell(wb, name, row).value for name in ("proj_nature", "proj_target", "proj_unit"))
             for row in range(7)]
    assert cells == [("≥", 1200, "人"), ("≥", 95, "%"), ("≤", 30, "天"), ("≤", 900, "元"),
                     (None, "效果明显", None), (None, "健全", None), ("≥", 90, "%")]
    header = _cell(wb, "proj_nature").row - 1
    assert [ws[f"{letter}{header}"].value for letter in "EFGH"] == ["指标性质", "指标值", "度量单位", "完成值"]
    nature = _validation(ws, _cell(wb, "proj_nature").coordinate)
    assert nature.type == "list" and nature.formula1 == '"=,≥,≤"'
    assert ws.print_area.startswith("'项目自评表'!$A$1:$K$")
    assert "I6:K6" in {str(merged) for merged in ws.merged_cells.ranges}   # 得分 spans to K
    assert _cell(wb, "proj_actual", 1).number_format == forms.PERCENT_NUMBER_FORMAT
    assert _cell(wb, "proj_target", 1).number_format == "General"   # 95, not 9500%
    assert "/1200" in _cell(wb, "proj_score").value          # compiled from ≥ | 1200 | 人
    assert "proj_nature" not in build_project_workbook(example_project(), year=2024).defined_names


def test_a_sichuan_forms_funds_follow_its_source_and_its_texts_are_limited(tmp_path):
    """四川's funds columns in its source's order (报表编号510000_0013zp: 年初预算 · 调整后预算数 ·
    预算执行数 · 预算执行率 · 权重 · 得分, then 原因 in its own row below), the rate and score still
    computed from the moved cells; each text the profile limits (``word_limits``, declared once)
    carries an Excel ``textLength`` validation of that limit with a Chinese prompt and error."""
    funds = {key: FundRow(100, 100, 80) for key, _ in SICHUAN.fund_rows}
    build_project_workbook(replace(example_project(), funds=funds), profile=SICHUAN,
                           year=2024).save(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    ws = wb[SHEET]
    header = _cell(wb, "proj_fund_item").row - 1
    assert [ws[f"{letter}{header}"].value for letter in "DEFGHI"] == [
        "年初预算", "调整后预算数", "预算执行数", "预算执行率", "权重", "得分"]
    assert (_cell(wb, "execution_rate").coordinate, _cell(wb, "fund_points").coordinate) == ("G6", "H6")
    assert _cell(wb, "fund_points").value == 10
    assert _cell(wb, "execution_rate").value == '=IF(AND(ISNUMBER(E6),E6>0),MAX(N(F6),0)/E6,"")'
    assert _cell(wb, "fund_score").value == "=IF(ISNUMBER(G6),ROUND(MIN(MAX(G6,0),1)*H6,2),0)"
    assert ws[f"A{_cell(wb, 'project_fund_reason').row}"].value == "原因"
    national = build_project_workbook(example_project(), year=2024)
    assert (_cell(national, "fund_points").coordinate,
            _cell(national, "execution_rate").coordinate) == ("G6", "H6")
    limited = {}
    for dv in ws.data_validations.dataValidation:
        if dv.type == "textLength":
            assert (dv.operator, dv.errorStyle, dv.showErrorMessage) == ("lessThanOrEqual", "stop", True)
            assert dv.formula1 in dv.prompt and dv.formula1 in dv.error and dv.promptTitle in dv.error
            for ref in str(dv.sqref).split():
                limited[ref] = (int(dv.formula1), dv.promptTitle)
    cells = {"goal_actual": "goal_actual", "fund_reason": "project_fund_reason",
             "conclusion": "project_conclusion", "problems": "project_problems",
             "measures": "project_measures"}
    assert limited == {_cell(wb, name).coordinate: (SICHUAN.word_limits[key], SICHUAN.label(key))
                       for key, name in cells.items()}
    assert sorted(SICHUAN.word_limits.values()) == [100, 100, 200, 200, 200]
    assert "年度目标完成情况限100字以内" in _validation(ws, _cell(wb, "goal_actual").coordinate).prompt
    assert not any(dv.type == "textLength" for dv in national[SHEET].data_validations.dataValidation)
    filled = read_project(open_workbook(tmp_path / "s.xlsx"))
    assert filled.problems == () and filled.evaluation.funds["total"].budget == 100
    assert project_report(open_workbook(tmp_path / "s.xlsx"))["total"] == evaluate_project(
        replace(example_project(), funds=funds), SICHUAN).total
