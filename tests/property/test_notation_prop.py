"""The standard notation (标准写法) reads back as the same rule (issue #9).

For every rule of the golden table, the real wordings of ``tests/test_rule_shapes.py`` and the
corpus of real texts, ``parse_rule(rule.explain(), rule.points)`` must score every value as the
rule does: the values of its cases, values at and beside every line and band bound, every
answer it accepts, and (hypothesis) random numbers. A value the rule refuses must be refused by
the notation too.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from corpus.runner import cases as corpus_cases
from hypothesis import given, settings
from hypothesis import strategies as st
from rule_bounds import bounds
from test_rule_shapes import SHAPES

from scoring.errors import PerfscoreError
from scoring.parse import parse_rule
from scoring.rules import Rule

GOLDEN = json.loads((Path(__file__).resolve().parent.parent / "golden" / "rules.json").read_text(
    encoding="utf-8"))["cases"]


def _rules() -> list[tuple[str, float | None, list[object]]]:
    found: dict[tuple[str, float | None], list[object]] = {}
    for case in GOLDEN:
        found.setdefault((case["text"], case["points"]), []).extend(a for a, _ in case["scores"])
    for text, points, cases in SHAPES:
        found.setdefault((text, points), []).extend(a for a, _ in cases)
    for case in corpus_cases():
        found.setdefault((case.text, case.points), []).append(case.typed)
    rules = []
    for (text, points), values in found.items():
        try:
            parse_rule(text, points)
        except PerfscoreError:
            continue  # refused (the corpus's ambiguous or unsupported texts): nothing to write
        rules.append((text, points, values))
    return rules


RULES = _rules()


def _edges(rule: Rule) -> list[float]:
    return [bound + delta for bound, _ in bounds(rule) for delta in (-0.011, -0.001, 0, 0.001, 0.011)]


def _score(rule: Rule, value: object) -> object:
    try:
        return round(rule.score(value), 9)
    except PerfscoreError as error:
        return error.code


@pytest.mark.parametrize("text,points,values", RULES, ids=[text[:20] for text, _, _ in RULES])
def test_the_notation_scores_as_the_rule(text: str, points: float | None, values: list[object]) -> None:
    rule = parse_rule(text, points)
    notation = rule.explain()
    again = parse_rule(notation, rule.points)
    assert again.inputs == rule.inputs, notation
    checked = values + (_edges(rule) if rule.inputs == 1 else []) + list(rule.accepted())
    for value in checked:
        assert _score(again, value) == _score(rule, value), (value, notation)


@settings(max_examples=150, deadline=None)
@given(index=st.integers(0, len(RULES) - 1), value=st.floats(-0.5, 200, allow_nan=False))
def test_the_notation_scores_random_numbers_as_the_rule(index: int, value: float) -> None:
    text, points, _ = RULES[index]
    rule = parse_rule(text, points)
    if rule.inputs != 1:
        return
    again = parse_rule(rule.explain(), rule.points)
    assert _score(again, value) == _score(rule, value), rule.explain()
