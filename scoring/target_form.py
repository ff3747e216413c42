"""The department-wide target form (部门整体预算绩效目标表) as data, with its invariants.

The form (DOMAIN.md §1) has a header block (unit, duties, organisation, funding, goals) and an
indicator table (一级 → 二级 → [重点工作] → 三级 with 半年 and 全年 indicator values). This module
holds the form's content only; where each field sits on a sheet is declared in
:mod:`scoring.forms`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import PerfscoreError, TargetFormError
from .forms import DEFAULT_CITY
from .targets import parse_target
from .vocab import FUNDING_COLUMNS, FUNDING_LABELS, FUNDING_ROWS, MESSAGES


@dataclass(frozen=True)
class Funding:
    """部门整体资金（万元）: 全年预算数 and 半年计划执行数 of 基本支出 and 项目支出.

    资金总额 is not stored: it is 基本支出 + 项目支出 in both columns, on the form a formula.
    """

    annual_basic: float
    annual_project: float
    half_basic: float
    half_project: float

    @property
    def annual_total(self) -> float:
        """资金总额 全年预算数."""
        return round(self.annual_basic + self.annual_project, 6)

    @property
    def half_total(self) -> float:
        """资金总额 半年计划执行数."""
        return round(self.half_basic + self.half_project, 6)

    def problems(self, stated_annual_total: float | None = None,
                 stated_half_total: float | None = None) -> list[PerfscoreError]:
        """Every broken invariant: totals that do not add up, 半年 above 全年, negative sums.

        Args:
            stated_annual_total: A 资金总额 given separately (master data), checked against the sum.
            stated_half_total: The same for the half-year column.
        """
        found: list[PerfscoreError] = []
        for key, label in FUNDING_LABELS.items():
            if getattr(self, key) < 0:
                found.append(TargetFormError(MESSAGES["funding_negative"].format(label=label),
                                             code="PS-G003"))
        for stated, total, label in (
            (stated_annual_total, self.annual_total, FUNDING_COLUMNS["annual"]),
            (stated_half_total, self.half_total, FUNDING_COLUMNS["half"]),
        ):
            if stated is not None and abs(stated - total) > 0.005:
                found.append(TargetFormError(MESSAGES["funding_total"].format(
                    label=label, stated=stated, total=total), code="PS-G001"))
        for half, annual, label in (
            (self.half_basic, self.annual_basic, FUNDING_ROWS["basic"]),
            (self.half_project, self.annual_project, FUNDING_ROWS["project"]),
        ):
            if half > annual + 1e-9:
                found.append(TargetFormError(MESSAGES["funding_half_above"].format(
                    label=label, half=half, annual=annual), code="PS-G002"))
        return found


@dataclass(frozen=True)
class TargetIndicator:
    """One row of the indicator table.

    Attributes:
        level1: 一级指标 (决策, 过程, 履职, 效益指标, 满意度指标).
        level2: 二级指标.
        level3: 三级指标; empty for a kept-but-empty row (生态效益 with no indicator).
        half_value: 半年指标值 as written (``＝100%``, ``健全``, ``≥5条``).
        full_value: 全年指标值 as written.
        work_item: 重点工作 name (履职 section only, e.g. 公文办理工作).
        work_content: The work item's content text (履职 section only).
    """

    level1: str
    level2: str
    level3: str
    half_value: str = ""
    full_value: str = ""
    work_item: str = ""
    work_content: str = ""


@dataclass(frozen=True)
class TargetForm:
    """A filled target form: header block plus indicator rows."""

    unit_name: str
    year: int
    funding: Funding
    city: str = DEFAULT_CITY
    unit_code: str = ""
    duties: str = ""
    organisation: str = ""
    mid_long_term_goal: str = ""
    annual_goal: str = ""
    indicators: tuple[TargetIndicator, ...] = field(default_factory=tuple)

    def problems(self) -> list[PerfscoreError]:
        """Funding invariants and unreadable indicator values, each with its row located."""
        found = self.funding.problems()
        for number, row in enumerate(self.indicators, start=1):
            for label, value in (("半年指标值", row.half_value), ("全年指标值", row.full_value)):
                if not value:
                    continue
                try:
                    parse_target(value)
                except PerfscoreError as exc:
                    found.append(exc.located(row=number, column=label))
        return found

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "TargetForm":
        """Build a form from its JSON form (the attributes, ``funding`` and ``indicators`` nested)."""
        fields = {key: value for key, value in data.items() if key not in ("funding", "indicators")}
        return cls(
            funding=Funding(**{k: float(v) for k, v in data["funding"].items()}),
            indicators=tuple(TargetIndicator(**row) for row in data.get("indicators", ())),
            **{**fields, "year": int(data["year"])},
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by :meth:`from_dict`."""
        return asdict(self)
