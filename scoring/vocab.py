"""All Chinese vocabulary of indicator values and scoring rules (评价要点), declared as data.

English keys map to the Chinese forms they stand for; no other module of the rule engine writes
a Chinese word. The reading pipeline is :mod:`scoring.normalise` (:data:`CIRCLED` markers →
NFKC → :data:`SYMBOLS` → :data:`TRADITIONAL` → :data:`NOISE` → :data:`REWRITES`), then
:mod:`scoring.clauses` (patterns built from :data:`RULE_WORDS`), then :mod:`scoring.assemble`.
The standard notation (标准写法) that :meth:`scoring.rules.Rule.explain` writes is
:data:`NOTATION`; it reads back through the same pipeline. :func:`_check` validates the tables at
import time.
"""

from __future__ import annotations

import re
from pathlib import Path

# --------------------------------------------------------------------------- characters
#: Circled item numbers, kept as ``[n]`` markers because NFKC would turn ``①`` into ``1``.
CIRCLED: str = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

#: Symbols NFKC leaves alone (or maps to something unhelpful), replaced after NFKC.
SYMBOLS: dict[str, str] = {
    "≦": "≤", "≧": "≥", "⩽": "≤", "⩾": "≥", "＜": "<", "＞": ">", "％": "%", "﹪": "%",
    "，": ",", "；": ";", "。": ";", "：": ":", "（": "(", "）": ")", "【": "(", "】": ")",
    "〔": "(", "〕": ")", "［": "(", "］": ")", "～": "-", "~": "-", "—": "-", "–": "-", "－": "-",
    "─": "-", "×": "*", "✕": "*", "÷": "/", "“": "", "”": "", "‘": "", "’": "", '"': "",
    "《": "", "》": "", "「": "", "」": "", "\u3000": " ", "！": ";", "？": ";", "│": "|",
    "丨": "|",
}

def _traditional() -> dict[str, str]:
    """Traditional → simplified characters (OpenCC's table, ``data/traditional.tsv``)."""
    path = Path(__file__).parent / "data" / "traditional.tsv"
    table: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            source, target = line.split("\t")
            table[source] = target
    return table


#: Traditional characters → simplified, so a rule pasted from a traditional-character page reads
#: like the original (``視為不合格`` → ``视为不合格``).
TRADITIONAL: dict[str, str] = _traditional()

# --------------------------------------------------------------------------- numbers
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
#: ``半`` before a time unit is half of it (``每滞留半个月`` = every 0.5 个月).
HALF: str = "半"
#: Words that end a spelled count but do not make it a count (``一次性到位`` is no count of 1).
NOT_A_COUNT_AFTER: tuple[str, ...] = ("性", "致", "律", "般", "样", "起", "并", "经", "票", "档")

# --------------------------------------------------------------------------- operators
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
    "≥": ("不低于", "不少于", "不得低于", "不得少于", "大于等于", "大于或等于", "高于等于", "高于或等于",
          "达到", "至少", "达"),
    "≤": ("不高于", "不超过", "不得高于", "不得超过", "不多于", "小于等于", "小于或等于", "低于等于",
          "低于或等于", "至多", "控制在", "不大于", "前"),
    ">": ("高于", "超过", "大于", "多于", "超出"),
    "<": ("低于", "少于", "不满", "不足", "小于", "未达到", "达不到", "未达"),
    "=": ("等于", "为"),
}
OPERATOR_WORDS_AFTER: dict[str, tuple[str, ...]] = {
    "≥": ("(含)以上", "以上"),
    "≤": ("(含)以下", "以下", "以内", "之内", "内"),
    ">": ("以后",),   # 10名以后不得分: after the 10th
    "<": ("以前",),
}
#: Operator words whose bound is inside where no other band holds it (``11-30名…31名以后``).
AFTER_BY_CONVENTION: tuple[str, ...] = ("以后",)

# --------------------------------------------------------------------------- units
#: Units of indicator values and of the measures rules compare and count.
UNITS: dict[str, tuple[str, ...]] = {
    "percent": ("%",),
    "count": ("条", "个", "次", "件", "项", "期", "人", "篇", "场", "份", "家", "台", "辆", "处",
              "所", "起", "户", "册", "本", "套", "部", "批", "名", "人次", "户次", "个数", "例",
              "张", "笔", "位", "宗", "单", "环节", "批次", "小项", "大项", "家次", "位次", "轮", "座", "间",
              "栋", "只", "株", "棵", "块", "种", "类", "门", "节", "课时", "学时", "期次"),
    "money": ("万元", "亿元", "元"),
    "time": ("个工作日", "工作日", "个月", "小时", "分钟", "天", "日", "年", "月", "周"),
    "measure": ("公斤", "千克", "吨", "万吨", "克", "斤", "公里", "千米", "平方米", "平方公里",
                "万平方米", "立方米", "万立方米", "米", "亩", "万亩", "公顷", "万人", "千瓦",
                "兆瓦", "度", "周岁", "岁"),
}
#: Units written in words that mean ``%`` after a number (``5个百分点``, ``100百分比``).
PERCENT_WORDS: tuple[str, ...] = ("个百分点", "百分点", "百分比")
#: Verbs of a level that rises or falls: after 每 and them ``N个点`` is N percentage points.
LEVEL_VERBS: tuple[str, ...] = ("降低", "下降", "下滑", "低于", "低", "提高", "提升", "上升", "高于",
                                "高", "超过", "超出", "超", "偏离", "增长")
#: Verbs of a change of a level: after them ``N个点`` is N percentage points even without 每
#: (``下降3个点以上不得分``; not 低于8个点, a comparison with a count).
CHANGE_VERBS: tuple[str, ...] = ("降低", "下降", "下滑", "提高", "提升", "上升", "增长")
#: Conversion factors between units of the same quantity (an actual value may use another one).
UNIT_FACTORS: tuple[dict[str, str], ...] = (
    {"元": "1", "万元": "10000", "亿元": "100000000"},
    {"小时": "1", "天": "24", "日": "24", "周": "168"},
    {"个月": "1", "月": "1", "年": "12"},
    {"克": "0.001", "斤": "0.5", "公斤": "1", "千克": "1", "吨": "1000", "万吨": "10000000"},
    {"米": "1", "千米": "1000", "公里": "1000"},
    {"平方米": "1", "万平方米": "10000", "平方公里": "1000000"},
    {"亩": "1", "万亩": "10000"},
)
#: Date words that make a number part of a condition, not a measure (``在8日前报送``).
DATE_SUFFIXES: tuple[str, ...] = ("日前", "日之前", "日以前", "号前", "号之前", "月底前", "日止",
                                  "年底前", "月份")

