"""The command line as users run it: a real subprocess, exit codes, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from scoring.cli import main


def perfscore(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "scoring.cli", *args],
                          capture_output=True, text=True, timeout=120)


def test_score_example_json():
    out = perfscore("score", "--example", "--json")
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["total"] == 99.0 and report["grade"] == "优秀" and report["deduction"] == -1.0
    assert report["subtotals"] == {"A": 14.5, "B": 19.5, "C": 30.0, "D": 30.0, "E": 5.0, "F": 0.0}


def test_score_example_text():
    out = perfscore("score", "--example")
    assert out.returncode == 0, out.stderr
    assert "总得分：99  等次：优秀  扣分合计：-1" in out.stdout
    assert "B11 部门预算执行率 得 1.5/2 分" in out.stdout


def test_score_says_unfilled_for_a_blank_self_evaluation(capsys):
    """Nothing typed: 未填报 as collect lists it, not 0 分 差 with every item lost; the unfilled
    inputs (PS-F008, one per scored item of the seed's framework) and the item awaiting the
    evaluator (PS-F007, D11) still listed, exit 0."""
    blank = str(Path(__file__).resolve().parent.parent / "xlsx_templates" / "blank_evaluation_portable.xlsx")
    assert main(["score", blank]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[1] == "总得分：—  等次：未填报（没有填写任何实际完成值，不计分；汇总时同样列为未填报）"
    assert not any(line.startswith(("小计：", "扣分：")) for line in lines)
    assert lines[2] == "问题 [PS-F008] （自评表!K5） A11 决策制度的规范性 尚未填报实际完成值，按 0 分计"
    assert {line.split("]")[0] for line in lines[2:]} == {"问题 [PS-F008", "问题 [PS-F007"}
    assert sum("[PS-F008]" in line for line in lines) > 20
    assert main(["score", "--json", blank]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["unfilled"], report["total"], report["grade"], report["lost_items"]) == (
        True, None, "未填报", [])
    example = str(Path(blank).with_name("example_2024_evaluation_portable.xlsx"))
    assert main(["score", "--json", example]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["unfilled"], report["total"], report["grade"]) == (False, 99.0, "优秀")


def test_rule_scores_and_explains():
    out = perfscore("rule", "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。",
                    "--actual", "97%", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["score"] == 8.0 and data["points"] == 10.0 and data["reading"] is None


def test_rule_says_how_it_read_a_described_finding():
    out = perfscore("rule", "建成面积低于年度任务的，每减少1%，扣1分；每发现一项质量问题扣1分，最多扣6分",
                    "--points", "15", "--actual", "完成率97%,质量问题2项")
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("得分：10 / 15")
    assert "[PS-V006] 实际完成值“完成率97%,质量问题2项”是一段描述，已按“①97%；②2”计分" in out.stdout


def test_rule_error_exit_code_and_no_traceback():
    out = perfscore("rule", "每降低扣分", "--actual", "97%")
    assert out.returncode == 2
    assert "Traceback" not in out.stderr and "PS-R" in out.stderr


def test_help_lists_commands():
    out = perfscore("--help")
    assert out.returncode == 0
    for name in ("rule", "score", "template", "fill", "collect", "demo"):
        assert name in out.stdout


def _column_of(wb, name: str) -> tuple[str, str]:
    """(sheet, column letter) of a defined name that spans one table column."""
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    return sheet, "".join(ch for ch in ref.replace("$", "").split(":")[0] if ch.isalpha())


def test_score_exit_codes_say_whether_every_input_was_read(tmp_path):
    from openpyxl import load_workbook

    source = str(Path(__file__).resolve().parent.parent / "xlsx_templates"
                 / "example_2024_evaluation_portable.xlsx")
    assert perfscore("score", source).returncode == 0
    wb = load_workbook(source)
    sheet, codes = _column_of(wb, "eval_code")
    _, actuals = _column_of(wb, "eval_actual")
    row = next(cell.row for cell in wb[sheet][codes] if cell.value == "C11")
    wb[sheet][f"{actuals}{row}"] = "约95%"
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    out = perfscore("score", str(bad))
    assert out.returncode == 1
    assert "问题 [PS-V001] C11" in out.stdout and "C11 C11" not in out.stdout


@pytest.fixture(scope="module")
def master_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("master") / "master.xlsx"
    assert perfscore("master", str(path)).returncode == 0
    return path


@pytest.mark.parametrize("command", [
    ("fill", "{master}", "--out", "{file}"),
    ("fill", "{master}", "--out", "/proc/perfscore-no/out"),
    ("master", "/proc/perfscore-no/csv"),
    ("master", "{file}/master.xlsx"),
    ("demo", "--out", "{file}"),
    ("template", "--out", "{file}"),
    ("collect", "{masters}", "--out", "/proc/perfscore-no/s.xlsx"),
])
def test_an_output_folder_that_cannot_be_made_is_a_chinese_message(tmp_path, master_file,
                                                                   command):
    existing = tmp_path / "existing"
    existing.write_text("not a folder")
    args = [part.format(master=master_file, file=existing, masters=master_file.parent)
            for part in command]
    out = perfscore(*args)
    assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr
    assert out.stderr.startswith("[PS-W001] "), out.stderr
    assert existing.read_text() == "not a folder"


def test_output_to_a_full_disk_or_a_closed_pipe_is_one_line(tmp_path):
    with open("/dev/full", "w") as full:
        out = subprocess.run([sys.executable, "-m", "scoring.cli", "score", "--example", "--json"],
                             stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert out.returncode == 1
    assert out.stderr == "无法写出结果到标准输出：磁盘空间不足，请清理磁盘后重试\n"
    reader = subprocess.Popen([sys.executable, "-m", "scoring.cli", "score", "--example", "--json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reader.stdout.close()  # the reader went away (| head)
    reader.wait(timeout=120)
    stderr = reader.stderr.read()
    # `| head` took what it wanted: nothing to report, as for any command-line tool.
    assert reader.returncode == 0 and stderr == ""


def test_other_errors_keep_their_traceback(monkeypatch, capsys):
    from scoring import cli

    def broken(args):
        raise OSError(5, "a bug, not the output")

    monkeypatch.setattr("scoring.commands.score.run", broken)
    with pytest.raises(OSError):
        cli.main(["score", "--example"])


def test_template_writes_nothing_when_one_target_exists(tmp_path, capsys):
    from scoring.cli import main

    folder = tmp_path / "t2"
    folder.mkdir()
    (folder / "blank_target_addin.xlsx").write_bytes(b"the user's own file")
    assert main(["template", "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"[PS-W008] 文件 {folder}：文件夹中已有 1 个同名文件（blank_target_addin.xlsx）")
    assert [p.name for p in folder.iterdir()] == ["blank_target_addin.xlsx"]
    assert (folder / "blank_target_addin.xlsx").read_bytes() == b"the user's own file"
    assert main(["template", "--out", str(folder), "--force"]) == 0
    from scoring.forms import FORMS

    # blank and example of each form, in each of its variants
    assert len(list(folder.iterdir())) == sum(2 * len(spec.variants) for spec in FORMS.values())
    assert main(["template", "--out", str(folder), "--check"]) == 0


def test_argparse_errors_are_chinese_with_a_code():
    out = perfscore("fill", "--jobs", "1")
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.splitlines()[-1] == "[PS-E003] perfscore fill：缺少必需的参数：master, --out"
    out = perfscore("fill", "m.xlsx", "--out", "o", "--variant", "excel")
    assert out.stderr.splitlines()[-1] == (
        "[PS-E003] perfscore fill：参数 --variant：无效的选项 'excel'（可选：'portable', 'addin'）")
    out = perfscore("template", "--out", "")
    assert out.stderr.splitlines()[-1] == "[PS-E003] perfscore template：参数 --out：输出文件夹不能为空"


def test_value_problems_name_the_cell_typed_into(tmp_path):
    from openpyxl import load_workbook

    from scoring.workbook.reader import score_workbook

    source = Path(__file__).resolve().parent.parent / "xlsx_templates" / "example_2024_evaluation_portable.xlsx"
    wb = load_workbook(source)
    sheet, codes = _column_of(wb, "eval_code")
    _, actuals = _column_of(wb, "eval_actual")
    row = next(cell.row for cell in wb[sheet][codes] if cell.value == "C11")
    wb[sheet][f"{actuals}{row}"] = "约95%"
    wb.save(tmp_path / "bad.xlsx")
    issue = next(i for i in score_workbook(tmp_path / "bad.xlsx").to_dict()["issues"]
                 if i["code"] == "PS-V001")
    assert (issue["item"], issue["cell"]) == ("C11", f"{sheet}!{actuals}{row}")


@pytest.mark.parametrize("argv", [["--help"], ["score", "--help"], ["fill", "--help"],
                                  ["collect", "--help"], ["rule", "--help"]])
def test_help_is_chinese_throughout(argv, capsys):
    """argparse's own words are translated too (issue #11, point 7)."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：perfscore") and "显示本帮助并退出" in out
    for english in ("usage:", "positional arguments", "options:", "show this help", "exit"):
        assert english not in out


def test_a_negative_rate_after_an_option_is_a_value(capsys):
    assert main(["rule", "完成率达到100%得10分，每降低1%扣1分", "--actual", "-3%"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("[PS-V004]") and "PS-E003" not in err


def test_a_year_cell_asks_for_a_year_not_an_amount(tmp_path):
    from scoring.batch.demo import demo_frames
    from scoring.batch.master import UNITS, load_master, write_master

    frames = demo_frames(1)
    units = frames[UNITS.sheet]
    units["年度"] = units["年度"].astype(object)
    units.loc[1, "年度"] = "明年"
    master = load_master(write_master(frames, tmp_path / "m.xlsx"))
    (problem,) = [p for p in master.problems if p.column == "年度"]
    assert "应为四位年份" in problem.message and "万元" not in problem.message
