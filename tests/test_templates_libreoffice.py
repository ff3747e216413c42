"""Generated portable workbooks, recalculated by headless LibreOffice, agree with the engine.

The 2024 example (99, 优秀, −1) and variants of it — other actual values, evaluator overrides,
not-applicable items, awards above the bonus cap, a penalty — are written, recalculated in ONE
LibreOffice run, and every computed cell (系统评分, 得分, 扣分, subtotals, bonus, penalty, total,
deduction, grade) is compared with :func:`scoring.framework.evaluate`. The recalculated files
are also checked to keep their names, validations, protection and print settings.
"""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from scoring.example import load_example
from scoring.forms import EVALUATION_FORM
from scoring.framework import Inputs, evaluate
from scoring.target_form import Funding
from scoring.workbook.files import save_workbook
from scoring.workbook.libreoffice import recalculate
from scoring.workbook.reader import score_workbook
from scoring.workbook.writer import build_evaluation_workbook, build_target_workbook

pytestmark = pytest.mark.libreoffice

EXAMPLE = load_example()
LEAVES = [leaf.code for leaf in EXAMPLE.framework.leaves()]
QUALITATIVE = {code: "是" for code in LEAVES if code[0] in "ABE"}


#: Qualitative answers staff and master data write, on the A and B items: the dropdown offers
#: 达成/部分达成/未达成, the formula also names 是; the others are flagged.
WORDS = {"A11": "健全", "A12": "基本健全", "A13": "不健全", "A21": "是", "A22": "否",
         "A31": "达成", "A32": "部分达成", "A41": "未达成"}
#: Values the form's validation refuses but that arrive anyway (pasted, or typed in WPS or
#: LibreOffice): a bare 95 in a percent cell, text in a number cell, a negative score.
UNLISTED = Inputs(actuals={**QUALITATIVE, **WORDS, "B11": 1.0, "C11": 95.0, "C21": "九十",
                           "C22": 0.9, "C31": 0.95, "D11": -3},
                  reasons={code: "测试" for code in LEAVES})


#: Typed on a blank template: 8 meant as 8% (scores as 800%: warned, not refused), 98.5%.
TYPED_ON_BLANK = Inputs(actuals={**QUALITATIVE, "C11": 8.0, "C21": 0.985})


def variant_inputs() -> dict[str, Inputs]:
    """Named inputs: the example and variants exercising every part of the sheet."""
    lower = Inputs(
        actuals={**QUALITATIVE, "A12": "部分达成", "A13": "否", "B11": 0.85, "C11": 0.94,
                 "C21": 0.8, "C22": 0.939, "C31": 0.6, "D11": 24,
                 "F1": [("公文办理", "国务院嘉奖"), ("公文办理", "省级嘉奖"),
                        ("会议保障", "市级考核一等奖")], "F2": 1},
        reasons={"C11": "办理量大"})
    not_applicable = Inputs(
        actuals={**QUALITATIVE, "B11": 1.0, "C11": 0.99, "C21": 0.95, "C22": 0.9, "D11": 28,
                 "F1": ["国务院嘉奖", "国务院嘉奖", "省级嘉奖"]},
        scores={"A11": 1.5, "C22": 9}, reasons={"A11": "制度不完整"},
        not_applicable=frozenset({"B13", "C31"}))
    empty = Inputs()
    return {"example": EXAMPLE.inputs, "lower": lower, "not_applicable": not_applicable,
            "empty": empty}


