"""Indicator values (指标值): reading, meeting and completion (DOMAIN §2)."""

from __future__ import annotations

import pytest

from scoring.errors import ActualValueError, TargetError
from scoring.example import load_example
from scoring.policies import DEFAULT_POLICIES
from scoring.targets import parse_target


@pytest.mark.parametrize("text,op,value,unit,kind", [
    ("≥99%", "≥", 0.99, "%", "quantitative"),
    ("＞＝９９％", "≥", 0.99, "%", "quantitative"),
    ("≧99％", "≥", 0.99, "%", "quantitative"),
    ("不低于99%", "≥", 0.99, "%", "quantitative"),
    ("99%以上", "≥", 0.99, "%", "quantitative"),
    ("≤100%", "≤", 1.0, "%", "quantitative"),
    ("不超过100%", "≤", 1.0, "%", "quantitative"),
    ("＝0%", "=", 0.0, "%", "quantitative"),
    ("100%", "=", 1.0, "%", "quantitative"),
    ("≥5条", "≥", 5.0, "条", "quantitative"),
    ("≥10条", "≥", 10.0, "条", "quantitative"),
    ("≤3000万元", "≤", 3000.0, "万元", "quantitative"),
    ("低于5天", "<", 5.0, "天", "quantitative"),
    ("健全", "=", "健全", None, "qualitative"),
    ("＝合规", "=", "合规", None, "qualitative"),
])
def test_parse_target(text, op, value, unit, kind) -> None:
    target = parse_target(text)
    assert (target.op, target.value, target.unit, target.kind) == (op, value, unit, kind)


def test_three_column_shape() -> None:
    assert parse_target(op="≥", value=99, unit="%") == parse_target("≥99%")
    assert parse_target(op="≥", value="5", unit="条").value == 5.0


@pytest.mark.parametrize("text,code", [("", "PS-T002"), ("  ", "PS-T002"), (None, "PS-T002"),
                                       ("≥abc%", "PS-T001"), ("≥99%%", "PS-T001"),
                                       ("≥健全", "PS-T001"), ("x" * 300, "PS-T001")])
def test_bad_targets(text, code) -> None:
    with pytest.raises(TargetError) as info:
        parse_target(text) if text is not None else parse_target()
    assert info.value.code == code


def test_is_met() -> None:
    target = parse_target("≥99%")
    assert target.is_met(0.99) and target.is_met("99%") and target.is_met("９９．５％")
    assert not target.is_met(0.97) and not target.is_met(None) and not target.is_met("")
    assert parse_target("≤100%").is_met(1.0) and not parse_target("≤100%").is_met(1.01)
    assert parse_target(">5条").is_met("6条") and not parse_target(">5条").is_met(5)
    assert parse_target("＝0%").is_met(0) and not parse_target("＝0%").is_met(0.01)
    assert parse_target("健全").is_met("已健全") and parse_target("健全").is_met("是")
    assert not parse_target("健全").is_met("基本健全") and not parse_target("健全").is_met("不健全")


def test_completion() -> None:
    assert parse_target("≥99%").completion("99%") == 1.0
    assert parse_target("≥90%").completion(0.45) == pytest.approx(0.5)
    assert parse_target("≤100%").completion(1.25) == pytest.approx(0.8)
    assert parse_target("=100%").completion(0.8) == pytest.approx(0.8)
    assert parse_target("=100%").completion(1.25) == pytest.approx(0.8)
    assert parse_target("≥10条").completion("5条") == 0.5
    assert parse_target("≥99%").completion(None) == 0.0
    quality = parse_target("健全")
    assert quality.completion("基本健全") == 0.8
    assert quality.completion("基本健全", DEFAULT_POLICIES.with_(tier_partial=0.6)) == 0.6
    assert quality.completion("不健全") == 0.0 and quality.completion(None) == 0.0


def test_actual_errors_for_targets() -> None:
    with pytest.raises(ActualValueError) as info:
        parse_target("≥99%").is_met(97)
    assert info.value.code == "PS-V003"
    with pytest.raises(ActualValueError) as info:
        parse_target("≥5条").completion("5%")
    assert info.value.code == "PS-V002"
    with pytest.raises(ActualValueError) as info:
        parse_target("健全").is_met("合规吧")
    assert info.value.code == "PS-V001"


@pytest.mark.parametrize("text", ["＝0%", "≤0%", "≥0条", "0%"])
def test_zero_targets_have_no_completion_ratio(text) -> None:
    # DOMAIN §2: a ratio against zero is undefined; whether it is met is still answered.
    target = parse_target(text)
    assert target.zero and target.is_met(0)
    with pytest.raises(TargetError) as info:
        target.completion(0.05)
    assert info.value.code == "PS-T003" and "为0" in info.value.message


def test_strict_targets_at_their_bound() -> None:
    below = parse_target("不满60%")          # < 60%: 60% itself is not met (不满 excludes it)
    assert not below.is_met("60%") and below.completion("60%") == 1.0
    assert below.completion("50%") == 1.0 and below.completion("75%") == pytest.approx(0.8)
    above = parse_target("超过90%")          # > 90%
    assert not above.is_met("90%") and above.completion("90%") == 1.0
    assert above.completion("90%") > above.completion("89%")  # still monotone
    assert above.completion("90.1%") == 1.0 and above.completion("45%") == pytest.approx(0.5)


