"""Coerce actual values (实际完成值) as users type them into the numbers and words rules need.

An actual value comes from a workbook cell, the CLI or a batch file: ``0.97``, ``"97%"``,
``"９７％"``, ``"12条"``, ``"健全"``, ``"是"``, a list of awards, or nothing at all. An unfilled
value is ``None`` here (the rule then scores 0, never crashes); a value that cannot be read is an
:class:`~scoring.errors.ActualValueError` whose message says what was expected.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from . import vocab
from .errors import ActualValueError
from .normalise import characters
from .plaintext import excerpt

#: How well a qualitative statement meets its condition.
Quality = Literal["achieved", "partial", "not_achieved"]

_ALL_UNITS = tuple(
    sorted((unit for units in vocab.UNITS.values() for unit in units), key=len, reverse=True)
)
_NUMBER = re.compile(
    r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)(%|" + "|".join(map(re.escape, _ALL_UNITS)) + ")?$"
)
_ERRORS = {error.upper() for error in vocab.EXCEL_ERRORS}
#: Percent values above this are taken as a forgotten percent sign (95 meant 95%).
PERCENT_SIGN_LIMIT = 10.0


def is_blank(actual: Any) -> bool:
    """True for an unfilled value: None, an empty or whitespace-only text, or an empty list."""
    if actual is None:
        return True
    if isinstance(actual, str):
        return not actual.strip()
    if isinstance(actual, float):
        return math.isnan(actual)
    if isinstance(actual, (list, tuple, set, frozenset)):
        return len(actual) == 0
    return False


def _text(actual: Any) -> str:
    return characters(str(actual)).replace(" ", "")


def check_error_value(text: str) -> None:
    """Refuse a spreadsheet error value typed or computed into an actual cell (PS-V005)."""
    if text.upper() in _ERRORS:
        raise ActualValueError(vocab.MESSAGES["actual_error"].format(text=text), code="PS-V005")


def coerce_number(actual: Any, *, percent: bool = False, count: bool = False,
                  unit: str | None = None, signed: bool = True) -> float | None:
    """The number an actual value stands for, or None when it is unfilled.

    Args:
        actual: A number, or a text like ``97%``, ``９７％``, ``0.97``, ``12条``.
        percent: The rule or target is a percentage: ``97%`` is 0.97 and a bare number above
            :data:`PERCENT_SIGN_LIMIT` is taken as a forgotten percent sign (PS-V003).
        count: The value counts things, so it cannot be negative (PS-V004).
        unit: The unit of the target (``条``); a different unit in the text is PS-V002.
        signed: Whether a percentage may be below zero (a change rate: 增长率, 变动率). False for
            a completion, coverage or satisfaction rate, where ``-5%`` is a typing error
            (PS-V004); the rule or target decides (docs/rules.md).

    Returns:
        The value as a float (a fraction for percentages), or None for an unfilled value.

    Raises:
        ActualValueError: PS-V001 unreadable or hedged (``约95%``, ``95%以上``), PS-V002 wrong
            unit, PS-V003 missing percent sign, PS-V004 negative count or (not ``signed``)
            percentage, PS-V005 error value.
    """
    if is_blank(actual):
        return None
    if isinstance(actual, bool):
        raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(text=excerpt(actual)))
    if isinstance(actual, int) and abs(actual) >= 2 ** 1023:
        # Beyond a float's range (10**400 from JSON or a Python caller): no cell holds it. Not
        # shown by its digits (str() of a long int raises past 4,300 digits).
        raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(
            text=vocab.MESSAGES["huge_integer"].format(digits=actual.bit_length() * 3 // 10)))
    if isinstance(actual, (int, float)):
        value, given_unit, shown = float(actual), None, repr(actual)
        if not math.isfinite(value):
            raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(text=excerpt(actual)))
    else:
        shown = _text(actual)
        check_error_value(shown)
        match = _NUMBER.match(shown.replace(",", ""))
        if match is None:
            hedged = any(word in shown for word in vocab.HEDGE_WORDS) and re.search(r"\d", shown)
            key = "actual_hedged" if hedged else "actual_unreadable"
            raise ActualValueError(vocab.MESSAGES[key].format(text=excerpt(actual)), text=str(actual))
        try:
            number = Decimal(match.group(1))
        except InvalidOperation as exc:  # pragma: no cover - the regex admits valid decimals only
            raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(
                text=excerpt(actual))) from exc
        given_unit = match.group(2)
        value = float(number / 100) if given_unit == "%" else float(number)
        if not math.isfinite(value):
            raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(text=excerpt(actual)))
    expected = "%" if percent else unit
    if given_unit and expected and given_unit != expected:
        factor = unit_factor(given_unit, expected)
        if factor is None:
            raise ActualValueError(vocab.MESSAGES["actual_unit"].format(
                text=excerpt(actual), unit=expected), code="PS-V002")
        value = float(number * factor)
    if given_unit == "%" and not percent and (count or unit):
        raise ActualValueError(vocab.MESSAGES["actual_unit"].format(
            text=excerpt(actual), unit=unit or ""), code="PS-V002")
    if percent and given_unit is None and abs(value) > PERCENT_SIGN_LIMIT:
        raise ActualValueError(vocab.MESSAGES["actual_missing_percent"].format(text=excerpt(shown)),
                               code="PS-V003")
    if value < 0 and (count or percent and not signed):
        key = "actual_negative" if count else "actual_negative_rate"
        raise ActualValueError(vocab.MESSAGES[key].format(text=excerpt(shown)), code="PS-V004")
    return value


def unit_factor(given: str, expected: str) -> Decimal | None:
    """How many ``expected`` units one ``given`` unit is (万元 → 元: 10000), None if unrelated.

    Money (元 万元 亿元), hours and days (小时 天 日 周) and months and years (个月 年) convert;
    工作日 and counts do not (:data:`scoring.vocab.UNIT_FACTORS`).
    """
    for group in vocab.UNIT_FACTORS:
        if given in group and expected in group:
            return Decimal(group[given]) / Decimal(group[expected])
    return None


def met_spellings(met: str, unmet: str | None) -> tuple[str, ...]:
    """A rule's own "met" word and its equivalent negations: 不超支 → 不超支、未超支、没有超支、无超支."""
    for prefix in sorted(vocab.NEGATION_PREFIXES, key=len, reverse=True):
        if unmet and met == prefix + unmet:
            return (met,) + tuple(p + unmet for p in vocab.NEGATION_PREFIXES if p + unmet != met)
    return (met,)


