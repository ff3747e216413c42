"""Indicator values (指标值): ``≥99%``, ``≤100%``, ``＝0%``, ``≥5条``, ``健全``.

A :class:`Target` is a comparison, a number and a unit, or a qualitative word (DOMAIN §2). It
says whether an actual value meets it and how complete the actual value is (actual ÷ target for
≥ targets, target ÷ actual for ≤ targets, capped at 1). Some forms put operator, number and unit
in three columns; :func:`parse_target` accepts both shapes.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Literal

from . import vocab
from .actuals import classify_quality, coerce_number
from .errors import TargetError
from .normalise import normalise
from .policies import DEFAULT_POLICIES, Policies
from .spreadsheet_math import round15

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
_VALUE = re.compile(r"^(\d+(?:\.\d+)?|\.\d+)(" + "|".join(map(re.escape, _UNITS)) + ")?$")
_COUNT_UNITS = frozenset(vocab.UNITS["count"])
_QUALITY_TEXT = re.compile(r"^[^\d]+$")
_INCLUSIVE = vocab.CLAUSE_WORDS["inclusive"]
#: The completion of a value that is not met never reaches 1 (DOMAIN §2: 1 when met).
_BELOW_ONE = math.nextafter(1.0, 0.0)


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
        """Whether the value is a quantitative 0 (``＝0%``, ``≤0%``): no ratio against it."""
        return self.kind == "quantitative" and float(self.value) == 0

    def actual_number(self, actual: Any) -> float | None:
        """The actual value as a number in the target's unit (None when unfilled)."""
        return coerce_number(actual, percent=self.percent, count=self.unit in _COUNT_UNITS,
                             unit=None if self.percent else self.unit)

    def is_met(self, actual: Any) -> bool:
        """Whether ``actual`` satisfies the comparison (an unfilled value is not met)."""
        if self.kind == "qualitative":
            return classify_quality(actual, word=str(self.value)) == "achieved"
        number = self.actual_number(actual)
        return number is not None and self._holds(number)

    def _holds(self, number: float) -> bool:
        """Whether the comparison holds for a number (compared at 15 significant digits)."""
        a, t = round15(number), round15(float(self.value))
        return {"≥": a >= t, "≤": a <= t, ">": a > t, "<": a < t, "=": a == t}[self.op]

    def completion(self, actual: Any, policies: Policies = DEFAULT_POLICIES) -> float:
        """How complete ``actual`` is, from 0 to 1 (DOMAIN §2).

        ≥/> targets: actual ÷ target; ≤/< targets: target ÷ actual; ``=`` targets: the smaller
        of the two ratios; capped at 1, and 1 only when met: at the excluded bound of a strict
        target (``超过90%`` with 90%) the ratio is 1 but the value is not met, so the completion
        is the largest number below 1. Qualitative targets use the tier shares of ``policies``.
        An unfilled actual value is 0.

        Raises:
            TargetError: PS-T003 for a zero target (``＝0%``, ``≤0%``): a ratio against 0 is
                undefined (DOMAIN §2); ask :meth:`is_met` instead.
            ActualValueError: The actual value cannot be read for this target.
        """
        if self.kind == "qualitative":
            quality = classify_quality(actual, word=str(self.value))
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
        return min(max(ratio, 0.0), _BELOW_ONE)


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
        text: ``≥99%``, ``＞＝９９％``, ``不低于99%``, ``99%以上``, ``≥5条``, ``健全``, ``＝0%``.
        op, value, unit: The three-column shape (``≥ | 99 | %``); used when ``text`` is None.

    Returns:
        The :class:`Target`; a bare number means ``=``.

    Raises:
        TargetError: PS-T002 when empty, PS-T001 when unreadable.
    """
    if text is None:
        parts = ["" if part is None else str(part) for part in (op, value, unit)]
        text = "".join(parts)
    raw = str(text)
    if len(raw) > 200:
        raise TargetError(vocab.MESSAGES["target_unreadable"].format(text=raw[:20] + "…"))
    canonical = normalise(raw).rstrip(";,")
    if not canonical:
        raise TargetError(vocab.MESSAGES["target_empty"], code="PS-T002")
    operator, rest = _split_operator(canonical)
    match = _VALUE.match(rest)
    if match:
        number, unit_text = Decimal(match.group(1)), match.group(2)
        number_value = float(number / 100) if unit_text == "%" else float(number)
        return Target(operator or "=", number_value, unit_text, "quantitative", canonical)
    if _QUALITY_TEXT.match(rest) and operator in (None, "=") and not any(
        ch in rest for ch in "%<>=≤≥"
    ):
        return Target("=", rest, None, "qualitative", canonical)
    # The caret goes where reading stopped: after the operator and any leading number.
    digits = _LEADING_NUMBER.match(rest)
    position = len(canonical) - len(rest) + (digits.end() if digits else 0)
    raise TargetError(vocab.MESSAGES["target_unreadable"].format(text=raw), text=canonical,
                      position=position)


_LEADING_NUMBER = re.compile(r"\d+(?:\.\d+)?")
