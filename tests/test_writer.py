"""The workbook writer: names, protection, validation, print settings, text safety, metadata.

These tests read the generated workbooks back with openpyxl (as a reader or a user's Excel
would) and check the cells a reader depends on against the 2024 example (DOMAIN.md §1, §3).
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from openpyxl import load_workbook
from python_calamine import CalamineWorkbook

import addin
from scoring import forms
from scoring.errors import WorkbookFileError
from scoring.example import load_example
from scoring.forms import EVALUATION_FORM, METADATA_SHEET, TARGET_FORM
from scoring.framework import Framework, Indicator, Inputs
from scoring.workbook.files import save_workbook, workbook_filename
from scoring.workbook.metadata import framework_checksum, read_metadata
from scoring.workbook.snapshot import reopened
from scoring.workbook.writer import build_evaluation_workbook, build_target_workbook
from scoring.workbook.xlsx_writer import workbook_bytes

EXAMPLE = load_example()


def evaluation(variant="portable", inputs=EXAMPLE.inputs, framework=EXAMPLE.framework):
    return reopened(build_evaluation_workbook(
        framework, inputs, unit_name="南京市人民政府办公厅", unit_code="001", year=2024,
        variant=variant))


def target(variant="portable", form=EXAMPLE.target_form):
    return reopened(build_target_workbook(form, variant))


def cell(wb, name):
    """The cell a single-cell defined name points at."""
    (sheet, ref), = wb.defined_names[name].destinations
    return wb[sheet][ref.replace("$", "")]


def column_values(wb, name):
    (sheet, ref), = wb.defined_names[name].destinations
    return [row[0].value for row in wb[sheet][ref.replace("$", "")]]


def test_evaluation_names_point_at_the_total_rows():
    wb = evaluation()
    codes = column_values(wb, "eval_code")
    assert codes[0] == "A11" and codes[-2:] == ["F1", "F2"] and len(codes) == 32
    total = cell(wb, "total_score")
    assert total.row == EVALUATION_FORM.first_data_row + len(codes)
    assert cell(wb, "grade").row == total.row + 1
    assert cell(wb, "total_deduction").coordinate == f"G{total.row}"
    assert total.value.startswith("=IF(")
    assert wb["自评表"][f"A{total.row}"].value == "总得分（100 分）"
    for code in ("A", "A1", "B", "C2", "E1", "F", "F1", "F2"):
        assert cell(wb, f"subtotal_{code}").value.startswith("=")


def test_evaluation_inputs_are_written_where_the_reader_expects_them():
    wb = evaluation()
    rows = dict(zip(column_values(wb, "eval_code"), range(EVALUATION_FORM.first_data_row, 99)))
    ws = wb["自评表"]
    col = {c.key: c.letter for c in EVALUATION_FORM.columns}
    assert ws[f"{col['actual']}{rows['C11']}"].value == 0.99
    assert ws[f"{col['actual']}{rows['C11']}"].number_format == forms.PERCENT_NUMBER_FORMAT
    assert ws[f"{col['actual']}{rows['A41']}"].value == "基本达成"
    # B11: the entered 1.5 differs from the rule's 2 → written as the evaluator's score.
    assert ws[f"{col['override']}{rows['B11']}"].value == 1.5
    # A11: entered 2 equals the computed 2 → no override, the item keeps scoring live.
    assert ws[f"{col['override']}{rows['A11']}"].value is None
    # D11 is scored by the evaluator: the entered 30 is its actual value.
    assert ws[f"{col['actual']}{rows['D11']}"].value == 30
    assert ws[f"{col['reason']}{rows['A41']}"].value == "内控制度科学性有待进一步提高"
    assert ws[f"{col['rule']}{rows['C11']}"].value == "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
    assert ws[f"{col['computed']}{rows['C11']}"].value.startswith("=")


def test_protection_input_cells_unlocked_formulas_locked():
    wb = evaluation()
    ws = wb["自评表"]
    assert ws.protection.sheet and not ws.protection.password
    col = {c.key: c.letter for c in EVALUATION_FORM.columns}
    row = EVALUATION_FORM.first_data_row
    for key in ("actual", "override", "reason", "not_applicable"):
        assert ws[f"{col[key]}{row}"].protection.locked is False, key
    for key in ("score", "computed", "lost", "check", "rule", "points"):
        assert ws[f"{col[key]}{row}"].protection.locked is True, key


def test_rule_cells_are_unlocked_in_the_addin_variant_only():
    row = EVALUATION_FORM.first_data_row
    assert evaluation("portable")["自评表"][f"E{row}"].protection.locked is True
    assert evaluation("addin")["自评表"][f"E{row}"].protection.locked is False


def test_addin_variant_uses_the_addin_functions_and_carries_its_settings():
    wb = evaluation("addin")
    ws = wb["自评表"]
    row = EVALUATION_FORM.first_data_row
    assert ws[f"L{row}"].value == f"=PERF_SCORE(K{row},E{row},J{row},meta_policies)"
    assert "PERF_TOTAL(" in cell(wb, "total_score").value
    assert "PERF_GRADE(" in cell(wb, "grade").value
    assert "xlwings.conf" in wb.sheetnames
    conf = wb["xlwings.conf"]
    assert (conf["A1"].value, conf["B1"].value) == ("UDF Modules", "addin.udfs")
    # Staff see only the form: the settings sheets are hidden (xlwings reads hidden sheets).
    assert {wb[title].sheet_state for title in ("xlwings.conf", addin.CONF_SHEET)} == {"hidden"}
    assert wb.active.title == "自评表" and wb.active.sheet_state == "visible"
    f1 = column_values(wb, "eval_code").index("F1") + row
    assert ws[f"L{f1}"].value.startswith("=PERF_BONUS('加分项明细'!$B$3:$C$12,")
    portable = evaluation("portable")
    assert "PERF_" not in str([c.value for r in portable["自评表"].iter_rows() for c in r])


def test_validation_lists_and_messages():
    wb = evaluation()
    ws = wb["自评表"]
    kinds = {dv.type for dv in ws.data_validations.dataValidation}
    assert {"list", "decimal"} <= kinds
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert any("部分达成" in dv.formula1 for dv in lists)
    assert all(dv.prompt for dv in ws.data_validations.dataValidation)
    awards = wb["加分项明细"].data_validations.dataValidation
    assert any("国务院嘉奖" in dv.formula1 for dv in awards)



def test_refused_values_cannot_be_kept():
    """Numbers, percentages, scores and dropdowns refuse (errorStyle stop) what the engine would
    read otherwise: a percent cell takes 0 to 10 (1000%), so a bare 95 is refused."""
    for wb in (evaluation(), target()):
        for ws in wb.worksheets:
            for dv in ws.data_validations.dataValidation:
                if dv.type in ("list", "decimal", "whole"):
                    assert dv.errorStyle == "stop" and dv.showErrorMessage and dv.error, dv.sqref
    ws = evaluation()["自评表"]
    percent = [dv for dv in ws.data_validations.dataValidation
               if dv.type == "decimal" and "百分比" in (dv.promptTitle or "")]
    assert percent and all((dv.operator, dv.formula1, dv.formula2) == ("between", "0", "10")
                           for dv in percent)
    assert "1000%" in percent[0].error


def test_print_settings_reproduce_the_official_form():
    for wb, sheet, layout in ((evaluation(), "自评表", EVALUATION_FORM),
                              (target(), "目标表", TARGET_FORM)):
        ws = wb[sheet]
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
        assert ws.print_title_rows == f"${layout.header_row}:${layout.header_row}"
        assert "&P" in ws.oddFooter.center.text
        assert ws.print_area.split("!")[1].startswith("$A$1:$G$")  # official columns only


def test_text_starting_with_equals_is_never_a_formula():
    leaf = Indicator("A11", "=HYPERLINK(\"x\")", 2.0, 3, description="=1+1",
                     rule_text="=SUM(1,2) 决策制度建立完整，得 2 分。")
    framework = Framework("t", (Indicator("A", "部门决策", 2.0, 1, children=(
        Indicator("A1", "决策机制", 2.0, 2, children=(leaf,)),)),))
    wb = evaluation(framework=framework, inputs=Inputs(reasons={"A11": "=2+2"}))
    ws = wb["自评表"]
    row = EVALUATION_FORM.first_data_row
    for ref in (f"D{row}", f"E{row}", f"G{row}"):
        assert ws[ref].data_type == "s" and ws[ref].value.startswith("="), ref


def test_text_spelled_like_an_error_value_stays_text():
    """A 三级指标, 指标值 or unit name that reads ``#N/A`` is text as typed: openpyxl's own setter
    would write an error cell, which a reader takes for a broken formula (and a workbook patched
    from a template holds text there)."""
    form = EXAMPLE.target_form
    rows = list(form.indicators)
    rows[0] = replace(rows[0], level3="#N/A", full_value="#DIV/0!")
    form = replace(form, unit_name="#REF!", indicators=tuple(rows))
    data = workbook_bytes(build_target_workbook(form, "portable"))
    first = TARGET_FORM.first_data_row
    ws = reopened(build_target_workbook(form, "portable"))["目标表"]
    for ref, text in ((f"E{first}", "#N/A"), (f"G{first}", "#DIV/0!"), ("B3", "#REF!")):
        assert (ws[ref].data_type, ws[ref].value) == ("s", text), ref
    grid = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name("目标表").to_python()
    assert grid[first - 1][4] == "#N/A" and grid[2][1] == "#REF!"
    assert b't="e"' not in data


def test_target_form_header_funding_and_table():
    wb = target()
    form = EXAMPLE.target_form
    assert cell(wb, "form_title").value == "南京市市级部门整体预算绩效目标表"
    assert cell(wb, "form_subtitle").value == "（2024年度）"
    assert cell(wb, "unit_name").value == "南京市人民政府办公厅"
    assert cell(wb, "duties").value.startswith("（一）")
    assert cell(wb, "funding_annual_basic").value == 7056.22
    assert cell(wb, "funding_half_project").value == 210
    assert cell(wb, "funding_annual_total").value == "=E8+E9"
    assert cell(wb, "funding_half_total").value == "=F8+F9"
    assert column_values(wb, "target_level3")[:2] == ["中长期规划制定健全性", "工作计划制定健全性"]
    assert len(column_values(wb, "target_full_value")) == len(form.indicators)
    work_items = [v for v in column_values(wb, "target_work_item") if v]
    assert work_items[0] == "公文办理工作" and len(work_items) == 7
    merged = {str(r) for r in wb["目标表"].merged_cells.ranges}
    first = TARGET_FORM.first_data_row
    assert f"A{first}:A{first + 5}" in merged  # 决策 spans its six rows
    assert f"B{first}:D{first + 1}" in merged  # 计划制定 spans 二级 … 工作内容 outside 履职
    assert cell(wb, "funding_annual_basic").protection.locked is False
    assert cell(wb, "funding_annual_total").protection.locked is True


def test_blank_amounts_stay_empty_in_a_blank_target_template():
    from scoring.commands.template import blank_target_form

    wb = target(form=blank_target_form(EXAMPLE.target_form))
    assert cell(wb, "funding_annual_basic").value is None
    assert cell(wb, "unit_name").value is None
    assert all(v is None for v in column_values(wb, "target_full_value"))


def test_metadata_round_trip_and_checksum():
    wb = evaluation()
    meta = read_metadata(wb)
    assert (meta.form_kind, meta.variant, meta.year, meta.unit_code) == ("evaluation", "portable",
                                                                         "2024", "001")
    assert meta.rules_checksum == framework_checksum(EXAMPLE.framework)
    assert wb[METADATA_SHEET].sheet_state == "hidden"
    assert cell(wb, "meta_form_kind").value == "evaluation"
    changed = replace(EXAMPLE.framework.sections[0], rule_text="x")
    assert framework_checksum(Framework("t", (changed, *EXAMPLE.framework.sections[1:]))) \
        != meta.rules_checksum
    assert read_metadata(target()).form_kind == "target"


def test_read_metadata_refuses_foreign_and_unknown_versions():
    from openpyxl import Workbook

    with pytest.raises(WorkbookFileError) as info:
        read_metadata(Workbook(), file="x.xlsx")
    assert info.value.code == "PS-W005"
    wb = evaluation()
    wb[METADATA_SHEET]["B2"].value = "99"
    with pytest.raises(WorkbookFileError) as info:
        read_metadata(wb)
    assert info.value.code == "PS-W006"


def test_unknown_variant_is_refused():
    with pytest.raises(WorkbookFileError) as info:
        build_target_workbook(EXAMPLE.target_form, "macro")
    assert info.value.code == "PS-W011"


def test_save_is_atomic_and_refuses_to_overwrite(tmp_path):
    wb = build_target_workbook(EXAMPLE.target_form)
    path = tmp_path / "out" / "a.xlsx"
    save_workbook(wb, path)
    assert load_workbook(path)["目标表"]["B3"].value == "南京市人民政府办公厅"
    with pytest.raises(WorkbookFileError) as info:
        save_workbook(wb, path)
    assert info.value.code == "PS-W008"
    save_workbook(wb, path, force=True)
    assert sorted(p.name for p in path.parent.iterdir()) == ["a.xlsx"]  # no temp file left


def test_workbook_filename():
    assert workbook_filename("evaluation", year=2024, unit_code="320100",
                             unit_name="南京市人民政府办公厅") == "2024_320100_南京市人民政府办公厅_自评表.xlsx"
    assert workbook_filename("target", unit_name='a/b:c"', variant="addin") == "a_b_c__目标表_插件版.xlsx"


def _plain_merge(ws, first, last):
    if first != last:
        ws.merge_cells(f"{first}:{last}")


def _parts(data: bytes) -> dict[str, bytes]:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()
                if name != "docProps/core.xml"}  # its created/modified times differ


def test_remembered_styles_and_merges_write_what_openpyxl_writes(monkeypatch):
    """The writers' shortcuts (CellStyle.apply and cells.merge remember style ids per workbook)
    give every form, both variants, byte-identical parts to openpyxl's own way."""
    import sys

    from scoring.batch.fill import _workbook_bytes
    from scoring.commands.template import template_workbooks
    from scoring.workbook import cells, styles

    fast = {name: _parts(_workbook_bytes(wb)) for name, wb in template_workbooks().items()}
    monkeypatch.setattr(styles.CellStyle, "apply", styles.CellStyle.assign)
    fast_merge = cells.merge
    patched = [module for module in list(sys.modules.values())
               if module.__name__.startswith("scoring") and getattr(module, "merge", None) is fast_merge]
    for module in patched:
        monkeypatch.setattr(module, "merge", _plain_merge)
    assert {"scoring.workbook.evaluation_sheet", "scoring.workbook.writer"} <= {m.__name__ for m in patched}
    plain = {name: _parts(_workbook_bytes(wb)) for name, wb in template_workbooks().items()}
    assert len(fast) == 20 and fast.keys() == plain.keys()   # with both project forms' add-in variants
    for name in fast:
        assert fast[name].keys() == plain[name].keys(), name
        for part in fast[name]:
            assert fast[name][part] == plain[name][part], (name, part)


