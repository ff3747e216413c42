"""The fast .xlsx writer (scoring/workbook/xlsx_writer.py) writes what openpyxl's own save writes.

Every form, both variants, blank, example and distinct layouts (generated units each with their
own framework and indicator rows, through fill's own builders), every project profile, and texts
that test the writer (XML-special characters, newlines, a leading ``=``, surrounding spaces,
very long texts, numbers and percentages) are saved both ways and compared part by part, byte for
byte (``docProps/core.xml`` holds the save time), then read back with openpyxl and compared cell
by cell, and the formulas recalculated in LibreOffice.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Callable, Iterator
from copy import copy
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import Cell

from scoring.batch.demo import demo_frames
from scoring.batch.fill import Filler
from scoring.batch.master import FRAMEWORK, INDICATORS, UNITS, load_master, write_master
from scoring.commands.template import template_workbooks
from scoring.example import load_example
from scoring.project import PROFILES, FundRow
from scoring.project.example import example_project, example_target
from scoring.workbook.project_sheet import build_project_workbook
from scoring.workbook.project_target_sheet import build_project_target_workbook
from scoring.workbook.xlsx_writer import workbook_bytes

#: Texts that test a writer: markup characters, quotes, newlines and tabs, a leading ``=``,
#: surrounding spaces (xml:space), a text of spaces only, a very long text.
AWKWARD = ["A&B <公司> \"引号\" '单引号'", "第一行\n第二行\r\n\t第三行", "=SUM(1,2)示范单位",
           "  前后空格  ", "   ", "长" * 3000 + "&<>", "]]> &amp; &#10;"]


def _openpyxl_bytes(wb: Workbook) -> bytes:
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()
                if name != "docProps/core.xml"}  # the time of saving


def _assert_same_package(build: Callable[[], Workbook], label: str) -> bytes:
    """Build the workbook twice, save it both ways and compare every part; the fast bytes."""
    fast = workbook_bytes(build())
    reference = _openpyxl_bytes(build())
    mine, theirs = _parts(fast), _parts(reference)
    assert list(mine) == list(theirs), label
    for name in theirs:
        assert mine[name] == theirs[name], (label, name)
    _assert_same_content(load_workbook(io.BytesIO(fast)), load_workbook(io.BytesIO(reference)),
                         label)
    return fast


def _xml(part: Any) -> bytes | None:
    """An openpyxl object as the XML it stands for (comparable, unlike its repr)."""
    from openpyxl.xml.functions import tostring

    tree = part.to_tree()
    return None if tree is None else tostring(tree)


def _style(cell: Any) -> tuple[Any, ...]:
    return (cell.number_format, _xml(cell.font), _xml(cell.fill), _xml(cell.border),
            _xml(cell.alignment), _xml(cell.protection))


def _value(value: Any) -> Any:
    """A cell's value, comparable (an array formula by its range and text)."""
    text = getattr(value, "text", None)
    return (getattr(value, "ref", None), text) if isinstance(text, str) else value


def _sheet(ws: Any) -> dict[str, Any]:
    setup, options = ws.page_setup, ws.print_options
    return {
        "cells": {cell.coordinate: (_value(cell.value), cell.data_type, _style(cell))
                  for row in ws.iter_rows() for cell in row},
        "merged": sorted(str(merged) for merged in ws.merged_cells.ranges),
        "heights": {row: (dim.height, dim.hidden) for row, dim in ws.row_dimensions.items()},
        "widths": {key: (dim.width, dim.hidden) for key, dim in ws.column_dimensions.items()},
        "validations": [_xml(dv) for dv in ws.data_validations.dataValidation],
        "formats": [(str(cf.sqref), [_xml(rule) for rule in cf.rules])
                    for cf in ws.conditional_formatting],
        "protection": _xml(ws.protection),
        "print": (ws.print_area, ws.print_title_rows, ws.print_title_cols, _xml(setup),
                  _xml(options), _xml(ws.page_margins), _xml(ws.HeaderFooter)),
        "view": (ws.freeze_panes, _xml(ws.sheet_view)),
        "state": ws.sheet_state,
    }


def _assert_same_content(mine: Workbook, theirs: Workbook, label: str) -> None:
    """Both workbooks read back alike: sheets, names, every cell's value, type and style, and
    every sheet's merges, sizes, validations, formats, protection, print setup, view, state."""
    assert mine.sheetnames == theirs.sheetnames, label
    assert ({name: item.attr_text for name, item in mine.defined_names.items()}
            == {name: item.attr_text for name, item in theirs.defined_names.items()}), label
    for ws in theirs.worksheets:
        assert _sheet(mine[ws.title]) == _sheet(ws), (label, ws.title)


