"""The form declarations (scoring.forms) are complete and consistent.

Readers and writers take every coordinate from these declarations, so a duplicate letter, a
non-ASCII name or a working column inside the printed area would break both at once.
"""

from __future__ import annotations

import re

import pytest

from scoring import forms
from scoring.forms import (AWARDS_COLUMNS, EVALUATION_FORM, PROJECT_FORM, PROJECT_TARGET_FORM,
                           TARGET_FORM, indicator_label)

LAYOUTS = [TARGET_FORM, EVALUATION_FORM, PROJECT_FORM, PROJECT_TARGET_FORM]
NAME = re.compile(r"^[a-z][a-z0-9_]*$")


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.kind)
def test_columns_have_distinct_keys_letters_and_ascii_names(layout):
    keys = [column.key for column in layout.columns]
    letters = [column.letter for column in layout.columns]
    names = [column.name for column in layout.columns]
    assert len(set(keys)) == len(keys)
    assert len(set(letters)) == len(letters)
    assert all(NAME.match(name) for name in names), names
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("layout", LAYOUTS, ids=lambda layout: layout.kind)
def test_official_columns_come_first_and_are_contiguous(layout):
    flags = [column.official for column in layout.columns]
    assert flags == sorted(flags, reverse=True)
    indexes = [ord(column.letter) - ord("A") for column in layout.columns]
    assert indexes == list(range(len(indexes)))
    assert layout.first_letter == "A"


def test_evaluation_form_official_columns_match_domain_section_3():
    titles = [column.title for column in EVALUATION_FORM.official_columns]
    assert titles == ["一级指标", "二级指标", "三级指标（参考）", "指标说明", "评价要点", "得分",
                      "未完成指标原因分析"]
    working = [column.title for column in EVALUATION_FORM.working_columns]
    assert {"分值", "实际完成值", "系统评分"} <= set(working)


def test_target_form_table_and_header_block():
    titles = [column.title for column in TARGET_FORM.official_columns]
    assert titles[0] == "一级指标" and titles[-2:] == ["半年指标值", "全年指标值"]
    labels = [label for _, _, label, _ in forms.TARGET_TEXT_ROWS]
    assert labels == ["单位名称", "单位主要职能", "机构设置及人员配置", "中长期目标", "年度目标"]
    rows = sorted([row for row, *_ in forms.TARGET_TEXT_ROWS]
                  + [forms.FUNDING_HEADING_ROW] + [row for row, *_ in forms.FUNDING_ROWS])
    assert rows == list(range(3, TARGET_FORM.header_row))
    assert [item for _, _, item, _, _ in forms.FUNDING_ROWS] == ["资金总额", "基本支出", "项目支出"]


def test_named_cells_are_ascii_and_include_total_and_grade():
    for layout in LAYOUTS:
        names = [cell.name.replace("<code>", "x") for cell in layout.cells]
        assert all(NAME.match(name) for name in names), names
        assert len(set(names)) == len(names)
    evaluation = {cell.name for cell in EVALUATION_FORM.cells}
    assert {"total_score", "grade", "total_deduction", "unit_name", "unit_code"} <= evaluation
    for name, _ in forms.EVALUATION_WORKING_CELLS:
        assert name in evaluation


def test_awards_and_metadata_declarations():
    assert [column.key for column in AWARDS_COLUMNS] == ["number", "work", "award", "amount",
                                                         "counted"]
    keys = [key for key, _ in forms.METADATA_FIELDS]
    assert keys[:7] == ["form_kind", "template_version", "variant", "year", "unit_code",
                        "unit_name", "rules_checksum"]
    assert forms.TEMPLATE_VERSION in forms.SUPPORTED_TEMPLATE_VERSIONS


def test_every_input_kind_of_a_rule_has_a_validation():
    from scoring.parse import parse_rule

    kinds = {parse_rule(text, points).input_kind for text, points in (
        ("预算执行率在 90%以上，得 2 分。", None), ("每发现一处问题扣0.5分", 2), ("酌情扣分", 5),
        ("每迟报1天扣0.5分", 2), ("决策制度建立完整，得 2 分。", None),
        ("每发现一处问题扣1分，扣完为止；受举报被查处的不计分", 3), ("①制度健全,1分;②执行到位,1分", None),
        ("资料不全的扣1分；未按时报送的扣1分", 2))}
    assert kinds | {"choice_open"} == set(forms.ACTUAL_VALIDATIONS) - {"awards"}
    assert set(forms.ACTUAL_VALIDATIONS) == {"percent", "number", "count", "choice", "score",
                                            "parts", "choice_open", "items", "problems"}
    assert set(forms.ACTUAL_CHECK_HINTS) <= set(forms.ACTUAL_VALIDATIONS)
    assert forms.ACTUAL_VALIDATIONS["score"].max_is_points


@pytest.mark.parametrize(("args", "label"), [
    (("A", "部门决策", 15.0), "A 部门决策（15 分）"),
    (("A41", "预算编制科学规范", 2.5), "A41 预算编制科学规范（2.5 分）"),
    (("E1", "信息化建设情况", None), "E1 信息化建设情况"),
])
def test_indicator_label(args, label):
    assert indicator_label(*args) == label


def test_indicator_label_of_a_cap():
    assert indicator_label("F", "加减分项", 5.0, cap=True) == "F 加减分项（≤5 分）"


