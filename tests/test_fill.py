"""Fill: template patching gives the writer's workbooks; files, manifest, skipping, text safety."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

from scoring.batch.demo import FORMULA_NAME, demo_frames
from scoring.batch import workers
from scoring.batch.fill import MANIFEST_COLUMNS, MANIFEST_NAME, Filler, fill_units, write_manifest
from scoring.forms import (EVALUATION_FORM, MONITORING_FORM, PERCENT_NUMBER_FORMAT, PROJECT_FORMS,
                           UNIT_FORMS)
from scoring.workbook.files import BACKUP_FOLDER
from scoring.batch.master import UNITS, load_master, load_master_isolated, write_master
from scoring.cli import main


@pytest.fixture(scope="module")
def master_path(tmp_path_factory) -> Path:
    """Demo master data with 17 generated units (every deliberate mistake included)."""
    return write_master(demo_frames(17), tmp_path_factory.mktemp("fill") / "master.xlsx")


def _cells(data: bytes, path: Path) -> dict:
    """Every sheet's values, types, number formats, merges, layout on screen and paper, and the
    defined names."""
    path.write_bytes(data)
    wb = load_workbook(path)
    found = {"names": {name: str(dn.attr_text) for name, dn in wb.defined_names.items()}}
    for ws in wb.worksheets:
        found[ws.title] = (
            {cell.coordinate: (cell.value, cell.data_type) for row in ws.iter_rows() for cell in row
             if cell.value is not None},
            sorted(str(r) for r in ws.merged_cells.ranges),
            _validations(ws))
        found[ws.title, "formats"] = {cell.coordinate: cell.number_format for row in ws.iter_rows()
                                      for cell in row if cell.number_format != "General"}
        found[ws.title, "layout"] = {
            "heights": {row: dim.height for row, dim in ws.row_dimensions.items() if dim.height},
            "widths": {col: dim.width for col, dim in ws.column_dimensions.items() if dim.width},
            "print": (ws.print_area, ws.print_title_rows, ws.page_setup.orientation,
                      ws.page_setup.paperSize, ws.page_setup.fitToWidth, ws.page_setup.fitToHeight,
                      ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr
                      else None),
            "protected": ws.protection.sheet}
    return found


def _calamine_values(data: bytes) -> dict:
    """Every sheet's values as python-calamine reads them (what collect reads)."""
    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def _validations(ws) -> dict:
    """Cell → what its data validation checks and says (a patched monitoring form gives each
    row's value cells a validation of their own where the writer shares one between rows that
    quote the same value: the same for every cell)."""
    found = {}
    for validation in ws.data_validations.dataValidation:
        said = (validation.type, validation.operator, validation.formula1, validation.formula2,
                validation.allow_blank, validation.showInputMessage, validation.promptTitle,
                validation.prompt, validation.showErrorMessage, validation.errorStyle,
                validation.errorTitle, validation.error)
        for cells in validation.sqref.ranges:
            for row in range(cells.min_row, cells.max_row + 1):
                for column in range(cells.min_col, cells.max_col + 1):
                    assert (row, column) not in found, (ws.title, row, column)
                    found[row, column] = said
    return found


@pytest.mark.parametrize("variant", ["portable", "addin"])
def test_patched_workbooks_equal_the_writers(master_path, tmp_path, variant):
    units = load_master(master_path).units
    fast, slow = Filler(variant, template_from=1), Filler(variant, patch=False)
    formula_unit = next(unit for unit in units if unit.name == FORMULA_NAME)
    for unit in (units[0], units[3], formula_unit):  # the example, a generated unit, "=" name
        for kind in ("target_bytes", "evaluation_bytes", "monitoring_bytes"):
            patched = _cells(getattr(fast, kind)(unit), tmp_path / "a.xlsx")
            built = _cells(getattr(slow, kind)(unit), tmp_path / "b.xlsx")
            assert patched == built, (unit.code, kind)
    assert all(template.patchable for template in fast._templates.values())


def test_units_with_different_numbers_of_key_works_share_a_family(master_path, tmp_path):
    """The example has 7 key works, generated units 3 to 5: four layouts of one family (they
    differ only in how many key works they have). A layout's first workbook is written from
    the family's template (made at the family's first member); a layout that repeats often is
    patched from its own template, which costs less, from its OWN_TEMPLATE_LATER-th workbook
    after its second on (the template itself written from the family's then); every workbook
    is the writer's."""
    from scoring.batch.fill import OWN_TEMPLATE_LATER

    units = load_master(master_path).units
    filler, writer = Filler(), Filler(patch=False)
    for unit in units:
        assert _cells(filler.target_bytes(unit), tmp_path / "a.xlsx") == _cells(
            writer.target_bytes(unit), tmp_path / "b.xlsx"), unit.code
    counts = [len(unit.target_form.indicators) for unit in units]
    assert len(set(counts)) == 4 and len(filler._families) == 1
    often = {count for count in counts if counts.count(count) >= 2 + OWN_TEMPLATE_LATER}
    assert len(filler._templates) == len(often) == 1
    assert all(made.stretchable for made in filler._families.values())


#: Texts of added key works that a mover of references or an XML writer could mistake (a cell
#: reference, a row range, markup, a formula, an error value, quotes), and plain ones.
_TRICKY_KEY_WORK = ("A13 与 $B$14:$B$20 的完成率", "≥95%\"<b>", "=SUM(A1)", "#N/A", "第 3:3 项")


def _with_key_works(unit, count: int, tricky: bool = False, group: str = "重点工作"):
    """``unit`` with ``count`` key works (重点工作 rows, or the rows of another 二级 ``group``):
    its own (the first ``count`` of them), then copies of its last one (renamed; with
    ``tricky``, holding :data:`_TRICKY_KEY_WORK`)."""
    form = unit.target_form
    rows = list(form.indicators)
    works = [index for index, row in enumerate(rows) if row.level2 == group]
    last = rows[works[-1]]
    added = []
    for number in range(count - len(works)):
        if tricky:
            name, value, item, content, _ = _TRICKY_KEY_WORK[number % 5:] + _TRICKY_KEY_WORK[:number % 5]
            added.append(replace(last, level3=name, full_value=value, work_item=item,
                                 work_content=content * (number + 1)))
        else:
            added.append(replace(last, level3=f"{last.level3}（{number + 2}）"))
    rows[works[-1] + 1:works[-1] + 1] = added
    del rows[works[0] + count:works[-1] + 1]  # fewer than the unit's own: the first ones
    return replace(unit, target_form=replace(form, indicators=tuple(rows)))


@pytest.mark.parametrize("variant", ["portable", "addin"])
def test_target_forms_written_from_a_family_template_are_the_writers(master_path, tmp_path,
                                                                     variant, monkeypatch):
    """Units with 3, 4, 6, 12 and 9 key works (the added ones holding texts that look like
    references, markup, formulas and error values, some long enough to need taller rows): the
    writer builds only the family's form and its check, at the first member, whose template
    writes all five; every workbook is the writer's, cell by cell, as openpyxl and
    python-calamine read them."""
    from scoring.workbook import writer

    base = load_master(master_path).units[3]
    members = [_with_key_works(base, count, tricky=True) for count in (3, 4, 6, 12, 9)]
    fast = Filler(variant)
    builds = _as_the_writer_builds(fast, "target_bytes", members, tmp_path, monkeypatch,
                                   writer, "build_target_workbook")
    made, = fast._families.values()
    assert made.stretchable and made.uses == 5 and fast._templates == {} and builds == 2


