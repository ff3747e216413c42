"""Read a filled monitoring workbook (部门整体预算绩效运行监控表) and judge it with the engine.

The workbook is found by what it declares (:mod:`scoring.workbook.reader`): the metadata sheet
says it is a monitoring form, and the defined names of :data:`scoring.forms.MONITORING_FORM`
say where each cell and column is. :func:`read_monitoring` rebuilds the
:class:`~scoring.monitoring.MonitoringForm` from the cells, keeping where each value was read,
so every problem names its cell (``监控表!K12``), and keeps the stored lights and counts (the
formulas' cached results). :func:`score_monitoring` judges the form with
:func:`scoring.monitoring.monitor`, under the policies the workbook was made with, and lists
each stored light that is not what the engine says. A workbook saved by openpyxl (freshly
filled) has no cached results: those cells count as not calculated, never as disagreements.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from .. import forms, vocab
from ..actuals import coerce_number, is_blank
from ..errors import MonitoringError, PerfscoreError, WorkbookFileError
from ..forms import MONITORING_FORM, MONITORING_FUND_COLUMNS
from ..monitoring import MAX_AMOUNT
from ..lights import light_word
from ..monitoring import (AMOUNT_KEYS, FUND_KEYS, FundEntry, Funds, IndicatorEntry,
                          MonitoringForm, MonitoringIndicator, MonitoringIssue, MonitoringResult,
                          Section, monitor, parse_period)
from ..plaintext import excerpt
from ..target_form import TargetIndicator
from .metadata import Metadata, monitoring_checksum
from .reader import (TOLERANCE, Disagreement, WorkbookData, filled_down, text_of,
                     uncalculated_inputs)

_MESSAGES = vocab.MONITOR_WORKBOOK_MESSAGES
#: Where a value was read: (section, row index within it, field) → ``监控表!K12``.
Cells = Mapping[tuple[Section, int | None, str], str]
#: The target form's fields an indicator row shows (工作内容 is left to the target form).
_TARGET_KEYS = ("level1", "level2", "work_item", "level3", "half_value", "full_value")
#: The entry's values read as typed (numbers, words); its other fields are texts.
_VALUE_KEYS = ("actual", "forecast")


@dataclass(frozen=True)
class StoredLight:
    """A stored light (``绿``) or light count, as the workbook's formulas last computed it.

    Attributes:
        section: ``funds`` or ``indicators`` for a row's light, ``counts`` for a count.
        index: The row within its section (0-based); None for a count.
        key: ``light`` for a row; the light counted (``green``) for a count.
        name: The defined name of the cell's column or cell (``mon_light``, ``monitor_green``).
        item: The 三级指标 or funds row; the count's label.
        cell: ``监控表!I13``.
        value: The cached value; None when the workbook was never calculated.
    """

    section: str
    index: int | None
    key: str
    name: str
    item: str
    cell: str
    value: Any


@dataclass(frozen=True)
class FilledMonitoring:
    """A monitoring workbook as read.

    Attributes:
        file: The file name.
        metadata: The metadata sheet.
        form: The form rebuilt from the cells (unit line first, metadata where it is blank).
        problems: What reading found: unreadable amounts and formulas never calculated
            (PS-W010), indicator values changed since the form was issued (PS-W007), a unit
            code typed over the issued one (PS-W014); each names its cell.
        cells: Where each value was read, to locate the engine's issues.
        stored: The stored lights and counts, to compare with the engine.
    """

    file: str
    metadata: Metadata
    form: MonitoringForm
    problems: tuple[MonitoringIssue, ...]
    cells: Cells
    stored: tuple[StoredLight, ...]

    def locate(self, issue: MonitoringIssue) -> MonitoringIssue:
        """The engine's ``issue`` with the cell it is about (``监控表!K12``)."""
        cell = self.cells.get((issue.section, issue.index, issue.field), "")
        return replace(issue, cell=cell) if cell else issue


#: The defined names of the light columns (the others compared are counts).
_LIGHT_NAMES = frozenset(column.name for column in (*MONITORING_FORM.columns,
                                                    *MONITORING_FUND_COLUMNS)
                         if column.key == "light")


