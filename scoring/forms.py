"""The forms, declared once as data: the one registry every part of the product reads.

Every writer and reader of workbooks works from these declarations and never from coordinates
of its own: the template writers (:mod:`scoring.workbook.writer`, ``evaluation_sheet``,
``monitoring_sheet``), the batch filler, the workbook readers, collect and its summary, the
master-data docs and the docs tables (``docs/names.md``). :data:`FORMS` looks a form up by kind
(:class:`FormSpec`): its layout, the master-data columns it is filled from, the summary tables
collect makes of it and the functions that write, summarise and score it.

Three forms (DOMAIN.md §1 and §3, and the mid-year monitoring form):

* :data:`TARGET_FORM` — 部门整体预算绩效目标表: title, header block (unit, duties, organisation,
  funding, goals), then the indicator table, one row per :class:`~scoring.target_form.TargetIndicator`.
* :data:`EVALUATION_FORM` — 整体绩效评价指标框架 with scores: title, unit line, then the framework
  table, one row per scored item (leaf) in form order, then the 总得分 row and the 评价等次 row.
* :data:`MONITORING_FORM` — 部门整体预算绩效运行监控表: header, funds block, then the target
  form's indicators with the period's execution and the computed lights.

A table's rows are found without coordinates: each column of a table carries a workbook-level
defined name (:attr:`Column.name`) spanning exactly the table's data rows, so a reader takes
``wb.defined_names["eval_code"]`` and zips the columns row by row. Cells that are merged down a
group (一级/二级 labels) hold their value in the group's first row only (:attr:`Column.fill_down`);
a reader fills the value down. Single cells (unit name, funding, total, grade …) carry their
own defined names (:data:`TARGET_CELLS`, :data:`EVALUATION_CELLS`). The hidden metadata sheet
(:data:`METADATA_SHEET`, :data:`METADATA_FIELDS`) tells which form, template version, variant,
year and unit a workbook belongs to, and a checksum of its rules.

This module is pure data (standard library only) so the core can import it without openpyxl.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from . import vocab
from .project import PROFILES as PROJECT_PROFILES
from .project import vocab as project_vocab
from .vocab import FUNDING_COLUMNS

#: Version of the template layout. Bump it when a column, row rule or name changes, so readers
#: can refuse workbooks of a layout they do not know (PS-W006).
TEMPLATE_VERSION = "1"

#: Template layout versions a reader of this version understands.
SUPPORTED_TEMPLATE_VERSIONS: tuple[str, ...] = ("1",)

#: The two variants of every form, from the same declaration: ``portable`` computes with native
#: formulas (Excel, WPS, LibreOffice), ``addin`` with the add-in's ``=PERF_*`` functions.
Variant = Literal["portable", "addin"]
VARIANTS: tuple[str, ...] = ("portable", "addin")

#: Chinese names of the variants, used in file names and the metadata sheet's labels.
VARIANT_LABELS: dict[str, str] = {"portable": "通用版", "addin": "插件版"}

FormKind = Literal["target", "evaluation", "monitoring", "project", "project_target"]

#: Labels of the unit fields, shared by the forms, the metadata sheet, master data, the fill
#: manifest and the collected summary.
UNIT_LABELS: dict[str, str] = {"unit_code": "单位编码", "unit_name": "单位名称", "year": "年度"}
UNIT_NAME_LABEL = UNIT_LABELS["unit_name"]
UNIT_CODE_LABEL = UNIT_LABELS["unit_code"]
YEAR_LABEL = UNIT_LABELS["year"]

#: What kind of value a cell takes; a writer picks style, number format and protection from it.
CellRole = Literal["input", "computed", "label", "text"]


@dataclass(frozen=True)
class Validation:
    """Data validation of input cells: what may be typed and what the user is told.

    Attributes:
        kind: ``list`` (a dropdown; the values come from the rule at build time unless
            :attr:`values` gives them), ``decimal`` or ``whole`` (numbers), ``length`` (text of
            at most :attr:`maximum` characters: Excel's ``textLength``), ``any``.
        minimum: Lowest number allowed (``decimal``/``whole``).
        maximum: Highest number allowed; ``None`` leaves it open (or the item's points, see
            :attr:`max_is_points`).
        max_is_points: The maximum is the item's 分值 (evaluator scores).
        values: Fixed dropdown values.
        prompt_title, prompt: The input message shown when the cell is selected.
        error_title, error: The alert shown when the value is refused.
    """

    kind: Literal["list", "decimal", "whole", "length", "any"]
    prompt_title: str
    prompt: str
    error_title: str = "输入有误"
    error: str = ""
    minimum: float | None = None
    maximum: float | None = None
    max_is_points: bool = False
    values: tuple[str, ...] = ()


@dataclass(frozen=True)
class Column:
    """One column of a form's table.

    Attributes:
        key: English key used by writers, readers and the batch column map.
        title: The Chinese heading printed on the form.
        letter: The sheet column.
        width: Column width in characters.
        official: True for the official form's columns (printed); False for working columns
            beside the form (分值, 实际完成值, 系统评分 …), which sit outside the print area and
            carry a distinct heading colour.
        role: ``input`` cells are unlocked and marked; ``computed`` cells hold formulas and are
            locked; ``label`` and ``text`` cells hold the form's own text and are locked.
        name: Defined name spanning the column's data rows (``eval_actual``).
        number_format: Excel number format of the data cells.
        fill_down: Merged down its group: the value sits in the group's first row only.
        align: Horizontal alignment of the data cells.
        note: One line for the docs: what the column holds and how it is computed.
    """

    key: str
    title: str
    letter: str
    width: float
    official: bool
    role: CellRole
    name: str
    number_format: str = "General"
    fill_down: bool = False
    align: Literal["left", "center", "right"] = "center"
    note: str = ""


@dataclass(frozen=True)
class NamedCell:
    """A single cell with a workbook-level defined name.

    Attributes:
        name: The ASCII defined name.
        label: The Chinese label printed beside (or above) the value.
        role: ``input`` (unlocked, typed by staff) or ``computed`` (formula, locked) or ``text``.
        note: What the cell holds, for the docs.
    """

    name: str
    label: str
    role: CellRole
    note: str


@dataclass(frozen=True)
class FormLayout:
    """Everything a writer or reader needs to know about one form's sheet.

    Attributes:
        kind: ``target`` or ``evaluation``.
        label: The form's short Chinese name (file names, messages).
        sheet: The sheet's title.
        columns: The table's columns, official ones first, in sheet order.
        header_row: Row of the table's column headings (repeated on every printed page).
        first_data_row: First row of the table's data; the table runs down from here, as long
            as the defined names of :attr:`columns` say.
        cells: Named single cells.
    """

    kind: FormKind
    label: str
    sheet: str
    columns: tuple[Column, ...]
    header_row: int
    first_data_row: int
    cells: tuple[NamedCell, ...]

    def column(self, key: str) -> Column:
        """The column with ``key`` (KeyError names the form when there is none)."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(f"{self.kind} form has no column {key!r}")

    @property
    def official_columns(self) -> tuple[Column, ...]:
        """The printed columns of the official form."""
        return tuple(c for c in self.columns if c.official)

    @property
    def working_columns(self) -> tuple[Column, ...]:
        """The working columns beside the form."""
        return tuple(c for c in self.columns if not c.official)

    @property
    def first_letter(self) -> str:
        """First column of the printed form."""
        return self.official_columns[0].letter

    @property
    def last_official_letter(self) -> str:
        """Last column of the printed form: the title and header values span up to here."""
        return self.official_columns[-1].letter

    def cell(self, name: str) -> NamedCell:
        """The named cell ``name``."""
        for cell in self.cells:
            if cell.name == name:
                return cell
        raise KeyError(f"{self.kind} form has no named cell {name!r}")


# ---------------------------------------------------------------------------------------------
# Validations shared by both forms

#: Highest value a percentage cell accepts (10 = 1000%): the engine reads a bare number above 10
#: in a percent cell as a forgotten % sign (PS-V003), so the form refuses it too.
PERCENT_CELL_MAXIMUM = 10.0

#: Number format of percentage cells (实际完成值 of percent rules): one to three decimals of
#: the percentage, so what was typed is what shows — 98.5% never displays as 99% while scoring
#: below a 99% line. Excel, WPS and LibreOffice show 0.99 as 99.0% and 0.98995 as 98.995%.
PERCENT_NUMBER_FORMAT = "0.0##%"
#: Number format of points (分值): General shows 10 and 2.5 (``0.##`` would show ``10.`` in Excel).
POINTS_NUMBER_FORMAT = "General"

#: Texts the 校验提示/提示 formulas show (no error code: the engine reports these cases with
#: its own codes, PS-F005 and PS-T002, or not at all — a rate above 100% can be right).
CHECK_TEXTS: dict[str, str] = {
    "reason_missing": "扣分需填写原因分析；",
    "target_value_missing": "指标值未填写；",
    "target_name_missing": "有指标值但没有三级指标名称；",
    "target_value_unreadable": "指标值无法识别（应为如 ≥99%、≥5条、健全）；",
    "percent_above_full": "大于100%，请确认；",
}

#: Input kinds of a rule (``Rule.input_kind``) → the validation of its 实际完成值 cell. Choice
#: lists take their values from ``Rule.choices``; awards are typed on the awards sheet.
ACTUAL_VALIDATIONS: dict[str, Validation] = {
    "percent": Validation(
        "decimal", "实际完成值（百分比）", "请输入百分比，如 97%（单元格按百分比显示）。",
        error="应输入 0% 至 1000% 之间的百分比，如 97%（请带百分号：输入 97 会被当作 9700%）。",
        minimum=0.0, maximum=PERCENT_CELL_MAXIMUM),
    "number": Validation(
        "decimal", "实际完成值（数值）", "请输入数值。", error="应输入不小于 0 的数值。", minimum=0.0),
    "count": Validation(
        "whole", "实际完成值（数量）", "请输入整数个数，如 3。", error="应输入不小于 0 的整数。",
        minimum=0.0),
    "choice": Validation(
        "list", "实际完成值", "请从下拉列表中选择。", error="请从下拉列表中选择一个值。"),
    "score": Validation(
        "decimal", "评价人打分", "本项由评价人直接打分：请输入 0 至分值之间的分数。",
        error="应输入 0 至分值之间的分数。", minimum=0.0, max_is_points=True),
    "parts": Validation(
        "any", "实际完成值（分项）", "本项分几部分计分，请按顺序填写各分项，用分号隔开：{inputs}"),
    "choice_open": Validation(
        "any", "实际完成值", "请填写以下之一：{choices}"),
    "items": Validation(
        "any", "实际完成值（编号）", "请填写满足要求的各项的编号，可填多个，如 ①③；都不满足填“无”。{items}"),
    "problems": Validation(
        "any", "实际完成值（问题编号）", "请填写发现的问题的编号，可填多个，如 ①③；没有问题填“无”。{items}"),
}
#: Input kinds answered with item labels, several at once (``①③``: the items met, the problems
#: found): their cells take text, their input message lists the labels (``Checklist.items_text``).
LABEL_INPUT_KINDS: tuple[str, ...] = ("items", "problems")
#: What the 提示 column says after PS-V001 for an answer the 实际完成值 cell does not read, by
#: input kind.
ACTUAL_CHECK_HINTS: dict[str, str] = {
    "choice": "请从下拉列表中选择", "items": "应填写编号，如①③", "problems": "应填写问题编号，如①③，没有问题填“无”"}

#: The note on the 实际完成值 cell of an item whose rule the reader cannot read (PS-R007).
UNREAD_NOTE = "本项评分规则无法自动读取，请评价人直接打分"
#: The longest inline dropdown list Excel keeps (characters, separators included); a longer
#: list of answers is offered in the input message instead (the 提示 column still checks).
LIST_LIMIT = 255

#: The evaluator's adjusted score (评价人调整得分).
OVERRIDE_VALIDATION = Validation(
    "decimal", "评价人调整得分", "留空则得分取系统评分；填写后以此分为准，并请填写原因分析。",
    error="应输入 0 至分值之间的分数。", minimum=0.0, max_is_points=True)

#: The 不适用 mark: the column's heading (and what a project indicator's 得分 cell shows), and
#: the value that marks an item.
NOT_APPLICABLE_LABEL = "不适用"
NOT_APPLICABLE_VALUE = "是"
NOT_APPLICABLE_VALIDATION = Validation(
    "list", NOT_APPLICABLE_LABEL, "本项不适用时选“是”，其分值按比例分摊到其他指标。",
    error="请选择“是”或留空。", values=(NOT_APPLICABLE_VALUE,))

#: Funding amounts (万元).
AMOUNT_VALIDATION = Validation(
    "decimal", "金额（万元）", "请输入不小于 0 的金额，单位万元。", error="金额应为不小于 0 的数值（万元）。",
    minimum=0.0)

#: Words a 指标值 without any digit must contain for the portable 校验提示 to accept it (the
#: engine's exact list, :data:`scoring.targets.QUALITY_TARGETS`, is too long for a formula).
TARGET_CHECK_WORDS: tuple[str, ...] = tuple(dict.fromkeys(
    vocab.QUALITY_WORDS + tuple(word for word in vocab.YES_WORDS + vocab.NO_WORDS
                                if not word.isascii())))

#: 指标值 cells of the target form: free text such as ``≥99%`` or ``健全``.
TARGET_VALUE_VALIDATION = Validation(
    "any", "指标值", "如 ≥99%、≤100%、＝0%、≥10条、健全；半年与全年可不同。")

# ---------------------------------------------------------------------------------------------
# The target form (部门整体预算绩效目标表)

#: Rows of the target form's header block, top to bottom.
TARGET_TITLE_ROW = 1
TARGET_SUBTITLE_ROW = 2
TARGET_TEXT_ROWS: tuple[tuple[int, str, str, float], ...] = (
    # (row, defined name, label, row height in points)
    (3, "unit_name", UNIT_NAME_LABEL, 24.0),
    (4, "duties", "单位主要职能", 150.0),
    (5, "organisation", "机构设置及人员配置", 60.0),
    (10, "mid_long_term_goal", "中长期目标", 60.0),
    (11, "annual_goal", "年度目标", 60.0),
)

#: The header block's text rows: the label's letter, and the first letter of the value (merged
#: to the last official column).
TARGET_TEXT_LABEL_LETTER = "A"
TARGET_TEXT_VALUE_LETTER = "B"

#: The keys of the target form's text fields (:class:`~scoring.target_form.TargetForm`
#: attributes), in form order: what the writer prints, the reader reads, fill probes and master
#: data holds.
TARGET_TEXT_KEYS: tuple[str, ...] = tuple(key for _, key, _, _ in TARGET_TEXT_ROWS)
#: The text fields besides the unit's name (its header block's long texts).
TARGET_LONG_TEXT_KEYS: tuple[str, ...] = tuple(key for key in TARGET_TEXT_KEYS if key != "unit_name")
#: The Chinese label of each text field.
TARGET_TEXT_LABELS: dict[str, str] = {key: label for _, key, label, _ in TARGET_TEXT_ROWS}

#: The funding block (部门整体资金（万元）): its rows and columns.
FUNDING_LABEL = "部门整体资金（万元）"
#: The unit of funding amounts: an amount typed as ``7056.22万元`` (or ``0.7亿元``) is read in it.
FUNDING_UNIT = "万元"
FUNDING_HEADING_ROW = 6
#: The block's label (merged down its rows), the row groups (收入, 支出) and the items (merged
#: across two letters).
FUNDING_LABEL_LETTER = "A"
FUNDING_GROUP_LETTER = "B"
FUNDING_ITEM_LETTERS = ("C", "D")
FUNDING_ANNUAL_LETTER = "E"
FUNDING_HALF_LETTERS = ("F", "G")  # 半年计划执行数 spans F:G
FUNDING_ANNUAL_TITLE = FUNDING_COLUMNS["annual"]
FUNDING_HALF_TITLE = FUNDING_COLUMNS["half"]
#: (row, group label, item label, key, role): the key names the cells ``funding_annual_<key>``
#: and ``funding_half_<key>``; 资金总额 is computed as 基本支出 + 项目支出.
FUNDING_ROWS: tuple[tuple[int, str, str, str, CellRole], ...] = (
    (7, "收入", vocab.FUNDING_TOTAL, "total", "computed"),
    (8, "支出", vocab.FUNDING_ROWS["basic"], "basic", "input"),
    (9, "支出", vocab.FUNDING_ROWS["project"], "project", "input"),
)
FUNDING_NUMBER_FORMAT = "#,##0.00"

#: The titles of the indicator columns every form and the master data share, by key.
INDICATOR_TITLES: dict[str, str] = {"level1": "一级指标", "level2": "二级指标", "level3": "三级指标",
                                    "work_item": "重点工作", "work_content": "工作内容"}
#: The note of a level column merged down its group.
MERGED_NOTE = "{title}，整组合并单元格，值在组的第一行"

TARGET_COLUMNS: tuple[Column, ...] = (
    Column("level1", INDICATOR_TITLES["level1"], "A", 11, True, "label", "target_level1", fill_down=True,
           note=MERGED_NOTE.format(title=INDICATOR_TITLES["level1"])),
    Column("level2", INDICATOR_TITLES["level2"], "B", 11, True, "label", "target_level2", fill_down=True,
           note=MERGED_NOTE.format(title=INDICATOR_TITLES["level2"])),
    Column("work_item", INDICATOR_TITLES["work_item"], "C", 11, True, "input", "target_work_item",
           note="履职部分的重点工作名称；其他部分与二级指标合并（空）"),
    Column("work_content", INDICATOR_TITLES["work_content"], "D", 30, True, "input", "target_work_content",
           align="left", note="履职部分的重点工作内容；其他部分与二级指标合并（空）"),
    Column("level3", INDICATOR_TITLES["level3"], "E", 24, True, "input", "target_level3", align="left",
           note="三级指标名称"),
    Column("half_value", "半年指标值", "F", 11, True, "input", "target_half_value",
           note="半年指标值，如 ≥99%、健全"),
    Column("full_value", "全年指标值", "G", 11, True, "input", "target_full_value",
           note="全年指标值"),
    Column("check", "校验提示", "H", 30, False, "computed", "target_check", align="left",
           note="工作列：指标值缺失等提示（公式）"),
)

TARGET_CELLS: tuple[NamedCell, ...] = (
    NamedCell("form_title", "标题", "text", "表名，如 南京市市级部门整体预算绩效目标表"),
    NamedCell("form_subtitle", YEAR_LABEL, "text", "年度行，如 （2024年度）"),
    *(NamedCell(name, label, "input", f"{label}（可多行）") for _, name, label, _ in TARGET_TEXT_ROWS),
    *(NamedCell(f"funding_{column}_{key}", labels[f"{column}_{key}"], role,
                "= {basic} + {project}".format(**vocab.FUNDING_ROWS) if key == "total" else "万元")
      for labels in ({**vocab.FUNDING_TOTAL_LABELS, **vocab.FUNDING_LABELS},)
      for column in vocab.FUNDING_COLUMNS for _, _, _, key, role in FUNDING_ROWS),
    NamedCell("funding_check", "资金校验", "computed",
              "工作列：半年大于全年或出现负数时给出提示，否则为空"),
)

TARGET_FORM = FormLayout(
    kind="target",
    label="目标表",
    sheet="目标表",
    columns=TARGET_COLUMNS,
    header_row=12,
    first_data_row=13,
    cells=TARGET_CELLS,
)

#: The 一级 section of the target form whose rows carry a 重点工作 and its content (the other
#: sections merge 二级 across the 重点工作 and 工作内容 columns).
TARGET_WORK_SECTION = "履职"

#: The city on the target form's title when master data names none (the seed's).
DEFAULT_CITY = "南京市"

#: Target form titles: ``{city}市级部门整体预算绩效目标表`` and ``（{year}年度）``.
TARGET_TITLE = "{city}市级部门整体预算绩效目标表"
TARGET_SUBTITLE = "（{year}年度）"

# ---------------------------------------------------------------------------------------------
# The self-evaluation form (整体绩效评价指标框架 with scores)

#: Roles of the framework's items as printed in the 类型 column (reader maps them back).
ROLE_LABELS: dict[str, str] = {"score": "评分", "bonus": "加分", "penalty": "减分"}

EVALUATION_COLUMNS: tuple[Column, ...] = (
    Column("level1", INDICATOR_TITLES["level1"], "A", 12, True, "label", "eval_level1", fill_down=True,
           note="如 A 部门决策（15 分），整组合并单元格，值在组的第一行"),
    Column("level2", INDICATOR_TITLES["level2"], "B", 12, True, "label", "eval_level2", fill_down=True,
           note="如 A1 决策机制（6 分），整组合并；二级即评分项（F1、F2）时本行独有"),
    Column("level3", "三级指标（参考）", "C", 14, True, "label", "eval_level3",
           note="如 A11 决策制度的规范性（2 分）；二级即评分项时为空"),
    Column("description", "指标说明", "D", 20, True, "label", "eval_description", align="left",
           note="指标说明"),
    Column("rule", "评价要点", "E", 26, True, "label", "eval_rule", align="left",
           note="评价要点即评分规则；插件版可编辑（改动即重新评分），通用版锁定"),
    Column("score", "得分", "F", 8, True, "computed", "eval_score",
           note="= 评价人调整得分（如填写，限 0–分值）否则系统评分；不适用时显示“不适用”"),
    Column("reason", "未完成指标原因分析", "G", 20, True, "input", "eval_reason", align="left",
           note="扣分时必填；缺少时标红"),
    Column("code", "编码", "H", 6, False, "label", "eval_code",
           note="工作列：指标编码（A11、C11 …），读取时据此对应框架"),
    Column("role", "类型", "I", 6, False, "label", "eval_role",
           note="工作列：评分 / 加分 / 减分"),
    Column("points", "分值", "J", 6, False, "label", "eval_points",
           note="工作列：本项分值（减分项为空）"),
    Column("actual", "实际完成值", "K", 11, False, "input", "eval_actual",
           note="工作列：百分比、数量或下拉选择；D1、F2 为评价人打分；F1 见“加分项明细”"),
    Column("computed", "系统评分", "L", 9, False, "computed", "eval_computed",
           note="工作列：按评价要点计算的分数（通用版为原生公式，插件版为 =PERF_SCORE）"),
    Column("override", "评价人调整得分", "M", 9, False, "input", "eval_override",
           note="工作列：评价人改分，留空则取系统评分"),
    Column("not_applicable", "不适用", "N", 6, False, "input", "eval_not_applicable",
           note="工作列：选“是”则本项不计分，其余按比例折算为 100 分"),
    Column("lost", "扣分", "O", 6, False, "computed", "eval_lost",
           note="工作列：评分项 分值 − 得分（不小于 0）"),
    Column("subtotal2", "二级小计", "P", 8, False, "computed", "eval_subtotal2",
           fill_down=True, note="工作列：二级指标得分小计，整组合并"),
    Column("subtotal1", "一级小计", "Q", 8, False, "computed", "eval_subtotal1",
           fill_down=True,
           note="工作列：一级指标得分小计，整组合并；F 为 加分（封顶）− 减分"),
    Column("check", "提示", "R", 28, False, "computed", "eval_check", align="left",
           note="工作列：缺少原因分析、得分超出分值、应填数字等提示"),
)

EVALUATION_TITLE_ROW = 1
EVALUATION_SUBTITLE_ROW = 2
EVALUATION_UNIT_ROW = 3
#: The unit line: (defined name, the label's letter, the value's first and last letter); the
#: label is the name's :data:`UNIT_LABELS` word.
EVALUATION_UNIT_LINE: tuple[tuple[str, str, str, str], ...] = (
    ("unit_name", "A", "B", "E"),
    ("unit_code", "F", "G", "G"),
)
#: Rows after the last item: the 总得分 row, then the 评价等次 row.
TOTAL_LABEL = "总得分（{points:g} 分）"
GRADE_LABEL = "评价等次"
#: The working block beside the total rows: (defined name, label), one row each from the total
#: row down, label in the ``code`` column, value in the ``points`` column.
EVALUATION_WORKING_CELLS: tuple[tuple[str, str], ...] = (
    ("base_raw", "A–E 合计"),
    ("applicable_points", "适用分值"),
    ("base_score", "折算后基础得分"),
    ("bonus_score", "加分（封顶）"),
    ("penalty_score", "减分"),
    ("vetoed", "一票否决"),
)

EVALUATION_CELLS: tuple[NamedCell, ...] = (
    NamedCell("form_title", "标题", "text", "表名，如 南京市人民政府办公厅整体绩效评价指标框架"),
    NamedCell("form_subtitle", YEAR_LABEL, "text", "年度行，如 （2024年度）"),
    NamedCell("unit_name", UNIT_NAME_LABEL, "input",
              "单位名称；空白模板上填写后表名随之显示，汇总按此读取（未填写时取元数据）"),
    NamedCell("unit_code", UNIT_CODE_LABEL, "input",
              "单位编码（文本格式，保留前导 0）；与生成时不同则报告 PS-W014"),
    NamedCell("total_score", "总得分", "computed",
              "A–E 之和（有不适用项时折算为 100 分制）+ 加分（不超过封顶）− 减分，限 0–100"),
    NamedCell("total_deduction", "总扣分", "computed",
              "总得分行的原因分析单元格：折算后基础得分 − 计分的分值（100；不适用项不折算时为适用分值）− 减分，示例为 99 − 100 − 0 = −1"),
    NamedCell("grade", "评价等次", "computed", "优秀 / 良好 / 中 / 差（90、80、60 分为界，含）"),
    NamedCell("base_raw", "A–E 合计", "computed", "工作区：各一级小计（A–E）之和"),
    NamedCell("applicable_points", "适用分值", "computed", "工作区：未标不适用的评分项分值之和"),
    NamedCell("base_score", "折算后基础得分", "computed",
              "工作区：A–E 合计；有不适用项时 × 100 ÷ 适用分值"),
    NamedCell("bonus_score", "加分（封顶）", "computed", "工作区：加分项得分，不超过封顶分"),
    NamedCell("penalty_score", "减分", "computed", "工作区：减分项得分之和"),
    NamedCell("subtotal_<code>", "各级小计", "computed",
              "每个一级和二级指标一个，如 subtotal_A、subtotal_A1（与工作列小计为同一单元格）"),
    NamedCell("awards_work", "加分项工作事项", "input", "“加分项明细”表的工作事项列"),
    NamedCell("awards_award", "加分项奖项", "input", "“加分项明细”表的奖项列（下拉）"),
    NamedCell("awards_amount", "加分项加分", "computed", "“加分项明细”表每行奖项的加分"),
    NamedCell("awards_counted", "加分项计入", "computed", "“加分项明细”表每行计入 F1 的加分"),
    NamedCell("vetoed", "一票否决", "computed", "工作区：有一票否决项被触发时为 TRUE"),
)

EVALUATION_FORM = FormLayout(
    kind="evaluation",
    label="自评表",
    sheet="自评表",
    columns=EVALUATION_COLUMNS,
    header_row=4,
    first_data_row=5,
    cells=EVALUATION_CELLS,
)


#: Default title of the evaluation form when the framework has none.
EVALUATION_TITLE = "整体绩效评价指标框架"
EVALUATION_SUBTITLE = "（{year}年度）"

#: The awards sheet (加分项明细): one row per piece of work and its award, feeding F1.
AWARDS_SHEET = "加分项明细"
AWARDS_TITLE = "加分项明细（{code} {name}）"
AWARDS_ROWS = 10
AWARDS_HEADER_ROW = 2
AWARDS_COLUMNS: tuple[Column, ...] = (
    Column("number", "序号", "A", 6, True, "label", "awards_number"),
    Column("work", "工作事项", "B", 36, True, "input", "awards_work", align="left",
           note="获奖的工作事项；同一项工作只计最高奖项；留空的行各自算一项工作"),
    Column("award", "奖项", "C", 30, True, "input", "awards_award", align="left",
           note="从下拉列表选择评价要点列出的奖项"),
    Column("amount", "加分", "D", 8, True, "computed", "awards_amount",
           note="该奖项按评价要点的加分"),
    Column("counted", "计入加分", "E", 10, True, "computed", "awards_counted",
           note="同一项工作只计最高一项（评价要点写明累加的全部计入）"),
)
AWARDS_VALIDATION = Validation(
    "list", "奖项", "请选择评价要点列出的奖项；同一项工作不累计加分。", error="请从下拉列表中选择奖项。")
#: What the F1 row's 实际完成值 cell says (it is computed from the awards sheet).
AWARDS_ACTUAL_TEXT = "见“加分项明细”"

# ---------------------------------------------------------------------------------------------
# Metadata sheet, print and protection settings shared by the forms

#: The hidden sheet recording which template a workbook came from.
METADATA_SHEET = "perfscore_meta"
#: (key, Chinese label): key in column A, value in column B, label in column C, one row each
#: from row 1; each value cell carries the defined name ``meta_<key>``.
METADATA_FIELDS: tuple[tuple[str, str], ...] = (
    ("form_kind", "表单类型（target 目标表 / evaluation 自评表 / monitoring 运行监控表）"),
    ("template_version", "模板版本"),
    ("variant", "版本类型（portable 通用版 / addin 插件版）"),
    ("year", YEAR_LABEL),
    ("unit_code", UNIT_CODE_LABEL),
    ("unit_name", UNIT_NAME_LABEL),
    ("rules_checksum", "规则校验和（SHA-256，评价要点与分值或指标值）"),
    ("generator", "生成程序"),
    ("policies", "评分口径（与默认不同的设置，如 partial_step=down；空为全部默认）"),
)
#: The defined name of a metadata field's value cell (``meta_<key>``).
METADATA_NAME = "meta_{key}"
#: The metadata cell holding the workbook's policies text: the add-in's functions take it as
#: their last argument, so ``PERF_SCORE`` scores as the workbook was made.
POLICIES_NAME = METADATA_NAME.format(key="policies")

#: The issued 评价要点 of a self-evaluation workbook, below the fields of the metadata sheet:
#: a heading row, then one row per scored item: code (A), 分值 (B), 评价要点 (C). The defined
#: name :data:`ISSUED_RULES_NAME` spans the rows. A reader scores a portable workbook with these
#: texts, whatever the (unprotected) rule cells on the form now say.
ISSUED_RULES_HEADER_ROW = len(METADATA_FIELDS) + 3
ISSUED_RULES_HEADERS = ("指标编码", "分值", "下发的评价要点", "计分规则（标准写法）")
ISSUED_RULES_NAME = "meta_issued_rules"

#: The add-in variant's settings sheet for the standard xlwings add-in (the custom add-in's own
#: settings sheet name comes from :mod:`addin`).
XLWINGS_CONF_SHEET = "xlwings.conf"

#: Printed page footer: page numbers (``&P`` page, ``&N`` pages).
PAGE_FOOTER = "第 &P 页，共 &N 页"
#: Heading of the working columns' group row, above their headings.
WORKING_AREA_LABEL = "工作区（不打印）"


def indicator_label(code: str, name: str, points: float | None, cap: bool = False) -> str:
    """The label printed in the 一级/二级/三级 cells: ``A11 决策制度的规范性（2 分）``.

    Args:
        code: The item's code (``A11``).
        name: Its name.
        points: Its points; None prints no bracket (``E1 信息化建设情况``).
        cap: The points are a cap (F 加减分项 prints ``（≤5 分）``).
    """
    head = f"{code} {name}".strip()
    if points is None:
        return head
    return f"{head}（{'≤' if cap else ''}{points:g} 分）"


# ---------------------------------------------------------------------------------------------
# The mid-year monitoring form (部门整体预算绩效运行监控表, issue #12; docs/monitoring.md)
#
# One sheet, landscape: title, subtitle (年度 and 监控期间), the unit line, the light counts,
# then the funds table (资金总额 / 基本支出 / 项目支出, 万元) and the indicator table (the
# target form's rows in its order). Titles holding ``{period}`` take the period's label
# (``1-6月执行数``); the period is fixed when the form is issued.

#: Rows above the indicator table, top to bottom.
MONITORING_TITLE_ROW = 1
MONITORING_SUBTITLE_ROW = 2
MONITORING_UNIT_ROW = 3
MONITORING_COUNTS_ROW = 4
MONITORING_FUNDS_LABEL_ROW = 5
MONITORING_FUND_HEADER_ROW = 6
#: First funds row; the rows follow :data:`scoring.monitoring.FUND_KEYS` (资金总额, 基本支出,
#: 项目支出), 资金总额 being the sums of the other two (formulas).
MONITORING_FUND_FIRST_ROW = 7
MONITORING_INDICATORS_LABEL_ROW = 10
#: The indicator table's upper heading row: 偏差原因分析 over 偏差原因类型 and 偏差原因说明;
#: every other heading spans both heading rows.
MONITORING_GROUP_ROW = 11

MONITORING_TITLE = "{city}市级部门整体预算绩效运行监控表"
#: The subtitle, a formula over the 年度 and 监控期间 cells of the unit line.
MONITORING_SUBTITLE = "（{year}年度　监控期间：{period}）"
MONITORING_FUNDS_LABEL = "一、预算执行情况（单位：万元）"
MONITORING_INDICATORS_LABEL = "二、绩效指标完成情况"
#: Heading of the funds rows' labels (资金总额 …).
MONITORING_ITEM_TITLE = "项目"
MONITORING_COUNTS_LABEL = "预警（个）"
MONITORING_COUNTS_NOTE = "资金和指标合计；未填报、不判断的行不计"
#: Number format of the execution rates and the time progress.
MONITORING_RATE_FORMAT = "0.00%"
#: Heading of the working 提示 columns of both tables.
MONITORING_CHECK_TITLE = "提示"

MONITORING_COLUMNS: tuple[Column, ...] = (
    Column("level1", INDICATOR_TITLES["level1"], "A", 8, True, "label", "mon_level1", fill_down=True,
           note=MERGED_NOTE.format(title=INDICATOR_TITLES["level1"])),
    Column("level2", INDICATOR_TITLES["level2"], "B", 10, True, "label", "mon_level2", fill_down=True,
           note="二级指标，整组合并（履职以外与重点工作列合并），值在组的第一行"),
    Column("work_item", INDICATOR_TITLES["work_item"], "C", 12, True, "label", "mon_work_item",
           note="履职部分的重点工作；其他部分与二级指标合并（空）"),
    Column("level3", INDICATOR_TITLES["level3"], "D", 22, True, "label", "mon_level3", align="left",
           note="三级指标名称（取自目标表；空白模板上可填写）"),
    Column("half_value", vocab.MONITOR_INDICATOR_COLUMNS["half_value"], "E", 10, True, "label",
           "mon_half_value", note="半年指标值（取自目标表），对照 1-X月执行情况"),
    Column("full_value", vocab.MONITOR_INDICATOR_COLUMNS["full_value"], "F", 10, True, "label",
           "mon_full_value", note="全年指标值（取自目标表），对照全年预计完成情况"),
    Column("actual", vocab.MONITOR_INDICATOR_COLUMNS["actual"], "G", 11, True, "input",
           "mon_actual", note="1-X月执行情况：数字、百分比、数量或 健全、是 等；空为未填报"),
    Column("forecast", vocab.MONITOR_INDICATOR_COLUMNS["forecast"], "H", 11, True, "input",
           "mon_forecast", note="全年预计完成情况"),
    Column("light", vocab.MONITOR_INDICATOR_COLUMNS["light"], "I", 6, True, "computed",
           "mon_light", note="绿 / 黄 / 红 或空（原生公式，按半年和全年指标值判断）"),
    Column("reason_type", vocab.MONITOR_INDICATOR_COLUMNS["reason_type"], "J", 10, True,
           "input", "mon_reason_type",
           note="偏差原因分析的类型（下拉：经费保障、制度保障、人员保障、硬件条件保障、其他）"),
    Column("reason", vocab.MONITOR_INDICATOR_COLUMNS["reason"], "K", 20, True, "input",
           "mon_reason", align="left",
           note="偏差原因分析的说明；黄灯、红灯时类型和说明至少填一项，缺少时标红"),
    Column("likelihood", vocab.MONITOR_INDICATOR_COLUMNS["likelihood"], "L", 10, True, "input",
           "mon_likelihood", note="下拉：确定能、有可能、完全不可能"),
    Column("measures", vocab.MONITOR_INDICATOR_COLUMNS["measures"], "M", 20, True, "input",
           "mon_measures", align="left", note="黄灯、红灯时必填，缺少时标红"),
    Column("remarks", vocab.MONITOR_INDICATOR_COLUMNS["remarks"], "N", 10, True, "input",
           "mon_remarks", align="left", note="备注"),
    Column("check", MONITORING_CHECK_TITLE, "O", 28, False, "computed", "mon_check", align="left",
           note="工作列：黄灯、红灯缺少偏差原因或纠偏措施时的提示（公式）"),
)

#: Funds column key → the last letter of its merged span; the other funds columns are one
#: sheet column wide. The sheet's column widths are the indicator table's.
MONITORING_FUND_SPANS: dict[str, str] = {"item": "B", "reason": "K", "measures": "N"}


def _fund_column(key: str, letter: str, role: CellRole, note: str,
                 number_format: str = "General",
                 align: Literal["left", "center", "right"] = "center") -> Column:
    """A funds column at ``letter`` (spanning to :data:`MONITORING_FUND_SPANS`), named
    ``mon_fund_<key>``; its width is that of the indicator columns it spans."""
    last = MONITORING_FUND_SPANS.get(key, letter)
    width = sum(column.width for column in MONITORING_COLUMNS if letter <= column.letter <= last)
    title = MONITORING_ITEM_TITLE if key == "item" else (
        MONITORING_CHECK_TITLE if key == "check" else vocab.MONITOR_FUND_COLUMNS[key])
    return Column(key, title, letter, width, key != "check", role, f"mon_fund_{key}",
                  number_format, align=align, note=note)


MONITORING_FUND_COLUMNS: tuple[Column, ...] = (
    _fund_column("item", "A", "label",
                 "资金总额 / 基本支出 / 项目支出（三行，依次）；资金总额行的金额为两行之和（公式，锁定）"),
    _fund_column("initial", "C", "input", "年初预算数（万元；由目标表生成时取全年预算数）",
                 FUNDING_NUMBER_FORMAT, "right"),
    _fund_column("adjusted", "D", "input", "调整后预算数（万元，含结转），执行率的分母",
                 FUNDING_NUMBER_FORMAT, "right"),
    _fund_column("executed", "E", "input", "1-X月执行数（万元）", FUNDING_NUMBER_FORMAT, "right"),
    _fund_column("rate", "F", "computed", "= 执行数 ÷ 调整后预算数；调整后预算数为 0、金额为负数或未填时为空",
                 MONITORING_RATE_FORMAT, "right"),
    _fund_column("progress", "G", "computed", "序时进度 = 月数 ÷ 12（公式，如 =6/12）",
                 MONITORING_RATE_FORMAT, "right"),
    _fund_column("forecast", "H", "input", "全年预计执行数（万元）", FUNDING_NUMBER_FORMAT, "right"),
    _fund_column("light", "I", "computed", "绿 / 黄 / 红 或空：执行率对照序时进度和容忍度（原生公式）"),
    _fund_column("reason", "J", "input", "偏差原因；黄灯、红灯时必填，缺少时标红", align="left"),
    _fund_column("measures", "L", "input", "纠偏措施；黄灯、红灯时必填，缺少时标红", align="left"),
    _fund_column("check", "O", "computed", "工作列：缺少偏差原因或纠偏措施时的提示（公式）",
                 align="left"),
)

#: The header fields of the monitoring form by :class:`~scoring.monitoring.MonitoringForm`
#: attribute.
MONITOR_HEADER: dict[str, str] = {**UNIT_LABELS, "period": vocab.MONITOR_PERIOD_LABEL}
#: The unit line: (defined name, key of :data:`MONITOR_HEADER`, the label's
#: first and last letter, the value's first and last letter).
MONITORING_UNIT_LINE: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("unit_name", "unit_name", "A", "B", "C", "F"),
    ("unit_code", "unit_code", "G", "G", "H", "I"),
    ("monitor_year", "year", "J", "J", "K", "K"),
    ("monitor_period", "period", "L", "L", "M", "N"),
)
#: The light counts: (defined name, light, the label's letter, the value's letter); the row's
#: label spans A:B and its note the columns after the last count.
MONITORING_COUNT_CELLS: tuple[tuple[str, str, str, str], ...] = (
    ("monitor_green", "green", "C", "D"),
    ("monitor_amber", "amber", "E", "F"),
    ("monitor_red", "red", "G", "H"),
)

