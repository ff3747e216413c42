"""Reading filled workbooks: rebuild framework and inputs, re-score, compare stored values."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from scoring.cli import main
from scoring.errors import WorkbookFileError
from scoring.example import load_example
from scoring.forms import ISSUED_RULES_NAME, METADATA_SHEET
from scoring.workbook.files import save_workbook
from scoring.workbook.metadata import framework_checksum
from scoring.workbook.reader import (
    open_workbook, read_evaluation, read_target, score_workbook,
)
from scoring.workbook.writer import build_evaluation_workbook, build_target_workbook


@pytest.fixture(scope="module")
def example_workbook(tmp_path_factory) -> Path:
    """The built-in example's self-evaluation workbook with its published values (portable)."""
    example = load_example()
    wb = build_evaluation_workbook(example.framework, example.inputs, unit_code="001001",
                                   unit_name=example.target_form.unit_name, year=2024)
    return save_workbook(wb, tmp_path_factory.mktemp("reader") / "example.xlsx")


def test_example_round_trips_to_99_excellent(example_workbook):
    report = score_workbook(example_workbook).to_dict()
    assert (report["total"], report["grade"], report["deduction"]) == (99.0, "优秀", -1.0)
    assert report["subtotals"] == {"A": 14.5, "B": 19.5, "C": 30.0, "D": 30.0, "E": 5.0, "F": 0.0}
    assert [(i["code"], i["final"]) for i in report["lost_items"] if i["code"] in ("A41", "B11")] == [
        ("A41", 2.0), ("B11", 1.5)]
    assert report["missing_reasons"] == []
    assert (report["unit_code"], report["year"], report["variant"]) == ("001001", 2024, "portable")
    # Saved by openpyxl: no cached formula results, so nothing disagrees, all is "not calculated".
    assert report["disagreements"] == [] and report["not_calculated"] > 40


def test_framework_and_inputs_are_rebuilt_from_the_sheet(example_workbook):
    example = load_example()
    filled = read_evaluation(open_workbook(example_workbook))
    assert filled.framework.sections == example.framework.sections
    assert framework_checksum(filled.framework) == filled.metadata.rules_checksum
    assert filled.inputs.reasons == example.inputs.reasons
    assert filled.inputs.scores == {"B11": 1.5}  # the only score that differs from its rule
    assert filled.inputs.actuals["C11"] == 0.99 and filled.inputs.actuals["A41"] == "基本达成"
    assert filled.problems == ()


@pytest.mark.parametrize("name", ["决策\u3000制度", "决策  制度", "决策\t制度", "决策\n制度"])
def test_a_name_with_a_full_width_space_or_a_tab_reads_back_as_issued(tmp_path, name):
    """A name's white space is read back as one space (its label is parsed): the rules
    checksum counts names so, and a name typed with a full-width space is not reported as
    changed (PS-W007)."""
    framework = load_example().framework

    def renamed(item):
        return replace(item, name=name if item.code == "A11" else item.name,
                       children=tuple(renamed(child) for child in item.children))

    framework = replace(framework, sections=tuple(renamed(s) for s in framework.sections))
    path = save_workbook(build_evaluation_workbook(framework, unit_code="001001", year=2024),
                         tmp_path / "named.xlsx")
    filled = read_evaluation(open_workbook(path))
    assert next(item.name for item in filled.framework.walk() if item.code == "A11") == "决策 制度"
    assert [problem.code for problem in filled.problems] == []
    assert framework_checksum(filled.framework) == framework_checksum(framework)


def test_a_value_typed_over_a_formula_is_a_disagreement(example_workbook, tmp_path):
    wb = load_workbook(example_workbook)
    sheet, ref = next(iter(wb.defined_names["total_score"].destinations))
    wb[sheet][ref.replace("$", "")].value = 100
    path = save_workbook(wb, tmp_path / "typed.xlsx")
    report = score_workbook(path).to_dict()
    (diff,) = report["disagreements"]
    assert (diff["name"], diff["stored"], diff["engine"]) == ("total_score", 100, 99.0)
    assert diff["message"].endswith("工作簿中为 100，重新计算为 99")


