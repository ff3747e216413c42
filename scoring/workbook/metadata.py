"""The hidden metadata sheet: which form, template version, variant, year, unit and rules.

A reader of a filled workbook first reads this sheet to tell which template the workbook came
from (and refuses workbooks of another product or of an unknown layout version); the rules
checksum tells whether the 评价要点 and points (or the target form's indicator values) are
still the ones the workbook was generated with.

Layout (:data:`scoring.forms.METADATA_FIELDS`): one row per field, key in column A, value in
column B (defined name ``meta_<key>``), Chinese label in column C. Below them, a
self-evaluation workbook keeps its issued 评价要点 (code, 分值, text), so a reader can score a
portable workbook with the rules that were issued even when a rule cell was edited. The sheet is
hidden.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ..errors import PerfscoreError, WorkbookFileError
from ..framework import label_spaces
from ..plaintext import clean_text, excerpt
from ..forms import (FORMS, ISSUED_RULES_HEADER_ROW, ISSUED_RULES_HEADERS,
                     ISSUED_RULES_NAME, METADATA_FIELDS, METADATA_NAME, METADATA_SHEET,
                     SUPPORTED_TEMPLATE_VERSIONS, YEAR_LABEL)

#: The form kinds a metadata sheet may name: the registered forms.
FORM_KINDS = tuple(FORMS)

if TYPE_CHECKING:
    from openpyxl import Workbook

    from ..framework import Framework
    from ..monitoring import MonitoringForm
    from ..project import ProjectEvaluation
    from ..policies import Policies
    from ..target_form import TargetForm

#: The product name written as ``generator``; a workbook without it is not ours.
GENERATOR = "perfscore"


@dataclass(frozen=True)
class Metadata:
    """What the metadata sheet records (all text, as stored)."""

    form_kind: str
    template_version: str
    variant: str
    year: str
    unit_code: str
    unit_name: str
    rules_checksum: str
    generator: str = GENERATOR
    #: :func:`scoring.policies.policies_text` of the policies the form follows ("": defaults;
    #: also what a workbook written before policies were kept holds).
    policies: str = ""

    def scoring_policies(self, file: str | None = None) -> "Policies":
        """The policies the workbook was written with, to re-score it the same way.

        Raises:
            PolicyError: PS-P001 when the text was edited into something unreadable, located at
                the metadata cell.
        """
        from ..policies import parse_policies

        try:
            return parse_policies(self.policies)
        except PerfscoreError as exc:
            row = [key for key, _ in METADATA_FIELDS].index("policies") + 1
            raise exc.located(file=file, sheet=METADATA_SHEET,
                              cell=f"{METADATA_SHEET}!B{row}") from None

    def to_dict(self) -> dict[str, str]:
        """The fields as a dict, in :data:`METADATA_FIELDS` order."""
        return asdict(self)

    @property
    def year_number(self) -> int | None:
        """The year as a number (``2024``), as JSON and the summary show it; None when absent
        or not a year."""
        text = self.year.strip()
        return int(text) if text.isascii() and text.isdigit() else None


def _digest(rows: Sequence[tuple[Any, ...]]) -> str:
    """SHA-256 of ``rows`` with their text as written to the workbook (cleaned), so that the
    checksum read back from a workbook is the one computed when it was written."""
    data = [[clean_text(value) for value in row] for row in rows]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"),
                      allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def framework_checksum(framework: "Framework", policies: str = "") -> str:
    """SHA-256 of what scores a framework: codes, names, points, roles and 评价要点 texts, and
    the policies text it is scored under (``meta_policies``, when not the defaults), so a
    policy edited in a returned workbook is reported like an edited rule.

    Descriptions (指标说明) are left out: rewording them changes no score. Names count with
    their white space as the form's labels are read back (:func:`label_spaces`): a name with a
    full-width space or a tab is the same name in the returned workbook.
    """
    return _digest([(item.code, label_spaces(clean_text(item.name)), item.points, item.role,
                     item.rule_text)
                    + ((item.notation,) if item.notation else ())
                    for item in framework.walk()] + ([("policies", policies)] if policies else []))


def target_checksum(form: "TargetForm") -> str:
    """SHA-256 of a target form's indicator rows (names and 半年/全年 indicator values)."""
    return _digest([(row.level1, row.level2, row.level3, row.half_value, row.full_value)
                    for row in form.indicators])


def monitoring_checksum(form: "MonitoringForm", policies: str = "") -> str:
    """SHA-256 of a monitoring form's indicator rows, as :func:`target_checksum` of the target
    form it was issued from: the names and the 半年/全年 values its light formulas hold (and the
    policies text, when not the defaults: the tolerance of its fund lights)."""
    from ..target_form import Funding, TargetForm

    rows = target_checksum(TargetForm(form.unit_name, form.year, Funding(None, None, None, None),
                                      indicators=tuple(row.target for row in form.indicators)))
    return _digest([(rows, policies)]) if policies else rows


def project_checksum(evaluation: "ProjectEvaluation") -> str:
    """SHA-256 of what the form's formulas were written from: each indicator's 一级, 二级, 三级
    and 指标值 (kept on the metadata sheet, like the other forms' rules checksums). A three-column
    指标值 counts as its one text (:func:`scoring.project.score.target_text`), so a 四川 copy, a
    national copy and the declaration of the same indicators have the same checksum. The texts
    count as the cells hold them (:func:`_digest`: a Windows line break is written as ``\\n``);
    texts a cell holds unchanged keep the checksum they always had."""
    from ..project.score import target_text

    return _digest([[str(row.level1), str(row.level2), str(row.name), target_text(row)]
                    for row in evaluation.indicators])