@dataclass(frozen=True)
class LightDisagreement(Disagreement):
    """A stored light or count that is not what the engine computes (the JSON shape of the
    self-evaluation's :class:`~scoring.workbook.reader.Disagreement`, its own wording)."""

    @property
    def message(self) -> str:
        """The Chinese one-liner shown to users."""
        stored = text_of(self.stored) or "空"
        engine = text_of(self.engine) or "空"
        if self.name in _LIGHT_NAMES:
            return _MESSAGES["light_differs"].format(item=self.item, cell=self.ref,
                                                     stored=stored, engine=engine)
        return _MESSAGES["count_differs"].format(label=self.item, cell=self.ref, stored=stored,
                                                 engine=engine)


def _number(value: Any) -> float | None:
    """A stored number (a formula's cached result); None for anything else."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value)


def _entered(value: Any) -> Any:
    """An entered value as the engine takes it: text without its outer spaces."""
    return value.strip() if isinstance(value, str) else value


class _Reader:
    """One reading of a monitoring workbook; collects the problems and cells on the way."""

    def __init__(self, book: WorkbookData) -> None:
        self.book = book
        self.problems: list[MonitoringIssue] = []
        self.cells: dict[tuple[Section, int | None, str], str] = {}
        self.stored: list[StoredLight] = []
        #: Named column → (``监控表!E``, first row): every cell of every row is located, so
        #: each column's area is looked up once, not once per cell.
        self._columns: dict[str, tuple[str, int]] = {}

    def column(self, name: str, rows: int, table: str) -> list[Any]:
        """A named column's values; PS-W007 when its rows do not match the table's."""
        values = self.book.column(name)
        if len(values) != rows:
            raise WorkbookFileError(_MESSAGES["rows_damaged"].format(table=table),
                                    code="PS-W007", file=self.book.file,
                                    sheet=MONITORING_FORM.sheet)
        return values

    def ref(self, name: str, index: int) -> str:
        """``监控表!E8``: row ``index`` of the named column."""
        prefix, first_row = self.located(name)
        return f"{prefix}{first_row + index}"

    def located(self, name: str) -> tuple[str, int]:
        """(``监控表!E``, first row) of the named column."""
        if name not in self._columns:
            area = self.book.area(name)
            self._columns[name] = (area.ref().removesuffix(str(area.first_row)), area.first_row)
        return self._columns[name]

    # ------------------------------------------------------------------ funds
    def funds(self, period_label: str) -> Funds:
        table = forms.MONITORING_FUNDS_LABEL
        columns = {column.key: self.column(column.name, len(FUND_KEYS), table)
                   for column in MONITORING_FUND_COLUMNS}
        titles = {column.key: column.title.format(period=period_label)
                  for column in MONITORING_FUND_COLUMNS}
        names = {column.key: column.name for column in MONITORING_FUND_COLUMNS}
        entries: dict[str, FundEntry] = {}
        for index, key in enumerate(FUND_KEYS):
            label = vocab.MONITOR_FUND_ROWS[key]
            for field in (*AMOUNT_KEYS, "reason", "measures"):
                self.cells[("funds", index, field)] = self.ref(names[field], index)
            # 资金总额's amounts are the form's sums (formulas), read after the parts.
            amounts = {amount: None if key == "total" else self.amount(
                columns[amount][index], index, amount, label, titles[amount])
                for amount in AMOUNT_KEYS}
            entries[key] = FundEntry(**amounts, reason=text_of(columns["reason"][index]),
                                     measures=text_of(columns["measures"][index]))
            light = names["light"]
            self.stored.append(StoredLight("funds", index, "light", light, label,
                                           self.ref(light, index), columns["light"][index]))
        funds = Funds(basic=entries["basic"], project=entries["project"])
        total = FUND_KEYS.index("total")
        sums = funds.row("total")
        # A stored total that is not the sum was typed over the formula (or is stale): kept as
        # what the form states, for the engine to report (PS-G001); the sum itself adds nothing.
        stated = {amount: _number(columns[amount][total]) for amount in AMOUNT_KEYS}
        kept = {amount: value for amount, value in stated.items() if value is not None and not (
            getattr(sums, amount) is not None and abs(value - getattr(sums, amount)) <= TOLERANCE)}
        return replace(funds, total=replace(entries["total"], **kept))

    def amount(self, value: Any, index: int, field: str, row: str, title: str) -> float | None:
        """An amount (万元; a number, or text such as ``7056.22万元``); None when blank, and
        when unreadable, reported (PS-W010) — never taken as 0."""
        if is_blank(value):
            return None
        try:
            number = coerce_number(value, unit=forms.FUNDING_UNIT)
            if number is not None and abs(number) > MAX_AMOUNT:
                raise ValueError(number)  # no budget comes near: a typing error or a trick
            return number
        except (PerfscoreError, ValueError):
            label = vocab.MONITOR_AMOUNT_LABEL.format(row=row, column=title)
            self.problems.append(MonitoringIssue(
                "PS-W010", vocab.MESSAGES["funding_unreadable"].format(label=label,
                                                                       text=excerpt(value)),
                "funds", index, field, row, self.cells[("funds", index, field)]))
            return None

    # ------------------------------------------------------------------ indicators
    def indicators(self) -> tuple[MonitoringIndicator, ...]:
        layout = MONITORING_FORM
        rows = len(self.book.column(layout.column("level1").name))
        columns = {column.key: self.column(column.name, rows, forms.MONITORING_INDICATORS_LABEL)
                   for column in layout.columns}
        for key in ("level1", "level2"):
            columns[key] = filled_down(columns[key])
        kept = [row for row in range(rows) if columns["level1"][row]]
        # Looked up once per table, not once per row (a batch reads thousands of rows).
        located = [(column.key, *self.located(column.name)) for column in layout.columns]
        readers = [(field.name, _entered if field.name in _VALUE_KEYS else text_of)
                   for field in fields(IndicatorEntry)]
        light = layout.column("light").name
        found: list[MonitoringIndicator] = []
        for index, row in enumerate(kept):
            for key, prefix, first_row in located:
                self.cells[("indicators", index, key)] = f"{prefix}{first_row + row}"
            target = TargetIndicator(**{key: text_of(columns[key][row]) for key in _TARGET_KEYS})
            entry = IndicatorEntry(**{name: read(columns[name][row]) for name, read in readers})
            found.append(MonitoringIndicator(target, entry))
            self.stored.append(StoredLight("indicators", index, "light", light, target.level3,
                                           self.cells[("indicators", index, "light")],
                                           columns["light"][row]))
        return tuple(found)

    # ------------------------------------------------------------------ header
    def header(self) -> dict[str, Any]:
        """Unit name, code and year from the unit line (the metadata's where blank), and the
        city from the title."""
        book, meta = self.book, self.book.metadata
        typed = {name: text_of(book.named(name)) for name in ("unit_name", "unit_code")}
        if typed["unit_code"] and meta.unit_code and typed["unit_code"] != meta.unit_code:
            cell = book.area("unit_code").ref()
            self.problems.append(MonitoringIssue("PS-W014", _MESSAGES["unit_code_changed"].format(
                cell=cell, typed=excerpt(typed["unit_code"]), issued=meta.unit_code),
                "header", None, "unit_code", forms.MONITOR_HEADER["unit_code"], cell))
        year = text_of(book.named("monitor_year"))
        title = text_of(book.named("form_title"))
        before, _, after = forms.MONITORING_TITLE.partition("{city}")
        city = title[len(before):len(title) - len(after)] if (
            len(title) > len(before) + len(after) and title.startswith(before)
            and title.endswith(after)) else forms.DEFAULT_CITY
        return {"unit_name": typed["unit_name"] or meta.unit_name,
                "unit_code": typed["unit_code"] or meta.unit_code,
                "year": int(year) if len(year) == 4 and year.isascii() and year.isdigit()
                else meta.year_number or 0,
                "city": city}

    def counts(self) -> None:
        """The stored light counts."""
        for name, light, _, _ in forms.MONITORING_COUNT_CELLS:
            self.stored.append(StoredLight("counts", None, light, name,
                                           MONITORING_FORM.cell(name).label,
                                           self.book.area(name).ref(), self.book.named(name)))

    def uncalculated(self, period_label: str) -> None:
        """Inputs holding a formula never calculated (they read as blank): PS-W010. The
        资金总额 row's amounts are the form's own formulas, not inputs."""
        columns = tuple(replace(column, title=column.title.format(period=period_label))
                        for column in MONITORING_FORM.columns + MONITORING_FUND_COLUMNS)
        layout = replace(MONITORING_FORM, columns=columns)
        where = {cell: key for key, cell in self.cells.items()}
        total = FUND_KEYS.index("total")
        for found in uncalculated_inputs(self.book, layout):
            section, index, field = where.get(found.cell, ("header", None, found.key))
            if (section, index) == ("funds", total) and field in AMOUNT_KEYS:
                continue
            item = self.item(section, index)
            self.problems.append(MonitoringIssue("PS-W010", found.message(item), section, index,
                                                 field, item, found.cell))

    def item(self, section: Section, index: int | None) -> str:
        """The row's name as people say it: the funds row or the 三级指标."""
        if index is None:
            return ""
        if section == "funds":
            return vocab.MONITOR_FUND_ROWS[FUND_KEYS[index]]
        return next((stored.item for stored in self.stored
                     if stored.section == section and stored.index == index), "")


def read_monitoring(book: WorkbookData) -> FilledMonitoring:
    """Read a monitoring workbook into its form, its problems, cells and stored lights.

    Raises:
        WorkbookFileError: PS-W012 when it is another form's workbook; PS-W007 when defined
            names are missing or a table's columns no longer match.
        MonitoringError: PS-J003 when the 监控期间 cell holds no period, located at the cell.
    """
    layout = MONITORING_FORM
    kind = book.metadata.form_kind
    if kind != layout.kind:
        raise WorkbookFileError(_MESSAGES["not_monitoring"].format(
            label=forms.FORM_LABELS.get(kind, kind)), code="PS-W012", file=book.file)
    try:
        period = parse_period(book.named("monitor_period"))
    except MonitoringError as exc:
        raise exc.located(file=book.file, sheet=layout.sheet,
                          cell=book.area("monitor_period").ref()) from None
    reader = _Reader(book)
    funds = reader.funds(period.label)
    indicators = reader.indicators()
    reader.counts()
    form = MonitoringForm(period=period, funds=funds, indicators=indicators,
                          illustrative=text_of(book.named("monitor_note")), **reader.header())
    meta = book.metadata
    # Only an issued form's indicator rows are fixed; a blank template's are the unit's to type.
    if meta.unit_name and meta.rules_checksum and \
            monitoring_checksum(form, meta.policies) != meta.rules_checksum:
        reader.problems.append(MonitoringIssue("PS-W007", _MESSAGES["targets_changed"],
                                               "indicators"))
    reader.uncalculated(period.label)
    return FilledMonitoring(book.file, meta, form, tuple(reader.problems), dict(reader.cells),
                            tuple(reader.stored))


def compare_lights(result: MonitoringResult, stored: tuple[StoredLight, ...],
                   ) -> tuple[list[LightDisagreement], int]:
    """The stored lights and counts that disagree with ``result``, and how many lit cells
    were never calculated (a row the engine lights nothing is compared only when it holds a
    light)."""
    disagreements: list[LightDisagreement] = []
    not_calculated = 0
    counts = result.lights
    for cell in stored:
        if cell.section == "counts":
            engine: Any = counts[cell.key]
            number = _number(cell.value)
            if cell.value is None:
                not_calculated += 1
            elif number is None or number != engine:
                disagreements.append(LightDisagreement(cell.cell, cell.name, cell.item,
                                                       cell.value, engine))
            continue
        rows = result.funds if cell.section == "funds" else result.indicators
        engine = light_word(rows[cell.index].light) if cell.index is not None else ""
        if cell.value is None:
            not_calculated += bool(engine)
        elif text_of(cell.value) != engine:
            disagreements.append(LightDisagreement(cell.cell, cell.name, cell.item, cell.value,
                                                   engine))
    return disagreements, not_calculated


def score_monitoring(filled: FilledMonitoring) -> dict[str, Any]:
    """Judge a read monitoring workbook with the engine: the JSON of ``perfscore score``.

    Returns:
        :meth:`~scoring.monitoring.MonitoringResult.to_dict` under the policies the workbook
        was made with (its funds tolerance), with the reading problems and the engine's issues
        located by cell, plus ``file``, ``variant``, ``not_calculated`` and ``disagreements``
        (stored lights or counts that are not the engine's).
    """
    result = monitor(filled.form, filled.metadata.scoring_policies(filled.file))
    data = result.to_dict()
    data["issues"] = ([issue.to_dict() for issue in filled.problems]
                      + [filled.locate(issue).to_dict() for issue in result.issues])
    disagreements, not_calculated = compare_lights(result, filled.stored)
    data.update({"file": filled.file, "variant": filled.metadata.variant,
                 "not_calculated": not_calculated,
                 "disagreements": [found.to_dict() for found in disagreements]})
    return data


def monitoring_report(book: WorkbookData) -> dict[str, Any]:
    """``perfscore score --json`` of a monitoring workbook read once (``book -> dict``, the
    form registry's ``score``)."""
    return score_monitoring(read_monitoring(book))

