"""Collect: re-score a folder of filled workbooks, list unreadable files, write the summary."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from scoring.batch.collect import DUPLICATE_COLUMNS, NO, collect, workbook_files
from scoring.batch.demo import FORMULA_NAME, demo_frames, simulate_typed_values
from scoring.batch.fill import fill_units
from scoring.batch.master import UNITS, load_master, write_master
from scoring.batch.summary import CHART_SHEET, SHEETS, write_summary
from scoring.cli import main
from scoring.forms import UNIT_FORMS


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The example and two generated units (one named "=SUM(…)"), filled, typed, plus junk."""
    root = tmp_path_factory.mktemp("collect")
    frames = demo_frames(2)
    frames[UNITS.sheet].loc[2, "单位名称"] = FORMULA_NAME
    master = load_master(write_master(frames, root / "master.xlsx"))
    out = root / "in"
    fill_units(master, out, jobs=1)
    fill_units(master, out / "插件版", variant="addin", jobs=1, kinds=UNIT_FORMS)
    evaluations = sorted(out.glob("*_自评表.xlsx"))
    simulate_typed_values(evaluations, overwrite_total="100001")
    Workbook().save(out / "note.xlsx")
    (out / "broken.xlsx").write_bytes(evaluations[0].read_bytes()[:2000])
    (out / "~$lock.xlsx").write_bytes(b"lock")
    (out / ".~tmp.xlsx.tmp").write_bytes(b"temp")
    return out


def test_every_file_is_accounted_for(folder):
    collected = collect(folder)
    assert len(workbook_files(folder)) == 26 == collected.files
    # the example project and the two generated units' (demo_frames(2)), nothing typed yet;
    # their target declarations, one without 满意度指标 (the review checks of the declaration)
    assert list(collected.projects["等次"]) == ["未填报"] * 3
    assert list(collected.project_targets["指标与自评表一致"]) == ["是"] * 3
    assert list(zip(collected.project_review["代码"], collected.project_review["位置"])) == [
        ("PS-X106", "项目目标申报表!B14:B16")]
    # Each unit handed in twice (portable and add-in): ranked once, both copies listed.
    assert len(collected.units) == 3 and len(collected.targets) == 6
    assert len(collected.monitoring) == 6  # nothing typed yet: every indicator 未填报
    assert set(collected.monitoring["红灯"]) == {0} and collected.red_lights.empty
    assert len(collected.duplicates) == 6
    assert (collected.duplicates["计入汇总"] == "是").sum() == 3
    unreadable = dict(zip(collected.unreadable["文件"].map(lambda p: Path(p).name),
                          collected.unreadable["错误代码"]))
    assert unreadable == {"broken.xlsx": "PS-W002", "note.xlsx": "PS-W005"}


def test_scores_ranks_and_disagreements(folder):
    units = collect(folder).units
    example = units[(units["单位编码"] == "001001") & (units["版本"] == "通用版")].iloc[0]
    assert (example["总得分"], example["等次"], example["扣分合计"]) == (99.0, "优秀", -1.0)
    assert (example["A"], example["B"]) == (14.5, 19.5)
    assert example["扣分指标"] == "A41 预算编制科学规范 −0.5；B11 部门预算执行率 −0.5"
    assert list(units["排名"]) == sorted(units["排名"])
    assert units["排名"].iloc[0] == 1
    typed = units[(units["单位编码"] == "100001") & (units["版本"] == "通用版")].iloc[0]
    assert "总得分（自评表!" in typed["与工作簿不一致"]
    assert "）工作簿中为 100，重新计算为" in typed["与工作簿不一致"]
    assert list(units["版本"]) == ["通用版"] * 3 and units["单位编码"].is_unique


def test_a_unit_handed_in_twice_is_ranked_once_by_its_latest_copy(folder):
    """The typed portable copies count; the blank add-in copies (nothing typed: no score, not
    0 points) are listed as not counted, never as 未填报 (the unit did report), and the counted
    row says so (PS-W015)."""
    collected = collect(folder)
    duplicates = collected.duplicates
    left_out = duplicates[duplicates["计入汇总"] == "否"]
    assert set(left_out["版本"]) == {"插件版"} and left_out["总得分"].isna().all()
    assert set(left_out["单位编码"]) == {"001001", "100001", "100002"}
    assert collected.unfilled.empty
    example = collected.units[collected.units["单位编码"] == "001001"].iloc[0]
    assert example["问题"].startswith("[PS-W015] 同一单位（单位编码 001001，2024年度）另有未填报的空白自评表")
    assert "插件版" in example["问题"]  # names the copy left out
    assert len(collected.lost_items[collected.lost_items["单位编码"] == "001001"]) == 2