# --------------------------------------------------------------------------- qualities
#: Qualitative words: what a met / partly met / unmet condition says.
QUALITY_WORDS: tuple[str, ...] = (
    "健全", "合规", "合理", "明确", "科学", "规范", "完善", "公开", "有效", "及时", "准确",
    "达标", "完成", "完整", "匹配", "到位", "齐全", "一致", "充分", "可行", "满意", "良好",
    "覆盖", "执行", "落实", "显著", "提升", "改善", "优秀", "符合", "相符", "清晰", "全面",
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
#: The characters that negate the word after them (``未开展``): a condition containing the
#: answer right after one of them does not match a positive answer.
NEGATION_CHARS: str = "不未无没非"
#: Two-character negations whose second character is no negation alone (``没有完成``).
NEGATION_PAIRS: tuple[str, ...] = tuple(word for word in NEGATION_PREFIXES if len(word) == 2)
#: Words meaning partial on their own.
PARTIAL_WORDS: tuple[str, ...] = ("部分达成", "基本达成", "部分完成", "基本完成", "部分", "基本")
#: The plain yes/no words every rule with a yes/no question accepts.
YES_NO_CHOICES: tuple[str, ...] = ("是", "否")
#: Presence words: a condition that starts with one is answered by 有/无 too.
PRESENCE_WORDS: dict[str, tuple[str, ...]] = {"yes": ("有",), "no": ("无", "没有")}

#: What the choice lists (dropdowns) of a qualitative rule offer, by tier.
QUALITATIVE_CHOICES: dict[str, str] = {
    "achieved": "达成",
    "partial": "部分达成",
    "not_achieved": "未达成",
}
#: Every answer a qualitative rule accepts besides its own words, by tier. The engine, the
#: add-in and the native formula accept exactly these (and the rule's own words).
QUALITY_ANSWERS: dict[str, tuple[str, ...]] = {
    "achieved": ("达成", "是", "完成", "已达成", "已完成", "全部达成", "全部完成", "符合", "满足"),
    "partial": ("部分达成", "基本达成", "基本完成", "部分完成", "基本符合", "部分符合"),
    "not_achieved": ("未达成", "否", "未完成", "不符合", "未达到"),
}
#: Prefixes that make the partial and unmet choices of a qualitative target (健全 → 基本健全, 不健全).
CHOICE_PREFIXES: dict[str, str] = {"partial": "基本", "not_achieved": "不"}
#: Veto and gate answers: (not triggered, triggered); the triggered words include 发生.
VETO_CHOICES: tuple[str, ...] = ("否", "是")
VETO_ANSWERS: dict[str, tuple[str, ...]] = {"triggered": ("是", "发生", "有"),
                                            "clear": ("否", "未发生", "无", "没有")}
#: Words of a finding that contradict a condition's word without a negation (``存在违规使用``
#: against ``资金使用合规``): (the condition's word, its opposites).
ANTONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("合规", ("违规", "违纪", "违法")),
    ("齐全", ("缺失", "缺少", "短缺")),
    ("健全", ("缺失", "缺少")),
    ("按期", ("延期", "逾期", "延误", "滞后")),
    ("完整", ("缺失", "缺少", "残缺")),
    ("及时", ("滞后", "延迟", "逾期", "超期", "延期")),
    ("准确", ("错误", "差错", "有误", "失误")),
    ("真实", ("虚假", "虚报", "造假")),
    ("建立", ("缺少", "缺失", "缺乏", "缺")),   # 缺信息公开制度 against 建立…信息公开…制度
    # 缺少督查 against 开展督查: lacking what the item does
    ("开展", ("缺少", "缺乏", "缺失")),
    ("制定", ("缺少", "缺乏", "缺失")),
    ("落实", ("缺少", "缺乏")),
    ("设立", ("缺少", "缺乏", "缺失")),
    ("按时", ("滞后", "延迟", "逾期", "超期", "延期")),
)
#: Words that make a deduction's condition countable (``发现问题``, ``未建立健全各项管理制度``):
#: with 扣完为止 such a deduction is made per case, while ``未建立内控制度的扣2分`` happens once.
COUNTABLE_WORDS: tuple[str, ...] = ("各项", "各类", "问题", "发现")
#: Words of a 0-point item that say none of the others holds (``上述两项均不符合…0分``).
NONE_MET_WORDS: tuple[str, ...] = ("均不", "都不", "均未", "都未", "全不", "全未", "均没有", "都没有")
#: What right after an item's label (spaces, colons and brackets skipped) says it does not hold
#: (``①是；②否``, ``①√②×``), in the engine and the cell formula alike.
CHECKLIST_NO_MARKS: tuple[str, ...] = ("否", "未", "不", "无", "没", "×", "✗", "*")  # × reads as *
#: What a checklist cell may hold beside the labels, answering item by item.
CHECKLIST_ANSWER_WORDS: tuple[str, ...] = ("不符合", "未达成", "不满足", "未完成", "已完成", "不是", "没有",
                                           "符合", "满足", "达成", "完成", "是", "否", "有", "无",
                                           "√", "×", "✓", "✗", "*")
#: Characters skipped between a label and its answer (``① 否``, ``①：否``, ``①(否)``).
CHECKLIST_SKIPPED: str = " ：:(（)）"
#: Answers of a checklist meaning "no item holds".
CHECKLIST_NONE: tuple[str, ...] = ("无", "否", "均不满足", "均不符合")
#: Answers of a list of deductions for different problems meaning "no problem found" (the
#: checklist's 否 and 均不满足 are left out: said of problems they could be read either way).
DEDUCTIONS_NONE: tuple[str, ...] = ("无", "没有", "无问题", "没有问题", "未发现问题", "均未发现", "达成",
                                    "均符合要求", "符合要求", "均符合规定")
#: Answers of a bonus list meaning "no award" (as a blank cell: no points added).
AWARDS_NONE: tuple[str, ...] = ("无", "否", "没有", "未获得", "未获奖", "无加分")
#: Separator of lists in messages and choices.
LIST_SEPARATOR: str = "、"

#: Outcome words that give a share of the item's points instead of a number (``得满分``).
SHARE_WORDS: dict[str, float] = {
    "满分": 1.0,
    "全部分值": 1.0,
    "全分": 1.0,
    "一半分值": 0.5,
    "分值的一半": 0.5,
    "一半的分值": 0.5,
    "半数分值": 0.5,
    "一半分": 0.5,
    "一半的分": 0.5,
    "基本分": 1.0,  # 完成或超额完成目标值得基本分: the item's standard points, its full points
    "基础分": 1.0,
}

