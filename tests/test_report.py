"""The self-evaluation report (issue #15): drafted from the filled workbooks, as Word documents.

The golden example is the seed report of 南京市人民政府办公厅 2024: its 评价结论 sentence, its
收入支出情况 sentence with 预算执行率 100%, its two lost items (A41, B11) with their reasons. The
demo folder (the example and three generated units, filled by the demo's typists) is the batch.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from openpyxl import load_workbook

from scoring.batch import reports
from scoring.batch.demo import DAMAGED_FILE, DEMO_MASTER, DEMO_REPORTS, DEMO_WORKBOOKS, FOREIGN_FILE
from scoring.batch.master import EXAMPLE_UNIT_CODE, load_master
from scoring.cli import main
from scoring.document.report import build_template, render_report
from scoring.example import load_example
from scoring.framework import evaluate
from scoring.parts import fmt
from scoring.report import (NO_LOST_ITEMS, PLACEHOLDERS, SCORE_ROW_FIELDS, TO_FILL, Finances,
                            draft_report, finance_sentences, percent)

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "xlsx_templates"
EXAMPLE_REPORT = f"2024_{EXAMPLE_UNIT_CODE}_南京市人民政府办公厅_自评报告.docx"

#: The seed report's sentences the report derives (seed 001, 二 and 三).
SEED_CONCLUSION = "2024 年度整体绩效自评价得分 99 分，等次为优秀。"
SEED_FINANCES = ("南京市人民政府办公厅 2024 年年初预算收入总计 7472.66 万元，年末调整预算收入 7587.66 万元，"
                 "其中：财政拨款收入 7587.66 万元，支出总计 7587.66 万元。预算执行率 100%。")
#: The seed's reasons of its two lost items (its score table).
SEED_REASONS = {"A41": "内控制度科学性有待进一步提高",
                "B11": "按照“过紧日子”要求压缩了项目经费；根据工作安排，调整了部分经费"}


def _texts(path: Path) -> list[str]:
    """The paragraphs of a .docx, then every table cell (as Word shows them)."""
    document = docx.Document(str(path))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return [p.text for p in document.paragraphs] + cells


def _table(path: Path) -> list[list[str]]:
    (table,) = docx.Document(str(path)).tables
    return [[cell.text for cell in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """A demo run: the example and three generated units, filled, collected and reported."""
    out = tmp_path_factory.mktemp("report") / "demo"
    assert main(["demo", "--out", str(out), "--units", "3", "--jobs", "2"]) == 0
    return out


def test_the_example_report_reproduces_the_seed_sentences(demo):
    path = demo / DEMO_REPORTS / EXAMPLE_REPORT
    paragraphs = [p.text for p in docx.Document(str(path)).paragraphs]
    assert paragraphs[0] == "2024 年度南京市人民政府办公厅整体绩效自我评价报告"
    assert SEED_CONCLUSION in paragraphs
    assert SEED_FINANCES in paragraphs
    # The standard passages name the unit and the year.
    assert paragraphs[paragraphs.index("（一）评价对象") + 1] == "南京市人民政府办公厅"
    assert paragraphs[paragraphs.index("（二）评价范围") + 1] == "2024 年部门预算"
    assert "附件：南京市人民政府办公厅整体绩效评价指标框架" in paragraphs
    # 存在问题: the lost items with their reasons, in form order; 改进措施: a slot for each.
    problems = paragraphs[paragraphs.index("存在问题：") + 1:paragraphs.index("改进措施：")]
    assert problems == [
        f"1、A41 预算编制科学规范（分值 2.5 分，得 2 分，扣 0.5 分）：{SEED_REASONS['A41']}",
        f"2、B11 部门预算执行率（分值 2 分，得 1.5 分，扣 0.5 分）：{SEED_REASONS['B11']}"]
    measures = paragraphs[paragraphs.index("改进措施：") + 1:paragraphs.index("改进措施：") + 3]
    assert measures == [f"1、针对 A41 预算编制科学规范：{TO_FILL}", f"2、针对 B11 部门预算执行率：{TO_FILL}"]
    # 部门履职成效: the target form's annual value against the actual, for the 履职 items.
    assert "C11 文件办理率：年度目标 ≥99%，实际完成 99%，得 10 分（分值 10 分）。" in paragraphs
    assert "D11 履职带来的社会效益：得 30 分（分值 30 分）。" in paragraphs  # the evaluator's score
    # The target form's texts: its 13 duties, one paragraph each.
    duties = paragraphs[paragraphs.index("1、部门主要职责") + 1:paragraphs.index("2、机构设置及人员配置")]
    assert len(duties) == 13 and duties[-1] == "（十三）完成市委、市政府交办的其他任务。"


def test_the_derived_sentences_are_the_seeds_own(report_seed_text):
    """The literals above are what the seed report prints (its text has a space in the title)."""
    text = re.sub(r"[ \t]*\n[ \t]*", "\n", report_seed_text)
    assert SEED_CONCLUSION in text and SEED_FINANCES in text
    assert "2024 年度南京市人民政府办公厅 整体绩效自我评价报告" in text and "2024 年部门预算" in text
    for code, reason in SEED_REASONS.items():
        assert reason in text, code


def test_the_annex_is_the_score_table_with_the_totals(demo):
    rows = _table(demo / DEMO_REPORTS / EXAMPLE_REPORT)
    assert rows[0] == list(SCORE_ROW_FIELDS)
    example = load_example()
    leaves = [leaf for leaf in example.framework.leaves()]
    assert len(rows) == 1 + len(leaves) + 1
    by_code = {row[2].split(" ")[0] or row[1].split(" ")[0]: row for row in rows[1:-1]}
    assert by_code["B11"] == ["B 部门管理（20 分）", "B1 预算执行（6 分）", "B11 部门预算执行率（2 分）",
                              "2", "1.5", SEED_REASONS["B11"]]
    assert by_code["A41"][3:] == ["2.5", "2", SEED_REASONS["A41"]]
    assert rows[-1][-2:] == ["99", "优秀"]


@pytest.mark.libreoffice
def test_every_figure_comes_from_a_workbook_cell_or_the_master_data(demo, tmp_path):
    """Each number in the example report is a value LibreOffice computes in the unit's
    workbooks (recalculated: the scores are formulas) or a figure of the master data; the
    annex's scores match the 得分 cells row by row."""
    from scoring.workbook.libreoffice import recalculate

    folder = demo / DEMO_WORKBOOKS
    sources = [folder / f"2024_{EXAMPLE_UNIT_CODE}_南京市人民政府办公厅_{label}.xlsx"
               for label in ("自评表", "目标表")]
    allowed: set[str] = set()
    books = [load_workbook(path, data_only=True) for path in recalculate(sources, tmp_path)]
    for book in books:
        for sheet in book.worksheets:
            for row in sheet.iter_rows(values_only=True):
                for value in row:
                    if isinstance(value, (int, float)) and not isinstance(value, bool):
                        allowed |= {fmt(float(value)), fmt(float(value), percent=True)}
                    elif isinstance(value, str):
                        allowed |= set(_NUMBER.findall(value))
    (unit,) = [u for u in load_master(demo / DEMO_MASTER).units if u.code == EXAMPLE_UNIT_CODE]
    finances = unit.finances
    allowed |= {fmt(value) for value in (finances.adjusted, finances.appropriation, finances.spent)}
    allowed.add(percent(finances.spent / finances.adjusted))  # 预算执行率 = 支出总计 ÷ 年末调整预算
    report = demo / DEMO_REPORTS / EXAMPLE_REPORT
    found = {number for text in _texts(report)
             for number in _NUMBER.findall(re.sub(r"^\d+、", "", text))}
    assert found and found <= allowed, sorted(found - allowed)
    assert {"7472.66", "7587.66", "100%", "99", "14.5", "2024"} <= found

    evaluation = books[0]
    rows = _table(report)
    assert [float(row[4]) for row in rows[1:-1]] == [float(v) for v in _cells(evaluation, "eval_score")]
    assert [row[5] for row in rows[1:-1]] == [v or "" for v in _cells(evaluation, "eval_reason")]
    assert _cells(evaluation, "total_score") == [99] and rows[-1][-2] == "99"
    assert _cells(evaluation, "grade") == ["优秀"] and rows[-1][-1] == "优秀"


