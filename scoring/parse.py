"""Turn a 评价要点 text into an executable :class:`~scoring.rules.Rule`.

Pipeline: :func:`~scoring.normalise.normalise` → :func:`scoring.clauses.scan` (the clause table
reads the text into a :class:`~scoring.clauses.Draft` of facts) → assemble the facts into one
rule. Assembly marks every fact the rule is built from; a fact with scoring meaning left unused
is refused (PS-R001 naming it, caret under it) rather than dropped, and an illustration such as
``如86%扣5分`` is checked against the assembled rule (PS-R004 when they disagree).
"""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from functools import lru_cache
from typing import Any

from . import vocab
from .errors import RuleError
from .normalise import normalise
from .rules import Band, Rule, RuleKind
from .targets import Target, parse_target

#: Longest rule text read (PS-R006): bounds the cost of a hostile or mistaken paste.
MAX_RULE_LENGTH = 2000
#: Most digits a number in a rule may have, before or after the point (the clause patterns read
#: at most this many; a longer run is a typing error, PS-R004).
MAX_NUMBER_DIGITS = 12
_LONG_DIGITS = re.compile(r"\d{%d,}" % (MAX_NUMBER_DIGITS + 1))

from .clauses import NEUTRAL, NUM, UNITS, Draft, scan


def _bad(detail_key: str, text: str, **fields: Any) -> RuleError:
    detail = vocab.MESSAGES[detail_key].format(**fields)
    return RuleError(vocab.MESSAGES["rule_bad_numbers"].format(detail=detail), code="PS-R004",
                     text=text)


def _points(draft: Draft, given: float | None, text_points: float | None, *,
            required: bool = True) -> float | None:
    if given is not None and text_points is not None and abs(given - text_points) > 1e-9:
        raise RuleError(vocab.MESSAGES["rule_points_conflict"].format(
            text_points=f"{text_points:g}", points=f"{given:g}"), code="PS-R003", text=draft.text)
    points = given if given is not None else text_points
    if points is None and required:
        raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=draft.text)
    return points


def _max(values: list[float]) -> float | None:
    return max(values) if values else None


def _part(draft: Draft, fact: int) -> str:
    _, start, end = draft.facts[fact]
    return draft.text[start:end]


def _clause_start(draft: Draft, fact: int) -> int:
    """Where the clause of a fact begins: after the previous ``,``/``;`` (its condition too)."""
    start = draft.facts[fact][1]
    return max(draft.text.rfind(mark, 0, start) for mark in ",;") + 1


def _clause(draft: Draft, fact: int) -> str:
    """The clause of a fact with its condition: ``情节严重的一票否决``, ``违规一次扣1分``."""
    return draft.text[_clause_start(draft, fact):draft.facts[fact][2]]


def _resolve_shares(draft: Draft, points: float | None, shares: dict[int, float],
                    facts: list[int]) -> float | None:
    """Points of ``得满分``/``得一半分值`` outcomes need the item's points (PS-R002 without)."""
    if shares and points is None:
        first = facts[min(shares)]
        raise RuleError(vocab.MESSAGES["rule_share_needs_points"].format(part=_part(draft, first)),
                        code="PS-R002", text=draft.text, position=draft.facts[first][1])
    return points


def _share_bands(draft: Draft, points: float | None) -> list[Band]:
    _resolve_shares(draft, points, draft.bound_shares, draft.bound_facts)
    return [replace(band, points=float(points or 0) * draft.bound_shares[index])
            if index in draft.bound_shares else band for index, band in enumerate(draft.bounds)]


def _tier_words(tiers: list[tuple[str, float]]) -> tuple[tuple[str, float], ...]:
    """Tier words without their common subject: ``内控制度完善`` → ``完善`` next to ``基本完善``."""
    conditions = [cond for cond, _ in tiers]
    suffix = conditions[0]
    for cond in conditions[1:]:
        while suffix and not cond.endswith(suffix):
            suffix = suffix[1:]
    if not suffix:
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


def _full_completion(draft: Draft) -> None:
    """Next to percentage lines, ``全部完成得3分`` is the band ≥100% (DOMAIN §4, bands)."""
    if not draft.percent or not draft.bounds:
        return
    for index in reversed(range(len(draft.tiers))):
        cond, points = draft.tiers[index]
        if any(cond.endswith(word) for word in vocab.FULL_COMPLETION_WORDS):
            if index in draft.tier_shares:
                draft.bound_shares[len(draft.bounds)] = draft.tier_shares.pop(index)
            else:
                draft.text_points.append(points)
            draft.bounds.append(Band(1.0, True, None, False, points))
            draft.bound_facts.append(draft.tier_facts[index])
            del draft.tiers[index], draft.tier_facts[index]


