"""The wordings real provinces, cities and counties write (issue #9's list), each read and scored.

Every case is (text, points, [(actual, score), …]); the scores are worked out by hand from the
rule text and DOMAIN.md §4 (percentages as fractions: 0.97 is 97%; a partial step costs a whole
step unless the text says otherwise). Rules of several parts take one value per part in one cell:
``①97%；②2``.
"""

from __future__ import annotations

import pytest

from scoring.errors import ActualValueError, RuleError
from scoring.parse import parse_rule
from scoring.targets import parse_target

SHAPES: list[tuple[str, float | None, list[tuple[object, float]]]] = [
    # --- numbering and noise
    ("(二)预算执行率在90%以上，得2分", None, [(0.95, 2), (0.85, 0)]),
    ("3、预算执行率在90%以上，得2分。", None, [(0.9, 2), (0.89, 0)]),
    ("⑧制定内控制度的，得2分", None, [("是", 2), ("否", 0)]),
    ("A.资金到位率达到100%的，得3分", None, [(1.0, 3), (0.99, 0)]),
    ("按排位打 分，每位次递减0.25分", 2, [(1, 2), (3, 1.5), (20, 0)]),
    ("办理比率在 9 9 %以上得 1 0 分，每降低 5 个百分点扣 2 分", None, [(0.97, 8), (0.99, 10)]),
    ("每发现1人未取得合格证扣 0。5 分,扣完为止", 2, [(1, 1.5), (4, 0)]),   # a decimal point scanned as 。
    ("每发现一处问题扣0.5分，\n扣完为止。\n12", 3, [(2, 2), (7, 0)]),
    # --- points written anywhere
    ("资料齐全的,得2分", None, [("齐全", 2), ("是", 2), ("不齐全", 0)]),
    ("建立绩效管理制度的。15分", None, [("是", 15), ("否", 0)]),
    ("建立绩效管理制度的15分", None, [("是", 15)]),
    ("依据充分:3分;一般:1.5分;没有:0分", None, [("充分", 3), ("一般", 1.5), ("没有", 0)]),
    ("100%:5分;90-100%:3分;70%以下:0分", None, [(1.0, 5), (0.95, 3), (0.9, 3), (0.8, 0), (0.6, 0)]),
    ("完成率达到90%、80%和70%,分别得6分、4分和2分", None, [(0.95, 6), (0.85, 4), (0.75, 2), (0.5, 0)]),
    ("满分5分，每发现一处问题扣1分", None, [(0, 5), (2, 3), (9, 0)]),
    ("①制度健全(1分)②执行到位(1分)③信息公开(1分)", None, [("①③", 2), ("①②③", 3), ("无", 0)]),
    ("按时报送的计2分", None, [("是", 2), ("按时报送", 2), ("否", 0)]),
    ("工作计划完成的，计5分", None, [("是", 5)]),
    # --- comparisons with a subject and any sign
    ("变动率≤0,计5分;>0,每超过一个百分点扣0.5分", None,
     [(-0.02, 5), (0, 5), (0.03, 3.5), (0.011, 4), (0.2, 0)]),
    ("满意度≧95%得5分", None, [(0.95, 5), (0.949, 0)]),
    ("满意度＞＝95％得5分", None, [(0.95, 5)]),
    ("完成数不少于10项得3分", None, [(10, 3), (9, 0)]),
    ("资金到位率不低于90%的得2分", None, [(0.9, 2), (0.89, 0)]),
    ("到位率达到90%(含90%)以上的得2分", None, [(0.9, 2), (0.89, 0)]),
    ("增幅高于全省平均水平的30%(包括30%)得5分", None, [(0.3, 5), (0.29, 0)]),
    ("误差率10%以内得3分", None, [(0.1, 3), (0.11, 0)]),
    ("完成率<80%不得分，≥80%得4分", None, [(0.79, 0), (0.8, 4)]),
    # --- step deductions with any verb and unit, caps, floors, rounding
    ("每少报一次扣1分", 5, [(0, 5), (2, 3), (9, 0)]),
    ("按时报送得3分，每迟报1天扣0.5分", None, [(0, 3), (2, 2), (1.5, 2), (10, 0)]),
    ("按规定时间拨付资金的得3分，每滞留半个月扣0.5分", None, [(0, 3), (1, 2), (0.75, 2)]),
    ("预算执行率100%得5分，每相差3%扣1分", None, [(1.0, 5), (0.94, 3), (1.06, 3), (0.5, 0)]),
    ("每少一篇扣2分", 10, [(0, 10), (3, 4)]),
    ("执行率达到95%得5分，每减少1个百分点扣0.5分", None, [(0.95, 5), (0.93, 4), (0.925, 3.5)]),
    ("每发现一例扣1分", 3, [(1, 2), (5, 0)]),
    ("培训覆盖每少1人次扣0.5分", 2, [(2, 1)]),
    ("每发现一处问题扣2分，扣满15分为止", 20, [(3, 14), (10, 5)]),
    ("每发现一处问题扣2分，扣完20分为止", 20, [(10, 0)]),
    ("每发现一处问题扣1分，最多扣4分", 10, [(3, 7), (9, 6)]),
    ("每发现一处问题扣1分，最低0分", 3, [(5, 0)]),
    ("完成率在90%以上得10分，每降低1个百分点扣0.5分，不足一个百分点的按照一个百分点计算", None,
     [(0.885, 9), (0.9, 10)]),
    ("完成率在90%以上得10分，每降低1个百分点扣0.5分，不足一个百分点的不扣分", None,
     [(0.885, 9.5)]),
    # --- formulas, straight lines, ranks
    ("得分=完成率×20", None, [(0.9, 18), (1.2, 20)]),
    ("20分*执行率", None, [(0.9, 18)]),
    ("得分值=实际完成率(超过100%以100%计算)×分值", 10, [(1.1, 10), (0.8, 8)]),
    ("按完成比例计算得分,满分为止", 5, [(0.6, 3), (1.2, 5)]),
    ("≤15日得满分,>30日为0分,15-30日按比例减分", 10, [(10, 10), (15, 10), (20, 20 / 3), (35, 0)]),
    ("按排位打分,每位次递减0.25分", 3, [(1, 3), (5, 2)]),
    # --- words
    ("有应急预案的得2分，没有不得分", None, [("有", 2), ("没有", 0), ("是", 2)]),
    ("制定实施方案的，得2分，否则不得分", None, [("是", 2), ("否", 0), ("制定实施方案", 2)]),
    ("未落实的扣2", 3, [("未落实", 1), ("落实", 3), ("是", 3)]),
    ("较上年下降的得2分，持平得1分，增长不得分", None, [("下降", 2), ("持平", 1), ("增长", 0)]),
    ("资料齐全的得2分，不齐全的扣2分", None, [("齐全", 2), ("不齐全", 0)]),
    ("满意度90%(含)以上得满分，80%-90%得3分，80%以下不得分", 5, [(0.95, 5), (0.9, 5), (0.85, 3), (0.7, 0)]),
    ("内控制度完善的得4分,基本完善的得2分,不完善的不得分", None, [("较完善", 2), ("已完善", 4)]),
    # --- item vetoes and disqualification
    ("按时完成得5分；有弄虚作假现象的该项不计分", None, [("①是；②否", 5), ("①是；②是", 0)]),
    ("每发现一处问题扣1分，扣完为止；受举报被查处的不计分", 3, [("①1；②否", 2), ("①0；②是", 0)]),
    ("每迟报半天扣0.5分，扣完为止，影响全省上报的取消评比资格", 2, [(1, 1), ("①1；②是", 0)]),
    # --- rules of several parts
    ("建成面积低于年度任务的，每减少1%，扣1分；每发现一项质量问题扣1分，最多扣6分", 15,
     [("①100%；②0", 15), ("①97%；②0", 12), ("①100%；②8", 9)]),
    ("资金到位率和支出进度各占2分，达到100%的得满分，每降低1%扣0.1分", None,
     [("①100%；②100%", 4), ("①95%；②80%", 1.5)]),
    ("纳入重点工作部署，得1分；有正面批示的，一个加1分，最多加2分", 1,
     [("①是；②0", 1), ("①是；②3", 3), ("①否；②1", 1)]),
    # numbered items with their points in brackets: each item scored on its own points
    ("（1）办理率（5分）：在99%以上得5分，每降低5%扣1分；（2）问题整改（5分）：每发现一处问题扣1分",
     None, [("①97%；②2", 7), ("①99%；②0", 10), ("①50%；②9", 0)]),
    ("①办理率在99%以上得5分，每降低5%扣1分；②每发现一处问题扣1分，最多扣5分", 10,
     [("①97%；②2", 7), ("①99%；②8", 5)]),
    ("按时报送（2分），每迟报1天扣0.5分", None, [(0, 2), (3, 0.5), (5, 0)]),
    # a deduction beside awards that take all the points takes from what they give
    ("①办理率在99%以上得5分，每降低5%扣1分；②每发现一处问题扣1分，最多扣5分", 5,
     [("①97%；②2", 2), ("①99%；②1", 4), ("①99%；②9", 0)]),
    ("制度健全（2分），不健全（0分）", None, [("健全", 2), ("不健全", 0)]),
    # late, on time: the best outcome is none late, never the worst range
    ("在规定时间内报送的得2分，逾期3天以内的得1分，逾期3天以上的不得分", 2,
     [(0, 2), (2, 1), (4, 0), (10, 0)]),
    ("上报及时性：按时上报得2分；延迟1-3天上报得1分；延迟3天以上不得分", 2, [(0, 2), (2, 1), (5, 0)]),
    ("超期10天以内的扣1分，超期10天以上的扣2分，按期完成的得2分", 2, [(0, 2), (5, 1), (15, 0)]),
    ("问题整改：上年评价发现问题全部整改的得2分，整改率达到80%（含）以上的得1分，低于80%的不得分", 2,
     [(1.0, 2), (0.9, 1), (0.79, 0)]),
    ("计划建成面积数全部或超额完成,得20分;完成率在80-100%,得10分", 20, [(1.0, 20), (1.1, 20), (0.9, 10)]),
    # a line of zero, an equality, a stated target, a line inside the step
    ("发生安全事故0起得满分，每发生1起扣2分", 4, [(0, 4), (1, 2), (2, 0), (5, 0)]),
    ("执行率为100%的得满分，每降低5%扣0.5分，扣完为止", 2, [(1.0, 2), (0.95, 1.5), (0.92, 1)]),
    ("结转结余率为0的得满分，每增加1个百分点扣0.2分，扣完为止", 2, [(0, 2), (0.03, 1.4)]),
    ("执行率目标为95%，达到目标得4分，每低于目标值5个百分点扣1分，不足5个百分点的不扣分", 4,
     [(0.95, 4), (0.91, 4), (0.88, 3)]),
    ("项目支出预算执行率≥95%得5分，每低于95%一个百分点扣0.5分，执行率低于85%不得分", 5,
     [(0.95, 5), (0.9, 2.5), (0.86, 0.5), (0.84, 0)]),
    ("支出进度达到序时进度的得2分，每落后序时进度5个百分点扣0.5分", 2, [(0, 2), (0.03, 1.5), (0.1, 1)]),
    ("经费保障率达到100%的得2分，每下降1%扣0.2分，下降超过10%的本项不得分", 2,
     [(1.0, 2), (0.95, 1), (0.89, 0)]),
    # a penalty per three problems: a part of three costs a whole penalty (the default policy)
    ("每发现3处问题扣1分", 5, [(0, 5), (1, 4), (3, 4), (4, 3)]),
    # points per unit up to a cap
    ("带动就业人数每增加100人得1分，最高得3分", 3, [(50, 0), (250, 2), (400, 3)]),
    # a proportion below the full-points line
    ("到位率100%得满分，到位率低于100%的，按到位率乘以分值计分", 4, [(1.0, 4), (0.9, 3.6)]),
    ("满意度达到85%及以上得3分，低于85%的按满意度×分值计算", 3, [(0.85, 3), (0.8, 2.4)]),
    ("计划完成率≥100%，得满分；计划完成率<100%，得分=计划完成率×分值", 8, [(1.0, 8), (0.75, 6)]),
    ("设备正常运行率≥98%得满分，不足98%的，按（实际运行率/98%）×分值计算", 4, [(0.98, 4), (0.882, 3.6)]),
    # ranges: the top is inside where nothing else holds it; counted deductions by range
    ("完成率在95%-100%之间得5分，90%-95%得3分", 5, [(1.0, 5), (0.95, 5), (0.92, 3), (0.89, 0)]),
    ("10个工作日以内得5分，10-20个工作日得3分，超过20个工作日不得分", 5, [(10, 5), (20, 3), (21, 0)]),
    ("在全市排名前3名的得5分，4-6名得3分，7-10名得1分，10名以后不得分", 5,
     [(3, 5), (6, 3), (10, 1), (11, 0)]),
    ("制度执行：发现1-2个问题扣1分，3-5个问题扣2分，5个以上问题不得分", 3,
     [(0, 3), (2, 2), (4, 1), (6, 0)]),
    ("在省级考核中获得优秀等次的得3分，良好等次得2分，合格等次得1分", 3,
     [("优秀", 3), ("良好", 2), ("合格", 1)]),
    # numbered items each on its own measure and points
    ("1、基本支出预算执行率达到100%，得2分；\n2、项目支出预算执行率达到90%以上，得2分，每降低1个百分点扣0.1分。",
     4, [("①100%；②90%", 4), ("①99%；②85%", 1.5)]),
    ("①完成率90%以上得5分；②资金到位率达到100%的按比例得分", 10, [("①90%；②50%", 7.5)]),
    ("政府采购预算编制率100%的得2分，每降低10个百分点扣0.5分，扣完为止；应编未编政府采购预算的，每项扣0.5分。",
     4, [("①100%；②0", 4), ("①90%；②2", 2.5)]),
    ("项目按期完成率(3分)\n按期完成率=按期完成项目数/计划项目数×100%\n完成率100%，得3分；\n"
     "完成率90%（含）-100%，得2分；\n完成率90%以下，不得分。", 3, [(1.0, 3), (0.95, 2), (0.89, 0)]),
    ("目标管理：是否制定了明确的年度工作计划，有得1分，无不得分", 1, [("有", 1), ("无", 0)]),
    # over an allowance, a place in a ranking, open ends of ranges
    ("预算调剂：年度预算调剂次数不超过2次的得2分，每增加1次扣0.5分。", 2, [(0, 2), (2, 2), (3, 1.5), (5, 0.5)]),
    ("预算调整次数控制在3次以内（含3次）的得2分，超过3次的每多1次扣0.5分，扣完为止。", 2,
     [(3, 2), (4, 1.5), (9, 0)]),
    ("预算资金支付进度考核按月排名，排名第1名得5分，此后每降低一个位次扣0.2分。", 5, [(1, 5), (6, 4), (30, 0)]),
    ("县区财政管理绩效考核排名进入全省前10名的，得5分；11-30名，得3分；31名以后，得1分。", 5,
     [(10, 5), (30, 3), (31, 1)]),
    ("债务风险：债务率低于100%的得5分；100%-120%（含）的得3分；120%以上的不得分。", 5,
     [(0.99, 5), (1.0, 3), (1.2, 3), (1.21, 0)]),
    ("公务用车运行维护费超支率在0-5%（含）的得1分，5%以上的不得分，未超支的得2分。", 2,
     [(0, 2), (0.03, 1), (0.06, 0)]),
    # no rise: the lowest band of a change stops at 0
    ("城市绿化覆盖率比上年提高1个百分点以上的得3分，提高不足1个百分点的得2分，未提高的不得分。", 3,
     [(0.02, 3), (0.005, 2), (0, 0), (-0.01, 0)]),
    ("新增市场主体数量较上年增长15%以上的得4分；增长10%-15%的得3分；增长5%-10%的得2分；增长5%以下的得1分；"
     "负增长的不得分。", 4, [(0.2, 4), (0.12, 3), (0.06, 2), (0, 1), (-0.02, 0)]),
    # items each worth a point; tiers beside a numeric deduction; an event named alone
    ("管理制度执行有效性。①遵守相关制度；②审批手续完备；③资料齐全并及时归档；④整改落实到位。每项1分，共4分。", 4,
     [("①②③④", 4), ("②④", 2), ("无", 0)]),
    ("绩效信息公开：绩效目标、绩效自评结果随预决算一并公开的，得2分；仅公开其中一项的，得1分；均未公开的，不得分。", 2,
     [("随预决算一并公开", 2), ("仅公开其中一项", 1), ("均未公开", 0)]),
    ("暂付款管理：暂付款余额较年初下降的得2分，持平的得1分，增加的不得分；暂付款占比超过5%的，扣1分。", 2,
     [("①下降；②3%", 2), ("①下降；②6%", 1), ("①持平；②3%", 1), ("①增加；②8%", 0)]),
    ("项目实施内容发生重大调整且未按程序报批的，扣3分；一般调整未报批的，每项扣1分。本项分值5分。", 5,
     [("①达成；②0", 5), ("①项目实施内容发生重大调整且未按程序报批；②1", 1), ("①达成；②2", 3)]),
    ("存在违规问题的扣1分", 3, [("达成", 3), ("存在违规问题", 2)]),
    # a share of the points
    ("制度健全的得满分，基本健全的得该项分值的50%，不健全的不得分", 4,
     [("健全", 4), ("基本健全", 2), ("不健全", 0)]),
    ("完成率达到100%的得满分，达到90%的得分值的80%，低于90%不得分", 10,
     [(1.0, 10), (0.95, 8), (0.89, 0)]),
    # the line of a step in a sentence of its own before it, a note between
    ("设备完好率不低于90%。查现场和资料。每降低1个百分点扣0.5分", 3,
     [(0.92, 3), (0.9, 3), (0.88, 2), (0.8, 0)]),
    ("开展培训不少于4次。每少1次扣0.5分", 3, [(4, 3), (3, 2.5), (0, 1)]),
    ("控制率不高于100%；每超过1个百分点扣0.5分", 3, [(1.0, 3), (1.04, 1)]),
    # a per-person loss of all points where the awards leave no base: all of the item's points
    ("完成率100%得满分;有1人不达标的,该项不得分。", 15,
     [("①100%；②0", 15), ("①100%；②1", 0), ("①99%；②0", 0)]),
    # a deduction per missing item after items of those points says the list again
    ("①招待费用明确招待标准,1分;②车辆燃油使用政府定点,1分。③制定“三公经费”管理办法,1分,每少一项扣1分,扣完为止。",
     3, [("①②③", 3), ("①③", 2), ("无", 0)]),
    ("①制度健全,得1分;②执行到位,得1分;③信息公开,得1分;每少一项扣1分", 3, [("①②", 2)]),
    # a capped bonus that fills the item's points beside the award (1.5 + 0.5 = 2)
    ("保持人员编制稳定的，得1.5分；每增加1名，加0.05分，加分不超过0.5分。", 2,
     [("①是；②0", 1.5), ("①是；②4", 1.7), ("①是；②20", 2), ("①否；②4", 0.2)]),
    # a condition, then 否则不得分: the condition keeps the item's points (not: it takes them)
    ("污水处理率达80%以上,否则不得分", 10, [(0.85, 10), (0.8, 10), (0.75, 0)]),
    ("预算执行率≥90%,否则该项不得分", 5, [(0.95, 5), (0.85, 0)]),
    ("确保污水处理率达80%以上,污泥基本实现无害化处理,否则不得分", 10, [("是", 10), ("否", 0)]),
    # numbered options glued after their points: (1)…15分(2)…9分(3)…0分
    ("(1)有独立办公用房15分(2)与其他单位共用办公用房9分(3)无办公用房 0分", 15,
     [("有独立办公用房", 15), ("与其他单位共用办公用房", 9), ("无办公用房", 0)]),
    # 累计扣分 says how problems count, it is no band of its own
    ("数字不真实、技术性差错、漏项等,每一处扣0 .1分;由一处数据错误造成两个以上数据错误的累计扣分。", 10,
     [(0, 10), (3, 9.7), (10, 9)]),
    # 酌情: after 根据…, and as a lead-in sentence before a rule that scores
    ("根据实际情况酌情扣分", 6, [(4, 4), (6, 6)]),
    ("依据项目验收报告、实地调查情况酌情给分。目标完成的质量好:6分;发现一处不符合质量要求的,扣0.5分,扣完为止。", 6,
     [(0, 6), (4, 4), (20, 0)]),
    # a deduction that runs until the points are gone is made per case
    ("1、制度与措施3分,未建立健全各项管理制度扣0.5分,直至本项目分扣完;", 3, [(0, 3), (2, 2), (8, 0)]),
    ("发现问题扣0.5分,扣完为止", 3, [(0, 3), (2, 2), (8, 0)]),
    ("(1)任职资格符合章程规定5分(2)产生程序符合章程规定5分(3)上述两项均不符合章程规定0分", 10,
     [("①②", 10), ("①", 5), ("无", 0)]),                # items, and none met: not a title of 5
    ("预算执行率达到90%以上，否则不得分（5分）", None, [(0.95, 5), (0.85, 0)]),   # the points after it
    ("确保污水处理率达80%以上，污泥基本实现无害化\n（资源化）处理处置，否则不得分（10分）；", 10, [("是", 10), ("否", 0)]),
    # a count or step that ends in no points from a bound on the same measure
    ("每迟报一天扣1分;迟报四天及以上不得分。", 5, [(0, 5), (3, 2), (4, 0), (9, 0)]),
    ("每一处逻辑审核错误扣1分;有五处及以上逻辑审核错误,不得分。", 5, [(0, 5), (3, 2), (4, 1), (5, 0)]),
    ("执行率每下降1%扣0.2分，下降超过10%的不得分", 5, [(1.0, 5), (0.95, 4), (0.89, 0)]),
    # 分别 pairs deductions too; one comparison word serves every number, nested bounds one band each
    ("低于80%、70%、60%的，分别扣1分、2分、3分", 30, [(0.85, 30), (0.75, 29), (0.7, 29), (0.65, 28), (0.55, 27)]),
    ("超过5%、10%、15%的，分别扣1分、2分、3分", 10, [(0.03, 10), (0.06, 9), (0.12, 8), (0.2, 7)]),
    # the one number among an award's words is the line of the step after it
    ("每年至少召开4次会议,专门研究信访工作。4分每少1次会议扣1分。", 4, [(4, 4), (2, 2), (0, 0)]),
    # near the new wordings' edges (a review's cases): what they must not swallow
    ("每发现一处问题扣0.5分,累计扣分不超过2分", 5, [(10, 3), (2, 4)]),    # 累计扣分 before a cap
    ("每发现一处问题扣0.5分,累计扣分最多2分", 5, [(10, 3)]),
    ("发现1处以上问题扣0.5分,扣完为止", 2, [(1, 1.5), (5, 0)]),
    ("抽查比例不低于20%。资金使用合规率每降低1个百分点扣0.5分", 5, [(1.0, 5), (0.9, 0)]),  # another measure
    ("以项目实施方案为准，其中市级配套不低于30%。按完成比例得分", 10, [(0.5, 5)]),
    ("①执行率≥90%得2分，每降低1个百分点扣该项分值的10%；②按时报送得3分", 5, [("①85%；②是", 4)]),
    ("未建立内控制度的扣2分,扣完为止", 4, [("未建立内控制度", 2), ("建立内控制度", 4)]),  # once
    ("按时报送（1分）。每发现一处数据错误扣0.5分", 1, [("按时报送", 1), (1, 0.5)]),
    ("每有1次加1分，最多加2分", 2, [(1, 1), (4, 2)]),
    ("依据项目完成情况酌情给分。项目按期完成得满分", 5, [(3, 3)]),        # the evaluator scores
    ("资金到位率达到90%。资金支付率每降低1个百分点扣0.5分", 5, [(1.0, 5), (0.9, 0)]),
    ("预算执行率达到100%。其中，资本性支出占比不低于30%。每降低1个百分点扣0.5分", 5, [(0.95, 2.5)]),
    ("根据工作开展情况酌情扣分，每发现一处问题扣0.5分", 5, [(0, 5), (2, 4)]),
    ("低于90%的扣1分，低于80%的扣2分，低于70%的扣3分", 5, [(0.95, 5), (0.85, 4), (0.65, 2)]),
    ("资金到位率达到100%的，否则不得分", 3, [(1.0, 3), (0.9, 0)]),
    ("按时报送，否则不得分", 2, [("是", 2), ("按时报送", 2), ("否", 0)]),  # not a gate 是 triggers
    ("未按规定公开预算、决算等信息的扣1分，扣完为止", 3, [("否", 2)]),
    # a checklist answered item by item: an item answered 否 does not hold
    ("①按时报送得2分；②数据准确得2分", 4, [("①是；②否", 2), ("①否；②否", 0), ("①是；②是", 4), ("①②", 4)]),
    ("①制度健全（1分）；②执行有效（1分）；③档案完整（1分）", 3,
     [("①√②×③√", 2), ("①②是③否", 2), ("① 否；② 是；③ 是", 2), ("①：否；②：是；③：是", 2),
      ("①没有②有③有", 2), ("①(是)②(否)③(是)", 2), ("①③", 2), ("①③满足,②不满足", 2)]),
    # a heading before a condition kept by 否则不得分; a cutoff after nested deductions
    ("档案管理（2分）。档案资料齐全，否则不得分", 2, [("是", 2), ("否", 0)]),
    ("执行率低于90%的扣1分，低于80%的不得分", 3, [(0.95, 3), (0.85, 2), (0.75, 0)]),
    ("执行率低于90%扣2分，低于80%再扣2分", 5, [(0.95, 5), (0.85, 3), (0.75, 1)]),   # 再扣 adds
    ("超过5%的扣1分，超过10%的另扣1分", 3, [(0.03, 3), (0.07, 2), (0.12, 1)]),
    ("执行率在90%以上得满分，80%-90%得满分的70%", 5, [(0.95, 5), (0.85, 3.5)]),
    ("每发现1处问题扣0.5分；重大问题2处及以上的，本项不得分", 3, [("①2；②0", 2), ("①2；②2", 0)]),
    ("按时完成得满分，逾期完成得百分之五十分值", 4, [("按时完成", 4), ("逾期完成", 2)]),  # not 得100分之…
    ("执行率低于90%扣2分，高于110%再扣2分", 5, [(0.85, 3), (1.15, 3), (1.0, 5)]),  # 再 on one side only
    ("预算执行率≥95%得5分；当年执行率低于80%得0分", 5, [(0.96, 5), (0.7, 0)]),     # one rate, two names
    # points spelled in words (扣两分) and 低于或等于; a bound without a name of its own ends the step
    ("登记率100%及以上得满分，每下降一个百分点扣两分，登记率95%或以下为零分", 10, [(1.0, 10), (0.98, 6), (0.95, 0)]),
    ("零申报率低于或等于10%得满分，零申报率每提高一个百分点扣两分，15%或以上得零分", 10,
     [(0.08, 10), (0.12, 6), (0.15, 0)]),
    ("完成任务得五分，每少一项扣零点五分", 5, [(0, 5), (3, 3.5)]),
    # a bonus list answered 无 or 否: no award
    ("是否省考核。是的加20分", 20, [("是", 20), ("否", 0)]),
    ("受到国务院嘉奖加3分，受到省级嘉奖加2分", 3, [("无", 0), ("省级嘉奖", 2)]),
    # 分别 pairs words with amounts too
    ("产业、民生、功能分别加15、8、6分", 15, [("产业类", 15), ("民生类", 8), ("基本功能类", 6), ("无", 0)]),
    ("优、良、中、差分别得10分、8分、6分、0分", 10, [("良", 8), ("差", 0)]),
    # a bound on another measure before a percentage says whose share is measured
    ("科级领导干部中35岁(含)以下的不低于20%，得1分；每低1%，扣0.05分", 1,
     [(0.38, 1), (0.2, 1), (0.15, 0.75)]),
    ("投入50万元以上的项目完成率达到90%得1分", 1, [(0.95, 1), (0.85, 0)]),
    # the step of a ranking in other words
    ("按排位打分,每位次按0.25分递减", 20, [(1, 20), (5, 19)]),
    ("按排名计分，每降低一个位次扣0.5分", 5, [(1, 5), (5, 3)]),
    # a step's deduction as a share of the item's points
    ("满意度≥90%得满分，满意度每降低1个百分点扣该指标分值的10%", 5, [(0.9, 5), (0.87, 3.5), (0.7, 0)]),
    ("每发现一处问题扣该项分值的20%，扣完为止", 5, [(0, 5), (2, 3), (7, 0)]),
    # OCR of a PDF table: ≤ read as W
    ("以 100%为标准。在 人员控制率 W 100%,计 1分;每超过一个百分 点扣0. 1分,扣完为止。", 1,
     [(1.0, 1), (0.9, 1), (1.05, 0.5), (1.2, 0)]),
    # the share written before 分值, or alone after 得 (得 takes points, so 60% is of them)
    ("满意度≥90%得满分；80%≤满意度<90%得80%分值；满意度<80%不得分", 5,
     [(0.92, 5), (0.85, 4), (0.8, 4), (0.79, 0)]),
    ("≥95%得满分，≥90%得80%的分值，≥85%得60%的分，<85%不得分", 10,
     [(0.96, 10), (0.91, 8), (0.86, 6), (0.8, 0)]),
    ("实现目标得满分，基本实现得60%，未实现不得分", 5, [("实现目标", 5), ("基本实现", 3), ("未实现", 0)]),
    # several scores: a weighted composite (Σ weight × score) and a rescaled score (得分 ÷ 满分 × 分值)
    ("得分=自评得分×40%+专家评分×60%", 100, [("①80；②90", 86), ("①100；②100", 100), ("①0；②0", 0)]),
    ("综合得分＝自评得分×0.4＋专家评分×0.6", 10, [("①8；②9", 8.6), ("①8分；②9分", 8.6)]),
    ("市级考评结果按70%计入，区县考评结果按30%计入总分。", 100, [("①90；②80", 87)]),
    ("部门自评、绩效监控、重点评价三项得分加权平均,权重分别为20%、30%、50%", 100,
     [("①90；②80；③70", 77)]),
    ("按适用指标得分折算为本项分值", 10, [("①36；②40", 9), ("①40；②40", 10), ("①0；②40", 0)]),
    ("得分=适用指标得分÷适用指标总分×本项分值", 20, [("①72；②80", 18)]),
    # 个点 after a verb of a level is a percentage point; after 少 it stays a count of points
    ("预算执行率达到100%得满分，每下降一个点扣0.5分", 5, [(1.0, 5), (0.96, 3), (0.9, 0)]),
    ("满意度90%以上得满分，每低于目标值1个点扣0.2分", 2, [(0.92, 2), (0.85, 1)]),
    ("监测点每少1个点扣1分", 3, [(0, 3), (2, 1)]),
    # a floor beside a proportion (refused before: the floor was left unread)
    ("按完成比例得分，低于60%不得分", 2, [(0.9, 1.8), (0.6, 1.2), (0.55, 0)]),
    ("预算执行率=实际支出/实际到位资金×100%，得分=预算执行率×分值，执行率低于60%不得分", 5,
     [(0.9, 4.5), (0.6, 3), (0.55, 0)]),
    ("得分=预算执行率×分值，执行率60%以下不得分", 5, [(0.9, 4.5), (0.6, 0)]),
    ("满意度达到85%及以上得3分，低于85%的按满意度×分值计算，低于60%不得分", 3,
     [(0.9, 3), (0.7, 2.1), (0.5, 0)]),
    # the item's points named before a deduction's number; 大于(等于) is ≥
    ("每发现一处扣本项1分", 3, [(1, 2), (4, 0)]),
    ("达标率大于(等于)70%得满分,每降低10个百分点扣1.5分,直至扣完。", 8, [(0.8, 8), (0.6, 6.5), (0.2, 0.5)]),
    # a count with 有 before its number is the count deducted per case
    ("发现一次的，扣0.5分；发现有两次及以上的，此项不得分", 1.5, [(0, 1.5), (1, 1), (2, 0), (3, 0)]),
    # an item's points in brackets after its sentence ends; a generic failing closes a requirement
    ("1.按时完成建档立卡工作。(3分) 2.及时上报系统信息。(2分) 以上指标,不达标不得分。", 5,
     [("①②", 5), ("①", 3), ("②", 2)]),
    ("1.完成省下达年度脱贫任务(含政策性保障兜底)。 以上指标,不达标不得分。", 50, [("是", 50), ("否", 0)]),
    ("完成省下达年度脱贫任务。未达到要求的不得分。", 50, [("是", 50), ("否", 0)]),
    # an answer that is the failing condition without its 没有 is the condition not met
    ("没有年度任务的按缺项考核计分,没有完成年度任务的不得分。", 3,
     [("完成年度任务", 3), ("没有完成年度任务", 0)]),
    # places listed by a range, one value each (docs/rules.md's example was refused: the
    # repeated name of the measure read as a second measure)
    ("排名1-5名的依次赋予60分、57分、54分、51分、48分", 60, [(1, 60), (4, 51), (6, 0)]),
    ("在全市排名1-3名的分别得5分、4分、3分，其余不得分", 5, [(1, 5), (3, 3), (5, 0)]),
    # a proportion within a range below the full line; nothing below the range
    ("预算执行率≥95%得满分；90%≤预算执行率<95%，得分=预算执行率×分值；低于90%不得分", 5,
     [(0.96, 5), (0.95, 5), (0.92, 4.6), (0.9, 4.5), (0.85, 0)]),
    ("执行率在90%至95%之间的，按执行率×分值计分，95%以上得满分", 5, [(0.96, 5), (0.92, 4.6), (0.85, 0)]),
    # a count's line stated before a proportion of it
    ("年内全县查处非法捕捞案件10例以上（含简易案件）;否则按完成比例得分（15分）。", 15,
     [(12, 15), (8, 12), (4, 6)]),
    # X,否则扣N分: X keeps the points, anything else loses N
    ("按时报送，否则扣1分", 2, [("是", 2), ("按时报送", 2), ("否", 1), ("未达成", 1)]),
    ("按时报送的得满分，否则扣1分", 2, [("是", 2), ("否", 1)]),
    # items that each lose their own points, said once after them
    ("按规定确定补贴对象并进行公示的得5分,工作经费配套的得4分,未按规定的每项相应扣分。", 9,
     [("①②", 9), ("①", 5), ("②", 4)]),
    # near this round's new wordings (a review's cases): what they must not swallow
    ("低洼点每少1个点扣0.5分", 2, [(0, 2), (2, 1)]),                 # 个点 of sites, no level
    ("监测点数量不低于20个点得满分，每少1个扣0.5分", 3, [(20, 3), (18, 2)]),
    ("落实小微企业所得税减半征收政策的得2分，否则不得分", 2, [("是", 2), ("否", 0)]),
    ("执行率≥95%得2分;90%-95%得1分。(2分)", 2, [(0.96, 2), (0.92, 1), (0.85, 0)]),
    ("制度健全。执行到位。以上内容，不符合要求的不得分", 2, [("是", 2), ("否", 0)]),
    # (second review) a tier's own words before other tiers' spellings; a requirement with a
    # number before a generic failing; 减半计算; a change in 个点 without 每; 满意度 is 满意率;
    # 漏报 bounds 漏报
    ("完全相符:3分,基本相符:2分,部分相符:1分;不相符:0分", 3,
     [("完全相符", 3), ("基本相符", 2), ("部分相符", 1), ("不相符", 0)]),
    ("严格按程序办理:4分;部分环节没有按程序办理:2分;不按程序办理:0分", 4,
     [("部分环节没有按程序办理", 2), ("不按程序办理", 0)]),
    # (with a number the statement may be a measure: the failing stays the question asked,
    # 未按要求完成 — 是 is 0, as its input says)
    ("每年开展两次督导检查。未按要求完成的不得分", 2, [("是", 0), ("否", 2)]),
    ("完成培训任务1000人次，否则不得分", 3, [("1000", 3), ("是", 3), ("否", 0)]),
    ("按时报送绩效自评报告。未达到要求的，本项不得分", 2, [("是", 2), ("否", 0)]),
    ("资金到位率达到100%。（2分）", 2, [(1.0, 2), (0.9, 0)]),
    ("按时报送得满分，逾期报送的减半计算", 2, [("按时报送", 2), ("逾期报送", 1)]),
    ("按时报送得2分；延期报送的减半计算得分", 2, [("按时报送", 2), ("延期报送", 1)]),
    ("合格率每下降1个点扣0.5分，下降3个点以上不得分", 2, [(1.0, 2), (0.98, 1), (0.97, 0)]),
    ("满意度≥90%得满分，每降低1%扣0.2分，满意率低于60%不得分", 2, [(0.9, 2), (0.85, 1), (0.59, 0)]),
    ("每漏报1次扣0.5分，漏报3次以上不得分", 2, [(0, 2), (2, 1), (3, 0)]),
    # deductions for alternatives: no "met" word is made from them (装订或装订不整齐 took
    # 装订不整齐 as met: 5 points)
    ("未装订或装订不整齐扣2分,装订顺序不正确扣1分,纸张大小不符合规定扣2分", 5,
     [("达成", 5), ("装订不整齐", 3), ("未装订", 3), ("装订顺序不正确", 4)]),
    # a comparison word alone after a line: beyond it (not a second part)
    ("人员经费控制率≤100%得满分，超过的不得分", 1, [(0.99, 1), (1.0, 1), (1.01, 0)]),
    # half the points in other words (得一半分, 减半计分, 得分减半)
    ("预算调整率≤10%，得满分；10%-20%，得一半分；20%以上不得分", 2, [(0.08, 2), (0.15, 1), (0.25, 0)]),
    ("预算调整率≤10%，得满分；10%-20%，减半计分；20%以上不得分", 2, [(0.08, 2), (0.15, 1), (0.25, 0)]),
    ("按时报送得满分，逾期报送的得分减半，未报送不得分", 2, [("按时报送", 2), ("逾期报送", 1), ("未报送", 0)]),
    # deductions for different problems side by side: each problem found costs its own points,
    # all that are found (两个问题都有 cost both: tiers took one), never below 0; the value names
    # the problems found (②③), or one problem in its own words
    ("报表装订整齐、顺序正确、纸张大小符合规定的得5分。未装订或装订不整齐扣2分,装订顺序不正确扣1分,"
     "纸张大小不符合规定扣2分。", 5,
     [("报表装订整齐、顺序正确、纸张大小符合规定", 5), ("无", 5), ("装订顺序不正确", 4), ("未装订", 3),
      ("①③", 1), ("②③", 2), ("①②③", 0)]),
    ("资料不全的扣1分；未按时报送的扣1分", 2, [("资料不全", 1), ("①②", 0), (1, 1), (2, 0), ("无", 2)]),
    ("未成立自评工作小组扣8分;组成人员不符合要求的扣5分。", 8,
     [("组成人员不符合要求", 3), ("②", 3), ("①②", 0), ("无", 8), ("未发现问题", 8)]),
    # a deduction for falling short of the one line drawn: the other side of the line, the line's
    # points less the deduction (it was a second measure adding its points: PS-R003); 未达标 is a
    # falling short like 未达到 (未达标的不得分 was an item veto asking a second input)
    ("造林苗木质量合格率90%以上,得0.5分;未达标的,扣0.5分。", 0.5, [(0.95, 0.5), (0.9, 0.5), (0.85, 0)]),
    ("资金到位率达到100%，得2分；未达到的，扣1分", 2, [(1.0, 2), (0.9, 1)]),
    ("人员经费控制率≤100%得2分，超过的扣1分", None, [(0.95, 2), (1.05, 1)]),
    ("合格率90%以上,得0.5分;未达标的不得分。", None, [(0.95, 0.5), (0.5, 0)]),
    # a count named by its verb alone (迟报 1 次) keeps the verb as its name: it was unnamed, and a
    # finding naming 迟报 went to the other count
    ("缺 1 次扣 1 分,迟报 1 次扣 0.5 分。", 6, [("①1；②2", 4), ("①0；②1", 5.5)]),
    # a requirement, then its problems: the requirement is the full-points condition, and a
    # problem is also named without its verb of finding (截留 for 发现截留)
    ("按时将辅助器具发放到特困残疾人,发现截留扣 1 分,乱发造成不稳定扣 1 分。", 2,
     [("截留", 1), ("发现截留", 1), ("①②", 0), ("无", 2), ("按时将辅助器具发放到特困残疾人", 2)]),
    # numbered items of such deductions are one list from the item's points (each item was a
    # part with all the points: PS-R003); a problem named again in another item takes its
    # item's subject (无总结 of 全年工作, of 阶段性工作)
    ("1、全年工作无安排扣2分、无总结扣2分。2、阶段性工作无安排扣1分、无总结扣1分。", 6,
     [("②", 4), ("②④", 3), ("阶段性工作无总结", 5), ("①②③④", 0), ("无", 6)]),
    # a cap on all the deductions together (最多扣2分, 扣完2分为止); 否 is no answer here (no
    # problem? or not met?), a bare number only counts problems that cost the same
    ("会计核算不规范扣1分，原始凭证不完整扣1分，账务处理不及时扣1分，最多扣2分", 3,
     [("①②③", 1), ("①", 2), (3, 1), ("无", 3)]),
    ("未按规定公示扣1分，公示内容不全扣1分，未建立投诉渠道扣1分，扣完2分为止", 3, [("①②③", 1), ("②", 2)]),
    # alternatives that name a failing each (或者), a lead-in before the problem (根据检查情况)
    ("未签订合同或者合同要素不全的扣2分，合同未备案扣1分", 3,
     [("合同要素不全", 1), ("未签订合同", 1), ("①②", 0)]),
    ("根据检查情况,发现账实不符扣2分，账务处理不及时扣1分", 3, [("账实不符", 1), ("②", 2), ("无", 3)]),
    # (second review) a cap of each problem (单项最多扣1分) is no cap of the list: tiers, as before;
    # a short subject before a comma is the problem's own (资金使用,存在截留), a contrast (但…) too
    ("未按时报送扣1分，资料不全扣1分，数据不准确扣1分，单项最多扣1分", 3, [("资料不全", 2)]),
    ("资金使用,存在截留扣2分,未按规定用途使用扣2分", 4, [("②", 2), ("①②", 0), ("无", 4)]),
    ("已成立自评工作小组,但组成人员不符合要求扣1分,未开展自评扣1分", 2,
     [("已成立自评工作小组,但组成人员不符合要求", 1), ("①", 1)]),
    # 滞后 keeps its 后 (a condition's trailing 后, "after", is dropped): the answer 项目进度滞后 names ①
    ("项目进度滞后扣1分，项目未完工扣2分", 3, [("项目进度滞后", 2), ("①②", 0), ("无", 3)]),
    # 得基本分 (the standard wording of 国资委 tables) is the full points; 没有完成的扣分 before the step
    # that states it heads the step (it was a tier of no points with an input of its own)
    ("完成或超额完成目标值得基本分;没有完成的扣分,每低于目标值2%扣1分,最低为零分。", 30,
     [(0.96, 28), (1.0, 30), (1.2, 30), (0.9, 25)]),
    # (third review) 不得基本分 is 不得分; 得基本分的80% and 扣基本分的20% are shares of the points
    # (得基本分 alone is all of them; 扣分值的20% took all the points before: a share now)
    ("完成目标值得基本分，未完成的不得基本分", 10, [("是", 10), ("否", 0)]),
    ("完成率90%以上得基本分，80%-90%得基本分的80%，80%以下不得分", 10, [(0.95, 10), (0.85, 8), (0.7, 0)]),
    ("完成目标值得基本分，未完成的扣基本分的20%", 5, [("是", 5), ("否", 4)]),
    ("按时报送得2分，逾期报送的扣分值的50%", 2, [("按时报送", 2), ("逾期报送", 1)]),
    # degrees of one quality stay tiers, one answer at a time
    ("内控制度完善的得4分，基本完善的扣2分，不完善的扣4分", 4, [("完善", 4), ("基本完善", 2), ("不完善", 0)]),
    # a proportion named by what is completed (按…完成比例扣分) or as a share of the plan (按…占…的
    # 比重计算得分) is the completion rate times the points (before: a yes or no, the clause dropped)
    ("全部水库实现人放天养，得4分，未完成按水库退养完成比例扣分", 4, [(1.0, 4), (0.75, 3), (0.5, 2)]),
    ("根据项目实际到位资金占计划的比重计算得分(3分)", 3, [(1.0, 3), (0.8, 2.4), (0.5, 1.5)]),
    ("完成或超额完成目标值得基本分;没有完成的,按实际完成值占目标值的比重计算得分,最低为零分。", 15,
     [(0.8, 12), (1.05, 15)]),
    # items with their points in brackets: each its own (not a title of the rest, when the
    # framework's points are the sum), also with no mark between them, and a restating deduction
    # per item; the number in 达到要求(1分) is the points, no bound. (A bound among them is a
    # measure of its own, as before: 年度培训不少于3次(1分),参训率达到90%以上(1分) reads 3次 and 90%.)
    ("符合申报条件(2分)项目申报、批复程序符合管理办法(1分)项目调整履行了相应手续(1分)", 4,
     [("①②③", 4), ("②③", 2), ("①", 2)]),
    ("做到无卫生死角(1分);无环境污染(1分);河面整洁(1分)。未达到规定要求的每一项扣1分,扣完为止。", 3,
     [("①②③", 3), ("①③", 2), ("无", 0)]),
    ("文化校园建设达到省有关部门要求(1分);生活垃圾分类工作得到相关部门肯定(1分)", 2,
     [("①", 1), ("①②", 2)]),
    # one word award before several deductions states the points they all take from (it gave
    # each deduction its 5 points: 15 in all)
    ("每月报表计5分,表内项目错一笔扣1分,漏填一个项目扣1分,迟报一天扣1分,扣完为止。", 5,
     [("①1；②0；③2", 2), ("①0；②0；③0", 5), ("①3；②2；③2", 0)]),
    # 未达到95%以上(含) is below 95% (it was refused); 每月 before a comma says how often, it is
    # no step without its size (每降低扣2分 is)
    ("按期结案率未达到 95%以上(含)的,每少一个百分点扣 0.5分。", 5, [(0.93, 4), (0.96, 5)]),
    ("每月对库存现金进行对账盘点,账实不符扣1分", 1, [("账实不符", 0), ("达成", 1)]),
    # bonuses above the item's points on the measure its line names (奖5分 is 加5分): the highest
    # that holds, in the same input (they were refused); a note of what the measure leaves out,
    # (不含政策性项目), makes no bound strict
    ("新增税收5万元以上计5分,10万元以上奖5分,50万元以上奖20分,100万元以上奖50分。", 5,
     [("6万元", 5), ("20万元", 10), ("3万元", 0), ("120万元", 55)]),
    ("年内争取上级无偿投资(不含政策性项目)3万元以上计5分,8万元以上奖5分,15万元以上奖10分", 5,
     [("10万元", 10), ("2万元", 0), ("20万元", 15)]),
    ("执行率达到90%以上得5分,达到100%的加1分", 5, [(0.95, 5), (1.0, 6), (0.8, 0)]),
    # (review) a proportion's words at the head of a sentence that goes on to score say how it is
    # scored; a heading 按…扣分 before a requirement, then deductions with amounts, likewise
    ("按完成率扣分:完成率低于90%扣1分,低于80%扣2分,低于60%不得分", 3,
     [(0.95, 3), (0.85, 2), (0.75, 1), (0.5, 0)]),
    ("按项目完成比例计分:完成100%得3分,完成80%以上得2分,完成80%以下不得分", 3,
     [(0.85, 2), (1.0, 3), (0.5, 0)]),
    ("按招生计划完成率计分。完成率100%得4分,每降低1%扣0.2分", 4, [(0.95, 3), (1.0, 4)]),
    ("遵守财经纪律,按以下标准扣分:发现违规支出扣2分;发现白条抵库扣1分", 3,
     [("发现违规支出", 1), ("未发现问题", 3), ("①②", 0)]),
    ("严格执行财务制度,按考核细则扣分:未建立制度的扣2分,制度执行不到位的扣1分", 3,
     [("未建立制度", 1), ("制度执行不到位", 2)]),
    # a bonus for going past a line counts from it (每超10%: from 100%; 每超额完成1万元: from the
    # award's 3万元), in the input of that measure; N分封顶 caps the bonuses (both were read as a
    # count from 0 in an input of its own: 120% gave the whole 10)
    ("超额完成镇交栽植任务数,每超10%加2分,10分封顶。", 10,
     [(1.2, 4), (1.8, 10), (1.0, 0)]),
    ("年度内争项争资达3万元的,计3分,每超额完成1万元加1分,加分不超过5分", 3,
     [("3万元", 3), ("5万元", 5), ("10万元", 8), ("2万元", 0)]),
    ("完成造林任务率100%的得60分;每超额完成年度任务1个百分点的加0.5分;每低于任务1个百分点的扣0.5分", 60,
     [(1.1, 65), (0.9, 55), (1.0, 60)]),
    ("存在违规办理业务的情况，查到一次，扣5分；报送资料差错率较高的，一个季度扣2分；与企业产生纠纷并被投诉的，一次扣3分。",
     10, [("①1；②1；③0", 3), ("①0；②0；③0", 10), ("①2；②0；③1", 0)]),
    # numbered items of their own points beside an item scored otherwise: each item is a part
    # (refused before: a list answered ①② beside parts ①…;②… would read as their labels)
    ("1.建立台账（5分）；2.编制规划（5分）；3.每出现1例未处理扣2分（5分）", 15,
     [("①是；②是；③2", 11), ("①否；②是；③0", 10), ("①是；②是；③0", 15)]),
    # a bonus past a line given as a number only: 超额 is past the whole task; a description
    # 超额20% is the line moved
    ("年度任务完成率100%得5分,每超额完成1%加0.1分,最高加1分", 5, [(1.05, 5.5), (0.95, 0), (1.2, 6)]),
    ("以全年计划1200人次为标准,培训人次每超过100人次加0.5分,最高加2分", 2,
     [("2000人次", 2), ("1250人次", 0), ("1500人次", 1.5)]),
    ("全年新增规上企业达到5家得3分,每多1家加0.5分,最高加2分", 3,
     [("7家", 4), ("12家", 5), ("4家", 0), ("5家", 3)]),
    # bounds of one measure in different units of money are compared in one unit (1亿元 was read
    # as 1万元: 4000万元 took the bonus; 5000万元至1亿元 was refused)
    ("年度引资额5000万元以上得3分,1亿元以上另奖2分", 3, [("1.2亿元", 5), ("4000万元", 0), ("6000万元", 3)]),
    ("资金到位1亿元以上得5分,5000万元至1亿元得3分,5000万元以下不得分", 5,
     [("8000万元", 3), ("1.5亿元", 5), ("3000万元", 0)]),
    # a step's line in another unit of the same quantity is taken in the step's unit (1亿元 was
    # read as 1万元: 6000万元 kept the 4 points)
    ("达到1亿元得4分,每少500万元扣0.5分", 4, [("9000万元", 3), ("6000万元", 0), ("1亿元", 4)]),
    # 考核 in an item's words (有考核结果) does not end the item before its points (the standard
    # notation of this list did not read back)
    ("①有工作方案;②有工作台账;③有总结报告;④有考核结果。每项1分", 4, [("①②③④", 4), ("①②", 2)]),
    # (third review) a deduction per missing item after items of one point each says the list
    # again, also after the last item's bracket (it became item ③'s own count of 少)
    ("①建立制度(1分);②落实责任(1分);③开展督查(1分);每少一项扣1分", 3, [("①③", 2), ("①②③", 3)]),
    # a step with its 每 left out (下降1个百分点扣1分, 超过0.1个百分点扣1分: read as a band, one
    # point lost once, silently); the line a 不扣分 clause states (达70%以上不扣分: it was 100%)
    ("资金到位率达95%得5分,下降1个百分点扣1分", 5, [(0.93, 3), (0.95, 5), (0.9, 0)]),
    ("统计误差控制在5%以内得6分,超过0.1个百分点扣1分。", 6, [(0.053, 3), (0.06, 0), (0.04, 6)]),
    ("到课率达70%以上不扣分,每下降1个百分点扣0.2分", 5, [(0.65, 4), (0.8, 5)]),
    # (fourth review) a count of events from none is no rate's line (发生安全事故0起的不扣分 made
    # 2起 score full), nor a bound beside a line the step states itself
    ("发生安全事故0起的不扣分,每发生1起扣1分", 3, [("2起", 1), ("4起", 0), (0, 3)]),
    ("完成率100%不扣分,完成率低于90%的,每下降1个百分点扣0.5分", 3, [(0.9, 3), (0.85, 0.5), (0.95, 3)]),
    # a cap after a space is the deduction's (it became a statement of its own and was dropped);
    # points after 扣 are the deduction's amount, not a points column
    ("每发现1处问题扣1分 最多扣3分", 5, [("5处", 2), ("1处", 4)]),
    ("每迟报1天扣 0.5分 扣完为止", 3, [(2, 2), (8, 0)]),
    # 每年至少召开4次会议 is the year's line (a step 每年 before: refused), the meetings counted
    # after its number name the step's line
    ("每年至少召开4次会议,专门研究信访工作。 每少1次会议扣1分。", 4, [("3次", 3), ("4次", 4), ("0次", 0)]),
    # a name, then the whole rule in brackets: the deductions inside are read (they were one
    # clause of tiers: two problems found scored one); 均符合要求 says none was found
    ("资金管理(未专款专用的扣2分;未及时拨付的扣1分)。", 3, [("①", 1), ("①②", 0), ("无", 3), ("均符合要求", 3)]),
    # rows of a table pasted as lines, or onto one line with spaces: an outcome then a space or
    # line break ends the row (the rows joined into one condition: refused)
    ("完成率≥90%，得满分\n完成率≥85%，得5分\n完成率≥80%，得3分\n完成率＜80%，不得分", 8,
     [(0.92, 8), (0.87, 5), (0.8, 3), (0.79, 0)]),
    ("有评价方案，原始记录详实，得满分 有评价记录无方案，得2分 有方案无记录，得1分 无，不得分", 3,
     [("有评价记录无方案", 2), ("有方案无记录", 1), ("无", 0)]),
]


