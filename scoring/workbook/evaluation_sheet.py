"""The self-evaluation form's sheets: the framework table with live scores, and the awards.

:class:`EvaluationSheet` lays out :data:`scoring.forms.EVALUATION_FORM`: one row per scored item
(leaf) in form order, 一级 and 二级 labels merged down their groups, then the 总得分 row and the
评价等次 row. Working columns beside the printed form hold the code, points, actual value, the
computed score, the evaluator's adjusted score, the 不适用 mark, points lost, subtotals and
warnings. The F1 bonus reads its awards from the 加分项明细 sheet.

How the official 得分 is set (docs/templates.md, Decisions): 得分 is a locked formula
``=IF(不适用,"不适用",IF(调整得分 is a number, 调整得分 within 0–分值, 系统评分))``; the
evaluator types into the unlocked 评价人调整得分 column, so no formula is ever overwritten and
clearing the adjusted score restores the computed one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.formatting.rule import FormulaRule
from openpyxl.worksheet.worksheet import Worksheet

from .. import forms
from ..actuals import coerce_number, is_blank, split_awards
from ..errors import PerfscoreError
from ..forms import AWARDS_COLUMNS, EVALUATION_FORM, indicator_label
from ..framework import Framework, Indicator, Inputs
from ..grading import grade
from ..policies import Policies
from ..rules import Rule
from . import styles
from .cells import (Validations, absolute, add_name, cell_at, check_message, fit_row, letters,
                    merge, page_setup, protect, put_formula, put_text, runs, set_widths, style_row,
                    table_heading, title_rows)

#: The unit line's input cells by defined name: (letter, row).
_UNIT_CELLS: dict[str, tuple[str, int]] = {
    name: (first, forms.EVALUATION_UNIT_ROW) for name, _, first, _ in forms.EVALUATION_UNIT_LINE}

#: Tolerance of the formulas that compare scores (as ``scoring.framework.EPSILON``).
EPS = "0.000000001"
#: Author of the notes the writer puts on cells.
GENERATOR_AUTHOR = "perfscore"


def _fits_a_list(choices: tuple[str, ...]) -> bool:
    """Whether the choices can be an inline dropdown list (no comma, within Excel's limit)."""
    return bool(choices) and not any("," in word for word in choices) and \
        len(",".join(choices)) <= forms.LIST_LIMIT


def _literal(text: str) -> str:
    """A text as a formula's string literal, cut into pieces Excel accepts (255 characters)."""
    pieces = [text[i:i + 250] for i in range(0, len(text), 250)] or [""]
    return "&".join('"' + piece.replace('"', '""') + '"' for piece in pieces)


class _Leaf:
    """A scored item, its place on the sheet and its parsed rule (or the parse error).

    A rule the reader cannot read is an evaluator-scored rule (``rule.unread``): its 实际完成值
    cell takes the evaluator's score, marked and noted (PS-R007); only an empty rule is an error.
    """

    def __init__(self, item: Indicator, row: int, section: Indicator, group: Indicator,
                 rule_of: Callable[[Indicator], Rule]) -> None:
        self.item = item
        self.row = row
        self.section = section
        self.group = group
        self.rule: Rule | None = None
        self.error: PerfscoreError | None = None
        try:
            self.rule = rule_of(item)
        except PerfscoreError as exc:
            self.error = exc

    @property
    def input_kind(self) -> str:
        """How the actual value is entered (``percent`` … ``score``); unreadable rules: number."""
        return self.rule.input_kind if self.rule is not None else "number"

    @property
    def cap(self) -> float | None:
        """The highest score the item can have as the form prints it: its points (None when the
        form prints none; a bonus item is then capped by the policy, ``bonus_item_cap``)."""
        return self.item.points


class EvaluationSheet:
    """Builds the self-evaluation sheets of one workbook (see module docs).

    ``rule_of`` gives each scored item's rule (its parsed 评价要点 by default; batch fill gives
    a recording stand-in while a layout's template is built: :mod:`scoring.batch.recorded_rules`).
    So a rule is read only through its properties and methods, and the formulas it writes
    (``to_formula``, ``veto_formula``, ``accepts_formula``) go into formulas as they are (at
    most without their ``=``): in a template they are sentinels.
    """

    def __init__(self, wb: Workbook, framework: Framework, inputs: Inputs, *, unit_name: str,
                 unit_code: str, year: int | None, variant: str, policies: Policies,
                 rule_of: Callable[[Indicator], Rule] = Indicator.rule) -> None:
        self.wb = wb
        self.framework = framework
        self.inputs = inputs
        self.unit_name = unit_name
        self.unit_code = unit_code
        self.year = year
        self.variant = variant
        self.policies = policies
        self.rule_of = rule_of
        self.layout = EVALUATION_FORM
        self.col = {column.key: column.letter for column in self.layout.columns}
        self.leaves = self._place()
        last = self.leaves[-1].row if self.leaves else self.layout.first_data_row
        self.last_row = last
        self.total_row = last + 1
        self.grade_row = last + 2
        #: Working cells beside the total rows: name → cell reference on the form's sheet.
        self.working = {name: f"{self.col['points']}{self.total_row + i}"
                        for i, (name, _) in enumerate(forms.EVALUATION_WORKING_CELLS)}
        self.ws: Worksheet = wb.active
        self.awards_ref = ""

    # ------------------------------------------------------------------ layout
    def _place(self) -> list[_Leaf]:
        leaves: list[_Leaf] = []
        row = self.layout.first_data_row
        for section in self.framework.sections:
            for group in section.children or (section,):
                for leaf in group.children or (group,):
                    leaves.append(_Leaf(leaf, row, section, group, self.rule_of))
                    row += 1
        return leaves

    def build(self) -> None:
        """Write the form's sheet and, when the framework has a bonus item, the awards sheet."""
        ws = self.ws
        ws.title = self.layout.sheet
        set_widths(ws, self.layout)
        bonus = [leaf for leaf in self.leaves if leaf.item.role == "bonus"]
        if bonus:
            self._awards_sheet(bonus[0])
        title = f"{self.unit_name}{forms.EVALUATION_TITLE}"
        title_rows(ws, self.layout, title, forms.EVALUATION_SUBTITLE.format(year=self.year or "    "),
                   forms.EVALUATION_TITLE_ROW, forms.EVALUATION_SUBTITLE_ROW)
        if not self.unit_name:
            # A blank template: the title follows the unit name the staff type. Only a cell
            # reference goes into the formula, never text from data.
            put_formula(ws, f"{self.layout.first_letter}{forms.EVALUATION_TITLE_ROW}",
                        f'={absolute(*_UNIT_CELLS["unit_name"])}&"{forms.EVALUATION_TITLE}"')
        self._unit_row()
        table_heading(ws, self.layout)
        validations = Validations(ws)
        for leaf in self.leaves:
            self._leaf_row(leaf, validations)
        self._merge_groups()
        self._totals()
        self._conditional_formats()
        last = max(self.last_row, self.layout.first_data_row)
        for column in self.layout.columns:
            add_name(self.wb, column.name, ws.title,
                     absolute(column.letter, self.layout.first_data_row, last))
        page_setup(ws, self.layout, self.grade_row)
        ws.freeze_panes = f"A{self.layout.first_data_row}"
        protect(ws)

    def _unit_row(self) -> None:
        ws, row = self.ws, forms.EVALUATION_UNIT_ROW
        values = {"unit_name": self.unit_name, "unit_code": self.unit_code}
        for name, label_letter, first, last in forms.EVALUATION_UNIT_LINE:
            put_text(ws, f"{label_letter}{row}", forms.UNIT_LABELS[name])
            styles.LABEL_BOLD.apply(cell_at(ws, f"{label_letter}{row}"))
            put_text(ws, f"{first}{row}", values[name] or None)
            # Text format: a code typed as 001001 keeps its leading zeros.
            style_row(ws, letters(first, last), row, styles.body("input", "left"),
                      "@" if name == "unit_code" else None)
            if last != first:
                merge(ws, f"{first}{row}", f"{last}{row}")
            add_name(self.wb, name, ws.title, absolute(*_UNIT_CELLS[name]))
        ws.row_dimensions[row].height = 22

    # ------------------------------------------------------------------ one item
    def _leaf_row(self, leaf: _Leaf, validations: Validations) -> None:
        ws, c, r, item = self.ws, self.col, leaf.row, leaf.item
        role_style = styles.body
        section, group = leaf.section, leaf.group
        put_text(ws, f"{c['level1']}{r}", indicator_label(
            section.code, section.name, section.points, cap=section.role == "adjustment"))
        if group is item:
            put_text(ws, f"{c['level2']}{r}", indicator_label(item.code, item.name, item.points))
        else:
            put_text(ws, f"{c['level2']}{r}", indicator_label(group.code, group.name, group.points))
            put_text(ws, f"{c['level3']}{r}", indicator_label(item.code, item.name, item.points))
        put_text(ws, f"{c['description']}{r}", item.description or None)
        put_text(ws, f"{c['rule']}{r}", item.rule_text or None)
        put_text(ws, f"{c['code']}{r}", item.code)
        put_text(ws, f"{c['role']}{r}", forms.ROLE_LABELS.get(item.role, item.role))
        put_text(ws, f"{c['points']}{r}", item.points)
        for column in self.layout.columns:
            role = column.role
            if column.key == "rule" and self.variant == "addin":
                role = "input"  # the text is the rule: editing it re-scores
            if column.key == "actual" and item.role == "bonus":
                role = "label"
            if column.key in ("lost",) and item.role != "score":
                role = "label"
            style = styles.CHECK if column.key == "check" else role_style(role, column.align)
            style.apply(cell_at(ws, f"{column.letter}{r}"), column.number_format)
        self._actual(leaf, validations)
        self._computed(leaf)
        self._score(leaf, validations)
        fit_row(ws, r, [(item.rule_text, 26), (item.description, 20),
                        (indicator_label(item.code, item.name, item.points), 14),
                        (self.inputs.reasons.get(item.code, ""), 20)])

    def _actual(self, leaf: _Leaf, validations: Validations) -> None:
        ws, c, r, item = self.ws, self.col, leaf.row, leaf.item
        ref = f"{c['actual']}{r}"
        if item.role == "bonus":
            put_text(ws, ref, forms.AWARDS_ACTUAL_TEXT)
            return
        kind = leaf.input_kind
        validation = forms.ACTUAL_VALIDATIONS[kind if kind in forms.ACTUAL_VALIDATIONS else "number"]
        choices = leaf.rule.choices if leaf.rule is not None else ()
        if kind == "parts" and leaf.rule is not None:
            validation = replace(validation, prompt=validation.prompt.format(
                inputs=leaf.rule.inputs_text())[:255])
        elif kind in forms.LABEL_INPUT_KINDS and leaf.rule is not None:
            # the labels are the rule's own numbering only in the standard notation: say them
            validation = replace(validation, prompt=validation.prompt.format(
                items=leaf.rule.part.items_text())[:255])
        elif kind == "choice" and not _fits_a_list(choices):
            validation = replace(forms.ACTUAL_VALIDATIONS["choice_open"],
                                 prompt=forms.ACTUAL_VALIDATIONS["choice_open"].prompt.format(
                                     choices="、".join(choices))[:255])
        validations.add(validation, ref, choices=choices, maximum=leaf.cap)
        if kind == "percent":
            cell_at(ws, ref).number_format = forms.PERCENT_NUMBER_FORMAT
        if leaf.rule is not None and leaf.rule.unread is not None:
            # 本项评分规则无法自动读取: the evaluator scores here; the cell says so.
            cell_at(ws, ref).comment = Comment(forms.UNREAD_NOTE, GENERATOR_AUTHOR)
            styles.UNREAD.apply(cell_at(ws, ref))
        put_text(ws, ref, self._actual_value(leaf))

    def _actual_value(self, leaf: _Leaf) -> Any:
        """The actual value to write: numbers as numbers (``97%`` → 0.97), choices as text.

        For items the evaluator scores directly (D1, F2) an entered 得分 is the actual value.
        """
        code = leaf.item.code
        actual = self.inputs.actuals.get(code)
        if is_blank(actual) and leaf.input_kind == "score":
            actual = self.inputs.scores.get(code)
        if is_blank(actual):
            return None
        if leaf.input_kind in ("percent", "number", "count", "score") and isinstance(actual, str):
            try:
                return coerce_number(actual, percent=leaf.input_kind == "percent")
            except PerfscoreError:
                return actual  # kept as typed; the 提示 column flags it
        return actual

    def _computed(self, leaf: _Leaf) -> None:
        ws, c, r = self.ws, self.col, leaf.row
        ref = f"{c['computed']}{r}"
        actual, rule_cell, points = f"{c['actual']}{r}", f"{c['rule']}{r}", f"{c['points']}{r}"
        if leaf.item.role == "bonus":
            if self.variant == "addin":
                put_formula(ws, ref, f"=PERF_BONUS({self.awards_pairs_ref},{rule_cell},"
                                     f"{forms.POLICIES_NAME}"
                                     + (f",{points})" if leaf.item.points is not None else ")"))
            else:
                cap = self.policies.bonus_item_cap(leaf.cap)
                put_formula(ws, ref, f"=MIN({cap:g},SUM({self.awards_ref}))")
            return
        if self.variant == "addin":
            rule_ref = rule_cell if not leaf.item.notation else _literal(leaf.item.notation)
            put_formula(ws, ref, f"=PERF_SCORE({actual},{rule_ref},{points},{forms.POLICIES_NAME})")
        elif leaf.rule is None:
            put_text(ws, ref, leaf.error.cell_text() if leaf.error else None)
        else:
            # A number the engine refuses (95 for 95%, −5% for a completion rate) shows its
            # code in the printed 得分 cell and scores nothing, as the engine scores it.
            put_formula(ws, ref, leaf.rule.to_formula(actual, self.policies))

    def _score(self, leaf: _Leaf, validations: Validations) -> None:
        """得分, 调整得分, 不适用, 扣分 and 提示 of one item."""
        ws, c, r, item = self.ws, self.col, leaf.row, leaf.item
        override, computed, na = f"{c['override']}{r}", f"{c['computed']}{r}", f"{c['not_applicable']}{r}"
        score = f"{c['score']}{r}"
        cap = self.policies.bonus_item_cap(leaf.cap) if item.role == "bonus" else leaf.cap
        clamp = f"MAX({override},0)" if cap is None else f"MIN(MAX({override},0),{cap:g})"
        put_formula(ws, score, f'=IF({na}="{forms.NOT_APPLICABLE_VALUE}","不适用",'
                               f"IF(ISNUMBER({override}),{clamp},{computed}))")
        validations.add(forms.OVERRIDE_VALIDATION, override, maximum=cap)
        validations.add(forms.NOT_APPLICABLE_VALIDATION, na)
        put_text(ws, override, self._override_value(leaf))
        if item.code in self.inputs.not_applicable:
            put_text(ws, na, forms.NOT_APPLICABLE_VALUE)
        put_text(ws, f"{c['reason']}{r}", self.inputs.reasons.get(item.code) or None)
        if item.role == "score":
            # A score cell showing a problem (#PS-V003 …) scores nothing: all points lost.
            put_formula(ws, f"{c['lost']}{r}",
                        f'=IF(ISNUMBER({score}),MAX({c["points"]}{r}-{score},0),'
                        f'IF(LEFT({score},3)="#PS",{c["points"]}{r},""))')
        self._check(leaf, cap)

    def _override_value(self, leaf: _Leaf) -> float | None:
        """The evaluator's score to write, only where it differs from what the rule gives."""
        entered = self.inputs.scores.get(leaf.item.code)
        if entered is None or leaf.input_kind == "score" and is_blank(
                self.inputs.actuals.get(leaf.item.code)):
            return None
        if leaf.rule is not None:
            try:
                computed = leaf.rule.score(self._engine_actual(leaf), self.policies)
            except PerfscoreError:
                return float(entered)
            if abs(computed - float(entered)) <= 1e-9:
                return None
        return float(entered)

    def _engine_actual(self, leaf: _Leaf) -> Any:
        if leaf.item.role == "bonus":
            return self.inputs.actuals.get(leaf.item.code)
        return self._actual_value(leaf)

    def _check(self, leaf: _Leaf, cap: float | None) -> None:
        ws, c, r, item = self.ws, self.col, leaf.row, leaf.item
        parts: list[str] = []
        if item.role == "score":
            # Points lost for a value not yet typed are that problem, not a missing reason
            # (one message per problem, as the engine reports it).
            parts.append(f'IF(AND(ISNUMBER({c["lost"]}{r}),{c["lost"]}{r}>0,'
                         f'LEN(TRIM({c["reason"]}{r}))=0,'
                         f'OR(LEN(TRIM({c["actual"]}{r}))>0,ISNUMBER({c["override"]}{r}))),'
                         f'"{forms.CHECK_TEXTS["reason_missing"]}","")')
        if cap is not None:
            parts.append(f'IF(AND(ISNUMBER({c["override"]}{r}),OR({c["override"]}{r}<0,'
                         f'{c["override"]}{r}>{cap:g})),"调整得分超出 0–{cap:g} 分；","")')
        actual = f"{c['actual']}{r}"
        kind = leaf.input_kind
        if kind in ("percent", "number", "count", "score") and item.role != "bonus":
            parts.append(f'IF(AND({actual}<>"",NOT(ISNUMBER({actual}))),'
                         f'"{check_message("PS-V001")}：应为数字；","")')
        if kind == "percent":
            parts.append(f'IF(AND(ISNUMBER({actual}),{actual}>{forms.PERCENT_CELL_MAXIMUM:g}),'
                         f'"{check_message("PS-V003")}：应如 95%；","")')
            # 8 typed for 8% scores as 800% (the engine's rule, docs/templates.md): a soft
            # warning, since some rates legitimately exceed 100%.
            parts.append(f'IF(AND(ISNUMBER({actual}),{actual}>1,'
                         f'{actual}<={forms.PERCENT_CELL_MAXIMUM:g}),'
                         f'"{forms.CHECK_TEXTS["percent_above_full"]}","")')
        if kind in ("count", "score") and item.role != "bonus":
            parts.append(f'IF(AND(ISNUMBER({actual}),{actual}<0),"{check_message("PS-V004")}；","")')
        if kind in forms.ACTUAL_CHECK_HINTS and leaf.rule is not None:
            parts.append(f'IF(AND({actual}<>"",NOT({leaf.rule.accepts_formula(actual)})),'
                         f'"{check_message("PS-V001")}：{forms.ACTUAL_CHECK_HINTS[kind]}；","")')
        if kind == "parts" and leaf.rule is not None:
            count = leaf.rule.inputs
            # Too many fields, or too few for the parts that may not be left out (a described
            # finding such as 完成率97%,质量问题2项: the engine reads it on collect, PS-V006;
            # the cell's formula only reads fields).
            required = max((slot + 1 for slot in range(count) if any(
                not part.optional for part in leaf.rule.slot_parts(slot))), default=1)
            separators = (f'LEN({actual})-LEN(SUBSTITUTE(SUBSTITUTE(SUBSTITUTE({actual},"；",""),'
                          f'";",""),CHAR(10),""))')
            parts.append(f'IF(AND({actual}<>"",OR({separators}>{count - 1},'
                         f'{separators}<{required - 1})),'
                         f'"{check_message("PS-V001")}：应依次填写{count}个分项，用分号隔开；","")')
        if leaf.input_kind == "score" and item.role == "score":
            parts.append(f'IF(AND({actual}="",{c["override"]}{r}="",'
                         f'{c["not_applicable"]}{r}=""),"待评价人打分；","")')
        if leaf.rule is not None and leaf.rule.unread is not None:
            parts.append(f'"{check_message("PS-R007")}；"')
        if leaf.error is not None:
            parts.append('"' + f"{check_message(leaf.error.code)}：评分规则无法识别".replace('"', "'") + '"')
        put_formula(ws, f"{c['check']}{r}", "=" + "&".join(parts) if parts else '=""')

    # ------------------------------------------------------------------ groups and totals
    def _merge_groups(self) -> None:
        ws, c = self.ws, self.col
        leaves = self.leaves
        for start, end in runs([leaf.section.code for leaf in leaves]):
            first, last = leaves[start], leaves[end]
            merge(ws, f"{c['level1']}{first.row}", f"{c['level1']}{last.row}")
            merge(ws, f"{c['subtotal1']}{first.row}", f"{c['subtotal1']}{last.row}")
            cell = f"{c['subtotal1']}{first.row}"
            if first.section.role == "adjustment":
                put_formula(ws, cell, f"={self.working['bonus_score']}-{self.working['penalty_score']}")
            else:
                put_formula(ws, cell, f"=SUM({c['score']}{first.row}:{c['score']}{last.row})")
            add_name(self.wb, f"subtotal_{first.section.code}", ws.title,
                     absolute(c["subtotal1"], first.row))
        for start, end in runs([(leaf.section.code, leaf.group.code) for leaf in leaves]):
            first, last = leaves[start], leaves[end]
            if first.group is not first.item:
                merge(ws, f"{c['level2']}{first.row}", f"{c['level2']}{last.row}")
            merge(ws, f"{c['subtotal2']}{first.row}", f"{c['subtotal2']}{last.row}")
            put_formula(ws, f"{c['subtotal2']}{first.row}",
                        f"=SUM({c['score']}{first.row}:{c['score']}{last.row})")
            add_name(self.wb, f"subtotal_{first.group.code}", ws.title,
                     absolute(c["subtotal2"], first.row))

    def _totals(self) -> None:
        ws, c, wb = self.ws, self.col, self.wb
        policies, working = self.policies, self.working
        t, g = self.total_row, self.grade_row
        first, last = self.layout.first_data_row, self.last_row
        official = [column.letter for column in self.layout.official_columns]
        label_end = c["rule"]
        for row, label in ((t, forms.TOTAL_LABEL.format(points=policies.total_points)),
                           (g, forms.GRADE_LABEL)):
            put_text(ws, f"A{row}", label)
            style_row(ws, official, row, styles.LABEL_BOLD)
            merge(ws, f"A{row}", f"{label_end}{row}")
            ws.row_dimensions[row].height = 24
        merge(ws, f"{c['score']}{g}", f"{c['reason']}{g}")
        # Working block: label (code:role merged) and value (points column).
        for i, (name, label) in enumerate(forms.EVALUATION_WORKING_CELLS):
            row = t + i
            put_text(ws, f"{c['code']}{row}", label)
            style_row(ws, [c["code"], c["role"]], row, styles.WORKING_HEADING)
            merge(ws, f"{c['code']}{row}", f"{c['role']}{row}")
            styles.body("computed").apply(cell_at(ws, working[name]))
            add_name(wb, name, ws.title, absolute(c["points"], row))
        score_sections = [leaf.row for leaf in self._section_firsts() if leaf.section.role == "score"]
        put_formula(ws, working["base_raw"],
                    "=" + ("SUM(" + ",".join(f"{c['subtotal1']}{row}" for row in score_sections) + ")"
                           if score_sections else "0"))
        span = lambda key: f"{c[key]}{first}:{c[key]}{last}"  # noqa: E731
        put_formula(ws, working["applicable_points"],
                    f'=SUMPRODUCT(({span("role")}="{forms.ROLE_LABELS["score"]}")*'
                    f'({span("not_applicable")}<>"{forms.NOT_APPLICABLE_VALUE}")*{span("points")})')
        full = f"{policies.total_points:g}"
        applicable = working["applicable_points"]
        if policies.not_applicable == "rescale":
            put_formula(ws, working["base_score"],
                        f"=IF(AND({applicable}>{EPS},{applicable}<{full}-{EPS}),"
                        f"ROUND({working['base_raw']}*{full}/{applicable},{policies.rescale_digits}),"
                        f"{working['base_raw']})")
            measured = f"IF(AND({applicable}>{EPS},{applicable}<{full}-{EPS}),{full},{applicable})"
        else:  # redistribute: subtotals already share a not-applicable item's points
            put_formula(ws, working["base_score"], f"={working['base_raw']}")
            measured = applicable
        bonus = [leaf for leaf in self.leaves if leaf.item.role == "bonus"]
        penalty = [leaf for leaf in self.leaves if leaf.item.role == "penalty"]
        cells = lambda group: ",".join(f"{c['score']}{leaf.row}" for leaf in group)  # noqa: E731
        put_formula(ws, working["bonus_score"],
                    f"=MIN(SUM({cells(bonus)}),{policies.bonus_cap:g})" if bonus else "=0")
        put_formula(ws, working["penalty_score"], f"=SUM({cells(penalty)})" if penalty else "=0")
        put_formula(ws, working["vetoed"], self._veto_formula())
        total, grade_cell = f"{c['score']}{t}", f"{c['score']}{g}"
        vetoed = working["vetoed"]
        if self.variant == "addin":
            body = (f"PERF_TOTAL({working['base_score']},{working['bonus_score']},"
                    f"{working['penalty_score']},{forms.POLICIES_NAME})")
            grade_body = f"PERF_GRADE({total})"
        else:
            body = (f"MIN(MAX({working['base_score']}+{working['bonus_score']}-"
                    f"{working['penalty_score']},0),{full})")
            grade_body = self._grade_formula(total)
        zero = "0" if policies.veto == "zero_total" else body
        put_formula(ws, total, f"=IF({vetoed},{zero},{body})")
        put_formula(ws, grade_cell, f'=IF({vetoed},"{grade(0.0, policies.grade_bands)}",{grade_body})')
        deduction = f"{working['base_score']}-{measured}-{working['penalty_score']}"
        if policies.veto == "zero_total":  # a veto forfeits the whole score (docs/framework.md)
            deduction = f"IF({vetoed},-{full},{deduction})"
        put_formula(ws, f"{c['reason']}{t}", f"={deduction}")
        for ref in (total, grade_cell, f"{c['reason']}{t}"):
            styles.LABEL_BOLD.apply(cell_at(ws, ref))
        styles.LABEL_BOLD.apply(cell_at(ws, f"{c['reason']}{g}"))
        add_name(wb, "total_score", ws.title, absolute(c["score"], t))
        add_name(wb, "total_deduction", ws.title, absolute(c["reason"], t))
        add_name(wb, "grade", ws.title, absolute(c["score"], g))

    def _section_firsts(self) -> list[_Leaf]:
        return [self.leaves[start] for start, _ in runs([leaf.section.code for leaf in self.leaves])]

    def _grade_formula(self, total: str) -> str:
        """Nested IFs over the grade bands, highest first (bands are data)."""
        bands = sorted(self.policies.grade_bands, key=lambda band: band[0], reverse=True)
        formula = f'"{bands[-1][1]}"'
        for lower, name in reversed(bands[:-1]):
            formula = f'IF({total}>={lower:g},"{name}",{formula})'
        return formula

    def _veto_formula(self) -> str:
        """TRUE when a veto item (一票否决) is triggered, as :func:`scoring.framework.evaluate`."""
        c = self.col
        tests = []
        for leaf in self.leaves:
            if leaf.rule is None:
                continue
            r = leaf.row
            triggered = leaf.rule.veto_formula(f"{c['actual']}{r}")
            if triggered is None:
                continue
            tests.append(f'AND({c["actual"]}{r}<>"",{triggered},'
                         f'{c["not_applicable"]}{r}<>"{forms.NOT_APPLICABLE_VALUE}")')
        return f"=OR({','.join(tests)})" if tests else "=FALSE()"

    def _conditional_formats(self) -> None:
        ws, c = self.ws, self.col
        first, last = self.layout.first_data_row, self.last_row
        score = f"{c['score']}{first}:{c['score']}{last}"
        ws.conditional_formatting.add(score, FormulaRule(
            formula=[f"AND(ISNUMBER(${c['override']}{first}),"
                     f"ABS(${c['override']}{first}-N(${c['computed']}{first}))>{EPS})"],
            fill=styles.OVERRIDE_FILL))
        reason = f"{c['reason']}{first}:{c['reason']}{last}"
        ws.conditional_formatting.add(reason, FormulaRule(
            formula=[f"AND(ISNUMBER(${c['lost']}{first}),${c['lost']}{first}>0,"
                     f"LEN(TRIM(${c['reason']}{first}))=0)"],
            fill=styles.WARNING_FILL))

    # ------------------------------------------------------------------ awards
    @property
    def awards_pairs_ref(self) -> str:
        """The (工作事项, 奖项) range the add-in's PERF_BONUS reads."""
        sheet = forms.AWARDS_SHEET
        work, award = (column.letter for column in AWARDS_COLUMNS if column.key in ("work", "award"))
        first = forms.AWARDS_HEADER_ROW + 1
        return f"'{sheet}'!${work}${first}:${award}${first + forms.AWARDS_ROWS - 1}"

    def _awards_sheet(self, leaf: _Leaf) -> None:
        """The 加分项明细 sheet: rows of (工作事项, 奖项) with each row's counted bonus."""
        wb, item = self.wb, leaf.item
        ws = wb.create_sheet(forms.AWARDS_SHEET)
        col = {column.key: column.letter for column in AWARDS_COLUMNS}
        for column in AWARDS_COLUMNS:
            ws.column_dimensions[column.letter].width = column.width
        put_text(ws, "A1", forms.AWARDS_TITLE.format(code=item.code, name=item.name))
        styles.SUBTITLE.apply(cell_at(ws, "A1"))
        merge(ws, "A1", f"{AWARDS_COLUMNS[-1].letter}1")
        header = forms.AWARDS_HEADER_ROW
        for column in AWARDS_COLUMNS:
            put_text(ws, f"{column.letter}{header}", column.title)
            styles.HEADING.apply(cell_at(ws, f"{column.letter}{header}"))
        first, last = header + 1, header + forms.AWARDS_ROWS
        pairs = self._award_rows(item)
        validations = Validations(ws)
        rule = leaf.rule
        cumulative = rule is not None and (getattr(rule.part, "aggregation", None)
                                           or self.policies.bonus_aggregation) == "cumulative"
        work_span = f"${col['work']}${first}:${col['work']}${last}"
        amount_span = f"${col['amount']}${first}:${col['amount']}${last}"
        for index in range(forms.AWARDS_ROWS):
            r = first + index
            work, award = pairs[index] if index < len(pairs) else (None, None)
            put_text(ws, f"{col['number']}{r}", index + 1)
            put_text(ws, f"{col['work']}{r}", work)
            put_text(ws, f"{col['award']}{r}", award)
            for column in AWARDS_COLUMNS:
                styles.body(column.role, column.align).apply(cell_at(ws, f"{column.letter}{r}"))
            award_ref = f"{col['award']}{r}"
            if rule is not None:
                validations.add(forms.AWARDS_VALIDATION, award_ref, choices=rule.choices)
                amount = rule.to_formula(award_ref, self.policies)[1:]
                put_formula(ws, f"{col['amount']}{r}", f'=IF({award_ref}="",0,{amount})')
            elif leaf.error is not None:
                put_text(ws, f"{col['amount']}{r}", leaf.error.cell_text())
            work_ref, amount_ref = f"{col['work']}{r}", f"{col['amount']}{r}"
            if cumulative:
                put_formula(ws, f"{col['counted']}{r}", f"=N({amount_ref})")
            else:
                # Only the first row holding the highest award of its piece of work counts.
                put_formula(ws, f"{col['counted']}{r}", (
                    f'=IF({work_ref}="",N({amount_ref}),IF(AND(N({amount_ref})='
                    f"SUMPRODUCT(MAX(({work_span}={work_ref})*{amount_span})),"
                    f"COUNTIFS(${col['work']}${first}:{work_ref},{work_ref},"
                    f"${col['amount']}${first}:{amount_ref},{amount_ref})=1),N({amount_ref}),0))"))
        for column in AWARDS_COLUMNS:
            add_name(wb, column.name, ws.title, absolute(column.letter, first, last))
        self.awards_ref = f"'{forms.AWARDS_SHEET}'!${col['counted']}${first}:${col['counted']}${last}"
        ws.print_area = f"A1:{AWARDS_COLUMNS[-1].letter}{last}"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        protect(ws)

    def _award_rows(self, item: Indicator) -> list[tuple[str | None, str]]:
        """The entered awards as (work, award) rows; more than the sheet holds is an error."""
        try:
            pairs = split_awards(self.inputs.actuals.get(item.code)) or []
        except PerfscoreError:
            pairs = [(None, str(self.inputs.actuals.get(item.code)))]
        if len(pairs) > forms.AWARDS_ROWS:
            raise PerfscoreError(
                f"{item.code} 的奖项有 {len(pairs)} 项，模板最多容纳 {forms.AWARDS_ROWS} 项",
                code="PS-W011")
        return pairs

