"""Read filled workbooks of either form and variant, and re-score self-evaluations.

A workbook is found by what it declares, never by fixed coordinates: the hidden metadata sheet
(:mod:`.metadata`) says which form, template version and unit it is, and the workbook-level
defined names of :mod:`scoring.forms` say where every table column and named cell sits. The
defined names come from ``xl/workbook.xml`` (parsed with defusedxml and bounded by the
gatekeeper, :mod:`.safety`); the cell values, including the cached results of formulas, come from
python-calamine, which reads a workbook in about a millisecond (openpyxl takes ten times longer).
An input holding a formula that was never calculated reads as empty in python-calamine; the
gatekeeper records such formulas, so the reader names the formula (PS-W010) instead of calling
the input blank (:func:`uncalculated_inputs`).

:func:`read_evaluation` rebuilds the :class:`~scoring.framework.Framework` and
:class:`~scoring.framework.Inputs` from the sheet and keeps the stored values of every computed
cell; :func:`score_workbook` re-scores with the engine and lists each stored value that disagrees
with it. Files saved by openpyxl (freshly filled, or edited by a script) carry no cached formula
results: such cells are counted as *not calculated*, never reported as disagreements.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import forms
from ..actuals import coerce_number
from ..errors import PerfscoreError, TargetFormError, WorkbookFileError
from ..framework import Framework, Inputs, Issue, Result, evaluate, parse_label
from ..plaintext import excerpt
from ..target_form import Funding, TargetForm, TargetIndicator
from ..vocab import EXCEL_ERRORS, MESSAGES
from .metadata import Metadata, framework_checksum, metadata_from_values, target_checksum
from .safety import inspect_workbook_bytes, read_workbook_file
#: Role labels of the 类型 column → :data:`scoring.framework.Role`.
_ROLES = {label: role for role, label in forms.ROLE_LABELS.items()}
#: Compared stored values may differ from the engine by this much (rounding in formulas).
TOLERANCE = 1e-6


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index


def _column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


@dataclass(frozen=True)
class Area:
    """A defined name's target: a sheet and a rectangle of 1-based rows and columns."""

    sheet: str
    first_row: int
    first_col: int
    last_row: int
    last_col: int

    def ref(self, row: int | None = None, col: int | None = None) -> str:
        """``自评表!F7``: the cell (row, col), by default the first one."""
        return f"{self.sheet}!{_column_letters(col or self.first_col)}{row or self.first_row}"