def _check_used(draft: Draft, rule: Rule) -> None:
    """PS-R001 for a clause with scoring meaning that the assembled rule does not use."""
    for index, (name, _, _) in enumerate(draft.facts):
        if index in draft.used or name in NEUTRAL:
            continue
        if rule.kind is RuleKind.VETO:
            veto_fact = next(i for i, fact in enumerate(draft.facts) if fact[0] == "veto")
            raise RuleError(vocab.MESSAGES["rule_veto_mixed"].format(
                veto=_clause(draft, veto_fact), part=_clause(draft, index)),
                text=draft.text, position=_clause_start(draft, veto_fact))
        raise RuleError(vocab.MESSAGES["rule_unused"].format(
            part=_clause(draft, index), kind=vocab.KIND_LABELS[rule.kind.value]),
            text=draft.text, position=_clause_start(draft, index))


def _check_examples(draft: Draft, rule: Rule) -> Rule:
    """Check ``如86%扣5分`` against the rule; an example also settles the partial-step wording.

    When the rule leaves partial steps to the policy and the example agrees with exactly some
    treatments, the first of them (up, down, linear) becomes the rule's own wording.
    """
    for (value, what, amount), fact in zip(draft.examples, draft.example_facts):
        want = float(rule.points or 0) - amount if what == "lost" else amount
        candidates = [rule]
        if rule.kind in (RuleKind.STEP, RuleKind.REVERSE_STEP) and rule.partial_step is None:
            candidates = [replace(rule, partial_step=policy) for policy in ("up", "down", "linear")]
        agreeing = [candidate for candidate in candidates if abs(candidate.score(value) - want) < 1e-9]
        if not agreeing:
            raise RuleError(vocab.MESSAGES["rule_example_mismatch"].format(
                part=_part(draft, fact), score=f"{rule.score(value):g}"), code="PS-R004",
                text=draft.text, position=draft.facts[fact][1])
        if len(agreeing) < len(candidates):
            rule = agreeing[0]
    return rule


def _assemble(draft: Draft, given: float | None) -> Rule:
    _full_completion(draft)
    rule = _build(draft, given)
    _check_used(draft, rule)
    return _check_examples(draft, rule)


def _build(draft: Draft, given: float | None) -> Rule:
    text = draft.text
    common = {"text": text, "percent": draft.percent}
    if draft.veto:
        points = _points(draft, given, _max(draft.gains), required=False)
        draft.use("veto")
        draft.use_gains(points)
        return Rule(RuleKind.VETO, points, **common)
    if draft.awards:
        draft.use("bonus_award", "cumulative")
        return Rule(RuleKind.BONUS, _points(draft, given, _max(draft.text_points), required=False),
                    awards=tuple(draft.awards), bonus_aggregation=draft.bonus_aggregation, **common)
    if draft.discretionary:
        points = _points(draft, given, _max(draft.text_points + draft.gains), required=False)
        draft.use("discretionary")
        draft.use_gains(points)
        return Rule(RuleKind.DISCRETIONARY, points, **common)
    if draft.step:
        return _assemble_step(draft, given)
    if draft.reverse_step:
        return _assemble_reverse_step(draft, given)
    if draft.penalty:
        return _assemble_count_penalty(draft, given)
    if draft.proportional:
        return _assemble_proportional(draft, given)
    if draft.bounds or draft.otherwise is not None:
        return _assemble_bands(draft, given)
    if draft.items and all(points is not None for _, _, points in draft.items) and len(draft.items) > 1:
        items = tuple((cond, float(points)) for _, cond, points in draft.items)
        points = _points(draft, given, sum(points for _, points in items))
        draft.use("tier", "gain", "bare_points")
        return Rule(RuleKind.CHECKLIST, points, text, items=items)
    if len(draft.tiers) > 1:
        text_points = _max([points for index, (_, points) in enumerate(draft.tiers)
                            if index not in draft.tier_shares])
        _resolve_shares(draft, given if given is not None else text_points, draft.tier_shares,
                        draft.tier_facts)
        points = _points(draft, given, text_points)
        tiers = _tier_words([(cond, float(points or 0) * draft.tier_shares[index])
                             if index in draft.tier_shares else (cond, value)
                             for index, (cond, value) in enumerate(draft.tiers)])
        draft.use("tier")
        return Rule(RuleKind.TIERS, points, text, tiers=tiers)
    text_points = _max(draft.text_points + draft.gains
                       + [p for i, (_, p) in enumerate(draft.tiers) if i not in draft.tier_shares])
    _resolve_shares(draft, given if given is not None else text_points, draft.tier_shares,
                    draft.tier_facts)
    points = _points(draft, given, text_points)
    draft.use("tier", "qualitative_unless")
    draft.use_gains(points)
    condition = draft.tiers[0][0] if draft.tiers else (draft.conditions[0] if draft.conditions else None)
    return Rule(RuleKind.QUALITATIVE, points, text, condition=condition, met=draft.met,
                unmet=draft.unmet)


