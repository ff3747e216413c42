"""Read a filled project self-evaluation workbook (项目支出绩效自评表) and score it with the engine.

The workbook is found by what it declares: the metadata sheet says it is a project form, and the
defined names of :data:`scoring.forms.PROJECT_FORM` say where each cell and column is.
:func:`read_project` rebuilds the :class:`~scoring.project.ProjectEvaluation` from the cells and
keeps the stored scores (the formulas' cached results); :func:`score_project` scores it with
:func:`scoring.project.evaluate_project` under the profile the workbook records
(``meta_project_profile``; national where a workbook has none), runs the review checks
(:func:`scoring.project.review_project`) and lists each stored score that is not the engine's.
A workbook saved by openpyxl (freshly written) has no cached results: those cells count as not
calculated, never as disagreements. An issued form whose indicators (一级, 二级, 三级, 指标值) no
longer match the checksum recorded when it was written is reported as the department forms
report it (PS-W007, located at the indicator table): its formulas were compiled from the issued
指标值, the engine scores the ones in the workbook. A 四川 copy's 指标性质 | 指标值 | 度量单位 are
read as one target (:attr:`~scoring.project.ProjectIndicator.nature`, ``unit``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from .. import forms
from ..errors import WorkbookFileError
from ..forms import PROJECT_FORM, PROJECT_FUND_COLUMNS, Column, project_columns
from ..framework import Issue
from ..project import (NATIONAL, FundRow, ProjectEvaluation, ProjectIndicator, ProjectProfile,
                       ProjectResult, evaluate_project, get_profile, review_project)
from ..project.vocab import MESSAGES
from .metadata import Metadata, project_checksum
from .reader import TOLERANCE, WorkbookData, expect_form, filled_down, text_of


@dataclass(frozen=True)
class StoredScore:
    """A score as the workbook's formulas last computed it.

    Attributes:
        name: The defined name of its column or cell (``proj_score``, ``project_total_score``).
        index: The indicator's position (0-based) for a row score; None for a single cell.
        cell: ``项目自评表!H13``.
        value: The cached value; None when never calculated.
    """

    name: str
    index: int | None
    cell: str
    value: Any


@dataclass(frozen=True)
class FilledProject:
    """A project workbook as read: its file, metadata, form and stored scores, the project code
    ``perfscore fill`` recorded ("" on a template), the profile it was written for, and the cell
    of each profile text it has (``fund_reason`` → ``项目自评表!D11``)."""

    file: str
    metadata: Metadata
    evaluation: ProjectEvaluation
    stored: tuple[StoredScore, ...]
    project_code: str = ""
    #: The sheet row of each indicator read, in the order of ``evaluation.indicators``.
    rows: tuple[int, ...] = ()
    profile: ProjectProfile = NATIONAL
    fields: Mapping[str, str] = field(default_factory=dict)
    #: What reading found about the workbook itself (PS-W007: indicators changed since issued).
    problems: tuple[Issue, ...] = ()

    @property
    def columns(self) -> tuple[Column, ...]:
        """The indicator table's columns on this profile's copy (四川: 指标性质, 度量单位 too)."""
        return project_columns(self.profile.indicator_columns)

    def letter(self, key: str) -> str:
        """The letter of an indicator column on this copy of the form."""
        return next(column.letter for column in self.columns if column.key == key)


def _entered(value: Any) -> Any:
    """A typed value as the engine takes it: text without its outer spaces, blank as None."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def read_project(book: WorkbookData) -> FilledProject:
    """Read a project workbook into its :class:`~scoring.project.ProjectEvaluation`.

    Indicator rows with neither a 三级指标, a 指标值 nor a 实际完成值 (the blank template's
    unused rows) are left out.

    Raises:
        WorkbookFileError: PS-W012 when it is another form's workbook; PS-W007 when defined
            names are missing or a table's columns no longer match (the funds rows included:
            as many as the recorded profile has).
        PolicyError: PS-P001 when the recorded profile is none of :data:`scoring.project.PROFILES`.
    """
    layout = PROJECT_FORM
    expect_form(book, layout)
    profile_name = forms.METADATA_NAME.format(key=forms.PROJECT_PROFILE_FIELD[0])
    profile = (get_profile(text_of(book.named(profile_name))) if profile_name in book.names
               else NATIONAL)
    columns = {column.key: book.column(column.name)
               for column in project_columns(profile.indicator_columns)}
    funds_read = {column.key: book.column(column.name) for column in PROJECT_FUND_COLUMNS}
    if len({len(values) for values in columns.values()}) != 1 or \
            len({len(values) for values in funds_read.values()}) != 1:
        raise WorkbookFileError("项目自评表的表格各列行数不一致：工作簿的结构被改动", code="PS-W007",
                                file=book.file, sheet=layout.sheet)
    parts = {key: columns.get(key, [None] * len(columns["target"]))
             for key in ("nature", "unit_of_measure")}
    fund_keys = [key for key, _ in profile.fund_rows]
    if len(funds_read["budget"]) != len(fund_keys):
        raise WorkbookFileError(f"项目自评表的资金行数与评分口径“{profile.title}”不一致：工作簿的结构被改动",
                                code="PS-W007", file=book.file, sheet=layout.sheet)
    funds = {key: FundRow(*(_entered(funds_read[amount][index])
                            for amount in ("initial", "budget", "executed")))
             for index, key in enumerate(fund_keys)}
    texts = {key: f"project_{key}" for key in profile.closing_fields}
    if "fund_reason" in profile.fund_columns:
        texts["fund_reason"] = "project_fund_reason"
    fields = {key: book.area(name).ref() for key, name in texts.items()}
    for key in ("level1", "level2"):
        columns[key] = filled_down(columns[key])
    score_area = book.area(layout.column("score").name)
    indicators: list[ProjectIndicator] = []
    stored: list[StoredScore] = []
    sheet_rows: list[int] = []
    for row in range(len(columns["level1"])):
        name, target, actual = (_entered(columns[key][row]) for key in ("name", "target", "actual"))
        nature, unit = (text_of(parts[key][row]) for key in ("nature", "unit_of_measure"))
        if name is None and target is None and actual is None and not nature and not unit:
            continue
        sheet_rows.append(score_area.first_row + row)
        stored.append(StoredScore(layout.column("score").name, len(indicators),
                                  score_area.ref(row=score_area.first_row + row),
                                  columns["score"][row]))
        indicators.append(ProjectIndicator(
            columns["level1"][row], columns["level2"][row], text_of(name), target, actual,
            _entered(columns["points"][row]), score=_entered(columns["evaluator_score"][row]),
            reason=text_of(columns["reason"][row]), nature=nature, unit=unit,
            not_applicable=columns["not_applicable"][row] == forms.NOT_APPLICABLE_VALUE))
    for name in ("fund_score", "project_total_score", "project_grade"):
        stored.append(StoredScore(name, None, book.area(name).ref(), book.named(name)))
    meta = book.metadata
    evaluation = ProjectEvaluation(
        name=text_of(book.named("project_name")),
        department=text_of(book.named("project_department")),
        unit=text_of(book.named("project_unit")) or meta.unit_name,
        funds=funds,
        goal_expected=text_of(book.named("goal_expected")),
        goal_actual=text_of(book.named("goal_actual")),
        indicators=tuple(indicators),
        **{key: text_of(book.named(name)) for key, name in texts.items()})
    code_name = forms.METADATA_NAME.format(key=forms.PROJECT_CODE_FIELD[0])
    code = text_of(book.named(code_name)) if code_name in book.names else ""
    # Only an issued form's indicators are fixed; a blank template's are the unit's to type.
    problems = (Issue("PS-W007", MESSAGES["indicators_changed"], "indicators"),) if (
        meta.unit_name and meta.rules_checksum
        and project_checksum(evaluation) != meta.rules_checksum) else ()
    return FilledProject(book.file, meta, evaluation, tuple(stored), code, tuple(sheet_rows),
                         profile, fields, problems)


