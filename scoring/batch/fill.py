"""Fill: every unit's workbooks (target form, self-evaluation, monitoring form: the registry of
forms, :data:`scoring.forms.FORMS`) from validated master data.

Building a workbook with openpyxl costs tens of milliseconds; a bureau with a thousand units
needs thousands of them. Most units share a layout (the same indicator rows, the same
framework), so a layout that repeats is built once with the writer
(:mod:`scoring.workbook.writer`) from a *probe*: the unit's data with every text and amount
replaced by a unique sentinel (``PSFILL000001X``, ``987650001.5``), every formula written from
the unit's data by a formula sentinel (``PSFILLF000001X``: a monitoring form's light formulas,
which hold its 指标值, and what the rules of a self-evaluation form write, which hold their
thresholds: :mod:`scoring.batch.recorded_rules`), and the style id of every cell whose look the
data sets by a style sentinel (``PSFILLS000001X``: a monitoring value cell takes the percent
number format when its 指标值 is a percentage). The template is cut at its sentinels once
(:func:`_cut`); each later unit's workbook is that template joined with the unit's values,
XML-escaped, and each row the writer fitted to a text gets the height of the unit's text. The
first workbook of a layout is built by the writer itself, the template made from the second on
(:attr:`Filler.template_from`; later when the layout's family has a template:
:data:`OWN_TEMPLATE_LATER`): a layout that never repeats never pays for one. Text only ever
lands inside existing string cells and input prompts, and a formula sentinel only ever gets the
formula the writer's own functions write for the unit, so text from master data can never
become a formula. A layout whose probe does not show every sentinel falls back to building with
the writer; the first workbook patched from an evaluation template with recorded rules is
compared with the writer's (:meth:`Filler._checked`). ``tests/test_fill.py`` checks that both
ways give the same cells.

Target and monitoring forms mostly differ in how many rows a group of indicators has (3 key
works or 12): the layouts whose runs of like rows differ only in length are a *family*
(:func:`_family`), whose template is built once from a form with each long run cut to three
rows and compiled (:mod:`scoring.batch.stretch`); a member's workbook is written from it with
the second row of each run copied as often as the member needs, references, merges,
validations and names moved as a spreadsheet moves them on inserting rows. The family's
template is made at its first member while a worker's families have mostly had three members
or more (:meth:`Filler._families_repeat`; else at its third), checked against the writer once,
with one more row per run, and not used when it differs (:func:`_family_template`).

Work is spread over processes (``--jobs``); each file is written under a temporary name and
renamed; an existing file is skipped (never overwritten) unless ``force``; a manifest
(:data:`MANIFEST_NAME`) lists every file with its SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import sys
import zipfile
import zlib
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.compat import safe_string

from ..errors import MasterDataError, PerfscoreError, WorkbookFileError
from ..forms import (FILLED_FORMS, FORM_LABELS, FORMS, MONITORING_FORM, PROJECT_CODE_LABEL,
                     TARGET_FORM, TARGET_LONG_TEXT_KEYS, TARGET_TEXT_KEYS, UNIT_LABELS,
                     FormLayout)
from ..framework import Framework, Indicator, Inputs
from ..lights import read_target
from ..monitoring import MonitoringForm, MonitoringIndicator, Period
from ..policies import DEFAULT_POLICIES, Policies, policies_text
from ..plaintext import CELL_LIMIT, clean_text, unfiltered
from ..rules import Rule
from ..target_form import Funding, TargetForm, TargetIndicator
from ..targets import Target
from ..workbook.cells import FittedRow, recording_fitted_rows, row_height
from ..workbook.cells import runs as cell_runs
from ..workbook.files import (BACKUP_FOLDER, folder_lock, make_folder, project_filename,
                              workbook_filename, write_bytes_atomic)
from ..workbook.safety import csv_text, os_error_message
from ..workbook.xlsx_writer import COMPRESS_LEVEL, escape_text
from .packed import PackedRows, pack, unpack
from .recorded_rules import RuleRecording
from .records import MasterData, Parcel, Project, Unit
from .stretch import (Op, Rows, canonical, compile_names, compile_part, compile_sheet,
                      placeholders, run)
from .workers import (WRITE_LIMITS, WorkerFailure, WorkerLimits, fill_workers,
                      run_isolated_as_completed)

#: The manifest written into the output folder (one row per unit and form).
MANIFEST_NAME = "生成清单.csv"
#: The manifest's name until 2026-12-03: a later run reads it when there is no
#: :data:`MANIFEST_NAME` yet, and moves it to 备份 once its own is written (:func:`_save_manifest`).
FORMER_MANIFEST_NAME = "manifest.csv"
#: Chinese headers of the manifest, keyed by :class:`Written` attribute.
MANIFEST_COLUMNS: dict[str, str] = {
    **UNIT_LABELS, "project": PROJECT_CODE_LABEL, "form": "表单",
    "file": "文件", "sha256": "SHA-256", "size": "字节数", "master": "主数据校验值",
    "status": "状态", "message": "说明"}
#: The headers that make a CSV file a manifest (:func:`previous_manifest` reads them; a former
#: manifest is told by them, :func:`_save_manifest`).
_MANIFEST_KEYS = tuple(MANIFEST_COLUMNS[key] for key in ("file", "sha256", "master"))
#: Separator of several notes in one cell of the manifest.
SEPARATOR = "；"
#: Chinese words of the manifest's 状态 column.
STATUS_LABELS: dict[str, str] = {"written": "已生成", "exists": "已存在，未覆盖",
                                  "stale": "已存在，主数据已改动，未覆盖", "failed": "失败"}
#: The note of a kept workbook that is no longer as perfscore wrote it.
EDITED_NOTE = "生成后已被修改（单位可能已填写）"
#: The note of a workbook kept although its unit's master data changed since it was written.
STALE_NOTE = ("该单位的主数据在生成此工作簿后已改动，工作簿未更新；如需按新主数据重新生成，请加 --force"
              "（已填写或改动过的工作簿会先移到“{backup}”文件夹）")

_TEXT_SENTINEL = "PSFILL{:06d}X"
_TEXT_PATTERN = re.compile(rb"PSFILL\d{6}X")
_TEXT_STRING = re.compile(_TEXT_PATTERN.pattern.decode())
_NUMBER_SENTINEL = "98765{:04d}.5"
#: A formula the writer is given as it is (a monitoring light, what a rule of the
#: self-evaluation form writes: :meth:`_Probe.formula`), or a piece of one.
_FORMULA_SENTINEL = "PSFILLF{:06d}X"
#: A cell's style id the unit's data sets (a monitoring value cell's: whether it takes the
#: percent number format), in the template's form sheet (:meth:`_Probe.style`).
_STYLE_SENTINEL = "PSFILLS{:06d}X"
#: A cell's start tag with its style id, as the writer writes it (``<c r="G13" s="2"``).
_STYLED_CELL = re.compile(rb'(<c r="([A-Z]+\d+)" s=)("\d+")')
#: A sentinel in a template (:func:`_template`, :class:`_FamilyTemplate`): a text, an amount as a
#: cell's value (between ``>`` and ``<``), a formula, a style id; each group is its kind's
#: number, in the order of :data:`_SENTINEL_FORMATS`.
_SENTINEL_KINDS = re.compile(
    rb"PSFILL(?P<text>\d{6})X|(?<=>)98765(?P<number>\d{4})\.5(?=<)"
    rb"|PSFILLF(?P<formula>\d{6})X|PSFILLS(?P<style>\d{6})X")
_SENTINEL_FORMATS = (_TEXT_SENTINEL, _NUMBER_SENTINEL, _FORMULA_SENTINEL, _STYLE_SENTINEL)
#: Text that could be taken for a sentinel if it shaped a layout (see :func:`_confusable`).
_LOOKS_LIKE_SENTINEL = re.compile(r"PSFILL|98765\d{4}\.5")


@dataclass(frozen=True)
class Written:
    """One file of the run: where it went, its checksum, and what happened (``project``: the
    项目编码 of a project form, "" for a unit's form)."""

    unit_code: str
    unit_name: str
    year: int | None
    form: str
    file: str
    project: str = ""
    sha256: str = ""
    size: int = 0
    #: :func:`unit_checksum` of the master data the file was written from ("" when unknown).
    master: str = ""
    status: str = "written"
    message: str = ""


@dataclass(frozen=True)
class FillReport:
    """The outcome of :func:`fill_units`."""

    #: The manifest's rows (kept compressed: a run of thousands of units has tens of thousands).
    written: Sequence[Written]
    manifest: Path | None
    #: Why the manifest could not be written (a full disk), when it could not.
    manifest_error: PerfscoreError | None = None
    #: Where the manifest an earlier version left (:data:`FORMER_MANIFEST_NAME`) was moved
    #: (``备份/<time>/``) once this run's was written.
    former_manifest: Path | None = None

    @property
    def failed(self) -> list[Written]:
        """The files (or units) that could not be written."""
        return [row for row in self.written if row.status == "failed"]

    def count(self, status: str) -> int:
        """How many rows have ``status``."""
        return sum(1 for row in self.written if row.status == status)


# --------------------------------------------------------------------------- templates


class _Probe:
    """Sentinel values standing for one unit's data while its layout's template is built."""

    def __init__(self) -> None:
        self.texts: list[str] = []
        self.numbers: list[float] = []
        self.formulas: list[str] = []
        #: Cells of the form's sheet whose style id the unit's data sets: (cell, the id).
        self.styles: list[tuple[str, int]] = []
        #: (what the template holds, what the unit's workbook holds): derived texts such as
        #: the metadata's checksum of the indicator rows.
        self.literals: list[tuple[bytes, bytes]] = []
        #: How many texts, numbers, formulas and styles there were as each indicator row began,
        #: and after the last (:meth:`mark`): which sentinels are whose row.
        self.marks: list[tuple[int, int, int, int]] = []
        #: True when the unit's workbook cannot be written from its layout's template: a rule
        #: of the unit's reads otherwise than the template's (the writer builds it), or, while
        #: the template is built, a rule could not be recorded (no unit is written from it).
        self.refused = False
        #: What the writer read of the rules while the template was built from this probe.
        self.recording: RuleRecording | None = None

    def mark(self) -> None:
        """Note that an indicator row begins (or that the last one ended)."""
        self.marks.append((len(self.texts), len(self.numbers), len(self.formulas),
                           len(self.styles)))

    def text(self, value: str) -> str:
        """A sentinel for a non-empty text (empty stays empty: it shapes the layout)."""
        if not value:
            return value
        self.texts.append(value)
        return _TEXT_SENTINEL.format(len(self.texts))

    def number(self, value: float) -> float:
        """A sentinel number for an amount."""
        self.numbers.append(value)
        return float(_NUMBER_SENTINEL.format(len(self.numbers)))

    def formula(self, text: str) -> str:
        """A sentinel for a formula (``=…``) or a piece of one that the writer writes as it is
        given: what the writer is given instead (``=`` and the sentinel for a formula)."""
        self.formulas.append(text)
        sentinel = _FORMULA_SENTINEL.format(len(self.formulas))
        return "=" + sentinel if text.startswith("=") else sentinel

    def style(self, cell: str, style_id: int) -> None:
        """Note that the style id of ``cell`` on the form's sheet (``G13``) is the unit's own
        (``style_id``, as the writer gives it): the template holds a sentinel in its place
        (:meth:`styled`)."""
        self.styles.append((cell, style_id))

    def styled(self, parts: list[tuple[zipfile.ZipInfo, bytes]]
               ) -> list[tuple[zipfile.ZipInfo, bytes]]:
        """``parts`` built from this probe, each cell of :meth:`style` given its style sentinel
        in place of its style id; unchanged when a cell does not have the id noted (the
        template then lacks the sentinel and is not used: :func:`_template`; the writer builds
        the layout's workbooks)."""
        if not self.styles:
            return parts
        wanted = {cell.encode(): (b'"%d"' % style_id, _STYLE_SENTINEL.format(index + 1).encode())
                  for index, (cell, style_id) in enumerate(self.styles)}
        found = 0

        def sentinel(match: re.Match[bytes]) -> bytes:
            nonlocal found
            known = wanted.get(match.group(2))
            if known is None or known[0] != match.group(3):
                return match.group(0)
            found += 1
            return match.group(1) + b'"' + known[1] + b'"'

        marked = [(info, _STYLED_CELL.sub(sentinel, data)
                   if info.filename == _FORM_SHEET_PART else data) for info, data in parts]
        return marked if found == len(wanted) else parts

    def text_of(self) -> Callable[[str], str]:
        """A text the writer fitted a row to, its sentinels replaced by the texts they stand
        for (a sentinel alone, or within a label)."""
        texts = {_TEXT_SENTINEL.format(i + 1): value for i, value in enumerate(self.texts)}
        return lambda text: (texts[text] if text in texts
                             else _TEXT_STRING.sub(lambda m: texts[m.group(0)], text))

    def by_kind(self) -> tuple["_Values", bool]:
        """What the unit's workbook holds in place of each sentinel, by kind and number (texts
        cleaned and XML-escaped, amounts as the writer writes them (openpyxl's
        ``safe_string``), formulas escaped as the sheet's XML holds them (without ``=``), style
        ids), and of each literal. And whether a text cannot stand where its sentinel was
        (:func:`_unpatchable`): the writer builds that workbook."""
        texts = [clean_text(value) for value in self.texts]
        by_kind = ([escape(text, {'"': "&quot;"}).encode() for text in texts],
                   [safe_string(value).encode() for value in self.numbers],
                   [_formula_xml(text) for text in self.formulas],
                   [b"%d" % style_id for _, style_id in self.styles])
        return _Values(by_kind, dict(self.literals)), self.refused or any(
            _unpatchable(value, text) for value, text in zip(self.texts, texts))

    def values(self) -> tuple[dict[bytes, bytes], bool]:
        """:meth:`by_kind` keyed by each sentinel and literal."""
        found, unpatchable = self.by_kind()
        values = {_SENTINEL_FORMATS[kind].format(number + 1).encode(): value
                  for kind, values in enumerate(found.by_kind)
                  for number, value in enumerate(values)}
        values.update(found.literals)
        return values, unpatchable

    def pattern(self) -> re.Pattern[bytes]:
        """Where a template built from this probe holds a sentinel or a literal."""
        return re.compile(b"|".join([_SENTINEL_KINDS.pattern] + [
            re.escape(old) for old, _ in self.literals]))


@dataclass(frozen=True)
class _Values:
    """What a unit's workbook holds in place of its probe's sentinels (:meth:`_Probe.by_kind`)."""

    #: Per kind of sentinel (:data:`_SENTINEL_FORMATS`), by number - 1.
    by_kind: tuple[list[bytes], ...]
    #: The probe's literal → the unit's.
    literals: dict[bytes, bytes]


@lru_cache(maxsize=256)
def _formula_xml(text: str) -> bytes:
    """A formula (or a piece of one) as a sheet's XML holds it: without its ``=``, escaped as
    the writer escapes it (:func:`~scoring.workbook.xlsx_writer.escape_text`). Remembered:
    units mostly share their rules and many of their lights (a light formula is a few KB, so
    the cache holds a few MB at most)."""
    return escape_text(text[1:] if text.startswith("=") else text).encode()


#: Characters a cell may hold besides a sentinel's text (``A11 `` and ``（≤5 分）`` around a name
#: in its label, the rest of a title), far more than any form's: a text within this of the
#: cell limit is built by the writer, which cuts the whole cell at the limit.
_CELL_MARGIN = 64


def _unpatchable(value: str, cleaned: str) -> bool:
    """Whether a text cannot be put where its sentinel was (the writer builds the workbook):
    once cleaned it is nothing (the writer's cell is empty) or has white space at an end (the
    writer's cell says ``xml:space="preserve"``, which the template's does not; an item's label
    without 分值 is stripped); it holds an escape sequence (cleaned within a longer text, as the
    writer cleans a label, an unfinished one runs on into what follows); or it is so long that
    the cell limit would cut the text around it."""
    return (not cleaned or cleaned != cleaned.strip() or "\x1b" in value or "\x9b" in value
            or len(cleaned) > CELL_LIMIT - _CELL_MARGIN)


def _target_layout(form: TargetForm) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    """The layout of a target form, what shapes its workbook apart from the texts and amounts
    the sentinels stand for: (what is not its rows, each row's shape); the key is both."""
    shape = tuple((row.level1, row.level2, bool(row.level3), bool(row.half_value),
                   bool(row.full_value), bool(row.work_item), bool(row.work_content))
                  for row in form.indicators)
    blanks = tuple(not getattr(form, key) for key in ("unit_code", *TARGET_TEXT_KEYS))
    return ("target", form.year, form.city, blanks), shape


def unit_group(unit: Unit) -> int:
    """Which units :func:`fill_units` hands its workers together (:attr:`.records.Parcel.group`):
    those whose target forms are of one family (or one layout), as their monitoring forms then
    are too. A worker builds the templates of every family it meets: met by one worker, a
    family is built once rather than once per worker, and the families a worker met before
    are mostly complete when it judges their sizes (:meth:`Filler._families_repeat`). A
    number (a CRC of the key), the same in every process."""
    base, shape = _target_layout(replace(unit.target_form, unit_code=unit.code))
    family = _family(base, shape)
    return zlib.crc32(repr((*base, shape) if family is None else family.key).encode())


def _target_probe(form: TargetForm) -> tuple[TargetForm, _Probe]:
    """The probe form of a target form's layout and the values the sentinels stand for."""
    probe = _Probe()
    rows = []
    for row in form.indicators:
        probe.mark()
        rows.append(TargetIndicator(
            row.level1, row.level2, probe.text(row.level3), probe.text(row.half_value),
            probe.text(row.full_value), probe.text(row.work_item), probe.text(row.work_content)))
    probe.mark()
    funding = form.funding
    probe_form = TargetForm(
        unit_name=probe.text(form.unit_name), year=form.year, city=form.city,
        unit_code=probe.text(form.unit_code),
        funding=Funding(probe.number(funding.annual_basic), probe.number(funding.annual_project),
                        probe.number(funding.half_basic), probe.number(funding.half_project)),
        indicators=tuple(rows),
        **{key: probe.text(getattr(form, key)) for key in TARGET_LONG_TEXT_KEYS})
    from ..workbook.metadata import target_checksum

    probe.literals.append((target_checksum(probe_form).encode(), target_checksum(form).encode()))
    return probe_form, probe


@dataclass(frozen=True)
class _EvaluationProbe:
    """The layout key of a unit's evaluation form and what its template is built from."""

    key: Any
    probe: _Probe
    framework: Framework
    unit_name: str
    unit_code: str
    #: The texts that shape the layout, checked by :func:`_confusable` (a recorded 评价要点 is
    #: among them: its rule's answers, such as its choices, are written as they are).
    shaping: tuple[str, ...]
    #: The rules of the items whose 评价要点 a sentinel stands for, in form order.
    rules: tuple[Rule, ...] = ()
    #: Each of those items' sentinel → its rule's index in :attr:`rules`.
    recorded: dict[str, int] = field(default_factory=dict)

    def rule_of(self, recording: RuleRecording) -> Callable[[Indicator], Any]:
        """Each item's rule as the writer is to see it while the layout's template is built
        from the probe framework: a recorded item's stands in for the unit's rule."""
        def rule_of(item: Indicator) -> Any:
            index = self.recorded.get(item.rule_text)
            return item.rule() if index is None else recording.rule(index, self.rules[index])

        return rule_of


#: A number in a 评价要点: a layout's key holds a recorded rule's text without its numbers
#: (``办理比率在#%以上得#分``), so that units whose rules differ only in them share it.
_RULE_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _recorded_rule(item: Indicator) -> Rule | None:
    """The rule of a scored item whose 评价要点 a sentinel can stand for (its formulas recorded:
    :mod:`scoring.batch.recorded_rules`); None for an item that keeps its text in the key: a
    standard notation (it scores, the 评价要点 is only printed), no text, white space at an end,
    or a text the reader refuses (the writer notes the error in the form)."""
    text = item.rule_text
    if not item.is_leaf or item.notation or not text or text != text.strip():
        return None
    try:
        return item.rule()
    except PerfscoreError:
        return None


def _evaluation_probe(unit: Unit, policies: Policies) -> _EvaluationProbe:
    """Sentinels for the unit name (also inside the framework's title), the unit code, and the
    names of the framework's items, the 指标说明 and the 评价要点 of its scored items: frameworks
    that differ only in those texts and in their rules' numbers (each unit its items' own names
    and thresholds) share a layout. Codes, points, roles and the rest of each 评价要点 (without
    its numbers) shape the formulas and stay in the key, as do a section's or group's
    指标说明 (never printed), a name with white space at an end (the printed label strips
    it when the item has no points) and the 评价要点 that :func:`_recorded_rule` leaves."""
    from ..workbook.metadata import framework_checksum

    probe = _Probe()
    name = probe.text(unit.name)
    code = probe.text(unit.code)
    framework = unit.framework
    title = framework.title
    if unit.name and unit.name in title:
        title = title.replace(unit.name, name)

    kept: list[str] = [title.replace(name, "") if name else title]
    rules: list[Rule] = []
    recorded: dict[str, int] = {}
    shapes: list[str] = []

    def probed(item: Indicator) -> Indicator:
        """The item with its sentinels; what it keeps as it is goes to ``kept``."""
        label = probe.text(item.name) if item.name == item.name.strip() else item.name
        description = probe.text(item.description) if item.is_leaf else item.description
        rule = _recorded_rule(item)
        rule_text = item.rule_text
        if rule is not None:
            rule_text = probe.text(rule_text)
            recorded[rule_text] = len(rules)
            rules.append(rule)
            shapes.append(_RULE_NUMBER.sub("#", item.rule_text))
        made = replace(item, name=label, description=description, rule_text=rule_text,
                       children=tuple(probed(child) for child in item.children))
        kept.extend((item.code, str(item.points), item.rule_text, item.notation))
        kept.extend(text for text, written in ((item.name, made.name),
                                               (item.description, made.description))
                    if written == text)  # no sentinel took its place
        return made

    probe_framework = Framework(title, tuple(probed(section) for section in framework.sections))
    text = policies_text(policies)
    probe.literals.append((framework_checksum(probe_framework, text).encode(),
                           framework_checksum(framework, text).encode()))
    # The sentinels are numbered in form order, so the probe framework is the layout itself.
    key = ("evaluation", unit.year, bool(unit.name), bool(unit.code),
           json.dumps(probe_framework.to_dict(), ensure_ascii=False, sort_keys=True,
                      allow_nan=False), tuple(shapes))
    return _EvaluationProbe(key, probe, probe_framework, name, code, tuple(kept), tuple(rules),
                            recorded)


#: Longest 半年/全年指标值 a monitoring template stands in for: the value is also quoted in its
#: cells' input prompt, which a spreadsheet cuts at 255 characters.
_MONITORING_VALUE_LIMIT = 100


@lru_cache(maxsize=4096)
def _read(value: str) -> Target | None:
    """:func:`~scoring.lights.read_target`, remembered: units mostly share their 指标值."""
    return read_target(value)


def _monitoring_key(form: MonitoringForm) -> tuple[Any, list[str]] | None:
    """The layout key of a monitoring form as fill issues it (nothing entered but each funds
    row's 年初预算数) and the texts that shape it as they are (the city, 一级 and 二级); None when
    it is built with the writer: a value too long for a prompt, or one holding a line break (a
    sentinel in an attribute is replaced as element text), or a form with entries (the probe
    stands in for none of them)."""
    from ..monitoring import FundEntry, Funds, IndicatorEntry

    values = [clean_text(value) for row in form.indicators
              for value in (row.target.half_value, row.target.full_value)]
    if any(len(value) > _MONITORING_VALUE_LIMIT or any(c in value for c in "\n\r\t")
           for value in values):
        return None
    funds, blank = form.funds, IndicatorEntry()
    issued = Funds(basic=FundEntry(funds.basic.initial), project=FundEntry(funds.project.initial))
    if form.illustrative or funds != issued or any(row.entry != blank for row in form.indicators):
        return None
    shapes = tuple((row.target.level1, row.target.level2, bool(row.target.level3),
                    bool(row.target.work_item), bool(row.target.half_value),
                    bool(row.target.full_value)) for row in form.indicators)
    amounts = tuple(getattr(form.funds, key).initial is None for key in ("basic", "project"))
    texts = [form.city, *(text for row in form.indicators
                          for text in (row.target.level1, row.target.level2))]
    key = ("monitoring", form.year, form.city, form.period, bool(form.unit_name),
           bool(form.unit_code), amounts, shapes)
    return key, texts


def _monitoring_probe(form: MonitoringForm, policies: Policies
                      ) -> tuple[MonitoringForm, _Probe, Callable[[str], Target | None],
                                 list[str | None]]:
    """The probe form of a monitoring layout, its sentinels, how the writer reads the probe's
    指标值 sentinels (as the unit's values: the percent number format), and each row's light
    formula: a sentinel for the unit's own (:func:`~scoring.workbook.monitoring_sheet.
    indicator_lights`). The style ids of each row's value cells are sentinels too (whether a
    cell takes the percent number format: :func:`~scoring.workbook.monitoring_sheet.
    value_cell_styles`), put in once the probe is built (:meth:`_Probe.styled`, which finds
    each cell by the unit's own style id: hence the probe's values read as the unit's)."""
    from ..monitoring import FundEntry, Funds
    from ..workbook.metadata import monitoring_checksum
    from ..workbook.monitoring_sheet import indicator_lights, value_cell_styles

    probe = _Probe()
    targets: dict[str, Target | None] = {}

    def value(text: str) -> str:
        sentinel = probe.text(text)
        if sentinel:
            targets[sentinel] = _read(text)
        return sentinel

    rows, lights = [], []
    for row, light, cells in zip(form.indicators, indicator_lights(form, _read),
                                 value_cell_styles(form, _read)):
        probe.mark()
        rows.append(replace(row, target=TargetIndicator(
            row.target.level1, row.target.level2, probe.text(row.target.level3),
            value(row.target.half_value), value(row.target.full_value),
            probe.text(row.target.work_item))))
        lights.append(None if light is None else probe.formula(light))
        for cell, style_id in cells:
            probe.style(cell, style_id)
    probe.mark()
    funds = Funds(**{key: FundEntry(initial=None if amount is None else probe.number(amount))
                     for key in ("basic", "project")
                     for amount in [getattr(form.funds, key).initial]})
    probe_form = replace(form, unit_name=probe.text(form.unit_name),
                         unit_code=probe.text(form.unit_code), funds=funds,
                         indicators=tuple(rows))
    text = policies_text(policies)
    probe.literals.append((monitoring_checksum(probe_form, text).encode(),
                           monitoring_checksum(form, text).encode()))
    return probe_form, probe, targets.get, lights


#: A slot of a compiled template part (:class:`_Part`): the bytes of a sentinel or literal, as
#: the layout's pattern matched them (the unit's replacement is looked up by them), or the row
#: number of a fitted row's height attribute.
Slot = bytes | int


@dataclass(frozen=True)
class _Part:
    """One zip part of a template, cut at its sentinels: ``segments[0] + slots[0] +
    segments[1] + …``, so a unit's workbook is a join, without searching the template again.

    The segments are kept joined and compressed (:attr:`packed`): a monitoring form's sheet is
    some 200 KB of formulas repeating the same word lists, and a worker keeps up to
    :data:`MAX_TEMPLATES` templates; opened for each workbook, they cost a fraction of a
    millisecond."""

    info: zipfile.ZipInfo
    #: The segments joined, compressed (zlib).
    packed: bytes
    #: Where each segment ends in the joined text.
    ends: tuple[int, ...]
    slots: tuple[Slot, ...] = ()
    #: Row → the row tag's height attribute (`` ht="30"``) as the template has it.
    heights: dict[int, bytes] = field(default_factory=dict)

    @classmethod
    def of(cls, info: zipfile.ZipInfo, segments: Sequence[bytes], slots: Sequence[Slot] = (),
           heights: dict[int, bytes] | None = None) -> "_Part":
        ends, position = [], 0
        for segment in segments:
            position += len(segment)
            ends.append(position)
        return cls(info, zlib.compress(b"".join(segments), 1), tuple(ends), tuple(slots),
                   heights or {})

    def segments(self) -> list[memoryview]:
        """The segments, opened."""
        data = memoryview(zlib.decompress(self.packed))
        starts = (0, *self.ends[:-1])
        return [data[start:end] for start, end in zip(starts, self.ends)]


@dataclass(frozen=True)
class _Fit:
    """A row of a template whose height the writer fitted to texts holding sentinels."""

    part: str
    row: int
    fitted: FittedRow
    #: The height the template has (fitted to the sentinels).
    height: float


@dataclass
class _Template:
    """A built layout: its parts cut at the sentinels, and whether the sentinels all showed up
    (when not, the layout is built with the writer: :attr:`parts` is empty)."""

    parts: tuple[_Part, ...]
    patchable: bool
    #: The rows whose height depends on the unit's texts.
    fits: tuple[_Fit, ...] = ()
    #: What the writer read of the layout's rules while it was built (an evaluation form's:
    #: :mod:`scoring.batch.recorded_rules`), asked again of each unit's rules.
    recording: RuleRecording | None = None


def _zip_parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _workbook_bytes(wb: Any) -> bytes:
    """The built workbook as .xlsx bytes (:func:`scoring.workbook.xlsx_writer.workbook_bytes`:
    what openpyxl's save writes, its cells written as text rather than element by element)."""
    from ..workbook.xlsx_writer import workbook_bytes

    return workbook_bytes(wb)


def _built(build: Callable[[], Any], probe: _Probe
           ) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], list[FittedRow]]:
    """The parts of the workbook ``build()`` makes from ``probe`` (its style sentinels in:
    :meth:`_Probe.styled`), and the rows the writer fitted to texts."""
    with recording_fitted_rows() as fitted:
        return probe.styled(_zip_parts(_workbook_bytes(build()))), fitted


