"""The self-evaluation report (整体绩效自我评价报告), drafted from what the workbooks hold.

After scoring, every unit writes a report in the order of the second seed document: 一、基本情况
(概况, 收入支出情况, 部门绩效目标) · 二、评价工作简述 · 三、评价结论 · 四、部门履职成效 · 五、存在问题及改进措施,
and the score table as an annex. Most of it restates the two workbooks: names, duties, funds,
goals, the score, the grade, every lost point and its reason. :func:`draft_report` gathers those
texts; the Word document around them is a template the bureau edits
(:mod:`scoring.document.report`).

Nothing is made up: every figure comes from the self-evaluation (scores, actual values), the
target form (funds, indicator values) or the master data (:class:`Finances`: 年末调整预算 and
支出总计, only when given). What the workbooks cannot say (改进措施) is a marked slot
(:data:`TO_FILL`) naming the lost item it answers. The placeholders a template may use are
declared once, in :data:`PLACEHOLDERS` (docs/report.md lists them, a test checks).

Pure core: standard library only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from .errors import RuleError
from .forms import TARGET_TEXT_LABELS, UNIT_LABELS, indicator_label
from .framework import Framework, Indicator, Inputs, ItemResult, Result
from .parts import fmt
from .target_form import TargetForm, TargetIndicator
from .vocab import ACHIEVEMENT_SECTION_WORDS

#: What marks a passage the unit writes itself (the report never guesses it).
TO_FILL = "【待填写】"
#: How an item that lost points without a 未完成指标原因分析 shows in 存在问题.
NO_REASON = "（自评表中未填写原因分析）"
#: What 存在问题 says first when no item lost points.
NO_LOST_ITEMS = "自评各项指标均未扣分。"
#: The unit of the funding amounts.
MONEY_UNIT = "万元"


@dataclass(frozen=True)
class Finances:
    """The year's budget and spending beyond the target form, from optional master-data columns.

    Attributes:
        adjusted: 年末调整预算收入 (万元).
        appropriation: 其中：财政拨款收入 (万元).
        spent: 支出总计 (万元).
    """

    adjusted: float | None = None
    appropriation: float | None = None
    spent: float | None = None


@dataclass(frozen=True)
class ScoreRow:
    """One row of the annex's score table (a scored item), as printed.

    The 一级 and 二级 labels are printed on the first row of their group only, as on the form.
    """

    level1: str
    level2: str
    level3: str
    points: str
    score: str
    reason: str


@dataclass(frozen=True)
class Report:
    """The texts of one unit's report; :meth:`context` gives them to the template by their
    Chinese placeholder names (:data:`PLACEHOLDERS`)."""

    unit_name: str
    unit_code: str
    year: int | None
    duties: tuple[str, ...]
    organisation: tuple[str, ...]
    finances: tuple[str, ...]
    goals: tuple[str, ...]
    conclusion: str
    section_scores: str
    achievements: tuple[str, ...]
    problems: tuple[str, ...]
    measures: tuple[str, ...]
    score_rows: tuple[ScoreRow, ...]
    total: str
    grade: str
    framework_title: str

    def context(self) -> dict[str, Any]:
        """Placeholder name → value, for the Word template (every name of :data:`PLACEHOLDERS`)."""
        rows = [{column: getattr(row, attribute) for column, attribute in SCORE_ROW_FIELDS.items()}
                for row in self.score_rows]
        values = {"year": "" if self.year is None else str(self.year), "score_rows": rows}
        return {p.name: values[p.attribute] if p.attribute in values else getattr(self, p.attribute)
                for p in PLACEHOLDERS}


@dataclass(frozen=True)
class Placeholder:
    """A name a report template may use, what it holds and whether it is a list."""

    name: str
    attribute: str
    note: str
    many: bool = False


#: Every placeholder of the report template (Chinese names: the template is edited in Word by
#: finance staff), in the order of the report.
PLACEHOLDERS: tuple[Placeholder, ...] = (
    Placeholder(UNIT_LABELS["unit_name"], "unit_name", "单位名称（自评表）"),
    Placeholder(UNIT_LABELS["unit_code"], "unit_code", "单位编码（自评表）"),
    Placeholder(UNIT_LABELS["year"], "year", "评价年度，如 2024"),
    Placeholder("主要职能", "duties", "单位主要职能（目标表），每行一段", many=True),
    Placeholder("机构人员", "organisation", "机构设置及人员配置（目标表），每行一段", many=True),
    Placeholder("收入支出", "finances", "收入支出情况：目标表的资金与主数据的年末调整预算、支出总计", many=True),
    Placeholder("绩效目标", "goals", "年度目标（目标表），每行一段", many=True),
    Placeholder("评价结论", "conclusion", "如 2024 年度整体绩效自评价得分 99 分，等次为优秀。"),
    Placeholder("一级指标得分", "section_scores", "各一级指标的得分与分值"),
    Placeholder("履职成效", "achievements", "履职、效益等部分每个评分项的目标与完成情况", many=True),
    Placeholder("存在问题", "problems", "每个扣分项：扣分与原因分析（自评表）", many=True),
    Placeholder("改进措施", "measures", f"每个扣分项一条，内容为 {TO_FILL}", many=True),
    Placeholder("评分表", "score_rows", "附件评分表的行，每行有 一级指标、二级指标、三级指标、分值、得分、原因分析",
                many=True),
    Placeholder("总得分", "total", "总得分，如 99"),
    Placeholder("等次", "grade", "评价等次，如 优秀"),
    Placeholder("框架名称", "framework_title", "评价指标框架的名称，如 南京市人民政府办公厅整体绩效评价指标框架"),
)

#: The columns of a row of 评分表, by their Chinese names (``{{ 行.得分 }}`` in the template).
SCORE_ROW_FIELDS: dict[str, str] = {"一级指标": "level1", "二级指标": "level2", "三级指标": "level3",
                                    "分值": "points", "得分": "score", "原因分析": "reason"}


def number(value: float | None) -> str:
    """A figure as the report prints it: ``99``, ``2.5``, ``7472.66``."""
    return fmt(value) if value is not None else ""


def percent(value: float) -> str:
    """A rate as the report prints it, to two decimals of a percent: ``100%``, ``98.77%``."""
    return fmt(round(value, 4), percent=True)


def paragraphs(text: str) -> tuple[str, ...]:
    """The non-empty lines of a multi-line text (one paragraph each)."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())