@pytest.mark.parametrize("text,actual,met,completion", [
    ("≥1000万元", "0.1亿元", True, 1.0),          # 0.1亿元 = 1000万元
    ("≥1000万元", "5000000元", False, 0.5),       # 500万元
    ("≤3000万元", "0.35亿元", False, 3000 / 3500),
    ("≤5天", "48小时", True, 1.0),                # 2天
    ("≤2天", "72小时", False, 2 / 3),
    ("≥1年", "6个月", False, 0.5),
    ("≤10日", "2周", False, 10 / 14),
])
def test_money_and_time_units_convert(text, actual, met, completion) -> None:
    target = parse_target(text)
    assert target.is_met(actual) is met
    assert target.completion(actual) == pytest.approx(completion)


def test_unrelated_units_still_differ() -> None:
    for text, actual in [("≥5条", "5个"), ("≤5天", "5万元"), ("≤5工作日", "5天")]:
        with pytest.raises(ActualValueError) as info:
            parse_target(text).is_met(actual)
        assert info.value.code == "PS-V002", (text, actual)


@pytest.mark.parametrize("text, position", [("≥9o%", 2), ("≥≥5", 1), ("≥5x", 2)])
def test_unreadable_target_points_where_reading_stopped(text, position):
    with pytest.raises(TargetError) as info:
        parse_target(text)
    assert (info.value.code, info.value.position) == ("PS-T001", position)


@pytest.mark.parametrize("text", ["abc", "xyz条", "∞", "hello world", "是否", "健全完善", "≥-5条",
                                  "≥1,00万元", "降低-5%"])
def test_unknown_words_and_unit_without_number_are_refused(text) -> None:
    # A qualitative value must be a known quality word; a count unit needs a number.
    with pytest.raises(TargetError) as info:
        parse_target(text)
    assert info.value.code == "PS-T001"


@pytest.mark.parametrize("text", ["健全", "合理", "明确", "科学", "规范", "合规", "完善", "公开",
                                  "有效", "基本健全", "较完善", "已公开", "不健全", "是", "否"])
def test_known_quality_words_are_qualitative(text) -> None:
    assert parse_target(text).kind == "qualitative"


def test_every_value_of_the_2024_example_parses() -> None:
    values = {value for row in load_example().target_form.indicators
              for value in (row.half_value, row.full_value) if value}
    assert {"健全", "≥99%", "＝0%", "≥5条"} <= values
    for value in values:
        parse_target(value)


@pytest.mark.parametrize("text,op,value,unit", [
    ("≤-5%", "≤", -0.05, "%"),              # 三公经费变动率: cut by at least 5%
    ("-5%", "=", -0.05, "%"),
    ("≥1,000万元", "≥", 1000.0, "万元"),     # thousands separator
    ("≥1，000，000元", "≥", 1e6, "元"),       # full-width commas
    ("下降5%", "≤", -0.05, "%"),             # 下降5% = a change of at most −5%
    ("下降不少于5%", "≤", -0.05, "%"),
    ("减少5%以上", "≤", -0.05, "%"),
    ("下降不超过5%", "≥", -0.05, "%"),
])
def test_negative_separated_and_decrease_targets(text, op, value, unit) -> None:
    target = parse_target(text)
    assert (target.op, target.value, target.unit) == (op, value, unit)


def test_negative_targets_are_met_or_not() -> None:
    cut = parse_target("下降5%")
    assert cut.is_met("-6%") and cut.is_met(-0.05) and not cut.is_met(-0.03)
    assert cut.zero  # no ratio of two change rates: met or not
    with pytest.raises(TargetError) as info:
        cut.completion(-0.03)
    assert info.value.code == "PS-T003"


def test_no_target_is_met_by_no() -> None:
    none = parse_target("否")             # 是否发生安全事故：否
    assert none.is_met("否") and none.is_met("未发生") and not none.is_met("是")
    assert none.completion("否") == 1.0 and none.completion("是") == 0.0


def test_too_many_digits_are_refused() -> None:
    with pytest.raises(TargetError) as info:
        parse_target("≥" + "9" * 30 + "%")
    assert info.value.code == "PS-T001" and "15位" in info.value.message


def test_completion_at_a_strict_bound_is_rounded_like_the_workbook() -> None:
    # 低于5% with 5%: not met, and the ratio 5% ÷ 5% is exactly 1 (the workbook formula's value).
    below = parse_target("低于5%")
    assert not below.is_met(0.05) and below.completion(0.05) == 1.0
    assert parse_target("≥3条").completion(1) == pytest.approx(1 / 3)


def test_form_problems_name_the_indicator_or_the_callers_location() -> None:
    from dataclasses import replace

    form = load_example().target_form
    rows = list(form.indicators)
    rows[8] = replace(rows[8], half_value="约95%")     # 预算执行率
    broken = replace(form, indicators=tuple(rows))
    (problem,) = broken.problems()
    assert problem.row is None and "第 9 个指标预算执行率的半年指标值" in str(problem)
    (problem,) = broken.problems(lambda index, key: {"row": 100 + index})
    assert problem.row == 108
