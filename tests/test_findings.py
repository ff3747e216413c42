"""Described findings (实际完成情况的描述) are read into the values a rule takes, or refused.

Each case is worked out by hand from the rule text: the finding is what an evaluator writes down,
the expected score is what the same evaluator gives once the finding is put into the rule's terms.
"""

from __future__ import annotations

import pytest

from scoring import evaluate
from scoring.errors import ActualValueError
from scoring.framework import Framework, Indicator, Inputs
from scoring.parse import parse_rule

CHECKLIST = "①制度健全,得1分;②执行到位,得1分;③信息公开,得1分"
UNEQUAL = "①项目有绩效目标,得2分;②目标细化为绩效指标,得1分;③指标值可衡量,得0.5分"
AUDIT = "①资金拨付有完整审批程序,得1分;②资金使用无截留、挤占、挪用情况,得1分;③按规定用途使用,得1分"
CLEARING = "查单位往来款项的变动情况,未进行清理的不得分,清理不及时的扣1分"
SEWAGE = "确保县城污水处理率达80%以上，生活污水处理厂产生的污泥基本实现无害化（资源化）处理处置，否则不得分"
PURCHASE = "严格执行政府采购制度,按规定程序采购的,得2分;发现违规采购的,本项不得分"
KINDS = ("未按规定进行用编用职审核的，每例扣0.1分；未及时维护实名制系统的，每例扣0.1分；"
         "未在规定时间内办理事业单位登记的，每例扣0.1分")
RATE_AND_PROBLEMS = "①完成率≥95%得3分，每降低1%扣0.5分；②每发现一处质量问题扣1分，最多扣2分"
BINDING = ("报表装订整齐、顺序正确、纸张大小符合规定的得5分。未装订或装订不整齐扣2分,装订顺序不正确扣1分,"
           "纸张大小不符合规定扣2分。")
GROUP = "未成立自评工作小组扣8分;组成人员不符合要求的扣5分。"
REPORTS = "资料不全的扣1分；未按时报送的扣1分"
GOALS = "设有目标(1分)目标明确(1分)目标细化(1分)目标量化(1分)"
REPORT_ERRORS = "每月报表计5分,表内项目错一笔扣1分,漏填一个项目扣1分,迟报一天扣1分,扣完为止。"
RESTATED = ("文化校园建设达到省有关部门要求(1分);生活垃圾分类工作得到相关部门肯定(1分);保证学校师生工作和生活的"
            "正常开展(1分);确保广大师生享受到优质的物业服务(1分);国家卫生城市窗口作用明显(1分)。"
            "未达到规定要求的每一项扣1分,扣完为止。")

