"""Rules that combine several scores: a weighted composite of named component scores
(``市级考评分数乘以权重系数……市级考评权重系数为70%，区县级考评权重系数为30%``) and the score of
the applicable indicators rescaled to the item's points (``用适用指标得分汇总后按百分制…折算计分``).

Every score below is worked out by hand: a weighted score is Σ weight × component score
(90 × 70% + 80 × 30% = 63 + 24 = 87); a rescaled score is 得分 ÷ 适用满分 × points
(72 ÷ 80 × 100 = 90). The typed value is one score per input, ``①90；②80``; findings name them
(``市级90,区县平均80``) in any order.
"""

from __future__ import annotations

import pytest

from scoring.errors import ActualValueError, RuleError
from scoring.parse import parse_rule
from scoring.rules import RuleKind

R139 = ("市级考评分数乘以权重系数,加上全部重点县的区县级考评分数的算术平均值乘以权重系数,为我市考评总分。"
        "其中,市级考评权重系数为70%,区县级考评权重系数为30%。")
R017 = "对于不适用部分评价对象的评价指标,不考核改指标,用适用指标得分汇总后按百分制对该项目这算计分。"

#: (text, points, [(actual, score)]) of the weighted family.
WEIGHTED = [
    (R139, 100, [("市级90,区县平均80", 87), ("市级80,区县得分70、90", 80), ("①90；②80", 87),
                 ("①80；②80", 80), ("区县80 市级90", 87), ("市级：９０分；区县：７０分、９０分", 87),
                 ("市级100,区县得分100、90、80", 97), ("①0；②0", 0), ("①100；②100", 100)]),
    ("得分=自评得分×40%+专家评分×60%", 100, [("①80；②90", 86), ("专家评分90,自评得分80", 86)]),
    ("综合得分＝自评得分×0.4＋专家评分×0.6", 10, [("①8；②9", 8.6), ("自评8分，专家9分", 8.6)]),
    ("总分=市级得分*70%+区县平均得分*30%", 100, [("市级90，区县70、90", 87)]),
    ("市级考评得分×70%＋各区县考评得分的平均值×30%", 100, [("①90；②60", 81)]),
    ("自评得分占40%，专家评分占60%。", 100, [("自评80 专家90", 86)]),
    ("自评得分占比40%，复核得分占比60%", 100, [("自评80；复核90", 86)]),
    ("市级考评结果按70%计入，区县考评结果按30%计入总分。", 100, [("市级90,区县80", 87)]),
    ("市级、区县考评得分的权重分别为70%、30%", 100, [("①90；②80", 87)]),
    ("市级考评和区县考评分别占70%和30%", 100, [("①90；②80", 87), ("区县考评80,市级考评90", 87)]),
    ("市级考评权重为0.7，各区县考评平均分权重为0.3，加权计算总分", 100, [("市级90,区县70、90", 87)]),
    ("部门自评、绩效监控、重点评价三项得分加权平均,权重分别为20%、30%、50%", 100,
     [("部门自评90,绩效监控80,重点评价70", 77), ("①90；②80；③70", 77)]),  # 18 + 24 + 35
    ("按市级考评70%、区县考评30%的权重加权平均", 100, [("市级90,区县80", 87)]),
]

#: (text, points, [(actual, score)]) of the rescaled family.
RESCALED = [
    (R017, 100, [("适用指标满分80分,得分72分", 90), ("适用指标满分90分,得分90分", 100),
                 ("①72；②80", 90), ("72/80", 90), ("应得分80,实得72", 90), ("①0；②80", 0)]),
    ("对于不适用部分评价对象的评价指标，不考核该指标，用适用指标得分汇总后按百分制对该项目折算计分。", 100,
     [("①72；②80", 90)]),
    ("不适用的指标不计分,按适用指标得分占适用指标总分的比例折算为百分制得分", 100, [("①72；②80", 90)]),
    ("按适用指标得分折算为本项分值", 10, [("得分36,满分40", 9)]),
    ("部分指标不适用的,按适用指标得分折算", 10, [("①72；②80", 9)]),
    ("得分=适用指标得分/适用指标满分*100", 100, [("72/80", 90)]),
    ("得分=适用指标得分÷适用指标总分×本项分值", 20, [("①72；②80", 18)]),
]


@pytest.mark.parametrize("text,points,cases", WEIGHTED + RESCALED,
                         ids=[text[:20] for text, _, _ in WEIGHTED + RESCALED])
def test_wordings_are_read_and_scored(text: str, points: float, cases: list) -> None:
    rule = parse_rule(text, points)
    assert rule.kind == (RuleKind.WEIGHTED if (text, points, cases) in WEIGHTED else RuleKind.RESCALE)
    assert rule.input_kind == "parts"
    for actual, want in cases:
        assert rule.score(actual) == pytest.approx(want, abs=1e-9), (actual, rule.explain())


@pytest.mark.parametrize("text,points,cases", WEIGHTED + RESCALED,
                         ids=[text[:20] for text, _, _ in WEIGHTED + RESCALED])
def test_the_notation_reads_back_as_the_same_rule(text: str, points: float, cases: list) -> None:
    rule = parse_rule(text, points)
    again = parse_rule(rule.explain(), rule.points)
    assert again.kind == rule.kind and again.inputs_text() == rule.inputs_text()
    for actual, want in cases:
        assert again.score(actual) == pytest.approx(want, abs=1e-9)


def test_the_corpus_rules_explain_themselves() -> None:
    weighted = parse_rule(R139, 100)
    assert weighted.explain() == ("满分100分,得分=市级考评*70%+区县级考评平均值*30%"
                                  "〔填写:①市级考评(分数);②区县级考评平均值(分数)〕。")
    assert weighted.to_dict()["components"] == [["市级考评", 0.7, False], ["区县级考评", 0.3, True]]
    rescaled = parse_rule(R017, 100)
    assert rescaled.explain() == ("得分=适用指标得分/适用指标满分*100分"
                                  "〔填写:①适用指标得分(分数);②适用指标满分(分数)〕。")


