"""Small tools shared by the form writers: constants, formulas, names, merges, validations.

Every cell a writer puts down goes through :func:`put_text` or :func:`put_formula`, so text from
data (a 评价要点 starting with ``=``) is never taken for a formula.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from .. import forms
from ..errors import CODES, WorkbookFileError
from ..forms import Column, FormLayout, Validation
from . import styles


def put_text(ws: Worksheet, ref: str, value: Any) -> Any:
    """Write a constant into ``ref``; text starting with ``=`` stays text, never a formula."""
    cell = ws[ref]
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def put_formula(ws: Worksheet, ref: str, formula: str) -> Any:
    """Write a formula (``=…``) into ``ref``."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell = ws[ref]
    cell.value = formula
    return cell


def add_name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    """Add the workbook-level defined name ``name`` for ``ref`` (``$A$1`` or ``$A$1:$A$9``)."""
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!{ref}")


def absolute(letter: str, row: int, last_row: int | None = None) -> str:
    ref = f"${letter}${row}"
    return ref if last_row is None or last_row == row else f"{ref}:${letter}${last_row}"


def merge(ws: Worksheet, first: str, last: str) -> None:
    if first != last:
        ws.merge_cells(f"{first}:{last}")


def style_row(ws: Worksheet, letters: Sequence[str], row: int, style: styles.CellStyle,
                 number_format: str | None = None) -> None:
    """Give every cell of ``letters`` × ``row`` the style (merged cells keep their borders)."""
    for letter in letters:
        style.apply(ws[f"{letter}{row}"], number_format)


def letters(first: str, last: str) -> list[str]:
    return [get_column_letter(i) for i in range(column_index_from_string(first),
                                                column_index_from_string(last) + 1)]


class Validations:
    """Data validations of one sheet, one object per distinct kind and choice list."""

    def __init__(self, ws: Worksheet) -> None:
        self.ws = ws
        self._made: dict[tuple[Any, ...], DataValidation] = {}

    def add(self, validation: Validation, ref: str, *, choices: Iterable[str] = (),
            maximum: float | None = None) -> None:
        """Apply ``validation`` to cell ``ref``; ``choices`` fill a list, ``maximum`` caps."""
        values = tuple(validation.values or choices)
        top = maximum if validation.max_is_points else validation.maximum
        key = (validation, values, top)
        made = self._made.get(key)
        if made is None:
            made = self._make(validation, values, top)
            self._made[key] = made
            self.ws.add_data_validation(made)
        made.add(ref)

    @staticmethod
    def _make(validation: Validation, values: tuple[str, ...], top: float | None) -> DataValidation:
        common = dict(showInputMessage=True, promptTitle=validation.prompt_title[:32],
                      prompt=validation.prompt[:255], allow_blank=True)
        # "stop": a refused value cannot be kept (Excel; WPS and LibreOffice may let pasted
        # values through, which the 提示 column flags), so the form never shows a score for a
        # value the engine would read otherwise.
        refuse = dict(showErrorMessage=True, errorStyle="stop",
                      errorTitle=validation.error_title, error=validation.error[:225], **common)
        if validation.kind == "list":
            listed = ",".join(value.replace('"', "") for value in values)
            return DataValidation(type="list", formula1=f'"{listed}"', **refuse)
        if validation.kind in ("decimal", "whole"):
            low = validation.minimum if validation.minimum is not None else -1e15
            if top is None:
                return DataValidation(type=validation.kind, operator="greaterThanOrEqual",
                                      formula1=f"{low:g}", **refuse)
            return DataValidation(type=validation.kind, operator="between", formula1=f"{low:g}",
                                  formula2=f"{top:g}", **refuse)
        return DataValidation(showErrorMessage=False, **common)


def set_widths(ws: Worksheet, layout: FormLayout, columns: Iterable[Column] | None = None) -> None:
    for column in columns or layout.columns:
        ws.column_dimensions[column.letter].width = column.width


def title_rows(ws: Worksheet, layout: FormLayout, title: str, subtitle: str, title_row: int,
                subtitle_row: int) -> None:
    wb = ws.parent
    first, last = layout.first_letter, layout.last_official_letter
    for row, value, style, height, name in ((title_row, title, styles.TITLE, 30, "form_title"),
                                             (subtitle_row, subtitle, styles.SUBTITLE, 22,
                                              "form_subtitle")):
        put_text(ws, f"{first}{row}", value)
        style.apply(ws[f"{first}{row}"])
        merge(ws, f"{first}{row}", f"{last}{row}")
        ws.row_dimensions[row].height = height
        add_name(wb, name, ws.title, absolute(first, row))


def table_heading(ws: Worksheet, layout: FormLayout, merges: Sequence[tuple[str, str]] = ()) -> None:
    row = layout.header_row
    for column in layout.columns:
        style = styles.HEADING if column.official else styles.WORKING_HEADING
        put_text(ws, f"{column.letter}{row}", column.title)
        style.apply(ws[f"{column.letter}{row}"])
    for first, last in merges:
        merge(ws, f"{first}{row}", f"{last}{row}")
    ws.row_dimensions[row].height = 30
    working = layout.working_columns
    banner_row = row - 1
    if working:
        first, last = working[0].letter, working[-1].letter
        put_text(ws, f"{first}{banner_row}", forms.WORKING_AREA_LABEL)
        styles.WORKING_BANNER.apply(ws[f"{first}{banner_row}"])
        merge(ws, f"{first}{banner_row}", f"{last}{banner_row}")


def page_setup(ws: Worksheet, layout: FormLayout, last_row: int) -> None:
    """A4 portrait, fit to width, heading rows repeated, page numbers, official columns only."""
    ws.print_area = f"{layout.first_letter}1:{layout.last_official_letter}{last_row}"
    ws.print_title_rows = f"{layout.header_row}:{layout.header_row}"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = forms.PAGE_FOOTER
    ws.oddFooter.center.font = styles.BODY_FONT
    ws.oddFooter.center.size = 9


def protect(ws: Worksheet) -> None:
    """Protect the sheet without a password; columns and rows may still be resized."""
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.formatCells = True
    ws.protection.selectLockedCells = False
    ws.protection.selectUnlockedCells = False


def check_variant(variant: str) -> None:
    if variant not in forms.VARIANTS:
        raise WorkbookFileError(
            f"模板版本类型“{variant}”无效，应为 {' 或 '.join(forms.VARIANTS)}", code="PS-W011")


def runs(keys: Sequence[Any]) -> list[tuple[int, int]]:
    """(first, last) index pairs of runs of equal consecutive keys."""
    runs: list[tuple[int, int]] = []
    for index, key in enumerate(keys):
        if runs and keys[runs[-1][0]] == key:
            runs[-1] = (runs[-1][0], index)
        else:
            runs.append((index, index))
    return runs




def check_message(code: str) -> str:
    """``[PS-G002] 半年计划执行数大于全年预算数``-style prefix of a check message."""
    return f"[{code}] {CODES[code]}"


def row_height(texts: Iterable[tuple[str, float]], line: float = 13.5, minimum: float = 20.0) -> float:
    """A row height (points) that shows every wrapped text: (text, column width) pairs.

    Rows get explicit heights because Excel does not fit wrapped rows on opening a file.
    """
    lines = 1
    for text, width in texts:
        if not text:
            continue
        per_line = max(width * 0.95, 1.0)
        count = 0
        for part in str(text).split("\n"):
            wide = sum(2 if ord(ch) > 0x2E7F else 1 for ch in part)
            count += max(1, math.ceil(wide / per_line))
        lines = max(lines, count)
    return max(minimum, round(lines * line + 6, 1))
