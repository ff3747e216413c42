"""The seed example reproduced end to end: the 2024 南京市人民政府办公厅 forms, total 99, 优秀.

Expected values come from the seed documents (shared/seeds) as DOMAIN.md §3 tabulates them:
subtotals A 14.5, B 19.5, C 30, D 30, E 5; total 99; −1 in the total row's 原因分析 column.
The shipped data is also checked against the seed text itself, so it cannot drift from the source.
"""

from __future__ import annotations

import re

import pytest

from scoring import evaluate, load_example


@pytest.fixture(scope="module")
def result():
    example = load_example()
    return evaluate(example.framework, example.inputs)


def test_subtotals_total_grade_and_deduction(result):
    assert result.subtotals == {"A": 14.5, "B": 19.5, "C": 30.0, "D": 30.0, "E": 5.0, "F": 0.0}
    assert result.total == 99.0
    assert result.grade == "优秀"
    assert result.deduction == -1.0


def test_items_that_lost_points_carry_the_seed_reasons(result):
    lost = {item.code: (item.final, item.lost, item.reason) for item in result.lost_items}
    assert lost == {
        "A41": (2.0, 0.5, "内控制度科学性有待进一步提高"),
        "B11": (1.5, 0.5, "按照“过紧日子”要求压缩了项目经费；根据工作安排，调整了部分经费"),
    }
    assert result.missing_reasons == []


def test_b11_is_an_evaluator_override_of_the_rule(result):
    # 预算执行率 100% under "在 90%以上，得 2 分" computes 2; the evaluator wrote 1.5.
    b11 = result.item("B11")
    assert (b11.computed, b11.final, b11.overridden) == (2.0, 1.5, True)
    # A41 "基本达成" is a partly met condition: 80% of 2.5 = 2, as the seed scored it.
    a41 = result.item("A41")
    assert (a41.computed, a41.final, a41.overridden) == (2.0, 2.0, False)


def test_the_framework_is_consistent(result):
    example = load_example()
    assert example.framework.problems() == []
    assert [issue.code for issue in result.issues] == []
    parents = {item.code: item.final for item in result.items if item.level == 2}
    assert parents["A1"] == 6 and parents["A4"] == 4.5 and parents["B1"] == 5.5


def _compact(text: str) -> str:
    """The seed text without page headers and whitespace (PDF extraction breaks lines)."""
    text = re.sub(r"一级指标\t二级指标\t三级指标（参考）\t指标说明\t评价要点\t得分\t未完成指标 原因分析", "", text)
    return re.sub(r"\s+", "", text)


def test_shipped_rules_and_scores_match_the_seed_report(report_seed_text):
    seed = _compact(report_seed_text)
    example = load_example()
    for item in example.framework.leaves():
        rule = re.sub(r"\s+", "", item.rule_text)
        if item.code == "B32":  # split across a page break in the PDF: check both halves
            assert "资产管理制度有效执行，得" in seed and "况1分。" in seed
            continue
        assert rule in seed, item.code
        score = example.inputs.scores.get(item.code)
        if score is not None:
            # The 得分 follows the rule text in the same table row.
            assert re.search(re.escape(rule) + f"{score:g}", seed), item.code
    assert "总得分（100分）99-1" in seed


def test_shipped_target_form_matches_the_seed(target_seed_text):
    form = load_example().target_form
    lines = {re.sub(r"\s+", " ", line).strip() for line in target_seed_text.splitlines()}
    for row in form.indicators:
        if row.level3 and "人大代表" not in row.level3 and row.level1 != "满意度指标":
            assert f"{row.level3} {row.half_value} {row.full_value}" in lines, row.level3
    funding = form.funding
    assert (funding.annual_total, funding.half_total) == (7472.66, 3740.0)
    assert "3530 7056.22" in lines and "210 416.44" in lines
    assert form.problems() == []
