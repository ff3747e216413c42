"""The command line as users run it: a real subprocess, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys


def perfscore(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scoring.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_score_example_json():
    out = perfscore("score", "--example", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["total"] == 99.0 and report["grade"] == "优秀" and report["deduction"] == -1.0
    assert report["subtotals"] == {"A": 14.5, "B": 19.5, "C": 30.0, "D": 30.0, "E": 5.0, "F": 0.0}


def test_score_example_text():
    out = perfscore("score", "--example")
    assert out.returncode == 0, out.stderr
    assert "总得分：99  等次：优秀  扣分合计：-1" in out.stdout
    assert "B11 部门预算执行率 得 1.5/2 分" in out.stdout


def test_rule_scores_and_explains():
    out = perfscore("rule", "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。",
                    "--actual", "97%", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["score"] == 8.0 and data["points"] == 10.0


def test_rule_error_exit_code_and_no_traceback():
    out = perfscore("rule", "每降低扣分", "--actual", "97%")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "PS-R" in out.stderr


def test_help_lists_commands():
    out = perfscore("--help")
    assert out.returncode == 0
    for name in ("rule", "score", "template", "fill", "collect", "demo"):
        assert name in out.stdout