@pytest.mark.parametrize("variant", ["portable", "addin"])
def test_monitoring_forms_of_one_family_are_written_from_its_template(master_path, tmp_path,
                                                                      variant, monkeypatch):
    """Monitoring forms whose units have 7, 8, 10, 16 and 13 key works (the unit's own five,
    then copies of its last, named with texts that look like references, markup, formulas and
    error values, their values percentages, counts or words in turn) are one family: their
    light formulas and their value cells' style ids (the percent number format) are sentinels,
    so the copied rows differ only in their texts. The writer builds only the family's form and
    its check, at the first member, whose template writes all five, each row's light formula
    and number formats the unit's own; every workbook is the writer's, cell by cell, as
    openpyxl and python-calamine read them."""
    from scoring.workbook import monitoring_sheet

    base = load_master(master_path).units[3]
    own = sum(row.level2 == "重点工作" for row in base.target_form.indicators)
    members = []
    kinds = (("≥95%", "≥98%"), ("≥5篇", "≥10篇"), ("健全", "健全"))
    for member, count in enumerate((7, 8, 10, 16, 13)):
        unit = _with_key_works(base, count)
        rows = list(unit.target_form.indicators)
        works = [index for index, row in enumerate(rows) if row.level2 == "重点工作"]
        for number, index in enumerate(works[own:]):
            half, full = kinds[(number + member) % 3]
            rows[index] = replace(rows[index], level3=_TRICKY_KEY_WORK[number % 5],
                                  half_value=half, full_value=full)
        members.append(replace(unit, target_form=replace(unit.target_form, indicators=tuple(rows))))
    fast = Filler(variant)
    builds = _as_the_writer_builds(fast, "monitoring_bytes", members, tmp_path, monkeypatch,
                                   monitoring_sheet, "build_monitoring_workbook")
    made, = fast._families.values()
    assert made.stretchable and made.uses == 5 and fast._templates == {} and builds == 2
    # each row's light formula is its own: it reads its own row's 1-X月执行情况
    light, actual = (MONITORING_FORM.column(key).letter for key in ("light", "actual"))
    sheet = load_workbook(io.BytesIO(fast.monitoring_bytes(members[3]))).active
    lights = [cell for cell in sheet[light] if str(cell.value).startswith("=IF(")]
    assert len(lights) > 16 and all(f"{actual}{cell.row}," in cell.value for cell in lights)
    formats = [sheet[f"{actual}{cell.row}"].number_format for cell in lights[-9:]]
    assert PERCENT_NUMBER_FORMAT in formats and "General" in formats


def test_once_the_family_templates_are_full_a_new_family_waits_longer(master_path, tmp_path,
                                                                      monkeypatch):
    """With room for one family template: the first family gets its template at its first
    member; a second family gets its template only from its sixth member on
    (FULL_FAMILY_LATER members later than the third), and the first family's is dropped for
    it; every workbook is still the writer's."""
    from scoring.batch import fill

    monkeypatch.setattr(fill, "MAX_FAMILIES", 1)
    base = load_master(master_path).units[3]
    first = [_with_key_works(base, count) for count in (6, 7, 8, 9)]  # one family
    second = [_with_key_works(_with_key_works(base, count), 4, group="社会效益")
              for count in (6, 7, 8, 9, 10, 11, 12)]  # another: one more long run
    fast, slow = Filler(), Filler(patch=False)
    made = []
    for unit in (*first, *second):
        assert _cells(fast.target_bytes(unit), tmp_path / "a.xlsx") == _cells(
            slow.target_bytes(unit), tmp_path / "b.xlsx")
        made.append(next(iter(fast._families.values()), None))
    assert made[0] is not None and made[0].uses == 4  # made at the first member, used by all
    assert all(kept is made[0] for kept in made[:4 + 5])  # the second family's first five
    assert made[-2] is not made[0] and made[-1] is made[-2] and made[-1].uses == 2


def test_when_families_have_one_member_a_family_template_waits_for_the_third(
        master_path, tmp_path, monkeypatch):
    """A family's template costs about two and a half writer builds, so making it at a
    family's first member pays only when families have three members or more. After
    FAMILY_TRIAL (8) families of one member each (templates made at their first member while
    the worker could not know: two writer builds each), the next family's template waits for
    its third member: its first two are built by the writer, the third makes the template (two
    builds) and is written from it. Every workbook is the writer's."""
    from scoring.batch.fill import FAMILY_TRIAL
    from scoring.workbook import writer

    assert FAMILY_TRIAL == 8  # the eight families of one below
    base = load_master(master_path).units[3]
    lengths = [(works, social) for works in (1, 2, 3) for social in (1, 2)] + [(1, 3), (2, 3)]
    singles = [_with_key_works(_with_key_works(base, works), social, group="社会效益")
               for works, social in lengths]
    members = [_with_key_works(_with_key_works(base, works), 3, group="社会效益")
               for works in (4, 5, 6)]  # one family: both runs three rows or more
    fast, slow = Filler(), Filler(patch=False)
    builds = _writer_builds(monkeypatch, writer, "build_target_workbook")
    families, counted = [], []
    for unit in (*singles, *members):
        written = fast.target_bytes(unit)
        families.append(len(fast._families))
        counted.append(len(builds))
        monkeypatch.undo()
        assert _cells(written, tmp_path / "a.xlsx") == _cells(
            slow.target_bytes(unit), tmp_path / "b.xlsx")
        builds = _writer_builds(monkeypatch, writer, "build_target_workbook")
    monkeypatch.undo()
    # one template per family of one, made at its member; the last family's at its third
    assert families == [*range(1, 9), 8, 8, 9]
    assert counted == [2] * 8 + [1, 1, 2]
    assert list(fast._family_sizes["target"].values()) == [1] * 8 + [3]


def test_the_first_member_rule_judges_the_latest_families_of_the_form():
    """Filler._families_repeat on given histories: a family's template is made at its first
    member while fewer than FAMILY_TRIAL families of its form were seen before it, or at least
    half of those (the latest FAMILY_HISTORY - 1) had three members or more; the family being
    counted is not judged; each form keeps its own history, at most FAMILY_HISTORY long."""
    from types import SimpleNamespace

    from scoring.batch.fill import FAMILY_HISTORY, FAMILY_TRIAL
    from scoring.forms import MONITORING_FORM, TARGET_FORM

    assert (FAMILY_TRIAL, FAMILY_HISTORY) == (8, 16)  # the counts below

    def member(key, layout=TARGET_FORM):
        return SimpleNamespace(layout=layout, family=SimpleNamespace(key=key))

    def judged(sizes: list[int], layout=TARGET_FORM) -> bool:
        """Whether a new family, after families of ``sizes`` members, gets it at its first."""
        filler = Filler()
        for number, size in enumerate(sizes):
            for _ in range(size):
                filler._seen(member(("before", number), layout))
        filler._seen(member("new", layout))
        return filler._families_repeat(member("new", layout))

    assert judged([1] * 7)  # on trial
    assert not judged([1] * 8) and not judged([1] * 8, MONITORING_FORM)
    assert judged([1] * 4 + [3] * 4) and judged([3, 1] * 4)  # exactly half
    assert not judged([1] * 5 + [3] * 3) and not judged([1] * 4 + [2] * 4)  # two is not three
    assert not judged([1] * 8 + [5] * 7)  # 8 of 15 had one member
    assert judged([1] * 8 + [5] * 8)  # the first single is forgotten: 8 of the latest 15
    assert judged([1] * 8 + [3] * 15)  # only the latest count
    filler = Filler()
    for number in range(40):
        filler._seen(member(number))
    filler._seen(member("new", MONITORING_FORM))
    assert len(filler._family_sizes["target"]) == FAMILY_HISTORY
    assert filler._families_repeat(member("new", MONITORING_FORM))  # its own form: on trial


def test_runs_of_two_groups_vary_independently(master_path, tmp_path):
    """One family, two long runs (重点工作 and 社会效益) whose lengths vary on their own: each
    member (no copies of one run and many of the other, and the reverse) is the writer's."""
    base = load_master(master_path).units[3]
    fast, slow = Filler(), Filler(patch=False)
    for works, social in ((4, 4), (6, 9), (3, 3), (3, 7), (12, 3)):  # the family's from (3, 3)
        unit = _with_key_works(_with_key_works(base, works), social, group="社会效益")
        written, built = fast.target_bytes(unit), slow.target_bytes(unit)
        assert _cells(written, tmp_path / "a.xlsx") == _cells(built, tmp_path / "b.xlsx")
    made, = fast._families.values()
    assert made.stretchable and fast._templates == {}


