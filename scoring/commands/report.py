"""``perfscore report``: draft the self-evaluation report (整体绩效自我评价报告) as a Word document.

``perfscore report 自评表.xlsx [--target 目标表.xlsx] [--out 报告.docx]`` writes one report;
``perfscore report 文件夹 [--out 报告文件夹]`` writes one per unit with a self-evaluation in the
folder (matched with its target form by unit code and year), and lists the units it did not
write a report for and why. ``--master`` adds the master data's 年末调整预算收入, 财政拨款收入
and 支出总计; ``--template`` uses a template edited in Word; ``--write-template`` writes the
built-in template to start from (docs/report.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..forms import FORM_LABELS
from . import arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore report``."""
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("source", nargs="?", metavar="自评表或文件夹",
                        help="已填报的自评表工作簿（.xlsx），或存放已填报工作簿的文件夹（含子文件夹）")
    source.add_argument("--write-template", metavar="模板.docx", type=arguments.document_path,
                        help="写出内置的报告模板（Word），供修改后用 --template 使用")
    parser.add_argument("--target", metavar="目标表.xlsx",
                        help="该单位同年度的目标表工作簿（只用于单个自评表；文件夹中的目标表按单位编码和年度自动对应）")
    parser.add_argument("--master", metavar="主数据.xlsx",
                        help="主数据文件：取“单位”表的年末调整预算收入、财政拨款收入、支出总计（可选）")
    parser.add_argument("--out", metavar="输出",
                        help="报告文件（.docx，单个自评表时；默认与自评表同一文件夹）或报告文件夹（文件夹时；默认为该文件夹下的“报告”）")
    parser.add_argument("--template", metavar="模板.docx", type=arguments.document_path,
                        help="使用修改过的报告模板（默认为内置模板）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的报告")
    parser.add_argument("--jobs", type=arguments.jobs, default=None, help="并行进程数（默认为 CPU 核数；仅文件夹）")
    parser.add_argument("--render", metavar="文件夹", type=arguments.folder,
                        help="另把报告打印为 PDF 和 PNG 页面，写入该文件夹（仅单个自评表；需要 LibreOffice 和 poppler-utils）")
    parser.epilog = "退出码：0 正常；1 有工作簿无法读取或报告未能生成；2 参数或文件有误。"


def run(args: argparse.Namespace) -> int:
    """Write the template, one report, or a folder's reports."""
    from ..errors import PerfscoreError, WorkbookFileError
    from ..workbook.files import write_bytes_atomic

    if args.write_template:
        from ..document.report import default_template

        path = write_bytes_atomic(args.write_template, default_template(), args.force)
        print(f"已写出报告模板：{path}（占位符说明见 docs/report.md）")
        return 0
    template = _template(args.template) if args.template else None
    finances, problems = ({}, ())
    if args.master:
        from ..batch.reports import master_finances

        finances, problems = master_finances(args.master)
        for problem in problems:
            print(f"主数据：{problem.format_message()}", file=sys.stderr)
        if problems:
            print(f"注意：主数据中有 {len(problems)} 个问题，有问题的单位的报告不写入主数据中的收入支出数。",
                  file=sys.stderr)
    source = Path(args.source)
    if not source.exists():
        raise WorkbookFileError("文件或文件夹不存在", code="PS-W001", file=str(source))
    if source.is_dir():
        if args.target or args.render:
            raise PerfscoreError("--target 和 --render 只用于单个自评表；文件夹中的目标表按单位编码和年度自动对应",
                                 code="PS-E003")
        return _folder(args, source, finances, template)
    return _one(args, source, finances, template)


def _template(path: str) -> bytes:
    from ..document.report import check_template
    from ..errors import ReportError
    from ..workbook.safety import os_error_message

    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ReportError(f"报告模板无法读取：{os_error_message(exc)}", file=path) from exc
    check_template(data, path)
    return data


def _render(item: tuple[Any, bytes | None, str]) -> bytes:
    """Render one report (in a worker: a template that loops for ever is stopped there)."""
    from ..document.report import render_report

    return render_report(*item)


