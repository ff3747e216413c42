"""The kinds of rule parts: each kind's scorer, notation, native formula, input kind and
accepted answers side by side, one class per kind, listed in :data:`KINDS`.

A :class:`~scoring.rules.Rule` is made of parts. A part reads one input value (its *slot*; parts
of one measure share a slot) and says how it scores:

- ``award`` parts give 0 … their points (a threshold, tiers, a step rule, a checklist …);
- ``deduct`` parts take 0 … their points off the rule's base (``每发现1处扣0.5分，最多扣6分``);
- ``bonus`` parts add 0 … their points on top (``有正面批示的，1个加1分，最多加2分``);
- ``adjust`` parts add or take a band's amount (``达90%以上加5分，达不到90%扣2分``);
- ``gate`` parts zero the rule when triggered (``有弄虚作假的该项不计分``, ``取消评比资格``);
- ``veto`` parts zero the rule and veto the whole evaluation (``一票否决``).

Every kind writes its standard notation (标准写法, :data:`scoring.vocab.NOTATION`), which the
reader reads back as the same part, and a native formula that computes what :meth:`Part.score`
computes for every value the workbook accepts.
"""

from __future__ import annotations

import math
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass, fields
from functools import lru_cache
from typing import Any, ClassVar, Literal

from . import formula as fx
from . import vocab
from .answers import Answers, clean, negations, quality_word, variants
from .actuals import check_error_value, coerce_items, coerce_number, is_blank, split_awards
from .errors import ActualValueError
from .normalise import characters
from .plaintext import excerpt
from .policies import DEFAULT_POLICIES, Policies
from .spreadsheet_math import clamp, round15, rounddown, roundup, subtract
from .targets import Target

Role = Literal["award", "deduct", "bonus", "adjust", "gate", "veto"]
#: A numeric part's reading of an exempt word (``在计划时间内完成``): its best outcome.
EXEMPT = "exempt"
_COUNT_UNITS = frozenset(vocab.UNITS["count"])


def fmt(value: float | None, percent: bool = False) -> str:
    """A number as the notation writes it: ``99%`` or ``2.5``."""
    if value is None:
        return ""
    return f"{round15(value * 100):.12g}%" if percent else f"{round15(value):.12g}"


def signed_measure(label: str, lows: Iterable[float | None] = (),
                   highs: Iterable[float | None] = ()) -> bool:
    """Whether a measure may be below zero: its label names a change (``增长率``, ``变动率``:
    :data:`scoring.vocab.CHANGE_WORDS`), or the rule names a range that reaches below zero on
    purpose, one starting below zero (``≥-5%``) or ending at or below it (``负增长的不得分``,
    ``≤0%``). Any other percentage (完成率, 满意度) below zero is a typing error (PS-V004)."""
    return (any(word in label for word in vocab.CHANGE_WORDS)
            or any(low is not None and low < 0 for low in lows)
            or any(high is not None and high <= 0 for high in highs))


@dataclass(frozen=True)
class Band:
    """One range of a banded rule and the points it gives.

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

    def test(self, ref: str) -> str:
        """The band as a spreadsheet test on ``ref``."""
        tests = []
        if self.low is not None:
            tests.append(f"{ref}{'>=' if self.low_inclusive else '>'}{fx.num(self.low)}")
        if self.high is not None:
            tests.append(f"{ref}{'<=' if self.high_inclusive else '<'}{fx.num(self.high)}")
        if not tests:
            return "TRUE()"
        return tests[0] if len(tests) == 1 else f"AND({','.join(tests)})"

    def bound(self, percent: bool, unit: str | None = None) -> str:
        """The band's bound in the standard notation: ``≥90%``, ``80%(含)至90%(不含)``."""
        suffix = "" if percent or not unit else unit
        low, high = fmt(self.low, percent) + suffix, fmt(self.high, percent) + suffix
        words = vocab.NOTATION_WORDS
        if self.low is not None and self.high is not None:
            if self.low == self.high and self.low_inclusive and self.high_inclusive:
                return words["eq"].format(value=low)
            key = {(True, False): "range", (True, True): "range_closed",
                   (False, True): "range_open_low", (False, False): "range_open"}[
                (self.low_inclusive, self.high_inclusive)]
            return words[key].format(low=low, high=high)
        if self.low is not None:
            return words["ge" if self.low_inclusive else "gt"].format(value=low)
        if self.high is not None:
            return words["le" if self.high_inclusive else "lt"].format(value=high)
        return ""


# ============================================================================ the base
@dataclass(frozen=True)
class Part(ABC):
    """One part of a rule (see module docs).

    Attributes:
        points: The most the part gives (award, bonus), takes (deduct) or adds (adjust).
        role: How the part combines with the others.
        slot: The input the part reads (0 … number of inputs − 1).
        label: What is measured, in the text's words (``完成率``, ``问题``); may be empty.
    """

    kind: ClassVar[str] = ""
    points: float
    role: Role = "award"
    slot: int = 0
    label: str = ""

    # ------------------------------------------------------------------ inputs
    @property
    def input_kind(self) -> str:
        """What the input holds: percent, number, count, choice, awards or score."""
        return "choice"

    @property
    def optional(self) -> bool:
        """Whether the part's input may be left out of a multi-part value (not triggered)."""
        return self.role in ("gate", "veto", "bonus")

    def answers(self) -> Answers | None:
        """The words the part accepts (None for a purely numeric part)."""
        return None

    def accepts_formula(self, ref: str) -> str | None:
        """TRUE when ``ref`` holds a value the part's cell formula reads, where the answer table
        alone does not tell (None: it does)."""
        return None

    @property
    def units(self) -> tuple[str, ...]:
        """Units a multi-part value may write after this part's number (dropped by formulas)."""
        return ()

    @property
    def width(self) -> int:
        """How many inputs the part reads: its slot and the ones after it (one for most parts;
        a weighted composite reads one score per component, :class:`Scores`)."""
        return 1

    def field_label(self, index: int) -> str:
        """What input ``slot + index`` holds, in the text's words (for prompts and messages)."""
        return self.label or getattr(self, "condition", "")[:12]

    def field_kind(self, index: int) -> str:
        """The input kind of input ``slot + index``."""
        return self.input_kind

    @property
    def signed(self) -> bool:
        """Whether the part gives a percentage below zero a meaning (:func:`signed_measure`);
        a rule refuses a negative percentage no part of its input gives one (PS-V004)."""
        return signed_measure(self.label)

    # ------------------------------------------------------------------ scoring
    @abstractmethod
    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        """What the part gives for a filled ``actual``, within 0 … points (adjust: signed)."""

    def contribution(self, actual: Any, policies: Policies) -> float:
        """What the part adds to the rule's base: its score, or minus its deduction."""
        score = self.score(actual, policies)
        return score - self.points if self.role == "deduct" else score

    @property
    def lowest(self) -> float:
        """The least the part can add to the rule."""
        return -self.points if self.role == "deduct" else 0.0

    @property
    def highest(self) -> float:
        """The most the part can add to the rule."""
        return 0.0 if self.role in ("deduct", "gate", "veto") else self.points

    def triggered(self, actual: Any) -> bool:
        """Whether a gate or veto part is triggered by ``actual`` (False for other parts)."""
        return False

    # ------------------------------------------------------------------ writing
    @abstractmethod
    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        """The part in the standard notation (read back as the same part); ``alone`` is False
        for a part of a rule of several parts, whose own points must then be stated in words."""

    def notes(self, policies: Policies = DEFAULT_POLICIES) -> list[str]:
        """The policies the part leaves open, as the note after the notation names them."""
        return []

    @abstractmethod
    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        """A spreadsheet expression of :meth:`score` on the value in ``ref``."""

    def params(self) -> dict[str, Any]:
        """The part's parameters for ``Rule.to_dict``."""
        data: dict[str, Any] = {}
        for item in fields(self):
            name = item.name
            value = getattr(self, name)
            if value is None or value == () or value == "" or (name == "slot" and value == 0):
                continue
            if isinstance(value, Band):
                value = value.__dict__
            elif isinstance(value, tuple):
                value = [dict(v.__dict__) if isinstance(v, Band) else
                         list(v) if isinstance(v, tuple) else v for v in value]
            elif isinstance(value, Target):
                value = {"op": value.op, "value": value.value, "unit": value.unit,
                         "text": value.text}
            data[name] = value
        return data