class WorkbookData:
    """The cells and defined names of one workbook, read once.

    Args:
        data: The file's bytes.
        file: The file name, for messages.

    Raises:
        WorkbookFileError: the gatekeeper's refusals (PS-W002 not a workbook, PS-W003
            encrypted, PS-W004 too big, PS-W009 unsafe), PS-W005 without the product's
            metadata sheet, PS-W006 unknown template version.
    """

    def __init__(self, data: bytes, file: str) -> None:
        from python_calamine import CalamineWorkbook

        self.file = file
        # The gatekeeper alone decides what is refused (size, encryption, damage, bombs, names
        # reaching too far), before any parser sees the bytes; it hands back the defined names
        # of workbook.xml, so the zip is opened and the XML parsed once.
        self.facts = inspect_workbook_bytes(data, file)
        self._errors = self.facts.error_cells
        self.names = {name: Area(*where) for name, where in self.facts.defined_names.items()}
        try:
            self._book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        except Exception as exc:
            raise WorkbookFileError(f"工作簿无法读取（文件损坏：{type(exc).__name__}）",
                                    code="PS-W002", file=file) from exc
        self._grids: dict[str, list[list[Any]]] = {}
        self.metadata = self._metadata()

    def grid(self, sheet: str) -> list[list[Any]]:
        """The sheet's values from A1, rows of columns (read once, then cached)."""
        if sheet not in self._grids:
            try:
                rows = self._book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
            except Exception as exc:
                raise WorkbookFileError(f"工作表“{sheet}”不存在或无法读取", code="PS-W007",
                                        file=self.file, sheet=sheet) from exc
            self._grids[sheet] = rows
        return self._grids[sheet]

    def value(self, sheet: str, row: int, col: int) -> Any:
        """The stored value of a cell (a formula's cached result); None when empty."""
        if self._errors:
            error = self._errors.get((sheet, row, col))
            if error is not None:  # calamine reads error values as empty: never a silent zero
                return error
        grid = self._grids.get(sheet)
        if grid is None:
            grid = self.grid(sheet)
        if row < 1 or col < 1 or row > len(grid) or col > len(grid[row - 1]):
            return None
        return _stored(grid[row - 1][col - 1])

    def formula(self, sheet: str, row: int, col: int) -> str | None:
        """The formula (``=NOW()``) of a cell that holds one without a stored result, which
        :meth:`value` reads as empty; "" for a shared formula; None for any other cell."""
        return self.facts.formula(sheet, row, col)

    def area(self, name: str) -> Area:
        """The area of a defined name.

        Raises:
            WorkbookFileError: PS-W007 when the name is missing (rows or columns deleted).
        """
        area = self.names.get(name)
        if area is None:
            raise WorkbookFileError(
                f"缺少定义名称“{name}”：工作簿的结构被改动（行列被删除或表格被复制到新文件）",
                code="PS-W007", file=self.file)
        return area

    def named(self, name: str) -> Any:
        """The value of a named single cell."""
        area = self.area(name)
        return self.value(area.sheet, area.first_row, area.first_col)

    def column(self, name: str) -> list[Any]:
        """The values of a named single-column area, top to bottom, as :meth:`value` reads
        each: a slice of the sheet's grid (a form's columns are read thousands of times in a
        batch, so not cell by cell)."""
        area = self.area(name)
        grid = self._grids.get(area.sheet) or self.grid(area.sheet)
        col = area.first_col - 1
        values = [_stored(cells[col]) if col < len(cells) else None
                  for cells in grid[area.first_row - 1:area.last_row]]
        values += [None] * (area.last_row - area.first_row + 1 - len(values))  # rows past the grid
        if self._errors:
            for (sheet, row, column), error in self._errors.items():
                if sheet == area.sheet and column == area.first_col and (
                        area.first_row <= row <= area.last_row):
                    values[row - area.first_row] = error
        return values

    def _metadata(self) -> Metadata:
        found: dict[str, str] = {}
        for key, _ in forms.METADATA_FIELDS:
            area = self.names.get(forms.METADATA_NAME.format(key=key))
            if area is None or area.sheet not in self._book.sheet_names:
                continue  # no name, or a name left pointing at a deleted metadata sheet
            value = self.value(area.sheet, area.first_row, area.first_col)
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            found[key] = "" if value is None else str(value)
        if not found:
            raise WorkbookFileError(
                f"缺少隐藏的元数据工作表“{forms.METADATA_SHEET}”，不是本系统生成的工作簿",
                code="PS-W005", file=self.file)
        return metadata_from_values(found, self.file)


def _stored(value: Any) -> Any:
    """A grid value as the forms' readers take it: None for an empty cell."""
    if value == "":
        return None
    if isinstance(value, float) and not math.isfinite(value):
        # No spreadsheet stores NaN or infinity (``<v>1e309</v>`` is built by hand): kept as
        # the text it reads as, so every reader of the cell refuses it as unreadable, located.
        return str(value)
    return value


def open_workbook(path: str | Path) -> WorkbookData:
    """Read a workbook file once into a :class:`WorkbookData`.

    Raises:
        WorkbookFileError: PS-W001 missing or unreadable, PS-W004 too big, and the errors of
            :class:`WorkbookData`.
    """
    return WorkbookData(read_workbook_file(path), str(path))


# --------------------------------------------------------------------------- helpers


def expect_form(book: WorkbookData, layout: "forms.FormLayout") -> None:
    """Refuse another form's workbook (PS-W012: ``这是…工作簿，不是…``), before any of its names
    is read as this form's."""
    kind = book.metadata.form_kind
    if kind != layout.kind:
        raise WorkbookFileError(
            f"这是{forms.FORM_LABELS.get(kind, kind)}工作簿，不是{layout.label}",
            code="PS-W012", file=book.file)


def text_of(value: Any) -> str:
    """A cell's value as text, as every form's reader takes it (``2024.0`` → ``2024``)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def filled_down(values: list[Any]) -> list[str]:
    """Merged cells hold their value in the first row only: carry it down the group."""
    out: list[str] = []
    current = ""
    for value in values:
        text = text_of(value)
        current = text or current
        out.append(current)
    return out


def _number(value: Any) -> float | None:
    """A stored finite number; text that reads as one counts too (typed as text). ``nan``,
    ``inf`` and ``1e309`` are not numbers here: None, as for any other unreadable text."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        number = float(value)
    else:
        try:
            number = float(unicodedata.normalize("NFKC", str(value)).strip())
        except ValueError:
            return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class StoredValue:
    """A computed cell's stored value (the formula's cached result) and what it stands for.

    Attributes:
        name: What the cell is: a defined name (``total_score``) or a column key (``score``).
        ref: ``自评表!F7``.
        item: The indicator code, where the cell belongs to one.
        value: The cached value; None when the workbook was never calculated.
    """

    name: str
    ref: str
    item: str
    value: Any


