"""The add-in's project functions agree with the engine on the project parity matrix (#16).

``PERF_PROJECT_SCORE`` scores one indicator row and ``PERF_EXECUTION`` the 年度资金总额 row of a
项目支出绩效自评表. Called as plain Python functions (as tests/test_addin_policies.py does for the
department form), each must give, for every case of the LibreOffice matrix and of its profile
matrix (全国, 四川, 湖北黄冈), exactly the 得分 :func:`scoring.project.evaluate_project` gives the
same row inside the whole form under the same profile; ``PERF_PROJECT_UNREAD``, which the add-in
variant's 提示 asks, must say exactly where the engine took the evaluator's score. A 四川 row's
three target cells reach the functions joined (``=PERF_PROJECT_SCORE(E15&F15&G15,…)``), as
:func:`scoring.project.score.target_text` joins them.
"""

from __future__ import annotations

import pytest

from addin import udfs
from scoring.project import NATIONAL, evaluate_project
from scoring.project.score import target_text
from test_project_workbook_libreoffice import MATRIX, PROFILE_MATRIX

CASES = {**{name: (evaluation, NATIONAL) for name, evaluation in MATRIX.items()}, **PROFILE_MATRIX}


@pytest.mark.parametrize("name", list(CASES))
def test_the_project_functions_give_the_engines_scores(name):
    evaluation, profile = CASES[name]
    result = evaluate_project(evaluation, profile)
    for indicator, row in zip(evaluation.indicators, result.indicators):
        if row.not_applicable:   # 不适用 is the form's IF around the function, not the function's
            continue
        arguments = (target_text(indicator), indicator.actual, indicator.points, indicator.score,
                     profile.key)
        assert udfs.PERF_PROJECT_SCORE(*arguments) == row.final, indicator
        assert udfs.PERF_PROJECT_UNREAD(*arguments) is row.unread, indicator
    total_key = profile.fund_rows[0][0]
    funds = evaluation.funds.get(total_key)
    budget, executed = (None, None) if funds is None else (funds.budget, funds.executed)
    assert udfs.PERF_EXECUTION(budget, executed, None, profile.key) == result.funds[0].score
    assert udfs.PERF_EXECUTION(budget, executed, profile.fund_points, profile.key) == \
        result.funds[0].score


def test_the_matrix_reaches_each_profile_difference():
    """Hand-worked values: 湖北's 20-point funds and 50% tier, the national defaults."""
    assert udfs.PERF_EXECUTION(100, 95, None, "hubei_huanggang") == 19
    assert udfs.PERF_EXECUTION(100, 95) == 9.5 and udfs.PERF_EXECUTION(100, 120, 10) == 10
    assert udfs.PERF_EXECUTION(0, 5) == 0 and udfs.PERF_EXECUTION(3, 2, 10) == 6.67
    partial = "部分达成预期指标并具有一定效果"
    assert udfs.PERF_PROJECT_SCORE("效果明显", partial, 10) == 6
    assert udfs.PERF_PROJECT_SCORE("效果明显", partial, 10, None, "hubei_huanggang") == 5
    assert udfs.PERF_PROJECT_SCORE("效果明显", partial, 10, 5.5) == 6          # outside 60–80%
    assert udfs.PERF_PROJECT_SCORE("效果明显", partial, 10, 5.5, "hubei_huanggang") == 5.5
    assert udfs.PERF_PROJECT_SCORE("≥1200人", "1180人", 20) == 19.67
    assert udfs.PERF_PROJECT_SCORE("≤30天", "40天", 10) == 7.5


def test_bad_arguments_answer_in_chinese_with_a_code():
    assert udfs.PERF_PROJECT_SCORE("≥95%", 0.9, 10, None, "guangdong").startswith("#PS-P001 ")
    assert udfs.PERF_EXECUTION(100, 90, "十分").startswith("#PS-X005 ")
    assert udfs.PERF_PROJECT_SCORE("≥95%", [0.9, 0.8], 10).startswith("#PS-A001 ")


def test_the_unread_verdict_is_the_engines_not_the_native_formulas():
    """不健全 against 健全: the native formula cannot tier it and falls back to the evaluator, the
    engine reads it as 未达成 — so the add-in's 提示 must not say the evaluator's score counts.
    约95% cannot be read by either; a blank 实际完成值 is unfilled, not unread; an unreadable
    指标值 is unread even before anything is typed."""
    assert udfs.PERF_PROJECT_UNREAD("健全", "不健全", 10, 4) is False
    assert udfs.PERF_PROJECT_SCORE("健全", "不健全", 10, 4) == 4      # 未达成, 4 inside 0–60%
    assert udfs.PERF_PROJECT_UNREAD("健全", "基本健全", 10) is False
    assert udfs.PERF_PROJECT_UNREAD("≥95%", "约95%", 10, 3) is True
    assert udfs.PERF_PROJECT_UNREAD("≥95%", None, 10, 3) is False
    assert udfs.PERF_PROJECT_UNREAD("≥≥5", None, 10, 7) is True
    assert udfs.PERF_PROJECT_UNREAD("≥" + "95" + "%", 0.9, 10) is False
    assert udfs.PERF_PROJECT_UNREAD("≥95%", 0.9, 10, None, "guangdong").startswith("#PS-P001 ")
