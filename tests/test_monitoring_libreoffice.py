"""The monitoring form's native light formulas agree with the engine in LibreOffice (issue #12).

One workbook, three sheets, recalculated once in headless LibreOffice:

* ``indicators``: the light formula of a row (:func:`scoring.lights.indicator_light_formula`) for
  percent, count-with-unit, zero, money and qualitative targets, at each rule's boundaries (just
  below, at and above the half-year value; forecasts meeting or not the full-year value; every
  likelihood word) and every spelling of a quality word the engine reads, or refuses;
* ``funds``: the execution rate and the funds light, the rate just above, at and below the time
  progress and at progress − tolerance, for several periods and tolerances;
* ``checks``: the PS-J001/PS-J002 check cell beside live lights.

Every recalculated light must equal :func:`scoring.lights.indicator_light` /
:func:`~scoring.lights.fund_light`, and every check what :func:`scoring.monitoring.monitor` reports.
"""

from __future__ import annotations

from typing import Any

import pytest

from scoring import vocab
from scoring.lights import (Light, execution_rate, execution_rate_formula,
                            explanation_check_formula, fund_light, fund_light_formula,
                            indicator_light, indicator_light_formula)
from scoring.monitoring import (FundEntry, Funds, IndicatorEntry, MonitoringForm, Period,
                                monitor)
from scoring.target_form import Funding, TargetForm, TargetIndicator
from scoring.targets import parse_target

openpyxl = pytest.importorskip("openpyxl")
python_calamine = pytest.importorskip("python_calamine")

WORDS = {light: word for light, word in vocab.LIGHTS.items()}
LIKELIHOODS = [None, *vocab.LIKELIHOODS.values(), " 完全不可能 ", "也许"]
#: Values no target reads, or that only some read.
ODD = [None, "", "  ", "约95%", "95%以上", "abc", "#N/A", "是|否", True, False, 2, 0.5, "是", "健全"]


def _near(value: float) -> list[float]:
    """A number, and just and clearly below and above it."""
    return [value - 0.01, value - 1e-9, value, value + 1e-9, value + 0.01]


#: (半年指标值, 全年指标值, extra actual values typed as the form's users type them).
NUMERIC = [
    ("≥99%", "≥99%", ["99%", "98%", "99.5%", "97", "0.99", 95, 100, -0.01, "5%"]),
    ("超过90%", "超过90%", ["90%", "90.1%"]),
    ("≤100%", "≤100%", ["100%", "101%", 1.2, -0.01]),
    ("＝0%", "＝0%", ["0%", "-1%", -0.05, 0.01]),
    ("≤0%", "≤-5%", ["-5%", "-6%", -0.06]),
    ("≥5条", "≥10条", ["5条", "4条", "6条", "10条", "6个", "5%", "6 条", -1, "-1条", 4.5]),
    ("≥1000万元", "≥1000万元", ["1000万元", "999万元", "1000", -5]),
]
QUALITATIVE = ["健全", "否"]


def _spellings(target: str) -> list[Any]:
    """Every statement the engine's quality reading considers for ``target``, and some odd."""
    read = parse_target(target)
    rests = vocab.YES_WORDS + ((target,) if not read.negated else vocab.QUALITY_WORDS)
    prefixes = vocab.NOT_PREFIXES + vocab.PARTIAL_PREFIXES + vocab.ACHIEVED_PREFIXES
    words = (list(vocab.YES_WORDS + vocab.NO_WORDS + vocab.PARTIAL_WORDS + rests)
             + [prefix + rest for prefix in prefixes for rest in rests]
             + ["Y", "TRUE", "不够是", "均已完成", "已经", "合规", "不合规", "健 全", 0, 1])
    return list(dict.fromkeys(words)) + ODD


def _indicator_cases() -> list[tuple[str, str, Any, Any, Any]]:
    """(half, full, actual, forecast, likelihood) across every rule boundary."""
    cases: list[tuple[str, str, Any, Any, Any]] = []
    for half, full, typed in NUMERIC:
        h, f = float(parse_target(half).value), float(parse_target(full).value)
        below_half = h - 0.01
        for actual in _near(h) + typed + ODD:
            cases.append((half, full, actual, f, "有可能"))
        for forecast in _near(f) + typed + [None, "约99%"]:
            for likelihood in LIKELIHOODS:
                cases.append((half, full, below_half, forecast, likelihood))
    for word in QUALITATIVE:
        spellings = _spellings(word)
        unmet = "是" if word == "否" else "不" + word
        for value in spellings:
            cases.append((word, word, value, word, "有可能"))       # the actual, against 半年
            cases.append((word, word, unmet, value, "有可能"))      # the forecast, against 全年
        for likelihood in LIKELIHOODS:
            cases.append((word, word, unmet, word, likelihood))
    cases += [("abc", "≥99%", 0.99, 0.99, None), ("≥99%", "", 0.98, 0.99, "有可能")]
    return cases


def _fund_cases() -> list[tuple[float, float, float | None]]:
    """(progress, tolerance, rate) at the funds rule's boundaries."""
    cases: list[tuple[float, float, float | None]] = []
    for months in (1, 6, 7, 12):
        progress = Period(months).time_progress
        for tolerance in (0.1, 0.05, 0.0):
            lower = progress - tolerance
            for rate in (progress + 0.001, progress, progress - 1e-9, lower + 1e-9, lower,
                         lower - 1e-9, 0.0, None):
                cases.append((progress, tolerance, rate))
    return cases


