"""The summary workbook of a collect run: tables and native Excel charts, laid out for paper.

Sheets: 汇总 (one row per unit, ranked), 扣分明细, 不一致, 目标表, 无法读取, 重复 (units handed
in more than once, and which copy is ranked), 未填报 and 图表 (a bar chart of the grade
distribution and horizontal bar charts of the score ranking, native Excel charts that refer to
the tables, so they stay live when a user sorts or edits). Every text is written as text: a unit
name starting with ``=`` never becomes a formula.

On A4 paper every table stays readable (:func:`plan_columns`): column widths come from the
content, long texts wrap and every row gets the height its text needs, so nothing is cut. A
table that fits a portrait page at full size prints portrait; a wider one prints landscape,
scaled to the page width but never below :data:`MIN_PRINTED_POINTS`; a table too wide even for
that (汇总, with its lists of lost items and problems) prints two or more pages across, with
单位编码 and 单位名称 repeated at the left of each. An empty table prints one line saying so
(:data:`EMPTY_NOTES`), not a page of headings. The chart sheet prints portrait at full size,
each chart on one page, the ranking split into charts of at most :data:`RANK_UNITS_PER_CHART`
units whose height grows with the number of units, so the names never crowd.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import combinations, count
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from ..forms import PAGE_FOOTER, SUMMARY_TABLES
from ..plaintext import clean_text
from ..policies import DEFAULT_POLICIES
from ..workbook.cells import row_height, unwrapped_width, wrapped_lines
from ..workbook.files import save_workbook
from ..workbook.xlsx_writer import RowSource, RowWriter
from .collect import MONITORING_COLUMNS, UNIT_COLUMNS, Collected

if TYPE_CHECKING:
    from openpyxl.styles.cell_style import StyleArray

#: Sheet titles of the summary workbook, keyed by :class:`Collected` attribute, in sheet order
#: (declared in the registry of forms, :data:`scoring.forms.SUMMARY_TABLES`).
SHEETS: dict[str, str] = {table.key: table.sheet for table in SUMMARY_TABLES}
#: The one line an empty table shows below its headings, keyed like :data:`SHEETS`.
EMPTY_NOTES: dict[str, str] = {table.key: table.empty_note for table in SUMMARY_TABLES}
#: Number formats of the tables' cells by heading (:attr:`scoring.forms.SummaryTable.formats`),
#: keyed like :data:`SHEETS`.
FORMATS: dict[str, dict[str, str]] = {
    table.key: {table.columns[key]: number_format for key, number_format in table.formats.items()}
    for table in SUMMARY_TABLES}
CHART_SHEET = "图表"
GRADE_CHART_TITLE = "评价等次分布"
RANK_CHART_TITLE = "总得分排名"
#: Title of one of several ranking charts.
RANK_CHART_PART = "{title}（{part}/{parts}）"
GRADE_TABLE_HEADERS = ("等次", "单位数")

#: A4 in points (short side, long side); margins in inches, as the page setup stores them.
A4_POINTS = (595.3, 841.9)
SIDE_MARGIN = 0.4
TOP_MARGIN = 0.6
HEADER_MARGIN = 0.3
#: Page header (the sheet's name, so a printed page says which table it belongs to).
PAGE_HEADER = "&A"

#: Size of the table text (points): the workbook's default font, Calibri 11.
TEXT_POINTS = 11.0
#: The smallest size table text is planned to print at after scaling to the page width
#: (points). Planned half a point above 8: an application picks its own scale and page breaks
#: for a table printed several pages across, which may come out a little smaller.
MIN_PRINTED_POINTS = 8.5
#: Printed width of one column-width unit at full size (points): a digit of the default font,
#: 5.25 pt in Excel and WPS (Calibri) but 7 pt in LibreOffice where Calibri and Carlito are
#: missing (DejaVu Sans stands in). Pages are planned with the wider, so the text prints at
#: least as large as planned in both (larger in Excel and WPS).
UNIT_POINTS = 7.0
#: Column widths (units): the narrowest column, the widest before wrapping, and the narrowest a
#: long text column is wrapped to so that a table fits one page.
MIN_WIDTH = 5.0
MAX_WIDTH = 40.0
WRAP_FLOOR = 16.0
#: Headings up to this width (four Chinese characters) stay on one line; longer headings above
#: narrow columns wrap into at most :data:`HEADING_LINES` lines (未填写的实际完成值 over a count).
SHORT_HEADING = 8.5
HEADING_LINES = 3
#: Points per line of wrapped table text (a row of one line keeps the default 15 pt).
LINE_POINTS = 15.0
#: Names of the cell styles of table headings and table cells.
HEADING_STYLE = "汇总表标题"
BODY_STYLE = "汇总表正文"
#: Columns repeated at the left of every page of a table printed more than one page across.
TITLE_COLUMNS = (UNIT_COLUMNS["unit_code"], UNIT_COLUMNS["unit_name"])

#: The chart sheet: rows of a fixed height (so a page holds a known number), charts as wide as
#: a portrait page allows, the ranking with one band per unit.
CHART_ROW_POINTS = 15.0
CHART_WIDTH_CM = 16.0
GRADE_CHART_HEIGHT_CM = 7.5
RANK_FRAME_CM = 3.0
RANK_BAR_CM = 0.5
RANK_UNITS_PER_CHART = 40
_POINTS_PER_CM = 72 / 2.54
_POINTS_PER_INCH = 72


def _printable_points(orientation: str) -> float:
    """Width inside the side margins of an A4 page (points)."""
    short, long = A4_POINTS
    return (long if orientation == "landscape" else short) - 2 * SIDE_MARGIN * _POINTS_PER_INCH


@dataclass(frozen=True)
class PagePlan:
    """How a table prints: its column widths, the orientation and the pages across.

    Attributes:
        widths: Column widths (units).
        orientation: ``portrait`` or ``landscape``.
        page_units: Width (units) of the columns on each page across, the repeated title
            columns included.
        title_columns: How many leading columns repeat on every page across (0: one page).
    """

    widths: tuple[float, ...]
    orientation: str
    page_units: tuple[float, ...]
    title_columns: int

    @property
    def printed_points(self) -> float:
        """The smallest size the table text prints at (points) where a width unit is
        :data:`UNIT_POINTS` wide: the scale that fits the widest page across."""
        scale = _printable_points(self.orientation) / (max(self.page_units) * UNIT_POINTS)
        return TEXT_POINTS * min(1.0, scale)


def plan_columns(natural: Sequence[float], floors: Sequence[float], titles: int) -> PagePlan:
    """Widths, orientation and pages across for columns whose longest texts want ``natural``
    widths and which wrapping may narrow down to ``floors``.

    Portrait when the columns (each at most :data:`MAX_WIDTH`) fit a portrait page at full
    size. Otherwise landscape, scaled no smaller than :data:`MIN_PRINTED_POINTS`: on one page
    when wrapping makes the table fit, else on the fewest pages across, the first ``titles``
    columns (at full width) repeated on each and the others split where the longest text
    needs the fewest lines. Text columns get widths in proportion to their longest texts
    (:func:`_fitted`), so they all wrap to about the same number of lines.

    Raises:
        ValueError: When the title columns leave no room for a column beside them (they are
            at most two columns of :data:`MAX_WIDTH`, so a page always has room).
    """
    full = _widths(natural, floors, 1.0)
    if sum(full) * UNIT_POINTS <= _printable_points("portrait"):
        return PagePlan(tuple(full), "portrait", (sum(full),), 0)
    budget = _printable_points("landscape") * TEXT_POINTS / MIN_PRINTED_POINTS / UNIT_POINTS
    one_page = _fitted(natural, floors, budget)
    if one_page is not None:
        return PagePlan(tuple(one_page[1]), "landscape", (sum(one_page[1]),), 0)
    title = sum(full[:titles])
    ends = len(natural)
    for pages in range(2, ends - titles + 1):
        best: tuple[float, list[float], list[float]] | None = None
        for cuts in combinations(range(titles + 1, ends), pages - 1):
            lines, widths, page_units = 0.0, list(full[:titles]), []
            for first, last in zip((titles, *cuts), (*cuts, ends)):
                fitted = _fitted(natural[first:last], floors[first:last], budget - title)
                if fitted is None:
                    break
                lines = max(lines, fitted[0])
                widths += fitted[1]
                page_units.append(title + sum(fitted[1]))
            else:
                if best is None or lines < best[0]:
                    best = (lines, widths, page_units)
        if best is not None:
            return PagePlan(tuple(best[1]), "landscape", tuple(best[2]), titles)
    raise ValueError("表格的标题列过宽，无法打印")


def _widths(natural: Sequence[float], floors: Sequence[float], lines: float) -> list[float]:
    """Column widths that wrap each longest text into ``lines`` lines, within the floors and
    :data:`MAX_WIDTH`."""
    return [max(floor, min(MAX_WIDTH, width / lines)) for width, floor in zip(natural, floors)]


def _fitted(natural: Sequence[float], floors: Sequence[float],
            room: float) -> tuple[float, list[float]] | None:
    """(lines, widths): the widths that wrap the longest texts least when the columns share
    ``room`` units, and how many lines the longest of them then takes; None when the columns do
    not fit even at their floors."""
    lines = 1.0
    if sum(_widths(natural, floors, lines)) > room:
        if sum(floors) > room:
            return None
        low, high = 1.0, max(n / f for n, f in zip(natural, floors))
        for _ in range(40):  # the widths shrink as the lines grow: bisect the lines
            middle = (low + high) / 2
            fits = sum(_widths(natural, floors, middle)) <= room
            low, high = (low, middle) if fits else (middle, high)
        lines = high
    widths = _widths(natural, floors, lines)
    return max(n / w for n, w in zip(natural, widths)), widths


def _cell_value(value: Any) -> Any:
    """A table value as a cell holds it: text cleaned (a reason pasted from Word holds a vertical
    tab, which no cell can hold), numpy scalars as Python numbers, NaN as empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return clean_text(value)