def test_score_command_reads_a_workbook(example_workbook, capsys):
    assert main(["score", str(example_workbook), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total"] == 99.0 and report["file"] == str(example_workbook)
    assert report["disagreements"] == []


def test_target_form_is_read_by_its_names(tmp_path):
    form = replace(load_example().target_form, unit_code="001001")
    path = save_workbook(build_target_workbook(form), tmp_path / "target.xlsx")
    filled = read_target(open_workbook(path))
    assert filled.form == form and filled.problems == () and not filled.changed
    with pytest.raises(WorkbookFileError) as info:
        score_workbook(path)
    assert info.value.code == "PS-W012"


@pytest.mark.parametrize("make, code", [
    (lambda p: p.write_bytes(b"plain text"), "PS-W002"),
    (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512
                         + "EncryptionInfo".encode("utf-16-le")), "PS-W003"),
    (lambda p: Workbook().save(p), "PS-W005"),
])
def test_files_that_are_not_ours_are_refused_with_a_code(tmp_path, make, code):
    path = tmp_path / "x.xlsx"
    make(path)
    with pytest.raises(WorkbookFileError) as info:
        score_workbook(path)
    assert info.value.code == code and info.value.file == str(path)


def test_missing_defined_name_is_a_changed_structure(example_workbook, tmp_path):
    wb = load_workbook(example_workbook)
    del wb.defined_names["eval_actual"]
    path = save_workbook(wb, tmp_path / "cut.xlsx")
    with pytest.raises(WorkbookFileError) as info:
        score_workbook(path)
    assert info.value.code == "PS-W007" and "eval_actual" in info.value.message


def test_a_damaged_zip_is_refused(example_workbook, tmp_path):
    data = example_workbook.read_bytes()
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(WorkbookFileError) as info:
        score_workbook(path)
    assert info.value.code == "PS-W002"


def test_an_unexpected_not_applicable_marker_is_reported_not_ignored(example_workbook, tmp_path):
    """C11's 不适用 cell says 也许: C11 is scored as applicable and the cell is named (PS-W010)."""
    wb = load_workbook(example_workbook)
    sheet, ref = next(iter(wb.defined_names["eval_code"].destinations))
    first_row = int(ref.replace("$", "").split(":")[0][1:])
    codes = [wb[sheet][f"H{row}"].value for row in range(first_row, first_row + 80)]
    row = first_row + codes.index("C11")
    wb[sheet][f"N{row}"].value = "也许"
    path = save_workbook(wb, tmp_path / "maybe.xlsx")
    report = score_workbook(path)
    issue = next(i for i in report.problems if i.code == "PS-W010")
    assert issue.item == "C11"
    assert f"自评表!N{row}" in issue.message and "“也许”" in issue.message and "“是”" in issue.message
    assert report.result.total == 99 and not report.result.item("C11").not_applicable
    assert report.to_dict()["issues"][0]["code"] == "PS-W010"


def test_missing_unreadable_and_folder_paths_are_explained_in_chinese(tmp_path):
    long_name = tmp_path / ("长" * 200 + ".xlsx")  # 600 bytes: longer than any file name allows
    expected = {tmp_path / "nope.xlsx": "文件不存在", tmp_path: "文件夹", long_name: "过长"}
    for path, words in expected.items():
        with pytest.raises(WorkbookFileError) as info:
            open_workbook(path)
        assert info.value.code == "PS-W001" and words in info.value.message, path
        assert not re.search("[a-z]{3,}", info.value.message), info.value.message  # no English


def test_a_file_without_read_permission_is_explained_in_chinese(example_workbook, monkeypatch):
    """Tests run as root here, so the refusal the OS gives a locked file is simulated."""
    import errno

    from scoring.workbook import safety

    def locked(*args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied", str(example_workbook))

    monkeypatch.setattr(safety, "open", locked, raising=False)
    with pytest.raises(WorkbookFileError) as info:
        open_workbook(example_workbook)
    assert info.value.code == "PS-W001" and "没有读取此文件的权限" in info.value.message
    assert "Permission" not in info.value.format_message()


ISSUED_C11 = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
EDITED_C11 = "办理比率在100%以上，得 10 分。"  # 99% would score 0 under this text


def _edit_c11(source: Path, path: Path) -> str:
    """Save ``source`` with C11's 评价要点 and 分值 cells edited; return the rule cell."""
    wb = load_workbook(source)
    sheet, ref = next(iter(wb.defined_names["eval_code"].destinations))
    ws = wb[sheet]
    first, last = (int(part.lstrip("$ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for part in ref.split(":"))
    row = next(r for r in range(first, last + 1) if ws[f"H{r}"].value == "C11")
    assert ws[f"E{row}"].value == ISSUED_C11
    ws[f"E{row}"].value = EDITED_C11
    save_workbook(wb, path)
    return f"自评表!E{row}"


def test_an_edited_rule_does_not_count_in_a_portable_workbook(example_workbook, tmp_path):
    """Issue #5: the unit edits C11's rule (sheet protection has no password); the issued rule
    still scores (C11 at 99% keeps its 10 points, total 99) and the edited cell is reported."""
    cell = _edit_c11(example_workbook, tmp_path / "edited.xlsx")
    report = score_workbook(tmp_path / "edited.xlsx").to_dict()
    assert (report["total"], report["grade"]) == (99.0, "优秀")
    edited = [issue for issue in report["issues"] if issue["code"] == "PS-W013"]
    assert len(edited) == 1 and edited[0]["item"] == "C11"
    message = edited[0]["message"]
    assert message.startswith(f"{cell}（C11 评价要点）") and ISSUED_C11 in message
    assert EDITED_C11 in message and "已按下发的评价要点评分" in message
    assert not any(issue["code"] == "PS-W007" for issue in report["issues"])


def test_an_edited_rule_scores_but_is_reported_in_an_addin_workbook(tmp_path):
    """Issue #3: the add-in variant's rule text is meant to be edited and scores as edited;
    the bureau still sees that it differs from the issued one."""
    example = load_example()
    source = save_workbook(build_evaluation_workbook(
        example.framework, example.inputs, unit_code="001001", year=2024, variant="addin"),
        tmp_path / "addin.xlsx")
    cell = _edit_c11(source, tmp_path / "edited.xlsx")
    report = score_workbook(tmp_path / "edited.xlsx").to_dict()
    assert report["total"] == 89.0 and report["grade"] == "良好"  # C11 now 0 of 10
    (edited,) = [issue for issue in report["issues"] if issue["code"] == "PS-W013"]
    assert edited["message"].startswith(f"{cell}（C11 评价要点）")
    assert ISSUED_C11 in edited["message"] and "插件版按工作簿中的评价要点评分" in edited["message"]


def test_the_issued_rules_are_kept_in_the_hidden_metadata_sheet(example_workbook):
    wb = load_workbook(example_workbook)
    sheet, ref = next(iter(wb.defined_names[ISSUED_RULES_NAME].destinations))
    assert sheet == METADATA_SHEET and wb[sheet].sheet_state == "hidden"
    rows = {code: (points, text) for code, points, text in wb[sheet][ref.replace("$", "")]
            for code, points, text in [(code.value, points.value, text.value)]}
    assert rows["C11"] == (10, ISSUED_C11) and rows["A41"][0] == 2.5
    assert len(rows) == sum(1 for item in load_example().framework.walk() if item.is_leaf)


@pytest.mark.libreoffice
def test_libreoffice_cached_values_agree_with_the_engine(example_workbook, tmp_path):
    from scoring.workbook.libreoffice import recalculate

    (path,) = recalculate([example_workbook], tmp_path)
    report = score_workbook(path).to_dict()
    assert report["total"] == 99.0
    assert report["not_calculated"] == 0 and report["disagreements"] == []


def _named_cell(wb, name):
    (sheet, ref), = wb.defined_names[name].destinations
    return wb[sheet][ref.replace("$", "")]


def test_unit_typed_on_a_blank_template_is_read_and_titles_the_form(tmp_path):
    """A blank template's metadata names no unit: the unit line the staff type is what counts,
    and the title is a formula on the typed name (never data-derived text)."""
    example = load_example()
    wb = build_evaluation_workbook(example.framework, example.inputs, year=2024)
    title = _named_cell(wb, "form_title")
    assert title.value == '=$B$3&"整体绩效评价指标框架"'
    assert _named_cell(wb, "unit_code").number_format == "@"  # 001001 keeps its zeros
    _named_cell(wb, "unit_name").value = "南京市测试局"
    _named_cell(wb, "unit_code").value = "009001"
    path = save_workbook(wb, tmp_path / "blank.xlsx")
    report = score_workbook(path).to_dict()
    assert (report["unit_name"], report["unit_code"], report["year"]) == (
        "南京市测试局", "009001", 2024)
    assert not [i for i in report["issues"] if i["code"] == "PS-W014"]


def test_a_unit_named_in_master_data_keeps_a_text_title():
    example = load_example()
    wb = build_evaluation_workbook(example.framework, None, unit_name="=1+1", year=2024)
    title = _named_cell(wb, "form_title")
    assert title.value == "=1+1整体绩效评价指标框架" and title.data_type == "s"


def test_a_typed_code_unlike_the_generated_one_is_reported(example_workbook, tmp_path):
    wb = load_workbook(example_workbook)
    _named_cell(wb, "unit_code").value = "320199"
    report = score_workbook(save_workbook(wb, tmp_path / "code.xlsx")).to_dict()
    assert report["unit_code"] == "320199"
    (issue,) = [i for i in report["issues"] if i["code"] == "PS-W014"]
    assert issue["message"] == "自评表!G3（单位编码）为“320199”，生成时为“001001”；汇总按工作簿中填写的编码"


def test_year_is_a_number_in_json_for_workbooks_and_the_example(example_workbook, tmp_path,
                                                                 capsys):
    assert main(["score", str(example_workbook), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2024
    assert main(["score", "--example", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2024
    example = load_example()
    wb = build_evaluation_workbook(example.framework, example.inputs)  # no year at all
    assert score_workbook(save_workbook(wb, tmp_path / "no_year.xlsx")).to_dict()["year"] is None


def _target_with(tmp_path, edits: dict[str, object], blank_funding: bool = False) -> Path:
    """The example's target workbook with cells overwritten (``{"F21": "约95%"}``)."""
    form = replace(load_example().target_form, unit_code="001001")
    path = save_workbook(build_target_workbook(form), tmp_path / "target.xlsx", force=True)
    wb = load_workbook(path)
    ws = wb["目标表"]
    for ref, value in edits.items():
        ws[ref].value = value
    if blank_funding:
        for ref in ("E8", "E9", "F8", "F9"):
            ws[ref].value = None
    return save_workbook(wb, tmp_path / "edited.xlsx", force=True)


def _problems(path: Path) -> dict[str, tuple[str, str]]:
    return {p.cell: (p.code, p.message) for p in read_target(open_workbook(path)).problems}


def test_target_problems_name_the_sheet_cell(tmp_path):
    path = _target_with(tmp_path, {"F21": "约95%"})  # 预算执行率, the 9th indicator
    (problem,) = read_target(open_workbook(path)).problems
    assert (problem.code, problem.cell) == ("PS-T001", "目标表!F21")
    assert "单元格 目标表!F21" in str(problem) and "第 9 行" not in str(problem)


def test_target_reader_reports_missing_orphan_and_overwritten_cells(tmp_path):
    found = _problems(_target_with(tmp_path, {
        "G21": None,             # 预算执行率 without its 全年指标值 (H21 says 指标值未填写)
        "F51": "≥95%",           # 经济效益 has no 三级指标: the value belongs to nothing
        "E7": 99999,             # the locked 资金总额 formula typed over
    }))
    assert found["目标表!G21"][0] == "PS-T002" and "预算执行率" in found["目标表!G21"][1]
    assert found["目标表!F51"][0] == "PS-T004"
    code, message = found["目标表!E7"]
    example = load_example().target_form.funding
    assert code == "PS-G001" and f"{example.annual_total:g}" in message and "99999" in message


def test_blank_and_unreadable_funding_is_never_zero(tmp_path):
    filled = read_target(open_workbook(_target_with(tmp_path, {}, blank_funding=True)))
    assert {p.cell for p in filled.problems if p.code == "PS-G004"} == {
        "目标表!E8", "目标表!E9", "目标表!F8", "目标表!F9"}
    assert filled.form.funding.annual_total is None
    filled = read_target(open_workbook(_target_with(tmp_path, {"E8": "7056.22万元",
                                                               "E9": "四百"})))
    assert filled.form.funding.annual_basic == 7056.22
    assert filled.form.funding.annual_project is None
    assert [(p.code, p.cell) for p in filled.problems] == [("PS-W010", "目标表!E9")]


@pytest.mark.libreoffice
def test_95_typed_in_a_percent_cell_is_refused_alike_by_form_and_engine(tmp_path):
    """95 for 95% (pasted past the validation): the engine refuses it (PS-V003) and scores the
    item 0; the form must not score 9500% as full points, and its printed 得分 cell says why
    (issue #11, point 6)."""
    from scoring.vocab import FORMULA_REFUSALS
    from scoring.framework import Inputs, evaluate
    from scoring.workbook.libreoffice import recalculate

    example = load_example()
    leaf = next(item for item in example.framework.leaves()
                if item.role == "score" and item.rule().input_kind == "percent")
    inputs = Inputs(actuals={**example.inputs.actuals, leaf.code: 95},
                    scores={k: v for k, v in example.inputs.scores.items() if k != leaf.code},
                    reasons=example.inputs.reasons)
    engine = evaluate(example.framework, inputs)
    assert engine.item(leaf.code).final == 0 and engine.total == 99 - 1.5
    wb = build_evaluation_workbook(example.framework, inputs, unit_code="001001",
                                   unit_name=example.target_form.unit_name, year=2024)
    (path,) = recalculate([save_workbook(wb, tmp_path / "in" / "pct.xlsx")], tmp_path)
    report = score_workbook(path).to_dict()
    assert report["total"] == engine.total and report["disagreements"] == []
    assert any(i["code"] == "PS-V003" for i in report["issues"])
    book = load_workbook(path, data_only=True)
    (sheet, ref), = book.defined_names["eval_score"].destinations
    scores = [c for line in book[sheet][ref.replace("$", "")] for c in line]
    assert FORMULA_REFUSALS["PS-V003"] in [cell.value for cell in scores]
    (sheet, ref), = book.defined_names["total_score"].destinations
    assert book[sheet][ref.replace("$", "")].value == pytest.approx(engine.total)


def test_a_disagreement_is_named_in_chinese_at_one_location_format(example_workbook, tmp_path):
    wb = load_workbook(example_workbook)
    _named_cell(wb, "subtotal_A").value = 5
    path = save_workbook(wb, tmp_path / "sub.xlsx")
    (diff,) = score_workbook(path).to_dict()["disagreements"]
    assert diff["message"] == "A 小计（自评表!Q5）工作簿中为 5，重新计算为 14.5"