FINDINGS: list[tuple[str, float | None, str, float]] = [
    # checklists: all, none, items by number, the first N, N of equal weight, named items
    (CHECKLIST, None, "三项均满足", 3),
    (CHECKLIST, None, "均符合", 3),
    (CHECKLIST, None, "都不符合", 0),
    (CHECKLIST, None, "仅满足①③", 2),
    (CHECKLIST, None, "①②均满足", 2),
    (CHECKLIST, None, "仅1、2符合", 2),
    (CHECKLIST, None, "满足前两项", 2),
    (CHECKLIST, None, "满足两项", 2),
    (CHECKLIST, None, "仅信息公开", 1),
    (CHECKLIST, None, "执行不到位", 2),                 # the one named fails, the others hold
    (CHECKLIST, None, "三项均达标", 3),
    # problems of several kinds counted: the kinds a finding does not name were not found
    (KINDS, 1, "未及时维护实名制系统2例", 0.8),
    (KINDS, 1, "未按规定进行用编用职审核1例,未在规定时间内办理事业单位登记1例", 0.8),
    (KINDS, 1, "无问题", 1),
    # the opposite of a gate's own words (not of the rule's other sentences)
    ("财政专户的开设符合规定。违规私自开设财政专户的,不得分。", 1, "符合规定", 1),
    ("财政专户的开设符合规定。违规私自开设财政专户的,不得分。", 1, "存在违规开设", 0),
    ("违规私自开设财政专户的,不得分。", 1, "开设合规", 1),
    (RATE_AND_PROBLEMS, 5, "完成率97%", 5),
    (RATE_AND_PROBLEMS, 5, "完成率90%,质量问题1处", 1.5),
    (CHECKLIST, None, "均不达标", 0),
    (UNEQUAL, None, "仅满足②③", 1.5),
    ("①入户率100%,得0.5分;②按时申报,得0.5分;③有进有出,得0.5分", 1.5,
     "入户率95%,其余两项满足", 1),
    # a condition of a number and words: the number outside its range fails it, else the words
    (SEWAGE, 10, "75%", 0),
    (SEWAGE, 10, "污水处理率85%,污泥无害化处理", 10),
    (SEWAGE, 10, "污水处理率70%,污泥无害化处理", 0),
    (SEWAGE, 10, "污水处理率85%,污泥未实现无害化处理", 0),
    ("资金使用合规的得3分，否则不得分", 3, "存在违规使用", 0),  # an opposite word contradicts
    ("项目按期完工得3分", 3, "延期完工", 0),
    # several parts: one piece each, numbers beside their labels
    ("1.按时间要求及时报送年度目标任务的得1分,超出时间报送的扣1分。2.所报数字准确无误的得1分,出现统计错误的扣1分。", 2,
     "①按时报送；②准确无误", 2),                       # a labelled part in short words
    ("未按规定审核的，每例扣0.1分；未及时维护系统的，每例扣0.1分；未按时办理登记的，每例扣0.1分", 1,
     "共3例", 0.7),                                   # alike deductions: the cases of all kinds
    ("业务办理（1分）。未按规定审核的，每例扣0.1分；未及时维护系统的，每例扣0.1分；未按时办理登记的，每例扣0.1分",
     1, "12", 0),                                     # a heading of its own sentence: the points
    ("①占比不低于10%的，得1分；每低1%，扣0.1分。②占比不低于30%的，得1分；每低1%，扣0.1分。", 2,
     "①8%，②25%", 1.3),                                # labelled parts cut by a comma
    ("①占比不低于10%的，得1分；每低1%，扣0.1分。②占比不低于30%的，得1分；每低1%，扣0.1分。", 2,
     "①12% ②30%", 2),
    ("完成率100%得满分;有1人不达标的,该项不得分", 15, "完成率100%,1人不达标", 0),
    ("建成面积低于年度任务的，每减少1%，扣1分；每发现一项质量问题扣1分，最多扣6分", 15,
     "完成率97%,质量问题2项", 10),
    ("按规定时间拨付资金的得3分，每滞留半个月扣0.5分，扣完3分为止；报账进度达到90%以上的得3分", 6,
     "按时拨付,报账进度95%", 6),
    # a number with its label; a deviation said as how far over the plan
    ("办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分", None, "办理比率97%", 8),
    ("实际完成情况与计划每相差4%,扣1分,扣满10分为止", 10, "超计划时间8%", 8),
    # conditions: phrase by phrase, negations on either side
    ("有专门工作人员,安排必要工作经费的,得1分", None, "有专人且有经费", 1),
    ("有专门工作人员,安排必要工作经费的,得1分", None, "有专人无经费", 0),
    ("部门预算编制时,年度收支平衡,未编赤字预算的,得2分", None, "编制了赤字预算", 0),
    ("按要求将年度任务分解落实到项目区的,得2分;未完成的,不得分", None, "已分解落实", 2),
    # tiers: the one the finding agrees with, numbers inside the tier's own range
    ("开展此项工作的,得1分;取得明显成效的,得2分;未开展此项工作的,得0分", None, "开展但无明显成效", 1),
    ("培训人次完成率100%,培训资料全面\n| 4\n| 培训人次完成率80-99%,培训资料较全面\n| 3\n"
     "| 培训人次完成率<80%,培训资料不全面\n| 1", None, "完成率85%,培训资料较全面", 3),
    # a count said to be none; the rule's own exemption in other words
    ("每发现一户未纳入的扣1分,扣完为止", 3, "全部纳入", 3),
    ("评价指标得分=实际完成量/目标任务的比值*该项指标分值;若实施方案没有该项建设任务的,不扣分", 2,
     "实施方案无该项建设任务", 2),
    # items joined by 、, a negation over a list, what is excepted, N of M, none said in words
    (CHECKLIST, None, "制度健全、执行到位,但信息未公开", 2),
    (CHECKLIST, None, "除信息公开外均满足", 2),
    (CHECKLIST, None, "三项中满足两项", 2),
    (CHECKLIST, None, "一项也不满足", 0),
    (AUDIT, 3, "审批程序完整,无截留挤占挪用,按规定用途使用", 3),
    (AUDIT, 3, "存在挪用资金情况,其余两项符合", 2),
    # the phrase that carries the negation decides; a negation after the noun still counts
    (CLEARING, 2, "往来款项未清理", 0),
    (CLEARING, 2, "往来款项及时清理", 2),
    (CLEARING, 2, "已清理,但清理不够及时", 1),
    ("制定有耕地地力保护补贴项目实施方案,得3分,否则不得分", None, "实施方案正在制定中", 0),
    # each part takes the piece that names it
    (PURCHASE, 2, "未发现违规采购,采购程序规范", 2),
    # deductions for different problems: every problem named found costs its points; one said
    # not to have happened costs nothing and says nothing of the others
    (BINDING, 5, "未装订，纸张大小不符合规定", 1),
    (BINDING, 5, "装订顺序不正确,纸张大小不符合规定", 2),
    (GROUP, 8, "已成立自评工作小组,但组成人员不符合要求", 3),
    (GROUP, 8, "已成立自评工作小组，组成人员符合要求", 8),
    (REPORTS, 2, "资料不全，未按时报送", 0),
    (REPORTS, 2, "发现资料不全", 1),
    (REPORTS, 2, "按时报送", 2),
    ("缺 1 次扣 1 分,迟报 1 次扣 0.5 分。", 6, "缺报1次,迟报2次", 4),    # each count by its name
    # a count of the items that fail (it was dropped, and the words named one item)
    (RESTATED, 5, "两项未达到要求", 3),
    (RESTATED, 5, "有1项不符合", 4),
    (RESTATED, 5, "满足3项", 3),
    # an item written out whole (设有目标: its 有 is not stripped as a word of holding); each
    # phrase with its own negation (未细化、未量化) read on its own, one 未 before both says both
    (GOALS, 4, "设有目标，目标明确、细化、量化", 4),
    (GOALS, 4, "设有目标且明确，但未细化、未量化", 2),
    (GOALS, 4, "目标未细化、量化", 2),
    # (third review) two negations in one piece each read with their own phrase (the whole piece
    # read two 未 as none: the item held); 且 joins two items
    ("绩效目标明确(1分);绩效指标细化(1分);绩效指标量化(1分)", 3, "目标明确,指标未细化、未量化", 1),
    ("①建立村务公开制度(1分);②定期公开财务收支(1分);③公开内容完整(1分)", 3, "未建立公开制度、未定期公开,内容完整", 1),
    ("①建立制度(1分);②落实责任(1分);③开展督查(1分);每少一项扣1分", 3, "缺少督查", 2),  # lacking it
    # an item's own 、 does not split it into two phrases (申报、批复程序符合管理办法)
    ("符合申报条件(2分)项目申报、批复程序符合管理办法(1分)项目调整履行了相应手续(1分)", 4,
     "符合申报条件，申报、批复程序符合管理办法，项目调整未履行相应手续", 3),
    # (review) nothing found wrong is no count of failing items
    (CHECKLIST, None, "未发现问题,3项均达标", 3),
    (CHECKLIST, None, "三项均无问题", 3),
    # a word opposite to the item's (有误 against 准确, 滞后 against 及时) fails it; a no-mark after
    # a label (③否) fails its item, as the cell formula reads it
    ("按考核办法评分:报送及时得1分,数据准确得1分", 2, "报送及时,数据有误", 1),
    ("按考核办法评分:报送及时得1分,数据准确得1分", 2, "报送滞后,数据准确", 1),
    ("低保动态管理计2分。入户率100%计0.5分,按规定时间申报计0.5分,按时公示计1分", 2, "①100%；②是；③否", 1),
    # a kind of problem the finding does not name was not found: a count, or days late (a step
    # from no day); a count's name keeps the words before it (漏填1个项目: the items left blank)
    (REPORT_ERRORS, 5, "漏填1个项目", 4),
    (REPORT_ERRORS, 5, "表内项目错1笔，迟报2天", 2),
    (REPORT_ERRORS, 5, "无问题", 5),
    # how far below the line a step measures from (比…低2个百分点): the line moved
    ("未完成年度目标任务的,每差1个百分点扣0.25分,扣完为止。", 1, "比年度目标低2个百分点", 0.5),
    ("执行率达到95%得5分,每降低1%扣0.5分", 5, "比目标低2个百分点", 4),
    ("执行率达到95%得5分,每降低1%扣0.5分", 5, "差3%", 3.5),
    ("超额完成镇交栽植任务数,每超10%加2分,10分封顶。", 10, "超额20%", 4),   # past the line of a bonus
    ("未完成责任指标的,每低0.1个百分点扣0.3分,扣完为止。", 3, "低于责任指标0.5个百分点", 1.5),
    ("年度任务完成率100%得5分,每超额完成1%加0.1分,最高加1分", 5, "超额完成8%", 5.8),
    # days ahead of time are no days late (提前2天 was read as 2 days late)
    ("按规定时间及时报送的,得15分;不能及时报送的,每拖延一天扣0.5分。", 15, "提前2天报送", 15),
    # a count named after a verb that only says it was found (查到一次) takes the words before it
    # (the label was 查到, so 违规办理业务1次 went to another kind of problem counted in 次)
    ("存在违规办理业务的情况，查到一次，扣5分；报送资料差错率较高的，一个季度扣2分；与企业产生纠纷并被投诉的，一次扣3分。",
     10, "违规办理业务1次,1个季度差错率较高", 3),
    # a negation in what is counted (非访) is no hedge either; 无 against kinds of cases: none of any
    ("进京非访扣15分/批次,到省非访扣10分/批次,到市非访扣5分/批次", 15, "到市非访2批次", 5),
    ("进京非访扣15分/批次,到省非访扣10分/批次,到市非访扣5分/批次", 15, "无", 15),
    # a comparison in what is counted is no hedge of the number (it was refused)
    ("项目实施完成后达到预期的效果的:3分;一个学校未达到预期效果扣0.5分,扣完为止。", 3, "2个学校未达到预期效果", 2),
    # nothing happened, said in words, is a count of none
    ("发生一件安全事故扣12分。", 12, "没有发生", 12),
    ("每发生1起安全事故扣1分", 3, "全年未发生", 3),
]


