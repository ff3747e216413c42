"""Small tools shared by the form writers: constants, formulas, names, merges, validations.

Every cell a writer puts down goes through :func:`put_text` or :func:`put_formula`, so text from
data (a 评价要点 starting with ``=``) is never taken for a formula, and a character no cell can
hold (a vertical tab pasted from Word, U+FFFF) never reaches the file
(:func:`scoring.plaintext.clean_text`).
"""

from __future__ import annotations

import math
import re
from copy import copy
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from dataclasses import dataclass, replace
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Border
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.cell_range import CellRange, MultiCellRange
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from .. import forms
from ..errors import CODES, WorkbookFileError
from ..forms import Column, FormLayout, Validation
from ..plaintext import CELL_LIMIT, clean_text
from . import styles


@lru_cache(maxsize=1 << 16)
def coordinate(ref: str) -> tuple[int, int]:
    """(row, column) of a single-cell reference such as ``B12`` (remembered: a form names the
    same few thousand cells for every unit)."""
    return coordinate_to_tuple(ref)


def cell_at(ws: Worksheet, ref: str) -> Any:
    """The cell ``ref`` of ``ws``, created when new: ``ws[ref]`` for a single cell, without
    openpyxl parsing the reference as a possible range each time (the writers address a cell
    some fifty thousand times per hundred forms)."""
    key = coordinate(ref)
    cell = ws._cells.get(key)
    return cell if cell is not None else ws._get_cell(*key)


def single_cell_range(ref: str) -> CellRange:
    """``CellRange(ref)`` for a single cell, its bounds stored as openpyxl's checks store them
    (``vars(CellRange("C7"))``) without running the checks: the row and column come checked
    from :func:`coordinate`, and a form's data validations name some five hundred cells."""
    row, column = coordinate(ref)
    cells = CellRange.__new__(CellRange)
    vars(cells).update(min_col=column, min_row=row, max_col=column, max_row=row, title=None)
    return cells


def put_text(ws: Worksheet, ref: str, value: Any) -> Any:
    """Write a constant into ``ref``: text is cleaned of what a cell cannot hold, cut at the
    cell limit, and stays text: never a formula (``=SUM(…)``) nor an error value (openpyxl's
    own setter makes a cell holding the text ``#N/A`` an error cell, which a reader takes for a
    broken formula and a template patched with the same text does not hold)."""
    value = clean_text(value)
    cell = cell_at(ws, ref)
    if isinstance(value, str):
        # What openpyxl's setter would do for text but the type guess: clean_text has removed
        # every character its check refuses, and the cut is its own.
        cell._value = value[:CELL_LIMIT]
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def put_formula(ws: Worksheet, ref: str, formula: str) -> Any:
    """Write a formula (``=…``) into ``ref``."""
    if not formula.startswith("="):
        raise ValueError(f"not a formula: {formula!r}")
    cell = cell_at(ws, ref)
    cell.value = formula
    return cell


def add_name(wb: Workbook, name: str, sheet: str, ref: str) -> None:
    """Add the workbook-level defined name ``name`` for ``ref`` (``$A$1`` or ``$A$1:$A$9``)."""
    wb.defined_names[name] = DefinedName(name, attr_text=f"'{sheet}'!{ref}")


def absolute(letter: str, row: int, last_row: int | None = None) -> str:
    ref = f"${letter}${row}"
    return ref if last_row is None or last_row == row else f"{ref}:${letter}${last_row}"


