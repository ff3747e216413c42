"""The rule reader on 100 real rule texts from public documents (``tests/corpus``, issue #9).

Every case the committed ``results.json`` records as passing must still pass; at least 95% of
the scored cases of the rules that are not ambiguous must pass; verdicts (取消评比资格, 不合格)
must set the rule's veto, gate or disqualification flag. The pass rate per shape is printed at
the end of every test run (``conftest.pytest_terminal_summary``).
"""

from __future__ import annotations

import json

import pytest
from corpus.runner import CORPUS, RESULTS, cases, outcome, run
from conftest import ROOT

SHARED = ROOT.parent / "shared" / "corpus" / "rules_corpus.json"


def test_the_corpus_is_the_shared_one() -> None:
    if not SHARED.exists():
        pytest.skip("shared/corpus is not beside the checkout")
    assert json.loads(CORPUS.read_text(encoding="utf-8")) == json.loads(
        SHARED.read_text(encoding="utf-8"))


def test_no_case_that_passed_fails_now() -> None:
    committed = json.loads(RESULTS.read_text(encoding="utf-8"))
    now = run()
    assert set(now) == set(committed), "the corpus changed: rerun python -m tests.corpus.runner --update"
    regressed = {key: now[key] for key, was in committed.items() if was == "pass" and now[key] != "pass"}
    assert not regressed, regressed


@pytest.mark.parametrize("as_found", [False, True], ids=["typed", "as found"])
def test_at_least_95_percent_of_the_scored_cases_pass(as_found: bool) -> None:
    scored = [case for case in cases() if case.flag is None]
    passed = sum(outcome(case, as_found) == "pass" for case in scored)
    assert len(scored) == 180 and passed / len(scored) >= 0.95, (passed, len(scored))


@pytest.mark.parametrize("as_found", [False, True], ids=["typed", "as found"])
def test_verdicts_set_the_flag(as_found: bool) -> None:
    verdicts = [case for case in cases() if case.flag is not None]
    assert len(verdicts) >= 10
    assert all(outcome(case, as_found) == "pass" for case in verdicts), [
        (case.key, outcome(case, as_found)) for case in verdicts if outcome(case, as_found) != "pass"]


def test_every_corpus_rule_compiles_to_a_formula_excel_can_hold() -> None:
    """Excel refuses a formula of more than 8,192 characters (it repairs the file and drops the
    formula): every corpus rule, with the longest cell reference a sheet can have, stays within
    it. R135 (two parts, long answer lists) took 14,064 characters when each answer was compared
    one by one (scoring.formula.any_of); now about a third of that."""
    from scoring.parse import parse_rule

    rules = json.loads(CORPUS.read_text(encoding="utf-8"))["rules"]
    lengths = {rule["id"]: len(parse_rule(rule["text"], rule["points"], strict=False)
                               .to_formula("XFD1048576")) for rule in rules}
    assert max(lengths.values()) <= 8192, sorted(lengths.items(), key=lambda item: -item[1])[:3]
    assert lengths["R135"] < 14064 / 2