def test_workbooks_are_the_same_bytes_with_or_without_lxml():
    """python-docx brings lxml, which would switch openpyxl to writing every Chinese character
    as a character reference; importing scoring keeps openpyxl's standard-library writer."""
    import subprocess
    import sys

    code = ("import scoring, openpyxl, io, zipfile\n"
            "from scoring.workbook.writer import build_target_workbook\n"
            "from scoring.example import load_example\n"
            "b = io.BytesIO(); build_target_workbook(load_example().target_form).save(b)\n"
            "xml = zipfile.ZipFile(b).read('xl/worksheets/sheet1.xml')\n"
            "print(openpyxl.LXML, '南京市人民政府办公厅'.encode() in xml, b'&#' in xml)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          env={k: v for k, v in __import__("os").environ.items() if k != "OPENPYXL_LXML"})
    assert done.stdout.split() == ["False", "True", "False"]


def test_remembered_looks_match_openpyxl_on_random_cells_and_merges():
    """Random sequences of looks (with and without fill, number formats None / '' / a format,
    borders with and without a style on a side) and merges, applied the remembered way and
    openpyxl's way, leave every cell with the same style ids (the cases the 12 templates do not
    reach: a look without fill over a filled cell, a bottom-right border given to the top-left
    cell, an edge whose side has no style)."""
    import random

    from openpyxl import Workbook
    from openpyxl.styles import Border, Protection, Side
    from openpyxl.utils import get_column_letter

    from scoring.workbook import cells, styles

    looks = [styles.TITLE, styles.HEADING, styles.LABEL, styles.body("input"),
             styles.body("computed", "left"), styles.CHECK, styles.NOTE, styles.LONG_TEXT_INPUT,
             styles.CellStyle(styles._BODY, styles._LEFT_TOP, Border(left=Side("thick"), bottom=Side("dashed")),
                              None, Protection(locked=False, hidden=True)),
             styles.CellStyle(styles._BODY, styles._LEFT_TOP, Border(right=Side("double"), top=Side()),
                              styles.INPUT_FILL, styles.LOCKED)]
    formats = [None, "", "0.00", "General", "0%"]
    for seed in range(120):
        outcomes = []
        for remembered in (True, False):
            rng = random.Random(seed)
            ws = Workbook().active
            taken: set[tuple[int, int]] = set()
            for _ in range(50):
                if rng.random() < 0.7:
                    cell = ws.cell(rng.randint(1, 7), rng.randint(1, 7))
                    if isinstance(cell, cells.MergedCell):
                        continue
                    look, number_format = rng.choice(looks), rng.choice(formats)
                    (look.apply if remembered else look.assign)(cell, number_format)
                else:
                    row, column = rng.randint(1, 7), rng.randint(1, 7)
                    last_row, last_column = row + rng.randint(0, 2), column + rng.randint(0, 2)
                    covered = {(r, c) for r in range(row, last_row + 1) for c in range(column, last_column + 1)}
                    if covered & taken or len(covered) == 1:
                        continue
                    taken |= covered
                    first = f"{get_column_letter(column)}{row}"
                    last = f"{get_column_letter(last_column)}{last_row}"
                    if remembered:
                        cells.merge(ws, first, last)
                    else:
                        ws.merge_cells(f"{first}:{last}")
            outcomes.append(({at: (type(cell).__name__, cell._style and tuple(cell._style))
                              for at, cell in ws._cells.items()},
                             sorted(map(str, ws.merged_cells.ranges))))
        assert outcomes[0] == outcomes[1], seed


def test_a_merge_over_a_merged_range_is_refused():
    from openpyxl import Workbook

    from scoring.workbook import cells

    ws = Workbook().active
    cells.merge(ws, "A1", "C3")
    with pytest.raises(ValueError, match="overlaps"):
        cells.merge(ws, "B2", "D4")
    # a range reaching only the top-left cell of a merged one overlaps it too
    cells.merge(ws, "F2", "G3")
    ws["F2"] = "kept"
    with pytest.raises(ValueError, match="overlaps"):
        cells.merge(ws, "E2", "F2")
    assert ws["F2"].value == "kept" and sorted(map(str, ws.merged_cells.ranges)) == ["A1:C3", "F2:G3"]
    # ranges merged another way are known as well; a one-cell "range" is no merge, whatever the case
    ws.merge_cells("A10:B11")
    with pytest.raises(ValueError, match="overlaps"):
        cells.merge(ws, "A9", "A10")
    cells.merge(ws, "J1", "j1")
    assert "J1" not in {str(merged) for merged in ws.merged_cells.ranges}


def test_a_saved_workbook_is_not_kept_alive_by_the_style_sheet_cache():
    """The style sheets remembered by xlsx_writer are keyed by values, not by objects that hold
    their workbook (a named style does): a saved workbook is freed when its user lets go."""
    import gc
    import weakref

    from scoring.example import load_example
    from scoring.workbook.writer import build_target_workbook

    wb = build_target_workbook(load_example().target_form)
    workbook_bytes(wb)
    gone = weakref.ref(wb)
    del wb
    gc.collect()
    assert gone() is None


def test_a_single_cell_range_is_openpyxls_own():
    """cells.single_cell_range stores a range's bounds without openpyxl's checks: the same
    object state as ``CellRange(ref)``, equal, hashed alike and written alike."""
    from openpyxl.worksheet.cell_range import CellRange

    from scoring.workbook.cells import single_cell_range

    for ref in ("A1", "C7", "AB123", "XFD1048576"):
        fast, own = single_cell_range(ref), CellRange(ref)
        assert vars(fast) == vars(own) and fast == own and hash(fast) == hash(own)
        assert str(fast) == str(own) == ref and fast.coord == ref


def test_validation_copies_are_what_openpyxl_builds():
    """Validations._make copies the object made once per kind, values and cap, with the row's
    own prompt: every validation the forms declare, with prompts long and short, gives the
    attributes openpyxl's constructor gives for the same arguments, and an empty range of its
    own."""
    from dataclasses import replace

    from scoring import forms
    from scoring.forms import Validation
    from scoring.workbook.cells import Validations, _validation_object

    declared = [value for value in vars(forms).values() if isinstance(value, Validation)]
    assert len(declared) >= 15
    for validation in declared:
        for prompt_title, prompt in (("", ""), ("标题", "应达到“≥99%”"), ("长" * 40, "文" * 300)):
            wanted = replace(validation, prompt_title=prompt_title, prompt=prompt)
            values = tuple(validation.values or ("是", "否"))  # as Validations.add passes them
            for top in {10.0 if validation.max_is_points else validation.maximum, None}:
                if validation.kind == "length" and validation.maximum is None:
                    continue
                made = Validations._make(wanted, values, top)
                own = _validation_object.__wrapped__(wanted, values, top)
                assert dict(made) == dict(own), validation
                assert (made.formula1, made.formula2) == (own.formula1, own.formula2)
                assert not made.sqref.ranges and made.sqref is not own.sqref
    first, second = (Validations._make(declared[0], (), None) for _ in range(2))
    first.sqref.ranges.add("A1")
    assert not second.sqref.ranges  # each copy its own cells


def test_text_units_count_cjk_twice():
    import random

    from scoring.workbook.cells import text_units

    rng = random.Random(7)
    for _ in range(300):
        text = "".join(chr(rng.choice((rng.randrange(0x20, 0x7F), rng.randrange(0x2E70, 0x2E90),
                                       rng.randrange(0x4E00, 0x9FFF), rng.randrange(0x1F300, 0x1F600))))
                       for _ in range(rng.randrange(0, 60)))
        assert text_units(text) == sum(2 if ord(ch) > 0x2E7F else 1 for ch in text), text
