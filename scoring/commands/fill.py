"""``perfscore fill MASTER --out DIR``: every unit's workbooks (target form, self-evaluation,
monitoring form) and every project's (项目支出绩效目标申报表, 项目支出绩效自评表); ``--forms``
chooses.

Master data is validated first; every problem is printed with file, sheet, row and column.
Units without problems are still produced. Exit code 0 when every unit was produced, 1 when
some failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..forms import FILLED_FORMS, FORMS
from ..policies import SETTING_SEPARATOR, SETTINGS, parse_policies
from ..project import PROFILES as PROJECT_PROFILES
from ..batch.workers import UNITS_PER_WORKER
from ..workbook.files import BACKUP_FOLDER
from . import arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore fill``."""
    parser.add_argument("master", help="主数据文件（.xlsx），或存放 单位.csv 等 CSV 文件的文件夹")
    parser.add_argument("--out", required=True, type=arguments.folder, help="输出文件夹")
    parser.add_argument("--variant", choices=("portable", "addin"), default="portable",
                        help="portable 通用版（原生公式，默认）或 addin 插件版")
    parser.add_argument("--jobs", type=arguments.jobs, default=None,
                        help="最多并行进程数（默认为 CPU 核数；单位很少时少用：每个进程至少 "
                             f"{UNITS_PER_WORKER} 个单位）")
    parser.add_argument("--force", action="store_true",
                        help=f"覆盖输出文件夹中已存在的工作簿（已填写或改动过的先移到“{BACKUP_FOLDER}”文件夹）")
    parser.add_argument("--forms", type=arguments.form_kinds, default=None, metavar="表单",
                        help="要生成的表单，用逗号分隔："
                             + "、".join(f"{FORMS[kind].label}（{kind}）" for kind in FILLED_FORMS)
                             + "（默认全部）")
    parser.add_argument("--period", type=arguments.period, default=None, metavar="监控期间",
                        help="运行监控表的监控期间，如 1-7月（默认按主数据“监控期间”列，为空时 1-6月）")
    # The project forms are scored by their profile (master data's 项目 sheet), whose tiers have
    # cuts the department-wide shares need not fit (部分达成 0.8 lies outside 湖北's 50%–80%).
    policies = parser.add_argument_group(
        "评分口径（优先于主数据的“评分口径”表；见 docs/batch.md）",
        f"只用于单位的{FORMS['evaluation'].label}和{FORMS['monitoring'].label}；"
        f"{FORMS['project'].label}按主数据“项目”表的评分口径列（"
        + "、".join(profile.name for profile in PROJECT_PROFILES.values())
        + "）计分，不受这些选项和“评分口径”表影响。")
    for setting in SETTINGS:
        words = "、".join(f"{word}（{value}）" for value, word in setting.choices)
        policies.add_argument(setting.option, dest=f"policy_{setting.key}", metavar="取值",
                              help=f"{setting.help}" + (f"：{words}" if words else ""))
    parser.add_argument("--strict", action="store_true",
                        help="评分规则无法自动读取时视为错误，不生成该单位（默认：该项由评价人打分，照常生成）")


def run(args: argparse.Namespace) -> int:
    """Validate, fill, print the problems and a one-line summary."""
    from ..batch.fill import (FORMER_MANIFEST_NAME, MANIFEST_NAME, SEPARATOR, STATUS_LABELS,
                              fill_units)
    from ..batch.master import load_master_isolated

    master = load_master_isolated(args.master, strict=args.strict)
    for error in master.problems:
        print(error.format_message(), file=sys.stderr)
    for warning in master.warnings:
        print(f"警告 {warning.format_message()}", file=sys.stderr)
    chosen = SETTING_SEPARATOR.join(
        f"{setting.key}={getattr(args, f'policy_{setting.key}')}" for setting in SETTINGS
        if getattr(args, f"policy_{setting.key}") is not None)
    report = fill_units(master, args.out, variant=args.variant, jobs=args.jobs, force=args.force,
                        progress=sys.stderr.isatty(),
                        policies=parse_policies(chosen, master.policies),
                        kinds=args.forms or FILLED_FORMS, period=args.period)
    failed = [row for row in report.failed if row.file]
    for row in failed:
        print(f"未生成 {Path(row.file).name}：{row.message}", file=sys.stderr)
    if report.manifest_error is not None:
        print(f"生成清单未能写入：{report.manifest_error.format_message()}", file=sys.stderr)
    manifest = report.manifest or "未写入"
    if report.former_manifest is not None:
        print(f"旧版本的清单 {FORMER_MANIFEST_NAME} 已移到 {report.former_manifest}"
              f"（其内容已写入 {MANIFEST_NAME}）", file=sys.stderr)
    stale = report.count("stale")
    if stale:
        print(f"注意：{stale} 个已存在的工作簿所属单位的主数据已改动，这些工作簿未更新（清单“状态”列为"
              f"“{STATUS_LABELS['stale']}”）；如需重新生成请加 --force，已填写过的工作簿会先移到"
              f"“{BACKUP_FOLDER}”文件夹。", file=sys.stderr)
    backups = [row for row in report.written if row.status == "written" and BACKUP_FOLDER in row.message]
    for row in backups:
        print(f"{Path(row.file).name}：{row.message.split(SEPARATOR)[0]}", file=sys.stderr)
    print(f"生成 {report.count('written')} 个工作簿，已存在未覆盖 {report.count('exists') + stale} 个，"
          f"未能生成 {len(failed)} 个；{master.left_out} 个单位"
          + (f"、{len(master.failed_projects)} 个项目" if master.failed_projects else "")
          + f"因主数据错误未生成。生成清单：{manifest}")
    return 1 if report.failed or master.problems or report.manifest_error else 0
