"""Score the rule reader on the corpus of real rule texts and report the pass rate per shape.

``rules_corpus.json`` is a copy of ``../shared/corpus/rules_corpus.json`` (100 real 评价要点 from
public documents, with the scores a careful evaluator gives). ``inputs.json`` says what an
evaluator types for each finding the corpus describes in words: the multi-part notation
``①97%；②2``, the checklist labels ``①③``, or 是/否. Every case is scored twice: with the typed
value, and with the finding as the corpus words it (the engine reads described findings itself,
:mod:`scoring.findings`). ``results.json`` holds the outcome of every case as last committed; the
test fails when a case that passed there fails now.

Run ``python -m tests.corpus.runner`` from the project root to print the report, and
``python -m tests.corpus.runner --update`` to rewrite ``results.json`` after an improvement.
"""

from __future__ import annotations

import argparse
import json
import math
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scoring.errors import PerfscoreError
from scoring.parse import parse_rule

HERE = Path(__file__).parent
CORPUS = HERE / "rules_corpus.json"
INPUTS = HERE / "inputs.json"
RESULTS = HERE / "results.json"


@dataclass(frozen=True)
class Case:
    """One corpus case: the rule, what the corpus says was found, what is typed, and the score
    (or, for a verdict, whether the rule's veto, gate or disqualification is triggered)."""

    rule_id: str
    shape: str
    text: str
    points: float | None
    finding: Any
    typed: Any
    want: float | None
    flag: bool | None

    @property
    def key(self) -> str:
        return f"{self.rule_id} {self.finding}"


def cases() -> list[Case]:
    """Every case of the rules that are not ambiguous, with the typed value of each finding."""
    rules = json.loads(CORPUS.read_text(encoding="utf-8"))["rules"]
    table = json.loads(INPUTS.read_text(encoding="utf-8"))
    typed, verdicts = table["inputs"], table["verdicts"]
    found: list[Case] = []
    for rule in rules:
        if rule.get("ambiguous"):
            continue
        for finding, want in rule.get("cases", []):
            common = (rule["id"], rule["shape"], rule["text"], rule["points"], finding)
            if isinstance(want, (int, float)):
                value = typed.get(rule["id"], {}).get(str(finding), finding)
                found.append(Case(*common, value, float(want), None))
            elif str(finding) in verdicts.get(rule["id"], {}):
                verdict = verdicts[rule["id"]][str(finding)]
                found.append(Case(*common, verdict["input"], None, verdict["flag"]))
    return found


def outcome(case: Case, as_found: bool = False) -> str:
    """``pass`` or what went wrong, with the typed value or (``as_found``) the finding itself."""
    value = case.finding if as_found else case.typed
    try:
        rule = parse_rule(case.text, case.points)
        if case.flag is not None:
            got = bool(rule.triggered_parts(value))
            return "pass" if got == case.flag else f"flag {got}, want {case.flag}"
        score = rule.score(value)
    except PerfscoreError as error:
        return f"{error.code} {error.message[:60]}"
    assert case.want is not None
    return "pass" if math.isclose(score, case.want, abs_tol=1e-9) else f"{score:g}, want {case.want:g}"


FOUND = " [as found]"


def run() -> dict[str, str]:
    """The outcome of every case, by key: typed, and as found (key + :data:`FOUND`)."""
    outcomes = {case.key: outcome(case) for case in cases()}
    outcomes.update({case.key + FOUND: outcome(case, as_found=True) for case in cases()})
    return outcomes


def report(outcomes: dict[str, str]) -> str:
    """The pass rate per shape, of the scored cases and of the verdicts, typed and as found."""
    total, passed, found = Counter(), Counter(), Counter()
    for case in cases():
        shape = case.shape if case.flag is None else "verdict"
        total[shape] += 1
        passed[shape] += outcomes[case.key] == "pass"
        found[shape] += outcomes[case.key + FOUND] == "pass"
    lines = ["rule reader on the corpus of real texts (tests/corpus): typed / as found"]
    lines += [f"  {shape:13s} {passed[shape]:3d} / {found[shape]:3d} of {total[shape]:3d}"
              for shape in sorted(total)]
    scored = [shape for shape in total if shape != "verdict"]
    n = sum(total[s] for s in scored)
    k, f = sum(passed[s] for s in scored), sum(found[s] for s in scored)
    lines.append(f"  scored cases {k}/{n} typed ({100 * k / max(n, 1):.1f}%), "
                 f"{f}/{n} as found ({100 * f / max(n, 1):.1f}%)")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite results.json")
    args = parser.parse_args()
    outcomes = run()
    print(report(outcomes))
    for key, result in outcomes.items():
        if result != "pass":
            print(f"  {key}: {result}")
    if args.update:
        RESULTS.write_text(json.dumps(outcomes, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
