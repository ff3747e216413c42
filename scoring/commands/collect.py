"""``perfscore collect DIR --out SUMMARY.xlsx``: re-score every filled workbook, write a summary.

Files that cannot be read are listed on the summary's 无法读取 sheet and never stop the run;
the exit code is 1 when there were any. A folder that does not exist is an error (PS-W001,
exit 2); a folder without any workbook gets a warning, exit 1 and no summary (docs/batch.md).
``--render DIR`` also prints the summary to PDF and PNG pages (the pictures in ``docs/images``).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore collect``."""
    parser.add_argument("folder", help="存放已填报工作簿的文件夹（含子文件夹）")
    parser.add_argument("--out", required=True, type=arguments.workbook_path, help="汇总表文件（.xlsx）")
    parser.add_argument("--jobs", type=arguments.jobs, default=None, help="并行进程数（默认为 CPU 核数）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的汇总表")
    parser.add_argument("--strict", action="store_true",
                        help="含无法自动读取的评分规则的工作簿列为无法读取（默认：该项按评价人打分计入）")
    parser.add_argument("--render", metavar="文件夹", type=arguments.folder,
                        help="另把汇总表打印为 PDF 和 PNG 页面，写入该文件夹（需要 LibreOffice 和 poppler-utils）")


def run(args: argparse.Namespace) -> int:
    """Collect, write the summary and print counts."""
    import sys

    from ..batch.collect import (DUPLICATE_COLUMNS, NO, WORKBOOK_SUFFIXES, check_folder, collect,
                                 workbook_files)
    from ..batch.summary import write_summary
    from ..errors import WorkbookFileError
    from ..forms import DISAGREEMENTS_SUMMARY

    out = Path(args.out)
    folder = check_folder(args.folder)
    if out.exists() and not args.force:  # before reading every file, not after
        raise WorkbookFileError("文件已存在，未覆盖；如需覆盖请使用 --force", code="PS-W008",
                                file=str(out))
    if not workbook_files(folder, [out]):
        print(f"警告：文件夹 {folder}（含子文件夹）中没有工作簿（{'、'.join(WORKBOOK_SUFFIXES)}），"
              "未写出汇总表。请检查文件夹是否正确。", file=sys.stderr)
        return 1
    collected = collect(folder, jobs=args.jobs, exclude=[out], progress=sys.stderr.isatty(),
                        strict=args.strict)
    path = write_summary(collected, out, force=args.force)
    if len(collected.years) > 1:
        print(f"注意：收集到 {'、'.join(map(str, collected.years))} 共 {len(collected.years)} 个年度的"
              "自评表，排名按年度分别计算（见“汇总”表的年度列）。", file=sys.stderr)
    # Copies left out are the duplicates table's rows not counted (units and projects alike).
    left_out = int((collected.duplicates[DUPLICATE_COLUMNS["counted"]] == NO).sum())
    repeated = f"重复交来的工作簿 {left_out} 个未计入（见“重复”表）；" if left_out else ""
    unfilled = f"未填报的自评表 {len(collected.unfilled)} 个（不参加排名，见“未填报”表）；" \
        if len(collected.unfilled) else ""
    projects = (f"项目支出绩效自评表 {len(collected.projects)} 个（审核提示 "
                f"{len(collected.project_review)} 条），" if len(collected.projects) else "")
    print(f"读取 {collected.files} 个文件：自评表 {len(collected.units)} 个，目标表 "
          f"{len(collected.targets)} 个，运行监控表 {len(collected.monitoring)} 个（红灯 "
          f"{len(collected.red_lights)} 个），{projects}无法读取 {len(collected.unreadable)} 个；"
          f"{unfilled}{repeated}重新计算的结果与工作簿中的值不一致 {len(collected.disagreements)} 处"
          f"（见“{DISAGREEMENTS_SUMMARY.sheet}”表）。汇总表：{path}")
    if args.render:
        from ..workbook.render import render

        for page in render([path], args.render):
            print(f"已渲染 {page}")
    return 1 if len(collected.unreadable) else 0
