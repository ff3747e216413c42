"""Collect: re-score a folder of filled workbooks, list unreadable files, write the summary."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from scoring.batch.collect import collect, workbook_files
from scoring.batch.demo import FORMULA_NAME, demo_frames, simulate_typed_values
from scoring.batch.fill import fill_units
from scoring.batch.master import UNITS, load_master, write_master
from scoring.batch.summary import CHART_SHEET, SHEETS, write_summary
from scoring.cli import main


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The example and two generated units (one named "=SUM(…)"), filled, typed, plus junk."""
    root = tmp_path_factory.mktemp("collect")
    frames = demo_frames(2)
    frames[UNITS.sheet].loc[2, "单位名称"] = FORMULA_NAME
    master = load_master(write_master(frames, root / "master.xlsx"))
    out = root / "in"
    fill_units(master, out, jobs=1)
    fill_units(master, out / "插件版", variant="addin", jobs=1)
    evaluations = sorted(out.glob("*_自评表.xlsx"))
    simulate_typed_values(evaluations, overwrite_total="100001")
    Workbook().save(out / "note.xlsx")
    (out / "broken.xlsx").write_bytes(evaluations[0].read_bytes()[:2000])
    (out / "~$lock.xlsx").write_bytes(b"lock")
    (out / ".~tmp.xlsx.tmp").write_bytes(b"temp")
    return out


def test_every_file_is_accounted_for(folder):
    collected = collect(folder)
    assert len(workbook_files(folder)) == 14 == collected.files
    assert len(collected.units) == 6 and len(collected.targets) == 6
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
    assert "（总得分）工作簿中为 100，重新计算为" in typed["与工作簿不一致"]
    blank = units[units["版本"] == "插件版"]
    assert set(blank["总得分"]) == {0.0} and set(blank["等次"]) == {"差"}  # nothing typed yet


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
    assert sum(grades.values()) == 6 and grades["优秀"] >= 1
    with zipfile.ZipFile(path) as archive:
        charts = {name: archive.read(name).decode() for name in archive.namelist()
                  if name.startswith("xl/charts/chart")}
    assert len(charts) == 2
    ranking = next(xml for xml in charts.values() if '<barDir val="bar"' in xml)
    value_axis = ranking[ranking.index("<valAx>"):ranking.index("</valAx>")]
    assert '<min val="0"' in value_axis and '<max val="100"' in value_axis
    assert '<delete val="0"' in value_axis  # the axis is drawn
    assert '<showVal val="1"' in ranking  # a unit scoring 0 shows "0", not nothing
    for ws in wb.worksheets:  # every sheet prints landscape on A4, one page wide, numbered
        setup = ws.page_setup
        assert (setup.orientation, setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (
            "landscape", 9, 1, 0), ws.title  # 9: A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and "&P" in ws.oddFooter.center.text
        if ws.title != CHART_SHEET:
            assert ws.print_title_rows == "$1:$1", ws.title


def test_collect_command_exit_code_and_no_overwrite(folder, tmp_path, capsys):
    out = tmp_path / "s.xlsx"
    assert main(["collect", str(folder), "--out", str(out)]) == 1  # two unreadable files
    assert "无法读取 2 个" in capsys.readouterr().out
    assert main(["collect", str(folder), "--out", str(out)]) == 2
    assert "PS-W008" in capsys.readouterr().err