def as_entered(inputs: Inputs) -> Inputs:
    """The inputs as the workbook holds them: for items the evaluator scores directly (D11,
    F2) an entered score is the actual value (docs/templates.md, Decisions)."""
    actuals = dict(inputs.actuals)
    for leaf in EXAMPLE.framework.leaves():
        if leaf.rule().input_kind == "score" and actuals.get(leaf.code) is None \
                and leaf.code in inputs.scores:
            actuals[leaf.code] = inputs.scores[leaf.code]
    return replace(inputs, actuals=actuals)


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    """name → (inputs, recalculated workbook) for the evaluation variants, plus the targets."""
    folder = tmp_path_factory.mktemp("templates")
    cases = variant_inputs()
    paths = []
    for name, inputs in cases.items():
        wb = build_evaluation_workbook(EXAMPLE.framework, inputs, unit_name="南京市人民政府办公厅",
                                       year=2024, variant="portable")
        paths.append(save_workbook(wb, folder / f"evaluation_{name}.xlsx"))
    rows = list(EXAMPLE.target_form.indicators)
    rows[8] = replace(rows[8], half_value="abc")       # row 21: unreadable
    rows[9] = replace(rows[9], full_value="")          # row 22: missing
    rows[10] = replace(rows[10], half_value="约95%")   # row 23: has digits, left to the engine
    rows[38] = replace(rows[38], half_value="≥95%")    # row 51: no 三级指标 name
    over = replace(EXAMPLE.target_form, funding=Funding(100, 50, 120, -10), indicators=tuple(rows))
    paths.append(save_workbook(build_target_workbook(EXAMPLE.target_form), folder / "target.xlsx"))
    paths.append(save_workbook(build_target_workbook(over), folder / "target_over.xlsx"))
    unlisted = build_evaluation_workbook(EXAMPLE.framework, UNLISTED, year=2024)
    paths.append(save_workbook(unlisted, folder / "evaluation_unlisted.xlsx"))
    typed = build_evaluation_workbook(EXAMPLE.framework, TYPED_ON_BLANK, year=2024)
    value_cell(typed, "unit_name").value = "南京市测试局"
    paths.append(save_workbook(typed, folder / "evaluation_typed_on_blank.xlsx"))
    addin = build_evaluation_workbook(EXAMPLE.framework, EXAMPLE.inputs, unit_name="南京市人民政府办公厅",
                                      year=2024, variant="addin")
    paths.append(save_workbook(addin, folder / "evaluation_addin.xlsx"))
    outputs = recalculate(paths, folder / "out", timeout=240)
    books = {path.stem: load_workbook(path, data_only=True) for path in outputs}
    formulas = {path.stem: load_workbook(path) for path in outputs}
    return cases, books, formulas, {path.stem: path for path in outputs}


def value_cell(wb, name):
    (sheet, ref), = wb.defined_names[name].destinations
    return wb[sheet][ref.replace("$", "")]


def value(wb, name):
    return value_cell(wb, name).value


def test_example_recalculates_to_99_excellent_minus_one(recalculated):
    _, books, _, _ = recalculated
    wb = books["evaluation_example"]
    assert value(wb, "total_score") == pytest.approx(99)
    assert value(wb, "grade") == "优秀"
    assert value(wb, "total_deduction") == pytest.approx(-1)
    for code, subtotal in {"A": 14.5, "B": 19.5, "C": 30, "D": 30, "E": 5, "F": 0}.items():
        assert value(wb, f"subtotal_{code}") == pytest.approx(subtotal), code


@pytest.mark.parametrize("case", ["example", "lower", "not_applicable", "empty"])
def test_every_computed_cell_agrees_with_the_engine(recalculated, case):
    cases, books, _, _ = recalculated
    wb = books[f"evaluation_{case}"]
    result = evaluate(EXAMPLE.framework, as_entered(cases[case]))
    assert result.total == evaluate(EXAMPLE.framework, cases[case]).total
    ws = wb[EVALUATION_FORM.sheet]
    col = {c.key: c.letter for c in EVALUATION_FORM.columns}
    first = EVALUATION_FORM.first_data_row
    for offset, code in enumerate(LEAVES):
        row = first + offset
        assert ws[f"{col['code']}{row}"].value == code
        item = result.item(code)
        score = ws[f"{col['score']}{row}"].value
        if item.not_applicable:
            assert score == "不适用", code
            continue
        assert score == pytest.approx(item.final, abs=1e-9), (case, code)
        if item.computed is not None:
            assert (ws[f"{col['computed']}{row}"].value or 0) == pytest.approx(
                item.computed, abs=1e-9), (case, code)
        if item.role == "score":
            assert ws[f"{col['lost']}{row}"].value == pytest.approx(item.lost, abs=1e-9), code
        warned = "原因分析" in (ws[f"{col['check']}{row}"].value or "")
        assert warned == item.needs_reason, (case, code)
    for parent in EXAMPLE.framework.walk():
        if parent.children:
            assert value(wb, f"subtotal_{parent.code}") == pytest.approx(
                result.item(parent.code).final if parent.level > 1 else result.subtotals[parent.code],
                abs=1e-9), (case, parent.code)
    assert value(wb, "bonus_score") == pytest.approx(result.bonus, abs=1e-9)
    assert value(wb, "penalty_score") == pytest.approx(result.penalty, abs=1e-9)
    assert value(wb, "total_score") == pytest.approx(result.total, abs=1e-9)
    assert value(wb, "total_deduction") == pytest.approx(result.deduction, abs=1e-9)
    assert value(wb, "grade") == result.grade


