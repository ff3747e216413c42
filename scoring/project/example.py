"""The worked examples of the project forms: invented data, labelled as such.

``perfscore template`` writes it as ``example_2024_project_evaluation_portable.xlsx``; the
workbook's note (:data:`scoring.forms.PROJECT_EXAMPLE_NOTE`) says the data are invented. It
exercises each way an indicator is scored: forward (≥) and reverse (≤) targets met and unmet,
a qualitative tier with the evaluator's score inside it, one with the tier's default, and the
execution rate. :func:`example_target` is the same project's target declaration
(``example_2024_project_target_portable.xlsx``): the same indicators and 指标值 as its annual
group, the year's funds as budgeted (财政拨款 = 当年财政拨款 + 上年结转资金 of the self-evaluation's
年初预算数), and, the project running three years, a 中期（长期）group of indicators for 2024—2026.
"""

from __future__ import annotations

from .form import FundRow, ProjectEvaluation, ProjectIndicator
from .target import DeclaredFunds, DeclaredIndicator, ProjectTarget
from .vocab import BLOCK_NAMES, PROJECT_ATTRIBUTES, TIER_NAMES

#: The year of the example.
EXAMPLE_YEAR = 2024

_OUTPUT, _OUTCOME, _SATISFACTION = (BLOCK_NAMES[key] for key in ("output", "outcome", "satisfaction"))


def example_project() -> ProjectEvaluation:
    """The invented 社区养老服务补助 project: 90.67 points, 优秀."""
    return ProjectEvaluation(
        name="社区养老服务补助项目（示例）",
        department="某市民政局（示例）",
        unit="某市社区养老服务中心（示例）",
        funds={"total": FundRow(100, 110, 104.5), "appropriation": FundRow(80, 90, 86.5),
               "carryover": FundRow(10, 10, 10), "other": FundRow(10, 10, 8)},
        goal_expected="为辖区 1200 名以上高龄、失能老人提供居家养老服务，补助按月足额发放。",
        goal_actual="全年服务老人 1180 名，服务合格率 98%，补助发放平均用时 40 天。",
        indicators=(
            ProjectIndicator(_OUTPUT, "数量指标", "服务老人人数", "≥1200人", "1180人", 20,
                             reason="部分老人迁出辖区；下年度扩大摸底范围。"),
            ProjectIndicator(_OUTPUT, "质量指标", "服务合格率", "≥95%", 0.98, 15),
            ProjectIndicator(_OUTPUT, "时效指标", "补助发放用时", "≤30天", "40天", 10,
                             reason="系统切换致发放延迟；已改为按月批量发放。"),
            ProjectIndicator(_OUTPUT, "成本指标", "人均服务成本", "≤900元", "880元", 5),
            ProjectIndicator(_OUTCOME, "社会效益指标", "老年人生活质量改善", "效果明显",
                             TIER_NAMES["partial"], 20, score=14,
                             reason="助餐服务覆盖不足；下年度新增两个助餐点。"),
            ProjectIndicator(_OUTCOME, "可持续影响指标", "长效管理机制", "健全",
                             TIER_NAMES["achieved"], 10),
            ProjectIndicator(_SATISFACTION, "服务对象满意度指标", "服务对象满意度", "≥90%", 0.92, 10),
        ),
    )


#: The example project's 中期（长期）indicators: what the three years together are to achieve
#: (its 中期目标 in indicators), one or two per block.
EXAMPLE_MID_INDICATORS: tuple[DeclaredIndicator, ...] = (
    DeclaredIndicator(_OUTPUT, "数量指标", "三年累计服务老人人数", "≥3600人"),
    DeclaredIndicator(_OUTPUT, "质量指标", "服务合格率", "≥95%"),
    DeclaredIndicator(_OUTCOME, "社会效益指标", "居家养老服务覆盖率", "=100%"),
    DeclaredIndicator(_OUTCOME, "可持续影响指标", "长效管理机制", "健全"),
    DeclaredIndicator(_SATISFACTION, "服务对象满意度指标", "服务对象满意度", "≥90%"),
)


def example_target() -> ProjectTarget:
    """The 社区养老服务补助 project's target declaration for 2024, the first year of three: the
    indicators of :func:`example_project` with their 指标值 as the annual group, the
    :data:`EXAMPLE_MID_INDICATORS` as the 中期（长期）group, and no problem to report."""
    evaluation = example_project()
    return ProjectTarget(
        name=evaluation.name,
        department=evaluation.department,
        department_code="123001",
        unit=evaluation.unit,
        attribute=PROJECT_ATTRIBUTES["new"],
        period="2024—2026年",
        funds={"mid": DeclaredFunds(300, 270, 30), "annual": DeclaredFunds(100, 90, 10)},
        goal_mid="到 2026 年，辖区高龄、失能老人居家养老服务全覆盖，服务合格率稳定在 95% 以上，"
                 "建立长效管理机制。",
        goal_annual=evaluation.goal_expected,
        indicators=tuple(DeclaredIndicator(row.level1, row.level2, row.name, row.target)
                         for row in evaluation.indicators),
        mid_indicators=EXAMPLE_MID_INDICATORS,
    )