MONITORING_CELLS: tuple[NamedCell, ...] = (
    NamedCell("form_title", "标题", "text", "表名，如 南京市市级部门整体预算绩效运行监控表"),
    NamedCell("form_subtitle", "年度和监控期间", "computed",
              "如 （2024年度　监控期间：1-6月），公式，随年度单元格变化"),
    NamedCell("unit_name", UNIT_NAME_LABEL, "input", "单位名称；未填写时取元数据"),
    NamedCell("unit_code", UNIT_CODE_LABEL, "input",
              "单位编码（文本格式，保留前导 0）；与生成时不同则报告 PS-W014"),
    NamedCell("monitor_year", YEAR_LABEL, "input", "年度（四位数字）；未填写时取元数据"),
    NamedCell("monitor_period", vocab.MONITOR_PERIOD_LABEL, "label",
              "监控期间，如 1-6月；生成时确定（锁定），序时进度和各列标题随之"),
    *(NamedCell(name, f"{vocab.LIGHTS[light]}灯个数", "computed",
                "= COUNTIF(资金预警,\"{word}\") + COUNTIF(指标预警,\"{word}\")".format(
                    word=vocab.LIGHTS[light]))
      for name, light, _, _ in MONITORING_COUNT_CELLS),
    NamedCell("execution_rate_total", "资金总额执行率", "computed",
              "资金总额行的 1-X月执行率（= 执行数 ÷ 调整后预算数）"),
    NamedCell("time_progress", "序时进度", "computed", "资金总额行的序时进度 = 月数 ÷ 12（1-6月为 50%）"),
    NamedCell("monitor_note", "说明", "text",
              "表下方的说明：示例工作簿写明数据为示意数据；实际填报的表为空"),
)

