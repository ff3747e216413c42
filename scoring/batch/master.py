"""Master data (主数据): the units, their target-form indicators and optionally their framework.

A finance bureau keeps one master data file (DOMAIN.md §5): an Excel workbook with the sheets
declared in :data:`TABLES`, or the same tables as CSV files in one folder (``单位.csv``,
``绩效指标.csv``, ``评价指标框架.csv``). The schema is data: every reader, the empty master file
written by ``perfscore master`` and the table in ``docs/batch.md`` derive from it.

:func:`load_master` reads the file (python-calamine; pandas for CSV) and validates it row by
row. Each problem is a :class:`~scoring.errors.PerfscoreError` located by file, sheet, row and
column; a unit with a problem is left out, every other unit is returned ready to be filled. A file that cannot be read
at all, or lacks a required sheet or column, raises :class:`~scoring.errors.MasterDataError`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from ..errors import (FrameworkError, MasterDataError, PerfscoreError, RuleError,
                      WorkbookFileError)
from ..forms import (DEFAULT_CITY, EVALUATION_TITLE, FORMS, INDICATOR_TITLES, PROJECT_CODE_LABEL,
                     PROJECT_ATTRIBUTE_VALIDATION, PROJECT_DECLARATION_KEYS,
                     PROJECT_MASTER_FUND_ROWS, REPORT_LABEL,
                     REPORT_MASTER, TARGET_LONG_TEXT_KEYS, TARGET_TEXT_LABELS, UNIT_LABELS,
                     Validation)
from ..forms import ROLE_LABELS as FORM_ROLE_LABELS
from ..framework import Framework, parse_label
from ..normalise import characters
from ..monitoring import DEFAULT_PERIOD, MAX_AMOUNT, parse_period
from ..plaintext import CELL_LIMIT, excerpt
from ..report import Finances
from ..policies import DEFAULT_POLICIES, SETTING_SEPARATOR, SETTINGS, Policies, parse_policies
from ..project import PROFILES as PROJECT_PROFILES
from ..project import (DeclaredFunds, DeclaredIndicator, FundRow, ProjectEvaluation,
                       ProjectIndicator, get_profile)
from ..project.vocab import DECLARATION_FUND_COLUMNS, DECLARATION_FUND_ROWS, DECLARATION_LABELS
from ..project.vocab import (INDICATOR_GROUPS, INDICATOR_PERIOD_SYNONYMS, INDICATOR_PERIODS,
                             PROJECT_ATTRIBUTES)
from ..project.vocab import BLOCK_NAMES as PROJECT_BLOCK_NAMES
from ..project.vocab import LABELS as PROJECT_LABELS
from ..project.vocab import MESSAGES as PROJECT_MESSAGES
from ..project.review import sum_issues
from ..project.score import read_target as read_project_target
from ..workbook.files import temporary_file_error
from .packed import PackedGroups, PackedRows, Spool, Spooled, SpoolError, SpoolWriter
from .records import (DEFAULT_PROJECT_PROFILE, Declaration, FailedProject, MasterData, Parcel,
                      Project, Unit)
from ..vocab import (FUNDING_COLUMNS, FUNDING_LABELS, FUNDING_ROWS, FUNDING_TOTAL_LABELS,
                     MESSAGES)
from ..target_form import Funding, TargetForm, TargetIndicator
from ..targets import parse_target

#: Words of the 类别 column written by ``perfscore master``: the form's own 类型 words
#: (:data:`scoring.forms.ROLE_LABELS`) and 加减分 for a section holding bonus and penalty.
ROLE_LABELS: dict[str, str] = {**FORM_ROLE_LABELS, "adjustment": "加减分"}
#: Another word read as 评分 in the 类别 column.
SCORE_SYNONYM = "计分"

#: How a column's cells are read: free text, a unit code (cleaned: it names files), a number
#: (万元), points (a number, 分值 in messages), or a year.
ColumnKind = Literal["text", "code", "number", "points", "year"]


@dataclass(frozen=True)
class Column:
    """One column of a master data table.

    Attributes:
        key: The English name the code uses.
        header: The Chinese header finance staff write in row 1.
        kind: How the cells are read.
        required: The column must exist; a required cell may not be empty.
        note: What the column holds, in Chinese (shown in docs/batch.md).
        validation: The data validation (a dropdown) ``perfscore master`` gives the column's
            cells in an .xlsx file; CSV files have none, and the reader checks every cell anyway.
    """

    key: str
    header: str
    kind: ColumnKind = "text"
    required: bool = False
    note: str = ""
    validation: Validation | None = None


@dataclass(frozen=True)
class Table:
    """One sheet of the master data file (or one CSV file of the same name)."""

    key: str
    sheet: str
    columns: tuple[Column, ...]
    required: bool
    note: str

    @property
    def headers(self) -> list[str]:
        """The Chinese headers in column order."""
        return [column.header for column in self.columns]

    def column(self, key: str) -> Column:
        """The column with ``key`` (KeyError when there is none)."""
        return self._by_key[key]

    @cached_property
    def _by_key(self) -> dict[str, Column]:
        """Column key → column: validation looks a column up for every cell it reads."""
        return {column.key: column for column in self.columns}


#: Notes of the target form's long texts in master data (the docs table).
TEXT_NOTES: dict[str, str] = {"duties": "可多行", "organisation": "可多行"}
#: Notes of the funding columns by (column, is the total): what the docs table says of them.
FUNDING_NOTES: dict[tuple[str, bool], str] = {
    ("annual", True): "万元；可不填，填写时须等于基本支出与项目支出之和", ("annual", False): "万元",
    ("half", True): "万元；可不填，填写时须等于基本支出与项目支出之和",
    ("half", False): "万元，不大于全年预算数"}

UNITS = Table("units", "单位", (
    Column("code", UNIT_LABELS["unit_code"], "code", required=True,
           note="预算单位编码，在主数据中唯一，用于文件命名（全角字符按半角、不可见字符和空格去掉后比较）"),
    Column("name", UNIT_LABELS["unit_name"], required=True, note="预算单位全称"),
    Column("year", UNIT_LABELS["year"], "year", required=True, note="预算年度，如 2024"),
    Column("city", "城市", note=f"表头城市名，为空时为“{DEFAULT_CITY}”"),
    *(Column(key, TARGET_TEXT_LABELS[key], note=TEXT_NOTES.get(key, ""))
      for key in TARGET_LONG_TEXT_KEYS),
    *(Column(f"{column}_{row}", {**FUNDING_TOTAL_LABELS, **FUNDING_LABELS}[f"{column}_{row}"],
             "number", required=row != "total", note=FUNDING_NOTES[column, row == "total"])
      for column in FUNDING_COLUMNS for row in ("total", *FUNDING_ROWS)),
    Column("period", "监控期间", note="运行监控表的监控期间，如 1-7月；为空时为 1-6月"),
    Column("adjusted", "年末调整预算收入", "number", note="万元；可不填，仅用于自评报告的收入支出情况"),
    Column("appropriation", "其中：财政拨款收入", "number", note="万元；可不填，同上"),
    Column("spent", "支出总计", "number", note="万元；可不填，同上；与年末调整预算收入都填写时报告给出预算执行率"),
), required=True, note="每个预算单位一行")

INDICATORS = Table("indicators", "绩效指标", (
    Column("unit_code", UNIT_LABELS["unit_code"], "code", required=True, note="对应“单位”表的单位编码"),
    Column("level1", INDICATOR_TITLES["level1"], required=True, note="决策、过程、履职、效益指标、满意度指标"),
    Column("level2", INDICATOR_TITLES["level2"], required=True),
    Column("work_item", INDICATOR_TITLES["work_item"], note="仅履职部分：重点工作名称，如 公文办理工作"),
    Column("work_content", INDICATOR_TITLES["work_content"], note="仅履职部分：重点工作的内容"),
    Column("level3", INDICATOR_TITLES["level3"], note="可为空：空行仍保留在表上（如 生态效益）"),
    Column("half_value", "半年指标值", note="如 ≥99%、＝0%、健全、≥5条"),
    Column("full_value", "全年指标值", note="同上"),
), required=True, note="目标表的指标，每个单位多行，按表上顺序")

FRAMEWORK = Table("framework", "评价指标框架", (
    Column("unit_code", UNIT_LABELS["unit_code"], "code", note="为空时适用于没有单独框架的所有单位"),
    Column("code", "指标编码", note="A、A1、A11；为空时从指标名称中读取（如“A11 决策制度的规范性（2 分）”）"),
    Column("name", "指标名称", required=True),
    Column("points", "分值", "points", note="为空时从指标名称中读取；加减分项填上限"),
    Column("role", "类别", note=f"{'、'.join(ROLE_LABELS.values())}之一（也可写{SCORE_SYNONYM}，同"
                              f"{ROLE_LABELS['score']}）；为空时与上级指标相同，一级指标默认为"
                              f"{ROLE_LABELS['score']}"),
    Column("description", "指标说明"),
    Column("rule_text", "评价要点", note="三级指标的评分规则原文（打印在表上）"),
    Column("notation", "计分规则（标准写法）",
           note="可选：用标准写法重写的评分规则（见 docs/rules.md）；填写时按此计分，表上仍打印评价要点"),
), required=False, note="可选；没有此表时所有单位使用内置示例的标准框架")

POLICY_TABLE = Table("policies", "评分口径", (
    Column("setting", "口径", required=True,
           note=f"{'、'.join(setting.label for setting in SETTINGS)}之一"),
    Column("value", "取值", required=True, note="如“不扣”“0.7”；各口径的取值见下表"),
), required=False, note="可选；对所有单位适用的评分口径，每行一项；没有此表（或某项未列出）时按默认口径")

#: The amounts of a project's funds rows master data gives (the unit types 全年执行数), by key of
#: :class:`~scoring.project.form.FundRow`, and the words of their headers.
PROJECT_AMOUNTS: dict[str, str] = {"initial": "年初预算数", "budget": "全年预算数"}


def _fund_note(row: str, amount: str) -> str:
    """The docs' note of a funds column of the 项目 sheet: which profiles' forms have the row,
    and that the parts must add up to the total."""
    if row == "total":
        return "万元；执行率的分母" if amount == "budget" else "万元；可不填"
    names = "、".join(profile.name for profile in PROJECT_PROFILES.values()
                     if row in dict(profile.fund_rows))
    return f"万元；{names}口径的资金行；可不填，填写时年度资金总额须等于该口径其中各项之和"
#: The dropdown of the 项目 sheet's 评分口径 column: the profiles' short names (全国, 四川, 湖北黄冈),
#: which master data writes; the reader also takes their keys and titles (:func:`get_profile`).
PROFILE_VALIDATION = Validation(
    "list", "评分口径", "项目自评表的评分口径：" + "；".join(
        f"{profile.name}：{profile.title}" for profile in PROJECT_PROFILES.values())
    + f"。为空时为{get_profile(DEFAULT_PROJECT_PROFILE).name}。",
    error="请从下拉列表中选择评分口径。",
    values=tuple(profile.name for profile in PROJECT_PROFILES.values()))
#: The header of a 中期资金总额 column of the 项目 sheet: the total as the form names it, its
#: parts as ``中期资金总额（财政拨款）``.
_MID = DECLARATION_FUND_COLUMNS["mid"]
_MID_HEADERS: dict[str, str] = {
    row: _MID if index == 0 else f"{_MID}（{label.removeprefix('其中：')}）"
    for index, (row, label) in enumerate(DECLARATION_FUND_ROWS.items())}
#: The columns only the target declaration takes, key (:data:`scoring.forms.PROJECT_DECLARATION_KEYS`)
#: → (header, kind, note). All optional: a one-year project has no 中期 block, and a bureau
#: without the declaration's data still gets both forms (the cells stay blank for the unit).
DECLARATION_COLUMNS: dict[str, tuple[str, ColumnKind, str]] = {
    "department_code": ("主管部门代码", "code",
                        "目标申报表“主管部门及代码”的代码；请以文本格式填写，以保留前导 0"),
    "attribute": (DECLARATION_LABELS["attribute"], "text",
                  f"{'或'.join(PROJECT_ATTRIBUTES.values())}；可不填（由单位在申报表上选择）"),
    "period": (DECLARATION_LABELS["period"], "text", "如 2024—2026年、3年；可不填"),
    **{f"mid_{row}": (header, "number", "万元；可不填（一年期项目不填中期各列）" + (
        "" if row == "total" else "，填写时中期资金总额须等于财政拨款与其他资金之和"))
       for row, header in _MID_HEADERS.items()},
    "goal_mid": (f"{DECLARATION_LABELS['goal']}（{DECLARATION_LABELS['goal_mid']}）", "text",
                 "目标申报表的中期目标，可多行；可不填"),
}

PROJECTS = Table("projects", "项目", (
    Column("unit_code", UNIT_LABELS["unit_code"], "code", required=True, note="对应“单位”表的单位编码"),
    Column("year", UNIT_LABELS["year"], "year", required=True, note="项目年度，如 2024"),
    Column("name", PROJECT_LABELS["name"], required=True, note="项目全称"),
    Column("code", PROJECT_CODE_LABEL, "code", required=True,
           note="项目库中的项目编码，在主数据中唯一（不同单位的项目也不能相同）；“项目绩效指标”表按它对应，"
                "文件名含单位编码和项目编码（比较方式同单位编码）"),
    Column("department", PROJECT_LABELS["department"], note="主管部门名称"),
    Column("implementer", PROJECT_LABELS["unit"], note="为空时为“单位”表中该单位的名称"),
    *(Column(f"{amount}_{row}", f"{label}（{header}）", "number",
             required=(amount, row) == ("budget", "total"), note=_fund_note(row, amount))
      for row, label in PROJECT_MASTER_FUND_ROWS.items() for amount, header in PROJECT_AMOUNTS.items()),
    Column("goal", f"{PROJECT_LABELS['goal']}（{PROJECT_LABELS['goal_expected']}）",
           note="年度总体目标的预期目标，可多行"),
    Column("profile", "评分口径",
           note=f"项目评分口径：{'、'.join(f'{p.name}（{p.title}）' for p in PROJECT_PROFILES.values())}"
                f"之一（有下拉列表；也可写全称或英文键 "
                f"{'、'.join(PROJECT_PROFILES)}）；为空时为{get_profile(DEFAULT_PROJECT_PROFILE).name}；"
                f"项目自评表按该口径的表式生成（各口径的资金行不同，该口径没有的资金行须留空）",
           validation=PROFILE_VALIDATION),
    *(Column(key, *DECLARATION_COLUMNS[key][:2], note=DECLARATION_COLUMNS[key][2],
             validation=PROJECT_ATTRIBUTE_VALIDATION if key == "attribute" else None)
      for key in PROJECT_DECLARATION_KEYS),
), required=False, note="可选；每个项目一行，生成项目支出绩效目标申报表和项目支出绩效自评表")

PROJECT_INDICATORS = Table("project_indicators", "项目绩效指标", (
    Column("project_code", PROJECT_CODE_LABEL, "code", required=True, note="对应“项目”表的项目编码"),
    Column("level1", PROJECT_LABELS["level1"], required=True,
           note="、".join(PROJECT_BLOCK_NAMES.values()) + "之一（审核提示检查三类是否齐全）"),
    Column("level2", PROJECT_LABELS["level2"], required=True, note="如 数量指标、社会效益指标"),
    Column("level3", PROJECT_LABELS["name3"], required=True),
    Column("target", "指标值", required=True,
           note="如 ≥1200人、≤30天、≥95%；定性指标写 效果明显、健全 等"),
    Column("points", PROJECT_LABELS["points"], "points", required=True,
           note="年度指标：不小于 0，资金分值（全国口径 10 分）与一个项目各年度指标分值合计应为 100；"
                "中期指标不计分，留空"),
    Column("period", "指标期", note=(
        f"{'或'.join(INDICATOR_PERIODS.values())}（有下拉列表；也可写"
        f"{'、'.join(INDICATOR_PERIOD_SYNONYMS)}）；为空时为{INDICATOR_PERIODS['annual']}。"
        f"{INDICATOR_PERIODS['mid']}指标只写入目标申报表的“{INDICATOR_GROUPS['mid']}”一组，"
        f"不写入项目自评表、不计分"), validation=Validation(
        "list", "指标期",
        f"{INDICATOR_PERIODS['annual']}：{INDICATOR_GROUPS['annual']}（目标申报表和项目自评表，计分）；"
        f"{INDICATOR_PERIODS['mid']}：{INDICATOR_GROUPS['mid']}（只在目标申报表上，不计分，分值留空）。"
        f"为空时为{INDICATOR_PERIODS['annual']}。",
        error="请从下拉列表中选择指标期。", values=tuple(INDICATOR_PERIODS.values()))),
), required=False, note="“项目”表各项目的绩效指标，每个项目多行，按表上顺序")

#: Every table of the master data file, in sheet order.
TABLES: tuple[Table, ...] = (UNITS, INDICATORS, FRAMEWORK, POLICY_TABLE, PROJECTS, PROJECT_INDICATORS)


def used_by(table: Table, column: Column) -> str:
    """The forms (and the report) filled from ``column`` (the docs' 用于 column), as the registry
    declares them (:attr:`scoring.forms.FormSpec.master`, :data:`scoring.forms.REPORT_MASTER`)."""
    users = [(spec.label, spec.master) for spec in FORMS.values()] + [(REPORT_LABEL, REPORT_MASTER)]
    return "、".join(label for label, columns in users if (table.key, column.key) in columns)

#: Words of the 类别 column → :data:`scoring.framework.Role`: the labels written, and 计分.
ROLE_WORDS: dict[str, str] = {**{word: role for role, word in ROLE_LABELS.items()},
                              SCORE_SYNONYM: "score"}

#: Title of a unit's framework: ``<单位名称>`` + this suffix.
FRAMEWORK_TITLE_SUFFIX = EVALUATION_TITLE

#: Encodings tried for CSV files: UTF-8 (with or without BOM), then the GB18030 of Chinese Excel.
CSV_ENCODINGS: tuple[str, ...] = ("utf-8-sig", "gb18030")

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_CODE = re.compile(r"^[A-Z]\d*$")
#: What a year cell should hold, in messages.
YEAR_EXPECTED = "四位年份，如 2024"
#: What a 分值 cell should hold, as messages say it.
POINTS_EXPECTED = "分值（分），如 10"


def _header_key(text: Any) -> str:
    """A header as compared: NFKC (full-width brackets become ASCII), no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text)))


