"""The monitoring form's workbook (issue #12): written, read back, judged, recalculated.

The example round-trips (write → read → the engine's lights); every declared name is in the
written workbooks and documented; protection, validation and print settings survive a reopen;
problems are located by cell; and in LibreOffice the native lights and counts of the example
and of a matrix of forms at every rule's boundaries are what the engine says.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from scoring import forms, vocab
from scoring.errors import MonitoringError, WorkbookFileError
from scoring.example import load_example
from scoring.forms import MONITORING_FORM, MONITORING_FUND_COLUMNS
from scoring.monitoring import (FundEntry, Funds, IndicatorEntry, MonitoringForm, Period,
                                example_monitoring, monitor)
from scoring.policies import DEFAULT_POLICIES, parse_policies
from scoring.target_form import Funding, TargetForm, TargetIndicator
from scoring.workbook.monitoring_reader import read_monitoring, score_monitoring
from scoring.workbook.monitoring_sheet import (build_monitoring_workbook, missing_text,
                                               template_monitoring_workbooks)
from scoring.workbook.reader import open_workbook
from scoring.workbook.writer import build_target_workbook

openpyxl = pytest.importorskip("openpyxl")

DOC = Path(__file__).resolve().parent.parent / "docs" / "names.md"
SHEET = MONITORING_FORM.sheet
#: What score_monitoring adds to the engine's JSON.
READ_KEYS = ("file", "variant", "not_calculated", "disagreements")


def _save(wb: Any, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _judged(path: Path) -> dict[str, Any]:
    return score_monitoring(read_monitoring(open_workbook(path)))


def _as_engine(judged: dict[str, Any]) -> dict[str, Any]:
    """The engine's part of a judged workbook: without what reading adds (cells, file …)."""
    issues = [{key: value for key, value in issue.items() if key != "cell"}
              for issue in judged["issues"]]
    return {**{key: value for key, value in judged.items() if key not in READ_KEYS},
            "issues": issues}


def _engine(form: MonitoringForm, policies=DEFAULT_POLICIES) -> dict[str, Any]:
    return monitor(form, policies).to_dict()


def _ref(wb: Any, name: str) -> tuple[str, str]:
    """(sheet, first cell) of a defined name."""
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return sheet, ref.replace("$", "").split(":")[0]


def _cell(wb: Any, name: str, row: int = 0) -> Any:
    sheet, ref = _ref(wb, name)
    cell = wb[sheet][ref]
    return wb[sheet].cell(cell.row + row, cell.column)


def _declared_names() -> set[str]:
    return ({column.name for column in MONITORING_FORM.columns + MONITORING_FUND_COLUMNS}
            | {cell.name for cell in MONITORING_FORM.cells}
            | {f"meta_{key}" for key, _ in forms.METADATA_FIELDS})


# --------------------------------------------------------------------------- round trip
@pytest.mark.parametrize("variant", forms.VARIANTS)
def test_the_example_round_trips_to_the_engines_lights(tmp_path, variant):
    form = example_monitoring()
    path = _save(build_monitoring_workbook(form, variant), tmp_path / f"{variant}.xlsx")
    judged = _judged(path)
    assert _as_engine(judged) == _engine(form)
    assert judged["lights"] == {"green": 36, "amber": 4, "red": 2}
    assert judged["illustrative"] == form.illustrative and judged["variant"] == variant
    # openpyxl stores no formula results: the lit cells and counts are not calculated.
    assert judged["disagreements"] == [] and judged["not_calculated"] == 42 + 3


