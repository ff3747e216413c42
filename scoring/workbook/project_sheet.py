"""Build the project self-evaluation workbook (项目支出绩效自评表, portable variant) from :mod:`scoring.forms`.

:func:`build_project_workbook` lays out :data:`scoring.forms.PROJECT_FORM` with what a
:class:`~scoring.project.ProjectEvaluation` holds, under one of the shipped profiles
(:data:`scoring.project.PROFILES`): its labels, funds rows and 分值, tier cuts and defaults,
reason-required threshold, closing text cells and grade bands (:func:`project_layout`). The
national copy keeps the layout of :data:`~scoring.forms.PROJECT_FORM` row for row; a local copy
has its own funds rows (四川 five, 湖北 one), a 原因 row below them where its execution rate must
be explained (四川, :data:`scoring.forms.PROJECT_PROFILE_CELLS`) and its closing texts below the
grade; its funds columns follow its ``fund_columns`` order (四川: 预算执行率 before 权重,
:func:`scoring.forms.project_fund_columns`), and each text it limits (``word_limits``) carries a
text-length validation (:data:`scoring.forms.PROJECT_WORD_LIMIT_VALIDATION`). The profile's key is
recorded on the metadata sheet (``meta_project_profile``).
Every score is a native formula computing what :func:`scoring.project.evaluate_project` computes,
so the form scores itself as it is filled in Excel, WPS or LibreOffice:

* 执行率 = B ÷ A of each funds row; the 年度资金总额 row scores ``ROUND(MIN(MAX(执行率,0),1) × 分值, 2)``;
* a quantitative indicator (its 指标值 read when the form is written, with
  :func:`scoring.targets.parse_target`) scores its 分值 when met, else B ÷ A × 分值 (≥),
  A ÷ B × 分值 (≤) or the smaller ratio (=); a target of 0 or below is met or not. Whether a
  typed value reads and meets the target is :func:`scoring.target_formula.reads`/``meets``;
* a qualitative indicator scores by the tier its 实际完成值 names
  (:data:`scoring.project.vocab.TIER_WORDS`, then the quality words of a 健全-like target): the
  evaluator's score where it lies in the tier, else the tier's default share;
* a 不适用 row shows 不适用; the total is the sum, or the sum ÷ the applicable points × 100;
* what the formula cannot score by convention (a blank or unreadable 实际完成值, an indicator
  whose 指标值 was not known or not readable when the form was written) takes the evaluator's
  score, as the engine does, and the working 提示 column says so.

The ``addin`` variant scores the funds row and each indicator row with the add-in's functions
instead (``=PERF_EXECUTION(A, B, 分值, meta_project_profile)``,
``=PERF_PROJECT_SCORE(指标值, 实际完成值, 分值, 评价人得分, meta_project_profile)``: the engine itself,
so also where the native formula falls back to the evaluator); its rows' 提示 asks the engine too
(``PERF_PROJECT_UNREAD``: whether the engine itself had to take the evaluator's score), so it
never says the evaluator's score counts where the add-in scored the row. The rates, totals, grade
and the rest of the 提示 stay native formulas in both variants.

A profile that writes the 指标值 in three columns (四川: 指标性质 | 指标值 | 度量单位,
:func:`scoring.forms.project_columns`) gets them beside 指标值: a one-cell 指标值 is written split
(:func:`scoring.project.score.in_three_columns`), 指标性质 has a dropdown, and the formulas read the
three cells as one target, as the engine does.

The 指标值 is compiled into each row's formula, so on an issued form the indicator names and
values are locked. The blank template has no 指标值 yet: its rows take the evaluator's score
until ``perfscore score`` reads the filled form and scores it by convention.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from collections.abc import Mapping, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule

from .. import forms
from .. import formula as fx
from .. import target_formula as tf
from ..errors import PerfscoreError, PolicyError
from ..forms import PROJECT_FORM, PROJECT_FUND_SPANS, FormLayout
from ..project import NATIONAL, PROFILES, ProjectEvaluation, ProjectIndicator, ProjectProfile
from ..project import vocab as project_vocab
from ..project.example import EXAMPLE_YEAR, example_project
from ..project.profiles import TIERS
from ..project.score import in_three_columns, read_target, target_text
from ..targets import Target, parse_target
from . import styles
from .cells import (Validations, absolute, add_name, cell_at, check_variant, fit_row, letters,
                    merge, page_setup, protect, put_formula, put_text, runs, set_widths, style_row,
                    table_heading, title_rows)
from .metadata import GENERATOR, Metadata, project_checksum
from .writer import finish_workbook

#: Tolerance of the tier-share comparisons, as :data:`scoring.project.score.EPSILON`.
_EPSILON = "0.000000001"
#: The letter of the blocks' labels (项目资金, 年度总体目标, 绩效指标).
_BLOCK = PROJECT_FORM.column("block").letter
#: Column keys of the layout whose label key in :data:`scoring.project.vocab.LABELS` differs.
_LABEL_KEYS: dict[str, str] = {"block": "indicators", "name": "name3", "item": "funds"}
#: The defined name of the metadata cell holding the profile's key, passed to the add-in's functions.
_PROFILE_NAME = forms.METADATA_NAME.format(key=forms.PROJECT_PROFILE_FIELD[0])
#: Where a profile cell's label and value go: label across A:C, value across D:I.
_PROFILE_LABEL_LAST, _PROFILE_VALUE_FIRST = "C", "D"


@dataclass(frozen=True)
class ProjectRows:
    """The rows of a profile's copy of the form that depend on its funds rows.

    Attributes:
        funds: Funds row key → sheet row, in the profile's order (the total first).
        fund_reason: The row of the funds' 原因 cell, or None where the profile has none.
        goal_header: The 年度总体目标 heading row; the goal values are on the next row.
    """

    funds: dict[str, int]
    fund_reason: int | None
    goal_header: int

    @property
    def goal(self) -> int:
        """The row of 预期目标 and 实际完成情况."""
        return self.goal_header + 1


def project_rows(profile: ProjectProfile) -> ProjectRows:
    """Where a profile's funds, 原因 and goal rows fall (the national ones are the constants of
    :mod:`scoring.forms`)."""
    first = forms.PROJECT_FUNDS_FIRST_ROW
    funds = {key: first + index for index, (key, _) in enumerate(profile.fund_rows)}
    after = first + len(funds)
    reason = after if "fund_reason" in profile.fund_columns else None
    return ProjectRows(funds, reason, after + (reason is not None))


def project_layout(profile: ProjectProfile) -> FormLayout:
    """:data:`scoring.forms.PROJECT_FORM` as ``profile`` prints it: its columns
    (:func:`scoring.forms.project_columns`: 四川 adds 指标性质 and 度量单位 beside 指标值), their
    labels (四川 完成值, 权重, 未完成原因分析) and the indicator table below its own funds and goal
    rows."""
    header = project_rows(profile).goal + 1
    columns = tuple(replace(column, title=profile.label(_LABEL_KEYS.get(column.key, column.key)))
                    if column.official else column
                    for column in forms.project_columns(profile.indicator_columns))
    return replace(PROJECT_FORM, columns=columns, header_row=header, first_data_row=header + 1)


def shipped_profile(profile: ProjectProfile) -> ProjectProfile:
    """``profile`` when it is one of :data:`scoring.project.PROFILES` unchanged: a workbook records
    only the profile's key, so a changed copy could not be scored back by the reader.

    Raises:
        PolicyError: PS-P001 for any other profile.
    """
    if PROFILES.get(profile.key) != profile:
        raise PolicyError(project_vocab.MESSAGES["profile_not_shipped"].format(
            key=profile.key, known="、".join(PROFILES)))
    return profile


def build_project_workbook(evaluation: ProjectEvaluation, *, profile: ProjectProfile = NATIONAL,
                           variant: str = "portable", year: int | None = None, note: str = "",
                           unit_code: str = "", unit_name: str = "",
                           project_code: str = "") -> Workbook:
    """The project self-evaluation form as a live, protected, print-ready workbook.

    Args:
        evaluation: The form's content; a blank template has indicator rows without names,
            values or amounts. Its funds rows are keyed as ``profile.fund_rows``.
        profile: The shipped profile (评分口径) the form is written for (national by default).
        variant: ``portable`` (native formulas) or ``addin`` (the funds and indicator scores by
            the add-in's ``PERF_EXECUTION`` and ``PERF_PROJECT_SCORE``).
        year: The year on the subtitle and the metadata sheet.
        note: The line below the form (the example's 示例数据（虚构）); empty on a real form.
        unit_code: The unit the project belongs to (``perfscore fill``), for the metadata.
        unit_name: That unit's name for the metadata (default: the form's 实施单位).
        project_code: The project's 项目编码 (``perfscore fill``), recorded on the metadata sheet
            (:data:`scoring.forms.PROJECT_CODE_FIELD`) so ``collect`` can tell projects apart.

    Returns:
        The openpyxl workbook, not yet saved (:func:`scoring.workbook.files.save_workbook`).

    Raises:
        PolicyError: PS-P001 for a profile that is not one of :data:`scoring.project.PROFILES`.
        WorkbookFileError: PS-W011 for an unknown variant.
    """
    check_variant(variant)
    wb = Workbook()
    _ProjectSheet(wb, evaluation, shipped_profile(profile), year, note, variant).build()
    finish_workbook(wb, variant, Metadata(
        form_kind=PROJECT_FORM.kind, template_version=forms.TEMPLATE_VERSION, variant=variant,
        year=str(year or ""), unit_code=unit_code, unit_name=unit_name or evaluation.unit,
        rules_checksum=project_checksum(evaluation), generator=GENERATOR))
    if project_code:
        _write_meta_field(wb, forms.PROJECT_CODE_FIELD, project_code, 1)
    _write_meta_field(wb, forms.PROJECT_PROFILE_FIELD, profile.key, 2)
    return wb


def merge_indicator_groups(ws: Any, layout: FormLayout, col: Mapping[str, str], first: int,
                           last: int, rows: Sequence[Any], top: int | None = None) -> None:
    """Merge the indicator table of a project form as the official forms print it: 绩效指标
    down the block column from ``top`` (default: the table's heading), each 一级 down its rows,
    each 二级 down its group. ``rows`` have ``level1`` and ``level2`` (self-evaluation and
    declaration alike); a declaration with two groups of indicators merges each group's block
    cell from its own first row (``top=first``)."""
    block = layout.column("block").letter
    merge(ws, f"{block}{layout.header_row if top is None else top}", f"{block}{last}")
    for start, end in runs([row.level1 for row in rows]):
        merge(ws, f"{col['level1']}{first + start}", f"{col['level1']}{first + end}")
    for start, end in runs([(row.level1, row.level2) for row in rows]):
        merge(ws, f"{col['level2']}{first + start}", f"{col['level2']}{first + end}")


def _write_meta_field(wb: Workbook, field: tuple[str, str], value: str, offset: int) -> None:
    """A project row of the metadata sheet (``offset`` rows after :data:`scoring.forms.METADATA_FIELDS`),
    laid out as the fields above it and named ``meta_<key>``."""
    from openpyxl.workbook.defined_name import DefinedName

    key, label = field
    ws, row = wb[forms.METADATA_SHEET], len(forms.METADATA_FIELDS) + offset
    ws.cell(row, 1, key)
    put_text(ws, f"B{row}", value)
    ws.cell(row, 3, label)
    name = forms.METADATA_NAME.format(key=key)
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{forms.METADATA_SHEET}'!$B${row}")


def _blank(value: Any) -> Any:
    """A value as a cell takes it: empty text is no value (0 stays 0)."""
    return None if value is None or value == "" else value


def grade_formula(total: str, profile: ProjectProfile) -> str:
    """Nested IFs over the profile's grade bands, highest first."""
    bands = sorted(profile.grade_bands, key=lambda band: band[0], reverse=True)
    formula = fx.text(bands[-1][1])
    for lower, name in reversed(bands[:-1]):
        formula = f"IF({total}>={fx.num(lower)},{fx.text(name)},{formula})"
    return formula


class _ProjectSheet:
    """Writes the project sheet of one workbook (see the module docs)."""

    def __init__(self, wb: Workbook, evaluation: ProjectEvaluation, profile: ProjectProfile,
                 year: int | None, note: str, variant: str = "portable") -> None:
        self.wb = wb
        self.ws = wb.active
        self.evaluation = evaluation
        self.profile = profile
        self.year = year
        self.note = note
        self.addin = variant == "addin"
        self.layout = project_layout(profile)
        self.col = {column.key: column.letter for column in self.layout.columns}
        self.split = "nature" in self.col   # 四川: 指标性质 | 指标值 | 度量单位
        if self.split:
            self.evaluation = evaluation = replace(evaluation, indicators=tuple(
                in_three_columns(row) for row in evaluation.indicators))
        self.width = {column.key: column.width for column in self.layout.columns}
        self.fund_columns = forms.project_fund_columns(profile.fund_columns)
        self.fund_col = {column.key: column.letter for column in self.fund_columns}
        self.rows = project_rows(profile)
        self.fund_rows = self.rows.funds
        self.first = self.layout.first_data_row
        self.last = self.first + max(len(evaluation.indicators), 1) - 1
        self.total_row = self.last + 1
        self.grade_row = self.last + 2
        self.closing_rows = {key: self.grade_row + 1 + index
                             for index, key in enumerate(profile.closing_fields)}
        self.note_row = self.grade_row + 1 + len(self.closing_rows)
        self.validations = Validations(self.ws)
        #: The text cells a profile may limit (:attr:`ProjectProfile.word_limits`) → their cell.
        self.text_cells: dict[str, str] = {}

    def build(self) -> None:
        """Lay out the whole sheet, name its cells, set print and protection."""
        ws, layout = self.ws, self.layout
        ws.title = layout.sheet
        set_widths(ws, layout)
        title_rows(ws, layout, forms.PROJECT_TITLE,
                   forms.PROJECT_SUBTITLE.format(year=self.year or "    "),
                   forms.PROJECT_TITLE_ROW, forms.PROJECT_SUBTITLE_ROW)
        self._header()
        self._funds()
        self._goal()
        table_heading(ws, layout)
        for index, row in enumerate(self.evaluation.indicators):
            self._indicator_row(self.first + index, row)
        self._merge_groups()
        self._totals()
        for key, row in self.closing_rows.items():
            ref = self._profile_cell(f"project_{key}", key, row, getattr(self.evaluation, key))
            if key == "deviation":   # red while a row lost points and it is empty (湖北)
                self.ws.conditional_formatting.add(ref, FormulaRule(formula=[
                    f'COUNTIF(${self.col["check"]}${self.first}:${self.col["check"]}${self.last},'
                    f'{fx.text("*" + forms.PROJECT_CHECK_TEXTS["deviation_missing"][:4] + "*")})>0'],
                    fill=styles.WARNING_FILL))
        self._word_limits()
        self._note()
        self._names()
        page_setup(ws, layout, self.note_row)
        protect(ws)

    # ------------------------------------------------------------------ header and goal
    def _header(self) -> None:
        ws, evaluation = self.ws, self.evaluation
        values = {"name": evaluation.name, "department": evaluation.department,
                  "unit": evaluation.unit}
        for name, key, row, label, first, last in forms.PROJECT_HEADER_CELLS:
            last = self._last(last)
            put_text(ws, f"{label}{row}", self.profile.label(key))
            styles.LABEL_BOLD.apply(cell_at(ws, f"{label}{row}"))
            style_row(ws, letters(first, last), row, styles.body("input", "left"))
            merge(ws, f"{first}{row}", f"{last}{row}")
            put_text(ws, f"{first}{row}", _blank(values[key]))
            add_name(self.wb, name, ws.title, absolute(first, row))
            ws.row_dimensions[row].height = 24

    def _last(self, letter: str) -> str:
        """A header or goal cell's last letter on this layout: the national form's last printed
        column stretches to this layout's (四川's two more target columns)."""
        return (self.layout.last_official_letter
                if letter == PROJECT_FORM.last_official_letter else letter)

    def _fund_span(self, column: forms.Column) -> list[str]:
        """The letters a funds column's cells span: :data:`scoring.forms.PROJECT_FUND_SPANS`, the
        last column (得分) to the layout's last printed letter."""
        return letters(column.letter, self._last(PROJECT_FUND_SPANS.get(column.key, column.letter)))

    def _goal(self) -> None:
        ws, top, row = self.ws, self.rows.goal_header, self.rows.goal
        put_text(ws, f"{_BLOCK}{top}", self.profile.label("goal"))
        style_row(ws, [_BLOCK], top, styles.LABEL_BOLD)
        style_row(ws, [_BLOCK], row, styles.LABEL_BOLD)
        merge(ws, f"{_BLOCK}{top}", f"{_BLOCK}{row}")
        texts = []
        for name, key, first, last in forms.PROJECT_GOAL_CELLS:
            last = self._last(last)
            put_text(ws, f"{first}{top}", self.profile.label(key))
            style_row(ws, letters(first, last), top, styles.HEADING)
            merge(ws, f"{first}{top}", f"{last}{top}")
            text = getattr(self.evaluation, key)
            style_row(ws, letters(first, last), row, styles.LONG_TEXT_INPUT)
            merge(ws, f"{first}{row}", f"{last}{row}")
            put_text(ws, f"{first}{row}", _blank(text))
            add_name(self.wb, name, ws.title, absolute(first, row))
            self.text_cells[key] = f"{first}{row}"
            width = sum(self.width[column.key] for column in self.layout.columns
                        if first <= column.letter <= last)
            texts.append((text, width))
        ws.row_dimensions[top].height = 22
        fit_row(ws, row, texts, minimum=40)

    # ------------------------------------------------------------------ funds
    def _funds(self) -> None:
        ws, c, profile = self.ws, self.fund_col, self.profile
        header = forms.PROJECT_FUNDS_HEADER_ROW
        last_row = max(self.fund_rows.values())
        put_text(ws, f"{_BLOCK}{header}", profile.label("funds"))
        for row in range(header, last_row + 1):
            styles.LABEL_BOLD.apply(cell_at(ws, f"{_BLOCK}{row}"))
        merge(ws, f"{_BLOCK}{header}", f"{_BLOCK}{last_row}")
        for column in self.fund_columns:
            span = self._fund_span(column)
            if column.key != "item":
                put_text(ws, f"{column.letter}{header}", profile.label(column.key))
            style_row(ws, span, header, styles.HEADING)
            merge(ws, f"{span[0]}{header}", f"{span[-1]}{header}")
        ws.row_dimensions[header].height = 30
        labels = dict(profile.fund_rows)
        total = self.fund_rows["total"]
        for key, r in self.fund_rows.items():
            entry = self.evaluation.funds.get(key)
            for column in self.fund_columns:
                span = self._fund_span(column)
                role = column.role if key == "total" or column.key not in ("points", "score") \
                    else "label"
                style_row(ws, span, r, styles.body(role, column.align), column.number_format)
                merge(ws, f"{span[0]}{r}", f"{span[-1]}{r}")
            put_text(ws, f"{c['item']}{r}", labels[key])
            for amount in ("initial", "budget", "executed"):
                ref = f"{c[amount]}{r}"
                put_text(ws, ref, None if entry is None else _blank(getattr(entry, amount)))
                self.validations.add(forms.AMOUNT_VALIDATION, ref)
            budget, executed = f"{c['budget']}{r}", f"{c['executed']}{r}"
            # scoring.project.score.execution_rate: no rate without a positive A; a negative or
            # unreadable B counts as 0.
            put_formula(ws, f"{c['rate']}{r}",
                        f'=IF(AND(ISNUMBER({budget}),{budget}>0),MAX(N({executed}),0)/{budget},"")')
            ws.row_dimensions[r].height = 22
        put_text(ws, f"{c['points']}{total}", profile.fund_points)
        rate = f"{c['rate']}{total}"
        if self.addin:
            put_formula(ws, f"{c['score']}{total}",
                        f"=PERF_EXECUTION({c['budget']}{total},{c['executed']}{total},"
                        f"{c['points']}{total},{_PROFILE_NAME})")
        else:
            put_formula(ws, f"{c['score']}{total}",
                        f"=IF(ISNUMBER({rate}),ROUND(MIN(MAX({rate},0),1)*{c['points']}{total},"
                        f"{profile.digits}),0)")
        if self.rows.fund_reason is not None:
            self._fund_reason(self.rows.fund_reason, rate)

    def _fund_reason(self, r: int, rate: str) -> None:
        """The funds' 原因 row (四川) and its 提示: a rate below the profile's threshold
        (:attr:`ProjectProfile.fund_reason_below`) needs a reason, as the engine's
        ``reason_required`` says."""
        profile = self.profile
        reason = self._profile_cell("project_fund_reason", "fund_reason", r,
                                    self.evaluation.fund_reason)
        check = f"{self.col['check']}{r}"
        styles.CHECK.apply(cell_at(self.ws, check))
        text = forms.PROJECT_CHECK_TEXTS["fund_reason_missing"].format(
            limit=profile.fund_reason_below, label=profile.label("fund_reason"))
        put_formula(self.ws, check,
                    f'=IF(AND(ISNUMBER({rate}),{rate}<{fx.num(profile.fund_reason_below)}-{_EPSILON},'
                    f'{tf.blank(reason)}),{fx.text(text)},"")')
        add_name(self.wb, "project_fund_check", self.ws.title, absolute(self.col["check"], r))

    def _profile_cell(self, name: str, key: str, r: int, value: Any) -> str:
        """A profile's text cell: its label across A:C, the value (an input) across D:I, named
        ``name``; returns the value's cell."""
        ws, first, last = self.ws, self.layout.first_letter, self.layout.last_official_letter
        put_text(ws, f"{first}{r}", self.profile.label(key))
        style_row(ws, letters(first, _PROFILE_LABEL_LAST), r, styles.LABEL_BOLD)
        merge(ws, f"{first}{r}", f"{_PROFILE_LABEL_LAST}{r}")
        style_row(ws, letters(_PROFILE_VALUE_FIRST, last), r, styles.LONG_TEXT_INPUT)
        merge(ws, f"{_PROFILE_VALUE_FIRST}{r}", f"{last}{r}")
        ref = f"{_PROFILE_VALUE_FIRST}{r}"
        self.text_cells[key] = ref
        put_text(ws, ref, _blank(value))
        add_name(self.wb, name, ws.title, absolute(_PROFILE_VALUE_FIRST, r))
        width = sum(column.width for column in self.layout.official_columns
                    if column.letter >= _PROFILE_VALUE_FIRST)
        fit_row(ws, r, [(str(value or ""), width)], minimum=36)
        return ref

    # ------------------------------------------------------------------ indicators
    def _indicator_row(self, r: int, row: ProjectIndicator) -> None:
        ws, c = self.ws, self.col
        issued = bool(target_text(row).strip())
        values = {"level1": row.level1, "level2": row.level2, "name": row.name,
                  "nature": row.nature, "target": row.target, "unit_of_measure": row.unit,
                  "actual": row.actual, "points": row.points,
                  "reason": row.reason, "evaluator_score": row.score,
                  "not_applicable": forms.NOT_APPLICABLE_VALUE if row.not_applicable else None}
        for column in self.layout.columns:
            role = column.role
            if column.key in ("name", "nature", "target", "unit_of_measure") and not issued:
                role = "input"
            style = styles.CHECK if column.key == "check" else styles.body(role, column.align)
            style.apply(cell_at(ws, f"{column.letter}{r}"), column.number_format)
            if column.key in values:
                put_text(ws, f"{column.letter}{r}", _blank(values[column.key]))
        target = self._target(row) if issued else None
        actual = f"{c['actual']}{r}"
        if target is not None and target.percent:
            # Typed or not yet: Excel then reads a typed 93 as 93% (as the department form does).
            cell_at(ws, actual).number_format = forms.PERCENT_NUMBER_FORMAT
        qualitative = issued and (target is None or target.kind == "qualitative") and \
            self._readable(row)
        self.validations.add(forms.PROJECT_TIER_VALIDATION if qualitative
                             else forms.PROJECT_ACTUAL_VALIDATION, actual)
        self.validations.add(forms.PROJECT_POINTS_VALIDATION, f"{c['points']}{r}")
        points = row.points if isinstance(row.points, (int, float)) else None
        high, low = self.profile.tier_cuts
        self.validations.add(replace(forms.PROJECT_EVALUATOR_VALIDATION,
                                     prompt=forms.PROJECT_EVALUATOR_PROMPT.format(high=high, low=low)),
                             f"{c['evaluator_score']}{r}", maximum=points)
        self.validations.add(forms.NOT_APPLICABLE_VALIDATION, f"{c['not_applicable']}{r}")
        if self.split:
            self.validations.add(forms.PROJECT_NATURE_VALIDATION, f"{c['nature']}{r}")
            self.validations.add(forms.PROJECT_TARGET_NUMBER_VALIDATION, f"{c['target']}{r}")
        self.validations.add(forms.PROJECT_TEXT_VALIDATION, f"{c['reason']}{r}")
        if issued and not self._readable(row):
            score, unread = self._fallback(r), "TRUE()"
        elif not issued:
            score, unread = self._fallback(r), f"NOT({tf.blank(actual)})"
        elif target is None or target.kind == "qualitative":
            score, unread = self._qualitative(r, target)
        else:
            score, unread = self._quantitative(r, target)
        if self.addin:   # the engine itself, and its verdict on what it could not read
            score = f"PERF_PROJECT_SCORE({self._engine_arguments(r)})"
            unread = f"IFERROR(PERF_PROJECT_UNREAD({self._engine_arguments(r)})=TRUE(),FALSE())"
        na = f'{c["not_applicable"]}{r}={fx.text(forms.NOT_APPLICABLE_VALUE)}'
        put_formula(ws, f"{c['score']}{r}",
                    f"=IF({na},{fx.text(forms.NOT_APPLICABLE_LABEL)},{score})")
        put_formula(ws, f"{c['check']}{r}", self._check(r, na, unread, issued or self.addin))
        fit_row(ws, r, [(str(_blank(values[key]) or ""), self.width[key]) for key in (
            "level2", "name", "target", "actual", "reason")], minimum=24)

    def _engine_arguments(self, r: int) -> str:
        """The arguments of the add-in's indicator functions for row ``r``: 指标值 (四川's three
        cells joined into one text, ``≥``&95&``%`` → ``≥95%``), 实际完成值, 分值, 评价人得分, the
        profile's metadata cell."""
        c = self.col
        target = "&".join(f"{c[key]}{r}" for key in ("nature", "target", "unit_of_measure")
                          if key in c)
        return (f"{target},{c['actual']}{r},{c['points']}{r},{c['evaluator_score']}{r},"
                f"{_PROFILE_NAME}")

    def _target(self, row: ProjectIndicator) -> Target | None:
        """The indicator's target as the engine reads it: a quantitative one, a quality word
        (``健全``), or None for a qualitative text of no quality word (``效果明显``) and an
        unreadable target."""
        try:
            target = read_target(row)
            return target if target is not None else parse_target(row.target)
        except PerfscoreError:
            return None

    def _readable(self, row: ProjectIndicator) -> bool:
        """Whether the engine reads the 指标值 (a quantitative target or a qualitative one)."""
        try:
            read_target(row)
        except PerfscoreError:
            return False
        return True

    def _points(self, r: int) -> str:
        """The row's 分值 as the engine reads it: 0 when blank, negative or not a number."""
        return f"MAX(N({self.col['points']}{r}),0)"

    def _fallback(self, r: int) -> str:
        """The evaluator's score within 0–分值 (the engine's score where the convention cannot
        compute one)."""
        return (f"ROUND(MIN(MAX(N({self.col['evaluator_score']}{r}),0),{self._points(r)}),"
                f"{self.profile.digits})")

    def _quantitative(self, r: int, target: Target) -> tuple[str, str]:
        """(score, unreadable test) of a quantitative indicator (:func:`quantitative_score`)."""
        ref = f"{self.col['actual']}{r}"
        points, digits = self._points(r), self.profile.digits
        blank, reads, meets = tf.blank(ref), tf.reads(target, ref), tf.meets(target, ref)
        full = f"ROUND({points},{digits})"
        if target.zero:
            scored = f"IF({meets},{full},0)"
        else:
            number, value = tf.number(target, ref), fx.num(float(target.value))
            ratio = {"≥": f"{number}/{value}", ">": f"{number}/{value}",
                     "≤": f"{value}/({number})", "<": f"{value}/({number})"}.get(
                target.op, f"MIN({number}/{value},{value}/({number}))")
            scored = (f"IF({meets},{full},IF({number}<=0,0,"
                      f"ROUND(MIN(MAX({ratio},0),1)*{points},{digits})))")
        fallback = self._fallback(r)
        return (f"IF({blank},{fallback},IF(NOT({reads}),{fallback},{scored}))",
                f"AND(NOT({blank}),NOT({reads}))")

    def _tier(self, r: int, target: Target | None) -> str:
        """1, 2 or 3 for the tier the 实际完成值 names (达成, 部分达成, 未达成), 0 for none: the
        project's tier words first, then the quality words of a 健全-like target
        (:func:`scoring.project.score.quality_tier`)."""
        ref = f"{self.col['actual']}{r}"
        text = tf.squeezed(ref)
        formula = f"IF({tf.meets(target, ref)},1,0)" if target is not None else "0"
        for index in reversed(range(len(TIERS))):
            words = project_vocab.TIER_WORDS[TIERS[index]]
            formula = f"IF({tf.among(text, words)},{index + 1},{formula})"
        return f"IFERROR({formula},0)"

    def _qualitative(self, r: int, target: Target | None) -> tuple[str, str]:
        """(score, unreadable test) of a qualitative indicator: the evaluator's score inside the
        tier, else the tier's default share (:meth:`_Scoring.final`)."""
        profile, digits = self.profile, self.profile.digits
        points, entered = self._points(r), f"{self.col['evaluator_score']}{r}"
        share = f"{entered}/{points}"
        scores = []
        for tier in TIERS:
            low, high = profile.tier_range(tier)
            top = (f"{share}<={fx.num(high)}+{_EPSILON}" if tier == "achieved"
                   else f"{share}<{fx.num(high)}-{_EPSILON}")
            inside = (f"IFERROR(AND(ISNUMBER({entered}),{points}>0,"
                      f"{share}>={fx.num(low)}-{_EPSILON},{top}),FALSE())")
            default = f"ROUND({fx.num(profile.tier_default(tier))}*{points},{digits})"
            scores.append(f"IF({inside},ROUND({entered},{digits}),{default})")
        tier = self._tier(r, target)
        ref = f"{self.col['actual']}{r}"
        return (f"CHOOSE({tier}+1,{self._fallback(r)},{','.join(scores)})",
                f"AND(NOT({tf.blank(ref)}),{tier}=0)")

    def _check(self, r: int, na: str, unread: str, issued: bool) -> str:
        """The 提示 of a row: points lost without a reason, and a score the formula could not
        compute by convention (each text ending in ；)."""
        c, texts, profile = self.col, forms.PROJECT_CHECK_TEXTS, self.profile
        score = f"{c['score']}{r}"
        if profile.reason_per_row:
            reason, missing = f"{c['reason']}{r}", texts["reason_missing"]
        else:   # 湖北: one project-wide 偏差原因 cell below the grade
            reason = absolute(_PROFILE_VALUE_FIRST, self.closing_rows["deviation"])
            missing = texts["deviation_missing"].format(label=profile.label("deviation"))
        lost = (f'IF(AND(NOT({na}),ISNUMBER({score}),{self._points(r)}-N({score})>{_EPSILON},'
                f'{tf.blank(reason)}),{fx.text(missing)},"")')
        key = "unread" if issued else "evaluator"
        return f'={lost}&IF(AND(NOT({na}),{unread}),{fx.text(texts[key])},"")'

    def _merge_groups(self) -> None:
        """The indicator groups merged (:func:`merge_indicator_groups`); a row whose reason is
        missing turns red."""
        ws, c, first = self.ws, self.col, self.first
        merge_indicator_groups(ws, self.layout, self.col, first, self.last,
                               self.evaluation.indicators)
        ws.conditional_formatting.add(
            f"{c['reason']}{first}:{c['reason']}{self.last}",
            FormulaRule(formula=[f"ISNUMBER(FIND({fx.text(forms.PROJECT_CHECK_TEXTS['reason_missing'])},"
                                 f"${c['check']}{first}))"], fill=styles.WARNING_FILL))

    def _word_limits(self) -> None:
        """A text-length validation (:data:`scoring.forms.PROJECT_WORD_LIMIT_VALIDATION`) on each
        text cell the profile limits (四川: 年度目标完成情况 and 原因 100 字, 评价结论, 存在问题 and
        改进措施 200 字), the limits read from :attr:`ProjectProfile.word_limits` alone."""
        template = forms.PROJECT_WORD_LIMIT_VALIDATION
        for key, limit in self.profile.word_limits.items():
            label = self.profile.label(key)
            self.validations.add(replace(
                template, maximum=float(limit), prompt_title=template.prompt_title.format(label=label),
                prompt=template.prompt.format(label=label, limit=limit),
                error=template.error.format(label=label, limit=limit)), self.text_cells[key])

    # ------------------------------------------------------------------ totals, note, names
    def _totals(self) -> None:
        ws, c, f, profile = self.ws, self.col, self.fund_col, self.profile
        t, g, first, last = self.total_row, self.grade_row, self.first, self.last
        label_last = letters(c["level1"], c["points"])[-2]
        fund_points = f"{f['points']}{self.fund_rows['total']}"
        points, scores, na = (f"{c[key]}{first}:{c[key]}{last}"
                              for key in ("points", "score", "not_applicable"))
        mark = fx.text(forms.NOT_APPLICABLE_VALUE)
        for row, key in ((t, "total"), (g, "grade")):
            put_text(ws, f"{_BLOCK}{row}", profile.label(key))
            style_row(ws, letters(_BLOCK, label_last), row, styles.LABEL_BOLD)
            merge(ws, f"{_BLOCK}{row}", f"{label_last}{row}")
            ws.row_dimensions[row].height = 24
        style_row(ws, [c["points"], c["score"], c["reason"]], t, styles.body("computed"))
        cell_at(ws, f"{c['points']}{t}").number_format = forms.POINTS_NUMBER_FORMAT
        cell_at(ws, f"{c['score']}{t}").number_format = "0.00"
        put_formula(ws, f"{c['points']}{t}", f"={fund_points}+SUM({points})")
        applicable = f"{c['evaluator_score']}{t}"
        put_text(ws, f"{c['not_applicable']}{t}", self.layout.cell("project_applicable_points").label)
        styles.WORKING_HEADING.apply(cell_at(ws, f"{c['not_applicable']}{t}"))
        styles.body("computed").apply(cell_at(ws, applicable), forms.POINTS_NUMBER_FORMAT)
        put_formula(ws, applicable, f'={fund_points}+SUMIF({points},">0")'
                                    f'-SUMIFS({points},{points},">0",{na},{mark})')
        raw = f"(N({f['score']}{self.fund_rows['total']})+SUM({scores}))"
        digits, full = profile.digits, fx.num(profile.total_points)
        put_formula(ws, f"{c['score']}{t}",
                    f"=MIN(MAX(IF(COUNTIF({na},{mark})>0,IF({applicable}>0,"
                    f"ROUND({raw}*{full}/{applicable},{digits}),0),ROUND({raw},{digits})),0),{full})")
        style_row(ws, letters(c["points"], c["reason"]), g, styles.body("computed"))
        merge(ws, f"{c['points']}{g}", f"{c['reason']}{g}")
        put_formula(ws, f"{c['points']}{g}", "=" + grade_formula(f"{c['score']}{t}", profile))

    def _note(self) -> None:
        ws, r = self.ws, self.note_row
        first, last = self.layout.first_letter, self.layout.last_official_letter
        put_text(ws, f"{first}{r}", _blank(self.note))
        style_row(ws, letters(first, last), r, styles.NOTE)
        merge(ws, f"{first}{r}", f"{last}{r}")
        width = sum(column.width for column in self.layout.official_columns)
        fit_row(ws, r, [(self.note, width)])

    def _names(self) -> None:
        wb, title, c, f = self.wb, self.ws.title, self.col, self.fund_col
        for column in self.layout.columns:
            add_name(wb, column.name, title, absolute(column.letter, self.first, self.last))
        first, last = self.fund_rows["total"], max(self.fund_rows.values())
        for column in self.fund_columns:
            add_name(wb, column.name, title, absolute(column.letter, first, last))
        total = self.fund_rows["total"]
        cells = {"fund_points": (f["points"], total), "execution_rate": (f["rate"], total),
                 "fund_score": (f["score"], total),
                 "project_points_total": (c["points"], self.total_row),
                 "project_applicable_points": (c["evaluator_score"], self.total_row),
                 "project_total_score": (c["score"], self.total_row),
                 "project_grade": (c["points"], self.grade_row),
                 "project_note": (self.layout.first_letter, self.note_row)}
        for name, (letter, row) in cells.items():
            add_name(wb, name, title, absolute(letter, row))


def blank_project() -> ProjectEvaluation:
    """The blank template's content: the usual 一级/二级 rows (:data:`scoring.forms.PROJECT_BLANK_ROWS`),
    the funds rows, no names, values or amounts."""
    rows = tuple(ProjectIndicator(project_vocab.BLOCK_NAMES[block], level2, "", "", None, None)
                 for block, level2 in forms.PROJECT_BLANK_ROWS)
    return ProjectEvaluation("", indicators=rows)


def template_project_workbooks() -> dict[str, Workbook]:
    """File name → workbook: the blank template and the invented 2024 example of the project
    self-evaluation in each variant of :data:`scoring.forms.FORMS` ``["project"]``, for
    ``perfscore template``."""
    books: dict[str, Workbook] = {}
    for variant in forms.FORMS[PROJECT_FORM.kind].variants:
        books[f"blank_project_evaluation_{variant}.xlsx"] = build_project_workbook(
            blank_project(), variant=variant, year=EXAMPLE_YEAR)
        books[f"example_{EXAMPLE_YEAR}_project_evaluation_{variant}.xlsx"] = build_project_workbook(
            example_project(), variant=variant, year=EXAMPLE_YEAR, note=forms.PROJECT_EXAMPLE_NOTE)
    return books