#: Read and scored as written, while their standard notation reads them another way for some
#: values: numbered items each kept by 否则不得分 with their points in brackets (written as items
#: of a checklist: the same scores, in one input); a count of late reports (written per 个工作日:
#: the same for whole numbers).
SCORED_ONLY: list[tuple[str, float, list[tuple[object, float]]]] = [
    ("未在1个工作日内上报的扣1分", 2, [(0, 2), (1, 1), (2, 0)]),          # a count of late reports
    ("一、执行率≥90%，否则不得分（3分）；二、按时报送，否则不得分（2分）", 5,
     [("①95%；②是", 5), ("①95%；②否", 3), ("①85%；②否", 0)]),
    ("一、预算执行率达到90%以上，否则不得分（5分）；二、结余率低于10%，否则不得分（3分）", 8,
     [("①95%；②5%", 8), ("①80%；②5%", 3), ("①95%；②15%", 5)]),
    ("执行率≥90%，否则不得分（3分）；按时报送得2分", 5, [("①95%；②是", 5), ("①85%；②是", 2)]),
]


@pytest.mark.parametrize("text,points,cases", SCORED_ONLY, ids=[text[:24] for text, _, _ in SCORED_ONLY])
def test_wordings_whose_notation_differs_are_read_and_scored(text: str, points: float,
                                                             cases: list) -> None:
    rule = parse_rule(text, points)
    for actual, want in cases:
        assert rule.score(actual) == pytest.approx(want, abs=1e-9), (actual, rule.explain())


