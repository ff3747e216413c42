"""The Chinese words of the project forms (项目支出绩效目标申报表, 项目支出绩效自评表), declared once.

English keys map to what the forms print and what users type. The scoring, the review checks and
(later) the workbooks and the docs read their labels and messages from here; no other module of
:mod:`scoring.project` writes a Chinese word. The words shared with the department-wide forms
(quality words, 是/否, operators, units) stay in :mod:`scoring.vocab`.
"""

from __future__ import annotations

#: The status (等次 cell of the summary and of ``perfscore score``) of a self-evaluation in which
#: nothing was typed yet: no 全年执行数 and no 实际完成值 (its zeros are no score).
UNFILLED = "未填报"

#: The three tiers of a qualitative indicator (定性指标), in the words of 财预〔2020〕10号.
TIER_NAMES: dict[str, str] = {
    "achieved": "达成预期指标",
    "partial": "部分达成预期指标并具有一定效果",
    "not_achieved": "未达成预期指标且效果较差",
}

#: What a unit types as the 实际完成值 of a qualitative indicator, by tier. The official phrases
#: first, then their short forms and the usual synonyms: 完成/基本完成/未完成, 是/否 and the
#: four-grade 好/较好/一般/差 (较好 and 一般 both fall short of 达成 without failing: 部分达成).
TIER_WORDS: dict[str, tuple[str, ...]] = {
    "achieved": (
        "达成预期指标", "达成预期目标", "达成", "已达成", "全部达成", "完成", "已完成", "全部完成",
        "是", "好", "达到", "已达到", "满足", "符合", "效果明显", "成效显著", "显著",
    ),
    "partial": (
        "部分达成预期指标并具有一定效果", "部分达成预期指标", "部分达成预期目标", "部分达成",
        "基本达成", "基本完成", "部分完成", "基本达到", "基本满足", "基本符合", "较好", "一般",
        "有一定效果", "效果一般",
    ),
    "not_achieved": (
        "未达成预期指标且效果较差", "未完成预期指标且效果较差", "未达成预期指标", "未达成预期目标",
        "未达成", "未完成", "未达到", "否", "差", "较差", "不满足", "不符合", "效果较差",
    ),
}

#: What counts as no answer in a reason, 存在问题 or 改进措施 cell (compared after removing
#: spaces and the punctuation of :data:`FILLER_PUNCTUATION`).
EMPTY_ANSWERS: tuple[str, ...] = (
    "", "无", "暂无", "没有", "无问题", "没有问题", "不存在问题", "未发现问题", "无偏差", "无差异",
    "略", "/", "\\", "-", "—", "——", "－", "…", "……", "...", "空", "不适用", "无措施", "暂无措施",
)
#: Punctuation a filler answer carries around it (``无。``, ``“无”``).
FILLER_PUNCTUATION: str = "。.，,；;：:“”\"'‘’（）()　 "

#: The 一级 blocks of indicators a self-evaluation is expected to have, by key, and the word that
#: names each (found in the 一级 or 二级 label: some local forms put 满意度指标 under 效益指标).
BLOCK_WORDS: dict[str, str] = {"output": "产出", "outcome": "效益", "satisfaction": "满意度"}
#: The full names of the blocks, as the national form prints them.
BLOCK_NAMES: dict[str, str] = {"output": "产出指标", "outcome": "效益指标", "satisfaction": "满意度指标"}

#: The fields of a project self-evaluation by attribute of
#: :class:`~scoring.project.form.ProjectEvaluation` and of its rows: the national form's labels.
#: A profile's own labels (:attr:`ProjectProfile.labels`) replace these where a local copy differs.
LABELS: dict[str, str] = {
    "name": "项目名称",
    "department": "主管部门",
    "unit": "实施单位",
    "funds": "项目资金（万元）",
    "initial": "年初预算数",
    "budget": "全年预算数（A）",
    "executed": "全年执行数（B）",
    "points": "分值",
    "rate": "执行率（B/A）",
    "score": "得分",
    "fund_reason": "原因",
    "goal": "年度总体目标",
    "goal_expected": "预期目标",
    "goal_actual": "实际完成情况",
    "indicators": "绩效指标",
    "level1": "一级指标",
    "level2": "二级指标",
    "name3": "三级指标",
    "nature": "指标性质",
    "target": "年度指标值（A）",
    "unit_of_measure": "度量单位",
    "actual": "实际完成值（B）",
    "reason": "偏差原因分析及改进措施",
    "total": "总分",
    "grade": "等次",
    "conclusion": "评价结论",
    "problems": "存在问题",
    "measures": "改进措施",
    "deviation": "偏差原因分析",
}