# ============================================================================ numeric parts
@dataclass(frozen=True)
class Numeric(Part):
    """A part whose input is a number (a percentage, a count, days …).

    Attributes:
        percent: Values are percentages (97% is 0.97).
        unit: The unit of the measure (``次``, ``工作日``), None for plain numbers.
        exempt: Words that give the part's best outcome instead of a number
            (``在计划时间内完成的得满分``, ``若实施方案没有该项建设任务的不扣分``).
    """

    percent: bool = False
    unit: str | None = None
    exempt: tuple[str, ...] = ()

    @property
    def input_kind(self) -> str:
        if self.percent:
            return "percent"
        return "count" if self.unit in _COUNT_UNITS else "number"

    @property
    def units(self) -> tuple[str, ...]:
        return (self.unit,) if self.unit else ()

    def answers(self) -> Answers | None:
        if not self.exempt:
            return None
        return Answers(tuple((word, EXEMPT) for word in self.exempt),
                       tuple((word, EXEMPT) for word in self.exempt), self.exempt)

    def value(self, actual: Any) -> float | str:
        """The number ``actual`` stands for, or :data:`EXEMPT` for an exempt word."""
        if self.exempt and isinstance(actual, str) and not _looks_numeric(actual):
            return answer_table(self).find(actual)  # type: ignore[union-attr]
        number = coerce_number(actual, percent=self.percent,
                               count=self.input_kind == "count" and self.role != "adjust",
                               unit=None if self.percent else self.unit)
        if number is None:
            raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(text=excerpt(actual)))
        return number

    @property
    def neutral(self) -> float:
        """The score of an exempt word: full points (an adjusting band adds nothing)."""
        return 0.0 if self.role == "adjust" else self.points

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        value = self.value(actual)
        if value == EXEMPT:
            return self.neutral
        return self.compute(float(value), policies)

    @abstractmethod
    def compute(self, value: float, policies: Policies) -> float:
        """The score of a number."""

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        exempt = fx.any_of(ref, self.exempt)
        other = f"IF({exempt},{fx.num(self.neutral)},0)" if self.exempt else "0"
        return f"IF(ISNUMBER({ref}),{self.numeric_formula(ref, policies)},{other})"

    @abstractmethod
    def numeric_formula(self, ref: str, policies: Policies) -> str:
        """The formula of a number in ``ref``."""

    def exempt_notation(self) -> str:
        return "".join(vocab.NOTATION_WORDS["exempt"].format(word=word) for word in self.exempt)

    def subject(self) -> str:
        return self.label or vocab.NOTATION_WORDS["subject_default"]

    def shown(self, value: float | None) -> str:
        """A value of the measure with its unit: ``90%``, ``25工作日``."""
        if value is None:
            return ""
        return fmt(value, self.percent) + ("" if self.percent or not self.unit else self.unit)


def _looks_numeric(text: str) -> bool:
    return any(ch.isdigit() for ch in characters(text))


@dataclass(frozen=True)
class Bands(Numeric):
    """Ranges of a measure and the points each gives (a threshold is one range):
    ``90%（含）以上得5分，80%（含）-90%得3分，80%以下不得分``. Where ranges overlap the highest
    band that holds the value counts. An ``adjust`` part's bands add or take their amounts."""

    kind: ClassVar[str] = "bands"
    bands: tuple[Band, ...] = ()

    @property
    def signed(self) -> bool:
        return signed_measure(self.label, (band.low for band in self.bands),
                              (band.high for band in self.bands))

    @property
    def kind_name(self) -> str:
        positive = [band for band in self.bands if band.points > 0]
        return "threshold" if len(positive) == 1 and all(
            band.points == 0 for band in self.bands if band is not positive[0]) else "bands"

    @property
    def highest(self) -> float:
        return max((band.points for band in self.bands), default=0.0) if self.role == "adjust" \
            else super().highest

    @property
    def lowest(self) -> float:
        return min((band.points for band in self.bands), default=0.0) if self.role == "adjust" \
            else super().lowest

    def compute(self, value: float, policies: Policies) -> float:
        held = [band.points for band in self.bands if band.contains(value)]
        return max(held, default=0.0)

    def numeric_formula(self, ref: str, policies: Policies) -> str:
        if self.role == "adjust":
            formula = "0"
            for band in sorted(self.bands, key=lambda b: b.points):
                formula = f"IF({band.test(ref)},{fx.num(band.points)},{formula})"
            return formula
        terms = [f"IF({band.test(ref)},{fx.num(band.points)},0)" for band in self.bands
                 if band.points > 0]
        return f"MAX(0,{','.join(terms)})" if terms else "0"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        pieces = []
        for band in sorted(self.bands, key=lambda b: b.points, reverse=True):
            bound = self.subject() + band.bound(self.percent, self.unit)
            if self.role == "adjust" and band.points < 0:
                key, points = "band_deduct", -band.points
            elif self.role in ("adjust", "bonus"):
                key, points = "band_bonus", band.points
            else:
                key, points = ("band" if band.points > 0 else "band_zero"), band.points
            pieces.append(vocab.NOTATION[key].format(bound=bound, points=fmt(points)))
        return vocab.NOTATION_WORDS["part_sep"].join(pieces) + self.exempt_notation()


@dataclass(frozen=True)
class Step(Numeric):
    """A step deduction against a line: ``在99%以上得10分，每降低5%扣2分，低于60%不得分``
    (``below``), ``≤100%得4分，每超过1%扣0.4分`` (``above``), ``与计划每相差4%扣1分``
    (``deviation``, both ways). Days, months or a rate late without a line count from 0.

    Attributes:
        line: Full points up to (below) or from (above) this value.
        step, step_points: ``每降低 step 扣 step_points 分``.
        direction: ``below``, ``above`` or ``deviation``.
        floor, floor_inclusive: ``低于F不得分`` (exclusive) / ``F以下不得分`` (inclusive).
        partial_step: The rule's own wording on partial steps (overrides the policy).
        cap: The most the steps deduct (``扣满10分为止``, ``最多扣3分``), None for no cap.
    """

    kind: ClassVar[str] = "step"
    line: float = 1.0
    step: float = 1.0
    step_points: float = 1.0
    direction: Literal["below", "above", "deviation"] = "below"
    floor: float | None = None
    floor_inclusive: bool = False
    partial_step: str | None = None
    cap: float | None = None

    @property
    def signed(self) -> bool:
        return signed_measure(self.label, highs=(self.line, self.floor))

    @property
    def kind_name(self) -> str:
        return {"below": "step", "above": "reverse_step", "deviation": "deviation"}[self.direction]

    def effective_partial_step(self, policies: Policies = DEFAULT_POLICIES) -> str:
        """The partial-step treatment in force: the rule's wording, else the policy."""
        return self.partial_step or policies.partial_step

    def shortfall(self, value: float) -> float:
        if self.direction == "below":
            return subtract(self.line, value)
        if self.direction == "above":
            return subtract(value, self.line)
        return abs(subtract(value, self.line))

    def compute(self, value: float, policies: Policies) -> float:
        if self.floor is not None:
            floor, at = round15(self.floor), round15(value)
            if at < floor or (self.floor_inclusive and at == floor):
                return 0.0
        gap = round15(self.shortfall(value))
        if gap <= 0:
            return self.points
        count = round15(gap / self.step)
        policy = self.effective_partial_step(policies)
        count = roundup(count) if policy == "up" else rounddown(count) if policy == "down" else count
        deduction = count * self.step_points
        if self.cap is not None:
            deduction = min(deduction, self.cap)
        return max(0.0, self.points - deduction)

    def numeric_formula(self, ref: str, policies: Policies) -> str:
        line = fx.num(self.line)
        gap = {"below": f"({line}-{ref})", "above": f"({ref}-{line})",
               "deviation": f"ABS({ref}-{line})"}[self.direction]
        count = fx.steps(f"{gap}/{fx.num(self.step)}", self.effective_partial_step(policies))
        deduction = f"{count}*{fx.num(self.step_points)}"
        if self.cap is not None:
            deduction = f"MIN({fx.num(self.cap)},{deduction})"
        full = {"below": f"{ref}>={line}", "above": f"{ref}<={line}",
                "deviation": f"{ref}={line}"}[self.direction]
        body = f"IF({full},{fx.num(self.points)},MAX(0,{fx.num(self.points)}-{deduction}))"
        if self.floor is not None:
            body = f"IF({ref}{'<=' if self.floor_inclusive else '<'}{fx.num(self.floor)},0,{body})"
        return body

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        words = vocab.NOTATION_WORDS
        cap = words["cap"].format(cap=fmt(self.cap)) if self.cap is not None else ""
        floor = ""
        if self.floor is not None:
            key = "floor_at_or_below" if self.floor_inclusive else "floor_below"
            floor = words[key].format(floor=self.shown(self.floor))
        partial = ""
        if self.partial_step:
            partial = words[f"partial_{self.partial_step}"].format(step=self.shown(self.step))
        key = {"below": "step", "above": "reverse_step", "deviation": "deviation"}[self.direction]
        if self.role == "deduct":
            key += "_deduct"
        return vocab.NOTATION[key].format(
            subject=self.subject(), line=self.shown(self.line), points=fmt(self.points),
            step=self.shown(self.step), step_points=fmt(self.step_points), cap=cap, floor=floor,
            partial=partial) + self.exempt_notation()

    def notes(self, policies: Policies = DEFAULT_POLICIES) -> list[str]:
        if self.partial_step:
            return []
        used = policies.partial_step
        source = "policy" if used == DEFAULT_POLICIES.partial_step else "custom"
        return [f"{vocab.PARTIAL_STEP_TEXT[used]},{vocab.POLICY_SOURCE_TEXT[source]}"]


