"""The summary workbook of a collect run: tables and native Excel charts.

Sheets: 汇总 (one row per unit, ranked), 扣分明细, 不一致, 目标表, 无法读取, 重复 (units handed
in more than once, and which copy is ranked) and 图表 (a bar chart
of the grade distribution and a bar chart of the score ranking, both native Excel charts that
refer to the tables, so they stay live when a user sorts or edits). Every text is written as
text: a unit name starting with ``=`` never becomes a formula.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from ..forms import PAGE_FOOTER
from ..policies import DEFAULT_POLICIES
from ..workbook.files import save_workbook
from .collect import UNIT_COLUMNS, Collected

#: Sheet titles of the summary workbook, keyed by :class:`Collected` attribute.
SHEETS: dict[str, str] = {"units": "汇总", "lost_items": "扣分明细", "disagreements": "不一致",
                          "targets": "目标表", "unreadable": "无法读取", "duplicates": "重复"}
CHART_SHEET = "图表"
GRADE_CHART_TITLE = "评价等次分布"
RANK_CHART_TITLE = "总得分排名"
GRADE_TABLE_HEADERS = ("等次", "单位数")
#: Widest a column gets (characters).
MAX_WIDTH = 60


def _cell_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _write_table(ws: Any, frame: pd.DataFrame) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    ws.append([str(column) for column in frame.columns])
    for values in frame.itertuples(index=False):
        ws.append([_cell_value(value) for value in values])
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for index, column in enumerate(frame.columns, start=1):
        longest = max([len(str(column)) * 2] + [min(len(str(v)), MAX_WIDTH) for v in frame[column].head(200)])
        ws.column_dimensions[ws.cell(1, index).column_letter].width = min(MAX_WIDTH, longest + 2)
    ws.freeze_panes = "A2"
    if len(frame.columns):
        ws.auto_filter.ref = ws.dimensions


def _print_setup(ws: Any, header: bool) -> None:
    """Landscape A4, fit to the page width, the header row on every page, page numbers."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if header:
        ws.print_title_rows = "1:1"
    ws.oddFooter.center.text = PAGE_FOOTER


def _show_axes_and_values(chart: Any) -> None:
    """Axes drawn (openpyxl marks them deleted unless told) and every bar labelled with its
    value, so a unit scoring 0 is seen as 0 rather than as a missing bar."""
    from openpyxl.chart.label import DataLabelList

    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.dataLabels = DataLabelList(showVal=True)


def _charts(wb: Any, units: pd.DataFrame) -> None:
    from openpyxl.chart import BarChart, Reference

    ws = wb.create_sheet(CHART_SHEET)
    ws.append(list(GRADE_TABLE_HEADERS))
    grades = [name for _, name in DEFAULT_POLICIES.grade_bands]
    grade_column = UNIT_COLUMNS["grade"]
    counts = units[grade_column].value_counts() if not units.empty else pd.Series(dtype=int)
    for name in grades:
        ws.append([name, int(counts.get(name, 0))])
    chart = BarChart()
    chart.type = "col"
    chart.title = GRADE_CHART_TITLE
    chart.y_axis.title = GRADE_TABLE_HEADERS[1]
    chart.legend = None
    _show_axes_and_values(chart)
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(grades) + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(grades) + 1))
    ws.add_chart(chart, "D2")
    if units.empty:
        return
    sheet = wb[SHEETS["units"]]
    columns = list(units.columns)
    name_col = columns.index(UNIT_COLUMNS["unit_name"]) + 1
    total_col = columns.index(UNIT_COLUMNS["total"]) + 1
    ranking = BarChart()
    ranking.type = "bar"
    ranking.title = RANK_CHART_TITLE
    ranking.legend = None
    ranking.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
    ranking.y_axis.scaling.min = 0
    ranking.y_axis.scaling.max = DEFAULT_POLICIES.total_points
    ranking.y_axis.majorUnit = 10
    _show_axes_and_values(ranking)
    last = len(units) + 1
    ranking.add_data(Reference(sheet, min_col=total_col, min_row=1, max_row=last), titles_from_data=True)
    ranking.set_categories(Reference(sheet, min_col=name_col, min_row=2, max_row=last))
    ranking.height = max(8.0, 0.45 * len(units))
    ranking.width = 18
    ws.add_chart(ranking, "D20")


def write_summary(collected: Collected, path: str | Path, force: bool = False) -> Path:
    """Write the summary workbook of ``collected`` atomically.

    Args:
        collected: What :func:`scoring.batch.collect.collect` returned.
        path: The .xlsx file to write.
        force: Overwrite an existing file.

    Raises:
        WorkbookFileError: PS-W008 when the file exists and ``force`` is false.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for attribute, title in SHEETS.items():
        _write_table(wb.create_sheet(title), getattr(collected, attribute))
    _charts(wb, collected.units)
    for ws in wb.worksheets:
        _print_setup(ws, header=ws.title != CHART_SHEET)
    return save_workbook(wb, path, force=force)
