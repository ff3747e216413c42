"""The worksheet functions of the add-in: ``=PERF_SCORE()`` and its companions.

Each function is a thin wrapper: :mod:`addin.convert` turns the arguments Excel sends (floats,
None for empty cells, text such as ``"９７％"``, flat lists for one-row or one-column ranges,
lists of lists for 2-D ranges) into what :mod:`scoring` takes, the core computes, and
:func:`addin.convert.cell_errors` turns bad input into a short Chinese message in the cell.
No scoring logic lives here.

The same module serves both runtimes: ``xw.func`` is the classic COM decorator on Windows, the
Office.js one when ``XLWINGS_ON_SERVER=true`` was set before xlwings was imported (the xlwings
Server project in :mod:`addin.server` does so), and a no-op elsewhere. Names stay ASCII; the
docstrings and argument docs are Chinese because Excel's Function Wizard shows them (the
first 255 characters). The functions carry no type annotations on purpose: xlwings reads
annotations as converters, and the conversion here is done by :mod:`addin.convert`.
"""

from __future__ import annotations

from typing import Any

import xlwings as xw

from scoring.framework import capped_total
from scoring.grading import grade
from scoring.parse import parse_rule
from scoring.policies import DEFAULT_POLICIES
from scoring.project import NATIONAL, get_profile, score_funds, score_indicator
from scoring.targets import parse_target

from . import FUNCTION_NAMES
from .convert import (awards_list, cell_errors, is_blank, numbers, optional_number, policies_of,
                      single, total_in_range)

__all__ = list(FUNCTION_NAMES)

#: The Function Wizard category the functions are listed under (classic route).
FUNCTION_CATEGORY = "预算绩效"

_ACTUAL = "实际完成值：数值、百分比或文字（如 97%、0.97、健全）；空单元格按未填报计，与评分引擎相同"
_RULE = "评价要点：评分规则原文，如“办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分”"
_POINTS = "分值（可省略）：规则未写明分值时必须给出，写明时二者须一致"
_TARGET = "指标值：如 ≥99%、≤100%、≥10条、健全"
_POLICIES = ("评分口径（可省略）：与默认不同的设置，如“不足一档的扣分=不扣”；"
             "本系统生成的工作簿传入隐藏的元数据单元格 meta_policies")
_PROFILE = ("项目评分口径（可省略）：national（全国默认，财预〔2020〕10号）、sichuan（四川）或 "
            "hubei_huanggang（湖北黄冈）；本系统生成的项目自评表传入元数据单元格 meta_project_profile")


def _project_profile(profile):
    """The project profile an argument names; omitted or empty is the national default."""
    return get_profile(single(profile, "profile") or NATIONAL.key)


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("actual", err_to_str=True, doc=_ACTUAL)
@xw.arg("rule", err_to_str=True, doc=_RULE)
@xw.arg("points", err_to_str=True, doc=_POINTS)
@xw.arg("policies", err_to_str=True, doc=_POLICIES)
@cell_errors
def PERF_SCORE(actual, rule, points=None, policies=None):
    """按评价要点计算一个指标的得分（不超过分值，不低于0）。实际完成值为空时按未填报计，通常得0分。"""
    # Not strict: a rule the reader cannot read is scored by the evaluator (the actual value is
    # the evaluator's score), as in the templates and the batch (PS-R007, docs/rules.md).
    return parse_rule(single(rule, "rule"), points=optional_number(points, "points"),
                      strict=False).score(single(actual, "actual"), policies_of(policies))


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("actual", err_to_str=True, doc=_ACTUAL)
@xw.arg("target", err_to_str=True, doc=_TARGET)
@cell_errors
def PERF_TARGET_MET(actual, target):
    """实际完成值是否达到指标值，返回 TRUE 或 FALSE。实际完成值为空时为 FALSE（未达到）。"""
    return parse_target(single(target, "target")).is_met(single(actual, "actual"))


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("actual", err_to_str=True, doc=_ACTUAL)
@xw.arg("target", err_to_str=True, doc=_TARGET)
@cell_errors
def PERF_COMPLETION(actual, target):
    """完成比例（按比例得分所用）：正向指标为实际÷目标，反向指标为目标÷实际，最高为1；实际完成值为空时为0。"""
    return parse_target(single(target, "target")).completion(single(actual, "actual"))


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("scores", err_to_str=True, doc="A至E各项得分所在的区域（一行、一列或多行多列），空单元格不计")
@xw.arg("bonus", err_to_str=True, doc="加分（F1，可省略）：不小于0，超过上限5分的按5分计")
@xw.arg("penalty", err_to_str=True, doc="减分（F2，可省略）：写作 3 或 -3 都减3分")
@xw.arg("policies", err_to_str=True, doc=_POLICIES)
@cell_errors
def PERF_TOTAL(scores, bonus=None, penalty=None, policies=None):
    """总得分：A至E得分之和，加上加分（不超过5分），减去减分，结果在0至100分之间。"""
    return capped_total(
        numbers(scores, "scores"),
        bonus=optional_number(bonus, "bonus") or 0.0,
        penalty=optional_number(penalty, "penalty") or 0.0,
        policies=policies_of(policies),
    )


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("total", err_to_str=True, doc="总得分（0至100）")
@cell_errors
def PERF_GRADE(total):
    """评价等次：90分（含）以上优秀，80分（含）至90分良好，60分（含）至80分中，60分以下差。"""
    total = single(total, "total")
    if is_blank(total):
        return ""
    return grade(total_in_range(total, "total", DEFAULT_POLICIES.total_points))


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("awards", ndim=2, err_to_str=True, doc="获奖区域：一行或一列奖项名称（各算一项工作），或两列多行（工作事项、奖项）")
@xw.arg("rule", err_to_str=True, doc="加分项的评价要点，如“受到国务院嘉奖加3分……同一项工作不累计加分”")
@xw.arg("policies", err_to_str=True, doc=_POLICIES)
@xw.arg("points", err_to_str=True, doc="分值（可省略）：加分项本身的分值上限，如表中 F1 的 5 分；省略时为评分口径的加分上限")
@cell_errors
def PERF_BONUS(awards, rule, policies=None, points=None):
    """加分项（F1）得分：同一项工作只计最高一项奖励（规则另有约定的从其约定），不超过分值（默认5分）。"""
    # The item is capped by its own points, as the engine caps it; the policy's cap on all
    # bonus items together is applied by PERF_TOTAL (scoring.framework.capped_total).
    chosen = policies_of(policies)
    cap = chosen.bonus_item_cap(optional_number(points, "points"))
    return parse_rule(single(rule, "rule"), points=cap).score(awards_list(awards, "awards"), chosen)


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("rule", err_to_str=True, doc=_RULE)
@xw.arg("points", err_to_str=True, doc=_POINTS)
@cell_errors
def PERF_EXPLAIN(rule, points=None):
    """说明系统如何理解一条评价要点，便于核对评分口径。"""
    return parse_rule(single(rule, "rule"), points=optional_number(points, "points"),
                      strict=False).explain()


