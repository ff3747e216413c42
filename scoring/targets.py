"""Indicator values (指标值): ``≥99%``, ``≤100%``, ``＝0%``, ``≥5条``, ``≤-5%``, ``健全``.

A :class:`Target` is a comparison, a number and a unit, or a qualitative word (DOMAIN §2). It
says whether an actual value meets it and how complete the actual value is (actual ÷ target for
≥ targets, target ÷ actual for ≤ targets, capped at 1). Some forms put operator, number and unit
in three columns; :func:`parse_target` accepts both shapes. A qualitative value must be a known
quality word (``健全``, ``基本健全``, ``是``): any other text is a typing error, not a target.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal
from typing import Any, Literal

from . import vocab
from .actuals import classify_quality, coerce_number
from .errors import TargetError
from .normalise import normalise
from .policies import DEFAULT_POLICIES, Policies
from .spreadsheet_math import round15

#: Most significant digits an indicator value may carry (beyond this, a typing error).
_MAX_DIGITS = 15

Operator = Literal["≥", "≤", ">", "<", "="]

_WORD_OPS_BEFORE = sorted(
    ((word, op) for op, words in vocab.OPERATOR_WORDS_BEFORE.items() for word in words),
    key=lambda pair: len(pair[0]), reverse=True,
)
_SYMBOL_OPS = sorted(
    ((symbol, op) for op, symbols in vocab.OPERATOR_SYMBOLS.items() for symbol in symbols),
    key=lambda pair: len(pair[0]), reverse=True,
)
_WORD_OPS_AFTER = sorted(
    ((word, op) for op, words in vocab.OPERATOR_WORDS_AFTER.items() for word in words),
    key=lambda pair: len(pair[0]), reverse=True,
)
_UNITS = sorted((unit for units in vocab.UNITS.values() for unit in units), key=len, reverse=True)
#: A number: optional minus sign, digits with optional thousands separators (``1,000``: a comma
#: followed by exactly three digits), optional decimals.
_VALUE = re.compile(r"^(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|-?\.\d+)("
                    + "|".join(map(re.escape, _UNITS)) + ")?$")
_COUNT_UNITS = frozenset(vocab.UNITS["count"])
_INCLUSIVE = vocab.RULE_WORDS["inclusive"]
#: ``下降5%``: a change rate cut by at least 5%, i.e. ≤ −5%.
_DECREASE = tuple(sorted(vocab.TARGET_DECREASE, key=len, reverse=True))
#: The operator of ``降低 <op> N``: a cut of at least N is a change ≤ −N, of at most N ≥ −N.
_DECREASE_OPS: dict[str | None, Operator] = {None: "≤", "≥": "≤", ">": "<", "≤": "≥", "<": ">",
                                             "=": "="}


def _quality_words() -> frozenset[str]:
    """Every qualitative indicator value accepted: quality words, their 已/基本/不 forms, 是/否."""
    prefixes = vocab.ACHIEVED_PREFIXES + vocab.PARTIAL_PREFIXES + vocab.NOT_PREFIXES
    words = set(vocab.QUALITY_WORDS)
    words.update(prefix + word for prefix in prefixes for word in vocab.QUALITY_WORDS)
    words.update(word for word in vocab.YES_WORDS + vocab.NO_WORDS + vocab.PARTIAL_WORDS
                 if not word.isascii())
    return frozenset(words)


#: Qualitative indicator values (``健全``, ``基本健全``, ``不健全``, ``是``, ``否``).
QUALITY_TARGETS: frozenset[str] = _quality_words()


@dataclass(frozen=True)
class Target:
    """One indicator value.

    Attributes:
        op: ``≥``, ``≤``, ``>``, ``<`` or ``=``.
        value: The number (0.99 for 99%, 5.0 for 5条) or the quality word (``健全``).
        unit: ``%``, a count, money or time unit, or None.
        kind: ``quantitative`` or ``qualitative``.
        text: The normalised text of the value (``≥99%``).
    """

    op: Operator
    value: float | str
    unit: str | None
    kind: Literal["quantitative", "qualitative"]
    text: str

    @property
    def percent(self) -> bool:
        """Whether the value is a percentage."""
        return self.unit == "%"

    @property
    def zero(self) -> bool:
        """Whether the value is a quantitative 0 or below (``＝0%``, ``≤0%``, ``≤-5%``).

        No ratio is taken against such a value (DOMAIN §2 for 0; a ratio of two negative
        change rates says nothing about completion): it is met or not.
        """
        return self.kind == "quantitative" and float(self.value) <= 0

    @property
    def negated(self) -> bool:
        """Whether a qualitative value states a negative (``否``, ``无``): met by ``否``."""
        return self.kind == "qualitative" and str(self.value).lower() in vocab.NO_WORDS

    def _quality(self, actual: Any) -> str | None:
        """The tier of an actual statement; for a ``否`` target, ``否`` is what achieves it."""
        if self.negated:
            quality = classify_quality(actual)
            return {"achieved": "not_achieved", "not_achieved": "achieved"}.get(
                quality, quality) if quality else None
        return classify_quality(actual, word=str(self.value))

    def actual_number(self, actual: Any) -> float | None:
        """The actual value as a number in the target's unit (None when unfilled).

        A percentage below zero is refused (PS-V004) unless the target is 0 or below (``≤0%``,
        ``≤-5%``, ``下降5%``: a change rate); against ``≥99%`` it is a typing error.
        """
        return coerce_number(actual, percent=self.percent, count=self.unit in _COUNT_UNITS,
                             unit=None if self.percent else self.unit, signed=self.zero)

    def is_met(self, actual: Any) -> bool:
        """Whether ``actual`` satisfies the comparison (an unfilled value is not met)."""
        if self.kind == "qualitative":
            return self._quality(actual) == "achieved"
        number = self.actual_number(actual)
        return number is not None and self._holds(number)

    def _holds(self, number: float) -> bool:
        """Whether the comparison holds for a number (compared at 15 significant digits)."""
        a, t = round15(number), round15(float(self.value))
        return {"≥": a >= t, "≤": a <= t, ">": a > t, "<": a < t, "=": a == t}[self.op]

    def completion(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        """How complete ``actual`` is, from 0 to 1 (DOMAIN §2).

        ≥/> targets: actual ÷ target; ≤/< targets: target ÷ actual; ``=`` targets: the smaller
        of the two ratios; rounded at 15 significant digits like the workbook's formulas, and
        capped at 1. At the excluded bound of a strict target (``低于5%`` with 5%) the ratio is
        1 — as the workbook formula computes it — while :meth:`is_met` still says not met.
        Qualitative targets use the tier shares of ``policies``. An unfilled actual value is 0.

        Raises:
            TargetError: PS-T003 for a target of 0 or below (``＝0%``, ``≤0%``, ``≤-5%``): a
                ratio against it is undefined (DOMAIN §2); ask :meth:`is_met` instead.
            ActualValueError: The actual value cannot be read for this target.
        """
        if self.kind == "qualitative":
            quality = self._quality(actual)
            if quality is None:
                return 0.0
            return {"achieved": policies.tier_achieved, "partial": policies.tier_partial,
                    "not_achieved": policies.tier_not_achieved}[quality]
        if self.zero:
            raise TargetError(vocab.MESSAGES["target_zero"].format(text=self.text), code="PS-T003",
                              text=self.text)
        number = self.actual_number(actual)
        if number is None:
            return 0.0
        if self._holds(number):
            return 1.0
        target = float(self.value)
        if number <= 0:
            # Nothing achieved towards a positive ≥ target, or a ≤ target not met: 0.
            return 0.0
        if self.op in ("≥", ">"):
            ratio = number / target
        elif self.op in ("≤", "<"):
            ratio = target / number
        else:
            ratio = min(number / target, target / number)
        return min(max(round15(ratio), 0.0), 1.0)


def _split_operator(text: str) -> tuple[Operator | None, str]:
    for table in (_SYMBOL_OPS, _WORD_OPS_BEFORE):
        for word, op in table:
            if text.startswith(word):
                return op, text[len(word):]  # type: ignore[return-value]
    for word, op in _WORD_OPS_AFTER:
        if text.endswith(word):
            rest = text[: -len(word)]
            for marker in _INCLUSIVE:
                rest = rest.removesuffix(marker)
            return op, rest  # type: ignore[return-value]
    return None, text


def parse_target(text: Any = None, *, op: str | None = None, value: Any = None,
                 unit: str | None = None) -> Target:
    """Read an indicator value from one cell or from three columns.

    Args:
        text: ``≥99%``, ``＞＝９９％``, ``不低于99%``, ``99%以上``, ``≥5条``, ``健全``, ``＝0%``,
            ``≤-5%``, ``≥1,000万元``, ``下降5%`` (≤ −5%), ``下降不超过5%`` (≥ −5%).
        op, value, unit: The three-column shape (``≥ | 99 | %``); used when ``text`` is None.

    Returns:
        The :class:`Target`; a bare number means ``=``.

    Raises:
        TargetError: PS-T002 when empty, PS-T001 when unreadable: a text that is not a known
            quality word (``abc``), a count unit without a number (``xyz条``), more than 15
            significant digits.
    """
    if text is None:
        parts = ["" if part is None else str(part) for part in (op, value, unit)]
        text = "".join(parts)
    raw = str(text)
    if len(raw) > 200:
        raise TargetError(vocab.MESSAGES["target_unreadable"].format(text=raw[:20] + "…"))
    return _parse_text(raw)


@lru_cache(maxsize=4096)
def _parse_text(raw: str) -> Target:
    """:func:`parse_target` of one text, cached: a batch reads the same few hundred 指标值 in
    every workbook (a :class:`Target` is frozen; a text that cannot be read raises each time)."""
    canonical = normalise(raw).rstrip(";,")
    if not canonical:
        raise TargetError(vocab.MESSAGES["target_empty"], code="PS-T002")
    decrease = next((word for word in _DECREASE if canonical.startswith(word)), None)
    operator, rest = _split_operator(canonical[len(decrease or ""):])
    match = _VALUE.match(rest)
    if match and (not decrease or not match.group(1).startswith("-")):
        number, unit_text = Decimal(match.group(1).replace(",", "")), match.group(2)
        if len(number.as_tuple().digits) > _MAX_DIGITS:
            raise TargetError(vocab.MESSAGES["target_too_precise"].format(
                text=raw[:40], digits=_MAX_DIGITS), text=canonical)
        number_value = float(number / 100) if unit_text == "%" else float(number)
        if number_value < 0 and unit_text in _COUNT_UNITS:
            raise TargetError(vocab.MESSAGES["target_unreadable"].format(text=raw), text=canonical)
        if decrease:
            return Target(_DECREASE_OPS[operator], -number_value, unit_text, "quantitative",
                          canonical)
        return Target(operator or "=", number_value, unit_text, "quantitative", canonical)
    if rest in QUALITY_TARGETS and operator in (None, "=") and not decrease:
        return Target("=", rest, None, "qualitative", canonical)
    # The caret goes where reading stopped: after the operator and any leading number.
    digits = _LEADING_NUMBER.match(rest)
    position = len(canonical) - len(rest) + (digits.end() if digits else 0)
    raise TargetError(vocab.MESSAGES["target_unreadable"].format(text=raw), text=canonical,
                      position=position)


_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")
