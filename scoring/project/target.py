"""What a project target declaration (项目支出绩效目标申报表) holds, and its own checks.

The declaration is filed when a project asks for its budget; the self-evaluation
(:mod:`.form`) later scores the same indicators against what was done. Its blocks: the header
(项目名称, 主管部门及代码, 实施单位, 项目属性, 项目期), the funds (项目资金（万元）: 中期资金总额 and
年度资金总额, each a 资金总额 with 其中：财政拨款 and 其他资金), the 总体目标 (中期目标, 年度目标) and the
绩效指标 (一级 · 二级 · 三级 · 指标值, the value in one cell: ``≥95%``, ``≤30天``, ``=100%``,
``效果明显``) in two groups, as the published copies print them: the 中期（长期）indicators of the
whole project period, then the annual ones. The annual group is the one the self-evaluation
scores (and the one the checksum and PS-X111 compare); the mid-term group is declared only.
Nothing is scored; :func:`check_target` says what a reviewer would send back, with the codes of
the self-evaluation's checks where the check is the same (:mod:`.review`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import PerfscoreError, ProjectError
from ..framework import Issue
from ..normalise import characters
from .form import ProjectIndicator
from .profiles import NATIONAL, ProjectProfile
from .review import block_issues, sum_issues
from .score import indicator_location, read_amount, read_target
from . import vocab


@dataclass(frozen=True)
class DeclaredFunds:
    """One funds column of the declaration (万元): 中期资金总额 or 年度资金总额.

    Attributes:
        total: 资金总额.
        appropriation: 其中：财政拨款.
        other: 其他资金.
    """

    total: Any = None
    appropriation: Any = None
    other: Any = None


@dataclass(frozen=True)
class DeclaredIndicator:
    """One 三级 indicator of the declaration.

    Attributes:
        level1: 一级指标 (产出指标, 效益指标, 满意度指标).
        level2: 二级指标 (数量指标, 社会效益指标 …).
        name: 三级指标.
        target: 指标值 as typed (``≥1200人``, ``≤30天``, ``健全``, ``效果明显``).
    """

    level1: str
    level2: str
    name: str
    target: Any

    def as_evaluated(self) -> ProjectIndicator:
        """The row as the self-evaluation takes it over: same labels and 指标值, nothing done yet."""
        return ProjectIndicator(self.level1, self.level2, self.name, self.target, None, None)


@dataclass(frozen=True)
class ProjectTarget:
    """A filled-in project target declaration.

    Attributes:
        name: 项目名称.
        department: 主管部门 (the name of 主管部门及代码).
        department_code: 主管部门代码 (text: codes keep their leading zeros).
        unit: 实施单位.
        attribute: 项目属性, one of :data:`vocab.PROJECT_ATTRIBUTES` (新增项目, 延续项目).
        period: 项目期 as written (``2024—2026年``, ``3年``).
        funds: Column key of :data:`vocab.DECLARATION_FUND_COLUMNS` (``mid``, ``annual``) → its
            amounts.
        goal_mid: 总体目标 · 中期目标.
        goal_annual: 总体目标 · 年度目标.
        indicators: The annual indicator rows (年度绩效指标) in form order: what the
            self-evaluation scores.
        mid_indicators: The 中期（长期）indicator rows in form order; empty for a project without
            them (a one-year project), whose form then has no mid-term table.
    """

    name: str
    department: str = ""
    department_code: str = ""
    unit: str = ""
    attribute: str = ""
    period: str = ""
    funds: Mapping[str, DeclaredFunds] = field(default_factory=dict)
    goal_mid: str = ""
    goal_annual: str = ""
    indicators: tuple[DeclaredIndicator, ...] = ()
    mid_indicators: tuple[DeclaredIndicator, ...] = ()


def _location(key: str) -> tuple[str, str]:
    """(item, words) of a declaration field: ``field.attribute`` and ``“项目属性”``."""
    return f"field.{key}", vocab.LOCATIONS["field"].format(label=vocab.DECLARATION_LABELS[key])


def _targets(rows: Sequence[DeclaredIndicator], group: str) -> list[Issue]:
    """PS-T001/PS-T002: a 指标值 the engine cannot read, as the self-evaluation would report it
    (text without digits is a qualitative target and reads). ``group`` is the key of
    :data:`vocab.INDICATOR_GROUPS`: an annual row is located as the self-evaluation locates it
    (``indicator.3``, ``第3个指标“…”``), a mid-term one with its group (``mid_indicator.3``,
    ``中期（长期）绩效指标第3个指标“…”``)."""
    found = []
    for index, row in enumerate(rows, start=1):
        try:
            read_target(row.as_evaluated())
        except PerfscoreError as exc:
            item, where = indicator_location(index, row.as_evaluated())
            if group != "annual":
                item = f"{group}_{item}"
                where = vocab.LOCATIONS["group_indicator"].format(
                    group=vocab.INDICATOR_GROUPS[group], index=index, name=row.name)
            found.append(Issue(exc.code, vocab.MESSAGES["target_unreadable"].format(
                where=where, message=exc.message), item))
    return found


def _blocks(rows: Sequence[DeclaredIndicator], group: str, profile: ProjectProfile) -> list[Issue]:
    """PS-X106 for one group: the annual group always (as the self-evaluation), the mid-term
    group when it has rows (a project without mid-term indicators has no such table), named in
    the message and located at its table (``mid_indicators``)."""
    form = vocab.FORM_NAMES["declaration"]
    if group == "annual":
        return block_issues([(row.level1, row.level2) for row in rows], profile, form)
    if not rows:
        return []
    form = vocab.MESSAGES["block_group"].format(form=form, group=vocab.INDICATOR_GROUPS[group])
    return [replace(issue, item=f"{group}_{issue.item}")
            for issue in block_issues([(row.level1, row.level2) for row in rows], profile, form)]


def _funds(target: ProjectTarget) -> list[Issue]:
    """PS-X005 for an amount that is not a number or negative; PS-X107 where 资金总额 is not
    财政拨款 + 其他资金, column by column."""
    found = []
    for column, column_label in vocab.DECLARATION_FUND_COLUMNS.items():
        funds = target.funds.get(column, DeclaredFunds())
        item, where = f"funds.{column}", vocab.LOCATIONS["fund"].format(label=column_label)
        amounts: dict[str, float | None] = {}
        for key, label in vocab.DECLARATION_FUND_ROWS.items():
            value = getattr(funds, key)
            try:
                amounts[key] = read_amount(value)
            except PerfscoreError as exc:
                message = "budget_negative" if isinstance(exc, ProjectError) else "amount_unreadable"
                found.append(Issue("PS-X005", vocab.MESSAGES[message].format(
                    where=where, field=label, value=value), item))
                amounts[key] = None
        total_key, *parts = vocab.DECLARATION_FUND_ROWS
        found.extend(sum_issues(item, column_label, amounts[total_key],
                                [(vocab.DECLARATION_FUND_ROWS[key], amounts[key]) for key in parts]))
    return found


def _attribute(target: ProjectTarget) -> list[Issue]:
    """PS-X110: a 项目属性 that is neither 新增项目 nor 延续项目 (blank is left to the reviewer)."""
    value = characters(str(target.attribute or ""))
    choices = tuple(vocab.PROJECT_ATTRIBUTES.values())
    if not value or value in choices:
        return []
    item, where = _location("attribute")
    return [Issue("PS-X110", vocab.MESSAGES["attribute_unknown"].format(
        where=where, value=target.attribute, choices="、".join(choices)), item)]


def check_target(target: ProjectTarget, profile: ProjectProfile = NATIONAL) -> list[Issue]:
    """Every problem of a declaration a reviewer would send back.

    Args:
        target: The filled-in declaration.
        profile: The profile whose blocks (产出, 效益, 满意度) the indicators must cover.

    Returns:
        The findings in form order: 项目属性 (PS-X110), the funds (PS-X005, PS-X107), then for
        the 中期（长期）group and the annual group in turn the 指标值 (PS-T001, PS-T002) and the
        blocks (PS-X106); empty when nothing looks wrong.
    """
    groups = {"mid": target.mid_indicators, "annual": target.indicators}
    return [*_attribute(target), *_funds(target),
            *(issue for group, rows in groups.items()
              for issue in (*_targets(rows, group), *_blocks(rows, group, profile)))]