#: 指标性质 of a form that writes the 指标值 in three columns (四川: 指标性质 | 指标值 | 度量单位), the
#: dropdown of that column: the comparison the number in 指标值 is held to.
NATURES: tuple[str, ...] = ("=", "≥", "≤")

#: The funds rows of the national form (key → label); the first is the total.
FUND_ROWS: dict[str, str] = {
    "total": "年度资金总额",
    "appropriation": "其中：当年财政拨款",
    "carryover": "上年结转资金",
    "other": "其他资金",
}

#: The project forms by key, as findings name them (``没有满意度指标，项目自评表应设…``).
FORM_NAMES: dict[str, str] = {"evaluation": "项目自评表", "declaration": "项目支出绩效目标申报表"}

#: The fields of a project target declaration (项目支出绩效目标申报表) by attribute of
#: :class:`~scoring.project.target.ProjectTarget` and of its rows, as the national form prints them.
DECLARATION_LABELS: dict[str, str] = {
    "title": "项目支出绩效目标申报表",
    "name": "项目名称",
    "department": "主管部门及代码",
    "unit": "实施单位",
    "attribute": "项目属性",
    "period": "项目期",
    "funds": "项目资金（万元）",
    "goal": "总体目标",
    "goal_mid": "中期目标",
    "goal_annual": "年度目标",
    "indicators": "绩效指标",
    "level1": "一级指标",
    "level2": "二级指标",
    "name3": "三级指标",
    "target": "指标值",
}
#: The two funds columns of the declaration (key → label): the whole project period, the year.
DECLARATION_FUND_COLUMNS: dict[str, str] = {"mid": "中期资金总额", "annual": "年度资金总额"}
#: The declaration's funds rows (key → label); the first is the total, the others its parts.
DECLARATION_FUND_ROWS: dict[str, str] = {
    "total": "资金总额",
    "appropriation": "其中：财政拨款",
    "other": "其他资金",
}
#: The declaration's two groups of indicators by key, as the form heads them: the 中期（长期）
#: group (the whole project period, as the published copies print it before the year's) and the
#: annual group (the one the self-evaluation scores). Key ``mid`` is :attr:`ProjectTarget.mid_indicators`,
#: ``annual`` :attr:`ProjectTarget.indicators`.
INDICATOR_GROUPS: dict[str, str] = {"mid": "中期（长期）绩效指标", "annual": "年度绩效指标"}
#: 指标期 of a master-data indicator row (the 项目绩效指标 sheet), by group key: what is written;
#: blank is 年度.
INDICATOR_PERIODS: dict[str, str] = {"annual": "年度", "mid": "中期"}
#: Other spellings of a 指标期 read as the mid-term group (the sources say 长期 as well as 中期).
INDICATOR_PERIOD_SYNONYMS: dict[str, str] = {"长期": "mid", "中期（长期）": "mid", "中长期": "mid"}
#: 项目属性: a project new this year, or one approved before and continued.
PROJECT_ATTRIBUTES: dict[str, str] = {"new": "新增项目", "continuing": "延续项目"}

#: Where a finding is: ``资金“年度资金总额”``, ``第3个指标“发放覆盖率”``, ``“存在问题”``.
LOCATIONS: dict[str, str] = {
    "fund": "资金“{label}”",
    "indicator": "第{index}个指标“{name}”",
    "group_indicator": "{group}第{index}个指标“{name}”",
    "field": "“{label}”",
}

