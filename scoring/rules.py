"""The :class:`Rule` model: what a 评价要点 text means, and the score it gives an actual value.

A rule is frozen data (kind plus parameters), built by :mod:`scoring.parse` from the text.
:meth:`Rule.score` applies DOMAIN §4 with the policies in force (a rule's own wording overrides a
policy), :meth:`Rule.explain` says it in one Chinese sentence, and :meth:`Rule.to_formula`
writes the same computation as a native spreadsheet formula (:mod:`scoring.formula`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Any

from . import vocab
from .actuals import (classify_quality, coerce_choice, coerce_items, coerce_number,
                      split_awards)
from .errors import ActualValueError
from .normalise import characters
from .policies import DEFAULT_POLICIES, Policies
from .spreadsheet_math import clamp, round15, rounddown, roundup, subtract
from .targets import Target


class RuleKind(str, Enum):
    """The scoring patterns of DOMAIN §4."""

    QUALITATIVE = "qualitative"
    THRESHOLD = "threshold"
    STEP = "step"
    PROPORTIONAL = "proportional"
    REVERSE_STEP = "reverse_step"
    BANDS = "bands"
    TIERS = "tiers"
    COUNT_PENALTY = "count_penalty"
    CHECKLIST = "checklist"
    BONUS = "bonus"
    DISCRETIONARY = "discretionary"
    RATIO_TO_TARGET = "ratio_to_target"
    VETO = "veto"


@dataclass(frozen=True)
class Band:
    """One range of a threshold or banded rule and the points it gives.

    A bound of None is open. ``low_inclusive``/``high_inclusive`` follow the wording: ``(含)``,
    以上/以下/以内 include the number, 不满/超过/低于 exclude it (DOMAIN §2).
    """

    low: float | None
    low_inclusive: bool
    high: float | None
    high_inclusive: bool
    points: float

    def contains(self, value: float) -> bool:
        """Whether ``value`` lies in the range (compared at 15 significant digits)."""
        value = round15(value)
        if self.low is not None:
            low = round15(self.low)
            if value < low or (value == low and not self.low_inclusive):
                return False
        if self.high is not None:
            high = round15(self.high)
            if value > high or (value == high and not self.high_inclusive):
                return False
        return True


@dataclass(frozen=True)
class Rule:
    """An executable scoring rule.

    Attributes:
        kind: The pattern (:class:`RuleKind`).
        points: The item's points (None only for discretionary, veto and bonus rules, whose
            cap then comes from the policies).
        text: The normalised rule text.
        percent: Whether numeric actual values are percentages.
        line: Full-points line of step rules, standard of reverse steps.
        step, step_points: ``每降低 step 扣 step_points 分`` (or ``每超过``).
        floor, floor_inclusive: ``低于F不得分`` (exclusive) / ``F以下不得分`` (inclusive).
        partial_step: The rule's own wording on partial steps (overrides the policy).
        bands: Ranges and their points (threshold and bands rules).
        tiers: (word, points) of named qualitative tiers.
        items: (label text, points) of checklist items.
        awards: (award name, amount) of bonus rules.
        bonus_aggregation: The rule's own wording on adding awards (overrides the policy).
        penalty: Points deducted per counted problem.
        penalty_cap: The most a count penalty deducts (``最多扣3分``), None for no cap.
        unit_word: The counted unit of a penalty (``处``).
        target: The indicator value of ratio-to-target and proportional rules.
        condition: The condition text of a qualitative rule.
        met, unmet: A qualitative rule's own words for met and unmet (``不超支``/``超支``).
    """

    kind: RuleKind
    points: float | None
    text: str
    percent: bool = False
    line: float | None = None
    step: float | None = None
    step_points: float | None = None
    floor: float | None = None
    floor_inclusive: bool = False
    partial_step: str | None = None
    bands: tuple[Band, ...] = ()
    tiers: tuple[tuple[str, float], ...] = ()
    items: tuple[tuple[str, float], ...] = ()
    awards: tuple[tuple[str, float], ...] = ()
    bonus_aggregation: str | None = None
    penalty: float | None = None
    penalty_cap: float | None = None
    unit_word: str | None = None
    target: Target | None = None
    condition: str | None = None
    met: str | None = None
    unmet: str | None = None

    # ----------------------------------------------------------------- inputs
    @property
    def input_kind(self) -> str:
        """What the actual-value cell holds: percent, number, count, choice, awards or score."""
        kind = self.kind
        if kind in (RuleKind.QUALITATIVE, RuleKind.TIERS, RuleKind.CHECKLIST, RuleKind.VETO):
            return "choice"
        if kind is RuleKind.COUNT_PENALTY:
            return "count"
        if kind is RuleKind.BONUS:
            return "awards"
        if kind is RuleKind.DISCRETIONARY:
            return "score"
        if kind is RuleKind.RATIO_TO_TARGET and self.target is not None:
            if self.target.kind == "qualitative":
                return "choice"
            if self.target.unit in vocab.UNITS["count"]:
                return "count"
        return "percent" if self.percent else "number"

    @property
    def choices(self) -> tuple[str, ...]:
        """Dropdown values for choice inputs (empty for numeric inputs)."""
        if self.kind is RuleKind.QUALITATIVE:
            if self.met and self.unmet:
                return (self.met, self.unmet)
            return tuple(vocab.QUALITATIVE_CHOICES.values())
        if self.kind is RuleKind.TIERS:
            return tuple(word for word, _ in self.tiers)
        if self.kind is RuleKind.CHECKLIST:
            return tuple(vocab.CIRCLED[: len(self.items)])
        if self.kind is RuleKind.VETO:
            return vocab.VETO_CHOICES
        if self.kind is RuleKind.BONUS:
            return tuple(name for name, _ in self.awards)
        if self.kind is RuleKind.RATIO_TO_TARGET and self.target and self.target.kind == "qualitative":
            word = str(self.target.value)
            return (word, vocab.CHOICE_PREFIXES["partial"] + word,
                    vocab.CHOICE_PREFIXES["not_achieved"] + word)
        return ()

    def effective_partial_step(self, policies: Policies = DEFAULT_POLICIES) -> str:
        """The partial-step treatment in force: the rule's wording, else the policy."""
        return self.partial_step or policies.partial_step

    # ----------------------------------------------------------------- scoring
    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        """The score ``actual`` earns, always within 0..points.

        Args:
            actual: The actual value (实际完成值) in any shape :mod:`scoring.actuals` reads;
                an unfilled value scores 0.
            policies: The scoring policies (DOMAIN §4).

        Raises:
            ActualValueError: The value cannot be read for this rule (PS-V001…PS-V005).
        """
        raw = _SCORERS[self.kind](self, actual, policies)
        cap = self.points
        if self.kind is RuleKind.BONUS and cap is None:
            cap = policies.bonus_cap
        return round15(clamp(raw, 0.0, cap)) + 0.0

    def vetoed(self, actual: Any) -> bool:
        """Whether a veto rule is triggered by ``actual`` (是/发生); False for other kinds."""
        return self.kind is RuleKind.VETO and classify_quality(actual) == "achieved"

    def explain(self, policies: Policies = DEFAULT_POLICIES) -> str:
        """A short Chinese sentence saying how the rule scores, naming the policy used."""
        return _EXPLAINERS[self.kind](self, policies)

    def to_formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        """A native spreadsheet formula (``=…``) computing :meth:`score` from the cell ``ref``."""
        from .formula import to_formula

        return to_formula(self, ref, policies)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able description: kind, points, text and the parameters that are set."""
        data: dict[str, Any] = {"kind": self.kind.value, "points": self.points, "text": self.text}
        for key, value in asdict(self).items():
            if key in data or value is None or value == ():
                continue
            if key == "target":
                value = {"op": self.target.op, "value": self.target.value,  # type: ignore[union-attr]
                         "unit": self.target.unit, "text": self.target.text}  # type: ignore[union-attr]
            elif key in ("tiers", "items", "awards"):
                value = [list(pair) for pair in value]
            elif key == "bands":
                value = [dict(band) for band in value]
            data[key] = value
        data["input_kind"] = self.input_kind
        return data


# --------------------------------------------------------------------- scorers
def _number(rule: Rule, actual: Any) -> float | None:
    return coerce_number(actual, percent=rule.percent)


def _steps(shortfall: float, policy: str) -> float:
    shortfall = round15(shortfall)
    if policy == "up":
        return roundup(shortfall)
    if policy == "down":
        return rounddown(shortfall)
    return shortfall


def _score_qualitative(rule: Rule, actual: Any, policies: Policies) -> float:
    quality = classify_quality(actual, met=rule.met, unmet=rule.unmet)
    if quality is None:
        return 0.0
    share = {"achieved": policies.tier_achieved, "partial": policies.tier_partial,
             "not_achieved": policies.tier_not_achieved}[quality]
    return float(rule.points or 0) * share


def _score_bands(rule: Rule, actual: Any, policies: Policies) -> float:
    value = _number(rule, actual)
    if value is None:
        return 0.0
    return max((band.points for band in rule.bands if band.contains(value)), default=0.0)


def _score_step(rule: Rule, actual: Any, policies: Policies) -> float:
    value = _number(rule, actual)
    if value is None:
        return 0.0
    points, line = float(rule.points or 0), float(rule.line or 0)
    if rule.floor is not None:
        floor, at = round15(rule.floor), round15(value)
        if at < floor or (rule.floor_inclusive and at == floor):
            return 0.0
    if round15(value) >= round15(line):
        return points
    steps = _steps(subtract(line, value) / float(rule.step or 1), rule.effective_partial_step(policies))
    return points - steps * float(rule.step_points or 0)


def _score_reverse_step(rule: Rule, actual: Any, policies: Policies) -> float:
    value = _number(rule, actual)
    if value is None:
        return 0.0
    points, line = float(rule.points or 0), float(rule.line or 0)
    if round15(value) <= round15(line):
        return points
    steps = _steps(subtract(value, line) / float(rule.step or 1), rule.effective_partial_step(policies))
    return points - steps * float(rule.step_points or 0)


def _score_proportional(rule: Rule, actual: Any, policies: Policies) -> float:
    value = _number(rule, actual)
    if value is None:
        return 0.0
    ratio = value / float(rule.target.value) if rule.target else value  # type: ignore[arg-type]
    return float(rule.points or 0) * clamp(ratio, 0.0, 1.0)


def _score_tiers(rule: Rule, actual: Any, policies: Policies) -> float:
    words = [word for word, _ in rule.tiers]
    try:
        chosen = coerce_choice(actual, words)
    except ActualValueError:
        chosen = _tier_by_quality(rule, actual)
    return dict(rule.tiers).get(chosen, 0.0) if chosen else 0.0


def _tier_by_quality(rule: Rule, actual: Any) -> str:
    """The tier an equivalent statement names (``已完善`` → ``完善``), or the original error."""
    core = min((word for word, _ in rule.tiers), key=len)
    quality = classify_quality(actual, word=core)
    ranked = sorted(rule.tiers, key=lambda tier: tier[1], reverse=True)
    index = {"achieved": 0, "partial": 1, "not_achieved": len(ranked) - 1}[quality or "not_achieved"]
    return ranked[min(index, len(ranked) - 1)][0]


def _score_count_penalty(rule: Rule, actual: Any, policies: Policies) -> float:
    count = coerce_number(actual, count=True, unit=rule.unit_word)
    if count is None:
        return 0.0
    deduction = count * float(rule.penalty or 0)
    if rule.penalty_cap is not None:
        deduction = min(deduction, rule.penalty_cap)
    return float(rule.points or 0) - deduction


def _score_checklist(rule: Rule, actual: Any, policies: Policies) -> float:
    weights = [points for _, points in rule.items]
    held = coerce_items(actual, len(weights), equal_weights=len(set(weights)) == 1)
    if held is None:
        return 0.0
    return sum(weight for weight, holds in zip(weights, held) if holds)


def _award_amount(rule: Rule, text: str) -> float:
    canonical = characters(text).replace(" ", "")
    found = [(len(name), amount) for name, amount in rule.awards if name in canonical]
    if not found:
        raise ActualValueError(vocab.MESSAGES["actual_award"].format(
            text=text, choices=vocab.LIST_SEPARATOR.join(rule.choices)), text=text)
    return max(found)[1]


def _score_bonus(rule: Rule, actual: Any, policies: Policies) -> float:
    pairs = split_awards(actual)
    if not pairs:
        return 0.0
    aggregation = rule.bonus_aggregation or policies.bonus_aggregation
    best: dict[object, float] = {}
    for index, (work, award) in enumerate(pairs):
        amount = _award_amount(rule, award)
        key: object = index if work is None or aggregation == "cumulative" else work
        best[key] = max(best.get(key, 0.0), amount)
    return sum(best.values())


def _score_discretionary(rule: Rule, actual: Any, policies: Policies) -> float:
    value = coerce_number(actual)
    if value is not None and value < 0:
        # A negative score is a typing error, not a deduction: never clamp it silently.
        raise ActualValueError(vocab.MESSAGES["score_negative"].format(text=actual),
                               code="PS-V004", text=str(actual))
    return 0.0 if value is None else value


def _score_ratio_to_target(rule: Rule, actual: Any, policies: Policies) -> float:
    assert rule.target is not None
    if rule.target.zero:
        # ＝0%/≤0%: no ratio against zero (DOMAIN §2); the rule of its own is met or not.
        return float(rule.points or 0) if rule.target.is_met(actual) else 0.0
    return float(rule.points or 0) * rule.target.completion(actual, policies)


def _score_veto(rule: Rule, actual: Any, policies: Policies) -> float:
    return 0.0 if rule.vetoed(actual) else float(rule.points or 0)


_SCORERS: dict[RuleKind, Callable[[Rule, Any, Policies], float]] = {
    RuleKind.QUALITATIVE: _score_qualitative,
    RuleKind.THRESHOLD: _score_bands,
    RuleKind.BANDS: _score_bands,
    RuleKind.STEP: _score_step,
    RuleKind.REVERSE_STEP: _score_reverse_step,
    RuleKind.PROPORTIONAL: _score_proportional,
    RuleKind.TIERS: _score_tiers,
    RuleKind.COUNT_PENALTY: _score_count_penalty,
    RuleKind.CHECKLIST: _score_checklist,
    RuleKind.BONUS: _score_bonus,
    RuleKind.DISCRETIONARY: _score_discretionary,
    RuleKind.RATIO_TO_TARGET: _score_ratio_to_target,
    RuleKind.VETO: _score_veto,
}


# ------------------------------------------------------------------ explanations
def _num(value: float | None, percent: bool) -> str:
    """A number as the rule text writes it: ``99%`` or ``2.5``."""
    if value is None:
        return ""
    return f"{round15(value * 100):g}%" if percent else f"{round15(value):g}"


def _policy_source(written: str | None, used: str, default: str) -> str:
    """Where a treatment came from: the rule text, the default policy, or the caller's own."""
    if written:
        return "text"
    return "policy" if used == default else "custom"