def quality_choices(*, word: str | None = None, met: str | None = None,
                    unmet: str | None = None) -> tuple[str, ...]:
    """The statements :func:`classify_quality` accepts, as its error message lists them."""
    if met and unmet:
        head: tuple[str, ...] = met_spellings(met, unmet) + (unmet,)
    elif word:
        head = (word, vocab.CHOICE_PREFIXES["partial"] + word, vocab.CHOICE_PREFIXES["not_achieved"] + word)
    else:
        head = tuple(vocab.QUALITATIVE_CHOICES.values())
    return head + vocab.YES_NO_CHOICES


def _strip_prefix(text: str, prefixes: Iterable[str]) -> str | None:
    for prefix in sorted(prefixes, key=len, reverse=True):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix):]
    return None


def classify_quality(actual: Any, *, word: str | None = None, met: str | None = None,
                     unmet: str | None = None) -> Quality | None:
    """How well an actual statement meets a qualitative condition.

    Args:
        actual: ``是``/``达成``/``健全``/``已健全``/True/1 (achieved), ``基本健全``/``部分达成``/
            ``较完善`` (partial), ``否``/``不健全``/``未完成``/False/0 (not achieved).
        word: The quality the target states (``健全``); when given, another quality word
            (``合规``) is not accepted as meeting it.
        met, unmet: The rule's own words for met and unmet (``不超支`` / ``超支``).

    Returns:
        ``achieved``, ``partial``, ``not_achieved``, or None for an unfilled value.

    Raises:
        ActualValueError: PS-V001 when the statement is none of these; PS-V005 error value.
    """
    if is_blank(actual):
        return None
    if isinstance(actual, bool):
        return "achieved" if actual else "not_achieved"
    if isinstance(actual, (int, float)) and actual in (0, 1):
        return "achieved" if actual == 1 else "not_achieved"
    text = _text(actual)
    check_error_value(text)
    folded = text.lower()
    if met and text in {characters(spelling) for spelling in met_spellings(met, unmet)}:
        return "achieved"
    if unmet and text == characters(unmet):
        return "not_achieved"
    if folded in vocab.YES_WORDS:
        return "achieved"
    if folded in vocab.NO_WORDS:
        return "not_achieved"
    if text in vocab.PARTIAL_WORDS:
        return "partial"
    qualities = (word,) if word else vocab.QUALITY_WORDS
    generic = vocab.YES_WORDS + vocab.QUALITY_WORDS if not word else (word,) + vocab.YES_WORDS
    if text in qualities:
        return "achieved"
    for tier, prefixes in (("not_achieved", vocab.NOT_PREFIXES),
                           ("partial", vocab.PARTIAL_PREFIXES),
                           ("achieved", vocab.ACHIEVED_PREFIXES)):
        rest = _strip_prefix(text, prefixes)
        if rest is not None and (rest in generic or rest in qualities):
            return tier  # type: ignore[return-value]
    choices = vocab.LIST_SEPARATOR.join(quality_choices(word=word, met=met, unmet=unmet))
    raise ActualValueError(vocab.MESSAGES["actual_choice"].format(text=excerpt(actual),
                                                                  choices=choices),
                           text=str(actual))


