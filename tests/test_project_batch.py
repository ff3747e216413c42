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
from scoring.project import NATIONAL, PROFILES, evaluate_project, review_project
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
    (PROJECTS.sheet, 0, "评分口径", "广东", ("PS-P001", PROJECTS.sheet, 2, "评分口径")),
    (PROJECTS.sheet, 0, "评分口径", "湖北黄冈", ("PS-P001", PROJECTS.sheet, 2, "当年财政拨款（年初预算数）")),
    (PROJECTS.sheet, 0, "评分口径", "四川", ("PS-P001", PROJECTS.sheet, 2, "上年结转资金（全年预算数）")),
    # 湖北's form has only the total row: the example's 当年财政拨款 amounts have nowhere to go
    (PROJECTS.sheet, 0, "评分口径", "hubei_huanggang",
     ("PS-P001", PROJECTS.sheet, 2, "当年财政拨款（年初预算数）")),
    (PROJECTS.sheet, 0, "评分口径", "sichuan", ("PS-P001", PROJECTS.sheet, 2, "上年结转资金（全年预算数）")),
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
        assert row["扣分合计"] == -round(sum(r.lost for r in result.lost_rows), 2)
        assert row["审核提示数"] == len(review_project(filled_project.evaluation, NATIONAL, result))
    example = collected.projects.set_index("项目编码").loc[EXAMPLE_PROJECT_CODE]
    assert (example["总分"], example["等次"], example["资金执行率"]) == (90.67, "优秀", 0.95)
    # 扣分合计 negative as 汇总's; the list and the detail table agree on the same points
    assert example["扣分合计"] == -9.33
    assert example["扣分指标"] == "年度资金总额 −0.5；服务老人人数 −0.33；补助发放用时 −2.5；老年人生活质量改善 −6"
    # the unit that handed it in, and the form's own 主管部门 and 实施单位 beside it
    assert (example["单位编码"], example["单位名称"], example["主管部门"], example["实施单位"]) == (
        "001001", "南京市人民政府办公厅", "某市民政局（示例）", "某市社区养老服务中心（示例）")
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
    ws = wb[SHEETS["projects"]]
    headings = [cell.value for cell in ws[1]]
    rates = [row[headings.index("资金执行率")] for row in ws.iter_rows(min_row=2)]
    codes = [row[headings.index("项目编码")].value for row in ws.iter_rows(min_row=2)]
    example = rates[codes.index(EXAMPLE_PROJECT_CODE)]
    assert (example.value, example.number_format, example.data_type) == (0.95, "0.0%", "n")
    assert all(cell.number_format == "0.0%" and isinstance(cell.value, float) for cell in rates)


def _local_profile_frames() -> dict[str, pd.DataFrame]:
    """The example master plus the same project under 四川 (its 财政资金 the national 当年财政拨款
    and 上年结转资金 together, 其他资金 as it was; 财政专户管理资金 and 单位资金 blank) and 湖北黄冈
    (its total only; indicators worth 80)."""
    frames = {name: frame.astype(object) for name, frame in example_frames().items()}
    projects, indicators = frames[PROJECTS.sheet], frames[PROJECT_INDICATORS.sheet]
    parts = [header for header in projects.columns
             if header.startswith(("当年财政拨款（", "上年结转资金（"))]
    added, added_indicators = [], []
    for code, profile in (("SC-1", "四川"), ("HB-1", "湖北黄冈")):
        row = projects.iloc[0].copy()
        row["项目编码"], row["评分口径"] = code, profile
        if profile == "四川":
            for amount in ("年初预算数", "全年预算数"):
                row[f"财政资金（{amount}）"] = row[f"当年财政拨款（{amount}）"] + row[f"上年结转资金（{amount}）"]
        row[parts] = None
        if profile == "湖北黄冈":
            row[[header for header in projects.columns if header.startswith("其他资金（")]] = None
        added.append(row)
        rows = indicators.copy()
        rows["项目编码"] = code
        if profile == "湖北黄冈":
            rows.loc[0, "分值"] = 10          # 20 + 80 = 100 under 湖北's 20-point funds
        added_indicators.append(rows)
    frames[PROJECTS.sheet] = pd.concat([projects, pd.DataFrame(added)], ignore_index=True)
    frames[PROJECT_INDICATORS.sheet] = pd.concat([indicators, *added_indicators], ignore_index=True)
    return frames