def test_flagged_cells_are_the_cells_the_engine_reports(recalculated):
    """Every value the 提示 column flags is an issue of the reader or the engine on that item
    (same code), and every value it does not flag scores on the form as the engine scores it."""
    _, books, _, paths = recalculated
    ws = books["evaluation_unlisted"][EVALUATION_FORM.sheet]
    report = score_workbook(paths["evaluation_unlisted"]).to_dict()
    engine = evaluate(EXAMPLE.framework, as_entered(UNLISTED))
    codes = {}
    for issue in report["issues"]:
        codes.setdefault(issue["item"], set()).add(issue["code"])
    col = {c.key: c.letter for c in EVALUATION_FORM.columns}
    first = EVALUATION_FORM.first_data_row
    flagged = {}
    for offset, code in enumerate(LEAVES):
        check = ws[f"{col['check']}{first + offset}"].value or ""
        flagged[code] = set(re.findall(r"\[(PS-[VW]\d{3})\]", check))
        assert flagged[code] <= codes.get(code, set()), (code, check, codes.get(code))
        if not flagged[code] and engine.item(code).computed is not None:
            assert ws[f"{col['computed']}{first + offset}"].value == pytest.approx(
                engine.item(code).computed, abs=1e-9), code
    # 否 (A22) scores 0 on the form and in the engine alike: accepted without a warning.
    assert {code for code, found in flagged.items() if found} == {
        "A11", "A12", "A13", "C11", "C21", "D11"}
    assert flagged["C11"] == {"PS-V003"} and flagged["C21"] == {"PS-V001"}
    assert flagged["D11"] == {"PS-V004"} and flagged["A11"] == {"PS-V001"}
    # The words the form accepts score alike: 是 and 达成 full, 部分达成 80%, 未达成 0.
    assert [engine.item(code).computed for code in ("A21", "A31", "A32", "A41")] == [1, 1, 0.8, 0]


def test_variants_really_differ(recalculated):
    """The variants exercise lost points, the bonus cap, a penalty and rescaling."""
    cases, _, _, _ = recalculated
    lower = evaluate(EXAMPLE.framework, cases["lower"])
    assert lower.bonus == 4 and lower.penalty == 1 and lower.grade != "优秀"
    rescaled = evaluate(EXAMPLE.framework, cases["not_applicable"])
    assert rescaled.bonus == 5 and rescaled.item("A11").overridden
    assert rescaled.base != sum(v for k, v in rescaled.subtotals.items() if k != "F")


def test_target_form_funding_totals_and_checks(recalculated):
    _, books, _, _ = recalculated
    wb = books["target"]
    assert value(wb, "funding_annual_total") == pytest.approx(7472.66)
    assert value(wb, "funding_half_total") == pytest.approx(3740)
    assert not value(wb, "funding_check")
    over = books["target_over"]
    assert value(over, "funding_half_total") == pytest.approx(110)
    assert "PS-G002" in value(over, "funding_check") and "PS-G003" in value(over, "funding_check")
    sheet = over["目标表"]
    check = {row: sheet[f"H{row}"].value or "" for row in (20, 21, 22, 23, 51)}
    assert check[20] == "" and check[23] == ""
    assert check[21] == "指标值无法识别（应为如 ≥99%、≥5条、健全）；"
    assert check[22] == "指标值未填写；" and check[51] == "有指标值但没有三级指标名称；"


