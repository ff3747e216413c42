"""The add-in's functions agree with the engine under every settable scoring policy.

An add-in workbook passes its metadata cell ``meta_policies`` (the text
:func:`scoring.policies.policies_text` writes) as the last argument of ``PERF_SCORE``,
``PERF_BONUS`` and ``PERF_TOTAL``; ``perfscore score`` and ``collect`` re-score with the policies
that text states. For each setting of the one table (:data:`scoring.policies.SETTINGS`) set away
from its default, every item of the seed framework scored by the functions equals the engine's
item score, and the total equals the engine's total. The inputs are the seed's, with the values
a policy changes: C11 97% (a partial step of 每降低5%扣2分), A41 基本达成 (部分达成), two
awards of one piece of work on F1, and no evaluator scores, so what counts is the rule's.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from addin import udfs
from scoring.example import load_example
from scoring.framework import Inputs, evaluate
from scoring.policies import DEFAULT_POLICIES, SETTINGS, parse_policies, policies_text

#: One non-default value of every setting: each other choice, and a share or amount moved.
_NUMBERS = {"tier_achieved": "0.9", "tier_partial": "0.7", "tier_not_achieved": "0.1",
            "bonus_cap": "2", "monitor_tolerance": "0.2"}
VARIANTS = [f"{setting.key}={value}" for setting in SETTINGS
            for value in ([choice for choice, _ in setting.choices[1:]] if setting.choices
                          else [_NUMBERS[setting.key]])]

AWARDS = [["政务公开", "受到国务院嘉奖"], ["政务公开", "受到省级嘉奖"]]


def _inputs() -> Inputs:
    seed = load_example().inputs
    actuals = {**seed.actuals, "C11": 0.97, "A41": "基本达成",
               "F1": [tuple(row) for row in AWARDS]}
    return replace(seed, actuals=actuals, scores={})


def _by_functions(text: str) -> tuple[dict[str, float], float]:
    """Each leaf's score and the total as the add-in's functions compute them."""
    framework, inputs = load_example().framework, _inputs()
    scores: dict[str, float] = {}
    for leaf in framework.leaves():
        if leaf.role == "score":
            scores[leaf.code] = udfs.PERF_SCORE(inputs.actuals.get(leaf.code), leaf.scoring_text,
                                                leaf.points, text)
        elif leaf.role == "bonus":
            scores[leaf.code] = udfs.PERF_BONUS(AWARDS, leaf.scoring_text, text, leaf.points)
    base = [scores[leaf.code] for leaf in framework.leaves() if leaf.role == "score"]
    bonus = sum(scores[leaf.code] for leaf in framework.leaves() if leaf.role == "bonus")
    return scores, udfs.PERF_TOTAL(base, bonus, 0, text)


@pytest.mark.parametrize("text", VARIANTS)
def test_functions_score_as_the_engine_under_the_policy(text):
    policies = parse_policies(text)
    assert policies != DEFAULT_POLICIES and policies_text(policies) == text
    result = evaluate(load_example().framework, _inputs(), policies)
    scores, total = _by_functions(policies_text(policies))
    for code, score in scores.items():
        assert score == pytest.approx(result.item(code).computed), code
    assert total == pytest.approx(result.total)
    assert udfs.PERF_GRADE(total) == result.grade


def test_the_policies_change_what_the_functions_give():
    """The inputs are chosen so that the settings matter (otherwise the test above is empty)."""
    default_scores, default_total = _by_functions("")
    assert (default_scores["C11"], default_scores["A41"], default_scores["F1"]) == (8.0, 2.0, 3.0)
    changed = {text: _by_functions(text) for text in VARIANTS}
    assert changed["partial_step=down"][0]["C11"] == 10.0  # 2% short of 99%: no whole step
    assert changed["partial_step=linear"][0]["C11"] == pytest.approx(9.2)
    assert changed["tier_partial=0.7"][0]["A41"] == pytest.approx(0.7 * 2.5)
    # F1 keeps its own 5 points; the policy caps the bonus added to the total at 2.
    assert changed["bonus_cap=2"][0]["F1"] == 3.0
    assert changed["bonus_cap=2"][1] == pytest.approx(default_total - 1.0)