@dataclass(frozen=True)
class CountPenalty(Numeric):
    """A deduction per counted problem: ``每发现一处问题扣0.5分，扣完为止``, ``扣0.2分/项``,
    ``发现一户未纳入的此分值扣完`` (one problem takes all the points).

    Attributes:
        penalty: Points per step of the count (per problem, or per ``step`` problems:
            ``每发现3处问题扣1分``, a part of a step counted by the partial-step policy).
        step: How many counted problems one penalty is for (1 for most rules).
        cap: The most the part deducts (``最多扣3分``), None for no cap.
    """

    kind: ClassVar[str] = "count_penalty"
    penalty: float = 1.0
    step: float = 1.0
    cap: float | None = None

    @property
    def input_kind(self) -> str:
        return "count"

    def steps(self, value: float, policies: Policies) -> float:
        """How many penalties ``value`` problems cost."""
        if self.step == 1:
            return value
        count = round15(value / self.step)
        policy = policies.partial_step
        return roundup(count) if policy == "up" else rounddown(count) if policy == "down" else count

    def compute(self, value: float, policies: Policies) -> float:
        deduction = self.steps(value, policies) * self.penalty
        if self.cap is not None:
            deduction = min(deduction, self.cap)
        return max(0.0, self.points - deduction)

    def notes(self, policies: Policies = DEFAULT_POLICIES) -> list[str]:
        if self.step == 1:
            return []
        used = policies.partial_step
        source = "policy" if used == DEFAULT_POLICIES.partial_step else "custom"
        return [f"{vocab.PARTIAL_STEP_TEXT[used]},{vocab.POLICY_SOURCE_TEXT[source]}"]

    def numeric_formula(self, ref: str, policies: Policies) -> str:
        count = ref if self.step == 1 else fx.steps(f"{ref}/{fx.num(self.step)}", policies.partial_step)
        deduction = f"{count}*{fx.num(self.penalty)}"
        if self.cap is not None:
            deduction = f"MIN({fx.num(self.cap)},{deduction})"
        return f"MAX(0,{fx.num(self.points)}-{deduction})"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        words = vocab.NOTATION_WORDS
        cap = words["cap"].format(cap=fmt(self.cap)) if self.cap is not None else ""
        unit = self.unit or words["count_unit"]
        label = self.label or vocab.NOTATION_WORDS["problem"]
        if self.penalty >= self.points and self.cap is None:
            key = "count_all" if self.role == "deduct" else "count_all_own"
            return vocab.NOTATION[key].format(unit=unit, label=label, points=fmt(self.points)) + \
                self.exempt_notation()
        key = "count_deduct" if self.role == "deduct" else ("count_penalty" if alone else "count_own")
        return vocab.NOTATION[key].format(
            points=fmt(self.points), unit=unit, label=label, penalty=fmt(self.penalty),
            n=fmt(self.step), cap=cap) + self.exempt_notation()


@dataclass(frozen=True)
class CountBonus(Numeric):
    """Points per whole step of a count, capped: a bonus (``有正面批示的，一个加1分，最多加2分``)
    or the item's own points (``带动就业人数每增加100人得1分，最高得3分``: 250 人 → 2). A bonus
    for what goes past a line counts from it (``完成率100%得60分;每超额完成1个百分点加0.5分``:
    110% → 5; ``争资达3万元的计3分,每超额完成1万元加1分``: 5万元 → 2)."""

    kind: ClassVar[str] = "count_bonus"
    step: float = 1.0
    amount: float = 1.0
    line: float = 0.0

    @property
    def input_kind(self) -> str:
        return "percent" if self.percent else "count"

    def compute(self, value: float, policies: Policies) -> float:
        steps = rounddown(round15(max(0.0, subtract(value, self.line)) / self.step))
        return min(self.points, steps * self.amount)

    def numeric_formula(self, ref: str, policies: Policies) -> str:
        past = f"{ref}-{fx.num(self.line)}" if self.line else ref
        steps = fx.steps(f"MAX(0,{past})/{fx.num(self.step)}", "down")
        return f"MIN({fx.num(self.points)},{steps}*{fx.num(self.amount)})"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        step = self.shown(self.step) if (self.percent or self.unit) else \
            fmt(self.step) + vocab.NOTATION_WORDS["count_unit"]
        key = "count_award" if self.role == "award" else "count_bonus"
        if self.line:
            key = "count_bonus_over"
        return vocab.NOTATION[key].format(step=step, label=self.label, amount=fmt(self.amount),
                                          points=fmt(self.points), line=self.shown(self.line))


@dataclass(frozen=True)
class Proportional(Numeric):
    """Points in proportion: ``得分＝预算执行率×分值``, ``实际完成值/80%×分值``,
    ``达到90%得2分，未达到的按比例计分`` (actual ÷ 90%), never above the points; with a floor
    (``得分=预算执行率×分值，执行率低于60%不得分``) nothing below it."""

    kind: ClassVar[str] = "proportional"
    target: float | None = None
    full_at: float | None = None  # 满意度达到85%及以上得3分，低于85%的按满意度×分值计算
    floor: float | None = None
    floor_inclusive: bool = False

    @property
    def signed(self) -> bool:
        return signed_measure(self.label, (self.target, self.full_at, self.floor))

    def compute(self, value: float, policies: Policies) -> float:
        at = round15(value)
        if self.floor is not None and (at < round15(self.floor) or
                                       (self.floor_inclusive and at == round15(self.floor))):
            return 0.0
        if self.full_at is not None and at >= round15(self.full_at):
            return self.points
        ratio = value / self.target if self.target else value
        return self.points * clamp(round15(ratio), 0.0, 1.0)

    def numeric_formula(self, ref: str, policies: Policies) -> str:
        ratio = f"{ref}/{fx.num(self.target)}" if self.target else ref
        body = f"{fx.num(self.points)}*MIN(MAX({ratio},0),1)"
        if self.full_at is not None:
            body = f"IF({ref}>={fx.num(self.full_at)},{fx.num(self.points)},{body})"
        if self.floor is not None:
            body = f"IF({ref}{'<=' if self.floor_inclusive else '<'}{fx.num(self.floor)},0,{body})"
        return body

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        words = vocab.NOTATION_WORDS
        ratio = (words["ratio_target"].format(target=self.shown(self.target)) if self.target
                 else (self.label or words["ratio_rate"]))
        floor = ""
        if self.floor is not None:
            key = "floor_at_or_below" if self.floor_inclusive else "floor_below"
            floor = words[key].format(floor=self.shown(self.floor))
        if self.full_at is not None:
            return vocab.NOTATION["proportional_full"].format(
                subject=self.subject(), full=words["ge"].format(value=self.shown(self.full_at)),
                below=words["lt"].format(value=self.shown(self.full_at)), ratio=ratio,
                points=fmt(self.points)) + floor + self.exempt_notation()
        return vocab.NOTATION["proportional"].format(ratio=ratio, points=fmt(self.points)) + \
            floor + self.exempt_notation()


@dataclass(frozen=True)
class Interpolate(Numeric):
    """Straight-line scoring between two limits: ``≤25个工作日得满分，>50个工作日为0分，
    25-50个工作日按比例减分`` (full points at ``best``, none at ``worst``)."""

    kind: ClassVar[str] = "interpolate"
    best: float = 0.0
    worst: float = 1.0

    @property
    def signed(self) -> bool:
        return signed_measure(self.label, (self.best, self.worst))

    def compute(self, value: float, policies: Policies) -> float:
        share = subtract(self.worst, value) / subtract(self.worst, self.best)
        return self.points * clamp(round15(share), 0.0, 1.0)

    def numeric_formula(self, ref: str, policies: Policies) -> str:
        share = f"({fx.num(self.worst)}-{ref})/({fx.num(self.worst)}-{fx.num(self.best)})"
        return f"{fx.num(self.points)}*MIN(MAX({share},0),1)"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        low, high = sorted((self.best, self.worst))
        upward = self.best > self.worst
        best = vocab.NOTATION_WORDS["ge" if upward else "le"].format(value=self.shown(self.best))
        worst = vocab.NOTATION_WORDS["lt" if upward else "gt"].format(value=self.shown(self.worst))
        return vocab.NOTATION["interpolate"].format(
            best=self.subject() + best, worst=self.subject() + worst, points=fmt(self.points),
            low=self.shown(low), high=self.shown(high)) + self.exempt_notation()


