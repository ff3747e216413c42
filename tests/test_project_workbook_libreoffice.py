"""The project self-evaluation workbook's native formulas agree with the engine in LibreOffice (#16).

A matrix of filled workbooks — forward (≥, >), reverse (≤, <) and ``=`` targets met, unmet, at 0
and unreadable; targets of 0; qualitative indicators in each tier with the evaluator's score
inside, on and outside the tier's bounds and with the tier's default; not-applicable rows
rescaled to 100; execution rates above 100% (capped), of a 0 budget and a negative amount; the
blank template — is written, recalculated in one headless LibreOffice run, read back with
:func:`scoring.workbook.project_reader.read_project` and compared cell by cell with
:func:`scoring.project.evaluate_project`: every row's 得分, the funds score, the execution rates,
the total and the grade. :data:`PROFILE_MATRIX` does the same for the local profiles' copies of
the form (湖北黄冈: 20-point funds, the 50% tier cut and default, the one 偏差原因分析 cell; 四川:
five funds rows and the 90% threshold of its 原因; its 指标性质 | 指标值 | 度量单位 with each 指标性质
met and unmet), each compared with ``evaluate_project`` under the profile the workbook records.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from scoring import forms
from scoring.project import (HUBEI_HUANGGANG, NATIONAL, SICHUAN, FundRow, ProjectEvaluation,
                             ProjectIndicator, ProjectProfile, evaluate_project)
from scoring.project.example import example_project
from scoring.project.vocab import TIER_NAMES
from scoring.workbook.project_reader import compare_scores, read_project
from scoring.workbook.project_sheet import blank_project, build_project_workbook
from scoring.workbook.reader import open_workbook

pytestmark = pytest.mark.libreoffice

ACHIEVED, PARTIAL, NOT_ACHIEVED = (TIER_NAMES[key] for key in ("achieved", "partial", "not_achieved"))
FUNDS = {"total": FundRow(100, 100, 95), "appropriation": FundRow(100, 100, 95)}


def _row(target: Any, actual: Any, points: Any = 10, score: Any = None, *,
         not_applicable: bool = False, level1: str = "产出指标", level2: str = "数量指标"
         ) -> ProjectIndicator:
    return ProjectIndicator(level1, level2, f"{target}→{actual}", target, actual, points,
                            score=score, reason="测试", not_applicable=not_applicable)


def _project(rows: list[ProjectIndicator], funds: dict[str, FundRow] = FUNDS) -> ProjectEvaluation:
    return ProjectEvaluation("测试项目", "测试部门", "测试单位", funds=funds, indicators=tuple(rows))


MATRIX: dict[str, ProjectEvaluation] = {
    "forward": _project([
        _row("≥1200人", "1180人", 20), _row("≥1200人", 1200), _row("≥1200人", "1300人"),
        _row("≥1200人", 0), _row("≥95%", 0.9), _row("≥95%", 0.95), _row("≥95%", "94%"),
        _row("≥3", 2), _row(">90%", 0.9), _row("=100%", 0.9), _row("=100%", 1.1),
        _row("=100%", 1.0),
    ]),
    "forward_fallback": _project([
        _row("≥95%", "约95%", 10, 3), _row("≥95%", None, 10, 4), _row("≥95%", "abc", 10),
        _row("≥≥5", 5, 10, 7), _row("≥95%", 0.97, 10, 2), _row("≥95%", 0.9, 10, 12),
    ]),
    "reverse": _project([
        _row("≤30天", "40天"), _row("≤30天", 30), _row("≤30天", "20天"), _row("≤30天", 0),
        _row("≤0件", 0), _row("≤0件", 2), _row("<5%", 0.06), _row("≤900元", "1000元", 7),
        _row("≤30天", 45, 3),
    ]),
    "qualitative": _project([
        *(_row("效果明显", tier, 10, score, level1="效益指标", level2="社会效益指标")
          for tier in (ACHIEVED, PARTIAL, NOT_ACHIEVED) for score in (None, 9, 8, 7, 6, 5.99, 0, 11)),
        *(_row("健全", actual, 10, score, level1="效益指标", level2="可持续影响指标")
          for actual, score in (("健全", None), ("达成", 8.5), ("部分达成", None), ("基本完成", 7),
                                ("未完成", 3), ("是", None), ("否", None), (None, 5))),
    ]),
    "not_applicable": _project([
        _row("≥1200人", "1200人", 40), _row("≥95%", 0.9, 30, not_applicable=True),
        _row("效果明显", PARTIAL, 20, 13, level1="满意度指标", level2="服务对象满意度指标"),
    ]),
    "all_rows_not_applicable": _project([
        _row("≥95%", 0.9, 45, not_applicable=True), _row("≤30天", "40天", 45, not_applicable=True),
    ]),
    "cap": _project([_row("≥95%", 0.96, 90)], funds={
        "total": FundRow(100, 100, 120), "appropriation": FundRow(80, 80, 100),
        "carryover": FundRow(20, 20, 20)}),
    "budget_zero": _project([_row("≥95%", 0.96, 90)], funds={"total": FundRow(0, 0, 5)}),
    "negative_executed": _project([_row("≥95%", 0.5, 90)], funds={"total": FundRow(10, 10, -5)}),
    "rounding": _project([_row("≥3", 2, 45), _row("≤3", 4, 45)], funds={"total": FundRow(3, 3, 2)}),
    "example": example_project(),
    "blank": blank_project(),
}

_HUBEI_ROWS = [_row("≥1200人", "1100人", 20), _row("≤30天", "40天", 10),
               *(_row("效果明显", tier, 10, score, level1="效益指标", level2="社会效益指标")
                 for tier, score in ((PARTIAL, None), (PARTIAL, 5.5), (PARTIAL, 4.9),
                                     (NOT_ACHIEVED, 4.9), (NOT_ACHIEVED, 5), (ACHIEVED, 7.9)))]
def _three(nature: str, value: Any, unit: str, actual: Any, points: Any = 10) -> ProjectIndicator:
    """A 四川 row: 指标性质 | 指标值 | 度量单位 in three cells."""
    return ProjectIndicator("产出指标", "数量指标", f"{nature}{value}{unit}→{actual}", value, actual,
                            points, reason="测试", nature=nature, unit=unit)


#: 四川's three target columns, each 指标性质 met and unmet, and a one-cell qualitative row beside them.
_SICHUAN_THREE = [
    _three("≥", 1200, "人", "1100人", 20), _three("≥", 95, "%", 0.96), _three("≥", 95, "%", 0.9),
    _three("≤", 30, "天", "40天"), _three("≤", 30, "天", 25), _three("=", 100, "%", 0.9),
    _three("=", 100, "%", 1.0), _three("≤", 0, "件", 2),
    _row("效果明显", PARTIAL, 10, 7, level1="效益指标", level2="社会效益指标"),
]
_SICHUAN_FUNDS = {"total": FundRow(100, 100, 85), "fiscal": FundRow(80, 80, 70),
                  "unit_funds": FundRow(20, 20, 15)}

#: name → (form, profile): a case for each difference of a local copy of the form.
PROFILE_MATRIX: dict[str, tuple[ProjectEvaluation, ProjectProfile]] = {
    "hubei_funds_and_tiers": (replace(_project(_HUBEI_ROWS, {"total": FundRow(None, 100, 95)}),
                                      deviation="人员调整"), HUBEI_HUANGGANG),
    "hubei_cap_without_deviation": (_project(_HUBEI_ROWS[:2] + [_row("≥95%", 0.9, 50)],
                                             {"total": FundRow(None, 100, 120)}), HUBEI_HUANGGANG),
    "hubei_example": (replace(example_project(), funds={"total": FundRow(110, 110, 104.5)}),
                      HUBEI_HUANGGANG),
    "sichuan_below_threshold": (_project([_row("≥95%", 0.9, 90)], _SICHUAN_FUNDS), SICHUAN),
    "sichuan_reason_given": (replace(_project([_row("≥95%", 0.9, 90)], _SICHUAN_FUNDS),
                                     fund_reason="预算调整，部分资金下年支付"), SICHUAN),
    "sichuan_at_threshold": (_project([_row("≥95%", 0.96, 90)], {"total": FundRow(100, 100, 90)}),
                             SICHUAN),
    "sichuan_three_columns": (_project(_SICHUAN_THREE, {"total": FundRow(100, 100, 95)}), SICHUAN),
    "sichuan_example": (replace(example_project(), funds=_SICHUAN_FUNDS, conclusion="较好",
                                problems="无", measures="加强摸底"), SICHUAN),
}

#: Indicators the native formula cannot tier as the engine does (the engine reads 不健全 as
#: 未达成 through the quality words; the formula knows only the project's tier words): the form
#: marks them for the evaluator in the 提示 column.
UNREAD = _project([_row("健全", "不健全", 10, 4, level1="效益指标"),
                   _row("健全", "基本健全", 10, None, level1="效益指标")])


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, Any]:
    """name → recalculated workbook (read with the product's reader), all in one soffice run."""
    from scoring.workbook.libreoffice import recalculate

    folder = tmp_path_factory.mktemp("project")
    paths = []
    cases = {name: (evaluation, NATIONAL) for name, evaluation in {**MATRIX, "unread": UNREAD}.items()}
    for name, (evaluation, profile) in {**cases, **PROFILE_MATRIX}.items():
        path = folder / f"{name}.xlsx"
        build_project_workbook(evaluation, profile=profile, year=2024).save(path)
        paths.append(path)
    outputs = recalculate(paths, folder / "out", timeout=240)
    return {path.stem: open_workbook(path) for path in outputs}


@pytest.mark.parametrize("name", list(MATRIX))
def test_every_score_the_workbook_computes_is_the_engines(recalculated, name):
    book = recalculated[name]
    filled = read_project(book)
    result = evaluate_project(filled.evaluation, NATIONAL)
    disagreements, not_calculated = compare_scores(result, filled.stored)
    assert not_calculated == 0
    assert disagreements == []
    assert len(filled.stored) == len(MATRIX[name].indicators) + 3 or name == "blank"
    rates = book.column("proj_fund_rate")
    for fund, stored in zip(result.funds, rates):
        assert (stored is None) if fund.rate is None else stored == pytest.approx(fund.rate, abs=1e-12)


def test_the_matrix_reaches_every_convention(recalculated):
    """Known values, worked by hand: the matrix is not vacuous."""
    def total(name: str) -> tuple[float, str]:
        book = recalculated[name]
        return book.named("project_total_score"), book.named("project_grade")

    forward = recalculated["forward"].column("proj_score")
    assert forward[:4] == [19.67, 10, 10, 0]           # 1180 ÷ 1200 × 20; met; above; nothing
    assert forward[7:12] == [6.67, 10, 9, 9.09, 10]     # 2 ÷ 3; >90% at 90%; =100% both ways
    reverse = recalculated["reverse"].column("proj_score")
    assert reverse[:7] == [7.5, 10, 10, 10, 10, 0, 8.33]   # 30 ÷ 40; met; 0 against ≤0 and ≤30
    qualitative = recalculated["qualitative"].column("proj_score")
    assert qualitative[:8] == [10, 9, 8, 10, 10, 10, 10, 10]   # 达成: default, inside, bound
    assert qualitative[8:16] == [6, 6, 6, 7, 6, 6, 6, 6]       # 部分达成: 80% is outside
    assert qualitative[16:24] == [0, 0, 0, 0, 0, 5.99, 0, 0]   # 未达成: below 60% only
    assert total("not_applicable") == (pytest.approx(round((10 * 0.95 + 40 + 13) / 70 * 100, 2)),
                                       "良好")
    assert recalculated["not_applicable"].column("proj_score")[1] == forms.NOT_APPLICABLE_LABEL
    assert recalculated["cap"].named("fund_score") == 10
    assert recalculated["cap"].named("execution_rate") == pytest.approx(1.2)
    assert recalculated["budget_zero"].named("fund_score") == 0
    assert recalculated["rounding"].named("fund_score") == 6.67
    assert total("example") == (90.67, "优秀")
    assert total("blank") == (0, "差")


def test_what_the_formula_cannot_tier_is_marked_for_the_evaluator(recalculated):
    book = recalculated["unread"]
    checks = book.column("proj_check")
    assert all(forms.PROJECT_CHECK_TEXTS["unread"] in (check or "") for check in checks)
    assert book.column("proj_score") == [4, 0]   # the evaluator's score, as a fallback
    filled = read_project(book)
    result = evaluate_project(filled.evaluation, NATIONAL)
    assert [row.final for row in result.indicators] == [4, 6]   # the engine reads the tiers


def test_a_stored_score_that_is_not_the_engines_is_reported(recalculated):
    filled = read_project(recalculated["example"])
    result = evaluate_project(filled.evaluation, NATIONAL)
    stored = (replace(filled.stored[0], value=20.0), *filled.stored[1:])
    (found,), not_calculated = compare_scores(result, stored)
    assert (found["stored"], found["engine"], not_calculated) == (20.0, 19.67, 0)
    assert found["message"] == "项目自评表!H13：工作簿中为“20”，按口径应为“19.67”"


@pytest.mark.parametrize("name", list(PROFILE_MATRIX))
def test_each_profiles_workbook_computes_what_the_engine_does_under_it(recalculated, name):
    evaluation, profile = PROFILE_MATRIX[name]
    book = recalculated[name]
    filled = read_project(book)
    assert filled.profile is profile
    assert list(filled.evaluation.funds) == [key for key, _ in profile.fund_rows]
    result = evaluate_project(filled.evaluation, profile)
    disagreements, not_calculated = compare_scores(result, filled.stored)
    assert (disagreements, not_calculated) == ([], 0)
    assert len(filled.stored) == len(evaluation.indicators) + 3
    for fund, stored in zip(result.funds, book.column("proj_fund_rate")):
        assert (stored is None) if fund.rate is None else stored == pytest.approx(fund.rate, abs=1e-12)
    assert book.named("fund_points") == profile.fund_points
    texts = forms.PROJECT_CHECK_TEXTS
    expected = texts["reason_missing"] if profile.reason_per_row else \
        texts["deviation_missing"].format(label=profile.label("deviation"))
    for row, check in zip(result.indicators, book.column("proj_check")):
        reason = (evaluation.indicators[row.index - 1].reason if profile.reason_per_row
                  else evaluation.deviation)   # 湖北: the one 偏差原因分析 cell counts
        assert (expected in (check or "")) == (row.reason_required and not reason), row
    if profile.fund_reason_below is not None:
        needed = result.funds[0].reason_required and not evaluation.fund_reason
        assert (book.named("project_fund_check") or "") == (
            forms.PROJECT_CHECK_TEXTS["fund_reason_missing"].format(
                limit=profile.fund_reason_below, label=profile.label("fund_reason")) if needed else "")


def test_each_profile_difference_has_its_hand_worked_value(recalculated):
    """湖北: funds 95% × 20 = 19, 部分达成 defaults to 50% and admits 5.5 of 10 (outside the
    national 60–80% tier), 4.9 is 未达成 there; 四川: 85% × 10 = 8.5 needs a reason, 90% does not."""
    hubei = recalculated["hubei_funds_and_tiers"]
    assert hubei.named("fund_score") == 19
    assert hubei.column("proj_score") == [18.33, 7.5, 5, 5.5, 5, 4.9, 0, 10]
    assert hubei.named("project_total_score") == round(19 + 18.33 + 7.5 + 5 + 5.5 + 5 + 4.9 + 0 + 10, 2)
    assert recalculated["hubei_cap_without_deviation"].named("fund_score") == 20
    assert forms.PROJECT_CHECK_TEXTS["deviation_missing"].format(label="偏差大或目标未完成原因分析") in \
        recalculated["hubei_cap_without_deviation"].column("proj_check")[0]
    below = recalculated["sichuan_below_threshold"]
    assert below.named("fund_score") == 8.5
    assert below.named("project_fund_check") == "执行率低于90%，需在“原因”中说明原因；"
    assert recalculated["sichuan_reason_given"].named("project_fund_check") in ("", None)
    assert recalculated["sichuan_at_threshold"].named("project_fund_check") in ("", None)
    assert recalculated["sichuan_at_threshold"].named("fund_score") == 9
    # 四川's three cells read as one target: ≥1200人 1100 → 18.33; ≥95% 96% met, 90% → 9.47;
    # ≤30天 40 → 7.5, 25 met; =100% 90% → 9, 100% met; ≤0件 2 → 0; 部分达成 7 in its tier
    three = recalculated["sichuan_three_columns"]
    assert three.column("proj_score") == [18.33, 10, 9.47, 7.5, 10, 9, 10, 0, 7]
    assert three.column("proj_nature")[:3] == ["≥", "≥", "≥"] and three.column("proj_unit")[0] == "人"


def test_the_hint_says_the_evaluators_score_counts_exactly_where_the_engine_says_so(recalculated):
    """The native 提示 marks a row "得分取评价人得分" where the engine's ``unread`` is set (what the
    add-in's ``PERF_PROJECT_UNREAD`` returns), except what the native formula cannot tier
    (:data:`UNREAD`), which is why the add-in variant asks the engine."""
    unread = forms.PROJECT_CHECK_TEXTS["unread"]
    for name in [*MATRIX, *PROFILE_MATRIX]:
        if name == "blank":
            continue
        book = recalculated[name]
        filled = read_project(book)
        result = evaluate_project(filled.evaluation, filled.profile)
        marked = [unread in (check or "") for check in book.column("proj_check")]
        assert marked == [row.unread for row in result.indicators], name
    assert any(row.unread for row in evaluate_project(MATRIX["forward_fallback"]).indicators)
    assert [row.unread for row in evaluate_project(UNREAD).indicators] == [False, False]
