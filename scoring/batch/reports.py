"""Reports for a folder of filled workbooks: one 自评报告 per unit and year, never guessed.

Each workbook under the folder is identified in an isolated worker (the same limits as
``collect``): its form, unit code and year from the metadata and the unit line. A unit's report
is drafted from its self-evaluation, its target form of the same code and year when there is
one, and the master data's 收入支出 figures when ``--master`` is given
(:func:`scoring.report.draft_report`), then written as ``<年度>_<单位编码>_<单位名称>_自评报告.docx``.

What is not written is listed, with why: a unit with a target form and no self-evaluation
(缺少自评表), a self-evaluation nobody filled in (未填报), a report already in the output folder
(已存在，未覆盖; ``--force`` replaces it), a file that cannot be read. One bad workbook never
stops the others. Where a unit handed in a self-evaluation (or target form) more than once, the
most recently saved is used and the others are named in the notes.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from ..document.report import render_report, try_template
from ..errors import PerfscoreError, ReportError, WorkbookFileError
from ..forms import REPORT_LABEL
from ..plaintext import unfiltered
from ..report import Finances, Report, draft_report
from ..workbook.files import unit_filename, write_bytes_atomic
from ..workbook.safety import os_error_message
from ..workbook.reader import (FilledEvaluation, open_workbook, read_evaluation, read_target,
                               score_evaluation)
from .collect import check_folder, workbook_files
from .master import MasterData
from .workers import (READ_LIMITS, WRITE_LIMITS, WorkerFailure, WorkerLimits, call_isolated,
                      run_isolated, worker_count)

#: What happened to a unit's report (the 状态 column printed after a run).
WRITTEN = "已生成"
EXISTS = "已存在，未覆盖"
UNFILLED = "自评表未填报，未生成"
NO_EVALUATION = "缺少自评表，未生成"
FAILED = "失败"
UNREADABLE = "无法读取"

#: A unit and year: (单位编码, 年度); see :attr:`_Found.unit` for units without a code.
UnitKey = tuple[str, int | None]
#: Prefixes of the keys of units without a code (matched by name) or without a name either.
NAME_KEY = "名称:"
FILE_KEY = "文件:"


@dataclass(frozen=True)
class ReportOutcome:
    """One line of a report run: a unit's report, or a file that could not be used.

    Attributes:
        unit_code, unit_name, year: The unit (empty for an unreadable file).
        status: :data:`WRITTEN`, :data:`EXISTS`, :data:`UNFILLED`, :data:`NO_EVALUATION`,
            :data:`FAILED` or :data:`UNREADABLE`.
        file: The report written (or that would have been), else the workbook concerned.
        message: Why, when not written; notes (other copies left aside) when written.
    """

    unit_code: str
    unit_name: str
    year: int | None
    status: str
    file: str
    message: str = ""


@dataclass(frozen=True)
class _Found:
    """What identifying one workbook gives."""

    path: Path
    kind: str
    unit_code: str
    unit_name: str
    year: int | None
    modified: float
    #: A self-evaluation with at least one value typed in (always True for other forms).
    filled: bool = True

    @property
    def unit(self) -> UnitKey:
        """What matches a unit's forms: its code and year; without a code, its name and year
        (``名称:…``); without either, the file itself (never matched to another file)."""
        if self.unit_code:
            return (self.unit_code, self.year)
        if self.unit_name:
            return (f"{NAME_KEY}{self.unit_name}", self.year)
        return (f"{FILE_KEY}{self.path}", self.year)


def report_name(unit_code: str, unit_name: str, year: int | None) -> str:
    """``2024_001001_南京市人民政府办公厅_自评报告.docx``."""
    return unit_filename(REPORT_LABEL, ".docx", year=year, unit_code=unit_code, unit_name=unit_name)


def unit_report(evaluation: FilledEvaluation, target: Any | None = None,
                finances: Finances = Finances()) -> Report:
    """The report texts of a read self-evaluation, with its read target form (a
    :class:`~scoring.workbook.reader.FilledTarget`) when there is one."""
    scored = score_evaluation(evaluation)
    return draft_report(framework=evaluation.framework, inputs=evaluation.inputs,
                        result=scored.result, unit_name=scored.unit_name,
                        unit_code=scored.unit_code, year=evaluation.metadata.year_number,
                        form=target.form if target is not None else None, finances=finances)


def identify(path: Path) -> _Found | dict[str, str]:
    """The form, unit and year of one workbook (runs in a worker), or why it cannot be read."""
    try:
        book = open_workbook(path)
        meta = book.metadata
        typed_in = True
        if meta.form_kind == "evaluation":
            filled = read_evaluation(book)
            code, name, typed_in = filled.unit_code, filled.unit_name, not filled.unfilled
        elif meta.form_kind == "target":
            form = read_target(book).form
            code, name = form.unit_code, form.unit_name
        else:
            code, name = meta.unit_code, meta.unit_name
        return _Found(path, meta.form_kind, code, name, meta.year_number, path.stat().st_mtime,
                      typed_in)
    except MemoryError:
        raise
    except PerfscoreError as exc:
        return {"file": str(path), "message": _without_file(exc)}
    except Exception as exc:  # a damaged file may break a parser in ways nobody lists
        return {"file": str(path), "message": f"[PS-W002] 工作簿已损坏，无法读取（{type(exc).__name__}）"}


def _without_file(error: PerfscoreError) -> str:
    """``[code] message（工作表 …，单元格 …）``: the error for a line that names the file already."""
    where = "，".join(part for part in error.location().split("，") if not part.startswith("文件 "))
    return f"[{error.code}] {error.message}" + (f"（{where}）" if where else "")


@dataclass(frozen=True)
class _Job:
    """One unit's report to write (sent to a worker): its workbooks, figures, file and notes."""

    evaluation: Path
    target: Path | None
    finances: Finances
    out: Path
    notes: str
    unit: _Found


