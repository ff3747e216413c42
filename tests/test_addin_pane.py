"""The Office.js task pane's answers and words (:mod:`addin.server.pane`), without a server.

What the pane shows for one 自评表 row is computed by the scoring core: the explanation is the
rule's standard notation (as ``=PERF_EXPLAIN``), the score is ``=PERF_SCORE``'s, the loss is
分值 − 得分 as in the sheet's 扣分 column. The server, the manifest and the pane in a browser
are tested in ``tests/test_addin_officejs.py``.
"""

from __future__ import annotations

import re

import pytest

from addin.server import PROJECT_DIR, pane
from scoring import forms
from scoring.parse import parse_rule

FILE_RATE = "办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。"
#: A qualitative item of the seed (B… 内控机制有效执行): answered 达成 / 部分达成 / 未达成.
CONTROL = "内控机制有效执行，得1分。"
BONUS = "受到国务院嘉奖加 3 分，受到省级嘉奖加 2 分；同一项工作不累计加分"
_CJK = re.compile(r"[\u4e00-\u9fff]")


def codes(result: dict) -> list[str]:
    return [message["code"] for message in result["messages"]]


def test_a_step_rule_scored_as_perf_score_with_the_points_lost():
    result = pane.describe_item({"rule": FILE_RATE, "actual": 0.97})
    assert (result["computed"], result["final"], result["lost"]) == (8.0, 8.0, 2.0)
    rule = result["rule"]
    assert rule["explanation"] == parse_rule(FILE_RATE, strict=False).explain()
    assert rule["points"] == 10.0 and rule["kind"] == "逐档扣分"
    assert rule["answers"]["hint"] == forms.ACTUAL_VALIDATIONS["percent"].prompt
    assert rule["answers"]["choices"] == [] and result["messages"] == []


def test_text_values_as_typed_in_the_pane():
    result = pane.describe_item({"rule": FILE_RATE, "actual": "９７％", "points": "10"})
    assert (result["final"], result["lost"]) == (8.0, 2.0)


def test_a_choice_rule_lists_its_answers():
    result = pane.describe_item({"rule": CONTROL, "actual": "部分达成"})
    answers = result["rule"]["answers"]
    assert answers["choices"] == ["达成", "部分达成", "未达成"]
    assert set(answers["others"]) <= set(parse_rule(CONTROL).accepted())
    assert answers["more"].startswith(f"另接受 {len(answers['others'])} 种同义写法")
    assert result["lost"] == pytest.approx(1.0 - result["final"])


def test_an_unreadable_answer_is_the_engines_error_and_the_rule_still_shows():
    result = pane.describe_item({"rule": CONTROL, "actual": "还行"})
    assert codes(result) == ["PS-V001"]
    assert "达成" in result["messages"][0]["message"]
    assert result["rule"]["answers"]["choices"] and result["final"] is None
    assert result["lost"] is None


@pytest.mark.parametrize("fields, code", [
    ({"rule": "", "actual": 1}, "PS-R005"),
    ({"rule": FILE_RATE, "actual": 0.97, "policies": "口径=无"}, "PS-P001"),
    ({"rule": FILE_RATE, "actual": 0.97, "points": "十分"}, "PS-A002"),
    ({"rule": FILE_RATE, "actual": 0.97, "points": 3}, "PS-R007"),
])
def test_errors_carry_their_codes_and_chinese_text(fields, code):
    result = pane.describe_item(fields)
    assert code in codes(result)
    message = result["messages"][codes(result).index(code)]
    assert _CJK.search(message["message"]) and message["level"] in ("error", "notice")


def test_the_row_decides_what_counts():
    """类型, 评价人调整得分 and 不适用 of the selected row, as the sheet's 得分 and 扣分 use them."""
    overridden = pane.describe_item({"rule": FILE_RATE, "actual": 0.97, "override": 9})
    assert (overridden["computed"], overridden["final"], overridden["lost"]) == (8.0, 9.0, 1.0)
    not_applicable = pane.describe_item({"rule": FILE_RATE, "actual": 0.97,
                                         "not_applicable": forms.NOT_APPLICABLE_VALUE})
    assert not_applicable["final"] is None and not_applicable["lost"] is None
    bonus = pane.describe_item({"rule": BONUS, "role": forms.ROLE_LABELS["bonus"],
                                "actual": forms.AWARDS_ACTUAL_TEXT})
    assert bonus["rule"]["answers"]["choices"] == ["国务院嘉奖", "省级嘉奖"]
    assert bonus["final"] is None and bonus["messages"][0]["message"] == pane.LABELS["bonus_row"]
    empty = pane.describe_item({"rule": FILE_RATE, "actual": None})
    assert (empty["final"], empty["lost"]) == (0.0, 10.0) and codes(empty) == ["PS-F008"]


