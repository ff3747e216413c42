"""What a project self-evaluation (项目支出绩效自评表) holds: funds rows, goals, indicators, texts.

The classes mirror the form's blocks, whatever copy of it a profile describes: the funds rows
(年度资金总额 and its parts) with 年初预算数, 全年预算数(A), 全年执行数(B); the 年度总体目标 (预期目标 and
实际完成情况); the indicators (一级 · 二级 · 三级 · 年度指标值(A) · 实际完成值(B) · 分值 · 得分 ·
偏差原因分析及改进措施); and the closing texts (评价结论, 存在问题, 改进措施). Values are kept as typed
(``"≥95%"``, ``"完成"``, ``"98%"``, ``12``): reading them is the scoring's job, which reports what it
cannot read instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class FundRow:
    """One funds row (万元).

    Attributes:
        initial: 年初预算数 (年初预算).
        budget: 全年预算数(A) (四川: 调整后预算数; 湖北: 预算数, 调整后, 含上年结余结转).
        executed: 全年执行数(B) (预算执行数).
    """

    initial: Any = None
    budget: Any = None
    executed: Any = None


@dataclass(frozen=True)
class ProjectIndicator:
    """One 三级 indicator row of the self-evaluation.

    Attributes:
        level1: 一级指标 (产出指标, 效益指标, 满意度指标).
        level2: 二级指标 (数量指标, 社会效益指标 …).
        name: 三级指标.
        target: 年度指标值(A) as one text (``≥95%``, ``≤30天``, ``健全``, ``效果明显``), or the
            number of the three-column shape (四川: 指标性质 | 指标值 | 度量单位).
        actual: 实际完成值(B) (``98%``, ``0.98``, ``12``, ``达成预期指标``).
        points: 分值 (权重).
        score: 得分 the evaluator entered, where entered.
        reason: 偏差原因分析及改进措施.
        nature: 指标性质 (``≥``, ``≤``, ``=``) of the three-column shape.
        unit: 度量单位 of the three-column shape.
        not_applicable: Marked 不适用: left out of the total, which is rescaled to 100.
    """

    level1: str
    level2: str
    name: str
    target: Any
    actual: Any
    points: Any
    score: Any = None
    reason: str = ""
    nature: str = ""
    unit: str = ""
    not_applicable: bool = False

    @property
    def three_columns(self) -> bool:
        """Whether the target is written in three columns (指标性质 | 指标值 | 度量单位)."""
        return bool(str(self.nature or "").strip() or str(self.unit or "").strip())


@dataclass(frozen=True)
class ProjectEvaluation:
    """A filled-in project self-evaluation.

    Attributes:
        name: 项目名称.
        department: 主管部门.
        unit: 实施单位.
        funds: Funds row key (of the profile's :attr:`~ProjectProfile.fund_rows`) → its row.
        goal_expected: 年度总体目标 · 预期目标.
        goal_actual: 年度总体目标 · 实际完成情况.
        indicators: The indicator rows in form order.
        fund_reason: The reason beside the funds rows (四川: 原因, "执行率未达到90%的需说明原因").
        conclusion: 评价结论.
        problems: 存在问题; None where the form has no such cell.
        measures: 改进措施; None where the form has no such cell.
        deviation: The one project-wide 偏差原因分析 cell of forms without a reason per row (湖北:
            偏差大或目标未完成原因分析).
    """

    name: str
    department: str = ""
    unit: str = ""
    funds: Mapping[str, FundRow] = field(default_factory=dict)
    goal_expected: str = ""
    goal_actual: str = ""
    indicators: tuple[ProjectIndicator, ...] = ()
    fund_reason: str = ""
    conclusion: str = ""
    problems: str | None = None
    measures: str | None = None
    deviation: str = ""

    @property
    def unfilled(self) -> bool:
        """Nothing executed or completed yet (未填报): no 全年执行数 on any funds row and no
        实际完成值 on any indicator. Its zeros are no score: collect lists it without one, and
        ``perfscore score`` says 未填报."""
        return (all(row.executed is None for row in self.funds.values())
                and all(row.actual is None for row in self.indicators))