@dataclass(frozen=True)
class Rank(Numeric):
    """Points by rank: ``按排位打分，每位次递减0.25分`` (first place full points)."""

    kind: ClassVar[str] = "rank"
    step: float = 1.0

    @property
    def input_kind(self) -> str:
        return "count"

    def compute(self, value: float, policies: Policies) -> float:
        if value < 1 or value != int(value):
            raise ActualValueError(vocab.MESSAGES["actual_rank"].format(text=fmt(value)))
        return max(0.0, self.points - (value - 1) * self.step)

    def numeric_formula(self, ref: str, policies: Policies) -> str:
        return f"MAX(0,{fx.num(self.points)}-(MAX({ref},1)-1)*{fx.num(self.step)})"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        return vocab.NOTATION["rank"].format(points=fmt(self.points), step=fmt(self.step))


@dataclass(frozen=True)
class RatioToTarget(Numeric):
    """The default rule of an indicator without its own (项目支出绩效自评): ≥ targets score
    points × actual ÷ target, ≤ targets points × target ÷ actual, never above the points;
    qualitative targets score by tier; a 0 target is met or not."""

    kind: ClassVar[str] = "ratio_to_target"
    target: Target | None = None

    @property
    def signed(self) -> bool:
        assert self.target is not None
        return signed_measure(self.label) or self.target.zero  # ≤0%, ≤-5%, 下降5%

    @property
    def input_kind(self) -> str:
        assert self.target is not None
        if self.target.kind == "qualitative":
            return "choice"
        if self.target.unit in _COUNT_UNITS:
            return "count"
        return "percent" if self.target.percent else "number"

    def answers(self) -> Answers | None:
        assert self.target is not None
        if self.target.kind != "qualitative":
            return None
        word = str(self.target.value)
        if self.target.negated:
            met = (word,) + vocab.QUALITY_ANSWERS["not_achieved"]
            return _quality_answers(met, vocab.QUALITY_ANSWERS["partial"], (),
                                    (word, vocab.QUALITATIVE_CHOICES["partial"]))
        spelled = variants(word)
        choices = (word, vocab.CHOICE_PREFIXES["partial"] + word,
                   vocab.CHOICE_PREFIXES["not_achieved"] + word)
        return _quality_answers(spelled["achieved"] + vocab.QUALITY_ANSWERS["achieved"],
                                spelled["partial"] + vocab.QUALITY_ANSWERS["partial"],
                                spelled["not_achieved"] + vocab.QUALITY_ANSWERS["not_achieved"],
                                choices)

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        assert self.target is not None
        answers = answer_table(self)
        if answers is not None:
            return self.points * _share(answers.find(actual), policies)
        return self.compute(actual, policies)

    def compute(self, value: Any, policies: Policies) -> float:
        assert self.target is not None
        if self.target.zero:
            return self.points if self.target.is_met(value) else 0.0
        return self.points * self.target.completion(value, policies)

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        assert self.target is not None
        answers = answer_table(self)
        if answers is not None:
            return _quality_formula(ref, answers, self.points, policies)
        return super().formula(ref, policies)

    def numeric_formula(self, ref: str, policies: Policies) -> str:
        target = self.target
        assert target is not None
        points, t = fx.num(self.points), fx.num(float(target.value))
        if target.zero:
            compare = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}[target.op]
            return f"{points}*IF({ref}{compare}{t},1,0)"
        if target.op in ("≥", ">"):
            share = f"IF({ref}>={t},1,MAX({ref},0)/{t})"
        elif target.op in ("≤", "<"):
            share = f"IF({ref}<={t},1,IF({ref}>0,{t}/{ref},0))"
        else:
            share = f"IF({ref}={t},1,IF(AND({ref}>0,{t}>0),MIN({ref}/{t},{t}/{ref}),0))"
        return f"{points}*{share}"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        target = self.target
        assert target is not None
        if target.kind == "qualitative":
            return vocab.NOTATION["qualitative"].format(condition=target.value,
                                                        points=fmt(self.points))
        if target.zero:
            return vocab.NOTATION["ratio_zero"].format(target=target.text, points=fmt(self.points))
        key = {"≥": "ratio_ge", ">": "ratio_ge", "≤": "ratio_le", "<": "ratio_le", "=": "ratio_eq"}
        return vocab.NOTATION["ratio_to_target"].format(
            target=target.text, formula=vocab.NOTATION_WORDS[key[target.op]], points=fmt(self.points))


# ============================================================================ choice parts
def _share(tier: str | None, policies: Policies) -> float:
    if tier is None:
        return 0.0
    return {"achieved": policies.tier_achieved, "partial": policies.tier_partial,
            "not_achieved": policies.tier_not_achieved}[tier]


def _quality_answers(achieved: tuple[str, ...], partial: tuple[str, ...],
                     not_achieved: tuple[str, ...], choices: tuple[str, ...],
                     conditions: tuple[tuple[str, str], ...] = ()) -> Answers:
    words: dict[str, str] = {}
    for tier, spelled in (("achieved", achieved), ("partial", partial),
                          ("not_achieved", not_achieved)):
        for word in spelled:
            words.setdefault(clean(word), tier)
    return Answers(tuple(words.items()), conditions, tuple(dict.fromkeys(choices)))


def _quality_formula(ref: str, answers: Answers, points: float, policies: Policies) -> str:
    by_tier: dict[str, list[str]] = {"achieved": [], "partial": [], "not_achieved": []}
    for word, tier in answers.words:
        by_tier[tier].append(word)
    share = {"achieved": policies.tier_achieved, "partial": policies.tier_partial,
             "not_achieved": policies.tier_not_achieved}
    formula = "0"
    for condition, tier in reversed(answers.conditions):
        formula = f"IF({fx.contains(ref, condition)},{fx.num(points * share[tier])},{formula})"
    return fx.choose(ref, [(by_tier[tier], fx.num(points * share[tier]))
                           for tier in ("achieved", "partial", "not_achieved")], formula)


@dataclass(frozen=True)
class Qualitative(Part):
    """Full points when a condition holds: ``决策制度建立完整，得 2 分。`` Accepts 达成 / 是 …,
    部分达成 / 基本… (``tier_partial`` of the points), 未达成 / 否 / 不… (none), the condition's
    own quality word in all its spellings (健全 / 基本健全 / 不健全) and the condition itself."""

    kind: ClassVar[str] = "qualitative"
    condition: str = ""

    def answers(self) -> Answers:
        achieved = list(vocab.QUALITY_ANSWERS["achieved"])
        partial = list(vocab.QUALITY_ANSWERS["partial"])
        not_achieved = list(vocab.QUALITY_ANSWERS["not_achieved"])
        if self.condition:
            achieved.insert(0, self.condition)
            achieved[1:1] = negations(self.condition)
            if any(word in self.condition for word in vocab.PRESENCE_WORDS["yes"]):
                achieved += vocab.PRESENCE_WORDS["yes"]
                not_achieved += vocab.PRESENCE_WORDS["no"]
            word = quality_word(self.condition)
            if word:
                spelled = variants(word)
                achieved += spelled["achieved"]
                partial += spelled["partial"]
                not_achieved += spelled["not_achieved"]
        conditions = ((self.condition, "achieved"),) if self.condition else ()
        return _quality_answers(tuple(achieved), tuple(partial), tuple(not_achieved),
                                tuple(vocab.QUALITATIVE_CHOICES.values()), conditions)

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        return self.points * _share(answer_table(self).find(actual), policies)

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        return _quality_formula(ref, answer_table(self), self.points, policies)

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        # 完成培训任务1000人次,否则不得分(3分): a condition holding a number, written so that it
        # reads back as words (…1000人次的得3分 would read as a count of at least 1000)
        key = "qualitative_number" if _looks_numeric(self.condition) else "qualitative"
        return vocab.NOTATION[key].format(
            condition=self.condition or vocab.QUALITATIVE_CHOICES["achieved"],
            points=fmt(self.points))

    def notes(self, policies: Policies = DEFAULT_POLICIES) -> list[str]:
        share = policies.tier_partial
        source = "policy" if share == DEFAULT_POLICIES.tier_partial else "custom"
        return [vocab.PARTIAL_SHARE_TEXT.format(points=fmt(self.points * share),
                                                share=fmt(share, True))
                + "," + vocab.POLICY_SOURCE_TEXT[source]]