# --------------------------------------------------------------------------- rule words
#: Canonical rule words after :data:`REWRITES`; the clause patterns are built from these.
RULE_WORDS: dict[str, tuple[str, ...]] = {
    "gain": ("得",),                  # 得 N 分 (计/给/赋 are rewritten to 得)
    "points": ("分",),                # the points unit
    "zero": ("不得分",),              # no points
    "deduct": ("扣",),                # 扣 N 分
    "bonus": ("加",),                 # 加 N 分
    "per": ("每",),                   # 每降低 / 每发现
    "to": ("-", "至", "到"),          # a range between two bounds
    "condition_end": ("的", "时", "者", "后"),
    "equals": ("为",),                # 得分为 / 为5分 / 最多为
    "of": ("的",),                    # 每低于95%的1个百分点
    "inclusive": ("(含)",),
    "exclusive": ("(不含)",),
    "until_zero": ("扣完为止", "最低0分", "最低不得分", "满分为止", "不得为负"),
    "cap_words": ("最多", "最高", "至多", "累计最多", "最多累计", "累计不超过", "合计不超过",
                  "不超过", "上限"),
    "deduct_full": ("扣满",),         # 扣满15分为止 (扣完20分为止 is rewritten to it)
    "until": ("为止",),
    "share": tuple(SHARE_WORDS),      # 得满分, 得一半分值 (their shares: SHARE_WORDS)
    "share_of": ("分值的", "权重分的", "权重分值的", "满分的"),  # 得到指标分值的40%
    "full_points": ("该项指标分值", "该指标分值", "该项分值", "本项分值", "指标分值", "分值",
                    "满分", "权重分", "总分"),
    "score_is": ("得分值=", "评价指标得分=", "指标得分=", "得分=", "得分为", "分数=", "计分=",
                 "评分=", "总分=", "综合分="),
    "proportional": ("按完成比例计算得分", "按完成比例得分", "按完成比例计分", "按比例得分",
                     "按比例计分", "按完成率得分", "按完成率计分", "按完成比例计算",
                     "按实际比例计分", "按实际比例得分", "按比例计算得分", "按完成程度计分",
                     "按比例赋分", "按完成比例赋分", "按完成率赋分", "按比例计算",
                     "按完成情况计分"),
    "interpolate": ("按比例减分", "按比例扣分", "按比例计分", "按比例得分", "线性扣分",
                    "线性计分", "线性减分", "按比例计算"),
    "partial_linear": ("按比例扣分", "按线性计算", "线性计算", "线性扣分", "按比例计算扣分"),
    "short_of": ("不足",),
    "as": ("按", "按照"),
    "according": ("根据", "按照", "依据", "按", "依照", "参照"),
    "compute": ("计算", "计", "扣分", "扣"),
    "formula_tail": ("计算得分", "计分", "计算", "得分", "计"),  # 按到位率×分值计分
    "no_deduct": ("不扣分", "不予扣分", "不扣"),
    "basis": ("计分", "得分", "赋分", "打分", "评分", "扣分", "考核", "评价", "计算"),
    # the basis words that end a segment by themselves (考核, 评价 name things: 有考核结果)
    "basis_closing": ("计分", "得分", "赋分", "打分", "评分", "扣分", "计算"),
    "not_cumulative": ("不累计加分", "不重复加分", "不累加", "不重复计分", "取最高", "不累计",
                       "只计最高", "按最高"),
    "cumulative": ("累加计分", "累计加分", "累加加分", "可累加", "累计计分", "可累计"),
    # …的累计扣分 closing a sentence (problems counted each); not 累计扣分不超过2分 (a cap)
    "cumulative_end": ("累计扣分", "累加扣分"),
    "discretionary": ("酌情扣分", "酌情加分", "酌情打分", "酌情得分", "酌情评分", "酌情给分",
                      "酌情计分", "酌情", "标杆值", "综合评定", "综合打分",
                      "专家打分", "专家评分", "视情况扣分", "视具体情况扣分", "视情况打分",
                      "视情况", "视具体情况", "自行打分", "评价人打分", "评价人直接打分"),
    "evaluator": ("由",),             # 由市农业局考评: who scores (neutral beside a rule)
    "evaluated_by": ("评定", "打分", "评分", "认定", "考评", "负责", "考核", "确定"),
    "veto": ("一票否决",),
    "cancel": ("取消",),
    "qualification": ("资格",),
    "handled_as": ("按", "作为", "视为", "评为", "定为", "认定为"),
    "judged_as": ("视为", "评为", "定为", "认定为", "判定为"),
    "handle": ("处理", "论处", "对待"),
    "verdict_words": ("不合格", "不通过", "差", "不可行", "无效"),
    "gate": ("该项不得分", "本项不得分", "此项不得分", "该项指标不得分", "本项指标不得分",
             "此分值扣完", "该项分值扣完", "本项分值扣完", "该项全扣", "本项全扣", "扣全部分值",
             "扣本项全部分值", "扣该项全部分值", "该项为0", "扣完本项分值", "扣完该项分值",
             "该指标不得分", "本指标不得分"),
    "if": ("若", "如", "如果", "凡", "对"),
    "then": ("则",),
    "otherwise": ("否则", "其余", "其他", "其它"),
    "award_verbs": ("受到", "得到", "获得", "获", "荣获", "被评为"),
    "standard_before": ("以",),
    "standard_after": ("为标准", "为基准", "为满分标准", "为基数"),
    "standard_named": ("目标值为", "目标为", "标准值为", "标准为", "基准值为", "基准为"),  # 目标为95%
    "example": ("例如", "比如", "如"),
    "base": ("基础分为", "基础分", "基本分为", "基本分", "满分为", "满分", "总分为", "本项满分",
             "本项分值为", "本项分值", "本指标分值为", "本指标分值", "共计", "合计", "共"),
    "each_share": ("各占", "各", "分别占"),
    "respectively": ("分别得", "分别为", "分别", "依次得", "依次赋予", "依次为", "依次计", "依次",
                     "分别赋予"),
    "and": ("和", "与", "及", "、", "以及"),
    "rank": ("按排位打分", "按排名打分", "按排名得分", "按排位得分", "按排名计分", "按排位计分",
             "按排序打分", "按排序计分", "按名次打分", "按名次计分"),
    "rank_step": ("递减", "依次递减", "减"),
    "rank_unit": ("位次", "名", "位"),
    "each_item": ("每完成1项", "每满足1项", "每符合1项", "每项"),
    "correspondingly": ("相应",),  # 未按规定的每项相应扣分: each item loses its own points
    "either": ("或", "或者"),     # 未装订或装订不整齐: alternatives
    "context": ("根据", "依据", "经", "检查", "查", "通过", "对照"),  # 根据检查情况,发现账实不符
    "past": ("超",),  # 每超过1%加0.5分, 每超额完成1万元加1分: a bonus for going past a line
    "ahead": ("超前",),  # 每超前1天完成: ahead of time, no line passed
    "more": ("多",),  # 达到5家得3分,每多1家加0.5分: past the award's line (alone: from none)
    "past_task": ("超额",),  # 每超额完成1个百分点: past the whole task (100%)
    # a line named in words (以序时进度为标准, 超过全省平均水平): no number to count from
    "line_in_words": ("序时进度", "平均水平", "平均值", "上年", "去年"),
    "cap_each": ("单项", "每项", "每个问题", "每1项"),  # 单项最多扣1分: a cap of each, not of all
    "each_award": ("符合以上每项", "符合1项", "满足1项", "具备1项", "每符合1项", "每满足1项",
                   "每具备1项", "每有1项", "每完成1项", "以上每项", "每项"),
    "each_item_gain": ("取得该项分数", "得该项分", "得相应分", "得相应分值", "得该项分值"),
    "full_task": ("全部", "超额完成", "全部完成", "全面完成", "全部达成", "全部实现", "全部落实", "足额落实",
                  "完成年度任务", "完成任务", "按时完成", "如期完成", "完成计划"),
    "exempt": ("没有", "无", "未涉及", "不涉及", "不适用"),
    "time_words": ("及时", "按时", "准时", "同时", "适时", "届时", "实时", "临时", "当时", "随时",
                   "定时", "平时", "限时"),
    # words ending in a condition's end (后) that are words of their own: 项目进度滞后 keeps 后
    "whole_words": ("滞后", "落后", "延后", "推后", "靠后"),
    "question": ("是否",),
    "label_tails": ("在", "的", "达到", "为", "比", "占", "有", "是", "达"),
    "negated_outcomes": ("未达到", "达不到", "不足", "低于", "未完成", "不达标", "未达标"),
    "shortfalls": ("没有完成", "没完成", "完不成", "没有达到", "不合格"),  # 没有完成的扣分,每低于…
    # 完成省下达年度任务。以上指标,不达标不得分: a requirement, then its failing said generically
    "generic_failure": ("不达标", "未达标", "未达到要求", "达不到要求", "不符合要求", "未按要求完成"),
    "this_item": ("本项", "该项", "此项"),  # 未达到要求的,本项不得分
    "the_above": ("以上指标", "以上各项", "以上内容", "以上要求"),
    # A weighted composite of named scores (``市级考评权重系数为70%``, ``自评得分占40%``,
    # ``按70%计入``, ``权重分别为70%、30%``, ``得分=市级得分*70%+区县平均得分*30%``).
    "weight": ("所占权重", "权重系数", "权重", "占比", "比重", "所占比例"),
    "weight_share": ("占",),          # 自评得分占40% (a percentage only)
    "weight_into": ("计入总分", "计入"),  # 市级考评结果按70%计入
    "weight_each": ("分别为", "分别占", "分别是", "依次为", "分别按"),
    "weighted": ("加权平均计算", "加权平均", "加权计算", "加权求和", "加权汇总", "加权计分"),
    # Scores of the applicable indicators rescaled to the item's points (``按百分制折算``).
    "rescale": ("折算", "换算"),
    "rescale_into": ("百分制得分", "百分制", "本项分值", "本项得分", "该项分值", "本项满分",
                     "本指标分值", "指标分值", "分值"),
    "hundred_scale": ("按百分制",),
    "rescale_basis": ("计分", "计算", "得分", "评分"),
}

#: Words of the parts of a weighted composite (``市级考评分数*权重系数,加上全部重点县的区县级考评
#: 分数的算术平均值*权重系数``): words that join a component to the one before, averages, and what
#: a score is called; :func:`scoring.assemble.component` strips them to name the component.
COMPONENT_WORDS: dict[str, tuple[str, ...]] = {
    "lead": ("其中", "再加上", "加上", "以及", "和", "与", "及", "按照", "按", "将", "由", "用", "对",
             "、", "+"),
    "average": ("算术平均值", "算术平均数", "算术平均分", "平均得分", "平均值", "平均数", "平均分",
                "平均"),
    "score": ("分数", "得分", "评分", "成绩", "分值", "结果"),
    "of": ("的",),
    "and": ("、", "和", "与", "及", "以及"),
    "count": ("项", "个", "部分"),       # 三项得分: the components counted
}
#: The most components a weighted composite may have: the sheet formula (each field cut out of
#: the 实际完成值 cell) of more would pass Excel's 8,192 characters a formula may hold.
MAX_COMPONENTS: int = 6
#: The two inputs of a rescaled score (``按百分制折算``): the applicable indicators' score and
#: their full points; the words each is also called by in a finding (``满分80分,得分72分``).
RESCALE_FIELDS: tuple[str, str] = ("适用指标得分", "适用指标满分")
RESCALE_ALIASES: tuple[tuple[str, ...], tuple[str, ...]] = (
    ("得分", "实得", "实际得分", "考核得分"),
    ("满分", "总分", "分值", "应得分", "应得", "标准分"),
)
#: Words in a rule that say some indicators may not apply (``对于不适用…的评价指标``): with them a
#: rescaling phrase reads as the rescaled score.
APPLICABLE_WORDS: tuple[str, ...] = ("适用",)
#: Words that make a rescaling phrase (``折算``, ``按百分制``) the rescaled score: the rule must
#: speak of the applicable indicators (not ``适用于``: ``本办法适用于…,按百分制折算后计入``,
#: ``按得分折算绩效工资`` rescale nothing to the item's points).
APPLICABLE_INDICATORS: tuple[str, ...] = ("适用指标",)
#: Spellings that contain :data:`APPLICABLE_INDICATORS` but say the opposite (``不适用指标``).
NOT_APPLICABLE_WORDS: tuple[str, ...] = ("不适用指标",)

#: Words naming the 一级 sections on what a unit achieved (部门履职, 部门效益; 产出, 效果 in other
#: provinces' frameworks): the self-evaluation report drafts 部门履职成效 from their items.
ACHIEVEMENT_SECTION_WORDS: tuple[str, ...] = ("履职", "效益", "产出", "效果", "效能")

