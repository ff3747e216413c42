"""Hostile values, round 2 (issue #10): numbers that are not finite, text that cannot leave the
tool as it came in, negative rates, and add-in arguments of a megabyte.

The hostile workbooks start from the real writer (:func:`hostile.corpus.product_workbook`, the
built-in example, 99 points) and are edited as a hand-made file would be: a number no
spreadsheet stores (``<v>1e309</v>``, ``<v>NaN</v>``), a reason holding every control character
Excel escapes (``_x000B_``), a file name no Windows user could type.
"""

from __future__ import annotations

import io
import json
import math
import os
import zipfile
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hostile.corpus import name_cell, product_workbook, rezip, save_product, zip_parts
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from addin import udfs
from addin.convert import cell_result
from scoring import forms
from scoring.actuals import coerce_number
from scoring.batch.collect import collect
from scoring.batch.fill import MANIFEST_NAME, Filler, fill_units
from scoring.batch.master import UNITS, example_frames, load_master, write_master
from scoring.batch.summary import SHEETS, write_summary
from scoring.cli import main
from scoring.errors import ActualValueError, PerfscoreError, TargetError, display_width
from scoring.example import load_example
from scoring.framework import Inputs, evaluate
from scoring.parse import parse_rule
from scoring.plaintext import CELL_LIMIT, QUOTE_LIMIT, clean_text
from scoring.targets import parse_target
from scoring.workbook.reader import score_workbook

SHEET = forms.EVALUATION_FORM.sheet
#: The part of the first sheet (自评表, 目标表, 单位) in the workbooks the writers make.
FIRST_SHEET_PART = "xl/worksheets/sheet1.xml"
#: A number put into a cell so the XML can be found and rewritten (exact in binary).
MARK = 987654.125
NON_FINITE_TEXT = ["nan", "NaN", "inf", "-inf", "Infinity", "1e309", "-1e309"]
NON_FINITE_XML = [b"1e309", b"-1e309", b"NaN", b"INF", b"-INF"]
C11_RULE = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"


# --------------------------------------------------------------------------- builders


def _row(wb, code: str) -> int:
    sheet, ref = name_cell(wb, "eval_code")
    ws = wb[sheet]
    return next(r for r in range(int(ref[1:]), ws.max_row + 1) if ws[f"H{r}"].value == code)


def _letter(key: str) -> str:
    return forms.EVALUATION_FORM.column(key).letter


def with_raw_number(folder: Path, name: str, ref_of, raw: bytes, unit_code: str = "") -> Path:
    """A product workbook whose cell ``ref_of(wb)`` holds ``raw`` as the XML number (``1e309``,
    ``NaN``): what no spreadsheet writes and a hand-made file can. ``unit_code`` is typed into
    the form's 单位编码 cell (a unit of its own in a collected folder)."""
    wb = load_workbook(io.BytesIO(product_workbook()))
    ws = wb.worksheets[0]
    ws[ref_of(wb)].value = MARK
    if unit_code:
        _type_unit_code(wb, unit_code)
    stream = io.BytesIO()
    wb.save(stream)
    parts = zip_parts(stream.getvalue())
    written = f"<v>{MARK!r}</v>".encode()
    assert parts[FIRST_SHEET_PART].count(written) == 1
    parts[FIRST_SHEET_PART] = parts[FIRST_SHEET_PART].replace(written, b"<v>" + raw + b"</v>")
    path = folder / name
    path.write_bytes(rezip(parts))
    return path


def _type_unit_code(wb, code: str) -> None:
    sheet, ref = name_cell(wb, "unit_code")
    wb[sheet][ref].value = code


def with_reason(folder: Path, name: str | bytes, reason_xml: str) -> Path:
    """A product workbook whose A41 reason is ``reason_xml`` as stored in the sheet XML (Excel
    writes control characters as ``_x000B_``); ``name`` may be bytes (any file name Linux takes)."""
    parts = zip_parts(product_workbook())
    original = "内控制度科学性有待进一步提高".encode()
    assert parts[FIRST_SHEET_PART].count(original) == 1
    parts[FIRST_SHEET_PART] = parts[FIRST_SHEET_PART].replace(original, reason_xml.encode())
    target = os.path.join(os.fsencode(folder), name if isinstance(name, bytes) else name.encode())
    with open(target, "wb") as stream:
        stream.write(rezip(parts))
    return Path(os.fsdecode(target))


