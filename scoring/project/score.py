"""Score a project self-evaluation by convention (财预〔2020〕10号 and the local profiles).

Project indicators carry no rule text of their own: the convention scores them.

- Funds: 执行率 = 全年执行数(B) ÷ 全年预算数(A); score = 执行率 × 分值, never above 分值. A of 0 or
  blank has no rate (PS-X001): the row scores 0.
- A quantitative indicator (``≥95%``, ``≤30天``, ``=100%``, ``≥10个``; read by
  :func:`scoring.targets.parse_target`) scores its 分值 when met; when not, B ÷ A × 分值 for ≥ and =
  targets, A ÷ B × 分值 for ≤ targets (:meth:`Target.completion`); a target of 0 or below
  (``≤0%``) is met or not. Optionally (:attr:`ProjectProfile.overshoot_reduction`) an actual far
  better than its target scores 分值 × limit ÷ ratio.
- A qualitative indicator scores by tier (达成 / 部分达成 / 未达成): the 得分 the evaluator entered
  where it lies in the tier, else the tier's default share (PS-X002 when it lies outside).
- An evaluator's 得分 beside a quantitative indicator is compared with the convention (PS-X003);
  the convention counts. Where the value cannot be read the entered 得分 counts, as in
  :mod:`scoring.framework`.
- Every row score is rounded to :attr:`ProjectProfile.digits` (half up); the total is their sum,
  or, with not-applicable indicators, that sum ÷ the applicable points × 100, rounded the same way.

Like :func:`scoring.framework.evaluate`, :func:`evaluate_project` never raises on bad input: what
it cannot read becomes an :class:`~scoring.framework.Issue` on its row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, Literal

from ..actuals import classify_quality, coerce_number, is_blank
from ..errors import PerfscoreError, ProjectError, TargetError
from ..framework import Issue
from ..grading import grade
from ..normalise import characters
from ..spreadsheet_math import round15, round_half_up
from ..targets import Target, parse_target
from . import vocab
from .form import FundRow, ProjectEvaluation, ProjectIndicator
from .profiles import NATIONAL, TIERS, ProjectProfile

#: Tolerance for comparing scores and shares (they are sums of hundredths).
EPSILON = 1e-9
#: How far an entered 得分 may differ from the convention before it is reported (half a hundredth).
SCORE_TOLERANCE = 0.005

Kind = Literal["quantitative", "qualitative"]

_TIER_BY_WORD: dict[str, str] = {
    characters(word): tier for tier in TIERS for word in vocab.TIER_WORDS[tier]}


# --------------------------------------------------------------------------- locations
def fund_location(profile: ProjectProfile, key: str) -> tuple[str, str]:
    """(item, words) locating a funds row: ``funds.total`` and ``资金“年度资金总额”``."""
    label = dict(profile.fund_rows).get(key, key)
    return f"funds.{key}", vocab.LOCATIONS["fund"].format(label=label)


def indicator_location(index: int, indicator: ProjectIndicator) -> tuple[str, str]:
    """(item, words) locating an indicator row (1-based): ``indicator.3`` and ``第3个指标“…”``."""
    return f"indicator.{index}", vocab.LOCATIONS["indicator"].format(index=index, name=indicator.name)


def field_location(profile: ProjectProfile, key: str) -> tuple[str, str]:
    """(item, words) locating a text field: ``field.problems`` and ``“存在问题”``."""
    return f"field.{key}", vocab.LOCATIONS["field"].format(label=profile.label(key))


# --------------------------------------------------------------------------- reading
def read_amount(value: Any) -> float | None:
    """An amount (万元) as typed, or None when blank.

    Raises:
        ActualValueError: PS-V001 for a text that is no number; PS-X005 for a negative amount.
    """
    number = coerce_number(value, unit="万元")
    if number is not None and number < 0:
        raise ProjectError(vocab.MESSAGES["amount_negative"].format(value=value), code="PS-X005")
    return number


def read_points(value: Any) -> float:
    """A 分值 as typed.

    Raises:
        ProjectError: PS-X005 for a blank, negative, non-finite or non-numeric 分值.
    """
    try:
        points = float(characters(str(value)).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        points = math.nan
    if not math.isfinite(points) or points < 0:
        raise ProjectError(vocab.MESSAGES["points_bad"].format(value=value), code="PS-X005")
    return points


def read_target(indicator: ProjectIndicator) -> Target | None:
    """The quantitative target of an indicator, or None for a qualitative one.

    A target that reads as a quality word (``健全``) or does not read at all and holds no digit
    (``效果明显``, ``达成预期指标``, ``符合相关规定``) is qualitative: it is scored by tier.

    Raises:
        TargetError: PS-T001/PS-T002 for a target with digits that cannot be read (``≥≥5``) or an
            empty one.
    """
    if indicator.three_columns:
        target = parse_target(op=indicator.nature or None, value=indicator.target,
                              unit=indicator.unit or None)
    else:
        try:
            target = parse_target(indicator.target)
        except TargetError:
            if is_blank(indicator.target) or any(ch.isdigit() for ch in characters(str(indicator.target))):
                raise
            return None
    return target if target.kind == "quantitative" else None


def _number_text(value: Any) -> str:
    """A number as a cell shows it in text (``95.0`` → ``95``, ``12.5``), other values as typed."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        return f"{value:.15g}"
    return "" if value is None else str(value)