def test_every_template_workbook_is_written_as_openpyxl_writes_it():
    """Blank and example workbooks of all five forms in both variants (xlsx_templates/)."""
    fast_books, reference_books = template_workbooks(), template_workbooks()
    assert len(fast_books) == 20
    for name in fast_books:
        books = iter((fast_books[name], reference_books[name]))   # one to each writer
        _assert_same_package(lambda: next(books), name)


def _awkward_master(tmp_path: Path, variant_texts: list[str]) -> Any:
    """Master data of generated units (each with its own framework and indicator rows, so every
    layout differs), their texts made awkward."""
    frames = demo_frames(3, mistakes=False)
    units = frames[UNITS.sheet]
    name_header, duties = UNITS.column("name").header, UNITS.column("duties").header
    for index in range(1, len(units)):
        units.loc[index, name_header] = f"{variant_texts[index % len(variant_texts)][:60]}单位{index}"
        units.loc[index, duties] = variant_texts[(index + 1) % len(variant_texts)]
    codes = units[UNITS.column("code").header].tolist()
    shared = frames[FRAMEWORK.sheet]
    own = []
    for number, code in enumerate(codes):
        rows = shared.copy()
        rows[FRAMEWORK.column("unit_code").header] = code
        leaves = rows[FRAMEWORK.column("code").header].str.len() == 3
        rule = FRAMEWORK.column("rule_text").header
        rows.loc[leaves, FRAMEWORK.column("name").header] += f"（{number}）"
        rows.loc[rows.index[leaves][number % 5], FRAMEWORK.column("description").header] = (
            variant_texts[number % len(variant_texts)])
        rows.loc[rows.index[leaves][0], rule] = rows.loc[rows.index[leaves][0], rule] + " & <注>"
        own.append(rows)
    frames[FRAMEWORK.sheet] = __import__("pandas").concat(own, ignore_index=True)
    indicators = frames[INDICATORS.sheet]
    level3 = INDICATORS.column("level3").header
    for index in range(0, len(indicators), 4):
        indicators.loc[index, level3] = f"{indicators.loc[index, level3]}{variant_texts[index % len(variant_texts)][:80]}"
    return load_master(write_master(frames, tmp_path / "master.xlsx"))


@pytest.fixture(scope="module")
def master(tmp_path_factory):
    return _awkward_master(tmp_path_factory.mktemp("master"), AWKWARD)


@pytest.mark.parametrize("variant", ["portable", "addin"])
def test_distinct_units_through_fill_are_written_as_openpyxl_writes_them(master, variant, monkeypatch):
    """Each unit's target, self-evaluation and monitoring forms and each project's two forms, as
    fill builds them (no template patching), with awkward texts."""
    import scoring.batch.fill as fill

    assert master.units and master.projects and not master.failed
    for unit in master.units:
        for method in ("target_bytes", "evaluation_bytes", "monitoring_bytes"):
            _compare_fill(monkeypatch, fill, variant, method, unit)
    for project in master.projects:
        for method in ("project_bytes", "project_target_bytes"):
            _compare_fill(monkeypatch, fill, variant, method, project)


def _compare_fill(monkeypatch: Any, fill: Any, variant: str, method: str, item: Any) -> None:
    fast = getattr(Filler(variant, patch=False), method)(item)
    with monkeypatch.context() as patched:
        patched.setattr(fill, "_workbook_bytes", _openpyxl_bytes)
        reference = getattr(Filler(variant, patch=False), method)(item)
    label = f"{method} {item.code} {variant}"
    mine, theirs = _parts(fast), _parts(reference)
    assert mine == theirs, label
    _assert_same_content(load_workbook(io.BytesIO(fast)), load_workbook(io.BytesIO(reference)),
                         label)


@pytest.mark.parametrize("profile", list(PROFILES.values()), ids=list(PROFILES))
@pytest.mark.parametrize("variant", ["portable", "addin"])
def test_project_forms_of_every_profile_with_awkward_texts(profile, variant):
    """Both project forms, each profile's copy, awkward names, goals, indicators and amounts
    (fractions, large and negative numbers)."""
    funds = {key: FundRow(1234567.891 * index, 0.1 * index, -5.5 if index == 2 else None)
             for index, (key, _) in enumerate(profile.fund_rows, start=1)}
    base = example_project()
    indicators = tuple(replace(row, name=f"{row.name}{AWKWARD[index % len(AWKWARD)][:200]}")
                       for index, row in enumerate(base.indicators))
    evaluation = replace(base, name=AWKWARD[0], unit=AWKWARD[2], goal_expected=AWKWARD[5],
                         funds=funds, indicators=indicators)
    _assert_same_package(lambda: build_project_workbook(
        evaluation, profile=profile, variant=variant, year=2024, unit_code="007",
        unit_name=AWKWARD[1], project_code="=P-1"), f"project {profile.key} {variant}")
    target = replace(example_target(), name=AWKWARD[3], goal_annual=AWKWARD[1],
                     department_code="=001")
    _assert_same_package(lambda: build_project_target_workbook(
        target, variant, year=2024, unit_code="007", unit_name=AWKWARD[0], project_code="P-1"),
        f"project target {variant}")