def strict_json(text: str):
    """``text`` parsed as JSON that has no NaN or Infinity (which JSON does not allow)."""
    def refuse(constant: str):
        raise AssertionError(f"not JSON: {constant}")
    return json.loads(text, parse_constant=refuse)


def well_formed(data: bytes) -> None:
    """Every XML part of an .xlsx parses (a noncharacter or a control character would not)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))


#: Every C0 control as Excel stores it in a cell's text, escaped.
C0_ESCAPED = "".join(f"_x{code:04X}_" for code in range(32))
#: What no text leaving the tool may hold: every C0 control but tab and LF, DEL, C1, the
#: noncharacters and surrogates.
FORBIDDEN = ([chr(code) for code in range(32) if chr(code) not in "\t\n"] + ["\x7f"]
             + [chr(code) for code in range(0x80, 0xA0)] + ["\ufffe", "\uffff", "\ufdd0", "\ufdef"]
             + [chr(plane << 16 | low) for plane in range(1, 17) for low in (0xFFFE, 0xFFFF)]
             + ["\ud800", "\udbff", "\udc00", "\udfff"])
ANSI = ["\x1b[2J", "\x1b[31;1m", "\x1b]0;标题\x07", "\x1b]8;;http://x\x1b\\", "\x9b2J", "\x1bc"]
#: One text holding all of it, around words that must survive.
HOSTILE = ("原因" + "".join(FORBIDDEN) + "中" + "".join(ANSI) + "间" + "\ud83d\ude00" + "尾\x0b第二行")


def clean_enough(text: str) -> bool:
    """Whether ``text`` holds nothing of :data:`FORBIDDEN`, no ESC, nothing openpyxl refuses."""
    return not any(ch in text for ch in FORBIDDEN) and "\x1b" not in text \
        and not ILLEGAL_CHARACTERS_RE.search(text)


# --------------------------------------------------------------------------- A. non-finite


@pytest.mark.parametrize("typed", NON_FINITE_TEXT)
def test_a_non_finite_evaluator_score_typed_as_text_is_refused_at_its_cell(tmp_path, typed):
    def edit(wb):
        wb[SHEET][f"{_letter('override')}{_row(wb, 'A11')}"].value = typed
    path = save_product(tmp_path, "a.xlsx", edit)
    report = score_workbook(path)
    assert report.result.total == 99.0 and report.result.item("A11").final == 2.0
    (problem,) = [p for p in report.problems if p.item == "A11"]
    assert problem.code == "PS-W010" and f"“{typed}”" in problem.message
    assert problem.cell.startswith(f"{SHEET}!{_letter('override')}")
    strict_json(json.dumps(report.to_dict(), ensure_ascii=False, allow_nan=False))


@pytest.mark.parametrize("raw", NON_FINITE_XML)
def test_a_non_finite_number_in_the_xml_of_an_input_cell_is_refused_at_its_cell(tmp_path, raw):
    override = with_raw_number(tmp_path, "o.xlsx",
                               lambda wb: f"{_letter('override')}{_row(wb, 'A11')}", raw)
    report = score_workbook(override)
    assert report.result.total == 99.0
    (problem,) = [p for p in report.problems if p.item == "A11"]
    assert problem.code == "PS-W010" and problem.cell

    actual = with_raw_number(tmp_path, "k.xlsx",
                             lambda wb: f"{_letter('actual')}{_row(wb, 'C11')}", raw)
    report = score_workbook(actual)
    assert math.isfinite(report.result.total) and report.result.item("C11").final == 0.0
    issue = next(i for i in report.result.issues if i.item == "C11" and i.code == "PS-V001")
    assert issue.cell.startswith(f"{SHEET}!{_letter('actual')}")


@pytest.mark.parametrize("raw", NON_FINITE_XML)
def test_a_non_finite_cached_result_is_a_disagreement_and_json_stays_strict(tmp_path, raw, capsys):
    path = with_raw_number(tmp_path, "t.xlsx", lambda wb: name_cell(wb, "total_score")[1], raw)
    report = score_workbook(path)
    assert report.result.total == 99.0
    (diff,) = [d for d in report.disagreements if d.name == "total_score"]
    assert isinstance(diff.stored, str) and diff.engine == 99.0
    assert main(["score", str(path), "--json"]) == 1
    data = strict_json(capsys.readouterr().out)
    assert data["total"] == 99.0


def test_collect_over_non_finite_values_ranks_and_writes_the_summary(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()

    def typed(wb):
        wb[SHEET][f"{_letter('override')}{_row(wb, 'A11')}"].value = "nan"
        _type_unit_code(wb, "990000")
    save_product(folder, "typed.xlsx", typed)
    for index, raw in enumerate(NON_FINITE_XML[:3]):
        with_raw_number(folder, f"o{index}.xlsx",
                        lambda wb: f"{_letter('override')}{_row(wb, 'A11')}", raw, f"99000{index + 1}")
        with_raw_number(folder, f"t{index}.xlsx", lambda wb: name_cell(wb, "total_score")[1], raw,
                        f"99001{index}")
    collected = collect(folder, jobs=1)
    assert len(collected.units) == 7 and collected.unreadable.empty
    assert list(collected.units["总得分"]) == [99.0] * 7 and list(collected.units["排名"]) == [1] * 7
    write_summary(collected, tmp_path / "汇总.xlsx")
    load_workbook(tmp_path / "汇总.xlsx")


def test_the_engine_refuses_non_finite_numbers_where_they_enter():
    example = load_example()
    for score in (math.nan, math.inf, -math.inf):
        inputs = Inputs(example.inputs.actuals, {**example.inputs.scores, "A11": score},
                        example.inputs.reasons)
        result = evaluate(example.framework, inputs)
        assert result.total == 99.0 and result.item("A11").final == 2.0
        assert any(i.code == "PS-F004" and i.item == "A11" for i in result.issues)
    for value in ("nan", "nan%", "inf", "-inf%", "1e309", "1e311%", "NaN", math.inf, -math.inf):
        with pytest.raises(ActualValueError) as info:
            coerce_number(value, percent=True)
        assert info.value.code == "PS-V001"
        with pytest.raises(ActualValueError):
            parse_target("≥99%").is_met(value)
    for text in ("≥nan%", "≥inf", "≥1e309%", "nan"):
        with pytest.raises(TargetError):
            parse_target(text)


def test_add_in_arguments_that_are_not_finite_are_refused():
    for value in (math.nan, math.inf, -math.inf):
        assert udfs.PERF_SCORE(value, C11_RULE).startswith("#PS-A002")
        assert udfs.PERF_SCORE(0.99, C11_RULE, value).startswith("#PS-A002")
        assert udfs.PERF_TOTAL([50.0, value]).startswith("#PS-A002")
        assert udfs.PERF_TOTAL([50.0], value).startswith("#PS-A002")
        assert udfs.PERF_GRADE(value).startswith("#PS-A002")
        assert udfs.PERF_TARGET_MET(value, "≥99%").startswith("#PS-A002")
    for text in ("nan", "inf", "1e309"):
        assert udfs.PERF_SCORE(text, C11_RULE).startswith("#PS-V001")
        assert udfs.PERF_TOTAL([50.0, text]).startswith("#PS-A002")


def test_a_master_amount_that_is_not_finite_fails_its_unit(tmp_path):
    frames = example_frames()
    column = UNITS.column("annual_basic").header
    frames[UNITS.sheet] = frames[UNITS.sheet].astype(object)
    frames[UNITS.sheet].loc[0, column] = MARK
    path = write_master(frames, tmp_path / "m.xlsx")
    parts = zip_parts(path.read_bytes())
    written = f"<v>{MARK!r}</v>".encode()
    assert parts[FIRST_SHEET_PART].count(written) == 1
    parts[FIRST_SHEET_PART] = parts[FIRST_SHEET_PART].replace(written, b"<v>1e309</v>")
    path.write_bytes(rezip(parts))
    master = load_master(path)
    (problem,) = master.problems
    assert (problem.code, problem.sheet, problem.row, problem.column) == (
        "PS-M003", UNITS.sheet, 2, column)
    assert "不是有限的数字" in problem.message and not master.units


# --------------------------------------------------------------------------- B. text leaving


@pytest.mark.parametrize("text, cleaned", [
    ("第一行\x0b第二行\x0c第三行", "第一行\n第二行\n第三行"),
    ("a\r\nb\rc\n", "a\nb\nc\n"),
    ("列\t列", "列\t列"),
    ("红\x1b[31;1m字\x1b[0m", "红字"),
    ("\x1b]0;窗口标题\x07正文", "正文"),
    ("\x1b]8;;http://example.com\x1b\\链接\x1b]8;;\x1b\\", "链接"),
    ("\x9b2J清屏\x1bc复位\x1b(B字符集", "清屏复位字符集"),
    ("a\x00b\x1fc\x7fd\x85e\x9ff\x9dg", "abcdefg"),
    ("\ufffe\uffff\ufdd0\ufdef\U0001fffe\U0010ffff单位", "单位"),
    ("孤\ud800立\udfff", "孤立"),
    ("表情\ud83d\ude00", "表情\U0001f600"),
    ("南京市人民政府办公厅（２０２４）　全角空格", "南京市人民政府办公厅（２０２４）　全角空格"),
    (3.5, 3.5), (None, None),
])
def test_clean_text_policy(text, cleaned):
    assert clean_text(text) == cleaned


def test_every_character_that_cannot_leave_is_removed_or_made_a_line_break():
    for ch in FORBIDDEN + ["\x1b"]:
        assert clean_enough(clean_text(f"前{ch}后")), repr(ch)
    out = clean_text(HOSTILE)
    assert clean_enough(out) and out.endswith("间\U0001f600尾\n第二行")
    out.encode("utf-8")  # no lone surrogate left


def _column(ws, header: str) -> list:
    index = next(cell.column for cell in ws[1] if cell.value == header)
    return [row[index - 1].value for row in ws.iter_rows(min_row=2)]


def test_summary_is_written_when_reasons_and_file_names_hold_what_xml_cannot(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    # ESC, a vertical tab and a byte that is not UTF-8 (a lone surrogate once decoded)
    reason = "原因" + C0_ESCAPED + "\ufffe\uffff\U0010ffff" + "_x001B_[2J红_x001B_]0;题_x0007_尾"
    with_reason(folder, "单位".encode() + b"\x1b[2J\x0b\xff.xlsx", reason)
    (Path(os.fsdecode(os.path.join(os.fsencode(folder), b"\x1b]0;x\x07\xfe\x01y.xlsx")))
     .write_bytes(b"not a workbook"))
    collected = collect(folder, jobs=1)
    assert len(collected.units) == len(collected.unreadable) == 1
    summary = write_summary(collected, tmp_path / "汇总.xlsx")
    well_formed(summary.read_bytes())
    wb = load_workbook(summary)
    texts = [cell.value for ws in wb.worksheets for row in ws.iter_rows() for cell in row
             if isinstance(cell.value, str)]
    assert all(clean_enough(text) for text in texts)
    assert "原因\t\n\n\n\n红尾" in _column(wb[SHEETS["lost_items"]], "未完成指标原因分析")
    (unit_file,) = _column(wb[SHEETS["units"]], "文件")
    (bad_file,) = _column(wb[SHEETS["unreadable"]], "文件")
    assert unit_file.endswith("/单位\n.xlsx") and bad_file.endswith("/y.xlsx")


def _hostile_unit(folder: Path):
    """The example unit, named with :data:`HOSTILE`, one rule text holding a Word line break
    and a noncharacter."""
    unit = load_master(write_master(example_frames(), folder / "master.xlsx")).units[0]
    name = "南京市" + HOSTILE + "局"
    framework = unit.framework
    leaf = framework.leaves()[0]
    worded = replace(leaf, rule_text=leaf.rule_text.replace("，", "\x0b\ufffe，", 1))

    def swap(node):
        if node.code == leaf.code:
            return worded
        return replace(node, children=tuple(swap(child) for child in node.children))
    framework = replace(framework, title=name + framework.title.removeprefix(unit.name),
                        sections=tuple(swap(section) for section in framework.sections))
    return replace(unit, name=name, framework=framework,
                   target_form=replace(unit.target_form, unit_name=name))


@pytest.mark.parametrize("patch", [True, False])
def test_fill_writes_well_formed_workbooks_whatever_the_unit_name_holds(tmp_path, patch):
    unit = _hostile_unit(tmp_path)
    filler = Filler(patch=patch, template_from=1)
    for kind in ("target_bytes", "evaluation_bytes"):
        data = getattr(filler, kind)(unit)
        well_formed(data)
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(data)
        wb = load_workbook(path)
        texts = [cell.value for ws in wb.worksheets for row in ws.iter_rows() for cell in row
                 if isinstance(cell.value, str)]
        assert all(clean_enough(text) for text in texts)
        assert any(clean_text(unit.name) in text for text in texts)
    # read back: the checksums agree with what was written (no PS-W007 for a cleaned text)
    report = score_workbook(path)
    assert not [p for p in report.problems if p.code in ("PS-W007", "PS-W013")]


def test_fill_from_master_data_with_noncharacters_reports_only_good_files(tmp_path):
    name = "南京市\ufffe测试\uffff局\U0001fffe\ufdd0\x85\x7f"
    frames = {key: frame.astype(object) for key, frame in example_frames().items()}
    frames[UNITS.sheet].loc[0, UNITS.column("name").header] = name
    master = load_master(write_master(frames, tmp_path / "master"))  # CSV: any text goes in
    assert not master.problems
    report = fill_units(master, tmp_path / "out", jobs=1)
    assert report.count("written") == len(forms.UNIT_FORMS) + len(forms.PROJECT_FORMS) * len(master.projects)
    for row in report.written:
        data = Path(row.file).read_bytes()
        well_formed(data)
        load_workbook(io.BytesIO(data))
        assert clean_enough(Path(row.file).name)
    manifest = (tmp_path / "out" / MANIFEST_NAME).read_text(encoding="utf-8-sig")
    assert clean_enough(manifest.replace("\r", "")) and "南京市测试局" in manifest


def test_the_terminal_never_receives_an_escape_sequence(tmp_path, capsys):
    path = with_reason(tmp_path, "a.xlsx", "原因_x001B_[2J_x001B_]0;题_x0007__x000B_第二行\x9b31m")
    assert main(["score", str(path)]) == 0
    out, err = capsys.readouterr()
    assert "A41" in out and "原因" in out and "第二行" in out
    assert not any(ch in out + err for ch in FORBIDDEN + ["\x1b"])
    assert main(["score", str(tmp_path / "\x1b[2J不存在\x0b.xlsx")]) == 2
    out, err = capsys.readouterr()
    assert "PS-W001" in err and "/不存在\n.xlsx" in err
    assert not any(ch in out + err for ch in FORBIDDEN + ["\x1b"])
    main(["rule", "办理比率在99%以上得10分，每降低扣分\x1b[31m", "--actual", "9\x1b]0;x\x077%"])
    out, err = capsys.readouterr()
    assert "办理比率" in out + err and "\x1b" not in out + err


# --------------------------------------------------------------------------- C. negative rates


@pytest.mark.parametrize("rule", [
    C11_RULE,
    "满意度在95%以上得5分，每降低5%扣2分，低于60%不得分。",
    "完成率在0-60%之间得1分，60%以上得3分",
    "办理比率在99%以上得10分，每降低5%扣2分，低于60%的本项不得分。",
])
@pytest.mark.parametrize("actual", ["-5%", -0.05, "－５％"])
def test_a_negative_rate_is_refused(rule, actual):
    with pytest.raises(ActualValueError) as info:
        parse_rule(rule, None).score(actual)
    assert info.value.code == "PS-V004" and "负数" in info.value.message


@pytest.mark.parametrize("rule, actual, score", [
    ("三公经费变动率≤0%得2分，否则不得分", "-5%", 2.0),               # a bound at 0
    ("三公经费变动率≤0%得2分，超过10%的一票否决", "-5%", 2.0),        # and a sibling veto
    ("增长率达到5%的得5分，每降低1%扣1分，负增长的不得分。", "-3%", 0.0),  # named a change
    ("非税收入增长率5%以上得3分，0-5%得2分，负增长不得分", "-3%", 0.0),
    ("增长率达到5%得5分，每降低1%扣1分，低于-10%的本项不得分", "-3%", 0.0),  # a bound below 0
])
def test_a_negative_rate_is_a_value_where_the_rule_gives_it_a_meaning(rule, actual, score):
    assert parse_rule(rule, None).score(actual) == score


def test_negative_rates_against_indicator_values():
    with pytest.raises(ActualValueError) as info:
        parse_target("≥99%").completion("-5%")
    assert info.value.code == "PS-V004"
    assert parse_target("≤-5%").is_met("-6%") and not parse_target("≤-5%").is_met("-4%")
    assert parse_target("下降5%").is_met("-5%") and parse_target("≤0%").is_met("-1%")
    assert not parse_target("＝0%").is_met("-1%")
    with pytest.raises(ActualValueError) as info:  # a count: as before
        parse_target("≥10条").is_met(-3)
    assert info.value.code == "PS-V004"


def test_a_negative_rate_in_a_rule_of_several_inputs_names_its_part():
    rule = parse_rule("基础分15分;①以100%为标准,建成面积每降低1%扣1分;②每发现1项质量问题扣1分,"
                      "最多扣6分", None)
    with pytest.raises(ActualValueError) as info:
        rule.score("①-5%；②2")
    assert info.value.code == "PS-V004" and "第1个分项" in info.value.message


@pytest.mark.parametrize("value", ["-5%", -0.05])
def test_a_negative_rate_in_a_workbook_is_reported_at_its_cell(tmp_path, value):
    def edit(wb):
        wb[SHEET][f"{_letter('actual')}{_row(wb, 'C11')}"].value = value
    report = score_workbook(save_product(tmp_path, "a.xlsx", edit))
    assert report.result.item("C11").final == 0.0
    issue = next(i for i in report.result.issues if i.item == "C11" and i.code == "PS-V004")
    assert issue.cell.startswith(f"{SHEET}!{_letter('actual')}")


def test_the_add_in_reports_negative_rates_as_the_engine_does():
    assert udfs.PERF_SCORE("-5%", C11_RULE).startswith("#PS-V004")
    assert udfs.PERF_TARGET_MET(-0.05, "≥99%").startswith("#PS-V004")
    assert udfs.PERF_COMPLETION("-5%", "≥99%").startswith("#PS-V004")
    assert udfs.PERF_TARGET_MET("-6%", "≤-5%") is True
    assert udfs.PERF_SCORE("-5%", "三公经费变动率≤0%得2分，否则不得分") == 2.0


# --------------------------------------------------------------------------- D. long arguments


def test_a_megabyte_argument_comes_back_as_a_short_message():
    big = "长" * (1 << 20)
    results = [udfs.PERF_SCORE(big, C11_RULE), udfs.PERF_SCORE(0.99, big),
               udfs.PERF_SCORE(0.99, C11_RULE, big), udfs.PERF_TARGET_MET(big, "≥99%"),
               udfs.PERF_TARGET_MET(0.99, big), udfs.PERF_COMPLETION(big, "≥99%"),
               udfs.PERF_TOTAL([big]), udfs.PERF_TOTAL([1.0], big), udfs.PERF_GRADE(big),
               udfs.PERF_BONUS([big], "受到国务院嘉奖加3分"), udfs.PERF_BONUS([["工作", big]] * 2,
                                                                         "受到国务院嘉奖加3分"),
               udfs.PERF_EXPLAIN(big), udfs.PERF_SCORE(big, "健全的得2分，基本健全的得1分")]
    for result in results:
        assert isinstance(result, str) and result.startswith("#PS-"), result[:80]
        assert len(result) < 300, result[:80]
        assert "长" * (QUOTE_LIMIT + 1) not in result


def test_every_text_an_add_in_cell_shows_fits_a_cell():
    long = cell_result("说明" * CELL_LIMIT)
    assert len(long) == CELL_LIMIT and long.endswith("…")
    assert cell_result("第一行\x0b第二行\x1b[2J") == "第一行\n第二行"
    assert cell_result(1.5) == 1.5 and cell_result(True) is True


def test_the_caret_context_of_a_long_text_shows_only_its_surroundings():
    text = "甲" * 5000 + "错" + "乙" * 5000
    line, caret = PerfscoreError("无法识别", code="PS-R001", text=text, position=5000).context() \
        .splitlines()
    assert len(line) < 2 * QUOTE_LIMIT + 10 and "错" in line
    assert caret.index("^") == display_width(line[:line.index("错")])  # wide characters: two
