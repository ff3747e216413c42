"""Write a :class:`~scoring.rules.Rule` as a native spreadsheet formula over one input cell.

The formulas use only functions every spreadsheet has (IF, IFERROR, MAX, MIN, ROUNDUP,
ROUNDDOWN, SUM, ISNUMBER, AND, OR, SUBSTITUTE): no XLOOKUP, LET or LAMBDA, which LibreOffice 7.4
lacks. They compute exactly what :meth:`Rule.score` computes for the inputs a template offers
(a number in a percent or number cell, a dropdown word in a choice cell); an empty cell scores 0
and text in a number cell scores 0 through ISNUMBER (the template flags it separately). A test
recalculates hundreds of cases in headless LibreOffice and compares them with ``score()``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from . import vocab
from .actuals import met_spellings
from .policies import DEFAULT_POLICIES, Policies
from .rules import Band, Rule, RuleKind

#: The most occurrences of one award a bonus formula counts in its cell.
MAX_AWARD_COUNT = 10


def _n(value: float) -> str:
    """A number literal: shortest round-trip form, no trailing ``.0``."""
    value = float(value)
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _s(text: str) -> str:
    """A string literal with quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _any_of(ref: str, words: Iterable[str]) -> str:
    tests = [f"{ref}={_s(word)}" for word in dict.fromkeys(words)]
    return tests[0] if len(tests) == 1 else f"OR({','.join(tests)})"


def _numeric(ref: str, body: str) -> str:
    return f"=IF(ISNUMBER({ref}),{body},0)"


def _steps(expression: str, policy: str) -> str:
    if policy == "up":
        return f"ROUNDUP({expression},0)"
    if policy == "down":
        return f"ROUNDDOWN({expression},0)"
    return f"({expression})"


def _quality(ref: str, points: float, achieved: Iterable[str], partial: Iterable[str],
             policies: Policies) -> str:
    return (f"=IF({_any_of(ref, achieved)},{_n(points * policies.tier_achieved)},"
            f"IF({_any_of(ref, partial)},{_n(points * policies.tier_partial)},"
            f"IF({ref}=\"\",0,{_n(points * policies.tier_not_achieved)})))")


def _qualitative(rule: Rule, ref: str, policies: Policies) -> str:
    achieved = (met_spellings(rule.met, rule.unmet) if rule.met else ()) + vocab.FORMULA_WORDS["achieved"]
    return _quality(ref, float(rule.points or 0), achieved, vocab.FORMULA_WORDS["partial"], policies)


def _band_test(band: Band, ref: str) -> str:
    tests = []
    if band.low is not None:
        tests.append(f"{ref}{'>=' if band.low_inclusive else '>'}{_n(band.low)}")
    if band.high is not None:
        tests.append(f"{ref}{'<=' if band.high_inclusive else '<'}{_n(band.high)}")
    return tests[0] if len(tests) == 1 else f"AND({','.join(tests)})"


def _bands(rule: Rule, ref: str, policies: Policies) -> str:
    terms = [f"IF({_band_test(band, ref)},{_n(band.points)},0)" for band in rule.bands
             if band.points > 0]
    return _numeric(ref, f"MAX(0,{','.join(terms)})" if terms else "0")


def _step(rule: Rule, ref: str, policies: Policies) -> str:
    points, line = float(rule.points or 0), float(rule.line or 0)
    steps = _steps(f"({_n(line)}-{ref})/{_n(rule.step or 1)}", rule.effective_partial_step(policies))
    body = f"IF({ref}>={_n(line)},{_n(points)},MAX(0,{_n(points)}-{steps}*{_n(rule.step_points or 0)}))"
    if rule.floor is not None:
        body = f"IF({ref}{'<=' if rule.floor_inclusive else '<'}{_n(rule.floor)},0,{body})"
    return _numeric(ref, body)


def _reverse_step(rule: Rule, ref: str, policies: Policies) -> str:
    points, line = float(rule.points or 0), float(rule.line or 0)
    steps = _steps(f"({ref}-{_n(line)})/{_n(rule.step or 1)}", rule.effective_partial_step(policies))
    return _numeric(ref, f"IF({ref}<={_n(line)},{_n(points)},"
                         f"MAX(0,{_n(points)}-{steps}*{_n(rule.step_points or 0)}))")


def _proportional(rule: Rule, ref: str, policies: Policies) -> str:
    ratio = f"{ref}/{_n(float(rule.target.value))}" if rule.target else ref  # type: ignore[arg-type]
    return _numeric(ref, f"{_n(rule.points or 0)}*MIN(MAX({ratio},0),1)")


def _tiers(rule: Rule, ref: str, policies: Policies) -> str:
    formula = "0"
    for word, points in reversed(rule.tiers):
        formula = f"IF({ref}={_s(word)},{_n(points)},{formula})"
    return "=" + formula


