"""Read a filled project target declaration (项目支出绩效目标申报表) back into its data class.

The workbook is found by what it declares: the metadata sheet says it is a declaration, and the
defined names of :data:`scoring.forms.PROJECT_TARGET_FORM` (``proj_target_*``) say where each cell
and column is. :func:`read_project_target` rebuilds the :class:`~scoring.project.ProjectTarget`
(:func:`read_filled_project_target` with the 项目编码 and each indicator's sheet row, for
``collect``); :func:`project_target_report` is what ``perfscore score`` prints for it: the
declaration's problems (:func:`scoring.project.check_target`), since the form has no score;
:func:`declaration_cell` is the cell a problem is about. An issued declaration whose indicators
(一级, 二级, 三级, 指标值) no longer match the checksum recorded when it was written is reported as
the department forms report it (PS-W007, located at the indicator table). Both groups of
indicators are read: the annual one (``proj_target_*``, which the checksum covers) and, where the
form shows it, the 中期（长期）one (``proj_target_mid_*``: a declaration without mid-term
indicators has none of these names).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import forms
from ..errors import WorkbookFileError
from ..forms import PROJECT_TARGET_FORM, PROJECT_TARGET_MID_COLUMNS, Column
from ..framework import Issue
from ..project import (DeclaredFunds, DeclaredIndicator, ProjectEvaluation, ProjectTarget,
                       check_target)
from ..project import vocab as project_vocab
from .metadata import Metadata, project_checksum
from .project_reader import _entered
from .reader import WorkbookData, expect_form, filled_down, text_of


@dataclass(frozen=True)
class FilledProjectTarget:
    """A declaration workbook as read.

    Attributes:
        file: The file it was read from.
        metadata: Its metadata sheet.
        target: What it declares.
        project_code: The 项目编码 ``perfscore fill`` recorded ("" on a template filled by hand).
        rows: The sheet row of each of ``target.indicators``.
        problems: What reading found about the workbook itself (PS-W007: indicators changed
            since it was issued).
        mid_rows: The sheet row of each of ``target.mid_indicators``.
    """

    file: str
    metadata: Metadata
    target: ProjectTarget
    project_code: str
    rows: tuple[int, ...]
    problems: tuple[Issue, ...] = ()
    mid_rows: tuple[int, ...] = ()


def read_project_target(book: WorkbookData) -> ProjectTarget:
    """Read a declaration workbook into its :class:`~scoring.project.ProjectTarget`
    (:func:`read_filled_project_target`)."""
    return read_filled_project_target(book).target


def _indicator_group(book: WorkbookData, group: Sequence[Column]
                     ) -> tuple[list[DeclaredIndicator], list[int]]:
    """The indicators of one group's table and their sheet rows. Rows with neither a 三级指标
    nor a 指标值 (the blank template's unused rows) are left out.

    Raises:
        WorkbookFileError: PS-W007 when a defined name is missing or the columns no longer match.
    """
    layout = PROJECT_TARGET_FORM
    columns = {column.key: book.column(column.name) for column in group}
    if len({len(values) for values in columns.values()}) != 1:
        raise WorkbookFileError(f"{layout.label}的表格各列行数不一致：工作簿的结构被改动",
                                code="PS-W007", file=book.file, sheet=layout.sheet)
    for key in ("level1", "level2"):
        columns[key] = filled_down(columns[key])
    indicators, rows = [], []
    first_row = book.area(next(c.name for c in group if c.key == "level3")).first_row
    for row in range(len(columns["level1"])):
        name, value = (_entered(columns[key][row]) for key in ("level3", "value"))
        if name is None and value is None:
            continue
        rows.append(first_row + row)
        indicators.append(DeclaredIndicator(text_of(columns["level1"][row]),
                                            text_of(columns["level2"][row]), text_of(name), value))
    return indicators, rows


def read_filled_project_target(book: WorkbookData) -> FilledProjectTarget:
    """Read a declaration workbook: what it declares, its 项目编码 and where its indicators are.

    Indicator rows with neither a 三级指标 nor a 指标值 (the blank template's unused rows) are
    left out; the 实施单位 falls back to the metadata's unit name. The 中期（长期）group is read
    when the workbook names any of its columns (a declaration without mid-term indicators has
    no such table).

    Raises:
        WorkbookFileError: PS-W012 when it is another form's workbook; PS-W007 when defined
            names are missing or the table's columns no longer match.
    """
    layout = PROJECT_TARGET_FORM
    expect_form(book, layout)
    indicators, rows = _indicator_group(book, layout.columns)
    mid_indicators, mid_rows = (
        _indicator_group(book, PROJECT_TARGET_MID_COLUMNS)
        if any(column.name in book.names for column in PROJECT_TARGET_MID_COLUMNS) else ([], []))
    funds = {column: DeclaredFunds(*(_entered(book.named(f"proj_target_{column}_{row}"))
                                     for row in project_vocab.DECLARATION_FUND_ROWS))
             for column in project_vocab.DECLARATION_FUND_COLUMNS}
    texts = {name: text_of(book.named(name)) for name in (
        "proj_target_name", "proj_target_department", "proj_target_department_code",
        "proj_target_unit", "proj_target_attribute", "proj_target_period",
        "proj_target_goal_mid", "proj_target_goal_annual")}
    target = ProjectTarget(
        name=texts["proj_target_name"], department=texts["proj_target_department"],
        department_code=texts["proj_target_department_code"],
        unit=texts["proj_target_unit"] or book.metadata.unit_name,
        attribute=texts["proj_target_attribute"], period=texts["proj_target_period"],
        funds=funds, goal_mid=texts["proj_target_goal_mid"],
        goal_annual=texts["proj_target_goal_annual"], indicators=tuple(indicators),
        mid_indicators=tuple(mid_indicators))
    code_name = forms.METADATA_NAME.format(key=forms.PROJECT_CODE_FIELD[0])
    code = text_of(book.named(code_name)) if code_name in book.names else ""
    meta = book.metadata
    # Only an issued declaration's indicators are fixed; a blank template's are the unit's to type.
    evaluated = ProjectEvaluation(target.name, indicators=tuple(
        indicator.as_evaluated() for indicator in target.indicators))
    problems = (Issue("PS-W007", project_vocab.MESSAGES["declaration_changed"], "indicators"),) if (
        meta.unit_name and meta.rules_checksum
        and project_checksum(evaluated) != meta.rules_checksum) else ()
    return FilledProjectTarget(book.file, meta, target, code, tuple(rows), problems,
                               tuple(mid_rows))


#: The column of the indicator table a problem about one indicator points at, by code (the
#: 指标值 for an unreadable or missing value).
DECLARATION_FINDING_COLUMNS: dict[str, str] = {"PS-T001": "value", "PS-T002": "value"}
#: The last column a finding about the whole indicator table spans, by code (PS-W007: 指标值, the
#: table the checksum covers); any other code: the 一级指标 column alone.
DECLARATION_TABLE_LAST: dict[str, str] = {"PS-W007": "value"}


def declaration_cell(filled: FilledProjectTarget, code: str, item: str) -> str:
    """The cell (or area) of the declaration a problem is about (:func:`check_target`'s
    ``item``): ``项目目标申报表!B6`` for ``field.attribute``; the 资金总额 of a funds column for
    PS-X107 and the whole column for PS-X005 (``funds.annual``); the indicator's 指标值 for
    ``indicator.3`` (its 三级指标 for other codes); the 一级指标 column for ``indicators`` (一级指标
    to 指标值 for PS-W007); the same in the 中期（长期）table for ``mid_indicator.3`` and
    ``mid_indicators``; "" when the form has no cell for it."""
    layout = PROJECT_TARGET_FORM
    sheet, (kind, _, key) = layout.sheet, item.partition(".")
    rows = filled.rows
    if kind.startswith("mid_"):
        kind, rows = kind.removeprefix("mid_"), filled.mid_rows
    if kind == "field":
        for name, _, row, _, first, _ in forms.PROJECT_TARGET_HEADER_CELLS:
            if name == f"proj_target_{key}":
                return f"{sheet}!{first}{row}"
    if kind == "funds" and key in forms.PROJECT_TARGET_FUND_LETTERS:
        letter, top = forms.PROJECT_TARGET_FUND_LETTERS[key], forms.PROJECT_TARGET_FUNDS_FIRST_ROW
        bottom = top + len(project_vocab.DECLARATION_FUND_ROWS) - 1
        return f"{sheet}!{letter}{top}" + ("" if code == "PS-X107" else f":{letter}{bottom}")
    if kind == "indicator" and key.isdigit() and 0 < int(key) <= len(rows):
        letter = layout.column(DECLARATION_FINDING_COLUMNS.get(code, "level3")).letter
        return f"{sheet}!{letter}{rows[int(key) - 1]}"
    if kind == "indicators" and rows:
        first = layout.column("level1").letter
        last = layout.column(DECLARATION_TABLE_LAST.get(code, "level1")).letter
        return f"{sheet}!{first}{rows[0]}:{last}{rows[-1]}"
    return ""


def project_target_report(book: WorkbookData) -> dict[str, Any]:
    """``perfscore score --json`` of a declaration workbook (the form registry's ``score``).

    Returns:
        ``form``, ``file``, ``variant``, ``year``, ``unit_name``, ``project``, the number of
        annual ``indicators`` and of ``mid_indicators`` (中期（长期）), the ``funds`` as read (column → row → amount) and the declaration's
        problems as ``issues`` (PS-W007 when its indicators changed since it was issued, then
        :func:`scoring.project.check_target`), each with its ``cell``.
    """
    filled = read_filled_project_target(book)
    target, meta = filled.target, book.metadata
    return {"form": PROJECT_TARGET_FORM.kind, "file": book.file, "variant": meta.variant,
            "year": meta.year_number, "unit_name": target.unit, "project": target.name,
            "indicators": len(target.indicators), "mid_indicators": len(target.mid_indicators),
            "funds": {column: dict(vars(funds)) for column, funds in target.funds.items()},
            "issues": [issue.to_dict() | {"cell": declaration_cell(filled, issue.code, issue.item)}
                       for issue in (*filled.problems, *check_target(target))]}