def _template(build: Callable[[], Any], probe: _Probe,
              built: tuple[Sequence[tuple[zipfile.ZipInfo, bytes]], Sequence[FittedRow]] | None
              = None) -> _Template:
    """Build a layout from its probe, check that every sentinel is where it can be patched, and
    cut its parts at the sentinels and at the heights of the rows fitted to them. ``built``: the
    parts and fitted rows the writer would give, when they are known without it (written from
    the layout's family's template)."""
    parts, fitted = built or _built(build, probe)
    pattern = probe.pattern()
    fits = tuple(_Fit(f"xl/worksheets/sheet{fit.sheet + 1}.xml", fit.row, fit, fit.height())
                 for fit in _varying(fitted))
    rows: dict[str, set[int]] = {}
    for fit in fits:
        rows.setdefault(fit.part, set()).add(fit.row)
    cut = tuple(_cut(info, data, pattern, rows.get(info.filename, set())) for info, data in parts)
    found = {slot for part in cut for slot in part.slots if isinstance(slot, bytes)}
    if not set(probe.values()[0]) <= found:
        return _Template((), False)
    return _Template(cut, True, fits, probe.recording)


def _varying(fitted: Iterable[FittedRow]) -> list[FittedRow]:
    """The rows whose height varies by unit: the writer's last fit of a row sets its height,
    and those fitted to a text holding a sentinel vary."""
    last = {(fit.sheet, fit.row): fit for fit in fitted}
    return [fit for fit in last.values() if any(_TEXT_STRING.search(text) for text, _ in fit.texts)]