#: Verbs of ``每<verb>N<unit>扣M分``: what direction the measured amount goes.
STEP_VERBS: dict[str, tuple[str, ...]] = {
    "decrease": ("降低", "下降", "减少", "下滑", "低于", "少于", "降", "低", "减", "少", "少落实",
                 "少完成", "未完成", "差"),
    "increase": ("超过", "超出", "高出", "高于", "增加", "增长", "上升", "提高", "多", "超",
                 "超支"),
    "deviation": ("相差", "偏离", "偏差", "偏离度", "误差"),
    "delay": ("滞后", "滞留", "迟报", "迟交", "延迟", "逾期", "推迟", "晚", "拖延", "延误", "迟"),
}
#: Words before an indicator value that make it a cut (``下降5%`` is a change of at most −5%).
TARGET_DECREASE: tuple[str, ...] = ("降低", "下降", "减少", "下滑")
#: Words in what a rule measures that make it a change rate, which may be below zero
#: (``增长率``, ``三公经费变动率``, ``成本下降率``); any other percentage (完成率, 满意度) cannot be
#: (PS-V004, docs/rules.md).
CHANGE_WORDS: tuple[str, ...] = ("增长", "增幅", "涨幅", "增减", "下降", "降低", "降幅", "减少",
                                 "下滑", "变动", "变化", "提高", "同比", "环比", "较上年")
#: Verbs of a counted occurrence (``发现1处``, ``少1个程序``, ``违反1次``, ``每少报1次``).
COUNT_VERBS: tuple[str, ...] = ("发现", "出现", "存在", "有", "违反", "违规", "少报", "漏报",
                                "缺报", "错报", "少", "缺", "漏", "迟报", "未按时", "不完成",
                                "未完成", "未达到", "不符合", "退回")
#: Verbs that only say a case was found (``查到一次，扣5分``): no name of what is counted.
FOUND_VERBS: tuple[str, ...] = COUNT_VERBS[:4] + ("查到", "查出", "查实", "查处", "经查")

#: Bare verbs of a shortfall: ``按要求召开会议,少一次扣1分`` counts the meetings short, so the
#: count is named with the verb (少按要求召开会议), not as the thing done.
SHORTFALL_VERBS: tuple[str, ...] = ("少", "缺", "漏")

#: Characters after ``N分`` that continue the clause rather than start a new one
#: (``5分为限``, ``5分以上``, ``5分的``, ``5分或``, ``5分者``, ``5分/项``).
OUTCOME_CONTINUES: tuple[str, ...] = ("为", "以", "的", "或", "者", "/")
#: Characters before a spelled number that make it part of a word (``统一``, ``唯一``, ``第一``).
SPELLED_BLOCKED: str = "统唯同单逐之万第其任专划中"  # 其中一项: one of them
#: Words after which the subjects of ``A和B…各占1分`` end (``…中``, ``…的``).
SUBJECT_ENDS: tuple[str, ...] = ("中", "的")

#: Words of described findings (``三项均满足``, ``仅满足①②``, ``其余三项满足``): see
#: :mod:`scoring.findings`.
FINDING_WORDS: dict[str, tuple[str, ...]] = {
    "all": ("均", "全部", "都", "全都"),                       # 三项均满足
    "hold": ("满足", "符合", "具备", "有", "完成", "按时完成", "做到", "达到", "达标", "合格"),
    "none": ("均不", "均无", "均未", "都不", "都没有", "全部未", "均没有", "1项也不", "1项都不",
             "没有1项", "无1项"),
    "only": ("仅", "只有", "只"),                            # 仅满足①②
    "rest": ("其余", "其他", "其它"),                         # 其余三项满足 / 其余未完成
    "except": ("除了", "除"),                                 # 除信息公开外均满足
    "except_end": ("以外", "之外", "外"),
    "first": ("前",),                                         # 满足前两项
    "ordinal": ("第",),                                       # 满足第1、3项
    "joins": ("但是", "但", "并且", "而且", "且", "同时"),    # 开展但无明显成效
    "item_units": ("项", "条", "个"),
    "particles": ("了", "已经", "均已", "已", "均", "全部", "都"),
    "partial": ("基本", "部分", "大部分", "大多", "一部分", "不够", "不太", "欠"),
    "negations": ("欠", "尚待", "有待", "正在", "尚在", "零"),  # 执行欠到位, 正在制定中, 零发生
    "zero_count": ("未发现", "均未发现", "没有发现", "零", "无问题", "没有问题"),
    "none_present": ("均无", "都没有", "均没有", "全无"),  # none of them is there (无 is no 未)
    # words saying what they follow holds in full (四项制度齐全): a number beside them counts
    # what holds, not problems
    "complete": ("齐全", "完整", "健全", "合规", "准确", "真实", "按时", "及时", "按期", "已建立",
                 "已完成", "已开展"),
    # a finding that is only these words says none happened (not 没有发生安全事故: of what?)
    "none_happened": ("未发生", "没有发生", "均未发生", "全年未发生", "无上述情况", "没有上述情况"),
    "vague": ("约", "左右", "大约", "接近", "将近", "以上", "以下", "多"),
    # a number of days ahead of time (提前2天报送): no day late
    "early": ("提前", "提早"),
    # a negated comparison right before a number: a bound, not the value (不到90%)
    "short_of_number": ("不到", "没到", "未到", "不够", "不满", "没有到", "没达到", "没有达到"),
    # a shortfall against a named target (低于责任指标0.5个百分点): the words around the target
    "short_of": ("低于", "少于", "未达到", "未完成"),
    "targets": ("指标", "目标", "计划", "任务", "标准", "责任指标", "目标值"),
    # how far past the line a value went (超额20%, 超出5%)
    "exceeded": ("超额", "超出", "超过"),
    # a difference below the line, said right before its number (低2个百分点, 差了3%)
    "fell_by": ("低", "差", "少", "降低", "下降", "低了", "差了", "少了", "相差"),
    "not_negations": ("无公害", "无偿", "无障碍", "无纸化", "不断", "非税", "无线"),
}

#: What may follow an outcome after a space or line break and still belong to its statement
#: (``每发现1处问题扣1分 最多扣3分``): a cap, the end of the deductions, the item itself.
ROW_CONTINUES: tuple[str, ...] = ("最多", "最高", "至多", "累计", "合计", "扣完", "扣满", "扣至", "直至",
                                  "封顶", "上限", "加满", "本项", "该项", "此项")

#: Signs the reader does not score by (``偏差率在±5%以内``): a rule holding one is refused
#: (evaluator-scored), never read without it.
UNREAD_SIGNS: tuple[str, ...] = ("±", "∓", "以此类推", "依此类推")  # 80%的得80%,以此类推: no rule written

#: Units of a place in a ranking: a larger number is a lower place (``每降低一个位次``).
RANK_UNITS: tuple[str, ...] = ("名", "位次", "位")
#: Words before 扣 that add a deduction to the one before (``低于80%再扣2分``, ``另扣``).
AGAIN_WORDS: tuple[str, ...] = ("再", "另", "又", "加")
#: Words a spelled number of points follows (``扣两分``, ``得五分``, ``加一分``).
POINT_VERBS: str = "扣得加减计给赋记"
#: How the names of rates end (执行率, 占比, 比例): two such names are two measures.
RATE_ENDINGS: tuple[str, ...] = ("率", "占比", "比例", "比重")
#: Endings of a measure's name whose stem names what it measures (满意度 and 满意率 are one).
MEASURE_ENDINGS: tuple[str, ...] = RATE_ENDINGS + ("度",)
#: Units of a ranking's step beside 按排名计分 (``每降低1个位次``); 名 there counts people.
RANK_STEP_UNITS: tuple[str, ...] = ("位次", "名次")
#: Units that count the items of a list (``每少一项扣1分`` after ``①…得1分;②…得1分``).
ITEM_UNITS: tuple[str, ...] = ("项", "条")

#: Words of no change or a fall beside bands of a change (``提高不足1个百分点的得2分，未提高的
#: 不得分``): the lowest band stops at 0, including it (≤) or not (<).
NO_RISE_WORDS: dict[str, str] = {
    "未提高": "≤", "没有提高": "≤", "未增长": "≤", "没有增长": "≤", "未上升": "≤", "未增加": "≤",
    "负增长": "<", "下降": "<", "减少": "<",
}

#: Verbs of points earned per unit (``每增加100人得1分``, ``每完成1项得0.5分``).
GAIN_VERBS: tuple[str, ...] = STEP_VERBS["increase"] + (
    "有", "完成", "新增", "开展", "举办", "获得", "建成", "落实", "提供", "培训", "采纳")