def finance_sentences(unit: str, year: int | None, form: TargetForm | None,
                      finances: Finances) -> tuple[str, ...]:
    """收入支出情况 as the seed phrases it, with only the figures that exist.

    ``南京市人民政府办公厅 2024 年年初预算收入总计 7472.66 万元，年末调整预算收入 7587.66 万元，其中：财政拨款收入
    7587.66 万元，支出总计 7587.66 万元。预算执行率 100%。`` — the 年初 total and its 基本/项目 split from the
    target form, the rest from :class:`Finances`; 预算执行率 = 支出总计 ÷ 年末调整预算 when both exist.
    """
    funding = form.funding if form is not None else None
    initial = funding.annual_total if funding is not None else None
    clauses = []
    if initial is not None:
        clauses.append(f"年初预算收入总计 {number(initial)} {MONEY_UNIT}")
    if finances.adjusted is not None:
        clauses.append(f"年末调整预算收入 {number(finances.adjusted)} {MONEY_UNIT}")
    if finances.appropriation is not None:
        clauses.append(f"其中：财政拨款收入 {number(finances.appropriation)} {MONEY_UNIT}")
    if finances.spent is not None:
        clauses.append(f"支出总计 {number(finances.spent)} {MONEY_UNIT}")
    if not clauses:
        return (f"{TO_FILL}（目标表和主数据中都没有资金数）",)
    year_text = f" {year} 年" if year is not None else ""
    first = f"{unit}{year_text}{clauses[0]}"
    sentences = ["，".join([first, *clauses[1:]]) + "。"]
    if finances.adjusted and finances.spent is not None:
        sentences[0] += f"预算执行率 {percent(finances.spent / finances.adjusted)}。"
    if funding is not None and funding.annual_basic is not None and funding.annual_project is not None:
        sentences.append(f"年初预算中，基本支出 {number(funding.annual_basic)} {MONEY_UNIT}，"
                         f"项目支出 {number(funding.annual_project)} {MONEY_UNIT}。")
    return tuple(sentences)


def conclusion(year: int | None, result: Result) -> str:
    """评价结论 as the seed phrases it: ``2024 年度整体绩效自评价得分 99 分，等次为优秀。``"""
    year_text = f"{year} 年度" if year is not None else "本年度"
    return f"{year_text}整体绩效自评价得分 {number(result.total)} 分，等次为{result.grade}。"


def section_scores(framework: Framework, result: Result) -> str:
    """The 一级 scores: ``其中：A 部门决策 14.5 分（分值 15 分），…。``"""
    parts = []
    for section in framework.sections:
        item = result.item(section.code)
        if section.role == "score":
            parts.append(f"{section.code} {section.name} {number(item.final)} 分"
                         f"（分值 {number(section.effective_points)} 分）")
        elif item.final:
            sign = "加" if section.role == "bonus" or item.final > 0 else "减"
            parts.append(f"{section.code} {section.name} {sign} {number(abs(item.final))} 分")
    return "其中：" + "，".join(parts) + "。" if parts else ""