def target_text(indicator: ProjectIndicator) -> str:
    """The indicator's 指标值 as one text: the three-column shape joined (``≥`` | ``95`` | ``%`` →
    ``≥95%``), else the 指标值 as typed; what the form's checksum and messages use, so a 四川 copy
    and a one-cell copy of the same indicator read alike."""
    if indicator.three_columns:
        return "".join(_number_text(part).strip() for part in
                       (indicator.nature, indicator.target, indicator.unit))
    return "" if indicator.target is None else str(indicator.target)


def in_three_columns(indicator: ProjectIndicator) -> ProjectIndicator:
    """The indicator as a form of three target columns (四川: 指标性质 | 指标值 | 度量单位) holds it:
    a one-cell quantitative 指标值 of one of :data:`vocab.NATURES` is split (``≥95%`` → ``≥``, 95,
    ``%``) with :func:`scoring.targets.parse_target`; anything that would not join back to the
    same text (``>90%``, ``下降5%``, ``≥1,000万元``, ``效果明显``, an unreadable value) stays one
    text in 指标值, which the engine reads as it reads the national form.
    """
    if indicator.three_columns or is_blank(indicator.target):
        return indicator
    try:
        target = parse_target(indicator.target)
    except PerfscoreError:
        return indicator
    if target.kind != "quantitative" or target.op not in vocab.NATURES:
        return indicator
    number = Decimal(repr(float(target.value))) * (100 if target.percent else 1)
    value: float | int = int(number) if number == number.to_integral_value() else float(number)
    split = replace(indicator, nature=target.op, target=value, unit=target.unit or "")
    return split if target_text(split) == str(indicator.target).strip() else indicator


def execution_rate(budget: float | None, executed: float | None) -> float:
    """执行率 = B ÷ A, uncapped (the review checks report a rate above 100%).

    Raises:
        ProjectError: PS-X001 when A is blank or 0 (no rate can be taken).
    """
    if budget is None or budget <= 0:
        raise ProjectError(vocab.MESSAGES["budget_zero"], code="PS-X001")
    return round15((executed or 0.0) / budget)


def fund_score(rate: float, points: float, digits: int = 2) -> float:
    """执行率 × 分值, never above 分值 nor below 0, rounded half up to ``digits``."""
    return round_half_up(min(max(rate, 0.0), 1.0) * points, digits)