def merge(ws: Worksheet, first: str, last: str) -> None:
    """Merge ``first:last`` as ``ws.merge_cells`` does, faster (a range overlapping a merged
    one is a ValueError: the writers never merge one).

    openpyxl's merge replaces the covered cells with empty merged cells and gives those on the
    range's edges the top-left cell's border sides and every one its protection, adding
    :class:`~openpyxl.styles.Border` objects that it then hashes to register. A form merges
    hundreds of ranges with a handful of borders, so the resulting border id of each (cell's
    border, top-left cell's border, edge) is remembered per workbook, and the cells are
    addressed by row and column rather than through openpyxl's range objects; the cells end
    with the same style ids as openpyxl's (``tests/test_writer.py`` compares both on every
    form).
    """
    top, left = coordinate(first)
    bottom, right = coordinate(last)
    if (top, left) == (bottom, right):
        return
    cells = ws._cells
    rows, columns = range(top, bottom + 1), range(left, right + 1)
    covered = [(row, column) for row in rows for column in columns]
    starts = _merged_starts(ws)
    if not covered or any(cell in starts or isinstance(cells.get(cell), MergedCell)
                          for cell in covered):
        # openpyxl would skip a range inside a merged one and write overlapping ones as they
        # are (a file Excel repairs); a writer never means either.
        raise ValueError(f"{first}:{last} overlaps a merged range of {ws.title} or is reversed")
    wb = ws.parent
    known = _merged_borders.setdefault(wb, {})
    start = cells.get((top, left))
    if start is None:
        start = ws._get_cell(top, left)
    end = cells.get((bottom, right))
    if end is not None:  # the top-left cell takes the bottom-right cell's right and bottom
        key = (_border_id(start), _border_id(end), "start")
        border_id = known.get(key)
        if border_id is None:
            start.border += Border(right=end.border.right, bottom=end.border.bottom)
            known[key] = start._style.borderId
        else:
            start._style = _style_ids(start)
            start._style.borderId = border_id
    merged = MergedCellRange.__new__(MergedCellRange)
    merged.ws = ws
    CellRange.__init__(merged, min_col=left, min_row=top, max_col=right, max_row=bottom)
    merged.start_cell = start
    # Into the set directly: MultiCellRange.add first compares the range with every range merged
    # so far (quadratic in a form's hundreds of merges).
    ws.merged_cells.ranges.add(merged)
    starts.add((top, left))
    for row, column in covered[1:]:  # the top-left cell keeps its value and style
        cells[row, column] = MergedCell(ws, row, column)
    borders = wb._borders
    for edge, edge_cells in (("top", [(top, column) for column in columns]),
                             ("left", [(row, left) for row in rows]),
                             ("right", [(row, right) for row in rows]),
                             ("bottom", [(bottom, column) for column in columns])):
        side = getattr(borders[_border_id(start)], edge)
        if side and side.style is None:
            continue  # as openpyxl: an edge without a border style changes nothing
        for position in edge_cells:
            cell = cells[position]
            key = (_border_id(cell), _border_id(start), edge)
            border_id = known.get(key)
            if border_id is None:
                cell.border += Border(**{edge: side})
                known[key] = cell._style.borderId
            else:
                cell._style = _style_ids(cell)
                cell._style.borderId = border_id
    protection = _style_ids(start).protectionId
    for position in covered:
        cell = cells[position]
        cell._style = _style_ids(cell)
        cell._style.protectionId = protection


def _merged_starts(ws: Worksheet) -> set[tuple[int, int]]:
    """The top-left cells of the sheet's merged ranges (the one cell of a range that is not a
    merged cell), remembered per sheet and counted again when a range was merged another way."""
    ranges = ws.merged_cells.ranges
    starts = _merged_start_cells.get(ws)
    if starts is None or len(starts) != len(ranges):
        starts = _merged_start_cells[ws] = {(merged.min_row, merged.min_col) for merged in ranges}
    return starts


#: Per sheet: the top-left cells of its merged ranges (one per range: a count that differs
#: from the sheet's ranges means some were merged another way).
_merged_start_cells: "WeakKeyDictionary[Worksheet, set[tuple[int, int]]]" = WeakKeyDictionary()


def _border_id(cell: Any) -> int:
    """The cell's border id (0 for a cell never styled)."""
    return cell._style.borderId if cell._style is not None else 0


def _style_ids(cell: Any) -> StyleArray:
    """A copy of the cell's style ids; all zero for a cell never styled (openpyxl's setters
    start from the same)."""
    return copy(cell._style) if cell._style is not None else StyleArray()


#: Per workbook: (a cell's border id, the top-left cell's border id, edge) → the cell's border
#: id after a merge (:func:`merge`).
_merged_borders: "WeakKeyDictionary[Workbook, dict[tuple[int, int, str], int]]" = WeakKeyDictionary()


def style_row(ws: Worksheet, letters: Sequence[str], row: int, style: styles.CellStyle,
                 number_format: str | None = None) -> None:
    """Give every cell of ``letters`` × ``row`` the style (merged cells keep their borders)."""
    for letter in letters:
        style.apply(cell_at(ws, f"{letter}{row}"), number_format)


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
        # Into the set directly: DataValidation.add first compares the cell with every range
        # added so far (quadratic in a form's hundreds of input cells); a writer never adds a
        # cell twice, and an equal range is one set member anyway.
        made.sqref.ranges.add(CellRange(ref) if ":" in ref else single_cell_range(ref))

    @staticmethod
    def _make(validation: Validation, values: tuple[str, ...], top: float | None) -> DataValidation:
        """The validation's object: a copy of the one made for its kind, values and cap with
        another prompt (the monitoring form gives every row's value cells their own prompt)."""
        shape = _validation_object(replace(validation, prompt_title="", prompt=""), values, top)
        made = DataValidation.__new__(DataValidation)
        vars(made).update(vars(shape))  # what openpyxl's checks stored for the same arguments
        vars(made).update(promptTitle=validation.prompt_title[:32],
                          prompt=validation.prompt[:255])
        made.sqref = MultiCellRange()
        return made