def _cut(info: zipfile.ZipInfo, data: bytes, pattern: re.Pattern[bytes], rows: set[int]) -> _Part:
    """A template part cut at every match of the layout's ``pattern`` and at the height
    attribute of each row of ``rows``."""
    spans: list[tuple[int, int, Slot]] = [
        (match.start(), match.end(), match.group(0)) for match in pattern.finditer(data)]
    heights: dict[int, bytes] = {}
    if rows:
        for tag in _ROW_TAG.finditer(data):
            row = int(tag.group(1))
            height = _HEIGHT.search(tag.group(0)) if row in rows else None
            if height is not None:
                heights[row] = height.group(0)
                spans.append((tag.start() + height.start(), tag.start() + height.end(), row))
    spans.sort(key=lambda span: span[0])
    segments: list[bytes] = []
    slots: list[Slot] = []
    position = 0
    for start, end, slot in spans:
        segments.append(data[position:start])
        slots.append(slot)
        position = end
    segments.append(data[position:])
    return _Part.of(info, segments, slots, heights)


def _confusable(texts: Iterable[str]) -> bool:
    """True when a text that shapes a layout (and is not replaced by a sentinel) could be taken
    for a sentinel: such a layout is built with the writer instead of patched."""
    return any(_LOOKS_LIKE_SENTINEL.search(text) for text in texts if text)


