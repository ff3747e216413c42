"""Build the workbooks of both official forms, in both variants, from :mod:`scoring.forms`.

:func:`build_target_workbook` writes the target form (部门整体预算绩效目标表);
:func:`build_evaluation_workbook` the self-evaluation form (整体绩效评价指标框架 with scores).
Both build the workbook directly from the declaration (no template file is loaded), so the
batch filler can produce a thousand units quickly; every coordinate comes from the declaration.

Variants (:data:`scoring.forms.VARIANTS`):

* ``portable`` — every 评价要点 is compiled into a native formula (``Rule.to_formula``); the rule
  cells are locked so that the formula cannot drift from its text. Works in Excel, WPS and
  LibreOffice without Python.
* ``addin`` — scores are live through the add-in's functions (``=PERF_SCORE(实际, 规则, 分值, meta_policies)``,
  ``=PERF_BONUS``, ``=PERF_TOTAL``, ``=PERF_GRADE``); the rule cells are unlocked, so editing
  the text re-scores. The workbook carries the add-in's settings sheets.

Text from data is never turned into a formula: every value is written through :func:`put_text`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.worksheet import Worksheet

from .. import forms
from ..forms import EVALUATION_FORM, TARGET_FORM
from ..framework import Framework, Indicator, Inputs
from ..policies import DEFAULT_POLICIES, Policies, policies_text
from ..rules import Rule
from ..target_form import TargetForm
from . import styles
from .cells import (Validations, absolute, add_name, cell_at, check_message, check_variant,
                    fit_row, letters, merge, page_setup, protect, put_formula, put_text, runs,
                    set_widths, style_row, table_heading, title_rows)
from .evaluation_sheet import EvaluationSheet
from .metadata import (GENERATOR, Metadata, framework_checksum, issued_rules, target_checksum,
                       write_metadata)


# ---------------------------------------------------------------------------------------------
# Target form

#: Width of the header block's value cells (B … G merged), for row heights.
_HEADER_WIDTH = sum(column.width for column in TARGET_FORM.official_columns[1:])


def build_target_workbook(form: TargetForm, variant: str = "portable") -> Workbook:
    """The target form (部门整体预算绩效目标表) as a workbook.

    The header block, funding block and indicator table are laid out as
    :data:`scoring.forms.TARGET_FORM` declares; 资金总额 is computed (基本支出 + 项目支出), the
    funding check flags 半年 > 全年 and negative sums live.

    Args:
        form: The form's content; a blank template has empty texts and values.
        variant: ``portable`` or ``addin`` (the add-in variant checks each 指标值 with the
            engine through ``PERF_TARGET_MET`` and carries the add-in's settings sheets).

    Returns:
        The openpyxl workbook, not yet saved (see :func:`scoring.workbook.files.save_workbook`).
    """
    check_variant(variant)
    layout = TARGET_FORM
    wb = Workbook()
    ws = wb.active
    ws.title = layout.sheet
    set_widths(ws, layout)
    validations = Validations(ws)
    last = layout.last_official_letter
    label_letter, value_letter = forms.TARGET_TEXT_LABEL_LETTER, forms.TARGET_TEXT_VALUE_LETTER
    title_rows(ws, layout, forms.TARGET_TITLE.format(city=form.city),
                forms.TARGET_SUBTITLE.format(year=form.year or "    "),
                forms.TARGET_TITLE_ROW, forms.TARGET_SUBTITLE_ROW)
    texts = {key: getattr(form, key) for key in forms.TARGET_TEXT_KEYS}
    value_letters = letters(value_letter, last)
    for row, name, label, height in forms.TARGET_TEXT_ROWS:
        put_text(ws, f"{label_letter}{row}", label)
        styles.LABEL_BOLD.apply(cell_at(ws, f"{label_letter}{row}"))
        put_text(ws, f"{value_letter}{row}", texts[name] or None)
        style = styles.body("input", "left") if name == "unit_name" else styles.LONG_TEXT_INPUT
        style_row(ws, value_letters, row, style)
        merge(ws, f"{value_letter}{row}", f"{last}{row}")
        fit_row(ws, row, [(texts[name], _HEADER_WIDTH)], minimum=max(height, 20.0))
        add_name(wb, name, ws.title, absolute(value_letter, row))
    _funding_block(ws, form, validations)
    _target_table(ws, form, validations, variant)
    last_row = max(layout.first_data_row + len(form.indicators) - 1, layout.header_row)
    page_setup(ws, layout, last_row)
    protect(ws)
    finish_workbook(wb, variant, Metadata(
        form_kind=layout.kind, template_version=forms.TEMPLATE_VERSION, variant=variant,
        year=str(form.year or ""), unit_code=form.unit_code, unit_name=form.unit_name,
        rules_checksum=target_checksum(form), generator=GENERATOR))
    return wb


def _funding_block(ws: Worksheet, form: TargetForm, validations: Validations) -> None:
    wb = ws.parent
    top = forms.FUNDING_HEADING_ROW
    bottom = forms.FUNDING_ROWS[-1][0]
    annual, (half, half_end) = forms.FUNDING_ANNUAL_LETTER, forms.FUNDING_HALF_LETTERS
    label, group = forms.FUNDING_LABEL_LETTER, forms.FUNDING_GROUP_LETTER
    item, item_end = forms.FUNDING_ITEM_LETTERS
    put_text(ws, f"{label}{top}", forms.FUNDING_LABEL)
    for row in range(top, bottom + 1):
        styles.LABEL_BOLD.apply(cell_at(ws, f"{label}{row}"))
    merge(ws, f"{label}{top}", f"{label}{bottom}")
    style_row(ws, letters(group, item_end), top, styles.HEADING)
    merge(ws, f"{group}{top}", f"{item_end}{top}")
    put_text(ws, f"{annual}{top}", forms.FUNDING_ANNUAL_TITLE)
    styles.HEADING.apply(cell_at(ws, f"{annual}{top}"))
    put_text(ws, f"{half}{top}", forms.FUNDING_HALF_TITLE)
    style_row(ws, [half, half_end], top, styles.HEADING)
    merge(ws, f"{half}{top}", f"{half_end}{top}")
    funding = form.funding
    values = {"basic": (funding.annual_basic, funding.half_basic),
              "project": (funding.annual_project, funding.half_project)}
    blank = not form.unit_name and not any(values["basic"] + values["project"])
    groups = runs([group for _, group, _, _, _ in forms.FUNDING_ROWS])
    for start, end in groups:
        row0, row1 = forms.FUNDING_ROWS[start][0], forms.FUNDING_ROWS[end][0]
        put_text(ws, f"{group}{row0}", forms.FUNDING_ROWS[start][1])
        for row in range(row0, row1 + 1):
            styles.LABEL.apply(cell_at(ws, f"{group}{row}"))
        merge(ws, f"{group}{row0}", f"{group}{row1}")
    input_rows = [row for row, _, _, _, role in forms.FUNDING_ROWS if role == "input"]
    for row, _, item_label, key, role in forms.FUNDING_ROWS:
        put_text(ws, f"{item}{row}", item_label)
        style_row(ws, [item, item_end], row, styles.LABEL)
        merge(ws, f"{item}{row}", f"{item_end}{row}")
        style = styles.body(role, "right")
        style_row(ws, [annual], row, style, forms.FUNDING_NUMBER_FORMAT)
        style_row(ws, [half, half_end], row, style, forms.FUNDING_NUMBER_FORMAT)
        merge(ws, f"{half}{row}", f"{half_end}{row}")
        if role == "computed":
            put_formula(ws, f"{annual}{row}", "=" + "+".join(f"{annual}{r}" for r in input_rows))
            put_formula(ws, f"{half}{row}", "=" + "+".join(f"{half}{r}" for r in input_rows))
        else:
            year_value, half_value = values[key]
            put_text(ws, f"{annual}{row}", None if blank else year_value)
            put_text(ws, f"{half}{row}", None if blank else half_value)
            validations.add(forms.AMOUNT_VALIDATION, f"{annual}{row}")
            validations.add(forms.AMOUNT_VALIDATION, f"{half}{row}")
        add_name(wb, f"funding_annual_{key}", ws.title, absolute(annual, row))
        add_name(wb, f"funding_half_{key}", ws.title, absolute(half, row))
    # The funding check beside the block (working column): 半年 > 全年, negative amounts.
    check = TARGET_FORM.column("check").letter
    first_row = forms.FUNDING_ROWS[0][0]
    over = ",".join(f"{half}{r}>{annual}{r}" for r, *_ in forms.FUNDING_ROWS)
    negative = ",".join(f"{c}{r}<0" for r in input_rows for c in (annual, half))
    # Every problem, each ending in ；, so two at once both show.
    put_formula(ws, f"{check}{first_row}",
             f'=IF(OR({over}),"{check_message("PS-G002")}：半年计划执行数不应大于全年预算数；","")'
             f'&IF(OR({negative}),"{check_message("PS-G003")}：金额应不小于 0；","")')
    for row in range(first_row, bottom + 1):
        styles.CHECK.apply(cell_at(ws, f"{check}{row}"))
    merge(ws, f"{check}{first_row}", f"{check}{bottom}")
    add_name(wb, "funding_check", ws.title, absolute(check, first_row))
    put_text(ws, f"{check}{top}", forms.TARGET_FORM.column("check").title)
    styles.WORKING_HEADING.apply(cell_at(ws, f"{check}{top}"))
    # Half-year above the annual figure turns red as it is typed.
    for row, *_ in forms.FUNDING_ROWS:
        ws.conditional_formatting.add(
            f"{half}{row}:{half_end}{row}",
            FormulaRule(formula=[f"${half}{row}>${annual}{row}"], fill=styles.WARNING_FILL))
    ws.conditional_formatting.add(
        f"{annual}{first_row}:{half_end}{bottom}",
        FormulaRule(formula=[f"AND(ISNUMBER({annual}{first_row}),{annual}{first_row}<0)"],
                    fill=styles.WARNING_FILL))


def engine_unreadable(ref: str) -> str:
    """The add-in variants' test that the engine cannot read the 指标值 in ``ref``:
    ``PERF_TARGET_MET`` returns its ``[PS-T001] …`` text (not TRUE/FALSE) for an unreadable value.
    The one place the add-in variants' 指标值 checks call the engine (the department target form's
    校验提示, the project target declaration's 提示)."""
    return f'AND({ref}<>"",ISTEXT(PERF_TARGET_MET("",{ref})))'


def _unreadable(ref: str, variant: str) -> str:
    """A test that the 指标值 in ``ref`` cannot be read.

    Add-in variant: the engine's own reading (``PERF_TARGET_MET`` returns its ``[PS-T001] …``
    text for an unreadable value). Portable: a value without any digit that contains none of
    :data:`scoring.forms.TARGET_CHECK_WORDS` (``abc``, ``xyz条``); values with digits are left
    to the engine (``perfscore collect``).
    """
    if variant == "addin":
        return engine_unreadable(ref)
    return (f'AND({ref}<>"",SUMPRODUCT(--ISNUMBER(FIND({{{_DIGITS}}},{ref})))=0,'
            f'SUMPRODUCT(--ISNUMBER(FIND({{{_CHECK_WORDS}}},{ref})))=0)')


#: The array constants of :func:`_unreadable`: the digits, and the words a value may hold.
_DIGITS = ",".join(f'"{digit}"' for digit in "0123456789")
_CHECK_WORDS = ",".join(f'"{word}"' for word in forms.TARGET_CHECK_WORDS)


def _value_check(col: dict[str, str], r: int, variant: str) -> str:
    """The 校验提示 of an indicator row: every problem of the row, each ending in ；."""
    name, half, full = (f"{col[key]}{r}" for key in ("level3", "half_value", "full_value"))
    texts = forms.CHECK_TEXTS
    return (f'=IF(AND({name}<>"",OR({half}="",{full}="")),"{texts["target_value_missing"]}","")'
            f'&IF(AND({name}="",OR({half}<>"",{full}<>"")),"{texts["target_name_missing"]}","")'
            f'&IF(OR({_unreadable(half, variant)},{_unreadable(full, variant)}),'
            f'"{texts["target_value_unreadable"]}","")')


def _target_table(ws: Worksheet, form: TargetForm, validations: Validations,
                  variant: str) -> None:
    layout = TARGET_FORM
    wb = ws.parent
    col = {column.key: column.letter for column in layout.columns}
    table_heading(ws, layout, merges=[(col["level2"], col["work_content"])])
    rows = form.indicators
    first = layout.first_data_row
    work_sections = {row.level1 for row in rows
                     if row.level1 == forms.TARGET_WORK_SECTION or row.work_item or row.work_content}
    official = [column for column in layout.columns if column.official]
    for index, row in enumerate(rows):
        r = first + index
        in_work = row.level1 in work_sections
        values = {"level1": row.level1, "level2": row.level2, "work_item": row.work_item,
                  "work_content": row.work_content, "level3": row.level3,
                  "half_value": row.half_value, "full_value": row.full_value}
        for column in official:
            role = column.role
            if column.key in ("work_item", "work_content") and not in_work:
                role = "label"
            put_text(ws, f"{column.letter}{r}", values[column.key] or None)
            styles.body(role, column.align).apply(cell_at(ws, f"{column.letter}{r}"), column.number_format)
        for key in ("half_value", "full_value"):
            validations.add(forms.TARGET_VALUE_VALIDATION, f"{col[key]}{r}")
        check = col["check"]
        put_formula(ws, f"{check}{r}", _value_check(col, r, variant))
        styles.CHECK.apply(cell_at(ws, f"{check}{r}"))
        fit_row(ws, r, [(row.work_content, 30), (row.level3, 24), (row.level2, 11)], minimum=24)
    # Merges: 一级 down its section, 二级 down its group (and across 重点工作/工作内容 outside 履职).
    for start, end in runs([row.level1 for row in rows]):
        merge(ws, f"{col['level1']}{first + start}", f"{col['level1']}{first + end}")
    for start, end in runs([(row.level1, row.level2) for row in rows]):
        last = col["level2"] if rows[start].level1 in work_sections else col["work_content"]
        merge(ws, f"{col['level2']}{first + start}", f"{last}{first + end}")
    last_row = first + max(len(rows), 1) - 1
    for column in layout.columns:
        add_name(wb, column.name, ws.title, absolute(column.letter, first, last_row))


# ---------------------------------------------------------------------------------------------
# Self-evaluation form


def build_evaluation_workbook(framework: Framework, inputs: Inputs | None = None, *,
                              unit_name: str = "", unit_code: str = "", year: int | None = None,
                              variant: str = "portable",
                              policies: Policies = DEFAULT_POLICIES,
                              rule_of: Callable[[Indicator], Rule] = Indicator.rule) -> Workbook:
    """The self-evaluation form (整体绩效评价指标框架 with scores) as a live workbook.

    One row per scored item in form order (:data:`scoring.forms.EVALUATION_FORM`), then the
    总得分 row (total and total deduction) and the 评价等次 row. Subtotals per 一级 and 二级,
    bonus (capped), penalty, total and grade compute live.

    Args:
        framework: The indicator tree with its 评价要点 rules.
        inputs: Entered values to fill in (a filled example or a re-issued form); None for a
            blank form. An entered score equal to what the rule computes is not written as an
            override, so the item keeps scoring live.
        unit_name, unit_code, year: The header and metadata fields.
        variant: ``portable`` (native formulas) or ``addin`` (``=PERF_*`` functions).
        policies: The scoring policies the formulas follow (grade bands, bonus cap, full
            points, partial steps).
        rule_of: Each scored item's rule (:meth:`Indicator.rule` by default; batch fill's
            template of a layout records what the writer reads of each rule:
            :mod:`scoring.batch.recorded_rules`).

    Returns:
        The openpyxl workbook, not yet saved.

    Raises:
        TemplateError: PS-W010 for an unknown variant.
    """
    check_variant(variant)
    wb = Workbook()
    EvaluationSheet(wb, framework, inputs or Inputs(), unit_name=unit_name, unit_code=unit_code,
                    year=year, variant=variant, policies=policies, rule_of=rule_of).build()
    finish_workbook(wb, variant, Metadata(
        form_kind=EVALUATION_FORM.kind, template_version=forms.TEMPLATE_VERSION, variant=variant,
        year=str(year or ""), unit_code=unit_code, unit_name=unit_name,
        rules_checksum=framework_checksum(framework, policies_text(policies)), generator=GENERATOR,
        policies=policies_text(policies)),
        issued_rules(framework))
    return wb


def finish_workbook(wb: Workbook, variant: str, metadata: Metadata,
                    rules: Sequence[tuple[str, float | None, str]] = ()) -> None:
    """Add the add-in settings sheets (add-in variant, hidden) and the hidden metadata sheet:
    what every form's workbook carries, whichever writer built the form."""
    if variant == "addin":
        from addin import CONF_SETTINGS, CONF_SHEET

        for title in dict.fromkeys((forms.XLWINGS_CONF_SHEET, CONF_SHEET)):
            ws = wb.create_sheet(title)
            for row, (key, value) in enumerate(CONF_SETTINGS, start=1):
                put_text(ws, f"A{row}", key)
                put_text(ws, f"B{row}", value)
            ws.column_dimensions["A"].width = 20
            ws.column_dimensions["B"].width = 30
            # Hidden, not very hidden: xlwings reads it with wb.Sheets(name) either way, and
            # IT staff can still unhide it from Excel's menu.
            ws.sheet_state = "hidden"
    write_metadata(wb, metadata, rules)
    wb.active = 0

