"""Errors that carry a stable English code and a Chinese message for users.

Every error the product raises on bad input is a :class:`PerfscoreError`. The code
(``PS-R001`` …) is stable and documented in ``docs/errors.md``; the Chinese message says what
was wrong and what was expected; the location (file, sheet, cell or row) is attached where
known. The CLI, the add-in cells and the batch summaries all show the same shape
(:meth:`PerfscoreError.to_dict`), so a user sees one wording everywhere.

The table :data:`CODES` is the single list of codes. Raising an error with a code that is not
in the table is a programming error and fails loudly.
"""

from __future__ import annotations

import unicodedata
from typing import Any, ClassVar

from .plaintext import ELLIPSIS, QUOTE_LIMIT

#: Every error code with its short Chinese title. Documented in docs/errors.md (a test checks).
CODES: dict[str, str] = {
    # Rule text (评价要点)
    "PS-R001": "无法识别的评分规则",
    "PS-R002": "评分规则缺少分值",
    "PS-R003": "评分规则中的分值与给定分值不一致",
    "PS-R004": "评分规则的数值不合理",
    "PS-R005": "评分规则为空",
    "PS-R006": "评分规则过长",
    "PS-R007": "评分规则无法自动读取，由评价人打分",
    # Indicator values (指标值) and actual values (实际完成值)
    "PS-T001": "无法识别的指标值",
    "PS-T002": "指标值为空",
    "PS-T003": "指标值为0或负数，无法计算完成比例",
    "PS-T004": "指标值没有对应的三级指标",
    "PS-V001": "无法识别的实际完成值",
    "PS-V002": "实际完成值的单位与指标不一致",
    "PS-V003": "百分比疑似漏写百分号",
    "PS-V004": "实际完成值为负数",
    "PS-V005": "输入的单元格是错误值",
    "PS-V006": "实际完成值是一段描述，已按其含义计分",
    # Evaluation framework (评价指标框架)
    "PS-F001": "下级指标分值之和与上级不一致",
    "PS-F002": "一级指标分值合计不等于100分",
    "PS-F003": "指标编码重复",
    "PS-F004": "得分超出分值范围",
    "PS-F005": "扣分指标缺少原因分析",
    "PS-F006": "无法识别的指标编码",
    "PS-F007": "待评价人打分",
    "PS-F008": "实际完成值未填报",
    "PS-F009": "本项否决或取消评比资格",
    "PS-F010": "指标名称中的分值与分值列不同",
    # Target form (目标表)
    "PS-G001": "资金总额不等于基本支出与项目支出之和",
    "PS-G002": "半年计划执行数大于全年预算数",
    "PS-G003": "资金数为负数",
    "PS-G004": "资金数未填写",
    # Mid-year monitoring (绩效运行监控)
    "PS-J001": "偏差原因未填写",
    "PS-J002": "纠偏措施未填写",
    "PS-J003": "监控期间无效",
    "PS-J004": "监控表选项无效",
    # Self-evaluation report (自评报告)
    "PS-D001": "报告模板无法使用",
    "PS-D002": "报告模板中有不认识的占位符",
    # Project self-evaluation (项目支出绩效自评表): scoring
    "PS-X001": "全年预算数为0或未填写，无法计算执行率",
    "PS-X002": "定性指标的得分不在所选档次的区间内",
    "PS-X003": "填报得分与按口径计算的得分不一致",
    "PS-X004": "资金与绩效指标的分值合计不等于100分",
    "PS-X005": "分值或金额无效",
    "PS-X006": "指标值设定偏低，已按偏离度调减分值",
    "PS-X007": "所有指标均不适用，无法计算总分",
    # Project self-evaluation: review checks (审核提示)
    "PS-X101": "单项指标分值超过指标总分值的一半",
    "PS-X102": "应填数值的实际完成值填了文字",
    "PS-X103": "扣分项缺少偏差原因分析",
    "PS-X104": "存在问题或改进措施填写为“无”",
    "PS-X105": "实际完成值远超指标值，指标值可能设定偏低",
    "PS-X106": "缺少产出、效益或满意度指标",
    "PS-X107": "资金总额不等于各项资金之和",
    "PS-X108": "执行率超过100%",
    "PS-X109": "超过表格规定的字数",
    # Project target declaration (项目支出绩效目标申报表): checks
    "PS-X110": "项目属性应为新增项目或延续项目",
    "PS-X111": "自评表的绩效指标与目标申报表不一致",
    # Scoring policies (评分口径)
    "PS-P001": "评分口径设置无效",
    # Workbooks and files
    "PS-W001": "文件不存在或无法读取",
    "PS-W002": "不是有效的 Excel 工作簿",
    "PS-W003": "工作簿已加密",
    "PS-W004": "工作簿过大或疑似压缩炸弹",
    "PS-W005": "不是本系统生成的工作簿",
    "PS-W006": "模板版本不受支持",
    "PS-W007": "工作簿结构被改动",
    "PS-W008": "输出文件已存在",
    "PS-W009": "工作簿内容不安全",
    "PS-W010": "单元格内容无效",
    "PS-W011": "模板参数无效",
    "PS-W012": "不是自评表工作簿",
    "PS-W013": "评价要点或分值与下发时不同",
    "PS-W014": "单位编码与生成时不同",
    "PS-W015": "同一单位的工作簿重复",
    "PS-W016": "加载项函数未计算",
    "PS-W017": "输出文件夹正被另一次运行使用",
    # Master data (主数据)
    "PS-M001": "主数据缺少必需的列",
    "PS-M002": "单位编码或项目编码重复",
    "PS-M003": "主数据的值无效",
    "PS-M004": "主数据文件无法读取",
    # Environment
    "PS-E001": "缺少外部程序",
    "PS-E002": "缺少 xlwings 许可证密钥",
    "PS-E003": "命令参数有误",
    "PS-E004": "离线安装包所需的文件无法下载或构建",
    "PS-E005": "访问令牌设置无效",
    # Add-in worksheet function arguments (addin/convert.py)
    "PS-A001": "参数应为单个单元格或规定形状的区域",
    "PS-A002": "参数不是数值",
    "PS-A003": "加载项函数内部错误",
}


