"""Read a 评价要点 text into an executable :class:`~scoring.rules.Rule`.

The reader is four stages that compose: :func:`~scoring.normalise.normalise` (width, script,
spacing, numbering, the debris of pasted tables, synonyms) → :func:`~scoring.clauses.read_clauses`
(split into clauses; read each clause's tokens) → :func:`~scoring.assemble.assemble` (facts →
parts → rule). The standard notation (标准写法) that :meth:`~scoring.rules.Rule.explain` writes
reads back through the same stages.

A text the reader cannot read — no scoring content at all (``由评价组综合评定`` is read: the
evaluator scores it), a clause it cannot place, points that contradict the framework's — is a
:class:`~scoring.errors.RuleError` when ``strict``; otherwise it becomes an evaluator-scored rule
(kind ``unread``) whose warning names what was not understood (PS-R007), so one odd rule never
stops a batch.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import vocab
from .assemble import assemble
from .clauses import read_clauses
from .errors import RuleError
from .normalise import normalise
from .parts import Checklist, RatioToTarget, Unread
from .rules import Rule
from .targets import Target, parse_target

#: Longest rule text read (PS-R006): bounds the cost of a hostile or mistaken paste.
MAX_RULE_LENGTH = 2000
#: Most digits a number in a rule may have, before or after the point (the clause patterns read
#: at most this many; a longer run is a typing error, PS-R004).
MAX_NUMBER_DIGITS = 12
_LONG_DIGITS = re.compile(r"\d{%d,}" % (MAX_NUMBER_DIGITS + 1))


def _bad(detail_key: str, text: str, **fields: object) -> RuleError:
    detail = vocab.MESSAGES[detail_key].format(**fields)
    return RuleError(vocab.MESSAGES["rule_bad_numbers"].format(detail=detail), code="PS-R004",
                     text=text)


#: The most characters Excel holds in one formula: a longer one is dropped when the file is
#: opened (Excel repairs it), so a rule whose native formula would be longer is not read.
MAX_FORMULA_LENGTH = 8192
#: The longest cell reference a sheet can have, for measuring a rule's formula at its longest.
_LONGEST_REF = "XFD1048576"


@lru_cache(maxsize=8192)
def _parse_canonical(text: str, points: float | None) -> Rule:
    rule = assemble(text, read_clauses(text), points)
    if rule.inputs > len(vocab.CIRCLED):  # each input is typed after its ①…⑳
        raise _bad("parts_too_many", text, count=rule.inputs, limit=len(vocab.CIRCLED))
    items = max((len(part.items) for part in rule.parts if isinstance(part, Checklist)), default=0)
    if items > len(vocab.CIRCLED):  # each item is named by its ①…⑳
        raise _bad("items_too_many", text, count=items, limit=len(vocab.CIRCLED))
    # The explanation spells every threshold and answer the formula tests, so one longer than
    # the limit is refused without building a formula that may run to megabytes (1,000 tiers).
    length = len(rule.explain())
    if length <= MAX_FORMULA_LENGTH:
        length = len(rule.to_formula(_LONGEST_REF))
    if length > MAX_FORMULA_LENGTH:
        raise _bad("formula_too_long", text, length=f"{length:,}", limit=f"{MAX_FORMULA_LENGTH:,}")
    return rule


@lru_cache(maxsize=8192)
def _unread(text: str, points: float | None, code: str, message: str) -> Rule:
    part = Unread(points or 0.0, capped=points is not None, detail=message, code=code)
    return Rule(points, text, (part,))


def parse_rule(text: str, points: float | None = None, *, strict: bool = True) -> Rule:
    """Read a 评价要点 text into a :class:`Rule` (cached on the normalised text and points).

    Args:
        text: The rule as written (full-width, traditional, PDF-spaced, numbered …).
        points: The item's points from the framework; None to take them from the text.
        strict: Raise on a text that cannot be read. When False, such a text is an
            evaluator-scored rule (``rule.unread`` holds the warning) — what the framework,
            the templates, the batch and the add-in use, so one odd rule stops nothing.

    Returns:
        The rule.

    Raises:
        RuleError: PS-R001 unreadable part (with position), PS-R002 no points, PS-R003 text
            points differ from ``points``, PS-R004 nonsense numbers, PS-R005 empty, PS-R006 too
            long. Not strict: PS-R005 and PS-R006 only (an empty or oversized cell is an input
            error, not a rule to score).
    """
    if text is None or not str(text).strip():
        raise RuleError(vocab.MESSAGES["rule_empty"], code="PS-R005")
    raw = str(text)
    if len(raw) > MAX_RULE_LENGTH:
        raise RuleError(vocab.MESSAGES["rule_too_long"].format(length=len(raw), limit=MAX_RULE_LENGTH),
                        code="PS-R006")
    if points is not None:
        try:
            points = float(points)
        except (TypeError, ValueError):
            raise _bad("bad_points", raw) from None
        if not points >= 0 or points == float("inf"):
            raise _bad("bad_points", raw)
    canonical = normalise(raw).strip(";,")
    if not canonical:
        raise RuleError(vocab.MESSAGES["rule_empty"], code="PS-R005")
    try:
        too_long = _LONG_DIGITS.search(canonical)
        if too_long:  # never read a part of it as a smaller number
            shown = too_long.group(0)
            raise _bad("number_too_long", raw, digits=MAX_NUMBER_DIGITS,
                       number=shown if len(shown) <= 20 else shown[:20] + "…")
        return _parse_canonical(canonical, points)
    except RuleError as error:
        if strict:
            raise
        return _unread(canonical, points, error.code, error.message)


def rule_from_target(target: Target | str, points: float) -> Rule:
    """The default rule of an indicator without its own: ratio to target (项目支出绩效自评).

    ≥ targets score points × actual ÷ target, ≤ targets points × target ÷ actual, never above
    the points; qualitative targets score by tier (达成 / 部分达成 / 未达成).
    """
    if isinstance(target, str):
        target = parse_target(target)
    if points is None or not float(points) >= 0:
        raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=target.text)
    part = RatioToTarget(float(points), percent=target.percent, unit=target.unit, target=target)
    return Rule(float(points), target.text, (part,))