def test_a_family_template_that_does_not_write_what_the_writer_builds_is_not_used(
        master_path, tmp_path, monkeypatch):
    """The family's template is checked against the writer once (one more row per long run):
    a compiled sheet that leaves out the copies of its rows (the family's own form still right)
    is caught there, and every member is built by the writer."""
    import scoring.batch.fill as fill
    from scoring.batch import stretch

    def without_copies(xml, sheet, copied, *args):
        return stretch.compile_sheet(xml, sheet, (), *args)

    monkeypatch.setattr(fill, "compile_sheet", without_copies)
    base = load_master(master_path).units[3]
    members = [_with_key_works(base, count) for count in (3, 4, 6, 7)]
    fast, slow = Filler(), Filler(patch=False)
    for unit in members:
        assert _cells(fast.target_bytes(unit), tmp_path / "a.xlsx") == _cells(
            slow.target_bytes(unit), tmp_path / "b.xlsx")
    assert fast._families == {} and len(fast._refused_families) == 1  # refused, not kept


def test_a_layout_gets_a_template_from_its_second_workbook_on(master_path, tmp_path):
    """A layout seen once is built by the writer (a template would cost more and never pay);
    its second workbook builds the template, the third is patched from it (the evaluation
    form's layout). A target form's layout is a member of a family (its runs of like rows), so
    its first workbook is written from the family's template instead, made at the family's
    first member, and the layout gets no template of its own so soon. All three of each are
    the writer's workbooks."""
    units = load_master(master_path).units
    by_shape: dict[int, list] = {}
    for unit in units:
        by_shape.setdefault(len(unit.target_form.indicators), []).append(unit)
    same = next(group for group in by_shape.values() if len(group) >= 3)[:3]
    filler, writer = Filler(), Filler(patch=False)
    made = []
    for unit in same:
        made.append(filler.target_bytes(unit))
        made.append(filler.evaluation_bytes(unit))
        if unit is same[0]:
            assert filler._templates == {}
    assert len(filler._templates) == 1 and len(filler._families) == 1  # evaluation; target
    assert next(iter(filler._families.values())).uses == 3
    for unit, (target, evaluation) in zip(same, zip(made[::2], made[1::2])):
        assert _cells(target, tmp_path / "a.xlsx") == _cells(writer.target_bytes(unit),
                                                             tmp_path / "b.xlsx")
        assert _cells(evaluation, tmp_path / "a.xlsx") == _cells(writer.evaluation_bytes(unit),
                                                                 tmp_path / "b.xlsx")


def test_a_family_keeps_three_rows_of_each_long_run():
    from scoring.batch.fill import _family

    family = _family("base", list("abbbbbcc" + "ddd"))
    # a | b b b b b (first, second, last kept; two copies of the second) | c c | d d d
    assert family.kept == (0, 1, 2, 5, 6, 7, 8, 9, 10)
    assert family.copies == {2: 2, 7: 0}
    assert family.rows(family.copies) == [0, 1, 2, 5, 6, 7, 8, 9, 10]
    assert family.rows({2: 1, 7: 3}) == [0, 1, 2, 4, 5, 6, 7, 8, 12]
    assert family.key == ("family", "base", (("a", 1), ("b", 3), ("c", 2), ("d", 3)))
    assert _family("base", list("abbcc")) is None  # no run of three: its own only layout


def test_sentinels_are_numbered_for_the_member():
    """A member's sentinels: those of rows before a copied one as they were, a copy's own after
    it, later rows' and the form's own (after the rows) moved on by the copies' sentinels."""
    from scoring.batch.fill import _numbering, _Probe

    small, large = _Probe(), _Probe()
    for probe, rows in ((small, ["r0", "r1", "", "r3"]), (large, ["r0", "r1", "c1", "c2", "",
                                                                   "r3"])):
        probe.text("unit")  # before the rows
        for text in rows:  # a row with no text: no sentinel
            probe.mark()
            probe.text(text)
            probe.text(text)
        probe.mark()
        probe.text("after")
        probe.literals.append((b"SUM-%d" % len(probe.texts), b""))
    numbered = _numbering(small, large, [0, 1, 4, 5])  # small row 1 copied twice
    # small: unit=1, r0=2,3, r1=4,5, r3=6,7, after=8; large: unit=1, r0=2,3, r1=4,5, c1=6,7,
    # c2=8,9, r3=10,11, after=12
    assert [numbered(b"PSFILL%06dX" % n, 0) for n in (1, 3, 4, 6, 7, 8)] == [
        b"PSFILL%06dX" % n for n in (1, 3, 4, 10, 11, 12)]
    assert [numbered(b"PSFILL%06dX" % n, copy) for n, copy in ((4, 1), (5, 1), (4, 2))] == [
        b"PSFILL000006X", b"PSFILL000007X", b"PSFILL000008X"]
    assert numbered(b"SUM-8", 0) == b"SUM-12"


def _with_values(unit, values: dict[int, tuple[str, str]], **names):
    """``unit`` with the 半年/全年指标值 of some indicator rows (by index) replaced."""
    form = unit.target_form
    rows = list(form.indicators)
    for index, (half, full) in values.items():
        rows[index] = replace(rows[index], half_value=half, full_value=full)
    return replace(unit, target_form=replace(form, indicators=tuple(rows)), **names)


