"""Project forms in batch mode (issue #16): the 项目 and 项目绩效指标 master sheets, fill writes a
项目支出绩效自评表 per project, collect re-scores them and lists the review findings (审核提示)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from scoring.batch.collect import collect
from scoring.batch.demo import DEMO_PROJECTS, demo_frames, simulate_project_values
from scoring.batch.fill import fill_units
from scoring.batch.master import (EXAMPLE_PROJECT_CODE, PROJECT_INDICATORS, PROJECTS,
                                  example_frames, load_master, write_master)
from scoring.batch.summary import SHEETS, write_summary
from scoring.project import NATIONAL, evaluate_project, review_project
from scoring.project.example import example_project
from scoring.workbook.project_reader import read_project
from scoring.workbook.reader import open_workbook


def _with(frames: dict[str, pd.DataFrame], sheet: str, row: int, header: str, value) -> dict:
    copy = {name: frame.astype(object) for name, frame in frames.items()}
    copy[sheet].loc[row, header] = value
    return copy


def _problems(frames, tmp_path: Path, name: str = "m.xlsx"):
    master = load_master(write_master(frames, tmp_path / name))
    return master, [(e.code, e.sheet, e.row, e.column) for e in master.problems]


def test_the_example_project_round_trips(tmp_path):
    master, problems = _problems(example_frames(), tmp_path)
    assert problems == [] and master.failed_projects == ()
    (project,) = master.projects
    assert (project.code, project.unit_code, project.year, project.row) == (
        EXAMPLE_PROJECT_CODE, "001001", 2024, 2)
    expected = example_project()
    assert project.evaluation.name == expected.name and project.evaluation.unit == expected.unit
    assert project.evaluation.funds["total"].budget == 110 and project.evaluation.funds["total"].executed is None
    assert [row.target for row in project.evaluation.indicators] == [row.target for row in expected.indicators]
    assert all(row.actual is None for row in project.evaluation.indicators)


@pytest.mark.parametrize(("sheet", "row", "header", "value", "expected"), [
    (PROJECTS.sheet, 0, "项目名称", None, ("PS-M003", PROJECTS.sheet, 2, "项目名称")),
    (PROJECTS.sheet, 0, "年度", "二〇二四", ("PS-M003", PROJECTS.sheet, 2, "年度")),
    (PROJECTS.sheet, 0, "单位编码", "999999", ("PS-M003", PROJECTS.sheet, 2, "单位编码")),
    (PROJECTS.sheet, 0, "当年财政拨款（全年预算数）", -5, ("PS-G003", PROJECTS.sheet, 2, "当年财政拨款（全年预算数）")),
    (PROJECTS.sheet, 0, "其他资金（全年预算数）", 20, ("PS-X107", PROJECTS.sheet, 2, "年度资金总额（全年预算数）")),
    (PROJECTS.sheet, 0, "评分口径", "guangdong", ("PS-P001", PROJECTS.sheet, 2, "评分口径")),
    (PROJECTS.sheet, 0, "评分口径", "sichuan", ("PS-P001", PROJECTS.sheet, 2, "评分口径")),
    (PROJECT_INDICATORS.sheet, 1, "指标值", "≥≥9o%", ("PS-T001", PROJECT_INDICATORS.sheet, 3, "指标值")),
    (PROJECT_INDICATORS.sheet, 1, "分值", -1, ("PS-X005", PROJECT_INDICATORS.sheet, 3, "分值")),
    (PROJECT_INDICATORS.sheet, 1, "分值", 14, ("PS-X004", PROJECT_INDICATORS.sheet, 2, "分值")),
    (PROJECT_INDICATORS.sheet, 1, "项目编码", "P-404", ("PS-M003", PROJECT_INDICATORS.sheet, 3, "项目编码")),
])
def test_each_kind_of_bad_project_row_is_located(tmp_path, sheet, row, header, value, expected):
    master, problems = _problems(_with(example_frames(), sheet, row, header, value), tmp_path)
    assert expected in problems, problems
    assert master.units and master.units[0].code == "001001"  # the unit is filled all the same
    if expected[3] != "项目编码" or sheet == PROJECTS.sheet:
        assert master.projects == () and len(master.failed_projects) == 1
        assert master.failed_projects[0].problems


def test_duplicate_project_codes_fail_both_and_a_project_needs_indicators(tmp_path):
    frames = {name: frame.astype(object) for name, frame in example_frames().items()}
    frames[PROJECTS.sheet] = pd.concat([frames[PROJECTS.sheet]] * 2, ignore_index=True)
    master, problems = _problems(frames, tmp_path)
    assert ("PS-M002", PROJECTS.sheet, 3, "项目编码") in problems and master.projects == ()
    frames = {**example_frames(), PROJECT_INDICATORS.sheet: example_frames()[PROJECT_INDICATORS.sheet].iloc[:0]}
    master, problems = _problems(frames, tmp_path, "b.xlsx")
    assert ("PS-M003", PROJECTS.sheet, 2, None) in problems and master.projects == ()


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """The demo master with two generated units: three projects filled, typed, one damaged copy."""
    root = tmp_path_factory.mktemp("projects")
    master = load_master(write_master(demo_frames(2), root / "master.xlsx"))
    out = root / "in"
    report = fill_units(master, out, jobs=1, kinds=("project",))
    paths = sorted(Path(row.file) for row in report.written if row.form == "project")
    assert len(paths) == report.count("written") == 3
    assert simulate_project_values(paths) == 3
    (out / "坏的项目表.xlsx").write_bytes(paths[0].read_bytes()[:3000])
    return out


def test_collect_scores_every_project_as_the_engine_does(filled):
    collected = collect(filled, jobs=1)
    assert len(collected.projects) == 3 and len(collected.unreadable) == 1
    assert collected.unreadable["文件"].iloc[0].endswith("坏的项目表.xlsx")
    for _, row in collected.projects.iterrows():
        filled_project = read_project(open_workbook(row["文件"]))
        result = evaluate_project(filled_project.evaluation, NATIONAL)
        assert (row["总分"], row["等次"]) == (result.total, result.grade)
        assert row["扣分合计"] == round(sum(r.lost for r in result.lost_rows), 2)
        assert row["审核提示数"] == len(review_project(filled_project.evaluation, NATIONAL, result))
    example = collected.projects.set_index("项目编码").loc[EXAMPLE_PROJECT_CODE]
    assert (example["总分"], example["等次"], example["资金执行率"]) == (90.67, "优秀", "95.0%")
    units = collected.project_units.set_index("单位编码")
    assert units.loc["001001", "项目数"] == 1 and units.loc["001001", "平均分"] == 90.67
    lost = collected.project_lost[collected.project_lost["项目编码"] == EXAMPLE_PROJECT_CODE]
    assert list(lost["指标或资金"]) == ["年度资金总额", "服务老人人数", "补助发放用时", "老年人生活质量改善"]
    assert list(lost["扣分"]) == [0.5, 0.33, 2.5, 6.0]
    assert lost["偏差原因分析及改进措施"].iloc[1] == "部分老人迁出辖区；下年度扩大摸底范围。"


def test_every_review_check_of_the_demo_appears_with_its_code_and_cell(filled):
    review = collect(filled, jobs=1).project_review
    found = sorted(zip(review["项目名称"], review["代码"], review["位置"]))
    first, second = DEMO_PROJECTS[0][0], DEMO_PROJECTS[1][0]
    assert found == sorted([
        (first, "PS-X102", "项目自评表!F13"), (first, "PS-X103", "项目自评表!I13"),
        (first, "PS-X103", "项目自评表!I14"), (first, "PS-X107", "项目自评表!B6"),
        (first, "PS-X108", "项目自评表!F6"), (second, "PS-X101", "项目自评表!G13"),
        (second, "PS-X105", "项目自评表!F13"), (second, "PS-X106", "项目自评表!B13:B15")])
    message = review[(review["代码"] == "PS-X103") & (review["位置"] == "项目自评表!I14")]["说明"].iloc[0]
    assert "工程验收合格率" in message and "只写了“无”" in message


def test_the_summary_workbook_has_the_project_sheets(filled, tmp_path):
    from openpyxl import load_workbook

    path = write_summary(collect(filled, jobs=1), tmp_path / "汇总.xlsx")
    wb = load_workbook(path)
    for key in ("projects", "project_units", "project_lost", "project_review"):
        assert SHEETS[key] in wb.sheetnames
    ws = wb[SHEETS["project_review"]]
    assert ws.max_row == 9 and ws["A1"].value == "单位编码"