def _patch(template: _Template, probe: _Probe) -> bytes | None:
    """The template's zip with every sentinel replaced by the unit's value (:meth:`_Probe.values`);
    None when a text cannot stand where its sentinel was (:func:`_unpatchable`: white space
    at an end once cleaned, nothing, an escape sequence, near the cell limit): the writer
    builds it then.

    The template was cut at its sentinels when it was made (:func:`_cut`), so a unit's own
    text is never searched: a unit code that happens to read like a sentinel (``987650001.5``)
    stays what it is.
    """
    replacements, unpatchable = probe.values()
    if unpatchable:
        return None
    heights = _heights(template, probe)

    def joined(part: _Part) -> bytes:
        segments = part.segments()
        changed = heights.get(part.info.filename, {})
        pieces: list[bytes | memoryview] = [segments[0]]
        for slot, segment in zip(part.slots, segments[1:]):
            if isinstance(slot, int):
                pieces.append(changed.get(slot) or part.heights[slot])
            else:
                pieces.append(replacements[slot])
            pieces.append(segment)
        return b"".join(pieces)

    return _zip((part.info, joined(part)) for part in template.parts)


def _zip(parts: Iterable[tuple[zipfile.ZipInfo, bytes]]) -> bytes:
    """The .xlsx of ``parts`` (deflated quickly, at the writer's level: level 1)."""
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=COMPRESS_LEVEL) as archive:
        for info, data in parts:
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED,
                             compresslevel=COMPRESS_LEVEL)
    return stream.getvalue()


#: A row tag as openpyxl writes it (``<row r="4" ht="150" customHeight="1">``).
_ROW_TAG = re.compile(rb'<row r="(\d+)"[^>]*>')
_HEIGHT = re.compile(rb'\sht="[^"]*"')


def _heights(template: _Template, probe: _Probe) -> dict[str, dict[int, bytes]]:
    """Sheet part → row → the height attribute (`` ht="40.5"``, as openpyxl writes it) fitted
    to the unit's own texts, for the rows where it differs from the template's (which were
    fitted to the sentinels)."""
    text_of = probe.text_of()
    heights: dict[str, dict[int, bytes]] = {}
    for fit in template.fits:
        unit_texts = tuple((text_of(text), width) for text, width in fit.fitted.texts)
        height = _row_height(unit_texts, fit.fitted.line, fit.fitted.minimum)
        if height != fit.height:
            heights.setdefault(fit.part, {})[fit.row] = _height_attribute(height)
    return heights


def _height_attribute(height: float) -> bytes:
    """A row's height attribute as openpyxl writes it (`` ht="40.5"``)."""
    return b' ht="' + safe_string(height).encode() + b'"'


def _row_height(texts: tuple[tuple[str, float], ...], line: float, minimum: float) -> float:
    """:func:`scoring.workbook.cells.row_height`, remembered for short texts: the rows of units
    that share a layout mostly hold the same texts (the same 三级指标, the same 指标值); a
    cell may hold 32,767 characters, which no cache should keep thousands of."""
    if sum(len(text) for text, _ in texts) > _REMEMBERED_TEXT:
        return row_height(texts, line, minimum)
    return _remembered_height(texts, line, minimum)


#: Longest texts of a row whose height :func:`_row_height` remembers (characters in all).
_REMEMBERED_TEXT = 1000


@lru_cache(maxsize=4096)
def _remembered_height(texts: tuple[tuple[str, float], ...], line: float, minimum: float) -> float:
    return row_height(texts, line, minimum)


# --------------------------------------------------------------------------- families


@dataclass(frozen=True)
class _Family:
    """Layouts of one form that differ only in how long their runs are (consecutive indicator
    rows of one kind: :func:`_family`), and where one unit's layout stands in it.

    The family's own form keeps the first, second and last row of each run of three rows or
    more (and every row of a shorter run); the unit's layout is that form with the second row
    of each long run copied ``copies`` times (:mod:`scoring.batch.stretch`)."""

    key: Any
    #: The unit's rows the family's form keeps (indexes into the unit's rows).
    kept: tuple[int, ...]
    #: Kept row (index into :attr:`kept`) → copies of it in the unit's layout (0 allowed).
    copies: dict[int, int]

    def rows(self, copies: dict[int, int]) -> list[int]:
        """For each kept row, the index of its row in a layout with ``copies``."""
        places, place = [], 0
        for index in range(len(self.kept)):
            places.append(place)
            place += 1 + copies.get(index, 0)
        return places


def _family(base: Any, shapes: Sequence[Any]) -> _Family | None:
    """The family of a layout whose rows have ``shapes`` (each row's part of the layout key)
    and whose other features are ``base``; None when no run has three rows or more (the layout
    is its family's only member)."""
    kept: list[int] = []
    copies: dict[int, int] = {}
    runs: list[tuple[Any, int]] = []
    for first, last in cell_runs(list(shapes)):
        length = last - first + 1
        runs.append((shapes[first], min(length, 3)))
        if length < 3:
            kept.extend(range(first, last + 1))
            continue
        copies[len(kept) + 1] = length - 3
        kept.extend((first, first + 1, last))
    if not copies:
        return None
    return _Family(("family", base, tuple(runs)), tuple(kept), copies)


@dataclass
class _FamilyTemplate:
    """The family's own form built by the writer from its probe and compiled
    (:mod:`scoring.batch.stretch`): each member's workbook is written from it.
    ``stretchable`` is False when writing it with one more row per long run did not give what
    the writer builds (the family's members are then built as before)."""

    #: Each part, compiled.
    parts: list[tuple[zipfile.ZipInfo, list[Op]]]
    probe: _Probe
    #: Sheet row → how the writer fitted its height to texts holding sentinels.
    fits: dict[int, FittedRow]
    #: The sheet row of the family form's first indicator row.
    first_row: int
    stretchable: bool = True
    #: Members written from it so far (the least used is dropped first).
    uses: int = 0

    def plan(self, copies: dict[int, int]) -> Rows:
        """Where the sheet's rows go with ``copies`` (family row index → copies)."""
        return Rows({self.first_row + index: count for index, count in copies.items()})


@lru_cache(maxsize=1 << 16)
def _sentinel_kind(sentinel: bytes) -> tuple[int, int] | None:
    """A sentinel's kind (index into :data:`_SENTINEL_FORMATS`) and number; None for a literal.
    Remembered: a family's forms hold the same sentinels."""
    match = _SENTINEL_KINDS.search(b">" + sentinel + b"<")
    if match is None or match.end() - match.start() != len(sentinel):
        return None
    return match.lastindex - 1, int(match.group(match.lastindex))


def _places(small: _Probe, large: _Probe,
            rows: Sequence[int]) -> Callable[[bytes, int], tuple[int, int] | bytes]:
    """``place(sentinel, copy)``: a sentinel of ``small`` (the probe of a family's form) as
    ``large`` (a member's probe) numbers it, (kind, number), where small row ``c`` is large
    row ``rows[c]`` and copy ``copy`` of it large row ``rows[c] + copy``; a literal (a
    checksum) of ``small`` as ``large`` has it."""
    ends = [[mark[kind] for mark in small.marks] for kind in range(len(_SENTINEL_FORMATS))]
    literals = dict(zip((old for old, _ in small.literals), (old for old, _ in large.literals)))

    def number(kind: int, value: int, copy: int) -> int:
        marks = ends[kind]
        if value <= marks[0]:  # before the first row
            return large.marks[0][kind] - marks[0] + value
        if value > marks[-1]:
            return large.marks[-1][kind] + value - marks[-1]
        row = bisect_left(marks, value) - 1  # marks[row] < value <= marks[row + 1]
        return large.marks[rows[row] + copy][kind] + value - marks[row]

    def place(sentinel: bytes, copy: int) -> tuple[int, int] | bytes:
        found = _sentinel_kind(sentinel)
        if found is None:
            return literals[sentinel]
        return found[0], number(found[0], found[1], copy)

    return place


def _named(place: tuple[int, int] | bytes) -> bytes:
    """The sentinel at ``place`` (kind, number), or the literal."""
    if place.__class__ is bytes:
        return place  # type: ignore[return-value]
    kind, number = place  # type: ignore[misc]
    return _SENTINEL_FORMATS[kind].format(number).encode("ascii")


def _numbering(small: _Probe, large: _Probe,
               rows: Sequence[int]) -> Callable[[bytes, int], bytes]:
    """``numbered(sentinel, copy)``: :func:`_places`, as the sentinel or literal ``large``
    holds there."""
    place = _places(small, large, rows)
    return lambda sentinel, copy: _named(place(sentinel, copy))