@dataclass(frozen=True)
class UncalculatedInput:
    """An input cell holding a formula without a stored result (``=NOW()`` typed in, never
    calculated): python-calamine returns only stored results, so it reads as empty.

    Attributes:
        key: The form's column key or named cell (``actual``, ``funding_annual_basic``).
        label: What the cell is (实际完成值).
        cell: ``自评表!K11``.
        row: The sheet row.
        formula: The formula as typed (``=NOW()``); "" for a shared formula.
    """

    key: str
    label: str
    cell: str
    row: int
    formula: str

    def message(self, item: str = "") -> str:
        """The Chinese message (PS-W010), naming the formula instead of calling it empty."""
        formula = f"公式“{self.formula}”" if self.formula else "公式"
        return (f"{item + ' ' if item else ''}{self.label}是{formula}，但工作簿中没有它的计算结果"
                "（公式从未计算，或结果为空），已按空白处理；本系统只读取单元格中保存的值，"
                f"请直接填写{self.label}，不要填公式")


def uncalculated_inputs(book: WorkbookData, layout: forms.FormLayout) -> list[UncalculatedInput]:
    """The input cells of ``layout`` (columns and named cells of role ``input``) that read as
    empty because they hold a formula without a stored result, top to bottom.

    Product workbooks hold formulas in computed cells only, so only the few formulas a user
    typed into an input are found; the computed ones are looked up once each and passed over.
    """
    formulas = book.facts.uncalculated_formulas
    if not formulas:
        return []
    places: dict[tuple[str, int], list[tuple[str, str, Area]]] = {}
    for key, label, role, name in (
            *((c.key, c.title, c.role, c.name) for c in layout.columns),
            *((c.name, c.label, c.role, c.name) for c in layout.cells)):
        area = book.names.get(name)
        if role == "input" and area is not None:
            places.setdefault((area.sheet, area.first_col), []).append((key, label, area))
    found = [UncalculatedInput(key, label, area.ref(row, col), row,
                               book.formula(sheet, row, col) or "")
             for sheet, row, col in formulas
             for key, label, area in places.get((sheet, col), ())
             if area.first_row <= row <= area.last_row and not text_of(book.value(sheet, row, col))]
    return sorted(found, key=lambda found_input: (found_input.row, found_input.cell))


# --------------------------------------------------------------------------- evaluation form


@dataclass(frozen=True)
class FilledEvaluation:
    """A self-evaluation workbook as read: framework, inputs and stored results.

    ``unit_name`` and ``unit_code`` are what the form's unit line says (typed by the staff on a
    blank template), else what the metadata sheet recorded when the workbook was generated.
    """

    file: str
    metadata: Metadata
    framework: Framework
    inputs: Inputs
    stored: tuple[StoredValue, ...]
    problems: tuple[Issue, ...] = ()
    unit_name: str = ""
    unit_code: str = ""
    #: Item code → its 实际完成值 cell (``自评表!K29``), to locate the engine's value issues.
    input_cells: Mapping[str, str] = field(default_factory=dict)
    #: (item code, code) of the engine's issues that one of :attr:`problems` replaces: an
    #: input holding a formula never calculated is reported as such (PS-W010), not as blank.
    superseded: frozenset[tuple[str, str]] = frozenset()

    # Computed once (the form is frozen): collect asks each of these up to three times.
    @cached_property
    def expected_inputs(self) -> list[str]:
        """Codes of the scored items whose 实际完成值 the unit is to enter."""
        roles = {item.code: item.role for item in self.framework.walk()}
        return [code for code in self.input_cells if roles.get(code) == "score"]

    @cached_property
    def empty_inputs(self) -> list[str]:
        """The expected inputs left empty (not marked 不适用, no evaluator's score)."""
        inputs = self.inputs
        return [code for code in self.expected_inputs if _blank(inputs.actuals.get(code))
                and code not in inputs.not_applicable and code not in inputs.scores]

    @property
    def unfilled(self) -> bool:
        """Nobody typed a value in (未填报): every expected input empty and no reason written;
        its zeros are no score."""
        expected = self.expected_inputs
        return bool(expected) and len(self.empty_inputs) == len(expected) and not self.inputs.reasons


def _blank(value: Any) -> bool:
    """An input left empty (a list of awards counts when it has one)."""
    return value is None or value == "" or value == [] or value == ()


