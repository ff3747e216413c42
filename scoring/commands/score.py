"""``perfscore score``: the result of the built-in example or of a filled workbook.

Prints subtotals per 一级, total, grade, total deduction, items that lost points, missing
reasons and problems; ``--json`` prints one object (the shape of :meth:`Result.to_dict`, plus
``file`` and ``disagreements`` for a workbook).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from ..errors import PerfscoreError
from ..vocab import LIGHTS


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore score``."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("workbook", nargs="?", help="已填报的自评表、运行监控表、项目支出绩效自评表或目标申报表工作簿（.xlsx）")
    source.add_argument("--example", action="store_true",
                        help="使用内置示例：2024 年度南京市人民政府办公厅")
    parser.add_argument("--json", action="store_true", help="以 JSON 输出")
    parser.add_argument("--strict", action="store_true",
                        help="评分规则无法自动读取（PS-R007）时退出码为 1（默认仅提示，该项由评价人打分）")
    parser.epilog = "退出码：0 正常；1 有无法识别的输入或与工作簿中已存的值不一致；2 文件无法读取。"


def example_report() -> dict[str, Any]:
    """The built-in example's result in the JSON shape of ``perfscore score``."""
    from ..example import load_example
    from ..framework import evaluate

    example = load_example()
    report = evaluate(example.framework, example.inputs).to_dict()
    report["unit_name"] = example.target_form.unit_name
    report["year"] = example.target_form.year
    return report


def format_report(report: dict[str, Any]) -> str:
    """The human-readable (Chinese) summary of a report."""
    lines = []
    title = " ".join(str(report[k]) for k in ("year", "unit_name", "file") if report.get(k))
    if title:
        lines.append(title)
    if report.get("form") == "monitoring":
        return "\n".join(lines + _monitoring_lines(report))
    if report.get("form") == "project":
        return "\n".join(lines + _project_lines(report))
    if report.get("form") == "project_target":
        return "\n".join(lines + _project_target_lines(report))
    if report.get("unfilled"):   # as collect says: no score, only the unfilled inputs
        from ..vocab import MESSAGES

        lines.append(MESSAGES["report_unfilled"].format(grade=report["grade"]))
        return "\n".join(lines + _issue_lines(report))
    subtotals = "  ".join(f"{code} {value:g}" for code, value in report["subtotals"].items())
    lines.append(f"小计：{subtotals}")
    lines.append(f"总得分：{report['total']:g}  等次：{report['grade']}  扣分合计：{report['deduction']:g}")
    if report.get("vetoed"):
        lines.append("已触发一票否决。")
    for item in report["lost_items"]:
        reason = item["reason"] or "（缺少原因分析）"
        lines.append(f"扣分：{item['code']} {item['name']} 得 {item['final']:g}/{item['points']:g} 分 — {reason}")
    lines += _issue_lines(report)
    lines += [f"不一致：{diff['message']}" for diff in report.get("disagreements", [])]
    return "\n".join(lines)


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def _issue_lines(report: dict[str, Any]) -> list[str]:
    lines = []
    for issue in report["issues"]:
        message, item, cell = issue["message"], issue.get("item", ""), issue.get("cell", "")
        head = item if item and not message.startswith(item) else ""
        if cell and cell not in message:
            head += f"（{cell}）"
        lines.append(f"问题 [{issue['code']}] {head} {message}" if head
                     else f"问题 [{issue['code']}] {message}")
    return lines


def _monitoring_lines(report: dict[str, Any]) -> list[str]:
    """The summary of a monitoring workbook: lights, execution against 序时进度, red rows."""
    def counts(lights: dict[str, int]) -> str:
        return " ".join(f"{word} {lights.get(light, 0)}" for light, word in LIGHTS.items())

    lines = [f"监控期间：{report['period']}  序时进度：{_percent(report['time_progress'])}  "
             f"资金总额执行率：{_percent(report['execution_rate'])}",
             f"预警：{counts(report['lights'])}（指标：{counts(report['indicator_lights'])}；"
             f"资金：{counts(report['fund_lights'])}）；未填报的指标 {report['unfilled']['indicators']} 个"]
    for entry in report["funds"]:
        if entry["light"] == "red":
            lines.append(f"红灯：{entry['label']} 执行率 {_percent(entry['rate'])}，序时进度 "
                         f"{_percent(entry['progress'])}")
    for entry in report["indicators"]:
        if entry["light"] == "red":
            lines.append(f"红灯：{entry['level3']} 执行情况 {entry['actual'] or '—'}，"
                         f"半年指标值 {entry['half_value']}")
    lines += _issue_lines(report)
    return lines + [f"不一致：{diff['message']}" for diff in report.get("disagreements", [])]


