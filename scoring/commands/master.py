"""``perfscore master``: write an empty master data file with its headers and an example.

The file has the sheets 单位, 绩效指标 and 评价指标框架 with the Chinese headers of
:mod:`scoring.batch.master`, filled with the built-in example (one unit, its indicators and the
standard framework), so that it can be edited and then given to ``perfscore fill``.
"""

from __future__ import annotations

import argparse

#: Where the master data file goes when no path is given.
DEFAULT_PATH = "主数据.xlsx"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Arguments of ``perfscore master``."""
    parser.add_argument("path", nargs="?", metavar="文件",
                        help="要写出的主数据文件（.xlsx），或存放 CSV 文件的文件夹（同 --out）")
    parser.add_argument("--out", default=None,
                        help="要写出的主数据文件（.xlsx），或存放 CSV 文件的文件夹（默认 主数据.xlsx）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的文件")


def run(args: argparse.Namespace) -> int:
    """Write the file and say where it is (the path given positionally or with ``--out``)."""
    from ..batch.master import example_frames, write_master
    from ..errors import PerfscoreError

    if args.path and args.out and args.path != args.out:
        raise PerfscoreError(f"输出文件给出了两次且不同：“{args.path}”与 --out “{args.out}”，"
                             "请只给一个", code="PS-E003")
    path = write_master(example_frames(), args.path or args.out or DEFAULT_PATH,
                        force=args.force)
    print(f"已写出主数据模板：{path}")
    return 0