@lru_cache(maxsize=256)
def _validation_object(validation: Validation, values: tuple[str, ...],
                       top: float | None) -> DataValidation:
    """A validation's object as openpyxl builds it, without cells (remembered: building one
    goes through openpyxl's checks for every attribute, and a monitoring form has two per row).

    The callers copy it (:meth:`Validations._make`), never change it."""
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
    if validation.kind == "length":
        return DataValidation(type="textLength", operator="lessThanOrEqual",
                              formula1=f"{validation.maximum:g}", **refuse)
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
        style.apply(cell_at(ws, f"{first}{row}"))
        merge(ws, f"{first}{row}", f"{last}{row}")
        ws.row_dimensions[row].height = height
        add_name(wb, name, ws.title, absolute(first, row))


def table_heading(ws: Worksheet, layout: FormLayout, merges: Sequence[tuple[str, str]] = ()) -> None:
    row = layout.header_row
    for column in layout.columns:
        style = styles.HEADING if column.official else styles.WORKING_HEADING
        put_text(ws, f"{column.letter}{row}", column.title)
        style.apply(cell_at(ws, f"{column.letter}{row}"))
    for first, last in merges:
        merge(ws, f"{first}{row}", f"{last}{row}")
    ws.row_dimensions[row].height = 30
    working = layout.working_columns
    banner_row = row - 1
    if working:
        first, last = working[0].letter, working[-1].letter
        put_text(ws, f"{first}{banner_row}", forms.WORKING_AREA_LABEL)
        styles.WORKING_BANNER.apply(cell_at(ws, f"{first}{banner_row}"))
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


#: Share of a column's width that holds text (the rest is the cell's padding).
_TEXT_SHARE = 0.95


#: Runs of the characters :func:`text_units` counts once (before CJK, which starts at U+2E80).
_NARROW = re.compile("[\x00-\u2e7f]+")


def text_units(line: str) -> int:
    """The width of one line of text in column-width units: two for a CJK character, one for
    any other (the measure of :func:`row_height`). The wide characters are what is left once
    the runs of narrow ones are taken out (one pass in C, for Chinese and Latin text alike)."""
    return len(line) + len(_NARROW.sub("", line))


def unwrapped_width(text: str) -> float:
    """The narrowest column width that shows each line of ``text`` without wrapping it."""
    return max(text_units(part) for part in str(text).split("\n")) / _TEXT_SHARE


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapping cell ``width`` units wide (0 when empty)."""
    if not text:
        return 0
    per_line = max(width * _TEXT_SHARE, 1.0)
    return sum(max(1, math.ceil(text_units(part) / per_line)) for part in str(text).split("\n"))


def row_height(texts: Iterable[tuple[str, float]], line: float = 13.5, minimum: float = 20.0) -> float:
    """A row height (points) that shows every wrapped text: (text, column width) pairs.

    Rows get explicit heights because Excel does not fit wrapped rows on opening a file.
    """
    lines = max([1, *(wrapped_lines(text, width) for text, width in texts)])
    return max(minimum, round(lines * line + 6, 1))


@dataclass(frozen=True)
class FittedRow:
    """A row whose height was fitted to its texts (:func:`fit_row`), as a template records it.

    Attributes:
        sheet: The worksheet's position in the workbook (0: the form).
        row: The row number.
        texts: The (text, column width) pairs the height was computed from.
        line: Points per line.
        minimum: The smallest height.
    """

    sheet: int
    row: int
    texts: tuple[tuple[str, float], ...]
    line: float
    minimum: float

    def height(self, texts: Sequence[tuple[str, float]] | None = None) -> float:
        """The height for ``texts`` (default: the recorded ones), as :func:`fit_row` sets it."""
        return row_height(self.texts if texts is None else texts, self.line, self.minimum)


_FITTED: ContextVar[list[FittedRow] | None] = ContextVar("fitted_rows", default=None)


@contextmanager
def recording_fitted_rows() -> Iterator[list[FittedRow]]:
    """Record every :func:`fit_row` call while a workbook is built.

    Fill builds one template per layout from placeholder texts and patches each unit's texts
    in (:mod:`scoring.batch.fill`); the record lets it fit each unit's rows to the unit's own
    texts, so a filled workbook is laid out exactly as the writer lays out that unit.
    """
    fitted: list[FittedRow] = []
    token = _FITTED.set(fitted)
    try:
        yield fitted
    finally:
        _FITTED.reset(token)


def fit_row(ws: Worksheet, row: int, texts: Iterable[tuple[str, float]], *, line: float = 13.5,
            minimum: float = 20.0) -> float:
    """Set the height of ``row`` so that every wrapped text shows (:func:`row_height`)."""
    pairs = tuple((text or "", width) for text, width in texts)
    height = row_height(pairs, line, minimum)
    ws.row_dimensions[row].height = height
    fitted = _FITTED.get()
    if fitted is not None:
        fitted.append(FittedRow(ws.parent.worksheets.index(ws), row, pairs, line, minimum))
    return height