def test_cells_the_string_loop_leaves_to_openpyxl_are_written_too():
    """Rich text, dates and times, booleans, errors, hyperlinks, comments, array formulas,
    numbers of every size: what the forms do not have goes through openpyxl's own cell writer,
    so nothing is lost."""
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    from openpyxl.comments import Comment
    from openpyxl.worksheet.formula import ArrayFormula

    def build() -> Workbook:
        wb = Workbook()
        ws = wb.active
        ws["A1"] = CellRichText("普通", TextBlock(InlineFont(b=True), "加粗 & <b>"))
        ws["A2"] = datetime.datetime(2024, 6, 30, 12, 5)
        ws["A3"] = datetime.date(2024, 1, 2)
        ws["A4"] = True
        ws["A5"] = "#N/A"
        ws["A5"].data_type = "e"
        ws["A6"] = "链接"
        ws["A6"].hyperlink = "https://example.org/?a=1&b=2"
        ws["A7"] = "有批注"
        ws["A7"].comment = Comment("批注 <内容>", "perfscore")
        ws["A8"] = ArrayFormula("A8:A9", "=A4*2")
        for row, number in enumerate((0, -1.5, 1e-12, 123456789012345678, 0.1 + 0.2, float("nan")),
                                     start=10):
            ws.cell(row, 2, number)
        ws["C1"] = "  空格"
        ws["C2"] = "="
        ws.row_dimensions[20].height = 40  # a row without cells
        ws.column_dimensions["D"].hidden = True
        wb.create_sheet("隐藏").sheet_state = "hidden"
        return wb

    _assert_same_package(build, "unusual cells")


def _table_workbook() -> tuple[Workbook, list[list[tuple[Any, Any]]], dict[int, float]]:
    """A workbook with a named style, and the rows of a table for its sheet 表: texts (a
    leading ``=`` included), numbers, booleans, a date, empty cells with and without a style, a
    number format, and some rows' heights."""
    from openpyxl.styles import Alignment, Font, NamedStyle

    wb = Workbook()
    wb.add_named_style(NamedStyle("正文", font=Font(bold=True),
                                  alignment=Alignment(wrap_text=True)))
    ws = wb.active
    ws.title = "表"
    plain = Cell(ws)
    plain.style = "正文"
    rate = Cell(ws)
    rate.style = "正文"
    rate.number_format = "0.0%"
    rows = [[(text, plain) for text in AWKWARD],
            [(0.955, rate), (-1.5, None), (123456789012345678, plain), (1e-12, rate),
             (True, plain)],
            [(None, plain), (None, None), ("", plain), (datetime.date(2024, 1, 2), plain),
             (7, None), (datetime.datetime(2024, 6, 30, 12, 5), None)],
            [(AWKWARD[2], None)]]
    return wb, [[(value, cell._style if cell else None) for value, cell in row] for row in rows], \
        {1: 120.75, 3: 30.0, 4: 0.0}


def test_rows_given_as_values_are_written_as_openpyxl_writes_those_cells():
    """A sheet whose rows come from a row source (the summary's tables) is written as openpyxl
    writes the same values and styles set as cells: texts stay texts, dates keep their date
    format, style ids are given in the order the cells are written, and the style sheet is the
    same."""
    from openpyxl.utils.exceptions import IllegalCharacterError

    from scoring.workbook.xlsx_writer import RowWriter

    reference, rows, heights = _table_workbook()
    ws = reference["表"]
    for number, row in enumerate(rows, start=1):
        for column, (value, style) in enumerate(row, start=1):
            cell = ws.cell(number, column)
            if style is not None:
                cell._style = copy(style)
            cell.value = value
            if isinstance(value, str):
                cell.data_type = "s"
        if number in heights:
            ws.row_dimensions[number].height = heights[number]
    dimension = ws.calculate_dimension()

    given, rows, heights = _table_workbook()

    def source(sheet: Any) -> tuple[str, Iterator[str]]:
        writer = RowWriter(sheet)
        return dimension, (writer.row(number, row, heights.get(number))
                           for number, row in enumerate(rows, 1))

    mine = _parts(workbook_bytes(given, {"表": source}))
    theirs = _parts(_openpyxl_bytes(reference))
    assert list(mine) == list(theirs)
    for name in theirs:
        assert mine[name] == theirs[name], name
    sheet = mine["xl/worksheets/sheet1.xml"].decode()
    assert "<is><t>=SUM(1,2)示范单位</t></is>" in sheet
    assert 'formatCode="yyyy-mm-dd h:mm:ss"' in mine["xl/styles.xml"].decode()  # the unstyled date

    with pytest.raises(IllegalCharacterError):  # as openpyxl refuses it in a cell
        RowWriter(given["表"]).row(1, [("控制\x07字符", None)])
    assert "<is><t>=A1</t></is>" in RowWriter(given["表"]).row(1, [(b"=A1", None)])


