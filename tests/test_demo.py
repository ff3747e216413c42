"""The demo: the whole cycle on built-in data, and the master template command."""

from __future__ import annotations

import pytest

from scoring.batch.demo import DAMAGED_FILE, FOREIGN_FILE, FORMULA_NAME, MISTAKES, demo_frames
from scoring.batch.master import EXAMPLE_UNIT_CODE, UNITS, load_master, write_master
from scoring.cli import main


def test_demo_data_is_seeded_and_has_every_mistake(tmp_path):
    frames = demo_frames(20, seed=7)
    assert frames[UNITS.sheet].equals(demo_frames(20, seed=7)[UNITS.sheet])
    master = load_master(write_master(frames, tmp_path / "m.xlsx"))
    codes = sorted(error.code for error in master.problems)
    assert codes == ["PS-G001", "PS-M002", "PS-T001"]
    assert len(master.failed) == 3 and len(master.units) == 21 - 4  # the duplicate fails twice
    assert any(unit.name == FORMULA_NAME for unit in master.units)
    assert MISTAKES["formula_name"] <= 20


def test_demo_runs_the_whole_cycle(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--units", "17", "--jobs", "2"]) == 0
    printed = capsys.readouterr().out
    assert str(out / "汇总.xlsx") in printed
    workbooks = next(line for line in printed.splitlines() if line.startswith("工作簿："))
    assert workbooks.endswith("清单为其中的 生成清单.csv）") and (out / "工作簿" / "生成清单.csv").is_file()
    overwritten = next(line for line in printed.splitlines() if "不一致" in line)
    assert overwritten.startswith("  重新计算的结果与工作簿中的值不一致 1 处（演示故意把“")
    assert overwritten.endswith("”自评表的总得分改成了 100，如同填报人改写了公式；见汇总表的“不一致”工作表）")
    assert "  无法读取 2 个（其中有演示故意放入的非本系统工作簿和损坏的工作簿）：" in printed
    assert f"  - [PS-W002] 文件 {out / '工作簿' / DAMAGED_FILE}：文件不完整或已损坏" in printed
    assert (out / "主数据.xlsx").exists() and (out / "工作簿" / FOREIGN_FILE).exists()
    from scoring.batch.collect import collect

    collected = collect(out / "工作簿")
    assert len(collected.units) == 14 and len(collected.targets) == 14
    typed_over = collected.disagreements.iloc[0]
    assert f"故意把“{typed_over['单位名称']}”自评表" in overwritten
    assert (typed_over["工作簿中的值"], typed_over["单元格"].split("!")[0]) == (100, "自评表")
    example = collected.units[collected.units["单位编码"] == EXAMPLE_UNIT_CODE].iloc[0]
    assert (example["总得分"], example["等次"]) == (99.0, "优秀")
    assert sorted(collected.unreadable["文件"].map(lambda p: p.rsplit("/", 1)[-1])) == sorted(
        [DAMAGED_FILE, FOREIGN_FILE])
    # A second run does not overwrite the first without --force.
    assert main(["demo", "--out", str(out), "--units", "17"]) == 2
    assert capsys.readouterr().err.startswith(  # as the README shows it
        f"[PS-W008] 文件夹 {out}：演示文件夹已存在且不为空；如需重新生成请使用 --force")


def test_master_command_writes_a_template_that_fills(tmp_path, capsys):
    path = tmp_path / "主数据.xlsx"
    assert main(["master", "--out", str(path)]) == 0
    assert str(path) in capsys.readouterr().out
    master = load_master(path)
    assert [unit.code for unit in master.units] == [EXAMPLE_UNIT_CODE] and master.problems == ()
    assert main(["master", "--out", str(path)]) == 2


def test_valid_demo_data_has_no_mistake(tmp_path):
    master = load_master(write_master(demo_frames(20, seed=7, mistakes=False), tmp_path / "m.xlsx"))
    assert master.problems == () and master.failed == () and len(master.units) == 21
    assert FORMULA_NAME not in {unit.name for unit in master.units}


def test_demo_with_no_generated_unit_runs_only_the_example(tmp_path, capsys):
    out = tmp_path / "demo"
    assert main(["demo", "--out", str(out), "--units", "0", "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "生成 5 个" in printed and "项目自评表 1 个，项目目标申报表 1 个，审核提示 0 条" in printed and "自评表 1 个：优秀 1，良好 0，中 0，差 0" in printed
    assert "第 1 名 南京市人民政府办公厅 99 分 优秀" in printed
    assert "没有故意设置的错误" in printed


@pytest.mark.parametrize("option, value, message", [
    ("--units", "-5", "生成的单位数应为不小于 0 的整数（0 表示只用南京示例），而不是“-5”"),
    ("--jobs", "0", "并行进程数应为不小于 1 的整数，而不是“0”"),
    ("--out", " ", "输出文件夹不能为空"),
])
def test_bad_demo_options_are_refused(tmp_path, capsys, option, value, message):
    args = {"--out": str(tmp_path / "demo")} | {option: value}
    with pytest.raises(SystemExit) as info:
        main(["demo", *[part for pair in args.items() for part in pair]])
    assert info.value.code == 2
    assert f"[PS-E003] perfscore demo：参数 {option}：{message}" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_second_demo_with_force_collects_only_its_own_workbooks(tmp_path):
    from scoring.batch.demo import run_demo

    first = run_demo(tmp_path / "demo", units=3, jobs=1)
    second = run_demo(tmp_path / "demo", units=1, jobs=1, force=True)
    assert len(first.collected.units) > len(second.collected.units)
    assert len(second.collected.units) + len(second.collected.unfilled) == 2  # example + 1
    assert not (tmp_path / "demo" / "工作簿" / "备份").exists()
