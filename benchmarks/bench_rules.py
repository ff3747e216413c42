"""Speed of the rule engine: parsing (cache cleared) and scoring (rules cached).

Prints calls per second and microseconds per call for the 评价要点 of the built-in 2024 example
(南京市人民政府办公厅, scoring/data/nanjing_2024.json) and the DOMAIN.md §4 examples, each
scored at its sample actual values.

It also reads every rule of the corpus of real texts (``tests/corpus/rules_corpus.json``) with
the caches cleared and reports the median and worst cold parse per rule, and the cold parse of a
2,000-character text (the longest read): issue #9's targets are a median of at most 2 ms and a
worst of at most 100 ms.

Run: ``python benchmarks/bench_rules.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout: use this tree's scoring package

from scoring.errors import PerfscoreError  # noqa: E402
from scoring.normalise import normalise  # noqa: E402
from scoring.parse import _parse_canonical, parse_rule  # noqa: E402
from scoring.rules import Rule  # noqa: E402

#: DOMAIN.md §4 examples: (text, points, sample actual value).
DOMAIN_RULES: list[tuple[str, float | None, object]] = [
    ("决策制度建立完整，得 2 分。", None, "是"),
    ("预算执行率在 90%以上，得 2 分。", None, 0.95),
    ("办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。", None, 0.94),
    ("满意度在95%以上得5分，每降低5%扣2分，低于60%不得分。", None, "93%"),
    ("得分＝预算执行率×分值", 2, 0.97),
    ("每超过1%扣0.5分", 2, 0.02),
    ("“三公”经费使用超支扣分，若不超支则不扣分", 2, "不超支"),
    ("90%（含）以上得5分，80%（含）-90%得3分，80%以下不得分", None, 0.85),
    ("受到国务院嘉奖加 3 分，受到省级嘉奖加 2 分，得到市级考核一等奖加 1 分，得到市级考核二等奖加 0.5 分；"
     "同一项工作不累计加分", 5, ["省级嘉奖", "市级考核一等奖"]),
    ("酌情扣分", 5, 1),
    ("以100%为标准。公用经费控制率≦100%,计4分;每超过一个百分点扣0.4分,扣完为止。", None, 1.02),
    ("项目完成率≥95%,计6分;85%(含)-95%,计4分;70%(含)-85%,计2分;低于70%不得分。", None, 0.9),
    ("内控制度完善的得4分,基本完善的得2分,不完善的不得分。", None, "基本完善"),
    ("每发现一处问题扣0.5分,扣完为止", 2, 1),
    ("①制度健全,1分;②执行到位,1分;③信息公开,1分", None, "①③"),
    ("发生重大安全责任事故的，一票否决", None, "否"),
]


def seed_rules() -> list[tuple[str, float | None, object]]:
    """(rule text, points, actual value) of every scored leaf of the built-in example."""
    data = json.loads((ROOT / "scoring" / "data" / "nanjing_2024.json").read_text("utf-8"))
    actuals = data["inputs"]["actuals"]
    found: list[tuple[str, float | None, object]] = []

    def walk(node: dict) -> None:
        if node.get("rule_text") and not node.get("children"):
            found.append((node["rule_text"], node.get("points"), actuals.get(node["code"])))
        for child in node.get("children", []):
            walk(child)

    for section in data["framework"]["sections"]:
        walk(section)
    return found


def corpus_rules() -> list[tuple[str, float | None]]:
    """(text, points) of every rule of the corpus of real texts."""
    corpus = json.loads((ROOT / "tests" / "corpus" / "rules_corpus.json").read_text("utf-8"))
    return [(rule["text"], rule["points"]) for rule in corpus["rules"]]


def corpus_findings() -> list[tuple[Rule, str]]:
    """(rule, finding) for every corpus case whose actual value is a described finding."""
    corpus = json.loads((ROOT / "tests" / "corpus" / "rules_corpus.json").read_text("utf-8"))
    found = []
    for item in corpus["rules"]:
        try:
            rule = parse_rule(item["text"], item["points"])
        except PerfscoreError:
            continue
        for actual, _ in item["cases"]:
            if isinstance(actual, str) and re.search(r"[^\d.%\s-]", actual):
                found.append((rule, actual))
    return found


def long_text() -> str:
    """A 2,000-character rule: numbered clauses of every common shape, repeated."""
    clause = ("({n})办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分；满意度90%（含）以上得5分，"
              "80%（含）-90%得3分；每发现一处问题扣0.5分，扣完为止；")
    text = "".join(clause.format(n=n) for n in range(1, 40))
    return text[:2000]


def cold(text: str, points: float | None) -> float:
    """Seconds to read one text with every cache cleared (an unreadable text counts too)."""
    normalise.cache_clear()
    _parse_canonical.cache_clear()
    start = time.perf_counter()
    parse_rule(text, points, strict=False)
    return time.perf_counter() - start


def rate(label: str, calls: int, seconds: float) -> None:
    """Print one result line."""
    print(f"{label:<34} {calls / seconds:>12,.0f} calls/s {seconds / calls * 1e6:>9.2f} µs/call")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200, help="passes over the rule list")
    args = parser.parse_args()
    rules = seed_rules() + DOMAIN_RULES
    print(f"{len(rules)} rules ({len(rules) - len(DOMAIN_RULES)} from the 2024 example), "
          f"{args.repeat} passes")

    start = time.perf_counter()
    for _ in range(args.repeat):
        normalise.cache_clear()
        _parse_canonical.cache_clear()
        for text, points, _ in rules:
            parse_rule(text, points)
    rate("parse (uncached)", args.repeat * len(rules), time.perf_counter() - start)

    start = time.perf_counter()
    for _ in range(args.repeat):
        for text, points, _ in rules:
            parse_rule(text, points)
    rate("parse (cached)", args.repeat * len(rules), time.perf_counter() - start)

    parsed = [(parse_rule(text, points), actual) for text, points, actual in rules]
    start = time.perf_counter()
    for _ in range(args.repeat):
        for rule, actual in parsed:
            rule.score(actual)
    rate("score (rule cached)", args.repeat * len(rules), time.perf_counter() - start)

    start = time.perf_counter()
    for _ in range(args.repeat):
        for text, points, actual in rules:
            parse_rule(text, points).score(actual)
    rate("parse_rule(...).score (cached)", args.repeat * len(rules), time.perf_counter() - start)

    corpus = corpus_rules()
    times = sorted(min(cold(text, points) for _ in range(5)) for text, points in corpus)
    median, worst = statistics.median(times), times[-1]
    print(f"corpus cold parse ({len(corpus)} real rules): median {median * 1e3:.2f} ms, "
          f"worst {worst * 1e3:.2f} ms (targets: ≤2 ms, ≤100 ms)")
    text = long_text()
    longest = min(cold(text, None) for _ in range(5))
    print(f"cold parse of a {len(text)}-character text: {longest * 1e3:.1f} ms (target ≤100 ms)")

    findings = []
    for rule, finding in corpus_findings():
        start = time.perf_counter()
        try:
            rule.score(finding)
        except PerfscoreError:
            pass
        findings.append(time.perf_counter() - start)
    findings.sort()
    print(f"score a described finding ({len(findings)} corpus findings, rule cached): median "
          f"{statistics.median(findings) * 1e3:.2f} ms, worst {findings[-1] * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
