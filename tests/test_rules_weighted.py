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
    ("自评得分占40%，专家评分占50%。", 100, "各部分的权重合计为90%（自评（40%）、专家（50%）），应为100%"),
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


# ----------------------------------------------------------------------------- review fixes
#: Ordinary rules read as before the weighted and rescaled kinds (11159e8): never captured.
ORDINARY = [
    ("政府采购占比40%以上得2分", 2), ("本级支出比重60%以上得3分", 3), ("所占比例30%以下的得2分", 2),
    ("自有资金占比40%以上的得2分，否则不得分", 2), ("本项权重20%，执行率达到90%得满分", 5),
    ("项目资金按70%计入，执行率达到90%得2分", 2),
    ("得分=适用指标得分/适用指标满分*100分", 5), ("得分=适用指标得分/适用指标满分*100分", 10),
    # from ../shared/corpus/rules_corpus.json
    ("2.县(区)收到财政衔接资金之日起,下达到项目实施单位≤25个工作日得满分6分,>50个工作日为0分,25-50个工作日按比例减分。", 6),
    ("海洋经济发展引导资金设立目标是否明确,明确:3分;基本明确:1.5分;不明确:0分", 3),
    ("及时完成项目初步设计审批、编制年度实施计划并报省农业农村厅、填报农田建设综合监测监管系统的,得2分;未按时完成的,不得分。", 2),
    ("得分值=建设质量合格率×20", 20), ("得分值=水、电、路等公共基础设施建设完成率×10", 10),
    ("评价指标得分二支出使用资金占到位资金的比例*该项指标分值", 5),
    ("项目资金设立依据是否充分。有批准文件: 2 分;没有批准文件: 0 分。", 2),
    ("1、按照《会计法》的规定设置专门的会计核算机构或指定会计主管人员,得1分;所有会计人员必须持有《会计从业资格证书》,得1分。", 2),
    ("10、票据使用规范合法,票据申请、保管、使用、缴验等符合规定,得2分,每一环节发现问题扣0.5分。", 2),
    ("1、部门预算编制时,年度收支平衡,未编赤字预算的,得2分。", 2),
    ("(一)按规定时间报送企业财务快纸质材料及电子文档。每迟报半天扣0.5分,扣完为止,影响全省上报的取消评比资格。", 2),
    ("符合标准得3分;否则不得分。", 3),
    ("1.数据录入规范,得1分;2.汇总方法正确,得1分;3.汇总关系准确,得1分;4.树型结构清晰,得1分。", 4),
    ("查单位往来款项的变动情况,未进行清理的不得分,清理不及时的扣1分", 2),
    ("6、资金管理制度、建设主体责任制度健全。10分", 10),
    ("制定有耕地地力保护补贴项目实施方案,得3分 ,否则不得分。", 3),
    ("收到上级批复文件后在15个工作日内通知各村 信息传达 的,得2分,有一项未达要求扣1分,最多扣2分 。", 2),
    ("整合其他涉农财政资金支持农村公益事业财政奖补工作的,得2分", 2),
    ("纳入县级重点工作部署,得1分;党政领导对财政奖补工作有正面批示的,一个加1分,最多加2分", 1),
    ("完成“吨粮田”、“万元田”建设任务以及优质稻和玉米单交种植推广任务计10分;每小项不完成任务扣1分由市农业局考评", 10),
]
#: Rescaling words that rescale nothing to the item's points: refused as before (PS-R001).
NOT_RESCALED = ["按照考核得分折算为等次", "按得分折算绩效工资", "考核得分按比例折算后计入总分",
                "按照得分折算成等级", "本办法适用于市级部门，按百分制折算后计入"]


@pytest.mark.parametrize("text,points", ORDINARY, ids=[text[:16] for text, _ in ORDINARY])
def test_ordinary_rules_are_not_weighted_or_rescaled(text: str, points: float) -> None:
    assert parse_rule(text, points).kind not in (RuleKind.WEIGHTED, RuleKind.RESCALE)


def test_thresholds_and_lone_weights_read_as_before() -> None:
    rule = parse_rule("政府采购占比40%以上得2分", 2)
    assert rule.kind == RuleKind.THRESHOLD and rule.score("45%") == 2 and rule.score("30%") == 0
    assert parse_rule("所占比例30%以下的得2分", 2).score("20%") == 2
    assert parse_rule("本项权重20%，执行率达到90%得满分", 5).kind == RuleKind.QUALITATIVE
    assert parse_rule("项目资金按70%计入，执行率达到90%得2分", 2).kind == RuleKind.QUALITATIVE


