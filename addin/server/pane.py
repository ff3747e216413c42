"""The perfscore task pane of the Office.js route: its Chinese wording and what it shows.

The pane (``templates/taskpane.html`` with ``static/js/perfscore-pane.js``) reads the selected
row of the 自评表 through the sheet's defined names (:data:`ROW_NAMES`, taken from
:data:`scoring.forms.EVALUATION_FORM`), posts the row's rule, points and values to
:data:`ITEM_PATH`, and shows what :func:`describe_item` answers: how the engine reads the rule
(as ``=PERF_EXPLAIN`` does), what the 实际完成值 cell accepts, the score and the points lost.
Outside Excel the same form is typed by hand. Every word the pane, its script and the ribbon
show is in :data:`LABELS` and :data:`RIBBON_LABELS`; all scoring is :mod:`scoring`'s.

Nothing here imports xlwings: the module is plain data and one function over the core.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from addin.convert import _refuse_unusable_cells, cells, optional_number, policies_of, single
from scoring import forms, vocab
from scoring.actuals import is_blank
from scoring.errors import PerfscoreError
from scoring.parse import parse_rule
from scoring.plaintext import CELL_LIMIT, excerpt
from scoring.rules import Rule

logger = logging.getLogger(__name__)

#: The pane's endpoint (below the server's ``app_path``).
ITEM_PATH = "/perfscore/item"

#: Ribbon action id of the 重新计算 button (``Office.actions.associate`` in the pane's script).
RECALCULATE_ACTION = "perfscoreRecalculate"

#: Office.js as xlwings Server 1.20.0 bundles it, served by this server (no CDN).
OFFICE_JS_PATH = "/vendor/office-js/16.0.20308.15050/dist/office.js"

#: The ribbon icon files under ``static/images/icons`` by size (drawn from ``perfscore.svg``).
ICON_PATHS: dict[int, str] = {size: f"/images/icons/perfscore-{size}.png" for size in (16, 32, 64, 80)}

#: The 自评表 columns the pane reads in the selected row: request field → defined name.
ROW_NAMES: dict[str, str] = {
    field: forms.EVALUATION_FORM.column(key).name
    for field, key in (("code", "code"), ("name", "level3"), ("rule", "rule"),
                       ("points", "points"), ("role", "role"), ("actual", "actual"),
                       ("override", "override"), ("not_applicable", "not_applicable"))
}

#: The Chinese name of each field the pane posts (the 自评表 heading; ``policies``: 评分口径).
FIELD_TITLES: dict[str, str] = {
    **{field: forms.EVALUATION_FORM.column(name.removeprefix("eval_")).title
       for field, name in ROW_NAMES.items()},
    "policies": "评分口径",
}

#: How long the pane waits for Office before it stays in the typed mode (milliseconds).
OFFICE_TIMEOUT_MS = 5000

#: Every word of the task pane and its script.
LABELS: dict[str, str] = {
    "title": "预算绩效评分说明",
    "mode_browser": "未连接 Excel：在下方输入评价要点和实际完成值，查看系统如何计分。",
    "mode_excel": "已连接 Excel：选中“自评表”中某一指标行的任一单元格，这里显示该项的规则说明、"
                  "可填写的值和扣分。",
    "recalculate": "重新计算",
    "recalculate_tip": "重新计算工作簿中的全部公式，包括 PERF_SCORE 等评分函数",
    "recalculate_unavailable": "在 Excel 中打开本窗格后可用",
    "recalculating": "正在重新计算…",
    "recalculated": "已重新计算（{time}）",
    "item": "所选指标",
    "item_browser": "核对一条评价要点",
    "item_none": "尚未选择指标",
    "not_in_form": "所选单元格不在自评表的指标行中：请选中自评表中有评价要点的一行。",
    "excel_error": "读取所选单元格时出错：{detail}",
    "rule": "评价要点",
    "rule_hint": "粘贴评分规则原文，如：办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分。",
    "actual": "实际完成值",
    "actual_hint": "如 97%、0.97、健全、3",
    "points": "分值",
    "points_hint": "可省略",
    "check": "查看说明",
    "checking": "正在计算…",
    "final": "得分",
    "lost": "扣分",
    "of_points": "满分 {points}",
    "no_points": "未定分值",
    "explanation": "系统如何理解这条规则",
    "kind": "规则类型",
    "answers": "实际完成值可填写",
    "more_answers": "另接受 {count} 种同义写法，如：{examples}",
    "messages": "提示",
    "override_used": "得分取评价人调整得分 {score}（系统评分 {computed}）",
    "not_applicable": "本项标为不适用，不计分也不计扣分",
    "bonus_row": "加分项按“加分项明细”表所填奖项计分，见该表",
    "penalty_row": "减分项：此处的分数从总分中扣除，不计本项扣分",
    "token": "访问令牌",
    "token_hint": "本服务器要求访问令牌：向管理员索取后填写，只保存在本机。",
    "token_save": "保存",
    "token_saved": "已保存访问令牌",
    "network_error": "无法连接 perfscore 服务器：{detail}",
    "server_error": "服务器返回错误（{status}）：{detail}",
    "too_long": "“{field}”有 {length} 字，超过一个单元格最多能容纳的 {limit} 字",
    "internal_error": "计算时出现意外错误（{kind}），请把这一行的评价要点和实际完成值告知维护人员",
    "footer": "评分由 perfscore 评分引擎计算，与 =PERF_SCORE、perfscore score 的结果相同。",
}

#: Words of the add-in in the manifest: its name and the 预算绩效 group on the ribbon.
RIBBON_LABELS: dict[str, str] = {
    "description": "预算绩效评分：PERF_SCORE 等工作表函数，以及说明评分规则、可填写的值和扣分的任务窗格",
    "tab": "绩效评分",
    "group": "预算绩效",
    "pane_button": "评分说明",
    "pane_tip": "打开任务窗格：所选指标的规则说明、实际完成值可填写的值和扣分",
    "recalculate_button": LABELS["recalculate"],
    "recalculate_tip": LABELS["recalculate_tip"],
}

#: Synonyms shown as examples beside the main choices.
_EXAMPLES_SHOWN = 6


def page_context(app_path: str, token_required: bool) -> dict[str, Any]:
    """What the templates (task pane and manifest) read as ``perfscore``.

    Args:
        app_path: The server's ``app_path`` setting (``""`` or ``/myapp``).
        token_required: Whether the server asks for the shared token (the pane then shows
            the token field).

    Returns:
        ``labels``, ``ribbon``, ``icons``, ``office_js``, ``recalculate_action``, and
        ``client``: the data the pane's script reads from the page (``#perfscore-config``).
    """
    return {
        "labels": LABELS,
        "ribbon": RIBBON_LABELS,
        "icons": ICON_PATHS,
        "office_js": OFFICE_JS_PATH,
        "recalculate_action": RECALCULATE_ACTION,
        "client": {
            "itemUrl": f"{app_path}{ITEM_PATH}",
            "rowNames": ROW_NAMES,
            "policiesName": forms.POLICIES_NAME,
            "recalculateAction": RECALCULATE_ACTION,
            "officeTimeoutMs": OFFICE_TIMEOUT_MS,
            "tokenRequired": token_required,
            "labels": LABELS,
        },
    }


def _error(exc: PerfscoreError) -> dict[str, str]:
    """A message for input the engine refuses (the item is not scored)."""
    return {"level": "error", "code": exc.code, "title": exc.title, "message": exc.message}


def _notice(code: str, message: str | None = None) -> dict[str, str]:
    """A message with a code for something the evaluator should check (scored all the same);
    without ``message``, the code's own title."""
    notice = PerfscoreError(message or "", code=code)
    return {"level": "notice", "code": code, "title": notice.title,
            "message": message or notice.title}


