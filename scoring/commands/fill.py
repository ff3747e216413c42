"""``perfscore fill MASTER --out DIR``: every unit's target-form and self-evaluation workbooks.

Master data is validated first; every problem is printed with file, sheet, row and column.
Units without problems are still produced. Exit code 0 when every unit was produced, 1 when
some failed.
"""

from __future__ import annotations

import argparse
import sys

from . import arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore fill``."""
    parser.add_argument("master", help="主数据文件（.xlsx），或存放 单位.csv 等 CSV 文件的文件夹")
    parser.add_argument("--out", required=True, type=arguments.folder, help="输出文件夹")
    parser.add_argument("--variant", choices=("portable", "addin"), default="portable",
                        help="portable 通用版（原生公式，默认）或 addin 插件版")
    parser.add_argument("--jobs", type=arguments.jobs, default=None, help="并行进程数（默认为 CPU 核数）")
    parser.add_argument("--force", action="store_true", help="覆盖输出文件夹中已存在的工作簿")
    parser.add_argument("--strict", action="store_true",
                        help="评分规则无法自动读取时视为错误，不生成该单位（默认：该项由评价人打分，照常生成）")


def run(args: argparse.Namespace) -> int:
    """Validate, fill, print the problems and a one-line summary."""
    from ..batch.fill import MANIFEST_NAME, fill_units
    from ..batch.master import load_master

    master = load_master(args.master, strict=args.strict)
    for error in master.problems:
        print(error.format_message(), file=sys.stderr)
    for warning in master.warnings:
        print(f"警告 {warning.format_message()}", file=sys.stderr)
    report = fill_units(master, args.out, variant=args.variant, jobs=args.jobs, force=args.force,
                        progress=sys.stderr.isatty())
    for row in report.failed:
        if row.file:
            print(row.message, file=sys.stderr)
    print(f"生成 {report.count('written')} 个工作簿，已存在未覆盖 {report.count('exists')} 个；"
          f"{len(master.failed)} 个单位因主数据错误未生成。清单：{report.manifest or MANIFEST_NAME}")
    return 1 if report.failed or master.problems else 0
