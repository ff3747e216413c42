"""Property tests: scores stay within 0..points, grow with the actual value, and parsing any
text, indicator value or actual value either succeeds or raises the product's own error."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from scoring.actuals import classify_quality, coerce_number
from scoring.errors import ActualValueError, RuleError, TargetError
from scoring.parse import parse_rule
from scoring.policies import DEFAULT_POLICIES, Policies
from scoring.rules import RuleKind
from scoring.targets import parse_target

POLICIES = st.builds(Policies, partial_step=st.sampled_from(["up", "down", "linear"]))
#: Completion rates as typed: a rate below zero is refused (PS-V004, tested below).
RATES = st.floats(min_value=0.0, max_value=2.0, allow_nan=False)
HIGHER_IS_BETTER = [
    "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。",
    "满意度在95%以上得5分，每降低5%扣2分，60%以下不得分。",
    "完成率在90%以上得10分，每降低10%扣5分，按比例扣分",
    "预算执行率在 90%以上，得 2 分。",
    "90%（含）以上得5分，80%（含）-90%得3分，80%以下不得分",
    "项目完成率≥95%,计6分;85%(含)-95%,计4分;70%(含)-85%,计2分;低于70%不得分。",
    "得分＝预算执行率×分值",
]
VOCAB_CHARS = "得扣分每降低超过以上以下含不足按计算低于高于%％,，;；。()（）①②.0123456789 一二十百之"


@st.composite
def step_rules(draw):
    """Random well-formed step rules: line, step, step points, points and floor."""
    line = draw(st.integers(60, 100))
    step = draw(st.sampled_from([1, 2, 5, 10]))
    step_points = draw(st.sampled_from([0.5, 1, 2, 5]))
    points = draw(st.sampled_from([2, 5, 10, 20]))
    floor = draw(st.integers(0, line))
    return f"在{line}%以上得{points}分，每降低{step}%扣{step_points}分，低于{floor}%不得分"


@settings(max_examples=200, deadline=None)
@given(text=st.sampled_from(HIGHER_IS_BETTER) | step_rules(), a=RATES, b=RATES, policies=POLICIES)
def test_within_points_and_monotone(text: str, a: float, b: float, policies: Policies) -> None:
    rule = parse_rule(text, 2 if "分值" in text else None)
    low, high = sorted((a, b))
    score_low, score_high = rule.score(low, policies), rule.score(high, policies)
    assert 0 <= score_low <= rule.points and 0 <= score_high <= rule.points
    assert score_low <= score_high + 1e-12


@settings(max_examples=100, deadline=None)
@given(text=st.sampled_from(HIGHER_IS_BETTER),
       rate=st.floats(min_value=-2.0, max_value=-1e-9, allow_nan=False))
def test_a_completion_rate_below_zero_is_refused_never_scored(text: str, rate: float) -> None:
    rule = parse_rule(text, 2 if "分值" in text else None)
    with pytest.raises(ActualValueError) as info:
        rule.score(rate)
    assert info.value.code == "PS-V004"


@settings(max_examples=200, deadline=None)
@given(line=st.integers(61, 100), step=st.sampled_from([1, 2, 5, 10]), steps=st.integers(0, 8))
def test_exact_step_boundaries_cost_exactly_that_many_steps(line: int, step: int, steps: int) -> None:
    rule = parse_rule(f"在{line}%以上得20分，每降低{step}%扣2分")
    actual = float((Decimal(line) - Decimal(step) * steps) / 100)
    assume(actual >= 0)  # a rate below zero is refused (PS-V004)
    assert rule.score(actual) == max(0.0, 20 - 2 * steps)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(VOCAB_CHARS), max_size=40) | st.text(max_size=40),
       points=st.none() | st.floats(min_value=0, max_value=100, allow_nan=False))
def test_parse_rule_raises_rule_error_or_succeeds(text: str, points: float | None) -> None:
    try:
        rule = parse_rule(text, points)
    except RuleError:
        return
    rule.explain()
    rule.to_dict()
    rule.to_formula("A1")


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("≥≤<>=＝％%0123456789.条万元健全不低于以上 "), max_size=12)
       | st.text(max_size=12))
def test_parse_target_raises_target_error_or_succeeds(text: str) -> None:
    try:
        target = parse_target(text)
    except TargetError:
        return
    assert target.kind in ("quantitative", "qualitative")


@settings(max_examples=300, deadline=None)
@given(actual=st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12)
       | st.text(alphabet=st.sampled_from("0123456789.%％约以上-#DIV/!条是否基本健全"), max_size=8))
def test_actual_coercion_raises_actual_value_error_or_succeeds(actual: object) -> None:
    for coerce in (lambda v: coerce_number(v, percent=True), lambda v: coerce_number(v, count=True),
                   classify_quality):
        try:
            coerce(actual)
        except ActualValueError:
            pass


@settings(max_examples=100, deadline=None)
@given(actual=st.floats(min_value=-1, max_value=3, allow_nan=False))
def test_every_kind_stays_within_points(actual: float) -> None:
    for text, points in [("以100%为标准，≤100%得4分，每超过1%扣0.4分", None), ("每超过1%扣0.5分", 2),
                         ("实际完成值/80%×分值", 4), ("酌情扣分", 5)]:
        rule = parse_rule(text, points)
        if actual < 0 and (rule.kind is RuleKind.DISCRETIONARY or rule.input_kind == "percent"):
            try:  # refused (PS-V004) unless the rule gives a rate below zero a meaning
                score = rule.score(actual, DEFAULT_POLICIES)
            except ActualValueError as error:
                assert error.code == "PS-V004"
                continue
            assert rule.kind is not RuleKind.DISCRETIONARY  # never clamped silently to 0
            assert 0 <= score <= rule.points
            continue
        assert 0 <= rule.score(actual, DEFAULT_POLICIES) <= rule.points