def test_the_pane_reads_the_evaluation_forms_own_names():
    assert pane.ROW_NAMES["rule"] == forms.EVALUATION_FORM.column("rule").name == "eval_rule"
    assert pane.ROW_NAMES["actual"] == "eval_actual" and pane.ROW_NAMES["points"] == "eval_points"
    config = pane.page_context("/app", token_required=True)["client"]
    assert config["itemUrl"] == "/app" + pane.ITEM_PATH and config["policiesName"] == "meta_policies"


def test_every_word_is_chinese_and_used():
    """No English on the pane or the ribbon, and no label left over."""
    sources = "\n".join(path.read_text(encoding="utf-8") for path in (
        PROJECT_DIR / "templates" / "taskpane.html", PROJECT_DIR / "templates" / "manifest.xml",
        PROJECT_DIR / "static" / "js" / "perfscore-pane.js", PROJECT_DIR / "pane.py"))
    for key, text in {**pane.LABELS, **pane.RIBBON_LABELS}.items():
        assert _CJK.search(text), key
    for key in pane.LABELS:
        assert re.search(rf"\bL\.{key}\b|LABELS\[\"{key}\"\]", sources), f"label {key} is unused"
    for key in pane.RIBBON_LABELS:
        assert f"perfscore.ribbon.{key}" in sources, f"ribbon label {key} is unused"


# --- Hostile rows: never an exception, always a coded Chinese message -----------------------

@pytest.mark.parametrize("fields, code", [
    ({"rule": FILE_RATE, "actual": [[0.9], [0.8]]}, "PS-A001"),  # a range: was a 500
    ({"rule": FILE_RATE, "actual": "#N/A"}, "PS-V005"),  # an error cell, as =PERF_SCORE says
    ({"rule": "#N/A", "actual": 0.97}, "PS-V005"),
    ({"rule": FILE_RATE, "actual": float("nan")}, "PS-A002"),  # was scored as an empty cell
    ({"rule": FILE_RATE, "actual": 0.97, "override": float("inf")}, "PS-A002"),
    ({"rule": FILE_RATE, "actual": "好" * 40000}, "PS-W010"),  # longer than any cell
    ({"rule": FILE_RATE, "actual": 0.97, "policies": "a" * 40000}, "PS-W010"),
    ({"rule": FILE_RATE, "actual": 0.97, "points": 10 ** 400}, "PS-A002"),  # beyond a float: no number
])
def test_hostile_fields_give_a_coded_message(fields, code):
    result = pane.describe_item(fields)
    assert codes(result) == [code], result["messages"]
    assert _CJK.search(result["messages"][0]["message"]) and result["final"] is None


def test_text_longer_than_a_cell_is_refused_before_it_is_read():
    result = pane.describe_item({"rule": CONTROL, "actual": "好" * 40000})
    assert result["messages"][0]["message"] == "“实际完成值”有 40000 字，超过一个单元格最多能容纳的 32767 字"
    assert result["rule"] is None


def test_an_unexpected_error_is_logged_and_shown_as_ps_a003(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(pane, "parse_rule", broken)
    result = pane.describe_item({"rule": FILE_RATE, "actual": 0.97})
    assert codes(result) == ["PS-A003"] and "ZeroDivisionError" in result["messages"][0]["message"]
    assert "boom" not in result["messages"][0]["message"]  # the detail goes to the log only
    assert "Traceback" in caplog.text and "boom" in caplog.text


@pytest.mark.parametrize("token", ["abc ", " abc", "ab c", "令牌abc", "ａｂｃ", "abc\t", "\u00e9t\u00e9"])
def test_a_token_that_cannot_be_typed_in_the_pane_is_refused(token):
    from addin.server import TOKEN_ENV, token_of
    from scoring.errors import PerfscoreError

    with pytest.raises(PerfscoreError) as refused:
        token_of({TOKEN_ENV: token})
    assert refused.value.code == "PS-E005" and token.strip() not in refused.value.message


def test_a_token_of_visible_ascii_is_taken():
    from addin.server import TOKEN_ENV, token_of

    assert token_of({TOKEN_ENV: "Az09-_.~!#$%&'*+/=?^`|{}"}) == "Az09-_.~!#$%&'*+/=?^`|{}"
    assert token_of({TOKEN_ENV: ""}) is None and token_of({}) is None