def overshoot_ratio(target: Target, number: float) -> float | None:
    """How many times better than its target an actual is: B ÷ A for ≥/> targets, A ÷ B for ≤/<
    targets; None for ``=`` and zero targets, which cannot be exceeded in the good direction, and
    for an actual of 0 against a ≤ target (0 complaints against ≤5 is met, not a ratio: no
    reduction and no review finding can rest on a division by zero)."""
    if target.zero or target.op == "=":
        return None
    value = float(target.value)
    if target.op in ("≥", ">"):
        return round15(number / value)
    return None if number <= 0 else round15(value / number)


def quantitative_score(target: Target, actual: Any, points: float,
                       profile: ProjectProfile = NATIONAL) -> tuple[float, float | None, bool]:
    """The score of a quantitative indicator, unrounded.

    Returns:
        (score, overshoot ratio or None, whether the too-low-target reduction applied).

    Raises:
        ActualValueError: The actual value cannot be read for the target (PS-V001 …).
    """
    number = target.actual_number(actual)
    if number is None:
        return 0.0, None, False
    if target.zero:
        return (points if target.is_met(actual) else 0.0), None, False
    score = target.completion(actual) * points
    ratio = overshoot_ratio(target, number)
    if profile.overshoot_reduction and ratio is not None and ratio > profile.overshoot_limit:
        return points * profile.overshoot_limit / ratio, ratio, True
    return score, ratio, False


def quality_tier(indicator: ProjectIndicator, target: Target | None = None) -> str | None:
    """The tier (``achieved``, ``partial``, ``not_achieved``) a qualitative 实际完成值 states, or
    None when blank. The project's tier words first (:data:`vocab.TIER_WORDS`), then the quality
    words of :func:`scoring.actuals.classify_quality` (``健全``/``基本健全``/``不健全``).

    Raises:
        ActualValueError: PS-V001 for a statement of no tier.
    """
    actual = indicator.actual
    if is_blank(actual):
        return None
    tier = _TIER_BY_WORD.get(characters(str(actual)).replace(" ", ""))
    if tier is not None:
        return tier
    if target is None:
        try:
            parsed = parse_target(indicator.target)
        except PerfscoreError:
            parsed = None
        target = parsed if parsed is not None and parsed.kind == "qualitative" else None
    if target is not None and target.negated:
        quality = classify_quality(actual)
        return {"achieved": "not_achieved", "not_achieved": "achieved"}.get(quality or "", quality)
    return classify_quality(actual, word=None if target is None else str(target.value))


def in_tier(profile: ProjectProfile, tier: str, share: float) -> bool:
    """Whether a share of 分值 lies in ``tier`` (its low bound in, its high bound only for 达成)."""
    low, high = profile.tier_range(tier)
    share = round15(share)
    return low - EPSILON <= share and (share <= high + EPSILON if tier == "achieved"
                                       else share < high - EPSILON)


# --------------------------------------------------------------------------- results
@dataclass(frozen=True)
class FundResult:
    """One funds row scored.

    Attributes:
        key, label: The row (``total`` / 年度资金总额).
        budget, executed: A and B as read (None when blank or unreadable).
        rate: 执行率 B ÷ A, uncapped; None without a positive A.
        points: 分值 (the total row only).
        score: 得分 (the total row only).
        lost: 分值 − 得分.
        reason_required: The rate is below the profile's :attr:`~ProjectProfile.fund_reason_below`.
    """

    key: str
    label: str
    budget: float | None
    executed: float | None
    rate: float | None
    points: float | None = None
    score: float | None = None
    lost: float = 0.0
    reason_required: bool = False


