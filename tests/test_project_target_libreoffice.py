"""The project target declaration's live checks, recalculated in headless LibreOffice (#16).

Good and bad declarations are written, recalculated in one soffice run and read back: the
funds check (资金总额 = 财政拨款 + 其他资金, both columns, the core's tolerance) and each row's
指标值 check (missing value, value without a name, a value with digits that does not read)
show exactly what they should, and agree with :func:`scoring.project.check_target` where both
look at the same thing. The 中期（长期）group has the same checks row for row, in both variants
(the add-in variant's engine check needs the add-in: without it LibreOffice shows the other
checks only), and its rows read back into the mid-term group.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from scoring.forms import PROJECT_TARGET_CHECK_TEXTS as TEXTS
from scoring.project import DeclaredFunds, DeclaredIndicator, check_target
from scoring.project.example import example_target
from scoring.workbook.project_target_reader import read_project_target
from scoring.workbook.project_target_sheet import (blank_project_target,
                                                   build_project_target_workbook)
from scoring.workbook.reader import open_workbook

pytestmark = pytest.mark.libreoffice

VALUES: list[tuple[str, Any, str]] = [
    # (三级指标, 指标值, what the 提示 shows)
    ("人数", "≥1200人", ""), ("合格率", "≥95%", ""), ("用时", "≤30天", ""), ("比率", "=100%", ""),
    ("下限", "不低于95%", ""), ("以上", "95%以上", ""), ("全角", "＞＝90%", ""), ("降幅", "下降5%", ""),
    ("数字", 12, ""), ("定性", "效果明显", ""), ("质量", "健全", ""),
    ("重复符号", "≥≥5", TEXTS["value_unreadable"]), ("约数", "约95%", TEXTS["value_unreadable"]),
    ("缺值", None, TEXTS["value_missing"]), ("", "≥3个", TEXTS["name_missing"]),
]
ROWS = tuple(DeclaredIndicator("产出指标", "数量指标", name, value) for name, value, _ in VALUES)

DECLARATIONS = {
    "example": example_target(),
    "values": replace(example_target(), indicators=ROWS),
    "funds_bad": replace(example_target(), funds={"mid": DeclaredFunds(300, 270, 20),
                                                  "annual": DeclaredFunds(100, 90, 9.5)}),
    "funds_rounding": replace(example_target(), funds={"mid": DeclaredFunds(300, 270, 30.01),
                                                       "annual": DeclaredFunds(100, 90.005, 9.99)}),
    "funds_annual_only": replace(example_target(), funds={"mid": DeclaredFunds(300, None, None),
                                                          "annual": DeclaredFunds(100, 95, 10)}),
    "blank": blank_project_target(),
    "mid_values": replace(example_target(), mid_indicators=ROWS),
}
#: Declarations written in the add-in variant as well (suffix ``_addin``).
ADDIN = ("example", "mid_values")


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory) -> dict[str, Any]:
    """name → recalculated workbook, all in one soffice run."""
    from scoring.workbook.libreoffice import recalculate

    folder = tmp_path_factory.mktemp("project_target")
    paths = []
    for name, target in DECLARATIONS.items():
        for variant in ("portable", "addin") if name in ADDIN else ("portable",):
            path = folder / f"{name}{'_addin' if variant == 'addin' else ''}.xlsx"
            build_project_target_workbook(target, variant, year=2024).save(path)
            paths.append(path)
    outputs = recalculate(paths, folder / "out", timeout=240)
    return {path.stem: open_workbook(path) for path in outputs}


def _funds_check(book: Any) -> str:
    return book.named("proj_target_funds_check") or ""


def test_a_good_declaration_shows_no_check(recalculated):
    for name in ("example", "example_addin", "blank", "funds_rounding"):
        book = recalculated[name]
        assert _funds_check(book) == "", name
        assert all(not check for check in book.column("proj_target_check")), name
        assert all(not check for check in book.column("proj_target_mid_check")), name


def test_the_funds_check_flags_each_column_that_is_not_its_parts(recalculated):
    sum_text = TEXTS["funds_sum"]
    assert _funds_check(recalculated["funds_bad"]) == (
        sum_text.format(column="中期资金总额") + sum_text.format(column="年度资金总额"))
    assert _funds_check(recalculated["funds_annual_only"]) == sum_text.format(column="年度资金总额")


@pytest.mark.parametrize("name", ["funds_bad", "funds_rounding", "funds_annual_only", "example"])
def test_the_funds_check_agrees_with_the_core(recalculated, name):
    book = recalculated[name]
    target = read_project_target(book)
    flagged = {column for column, label in (("mid", "中期资金总额"), ("annual", "年度资金总额"))
               if TEXTS["funds_sum"].format(column=label) in _funds_check(book)}
    core = {issue.item.removeprefix("funds.") for issue in check_target(target)
            if issue.code == "PS-X107"}
    assert flagged == core


def test_each_value_check_shows_what_it_should(recalculated):
    checks = recalculated["values"].column("proj_target_check")
    assert [check or "" for check in checks] == [expected for _, _, expected in VALUES]


def test_the_mid_term_group_is_checked_row_for_row_as_the_annual_one(recalculated):
    book = recalculated["mid_values"]
    assert [check or "" for check in book.column("proj_target_mid_check")] == [
        expected for _, _, expected in VALUES]
    assert all(not check for check in book.column("proj_target_check"))
    target = read_project_target(book)
    assert target.mid_indicators == ROWS and target.indicators == example_target().indicators
    core = {int(issue.item.removeprefix("mid_indicator.")) for issue in check_target(target)
            if issue.code == "PS-T001"}
    assert core == {12, 13} == {index + 1 for index, (_, _, expected) in enumerate(VALUES)
                                if expected == TEXTS["value_unreadable"]}


def test_the_addin_variant_checks_the_mid_term_group_too(recalculated):
    """Without the add-in (LibreOffice) PERF_TARGET_MET is #NAME?: the engine's 指标值 check stays
    quiet, the others show as in the portable variant; the workbook reads back the same."""
    book = recalculated["mid_values_addin"]
    assert [check or "" for check in book.column("proj_target_mid_check")] == [
        "" if expected == TEXTS["value_unreadable"] else expected for _, _, expected in VALUES]
    assert read_project_target(book) == read_project_target(recalculated["mid_values"])


def test_the_value_check_agrees_with_the_core_on_unreadable_values(recalculated):
    book = recalculated["values"]
    target = read_project_target(book)
    core = {int(issue.item.removeprefix("indicator.")) for issue in check_target(target)
            if issue.code == "PS-T001"}
    checks = book.column("proj_target_check")
    live = {index + 1 for index, check in enumerate(checks) if TEXTS["value_unreadable"] in (check or "")}
    # the reader leaves out no row here (each has a name or a value), so positions match
    assert len(target.indicators) == len(VALUES)
    assert live == core == {12, 13}
