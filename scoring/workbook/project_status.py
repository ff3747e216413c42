"""What ``perfscore score`` and ``perfscore collect`` both say of a project workbook as a whole:
who handed it in, who the form names, and whether anything was typed into it yet.

A project is issued to a unit of master data (its 单位编码, recorded in the metadata) whatever
主管部门 and 实施单位 its form prints: the unit that hands it in is the one the summary lists it
under (单位编码, 单位名称), and the form's own 主管部门 and 实施单位 are shown beside it. A
workbook in which nothing was executed or completed yet is 未填报
(:attr:`scoring.project.ProjectEvaluation.unfilled`): it has no score, in the summary as in
``perfscore score``.
"""

from __future__ import annotations

from typing import Any

from ..project.vocab import UNFILLED
from .project_reader import FilledProject, read_project, score_project
from .reader import WorkbookData


def project_identity(filled: FilledProject) -> dict[str, Any]:
    """The unit that handed the workbook in (the metadata's unit; a template filled in by hand
    has none, and its 实施单位 stands in), the project, and the form's 主管部门 and 实施单位."""
    evaluation = filled.evaluation
    return {"unit_code": filled.metadata.unit_code,
            "unit_name": filled.metadata.unit_name or evaluation.unit,
            "project_code": filled.project_code, "project": evaluation.name,
            "department": evaluation.department, "implementer": evaluation.unit}


def project_score_report(book: WorkbookData) -> dict[str, Any]:
    """``perfscore score --json`` of a project workbook (the form registry's ``score``): the
    engine's report (:func:`scoring.workbook.project_reader.score_project`) with the unit that
    handed it in (:func:`project_identity`) and ``unfilled``. An unfilled workbook has no total
    (``null``), 等次 未填报 and no review findings, as collect lists it."""
    filled = read_project(book)
    report = score_project(filled) | project_identity(filled)
    report["unfilled"] = filled.evaluation.unfilled
    if report["unfilled"]:
        report.update(total=None, grade=UNFILLED, review=[])
    return report
