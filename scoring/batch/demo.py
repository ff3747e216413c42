"""Demo data: the 2024 南京 example plus generated units, some deliberately wrong.

:func:`demo_frames` builds master data tables (the schema of :mod:`.master`) for the built-in
example and a few dozen generated budget units with realistic variety: names of city
departments, six-digit unit codes, funding of different sizes, different 重点工作 in the 履职
section and different indicator values. A seeded random generator makes the data the same on
every run. :data:`MISTAKES` lists the units that are deliberately wrong, so the demo shows every
kind of master data problem.

:func:`simulate_typed_values` then edits the input cells of filled self-evaluation workbooks as a
unit's staff would (actual values, reasons, an evaluator's score), found through the form
declaration's defined names, never through coordinates.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pandas as pd

from .. import forms, vocab
from ..example import load_example
from ..project import DeclaredFunds, DeclaredIndicator, FundRow, ProjectEvaluation, ProjectIndicator
from ..project.example import example_project
from ..target_form import Funding, TargetForm, TargetIndicator
from .master import (EXAMPLE_PROJECT_CODE, EXAMPLE_UNIT_CODE, INDICATORS, UNITS, Declaration,
                     Project, example_master_project, frames_for_units)

#: Departments of a city government (名称, 主要职能), the generated units' names.
DEPARTMENTS: tuple[tuple[str, str], ...] = (
    ("发展和改革委员会", "拟订并组织实施国民经济和社会发展规划，统筹推进重大项目建设。"),
    ("教育局", "贯彻执行教育方针政策，统筹管理各级各类教育事业。"),
    ("科学技术局", "拟订科技创新政策，组织实施重大科技项目，推进科技成果转化。"),
    ("工业和信息化局", "推进新型工业化和信息化，指导工业经济运行。"),
    ("民政局", "负责社会救助、养老服务、社会组织登记管理和基层政权建设。"),
    ("司法局", "负责法治政府建设、公共法律服务和人民调解工作。"),
    ("财政局", "负责财政收支管理、预算编制执行和预算绩效管理。"),
    ("人力资源和社会保障局", "负责就业创业、社会保险、人才队伍建设和劳动关系工作。"),
    ("规划和自然资源局", "负责国土空间规划、自然资源调查和确权登记。"),
    ("生态环境局", "负责大气、水、土壤污染防治和生态环境监督执法。"),
    ("住房保障和房产局", "负责住房保障、房地产市场监管和物业管理。"),
    ("城乡建设委员会", "负责城乡建设管理、建筑市场监管和重点工程建设。"),
    ("交通运输局", "负责综合交通运输规划、公路水路建设和运输管理。"),
    ("水务局", "负责水资源管理、防汛抗旱和城乡供排水。"),
    ("农业农村局", "负责乡村振兴、农业生产和农村改革发展。"),
    ("商务局", "负责内外贸易、招商引资和消费促进工作。"),
    ("文化和旅游局", "负责公共文化服务、文化遗产保护和旅游业发展。"),
    ("卫生健康委员会", "负责医疗卫生服务、疾病预防控制和健康促进。"),
    ("退役军人事务局", "负责退役军人安置、优抚和服务保障工作。"),
    ("应急管理局", "负责安全生产监管、应急救援和防灾减灾工作。"),
    ("审计局", "负责财政财务收支审计和经济责任审计。"),
    ("市场监督管理局", "负责市场主体登记、食品药品安全和质量监管。"),
    ("体育局", "负责全民健身、竞技体育和体育产业发展。"),
    ("统计局", "负责统计调查、统计数据发布和统计监督。"),
    ("医疗保障局", "负责医疗保险、生育保险和医疗救助管理。"),
    ("城市管理局", "负责市容环境、城市照明和城市管理综合执法。"),
    ("数据局", "负责数据资源管理、数字政府建设和政务服务平台运行。"),
    ("机关事务管理局", "负责机关运行保障、公务用车和公共机构节能。"),
    ("信访局", "负责群众来信来访的受理、交办和督办。"),
    ("园林局", "负责城市绿化、公园管理和古树名木保护。"),
    ("档案馆", "负责档案收集、保管、利用和档案信息化建设。"),
    ("地方志编纂委员会办公室", "负责地方志编纂、年鉴编辑和地情资料开发。"),
    ("公共资源交易中心", "负责工程建设、政府采购等公共资源交易服务。"),
    ("政务服务管理办公室", "负责政务服务事项管理和“一网通办”建设。"),
    ("粮食和物资储备局", "负责粮食和物资储备管理、粮食安全保障。"),
    ("人民防空办公室", "负责人防工程建设管理和防空防灾宣传教育。"),
)

#: Key work items of the 履职 section: (重点工作, 工作内容, 三级指标, 半年值, 全年值).
KEY_WORKS: tuple[tuple[str, str, str, str, str], ...] = (
    ("政策研究工作", "围绕中心工作开展政策研究，形成调研报告。", "调研报告完成数", "≥2篇", "≥5篇"),
    ("行政审批服务", "做好行政审批事项受理和办理。", "审批事项按时办结率", "≥98%", "≥98%"),
    ("执法检查工作", "按年度计划开展执法检查。", "执法检查计划完成率", "≥50%", "≥95%"),
    ("宣传培训工作", "组织业务培训和政策宣传。", "培训场次", "≥3场", "≥8场"),
    ("专项资金管理", "做好专项资金分配、拨付和监管。", "专项资金拨付及时率", "≥90%", "≥95%"),
    ("信息化建设工作", "推进业务系统建设和运行维护。", "系统正常运行率", "≥99%", "≥99%"),
    ("督查督办工作", "对重点任务开展督查督办。", "督办事项办结率", "≥85%", "≥90%"),
    ("公共服务工作", "提供便民服务，受理群众诉求。", "群众诉求办结率", "≥95%", "≥95%"),
)

#: First digits of generated unit codes (the example is :data:`EXAMPLE_UNIT_CODE`).
CODE_PREFIX = "1"

#: The deliberately wrong rows of the demo (unit position among the generated units → what is
#: wrong), documented in docs/batch.md. Positions are 1-based.
MISTAKES: dict[str, int] = {
    "funding_total": 5,      # 资金总额 does not add up (PS-G001)
    "indicator_value": 9,    # an unreadable 全年指标值 (PS-T001)
    "duplicate_code": 13,    # the code of unit 12 again (PS-M002, both rows fail)
    "formula_name": 17,      # 单位名称 starting with "=": valid, must stay text
}

#: The unreadable indicator value typed by the demo (a letter o in place of a zero).
UNREADABLE_VALUE = "≥9o%"
#: The name of the unit whose name starts with "=" (it must stay text in every output).
FORMULA_NAME = "=SUM(1,2)示范单位"


def _generated_form(rng: random.Random, number: int, base: TargetForm) -> tuple[str, TargetForm]:
    """One generated unit: code, name, funding, key works and indicator values."""
    name, duties = DEPARTMENTS[(number - 1) % len(DEPARTMENTS)]
    if number > len(DEPARTMENTS):
        name = f"{name}（{number // len(DEPARTMENTS) + 1}）"
    code = f"{CODE_PREFIX}{number:05d}"
    size = rng.choice((0.2, 0.5, 1.0, 2.0, 5.0))
    annual_basic = round(rng.uniform(800, 6000) * size, 2)
    annual_project = round(rng.uniform(50, 3000) * size, 2)
    funding = Funding(annual_basic, annual_project,
                      round(annual_basic * rng.uniform(0.4, 0.55), 2),
                      round(annual_project * rng.uniform(0.2, 0.5), 2))
    works = rng.sample(KEY_WORKS, rng.randint(3, 5))
    satisfaction = rng.choice(("≥85%", "≥90%", "≥95%"))
    rows: list[TargetIndicator] = []
    for row in base.indicators:
        if row.level1 == "履职":
            continue
        if row.level1 == "满意度指标":
            row = replace(row, half_value=satisfaction, full_value=satisfaction)
        rows.append(row)
    first_benefit = next(i for i, row in enumerate(rows) if row.level1 == "效益指标")
    work_rows = [TargetIndicator("履职", "重点工作", level3, half, full, item, content)
                 for item, content, level3, half, full in works]
    rows[first_benefit:first_benefit] = work_rows
    form = TargetForm(
        unit_name=f"{base.city}{name}", year=base.year, funding=funding, city=base.city,
        unit_code=code, duties=duties, organisation=f"内设机构 {rng.randint(4, 16)} 个，"
        f"编制 {rng.randint(20, 300)} 人。", mid_long_term_goal=f"全面履行{name}职能，提升服务水平。",
        annual_goal=f"完成{base.year}年度{name}各项重点工作任务。", indicators=tuple(rows))
    return code, form


def demo_frames(count: int = 36, seed: int = 2024, *,
                mistakes: bool = True) -> dict[str, pd.DataFrame]:
    """Master data tables: the built-in example first, then ``count`` generated units.

    With ``mistakes`` the generated units include the deliberate mistakes of :data:`MISTAKES`
    (when ``count`` reaches their positions): a 资金总额 that does not add up, an unreadable
    indicator value, a duplicate unit code and a unit name that starts with ``=``. Without, every
    unit is valid (the benchmark: N units give exactly N units' workbooks).

    Args:
        count: How many units to generate besides the example.
        seed: Seed of the random generator (same data on every run).
        mistakes: Write the deliberate mistakes (the demo); False for valid data only.

    Returns:
        Sheet name → DataFrame with the Chinese headers of :mod:`.master`.
    """
    rng = random.Random(seed)
    example = load_example()
    base = example.target_form
    units = [(EXAMPLE_UNIT_CODE, replace(base, unit_code=EXAMPLE_UNIT_CODE))]
    units += [_generated_form(rng, number, base) for number in range(1, count + 1)]
    projects = [example_master_project()] + [
        _demo_project(number, units[number][0], units[number][1]) for number in
        range(1, min(count, len(DEMO_PROJECTS)) + 1)]
    frames = frames_for_units(units, example.framework, {EXAMPLE_UNIT_CODE: example.finances},
                              projects)
    if mistakes:
        _add_mistakes(frames, count)
    return frames


def _add_mistakes(frames: dict[str, pd.DataFrame], count: int) -> None:
    """Write the deliberate mistakes of :data:`MISTAKES` into the tables (positions ≤ count)."""
    units = frames[UNITS.sheet]
    indicators = frames[INDICATORS.sheet]
    header = {column.key: column.header for column in UNITS.columns}
    position = MISTAKES["funding_total"]
    if position <= count:
        units.loc[position, header["annual_total"]] = units.loc[position, header["annual_total"]] + 100
    position = MISTAKES["indicator_value"]
    if position <= count:
        code = units.loc[position, header["code"]]
        mask = indicators[INDICATORS.column("unit_code").header] == code
        target = indicators.index[mask & (indicators[INDICATORS.column("level1").header] == "履职")][0]
        indicators.loc[target, INDICATORS.column("full_value").header] = UNREADABLE_VALUE
    position = MISTAKES["duplicate_code"]
    if position <= count:
        original = units.loc[position - 1, header["code"]]
        old = units.loc[position, header["code"]]
        units.loc[position, header["code"]] = original
        unit_column = INDICATORS.column("unit_code").header
        indicators.loc[indicators[unit_column] == old, unit_column] = original
    position = MISTAKES["formula_name"]
    if position <= count:
        units.loc[position, header["name"]] = FORMULA_NAME


_OUTPUT, _OUTCOME, _SATISFACTION = "产出指标", "效益指标", "满意度指标"

#: The generated projects of the demo, one under each of the first generated units: (项目名称,
#: 全年预算数 of 年度资金总额 · 当年财政拨款 · 上年结转资金 · 其他资金, what the unit types as
#: 全年执行数 of the same rows, and the indicators: (一级, 二级, 三级, 指标值, 分值, 实际完成值,
#: 偏差原因)). Each shows review findings (审核提示) a reviewer asks about: the first a total
#: executed above its budget and not the sum of its rows (PS-X108, PS-X107), a word where a number
#: is due (PS-X102) and a reason of 无 beside lost points (PS-X103); the second an indicator
#: weighing two thirds of the points (PS-X101), an actual three times its target (PS-X105) and
#: no 满意度指标 (PS-X106).
DEMO_PROJECTS: tuple[tuple[str, tuple[float, ...], tuple[float, ...],
                     tuple[tuple[str, str, str, str, float, Any, str], ...]], ...] = (
    ("老旧小区改造补助项目", (520, 470, 50, 0), (540, 470, 50, 0), (
        (_OUTPUT, "数量指标", "改造小区数量", "≥20个", 30, "完成", ""),
        (_OUTPUT, "质量指标", "工程验收合格率", "≥95%", 20, 0.9, "无"),
        (_OUTPUT, "时效指标", "按期完工率", "≥90%", 10, 0.95, ""),
        (_OUTCOME, "社会效益指标", "居民居住条件改善", "效果明显", 20, "达成预期指标", ""),
        (_SATISFACTION, "服务对象满意度指标", "居民满意度", "≥90%", 10, 0.93, ""))),
    ("全民健身设施建设项目", (200, 200, 0, 0), (180, 180, 0, 0), (
        (_OUTPUT, "数量指标", "新建健身点数量", "≥10个", 60, "30个", ""),
        (_OUTPUT, "时效指标", "完工及时率", "≥95%", 10, 1.0, ""),
        (_OUTCOME, "社会效益指标", "经常参加锻炼人数比例提高", "≥5%", 20, 0.04,
         "部分健身点年底才投入使用；下年度加强宣传。"))),
)


#: What the target declarations of :data:`DEMO_PROJECTS` add, in the same order: 项目属性, 项目期
#: (``{year}`` the project's year), 中期资金总额 (资金总额, 财政拨款, 其他资金; empty for a one-year
#: project), 中期目标 and the 中期（长期）indicators (一级, 二级, 三级, 指标值). The first is in the
#: second year of three, with mid-term indicators; the second a new one-year project (its 中期
#: block blank and no mid-term indicators, as master data allows: its declaration has no
#: mid-term table).
DEMO_DECLARATIONS: tuple[tuple[str, str, tuple[float, ...], str,
                               tuple[tuple[str, str, str, str], ...]], ...] = (
    ("延续项目", "{first}—{last}年", (1500, 1400, 100), "三年内完成辖区 60 个老旧小区改造，居民满意度达到 90% 以上。", (
        (_OUTPUT, "数量指标", "三年累计改造小区数量", "≥60个"),
        (_OUTPUT, "质量指标", "工程验收合格率", "≥95%"),
        (_OUTCOME, "社会效益指标", "居民居住条件改善", "效果明显"),
        (_SATISFACTION, "服务对象满意度指标", "居民满意度", "≥90%"))),
    ("新增项目", "{year}年", (), "", ()),
)


def _demo_project(number: int, unit_code: str, form: TargetForm) -> Project:
    """The ``number``-th project of :data:`DEMO_PROJECTS` (from 1) as issued to its unit, with
    its declaration's fields (:data:`DEMO_DECLARATIONS`)."""
    name, budgets, _, rows = DEMO_PROJECTS[number - 1]
    attribute, period, mid, goal_mid, mid_rows = DEMO_DECLARATIONS[number - 1]
    funds = {key: FundRow(budget, budget) for key, budget in zip(FUND_KEYS, budgets)}
    declaration = Declaration(
        unit_code, attribute, period.format(year=form.year, first=form.year - 1,
                                                 last=form.year + 1),
        DeclaredFunds(*mid), goal_mid, tuple(DeclaredIndicator(*row) for row in mid_rows))
    return Project(f"{unit_code}-{number:03d}", unit_code, form.unit_name, form.year, 0,
                   ProjectEvaluation(name, department=form.unit_name, unit=form.unit_name,
                                     funds=funds, goal_expected=f"完成{name}年度建设任务。",
                                     indicators=tuple(ProjectIndicator(*row[:4], None, row[4])
                                                      for row in rows)),
                   declaration=declaration)


#: The keys of the project funds rows, in the order :data:`DEMO_PROJECTS` gives amounts.
FUND_KEYS: tuple[str, ...] = ("total", "appropriation", "carryover", "other")


def _typed_project(code: str) -> ProjectEvaluation | None:
    """What the demo's units type into the project workbook of ``code``: the example's own values
    for the example project, :data:`DEMO_PROJECTS` for the generated ones."""
    if code == EXAMPLE_PROJECT_CODE:
        return example_project()
    number = int(code.rsplit("-", 1)[-1]) if "-" in code else 0
    if not 0 < number <= len(DEMO_PROJECTS):
        return None
    name, budgets, executed, rows = DEMO_PROJECTS[number - 1]
    return ProjectEvaluation(
        name, funds={key: FundRow(budget, budget, spent)
                     for key, budget, spent in zip(FUND_KEYS, budgets, executed)},
        goal_actual="已按计划实施。", indicators=tuple(
            ProjectIndicator(*row[:4], row[5], row[4], reason=row[6]) for row in rows))


def simulate_project_values(paths: Iterable[Path]) -> int:
    """Type what each demo project's unit reports into its project workbook: 全年执行数,
    实际完成情况, each 实际完成值, the evaluator's 得分 of a qualitative indicator and the reasons,
    found through the defined names of :data:`scoring.forms.PROJECT_FORM`.

    Returns:
        How many workbooks were edited.
    """
    from openpyxl import load_workbook

    from ..forms import METADATA_NAME, PROJECT_CODE_FIELD, PROJECT_FORM, PROJECT_FUND_KEYS
    from ..workbook.files import save_workbook

    edited = 0
    for path in paths:
        wb = load_workbook(path)
        code_ws, (code_ref,) = _area(wb, METADATA_NAME.format(key=PROJECT_CODE_FIELD[0]))
        typed = _typed_project(str(code_ws[code_ref].value or ""))
        if typed is None:
            continue
        ws, executed = _area(wb, "proj_fund_executed")
        for key, ref in zip(PROJECT_FUND_KEYS, executed):
            row = typed.funds.get(key)
            ws[ref].value = None if row is None else row.executed
        ws, (goal,) = _area(wb, "goal_actual")
        ws[goal].value = typed.goal_actual
        columns = {key: _area(wb, PROJECT_FORM.column(key).name)[1]
                   for key in ("actual", "evaluator_score", "reason")}
        for index, indicator in enumerate(typed.indicators):
            ws[columns["actual"][index]].value = indicator.actual
            ws[columns["evaluator_score"][index]].value = indicator.score
            ws[columns["reason"][index]].value = indicator.reason or None
        save_workbook(wb, path, force=True)
        edited += 1
    return edited


#: Reasons a unit's staff write when an item lost points (未完成指标原因分析).
REASONS: tuple[str, ...] = (
    "受年度预算调整影响，部分工作推迟实施",
    "人员变动较大，相关制度执行不到位",
    "项目前期手续办理时间较长，执行进度滞后",
    "服务对象反馈问题整改尚未完成",
)
#: Share of lost items for which the simulated staff write a reason (the rest stay missing).
REASON_RATE = 0.8


def _area(wb: Any, name: str) -> tuple[Any, list[str]]:
    """The worksheet and cell references of a defined name (openpyxl)."""
    from openpyxl.utils.cell import get_column_letter, range_boundaries

    sheet, ref = next(iter(wb.defined_names[name].destinations))
    min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
    refs = [f"{get_column_letter(col)}{row}" for row in range(min_row, max_row + 1)
            for col in range(min_col, max_col + 1)]
    return wb[sheet], refs


def _simulated_actual(rule: Any, points: float | None, quality: float, rng: random.Random) -> Any:
    """A value a unit would type for a rule: mostly good, worse as ``quality`` falls."""
    kind = rule.input_kind
    if kind == "choice":
        choices = rule.choices
        return choices[0] if rng.random() < quality or len(choices) < 2 else choices[1]
    if kind in ("percent", "number"):
        return round(min(1.0, rng.uniform(quality - 0.15, 1.02)), 3)
    if kind == "count":
        return rng.choice((0, 0, 0, 1, 2))
    if kind in forms.LABEL_INPUT_KINDS:  # the labels of the items met, of the problems found
        labels = rule.part.choices
        good = labels if kind == "items" else ()
        found = good if rng.random() < quality else tuple(
            label for label in labels if (label in good) != (rng.random() < 0.5))
        return "".join(found) or vocab.CHECKLIST_NONE[0]
    if kind == "score":
        if points is None:  # a penalty item: mostly nothing deducted
            return 1 if rng.random() > quality else None
        return round(points * min(1.0, rng.uniform(quality - 0.1, 1.0)) * 2) / 2
    return None


def simulate_typed_values(paths: Iterable[Path], seed: int = 2024,
                          overwrite_total: str | None = None) -> int:
    """Type values into filled self-evaluation workbooks as a unit's staff would.

    Cells are found through the defined names of :data:`scoring.forms.EVALUATION_FORM`. The
    built-in example gets its published values (total 99); other units get seeded random
    values by rule type, reasons for most lost items, and now and then an award. With
    ``overwrite_total`` (a unit code) that unit's 总得分 cell is typed over with 100, as a user
    overwriting a formula would: collect reports the disagreement.

    Args:
        paths: The self-evaluation workbooks.
        seed: Seed of the random generator.
        overwrite_total: Unit code whose total cell is typed over.

    Returns:
        How many workbooks were edited.
    """
    from openpyxl import load_workbook

    from ..forms import EVALUATION_FORM
    from ..workbook.files import save_workbook

    rng = random.Random(seed)
    example = load_example()
    layout = EVALUATION_FORM
    edited = 0
    for path in paths:
        wb = load_workbook(path)
        meta_ws, (meta_ref,) = _area(wb, "meta_unit_code")
        unit_code = str(meta_ws[meta_ref].value or "")
        code_ws, code_refs = _area(wb, layout.column("code").name)
        cells = {key: _area(wb, layout.column(key).name)[1]
                 for key in ("actual", "reason", "override", "points")}
        framework_items = {item.code: item for item in example.framework.leaves()}
        quality = rng.uniform(0.7, 1.0)
        for index, ref in enumerate(code_refs):
            code = code_ws[ref].value
            if not code:
                continue
            item = framework_items.get(code)
            if unit_code == EXAMPLE_UNIT_CODE:
                actual = example.inputs.actuals.get(code)
                reason = example.inputs.reasons.get(code, "")
                score = example.inputs.scores.get(code)
                if item is not None and score is not None:
                    computed = item.rule().score(actual)
                    if abs(computed - score) > 1e-9:
                        code_ws[cells["override"][index]].value = score
            else:
                if item is None or item.role == "bonus":
                    continue
                rule = item.rule()
                actual = _simulated_actual(rule, item.points, quality, rng)
                lost = item.points is not None and rule.score(actual) < item.points - 1e-9
                reason = rng.choice(REASONS) if lost and rng.random() < REASON_RATE else ""
            if item is not None and item.role == "bonus":
                continue
            if actual is not None and not isinstance(actual, list):
                code_ws[cells["actual"][index]].value = actual
            if reason:
                code_ws[cells["reason"][index]].value = reason
        if unit_code != EXAMPLE_UNIT_CODE and rng.random() > 0.8:
            award_ws, award_refs = _area(wb, "awards_award")
            bonus = next(item for item in framework_items.values() if item.role == "bonus")
            award_ws[award_refs[0]].value = rng.choice(bonus.rule().choices)
        if overwrite_total and unit_code == overwrite_total:
            total_ws, (total_ref,) = _area(wb, "total_score")
            total_ws[total_ref].value = 100
        save_workbook(wb, path, force=True)
        edited += 1
    return edited


@dataclass(frozen=True)
class DemoResult:
    """Where the demo wrote its outputs, and what happened."""

    master: Path
    workbooks: Path
    summary: Path
    master_problems: tuple[Any, ...]
    written: int
    collected: Any
    #: The reports folder and what happened to each unit's report.
    reports: Path
    report_outcomes: tuple[Any, ...]
    #: The name of the unit whose 总得分 cell the demo typed over ("" when none was), which
    #: collect reports as a disagreement.
    overwritten: str = ""


#: File names inside the demo folder.
DEMO_MASTER = "主数据.xlsx"
DEMO_WORKBOOKS = "工作簿"
DEMO_SUMMARY = "汇总.xlsx"
DEMO_REPORTS = "报告"
#: The two files the demo adds to the collect folder: not the product's, and damaged.
FOREIGN_FILE = "其他表格（非本系统）.xlsx"
DAMAGED_FILE = "损坏的工作簿.xlsx"
#: Generated units of the demo.
DEMO_UNITS = 36


def _clear_earlier_run(folder: Path) -> None:
    """Remove the workbooks folder of an earlier demo run, so that ``--force`` with fewer units
    does not collect the earlier run's workbooks too.

    Only a folder an earlier run made (its fill manifest is there) is removed; anything else is
    refused rather than deleted.

    Raises:
        WorkbookFileError: PS-W008 when ``folder`` is not an earlier demo's.
    """
    import shutil

    from ..errors import WorkbookFileError
    from .fill import FORMER_MANIFEST_NAME, MANIFEST_NAME

    if not any((folder / name).is_file() for name in (MANIFEST_NAME, FORMER_MANIFEST_NAME)):
        raise WorkbookFileError(f"文件夹“{folder.name}”不是上次演示生成的（没有 {MANIFEST_NAME}），"
                                "为免删除其他文件，未覆盖；请换一个演示文件夹", code="PS-W008",
                                folder=str(folder))
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        from ..workbook.safety import os_error_message

        raise WorkbookFileError(f"无法删除上次演示的工作簿：{os_error_message(exc, writing=True)}",
                                code="PS-W001", folder=str(folder)) from exc


def run_demo(out: str | Path, *, units: int = DEMO_UNITS, jobs: int | None = None,
             force: bool = False, seed: int = 2024) -> DemoResult:
    """The whole cycle on built-in data: master data, fill, typed values, collect, summary,
    a self-evaluation report per unit.

    Args:
        out: The demo folder.
        units: Generated units besides the example.
        jobs: Worker processes for the fill.
        force: Replace the outputs of an earlier run in ``out`` (its workbooks folder is
            emptied first, so a smaller run collects only its own workbooks).
        seed: Seed of the generated data and typed values.

    Raises:
        WorkbookFileError: PS-W008 when ``out`` already holds files and ``force`` is false.
    """
    from openpyxl import Workbook

    from ..errors import WorkbookFileError
    from ..workbook.files import make_folder, save_workbook, write_bytes_atomic
    from .collect import collect
    from .fill import fill_units
    from .master import load_master, write_master
    from .reports import finances_of, write_reports
    from .summary import write_summary

    out = Path(out)
    if out.is_dir() and any(out.iterdir()) and not force:
        raise WorkbookFileError("演示文件夹已存在且不为空；如需重新生成请使用 --force",
                                code="PS-W008", folder=str(out))
    make_folder(out)
    folder = out / DEMO_WORKBOOKS
    if force and folder.exists():
        _clear_earlier_run(folder)
    master_path = write_master(demo_frames(units, seed), out / DEMO_MASTER, force=force)
    master = load_master(master_path)
    report = fill_units(master, folder, jobs=jobs, force=force)
    evaluations = sorted(Path(row.file) for row in report.written
                         if row.form == "evaluation" and row.file)
    generated = [unit.code for unit in master.units if unit.code != EXAMPLE_UNIT_CODE]
    overwritten = generated[2] if len(generated) > 2 else None
    simulate_typed_values(evaluations, seed, overwrite_total=overwritten)
    simulate_project_values(sorted(Path(row.file) for row in report.written
                                   if row.form == "project" and row.file))
    foreign = Workbook()
    foreign.active.append(["这是一个普通表格，不是本系统生成的工作簿"])
    save_workbook(foreign, folder / FOREIGN_FILE, force=True)
    if evaluations:
        data = evaluations[0].read_bytes()
        write_bytes_atomic(folder / DAMAGED_FILE, data[: len(data) // 3], force=True)
    collected = collect(folder)
    summary = write_summary(collected, out / DEMO_SUMMARY, force=force)
    reports = out / DEMO_REPORTS
    if force and reports.exists():
        _clear_earlier_reports(reports)
    run = write_reports(folder, reports, jobs=jobs, force=force, finances=finances_of(master))
    return DemoResult(master_path, folder, summary, tuple(master.problems),
                      report.count("written"), collected, reports, run.outcomes,
                      master.names.get(overwritten, "") if overwritten else "")


def _clear_earlier_reports(folder: Path) -> None:
    """Remove the reports of an earlier demo run (a folder holding nothing but .docx files).

    Raises:
        WorkbookFileError: PS-W008 when the folder holds anything else.
    """
    from ..errors import WorkbookFileError

    entries = list(folder.iterdir()) if folder.is_dir() else [folder]
    if any(not entry.is_file() or entry.suffix.lower() != ".docx" for entry in entries):
        raise WorkbookFileError(f"文件夹“{folder.name}”中有报告以外的文件，为免删除其他文件，未覆盖；"
                                "请换一个演示文件夹", code="PS-W008", folder=str(folder))
    for entry in entries:
        entry.unlink()
