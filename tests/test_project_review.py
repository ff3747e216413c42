"""Review checks (审核提示) of a project self-evaluation (scoring/project/review.py, issue #16):
one case per check, located, plus a clean form that raises none."""

from __future__ import annotations

from dataclasses import replace

import pytest

from scoring.errors import CODES
from scoring.project import (HUBEI_HUANGGANG, NATIONAL, SICHUAN, CHECKS, FundRow, ProjectEvaluation,
                             ProjectIndicator, review_project)
from scoring.project.review import filler

CLEAN = ProjectEvaluation(
    "社区养老服务补助", "某区民政局", "某区养老服务中心",
    funds={"total": FundRow(100, 110, 104.5), "appropriation": FundRow(100, 100, 95),
           "carryover": FundRow(0, 10, 9.5), "other": FundRow(0, 0, 0)},
    goal_expected="为辖区内1200名老人提供居家养老服务", goal_actual="服务老人1180名",
    indicators=(
        ProjectIndicator("产出指标", "数量指标", "服务老人人数", "≥1200人", "1180", 25,
                         reason="部分老人迁出辖区，下年按实际人数申报"),
        ProjectIndicator("产出指标", "质量指标", "服务合格率", "≥95%", "97%", 25),
        ProjectIndicator("效益指标", "社会效益指标", "老人生活质量改善", "效果明显", "达成预期指标", 30),
        ProjectIndicator("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%", "93%", 10),
    ),
    conclusion="项目总体完成年度目标", problems="服务人数略低于目标，需求摸底不够准确",
    measures="下年度开展入户摸底，按实际需求编制预算")


def found(evaluation, profile=NATIONAL):
    return [(issue.code, issue.item) for issue in review_project(evaluation, profile)]


def indicators(*changed: ProjectIndicator) -> tuple[ProjectIndicator, ...]:
    """CLEAN's indicators with the first ones replaced."""
    return changed + CLEAN.indicators[len(changed):]


def test_clean_form_raises_nothing():
    """执行率 104.5/110 = 95%, funds add up (110 = 100 + 10 + 0), one indicator lost points
    (1180/1200 × 25 = 24.58) and explains why, no block missing, no indicator over half."""
    assert found(CLEAN) == []


def test_every_check_has_a_documented_code():
    assert list(CHECKS) == [f"PS-X1{n:02d}" for n in range(1, 10)]
    assert all(code in CODES for code in CHECKS)


def test_indicator_weighted_over_half():
    """60 of 90 indicator points (四川's 工资性支出 example weighs 发放覆盖率 60)."""
    evaluation = replace(CLEAN, indicators=indicators(
        ProjectIndicator("产出指标", "数量指标", "服务老人人数", "≥1200人", "1200", 60),
        ProjectIndicator("产出指标", "质量指标", "服务合格率", "≥95%", "97%", 5),
        ProjectIndicator("效益指标", "社会效益指标", "老人生活质量改善", "效果明显", "达成", 15)))
    issues = review_project(evaluation)
    assert [(i.code, i.item) for i in issues] == [("PS-X101", "indicator.1")]
    assert "60分" in issues[0].message and "90分" in issues[0].message


def test_text_where_a_number_is_due():
    evaluation = replace(CLEAN, indicators=indicators(CLEAN.indicators[0], replace(
        CLEAN.indicators[1], actual="完成", score=25, reason="已完成")))
    issues = review_project(evaluation)
    assert [(i.code, i.item) for i in issues] == [("PS-X102", "indicator.2")]
    assert "≥95%" in issues[0].message and "完成" in issues[0].message


@pytest.mark.parametrize("reason", ["", "无", "—", "／", "暂无。", " 无 "])
def test_lost_points_with_an_empty_or_filler_reason(reason):
    evaluation = replace(CLEAN, indicators=indicators(replace(CLEAN.indicators[0], reason=reason)))
    issues = review_project(evaluation)
    assert [(i.code, i.item) for i in issues] == [("PS-X103", "indicator.1")]
    assert "扣0.42分" in issues[0].message  # 25 − 1180/1200 × 25 = 25 − 24.58


def test_project_wide_reason_of_hubei():
    """湖北's form has one 偏差大或目标未完成原因分析 cell: the row's own reason does not count."""
    evaluation = replace(CLEAN, funds={"total": FundRow(None, 110, 104.5)}, deviation="无",
                         indicators=CLEAN.indicators[:3] + (
                             replace(CLEAN.indicators[3], level1="效益指标", level2="满意度指标"),))
    issues = review_project(evaluation, HUBEI_HUANGGANG)
    assert [(i.code, i.item) for i in issues] == [("PS-X103", "indicator.1")]
    assert "偏差大或目标未完成原因分析" in issues[0].message
    explained = replace(evaluation, deviation="部分老人迁出辖区")
    assert found(explained, HUBEI_HUANGGANG) == []


