"""Scoring policies: the named settings of DOMAIN.md §4, with their documented defaults.

A rule's own wording overrides a policy (``不足5%的不扣分`` → partial steps rounded down);
otherwise the policy in force decides. Policies are plain frozen data so that they can be
hashed (rule parsing and scoring are cached) and written into a workbook's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal, get_args

from .errors import PolicyError
from .vocab import MESSAGES

#: How a partial step of ``每降低X扣Y分`` is counted.
PartialStep = Literal["up", "down", "linear"]
#: How bonus awards (F1) are added up.
BonusAggregation = Literal["highest_per_work", "cumulative"]
#: What happens to not-applicable (不适用) items.
NotApplicable = Literal["rescale", "redistribute"]
#: What a triggered veto (一票否决) does.
VetoEffect = Literal["zero_total", "grade_poor"]

#: Grade bands of 财预〔2020〕10号: (lower bound inclusive, grade), highest first.
DEFAULT_GRADE_BANDS: tuple[tuple[float, str], ...] = (
    (90.0, "优秀"),
    (80.0, "良好"),
    (60.0, "中"),
    (float("-inf"), "差"),
)


@dataclass(frozen=True)
class Policies:
    """Every scoring policy in one value.

    Attributes:
        partial_step: A partial step in ``每降低X扣Y分`` costs a whole step (``up``, default:
            the only published example works this way), nothing (``down``) or its share
            (``linear``).
        tier_achieved: Share of the points for a met qualitative condition (达成).
        tier_partial: Share of the points for a partly met one (部分达成/基本…), default 80%.
        tier_not_achieved: Share for a condition not met (未达成).
        bonus_aggregation: ``highest_per_work`` (同一项工作不累计加分, default) or ``cumulative``.
        bonus_cap: The most the bonus items (F1) can add to the total.
        not_applicable: ``rescale`` the remaining items to 100 (default) or ``redistribute`` a
            not-applicable item's points among its siblings.
        rescale_digits: Decimals a rescaled score is rounded to (not-applicable items): 2, as
            scores are published (96.67, not 96.66666666666667).
        veto: A triggered veto sets the total to 0 (``zero_total``, default) or the grade to 差.
        grade_bands: (lower bound inclusive, grade) from the highest band down.
        total_points: The full score of the framework (A–E).
        monitor_tolerance: How far (a share, 0.10 = 10 percentage points) a funds row's
            execution rate may fall below the time progress (序时进度) of the monitoring form
            and still be yellow rather than red (:func:`scoring.lights.fund_light`). A
            configurable default of this product, not a national rule.
    """

    partial_step: PartialStep = "up"
    tier_achieved: float = 1.0
    tier_partial: float = 0.8
    tier_not_achieved: float = 0.0
    bonus_aggregation: BonusAggregation = "highest_per_work"
    bonus_cap: float = 5.0
    not_applicable: NotApplicable = "rescale"
    rescale_digits: int = 2
    veto: VetoEffect = "zero_total"
    grade_bands: tuple[tuple[float, str], ...] = field(default=DEFAULT_GRADE_BANDS)
    total_points: float = 100.0
    monitor_tolerance: float = 0.10

    def __post_init__(self) -> None:
        """Refuse settings outside their documented values (a typo must not score silently)."""
        choices = {"partial_step": PartialStep, "bonus_aggregation": BonusAggregation,
                   "not_applicable": NotApplicable, "veto": VetoEffect}
        for name, kind in choices.items():
            allowed = get_args(kind)
            if getattr(self, name) not in allowed:
                raise PolicyError(MESSAGES["policy_choice"].format(
                    name=name, value=getattr(self, name), allowed=" / ".join(allowed)))
        shares = (self.tier_not_achieved, self.tier_partial, self.tier_achieved)
        if not all(0.0 <= share <= 1.0 for share in shares) or list(shares) != sorted(shares):
            raise PolicyError(MESSAGES["policy_tiers"])
        if self.bonus_cap < 0 or self.total_points <= 0 or self.rescale_digits < 0:
            raise PolicyError(MESSAGES["policy_numbers"])
        if not self.grade_bands:
            raise PolicyError(MESSAGES["policy_bands"])
        if not 0.0 <= self.monitor_tolerance <= 1.0:
            raise PolicyError(MESSAGES["policy_tolerance"])

    def bonus_item_cap(self, points: float | None) -> float:
        """The most one bonus item (F1) can give: its own 分值 where the form prints one, else
        :attr:`bonus_cap`. The cap on all bonus items together is :attr:`bonus_cap` as well,
        applied to their sum (:func:`scoring.framework.capped_total`)."""
        return self.bonus_cap if points is None else points

    def with_(self, **changes: object) -> "Policies":
        """A copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


#: The defaults DOMAIN.md §4 documents.
DEFAULT_POLICIES = Policies()


# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class Setting:
    """One policy users can set: in master data, on ``perfscore fill``, in a workbook.

    This table is the one declaration of the settable policies: the CLI options of ``fill``,
    the 评分口径 sheet of the master data, the text kept in a workbook's metadata (and passed to
    the add-in's functions) and the table in docs/batch.md all come from it.

    Attributes:
        key: The :class:`Policies` attribute (and the key in a policies text).
        label: The Chinese name (the 口径 column of the master data).
        help: What it does, in Chinese.
        choices: (value, Chinese word) for a choice; empty for a share or an amount.
    """

    key: str
    label: str
    help: str
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def option(self) -> str:
        """The command-line option: ``--partial-step``."""
        return "--" + self.key.replace("_", "-")

    def parse(self, text: str) -> object:
        """The value of ``text``: a choice by its value or Chinese word, else a number.

        Raises:
            PolicyError: PS-P001 for anything else.
        """
        text = text.strip()
        for value, word in self.choices:
            if text in (value, word):
                return value
        if not self.choices:
            try:
                number = float(text.removesuffix("%")) / (100 if text.endswith("%") else 1)
            except ValueError:
                number = float("nan")
            if number == number and abs(number) != float("inf"):
                return number
        allowed = " / ".join(f"{value}（{word}）" for value, word in self.choices) or "数字"
        raise PolicyError(MESSAGES["policy_choice"].format(name=self.label, value=text,
                                                           allowed=allowed))

    def show(self, value: object) -> str:
        """``value`` as users read it: the Chinese word of a choice, a share as a percentage."""
        for choice, word in self.choices:
            if value == choice:
                return word
        return f"{float(value):g}"  # type: ignore[arg-type]


SETTINGS: tuple[Setting, ...] = (
    Setting("partial_step", "不足一档的扣分", "“每降低X扣Y分”中不足一档的部分如何扣分",
            (("up", "按一档扣"), ("down", "不扣"), ("linear", "按比例扣"))),
    Setting("tier_achieved", "达成得分比例", "定性指标“达成”得分值的比例（0–1，默认 1）"),
    Setting("tier_partial", "部分达成得分比例", "定性指标“部分达成”得分值的比例（0–1，默认 0.8）"),
    Setting("tier_not_achieved", "未达成得分比例", "定性指标“未达成”得分值的比例（0–1，默认 0）"),
    Setting("bonus_aggregation", "加分累计方式", "同一项工作获多个奖项时如何加分",
            (("highest_per_work", "同一项工作取最高"), ("cumulative", "累计"))),
    Setting("bonus_cap", "加分上限", "加分项最多加多少分（默认 5）"),
    Setting("not_applicable", "不适用指标的处理", "有指标不适用时如何折算",
            (("rescale", "其余指标折算为百分制"), ("redistribute", "分值分给同级指标"))),
    Setting("veto", "一票否决的后果", "触发一票否决时",
            (("zero_total", "总分记0分"), ("grade_poor", "等次定为差"))),
    Setting("monitor_tolerance", "资金执行偏差容忍度",
            "运行监控中资金执行率低于序时进度不超过此幅度时亮黄灯，超过时亮红灯（0–1，默认 0.1，"
            "即 10 个百分点；本系统的默认设置，不是全国统一规定）"),
)
#: Settings by key and by Chinese label.
SETTINGS_BY_NAME: dict[str, Setting] = {
    **{setting.key: setting for setting in SETTINGS},
    **{setting.label: setting for setting in SETTINGS}}
#: Separator of settings in a policies text (either form is read).
SETTING_SEPARATOR = ";"


def policies_text(policies: Policies) -> str:
    """The settings of ``policies`` that differ from the defaults: ``partial_step=down;…``.

    Empty for the defaults. This is what a workbook's metadata keeps and what its add-in
    formulas pass to ``PERF_SCORE``, so a re-score follows the policies the form was made with.
    """
    return SETTING_SEPARATOR.join(
        f"{setting.key}={getattr(policies, setting.key):.15g}"
        if not setting.choices else f"{setting.key}={getattr(policies, setting.key)}"
        for setting in SETTINGS
        if getattr(policies, setting.key) != getattr(DEFAULT_POLICIES, setting.key))


def parse_policies(text: str, base: Policies = DEFAULT_POLICIES) -> Policies:
    """The policies a text states (``partial_step=down;tier_partial=0.7``), over ``base``.

    Keys may be the English keys or the Chinese labels, values the English values or the
    Chinese words (``不足一档的扣分=不扣``); ``；`` and ``;`` both separate. Empty: ``base``.

    Raises:
        PolicyError: PS-P001 for an unknown setting, a bad value, or settings that contradict
            each other (tiers out of order).
    """
    changes: dict[str, object] = {}
    for pair in text.replace("；", SETTING_SEPARATOR).split(SETTING_SEPARATOR):
        if not pair.strip():
            continue
        name, equals, value = pair.replace("＝", "=").partition("=")
        setting = SETTINGS_BY_NAME.get(name.strip())
        if setting is None or not equals:
            raise PolicyError(MESSAGES["policy_unknown"].format(
                text=pair.strip()[:50], known="、".join(s.label for s in SETTINGS)))
        changes[setting.key] = setting.parse(value)
    return base.with_(**changes) if changes else base