def _note(message: str) -> dict[str, str]:
    """A plain note on how the row is scored."""
    return {"level": "note", "code": "", "title": "", "message": message}


def _answers(rule: Rule) -> dict[str, Any]:
    """What the rule's 实际完成值 accepts: the form's input message, the main choices and how
    many other spellings the engine also reads."""
    kind = rule.input_kind
    if kind == "awards":
        hint = forms.AWARDS_VALIDATION.prompt
    else:
        validation = forms.ACTUAL_VALIDATIONS.get(kind, forms.ACTUAL_VALIDATIONS["number"])
        hint = (validation.prompt.format(inputs=rule.inputs_text()) if kind == "parts" else
                validation.prompt.format(items=rule.part.items_text())
                if kind in forms.LABEL_INPUT_KINDS else validation.prompt)
    choices = list(rule.choices or rule.accepted())
    others = [word for word in rule.accepted() if word not in choices]
    return {
        "input_kind": kind,
        "hint": hint,
        "choices": choices,
        "others": others,
        "more": LABELS["more_answers"].format(
            count=len(others), examples=vocab.LIST_SEPARATOR.join(others[:_EXAMPLES_SHOWN]))
        if others else "",
    }


def _too_long(fields: Mapping[str, Any]) -> PerfscoreError | None:
    """``PS-W010`` for the first field holding text longer than a cell holds: no cell sends
    it, and reading megabytes of text would hold up the server for everyone."""
    for field, title in FIELD_TITLES.items():
        for value in cells(fields.get(field)):
            if isinstance(value, str) and len(value) > CELL_LIMIT:
                return PerfscoreError(LABELS["too_long"].format(field=title, length=len(value),
                                                                limit=CELL_LIMIT), code="PS-W010")
    return None