def _family_template(family: _Family, rows: Sequence[Any],
                     probe: Callable[[Sequence[Any]], tuple[Callable[[], Any], _Probe]],
                     layout: FormLayout) -> _FamilyTemplate:
    """Build the family's form (the kept ``rows``) with the writer and compile it; check that
    writing it with one copy of each long run's second row gives what the writer builds for
    those rows."""
    small_rows = [rows[index] for index in family.kept]
    build, small = probe(small_rows)
    parts, fitted = _built(build, small)
    varying = _varying(fitted)
    fits = {fit.row: fit for fit in varying if fit.sheet == 0}
    first_row = layout.first_data_row
    copied = [first_row + index for index in family.copies]
    # The literals (the checksums) are on the metadata sheet: the form's sheet and the names
    # are compiled with the sentinels alone, whose formulas repeat from family to family.
    with_literals = small.pattern()
    compiled = []
    for info, data in parts:
        if info.filename == _FORM_SHEET_PART:
            ops = compile_sheet(data, layout.sheet, copied, set(fits), _SENTINEL_KINDS,
                                lambda xml: _TEXT_PATTERN.search(xml) is not None)
        elif info.filename == _WORKBOOK_PART:
            ops = compile_names(data, layout.sheet, _SENTINEL_KINDS)
        else:
            ops = compile_part(data, with_literals)
        compiled.append((info, ops))
    # Every sentinel must be a slot (as :func:`_template` checks), and every row whose height
    # varies on the form's sheet (a fitted row elsewhere would keep the template's height).
    slots = {slot for _, ops in compiled for slot in placeholders(ops)}
    whole = set(small.values()[0]) <= slots and len(fits) == len(varying)
    made = _FamilyTemplate(compiled, small, fits, first_row, whole)
    one = dict.fromkeys(family.copies, 1)
    longer = [row for index, row in enumerate(small_rows) for _ in range(1 + one.get(index, 0))]
    build, check = probe(longer)
    built, built_fits = _built(build, check)
    written, written_fits = _member_parts(made, one, family.rows(one), check)
    made.stretchable = (made.stretchable and _same_parts(written, built)
                        and _fits(written_fits) == _fits(built_fits))
    return made


#: The form's sheet: where the style sentinels are (:meth:`_Probe.styled`), and, with the
#: workbook part, what a family's template writes with copies of rows.
_FORM_SHEET_PART = "xl/worksheets/sheet1.xml"
_WORKBOOK_PART = "xl/workbook.xml"


def _member_parts(made: _FamilyTemplate, copies: dict[int, int], places: Sequence[int],
                  probe: _Probe, values: _Values | None = None
                  ) -> tuple[list[tuple[zipfile.ZipInfo, bytes]], list[FittedRow]]:
    """A member's parts written from its family's template with ``copies`` (family row index
    → copies; ``places``: each family row's index among the member's), and its fitted rows:
    each sentinel placed as the member's ``probe`` numbers it (:func:`_places`), then the
    member's own value there (``values``, :meth:`_Probe.by_kind`; without them, the sentinel
    itself); a row fitted to texts gets the height of those texts."""
    place = _places(made.probe, probe, places)
    plan = made.plan(copies)
    if values is None:
        slot = _numbering(made.probe, probe, places)

        def text(sentinel: bytes, copy: int) -> str:
            return slot(sentinel, copy).decode()
    else:
        by_kind, literals = values.by_kind, values.literals

        def slot(sentinel: bytes, copy: int) -> bytes:
            found = place(sentinel, copy)
            if found.__class__ is bytes:
                return literals[found]  # type: ignore[index]
            return by_kind[found[0]][found[1] - 1]  # type: ignore[index]

        def text(sentinel: bytes, copy: int) -> str:
            return probe.texts[place(sentinel, copy)[1] - 1]  # type: ignore[index]

    fitted = [replace(fit, row=plan.new(row) + copy, texts=tuple(
        (_TEXT_STRING.sub(lambda m: text(m.group(0).encode(), copy), fitted_text), width)
        for fitted_text, width in fit.texts))
        for row, fit in made.fits.items() for copy in range(plan.copies(row) + 1)]
    heights = {fit.row: _height_attribute(_row_height(fit.texts, fit.line, fit.minimum))
               for fit in fitted}

    def height(row: int, copy: int) -> bytes:
        return heights[plan.new(row) + copy]

    return [(info, run(ops, plan, slot, height)) for info, ops in made.parts], fitted


def _same_parts(written: Sequence[tuple[zipfile.ZipInfo, bytes]],
                built: Sequence[tuple[zipfile.ZipInfo, bytes]]) -> bool:
    """Whether written parts are what the writer built: byte for byte but for the order of
    merged areas and validations in the form's sheet (:func:`scoring.batch.stretch.canonical`),
    the document properties' part (``docProps/core.xml``: the time it was made, the only
    thing of a workbook's that changes from one build to the next; a patched workbook keeps its
    template's, as before), and a double quote written ``&quot;`` in character data (a text
    patched in escapes it wherever it stands, the writer in attributes only: the same text to
    an XML reader; in an attribute both must have it escaped)."""
    if [info.filename for info, _ in written] != [info.filename for info, _ in built]:
        return False
    for (info, mine), (_, theirs) in zip(written, built):
        if info.filename == "docProps/core.xml":
            continue
        if info.filename == _FORM_SHEET_PART:
            mine, theirs = canonical(mine), canonical(theirs)
        if _text_quotes(mine) != _text_quotes(theirs):
            return False
    return True


#: Character data between two tags.
_CHARACTER_DATA = re.compile(rb">[^<]*<")


def _text_quotes(xml: bytes) -> bytes:
    """``xml`` with ``&quot;`` written ``"`` in its character data (not in attributes)."""
    return _CHARACTER_DATA.sub(lambda match: match.group(0).replace(b"&quot;", b'"'), xml)


def _fits(fitted: Sequence[FittedRow]) -> list[tuple[Any, ...]]:
    """The rows whose height varies by unit (:func:`_varying`), comparable."""
    return sorted((fit.sheet, fit.row, fit.texts, fit.line, fit.minimum)
                  for fit in _varying(fitted))


@dataclass(frozen=True)
class _Member:
    """A unit's form as a member of its family: what :meth:`Filler._stretchable` needs to make
    the family's template, and to write the member from it."""

    family: _Family
    #: The unit's indicator rows.
    rows: Sequence[Any]
    #: How a form with given rows is built from its sentinels, and the sentinels.
    probe: Callable[[Sequence[Any]], tuple[Callable[[], Any], _Probe]]
    layout: FormLayout

    @property
    def places(self) -> list[int]:
        """Each of the family form's rows' index among the member's rows."""
        return self.family.rows(self.family.copies)


#: Family templates a :class:`Filler` keeps (:class:`_FamilyTemplate`: a workbook compiled,
#: 120–200 KB): target and monitoring forms each fall into a dozen families when every unit
#: has its own indicator rows (the benchmark's master data; a province's may have more).
MAX_FAMILIES = 64
#: How many members later than the third a family's template is made once
#: :data:`MAX_FAMILIES` are kept (:meth:`Filler._stretchable`: the sixth), when making one
#: means dropping the least used: a template costs some two and a half writer builds and saves
#: most of one per later member, so families of a few members should not take turns.
FULL_FAMILY_LATER = 3
#: Families whose sizes (members seen) a :class:`Filler` remembers, the latest last, to judge
#: whether a family's template pays at its first member (:meth:`Filler._families_repeat`).
FAMILY_HISTORY = 16
#: Families a :class:`Filler` has seen before it judges by their sizes; until then a family's
#: template is made at its first member.
FAMILY_TRIAL = 8


#: How many more workbooks of a layout are written from its family's template before the
#: layout gets its own (:meth:`Filler._from_template`): making one (written from the family's,
#: cut and compressed) costs about two family writes (an estimate) and saves some 40% of each
#: later one (3.6 against 6.1 ms, diagnostic), so it pays after some five workbooks; a layout
#: seen a few times never repays it (every unit its own framework: most repeated target
#: layouts are seen twice).
OWN_TEMPLATE_LATER = 4


#: Layout templates a :class:`Filler` keeps (20–40 KB each, compressed); the one used longest
#: ago goes first, so a master file where every unit has its own layout cannot make a worker
#: grow without bound.
MAX_TEMPLATES = 64
#: Layouts a :class:`Filler` counts before they have a template (a hash and a count each).
MAX_SIGHTINGS = 4096