@dataclass(frozen=True)
class Tiers(Part):
    """Named tiers, each with its points: ``内控制度完善的得4分，基本完善的得2分，不完善的不得分``
    (also rows of a table with several conditions each). Accepts each tier's condition and its
    short word (完善 / 基本完善 / 不完善), 是 for the top tier and 否 for the bottom one.

    Attributes:
        tiers: (condition, points) in the text's order.
        words: (short word, points): the conditions without their common subject.
        event: The text names only what costs points, with no word for the other way
            (``存在违规问题的扣1分``): 是 / 否 would be read either way, so they are not accepted;
            the rule's own words and 达成 / 未达成 are.
    """

    kind: ClassVar[str] = "tiers"
    tiers: tuple[tuple[str, float], ...] = ()
    words: tuple[tuple[str, float], ...] = ()
    event: bool = False

    def answers(self) -> Answers:
        exact: dict[str, float] = {}
        pairs = list(zip(self.tiers, self.words or self.tiers))
        for (condition, points), (word, _) in pairs:
            # 目标管理,是否制定了明确的年度工作计划,有: the last phrase alone (有) answers too
            last = word.rsplit(",", 1)[-1]
            for spelled in (word, condition, last):
                exact.setdefault(clean(spelled), points)
        for (condition, points), (word, _) in pairs:
            # other spellings after every tier's own words: 部分相符 is its own tier, not a
            # spelling of 基本相符's
            for spelled in (*negations(word), *_same_tier(word)):
                exact.setdefault(clean(spelled), points)
        ranked = sorted(self.tiers, key=lambda tier: tier[1])
        top, bottom = ranked[-1][1], ranked[0][1]
        generic = 1 if self.event else 2  # 达成 / 未达成, and 是 / 否 unless an event is named
        for spelled in vocab.QUALITY_ANSWERS["achieved"][:generic]:
            exact.setdefault(spelled, top)
        for spelled in vocab.QUALITY_ANSWERS["not_achieved"][:generic]:
            exact.setdefault(spelled, bottom)
        presence = [word for word, _ in self.words or self.tiers]
        if any(word.startswith(vocab.PRESENCE_WORDS["yes"]) for word in presence):
            for spelled in vocab.PRESENCE_WORDS["yes"]:
                exact.setdefault(spelled, top)
            for spelled in vocab.PRESENCE_WORDS["no"]:
                exact.setdefault(spelled, bottom)
        conditions = tuple((condition, points) for condition, points in self.tiers)
        choices = tuple(word for word, _ in self.words or self.tiers)
        return Answers(tuple(exact.items()), conditions, choices)

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        return float(answer_table(self).find(actual))

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        answers = answer_table(self)
        formula = "0"
        for condition, points in reversed(answers.conditions):
            formula = f"IF({fx.contains(ref, condition)},{fx.num(points)},{formula})"
        by_points: dict[float, list[str]] = {}
        for word, points in answers.words:
            by_points.setdefault(points, []).append(word)
        order = list(dict.fromkeys(points for _, points in answers.words))
        return fx.choose(ref, [(by_points[p], fx.num(p)) for p in order], formula)

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        pieces = []
        for condition, points in self.tiers:
            key = "tier" if points > 0 else "tier_zero"
            pieces.append(vocab.NOTATION[key].format(word=condition, points=fmt(points)))
        return vocab.NOTATION_WORDS["part_sep"].join(pieces)


def _same_tier(word: str) -> tuple[str, ...]:
    """The other spellings of a tier word that is a quality word's tier: 完善 → 已完善 …,
    基本完善 → 较完善 …, 不完善 → 未完善 …; nothing for other words."""
    quality = quality_word(word)
    if quality is None:
        return ()
    for spelled in variants(quality).values():
        if word in spelled:
            return spelled
    return ()


@dataclass(frozen=True)
class Checklist(Part):
    """Items that each give their points: ``①制度健全,1分;②执行到位,1分``. The value names the
    items that hold (``①③``, ``1、3``, a list of 是/否), or how many hold when they weigh the
    same; 无 / 均不满足 for none."""

    kind: ClassVar[str] = "checklist"
    items: tuple[tuple[str, float], ...] = ()

    @property
    def input_kind(self) -> str:
        return "items"

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(vocab.CIRCLED[: len(self.items)])

    def answers(self) -> Answers:
        return Answers(tuple((word, 0.0) for word in vocab.CHECKLIST_NONE), (), self.choices)

    def items_text(self) -> str:
        """The items with their labels, as a cell's input message lists them: ``①制度健全；②…``."""
        return vocab.PART_SEPARATORS[1].join(f"{label}{text}" for label, (text, _) in
                                             zip(vocab.CIRCLED, self.items))

    @property
    def equal(self) -> bool:
        """Whether the items weigh the same (then a number says how many hold)."""
        return len({points for _, points in self.items}) == 1

    def held(self, actual: Any) -> float:
        """The points of the items ``actual`` names (how many, when they weigh the same)."""
        held = coerce_items(actual, len(self.items), equal_weights=self.equal)
        return sum(points for (_, points), holds in zip(self.items, held or ()) if holds)

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        if isinstance(actual, str) and clean(actual) in vocab.CHECKLIST_NONE:
            return 0.0
        return self.held(actual)

    def held_formula(self, ref: str) -> str:
        """A spreadsheet expression of :meth:`held` on the value in ``ref``."""
        counted = (f"MIN(MAX({ref},0),{len(self.items)})*{fx.num(self.items[0][1])}"
                   if self.equal else "0")
        return f"IF(ISNUMBER({ref}),{counted},{self.label_formula(ref)})"

    def label_formula(self, ref: str) -> str:
        """The points of the items whose labels the text in ``ref`` names."""
        weights = [points for _, points in self.items]
        # an item named and not answered no right after its label (①是；②否: ① holds), spaces,
        # colons and brackets skipped, as the engine reads it (actuals.coerce_items)
        bare = ref
        for skipped in vocab.CHECKLIST_SKIPPED:
            bare = f"SUBSTITUTE({bare},{fx.text(skipped)},\"\")"
        # the marks in one array constant, the cleaned value written once per item (SUMPRODUCT
        # evaluates the array alike in every spreadsheet, without array entry)
        held = "+".join(
            f"(SUBSTITUTE({ref},{fx.text(label)},\"\")<>{ref})*{fx.num(weight)}*(SUMPRODUCT(--ISNUMBER("
            f"FIND({{{','.join(fx.text(label + word) for word in vocab.CHECKLIST_NO_MARKS)}}},{bare})))=0)"
            for label, weight in zip(vocab.CIRCLED, weights))
        return held

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        return f"MIN({fx.num(self.points)},{self.held_formula(ref)})"

    def accepts_formula(self, ref: str) -> str | None:
        """How many items hold (when they weigh the same), a word of :meth:`answers`, or at
        least one item label and none beyond the items (the engine reads the rest)."""
        words = [word for word, _ in answer_table(self).words]
        # a number says how many items: only where they weigh the same
        count = (f"IF(ISNUMBER({ref}),AND({ref}>=0,{ref}<={len(self.items)},{ref}=INT({ref})),FALSE())"
                 if self.equal else "FALSE()")
        beyond = _labels_found(ref, vocab.CIRCLED[len(self.items):]) or "0"
        return f"OR({count},{fx.any_of(ref, words)},AND({_labels_found(ref, self.choices)}>0,{beyond}=0))"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        return vocab.NOTATION_WORDS["part_sep"].join(
            vocab.NOTATION["item"].format(label=label, text=text, points=fmt(points))
            for label, (text, points) in zip(vocab.CIRCLED, self.items))


