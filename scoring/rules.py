"""The :class:`Rule` model: what a 评价要点 text means, and the score it gives an actual value.

A rule is frozen data: the item's points, a base (the points a rule of deductions starts from)
and its parts (:mod:`scoring.parts`), each reading one input. Most rules have one part and one
input; a rule of several parts (``每减少1%扣1分……每发现一项质量问题扣1分，最多扣6分``) takes
one value per input in one cell, ``①97%；②2``, in the order :meth:`Rule.inputs_text` names.

:meth:`Rule.score` applies DOMAIN §4 with the policies in force (a rule's own wording overrides
a policy), :meth:`Rule.explain` writes the rule in the standard notation (标准写法) that reads
back as the same rule, and :meth:`Rule.to_formula` writes the same computation as a native
spreadsheet formula.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum
from functools import cached_property
from typing import Any

from . import formula as fx
from . import vocab
from .actuals import PERCENT_SIGN_LIMIT, coerce_number, is_blank
from .answers import Answers
from .errors import ActualValueError
from .normalise import characters
from .plaintext import excerpt
from .findings import read_finding
from .parts import (Awards, Band, Discretionary, Gate, Numeric, Part, Scores, Step, Unread, Veto,
                    answer_table, fmt, kind_of)
from .policies import DEFAULT_POLICIES, Policies
from .spreadsheet_math import clamp, round15

__all__ = ["Band", "Rule", "RuleKind"]


class RuleKind(str, Enum):
    """The scoring patterns of DOMAIN §4 (and of the rules of several parts)."""

    QUALITATIVE = "qualitative"
    THRESHOLD = "threshold"
    STEP = "step"
    PROPORTIONAL = "proportional"
    REVERSE_STEP = "reverse_step"
    DEVIATION = "deviation"
    BANDS = "bands"
    TIERS = "tiers"
    COUNT_PENALTY = "count_penalty"
    COUNT_BONUS = "count_bonus"
    CHECKLIST = "checklist"
    DEDUCTIONS = "deductions"
    BONUS = "bonus"
    DISCRETIONARY = "discretionary"
    RATIO_TO_TARGET = "ratio_to_target"
    VETO = "veto"
    GATE = "gate"
    INTERPOLATE = "interpolate"
    RANK = "rank"
    COMPOSITE = "composite"
    WEIGHTED = "weighted"
    RESCALE = "rescale"
    UNREAD = "unread"


_LABEL = re.compile(r"^\[(\d{1,2})\]")


@dataclass(frozen=True)
class Rule:
    """An executable scoring rule.

    Attributes:
        points: The item's points (None only where neither the text nor the framework gives
            them: a veto, a bonus list capped by the policies, a free evaluator score).
        text: The normalised rule text.
        parts: The parts, in the order of the text.
        base: What the parts act on: the points for a rule that only deducts, else 0.
    """

    points: float | None
    text: str
    parts: tuple[Part, ...]
    base: float = 0.0

    # ----------------------------------------------------------------- shape
    @property
    def kind(self) -> RuleKind:
        """The pattern: the kind of a rule's one part, or ``composite``."""
        if len(self.parts) == 1:
            return RuleKind(kind_of(self.parts[0]))
        return RuleKind.COMPOSITE

    @property
    def part(self) -> Part:
        """The rule's first scored part (its only one, for most rules)."""
        return next((p for p in self.parts if p.role not in ("gate", "veto")), self.parts[0])

    @property
    def inputs(self) -> int:
        """How many values the rule reads (one per slot; a part may read several)."""
        return max(part.slot + part.width for part in self.parts)

    @property
    def unread(self) -> Unread | None:
        """The unread part of a rule the reader could not read (the evaluator scores it)."""
        part = self.parts[0]
        return part if isinstance(part, Unread) else None

    def slot_parts(self, slot: int) -> list[Part]:
        """The parts reading input ``slot``."""
        return [part for part in self.parts if part.slot <= slot < part.slot + part.width]

    @property
    def percent(self) -> bool:
        """Whether the rule's one input is a percentage."""
        return self.input_kind == "percent"

    # ----------------------------------------------------------------- inputs
    def _slot_kind(self, slot: int) -> str:
        parts = self.slot_parts(slot)
        scored = [part for part in parts if part.role not in ("gate", "veto")] or parts
        return scored[0].field_kind(slot - scored[0].slot)

    @property
    def input_kind(self) -> str:
        """What the actual-value cell holds: percent, number, count, choice, awards, score, or
        ``parts`` (one value per part, ``①97%；②2``)."""
        return self._slot_kind(0) if self.inputs == 1 else "parts"

    def answers(self) -> Answers | None:
        """The words the rule's one input accepts (None for numbers and several inputs)."""
        if self.inputs != 1:
            return None
        tables = [answer_table(part) for part in self.parts]
        tables = [table for table in tables if table is not None]
        if not tables:
            return None
        words = tuple(pair for table in tables for pair in table.words)
        conditions = tuple(pair for table in tables for pair in table.conditions)
        choices = tuple(dict.fromkeys(word for table in tables for word in table.choices))
        return Answers(words, conditions, choices)

    @property
    def choices(self) -> tuple[str, ...]:
        """Dropdown values of a choice input (empty for numbers and several inputs)."""
        if self.input_kind not in ("choice", "awards"):
            return ()
        answers = self.answers()
        return answers.choices if answers else ()

    def accepted(self) -> tuple[str, ...]:
        """Every word the one input accepts, as the engine and the formula read it."""
        answers = self.answers()
        return answers.accepted() if answers else ()

    def inputs_text(self) -> str:
        """What to type, part by part: ``①完成率(百分比);②问题(个数)``."""
        pieces = []
        for slot in range(self.inputs):
            parts = self.slot_parts(slot)
            label = next((part.field_label(slot - part.slot) for part in parts
                          if part.field_label(slot - part.slot)), "")
            pieces.append(vocab.NOTATION_WORDS["input"].format(
                label=vocab.CIRCLED[slot], name=label,
                kind=vocab.INPUT_TEXT.get(self._slot_kind(slot), "")))
        return vocab.NOTATION_WORDS["part_sep"].join(pieces)

    def values(self, actual: Any) -> list[Any]:
        """The value of each input: ``①97%；②2`` → ["97%", "2"]; a list or a mapping of
        1-based indices works too. Missing parts are None."""
        count = self.inputs
        if count == 1:
            return [actual]
        if isinstance(actual, (list, tuple)):
            values = list(actual)
        elif isinstance(actual, dict):
            values = [actual.get(index + 1, actual.get(str(index + 1))) for index in range(count)]
        elif isinstance(actual, str):
            values = _split_parts(actual, count, self)
        else:
            values = [actual]
        if len(values) > count:
            raise ActualValueError(vocab.MESSAGES["actual_parts"].format(
                text=excerpt(actual), example=self.example_value(), count=count), text=str(actual))
        return values + [None] * (count - len(values))

    def example_value(self) -> str:
        """An example of a multi-part value: ``①…；②…``."""
        return vocab.PART_SEPARATORS[1].join(f"{vocab.CIRCLED[slot]}…" for slot in range(self.inputs))

    # ----------------------------------------------------------------- scoring
    def ceiling(self, policies: Policies = DEFAULT_POLICIES) -> float | None:
        """The most the rule gives: its points, plus what bonus parts add on top."""
        if len(self.parts) == 1:
            part = self.parts[0]
            if isinstance(part, Discretionary) and not part.capped:
                return None
            if isinstance(part, Awards) and part.policy_cap:
                return policies.bonus_cap
        return self.base + sum(max(0.0, part.highest) for part in self.parts
                               if part.role not in ("deduct", "gate", "veto"))

    def _part_values(self, actual: Any) -> list[Any]:
        values = self.values(actual)
        for slot, value in enumerate(values):
            if is_blank(value) and any(not part.optional for part in self.slot_parts(slot)):
                label = next((part.field_label(slot - part.slot) for part in self.slot_parts(slot)
                              if part.field_label(slot - part.slot)), "")
                raise ActualValueError(vocab.MESSAGES["actual_part_missing"].format(
                    index=slot + 1, label=label), text=str(actual))
        return values

    def _read(self, part: Part, value: Any, policies: Policies, what: str) -> Any:
        """Run ``what`` of a part on its value; a bad value names its part."""
        try:
            if what == "contribution":
                return part.contribution(value, policies)
            if what == "score":
                return part.score(value, policies)
            return part.triggered(value)
        except ActualValueError as error:
            raise self._in_part(part, error) from None

    def _in_part(self, part: Part, error: ActualValueError) -> ActualValueError:
        """``error`` of the value of ``part``, naming the part in a rule of several inputs."""
        if self.inputs == 1 or part.width > 1:
            return error  # a part of several inputs names the one at fault itself
        return ActualValueError(vocab.MESSAGES["actual_part"].format(
            index=part.slot + 1, label=part.label, message=error.message),
            code=error.code, text=error.text)

    @cached_property
    def _unsigned_rates(self) -> tuple[int, ...]:
        """The inputs that are percentages no part of which gives a value below zero a meaning
        (a completion rate, not a change rate: :attr:`Part.signed`, docs/rules.md)."""
        return tuple(slot for slot in range(self.inputs) if self._slot_kind(slot) == "percent"
                     and not any(part.signed for part in self.slot_parts(slot)))

    def _refuse_negative_rates(self, values: list[Any]) -> None:
        """PS-V004 for a percentage below zero in one of :attr:`_unsigned_rates`, whichever of
        its parts would read it (a gate reading ``-5%`` must not pass it as a low rate)."""
        for slot in self._unsigned_rates:
            if is_blank(values[slot]):
                continue
            try:
                coerce_number(values[slot], percent=True, signed=False)
            except ActualValueError as error:
                if error.code == "PS-V004":
                    raise self._in_part(self.slot_parts(slot)[0], error) from None
                # any other problem (or an exempt word) is the parts' to read and report

    def _triggered(self, values: list[Any], policies: Policies) -> list[Veto]:
        triggered = []
        for part in self.parts:
            if not isinstance(part, Veto):
                continue
            value = values[part.slot]
            if isinstance(part, Gate) and part.linked:
                linked = [p for p in self.slot_parts(part.slot) if p.role == "award"]
                if value is not None and any(
                        self._read(p, value, policies, "score") < p.points - 1e-9 for p in linked):
                    triggered.append(part)
            elif self._read(part, value, policies, "triggered"):
                triggered.append(part)
        return triggered

    def score(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        """The score ``actual`` earns, within 0 … :meth:`ceiling`.

        Args:
            actual: The actual value (实际完成值), or one value per part for a rule of several
                parts; an unfilled value scores 0.
            policies: The scoring policies (DOMAIN §4).

        Raises:
            ActualValueError: The value cannot be read for this rule (PS-V001…PS-V005).
        """
        return self.read(actual, policies)[0]

    def read(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> tuple[float, Any]:
        """The score of ``actual`` and, when it was read as a described finding, the canonical
        value it was read as (None when it was read as it stands)."""
        try:
            return self._score(actual, policies), None
        except ActualValueError as error:
            finding = self._finding_or_raise(actual, error)
            return self._score(finding, policies), finding

    def _finding_or_raise(self, actual: Any, error: ActualValueError) -> Any:
        """The finding ``actual`` states, when reading it as it stands failed with ``error``
        (an unreadable value, PS-V001); otherwise ``error`` stands."""
        finding = self.read_finding(actual) if error.code == "PS-V001" else None
        if finding is None:
            raise error
        return finding

    def written(self, value: Any) -> str:
        """A value as it is typed: ``["97%", "2"]`` → ``①97%；②2``."""
        if not isinstance(value, list):
            return str(value)
        return vocab.PART_SEPARATORS[1].join(
            f"{vocab.CIRCLED[slot]}{'' if item is None else item}" for slot, item in enumerate(value))

    def read_finding(self, actual: Any) -> Any:
        """The canonical value a described finding states (``完成率97%,质量问题2项`` →
        ``["97%", "2"]``, ``仅满足①②`` → ``①②``), or None (:mod:`scoring.findings`)."""
        if isinstance(actual, (int, float)) and not isinstance(actual, bool) and self.inputs > 1 \
                and math.isfinite(actual):
            # one number typed for a rule of several parts (3 cases), as written
            actual = str(int(actual)) if float(actual).is_integer() else repr(float(actual))
        if not isinstance(actual, str):
            return None
        values = read_finding(self, actual)
        if values is None:
            return None
        return values[0] if self.inputs == 1 else values

    def _score(self, actual: Any, policies: Policies) -> float:
        if is_blank(actual):
            return 0.0
        if len(self.parts) == 1 and not self.base and self.parts[0].role == "award" and \
                self.parts[0].width == 1:
            # One part (most rules): no splitting, no gates, its score within the ceiling.
            self._refuse_negative_rates([actual])
            return round15(clamp(self.parts[0].score(actual, policies), 0.0,
                                 self.ceiling(policies))) + 0.0
        values = self._part_values(actual)
        self._refuse_negative_rates(values)
        if self._triggered(values, policies):
            return 0.0
        total = self.base
        for part in self.parts:
            if part.role in ("gate", "veto"):
                continue
            value = values[part.slot] if part.width == 1 else \
                values[part.slot:part.slot + part.width]
            if is_blank(value):
                continue  # an optional bonus left out adds nothing
            total += self._read(part, value, policies, "contribution")
        return round15(clamp(total, 0.0, self.ceiling(policies))) + 0.0

    def vetoed(self, actual: Any) -> bool:
        """Whether a veto (一票否决) is triggered by ``actual``."""
        return any(not isinstance(part, Gate) for part in self.triggered_parts(actual))

    def triggered_parts(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> list[Veto]:
        """The vetoes and gates ``actual`` triggers (none for an unfilled value)."""
        if is_blank(actual) or not any(isinstance(part, Veto) for part in self.parts):
            return []
        try:
            self._score(actual, policies)  # every part reads its value, or it is a finding
            values = self._part_values(actual)
        except ActualValueError as error:
            # a finding may name only what triggers (影响全省上报)
            values = self.values(self._finding_or_raise(actual, error))
        return self._triggered(values, policies)

    def effective_partial_step(self, policies: Policies = DEFAULT_POLICIES) -> str:
        """The partial-step treatment of a step rule: its wording, else the policy."""
        part = self.part
        return part.effective_partial_step(policies) if isinstance(part, Step) \
            else policies.partial_step

    # ----------------------------------------------------------------- writing
    def explain(self, policies: Policies = DEFAULT_POLICIES) -> str:
        """The rule in the standard notation, with notes on what to type and the policies used.

        ``parse_rule(rule.explain(), rule.points)`` scores every value as this rule does.
        """
        sep = vocab.NOTATION_WORDS["part_sep"]
        if len(self.parts) == 1:
            sentence = self.parts[0].notation(policies)
            if self.base:  # 满分2分,每发现1处问题扣0.5分
                sentence = vocab.NOTATION_WORDS["full"].format(points=fmt(self.base)) + sentence
        else:
            pieces = []
            if self.base and any(part.role == "award" for part in self.parts):
                # the deductions start from what the awards leave of the whole
                pieces = [vocab.NOTATION_WORDS["full"].format(points=fmt(self.points)).rstrip(",")]
            elif self.base:
                pieces = [vocab.NOTATION_WORDS["base"].format(points=fmt(self.base))]
            # parts of one input (新增税收≥5万元的得5分;新增税收≥10万元的加5分; a step and the
            # bonus past its line) are written as one sentence, as they are read
            one = self.inputs == 1
            pieces += [f"{'' if one else vocab.CIRCLED[index]}{part.notation(policies, alone=False)}"
                       for index, part in enumerate(self.parts)]
            sentence = sep.join(pieces)
        if self.inputs > 1:
            sentence += vocab.NOTES["inputs"].format(text=self.inputs_text())
        notes = [note for part in self.parts for note in part.notes(policies)]
        if notes:
            sentence += vocab.NOTES["policy"].format(text=sep.join(dict.fromkeys(notes)))
        return sentence + vocab.SENTENCE_END

    def to_formula(self, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
        """A native spreadsheet formula (``=…``) computing :meth:`score` from the cell ``ref``."""
        if self.inputs == 1:
            refs = [ref]
        else:
            refs = []
            for slot in range(self.inputs):
                parts = self.slot_parts(slot)
                if any(isinstance(part, Numeric) or part.width > 1
                       or getattr(part, "band", None) is not None for part in parts):  # 重大问题≥2处
                    units = [unit for part in parts for unit in part.units]
                    refs.append(fx.field_value(ref, slot + 1, units))
                else:
                    refs.append(fx.field(ref, slot + 1))
        terms = []
        for part in self.parts:
            if part.role in ("gate", "veto"):
                continue
            if isinstance(part, Scores):
                term = part.checked_formula(
                    ref, part.formula_fields(refs[part.slot:part.slot + part.width], policies))
            else:
                term = part.formula(refs[part.slot], policies)
            if part.role == "deduct":
                term = f"({term}-{fx.num(part.points)})"
            terms.append(term)
        if len(terms) > 1 or self.base:
            terms = [term if term.startswith("(") else f"({term})" for term in terms]
        body = "+".join(([fx.num(self.base)] if self.base else []) + terms) or "0"
        top = self.ceiling(policies)
        if len(terms) > 1 or self.base:
            body = f"MAX(0,{body})" if top is None else f"MIN({fx.num(top)},MAX(0,{body}))"
        triggers = []
        for part in self.parts:
            if not isinstance(part, Veto):
                continue
            slot_ref = refs[part.slot]
            if isinstance(part, Gate) and part.linked:
                for linked in self.slot_parts(part.slot):
                    if linked.role == "award":
                        triggers.append(f"AND({slot_ref}<>\"\",({linked.formula(slot_ref, policies)})"
                                        f"<{fx.num(linked.points)}-0.000000001)")
            else:
                triggers.append(part.trigger_formula(slot_ref))
        if triggers:
            test = triggers[0] if len(triggers) == 1 else f"OR({','.join(triggers)})"
            body = f"IF({test},0,{body})"
        if self.base or self.inputs > 1:
            body = f"IF({ref}=\"\",0,{body})"
        return "=" + self._refusals_formula(ref, body)

    def _refusals_formula(self, ref: str, body: str) -> str:
        """``body`` behind the checks by which :meth:`score` refuses a number in a percent cell:
        a bare number above :data:`PERCENT_SIGN_LIMIT` (95 for 95%, PS-V003) and, for a rate
        that cannot fall below zero, a negative one (PS-V004). The cell then shows the code (a
        text, so the item counts 0 points, as the engine scores a refused value) instead of a
        score nobody meant: 9500% would earn full points."""
        if self.inputs != 1 or self._slot_kind(0) != "percent":
            return body
        # N() is 0 for text: AND() evaluates every argument, and ABS("达成") is an error.
        if self._unsigned_rates:
            body = f'IF(N({ref})<0,"{vocab.FORMULA_REFUSALS["PS-V004"]}",{body})'
        return (f'IF(ABS(N({ref}))>{PERCENT_SIGN_LIMIT:g},'
                f'"{vocab.FORMULA_REFUSALS["PS-V003"]}",{body})')

    def accepts_formula(self, ref: str) -> str:
        """TRUE when ``ref`` holds an answer the one input accepts (as the engine reads it)."""
        own = self.part.accepts_formula(ref) if self.inputs == 1 else None
        if own is not None:
            return own  # a checklist's labels (①③)
        answers = self.answers()
        if answers is None:
            return "TRUE()"
        tests = [fx.any_of(ref, [word for word, _ in answers.words])]
        if any(word == vocab.YES_NO_CHOICES[0] for word, _ in answers.words):
            tests.append(f"{ref}=TRUE()")
        if any(word == vocab.YES_NO_CHOICES[1] for word, _ in answers.words):
            tests.append(f"{ref}=FALSE()")
        tests += [fx.contains(ref, condition) for condition, _ in answers.conditions]
        return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"

    def veto_formula(self, ref: str) -> str | None:
        """TRUE when ``ref`` triggers a veto (一票否决) of the whole evaluation, else None."""
        refs = [ref] if self.inputs == 1 else [fx.field(ref, slot + 1) for slot in range(self.inputs)]
        tests = [part.trigger_formula(refs[part.slot]) for part in self.parts
                 if isinstance(part, Veto) and not isinstance(part, Gate)]
        if not tests:
            return None
        return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-able description: kind, points, text, input kind and the parts."""
        data: dict[str, Any] = {"kind": self.kind.value, "points": self.points, "text": self.text,
                                "input_kind": self.input_kind}
        if self.base:
            data["base"] = self.base
        if len(self.parts) == 1:
            data.update(self.parts[0].params())
            data["points"] = self.points
        else:
            data["parts"] = [{"kind": kind_of(part), **part.params()} for part in self.parts]
        if self.unread:
            data["warning"] = self.unread.detail
        return data


def _split_parts(text: str, count: int, rule: Rule) -> list[Any]:
    """Cut ``①97%；②2`` into its fields: at ``;``/``；``/line breaks, labels checked."""
    if not re.search(f"[{re.escape(vocab.PART_SEPARATORS)}]", text):
        pieces = [text]
    else:
        pieces = re.split(f"[{re.escape(vocab.PART_SEPARATORS)}]", text)
    values: list[Any] = []
    for index, piece in enumerate(pieces):
        field = characters(piece)
        label = _LABEL.match(field)
        if label:
            if int(label.group(1)) != index + 1:
                raise ActualValueError(vocab.MESSAGES["actual_parts"].format(
                    text=text, example=rule.example_value(), count=count), text=text)
            field = field[label.end():].strip()
        values.append(field or None)
    while values and values[-1] is None and len(values) > count:
        values.pop()
    return values