def _type_values(path: Path, executed: float, actuals: list, texts: dict[str, str]) -> None:
    """Type the total row's 全年执行数, the 实际完成值 and the profile's text cells, by name."""
    from openpyxl import load_workbook

    wb = load_workbook(path)

    def cell(name: str, row: int = 0):
        (sheet, ref), = wb.defined_names[name].destinations
        first = wb[sheet][ref.replace("$", "").split(":")[0]]
        return wb[sheet].cell(first.row + row, first.column)

    cell("proj_fund_executed").value = executed
    for index, actual in enumerate(actuals):
        cell("proj_actual", index).value = actual
    for name, text in texts.items():
        cell(name).value = text
    wb.save(path)


def test_local_profiles_are_filled_and_collected_under_their_profile(tmp_path):
    master, problems = _problems(_local_profile_frames(), tmp_path)
    assert problems == [] and [p.profile for p in master.projects] == [
        "national", "sichuan", "hubei_huanggang"]
    report = fill_units(master, tmp_path / "in", jobs=1, kinds=("project",))
    paths = {Path(row.file).name.split("_")[2]: Path(row.file)   # 年度_单位编码_项目编码_…
             for row in report.written if row.form == "project"}
    actuals = ["1180人", 0.98, "40天", "880元", "部分达成预期指标并具有一定效果", "达成预期指标", 0.92]
    _type_values(paths["SC-1"], 88, actuals, {"project_problems": "无"})   # 88 ÷ 110 = 80% < 90%
    _type_values(paths["HB-1"], 99, actuals, {})                           # 99 ÷ 110 = 90%
    _type_values(paths[EXAMPLE_PROJECT_CODE], 99, actuals, {})
    collected = collect(tmp_path / "in", jobs=1).projects.set_index("项目编码")
    for code, key in ((EXAMPLE_PROJECT_CODE, "national"), ("SC-1", "sichuan"),
                      ("HB-1", "hubei_huanggang")):
        filled_project = read_project(open_workbook(paths[code]))
        assert filled_project.profile is PROFILES[key]
        result = evaluate_project(filled_project.evaluation, PROFILES[key])
        assert (collected.loc[code, "总分"], collected.loc[code, "等次"]) == (result.total, result.grade)
        assert collected.loc[code, "评分口径"] == PROFILES[key].title
    # worked by hand: funds 8 (四川, 80% × 10) and 18 (湖北, 90% × 20); the indicators lose
    # 0.33 + 2.5 on 人数 and 用时 and the 部分达成 tier's default share (60%, 湖北 50%) of 20
    assert collected.loc["SC-1", "总分"] == round(8 + 90 - 0.33 - 2.5 - 8, 2)
    assert collected.loc["HB-1", "总分"] == round(18 + 80 - 0.17 - 2.5 - 10, 2)
    review = collect(tmp_path / "in", jobs=1).project_review
    sichuan = review[review["项目编码"] == "SC-1"]
    assert ("PS-X103", "项目自评表!D11") in set(zip(sichuan["代码"], sichuan["位置"]))   # 原因 for 80%
    assert ("PS-X104", "项目自评表!D25") in set(zip(sichuan["代码"], sichuan["位置"]))   # 存在问题 无
    hubei = review[(review["项目编码"] == "HB-1") & (review["代码"] == "PS-X103")]
    assert set(hubei["位置"]) == {"项目自评表!D19"}     # the one 偏差原因分析 cell


def _sichuan_funds(frames: dict[str, pd.DataFrame], fiscal: tuple[float, float]) -> dict:
    """The 四川 project of :func:`_local_profile_frames` with the given 财政资金 (年初, 全年), 2 万元
    of 单位资金 in both columns taken out of it."""
    projects = frames[PROJECTS.sheet]
    row = projects.index[projects["项目编码"] == "SC-1"][0]
    for amount, value in zip(("年初预算数", "全年预算数"), fiscal):
        projects.loc[row, f"财政资金（{amount}）"] = value - 2
        projects.loc[row, f"单位资金（{amount}）"] = 2
    return frames


