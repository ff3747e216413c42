"""The evaluation model: totals, overrides, reasons, not-applicable items, bonus, penalty, veto.

A small framework (A 60 + B 40 = 100, F bonus and penalty) keeps the arithmetic checkable by hand.
"""

from __future__ import annotations

import pytest

from scoring import DEFAULT_POLICIES, Framework, Indicator, Inputs, capped_total, evaluate
from scoring.framework import parse_label

BONUS_RULE = ("受到国务院嘉奖加 3 分，受到省级嘉奖加 2 分，得到市级考核一等奖加 1 分，"
              "得到市级考核二等奖加 0.5 分；同一项工作不累计加分")


def leaf(code: str, points: float, rule: str, role: str = "score") -> Indicator:
    return Indicator(code, f"指标{code}", points, 3, rule_text=rule, role=role)  # type: ignore[arg-type]


def small_framework(a_points: float = 60) -> Framework:
    a = Indicator("A", "部门决策", a_points, 1, children=(
        Indicator("A1", "决策机制", 60, 2, children=(
            leaf("A11", 20, "决策制度建立完整，得 20 分。"),
            leaf("A12", 40, "预算执行率在 90%以上，得 40 分。"),
        )),
    ))
    b = Indicator("B", "部门履职", 40, 1, children=(
        Indicator("B1", "重点工作", 40, 2, children=(
            leaf("B11", 20, "办理比率在99%以上得20分，每降低5%扣2分，低于60%不得分。"),
            leaf("B12", 20, "满意度在95%以上得20分，每降低5%扣2分，低于60%不得分。"),
        )),
    ))
    f = Indicator("F", "加减分项", 5, 1, role="adjustment", children=(
        Indicator("F1", "加分项", 5, 2, rule_text=BONUS_RULE, role="bonus"),
        Indicator("F2", "减分项", None, 2, rule_text="酌情扣分", role="penalty"),
    ))
    return Framework("测试框架", (a, b, f))


FULL = {"A11": "是", "A12": 0.95, "B11": 1.0, "B12": 0.97}


def test_full_marks():
    result = evaluate(small_framework(), Inputs(actuals=FULL))
    assert (result.total, result.grade, result.deduction) == (100.0, "优秀", 0.0)
    assert result.subtotals == {"A": 60.0, "B": 40.0, "F": 0.0}


def test_lost_points_need_reasons_and_count_in_the_deduction():
    actuals = {**FULL, "B11": 0.97}  # one step below 99% → 18
    result = evaluate(small_framework(), Inputs(actuals=actuals))
    assert result.total == 98.0 and result.deduction == -2.0
    assert result.missing_reasons == ["B11"]
    assert [i.code for i in result.issues] == ["PS-F005"]
    with_reason = evaluate(small_framework(), Inputs(actuals=actuals, reasons={"B11": "来文激增"}))
    assert with_reason.missing_reasons == [] and with_reason.issues == ()


def test_evaluator_score_overrides_and_is_kept_within_points():
    result = evaluate(small_framework(), Inputs(actuals=FULL, scores={"A12": 35, "A11": 25},
                                                reasons={"A12": "部分项目执行偏慢"}))
    a12, a11 = result.item("A12"), result.item("A11")
    assert (a12.computed, a12.final, a12.overridden) == (40.0, 35.0, True)
    assert a11.final == 20.0  # 25 is above the item's 20 points: capped and reported
    assert [(i.code, i.item) for i in result.issues] == [("PS-F004", "A11")]
    assert result.total == 95.0