@dataclass(frozen=True)
class RawTable:
    """A table as read: its rows keyed by column key, each with its row number on the sheet.

    Attributes:
        table: The declaration.
        source: The file the table was read from (shown in messages).
        rows: One dict per non-blank row: column key → raw cell value, plus ``_row``; kept
            compressed in blocks (:class:`.packed.PackedRows`): the master of a thousand units
            has some 100,000 rows.
    """

    table: Table
    source: str
    rows: Sequence[dict[str, Any]]


# --------------------------------------------------------------------------- reading


#: A row as read: its cells from column A (the header row is the first).
Row = list[Any]


def _read_tables(path: Path) -> dict[str, RawTable]:
    """The tables of a master file (or CSV folder), keyed by table key, read and checked in
    the order of :data:`TABLES` (a missing required sheet or column: PS-M001).

    A workbook is read once: the gatekeeper checks the bytes, then python-calamine turns the
    same bytes into rows, one sheet at a time and a slice of rows at a time
    (:mod:`scoring.workbook.row_slices`), and each row becomes a table row as it is read: no
    sheet is held whole, neither as python-calamine's grid nor as Python values (the master file
    of 3,000 units holds 150,000 indicator rows).
    """
    tables: dict[str, RawTable] = {}
    if path.is_dir() or path.suffix.lower() == ".csv":
        folder = path if path.is_dir() else path.parent
        for table in TABLES:
            csv = folder / f"{table.sheet}.csv"
            if csv.exists():
                grid = _read_csv(csv).to_numpy(dtype=object).tolist()
                tables[table.key] = _raw_table(table, iter(grid), str(csv))
            elif table.required:
                raise _missing_sheet(table, path)
        return tables
    from ..workbook.row_slices import Sheets
    from ..workbook.safety import MASTER_LIMITS, inspect_workbook_bytes, read_workbook_file

    try:  # before calamine sees the file: damage, zip bombs, entity tricks
        data = read_workbook_file(path, MASTER_LIMITS)
        facts = inspect_workbook_bytes(data, str(path), MASTER_LIMITS)
    except WorkbookFileError as exc:
        raise _unreadable(exc, path) from exc
    sheet = None
    try:
        sheets = Sheets(data, facts)
        for table in TABLES:
            if table.sheet not in facts.sheet_parts:
                if table.required:
                    raise _missing_sheet(table, path)
                continue
            sheet = table.sheet
            formulas: dict[int, set[int]] = defaultdict(set)
            for name, row, column in facts.formula_cells:
                if name == table.sheet:
                    formulas[row].add(column)
            with closing(sheets.rows(table.sheet)) as rows:
                tables[table.key] = _raw_table(table, _marked(rows, formulas), str(path))
    except MasterDataError:
        raise
    except WorkbookFileError as exc:
        raise _unreadable(exc, path) from exc
    except Exception as exc:  # calamine raises several types for damaged files
        raise MasterDataError(
            f"无法读取主数据文件（应为 .xlsx 工作簿或 CSV 文件夹）：{type(exc).__name__}",
            code="PS-M004", file=str(path), sheet=sheet) from exc
    return tables