def _partial_text(rule: Rule, policies: Policies) -> str:
    policy = rule.effective_partial_step(policies)
    source = _policy_source(rule.partial_step, policy, DEFAULT_POLICIES.partial_step)
    return vocab.POLICY_WITH_SOURCE.format(policy=vocab.PARTIAL_STEP_TEXT[policy],
                                           source=vocab.POLICY_SOURCE_TEXT[source])


def _band_text(band: Band, percent: bool) -> str:
    words = vocab.EXPLAIN_WORDS
    low, high = _num(band.low, percent), _num(band.high, percent)
    if band.low is not None and band.high is not None:
        bound = words["range"].format(low=(words["ge"] if band.low_inclusive else words["gt"]).format(value=low),
                                      high=(words["le"] if band.high_inclusive else words["lt"]).format(value=high))
    elif band.low is not None:
        bound = (words["ge"] if band.low_inclusive else words["gt"]).format(value=low)
    else:
        bound = (words["le"] if band.high_inclusive else words["lt"]).format(value=high)
    return words["band"].format(bound=bound, points=_num(band.points, False))


def _explain_qualitative(rule: Rule, policies: Policies) -> str:
    points = float(rule.points or 0)
    return vocab.EXPLAIN["qualitative"].format(
        condition=rule.met or rule.condition or vocab.EXPLAIN_WORDS["condition_default"],
        points=_num(points, False), partial=_num(points * policies.tier_partial, False),
        partial_share=_num(policies.tier_partial, True))


