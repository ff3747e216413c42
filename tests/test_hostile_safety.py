"""The gatekeeper's own edges: limits, chunk boundaries, UTF-16 parts, error cells."""

from __future__ import annotations

import pytest
from hostile.corpus import (
    EVALUATION_SHEET_PART,
    product_workbook,
    rezip,
    with_part,
    zip_parts,
)

from scoring.errors import WorkbookFileError
from scoring.workbook.safety import DEFAULT_LIMITS, Limits, inspect_workbook_bytes


def _refused(data: bytes, limits: Limits = DEFAULT_LIMITS) -> WorkbookFileError:
    with pytest.raises(WorkbookFileError) as info:
        inspect_workbook_bytes(data, "x.xlsx", limits)
    return info.value


def test_the_product_workbooks_pass_with_their_extent():
    facts = inspect_workbook_bytes(product_workbook(), "x.xlsx")
    assert facts.sheets[0].part == EVALUATION_SHEET_PART
    assert (facts.sheets[0].rows, facts.sheets[0].columns) == (42, 18)
    assert facts.error_cells == {} and not facts.macros
    target = inspect_workbook_bytes(product_workbook("target"), "t.xlsx")
    assert (target.sheets[0].rows, target.sheets[0].columns) == (55, 8)


def test_limits_are_settings():
    data = product_workbook()
    assert _refused(data, Limits(max_cells=42 * 18 - 1)).code == "PS-W009"
    assert _refused(data, Limits(max_file_bytes=len(data) - 1)).code == "PS-W004"
    assert _refused(data, Limits(max_total_bytes=1000)).code == "PS-W004"
    assert _refused(data, Limits(max_parts=3)).code == "PS-W004"


def test_a_declaration_straddling_a_chunk_boundary_is_found():
    def edit(xml: bytes) -> bytes:
        padding = b"<!--" + b" " * (65536 - 10) + b"-->"
        return b'<?xml version="1.0"?>' + padding + b'<!DOCTYPE x [<!ENTITY a "b">]>' + xml
    error = _refused(with_part(product_workbook(), EVALUATION_SHEET_PART, edit))
    assert error.code == "PS-W009" and "sheet1.xml" in error.message


def test_a_utf16_part_is_scanned_too():
    xml = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x [<!ENTITY a "b">]><r/>'
    data = with_part(product_workbook(), "docProps/app.xml", lambda _: xml.encode("utf-16"))
    assert _refused(data).code == "PS-W009"


def test_cells_without_references_are_bounded_conservatively():
    def edit(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", b'<row r="900000"><c><v>1</v></c><c><v>2</v></c>'
                                            b"<c><v>3</v></c></row></sheetData>")
    error = _refused(with_part(product_workbook(), EVALUATION_SHEET_PART, edit))
    assert error.code == "PS-W009" and "第 900000 行、第 21 列" in error.message


def test_error_cells_are_found_with_their_sheet_even_across_chunks():
    def edit(xml: bytes) -> bytes:
        filler = b"".join(b'<c r="Z%d" t="inlineStr"><is><t>%s</t></is></c>' % (i, b"x" * 500)
                          for i in range(1, 300))
        return xml.replace(b"</sheetData>", b'<row r="60">' + filler + b'</row><row r="61">'
                           b'<c r="B61" t="e"><f>1/0</f><v>#DIV/0!</v></c></row></sheetData>')
    facts = inspect_workbook_bytes(with_part(product_workbook(), EVALUATION_SHEET_PART, edit), "x")
    assert facts.error_cells == {("自评表", 61, 2): "#DIV/0!"}


def test_stored_parts_are_checked_like_deflated_ones():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in zip_parts(product_workbook()).items():
            archive.writestr(name, data)
    assert inspect_workbook_bytes(out.getvalue(), "x").parts == 11
    damaged = bytearray(out.getvalue())
    damaged[damaged.index(b"<sheetData>") + 3] ^= 0x20
    assert _refused(bytes(damaged)).code == "PS-W002"


def test_a_rezipped_workbook_is_the_same_workbook():
    assert inspect_workbook_bytes(rezip(zip_parts(product_workbook())), "x").sheets == \
        inspect_workbook_bytes(product_workbook(), "x").sheets