def _indicator_tree(rows: list[dict[str, Any]], title: str) -> Framework:
    """Rebuild the framework from the item rows (labels carry codes and points)."""
    sections: dict[str, dict[str, Any]] = {}
    for row in rows:
        s_code, s_name, s_points = parse_label(row["level1"])
        g_code, g_name, g_points = parse_label(row["level2"])
        leaf_code = row["code"]
        s_code = s_code or leaf_code[:1]
        section = sections.setdefault(s_code, {"code": s_code, "name": s_name, "points": s_points,
                                               "roles": set(), "groups": {}})
        section["roles"].add(row["role"])
        leaf = {"code": leaf_code, "points": row["points"], "role": row["role"],
                "description": row["description"], "rule_text": row["rule"],
                "notation": row.get("notation", "")}
        if row["level3"]:
            _, leaf["name"], _ = parse_label(row["level3"])
            group = section["groups"].setdefault(g_code or leaf_code[:2], {
                "code": g_code or leaf_code[:2], "name": g_name, "points": g_points,
                "children": []})
            group["children"].append(leaf)
        else:  # a 二级 item scored itself (F1, F2)
            leaf["name"] = g_name
            section["groups"][leaf_code] = leaf
    built = []
    for section in sections.values():
        roles = section.pop("roles")
        role = "score" if roles == {"score"} else "adjustment"
        groups = list(section.pop("groups").values())
        for group in groups:
            if "children" in group:
                child_roles = {child["role"] for child in group["children"]}
                group["role"] = child_roles.pop() if len(child_roles) == 1 else "adjustment"
        built.append({**section, "role": role, "children": groups})
    return Framework.from_dict({"title": title, "sections": built})


def read_evaluation(book: WorkbookData) -> FilledEvaluation:
    """Read a self-evaluation workbook: framework, inputs and the stored computed values.

    Raises:
        WorkbookFileError: PS-W012 when it is a target form; PS-W007 when defined names are
            missing or the table is damaged.
    """
    layout = forms.EVALUATION_FORM
    if book.metadata.form_kind != layout.kind:
        label = forms.FORM_LABELS.get(book.metadata.form_kind, book.metadata.form_kind)
        raise WorkbookFileError(f"这是{label}工作簿，不是自评表：无法评分", code="PS-W012",
                                file=book.file)
    columns = {column.key: book.column(column.name) for column in layout.columns}
    length = len(columns["code"])
    if any(len(values) != length for values in columns.values()):
        raise WorkbookFileError("自评表各列的定义名称行数不一致：工作簿的结构被改动",
                                code="PS-W007", file=book.file, sheet=layout.sheet)
    area = book.area(layout.column("score").name)
    for key in ("level1", "level2"):
        columns[key] = filled_down(columns[key])
    rows: list[dict[str, Any]] = []
    problems: list[Issue] = []
    for index in range(length):
        code = text_of(columns["code"][index])
        if not code:
            continue
        role = _ROLES.get(text_of(columns["role"][index]), "score")
        rows.append({
            "index": index, "code": code, "role": role,
            "level1": columns["level1"][index], "level2": columns["level2"][index],
            "level3": text_of(columns["level3"][index]), "points": _number(columns["points"][index]),
            "description": text_of(columns["description"][index]),
            "rule": text_of(columns["rule"][index])})
    if not rows:
        raise WorkbookFileError("自评表中没有任何指标行（编码列为空）", code="PS-W007",
                                file=book.file, sheet=layout.sheet)
    problems.extend(_apply_issued_rules(book, rows, area))
    unit_name, unit_code, unit_problems = _unit(book)
    problems.extend(unit_problems)
    table_rows = {area.first_row + row["index"]: row for row in rows}
    superseded: set[tuple[str, str]] = set()
    for found in uncalculated_inputs(book, layout):
        table_row = table_rows.get(found.row) if found.cell.startswith(f"{area.sheet}!") else None
        if table_row is not None and table_row["role"] == "bonus" and found.key == "actual":
            continue  # the bonus is read from the awards sheet, never from this cell
        code = table_row["code"] if table_row is not None else ""
        problems.append(Issue("PS-W010", found.message(code), code, found.cell))
        if code and found.key in _BLANK_INPUT_ISSUES:
            superseded.add((code, _BLANK_INPUT_ISSUES[found.key]))
    title = text_of(book.named("form_title")) or forms.EVALUATION_TITLE
    framework = _indicator_tree(rows, title)
    actuals: dict[str, Any] = {}
    scores: dict[str, float] = {}
    reasons: dict[str, str] = {}
    not_applicable: set[str] = set()
    stored: list[StoredValue] = []
    input_cells: dict[str, str] = {}
    actual_col = _column_index(forms.EVALUATION_FORM.column("actual").letter)
    for row in rows:
        index, code = row["index"], row["code"]
        sheet_row = area.first_row + index
        if row["role"] == "bonus":
            actuals[code] = _awards(book)
        else:
            input_cells[code] = area.ref(sheet_row, actual_col)
            actual = columns["actual"][index]
            actuals[code] = actual.strip() if isinstance(actual, str) else actual
        override = columns["override"][index]
        if override is not None:
            number = _number(override)
            if number is None:
                problems.append(Issue(
                    "PS-W010", f"{code} 的评价人调整得分“{excerpt(override)}”不是数字", code,
                    area.ref(sheet_row, _column_index(layout.column("override").letter))))
            else:
                scores[code] = number
        reason = text_of(columns["reason"][index])
        if reason:
            reasons[code] = reason
        marker = text_of(columns["not_applicable"][index])
        if marker == forms.NOT_APPLICABLE_VALUE:
            not_applicable.add(code)
        elif marker:  # never silently ignored: the item is scored, and the user is told why
            cell = area.ref(sheet_row, _column_index(layout.column("not_applicable").letter))
            problems.append(Issue(
                "PS-W010", f"{cell}（{code} 不适用）的内容“{excerpt(marker)}”无效：应为“"
                           f"{forms.NOT_APPLICABLE_VALUE}”或留空；已按适用评分", code))
        for key in ("computed", "score", "lost"):
            column = layout.column(key)
            stored.append(StoredValue(key, area.ref(sheet_row, _column_index(column.letter)),
                                      code, columns[key][index]))
    for name, target in book.names.items():
        if name.startswith("subtotal_") or name in (
                "total_score", "total_deduction", "grade", "bonus_score", "penalty_score",
                "base_score"):
            stored.append(StoredValue(name, target.ref(), name.removeprefix("subtotal_")
                                      if name.startswith("subtotal_") else "",
                                      book.value(target.sheet, target.first_row, target.first_col)))
    edited = any(problem.code == "PS-W013" for problem in problems)
    if not edited and book.metadata.rules_checksum and \
            framework_checksum(framework, book.metadata.policies) != book.metadata.rules_checksum:
        problems.append(Issue("PS-W007", "评价要点、分值、指标或评分口径（meta_policies）与生成时不同"
                                         "（通用版不应改动；插件版允许修改评价要点）"))
    return FilledEvaluation(book.file, book.metadata, framework,
                            Inputs(actuals, scores, reasons, frozenset(not_applicable)),
                            tuple(stored), tuple(problems), unit_name, unit_code, input_cells,
                            frozenset(superseded))


