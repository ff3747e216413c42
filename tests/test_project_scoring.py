"""Scoring a project self-evaluation by convention (scoring/project/score.py, issue #16).

Worked examples from each profile's source first (real published forms; where a cell of the
published copy is blank or cut off, the test says what it fills in), then the matrix of the
conventions: forward, reverse, equal and zero targets, qualitative tiers (default and evaluator
point), not-applicable rescaling, the execution-rate cap, the too-low-target reduction.
"""

from __future__ import annotations

import pytest

from scoring.errors import PolicyError, ProjectError
from scoring.project import (HUBEI_HUANGGANG, NATIONAL, PROFILES, SICHUAN, FundRow,
                             ProjectEvaluation, ProjectIndicator, evaluate_project, get_profile)
from scoring.project.profiles import ProjectProfile
from scoring.project.score import execution_rate, fund_score


def codes(result) -> list[str]:
    return [issue.code for issue in result.issues]


def single(target, actual, points=10.0, *, score=None, profile=NATIONAL, **extra):
    """A form with full funds (10 of 10) and one indicator of ``points`` plus a filler indicator
    that makes the points add up to 100 (so only the indicator under test can lose points)."""
    indicator = ProjectIndicator("产出指标", "数量指标", "被测指标", target, actual, points,
                                 score=score, **extra)
    rest = ProjectIndicator("效益指标", "社会效益指标", "其余指标", "≥90%", "95%",
                            profile.total_points - profile.fund_points - points)
    evaluation = ProjectEvaluation("测试项目", funds={"total": FundRow(100, 100, 100)},
                                   indicators=(indicator, rest))
    return evaluate_project(evaluation, profile)


# --------------------------------------------------------------------------- worked examples
def test_national_worked_example_chizhou_2022():
    """池州市贵池区棠溪镇 项目支出绩效自评表（2022年度）“委托业务项目” (NATIONAL's second source).

    The published form scores its funds row 0: 年度资金总额 was left 0 / 0 / 0 while 本年财政拨款 is
    90 / 89.974 / 89.974. By convention A = 0 has no rate (PS-X001), the row scores 0 and the review
    reports the sum (tests/test_project_review.py). Indicators as published: 数量 ≥50个 → 50 (8),
    合格率 ≥100% → 100% (8; the copy shows "100" without %), four qualitative rows 达成预期指标
    (8, 8, 8 by ≤90万元 → 90, 10), 效益 three × 10 达成. The 满意度 row is cut off in the copy; the
    test fills it as 公众满意度 ≥90% → 95% (10), labelled invented.
    Total = 0 + (8+8+8+8+8+10) + 30 + 10 = 90 → 优秀.
    """
    done = "达成预期指标"
    evaluation = ProjectEvaluation(
        "委托业务项目", "池州市贵池区棠溪镇人民政府", "池州市贵池区棠溪镇人民政府",
        funds={"total": FundRow(0, 0, 0), "appropriation": FundRow(90, 89.974, 89.974)},
        indicators=(
            ProjectIndicator("产出指标", "数量指标", "基建工程委托业务项目数量", "≥50个", "50", 8, 8),
            ProjectIndicator("产出指标", "质量指标", "委托业务报告合格率", "≥100百分比", "100%", 8, 8),
            ProjectIndicator("产出指标", "质量指标", "经费支出合规性", "严格执行相关制度规定", done, 8, 8),
            ProjectIndicator("产出指标", "时效指标", "提交报告及时性", "在项目计划完成时间内完成", done, 8, 8),
            ProjectIndicator("产出指标", "成本指标", "项目总成本", "≤90万元", "90", 8, 8),
            ProjectIndicator("产出指标", "成本指标", "单项业务成本", "符合相关规定", done, 10, 10),
            ProjectIndicator("效益指标", "社会效益指标", "对维护基建市场公平的影响程度", "效果明显", done, 10, 10),
            ProjectIndicator("效益指标", "生态效益指标", "对控制基建项目成本影响程度", "效果明显", done, 10, 10),
            ProjectIndicator("效益指标", "可持续影响指标", "对推动基建项目“四项制度”健全和落实的持续性影响",
                             "效果明显", done, 10, 10),
            ProjectIndicator("满意度指标", "服务对象满意度指标", "公众满意度（补齐）", "≥90%", "95%", 10),
        ))
    result = evaluate_project(evaluation, NATIONAL)
    assert result.funds[0].score == 0.0 and result.funds[0].rate is None
    assert result.funds[1].rate == pytest.approx(1.0)
    assert [row.final for row in result.indicators] == [8, 8, 8, 8, 8, 10, 10, 10, 10, 10]
    assert [row.kind for row in result.indicators[:4]] == [
        "quantitative", "quantitative", "qualitative", "qualitative"]
    assert result.total == 90.0 and result.grade == "优秀"
    assert codes(result) == ["PS-X001"]