MONITORING_FORM = FormLayout(
    kind="monitoring",
    label="监控表",
    sheet="监控表",
    columns=MONITORING_COLUMNS,
    header_row=MONITORING_GROUP_ROW + 1,
    first_data_row=MONITORING_GROUP_ROW + 2,
    cells=MONITORING_CELLS,
)

#: 年度 on the unit line.
MONITORING_YEAR_VALIDATION = Validation(
    "whole", YEAR_LABEL, "请输入四位数字的年度，如 2024。", error="年度应为四位数字，如 2024。",
    minimum=2000, maximum=2099)
#: 1-X月执行情况 and 全年预计完成情况; ``{title}``, ``{label}`` and ``{value}`` are the column,
#: 半年指标值 or 全年指标值, and the row's indicator value.
MONITORING_VALUE_VALIDATION = Validation(
    "any", "{title}", "对照{label}{value}填写：数字、百分比（如 97%）、数量（如 6条）或 健全、是 等；"
    "执行情况留空为未填报。")
MONITORING_REASON_TYPE_VALIDATION = Validation(
    "list", vocab.MONITOR_INDICATOR_COLUMNS["reason_type"],
    "亮黄灯或红灯时必填（类型和说明至少一项）：请选择偏差原因的类型。",
    error="请从下拉列表中选择偏差原因类型。", values=vocab.DEVIATION_REASONS)
