"""Fill: every unit's target-form and self-evaluation workbooks from validated master data.

Building a workbook with openpyxl costs tens of milliseconds; a bureau with a thousand units
needs two thousand of them. Most units share a layout (the same indicator rows, the same
framework), so each distinct layout is built once with the writer (:mod:`scoring.workbook.writer`)
from a *probe*: the unit's data with every text and amount replaced by a unique sentinel
(``PSFILL000001X``, ``987650001.5``). Each unit's workbook is then that template with the
sentinels replaced by the unit's values, XML-escaped, inside the zip parts. Text only ever
lands inside existing string cells, so text from master data can never become a formula.
A layout whose probe does not show every sentinel falls back to building with the writer.
``tests/test_fill.py`` checks that both ways give the same cells.

Work is spread over processes (``--jobs``); each file is written under a temporary name and
renamed; an existing file is skipped (never overwritten) unless ``force``; a manifest
(:data:`MANIFEST_NAME`) lists every file with its SHA-256.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sys
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from ..errors import PerfscoreError
from ..forms import FORM_LABELS, UNIT_LABELS
from ..framework import Framework, Inputs
from ..target_form import Funding, TargetForm, TargetIndicator
from ..workbook.files import make_folder, workbook_filename, write_bytes_atomic
from ..workbook.safety import csv_text
from .master import MasterData, Unit
from .workers import process_pool, worker_count

#: The manifest written into the output folder (one row per unit and form).
MANIFEST_NAME = "manifest.csv"
#: Chinese headers of the manifest, keyed by :class:`Written` attribute.
MANIFEST_COLUMNS: dict[str, str] = {
    **UNIT_LABELS, "form": "表单",
    "file": "文件", "sha256": "SHA-256", "size": "字节数", "status": "状态", "message": "说明"}
#: Separator of several notes in one cell of the manifest.
SEPARATOR = "；"
#: Chinese words of the manifest's 状态 column.
STATUS_LABELS: dict[str, str] = {"written": "已生成", "exists": "已存在，未覆盖", "failed": "失败"}

_TEXT_SENTINEL = "PSFILL{:06d}X"
_TEXT_PATTERN = re.compile(rb"PSFILL\d{6}X")
_NUMBER_SENTINEL = "98765{:04d}.5"
_NUMBER_PATTERN = re.compile(rb">(98765\d{4}\.5)<")


@dataclass(frozen=True)
class Written:
    """One file of the run: where it went, its checksum, and what happened."""

    unit_code: str
    unit_name: str
    year: int | None
    form: str
    file: str
    sha256: str = ""
    size: int = 0
    status: str = "written"
    message: str = ""


@dataclass(frozen=True)
class FillReport:
    """The outcome of :func:`fill_units`."""

    written: tuple[Written, ...]
    manifest: Path | None

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
        #: (what the template holds, what the unit's workbook holds): derived texts such as
        #: the metadata's checksum of the indicator rows.
        self.literals: list[tuple[bytes, bytes]] = []

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


def _target_probe(form: TargetForm) -> tuple[Any, TargetForm, _Probe]:
    """The layout key of a target form, the probe form and the values the sentinels stand for."""
    probe = _Probe()
    rows = tuple(TargetIndicator(
        row.level1, row.level2, probe.text(row.level3), probe.text(row.half_value),
        probe.text(row.full_value), probe.text(row.work_item), probe.text(row.work_content))
        for row in form.indicators)
    funding = form.funding
    probe_form = TargetForm(
        unit_name=probe.text(form.unit_name), year=form.year, city=form.city,
        unit_code=probe.text(form.unit_code),
        funding=Funding(probe.number(funding.annual_basic), probe.number(funding.annual_project),
                        probe.number(funding.half_basic), probe.number(funding.half_project)),
        duties=probe.text(form.duties), organisation=probe.text(form.organisation),
        mid_long_term_goal=probe.text(form.mid_long_term_goal),
        annual_goal=probe.text(form.annual_goal), indicators=rows)
    from ..workbook.metadata import target_checksum

    probe.literals.append((target_checksum(probe_form).encode(), target_checksum(form).encode()))
    shape = tuple((row.level1, row.level2, bool(row.level3), bool(row.half_value),
                   bool(row.full_value), bool(row.work_item), bool(row.work_content))
                  for row in form.indicators)
    blanks = tuple(not getattr(form, key) for key in (
        "unit_name", "unit_code", "duties", "organisation", "mid_long_term_goal", "annual_goal"))
    return ("target", form.year, form.city, shape, blanks), probe_form, probe


@dataclass(frozen=True)
class _EvaluationProbe:
    """The layout key of a unit's evaluation form and what its template is built from."""

    key: Any
    probe: _Probe
    framework: Framework
    unit_name: str
    unit_code: str


def _evaluation_probe(unit: Unit) -> _EvaluationProbe:
    """Sentinels for the unit name (also inside the framework's title) and the unit code."""
    probe = _Probe()
    name = probe.text(unit.name)
    code = probe.text(unit.code)
    framework = unit.framework
    data = framework.to_dict()
    title = framework.title
    if unit.name and unit.name in title:
        title = title.replace(unit.name, name)
        data["title"] = framework.title.replace(unit.name, "\0")
    key = ("evaluation", unit.year, bool(unit.name), bool(unit.code),
           json.dumps(data, ensure_ascii=False, sort_keys=True))
    return _EvaluationProbe(key, probe, replace(framework, title=title), name, code)