@dataclass(frozen=True)
class Deductions(Checklist):
    """Problems that each cost their own points, all that are found: ``未装订或装订不整齐扣2分,
    装订顺序不正确扣1分,纸张大小不符合规定扣2分`` (deductions for different problems side by
    side, not tiers of one quality: two problems found cost both). The value names the problems
    found by their labels (``②③``; how many, when they cost the same), or one problem in its own
    words; 无 (or the text's full-points condition, 达成) for none. What is lost is capped by
    ``cap`` (``最多扣2分``) and the score never falls below 0.

    Attributes:
        items: (problem, deduction) in the text's order.
        met: The condition the text gives the full points for (``报表装订整齐…``), or "".
        cap: The most all the deductions together take (None: the points).
    """

    kind: ClassVar[str] = "deductions"
    met: str = ""
    cap: float | None = None

    @property
    def input_kind(self) -> str:
        return "problems"

    def spellings(self) -> dict[str, int]:
        """The words that name one problem exactly → its number (from 1): the problem as written,
        each of its alternatives that names a failing itself (``未装订或装订不整齐``: 未装订,
        装订不整齐; not 项目资金使用 of ``项目资金使用或管理不规范``), these without a leading verb
        of finding (``发现截留`` → 截留) and with the negation spelled otherwise (未报送 → 没有报送);
        a word that would name two problems names none."""
        named: dict[str, set[int]] = {}
        for index, (problem, _) in enumerate(self.items, start=1):
            alternatives = [word for word in re.split("|".join(_EITHER), problem)
                            if any(char in vocab.NEGATION_CHARS for char in word)]
            for spelled in (problem, *(alternatives if len(alternatives) > 1 else ())):
                verb = next((verb for verb in vocab.COUNT_VERBS[:4] if spelled.startswith(verb)), "")
                bare = spelled[len(verb):] if verb and len(spelled) - len(verb) >= 2 else spelled
                for word in (spelled, bare, *negations(bare)):  # 未报送: 没有报送, 不报送
                    named.setdefault(clean(word), set()).add(index)
        # a word naming two problems names neither
        return {word: indices.pop() for word, indices in named.items() if len(indices) == 1}

    def answers(self) -> Answers:
        # exact words only: a problem's words inside a longer answer (two problems named) are a
        # described finding (scoring.findings), which the cell formula does not read
        exact: dict[str, float] = {}
        for word in (*vocab.DEDUCTIONS_NONE, *((self.met,) if self.met else ())):
            exact.setdefault(clean(word), self.points)
        for spelled, index in self.spellings().items():
            exact.setdefault(spelled, self._left(self.items[index - 1][1]))
        return Answers(tuple(exact.items()), (), self.choices)

    def _left(self, lost: float) -> float:
        """The points left after deductions of ``lost`` in all (within the cap, not below 0)."""
        return max(0.0, self.points - (lost if self.cap is None else min(self.cap, lost)))

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        if isinstance(actual, str):
            try:
                return float(answer_table(self).find(actual) or 0.0)
            except ActualValueError:
                check_error_value(clean(actual))  # #DIV/0!: PS-V005, as every part says
        if isinstance(actual, str) and any(label in actual for label in self.choices) and \
                not any(label in actual for label in vocab.CIRCLED[len(self.items):]):
            # the labels as the cell formula reads them: each label written counts unless a
            # no-mark follows it (①否②是, ①未②), whatever else the text says; a label beyond the
            # problems (①④ of three) is no answer (the 提示 column flags it too)
            bare = actual
            for skipped in vocab.CHECKLIST_SKIPPED:
                bare = bare.replace(skipped, "")
            return self._left(sum(lost for label, (_, lost) in zip(self.choices, self.items)
                                  if label in actual and not any(
                                      label + mark in bare for mark in vocab.CHECKLIST_NO_MARKS)))
        text = clean(actual)
        # how many, when the problems cost the same; a bare 2 of problems that cost differently
        # (the second? two? 扣2分?), and TRUE/FALSE, name none of them
        if isinstance(actual, bool) or not self.equal or not re.fullmatch(r"\d+(\.0+)?", text) \
                or float(text) > len(self.items):
            raise ActualValueError(vocab.MESSAGES["actual_problems"].format(
                text=excerpt(actual), choices=vocab.LIST_SEPARATOR.join(self.choices)),
                text=str(actual))
        return self._left(float(text) * self.items[0][1])

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        def left(lost: str) -> str:
            capped = f"({lost})" if self.cap is None else f"MIN({fx.num(self.cap)},{lost})"
            return f"MAX(0,{fx.num(self.points)}-{capped})"

        def counted(number: str) -> str:
            if not self.equal:
                return "0"
            return (f"IF(AND({number}>=0,{number}<={len(self.items)},{number}=INT({number})),"
                    f"{left(f'{number}*{fx.num(self.items[0][1])}')},0)")

        labelled = f"IF({_labels_found(ref, self.choices)}>0,{left(self.label_formula(ref))},0)"
        by_points: dict[float, list[str]] = {}
        for word, points in answer_table(self).words:
            by_points.setdefault(points, []).append(word)
        worded = fx.choose(ref, [(words, fx.num(points)) for points, words in by_points.items()],
                           labelled)
        # an empty cell is no answer (0 points, as the engine scores an unfilled value); text
        # with no label and no answer word is none either (the engine refuses it, 提示 flags it);
        # a count typed into a text cell ("2") is the count
        typed = f"IF(ISNUMBER(VALUE({ref})),{counted(f'VALUE({ref})')},{worded})"
        return f"IF(ISNUMBER({ref}),{counted(ref)},IF({ref}=\"\",0,{typed}))"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        head = (vocab.NOTATION["deductions_met"].format(met=self.met, points=fmt(self.points))
                if self.met else vocab.NOTATION_WORDS["full"].format(points=fmt(self.points)))
        cap = "" if self.cap is None else vocab.NOTATION_WORDS["cap_total"].format(cap=fmt(self.cap))
        return head + vocab.NOTATION_WORDS["part_sep"].join(
            vocab.NOTATION["problem"].format(label=label, text=text, points=fmt(points))
            for label, (text, points) in zip(vocab.CIRCLED, self.items)) + cap


def _labels_found(ref: str, labels: Iterable[str]) -> str:
    """How many of ``labels`` the text in ``ref`` holds, as a spreadsheet sum ("" for none)."""
    return "+".join(f"ISNUMBER(FIND({fx.text(label)},{ref}))" for label in labels)


#: How a condition lists alternatives (``未签订合同或者合同要素不全``), longest first.
_EITHER = sorted(vocab.RULE_WORDS["either"], key=len, reverse=True)


@dataclass(frozen=True)
class Awards(Part):
    """A bonus list (F1): ``受到国务院嘉奖加3分，受到省级嘉奖加2分…；同一项工作不累计加分``.
    The value lists the awards; for one piece of work only its highest award counts unless the
    rule (or the policy) says ``累加计分``; the sum is capped by the points."""

    kind: ClassVar[str] = "bonus"
    awards: tuple[tuple[str, float], ...] = ()
    aggregation: str | None = None
    policy_cap: bool = False

    def cap(self, policies: Policies) -> float:
        """The most the awards add: the points, or the policies' bonus cap without them."""
        return policies.bonus_cap if self.policy_cap else self.points

    @property
    def input_kind(self) -> str:
        return "awards"

    @property
    def choices(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.awards)

    def answers(self) -> Answers:
        return Answers(tuple((name, amount) for name, amount in self.awards), (), self.choices)

    def amount(self, text: str) -> float:
        """The amount of one award (matched by containment after normalisation)."""
        canonical = characters(text).replace(" ", "")
        found = [(len(name), amount) for name, amount in self.awards if name in canonical]
        if not found:
            raise ActualValueError(vocab.MESSAGES["actual_award"].format(
                text=excerpt(text), choices=vocab.LIST_SEPARATOR.join(self.choices)), text=text)
        return max(found)[1]

    def _pairs(self, actual: Any) -> list[tuple[str | None, str]] | None:
        """The awards listed: a piece that names one award whole (``受财政部和省委、省政府表彰``)
        is one, whatever ``、`` it holds; other pieces split at ``、``."""
        if not isinstance(actual, str) or is_blank(actual):
            return split_awards(actual)
        pairs: list[tuple[str | None, str]] = []
        for piece in re.split(r"[;\n\r]+", characters(actual)):
            piece = piece.strip()
            if not piece:
                continue
            if any(name in piece.replace(" ", "") for name, _ in self.awards):
                pairs.append((None, piece))
            else:
                pairs.extend(split_awards(piece) or [])
        return pairs

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        if isinstance(actual, str) and characters(actual).strip() in vocab.AWARDS_NONE and \
                not any(name.startswith(vocab.NOT_PREFIXES) or name in vocab.AWARDS_NONE
                        for name in self.choices):  # 无重大舆情的加1分: 无 is that award
            return 0.0  # 无, 否: no award, as a blank cell (the formula adds none either)
        pairs = self._pairs(actual)
        if not pairs:
            return 0.0
        aggregation = self.aggregation or policies.bonus_aggregation
        best: dict[object, float] = {}
        for index, (work, award) in enumerate(pairs):
            amount = self.amount(award)
            key: object = index if work is None or aggregation == "cumulative" else work
            best[key] = max(best.get(key, 0.0), amount)
        return min(self.cap(policies), sum(best.values()))

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        terms = []
        cap = self.cap(policies)
        for name, amount in self.awards:
            times = min(MAX_AWARD_COUNT, max(1, math.ceil(cap / amount))) if amount > 0 else 1
            count = "+".join(f"(SUBSTITUTE({ref},{fx.text(name)},\"\",{k})<>{ref})"
                             for k in range(1, times + 1))
            terms.append(f"{fx.num(amount)}*({count})")
        return f"IF(ISNUMBER({ref}),0,MIN({fx.num(cap)},{'+'.join(terms) or '0'}))"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        awards = vocab.NOTATION_WORDS["part_sep"].join(
            vocab.NOTATION["award"].format(award=name, points=fmt(amount))
            for name, amount in self.awards)
        tail = {"cumulative": vocab.NOTATION_WORDS["cumulative"],
                "highest_per_work": vocab.NOTATION_WORDS["not_cumulative"]}.get(
            self.aggregation or "", "")
        return awards + tail

    def notes(self, policies: Policies = DEFAULT_POLICIES) -> list[str]:
        if self.aggregation:
            return []
        used = policies.bonus_aggregation
        source = "policy" if used == DEFAULT_POLICIES.bonus_aggregation else "custom"
        return [f"{vocab.BONUS_TEXT[used]},{vocab.POLICY_SOURCE_TEXT[source]}"]


#: The most occurrences of one award a bonus formula counts in its cell.
MAX_AWARD_COUNT = 10