def test_sichuan_worked_example_qingshen_2023():
    """青神县发展和改革局 部门预算项目支出绩效自评表（2023年度）“工资性支出” (SICHUAN's source).

    调整后预算数 251.89, 预算执行数 251.89 → 100% × 10 = 10. Indicators in three columns
    (指标性质 | 指标值 | 度量单位): 发放（缴纳）覆盖率 = | 100 | % 权重 60, 足额保障率（参保率）= | 100 | %
    权重 30. The published copy leaves 完成值 blank; the test fills 100% (invented, labelled).
    Total = 10 + 60 + 30 = 100 → 优秀.
    """
    evaluation = ProjectEvaluation(
        "51000021R000000019951-工资性支出", "青神县发展和改革局本级", "青神县发展和改革局",
        funds={"total": FundRow(238.93, 251.89, 251.89), "fiscal": FundRow(238.93, 251.89, 251.89),
               "special_account": FundRow(0, 0, 0), "unit_funds": FundRow(0, 0, 0)},
        indicators=(
            ProjectIndicator("产出指标", "数量指标", "发放（缴纳）覆盖率", "100", "100%", 60,
                             nature="=", unit="%"),
            ProjectIndicator("效益指标", "社会效益指标", "足额保障率（参保率）", "100", "100%", 30,
                             nature="=", unit="%"),
        ))
    result = evaluate_project(evaluation, SICHUAN)
    assert result.funds[0].rate == 1.0 and result.funds[0].score == 10.0
    assert not result.funds[0].reason_required
    assert result.total == 100.0 and result.grade == "优秀"
    assert codes(result) == []


def test_sichuan_rate_below_ninety_percent_needs_a_reason():
    """四川: “预算执行率未达到90%的需说明原因”: 89% needs one (8.9 of 10), 90% does not."""
    def funds(executed):
        evaluation = ProjectEvaluation("p", funds={"total": FundRow(100, 100, executed)})
        return evaluate_project(evaluation, SICHUAN).funds[0]
    below, at = funds(89), funds(90)
    assert (below.score, below.lost, below.reason_required) == (8.9, pytest.approx(1.1), True)
    assert (at.score, at.reason_required) == (9.0, False)
    assert NATIONAL.fund_reason_below is None  # the national form has no reason beside the funds


def test_hubei_huanggang_worked_example_2020():
    """黄冈市水土保持与农田水利科研所 2020年度水土保持监测项目绩效自评表 (HUBEI_HUANGGANG's source).

    预算执行情况（20分）: 预算数 10, 执行数 10 → 100% × 20 = 20. 年度绩效目标1（40分）: 监测数据必须合格
    100%/100% (10), 取得2018-2022监测资料 100%/100% (10), 整编资料审核 98%/98% (20, published 19.6);
    年度绩效目标2（40分）: 监测数据资料整编 100%/100% (20), 完成年度资料上报 100%/100% (20).
    The published total is 99.6: the unit scored 整编资料审核 98% × 20 = 19.6 although the actual
    meets its target of 98%. By convention it scores 20 (PS-X003 reports the difference):
    total = 20 + 10 + 10 + 20 + 20 + 20 = 100.
    """
    evaluation = ProjectEvaluation(
        "水土保持监测", "黄冈市水利和湖泊局", "黄冈市水土保持与农田水利科研所",
        funds={"total": FundRow(None, 10, 10)},
        indicators=(
            ProjectIndicator("产出指标", "质量指标", "监测数据必须合格", "100%", "100%", 10, 10),
            ProjectIndicator("产出指标", "进度指标", "取得2018-2022监测资料", "100%", "100%", 10, 10),
            ProjectIndicator("效益指标", "满意度指标", "整编资料审核", "98%", "98%", 20, 19.6),
            ProjectIndicator("产出指标", "质量指标", "监测数据资料整编", "100%", "100%", 20, 20),
            ProjectIndicator("产出指标", "进度指标", "完成年度资料上报", "100%", "100%", 20, 20),
        ))
    result = evaluate_project(evaluation, HUBEI_HUANGGANG)
    assert result.funds[0].score == 20.0
    assert result.indicators[2].entered == 19.6 and result.indicators[2].final == 20.0
    assert result.total == 100.0 and result.grade == "优秀"
    assert codes(result) == ["PS-X003"] and result.issues[0].item == "indicator.3"