def _explain_bands(rule: Rule, policies: Policies) -> str:
    positive = [band for band in rule.bands if band.points > 0]
    if rule.kind is RuleKind.THRESHOLD:
        text = _band_text(positive[0], rule.percent)
        return vocab.EXPLAIN["threshold"].format(bound=text.rsplit(vocab.CLAUSE_WORDS["gain"][0], 1)[0],
                                                 points=_num(positive[0].points, False))
    # Highest band first: where bands overlap the highest one that holds the value wins.
    ordered = sorted(positive, key=lambda band: band.points, reverse=True)
    return vocab.EXPLAIN["bands"].format(
        bands=vocab.LIST_SEPARATOR.join(_band_text(band, rule.percent) for band in ordered))


def _explain_step(rule: Rule, policies: Policies) -> str:
    floor = ""
    if rule.floor is not None:
        key = "floor_at_or_below" if rule.floor_inclusive else "floor_below"
        floor = vocab.EXPLAIN_WORDS[key].format(floor=_num(rule.floor, rule.percent))
    return vocab.EXPLAIN[rule.kind.value].format(
        line=_num(rule.line, rule.percent), points=_num(rule.points, False),
        step=_num(rule.step, rule.percent), step_points=_num(rule.step_points, False),
        partial=_partial_text(rule, policies), floor=floor)