MONITORING_LIKELIHOOD_VALIDATION = Validation(
    "list", vocab.MONITOR_INDICATOR_COLUMNS["likelihood"],
    "未达到半年指标值时：选“完全不可能”亮红灯，全年预计达到全年指标值时其他选择亮黄灯。",
    error="请从下拉列表中选择。", values=tuple(vocab.LIKELIHOODS.values()))
#: 偏差原因 and 纠偏措施 cells.
MONITORING_EXPLANATION_VALIDATION = Validation(
    "any", "偏差原因和纠偏措施", "本行亮黄灯或红灯时必填；缺少时单元格标红。")


# ---------------------------------------------------------------------------------------------
# The project self-evaluation form (项目支出绩效自评表, 财预〔2020〕10号; issue #16)
#
# The labels are the core's (:data:`scoring.project.vocab.LABELS`, ``FUND_ROWS``, the national
# profile's): declared there once, laid out here. Column A holds the blocks' labels (项目资金,
# 年度总体目标, 绩效指标), merged down each block; the funds block and the indicator table share
# the sheet's columns.

#: The form's title and its year line.
PROJECT_TITLE = "项目支出绩效自评表"
PROJECT_SUBTITLE = "（{year}年度）"
#: The note of the worked example: its data are invented.
PROJECT_EXAMPLE_NOTE = "示例数据（虚构）：项目、单位、金额和指标均为演示而编写，不是真实填报。"
#: 项目编码: a project's key in master data, file names and the collect summary.
PROJECT_CODE_LABEL = "项目编码"
#: A project workbook written by ``perfscore fill`` records its project code on the metadata
#: sheet, in the row after :data:`METADATA_FIELDS` (key, value, label as those rows), under the
#: defined name ``meta_project_code``. Templates have none: they belong to no project.
PROJECT_CODE_FIELD: tuple[str, str] = ("project_code", PROJECT_CODE_LABEL)
#: Every project workbook records the key of the profile (评分口径) it was written for on the
#: metadata sheet, in the row after the project code, under ``meta_project_profile``: the reader
#: scores it under that profile (a workbook without the row is national).
PROJECT_PROFILE_FIELD: tuple[str, str] = ("project_profile", "评分口径")