def test_bonus_is_capped_and_penalty_deducted():
    awards = [("防汛保障", "国务院嘉奖"), ("防汛保障", "省级嘉奖"), ("政务公开", "省级嘉奖"),
              ("信息报送", "市级考核一等奖")]
    actuals = {**FULL, "B11": 0.90, "F1": awards}  # B11: 2 steps → 16
    result = evaluate(small_framework(), Inputs(actuals=actuals, reasons={"B11": "x"}))
    # highest per work: 3 + 2 + 1 = 6, capped at 5; 96 + 5 = 101 → kept at 100
    assert result.bonus == 5.0 and result.total == 100.0
    penalised = evaluate(small_framework(),
                         Inputs(actuals=actuals, scores={"F2": 3}, reasons={"B11": "x"}))
    assert penalised.penalty == 3.0 and penalised.total == 98.0
    assert penalised.subtotals["F"] == 2.0
    assert penalised.deduction == -7.0  # 4 lost in B11 and 3 deducted in F2


def test_cumulative_bonus_policy_and_wording_overrides_it():
    awards = [("防汛保障", "国务院嘉奖"), ("防汛保障", "市级考核二等奖")]
    cumulative = DEFAULT_POLICIES.with_(bonus_aggregation="cumulative")
    inputs = Inputs(actuals={**FULL, "F1": awards})
    fw = small_framework()
    # The seed's wording says 同一项工作不累计加分: it wins over the cumulative setting.
    assert evaluate(fw, inputs).bonus == 3.0
    assert evaluate(fw, inputs, cumulative).bonus == 3.0
    # Without that wording the policy decides.
    plain_rule = "受到国务院嘉奖加 3 分，得到市级考核二等奖加 0.5 分"
    f = Indicator("F", "加减分项", 5, 1, role="adjustment", children=(
        Indicator("F1", "加分项", 5, 2, rule_text=plain_rule, role="bonus"),))
    plain = Framework(fw.title, fw.sections[:2] + (f,))
    assert evaluate(plain, inputs).bonus == 3.0
    assert evaluate(plain, inputs, cumulative).bonus == 3.5


def test_not_applicable_rescale_and_redistribute():
    inputs = Inputs(actuals={**FULL, "B12": 0.90}, reasons={"B12": "x"},
                    not_applicable=frozenset({"A12"}))
    # B12: 95% line, 90% is one step down → 18. Applicable: A11 20 + B 40 = 60 points, 58 scored.
    rescaled = evaluate(small_framework(), inputs)
    # 58 × 100 ÷ 60 = 96.666…, published to two decimals; the deduction agrees with the total.
    assert (rescaled.base, rescaled.total, rescaled.deduction) == (96.67, 96.67, -3.33)
    assert rescaled.item("A12").not_applicable
    shared = evaluate(small_framework(), inputs, DEFAULT_POLICIES.with_(not_applicable="redistribute"))
    # A12's 40 points go to its sibling A11: 20/20 → 60/60.
    assert shared.subtotals["A"] == 60.0 and shared.total == 98.0


def test_bad_rule_text_is_an_issue_not_an_exception():
    fw = small_framework()
    broken = Framework(fw.title, (Indicator("A", "部门决策", 60, 1, children=(
        Indicator("A1", "决策机制", 60, 2, children=(
            leaf("A11", 20, "每降低扣分"),
            leaf("A12", 40, "预算执行率在 90%以上，得 40 分。"))),)),) + fw.sections[1:])
    result = evaluate(broken, Inputs(actuals=FULL))
    assert result.item("A11").computed is None and result.item("A11").final == 0.0
    assert "A11" in {i.item for i in result.issues if i.code.startswith("PS-R")}
    assert result.total == 80.0


def test_structure_problems_are_reported():
    result = evaluate(small_framework(a_points=50), Inputs(actuals=FULL))
    codes = sorted(i.code for i in result.issues)
    assert codes == ["PS-F001", "PS-F002"]


