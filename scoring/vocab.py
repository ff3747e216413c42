"""All Chinese vocabulary of indicator values and scoring rules (评价要点), declared as data.

English keys map to the Chinese forms they stand for. Every other module of the rule engine
reads its words from here, so a new synonym (``计`` for ``得``, ``下降`` for ``降低``) is one
edit in one place. The pipeline is: :data:`PRE_NFKC` (characters NFKC would lose, like ``①``)
→ NFKC → :data:`SYMBOLS` → :data:`TRADITIONAL` → :data:`REWRITES` (synonyms → the canonical
words below) → parse. :func:`check` validates the tables at import time.
"""

from __future__ import annotations

import re

#: Circled item numbers, kept as ``[n]`` markers because NFKC would turn ``①`` into ``1``.
CIRCLED: str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

#: Symbols NFKC leaves alone (or maps to something unhelpful), replaced after NFKC.
SYMBOLS: dict[str, str] = {
    "≦": "≤",
    "≧": "≥",
    "⩽": "≤",
    "⩾": "≥",
    "＜": "<",
    "＞": ">",
    "％": "%",
    "﹪": "%",
    "，": ",",
    "；": ";",
    "。": ";",
    "：": ":",
    "（": "(",
    "）": ")",
    "【": "(",
    "】": ")",
    "～": "-",
    "~": "-",
    "—": "-",
    "–": "-",
    "－": "-",
    "×": "*",
    "✕": "*",
    "÷": "/",
    "“": "",
    "”": "",
    "‘": "",
    "’": "",
    '"': "",
    "《": "",
    "》": "",
    "\u3000": " ",
}

#: Traditional characters of the scoring vocabulary → simplified.
TRADITIONAL: dict[str, str] = dict(
    zip(
        "於滿數計項條個實際預執達標準為與無減額擴給並從優點發現規範劃處務質臺區報結餘經費"
        "檢覈資產總銷彙編製決據聯辦會議調員對時將應當還進過運違紀錄單這體狀況開舉勵獎級見"
        "創廳場輛萬億圓歲貢獻線擇內齊備確題問盡滯後權構統績評價獲們邊錯誤專業節約補貼積國"
        "網絡綜蓋稱職書韌",
        "于满数计项条个实际预执达标准为与无减额扩给并从优点发现规范划处务质台区报结余经费"
        "检核资产总销汇编制决据联办会议调员对时将应当还进过运违纪录单这体状况开举励奖级见"
        "创厅场辆万亿元岁贡献线择内齐备确题问尽滞后权构统绩评价获们边错误专业节约补贴积国"
        "网络综盖称职书韧"
    )
)