def _shown(value: Any) -> str:
    """The text a cell shows for ``value`` (General format), to measure it."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.10g}"
    return str(value)


def _column_needs(heading: str, texts: Sequence[str]) -> tuple[float, float]:
    """(natural, floor) width of a column: its longest text unwrapped (the heading wrapped
    when it is long), and how narrow wrapping may make it."""
    content = max((unwrapped_width(text) for text in set(texts) if text), default=0.0)
    full = unwrapped_width(heading)
    natural = max(MIN_WIDTH, content, min(full, max(SHORT_HEADING, full / HEADING_LINES)))
    return natural, min(natural, WRAP_FLOOR)


def _table(ws: Any, frame: pd.DataFrame, empty_note: str,
           formats: dict[str, str] | None = None) -> tuple[str, Iterator[str]]:
    """Lay ``ws`` out for ``frame`` (or, when it has no rows, ``empty_note`` on one line): widths,
    page setup for paper (:func:`plan_columns`), the frozen heading and the filter; return its
    used range (readers such as openpyxl's read-only mode size the sheet by it) and its rows,
    made one by one as the sheet is written, each as tall as its text needs. The numbers of a
    column headed by a key of ``formats`` get that number format (a rate shows as ``95.0%``
    and stays a number).

    Called just before the sheet is written (:data:`~scoring.workbook.xlsx_writer.RowSource`),
    so one table's values are held at a time, and its rows are never openpyxl cells (issue #13:
    a cell object per value was some 40 MB for the 9,000 workbooks of 3,000 units; openpyxl's
    write-only sheets, which stream cells, write each through its XML serialiser: the summary
    of 3,000 units took 3.6 s that way against 1.0 s now, diagnostic).
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    headings = [clean_text(str(column)) for column in frame.columns]
    rows = [[_cell_value(value) for value in values] for values in frame.itertuples(index=False)]
    shown = [[_shown(value) for value in row] for row in rows]
    needs = [_column_needs(heading, [row[i] for row in shown])
             for i, heading in enumerate(headings)]
    titles = 0
    while titles < len(headings) and headings[titles] in TITLE_COLUMNS:
        titles += 1
    plan = plan_columns([n for n, _ in needs], [f for _, f in needs], titles or 1)
    widths = list(plan.widths)
    if not rows and widths:  # the note on one line across the table
        widths[-1] += max(0.0, unwrapped_width(empty_note) - sum(widths))
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = round(width, 1)
    ws.freeze_panes = "A2"
    _print_setup(ws, plan)
    if rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(headings))}{len(rows) + 1}"
    elif len(headings) > 1:
        ws.merged_cells.add(CellRange(min_col=1, min_row=2, max_col=len(headings), max_row=2))
    heading, body = _named_style(ws, HEADING_STYLE), _named_style(ws, BODY_STYLE)
    number_formats = [(formats or {}).get(text) for text in headings]
    # A number format's style is made when a number first needs it: a format no cell uses
    # is not in the workbook's style sheet.
    formatted: dict[str, StyleArray] = {}

    def style(value: Any, number_format: str | None) -> StyleArray:
        if not number_format or not isinstance(value, (int, float)):
            return body
        if number_format not in formatted:
            formatted[number_format] = _named_style(ws, BODY_STYLE, number_format)
        return formatted[number_format]

    def made() -> Iterator[str]:
        writer = RowWriter(ws)
        yield writer.row(1, [(text, heading) for text in headings], _height(headings, widths))
        if not rows:
            yield writer.row(2, [(empty_note, None)])
        for number, (values, texts) in enumerate(zip(rows, shown), start=2):
            yield writer.row(number, [(value, style(value, number_format))
                                      for value, number_format in zip(values, number_formats)],
                             _height(texts, widths))

    return f"A1:{get_column_letter(max(len(headings), 1))}{max(len(rows), 1) + 1}", made()


