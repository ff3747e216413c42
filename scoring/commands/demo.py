"""``perfscore demo``: the whole batch cycle on built-in example data, in well under a minute.

Master data (the 2024 南京 example plus generated units, some deliberately wrong) → fill →
simulated typed values → a foreign and a damaged file added → collect → summary workbook →
one self-evaluation report (Word) per unit.
Prints where every output is.
"""

from __future__ import annotations

import argparse

from ..batch.workers import UNITS_PER_WORKER
from . import arguments


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore demo``."""
    parser.add_argument("--out", default="perfscore-demo", type=arguments.folder,
                        help="演示文件夹（默认 ./perfscore-demo）")
    parser.add_argument("--units", type=arguments.unit_count, default=None,
                        help="生成的单位数（默认 36，另加南京示例；0 表示只用南京示例）")
    parser.add_argument("--jobs", type=arguments.jobs, default=None,
                        help="并行进程数（默认为 CPU 核数；生成工作簿时每个进程至少 "
                             f"{UNITS_PER_WORKER} 个单位）")
    parser.add_argument("--force", action="store_true", help="覆盖上次演示的输出")


def run(args: argparse.Namespace) -> int:
    """Run the demo and print where the outputs are."""
    from ..batch.demo import DEMO_UNITS, run_demo
    from ..batch.fill import MANIFEST_NAME
    from ..batch.reports import WRITTEN
    from ..forms import DISAGREEMENTS_SUMMARY, UNREADABLE_SUMMARY
    from ..policies import DEFAULT_GRADE_BANDS

    GRADE_ORDER = [name for _, name in DEFAULT_GRADE_BANDS]

    count = DEMO_UNITS if args.units is None else args.units  # 0 is a choice, not "unset"
    result = run_demo(args.out, units=count, jobs=args.jobs, force=args.force)
    collected = result.collected
    units = collected.units
    print(f"主数据：{result.master}")
    if result.master_problems:
        print(f"  故意设置的 {len(result.master_problems)} 处错误（相关单位未生成，其余照常生成）：")
    else:
        print("  没有故意设置的错误（生成的单位太少，未包含它们）")
    for problem in result.master_problems:
        print(f"  - {problem.format_message()}")
    print(f"工作簿：{result.workbooks}（生成 {result.written} 个，已模拟填报；清单为其中的 {MANIFEST_NAME}）")
    print(f"汇总表：{result.summary}")
    grades = units["等次"].value_counts()
    print(f"  自评表 {len(units)} 个：" + "，".join(f"{g} {grades.get(g, 0)}" for g in GRADE_ORDER))
    for _, row in units.head(3).iterrows():
        print(f"  第 {row['排名']} 名 {row['单位名称']} {row['总得分']:g} 分 {row['等次']}")
    if len(collected.monitoring):
        print(f"  运行监控表 {len(collected.monitoring)} 个（演示不模拟 1-6月的执行情况，各指标为未填报；"
              f"示例见 xlsx_templates/example_2024_monitoring_portable.xlsx）")
    if len(collected.projects):
        print(f"  项目自评表 {len(collected.projects)} 个，项目目标申报表 {len(collected.project_targets)} 个，"
              f"审核提示 {len(collected.project_review)} 条（见汇总表的“项目自评”“项目目标申报”“审核提示”等工作表）")
    print(f"  目标表 {len(collected.targets)} 个")
    deliberate = (f"演示故意把“{result.overwritten}”自评表的总得分改成了 100，如同填报人改写了公式；"
                  if result.overwritten else "")
    print(f"  重新计算的结果与工作簿中的值不一致 {len(collected.disagreements)} 处"
          f"（{deliberate}见汇总表的“{DISAGREEMENTS_SUMMARY.sheet}”工作表）")
    print(f"  无法读取 {len(collected.unreadable)} 个（其中有演示故意放入的非本系统工作簿和损坏的工作簿）：")
    heading = UNREADABLE_SUMMARY.columns
    for _, row in collected.unreadable.iterrows():
        where = row[heading["where"]]
        where = f"，{where}" if isinstance(where, str) and where else ""
        print(f"  - [{row[heading['code']]}] 文件 {row[heading['file']]}{where}："
              f"{row[heading['message']]}")
    written = [o for o in result.report_outcomes if o.status == WRITTEN]
    print(f"自评报告：{result.reports}（Word，每个已填报的单位一份，共 {len(written)} 份；"
          f"改进措施等处标有【待填写】）")
    return 0