def write_unit_report(job: _Job, template: bytes | None, template_name: str,
                      force: bool) -> ReportOutcome:
    """Read, draft, render and write one unit's report (runs in a worker); never raises."""
    code = name = ""
    year = None
    try:
        filled = read_evaluation(open_workbook(job.evaluation))
        code, name, year = filled.unit_code, filled.unit_name, filled.metadata.year_number
        if filled.unfilled:
            return ReportOutcome(code, name, year, UNFILLED, str(job.evaluation),
                                 "自评表中没有填写任何实际完成值")
        target = read_target(open_workbook(job.target)) if job.target is not None else None
        report = unit_report(filled, target, job.finances)
        data = render_report(report, template, template_name)
        write_bytes_atomic(job.out, data, force)
        return ReportOutcome(code, name, year, WRITTEN, str(job.out), job.notes)
    except MemoryError:
        raise
    except PerfscoreError as exc:
        status = EXISTS if exc.code == "PS-W008" else FAILED
        return ReportOutcome(code, name, year, status, exc.file or str(job.evaluation),
                             exc.message if status == EXISTS else _without_file(exc))
    except Exception as exc:  # a damaged file may break a parser in ways nobody lists
        return ReportOutcome(code, name, year, FAILED, str(job.evaluation),
                             f"[PS-W002] 工作簿已损坏，无法读取（{type(exc).__name__}）")


def _latest(found: list[_Found]) -> tuple[_Found, str]:
    """The most recently saved filled copy of a unit's form (a blank copy only when all are
    blank), and a note naming the others."""
    ordered = sorted(found, key=lambda item: (item.filled, item.modified, str(item.path)),
                     reverse=True)
    others = "、".join(item.path.name for item in ordered[1:])
    return ordered[0], f"同一单位另有 {len(ordered) - 1} 个同类工作簿未采用：{others}" if others else ""


@dataclass(frozen=True)
class ReportRun:
    """What a folder's report run did.

    Attributes:
        outcomes: One per unit with a self-evaluation (in unit code and year order), then one
            per unit with only a target form, then one per file that could not be read.
        forms: How many workbooks of each form kind were found (``evaluation``, ``target``,
            ``monitoring``).
    """

    outcomes: tuple[ReportOutcome, ...]
    forms: Mapping[str, int]

    def count(self, status: str) -> int:
        """How many outcomes have ``status``."""
        return sum(outcome.status == status for outcome in self.outcomes)