def test_a_sichuan_project_takes_its_own_funds_rows_from_master_data(tmp_path):
    # 总额 100 / 110 = 财政资金 88 / 98 + 单位资金 2 + 其他资金 10 (财政专户管理资金 blank)
    master, problems = _problems(_sichuan_funds(_local_profile_frames(), (90, 100)), tmp_path)
    assert problems == []
    project = next(p for p in master.projects if p.code == "SC-1")
    assert {key: (row.initial, row.budget) for key, row in project.evaluation.funds.items()} == {
        "total": (100, 110), "fiscal": (88, 98), "unit_funds": (2, 2), "other": (10, 10)}
    report = fill_units(master, tmp_path / "out", jobs=1, kinds=("project",))
    (path,) = [Path(row.file) for row in report.written if "SC-1" in Path(row.file).name]
    funds = read_project(open_workbook(path)).evaluation.funds
    assert (funds["fiscal"].initial, funds["fiscal"].budget) == (88, 98)
    assert (funds["unit_funds"].initial, funds["unit_funds"].budget) == (2, 2)
    assert funds["special_account"].initial is None and funds["other"].budget == 10


@pytest.mark.parametrize(("code", "fiscal", "expected"), [
    # 88 + 2 + 10 = 100 ≠ 110: the 全年预算数 parts of 四川's form do not add up
    ("SC-1", (90, 90), ("PS-X107", PROJECTS.sheet, 3, "年度资金总额（全年预算数）")),
    # the national form has no 财政资金 row
    (EXAMPLE_PROJECT_CODE, (90, 100), ("PS-P001", PROJECTS.sheet, 2, "财政资金（年初预算数）")),
])
def test_sichuan_funds_rows_are_checked_against_the_projects_profile(tmp_path, code, fiscal, expected):
    frames = _local_profile_frames()
    projects = frames[PROJECTS.sheet]
    projects.loc[projects["项目编码"] == code, "项目编码"] = "TMP"
    projects.loc[projects["项目编码"] == "SC-1", "项目编码"] = "SC-2"
    projects.loc[projects["项目编码"] == "TMP", "项目编码"] = "SC-1"   # the checked row is SC-1's
    frames[PROJECT_INDICATORS.sheet] = pd.concat([frames[PROJECT_INDICATORS.sheet].assign(
        项目编码=lambda f: f["项目编码"].replace({"SC-1": "SC-2"}))], ignore_index=True)
    master, problems = _problems(_sichuan_funds(frames, fiscal), tmp_path)
    assert expected in problems, problems
    assert "SC-1" in {failed.code for failed in master.failed_projects}


# ------------------------------------------------------------------ the target declaration in batch
DECLARATION = "项目目标申报表"


@pytest.mark.parametrize(("header", "value", "expected"), [
    ("项目属性", "新建", ("PS-X110", PROJECTS.sheet, 2, "项目属性")),
    ("中期资金总额（财政拨款）", -5, ("PS-G003", PROJECTS.sheet, 2, "中期资金总额（财政拨款）")),
    ("中期资金总额", 310, ("PS-X107", PROJECTS.sheet, 2, "中期资金总额")),
])
def test_the_declaration_columns_are_validated_and_located(tmp_path, header, value, expected):
    master, problems = _problems(_with(example_frames(), PROJECTS.sheet, 0, header, value), tmp_path)
    assert expected in problems and master.projects == ()
    assert master.units and len(master.failed_projects) == 1


