"""The mid-year monitoring form (issue #12): period, lights, problems, example, JSON shape.

The native formulas of the lights are recalculated in LibreOffice by
tests/test_monitoring_libreoffice.py; here the engine's rules and their boundaries.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest

from scoring import vocab
from scoring.errors import MonitoringError, PolicyError
from scoring.example import load_example
from scoring.lights import (execution_rate, explanation_check_formula, fund_light,
                            fund_light_formula, indicator_light, indicator_light_formula)
from scoring.monitoring import (DEFAULT_PERIOD, FUND_KEYS, FundEntry, Funds, IndicatorEntry,
                                MonitoringForm, Period, example_monitoring, monitor, parse_period)
from scoring.policies import DEFAULT_POLICIES, parse_policies, policies_text
from scoring.target_form import Funding, TargetForm, TargetIndicator

#: Excel's longest formula.
EXCEL_FORMULA_LIMIT = 8192


# --------------------------------------------------------------------------- period
@pytest.mark.parametrize("text, months", [
    ("1-6月", 6), ("1-7月", 7), ("1—7月", 7), ("1至7月", 7), ("1到9月", 9), ("1月-7月", 7),
    ("１－７月", 7), ("1～12月", 12), (" 1 - 8 月 ", 8), ("1-7月份", 7), ("1-1月", 1)])
def test_periods_are_read_in_their_spellings(text, months):
    period = parse_period(text)
    assert period == Period(months)
    assert period.label == f"1-{months}月"
    assert period.time_progress == months / 12


@pytest.mark.parametrize("text", ["3-7月", "1-13月", "1-0月", "上半年", "", None, "1-7", "7月",
                                  "1-6月底", "2024年1-6月"])
def test_other_periods_are_refused_with_a_code(text):
    with pytest.raises(MonitoringError) as info:
        parse_period(text)
    assert info.value.code == "PS-J003"
    assert "1-6月" in info.value.message


def test_a_period_beyond_twelve_months_cannot_be_made():
    with pytest.raises(MonitoringError):
        Period(13)
    assert DEFAULT_PERIOD.label == "1-6月" and DEFAULT_PERIOD.time_progress == 0.5


# --------------------------------------------------------------------------- indicator lights
@pytest.mark.parametrize("half, full, actual, forecast, likelihood, light", [
    # Percent: at, above and just below the half-year value.
    ("≥99%", "≥99%", 0.99, None, None, "green"),
    ("≥99%", "≥99%", "99.5%", None, None, "green"),
    ("≥99%", "≥99%", 0.9899, 0.99, "有可能", "amber"),
    ("≥99%", "≥99%", 0.9899, 0.99, "确定能", "amber"),
    ("≥99%", "≥99%", 0.9899, 0.99, "", "amber"),            # no word does not rule it out
    ("≥99%", "≥99%", 0.9899, 0.99, "完全不可能", "red"),
    ("≥99%", "≥99%", 0.9899, 0.98, "有可能", "red"),
    ("≥99%", "≥99%", 0.9899, None, "有可能", "red"),          # no forecast: red
    ("≥99%", "≥99%", 0.9899, "约99%", "有可能", "red"),       # unreadable forecast: red
    ("≥99%", "≥99%", None, 0.99, "有可能", None),            # 未填报
    ("≥99%", "≥99%", "  ", 0.99, "有可能", None),
    ("≥99%", "≥99%", "约95%", 0.99, "有可能", None),          # unreadable: no light
    ("≥99%", "≥99%", 95, 0.99, "有可能", None),               # PS-V003
    ("≥99%", "≥99%", -0.01, 0.99, "有可能", None),            # PS-V004
    # Count with unit, half and full values differ.
    ("≥5条", "≥10条", 5, None, None, "green"),
    ("≥5条", "≥10条", "6条", None, None, "green"),
    ("≥5条", "≥10条", "4条", "10条", "有可能", "amber"),
    ("≥5条", "≥10条", 4, 9, "有可能", "red"),
    ("≥5条", "≥10条", "4个", 10, "有可能", None),             # PS-V002
    # Qualitative.
    ("健全", "健全", "健全", None, None, "green"),
    ("健全", "健全", "已健全", None, None, "green"),
    ("健全", "健全", "是", None, None, "green"),
    ("健全", "健全", "基本健全", "健全", "有可能", "amber"),
    ("健全", "健全", "不健全", "不健全", "有可能", "red"),
    ("健全", "健全", "还行", "健全", "有可能", None),
    # Zero targets (change rates may be negative).
    ("＝0%", "＝0%", 0, None, None, "green"),
    ("≤0%", "≤0%", -0.05, None, None, "green"),
    ("≤0%", "≤0%", 0.01, -0.01, "有可能", "amber"),
    # Targets that cannot be read.
    ("", "≥99%", 0.99, None, None, None),
    ("abc", "≥99%", 0.99, None, None, None),
    ("≥99%", "abc", 0.98, 0.99, "有可能", "red"),
])
def test_indicator_lights_follow_the_rule(half, full, actual, forecast, likelihood, light):
    assert indicator_light(half, full, actual, forecast, likelihood) == light


# --------------------------------------------------------------------------- funds lights
@pytest.mark.parametrize("months", [1, 6, 7, 12])
@pytest.mark.parametrize("tolerance", [0.1, 0.05])
def test_fund_lights_at_their_boundaries(months, tolerance):
    progress = Period(months).time_progress
    lower = progress - tolerance
    assert fund_light(progress + 0.001, progress, tolerance) == "green"
    assert fund_light(progress, progress, tolerance) == "green"
    assert fund_light(progress - 1e-9, progress, tolerance) == "amber"
    assert fund_light(lower, progress, tolerance) == "amber"   # at the tolerance: amber
    assert fund_light(lower - 1e-9, progress, tolerance) == "red"
    assert fund_light(None, progress, tolerance) is None


def test_no_tolerance_leaves_green_or_red():
    assert fund_light(0.5, 0.5, 0.0) == "green"
    assert fund_light(0.4999, 0.5, 0.0) == "red"


def test_execution_rate_needs_a_budget_and_known_amounts():
    assert execution_rate(40, 100) == 0.4
    assert execution_rate(0, 100) == 0.0
    for executed, adjusted in [(None, 100), (40, None), (40, 0), (-1, 100), (40, -100)]:
        assert execution_rate(executed, adjusted) is None


# --------------------------------------------------------------------------- policies
def test_the_tolerance_is_a_setting():
    assert DEFAULT_POLICIES.monitor_tolerance == 0.10
    chosen = parse_policies("资金执行偏差容忍度=5%")
    assert chosen.monitor_tolerance == 0.05
    assert policies_text(chosen) == "monitor_tolerance=0.05"
    assert parse_policies(policies_text(chosen)) == chosen
    for bad in (-0.1, 1.5, float("nan")):
        with pytest.raises(PolicyError) as info:
            DEFAULT_POLICIES.with_(monitor_tolerance=bad)
        assert info.value.code == "PS-P001"


# --------------------------------------------------------------------------- the form
def _form(*rows: tuple[TargetIndicator, IndicatorEntry], funds: Funds | None = None
          ) -> MonitoringForm:
    target = TargetForm("测试单位", 2024, Funding(100.0, 50.0, 50.0, 20.0), unit_code="320100",
                        indicators=tuple(row for row, _ in rows))
    return MonitoringForm.from_target_form(
        target, Period(6), funds=funds, entries={i: entry for i, (_, entry) in enumerate(rows)})


RATE = TargetIndicator("履职", "重点工作", "文件办理率", "≥99%", "≥99%", work_item="公文办理工作")
COUNT = TargetIndicator("履职", "重点工作", "提交《参事建议》期数", "≥5条", "≥10条")
EMPTY = TargetIndicator("效益指标", "生态效益", "")


def test_the_form_keeps_the_target_forms_rows_and_budget():
    form = example_monitoring()
    target = load_example().target_form
    assert [row.target for row in form.indicators] == list(target.indicators)
    assert form.funds.basic.initial == 7056.22 and form.funds.project.initial == 416.44
    assert form.funds.row("total").initial == 7472.66
    blank = MonitoringForm.from_target_form(target)
    assert blank.period == DEFAULT_PERIOD and not blank.illustrative
    assert all(row.entry == IndicatorEntry() for row in blank.indicators)
    result = monitor(blank)
    assert result.lights == {"green": 0, "amber": 0, "red": 0}
    assert result.unfilled == {"indicators": 40, "funds": 3}   # 43 rows, 3 without 三级指标
    assert result.issues == ()


def test_the_example_is_illustrative_and_shows_every_light():
    form = example_monitoring()
    assert form.illustrative.startswith("示意数据")
    result = monitor(form)
    assert result.issues == ()
    for counts in (result.indicator_lights, result.fund_lights):
        assert all(counts[key] >= 1 for key in ("green", "amber", "red"))
    assert result.lights == {key: result.indicator_lights[key] + result.fund_lights[key]
                             for key in ("green", "amber", "red")}
    assert result.unfilled == {"indicators": 1, "funds": 0}
    assert result.time_progress == 0.5
    assert result.execution_rate == pytest.approx((3610.26 + 150.0) / (7120.5 + 416.44))
    assert result.fund("total").light == "amber"


def test_the_json_shape():
    data = monitor(example_monitoring()).to_dict()
    json.dumps(data, ensure_ascii=False, allow_nan=False)
    assert data["form"] == "monitoring"
    assert set(data["lights"]) == {"green", "amber", "red"}
    assert {"execution_rate", "time_progress", "indicators", "funds", "issues"} <= set(data)
    assert [row["key"] for row in data["funds"]] == list(FUND_KEYS)
    assert data["funds"][0]["label"] == "资金总额"
    row = data["indicators"][31]
    assert (row["level3"], row["half_value"], row["actual"], row["light"], row["status"]) == (
        "文件办理率", "≥99%", 0.995, "green", "lit")
    assert data["indicators"][38]["status"] == "not_applicable"


def test_amber_and_red_rows_need_a_reason_and_measures():
    result = monitor(_form(
        (RATE, IndicatorEntry(0.98, 0.99, likelihood="有可能")),                  # amber, nothing
        (RATE, IndicatorEntry(0.98, 0.98, reason_type="经费保障", measures="加快")),  # red, type
        (RATE, IndicatorEntry(0.98, 0.98, reason="人手不足")),                    # red, text
        (RATE, IndicatorEntry(0.995)),                                             # green
    ))
    found = [(i.code, i.section, i.index, i.field) for i in result.issues]
    assert found == [("PS-J001", "indicators", 0, "reason"), ("PS-J002", "indicators", 0, "measures"),
                     ("PS-J002", "indicators", 2, "measures")]
    assert result.issues[0].message == "文件办理率亮黄灯，应填写偏差原因"
    assert result.issues[0].item == "文件办理率"


def test_unreadable_values_and_choices_are_located():
    result = monitor(_form(
        (RATE, IndicatorEntry("约95%", 0.99)),
        (COUNT, IndicatorEntry("4条", "很多", reason="选题推迟", measures="加紧", likelihood="也许")),
        (RATE, IndicatorEntry(0.995, reason_type="资金")),
        (EMPTY, IndicatorEntry()),
    ))
    codes = [(i.code, i.index, i.field) for i in result.issues]
    assert codes == [("PS-V001", 0, "actual"), ("PS-J004", 1, "likelihood"),
                     ("PS-V001", 1, "forecast"), ("PS-J004", 2, "reason_type")]
    assert result.issues[0].message.startswith("文件办理率的1-6月执行情况：")
    assert "经费保障、制度保障、人员保障、硬件条件保障、其他" in result.issues[3].message
    assert [(r.light, r.status) for r in result.indicators] == [
        (None, "unreadable"), ("red", "lit"), ("green", "lit"), (None, "not_applicable")]
    assert result.issues[0].to_dict()["title"] == "无法识别的实际完成值"


def test_funds_add_up_are_not_negative_and_are_explained():
    funds = Funds(basic=FundEntry(100, 100, 48, 100),
                  project=FundEntry(50, 50, -1, 50),
                  total=FundEntry(150, 160, None, None))
    result = monitor(_form((RATE, IndicatorEntry(0.995)), funds=funds))
    codes = [(i.code, i.index, i.field) for i in result.issues]
    assert codes == [("PS-G003", 2, "executed"), ("PS-G001", 0, "adjusted"),
                     ("PS-J001", 1, "reason"), ("PS-J002", 1, "measures")]
    assert result.issues[0].message == "项目支出（1-6月执行数）为负数，应不小于 0"
    assert result.issues[1].message == "资金总额（调整后预算数）为 160，但基本支出与项目支出之和为 150"
    assert result.issues[2].message == "基本支出亮黄灯，应填写偏差原因"
    assert [(r.key, r.light, r.status) for r in result.funds] == [
        ("total", None, "unreadable"), ("basic", "amber", "lit"), ("project", None, "unreadable")]
    assert result.fund("total").entry.adjusted == 150   # the sum, not the stated 160
    assert result.execution_rate is None
    explained = monitor(_form((RATE, IndicatorEntry(0.995)), funds=replace(
        funds, project=FundEntry(50, 50, 19, 50, reason="合同约定下半年付款", measures="督促"),
        total=FundEntry())))
    assert {r.key: r.light for r in explained.funds} == {
        "total": "amber", "basic": "amber", "project": "red"}
    assert [(i.code, i.index) for i in explained.issues] == [
        ("PS-J001", 0), ("PS-J002", 0), ("PS-J001", 1), ("PS-J002", 1)]
    assert explained.execution_rate == pytest.approx(67 / 150)


def test_the_tolerance_in_force_decides_amber_or_red():
    funds = Funds(basic=FundEntry(100, 100, 45, 100, "慢", "快"), project=FundEntry(0, 0, 0, 0))
    form = _form((RATE, IndicatorEntry(0.995)), funds=funds)
    assert monitor(form).fund("basic").light == "amber"
    strict = monitor(form, DEFAULT_POLICIES.with_(monitor_tolerance=0.04))
    assert strict.fund("basic").light == "red" and strict.tolerance == 0.04
    assert strict.fund("project").status == "not_applicable"   # nothing to execute


# --------------------------------------------------------------------------- formulas
def test_formulas_fit_in_excel_and_name_their_inputs():
    for row in example_monitoring().indicators:
        formula = indicator_light_formula(row.target.half_value, row.target.full_value,
                                          "H9", "I9", "M9")
        assert len(formula) < EXCEL_FORMULA_LIMIT
        if row.target.level3:
            assert "H9" in formula and "I9" in formula and "M9" in formula
        else:
            assert formula == '=""'
    negated = indicator_light_formula("否", "否", "H9", "I9", "M9")
    assert len(negated) < EXCEL_FORMULA_LIMIT
    assert fund_light_formula("F5", "G5", 0.1) == (
        '=IF(ISNUMBER(F5),IF(F5>=G5,"绿",IF(F5>=G5-0.1,"黄","红")),"")')
    check = explanation_check_formula("K9", ["N9", "O9"], "Q9")
    assert "[PS-J001] 偏差原因未填写；" in check and "[PS-J002] 纠偏措施未填写；" in check


def test_no_word_contains_the_formula_list_separator():
    words = (vocab.YES_WORDS + vocab.NO_WORDS + vocab.PARTIAL_WORDS + vocab.QUALITY_WORDS
             + vocab.NOT_PREFIXES + vocab.PARTIAL_PREFIXES + vocab.ACHIEVED_PREFIXES)
    assert not any("|" in word for word in words)
    # The prefixed forms are told apart by their first character (target_formula relies on it).
    firsts = [{prefix[0] for prefix in group} for group in
              (vocab.NOT_PREFIXES, vocab.PARTIAL_PREFIXES, vocab.ACHIEVED_PREFIXES)]
    assert not (firsts[0] & firsts[1] or firsts[0] & firsts[2] or firsts[1] & firsts[2])


def test_the_monitoring_core_imports_only_the_standard_library():
    code = ("import sys\n"
            "import scoring.monitoring, scoring.lights, scoring.target_formula\n"
            "print(','.join(sorted(m for m in ('openpyxl', 'pandas', 'xlwings', 'numpy',"
            " 'python_calamine') if m in sys.modules)))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
