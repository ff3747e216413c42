"""Rows that repeat (scoring.batch.stretch): a part compiled once and written with copies of a
row, as a spreadsheet inserts rows. Each expected text below is what Excel does when rows are
inserted under row 3 (and what the fill's writer writes for a longer run)."""

from __future__ import annotations

import re

from scoring.batch.stretch import Rows, canonical, compile_names, compile_part, compile_sheet, run

PLACEHOLDER = re.compile(rb"PH\d+X")


def slot(placeholder: bytes, copy: int) -> bytes:
    """Each copy's own placeholder: PH3X on the second copy is PH3X-2."""
    return placeholder + (b"-%d" % copy if copy else b"")


def no_height(row: int, copy: int) -> bytes:
    raise AssertionError("no row is fitted here")


def sheet(rows: str, tail: str = "", dimension: str = "A1:C5") -> bytes:
    return (f'<worksheet><dimension ref="{dimension}" /><sheetData>{rows}</sheetData>{tail}'
            "</worksheet>").encode()


def written(xml: bytes, plan: dict[int, int], copied=(3,), fitted=(), own=lambda xml: False,
            height=no_height) -> str:
    ops = compile_sheet(xml, "表", copied, fitted, PLACEHOLDER, own)
    return run(ops, Rows(plan), slot, height).decode()


def test_rows_move_below_each_copied_row():
    rows = Rows({3: 2, 7: 1})
    assert [rows.new(row) for row in (1, 3, 4, 7, 8)] == [1, 3, 6, 9, 11]
    assert (rows.copies(3), rows.copies(4)) == (2, 0)


def test_cells_and_their_formulas_follow_the_copies():
    xml = sheet('<row r="2"><c r="A2"><f>SUM(B3:B4)</f><v /></c></row>'
                '<row r="3" ht="20"><c r="B3" t="inlineStr"><is><t>PH1X</t></is></c>'
                '<c r="C3"><f>IF(B3&lt;&gt;"",B3*$C$1,"A3")&amp;LOG10(4)</f><v /></c></row>'
                '<row r="4"><c r="B4"><f>B3+B5+mon_level1</f><v /></c></row>')
    text = written(xml, {3: 2})
    assert text == sheet(
        '<row r="2"><c r="A2"><f>SUM(B3:B6)</f><v /></c></row>'
        '<row r="3" ht="20"><c r="B3" t="inlineStr"><is><t>PH1X</t></is></c>'
        '<c r="C3"><f>IF(B3&lt;&gt;"",B3*$C$1,"A3")&amp;LOG10(4)</f><v /></c></row>'
        '<row r="4" ht="20"><c r="B4" t="inlineStr"><is><t>PH1X-1</t></is></c>'
        '<c r="C4"><f>IF(B4&lt;&gt;"",B4*$C$1,"A3")&amp;LOG10(4)</f><v /></c></row>'
        '<row r="5" ht="20"><c r="B5" t="inlineStr"><is><t>PH1X-2</t></is></c>'
        '<c r="C5"><f>IF(B5&lt;&gt;"",B5*$C$1,"A3")&amp;LOG10(4)</f><v /></c></row>'
        '<row r="6"><c r="B6"><f>B3+B7+mon_level1</f><v /></c></row>',
        dimension="A1:C7").decode()
    # No copies: the part as it was.
    assert written(xml, {}) == xml.decode()


def test_merged_areas_grow_over_a_copied_row_and_one_on_it_is_copied():
    tail = ('<mergeCells count="3"><mergeCell ref="A2:A4" /><mergeCell ref="B3:C3" />'
            '<mergeCell ref="A5:C5" /></mergeCells>')
    text = written(sheet('<row r="3" />', tail), {3: 1})
    assert ('<mergeCells count="4"><mergeCell ref="A2:A5" /><mergeCell ref="B3:C3" />'
            '<mergeCell ref="B4:C4" /><mergeCell ref="A6:C6" /></mergeCells>') in text


def test_validations_gain_the_copies_or_are_copied_with_their_row():
    tail = ('<dataValidations count="2">'
            '<dataValidation sqref="B2 B3 B5" type="list"><formula1>$A$1:$A$4</formula1>'
            '</dataValidation>'
            '<dataValidation sqref="C3" prompt="对照 PH2X 填写" /></dataValidations>')
    text = written(sheet('<row r="3" />', tail), {3: 2}, own=lambda xml: b"PH" in xml)
    assert ('<dataValidations count="4">'
            '<dataValidation sqref="B2 B3 B4 B5 B7" type="list"><formula1>$A$1:$A$6</formula1>'
            '</dataValidation>'
            '<dataValidation sqref="C3" prompt="对照 PH2X 填写" />'
            '<dataValidation sqref="C4" prompt="对照 PH2X-1 填写" />'
            '<dataValidation sqref="C5" prompt="对照 PH2X-2 填写" /></dataValidations>') in text


def test_conditional_formats_grow_and_keep_their_rules():
    tail = ('<conditionalFormatting sqref="B2:B4 C3"><cfRule type="expression">'
            '<formula>$O2&gt;0</formula></cfRule></conditionalFormatting>')
    text = written(sheet('<row r="3" />', tail), {3: 1})
    assert ('<conditionalFormatting sqref="B2:B5 C3 C4"><cfRule type="expression">'
            '<formula>$O2&gt;0</formula></cfRule></conditionalFormatting>') in text