#: A figure in running text: not a part of an item code (A41) or a longer number.
_NUMBER = re.compile(r"(?<![A-Za-z0-9.])\d+(?:\.\d+)?%?")


def _cells(book, name: str) -> list:
    """The values of a defined name's cells, top to bottom."""
    values = []
    for sheet, ref in book.defined_names[name].destinations:
        cells = book[sheet][ref.replace("$", "")]
        rows = cells if isinstance(cells, tuple) else ((cells,),)
        for row in rows:
            for cell in (row if isinstance(row, tuple) else (row,)):
                values.append(cell.value)
    return values


def test_a_folder_gets_one_report_per_filled_unit_and_lists_the_rest(demo, tmp_path, capsys):
    folder = tmp_path / "收回"
    shutil.copytree(demo / DEMO_WORKBOOKS, folder)
    generated = sorted(p for p in folder.glob("2024_1*_自评表.xlsx"))
    removed = generated[0]
    removed.unlink()  # this unit handed in its target form only
    shutil.copy(TEMPLATES / "blank_evaluation_portable.xlsx", folder / "空白自评表.xlsx")
    out = tmp_path / "报告"
    assert main(["report", str(folder), "--out", str(out), "--master", str(demo / DEMO_MASTER)]) == 1
    printed = capsys.readouterr()
    written = sorted(path.name for path in out.iterdir())
    assert len(written) == 3 and EXAMPLE_REPORT in written
    assert removed.name.replace("自评表.xlsx", "自评报告.docx") not in written
    assert "已生成 3 份报告" in printed.out and "缺少自评表，未生成 1 个" in printed.out
    assert f"{reports.NO_EVALUATION}：{removed.name.split('_')[1]}" in printed.err
    assert f"{reports.UNFILLED}" in printed.err and "空白自评表.xlsx" in printed.err
    assert printed.err.count(f"{reports.UNREADABLE}：") == 2  # the foreign and the damaged file
    assert FOREIGN_FILE in printed.err and DAMAGED_FILE in printed.err
    # A second run keeps every report (a bureau may have edited them); --force replaces them.
    before = {name: _texts(out / name) for name in written}
    (out / EXAMPLE_REPORT).write_bytes(b"edited")
    assert main(["report", str(folder), "--out", str(out)]) == 1
    assert "已存在，未覆盖 3 个" in capsys.readouterr().out
    assert (out / EXAMPLE_REPORT).read_bytes() == b"edited"
    assert main(["report", str(folder), "--out", str(out), "--force", "--master",
                 str(demo / DEMO_MASTER)]) == 1
    assert (out / EXAMPLE_REPORT).read_bytes() != b"edited"
    assert {name: _texts(out / name) for name in written} == before