@dataclass(frozen=True)
class IndicatorResult:
    """One indicator row scored.

    Attributes:
        index: Position in the form, from 1.
        name: 三级指标.
        block: 一级指标 as the form prints it.
        kind: ``quantitative`` or ``qualitative`` (None when the target cannot be read).
        tier: The qualitative tier the actual states, where qualitative.
        points: 分值 (0 when unreadable).
        computed: The convention's score (None when it cannot be computed).
        entered: The evaluator's 得分, where entered.
        final: The 得分 that counts.
        lost: 分值 − final.
        ratio: How many times better than the target the actual is (≥ targets B ÷ A, ≤ targets
            A ÷ B), where one can be taken.
        reduced: The too-low-target reduction applied.
        reason_required: Points were lost, so a 偏差原因分析 is due.
        not_applicable: Marked 不适用.
        unread: What was typed (an 实际完成值, or a 指标值 that does not read) could not be scored
            by convention, so ``final`` is the evaluator's 得分: the form's 提示 says so.
    """

    index: int
    name: str
    block: str
    kind: Kind | None
    tier: str | None
    points: float
    computed: float | None
    entered: float | None
    final: float
    lost: float = 0.0
    ratio: float | None = None
    reduced: bool = False
    reason_required: bool = False
    not_applicable: bool = False
    unread: bool = False


@dataclass(frozen=True)
class ProjectResult:
    """A project self-evaluation scored.

    Attributes:
        funds: Each funds row, in the profile's order.
        indicators: Each indicator row, in form order.
        raw: Funds score plus indicator scores, before rescaling.
        applicable_points: The points of what applies (100 without not-applicable indicators).
        total: The total score out of :attr:`ProjectProfile.total_points`.
        grade: 优秀 / 良好 / 中 / 差 by the profile's bands.
        issues: What could not be read or was corrected (PS-X00x, PS-V…, PS-T…).
    """

    funds: tuple[FundResult, ...]
    indicators: tuple[IndicatorResult, ...]
    raw: float
    applicable_points: float
    total: float
    grade: str
    issues: tuple[Issue, ...]

    @property
    def lost_rows(self) -> list[FundResult | IndicatorResult]:
        """The rows that lost points, funds first."""
        rows: list[FundResult | IndicatorResult] = [row for row in self.funds if row.lost > EPSILON]
        return rows + [row for row in self.indicators if row.lost > EPSILON]

    def to_dict(self) -> dict[str, Any]:
        """JSON shape for the CLI and the batch summary."""
        return {"total": self.total, "grade": self.grade, "raw": self.raw,
                "applicable_points": self.applicable_points,
                "funds": [dict(row.__dict__) for row in self.funds],
                "indicators": [dict(row.__dict__) for row in self.indicators],
                "issues": [issue.to_dict() for issue in self.issues]}