def test_the_declaration_columns_round_trip_and_may_stay_blank(tmp_path):
    from scoring.batch.master import DECLARATION_COLUMNS
    from scoring.forms import PROJECT_DECLARATION_KEYS
    from scoring.project import DeclaredFunds
    from scoring.project.example import example_target

    assert tuple(DECLARATION_COLUMNS) == PROJECT_DECLARATION_KEYS
    master, problems = _problems(_with(example_frames(), PROJECTS.sheet, 0, "项目属性", " 延续项目 "),
                                 tmp_path)
    assert problems == [] and master.projects[0].target.attribute == "延续项目"
    (project,) = load_master(write_master(example_frames(), tmp_path / "a.xlsx")).projects
    assert project.target == example_target()   # 年度 = 年初预算数; 财政拨款 = 当年 + 上年结转
    frames = example_frames()
    for header, *_ in DECLARATION_COLUMNS.values():   # a one-year project without any of them
        frames = _with(frames, PROJECTS.sheet, 0, header, None)
    master, problems = _problems(frames, tmp_path, "b.xlsx")
    target = master.projects[0].target
    assert problems == [] and (target.attribute, target.period, target.goal_mid) == ("", "", "")
    assert target.funds["mid"] == DeclaredFunds() and target.funds["annual"] == DeclaredFunds(100, 90, 10)
    frames = _with(frames, PROJECTS.sheet, 0, "年度资金总额（年初预算数）", None)
    target = _problems(frames, tmp_path, "c.xlsx")[0].projects[0].target
    assert target.funds["annual"] == DeclaredFunds(110, 100, 10)   # 全年预算数 without 年初
    local = load_master(write_master(_local_profile_frames(), tmp_path / "d.xlsx")).projects
    assert [project.target.funds["annual"] for project in local[1:]] == [DeclaredFunds(100)] * 2


@pytest.fixture()
def declared(tmp_path) -> tuple[Path, dict[str, Path]]:
    """The example master's project filled (both forms) into ``in``: form label → path."""
    master = load_master(write_master(example_frames(), tmp_path / "master.xlsx"))
    report = fill_units(master, tmp_path / "in", jobs=1, kinds=("project", "project_target"))
    return tmp_path / "in", {row.form: Path(row.file) for row in report.written}


def test_fill_writes_both_project_forms_per_project(declared):
    from scoring.project.example import example_target
    from scoring.workbook.project_target_reader import read_filled_project_target

    folder, paths = declared
    assert sorted(path.name for path in folder.glob("*.xlsx")) == [
        f"2024_001001_{EXAMPLE_PROJECT_CODE}_社区养老服务补助项目（示例）_{label}.xlsx"
        for label in ("项目目标申报表", "项目自评表")]
    filled = read_filled_project_target(open_workbook(paths["project_target"]))
    assert filled.target == example_target() and filled.project_code == EXAMPLE_PROJECT_CODE
    assert filled.metadata.unit_code == "001001" and filled.rows == tuple(range(19, 26))
    assert filled.mid_rows == tuple(range(14, 19))   # the 中期（长期）group above the annual one
    evaluation = open_workbook(paths["project"]).metadata.rules_checksum
    assert filled.metadata.rules_checksum == evaluation   # the writer's checksums agree