@pytest.mark.parametrize("text,points,finding,want", FINDINGS,
                         ids=[f"{finding}" for _, _, finding, _ in FINDINGS])
def test_findings_are_read_as_the_rule_means_them(text: str, points: float | None, finding: str,
                                                  want: float) -> None:
    rule = parse_rule(text, points)
    score, reading = rule.read(finding)
    assert score == pytest.approx(want), (rule.explain(), reading)
    assert reading is not None  # it was read as a finding, so the reading is shown
    assert rule.score(rule.written(reading) if rule.inputs > 1 else reading) == pytest.approx(want)


def test_one_number_typed_for_alike_deductions_is_their_cases_together() -> None:
    # A cell of a multi-part rule holding a number (Excel keeps 3 as a number): the 3 cases.
    rule = parse_rule("未按规定审核的，每例扣0.1分；未及时维护系统的，每例扣0.1分；未按时办理登记的，每例扣0.1分", 1)
    assert rule.read(3.0) == (pytest.approx(0.7), ["3", "0", "0"])
    assert rule.score(0) == 1


@pytest.mark.parametrize("finding", ["约95%", "不到90%", "95%以上", "97%左右", "情况良好", "#DIV/0!",
                                     "办理比率低2%",  # (below what? it was read as 2%: 0 points)
                                     "办理比率未达到90%", "办理比率大约为95%", "20多个"])