@pytest.mark.libreoffice
def test_libreoffice_converts_every_report_to_pdf(demo, tmp_path):
    from scoring.workbook.libreoffice import recalculate

    documents = sorted((demo / DEMO_REPORTS).glob("*.docx"))
    assert len(documents) == 4
    for document, pdf in zip(documents, recalculate(documents, tmp_path, fmt="pdf")):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        unit_name = document.stem.split("_")[2]
        flat = re.sub(r"\s+", "", text)
        assert f"{unit_name}整体绩效自我评价报告" in flat
        assert "五、存在问题及改进措施" in flat and "—1—" in flat  # the page number at the foot


def test_one_workbook_with_and_without_its_target_form(tmp_path, capsys):
    evaluation = TEMPLATES / "example_2024_evaluation_portable.xlsx"
    out = tmp_path / "报告.docx"
    assert main(["report", str(evaluation), "--target", str(TEMPLATES / "example_2024_target_portable.xlsx"),
                 "--out", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs]
    assert SEED_CONCLUSION in paragraphs
    # No master data: the target form's figures only, never a made-up 预算执行率.
    (finances,) = [p for p in paragraphs if "年初预算收入总计" in p]
    assert finances == "南京市人民政府办公厅 2024 年年初预算收入总计 7472.66 万元。"
    assert not any(re.search(r"预算执行率 \d", p) for p in paragraphs)
    # Without the target form, its passages are marked for the unit to write.
    alone = tmp_path / "无目标表.docx"
    assert main(["report", str(evaluation), "--out", str(alone)]) == 0
    assert "未给出目标表" in capsys.readouterr().err
    paragraphs = [p.text for p in docx.Document(str(alone)).paragraphs]
    assert paragraphs[paragraphs.index("1、部门主要职责") + 1] == f"{TO_FILL}（没有该单位的目标表）"
    assert SEED_CONCLUSION in paragraphs
    # A target form of another unit or year is refused, and nothing is written.
    other = tmp_path / "other.xlsx"
    book = load_workbook(TEMPLATES / "example_2024_target_portable.xlsx")
    ((sheet, ref),) = book.defined_names["meta_year"].destinations
    book[sheet][ref.replace("$", "")].value = "2023"
    book.save(other)
    assert main(["report", str(evaluation), "--target", str(other), "--out", str(tmp_path / "x.docx")]) == 2
    assert "不是同一单位同一年度" in capsys.readouterr().err and not (tmp_path / "x.docx").exists()
    # An existing report is never replaced without --force.
    assert main(["report", str(evaluation), "--out", str(out)]) == 2
    assert "PS-W008" in capsys.readouterr().err


def test_an_edited_template_is_used_and_a_bad_one_refused_by_name(tmp_path, capsys):
    template = tmp_path / "模板.docx"
    assert main(["report", "--write-template", str(template)]) == 0
    document = docx.Document(str(template))
    document.add_paragraph("编制单位：{{ 单位名称 }}（{{ 年度 }} 年度，得分 {{ 总得分 }}）")
    document.save(str(template))
    evaluation = str(TEMPLATES / "example_2024_evaluation_portable.xlsx")
    out = tmp_path / "r.docx"
    assert main(["report", evaluation, "--template", str(template), "--out", str(out)]) == 0
    assert "编制单位：南京市人民政府办公厅（2024 年度，得分 99）" in _texts(out)
    for text, code, word in (("{{ 单位名字 }}", "PS-D002", "单位名字"),
                             ("{{ 单位名称.__class__.__mro__ }}", "PS-D002", "__class__"),
                             ("{%p for 段 in 主要职能 %}", "PS-D001", "标记")):
        bad = tmp_path / "bad.docx"
        document = docx.Document(str(template))
        document.add_paragraph(text)
        document.save(str(bad))
        assert main(["report", evaluation, "--template", str(bad), "--out", str(tmp_path / "no.docx")]) == 2
        err = capsys.readouterr().err
        assert code in err and word in err and str(bad) in err, err
        assert not (tmp_path / "no.docx").exists()
    not_docx = tmp_path / "纯文本.docx"
    not_docx.write_text("不是 Word 文档", encoding="utf-8")
    assert main(["report", evaluation, "--template", str(not_docx)]) == 2
    assert "PS-D001" in capsys.readouterr().err


def test_user_text_stays_text_in_the_document(tmp_path):
    """Markup, Jinja tags and control characters typed into the workbooks are printed as text."""
    example = load_example()
    reasons = {**example.inputs.reasons, "B11": "压缩<经费>&{{ 7*7 }}{% if 1 %}\x07"}
    inputs = type(example.inputs)(example.inputs.actuals, example.inputs.scores, reasons,
                                  example.inputs.not_applicable)
    report = draft_report(framework=example.framework, inputs=inputs,
                          result=evaluate(example.framework, inputs), unit_name="A&B<局>",
                          year=2024, form=example.target_form)
    path = tmp_path / "r.docx"
    path.write_bytes(render_report(report))
    texts = _texts(path)
    assert "2024 年度A&B<局>整体绩效自我评价报告" in texts
    assert any(t.endswith("：压缩<经费>&{{ 7*7 }}{% if 1 %}") for t in texts)
    assert not any("49" in t for t in texts)


def test_finance_sentences_state_only_the_figures_given():
    form = load_example().target_form
    unit = form.unit_name
    assert finance_sentences(unit, 2024, form, Finances()) == (
        f"{unit} 2024 年年初预算收入总计 7472.66 万元。", "年初预算中，基本支出 7056.22 万元，项目支出 416.44 万元。")
    only_spent = finance_sentences(unit, 2024, form, Finances(spent=7000.5))
    assert only_spent[0] == f"{unit} 2024 年年初预算收入总计 7472.66 万元，支出总计 7000.5 万元。"
    assert finance_sentences(unit, 2024, form, Finances(adjusted=8000, spent=6543.21))[0].endswith(
        "预算执行率 81.79%。")  # 6543.21 ÷ 8000 = 81.790125%
    assert finance_sentences(unit, 2024, None, Finances())[0].startswith(TO_FILL)
    assert percent(0.99995) == "100%" and percent(0.5) == "50%"


def test_a_unit_without_lost_points_gets_slots_not_made_up_problems():
    example = load_example()
    inputs = type(example.inputs)(example.inputs.actuals,
                                  {**example.inputs.scores, "A41": 2.5, "B11": 2.0}, {},
                                  example.inputs.not_applicable)
    result = evaluate(example.framework, inputs)
    assert result.total == 100
    report = draft_report(framework=example.framework, inputs=inputs, result=result,
                          unit_name="某单位", year=2024)
    assert report.problems == (f"{NO_LOST_ITEMS}{TO_FILL}",) and report.measures == (TO_FILL,)
    assert report.conclusion == "2024 年度整体绩效自评价得分 100 分，等次为优秀。"


def test_the_template_is_built_the_same_every_time_and_uses_only_declared_placeholders():
    assert build_template() == build_template()
    text = "".join(_texts_of(build_template()))
    used = set(re.findall(r"\{\{ ([^ .}]+)", text)) | set(re.findall(r"for \S+ in (\S+) %", text))
    names = {p.name for p in PLACEHOLDERS}
    assert used - {"段", "问题", "措施", "loop", "行"} == names - {"单位编码"}  # for a bureau's own
    assert set(re.findall(r"\{\{ 行\.(\S+) \}\}", text)) == set(SCORE_ROW_FIELDS)


def _texts_of(data: bytes) -> list[str]:
    import io

    document = docx.Document(io.BytesIO(data))
    return [p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells]


def test_docs_explain_every_placeholder():
    text = (ROOT / "docs" / "report.md").read_text(encoding="utf-8")
    for placeholder in PLACEHOLDERS:  # name, what it holds and whether it is a list, as declared
        row = f"| `{placeholder.name}` | {placeholder.note} | {'是' if placeholder.many else ''} |"
        assert row in text, row
    for column in SCORE_ROW_FIELDS:
        assert f"`行.{column}`" in text, column


def _copy_with(source: Path, target: Path, **named: str) -> Path:
    """A copy of a workbook with the cells of some defined names typed over (as a unit would)."""
    book = load_workbook(source)
    for name, value in named.items():
        ((sheet, ref),) = book.defined_names[name].destinations
        book[sheet][ref.replace("$", "")].value = value
    book.save(target)
    return target


def test_units_without_a_code_are_matched_by_name_and_never_merged(tmp_path, capsys):
    folder = tmp_path / "收回"
    folder.mkdir()
    evaluation = TEMPLATES / "example_2024_evaluation_portable.xlsx"  # no unit code on these
    shutil.copy(evaluation, folder / "办公厅_自评表.xlsx")
    shutil.copy(TEMPLATES / "example_2024_target_portable.xlsx", folder / "办公厅_目标表.xlsx")
    _copy_with(evaluation, folder / "某局_自评表.xlsx", unit_name="南京市某局")
    # A blank copy of the 办公厅's self-evaluation saved later: the filled one is used.
    blank = _copy_with(TEMPLATES / "blank_evaluation_portable.xlsx", folder / "办公厅_空白.xlsx",
                       unit_name="南京市人民政府办公厅")
    import os
    os.utime(blank, (blank.stat().st_atime, blank.stat().st_mtime + 60))
    out = tmp_path / "报告"
    assert main(["report", str(folder), "--out", str(out)]) == 0
    printed = capsys.readouterr()
    assert sorted(path.name for path in out.iterdir()) == [
        "2024_南京市人民政府办公厅_自评报告.docx", "2024_南京市某局_自评报告.docx"]
    office = [p.text for p in docx.Document(str(out / "2024_南京市人民政府办公厅_自评报告.docx")).paragraphs]
    assert SEED_CONCLUSION in office and "（十三）完成市委、市政府交办的其他任务。" in office
    other = [p.text for p in docx.Document(str(out / "2024_南京市某局_自评报告.docx")).paragraphs]
    assert f"{TO_FILL}（没有该单位的目标表）" in other  # not the 办公厅's duties
    assert "注意：南京市某局 2024年度：没有该单位同年度的目标表" in printed.err
    assert "同一单位另有 1 个同类工作簿未采用：办公厅_空白.xlsx" in printed.err


def test_reports_whose_file_names_would_clash_are_both_refused(tmp_path, capsys):
    folder = tmp_path / "收回"
    folder.mkdir()
    evaluation = TEMPLATES / "example_2024_evaluation_portable.xlsx"
    _copy_with(evaluation, folder / "a.xlsx", unit_code="1/2")
    _copy_with(evaluation, folder / "b.xlsx", unit_code="1:2")
    out = tmp_path / "报告"
    assert main(["report", str(folder), "--out", str(out), "--force"]) == 1
    err = capsys.readouterr().err
    assert list(out.iterdir()) == []
    assert err.count("[PS-M002] 报告文件名") == 2 and "a.xlsx" in err and "b.xlsx" in err


def test_a_bad_template_stops_a_folder_run_before_any_workbook_is_read(demo, tmp_path, capsys):
    template = tmp_path / "模板.docx"
    assert main(["report", "--write-template", str(template)]) == 0
    document = docx.Document(str(template))
    document.add_paragraph("得分的一半：{{ 1/0 }}")
    document.save(str(template))
    out = tmp_path / "报告"
    assert main(["report", str(demo / DEMO_WORKBOOKS), "--out", str(out), "--template", str(template)]) == 2
    err = capsys.readouterr().err
    assert "[PS-D001]" in err and "ZeroDivisionError" in err and str(template) in err
    assert not out.exists()


def test_one_workbook_refuses_what_would_make_a_wrong_report(tmp_path, capsys):
    evaluation = str(TEMPLATES / "example_2024_evaluation_portable.xlsx")
    # The self-evaluation given as the target form.
    assert main(["report", evaluation, "--target", evaluation, "--out", str(tmp_path / "a.docx")]) == 2
    assert "--target 应为目标表工作簿，而这个工作簿是自评表" in capsys.readouterr().err
    # Another unit's target form (no codes on either: told apart by name).
    other = _copy_with(TEMPLATES / "example_2024_target_portable.xlsx", tmp_path / "t.xlsx",
                       unit_name="南京市某局")
    assert main(["report", evaluation, "--target", str(other), "--out", str(tmp_path / "b.docx")]) == 2
    assert "不是同一单位同一年度" in capsys.readouterr().err
    # A blank self-evaluation: its zeros are no score, so no report.
    blank = str(TEMPLATES / "blank_evaluation_portable.xlsx")
    assert main(["report", blank, "--out", str(tmp_path / "c.docx")]) == 1
    assert "自评表未填报" in capsys.readouterr().err
    assert not any(tmp_path.glob("*.docx"))


def test_master_finances_are_checked_like_the_funding(tmp_path):
    from scoring.batch.master import UNITS, example_frames, write_master

    frames = example_frames()
    units = frames[UNITS.sheet]
    units.loc[0, UNITS.column("adjusted").header] = -5
    units.loc[0, UNITS.column("appropriation").header] = 9000
    master = load_master(write_master(frames, tmp_path / "m.xlsx"))
    assert sorted(error.code for error in master.problems) == ["PS-G003", "PS-M003"]
    assert master.units == ()  # a unit with a problem is left out, its figures unused


@pytest.mark.libreoffice
def test_each_sentence_states_the_cells_it_comes_from(demo, tmp_path):
    """Sentence by sentence: the conclusion, the section scores, each achievement, each lost
    item and the funds say what the (recalculated) cells and the master data hold."""
    from scoring.workbook.libreoffice import recalculate

    folder = demo / DEMO_WORKBOOKS
    stem = f"2024_{EXAMPLE_UNIT_CODE}_南京市人民政府办公厅"
    evaluation, target = [load_workbook(path, data_only=True) for path in recalculate(
        [folder / f"{stem}_自评表.xlsx", folder / f"{stem}_目标表.xlsx"], tmp_path)]
    rows = {code: dict(zip(("actual", "score", "points", "lost", "reason"), values)) for code, *values in zip(
        *(_cells(evaluation, name) for name in ("eval_code", "eval_actual", "eval_score", "eval_points",
                                                "eval_lost", "eval_reason")))}
    paragraphs = [p.text for p in docx.Document(str(demo / DEMO_REPORTS / EXAMPLE_REPORT)).paragraphs]
    (total,) = _cells(evaluation, "total_score")
    (grade,) = _cells(evaluation, "grade")
    assert f"2024 年度整体绩效自评价得分 {fmt(total)} 分，等次为{grade}。" in paragraphs
    (sections,) = [p for p in paragraphs if p.startswith("其中：A ")]
    for code, score, points in re.findall(r"([A-E]) \S+ ([\d.]+) 分（分值 ([\d.]+) 分）", sections):
        assert float(score) == _cells(evaluation, f"subtotal_{code}")[0], code
    achieved = [p for p in paragraphs if re.match(r"[CD]\d+ .*：.*得 [\d.]+ 分（分值", p)]
    assert len(achieved) == 5
    for text in achieved:
        code = text.split(" ")[0]
        row = rows[code]
        assert f"得 {fmt(row['score'])} 分（分值 {fmt(row['points'])} 分）" in text, text
        actual = re.search(r"实际完成 ([^，]+)，", text)
        if actual:
            assert actual.group(1) == fmt(row["actual"], percent=True), text
    lost = [p for p in paragraphs if re.match(r"\d+、[A-F]\d+ .*（分值", p)]
    assert len(lost) == 2
    for text in lost:
        code, points, score, minus, reason = re.match(
            r"\d+、(\S+) .*（分值 ([\d.]+) 分，得 ([\d.]+) 分，扣 ([\d.]+) 分）：(.*)$", text).groups()
        row = rows[code]
        assert (float(points), float(score), float(minus), reason) == (
            row["points"], row["score"], row["lost"], row["reason"]), code
    (unit,) = [u for u in load_master(demo / DEMO_MASTER).units if u.code == EXAMPLE_UNIT_CODE]
    (initial,) = _cells(target, "funding_annual_total")
    (basic,) = _cells(target, "funding_annual_basic")
    (project,) = _cells(target, "funding_annual_project")
    money = unit.finances
    assert (f"南京市人民政府办公厅 2024 年年初预算收入总计 {fmt(initial)} 万元，年末调整预算收入 "
            f"{fmt(money.adjusted)} 万元，其中：财政拨款收入 {fmt(money.appropriation)} 万元，支出总计 "
            f"{fmt(money.spent)} 万元。预算执行率 {percent(money.spent / money.adjusted)}。") in paragraphs
    assert f"年初预算中，基本支出 {fmt(basic)} 万元，项目支出 {fmt(project)} 万元。" in paragraphs
