"""A comparable description of a workbook's content, for the committed-template drift check.

openpyxl output is not byte-stable (timestamps in docProps and zip entries), so committed
templates are compared by content: cells (values, formulas, styles that matter, protection),
merges, validations, conditional formats, names, sheet protection, print settings, column
widths and row heights. :func:`describe` turns a workbook into plain data; :func:`differences`
lists what differs, in words a reviewer can act on.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook


def reopened(wb: "Workbook") -> "Workbook":
    """``wb`` saved to memory and loaded again, as a file on disk would be read."""
    from openpyxl import load_workbook

    buffer = io.BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    return load_workbook(buffer)


def _cell(cell: Any) -> tuple[Any, ...]:
    font, fill, align = cell.font, cell.fill, cell.alignment
    return (
        cell.value if not isinstance(cell.value, float) else round(cell.value, 9),
        cell.data_type, cell.number_format,
        (font.name, font.b, font.sz, font.color.rgb if font.color is not None else None),
        fill.fgColor.rgb if fill is not None and fill.fill_type else None,
        getattr(cell.border.left, "style", None), getattr(cell.border.top, "style", None),
        (align.horizontal, align.vertical, align.wrap_text),
        cell.protection.locked,
    )


def describe(wb: "Workbook") -> dict[str, Any]:
    """Plain data describing everything about ``wb`` that a user or reader depends on."""
    data: dict[str, Any] = {
        "sheets": wb.sheetnames,
        "names": sorted((name, item.attr_text) for name, item in wb.defined_names.items()),
    }
    for ws in wb.worksheets:
        cells = {cell.coordinate: _cell(cell) for row in ws.iter_rows() for cell in row
                 if cell.value is not None or cell.has_style}
        validations = sorted(
            (dv.type or "", dv.operator or "", dv.formula1 or "", dv.formula2 or "",
             str(dv.sqref), dv.prompt or "", dv.error or "", dv.errorStyle or "")
            for dv in ws.data_validations.dataValidation)
        formats = sorted((str(cf.sqref), tuple(tuple(rule.formula or ()) for rule in cf.rules))
                         for cf in ws.conditional_formatting)
        setup = ws.page_setup
        data[ws.title] = {
            "state": ws.sheet_state,
            "cells": cells,
            "merged": sorted(str(merged) for merged in ws.merged_cells.ranges),
            "validations": validations,
            "conditional_formats": formats,
            "protection": (ws.protection.sheet, ws.protection.password, ws.protection.formatColumns),
            "print": (ws.print_area, ws.print_title_rows, setup.paperSize, setup.orientation,
                      setup.fitToWidth, setup.fitToHeight, ws.oddFooter.center.text),
            "widths": {key: dim.width for key, dim in ws.column_dimensions.items()},
            "heights": {key: dim.height for key, dim in ws.row_dimensions.items() if dim.height},
        }
    return data


def differences(expected: dict[str, Any], actual: dict[str, Any], limit: int = 20) -> list[str]:
    """Where ``actual`` differs from ``expected`` (two :func:`describe` results), at most ``limit``."""
    found: list[str] = []

    def walk(path: str, a: Any, b: Any) -> None:
        if len(found) >= limit:
            return
        if isinstance(a, dict) and isinstance(b, dict):
            for key in sorted(set(a) | set(b), key=str):
                walk(f"{path}/{key}", a.get(key), b.get(key))
        elif a != b:
            found.append(f"{path}: {a!r} ≠ {b!r}")

    walk("", expected, actual)
    return found