#: Chinese numerals for the small counts rules spell out (``一处``, ``一个百分点``, ``百分之九十五``).
NUMERALS: dict[str, int] = {
    "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
    "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}
#: The tens and hundreds marks of spelled numbers.
NUMERAL_TEN: str = "十"
NUMERAL_HUNDRED: str = "百"
#: ``百分之N`` spells a percentage.
SPELLED_PERCENT: str = "百分之"

#: Operators of indicator values (指标值) and rule conditions, by canonical symbol.
#: Words after the number (``以上``) and words before it (``不低于``) are listed apart.
OPERATOR_SYMBOLS: dict[str, tuple[str, ...]] = {
    "≥": ("≥", ">="),
    "≤": ("≤", "<="),
    ">": (">",),
    "<": ("<",),
    "=": ("=", "=="),
}
OPERATOR_WORDS_BEFORE: dict[str, tuple[str, ...]] = {
    "≥": ("不低于", "不少于", "大于等于", "大于或等于", "达到", "至少"),
    "≤": ("不高于", "不超过", "不多于", "小于等于", "小于或等于", "至多", "控制在"),
    ">": ("高于", "超过", "大于", "多于"),
    "<": ("低于", "少于", "不满", "不足", "小于", "未达到"),
    "=": ("等于",),
}
OPERATOR_WORDS_AFTER: dict[str, tuple[str, ...]] = {
    "≥": ("及以上", "以上"),
    "≤": ("及以下", "以下", "以内"),
}

#: Units of indicator values.
UNITS: dict[str, tuple[str, ...]] = {
    "percent": ("%",),
    "count": ("条", "个", "次", "件", "项", "期", "人", "篇", "场", "份", "家", "台", "辆", "处",
              "所", "起", "户", "册", "本", "套", "部", "批", "名", "人次", "户次", "个数"),
    "money": ("万元", "亿元", "元"),
    "time": ("个工作日", "工作日", "个月", "小时", "天", "日", "年", "月", "周"),
}

#: Qualitative words: what a met / partly met / unmet condition says.
QUALITY_WORDS: tuple[str, ...] = (
    "健全", "合规", "合理", "明确", "科学", "规范", "完善", "公开", "有效", "及时", "准确",
    "达标", "完成", "完整", "匹配", "到位", "齐全", "一致", "充分", "可行", "满意", "良好",
    "覆盖", "执行", "落实", "显著", "提升", "改善", "优秀", "符合", "相符", "清晰",
)
#: Words that on their own say "met".
YES_WORDS: tuple[str, ...] = (
    "是", "达成", "已达成", "达到", "满足", "符合", "有", "通过", "合格", "完成", "已完成",
    "全部达成", "全部完成", "全覆盖", "√", "✓", "true", "yes", "y", "t", "1", "发生",
)
#: Words that on their own say "not met".
NO_WORDS: tuple[str, ...] = (
    "否", "未达成", "未达到", "没有", "无", "不符合", "不合格", "未完成", "未通过", "×", "✗",
    "false", "no", "n", "f", "0", "未发生",
)
#: Prefixes that mark an achieved / partial / unmet statement of a quality word.
ACHIEVED_PREFIXES: tuple[str, ...] = ("已经", "已", "全部", "完全", "均已", "均")
PARTIAL_PREFIXES: tuple[str, ...] = ("基本", "部分", "较为", "较", "大部分", "大体", "比较")
NOT_PREFIXES: tuple[str, ...] = ("尚未", "未能", "不够", "不太", "未", "不", "没有", "无")
#: Negations that say a rule's own "met" word the other way round: 不超支 = 未超支 = 没有超支.
NEGATION_PREFIXES: tuple[str, ...] = ("不", "未", "没有", "无")
#: The plain yes/no words every qualitative rule accepts, listed in its error message.
YES_NO_CHOICES: tuple[str, ...] = ("是", "否")
#: Words meaning partial on their own.
PARTIAL_WORDS: tuple[str, ...] = ("部分达成", "基本达成", "部分完成", "基本完成", "部分", "基本")

#: What the choice lists (dropdowns) of a qualitative rule offer, by tier.
QUALITATIVE_CHOICES: dict[str, str] = {
    "achieved": "达成",
    "partial": "部分达成",
    "not_achieved": "未达成",
}
#: The short word lists a qualitative formula compares a cell against (keep them short).
FORMULA_WORDS: dict[str, tuple[str, ...]] = {
    "achieved": ("达成", "是", "完成", "已达成", "已完成"),
    "partial": ("部分达成", "基本达成", "基本完成", "部分完成"),
    "veto": ("是", "发生"),
    # Not named in formulas (anything unmatched scores 0), but accepted without a warning.
    "not_achieved": ("未达成", "否", "未完成"),
}
#: Prefixes that make the partial and unmet choices of a qualitative target (健全 → 基本健全, 不健全).
CHOICE_PREFIXES: dict[str, str] = {"partial": "基本", "not_achieved": "不"}
#: Separator of lists in messages and choices.
LIST_SEPARATOR: str = "、"
#: Veto choices (triggered, not triggered).
VETO_CHOICES: tuple[str, ...] = ("否", "是")

#: Canonical clause words after :data:`REWRITES`; parse patterns are built from these.
CLAUSE_WORDS: dict[str, tuple[str, ...]] = {
    "gain": ("得",),            # 得 N 分 (计/给 are rewritten to 得)
    "points": ("分",),          # the points unit
    "zero": ("不得分",),        # no points for the range
    "deduct": ("扣",),          # 扣 N 分
    "per": ("每",),             # 每降低 / 每发现
    "decrease": ("降低",),      # 每降低 X (下降/减少 rewritten)
    "exceed": ("超过",),        # 每超过 X (超出/高出 rewritten)
    "inclusive": ("(含)",),     # band bound included
    "exclusive": ("不含",),     # (不含): read only by REWRITES; left over it is refused, never dropped
    "to": ("-", "至", "到"),    # a range between two bounds
    "condition_end": ("的", "时", "者"),
    "short_of": ("不足",),      # 不足 X 的 …
    "as": ("按",),
    "compute": ("计算",),
    "no_deduct": ("不扣分",),
    "until_zero": ("扣完为止",),
    "bonus": ("加",),           # 加 N 分
    "ratio_words": ("按比例扣分", "按线性计算", "线性计算", "线性扣分"),
    "proportional": ("按完成比例得分", "按比例得分", "按完成率得分",
                     "按比例计分", "按完成比例计分", "按完成率计分"),
    "not_cumulative": ("不累计加分", "不重复加分", "不累加", "不重复计分", "取最高"),
    "cumulative": ("累加计分", "累计加分", "累加加分", "可累加"),
    "discretionary": ("酌情扣分", "酌情加分", "酌情打分", "酌情得分", "酌情评分", "酌情", "标杆值"),
    "veto": ("一票否决",),
    "cancel": ("取消",),
    "qualification": ("资格",),
    "if": ("若", "如", "如果"),
    "then": ("则",),
    "award_verbs": ("受到", "得到", "获得", "获", "荣获", "被评为"),
    "find": ("发现", "出现", "存在", "有"),
    "standard_before": ("以",),
    "standard_after": ("为标准", "为基准", "为满分标准"),
    "full_points": ("分值", "满分", "权重分", "指标分值"),
    "score_is": ("得分=", "得分为", "分数="),
    "otherwise": ("否则", "其余", "其他"),    # 否则得5分: the points outside the other ranges
    "deduct_cap": ("最多", "最高", "至多", "累计最多", "最多累计", "累计不超过"),  # 最多扣3分
    "once": ("一", "1"),                      # 违规一次扣1分: a penalty per occurrence
    "example": ("例如", "比如", "如"),          # 如86%扣5分: an illustration, checked, not a clause
}

#: Outcome words that give a share of the item's points instead of a number (``得满分``).
SHARE_WORDS: dict[str, float] = {
    "满分": 1.0,
    "全部分值": 1.0,
    "全分": 1.0,
    "一半分值": 0.5,
    "分值的一半": 0.5,
    "一半的分值": 0.5,
    "半数分值": 0.5,
}
#: Tier words that mean 100% done: next to percentage bands ``全部完成得3分`` is the band ≥100%.
FULL_COMPLETION_WORDS: tuple[str, ...] = ("全部完成", "全面完成", "全部达成", "全部实现", "全部落实")
#: Conversion factors between units of the same quantity (an actual value may use another one).
UNIT_FACTORS: tuple[dict[str, str], ...] = (
    {"元": "1", "万元": "10000", "亿元": "100000000"},
    {"小时": "1", "天": "24", "日": "24", "周": "168"},
    {"个月": "1", "月": "1", "年": "12"},
)


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


#: A number and its optional unit (groups 1 and 2), for the (不含) rewrites below.
_NUMBER_UNIT: str = (r"(?<![\d.])(\d+(?:\.\d+)?)("
                     + _alternatives([unit for units in UNITS.values() for unit in units]) + ")?")


def _excluded(group: int) -> str:
    """``(不含)``, ``(不含本数)`` or ``(不含90%)`` repeating the number of groups ``group`` and +1."""
    return rf"\(不含(?:\{group}\{group + 1}?|本数)?\)"


#: Words of strict bounds (低于, 超过, <, >), as group 1.
_STRICT_BEFORE: str = "(" + _alternatives(
    [word for op in (">", "<") for word in OPERATOR_WORDS_BEFORE[op] + OPERATOR_SYMBOLS[op]]) + ")"


#: Ordered rewrites (regex, replacement) that turn synonyms into the canonical words above.
#: Applied after NFKC, :data:`SYMBOLS` and :data:`TRADITIONAL`, top to bottom.
REWRITES: tuple[tuple[str, str], ...] = (
    (r"\s+", ""),                                  # PDF spacing and line breaks
    (r"≥=", "≥"),
    (r"≤=", "≤"),
    (r"=>", "≥"),
    (r"=<", "≤"),
    (r"含\)", "含)"),
    (r"\((?:包)?含\)", "(含)"),
    (r"\(含本数\)", "(含)"),
    (r"不计分|不给分|(?<![\d.])(?:得|计|为|给)0分", "不得分"),
    (r"(?:计|给|给予)(?=\d)", "得"),
    (r"扣除|减去|减(?=\d)", "扣"),
    (r"扣完即止|扣完为止|扣至0分为止|扣至0为止|扣完|扣至零分为止|扣到0分为止", "扣完为止"),
    (r"下降|减少|下滑|降低了", "降低"),
    (r"(?<=每)低于?(?=\d)", "降低"),               # 每低(于)1个百分点 = 每降低1%
    (r"(?<=每)(?:高于?|增加|增长|上升|提高)(?=\d)", "超过"),  # 每增加1%扣0.5分 = 每超过1%
    (r"超出|高出|高于标准", "超过"),
    (r"按实际完成(?=比例|率)", "按完成"),           # 按实际完成比例计分 = 按完成比例计分
    (r"(\d+(?:\.\d+)?)个百分点", r"\1%"),
    # (不含) makes a bound strict: 90%以上(不含90%) = 高于90%; after a strict word it only repeats it.
    (_NUMBER_UNIT + r"以上" + _excluded(1), r"高于\1\2"),
    (_NUMBER_UNIT + _excluded(1) + r"以上", r"高于\1\2"),
    (_NUMBER_UNIT + r"以下" + _excluded(1), r"低于\1\2"),
    (_NUMBER_UNIT + _excluded(1) + r"以下", r"低于\1\2"),
    (_STRICT_BEFORE + _NUMBER_UNIT + _excluded(2), r"\1\2\3"),
    (r"(?:及|或)?以上\(含\)|\(含\)以上|及以上", "(含)以上"),
    (r"(?:及|或)?以下\(含\)|\(含\)以下|及以下", "(含)以下"),
    (r"(?<=\d)分值", "分"),
)

#: Words that mark numbered clauses after NFKC (``1、`` ``(1)`` ``1.``), rewritten to ``[n]``.
NUMBERED_CLAUSE: str = r"(?:(?<=^)|(?<=[;,:\]]))(?:\((\d{1,2})\)|(\d{1,2})[、.](?!\d))"

#: Actual-value words that are hedged or open-ended, so not a plain value (``约95%``, ``95%以上``).
HEDGE_WORDS: tuple[str, ...] = ("约", "大约", "左右", "以上", "以下", "以内", "不低于", "不少于",
                                "不超过", "不高于", "超过", "低于", "接近", "近", "多", "余")

#: Spreadsheet error strings a cell can hold.
EXCEL_ERRORS: tuple[str, ...] = ("#DIV/0!", "#N/A", "#NAME?", "#VALUE!", "#REF!", "#NUM!",
                                 "#NULL!", "Err:502", "Err:504", "Err:508", "Err:509", "Err:511",
                                 "Err:522")

#: Explanations (Chinese sentences) by rule kind and policy, with ``str.format`` fields.
EXPLAIN: dict[str, str] = {
    "qualitative": "定性指标：{condition}得{points}分，部分达成得{partial}分（{partial_share}），未达成不得分。",
    "threshold": "{bound}得{points}分，否则不得分。",
    "step": "达到{line}得{points}分，每降低{step}扣{step_points}分，{partial}{floor}，扣完为止。",
    "reverse_step": "不超过{line}得{points}分，每超过{step}扣{step_points}分，{partial}，扣完为止。",
    "proportional": "按完成比例得分：得分＝{ratio}×{points}分，比例最高按100%计。",
    "bands": "分档得分：{bands}，其余不得分。",
    "tiers": "分档定性：{tiers}，其余不得分。",
    "count_penalty": "满分{points}分，每{unit}扣{penalty}分{cap}，扣完为止。",
    "checklist": "逐项得分：{items}，合计不超过{points}分。",
    "bonus": "加分项：{awards}；{aggregation}，合计不超过{points}分。",
    "discretionary": "由评价人酌情打分，得分在0至{points}分之间。",
    "discretionary_free": "由评价人酌情打分，得分不低于0分；规则与框架均未给出分值，不设上限。",
    "ratio_to_target": "按指标值完成比例得分：{formula}，不超过{points}分。",
    "veto": "一票否决项：发生即否决，由评价框架按“{effect}”处理。",
}
#: How the partial-step policy reads in an explanation.
PARTIAL_STEP_TEXT: dict[str, str] = {
    "up": "不足一档按一档扣分（向上取整）",
    "down": "不足一档不扣分（向下取整）",
    "linear": "不足一档按比例扣分（线性）",
}
#: A policy text followed by where it came from: ``向上取整（默认口径）``.
POLICY_WITH_SOURCE: str = "{policy}（{source}）"
#: Where the partial-step policy came from.
POLICY_SOURCE_TEXT: dict[str, str] = {"text": "规则原文", "policy": "默认口径",
                                      "custom": "本次评价设定的口径"}
#: How bonus aggregation reads in an explanation.
BONUS_TEXT: dict[str, str] = {
    "highest_per_work": "同一项工作只计最高一项",
    "cumulative": "累加计分",
}
#: How a veto's effect reads.
VETO_TEXT: dict[str, str] = {"zero_total": "总分为0", "grade_poor": "等次为差"}
#: Small fragments of explanations.
EXPLAIN_WORDS: dict[str, str] = {
    "floor_below": "，低于{floor}不得分",
    "floor_at_or_below": "，{floor}及以下不得分",
    "band": "{bound}得{points}分",
    "ge": "≥{value}",
    "gt": ">{value}",
    "le": "≤{value}",
    "lt": "<{value}",
    "range": "{low}至{high}",
    "tier": "{word}得{points}分",
    "item": "{label}{text}{points}分",
    "award": "{award}加{points}分",
    "ratio_rate": "完成率",
    "ratio_target": "实际完成值÷{target}",
    "ratio_ge": "{points}分×实际完成值÷指标值{target}",
    "ratio_le": "{points}分×指标值{target}÷实际完成值",
    "ratio_eq": "{points}分×（实际完成值与指标值{target}之比，取不超过1的一方）",
    "ratio_qual": "达到“{target}”得{points}分",
    "condition_default": "条件达成",
    "count_unit": "项",
    "deduct_cap": "，最多扣{cap}分",
    "ratio_zero": "指标值{target}为0，无法按比例计算：达到得{points}分，否则不得分",
}

#: Chinese labels of the rule kinds (:class:`scoring.rules.RuleKind` values), for people.
KIND_LABELS: dict[str, str] = {
    "qualitative": "定性",
    "threshold": "达标得分",
    "step": "逐档扣分",
    "proportional": "按比例得分",
    "reverse_step": "超标逐档扣分",
    "bands": "分档得分",
    "tiers": "分档定性",
    "count_penalty": "按次扣分",
    "checklist": "逐项得分",
    "bonus": "加分项",
    "discretionary": "酌情打分",
    "ratio_to_target": "按指标值完成比例",
    "veto": "一票否决",
}

#: Messages of the errors the rule engine raises (Chinese, ``str.format`` fields).
MESSAGES: dict[str, str] = {
    "rule_unreadable": "评分规则中“{part}”无法识别，应为如“在90%以上得2分”“每降低5%扣2分”的写法",
    "rule_no_points": "评分规则没有写明分值，也未给出分值，请在规则中写“得N分”或另行给出分值",
    "rule_points_conflict": "评分规则写明的分值为{text_points}分，与给定的分值{points}分不一致",
    "rule_bad_numbers": "评分规则的数值不合理：{detail}",
    "rule_empty": "评分规则为空，应填写评价要点",
    "rule_too_long": "评分规则过长（{length}字），最多{limit}字",
    "rule_unused": "评分规则中“{part}”没有参与计分（本规则按“{kind}”计分），请删去或改写，以免漏算",
    "rule_veto_mixed": "评分规则把一票否决“{veto}”和计分规则“{part}”写在同一项：请把一票否决单列为一个否决指标（实际完成值填是/否），本项只保留计分规则",
    "rule_example_mismatch": "评分规则中的示例“{part}”与规则算出的得分{score}分不一致，请核对",
    "rule_share_needs_points": "评分规则中“{part}”按分值的比例计分，请给出分值",
    "bad_step": "每档幅度和每档扣分必须大于0",
    "floor_above_line": "不得分的界限{floor}高于满分线{line}",
    "bad_points": "分值必须为不小于0的数",
    "band_empty": "分档区间的下限{low}不小于上限{high}",
    "number_too_long": "数字“{number}”超过{digits}位，请检查是否多打了数字",
    "target_unreadable": "指标值“{text}”无法识别，应为如“≥99%”“≤100%”“≥5条”“健全”的写法",
    "target_too_precise": "指标值“{text}”的数字超过{digits}位有效数字，请检查是否多打了数字",
    "target_empty": "指标值为空，应填写如“≥99%”或“健全”",
    "actual_unreadable": "实际完成值“{text}”无法识别，应为一个数值或百分比（如 97% 或 0.97）",
    "actual_hedged": "实际完成值“{text}”不是确定的数值，应为一个数值或百分比（如 95%），不要写“约”“以上”等",
    "actual_unit": "实际完成值“{text}”的单位与指标的单位“{unit}”不一致",
    "actual_missing_percent": "实际完成值{text}疑似漏写百分号：百分比指标应填如 95% 或 0.95",
    "actual_negative": "实际完成值{text}为负数，数量不能小于0",
    "score_negative": "评价人打分{text}为负数：酌情打分的得分应不小于0，扣分请直接填扣分后的得分",
    "target_zero": "指标值“{text}”为0或负数，完成比例（实际÷指标值）无法计算，请按是否达到指标值判断",
    "actual_error": "实际完成值是错误值“{text}”，请先修正该单元格的公式",
    "actual_choice": "实际完成值“{text}”无法识别，应为以下之一：{choices}",
    "actual_count": "实际完成值“{text}”应为0至{count}之间的整数（满足的项数）",
    "actual_award": "“{text}”不是本规则列出的奖项，应为以下之一：{choices}",
    # The evaluation framework (scoring/framework.py)
    "unknown_code": "框架中没有编码为 {code} 的指标",
    "duplicate_code": "指标编码 {code} 重复",
    "children_sum": "{code} {name} 为 {points:g} 分，但下级指标合计 {total:g} 分",
    "sections_sum": "一级指标（不含加减分项）合计 {total:g} 分，应为 {expected:g} 分",
    "score_out_of_range": "{code} 得分 {score:g} 超出 0–{points:g} 分的范围",
    "needs_evaluator": "{code} {name} 需由评价人打分",
    "not_filled": "{code} {name} 尚未填报实际完成值，按 0 分计",
    "missing_reason": "{code} {name} 扣 {lost:g} 分，缺少未完成指标原因分析",
    "policy_choice": "评分口径 {name} 的值“{value}”无效，应为 {allowed}",
    "policy_tiers": "定性分档比例应在 0 至 1 之间，且 未达成 ≤ 部分达成 ≤ 达成",
    "policy_numbers": "加分上限、满分和小数位数不能为负数（满分应大于 0）",
    "policy_bands": "等次分档不能为空",
    "negative_bonus": "加分 {bonus:g} 为负数：加分应不小于 0，扣分请填在减分项",
    # The target form's funding block (scoring/target_form.py)
    "funding_negative": "{label}为负数，应不小于 0",
    "funding_total": "资金总额（{label}）为 {stated:g}，但基本支出与项目支出之和为 {total:g}",
    "funding_half_above": "{label}的半年计划执行数 {half:g} 大于全年预算数 {annual:g}",
    "funding_missing": "{label}未填写，应填写金额（万元）",
    "funding_unreadable": "{label}“{text}”不是金额，应为数字（万元），如 7056.22",
    "target_value_missing": "三级指标“{name}”的{label}未填写，应填写如“≥99%”或“健全”",
    "target_value_orphan": "{label}“{value}”所在行没有三级指标名称，请填写三级指标或删去该值",
    "indicator_position": "第 {number} 个指标{name}的{label}",
}

#: The indicator value columns of the target form by :class:`~scoring.target_form.TargetIndicator`
#: attribute.
VALUE_LABELS: dict[str, str] = {"half_value": "半年指标值", "full_value": "全年指标值"}

#: The funding block's rows and columns as the target form prints them.
FUNDING_ROWS: dict[str, str] = {"basic": "基本支出", "project": "项目支出"}
FUNDING_COLUMNS: dict[str, str] = {"annual": "全年预算数", "half": "半年计划执行数"}
#: Each funding amount by :class:`~scoring.target_form.Funding` attribute.
FUNDING_LABELS: dict[str, str] = {
    f"{column}_{row}": f"{FUNDING_ROWS[row]}（{FUNDING_COLUMNS[column]}）"
    for column in FUNDING_COLUMNS for row in FUNDING_ROWS}


def _check() -> None:
    """Fail loudly at import when a table is malformed (a programming error, not user input)."""
    for key, words in CLAUSE_WORDS.items():
        if not words or not all(isinstance(word, str) and word for word in words):
            raise ValueError(f"vocab.CLAUSE_WORDS[{key!r}] must list non-empty words")
    for pattern, _ in REWRITES:
        re.compile(pattern)
    re.compile(NUMBERED_CLAUSE)
    for source, target in TRADITIONAL.items():
        if len(source) != 1 or len(target) != 1:
            raise ValueError(f"vocab.TRADITIONAL entry {source!r}→{target!r} must map one character")
    if set(QUALITATIVE_CHOICES) != {"achieved", "partial", "not_achieved"}:
        raise ValueError("vocab.QUALITATIVE_CHOICES needs achieved, partial and not_achieved")


_check()