def _floor(draft: Draft) -> tuple[float | None, bool]:
    """The no-points floor: ``低于F不得分`` (exclusive) or ``F以下不得分`` (inclusive)."""
    floors = [index for index, band in enumerate(draft.zeros)
              if band.low is None and band.high is not None]
    if not floors:
        return None, False
    index = max(floors, key=lambda i: draft.zeros[i].high or 0)
    draft.used.add(draft.zero_facts[index])
    return draft.zeros[index].high, draft.zeros[index].high_inclusive


def _first_bound(draft: Draft, *, low: bool) -> int | None:
    """The first one-sided band (``在99%以上得10分`` when ``low``, ``≤100%得4分`` otherwise)."""
    for index, band in enumerate(draft.bounds):
        if (band.low is not None and band.high is None) if low else (band.high is not None and band.low is None):
            return index
    return None


def _line_points(draft: Draft, given: float | None, index: int | None) -> float | None:
    """The points of a step rule: its line's points, else a plain ``得N分``, else ``given``."""
    if index is not None:
        draft.used.add(draft.bound_facts[index])
        points = _points(draft, given, None if index in draft.bound_shares else draft.bounds[index].points)
        _resolve_shares(draft, points, {0: 1.0} if index in draft.bound_shares else {},
                        [draft.bound_facts[index]])
        return points
    points = _points(draft, given, _max(draft.gains))
    draft.use_gains(points)
    return points


def _assemble_step(draft: Draft, given: float | None) -> Rule:
    assert draft.step is not None
    index = _first_bound(draft, low=True)
    if index is not None:
        line = draft.bounds[index].low
    elif draft.standard is not None:
        line = draft.standard
        draft.use_slots("standard")
    else:
        line = 1.0
    assert line is not None
    points = _line_points(draft, given, index)
    step_size, step_points = draft.step
    if step_size <= 0 or step_points <= 0:
        raise _bad("bad_step", draft.text)
    floor, floor_inclusive = _floor(draft)
    if floor is not None and floor > line:
        raise _bad("floor_above_line", draft.text, floor=floor, line=line)
    draft.use_slots("step", "partial_step")
    return Rule(RuleKind.STEP, points, draft.text, percent=draft.percent or line <= 1.0,
                line=line, step=step_size, step_points=step_points, floor=floor,
                floor_inclusive=floor_inclusive, partial_step=draft.partial_step)


def _assemble_reverse_step(draft: Draft, given: float | None) -> Rule:
    assert draft.reverse_step is not None
    index = _first_bound(draft, low=False)
    if draft.standard is not None:
        line = draft.standard
        draft.use_slots("standard")
    else:
        line = draft.bounds[index].high if index is not None else 0.0
    assert line is not None
    points = _line_points(draft, given, index)
    step_size, step_points = draft.reverse_step
    if step_size <= 0 or step_points <= 0:
        raise _bad("bad_step", draft.text)
    draft.use_slots("reverse_step", "partial_step")
    return Rule(RuleKind.REVERSE_STEP, points, draft.text, percent=draft.percent, line=line,
                step=step_size, step_points=step_points, partial_step=draft.partial_step)


def _assemble_count_penalty(draft: Draft, given: float | None) -> Rule:
    assert draft.penalty is not None
    points = _points(draft, given, _max(draft.text_points + draft.gains))
    draft.use_gains(points)
    if draft.penalty[0] <= 0 or (draft.penalty_cap is not None and draft.penalty_cap <= 0):
        raise _bad("bad_step", draft.text)
    draft.use_slots("penalty", "penalty_cap")
    return Rule(RuleKind.COUNT_PENALTY, points, draft.text, penalty=draft.penalty[0],
                unit_word=draft.penalty[1], penalty_cap=draft.penalty_cap)


