"""Items answered by their labels, several at once (逐项得分 ``①③``, 逐项扣分 ``②③``), in the
self-evaluation workbook: the 实际完成值 cell is no one-label dropdown (Excel would refuse ``①③``
typed into it), its input message says to type the labels, the 提示 column flags only what is
neither labels nor an answer word, and the score is the engine's (LibreOffice recalculates).
"""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from scoring import forms, parse_rule
from scoring.example import load_example
from scoring.framework import Framework
from scoring.workbook.files import save_workbook
from scoring.workbook.writer import build_evaluation_workbook

COL = {column.key: column.letter for column in forms.EVALUATION_FORM.columns}
CHECKLIST = "①制度健全,1分;②执行到位,1分"
PROBLEMS = ("报表装订整齐、顺序正确、纸张大小符合规定的得5分。未装订或装订不整齐扣2分,装订顺序不正确扣1分,"
            "纸张大小不符合规定扣2分。")


def _workbook(rule: str, points: float, actual: object = None):
    """The example's workbook with B11's rule (and points) replaced; its sheet and B11's row."""
    data = load_example().framework.to_dict()
    item = data["sections"][1]["children"][0]["children"][0]
    assert item["code"] == "B11"
    item["rule_text"], item["points"] = rule, points
    data["sections"][1]["children"][0]["points"] += points - 2
    data["sections"][1]["points"] += points - 2
    wb = build_evaluation_workbook(Framework.from_dict(data))
    ws = wb.worksheets[0]
    row = next(r for r in range(1, ws.max_row + 1) if ws[f"{COL['code']}{r}"].value == "B11")
    if actual is not None:
        ws[f"{COL['actual']}{row}"] = actual
    return wb, ws, row


@pytest.mark.parametrize("rule,points,prompt", [
    (CHECKLIST, 2, "请填写满足要求的各项的编号，可填多个，如 ①③；都不满足填“无”。①制度健全；②执行到位"),
    (PROBLEMS, 5, "请填写发现的问题的编号，可填多个，如 ①③；没有问题填“无”。①未装订或装订不整齐；"
                  "②装订顺序不正确；③纸张大小不符合规定"),
])
def test_the_cell_takes_several_labels(rule: str, points: float, prompt: str) -> None:
    _, ws, row = _workbook(rule, points)
    ref = f"{COL['actual']}{row}"
    found = [dv for dv in ws.data_validations.dataValidation if ref in str(dv.sqref)]
    assert len(found) == 1
    assert found[0].type is None or found[0].type == "any"  # no list: ①③ can be typed
    # the printed 评价要点 need not number the problems: the message says which label is which
    assert found[0].prompt == prompt


@pytest.mark.libreoffice
def test_labels_score_as_the_engine_and_only_unread_text_is_flagged(tmp_path) -> None:
    from scoring.workbook.libreoffice import recalculate

    cases = [(CHECKLIST, 2, actual) for actual in ("①", "①②", "①否②是", "无", "x", "①③")] + \
            [(PROBLEMS, 5, actual) for actual in ("②③", "①②③", "装订顺序不正确", "无", "装订不太整齐")]
    paths = []
    for index, (rule, points, actual) in enumerate(cases):
        wb, _, row = _workbook(rule, points, actual)
        path = tmp_path / f"case{index}.xlsx"
        save_workbook(wb, path)
        paths.append((path, row))
    outputs = recalculate([path for path, _ in paths], tmp_path / "out")
    for (rule, points, actual), output, (_, row) in zip(cases, outputs, paths):
        ws = load_workbook(output, data_only=True).worksheets[0]
        check = ws[f"{COL['check']}{row}"].value or ""
        unread = actual in ("x", "装订不太整齐", "①③")  # ③ of two items: flagged too
        assert ("PS-V001" in check) == unread, (actual, check)
        if not unread:
            assert ws[f"{COL['computed']}{row}"].value == pytest.approx(
                parse_rule(rule, points).score(actual)), actual