#: Words of table headings that spill into a rule text when a table is pasted (a run of three
#: or more is noise, ``评价内容评价类别评价指标单位分值``).
TABLE_HEADINGS: tuple[str, ...] = (
    "共性指标", "个性指标", "一级指标", "二级指标", "三级指标", "评价内容", "评价类别", "评价指标",
    "指标解释", "指标说明", "评价要点", "评分标准", "评分细则", "评分要点", "考核内容", "考核要点",
    "扣分标准", "计量单位", "单位", "分值", "权重", "自评得分", "得分", "完成量", "目标值",
    "(年度/终期)", "年度/终期", "指标类型", "指标值", "序号", "备注", "实际完成值", "评分",
)
#: Characters after which a line break and ``N、`` are a page break, not a clause number.
PAGE_BREAK_AFTER: str = "得扣加计减-至到每为及和与或、("

# --------------------------------------------------------------------------- rewrites
def _alternatives(words: list[str] | tuple[str, ...]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


#: A number and its optional unit (groups 1 and 2), for the (不含) rewrites below.
_NUMBER_UNIT: str = (r"(?<![\d.])(\d+(?:\.\d+)?)("
                     + _alternatives([unit for units in UNITS.values() for unit in units]) + ")?")
_ANY_UNIT: str = "(?:" + _alternatives([unit for units in UNITS.values() for unit in units]) + ")"


def _excluded(group: int) -> str:
    """``(不含)``, ``(不含本数)`` or ``(不含90%)`` repeating the number of groups ``group`` and +1."""
    return rf"\((?:不含|不包括|不包含)(?:\{group}\{group + 1}?|本数)?\)"


#: Words of strict bounds (低于, 超过, <, >), as group 1.
_STRICT_BEFORE: str = "(" + _alternatives(
    [word for op in (">", "<") for word in OPERATOR_WORDS_BEFORE[op] + OPERATOR_SYMBOLS[op]]) + ")"

#: A proportion named by what is completed or as a share of the plan (see :data:`REWRITES`).
_PROPORTION_NAMED: str = (r"(?:按[^,;:按]{1,12}?(?:未完成|完成)(?:比例|率)(?:计算)?(?:扣分|得分|计分|赋分)"
                          r"|按(?:未完成|完成)(?:比例|率)(?:计算)?扣分"
                          r"|(?:按照|按|根据|依据)[^,;:按]{0,16}?占[^,;:]{1,12}?的?(?:比重|比例)(?:计算)?"
                          r"(?:得分|计分|赋分))")

#: Ordered rewrites (regex, replacement) that turn synonyms into the canonical words above.
#: Applied after NFKC, :data:`SYMBOLS`, :data:`TRADITIONAL` and the noise removal, top to bottom.
REWRITES: tuple[tuple[str, str], ...] = (
    (r"\s+", ""),                                  # PDF spacing and line breaks
    (r"(?<=[大小高低]于)\(等于\)", "等于"),          # 大于(等于)70% = 大于等于70%
    (r"≥=", "≥"),
    (r"≤=", "≤"),
    (r"=>", "≥"),
    (r"=<", "≤"),
    (r"(?<=得分)二(?=[^\d一二三四五六七八九十])", "="),   # OCR: 得分二资金到位率 = 得分=…
    (r"(?<=得分值)二(?=[^\d一二三四五六七八九十])", "="),
    (r"(?<=[\u4e00-\u9fff])W(?=\d+(?:\.\d+)?%)", "≤"),  # OCR of PDF tables: 人员控制率W100% = ≤100%
    (r"\((?:包含|包括|含)(?:本数|" + r"\d+(?:\.\d+)?" + _ANY_UNIT + r"?)?\)", "(含)"),
    # 合法率达92%12分,下降1个百分点扣1分 · 误差控制在5%以内记6分,超过0.1个百分点扣1分: a step with
    # its 每 left out (read as a band: ≥1% lost one point once); percentage points say so
    # (only after a rate's line in the same sentence: 高于全县平均水平得3分,低1个百分点扣1分 has
    # no number to count from)
    (r"(\d%[^;]*?[,，])((?:下降|降低|减少|超过|超出|高出|提高|低|高)(?:\d+(?:\.\d+)?)(?:个百分点|百分点)"
     r"(?:的)?,?扣)", r"\1每\2"),
    (r"(\d)(?:" + _alternatives(PERCENT_WORDS) + ")", r"\1%"),
    # 每下降一个点扣0.5分, 下降3个点以上不得分: a step of a level, or a change of it, in 个点 is
    # percentage points (not 监测点每少1个点, 低洼点, 不低于20个点, 低于8个点的: counts of sites)
    (r"(每(?:" + _alternatives(LEVEL_VERBS) + r")(?:目标值|目标|计划值|计划|标准)?|"
     + _alternatives(CHANGE_VERBS) + r")(\d+(?:\.\d+)?)个点(?!位)", r"\1\2%"),
    # 不得基本分 = 不得分; 得基本分的80%, 得基础分的一半: a share of the item's points (得基本分 alone
    # is all of them: SHARE_WORDS)
    (r"不得(?:基本|基础)分", "不得分"),
    (r"(?:基本|基础)分的", "分值的"),
    (r"不计分|不给分|不赋分|不记分|(?<![\d.])(?:得|计|为|给|记)(?:0|零)分|得分为0(?![\d.])"
     r"|(?<=[:=])0分(?![\d.])", "不得分"),
    # 计2分 = 得2分; not 计100% (a rate counted as 100%) nor 获得95% (a rate reached), though
    # 计80%分值 is a share of the points
    (r"(?<!加)(?:计|给予|给|赋|记|获得)(?=满分|\d(?!(?:\d|\.)*%(?!的?(?:分|该|本))))", "得"),
    # 10%-20%的减半计分, 得分减半, 减半计算: half the points (not 减半扣分, 减半征收, 房租减半,
    # 扣除的分值减半)
    (r"(?<!扣)(?<!扣的)(?<!扣除的)(?:得分|分值)减半|减半(?:计分|得分|给分|计算|计)", "得一半分值"),
    (r"倒扣|扣除|扣减|减去|扣罚|(?<![递压缩核削])减(?=\d)", "扣"),
    (r"扣基础分(?=\d)", "扣"),
    # 扣该项因子1.5分, 扣本项1分: the item's points named before the deduction's number
    (r"扣(?:该|本|此)(?:项|指标)[^,;:\d分]{0,4}?(?=\d+(?:\.\d+)?分)", "扣"),
    (r"(?<=[次名位])按(\d+(?:\.\d+)?)分(?:依次)?递减", r"递减\1分"),  # 每位次按0.25分递减
    (r"按实际完成(?=比例|率)", "按完成"),
    # 未完成按水库退养完成比例扣分, 没有完成的,按实际完成值占目标值的比重计算得分, the whole rule
    # 根据项目实际到位资金占计划的比重计算得分(3分): the completion rate (or the share of the plan)
    # times the points. At the head of a sentence that goes on to score (按完成率扣分:低于90%扣1分,
    # 按任务完成率计分,完成率在95%以上得5分) it only says how, and stays so; not 按比例扣分 between
    # two limits either.
    (r"(?<=[^;:])" + _PROPORTION_NAMED + r"(?!:)", "按完成比例得分"),
    (r"^" + _PROPORTION_NAMED + r"(?=(?:\(\d+(?:\.\d+)?分\))?[;,]?$)", "按完成比例得分"),
    (r"(每[^,;:]{0,12}?)加扣(?=\d)", r"\1扣"),  # 每高0.1个比点加扣0.1分: a further deduction, no bonus
    # 每年至少召开4次会议: a yearly line, as 全年 (not a step 每年…)
    (r"每年(?=至少|不少于|不低于|应|须|要|召开|开展|组织)", "全年"),
    (r"(?:另|再)?加计(?=\d)|另加(?=\d)|奖励(?=\d)|加分(?=\d)|(?<=[上下内的,])另?奖(?=\d+(?:\.\d+)?分)", "加"),
    (r"扣完即止|扣完为止|扣至0分为止|扣至零分为止|扣到0分为止|扣至0为止|扣光为止|(?<!分值)(?<!项)扣完(?=[;,]|$)"
     r"|直至扣完|直至本项目?(?:得分|分值|分)?扣完|扣完本项得分为止|扣完本项分值为止", "扣完为止"),
    (r"扣满(\d+(?:\.\d+)?)分?为止|扣完(\d+(?:\.\d+)?)分为止", r"扣满\1\2分为止"),
    # 每超10%加2分,10分封顶 · 加满10分为止: a cap of the bonuses the sentence gives
    (r"(加\d[^;。]*?,)(?:加分)?(?:以)?(\d+(?:\.\d+)?)分封顶|(加\d[^;。]*?,)封顶(\d+(?:\.\d+)?)分",
     r"\1\3最多加\2\4分"),
    (r"加满(\d+(?:\.\d+)?)分为止", r"最多加\1分"),
    # (不含) makes a bound strict: 90%以上(不含90%) = 高于90%; after a strict word it only repeats it.
    (_NUMBER_UNIT + r"以上" + _excluded(1), r"高于\1\2"),
    (_NUMBER_UNIT + _excluded(1) + r"以上", r"高于\1\2"),
    (_NUMBER_UNIT + r"以下" + _excluded(1), r"低于\1\2"),
    (_NUMBER_UNIT + _excluded(1) + r"以下", r"低于\1\2"),
    (_STRICT_BEFORE + _NUMBER_UNIT + _excluded(2), r"\1\2\3"),
    # (不含政策性项目): what the measure leaves out, no bound made strict
    (r"\((?:不含|不包括|不包含)(?!本数\))([^()\d%]{2,})\)", r"(\1除外)"),
    (r"\((?:不含|不包括|不包含)(?:本数)?\)", "(不含)"),
    (r"(?:及|或)?以上\(含\)|\(含\)(?:及|或)?以上|及以上|或以上", "(含)以上"),
    (r"(?:及|或)?以下\(含\)|\(含\)(?:及|或)?以下|及以下|或以下", "(含)以下"),
    # 未达到95%以上(含)的: short of "95% or more", below 95%
    (r"(?:未达到|没有达到|没达到|达不到|未达)" + _NUMBER_UNIT + r"(?:\(含\))?以上", r"低于\1\2"),
    # 信息公开目录和政府信息年度报告(信息公开目录未更新的扣1分;没有年度报告的扣2分): a name, and the
    # whole rule in brackets after it
    (r"^([^()\d;]{2,40})\(([^()]*(?:扣|得|加)\d[^()]*;[^()]*)\)[;,]?$", r"\1;\2"),
    # 设有目标(1分)目标明确(1分): points in brackets end their item when words follow at once
    # (not points that open a sentence, 会议;(2分)有1次得1分: a heading of what follows)
    (r"(?<!;)(\(\d+(?:\.\d+)?分\))(?=[^\d,;:.()\[\]])", r"\1;"),
    (r"(?<=\d)分值", "分"),
    (r"(?<=\d)分数", "分"),
    (r"乘以|乘上", "*"),
)

#: Words that mark numbered clauses after NFKC (``1、`` ``(1)`` ``1.`` ``(一)`` ``一、``), as
#: groups: a digit number (1 or 2) or a spelled one (3 or 4).
NUMBERED_CLAUSE: str = (r"(?:(?<=^)|(?<=[;,:\]|])|(?<=\d分)(?=\()|(?<=\d分\)))(?:\((\d{1,2})\)|(\d{1,2})(?:、|\.(?!\d)|\)(?!\d))"
                        r"|\(([一二三四五六七八九十]{1,3})\)|([一二三四五六七八九十]{1,3})、)")
#: A letter numbering a rule's first line (``A.``, ``B、``).
LETTER_NUMBER: str = r"^[A-Ha-h][.、](?=\D)"

#: Actual-value words that are hedged or open-ended, so not a plain value (``约95%``, ``95%以上``).
HEDGE_WORDS: tuple[str, ...] = ("约", "大约", "左右", "以上", "以下", "以内", "不低于", "不少于",
                                "不超过", "不高于", "超过", "低于", "接近", "近", "多", "余")

#: Spreadsheet error strings a cell can hold.
EXCEL_ERRORS: tuple[str, ...] = ("#DIV/0!", "#N/A", "#NAME?", "#VALUE!", "#REF!", "#NUM!",
                                 "#NULL!", "Err:502", "Err:504", "Err:508", "Err:509", "Err:511",
                                 "Err:522")

# --------------------------------------------------------------------------- multi-part values
#: A rule of several parts takes one value per part in one cell: ``①97%；②2``. The labels
#: are :data:`CIRCLED`; parts are separated by one of these.
PART_SEPARATORS: str = ";；\n"

# --------------------------------------------------------------------------- notation
#: The standard notation (标准写法) of each part kind, with ``str.format`` fields. The texts read
#: back as the same rule (``parse_rule(rule.explain())`` scores every value alike).
NOTATION: dict[str, str] = {
    "qualitative": "{condition}的得{points}分,否则不得分",
    "qualitative_number": "{condition},否则不得分({points}分)",
    "tiers": "{tiers}",
    "tier": "{word}的得{points}分",
    "tier_zero": "{word}的不得分",
    "bands": "{bands}",
    "band": "{bound}的得{points}分",
    "band_zero": "{bound}的不得分",
    "band_bonus": "{bound}的加{points}分",
    "band_deduct": "{bound}的扣{points}分",
    "step": "{subject}达到{line}的得{points}分,每降低{step}扣{step_points}分{cap}{floor}{partial}",
    "reverse_step": "{subject}不超过{line}的得{points}分,每超过{step}扣{step_points}分{cap}{partial}",
    "deviation": "满分{points}分,以{line}为标准,{subject}每相差{step}扣{step_points}分{cap}{partial}",
    "step_deduct": "以{line}为标准,{subject}每降低{step}扣{step_points}分{cap}{floor}{partial}",
    "reverse_step_deduct": "以{line}为标准,{subject}每超过{step}扣{step_points}分{cap}{partial}",
    "deviation_deduct": "以{line}为标准,{subject}每相差{step}扣{step_points}分{cap}{partial}",
    "count_deduct": "每发现{n}{unit}{label}扣{penalty}分{cap}",
    "count_own": "没有{label}的得{points}分,每发现{n}{unit}{label}扣{penalty}分{cap}",
    "count_all_own": "没有{label}的得{points}分,发现1{unit}{label}的,此分值扣完",
    "count_penalty": "满分{points}分,每发现{n}{unit}{label}扣{penalty}分{cap}",
    "count_all": "发现1{unit}{label}的,此分值扣完",
    "count_bonus": "每有{step}{label}加{amount}分,最多加{points}分",
    "count_award": "每有{step}{label}得{amount}分,最多得{points}分",
    "count_bonus_over": "以{line}为标准,{label}每超过{step}加{amount}分,最多加{points}分",
    "proportional": "得分={ratio}*{points}分",
    "proportional_full": "{subject}{full}的得{points}分;{subject}{below}的得分={ratio}*{points}分",
    "interpolate": "{best}的得{points}分,{worst}的不得分,{low}至{high}之间按比例计分",
    "checklist": "{items}",
    "item": "{label}{text},得{points}分",
    "deductions_met": "{met}的得{points}分;",
    "problem": "{label}{text}扣{points}分",
    "bonus": "{awards}",
    "award": "{award}加{points}分",
    "discretionary": "由评价人酌情打分{points}",
    "discretionary_free": "由评价人酌情打分(规则与框架均未给出分值,不设上限)",
    "ratio_to_target": "按指标值{target}完成比例得分:{formula},最高{points}分",
    "ratio_zero": "达到指标值{target}得{points}分,否则不得分(指标值为0,不按比例计算)",
    "veto": "{condition}的,一票否决",
    "gate": "{condition}的,本项不得分",
    "verdict": "{condition}的,按{verdict}处理",
    "disqualify": "{condition}的,取消{what}资格",
    "rank": "满分{points}分,按排位打分,每位次递减{step}分",
    "weighted": "满分{points}分,得分={terms}",
    "weighted_term": "{label}{average}*{weight}",
    "rescale": "得分={got}/{full}*{points}分",
    "unread": "由评价人直接打分{points}",
    "evaluator_deduction": "其他问题由评价人酌情扣分",
}
#: Fragments of the notation.
NOTATION_WORDS: dict[str, str] = {
    "part_sep": ";",
    "cap": ",最多扣{cap}分",
    "cap_total": ";合计最多扣{cap}分",  # after a list of problems: of them all, not of the last
    "floor_below": ",低于{floor}的不得分",
    "floor_at_or_below": ",{floor}(含)以下的不得分",
    "partial_up": ",不足{step}的按{step}计算",
    "partial_down": ",不足{step}的不扣分",
    "partial_linear": ",不足{step}的按比例扣分",
    "ge": "≥{value}",
    "gt": ">{value}",
    "le": "≤{value}",
    "lt": "<{value}",
    "eq": "={value}",
    "range": "{low}(含)至{high}(不含)",
    "range_closed": "{low}(含)至{high}(含)",
    "range_open_low": "{low}(不含)至{high}(含)",
    "range_open": "{low}(不含)至{high}(不含)",
    "ratio_rate": "完成率",
    "ratio_ge": "得分=实际完成值/指标值*分值",
    "ratio_le": "得分=指标值/实际完成值*分值",
    "ratio_eq": "得分=实际完成值与指标值之比(取不超过1的一方)*分值",
    "ratio_target": "实际完成值/{target}",
    "exempt": ",{word}的不扣分",
    "base": "基础分{points}分",
    "full": "满分{points}分,",
    "not_cumulative": ";同一项工作不累计加分",
    "cumulative": ";累加计分",
    "score_range": ",满分{points}分",
    "input": "{label}{name}({kind})",
    "count_unit": "项",
    "problem": "问题",
    "subject_default": "完成值",
    "average": "平均值",
    "plus": "+",
}
#: The end of a sentence of the notation.
SENTENCE_END: str = "。"
#: Notes after the notation, in brackets the reader skips: the policies a rule leaves open
#: (``〔口径:不足一档按一档扣分(向上取整),默认口径〕``) and what to type for each part of a rule
#: of several parts (``〔填写:①完成率(百分比);②问题(个数)〕``).
NOTES: dict[str, str] = {"policy": "〔口径:{text}〕", "inputs": "〔填写:{text}〕",
                         "unread": "〔未能读取:{text}〕"}
#: The markers that open a note (after normalisation).
NOTE_OPENERS: tuple[str, ...] = ("(口径:", "(填写:", "(未能读取:")
#: How the partial-step policy reads in a policy note.
PARTIAL_STEP_TEXT: dict[str, str] = {
    "up": "不足一档按一档扣分(向上取整)",
    "down": "不足一档不扣分(向下取整)",
    "linear": "不足一档按比例扣分(线性)",
}
#: How a qualitative rule's partial share reads in a policy note.
PARTIAL_SHARE_TEXT: str = "部分达成得{points}分({share})"
#: Where a policy came from.
POLICY_SOURCE_TEXT: dict[str, str] = {"policy": "默认口径", "custom": "本次评价设定的口径"}
#: How bonus aggregation reads in a policy note.
BONUS_TEXT: dict[str, str] = {
    "highest_per_work": "同一项工作只计最高一项",
    "cumulative": "累加计分",
}
#: How a veto's effect reads in a policy note.
VETO_NOTE: str = "一票否决时{effect}"
#: How a veto's effect reads.
VETO_TEXT: dict[str, str] = {"zero_total": "总分为0", "grade_poor": "等次为差"}
#: The input prompt of each input kind (what to type into the 实际完成值 cell).
INPUT_TEXT: dict[str, str] = {
    "percent": "百分比", "number": "数值", "count": "个数", "choice": "选项",
    "items": "编号", "problems": "问题编号",
    "awards": "奖项", "score": "评价人打分", "parts": "分项", "points": "分数",
}

#: Chinese labels of the rule kinds (:class:`scoring.rules.RuleKind` values), for people.
KIND_LABELS: dict[str, str] = {
    "qualitative": "定性",
    "threshold": "达标得分",
    "step": "逐档扣分",
    "proportional": "按比例得分",
    "reverse_step": "超标逐档扣分",
    "deviation": "偏差逐档扣分",
    "bands": "分档得分",
    "tiers": "分档定性",
    "count_penalty": "按次扣分",
    "count_bonus": "按数量计分",
    "checklist": "逐项得分",
    "deductions": "逐项扣分",
    "bonus": "加分项",
    "discretionary": "酌情打分",
    "ratio_to_target": "按指标值完成比例",
    "veto": "一票否决",
    "gate": "本项否决",
    "interpolate": "区间按比例",
    "rank": "按排位打分",
    "composite": "多项组合",
    "weighted": "加权计分",
    "rescale": "按适用指标折算",
    "unread": "评价人打分（规则无法自动读取）",
}

# --------------------------------------------------------------------------- messages
#: Messages of the errors the rule engine raises (Chinese, ``str.format`` fields).
MESSAGES: dict[str, str] = {
    "rule_unreadable": "评分规则中“{part}”无法识别，应为如“在90%以上得2分”“每降低5%扣2分”的写法",
    "rule_no_scoring": "评分规则“{part}”中没有可计分的内容（没有分值、扣分或得分条件）",
    "rule_no_points": "评分规则没有写明分值，也未给出分值，请在规则中写“得N分”或另行给出分值",
    "rule_points_conflict": "评分规则写明的分值为{text_points}分，与给定的分值{points}分不一致",
    "rule_bad_numbers": "评分规则的数值不合理：{detail}",
    "rule_empty": "评分规则为空，应填写评价要点",
    "rule_too_long": "评分规则过长（{length}字），最多{limit}字",
    "rule_checklist_beside_parts": "评分规则中“{part}”是逐项得分（实际完成值填满足的编号①②…），又与其他分项写在同一条规则里，"
                                   "两种编号会混淆；请把逐项得分拆为单独一项，或由评价人打分",
    "rule_unused": "评分规则中“{part}”没有参与计分（本规则按“{kind}”计分），请删去或改写，以免漏算",
    "rule_example_mismatch": "评分规则中的示例“{part}”与规则算出的得分{score}分不一致，请核对",
    "rule_share_needs_points": "评分规则中“{part}”按分值的比例计分，请给出分值",
    "rule_unread": "本项评分规则无法自动读取，请评价人直接打分（{detail}）",
    "bad_step": "每档幅度和每档扣分必须大于0",
    "floor_above_line": "不得分的界限{floor}高于满分线{line}",
    "bad_points": "分值必须为不小于0的数",
    "band_empty": "分档区间的下限{low}不小于上限{high}",
    "number_too_long": "数字“{number}”超过{digits}位，请检查是否多打了数字",
    "target_unreadable": "指标值“{text}”无法识别，应为如“≥99%”“≤100%”“≥5条”“健全”的写法",
    "target_too_precise": "指标值“{text}”的数字超过{digits}位有效数字，请检查是否多打了数字",
    "target_empty": "指标值为空，应填写如“≥99%”或“健全”",
    "actual_unreadable": "实际完成值“{text}”无法识别，应为一个数值或百分比（如 97% 或 0.97）",
    "huge_integer": "约 {digits} 位的整数",
    "actual_hedged": "实际完成值“{text}”不是确定的数值，应为一个数值或百分比（如 95%），不要写“约”“以上”等",
    "actual_unit": "实际完成值“{text}”的单位与指标的单位“{unit}”不一致",
    "actual_missing_percent": "实际完成值{text}疑似漏写百分号：百分比指标应填如 95% 或 0.95",
    "actual_negative": "实际完成值{text}为负数，数量不能小于0",
    "actual_negative_rate": ("实际完成值{text}为负数，完成率等比率不能小于0；可为负数的变动率须在评价要点"
                             "或指标值中写明（如“增长率”“负增长的不得分”“≤-5%”）"),
    "score_negative": "评价人打分{text}为负数：酌情打分的得分应不小于0，扣分请直接填扣分后的得分",
    "target_zero": "指标值“{text}”为0或负数，完成比例（实际÷指标值）无法计算，请按是否达到指标值判断",
    "actual_error": "实际完成值是错误值“{text}”，请先修正该单元格的公式",
    "actual_choice": "实际完成值“{text}”无法识别，应为以下之一：{choices}",
    "actual_problems": "实际完成值“{text}”无法识别，应填写发现的问题的编号（{choices}，可填多个，如①③），"
                       "或一个问题的原文；没有问题填“无”",
    "actual_count": "实际完成值“{text}”应为0至{count}之间的整数（满足的项数）",
    "actual_award": "“{text}”不是本规则列出的奖项，应为以下之一：{choices}",
    "actual_parts": "实际完成值“{text}”应按“{example}”的格式依次填写{count}个分项",
    "actual_finding": "实际完成值“{text}”是一段描述，已按“{reading}”计分，请核对",
    "actual_part": "第{index}个分项（{label}）：{message}",
    "actual_part_missing": "第{index}个分项（{label}）未填写",
    "actual_rank": "实际完成值“{text}”应为不小于1的整数名次",
    "actual_score": "“{text}”不是分数，应为一个数（如 85 或 85分）",
    "actual_score_negative": "分数{text}为负数，应不小于0",
    "actual_score_above": "分数{text}超过满分{full}分",
    "actual_rescale_full": "适用指标满分{text}应大于0",
    "actual_rescale_above": "得分{text}超过适用指标满分{full}分",
    "weights_sum": "各部分的权重合计为{total}（{weights}），应为100%",
    "weight_bad": "权重“{weight}”应大于0且不超过100%",
    "weight_listed": "{name}（{weight}）",
    "formula_too_long": "评分规则编成表格公式后超过 Excel 一个公式 {limit} 个字符的上限（至少 {length} 个字符），请拆分为几项或由评价人打分",
    "parts_too_many": "评分规则分为{count}个分项，超过{limit}个的上限（实际完成值按①至⑳逐项填写），请拆分为几项或由评价人打分",
    "items_too_many": "评分规则逐项列出{count}项，超过{limit}项的上限（实际完成值填各项的编号①至⑳），请拆分为几项或由评价人打分",
    "weights_too_many": "加权计分有{count}个部分，超过{limit}个的上限（表格公式长度所限），请由评价人打分",
    "weight_missing": "评分规则中“{part}”没有给出权重（如“{part}权重为70%”）",
    "weight_unmatched": "评分规则中“{part}”的权重对应不到计分公式中的任何一部分",
    # The evaluation framework (scoring/framework.py)
    "unknown_code": "框架中没有编码为 {code} 的指标",
    "duplicate_code": "指标编码 {code} 重复",
    "children_sum": "{code} {name} 为 {points:g} 分，但下级指标合计 {total:g} 分",
    "sections_sum": "一级指标（不含加减分项）合计 {total:g} 分，应为 {expected:g} 分",
    "score_out_of_range": "{code} 得分 {score:g} 超出 0–{points:g} 分的范围",
    "score_not_finite": "{code} 的评价人得分 {score} 不是有限的数字，未采用，按规则计分",
    "needs_evaluator": "{code} {name} 需由评价人打分",
    "not_filled": "{code} {name} 尚未填报实际完成值，按 0 分计",
    "report_unfilled": "总得分：—  等次：{grade}（没有填写任何实际完成值，不计分；汇总时同样列为{grade}）",
    "missing_reason": "{code} {name} 扣 {lost:g} 分，缺少未完成指标原因分析",
    "unread_item": "{code} {name}：{message}",
    "flagged_item": "{code} {name}：{flag}",
    "policy_choice": "评分口径 {name} 的值“{value}”无效，应为 {allowed}",
    "policy_tiers": "定性分档比例应在 0 至 1 之间，且 未达成 ≤ 部分达成 ≤ 达成",
    "policy_numbers": "加分上限、满分和小数位数不能为负数（满分应大于 0）",
    "policy_bands": "等次分档不能为空",
    "policy_unknown": "评分口径“{text}”无法识别，应写作“口径=取值”，口径为以下之一：{known}",
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
    # The mid-year monitoring form (scoring/monitoring.py)
    "period_invalid": "监控期间“{text}”无法识别，应为如“1-6月”“1至7月”的写法（从1月起，截至1至12月）",
    "deviation_reason_missing": "{item}亮{light}灯，应填写偏差原因",
    "deviation_measures_missing": "{item}亮{light}灯，应填写纠偏措施",
    "monitor_choice": "{item}的{label}“{text}”无效，应为以下之一：{choices}",
    "monitor_value": "{item}的{label}：{message}",
    "policy_tolerance": "资金执行偏差容忍度应为 0 至 1 之间的数（0.1 即 10 个百分点）",
}

#: The indicator value columns of the target form by :class:`~scoring.target_form.TargetIndicator`
#: attribute.
VALUE_LABELS: dict[str, str] = {"half_value": "半年指标值", "full_value": "全年指标值"}

#: The funding block's rows and columns as the target form prints them.
FUNDING_TOTAL = "资金总额"
FUNDING_ROWS: dict[str, str] = {"basic": "基本支出", "project": "项目支出"}
FUNDING_COLUMNS: dict[str, str] = {"annual": "全年预算数", "half": "半年计划执行数"}
#: Each funding amount by :class:`~scoring.target_form.Funding` attribute.
FUNDING_LABELS: dict[str, str] = {
    f"{column}_{row}": f"{FUNDING_ROWS[row]}（{FUNDING_COLUMNS[column]}）"
    for column in FUNDING_COLUMNS for row in FUNDING_ROWS}
#: The 资金总额 of each column (the sum of the rows), as its cells and headers are labelled.
FUNDING_TOTAL_LABELS: dict[str, str] = {
    f"{column}_total": f"{FUNDING_TOTAL}（{title}）" for column, title in FUNDING_COLUMNS.items()}


# --------------------------------------------------------------------------- mid-year monitoring
#: The lights (预警) of the monitoring form (部门整体预算绩效运行监控表) by
#: :data:`scoring.lights.Light` key: the engine's words and what the live formulas write.
LIGHTS: dict[str, str] = {"green": "绿", "amber": "黄", "red": "红"}
#: The types of 偏差原因分析 a unit chooses from (the dropdown of the form).
DEVIATION_REASONS: tuple[str, ...] = ("经费保障", "制度保障", "人员保障", "硬件条件保障", "其他")
#: 完成目标可能性 by key; ``impossible`` rules out a yellow light.
LIKELIHOODS: dict[str, str] = {"certain": "确定能", "possible": "有可能", "impossible": "完全不可能"}
#: The monitoring period (监控期间) ``1-6月``: its month word, the words between the first and
#: the last month (after :func:`scoring.normalise.characters`, which turns —, －, ～ into -),
#: and how it is written.
PERIOD_MONTH: str = "月"
PERIOD_RANGE_WORDS: tuple[str, ...] = ("-", "至", "到")
PERIOD_SUFFIXES: tuple[str, ...] = ("份",)
PERIOD_LABEL: str = "1-{months}月"
#: The label of the monitoring form's 监控期间 (the unit's labels are :data:`scoring.forms.UNIT_LABELS`).
MONITOR_PERIOD_LABEL = "监控期间"
#: The funds rows of the monitoring form, in form order.
MONITOR_FUND_ROWS: dict[str, str] = {"total": FUNDING_TOTAL, **FUNDING_ROWS}
#: The funds columns by :class:`~scoring.monitoring.FundEntry` attribute (``{period}``: 1-6月).
MONITOR_FUND_COLUMNS: dict[str, str] = {
    "initial": "年初预算数", "adjusted": "调整后预算数", "executed": "{period}执行数",
    "rate": "{period}执行率", "progress": "序时进度", "forecast": "全年预计执行数",
    "reason": "偏差原因", "measures": "纠偏措施", "light": "预警"}
#: The indicator columns beside 一级/二级/三级 by
#: :class:`~scoring.monitoring.IndicatorEntry` attribute.
MONITOR_INDICATOR_COLUMNS: dict[str, str] = {
    **VALUE_LABELS, "actual": "{period}执行情况", "forecast": "全年预计完成情况",
    "light": "预警", "reason_type": "偏差原因类型", "reason": "偏差原因说明",
    "likelihood": "完成目标可能性", "measures": "纠偏措施", "remarks": "备注"}
#: The heading over the two 偏差原因 columns of an indicator (type and text).
MONITOR_REASON_GROUP: str = "偏差原因分析"
#: One amount of a funds row in messages: ``基本支出（1-6月执行数）``.
MONITOR_AMOUNT_LABEL: str = "{row}（{column}）"
#: A problem in a live check cell of the monitoring form: ``[PS-J001] 偏差原因未填写；``.
MONITOR_CHECK: str = "[{code}] {title}；"
#: What the monitoring workbook's reader says (scoring/workbook/monitoring_reader.py).
MONITOR_WORKBOOK_MESSAGES: dict[str, str] = {
    "not_monitoring": "这是{label}工作簿，不是监控表：无法判断预警",
    "rows_damaged": "监控表{table}各列的定义名称行数不一致：工作簿的结构被改动",
    "targets_changed": "指标、指标值或评分口径与生成时不同（应取自目标表和下发的口径，不应改动）：已按工作簿中的内容判断预警",
    "unit_code_changed": "{cell}（单位编码）为“{typed}”，生成时为“{issued}”；汇总按工作簿中填写的编码",
    "light_differs": "{item} 预警（{cell}）工作簿中为 {stored}，重新计算为 {engine}",
    "count_differs": "{label}（{cell}）工作簿中为 {stored}，重新计算为 {engine}",
}


def _check() -> None:
    """Fail loudly at import when a table is malformed (a programming error, not user input)."""
    for table in (RULE_WORDS, STEP_VERBS):
        for key, words in table.items():
            if not words or not all(isinstance(word, str) and word for word in words):
                raise ValueError(f"vocab table entry {key!r} must list non-empty words")
    for pattern, _ in REWRITES:
        re.compile(pattern)
    re.compile(NUMBERED_CLAUSE)
    for source, target in TRADITIONAL.items():
        if len(source) != 1 or len(target) != 1:
            raise ValueError(f"vocab.TRADITIONAL entry {source!r}→{target!r} must map one character")
    if set(QUALITATIVE_CHOICES) != {"achieved", "partial", "not_achieved"}:
        raise ValueError("vocab.QUALITATIVE_CHOICES needs achieved, partial and not_achieved")
    if set(QUALITY_ANSWERS) != set(QUALITATIVE_CHOICES):
        raise ValueError("vocab.QUALITY_ANSWERS needs the tiers of QUALITATIVE_CHOICES")


_check()


#: What a native score formula shows instead of a score for a number :meth:`Rule.score`
#: refuses (scoring/rules.py): short enough for the printed 得分 column; a text, so the item
#: counts 0 points in the sums, as the engine scores a refused value.
FORMULA_REFUSALS: dict[str, str] = {"PS-V003": "#PS-V003 漏写%", "PS-V004": "#PS-V004 负数"}
