"""The collect summary and the filled forms on paper: readable, nothing cut, no empty pages.

A small round trip (the 2024 example and four generated units, one with a very long name: fill,
type, collect) gives the summary workbook and the forms. Without LibreOffice the workbooks are
checked for what printing needs (planned text size, column widths, row heights, chart labels);
with LibreOffice (``libreoffice`` marker) they are printed to PDF and the pages are read back
with poppler's ``pdftotext``: how many pages, what each says, how large the text prints, and
that every long text is printed in full.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from scoring.batch import fill
from scoring.batch.collect import Collected, collect
from scoring.batch.demo import demo_frames, simulate_typed_values
from scoring.batch.master import UNITS, load_master, write_master
from scoring.batch.summary import (CHART_SHEET, EMPTY_NOTES, MIN_PRINTED_POINTS, RANK_CHART_TITLE,
                                   RANK_UNITS_PER_CHART, SHEETS, plan_columns, write_summary)
from scoring.cli import main
from scoring.example import load_example
from scoring.workbook.cells import unwrapped_width
from scoring.workbook.render import render

#: A unit name longer than any column is wide (government units often carry their other names).
LONG_NAME = "南京市发展和改革委员会（南京市粮食和物资储备局、南京市价格监督检查局）"
#: Generated units besides the example: five rows in 汇总.
GENERATED = 4


@dataclass(frozen=True)
class RoundTrip:
    """The files of the round trip."""

    summary: Path
    collected: Collected
    targets: list[Path]
    evaluations: list[Path]
    blank_evaluations: list[Path]  # the self-evaluation forms as filled, before typing
    placeholder_target: Path  # the example's target form with the template's row heights


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    root = tmp_path_factory.mktemp("paper")
    frames = demo_frames(GENERATED)
    frames[UNITS.sheet].loc[1, "单位名称"] = LONG_NAME
    master = load_master(write_master(frames, root / "master.xlsx"))
    folder = root / "工作簿"
    fill.fill_units(master, folder, jobs=1)
    evaluations = sorted(folder.glob("*_自评表.xlsx"))
    blank = root / "blank"
    blank.mkdir()
    blank_evaluations = [Path(shutil.copy(path, blank / path.name)) for path in evaluations]
    simulate_typed_values(evaluations, overwrite_total="100002")
    with pytest.MonkeyPatch.context() as patch:  # relative paths in 文件, as in the demo
        patch.chdir(root)
        collected = collect(Path(folder.name), jobs=1)
    summary = write_summary(collected, root / "summary.xlsx")
    with pytest.MonkeyPatch.context() as patch:  # as fill laid rows out before it fitted them
        patch.setattr(fill, "_heights", lambda template, probe: {})
        # every layout from its template (the example's is seen once: built, not patched)
        patch.setattr(fill.Filler, "_patching", lambda self, key, later=0: True)
        fill.fill_units(master, root / "placeholder", jobs=1)
    placeholder = next((root / "placeholder").glob("*_001001_*_目标表.xlsx"))
    return RoundTrip(summary, collected, sorted(folder.glob("*_目标表.xlsx")), evaluations,
                     blank_evaluations, Path(shutil.copy(placeholder, root / "placeholder.xlsx")))


# ---------------------------------------------------------------- the summary, without printing

def test_tables_are_planned_readable_on_a4():
    """A table narrow enough prints portrait at full size, a wider one landscape, and one too
    wide for a page at the planned size (汇总) several pages across, its first columns
    repeated; the text never plans below MIN_PRINTED_POINTS."""
    narrow = plan_columns([8.4, 23.2, 5.0], [8.4, 16.0, 5.0], 2)
    assert (narrow.orientation, narrow.printed_points) == ("portrait", 11.0)
    wide = plan_columns([8.4, 29.5, 8.4, 31.6, 5, 5, 5, 68.0], [8.4, 16, 8.4, 16, 5, 5, 5, 16], 2)
    assert wide.orientation == "landscape" and len(wide.page_units) == 1
    assert wide.widths[-1] == 40  # a long text column is capped, and wraps
    summary = [8.4, 29.5, 5, 6.3, *[5.0] * 6, 6.3, 5, 5, 8.4, 8.5, 400, 13.7, 8.5, 222, 55.7, 8.5,
               71.6]
    floors = [min(width, 16.0) for width in summary]
    plan = plan_columns(summary, floors, 2)
    assert len(plan.page_units) == 2 and plan.title_columns == 2
    assert plan.widths[:2] == (8.4, 29.5)  # the repeated columns keep their full width
    assert plan.printed_points >= MIN_PRINTED_POINTS


def test_every_table_has_its_empty_note():
    assert EMPTY_NOTES.keys() == SHEETS.keys()
    assert all(note.startswith("无（") for note in EMPTY_NOTES.values())


def test_every_unit_name_fits_or_wraps_in_rows_tall_enough(trip):
    """单位名称 is never cut: its column shows the name on one line, or the cell wraps and the
    row is as tall as the wrapped name (in the measure of scoring.workbook.cells)."""
    wb = load_workbook(trip.summary)
    for attribute, title in SHEETS.items():
        ws = wb[title]
        headings = [cell.value for cell in ws[1]]
        if getattr(trip.collected, attribute).empty or "单位名称" not in headings:
            continue
        letter = get_column_letter(headings.index("单位名称") + 1)
        width = ws.column_dimensions[letter].width
        for cell in ws[letter][1:]:
            assert cell.alignment.wrap_text, (title, cell.coordinate)
            lines = -(-unwrapped_width(cell.value) // width)
            height = ws.row_dimensions[cell.row].height or 15
            assert height >= 15 * lines, (title, cell.coordinate, cell.value, width, height)
    assert unwrapped_width(LONG_NAME) > 40  # the long name does wrap


def test_an_empty_table_says_so_on_one_line(trip):
    wb = load_workbook(trip.summary)
    empty = [a for a in SHEETS if getattr(trip.collected, a).empty]
    assert {"duplicates", "unfilled", "unreadable"} <= set(empty)
    for attribute in empty:
        ws = wb[SHEETS[attribute]]
        assert ws.max_row == 2 and ws["A2"].value == EMPTY_NOTES[attribute], ws.title
        width = sum(ws.column_dimensions[get_column_letter(i)].width
                    for i in range(1, ws.max_column + 1))
        assert width >= unwrapped_width(EMPTY_NOTES[attribute]), ws.title  # not wrapped


def test_chart_labels_show_values_only_and_the_ranking_grows_with_the_units(trip, tmp_path):
    """Data labels carry the value alone (not "优秀；单位数；2"); the ranking is a horizontal
    bar chart as tall as its units need, split into charts of at most RANK_UNITS_PER_CHART
    units, each starting a new printed page when it would cross one."""
    units = trip.collected.units
    many = pd.concat([units] * 20, ignore_index=True)  # 100 rows: three ranking charts
    no_monitoring = trip.collected.monitoring.iloc[0:0]  # its chart is tested in test_collect
    path = write_summary(replace(trip.collected, units=many, monitoring=no_monitoring),
                         tmp_path / "many.xlsx")
    with zipfile.ZipFile(path) as archive:
        charts = [archive.read(name).decode() for name in sorted(archive.namelist())
                  if name.startswith("xl/charts/chart")]
        drawing = archive.read("xl/drawings/drawing1.xml").decode()
    assert len(charts) == 1 + -(-len(many) // RANK_UNITS_PER_CHART) == 4
    for xml in charts:
        labels = xml[xml.index("<dLbls>"):xml.index("</dLbls>")]
        for flag, value in (("showVal", 1), ("showSerName", 0), ("showCatName", 0),
                            ("showLegendKey", 0)):
            assert f'<{flag} val="{value}"' in labels, flag
    rankings = [xml for xml in charts if '<barDir val="bar"' in xml]
    assert len(rankings) == 3 and all(f"{RANK_CHART_TITLE}（" in xml for xml in rankings)
    heights = [int(cy) for cy in re.findall(r'<ext cx="\d+" cy="(\d+)"', drawing)]
    assert heights[1] == heights[2] > heights[3] > heights[0]  # 40, 40 and 20 units; grades
    breaks = load_workbook(path)[CHART_SHEET].row_breaks.brk
    assert len(breaks) == 3  # each ranking chart on a page of its own


# ---------------------------------------------------------------- the forms, without printing

#: How LibreOffice lays text out where the tests run (fonts-wqy-zenhei, no Calibri): a
#: column-width unit is 7 pt (a DejaVu Sans digit), a Chinese character is as wide as the font
#: size, any other about 0.64 of it, and a line 1.27 times the font size high.
UNIT_POINTS, OTHER_EM, LINE_EM, PADDING = 7.0, 0.64, 1.27, 4.0


def _lines(text: str, width: float, size: float) -> int:
    """Lines a wrapping cell ``width`` units wide shows ``text`` in (character by character)."""
    room = width * UNIT_POINTS - PADDING
    lines = 0
    for part in text.split("\n"):
        lines += 1
        used = 0.0
        for ch in part:
            advance = size if ord(ch) > 0x2E7F else OTHER_EM * size
            if used and used + advance > room:
                lines, used = lines + 1, 0.0
            used += advance
    return lines


def short_rows(path: Path, only: set[tuple[str, str, Any]] | None = None) -> list[tuple[Any, ...]]:
    """(sheet, cell, height, needed) of every wrapping text cell whose rows are lower than its
    text needs (merged cells: the width of all their columns, the height of all their rows);
    ``only``: just the cells with these (sheet, cell, value)."""
    wb = load_workbook(path)
    found = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        merged = {(r.min_row, r.min_col): r for r in ws.merged_cells.ranges}
        default = ws.sheet_format.defaultRowHeight or 15

        def width(column: int) -> float:
            dimension = ws.column_dimensions.get(get_column_letter(column))
            return dimension.width if dimension is not None and dimension.width else 8.43

        for row in ws.iter_rows():
            for cell in row:
                text = cell.value
                if (not isinstance(text, str) or text.startswith("=")
                        or not cell.alignment.wrap_text
                        or (only is not None and (ws.title, cell.coordinate, text) not in only)):
                    continue
                span = merged.get((cell.row, cell.column))
                rows = range(cell.row, (span.max_row if span else cell.row) + 1)
                columns = range(cell.column, (span.max_col if span else cell.column) + 1)
                size = cell.font.sz or 11
                needed = _lines(text, sum(map(width, columns)), size) * size * LINE_EM
                height = sum(ws.row_dimensions[r].height or default for r in rows)
                if height < needed:
                    found.append((ws.title, cell.coordinate, height, round(needed, 1)))
    return found


def _texts(path: Path) -> set[tuple[str, str, Any]]:
    wb = load_workbook(path)
    return {(ws.title, cell.coordinate, cell.value) for ws in wb.worksheets
            for row in ws.iter_rows() for cell in row if isinstance(cell.value, str)}


def test_filled_forms_have_rows_as_tall_as_their_texts(trip):
    """Every row fill wrote is as tall as its texts need (the typed cells are the typist's:
    a row does not grow as someone types, so a long typed reason may need a taller row)."""
    for path in trip.targets:
        assert short_rows(path) == [], path.name
    for path, blank in zip(trip.evaluations, trip.blank_evaluations):
        assert short_rows(path, only=_texts(blank)) == [], path.name
    # The check has teeth: with the template's row heights the example's long texts are cut.
    cut = {cell for _, cell, _, _ in short_rows(trip.placeholder_target)}
    assert {"B4", "D44"} <= cut  # 单位主要职能, and a 重点工作's 工作内容


# ---------------------------------------------------------------- printed by LibreOffice

def _pages(pdf: Path, layout: bool = True) -> list[str]:
    """The text of every page: laid out as printed, or (``layout`` false) in reading order,
    where a wrapped cell's lines follow one another."""
    text = subprocess.run(["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def _flat(pdf: Path) -> str:
    """All the text of ``pdf`` in reading order, without white space."""
    return re.sub(r"\s", "", "".join(_pages(pdf, layout=False)))


def _word_boxes(pdf: Path, page: int) -> list[tuple[str, float]]:
    """(word, width in points) of every word on ``page``."""
    html = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout
    return [(word, float(x_max) - float(x_min)) for x_min, x_max, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>', html)]


@pytest.fixture(scope="module")
def printed(trip: RoundTrip, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The summary and the target forms printed to PDF in one LibreOffice run: stem → PDF."""
    paths = [trip.summary, *trip.targets, trip.placeholder_target]
    written = render(paths, tmp_path_factory.mktemp("printed"))
    return {path.stem: path for path in written if path.suffix == ".pdf"}


@pytest.mark.libreoffice
def test_the_summary_prints_on_few_readable_pages(trip, printed):
    pages = _pages(printed[trip.summary.stem])
    # The page header names the sheet: count the pages of each.
    sheets = Counter(page.strip().splitlines()[0].strip() for page in pages)
    empty = [attribute for attribute in SHEETS if getattr(trip.collected, attribute).empty]
    assert sheets[SHEETS["units"]] == 2  # five units, two pages across
    assert sheets[CHART_SHEET] == 1
    for attribute in empty:  # one page, saying there is nothing: no page of bare headings
        assert sheets[SHEETS[attribute]] == 1
        (page,) = [page for page in pages if page.strip().startswith(SHEETS[attribute])]
        assert EMPTY_NOTES[attribute] in page
    # 汇总 and 项目自评 (their lists of lost items and problems) print two pages across at most.
    assert sheets[SHEETS["projects"]] <= 2
    assert len(pages) == sum(sheets.values()) <= len(SHEETS) + 3
    for page in pages[:-1]:  # every table page shows rows (a unit code, a file) or says 无
        assert re.search(r"\d{6}|\.xlsx|无（", page.split("\n", 1)[1]), page[:200]


@pytest.mark.libreoffice
def test_summary_text_is_large_enough_and_names_are_whole(trip, printed):
    pdf = printed[trip.summary.stem]
    units = "".join(page for page in _pages(pdf) if page.strip().startswith(SHEETS["units"]))
    for name in ("南京市人民政府办公厅", "南京市工业和信息化局", "南京市科学技术局"):
        assert re.search(rf"(^|\s){name}(\s|$)", units, re.M), name  # whole, not 南京市人民政府办公
    assert LONG_NAME in _flat(pdf)  # wrapped, every character printed
    # A Chinese character is one em wide: the width of the name / its length is the size.
    (width,) = [w for word, w in _word_boxes(pdf, 1) if word == "南京市人民政府办公厅"]
    assert width / len("南京市人民政府办公厅") >= 8.0


@pytest.mark.libreoffice
def test_chart_labels_are_values(trip, printed):
    charts = _pages(printed[trip.summary.stem])[-1]
    assert not re.search(r"(单位数|总得分|优秀|良好)\s*[;；]", charts), charts
    for total in trip.collected.units["总得分"]:
        assert re.search(rf"(^|\s){total:g}(\s|$)", charts, re.M), total
    for name in trip.collected.units["单位名称"]:
        if name != LONG_NAME:
            assert name in charts, name


@pytest.mark.libreoffice
def test_the_forms_print_their_long_texts_in_full(trip, printed):
    """The example's 单位主要职能 (thirteen duties), 机构设置, 中长期目标 and 年度目标 are
    printed to their last words; with the template's row heights the last duties are cut off.
    (Text of neighbouring cells interleaves in the PDF's reading order, so the rows of the
    self-evaluation form are checked in the workbook: test_filled_forms_have_rows_as_tall_as_
    their_texts.)"""
    form = load_example().target_form
    endings = [form.duties.splitlines()[-1], form.mid_long_term_goal[-20:],
               form.organisation[-20:], form.annual_goal[-20:]]
    assert endings[0].startswith("（十三）")
    example = next(path for path in trip.targets if "_001001_" in path.name)
    printed_text = _flat(printed[example.stem])
    for ending in endings:
        assert ending in printed_text, ending
    assert endings[0] not in _flat(printed[trip.placeholder_target.stem])


@pytest.mark.libreoffice
def test_collect_render_prints_the_summary(trip, tmp_path, monkeypatch, capsys):
    """``perfscore collect … --render DIR``: the summary as a PDF and one PNG a page."""
    monkeypatch.chdir(trip.summary.parent)
    pages = tmp_path / "pages"
    assert main(["collect", "工作簿", "--out", str(tmp_path / "汇总.xlsx"), "--render", str(pages)]) == 0
    pdf = pages / "汇总.pdf"
    pictures = sorted(pages.glob("汇总-*.png"))
    assert len(pictures) == len(_pages(pdf)) >= len(SHEETS)
    printed = capsys.readouterr().out
    assert f"已渲染 {pdf}" in printed and all(f"已渲染 {png}" in printed for png in pictures)
