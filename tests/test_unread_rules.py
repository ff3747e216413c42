"""A rule the reader cannot read stops nothing (issue #9): the item is scored by the evaluator.

A master file whose common framework refers to an outside annex (``按照附件3的评分细则计分``)
still gives every unit both workbooks; the item's 实际完成值 cell takes the evaluator's score,
unlocked, marked and noted; the manifest, ``perfscore score`` and the collected summary name the
item (PS-R007); ``--strict`` refuses it. The standard notation column scores instead of the
printed 评价要点, and a rule of several parts computes in the workbook as in the engine.
"""

from __future__ import annotations

import csv
import json

import pandas as pd
import pytest
from openpyxl import load_workbook

from scoring import forms
from scoring.batch.collect import collect
from scoring.batch.fill import MANIFEST_NAME, fill_units
from scoring.batch.master import FRAMEWORK, UNITS, example_frames, load_master, write_master
from scoring.cli import main
from scoring.forms import PROJECT_FORMS, UNIT_FORMS
from scoring.framework import Framework, Inputs, evaluate
from scoring.workbook.reader import score_workbook
from scoring.workbook.writer import build_evaluation_workbook

ANNEX = "按照附件3的评分细则计分"
COL = {column.key: column.letter for column in forms.EVALUATION_FORM.columns}


def _frames_with(code: str, header: str, value: str) -> dict[str, pd.DataFrame]:
    """The example master data with a second unit and one cell of the common framework changed."""
    frames = {name: frame.astype(object) for name, frame in example_frames().items()}
    units = frames[UNITS.sheet]
    second = units.iloc[[0]].assign(**{"单位编码": "001002", "单位名称": "南京市测试局"})
    frames[UNITS.sheet] = pd.concat([units, second], ignore_index=True)
    indicators = frames["绩效指标"]
    frames["绩效指标"] = pd.concat(
        [indicators, indicators.assign(**{"单位编码": "001002"})], ignore_index=True)
    framework = frames[FRAMEWORK.sheet]
    row = framework.index[framework["指标编码"] == code][0]
    if header not in framework.columns:
        framework[header] = ""
    framework.loc[row, header] = value
    return frames


@pytest.fixture(scope="module")
def annex(tmp_path_factory):
    """The master file with A11's rule referring to an annex, and its filled folder."""
    folder = tmp_path_factory.mktemp("annex")
    path = write_master(_frames_with("A11", "评价要点", ANNEX), folder / "master.xlsx")
    out = folder / "out"
    master = load_master(path)
    report = fill_units(master, out, jobs=1)
    return path, out, master, report


def test_every_unit_gets_every_workbook(annex) -> None:
    _, out, master, report = annex
    assert master.problems == () and len(master.units) == 2
    (warning,) = master.warnings
    assert warning.code == "PS-R007" and "A11" in warning.message
    assert (warning.sheet, warning.column) == (FRAMEWORK.sheet, "评价要点") and warning.row
    assert report.count("written") == (2 * len(UNIT_FORMS) + len(PROJECT_FORMS) * len(master.projects)
            ) and not report.failed
    with open(out / MANIFEST_NAME, encoding="utf-8-sig", newline="") as stream:
        rows = [row for row in csv.DictReader(stream) if row["表单"] == "自评表"]
    assert len(rows) == 2 and all("PS-R007" in row["说明"] and "A11" in row["说明"] for row in rows)


def test_the_item_is_scored_by_the_evaluator_on_the_form(annex) -> None:
    _, out, _, _ = annex
    path = next(out.glob("*001001*_自评表.xlsx"))
    ws = load_workbook(path)[forms.EVALUATION_FORM.sheet]
    row = next(r for r in range(5, 60) if ws[f"{COL['code']}{r}"].value == "A11")
    actual = ws[f"{COL['actual']}{row}"]
    assert actual.value is None and actual.protection.locked is False
    assert actual.comment is not None and forms.UNREAD_NOTE in actual.comment.text
    assert actual.fill.fgColor.rgb.endswith("FFE8CC")
    assert ws[f"{COL['rule']}{row}"].value == ANNEX  # the official text still prints
    assert "PS-R007" in ws[f"{COL['check']}{row}"].value
    assert f"MIN(MAX({COL['actual']}{row},0),2)" in ws[f"{COL['computed']}{row}"].value  # within 0–2