def _project_lines(report: dict[str, Any]) -> list[str]:
    """The summary of a project self-evaluation: the 主管部门 and 实施单位 its form names (the
    title names the unit that handed it in), total, grade, lost points, review findings. An
    unfilled one (``unfilled``, nothing executed or completed) says 未填报 instead of a score and
    lists only its problems, as an unfilled self-evaluation lists its PS-F008s."""
    from ..project.vocab import MESSAGES

    lines = [report["project"]] if report.get("project") else []
    if report.get("department") or report.get("implementer"):
        lines.append(MESSAGES["report_parties"].format(
            department=report.get("department") or "—", unit=report.get("implementer") or "—"))
    if report.get("unfilled"):
        lines.append(MESSAGES["report_unfilled"].format(grade=report["grade"]))
        return lines + [MESSAGES["report_issue"].format(
            code=finding["code"], message=finding["message"],
            where=MESSAGES["report_where"].format(cell=finding["cell"]) if finding.get("cell") else "")
            for finding in report["issues"]]
    lines.append(MESSAGES["report_total"].format(
        total=report["total"], grade=report["grade"], rate=_percent(report["funds"][0]["rate"]),
        applicable=report["applicable_points"]))
    lines += [MESSAGES["report_lost_fund"].format(name=entry["label"], score=entry["score"] or 0,
                                                  points=entry["points"], rate=_percent(entry["rate"]))
              for entry in report["funds"] if entry["lost"] > 0]
    lines += [MESSAGES["report_lost"].format(name=entry["name"], final=entry["final"],
                                             points=entry["points"],
                                             reason=entry["reason"] or MESSAGES["report_reason_missing"])
              for entry in report["indicators"] if entry["lost"] > 0]
    # Located by their cells (项目自评表!F13), not by the engine's item keys (indicator.1).
    for key, found in (("report_issue", report["issues"]), ("report_review", report.get("review", []))):
        lines += [MESSAGES[key].format(
            code=finding["code"], message=finding["message"],
            where=MESSAGES["report_where"].format(cell=finding["cell"]) if finding.get("cell") else "")
            for finding in found]
    return lines + [f"不一致：{diff['message']}" for diff in report.get("disagreements", [])]


def _project_target_lines(report: dict[str, Any]) -> list[str]:
    """The summary of a project target declaration: what it declares and its problems."""
    from ..project.vocab import MESSAGES

    lines = [report["project"]] if report.get("project") else []
    annual = report["funds"].get("annual", {}).get("total")
    lines.append(MESSAGES["report_declaration"].format(
        indicators=report["indicators"], mid=report["mid_indicators"],
        annual=f"{annual:g}" if isinstance(annual, (int, float)) else (annual or "—"),
        problems=len(report["issues"])))
    return lines + _issue_lines(report)


#: Issue code prefixes that mean an input could not be used as typed (rule text, indicator or
#: actual value, workbook cell): the score leaves that input out, so the exit code says so.
UNREADABLE_PREFIXES = ("PS-R", "PS-T", "PS-V", "PS-W", "PS-J003", "PS-J004")
#: Notices among those codes: nothing typed was lost (PS-W016: an add-in workbook calculated
#: without the add-in, re-scored in full by the engine; PS-R007: a rule the reader cannot read,
#: scored by the evaluator, unless ``--strict``; PS-V006: a described finding, read and scored).
NOTICE_CODES = ("PS-W016", "PS-R007", "PS-V006")


def exit_code(report: dict[str, Any], strict: bool = False) -> int:
    """0 when every input was read and every stored value agrees; 1 otherwise.

    Content warnings (a missing reason, an item awaiting the evaluator) do not fail the command:
    the scores are still what the form says. ``strict`` counts an unread rule (PS-R007).
    """
    notices = tuple(code for code in NOTICE_CODES if not (strict and code == "PS-R007"))
    unreadable = any(issue["code"].startswith(UNREADABLE_PREFIXES)
                     and issue["code"] not in notices for issue in report["issues"])
    return 1 if unreadable or report.get("disagreements") else 0


def workbook_report(path: str) -> dict[str, Any]:
    """The JSON shape of ``perfscore score`` for a workbook (run in an isolated worker): the
    registered form's ``score`` (:data:`scoring.forms.FORMS`).

    Raises:
        WorkbookFileError: PS-W012 for a form that has no score (the target form).
    """
    from .. import forms
    from ..errors import WorkbookFileError
    from ..workbook.reader import open_workbook

    book = open_workbook(path)
    spec = forms.form(book.metadata.form_kind)
    if not spec.score:
        scored = "、".join(other.label for other in forms.FORMS.values() if other.score)
        raise WorkbookFileError(f"这是{spec.label}工作簿，没有得分：应为{scored}工作簿",
                                code="PS-W012", file=path)
    return forms.function(spec.score)(book)


def run(args: argparse.Namespace) -> int:
    """Score and print; exit 0, or 1 when an input was unreadable or a stored value disagrees.

    The workbook is read in a worker process under memory and time limits, so a file that
    would crash or hang its reader is answered with PS-W004/PS-W002 like any bad file.
    """
    if args.example:
        report = example_report()
    else:
        from ..batch.workers import READ_LIMITS, call_isolated
        from ..errors import WorkbookFileError

        try:
            report = call_isolated(workbook_report, args.workbook, limits=READ_LIMITS,
                                   error=lambda code, message: WorkbookFileError(message, code=code))
        except PerfscoreError as exc:
            exc.located(file=args.workbook)
            raise
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2, allow_nan=False)
        sys.stdout.write("\n")
    else:
        print(format_report(report))
    return exit_code(report, strict=getattr(args, "strict", False))