def _named_style(ws: Any, name: str, number_format: str | None = None) -> StyleArray:
    """The style a cell of ``ws`` gets from the named style ``name`` (one copy of the style,
    not one hashed style per cell) and ``number_format``."""
    from openpyxl.cell import Cell

    cell = Cell(ws)
    cell.style = name
    if number_format:
        cell.number_format = number_format
    return cell._style


def _add_table_styles(wb: Any) -> None:
    """The named styles of the table headings (bold, shaded, wrapped) and cells (wrapped, at
    the top, so a one-line cell sits level with the first line of a tall row)."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    wb.add_named_style(NamedStyle(HEADING_STYLE, font=Font(bold=True),
                                  fill=PatternFill("solid", fgColor="DDEBF7"),
                                  alignment=Alignment(wrap_text=True, vertical="center")))
    wb.add_named_style(NamedStyle(BODY_STYLE, alignment=Alignment(wrap_text=True, vertical="top")))


def _height(texts: Sequence[str], widths: Sequence[float]) -> float | None:
    """The height of a row whose longest text wraps (points); None for a row of one line, which
    keeps the default height. Only texts that may wrap are measured (a long table has many short
    cells; a character is at most two units wide)."""
    pairs = [(text, width) for text, width in zip(texts, widths)
             if "\n" in text or 2 * len(text) > width * 0.9]
    if any(wrapped_lines(text, width) > 1 for text, width in pairs):
        return row_height(pairs, LINE_POINTS, minimum=0.0)
    return None


def _paper(ws: Any, orientation: str) -> None:
    """A4 in ``orientation``, the margins, the sheet's name above and page numbers below."""
    from openpyxl.worksheet.worksheet import Worksheet

    ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    ws.page_setup.orientation = orientation
    margins = ws.page_margins
    margins.left = margins.right = SIDE_MARGIN
    margins.top = margins.bottom = TOP_MARGIN
    margins.header = margins.footer = HEADER_MARGIN
    ws.oddHeader.center.text = PAGE_HEADER
    ws.oddFooter.center.text = PAGE_FOOTER


