"""Build the project target declaration workbook (项目支出绩效目标申报表, both variants) from
:mod:`scoring.forms`.

:func:`build_project_target_workbook` lays out :data:`scoring.forms.PROJECT_TARGET_FORM` with what a
:class:`~scoring.project.ProjectTarget` holds. Nothing is scored; the form checks itself as it is
typed, with native formulas (Excel, WPS, LibreOffice) in the working 提示 column beside it:

* the funds: 资金总额 of each column (中期, 年度) must be 财政拨款 + 其他资金 (the core's PS-X107, same
  tolerance, :data:`scoring.project.review.MONEY_TOLERANCE`); amounts are validated ≥ 0;
* each indicator row: a 三级指标 without 指标值 and the reverse (as the department target form's
  校验提示), and a 指标值 with digits that does not start, after one leading operator (``≥``,
  ``不低于``, ``下降`` …), with a number (``≥≥5``, ``约95%``). Text without digits (``效果明显``) is a
  qualitative target, as :func:`scoring.project.score.read_target` reads it. The engine reads a
  few more spellings wrong than the formula catches (an unknown unit: ``≥5本书``);
  ``perfscore score`` checks every 指标值 with :func:`scoring.project.check_target`.

The ``addin`` variant asks the engine instead: a 指标值 with digits is unreadable when
``PERF_TARGET_MET`` cannot read it (:func:`scoring.workbook.writer.engine_unreadable`, as the
department target form's add-in variant), so it catches every spelling the engine refuses
(``≥5本书`` too). A 指标值 without digits stays qualitative, as :func:`scoring.project.score.read_target`
reads it (``PERF_TARGET_MET`` reads only the department form's quality words and would refuse
``效果明显``). The workbook carries the add-in's settings sheets (:func:`~scoring.workbook.writer.finish_workbook`).

The indicators come in two groups under one heading row, as the published copies print them:
the 中期（长期）group (:data:`scoring.forms.PROJECT_TARGET_MID_COLUMNS`, names ``proj_target_mid_*``)
above the annual one (:data:`scoring.forms.PROJECT_TARGET_COLUMNS`), each named in the block
column (中期（长期）绩效指标, 年度绩效指标), with the same styles, validations and checks. The
mid-term group is shown when there is one to show: the blank template has a few blank rows of it
(:data:`scoring.forms.PROJECT_TARGET_BLANK_MID_ROWS`), a declaration with mid-term indicators has
them; a declaration without (a one-year project) has no empty mid-term table, and its annual
table is headed 绩效指标 as before.

项目属性 is a dropdown (新增项目, 延续项目). Every typed cell is unlocked, the rest is protected.
The entry point for ``perfscore template`` and for ``perfscore fill`` (which passes the unit and
the 项目编码 for the metadata) is :func:`build_project_target_workbook`, in each variant of
:data:`scoring.forms.FORMS` ``["project_target"]``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule

from .. import forms
from .. import formula as fx
from .. import vocab
from ..forms import PROJECT_TARGET_FORM, Column
from ..project import ProjectEvaluation, ProjectTarget
from ..project import vocab as project_vocab
from ..project.example import EXAMPLE_YEAR, example_target
from ..project.review import MONEY_TOLERANCE
from ..project.target import DeclaredIndicator
from . import styles
from .cells import (Validations, absolute, add_name, cell_at, check_variant, fit_row, letters,
                    merge, page_setup, protect, put_formula, put_text, set_widths, style_row,
                    table_heading, title_rows)
from .metadata import GENERATOR, Metadata
from .project_sheet import _write_meta_field as write_meta_field
from .project_sheet import merge_indicator_groups, project_checksum
from .writer import engine_unreadable, finish_workbook

#: The variants written: those the registry declares (:attr:`scoring.forms.FormSpec.variants`).
VARIANTS: tuple[str, ...] = forms.FORMS[PROJECT_TARGET_FORM.kind].variants
#: The letter of the blocks' labels (项目资金, 总体目标, 绩效指标).
_BLOCK = PROJECT_TARGET_FORM.column("block").letter
_CHECK = PROJECT_TARGET_FORM.column("check").letter
#: Text format of the code cell: a code keeps its leading zeros.
_TEXT_FORMAT = "@"


def operator_spellings() -> tuple[str, ...]:
    """What may stand before the number of a 指标值, longest first: the comparison symbols with
    their full-width and variant forms (:data:`scoring.vocab.SYMBOLS`), the comparison words
    (``不低于``) and the decrease words (``下降``)."""
    canonical = {symbol for symbols in vocab.OPERATOR_SYMBOLS.values() for symbol in symbols}
    variants = {key for key, value in vocab.SYMBOLS.items() if value and value in canonical}
    words = {word for words in vocab.OPERATOR_WORDS_BEFORE.values() for word in words}
    return tuple(sorted(canonical | variants | words | set(vocab.TARGET_DECREASE),
                        key=lambda word: (-len(word), word)))


def unreadable_value(ref: str) -> str:
    """TRUE when the 指标值 in ``ref`` holds a digit but, after one leading operator, does not
    start with a number (see the module docs)."""
    text = f'SUBSTITUTE(SUBSTITUTE({ref}," ",""),"\u3000","")'
    rest = text
    groups: dict[int, list[str]] = {}
    for word in operator_spellings():
        groups.setdefault(len(word), []).append(word)
    for size in sorted(groups):  # the longest spelling is tried first (outermost IF)
        listed = ",".join(fx.text(word) for word in groups[size])
        rest = (f"IF(ISNUMBER(MATCH(LEFT({text},{size}),{{{listed}}},0)),"
                f"MID({text},{size + 1},255),{rest})")
    return f'AND({_with_digit(ref)},ISERROR(FIND(LEFT({rest},1),"0123456789-.")))'


def _with_digit(ref: str) -> str:
    """The conditions (for an AND) that ``ref`` holds text with a digit: a 指标值 the engine reads
    as a number, not a qualitative target (:func:`scoring.project.score.read_target`)."""
    digits = ",".join(f'"{digit}"' for digit in "0123456789")
    return f"ISTEXT({ref}),SUMPRODUCT(--ISNUMBER(FIND({{{digits}}},{ref})))>0"


def value_unreadable(ref: str, variant: str) -> str:
    """TRUE when the 指标值 in ``ref`` cannot be read: by the formula of :func:`unreadable_value`
    (portable) or by the engine (add-in, :func:`scoring.workbook.writer.engine_unreadable`);
    either way only a 指标值 with digits (see the module docs)."""
    if variant == "addin":
        return f"AND({_with_digit(ref)},{engine_unreadable(ref)})"
    return unreadable_value(ref)


def build_project_target_workbook(target: ProjectTarget, variant: str = "portable", *,
                                  year: int | None = None, note: str = "", unit_code: str = "",
                                  unit_name: str = "", project_code: str = "") -> Workbook:
    """The project target declaration as a protected, validated, print-ready workbook.

    Args:
        target: The declaration's content; a blank template has indicator rows with only their
            一级 and 二级 labels.
        variant: ``portable`` (native formulas) or ``addin`` (the 指标值 check by the engine
            through ``PERF_TARGET_MET``, and the add-in's settings sheets).
        year: The year on the subtitle and the metadata sheet.
        note: The line below the form (the example's 示例数据（虚构）); empty on a real form.
        unit_code: The unit the project belongs to (``perfscore fill``), for the metadata.
        unit_name: That unit's name for the metadata (default: the form's 实施单位).
        project_code: The project's 项目编码 (``perfscore fill``), recorded on the metadata sheet
            as the self-evaluation records it, so ``collect`` can pair the two forms.

    Returns:
        The openpyxl workbook, not yet saved (:func:`scoring.workbook.files.save_workbook`).

    Raises:
        WorkbookFileError: PS-W011 for an unknown variant.
    """
    check_variant(variant)
    wb = Workbook()
    _TargetSheet(wb, target, year, note, variant).build()
    indicators = tuple(row.as_evaluated() for row in target.indicators)
    finish_workbook(wb, variant, Metadata(
        form_kind=PROJECT_TARGET_FORM.kind, template_version=forms.TEMPLATE_VERSION,
        variant=variant, year=str(year or ""), unit_code=unit_code,
        unit_name=unit_name or target.unit,
        rules_checksum=project_checksum(ProjectEvaluation(target.name, indicators=indicators)),
        generator=GENERATOR))
    if project_code:
        write_meta_field(wb, forms.PROJECT_CODE_FIELD, project_code, 1)
    return wb


def _blank(value: Any) -> Any:
    """A value as a cell takes it: empty text is no value (0 stays 0)."""
    return None if value is None or value == "" else value


@dataclass(frozen=True)
class _Group:
    """One group of indicator rows on the sheet (中期（长期）or annual).

    Attributes:
        columns: The group's columns (the letters of :data:`scoring.forms.PROJECT_TARGET_COLUMNS`,
            the group's defined names).
        rows: Its indicators.
        first, last: Its first and last sheet row (one empty row when it has none).
        label: The block column's text down its rows; "" when the table's heading names it
            (the only group: the block cell merges from the heading).
    """

    columns: tuple[Column, ...]
    rows: tuple[DeclaredIndicator, ...]
    first: int
    last: int
    label: str


class _TargetSheet:
    """Writes the declaration sheet of one workbook (see the module docs)."""

    def __init__(self, wb: Workbook, target: ProjectTarget, year: int | None, note: str,
                 variant: str = "portable") -> None:
        self.wb = wb
        self.variant = variant
        self.ws = wb.active
        self.target = target
        self.year = year
        self.note = note
        self.layout = PROJECT_TARGET_FORM
        self.col = {column.key: column.letter for column in self.layout.columns}
        self.width = {column.key: column.width for column in self.layout.columns}
        self.groups = self._layout_groups()
        self.note_row = self.groups[-1].last + 1
        self.validations = Validations(self.ws)

    def _layout_groups(self) -> list[_Group]:
        """The indicator groups top down: the 中期（长期）one when the declaration has mid-term
        rows, then the annual one (which alone is headed by the table's 绩效指标)."""
        target, first = self.target, self.layout.first_data_row
        groups = []
        if target.mid_indicators:
            last = first + len(target.mid_indicators) - 1
            groups.append(_Group(forms.PROJECT_TARGET_MID_COLUMNS, target.mid_indicators, first,
                                 last, project_vocab.INDICATOR_GROUPS["mid"]))
            first = last + 1
        label = project_vocab.INDICATOR_GROUPS["annual"] if groups else ""
        groups.append(_Group(self.layout.columns, target.indicators, first,
                             first + max(len(target.indicators), 1) - 1, label))
        return groups

    def build(self) -> None:
        """Lay out the whole sheet, name its cells, set print and protection."""
        ws, layout = self.ws, self.layout
        ws.title = layout.sheet
        set_widths(ws, layout)
        title_rows(ws, layout, forms.PROJECT_TARGET_TITLE,
                   forms.PROJECT_TARGET_SUBTITLE.format(year=self.year or "    "),
                   forms.PROJECT_TARGET_TITLE_ROW, forms.PROJECT_TARGET_SUBTITLE_ROW)
        self._header()
        self._funds()
        self._goals()
        table_heading(ws, layout)
        for group in self.groups:
            for index, row in enumerate(group.rows):
                self._indicator_row(group.first + index, row, group)
            self._merge_group(group)
            for column in group.columns:
                add_name(self.wb, column.name, ws.title,
                         absolute(column.letter, group.first, group.last))
        self._note()
        add_name(self.wb, "proj_target_note", ws.title, absolute(layout.first_letter, self.note_row))
        page_setup(ws, layout, self.note_row)
        protect(ws)

    def _width(self, first: str, last: str) -> float:
        return sum(column.width for column in self.layout.columns
                   if first <= column.letter <= last)

    # ------------------------------------------------------------------ header and goals
    def _header(self) -> None:
        ws, target = self.ws, self.target
        values = {"proj_target_name": target.name, "proj_target_department": target.department,
                  "proj_target_department_code": target.department_code,
                  "proj_target_unit": target.unit, "proj_target_attribute": target.attribute,
                  "proj_target_period": target.period}
        for name, key, row, label, first, last in forms.PROJECT_TARGET_HEADER_CELLS:
            if label:
                put_text(ws, f"{label}{row}", project_vocab.DECLARATION_LABELS[key])
                styles.LABEL_BOLD.apply(cell_at(ws, f"{label}{row}"))
            code = name == "proj_target_department_code"
            style_row(ws, letters(first, last), row, styles.body("input", "center" if code else "left"),
                      _TEXT_FORMAT if code else None)
            merge(ws, f"{first}{row}", f"{last}{row}")
            put_text(ws, f"{first}{row}", _blank(values[name]))
            add_name(self.wb, name, ws.title, absolute(first, row))
            if name == "proj_target_attribute":
                self.validations.add(forms.PROJECT_ATTRIBUTE_VALIDATION, f"{first}{row}")
            ws.row_dimensions[row].height = 24

    def _goals(self) -> None:
        ws, top, row = self.ws, forms.PROJECT_TARGET_GOAL_HEADER_ROW, forms.PROJECT_TARGET_GOAL_ROW
        put_text(ws, f"{_BLOCK}{top}", project_vocab.DECLARATION_LABELS["goal"])
        style_row(ws, [_BLOCK], top, styles.LABEL_BOLD)
        style_row(ws, [_BLOCK], row, styles.LABEL_BOLD)
        merge(ws, f"{_BLOCK}{top}", f"{_BLOCK}{row}")
        texts = []
        for name, key, first, last in forms.PROJECT_TARGET_GOAL_CELLS:
            put_text(ws, f"{first}{top}", project_vocab.DECLARATION_LABELS[key])
            style_row(ws, letters(first, last), top, styles.HEADING)
            merge(ws, f"{first}{top}", f"{last}{top}")
            text = getattr(self.target, key)
            style_row(ws, letters(first, last), row, styles.LONG_TEXT_INPUT)
            merge(ws, f"{first}{row}", f"{last}{row}")
            put_text(ws, f"{first}{row}", _blank(text))
            add_name(self.wb, name, ws.title, absolute(first, row))
            texts.append((text, self._width(first, last)))
        ws.row_dimensions[top].height = 22
        fit_row(ws, row, texts, minimum=60)

    # ------------------------------------------------------------------ funds
    def _funds(self) -> None:
        ws, header = self.ws, forms.PROJECT_TARGET_FUNDS_HEADER_ROW
        item_first, item_last = forms.PROJECT_TARGET_FUND_LABEL_LETTERS
        rows = {key: forms.PROJECT_TARGET_FUNDS_FIRST_ROW + index
                for index, key in enumerate(project_vocab.DECLARATION_FUND_ROWS)}
        last_row = max(rows.values())
        put_text(ws, f"{_BLOCK}{header}", project_vocab.DECLARATION_LABELS["funds"])
        for r in range(header, last_row + 1):
            styles.LABEL_BOLD.apply(cell_at(ws, f"{_BLOCK}{r}"))
        merge(ws, f"{_BLOCK}{header}", f"{_BLOCK}{last_row}")
        style_row(ws, [item_first, item_last], header, styles.HEADING)
        merge(ws, f"{item_first}{header}", f"{item_last}{header}")
        for column, letter in forms.PROJECT_TARGET_FUND_LETTERS.items():
            put_text(ws, f"{letter}{header}", project_vocab.DECLARATION_FUND_COLUMNS[column])
            styles.HEADING.apply(cell_at(ws, f"{letter}{header}"))
        ws.row_dimensions[header].height = 24
        for key, r in rows.items():
            put_text(ws, f"{item_first}{r}", project_vocab.DECLARATION_FUND_ROWS[key])
            style_row(ws, [item_first, item_last], r, styles.LABEL)
            merge(ws, f"{item_first}{r}", f"{item_last}{r}")
            for column, letter in forms.PROJECT_TARGET_FUND_LETTERS.items():
                ref = f"{letter}{r}"
                styles.body("input", "right").apply(cell_at(ws, ref), forms.FUNDING_NUMBER_FORMAT)
                funds = self.target.funds.get(column)
                put_text(ws, ref, None if funds is None else _blank(getattr(funds, key)))
                self.validations.add(forms.AMOUNT_VALIDATION, ref)
                add_name(self.wb, f"proj_target_{column}_{key}", ws.title, absolute(letter, r))
            ws.row_dimensions[r].height = 22
        total, *parts = rows.values()
        checks = []
        for column, letter in forms.PROJECT_TARGET_FUND_LETTERS.items():
            refs = [f"{letter}{r}" for r in parts]
            summed = "+".join(f"N({ref})" for ref in refs)
            filled = ",".join(f"ISNUMBER({ref})" for ref in refs)
            text = forms.PROJECT_TARGET_CHECK_TEXTS["funds_sum"].format(
                column=project_vocab.DECLARATION_FUND_COLUMNS[column])
            # scoring.project.review.sum_issues: nothing while the total or every part is blank.
            checks.append(f"IF(AND(ISNUMBER({letter}{total}),OR({filled})),"
                          f"IF(ABS({letter}{total}-({summed}))>{fx.num(MONEY_TOLERANCE)}+0.000000001,"
                          f'{fx.text(text)},""),"")')
            ws.conditional_formatting.add(
                f"{letter}{total}",
                FormulaRule(formula=[f"ISNUMBER(FIND({fx.text(text)},${_CHECK}${total}))"],
                            fill=styles.WARNING_FILL))
        put_text(ws, f"{_CHECK}{header}", self.layout.column("check").title)
        styles.WORKING_HEADING.apply(cell_at(ws, f"{_CHECK}{header}"))
        put_formula(ws, f"{_CHECK}{total}", "=" + "&".join(checks))
        for r in rows.values():
            styles.CHECK.apply(cell_at(ws, f"{_CHECK}{r}"))
        merge(ws, f"{_CHECK}{total}", f"{_CHECK}{last_row}")
        add_name(self.wb, "proj_target_funds_check", ws.title, absolute(_CHECK, total))

    # ------------------------------------------------------------------ indicators
    def _indicator_row(self, r: int, row: DeclaredIndicator, group: _Group) -> None:
        ws, c = self.ws, self.col
        values = {"level1": row.level1, "level2": row.level2, "level3": row.name,
                  "value": row.target}
        for column in self.layout.columns:
            style = styles.CHECK if column.key == "check" else styles.body(column.role, column.align)
            style.apply(cell_at(ws, f"{column.letter}{r}"), column.number_format)
            if column.key in values:
                put_text(ws, f"{column.letter}{r}", _blank(values[column.key]))
        name, value = f"{c['level3']}{r}", f"{c['value']}{r}"
        self.validations.add(forms.PROJECT_TARGET_VALUE_VALIDATION, value)
        texts = forms.PROJECT_TARGET_CHECK_TEXTS
        put_formula(ws, f"{c['check']}{r}",
                    f'=IF(AND({name}<>"",{value}=""),{fx.text(texts["value_missing"])},"")'
                    f'&IF(AND({name}="",{value}<>""),{fx.text(texts["name_missing"])},"")'
                    f'&IF({value_unreadable(value, self.variant)},{fx.text(texts["value_unreadable"])},"")')
        shown = [(str(_blank(values[key]) or ""), self.width[key])
                 for key in ("level2", "level3", "value")]
        if group.first == group.last:  # a group of one row: its block label must fit it too
            shown.append((group.label, self.width["block"]))
        fit_row(ws, r, shown, minimum=24)

    def _merge_group(self, group: _Group) -> None:
        """The group's label down its block cell (绩效指标 from the heading for the only group),
        一级 down its block, 二级 down its group; a 指标值 the formula cannot read turns red."""
        ws, c, first = self.ws, self.col, group.first
        if group.label:
            put_text(ws, f"{_BLOCK}{first}", group.label)
            styles.LABEL_BOLD.apply(cell_at(ws, f"{_BLOCK}{first}"))
        merge_indicator_groups(ws, self.layout, self.col, first, group.last, group.rows,
                               top=first if group.label else None)
        ws.conditional_formatting.add(
            f"{c['value']}{first}:{c['value']}{group.last}",
            FormulaRule(formula=[f"LEN(${c['check']}{first})>0"], fill=styles.WARNING_FILL))

    def _note(self) -> None:
        ws, r = self.ws, self.note_row
        first, last = self.layout.first_letter, self.layout.last_official_letter
        put_text(ws, f"{first}{r}", _blank(self.note))
        style_row(ws, letters(first, last), r, styles.NOTE)
        merge(ws, f"{first}{r}", f"{last}{r}")
        fit_row(ws, r, [(self.note, self._width(first, last))])


def blank_project_target() -> ProjectTarget:
    """The blank template's content: both groups of indicators, as the published copies leave
    them, with the usual 一级/二级 rows (the annual group :data:`scoring.forms.PROJECT_BLANK_ROWS`,
    as the self-evaluation's; the 中期（长期）group :data:`scoring.forms.PROJECT_TARGET_BLANK_MID_ROWS`),
    no names, values or amounts."""
    def rows(blank: tuple[tuple[str, str], ...]) -> tuple[DeclaredIndicator, ...]:
        return tuple(DeclaredIndicator(project_vocab.BLOCK_NAMES[block], level2, "", "")
                     for block, level2 in blank)

    return ProjectTarget("", indicators=rows(forms.PROJECT_BLANK_ROWS),
                         mid_indicators=rows(forms.PROJECT_TARGET_BLANK_MID_ROWS))


def template_project_target_workbooks() -> dict[str, Workbook]:
    """File name → workbook: the blank template and the invented 2024 example of the project
    target declaration in each of its variants, for ``perfscore template``."""
    return {
        f"blank_project_target_{variant}.xlsx": build_project_target_workbook(
            blank_project_target(), variant, year=EXAMPLE_YEAR)
        for variant in VARIANTS
    } | {
        f"example_{EXAMPLE_YEAR}_project_target_{variant}.xlsx": build_project_target_workbook(
            example_target(), variant, year=EXAMPLE_YEAR, note=forms.PROJECT_TARGET_EXAMPLE_NOTE)
        for variant in VARIANTS
    }