def _edit(path: Path, values: dict[str, object]) -> None:
    """Type into a declaration by defined name (``name`` or ``name#row`` for a table row)."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for key, value in values.items():
        name, _, offset = key.partition("#")
        (sheet, ref), = wb.defined_names[name].destinations
        first = wb[sheet][ref.replace("$", "").split(":")[0]]
        wb[sheet].cell(first.row + int(offset or 0), first.column).value = value
    wb.save(path)


def test_collect_lists_the_declarations_problems_and_a_mismatch_with_their_cells(declared):
    folder, paths = declared
    untouched = collect(folder, jobs=1)
    assert untouched.project_review.empty and len(untouched.project_targets) == 1
    row = untouched.project_targets.iloc[0]
    assert (row["项目属性"], row["中期资金总额"], row["年度资金总额"], row["年度指标数"],
            row["中期指标数"], row["指标与自评表一致"]) == ("新增项目", 300, 100, 7, 5, "是")
    assert row["单位名称"] == "南京市人民政府办公厅"   # the unit that handed it in
    _edit(paths["project_target"], {"proj_target_attribute": "新建", "proj_target_annual_total": 120,
                                    "proj_target_value#1": "≥≥95%"})
    collected = collect(folder, jobs=1)
    review = collected.project_review
    # The edited 指标值 also makes the declaration differ from what was issued (PS-W007, at the
    # table its checksum covers).
    assert list(zip(review["代码"], review["位置"])) == [
        ("PS-W007", f"{DECLARATION}!B19:E25"),
        ("PS-X110", f"{DECLARATION}!B6"), ("PS-X107", f"{DECLARATION}!E8"),
        ("PS-T001", f"{DECLARATION}!E20"), ("PS-X111", f"{DECLARATION}!D20")]
    assert set(review["项目编码"]) == {EXAMPLE_PROJECT_CODE} and set(review["文件"]) == {
        str(paths["project_target"])}
    mismatch = review["说明"].iloc[-1]
    assert mismatch == ("自评表的绩效指标与目标申报表不一致：第2个指标，目标申报表为“产出指标 质量指标 服务合格率 ≥≥95%”，"
                        f"项目自评表为“产出指标 质量指标 服务合格率 ≥95%”（{paths['project'].name}）")
    row = collected.project_targets.iloc[0]
    assert (row["指标与自评表一致"], row["审核提示数"]) == ("否", 5)


def test_a_declaration_with_a_row_fewer_is_a_mismatch_at_its_table(declared):
    folder, paths = declared
    _edit(paths["project_target"], {"proj_target_level3#6": None, "proj_target_value#6": None})
    review = collect(folder, jobs=1).project_review
    # Changed since issued (PS-W007), its 满意度指标 row gone (PS-X106), unlike the self-evaluation.
    assert list(review["代码"]) == ["PS-W007", "PS-X106", "PS-X111"]
    finding = next(review.iloc[2:].itertuples(index=False))
    assert (finding.代码, finding.位置) == ("PS-X111", f"{DECLARATION}!B19:B24")
    assert "第7个指标，目标申报表为“（无）”" in finding.说明


def test_a_project_handed_in_twice_counts_once_per_form(declared):
    import os
    import shutil

    folder, paths = declared
    copies = folder / "再次上报"
    copies.mkdir()
    for path in paths.values():
        shutil.copy2(path, copies / path.name)
    typed = copies / paths["project"].name
    assert simulate_project_values([typed]) == 1
    os.utime(typed, (1_000_000, 1_000_000))   # the typed copy is the older one: filled wins
    collected = collect(folder, jobs=1)
    assert len(collected.projects) == len(collected.project_targets) == 1
    assert collected.projects.iloc[0]["文件"] == str(typed) and collected.projects.iloc[0]["总分"] == 90.67
    duplicates = collected.duplicates
    assert sorted(zip(duplicates["表单"], duplicates["项目编码"], duplicates["计入汇总"])) == sorted(
        [("项目自评表", EXAMPLE_PROJECT_CODE, "是"), ("项目自评表", EXAMPLE_PROJECT_CODE, "否"),
         ("项目目标申报表", EXAMPLE_PROJECT_CODE, "是"), ("项目目标申报表", EXAMPLE_PROJECT_CODE, "否")])
    assert collected.projects.iloc[0]["问题"].startswith(
        f"[PS-W015] 同一项目（项目编码 {EXAMPLE_PROJECT_CODE}，2024年度）有 2 个项目自评表工作簿")
    assert collected.files == 4 and collected.project_units.iloc[0]["项目数"] == 1
    assert list(collected.project_targets["指标与自评表一致"]) == ["是"]


def test_a_damaged_declaration_is_unreadable_and_the_rest_is_collected(declared):
    folder, paths = declared
    (folder / "坏的申报表.xlsx").write_bytes(paths["project_target"].read_bytes()[:2500])
    collected = collect(folder, jobs=1)
    assert list(collected.unreadable["文件"].map(lambda p: Path(p).name)) == ["坏的申报表.xlsx"]
    assert collected.unreadable["错误代码"].iloc[0] == "PS-W002"
    assert len(collected.projects) == len(collected.project_targets) == 1


# ------------------------------------------------------------------ what a new user ran into


@pytest.mark.parametrize(("typed", "key"), [
    ("全国", "national"), (" 四川 ", "sichuan"), ("湖北黄冈", "hubei_huanggang"),
    ("national", "national"), ("四川省部门预算项目支出绩效自评表", "sichuan"),
    ("财政部项目支出绩效自评表(财预〔2020〕10号)", "national"),   # ASCII brackets: NFKC
])
def test_the_profile_column_takes_the_profiles_chinese_names(tmp_path, typed, key):
    frames = _with(example_frames(), PROJECTS.sheet, 0, "评分口径", typed)
    if key != "national":   # the profile's form has no 当年财政拨款 / 上年结转资金 rows
        parts = [h for h in frames[PROJECTS.sheet].columns if h.startswith(("当年财政拨款（", "上年结转资金（"))]
        if key == "sichuan":   # its 财政资金 row takes both
            for amount in ("年初预算数", "全年预算数"):
                frames[PROJECTS.sheet].loc[0, f"财政资金（{amount}）"] = sum(
                    frames[PROJECTS.sheet].loc[0, f"{part}（{amount}）"] for part in ("当年财政拨款", "上年结转资金"))
        if key == "hubei_huanggang":
            parts += [h for h in frames[PROJECTS.sheet].columns if h.startswith("其他资金（")]
            frames[PROJECT_INDICATORS.sheet].loc[0, "分值"] = 10
        frames[PROJECTS.sheet].loc[0, parts] = None
    master, problems = _problems(frames, tmp_path)
    assert problems == [] and [project.profile for project in master.projects] == [key]


def test_an_unknown_profile_names_the_chinese_choices(tmp_path):
    master, _ = _problems(_with(example_frames(), PROJECTS.sheet, 0, "评分口径", "广东"), tmp_path)
    (problem,) = master.problems
    assert problem.message.startswith("没有名为“广东”的项目评分口径，应为以下之一：全国（财政部项目支出绩效自评表")
    assert "；national）、四川（四川省部门预算项目支出绩效自评表；sichuan）、湖北黄冈（" in problem.message


def test_master_and_demo_write_the_profile_in_chinese_with_a_dropdown(tmp_path):
    from openpyxl import load_workbook

    assert list(example_frames()[PROJECTS.sheet]["评分口径"]) == ["全国"]
    assert set(demo_frames(2)[PROJECTS.sheet]["评分口径"]) == {"全国"}
    assert [profile.name for profile in PROFILES.values()] == ["全国", "四川", "湖北黄冈"]
    ws = load_workbook(write_master(example_frames(), tmp_path / "m.xlsx"))[PROJECTS.sheet]
    headings = [cell.value for cell in ws[1]]
    dropdowns = {str(validation.sqref): (validation.type, validation.formula1)
                 for validation in ws.data_validations.dataValidation}
    letter = ws.cell(1, headings.index("评分口径") + 1).column_letter
    assert dropdowns[f"{letter}2:{letter}1048576"] == ("list", '"全国,四川,湖北黄冈"')
    letter = ws.cell(1, headings.index("项目属性") + 1).column_letter
    assert dropdowns[f"{letter}2:{letter}1048576"] == ("list", '"新增项目,延续项目"')
    assert len(dropdowns) == 2   # no other column of the sheet has one
    assert all(not load_workbook(tmp_path / "m.xlsx")[sheet].data_validations.dataValidation
               for sheet in ("单位", "绩效指标"))
    ws = load_workbook(tmp_path / "m.xlsx")[PROJECT_INDICATORS.sheet]
    (period,) = ws.data_validations.dataValidation   # 指标期: 年度 or 中期
    letter = ws.cell(1, [cell.value for cell in ws[1]].index("指标期") + 1).column_letter
    assert (str(period.sqref), period.type, period.formula1) == (
        f"{letter}2:{letter}1048576", "list", '"年度,中期"')


def test_project_units_count_every_project_handed_in(tmp_path):
    """Three projects of one unit, one of them filled: 项目数 3, 未填报 2, the average is the
    filled one's; the unfilled rows of 项目自评 have no score and no 扣分合计."""
    master = load_master(write_master(_local_profile_frames(), tmp_path / "m.xlsx"))
    report = fill_units(master, tmp_path / "in", jobs=1, kinds=("project",))
    paths = {Path(row.file).name.split("_")[2]: Path(row.file) for row in report.written}
    _type_values(paths[EXAMPLE_PROJECT_CODE], 99, ["1180人", 0.98, "40天", "880元",
                                                   "部分达成预期指标并具有一定效果", "达成预期指标", 0.92], {})
    collected = collect(tmp_path / "in", jobs=1)
    (row,) = collected.project_units.to_dict("records")
    assert list(collected.project_units.columns) == ["单位编码", "单位名称", "年度", "项目数", "未填报",
                                                     "平均分", "最低分"]
    projects = collected.projects.set_index("项目编码")
    total = projects.loc[EXAMPLE_PROJECT_CODE, "总分"]
    assert (row["单位编码"], row["项目数"], row["未填报"], row["平均分"], row["最低分"]) == (
        "001001", 3, 2, total, total)
    assert list(projects.loc[["SC-1", "HB-1"], "等次"]) == ["未填报", "未填报"]
    assert projects.loc[["SC-1", "HB-1"], ["总分", "扣分合计", "资金执行率"]].isna().all().all()