def test_hedged_or_unplaced_findings_stay_unread(finding: str) -> None:
    rule = parse_rule("办理比率在99%以上得10分，每降低5%扣2分，低于60%不得分")
    with pytest.raises(ActualValueError):
        rule.score(finding)


@pytest.mark.parametrize("text,points,finding", [
    ("有批准文件:2分;没有批准文件:0分", None, "批准文件尚未取得"),    # the negated 取得 is not in the rule
    (CHECKLIST, None, "基本满足"),                                       # which items, it does not say
    (CHECKLIST, None, "除1项外均达到"),                                  # which one is excepted
    # a count of what holds is no count of problems; lacking one of the things the exemption
    # names is not the exemption (四项制度齐全 was 4 missing: 0 points; 缺信息公开制度 full points)
    ("建立资金管理、投诉处理、信息公开、补贴责任制等方面的得20分,每缺一项制度扣5 分。", 20, "四项制度齐全"),
    ("建立资金管理、投诉处理、信息公开、补贴责任制等方面的得20分,每缺一项制度扣5 分。", 20, "缺信息公开制度"),
    ("根据任务数,算出每人的平均分数,缺1 例,扣减 1 人平均分。", 3, "任务6例,全部完成"),
    # two failings found at once against tiers (one failing at a time: 无标识,设施不全 scored 1.5;
    # a piece written as the tier itself, 设施不全, now agrees with it, so both are seen)
    ("无办公场所不得分;无标识扣0.5分;设施不全扣1分。", 2, "无标识,设施不全"),
    ("农民人均可支配收入增速高于全县平均水平得3分,低1个百分点扣1分", 3, "低于全县平均2个百分点"),
    ("每缺少1项制度扣0.5分", 2, "已建立3项"),                # what holds, not what is missing
    # beside a tier of both failings (既无标识又设施不全) it is not read as one of them (it scored 1)
    ("公示栏标识规范、设施齐全的得3分;无标识的得1分;设施不全的得1分;既无标识又设施不全的不得分", 3,
     "无标识,设施不全"),
    # 无 against a condition that itself says 无: none of what? (it read as failing)
    ("无违规违纪问题的得2分", 2, "无"),
    # 均未 against problems written 未…: every failing happened, or none? (it read as none)
    ("未成立工作小组的,扣2分;未作出工作部署的,扣3分。", 5, "均未"),
    # the lessons held are no count of lessons missed (4 held read as 4 missed)
    ("到课率达70%以上不扣分,每下降1个百分点扣0.2分,每缺1次党课扣1分", 6, "组织4次,到课率65%"),
    # a piece that names two inputs as much (无实施方案: 无实施方案或考核办法, 实施方案无针对性)
    # and reads against only one of them (as its opposite: 3 points) is not placed
    ("无年度工作计划的,不得分;无实施方案或考核办法的,不得分;实施方案无针对性的,不得分;"
     "缺一个单位的实施方案或考核办法的,扣1分", 3, "无实施方案"),
    # a count of more than one against a failing that costs its points once (it cost them once)
    ("资产的报废处置是否符合学校的规定? 未按规定执行扣1分", 5, "2次未按规定执行"),
    ("部门预算编制时,年度收支平衡,未编赤字预算的,得2分", None, "未编制赤字预算"),  # negations disagree
    ("项目资金支出按预算执行的得3分,每发现一笔超范围支出扣0.5分;发现套取、骗取资金的,本项不得分", 3,
     "发现套取资金1笔"),                                                 # names the veto, with a number
    ("重点县制定的资金整合计划全部落实,得8分;重点县制定的资金整合计划未全部落实,本项指标不得分", 8,
     "整合计划落实率80%"),                                              # a rate for a yes or no
    (SEWAGE, 10, "85%"),                                  # the number holds, the words are not said
    ("培训覆盖率达到90%以上，培训档案齐全，否则不得分", 2, "覆盖率95%，考核合格率85%，档案齐全"),  # another rate
    ("资金使用合规的得3分，否则不得分", 3, "无违规"),       # a denied opposite: not a contradiction
    ("每迟报1次扣0.5分", 2, "没有发生安全事故"),              # nothing happened, but of another thing
    ("资金使用,存在截留扣2分,未按规定用途使用扣2分", 4, "资金使用"),  # names the subject, no failing
    (BINDING, 5, "装订不太整齐"),                               # partly: no problem's deduction
])
def test_findings_the_reader_is_unsure_of_stay_unread(text: str, points: float | None,
                                                      finding: str) -> None:
    with pytest.raises(ActualValueError):
        parse_rule(text, points).score(finding)


def test_a_canonical_value_is_never_read_as_a_finding() -> None:
    rule = parse_rule(CHECKLIST)
    assert rule.read("①③") == (2, None)
    assert rule.read(2) == (2, None)


def test_the_framework_scores_a_finding_and_says_how_it_read_it() -> None:
    item = Indicator("C11", "建设任务", 15, 3,
                     rule_text="建成面积低于年度任务的，每减少1%，扣1分；每发现一项质量问题扣1分，最多扣6分")
    framework = Framework("框架", (Indicator("C", "产出", 15, 1, children=(item,)),))
    result = evaluate(framework, Inputs(actuals={"C11": "完成率97%,质量问题2项"}))
    assert result.item("C11").final == 10
    notice = next(issue for issue in result.issues if issue.code == "PS-V006")
    assert notice.code == "PS-V006" and "①97%；②2" in notice.message