@dataclass(frozen=True)
class Discretionary(Part):
    """A score the evaluator enters: ``酌情扣分``, ``…等作为标杆值``, ``由评价组综合评定``.
    Without points the score is only bounded below."""

    kind: ClassVar[str] = "discretionary"
    capped: bool = True

    @property
    def input_kind(self) -> str:
        return "score"

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        value = coerce_number(actual)
        if value is not None and value < 0:
            # A negative score is a typing error, not a deduction: never clamp it silently.
            raise ActualValueError(vocab.MESSAGES["score_negative"].format(text=excerpt(actual)),
                                   code="PS-V004", text=str(actual))
        value = 0.0 if value is None else value
        return min(value, self.points) if self.capped else value

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        body = f"MIN(MAX({ref},0),{fx.num(self.points)})" if self.capped else f"MAX({ref},0)"
        return f"IF(ISNUMBER({ref}),{body},0)"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        if not self.capped:
            return vocab.NOTATION["discretionary_free"]
        return vocab.NOTATION["discretionary"].format(
            points=vocab.NOTATION_WORDS["score_range"].format(points=fmt(self.points)))


@dataclass(frozen=True)
class EvaluatorDeduction(Part):
    """A deduction the evaluator decides beside a rule that scores otherwise: ``…基本相符的得6分。
    存在支出不符合专项资金管理办法的，酌情扣分`` (the value is the points deducted; it may be
    left out)."""

    kind: ClassVar[str] = "discretionary"
    role: Role = "deduct"

    @property
    def input_kind(self) -> str:
        return "score"

    @property
    def optional(self) -> bool:
        return True

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        value = coerce_number(actual)
        if value is not None and value < 0:
            raise ActualValueError(vocab.MESSAGES["score_negative"].format(text=excerpt(actual)),
                                   code="PS-V004", text=str(actual))
        return self.points - min(value or 0.0, self.points)

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        return f"IF(ISNUMBER({ref}),{fx.num(self.points)}-MIN(MAX({ref},0),{fx.num(self.points)}),{fx.num(self.points)})"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        return vocab.NOTATION["evaluator_deduction"]


@dataclass(frozen=True)
class Unread(Discretionary):
    """A rule the reader cannot read (or reads as contradicting itself): the evaluator enters
    the score, and ``detail`` says which words were not understood (PS-R007)."""

    kind: ClassVar[str] = "unread"
    detail: str = ""
    code: str = "PS-R001"

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        points = vocab.NOTATION_WORDS["score_range"].format(points=fmt(self.points)) \
            if self.capped else ""
        return vocab.NOTATION["unread"].format(points=points) + \
            vocab.NOTES["unread"].format(text=self.detail.replace("\n", " "))


@dataclass(frozen=True)
class Veto(Part):
    """A condition that vetoes the whole evaluation (``一票否决``), or, with a ``verdict``,
    decides its result (``本年度绩效考评按不合格处理``). Answered 是/否 (发生/未发生, or the
    condition itself)."""

    kind: ClassVar[str] = "veto"
    condition: str = ""
    verdict: str = ""
    role: Role = "veto"
    band: Band | None = None
    percent: bool = False
    #: The unit of a numeric bound (``迟报4天以上``), written in the notation so it reads back
    #: on the same measure.
    unit: str | None = None

    @property
    def signed(self) -> bool:
        band = self.band
        if band is None:  # a condition in words may name the change: 负增长的本项不得分
            return signed_measure(self.label + self.condition)
        # A numeric gate: its bounds say it (下降超过10% of a rate is a drop below its line,
        # not a rate below zero).
        return signed_measure(self.label, (band.low,), (band.high,))

    @property
    def input_kind(self) -> str:
        if self.band is None:
            return "choice"
        return "percent" if self.percent else "number"

    @property
    def units(self) -> tuple[str, ...]:
        return (self.unit,) if self.unit else ()

    def answers(self) -> Answers | None:
        if self.band is not None:
            return None  # 完成率在80%以下的,视为不合格: triggered by the measure itself
        words = [(word, True) for word in vocab.VETO_ANSWERS["triggered"]]
        words += [(word, False) for word in vocab.VETO_ANSWERS["clear"]]
        conditions = ((self.condition, True),) if self.condition else ()
        return Answers(tuple(words), conditions, vocab.VETO_CHOICES)

    def triggered(self, actual: Any) -> bool:
        if is_blank(actual):
            return False
        if self.band is not None:
            if isinstance(actual, str) and not _looks_numeric(actual):
                return False  # a word the measure accepts (an exempt word) triggers nothing
            number = coerce_number(actual, percent=self.percent)
            return number is not None and self.band.contains(number)
        answers = answer_table(self)
        assert answers is not None
        return bool(answers.find(actual))

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        self.triggered(actual)  # reads (and checks) the answer
        return 0.0

    def trigger_formula(self, ref: str) -> str:
        """TRUE when ``ref`` triggers the part."""
        if self.band is not None:
            return f"AND(ISNUMBER({ref}),{self.band.test(ref)})"
        answers = answer_table(self)
        assert answers is not None
        yes = [word for word, value in answers.words if value]
        clear = fx.any_of(ref, [word for word, value in answers.words if not value])
        test = fx.any_of(ref, yes)
        for condition, _ in answers.conditions:
            # an exact answer comes first, as in Answers.find: 没有 is "no", though the
            # condition 没有完成年度任务 starts with it
            test = f"OR({test},AND(NOT({clear}),{fx.contains(ref, condition)}))"
        return test

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        return "0"

    def notes(self, policies: Policies = DEFAULT_POLICIES) -> list[str]:
        if self.verdict:
            return []
        source = "policy" if policies.veto == DEFAULT_POLICIES.veto else "custom"
        return [vocab.VETO_NOTE.format(effect=vocab.VETO_TEXT[policies.veto])
                + "," + vocab.POLICY_SOURCE_TEXT[source]]

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        condition = self.condition or vocab.VETO_ANSWERS["triggered"][1]
        if self.band is not None:
            condition = (self.label or vocab.NOTATION_WORDS["subject_default"]) + self.band.bound(
                self.percent, self.unit)
        if self.verdict:
            return vocab.NOTATION["verdict"].format(condition=condition, verdict=self.verdict)
        return vocab.NOTATION["veto"].format(condition=condition)

    @property
    def flag(self) -> str:
        """What the summary says of a triggered part."""
        return self.verdict or vocab.KIND_LABELS["veto"]


@dataclass(frozen=True)
class Gate(Veto):
    """A condition that zeroes this item only (``有弄虚作假现象的该项不计分``), or disqualifies
    the unit with a flag (``影响全省上报的取消评比资格``). A gate ``linked`` to the award part of
    its slot is triggered when that part is not met in full (``计划未全部落实，本项指标不得分``)."""

    kind: ClassVar[str] = "gate"
    role: Role = "gate"
    disqualify: str = ""
    linked: bool = False

    def notes(self, policies: Policies = DEFAULT_POLICIES) -> list[str]:
        return []

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        condition = self.condition or vocab.VETO_ANSWERS["triggered"][1]
        if self.band is not None:
            condition = (self.label or vocab.NOTATION_WORDS["subject_default"]) + self.band.bound(
                self.percent, self.unit)
        if self.disqualify:
            return vocab.NOTATION["disqualify"].format(condition=condition, what=self.disqualify)
        return vocab.NOTATION["gate"].format(condition=condition)

    @property
    def flag(self) -> str:
        if self.disqualify:
            return f"{vocab.RULE_WORDS['cancel'][0]}{self.disqualify}{vocab.RULE_WORDS['qualification'][0]}"
        return vocab.KIND_LABELS["gate"]