def _print_setup(ws: Any, plan: PagePlan) -> None:
    """Print a table as planned: fit to the planned pages across, the heading row on every page,
    and the title columns on every page across (pages across first, then down)."""
    from openpyxl.utils import get_column_letter

    _paper(ws, plan.orientation)
    ws.page_setup.fitToWidth = len(plan.page_units)
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    if len(plan.page_units) > 1:
        ws.print_title_cols = f"A:{get_column_letter(plan.title_columns)}"
        ws.page_setup.pageOrder = "overThenDown"


def _label_values(chart: Any) -> None:
    """Axes drawn (openpyxl marks them deleted unless told) and every bar labelled with its
    value only (not the series and category names), so a unit scoring 0 is seen as 0 rather
    than as a missing bar."""
    from openpyxl.chart.label import DataLabelList

    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.dataLabels = DataLabelList(showVal=True, showSerName=False, showCatName=False,
                                     showLegendKey=False, showPercent=False,
                                     showBubbleSize=False, dLblPos="outEnd")


def _count_step(largest: int) -> int:
    """A step of 1, 2 or 5 × 10ⁿ for a count axis, giving at most ten steps up to ``largest``."""
    steps = (base * 10 ** exponent for exponent in count() for base in (1, 2, 5))
    return next(step for step in steps if largest <= 10 * step)