#: The column of the indicator table a review finding about one indicator points at, by code
#: (PS-X101 its 分值, PS-X103 its reason, the others its 实际完成值).
FINDING_COLUMNS: dict[str, str] = {"PS-X101": "points", "PS-X103": "reason"}
#: The columns a finding about the whole table spans, by code, as far as the copy of the form has
#: them (PS-W007: what :func:`~scoring.workbook.metadata.project_checksum` covers, 一级指标 to
#: 指标值 or 度量单位); any other code: the 一级指标 column.
FINDING_TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "PS-W007": ("level1", "level2", "name", "nature", "target", "unit_of_measure")}
#: The funds column a finding about a funds row points at (PS-X107: the row's label, the sum
#: being checked column by column; the others its 全年执行数).
FINDING_FUND_COLUMNS: dict[str, str] = {"PS-X107": "item"}


def finding_cell(filled: FilledProject, code: str, item: str) -> str:
    """The cell (or area) of the workbook a review finding or scoring issue is about:
    ``项目自评表!F15`` for ``indicator.3``, the funds row for ``funds.total``, the 一级指标
    column for ``indicators`` (一级指标 to 指标值 for PS-W007), a profile's text cell for ``field.problems`` and for a missing
    reason where the profile keeps it in one cell (四川 funds 原因, 湖北 偏差原因分析); "" when the
    form has no cell for it."""
    sheet, kind, _, key = PROJECT_FORM.sheet, *item.partition(".")
    profile, fields = filled.profile, filled.fields
    if code == "PS-X103" and kind == "funds" and "fund_reason" in fields:
        return fields["fund_reason"]
    if code == "PS-X103" and kind == "indicator" and not profile.reason_per_row \
            and "deviation" in fields:
        return fields["deviation"]
    if kind == "field":
        return fields.get(key, "")
    if kind == "indicator" and key.isdigit() and 0 < int(key) <= len(filled.rows):
        letter = filled.letter(FINDING_COLUMNS.get(code, "actual"))
        return f"{sheet}!{letter}{filled.rows[int(key) - 1]}"
    fund_keys = [fund for fund, _ in profile.fund_rows]
    if kind == "funds" and key in fund_keys:
        letter = next(column.letter for column in forms.project_fund_columns(profile.fund_columns)
                      if column.key == FINDING_FUND_COLUMNS.get(code, "executed"))
        return f"{sheet}!{letter}{forms.PROJECT_FUNDS_FIRST_ROW + fund_keys.index(key)}"
    if kind == "indicators" and filled.rows:
        spanned = FINDING_TABLE_COLUMNS.get(code, ("level1",))
        found = [column.letter for column in filled.columns if column.key in spanned]
        return f"{sheet}!{found[0]}{filled.rows[0]}:{found[-1]}{filled.rows[-1]}"
    return ""