def test_score_says_unfilled_for_a_blank_project_workbook(declared, capsys):
    """The issued example project, nothing typed: 未填报 as collect says, not 0 分 差; its
    PS-F008s listed as an unfilled self-evaluation's are, and exit 0 as for that one."""
    import json

    from scoring.cli import main

    path = str(declared[1]["project"])
    assert main(["score", path]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("2024 南京市人民政府办公厅 ")
    assert lines[1:4] == [
        "社区养老服务补助项目（示例）", "主管部门：某市民政局（示例）  实施单位：某市社区养老服务中心（示例）",
        "总分：—  等次：未填报（全年执行数和实际完成值都没有填写，不计分、不审核；汇总时同样列为未填报）"]
    assert [line.split("]")[0] for line in lines[4:]] == ["问题 [PS-F008"] * 7
    assert not any(line.startswith(("扣分：", "审核提示")) for line in lines)
    assert main(["score", "--json", path]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["unfilled"], report["total"], report["grade"], report["review"]) == (
        True, None, "未填报", [])
    assert (report["unit_code"], report["unit_name"], report["department"], report["implementer"]) == (
        "001001", "南京市人民政府办公厅", "某市民政局（示例）", "某市社区养老服务中心（示例）")
    assert simulate_project_values([declared[1]["project"]]) == 1
    assert main(["score", path]) == 0
    typed = capsys.readouterr().out.splitlines()
    assert typed[3] == "总分：90.67  等次：优秀  资金执行率：95.0%  适用分值：100"


def test_fill_help_says_the_grading_options_leave_project_forms_alone(capsys):
    from scoring.cli import main

    with pytest.raises(SystemExit):
        main(["fill", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert ("只用于单位的自评表和监控表；项目自评表按主数据“项目”表的评分口径列（全国、四川、湖北黄冈）计分，"
            "不受这些选项和“评分口径”表影响。") in help_text


# ------------------------------------------------------------------ the 中期（长期）indicators in batch
def test_mid_term_rows_go_to_the_declaration_only(tmp_path):
    """指标期 中期 (or 长期) rows are the declaration's 中期（长期）group: never the self-evaluation's
    indicators, not in its 分值 total (PS-X004 stays quiet)."""
    from scoring.project.example import EXAMPLE_MID_INDICATORS

    frames = example_frames()
    assert list(frames[PROJECT_INDICATORS.sheet]["指标期"]) == [""] * 7 + ["中期"] * 5
    master, problems = _problems(_with(frames, PROJECT_INDICATORS.sheet, 7, "指标期", " 长期 "), tmp_path)
    assert problems == []
    (project,) = master.projects
    assert project.target.mid_indicators == EXAMPLE_MID_INDICATORS
    assert [row.name for row in project.evaluation.indicators] == [
        row.name for row in example_project().indicators]


def test_master_data_without_the_period_column_reads_every_row_as_annual(tmp_path):
    frames = example_frames()
    frames[PROJECT_INDICATORS.sheet] = frames[PROJECT_INDICATORS.sheet].iloc[:7].drop(columns="指标期")
    master, problems = _problems(frames, tmp_path)
    assert problems == [] and master.projects[0].target.mid_indicators == ()
    assert len(master.projects[0].evaluation.indicators) == 7


@pytest.mark.parametrize(("row", "period", "points", "expected", "message"), [
    (1, "下年度", 15, (PROJECT_INDICATORS.sheet, 3, "指标期"),
     "“指标期”为“下年度”，应为年度、中期之一（为空时为年度）"),
    # A year typed as a number is quoted as typed (2025, never 2025.0).
    (1, 2025, 15, (PROJECT_INDICATORS.sheet, 3, "指标期"),
     "“指标期”为“2025”，应为年度、中期之一（为空时为年度）"),
    (8, "中期", 5, (PROJECT_INDICATORS.sheet, 10, "分值"),
     "中期（长期）指标不计分，“分值”应留空（年度指标请把“指标期”写为年度或留空）"),
])
def test_a_bad_period_or_a_scored_mid_term_row_is_ps_m003_at_its_cell(tmp_path, row, period, points,
                                                                       expected, message):
    frames = _with(example_frames(), PROJECT_INDICATORS.sheet, row, "指标期", period)
    frames = _with(frames, PROJECT_INDICATORS.sheet, row, "分值", points)
    master, problems = _problems(frames, tmp_path)
    assert problems == [("PS-M003", *expected)]
    assert master.problems[0].message == message
    assert master.projects == () and [p.code for p in master.failed_projects] == [EXAMPLE_PROJECT_CODE]


def test_fill_and_collect_check_the_mid_term_group_apart_from_the_annual_one(declared):
    """The self-evaluation has no 中期（长期）row; the declaration's mid-term findings point at its
    mid-term table, and the annual comparison (PS-W007, PS-X111) ignores that group."""
    folder, paths = declared
    assert [row.name for row in read_project(open_workbook(paths["project"])).evaluation.indicators] == [
        row.name for row in example_project().indicators]
    _edit(paths["project_target"], {"proj_target_mid_value#1": "约95%",
                                    "proj_target_mid_level3#4": None, "proj_target_mid_value#4": None})
    collected = collect(folder, jobs=1)
    review = collected.project_review
    assert list(zip(review["代码"], review["位置"])) == [
        ("PS-T001", f"{DECLARATION}!E15"), ("PS-X106", f"{DECLARATION}!B14:B17")]
    assert review["说明"].iloc[0].startswith("中期（长期）绩效指标第2个指标“服务合格率”：")
    row = collected.project_targets.iloc[0]
    assert (row["年度指标数"], row["中期指标数"], row["指标与自评表一致"], row["审核提示数"]) == (7, 4, "是", 2)


def test_the_demos_three_year_project_declares_mid_term_indicators(tmp_path):
    master = load_master(write_master(demo_frames(2), tmp_path / "master.xlsx"))
    report = fill_units(master, tmp_path / "in", jobs=1, kinds=("project_target",))
    assert report.count("written") == 3
    rows = collect(tmp_path / "in", jobs=1).project_targets.set_index("项目名称")
    first, second = DEMO_PROJECTS[0][0], DEMO_PROJECTS[1][0]
    assert dict(rows["中期指标数"]) == {"社区养老服务补助项目（示例）": 5, first: 4, second: 0}
    assert pd.isna(rows.loc[second, "中期资金总额"])   # the one-year project: no 中期 at all
    # the mid-term groups are complete; the one-year project lacks a 满意度指标 (PS-X106) as issued
    assert dict(rows["审核提示数"]) == {"社区养老服务补助项目（示例）": 0, first: 0, second: 1}


def test_a_points_cell_that_is_not_a_number_asks_for_points_not_money(tmp_path):
    master, _ = _problems(_with(example_frames(), PROJECT_INDICATORS.sheet, 1, "分值", "十五分"), tmp_path)
    (problem,) = [p for p in master.problems if p.column == "分值"]
    assert problem.message == "“分值”的值“十五分”不是数字，应为分值（分），如 10"
    assert (problem.code, problem.sheet, problem.row) == ("PS-M003", PROJECT_INDICATORS.sheet, 3)


def test_a_line_break_from_windows_in_an_indicator_name_is_no_change_on_read_back(tmp_path):
    """A 三级指标 with a Windows line break (``\\r\\n``: a CSV master, or Excel's ``_x000D_``) is
    written as a cell's line break (``\\n``); the forms' rules checksum counts it as written, so
    neither project form reads back as changed (PS-W007)."""
    from dataclasses import replace

    from scoring.batch.collect import read_one
    from scoring.batch.fill import Filler

    master, problems = _problems(example_frames(), tmp_path)
    (project,) = master.projects
    rows = list(project.evaluation.indicators)
    rows[0] = replace(rows[0], name="改造小区\r\n数量")
    project = replace(project, evaluation=replace(project.evaluation, indicators=tuple(rows)))
    filler = Filler()
    for method in ("project_bytes", "project_target_bytes"):
        path = tmp_path / f"{method}.xlsx"
        path.write_bytes(getattr(filler, method)(project))
        found = read_one(path)
        assert found["kind"] != "unreadable", found
        assert "PS-W007" not in repr(found), (method, found)