def _unreadable(error: WorkbookFileError, path: Path) -> MasterDataError:
    """The master-data error (PS-M004) for a file the gatekeeper or the sheet reader refused,
    where they said."""
    return MasterDataError(f"无法读取主数据文件：{error.message}", code="PS-M004", file=str(path),
                           sheet=error.sheet, row=error.row)


def _marked(rows: Iterator[Row], formulas: Mapping[int, set[int]]) -> Iterator[Row]:
    """The rows of a sheet from A1, as they are read, where a formula cell that reads as
    empty (``formulas``: row → columns, 1-based) becomes :class:`EmptyFormula`.

    The rows are not held here: :func:`_raw_table` keeps them compressed in blocks as they
    come (texts that repeat, such as the 评价要点 of frameworks copied from a province's,
    compress well; they were once made one object each, which compression made moot).
    """
    for number, row in enumerate(rows, start=1):
        for column in formulas.get(number, ()):
            if column > len(row):  # rows end at their last value (a slice's, or the sheet's)
                row.extend([""] * (column - len(row)))
            if _is_empty(row[column - 1]):
                row[column - 1] = EmptyFormula()
        yield row


class EmptyFormula:
    """Stands in a row for a formula cell without a stored result (never calculated, or
    calculated to nothing): read as empty, it would be reported as a missing value."""

    def __str__(self) -> str:
        return ""


def _read_csv(path: Path) -> pd.DataFrame:
    from ..workbook.safety import check_regular_file

    try:  # a named pipe or a device would make pandas wait forever
        check_regular_file(path)
    except WorkbookFileError as exc:
        raise MasterDataError(f"无法读取 CSV 文件：{exc.message}", code="PS-M004",
                              file=str(path)) from exc
    for encoding in CSV_ENCODINGS:
        try:
            return pd.read_csv(path, header=None, dtype=object, encoding=encoding,
                               keep_default_na=False, skip_blank_lines=False)
        except UnicodeDecodeError:
            continue
        except OSError as exc:
            from ..workbook.safety import os_error_message

            raise MasterDataError(f"无法读取 CSV 文件：{os_error_message(exc)}", code="PS-M004",
                                  file=str(path)) from exc
        except Exception as exc:
            raise MasterDataError(f"无法读取 CSV 文件（{type(exc).__name__}），应为逗号分隔的表格，"
                                  "第 1 行为列标题", code="PS-M004", file=str(path)) from exc
    raise MasterDataError("CSV 文件的编码无法识别（应为 UTF-8 或 GB18030）", code="PS-M004",
                          file=str(path))


def _is_empty(value: Any) -> bool:
    if value.__class__ is str:  # the usual value first: this runs for every cell read
        return not value.strip()
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return isinstance(value, str) and not value.strip()


def _raw_table(table: Table, rows: Iterator[Row], source: str) -> RawTable:
    """Map the header row (the first) to column keys and keep each non-blank row with its row
    number, as the rows are read."""
    header: Row = next(rows, [])
    wanted = {_header_key(column.header): column.key for column in table.columns}
    positions: dict[str, int] = {}
    for position, text in enumerate(header):
        key = wanted.get(_header_key(text)) if not _is_empty(text) else None
        if key and key not in positions:
            positions[key] = position
    missing = [column.header for column in table.columns
               if column.required and column.key not in positions]
    if missing:
        raise MasterDataError(
            f"工作表“{table.sheet}”缺少必需的列：{'、'.join(missing)}（第 1 行应为列标题）",
            code="PS-M001", file=source, sheet=table.sheet, row=1)
    kept: PackedRows[dict[str, Any]] = PackedRows()
    for number, values in enumerate(rows, start=2):
        row = {key: values[position] if position < len(values) else None
               for key, position in positions.items()}
        if all(_is_empty(value) for value in row.values()):
            continue
        row["_row"] = number
        kept.append(row)
    return RawTable(table, source, kept)


def read_master(path: str | Path) -> dict[str, RawTable]:
    """Read the tables of a master data file (.xlsx) or folder of CSV files.

    Args:
        path: An .xlsx/.xlsm workbook, a folder holding ``单位.csv`` …, or one of those CSVs.

    Returns:
        Table key → :class:`RawTable`; the optional framework table only when present.

    Raises:
        MasterDataError: PS-M004 unreadable file, PS-M001 a required sheet or column missing.
    """
    path = Path(path)
    try:
        path.stat()
    except OSError as exc:
        from ..workbook.safety import os_error_message

        raise MasterDataError(f"无法读取主数据文件：{os_error_message(exc)}", code="PS-M004",
                              file=str(path)) from exc
    return _read_tables(path)


def _missing_sheet(table: Table, path: Path) -> MasterDataError:
    return MasterDataError(f"主数据缺少工作表“{table.sheet}”（CSV 时为文件 {table.sheet}.csv）",
                           code="PS-M001", file=str(path))


# --------------------------------------------------------------------------- cell values


#: Column kind → the :class:`_RowReader` method that reads it (``points``: :meth:`_RowReader.read`).
_READERS: dict[str, str] = {"text": "text", "code": "unit_code", "number": "number",
                            "year": "year"}


