"""The department-wide target form (部门整体预算绩效目标表) as data, with its invariants.

The form (DOMAIN.md §1) has a header block (unit, duties, organisation, funding, goals) and an
indicator table (一级 → 二级 → [重点工作] → 三级 with 半年 and 全年 indicator values). This module
holds the form's content only; where each field sits on a sheet is declared in
:mod:`scoring.forms`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from .errors import PerfscoreError, TargetError, TargetFormError
from .forms import DEFAULT_CITY
from .targets import parse_target
from .vocab import FUNDING_COLUMNS, FUNDING_LABELS, FUNDING_ROWS, MESSAGES, VALUE_LABELS

#: Where an indicator value sits: (indicator index, ``half_value``/``full_value``) → location
#: fields (``{"cell": "F21"}``).
Locate = Callable[[int, str], Mapping[str, Any]]


def _sum(first: float | None, second: float | None) -> float | None:
    return None if first is None or second is None else round(first + second, 6)


@dataclass(frozen=True)
class Funding:
    """部门整体资金（万元）: 全年预算数 and 半年计划执行数 of 基本支出 and 项目支出.

    资金总额 is not stored: it is 基本支出 + 项目支出 in both columns, on the form a formula. An
    amount is None when it is not known (a blank or unreadable cell of a filled workbook): it is
    never taken as 0, and a total over it is None too.
    """

    annual_basic: float | None
    annual_project: float | None
    half_basic: float | None
    half_project: float | None

    @property
    def annual_total(self) -> float | None:
        """资金总额 全年预算数 (None when a part is not known)."""
        return _sum(self.annual_basic, self.annual_project)

    @property
    def half_total(self) -> float | None:
        """资金总额 半年计划执行数 (None when a part is not known)."""
        return _sum(self.half_basic, self.half_project)

    def problems(self, stated_annual_total: float | None = None,
                 stated_half_total: float | None = None) -> list[PerfscoreError]:
        """Every broken invariant: totals that do not add up, 半年 above 全年, negative sums.

        Amounts that are not known are not compared (whoever read them reports them).

        Args:
            stated_annual_total: A 资金总额 given separately (master data, or the total cell of
                a workbook overwritten by hand), checked against the sum.
            stated_half_total: The same for the half-year column.
        """
        found: list[PerfscoreError] = []
        for key, label in FUNDING_LABELS.items():
            amount = getattr(self, key)
            if amount is not None and amount < 0:
                found.append(TargetFormError(MESSAGES["funding_negative"].format(label=label),
                                             code="PS-G003"))
        for column, stated in (("annual", stated_annual_total), ("half", stated_half_total)):
            problem = self.total_problem(column, stated)
            if problem is not None:
                found.append(problem)
        for half, annual, label in (
            (self.half_basic, self.annual_basic, FUNDING_ROWS["basic"]),
            (self.half_project, self.annual_project, FUNDING_ROWS["project"]),
        ):
            if half is not None and annual is not None and half > annual + 1e-9:
                found.append(TargetFormError(MESSAGES["funding_half_above"].format(
                    label=label, half=half, annual=annual), code="PS-G002"))
        return found

    def total_problem(self, column: str, stated: float | None) -> PerfscoreError | None:
        """PS-G001 when a stated 资金总额 of ``column`` (``annual``/``half``) is not the sum."""
        total = self.annual_total if column == "annual" else self.half_total
        if stated is None or total is None or abs(stated - total) <= 0.005:
            return None
        return TargetFormError(MESSAGES["funding_total"].format(
            label=FUNDING_COLUMNS[column], stated=stated, total=total), code="PS-G001")


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

    def problems(self, locate: Locate | None = None) -> list[PerfscoreError]:
        """Funding invariants and indicator values that are unreadable, missing or orphaned.

        A named 三级 indicator needs both its 半年 and 全年 values (PS-T002); a value in a row
        without a 三级 name belongs to no indicator (PS-T004); every value must read as an
        indicator value (PS-T001).

        Args:
            locate: Where the value ``key`` (``half_value``/``full_value``) of indicator
                ``index`` (0-based, in :attr:`indicators`) sits, as location fields of
                :meth:`~scoring.errors.PerfscoreError.located`: ``{"cell": "F21"}`` for a
                workbook, ``{"row": 12}`` for a master-data sheet. Without it the message names
                the indicator by its position and 三级 name.
        """
        found = self.funding.problems()

        def where(index: int, row: TargetIndicator, key: str) -> dict[str, Any]:
            # Only for a problem: locating a cell costs more than reading a good value.
            if locate is not None:
                return dict(locate(index, key))
            return {"column": MESSAGES["indicator_position"].format(
                number=index + 1, name=row.level3, label=VALUE_LABELS[key])}

        for index, row in enumerate(self.indicators):
            for key in ("half_value", "full_value"):
                value = getattr(row, key)
                if not value:
                    if row.level3:
                        found.append(TargetError(MESSAGES["target_value_missing"].format(
                            name=row.level3, label=VALUE_LABELS[key]), code="PS-T002",
                            **where(index, row, key)))
                    continue
                if not row.level3:
                    found.append(TargetError(MESSAGES["target_value_orphan"].format(
                        value=value, label=VALUE_LABELS[key]), code="PS-T004",
                        **where(index, row, key)))
                    continue
                try:
                    parse_target(value)
                except PerfscoreError as exc:
                    found.append(exc.located(**where(index, row, key)))
        return found

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "TargetForm":
        """Build a form from its JSON form (the attributes, ``funding`` and ``indicators`` nested)."""
        fields = {key: value for key, value in data.items() if key not in ("funding", "indicators")}
        return cls(
            funding=Funding(**{k: None if v is None else float(v)
                               for k, v in data["funding"].items()}),
            indicators=tuple(TargetIndicator(**row) for row in data.get("indicators", ())),
            **{**fields, "year": int(data["year"])},
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by :meth:`from_dict`."""
        return asdict(self)