#: Input column → the engine's issue about that input being blank, which an uncalculated
#: formula in it replaces (PS-F008 实际完成值未填报, PS-F005 扣分缺少原因分析).
_BLANK_INPUT_ISSUES = {"actual": "PS-F008", "reason": "PS-F005"}


def _unit(book: WorkbookData) -> tuple[str, str, list[Issue]]:
    """The unit's name and code: the form's unit line, falling back to the metadata.

    A blank template has no unit in its metadata, so what the staff typed is all there is. A
    code typed over the one the workbook was generated for is reported (PS-W014): the
    summary then lists the unit under the typed code, and the bureau sees why.
    """
    meta = book.metadata
    typed = {name: text_of(book.named(name)) if name in book.names else ""
             for name in ("unit_name", "unit_code")}
    problems: list[Issue] = []
    if typed["unit_code"] and meta.unit_code and typed["unit_code"] != meta.unit_code:
        problems.append(Issue("PS-W014", f"{book.area('unit_code').ref()}（单位编码）为"
                                         f"“{excerpt(typed['unit_code'])}”，生成时为“{meta.unit_code}”；"
                                         f"汇总按工作簿中填写的编码"))
    return (typed["unit_name"] or meta.unit_name, typed["unit_code"] or meta.unit_code, problems)


def _issued(book: WorkbookData) -> dict[str, tuple[float | None, str, str]]:
    """Code → (分值, 评价要点, 计分规则（标准写法）) as issued, from the metadata sheet (empty for
    older workbooks; the notation column only where a rule had one)."""
    if forms.ISSUED_RULES_NAME not in book.names:
        return {}
    area = book.area(forms.ISSUED_RULES_NAME)
    issued: dict[str, tuple[float | None, str, str]] = {}
    for row in range(area.first_row, area.last_row + 1):
        code = text_of(book.value(area.sheet, row, area.first_col))
        if code:
            notation = text_of(book.value(area.sheet, row, area.first_col + 3)) \
                if area.last_col >= area.first_col + 3 else ""
            issued[code] = (_number(book.value(area.sheet, row, area.first_col + 1)),
                            text_of(book.value(area.sheet, row, area.first_col + 2)), notation)
    return issued