def _engine_value(result: ProjectResult, stored: StoredScore) -> Any:
    """What the engine says the stored cell should hold."""
    if stored.index is not None:
        row = result.indicators[stored.index]
        return forms.NOT_APPLICABLE_LABEL if row.not_applicable else row.final
    return {"fund_score": result.funds[0].score or 0.0, "project_total_score": result.total,
            "project_grade": result.grade}[stored.name]


def compare_scores(result: ProjectResult, stored: tuple[StoredScore, ...]
                   ) -> tuple[list[dict[str, Any]], int]:
    """The stored scores that are not the engine's (JSON rows), and how many were never
    calculated."""
    disagreements: list[dict[str, Any]] = []
    not_calculated = 0
    for cell in stored:
        engine = _engine_value(result, cell)
        if cell.value is None:
            not_calculated += 1
            continue
        if isinstance(engine, float) and isinstance(cell.value, (int, float)) \
                and not isinstance(cell.value, bool):
            same = abs(float(cell.value) - engine) <= TOLERANCE
        else:
            same = text_of(cell.value) == text_of(engine)
        if not same:
            disagreements.append({"cell": cell.cell, "name": cell.name, "stored": cell.value,
                                  "engine": engine, "message": MESSAGES["stored_differs"].format(
                                      cell=cell.cell, stored=text_of(cell.value),
                                      engine=text_of(engine))})
    return disagreements, not_calculated


def score_project(filled: FilledProject) -> dict[str, Any]:
    """Score a read project workbook: the JSON of ``perfscore score``.

    Returns:
        :meth:`~scoring.project.ProjectResult.to_dict` (under the workbook's profile; each
        indicator with the ``reason`` typed beside it), the review checks' findings (``review``),
        and ``form``, ``profile`` (its key), ``file``, ``variant``, ``year``, ``unit_name``,
        ``project``, ``not_calculated`` and ``disagreements`` (stored scores that are not the
        engine's, each with its Chinese ``message``).
    """
    profile = filled.profile
    result = evaluate_project(filled.evaluation, profile)
    data = result.to_dict()
    data["issues"] = [problem.to_dict() for problem in filled.problems] + data["issues"]
    for issue in data["issues"]:  # located by cell, as collect locates them
        issue["cell"] = finding_cell(filled, issue["code"], issue["item"])
    disagreements, not_calculated = compare_scores(result, filled.stored)
    for entry, indicator in zip(data["indicators"], filled.evaluation.indicators):
        entry["reason"] = indicator.reason
    data.update({"form": PROJECT_FORM.kind, "profile": profile.key, "file": filled.file,
                 "variant": filled.metadata.variant, "year": filled.metadata.year_number,
                 "unit_name": filled.evaluation.unit, "project": filled.evaluation.name,
                 "unit_code": filled.metadata.unit_code, "project_code": filled.project_code,
                 "review": [issue.to_dict() | {"cell": finding_cell(filled, issue.code, issue.item)}
                            for issue in review_project(filled.evaluation, profile, result)],
                 "not_calculated": not_calculated, "disagreements": disagreements})
    return data
