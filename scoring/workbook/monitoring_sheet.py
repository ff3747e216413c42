"""Build the mid-year monitoring workbook (部门整体预算绩效运行监控表) from :mod:`scoring.forms`.

:func:`build_monitoring_workbook` lays out :data:`scoring.forms.MONITORING_FORM`: title and
subtitle (年度, 监控期间), the unit line, the light counts, the funds table and the indicator
table, with what the unit entered. Every light is a native formula of :mod:`scoring.lights`,
the rule :func:`scoring.monitoring.monitor` applies (the two are compared in LibreOffice), so
the form lights up as it is filled in Excel, WPS or LibreOffice. Both variants use these
formulas: the rules are short enough to need no add-in function, so the add-in variant only
carries the add-in's settings sheets, like every add-in workbook.

The indicator values are written into the light formulas when the form is issued from a
unit's target form. A blank template has no indicator values yet: its 三级指标 and values are
open for the unit to copy in, and it lights nothing until ``perfscore score`` reads it.

An amber or red row without 偏差原因 or 纠偏措施 shows ``[PS-J001]``/``[PS-J002]`` in the
working 提示 column (not printed) and turns the missing cell red, which prints.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import fields, replace
from functools import cache
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.formatting.rule import CellIsRule, FormulaRule
from openpyxl.styles.cell_style import StyleArray

from .. import forms
from .. import formula as fx
from .. import vocab
from ..errors import CODES
from ..forms import MONITORING_FORM, MONITORING_FUND_COLUMNS, MONITORING_FUND_SPANS, Column
from ..lights import (LIGHT_KEYS, execution_rate_formula, explanation_check_formula,
                      fund_light_formula, indicator_light_formula, read_target)
from ..monitoring import (AMOUNT_KEYS, FUND_KEYS, MONTHS, Funds, MonitoringForm,
                          MonitoringIndicator, example_monitoring)
from ..plaintext import clean_text
from ..policies import DEFAULT_POLICIES, Policies, policies_text
from ..targets import Target
from . import styles
from .cells import (Validations, absolute, add_name, cell_at, check_variant, fit_row, letters,
                    merge, page_setup, protect, put_formula, put_text, runs, set_widths, style_row,
                    title_rows)
from .metadata import GENERATOR, Metadata, monitoring_checksum
from .writer import finish_workbook

#: The indicator columns a blank template leaves open: the unit copies its target form in.
_TARGET_KEYS = ("work_item", "level3", "half_value", "full_value")
#: The indicator columns under the 偏差原因分析 heading.
_REASON_KEYS = ("reason_type", "reason")
#: The value columns of an indicator row (1-X月执行情况, 全年预计完成情况) → the 指标值 each is
#: judged against: a cell takes the percent number format when its 指标值 is a percentage.
_VALUE_KEYS = {"actual": "half_value", "forecast": "full_value"}


def missing_text(code: str) -> str:
    """What the 提示 column shows for a missing 偏差原因 (PS-J001) or 纠偏措施 (PS-J002), as
    :func:`~scoring.lights.explanation_check_formula` writes it."""
    return vocab.MONITOR_CHECK.format(code=code, title=CODES[code])


def build_monitoring_workbook(form: MonitoringForm, variant: str = "portable",
                              policies: Policies = DEFAULT_POLICIES, *,
                              read: Callable[[str], Target | None] = read_target,
                              lights: Sequence[str | None] | None = None) -> Workbook:
    """The monitoring form (部门整体预算绩效运行监控表) as a live workbook.

    Args:
        form: The form: header, funds and indicator rows with what was entered (a blank
            template has no unit name, and its rows no indicator values).
        variant: ``portable`` or ``addin`` (the same native formulas; the add-in variant adds
            the add-in's settings sheets).
        policies: The funds tolerance the light formulas follow
            (:attr:`~scoring.policies.Policies.monitor_tolerance`); kept on the metadata sheet,
            so ``perfscore score`` judges the workbook as it was made.
        read: How a 半年/全年指标值 is read for its cells' number format and, unless
            ``lights`` are given, its light formula (:func:`~scoring.lights.read_target`).
        lights: Each indicator row's light formula (:func:`indicator_lights`, the default).
            ``perfscore fill`` builds a layout's template from a probe whose texts are
            placeholders: it reads each placeholder as the value it stands for, and gives a
            placeholder for each light formula (:mod:`scoring.batch.fill`).

    Returns:
        The openpyxl workbook, not yet saved (:func:`scoring.workbook.files.save_workbook`).

    Raises:
        WorkbookFileError: PS-W011 for an unknown variant.
        ValueError: ``lights`` not one per indicator row (a caller's mistake).
    """
    check_variant(variant)
    if lights is None:
        lights = indicator_lights(form, read)
    elif len(lights) != len(form.indicators):
        raise ValueError(f"{len(lights)} light formulas for {len(form.indicators)} rows")
    wb = Workbook()
    _MonitoringSheet(wb, form, policies, read, lights).build()
    finish_workbook(wb, variant, Metadata(
        form_kind=MONITORING_FORM.kind, template_version=forms.TEMPLATE_VERSION,
        variant=variant, year=str(form.year or ""), unit_code=form.unit_code,
        unit_name=form.unit_name, rules_checksum=monitoring_checksum(form, policies_text(policies)),
        generator=GENERATOR, policies=policies_text(policies)))
    return wb


#: The columns a light formula reads: 1-X月执行情况, 全年预计完成情况 and 完成目标可能性.
_LIGHT_LETTERS = tuple(MONITORING_FORM.column(key).letter
                       for key in ("actual", "forecast", "likelihood"))


def _light_refs(r: int) -> tuple[str, str, str]:
    """The cells a light formula of sheet row ``r`` reads (:data:`_LIGHT_LETTERS`)."""
    actual, forecast, likelihood = _LIGHT_LETTERS
    return f"{actual}{r}", f"{forecast}{r}", f"{likelihood}{r}"


def indicator_lights(form: MonitoringForm, read: Callable[[str], Target | None] = read_target
                     ) -> list[str | None]:
    """Each indicator row's light formula (:func:`~scoring.lights.indicator_light_formula`) as
    the form's sheet holds it, None for a row without a 三级指标 (not judged)."""
    first = MONITORING_FORM.first_data_row
    return [indicator_light_formula(read(row.target.half_value), read(row.target.full_value),
                                    *_light_refs(first + index)) if row.target.level3 else None
            for index, row in enumerate(form.indicators)]


def _issued(form: MonitoringForm) -> bool:
    """Whether the form is issued to a unit (from its target form), not a blank template."""
    return bool(form.unit_name)


def _entered(form: MonitoringForm, row: MonitoringIndicator) -> bool:
    """Whether the unit enters ``row``: a judged row (with a 三级指标), or any row of a blank
    template (not :func:`_issued`)."""
    return bool(row.target.level3) or not _issued(form)


def _cell_style(column: Column, entered: bool, issued: bool) -> styles.CellStyle:
    """The look of an indicator row's cell in ``column``: the column's role, but a blank
    template's (not ``issued``) target columns are open, and a row that is not ``entered``
    (:func:`_entered`) has nothing to enter."""
    role = column.role
    if column.key in _TARGET_KEYS and not issued:
        role = "input"
    elif role == "input" and not entered:
        role = "label"
    return styles.CHECK if column.key == "check" else styles.body(role, column.align)


#: A value cell's style: (column key, its row entered, the percent number format).
_ValueStyle = tuple[str, bool, bool]


def _value_styles(wb: Workbook, issued: bool) -> dict[_ValueStyle, StyleArray]:
    """Register in ``wb`` every style a value cell of an ``issued`` form (or a blank template)
    can have — its row entered or not, with the percent number format or without — and give
    each cell's style (the writer gives value cells these, and no others).

    openpyxl numbers a workbook's styles (and custom number formats) in the order they are
    first used. Registered first in every monitoring workbook, these get the same ids whichever
    指标值 are percentages, and the ids of all other styles do not depend on it either: forms that
    differ only in that are the same but for their value cells' style ids, so ``perfscore
    fill`` writes them from one template (:func:`value_cell_styles`, :mod:`scoring.batch.fill`).
    """
    found = {}
    for key in _VALUE_KEYS:
        column = MONITORING_FORM.column(key)
        for entered in (True, False):
            for percent in (False, True):
                cell = Cell(wb.active)
                _cell_style(column, entered, issued).apply(cell, column.number_format)
                if percent:
                    cell.number_format = forms.PERCENT_NUMBER_FORMAT
                wb._cell_styles.add(cell._style)
                found[key, entered, percent] = cell._style
    return found


@cache
def _value_style_ids(issued: bool) -> dict[_ValueStyle, int]:
    """The style id of each value cell's style (:func:`_value_styles`): the same in every
    monitoring workbook issued (or not)."""
    wb = Workbook()
    return {style: wb._cell_styles.add(found)
            for style, found in _value_styles(wb, issued).items()}


def value_cell_styles(form: MonitoringForm, read: Callable[[str], Target | None] = read_target
                      ) -> list[list[tuple[str, int]]]:
    """Each indicator row's value cells (1-X月执行情况, 全年预计完成情况) as the form's sheet holds
    them: the cell and its style id (:func:`_value_styles`), which says whether the cell takes
    the percent number format."""
    first, ids = MONITORING_FORM.first_data_row, _value_style_ids(_issued(form))
    letters = {key: MONITORING_FORM.column(key).letter for key in _VALUE_KEYS}
    return [[(f"{letters[key]}{first + index}", ids[_value_style(form, row, key, read)])
             for key in _VALUE_KEYS] for index, row in enumerate(form.indicators)]


def _value_style(form: MonitoringForm, row: MonitoringIndicator, key: str,
                 read: Callable[[str], Target | None]) -> _ValueStyle:
    """The style of ``row``'s value cell in the column ``key``."""
    target = read(getattr(row.target, _VALUE_KEYS[key]))
    return key, _entered(form, row), target is not None and target.percent


def _blank(value: Any) -> Any:
    """A value as a cell takes it: empty text is no value (0 stays 0)."""
    return None if value is None or value == "" else value


class _MonitoringSheet:
    """Writes the monitoring sheet of one workbook (see the module docs)."""

    def __init__(self, wb: Workbook, form: MonitoringForm, policies: Policies,
                 read: Callable[[str], Target | None], lights: Sequence[str | None]) -> None:
        self.wb = wb
        self.read = read
        self.lights = lights
        self.ws = wb.active
        self.form = form
        self.policies = policies
        self.layout = MONITORING_FORM
        #: Issued from a unit's target form: the indicator rows are fixed and locked.
        self.issued = _issued(form)
        self.col = {column.key: column.letter for column in self.layout.columns}
        self.width = {column.key: column.width for column in self.layout.columns}
        self.fund_col = {column.key: column.letter for column in MONITORING_FUND_COLUMNS}
        self.fund_rows = {key: forms.MONITORING_FUND_FIRST_ROW + index
                          for index, key in enumerate(FUND_KEYS)}
        self.first = self.layout.first_data_row
        self.last = self.first + max(len(form.indicators), 1) - 1
        self.note_row = self.last + 1
        self.validations = Validations(self.ws)
        #: Registered first, before any other style (:func:`_value_styles`).
        self.value_styles = _value_styles(wb, self.issued)
        #: Defined name → the value cell of the unit line (``K3``).
        self.unit_cells: dict[str, str] = {}

    def build(self) -> None:
        """Lay out the whole sheet, name its cells, set print and protection."""
        ws, layout = self.ws, self.layout
        ws.title = layout.sheet
        set_widths(ws, layout)
        title_rows(ws, layout, forms.MONITORING_TITLE.format(city=self.form.city), "",
                   forms.MONITORING_TITLE_ROW, forms.MONITORING_SUBTITLE_ROW)
        self._unit_line()
        put_formula(ws, f"{layout.first_letter}{forms.MONITORING_SUBTITLE_ROW}", self._subtitle())
        self._counts()
        self._section(forms.MONITORING_FUNDS_LABEL_ROW, forms.MONITORING_FUNDS_LABEL)
        self._funds()
        self._section(forms.MONITORING_INDICATORS_LABEL_ROW, forms.MONITORING_INDICATORS_LABEL)
        self._indicator_heading()
        for index, row in enumerate(self.form.indicators):
            self._indicator_row(self.first + index, row, self.lights[index])
        self._merge_groups()
        self._note()
        self._names()
        self._conditional_formats()
        page_setup(ws, layout, self.note_row)
        ws.page_setup.orientation = "landscape"
        ws.print_title_rows = f"{forms.MONITORING_GROUP_ROW}:{layout.header_row}"
        protect(ws)

    # ------------------------------------------------------------------ header
    def _unit_line(self) -> None:
        ws, row, form = self.ws, forms.MONITORING_UNIT_ROW, self.form
        values = {"unit_name": form.unit_name, "unit_code": form.unit_code,
                  "monitor_year": form.year or None, "monitor_period": form.period.label}
        for name, key, label_first, label_last, first, last in forms.MONITORING_UNIT_LINE:
            put_text(ws, f"{label_first}{row}", forms.MONITOR_HEADER[key])
            style_row(ws, letters(label_first, label_last), row, styles.LABEL_BOLD)
            merge(ws, f"{label_first}{row}", f"{label_last}{row}")
            style = styles.body(self.layout.cell(name).role,
                                "left" if name == "unit_name" else "center")
            # Text format: a code typed as 001001 keeps its leading zeros.
            style_row(ws, letters(first, last), row, style, "@" if name == "unit_code" else None)
            merge(ws, f"{first}{row}", f"{last}{row}")
            put_text(ws, f"{first}{row}", _blank(values[name]))
            add_name(self.wb, name, ws.title, absolute(first, row))
            self.unit_cells[name] = f"{first}{row}"
        self.validations.add(forms.MONITORING_YEAR_VALIDATION, self.unit_cells["monitor_year"])
        ws.row_dimensions[row].height = 22

    def _subtitle(self) -> str:
        """The subtitle's formula over the 年度 and 监控期间 cells (spaces for no year)."""
        year = self.unit_cells["monitor_year"]
        refs = {"year": f'IF(LEN({year})=0,"    ",{year})',
                "period": self.unit_cells["monitor_period"]}
        parts: list[str] = []
        for literal, field, _, _ in string.Formatter().parse(forms.MONITORING_SUBTITLE):
            if literal:
                parts.append(fx.text(literal))
            if field:
                parts.append(refs[field])
        return "=" + "&".join(parts)

    def _light_ranges(self) -> tuple[str, str]:
        """The light cells of the funds rows and of the indicator rows."""
        light, rows = self.col["light"], self.fund_rows
        return (f"${light}${rows['total']}:${light}${rows['project']}",
                f"${light}${self.first}:${light}${self.last}")

    def _counts(self) -> None:
        ws, row = self.ws, forms.MONITORING_COUNTS_ROW
        first, last = self.layout.first_letter, self.layout.last_official_letter
        put_text(ws, f"{first}{row}", forms.MONITORING_COUNTS_LABEL)
        label_last = letters(first, forms.MONITORING_COUNT_CELLS[0][2])[-2]
        style_row(ws, letters(first, label_last), row, styles.LABEL_BOLD)
        merge(ws, f"{first}{row}", f"{label_last}{row}")
        funds, indicators = self._light_ranges()
        for name, light, label, value in forms.MONITORING_COUNT_CELLS:
            word = fx.text(vocab.LIGHTS[light])
            put_text(ws, f"{label}{row}", vocab.LIGHTS[light])
            styles.LABEL_BOLD.apply(cell_at(ws, f"{label}{row}"))
            cell_at(ws, f"{label}{row}").fill = styles.LIGHT_FILLS[light]
            put_formula(ws, f"{value}{row}",
                        f"=COUNTIF({funds},{word})+COUNTIF({indicators},{word})")
            styles.body("computed").apply(cell_at(ws, f"{value}{row}"))
            add_name(self.wb, name, ws.title, absolute(value, row))
        note_first = letters(forms.MONITORING_COUNT_CELLS[-1][3], last)[1]
        put_text(ws, f"{note_first}{row}", forms.MONITORING_COUNTS_NOTE)
        style_row(ws, letters(note_first, last), row, styles.body("label", "left"))
        merge(ws, f"{note_first}{row}", f"{last}{row}")
        ws.row_dimensions[row].height = 22

    def _section(self, row: int, label: str) -> None:
        """A section's label over a table, and the working area's banner beside it."""
        ws, first, last = self.ws, self.layout.first_letter, self.layout.last_official_letter
        put_text(ws, f"{first}{row}", label)
        style_row(ws, letters(first, last), row, styles.SECTION)
        merge(ws, f"{first}{row}", f"{last}{row}")
        working = self.layout.working_columns
        put_text(ws, f"{working[0].letter}{row}", forms.WORKING_AREA_LABEL)
        styles.WORKING_BANNER.apply(cell_at(ws, f"{working[0].letter}{row}"))
        ws.row_dimensions[row].height = 22

    # ------------------------------------------------------------------ funds
    def _fund_span(self, column: Column, row: int) -> list[str]:
        """The letters a funds column spans, merged on ``row``."""
        spanned = letters(column.letter, MONITORING_FUND_SPANS.get(column.key, column.letter))
        merge(self.ws, f"{spanned[0]}{row}", f"{spanned[-1]}{row}")
        return spanned

    def _funds(self) -> None:
        ws, c, rows, period = self.ws, self.fund_col, self.fund_rows, self.form.period
        header = forms.MONITORING_FUND_HEADER_ROW
        for column in MONITORING_FUND_COLUMNS:
            put_text(ws, f"{column.letter}{header}", column.title.format(period=period.label))
            style = styles.HEADING if column.official else styles.WORKING_HEADING
            style_row(ws, self._fund_span(column, header), header, style)
        ws.row_dimensions[header].height = 30
        parts = (rows["basic"], rows["project"])
        progress = f"={period.months}/{MONTHS}"
        widths = {column.key: column.width for column in MONITORING_FUND_COLUMNS}
        for key, r in rows.items():
            entry = getattr(self.form.funds, key)
            for column in MONITORING_FUND_COLUMNS:
                role = "computed" if key == "total" and column.key in AMOUNT_KEYS else column.role
                style = styles.CHECK if column.key == "check" else styles.body(role, column.align)
                style_row(ws, self._fund_span(column, r), r, style, column.number_format)
            put_text(ws, f"{c['item']}{r}", vocab.MONITOR_FUND_ROWS[key])
            for amount in AMOUNT_KEYS:
                ref = f"{c[amount]}{r}"
                if key == "total":
                    # The engine's sum (scoring.monitoring.Funds.row): none over an unknown part.
                    first, second = (f"{c[amount]}{part}" for part in parts)
                    put_formula(ws, ref, f'=IF(AND(ISNUMBER({first}),ISNUMBER({second})),'
                                         f'ROUND({first}+{second},6),"")')
                else:
                    put_text(ws, ref, getattr(entry, amount))
                    self.validations.add(forms.AMOUNT_VALIDATION, ref)
            rate = execution_rate_formula(f"{c['executed']}{r}", f"{c['adjusted']}{r}")
            if key == "total":
                # 资金总额 over a negative part is not judged either (scoring.monitoring).
                negative = ",".join(f"{c[amount]}{part}<0" for part in parts
                                    for amount in ("executed", "adjusted"))
                rate = f'=IF(OR({negative}),"",{rate[1:]})'
            put_formula(ws, f"{c['rate']}{r}", rate)
            put_formula(ws, f"{c['progress']}{r}", progress)
            put_formula(ws, f"{c['light']}{r}", fund_light_formula(
                f"{c['rate']}{r}", f"{c['progress']}{r}", self.policies.monitor_tolerance))
            for text_key in ("reason", "measures"):
                put_text(ws, f"{c[text_key]}{r}", _blank(getattr(entry, text_key)))
                self.validations.add(forms.MONITORING_EXPLANATION_VALIDATION, f"{c[text_key]}{r}")
            put_formula(ws, f"{c['check']}{r}", explanation_check_formula(
                f"{c['light']}{r}", [f"{c['reason']}{r}"], f"{c['measures']}{r}"))
            fit_row(ws, r, [(entry.reason, widths["reason"]), (entry.measures, widths["measures"])],
                    minimum=24)

    # ------------------------------------------------------------------ indicators
    def _indicator_heading(self) -> None:
        ws, period = self.ws, self.form.period
        top, bottom = forms.MONITORING_GROUP_ROW, self.layout.header_row
        for column in self.layout.columns:
            style = styles.HEADING if column.official else styles.WORKING_HEADING
            title = column.title.format(period=period.label)
            put_text(ws, f"{column.letter}{bottom if column.key in _REASON_KEYS else top}", title)
            style_row(ws, [column.letter], top, style)
            style_row(ws, [column.letter], bottom, style)
            if column.key not in _REASON_KEYS:
                merge(ws, f"{column.letter}{top}", f"{column.letter}{bottom}")
        first, last = (self.col[key] for key in _REASON_KEYS)
        put_text(ws, f"{first}{top}", vocab.MONITOR_REASON_GROUP)
        merge(ws, f"{first}{top}", f"{last}{top}")
        ws.row_dimensions[top].height = 20
        ws.row_dimensions[bottom].height = 30

    def _indicator_row(self, r: int, row: MonitoringIndicator, light_formula: str | None) -> None:
        """Sheet row ``r``: the indicator ``row`` and its light formula (None: not judged)."""
        ws, c, target, entry = self.ws, self.col, row.target, row.entry
        entered = _entered(self.form, row)
        values = {key: getattr(target, key) for key in ("level1", "level2", *_TARGET_KEYS)}
        values.update({field.name: getattr(entry, field.name) for field in fields(entry)})
        for column in self.layout.columns:
            cell = cell_at(ws, f"{column.letter}{r}")
            if column.key in _VALUE_KEYS:
                cell._style = copy(self.value_styles[_value_style(self.form, row, column.key,
                                                                  self.read)])
            else:
                _cell_style(column, entered, self.issued).apply(cell, column.number_format)
            if column.key in values:
                put_text(ws, f"{column.letter}{r}", _blank(values[column.key]))
        likelihood = _light_refs(r)[2]
        for key, value_key in _VALUE_KEYS.items():
            value = getattr(target, value_key)
            if entered:
                template = forms.MONITORING_VALUE_VALIDATION
                self.validations.add(replace(
                    template,
                    prompt_title=template.prompt_title.format(
                        title=self.layout.column(key).title.format(period=self.form.period.label)),
                    prompt=template.prompt.format(label=vocab.VALUE_LABELS[value_key],
                                                  value=f"“{clean_text(value)}”" if value else "")),
                    f"{c[key]}{r}")
        if entered:
            self.validations.add(forms.MONITORING_REASON_TYPE_VALIDATION, f"{c['reason_type']}{r}")
            self.validations.add(forms.MONITORING_LIKELIHOOD_VALIDATION, likelihood)
            for key in ("reason", "measures"):
                self.validations.add(forms.MONITORING_EXPLANATION_VALIDATION, f"{c[key]}{r}")
        if light_formula is not None:
            light = f"{c['light']}{r}"
            put_formula(ws, light, light_formula)
            put_formula(ws, f"{c['check']}{r}", explanation_check_formula(
                light, [f"{c[key]}{r}" for key in _REASON_KEYS], f"{c['measures']}{r}"))
        fit_row(ws, r, [(_text(values[key]), self.width[key]) for key in (
            "level1", "level2", "work_item", "level3", "actual", "forecast", "reason", "measures",
            "remarks")], minimum=24)

    def _merge_groups(self) -> None:
        """一级 down its section, 二级 down its group and, outside 履职, across 重点工作."""
        ws, c, first = self.ws, self.col, self.first
        rows = [row.target for row in self.form.indicators]
        work_sections = {row.level1 for row in rows
                         if row.level1 == forms.TARGET_WORK_SECTION or row.work_item}
        for start, end in runs([row.level1 for row in rows]):
            merge(ws, f"{c['level1']}{first + start}", f"{c['level1']}{first + end}")
        for start, end in runs([(row.level1, row.level2) for row in rows]):
            last = c["level2"] if rows[start].level1 in work_sections else c["work_item"]
            merge(ws, f"{c['level2']}{first + start}", f"{last}{first + end}")

    # ------------------------------------------------------------------ note, names, marks
    def _note(self) -> None:
        """The note below the form: the example's 示意数据 statement; empty on a real form."""
        ws, r = self.ws, self.note_row
        first, last = self.layout.first_letter, self.layout.last_official_letter
        put_text(ws, f"{first}{r}", _blank(self.form.illustrative))
        style_row(ws, letters(first, last), r, styles.NOTE)
        merge(ws, f"{first}{r}", f"{last}{r}")
        width = sum(column.width for column in self.layout.official_columns)
        fit_row(ws, r, [(self.form.illustrative, width)])
        add_name(self.wb, "monitor_note", ws.title, absolute(first, r))

    def _names(self) -> None:
        wb, title = self.wb, self.ws.title
        for column in self.layout.columns:
            add_name(wb, column.name, title, absolute(column.letter, self.first, self.last))
        first, last = self.fund_rows["total"], self.fund_rows["project"]
        for column in MONITORING_FUND_COLUMNS:
            add_name(wb, column.name, title, absolute(column.letter, first, last))
        add_name(wb, "execution_rate_total", title, absolute(self.fund_col["rate"], first))
        add_name(wb, "time_progress", title, absolute(self.fund_col["progress"], first))

    def _conditional_formats(self) -> None:
        """Lights coloured by their word; a missing 偏差原因 or 纠偏措施 of an amber or red row
        filled red, as the row's 提示 cell reports it (the fill prints, the 提示 column not)."""
        ws = self.ws
        for cells in self._light_ranges():
            for light in LIGHT_KEYS:
                ws.conditional_formatting.add(cells.replace("$", ""), CellIsRule(
                    operator="equal", formula=[fx.text(vocab.LIGHTS[light])],
                    fill=styles.LIGHT_FILLS[light]))
        f, fund_first, fund_last = self.fund_col, self.fund_rows["total"], self.fund_rows["project"]
        c, first, last = self.col, self.first, self.last
        marks = (
            (f"{f['reason']}{fund_first}:{MONITORING_FUND_SPANS['reason']}{fund_last}",
             f"${f['check']}{fund_first}", "PS-J001"),
            (f"{f['measures']}{fund_first}:{MONITORING_FUND_SPANS['measures']}{fund_last}",
             f"${f['check']}{fund_first}", "PS-J002"),
            (f"{c['reason_type']}{first}:{c['reason']}{last}", f"${c['check']}{first}", "PS-J001"),
            (f"{c['measures']}{first}:{c['measures']}{last}", f"${c['check']}{first}", "PS-J002"),
        )
        for cells, check, code in marks:
            ws.conditional_formatting.add(cells, FormulaRule(
                formula=[f"ISNUMBER(FIND({fx.text(missing_text(code))},{check}))"],
                fill=styles.WARNING_FILL))


def _text(value: Any) -> str:
    """A value as the text a cell shows, for row heights."""
    return "" if value is None else str(value)


def template_monitoring_workbooks() -> dict[str, Workbook]:
    """File name → workbook: the blank template and the 2024 example of the monitoring form, in
    both variants (``blank_monitoring_portable.xlsx``, ``example_2024_monitoring_addin.xlsx`` …),
    for ``perfscore template``.

    The blank template has the example's indicator rows without values or unit, as the target
    form's blank template; the example is :func:`scoring.monitoring.example_monitoring`, whose
    note says its values are illustrative.
    """
    from ..commands.template import blank_target_form
    from ..example import load_example

    example = example_monitoring()
    blank = MonitoringForm.from_target_form(blank_target_form(load_example().target_form),
                                            example.period, funds=Funds())
    books: dict[str, Workbook] = {}
    for variant in forms.VARIANTS:
        books[f"blank_monitoring_{variant}.xlsx"] = build_monitoring_workbook(blank, variant)
        books[f"example_{example.year}_monitoring_{variant}.xlsx"] = build_monitoring_workbook(
            example, variant)
    return books
