"""Damaged product workbooks and bad values typed into every kind of input cell.

Each workbook is a real one from the writer (the built-in example, 99 points, 优秀), edited
the way a user's Excel or a script would. What each gets is checked against DOMAIN.md: a
clear error or issue with a stable code naming the cell or item, never a crash and never a
silent zero.
"""

from __future__ import annotations

import datetime

import pytest
from hostile.corpus import name_cell, save_product, shift_rows

from scoring.errors import CODES, WorkbookFileError
from scoring.workbook.reader import open_workbook, read_target, score_workbook

SHEET = "自评表"


def _row(wb, code: str) -> int:
    sheet, ref = name_cell(wb, "eval_code")
    ws = wb[sheet]
    return next(r for r in range(int(ref[1:]), ws.max_row + 1) if ws[f"H{r}"].value == code)


def _issues(path) -> dict[tuple[str, str], str]:
    report = score_workbook(path).to_dict()
    return {(i["code"], i.get("item", "")): i["message"] for i in report["issues"]}


def _refused(path) -> WorkbookFileError:
    with pytest.raises(WorkbookFileError) as info:
        score_workbook(path)
    return info.value


def test_metadata_sheet_deleted_is_not_our_workbook(tmp_path):
    path = save_product(tmp_path, "a.xlsx", lambda wb: wb.remove(wb["perfscore_meta"]))
    error = _refused(path)
    assert error.code == "PS-W005" and "perfscore_meta" in error.message


def test_metadata_from_another_template_version_is_refused(tmp_path):
    def edit(wb):
        sheet, ref = name_cell(wb, "meta_template_version")
        wb[sheet][ref].value = "99"
    error = _refused(save_product(tmp_path, "a.xlsx", edit))
    assert error.code == "PS-W006" and "“99”" in error.message and error.sheet == "perfscore_meta"


def test_metadata_naming_an_unknown_form_is_refused(tmp_path):
    def edit(wb):
        sheet, ref = name_cell(wb, "meta_form_kind")
        wb[sheet][ref].value = "budget"
    assert _refused(save_product(tmp_path, "a.xlsx", edit)).code == "PS-W005"


def test_protected_formula_overwritten_with_a_number_is_a_disagreement(tmp_path):
    def edit(wb):
        sheet, ref = name_cell(wb, "total_score")
        wb[sheet][ref].value = 100
    report = score_workbook(save_product(tmp_path, "a.xlsx", edit))
    assert report.result.total == 99.0
    (diff,) = report.disagreements
    assert (diff.ref, diff.stored, diff.engine) == (f"{SHEET}!F37", 100, 99.0)


def test_merged_cells_split_still_read(tmp_path):
    def edit(wb):
        for merged in list(wb[SHEET].merged_cells.ranges):
            wb[SHEET].unmerge_cells(str(merged))
    report = score_workbook(save_product(tmp_path, "a.xlsx", edit))
    assert (report.result.total, report.result.grade, report.problems) == (99.0, "优秀", ())


def test_an_empty_row_inserted_in_the_table_changes_nothing(tmp_path):
    report = score_workbook(save_product(tmp_path, "a.xlsx", lambda wb: shift_rows(wb, SHEET, 10, 1)))
    assert (report.result.total, report.problems) == (99.0, ())


def test_a_row_deleted_is_reported_as_a_changed_structure(tmp_path):
    path = save_product(tmp_path, "a.xlsx", lambda wb: shift_rows(wb, SHEET, _row(wb, "A12"), -1))
    issues = _issues(path)
    assert "PS-W007" in {code for code, _ in issues}
    assert issues[("PS-F001", "A1")] == "A1 决策机制 为 6 分，但下级指标合计 4 分"


def test_rule_text_edited_in_the_portable_variant_is_reported(tmp_path):
    def edit(wb):
        wb[SHEET][f"E{_row(wb, 'C11')}"].value = "办理比率在80%以上得10分"
    path = save_product(tmp_path, "a.xlsx", edit)
    issues = _issues(path)
    assert "已按下发的评价要点评分" in issues[("PS-W013", "C11")]
    assert "办理比率在80%以上得10分" in issues[("PS-W013", "C11")]
    assert score_workbook(path).result.total == 99.0  # the issued rule scored