class Filler:
    """Builds unit workbooks, keeping one template per layout (one per worker process).

    Args:
        variant: ``portable`` or ``addin``.
        patch: Use the template patching (default); False builds every workbook with the
            writer (the reference the tests compare against).
        policies: The scoring policies the self-evaluation forms follow (and record).
        period: 监控期间 of every monitoring form (default: each unit's own).
        template_from: The workbook of a layout from which on it is patched from a template
            (default 2: the first of each layout is built by the writer, unless written from
            its family's template; 1 patches every one).
    """

    def __init__(self, variant: str = "portable", patch: bool = True,
                 policies: Policies = DEFAULT_POLICIES, period: Period | None = None,
                 template_from: int = 2) -> None:
        self.variant = variant
        self.patch = patch
        if template_from < 1:
            raise ValueError(f"template_from must be 1 or more, not {template_from}")
        self.template_from = template_from
        #: hash of a layout key → workbooks of that layout built so far without a template.
        self._sightings: dict[int, int] = {}
        self.policies = policies
        self.period = period
        self._templates: dict[Any, _Template] = {}
        self._families: dict[Any, _FamilyTemplate] = {}
        #: Hashes of family keys whose template did not write what the writer builds.
        self._refused_families: set[int] = set()
        #: Per form (its kind): hash of a family key → its members seen so far, for the latest
        #: :data:`FAMILY_HISTORY` families (the one seen last, last).
        self._family_sizes: dict[str, dict[int, int]] = {}

    def _patching(self, key: Any, later: int = 0) -> bool:
        """True when a workbook of the layout ``key`` is patched from its template: the layout
        has one already, or this is its ``template_from``-th workbook, ``later`` added: more
        for a template that pays less (a layout's own when its family has one), fewer for a
        family's made at its first member (:meth:`_stretchable`). Before that the writer
        builds it, which costs less than building a template and patching it: a layout that
        never repeats (every unit its own framework) never pays for a template."""
        if key in self._templates:
            self._templates[key] = self._templates.pop(key)  # the most recently used, last
            return True
        seen = hash(key)
        count = self._sightings.get(seen, 0) + 1
        if count >= self.template_from + later:
            self._sightings.pop(seen, None)
            return True
        if seen not in self._sightings and len(self._sightings) >= MAX_SIGHTINGS:
            del self._sightings[next(iter(self._sightings))]
        self._sightings[seen] = count
        return False

    def _keep(self, key: Any, template: _Template) -> _Template:
        if len(self._templates) >= MAX_TEMPLATES:
            del self._templates[next(iter(self._templates))]
        self._templates[key] = template
        return template

    def _from_template(self, key: Any, shaping: Iterable[str],
                       probe: Callable[[], tuple[Callable[[], Any], _Probe]],
                       build: Callable[[], Any], member: _Member | None = None,
                       checked: bool = False) -> bytes:
        """A workbook of the layout ``key``: patched from the layout's template when it is
        patched (:meth:`_patching`) and no text that shapes it (``shaping``) could be taken
        for a sentinel; else written from the ``member``'s family template when it can be, else
        ``build()`` by the writer. ``probe()`` gives how the template is built and its
        sentinels (made only when the workbook is patched). A layout that repeats is patched
        from its own template, which costs less than writing it from its family's; when the
        family has a template, the layout's own is made :data:`OWN_TEMPLATE_LATER` workbooks
        later (it pays only when the layout repeats more) and written from the family's (a
        writer's build saved). ``checked``: the first workbook patched from a new template is
        compared with what the writer builds (one build more per layout), and a template that
        patches otherwise is never used (:meth:`_checked`)."""
        if not self.patch or _confusable(shaping):
            return _workbook_bytes(build())
        if member is not None:
            self._seen(member)
        made = self._stretchable(member, make=False) if member is not None else None
        if not self._patching(key, later=0 if made is None else OWN_TEMPLATE_LATER):
            written = self._from_family(member) if member is not None else None
            return written or _workbook_bytes(build())
        build_probe, sentinels = probe()
        template = self._templates.get(key)
        if template is None:
            if made is not None:
                made.uses += 1
            built = (None if made is None else _member_parts(
                made, member.family.copies, member.places, sentinels))
            template = self._keep(key, _template(build_probe, sentinels, built))
            if checked and template.patchable:
                return self._checked(key, template, sentinels, build)
        patched = _patch(template, sentinels) if template.patchable else None
        return patched or _workbook_bytes(build())

    def _checked(self, key: Any, template: _Template, sentinels: _Probe,
                 build: Callable[[], Any]) -> bytes:
        """The workbook the writer builds for the unit whose probe made ``template``: the
        template is refused (never patched) when the unit's workbook patched from it differs
        (:func:`_same_parts`) or its rules could not be recorded, and forgotten when the unit's
        own texts cannot be patched in (a later unit of the layout makes it again)."""
        built = _workbook_bytes(build())
        patched = _patch(template, sentinels)
        if patched is None and not sentinels.refused:
            del self._templates[key]
        elif patched is None or not _same_parts(_zip_parts(patched), _zip_parts(built)):
            template.patchable = False
        return built

    def _seen(self, member: _Member) -> None:
        """Count a member of its family (:meth:`_families_repeat`)."""
        sizes = self._family_sizes.setdefault(member.layout.kind, {})
        seen = hash(member.family.key)
        sizes[seen] = sizes.pop(seen, 0) + 1
        if len(sizes) > FAMILY_HISTORY:
            del sizes[next(iter(sizes))]

    def _families_repeat(self, member: _Member) -> bool:
        """Whether the template of the ``member``'s family is made at its first member: while
        fewer than :data:`FAMILY_TRIAL` families of its form were seen, or at least half of the
        latest ones (at most ``FAMILY_HISTORY - 1``: the member's own is seen last, not judged)
        had three members or more.

        A family's template costs some two and a half writer builds (two forms and compiling).
        Made at the first member, it saves the two builds of the first and second members for
        each family of three members or more, and costs about one and a half more for a family
        of one; made at the third member (when families are mostly that small), families of one
        or two members never pay for one. A worker gets the units of a family together
        (:func:`unit_group`), so the families it saw before are mostly complete; where a large
        family was split between batches, or monitoring families are finer than the groups,
        the sizes are those the worker saw, which changes its speed only."""
        sizes = list(self._family_sizes.get(member.layout.kind, {}).values())[:-1]
        return len(sizes) < FAMILY_TRIAL or 2 * sum(size >= 3 for size in sizes) >= len(sizes)

    def _stretchable(self, member: _Member, make: bool = True) -> _FamilyTemplate | None:
        """The template of the member's family, when it writes what the writer builds; made
        (``make``) at the family's first member while families repeat
        (:meth:`_families_repeat`), else at its ``template_from + 1``-th (:meth:`_patching`);
        at the ``template_from + 1 +`` :data:`FULL_FAMILY_LATER`-th when :data:`MAX_FAMILIES`
        are kept (the least used is dropped for it)."""
        family = member.family
        made = self._families.get(family.key)
        if made is None:
            refused = hash(family.key)
            if not make or refused in self._refused_families:
                return None
            full = len(self._families) >= MAX_FAMILIES
            later = (1 + FULL_FAMILY_LATER if full
                     else 1 - self.template_from if self._families_repeat(member) else 1)
            if not self._patching(family.key, later=later):
                return None
            made = _family_template(family, member.rows, member.probe, member.layout)
            if not made.stretchable:  # never used: remembered as such, not kept
                if len(self._refused_families) < MAX_SIGHTINGS:
                    self._refused_families.add(refused)
                return None
            if full:
                # the least used goes; the uses of the others count half from now on, so that
                # a family used much long ago does not stay for good
                del self._families[min(self._families, key=lambda key: self._families[key].uses)]
                for kept in self._families.values():
                    kept.uses //= 2
            self._families[family.key] = made
        return made

    def _from_family(self, member: _Member) -> bytes | None:
        """The member's workbook written from its family's template (:func:`_member_parts`);
        None when the writer builds it: the family has no template that writes what the writer
        builds (:meth:`_stretchable`), or a text cannot stand where its sentinel was."""
        made = self._stretchable(member)
        if made is None:
            return None
        sentinels = member.probe(member.rows)[1]
        values, unpatchable = sentinels.by_kind()
        if unpatchable:
            return None
        parts, _ = _member_parts(made, member.family.copies, member.places, sentinels, values)
        made.uses += 1
        return _zip(parts)

    def target_bytes(self, unit: Unit) -> bytes:
        """The unit's target-form workbook as .xlsx bytes."""
        from ..workbook.writer import build_target_workbook

        form = replace(unit.target_form, unit_code=unit.code)

        def probe(rows: Sequence[TargetIndicator] = form.indicators
                  ) -> tuple[Callable[[], Any], _Probe]:
            probe_form, sentinels = _target_probe(replace(form, indicators=tuple(rows)))
            return lambda: build_target_workbook(probe_form, self.variant), sentinels

        base, shape = _target_layout(form)
        family = _family(base, shape)
        return self._from_template(
            (*base, shape), [form.city, *(text for row in form.indicators
                                          for text in (row.level1, row.level2))],
            probe, lambda: build_target_workbook(form, self.variant),
            None if family is None else _Member(family, form.indicators, probe, TARGET_FORM))

    def monitoring_bytes(self, unit: Unit) -> bytes:
        """The unit's monitoring workbook (运行监控表) as .xlsx bytes: its target form's rows
        and funds, for the unit's 监控期间 (or the run's, when one was given), nothing entered.

        Its light formulas hold the unit's 指标值: the template holds a sentinel for each
        (:meth:`_Probe.formula`), and one for the style id of each value cell (whether it
        takes the percent number format: :meth:`_Probe.style`), so a layout is the rows' shape
        and which values are empty, not what the values are.
        """
        from ..workbook.monitoring_sheet import build_monitoring_workbook

        form = MonitoringForm.from_target_form(replace(unit.target_form, unit_code=unit.code),
                                               self.period or unit.period)

        def build() -> Any:
            return build_monitoring_workbook(form, self.variant, self.policies)

        def probe(rows: Sequence[MonitoringIndicator] = form.indicators
                  ) -> tuple[Callable[[], Any], _Probe]:
            probe_form, sentinels, read, lights = _monitoring_probe(
                replace(form, indicators=tuple(rows)), self.policies)
            return lambda: build_monitoring_workbook(probe_form, self.variant, self.policies,
                                                     read=read, lights=lights), sentinels

        layout = _monitoring_key(form)
        if layout is None:
            return _workbook_bytes(build())
        key, shaping = layout
        family = _family(key[:-1], key[-1])
        return self._from_template(
            key, shaping, probe, build,
            None if family is None else _Member(family, form.indicators, probe, MONITORING_FORM))

    def evaluation_bytes(self, unit: Unit) -> bytes:
        """The unit's self-evaluation workbook as .xlsx bytes (no values entered yet).

        Its formulas hold its rules' numbers, so a layout's template holds a sentinel for each
        formula a recorded rule writes (:mod:`scoring.batch.recorded_rules`): the questions the
        writer put to the rules are recorded when the template is built, and another unit's
        rules are asked the same (:meth:`RuleRecording.replay`). The first workbook patched
        from such a template is compared with what the writer builds (:meth:`_checked`).
        """
        from ..workbook.writer import build_evaluation_workbook

        def build(framework: Framework, name: str, code: str,
                  rule_of: Callable[[Indicator], Any] = Indicator.rule) -> Any:
            return build_evaluation_workbook(framework, Inputs(), unit_name=name, unit_code=code,
                                             year=unit.year, variant=self.variant,
                                             policies=self.policies, rule_of=rule_of)

        made = _evaluation_probe(unit, self.policies)

        def recorded() -> Any:
            """The layout built from the probe, what the writer reads of each rule recorded
            and the formulas it writes the probe's sentinels."""
            recording = made.probe.recording = RuleRecording(made.probe.formula, len(made.rules))
            wb = build(made.framework, made.unit_name, made.unit_code, made.rule_of(recording))
            made.probe.refused = not recording.complete
            return wb

        def probe() -> tuple[Callable[[], Any], _Probe]:
            template = self._templates.get(made.key)
            if template is not None and template.patchable and template.recording is not None:
                formulas = template.recording.replay(made.rules)
                made.probe.refused = formulas is None
                made.probe.formulas.extend(formulas or ())
            return recorded, made.probe

        return self._from_template(made.key, made.shaping, probe,
                                   lambda: build(unit.framework, unit.name, unit.code),
                                   checked=bool(made.rules))

    def project_bytes(self, project: Project) -> bytes:
        """The project's self-evaluation workbook (项目支出绩效自评表) as .xlsx bytes: its header,
        年初预算数 and 全年预算数, 预期目标 and indicators as issued, nothing executed yet, in
        the copy of the form of the project's profile (评分口径).

        Built with the writer each time: every project has its own indicator rows.
        """
        from ..project import get_profile
        from ..workbook.project_sheet import build_project_workbook

        return _workbook_bytes(build_project_workbook(
            project.evaluation, profile=get_profile(project.profile), variant=self.variant,
            year=project.year,
            unit_code=project.unit_code,
            unit_name=project.unit_name, project_code=project.code))

    def project_target_bytes(self, project: Project) -> bytes:
        """The project's target declaration workbook (项目支出绩效目标申报表) as .xlsx bytes: the
        declaration as issued (:attr:`scoring.batch.master.Project.target`), with the unit and the
        项目编码 on its metadata sheet, as the self-evaluation has them.

        Built with the writer each time, like the self-evaluation.
        """
        from ..workbook.project_target_sheet import build_project_target_workbook

        return _workbook_bytes(build_project_target_workbook(
            project.target, self.variant, year=project.year, unit_code=project.unit_code,
            unit_name=project.unit_name, project_code=project.code))