def _one(args: argparse.Namespace, source: Path, finances: dict, template: bytes | None) -> int:
    from ..batch.reports import report_name, unit_report
    from ..batch.workers import WRITE_LIMITS, call_isolated
    from ..errors import PerfscoreError, ReportError
    from ..report import Finances
    from ..workbook.files import write_bytes_atomic
    from ..workbook.reader import open_workbook, read_evaluation, read_target

    if args.out is not None and Path(args.out).suffix.lower() != arguments.DOCUMENT_SUFFIX:
        raise PerfscoreError(f"--out 应为以 {arguments.DOCUMENT_SUFFIX} 结尾的报告文件名，而不是“{args.out}”",
                             code="PS-E003")
    filled = read_evaluation(open_workbook(source))
    year = filled.metadata.year_number
    target = None
    if args.target:
        book = open_workbook(args.target)
        if book.metadata.form_kind != "target":
            raise PerfscoreError("--target 应为目标表工作簿，而这个工作簿是"
                                 f"{FORM_LABELS.get(book.metadata.form_kind, '其他表单')}",
                                 code="PS-E003", file=args.target)
        target = read_target(book)
        if not _same_unit(target.form.unit_code, target.form.unit_name, filled.unit_code,
                          filled.unit_name) or target.metadata.year_number != year:
            raise PerfscoreError(
                f"目标表（{_unit_text(target.form.unit_code, target.form.unit_name, target.metadata.year_number)}）"
                f"与自评表（{_unit_text(filled.unit_code, filled.unit_name, year)}）不是同一单位同一年度",
                code="PS-E003", file=args.target)
    if filled.unfilled:
        print(f"[PS-F008] 文件 {source}：自评表未填报（没有填写任何实际完成值），未生成报告", file=sys.stderr)
        return 1
    report = unit_report(filled, target, finances.get((filled.unit_code, year), Finances()))
    out = Path(args.out) if args.out else source.with_name(
        report_name(filled.unit_code, filled.unit_name, year))
    if out.exists() and not args.force:  # before rendering, as write_bytes_atomic would refuse
        raise PerfscoreError("文件已存在，未覆盖；如需覆盖请使用 --force", code="PS-W008", file=str(out))
    data = call_isolated(_render, (report, template, args.template or ""), limits=WRITE_LIMITS,
                         error=lambda code, message: ReportError(
                             f"生成报告时超出限制：{message}（请检查报告模板中的循环）",
                             file=args.template or "默认模板"))
    path = write_bytes_atomic(out, data, args.force)
    if target is None:
        print("注意：未给出目标表（--target），报告中单位职能、机构人员、资金和年度目标处为【待填写】。",
              file=sys.stderr)
    print(f"已生成报告：{path}")
    if args.render:
        from ..workbook.render import render

        for page in render([path], args.render):
            print(f"已渲染 {page}")
    return 0


def _same_unit(code: str, name: str, other_code: str, other_name: str) -> bool:
    """Whether two forms are one unit's: equal codes, or (a code missing) equal names."""
    if code and other_code:
        return code == other_code
    return bool(name) and name == other_name


def _unit_text(code: str, name: str, year: int | None) -> str:
    return f"单位编码 {code or '空'}，{name or '单位名称空'}，{year or '年度未填'}{'年度' if year else ''}"


def _folder(args: argparse.Namespace, source: Path, finances: dict, template: bytes | None) -> int:
    from ..batch import reports

    out = Path(args.out) if args.out else source / "报告"
    run = reports.write_reports(source, out, finances=finances, template=template,
                                template_name=args.template or "", force=args.force,
                                jobs=args.jobs, progress=sys.stderr.isatty())
    for outcome in run.outcomes:
        unit = " ".join(filter(None, (outcome.unit_code, outcome.unit_name,
                                      f"{outcome.year}年度" if outcome.year else "")))
        if outcome.status == reports.WRITTEN:
            if outcome.message:
                print(f"注意：{unit}：{outcome.message}", file=sys.stderr)
            continue
        print(f"{outcome.status}：{unit + '，' if unit else ''}{outcome.file}"
              f"{'（' + outcome.message + '）' if outcome.message else ''}", file=sys.stderr)
    if not run.forms.get("evaluation"):
        found = "，".join(f"{FORM_LABELS[kind]} {count} 个" for kind, count in run.forms.items() if count)
        print(f"警告：文件夹 {source}（含子文件夹）中没有自评表，未生成报告"
              f"{'（找到' + found + '）' if found else ''}。", file=sys.stderr)
        return 1
    details = "，".join(f"{status} {run.count(status)} 个" for status in (
        reports.EXISTS, reports.UNFILLED, reports.NO_EVALUATION, reports.FAILED, reports.UNREADABLE)
        if run.count(status))
    print(f"已生成 {run.count(reports.WRITTEN)} 份报告，保存在 {out}" + (f"；{details}" if details else "") + "。")
    return 1 if run.count(reports.FAILED) or run.count(reports.UNREADABLE) else 0