def test_monitoring_forms_share_a_template_unless_a_value_is_empty_in_one_only(
        master_path, tmp_path):
    """A monitoring form's light formulas hold its 指标值 (issue #13): the template holds a
    sentinel for each light formula, and each unit's own are written in; its value cells hold
    a sentinel for their style id, which says whether the cell takes the percent number format.
    So units whose values differ in their numbers and kinds (a percentage, a count of 篇, a
    quality word, 0, a decrease) share one template; only a value empty in one unit and not in
    the other makes another layout. Every workbook equals the writer's, formulas and number
    formats included."""
    unit = load_master(master_path).units[0]
    judged = [index for index, row in enumerate(unit.target_form.indicators) if row.level3]
    first, second = judged[0], judged[1]
    percent = [_with_values(unit, {first: (half, full)}, code=code) for code, half, full in (
        ("900001", "≥95%", "≥98%"), ("900002", "≥90%", "≥99.5%"), ("900003", "不低于12.5%", "≥1%"),
        ("900007", "＝0%", "＝0%"), ("900008", "≤-5%", "≤-5%"))]
    words = [_with_values(unit, {first: (half, full)}, code=code) for code, half, full in (
        ("900004", "≥5篇", "≥10篇"), ("900005", "≥5场", "≥10场"), ("900006", "健全", "健全"),
        ("900009", "否", "否"))]
    other = [_with_values(unit, {first: values}, code=code) for code, values in (
        ("900010", ("≥9o%", "≥95%")), ("900011", ("", "≥95%")))]
    # a row without a 三级指标 (nothing to enter) with values: its value cells' look differs
    unjudged = next(index for index, row in enumerate(unit.target_form.indicators)
                    if not row.level3)
    labels = [_with_values(unit, {unjudged: values}, code=code) for code, values in (
        ("900015", ("≥95%", "≥98%")), ("900016", ("≥5篇", "≥10篇")))]
    hostile = [_with_values(unit, {first: ("≥98765" "0001.5%", "≥95%"), second: ("&<>\"'", "≥1条")},
                            code="900012", name="PSFILL名称 PSFILLF" "000001X & <b>"),
               # characters a cell cannot hold (a C1 line break, U+FFFE): cleaned in the prompt
               # too; an amount that needs 17 digits; a 三级指标 that ends in a space once cleaned
               _with_values(unit, {first: ("≥95%\x85", "＝0%\ufffe"), second: ("≥1条\x9f", "≥2条")},
                            code="900013")]
    hostile.append(replace(hostile[-1], code="900014", target_form=replace(
        hostile[-1].target_form, funding=replace(hostile[-1].target_form.funding,
                                                 annual_basic=0.1 + 0.2),
        indicators=tuple(replace(row, level3=row.level3 + " \x9f") if index == first else row
                         for index, row in enumerate(hostile[-1].target_form.indicators)))))
    fast, writer = Filler(template_from=1), Filler(patch=False)
    for made in (*percent, *words, *other, *hostile, *labels):
        patched = fast.monitoring_bytes(made)
        built = writer.monitoring_bytes(made)
        assert _cells(patched, tmp_path / "a.xlsx") == _cells(built, tmp_path / "b.xlsx"), made.code
        assert _calamine_values(patched) == _calamine_values(built), made.code
    # A text that ends in a space keeps it in Excel only with xml:space="preserve", which
    # openpyxl reads either way: the sheets' XML says it.
    sheets = [zipfile.ZipFile(io.BytesIO(filler.monitoring_bytes(hostile[-1]))).read(
        "xl/worksheets/sheet1.xml") for filler in (fast, writer)]
    assert sheets[0].count(b'xml:space="preserve"') == sheets[1].count(b'xml:space="preserve"') > 0
    layouts = [key for key in fast._templates if key[0] == "monitoring"]
    # one for all but the unit whose 半年指标值 is empty, and the units with values in the row
    # without a 三级指标
    assert len(layouts) == 3
    column = MONITORING_FORM.column("actual").letter
    actual, label = (f"{column}{MONITORING_FORM.first_data_row + index}"
                     for index in (first, unjudged))
    cells = {made.code: load_workbook(io.BytesIO(fast.monitoring_bytes(made))).active
             for made in (percent[0], words[0], other[0], *labels)}
    assert [cells[code][actual].number_format for code in ("900001", "900004", "900010")] == [
        PERCENT_NUMBER_FORMAT, "General", "General"]  # ≥9o% is read as nothing
    assert [cells[code][label].number_format for code in ("900015", "900016")] == [
        PERCENT_NUMBER_FORMAT, "General"]
    # the row without a 三级指标 is locked (a label), the judged row's cell is open for input
    assert cells["900015"][label].protection.locked
    assert not cells["900015"][actual].protection.locked
    assert all(template.patchable for template in fast._templates.values())
    # The unit's own light formula is where the template's sentinel was: the hostile unit's
    # 987650001.5% is 9876500.015, and no sentinel is left.
    (tmp_path / "a.xlsx").write_bytes(fast.monitoring_bytes(hostile[0]))
    sheet = load_workbook(tmp_path / "a.xlsx").active
    formulas = [cell.value for row in sheet.iter_rows() for cell in row
                if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert any(">=9876500.015)" in text for text in formulas)
    assert not any("PSFILL" in text for text in formulas)


def _renamed(unit, code: str, texts: dict[str, tuple[str | None, str | None]], **changes):
    """``unit`` (as ``code``) with some items' names and 指标说明 replaced (None keeps one) and
    ``changes`` (``rule_text``, ``points``) made to every item that has its code in them."""
    def item(node):
        name, description = texts.get(node.code, (None, None))
        edits = {key: value[node.code] for key, value in changes.items() if node.code in value}
        return replace(node, name=node.name if name is None else name,
                       description=node.description if description is None else description,
                       children=tuple(item(child) for child in node.children), **edits)

    framework = unit.framework
    return replace(unit, code=code, framework=replace(
        framework, sections=tuple(item(section) for section in framework.sections)))


def test_evaluation_forms_whose_items_differ_only_in_names_share_a_template(master_path, tmp_path):
    """Units whose frameworks differ only in their items' names and 指标说明 (each unit its own
    names: the usual case of frameworks issued per department) share one evaluation template
    (issue #13); a 评价要点 or 分值 of their own is another layout, as is an empty 指标说明, and a
    name with white space at an end stays in the layout (an item without 分值 prints its label stripped). Every
    workbook equals the writer's, its metadata's rules checksum (which covers the names)
    included."""
    unit = load_master(master_path).units[0]
    renamed = [_renamed(unit, f"90010{i}", {
        "A": (f"部门决策（{i}）", None), "A1": (f"决策机制{i}", None),
        "A11": (f"决策制度的规范性（{i}）", f"是否建立决策制度（{i}）"),
        "C11": (f"重点工作{i}", "说明" * (40 * i + 1)),  # a taller row for each unit
        "E1": (f"信息化建设情况{i}", None)}) for i in range(1, 4)]
    hostile = [
        _renamed(unit, "900111", {"A11": ("&<>\"' PSFILL000001X 98765" "0001.5", "<b>&amp;</b>"),
                                  "A12": ("决策制度的规范性", "是否建立决策制度、是"),  # as A11 was
                                  "B11": ("名称\x85换行\ufffe", "说明\x9f"), "C11": ("😀", "。")}),
        # texts a template cannot stand in for, so those workbooks are built by the writer: an
        # 指标说明 ending in a space once cleaned (xml:space), or cleaning to nothing (an empty
        # cell); an unfinished escape sequence (cleaned within the label it would run on into
        # the 分值); a name the cell limit cuts; names of an item without 分值 (whose label is
        # stripped) cleaning to nothing or to a space; a unit name cleaning to nothing
        _renamed(unit, "900112", {"A11": ("规范性", "说明 \x9f")}),
        _renamed(unit, "900113", {"A11": (None, "\ufffe"), "A12": ("决策\x1b]0;x", None)}),
        _renamed(unit, "900114", {"A11": ("长" * 32767, None)}),
        _renamed(unit, "900115", {"E1": ("\ufffe", None)}),
        _renamed(unit, "900116", {"E1": ("\ufffe \ufffe", None)}),
        replace(_renamed(unit, "900117", {}), name="\ufffe", framework=replace(
            unit.framework, title=unit.framework.title.replace(unit.name, "\ufffe")))]
    own_layouts = [_renamed(unit, "900121", {"E1": ("信息化建设情况 ", None)}),
                   _renamed(unit, "900122", {}, rule_text={"A11": "制度健全得2分，否则不得分"}),
                   _renamed(unit, "900123", {}, points={"A11": 3.0, "A12": 1.0}),
                   _renamed(unit, "900124", {"C11": (None, "")})]  # no 指标说明: an empty cell
    fast, writer = Filler(template_from=1), Filler(patch=False)
    for made in (*renamed, *hostile, *own_layouts):
        patched, built = fast.evaluation_bytes(made), writer.evaluation_bytes(made)
        assert _cells(patched, tmp_path / "a.xlsx") == _cells(built, tmp_path / "b.xlsx"), made.code
        # and as collect reads them (python-calamine keeps a label's trailing space, which
        # openpyxl drops where the XML does not say xml:space="preserve")
        assert _calamine_values(patched) == _calamine_values(built), made.code
    layouts = [key for key in fast._templates if key[0] == "evaluation"]
    assert len(layouts) == 1 + len(own_layouts)
    assert all(template.patchable for template in fast._templates.values())
    # The renamed units' rows are fitted to their own texts, and their names are theirs.
    sheets = [load_workbook(io.BytesIO(fast.evaluation_bytes(made)))[EVALUATION_FORM.sheet]
              for made in renamed]
    row = next(cell.row for cell in sheets[0]["C"] if str(cell.value).startswith("C11 "))
    heights = [sheet.row_dimensions[row].height for sheet in sheets]
    assert heights[0] < heights[1] < heights[2]
    assert [sheet[f"C{row}"].value for sheet in sheets] == [
        f"C11 重点工作{i}（10 分）" for i in range(1, 4)]


def _writer_builds(monkeypatch, module, name: str) -> list[int]:
    """A list that grows by one each time the writer's ``module.name`` builds a workbook."""
    builds: list[int] = []
    build = getattr(module, name)
    monkeypatch.setattr(module, name,
                        lambda *args, **kwargs: builds.append(1) or build(*args, **kwargs))
    return builds


def _as_the_writer_builds(fast, kind: str, units, tmp_path, monkeypatch, module,
                          name: str) -> int:
    """Write each of ``units`` with ``fast`` (``kind``: ``target_bytes`` …) and assert each is
    the writer's, cell by cell, as openpyxl and python-calamine read it; how many workbooks
    the writer's ``module.name`` built for ``fast``."""
    slow = Filler(fast.variant, patch=False)
    built = [getattr(slow, kind)(unit) for unit in units]
    builds = _writer_builds(monkeypatch, module, name)
    written = [getattr(fast, kind)(unit) for unit in units]
    monkeypatch.undo()
    for data, reference in zip(written, built):
        assert _cells(data, tmp_path / "a.xlsx") == _cells(reference, tmp_path / "b.xlsx")
        assert _calamine_values(data) == _calamine_values(reference)
    return len(builds)


@pytest.mark.parametrize("variant", ["portable", "addin"])
def test_evaluation_forms_whose_rules_differ_only_in_numbers_share_a_template(
        master_path, tmp_path, monkeypatch, variant):
    """Units whose 评价要点 differ only in their numbers (each unit its own thresholds: 办理比率
    在99%以上 for one, 87.5% or 100% for others, another step) share one evaluation template
    (issue #13): the formulas the rules write are the template's slots, asked of each unit's
    own rules. A rule whose numbers make it read otherwise (得 5 分 where the item has 2: the
    evaluator scores it; other awards of the bonus item) is not patched: the writer builds
    that unit. Every workbook is the writer's, cell by cell, as openpyxl and python-calamine
    read it. (The add-in variant's 得分 cells call PERF_SCORE on the printed rule; its check
    and veto formulas are still the rules'.)"""
    unit = load_master(master_path).units[0]
    c11 = "办理比率在{}%以上得10分，每降低{}%扣2分，低于60%不得分。"
    same_reading = [
        _renamed(unit, "900131", {}, rule_text={"C11": c11.format(87.5, 5)}),
        _renamed(unit, "900132", {}, rule_text={"C11": c11.format(100, 5),
                                                "B11": "预算执行率在 100%以上，得 2 分。"}),
        _renamed(unit, "900133", {}, rule_text={"C11": c11.format(95, 10),
                                                "B11": "预算执行率在 85%以上，得 2 分。"})]
    read_otherwise = [
        _renamed(unit, "900134", {}, rule_text={"B11": "预算执行率在 90%以上，得 5 分。"}),
        _renamed(unit, "900135", {}, rule_text={"F1": unit.framework.get("F1").rule_text.replace(
            "加 3 分", "加 4 分")})]
    from scoring.workbook import writer

    fast, slow = Filler(variant, template_from=1), Filler(variant, patch=False)
    builds = _writer_builds(monkeypatch, writer, "build_evaluation_workbook")
    # The first builds the template from its probe and, to check it, the writer's workbook.
    written = [fast.evaluation_bytes(made) for made in (unit, *same_reading, *read_otherwise)]
    assert len(builds) == 2 + len(read_otherwise)
    monkeypatch.undo()
    for made, data in zip((unit, *same_reading, *read_otherwise), written):
        built = slow.evaluation_bytes(made)
        assert _cells(data, tmp_path / "a.xlsx") == _cells(built, tmp_path / "b.xlsx"), made.code
        assert _calamine_values(data) == _calamine_values(built), made.code
    template, = (template for key, template in fast._templates.items() if key[0] == "evaluation")
    assert template.patchable
    if variant == "addin":
        return
    # The thresholds are the units' own: 87.5% is compared with 0.875, 100% with 1.
    col = {column.key: column.letter for column in EVALUATION_FORM.columns}
    for data, threshold in ((written[1], "0.875"), (written[2], "1")):
        sheet = load_workbook(io.BytesIO(data))[EVALUATION_FORM.sheet]
        row = next(cell.row for cell in sheet["C"] if str(cell.value).startswith("C11 "))
        actual = f"{col['actual']}{row}"
        computed = sheet[f"{col['computed']}{row}"].value
        assert f"IF({actual}>={threshold},10," in computed
        assert f"({threshold}-{actual})/0.05" in computed


def test_an_evaluation_template_that_patches_otherwise_than_the_writer_is_not_used(
        master_path, tmp_path, monkeypatch):
    """The first workbook patched from an evaluation template is compared with the writer's:
    a template whose formulas would be patched in wrong (here: not escaped, so ``<>`` breaks
    the XML) is refused there, and every unit of its layout is built by the writer."""
    from scoring.batch import fill

    values = fill._Probe.values

    def unescaped(probe):
        found, unpatchable = values(probe)
        found.update({fill._FORMULA_SENTINEL.format(number).encode(): text.lstrip("=").encode()
                      for number, text in enumerate(probe.formulas, start=1)})
        return found, unpatchable

    monkeypatch.setattr(fill._Probe, "values", unescaped)
    unit = load_master(master_path).units[0]
    members = [_renamed(unit, f"90014{i}", {}, rule_text={
        "C11": f"办理比率在{90 + i}%以上得10分，每降低5%扣2分，低于60%不得分。"}) for i in range(3)]
    fast, slow = Filler(template_from=1), Filler(patch=False)
    for made in members:
        assert _cells(fast.evaluation_bytes(made), tmp_path / "a.xlsx") == _cells(
            slow.evaluation_bytes(made), tmp_path / "b.xlsx")
    template, = fast._templates.values()
    assert not template.patchable


@pytest.fixture
def two_workers(monkeypatch) -> None:
    """Two workers for the demo's 14 units and 3 projects, which a fill would otherwise write
    with one (:data:`scoring.batch.workers.UNITS_PER_WORKER`): the tests that use it are about
    parallel work."""
    monkeypatch.setattr(workers, "UNITS_PER_WORKER", 1)


def test_fill_writes_workbooks_and_manifest(master_path, tmp_path, two_workers):
    master = load_master(master_path)
    report = fill_units(master, tmp_path, jobs=2)
    assert report.count("written") == (len(UNIT_FORMS) * len(master.units)
                                       + len(PROJECT_FORMS) * len(master.projects)) == 48
    assert [project.code for project in master.projects] == ["001001-001", "100001-001", "100002-002"]
    assert sorted(master.failed) == ["100005", "100009", "100012"]
    with open(tmp_path / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    written = [row for row in rows if row["状态"] == "已生成"]
    assert len(written) == 48
    projects = {row["项目编码"]: row["文件"] for row in written if row["表单"] == "项目自评表"}
    assert projects == {
        "001001-001": "2024_001001_001001-001_社区养老服务补助项目（示例）_项目自评表.xlsx",
        "100001-001": "2024_100001_100001-001_老旧小区改造补助项目_项目自评表.xlsx",
        "100002-002": "2024_100002_100002-002_全民健身设施建设项目_项目自评表.xlsx"}
    declarations = {row["项目编码"]: row["文件"] for row in written if row["表单"] == "项目目标申报表"}
    assert declarations == {code: name.replace("_项目自评表", "_项目目标申报表")
                            for code, name in projects.items()}
    assert all((tmp_path / name).is_file() for name in [*projects.values(), *declarations.values()])
    assert all(row["项目编码"] == "" for row in written
               if row["表单"] not in ("项目自评表", "项目目标申报表"))
    first = written[0]
    assert first["文件"] == "2024_001001_南京市人民政府办公厅_目标表.xlsx"
    assert first["SHA-256"] == hashlib.sha256((tmp_path / first["文件"]).read_bytes()).hexdigest()
    failed = {row["单位编码"]: row["说明"] for row in rows if row["状态"] == "失败"}
    assert "PS-G001" in failed["100005"] and "第 7 行" in failed["100005"]
    assert "PS-T001" in failed["100009"] and "PS-M002" in failed["100012"]
    # A failed unit is named as typed in the 单位 sheet (units 5, 9 and 12 of DEPARTMENTS; the
    # duplicated code 100012 by its first row, and its second row, a unit of its own, by its own
    # name, with its own problem).
    assert [(row["单位编码"], row["单位名称"]) for row in rows if row["状态"] == "失败"] == [
        ("100005", "南京市民政局"), ("100009", "南京市规划和自然资源局"),
        ("100012", "南京市城乡建设委员会"), ("100012", "南京市交通运输局")]
    first, second = (row["说明"] for row in rows if row["单位编码"] == "100012")
    assert first.startswith("[PS-M002] 文件 ") and "第 14 行" in first and "在第 15 行重复" in first
    assert second.startswith("[PS-M002] 文件 ") and "第 15 行" in second
    assert second.endswith("单位编码 100012 重复（第 14 行已使用）")  # its problem, said once
    assert second not in first
    assert {row["年度"] for row in written} == {"2024"}  # an integer, never 2024.0


def test_manifest_lists_units_in_master_order_and_keeps_carried_rows(master_path, tmp_path,
                                                                    two_workers):
    """The rows come back from two workers in any order and are kept packed (issue #13); the
    manifest and the report list them in the master's order, failed units after, and a former
    run's rows are carried with the columns the manifest has."""
    master = load_master(master_path)
    report = fill_units(master, tmp_path / "out", jobs=2)
    with open(tmp_path / "out" / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(row["单位编码"], row["文件"], row["状态"]) for row in rows] == [
        (written.unit_code, Path(written.file).name if written.file else "",
         {"written": "已生成", "failed": "失败"}[written.status]) for written in report.written]
    order = list(dict.fromkeys(row["单位编码"] for row in rows if row["项目编码"] == ""))
    assert order == [unit.code for unit in master.units] + ["100005", "100009", "100012"]
    assert [row["年度"] for row in rows if row["状态"] == "失败"] == ["", "", "", ""]  # 100012 twice
    carried = {"文件": "旧.xlsx", "SHA-256": "ab12", "单位名称": "=1+1", "不认识的列": "x"}
    write_manifest(report.written[:1], tmp_path / "m.csv", [carried])
    with open(tmp_path / "m.csv", encoding="utf-8-sig", newline="") as stream:
        lines = list(csv.reader(stream))
    assert lines[0] == list(MANIFEST_COLUMNS.values())
    first = dict(zip(lines[0], lines[1]))
    assert [first[header] for header in ("单位编码", "单位名称", "年度", "项目编码", "表单", "状态")] == [
        "001001", "南京市人民政府办公厅", "2024", "", "目标表", "已生成"]
    assert dict(zip(lines[0], lines[2])) == {
        header: {"文件": "旧.xlsx", "SHA-256": "ab12", "单位名称": "'=1+1"}.get(header, "")
        for header in lines[0]}


def test_the_parcels_spool_leaves_nothing_behind_and_lasts_as_long_as_the_parcels(
        master_path, tmp_path, monkeypatch):
    """Read for a fill (issue #13), the parcels' spool file is out of the temporary folder
    once it is written (where workers are forked), and the parcels keep it: a parcel opens
    after the master data that held it is gone."""
    import gc
    import tempfile

    from scoring.batch.workers import forks

    temporary = tmp_path / "临时"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    parcels = load_master_isolated(master_path).parcels
    gc.collect()
    assert parcels[0].open() == load_master(master_path).units[0]
    if forks():
        assert list(temporary.iterdir()) == []
    del parcels
    gc.collect()
    assert list(temporary.iterdir()) == []


def test_a_spool_that_cannot_be_made_or_written_is_a_located_error(master_path, monkeypatch):
    """No usable temporary folder, or a full disk under it: PS-W001 in Chinese, saying where
    the folder is set, from the main process and from the reader's worker alike; any other
    error of the reader is not taken for the spool's."""
    import errno
    import tempfile

    from scoring.batch import master as master_module
    from scoring.batch import packed
    from scoring.errors import WorkbookFileError
    from scoring.workbook.files import temporary_file_error

    def no_folder():
        raise FileNotFoundError(errno.ENOENT, "No usable temporary directory found")

    monkeypatch.setattr(tempfile, "gettempdir", no_folder)
    monkeypatch.setattr(tempfile, "tempdir", None)  # none in use: Python found none usable
    monkeypatch.setenv("TMPDIR", "/nonexistent/tmp")
    with pytest.raises(WorkbookFileError) as raised:
        load_master_isolated(master_path)
    assert raised.value.code == "PS-W001" and "TMPDIR" in str(raised.value)
    # said as what it is (not "文件不存在", as if a file of the user's were missing), and
    # located at the folder the environment names
    assert "找不到可以写入的临时文件夹" in raised.value.message
    assert raised.value.folder == "/nonexistent/tmp" and raised.value.file is None
    assert str(raised.value).startswith("[PS-W001] 文件夹 /nonexistent/tmp：")
    for variable in ("TMPDIR", "TEMP", "TMP"):  # none set: the message locates nothing
        monkeypatch.delenv(variable, raising=False)
    error = temporary_file_error(FileNotFoundError(errno.ENOENT,
                                                   "No usable temporary directory found"))
    assert error.file is None and error.folder is None
    assert "找不到可以写入的临时文件夹" in error.message
    # a full disk names no file: the temporary folder in use is located, as a folder
    monkeypatch.setattr(tempfile, "tempdir", "/var/tmp/full")
    error = temporary_file_error(OSError(errno.ENOSPC, "No space left on device"))
    assert (error.folder, error.file) == ("/var/tmp/full", None) and "磁盘空间不足" in error.message
    monkeypatch.undo()
    # the temporary folder in use is gone: the spool's own folder cannot be made in it
    monkeypatch.setattr(tempfile, "tempdir", "/nonexistent/tmp")
    with pytest.raises(WorkbookFileError) as raised:
        load_master_isolated(master_path)
    assert (raised.value.folder, raised.value.file) == ("/nonexistent/tmp", None)
    assert "找不到可以写入的临时文件夹" in raised.value.message
    monkeypatch.undo()

    def full(self, data):
        raise packed.SpoolError(errno.ENOSPC, "No space left on device", self.path)

    monkeypatch.setattr(packed.SpoolWriter, "put", full)
    with pytest.raises(WorkbookFileError) as raised:
        load_master_isolated(master_path)
    assert raised.value.code == "PS-W001" and "磁盘空间不足" in str(raised.value)
    assert raised.value.file.endswith("parcels.bin")
    monkeypatch.undo()

    def denied(*args):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(master_module, "_policies", denied)
    spool = packed.Spool()
    with pytest.raises(PermissionError):
        master_module.load_master(master_path, pack=True, spool=spool.path)


def test_fill_reads_the_master_as_parcels_and_writes_the_same(master_path, tmp_path, two_workers):
    """``perfscore fill``'s reader hands the good units and projects over packed (issue #13):
    they open to what ``load_master`` gives, and filling from them writes the same files, rows
    and master checksums as filling from the units themselves."""
    master = load_master(master_path)
    parcelled = load_master_isolated(master_path)
    assert parcelled.units == parcelled.projects == ()
    # the main process holds where each parcel's bytes lie, not the bytes
    assert len({parcel.data.path for parcel in parcelled.parcels}) == 1
    assert sum(parcel.data.size for parcel in parcelled.parcels) == max(
        parcel.data.offset + parcel.data.size for parcel in parcelled.parcels)
    assert [parcel.open() for parcel in parcelled.parcels] == [*master.units, *master.projects]
    assert [(parcel.kind, parcel.code, parcel.name) for parcel in parcelled.parcels[-3:]] == [
        ("project", "001001-001", "社区养老服务补助项目（示例）"),
        ("project", "100001-001", "老旧小区改造补助项目"),
        ("project", "100002-002", "全民健身设施建设项目")]
    assert (parcelled.parcels[0].kind, parcelled.parcels[0].code, parcelled.parcels[0].name) == (
        "unit", "001001", "南京市人民政府办公厅")
    assert parcelled.failed == master.failed == ("100005", "100009", "100012")
    assert [error.format_message() for error in parcelled.problems] == [
        error.format_message() for error in master.problems]
    assert [error.format_message() for error in parcelled.warnings] == [
        error.format_message() for error in master.warnings]

    def rows(folder: Path) -> list[tuple[str, ...]]:
        with open(folder / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
            return [(row["单位编码"], row["项目编码"], row["表单"], Path(row["文件"]).name,
                     row["主数据校验值"], row["状态"], row["说明"]) for row in csv.DictReader(stream)]

    fill_units(master, tmp_path / "units", jobs=2)
    fill_units(parcelled, tmp_path / "parcels", jobs=2)
    assert rows(tmp_path / "parcels") == rows(tmp_path / "units")
    assert len([row for row in rows(tmp_path / "parcels") if row[5] == "已生成"]) == 48
    name = "2024_001001_南京市人民政府办公厅_自评表.xlsx"
    assert (_cells((tmp_path / "parcels" / name).read_bytes(), tmp_path / "a.xlsx")
            == _cells((tmp_path / "units" / name).read_bytes(), tmp_path / "b.xlsx"))


def test_existing_files_are_kept_unless_forced(master_path, tmp_path):
    master = load_master(master_path)
    one = replace(master, units=master.units[:1], failed=(), repeated={}, problems=(),
                  projects=())
    fill_units(one, tmp_path, jobs=1)
    target = next(tmp_path.glob("*_目标表.xlsx"))
    target.write_bytes(b"typed by the unit")
    report = fill_units(one, tmp_path, jobs=1)
    assert report.count("exists") == len(UNIT_FORMS) and target.read_bytes() == b"typed by the unit"
    report = fill_units(one, tmp_path, jobs=1, force=True)
    assert report.count("written") == len(UNIT_FORMS) and zipfile.is_zipfile(target)
    assert not list(tmp_path.glob(".~*"))  # no temporary files left behind
    # The typed-into file was moved to 备份/<time>/ first; the untouched one just replaced.
    (backup,) = tmp_path.glob(f"{BACKUP_FOLDER}/*/*.xlsx")
    assert backup.name == target.name and backup.read_bytes() == b"typed by the unit"
    assert f"已移到 {backup.relative_to(tmp_path)}" in next(
        row.message for row in report.written if row.file == str(target))
    assert not [row for row in report.written if row.file != str(target) and row.message]


def test_a_manifest_an_earlier_version_named_manifest_csv_is_read_then_replaced(master_path,
                                                                                 tmp_path):
    """Until 2026-12-03 the manifest was manifest.csv; now it is 生成清单.csv. A run over a
    folder that has only the former still tells a workbook the unit typed into from one it did
    not touch (it reads the former), writes 生成清单.csv and moves manifest.csv to 备份/<time>/
    (a user may have added notes to it); a file of that name with other headers (not a
    manifest) is left alone."""
    from scoring.batch.fill import FORMER_MANIFEST_NAME

    assert MANIFEST_NAME == "生成清单.csv" and FORMER_MANIFEST_NAME == "manifest.csv"
    master = load_master(master_path)
    one = replace(master, units=master.units[:1], failed=(), repeated={}, problems=(),
                  projects=())
    fill_units(one, tmp_path, jobs=1)
    (tmp_path / MANIFEST_NAME).rename(tmp_path / FORMER_MANIFEST_NAME)  # as the former wrote it
    annotated = (tmp_path / FORMER_MANIFEST_NAME).read_text(encoding="utf-8-sig").replace(
        "说明", "说明,备注", 1)  # a column the user added
    (tmp_path / FORMER_MANIFEST_NAME).write_text(annotated, encoding="utf-8-sig")
    target = next(tmp_path.glob("*_目标表.xlsx"))
    target.write_bytes(b"typed by the unit")
    report = fill_units(one, tmp_path, jobs=1)
    notes = {Path(row.file).name: row.message for row in report.written}
    assert report.count("exists") == len(UNIT_FORMS) and len(notes) == len(UNIT_FORMS)
    assert notes.pop(target.name) == "生成后已被修改（单位可能已填写）"
    assert set(notes.values()) == {""}  # untouched: the former manifest's checksums were read
    assert (tmp_path / MANIFEST_NAME).is_file() and not (tmp_path / FORMER_MANIFEST_NAME).exists()
    moved = report.former_manifest  # perfscore fill says where
    assert moved.parent.parent == tmp_path / BACKUP_FOLDER and moved.name == FORMER_MANIFEST_NAME
    assert moved.read_text(encoding="utf-8-sig") == annotated
    (tmp_path / FORMER_MANIFEST_NAME).write_text("序号,备注\n1,单位自己的文件\n", encoding="utf-8")
    assert fill_units(one, tmp_path, jobs=1).former_manifest is None
    assert (tmp_path / FORMER_MANIFEST_NAME).read_text(encoding="utf-8") == "序号,备注\n1,单位自己的文件\n"
    # Both, the former newer (a colleague ran the earlier version since): the former is read.
    # Here the new one says the typed target is untouched and the former says it was typed.
    current = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8-sig")
    (tmp_path / FORMER_MANIFEST_NAME).write_text(current, encoding="utf-8-sig")
    typed_sha = hashlib.sha256(target.read_bytes()).hexdigest()
    old_sha = next(line for line in current.splitlines() if target.name in line).split(",")[6]
    assert len(old_sha) == 64  # the newer manifest.csv above, not a manifest, was passed over
    (tmp_path / MANIFEST_NAME).write_text(current.replace(old_sha, typed_sha), encoding="utf-8-sig")
    stamp = (tmp_path / MANIFEST_NAME).stat().st_mtime
    os.utime(tmp_path / FORMER_MANIFEST_NAME, (stamp + 10, stamp + 10))
    report = fill_units(one, tmp_path, jobs=1)
    assert report.former_manifest is not None and next(
        row.message for row in report.written if row.file == str(target)) == "生成后已被修改（单位可能已填写）"


def test_an_interrupted_fill_keeps_the_former_manifest(master_path, tmp_path, monkeypatch):
    """Interrupted (Ctrl-C), fill writes 生成清单.csv with what it knows but leaves the former
    manifest.csv in place: no report is made, so nobody would be told it went."""
    from scoring.batch import fill
    from scoring.batch.fill import FORMER_MANIFEST_NAME

    master = load_master(master_path)
    one = replace(master, units=master.units[:1], failed=(), repeated={}, problems=(),
                  projects=())
    fill_units(one, tmp_path, jobs=1)
    (tmp_path / MANIFEST_NAME).rename(tmp_path / FORMER_MANIFEST_NAME)
    former = (tmp_path / FORMER_MANIFEST_NAME).read_bytes()

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fill, "run_isolated_as_completed", interrupted)
    with pytest.raises(KeyboardInterrupt):
        fill_units(one, tmp_path, jobs=1)
    assert (tmp_path / FORMER_MANIFEST_NAME).read_bytes() == former
    carried = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8-sig")
    assert all(path.name in carried for path in tmp_path.glob("*.xlsx"))  # what it knew


def test_a_changed_master_is_said_per_unit_and_force_keeps_typed_work(master_path, tmp_path,
                                                                       capsys):
    """A second run after the bureau edited one unit's master data (issue #11, point 4)."""
    from scoring.batch.demo import simulate_typed_values

    out = tmp_path / "out"
    frames = demo_frames(3)
    first = write_master(frames, tmp_path / "v1.xlsx")
    assert main(["fill", str(first), "--out", str(out), "--jobs", "1"]) == 0
    evaluation = next(out.glob("*_100002_*_自评表.xlsx"))
    simulate_typed_values([evaluation])  # the unit types its values and saves
    typed = evaluation.read_bytes()
    frames[UNITS.sheet].loc[frames[UNITS.sheet]["单位编码"] == "100002", "年度目标"] = "新的年度目标"
    second = write_master(frames, tmp_path / "v2.xlsx")
    capsys.readouterr()
    assert main(["fill", str(second), "--out", str(out), "--jobs", "1"]) == 0
    err = capsys.readouterr().err
    assert f"{len(UNIT_FORMS)} 个已存在的工作簿所属单位的主数据已改动" in err
    with open(out / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
        rows = list(csv.DictReader(stream))
    stale = {row["文件"] for row in rows if row["状态"] == "已存在，主数据已改动，未覆盖"}
    # the unit's project is not stale: its own master data did not change
    assert stale == {path.name for path in out.glob("*_100002_*.xlsx")} - {
        "2024_100002_100002-002_全民健身设施建设项目_项目自评表.xlsx",
        "2024_100002_100002-002_全民健身设施建设项目_项目目标申报表.xlsx"}
    assert {row["状态"] for row in rows if row["文件"] not in stale} == {"已存在，未覆盖"}
    assert evaluation.read_bytes() == typed  # nothing replaced without --force
    assert main(["fill", str(second), "--out", str(out), "--jobs", "1", "--force"]) == 0
    err = capsys.readouterr().err
    (backup,) = out.glob(f"{BACKUP_FOLDER}/*/*.xlsx")
    assert backup.read_bytes() == typed and f"{evaluation.name}：原工作簿含填写或改动的内容" in err
    assert evaluation.read_bytes() != typed
    assert len(list(out.glob(f"{BACKUP_FOLDER}/*/*"))) == 1  # untouched files were not backed up
    # collect does not count the backup as a second copy of the unit.
    from scoring.batch.collect import collect

    assert collect(out, jobs=1).duplicates.empty


def test_a_name_starting_with_equals_stays_text(master_path, tmp_path):
    unit = next(u for u in load_master(master_path).units if u.name == FORMULA_NAME)
    for data in (Filler().target_bytes(unit), Filler().evaluation_bytes(unit)):
        path = tmp_path / "x.xlsx"
        path.write_bytes(data)
        wb = load_workbook(path)
        sheet, ref = next(iter(wb.defined_names["unit_name"].destinations))
        cell = wb[sheet][ref.replace("$", "")]
        assert (cell.value, cell.data_type) == (FORMULA_NAME, "s")


def test_fill_command_reports_problems_and_exit_code(master_path, tmp_path, capsys):
    assert main(["fill", str(master_path), "--out", str(tmp_path), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    assert "[PS-M002]" in captured.err and "工作表 单位，第 15 行，列 单位编码" in captured.err
    assert "生成 48 个工作簿" in captured.out


def test_a_unit_row_without_a_code_counts_as_not_generated(tmp_path, capsys):
    """A 单位 row whose code is empty is left out like a unit with a problem: counted in the
    summary line and listed as failed in the manifest with its problem."""
    frames = demo_frames(2)
    units = frames[UNITS.sheet].astype(object)
    units.loc[1, UNITS.column("code").header] = None
    path = write_master({**frames, UNITS.sheet: units}, tmp_path / "master.xlsx")
    assert main(["fill", str(path), "--out", str(tmp_path / "out"), "--jobs", "1"]) == 1
    captured = capsys.readouterr()
    # (its project, whose unit is now unknown, is left out too)
    assert "；1 个单位、1 个项目因主数据错误未生成" in captured.out
    with open(tmp_path / "out" / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
        failed = [row for row in csv.DictReader(stream)
                  if row["状态"] == "失败" and not row["项目编码"]]
    assert [(row["单位编码"], row["单位名称"], row["说明"].endswith("“单位编码”不能为空"))
            for row in failed] == [("", units.loc[1, UNITS.column("name").header], True)]


def test_an_empty_unit_sheet_is_one_clear_error(tmp_path, capsys):
    frames = demo_frames(2)
    frames[UNITS.sheet] = frames[UNITS.sheet].iloc[0:0]
    path = write_master(frames, tmp_path / "master.xlsx")
    out = tmp_path / "out"
    assert main(["fill", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err == f"[PS-M003] 文件 {path}，工作表 单位：“单位”表没有任何单位：应在表头下每行填写一个单位\n"
    assert not out.exists()


@pytest.mark.parametrize("option", [["--jobs", "0"], ["--jobs", "-1"], ["--out", ""]])
def test_bad_options_stop_fill_before_anything_is_written(master_path, tmp_path, capsys, option):
    args = {"--out": str(tmp_path / "out"), "--jobs": "1"} | {option[0]: option[1]}
    with pytest.raises(SystemExit) as info:
        main(["fill", str(master_path), *[part for pair in args.items() for part in pair]])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"[PS-E003] perfscore fill：参数 {option[0]}：" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_worker_count_refuses_nonsense():
    from scoring.batch.workers import worker_count

    assert worker_count(3) == 3 and worker_count(None) >= 1
    with pytest.raises(ValueError):
        worker_count(0)


def test_a_small_fill_starts_one_worker_for_every_fifteen_units(monkeypatch):
    """``--jobs`` is at most: a second worker's start is not won back below some 30 units."""
    from scoring.batch.workers import UNITS_PER_WORKER, fill_workers

    assert UNITS_PER_WORKER == 15
    assert [fill_workers(2, units) for units in (0, 1, 29, 30, 1000)] == [1, 1, 1, 2, 2]
    assert [fill_workers(8, units) for units in (44, 45, 119, 120, 3000)] == [2, 3, 7, 8, 8]
    assert fill_workers(1, 3000) == 1
    monkeypatch.setattr("os.cpu_count", lambda: 4)
    assert fill_workers(None, 50) == 3 and fill_workers(None, 500) == 4


def _identity(number: int) -> int:
    return number


def test_workers_hand_out_items_in_the_order_given():
    """run_isolated_as_completed hands items out in ``order`` (one worker: they come back so),
    each with its own index; an order that skips or repeats an item is refused."""
    from scoring.batch.workers import run_isolated_as_completed

    items = [10, 11, 12, 13, 14]
    done = list(run_isolated_as_completed(_identity, items, jobs=1, chunksize=2,
                                          order=[3, 0, 4, 1, 2]))
    assert done == [(3, 13), (0, 10), (4, 14), (1, 11), (2, 12)]
    with pytest.raises(ValueError):
        list(run_isolated_as_completed(_identity, items, jobs=1, order=[0, 0, 1, 2, 3]))


def test_units_of_one_family_are_one_group(master_path):
    """A worker builds the templates of every family it meets, so fill hands its workers the
    units of one family together (unit_group, kept on each parcel): units whose key works
    number 7, 8 or 13 are one family and one group; without a 社会效益 row, or in another city,
    the target form is of another family, another group. The master worker's parcels carry it."""
    from scoring.batch.fill import unit_group

    master = load_master(master_path)
    base = master.units[3]
    members = [_with_key_works(base, count) for count in (7, 8, 13)]
    rows = [row for row in base.target_form.indicators if row.level2 != "社会效益"]
    others = [replace(base, target_form=replace(base.target_form, indicators=tuple(rows))),
              replace(base, target_form=replace(base.target_form, city="苏州市"))]
    groups = {unit_group(unit) for unit in members}
    assert len(groups) == 1 and not groups & {unit_group(unit) for unit in others}
    parcels = load_master_isolated(master_path).parcels
    assert [parcel.group for parcel in parcels if parcel.kind == "unit"] == [
        unit_group(unit) for unit in master.units]