def _project_indicator(target: Any, actual: Any, points: Any, score: Any, profile: Any) -> Any:
    """The engine's reading of one project indicator row (:func:`score_indicator`), the cells
    as Excel passes them: what PERF_PROJECT_SCORE and PERF_PROJECT_UNREAD each report a part of."""
    return score_indicator(single(target, "target"), single(actual, "actual"),
                           single(points, "points"), single(score, "score"),
                           _project_profile(profile))


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("target", err_to_str=True, doc="年度指标值：如 ≥1200人、≤30天、=100%、效果明显、健全")
@xw.arg("actual", err_to_str=True, doc="实际完成值：数值、百分比、数量（如 1180人）或完成档次（达成预期指标、部分达成预期指标并具有一定效果、未达成预期指标且效果较差）")
@xw.arg("points", err_to_str=True, doc="分值（不小于0）")
@xw.arg("score", err_to_str=True, doc="评价人得分（可省略）：定性指标在档内的得分（省略时按该档默认比例），完成值无法识别时以此为准")
@xw.arg("profile", err_to_str=True, doc=_PROFILE)
@cell_errors
def PERF_PROJECT_SCORE(target, actual, points, score=None, profile=None):
    """项目支出绩效自评表一个绩效指标的得分：达到指标值得满分；未达到时正向按 实际÷指标值、反向按 指标值÷实际 计分；定性指标按三档计分。"""
    return _project_indicator(target, actual, points, score, profile).final


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("target", err_to_str=True, doc="年度指标值：如 ≥1200人、≤30天、=100%、效果明显、健全")
@xw.arg("actual", err_to_str=True, doc="实际完成值：数值、百分比、数量或完成档次")
@xw.arg("points", err_to_str=True, doc="分值（不小于0）")
@xw.arg("score", err_to_str=True, doc="评价人得分（可省略）")
@xw.arg("profile", err_to_str=True, doc=_PROFILE)
@cell_errors
def PERF_PROJECT_UNREAD(target, actual, points, score=None, profile=None):
    """评分引擎是否无法按口径读取该指标（实际完成值或指标值无法识别），因而得分取评价人得分：是为 TRUE；未填写实际完成值为 FALSE。"""
    return _project_indicator(target, actual, points, score, profile).unread


@xw.func(category=FUNCTION_CATEGORY)
@xw.arg("budget", err_to_str=True, doc="全年预算数（A，万元）：执行率的分母，为0或空白时得0分")
@xw.arg("executed", err_to_str=True, doc="全年执行数（B，万元）")
@xw.arg("points", err_to_str=True, doc="分值（可省略）：省略时为评分口径的资金分值（全国、四川10分，湖北黄冈20分）")
@xw.arg("profile", err_to_str=True, doc=_PROFILE)
@cell_errors
def PERF_EXECUTION(budget, executed, points=None, profile=None):
    """项目资金（年度资金总额）得分：执行率（B÷A）×分值，不超过分值；全年预算数为0或空白时为0分。"""
    return score_funds(single(budget, "budget"), single(executed, "executed"),
                       single(points, "points"), _project_profile(profile)).score