def test_libreoffice_keeps_names_validation_protection_and_print_settings(recalculated):
    _, _, formulas, _ = recalculated
    wb = formulas["evaluation_example"]
    assert {"total_score", "grade", "eval_code", "subtotal_A"} <= set(wb.defined_names)
    ws = wb[EVALUATION_FORM.sheet]
    assert ws.protection.sheet
    assert len(ws.data_validations.dataValidation) >= 3
    assert ws.print_title_rows and ws.print_area
    assert int(ws.page_setup.paperSize) == 9
    row = EVALUATION_FORM.first_data_row
    assert ws[f"K{row}"].protection.locked is False and ws[f"F{row}"].protection.locked is True
    target = formulas["target"]
    assert target["目标表"].protection.sheet and "funding_annual_total" in target.defined_names


def test_a_blank_template_titles_itself_and_warns_softly_above_100_percent(recalculated):
    _, books, _, _ = recalculated
    wb = books["evaluation_typed_on_blank"]
    assert value(wb, "form_title") == "南京市测试局整体绩效评价指标框架"
    rows = dict(zip((c.value for c in wb[EVALUATION_FORM.sheet][_letter("code")]),
                    range(1, 999)))
    check = {code: wb[EVALUATION_FORM.sheet][f"{_letter('check')}{rows[code]}"].value or ""
             for code in ("C11", "C21")}
    assert "大于100%，请确认" in check["C11"] and "PS-" not in check["C11"]
    assert "大于100%" not in check["C21"]


def test_an_addin_workbook_calculated_without_the_addin_is_one_notice(recalculated):
    """LibreOffice does not know =PERF_*: every function cell holds #NAME?. The engine
    re-scores; one PS-W016 notice replaces ~90 disagreements."""
    _, books, _, paths = recalculated
    assert value(books["evaluation_addin"], "total_score") == "#NAME?"
    report = score_workbook(paths["evaluation_addin"]).to_dict()
    assert report["disagreements"] == [] and report["total"] == 99.0
    (notice,) = [i for i in report["issues"] if i["code"] == "PS-W016"]
    assert notice["message"].startswith("加载项未加载，工作簿中的函数结果为 #NAME?")
    assert report["not_calculated"] > 80


def _letter(key):
    return EVALUATION_FORM.column(key).letter


def test_a_value_of_several_parts_with_too_few_or_too_many_fields_is_flagged(tmp_path):
    """A rule of two parts (step + count) typed as ``①97%；②2`` scores on the form; one number
    (a described finding the engine reads on collect, PS-V006) or three fields are flagged,
    since the cell's formula only reads fields in order."""
    rule = "办理比率在99%以上得满分，每降低5%扣2分；每发现一处质量问题扣1分，最多扣5分"

    def framework_with(text: str):
        def item(node):
            return replace(node, rule_text=text if node.code == "C11" else node.rule_text,
                           children=tuple(item(child) for child in node.children))
        return replace(EXAMPLE.framework, sections=tuple(item(s) for s in EXAMPLE.framework.sections))

    framework = framework_with(rule)
    typed = {"fields": "①97%；②2", "one_number": "3", "three_fields": "①97%；②2；③1"}
    paths = []
    for name, actual in typed.items():
        inputs = Inputs(actuals={**QUALITATIVE, "C11": actual})
        paths.append(save_workbook(build_evaluation_workbook(framework, inputs, year=2024),
                                   tmp_path / f"{name}.xlsx"))
    outputs = recalculate(paths, tmp_path / "out", timeout=180)
    checks = {}
    for path in outputs:
        ws = load_workbook(path, data_only=True)[EVALUATION_FORM.sheet]
        rows = dict(zip((c.value for c in ws[_letter("code")]), range(1, 999)))
        checks[path.stem] = ws[f"{_letter('check')}{rows['C11']}"].value or ""
    flag = "应依次填写2个分项，用分号隔开"
    assert flag not in checks["fields"]
    assert flag in checks["one_number"] and flag in checks["three_fields"]