def coerce_choice(actual: Any, choices: Sequence[str]) -> str | None:
    """The one of ``choices`` the actual value names (width and script do not matter)."""
    if is_blank(actual):
        return None
    text = _text(actual)
    check_error_value(text)
    for choice in choices:
        if text == characters(choice):
            return choice
    raise ActualValueError(
        vocab.MESSAGES["actual_choice"].format(text=excerpt(actual),
                                               choices=vocab.LIST_SEPARATOR.join(choices)),
        text=str(actual),
    )


def coerce_items(actual: Any, count: int, *, equal_weights: bool) -> tuple[bool, ...] | None:
    """Which of ``count`` checklist items hold.

    Args:
        actual: The labels of the items that hold (``"①③"``, ``"1、3"``), a list of
            booleans or 是/否 words, or (when all items weigh the same) how many hold.
        count: The number of items of the checklist.
        equal_weights: Whether a plain number of items is meaningful.

    Returns:
        One boolean per item, or None for an unfilled value.
    """
    if is_blank(actual):
        return None
    if isinstance(actual, (list, tuple)):
        if len(actual) != count:
            raise ActualValueError(vocab.MESSAGES["actual_count"].format(text=excerpt(actual),
                                                                         count=count))
        return tuple(classify_quality(item) == "achieved" for item in actual)
    if isinstance(actual, (int, float)) and not isinstance(actual, bool):
        if not equal_weights or actual != int(actual) or not 0 <= actual <= count:
            raise ActualValueError(vocab.MESSAGES["actual_count"].format(text=excerpt(actual),
                                                                         count=count))
        return tuple(index < int(actual) for index in range(count))
    text = _text(actual)
    check_error_value(text)
    if re.fullmatch(r"\d+", text) and equal_weights and int(text) <= count:
        return coerce_items(int(text), count, equal_weights=True)
    named = list(re.finditer(r"\[(\d+)\]", text))
    rest = re.sub("|".join(map(re.escape, vocab.CHECKLIST_ANSWER_WORDS + vocab.CHECKLIST_NO_MARKS)), "",
                  re.sub(r"\[\d+\]|[,;、/]|[{}]".format(re.escape(vocab.CHECKLIST_SKIPPED)), "", text))
    if named and not text.split("[", 1)[0].strip(",;、/ ") and not rest and \
            all(1 <= int(m.group(1)) <= count for m in named):
        # ①是；②否, ①√②×, ①②是③否: an item named holds unless answered no right after its label
        # (the cell formula's rule too)
        held = {int(m.group(1)) for m in named
                if not text[m.end():].lstrip(vocab.CHECKLIST_SKIPPED).startswith(
                    vocab.CHECKLIST_NO_MARKS)}
        return tuple(index in held for index in range(1, count + 1))
    labels = {int(m.group(1)) for m in named}
    if not labels:
        labels = {int(number) for number in re.findall(r"\d+", text)}
    if not labels or re.sub(r"[\[\]\d,;、/ ]", "", text) or max(labels) > count or min(labels) < 1:
        raise ActualValueError(vocab.MESSAGES["actual_choice"].format(
            text=actual, choices=vocab.LIST_SEPARATOR.join(vocab.CIRCLED[:count])), text=str(actual))
    return tuple(index in labels for index in range(1, count + 1))


def split_awards(actual: Any) -> list[tuple[str | None, str]] | None:
    """The awards an actual value lists, as (piece of work or None, award text) pairs.

    Args:
        actual: A list of award names (each its own piece of work), a list of
            (work, award) pairs, or a text with ``；`` or line-break separators.

    Returns:
        The pairs in order, or None for an unfilled value.
    """
    if is_blank(actual):
        return None
    if isinstance(actual, str):
        check_error_value(_text(actual))
        parts = re.split(r"[;\n\r]+", characters(actual).replace(vocab.LIST_SEPARATOR, ";"))
        return [(None, part.strip()) for part in parts if part.strip()]
    if isinstance(actual, (list, tuple)):
        pairs: list[tuple[str | None, str]] = []
        for item in actual:
            if isinstance(item, (list, tuple)) and len(item) == 2:
                pairs.append((str(item[0]), str(item[1])))
            elif isinstance(item, str) and item.strip():
                pairs.append((None, item))
            else:
                raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(text=excerpt(item)))
        return pairs
    raise ActualValueError(vocab.MESSAGES["actual_unreadable"].format(text=excerpt(actual)))
