"""The ``perfscore`` command line: a thin dispatcher over the command modules.

Each command lives in ``scoring/commands/<name>.py`` with ``add_arguments(parser)`` and
``run(args) -> int``. Modules are imported only when their command runs, so ``perfscore rule``
never pays for pandas or openpyxl. Errors on bad input (:class:`PerfscoreError`) are printed
as their Chinese message with code, never as a traceback, and end with the error's exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from .errors import PerfscoreError

#: Command name → (module, one-line Chinese help). Order is the order of ``--help``.
COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("scoring.commands.demo", "在内置示例数据上运行完整流程：生成、模拟填报、汇总"),
    "rule": ("scoring.commands.rule", "按评价要点文本为一个实际完成值打分并解释规则"),
    "score": ("scoring.commands.score", "为内置示例或已填报的工作簿计算得分、等次和扣分"),
    "template": ("scoring.commands.template", "重新生成 xlsx_templates/ 中的模板和示例工作簿"),
    "master": ("scoring.commands.master", "写出带表头和示例行的空白主数据文件"),
    "fill": ("scoring.commands.fill", "按主数据为每个单位生成目标表和自评表工作簿"),
    "collect": ("scoring.commands.collect", "收集已填报的工作簿，重新评分并写出汇总表"),
}


def build_parser() -> argparse.ArgumentParser:
    """The top-level parser with one sub-parser per available command."""
    parser = argparse.ArgumentParser(
        prog="perfscore",
        description="perfscore：部门整体预算绩效目标表与绩效自评表的评分工具。",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令")
    for name, (module_name, help_text) in COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        command = sub.add_parser(name, help=help_text, description=help_text)
        module.add_arguments(command)
        command.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (0 ok, 1 some input failed, 2 bad input)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except PerfscoreError as exc:
        print(exc.format_message(), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("已中断。", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