def _key(text: str) -> str:
    """A name compared with another: NFKC, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def _actual_text(leaf: Indicator, value: Any) -> str:
    """An actual value as the form shows it (``99%`` for a percentage rule); empty for no value,
    a list of awards, or an item the evaluator scores (its value is the score itself)."""
    if isinstance(value, bool) or value is None or isinstance(value, (list, tuple)):
        return ""
    try:
        kind = leaf.rule().input_kind
    except RuleError:  # an empty rule: the value as typed
        kind = ""
    if kind == "score":
        return ""
    if isinstance(value, (int, float)):
        return fmt(float(value), percent=kind == "percent")
    return str(value).strip()


def achievements(framework: Framework, inputs: Inputs, result: Result,
                 form: TargetForm | None) -> tuple[str, ...]:
    """部门履职成效: one sentence per scored item of the sections on performance and effect
    (:data:`scoring.vocab.ACHIEVEMENT_SECTION_WORDS`), its annual target from the target form
    when an indicator there has the item's name, its actual value and score."""
    targets: dict[str, TargetIndicator] = {}
    for indicator in form.indicators if form is not None else ():
        targets.setdefault(_key(indicator.level3), indicator)
    sentences = []
    for section in framework.sections:
        if not any(word in section.name for word in ACHIEVEMENT_SECTION_WORDS):
            continue
        for leaf in section.walk():
            if not leaf.is_leaf or leaf.role != "score":
                continue
            item = result.item(leaf.code)
            if item.not_applicable:
                continue
            clauses = []
            target = targets.get(_key(leaf.name))
            if target is not None and target.full_value:
                clauses.append(f"年度目标 {target.full_value}")
            actual = _actual_text(leaf, inputs.actuals.get(leaf.code))
            if actual:
                clauses.append(f"实际完成 {actual}")
            clauses.append(f"得 {number(item.final)} 分（分值 {number(leaf.effective_points)} 分）")
            sentences.append(f"{leaf.code} {leaf.name}：" + "，".join(clauses) + "。")
    return tuple(sentences)


def problems(result: Result) -> tuple[str, ...]:
    """存在问题: each item that lost points, with its reason from the self-evaluation (a slot
    when none lost points: the unit may still name problems)."""
    return tuple(f"{item.code} {item.name}（分值 {number(item.points)} 分，得 {number(item.final)} 分，"
                 f"扣 {number(item.lost)} 分）：{item.reason.strip() or NO_REASON}"
                 for item in result.lost_items) or (f"{NO_LOST_ITEMS}{TO_FILL}",)


def measures(result: Result) -> tuple[str, ...]:
    """改进措施: one marked slot per lost item, naming the item it answers."""
    return tuple(f"针对 {item.code} {item.name}：{TO_FILL}" for item in result.lost_items) or (TO_FILL,)


def score_rows(framework: Framework, result: Result) -> tuple[ScoreRow, ...]:
    """The annex's rows: every scored item with its 一级/二级 labels (printed once per group),
    分值, 得分 and 原因分析."""
    rows: list[ScoreRow] = []
    for section in framework.sections:
        first_of_section = True
        for level2 in section.children or (section,):
            first_of_group = True
            for leaf in level2.children or (level2,):
                item: ItemResult = result.item(leaf.code)
                score = "不适用" if item.not_applicable else number(item.final)
                level3 = indicator_label(leaf.code, leaf.name, leaf.points) if leaf is not level2 else ""
                rows.append(ScoreRow(
                    level1=_label(section) if first_of_section else "",
                    level2=_label(level2) if first_of_group and level2 is not section else "",
                    level3=level3, points=number(leaf.points), score=score,
                    reason=item.reason.strip()))
                first_of_section = first_of_group = False
    return tuple(rows)


def _label(node: Any) -> str:
    return indicator_label(node.code, node.name, node.points, cap=node.role == "bonus")


def _form_paragraphs(form: TargetForm | None, key: str) -> tuple[str, ...]:
    """A text field of the target form as paragraphs, or a :data:`TO_FILL` slot saying why
    there is none (no target form, or the field left empty)."""
    if form is None:
        return (f"{TO_FILL}（没有该单位的目标表）",)
    return paragraphs(getattr(form, key)) or (f"{TO_FILL}（目标表中未填写{TARGET_TEXT_LABELS[key]}）",)


def draft_report(*, framework: Framework, inputs: Inputs, result: Result, unit_name: str,
                 unit_code: str = "", year: int | None = None, form: TargetForm | None = None,
                 finances: Finances = Finances()) -> Report:
    """The report of one unit: its self-evaluation (framework, inputs and their result), its
    target form when there is one, and the master data's finances when given.

    Without a target form, the passages it would give are :data:`TO_FILL` slots saying so.
    """
    return Report(
        unit_name=unit_name, unit_code=unit_code, year=year,
        duties=_form_paragraphs(form, "duties"),
        organisation=_form_paragraphs(form, "organisation"),
        finances=finance_sentences(unit_name, year, form, finances),
        goals=_form_paragraphs(form, "annual_goal"),
        conclusion=conclusion(year, result),
        section_scores=section_scores(framework, result),
        achievements=achievements(framework, inputs, result, form) or (TO_FILL,),
        problems=problems(result),
        measures=measures(result),
        score_rows=score_rows(framework, result),
        total=number(result.total), grade=result.grade, framework_title=framework.title)