def test_copies_are_matched_by_code_and_year_else_by_name():
    from scoring.batch.collect import one_per_unit

    def entry(code, name, year, modified, file):
        return {"row": {"unit_code": code, "unit_name": name, "year": year, "variant": "通用版",
                        "total": 90.0, "file": file, "issues": ""}, "modified": modified}

    found = [entry("1", "甲", 2024, 5.0, "a"), entry("1", "甲", 2023, 1.0, "b"),
             entry("1", "甲", 2024, 9.0, "c"), entry("", "乙", 2024, 1.0, "d"),
             entry("", "乙", 2024, 2.0, "e"), entry("", "", 2024, 1.0, "f"),
             entry("", "", 2024, 1.0, "g")]
    counted, duplicates = one_per_unit(found)
    assert [e["row"]["file"] for e in counted] == ["b", "c", "e", "f", "g"]
    assert [(d["file"], d["counted"]) for d in duplicates] == [
        ("a", "否"), ("c", "是"), ("d", "否"), ("e", "是")]


def test_parallel_collect_gives_the_same_tables(folder):
    one, two = collect(folder), collect(folder, jobs=2)
    assert one.units.equals(two.units) and one.unreadable.equals(two.unreadable)


def test_summary_workbook_has_sheets_charts_and_text(folder, tmp_path):
    path = write_summary(collect(folder), tmp_path / "summary.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == [*SHEETS.values(), CHART_SHEET]
    names = {cell.value: cell.data_type for cell in wb[SHEETS["units"]]["B"][1:]}
    assert names[FORMULA_NAME] == "s"
    grades = {row[0]: row[1] for row in wb[CHART_SHEET].iter_rows(min_row=2, values_only=True)}
    assert sum(grades.values()) == 3 and grades["优秀"] >= 1
    with zipfile.ZipFile(path) as archive:
        charts = {name: archive.read(name).decode() for name in archive.namelist()
                  if name.startswith("xl/charts/chart")}
    assert len(charts) == 3  # grades, ranking, and the monitoring workbooks' lights
    ranking = next(xml for xml in charts.values()
                   if '<barDir val="bar"' in xml and "<grouping val=\"stacked\"" not in xml)
    value_axis = ranking[ranking.index("<valAx>"):ranking.index("</valAx>")]
    assert '<min val="0"' in value_axis and '<max val="100"' in value_axis
    assert '<delete val="0"' in value_axis  # the axis is drawn
    assert '<showVal val="1"' in ranking  # a unit scoring 0 shows "0", not nothing
    for ws in wb.worksheets:  # every sheet prints on A4, numbered (tests/test_summary_print.py)
        setup = ws.page_setup
        assert setup.paperSize == 9 and "&P" in ws.oddFooter.center.text, ws.title  # 9: A4
        fits = ws.sheet_properties.pageSetUpPr.fitToPage
        if ws.title == CHART_SHEET:  # full size: Excel drops page breaks when fitting
            assert setup.orientation == "portrait" and not fits
        else:  # fitted to the page width(s), heading row on every page
            assert fits and setup.fitToHeight == 0 and ws.print_title_rows == "$1:$1", ws.title


def test_collect_command_exit_code_and_no_overwrite(folder, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    assert main(["collect", str(folder), "--out", str(out)]) == 1  # two unreadable files
    printed = capsys.readouterr().out
    assert "无法读取 2 个" in printed
    # Each unit's portable and add-in self-evaluations: the add-in copies are left out (one
    # per unit), and the project self-evaluations are neither left out nor duplicates.
    collected = collect(folder)
    copies = collected.duplicates[DUPLICATE_COLUMNS["counted"]] == NO
    assert 0 < copies.sum() == len(collected.units)
    assert f"重复交来的工作簿 {copies.sum()} 个未计入" in printed
    assert len(collected.projects) > 0
    assert f"项目支出绩效自评表 {len(collected.projects)} 个" in printed
    assert main(["collect", str(folder), "--out", str(out)]) == 2
    assert "PS-W008" in capsys.readouterr().err


@pytest.mark.parametrize("kind", ["missing", "file"])
def test_a_folder_that_is_not_there_is_an_error_and_writes_nothing(tmp_path, capsys, kind):
    given = tmp_path / "填报"
    if kind == "file":
        given.write_text("a file, not a folder")
    out = tmp_path / "s.xlsx"
    assert main(["collect", str(given), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    reason = "不存在" if kind == "missing" else "是文件而不是文件夹"
    assert err.startswith(f"[PS-W001] 文件夹 {given}：要收集的文件夹{reason}")
    assert not out.exists()


def test_the_summary_sizes_its_sheets_and_needs_no_temporary_folder(folder, tmp_path,
                                                                  monkeypatch):
    """The summary's tables are written row by row as the workbook is saved, never as cells
    (issue #13): each sheet still states its used range (openpyxl's read-only mode sizes a
    sheet by it), and no temporary file is made, so a full temporary folder does not stop it."""
    import errno
    import tempfile

    from openpyxl.worksheet import _writer

    collected = collect(folder)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    for module, name in ((_writer, "create_temporary_file"), (tempfile, "mkstemp"),
                         (tempfile, "NamedTemporaryFile"), (tempfile, "TemporaryFile")):
        monkeypatch.setattr(module, name, full)
    path = write_summary(collected, tmp_path / "summary.xlsx")
    wb = load_workbook(path, read_only=True)
    units = wb[SHEETS["units"]]
    assert (units.max_row, units.max_column) == (len(collected.units) + 1,
                                                 len(collected.units.columns))
    assert wb[CHART_SHEET].max_row == 5  # the grade table: its heading and four grades
    wb.close()


def test_a_folder_without_workbooks_warns_and_writes_no_summary(tmp_path, capsys):
    given = tmp_path / "填报"
    given.mkdir()
    (given / "说明.txt").write_text("no workbook here")
    out = tmp_path / "s.xlsx"
    assert main(["collect", str(given), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and f"警告：文件夹 {given}（含子文件夹）中没有工作簿" in captured.err
    assert "未写出汇总表" in captured.err and not out.exists()


@pytest.mark.parametrize("option, value, message", [
    ("--out", "", "输出文件不能为空，应为 .xlsx 文件"),
    ("--out", "s.csv", "输出文件应为以 .xlsx 结尾的文件名，而不是“s.csv”"),
    ("--out", "folder/.xlsx", "输出文件应为以 .xlsx 结尾的文件名"),
    ("--jobs", "0", "并行进程数应为不小于 1 的整数，而不是“0”"),
    ("--jobs", "-1", "并行进程数应为不小于 1 的整数"),
    ("--jobs", "two", "应为整数，而不是“two”"),
])
def test_bad_options_are_refused_in_chinese(folder, tmp_path, monkeypatch, capsys, option, value,
                                            message):
    monkeypatch.chdir(tmp_path)
    args = {"--out": "s.xlsx", "--jobs": "1"} | {option: value}
    with pytest.raises(SystemExit) as info:
        main(["collect", str(folder), *[part for pair in args.items() for part in pair]])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert f"[PS-E003] perfscore collect：参数 {option}：{message}" in err
    assert list(tmp_path.iterdir()) == []


def test_an_unreturned_form_is_unfilled_not_ranked_as_poor(tmp_path):
    """A workbook nobody filled is 未填报: its own sheet, no rank, no grade, no lost points;
    a partly filled one says how many actual values are still empty (issue #11, point 3)."""
    from scoring.batch.demo import _area
    from scoring.forms import EVALUATION_FORM

    master = load_master(write_master(demo_frames(3), tmp_path / "master.xlsx"))
    out = tmp_path / "in"
    fill_units(master, out, jobs=1)
    evaluations = sorted(out.glob("*_自评表.xlsx"))
    blank, partly, *typed = evaluations
    simulate_typed_values([partly, *typed])
    wb = load_workbook(partly)
    sheet, refs = _area(wb, EVALUATION_FORM.column("actual").name)
    cleared = [ref for ref in refs if sheet[ref].value is not None][:3]
    for ref in cleared:
        sheet[ref].value = None
    wb.save(partly)
    collected = collect(out, jobs=1)
    assert list(collected.unfilled["文件"]) == [str(blank)]
    assert collected.unfilled["应填的实际完成值"].iloc[0] > 20
    assert str(blank) not in set(collected.units["文件"])
    assert str(blank) not in set(collected.lost_items.get("文件", []))
    unit = collected.units[collected.units["文件"] == str(partly)].iloc[0]
    assert unit["未填写的实际完成值"] == 3
    assert set(collected.units.loc[collected.units["文件"] != str(partly), "未填写的实际完成值"]) == {0}
    blank_code = collected.unfilled["单位编码"].iloc[0]
    assert blank_code not in set(collected.lost_items["单位编码"])
    summary = load_workbook(write_summary(collected, tmp_path / "汇总.xlsx"))
    assert summary["未填报"]["A2"].value == blank_code
    grades = {row[0].value: row[1].value for row in summary[CHART_SHEET].iter_rows(min_row=2)
              if row[0].value}
    assert sum(v for v in grades.values() if isinstance(v, (int, float))) == len(collected.units)


def test_monitoring_workbooks_get_their_sheets_and_a_chart_of_lights(tmp_path):
    """The example monitoring workbooks of xlsx_templates/: lights per unit, red rows with
    their reason and measure, and a stacked chart of the light counts (issue #12)."""
    from scoring.batch.summary import LIGHTS_CHART_TITLE

    templates = Path(__file__).resolve().parent.parent / "xlsx_templates"
    folder = tmp_path / "in"
    folder.mkdir()
    for path in templates.glob("example_*_monitoring_*.xlsx"):
        (folder / path.name).write_bytes(path.read_bytes())
    collected = collect(folder, jobs=1)
    lights = collected.monitoring[["绿灯", "黄灯", "红灯"]].values.tolist()
    assert lights == [[36, 4, 2], [36, 4, 2]]  # as perfscore score --json says for the example
    red = collected.red_lights
    assert len(red) == 4 and set(red["类别"]) == {"绩效指标", "资金"}
    assert "（未填写）" not in set(red["偏差原因"])
    book = load_workbook(write_summary(collected, tmp_path / "汇总.xlsx"))
    (chart,) = [c for c in book[CHART_SHEET]._charts
                if c.title and c.title.tx.rich.p[0].r[0].t == LIGHTS_CHART_TITLE]
    assert len(chart.series) == 3 and chart.grouping == "stacked"


def test_a_light_typed_over_its_formula_is_listed_as_a_disagreement(tmp_path):
    """A stored light that is not the engine's (here 红 typed over the formula of a row nobody
    has filled in yet) is a row of the 不一致 table, as a self-evaluation's stored score is,
    with its cell and the engine's value (blank: nothing to light)."""
    from scoring.forms import MONITORING_FORM

    templates = Path(__file__).resolve().parent.parent / "xlsx_templates"
    folder = tmp_path / "in"
    folder.mkdir()
    path = folder / "blank.xlsx"
    book = load_workbook(templates / "blank_monitoring_portable.xlsx")
    light = book.defined_names[MONITORING_FORM.column("light").name].attr_text
    sheet, cells = light.split("!")
    first = cells.split(":")[0].replace("$", "")
    book[sheet.strip("'")][first] = "红"
    book.save(path)
    collected = collect(folder, jobs=1)
    rows = collected.disagreements.to_dict("records")
    assert [(row["单元格"], row["工作簿中的值"], row["重新计算的值"]) for row in rows] == [
        (f"{sheet.strip(chr(39))}!{first}", "红", "")]
    assert rows[0]["说明"].endswith("工作簿中为 红，重新计算为 空")


def test_a_target_forms_problems_name_their_cells_not_the_file_again(tmp_path):
    """The 目标表 table says each problem as the other tables do, ``[代码] 单元格 说明``: the
    file is in the row's own 文件 column, not repeated before every problem."""
    master = load_master(write_master(demo_frames(1), tmp_path / "master.xlsx"))
    out = tmp_path / "in"
    fill_units(master, out, jobs=1, kinds=("target",))
    path = sorted(out.glob("*_目标表.xlsx"))[0]
    wb = load_workbook(path)
    sheet = wb.worksheets[0]
    cleared = next(cell for row in sheet.iter_rows() for cell in row
                   if isinstance(cell.value, str) and cell.value.startswith("≥"))
    cleared.value = None
    wb.save(path)
    row = collect(out, jobs=1).targets.set_index("文件").loc[str(path)]
    assert row["问题"].startswith(f"[PS-T002] {sheet.title}!{cleared.coordinate} 三级指标“")
    assert "未填写" in row["问题"] and str(path) not in row["问题"] and "文件 " not in row["问题"]