def _apply_issued_rules(book: WorkbookData, rows: list[dict[str, Any]], area: Area) -> list[Issue]:
    """Report every 评价要点 or 分值 cell that differs from the issued one (PS-W013).

    The portable variant is scored with the issued rule and points (its formulas were compiled
    from them, and sheet protection has no password, so an edit must not change the score); the
    add-in variant's rule text is meant to be edited (it re-scores live), so it keeps the edited
    text, and the bureau still sees the difference.
    """
    issued = _issued(book)
    portable = book.metadata.variant != "addin"
    layout = forms.EVALUATION_FORM
    issues: list[Issue] = []
    for row in rows:
        if row["code"] not in issued:
            continue
        points, text, notation = issued[row["code"]]
        row["notation"] = notation  # the standard notation scores, whatever the printed text says
        sheet_row = area.first_row + row["index"]
        for key, was, found in (("rule", text, row["rule"]), ("points", points, row["points"])):
            same = was == found if key == "rule" else (
                was is None and found is None or was is not None and found is not None
                and abs(was - found) <= TOLERANCE)
            if same:
                continue
            cell = area.ref(sheet_row, _column_index(layout.column(key).letter))
            what = "评价要点" if key == "rule" else "分值"
            outcome = ("已按下发的" + what + "评分" if portable or key == "points"
                       else "插件版按工作簿中的评价要点评分")
            issues.append(Issue("PS-W013", f"{cell}（{row['code']} {what}）与下发时不同：下发为"
                                           f"“{_show(was)}”，工作簿中为“{_show(found)}”；{outcome}",
                                row["code"]))
            if portable or key == "points":
                row[key] = was
    return issues


def _awards(book: WorkbookData) -> list[tuple[str, str] | str]:
    """The F1 awards typed on the awards sheet: (work, award) pairs, or the award alone."""
    if "awards_award" not in book.names:
        return []
    works = book.column("awards_work") if "awards_work" in book.names else []
    awards = book.column("awards_award")
    found: list[tuple[str, str] | str] = []
    for index, award in enumerate(awards):
        award_text = text_of(award)
        if not award_text:
            continue
        work = text_of(works[index]) if index < len(works) else ""
        found.append((work, award_text) if work else award_text)
    return found


# --------------------------------------------------------------------------- scoring


@dataclass(frozen=True)
class Disagreement:
    """A stored value that is not what the engine computes."""

    ref: str
    name: str
    item: str
    stored: Any
    engine: Any

    @property
    def message(self) -> str:
        """The Chinese one-liner shown to users."""
        what = " ".join(part for part in (self.item, cell_label(self.name)) if part)
        return (f"{what}（{self.ref}）工作簿中为 {_show(self.stored)}，"
                f"重新计算为 {_show(self.engine)}")

    def to_dict(self) -> dict[str, Any]:
        """JSON form (the summary and ``perfscore score --json``)."""
        return {"cell": self.ref, "name": self.name, "item": self.item, "stored": self.stored,
                "engine": self.engine, "message": self.message}


#: What a compared cell is called in messages: the declared column titles and cell labels.
_LABELS = {**{column.key: column.title for column in forms.EVALUATION_FORM.columns},
           **{cell.name: cell.label for cell in forms.EVALUATION_FORM.cells}}


def cell_label(name: str) -> str:
    """What a compared cell is called in messages (``subtotal_A`` → 小计), never its English
    name: the declared column titles and cell labels of the form."""
    if name.startswith("subtotal_"):
        return "小计"
    return _LABELS.get(name, "单元格")