AMOUNTS: list[tuple[float | None, float | None]] = [
    (50, 100), (40, 100), (39.99, 100), (0, 100), (3760.26, 7536.94), (3014.78, 7536.94),
    (None, 100), (40, None), (40, 0), (-1, 100), (40, -100)]


def _light(value: Any) -> Light | None:
    """A recalculated light cell as the engine's key."""
    if value in (None, ""):
        return None
    return next(light for light, word in WORDS.items() if word == value)


def _check_form() -> MonitoringForm:
    """Rows whose lights need (or not) 偏差原因 and 纠偏措施."""
    row = TargetIndicator("履职", "重点工作", "文件办理率", "≥99%", "≥99%")
    entries = [
        IndicatorEntry(0.98, 0.99, likelihood="有可能"),
        IndicatorEntry(0.98, 0.98, reason_type="经费保障"),
        IndicatorEntry(0.98, 0.98, reason="人手不足", measures="增派人员"),
        IndicatorEntry(0.98, 0.99, reason=" ", measures="  "),
        IndicatorEntry(0.995),
        IndicatorEntry(None),
    ]
    target = TargetForm("测试单位", 2024, Funding(1.0, 1.0, 0.5, 0.5),
                        indicators=(row,) * len(entries))
    return MonitoringForm.from_target_form(target, entries=dict(enumerate(entries)),
                                           funds=Funds(FundEntry(1, 1, 1, 1), FundEntry(1, 1, 1, 1)))


@pytest.mark.libreoffice
def test_light_formulas_agree_with_the_engine_in_libreoffice(tmp_path) -> None:
    from scoring.workbook.libreoffice import recalculate

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "indicators"
    indicator_cases = _indicator_cases()
    for r, (half, full, actual, forecast, likelihood) in enumerate(indicator_cases, start=1):
        for column, value in enumerate((actual, forecast, likelihood), start=1):
            sheet.cell(r, column, value)
        sheet.cell(r, 4, indicator_light_formula(half, full, f"A{r}", f"B{r}", f"C{r}"))
    funds = book.create_sheet("funds")
    fund_cases = _fund_cases()
    for r, (progress, tolerance, rate) in enumerate(fund_cases, start=1):
        funds.cell(r, 1, rate)
        funds.cell(r, 2, progress)
        funds.cell(r, 3, fund_light_formula(f"A{r}", f"B{r}", tolerance))
    first = len(fund_cases) + 1
    for r, (executed, adjusted) in enumerate(AMOUNTS, start=first):
        funds.cell(r, 4, executed)
        funds.cell(r, 5, adjusted)
        funds.cell(r, 6, execution_rate_formula(f"D{r}", f"E{r}"))
        funds.cell(r, 2, 0.5)
        funds.cell(r, 3, fund_light_formula(f"F{r}", f"B{r}", 0.1))
    checks = book.create_sheet("checks")
    form = _check_form()
    for r, row in enumerate(form.indicators, start=1):
        entry = row.entry
        values = (entry.actual, entry.forecast, entry.likelihood, None, entry.reason_type,
                  entry.reason, entry.measures)
        for column, value in enumerate(values, start=1):
            checks.cell(r, column, value)
        checks.cell(r, 4, indicator_light_formula(row.target.half_value, row.target.full_value,
                                                  f"A{r}", f"B{r}", f"C{r}"))
        checks.cell(r, 8, explanation_check_formula(f"D{r}", [f"E{r}", f"F{r}"], f"G{r}"))
    source = tmp_path / "in" / "monitoring.xlsx"
    source.parent.mkdir()
    book.save(source)
    (output,) = recalculate([source], tmp_path / "out", timeout=300)
    result = python_calamine.CalamineWorkbook.from_path(str(output))

    values = result.get_sheet_by_name("indicators").to_python()
    mismatches = []
    for index, case in enumerate(indicator_cases):
        want, got = indicator_light(*case), _light(values[index][3])
        if want != got:
            mismatches.append((case, want, got))
    assert not mismatches, f"{len(mismatches)} of {len(indicator_cases)}: {mismatches[:20]}"
    assert len(indicator_cases) > 2000

    values = result.get_sheet_by_name("funds").to_python()
    for index, (progress, tolerance, rate) in enumerate(fund_cases):
        assert _light(values[index][2]) == fund_light(rate, progress, tolerance), (
            progress, tolerance, rate)
    for index, (executed, adjusted) in enumerate(AMOUNTS, start=len(fund_cases)):
        rate = execution_rate(executed, adjusted)
        got = values[index][5]
        assert (got in (None, "")) if rate is None else got == pytest.approx(rate, abs=1e-15)
        assert _light(values[index][2]) == fund_light(rate, 0.5, 0.1), (executed, adjusted)

    values = result.get_sheet_by_name("checks").to_python()
    issues = monitor(form).issues
    for index, row in enumerate(form.indicators):
        want = "".join(vocab.MONITOR_CHECK.format(code=issue.code, title=issue.title)
                       for issue in issues if issue.index == index and issue.section == "indicators")
        assert (values[index][7] or "") == want, (row.entry, values[index])
