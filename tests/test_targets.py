"""Indicator values (指标值): reading, meeting and completion (DOMAIN §2)."""

from __future__ import annotations

import pytest

from scoring.errors import ActualValueError, TargetError
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


def test_completion_is_one_only_when_met() -> None:
    below = parse_target("不满60%")          # < 60%: 60% itself is not met (不满 excludes it)
    assert not below.is_met("60%") and below.completion("60%") < 1.0
    assert below.completion("50%") == 1.0 and below.completion("75%") == pytest.approx(0.8)
    above = parse_target("超过90%")          # > 90%
    assert not above.is_met("90%") and above.completion("90%") < 1.0
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