def display_width(text: str) -> int:
    """Columns ``text`` takes in a terminal: East Asian wide characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class PerfscoreError(Exception):
    """Base of every error raised on bad input.

    Args:
        message: What went wrong and what was expected, in Chinese.
        code: A key of :data:`CODES`; defaults to the class's :attr:`code`.
        file, sheet, cell, row, column: Where the bad input is, as far as known.
        folder: The folder the error is about (an output folder, the folder to collect), shown
            as 文件夹 rather than 文件.
        text: The input text the message refers to (shown with a caret under ``position``).
        position: Index into ``text`` of the part that could not be read.
    """

    code: ClassVar[str] = "PS-E001"
    #: Exit code of the CLI when this error ends a command.
    exit_code: ClassVar[int] = 2

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        row: int | None = None,
        column: str | None = None,
        text: str | None = None,
        position: int | None = None,
        folder: str | None = None,
    ) -> None:
        self.code = code or type(self).code
        if self.code not in CODES:
            raise KeyError(f"unknown error code {self.code!r}: add it to scoring.errors.CODES")
        self.message = message
        self.folder = folder
        self.file = file
        self.sheet = sheet
        self.cell = cell
        self.row = row
        self.column = column
        self.text = text
        self.position = position
        super().__init__(self.format_message())

    @property
    def title(self) -> str:
        """The short Chinese title of this error's code."""
        return CODES[self.code]

    def located(self, **where: Any) -> "PerfscoreError":
        """Return the same error with more location fields filled (file, sheet, cell …)."""
        for key, value in where.items():
            if value is not None and getattr(self, key, None) is None:
                setattr(self, key, value)
        self.args = (self.format_message(),)
        return self

    def location(self, file: bool = True) -> str:
        """The location as users read it: ``文件 a.xlsx，工作表 自评表，单元格 F7``, or
        ``文件夹 填报`` (without the file or folder when ``file`` is false: a table whose rows
        name it in their own column)."""
        parts = []
        if self.folder and file:
            parts.append(f"文件夹 {self.folder}")
        if self.file and file:
            parts.append(f"文件 {self.file}")
        if self.sheet:
            parts.append(f"工作表 {self.sheet}")
        if self.cell:
            parts.append(f"单元格 {self.cell}")
        if self.row is not None:
            parts.append(f"第 {self.row} 行")
        if self.column:
            parts.append(f"列 {self.column}")
        return "，".join(parts)

    def context(self) -> str:
        """The input text with a caret under the part that could not be read (CJK aware); of a
        long text, only the part around the caret (:data:`~scoring.plaintext.QUOTE_LIMIT`
        characters either side)."""
        if self.text is None or self.position is None:
            return ""
        line = self.text.replace("\n", " ")
        start = max(0, self.position - QUOTE_LIMIT)
        end = self.position + QUOTE_LIMIT
        before = (ELLIPSIS if start else "") + line[start:self.position]
        after = line[self.position:end] + (ELLIPSIS if end < len(line) else "")
        return f"  {before}{after}\n  {' ' * display_width(before)}^"

    def format_message(self) -> str:
        """The full one-line (plus context) message: ``[PS-R001] 位置：消息``."""
        where = self.location()
        head = f"[{self.code}] {where}：{self.message}" if where else f"[{self.code}] {self.message}"
        ctx = self.context()
        return f"{head}\n{ctx}" if ctx else head

    def to_dict(self) -> dict[str, Any]:
        """The shape shared by CLI JSON, add-in cells and batch summaries."""
        data: dict[str, Any] = {"code": self.code, "title": self.title, "message": self.message}
        for key in ("folder", "file", "sheet", "cell", "row", "column", "text"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        return data

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled with its attributes, so an error raised in a worker process arrives whole:
        its class, code, location and anything set on it later, without running ``__init__``
        again (whose checks already passed where it was made)."""
        return (_blank, (type(self),), self.__dict__.copy())

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        self.args = (self.format_message(),)

    def cell_text(self) -> str:
        """The short text an add-in function shows in a cell: ``#PS-R001 无法识别…``."""
        return f"#{self.code} {self.message}"


def _blank(kind: type[PerfscoreError]) -> PerfscoreError:
    """An error of ``kind`` not yet filled in, for unpickling (:meth:`PerfscoreError.__reduce__`)."""
    return kind.__new__(kind)


class RuleError(PerfscoreError, ValueError):
    """A 评价要点 rule text that cannot be understood."""

    code = "PS-R001"


class TargetError(PerfscoreError, ValueError):
    """An indicator value (指标值) that cannot be understood."""

    code = "PS-T001"


class ActualValueError(PerfscoreError, ValueError):
    """An actual value (实际完成值) that cannot be read for the rule or target at hand."""

    code = "PS-V001"


class FrameworkError(PerfscoreError, ValueError):
    """An evaluation framework or its inputs that are inconsistent."""

    code = "PS-F001"


class PolicyError(PerfscoreError, ValueError):
    """A scoring policy setting outside its documented values."""

    code = "PS-P001"


class TargetFormError(PerfscoreError, ValueError):
    """A target form whose figures break the form's invariants (funding sums)."""

    code = "PS-G001"


class MonitoringError(PerfscoreError, ValueError):
    """A monitoring form (运行监控表) entry that cannot be used: a period other than 1-X月."""

    code = "PS-J003"


class ProjectError(PerfscoreError, ValueError):
    """A project self-evaluation (项目支出绩效自评表) figure that cannot be scored: a 全年预算数 of 0."""

    code = "PS-X001"


class ReportError(PerfscoreError):
    """A report template (Word .docx) that cannot be used: damaged, not a .docx, or with a
    placeholder or tag the report does not know."""

    code = "PS-D001"


class WorkbookFileError(PerfscoreError):
    """A file that is not a readable workbook of this product, or is damaged or hostile."""

    code = "PS-W001"


class MasterDataError(PerfscoreError):
    """A problem in the batch master data file."""

    code = "PS-M003"


class MissingProgramError(PerfscoreError):
    """An external program the command needs (LibreOffice) is missing."""

    code = "PS-E001"
