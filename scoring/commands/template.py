"""``perfscore template``: regenerate the committed workbooks in ``xlsx_templates/``.

The folder holds the blank templates of the forms in their variants and the filled 2024
南京市人民政府办公厅 example (both variants), and the blank template and invented 2024 example of
the project self-evaluation and of the project target declaration (both variants). ``--check``
compares the committed files with what the generator produces (by content, :mod:`scoring.workbook.snapshot`) and exits 1 on a
difference, so CI notices a template that was not regenerated. ``--render DIR`` also prints the
example to PDF and PNG pages (the pictures in ``docs/images``).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..example import load_example
from ..forms import VARIANTS
from ..target_form import Funding, TargetForm, TargetIndicator
from . import arguments

if TYPE_CHECKING:
    from openpyxl import Workbook

#: Default output folder, relative to the working directory (the repository root).
DEFAULT_FOLDER = "xlsx_templates"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Options of ``perfscore template``."""
    parser.add_argument("--out", default=DEFAULT_FOLDER, type=arguments.folder,
                        help=f"输出文件夹（默认 {DEFAULT_FOLDER}）")
    parser.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    parser.add_argument("--check", action="store_true",
                        help="只检查文件夹中的工作簿是否与生成结果一致，不写文件；不一致时退出码为 1")
    parser.add_argument("--render", metavar="文件夹",
                        help="另把示例工作簿（通用版）打印为 PDF 和 PNG 页面，写入该文件夹（如 docs/images）")


def blank_target_form(form: TargetForm) -> TargetForm:
    """The blank template of ``form``: the standard indicator rows, no unit-specific content.

    Header texts, funding and indicator values are cleared; the 重点工作 rows keep their
    places but lose their names and content (they differ from unit to unit).
    """
    rows = []
    for row in form.indicators:
        work = bool(row.work_item or row.work_content)
        rows.append(TargetIndicator(row.level1, row.level2, "" if work else row.level3))
    return TargetForm(unit_name="", year=form.year, funding=Funding(0, 0, 0, 0), city=form.city,
                      indicators=tuple(rows))


def template_workbooks() -> dict[str, "Workbook"]:
    """File name → workbook, for every file of ``xlsx_templates/``."""
    from ..workbook.monitoring_sheet import template_monitoring_workbooks
    from ..workbook.project_sheet import template_project_workbooks
    from ..workbook.project_target_sheet import template_project_target_workbooks
    from ..workbook.writer import build_evaluation_workbook, build_target_workbook

    example = load_example()
    target = example.target_form
    blank = blank_target_form(target)
    books: dict[str, Workbook] = {}
    for variant in VARIANTS:
        books[f"blank_target_{variant}.xlsx"] = build_target_workbook(
            replace(blank, year=target.year), variant)
        books[f"blank_evaluation_{variant}.xlsx"] = build_evaluation_workbook(
            example.framework, None, year=target.year, variant=variant)
        books[f"example_{target.year}_target_{variant}.xlsx"] = build_target_workbook(target, variant)
        books[f"example_{target.year}_evaluation_{variant}.xlsx"] = build_evaluation_workbook(
            example.framework, example.inputs, unit_name=target.unit_name,
            unit_code=target.unit_code, year=target.year, variant=variant)
    books.update(template_monitoring_workbooks())
    books.update(template_project_workbooks())
    books.update(template_project_target_workbooks())
    return books


def check_folder(folder: Path) -> list[str]:
    """Differences between the committed files in ``folder`` and the generator's output."""
    from openpyxl import load_workbook

    from ..workbook.snapshot import describe, differences, reopened

    problems: list[str] = []
    for name, wb in template_workbooks().items():
        path = folder / name
        if not path.exists():
            problems.append(f"{path}: 缺少文件")
            continue
        found = differences(describe(reopened(wb)), describe(load_workbook(path)))
        problems.extend(f"{path}: {line}" for line in found)
    return problems


def run(args: argparse.Namespace) -> int:
    """Write (or with ``--check`` compare) every template; returns the exit code.

    Without ``--force`` every target is checked before anything is written: one existing file
    stops the command with nothing written, so a failure never leaves a partial set.
    """
    from ..errors import WorkbookFileError
    from ..workbook.files import make_folder, save_workbook

    folder = Path(args.out)
    if args.check:
        problems = check_folder(folder)
        for line in problems:
            print(line)
        if problems:
            print("模板与生成结果不一致：请运行 perfscore template --force 重新生成。")
            return 1
        print(f"{folder} 中的模板与生成结果一致。")
        return 0
    books = template_workbooks()
    existing = [name for name in books if (folder / name).exists()]
    if existing and not args.force:
        raise WorkbookFileError(
            f"文件夹中已有 {len(existing)} 个同名文件（{'、'.join(existing)}），为免留下不完整的一套模板，"
            "未写出任何文件；如需覆盖请使用 --force", code="PS-W008", file=str(folder))
    make_folder(folder)
    written = {}
    for name, wb in books.items():
        written[name] = save_workbook(wb, folder / name, force=args.force)
        print(f"已写出 {written[name]}")
    if args.render:
        from ..workbook.render import render

        examples = [path for name, path in written.items()
                    if name.startswith("example_") and name.endswith("_portable.xlsx")]
        for path in render(examples, args.render):
            print(f"已渲染 {path}")
    return 0