def _show(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "空" if value is None else str(value)


@dataclass(frozen=True)
class WorkbookReport:
    """The re-scored workbook: the engine's result and how the stored values compare."""

    file: str
    metadata: Metadata
    result: Result
    disagreements: tuple[Disagreement, ...]
    not_calculated: int
    problems: tuple[Issue, ...] = field(default_factory=tuple)
    unit_name: str = ""
    unit_code: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The shape of ``perfscore score --example --json`` plus file, unit and comparisons."""
        data = self.result.to_dict()
        data["issues"] = [issue.to_dict() for issue in self.problems] + data["issues"]
        data.update({
            "file": self.file, "unit_name": self.unit_name,
            "unit_code": self.unit_code, "year": self.metadata.year_number,
            "variant": self.metadata.variant, "not_calculated": self.not_calculated,
            "disagreements": [d.to_dict() for d in self.disagreements]})
        return data


def _engine_value(result: Result, stored: StoredValue) -> Any:
    """What the engine says the stored cell should hold (None: nothing to compare)."""
    if stored.name in ("computed", "score", "lost"):
        item = result.item(stored.item)
        if item.not_applicable:
            return None
        if stored.name == "computed":
            return item.computed
        if stored.name == "lost":
            return item.lost if item.role == "score" else None
        return item.final
    if stored.name.startswith("subtotal_"):
        if stored.item in result.subtotals:
            return result.subtotals[stored.item]
        return result.item(stored.item).final
    return {"total_score": result.total, "total_deduction": result.deduction,
            "grade": result.grade, "bonus_score": result.bonus, "penalty_score": result.penalty,
            "base_score": result.base}.get(stored.name)


#: A cell text by which the form shows a problem instead of a score (``#PS-V003 漏写%``).
_FORM_PROBLEM = re.compile(r"#(PS-[A-Z]\d{3})\b")


def compare(result: Result, stored: tuple[StoredValue, ...]) -> tuple[list[Disagreement], int]:
    """The stored values that disagree with ``result``, and how many were never calculated."""
    disagreements: list[Disagreement] = []
    not_calculated = 0
    problems: dict[str, set[str]] = {}
    for issue in result.issues:
        problems.setdefault(issue.item, set()).add(issue.code)
    for cell in stored:
        try:
            engine = _engine_value(result, cell)
        except PerfscoreError:
            continue
        if engine is None:
            continue
        if cell.value is None:
            not_calculated += 1
            continue
        shown = _FORM_PROBLEM.match(text_of(cell.value))
        if shown and shown.group(1) in problems.get(cell.item, ()):
            continue  # the form shows the problem the engine found (#PS-V003 漏写%)
        if isinstance(engine, str):
            agree = text_of(cell.value) == engine
        else:
            number = _number(cell.value)
            agree = number is not None and abs(number - engine) <= TOLERANCE
        if not agree:
            disagreements.append(Disagreement(cell.ref, cell.name, cell.item, cell.value, engine))
    return disagreements, not_calculated


def score_evaluation(filled: FilledEvaluation) -> WorkbookReport:
    """Re-score a read workbook with the engine and compare the stored values.

    An add-in workbook recalculated without the add-in (LibreOffice, WPS, Excel without it)
    holds ``#NAME?`` in every function cell and in every cell that depends on one: those cells
    count as not calculated, and one issue (PS-W016) says why, instead of a disagreement each.
    """
    # The policies the workbook was made with (partial steps, tiers, …), as its formulas do.
    result = evaluate(filled.framework, filled.inputs, filled.metadata.scoring_policies(filled.file))
    stored, problems = filled.stored, filled.problems
    if filled.metadata.variant == "addin":
        missing = sum(1 for cell in stored if text_of(cell.value) == ADDIN_NOT_LOADED)
        if missing:
            stored = tuple(replace(cell, value=None) if text_of(cell.value) == ADDIN_NOT_LOADED
                           else cell for cell in stored)
            problems = (*problems, Issue("PS-W016", (
                f"加载项未加载，工作簿中的函数结果为 {ADDIN_NOT_LOADED}（{missing} 个单元格），"
                "已按引擎重新计算")))
    # The engine knows items, the reader knows cells: value issues name the cell typed into.
    result = replace(result, issues=tuple(
        replace(issue, cell=filled.input_cells.get(issue.item, ""))
        if issue.code.startswith(_VALUE_ISSUES) else issue for issue in result.issues
        if (issue.item, issue.code) not in filled.superseded))
    disagreements, not_calculated = compare(result, stored)
    return WorkbookReport(filled.file, filled.metadata, result, tuple(disagreements),
                          not_calculated, problems, filled.unit_name, filled.unit_code)


#: Codes of the engine's issues about an actual value (located at the 实际完成值 cell).
_VALUE_ISSUES = ("PS-V", "PS-F008")

#: The error value Excel, WPS and LibreOffice show for a function they do not know: the
#: add-in's ``=PERF_*`` functions when the add-in is not loaded.
ADDIN_NOT_LOADED = EXCEL_ERRORS[EXCEL_ERRORS.index("#NAME?")]


def score_workbook(path: str | Path) -> WorkbookReport:
    """Read a filled self-evaluation workbook (either variant) and re-score it.

    Args:
        path: The .xlsx file.

    Returns:
        The :class:`WorkbookReport` (``to_dict()`` is the JSON of ``perfscore score``).

    Raises:
        WorkbookFileError: When the file is not a readable self-evaluation workbook of this
            product (PS-W001 … PS-W012).
    """
    return score_evaluation(read_evaluation(open_workbook(path)))


def evaluation_report(book: WorkbookData) -> dict[str, Any]:
    """``perfscore score --json`` of a read self-evaluation workbook (the registry's ``score``
    of the evaluation form), with ``unfilled``: a workbook nobody typed a value into has no total
    (``null``), 等次 未填报 and no lost items, as collect lists it (its PS-F008s stay)."""
    from ..project.vocab import UNFILLED

    filled = read_evaluation(book)
    report = score_evaluation(filled).to_dict()
    report["unfilled"] = filled.unfilled
    if filled.unfilled:
        report.update(total=None, grade=UNFILLED, deduction=None, lost_items=[])
    return report


# --------------------------------------------------------------------------- target form


@dataclass(frozen=True)
class FilledTarget:
    """A target-form workbook as read, with its problems (funding sums, unreadable values)."""

    file: str
    metadata: Metadata
    form: TargetForm
    problems: tuple[PerfscoreError, ...]
    changed: bool


def _amount(book: WorkbookData, name: str) -> tuple[float | None, PerfscoreError | None]:
    """A funding amount (万元; a number, or text such as ``7056.22万元``) and its problem.

    Blank or unreadable amounts are None, never 0: PS-G004 when blank, PS-W010 when unreadable.
    """
    value = book.named(name)
    label = forms.TARGET_FORM.cell(name).label
    where = {"file": book.file, "sheet": forms.TARGET_FORM.sheet, "cell": book.area(name).ref()}
    if isinstance(value, str) and not value.strip():
        value = None
    if value is None:
        return None, TargetFormError(MESSAGES["funding_missing"].format(label=label),
                                     code="PS-G004", **where)
    try:
        return coerce_number(value, unit=forms.FUNDING_UNIT), None
    except PerfscoreError:
        return None, WorkbookFileError(MESSAGES["funding_unreadable"].format(
            label=label, text=excerpt(value)), code="PS-W010", **where)


def read_target(book: WorkbookData) -> FilledTarget:
    """Read a target-form workbook: header, funding and indicator table.

    Problems name the sheet cell: a blank or unreadable funding amount, a 资金总额 cell that
    disagrees with 基本支出 + 项目支出 (overwritten by hand), a named indicator without its
    values, a value in a row without a 三级 name, an unreadable value.

    Raises:
        WorkbookFileError: PS-W007 when defined names are missing.
    """
    layout = forms.TARGET_FORM
    texts = {name: text_of(book.named(name)) for _, name, _, _ in forms.TARGET_TEXT_ROWS}
    problems: list[PerfscoreError] = []
    uncalculated = uncalculated_inputs(book, layout)
    amounts: dict[str, float | None] = {}
    for key in ("annual_basic", "annual_project", "half_basic", "half_project"):
        amounts[key], problem = _amount(book, f"funding_{key}")
        if problem is not None:
            problems.append(problem)
    funding = Funding(**amounts)
    for column in ("annual", "half"):
        name = f"funding_{column}_total"
        stated = book.named(name)
        # A cached total that is not the sum was typed over the locked formula (or is stale).
        problem = funding.total_problem(column, _number(stated)) if stated is not None else None
        if problem is not None:
            problems.append(problem.located(file=book.file, sheet=layout.sheet,
                                            cell=book.area(name).ref()))
    columns = {column.key: book.column(column.name) for column in layout.official_columns}
    for key in ("level1", "level2"):
        columns[key] = filled_down(columns[key])
    kept = [index for index in range(len(columns["level1"])) if columns["level1"][index]]
    indicators = tuple(
        TargetIndicator(**{key: text_of(values[index]) for key, values in columns.items()})
        for index in kept)
    form = TargetForm(unit_name=texts["unit_name"], year=book.metadata.year_number or 0,
                      funding=funding, unit_code=book.metadata.unit_code,
                      indicators=indicators,
                      **{key: texts[key] for key in forms.TARGET_LONG_TEXT_KEYS})

    def locate(index: int, key: str) -> dict[str, Any]:
        area = book.area(layout.column(key).name)
        return {"cell": area.ref(row=area.first_row + kept[index])}

    for error in form.problems(locate):
        problems.append(error.located(file=book.file, sheet=layout.sheet))
    # A blank amount or value that holds a formula never calculated is reported as such.
    formula_cells = {found.cell for found in uncalculated}
    problems = [problem for problem in problems
                if not (problem.code in ("PS-G004", "PS-T002") and problem.cell in formula_cells)]
    problems.extend(WorkbookFileError(found.message(), code="PS-W010", file=book.file,
                                      sheet=layout.sheet, cell=found.cell) for found in uncalculated)
    changed = bool(book.metadata.rules_checksum) and target_checksum(form) != book.metadata.rules_checksum
    return FilledTarget(book.file, book.metadata, form, tuple(problems), changed)