def test_rows_are_never_given_where_they_would_be_lost():
    """A write-only workbook (openpyxl streams its rows), a sheet that already has cells, a
    title without a sheet: refused, never written with rows missing."""
    def source(sheet: Any) -> tuple[str, list[str]]:
        return "A1:A1", []

    write_only = Workbook(write_only=True)
    write_only.create_sheet("表")
    with pytest.raises(ValueError, match="write-only"):
        workbook_bytes(write_only)
    wb = Workbook()
    wb.active.title = "表"
    wb.active["A1"] = "已有单元格"
    with pytest.raises(ValueError, match="cells would be lost"):
        workbook_bytes(wb, {"表": source})
    with pytest.raises(ValueError, match="no sheet"):
        workbook_bytes(Workbook(), {"表": source})


@pytest.mark.libreoffice
def test_libreoffice_computes_the_same_from_both(tmp_path, master):
    """Recalculated in LibreOffice, the fast and openpyxl copies of every form give the same
    value in every cell."""
    from scoring.workbook.libreoffice import recalculate, soffice_path

    if soffice_path() is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    example = load_example()
    unit = master.units[1]
    from scoring.workbook.writer import build_evaluation_workbook

    def distinct() -> Workbook:
        return build_evaluation_workbook(unit.framework, example.inputs, unit_name=unit.name,
                                         unit_code=unit.code, year=unit.year)

    fast_books, reference_books = template_workbooks(), template_workbooks()
    pairs = {name: (fast_books[name], reference_books[name])
             for name in fast_books if name.startswith("example_")}
    pairs["distinct_evaluation"] = (distinct(), distinct())
    paths = []
    for name, (fast, reference) in pairs.items():
        stem = Path(name).stem
        (tmp_path / f"fast_{stem}.xlsx").write_bytes(workbook_bytes(fast))
        (tmp_path / f"openpyxl_{stem}.xlsx").write_bytes(_openpyxl_bytes(reference))
        paths += [tmp_path / f"fast_{stem}.xlsx", tmp_path / f"openpyxl_{stem}.xlsx"]
    outputs = recalculate(paths, tmp_path / "recalculated")
    for fast, reference in zip(outputs[::2], outputs[1::2]):
        mine = load_workbook(fast, data_only=True)
        theirs = load_workbook(reference, data_only=True)
        computed = 0
        for ws in theirs.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    assert mine[ws.title][cell.coordinate].value == cell.value, (fast.name, cell.coordinate)
                    computed += cell.value is not None
        assert computed, fast.name


def test_a_user_who_chose_lxml_gets_the_same_workbooks(tmp_path):
    """openpyxl writes through lxml when OPENPYXL_LXML is set (perfscore keeps a user's choice,
    scoring/__init__.py): the writer's placeholders and fallback cells go through that stream too,
    and the workbooks read back the same as those written through the standard library."""
    import os
    import subprocess
    import sys

    pytest.importorskip("lxml")
    env = {**os.environ, "OPENPYXL_LXML": "True"}
    for folder, environment in (("lxml", env), ("etree", {**os.environ, "OPENPYXL_LXML": "False"})):
        done = subprocess.run([sys.executable, "-m", "scoring.cli", "template", "--out",
                               str(tmp_path / folder)], env=environment, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    names = sorted(path.name for path in (tmp_path / "etree").glob("*.xlsx"))
    assert len(names) == 20 and names == sorted(path.name for path in (tmp_path / "lxml").glob("*.xlsx"))
    for name in names:
        _assert_same_content(load_workbook(tmp_path / "lxml" / name),
                             load_workbook(tmp_path / "etree" / name), name)
