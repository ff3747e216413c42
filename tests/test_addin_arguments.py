"""Argument edge cases of the add-in on the classic route: error values, empty actual values,
award range shapes, and the signs of bonus and penalty.

Called through :func:`addin.classic.call_classic` like ``tests/test_addin.py``: ranges are tuples
of row tuples, error cells COM's integers (``err_to_str`` turns them into ``"#N/A"`` …). The
Office.js route gets the same cases in ``tests/test_addin_officejs.py``. Expected values follow
DOMAIN.md §4 (bonus list, F caps) and the engine (:func:`scoring.framework.evaluate`).
"""

from __future__ import annotations

import pytest

from addin import classic
from addin.classic import COM_CELL_ERRORS, COM_MISSING, call_classic
from scoring.example import load_example
from scoring.framework import Inputs, evaluate

FILE_RATE = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
BONUS = ("受到国务院嘉奖加 3 分，受到省级嘉奖加 2 分，得到市级考核一等奖加 1 分，"
         "得到市级考核二等奖加 0.5 分；同一项工作不累计加分")
ERRORS = {text: code for code, text in COM_CELL_ERRORS.items()}  # "#N/A" -> COM's integer
NA, NAME = ERRORS["#N/A"], ERRORS["#NAME?"]
SUBTOTALS = ((14.5,), (19.5,), (30.0,), (30.0,), (5.0,))  # the seed's A–E, sum 99


@pytest.fixture(scope="module")
def xl():
    """addin.udfs as the classic COM runtime registers it."""
    return classic.load_classic_udfs()


# ---------------------------------------------------------------- A1: award range shapes
@pytest.mark.parametrize(
    ("awards", "expected"),
    [
        # One row is always a list of award names, each its own piece of work: 3 + 2 = 5.
        ((("受到国务院嘉奖", "受到省级嘉奖"),), 5.0),
        ((("受到省级嘉奖", "得到市级考核二等奖"),), 2.5),
        ((("受到省级嘉奖", None),), 2.0),  # was 0: read as work "受到省级嘉奖" without award
        ((("受到省级嘉奖", None, "得到市级考核一等奖"),), 3.0),  # one row of any width
        # One column: award names as well.
        ((("受到省级嘉奖",), ("得到市级考核一等奖",)), 3.0),
        # Two columns, several rows: (work, award); one piece of work counts its highest award.
        ((("公文办理", "受到国务院嘉奖"), ("公文办理", "受到省级嘉奖")), 3.0),
        ((("公文办理", "受到省级嘉奖"), (None, "得到市级考核一等奖")), 3.0),  # no work: own piece
        ((("公文办理", None), ("会议保障", None)), 0.0),  # awards not chosen yet
    ],
)
def test_bonus_range_shape_decides_how_cells_are_read(xl, awards, expected):
    assert call_classic(xl.PERF_BONUS, awards, BONUS) == expected


def test_bonus_range_of_several_rows_and_three_columns_is_refused(xl):
    cell = call_classic(xl.PERF_BONUS, (("a", "b", "c"), ("d", "e", "f")), BONUS)
    assert cell == ("#PS-A001 参数 awards 应为一行或一列奖项名称，或两列多行（工作事项、奖项），"
                    "收到的是2行3列")