def _explain_proportional(rule: Rule, policies: Policies) -> str:
    words = vocab.EXPLAIN_WORDS
    ratio = (words["ratio_target"].format(target=_num(float(rule.target.value), rule.percent))
             if rule.target else words["ratio_rate"])
    return vocab.EXPLAIN["proportional"].format(ratio=ratio, points=_num(rule.points, False))


def _explain_tiers(rule: Rule, policies: Policies) -> str:
    return vocab.EXPLAIN["tiers"].format(tiers=vocab.LIST_SEPARATOR.join(
        vocab.EXPLAIN_WORDS["tier"].format(word=word, points=_num(points, False))
        for word, points in rule.tiers))


def _explain_count_penalty(rule: Rule, policies: Policies) -> str:
    cap = ("" if rule.penalty_cap is None
           else vocab.EXPLAIN_WORDS["deduct_cap"].format(cap=_num(rule.penalty_cap, False)))
    return vocab.EXPLAIN["count_penalty"].format(
        points=_num(rule.points, False), penalty=_num(rule.penalty, False),
        unit=rule.unit_word or vocab.EXPLAIN_WORDS["count_unit"], cap=cap)


def _explain_checklist(rule: Rule, policies: Policies) -> str:
    items = vocab.LIST_SEPARATOR.join(
        vocab.EXPLAIN_WORDS["item"].format(label=label, text=text, points=_num(points, False))
        for label, (text, points) in zip(vocab.CIRCLED, rule.items))
    return vocab.EXPLAIN["checklist"].format(items=items, points=_num(rule.points, False))


