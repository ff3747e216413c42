"""Coercing actual values (实际完成值) as users type them."""

from __future__ import annotations

import pytest

from scoring.actuals import (classify_quality, coerce_choice, coerce_items, coerce_number,
                             split_awards)
from scoring.errors import ActualValueError


@pytest.mark.parametrize("actual,value", [
    (0.97, 0.97), ("97%", 0.97), ("９７％", 0.97), (" 97 % ", 0.97), ("0.97", 0.97), (1.2, 1.2),
    ("120%", 1.2), (-0.05, -0.05), ("-5%", -0.05), (None, None), ("", None), ("  ", None),
    (float("nan"), None), (10, 10.0),
])
def test_percent_values(actual, value) -> None:
    assert coerce_number(actual, percent=True) == value


@pytest.mark.parametrize("actual,code", [
    ("约95%", "PS-V001"), ("95%以上", "PS-V001"), ("九十五", "PS-V001"), (True, "PS-V001"),
    ("abc", "PS-V001"), (float("inf"), "PS-V001"),
    (95, "PS-V003"), ("95", "PS-V003"), (10.5, "PS-V003"),
    ("12条", "PS-V002"),
    ("#DIV/0!", "PS-V005"), ("#N/A", "PS-V005"), ("#NAME?", "PS-V005"), ("#VALUE!", "PS-V005"),
    ("#REF!", "PS-V005"), ("#value!", "PS-V005"),
])
def test_percent_errors(actual, code) -> None:
    with pytest.raises(ActualValueError) as info:
        coerce_number(actual, percent=True)
    assert info.value.code == code


@pytest.mark.parametrize("actual", [10 ** 400, -(10 ** 400), 10 ** 5000], ids=["1e400", "-1e400", "1e5000"])
def test_an_integer_no_cell_can_hold_is_unreadable_not_an_overflow(actual) -> None:
    """From JSON (the task pane) or a Python caller; str() of 10**5000 itself raises."""
    with pytest.raises(ActualValueError) as info:
        coerce_number(actual)
    assert info.value.code == "PS-V001" and "位的整数" in info.value.message


def test_hedged_message_says_what_is_expected() -> None:
    with pytest.raises(ActualValueError) as info:
        coerce_number("约95%", percent=True)
    assert "数值或百分比" in info.value.message


def test_counts() -> None:
    assert coerce_number("12条", count=True, unit="条") == 12.0
    assert coerce_number("１２", count=True, unit="条") == 12.0
    assert coerce_number("1,200", count=True) == 1200.0
    for actual, code in [(-1, "PS-V004"), ("-3条", "PS-V004"), ("12个", "PS-V002"),
                         ("50%", "PS-V002")]:
        with pytest.raises(ActualValueError) as info:
            coerce_number(actual, count=True, unit="条")
        assert info.value.code == code, actual


@pytest.mark.parametrize("actual,quality", [
    ("是", "achieved"), ("达成", "achieved"), ("健全", "achieved"), ("已健全", "achieved"),
    (True, "achieved"), (1, "achieved"), ("YES", "achieved"), ("基本健全", "partial"),
    ("部分达成", "partial"), ("较完善", "partial"), ("基本达成", "partial"), ("否", "not_achieved"),
    ("不健全", "not_achieved"), ("未完成", "not_achieved"), (False, "not_achieved"),
    (0, "not_achieved"), (None, None), ("", None),
])
def test_classify_quality(actual, quality) -> None:
    assert classify_quality(actual) == quality


def test_classify_quality_against_a_word_and_own_words() -> None:
    assert classify_quality("健全", word="健全") == "achieved"
    with pytest.raises(ActualValueError):
        classify_quality("合规", word="健全")
    assert classify_quality("超支", met="不超支", unmet="超支") == "not_achieved"
    assert classify_quality("不超支", met="不超支", unmet="超支") == "achieved"
    with pytest.raises(ActualValueError) as info:
        classify_quality("#N/A")
    assert info.value.code == "PS-V005"


def test_choices_items_awards() -> None:
    assert coerce_choice("基本完善", ("完善", "基本完善")) == "基本完善"
    assert coerce_choice(None, ("完善",)) is None
    with pytest.raises(ActualValueError):
        coerce_choice("很好", ("完善", "基本完善"))
    assert coerce_items("①③", 3, equal_weights=True) == (True, False, True)
    assert coerce_items("1、3", 3, equal_weights=True) == (True, False, True)
    assert coerce_items(2, 3, equal_weights=True) == (True, True, False)
    assert coerce_items(["是", "否"], 2, equal_weights=False) == (True, False)
    for bad, equal in [(4, True), (2, False), ("④", True), ("①x", True), ([True], True)]:
        with pytest.raises(ActualValueError):
            coerce_items(bad, 3, equal_weights=equal)
    assert split_awards("省级嘉奖；国务院嘉奖\n市级考核一等奖") == [
        (None, "省级嘉奖"), (None, "国务院嘉奖"), (None, "市级考核一等奖")]
    assert split_awards([("公文", "省级嘉奖")]) == [("公文", "省级嘉奖")]
    assert split_awards([]) is None and split_awards(None) is None
    with pytest.raises(ActualValueError):
        split_awards([3])