# ---------------------------------------------------------------- A2: error values
@pytest.mark.parametrize(
    ("function", "args", "name", "shown"),
    [
        ("PERF_SCORE", (NA, FILE_RATE, COM_MISSING), "actual", "#N/A"),
        ("PERF_SCORE", (0.97, NA, COM_MISSING), "rule", "#N/A"),  # was PS-R002 (no points)
        ("PERF_SCORE", (0.97, FILE_RATE, NA), "points", "#N/A"),
        ("PERF_SCORE", (0.97, "#PS-R002 评分规则没有写明分值", 10.0), "rule", "#PS-R002"),
        ("PERF_EXPLAIN", (NAME, COM_MISSING), "rule", "#NAME?"),  # was PS-R002
        ("PERF_EXPLAIN", (FILE_RATE, ERRORS["#REF!"]), "points", "#REF!"),
        ("PERF_TARGET_MET", (0.97, NA), "target", "#N/A"),
        ("PERF_COMPLETION", (ERRORS["#DIV/0!"], "≥99%"), "actual", "#DIV/0!"),
        ("PERF_BONUS", (((NA,), ("受到省级嘉奖",)), BONUS), "awards", "#N/A"),  # was PS-V001
        ("PERF_BONUS", ((("公文办理", ERRORS["#VALUE!"]), ("会议", None)), BONUS), "awards", "#VALUE!"),
        ("PERF_BONUS", ((("受到省级嘉奖",),), NA), "rule", "#N/A"),
        ("PERF_TOTAL", (SUBTOTALS, NA, COM_MISSING), "bonus", "#N/A"),
        ("PERF_TOTAL", (SUBTOTALS, 0.5, ERRORS["#NUM!"]), "penalty", "#NUM!"),
        ("PERF_TOTAL", (((14.5,), ("#PS-R001 无法识别",)), COM_MISSING, COM_MISSING), "scores",
         "#PS-R001"),
        ("PERF_GRADE", (NAME,), "total", "#NAME?"),
    ],
)
def test_error_value_in_any_argument_is_ps_v005_naming_it(xl, function, args, name, shown):
    cell = call_classic(getattr(xl, function), *args)
    assert cell == f"#PS-V005 参数 {name} 的单元格是错误值“{shown}”，请先修正该单元格或它引用的单元格"


def test_text_that_merely_mentions_an_error_is_not_one(xl):
    # Only a whole cell that is an error value is refused; other text is read as usual.
    assert call_classic(xl.PERF_BONUS, (("受到省级嘉奖（#N/A 已更正）",),), BONUS) == 2.0
    assert call_classic(xl.PERF_BONUS, (("#PS-X",),), BONUS).startswith("#PS-V001 ")
    assert call_classic(xl.PERF_SCORE, 0.97, "  " + FILE_RATE, COM_MISSING) == 8.0


# ---------------------------------------------------------------- A3: empty actual values
def test_empty_actual_scores_as_the_engine_scores_it(xl):
    """Every A–E item of the seed with nothing filled: the add-in gives the engine's score.

    The engine scores an unfilled item 0 and reports it (PS-F008, or PS-F007 for an item the
    evaluator scores), so 扣分 is the full points, in both workbook variants alike; no reason is
    asked for on top (one message per problem: the missing value).
    """
    framework = load_example().framework
    result = evaluate(framework, Inputs())
    unfilled = {issue.code for issue in result.issues if issue.code in ("PS-F007", "PS-F008")}
    assert unfilled == {"PS-F007", "PS-F008"}
    for leaf in framework.leaves():
        if leaf.role != "score":
            continue
        item = result.item(leaf.code)
        cell = call_classic(xl.PERF_SCORE, None, leaf.rule_text, leaf.points)
        assert cell == item.final == 0.0, leaf.code
        assert item.lost == leaf.points and not item.needs_reason, leaf.code


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_empty_actual_is_not_met_and_completes_nothing(xl, empty):
    assert call_classic(xl.PERF_TARGET_MET, empty, "≥99%") is False
    assert call_classic(xl.PERF_TARGET_MET, empty, "健全") is False
    assert call_classic(xl.PERF_COMPLETION, empty, "≥95%") == 0.0
    assert call_classic(xl.PERF_COMPLETION, empty, "≤100%") == 0.0  # reverse indicator too


# ---------------------------------------------------------------- A4: bonus and penalty signs
def test_negative_bonus_is_refused_in_the_cell(xl):
    cell = call_classic(xl.PERF_TOTAL, SUBTOTALS, -3.0, COM_MISSING)
    assert cell == "#PS-V004 加分 -3 为负数：加分应不小于 0，扣分请填在减分项"
    assert call_classic(xl.PERF_TOTAL, SUBTOTALS, "-1", COM_MISSING).startswith("#PS-V004 ")


@pytest.mark.parametrize("penalty", [3.0, -3.0, "-3", "３"])
def test_penalty_deducts_its_size_whatever_its_sign(xl, penalty):
    # The form shows deductions as negative numbers (F2 −3): 99 + 0.5 − 3 = 96.5.
    assert call_classic(xl.PERF_TOTAL, SUBTOTALS, 0.5, penalty) == 96.5