def test_veto_zeroes_the_total():
    fw = small_framework()
    veto = Indicator("V", "否决项", None, 1, role="adjustment", children=(
        Indicator("V1", "重大违纪", None, 2, rule_text="发生重大违法违纪问题的，一票否决", role="penalty"),
    ))
    vetoed = Framework(fw.title, fw.sections + (veto,))
    assert evaluate(vetoed, Inputs(actuals={**FULL, "V1": "否"})).total == 100.0
    hit = evaluate(vetoed, Inputs(actuals={**FULL, "V1": "是"}))
    assert (hit.vetoed, hit.total, hit.grade) == (True, 0.0, "差")
    poor = evaluate(vetoed, Inputs(actuals={**FULL, "V1": "是"}),
                    DEFAULT_POLICIES.with_(veto="grade_poor"))
    assert (poor.total, poor.grade) == (100.0, "差")


@pytest.mark.parametrize("scores, bonus, penalty, expected", [
    ([14.5, 19.5, 30, 30, 5], 0, 0, 99.0),
    ([14.5, 19.5, 30, 30, 5, None], 7, 0, 100.0),
    ([50, 10], 2, 1, 61.0),
    ([1], 0, 5, 0.0),
    ([50], 0, -3, 47.0),  # the form shows deductions as −3: the same deduction
])
def test_capped_total(scores, bonus, penalty, expected):
    assert capped_total(scores, bonus, penalty) == expected


@pytest.mark.parametrize("label, expected", [
    ("A 部门决策（15 分）", ("A", "部门决策", 15.0)),
    ("A41 预算编制科学规范（2.5 分）", ("A41", "预算编制科学规范", 2.5)),
    ("文件办理率（10分）", ("", "文件办理率", 10.0)),
    ("E1 信息化建设情况", ("E1", "信息化建设情况", None)),
    ("F 加减分项 （≤5 分）", ("F", "加减分项", 5.0)),
    ("B4 政府采购管理 （2分）", ("B4", "政府采购管理", 2.0)),
])
def test_parse_label(label, expected):
    assert parse_label(label) == expected


def test_round_trip_through_json():
    fw = small_framework()
    assert Framework.from_dict(fw.to_dict()) == fw


def test_unfilled_items_are_reported_and_count_zero():
    actuals = {key: value for key, value in FULL.items() if key != "B12"}
    result = evaluate(small_framework(), Inputs(actuals=actuals))
    assert result.item("B12").final == 0.0 and result.total == 80.0
    assert ("PS-F008", "B12") in {(i.code, i.item) for i in result.issues}
    entered = evaluate(small_framework(), Inputs(actuals=actuals, scores={"B12": 20}))
    assert entered.issues == () and entered.total == 100.0


def test_a_negative_bonus_is_refused():
    from scoring import ActualValueError

    with pytest.raises(ActualValueError) as info:
        capped_total([50], bonus=-3)
    assert info.value.code == "PS-V004"


def test_redistribute_shares_a_whole_section_among_the_others():
    inputs = Inputs(actuals=FULL, not_applicable=frozenset({"B11", "B12"}))
    shared = evaluate(small_framework(), inputs, DEFAULT_POLICIES.with_(not_applicable="redistribute"))
    # B (40 points) is wholly not applicable: A's 60 of 60 stand for 100.
    assert (shared.total, shared.deduction) == (100.0, 0.0)


@pytest.mark.parametrize("setting", [
    {"partial_step": "Linear"}, {"not_applicable": "nope"}, {"veto": "x"},
    {"tier_partial": 1.5}, {"bonus_cap": -1},
])
def test_invalid_policies_are_refused(setting):
    from scoring.errors import PolicyError

    with pytest.raises(PolicyError) as info:
        DEFAULT_POLICIES.with_(**setting)
    assert info.value.code == "PS-P001"


def test_a_veto_forfeits_the_whole_score_in_the_total_row():
    fw = small_framework()
    veto = Indicator("V", "否决项", None, 1, role="adjustment", children=(
        Indicator("V1", "重大违纪", None, 2, rule_text="发生重大违法违纪问题的，一票否决", role="penalty"),
    ))
    hit = evaluate(Framework(fw.title, fw.sections + (veto,)), Inputs(actuals={**FULL, "V1": "是"}))
    assert (hit.total, hit.deduction) == (0.0, -100.0)
