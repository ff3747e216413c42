"""Cell styles of the printed forms: fonts, borders and fills as on a government form.

One place decides how a title, a label, an input cell or a computed cell looks, so both forms
and both variants look alike. The style objects are built once and shared (openpyxl keeps one
copy of equal styles per workbook), which keeps building a workbook fast.

Input cells are marked with a pale yellow fill and unlocked; computed cells are locked and
white; the headings of the working columns beside the official form are grey-blue so that
nobody mistakes them for part of the printed form.
"""

from __future__ import annotations

from copy import copy
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from weakref import WeakKeyDictionary

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

#: The body and title fonts of the printed forms (Chinese government forms use 宋体 for the
#: body and a bold 黑体 title; LibreOffice and WPS substitute a CJK font where missing).
BODY_FONT = "宋体"
TITLE_FONT = "黑体"

_THIN = Side(style="thin", color="000000")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
NO_BORDER = Border()

#: Fill of input cells (pale yellow): typed by staff.
INPUT_FILL = PatternFill("solid", fgColor="FFF9DB")
#: Fill of the working columns' headings (grey-blue): not part of the official form.
WORKING_HEADING_FILL = PatternFill("solid", fgColor="DCE6F1")
#: Fill of the official table's headings (light grey).
HEADING_FILL = PatternFill("solid", fgColor="F2F2F2")
#: Conditional-format fills: an overridden score (orange) and a missing reason (red).
OVERRIDE_FILL = PatternFill("solid", fgColor="FFD8A8", bgColor="FFD8A8")
WARNING_FILL = PatternFill("solid", fgColor="FFC9C9", bgColor="FFC9C9")
WARNING_FONT = Font(name=BODY_FONT, size=10, color="C00000")
#: Fill of an item the evaluator scores because its rule cannot be read (PS-R007): orange.
UNREAD_FILL = PatternFill("solid", fgColor="FFE8CC")

LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)

#: Per workbook: (style, number format, the cell's previous style ids) → (the style, the
#: cell's style ids after it): see :meth:`CellStyle.apply`.
_applied: "WeakKeyDictionary[Any, dict[tuple[Any, ...], tuple[CellStyle, Any]]]" = WeakKeyDictionary()


@dataclass(frozen=True)
class CellStyle:
    """A complete look of a cell: font, alignment, border, fill and protection."""

    font: Font
    alignment: Alignment
    border: Border
    fill: PatternFill | None
    protection: Protection

    def apply(self, cell: Cell, number_format: str | None = None) -> None:
        """Give ``cell`` this look (and ``number_format`` when given).

        openpyxl registers a cell's font, border, fill … in its workbook by hashing and
        comparing the style objects, which makes setting them the larger part of building a
        form. The first time a look is given over a cell's previous look the result (the
        cell's style ids) is remembered for the workbook, and every later cell gets a copy of
        it: the same ids openpyxl would set, at the cost of a dictionary lookup.
        """
        cache = _applied.setdefault(cell.parent.parent, {})
        key = (id(self), number_format, cell._style and tuple(cell._style))  # None: never styled
        known = cache.get(key)
        if known is not None:
            cell._style = copy(known[1])
            return
        self.assign(cell, number_format)
        cache[key] = (self, copy(cell._style))  # holds the style: its id stays its own

    def assign(self, cell: Cell, number_format: str | None = None) -> None:
        """Give ``cell`` this look through openpyxl's own setters (what :meth:`apply` does the
        first time, and the reference its remembered ids are tested against)."""
        cell.font = self.font
        cell.alignment = self.alignment
        cell.border = self.border
        if self.fill is not None:
            cell.fill = self.fill
        cell.protection = self.protection
        if number_format:
            cell.number_format = number_format


def _align(horizontal: str, vertical: str = "center", wrap: bool = True) -> Alignment:
    return Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap)


_BODY = Font(name=BODY_FONT, size=10)
_BOLD = Font(name=BODY_FONT, size=10, bold=True)

TITLE = CellStyle(Font(name=TITLE_FONT, size=16, bold=True), _align("center", wrap=False),
                  NO_BORDER, None, LOCKED)
SUBTITLE = CellStyle(Font(name=BODY_FONT, size=12), _align("center", wrap=False), NO_BORDER,
                     None, LOCKED)
#: Headings of the official table.
HEADING = CellStyle(_BOLD, _align("center"), BORDER, HEADING_FILL, LOCKED)
#: Headings of the working columns beside the form.
WORKING_HEADING = CellStyle(_BOLD, _align("center"), BORDER, WORKING_HEADING_FILL, LOCKED)
#: The label over the working columns (“工作区（不打印）”).
WORKING_BANNER = CellStyle(Font(name=BODY_FONT, size=10, bold=True, color="1F4E79"),
                           _align("center", wrap=False), NO_BORDER, None, LOCKED)
#: Labels printed by the form (一级/二级 names, 单位名称 …).
LABEL = CellStyle(_BODY, _align("center"), BORDER, None, LOCKED)
LABEL_BOLD = CellStyle(_BOLD, _align("center"), BORDER, None, LOCKED)


@lru_cache(maxsize=None)
def body(role: str, align: str = "center") -> CellStyle:
    """The style of a table cell by its role (``input``, ``computed``, ``label``, ``text``).

    Input cells are unlocked and yellow; everything else is locked.
    """
    alignment = _LEFT_TOP if align == "left" else _align(align)
    if role == "input":
        return CellStyle(_BODY, alignment, BORDER, INPUT_FILL, UNLOCKED)
    return CellStyle(_BODY, alignment, BORDER, None, LOCKED)


_LEFT_TOP = Alignment(horizontal="left", vertical="center", wrap_text=True)

#: Long header texts (单位主要职能 …): left, top, wrapped.
LONG_TEXT_INPUT = CellStyle(_BODY, Alignment(horizontal="left", vertical="top", wrap_text=True),
                            BORDER, INPUT_FILL, UNLOCKED)
#: Warnings in the 提示 column.
CHECK = CellStyle(WARNING_FONT, _LEFT_TOP, BORDER, None, LOCKED)

#: The 实际完成值 cell of an item whose rule cannot be read: unlocked, orange, noted.
UNREAD = CellStyle(_BODY, _align("center"), BORDER, UNREAD_FILL, UNLOCKED)

#: Conditional-format fills of the monitoring form's lights (预警) by light key: the good,
#: neutral and bad colours of Excel's cell styles, which print as light greys apart too.
LIGHT_FILLS: dict[str, PatternFill] = {
    "green": PatternFill("solid", fgColor="C6EFCE", bgColor="C6EFCE"),
    "amber": PatternFill("solid", fgColor="FFEB9C", bgColor="FFEB9C"),
    "red": PatternFill("solid", fgColor="FFC7CE", bgColor="FFC7CE"),
}
#: A section's label above a table (一、预算执行情况): bold, left, no border.
SECTION = CellStyle(_BOLD, _align("left", wrap=False), NO_BORDER, None, LOCKED)
#: A note below a form (示意数据 …): left, wrapped, no border.
NOTE = CellStyle(_BODY, _LEFT_TOP, NO_BORDER, None, LOCKED)
