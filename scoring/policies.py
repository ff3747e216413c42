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

    def with_(self, **changes: object) -> "Policies":
        """A copy with some settings changed."""
        return replace(self, **changes)  # type: ignore[arg-type]


#: The defaults DOMAIN.md §4 documents.
DEFAULT_POLICIES = Policies()
