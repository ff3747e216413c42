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
    assert parse_target("＝0%").completion(0.05) == 0.0  # against zero: met or not
    assert parse_target("≤0%").completion(-0.02) == 1.0
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