#: Messages of the scoring (PS-X00x) and of the review checks (PS-X1xx), ``str.format`` fields.
MESSAGES: dict[str, str] = {
    # scoring (scoring/project/score.py)
    "budget_zero": "全年预算数为0或未填写，无法计算执行率",
    "amount_negative": "金额“{value}”为负数，应不小于0",
    "points_bad": "分值“{value}”无效，应为不小于0的数",
    "budget_missing": "{where}的{budget}为空或为0，无法计算执行率，本项按0分计",
    "budget_negative": "{where}的{field}“{value}”为负数，金额应不小于0",
    "amount_unreadable": "{where}的{field}“{value}”不是金额，应为数字（万元）",
    "tier_score_outside": ("{where}完成情况为“{tier}”，该档得分应在{low:g}–{high:g}分之间，填报的{score:g}分"
                           "不在档内，已按该档默认的{default:g}分计"),
    "score_differs": "{where}填报得分{entered:g}分，按口径计算应为{computed:g}分，已按计算结果计分",
    "points_total": "资金分值{funds:g}分与绩效指标分值{indicators:g}分合计{total:g}分，应为{expected:g}分",
    "points_invalid": "{where}的分值“{value}”无效，应为不小于0的数",
    "all_not_applicable": "所有指标和资金都不适用，无法计算总分",
    "target_unreadable": "{where}：{message}",
    "actual_unreadable": "{where}：{message}",
    "actual_missing": "{where}尚未填写{actual}，按0分计",
    "reduced": "{where}实际完成值为指标值的{ratio:.0%}，超过{limit:.0%}，按指标值设定偏低调减为{score:g}分",
    # review checks (scoring/project/review.py)
    "dominant_indicator": "{where}分值{points:g}分，超过绩效指标总分值{total:g}分的{share:.0%}，权重过于集中",
    "text_for_number": "{where}的指标值为“{target}”，{actual}却填了文字“{text}”，应填写实际数值",
    "reason_missing": "{where}扣{lost:g}分，{label}{state}，应说明偏差原因及改进措施",
    "fund_reason_missing": "{where}执行率{rate:.2%}，低于{limit:.0%}，{label}{state}，应说明原因",
    "reason_state_empty": "未填写",
    "reason_state_filler": "只写了“{text}”",
    "filler_answer": "{where}只写了“{text}”，应如实写明{label}",
    "target_too_low": "{where}实际完成值为指标值的{ratio:.0%}，超过{limit:.0%}，指标值可能设定偏低，请说明原因",
    "block_missing": "没有{block}，{form}应设{blocks}",
    "funds_sum": "{column}：资金总额{total:g}万元，而{parts}之和为{sum:g}万元",
    "rate_above_full": "{where}执行数{executed:g}万元大于预算数{budget:g}万元，执行率{rate:.2%}超过100%",
    "too_long": "{where}共{length}字，超过{limit}字的限制",
    # the target declaration's checks (scoring/project/target.py)
    "attribute_unknown": "{where}为“{value}”，应为{choices}之一",
    "report_declaration": ("申报表：{indicators}个年度绩效指标，{mid}个中期（长期）绩效指标，"
                           "年度资金总额{annual}万元，问题{problems}个"),
    "block_group": "{form}的{group}",
    "period_unknown": "“{header}”为“{value}”，应为{choices}之一（为空时为{default}）",
    "mid_points": "中期（长期）指标不计分，“{header}”应留空（年度指标请把“{period}”写为{annual}或留空）",
    # reading a workbook back (scoring/workbook/project_reader.py) and perfscore score
    # PS-W007, as the department forms report it: the indicators no longer match the checksum
    "indicators_changed": ("项目自评表的绩效指标（一级、二级、三级指标或指标值）与生成时不同：下发的表不应改动，"
                           "表中的得分公式仍按生成时的指标值计算；以上得分按表中现有的指标值计算"),
    "declaration_changed": "目标申报表的绩效指标（一级、二级、三级指标或指标值）与生成时不同：下发的表不应改动",
    "stored_differs": "{cell}：工作簿中为“{stored}”，按口径应为“{engine}”",
    "report_total": "总分：{total:g}  等次：{grade}  资金执行率：{rate}  适用分值：{applicable:g}",
    "report_parties": "主管部门：{department}  实施单位：{unit}",
    "report_unfilled": "总分：—  等次：{grade}（全年执行数和实际完成值都没有填写，不计分、不审核；汇总时同样列为{grade}）",
    "report_lost": "扣分：{name} 得 {final:g}/{points:g} 分 — {reason}",
    "report_lost_fund": "扣分：{name} 得 {score:g}/{points:g} 分（执行率 {rate}）",
    "report_reason_missing": "（缺少偏差原因分析）",
    "report_review": "审核提示 [{code}]{where} {message}",
    "report_issue": "问题 [{code}]{where} {message}",
    "report_where": "（{cell}）",
    # profiles (scoring/project/profiles.py)
    "profile_invalid": "项目评分口径 {key} 的设置互相矛盾或超出范围：{names}",
    "profile_unknown": "没有名为“{key}”的项目评分口径，应为以下之一：{known}",
    "profile_not_shipped": "项目自评表工作簿只按登记的评分口径（{known}）生成，“{key}”的设置与登记的不同",
}
