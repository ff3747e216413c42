"""Scoring profiles (评分口径) of the project self-evaluation form: the national default and local copies.

财预〔2020〕10号 fixes how a 项目支出绩效自评表 is scored, but provinces and cities print their own copy
of the form: other block weights (湖北: 预算执行 20 分), other funds rows and columns (四川: 调整后预算数,
财政专户管理资金, 指标性质 | 指标值 | 度量单位), a lower cut for the qualitative tiers (湖北: 50%), a
threshold below which the execution rate must be explained (四川: 90%), word limits. A
:class:`ProjectProfile` holds all of that as one frozen value; :data:`PROFILES` ships the national
default and two local profiles, each with the :class:`Source` it was read from. docs/project.md
lists them and says which details are this product's defaults rather than a published rule.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from ..errors import PolicyError
from ..policies import DEFAULT_GRADE_BANDS
from . import vocab

#: The tiers of a qualitative indicator, best first (keys of :data:`vocab.TIER_NAMES`).
TIERS: tuple[str, ...] = ("achieved", "partial", "not_achieved")


@dataclass(frozen=True)
class Source:
    """Where a profile's conventions were read.

    Attributes:
        title: The document or form as published.
        issuer: Who issued or published it.
        number: The document number (文号), where it has one.
        year: The year of the document or of the form's data.
        url: The address it was read at, where known.
        supports: Which settings of the profile it supports.
    """

    title: str
    issuer: str
    number: str = ""
    year: int | None = None
    url: str = ""
    supports: str = ""


@dataclass(frozen=True)
class BlockWeight:
    """The points of one or more 一级 blocks taken together (湖北 weighs 效益 and 满意度 as one 40).

    Attributes:
        blocks: Keys of :data:`vocab.BLOCK_NAMES` (``output``, ``outcome``, ``satisfaction``).
        points: Their points together.
    """

    blocks: tuple[str, ...]
    points: float


@dataclass(frozen=True)
class ProjectProfile:
    """Every setting of one copy of the project self-evaluation form.

    Attributes:
        key: The profile's name in code and on the command line (``national``).
        title: Its Chinese title (the form it describes).
        name: Its short Chinese name, what master data's 评分口径 column offers (``全国``);
            :func:`get_profile` reads the key, the name and the title alike.
        fund_points: 分值 of the funds block (预算执行率), scored as 执行率 × 分值.
        block_points: The usual points of the indicator blocks; forms may deviate (the review
            checks report a missing block, not other weights).
        total_points: The full score (100).
        tier_cuts: The lower bounds, as shares of 分值, of the 达成 and 部分达成 tiers: 达成 is
            [first, 100%], 部分达成 [second, first), 未达成 [0, second).
        tier_defaults: The share of 分值 each tier scores when the evaluator enters no 得分
            (达成, 部分达成, 未达成); each must lie in its tier.
        fund_reason_below: An execution rate below this needs a reason (四川 0.9); None: the form
            asks for none.
        reason_per_row: Each indicator has its own 偏差原因 cell (True), or the form has one
            project-wide 偏差原因分析 cell (湖北).
        overshoot_limit: An actual value this many times the target (better than it: above a ≥
            target, below a ≤ target) is far above the target: the review checks report it, and
            :attr:`overshoot_reduction` may reduce its score.
        overshoot_reduction: Reduce the score of an indicator far above its target (10号: "按照偏离度
            适度调减分值", where the target was set too low). Off by default: whether the target was
            set too low is a judgement the form cannot show.
        dominant_share: An indicator whose 分值 exceeds this share of all indicator points is
            reported as weighted too heavily.
        digits: Decimals every row score is rounded to (half up), so that the printed rows add up
            to the printed total.
        fund_rows: (key, label) of the funds rows, the total first.
        fund_columns: The funds columns by key of :data:`vocab.LABELS`, in form order.
        indicator_columns: The indicator columns by key of :data:`vocab.LABELS`, in form order.
        labels: Labels of this copy that differ from :data:`vocab.LABELS`.
        word_limits: Field → the most characters the form allows (四川: 100 and 200 字).
        closing_fields: The project-wide text cells below the indicators, by attribute of
            :class:`~scoring.project.form.ProjectEvaluation` (四川: 评价结论, 存在问题, 改进措施;
            湖北: 偏差大或目标未完成原因分析, 改进措施及结果应用方案); the national form has none.
        grade_bands: (lower bound inclusive, grade), 财预〔2020〕10号 by default.
        sources: Where the settings were read.
    """

    key: str
    title: str
    name: str = ""
    fund_points: float = 10.0
    block_points: tuple[BlockWeight, ...] = (
        BlockWeight(("output",), 50.0), BlockWeight(("outcome",), 30.0),
        BlockWeight(("satisfaction",), 10.0))
    total_points: float = 100.0
    tier_cuts: tuple[float, float] = (0.8, 0.6)
    tier_defaults: tuple[float, float, float] = (1.0, 0.6, 0.0)
    fund_reason_below: float | None = None
    reason_per_row: bool = True
    overshoot_limit: float = 1.5
    overshoot_reduction: bool = False
    dominant_share: float = 0.5
    digits: int = 2
    fund_rows: tuple[tuple[str, str], ...] = tuple(vocab.FUND_ROWS.items())
    fund_columns: tuple[str, ...] = ("initial", "budget", "executed", "points", "rate", "score")
    indicator_columns: tuple[str, ...] = ("level1", "level2", "name3", "target", "actual", "points",
                                          "score", "reason")
    labels: Mapping[str, str] = field(default_factory=dict)
    word_limits: Mapping[str, int] = field(default_factory=dict)
    closing_fields: tuple[str, ...] = ()
    grade_bands: tuple[tuple[float, str], ...] = DEFAULT_GRADE_BANDS
    sources: tuple[Source, ...] = ()

    def __post_init__(self) -> None:
        """Refuse settings that contradict each other (a typo must not score silently)."""
        high, low = self.tier_cuts
        achieved, partial, not_achieved = self.tier_defaults
        problems = []
        if not 0.0 < low < high <= 1.0:
            problems.append("tier_cuts")
        if not (high <= achieved <= 1.0 and low <= partial < high and 0.0 <= not_achieved < low):
            problems.append("tier_defaults")
        if self.fund_points < 0 or self.total_points <= 0 or self.digits < 0:
            problems.append("fund_points/total_points/digits")
        if self.overshoot_limit <= 1.0 or not 0.0 < self.dominant_share <= 1.0:
            problems.append("overshoot_limit/dominant_share")
        if self.fund_reason_below is not None and not 0.0 < self.fund_reason_below <= 1.0:
            problems.append("fund_reason_below")
        if not self.fund_rows or not self.grade_bands:
            problems.append("fund_rows/grade_bands")
        if problems:
            raise PolicyError(vocab.MESSAGES["profile_invalid"].format(
                key=self.key, names="、".join(problems)))

    def label(self, key: str) -> str:
        """The label this copy of the form prints for ``key`` (its own, else the national one)."""
        return self.labels.get(key, vocab.LABELS.get(key, key))

    @property
    def indicator_points(self) -> float:
        """The usual points of all indicator blocks together (90 nationally, 80 in 湖北)."""
        return sum(weight.points for weight in self.block_points)

    def tier_range(self, tier: str) -> tuple[float, float]:
        """The shares of 分值 a tier spans, (low, high); the low bound belongs to the tier, the high
        bound only for 达成 (100–80%（含）、80–60%（含）、60–0%)."""
        high, low = self.tier_cuts
        return {"achieved": (high, 1.0), "partial": (low, high), "not_achieved": (0.0, low)}[tier]

    def tier_default(self, tier: str) -> float:
        """The share of 分值 a tier scores when the evaluator enters no 得分."""
        return self.tier_defaults[TIERS.index(tier)]

    def with_(self, **changes: object) -> "ProjectProfile":
        """A copy with some settings changed (``overshoot_reduction=True``)."""
        return replace(self, **changes)  # type: ignore[arg-type]


NATIONAL = ProjectProfile(
    key="national",
    title="财政部项目支出绩效自评表（财预〔2020〕10号）",
    name="全国",
    sources=(
        Source("财政部关于印发《项目支出绩效评价管理办法》的通知", "财政部", "财预〔2020〕10号", 2020,
               supports="表式与计分口径：预算执行率10分、产出50分、效益30分、满意度10分；执行率×分值；"
                        "定量指标完成得满分、未完成按比例；定性指标三档100–80%、80–60%、60–0%；"
                        "完成值明显高于指标值且系指标值设定偏低的按偏离度调减（本次未能取得原文逐字核对，见 docs/project.md）"),
        Source("项目支出绩效自评表（2022年度）", "池州市贵池区棠溪镇人民政府", year=2022,
               url="http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2",
               supports="10号附件表式的列：年初预算数、全年预算数、全年执行数、分值、执行率、得分；"
                        "年度资金总额/本年财政拨款/上年结转资金/其他资金；年度指标值、实际完成值、偏差原因分析及改进措施"),
        Source("项目支出绩效自评表（附填表说明）", "（文档分享站转存，发布单位不详）",
               url="http://biz.doczj.com/doc/174893555.html",
               supports="正向指标得分=实际值÷指标值×分值，反向指标得分=指标值÷实际值×分值；"
                        "不适用的指标不考核，适用指标得分汇总后按百分制折算"),
    ),
)

SICHUAN = ProjectProfile(
    key="sichuan",
    title="四川省部门预算项目支出绩效自评表",
    name="四川",
    fund_reason_below=0.9,
    fund_rows=(("total", "总额"), ("fiscal", "其中：财政资金"), ("special_account", "财政专户管理资金"),
               ("unit_funds", "单位资金"), ("other", "其他资金")),
    fund_columns=("initial", "budget", "executed", "rate", "points", "score", "fund_reason"),
    indicator_columns=("level1", "level2", "name3", "nature", "target", "unit_of_measure", "actual",
                       "points", "score", "reason"),
    labels={"initial": "年初预算", "budget": "调整后预算数", "executed": "预算执行数",
            "rate": "预算执行率", "points": "权重", "fund_reason": "原因", "target": "指标值",
            "actual": "完成值", "reason": "未完成原因分析", "goal_expected": "项目年度目标",
            "goal_actual": "年度目标完成情况", "funds": "预算执行情况（万元）"},
    word_limits={"goal_actual": 100, "fund_reason": 100, "conclusion": 200, "problems": 200,
                 "measures": 200},
    closing_fields=("conclusion", "problems", "measures"),
    sources=(
        Source("部门预算项目支出绩效自评表（2023年度），报表编号510000_0013zp",
               "四川省预算绩效管理系统表式；青神县发展和改革局公开", year=2023,
               url="https://www.scqs.gov.cn/info/13206/211004.htm",
               supports="预算执行情况10分、绩效指标90分；年初预算、调整后预算数、预算执行数、预算执行率、权重、"
                        "得分、原因；资金行 总额/财政资金/财政专户管理资金/单位资金/其他资金；"
                        "“预算执行率=预算执行数/调整后预算数，预算执行率未达到90%的需说明原因（100字以内）”；"
                        "指标性质、指标值、度量单位、完成值、权重、得分、未完成原因分析；"
                        "评价结论、存在问题、改进措施各200字以内"),
    ),
)

HUBEI_HUANGGANG = ProjectProfile(
    key="hubei_huanggang",
    title="湖北省（黄冈市）项目绩效自评表",
    name="湖北黄冈",
    fund_points=20.0,
    block_points=(BlockWeight(("output",), 40.0), BlockWeight(("outcome", "satisfaction"), 40.0)),
    tier_cuts=(0.8, 0.5),
    tier_defaults=(1.0, 0.5, 0.0),
    reason_per_row=False,
    fund_rows=(("total", "年度财政资金总额"),),
    fund_columns=("budget", "executed", "rate", "score"),
    indicator_columns=("level1", "level2", "name3", "target", "actual", "score"),
    labels={"funds": "预算执行情况（万元）（20分）", "budget": "预算数（A）", "executed": "执行数（B）",
            "rate": "执行率（B/A）", "score": "得分", "target": "年初目标值（A）",
            "actual": "实际完成值（B）", "deviation": "偏差大或目标未完成原因分析",
            "measures": "改进措施及结果应用方案"},
    closing_fields=("deviation", "measures"),
    sources=(
        Source("2020年度水土保持监测项目绩效自评表", "黄冈市水土保持与农田水利科研所（主管部门：黄冈市水利和湖泊局）",
               year=2020,
               supports="预算执行情况（20分），得分=20分×执行率；年度绩效目标80分；"
                        "偏差大或目标未完成原因分析、改进措施及结果应用方案（填报日期2021年3月10日；"
                        "检索工具未给出该页地址）"),
        Source("2020年度长江禁捕项目自评表", "（文档分享站转存，湖北省表式，发布单位不详）", year=2020,
               url="https://1wenmi.com/doc/330418.html",
               supports="备注：预算数为调整后财政资金总额（含上年结余结转）；正向指标得分=权重×B/A，"
                        "反向指标得分=权重×A/B，不得突破权重；定性指标三档100%–80%（≥80%）、"
                        "80%–50%（[50%,80%)）、50%–0%（<50%）"),
        Source("湖北工程学院学生资助项目绩效目标自评表", "湖北工程学院（主管部门：湖北省教育厅）",
               url="https://m.777doc.com/doc-4336759.html",
               supports="同一表式在省直部门使用：预算数（A）、执行数（B）、执行率（B/A）、得分（分值×执行率）"),
    ),
)

#: The shipped profiles by key.
PROFILES: dict[str, ProjectProfile] = {
    profile.key: profile for profile in (NATIONAL, SICHUAN, HUBEI_HUANGGANG)}


def get_profile(key: str) -> ProjectProfile:
    """The shipped profile named ``key``: its key (``national``), short name (``全国``) or title,
    compared after NFKC and without spaces (a name typed with full-width brackets or a trailing
    space is the same profile).

    Raises:
        PolicyError: PS-P001 for a name no profile has.
    """
    wanted = _compared(key)
    for profile in PROFILES.values():
        if wanted in {_compared(name) for name in (profile.key, profile.name, profile.title)}:
            return profile
    raise PolicyError(vocab.MESSAGES["profile_unknown"].format(key=key, known=profile_names()))


def profile_names() -> str:
    """The shipped profiles as messages name them: short name, then title and key
    (``全国（财政部…；national）、四川（…；sichuan）``)."""
    return "、".join(f"{p.name}（{p.title}；{p.key}）" for p in PROFILES.values())


def _compared(name: str) -> str:
    """A profile name as compared: NFKC, no whitespace, ASCII letters in lower case."""
    return "".join(unicodedata.normalize("NFKC", str(name)).split()).lower()