def test_hubei_qualitative_tiers_cut_at_fifty_percent():
    """湖北: 100%–80%（≥80%）、80%–50%（[50%,80%)）、50%–0%（<50%）. 部分达成 of 10 points: an
    entered 5 is in the tier, 4.5 is not (PS-X002, the default 50% = 5 counts); nationally the
    same 5.5 lies below the 60% cut and is refused."""
    assert single("效果明显", "部分达成", score=5, profile=HUBEI_HUANGGANG).indicators[0].final == 5.0
    low = single("效果明显", "部分达成", score=4.5, profile=HUBEI_HUANGGANG)
    assert low.indicators[0].final == 5.0 and codes(low) == ["PS-X002"]
    national = single("效果明显", "部分达成", score=5.5)
    assert national.indicators[0].final == 6.0 and codes(national) == ["PS-X002"]


# --------------------------------------------------------------------------- funds
@pytest.mark.parametrize(("budget", "executed", "score"), [
    (100, 100, 10.0),
    (100, 95, 9.5),
    (3, 2, 6.67),       # 2/3 × 10 = 6.666… → 6.67 (half up, two decimals)
    (100, 120, 10.0),   # 执行率 120%: capped at 分值 (the review reports the rate, PS-X108)
    (100, 0, 0.0),
])
def test_execution_rate_times_points_never_above_points(budget, executed, score):
    result = evaluate_project(ProjectEvaluation("p", funds={"total": FundRow(budget, budget, executed)}))
    assert result.funds[0].score == score
    assert result.funds[0].rate == pytest.approx(executed / budget)


def test_zero_or_blank_budget_has_no_rate():
    with pytest.raises(ProjectError) as raised:
        execution_rate(0.0, 5.0)
    assert raised.value.code == "PS-X001"
    for budget in (0, None, ""):
        result = evaluate_project(ProjectEvaluation("p", funds={"total": FundRow(10, budget, 5)}))
        assert result.funds[0].score == 0.0 and result.funds[0].lost == 10.0
        assert "PS-X001" in codes(result)
    assert fund_score(1.5, 10) == 10.0 and fund_score(-0.2, 10) == 0.0


def test_negative_or_unreadable_amount_is_reported():
    result = evaluate_project(ProjectEvaluation("p", funds={"total": FundRow(10, "-5", "abc")}))
    assert codes(result).count("PS-X005") == 2
    assert result.funds[0].score == 0.0


# --------------------------------------------------------------------------- quantitative
@pytest.mark.parametrize(("target", "actual", "points", "expected"), [
    ("≥100人", "90", 20, 18.0),        # forward, unmet: 90/100 × 20
    ("≥100人", "100人", 20, 20.0),     # forward, met
    ("≥95%", "98%", 10, 10.0),         # met above the target: never above 分值
    ("≥95%", 0.9, 10, 9.47),           # 0.90/0.95 × 10 = 9.4736… → 9.47
    ("≤30天", "40天", 10, 7.5),        # reverse, unmet: 30/40 × 10
    ("≤30天", "25", 10, 10.0),         # reverse, met
    ("=100%", "98%", 10, 9.8),         # equal: the smaller ratio, 0.98
    ("=100%", "102%", 10, 9.8),        # equal, above: 1/1.02 × 10 = 9.8039… → 9.8
    ("≤0%", "0%", 10, 10.0),           # zero target: met or not
    ("≤0%", "2%", 10, 0.0),
    ("≥10个", "0", 10, 0.0),
])
def test_quantitative_indicator_by_convention(target, actual, points, expected):
    row = single(target, actual, points).indicators[0]
    assert row.kind == "quantitative"
    assert row.final == expected
    assert row.lost == pytest.approx(points - expected)
    assert row.reason_required == (expected < points)


def test_three_column_target_reads_like_one_cell():
    """四川 writes 指标性质 | 指标值 | 度量单位: ≥ | 95 | % is ≥95%."""
    row = single("95", "90%", 10, nature="≥", unit="%", profile=SICHUAN).indicators[0]
    assert row.final == 9.47


def test_entered_score_differs_from_convention():
    result = single("≥100人", "90", 20, score=20)
    assert result.indicators[0].final == 18.0 and result.indicators[0].entered == 20.0
    assert codes(result) == ["PS-X003"]
    assert codes(single("≥100人", "90", 20, score=18)) == []


