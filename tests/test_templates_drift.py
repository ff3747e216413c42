"""The committed workbooks in xlsx_templates/ are exactly what `perfscore template` generates.

Compared by content (cells, formulas, styles that matter, merges, validations, conditional
formats, names, protection, print settings, widths and heights), since openpyxl output carries
timestamps. Regenerate with ``perfscore template --force`` when this fails.
"""

from __future__ import annotations

from pathlib import Path

from scoring.commands.template import check_folder, template_workbooks
from scoring.workbook.snapshot import describe, differences, reopened

FOLDER = Path(__file__).resolve().parent.parent / "xlsx_templates"


def test_committed_templates_match_the_generator():
    assert check_folder(FOLDER) == []


def test_folder_holds_both_forms_in_both_variants_and_the_example():
    names = set(template_workbooks())
    assert {path.name for path in FOLDER.glob("*.xlsx")} == names
    for kind in ("target", "evaluation", "project_evaluation", "project_target"):
        for variant in ("portable", "addin"):
            assert f"blank_{kind}_{variant}.xlsx" in names
            assert f"example_2024_{kind}_{variant}.xlsx" in names


def test_the_comparison_notices_a_changed_cell():
    wb = template_workbooks()["example_2024_evaluation_portable.xlsx"]
    expected = describe(reopened(wb))
    wb["自评表"]["E5"].value = "决策制度建立完整，得 1 分。"
    found = differences(expected, describe(reopened(wb)))
    assert found and "E5" in found[0]