# --------------------------------------------------------------------------- evaluation
class _Scoring:
    """One run of :func:`evaluate_project`; collects the issues found on the way."""

    def __init__(self, evaluation: ProjectEvaluation, profile: ProjectProfile) -> None:
        self.evaluation = evaluation
        self.profile = profile
        self.issues: list[Issue] = []

    def report(self, code: str, item: str, key: str, **fields: Any) -> None:
        self.issues.append(Issue(code, vocab.MESSAGES[key].format(**fields), item))

    def amount(self, row: FundRow, column: str, item: str, where: str) -> float | None:
        value = getattr(row, column)
        try:
            return read_amount(value)
        except ProjectError:
            self.report("PS-X005", item, "budget_negative", where=where,
                        field=self.profile.label(column), value=value)
        except PerfscoreError:
            self.report("PS-X005", item, "amount_unreadable", where=where,
                        field=self.profile.label(column), value=value)
        return None

    def fund(self, key: str, label: str, total: bool) -> FundResult:
        profile = self.profile
        item, where = fund_location(profile, key)
        row = self.evaluation.funds.get(key, FundRow())
        budget = self.amount(row, "budget", item, where)
        executed = self.amount(row, "executed", item, where)
        rate = execution_rate(budget, executed) if budget else None
        if not total:
            return FundResult(key, label, budget, executed, rate)
        points = profile.fund_points
        if rate is None:
            self.report("PS-X001", item, "budget_missing", where=where, budget=profile.label("budget"))
            score = 0.0
        else:
            score = fund_score(rate, points, profile.digits)
        lost = round15(points - score)
        required = (profile.fund_reason_below is not None and rate is not None
                    and rate < profile.fund_reason_below - EPSILON)
        return FundResult(key, label, budget, executed, rate, points, score, lost, required)

    def indicator(self, index: int, indicator: ProjectIndicator) -> IndicatorResult:
        profile = self.profile
        item, where = indicator_location(index, indicator)
        try:
            points = read_points(indicator.points)
        except ProjectError:
            self.report("PS-X005", item, "points_invalid", where=where, value=indicator.points)
            points = 0.0
        entered = self.entered(indicator, item, where)
        if indicator.not_applicable:
            return IndicatorResult(index, indicator.name, indicator.level1, None, None, points,
                                   None, entered, 0.0, not_applicable=True)
        kind: Kind | None = None
        tier = None
        computed: float | None = None
        ratio = None
        reduced = False
        try:
            target = read_target(indicator)
            kind = "qualitative" if target is None else "quantitative"
            if target is None:
                tier = quality_tier(indicator)
            elif not is_blank(indicator.actual):
                computed, ratio, reduced = quantitative_score(target, indicator.actual, points, profile)
        except PerfscoreError as exc:
            key = "target_unreadable" if exc.code.startswith("PS-T") else "actual_unreadable"
            self.issues.append(Issue(exc.code, vocab.MESSAGES[key].format(
                where=where, message=exc.message), item))
        final = self.final(kind, tier, points, computed, entered, item, where, indicator)
        if computed is not None:
            computed = round_half_up(computed, profile.digits)
        if reduced:
            self.report("PS-X006", item, "reduced", where=where, ratio=ratio,
                        limit=profile.overshoot_limit, score=final)
        lost = round15(points - final)
        # The evaluator's score counts because something typed did not read, not because nothing
        # was typed yet (a blank 实际完成值 is PS-F008, no 提示).
        by_evaluator = computed is None and not (kind == "qualitative" and tier is not None)
        unread = by_evaluator and (not is_blank(indicator.actual) or (
            kind is None and not is_blank(target_text(indicator))))
        return IndicatorResult(index, indicator.name, indicator.level1, kind, tier, points, computed,
                               entered, final, lost, ratio, reduced, lost > EPSILON, unread=unread)

    def entered(self, indicator: ProjectIndicator, item: str, where: str) -> float | None:
        """The evaluator's 得分, or None when blank or unreadable (PS-X005)."""
        if is_blank(indicator.score):
            return None
        try:
            return read_points(indicator.score)
        except ProjectError:
            self.report("PS-X005", item, "points_invalid", where=where, value=indicator.score)
            return None

    def final(self, kind: Kind | None, tier: str | None, points: float, computed: float | None,
              entered: float | None, item: str, where: str, indicator: ProjectIndicator) -> float:
        """The 得分 that counts for an indicator row, rounded."""
        profile = self.profile
        digits = profile.digits
        if kind == "qualitative" and tier is not None:
            default = round_half_up(profile.tier_default(tier) * points, digits)
            if entered is None:
                return default
            if points > 0 and in_tier(profile, tier, entered / points):
                return round_half_up(entered, digits)
            low, high = profile.tier_range(tier)
            self.report("PS-X002", item, "tier_score_outside", where=where,
                        tier=vocab.TIER_NAMES[tier], low=low * points, high=high * points,
                        score=entered, default=default)
            return default
        if computed is not None:
            rounded = round_half_up(computed, digits)
            if entered is not None and abs(entered - rounded) > SCORE_TOLERANCE:
                self.report("PS-X003", item, "score_differs", where=where, entered=entered,
                            computed=rounded)
            return rounded
        if is_blank(indicator.actual) and not any(issue.item == item for issue in self.issues):
            self.issues.append(Issue("PS-F008", vocab.MESSAGES["actual_missing"].format(
                where=where, actual=profile.label("actual")), item))
        return round_half_up(min(max(entered or 0.0, 0.0), points), digits)

    def run(self) -> ProjectResult:
        profile = self.profile
        funds = tuple(self.fund(key, label, position == 0)
                      for position, (key, label) in enumerate(profile.fund_rows))
        indicators = tuple(self.indicator(index, indicator)
                           for index, indicator in enumerate(self.evaluation.indicators, start=1))
        fund_points = profile.fund_points
        all_points = round15(fund_points + sum(row.points for row in indicators))
        if abs(all_points - profile.total_points) > EPSILON:
            self.report("PS-X004", "", "points_total", funds=fund_points,
                        indicators=round15(all_points - fund_points), total=all_points,
                        expected=profile.total_points)
        raw = round15(sum(row.score or 0.0 for row in funds)
                      + sum(row.final for row in indicators if not row.not_applicable))
        applicable = round15(fund_points + sum(row.points for row in indicators
                                               if not row.not_applicable))
        if any(row.not_applicable for row in indicators):
            if applicable <= EPSILON:
                self.report("PS-X007", "", "all_not_applicable")
                total = 0.0
            else:
                total = round_half_up(raw * profile.total_points / applicable, profile.digits)
        else:
            total = round_half_up(raw, profile.digits)
        total = min(max(total, 0.0), profile.total_points)
        return ProjectResult(funds, indicators, raw, applicable, total,
                             grade(total, profile.grade_bands), tuple(self.issues))