def test_unreadable_or_missing_actual():
    hedged = single("≥95%", "约95%", 10, score=7)
    assert hedged.indicators[0].final == 7.0 and codes(hedged) == ["PS-V001"]
    blank = single("≥95%", None, 10)
    assert blank.indicators[0].final == 0.0 and codes(blank) == ["PS-F008"]
    word = single("≥95%", "完成", 10)
    assert word.indicators[0].final == 0.0 and codes(word) == ["PS-V001"]


def test_unreadable_target_with_digits():
    result = single("≥≥5", "5", 10)
    assert result.indicators[0].kind is None and codes(result) == ["PS-T001"]


# --------------------------------------------------------------------------- too-low targets
@pytest.mark.parametrize(("target", "actual"), [("≥10个", "30"), ("≤30天", "10天")])
def test_too_low_target_reduction_off_by_default_and_on(target, actual):
    """Three times better than the target (ratio 3.0, beyond 1.5): off, full 10; on,
    10 × 1.5 / 3.0 = 5.0 and PS-X006 says so."""
    off = single(target, actual, 10)
    assert off.indicators[0].final == 10.0 and off.indicators[0].ratio == 3.0
    assert not off.indicators[0].reduced and codes(off) == []
    on = single(target, actual, 10, profile=NATIONAL.with_(overshoot_reduction=True))
    assert on.indicators[0].final == 5.0 and on.indicators[0].reduced
    assert codes(on) == ["PS-X006"]


def test_reduction_spares_an_actual_within_the_limit():
    on = NATIONAL.with_(overshoot_reduction=True)
    assert single("≥10个", "15", 10, profile=on).indicators[0].final == 10.0   # ratio 1.5: not beyond
    assert single("≥10个", "16", 10, profile=on).indicators[0].final == 9.38   # 10 × 1.5/1.6 = 9.375
    none = single("≤5次", "0", 10, profile=on).indicators[0]   # 0 complaints against ≤5: met
    assert (none.final, none.ratio, none.reduced) == (10.0, None, False)


# --------------------------------------------------------------------------- qualitative
@pytest.mark.parametrize(("actual", "tier", "default"), [
    ("达成预期指标", "achieved", 10.0),
    ("达成", "achieved", 10.0),
    ("完成", "achieved", 10.0),
    ("是", "achieved", 10.0),
    ("好", "achieved", 10.0),
    ("部分达成预期指标并具有一定效果", "partial", 6.0),
    ("基本完成", "partial", 6.0),
    ("较好", "partial", 6.0),
    ("一般", "partial", 6.0),
    ("未达成预期指标且效果较差", "not_achieved", 0.0),
    ("未完成", "not_achieved", 0.0),
    ("否", "not_achieved", 0.0),
    ("差", "not_achieved", 0.0),
])
def test_qualitative_tier_defaults(actual, tier, default):
    """Without an entered 得分 a tier scores its default: 达成 100%, 部分达成 and 未达成 their
    tier's lower bound (60%, 0%)."""
    row = single("效果明显", actual, 10).indicators[0]
    assert (row.kind, row.tier, row.final) == ("qualitative", tier, default)


@pytest.mark.parametrize(("actual", "entered", "final", "issues"), [
    ("达成", 8, 8.0, []),              # 80% belongs to 达成 (100–80%（含）)
    ("达成", 9.5, 9.5, []),
    ("达成", 7.9, 10.0, ["PS-X002"]),  # below 达成: refused, the default counts
    ("部分达成", 7, 7.0, []),
    ("部分达成", 6, 6.0, []),          # 60% belongs to 部分达成 (80–60%（含）)
    ("部分达成", 8, 6.0, ["PS-X002"]), # 80% is 达成's, not 部分达成's
    ("未达成", 5.9, 5.9, []),
    ("未达成", 6, 0.0, ["PS-X002"]),
])
def test_qualitative_evaluator_point_inside_the_tier(actual, entered, final, issues):
    result = single("效果明显", actual, 10, score=entered)
    assert result.indicators[0].final == final
    assert codes(result) == issues


def test_quality_word_targets_use_its_prefixes():
    assert single("健全", "基本健全", 10).indicators[0].tier == "partial"
    assert single("健全", "不健全", 10).indicators[0].tier == "not_achieved"
    assert single("健全", "已健全", 10).indicators[0].final == 10.0
    assert codes(single("效果明显", "还行", 10)) == ["PS-V001"]