def _assemble_proportional(draft: Draft, given: float | None) -> Rule:
    """Proportional scoring; below a written line (``达到90%得2分，未达到的按比例计分``) the
    ratio is actual ÷ line, so both ``未达到的按比例`` and ``否则按比例`` give 45% → 45/90 × 2."""
    target: Target | None = None
    if draft.ratio and "/" in draft.ratio:
        denominator = draft.ratio.rsplit("/", 1)[1]
        if re.fullmatch(NUM + "(?:" + UNITS + ")?", denominator):
            target = parse_target(denominator)
            if float(target.value) <= 0:
                raise _bad("bad_points", draft.text)
    index = _first_bound(draft, low=True)
    if target is None and index is not None and len(draft.bounds) == 1:
        band = draft.bounds[index]
        assert band.low is not None
        target = Target("≥", band.low, "%" if draft.percent else None, "quantitative",
                        f"≥{_format_value(band.low, draft.percent)}")
        draft.used.add(draft.bound_facts[index])
    points = _points(draft, given, _max(draft.text_points + draft.gains))
    _resolve_shares(draft, points, draft.bound_shares, draft.bound_facts)
    draft.use("proportional_words", "proportional_formula")
    draft.use_gains(points)
    percent = target.percent if target else True
    return Rule(RuleKind.PROPORTIONAL, points, draft.text, percent=percent, target=target)


def _format_value(value: float, percent: bool) -> str:
    return f"{Decimal(repr(value)) * 100:f}".rstrip("0").rstrip(".") + "%" if percent else f"{value:g}"


def _assemble_bands(draft: Draft, given: float | None) -> Rule:
    text_points = _max([band.points for index, band in enumerate(draft.bounds)
                        if index not in draft.bound_shares]
                       + ([draft.otherwise] if draft.otherwise is not None else []))
    _resolve_shares(draft, given if given is not None else text_points, draft.bound_shares,
                    draft.bound_facts)
    points = _points(draft, given, text_points)
    bounds = _share_bands(draft, points)
    if draft.otherwise is not None:
        bounds.append(_complement(draft))
    for band in bounds:
        if band.low is not None and band.high is not None and band.low > band.high:
            raise _bad("band_empty", draft.text, low=band.low, high=band.high)
    draft.used.update(draft.bound_facts + draft.zero_facts)
    positive = [band for band in bounds if band.points > 0]
    kind = RuleKind.THRESHOLD if len(positive) == 1 and len(bounds) == 1 else RuleKind.BANDS
    return Rule(kind, points, draft.text, percent=draft.percent,
                bands=tuple(bounds) + tuple(draft.zeros))


def _complement(draft: Draft) -> Band:
    """``不满90%不得分，否则得5分``: the otherwise-points cover what one one-sided range leaves."""
    ranges = draft.bounds + draft.zeros
    if len(ranges) == 1 and (ranges[0].low is None) != (ranges[0].high is None):
        band = ranges[0]
        draft.use_slots("otherwise")
        if band.low is None:
            return Band(band.high, not band.high_inclusive, None, False, float(draft.otherwise or 0))
        return Band(None, False, band.low, not band.low_inclusive, float(draft.otherwise or 0))
    fact = draft.slots["otherwise"]
    raise RuleError(vocab.MESSAGES["rule_unreadable"].format(part=_part(draft, fact)),
                    text=draft.text, position=draft.facts[fact][1])


@lru_cache(maxsize=8192)
def _parse_canonical(text: str, points: float | None) -> Rule:
    draft = scan(text)
    return _assemble(draft, points)


def parse_rule(text: str, points: float | None = None) -> Rule:
    """Read a 评价要点 text into a :class:`Rule` (cached on the normalised text and points).

    Args:
        text: The rule as written (full-width, traditional, PDF-spaced, numbered …).
        points: The item's points from the framework; None to take them from the text.

    Returns:
        The rule.

    Raises:
        RuleError: PS-R001 unreadable part (with position), PS-R002 no points, PS-R003 text
            points differ from ``points``, PS-R004 nonsense numbers, PS-R005 empty, PS-R006 too
            long.
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
    too_long = _LONG_DIGITS.search(canonical)
    if too_long:  # never read a part of it as a smaller number
        shown = too_long.group(0)
        raise _bad("number_too_long", raw, digits=MAX_NUMBER_DIGITS,
                   number=shown if len(shown) <= 20 else shown[:20] + "…")
    return _parse_canonical(canonical, points)


def rule_from_target(target: Target | str, points: float) -> Rule:
    """The default rule of an indicator without its own: ratio to target (项目支出绩效自评).

    ≥ targets score points × actual ÷ target, ≤ targets points × target ÷ actual, never above
    the points; qualitative targets score by tier (达成 / 部分达成 / 未达成).
    """
    if isinstance(target, str):
        target = parse_target(target)
    if points is None or not float(points) >= 0:
        raise RuleError(vocab.MESSAGES["rule_no_points"], code="PS-R002", text=target.text)
    return Rule(RuleKind.RATIO_TO_TARGET, float(points), target.text, percent=target.percent,
                target=target)