@pytest.mark.parametrize("text", NOT_RESCALED)
def test_rescaling_words_without_applicable_indicators_are_refused(text: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule(text, 10)
    assert caught.value.code == "PS-R001"


def test_a_ratio_formula_at_other_points_reads_as_before() -> None:
    rule = parse_rule("得分=适用指标得分/适用指标满分*100分", 10)
    assert rule.kind == RuleKind.PROPORTIONAL
    assert parse_rule("得分=适用指标得分/适用指标满分*100分", 100).kind == RuleKind.RESCALE


@pytest.mark.parametrize("text", [
    "省级部门、市级部门考评得分的权重分别为70%、30%，得分=省级部门考评得分×权重+市级部门考评得分×权重",
    "省级部门考评得分×权重系数+市级部门考评得分×权重系数，其中省级部门权重系数为70%，市级部门考评权重系数为30%",
])
def test_weights_go_to_the_names_that_declare_them(text: str) -> None:
    rule = parse_rule(text, 100)
    assert "省级部门考评*70%+市级部门考评*30%" in rule.explain()
    assert rule.score("①90；②80") == 87  # 63 + 24, never 27 + 56


def test_an_ambiguous_name_is_refused() -> None:
    with pytest.raises(RuleError) as caught:  # 部门考评 is in both names
        parse_rule("得分=省级部门考评得分×权重+市级部门考评得分×权重。部门考评权重为70%，市级权重为30%", 100)
    assert caught.value.code == "PS-R001"


LONG = "得分=" + "+".join(f"指标{name}×8%" for name in "甲乙丙丁戊己庚辛壬癸") + "+指标子×10%+指标丑×10%"


@pytest.mark.parametrize("text", [
    LONG, "得分=" + "+".join(f"指标{name}×4%" for name in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉酉戌亥")])
def test_too_many_components_are_refused_not_cut(text: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule(text, 100)
    assert caught.value.code in ("PS-R004", "PS-R001")
    unread = parse_rule(text, 100, strict=False)
    assert unread.kind == RuleKind.UNREAD
    unread.explain(), unread.to_formula("F7")  # never raises


def test_six_components_fit_the_formula_limit() -> None:
    text = "得分=" + "+".join(f"区县级考评部门{name}得分×10%" for name in "甲乙丙丁") + "+市级甲×30%+市级乙×30%"
    rule = parse_rule(text, 100)
    assert rule.kind == RuleKind.WEIGHTED and rule.inputs == 6
    assert len(rule.to_formula("$F$107")) <= 8192
    assert rule.score("①100；②100；③100；④100；⑤50；⑥50") == 70  # 40 + 15 + 15
    with pytest.raises(RuleError) as caught:
        parse_rule("得分=" + "+".join(f"指标{name}×10%" for name in "甲乙丙丁戊己庚辛") + "+指标子×20%", 100)
    assert caught.value.code == "PS-R004" and "超过6个的上限" in caught.value.message


def test_the_formula_refuses_what_the_engine_refuses() -> None:
    formula = parse_rule(R017, 100).to_formula("F7")
    assert "<=IFERROR(VALUE" in formula  # the score at most the applicable full points
    weighted = parse_rule(R139, 100).to_formula("F7")
    assert "<=100" in weighted  # each score at most the item's points
    assert 'FIND("%"' in weighted  # 90% is no score
    assert weighted.count("REPT") >= 3  # the field past the last must be empty
    with pytest.raises(ActualValueError):
        parse_rule(R017, 100).score("①80；②72")
    with pytest.raises(ActualValueError):
        parse_rule(R139, 100).score("①90；②80；③70")


def test_findings_keep_their_numbers_and_refuse_negatives() -> None:
    rule = parse_rule("得分=A×20%+B×30%+C×50%", 100)
    with pytest.raises(ActualValueError) as caught:
        rule.score("①90、80；②70")
    assert caught.value.code == "PS-V001"
    assert rule.score("①90；②80；③70") == 77  # 18 + 24 + 35
    averaged = parse_rule("总分=市级得分*70%+区县平均得分*30%", 100)
    with pytest.raises(ActualValueError) as caught:
        averaged.score("市级90；区县-10、90")
    assert caught.value.code == "PS-V004"
    assert averaged.score("市级90，区县级考评70、90、100") == 89  # 63 + 26.666… × 0.3 = 89
    assert averaged.score("①90；②70、90") == 87


@pytest.mark.parametrize("text,code,message", [
    ("市级考评权重系数为70，区县级考评权重系数为30", "PS-R001", ""),
    ("自评得分占140%，专家评分占-40%", "PS-R004", "权重“140%”"),
    ("自评得分占40%，专家评分占50%", "PS-R004", "自评（40%）、专家（50%）"),
    ("得分=A*70%+A*30%", "PS-R001", ""),
    ("得分=得分×40%+满分×60%", "PS-R001", ""),
])
def test_bad_weights_and_names_are_refused(text: str, code: str, message: str) -> None:
    with pytest.raises(RuleError) as caught:
        parse_rule(text, 100)
    assert caught.value.code == code and message in caught.value.message
    assert "7000%" not in caught.value.message