# --------------------------------------------------------------------------- totals
def test_not_applicable_indicators_rescale_to_one_hundred():
    """Funds 10 of 10, 产出 40 of 40, 效益 30 不适用, 满意度 10 of 20.
    Raw 60 of 70 applicable points → 60 / 70 × 100 = 85.714… → 85.71 (half up)."""
    evaluation = ProjectEvaluation("p", funds={"total": FundRow(100, 100, 100)}, indicators=(
        ProjectIndicator("产出指标", "数量指标", "a", "≥10个", "10", 40),
        ProjectIndicator("效益指标", "社会效益指标", "b", "≥90%", "", 30, not_applicable=True),
        ProjectIndicator("满意度指标", "服务对象满意度指标", "c", "≥90%", "45%", 20),
    ))
    result = evaluate_project(evaluation)
    assert result.raw == 60.0 and result.applicable_points == 70.0
    assert result.total == 85.71 and result.grade == "良好"
    assert result.indicators[1].not_applicable and not result.indicators[1].reason_required
    assert codes(result) == []


def test_everything_not_applicable_but_no_funds_points():
    profile = NATIONAL.with_(fund_points=0.0)
    evaluation = ProjectEvaluation("p", indicators=(
        ProjectIndicator("产出指标", "数量指标", "a", "≥10个", "", 100, not_applicable=True),))
    result = evaluate_project(evaluation, profile)
    assert result.total == 0.0 and "PS-X007" in codes(result)


@pytest.mark.parametrize(("entered", "total", "band"), [
    (80, 90.0, "优秀"), (79.99, 89.99, "良好"), (70, 80.0, "良好"), (60, 70.0, "中"),
    (54, 64.0, "中"), (49.99, 59.99, "差"),
])
def test_total_and_grade_bands(entered, total, band):
    """One qualitative indicator of 90 with the evaluator's point: 达成 ≥ 72, 部分达成 54–72,
    未达成 below 54; total = 10 (funds) + the point."""
    tier = "达成" if entered >= 72 else "部分达成" if entered >= 54 else "未达成"
    evaluation = ProjectEvaluation("p", funds={"total": FundRow(1, 1, 1)}, indicators=(
        ProjectIndicator("产出指标", "数量指标", "a", "效果明显", tier, 90, entered),))
    result = evaluate_project(evaluation)
    assert (result.total, result.grade) == (total, band)


def test_points_not_adding_up_to_one_hundred():
    evaluation = ProjectEvaluation("p", funds={"total": FundRow(1, 1, 1)}, indicators=(
        ProjectIndicator("产出指标", "数量指标", "a", "≥10个", "10", 80),))
    result = evaluate_project(evaluation)
    assert result.total == 90.0 and codes(result) == ["PS-X004"]
    bad = evaluate_project(ProjectEvaluation("p", indicators=(
        ProjectIndicator("产出指标", "数量指标", "a", "≥10个", "10", "十分"),)))
    assert "PS-X005" in codes(bad) and bad.indicators[0].points == 0.0


# --------------------------------------------------------------------------- profiles
def test_profiles_are_documented_and_consistent():
    assert set(PROFILES) == {"national", "sichuan", "hubei_huanggang"}
    for profile in PROFILES.values():
        assert profile.sources and all(source.title and source.supports for source in profile.sources)
        assert profile.fund_points + profile.indicator_points == profile.total_points
    assert (NATIONAL.fund_points, HUBEI_HUANGGANG.fund_points) == (10.0, 20.0)
    assert SICHUAN.label("budget") == "调整后预算数" and NATIONAL.label("budget") == "全年预算数（A）"
    assert get_profile("sichuan") is SICHUAN and get_profile(SICHUAN.title) is SICHUAN


@pytest.mark.parametrize("changes", [
    {"tier_cuts": (0.6, 0.8)},              # cuts out of order
    {"tier_defaults": (1.0, 0.8, 0.0)},     # partial default in 达成's tier
    {"overshoot_limit": 1.0},
    {"fund_reason_below": 1.5},
    {"fund_rows": ()},
])
def test_contradictory_profile_is_refused(changes):
    with pytest.raises(PolicyError) as raised:
        NATIONAL.with_(**changes)
    assert raised.value.code == "PS-P001"


def test_unknown_profile_is_refused():
    with pytest.raises(PolicyError) as raised:
        get_profile("guangdong")
    assert "national" in raised.value.message


def test_profile_is_frozen():
    with pytest.raises(AttributeError):
        NATIONAL.fund_points = 20.0  # type: ignore[misc]
    assert isinstance(NATIONAL, ProjectProfile)