def _grade_chart(ws: Any, units: pd.DataFrame) -> tuple[Any, int]:
    """The grade table (from row 1 of ``ws``) and a column chart of it; the table's rows."""
    from openpyxl.chart import BarChart, Reference

    grades = [name for _, name in DEFAULT_POLICIES.grade_bands]
    ws.append(list(GRADE_TABLE_HEADERS))
    counts = (units[UNIT_COLUMNS["grade"]].value_counts() if not units.empty
              else pd.Series(dtype=int))
    for name in grades:
        ws.append([name, int(counts.get(name, 0))])
    chart = BarChart()
    chart.type = "col"
    chart.title = GRADE_CHART_TITLE
    chart.y_axis.title = GRADE_TABLE_HEADERS[1]
    chart.y_axis.scaling.min = 0
    chart.y_axis.majorUnit = _count_step(max([1, *(int(counts.get(name, 0)) for name in grades)]))
    chart.legend = None
    _label_values(chart)
    chart.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(grades) + 1),
                   titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(grades) + 1))
    chart.width, chart.height = CHART_WIDTH_CM, GRADE_CHART_HEIGHT_CM
    return chart, len(grades) + 1


def _ranking_charts(sheet: Any, units: pd.DataFrame) -> list[Any]:
    """Horizontal bar charts of the 汇总 sheet's totals by unit name, rank 1 at the top, at most
    :data:`RANK_UNITS_PER_CHART` units each, each as tall as its units need."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.series import SeriesLabel

    columns = list(units.columns)
    name_col = columns.index(UNIT_COLUMNS["unit_name"]) + 1
    total_col = columns.index(UNIT_COLUMNS["total"]) + 1
    starts = range(0, len(units), RANK_UNITS_PER_CHART)
    charts = []
    for part, start in enumerate(starts, start=1):
        first, last = start + 2, min(start + RANK_UNITS_PER_CHART, len(units)) + 1
        chart = BarChart()
        chart.type = "bar"
        chart.title = RANK_CHART_TITLE if len(starts) == 1 else RANK_CHART_PART.format(
            title=RANK_CHART_TITLE, part=part, parts=len(starts))
        chart.legend = None
        chart.gapWidth = 60
        chart.x_axis.scaling.orientation = "maxMin"  # rank 1 at the top
        chart.y_axis.crosses = "max"  # the score axis below the bars, not above
        chart.y_axis.scaling.min = 0
        chart.y_axis.scaling.max = DEFAULT_POLICIES.total_points
        chart.y_axis.majorUnit = 10
        chart.y_axis.majorGridlines = None  # every bar carries its value; lines would cross them
        _label_values(chart)
        chart.add_data(Reference(sheet, min_col=total_col, min_row=first, max_row=last))
        chart.series[0].tx = SeriesLabel(v=UNIT_COLUMNS["total"])
        chart.set_categories(Reference(sheet, min_col=name_col, min_row=first, max_row=last))
        chart.width = CHART_WIDTH_CM
        chart.height = RANK_FRAME_CM + RANK_BAR_CM * (last - first + 1)
        charts.append(chart)
    return charts


#: Title of the chart of light counts per unit (运行监控), and the colour of each light's bars.
LIGHTS_CHART_TITLE = "运行监控预警（个）"
LIGHT_COLOURS: dict[str, str] = {"green": "63BE7B", "amber": "FFC000", "red": "F8696B"}


def _lights_chart(sheet: Any, monitoring: pd.DataFrame) -> Any:
    """A horizontal stacked bar chart of the 运行监控 sheet: 绿/黄/红 counts for each unit."""
    from openpyxl.chart import BarChart, Reference

    columns = list(monitoring.columns)
    rows = len(monitoring) + 1
    chart = BarChart()
    chart.type, chart.grouping, chart.overlap = "bar", "stacked", 100
    chart.title = LIGHTS_CHART_TITLE
    chart.x_axis.scaling.orientation = "maxMin"  # the first unit at the top
    chart.y_axis.crosses = "max"
    chart.y_axis.majorGridlines = None
    chart.gapWidth = 60
    for light, colour in LIGHT_COLOURS.items():
        column = columns.index(MONITORING_COLUMNS[light]) + 1
        chart.add_data(Reference(sheet, min_col=column, min_row=1, max_row=rows),
                       titles_from_data=True)
        chart.series[-1].graphicalProperties.solidFill = colour
    _label_values(chart)
    chart.set_categories(Reference(sheet, min_col=columns.index(UNIT_COLUMNS["unit_name"]) + 1,
                                   min_row=2, max_row=rows))
    chart.width = CHART_WIDTH_CM
    chart.height = RANK_FRAME_CM + RANK_BAR_CM * len(monitoring)
    return chart


def _charts(wb: Any, units: pd.DataFrame, monitoring: pd.DataFrame) -> None:
    """The chart sheet: the grade table and chart, then the ranking charts, each chart on one
    portrait page at full size (a chart that would cross a page break starts a new page).

    Fit-to-page is off here: Excel ignores manual page breaks when fitting.
    """
    from openpyxl.worksheet.pagebreak import Break

    ws = wb.create_sheet(CHART_SHEET)
    ws.sheet_format.defaultRowHeight = CHART_ROW_POINTS
    ws.sheet_format.customHeight = True
    grade_chart, table_rows = _grade_chart(ws, units)
    charts = [grade_chart]
    if not units.empty:
        charts += _ranking_charts(wb[SHEETS["units"]], units)
    if not monitoring.empty:
        charts.append(_lights_chart(wb[SHEETS["monitoring"]], monitoring))
    page_rows = int((A4_POINTS[1] - 2 * TOP_MARGIN * _POINTS_PER_INCH) // CHART_ROW_POINTS)
    row, page_start = table_rows + 2, 1
    for chart in charts:
        rows = math.ceil(chart.height * _POINTS_PER_CM / CHART_ROW_POINTS) + 1
        if row - page_start + rows > page_rows:
            ws.row_breaks.append(Break(id=row - 1))
            page_start = row
        ws.add_chart(chart, f"A{row}")
        row += rows
    _paper(ws, "portrait")


def write_summary(collected: Collected, path: str | Path, force: bool = False) -> Path:
    """Write the summary workbook of ``collected`` atomically.

    Args:
        collected: What :func:`scoring.batch.collect.collect` returned.
        path: The .xlsx file to write.
        force: Overwrite an existing file.

    Raises:
        WorkbookFileError: PS-W008 when the file exists and ``force`` is false; PS-W001 when
            the file cannot be written.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _add_table_styles(wb)
    tables: dict[str, RowSource] = {}
    for attribute, title in SHEETS.items():
        wb.create_sheet(title)
        tables[title] = partial(_table, frame=getattr(collected, attribute),
                                empty_note=EMPTY_NOTES[attribute], formats=FORMATS[attribute])
    _charts(wb, collected.units, collected.monitoring)
    return save_workbook(wb, path, force=force, row_sources=tables)