PROJECT_TITLE_ROW = 1
PROJECT_SUBTITLE_ROW = 2
PROJECT_NAME_ROW = 3
PROJECT_DEPARTMENT_ROW = 4
PROJECT_FUNDS_HEADER_ROW = 5
#: The funds rows follow their heading, one per :data:`scoring.project.vocab.FUND_ROWS` entry
#: (the first, 年度资金总额, alone carries 分值 and 得分).
PROJECT_FUNDS_FIRST_ROW = 6
PROJECT_FUND_KEYS: tuple[str, ...] = tuple(project_vocab.FUND_ROWS)
PROJECT_GOAL_HEADER_ROW = PROJECT_FUNDS_FIRST_ROW + len(PROJECT_FUND_KEYS)
PROJECT_GOAL_ROW = PROJECT_GOAL_HEADER_ROW + 1
PROJECT_HEADER_ROW = PROJECT_GOAL_ROW + 1

#: The header lines: (defined name, key of :data:`scoring.project.vocab.LABELS`, row, the
#: label's letter, the value's first and last letter).
PROJECT_HEADER_CELLS: tuple[tuple[str, str, int, str, str, str], ...] = (
    ("project_name", "name", PROJECT_NAME_ROW, "A", "B", "I"),
    ("project_department", "department", PROJECT_DEPARTMENT_ROW, "A", "B", "D"),
    ("project_unit", "unit", PROJECT_DEPARTMENT_ROW, "E", "F", "I"),
)
#: The 年度总体目标 block: (defined name, key of the labels, first and last letter).
PROJECT_GOAL_CELLS: tuple[tuple[str, str, str, str], ...] = (
    ("goal_expected", "goal_expected", "B", "E"),
    ("goal_actual", "goal_actual", "F", "I"),
)

#: Text the 提示 working column shows, each ending in ；.
PROJECT_CHECK_TEXTS: dict[str, str] = {
    "reason_missing": CHECK_TEXTS["reason_missing"],
    "unread": "实际完成值无法按指标值识别，得分取“评价人得分”，请复核；",
    "evaluator": "指标值在生成时未确定，得分取“评价人得分”，perfscore score 按口径复核；",
    "deviation_missing": "扣分需在表下“{label}”中说明原因；",
    "fund_reason_missing": "执行率低于{limit:.0%}，需在“{label}”中说明原因；",
}

_PROJECT_LABELS = project_vocab.LABELS

#: The indicator rows of the blank template: the 一级 block (key of
#: :data:`scoring.project.vocab.BLOCK_NAMES`) and its usual 二级 indicators, one row each.
PROJECT_BLANK_ROWS: tuple[tuple[str, str], ...] = (
    ("output", "数量指标"), ("output", "质量指标"), ("output", "时效指标"), ("output", "成本指标"),
    ("outcome", "经济效益指标"), ("outcome", "社会效益指标"), ("outcome", "生态效益指标"),
    ("outcome", "可持续影响指标"), ("satisfaction", "服务对象满意度指标"),
)

PROJECT_COLUMNS: tuple[Column, ...] = (
    Column("block", _PROJECT_LABELS["indicators"], "A", 9, True, "label", "proj_block",
           fill_down=True, note="区块名称“绩效指标”，整列合并"),
    Column("level1", _PROJECT_LABELS["level1"], "B", 10, True, "label", "proj_level1",
           fill_down=True, note="产出指标 / 效益指标 / 满意度指标，整组合并单元格，值在组的第一行"),
    Column("level2", _PROJECT_LABELS["level2"], "C", 11, True, "label", "proj_level2",
           fill_down=True, note="数量指标、社会效益指标 …，整组合并单元格，值在组的第一行"),
    Column("name", _PROJECT_LABELS["name3"], "D", 20, True, "label", "proj_name", align="left",
           note="三级指标名称；空白模板可填写，下发的表锁定"),
    Column("target", _PROJECT_LABELS["target"], "E", 13, True, "label", "proj_target",
           note="如 ≥1200人、≤30天、≥95%、效果明显；得分公式按生成时的指标值写成，下发的表锁定"),
    Column("actual", _PROJECT_LABELS["actual"], "F", 13, True, "input", "proj_actual",
           note="数值、百分比（如 98%）、数量（如 1180人）或档次（达成预期指标、部分达成预期指标并具有一定效果 …）"),
    Column("points", _PROJECT_LABELS["points"], "G", 7, True, "input", "proj_points",
           number_format=POINTS_NUMBER_FORMAT, note="本项分值（不小于 0）"),
    Column("score", _PROJECT_LABELS["score"], "H", 8, True, "computed", "proj_score",
           number_format="0.00", note="按口径计算（公式）；不适用时显示“不适用”"),
    Column("reason", _PROJECT_LABELS["reason"], "I", 24, True, "input", "proj_reason",
           align="left", note="扣分时必填；缺少时标红"),
    Column("not_applicable", NOT_APPLICABLE_LABEL, "J", 7, False, "input", "proj_not_applicable",
           note="工作列：选“是”则本项不考核，总分按适用分值折算为 100 分"),
    Column("evaluator_score", "评价人得分", "K", 9, False, "input", "proj_evaluator_score",
           number_format="0.00",
           note="工作列：定性指标在档内打分（留空取该档默认比例）；无法按口径计算的指标以此为准"),
    Column("check", "提示", "L", 30, False, "computed", "proj_check", align="left",
           note="工作列：扣分缺少原因、实际完成值无法识别等提示（公式）"),
)


#: The two columns a profile that writes the 指标值 in three columns adds beside 指标值 (四川:
#: 指标性质 | 指标值 | 度量单位; its :attr:`~scoring.project.ProjectProfile.indicator_columns` lists
#: ``nature`` and ``unit_of_measure``), each with the side of 指标值 it stands on. The letters are
#: given by :func:`project_columns`.
PROJECT_TARGET_PART_COLUMNS: tuple[tuple[Literal["before", "after"], Column], ...] = (
    ("before", Column("nature", _PROJECT_LABELS["nature"], "", 9, True, "label", "proj_nature",
                      note="四川：指标性质 =、≥、≤（下拉）；与指标值、度量单位合读为一个指标值（≥ 95 % 即 ≥95%）；"
                           "定性指标留空")),
    ("after", Column("unit_of_measure", _PROJECT_LABELS["unit_of_measure"], "", 9, True, "label",
                     "proj_unit", note="四川：度量单位，如 %、个、天；定性指标留空")),
)


def project_columns(indicator_columns: tuple[str, ...]) -> tuple[Column, ...]:
    """:data:`PROJECT_COLUMNS` with the 指标值 parts (:data:`PROJECT_TARGET_PART_COLUMNS`) that a
    profile's ``indicator_columns`` name, lettered from A in order: the national table unchanged,
    四川's with 指标性质 before and 度量单位 after 指标值 and the later columns two letters on."""
    parts = {side: column for side, column in PROJECT_TARGET_PART_COLUMNS
             if column.key in indicator_columns}
    ordered: list[Column] = []
    for column in PROJECT_COLUMNS:
        if column.key == "target":
            ordered += [part for part in (parts.get("before"), column, parts.get("after")) if part]
        else:
            ordered.append(column)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return tuple(replace(column, letter=letters[index])
                 for index, column in enumerate(ordered))


#: 指标性质 of a three-column 指标值 (:data:`scoring.project.vocab.NATURES`).
PROJECT_NATURE_VALIDATION = Validation(
    "list", _PROJECT_LABELS["nature"], "请选择指标性质：=、≥ 或 ≤（定性指标留空）。",
    error="请从下拉列表中选择 =、≥ 或 ≤。", values=project_vocab.NATURES)
#: 指标值 of a three-column 指标值: the number only.
PROJECT_TARGET_NUMBER_VALIDATION = Validation(
    "any", "指标值", "填写数值（如 95）；计算符号填在指标性质，单位填在度量单位。定性指标在此直接写指标值"
                   "（如 效果明显），指标性质和度量单位留空。")


def _project_fund_column(key: str, letter: str, role: CellRole, note: str,
                         number_format: str = FUNDING_NUMBER_FORMAT) -> Column:
    """A funds column at ``letter`` named ``proj_fund_<key>``, titled by the core's label."""
    title = _PROJECT_LABELS["funds"] if key == "item" else _PROJECT_LABELS[key]
    width = next(column.width for column in PROJECT_COLUMNS if column.letter == letter)
    return Column(key, title, letter, width, True, role, f"proj_fund_{key}", number_format,
                  align="center" if key == "item" else "right", note=note)


#: The funds columns; the row labels (:data:`scoring.project.vocab.FUND_ROWS`) span B:C.
PROJECT_FUND_COLUMNS: tuple[Column, ...] = (
    _project_fund_column("item", "B", "label", "年度资金总额 / 其中：当年财政拨款 / 上年结转资金 / 其他资金（四行）",
                         "General"),
    _project_fund_column("initial", "D", "input", "年初预算数（万元）"),
    _project_fund_column("budget", "E", "input", "全年预算数（A，万元），执行率的分母"),
    _project_fund_column("executed", "F", "input", "全年执行数（B，万元）"),
    _project_fund_column("points", "G", "label", "分值：年度资金总额一行为评分口径的资金分值（全国 10 分），其余行为空",
                         POINTS_NUMBER_FORMAT),
    _project_fund_column("rate", "H", "computed",
                         "执行率 = B ÷ A（公式）；A 为 0、空白或金额为负数时为空", "0.00%"),
    _project_fund_column("score", "I", "computed",
                         "得分 = 执行率 × 分值，不超过分值（公式，两位小数）；只有年度资金总额一行计分", "0.00"),
)
#: Funds column key → the last letter of its merged span.
PROJECT_FUND_SPANS: dict[str, str] = {"item": "C"}


def project_fund_columns(fund_columns: tuple[str, ...]) -> tuple[Column, ...]:
    """:data:`PROJECT_FUND_COLUMNS` in the order a profile's ``fund_columns`` lists them: the
    columns it lists take the letters those columns hold nationally (D–I), in its order; the
    others keep theirs. The national order is unchanged, 四川's 预算执行率 comes before 权重
    (G, H: 年初预算 · 调整后预算数 · 预算执行数 · 预算执行率 · 权重 · 得分, its source's order), 湖北's
    columns are already in its order. The defined names (``proj_fund_<key>``) stay, so a reader
    finds the columns wherever they are."""
    listed = [column for column in PROJECT_FUND_COLUMNS if column.key in fund_columns]
    slots = sorted(column.letter for column in listed)
    ordered = sorted(listed, key=lambda column: fund_columns.index(column.key))
    moved = {column.key: replace(column, letter=slot) for column, slot in zip(ordered, slots)}
    return tuple(sorted((moved.get(column.key, column) for column in PROJECT_FUND_COLUMNS),
                        key=lambda column: column.letter))