def test_a_finding_is_read_as_the_typed_value() -> None:
    rule = parse_rule(R139, 100)
    assert rule.read("市级80,区县得分70、90") == (80.0, ["80", "80"])  # (70 + 90) ÷ 2
    assert rule.written(rule.read("区县平均80 市级90")[1]) == "①90；②80"
    assert parse_rule(R017, 100).read("适用指标满分80分,得分72分") == (90.0, ["72", "80"])


@pytest.mark.parametrize("text,points,message", [
    ("自评得分占40%，专家评分占50%。", 100, "各部分的权重合计为90%（自评40%、专家50%），应为100%"),
    ("得分=自评得分×40%+专家评分×70%", 100, "各部分的权重合计为110%"),
    ("市级考评权重为0.7，区县考评权重为0.2", 100, "各部分的权重合计为90%"),
    ("自评得分占0%，专家评分占100%", 100, "权重“0%”应大于0且不超过100%"),
])
def test_weights_must_add_up_to_the_whole(text: str, points: float, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule(text, points)
    assert caught.value.code == "PS-R004" and message in caught.value.message
    assert caught.value.position is not None  # the caret stands under the weights
    unread = parse_rule(text, points, strict=False)  # a batch goes on: the evaluator scores it
    assert unread.kind == RuleKind.UNREAD and unread.unread.code == "PS-R004"


def test_a_component_without_its_weight_is_named() -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule("市级考评分数乘以权重系数,加上区县考评分数乘以权重系数", 100)
    assert caught.value.code == "PS-R001" and "“市级考评”没有给出权重" in caught.value.message
    with pytest.raises(RuleError) as caught:
        parse_rule("得分=市级得分*权重系数+区县得分*权重系数。其中,市级权重系数为70%,省级权重系数为30%", 100)
    assert "“区县”没有给出权重" in caught.value.message


def test_a_weighted_rule_needs_points() -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule("自评得分占40%，专家评分占60%。")
    assert caught.value.code == "PS-R002"
    assert parse_rule("满分10分,自评得分占40%，专家评分占60%").score("①10；②5") == 7


@pytest.mark.parametrize("actual,code,message", [
    ("市级90", "PS-V001", "第2个分项（区县级考评平均值）未填写"),
    ("①90", "PS-V001", "第2个分项（区县级考评平均值）未填写"),
    ("市级90,区县120", "PS-V001", "第2个分项（区县级考评平均值）：分数120超过满分100分"),
    ("①120；②80", "PS-V001", "第1个分项（市级考评）：分数120超过满分100分"),
    ("市级九十,区县80", "PS-V001", "第1个分项（市级考评）：“九十”不是分数"),
    ("市级约90,区县80", "PS-V001", "第1个分项（市级考评）：“约90”不是分数"),
    ("市级90分以上,区县80", "PS-V001", "第1个分项（市级考评）：“90分以上”不是分数"),
    ("①良好；②80", "PS-V001", "“良好”不是分数"),
    ("市级-5,区县80", "PS-V004", "第1个分项（市级考评）：分数-5为负数"),
    ("90；80；70", "PS-V001", "应按“①…；②…”的格式依次填写2个分项"),
])
def test_a_malformed_weighted_value_names_its_part(actual: str, code: str, message: str) -> None:
    rule = parse_rule(R139, 100)
    with pytest.raises(ActualValueError) as caught:
        rule.score(actual)
    assert caught.value.code == code and message in caught.value.message


def test_only_an_average_takes_a_list() -> None:
    rule = parse_rule("得分=自评得分×40%+专家评分×60%", 100)
    with pytest.raises(ActualValueError) as caught:
        rule.score("自评80,90,专家90")
    assert "第1个分项（自评）：“80、90”不是分数" in caught.value.message


@pytest.mark.parametrize("actual,message", [
    ("得分90,满分80", "第1个分项（适用指标得分）：得分90超过适用指标满分80分"),
    ("满分0,得分0", "第2个分项（适用指标满分）：适用指标满分0应大于0"),
    ("得分72", "第2个分项（适用指标满分）未填写"),
    ("①七十二；②80", "第1个分项（适用指标得分）：“七十二”不是分数"),
])
def test_a_malformed_rescaled_value_names_its_part(actual: str, message: str) -> None:
    with pytest.raises(ActualValueError) as caught:
        parse_rule(R017, 100).score(actual)
    assert message in caught.value.message


def test_the_score_stays_within_the_points_and_blank_is_zero() -> None:
    rule = parse_rule(R139, 100)
    assert rule.ceiling() == 100 and rule.score("") == 0 and rule.score(None) == 0
    assert rule.score([100, 100]) == 100 and rule.score({1: "90", 2: "80"}) == 87


def test_the_formula_reads_each_part_of_the_cell() -> None:
    formula = parse_rule(R139, 100).to_formula("F7")
    assert formula.startswith('=IF(F7="",0,') and "*0.7" in formula and "*0.3" in formula
    assert "MIN(100,MAX(0," in formula
    assert "/" in parse_rule(R017, 100).to_formula("F7")


def test_other_uses_of_the_words_are_untouched() -> None:
    # 占比 as a measure, 按百分制 as a scale: no weights, no rescaling
    rule = parse_rule("暂付款占比超过5%的，扣1分", 2)
    assert rule.kind != RuleKind.WEIGHTED
    assert parse_rule("按百分制评分,90分以上得5分", None, strict=False).kind != RuleKind.RESCALE