def test_sichuan_rate_below_ninety_percent_without_reason():
    """四川: 执行率 85/100 = 85% < 90% and 原因 blank; with a reason, nothing."""
    evaluation = replace(CLEAN, funds={"total": FundRow(100, 100, 85), "fiscal": FundRow(100, 100, 85)},
                         problems=None, measures=None)
    issues = review_project(evaluation, SICHUAN)
    assert [(i.code, i.item) for i in issues] == [("PS-X103", "funds.total")]
    assert "85.00%" in issues[0].message and "90%" in issues[0].message
    assert found(replace(evaluation, fund_reason="采购合同尾款于次年支付"), SICHUAN) == []


@pytest.mark.parametrize(("problems", "measures", "items"), [
    ("无", "下年度开展入户摸底", ["field.problems"]),
    ("需求摸底不够准确", "暂无。", ["field.measures"]),
    ("", "无", ["field.problems", "field.measures"]),
])
def test_problems_or_measures_of_none(problems, measures, items):
    issues = review_project(replace(CLEAN, problems=problems, measures=measures))
    assert [(i.code, i.item) for i in issues] == [("PS-X104", item) for item in items]


def test_forms_without_those_cells_are_not_asked_for_them():
    assert found(replace(CLEAN, problems=None, measures=None)) == []


def test_actual_far_above_target():
    """≥1200人 done 3000: 250% of the target, beyond 150%."""
    evaluation = replace(CLEAN, indicators=indicators(replace(CLEAN.indicators[0], actual="3000")))
    issues = review_project(evaluation)
    assert [(i.code, i.item) for i in issues] == [("PS-X105", "indicator.1")]
    assert "250%" in issues[0].message
    reverse = replace(CLEAN, indicators=indicators(ProjectIndicator(
        "产出指标", "时效指标", "办结时限", "≤30天", "10天", 25)))
    assert found(reverse) == [("PS-X105", "indicator.1")]


def test_missing_block():
    evaluation = replace(CLEAN, indicators=CLEAN.indicators[:3] + (
        replace(CLEAN.indicators[3], level1="效益指标", level2="社会效益指标", name="其他"),))
    issues = review_project(evaluation)
    assert [(i.code, i.item) for i in issues] == [("PS-X106", "indicators")]
    assert "满意度指标" in issues[0].message


def test_satisfaction_as_a_level_two_block_counts():
    """Some copies (湖北) put 满意度指标 under 效益指标: that is no missing block."""
    evaluation = replace(CLEAN, indicators=CLEAN.indicators[:3] + (
        replace(CLEAN.indicators[3], level1="效益指标", level2="满意度指标"),))
    assert found(evaluation) == []


def test_funds_total_is_not_the_sum_of_its_parts():
    """全年预算数 115 ≠ 100 + 10 + 0 = 110; 年初预算数 and 全年执行数 still add up."""
    funds = dict(CLEAN.funds, total=FundRow(100, 115, 104.5))
    issues = review_project(replace(CLEAN, funds=funds))
    assert [(i.code, i.item) for i in issues] == [("PS-X107", "funds.total")]
    assert "全年预算数（A）" in issues[0].message and "110万元" in issues[0].message


def test_funds_rounding_is_not_reported():
    funds = dict(CLEAN.funds, appropriation=FundRow(100, 100.004, 95))
    assert found(replace(CLEAN, funds=funds)) == []


def test_execution_rate_above_full():
    funds = dict(CLEAN.funds, total=FundRow(100, 110, 120), appropriation=FundRow(100, 100, 110.5))
    issues = review_project(replace(CLEAN, funds=funds))
    assert [(i.code, i.item) for i in issues] == [("PS-X108", "funds.total"),
                                                  ("PS-X108", "funds.appropriation")]
    assert "109.09%" in issues[0].message


def test_text_over_the_word_limit():
    """四川: 评价结论 200字以内 (punctuation counts, white space does not)."""
    evaluation = replace(CLEAN, conclusion="完" * 199 + "。 ", funds={"total": FundRow(1, 1, 1)})
    assert found(evaluation, SICHUAN) == []
    longer = replace(evaluation, conclusion="完" * 200 + "。")
    issues = review_project(longer, SICHUAN)
    assert [(i.code, i.item) for i in issues] == [("PS-X109", "field.conclusion")]
    assert "201字" in issues[0].message


@pytest.mark.parametrize(("text", "shown"), [
    ("无", "无"), ("  ", ""), (None, ""), ("——", "——"), ("“无”", "“无”"), ("暂无问题", None),
    ("无偏差", "无偏差"), ("受疫情影响延期", None),
])
def test_filler_words(text, shown):
    assert filler(text) == shown