# ============================================================================ several scores
SCORE_TEXT = re.compile(r"-?\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Scores(Part):
    """A part that reads several scores, one input each (``①90；②80``), and combines them: a
    weighted composite or a rescaled score. Each score is a number, ``分`` may follow it; a
    missing, unreadable, negative or too high score is refused naming its input (PS-V001 /
    PS-V004). The native formula reads each field of the cell as a number."""

    @property
    def input_kind(self) -> str:
        return "parts"

    @property
    def units(self) -> tuple[str, ...]:
        return (vocab.RULE_WORDS["points"][0],)

    def field_kind(self, index: int) -> str:
        return "points"

    def field_aliases(self, index: int) -> tuple[str, ...]:
        """Other words a finding may call input ``index`` by (``满分`` for 适用指标满分)."""
        return ()

    def numbers(self, values: Any) -> list[float]:
        """The score of each input, checked (``None`` for one left blank is refused)."""
        if not isinstance(values, (list, tuple)) or len(values) != self.width:
            raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(text=excerpt(values)),
                                   text=str(values))
        found = []
        for index, value in enumerate(values):
            label = self.field_label(index)
            if is_blank(value):
                raise ActualValueError(vocab.MESSAGES["actual_part_missing"].format(
                    index=self.slot + index + 1, label=label), text=str(values))
            try:
                found.append(self.checked(index, self.number(value), found))
            except ActualValueError as error:
                raise ActualValueError(vocab.MESSAGES["actual_part"].format(
                    index=self.slot + index + 1, label=label, message=error.message),
                    code=error.code, text=str(value)) from None
        return found

    @staticmethod
    def number(value: Any) -> float:
        """A score as typed: ``85``, ``85分``, ``８５``."""
        if isinstance(value, bool):
            raise ActualValueError(vocab.MESSAGES["actual_score"].format(text=excerpt(value)))
        if isinstance(value, (int, float)):
            number = float(value)
        else:
            text = characters(str(value)).replace(" ", "").removesuffix(vocab.RULE_WORDS["points"][0])
            if not SCORE_TEXT.fullmatch(text):
                raise ActualValueError(vocab.MESSAGES["actual_score"].format(text=excerpt(value)))
            number = float(text)
        if not math.isfinite(number):
            raise ActualValueError(vocab.MESSAGES["actual_score"].format(text=excerpt(value)))
        if number < 0:
            raise ActualValueError(vocab.MESSAGES["actual_score_negative"].format(text=fmt(number)),
                                   code="PS-V004")
        return number

    def checked(self, index: int, number: float, before: list[float]) -> float:
        """``number`` as input ``index`` takes it (``before``: the inputs already read)."""
        return number

    def contribution(self, actual: Any, policies: Policies) -> float:
        return self.score(actual, policies)

    def formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        refs = [fx.field_value(ref, index + 1, self.units) for index in range(self.width)]
        return self.checked_formula(ref, self.formula_fields(refs, policies))

    def checked_formula(self, ref: str, term: str) -> str:
        """``term`` where the cell ``ref`` holds the part's fields as the engine reads them, else
        0 (as for any field that is no score): no field past the last (``90；80；70`` for two
        scores) and no ``%`` in a field (``90%`` is no score; VALUE would read it as 0.9)."""
        tests = [f'{fx.field(ref, self.slot + self.width + 1)}=""']
        tests += [f'ISERROR(FIND("%",{fx.field(ref, self.slot + index + 1)}))'
                  for index in range(self.width)]
        return f"IF(AND({','.join(tests)}),{term},0)"

    @abstractmethod
    def formula_fields(self, refs: list[str], policies: Policies = DEFAULT_POLICIES) -> str:
        """The formula of the score, each input's value in ``refs``."""

    def _all_numbers(self, refs: list[str]) -> str:
        tests = [f"ISNUMBER({ref})" for ref in refs]
        tests += [f"{ref}>=0" for ref in refs]
        return f"AND({','.join(tests)})"


@dataclass(frozen=True)
class Weighted(Scores):
    """A weighted composite of named scores: ``市级考评分数乘以权重系数，加上全部重点县的区县级考评
    分数的算术平均值乘以权重系数……市级考评权重系数为70%，区县级考评权重系数为30%``. Each input is
    one component's score (the average of several, where the rule says 平均: a finding may list
    them, ``区县得分70、90``), at most the item's points; the score is Σ weight × score.

    Attributes:
        components: (name, weight, averaged) in the text's order; the weights add up to 1.
    """

    kind: ClassVar[str] = "weighted"
    components: tuple[tuple[str, float, bool], ...] = ()

    @property
    def width(self) -> int:
        return len(self.components)

    def field_label(self, index: int) -> str:
        name, _, averaged = self.components[index]
        return name + (vocab.NOTATION_WORDS["average"] if averaged else "")

    def averaged(self, index: int) -> bool:
        """Whether input ``index`` is the average of several scores."""
        return self.components[index][2]

    def checked(self, index: int, number: float, before: list[float]) -> float:
        if round15(number) > round15(self.points):
            raise ActualValueError(vocab.MESSAGES["actual_score_above"].format(
                text=fmt(number), full=fmt(self.points)))
        return number

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        numbers = self.numbers(actual)
        total = sum(weight * number for (_, weight, _), number in zip(self.components, numbers))
        return clamp(round15(total), 0.0, self.points)

    def formula_fields(self, refs: list[str], policies: Policies = DEFAULT_POLICIES) -> str:
        total = "+".join(f"{ref}*{fx.num(weight)}" for ref, (_, weight, _) in zip(refs, self.components))
        within = ",".join(f"{ref}<={fx.num(self.points)}" for ref in refs)  # as checked()
        return (f"IF(AND({self._all_numbers(refs)},{within}),"
                f"MIN({fx.num(self.points)},MAX(0,{total})),0)")

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        terms = vocab.NOTATION_WORDS["plus"].join(
            vocab.NOTATION["weighted_term"].format(
                label=name, average=vocab.NOTATION_WORDS["average"] if averaged else "",
                weight=fmt(weight, True))
            for name, weight, averaged in self.components)
        return vocab.NOTATION["weighted"].format(points=fmt(self.points), terms=terms)


@dataclass(frozen=True)
class Rescale(Scores):
    """The score of the applicable indicators rescaled to the item's points: ``对于不适用部分评价
    对象的评价指标，不考核该指标，用适用指标得分汇总后按百分制对该项目折算计分`` (适用指标满分80分，
    得分72分 → 72 ÷ 80 × 100 = 90). The inputs are the applicable indicators' score and their
    full points (``①72；②80``)."""

    kind: ClassVar[str] = "rescale"

    @property
    def width(self) -> int:
        return 2

    def field_label(self, index: int) -> str:
        return vocab.RESCALE_FIELDS[index]

    def field_aliases(self, index: int) -> tuple[str, ...]:
        return vocab.RESCALE_ALIASES[index]

    def numbers(self, values: Any) -> list[float]:
        got, full = super().numbers(values)
        if full <= 0:
            raise ActualValueError(vocab.MESSAGES["actual_part"].format(
                index=self.slot + 2, label=self.field_label(1),
                message=vocab.MESSAGES["actual_rescale_full"].format(text=fmt(full))),
                text=str(values))
        if round15(got) > round15(full):
            raise ActualValueError(vocab.MESSAGES["actual_part"].format(
                index=self.slot + 1, label=self.field_label(0),
                message=vocab.MESSAGES["actual_rescale_above"].format(text=fmt(got), full=fmt(full))),
                text=str(values))
        return [got, full]

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        got, full = self.numbers(actual)
        return clamp(round15(self.points * got / full), 0.0, self.points)

    def formula_fields(self, refs: list[str], policies: Policies = DEFAULT_POLICIES) -> str:
        got, full = refs
        return (f"IF(AND({self._all_numbers(refs)},{full}>0,{got}<={full}),"
                f"MIN({fx.num(self.points)},MAX(0,{fx.num(self.points)}*{got}/{full})),0)")

    def notation(self, policies: Policies = DEFAULT_POLICIES, alone: bool = True) -> str:
        return vocab.NOTATION["rescale"].format(got=self.field_label(0), full=self.field_label(1),
                                                points=fmt(self.points))


@lru_cache(maxsize=8192)
def answer_table(part: Part) -> Answers | None:
    """A part's answer table, built once per part (scoring a value looks words up in it)."""
    return part.answers()


#: Every part kind: its name (``RuleKind`` value) → class. A new kind is one class here.
KINDS: dict[str, type[Part]] = {cls.kind: cls for cls in (
    Bands, Step, CountPenalty, CountBonus, Proportional, Interpolate, Rank, RatioToTarget,
    Qualitative, Tiers, Checklist, Deductions, Awards, Discretionary, Unread, Veto, Gate, Weighted,
    Rescale)}
#: Parts that are no kind of rule on their own (they only join another part).
EXTRA_PARTS: tuple[type[Part], ...] = (EvaluatorDeduction,)


def kind_of(part: Part) -> str:
    """The rule kind a part stands for (a step's direction and a band count refine it)."""
    return getattr(part, "kind_name", part.kind)


def tier_words(tiers: list[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """Tier words without their common subject: ``内控制度完善`` → ``完善`` next to ``基本完善``.

    The subject is the longest common ending of the conditions; each word keeps the modifier
    (基本, 不 …) right before it. Without a common ending, or where two words would clash, the
    conditions themselves are the words.
    """
    conditions = [cond for cond, _ in tiers]
    suffix = conditions[0]
    for cond in conditions[1:]:
        while suffix and not cond.endswith(suffix):
            suffix = suffix[1:]
    if len(suffix) < 2:
        return tuple(tiers)
    prefixes = sorted(vocab.PARTIAL_PREFIXES + vocab.NOT_PREFIXES + vocab.ACHIEVED_PREFIXES,
                      key=len, reverse=True)
    words = []
    for cond, points in tiers:
        head = cond[: -len(suffix)]
        modifier = next((p for p in prefixes if head.endswith(p)), "")
        words.append((modifier + suffix, points))
    if len({word for word, _ in words}) != len(words):
        return tuple(tiers)
    return tuple(words)