# --------------------------------------------------------------------------- running


def item_paths(item: Parcel, out: Path, variant: str,
               kinds: Sequence[str] = FILLED_FORMS) -> dict[str, Path]:
    """Where the workbooks of a unit or of a project go, one per form of ``kinds`` filled per
    unit (per project): a unit's named by year, unit code and name; a project's by year, unit
    code, project code and project name. A project form without the variant asked for (none so
    far: both project forms have both) is written in its first variant."""
    if item.kind == "project":
        return {kind: out / project_filename(
            kind, year=item.year, unit_code=item.unit_code, project_code=item.code,
            project_name=item.name,
            variant=variant if variant in FORMS[kind].variants else FORMS[kind].variants[0])
            for kind in kinds if FORMS[kind].filled_per == "project"}
    return {kind: out / workbook_filename(kind, year=item.year, unit_code=item.code,
                                          unit_name=item.name, variant=variant)
            for kind in kinds if FORMS[kind].filled_per == "unit"}


_FILLER: Filler | None = None


def unit_checksum(unit: Unit, policies: Policies = DEFAULT_POLICIES,
                  period: Period | None = None) -> str:
    """A short SHA-256 of everything a unit's workbooks are made from: its master data, the
    scoring policies and the 监控期间 of the run.

    The manifest keeps it per file, so a second run can tell a unit whose master data (or the
    policies, or the period) changed since its workbooks were written from one that did not.
    """
    data = {"code": unit.code, "name": unit.name, "year": unit.year,
            "target": asdict(unit.target_form), "framework": unit.framework.to_dict(),
            "policies": policies_text(policies), "period": (period or unit.period).months}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def project_checksum(project: Project) -> str:
    """A short SHA-256 of everything a project's workbook is made from (its master data), kept
    in the manifest like :func:`unit_checksum`."""
    text = json.dumps(asdict(project), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _written(item: Parcel, kind: str, path: Path, **fields: Any) -> Written:
    """A manifest row of a unit's or a project's workbook."""
    if item.kind == "project":
        return Written(item.unit_code, item.unit_name, item.year, kind, str(path),
                       project=item.code, **fields)
    return Written(item.code, item.name, item.year, kind, str(path), **fields)


@dataclass(frozen=True)
class Previous:
    """What the last run's manifest says about one file: its SHA-256 when perfscore wrote it,
    and the checksum of the master data it was written from."""

    sha256: str
    master: str
    #: The manifest's row as written (Chinese headers), carried into the manifest of a run
    #: that is interrupted before it reaches the file.
    row: dict[str, str] = field(default_factory=dict, compare=False)


def previous_manifest(out: Path) -> dict[str, Previous]:
    """File name → :class:`Previous`, from the manifest a former run left in ``out``
    (:data:`MANIFEST_NAME`, or :data:`FORMER_MANIFEST_NAME` an earlier version wrote: the newer
    of the two that reads as a manifest).

    Only files the former run wrote or found are listed; a missing or unreadable manifest (a
    first run, a manifest edited by hand) gives an empty table: every existing file then counts
    as possibly changed by its unit.
    """
    import pandas as pd

    def modified(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return -1.0

    # The newer first: an earlier version may have run since (its FORMER_MANIFEST_NAME); a
    # file of that name that is not a manifest is passed over.
    for path in sorted((out / MANIFEST_NAME, out / FORMER_MANIFEST_NAME), key=modified,
                       reverse=True):
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
            file, sha, master = _MANIFEST_KEYS
            return {row[file]: Previous(row[sha], row[master], row)
                    for row in frame.to_dict("records") if row[file] and row[sha]}
        except (OSError, ValueError, KeyError):
            continue
    return {}


def _back_up(path: Path, out: Path, stamp: str) -> Path:
    """Move ``path`` into ``out/备份/<stamp>/`` (never over another file) and return where."""
    folder = out / BACKUP_FOLDER / stamp
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / path.name
    for number in range(2, 1000):  # a second run within the same second: 名称-2.xlsx
        if not target.exists():
            break
        target = folder / f"{path.stem}-{number}{path.suffix}"
    try:
        os.link(path, target)  # fails if a file of that name is already there: nothing replaced
    except FileExistsError:
        raise
    except OSError:  # no hard links (FAT, some network shares): under the folder lock a
        os.rename(path, target)  # rename after the check above is as safe
        return target
    os.unlink(path)
    return target


def _fill_unit(parcel: Parcel, out: str, variant: str, force: bool,
               previous: dict[str, Previous] | None = None, stamp: str = "",
               policies: Policies = DEFAULT_POLICIES, kinds: Sequence[str] = FILLED_FORMS,
               period: Period | None = None) -> list[Written]:
    """Write the workbooks of one unit (or one project, opened from its parcel), one per form
    of ``kinds`` filled per unit (per project) (runs in a worker process, which keeps its
    :class:`Filler` and so its layout templates from one unit to the next).

    An existing workbook is kept unless ``force``; it is marked *stale* when the unit's master
    data changed since it was written (:func:`unit_checksum`, from the former manifest
    ``previous``). With ``force``, a workbook that is not byte for byte what a former run wrote
    (the unit typed into it, or nobody knows) is moved to ``备份/<stamp>/`` first.
    """
    global _FILLER
    if _FILLER is None or (_FILLER.variant, _FILLER.policies, _FILLER.period) != (
            variant, policies, period):
        _FILLER = Filler(variant, policies=policies, period=period)
    filler = _FILLER
    previous = previous or {}
    unit = parcel.open()
    checksum = (project_checksum(unit) if isinstance(unit, Project)
                else unit_checksum(unit, policies, period))
    written: list[Written] = []
    for kind, path in item_paths(parcel, Path(out), variant, kinds).items():
        row = _written(parcel, kind, path, master=checksum)
        if path.exists() and not path.is_file():
            written.append(replace(row, status="failed", message=WorkbookFileError(
                "输出位置已有同名的文件夹（或其他非普通文件），无法保存工作簿；请移走或改名后重试",
                code="PS-W001", file=str(path)).format_message()))
            continue
        record = previous.get(path.name)
        note = ""
        if path.exists():
            try:
                old = path.read_bytes()
            except OSError as exc:
                written.append(replace(row, status="failed", message=WorkbookFileError(
                    f"已有的工作簿无法读取（{os_error_message(exc)}），未覆盖", code="PS-W001",
                    file=str(path)).format_message()))
                continue
            old_sha = hashlib.sha256(old).hexdigest()
            if not force:
                stale = record is not None and record.master not in ("", checksum)
                notes = [STALE_NOTE.format(backup=BACKUP_FOLDER)] if stale else []
                if record is not None and record.sha256 != old_sha:
                    notes.append(EDITED_NOTE)
                # The manifest keeps the checksums of the file as written, so the next run can
                # still tell a file the unit typed into from one it did not touch.
                written.append(replace(
                    row, status="stale" if stale else "exists",
                    sha256=record.sha256 if record else "", size=len(old),
                    master=record.master if record else "", message=SEPARATOR.join(notes)))
                continue
            if record is None or record.sha256 != old_sha:
                try:
                    moved = _back_up(path, Path(out), stamp)
                except OSError as exc:
                    written.append(replace(row, status="failed", message=WorkbookFileError(
                        f"原工作簿可能含有填写的内容，但无法备份（{os_error_message(exc, writing=True)}），"
                        "因此未覆盖", code="PS-W001", file=str(path)).format_message()))
                    continue
                note = f"原工作簿含填写或改动的内容，已移到 {moved.relative_to(Path(out))}"
        try:
            data = getattr(filler, FORMS[kind].fill)(unit)
            write_bytes_atomic(path, data, force=force)
        except PerfscoreError as exc:
            written.append(replace(row, status="failed", message=exc.format_message()))
            continue
        # Items whose rule the reader cannot read are scored by the evaluator: say which.
        notes = [note] if note else []
        if kind == "evaluation" and isinstance(unit, Unit):
            notes += [f"[{issue.code}] {issue.message}" for issue in unit.framework.unread()]
        written.append(replace(row, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                               message=SEPARATOR.join(notes)))
    return written


def _failed_unit(item: Parcel, out: Path, variant: str, kinds: Sequence[str],
                 message: str) -> list[Written]:
    """Rows for every workbook of a unit (or project) that could not be written, with the reason."""
    return [_written(item, kind, path, status="failed", message=message)
            for kind, path in item_paths(item, out, variant, kinds).items()]


def _item_key(item: Parcel) -> tuple[str, str]:
    """What tells units and projects apart in a run: ("unit", code) or ("project", code)."""
    return item.kind, item.code


def _colliding(items: Sequence[Parcel], out: Path, variant: str,
               kinds: Sequence[str]) -> dict[tuple[str, str], str]:
    """Units and projects whose file names collide with another's: :func:`_item_key` → the
    message.

    Codes such as ``A/B`` and ``A:B`` become the same file name (characters a file name cannot
    hold are replaced), and Windows and macOS do not tell ``a`` from ``A``: two units (or two
    projects) would share their workbooks. All of them are refused, so none overwrites another.
    """
    owners: dict[str, list[Parcel]] = {}
    names: dict[str, str] = {}
    for item in items:
        for path in item_paths(item, out, variant, kinds).values():
            owners.setdefault(path.name.casefold(), []).append(item)
            names.setdefault(path.name.casefold(), path.name)
    messages: dict[tuple[str, str], str] = {}
    for key, sharing in owners.items():
        name = names[key]
        if len({_item_key(item) for item in sharing}) < 2:
            continue
        codes = "、".join(dict.fromkeys(f"“{item.code}”" for item in sharing))
        what = (PROJECT_CODE_LABEL if all(item.kind == "project" for item in sharing)
                else UNIT_LABELS["unit_code"])
        for item in sharing:
            messages[_item_key(item)] = MasterDataError(
                f"{what} {codes} 生成的文件名相同（{name}），均未生成，以免互相覆盖；"
                f"请修改{what}（不要使用 / \\ : * ? \" < > | 等字符，不要只靠大小写区分）",
                code="PS-M002").format_message()
    return messages


def fill_units(master: MasterData, out: str | Path, *, variant: str = "portable",
               jobs: int | None = None, force: bool = False, progress: bool = False,
               limits: WorkerLimits = WRITE_LIMITS, policies: Policies | None = None,
               kinds: Sequence[str] = FILLED_FORMS, period: Period | None = None
               ) -> FillReport:
    """Write every good unit's and project's workbooks into ``out`` and the manifest beside them.

    The output folder is locked for the run (:func:`~scoring.workbook.files.folder_lock`): a
    second run on the same folder stops at once instead of marking good files as failed. Each
    unit is written in a worker process under ``limits`` (:func:`.workers.run_isolated`); a unit
    whose worker dies or overruns is marked failed and the run goes on.

    Args:
        master: Validated master data; its failed units and projects appear in the manifest
            as failed. Its good units and projects are sent to the workers as parcels
            (:class:`.records.Parcel`; :func:`.master.load_master_isolated` gives them so).
        out: The output folder (created when missing).
        variant: ``portable`` or ``addin``.
        jobs: Worker processes at most (default: the CPU count; fewer for a small batch,
            :func:`.workers.fill_workers`).
        force: Overwrite existing workbooks.
        progress: Show a progress bar on stderr.
        limits: Memory and time for one unit.
        policies: The scoring policies (default: the master data's 评分口径).
        kinds: The forms to write (:data:`scoring.forms.FILLED_FORMS`; default all of them: the
            target form, the self-evaluation and the monitoring form of every unit, the project
            self-evaluation of every project).
        period: 监控期间 of every monitoring form (default: each unit's, from master data).

    Returns:
        The :class:`FillReport`. When the manifest cannot be written (a full disk) the report
        carries the error in :attr:`FillReport.manifest_error` instead of raising, so the
        caller can still say which workbooks were not written.

    Raises:
        WorkbookFileError: PS-W001 when the folder cannot be created, PS-W017 when another run
            holds it.
    """
    from ..workbook.cells import check_variant

    check_variant(variant)
    out = make_folder(out)
    with folder_lock(out):
        items = [*master.parcels, *(Parcel.of(item, unit_group(item)) for item in master.units),
                 *(Parcel.of(item) for item in master.projects)]
        colliding = _colliding(items, out, variant, kinds)
        refused = [row for item in items if _item_key(item) in colliding
                   for row in _failed_unit(item, out, variant, kinds, colliding[_item_key(item)])]
        units = [item for item in items if _item_key(item) not in colliding
                 and item_paths(item, out, variant, kinds)]
        bar = _progress(sum(len(item_paths(item, out, variant, kinds)) for item in units), progress)
        previous = previous_manifest(out)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")  # of this run's 备份 folder
        task = partial(_fill_unit, out=str(out), variant=variant, force=force,
                       previous=previous, stamp=stamp,
                       policies=master.policies if policies is None else policies,
                       kinds=tuple(kinds), period=period)
        # On Ctrl-C the workers are stopped before the manifest below is written (closing), and
        # the units they finished that the loop had not reached yet are kept (unseen).
        unseen: list[tuple[int, list[Written]]] = []
        # Each unit's rows as it is done (so an interruption loses none), packed: a run of
        # thousands of units keeps their rows as compressed bytes, in unit order at the end.
        by_unit: dict[int, bytes] = {}
        try:
            # a group's units go out together (unit_group), each group in file order
            order = sorted(range(len(units)), key=lambda index: units[index].group)
            with closing(run_isolated_as_completed(task, units, jobs=fill_workers(jobs, len(units)),
                                                   limits=limits, unseen=unseen,
                                                   order=order)) as results:
                for index, rows in results:
                    if isinstance(rows, WorkerFailure):
                        rows = _failed_unit(units[index], out, variant, kinds, WorkbookFileError(
                            rows.message(limits),
                            code="PS-W004" if rows.reason in ("memory", "time")
                            else "PS-W002").format_message())
                    by_unit[index] = pack(rows)
                    bar.update(len(rows))
        except BaseException:
            # Interrupted (Ctrl-C): the manifest still records what this run wrote, and what
            # the last one knew of the other files, so the next run can tell untouched files.
            by_unit.update((index, pack(rows)) for index, rows in unseen)
            written = _in_order(refused, by_unit)
            done = {Path(row.file).name for row in written if row.file}
            carried = [record.row for name, record in previous.items() if name not in done]
            try:  # the former manifest, if any, stays: nobody would be told it went
                write_manifest(written, out / MANIFEST_NAME, carried)
            except WorkbookFileError:
                pass  # the interruption is what the user hears of; the files are complete
            raise
        finally:
            bar.close()
        written = _in_order(refused, by_unit, _master_failures(master, kinds))
        try:
            manifest, former = _save_manifest(written, out, stamp=stamp)
            manifest_error = None
        except WorkbookFileError as exc:
            manifest, manifest_error, former = None, exc, None
    return FillReport(written, manifest, manifest_error, former)


def _in_order(refused: list[Written], by_unit: dict[int, bytes],
              failures: Iterable[Written] = ()) -> PackedRows[Written]:
    """The run's manifest rows: the refused units' first, then every unit's in unit order
    (``by_unit``: unit index → its packed rows, emptied here), then ``failures``."""
    written: PackedRows[Written] = PackedRows()
    for row in refused:
        written.append(row)
    for index in sorted(by_unit):
        for row in unpack(by_unit.pop(index)):
            written.append(row)
    for row in failures:
        written.append(row)
    return written


def _master_failures(master: MasterData, kinds: Sequence[str]) -> Iterator[Written]:
    """A manifest row for every unit (and, when project forms are filled, every project) the
    master data's problems kept from being written, with the problems' first lines."""
    def row(code: str, name: str, errors: Iterable[PerfscoreError]) -> Written:
        return Written(code, name, None, "", "", status="failed", message="；".join(
            error.format_message().splitlines()[0] for error in errors))

    duplicated: dict[str, list[tuple[str, tuple[PerfscoreError, ...]]]] = {}
    for code, name, errors in master.repeated.values():
        duplicated.setdefault(code, []).append((name, errors))
    for code in master.failed:
        # a duplicated code: each of its rows, a unit of its own, together in row order
        for name, errors in duplicated.get(code) or [(master.names.get(code, ""),
                                                      master.by_unit.get(code, ()))]:
            yield row(code, name, errors)
    for name, errors in master.unnamed.values():  # unit rows without a readable code
        yield row("", name, errors)
    if any(FORMS[kind].filled_per == "project" for kind in kinds):
        for failed in master.failed_projects:
            yield Written(failed.unit_code, failed.unit_name, None, "", "", project=failed.code,
                          status="failed", message="；".join(
                              error.format_message().splitlines()[0]
                              for error in failed.problems))


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, unit="个", desc="生成工作簿",
                file=unfiltered(sys.stderr), leave=False)


def _save_manifest(rows: Iterable[Written], out: Path, stamp: str) -> tuple[Path, Path | None]:
    """Write the run's manifest into ``out`` (:func:`write_manifest`), then move the one an
    earlier version left there under :data:`FORMER_MANIFEST_NAME` to the run's
    ``备份/<stamp>/`` (:func:`_back_up`; a user may have added notes to it): what it said of the
    files is in the new one (read by :func:`previous_manifest`), and two manifests in the folder
    would disagree. Only a file whose headers include the manifest's file and checksum columns
    (:data:`_MANIFEST_KEYS`) is moved (another file of that name stays). Returns the manifest
    written and where the former one went (None when it stayed). An interrupted run writes its
    manifest with :func:`write_manifest` alone: the former stays, as nobody would be told.
    """
    import csv

    path = write_manifest(rows, out / MANIFEST_NAME)
    former = out / FORMER_MANIFEST_NAME
    try:
        with open(former, encoding="utf-8-sig", newline="") as stream:
            headers = next(csv.reader(stream), [])
        if set(_MANIFEST_KEYS) <= set(headers):
            return path, _back_up(former, out, stamp)
    except (OSError, UnicodeDecodeError, csv.Error):
        pass  # none, or not one: left as it is
    return path, None


def write_manifest(rows: Iterable[Written], path: Path,
                   carried: Sequence[dict[str, str]] = ()) -> Path:
    """Write the manifest CSV (UTF-8 with BOM, so Excel shows the Chinese headers).

    The manifest describes the folder after this run, so it is replaced on every run;
    ``carried`` rows (as a former manifest wrote them) are kept after this run's.
    """
    import csv

    headers = list(MANIFEST_COLUMNS.values())
    text = io.StringIO()
    # Written row by row (a run of thousands of units has tens of thousands of rows); the
    # lines end as pandas' to_csv ended them before.
    writer = csv.writer(text, lineterminator=os.linesep)
    writer.writerow(headers)

    def cell(value: Any) -> Any:
        # a unit named "=HYPERLINK(…)" stays text in Excel; a control character never reaches it
        return csv_text(clean_text(value))

    for row in rows:
        values = {key: getattr(row, key) for key in MANIFEST_COLUMNS}
        # The year as text: a failed unit has none.
        values.update(year="" if row.year is None else str(row.year),
                      status=STATUS_LABELS.get(row.status, ""),
                      form=FORM_LABELS.get(row.form, ""),
                      file=Path(row.file).name if row.file else "")
        writer.writerow([cell(values[key]) for key in MANIFEST_COLUMNS])
    for carried_row in carried:
        writer.writerow([cell(carried_row.get(header, "")) for header in headers])
    return write_bytes_atomic(path, text.getvalue().encode("utf-8-sig"), force=True)