def test_score_names_the_item_and_strict_fails(annex, tmp_path, capsys) -> None:
    _, out, _, _ = annex
    path = next(out.glob("*001001*_自评表.xlsx"))
    wb = load_workbook(path)
    ws = wb[forms.EVALUATION_FORM.sheet]
    row = next(r for r in range(5, 60) if ws[f"{COL['code']}{r}"].value == "A11")
    ws[f"{COL['actual']}{row}"] = 1.5  # the evaluator's score
    filled = tmp_path / "filled.xlsx"
    wb.save(filled)
    assert main(["score", str(filled)]) == 0
    output = capsys.readouterr().out
    assert "PS-R007" in output and "A11" in output and "评价人直接打分" in output
    report = score_workbook(filled)
    assert report.result.item("A11").final == 1.5
    assert main(["score", str(filled), "--strict"]) == 1


def test_collect_lists_the_item_and_strict_refuses_the_workbook(annex, tmp_path) -> None:
    _, out, _, _ = annex
    typed = tmp_path / "typed"
    typed.mkdir()
    for path in out.glob("*.xlsx"):  # the evaluator scores A11 (a blank form is 未填报)
        wb = load_workbook(path)
        if forms.EVALUATION_FORM.sheet in wb.sheetnames:
            ws = wb[forms.EVALUATION_FORM.sheet]
            row = next(r for r in range(5, 60) if ws[f"{COL['code']}{r}"].value == "A11")
            ws[f"{COL['actual']}{row}"] = 1.5
        wb.save(typed / path.name)
    out = typed
    summary = collect(out, jobs=1)
    issues = list(summary.units["问题"])
    assert len(issues) == 2 and all("PS-R007" in text and "A11" in text for text in issues)
    strict = collect(out, jobs=1, strict=True)
    assert strict.units.empty and set(strict.unreadable["错误代码"]) == {"PS-R007"}


def test_fill_strict_refuses_the_units(annex, tmp_path, capsys) -> None:
    path, _, _, _ = annex
    assert main(["fill", str(path), "--out", str(tmp_path / "strict"), "--strict"]) == 1
    assert "PS-R001" in capsys.readouterr().err
    # no unit's workbook; the example project's forms do not depend on the framework
    assert sorted(p.name for p in (tmp_path / "strict").glob("*.xlsx")) == [
        f"2024_001001_001001-001_社区养老服务补助项目（示例）_{label}.xlsx"
        for label in ("项目目标申报表", "项目自评表")]
    assert main(["fill", str(path), "--out", str(tmp_path / "lenient")]) == 0
    assert "警告 [PS-R007]" in capsys.readouterr().err


def test_the_standard_notation_scores_while_the_official_text_prints(tmp_path) -> None:
    notation = "满分2分,每发现1处问题扣0.5分"
    path = write_master(_frames_with("A11", "计分规则（标准写法）", notation), tmp_path / "m.xlsx")
    master = load_master(path)
    assert master.problems == () and master.warnings == ()
    item = master.units[0].framework.get("A11")
    assert item.rule_text == "决策制度建立完整，得 2 分。" and item.notation == notation
    assert item.rule().input_kind == "count"
    fill_units(master, tmp_path / "out", jobs=1)
    book = next((tmp_path / "out").glob("*001001*_自评表.xlsx"))
    wb = load_workbook(book)
    ws = wb[forms.EVALUATION_FORM.sheet]
    row = next(r for r in range(5, 60) if ws[f"{COL['code']}{r}"].value == "A11")
    assert ws[f"{COL['rule']}{row}"].value == item.rule_text
    ws[f"{COL['actual']}{row}"] = 3  # three problems: 2 − 1.5
    wb.save(book)
    assert score_workbook(book).result.item("A11").computed == 0.5