PROJECT_CELLS: tuple[NamedCell, ...] = (
    NamedCell("form_title", "标题", "text", "表名：项目支出绩效自评表（示例在表名后注明“示例数据（虚构）”）"),
    NamedCell("form_subtitle", "年度", "text", "年度行，如 （2024年度）"),
    NamedCell("project_name", _PROJECT_LABELS["name"], "input", "项目名称；下发的表锁定"),
    NamedCell("project_department", _PROJECT_LABELS["department"], "input", "主管部门"),
    NamedCell("project_unit", _PROJECT_LABELS["unit"], "input", "实施单位；未填写时取元数据的单位名称"),
    NamedCell("goal_expected", _PROJECT_LABELS["goal_expected"], "input", "年度总体目标的预期目标"),
    NamedCell("goal_actual", _PROJECT_LABELS["goal_actual"], "input", "年度总体目标的实际完成情况"),
    NamedCell("fund_points", f"{project_vocab.FUND_ROWS['total']}{_PROJECT_LABELS['points']}",
              "label", "资金分值（全国 10 分）"),
    NamedCell("execution_rate", project_vocab.FUND_ROWS["total"] + _PROJECT_LABELS["rate"],
              "computed", "年度资金总额的执行率 = 全年执行数 ÷ 全年预算数"),
    NamedCell("fund_score", f"{project_vocab.FUND_ROWS['total']}{_PROJECT_LABELS['score']}",
              "computed", "= ROUND(MIN(MAX(执行率,0),1) × 分值, 2)；无法计算执行率时为 0"),
    NamedCell("project_points_total", f"{_PROJECT_LABELS['total']}{_PROJECT_LABELS['points']}",
              "computed", "资金分值 + 各指标分值（应为 100）"),
    NamedCell("project_applicable_points", "适用分值", "computed",
              "工作区：资金分值 + 未标不适用的指标分值"),
    NamedCell("project_total_score", _PROJECT_LABELS["total"], "computed",
              "资金得分 + 指标得分；有不适用指标时 ÷ 适用分值 × 100，两位小数，限 0–100"),
    NamedCell("project_grade", _PROJECT_LABELS["grade"], "computed",
              "优秀 / 良好 / 中 / 差（90、80、60 分为界，含）"),
    NamedCell("project_note", "说明", "text", "表下方的说明：示例写明数据为虚构；实际填报的表为空"),
)

#: The cells only some profiles' copies of the form have (:attr:`ProjectProfile.closing_fields`,
#: the 原因 of the funds rows where a profile asks for one): laid out below the funds rows
#: (原因) or below the grade (the closing texts), label in A:C, value merged across D:I.
PROJECT_PROFILE_CELLS: tuple[NamedCell, ...] = (
    NamedCell("project_fund_reason", _PROJECT_LABELS["fund_reason"], "input",
              "四川：资金执行率未达到 90% 时说明原因（100 字以内）"),
    NamedCell("project_fund_check", "资金提示", "computed",
              "工作区（四川）：执行率低于需说明原因的界限而原因为空时的提示（公式）"),
    NamedCell("project_conclusion", _PROJECT_LABELS["conclusion"], "input", "四川：评价结论（200 字以内）"),
    NamedCell("project_problems", _PROJECT_LABELS["problems"], "input", "四川：存在问题（200 字以内）"),
    NamedCell("project_measures", _PROJECT_LABELS["measures"], "input",
              "四川：改进措施（200 字以内）；湖北：改进措施及结果应用方案"),
    NamedCell("project_deviation", _PROJECT_LABELS["deviation"], "input",
              "湖北：偏差大或目标未完成原因分析（全项目一栏；有扣分时必填）"),
)

PROJECT_FORM = FormLayout(
    kind="project",
    label="项目自评表",
    sheet="项目自评表",
    columns=PROJECT_COLUMNS,
    header_row=PROJECT_HEADER_ROW,
    first_data_row=PROJECT_HEADER_ROW + 1,
    cells=PROJECT_CELLS,
)

#: 实际完成值 of an indicator: free text or a number, as the target asks.
PROJECT_ACTUAL_VALIDATION = Validation(
    "any", _PROJECT_LABELS["actual"],
    "对照年度指标值填写：数值、百分比（如 98%）、数量（如 1180人）；定性指标填写 达成预期指标、"
    "部分达成预期指标并具有一定效果 或 未达成预期指标且效果较差。")
#: 实际完成值 of a qualitative indicator: the three tiers (:data:`scoring.project.vocab.TIER_NAMES`).
PROJECT_TIER_VALIDATION = Validation(
    "list", _PROJECT_LABELS["actual"], "定性指标：请从下拉列表中选择完成档次。",
    error="请从下拉列表中选择完成档次。", values=tuple(project_vocab.TIER_NAMES.values()))
#: 分值 of an indicator.
PROJECT_POINTS_VALIDATION = Validation(
    "decimal", _PROJECT_LABELS["points"], "请输入本项分值（不小于 0；资金与各指标分值合计 100）。",
    error="分值应为不小于 0 的数。", minimum=0.0, maximum=100.0)
#: The prompt of the evaluator's score: the tier bounds are the profile's (``tier_cuts``).
PROJECT_EVALUATOR_PROMPT = ("定性指标：在档内填写得分（达成 100%–{high:.0%}、部分达成 {high:.0%}–{low:.0%}、"
                            "未达成 {low:.0%}–0% 的分值）；留空按该档默认比例计分。")
#: The evaluator's score within a qualitative tier (the national tier bounds in the prompt; the
#: writer formats :data:`PROJECT_EVALUATOR_PROMPT` with its profile's).
PROJECT_EVALUATOR_VALIDATION = Validation(
    "decimal", "评价人得分", PROJECT_EVALUATOR_PROMPT.format(high=0.8, low=0.6),
    error="应输入 0 至分值之间的分数。", minimum=0.0, max_is_points=True)
#: A text cell a profile limits (:attr:`scoring.project.ProjectProfile.word_limits`,
#: 四川: 年度目标完成情况 and 原因 100 字, 评价结论/存在问题/改进措施 200 字): Excel's ``textLength`` validation. The
#: writer fills ``{label}`` (the profile's label of the cell) and ``{limit}`` and sets the maximum.
#: Excel counts every character, spaces too; the review check PS-X109 does not count white space.
PROJECT_WORD_LIMIT_VALIDATION = Validation(
    "length", "{label}", "{label}限{limit}字以内（含标点）。",
    error_title="超出字数", error="{label}最多{limit}字，请精简后重新输入。", minimum=0.0)
#: 预期目标, 实际完成情况 and 偏差原因分析及改进措施.
PROJECT_TEXT_VALIDATION = Validation(
    "any", _PROJECT_LABELS["reason"], "扣分的指标必须说明偏差原因及改进措施，不能只写“无”。")


# ---------------------------------------------------------------------------------------------
# The project target declaration (项目支出绩效目标申报表; issue #16, docs/project.md)
#
# The labels are the core's (:data:`scoring.project.vocab.DECLARATION_LABELS`, the funds rows
# and columns). Column A holds the blocks' labels (项目资金, 总体目标, 绩效指标) merged down each
# block; the header lines, the funds and the goals share the indicator table's columns. Every
# defined name starts with ``proj_target_``.

_DECLARATION_LABELS = project_vocab.DECLARATION_LABELS

#: The form's title and its year line.
PROJECT_TARGET_TITLE = _DECLARATION_LABELS["title"]
PROJECT_TARGET_SUBTITLE = "（{year}年度）"
#: The note of the worked example: its data are invented.
PROJECT_TARGET_EXAMPLE_NOTE = "示例数据（虚构）：项目、单位、金额和指标均为演示而编写，不是真实申报。"

PROJECT_TARGET_TITLE_ROW = 1
PROJECT_TARGET_SUBTITLE_ROW = 2
#: The header lines: (defined name, key of the labels or "" for a value sharing the line's
#: label, row, the label's letter, the value's first and last letter).
PROJECT_TARGET_HEADER_CELLS: tuple[tuple[str, str, int, str, str, str], ...] = (
    ("proj_target_name", "name", 3, "A", "B", "E"),
    ("proj_target_department", "department", 4, "A", "B", "C"),
    ("proj_target_department_code", "", 4, "", "D", "E"),
    ("proj_target_unit", "unit", 5, "A", "B", "E"),
    ("proj_target_attribute", "attribute", 6, "A", "B", "C"),
    ("proj_target_period", "period", 6, "D", "E", "E"),
)
PROJECT_TARGET_FUNDS_HEADER_ROW = 7
#: The funds rows follow their heading, one per :data:`scoring.project.vocab.DECLARATION_FUND_ROWS`
#: entry; the row labels span B:C, the columns (中期资金总额, 年度资金总额) are D and E.
PROJECT_TARGET_FUNDS_FIRST_ROW = PROJECT_TARGET_FUNDS_HEADER_ROW + 1
PROJECT_TARGET_FUND_LABEL_LETTERS: tuple[str, str] = ("B", "C")
PROJECT_TARGET_FUND_LETTERS: dict[str, str] = dict(
    zip(project_vocab.DECLARATION_FUND_COLUMNS, ("D", "E")))
PROJECT_TARGET_GOAL_HEADER_ROW = PROJECT_TARGET_FUNDS_FIRST_ROW + len(
    project_vocab.DECLARATION_FUND_ROWS)
PROJECT_TARGET_GOAL_ROW = PROJECT_TARGET_GOAL_HEADER_ROW + 1
#: The 总体目标 block: (defined name, key of the labels, first and last letter).
PROJECT_TARGET_GOAL_CELLS: tuple[tuple[str, str, str, str], ...] = (
    ("proj_target_goal_mid", "goal_mid", "B", "C"),
    ("proj_target_goal_annual", "goal_annual", "D", "E"),
)
PROJECT_TARGET_HEADER_ROW = PROJECT_TARGET_GOAL_ROW + 1

#: Text the 提示 working column shows, each ending in ；. ``{column}`` is a funds column's label.
PROJECT_TARGET_CHECK_TEXTS: dict[str, str] = {
    "value_missing": CHECK_TEXTS["target_value_missing"],
    "name_missing": CHECK_TEXTS["target_name_missing"],
    "value_unreadable": "指标值无法识别（应为如 ≥95%、≤30天、=100%、效果明显）；",
    "funds_sum": "{column}不等于财政拨款与其他资金之和；",
}

PROJECT_TARGET_COLUMNS: tuple[Column, ...] = (
    Column("block", _DECLARATION_LABELS["indicators"], "A", 13, True, "label", "proj_target_block",
           fill_down=True, note="年度绩效指标的区块名称，整列合并：有中期（长期）指标一组时为“年度绩效指标”，"
                                "否则为“绩效指标”（与表头一格合并）"),
    Column("level1", _DECLARATION_LABELS["level1"], "B", 11, True, "label", "proj_target_level1",
           fill_down=True, note="产出指标 / 效益指标 / 满意度指标，整组合并单元格，值在组的第一行"),
    Column("level2", _DECLARATION_LABELS["level2"], "C", 14, True, "label", "proj_target_level2",
           fill_down=True, note="数量指标、社会效益指标 …，整组合并单元格，值在组的第一行"),
    Column("level3", _DECLARATION_LABELS["name3"], "D", 26, True, "input", "proj_target_level3",
           align="left", note="三级指标名称"),
    Column("value", _DECLARATION_LABELS["target"], "E", 16, True, "input", "proj_target_value",
           note="计算符号、数值和计量单位写在一格：≥1200人、≤30天、=100%；定性指标写 效果明显、健全 等"),
    Column("check", "提示", "F", 30, False, "computed", "proj_target_check", align="left",
           note="工作列：有三级指标没有指标值、有指标值没有三级指标、指标值无法识别时提示（公式）"),
)

