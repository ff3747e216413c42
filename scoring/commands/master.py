"""``perfscore master``: write an empty master data file with its headers and an example.

The file has the sheets 单位, 绩效指标 and 评价指标框架 with the Chinese headers of
:mod:`scoring.batch.master`, filled with the built-in example (one unit, its indicators and the
standard framework), so that it can be edited and then given to ``perfscore fill``.
"""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore master``."""
    parser.add_argument("--out", default="主数据.xlsx",
                        help="要写出的主数据文件（.xlsx），或存放 CSV 文件的文件夹（默认 主数据.xlsx）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的文件")


def run(args: argparse.Namespace) -> int:
    """Write the file and say where it is."""
    from ..batch.master import example_frames, write_master

    path = write_master(example_frames(), args.out, force=args.force)
    print(f"已写出主数据模板：{path}")
    return 0