MULTI = "建成面积低于年度任务的，每减少1%，扣1分；每发现一项质量问题扣1分，最多扣6分"


@pytest.mark.libreoffice
def test_a_rule_of_several_parts_computes_in_the_workbook_as_in_the_engine(tmp_path) -> None:
    from python_calamine import CalamineWorkbook

    from scoring.workbook.libreoffice import recalculate

    framework = Framework.from_dict({"title": "测试", "sections": [
        {"code": "A", "name": "产出", "points": 100, "children": [
            {"code": "A1", "name": "建设", "points": 100, "children": [
                {"code": "A11", "name": "完成进度和工程质量", "points": 15, "rule_text": MULTI},
                {"code": "A12", "name": "其他", "points": 85, "rule_text": "酌情扣分"}]}]}]})
    values = {"①97%；②2": 10.0, "①100%；②8": 9.0, "①95%": None, "97%;0": 12.0}
    expected = {}
    for index, (typed, want) in enumerate(values.items()):
        inputs = Inputs(actuals={"A11": typed, "A12": 85})
        wb = build_evaluation_workbook(framework, inputs, unit_name="测试单位", unit_code="T1",
                                       year=2024, variant="portable")
        ws = wb[forms.EVALUATION_FORM.sheet]
        assert ws[f"{COL['actual']}5"].value == typed
        assert "①" in wb[forms.EVALUATION_FORM.sheet].data_validations.dataValidation[0].prompt \
            or any("①" in (dv.prompt or "") for dv in ws.data_validations.dataValidation)
        source = tmp_path / "in" / f"multi{index}.xlsx"
        source.parent.mkdir(exist_ok=True)
        wb.save(source)
        result = evaluate(framework, inputs).item("A11")
        expected[source.name] = (typed, want, result.computed)
    outputs = recalculate(sorted((tmp_path / "in").glob("*.xlsx")), tmp_path / "out", timeout=180)
    for output in outputs:
        typed, want, engine = expected[output.name]
        sheet = CalamineWorkbook.from_path(str(output)).get_sheet_by_name(forms.EVALUATION_FORM.sheet)
        computed = sheet.to_python()[4][ord(COL["computed"]) - 65]
        if want is None:  # the second part missing: the engine refuses, the form flags it
            assert engine is None
            continue
        assert engine == want and computed == pytest.approx(want), (typed, computed)


def test_dropdowns_offer_words_the_engine_accepts() -> None:
    from scoring.parse import parse_rule

    for text, points in [("内控制度完善的得4分,基本完善的得2分,不完善的不得分。", None),
                         ("依据充分:3分;一般:1.5分;没有:0分", None), ("决策制度建立完整，得 2 分。", None),
                         ("较上年下降的得2分，持平得1分，增长不得分", None), ("一票否决", 0)]:
        rule = parse_rule(text, points)
        for word in rule.choices + rule.accepted():
            rule.score(word)  # never refused


def test_flags_reach_the_result_and_the_summary_columns() -> None:
    from scoring.batch.collect import UNIT_COLUMNS

    framework = Framework.from_dict({"title": "测试", "sections": [
        {"code": "A", "name": "产出", "points": 100, "children": [
            {"code": "A1", "name": "报送", "points": 100, "children": [
                {"code": "A11", "name": "快报", "points": 2,
                 "rule_text": "每迟报半天扣0.5分，扣完为止，影响全省上报的取消评比资格"},
                {"code": "A12", "name": "其他", "points": 98, "rule_text": "酌情扣分"}]}]}]})
    result = evaluate(framework, Inputs(actuals={"A11": "①0；②是", "A12": 98}))
    assert result.item("A11").final == 0 and result.item("A11").flags == ("取消评比资格",)
    assert {issue.code for issue in result.issues} >= {"PS-F009"}
    assert json.loads(json.dumps(result.to_dict()))["flags"] == [
        {"code": "A11", "name": "快报", "flags": ["取消评比资格"]}]
    assert UNIT_COLUMNS["flags"] == "否决与取消资格"