def test_the_example_shows_its_values_and_says_they_are_illustrative():
    form = example_monitoring()
    wb = build_monitoring_workbook(form)
    assert _cell(wb, "monitor_note").value == form.illustrative
    assert "示意数据" in form.illustrative
    assert _cell(wb, "unit_name").value == form.unit_name
    assert _cell(wb, "monitor_period").value == "1-6月"
    assert _cell(wb, "monitor_year").value == 2024
    assert _cell(wb, "time_progress").value == "=6/12"
    basic = _cell(wb, "mon_fund_executed", 1)
    assert basic.value == form.funds.basic.executed
    index = next(i for i, row in enumerate(form.indicators) if row.target.level3 == "预算执行率")
    assert _cell(wb, "mon_actual", index).value == form.indicators[index].entry.actual
    assert _cell(wb, "mon_actual", index).number_format == forms.PERCENT_NUMBER_FORMAT
    assert _cell(wb, "mon_reason", index).value == form.indicators[index].entry.reason
    assert _cell(wb, "form_title").value == "南京市市级部门整体预算绩效运行监控表"
    assert wb[SHEET]["E6"].value == "1-6月执行数" and wb[SHEET]["G11"].value == "1-6月执行情况"


# --------------------------------------------------------------------------- names
def test_every_declared_name_is_in_the_written_workbooks():
    declared = _declared_names()
    books = template_monitoring_workbooks()
    assert set(books) == {f"{kind}_monitoring_{variant}.xlsx" for variant in forms.VARIANTS
                          for kind in ("blank", "example_2024")}
    for file, wb in books.items():
        assert declared <= set(wb.defined_names), (file, declared - set(wb.defined_names))
        assert set(wb.defined_names) - declared == set(), file
        for column in MONITORING_FUND_COLUMNS:
            destination = next(iter(wb.defined_names[column.name].destinations))[1]
            assert destination.endswith("$9") and f"${column.letter}$7:" in destination


def test_every_name_of_the_monitoring_workbooks_is_documented():
    documented = set(re.findall(r"`([a-z][a-z0-9_<>]*)`", DOC.read_text(encoding="utf-8")))
    for file, wb in template_monitoring_workbooks().items():
        assert set(wb.defined_names) <= documented, (file, set(wb.defined_names) - documented)


def test_the_counts_and_key_cells_are_live_formulas():
    wb = build_monitoring_workbook(example_monitoring())
    for name, light, _, _ in forms.MONITORING_COUNT_CELLS:
        formula = _cell(wb, name).value
        assert formula.count("COUNTIF(") == 2 and f'"{vocab.LIGHTS[light]}"' in formula
    assert _cell(wb, "execution_rate_total").value.startswith("=IF(OR(")
    assert _cell(wb, "mon_fund_initial").value.startswith("=IF(AND(ISNUMBER(C8),ISNUMBER(C9))")
    assert _cell(wb, "form_subtitle").value.startswith('="（"&IF(LEN(K3)=0')


