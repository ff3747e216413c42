"""The add-in's worksheet functions on the classic (Windows COM) route.

Functions are called through :func:`addin.classic.call_classic`, which runs each argument through
xlwings' own reader pipeline with the options the decorators declared, as ``xlwings.udfs.call_udf``
does: ranges arrive as tuples of row tuples, empty cells as None, error cells as COM's integers,
omitted optional arguments as COM's "missing" marker. Expected values follow DOMAIN.md §2–§4.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path

import pytest

import addin
from addin import classic, convert, udfs
from addin.classic import COM_MISSING, call_classic

ADDIN_DIR = Path(addin.__file__).parent

#: DOMAIN.md §4 pattern 3 (C1 文件办理率) and the F1 bonus rule of the seed.
FILE_RATE = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
SATISFACTION = "满意度在95%以上得5分，每降低5%扣2分，低于60%不得分。"
BONUS = ("受到国务院嘉奖加 3 分，受到省级嘉奖加 2 分，得到市级考核一等奖加 1 分，"
         "得到市级考核二等奖加 0.5 分；同一项工作不累计加分")
NA = -2146826246  # #N/A as COM passes it

#: The signatures the templates write formulas against (=PERF_SCORE(F7,E7,C7)).
SIGNATURES = {
    "PERF_SCORE": "(actual, rule, points=None, policies=None)",
    "PERF_TARGET_MET": "(actual, target)",
    "PERF_COMPLETION": "(actual, target)",
    "PERF_TOTAL": "(scores, bonus=None, penalty=None, policies=None)",
    "PERF_GRADE": "(total)",
    "PERF_BONUS": "(awards, rule, policies=None, points=None)",
    "PERF_EXPLAIN": "(rule, points=None)",
    "PERF_PROJECT_SCORE": "(target, actual, points, score=None, profile=None)",
    "PERF_PROJECT_UNREAD": "(target, actual, points, score=None, profile=None)",
    "PERF_EXECUTION": "(budget, executed, points=None, profile=None)",
}


@pytest.fixture(scope="module")
def xl():
    """addin.udfs as the classic COM runtime registers it."""
    return classic.load_classic_udfs()


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (0.99, 10.0),  # at the line: full points
        (1.0, 10.0),
        (0.97, 8.0),  # 2% short: a partial step costs a whole step (policy "up")
        ("97%", 8.0),  # text as typed
        ("９７％", 8.0),  # full-width text
        (0.94, 8.0),  # exactly one step
        (0.939, 6.0),
        (0.60, 0.0),  # 39% short: 8 steps = 16 points, floored at 0
        (0.59, 0.0),  # below the 60% floor
    ],
)
def test_score_step_rule(xl, actual, expected):
    assert call_classic(xl.PERF_SCORE, actual, FILE_RATE, COM_MISSING) == expected


def test_score_with_points_cell_and_one_cell_range(xl):
    assert call_classic(xl.PERF_SCORE, ((0.93,),), SATISFACTION, 5.0) == 3.0
    assert call_classic(xl.PERF_SCORE, "完整", "决策制度建立完整", 2.0) == 2.0


def test_score_of_empty_actual_is_zero_as_in_the_engine(xl):
    # An unfilled actual value scores 0 (the engine reports it as PS-F008), never "".
    assert call_classic(xl.PERF_SCORE, None, FILE_RATE, COM_MISSING) == 0.0
    assert call_classic(xl.PERF_SCORE, "  ", FILE_RATE, COM_MISSING) == 0.0


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ((((0.9,), (0.8,)), FILE_RATE, COM_MISSING), "#PS-A001 "),  # two cells as the actual
        (("很好", "随便写写", 5.0), "#PS-V00"),  # an unread rule takes the evaluator's score
        ((NA, FILE_RATE, COM_MISSING), "#PS-V005 "),  # the actual cell shows #N/A
        (("约95%", FILE_RATE, COM_MISSING), "#PS-V001 "),  # hedged value
    ],
)
def test_score_bad_input_is_a_short_message_in_the_cell(xl, args, code):
    result = call_classic(xl.PERF_SCORE, *args)
    assert result.startswith(code)
    assert "Traceback" not in result and "\n" not in result


@pytest.mark.parametrize(("args", "score"), [
    ((3.5, "随便写写", 5.0), 3.5),                # no scoring content: the evaluator's score
    ((9.0, "按照附件3的评分细则计分", 5.0), 5.0),   # … never above the points
    ((0.97, FILE_RATE, 3.0), 0.97),              # points disagree with the text: same
    ((None, "决策制度建立完整", COM_MISSING), 0.0),  # no points anywhere, nothing entered yet
])
def test_an_unread_rule_is_scored_by_the_evaluator_as_in_the_engine(xl, args, score):
    # Issue #9: a rule the reader cannot read stops nothing; PERF_EXPLAIN says why.
    assert call_classic(xl.PERF_SCORE, *args) == score
    assert "未能读取" in call_classic(xl.PERF_EXPLAIN, args[1], args[2])


def test_target_met_and_completion(xl):
    assert call_classic(xl.PERF_TARGET_MET, 0.995, "≥99%") is True
    assert call_classic(xl.PERF_TARGET_MET, "98%", "≥99%") is False
    assert call_classic(xl.PERF_TARGET_MET, 12.0, "≥10条") is True
    assert call_classic(xl.PERF_TARGET_MET, "健全", "健全") is True
    assert call_classic(xl.PERF_TARGET_MET, None, "≥99%") is False  # not filled: not met
    assert call_classic(xl.PERF_COMPLETION, None, "≥95%") == 0.0
    assert call_classic(xl.PERF_COMPLETION, 0.9, "≥95%") == pytest.approx(0.9 / 0.95)
    assert call_classic(xl.PERF_COMPLETION, 1.25, "≤100%") == pytest.approx(0.8)  # reverse
    assert call_classic(xl.PERF_COMPLETION, 0.99, "≥95%") == 1.0  # met: capped at 1
    assert call_classic(xl.PERF_TARGET_MET, 0.9, "≥abc").startswith("#PS-T001 ")
    assert call_classic(xl.PERF_COMPLETION, 0.9, None).startswith("#PS-T002 ")


def test_total_of_the_seed_subtotals(xl):
    """A 14.5 + B 19.5 + C 30 + D 30 + E 5 = 99 (DOMAIN.md §3)."""
    column = ((14.5,), (19.5,), (30.0,), (30.0,), (5.0,))
    assert call_classic(xl.PERF_TOTAL, column, COM_MISSING, COM_MISSING) == 99.0
    # F1 counts at most 5, and the total at most 100.
    assert call_classic(xl.PERF_TOTAL, column, 7.0, COM_MISSING) == 100.0
    assert call_classic(xl.PERF_TOTAL, column, 0.5, 1.0) == 98.5
    row = ((14.5, 19.5, 30.0, 30.0, 5.0),)
    assert call_classic(xl.PERF_TOTAL, row, COM_MISSING, COM_MISSING) == 99.0


def test_total_skips_empty_cells_and_reads_text_numbers(xl):
    block = ((14.5, None), (19.5, ""), ("３０", 30.0), ("5", None))
    assert call_classic(xl.PERF_TOTAL, block, "", None) == 99.0


def test_total_refuses_error_and_word_cells(xl):
    assert call_classic(xl.PERF_TOTAL, ((14.5,), (NA,)), COM_MISSING, COM_MISSING).startswith(
        "#PS-V005 参数 scores 的单元格是错误值“#N/A”")
    assert call_classic(xl.PERF_TOTAL, ((14.5,), ("优秀",)), COM_MISSING, COM_MISSING).startswith(
        "#PS-A002 ")
    assert call_classic(xl.PERF_TOTAL, ((1.0,),), "很多", COM_MISSING).startswith("#PS-A002 ")


@pytest.mark.parametrize(
    ("total", "expected"),
    [(99.0, "优秀"), (90.0, "优秀"), (89.99999999999999, "优秀"), (89.5, "良好"), (80.0, "良好"),
     (79.9, "中"), (60.0, "中"), (59.5, "差"), (0.0, "差"), ("95", "优秀"), (None, "")],
)
def test_grade(xl, total, expected):
    assert call_classic(xl.PERF_GRADE, total) == expected


def test_bonus_highest_award_per_piece_of_work(xl):
    pairs = (("公文办理", "受到国务院嘉奖"), ("公文办理", "受到省级嘉奖"), ("会议保障", "得到市级考核二等奖"))
    assert call_classic(xl.PERF_BONUS, pairs, BONUS) == 3.5  # 3 (not 3 + 2) + 0.5
    assert call_classic(xl.PERF_BONUS, (("国务院嘉奖",), ("市级考核一等奖",), (None,)), BONUS) == 4.0
    assert call_classic(xl.PERF_BONUS, "受到省级嘉奖", BONUS) == 2.0  # a single cell
    assert call_classic(xl.PERF_BONUS, (("国务院嘉奖",), ("国务院嘉奖",)), BONUS) == 5.0  # capped by F
    assert call_classic(xl.PERF_BONUS, ((None, None),), BONUS) == 0.0
    wide = (("a", "b", "c"), ("d", "e", "f"))  # several rows, three columns: no known shape
    assert call_classic(xl.PERF_BONUS, wide, BONUS).startswith("#PS-A001 ")
    assert call_classic(xl.PERF_BONUS, (("全国劳模",),), BONUS).startswith("#PS-V")


def test_explain_says_how_the_rule_scores(xl):
    text = call_classic(xl.PERF_EXPLAIN, FILE_RATE, COM_MISSING)
    assert "99%" in text and "每降低5%扣2分" in text and "60%" in text
    assert "3分" in call_classic(xl.PERF_EXPLAIN, BONUS, COM_MISSING)
    assert call_classic(xl.PERF_EXPLAIN, "", COM_MISSING).startswith("#PS-R005 ")


def test_unexpected_failure_is_a_short_message(caplog):
    @convert.cell_errors
    def broken(value):
        return 1 / value

    assert broken(0.0) == "#PS-A003 计算时出现意外错误（ZeroDivisionError），请把本单元格的公式和输入告知维护人员"
    assert "ZeroDivisionError" in caplog.text


def test_signatures_are_stable():
    signatures = {name: str(inspect.signature(getattr(udfs, name))) for name in udfs.__all__}
    assert signatures == SIGNATURES


def test_vba_module_matches_the_golden_file():
    """Rebuild the add-in (python -m addin.classic) when this fails after a signature change."""
    vba, _ = classic.import_functions()
    assert vba == addin.VBA_MODULE_PATH.read_text(encoding="utf-8")
    assert vba.isascii()  # the VBA editor reads it in the ANSI code page
    for name in addin.FUNCTION_NAMES:
        assert f'XLPy.CallUDF("addin.udfs", "{name}"' in vba


def test_function_wizard_texts_are_chinese_and_fit():
    _, options = classic.import_functions()
    macros = sorted(f"'perfscore.xlam'!{name}" for name in addin.FUNCTION_NAMES)
    assert [option["Macro"] for option in options] == macros
    for option in options:
        name = option["Macro"].split("!")[1]
        params = inspect.signature(getattr(udfs, name)).parameters
        assert option["Category"] == udfs.FUNCTION_CATEGORY
        assert len(option["ArgumentDescriptions"]) == len(params)
        for text in [option["Description"], *option["ArgumentDescriptions"]]:
            assert 0 < len(text) <= 255 and not text.isascii()


def test_classic_helpers_leave_no_windows_stubs_behind():
    classic.import_functions()
    assert not {"pythoncom", "pywintypes", "win32com.client", "xlwings.udfs"} & set(sys.modules)


def _scoring_imports(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("scoring"):
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def test_addin_holds_no_scoring_logic():
    """udfs.py computes nothing itself; only the core's public functions are used."""
    tree = ast.parse((ADDIN_DIR / "udfs.py").read_text(encoding="utf-8"))
    assert not [node for node in ast.walk(tree) if isinstance(node, (ast.BinOp, ast.Compare))]
    allowed = {"scoring.framework.capped_total", "scoring.grading.grade",
               "scoring.parse.parse_rule",
               "scoring.policies.DEFAULT_POLICIES", "scoring.targets.parse_target",
               "scoring.actuals.coerce_number", "scoring.actuals.is_blank",
               "scoring.errors.ActualValueError", "scoring.errors.PerfscoreError",
               "scoring.errors.MissingProgramError", "scoring.vocab.EXCEL_ERRORS",
               "scoring.plaintext.CELL_LIMIT", "scoring.plaintext.clean_text",
               "scoring.plaintext.excerpt", "scoring.policies.Policies",
               "scoring.policies.parse_policies",
               # The project self-evaluation (issue #16): one row scored as the engine does.
               "scoring.project.NATIONAL", "scoring.project.get_profile",
               "scoring.project.score_funds", "scoring.project.score_indicator",
               # The Office.js task pane (addin/server/pane.py): the registry's names and
               # labels (plain data) and the rule's type.
               "scoring.forms", "scoring.vocab", "scoring.rules.Rule",
               # The server launcher's Chinese options (python -m addin.server).
               "scoring.cli.ChineseArgumentParser"}
    for path in ADDIN_DIR.rglob("*.py"):
        assert _scoring_imports(ast.parse(path.read_text(encoding="utf-8"))) <= allowed, path
