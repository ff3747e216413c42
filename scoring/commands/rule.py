"""``perfscore rule "TEXT" --actual 97% [--points 10] [--json]``: score one value, explain the rule.

Bad rule texts and actual values raise their :class:`~scoring.errors.PerfscoreError`; the
dispatcher prints the Chinese message with its code (exit code 2, no traceback).
"""

from __future__ import annotations

import argparse
import json

from .. import vocab
from ..parse import parse_rule
from ..plaintext import excerpt


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the command's arguments."""
    parser.add_argument("text", help="评价要点文本，如“办理比率在99%%以上得10分，每降低5%%扣2分”")
    parser.add_argument("--actual", default=None,
                        help="实际完成值，如 97%%、0.97、健全、3；奖项用“；”分隔。不填按未填报计 0 分")
    parser.add_argument("--points", type=float, default=None, help="指标分值（规则中未写明分值时必填）")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出得分、分值、类型、解释和规则参数")


def run(args: argparse.Namespace) -> int:
    """Parse the rule, score the actual value and print the result."""
    rule = parse_rule(args.text, args.points)
    score, finding = rule.read(args.actual)
    explanation = rule.explain()
    notice = None if finding is None else vocab.MESSAGES["actual_finding"].format(
        text=excerpt(args.actual), reading=rule.written(finding))
    if args.json:
        print(json.dumps({"score": score, "points": rule.points, "kind": rule.kind.value,
                          "kind_label": vocab.KIND_LABELS[rule.kind.value],
                          "explain": explanation, "rule": rule.to_dict(),
                          "reading": None if finding is None else rule.written(finding)},
                         ensure_ascii=False, indent=2, allow_nan=False))
    else:
        points = "—" if rule.points is None else f"{rule.points:g}"
        print(f"得分：{score:g} / {points}（{vocab.KIND_LABELS[rule.kind.value]}）")
        if notice:
            print(f"提示 [PS-V006] {notice}")
        print(explanation)
    return 0