@pytest.mark.parametrize("error", ["#DIV/0!", "#NAME?", "#N/A", "#VALUE!"])
def test_error_values_in_inputs_are_errors_never_blanks(tmp_path, error):
    def edit(wb):
        wb[SHEET][f"K{_row(wb, 'C11')}"].value = error
        wb[SHEET][f"M{_row(wb, 'A11')}"].value = error
    issues = _issues(save_product(tmp_path, "a.xlsx", edit))
    assert f"“{error}”" in issues[("PS-V005", "C11")]
    assert issues[("PS-W010", "A11")] == f"A11 的评价人调整得分“{error}”不是数字"


# Values typed into the 实际完成值 of C11 (文件办理率, rule 办理比率在99%以上得10分…): what each gets.
ACTUALS = [
    ("９９％", 10.0, None),                          # full-width digits: read as 99%
    ("0.99", 10.0, None),                             # a fraction typed as text
    ("abc", 0.0, "PS-V001"),                          # text in a number cell
    ("约95%", 0.0, "PS-V001"),                        # hedged: not a definite value
    ("95%以上", 0.0, "PS-V001"),
    (datetime.datetime(2024, 5, 1), 0.0, "PS-V001"),  # a date
    (95, 0.0, "PS-V003"),                             # 95 instead of 95%
    (True, 0.0, "PS-V001"),
    ("百分之九十九", 10.0, "PS-V006"),                # spelled out: read as 99%, with a notice
]


@pytest.mark.parametrize("value, score, code", ACTUALS)
def test_bad_actual_values_get_a_coded_issue_on_their_item(tmp_path, value, score, code):
    def edit(wb):
        wb[SHEET][f"K{_row(wb, 'C11')}"].value = value
    path = save_product(tmp_path, "a.xlsx", edit)
    report = score_workbook(path)
    assert report.result.item("C11").final == score
    codes = {issue.code for issue in report.result.issues if issue.item == "C11"}
    if code is None:
        assert codes == set()
    else:
        assert code in codes and code in CODES
        # One message per problem: the unusable value, not also a missing reason (#11).
        assert "PS-F005" not in codes


def test_a_negative_count_is_refused(tmp_path):
    """参事建议 counts (≥10条): a negative count is PS-V004 on the target form's rule side."""
    from scoring.actuals import coerce_number
    from scoring.errors import ActualValueError

    with pytest.raises(ActualValueError) as info:
        coerce_number(-3, count=True, unit="条")
    assert info.value.code == "PS-V004"


def test_a_blank_actual_scores_zero_and_says_so_once(tmp_path):
    def edit(wb):
        wb[SHEET][f"K{_row(wb, 'C11')}"].value = None
    report = score_workbook(save_product(tmp_path, "a.xlsx", edit))
    assert report.result.item("C11").final == 0.0
    assert sorted(i.code for i in report.result.issues if i.item == "C11") == ["PS-F008"]


@pytest.mark.parametrize("value, score, code", [("abc", 2.0, "PS-W010"), (-1, 0.0, "PS-F004"),
                                                (99, 2.0, "PS-F004"), ("２", 2.0, None)])
def test_bad_evaluator_scores(tmp_path, value, score, code):
    def edit(wb):
        wb[SHEET][f"M{_row(wb, 'A11')}"].value = value
    report = score_workbook(save_product(tmp_path, "a.xlsx", edit))
    assert report.result.item("A11").final == score
    codes = {i.code for i in report.problems + report.result.issues if i.item == "A11"}
    assert (code in codes) if code else not codes - {"PS-F005"}


@pytest.mark.parametrize("value, code", [("abc", "PS-W010"), ("#DIV/0!", "PS-W010"),
                                         (datetime.datetime(2024, 1, 1), "PS-W010"),
                                         (-5, "PS-G003")])
def test_bad_funding_amounts_on_the_target_form(tmp_path, value, code):
    def edit(wb):
        sheet, ref = name_cell(wb, "funding_annual_basic")
        wb[sheet][ref].value = value
    path = save_product(tmp_path, "t.xlsx", edit, kind="target")
    filled = read_target(open_workbook(path))
    problem = next(p for p in filled.problems if p.code == code)
    assert problem.file == str(path)
    assert "基本支出" in problem.message
    if code == "PS-W010":
        assert problem.cell == "目标表!E8"