@dataclass
class _Template:
    """A built layout: the zip parts, and whether the sentinels all showed up."""

    parts: list[tuple[zipfile.ZipInfo, bytes]]
    patchable: bool


def _zip_parts(data: bytes) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info, archive.read(info)) for info in archive.infolist()]


def _workbook_bytes(wb: Any) -> bytes:
    stream = io.BytesIO()
    wb.save(stream)
    return stream.getvalue()


def _template(build: Callable[[], Any], probe: _Probe) -> _Template:
    """Build a layout from its probe and check that every sentinel is where it can be patched."""
    parts = _zip_parts(_workbook_bytes(build()))
    found_texts: set[bytes] = set()
    found_numbers: set[bytes] = set()
    for _, data in parts:
        found_texts.update(_TEXT_PATTERN.findall(data))
        found_numbers.update(_NUMBER_PATTERN.findall(data))
    wanted_texts = {_TEXT_SENTINEL.format(i + 1).encode() for i in range(len(probe.texts))}
    wanted_numbers = {_NUMBER_SENTINEL.format(i + 1).encode() for i in range(len(probe.numbers))}
    literals = all(any(old in data for _, data in parts) for old, _ in probe.literals)
    return _Template(parts, wanted_texts <= found_texts and wanted_numbers <= found_numbers
                     and literals)


def _xml_text(value: str) -> bytes:
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    return escape(text, {'"': "&quot;"}).encode("utf-8")


def _number_text(value: float) -> bytes:
    return (str(int(value)) if float(value).is_integer() else repr(float(value))).encode()


def _patch(template: _Template, probe: _Probe) -> bytes:
    """The template's zip with every sentinel replaced by the unit's value."""
    texts = {_TEXT_SENTINEL.format(i + 1).encode(): _xml_text(v) for i, v in enumerate(probe.texts)}
    numbers = {_NUMBER_SENTINEL.format(i + 1).encode(): _number_text(v)
               for i, v in enumerate(probe.numbers)}
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for info, data in template.parts:
            if b"PSFILL" in data:
                data = _TEXT_PATTERN.sub(lambda m: texts[m.group(0)], data)
            if b">98765" in data:
                data = _NUMBER_PATTERN.sub(lambda m: b">" + numbers[m.group(1)] + b"<", data)
            for old, new in probe.literals:
                data = data.replace(old, new)
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED, compresslevel=1)
    return stream.getvalue()


#: Layout templates a :class:`Filler` keeps (about 100 KB each); the oldest goes first, so a
#: master file where every unit has its own layout cannot make a worker grow without bound.
MAX_TEMPLATES = 64


class Filler:
    """Builds unit workbooks, keeping one template per layout (one per worker process).

    Args:
        variant: ``portable`` or ``addin``.
        patch: Use the template patching (default); False builds every workbook with the
            writer (the reference the tests compare against).
    """

    def __init__(self, variant: str = "portable", patch: bool = True) -> None:
        self.variant = variant
        self.patch = patch
        self._templates: dict[Any, _Template] = {}

    def _keep(self, key: Any, template: _Template) -> _Template:
        if len(self._templates) >= MAX_TEMPLATES:
            del self._templates[next(iter(self._templates))]
        self._templates[key] = template
        return template

    def target_bytes(self, unit: Unit) -> bytes:
        """The unit's target-form workbook as .xlsx bytes."""
        from ..workbook.writer import build_target_workbook

        form = replace(unit.target_form, unit_code=unit.code)
        if not self.patch:
            return _workbook_bytes(build_target_workbook(form, self.variant))
        key, probe_form, probe = _target_probe(form)
        template = self._templates.get(key)
        if template is None:
            template = self._keep(key, _template(
                lambda: build_target_workbook(probe_form, self.variant), probe))
        if not template.patchable:
            return _workbook_bytes(build_target_workbook(form, self.variant))
        return _patch(template, probe)

    def evaluation_bytes(self, unit: Unit) -> bytes:
        """The unit's self-evaluation workbook as .xlsx bytes (no values entered yet)."""
        from ..workbook.writer import build_evaluation_workbook

        def build(framework: Framework, name: str, code: str) -> Any:
            return build_evaluation_workbook(framework, Inputs(), unit_name=name, unit_code=code,
                                             year=unit.year, variant=self.variant)

        if not self.patch:
            return _workbook_bytes(build(unit.framework, unit.name, unit.code))
        probe = _evaluation_probe(unit)
        template = self._templates.get(probe.key)
        if template is None:
            template = self._keep(probe.key, _template(
                lambda: build(probe.framework, probe.unit_name, probe.unit_code), probe.probe))
        if not template.patchable:
            return _workbook_bytes(build(unit.framework, unit.name, unit.code))
        return _patch(template, probe.probe)