def _explain_bonus(rule: Rule, policies: Policies) -> str:
    awards = vocab.LIST_SEPARATOR.join(
        vocab.EXPLAIN_WORDS["award"].format(award=name, points=_num(amount, False))
        for name, amount in rule.awards)
    aggregation = rule.bonus_aggregation or policies.bonus_aggregation
    source = _policy_source(rule.bonus_aggregation, aggregation,
                            DEFAULT_POLICIES.bonus_aggregation)
    cap = rule.points if rule.points is not None else policies.bonus_cap
    return vocab.EXPLAIN["bonus"].format(
        awards=awards, points=_num(cap, False),
        aggregation=vocab.POLICY_WITH_SOURCE.format(policy=vocab.BONUS_TEXT[aggregation],
                                                    source=vocab.POLICY_SOURCE_TEXT[source]))


def _explain_discretionary(rule: Rule, policies: Policies) -> str:
    if rule.points is None:
        return vocab.EXPLAIN["discretionary_free"]
    return vocab.EXPLAIN["discretionary"].format(points=_num(rule.points, False))


def _explain_ratio_to_target(rule: Rule, policies: Policies) -> str:
    assert rule.target is not None
    words, target = vocab.EXPLAIN_WORDS, rule.target
    points = _num(rule.points, False)
    if target.kind == "qualitative":
        formula = words["ratio_qual"].format(target=target.value, points=points)
    elif target.zero:
        formula = words["ratio_zero"].format(target=target.text, points=points)
    else:
        key = {"≥": "ratio_ge", ">": "ratio_ge", "≤": "ratio_le", "<": "ratio_le", "=": "ratio_eq"}
        formula = words[key[target.op]].format(points=points, target=target.text)
    return vocab.EXPLAIN["ratio_to_target"].format(formula=formula, points=points)


def _explain_veto(rule: Rule, policies: Policies) -> str:
    return vocab.EXPLAIN["veto"].format(effect=vocab.VETO_TEXT[policies.veto])


_EXPLAINERS: dict[RuleKind, Callable[[Rule, Policies], str]] = {
    RuleKind.QUALITATIVE: _explain_qualitative,
    RuleKind.THRESHOLD: _explain_bands,
    RuleKind.BANDS: _explain_bands,
    RuleKind.STEP: _explain_step,
    RuleKind.REVERSE_STEP: _explain_step,
    RuleKind.PROPORTIONAL: _explain_proportional,
    RuleKind.TIERS: _explain_tiers,
    RuleKind.COUNT_PENALTY: _explain_count_penalty,
    RuleKind.CHECKLIST: _explain_checklist,
    RuleKind.BONUS: _explain_bonus,
    RuleKind.DISCRETIONARY: _explain_discretionary,
    RuleKind.RATIO_TO_TARGET: _explain_ratio_to_target,
    RuleKind.VETO: _explain_veto,
}