def test_shared_labels_and_check_texts_are_declared_once():
    """单位编码/单位名称, the 提示 texts, the form title and the default city appear as string
    literals only in forms.py; every writer, reader and batch table derives them from there."""
    import re
    from pathlib import Path

    import scoring
    from scoring import forms

    root = Path(scoring.__file__).parent
    words = [forms.UNIT_CODE_LABEL, forms.UNIT_NAME_LABEL, *forms.CHECK_TEXTS.values(),
             forms.EVALUATION_TITLE, forms.DEFAULT_CITY]
    found = []
    for path in sorted(root.rglob("*.py")):
        if path.name == "forms.py":
            continue
        for literal in re.findall(r'"([^"\n]*)"', path.read_text(encoding="utf-8")):
            found.extend(f"{path.relative_to(root)}: {word}" for word in words if literal == word)
    assert found == []


def test_the_registry_finds_every_form_and_its_declared_names_exist_in_its_workbooks():
    """Each registered form (scoring.forms.FORMS) is written by `perfscore template`, read back
    by its kind, and holds every defined name its layout declares (issue #12)."""
    from scoring.commands.template import template_workbooks
    from scoring.forms import FORM_LABELS, FORMS, form, function

    books = template_workbooks()
    assert set(FORMS) == {"target", "evaluation", "monitoring", "project", "project_target"}
    for kind, spec in FORMS.items():
        assert form(kind) is spec and FORM_LABELS[kind] == spec.layout.label
        for path in (spec.summarise, spec.score):
            if path:
                assert callable(function(path)), path
        declared = {cell.name for cell in spec.layout.cells if "<" not in cell.name} | {
            column.name for column in spec.layout.columns}  # subtotal_<code>: one per section
        written = [wb for wb in books.values() if wb["perfscore_meta"]["B1"].value == kind]
        assert len(written) == 2 * len(spec.variants)  # blank and example of each variant
        for wb in written:
            assert declared <= set(wb.defined_names), (kind, sorted(declared - set(wb.defined_names)))
            meta = wb["perfscore_meta"]
            assert meta["B1"].value == kind


def test_the_summary_tables_are_declared_once_and_each_form_owns_its_own():
    """Collect's tables and the summary workbook's sheets come from the registry: one
    declaration per table, every table a sheet, each form's per-unit table first."""
    from dataclasses import fields

    from scoring.batch.collect import Collected, UNIT_COLUMNS
    from scoring.batch.summary import EMPTY_NOTES, SHEETS
    from scoring import forms as forms_module
    from scoring.forms import FORMS, SUMMARY_TABLES

    keys = [table.key for table in SUMMARY_TABLES]
    assert sorted(keys) == sorted(field.name for field in fields(Collected))
    assert list(SHEETS) == keys and len(set(SHEETS.values())) == len(keys)
    assert EMPTY_NOTES["red_lights"] == "无（没有亮红灯的指标或资金）"
    owned = [table.key for spec in FORMS.values() for table in spec.summary]
    assert len(owned) == len(set(owned)) and set(owned) <= set(keys)
    assert {spec.kind: spec.summary_sheet for spec in FORMS.values()} == {
        "target": "目标表", "evaluation": "汇总", "monitoring": "运行监控", "project": "项目自评",
        "project_target": "项目目标申报"}
    assert forms_module.FILLED_FORMS == ("target", "evaluation", "monitoring", "project",
                                         "project_target")
    assert forms_module.PROJECT_FORMS == ("project", "project_target")
    assert forms_module.UNIT_FORMS == ("target", "evaluation", "monitoring")
    assert UNIT_COLUMNS is FORMS["evaluation"].summary[0].columns
    assert UNIT_COLUMNS["flags"] == "否决与取消资格"


def test_the_project_form_takes_its_labels_from_the_core():
    """项目支出绩效自评表 (issue #16): the columns are the national profile's, in its order, with
    the core's labels; the funds rows are the core's."""
    from scoring.project import NATIONAL
    from scoring.project import vocab as project_vocab

    official = [column.key for column in PROJECT_FORM.official_columns]
    assert official == ["block", "level1", "level2", "name", "target", "actual", "points",
                        "score", "reason"]
    assert [column.title for column in PROJECT_FORM.official_columns[1:]] == [
        NATIONAL.label(key) for key in NATIONAL.indicator_columns]
    assert [column.title for column in forms.PROJECT_FUND_COLUMNS[1:]] == [
        NATIONAL.label(key) for key in NATIONAL.fund_columns]
    assert forms.PROJECT_FUND_KEYS == tuple(key for key, _ in NATIONAL.fund_rows)
    assert {"project_total_score", "project_grade", "execution_rate", "fund_score"} <= {
        cell.name for cell in PROJECT_FORM.cells}
    assert forms.PROJECT_TIER_VALIDATION.values == tuple(project_vocab.TIER_NAMES.values())


def test_the_project_target_form_takes_its_labels_from_the_core():
    """项目支出绩效目标申报表 (issue #16): the table's columns and the funds rows and columns are
    the core's labels; every name of the form starts with proj_target_ (but the shared title)."""
    from scoring.project import vocab as project_vocab

    assert [column.title for column in PROJECT_TARGET_FORM.official_columns] == [
        project_vocab.DECLARATION_LABELS[key] for key in ("indicators", "level1", "level2",
                                                          "name3", "target")]
    names = [cell.name for cell in PROJECT_TARGET_FORM.cells] + [
        column.name for column in PROJECT_TARGET_FORM.columns]
    assert [name for name in names if not name.startswith("proj_target_")] == [
        "form_title", "form_subtitle"]
    assert {f"proj_target_{column}_{row}" for column in project_vocab.DECLARATION_FUND_COLUMNS
            for row in project_vocab.DECLARATION_FUND_ROWS} <= set(names)
    assert forms.PROJECT_ATTRIBUTE_VALIDATION.values == ("新增项目", "延续项目")
    assert forms.PROJECT_TARGET_FUND_LETTERS == {"mid": "D", "annual": "E"}