#: Wordings of two measures in one condition, or of conditions whose points the text does not
#: share out: refused (evaluator-scored), never read as one of them.
REFUSED: list[tuple[str, float]] = [
    # (second review) a deduction for another failing beside a line is no side of that line; a
    # falling short after two lines does not say which
    ("资金到位率100%得3分，项目未完成的扣2分", 3),
    ("1.资金到位率100%得1分；2.预算执行率90%以上得1分。未达到的扣0.5分", 2),
    ("执行率≥90%且结余率≤5%,否则不得分", 5),
    ("预算执行率≥90%,否则不得分;结余率≤10%,否则不得分", 8),
    ("年度内开展检查4次以上且整改率达到100%得3分", 3),
    ("培训3次以上、参训率达到90%得2分", 2),
    ("制度健全得2分,执行到位得2分,存在违规0分", 4),
    ("完成率×分值（完成率超过100%的计100%）", 10),
    ("执行率每降低1个百分点扣0.5分;结余率20%以上不得分", 5),
    ("每发生1起一般安全事故扣1分；发生1起及以上重大安全事故的，不得分", 5),
    ("执行率低于90%、结余率高于10%的，分别扣1分、2分", 5),
    ("高于80%、90%、95%的，分别加1分、2分、3分", 3),
    ("执行率达到95%得5分；低于90%、80%的，分别扣1分、3分", 5),
    ("开展检查4次以上\n整改率达到100%得3分", 3),
    ("召开会议4次以上或者参会率90%以上得2分", 2),
    ("完成率100%的得100%，完成率80%的得80%，以此类推", 5),
    ("按排名计分。参训人员每减少1名扣0.2分", 5),
    ("项目按期开工，否则不得分；每发现1处问题扣0.5分", 3),  # a precondition in words beside a count
    ("执行率低于95%扣1分，结余率高于10%扣1分", 2),          # two rates are two measures
    ("预算执行率达到95%得满分；结余率超过10%的扣1分", 2),
    ("资金到位率低于95%扣1分，资金支付率低于90%扣1分", 2),   # 到位 and 支付: two rates
    ("执行率每降低1%扣0.5分，15%以上不得分", 5),              # 15% of what: not said
    ("得分=预算执行率×分值，结余率低于5%不得分", 5),          # a floor on another rate
    ("得分=执行率×分值，满意度低于60%不得分", 5),              # or another measure
    ("按完成比例得分，群众满意度低于70%的不得分", 4),
    ("执行率≥95%得满分；每降低1%扣0.5分；结余率低于5%不得分", 5),
    ("每迟报一次扣0.5分，漏报2次及以上的不得分", 3),          # 漏报 is not 迟报
    ("按时上报得1分。(3分)", 3),                               # 3 points of which 1 is said
    ("得分=(1-调剂率)×分值", 10),                              # more arithmetic than a ratio
    ("未按时报送的不得分。（2分）", 2),                         # points after a failing alone
    ("全年安全事故发生0起。不达标不得分", 3),                   # a measure, not a yes or no
    ("得分=分值-调剂率×10", 10),
    # a checklist beside other parts: its answer ①② would read as the parts' own labels
    ("按规定设置信息公开固定网址的得4分,按时完整公开信息的得5分,内容缺项或公开不及时的每次扣0.5分。", 9),
    ("每发现一例扣二分之一分", 3),                              # a fraction of a point is not read
    # a deduction on a condition with no amount (it was dropped: the condition cost nothing)
    ("资金到位率100%得5分,未到位的按规定扣分", 5),
    ("资金到位率100%得5分,未到位的按到位比例扣分", 5),
    ("会计基础工作规范得2分,不规范的按照考核细则扣分", 2),      # by rules the text does not give
    # points in brackets beside a bound and a word (which is which input is not plain)
    ("分管纪检以外的工作不超过两项（0.2分），纪委书记到县纪委跟班学习（0.3分）", 0.5),
    # (second review) a bonus past a line that is not a number, or of another measure, or with
    # a line in another unit; a deduction 按规定扣分 after a case (…的) is no heading
    ("支出进度每超过序时进度1个百分点加0.2分,最高加1分", 1),
    ("以序时进度为标准,支出进度每超过1个百分点加0.1分,最高加1分", 1),
    ("农村卫生厕所普及率每超过1%加0.5分,最高加2分", 2),
    ("预算执行率达到100%得5分;项目绩效目标完成率每超过1个百分点加0.2分,最高加1分", 5),
    ("争取上级资金达到1亿元得4分,每超过1000万元加0.5分,封顶2分", 4),
    ("专项资金被挤占挪用的按规定扣分;资金拨付滞后的扣1分", 3),
    # points alone before a count's award say no outcome (they made fewer than 1 the best: 2次
    # scored 1 of 2, silently)
    ("3.党委至少召开2次专题研究会议;(2分)\n有1次得1分", 2),
    # full points beside an award of all of them (满分3分 and 达成的得3分 made 6 reachable: 5.4 of 3);
    # 加扣 after a step is a further deduction, no bonus
    ("性别比责任指标完成情况(3分)。未完成责任指标的,性别比与去年持平扣0.1分,每高0.1个比点加扣0.1分。", 3),
    # units of time that do not convert, or not to a line anyone wrote (1个月 was read as 1天,
    # 30天 as 30周: 40天 kept all the points)
    ("15天内得3分,1个月内得2分", 3),

    ("整改期限30天,每超过1周扣0.5分", 3),
]


