"""The mid-year monitoring form (部门整体预算绩效运行监控表, 绩效运行监控) as data, and its check.

Halfway through the year (DOMAIN §5, workflow 3) a unit reports how its budget and its target
form's indicators are doing. The form has:

* a header: 单位名称, 单位编码, 年度, 监控期间 (:class:`Period`, ``1-6月`` by default);
* funds (万元), rows 资金总额 / 基本支出 / 项目支出 (:class:`Funds`): 年初预算数, 调整后预算数,
  1-X月执行数, 1-X月执行率 (computed), 序时进度 (computed), 全年预计执行数, 偏差原因, 纠偏措施;
  资金总额 is 基本支出 + 项目支出;
* the target form's indicator rows, same 一级/二级/三级 in the same order
  (:meth:`MonitoringForm.from_target_form`), each with what the unit enters
  (:class:`IndicatorEntry`): 1-X月执行情况, 全年预计完成情况, 偏差原因分析 (a type of
  :data:`scoring.vocab.DEVIATION_REASONS` and a text), 完成目标可能性, 纠偏措施, 备注.

:func:`monitor` lights every row (the rules are in :mod:`scoring.lights`: configurable defaults,
not a national rule) and lists the problems (:class:`MonitoringIssue`): amber and red rows
without 偏差原因 (PS-J001) or 纠偏措施 (PS-J002), values that cannot be read (PS-V001 …), choices
that are none of the dropdown's (PS-J004), funds that do not add up (PS-G001) or are negative
(PS-G003). An indicator whose 1-X月执行情况 is blank is *未填报* (unfilled): no light, counted
apart; a row without a 三级指标, or a funds row with no 调整后预算数 to execute, is not judged.
:func:`example_monitoring` is the 2024 南京市人民政府办公厅 example with illustrative values.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

from . import vocab
from .actuals import coerce_choice, is_blank
from .errors import CODES, MonitoringError, PerfscoreError
from .example import load_example
from .forms import DEFAULT_CITY
from .lights import (LIGHT_KEYS, Light, execution_rate, fund_light, indicator_light, light_word,
                     needs_explanation)
from .normalise import characters
from .policies import DEFAULT_POLICIES, Policies
from .target_form import Funding, TargetForm, TargetIndicator
from .targets import Target, parse_target

#: Months in a year: 序时进度 = months of the period ÷ 12.
MONTHS = 12
#: The package data file of the example's illustrative monitoring values.
EXAMPLE_MONITORING_FILE = "nanjing_2024_monitoring.json"
#: Amounts that agree to the cent (万元 with two decimals) are equal.
_CENT = 0.005

_PERIOD = re.compile(
    "^1(?:{month})?(?:{range})(\\d{{1,2}}){month}(?:{suffix})?$".format(
        month=re.escape(vocab.PERIOD_MONTH),
        range="|".join(map(re.escape, vocab.PERIOD_RANGE_WORDS)),
        suffix="|".join(map(re.escape, vocab.PERIOD_SUFFIXES))))

FundKey = Literal["total", "basic", "project"]
#: The funds rows in form order (资金总额, 基本支出, 项目支出).
FUND_KEYS: tuple[FundKey, ...] = ("total", "basic", "project")
#: The amount columns of a funds row (:class:`FundEntry` attributes), in form order.
AMOUNT_KEYS: tuple[str, ...] = ("initial", "adjusted", "executed", "forecast")
#: Where a problem is: the header, the funds rows or the indicator rows.
Section = Literal["header", "funds", "indicators"]
#: How far a row got: ``lit`` (has a light), ``unfilled`` (未填报: 1-X月执行情况, or a funds
#: row's 执行数 or 调整后预算数, blank), ``unreadable`` (a value or the 半年指标值 cannot be read,
#: or an amount is negative), ``not_applicable`` (no 三级指标; no 调整后预算数 to execute).
Status = Literal["lit", "unfilled", "unreadable", "not_applicable"]


# --------------------------------------------------------------------------- the period
@dataclass(frozen=True)
class Period:
    """The monitoring period 1-``months``月 (监控期间), counted from January.

    Raises:
        MonitoringError: PS-J003 for a last month outside 1–12.
    """

    months: int = 6

    def __post_init__(self) -> None:
        """Refuse a period that is no month range of one year."""
        if not 1 <= self.months <= MONTHS:
            raise MonitoringError(vocab.MESSAGES["period_invalid"].format(
                text=vocab.PERIOD_LABEL.format(months=self.months)))

    @property
    def label(self) -> str:
        """``1-6月``: the header value and the ``{period}`` of column titles (1-6月执行数)."""
        return vocab.PERIOD_LABEL.format(months=self.months)

    @property
    def time_progress(self) -> float:
        """序时进度: the share of the year gone by, months ÷ 12 (0.5 for 1-6月)."""
        return self.months / MONTHS


#: The usual period: the first half-year.
DEFAULT_PERIOD = Period()


def parse_period(text: Any) -> Period:
    """Read a 监控期间: ``1-7月``, ``1—7月``, ``1至7月``, ``1月-7月``, ``１－７月``, ``1-7月份``.

    Raises:
        MonitoringError: PS-J003 for anything else (``3-7月``, ``1-13月``, ``上半年``, empty).
    """
    shown = "" if text is None else str(text)
    match = _PERIOD.match(characters(shown).replace(" ", ""))
    if match is None or not 1 <= int(match.group(1)) <= MONTHS:
        raise MonitoringError(vocab.MESSAGES["period_invalid"].format(text=shown[:40]),
                              text=shown[:40])
    return Period(int(match.group(1)))


def _title(template: str, period: Period) -> str:
    """A column title with its period: ``{period}执行数`` → ``1-6月执行数``."""
    return template.format(period=period.label)


# --------------------------------------------------------------------------- the form
@dataclass(frozen=True)
class FundEntry:
    """One funds row as entered (万元; None where not known, never taken as 0).

    Attributes:
        initial: 年初预算数 (the target form's 全年预算数 when built from it).
        adjusted: 调整后预算数 (carry-over included); the rate's denominator.
        executed: 1-X月执行数.
        forecast: 全年预计执行数.
        reason: 偏差原因.
        measures: 纠偏措施.
    """

    initial: float | None = None
    adjusted: float | None = None
    executed: float | None = None
    forecast: float | None = None
    reason: str = ""
    measures: str = ""


@dataclass(frozen=True)
class Funds:
    """The funds rows. 资金总额 is 基本支出 + 项目支出 (on the form, formulas): the amounts of
    :attr:`total` are what a form states, only checked against the sums (PS-G001); its
    ``reason`` and ``measures`` are the 资金总额 row's own."""

    basic: FundEntry = field(default_factory=FundEntry)
    project: FundEntry = field(default_factory=FundEntry)
    total: FundEntry = field(default_factory=FundEntry)

    @classmethod
    def from_funding(cls, funding: Funding) -> "Funds":
        """Blank rows whose 年初预算数 is the target form's 全年预算数."""
        return cls(basic=FundEntry(initial=funding.annual_basic),
                   project=FundEntry(initial=funding.annual_project))

    def row(self, key: FundKey) -> FundEntry:
        """The row ``key`` as the form shows it: 资金总额's amounts are the sums (None when a
        part is not known)."""
        if key != "total":
            return getattr(self, key)
        sums = {amount: _sum(getattr(self.basic, amount), getattr(self.project, amount))
                for amount in AMOUNT_KEYS}
        return replace(self.total, **sums)


#: The largest amount (万元) a funds cell may hold: 10^14 元, far above any budget; beyond it
#: a value is a typing error (or a trick: 1e300 ÷ 1e-300 is no execution rate).
MAX_AMOUNT = 1e10


def _sum(first: float | None, second: float | None) -> float | None:
    if first is None or second is None or not math.isfinite(first + second):
        return None
    return round(first + second, 6)


@dataclass(frozen=True)
class IndicatorEntry:
    """What a unit enters on one indicator row.

    Attributes:
        actual: 1-X月执行情况, read against the 半年指标值 (a number, ``97%``, ``6条``, ``健全``).
        forecast: 全年预计完成情况, read against the 全年指标值.
        reason_type: 偏差原因分析, its type: one of :data:`scoring.vocab.DEVIATION_REASONS`.
        reason: 偏差原因分析, its text.
        likelihood: 完成目标可能性: one of :data:`scoring.vocab.LIKELIHOODS`.
        measures: 纠偏措施.
        remarks: 备注.
    """

    actual: Any = None
    forecast: Any = None
    reason_type: str = ""
    reason: str = ""
    likelihood: str = ""
    measures: str = ""
    remarks: str = ""


@dataclass(frozen=True)
class MonitoringIndicator:
    """One indicator row: the target form's row (issued) and the unit's entry (filled)."""

    target: TargetIndicator
    entry: IndicatorEntry = field(default_factory=IndicatorEntry)


@dataclass(frozen=True)
class MonitoringForm:
    """A monitoring form: header, funds rows and indicator rows.

    Attributes:
        unit_name, unit_code, year, city: The header (as on the unit's target form).
        period: 监控期间.
        funds: The funds rows.
        indicators: The target form's indicator rows in its order, with the entries.
        illustrative: Why the entered values are not a unit's real figures (the example's
            note, for the workbook's metadata sheet); empty for a real form.
    """

    unit_name: str
    year: int
    period: Period = DEFAULT_PERIOD
    funds: Funds = field(default_factory=Funds)
    indicators: tuple[MonitoringIndicator, ...] = ()
    unit_code: str = ""
    city: str = DEFAULT_CITY
    illustrative: str = ""

    @classmethod
    def from_target_form(cls, form: TargetForm, period: Period = DEFAULT_PERIOD, *,
                         funds: Funds | None = None,
                         entries: Mapping[int, IndicatorEntry] | None = None,
                         illustrative: str = "") -> "MonitoringForm":
        """The monitoring form of a unit's target form.

        Args:
            form: The target form: header, and the indicator rows in order.
            period: 监控期间.
            funds: The funds rows; default blank rows with the 全年预算数 as 年初预算数.
            entries: What is entered, by indicator index (0-based, in ``form.indicators``);
                other rows are blank.
            illustrative: See :attr:`illustrative`.
        """
        entries = entries or {}
        return cls(unit_name=form.unit_name, year=form.year, period=period,
                   funds=funds if funds is not None else Funds.from_funding(form.funding),
                   indicators=tuple(MonitoringIndicator(row, entries.get(index, IndicatorEntry()))
                                    for index, row in enumerate(form.indicators)),
                   unit_code=form.unit_code, city=form.city, illustrative=illustrative)


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class MonitoringIssue:
    """A problem of a monitoring form, located by section, row and column.

    Attributes:
        code: A key of :data:`scoring.errors.CODES`.
        message: What is wrong, in Chinese.
        section: ``header``, ``funds`` or ``indicators``.
        index: The row within the section (0-based; funds in :data:`FUND_KEYS` order).
        field: The column: an :class:`IndicatorEntry`/:class:`FundEntry` attribute,
            ``half_value``/``full_value``.
        item: The 三级指标 or the funds row (资金总额), as people name it.
        cell: Where a workbook reader found it (``监控表!H12``); set with
            :func:`dataclasses.replace`.
    """

    code: str
    message: str
    section: Section
    index: int | None = None
    field: str = ""
    item: str = ""
    cell: str = ""

    @property
    def title(self) -> str:
        """The short Chinese title of the code."""
        return CODES[self.code]

    def to_dict(self) -> dict[str, Any]:
        """JSON shape, a superset of :meth:`scoring.framework.Issue.to_dict`."""
        data: dict[str, Any] = {"code": self.code, "title": self.title,
                                "message": self.message, "item": self.item,
                                "section": self.section, "index": self.index,
                                "field": self.field}
        if self.cell:
            data["cell"] = self.cell
        return data


def _entry_dict(entry: IndicatorEntry | FundEntry) -> dict[str, Any]:
    """An entry's fields by name: ``asdict`` of its flat fields (values as entered), without
    ``asdict``'s deep copies (the summary of a batch asks for thousands)."""
    return {name: getattr(entry, name) for name in _field_names(type(entry))}


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    return tuple(item.name for item in fields(kind))


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator row, lit."""

    index: int
    row: MonitoringIndicator
    light: Light | None
    status: Status

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: the row's names and values, its entry, light and status."""
        target = self.row.target
        return {"index": self.index, "level1": target.level1, "level2": target.level2,
                "work_item": target.work_item, "level3": target.level3,
                "half_value": target.half_value, "full_value": target.full_value,
                **_entry_dict(self.row.entry), "light": self.light, "status": self.status}


@dataclass(frozen=True)
class FundResult:
    """One funds row, lit: its amounts (资金总额's are the sums) and execution rate."""

    key: FundKey
    entry: FundEntry
    rate: float | None
    progress: float
    light: Light | None
    status: Status

    @property
    def label(self) -> str:
        """资金总额, 基本支出 or 项目支出."""
        return vocab.MONITOR_FUND_ROWS[self.key]

    def to_dict(self) -> dict[str, Any]:
        """JSON shape: the row's amounts, rate, time progress, texts, light and status."""
        return {"key": self.key, "label": self.label, **_entry_dict(self.entry), "rate": self.rate,
                "progress": self.progress, "light": self.light, "status": self.status}


def _count(lights: Iterable[Light | None]) -> dict[str, int]:
    lights = list(lights)
    return {key: lights.count(key) for key in LIGHT_KEYS}


@dataclass(frozen=True)
class MonitoringResult:
    """The lights of a whole monitoring form and its problems.

    Attributes:
        form: The form checked.
        indicators: One result per indicator row, in form order.
        funds: One result per funds row, in :data:`FUND_KEYS` order.
        issues: Every problem found.
        tolerance: The funds tolerance the lights followed.
    """

    form: MonitoringForm
    indicators: tuple[IndicatorResult, ...]
    funds: tuple[FundResult, ...]
    issues: tuple[MonitoringIssue, ...]
    tolerance: float

    @property
    def time_progress(self) -> float:
        """序时进度 of the period."""
        return self.form.period.time_progress

    @property
    def execution_rate(self) -> float | None:
        """The execution rate of 资金总额 (None when it cannot be computed)."""
        return self.fund("total").rate

    def fund(self, key: FundKey) -> FundResult:
        """The result of the funds row ``key``."""
        return next(result for result in self.funds if result.key == key)

    @property
    def indicator_lights(self) -> dict[str, int]:
        """How many indicators are green, amber and red."""
        return _count(result.light for result in self.indicators)

    @property
    def fund_lights(self) -> dict[str, int]:
        """How many funds rows are green, amber and red."""
        return _count(result.light for result in self.funds)

    @property
    def lights(self) -> dict[str, int]:
        """How many rows (indicators and funds) are green, amber and red."""
        return _count([result.light for result in self.indicators]
                      + [result.light for result in self.funds])

    @property
    def unfilled(self) -> dict[str, int]:
        """How many indicator and funds rows are not filled in yet (未填报)."""
        return {"indicators": sum(r.status == "unfilled" for r in self.indicators),
                "funds": sum(r.status == "unfilled" for r in self.funds)}

    def to_dict(self) -> dict[str, Any]:
        """JSON shape printed by ``perfscore score MONITOR.xlsx --json``."""
        form = self.form
        return {
            "form": "monitoring",
            "unit_name": form.unit_name, "unit_code": form.unit_code, "year": form.year,
            "period": form.period.label, "illustrative": form.illustrative,
            "tolerance": self.tolerance,
            "lights": self.lights,
            "indicator_lights": self.indicator_lights,
            "fund_lights": self.fund_lights,
            "unfilled": self.unfilled,
            "execution_rate": self.execution_rate,
            "time_progress": self.time_progress,
            "indicators": [result.to_dict() for result in self.indicators],
            "funds": [result.to_dict() for result in self.funds],
            "issues": [issue.to_dict() for issue in self.issues],
        }


# --------------------------------------------------------------------------- the check
class _Check:
    """One run of :func:`monitor`; collects the issues found on the way."""

    def __init__(self, form: MonitoringForm, policies: Policies) -> None:
        self.form = form
        self.policies = policies
        self.issues: list[MonitoringIssue] = []
        #: The indicator columns' titles with the form's period, for messages (once per form).
        self.labels = {key: _title(text, form.period)
                       for key, text in vocab.MONITOR_INDICATOR_COLUMNS.items()}

    def report(self, code: str, message: str, section: Section, index: int, column: str,
               item: str) -> None:
        self.issues.append(MonitoringIssue(code, message, section, index, column, item))

    def explained(self, light: Light | None, reasons: Iterable[Any], measures: Any,
                  section: Section, index: int, item: str) -> None:
        """PS-J001/PS-J002 for an amber or red row without 偏差原因 or 纠偏措施."""
        if not needs_explanation(light):
            return
        word = light_word(light)
        reasons = list(reasons)
        if all(is_blank(reason) for reason in reasons):
            self.report("PS-J001", vocab.MESSAGES["deviation_reason_missing"].format(
                item=item, light=word), section, index, "reason", item)
        if is_blank(measures):
            self.report("PS-J002", vocab.MESSAGES["deviation_measures_missing"].format(
                item=item, light=word), section, index, "measures", item)

    # ------------------------------------------------------------------ indicators
    def indicator(self, index: int, row: MonitoringIndicator) -> IndicatorResult:
        target, entry = row.target, row.entry
        item = target.level3
        if not item:
            return IndicatorResult(index, row, None, "not_applicable")
        labels = self.labels

        def value_problem(exc: PerfscoreError, column: str) -> None:
            self.report(exc.code, vocab.MESSAGES["monitor_value"].format(
                item=item, label=labels[column], message=exc.message),
                "indicators", index, column, item)

        targets: dict[str, Target | None] = {}
        for column in ("half_value", "full_value"):
            try:
                targets[column] = parse_target(getattr(target, column))
            except PerfscoreError as exc:
                targets[column] = None
                value_problem(exc, column)
        half, full = targets["half_value"], targets["full_value"]
        for column, choices in (("reason_type", vocab.DEVIATION_REASONS),
                                ("likelihood", tuple(vocab.LIKELIHOODS.values()))):
            self.choice(getattr(entry, column), choices, index, column, item, labels[column])
        if full is not None and not is_blank(entry.forecast):
            try:
                full.is_met(entry.forecast)
            except PerfscoreError as exc:
                value_problem(exc, "forecast")
        status: Status = "lit"
        if half is None:
            status = "unreadable"
        elif is_blank(entry.actual):
            status = "unfilled"
        else:
            try:
                half.is_met(entry.actual)
            except PerfscoreError as exc:
                value_problem(exc, "actual")
                status = "unreadable"
        light = indicator_light(half, full, entry.actual, entry.forecast, entry.likelihood)
        self.explained(light, (entry.reason_type, entry.reason), entry.measures,
                       "indicators", index, item)
        return IndicatorResult(index, row, light, status)

    def choice(self, value: Any, choices: tuple[str, ...], index: int, column: str, item: str,
               label: str) -> None:
        """PS-J004 for a filled dropdown cell holding none of its choices."""
        try:
            coerce_choice(value, choices)
        except PerfscoreError:
            self.report("PS-J004", vocab.MESSAGES["monitor_choice"].format(
                item=item, label=label, text=str(value)[:40],
                choices=vocab.LIST_SEPARATOR.join(choices)), "indicators", index, column, item)

    # ------------------------------------------------------------------ funds
    def funds(self) -> tuple[FundResult, ...]:
        funds, period = self.form.funds, self.form.period
        columns = {key: _title(text, period) for key, text in vocab.MONITOR_FUND_COLUMNS.items()}
        for index, key in enumerate(FUND_KEYS):
            stated, row_label = getattr(funds, key), vocab.MONITOR_FUND_ROWS[key]
            for amount in AMOUNT_KEYS:
                value = getattr(stated, amount)
                if value is not None and value < 0:
                    self.report("PS-G003", vocab.MESSAGES["funding_negative"].format(
                        label=vocab.MONITOR_AMOUNT_LABEL.format(row=row_label,
                                                                column=columns[amount])),
                        "funds", index, amount, row_label)
        total = funds.row("total")
        for amount in AMOUNT_KEYS:
            stated, summed = getattr(funds.total, amount), getattr(total, amount)
            if stated is not None and summed is not None and abs(stated - summed) > _CENT:
                self.report("PS-G001", vocab.MESSAGES["funding_total"].format(
                    label=columns[amount], stated=stated, total=summed),
                    "funds", 0, amount, vocab.MONITOR_FUND_ROWS["total"])
        return tuple(self.fund(index, key) for index, key in enumerate(FUND_KEYS))

    def fund(self, index: int, key: FundKey) -> FundResult:
        """Light a funds row; 资金总额 over a negative part is not judged either."""
        funds = self.form.funds
        entry = funds.row(key)
        parts = (funds.basic, funds.project) if key == "total" else (entry,)
        negative = any(amount is not None and amount < 0
                       for part in parts for amount in (part.executed, part.adjusted))
        progress = self.form.period.time_progress
        rate = None if negative else execution_rate(entry.executed, entry.adjusted)
        status: Status = "lit"
        if entry.executed is None or entry.adjusted is None:
            status = "unfilled"
        elif negative:
            status = "unreadable"
        elif rate is None:
            status = "not_applicable"
        light = fund_light(rate, progress, self.policies.monitor_tolerance)
        label = vocab.MONITOR_FUND_ROWS[key]
        self.explained(light, (entry.reason,), entry.measures, "funds", index, label)
        return FundResult(key, entry, rate, progress, light, status)


def monitor(form: MonitoringForm, policies: Policies = DEFAULT_POLICIES) -> MonitoringResult:
    """Light every row of a monitoring form and list its problems.

    Args:
        form: The form with what the unit entered.
        policies: Gives the funds tolerance (:attr:`~scoring.policies.Policies.monitor_tolerance`).

    Returns:
        The lights per row, their counts, the execution rate of 资金总额 against the time
        progress, and the problems (funds first, then indicators, in form order).
    """
    check = _Check(form, policies)
    funds = check.funds()
    indicators = tuple(check.indicator(index, row) for index, row in enumerate(form.indicators))
    return MonitoringResult(form, indicators, funds, tuple(check.issues),
                            policies.monitor_tolerance)


# --------------------------------------------------------------------------- the example
@lru_cache(maxsize=1)
def example_monitoring() -> MonitoringForm:
    """The 2024 南京市人民政府办公厅 example (:func:`scoring.example.load_example`) as a
    monitoring form for 1-6月, with **illustrative** values.

    The source documents publish no monitoring figures: every 1-6月 value, forecast, reason and
    measure here (``scoring/data/nanjing_2024_monitoring.json``) is made up to show each light,
    and :attr:`MonitoringForm.illustrative` says so (the workbook prints it on its metadata
    sheet). Checked by :func:`monitor`, the example has green, amber and red rows and no issues.
    """
    text = resources.files("scoring").joinpath("data", EXAMPLE_MONITORING_FILE).read_text(
        encoding="utf-8")
    data = json.loads(text)
    target = load_example().target_form
    index_of = {row.level3: index for index, row in enumerate(target.indicators) if row.level3}
    entries = {index_of[name]: IndicatorEntry(**values)
               for name, values in data["indicators"].items()}
    blank = Funds.from_funding(target.funding)
    funds = Funds(**{key: replace(getattr(blank, key), **data["funds"].get(key, {}))
                     for key in ("basic", "project", "total")})
    return MonitoringForm.from_target_form(target, parse_period(data["period"]), funds=funds,
                                           entries=entries, illustrative=data["about"]["note"])