def _count_penalty(rule: Rule, ref: str, policies: Policies) -> str:
    deduction = f"{ref}*{_n(rule.penalty or 0)}"
    if rule.penalty_cap is not None:
        deduction = f"MIN({_n(rule.penalty_cap)},{deduction})"
    return _numeric(ref, f"MAX(0,{_n(rule.points or 0)}-{deduction})")


def _checklist(rule: Rule, ref: str, policies: Policies) -> str:
    weights = [points for _, points in rule.items]
    held = "+".join(f"(SUBSTITUTE({ref},{_s(label)},\"\")<>{ref})*{_n(weight)}"
                    for label, weight in zip(vocab.CIRCLED, weights))
    counted = (f"MIN(MAX({ref},0),{len(weights)})*{_n(weights[0])}"
               if len(set(weights)) == 1 else "0")
    return f"=MIN({_n(rule.points or 0)},IF(ISNUMBER({ref}),{counted},{held}))"


def _bonus(rule: Rule, ref: str, policies: Policies) -> str:
    cap = rule.points if rule.points is not None else policies.bonus_cap
    terms = []
    for name, amount in rule.awards:
        times = min(MAX_AWARD_COUNT, max(1, math.ceil(cap / amount))) if amount > 0 else 1
        count = "+".join(f"(SUBSTITUTE({ref},{_s(name)},\"\",{k})<>{ref})" for k in range(1, times + 1))
        terms.append(f"{_n(amount)}*({count})")
    return f"=IF(ISNUMBER({ref}),0,MIN({_n(cap)},{'+'.join(terms) or '0'}))"


def _discretionary(rule: Rule, ref: str, policies: Policies) -> str:
    body = f"MAX({ref},0)" if rule.points is None else f"MIN(MAX({ref},0),{_n(rule.points)})"
    return _numeric(ref, body)


def _ratio_to_target(rule: Rule, ref: str, policies: Policies) -> str:
    target = rule.target
    assert target is not None
    points = float(rule.points or 0)
    if target.kind == "qualitative":
        word = str(target.value)
        if target.negated:  # 否: met by 否 (and 未达成 …), as Target.is_met reads it
            return _quality(ref, points, (word,) + vocab.FORMULA_WORDS["not_achieved"],
                            vocab.FORMULA_WORDS["partial"], policies)
        achieved = (word,) + tuple(p + word for p in vocab.ACHIEVED_PREFIXES[:2]) + vocab.FORMULA_WORDS["achieved"]
        partial = (vocab.CHOICE_PREFIXES["partial"] + word,) + vocab.FORMULA_WORDS["partial"]
        return _quality(ref, points, achieved, partial, policies)
    t = _n(float(target.value))
    if target.zero:
        # 0 or below (＝0%, ≤-5%): no ratio, met or not, with the target's own comparison.
        compare = {"≥": ">=", "≤": "<=", ">": ">", "<": "<", "=": "="}[target.op]
        return _numeric(ref, f"{_n(points)}*IF({ref}{compare}{t},1,0)")
    if target.op in ("≥", ">"):
        share = f"IF({ref}>={t},1,MAX({ref},0)/{t})" if float(target.value) > 0 else f"IF({ref}>={t},1,0)"
    elif target.op in ("≤", "<"):
        share = f"IF({ref}<={t},1,{t}/{ref})"
    else:
        share = f"IF({ref}={t},1,IF(AND({ref}>0,{t}>0),MIN({ref}/{t},{t}/{ref}),0))"
    return _numeric(ref, f"{_n(points)}*{share}")


def _veto(rule: Rule, ref: str, policies: Policies) -> str:
    return f"=IF({_any_of(ref, vocab.FORMULA_WORDS['veto'])},0,{_n(rule.points or 0)})"


_WRITERS: dict[RuleKind, Callable[[Rule, str, Policies], str]] = {
    RuleKind.QUALITATIVE: _qualitative,
    RuleKind.THRESHOLD: _bands,
    RuleKind.BANDS: _bands,
    RuleKind.STEP: _step,
    RuleKind.REVERSE_STEP: _reverse_step,
    RuleKind.PROPORTIONAL: _proportional,
    RuleKind.TIERS: _tiers,
    RuleKind.COUNT_PENALTY: _count_penalty,
    RuleKind.CHECKLIST: _checklist,
    RuleKind.BONUS: _bonus,
    RuleKind.DISCRETIONARY: _discretionary,
    RuleKind.RATIO_TO_TARGET: _ratio_to_target,
    RuleKind.VETO: _veto,
}


def to_formula(rule: Rule, ref: str, policies: Policies = DEFAULT_POLICIES) -> str:
    """The formula (``=…``) that scores the value in cell ``ref`` as ``rule.score`` does.

    Args:
        rule: The parsed rule.
        ref: The input cell (``E7``, ``$E$7`` or ``自评表!E7``).
        policies: The policies in force (tier shares, partial steps, bonus cap).
    """
    return _WRITERS[rule.kind](rule, ref, policies)