@pytest.mark.parametrize("text,points", REFUSED, ids=[text[:24] for text, _ in REFUSED])
def test_wordings_of_several_measures_are_refused(text: str, points: float) -> None:
    with pytest.raises(RuleError):
        parse_rule(text, points)


@pytest.mark.parametrize("text,points,cases", SHAPES, ids=[text[:24] for text, _, _ in SHAPES])
def test_real_wordings_are_read_and_scored(text: str, points: float | None,
                                           cases: list[tuple[object, float]]) -> None:
    rule = parse_rule(text, points)
    for actual, want in cases:
        assert rule.score(actual) == pytest.approx(want, abs=1e-9), (actual, rule.explain())


@pytest.mark.parametrize("text,value,unit", [
    ("≥266米", 266.0, "米"), ("≥100百分比", 1.0, "%"), ("≤15天", 15.0, "天"),
    ("≥3000人次", 3000.0, "人次"), ("≥50亩", 50.0, "亩"), ("≥5个百分点", 0.05, "%"),
])
def test_targets_take_any_unit_of_measure(text: str, value: float, unit: str) -> None:
    target = parse_target(text)
    assert (target.op, target.value, target.unit) == ("≥" if text[0] == "≥" else "≤", value, unit)


@pytest.mark.parametrize("text,label", [
    ("按要求召开会议，少一次扣1分", "少按要求召开会议"),
    ("开展督导检查（3分，每少一次扣1分）", "少开展督导检查"),
    ("少1个程序扣1分", "少程序"),
    ("每季度报送一次报表，少报一次扣1分", "少报"),
])
def test_a_count_of_shortfalls_is_named_as_one(text: str, label: str) -> None:
    """Without a line to fall short of, ``少一次`` counts what was not done: the input says so,
    so that staff do not type the meetings held (4 held would lose 4 points)."""
    rule = parse_rule(text, 3)
    assert rule.inputs_text() == f"①{label}(个数)"
    assert rule.score(1) == pytest.approx(2)


def test_points_in_brackets_are_not_part_of_the_condition() -> None:
    """``档案管理规范（2分，发现一处…）``: the bracket opens the item's points, not its words."""
    rule = parse_rule("档案管理规范（2分，发现一处不规范扣0.5分）", 2)
    assert "档案管理规范的不扣分" in rule.explain() and "(" not in rule.explain().split("〔")[0]
    assert rule.score(1) == pytest.approx(1.5)


@pytest.mark.parametrize("text,part,whole", [
    ("完成培训任务1000人次，否则不得分", "100", "1000"),
    ("完成培训任务1000人次，否则不得分", "0人次", "1000人次"),
    ("新建道路2.5公里，否则不得分", "5公里", "2.5公里"),
    ("按时报送12期信息，否则不得分", "2期", "12期"),
])
def test_an_answer_is_not_part_of_a_longer_number(text: str, part: str, whole: str) -> None:
    """``100`` does not stand in ``1000人次`` (it did: full points for a tenth of the task); the
    number itself still answers the condition."""
    rule = parse_rule(text, 2)
    with pytest.raises(ActualValueError):
        rule.score(part)
    assert rule.score(whole) == pytest.approx(2)