def _fields(fields: Mapping[str, Any], *names: str) -> tuple[list[str], tuple[Any, ...]]:
    """``names`` and their values in ``fields``, as :func:`addin.convert.cell_errors` checks
    a function's arguments."""
    return list(names), tuple(fields.get(name) for name in names)


def describe_item(fields: Mapping[str, Any]) -> dict[str, Any]:
    """What the pane shows for one item of the 自评表: the rule, its answers, score and loss.

    Args:
        fields: The row as the pane sends it: ``rule`` (评价要点), ``actual`` (实际完成值),
            optional ``points`` (分值), ``role`` (类型: 评分 / 加分 / 减分), ``override``
            (评价人调整得分), ``not_applicable`` (不适用) and ``policies`` (the workbook's
            ``meta_policies`` text). Values come as the cells hold them: numbers, text, None.

    Returns:
        ``rule`` (kind, points, explanation, answers) or None when the rule cannot be used;
        ``computed`` (系统评分), ``final`` (得分) and ``lost`` (扣分), each None where they do
        not apply; ``messages``: each with its ``level`` (error, notice, note), ``PS-`` code
        where the engine gives one, and Chinese text. Errors never raise: the pane shows them;
        an unexpected one (a defect) is logged with its traceback and shown as ``PS-A003``.
    """
    result: dict[str, Any] = {"rule": None, "computed": None, "final": None, "lost": None,
                              "messages": []}
    try:
        _describe(fields, result)
    except Exception as exc:  # noqa: BLE001 - the pane shows a coded message, never a 500
        logger.exception("perfscore task pane: describing an item failed")
        result.update(rule=None, computed=None, final=None, lost=None)
        result["messages"] = [_error(PerfscoreError(
            LABELS["internal_error"].format(kind=type(exc).__name__), code="PS-A003"))]
    return result


def _describe(fields: Mapping[str, Any], result: dict[str, Any]) -> None:
    """Fill ``result`` (:func:`describe_item`'s answer) for ``fields``."""
    messages: list[dict[str, str]] = result["messages"]
    too_long = _too_long(fields)
    if too_long is not None:
        messages.append(_error(too_long))
        return
    try:
        # An Excel error value (#N/A) or a number that is not finite: PS-V005 / PS-A002, as the
        # cell's =PERF_SCORE says, not an unreadable rule or value.
        _refuse_unusable_cells(*_fields(fields, "rule", "points", "policies"))
        policies = policies_of(fields.get("policies"))
        rule = parse_rule(single(fields.get("rule"), "rule"),
                          points=optional_number(fields.get("points"), "points"), strict=False)
    except PerfscoreError as exc:
        messages.append(_error(exc))
        return
    result["rule"] = {
        "kind": vocab.KIND_LABELS[rule.kind.value],
        "points": rule.points,
        "explanation": rule.explain(policies),
        "answers": _answers(rule),
    }
    if rule.unread is not None:
        messages.append(_notice("PS-R007", rule.unread.detail))
    role = str(fields.get("role") or "").strip()
    if role == forms.ROLE_LABELS["bonus"]:
        messages.append(_note(LABELS["bonus_row"]))
        return
    try:
        _refuse_unusable_cells(*_fields(fields, "actual", "override"))
        actual = single(fields.get("actual"), "actual")
        computed, finding = rule.read(actual, policies)
        override = optional_number(fields.get("override"), "override")
    except PerfscoreError as exc:
        messages.append(_error(exc))
        return
    if finding is not None:
        messages.append(_notice("PS-V006", vocab.MESSAGES["actual_finding"].format(
            text=excerpt(actual), reading=rule.written(finding))))
    result["computed"] = computed
    if str(fields.get("not_applicable") or "").strip() == forms.NOT_APPLICABLE_VALUE:
        messages.append(_note(LABELS["not_applicable"]))
        return
    final = computed if override is None else override
    if override is not None:
        messages.append(_note(LABELS["override_used"].format(score=f"{override:g}",
                                                             computed=f"{computed:g}")))
    result["final"] = final
    if role == forms.ROLE_LABELS["penalty"]:
        messages.append(_note(LABELS["penalty_row"]))
    elif rule.points is not None:
        # 分值 − 得分, as the sheet's 扣分 column (float noise rounded off).
        result["lost"] = max(round(rule.points - final, 12), 0.0) + 0.0
    if is_blank(actual) and override is None:
        code = "PS-F007" if rule.input_kind == "score" else "PS-F008"
        messages.append(_notice(code))