# --------------------------------------------------------------------------- print, protection
def test_protection_validation_and_print_survive_a_reopen(tmp_path):
    form = example_monitoring()
    path = _save(build_monitoring_workbook(form, "addin"), tmp_path / "m.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    assert ws.protection.sheet and not ws.protection.password
    for name in ("mon_actual", "mon_forecast", "mon_reason_type", "mon_reason", "mon_likelihood",
                 "mon_measures", "mon_remarks", "unit_name", "unit_code", "monitor_year"):
        assert _cell(wb, name).protection.locked is False, name
    for name in ("mon_light", "mon_check", "mon_half_value", "mon_level3", "monitor_green",
                 "monitor_period", "execution_rate_total", "time_progress", "mon_fund_rate"):
        assert _cell(wb, name).protection.locked is True, name
    assert _cell(wb, "mon_fund_executed").protection.locked is True      # 资金总额: a sum
    assert _cell(wb, "mon_fund_executed", 1).protection.locked is False  # 基本支出
    assert _cell(wb, "unit_code").number_format == "@"

    validations = ws.data_validations.dataValidation
    lists = {dv.formula1 for dv in validations if dv.type == "list"}
    assert f'"{",".join(vocab.DEVIATION_REASONS)}"' in lists
    assert f'"{",".join(vocab.LIKELIHOODS.values())}"' in lists
    amounts = [dv for dv in validations if dv.type == "decimal"]
    assert amounts and all(dv.operator == "greaterThanOrEqual" and dv.formula1 == "0"
                           for dv in amounts)
    assert "D8" in str(amounts[0].sqref) and "C7" not in str(amounts[0].sqref)
    assert all(dv.prompt for dv in validations)

    last = MONITORING_FORM.first_data_row + len(form.indicators)
    assert ws.print_area == f"'{SHEET}'!$A$1:$N${last}"
    assert ws.print_title_rows == f"${forms.MONITORING_GROUP_ROW}:${MONITORING_FORM.header_row}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.oddFooter.center.text == forms.PAGE_FOOTER
    assert ws.row_dimensions[MONITORING_FORM.first_data_row].height >= 24

    formats = {str(rule_range.sqref): [rule for rule in rule_range.rules]
               for rule_range in ws.conditional_formatting}
    lights = formats[f"I13:I{last - 1}"]
    assert [rule.formula for rule in lights] == [[f'"{word}"'] for word in vocab.LIGHTS.values()]
    marks = " ".join(rule.formula[0] for rules in formats.values() for rule in rules)
    assert missing_text("PS-J001") in marks and missing_text("PS-J002") in marks

    meta = wb[forms.METADATA_SHEET]
    assert meta.sheet_state == "hidden"
    assert {row[0].value: row[1].value for row in meta.iter_rows(max_col=2)}["form_kind"] == \
        "monitoring"
    assert forms.XLWINGS_CONF_SHEET in wb.sheetnames  # the add-in variant's settings


def test_a_blank_template_opens_the_indicator_rows_and_lights_nothing():
    wb = template_monitoring_workbooks()["blank_monitoring_portable.xlsx"]
    for name in ("mon_level3", "mon_half_value", "mon_full_value", "mon_actual"):
        assert _cell(wb, name).protection.locked is False, name
    assert _cell(wb, "mon_light").value is None or _cell(wb, "mon_light").value == '=""'
    assert _cell(wb, "unit_name").value is None and _cell(wb, "monitor_note").value is None
    assert _cell(wb, "mon_fund_initial", 1).value is None


# --------------------------------------------------------------------------- problems by cell
def _small_form(**changes: Any) -> MonitoringForm:
    rows = (TargetIndicator("履职", "公文办理", "文件办理率", "≥99%", "≥99%", work_item="公文"),
            TargetIndicator("效益指标", "生态效益", ""))
    entries = {0: IndicatorEntry(0.98, 0.99, likelihood="有可能")}
    target = TargetForm("测试单位", 2024, Funding(100, 20, 50, 10), unit_code="001",
                        indicators=rows)
    funds = Funds(FundEntry(100, 100, 42, 100), FundEntry(20, 20, 10, 20))
    form = MonitoringForm.from_target_form(target, funds=funds, entries=entries)
    return replace(form, **changes)


def test_problems_name_their_cells(tmp_path):
    path = _save(build_monitoring_workbook(_small_form()), tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb[SHEET]
    ws["E9"] = "很多"        # 项目支出 1-6月执行数: no amount
    ws["D8"] = -5            # 基本支出 调整后预算数: negative
    ws["H3"] = "999"         # 单位编码 typed over
    ws["E13"] = "≥99.5%"     # an issued 半年指标值 changed
    ws["N13"] = "=NOW()"     # 备注: a formula never calculated
    ws["C7"] = 999           # 资金总额 年初预算数 typed over its sum (100 + 20)
    edited = _save(wb, tmp_path / "edited.xlsx")
    judged = _judged(edited)
    cells = {(issue["code"], issue.get("cell", "")) for issue in judged["issues"]}
    assert ("PS-W010", f"{SHEET}!E9") in cells
    assert ("PS-G003", f"{SHEET}!D8") in cells
    assert ("PS-W014", f"{SHEET}!H3") in cells
    assert ("PS-W007", "") in cells
    assert ("PS-W010", f"{SHEET}!N13") in cells
    assert ("PS-G001", f"{SHEET}!C7") in cells
    # The amber row has no 偏差原因 nor 纠偏措施: at the 说明 and 纠偏措施 cells.
    assert ("PS-J001", f"{SHEET}!K13") in cells and ("PS-J002", f"{SHEET}!M13") in cells
    assert judged["unit_code"] == "999"
    assert [row["light"] for row in judged["indicators"]] == ["amber", None]


def test_an_edited_period_is_refused_at_its_cell(tmp_path):
    path = _save(build_monitoring_workbook(_small_form()), tmp_path / "in.xlsx")
    wb = openpyxl.load_workbook(path)
    wb[SHEET]["M3"] = "上半年"
    with pytest.raises(MonitoringError) as info:
        read_monitoring(open_workbook(_save(wb, tmp_path / "edited.xlsx")))
    assert info.value.code == "PS-J003" and info.value.cell == f"{SHEET}!M3"


def test_another_forms_workbook_is_refused(tmp_path):
    path = _save(build_target_workbook(load_example().target_form), tmp_path / "target.xlsx")
    with pytest.raises(WorkbookFileError) as info:
        read_monitoring(open_workbook(path))
    assert info.value.code == "PS-W012" and "目标表" in info.value.message


def test_the_tolerance_travels_with_the_workbook(tmp_path):
    form = _small_form()  # 基本支出 at 42% of 1-6月: amber at 10 points, red at 5
    strict = parse_policies("monitor_tolerance=0.05")
    for policies, light in ((DEFAULT_POLICIES, "amber"), (strict, "red")):
        wb = build_monitoring_workbook(form, policies=policies)
        assert "-0.05," in _cell(wb, "mon_fund_light", 1).value or policies is DEFAULT_POLICIES
        judged = _judged(_save(wb, tmp_path / f"{light}.xlsx"))
        assert judged["funds"][1]["light"] == light and judged["tolerance"] == \
            policies.monitor_tolerance


# --------------------------------------------------------------------------- LibreOffice
def _matrix() -> list[tuple[MonitoringForm, Any]]:
    """Forms whose rows sit at each light rule's boundaries, with their policies."""
    def form(rows, entries, funds, months=6) -> MonitoringForm:
        target = TargetForm("矩阵单位", 2024, Funding(None, None, None, None), unit_code="M",
                            indicators=tuple(TargetIndicator(*row) for row in rows))
        return MonitoringForm.from_target_form(target, Period(months), funds=funds,
                                               entries=dict(enumerate(entries)))

    percent = ("履职", "办文", "文件办理率", "≥99%", "≥99%")
    count = ("履职", "办会", "会议次数", "≥5条", "≥10条")
    quality = ("决策", "计划", "制度健全性", "健全", "健全")
    zero = ("过程", "预算", "结转率", "＝0%", "＝0%")
    rows = [percent] * 6 + [count] * 3 + [quality] * 3 + [zero] * 2 + [
        ("效益指标", "生态效益", "")]
    entries = [
        IndicatorEntry(0.99),                                                  # green at 99%
        IndicatorEntry(0.98999, 0.99, likelihood="有可能", reason="慢", measures="追"),  # amber
        IndicatorEntry(0.98, 0.98, reason_type="经费保障", measures="追"),      # red
        IndicatorEntry(0.98, 0.99, likelihood="完全不可能"),                    # red, unexplained
        IndicatorEntry(0.98, 0.99, reason_type="其他"),                         # amber, no measures
        IndicatorEntry("约95%", 0.99),                                          # unreadable
        IndicatorEntry("5条", "10条"),                                          # green at 5
        IndicatorEntry(4, "10条", reason="少", measures="补"),                   # amber
        IndicatorEntry(4, 9, reason="少", measures="补"),                       # red
        IndicatorEntry("已健全", "健全"),                                        # green
        IndicatorEntry("基本健全", "健全", likelihood="确定能", reason="缓", measures="促"),
        IndicatorEntry(None, "健全"),                                           # unfilled
        IndicatorEntry(0, 0),                                                   # green at 0
        IndicatorEntry(0.01, 0),                                                # amber, unexplained
        IndicatorEntry(0.5, 0.5),                                               # no 三级: none
    ]
    tolerance = parse_policies("monitor_tolerance=0.05")
    return [
        # 1-6月, 10 points: at the progress (green), at progress − tolerance (amber), total 45%.
        (form(rows, entries, Funds(FundEntry(None, 100, 50, 90),
                                   FundEntry(None, 100, 40, 90, "慢", "追"),
                                   FundEntry(reason="慢"))), DEFAULT_POLICIES),
        # 1-7月, 5 points: 7/12 exactly (green), just below the lower bound (red).
        (form(rows[:1], entries[:1], Funds(FundEntry(None, 1200, 700, None),
                                           FundEntry(None, 100, 53.3, None)), 7), tolerance),
        # A negative part and a zero budget: nothing judged; an unfilled row.
        (form(rows[:1], entries[:1], Funds(FundEntry(None, 100, -1, 100),
                                           FundEntry(None, 0, 0, 0))), DEFAULT_POLICIES),
        (form(rows[:1], entries[:1], Funds(FundEntry(None, 100, 60, 100),
                                           FundEntry(None, None, 10, None))), DEFAULT_POLICIES),
    ]


@pytest.mark.libreoffice
def test_libreoffice_lights_and_counts_are_the_engines(tmp_path):
    from scoring.workbook.libreoffice import recalculate

    cases = [(example_monitoring(), DEFAULT_POLICIES), *_matrix()]
    sources = [_save(build_monitoring_workbook(form, variant, policies),
                     tmp_path / "in" / f"case{index}_{variant}.xlsx")
               for index, (form, policies) in enumerate(cases)
               for variant in ("portable",) + (("addin",) if index == 0 else ())]
    outputs = recalculate(sources, tmp_path / "out", timeout=300)
    forms_by_file = {f"case{index}": (form, policies) for index, (form, policies) in enumerate(cases)}
    seen: set[str] = set()
    for output in outputs:
        form, policies = forms_by_file[output.stem.split("_")[0]]
        book = open_workbook(output)
        filled = read_monitoring(book)
        judged = score_monitoring(filled)
        engine = monitor(form, policies)
        assert judged["disagreements"] == [], (output.name, judged["disagreements"])
        assert judged["not_calculated"] == 0, output.name
        assert _as_engine(judged) == engine.to_dict(), output.name
        assert all(issue["cell"] for issue in judged["issues"]), output.name
        counts = {light: book.named(name) for name, light, _, _ in forms.MONITORING_COUNT_CELLS}
        assert counts == engine.lights, output.name
        stored = [cell.value or None for cell in filled.stored if cell.section != "counts"]
        expected = [vocab.LIGHTS[result.light] if result.light else None
                    for result in (*engine.funds, *engine.indicators)]
        assert stored == expected, output.name
        # The 提示 column says what the engine reports missing, row by row.
        for section, column, rows in (("funds", "mon_fund_check", engine.funds),
                                      ("indicators", "mon_check", engine.indicators)):
            shown = book.column(column)
            for index in range(len(rows)):
                want = "".join(missing_text(issue.code) for issue in engine.issues
                               if issue.section == section and issue.index == index
                               and issue.code in ("PS-J001", "PS-J002"))
                assert (shown[index] or "") == want, (output.name, section, index)
        assert book.named("time_progress") == pytest.approx(form.period.time_progress, rel=1e-14)
        rate = engine.execution_rate
        assert (book.named("execution_rate_total") is None) if rate is None else \
            book.named("execution_rate_total") == pytest.approx(rate, rel=1e-14)
        seen.update(result.light or "none" for result in (*engine.funds, *engine.indicators))
    assert seen == {"green", "amber", "red", "none"}