def test_fitted_rows_get_the_callers_height_per_copy():
    """Only the row tag's height is the caller's: a cell's text saying ``ht="20"`` (quotes are
    not escaped in text) stays as typed (found by a review: a 二级 name ``S ht="24"`` read back
    as the row's height)."""
    xml = sheet('<row r="3" ht="20" customHeight="1"><c r="A3" t="inlineStr"><is>'
                '<t>S ht="20"</t></is></c></row>')
    text = written(xml, {3: 1}, fitted={3},
                   height=lambda row, copy: b' ht="%d"' % (30 + copy))
    assert ('<row r="3" ht="30" customHeight="1"><c r="A3" t="inlineStr"><is><t>S ht="20"</t>'
            '</is></c></row><row r="4" ht="31" customHeight="1"><c r="A4" t="inlineStr"><is>'
            '<t>S ht="20"</t></is></c></row>') in text


def test_defined_names_move_only_on_their_sheet():
    xml = ('<workbook><definedNames>'
           "<definedName name=\"level1\">'表'!$A$3:$A$9</definedName>"
           "<definedName name=\"meta\">'perfscore_meta'!$B$7</definedName>"
           "<definedName name=\"_xlnm.Print_Titles\" localSheetId=\"0\">'表'!$2:$2</definedName>"
           "<definedName name=\"_xlnm.Print_Area\" localSheetId=\"0\">'表'!$A$1:$G$9</definedName>"
           "<definedName name=\"total\">'表'!$E$10</definedName>"
           '</definedNames></workbook>').encode()
    text = run(compile_names(xml, "表", PLACEHOLDER), Rows({3: 2}), slot, no_height).decode()
    assert "'表'!$A$3:$A$11<" in text and "'perfscore_meta'!$B$7<" in text
    assert "'表'!$2:$2<" in text and "'表'!$A$1:$G$11<" in text and "'表'!$E$12<" in text


def test_other_parts_fill_their_placeholders_only():
    ops = compile_part(b"<t>PH7X</t><t>A3</t>", PLACEHOLDER)
    assert run(ops, Rows({3: 5}), lambda p, copy: b"<" + p + b">", no_height) == (
        b"<t><PH7X></t><t>A3</t>")


def test_canonical_ignores_only_the_order_of_merges_and_validations():
    one = sheet("", '<mergeCells count="2"><mergeCell ref="B1:C1" /><mergeCell ref="A1:A2" />'
                    '</mergeCells><dataValidations count="1"><dataValidation sqref="B2 A2" />'
                    '</dataValidations>')
    other = sheet("", '<mergeCells count="2"><mergeCell ref="A1:A2" /><mergeCell ref="B1:C1" />'
                      '</mergeCells><dataValidations count="1"><dataValidation sqref="A2 B2" />'
                      '</dataValidations>')
    assert canonical(one) == canonical(other)
    assert canonical(one) != canonical(one.replace(b"B1:C1", b"B1:D1"))
    assert canonical(one) != canonical(one.replace(b'mergeCells count="2"', b'mergeCells count="3"'))


def test_only_references_to_the_sheet_move_and_strings_stay():
    """Other sheets (quoted with a doubled quote too), another workbook's sheet, strings with
    doubled quotes, array constants, function names and names stay as they are; a bare row
    range in a formula is not guessed at."""
    formula = ("=SUM('表'!B3:B4)+'O''Neil'!B5+[1]表!B5+other!B6+LOG10(B5)+mon_level5"
               '&"B5 ""B6"""&{"B5","B6"}&ROWS(6:6)')
    xml = sheet(f'<row r="3"><c r="A3"><f>{formula[1:]}</f><v /></c></row>')
    assert written(xml, {3: 1}, copied=(3,)) == sheet(
        '<row r="3"><c r="A3"><f>'
        + "SUM('表'!B3:B5)+'O''Neil'!B5+[1]表!B5+other!B6+LOG10(B6)+mon_level5"
        + '&"B5 ""B6"""&{"B5","B6"}&ROWS(6:6)</f><v /></c></row>'
        + '<row r="4"><c r="A4"><f>'
        + "SUM('表'!B3:B5)+'O''Neil'!B5+[1]表!B5+other!B6+LOG10(B6)+mon_level5"
        + '&"B5 ""B6"""&{"B5","B6"}&ROWS(6:6)</f><v /></c></row>', dimension="A1:C6").decode()


def test_a_selection_moves_but_gains_no_copies():
    """Only a list of ranges (``sqref``) takes the copied row's cells; a single reference (the
    active cell, a pane's top-left cell, a hyperlink's cell) only moves (found by a review)."""
    head = '<sheetViews><sheetView><pane topLeftCell="A3" /><selection activeCell="B3" sqref="B3" />'
    xml = (f'<worksheet><dimension ref="A1:C5" />{head}</sheetView></sheetViews><sheetData>'
           '<row r="3" /><row r="5" /></sheetData><hyperlinks><hyperlink ref="C5" /></hyperlinks>'
           '</worksheet>').encode()
    text = written(xml, {3: 2})
    assert '<pane topLeftCell="A3" /><selection activeCell="B3" sqref="B3 B4 B5" />' in text
    assert '<hyperlink ref="C7" />' in text