class _RowReader:
    """Reads the cells of one row, collecting problems located at sheet, row and column."""

    def __init__(self, raw: RawTable, row: Mapping[str, Any]) -> None:
        self.raw = raw
        self.row = row
        self.problems: list[PerfscoreError] = []

    def error(self, key: str | None, message: str, code: str = "PS-M003") -> PerfscoreError:
        """A problem at this row (and the column of ``key``), remembered and returned."""
        error = MasterDataError(message, code=code)
        self.locate(error, key)
        return error

    def locate(self, error: PerfscoreError, key: str | None) -> None:
        """Remember an error raised elsewhere (rule or value parsing), located here."""
        self.problems.append(self.at(error, key))

    def at(self, error: PerfscoreError, key: str | None) -> PerfscoreError:
        """``error`` located at this row and the column of ``key`` (not remembered: a warning)."""
        header = self.raw.table.column(key).header if key else None
        return error.located(file=self.raw.source, sheet=self.raw.table.sheet,
                             row=int(self.row["_row"]), column=header)

    def text(self, key: str) -> str:
        """The cell as text (numbers typed into text cells read as written: 1001, not 1001.0)."""
        value = self.row.get(key)
        if value.__class__ is str:
            # The usual cell, read without a problem: answered before the column is looked up
            # (this runs for every text cell of the master data).
            text = value.strip()
            if text and len(text) <= CELL_LIMIT and not _ILLEGAL.search(text):
                return text
        column = self.raw.table.column(key)
        if isinstance(value, EmptyFormula):
            self.error(key, f"“{column.header}”单元格是公式且没有可读的结果，应直接填写文字"
                            "（不要用公式，如 =HYPERLINK(…)）")
            return ""
        if _is_empty(value):
            if column.required:
                self.error(key, f"“{column.header}”不能为空")
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).strip()
        if _ILLEGAL.search(text):
            self.error(key, f"“{column.header}”含有无法写入工作簿的控制字符")
            return _ILLEGAL.sub("", text)
        if len(text) > CELL_LIMIT:
            self.error(key, f"“{column.header}”有 {len(text)} 个字符，超过 Excel 单元格上限 "
                            f"{CELL_LIMIT} 个字符")
            return text[:CELL_LIMIT]
        return text

    def unit_code(self, key: str) -> str:
        """The cell as a unit code: NFKC (full-width letters and digits become ASCII), without
        invisible characters (zero-width spaces, BOMs, other format characters) and spaces.

        A unit code names the unit's files and joins the tables, so ``３２０１００`` and
        ``320100`` followed by a zero-width space copied from a web page are the same unit.
        """
        text = self.text(key)
        if text.isascii() and text.isalnum():  # the usual code: nothing to normalise or drop
            return text
        text = unicodedata.normalize("NFKC", text)
        code = "".join(ch for ch in text
                       if not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc"))
        column = self.raw.table.column(key)
        if text and not code and column.required:  # looks empty, and is said so
            self.error(key, f"“{column.header}”不能为空（单元格中只有空格或不可见字符）")
        return code

    def read(self, column: Column) -> Any:
        """The cell of ``column``, read as its kind says."""
        if column.kind == "points":
            return self.number(column.key, POINTS_EXPECTED)
        read: Callable[[str], Any] = getattr(self, _READERS[column.kind])
        return read(column.key)

    def number(self, key: str, expected: str = "金额（万元），如 7056.22") -> float | None:
        """The cell as a number (``7,056.22``, ``７０５６．２２`` and ``7056.22万元`` read alike);
        ``expected`` says in messages what the cell should hold."""
        value = self.row.get(key)
        column = self.raw.table.column(key)
        if isinstance(value, EmptyFormula):
            self.error(key, f"“{column.header}”单元格是公式且没有计算结果，应直接填写数字"
                            "（或在 Excel 中重新计算后保存）")
            return None
        if _is_empty(value):
            if column.required:
                self.error(key, f"“{column.header}”不能为空，应为{expected}")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number = float(value)  # a hand-made <v>1e309</v> reads as infinity
        else:
            text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace(" ", "")
            text = text.removesuffix("万元")
            try:
                number = float(text)
            except ValueError:
                self.error(key, f"“{column.header}”的值“{excerpt(value)}”不是数字，应为{expected}")
                return None
        if not math.isfinite(number):
            self.error(key, f"“{column.header}”的值“{excerpt(value)}”不是有限的数字")
            return None
        return number

    def year(self, key: str) -> int | None:
        """The cell as a year between 1990 and 2100."""
        number = self.number(key, YEAR_EXPECTED)
        if number is None:
            return None
        if not number.is_integer() or not 1990 <= number <= 2100:
            self.error(key, f"年度“{number:g}”无效，应为{YEAR_EXPECTED}")
            return None
        return int(number)


# --------------------------------------------------------------------------- framework


def _framework_from_rows(raw: RawTable, rows: list[dict[str, Any]], title: str,
                         strict: bool = False, warnings: list[PerfscoreError] | None = None
                         ) -> tuple[Framework | None, list[PerfscoreError]]:
    """Build one framework from its rows (form order); returns it (None if broken) and problems.

    A rule the reader cannot read is a warning (PS-R007, added to ``warnings``): its item is
    scored by the evaluator. ``strict`` makes it a problem (the rule's own error).
    """
    problems: list[PerfscoreError] = []
    nodes: dict[str, dict[str, Any]] = {}
    readers: dict[str, _RowReader] = {}
    sections: list[dict[str, Any]] = []
    for row in rows:
        reader = _RowReader(raw, row)
        code, typed = reader.text("code"), reader.text("name")
        points = reader.number("points", POINTS_EXPECTED)
        label_code, label_name, label_points = parse_label(typed)
        name = typed
        if label_code and (not code or label_code == code):
            code, name = label_code, label_name
        elif label_points is not None:
            name = f"{label_code}{label_name}"
        if points is None:
            points = label_points
        elif label_points is not None and label_points != points and warnings is not None:
            # The 分值 column counts; the bracket is not printed. Said, since the name changes.
            warnings.append(reader.at(FrameworkError(
                f"指标 {code} 的名称“{typed}”中写有 {label_points:g} 分，与分值列的 "
                f"{points:g} 分不同：按分值列的 {points:g} 分计分，名称中的分值不再打印",
                code="PS-F010"), "name"))
        role_word = reader.text("role")
        problems.extend(reader.problems)
        if not _CODE.match(code):
            problems.append(reader.error(
                "code", f"指标编码“{code}”无法识别，应为 A、A1、A11 这样的编码", "PS-F006"))
            continue
        if code in nodes:
            problems.append(reader.error("code", f"指标编码 {code} 重复", "PS-F003"))
            continue
        level = min(len(code), 3)
        parent = None
        if level > 1:
            parent = nodes.get(code[0] if level == 2 else code[:2])
            if parent is None:
                problems.append(reader.error(
                    "code", f"指标 {code} 的上级指标不在它之前（应先列出上级指标）", "PS-F006"))
                continue
        if role_word and role_word not in ROLE_WORDS:
            problems.append(reader.error(
                "role", f"类别“{role_word}”无法识别，应为{'、'.join(ROLE_WORDS)}之一"))
            continue
        role = ROLE_WORDS.get(role_word) or (parent["role"] if parent else "score")
        node = {"code": code, "name": name, "points": points, "role": role,
                "description": reader.text("description"), "rule_text": reader.text("rule_text"),
                "notation": reader.text("notation") if "notation" in row else "", "children": []}
        nodes[code] = node
        readers[code] = reader
        (parent["children"] if parent else sections).append(node)
    if problems:
        return None, problems
    if not sections:
        return None, problems
    framework = Framework.from_dict({"title": title, "sections": sections})
    for item in framework.walk():
        reader = readers[item.code]
        if not item.is_leaf:
            continue
        if item.points is None and item.role in ("score", "bonus"):
            problems.append(reader.error("points", f"指标 {item.code} {item.name} 缺少分值"))
            continue
        if not item.rule_text:
            problems.append(reader.error(
                "rule_text", f"指标 {item.code} {item.name} 缺少评价要点（评分规则）", "PS-R005"))
            continue
        column = "notation" if item.notation else "rule_text"
        try:
            rule = item.rule(strict=strict)
        except PerfscoreError as exc:
            reader.locate(exc, column)
            problems.append(exc)
            continue
        if rule.unread is not None and warnings is not None:
            warning = RuleError(MESSAGES["unread_item"].format(
                code=item.code, name=item.name, message=MESSAGES["rule_unread"].format(
                    detail=rule.unread.detail)), code="PS-R007")
            warnings.append(reader.at(warning, column))
    for issue in framework.problems():
        reader = readers.get(issue.item) or readers[framework.sections[0].code]
        problems.append(reader.error("points" if issue.item else None, issue.message, issue.code))
    return (None if problems else framework), problems


# --------------------------------------------------------------------------- validation


def _default_framework() -> Framework:
    from ..example import load_example

    return load_example().framework


def validate(tables: Mapping[str, RawTable], strict: bool = False, pack: bool = False,
             spool: SpoolWriter | None = None) -> MasterData:
    """Validate the tables row by row and build every unit without problems.

    Checks: required cells, numbers and years; duplicate unit codes (both rows fail: which
    indicators belong to which is unknowable); 资金总额 against 基本支出 + 项目支出, 半年 ≤ 全年,
    no negative sums; every indicator value readable; indicator and framework rows naming
    unknown units; framework codes, parents, points, rules and sums.

    Args:
        tables: What :func:`read_master` returned.
        strict: Refuse a rule the reader cannot read (otherwise a warning, PS-R007).
        pack: Pack each good unit (and project) as a :class:`Parcel` as soon as it is built
            (:attr:`MasterData.parcels`), so that the units are never all held as objects; a
            unit's parcel says which units the fill hands its workers together
            (:func:`.fill.unit_group`).
        spool: Where the parcels' bytes are written, when packed (kept in memory without).

    Returns:
        The :class:`MasterData`: the good units and every problem.

    Raises:
        MasterDataError: PS-M003 when the 单位 table has no unit at all: one clear error, not
            one "unknown unit" problem per indicator row.
    """
    from .fill import unit_group

    problems: list[PerfscoreError] = []
    per_unit: dict[str, list[PerfscoreError]] = defaultdict(list)
    units_raw = tables["units"]
    if not units_raw.rows:
        raise MasterDataError(f"“{UNITS.sheet}”表没有任何单位：应在表头下每行填写一个单位",
                              code="PS-M003", file=units_raw.source, sheet=UNITS.sheet)
    parsed_units: list[tuple[_RowReader, dict[str, Any]]] = []
    first_row: dict[str, int] = {}
    first_name: dict[str, str] = {}
    for row in units_raw.rows:
        reader = _RowReader(units_raw, row)
        values: dict[str, Any] = {}
        for column in units_raw.table.columns:
            values[column.key] = reader.read(column)
        code = values["code"]
        if code in first_row:
            reader.error("code", f"单位编码 {code} 重复（第 {first_row[code]} 行已使用）", "PS-M002")
        elif code:  # a row without a readable code is its own problem, never a duplicate
            first_row[code] = int(row["_row"])
            first_name[code] = values["name"]
        per_unit[code].extend(reader.problems)
        parsed_units.append((reader, values))

    indicators: PackedGroups[TargetIndicator] = PackedGroups()
    unknown = _UnknownCodes()
    indicator_raw = tables["indicators"]
    for row in indicator_raw.rows:
        reader = _RowReader(indicator_raw, row)
        values = {column.key: reader.read(column) for column in indicator_raw.table.columns}
        code = values.pop("unit_code")
        for key in ("half_value", "full_value"):
            if values[key]:
                try:
                    parse_target(values[key])
                except PerfscoreError as exc:
                    reader.locate(exc, key)
        if code and code not in first_row:
            unknown.add(code, reader)
            problems.extend(reader.problems)
            continue
        per_unit[code].extend(reader.problems)
        indicators.add(code, TargetIndicator(**values))
    indicators.close()
    problems.extend(unknown.errors("unit_code", UNITS))

    warnings: list[PerfscoreError] = []
    frameworks = _Frameworks(tables.get("framework"), first_row, problems, strict, warnings)

    units: list[Unit | Parcel] = []
    failed: list[str] = []
    unnamed: dict[int, tuple[str, tuple[PerfscoreError, ...]]] = {}
    repeated: dict[int, tuple[str, str, tuple[PerfscoreError, ...]]] = {}
    seen: set[str] = set()
    for reader, values in parsed_units:
        code = values["code"]
        own: Framework | None = None
        if code and code not in seen:
            own, found, has_own = frameworks.take(code)
            relying = None if has_own else frameworks.relying_problem(code)
            if relying:
                found = [reader.error(None, relying)]
            per_unit[code].extend(found)
        if code and code not in indicators and code not in seen:
            per_unit[code].append(reader.error(
                None, f"单位 {code} 在“绩效指标”表中没有指标行", "PS-M003"))
        funding_problems: list[PerfscoreError] = []
        if None not in (values["annual_basic"], values["annual_project"],
                        values["half_basic"], values["half_project"]):
            funding = Funding(values["annual_basic"], values["annual_project"],
                              values["half_basic"], values["half_project"])
            for error in funding.problems(values["annual_total"], values["half_total"]):
                key = {"PS-G001": "annual_total" if "全年" in error.message else "half_total",
                       "PS-G002": "half_basic" if "基本" in error.message else "half_project"
                       }.get(error.code)
                reader.locate(error, key)
                funding_problems.append(error)
        per_unit[code].extend(funding_problems)
        period = DEFAULT_PERIOD
        if values["period"]:
            try:
                period = parse_period(values["period"])
            except PerfscoreError as exc:
                reader.locate(exc, "period")
                per_unit[code].append(reader.problems[-1])
        for key in ("adjusted", "appropriation", "spent"):
            if values[key] is not None and values[key] < 0:
                per_unit[code].append(reader.error(
                    key, f"{UNITS.column(key).header}为负数，应为不小于 0 的金额（万元）", "PS-G003"))
            elif values[key] is not None and values[key] > MAX_AMOUNT:
                per_unit[code].append(reader.error(
                    key, f"{UNITS.column(key).header} {values[key]:g} 过大，应为以万元计的金额"))
        if None not in (values["adjusted"], values["appropriation"]) and \
                values["appropriation"] > values["adjusted"]:
            per_unit[code].append(reader.error(
                "appropriation", f"{UNITS.column('appropriation').header} {values['appropriation']:g} 大于"
                                 f"{UNITS.column('adjusted').header} {values['adjusted']:g}"))
        if per_unit.get(code) or not code or code in seen:
            if code and code not in failed:
                failed.append(code)
            if not code:
                unnamed[int(reader.row["_row"])] = (values["name"], tuple(reader.problems))
            elif first_row[code] != int(reader.row["_row"]):
                repeated[int(reader.row["_row"])] = (code, values["name"], tuple(reader.problems))
            seen.add(code)
            continue
        seen.add(code)
        framework = own or frameworks.shared or _default_framework()
        framework = replace(framework, title=f"{values['name']}{FRAMEWORK_TITLE_SUFFIX}")
        form_fields = {key: values[key] for key in TARGET_LONG_TEXT_KEYS}
        if values["city"]:
            form_fields["city"] = values["city"]
        target_form = TargetForm(unit_name=values["name"], year=values["year"], funding=funding,
                                 unit_code=code, indicators=tuple(indicators.pop(code) or ()),
                                 **form_fields)
        finances = Finances(values["adjusted"], values["appropriation"], values["spent"])
        unit = Unit(code, values["name"], values["year"], int(reader.row["_row"]), target_form,
                    framework, period, finances)
        units.append(Parcel.of(unit, unit_group(unit), spool) if pack else unit)
    for code in first_row:
        problems.extend(per_unit.get(code, ()))
    problems.extend(per_unit.get("", ()))  # the rows without a readable code
    by_unit = {code: tuple(per_unit.get(code, ())) for code in failed}
    for code in {code for code, _, _ in repeated.values()}:
        # the first row of a duplicated code, named as typed there: that its code repeats (said
        # here for the manifest; the problem is reported at the later rows), then the code's
        # problems but those its later rows list as their own
        rows = [row for row, (other, _, _) in sorted(repeated.items()) if other == code]
        later = {id(error) for row in rows for error in repeated[row][2]}
        here = MasterDataError(
            f"单位编码 {code} 在第 {'、'.join(map(str, rows))} 行重复，这几行都不生成",
            code="PS-M002").located(file=units_raw.source, sheet=units_raw.table.sheet,
                                    row=first_row[code], column=UNITS.column("code").header)
        repeated[first_row[code]] = (code, first_name[code], (here, *(
            error for error in by_unit[code] if id(error) not in later)))
    repeated = dict(sorted(repeated.items()))
    names: dict[str, str] = {}
    for _, values in parsed_units:
        if values["code"] and values["name"]:
            names.setdefault(values["code"], values["name"])
    projects, failed_projects, orphans = _projects(
        tables.get("projects"), tables.get("project_indicators"), names, first_row)
    problems.extend(orphans)
    for project in failed_projects:
        problems.extend(project.problems)
    problems.sort(key=lambda error: (TABLES.index(_table_of(error.sheet)), error.row or 0))
    warnings.sort(key=lambda error: error.row or 0)  # all on the framework sheet, in file order
    parcels = (*units, *(Parcel.of(project, spool=spool) for project in projects)
               ) if pack else ()
    return MasterData(() if pack else tuple(units), tuple(problems), tuple(failed), by_unit, names,
                      tuple(warnings), _policies(tables.get("policies")),
                      () if pack else projects, failed_projects, parcels=parcels, unnamed=unnamed,
                      repeated=repeated)


def _projects(raw: RawTable | None, raw_indicators: RawTable | None, names: Mapping[str, str],
              unit_rows: Mapping[str, int]
              ) -> tuple[tuple[Project, ...], tuple[FailedProject, ...], list[PerfscoreError]]:
    """Validate the 项目 and 项目绩效指标 tables and build every project without problems.

    Checks, each located at its sheet, row and column: required cells, numbers and years; a
    unit code the 单位 table lacks; duplicate project codes (both rows fail); amounts below 0
    (PS-G003) and a 年度资金总额 that is not the sum of the rows under it (PS-X107); the target
    declaration's 项目属性 (PS-X110) and 中期资金总额 (PS-G003, PS-X107); a profile
    that is unknown or has no workbook yet (PS-P001); indicator rows of an unknown project; a
    目标值 that cannot be read (PS-T001); a 指标期 that is neither 年度 nor 中期, and a 分值 on a
    中期 row (PS-M003, :func:`_indicator_group`); a project without annual indicators; 资金分值
    and annual indicator points not adding up to the profile's 100 (PS-X004). The 中期 rows
    become the declaration's 中期（长期）indicators, never the self-evaluation's.

    Returns:
        The projects without problems, the projects left out (with their problems), and the
        problems of indicator rows that belong to no project.
    """
    orphans: list[PerfscoreError] = []
    if raw is None:
        if raw_indicators is not None and raw_indicators.rows:
            orphans.append(_RowReader(raw_indicators, raw_indicators.rows[0]).error(
                "project_code", f"有“{PROJECT_INDICATORS.sheet}”表，却没有“{PROJECTS.sheet}”表"))
        return (), (), orphans
    per_project: dict[str, list[PerfscoreError]] = defaultdict(list)
    parsed: list[tuple[_RowReader, dict[str, Any]]] = []
    first_row: dict[str, int] = {}
    for row in raw.rows:
        reader = _RowReader(raw, row)
        values = {column.key: reader.read(column) for column in PROJECTS.columns}
        code = values["code"]
        if code in first_row:
            reader.error("code", f"项目编码 {code} 重复（第 {first_row[code]} 行已使用）", "PS-M002")
        elif code:
            first_row[code] = int(row["_row"])
        if values["unit_code"] and values["unit_code"] not in unit_rows:
            reader.error("unit_code", f"单位编码 {values['unit_code']} 不在“{UNITS.sheet}”表中")
        _project_profile(reader, values)
        _project_funds(reader, values)
        _project_declaration(reader, values)
        per_project[code].extend(reader.problems)
        parsed.append((reader, values))

    indicators: dict[str, list[ProjectIndicator]] = defaultdict(list)
    mid_indicators: dict[str, list[DeclaredIndicator]] = defaultdict(list)
    first_indicator: dict[str, _RowReader] = {}
    unknown = _UnknownCodes()
    for row in raw_indicators.rows if raw_indicators is not None else ():
        reader = _RowReader(raw_indicators, row)  # type: ignore[arg-type]
        group = _indicator_group(reader)
        values = {column.key: reader.read(column) for column in PROJECT_INDICATORS.columns
                  if column.key != "period" and (group == "annual" or column.key != "points")}
        code = values["project_code"]
        if not code:  # empty or unreadable (its problem says which): the row belongs to no project
            orphans.extend(reader.problems)
            continue
        if code not in first_row:
            unknown.add(code, reader)
            continue
        if values.get("points") is not None and values["points"] < 0:
            reader.error("points", f"分值 {values['points']:g} 为负数，应为不小于 0 的数", "PS-X005")
        declared = DeclaredIndicator(values["level1"], values["level2"], values["level3"],
                                     values["target"])
        if values["target"]:
            try:
                read_project_target(declared.as_evaluated())
            except PerfscoreError as exc:
                reader.locate(exc, "target")
        per_project[code].extend(reader.problems)
        if group == "mid":
            mid_indicators[code].append(declared)
            continue
        first_indicator.setdefault(code, reader)
        indicators[code].append(replace(declared.as_evaluated(), points=values["points"]))
    orphans.extend(unknown.errors("project_code", PROJECTS))

    projects: list[Project] = []
    failed: list[FailedProject] = []
    seen: set[str] = set()
    for reader, values in parsed:
        code = values["code"]
        rows = indicators.get(code, [])
        if code and not rows and code not in seen:
            per_project[code].append(reader.error(
                None, f"项目 {code} 在“{PROJECT_INDICATORS.sheet}”表中没有"
                      f"{INDICATOR_PERIODS['annual']}指标行"))
        elif code and code not in seen and not per_project.get(code):
            profile = get_profile(values["profile"] or DEFAULT_PROJECT_PROFILE)
            indicator_points = sum(row.points for row in rows)
            if abs(profile.fund_points + indicator_points - profile.total_points) > 1e-6:
                per_project[code].append(first_indicator[code].error(
                    "points", PROJECT_MESSAGES["points_total"].format(
                        funds=profile.fund_points, indicators=indicator_points,
                        total=profile.fund_points + indicator_points,
                        expected=profile.total_points) + f"（项目 {code}）", "PS-X004"))
        if per_project.get(code) or not code or code in seen:
            if code not in seen:
                failed.append(FailedProject(code, values["unit_code"], names.get(values["unit_code"], ""),
                                            values["name"], tuple(per_project.get(code, ()))))
            seen.add(code)
            continue
        seen.add(code)
        unit_name = names.get(values["unit_code"], "")
        funds = {row: FundRow(values[f"initial_{row}"], values[f"budget_{row}"])
                 for row in PROJECT_MASTER_FUND_ROWS
                 if values[f"initial_{row}"] is not None or values[f"budget_{row}"] is not None}
        evaluation = ProjectEvaluation(
            values["name"], department=values["department"],
            unit=values["implementer"] or unit_name, funds=funds, goal_expected=values["goal"],
            indicators=tuple(rows))
        declaration = Declaration(
            values["department_code"], values["attribute"], values["period"],
            DeclaredFunds(*(values[f"mid_{row}"] for row in DECLARATION_FUND_ROWS)),
            values["goal_mid"], tuple(mid_indicators.get(code, ())))
        projects.append(Project(code, values["unit_code"], unit_name, values["year"],
                                int(reader.row["_row"]), evaluation,
                                values["profile"] or DEFAULT_PROJECT_PROFILE, declaration))
    return tuple(projects), tuple(failed), orphans


#: 指标期 as read (after :func:`scoring.normalise.characters`) → group key: the dropdown's words
#: (:data:`scoring.project.vocab.INDICATOR_PERIODS`) and their synonyms.
_PERIOD_READINGS: dict[str, str] = {
    characters(word): key for key, word in INDICATOR_PERIODS.items()} | {
    characters(word): key for word, key in INDICATOR_PERIOD_SYNONYMS.items()}


def _indicator_group(reader: _RowReader) -> str:
    """The group (key of :data:`scoring.project.vocab.INDICATOR_GROUPS`) of a 项目绩效指标 row, by
    its 指标期: blank or 年度 is ``annual``, 中期 (or 长期, 中期（长期）) is ``mid``. Another value is
    PS-M003 (the row then counts as annual, so its other cells are still checked). A mid-term row
    is not scored: a 分值 on it is PS-M003 too (a row meant as annual with the wrong 指标期 would
    otherwise go missing from the self-evaluation)."""
    typed = reader.text("period")  # as typed: a year typed as a number reads 2025, not 2025.0
    text = characters(typed)
    header = PROJECT_INDICATORS.column("period").header
    if text and text not in _PERIOD_READINGS:
        reader.error("period", PROJECT_MESSAGES["period_unknown"].format(
            header=header, value=excerpt(typed),
            choices="、".join(INDICATOR_PERIODS.values()), default=INDICATOR_PERIODS["annual"]))
    group = _PERIOD_READINGS.get(text, "annual")
    if group == "mid" and not _is_empty(reader.row.get("points")):
        reader.error("points", PROJECT_MESSAGES["mid_points"].format(
            header=PROJECT_INDICATORS.column("points").header, period=header,
            annual=INDICATOR_PERIODS["annual"]))
    return group


def _project_funds(reader: _RowReader, values: dict[str, Any]) -> None:
    """Amounts of a project row: none below 0 (PS-G003), and the total the sum of the rows under
    it on the project's profile's form wherever both are given (PS-X107, within
    :data:`scoring.project.review.MONEY_TOLERANCE`; 湖北黄冈's form has no rows under its total).
    An unknown profile (reported by :func:`_project_profile`) has no sum to check."""
    profile = PROJECT_PROFILES.get(values["profile"] or DEFAULT_PROJECT_PROFILE)
    total, *parts = [key for key, _ in profile.fund_rows] if profile else ["total"]
    _no_negative_amounts(reader, values, [f"{amount}_{row}" for row in PROJECT_MASTER_FUND_ROWS
                                          for amount in PROJECT_AMOUNTS])
    for amount in PROJECT_AMOUNTS:
        key = f"{amount}_{total}"
        for issue in sum_issues(f"funds.{total}", PROJECTS.column(key).header, values[key],
                                [(PROJECT_MASTER_FUND_ROWS[row], values[f"{amount}_{row}"])
                                 for row in parts]):
            reader.error(key, issue.message, issue.code)


def _no_negative_amounts(reader: _RowReader, values: dict[str, Any], keys: list[str]) -> None:
    """PS-G003 for each amount below 0 among ``keys``; such an amount is then left blank."""
    for key in keys:
        if values[key] is not None and values[key] < 0:
            reader.error(key, f"{PROJECTS.column(key).header}为负数，应为不小于 0 的金额（万元）",
                         "PS-G003")
            values[key] = None


def _project_declaration(reader: _RowReader, values: dict[str, Any]) -> None:
    """The columns only the target declaration takes: a 项目属性 that is neither 新增项目 nor
    延续项目 (PS-X110), 中期 amounts below 0 (PS-G003), a 中期资金总额 that is not 财政拨款 + 其他资金
    (PS-X107, within :data:`scoring.project.review.MONEY_TOLERANCE`). Blank cells are fine."""
    attribute = characters(values["attribute"])
    choices = tuple(PROJECT_ATTRIBUTES.values())
    if attribute and attribute not in choices:
        reader.error("attribute", PROJECT_MESSAGES["attribute_unknown"].format(
            where=f"“{PROJECTS.column('attribute').header}”", value=values["attribute"],
            choices="、".join(choices)), "PS-X110")
    values["attribute"] = attribute
    _no_negative_amounts(reader, values, [f"mid_{row}" for row in DECLARATION_FUND_ROWS])
    total, *parts = DECLARATION_FUND_ROWS
    for issue in sum_issues("funds.mid", _MID, values[f"mid_{total}"],
                            [(DECLARATION_FUND_ROWS[row], values[f"mid_{row}"]) for row in parts]):
        reader.error(f"mid_{total}", issue.message, issue.code)


def _project_profile(reader: _RowReader, values: dict[str, Any]) -> None:
    """The 评分口径 cell: empty (national) or a shipped profile by its short name (全国, 四川,
    湖北黄冈), title or key (PS-P001 otherwise; the project then keeps the key), and no amounts on
    a funds row the profile's copy of the form does not have (PS-P001: 湖北 has only its total,
    四川 has no 当年财政拨款 or 上年结转资金 row, the national form no 财政资金 row)."""
    try:
        profile = get_profile(values["profile"] or DEFAULT_PROJECT_PROFILE)
    except PerfscoreError as exc:
        reader.locate(exc, "profile")
        return
    values["profile"] = profile.key
    rows = dict(profile.fund_rows)
    for row, label in PROJECT_MASTER_FUND_ROWS.items():
        for amount in PROJECT_AMOUNTS:
            if row not in rows and values[f"{amount}_{row}"] is not None:
                reader.error(f"{amount}_{row}", f"评分口径“{profile.title}”的项目自评表没有"
                             f"“{label}”一行，请留空", "PS-P001")


def _policies(raw: RawTable | None) -> Policies:
    """The policies of the 评分口径 sheet.

    A policy changes how every unit is scored, so a row that cannot be read stops the run
    rather than failing some units or scoring them under a policy nobody chose.

    Raises:
        MasterDataError: PS-P001 located at the row, for an unknown 口径 or a bad 取值.
    """
    if raw is None:
        return DEFAULT_POLICIES
    policies = DEFAULT_POLICIES
    for row in raw.rows:
        reader = _RowReader(raw, row)
        setting, value = reader.text("setting"), reader.text("value")
        if reader.problems:
            raise reader.problems[0]
        try:
            policies = parse_policies(f"{setting}={value}".replace(SETTING_SEPARATOR, ""), policies)
        except PerfscoreError as exc:
            raise MasterDataError(exc.message, code=exc.code, file=raw.source,
                                  sheet=raw.table.sheet, row=int(row["_row"])) from None
    return policies


def _table_of(sheet: str | None) -> Table:
    for table in TABLES:
        if table.sheet == sheet:
            return table
    return UNITS


class _UnknownCodes:
    """Rows naming a code that the 单位 (or 项目) sheet lacks, per code: the first row and the
    row numbers of all, for one problem per code (:meth:`errors`): a unit code mistyped (or
    unreadable) in the 单位 sheet would otherwise give one message per indicator row."""

    def __init__(self) -> None:
        self._first: dict[str, _RowReader] = {}
        self._rows: dict[str, list[int]] = defaultdict(list)

    def add(self, code: str, reader: _RowReader) -> None:
        """Note the row of ``reader``, whose code ``code`` is unknown."""
        self._first.setdefault(code, reader)
        self._rows[code].append(int(reader.row["_row"]))

    def errors(self, key: str, table: Table) -> list[PerfscoreError]:
        """One problem per code, at the column ``key`` of its first row, with how many rows use
        it and which: ``单位编码 999 不在“单位”表中（本表共 4 行使用此编码：第 2–4、7 行）``."""
        errors: list[PerfscoreError] = []
        for code, reader in self._first.items():
            rows = self._rows[code]
            message = f"{table.column('code').header} {code} 不在“{table.sheet}”表中"
            if len(rows) > 1:
                message += f"（本表共 {len(rows)} 行使用此编码：{_row_list(rows)}）"
            errors.append(reader.error(key, message))
        return errors


#: Ranges of rows a message lists before it says 等 (and how many rows in all).
_LISTED_RANGES = 5


def _row_list(numbers: list[int]) -> str:
    """Row numbers as people read them: ``第 2–44、50 行``; after :data:`_LISTED_RANGES` ranges
    the rest is 等 (``第 1、3、5、7、9 行等``)."""
    ranges: list[list[int]] = []
    for number in sorted(set(numbers)):
        if ranges and number == ranges[-1][1] + 1:
            ranges[-1][1] = number
        else:
            ranges.append([number, number])
    shown = "、".join(str(first) if first == last else f"{first}–{last}"
                     for first, last in ranges[:_LISTED_RANGES])
    return f"第 {shown} 行{'等' if len(ranges) > _LISTED_RANGES else ''}"


class _Frameworks:
    """The 评价指标框架 sheet as validation uses it: its rows grouped by unit code, the shared
    framework (rows without a unit code) built at once, and each unit's own framework built
    when its unit is validated (:meth:`take`), so that a thousand units' frameworks are never
    all held at once (issue #13).

    A broken shared framework fails every unit that relies on it (:meth:`relying_problem`; the
    caller says so at each such unit's row), and so do rows whose 单位编码 cannot be read; a
    broken own framework fails only its unit. Rows naming a unit the 单位 sheet lacks, or whose
    单位编码 cannot be read, are ``problems``.
    """

    def __init__(self, raw: RawTable | None, unit_rows: Mapping[str, int],
                 problems: list[PerfscoreError], strict: bool,
                 warnings: list[PerfscoreError]) -> None:
        self.raw = raw
        self.strict = strict
        self.warnings = warnings
        self.groups: PackedGroups[dict[str, Any]] = PackedGroups()
        #: The framework of the rows without a unit code (None: no such rows, or broken).
        self.shared: Framework | None = None
        self.shared_broken = False
        #: Some rows' 单位编码 cannot be read: they may belong to any unit, or be shared rows.
        self.unreadable_rows = False
        if raw is None:
            return
        unknown = _UnknownCodes()
        for row in raw.rows:
            reader = _RowReader(raw, row)
            code = reader.unit_code("unit_code")
            if reader.problems:  # a formula without a result: whose row it is cannot be known
                problems.extend(reader.problems)
                self.unreadable_rows = True
                continue
            if code and code not in unit_rows:
                unknown.add(code, reader)
                continue
            self.groups.add(code, row)
        self.groups.close()
        problems.extend(unknown.errors("unit_code", UNITS))
        rows = self.groups.pop("")
        if rows is not None:
            self.shared, found = _framework_from_rows(raw, rows, FRAMEWORK_TITLE_SUFFIX, strict,
                                                      warnings)
            problems.extend(found)
            self.shared_broken = bool(found)

    def take(self, code: str) -> tuple[Framework | None, list[PerfscoreError], bool]:
        """The unit's own framework (None without one, or when broken), its problems, and
        whether the unit has rows of its own here (without them it relies on the shared
        framework). Once per unit code: its rows are let go."""
        rows = self.groups.pop(code)
        if rows is None:
            return None, [], False
        assert self.raw is not None
        framework, found = _framework_from_rows(self.raw, rows, FRAMEWORK_TITLE_SUFFIX,
                                                self.strict, self.warnings)
        return framework, found, True

    def relying_problem(self, code: str) -> str | None:
        """Why a unit without rows of its own here (relying on the shared framework) cannot be
        generated, or None: the shared framework is broken, or some rows' 单位编码 cannot be
        read (they may be the unit's own rows: it is never built with a framework that may be
        the wrong one)."""
        if self.shared_broken:
            return (f"单位 {code} 没有单独的评价指标框架，所用的通用框架有错误"
                    f"（见“{FRAMEWORK.sheet}”表的问题），无法生成自评表")
        if self.unreadable_rows:
            return (f"单位 {code} 没有单独的评价指标框架，而“{FRAMEWORK.sheet}”表中有单位编码无法读取的行"
                    "（见该表的问题），无法确定本单位所用的框架，无法生成自评表")
        return None


def load_master(path: str | Path, strict: bool = False, pack: bool = False,
                spool: str | None = None) -> MasterData:
    """Read and validate a master data file: :func:`read_master` then :func:`validate`.

    Args:
        path: The master file or folder.
        strict: Refuse a rule the reader cannot read (otherwise a warning, PS-R007).
        pack: Give the good units and projects as parcels (:attr:`MasterData.parcels`).
        spool: A spool file (:class:`.packed.Spool`) the parcels' bytes are appended to.
    """
    tables = read_master(path)
    if spool is None:
        return validate(tables, strict, pack)
    try:
        with SpoolWriter(spool) as writer:
            return validate(tables, strict, pack, writer)
    except SpoolError as exc:
        raise temporary_file_error(exc, spool) from exc


def load_master_isolated(path: str | Path, strict: bool = False) -> MasterData:
    """:func:`load_master` in a worker process (:func:`.workers.call_isolated`), as
    ``perfscore fill`` reads the master data: a file that kills or exhausts its reader costs a
    message (PS-M004), and what reading takes on the way (the sheets, the rows) is given back
    when the worker ends. The good units and projects come back as parcels (:class:`Parcel`, in
    :attr:`MasterData.parcels`, packed by the worker into a spool file, :class:`.packed.Spool`,
    which each parcel keeps alive), so the caller holds neither them as objects nor their bytes:
    a fill needs only their names until a worker opens each. Where workers are forked, the file
    is then sealed (:meth:`.packed.Spool.seal`): nothing is left in the temporary folder however
    the run ends.

    Raises:
        WorkbookFileError: PS-W001 when no temporary file can be made or written.
    """
    from functools import partial

    from .workers import MASTER_READ_LIMITS, call_isolated, forks

    try:
        spool = Spool()
    except OSError as exc:
        raise temporary_file_error(exc) from exc
    master = call_isolated(partial(load_master, strict=strict, pack=True, spool=spool.path), path,
                           limits=MASTER_READ_LIMITS, error=lambda code, message: MasterDataError(
                               f"无法读取主数据文件：{message}", code="PS-M004", file=str(path)))
    if forks():
        try:
            spool.seal()
        except OSError:
            pass  # left in its folder, removed when the parcels are released (as on Windows)
    return replace(master, parcels=tuple(
        replace(parcel, data=replace(parcel.data, owner=spool))
        if isinstance(parcel.data, Spooled) else parcel for parcel in master.parcels))


# --------------------------------------------------------------------------- writing


def frames_for_units(units: Iterable[tuple[str, TargetForm]],
                     framework: Framework | None = None,
                     finances: Mapping[str, Finances] | None = None,
                     projects: Iterable[Project] = ()) -> dict[str, pd.DataFrame]:
    """Master data tables (sheet name → DataFrame with Chinese headers) for the given units.

    Args:
        units: (unit code, target form) pairs.
        framework: Written as the shared framework (rows without a unit code) when given.
        finances: Unit code → the report's finances, for the units that have them.
        projects: The projects of the 项目 and 项目绩效指标 sheets (written with their headers
            even when there is none, so the blank master file shows the sheets).
    """
    unit_rows, indicator_rows = [], []
    for code, form in units:
        funding = form.funding
        values = {"code": code, "name": form.unit_name, "year": form.year, "city": form.city,
                  **{key: getattr(form, key) for key in TARGET_LONG_TEXT_KEYS},
                  "annual_total": funding.annual_total, "annual_basic": funding.annual_basic,
                  "annual_project": funding.annual_project, "half_total": funding.half_total,
                  "half_basic": funding.half_basic, "half_project": funding.half_project,
                  "period": ""}
        given = (finances or {}).get(code, Finances())
        values.update(adjusted=given.adjusted, appropriation=given.appropriation, spent=given.spent)
        unit_rows.append([values[column.key] for column in UNITS.columns])
        for indicator in form.indicators:
            values = {"unit_code": code, **indicator.__dict__}
            indicator_rows.append([values[column.key] for column in INDICATORS.columns])
    frames = {UNITS.sheet: pd.DataFrame(unit_rows, columns=UNITS.headers),
              INDICATORS.sheet: pd.DataFrame(indicator_rows, columns=INDICATORS.headers)}
    framework_rows = []
    for item in (framework.walk() if framework else ()):
        values = {"unit_code": "", "code": item.code, "name": item.name, "points": item.points,
                  "role": ROLE_LABELS[item.role] if item.level == 1 or item.role != "score" else "",
                  "description": item.description, "rule_text": item.rule_text,
                  "notation": item.notation}
        framework_rows.append([values[column.key] for column in FRAMEWORK.columns])
    frames[FRAMEWORK.sheet] = pd.DataFrame(framework_rows, columns=FRAMEWORK.headers)
    frames[POLICY_TABLE.sheet] = policy_frame(DEFAULT_POLICIES)
    frames.update(project_frames(projects))
    return frames


def project_frames(projects: Iterable[Project]) -> dict[str, pd.DataFrame]:
    """The 项目 and 项目绩效指标 sheets (sheet name → DataFrame) of ``projects``."""
    project_rows, indicator_rows = [], []
    for project in projects:
        evaluation = project.evaluation
        values: dict[str, Any] = {
            "unit_code": project.unit_code, "year": project.year, "name": evaluation.name,
            "code": project.code, "department": evaluation.department,
            "implementer": evaluation.unit, "goal": evaluation.goal_expected,
            "profile": get_profile(project.profile).name}
        declared = project.declaration
        values.update(department_code=declared.department_code, attribute=declared.attribute,
                      period=declared.period, goal_mid=declared.goal_mid,
                      **{f"mid_{row}": getattr(declared.mid, row) for row in DECLARATION_FUND_ROWS})
        for row in PROJECT_MASTER_FUND_ROWS:
            for amount in PROJECT_AMOUNTS:
                values[f"{amount}_{row}"] = getattr(evaluation.funds.get(row), amount, None)
        project_rows.append([values[column.key] for column in PROJECTS.columns])
        # the annual rows (指标期 blank, with their 分值), then the declaration's 中期（长期）rows
        rows: list[tuple[ProjectIndicator | DeclaredIndicator, Any, str]] = [
            (indicator, indicator.points, "") for indicator in evaluation.indicators] + [
            (indicator, None, INDICATOR_PERIODS["mid"]) for indicator in declared.mid_indicators]
        for indicator, points, period in rows:
            values = {"project_code": project.code, "level1": indicator.level1,
                      "level2": indicator.level2, "level3": indicator.name,
                      "target": indicator.target, "points": points, "period": period}
            indicator_rows.append([values[column.key] for column in PROJECT_INDICATORS.columns])
    return {PROJECTS.sheet: pd.DataFrame(project_rows, columns=PROJECTS.headers),
            PROJECT_INDICATORS.sheet: pd.DataFrame(indicator_rows, columns=PROJECT_INDICATORS.headers)}


def policy_frame(policies: Policies) -> pd.DataFrame:
    """The 评分口径 sheet stating every settable policy of ``policies`` (the defaults show the
    bureau what it may change, in the words it may write)."""
    return pd.DataFrame([(setting.label, setting.show(getattr(policies, setting.key)))
                         for setting in SETTINGS], columns=POLICY_TABLE.headers)


def example_frames() -> dict[str, pd.DataFrame]:
    """The master data of the built-in example: one unit, its indicators, the standard framework."""
    from ..example import load_example

    example = load_example()
    return frames_for_units([(EXAMPLE_UNIT_CODE, example.target_form)], example.framework,
                            {EXAMPLE_UNIT_CODE: example.finances}, [example_master_project()])


#: The unit code the built-in example gets in master data (the source documents show none).
EXAMPLE_UNIT_CODE = "001001"
#: The project code of the invented example project (:func:`scoring.project.example.example_project`).
EXAMPLE_PROJECT_CODE = "001001-001"


def example_master_project() -> Project:
    """The invented example project as master data holds it (under the example unit): its form
    as issued, without the unit's 全年执行数, 实际完成值 and reasons, and what its target
    declaration adds (:func:`scoring.project.example.example_target`)."""
    from ..example import load_example
    from ..project.example import EXAMPLE_YEAR, example_project, example_target

    example = example_project()
    issued = replace(
        example, funds={key: FundRow(row.initial, row.budget) for key, row in example.funds.items()},
        goal_actual="", indicators=tuple(replace(row, actual=None, score=None, reason="")
                                         for row in example.indicators))
    target = example_target()
    declaration = Declaration(target.department_code, target.attribute, target.period,
                              target.funds["mid"], target.goal_mid, target.mid_indicators)
    return Project(EXAMPLE_PROJECT_CODE, EXAMPLE_UNIT_CODE, load_example().target_form.unit_name,
                   EXAMPLE_YEAR, 2, issued, declaration=declaration)


#: The last row of a worksheet (Excel, WPS): a dropdown of master data reaches it.
SHEET_ROWS = 1_048_576


def _declared_column(sheet: str, header: Any) -> Column | None:
    """The declared column of ``sheet`` (a sheet of :data:`TABLES`) headed ``header``, if any."""
    for table in TABLES:
        if table.sheet == sheet:
            return next((column for column in table.columns
                         if _header_key(column.header) == _header_key(header)), None)
    return None


#: The number format of a text column in a master workbook: what staff type stays as typed
#: (``001001`` keeps its zeros, ``95%`` stays ``95%`` instead of the number 0.95, ``1-7`` is no
#: date).
TEXT_NUMBER_FORMAT = "@"
#: Column kinds read as text (:meth:`_RowReader.read`), whose columns get :data:`TEXT_NUMBER_FORMAT`.
_TEXT_KINDS = ("text", "code")


def write_master(frames: Mapping[str, pd.DataFrame], path: str | Path, force: bool = False) -> Path:
    """Write master data tables as an .xlsx workbook, or as CSV files into a folder.

    Text is always written as text: a unit name starting with ``=`` never becomes a formula.
    Columns read as text are formatted as text (:data:`TEXT_NUMBER_FORMAT`), so rows a bureau
    types in keep what was typed.
    A workbook gives the columns declared with a :attr:`Column.validation` their dropdown, from
    row 2 to the last row of a sheet (rows a bureau adds get it too).

    Args:
        frames: Sheet name → DataFrame (the headers of :data:`TABLES`).
        path: An ``.xlsx`` file, or a folder (created when missing) for ``<sheet>.csv`` files.
        force: Overwrite existing files.

    Returns:
        The path written.

    Raises:
        WorkbookFileError: PS-W008 when a file exists and ``force`` is false.
    """
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        from openpyxl import Workbook
        from openpyxl.utils import get_column_letter

        from ..workbook.cells import Validations
        from ..workbook.files import save_workbook

        wb = Workbook()
        wb.remove(wb.active)
        for sheet, frame in frames.items():
            ws = wb.create_sheet(sheet)
            ws.append(list(frame.columns))
            for values in frame.itertuples(index=False):
                ws.append([None if _is_empty(value) else value for value in values])
            for row in ws.iter_rows(min_row=2):
                for cell in row:
                    if isinstance(cell.value, str):
                        cell.data_type = "s"  # never a formula, whatever the text
            for column, header in zip(ws.iter_cols(max_row=1), frame.columns):
                dimension = ws.column_dimensions[column[0].column_letter]
                dimension.width = max(10, 2 * len(str(header)) + 2)
                declared = _declared_column(sheet, header)
                if declared is not None and declared.kind in _TEXT_KINDS:
                    dimension.number_format = TEXT_NUMBER_FORMAT
            validations = Validations(ws)
            for index, header in enumerate(frame.columns, start=1):
                column = _declared_column(sheet, header)
                if column is not None and column.validation is not None:
                    letter = get_column_letter(index)
                    validations.add(column.validation, f"{letter}2:{letter}{SHEET_ROWS}")
            ws.freeze_panes = "A2"
        return save_workbook(wb, path, force=force)
    from ..workbook.files import make_folder, write_bytes_atomic

    make_folder(path)
    for sheet, frame in frames.items():
        data = frame.to_csv(index=False).encode("utf-8-sig")
        write_bytes_atomic(path / f"{sheet}.csv", data, force=force)
    return path