#: The 中期（长期）indicator table (:attr:`scoring.project.ProjectTarget.mid_indicators`), above the
#: annual one: the same columns, letters, widths, roles, styles and validations, under the same
#: heading row, named ``proj_target_mid_*``. The form shows it only where there is a group to
#: show (the blank template; a declaration with mid-term indicators), so its names are optional
#: to a reader: all of them or none.
PROJECT_TARGET_MID_COLUMNS: tuple[Column, ...] = tuple(
    replace(column, name=column.name.replace("proj_target_", "proj_target_mid_", 1),
            note=(f"区块名称“{project_vocab.INDICATOR_GROUPS['mid']}”，整列合并" if column.key == "block"
                  else f"{project_vocab.INDICATOR_GROUPS['mid']}：{column.note}"))
    for column in PROJECT_TARGET_COLUMNS)
#: The 中期（长期）rows of the blank template: a few usual 一级/二级 rows (block key of
#: :data:`scoring.project.vocab.BLOCK_NAMES`, 二级), one per row, as the sources leave a few blank
#: rows for the group; the annual group has :data:`PROJECT_BLANK_ROWS`.
PROJECT_TARGET_BLANK_MID_ROWS: tuple[tuple[str, str], ...] = (
    ("output", "数量指标"), ("output", "质量指标"), ("outcome", "社会效益指标"),
    ("outcome", "可持续影响指标"), ("satisfaction", "服务对象满意度指标"),
)

PROJECT_TARGET_CELLS: tuple[NamedCell, ...] = (
    NamedCell("form_title", "标题", "text", "表名：项目支出绩效目标申报表"),
    NamedCell("form_subtitle", "年度", "text", "年度行，如 （2024年度）"),
    NamedCell("proj_target_name", _DECLARATION_LABELS["name"], "input", "项目名称"),
    NamedCell("proj_target_department", _DECLARATION_LABELS["department"], "input",
              "主管部门名称（主管部门及代码的前一格）"),
    NamedCell("proj_target_department_code", _DECLARATION_LABELS["department"], "input",
              "主管部门代码（文本格式，保留前导 0）"),
    NamedCell("proj_target_unit", _DECLARATION_LABELS["unit"], "input", "实施单位"),
    NamedCell("proj_target_attribute", _DECLARATION_LABELS["attribute"], "input",
              "下拉：新增项目 / 延续项目"),
    NamedCell("proj_target_period", _DECLARATION_LABELS["period"], "input",
              "项目期，如 2024—2026年、3年"),
    *(NamedCell(f"proj_target_{column}_{row}", f"{column_label}·{row_label.removeprefix('其中：')}",
                "input", "万元，不小于 0" + ("；应等于财政拨款 + 其他资金" if row == "total" else ""))
      for column, column_label in project_vocab.DECLARATION_FUND_COLUMNS.items()
      for row, row_label in project_vocab.DECLARATION_FUND_ROWS.items()),
    NamedCell("proj_target_funds_check", "资金校验", "computed",
              "工作列：资金总额不等于财政拨款 + 其他资金（差额超过 0.01 万元）时提示，否则为空"),
    NamedCell("proj_target_goal_mid", _DECLARATION_LABELS["goal_mid"], "input", "总体目标的中期目标"),
    NamedCell("proj_target_goal_annual", _DECLARATION_LABELS["goal_annual"], "input",
              "总体目标的年度目标"),
    NamedCell("proj_target_note", "说明", "text", "表下方的说明：示例写明数据为虚构；实际申报的表为空"),
)

PROJECT_TARGET_FORM = FormLayout(
    kind="project_target",
    label="项目目标申报表",
    sheet="项目目标申报表",
    columns=PROJECT_TARGET_COLUMNS,
    header_row=PROJECT_TARGET_HEADER_ROW,
    first_data_row=PROJECT_TARGET_HEADER_ROW + 1,
    cells=PROJECT_TARGET_CELLS,
)

#: 项目属性: the two kinds of :data:`scoring.project.vocab.PROJECT_ATTRIBUTES`.
PROJECT_ATTRIBUTE_VALIDATION = Validation(
    "list", _DECLARATION_LABELS["attribute"], "新增项目：本年度新增的项目；延续项目：以前年度已批准、本年度继续安排的项目。",
    error="请从下拉列表中选择。", values=tuple(project_vocab.PROJECT_ATTRIBUTES.values()))
#: 指标值 of a declared indicator.
PROJECT_TARGET_VALUE_VALIDATION = Validation(
    "any", _DECLARATION_LABELS["target"],
    "计算符号、数值和计量单位写在一格，如 ≥1200人、≤30天、≥95%、=100%；定性指标写 效果明显、健全 等。")


# ---------------------------------------------------------------------------------------------
# The registry of forms


# ---------------------------------------------------------------------------------------------
# Collect's summary tables (one sheet each of the summary workbook)

@dataclass(frozen=True)
class SummaryTable:
    """One table of what ``perfscore collect`` gathers: a sheet of the summary workbook.

    Attributes:
        key: The :class:`scoring.batch.collect.Collected` attribute holding the table.
        sheet: The summary workbook's sheet.
        columns: Column key → Chinese heading, in order (汇总 adds a score column per section).
        empty_note: The one line the sheet shows when the table has no rows.
        formats: Column key → Excel number format of its cells (a rate is a number shown as
            ``95.0%``, so it sorts and filters as a number).
    """

    key: str
    sheet: str
    columns: Mapping[str, str]
    empty_note: str
    formats: Mapping[str, str] = field(default_factory=dict)


#: The unit's code and name, first in every per-unit table.
_SUMMARY_UNIT = {key: UNIT_LABELS[key] for key in ("unit_code", "unit_name")}

EVALUATION_SUMMARY = SummaryTable("units", "汇总", {
    **UNIT_LABELS, "variant": "版本",
    "total": "总得分", "grade": "等次", "rank": "排名", "deduction": "扣分合计",
    "empty_inputs": "未填写的实际完成值",
    "lost_items": "扣分指标", "missing_reasons": "缺少原因分析", "flags": "否决与取消资格",
    "issues": "问题",
    "disagreements": "与工作簿不一致", "not_calculated": "未计算的单元格", "file": "文件"},
    "无（没有已填报的自评表）")
LOST_ITEMS_SUMMARY = SummaryTable("lost_items", "扣分明细", {
    **_SUMMARY_UNIT, "code": "指标编码", "name": "指标名称",
    "points": "分值", "final": "得分", "lost": "扣分", "reason": "未完成指标原因分析"},
    "无（没有扣分的指标）")
#: Self-evaluation workbooks of one unit and year found more than once, and which is ranked.
#: Project forms of one project (项目编码) and year found more than once, and which counts
#: (the same mechanism, :func:`scoring.batch.collect.one_per_unit`).
DUPLICATES_SUMMARY = SummaryTable("duplicates", "重复", {
    **UNIT_LABELS, "form": "表单", "project_code": PROJECT_CODE_LABEL, "variant": "版本",
    "total": "总得分", "modified": "修改时间", "counted": "计入汇总", "file": "文件"},
    "无（没有同一单位或同一项目重复交来的表）")
#: Self-evaluation workbooks nobody typed a value into (status 未填报).
UNFILLED_SUMMARY = SummaryTable("unfilled", "未填报", {
    **UNIT_LABELS, "variant": "版本", "inputs": "应填的实际完成值",
    "modified": "修改时间", "file": "文件"},
    "无（没有未填报的自评表）")
TARGET_SUMMARY = SummaryTable("targets", "目标表", {
    **UNIT_LABELS, **vocab.FUNDING_TOTAL_LABELS,
    "indicators": "指标数", "changed": "指标已改动", "problems": "问题", "file": "文件"},
    "无（没有目标表）")
MONITORING_SUMMARY = SummaryTable("monitoring", "运行监控", {
    **UNIT_LABELS, "variant": "版本", "period": "监控期间", "green": "绿灯", "amber": "黄灯",
    "red": "红灯", "unfilled": "未填报的指标", "execution_rate": "资金执行率",
    "time_progress": "序时进度", "issues": "问题", "file": "文件"},
    "无（没有运行监控表）")
#: Red-light rows of the monitoring workbooks, with what explains them.
RED_LIGHTS_SUMMARY = SummaryTable("red_lights", "红灯明细", {
    **_SUMMARY_UNIT, "section": "类别", "item": "指标或资金", "target": "指标值或序时进度",
    "actual": "执行情况", "reason": "偏差原因", "measures": "纠偏措施", "file": "文件"},
    "无（没有亮红灯的指标或资金）")
#: Stored values of any scored form that disagree with the engine (指标: a self-evaluation
#: item's code, a monitoring row's 三级指标 or the count's label).
DISAGREEMENTS_SUMMARY = SummaryTable("disagreements", "不一致", {
    **_SUMMARY_UNIT, "cell": "单元格", "item": "指标",
    "stored": "工作簿中的值", "engine": "重新计算的值", "message": "说明", "file": "文件"},
    "无（工作簿中的值与重新计算的结果一致）")
#: Files that could not be read, with the reason.
UNREADABLE_SUMMARY = SummaryTable("unreadable", "无法读取", {
    "file": "文件", "code": "错误代码", "message": "原因", "where": "位置"},
    "无（本次没有无法读取的文件）")

#: A project's unit, code and name, first in every per-project table: the unit is the one the
#: project was issued to and that handed it in (its 单位编码 in master data and the metadata).
_SUMMARY_PROJECT = {**_SUMMARY_UNIT, "project_code": "项目编码", "project": _PROJECT_LABELS["name"]}
#: 主管部门 and 实施单位 as the project's form prints them (they need not be the unit's own names).
_SUMMARY_PARTIES = {"department": _PROJECT_LABELS["department"], "implementer": _PROJECT_LABELS["unit"]}
#: The number format of a rate column (资金执行率): a number shown as a percentage.
PERCENT_FORMAT = "0.0%"
#: One row per project self-evaluation workbook (项目支出绩效自评表), re-scored by the engine.
#: 扣分合计 is negative, as in every table of the summary (the department form prints its 扣分
#: that way); the detail tables (扣分明细, 项目扣分明细) list each row's 扣分 as a positive number.
PROJECT_SUMMARY = SummaryTable("projects", "项目自评", {
    **_SUMMARY_PROJECT, **_SUMMARY_PARTIES, "year": YEAR_LABEL, "profile": "评分口径",
    "total": _PROJECT_LABELS["total"],
    "grade": _PROJECT_LABELS["grade"], "execution_rate": "资金执行率", "lost": "扣分合计",
    "lost_items": "扣分指标", "review": "审核提示数", "issues": "问题",
    "disagreements": "与工作簿不一致", "not_calculated": "未计算的单元格", "file": "文件"},
    "无（没有项目自评表）", formats={"execution_rate": PERCENT_FORMAT})
#: Per unit and year: how many projects it handed in (未填报 ones included, and counted apart),
#: and the average and lowest score of those filled.
PROJECT_UNITS_SUMMARY = SummaryTable("project_units", "项目按单位", {
    **UNIT_LABELS, "projects": "项目数", "unfilled": "未填报", "average": "平均分",
    "lowest": "最低分"},
    "无（没有项目自评表）")
#: Every row of a project self-evaluation that lost points (the funds row included), with the
#: reason given beside it.
PROJECT_LOST_SUMMARY = SummaryTable("project_lost", "项目扣分明细", {
    **_SUMMARY_PROJECT, "indicator": "指标或资金", "points": _PROJECT_LABELS["points"],
    "score": _PROJECT_LABELS["score"], "lost": "扣分", "reason": _PROJECT_LABELS["reason"]},
    "无（没有扣分的项目指标）")
