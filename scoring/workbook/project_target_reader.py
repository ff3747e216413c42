"""Read a filled project target declaration (项目支出绩效目标申报表) back into its data class.

The workbook is found by what it declares: the metadata sheet says it is a declaration, and the
defined names of :data:`scoring.forms.PROJECT_TARGET_FORM` (``proj_target_*``) say where each cell
and column is. :func:`read_project_target` rebuilds the :class:`~scoring.project.ProjectTarget`;
:func:`project_target_report` is what ``perfscore score`` prints for it: the declaration's
problems (:func:`scoring.project.check_target`), since the form has no score.
"""

from __future__ import annotations

from typing import Any

from .. import forms
from ..errors import WorkbookFileError
from ..forms import PROJECT_TARGET_FORM
from ..project import DeclaredFunds, DeclaredIndicator, ProjectTarget, check_target
from ..project import vocab as project_vocab
from .project_reader import _entered
from .reader import WorkbookData, filled_down, text_of


def read_project_target(book: WorkbookData) -> ProjectTarget:
    """Read a declaration workbook into its :class:`~scoring.project.ProjectTarget`.

    Indicator rows with neither a 三级指标 nor a 指标值 (the blank template's unused rows) are
    left out; the 实施单位 falls back to the metadata's unit name.

    Raises:
        WorkbookFileError: PS-W012 when it is another form's workbook; PS-W007 when defined
            names are missing or the table's columns no longer match.
    """
    layout = PROJECT_TARGET_FORM
    kind = book.metadata.form_kind
    if kind != layout.kind:
        raise WorkbookFileError(
            f"这是{forms.FORM_LABELS.get(kind, kind)}工作簿，不是{layout.label}",
            code="PS-W012", file=book.file)
    columns = {column.key: book.column(column.name) for column in layout.columns}
    if len({len(values) for values in columns.values()}) != 1:
        raise WorkbookFileError(f"{layout.label}的表格各列行数不一致：工作簿的结构被改动",
                                code="PS-W007", file=book.file, sheet=layout.sheet)
    for key in ("level1", "level2"):
        columns[key] = filled_down(columns[key])
    indicators = []
    for row in range(len(columns["level1"])):
        name, value = (_entered(columns[key][row]) for key in ("level3", "value"))
        if name is None and value is None:
            continue
        indicators.append(DeclaredIndicator(text_of(columns["level1"][row]),
                                            text_of(columns["level2"][row]), text_of(name), value))
    funds = {column: DeclaredFunds(*(_entered(book.named(f"proj_target_{column}_{row}"))
                                     for row in project_vocab.DECLARATION_FUND_ROWS))
             for column in project_vocab.DECLARATION_FUND_COLUMNS}
    texts = {name: text_of(book.named(name)) for name in (
        "proj_target_name", "proj_target_department", "proj_target_department_code",
        "proj_target_unit", "proj_target_attribute", "proj_target_period",
        "proj_target_goal_mid", "proj_target_goal_annual")}
    return ProjectTarget(
        name=texts["proj_target_name"], department=texts["proj_target_department"],
        department_code=texts["proj_target_department_code"],
        unit=texts["proj_target_unit"] or book.metadata.unit_name,
        attribute=texts["proj_target_attribute"], period=texts["proj_target_period"],
        funds=funds, goal_mid=texts["proj_target_goal_mid"],
        goal_annual=texts["proj_target_goal_annual"], indicators=tuple(indicators))


def project_target_report(book: WorkbookData) -> dict[str, Any]:
    """``perfscore score --json`` of a declaration workbook (the form registry's ``score``).

    Returns:
        ``form``, ``file``, ``variant``, ``year``, ``unit_name``, ``project``, the number of
        ``indicators``, the ``funds`` as read (column → row → amount) and the declaration's
        problems as ``issues`` (:func:`scoring.project.check_target`).
    """
    target = read_project_target(book)
    meta = book.metadata
    return {"form": PROJECT_TARGET_FORM.kind, "file": book.file, "variant": meta.variant,
            "year": meta.year_number, "unit_name": target.unit, "project": target.name,
            "indicators": len(target.indicators),
            "funds": {column: dict(vars(funds)) for column, funds in target.funds.items()},
            "issues": [issue.to_dict() for issue in check_target(target)]}