def issued_rules(framework: "Framework") -> list[tuple[str, float | None, str, str]]:
    """(code, 分值, 评价要点, 计分规则（标准写法）) of every scored item, as issued: what the
    metadata sheet keeps."""
    return [(item.code, item.points, item.rule_text, item.notation)
            for item in framework.walk() if item.is_leaf]


def write_metadata(wb: "Workbook", metadata: Metadata,
                   rules: Sequence[tuple[str, float | None, str, str]] = ()) -> None:
    """Add the hidden metadata sheet with ``metadata`` and its ``meta_<key>`` defined names.

    Args:
        wb: The workbook.
        metadata: The fields.
        rules: The issued (code, 分值, 评价要点, 标准写法) rows of a self-evaluation form
            (:func:`issued_rules`), written below the fields (:data:`ISSUED_RULES_HEADER_ROW`)
            under the defined name :data:`ISSUED_RULES_NAME`.
    """
    from openpyxl.workbook.defined_name import DefinedName

    ws = wb.create_sheet(METADATA_SHEET)
    values = metadata.to_dict()
    for row, (key, label) in enumerate(METADATA_FIELDS, start=1):
        ws.cell(row, 1, key)
        value = ws.cell(row, 2, clean_text(values[key]))
        value.data_type = "s"  # never a formula, whatever the text
        ws.cell(row, 3, label)
        name = METADATA_NAME.format(key=key)
        wb.defined_names[name] = DefinedName(name, attr_text=f"'{METADATA_SHEET}'!$B${row}")
    if rules:
        header = ISSUED_RULES_HEADER_ROW
        for column, title in enumerate(ISSUED_RULES_HEADERS, start=1):
            ws.cell(header, column, title)
        for row, (code, points, text, notation) in enumerate(rules, start=header + 1):
            ws.cell(row, 1, code).data_type = "s"
            ws.cell(row, 2, points)
            ws.cell(row, 3, clean_text(text) or None).data_type = "s"  # never a formula
            ws.cell(row, 4, clean_text(notation) or None).data_type = "s"
        last = "D" if any(notation for *_, notation in rules) else "C"
        wb.defined_names[ISSUED_RULES_NAME] = DefinedName(
            ISSUED_RULES_NAME,
            attr_text=f"'{METADATA_SHEET}'!$A${header + 1}:${last}${header + len(rules)}")
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 68
    ws.column_dimensions["C"].width = 50
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def read_metadata(wb: "Workbook", file: str | None = None) -> Metadata:
    """Read the metadata sheet of a workbook opened with openpyxl.

    Args:
        wb: The workbook.
        file: The file name, for messages.

    Raises:
        WorkbookFileError: PS-W005 when the sheet is missing or was not written by perfscore;
            PS-W006 when the template version is not one this reader understands.
    """
    if METADATA_SHEET not in wb.sheetnames:
        raise WorkbookFileError(f"缺少隐藏的元数据工作表“{METADATA_SHEET}”，不是本系统生成的模板",
                                code="PS-W005", file=file)
    ws = wb[METADATA_SHEET]
    found: dict[str, str] = {}
    for row in ws.iter_rows(min_row=1, max_row=len(METADATA_FIELDS) + 5, max_col=2,
                            values_only=True):
        key, value = row[0], row[1]
        if isinstance(key, str):
            found[key] = "" if value is None else str(value)
    return metadata_from_values(found, file)


def metadata_from_values(found: dict[str, str], file: str | None = None) -> Metadata:
    """Check and build :class:`Metadata` from the sheet's key → value pairs (any reader).

    Raises:
        WorkbookFileError: PS-W005 not written by perfscore; PS-W006 unknown template version;
            PS-W010 a year that is not one (``1e309`` read as infinity, ``nan``, ``二〇二四``).
    """
    if found.get("generator") != GENERATOR or found.get("form_kind") not in FORM_KINDS:
        raise WorkbookFileError("元数据工作表不是本系统写入的，无法识别模板", code="PS-W005",
                                file=file, sheet=METADATA_SHEET)
    version = found.get("template_version", "")
    if version not in SUPPORTED_TEMPLATE_VERSIONS:
        raise WorkbookFileError(
            f"模板版本“{version}”不受支持，应为 {'、'.join(SUPPORTED_TEMPLATE_VERSIONS)}",
            code="PS-W006", file=file, sheet=METADATA_SHEET)
    year = found.get("year", "").strip()
    if year and not _YEAR.fullmatch(year):  # blank on a blank template
        row = [key for key, _ in METADATA_FIELDS].index("year") + 1  # as write_metadata lays out
        raise WorkbookFileError(
            f"元数据的“{YEAR_LABEL}”（year）{_shown_year(year)}，不是年份：应为四位数字的年份，如 2024",
            code="PS-W010", file=file, sheet=METADATA_SHEET, cell=f"{METADATA_SHEET}!B{row}")
    return Metadata(**{key: found.get(key, "") for key, _ in METADATA_FIELDS})


#: A year as the metadata sheet holds it (the only number among its fields).
_YEAR = re.compile(r"[0-9]{4}")


def _shown_year(year: str) -> str:
    """How a message quotes a year that is none: a number that is not finite (``1e309`` is read
    as infinity, which Python spells ``inf``; ``NaN``) is described rather than spelt."""
    try:
        finite = math.isfinite(float(year))
    except ValueError:
        finite = True
    return f"为“{excerpt(year)}”" if finite else "是无效的数字（超出范围或不是数）"