def write_reports(folder: str | Path, out: str | Path, *,
                  finances: Mapping[UnitKey, Finances] | None = None,
                  template: bytes | None = None, template_name: str = "", force: bool = False,
                  jobs: int | None = None, progress: bool = False,
                  limits: WorkerLimits = READ_LIMITS, exclude: Iterable[Path] = ()) -> ReportRun:
    """Write the report of every unit with a self-evaluation under ``folder`` into ``out``.

    Args:
        folder: Filled workbooks (searched recursively, as ``collect`` does).
        out: The reports' folder (created if missing).
        finances: (单位编码, 年度) → the master data's 收入支出 figures.
        template: A .docx template (default: the built-in one); it is tried on the built-in
            example before any workbook is read, so a template error stops the run at once.
        template_name: The template's file, for messages.
        force: Replace reports already in ``out``.
        jobs: Worker processes (default: the CPU count).
        progress: Show progress bars on stderr.
        limits: Memory and time each file may take.
        exclude: Files to leave out.

    Raises:
        WorkbookFileError: PS-W001 when ``folder`` is not a folder or ``out`` cannot be made.
        ReportError: PS-D001/PS-D002 for a template that cannot be used.
    """
    from tqdm import tqdm

    check_folder(folder)
    if template is not None:
        call_isolated(_try_template, (template, template_name), limits=WRITE_LIMITS,
                      error=lambda code, message: ReportError(
                          f"试用报告模板时超出限制：{message}（请检查模板中的循环）",
                          file=template_name or "默认模板"))
    target_dir = _make_folder(Path(out))
    paths = workbook_files(folder, exclude)
    jobs = worker_count(jobs)
    bar = partial(tqdm, disable=not progress, unit="个", leave=False, file=unfiltered(sys.stderr))
    forms: dict[str, dict[UnitKey, list[_Found]]] = defaultdict(lambda: defaultdict(list))
    unreadable: list[ReportOutcome] = []
    for found in bar(run_isolated(identify, paths, jobs=jobs, limits=limits), total=len(paths),
                     desc="识别工作簿"):
        if isinstance(found, WorkerFailure):
            unreadable.append(ReportOutcome("", "", None, UNREADABLE, str(found.item),
                                            found.message(limits)))
        elif isinstance(found, dict):
            unreadable.append(ReportOutcome("", "", None, UNREADABLE, found["file"], found["message"]))
        else:
            forms[found.kind][found.unit].append(found)
    order = partial(sorted, key=lambda key: (key[0], key[1] or 0))
    work: list[_Job] = []
    for key in order(forms["evaluation"]):
        evaluation, note = _latest(forms["evaluation"][key])
        target, target_note = _latest(forms["target"][key]) if key in forms["target"] else (None, "")
        missing = "" if target else ("自评表中没有单位编码和单位名称，未与目标表对应" if key[0].startswith(FILE_KEY)
                                     else "没有该单位同年度的目标表")
        work.append(_Job(evaluation.path, target.path if target else None,
                         (finances or {}).get(key, Finances()),
                         target_dir / report_name(evaluation.unit_code, evaluation.unit_name,
                                                  evaluation.year),
                         "；".join(filter(None, (note, target_note, missing))), evaluation))
    clashes = _clashes(work)
    task = partial(write_unit_report, template=template, template_name=template_name, force=force)
    runnable = [job for job in work if job.evaluation not in clashes]
    done = dict(zip((job.evaluation for job in runnable),
                    bar(run_isolated(task, runnable, jobs=jobs, limits=limits),
                        total=len(runnable), desc="生成报告")))
    outcomes: list[ReportOutcome] = []
    for job in work:
        outcome = clashes.get(job.evaluation) or done[job.evaluation]
        if isinstance(outcome, WorkerFailure):
            outcome = ReportOutcome("", "", None, FAILED, str(job.evaluation), outcome.message(limits))
        outcomes.append(outcome)
    for key in order(set(forms["target"]) - set(forms["evaluation"])):
        target, _ = _latest(forms["target"][key])
        outcomes.append(ReportOutcome(target.unit_code, target.unit_name, target.year, NO_EVALUATION,
                                      str(target.path), "文件夹中没有该单位同年度的自评表"))
    counts = {kind: sum(len(items) for items in units.values()) for kind, units in forms.items()}
    return ReportRun(tuple(outcomes + unreadable), counts)


def _try_template(item: tuple[bytes, str]) -> None:
    """:func:`scoring.document.report.try_template` in a worker (a template may loop for ever)."""
    try_template(*item)


def _clashes(work: list[_Job]) -> dict[Path, ReportOutcome]:
    """The jobs whose report file name another unit's report has too (codes that differ only in
    characters a file name cannot hold, ``1/2`` and ``1:2``, or only in case): none of them is
    written, each is failed naming the others."""
    by_name: dict[str, list[_Job]] = defaultdict(list)
    for job in work:
        by_name[job.out.name.casefold()].append(job)
    failed: dict[Path, ReportOutcome] = {}
    for jobs in by_name.values():
        if len(jobs) < 2:
            continue
        for job in jobs:
            others = "、".join(other.evaluation.name for other in jobs if other is not job)
            failed[job.evaluation] = ReportOutcome(
                job.unit.unit_code, job.unit.unit_name, job.unit.year, FAILED, str(job.evaluation),
                f"[PS-M002] 报告文件名“{job.out.name}”与 {others} 的相同（单位编码或名称中的字符在文件名中被替换），"
                "两份报告都未生成；请检查单位编码")
    return failed


def _make_folder(path: Path) -> Path:
    """``path`` as an existing folder (created when missing)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise WorkbookFileError(f"无法创建报告文件夹：{os_error_message(exc, writing=True)}",
                                code="PS-W001", folder=str(path)) from exc
    if not path.is_dir():
        raise WorkbookFileError("报告的输出位置已有同名文件，不是文件夹", code="PS-W001", file=str(path))
    return path


def master_finances(path: str | Path) -> tuple[dict[UnitKey, Finances], tuple[PerfscoreError, ...]]:
    """The 收入支出 figures of a master data file (:func:`finances_of`) and its problems."""
    from .master import load_master

    data = load_master(path)
    return finances_of(data), data.problems


def finances_of(master: MasterData) -> dict[UnitKey, Finances]:
    """(单位编码, 年度) → the 收入支出 figures of the master data's units (a unit with a problem
    gives none: its figures are not trusted)."""
    return {(unit.code, unit.year): unit.finances for unit in master.units}