def score_indicator(target: Any, actual: Any, points: Any, score: Any = None,
                    profile: ProjectProfile = NATIONAL) -> IndicatorResult:
    """One indicator row scored exactly as :func:`evaluate_project` scores it in a form: the
    add-in's ``PERF_PROJECT_SCORE`` for a single row of the worksheet.

    Args:
        target: 年度指标值 as typed (``≥95%``, ``≤30天``, ``效果明显``).
        actual: 实际完成值 as typed (``98%``, ``40天``, ``部分达成预期指标并具有一定效果``).
        points: 分值.
        score: The evaluator's 得分, where entered (qualitative tiers, unreadable values).
        profile: The conventions (tier cuts and defaults, digits).

    Returns:
        The row's :class:`IndicatorResult`; its ``final`` is the 得分 that counts.
    """
    indicator = ProjectIndicator("", "", "", target, actual, points, score=score)
    return _Scoring(ProjectEvaluation("", indicators=(indicator,)), profile).indicator(1, indicator)


def score_funds(budget: Any, executed: Any, points: Any = None,
                profile: ProjectProfile = NATIONAL) -> FundResult:
    """The 年度资金总额 row scored exactly as :func:`evaluate_project` scores it: the add-in's
    ``PERF_EXECUTION``.

    Args:
        budget: 全年预算数(A) as typed (万元).
        executed: 全年执行数(B) as typed.
        points: 分值; blank for the profile's (:attr:`ProjectProfile.fund_points`).
        profile: The conventions (funds 分值, digits, the reason-required threshold).

    Returns:
        The row's :class:`FundResult`; its ``score`` is 执行率 × 分值, capped, 0 without a rate.

    Raises:
        ProjectError: PS-X005 for a 分值 that is not a number of at least 0.
    """
    if not is_blank(points):
        profile = profile.with_(fund_points=read_points(points))
    key, label = profile.fund_rows[0]
    return _Scoring(ProjectEvaluation("", funds={key: FundRow(None, budget, executed)}),
                    profile).fund(key, label, True)


def evaluate_project(evaluation: ProjectEvaluation,
                     profile: ProjectProfile = NATIONAL) -> ProjectResult:
    """Score a project self-evaluation by the conventions of ``profile``.

    Args:
        evaluation: The filled-in form.
        profile: The copy of the form and its conventions (财预〔2020〕10号 by default).

    Returns:
        The :class:`ProjectResult`; what cannot be read is an issue on its row, never raised.
    """
    return _Scoring(evaluation, profile).run()