# --------------------------------------------------------------------------- running


def unit_paths(unit: Unit, out: Path, variant: str) -> dict[str, Path]:
    """Where a unit's two workbooks go: named by year, unit code and unit name."""
    return {kind: out / workbook_filename(kind, year=unit.year, unit_code=unit.code,
                                          unit_name=unit.name, variant=variant)
            for kind in ("target", "evaluation")}


_FILLER: Filler | None = None


def _fill_chunk(units: Sequence[Unit], out: str, variant: str, force: bool) -> list[Written]:
    """Write the workbooks of some units (runs in a worker process)."""
    global _FILLER
    if _FILLER is None or _FILLER.variant != variant:
        _FILLER = Filler(variant)
    filler = _FILLER
    written: list[Written] = []
    for unit in units:
        for kind, path in unit_paths(unit, Path(out), variant).items():
            row = Written(unit.code, unit.name, unit.year, kind, str(path))
            if path.exists() and not force:
                data = path.read_bytes()
                written.append(replace(row, status="exists", sha256=hashlib.sha256(data).hexdigest(),
                                       size=len(data)))
                continue
            try:
                data = filler.target_bytes(unit) if kind == "target" else filler.evaluation_bytes(unit)
                write_bytes_atomic(path, data, force=force)
            except PerfscoreError as exc:
                written.append(replace(row, status="failed", message=exc.format_message()))
                continue
            # Items whose rule the reader cannot read are scored by the evaluator: say which.
            note = "" if kind == "target" else SEPARATOR.join(
                f"[{issue.code}] {issue.message}" for issue in unit.framework.unread())
            written.append(replace(row, sha256=hashlib.sha256(data).hexdigest(), size=len(data),
                                   message=note))
    return written


def _chunks(units: Sequence[Unit], size: int) -> list[list[Unit]]:
    return [list(units[i:i + size]) for i in range(0, len(units), size)]


def fill_units(master: MasterData, out: str | Path, *, variant: str = "portable",
               jobs: int | None = None, force: bool = False, progress: bool = False
               ) -> FillReport:
    """Write every good unit's two workbooks into ``out`` and the manifest beside them.

    Args:
        master: Validated master data; its failed units appear in the manifest as failed.
        out: The output folder (created when missing).
        variant: ``portable`` or ``addin``.
        jobs: Worker processes (default: the CPU count); 1 runs in this process.
        force: Overwrite existing workbooks.
        progress: Show a progress bar on stderr.

    Returns:
        The :class:`FillReport`.
    """
    from ..workbook.cells import check_variant

    check_variant(variant)
    out = make_folder(out)
    jobs = worker_count(jobs)
    units = list(master.units)
    size = max(1, min(50, len(units) // (jobs * 4) or 1))
    chunks = _chunks(units, size)
    written: list[Written] = []
    bar = _progress(len(units) * 2, progress)
    try:
        if jobs == 1 or len(chunks) == 1:
            for chunk in chunks:
                rows = _fill_chunk(chunk, str(out), variant, force)
                written.extend(rows)
                bar.update(len(rows))
        else:
            with process_pool(jobs, inherit=False) as pool:
                futures = [pool.submit(_fill_chunk, chunk, str(out), variant, force)
                           for chunk in chunks]
                for future in futures:
                    rows = future.result()
                    written.extend(rows)
                    bar.update(len(rows))
    finally:
        bar.close()
    for code in master.failed:
        messages = [error.format_message().splitlines()[0] for error in master.by_unit.get(code, ())]
        written.append(Written(code, master.names.get(code, ""), None, "", "", status="failed",
                               message="；".join(messages)))
    manifest = write_manifest(written, out / MANIFEST_NAME)
    return FillReport(tuple(written), manifest)


def _progress(total: int, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(total=total, disable=not enabled, unit="个", desc="生成工作簿", file=sys.stderr,
                leave=False)


def write_manifest(rows: Iterable[Written], path: Path) -> Path:
    """Write the manifest CSV (UTF-8 with BOM, so Excel shows the Chinese headers).

    The manifest describes the folder after this run, so it is replaced on every run.
    """
    import pandas as pd

    # The year as text: a failed unit without one would make the column float (2024.0).
    frame = pd.DataFrame(
        [{header: getattr(row, key) for key, header in MANIFEST_COLUMNS.items()}
         | {MANIFEST_COLUMNS["year"]: "" if row.year is None else str(row.year)} for row in rows],
        columns=list(MANIFEST_COLUMNS.values()))
    frame[MANIFEST_COLUMNS["status"]] = frame[MANIFEST_COLUMNS["status"]].map(STATUS_LABELS)
    frame[MANIFEST_COLUMNS["form"]] = frame[MANIFEST_COLUMNS["form"]].map(FORM_LABELS).fillna("")
    frame[MANIFEST_COLUMNS["file"]] = [Path(p).name if p else "" for p in frame[MANIFEST_COLUMNS["file"]]]
    frame = frame.map(csv_text)  # a unit named "=HYPERLINK(…)" stays text in Excel
    return write_bytes_atomic(path, frame.to_csv(index=False).encode("utf-8-sig"), force=True)