#: The review checks' findings (审核提示, PS-X101 …) of every project self-evaluation, the
#: problems of every target declaration (:func:`scoring.project.check_target`) and a
#: declaration whose indicators are not its self-evaluation's (PS-X111), each with its cell.
PROJECT_REVIEW_SUMMARY = SummaryTable("project_review", "审核提示", {
    **_SUMMARY_PROJECT, "code": "代码", "where": "位置", "message": "说明", "file": "文件"},
    "无（项目自评表和目标申报表没有审核提示）")
#: One row per project target declaration (项目支出绩效目标申报表): what it declares, how many
#: findings it has, and whether its indicators are those of the project's self-evaluation.
PROJECT_TARGET_SUMMARY = SummaryTable("project_targets", "项目目标申报", {
    **_SUMMARY_PROJECT, "year": YEAR_LABEL, "attribute": _DECLARATION_LABELS["attribute"],
    "period": _DECLARATION_LABELS["period"],
    **{f"{column}_total": label for column, label in project_vocab.DECLARATION_FUND_COLUMNS.items()},
    "indicators": "年度指标数", "mid_indicators": "中期指标数", "matches": "指标与自评表一致",
    "review": "审核提示数", "file": "文件"},
    "无（没有项目目标申报表）")

#: Every table of the summary workbook, in sheet order.
SUMMARY_TABLES: tuple[SummaryTable, ...] = (
    EVALUATION_SUMMARY, LOST_ITEMS_SUMMARY, DISAGREEMENTS_SUMMARY, TARGET_SUMMARY,
    UNREADABLE_SUMMARY, DUPLICATES_SUMMARY, UNFILLED_SUMMARY, MONITORING_SUMMARY,
    RED_LIGHTS_SUMMARY, PROJECT_SUMMARY, PROJECT_UNITS_SUMMARY, PROJECT_LOST_SUMMARY,
    PROJECT_REVIEW_SUMMARY, PROJECT_TARGET_SUMMARY)

# ---------------------------------------------------------------------------------------------
# Master data each form is filled from (the tables and columns of scoring.batch.master)

#: Master-data columns as (table key, column key); the tables are declared in
#: :data:`scoring.batch.master.TABLES`, and a test checks each column named here exists there.
MasterColumn = tuple[str, str]

_MASTER_IDENTITY: tuple[MasterColumn, ...] = tuple(("units", key) for key in ("code", "name", "year"))
_MASTER_UNIT: tuple[MasterColumn, ...] = (*_MASTER_IDENTITY, ("units", "city"))
_MASTER_FUNDING: tuple[MasterColumn, ...] = tuple(
    ("units", f"{column}_{row}") for column in FUNDING_COLUMNS for row in ("total", *vocab.FUNDING_ROWS))
_MASTER_INDICATORS: tuple[MasterColumn, ...] = tuple(
    ("indicators", key) for key in ("unit_code", *INDICATOR_TITLES, "half_value", "full_value"))
_MASTER_POLICIES: tuple[MasterColumn, ...] = (("policies", "setting"), ("policies", "value"))

#: The self-evaluation report (``perfscore report``): not a form, but filled from master data too
#: (its 收入支出情况 beyond the target form's funds).
REPORT_LABEL = "自评报告"
REPORT_MASTER: tuple[MasterColumn, ...] = (("units", "adjusted"), ("units", "appropriation"),
                                           ("units", "spent"))
#: The project columns every project form is filled from: its unit, year, name and code.
_MASTER_PROJECT: tuple[MasterColumn, ...] = tuple(
    ("projects", key) for key in ("unit_code", "year", "name", "code", "department", "implementer"))
#: The project indicators (一级 · 二级 · 三级 · 指标值 · 分值 · 指标期: which rows are the annual
#: ones the self-evaluation takes, which the declaration's 中期（长期）group).
_MASTER_PROJECT_INDICATORS: tuple[MasterColumn, ...] = tuple(
    ("project_indicators", key) for key in ("project_code", "level1", "level2", "level3", "target",
                                            "points", "period"))
#: Every funds row of any profile's project self-evaluation, key → the words of its 项目 sheet
#: columns: the national rows first, then the rows only a local copy has (四川's 财政资金,
#: 财政专户管理资金, 单位资金). A project fills the rows of its own profile's form.
PROJECT_MASTER_FUND_ROWS: dict[str, str] = {
    key: project_vocab.FUND_ROWS.get(key, label).removeprefix("其中：")
    for profile in PROJECT_PROFILES.values() for key, label in profile.fund_rows}


def _master_project_funds(rows: Sequence[str]) -> tuple[MasterColumn, ...]:
    """The 年初预算数 and 全年预算数 columns of the given funds rows."""
    return tuple(("projects", f"{amount}_{row}") for row in rows for amount in ("initial", "budget"))


#: The funds amounts of the project self-evaluation: every profile's funds rows.
_MASTER_PROJECT_FUNDS = _master_project_funds(tuple(PROJECT_MASTER_FUND_ROWS))
#: The funds amounts the target declaration is filled from: the national rows (a local profile's
#: rows do not split into 财政拨款 and 其他资金; its declaration takes the total only).
_MASTER_DECLARATION_FUNDS = _master_project_funds(PROJECT_FUND_KEYS)

#: The columns only the target declaration is filled from: 主管部门代码, 项目属性, 项目期, the
#: 中期资金总额 column of its funds and the 中期目标 (the rest is the self-evaluation's).
PROJECT_DECLARATION_KEYS: tuple[str, ...] = (
    "department_code", "attribute", "period",
    *(f"mid_{row}" for row in project_vocab.DECLARATION_FUND_ROWS), "goal_mid")

# ---------------------------------------------------------------------------------------------
# The registry


@dataclass(frozen=True)
class FormSpec:
    """One kind of form, as every part of the product finds it (the registry :data:`FORMS`).

    The layout declares the cells, columns, labels and defined names; the functions are named
    here as ``module:function`` (imported when first used, so this module stays free of
    openpyxl and pandas) and receive what their part of the product has:

    Attributes:
        layout: The form's sheet: cells, columns, Chinese labels, defined names.
        master: The master-data columns the form is filled from (the docs' 用于 column).
        summary: The collect summary's tables of this form, its per-unit table first.
        fill: The :class:`scoring.batch.fill.Filler` method writing a unit's workbook
            (``unit -> bytes``).
        summarise: Reduces a read workbook to the rows of the collect summary
            (``(book, path, strict) -> {"kind": …, "row": …}``).
        score: Gives ``perfscore score --json`` for a read workbook (``book -> dict``); empty
            for a form that has no score (the target form).
        variants: The variants ``perfscore template`` writes of the form.
        filled_per: ``unit``: ``perfscore fill`` writes one per unit (the unit's master-data
            row); ``project``: one per project (a row of the 项目 sheet,
            :class:`scoring.batch.master.Project`), and ``fill`` receives the project.

    A form with no ``fill`` is not written by ``perfscore fill`` nor summarised by ``collect``
    (:data:`FILLED_FORMS`); it is written by ``perfscore template`` and scored by
    ``perfscore score``.
    """

    layout: FormLayout
    master: tuple[MasterColumn, ...]
    summary: tuple[SummaryTable, ...]
    fill: str
    summarise: str
    score: str = ""
    variants: tuple[str, ...] = VARIANTS
    filled_per: Literal["unit", "project"] = "unit"

    @property
    def kind(self) -> str:
        """``target``, ``evaluation`` or ``monitoring``: the metadata's form kind."""
        return self.layout.kind

    @property
    def label(self) -> str:
        """The form's short Chinese name (file names, the fill manifest)."""
        return self.layout.label

    @property
    def summary_sheet(self) -> str:
        """The collect summary's sheet of this form's per-unit rows ("" for a form collect does
        not summarise)."""
        return self.summary[0].sheet if self.summary else ""


#: Every form the product writes and reads, in the order fill writes them.
FORMS: dict[str, FormSpec] = {spec.kind: spec for spec in (
    FormSpec(TARGET_FORM,
             master=(*_MASTER_UNIT, *(("units", key) for key in TARGET_LONG_TEXT_KEYS),
                     *_MASTER_FUNDING, *_MASTER_INDICATORS),
             summary=(TARGET_SUMMARY,),
             fill="target_bytes", summarise="scoring.batch.collect:target_entry"),
    FormSpec(EVALUATION_FORM,
             master=(*_MASTER_IDENTITY, *(("framework", key) for key in (
                 "unit_code", "code", "name", "points", "role", "description", "rule_text",
                 "notation")), *_MASTER_POLICIES),
             summary=(EVALUATION_SUMMARY, LOST_ITEMS_SUMMARY, DUPLICATES_SUMMARY, UNFILLED_SUMMARY),
             fill="evaluation_bytes", summarise="scoring.batch.collect:evaluation_entry",
             score="scoring.workbook.reader:evaluation_report"),
    FormSpec(MONITORING_FORM,
             master=(*_MASTER_UNIT, *(column for column in _MASTER_FUNDING
                                      if column[1].startswith("annual_")),
                     ("units", "period"), *_MASTER_INDICATORS,
                     *_MASTER_POLICIES),
             summary=(MONITORING_SUMMARY, RED_LIGHTS_SUMMARY),
             fill="monitoring_bytes", summarise="scoring.batch.collect:monitoring_entry",
             score="scoring.workbook.monitoring_reader:monitoring_report"),
    FormSpec(PROJECT_FORM,
             master=(*_MASTER_PROJECT, *_MASTER_PROJECT_FUNDS, ("projects", "goal"),
                     ("projects", "profile"), *_MASTER_PROJECT_INDICATORS),
             summary=(PROJECT_SUMMARY, PROJECT_UNITS_SUMMARY, PROJECT_LOST_SUMMARY,
                      PROJECT_REVIEW_SUMMARY),
             fill="project_bytes", summarise="scoring.batch.collect:project_entry",
             score="scoring.workbook.project_status:project_score_report", variants=("portable", "addin"),
             filled_per="project"),
    FormSpec(PROJECT_TARGET_FORM,
             master=(*_MASTER_PROJECT, *_MASTER_DECLARATION_FUNDS, ("projects", "goal"),
                     *(("projects", key) for key in PROJECT_DECLARATION_KEYS),
                     *(column for column in _MASTER_PROJECT_INDICATORS if column[1] != "points")),
             summary=(PROJECT_TARGET_SUMMARY,),
             fill="project_target_bytes", summarise="scoring.batch.collect:project_target_entry",
             score="scoring.workbook.project_target_reader:project_target_report",
             variants=("portable", "addin"), filled_per="project"),
)}

#: The forms ``perfscore fill`` writes and ``collect`` summarises: those with a fill function.
FILLED_FORMS: tuple[str, ...] = tuple(kind for kind, spec in FORMS.items() if spec.fill)
#: The filled forms written once per unit, and once per project (:attr:`FormSpec.filled_per`).
UNIT_FORMS: tuple[str, ...] = tuple(kind for kind in FILLED_FORMS if FORMS[kind].filled_per == "unit")
PROJECT_FORMS: tuple[str, ...] = tuple(
    kind for kind in FILLED_FORMS if FORMS[kind].filled_per == "project")

#: Form kind → the form's short Chinese name (file names, the fill manifest).
FORM_LABELS: dict[str, str] = {kind: spec.label for kind, spec in FORMS.items()}


def form(kind: str) -> FormSpec:
    """The registered form of ``kind`` (KeyError for a kind no form has)."""
    return FORMS[kind]


def function(path: str) -> Any:
    """The function a registry entry names as ``module:function``."""
    import importlib

    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)
